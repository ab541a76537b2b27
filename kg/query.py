"""Stage 8, query: SPARQL over a built graph, on an Oxigraph store or on rdflib's in-memory store.

The contract's prefixes (kg, schema, org, prov, skos, rdf, rdfs, xsd, and res
for resources) are declared for every query, so users may leave them out;
they are handed to the SPARQL parser, not prepended, so an error's line and
column are the user's. A graph
is read from a built directory (its ``graph.trig``), or from a ``.ttl``,
``.nt``, ``.nq`` or ``.trig`` file, or opened from an on-disk Oxigraph store
that :func:`bulk_load` (``kg load``) filled, for graphs larger than memory. The
default graph is the union of every named graph, each triple once, and
``GRAPH ?g { … }`` reaches the per-article graphs; both stores answer the same.

>>> from rdflib import RDFS, Dataset, Literal, URIRef
>>> ds = Dataset()
>>> _ = ds.add((URIRef("https://w3id.org/govkg/resource/person/焦作/吕沛"), RDFS.label, Literal("吕沛", lang="zh")))
>>> run_query(ds, "SELECT ?name WHERE { ?p rdfs:label ?name }").rows
[['吕沛']]
>>> run_query(store_from_dataset(ds), "SELECT ?name WHERE { ?p rdfs:label ?name }").rows
[['吕沛']]
"""
from __future__ import annotations

import csv
import ctypes
import io
import os
import shutil
import tempfile
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.exceptions import ParserError

from .diagnose import explain
from .errors import Errors, KgError, counted
from .vocab import PREFIXES

__all__ = ["Backend", "Store", "Table", "graph_file", "load_store", "is_store", "bulk_load",
           "store_from_dataset", "oxigraph_quads", "query_oxigraph", "run_query", "json_answer", "format_table"]

# where a query runs: Oxigraph (fast, the default) or rdflib's pure-Python memory store
Backend = typing.Literal["oxigraph", "memory"]
# a loaded graph: an Oxigraph store, or an rdflib Dataset whose default graph is the union
Store = typing.Union[ox.Store, Dataset]

# suffix → (Oxigraph's format, rdflib's format name)
_FORMATS = {
    ".ttl": (ox.RdfFormat.TURTLE, "turtle"),
    ".nt": (ox.RdfFormat.N_TRIPLES, "nt"),
    ".nq": (ox.RdfFormat.N_QUADS, "nquads"),
    ".trig": (ox.RdfFormat.TRIG, "trig"),
}
# Oxigraph's union default graph repeats a triple once per named graph holding it (COUNT(*) would count
# a person's label once per article naming them); the union is copied into the default graph instead,
# where a triple is held once, as in rdflib's Dataset(default_union=True) and in graph.ttl
_UNION_INTO_DEFAULT = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass
class Table:
    """A query's answer: column names and rows of plain strings (IRIs, literals' lexical forms)."""
    columns: list[str]
    rows: list[list[str | None]]


def graph_file(graph: Path, name: str = "graph.trig") -> Path:
    """The RDF file ``graph`` names: itself, or a built directory's ``name``."""
    path = graph / name if graph.is_dir() else graph
    if not path.is_file():
        raise KgError(Errors.E030.format(path=graph))
    if path.suffix.lower() not in _FORMATS:
        raise KgError(Errors.E060.format(path=path))
    return path


def is_store(path: Path) -> bool:
    """Whether ``path`` is an on-disk Oxigraph store: a directory of RocksDB files (``CURRENT``, ``IDENTITY``)."""
    return (path / "CURRENT").is_file() and (path / "IDENTITY").is_file()


def load_store(graph: Path, backend: Backend = "oxigraph") -> Store:
    """Load a built directory or an RDF file into the ``backend`` store, or open an on-disk Oxigraph store."""
    if is_store(graph):
        if backend == "memory":
            raise KgError(Errors.E103.format(path=graph))
        try:
            return ox.Store.read_only(str(graph))
        except (OSError, RuntimeError) as e:  # RocksDB reports a damaged store as a RuntimeError
            raise KgError(Errors.E101.format(path=graph, detail=str(e).strip().splitlines()[0])) from e
    path = graph_file(graph)
    if backend == "memory":
        try:
            ds = Dataset(default_union=True)
            ds.parse(path, format=_FORMATS[path.suffix.lower()][1])
            return ds
        except (SyntaxError, ValueError, ParserError) as e:  # rdflib's BadSyntax is a SyntaxError
            raise KgError(Errors.E061.format(path=path, detail=str(e).strip().splitlines()[0])) from e
    store = ox.Store()
    _load_into(store, path)
    return store


_LOADING = ".govkg-load-"  # a store being filled beside --store DIR is named .DIR.govkg-load-…
_MARK = ".govkg-store"  # put in every store kg load fills: what it may replace without asking


def bulk_load(graphs: Sequence[Path], directory: Path) -> list[Path]:
    """Load built directories (each its ``graph.nq``) or RDF files into one on-disk Oxigraph store at
    ``directory``, which ``kg query --graph`` and ``kg serve --graph`` then open without loading anything; the
    files loaded. Several make one graph, each triple once: a corpus too big to build at once, built a slice at a
    time (docs/scaling.md), is queried whole.

    The store is filled beside ``directory`` and then swapped with it in one step, so a failed or killed load
    leaves the old store whole (and the next load removes what it left). ``directory`` must be new, empty, or
    such a store: nothing else is ever replaced.
    """
    paths = [graph_file(graph, "graph.nq") for graph in graphs]  # every one found before minutes of loading
    if not _replaceable(directory):
        raise KgError(Errors.E100.format(path=directory))
    directory = directory.absolute()
    tmp = None
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        for leftover in directory.parent.glob(f".{directory.name}{_LOADING}*"):  # of a load killed before
            if (leftover / "old").is_dir() and not directory.exists():  # killed between the two moves below
                os.replace(leftover / "old", directory)
            shutil.rmtree(leftover, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}{_LOADING}", dir=directory.parent))
        store = ox.Store(str(tmp))
        for path in paths:
            _load_into(store, path, on_disk=True)
        del store  # closes RocksDB before its directory moves
        (tmp / _MARK).write_text("filled by kg load\n", encoding="utf-8")
        if not directory.exists():
            os.replace(tmp, directory)
            tmp = None
        elif not _exchange(tmp, directory):  # where it cannot: moved aside, then in, a moment with no store
            aside = Path(tempfile.mkdtemp(prefix=f".{directory.name}{_LOADING}", dir=directory.parent))
            os.replace(directory, aside / "old")
            os.replace(tmp, directory)
            shutil.rmtree(aside, ignore_errors=True)
    except (OSError, RuntimeError) as e:  # RuntimeError: RocksDB's own failures
        detail = getattr(e, "strerror", None) or str(e).strip().splitlines()[0]
        raise KgError(Errors.E102.format(path=directory, detail=detail)) from e
    finally:
        if tmp:  # the failed load's store, or the old one it replaced
            shutil.rmtree(tmp, ignore_errors=True)
    return paths


def oxigraph_quads(ds: Dataset) -> Iterator[ox.Quad]:
    """``ds``'s quads as Oxigraph's, each in its own graph."""
    for s, p, o, g in ds.quads((None, None, None, None)):
        graph = ox.DefaultGraph() if g is None or g == DATASET_DEFAULT_GRAPH_ID else _ox_term(g)
        yield ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), graph)


def store_from_dataset(ds: Dataset) -> ox.Store:
    """An Oxigraph store holding ``ds``'s triples (the union of its graphs, each once) in its default graph."""
    store = ox.Store()
    # a triple in many named graphs is added once: a store's graph is a set
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in oxigraph_quads(ds))
    return store


def query_oxigraph(store: ox.Store, sparql: str, default_graph: list[str] | None = None,
                   named_graphs: list[str] | None = None) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Oxigraph's own answer to ``sparql`` (the prefixes predeclared); bad SPARQL raises :class:`KgError`, its
    message one line that says where and what to do. ``default_graph``, ``named_graphs``: the IRIs of the
    graphs that make the query's dataset (the SPARQL protocol's ``default-graph-uri`` and ``named-graph-uri``),
    in place of any ``FROM`` the query has; by default the union of the article graphs and all of them."""
    dataset = {} if default_graph is None and named_graphs is None else {
        "default_graph": [ox.NamedNode(iri) for iri in default_graph or ()],
        "named_graphs": [ox.NamedNode(iri) for iri in named_graphs or ()]}
    try:
        return store.query(sparql, prefixes=PREFIXES, **dataset)
    except SyntaxError as e:
        raise KgError(explain(sparql, str(e), PREFIXES)) from e
    except (ValueError, OSError) as e:
        raise KgError(Errors.E039.format(detail=str(e).splitlines()[0])) from e


def json_answer(store: Store, sparql: str) -> bytes:
    """The answer to ``sparql`` as JSON that keeps the terms' types (``kg query -f json``): SPARQL 1.1 Query
    Results JSON for a SELECT or ASK (``{"type": "literal", "value": "5", "datatype": "…#integer"}``), JSON-LD
    for a CONSTRUCT or DESCRIBE, as ``kg serve`` answers by default."""
    if isinstance(store, Dataset):
        result = _query_rdflib(store, sparql)
        data = result.graph.serialize(format="json-ld") if result.graph is not None else result.serialize(format="json")
        return (data if isinstance(data, bytes) else data.encode()) + b"\n"
    result = query_oxigraph(store, sparql)
    fmt = ox.RdfFormat.JSON_LD if isinstance(result, ox.QueryTriples) else ox.QueryResultsFormat.JSON
    return result.serialize(format=fmt) + b"\n"


def run_query(store: Store, sparql: str) -> Table:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; the answer as a table of strings."""
    if isinstance(store, Dataset):
        return _run_rdflib(store, sparql)
    result = query_oxigraph(store, sparql)
    if isinstance(result, ox.QueryBoolean):
        return Table(["answer"], [[str(bool(result)).lower()]])
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        return Table(columns, [[_ox_value(row[c]) for c in columns] for row in result])
    rows = [[t.subject.value, t.predicate.value, _ox_value(t.object)] for t in result]
    return Table(["subject", "predicate", "object"], rows)


