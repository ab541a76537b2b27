"""Where articles are extracted (nlp + extract): the work itself, and the interface of what runs it.

Extraction is nearly all of a build's time and depends on one article alone, so :mod:`kg.pipeline` hands the
articles it has no cached extraction of to an :class:`Executor`, which runs :func:`extract_here` on batches of
them wherever it runs things: :class:`kg.executors.local.Processes` (this process, or worker processes of this
machine) or :class:`kg.executors.dask.Dask` (a Dask cluster). Every executor gives the same facts in the same
order; only where and how fast differ.
"""
from __future__ import annotations

import gc
import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Protocol

from ..model import Article, ArticleFacts, Pipeline, Span
from ..text import view

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["Executor", "extract_here", "extract_batch", "batch_size", "batches", "pieces", "joined", "PIECE",
           "BATCHES_PER_WORKER"]


class Executor(Protocol):
    """Runs the extraction of articles."""

    def run(self, articles: Sequence[Article], pipeline: Pipeline) -> Iterator[list[ArticleFacts]]:
        """The extraction of each of ``articles`` by ``pipeline``, in their order, a batch at a time (the build
        keeps each batch in its cache as it comes, so an interrupted build resumes from there)."""
        ...


# spaCy refuses a text over nlp.max_length (1,000,000 characters: E088), and its memory grows with a text's
# length: a longer article goes through the pipeline in pieces cut at sentence ends, put back together after
PIECE = 100_000


def pieces(article: Article, size: int = PIECE) -> list[tuple[int, Article]]:
    """``article`` as (offset, the article holding only that part of the text) pieces of at most ``size``
    characters, each ending at a sentence's end where one is near (in the second half of the piece)."""
    text, found, start = article.text, [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = max(text.rfind(mark, start + size // 2, end) for mark in "。！？；\n")
            end = cut + 1 if cut >= 0 else end
        found.append((start, replace(article, text=text[start:end])))
        start = end
    return found or [(0, article)]


def joined(article: Article, parts: list[tuple[int, ArticleFacts]]) -> ArticleFacts:
    """One :class:`ArticleFacts` of ``article`` from those of its :func:`pieces` (at their offsets): offsets
    moved to the whole text, events numbered anew, the facts that name them with them."""
    if len(parts) == 1:  # the piece is the whole text: its result is the article's, with what it worked out of it
        whole = parts[0][1]
        whole.article = article
        return whole
    out = ArticleFacts(article)
    for offset, r in parts:
        def moved(span: Span, offset: int = offset) -> Span:
            return Span(span.start + offset, span.end + offset)
        keys = {ev.key: f"e{len(out.events) + i}" for i, ev in enumerate(r.events, 1)}
        out.mentions += [replace(m, start=m.start + offset, end=m.end + offset) for m in r.mentions]
        out.events += [replace(ev, key=keys[ev.key], sentence=moved(ev.sentence)) for ev in r.events]
        out.memberships += [replace(ms, sentence=moved(ms.sentence)) for ms in r.memberships]
        out.facts += [replace(f, obj=keys.get(f.obj, f.obj), sentence=moved(f.sentence)) for f in r.facts]
        out.sentences += [moved(span) for span in r.sentences]
    return out


def extract_here(articles: Iterable[Article], batch_size: int, pipeline: Pipeline) -> Iterator[ArticleFacts]:
    """The extraction of each of ``articles``, in this process, streaming: ``pipeline``'s NLP
    (:func:`kg.nlp.pipeline`, loaded once a process) in batches of ``batch_size``, then the rules."""
    from ..extract import extract  # imported here, as spaCy is: a build with nothing to extract never needs them

    def split() -> Iterator[tuple[str, tuple[Article, int, Article, int]]]:
        for art in articles:
            found = pieces(art)
            for offset, piece in found:
                yield view(piece.text).text, (art, offset, piece, len(found))

    parts: list[tuple[int, ArticleFacts]] = []
    done = 0
    # The cycle collector would go through the extractions piling up at every 700 allocations (0.3 CPU s in
    # seeds ×20's 10); the few cycles an article leaves (closures, ~20 objects) are freed a batch at a time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for doc, (art, offset, piece, count) in _loaded(pipeline).pipe(split(), as_tuples=True,
                                                                      batch_size=batch_size):
            parts.append((offset, extract(piece, doc)))
            if len(parts) == count:
                yield joined(art, parts)
                parts = []
                done += 1
                if collecting and done % batch_size == 0:
                    gc.collect(0)
    finally:
        if collecting:
            gc.enable()


@cache
def _loaded(pipeline: Pipeline) -> Language:
    """``pipeline``'s NLP (:func:`kg.nlp.pipeline`), loaded once a process and then kept out of the cycle
    collector's way: the model and its lexicons live as long as the process, and the collector would go
    through them all again and again as the extractions pile up (a quarter of its time in a build's extraction)."""
    from .. import nlp  # a second of start-up: spaCy

    language = nlp.pipeline(pipeline)
    gc.freeze()
    return language


def extract_batch(batch: list[Article], pipeline: Pipeline) -> list[ArticleFacts]:
    """A worker's job, wherever it runs: the pipeline is loaded on its first batch and kept for the others."""
    return list(extract_here(batch, len(batch), pipeline))


# more batches than workers, so a worker that finishes early takes another rather than the rest waiting on the slowest
BATCHES_PER_WORKER = 4


def batch_size(articles: int, workers: int) -> int:
    """How many articles a batch holds when ``workers`` extract ``articles``: :data:`BATCHES_PER_WORKER` batches a
    worker at least, but 8 to 64 articles (fewer would cost more in handing out than they save; more, memory).

    >>> batch_size(56, 1), batch_size(56, 2), batch_size(10_000, 2)
    (14, 8, 64)
    """
    return max(8, min(64, math.ceil(articles / (BATCHES_PER_WORKER * workers))))


def batches(items: Iterable, size: int) -> Iterator[list]:
    """``items`` in lists of ``size`` (the last may be shorter)."""
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch
