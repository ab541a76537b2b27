"""Everyday words: what a name is not made of only.

>>> is_generic("乡镇卫生"), is_generic("姚郭庄"), is_generic("商贸强"), is_generic("商贸强", True)
(True, False, False, True)
"""
from __future__ import annotations

from functools import lru_cache

from ..lexicon import words

__all__ = ["is_generic"]


@lru_cache(maxsize=1 << 15)  # every stage asks it of names, and names recur
def is_generic(text: str, adjectives: bool = False) -> bool:
    """Whether ``text`` is made only of everyday words (``lexicons/generic_words.txt``):
    乡镇, 粮油; not 李万, 文昌.  With ``adjectives``, one-character adjectives and
    directions count too, beside one longer word at least: 商贸|强; not 焦|西."""
    generic = words("generic_words")
    # cuts[i]: how text[:i] splits into everyday words: None (it does not), False (only into
    # one-character words), True (with a longer one)
    cuts: list[bool | None] = [False] + [None] * len(text)
    for i in range(1, len(text) + 1):
        for n in range(1 if adjectives else 2, min(i, 6) + 1):
            if cuts[i - n] is not None and text[i - n:i] in generic:
                cuts[i] = bool(cuts[i]) or cuts[i - n] or n > 1
    return bool(cuts[-1])
