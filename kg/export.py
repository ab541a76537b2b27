"""Stage 7a, export: the graph to files, each written atomically.

Every file is written to a temporary name in the output directory and then
renamed over the old one, so an interrupted build leaves the previous
outputs whole.

Besides RDF (Turtle, TriG, and JSON-LD on request) and GraphML, the facts are
written as one flat table, a row per fact with its evidence, for pandas users.
The table is read from the RDF itself, by :data:`FACTS_QUERY`, so the two
always agree:

>>> from kg.graph import to_dataset
>>> from kg.model import Article, ArticleFacts
>>> facts(to_dataset([ArticleFacts(Article("a1", "p.txt", "标题", "正文"))]))
[]
"""
from __future__ import annotations

import csv
import os
import tempfile
import typing
from collections.abc import Callable
from dataclasses import astuple, dataclass, fields
from datetime import date
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset, Graph

from .errors import Errors, KgError
from .graph import bind_prefixes
from .query import PREFIXES, oxigraph_quads, query_oxigraph, store_from_dataset

__all__ = ["write_atomic", "write_rdf", "write_graphml", "write_facts", "facts", "Fact", "FACTS_QUERY",
           "JSONLD_CONTEXT", "OUTPUTS"]

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
# a node's type in the table is its most specific class (a meeting is also a schema:Event)
_SPECIFIC_FIRST = ["Meeting", "GovernmentOrganization", "AdministrativeArea", "Person", "Project",
                   "Membership", "NewsArticle", "Organization", "Place", "Event"]


@dataclass
class Fact:
    """One row of ``facts.csv`` / ``facts.parquet``: a fact, what it links, when, and where it was read.

    ``relation`` is a ``kg:`` property name (``chaired`` …) or ``holds``; ``subject``/``object`` are IRIs,
    ``*_type`` their most specific class; ``date`` is the event's ``schema:startDate`` or the
    membership's ``kg:observedOn``; ``evidence`` is the sentence, at ``start``:``end`` of the article's
    ``schema:text``; ``fact`` is the ``kg:Assertion`` or ``org:Membership`` node in the RDF.
    """
    relation: str
    subject: str
    subject_label: str | None
    subject_type: str | None
    object: str
    object_label: str | None
    object_type: str | None
    date: date | None
    article: str | None
    headline: str | None
    published: date | None
    evidence: str | None
    start: int | None
    end: int | None
    confidence: float | None
    implied: bool
    fact: str


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


def _ox_quads(ds: Dataset) -> list[ox.Quad]:
    """``ds``'s quads as Oxigraph's, sorted by graph, subject, predicate, object: each subject's triples
    come together (one Turtle block with ``;``), and the same graph is written the same way every time."""
    return sorted(oxigraph_quads(ds), key=lambda q: (str(q.graph_name), q.subject.value, q.predicate.value,
                                                     str(q.object)))


def write_rdf(ds: Dataset, out: Path, jsonld: bool = False) -> list[ox.Triple]:
    """``graph.ttl``, ``graph.trig`` and ``graph.nq``; ``graph.jsonld`` too when asked (else an old one is
    removed). Returns the triples of ``graph.ttl``, which :func:`write_facts` takes instead of ``ds`` to save
    converting it to Oxigraph's terms again.

    Oxigraph writes the Turtle, TriG and N-Quads: the same triples as rdflib's serializers, 10 times as
    fast (a graph of 100,000 triples: 3 s against 38 s, most of it converting the terms). The literals are
    written as they were made (``0.90`` stays ``0.90``): no Oxigraph store holds them, as a store keeps
    only the value.
    """
    quads = _ox_quads(ds)
    triples = sorted({q.triple for q in quads},  # each triple once, however many articles state it
                     key=lambda t: (t.subject.value, t.predicate.value, str(t.object)))
    write_atomic(out / "graph.ttl", lambda tmp: ox.serialize(triples, tmp, ox.RdfFormat.TURTLE,
                                                             prefixes=_OX_PREFIXES))
    write_atomic(out / "graph.trig", lambda tmp: ox.serialize(quads, tmp, ox.RdfFormat.TRIG, prefixes=_OX_PREFIXES))
    write_atomic(out / "graph.nq", lambda tmp: ox.serialize(quads, tmp, ox.RdfFormat.N_QUADS))
    if jsonld:
        union = Graph()
        bind_prefixes(union)
        for s, p, o, _ in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        write_atomic(out / "graph.jsonld", lambda tmp: union.serialize(
            tmp, format="json-ld", context=JSONLD_CONTEXT, auto_compact=True, encoding="utf-8"))
    else:
        # a graph.jsonld of an earlier build would contradict this build's graph.ttl
        try:
            (out / "graph.jsonld").unlink(missing_ok=True)
        except OSError as e:
            raise KgError(Errors.E032.format(path=out / "graph.jsonld", detail=e.strerror or e)) from e
    return triples


