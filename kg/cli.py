"""The ``kg`` command."""
from __future__ import annotations

import functools
import sys
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from . import __version__
from .errors import Errors, KgError, counted
from .model import Pipeline
from .process import ARTICLES_PER_WORKER, cores

# what a user may write after a flag, thinking it takes a value (--quiet true)
_BOOLEANS = {"true", "false", "yes", "no", "on", "off", "1", "0"}


class _Flags:
    """Flags shown and read as flags: ``--quiet``, not ``--quiet <bool>`` in ``--help`` (typer labels a flag with
    its type), and ``--quiet true`` a usage error rather than ``--quiet`` and an input path ``true``."""

    def get_params(self, ctx: typer.Context) -> list:
        params = super().get_params(ctx)
        for param in params:
            if getattr(param, "is_flag", False):
                param.metavar = ""  # what typer's help shows in place of the type
        return params

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        flags = {opt for param in self.get_params(ctx) if getattr(param, "is_flag", False) for opt in param.opts}
        for flag, value in zip(args, args[1:]):
            if flag in flags and value.lower() in _BOOLEANS and not Path(value).exists():
                raise typer.BadParameter(Errors.E111.format(flag=flag, value=value), ctx, param_hint=flag)
        return super().parse_args(ctx, args)


class _Command(_Flags, TyperCommand):
    pass


class _Group(_Flags, TyperGroup):
    pass


app = typer.Typer(cls=_Group, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Knowledge graphs from Chinese local-government news.")
command = functools.partial(app.command, cls=_Command)


GRAPH_HELP = ("A built output directory (its graph.trig), a .ttl, .nt, .nq or .trig file, or an on-disk Oxigraph "
              "store (kg load).")


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class Store(str, Enum):
    oxigraph = "oxigraph"
    memory = "memory"


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Show the version and exit.")] = False) -> None:
    """Knowledge graphs from Chinese local-government news."""


@command()
def build(
    inputs: Annotated[Optional[list[Path]], typer.Argument(
        help=".txt pages, .jsonl article files, or directories of them; default: the bundled seeds/",
        readable=False)] = None,  # a file that cannot be read is one warning, not a usage error
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path("out"),
    year: Annotated[Optional[int], typer.Option(
        help="Year of M月D日 dates when neither the JSONL date nor the text gives one.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    jsonld: Annotated[bool, typer.Option("--jsonld", help="Also write graph.jsonld (the whole graph, JSON-LD).")
                      ] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, show_default=False, help="Worker processes "
                                      f"extracting articles; default 0: one per CPU core ({cores()} here), as many as "
                                      f"have {ARTICLES_PER_WORKER} articles each to extract.")] = 0,
    cache: Annotated[Optional[Path], typer.Option(help="The file keeping what was extracted from each article, "
                                                  "reused by later builds; default: OUT/.govkg-cache.sqlite.")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Extract every article again and rewrite every "
                                          "output, ignoring (and refreshing) the cache.")] = False,
    dask: Annotated[Optional[str], typer.Option(
        "--dask", metavar="N|ADDRESS", help="Extract on Dask: N starts a local cluster of N worker "
        "processes; an address (tcp://host:8786) uses a running cluster. Needs pip install 'govkg\\[dask]'.")] = None,
    pipeline: Annotated[Pipeline, typer.Option(
        help="The NLP: accurate (the trained segmenter and NER, then the rules) or fast (rjieba's words and the "
        "same rules alone: some 3.5× as fast end to end, one or two points of micro F1 less; docs/performance.md § Two "
        "pipelines).")
    ] = Pipeline.ACCURATE,
) -> None:
    """Build graph.ttl, .trig, .nq and .graphml, facts.csv and .parquet, cooccurrence.json and .html from news.

    Articles extracted by an earlier build (same text, same pipeline) are not extracted again; when
    nothing changed and the outputs are untouched, nothing is written.
    """
    from .pipeline import SEEDS, build as run_build

    try:
        with _dask(dask, pipeline) as executor:
            report = run_build(inputs or [SEEDS], out, year=year, quiet=quiet, jsonld=jsonld, jobs=jobs, cache=cache,
                               use_cache=not no_cache, rebuild=rebuild, executor=executor, pipeline=pipeline)
    except KgError as e:
        _fail(e)
    if not quiet:
        cached = f"{report.cached:,} cached" + (", unchanged: nothing written" if report.unchanged else "")
        typer.echo(f"{counted(report.articles, 'article')} from {counted(report.documents, 'document')}: "
                   f"{counted(report.facts, 'fact')}, {counted(report.triples, 'triple')} → {out}/ ({cached})" +
                   (f" ({counted(len(report.problems), 'input')} with problems)" if report.problems else ""),
                   err=True)


