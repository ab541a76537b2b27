"""The facts table: ``facts.csv`` and ``facts.parquet``, a row per ``kg:Assertion`` and per ``org:Membership``.

The rows are made with the graph from the same facts (:attr:`kg.graph.ArticleGraph.rows`), in the order of
the articles' IRIs: what :data:`FACTS_QUERY` reads out of the graph (tests check that they agree), without a
SPARQL engine loading a million triples first:

>>> from kg.graph import to_dataset
>>> from kg.model import Article, ArticleFacts
>>> facts(to_dataset([ArticleFacts(Article("a1", "p.txt", "标题", "正文"))]))
[]
"""
from __future__ import annotations

import re
import typing
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from itertools import chain
from operator import attrgetter
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from ..graph import FactRow, specific
from ..memo import Memo
from ..outdir import write_atomic, write_chunks
from ..query import query_oxigraph, store_from_dataset
from . import Built, register

__all__ = ["facts", "FACTS_QUERY"]

# Every fact is a kg:Assertion (rdf:subject, rdf:predicate, rdf:object restate its direct triple) or
# an org:Membership (relation "holds": the person holds the membership, whose label is the title).
# Everything but the fact's identity is OPTIONAL, so a fact missing a property still gets its row.
FACTS_QUERY = """
SELECT ?fact ?relation ?subject ?subject_label ?object ?object_label ?date ?article ?headline ?published
       ?evidence ?start ?end ?confidence ?implied
WHERE {
  { ?fact a kg:Assertion ; rdf:subject ?subject ; rdf:predicate ?p ; rdf:object ?object .
    BIND(STRAFTER(STR(?p), STR(kg:)) AS ?relation)
    OPTIONAL { ?object schema:startDate ?date }
    OPTIONAL { ?fact kg:implied ?implied } }
  UNION
  { ?fact a org:Membership ; org:member ?subject .
    BIND("holds" AS ?relation) BIND(?fact AS ?object)
    OPTIONAL { ?fact kg:observedOn ?date } }
  OPTIONAL { ?subject rdfs:label ?subject_label }
  OPTIONAL { ?object rdfs:label ?object_label }
  OPTIONAL { ?fact prov:wasDerivedFrom ?article
             OPTIONAL { ?article schema:headline ?headline }
             OPTIONAL { ?article schema:datePublished ?published } }
  OPTIONAL { ?fact kg:evidence ?evidence }
  OPTIONAL { ?fact kg:evidenceStart ?start }
  OPTIONAL { ?fact kg:evidenceEnd ?end }
  OPTIONAL { ?fact kg:confidence ?confidence }
}"""
_TYPES_QUERY = "SELECT ?node ?type WHERE { ?node a ?type }"


