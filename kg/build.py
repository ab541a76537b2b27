"""The whole pipeline: read → articles → nlp → extract → resolve → graph → export / draw."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import cooccurrence, draw, export, graph, nlp
from .articles import split_document
from .errors import Errors, KgError
from .extract import extract, imply_locations
from .model import Article, ArticleFacts, Document, Problem
from .read import list_files, read_inputs
from .text import normalize

__all__ = ["build", "BuildReport", "extract_articles", "SEEDS"]

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@dataclass
class BuildReport:
    out: Path
    documents: int = 0
    articles: int = 0
    facts: int = 0
    triples: int = 0
    problems: list[Problem] = field(default_factory=list)


def _articles(docs: Iterable[Document | Problem], report: BuildReport, year: int | None,
              on_problem) -> Iterator[Article]:
    seen: set[str] = set()
    for item in docs:
        if isinstance(item, Problem):
            report.problems.append(item)
            on_problem(item)
            continue
        report.documents += 1
        found = split_document(item, fallback_year=year)
        if not found:
            problem = Problem(item.path, Errors.E011, item.line)
            report.problems.append(problem)
            on_problem(problem)
        for art in found:
            if art.id in seen:  # the same article printed twice
                continue
            seen.add(art.id)
            yield art


def extract_articles(articles: Iterable[Article], batch_size: int = 64) -> Iterator[ArticleFacts]:
    """Run the nlp pipeline and extraction over articles, streaming."""
    pipeline = nlp.load()
    pairs = ((normalize(a.text), a) for a in articles)
    for doc, art in pipeline.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield extract(art, doc)


def build(inputs: list[Path], out: Path, year: int | None = None, quiet: bool = False,
          jsonld: bool = False, client=None) -> BuildReport:
    """Build the graph of ``inputs`` into ``out`` (``graph.jsonld`` too if ``jsonld``); raises :class:`KgError`
    if nothing could be built. With a Dask ``distributed.Client`` (:func:`kg.distributed.cluster`), the articles
    are read and their facts extracted on its cluster: the same graph."""
    report = BuildReport(out=out)
    files = list(list_files(inputs))
    paths = [f for f in files if isinstance(f, Path)]
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), transient=True, disable=quiet, console=Console(stderr=True))

    def on_problem(problem: Problem) -> None:
        # one line a problem, on stderr even with --quiet: a skipped input must never pass unnoticed
        progress.console.print(f"warning: {problem}", highlight=False, markup=False, soft_wrap=True, style="yellow")

    results: list[ArticleFacts] = []
    with progress:
        task = progress.add_task("reading", total=len(paths))
        listed = [f for f in files if isinstance(f, Problem)]

        def documents() -> Iterator[Document | Problem]:
            yield from listed
            for path in paths:
                for item in read_inputs([path]):
                    yield item
                progress.advance(task)
                progress.update(task, description=f"reading {path.name}")

        if client is None:
            found = extract_articles(_articles(documents(), report, year, on_problem))
        else:
            from .distributed import extract

            found = extract(client, paths, listed, year, report, on_problem, lambda n: progress.advance(task, n))
        for r in found:
            results.append(r)
            report.articles += 1
            report.facts += len(r.facts) + len(r.memberships)
        if not results:
            raise KgError(Errors.E020)
        imply_locations(results)
        progress.update(task, description="writing graph")
        ds = graph.to_dataset(results)
        report.triples = len(ds)
        export.write_rdf(ds, out, jsonld=jsonld)
        export.write_facts(ds, out)
        export.write_graphml(graph.to_networkx(ds), out)
        links = cooccurrence.cooccurrence(results)
        cooccurrence.save(links, out / "cooccurrence.json")  # what `kg viz` draws from
        draw.write_html(links, out / "cooccurrence.html")
    return report