TIMEOUT_HELP = "Seconds a query may run before it is stopped."
MEMORY_HELP = "MiB of memory a query may take beyond the loaded graph."
SERVICE_HELP = ("A host (host or host:port) that SPARQL SERVICE may call; repeat for more. Default: none, SERVICE is "
                "refused.")


# what a query file is named: an argument so named that is no file is a file missing, not a query to parse
QUERY_SUFFIXES = (".rq", ".sparql")


@command()
def query(
    sparql: Annotated[str, typer.Argument(help="A SPARQL query, or a file holding one; - reads stdin.")],
    graph: Annotated[Path, typer.Option("--graph", "-g", help=GRAPH_HELP)] = Path("out"),
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    store: Annotated[Store, typer.Option(
        help="oxigraph: fast (Rust); memory: rdflib's pure-Python store. Same answers.")] = Store.oxigraph,
    timeout: Annotated[float, typer.Option(min=0.1, help=TIMEOUT_HELP)] = 30.0,
    memory: Annotated[int, typer.Option(min=16, help=MEMORY_HELP)] = 1024,
    allow_service: Annotated[Optional[list[str]], typer.Option(help=SERVICE_HELP)] = None,
) -> None:
    """Run SPARQL over a built graph; the kg, schema, org, prov, skos, rdf, rdfs, xsd, res prefixes are predeclared.

    The query is held to the limits kg serve holds it to: its size and nesting, SERVICE, time and memory.
    """
    from .limits import check, run_confined
    from .query import format_table, json_answer, load_store, run_query
    from .vocab import PREFIXES

    try:
        limits = _limits(timeout, memory, allow_service)
        text = _query_text(sparql)
        check(text, limits, PREFIXES)
        loaded = load_store(graph, store.value)
        # run in a process of its own, which the limits can stop without stopping this one
        table = run_confined(lambda: ("text/plain", json_answer(loaded, text) if fmt == Format.json
                                      else format_table(run_query(loaded, text), fmt.value).encode()), limits)
    except KgError as e:
        _fail(e)
    sys.stdout.buffer.write(table)
    sys.stdout.flush()