def _type_names(store: ox.Store) -> dict[str, str]:
    rank = {name: i for i, name in enumerate(_SPECIFIC_FIRST)}
    types: dict[str, str] = {}
    for node, cls in query_oxigraph(store, _TYPES_QUERY):
        name = cls.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        if node.value not in types or rank.get(name, len(rank)) < rank.get(types[node.value], len(rank)):
            types[node.value] = name
    return types


def _column_types() -> dict[str, type]:
    """``Fact``'s columns and the type of each (``str | None`` → ``str``)."""
    hints = typing.get_type_hints(Fact)
    return {f.name: next((t for t in typing.get_args(hints[f.name]) if t is not type(None)), hints[f.name])
            for f in fields(Fact)}


# a literal's lexical form → the column's Python value
_FROM_LEXICAL: dict[type, Callable[[str], typing.Any]] = {
    str: str, int: int, float: float, date: date.fromisoformat, bool: lambda text: text == "true"}


def facts(graph: Dataset | list[ox.Triple]) -> list[Fact]:
    """Every fact of ``graph`` (``graph.to_dataset``'s output, or the triples :func:`write_rdf` returns)
    as a :class:`Fact`, by article and offset."""
    # Oxigraph runs the query: rdflib's SPARQL takes 10 times as long on these OPTIONAL joins
    if isinstance(graph, Dataset):
        store = store_from_dataset(graph)
    else:
        store = ox.Store()
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in graph)
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
        rows.append(Fact(**{name: None if text.get(name) is None else _FROM_LEXICAL[kind](text[name])
                            for name, kind in columns.items()}))
    rows.sort(key=lambda f: (f.article or "", -1 if f.start is None else f.start, f.relation, f.subject, f.object,
                             f.fact))  # the fact last: a written and an implied locatedIn may tie on the rest
    return rows


def write_facts(graph: Dataset | list[ox.Triple], out: Path) -> None:
    """``facts.csv`` (UTF-8, empty cells for missing values) and ``facts.parquet`` (typed columns) of
    ``graph`` (as :func:`facts` takes it)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = facts(graph)
    columns = _column_types()

    def write_csv(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            writer.writerows(["" if v is None else v for v in astuple(row)] for row in rows)

    arrow = {str: pa.string(), int: pa.int32(), float: pa.float64(), bool: pa.bool_(), date: pa.date32()}
    schema = pa.schema([(name, arrow[kind]) for name, kind in columns.items()])
    table = pa.Table.from_pylist([vars(row) for row in rows], schema=schema)
    write_atomic(out / "facts.csv", write_csv)
    write_atomic(out / "facts.parquet", lambda tmp: pq.write_table(table, tmp))


def write_graphml(graph: nx.Graph, out: Path) -> None:
    def write(tmp: Path) -> None:
        # GraphML holds scalars only: lists become "; "-joined strings
        plain = graph.copy()
        for _, data in plain.nodes(data=True):
            for key, value in list(data.items()):
                if isinstance(value, list):
                    data[key] = "; ".join(map(str, value))
        nx.write_graphml(plain, tmp)
    write_atomic(out / "graph.graphml", write)
