"""Speed of `kg build`, stage by stage, on N× the seeds, with each pipeline, next to raw pkuseg and jieba.posseg.

    python -m benchmarks.build_speed [--scales 1,10] [--pipelines accurate,fast] [--json FILE] [--build-args "--jobs 2"]

For each scale N (``--scales``), writes a corpus of N× the seeds
(:mod:`benchmarks.corpus`: the seeds, then generated variations) and measures, for each pipeline
(``--pipelines``, default both, one after the other in the same run):

* **the stages**, in a fresh process of their own, one after another through
  the public functions a build calls: read + articles (``kg.read.read_inputs``,
  ``kg.articles.split_document``), loading the pipeline (``kg.nlp.pipeline``), nlp
  (the pipeline's tokenizer, then each of its components,
  streaming in batches of 64 as ``kg.executors.local.extract_articles`` runs them, each
  timed: a row for each), extract (``kg.extract``), resolve + graph (``kg.resolve.resolve`` once and
  every name looked up, ``kg.graph.lookups``; each article's graph, ``kg.graph.render``; the co-occurrence
  graph, ``kg.cooccurrence.tally``, as the build does: :class:`kg.outputs.Built` makes them) and outputs
  (each writer of ``kg.outputs.WRITERS`` a build runs, a row for each);
* **``kg build`` end to end**: the command itself (``python -m kg build --quiet --pipeline P --jobs 1``
  plus ``--build-args``) in a fresh process, start-up included, so it measures
  whatever the build does, also what the stages above do not know of; then the same
  command on one short article, which is all start-up (the interpreter, imports,
  loading the pipeline, the indexes of places resolution builds once a build, which it names a place for,
  the outputs' fixed costs): the build's time less that one's is
  the **steady state, start-up cancelled**, what a corpus ten or a hundred times as
  large costs a character; measured also in CPU time (user and system, ``os.wait4``), which on cores
  shared with other work is the steadier figure of what a core does (with ``--jobs`` above 1 in
  ``--build-args`` it misses the workers', children of multiprocessing's forkserver);
* **the yardsticks**, once a scale, in the first pipeline's stages' process after them, on
  the same text: the accurate pipeline's own pruned pkuseg model cutting it and nothing else
  (``kg.nlp.load().tokenizer.pkuseg_seg``), and ``jieba.posseg`` (``pip install
  '.[bench]'``), a common measure of Chinese tagging speed.

Characters are those of the articles' text, what the pipeline reads (the pages
hold a few more: headlines, bylines, layout); articles are the distinct ones the
build reads (an article printed twice is read once). Every figure is wall-clock
time of one process, so it depends on what else the machine runs.

Peak memory is the kernel's high-water mark of the process's resident memory
(``ru_maxrss``): for a stage, the mark when it ends, with what the stage raised
it by (nlp and extract run interleaved, streaming, as in a build: the nlp row
shows both); for ``kg build``, that of its process (``os.wait4``; with worker
processes, the largest of them). It counts what native code allocates (the
model's arrays, pkuseg, Oxigraph), which ``tracemalloc`` would miss while slowing
every allocation down. A stage that needs less than an earlier one shows +0.

Prints one Markdown table a scale and pipeline, then one comparing the pipelines; ``--json`` also writes
every figure.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TypeVar

from kg.errors import Errors, KgError

__all__ = ["Row", "Scale", "measure", "stages", "table", "comparison"]

ROOT = Path(__file__).resolve().parent.parent
BATCH_SIZE = 64  # kg.executors.local.extract_articles' batches
PKUSEG_ALONE = "pkuseg alone (the accurate pipeline's pruned model)"
STEADY = "`kg build`, steady state (start-up cancelled)"
# all start-up: what a build of it costs, a corpus of any size costs too; it names a place, as every corpus does,
# so that the gazetteer's and divisions' indexes, built once a build when a place is first resolved, are start-up
ONE_ARTICLE = '{"id": "start-up", "text": "6月25日，县委书记赵海燕在城关镇主持召开会议，县领导李明出席。"}\n'
T = TypeVar("T")


@dataclass
class Row:
    """One line of the table: a stage (or a part of one, or a yardstick) and what it took."""

    stage: str
    seconds: float
    rss_mib: float | None = None  # peak resident memory when the row ended
    added_mib: float | None = None  # what this row raised that peak by
    per_text: bool = True  # False for rows whose work does not grow with the text (loading the model)
    part: bool = False  # a part of the stage above, already counted in it
    cpu_seconds: float | None = None  # CPU time (user + system), where measured: on shared cores, the steadier figure


@dataclass
class Scale:
    """The figures of one scale and pipeline: the corpus and every row."""

    copies: int
    pipeline: str
    pages: int
    page_chars: int
    articles: int
    facts: int
    triples: int
    chars: int
    corpus_seconds: float
    rows: list[Row]


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


class _Stages:
    """Times stages run one after another in this process, with the memory high-water mark after each."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self._peak = _peak_mib()

    @contextmanager
    def stage(self, name: str, per_text: bool = True) -> Iterator[Callable[[str], AbstractContextManager]]:
        """Time the ``with`` block as stage ``name``; what it yields times a part of it, for rows of their own."""
        parts: list[tuple[str, float]] = []

        @contextmanager
        def part(label: str) -> Iterator[None]:
            start = time.perf_counter()
            yield
            parts.append((label, time.perf_counter() - start))

        start = time.perf_counter()
        yield part
        self.add(name, time.perf_counter() - start, per_text)
        for label, seconds in parts:
            self.add(f"{name}: {label}", seconds, part=True)

    def add(self, stage: str, seconds: float, per_text: bool = True, part: bool = False,
            memory: bool = True) -> None:
        if part or not memory:
            self.rows.append(Row(stage, seconds, per_text=per_text, part=part))
            return
        peak = _peak_mib()
        self.rows.append(Row(stage, seconds, peak, peak - self._peak, per_text))
        self._peak = peak


