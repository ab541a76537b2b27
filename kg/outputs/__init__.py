"""Stage 7, outputs: every file a build writes, each made by a writer registered under its name, side by side.

A format family is a module of this package (:mod:`~kg.outputs.rdf`, :mod:`~kg.outputs.table`,
:mod:`~kg.outputs.graphml`, :mod:`~kg.outputs.cooccurrence`), and each of its writers registers itself with
:func:`register`, as rdflib registers its serializers by name: the files it writes, what each holds, what of the
:class:`Built` graph it reads, and a function writing them from it into a directory. :func:`write` runs them all,
in the order registered; :data:`OUTPUTS` lists every file (``kg build`` stages, switches in and checks these).
Adding a format is a module here that registers its writer, and its name in the imports at the end.

Every file is written whole, to a temporary name first (:func:`kg.outdir.write_atomic`).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from pathlib import Path

from ..cooccurrence import Tally, tally
from ..graph import ArticleGraph, Names, Node, links, lookups, relations, render
from ..model import ArticleFacts
from ..resolve import Entity, Resolution

__all__ = ["Built", "Writer", "WRITERS", "OUTPUTS", "register", "write"]


# what Built keeps, all writers done: the union of the graphs, whose triples `kg build` counts (kg.pipeline)
_KEPT = {"statements", "triples"}


@dataclass
class Built:
    """What the writers write from: the articles' extractions, their entities resolved across the corpus, and
    what is made of them once for every writer that needs it (each made when first asked for, and let go of by
    :func:`write` once no writer left reads it). ``jsonld``: the optional JSON-LD was asked for; ``layouts``: the
    page's layouts the last build kept, and this one's after the page is written (:func:`kg.draw.write_html`)."""

    results: list[ArticleFacts]
    resolution: Resolution
    jsonld: bool = False
    layouts: dict[str, list] = field(default_factory=dict)

    @cached_property
    def entities(self) -> list[Names]:
        """The entity of every name each article's graph names (:func:`kg.graph.lookups`)."""
        return lookups(self.results, self.resolution)

    @cached_property
    def relations(self) -> list[list[tuple[Entity, str, Node]]]:
        """The facts each article states directly (:func:`kg.graph.relations`)."""
        return [relations(r, names) for r, names in zip(self.results, self.entities)]

    @cached_property
    def graphs(self) -> list[ArticleGraph]:
        """Each article's named graph and rows of the facts table (:func:`kg.graph.render`)."""
        described: dict[str, list[tuple[str, str, str]]] = {}  # each entity's own triples, for every graph naming it
        return [render(r, names, described) for r, names in zip(self.results, self.entities)]

    @cached_property
    def statements(self) -> dict[str, list[tuple[str, str, str]]]:
        """The union of the articles' graphs, as :attr:`kg.graph.ArticleGraph.statements` holds each: a subject
        whose graphs all hold the same triples (of one graph alone, or an entity only its description is said of,
        one list in every graph naming it) has the first graph's very list."""
        found: dict[str, list[list[tuple[str, str, str]]]] = defaultdict(list)
        for g in self.graphs:
            for subject, triples in g.statements.items():
                found[subject].append(triples)
        statements = {}
        # the subjects alone (sorting pairs compares two subjects twice, = then <), by their UTF-8, which sorts as their
        # characters do: bytes compare by memcmp, where IRIs with Chinese compare a character at a time
        for subject in sorted(found, key=str.encode):
            graphs = found[subject]
            # (list.count finds a list that is the first by identity, before comparing any triple)
            statements[subject] = graphs[0] if graphs.count(graphs[0]) == len(graphs) else sorted(set().union(*graphs))
        return statements

    @cached_property
    def triples(self) -> list[tuple[str, str, str]]:
        """The union of the articles' graphs, each triple once (subject, predicate, object), in file order."""
        return list(chain.from_iterable(self.statements.values()))

    def links(self) -> Iterator[tuple[Node, Node, str]]:
        """The edges of the NetworkX graph (:func:`kg.graph.links`)."""
        for r, names, facts in zip(self.results, self.entities, self.relations):
            yield from links(r, names, facts)

    @cached_property
    def tally(self) -> Tally:
        """The co-occurrence graph, counted (:func:`kg.cooccurrence.tally`)."""
        return tally(self.results, self.resolution)

    def release(self, parts: Iterable[str]) -> None:
        """Let go of the ``parts`` made (their properties' names; each made again if asked for again), but of
        :data:`_KEPT`."""
        for name in set(parts) - _KEPT:
            self.__dict__.pop(name, None)


@dataclass(frozen=True)
class Writer:
    """A registered writer: the ``files`` it writes (name → what it holds), ``write(built, directory)``, and the
    parts of :class:`Built` it ``reads`` (its properties' names). An ``optional`` one writes only when
    :attr:`Built.jsonld` asks for it."""

    name: str
    files: dict[str, str]
    write: Callable[[Built, Path], None]
    reads: tuple[str, ...]
    optional: bool = False


WRITERS: dict[str, Writer] = {}


def register(name: str, files: dict[str, str], reads: tuple[str, ...], optional: bool = False) -> Callable:
    """A decorator registering a function ``write(built, directory)`` as the writer ``name`` of ``files``, which
    ``reads`` those parts of :class:`Built`."""
    def add(function: Callable[[Built, Path], None]) -> Callable[[Built, Path], None]:
        WRITERS[name] = Writer(name, files, function, reads, optional)
        return function
    return add


def write(built: Built, directory: Path) -> None:
    """Every registered writer's files of ``built`` into ``directory``, in the order registered (the optional
    ones only when asked for), each part of ``built`` let go of once no writer left reads it: the graphs, for one,
    are not held through the co-occurrence graph and its page."""
    writers = [writer for writer in WRITERS.values() if built.jsonld or not writer.optional]
    for i, writer in enumerate(writers):
        writer.write(built, directory)
        built.release(set(writer.reads).difference(*(later.reads for later in writers[i + 1:])))


# the format families, each registering its writers as it is imported: their order is the files' order
from . import rdf, graphml, table, cooccurrence  # noqa: E402, F401, I001

OUTPUTS = {name: what for writer in WRITERS.values() for name, what in writer.files.items()}
