"""Load the data files in ``kg/lexicons/`` (one entry a line, ``#`` comments).

>>> "书记" in words("title_heads")
True
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["words", "rows", "relation_verbs", "alternation", "alternation_of", "Division", "divisions", "LEXICON_DIR"]

LEXICON_DIR = Path(__file__).parent / "lexicons"


@cache
def words(name: str) -> frozenset[str]:
    """The entries of ``lexicons/NAME.txt``; several a line may be space-separated."""
    entries: set[str] = set()
    for line in (LEXICON_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        entries.update(line.split("#", 1)[0].split())
    return frozenset(entries)


def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of ``lexicons/NAME.tsv``, their cells tab-separated (empty ones kept); ``#`` starts a comment line.
    Not cached: its readers keep what they make of it (:func:`divisions`).

    >>> ("镇", "town", "short") in rows("division_levels")
    True
    """
    lines = (LEXICON_DIR / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
    return tuple(tuple(line.split("\t")) for line in lines if line and not line.startswith("#"))


@cache
def relation_verbs() -> dict[str, tuple[str, ...]]:
    """Trigger words per relation, longest first."""
    table = tomllib.loads((LEXICON_DIR / "verbs.toml").read_text(encoding="utf-8"))
    return {rel: tuple(sorted(vs, key=len, reverse=True)) for rel, vs in table.items()}


@cache
def alternation(name: str) -> str:
    """A regex alternation of a lexicon, longest entries first."""
    return alternation_of(words(name))


def alternation_of(entries: Iterable[str]) -> str:
    """A regex alternation of ``entries``, longest first (so that 社区 is tried before 区).

    >>> alternation_of(["区", "社区"])
    '社区|区'
    """
    return "|".join(re.escape(w) for w in sorted(entries, key=len, reverse=True))


@dataclass(frozen=True)
class Division:
    """An administrative division of China, down to townships (``lexicons/divisions.tsv``)."""

    code: str  # NBS code: 2 digits a province, 4 a city, 6 a county, 9 a township
    name: str
    parent: str | None  # the code of the division it lies in

    @property
    def level(self) -> int:
        """1 province, 2 city, 3 county, 4 township."""
        return {2: 1, 4: 2, 6: 3}.get(len(self.code), 4)


@cache
def divisions() -> dict[str, Division]:
    """Every division by its code.

    >>> table = divisions()
    >>> wen = next(d for d in table.values() if d.name == "温县")
    >>> wen.level, table[wen.parent].name, table[table[wen.parent].parent].name
    (3, '焦作市', '河南省')
    """
    return {code: Division(code, name, parent or None) for code, name, parent in rows("divisions")}