class _Clock(Iterator[T]):
    """The seconds spent pulling items out of an iterator, which includes the work of everything upstream
    of it: with one clock after each step of a chain, a step's own time is its clock's less the one before."""

    def __init__(self, items: Iterable[T]) -> None:
        self.items, self.seconds = iter(items), 0.0

    def __next__(self) -> T:
        start = time.perf_counter()
        try:
            return next(self.items)
        finally:
            self.seconds += time.perf_counter() - start


def stages(corpus: Path, out: Path, pipeline_name: str = "accurate", yardsticks: bool = True
           ) -> tuple[dict[str, int], list[Row]]:
    """Run every stage of a build of ``corpus`` (outputs in ``out``) with the pipeline ``pipeline_name``, then
    the yardsticks if asked, in this process: the counts of articles, facts and triples (as ``kg build``
    counts them) and characters, and a row per stage, part of a stage, and yardstick."""
    from kg import nlp, outputs
    from kg.articles import split_document
    from kg.extract import extract, imply_locations
    from kg.resolve import resolve
    from kg.model import Document
    from kg.read import read_inputs
    from kg.text import view

    clock = _Stages()
    with clock.stage("read + articles"):
        found = {}  # by id: an article printed twice is read once, as kg build does
        for doc in read_inputs([corpus]):
            if isinstance(doc, Document):
                found.update((a.id, a) for a in split_document(doc) if a.id not in found)
        articles = list(found.values())
    texts = [view(a.text).text for a in articles]
    with clock.stage("load the pipeline", per_text=False):
        pipeline = nlp.pipeline(pipeline_name)
    pipeline("预热。")  # the tokenizer builds some tables on first use: not the text's work

    # the pipeline's steps chained as spacy.Language.pipe chains them in one process, a clock after each
    steps = [("tokenizer", _Clock(map(pipeline.make_doc, texts)))]
    for name, component in pipeline.pipeline:
        docs = steps[-1][1]
        steps.append((name, _Clock(component.pipe(docs, batch_size=BATCH_SIZE) if hasattr(component, "pipe")
                                   else map(component, docs))))
    results, extracting = [], 0.0
    for article, doc in zip(articles, steps[-1][1]):
        start = time.perf_counter()
        results.append(extract(article, doc))
        extracting += time.perf_counter() - start
    start = time.perf_counter()
    imply_locations(results)
    extracting += time.perf_counter() - start
    clock.add("nlp", steps[-1][1].seconds)
    upstream = 0.0
    for name, step in steps:
        clock.add(f"nlp: {name}", step.seconds - upstream, part=True)
        upstream = step.seconds
    clock.add("extract", extracting)

    with clock.stage("resolve + graph") as part:
        with part("resolving"):
            built = outputs.Built(results, resolve(results))
            _ = built.entities, built.relations
        with part("articles' graphs"):
            _ = built.graphs, built.triples
        with part("co-occurrence"):
            _ = built.tally
    out.mkdir(parents=True, exist_ok=True)
    with clock.stage("outputs") as part:
        for writer in outputs.WRITERS.values():
            if not writer.optional:  # as kg build without --jsonld
                with part(", ".join(writer.files)):
                    writer.write(built, out)
    # the peak after the last stage (its parts' rows, after it, have none of their own)
    peak = next(r.rss_mib for r in reversed(clock.rows) if not r.part)
    clock.rows.append(Row("all stages", sum(r.seconds for r in clock.rows if not r.part), peak))

    counts = {"articles": len(articles), "chars": sum(map(len, texts)),
              "facts": sum(len(r.facts) + len(r.memberships) for r in results), "triples": len(built.triples)}
    if yardsticks:
        clock.rows += _yardsticks(texts)
    return counts, clock.rows


