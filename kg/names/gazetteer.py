"""China's administrative divisions as news writes them: strings in, answers out.

Which division a name denotes (``宿迁`` and ``宿迁市`` are one; ``鼓楼区`` is one of four, told by the places
near it), what contains what (a county in its city, a town in its county), the division a body's or a
title's name starts with (``中共沭阳县委`` → 沭阳县), and whose paper a paper is (``宿迁日报`` → 宿迁市).
The table is ``lexicons/divisions.tsv`` (:func:`kg.lexicon.divisions`), to townships; no spaCy, so any
stage may ask.

>>> [d.name for d in named("宿迁")], [d.name for d in named("旬阳县")], short_name(place("广西壮族自治区"))
(['宿迁市'], ['旬阳市'], '广西')
>>> gulou = place("鼓楼区", near=[place("南京")])
>>> path(gulou), contains(place("江苏"), gulou), city(gulou).name
('江苏省南京市鼓楼区', True, '南京市')
>>> place("鼓楼区") is None  # four cities have one: which, the text must tell
True
>>> leading("中共沭阳县委"), leading("焦作高新区"), leading("新华社")
(('沭阳县', '委'), ('焦作', '高新区'), None)
>>> paper_place("宿迁日报").name, paper_place("沭阳县融媒体中心").name, paper_place("https://example.com/a")
('宿迁市', '沭阳县', None)
"""
from __future__ import annotations

import operator
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache

from ..lexicon import Division, alternation, divisions
from ..text import NameIndex
from .divisions import LEVEL_WORDS, is_town, stem

__all__ = ["Division", "by_code", "named", "short_name", "place", "ancestors", "contains", "nested", "city",
           "province", "path", "leading", "places_leading", "paper_place", "written_within"]

# a paper's or site's name after its place's: 宿迁日报, 沭阳发布, 中国宿迁网
_PAPER = re.compile(r"^(?:中国|中共)?(?P<place>.{2,12}?)(?:人民政府|融媒体中心|广播电视台|新闻网|政府网|门户网站|"
                    r"日报社|日报|晚报|早报|都市报|商报|时报|报社|电视台|新闻|发布|在线|融媒|头条|网|报)+$")
# the levels a suffix may be written after a short name with (旬阳县 of 旬阳市, a county made a city in 2021)
_VARIANT_LEVELS = {"省": (1,), "市": (1, 2, 3), "州": (2,), "县": (3,), "旗": (3,), "区": (2, 3)}


def by_code(code: str) -> Division:
    """The division of an NBS code.

    >>> by_code("4108").name
    '焦作市'
    """
    return divisions()[code]


def short_name(d: Division) -> str | None:
    """The name news calls ``d`` by (:func:`kg.names.divisions.stem`): ``宿迁市`` → ``宿迁``, ``延边朝鲜族自治州``
    → ``延边``; ``None`` for a township, a district (``区``), or a stem of one character (``温县``).

    >>> short_name(place("宿迁市")), short_name(place("温县")), short_name(place("西藏自治区"))
    ('宿迁', None, '西藏')
    """
    return stem(d.name) if d.level < 4 else None


def named(name: str) -> tuple[Division, ...]:
    """Every division ``name`` may denote: by its full or short name, or by its short name and another
    suffix of its level (a former name: ``旬阳县`` for 旬阳市, ``秀山县`` for 秀山土家族苗族自治县).

    >>> [d.name for d in named("秀山县")]
    ['秀山土家族苗族自治县']
    """
    found = _index().get(name)
    if found is None and name[-1:] in _VARIANT_LEVELS and len(name) >= 3:
        found = tuple(d for d in _index().get(name[:-1], ()) if d.level in _VARIANT_LEVELS[name[-1]])
    return found or ()


