"""The RDF files: ``graph.nq``, ``graph.trig`` and ``graph.ttl`` (Oxigraph writes them), ``graph.jsonld``
(rdflib, with ``--jsonld``).

``graph.nq`` and ``graph.trig`` hold each article's named graph, in the order of the graphs' IRIs, each
graph's quads by subject, predicate and object; ``graph.ttl`` the union of the graphs, each triple once, in
the same order: what Oxigraph writes of the whole graph at once (tests/outputs/test_exports.py checks it).
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..graph import rdflib_term
from ..outdir import write_atomic
from ..vocab import PREFIXES, bind_prefixes
from . import Built, register

__all__ = ["JSONLD_CONTEXT"]

# Oxigraph would write res:article\/… (slashes escaped): resources are written whole, as rdflib writes them
_OX_PREFIXES = {prefix: iri for prefix, iri in PREFIXES.items() if prefix != "res"}
# the prefixes `kg query` predeclares; "@language" makes every Chinese label a plain JSON string
JSONLD_CONTEXT = {"@language": "zh", **PREFIXES}


@register("rdf", {
    "graph.ttl": "the whole graph, Turtle",
    "graph.trig": "the same facts, one named graph per article (provenance)",
    "graph.nq": "graph.trig as N-Quads, a line a quad: what bulk loaders take (kg load)",
})
def write_rdf(built: Built, directory: Path) -> None:
    # the graphs as N-Quads writes their names: <…/a/graph> and <…/a-2/graph> sort as "/" and "-" do
    quads = [q for g in sorted(built.graphs, key=lambda g: f"<{g.name.value}>") for q in g.quads]
    _serialize(quads, ox.RdfFormat.N_QUADS, directory / "graph.nq")
    _serialize(quads, ox.RdfFormat.TRIG, directory / "graph.trig")
    _serialize(built.triples, ox.RdfFormat.TURTLE, directory / "graph.ttl")


@register("jsonld", {"graph.jsonld": "the whole graph, JSON-LD (with --jsonld)"}, optional=True)
def write_jsonld(built: Built, directory: Path) -> None:
    """``graph.jsonld``: ``graph.ttl``'s triples as JSON-LD, with :data:`JSONLD_CONTEXT`."""
    from rdflib import Graph

    union = Graph()
    bind_prefixes(union)
    for t in built.triples:
        union.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    write_atomic(directory / "graph.jsonld", lambda tmp: union.serialize(
        tmp, format="json-ld", context=JSONLD_CONTEXT, auto_compact=True, encoding="utf-8"))


def _serialize(items: list, fmt: ox.RdfFormat, path: Path) -> None:
    write_atomic(path, lambda tmp: ox.serialize(items, output=str(tmp), format=fmt,
                                                **({} if fmt == ox.RdfFormat.N_QUADS else {"prefixes": _OX_PREFIXES})))
