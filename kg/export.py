"""Stage 7a, export: the graph to files, each written atomically, each article's part reused while it stays the same.

Every file is written to a temporary name in the output directory and then renamed over the old one, so an
interrupted build leaves the previous outputs whole.

``graph.nq``, ``graph.trig``, ``graph.ttl`` and the facts table are put together from each article's
:class:`Part` (its named graph, the Turtle of the nodes only it describes, its rows of the table), in the
files' order, and from the Turtle of the entities, which is made whole every time. A build records where it
wrote each part (:class:`Placed`), and the next one copies the parts of the articles that did not change
out of those files rather than making them again: adding an article to thousands rewrites the files but
makes only its own part, and those of the articles naming an entity it changed.

The facts table has a row per ``kg:Assertion`` and per ``org:Membership``, made with the graph from the
same facts: what :data:`FACTS_QUERY` reads out of the graph (tests check that they agree), without a SPARQL
engine loading a million triples first:

>>> from kg.graph import to_dataset
>>> from kg.model import Article, ArticleFacts
>>> facts(to_dataset([ArticleFacts(Article("a1", "p.txt", "标题", "正文"))]))
[]
"""
from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import pyoxigraph as ox
from rdflib import Dataset

from .errors import Errors, KgError
from .graph import ArticleGraph, FactRow, Node, specific
from .query import query_oxigraph, store_from_dataset
from .vocab import PREFIXES, bind_prefixes

__all__ = ["write_atomic", "write_pieces", "Piece", "Part", "Placed", "part", "write_parts", "write_jsonld", "remove_jsonld", "write_graphml",
           "facts", "FactRow", "FACTS_QUERY", "JSONLD_CONTEXT", "OUTPUTS"]

OUTPUTS = {
    "graph.ttl": "the whole graph, Turtle",
    "graph.trig": "the same facts, one named graph per article (provenance)",
    "graph.nq": "graph.trig as N-Quads, a line a quad: what bulk loaders take (kg load)",
    "graph.jsonld": "the whole graph, JSON-LD (with --jsonld)",
    "graph.graphml": "the NetworkX graph of entities and typed relations",
    "facts.csv": "one row per fact, with its evidence",
    "facts.parquet": "the same table, typed, Parquet",
    "cooccurrence.json": "the co-occurrence graph, NetworkX node-link JSON (what `kg viz` draws)",
    "cooccurrence.html": "the pyvis co-occurrence graph; opens offline",
}

# Oxigraph would write res:article\/… (slashes escaped): resources are written whole, as rdflib writes them
_OX_PREFIXES = {prefix: iri for prefix, iri in PREFIXES.items() if prefix != "res"}
# the prefixes `kg query` predeclares; "@language" makes every Chinese label a plain JSON string
JSONLD_CONTEXT = {"@language": "zh", **PREFIXES}

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


@dataclass
class Part:
    """One article's part of ``graph.nq`` and ``graph.trig`` (its named graph, ``graph`` being the graph's
    IRI), of ``graph.ttl`` (the Turtle of each node only it describes, by subject; ``triples`` of them) and
    of the facts table (``article`` being its IRI): as written."""
    graph: str
    article: str
    nquads: bytes
    trig: bytes
    turtle: list[tuple[str, bytes]]
    triples: int
    rows: list[FactRow]
    csv: bytes


