"""Stage 7a, export: the graph to files, each written atomically.

Every file is written to a temporary name in the output directory and then
renamed over the old one, so an interrupted build leaves the previous
outputs whole.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph

from .errors import Errors, KgError
from .graph import bind_prefixes

__all__ = ["write_atomic", "write_rdf", "write_graphml", "OUTPUTS"]

OUTPUTS = {
    "graph.ttl": "the whole graph, Turtle",
    "graph.trig": "the same facts, one named graph per article (provenance)",
    "graph.graphml": "the NetworkX graph of entities and typed relations",
    "cooccurrence.html": "the pyvis co-occurrence graph; opens offline",
}


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


def write_rdf(ds: Dataset, out: Path) -> None:
    union = Graph()
    bind_prefixes(union)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    write_atomic(out / "graph.ttl", lambda tmp: union.serialize(tmp, format="turtle", encoding="utf-8"))
    write_atomic(out / "graph.trig", lambda tmp: ds.serialize(tmp, format="trig", encoding="utf-8"))


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
