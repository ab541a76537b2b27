"""The RDF files: ``graph.nq``, ``graph.trig`` and ``graph.ttl``, ``graph.jsonld`` (rdflib, with ``--jsonld``).

``graph.nq`` and ``graph.trig`` hold each article's named graph, in the order of the graphs' IRIs, each
graph's quads by subject, predicate and object; ``graph.ttl`` the union of the graphs, each triple once, in
the same order. The three are byte for byte what Oxigraph writes of the whole graph at once
(tests/outputs/test_exports.py checks it), written here from the graphs' text (:class:`kg.graph.ArticleGraph`):
making Oxigraph's objects of a million triples would take longer than writing the files.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ..graph import rdflib_term
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
_NEXT_VERB = " ;\n\t"
_BARE = {str(XSD.integer): re.compile(r"[+-]?[0-9]+"), str(XSD.decimal): re.compile(r"[+-]?[0-9]*\.[0-9]+"),
         str(XSD.boolean): re.compile(r"true|false")}


@register("rdf", {
    "graph.ttl": "the whole graph, Turtle",
    "graph.trig": "the same facts, one named graph per article (provenance)",
    "graph.nq": "graph.trig as N-Quads, a line a quad: what bulk loaders take (kg load)",
})
def write_rdf(built: Built, directory: Path) -> None:
    # the graphs as N-Quads writes their names: <…/a/graph> and <…/a-2/graph> sort as "/" and "-" do
    graphs = sorted(built.graphs, key=lambda g: f"<{g.name}>")
    write_chunks(directory / "graph.nq", (g.nquads() for g in graphs))
    written: dict[int, str] = {}  # the graphs' statements, by their lists of triples

    def statement(subject: str, triples: list[tuple[str, str, str]]) -> str:
        text = written[id(triples)] = _statement(subject, triples)
        return text

    write_chunks(directory / "graph.trig", [_prefixes(graphs), *(
        f"<{g.name}> {{\n{_indented(''.join(map(statement, g.statements, g.statements.values())))}}}\n"
        for g in graphs)])
    # a subject of one graph alone (most) has that graph's list of triples in the union, and its statement
    write_chunks(directory / "graph.ttl", [_prefixes(built.statements), *(
        written.pop(id(triples), None) or _statement(subject, triples)
        for subject, triples in built.statements.items())])


@register("jsonld", {"graph.jsonld": "the whole graph, JSON-LD (with --jsonld)"}, optional=True)
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


def _statement(subject: str, triples: list[tuple[str, str, str]]) -> str:
    """A subject's triples (sorted, as :attr:`kg.graph.ArticleGraph.statements` holds them) as Oxigraph's Turtle
    writes them: a statement, its predicates after ";", a predicate's objects after ","."""
    parts = [_iri(subject)]
    last = None
    for _, p, o in triples:
        if o[-1] == ">":  # an IRI or a typed literal; Turtle writes other literals as N-Triples does
            o = _object(o)
        if p == last:
            parts.append(f" , {o}")
        else:
            parts.append(f"{_NEXT_VERB if last else ' '}{_verb(p)} {o}")
            last = p
    parts.append(" .\n")
    return "".join(parts)


def _indented(statements: str) -> str:
    """Statements as TriG writes them within a graph's braces: each line indented (a line ends a statement or a
    predicate's objects; N-Triples and Turtle escape every line break of a literal)."""
    return "\t" + statements[:-1].replace("\n", "\n\t") + "\n" if statements else ""


def _prefixes(written: list) -> str:
    """The @prefix lines, before anything written (Oxigraph writes none in an empty file)."""
    return _vocabulary(str(RDF.type))[0] if written else ""


def _iri(iri: str) -> str:
    return _vocabulary(iri)[2] if iri.startswith(_NAMESPACES) else f"<{iri}>"


@lru_cache(maxsize=None)  # the vocabulary's properties
def _verb(iri: str) -> str:
    return _vocabulary(iri)[1] if iri.startswith(_NAMESPACES) else f"<{iri}>"


@lru_cache(maxsize=1 << 16)  # an entity, a class, a date, an offset is the object of many triples
def _object(term: str) -> str:
    """An IRI or a typed literal as N-Triples writes it, as Turtle does."""
    if term.startswith("<"):
        return _iri(term[1:-1])
    if term.endswith(">"):  # "lexical"^^<datatype>
        quoted, _, datatype = term.rpartition("^^<")
        datatype = datatype[:-1]
        if datatype in _BARE and _BARE[datatype].fullmatch(quoted[1:-1]):
            return quoted[1:-1]
        return f"{quoted}^^{_iri(datatype)}"
    return term


@lru_cache(maxsize=None)  # the vocabulary's few dozen terms
def _vocabulary(iri: str) -> tuple[str, str, str]:
    """What Oxigraph writes of a triple of three times an IRI of the prefixes' namespaces (:data:`_OX_PREFIXES`):
    the @prefix lines, then the IRI as a predicate (rdf:type is "a"), and as a subject or an object."""
    term = ox.NamedNode(iri)
    *prefixes, line = ox.serialize([ox.Triple(term, term, term)], format=ox.RdfFormat.TURTLE,
                                   prefixes=_OX_PREFIXES).decode().splitlines()
    _, predicate, obj, _ = line.split(" ")
    return "".join(f"{p}\n" for p in prefixes), predicate, obj