def _yardsticks(texts: list[str]) -> list[Row]:
    """The accurate pipeline's pkuseg alone, and jieba.posseg, over ``texts``."""
    from kg import nlp

    cpu = time.process_time()
    rows = [Row(PKUSEG_ALONE, _timed(nlp.load().tokenizer.pkuseg_seg.cut, texts))]
    rows[0].cpu_seconds = time.process_time() - cpu
    try:
        import jieba
        import jieba.posseg
    except ImportError:
        print(f"warning: {Errors.E092}", file=sys.stderr)
    else:
        jieba.setLogLevel(60)
        jieba.initialize()  # its dictionary, loaded on first use otherwise
        rows.append(Row("jieba.posseg", _timed(jieba.posseg.lcut, texts)))
    return rows


def _timed(run: Callable[[str], object], texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        run(text)
    return time.perf_counter() - start


def _subprocess_peak(command: list[str]) -> tuple[float, float, float]:
    """Run ``command`` from the repository's root: its seconds, peak RSS (MiB) and CPU seconds (user and system,
    its own and its waited-for children's); :class:`KgError` if it fails."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors)
        # wait4, not getrusage(RUSAGE_CHILDREN): the latter's peak would be the largest of all our children
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            detail = errors.read().decode("utf-8", "replace").strip().splitlines()
            raise KgError(Errors.E093.format(command=shlex.join(command[2:]), code=process.returncode,
                                             detail=detail[-1] if detail else "no message"))
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def _write_corpus(dest: Path, copies: int, seed: int):
    # imported here, in the process that writes the corpus: the one that measures must stay small (below)
    from benchmarks.corpus import write_corpus

    return write_corpus(dest, copies, seed)


def measure(copies: int, pipelines: Sequence[str] = ("accurate", "fast"), build_args: Sequence[str] = (),
            seed: int = 0) -> list[Scale]:
    """Every figure of one scale, a :class:`Scale` a pipeline: writes the corpus of ``copies`` × the seeds to a
    temporary directory; for each pipeline, runs the stages in a fresh process (the first one the yardsticks
    too), then ``kg build`` (with ``build_args``) of the corpus and of one short article, each in another."""
    found: list[Scale] = []
    with tempfile.TemporaryDirectory(prefix="govkg-bench-") as tmp:
        start = time.perf_counter()
        # in a process of its own, which loads the pipeline to find names: a process starts with the peak RSS of
        # the one that started it (Linux keeps ru_maxrss through fork and exec), so this one must stay small
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            info = pool.submit(_write_corpus, Path(tmp) / "corpus", copies, seed).result()
        corpus_seconds = time.perf_counter() - start
        one = Path(tmp) / "one.jsonl"
        one.write_text(ONE_ARTICLE, encoding="utf-8")
        for i, pipeline in enumerate(pipelines):
            report = Path(tmp) / f"stages-{pipeline}.json"
            _subprocess_peak([sys.executable, "-m", "benchmarks.build_speed", "--worker", str(info.dest),
                              "--pipelines", pipeline, "--json", str(report), *(["--yardsticks"] if i == 0 else [])])
            stages_found = json.loads(report.read_text(encoding="utf-8"))
            rows = [Row(**row) for row in stages_found["rows"]]
            # one core, what the figures are of: worker processes are the children of multiprocessing's forkserver,
            # which nobody waits for, so their CPU time would be missing (a later --jobs in build_args wins)
            options = ["--quiet", "--pipeline", pipeline, "--jobs", "1", *build_args]
            seconds, peak, cpu = _subprocess_peak([sys.executable, "-m", "kg", "build", str(info.dest), "--out",
                                                   str(Path(tmp) / f"out-{pipeline}"), *options])
            start_up, _, start_up_cpu = _subprocess_peak([sys.executable, "-m", "kg", "build", str(one), "--out",
                                                          str(Path(tmp) / f"one-{pipeline}"), *options])
            at = next(i for i, r in enumerate(rows) if r.stage == "all stages") + 1
            rows[at:at] = [Row(f"`kg build {shlex.join(options)}`, end to end", seconds, peak, cpu_seconds=cpu),
                           Row("`kg build`, one short article: start-up", start_up, per_text=False,
                               cpu_seconds=start_up_cpu),
                           Row(STEADY, seconds - start_up, cpu_seconds=cpu - start_up_cpu)]
            found.append(Scale(copies=copies, pipeline=pipeline, pages=info.files, page_chars=info.chars,
                               articles=stages_found["articles"], facts=stages_found["facts"],
                               triples=stages_found["triples"], chars=stages_found["chars"],
                               corpus_seconds=corpus_seconds, rows=rows))
    return found


def _rate(count: int, row: Row) -> str:
    return f"{count / row.seconds:,.0f}" if row.per_text and row.seconds > 0 else ""


def table(scale: Scale) -> str:
    """A scale's figures with one pipeline as a Markdown table (with a line saying what was measured)."""
    lines = [f"seeds ×{scale.copies}, {scale.pipeline} pipeline: {scale.articles:,} articles, {scale.chars:,} "
             f"characters of article text, {scale.facts:,} facts, {scale.triples:,} triples "
             f"({scale.pages:,} pages of {scale.page_chars:,} characters, generated in "
             f"{scale.corpus_seconds:.1f} s)", "",
             "| stage | seconds | chars/s | articles/s | peak RSS MiB (+ by the stage) |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for r in scale.rows:
        memory = "" if r.rss_mib is None else f"{r.rss_mib:,.0f}" + (
            f" (+{r.added_mib:,.0f})" if r.added_mib is not None else "")
        stage = f"**{r.stage}**" if r.stage == "all stages" or r.stage.startswith("`kg build") else r.stage
        lines.append(f"| {stage} | {r.seconds:,.1f} | {_rate(scale.chars, r)} | {_rate(scale.articles, r)} "
                     f"| {memory} |")
    return "\n".join(lines)


def comparison(scales: list[Scale]) -> str:
    """The pipelines of one scale side by side: characters a second of the nlp stage, of all stages, of ``kg
    build`` end to end and in its steady state, and that last as a multiple of pkuseg alone in the same run; then
    the steady state and that multiple again by CPU time (a core's work, whatever else the machine runs)."""
    rows = {s.pipeline: {r.stage: r for r in s.rows} for s in scales}
    pkuseg = next((r[PKUSEG_ALONE] for r in rows.values() if PKUSEG_ALONE in r), None)
    lines = [f"seeds ×{scales[0].copies}, the pipelines side by side (characters a second"
             + (f"; pkuseg alone {_rate(scales[0].chars, pkuseg)}" if pkuseg else "") + ")", "",
             "| pipeline | nlp | extract | all stages | `kg build`, end to end | steady state | × pkuseg alone "
             "| articles/s, steady state | facts | steady state, a CPU second | × pkuseg alone, CPU |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for scale in scales:
        r = rows[scale.pipeline]
        build = next(row for name, row in r.items() if name.startswith("`kg build --quiet"))
        times = f"{pkuseg.seconds / r[STEADY].seconds:.1f}" if pkuseg and r[STEADY].seconds > 0 else ""
        cpu = r[STEADY].cpu_seconds
        cpu_rate = f"{scale.chars / cpu:,.0f}" if cpu and cpu > 0 else ""
        cpu_times = (f"{pkuseg.cpu_seconds / cpu:.1f}" if cpu and cpu > 0 and pkuseg and pkuseg.cpu_seconds
                     else "")
        lines.append(f"| {scale.pipeline} | {_rate(scale.chars, r['nlp'])} | {_rate(scale.chars, r['extract'])} "
                     f"| {_rate(scale.chars, r['all stages'])} | {_rate(scale.chars, build)} "
                     f"| {_rate(scale.chars, r[STEADY])} | {times} | {_rate(scale.articles, r[STEADY])} "
                     f"| {scale.facts:,} | {cpu_rate} | {cpu_times} |")
    return "\n".join(lines)


def _pipelines(text: str) -> list[str]:
    from kg.model import Pipeline

    try:
        return [Pipeline.named(name).value for name in text.split(",")]
    except KgError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _scales(text: str) -> list[int]:
    try:
        scales = [int(s) for s in text.split(",")]
    except ValueError:
        scales = []
    if not scales or min(scales) < 1:
        raise argparse.ArgumentTypeError(Errors.E094.format(value=text))
    return scales


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=_scales, default=[1, 10],
                        help="copies of the seeds to build, comma-separated (default: 1,10)")
    parser.add_argument("--pipelines", type=_pipelines, default=["accurate", "fast"],
                        help="the pipelines to measure, comma-separated (default: accurate,fast)")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--build-args", default="", help="more options for the end-to-end `kg build`")
    parser.add_argument("--seed", type=int, default=0, help="seed of the corpus' variations")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)  # the stages, in a process of their own
    parser.add_argument("--yardsticks", action="store_true", help=argparse.SUPPRESS)  # the worker's too
    args = parser.parse_args()
    if args.worker:
        with tempfile.TemporaryDirectory(prefix="govkg-bench-out-") as out:
            counts, rows = stages(args.worker, Path(out), args.pipelines[0], args.yardsticks)
        args.json.write_text(json.dumps({**counts, "rows": [asdict(r) for r in rows]}), encoding="utf-8")
        return
    results = []
    try:
        for copies in args.scales:
            scales = measure(copies, args.pipelines, shlex.split(args.build_args), args.seed)
            results += scales
            print("\n\n\n".join([*map(table, scales), comparison(scales)]) + "\n", flush=True)
    except KgError as e:
        parser.exit(1, f"error: {e}\n")
    if args.json:
        args.json.write_text(json.dumps([asdict(s) for s in results], indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
