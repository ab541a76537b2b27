"""The RDF files: ``graph.nq``, ``graph.trig`` and ``graph.ttl``, ``graph.jsonld`` (rdflib, with ``--jsonld``).

``graph.nq`` and ``graph.trig`` hold each article's named graph, in the order of the graphs' IRIs, each
graph's quads by subject, predicate and object; ``graph.ttl`` the union of the graphs, each triple once, in
the same order. The three are byte for byte what Oxigraph writes of the whole graph at once
(tests/outputs/test_exports.py checks it), written here from the graphs' text (:class:`kg.graph.ArticleGraph`):
making Oxigraph's objects of a million triples would take longer than writing the files.
"""
from __future__ import annotations

import re
from functools import lru_cache, partial
from itertools import chain
from pathlib import Path

import pyoxigraph as ox

from ..graph import ArticleGraph, rdflib_term
from ..memo import Memo
from ..outdir import write_atomic, write_chunks
from ..vocab import PREFIXES, RDF, XSD, bind_prefixes
from . import Built, register

__all__ = ["JSONLD_CONTEXT"]

# Oxigraph would write res:article\/… (slashes escaped): resources are written whole, as rdflib writes them
_OX_PREFIXES = {prefix: iri for prefix, iri in PREFIXES.items() if prefix != "res"}
# the prefixes `kg query` predeclares; "@language" makes every Chinese label a plain JSON string
JSONLD_CONTEXT = {"@language": "zh", **PREFIXES}
# the typed literals Turtle writes bare when their lexical form is one of its own (42, 0.90, true)
_NAMESPACES = tuple(_OX_PREFIXES.values())
_NEXT_VERB = b" ;\n\t"
_BARE = {str(XSD.integer): re.compile(r"[+-]?[0-9]+"), str(XSD.decimal): re.compile(r"[+-]?[0-9]*\.[0-9]+"),
         str(XSD.boolean): re.compile(r"true|false")}


@register("rdf", {
    "graph.ttl": "the whole graph, Turtle",
    "graph.trig": "the same facts, one named graph per article (provenance)",
    "graph.nq": "graph.trig as N-Quads, a line a quad: what bulk loaders take (kg load)",
}, reads=("graphs", "statements"))
def write_rdf(built: Built, directory: Path) -> None:
    # the files made as UTF-8 bytes from each term's, encoded once (see kg.outdir.write_chunks)
    # the graphs as N-Quads writes their names: <…/a/graph> and <…/a-2/graph> sort as "/" and "-" do
    graphs = sorted(built.graphs, key=lambda g: f"<{g.name}>")
    objects = Memo(str.encode)  # as N-Triples writes them
    # (the subjects and predicates as graph.nq alone writes them: let go of once it is written)
    write_chunks(directory / "graph.nq", map(partial(
        _nquads, subjects=Memo(lambda s: f"<{s}> ".encode()), predicates=Memo(lambda p: f"<{p}> ".encode()),
        objects=objects), graphs))
    turtle = _Turtle(objects)
    # the graphs' statements, by subject and list of triples: an entity's description, where a graph says nothing
    # else of it, is one list in every graph naming it (kg.graph), its statement made once
    written: dict[tuple[str, int], bytes] = {}

    def statement(subject: str, triples: list[tuple[str, str, str]]) -> bytes:
        text = written.get(key := (subject, id(triples)))
        if text is None:
            text = written[key] = turtle.statement(subject, triples)
        return text

    # (each file's chunks made as written: held together, they would be the file)
    write_chunks(directory / "graph.trig", chain([_prefixes(graphs)], (
        b"<%s> {\n%s}\n" % (g.name.encode(), _indented(b"".join(map(statement, g.statements, g.statements.values()))))
        for g in graphs)))
    # a subject of one graph alone (most) has that graph's list of triples in the union, and its statement
    write_chunks(directory / "graph.ttl", chain([_prefixes(built.statements)], (
        written.pop((subject, id(triples)), None) or turtle.statement(subject, triples)
        for subject, triples in built.statements.items())))


