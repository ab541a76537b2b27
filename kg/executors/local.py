"""The executor of one machine: extraction in this process, or in worker processes, one a core by default."""
from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..errors import Errors, KgError
from ..model import Article, ArticleFacts, Pipeline
from ..process import exit_with, workers
from . import batch_size, batches, extract_batch, extract_here

__all__ = ["Processes", "extract_articles"]


class Processes:
    """:class:`kg.executors.Executor` on this machine: ``jobs`` worker processes (0: :func:`kg.process.workers`
    chooses by the cores and the articles; 1: this process alone)."""

    def __init__(self, jobs: int = 0):
        self.jobs = jobs

    def run(self, articles: Sequence[Article], pipeline: Pipeline) -> Iterator[list[ArticleFacts]]:
        jobs = workers(self.jobs, len(articles))
        size = batch_size(len(articles), jobs)
        return batches(extract_articles(articles, size, jobs, pipeline), size)


def extract_articles(articles: Iterable[Article], batch_size: int = 64, jobs: int = 1,
                     pipeline: Pipeline = Pipeline.ACCURATE) -> Iterator[ArticleFacts]:
    """Run the nlp pipeline (``accurate`` or ``fast``: :func:`kg.nlp.pipeline`) and extraction over articles,
    streaming, in their order.

    With ``jobs`` > 1, batches of ``batch_size`` articles go to that many worker processes, at most
    two a worker waiting at any time, so memory is bounded by the batches, not by the corpus; a single
    batch is extracted here, as starting workers would cost more than they save.
    """
    todo = batches(articles, batch_size)
    first = list(itertools.islice(todo, 2))
    if jobs <= 1 or len(first) < 2:
        yield from extract_here(itertools.chain(*first, itertools.chain.from_iterable(todo)), batch_size, pipeline)
        return
    # forkserver (where there is one), not fork: the progress bar's thread may hold a lock at the moment of a fork
    forkserver = "forkserver" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if forkserver else "spawn")
    if forkserver:  # imported once, in the server, rather than by every worker
        context.set_forkserver_preload(["kg.nlp", "kg.extract"])
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_start, initargs=(os.getpid(),))
    try:
        pending: deque = deque()
        for batch in itertools.chain(first, todo):
            pending.append(pool.submit(extract_batch, batch, pipeline))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except BrokenProcessPool as e:
        raise KgError(Errors.E083.format(detail=e)) from e
    finally:
        pool.shutdown(cancel_futures=True)


def _worker_start(build: int) -> None:
    # Ctrl-C reaches the whole process group: the parent stops the workers, which must not print tracebacks
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with(build)  # a build killed (kill -9) runs no cleanup: its workers must not stay
