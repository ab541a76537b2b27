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

__all__ = ["words", "rows", "relation_verbs", "alternation", "alternation_of", "first_of", "starts_of", "by_first",
           "Division", "divisions", "LEXICON_DIR"]

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
    """A regex of ``entries`` that tries the longest first (社区 before 区) as their alternation longest first
    would, shaped as their trie: the regex engine tries an alternation's branches one by one, at every place
    of a text it searches, and so takes a step for each first character here, not for each of hundreds of
    entries.

    >>> alternation_of(["区", "社区", "街道", "县"]), alternation_of(["王", "司", "司马"])
    ('(?:区|县|社区|街道)', '(?:司马?|王)')
    """
    trie: dict = {}
    for entry in entries:
        node = trie
        for character in entry:
            node = node.setdefault(character, {})
        node[_END] = {}
    return _trie_pattern(trie, top=True)


def first_of(entries: Iterable[str]) -> str:
    """A lookahead for the characters ``entries`` start with, to put before a long alternation of them that a search
    cannot skip ahead through (see :data:`_FEW_FINALS`): where no entry starts, one test of a class, not a try of
    every branch.

    >>> first_of(["区", "社区", "社会"])
    '(?=[区社])'
    """
    return f"(?=[{''.join(map(re.escape, sorted({entry[0] for entry in entries if entry})))}])"


@cache
def starts_of(entries: frozenset[str]) -> re.Pattern:
    """Where one of ``entries`` starts, every place (they may overlap): a match of its first character, the rest
    looked ahead for, so that a search skips to the characters entries start with (every branch starts with one; a
    lookahead first would be tried at every character) and goes on right after it.

    >>> [m.start() for m in starts_of(frozenset({"王明", "明华"})).finditer("王明华")]
    [0, 1]
    """
    return re.compile("|".join(re.escape(first) + ("" if "" in rest else f"(?={alternation_of(rest)})")
                               for first, rest in by_first(entries)))


def by_first(entries: Iterable[str]) -> list[tuple[str, set[str]]]:
    """``entries`` by their first character, in order: each first character, and what follows it in each entry.

    >>> [(first, sorted(rests)) for first, rests in by_first(["王明", "明华", "王"])]
    [('明', ['华']), ('王', ['', '明'])]
    """
    rests: dict[str, set[str]] = {}
    for entry in entries:
        rests.setdefault(entry[0], set()).add(entry[1:])
    return sorted(rests.items())


_END = ""  # a trie node's key for an entry that ends there
# at an alternation's top, entries of one character stay branches of their own unless more than this many (the
# surnames): a search skips ahead to where a pattern's first characters are only if every branch starts with a
# character, not a class, but trying hundreds of branches one by one costs more than that saves
_FEW_FINALS = 32


def _trie_pattern(node: dict, top: bool = False) -> str:
    """The regex of a trie's entries, the longer first.  Sibling branches start with different characters, so
    their order is immaterial; the characters that end entries with no longer one make one class."""
    finals = sorted(c for c, child in node.items() if c != _END and child.keys() == {_END})
    if top and len(finals) <= _FEW_FINALS:
        finals = []
    branches = [re.escape(c) + _trie_pattern(child) for c, child in sorted(node.items())
                if c != _END and c not in finals]
    branches += [f"[{''.join(map(re.escape, finals))}]"] if len(finals) > 1 else map(re.escape, finals)
    optional = "?" if _END in node else ""
    if len(branches) == 1 and (not optional or len(branches[0]) == 1 or branches[0].startswith("[")):
        return branches[0] + optional
    return f"(?:{'|'.join(branches)}){optional}" if branches else ""


# a division's level by the length of its code; a constant, not a dict made at every one of 100,000 calls a build
_LEVEL_OF_CODE = {2: 1, 4: 2, 6: 3}


@dataclass(frozen=True)
class Division:
    """An administrative division of China, down to townships (``lexicons/divisions.tsv``)."""

    code: str  # NBS code: 2 digits a province, 4 a city, 6 a county, 9 a township
    name: str
    parent: str | None  # the code of the division it lies in

    @property
    def level(self) -> int:
        """1 province, 2 city, 3 county, 4 township."""
        return _LEVEL_OF_CODE.get(len(self.code), 4)


@cache
def divisions() -> dict[str, Division]:
    """Every division by its code.

    >>> table = divisions()
    >>> wen = next(d for d in table.values() if d.name == "温县")
    >>> wen.level, table[wen.parent].name, table[table[wen.parent].parent].name
    (3, '焦作市', '河南省')
    """
    return {code: Division(code, name, parent or None) for code, name, parent in rows("divisions")}