@register("table", {
    "facts.csv": "one row per fact, with its evidence",
    "facts.parquet": "the same table, typed, Parquet",
}, reads=("graphs",))
def write_table(built: Built, directory: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # by the articles' IRIs (the graph's, less "/graph": …/a before …/a-2)
    rows = [row for g in sorted(built.graphs, key=lambda g: g.name.removesuffix("/graph")) for row in g.rows]
    columns = _column_types()
    # the table a column at a time: a column's values are of one type, and most need nothing done
    values = {name: list(map(attrgetter(name), rows)) for name in columns}
    # the names, then the rows a piece at a time: the whole text at once would be several times the file
    pieces = (_csv({name: column[start:start + _ROWS] for name, column in values.items()}, columns)
              for start in range(0, len(rows), _ROWS))
    write_chunks(directory / "facts.csv", chain([_csv({name: [name] for name in columns}, columns)], pieces))
    arrow = {str: pa.string(), int: pa.int32(), float: pa.float64(), bool: pa.bool_(), date: pa.date32()}
    schema = pa.schema([(name, arrow[kind]) for name, kind in columns.items()])
    table = pa.Table.from_pydict(values, schema=schema)
    write_atomic(directory / "facts.parquet", lambda tmp: pq.write_table(table, tmp))


def facts(graph: Dataset | ox.Store) -> list[FactRow]:
    """Every fact of ``graph`` (an rdflib ``Dataset``, or an Oxigraph store holding the graph in its default
    graph, as :func:`kg.query.load_store` loads it) as :data:`FACTS_QUERY` reads it out, in table order."""
    # Oxigraph runs the query: rdflib's SPARQL takes 10 times as long on these OPTIONAL joins
    store = store_from_dataset(graph) if isinstance(graph, Dataset) else graph
    types = _type_names(store)
    columns = _column_types()
    result = query_oxigraph(store, FACTS_QUERY)
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        text = {name: term.value for name, term in zip(names, solution) if term is not None}
        text["subject_type"] = types.get(text["subject"])
        text["object_type"] = types.get(text["object"])
        text.setdefault("implied", "false")
        rows.append(FactRow(**{name: None if text.get(name) is None else _FROM_LEXICAL[kind](text[name])
                               for name, kind in columns.items()}))
    return sorted(rows, key=FactRow.order)


# a cell a spreadsheet would run as a formula (=HYPERLINK(…), +, -, @, or those after a tab or CR), and a column
# with one: a column's cells are looked at one by one only when the column has one (NUL: before each cell)
_FORMULA = re.compile(r"[=+\-@\t\r]")
_FORMULA_IN = re.compile(r"\x00[=+\-@\t\r]")
_QUOTED = ',"\r\n'  # what the csv module quotes a cell for (its delimiter, quote and line terminator)
_QUOTED_IN = re.compile(f"[{_QUOTED}]")
_EMPTY = {None: ""}  # a missing value's cell
_ROWS = 10_000  # rows a piece of facts.csv: a few megabytes


def _csv(columns: dict[str, list], types: dict[str, type]) -> bytes:
    """``columns`` of values (each of its type in ``types``) as ``facts.csv``: UTF-8, as the csv module writes
    (empty cells for missing values, a cell quoted when it holds a comma, a quote or a line break), text that a
    spreadsheet would take for a formula quoted with a ``'`` (as OWASP advises).

    >>> columns = {"a": ["=SUM(A1:A9)", "-1"], "b": [3, None], "c": ['说"好"了', "a,b"]}
    >>> for line in _csv(columns, {"a": str, "b": int, "c": str}).decode().splitlines():
    ...     print(line)
    '=SUM(A1:A9),3,"说""好""了"
    '-1,,"a,b"
    """
    cells = [_cells(values, types[name] is str) for name, values in columns.items()]
    return "\r\n".join([*map(",".join, zip(*cells)), ""]).encode()


def _cells(values: list, text: bool) -> list[str]:
    """A column's ``values`` as facts.csv's cells; ``text``: they are strings (or missing), which may read as a
    formula."""
    # a value written again and again (a day, a confidence, a flag) made a cell once
    cells = list(map(str, map(_EMPTY.get, values, values)) if text else map(Memo(str, _EMPTY).__getitem__, values))
    column = "\x00" + "\x00".join(cells)
    if text and _FORMULA_IN.search(column):
        cells = [f"'{cell}" if _FORMULA.match(cell) else cell for cell in cells]
    if any(char in column for char in _QUOTED):  # (str.find's search of a long text: faster than a regex's)
        quoted = _QUOTED_IN.search  # (a cell's: one call, not four)
        cells = ['"' + cell.replace('"', '""') + '"' if quoted(cell) else cell for cell in cells]
    return cells


def _type_names(store: ox.Store) -> dict[str, str]:
    classes: dict[str, list[str]] = {}
    for node, cls in query_oxigraph(store, _TYPES_QUERY):
        classes.setdefault(node.value, []).append(cls.value)
    return {node: specific(names) for node, names in classes.items()}


def _column_types() -> dict[str, type]:
    """``FactRow``'s columns and the type of each (``str | None`` → ``str``)."""
    hints = typing.get_type_hints(FactRow)
    return {f.name: next((t for t in typing.get_args(hints[f.name]) if t is not type(None)), hints[f.name])
            for f in fields(FactRow)}


# a literal's lexical form → the column's Python value
_FROM_LEXICAL: dict[type, Callable[[str], typing.Any]] = {
    str: str, int: int, float: float, date: date.fromisoformat, bool: lambda text: text == "true"}