@dataclass
class Placed:
    """Where a build wrote an article's :class:`Part`: (start, length) in bytes of ``graph.nq``,
    ``graph.trig`` and ``facts.csv``, (subject, start, length) of each Turtle block in ``graph.ttl``, and
    (first row, rows) of ``facts.parquet``."""
    graph: str
    article: str
    triples: int
    nquads: tuple[int, int]
    trig: tuple[int, int]
    turtle: list[tuple[str, int, int]]
    csv: tuple[int, int]
    rows: tuple[int, int]


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` then move ``tmp`` over ``path``."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        os.close(fd)
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp makes it private; outputs are for sharing
        os.replace(tmp, path)
    except OSError as e:
        raise KgError(Errors.E032.format(path=path, detail=e.strerror or e)) from e
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)


@cache
def _prefix_lines() -> bytes:
    """The ``@prefix`` lines Oxigraph starts Turtle and TriG with (all of them, used or not): what it writes of
    one article goes after another's without them."""
    probe = ox.NamedNode("http://example.org/s")
    text = ox.serialize([ox.Triple(probe, probe, probe)], format=ox.RdfFormat.TURTLE, prefixes=_OX_PREFIXES)
    return text[:text.index(b"\n<") + 1]


def _serialize(items: list, fmt: ox.RdfFormat) -> bytes:
    """Oxigraph's ``fmt`` of ``items``, without the prefix lines."""
    if fmt == ox.RdfFormat.N_QUADS:
        return ox.serialize(items, format=fmt)
    return ox.serialize(items, format=fmt, prefixes=_OX_PREFIXES)[len(_prefix_lines()):] if items else b""


def _turtle_blocks(triples: list[ox.Triple]) -> list[tuple[str, bytes]]:
    """The Turtle of ``triples`` (in order), cut into the statements of each subject.

    A subject's statement starts a line with its IRI and every other line of it starts with a tab: a
    literal's line breaks are escaped."""
    text = _serialize(triples, ox.RdfFormat.TURTLE)
    starts = [0, *(i + 1 for i in _find_all(text, b"\n<"))]
    subjects = list(dict.fromkeys(t.subject.value for t in triples))
    assert len(starts) == len(subjects) or not triples, (len(starts), len(subjects))
    return [(s, text[a:b]) for s, a, b in zip(subjects, starts, [*starts[1:], len(text)])]


def _find_all(data: bytes, needle: bytes) -> Iterator[int]:
    at = data.find(needle)
    while at >= 0:
        yield at
        at = data.find(needle, at + 1)


# a cell a spreadsheet would run as a formula (=HYPERLINK(…), +, -, @, or those after a tab or CR)
_FORMULA = re.compile(r"[=+\-@\t\r]")


def _cell(value):
    """A value as ``facts.csv`` writes it: ``None`` empty, text that starts like a formula behind a ``'``."""
    if value is None:
        return ""
    return f"'{value}" if isinstance(value, str) and _FORMULA.match(value) else value


def _csv(lines: Iterable[Iterable]) -> bytes:
    """``lines`` of values as lines of ``facts.csv``: UTF-8, empty cells for missing values, text that a
    spreadsheet would take for a formula quoted with a ``'`` (as OWASP advises).

    >>> print(_csv([["=SUM(A1:A9)", "-1", 3, None, "吕沛"]]).decode().strip())
    '=SUM(A1:A9),'-1,3,,吕沛
    """
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([_cell(v) for v in values] for values in lines)
    return buffer.getvalue().encode()


def part(graph: ArticleGraph) -> Part:
    """An article's :class:`Part` of the files, from its graph."""
    return Part(graph.name.value, graph.name.value.removesuffix("/graph"), _serialize(graph.quads, ox.RdfFormat.N_QUADS),
                _serialize(graph.quads, ox.RdfFormat.TRIG), _turtle_blocks(graph.own), len(graph.own), graph.rows,
                _csv(vars(row).values() for row in graph.rows))


def _graph_order(item: Part | Placed) -> str:
    # the graph's IRI as N-Quads writes it: <…/a/graph> and <…/a-2/graph> sort as "/" and "-" do, not as a prefix
    return f"<{item.graph}>"


# A piece of a file: new bytes, or (start, length) of the file the last build wrote, to be copied from it
Piece = bytes | Sequence[int]


def write_pieces(path: Path, pieces: Sequence[Piece]) -> list[tuple[int, int]]:
    """``pieces`` one after another into ``path``; where each went. The spans of the last version of the file
    are copied out of it, each run of them that follow one another there at once (the articles that did not
    change, between those that did), by the kernel where it can."""
    spans, at = [], 0
    for piece in pieces:
        length = len(piece) if isinstance(piece, bytes) else piece[1]
        spans.append((at, length))
        at += length

    def write(tmp: Path) -> None:
        with tmp.open("wb", buffering=0) as f:
            if all(isinstance(piece, bytes) for piece in pieces):
                _write_all(f, b"".join(pieces))
                return
            with path.open("rb", buffering=0) as last:
                for run in _runs(pieces):
                    if isinstance(run, bytes):
                        _write_all(f, run)
                    else:
                        _copy(last, f, *run)
    write_atomic(path, write)
    return spans


def _runs(pieces: Sequence[Piece]) -> Iterator[bytes | tuple[int, int]]:
    """``pieces`` as few: new bytes joined, spans of the old file that follow one another there made one."""
    new: list[bytes] = []
    start = end = None
    for piece in pieces:
        if isinstance(piece, bytes):
            if start is not None:
                yield start, end - start
                start = None
            new.append(piece)
        elif piece[0] == end and start is not None:
            end += piece[1]
        else:
            if new:
                yield b"".join(new)
                new = []
            if start is not None:
                yield start, end - start
            start, end = piece[0], piece[0] + piece[1]
    if new:
        yield b"".join(new)
    if start is not None:
        yield start, end - start


def _copy(source: io.RawIOBase, target: io.RawIOBase, start: int, length: int) -> None:
    """``length`` bytes of ``source`` from ``start`` onto the end of ``target`` (both unbuffered): in the kernel
    (``os.copy_file_range``, Linux) where it can, else through memory."""
    try:
        while length:
            done = os.copy_file_range(source.fileno(), target.fileno(), length, start)
            if not done:
                break
            start, length = start + done, length - done
    except (AttributeError, OSError):  # not Linux, or a file system that cannot
        pass
    source.seek(start)
    while length:
        chunk = source.read(min(length, 1 << 24))
        if not chunk:
            raise OSError(f"{source.name} ends before its part at {start}")
        _write_all(target, chunk)
        start, length = start + len(chunk), length - len(chunk)


def _write_all(target: io.RawIOBase, data: bytes) -> None:
    """All of ``data`` (an unbuffered file writes at most what one system call does: 2 GB on Linux)."""
    view = memoryview(data)
    while view:
        view = view[target.write(view):]


def write_parts(items: Sequence[Part | Placed], shared: list[ox.Triple], out: Path) -> tuple[list[Placed], int]:
    """``graph.nq``, ``graph.trig``, ``graph.ttl``, ``facts.csv`` and ``facts.parquet`` of the articles'
    ``items``: each a :class:`Part`, or where the last build into ``out`` placed it, to be copied from there.
    ``shared`` are the triples of the nodes many articles describe (the entities), in order. Returns where
    each item was written and how many triples ``graph.ttl`` holds."""
    placed = [Placed(item.graph, item.article, item.triples, (0, 0), (0, 0), [], (0, 0), (0, 0)) for item in items]
    by_graph = sorted(range(len(items)), key=lambda i: _graph_order(items[i]))
    for i, span in zip(by_graph, write_pieces(out / "graph.nq", [items[i].nquads for i in by_graph])):
        placed[i].nquads = span
    for i, span in zip(by_graph, write_pieces(out / "graph.trig", [_prefix_lines(), *(items[i].trig
                                                                                         for i in by_graph)])[1:]):
        placed[i].trig = span

    # each subject's Turtle statement, the articles' own and the entities', in the order of the subjects
    blocks = [(subject, text, -1) for subject, text in _turtle_blocks(shared)]
    for i, item in enumerate(items):
        blocks += ((subject, text, i) for subject, text in item.turtle) if isinstance(item, Part) else \
            ((subject, (start, length), i) for subject, start, length in item.turtle)
    blocks.sort(key=lambda block: block[0])
    for (subject, _, i), span in zip(blocks, write_pieces(out / "graph.ttl", [_prefix_lines(),
                                                                               *(b[1] for b in blocks)])[1:]):
        if i >= 0:
            placed[i].turtle.append((subject, *span))

    by_article = sorted(range(len(items)), key=lambda i: items[i].article)
    columns = _column_types()
    for i, span in zip(by_article, write_pieces(out / "facts.csv", [_csv([columns]),
                                                                     *(items[i].csv for i in by_article)])[1:]):
        placed[i].csv = span
    for i, span in zip(by_article, _write_parquet(out, columns, [items[i] for i in by_article])):
        placed[i].rows = span
    return placed, sum(item.triples for item in items) + len(shared)


def _write_parquet(out: Path, columns: dict[str, type], items: list[Part | Placed]) -> list[tuple[int, int]]:
    """``facts.parquet``: the rows of each item in turn, new or copied from the last build's table; where each
    item's rows went."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = {str: pa.string(), int: pa.int32(), float: pa.float64(), bool: pa.bool_(), date: pa.date32()}
    schema = pa.schema([(name, arrow[kind]) for name, kind in columns.items()])
    new = pa.Table.from_pylist([vars(row) for item in items if isinstance(item, Part) for row in item.rows],
                               schema=schema)
    old = pq.read_table(out / "facts.parquet", schema=schema, memory_map=True) \
        if any(isinstance(i, Placed) for i in items) else None
    spans, at = [], 0
    for item in items:
        rows = len(item.rows) if isinstance(item, Part) else item.rows[1]
        spans.append((at, rows))
        at += rows
    # one chunk a column: the file is the one a table made at once gives
    table = pa.concat_tables([new.slice(0, 0), *((new if source == "new" else old).slice(*run)
                                                 for source, run in _row_runs(items))]).combine_chunks()
    write_atomic(out / "facts.parquet", lambda tmp: pq.write_table(table, tmp))
    return spans


def _row_runs(items: list[Part | Placed]) -> Iterator[tuple[str, tuple[int, int]]]:
    """The rows of ``items`` as runs of the new table's rows (its parts' rows, in turn) and of the old table's."""
    fresh = 0
    source, start, end = None, 0, 0
    for item in items:
        if isinstance(item, Part):
            here, first, rows = "new", fresh, len(item.rows)
            fresh += rows
        else:
            here, (first, rows) = "old", item.rows
        if here == source and first == end:
            end += rows
            continue
        if source is not None:
            yield source, (start, end - start)
        source, start, end = here, first, first + rows
    if source is not None:
        yield source, (start, end - start)


def write_jsonld(out: Path) -> None:
    """``graph.jsonld``: ``graph.ttl``'s triples as JSON-LD, with :data:`JSONLD_CONTEXT`."""
    from rdflib import Graph

    from .graph import rdflib_term

    union = Graph()
    bind_prefixes(union)
    for t in ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE):
        union.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    write_atomic(out / "graph.jsonld", lambda tmp: union.serialize(
        tmp, format="json-ld", context=JSONLD_CONTEXT, auto_compact=True, encoding="utf-8"))


def remove_jsonld(out: Path) -> None:
    """Remove the ``graph.jsonld`` of an earlier build, which would contradict this build's ``graph.ttl``."""
    try:
        (out / "graph.jsonld").unlink(missing_ok=True)
    except OSError as e:
        raise KgError(Errors.E032.format(path=out / "graph.jsonld", detail=e.strerror or e)) from e


# what XML 1.0 cannot hold, even escaped: control characters but tab, LF and CR, lone surrogates, U+FFFE/U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_chars(value: str) -> str:
    """``value`` with each character XML cannot hold as U+FFFD.

    >>> _xml_chars("吕\x01沛")
    '吕�沛'
    """
    return _NOT_XML.sub("\ufffd", value)


def write_graphml(links: Iterable[tuple[Node, Node, str]], out: Path) -> None:
    """``graph.graphml``: the graph of ``links`` (from, to, the property's IRI: :func:`kg.graph.links`), each node
    (``label``, ``type``) and edge (keyed by the property, its ``relation`` the property's name) once, in IRI
    order: the graph :func:`kg.graph.to_networkx` makes of the RDF, in the GraphML NetworkX writes, a hundred
    times as fast as NetworkX writes it."""
    nodes: dict[str, Node] = {}
    edges = set()
    for a, b, key in links:
        nodes[a.iri], nodes[b.iri] = a, b
        edges.add((a.iri, b.iri, key))

    def attribute(value: str) -> str:
        return escape(_xml_chars(value), {'"': "&quot;"})

    def text(value: str) -> str:
        return escape(_xml_chars(value))

    lines = ["<?xml version='1.0' encoding='utf-8'?>",
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
             ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
             '  <key id="d2" for="edge" attr.name="relation" attr.type="string" />',
             '  <key id="d1" for="node" attr.name="type" attr.type="string" />',
             '  <key id="d0" for="node" attr.name="label" attr.type="string" />',
             '  <graph edgedefault="directed">']
    for iri in sorted(nodes):
        lines += [f'    <node id="{attribute(iri)}">', f'      <data key="d0">{text(nodes[iri].label)}</data>',
                  f'      <data key="d1">{text(nodes[iri].type)}</data>', '    </node>']
    for a, b, key in sorted(edges):
        lines += [f'    <edge source="{attribute(a)}" target="{attribute(b)}" id="{attribute(key)}">',
                  f'      <data key="d2">{text(key.rsplit("#", 1)[-1].rsplit("/", 1)[-1])}</data>', '    </edge>']
    lines += ["  </graph>", "</graphml>", ""]
    write_atomic(out / "graph.graphml", lambda tmp: tmp.write_text("\n".join(lines), encoding="utf-8"))


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
