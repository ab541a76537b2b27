"""The resolution benchmark: pairwise precision and recall of "same resource" on the namesakes corpus.

    python -m benchmarks.resolution [--articles 2000] [--seed 0] [--keep DIR]

writes the corpus of :func:`benchmarks.corpus.write_namesakes` (whose truth is known by construction), runs
``kg build``'s stages on it (read, articles, nlp, extract, implied places, resolution) and scores every name
the extraction found that the truth knows: two mentions (a name in an article) are a pair; a pair is
predicted "same" when resolution gives both one resource, true "same" when the truth says one person or
body. Precision is the share of predicted pairs that are true, recall the share of true pairs predicted,
for person mentions and for body mentions apart. ``found`` is the share of the truth's names the extraction
found (the others are not scored).

>>> import tempfile
>>> score = measure(Path(tempfile.mkdtemp()) / "corpus", articles=40)
>>> sorted(score), score["person"].mentions > 50
(['body', 'person'], True)
"""
from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from math import comb
from pathlib import Path

from benchmarks.corpus import write_namesakes
from kg.articles import split_document
from kg.executors.local import extract_articles
from kg.extract import imply_locations
from kg.model import Document, Kind
from kg.read import read_inputs
from kg.resolve import resolve
from kg.text import normalize

__all__ = ["Score", "pairwise", "measure"]

_KINDS = {"person": (Kind.PERSON,), "body": (Kind.GOV, Kind.ORG)}


@dataclass(frozen=True)
class Score:
    """Pairwise precision and recall over ``mentions`` mentions (``found`` of the truth's), from ``predicted``
    and ``true`` same-resource pairs, ``right`` of them both."""

    mentions: int
    found: float
    predicted: int
    true: int
    right: int

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.true if self.true else 1.0


def pairwise(labels: list[tuple[str, str]], found: float = 1.0) -> Score:
    """The pairwise score of (predicted resource, true identity) for each mention.

    >>> s = pairwise([("a", "x"), ("a", "x"), ("a", "y"), ("b", "y")])
    >>> s.predicted, s.true, s.right, round(s.precision, 3), s.recall
    (3, 2, 1, 0.333, 0.5)
    """
    def pairs(counts: Counter) -> int:
        return sum(comb(n, 2) for n in counts.values())

    return Score(len(labels), found, pairs(Counter(p for p, _ in labels)), pairs(Counter(t for _, t in labels)),
                 pairs(Counter(labels)))


def measure(dest: Path, articles: int = 2000, seed: int = 0) -> dict[str, Score]:
    """Write the corpus into ``dest``, resolve it as ``kg build`` does, and score persons and bodies."""
    write_namesakes(dest, articles, seed)
    truth: dict[str, dict[tuple[str, str], str]] = {}
    for line in (dest / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        truth.setdefault(row["doc"], {})[(row["name"], row["kind"])] = row["id"]
    docs = [d for d in read_inputs(sorted(dest.glob("paper*.jsonl"))) if isinstance(d, Document)]
    record = {}
    arts = []
    for doc in docs:
        for art in split_document(doc):
            record[art.id] = doc.id
            arts.append(art)
    results = list(extract_articles(arts))
    imply_locations(results)
    resolution = resolve(results)
    labels: dict[str, list[tuple[str, str]]] = {kind: [] for kind in _KINDS}
    known = Counter(kind for names in truth.values() for _, kind in names)
    for r in results:
        names = truth.get(record[r.article.id], {})
        written = {(normalize(m.text), m.kind) for m in r.mentions} | {(a, Kind.PERSON) for a in r.article.authors}
        for kind, kinds in _KINDS.items():
            for name, as_kind in sorted(written):
                if as_kind in kinds and (name, kind) in names:
                    labels[kind].append((resolution.of(r.article, name, as_kind).iri, names[(name, kind)]))
    return {kind: pairwise(found, len(found) / known[kind]) for kind, found in labels.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="records in the corpus")
    parser.add_argument("--seed", type=int, default=0, help="seed of the corpus")
    parser.add_argument("--keep", type=Path, help="write the corpus here (new or empty) and keep it")
    args = parser.parse_args()
    dest = args.keep or Path(tempfile.mkdtemp(prefix="govkg-namesakes-")) / "corpus"
    start = time.perf_counter()
    try:
        scores = measure(dest, args.articles, args.seed)
    finally:
        if not args.keep:
            shutil.rmtree(dest.parent, ignore_errors=True)
    print(f"{args.articles:,} articles (seed {args.seed}), {time.perf_counter() - start:.0f} s\n")
    print("| mentions | scored | found | pairs predicted | pairs true | precision | recall |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for kind, s in scores.items():
        print(f"| {kind} | {s.mentions:,} | {s.found:.1%} | {s.predicted:,} | {s.true:,} | {s.precision:.4f} | "
              f"{s.recall:.4f} |")


if __name__ == "__main__":
    main()
