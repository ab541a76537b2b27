"""The whole pipeline: read → articles → nlp → extract → resolve → graph → outputs, orchestrated.

Extraction (nlp + extract) is nearly all of a build's time and depends on one article alone, so it is
the part an executor runs in parallel (:mod:`kg.executors`: worker processes here, or a Dask cluster)
and the part that is cached (:mod:`kg.cache`): an article extracted before, by the same pipeline, is not
extracted again, and a build of an unchanged corpus whose outputs are untouched writes nothing.
Implied places, resolution and the co-occurrence graph span articles, and are redone every time
something changed, and so is every output (:mod:`kg.outputs`).
"""
from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import outdir
from .articles import split_document
from .cache import FactsCache, Split, article_key, build_signature, output_state, pipeline_fingerprint, split_key
from .errors import Errors, KgError
from .executors import Executor
from .executors.local import Processes
from .model import Article, ArticleFacts, Document, Pipeline, Problem
from .process import build_memory, free_memory
from .read import list_files, read_bytes, read_file, read_inputs, shown

__all__ = ["build", "BuildReport", "SEEDS", "CACHE_FILE"]

# the bundled corpus: package data in a wheel; in a checkout kg/seeds links to the repository's seeds/
SEEDS = Path(__file__).resolve().parent / "seeds"
CACHE_FILE = ".govkg-cache.sqlite"  # in the output directory, unless given elsewhere


@dataclass
class BuildReport:
    """What a build did. ``cached``: articles whose extraction was reused; ``unchanged``: nothing had
    changed since the last build into ``out``, whose outputs were kept as they were."""

    out: Path
    documents: int = 0
    articles: int = 0
    facts: int = 0
    triples: int = 0
    cached: int = 0
    unchanged: bool = False
    problems: list[Problem] = field(default_factory=list)


def build(inputs: list[Path], out: Path, year: int | None = None, quiet: bool = False, jsonld: bool = False,
          jobs: int = 0, cache: Path | None = None, use_cache: bool = True, rebuild: bool = False,
          executor: Executor | None = None, pipeline: Pipeline = Pipeline.ACCURATE) -> BuildReport:
    """Build the graph of ``inputs`` into ``out`` (``graph.jsonld`` too if ``jsonld``); raises :class:`KgError`
    if nothing could be built.

    ``executor`` extracts the articles (:mod:`kg.executors`; by default ``jobs`` worker processes here, 0:
    :func:`kg.process.workers` chooses; :func:`kg.executors.dask.cluster` gives a Dask cluster's): the same
    graph wherever. Extractions are kept in the SQLite file ``cache`` (default ``out/.govkg-cache.sqlite``)
    and reused; ``use_cache=False`` neither reads nor writes it; ``rebuild`` extracts everything again and
    rewrites every output, refreshing the cache. ``pipeline``: the NLP that extracts
    (:func:`kg.nlp.pipeline`); the cache keeps each pipeline's extractions apart.
    """
    pipeline = Pipeline.named(pipeline)
    report = BuildReport(out=out)
    files = list(list_files(inputs))
    paths = [f for f in files if isinstance(f, Path)]
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), transient=True, disable=quiet, console=Console(stderr=True))

    warn = _Warnings(progress.console)

    with progress, ExitStack() as held:
        task = progress.add_task("reading", total=len(paths))
        listed = [f for f in files if isinstance(f, Problem)]
        named, cache = cache is not None, cache or out / CACHE_FILE
        # a cache is made only once something is built: a build of nothing leaves the directory as it was
        store = FactsCache(cache, warn, named, pipeline) if use_cache and cache.is_file() else None
        try:
            def read(path: Path) -> None:
                progress.advance(task)
                progress.update(task, description=f"reading {path.name}")

            with _no_cycle_collection():
                documents, split = _read(paths, year, None if rebuild else store, read)
                articles = list(_articles([*listed, *documents], report, year, warn))
            warn.summary()
            if not articles:
                raise KgError(Errors.E020)
            held.enter_context(outdir.locked(out))  # one build at a time into out, from here to its last write
            outdir.recover(out, _outputs(True))
            if use_cache and store is None:
                store = FactsCache(cache, warn, named, pipeline)
            if store:
                store.put_splits(split)
            report.articles = len(articles)
            keys = [article_key(a, pipeline_fingerprint(pipeline)) for a in articles]
            signature = build_signature(articles, keys, jsonld)
            last = store.last_build(out) if store and not rebuild else None
            if last and last["signature"] == signature and output_state(out, last["outputs"]) == last["outputs"]:
                report.cached, report.facts, report.triples, report.unchanged = len(articles), last["facts"], \
                    last["triples"], True
                return report
            _check_memory(len(articles), warn)
            results, report.cached = _reuse_or_extract(articles, keys, store, rebuild, executor or Processes(jobs),
                                                       pipeline, progress, task)
            report.facts = sum(len(r.facts) + len(r.memberships) for r in results)
            progress.update(task, description="writing graph")
            with _no_cycle_collection():
                layouts = store.kept(out).get("layouts", {}) if last else {}
                stage = outdir.Stage(out, _outputs(True))  # written aside, switched in whole
                try:
                    built = _write(results, stage.path, jsonld, layouts)
                    stage.commit()
                finally:
                    stage.discard()
                report.triples, kept = len(built.triples), {"layouts": built.layouts}
                # freed before the collector is back, which would otherwise go once through every object of the
                # outputs (a quarter of a second at seeds ×20)
                del built, results
            if store:
                store.record_build(out, {"signature": signature, "outputs": output_state(out, _outputs(jsonld)),
                                         "facts": report.facts, "triples": report.triples}, kept)
        finally:
            if store:
                store.close()
    return report


