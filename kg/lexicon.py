"""Load the data files in ``kg/lexicons/`` (one entry a line, ``#`` comments).

>>> "书记" in words("title_heads")
True
"""
from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

__all__ = ["words", "relation_verbs", "alternation", "LEXICON_DIR"]

LEXICON_DIR = Path(__file__).parent / "lexicons"


@cache
def words(name: str) -> frozenset[str]:
    """The entries of ``lexicons/NAME.txt``; several a line may be space-separated."""
    entries: set[str] = set()
    for line in (LEXICON_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        entries.update(line.split("#", 1)[0].split())
    return frozenset(entries)


@cache
def relation_verbs() -> dict[str, tuple[str, ...]]:
    """Trigger words per relation, longest first."""
    table = tomllib.loads((LEXICON_DIR / "verbs.toml").read_text(encoding="utf-8"))
    return {rel: tuple(sorted(vs, key=len, reverse=True)) for rel, vs in table.items()}


@cache
def alternation(name: str) -> str:
    """A regex alternation of a lexicon, longest entries first."""
    return "|".join(re.escape(w) for w in sorted(words(name), key=len, reverse=True))
