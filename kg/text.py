"""Character-level text helpers shared by every stage.

Normalisation maps half-width punctuation to full-width and traditional
characters to simplified (OpenCC's ``t2s``, phrase by phrase) **one character
to one character**, so offsets found in the normalised text are valid in the
original, and evidence can always quote the text as written.

>>> normalize("吕沛,区领导(示范区)"), normalize("縣委書記陸衛東")
('吕沛，区领导（示范区）', '县委书记陆卫东')

What the NLP reads is a :class:`View`: the normalised text without the pinyin
glosses that some mirror sites print after characters (``縣(xiàn)``), with
the offset in the original of each of its characters.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

import opencc

from .lexicon import words
from .memo import Memo

__all__ = ["normalize", "View", "view", "HAN", "sentences", "SENTENCE_END", "places_of", "from_the_left",
           "NameIndex"]

# one character for one, and no target is itself replaced, so the order of the replacements does not matter
_TO_FULL = {",": "，", "(": "（", ")": "）", ":": "：", ";": "；", "?": "？", "!": "！", "\u3000": " ", "\xa0": " "}

HAN = r"\u4e00-\u9fff"
SENTENCE_END = "。！？"
_SENTENCE = re.compile(rf"[^{SENTENCE_END}]*(?:[{SENTENCE_END}]+[”’」』）]?|$)")


_HALF = re.compile(f"[{re.escape(''.join(_TO_FULL))}]")


class _Normalized(Memo[str, str]):
    """:func:`normalize`'s answers: names and titles are normalised again and again, by every stage (300,000 times
    in a build of 600,000 characters), and a short text's answer is kept; a longer one's (a page's, a sentence's) is
    worked out each time."""

    def __missing__(self, text: str) -> str:
        return super().__missing__(text) if len(text) <= _SHORT else _normalized(text)


_SHORT = 64


# a pinyin reading printed after a character, 縣(xiàn): one syllable, lower case, tone marks (the bracket first,
# then the character behind it: a search skips to the brackets, where a lookbehind first is tried at every character)
_GLOSS = re.compile(rf"[（(](?<=[{HAN}][（(])[a-zü\u00e0-\u01dc]{{1,6}}[）)]")


@dataclass(frozen=True)
class View:
    """The normalised text without reading aids, and where each of its characters is in the original.

    >>> v = view("李倉(cāng)玉,縣(xiàn)長")
    >>> v.text, v.original(0, 3), v.span(4, 6)
    ('李仓玉，县长', '李倉玉', (10, 18))
    """

    text: str
    source: str
    offsets: tuple[int, ...] | None = None  # offsets[i]: where character i is in ``source``; None: the same

    def at(self, i: int) -> int:
        """The offset in the original of the view's offset ``i`` (``len(text)`` maps to the end)."""
        if self.offsets is None:
            return i
        return self.offsets[i] if i < len(self.offsets) else len(self.source)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original's span of the view's ``start:end``: from its first character to after its last."""
        if self.offsets is None or start >= end:
            return self.at(start), self.at(start) if start >= end else end
        return self.at(start), self.at(end - 1) + 1

    def original(self, start: int, end: int) -> str:
        """The view's ``start:end`` as the original writes it (its script and punctuation), glosses left out."""
        if self.offsets is None:
            return self.source[start:end]
        return "".join(self.source[self.offsets[i]] for i in range(start, end))