def _check_memory(articles: int, warn: _Warnings) -> None:
    """Warn, before the work, of a build that will not fit in the memory this machine has free."""
    needed, free = build_memory(articles), free_memory()
    if free is not None and needed > free:
        warn.general(Errors.E022.format(articles=articles, needed=needed / 2**30, free=free / 2**30))


def _articles(docs: Iterable[Document | Split | Problem], report: BuildReport, year: int | None,
              on_problem) -> Iterator[Article]:
    seen: set[str] = set()
    for item in docs:
        if isinstance(item, Problem):
            report.problems.append(item)
            on_problem(item)
            continue
        report.documents += 1
        found = item.articles if isinstance(item, Split) else split_document(item, fallback_year=year)
        if not found:
            problem = Problem(item.path, Errors.E011, item.line)
            report.problems.append(problem)
            on_problem(problem)
        for art in found:
            if art.id in seen:  # the same article printed twice
                continue
            seen.add(art.id)
            yield art


def _read(paths: list[Path], year: int | None, store: FactsCache | None, read: Callable[[Path], None]
          ) -> tuple[list[Split | Problem], dict[str, list[Split | Problem]]]:
    """Every document of the files ``paths``, split into its articles, with the problems of each file, in order;
    and what was split anew, under its :func:`split_key`, for the cache. A file split before (the same
    content, path, ``year`` and code) is taken from ``store``. ``read`` is told of each file read."""
    data: dict[Path, bytes] = {}
    for path in paths:
        content = read_bytes(path)
        if isinstance(content, bytes):
            data[path] = content  # else read_inputs says what is wrong
    keys = {path: split_key(shown(path), content, year) for path, content in data.items()}
    kept = store.splits({key: shown(path) for path, key in keys.items()}) if store else {}
    found, new = [], {}
    for path in paths:
        if path in keys and keys[path] in kept:
            found += kept[keys[path]]
        else:
            items = [item if isinstance(item, Problem) else
                     Split(item.path, item.line, split_document(item, fallback_year=year))
                     for item in (read_file(path, data[path]) if path in data else read_inputs([path]))]
            if path in keys:
                new[keys[path]] = items
            found += items
        read(path)
    return found, new


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while it is: reading the cache and writing the outputs make millions of
    objects (facts, triples, counts) and next to no cycles, and the collector would go through all of them
    again and again as they grow (half the time of writing the outputs of 10,000 articles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _write(results: list[ArticleFacts], out: Path, jsonld: bool, layouts: dict[str, list]):
    """Every output of ``results`` into ``out`` (:mod:`kg.outputs`), ``layouts`` being the page's layouts the last
    build kept; what was written (:class:`kg.outputs.Built`), its layouts the ones to keep for the next."""
    # imported here: an unchanged build writes nothing, and these imports are most of its time
    from . import outputs
    from .extract import imply_locations
    from .resolve import resolve

    imply_locations(results)
    # one entity a resource, in the RDF and the co-occurrence graph alike
    built = outputs.Built(results, resolve(results), jsonld, dict(layouts))
    outputs.write(built, out)
    return built


class _Warnings:
    """Problems told on stderr, a line each, even with --quiet (a skipped input must never pass unnoticed); at most
    :attr:`PER_FILE` of one file, then how many more: 200,000 broken lines are not 200,000 lines."""

    PER_FILE = 10

    def __init__(self, console: Console):
        self.console = console
        self.told: Counter[str] = Counter()

    def __call__(self, problem: Problem) -> None:
        self.told[problem.path] += 1
        if self.told[problem.path] <= self.PER_FILE:
            self._print(problem)

    def summary(self) -> None:
        """A line for each file with more problems than were told."""
        for path, count in self.told.items():
            if count > self.PER_FILE:
                self._print(Problem(path, Errors.E019.format(count=count - self.PER_FILE)))
        self.told.clear()

    def _print(self, problem: Problem) -> None:
        self.general(str(problem))

    def general(self, message: str) -> None:
        """A problem of the build as a whole, not of one input."""
        self.console.print(f"warning: {message}", highlight=False, markup=False, soft_wrap=True, style="yellow")


def _outputs(jsonld: bool) -> list[str]:
    """The files a build writes (the optional ones too if ``jsonld``)."""
    from .outputs import WRITERS

    return [name for writer in WRITERS.values() if jsonld or not writer.optional for name in writer.files]


def _reuse_or_extract(articles: list[Article], keys: list[str], store: FactsCache | None, rebuild: bool,
                      executor: Executor, pipeline: Pipeline, progress: Progress, task
                      ) -> tuple[list[ArticleFacts], int]:
    """Each article's extraction, from ``store`` where it holds one, else made by ``executor`` (and kept
    there); how many were reused."""
    with _no_cycle_collection():
        results = store.get(articles, keys) if store and not rebuild else [None] * len(articles)
    todo = [i for i, r in enumerate(results) if r is None]
    # the pipeline loads before the first article is done (a second or two): the bar says so meanwhile
    progress.update(task, description="loading the NLP model", completed=0, total=len(todo))
    at = 0
    for batch in executor.run([articles[i] for i in todo], pipeline):
        done = list(zip(todo[at:at + len(batch)], batch))
        at += len(batch)
        for i, result in done:
            results[i] = result
        if store:  # kept as it comes (committed every few seconds): an interrupted build resumes from there
            store.put([(keys[i], result) for i, result in done])
        progress.update(task, description="extracting", advance=len(batch))
    return results, len(articles) - len(todo)