@command()
def person(
    name: Annotated[str, typer.Argument(help="A person's name as written (吕沛).")],
    graph: Annotated[Path, typer.Option("--graph", "-g", help=GRAPH_HELP)] = Path("out"),
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """A person's career: each title with the first and last day it was seen and its articles, then the events
    of each year; everyone of that name, each with the jurisdiction they were resolved in."""
    import json

    from .careers import COLUMNS, from_graph, near, rows
    from .query import Table, format_table, load_store

    try:
        store = load_store(graph)
        found = from_graph(store, name)
        if not found:
            close = near(store, name)
            raise KgError(Errors.E110.format(name=name, path=graph, near=f"; did you mean {', '.join(close)}?"
                                             if close else ""))
    except KgError as e:
        _fail(e)
    table = [{k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()} for row in rows(found)]
    if fmt == Format.json:
        typer.echo(json.dumps(table, ensure_ascii=False, indent=1))
        return
    typer.echo(format_table(Table(list(COLUMNS), [[None if v is None else str(v) for v in row.values()]
                                                  for row in table]), fmt.value), nl=False)


@command()
def load(
    graphs: Annotated[Optional[list[Path]], typer.Argument(
        help="Built output directories (each its graph.nq), or .nq, .trig, .nt or .ttl files: several make one "
        "graph, each triple once (a corpus built a slice at a time); default: out")] = None,
    store: Annotated[Path, typer.Option("--store", "-s", help="The store's directory: new, empty, or a store to "
                                                              "replace.")] = Path("store"),
) -> None:
    """Bulk-load built graphs into an on-disk Oxigraph store, for kg query and kg serve --graph STORE."""
    import time

    from .query import bulk_load

    start = time.perf_counter()
    try:
        loaded = bulk_load(graphs or [Path("out")], store)
    except KgError as e:
        _fail(e)
    typer.echo(f"{' + '.join(map(str, loaded))} → {store}/ in {time.perf_counter() - start:.1f} s: "
               f"kg query --graph {store} 'SPARQL'", err=True)


@command()
def serve(
    graph: Annotated[Path, typer.Option("--graph", "-g", help=GRAPH_HELP)] = Path("out"),
    host: Annotated[str, typer.Option(help="Address to listen on; the default answers this machine only.")
                    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on; 0 picks a free one.")] = 7878,
    timeout: Annotated[float, typer.Option(min=0.1, help=TIMEOUT_HELP)] = 30.0,
    memory: Annotated[int, typer.Option(min=16, help=MEMORY_HELP)] = 1024,
    allow_service: Annotated[Optional[list[str]], typer.Option(help=SERVICE_HELP)] = None,
) -> None:
    """Serve a built graph as a read-only SPARQL endpoint (SPARQL 1.1 protocol) at /query, until Ctrl-C.

    Each query runs in a process of its own, stopped at the time or memory limit; SERVICE is refused unless
    --allow-service names its host; requests must name the listening address in their Host header.
    """
    from .serve import serve as run_serve

    def ready(url: str) -> None:
        typer.echo(f"serving {graph} read-only at {url} (Ctrl-C stops)", err=True)

    try:
        run_serve(graph, host, port, _limits(timeout, memory, allow_service), on_ready=ready)
    except KgError as e:
        _fail(e)
    typer.echo("stopped", err=True)


@command()
def train(
    corpora: Annotated[Path, typer.Option(
        help="Folder of the NER corpora (cluener2020/, peoples_daily_ner/, msra_ner/).")] = Path("../shared/corpora"),
    out: Annotated[Optional[Path], typer.Option(
        help="Where to save the pipeline; default: the package's model.")] = None,
    work: Annotated[Path, typer.Option(help="Folder for downloads and intermediate files.")] = Path("build/train"),
    epochs: Annotated[int, typer.Option(help="Training epochs over the corpora.")] = 12,
) -> None:
    """Rebuild the NLP model (pruned pkuseg segmenter + NER) that ships with the package.

    Fetches the pkuseg wheel from PyPI once; trains on public corpora only.
    """
    from .nlp.train import MODEL_DIR, train as run_train

    try:
        path = run_train(corpora, out or MODEL_DIR, work, epochs, log=lambda m: typer.echo(m, err=True))
    except KgError as e:
        _fail(e)
    typer.echo(f"model saved to {path}", err=True)


class Group(str, Enum):
    """The node groups of kg.cooccurrence.GROUPS (listed here so --help needs no NetworkX)."""

    person = "person"
    organization = "organization"
    place = "place"
    project = "project"
    meeting = "meeting"
    event = "event"


@command()
def viz(
    graph: Annotated[Path, typer.Option("--graph", "-g", help="A built output directory (its cooccurrence.json), "
                                                             "or such a file.")] = Path("out"),
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="The page to write; default: cooccurrence.html "
                                                "beside the graph, its name telling the filters.")] = None,
    types: Annotated[Optional[list[Group]], typer.Option("--type", "-t", help="Draw only this group; repeat for more. "
                                                         "Default: all.")] = None,
    min_weight: Annotated[int, typer.Option(min=1, help="Only links of at least this weight (1 for each shared "
                                            "article, 1 more for each shared sentence).")] = 1,
    since: Annotated[Optional[datetime], typer.Option(formats=["%Y-%m-%d"], help="Only articles dated on or after "
                                                      "this day; articles with no date are left out.")] = None,
    until: Annotated[Optional[datetime], typer.Option(formats=["%Y-%m-%d"], help="Only articles dated on or before "
                                                      "this day; articles with no date are left out.")] = None,
    top: Annotated[Optional[int], typer.Option(min=1, help="Only the N nodes with the most mentions.")] = None,
    focus: Annotated[Optional[str], typer.Option(help="Only the network of this entity (a name, alias or IRI): "
                                                 "the nodes within --hops links of it.")] = None,
    hops: Annotated[int, typer.Option(min=1, help="How many links from --focus to go.")] = 1,
    title: Annotated[Optional[str], typer.Option(help="The page's heading.")] = None,
) -> None:
    """Draw the co-occurrence graph of a build as a page that opens offline, filtered by the options."""
    from .cooccurrence import Selection, load
    from .draw import write_html
    from .errors import Errors

    selection = Selection(since=since and since.date(), until=until and until.date(),
                          groups=tuple(t.value for t in types or ()), min_weight=min_weight, focus=focus, hops=hops,
                          top=top)
    slug = selection.slug()
    page = out or (graph if graph.is_dir() else graph.parent) / f"cooccurrence{'-' + slug if slug else ''}.html"
    try:
        links = selection.apply(load(graph))
        if not len(links):
            raise KgError(Errors.E052)
        write_html(links, page, title or f"govkg co-occurrence{' · ' + slug if slug else ''}", focus=focus)
    except KgError as e:
        _fail(e)
    typer.echo(f"{counted(len(links), 'node')}, {counted(links.number_of_edges(), 'link')} → {page}", err=True)