@lru_cache(maxsize=256)  # a build reads an article's view twice, for the NLP and then to extract from its Doc
def view(text: str) -> View:
    """What the NLP reads of ``text``."""
    glosses = list(_GLOSS.finditer(text))
    if not glosses:
        return View(normalize(text), text)
    kept, offsets, last = [], [], 0
    for m in glosses:
        kept.append(text[last:m.start()])
        offsets.extend(range(last, m.start()))
        last = m.end()
    kept.append(text[last:])
    offsets.extend(range(last, len(text)))
    return View(normalize("".join(kept)), text, tuple(offsets))


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of normalised ``text``, ends after 。！？."""
    spans = list(map(re.Match.span, _SENTENCE.finditer(text)))
    # only the matches reaching the text's end can be blank (every other one ends at a 。！？): the tail after the last
    # sentence end, and the empty match at the very end
    while spans and not text[slice(*spans[-1])].strip():
        spans.pop()
    return spans


def places_of(part: str, text: str) -> Iterator[int]:
    """Where ``part`` is written in ``text``, overlaps too.

    >>> list(places_of("明明", "明明明"))
    [0, 1]
    """
    at = text.find(part)
    while at >= 0:
        yield at
        at = text.find(part, at + 1)


def from_the_left(longest: dict[int, str]) -> list[tuple[int, str]]:
    """Of the names written at places of a text (``longest``: the longest at each), those read from the left, none
    overlapping: what ``re.finditer`` of their alternation, longest first, finds.

    >>> from_the_left({0: "王明华", 1: "明华", 3: "王明"})
    [(0, '王明华'), (3, '王明')]
    """
    out, end = [], 0
    for start in sorted(longest):
        if start >= end:
            out.append((start, longest[start]))
            end = start + len(longest[start])
    return out


class NameIndex:
    """A fixed set of names, of two characters or more, and where a text writes them: what ``re.finditer`` of their
    alternation, longest first, finds, without that regex (of thousands of names it takes longer to compile than all
    the texts to read, and tries each of its branches at every character that starts one).

    >>> index = NameIndex({"沭阳", "沭阳县", "扎下镇"})
    >>> index.written("1月6日，沭阳县、扎下镇参加。")
    [(5, '沭阳县'), (9, '扎下镇')]
    >>> index.at("沭阳县委"), index.lengths["沭阳"]
    ('沭阳县', (3, 2))
    """

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(names)
        by_start: dict[str, set[int]] = {}
        for name in self.names:
            by_start.setdefault(name[:2], set()).add(len(name))
        #: the lengths of the names by their first two characters, longest first
        self.lengths = {start: tuple(sorted(n, reverse=True)) for start, n in by_start.items()}

    @cached_property
    def _starts(self) -> re.Pattern:
        # where a name's first character is written and followed by a name's second: a search skips to them in C
        firsts, seconds = (re.escape("".join(sorted({name[i] for name in self.names}))) for i in (0, 1))
        return re.compile(f"[{firsts}](?=[{seconds}])" if firsts else "(?!)")

    def written(self, text: str, then: re.Pattern | None = None) -> list[tuple[int, str]]:
        """Where ``text`` writes the names, and which: the longest at each place, read from the left, none
        overlapping; each with what ``then`` matches right after it (a suffix that may be written, matching empty if
        not), as a regex of the names followed by ``then`` reads them."""
        names, lengths, longest = self.names, self.lengths, {}
        # (at()'s lookup written out: a call of it at each place a name may begin made a province's names half as
        # dear again to find)
        for at in map(re.Match.start, self._starts.finditer(text)):
            if (sizes := lengths.get(text[at:at + 2])) is not None:
                if name := next((text[at:at + n] for n in sizes if text[at:at + n] in names), None):
                    longest[at] = name + then.match(text, at + len(name))[0] if then else name
        return from_the_left(longest)

    def at(self, text: str, pos: int = 0) -> str | None:
        """The longest name written at ``text[pos:]``, if one is."""
        names = self.names
        return next((text[pos:pos + n] for n in self.lengths.get(text[pos:pos + 2], ()) if text[pos:pos + n] in names),
                    None)


def _normalized(text: str) -> str:
    text = _simplified(text)
    # str.replace, not str.translate: translate looks every character up in a dict, fifty times as slow on
    # a page (and normalising pages, articles and sentences was most of splitting a corpus into articles);
    # most names have nothing to replace, which one search finds fastest
    if not _HALF.search(text):
        return text
    for half, full in _TO_FULL.items():
        if half in text:
            text = text.replace(half, full)
    return text


#: Full-width punctuation and simplified characters, same length as the input: a short text's looked up at C level,
#: a dictionary's item, not a function called (a call of Python code, then lru_cache's, each time)
normalize: Callable[[str], str] = _Normalized(_normalized, limit=1 << 16).__getitem__


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _t2s_may_change() -> re.Pattern:
    """Finds a character t2s may replace: most texts have none, and searching is many times as fast as OpenCC.
    Any character past U+FFFF counts: a class of scattered ones is searched item by item, a hundred times as
    slowly."""
    within_bmp = "".join(c for c in words("t2s_changed") if c <= "\uffff")
    return re.compile(f"[{re.escape(within_bmp)}\U00010000-\U0010ffff]")


def _simplified(text: str) -> str:
    """OpenCC's t2s where it keeps every character in place (it does on every text seen so far), else
    character by character."""
    if not _t2s_may_change().search(text):
        return text
    out = _t2s().convert(text)
    if len(out) == len(text):
        return out
    return "".join(c if len(c) == 1 else t for t in text for c in (_t2s().convert(t),))