def written_within(text: str, d: Division) -> list[str]:
    """The names of divisions inside ``d`` that ``text`` writes, in order (the entity finder may miss some).

    >>> written_within("1月6日，沭阳召开会议，扎下镇参加。", place("宿迁"))
    ['沭阳', '扎下镇']
    """
    return [name for _, name in _names_within(d.code).written(text)]


def ancestors(d: Division) -> tuple[Division, ...]:
    """``d`` and the divisions it lies in, outermost first.

    >>> [a.name for a in ancestors(place("温县"))]
    ['河南省', '焦作市', '温县']
    """
    return (*_ancestors_of(d.parent), d) if d.parent else (d,)


@lru_cache(maxsize=1 << 12)  # the few places a corpus writes of are asked of again and again (a name's city, path)
def _ancestors_of(code: str) -> tuple[Division, ...]:
    """:func:`ancestors` of the division ``code``."""
    return ancestors(by_code(code))


def contains(outer: Division, inner: Division) -> bool:
    """Whether ``inner`` is ``outer`` or lies in it (a code starts with the codes of what contains it)."""
    return inner.code.startswith(outer.code)


def nested(a: Division, b: Division) -> bool:
    """Whether one of ``a`` and ``b`` contains the other: the same place at two levels."""
    return contains(a, b) or contains(b, a)


def province(d: Division) -> Division:
    """The province ``d`` is in, or is.

    >>> province(place("温县")).name
    '河南省'
    """
    return ancestors(d)[0]


def city(d: Division) -> Division | None:
    """The city ``d`` is in, or is: its prefecture-level division; a municipality (北京市) for its districts;
    a county-level city under its province itself (济源市); ``None`` for a province."""
    chain = ancestors(d)
    if len(chain) == 1:
        return d if d.name.endswith("市") else None
    if chain[0].name.endswith("市") or chain[1].level == 3:
        return chain[0] if chain[0].name.endswith("市") else chain[1]
    return chain[1]


def path(d: Division) -> str:
    """The names from the province down: ``江苏省宿迁市沭阳县``."""
    return "".join(a.name for a in ancestors(d))


def place(name: str, near: Iterable[Division | None] = ()) -> Division | None:
    """The one division ``name`` denotes, the divisions ``near`` it (the article's) telling which where
    several share it: one in the same city, else the same province, else the one of the highest level
    (``朝阳`` is 朝阳市 when nothing says otherwise); ``None`` when that leaves more than one."""
    found = named(name)
    if len(found) <= 1:
        return found[0] if found else None
    near = [d for d in near if d is not None]
    for scope in (city, province):
        around = {scope(d) for d in near} - {None}
        inside = [d for d in found if any(contains(s, d) for s in around)]
        if len(inside) == 1:
            return inside[0]
        if inside:
            found = tuple(inside)
    top = min(d.level for d in found)
    highest = [d for d in found if d.level == top]
    return highest[0] if len(highest) == 1 else None


@lru_cache(maxsize=1 << 16)  # bodies' and titles' names come back article after article
def leading(name: str) -> tuple[str, str] | None:
    """The division name ``name`` starts with (after ``中共``) and the rest, if a name follows: the longest
    full name, or a short one followed by a body's name (``沭阳住建局``, not ``新华社``)."""
    text = name[2:] if name.startswith("中共") else name
    longest = min(_longest(), len(text) - 1)
    # only the lengths a name starting with the text's first two characters may have, not every length down from
    # the longest of all (most names start with no division's: none tried)
    for size in _lengths(text[:2]):
        if size > longest:
            continue
        head, rest = text[:size], text[size:]
        found = named(head)
        if found and (head not in _index() or any(d.name == head for d in found) or _body_rest().match(rest)):
            return head, rest
    return None


@lru_cache(maxsize=1 << 16)
def places_leading(name: str) -> tuple[str, ...]:
    """Every division name ``name`` starts with, outermost first, the whole of it too if it ends with one:
    ``江苏省宿迁市沭阳县住建局``, ``江苏省宿迁市沭阳县`` → ``['江苏省', '宿迁市', '沭阳县']``."""
    found = []
    while (step := leading(name)) is not None:
        found.append(step[0])
        name = step[1]
    return (*found, name) if found and named(name) else tuple(found)


