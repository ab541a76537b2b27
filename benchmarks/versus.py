"""`kg build` of this checkout against another, side by side in one run: steady-state throughput.

    python -m benchmarks.versus OTHER [--rounds 3] [--small 10] [--large 20] [--build-args "--jobs 1"]

OTHER is another checkout of govkg (a ``git worktree add --detach ../base <commit>`` of the commit to
compare with). Both are run by this venv's Python, each from its own source tree (``PYTHONPATH``), on
the same corpora of N× the seeds (:mod:`benchmarks.corpus`), alternating run by run so that both see
the same machine. The steady-state throughput of a build cancels its start-up (loading the model,
importing): the characters of the large corpus less those of the small one, over the time the large
build took less the small one's. Prints the median of the rounds for each checkout.
"""
from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent


def characters(corpus: Path) -> int:
    """The characters of the articles' text, as the build reads them."""
    from kg.articles import split_document
    from kg.model import Document
    from kg.read import read_inputs

    found = {}
    for doc in read_inputs([corpus]):
        if isinstance(doc, Document):
            found.update((a.id, len(a.text)) for a in split_document(doc))
    return sum(found.values())


def build_seconds(tree: Path, corpus: Path, out: Path, args: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    shutil.rmtree(out, ignore_errors=True)  # a build from nothing each time: no output to keep or compare
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "--no-cache", "--quiet",
                    *args], check=True, env=env, cwd=out.parent, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("other", type=Path, help="another checkout of govkg to compare with")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--small", type=int, default=10, help="copies of the seeds in the small corpus")
    parser.add_argument("--large", type=int, default=20, help="copies of the seeds in the large corpus")
    parser.add_argument("--build-args", default="--jobs 1", help="more options for kg build")
    options = parser.parse_args(argv)
    trees = {"this": ROOT, "other": options.other.resolve()}
    args = shlex.split(options.build_args)
    with tempfile.TemporaryDirectory() as tmp:
        corpora = {}
        for copies in (options.small, options.large):
            corpora[copies] = write_corpus(Path(tmp) / f"seeds-x{copies}", copies).dest
        extra = characters(corpora[options.large]) - characters(corpora[options.small])
        for name, tree in trees.items():  # a build each, uncounted: compiled modules and the disk cache warm
            build_seconds(tree, corpora[options.small], Path(tmp) / f"out-{name}-warm", args)
        rates: dict[str, list[float]] = {name: [] for name in trees}
        for round_ in range(options.rounds):
            for name, tree in trees.items():
                seconds = {copies: build_seconds(tree, corpus, Path(tmp) / f"out-{name}-{copies}", args)
                           for copies, corpus in corpora.items()}
                rates[name].append(extra / (seconds[options.large] - seconds[options.small]))
                print(f"round {round_ + 1} {name}: {rates[name][-1]:,.0f} characters a second", flush=True)
    load = os.getloadavg()[0]
    print(f"\nsteady state, seeds ×{options.small} → ×{options.large}, median of {options.rounds}, "
          f"load average {load:.1f}:")
    for name, tree in trees.items():
        print(f"  {name} ({tree}): {statistics.median(rates[name]):,.0f} characters a second")
    ratio = statistics.median(rates["this"]) / statistics.median(rates["other"])
    print(f"  this / other: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
