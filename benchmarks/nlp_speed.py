"""Speed of the NLP stage on the seeds ×20, next to raw pkuseg and jieba.posseg.

    python benchmarks/nlp_speed.py [--copies 20]

Every article of the bundled seeds is repeated ``--copies`` times (each copy
numbered so no cache can help) and run through, in the same process:

* ``nlp stage``: the whole shipped spaCy pipeline (pkuseg segmenter, NER, rule
  components), as ``kg build`` runs it;
* ``pkuseg``: the same pruned pkuseg model cutting the same text, nothing else;
* ``jieba.posseg``: jieba's segmenter with part-of-speech tags (``pip install
  '.[bench]'``), a common yardstick for Chinese tagging speed.

Prints a Markdown table of characters per second (one core).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.articles import split_document
from kg.model import Document
from kg.nlp import load
from kg.read import read_inputs
from kg.text import normalize

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def corpus(copies: int) -> list[str]:
    docs = [d for d in read_inputs([SEEDS]) if isinstance(d, Document)]
    texts = [normalize(a.text) for doc in docs for a in split_document(doc, None)]
    return [f"（第{i}份）" + t for i in range(copies) for t in texts]


def timed(label: str, run, texts: list[str]) -> tuple[str, int, float]:
    start = time.perf_counter()
    run(texts)
    return label, sum(map(len, texts)), time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    texts = corpus(args.copies)
    nlp = load()
    nlp("预热。")  # load lazily built tables before timing
    rows = [timed("nlp stage (kg pipeline)", lambda ts: list(nlp.pipe(ts, batch_size=64)), texts)]
    segmenter = nlp.tokenizer.pkuseg_seg
    rows.append(timed("pkuseg (same pruned model)", lambda ts: [segmenter.cut(t) for t in ts], texts))
    try:
        import jieba
        import jieba.posseg

        jieba.setLogLevel(60)
        jieba.initialize()
        rows.append(timed("jieba.posseg", lambda ts: [jieba.posseg.lcut(t) for t in ts], texts))
    except ImportError:
        print("(jieba not installed: pip install '.[bench]')")
    print(f"| seeds ×{args.copies} | chars | seconds | chars/s |\n| --- | ---: | ---: | ---: |")
    for label, chars, seconds in rows:
        print(f"| {label} | {chars:,} | {seconds:.1f} | {chars / seconds:,.0f} |")


if __name__ == "__main__":
    main()