@lru_cache(maxsize=1 << 14)
def paper_place(source: str | None) -> Division | None:
    """The division a paper or site is named for, by the public naming of papers and sites (``X日报``,
    ``X新闻网``, ``X发布``, ``X融媒体中心``, ``中国X网``): ``None`` for a URL or any other name."""
    m = _PAPER.match(source or "")
    if not m or "/" in source:
        return None
    found: Division | None = None
    for head in _names_only(m["place"]) or ():
        found = place(head, near=[found])  # 江苏宿迁日报: the innermost of the places written
    return found


@cache
def _index() -> dict[str, tuple[Division, ...]]:
    """Every full name (townships only by their proper endings) and short name → the divisions it names."""
    found: dict[str, list[Division]] = defaultdict(list)
    for d in divisions().values():
        if d.level < 4:
            found[d.name].append(d)
            if short := short_name(d):  # a township has none: not asked of the 41,000 of them
                found[short].append(d)
        # a township by its proper ending; the table's others are farms and zones named by their kind
        # (开发区, 城区, 种畜场), which name no one place
        elif is_town(d.name):
            found[d.name].append(d)
    return {name: tuple(ds) for name, ds in found.items()}


@cache
def _longest() -> int:
    return max(map(len, _index()))


@lru_cache(maxsize=1 << 14)
def _lengths(start: str) -> tuple[int, ...]:
    """The lengths, longest first, of what :func:`named` may find a division for that starts with ``start`` (two
    characters): a name of :func:`_index`, or one with another suffix of its level (a character more)."""
    names = _sorted_names()
    # the names starting with ``start`` are a run of them in order (no character follows U+10FFFF)
    found = {len(name) for name in names[bisect_left(names, start):bisect_left(names, start + "\U0010ffff")]}
    return tuple(sorted(found | {n + 1 for n in found}, reverse=True))


@cache
def _sorted_names() -> list[str]:
    """The names of :func:`_index` in order: sorting them in C takes a fifth of the time of reading each's first two
    characters and length in Python, once a process, and most first two characters are never asked of."""
    return sorted(_index())


@cache
def _by_code() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The codes of the divisions :func:`_index` holds, in order, and the name of each: a division's code starts
    with the codes of those it lies in, so the names of those inside one are a run of the list."""
    codes = [d.code for divisions_ in _index().values() for d in divisions_]
    names = [name for name, divisions_ in _index().items() for _ in divisions_]
    # the places of the codes in order, sorted by the codes alone (strings compared in C), then both lists taken in
    # that order in C: half the time of sorting 44,000 pairs (a code's names in any order: a run is read as a set)
    in_order = operator.itemgetter(*sorted(range(len(codes)), key=codes.__getitem__))
    return in_order(codes), in_order(names)


@cache
def _names_within(code: str) -> NameIndex:
    """The names (full and short) of the divisions inside division ``code``."""
    codes, names = _by_code()
    return NameIndex(names[bisect_right(codes, code):bisect_left(codes, code + ":")])  # (":" follows the digits)


@cache
def _body_rest() -> re.Pattern:
    # after a short name, only a body's or a zone's name (沭阳|县委 is the full name's), never a word (新华|社,
    # 中山|大学)
    return re.compile(f"(?:{'|'.join(LEVEL_WORDS)}|.*(?:{alternation('gov_suffixes')}|{alternation('zones')}))$")


def _names_only(text: str) -> list[str] | None:
    """``text`` cut into division names, longest first (``江苏宿迁`` → 江苏, 宿迁), if it is nothing else."""
    if not text:
        return []
    for size in range(min(_longest(), len(text)), 1, -1):
        if text[:size] in _index() and (rest := _names_only(text[size:])) is not None:
            return [text[:size], *rest]
    return None