def format_table(table: Table, fmt: str) -> str:
    """``table`` or ``csv`` text of a result (for JSON, :func:`json_answer` keeps the terms' types)."""
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows([["" if v is None else v for v in row] for row in table.rows])
        return buf.getvalue()
    from rich.console import Console
    from rich.table import Table as RichTable

    out = RichTable(*table.columns, show_lines=False)
    for row in table.rows:
        out.add_row(*["" if v is None else v for v in row])
    console = Console(file=io.StringIO(), width=200, record=True)
    console.print(out)
    console.print(counted(len(table.rows), "row"))
    return console.export_text()


def _load_into(store: ox.Store, path: Path, on_disk: bool = False) -> None:
    """Bulk-load the RDF file ``path`` into ``store``, the union of its named graphs into the default graph."""
    ox_format = _FORMATS[path.suffix.lower()][0]
    try:
        store.bulk_load(path=str(path), format=ox_format)
        if ox_format not in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            return
        if on_disk:
            # an INSERT holds everything it adds in one transaction, in memory: on disk, where the graph may
            # not fit in memory, the union is written by the bulk loader from a second reading of the file
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object)
                              for q in ox.parse(path=str(path), format=ox_format))
        else:
            store.update(_UNION_INTO_DEFAULT)
    except (SyntaxError, ValueError) as e:
        raise KgError(Errors.E061.format(path=path, detail=str(e).strip().splitlines()[0])) from e


def _replaceable(directory: Path) -> bool:
    """Whether ``kg load`` may put a new store in place of ``directory``: there is none, or an empty directory,
    or a store it filled (marked), or an older one that Oxigraph opens. A directory that merely holds files
    named ``CURRENT`` and ``IDENTITY`` is none of these."""
    if not directory.exists():
        return True
    if not directory.is_dir():
        return False
    if not any(directory.iterdir()) or (directory / _MARK).is_file():
        return True
    if not is_store(directory):
        return False
    try:
        ox.Store.read_only(str(directory))
    except (OSError, RuntimeError, ValueError):
        return False
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap the directories ``a`` and ``b`` in one atomic step (Linux's ``renameat2(RENAME_EXCHANGE)``); whether
    it could be done."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.renameat2(-100, os.fsencode(a), -100, os.fsencode(b), 2) == 0  # AT_FDCWD, RENAME_EXCHANGE
    except AttributeError:  # no renameat2 in this C library
        return False


def _ox_term(term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal), term
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


def _ox_value(term) -> str | None:
    return None if term is None else term.value


def _rdflib_value(term) -> str | None:
    return None if term is None else str(term)


def _query_rdflib(ds: Dataset, sparql: str):
    """rdflib's answer to ``sparql``; a bad query raises :class:`KgError`, in one line as Oxigraph's do."""
    try:
        return ds.query(sparql, initNs=PREFIXES)
    except Exception as e:  # rdflib raises bare Exceptions for some bad queries (an unknown prefix)
        raise KgError(explain(sparql, str(e), PREFIXES)) from e


def _run_rdflib(ds: Dataset, sparql: str) -> Table:
    result = _query_rdflib(ds, sparql)
    if result.type == "ASK":
        return Table(["answer"], [[str(result.askAnswer).lower()]])
    if result.type == "SELECT":
        columns = [str(v) for v in result.vars]
        return Table(columns, [[_rdflib_value(v) for v in row] for row in result])
    return Table(["subject", "predicate", "object"], [list(map(_rdflib_value, t)) for t in result.graph])
