"""Incremental builds: a full build against rebuilds that reuse its cache.

    python -m benchmarks.incremental [INPUT ...] [--copies N] [--jobs N]

Runs ``kg build`` on INPUT (default: the bundled seeds; with ``--copies N``, N× the seeds written by
:mod:`benchmarks.corpus` into a temporary directory) as a user would, each build a process of its own,
timed wall-clock, start-up included:

* ``full``: into an empty directory, so every article is extracted (one process); and again with
  ``--jobs N`` when N > 1;
* ``unchanged``: the same build again: every extraction is cached and the outputs are untouched;
* ``one article added``: the same inputs and a JSONL file holding one new article (the corpus's
  first, its text changed), so one article is extracted and every output is written again;
* ``outputs rewritten``: all cached, but the outputs were touched, so they are all written again.

Prints a Markdown table.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import write_corpus
from kg.articles import split_document
from kg.model import Document
from kg.read import read_inputs

__all__ = ["kg_build", "new_article"]

ROOT = Path(__file__).resolve().parent.parent


def kg_build(inputs: list[Path], out: Path, *options: str) -> tuple[float, int, int]:
    """Seconds, articles and cached articles of one ``kg build``."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "kg", "build", *map(str, inputs), "--out", str(out), *options],
                            capture_output=True, text=True, cwd=ROOT, check=True)
    seconds = time.perf_counter() - start
    summary = re.search(r"(\d+) articles from \d+ documents: .* \((\d+) cached", result.stderr)
    return seconds, int(summary[1]), int(summary[2])


def new_article(inputs: list[Path], path: Path) -> None:
    """A JSONL file of one article not in ``inputs``: their first, its text changed."""
    doc = next(d for d in read_inputs(inputs) if isinstance(d, Document))
    article = split_document(doc)[0]
    record = {"id": "benchmark-added", "title": article.headline, "text": "（新增）" + article.text,
              "date": article.date and article.date.isoformat()}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path, default=[ROOT / "seeds"])
    parser.add_argument("--copies", type=int, help="build this many times the seeds (benchmarks.corpus), not INPUT")
    parser.add_argument("--jobs", type=int, default=2, help="workers of the parallel full build (1: none)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out, added = Path(tmp) / "out", Path(tmp) / "added.jsonl"
        if args.copies:
            args.inputs = [write_corpus(Path(tmp) / "corpus", args.copies).dest]
        new_article(args.inputs, added)
        rows = [("full, one process", *kg_build(args.inputs, out))]
        if args.jobs > 1:
            rows.append((f"full, --jobs {args.jobs}", *kg_build(args.inputs, Path(tmp) / "parallel", "--no-cache",
                                                              "--jobs", str(args.jobs))))
        rows.append(("unchanged", *kg_build(args.inputs, out)))
        rows.append(("one article added", *kg_build([*args.inputs, added], out)))
        (out / "graph.ttl").touch()
        rows.append(("outputs rewritten", *kg_build([*args.inputs, added], out)))
    full = rows[0][1]
    print("| build | articles | extracted | seconds | of the full build |\n| --- | ---: | ---: | ---: | ---: |")
    for label, seconds, articles, cached in rows:
        print(f"| {label} | {articles:,} | {articles - cached:,} | {seconds:.1f} | {seconds / full:.1%} |")


if __name__ == "__main__":
    main()
