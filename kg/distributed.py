"""Past one machine: ``kg build --dask`` runs read → articles → nlp → extract on a Dask cluster.

The input files are cut into runs of about equal size, in order, and each run
is one task: a worker reads its files, splits them into articles and runs the
NLP pipeline and extraction on them, with :mod:`kg.build`'s own functions, and
returns the :class:`~kg.model.ArticleFacts` with a partial
:class:`~kg.build.BuildReport` (documents read, problems met). The build then
finishes on the machine that started it, exactly as a local build does: the
results come back in input order, an article printed in two runs is kept once,
the locations an article's district implies are added page by page, and the
entities are resolved across all articles. So the graph is the local build's,
triple for triple.

Each worker process loads the pipeline once, when it starts or joins
(:class:`LoadPipeline`); tasks find it in :func:`kg.nlp.load`'s cache, and
never carry it. Every worker needs govkg installed (the same version) and must
see the input files at the paths the build gives them, absolute: a shared
filesystem.

>>> partition([5, 1, 1, 1, 5, 1], 3)
[range(0, 1), range(1, 5), range(5, 6)]
>>> partition([1, 1], 4)
[range(0, 1), range(1, 2)]
"""
from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from distributed import Client, KilledWorker, LocalCluster, WorkerPlugin

from .build import BuildReport, _articles, extract_articles
from .errors import Errors, KgError, counted
from .model import ArticleFacts, Pipeline, Problem
from .read import read_inputs

__all__ = ["cluster", "extract", "extract_files", "partition", "LoadPipeline", "TASKS_PER_WORKER"]

# more runs than workers, so a worker that finishes early takes another run rather than waiting on the slowest
TASKS_PER_WORKER = 4

# spaCy does not promise that one pipeline may run in two threads at once; a worker started with more than one
# thread runs one extraction at a time (the GIL would leave nothing to gain)
_PIPELINE_LOCK = threading.Lock()


def _version() -> str:
    """This govkg's version, where it runs: unpickling this function makes the scheduler or a worker import
    :mod:`kg.distributed`, as it must to read the tasks."""
    from . import __version__

    return __version__


class LoadPipeline(WorkerPlugin):
    """Loads the NLP pipeline in each worker process as it starts or joins, before any task needs it."""

    name = "govkg-pipeline"

    def __init__(self, pipeline: Pipeline = Pipeline.ACCURATE):
        self.pipeline = pipeline

    def setup(self, worker) -> None:
        from . import nlp

        nlp.pipeline(self.pipeline)


@contextmanager
def cluster(spec: str, pipeline: Pipeline = Pipeline.ACCURATE) -> Iterator[Client]:
    """A Dask client for ``--dask SPEC``: a number N starts a local cluster of N worker processes for as long as
    the ``with`` lasts; anything else is the address of a running scheduler (``tcp://host:8786``) to connect to,
    within Dask's connect timeout (``DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT``, 30 s by default)."""
    with ExitStack() as stack:
        address = spec
        if spec.isdigit():
            if int(spec) < 1:
                raise KgError(Errors.E104.format(value=spec))
            # one thread a worker: the pipeline holds the GIL, so processes are what runs articles in parallel.
            # The scheduler's HTTP server starts even with no dashboard: on a free local port, as 8787 may be taken
            address = stack.enter_context(LocalCluster(n_workers=int(spec), threads_per_worker=1, processes=True,
                                                       dashboard_address="127.0.0.1:0")).scheduler_address
        try:
            client = stack.enter_context(Client(address))
        except (OSError, TimeoutError, ValueError, TypeError) as e:  # no answer, or not an address
            raise KgError(Errors.E105.format(address=address, detail=_first_line(e))) from e
        try:
            versions = {"the scheduler": client.run_on_scheduler(_version), **client.run(_version)}
            client.register_plugin(LoadPipeline(pipeline))
        except Exception as e:  # a failure over there comes back as itself or as a bare Exception naming it
            raise KgError(Errors.E107.format(address=address, detail=_first_line(e))) from e
        ours = _version()
        for where, theirs in versions.items():
            if theirs != ours:  # another version may extract other facts: not the local build's graph
                raise KgError(Errors.E109.format(where=where, theirs=theirs, ours=ours))
        yield client


def _first_line(e: Exception) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


def partition(sizes: list[int], count: int) -> list[range]:
    """Indexes of ``sizes`` cut into at most ``count`` runs, in order, each of about ``sum(sizes) / count``."""
    total = sum(sizes) or 1
    runs, start, filled = [], 0, 0
    for i, size in enumerate(sizes):
        filled += size
        # a run ends where the sizes so far reach the next count-th of the total (a big file may pass several)
        if filled * count >= total * (len(runs) + 1) or i == len(sizes) - 1:
            runs.append(range(start, i + 1))
            start = i + 1
    return runs


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # the worker reports it
        return 0


def extract_files(paths: list[Path], year: int | None, out: Path,
                  pipeline: Pipeline = Pipeline.ACCURATE) -> tuple[list[ArticleFacts], BuildReport]:
    """A task: read → articles → nlp → extract over ``paths``, as :func:`kg.build.build` does, on a worker.

    The report is this run's part of the build's: its documents and problems.
    """
    report = BuildReport(out=out)
    with _PIPELINE_LOCK:
        # the problems are the build's to print, where it runs
        results = list(extract_articles(_articles(read_inputs(paths), report, year, on_problem=lambda p: None),
                                        pipeline=pipeline))
    return results, report


def extract(client: Client, paths: list[Path], listed: list[Problem], year: int | None, report: BuildReport,
            on_problem: Callable[[Problem], None], advance: Callable[[int], None],
            pipeline: Pipeline = Pipeline.ACCURATE) -> Iterator[ArticleFacts]:
    """:func:`extract_files` over ``paths`` on ``client``'s cluster: every article's facts in input order, each
    article once. ``listed`` are the problems found listing the inputs; ``report`` counts the documents and
    collects every problem, each passed to ``on_problem`` too; ``advance(n)`` as ``n`` more files are done."""
    def note(problems: list[Problem]) -> None:
        for problem in problems:
            report.problems.append(problem)
            on_problem(problem)

    note(listed)
    paths = [path.absolute() for path in paths]  # a worker's working directory is its own
    workers = max(1, len(client.nthreads()))
    runs = [paths[r.start:r.stop] for r in partition([_size(p) for p in paths], workers * TASKS_PER_WORKER)]
    # pure=False: the files may have changed since a build on the same client
    pending = deque((run, client.submit(extract_files, run, year, report.out, pipeline, pure=False)) for run in runs)
    seen: set[str] = set()
    while pending:
        run, future = pending.popleft()  # dropping the future frees its result on the cluster
        try:
            results, part = future.result()
        except KilledWorker as e:
            raise KgError(Errors.E108.format(first=run[0], count=counted(len(run), "file"), detail=e)) from e
        report.documents += part.documents
        note(part.problems)
        for result in results:
            if result.article.id not in seen:  # the same article printed in two runs, as in _articles
                seen.add(result.article.id)
                yield result
        advance(len(run))