def _fail(e: KgError) -> None:
    typer.echo(f"error: {e}", err=True)
    raise typer.Exit(1)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"govkg {__version__}")
        raise typer.Exit()


def _dask(spec: str | None, pipeline: Pipeline):
    """``--dask``'s cluster, as a context giving its executor (none without ``--dask``: Dask is imported only
    then)."""
    from contextlib import nullcontext

    if spec is None:
        return nullcontext()
    try:
        from .executors.dask import cluster
    except ModuleNotFoundError as e:
        if e.name not in ("dask", "distributed"):
            raise
        raise KgError(Errors.E106) from e
    return cluster(spec, pipeline)


def _limits(timeout: float, memory: int, allow_service: list[str] | None):
    from .limits import Limits, allowed_host

    return Limits(timeout=timeout, memory_mib=memory, allow_service=tuple(map(allowed_host, allow_service or ())))


def _query_text(sparql: str) -> str:
    """The query: ``sparql`` itself, or the file it names (decoded as input pages are), or stdin for ``-``."""
    from .read import DecodeError, decode

    named = len(sparql) < 255 and "\n" not in sparql
    if sparql == "-":
        data = sys.stdin.buffer.read()
    elif named and Path(sparql).is_file():
        try:
            data = Path(sparql).read_bytes()
        except OSError as e:
            raise KgError(Errors.E138.format(path=sparql, detail=e.strerror or e)) from e
    elif named and not any(c.isspace() for c in sparql) and sparql.lower().endswith(QUERY_SUFFIXES):
        raise KgError(Errors.E139.format(path=sparql))
    else:
        return sparql
    try:
        return decode(data)[0] if data.strip() else ""
    except DecodeError as e:
        raise KgError(Errors.E138.format(path=sparql, detail=e)) from e


if __name__ == "__main__":
    app()
