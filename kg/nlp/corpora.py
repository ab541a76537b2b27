"""Readers for the public NER corpora the entity model is trained on.

Each reader yields :class:`Annotated` sentences with character spans in the
project's own labels (:data:`LABELS`), whatever the corpus calls them:

* CLUENER2020 (``cluener2020/*.jsonl``): name, position, government,
  organization, company, address, scene;
* People's Daily 1998 (``peoples_daily_ner/example.*``, ``char BIO``) and
  MSRA (``msra_ner/*_bio.txt``, ``char<TAB>BIO``): PER, LOC, ORG.

The People's Daily and MSRA corpora do not tell government bodies from other
organisations; an ``ORG`` whose name ends in a government suffix
(``lexicons/gov_suffixes.txt``) becomes ``GOV``.

>>> ann = Annotated("市长王强到厂。", [(0, 2, "TITLE"), (2, 4, "PERSON")])
>>> [ann.text[s:e] for s, e, _ in ann.spans]
['市长', '王强']
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..lexicon import alternation
from ..text import normalize

__all__ = ["Annotated", "LABELS", "read_cluener", "read_bio", "read_all"]

LABELS = ("PERSON", "TITLE", "GOV", "ORG", "PLACE")
_CLUENER = {"name": "PERSON", "position": "TITLE", "government": "GOV", "organization": "ORG",
            "company": "ORG", "address": "PLACE", "scene": "PLACE"}
_BIO = {"PER": "PERSON", "LOC": "PLACE", "ORG": "ORG"}


@dataclass
class Annotated:
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)  # start, end (exclusive), label
    complete: frozenset[str] = frozenset(LABELS)  # labels the corpus marks everywhere they occur


def read_cluener(path: Path) -> Iterator[Annotated]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            spans = [(start, end + 1, _CLUENER[kind])
                     for kind, names in record.get("label", {}).items() if kind in _CLUENER
                     for places in names.values() for start, end in places]
            # book/game/movie names stay unlabelled: they are neither entity nor "O" for us
            yield Annotated(normalize(record["text"]), sorted(spans))


def read_bio(path: Path) -> Iterator[Annotated]:
    """People's Daily / MSRA: one character and its BIO tag a line, sentences apart."""
    chars: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in [*fh, "\n"]:
            parts = line.split()
            if len(parts) == 2:
                chars.append(parts[0])
                tags.append(parts[1])
                continue
            if chars:
                yield _from_bio("".join(chars), tags)
            chars, tags = [], []


def read_all(root: Path) -> dict[str, list[Annotated]]:
    """The training and development sentences of every corpus under ``root``."""
    return {
        "train": [*read_cluener(root / "cluener2020" / "train.jsonl"),
                  *read_bio(root / "peoples_daily_ner" / "example.test"),
                  *read_bio(root / "msra_ner" / "msra_test_bio.txt")],
        "dev": [*read_cluener(root / "cluener2020" / "dev.jsonl"),
                *read_bio(root / "peoples_daily_ner" / "example.dev")],
    }


def _gov_or_org(name: str) -> str:
    return "GOV" if re.search(f"(?:{alternation('gov_suffixes')})$", name) else "ORG"


def _from_bio(text: str, tags: list[str]) -> Annotated:
    text = normalize(text)
    spans = []
    start = None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and not tag.startswith("I-"):
            label = _BIO[tags[start][2:]]
            spans.append((start, i, _gov_or_org(text[start:i]) if label == "ORG" else label))
            start = None
        if tag.startswith("B-"):
            start = i
    # titles are not marked in these corpora
    return Annotated(text, spans, frozenset({"PERSON", "PLACE", "ORG", "GOV"}))
