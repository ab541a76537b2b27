"""Character-level text helpers shared by every stage.

Normalisation maps half-width punctuation to full-width **one character to
one character**, so offsets found in the normalised text are valid in the
original, and evidence can always quote the text as written.

>>> normalize("吕沛,区领导(示范区)")
'吕沛，区领导（示范区）'
"""
from __future__ import annotations

import re

__all__ = ["normalize", "HAN", "sentences", "SENTENCE_END"]

_TO_FULL = str.maketrans({",": "，", "(": "（", ")": "）", ":": "：", ";": "；", "?": "？", "!": "！",
                          "\u3000": " ", "\xa0": " "})

HAN = r"\u4e00-\u9fff"
SENTENCE_END = "。！？"
_SENTENCE = re.compile(rf"[^{SENTENCE_END}]*(?:[{SENTENCE_END}]+[”’」』）]?|$)")


def normalize(text: str) -> str:
    """Full-width punctuation, same length as the input."""
    return text.translate(_TO_FULL)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of normalised ``text``, ends after 。！？."""
    spans = []
    for m in _SENTENCE.finditer(text):
        if m.end() > m.start() and text[m.start():m.end()].strip():
            spans.append((m.start(), m.end()))
    return spans
