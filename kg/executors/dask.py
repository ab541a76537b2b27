"""Past one machine: ``kg build --dask`` extracts on a Dask cluster.

The build reads and splits its inputs and looks up its cache where it runs, as a local build does; the
articles left to extract go to the cluster in batches (:func:`kg.executors.batch_size`, four a worker at
least), each one task running :func:`kg.executors.extract_batch`, and their facts come back in order. The
build then finishes where it started: the graph is the local build's, triple for triple.

Each worker process loads the pipeline once, when it starts or joins (:class:`LoadPipeline`); tasks find it in
:func:`kg.nlp.pipeline`'s cache, and never carry it. Every worker needs govkg installed, the same version.
"""
from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager

from distributed import Client, KilledWorker, LocalCluster, WorkerPlugin

from ..errors import Errors, KgError, counted
from ..model import Article, ArticleFacts, Pipeline
from . import batch_size, batches, extract_batch

__all__ = ["cluster", "Dask", "LoadPipeline"]

# spaCy does not promise that one pipeline may run in two threads at once; a worker started with more than one
# thread runs one extraction at a time (the GIL would leave nothing to gain)
_PIPELINE_LOCK = threading.Lock()


class LoadPipeline(WorkerPlugin):
    """Loads the NLP pipeline in each worker process as it starts or joins, before any task needs it."""

    name = "govkg-pipeline"

    def __init__(self, pipeline: Pipeline = Pipeline.ACCURATE):
        self.pipeline = pipeline

    def setup(self, worker) -> None:
        from .. import nlp

        nlp.pipeline(self.pipeline)


class Dask:
    """:class:`kg.executors.Executor` on the cluster of a Dask ``client`` (:func:`cluster` makes one)."""

    def __init__(self, client: Client):
        self.client = client

    def run(self, articles: Sequence[Article], pipeline: Pipeline) -> Iterator[list[ArticleFacts]]:
        workers = max(1, len(self.client.nthreads()))
        # pure=False: an article's text may be the same in two builds, its extraction by a newer rule not
        pending = deque((batch, self.client.submit(_task, batch, pipeline, pure=False))
                        for batch in batches(articles, batch_size(len(articles), workers)))
        while pending:
            batch, future = pending.popleft()  # dropping the future frees its result on the cluster
            try:
                yield future.result()
            except KilledWorker as e:
                raise KgError(Errors.E108.format(first=batch[0].path, count=counted(len(batch), "article"),
                                                 detail=e)) from e


@contextmanager
def cluster(spec: str, pipeline: Pipeline = Pipeline.ACCURATE) -> Iterator[Dask]:
    """The executor of ``--dask SPEC``: a number N starts a local cluster of N worker processes for as long as
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
        yield Dask(client)


def _version() -> str:
    """This govkg's version, where it runs: unpickling this function makes the scheduler or a worker import
    :mod:`kg.executors.dask`, as it must to read the tasks."""
    from .. import __version__

    return __version__


def _task(batch: list[Article], pipeline: Pipeline) -> list[ArticleFacts]:
    with _PIPELINE_LOCK:
        return extract_batch(batch, pipeline)


def _first_line(e: Exception) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