@register("jsonld", {"graph.jsonld": "the whole graph, JSON-LD (with --jsonld)"}, reads=("triples",), optional=True)
def write_jsonld(built: Built, directory: Path) -> None:
    """``graph.jsonld``: ``graph.ttl``'s triples as JSON-LD, with :data:`JSONLD_CONTEXT`."""
    from rdflib import Graph

    union = Graph()
    bind_prefixes(union)
    text = "".join(f"<{s}> <{p}> {o} .\n" for s, p, o in built.triples)
    for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES):
        union.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    write_atomic(directory / "graph.jsonld", lambda tmp: union.serialize(
        tmp, format="json-ld", context=JSONLD_CONTEXT, auto_compact=True, encoding="utf-8"))


def _nquads(graph: ArticleGraph, subjects: Memo[str, bytes], predicates: Memo[str, bytes], objects: Memo[str, bytes]
            ) -> bytes:
    """The graph as N-Quads, as Oxigraph writes it (:meth:`kg.graph.ArticleGraph.nquads`), of the terms' bytes:
    a subject's lines are its predicates' and objects', each after the end of the line before and the subject."""
    end = f" <{graph.name}> .\n".encode()
    lines = []
    for subject, triples in graph.statements.items():
        start = subjects[subject]
        lines += start, (end + start).join([predicates[p] + objects[o] for _, p, o in triples]), end
    return b"".join(lines)


class _Turtle:
    """Subjects' statements as Oxigraph's Turtle (and TriG) writes them, of the terms' bytes, each made once."""

    def __init__(self, literals: Memo[str, bytes]) -> None:
        """``literals``: terms as N-Triples writes them, as Turtle writes a literal neither typed nor an IRI."""
        self.subjects = Memo(lambda subject: _iri(subject).encode())
        self.verbs = Memo(lambda predicate: _verb(predicate).encode())
        self.objects = Memo(lambda term: _object(term).encode() if term[-1] == ">" else literals[term])

    def statement(self, subject: str, triples: list[tuple[str, str, str]]) -> bytes:
        """A subject's triples (sorted, as :attr:`kg.graph.ArticleGraph.statements` holds them): a statement, its
        predicates after ";", a predicate's objects after ","."""
        verbs, objects = self.verbs, self.objects
        parts = [self.subjects[subject]]
        last = None
        for _, p, o in triples:
            if p == last:
                parts += b" , ", objects[o]
            else:
                parts += _NEXT_VERB if last else b" ", verbs[p], b" ", objects[o]
                last = p
        parts.append(b" .\n")
        return b"".join(parts)


def _indented(statements: bytes) -> bytes:
    """Statements as TriG writes them within a graph's braces: each line indented (a line ends a statement or a
    predicate's objects; N-Triples and Turtle escape every line break of a literal)."""
    return b"\t" + statements[:-1].replace(b"\n", b"\n\t") + b"\n" if statements else b""


def _prefixes(written: list) -> bytes:
    """The @prefix lines, before anything written (Oxigraph writes none in an empty file)."""
    return _vocabulary(str(RDF.type))[0].encode() if written else b""


def _iri(iri: str) -> str:
    return _vocabulary(iri)[2] if iri.startswith(_NAMESPACES) else f"<{iri}>"


def _verb(iri: str) -> str:
    return _vocabulary(iri)[1] if iri.startswith(_NAMESPACES) else f"<{iri}>"


def _object(term: str) -> str:
    """An IRI or a typed literal as N-Triples writes it (what ends with ">"), as Turtle does."""
    if term.startswith("<"):
        return _iri(term[1:-1])
    quoted, _, datatype = term.rpartition("^^<")  # "lexical"^^<datatype>
    datatype = datatype[:-1]
    if datatype in _BARE and _BARE[datatype].fullmatch(quoted[1:-1]):
        return quoted[1:-1]
    return f"{quoted}^^{_iri(datatype)}"


@lru_cache(maxsize=None)  # the vocabulary's few dozen terms
def _vocabulary(iri: str) -> tuple[str, str, str]:
    """What Oxigraph writes of a triple of three times an IRI of the prefixes' namespaces (:data:`_OX_PREFIXES`):
    the @prefix lines, then the IRI as a predicate (rdf:type is "a"), and as a subject or an object."""
    term = ox.NamedNode(iri)
    *prefixes, line = ox.serialize([ox.Triple(term, term, term)], format=ox.RdfFormat.TURTLE,
                                   prefixes=_OX_PREFIXES).decode().splitlines()
    _, predicate, obj, _ = line.split(" ")
    return "".join(f"{p}\n" for p in prefixes), predicate, obj
