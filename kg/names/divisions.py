"""Administrative divisions as the news writes them.

A division is written in full (``焦作市``, ``东明县``, ``晏城街道``: every province, city, county and
township of ``lexicons/divisions.tsv``), by its stem above the township level (``山东``, ``宜都``,
``斗门``: not a stem that is an everyday word, 和平 of 和平区), or, for towns and villages the table
does not hold, as a name and a division's ending (``李官社区``, ``岗更嘎查``).  Zones (``高新区``,
``经开区``, ``炉山工业园区``) contain as divisions do.

>>> chain("濂溪区莲花镇东城村滑坡隐患点")
['濂溪区', '莲花镇', '东城村']
>>> chain("山东东明县刘楼镇"), chain("宜都万达广场", {"宜都市"}), chain("北京市通州区")
(['山东', '东明县'], ['宜都'], ['北京市'])
>>> level("通州区"), level("晏城街道"), level("李官社区"), level("高新区")
(3, 4, 5, 3.5)

The endings of divisions and the level each names are data (``lexicons/division_levels.tsv``), and so are
the names of a division's own organs and bodies (``lexicons/organs.tsv``): every stage asks here.
"""
from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Collection, Iterator
from functools import cache, lru_cache

from ..lexicon import alternation, divisions, first_of, rows, words
from ..text import HAN, NameIndex
from .everyday import is_generic

__all__ = ["Level", "LEVEL_WORDS", "OWN_JURISDICTION", "begins_organ", "chain", "division_at", "division_suffixes",
           "ending_class", "endings", "is_listed", "may_begin", "is_above_town", "is_organ", "is_town", "is_village", "level", "level_of_suffix", "organs", "own_organ", "stem",
           "without_asides"]


class Level:
    """How high a division is; smaller is higher. A zone sits between a county and a town."""

    PROVINCE, CITY, COUNTY, ZONE, TOWN, VILLAGE = 1, 2, 3, 3.5, 4, 5


_LEVEL_NAMED = {"province": Level.PROVINCE, "city": Level.CITY, "county": Level.COUNTY, "zone": Level.ZONE,
                "town": Level.TOWN, "village": Level.VILLAGE}
_LEVELS_TABLE = sorted(rows("division_levels"), key=lambda row: -len(row[0]))  # longest first: 社区 before 区
# every division's ending → the level it names
_ENDINGS = {row[0]: _LEVEL_NAMED[row[1]] for row in _LEVELS_TABLE}
# (the leftmost match ends the name with its longest ending)
_ENDING_AT_END = re.compile(f"(?:{'|'.join(map(re.escape, _ENDINGS))})$")
# the word a level is called by alone (县委, 我县, 副市长, 街道党工委) → the level
LEVEL_WORDS = {row[0]: _LEVEL_NAMED[row[1]] for row in _LEVELS_TABLE if row[2:] == ("short",)}
_LEVEL_WORD = "|".join(LEVEL_WORDS)

# the division of the paper or government that writes, as it calls its own: 我县, 本市, 来我区
OWN_JURISDICTION = re.compile(rf"(?:我|本)(?:{_LEVEL_WORD})")

# a division's own organs and bodies by kind (lexicons/organs.tsv), longest first
_ORGANS = {kind: sorted((o for o, k in rows("organs") if k == kind), key=len, reverse=True)
           for kind in ("organ", "body", "standing")}
_AFTER_ORGAN = rf"(?:{'|'.join(_ORGANS['standing'])})?(?:（[^）]*）)?$"  # 县人大|常委会, 镇党委|（扩大）
# its organs and bodies after its name (L2 of the guidelines): 县委, 镇党委, 区人民政府, 县人大常委会, 管委会 …
_OWN_ORGAN = re.compile(rf"(?:{_LEVEL_WORD})?第?(?:[一二三四五六七八九十百零\d]+届)?"
                        rf"(?:{'|'.join(_ORGANS['organ'] + _ORGANS['body'])}){_AFTER_ORGAN}")
# how the name of a division's Party or government organ ends (德州市委, 人大工委, 区政府); not a body of
# any kind (村委会, 水利委员会)
_ORGAN_END = re.compile(rf"(?:(?:{_LEVEL_WORD})委|{'|'.join(o for o in _ORGANS['organ'] if o != '委')}){_AFTER_ORGAN}")
_ORGAN_START = re.compile(rf"(?:{_LEVEL_WORD})(?:{'|'.join(_ORGANS['organ'])})")

# the endings of levels down to counties: a name that ends so is written in full, not by its stem (东城区)
_SUFFIX = re.compile(rf"(?:{'|'.join(e for e, lvl in _ENDINGS.items() if lvl <= Level.COUNTY)})$")
# what a division is called without (大理白族自治州 → 大理): those endings, but not a district's 区
_SHORTENED = "|".join(e for e, lvl in _ENDINGS.items() if lvl <= Level.COUNTY and e != "区")
# towns and villages the table does not list, and zones: a name of two characters or more and its ending (the
# endings' first characters looked ahead for at each length tried: one test of a class, not a try of each ending;
# may_begin tries it at each place a division may end before)
_UNLISTED_KINDS = ("zone", "town", "village")
_PATTERN = re.compile(rf"[{HAN}]{{2,6}}?" + first_of(e for e, lvl in _ENDINGS.items() if lvl in (
    _LEVEL_NAMED[kind] for kind in _UNLISTED_KINDS)) + "(?:" + "|".join(
    f"(?P<{kind}>{'|'.join(e for e, lvl in _ENDINGS.items() if lvl == _LEVEL_NAMED[kind])})"
    for kind in _UNLISTED_KINDS) + ")")
# what a place's name runs on into, when it names a road or a unit after it (玉溪|路小学, 郑州|大学)
# what a division's name never holds: 高平路等城|乡 is a list's end, not a township
# words for every or this one of a kind (全县, 各乡镇, 本市, 该镇): no division's name begins with one
_DETERMINERS = "全本我各该每"
_NOT_IN_A_STEM = re.compile(rf"[等和与及的了在是为]|[路街]$|^[{_DETERMINERS}]")  # 各乡|镇: every town, no town
_RUNS_ON = re.compile(r"路|街|大道|大学|学院|医院")
_COUNTRY = frozenset({"中国", "中华人民共和国"})
_OTHER_PLACE = 6  # a road or other place a name starts with: inside any division


def is_listed(name: str) -> bool:
    """Whether the table (or the gazetteer's provinces and cities) names ``name``, not its ending alone.

    >>> is_listed("长沙市"), is_listed("长兴县"), is_listed("长朱村")
    (True, True, False)
    """
    return name in _known()


def level(name: str, counties: Collection[str] = (), inside: bool = False) -> float | None:
    """How high the division ``name`` is (:class:`Level`), or ``None`` if it names none; ``counties``:
    the county stems the text may use (see :func:`chain`).  A town or village written ``inside`` a
    division (青石镇|红旗村) may be named with everyday words; elsewhere 红旗村 is a kind of village."""
    if name in _known():
        return _known()[name]
    if name in counties:
        return Level.COUNTY
    return _level_by_ending(name, inside)


@lru_cache(maxsize=1 << 14)  # a text's chains ask it of the same names again and again
def _level_by_ending(name: str, inside: bool) -> float | None:
    """:func:`level` of a name the table does not know: a town's, a village's or a zone's by its ending."""
    m = _PATTERN.fullmatch(name) if not _RANKED_ZONE().fullmatch(name) else None  # 国家高新区 is a rank
    stem = name[:m.start(m.lastgroup)] if m else ""
    if m and not _NOT_IN_A_STEM.search(stem) and (inside or (not is_generic(name) and not is_generic(stem, adjectives=True))):
        return _LEVEL_NAMED[m.lastgroup]
    return None


def division_at(text: str, pos: int = 0, counties: Collection[str] = ()) -> str | None:
    """The division written at ``text[pos:]``: the longest the table knows, else a town, village or zone
    by its ending (the shortest, so that ``关口镇蒿塔村`` is two).  ``counties``: county stems the text
    may use (see :func:`chain`)."""
    known = _known()
    # only the lengths of the names that start so are tried, not every length up to the longest (24)
    lengths = _known_index().lengths.get(text[pos:pos + 2], ())
    stems = [len(c) for c in counties if text.startswith(c, pos)] if counties else None
    if stems:  # (the table's lengths are longest first, each once, already)
        lengths = sorted({*lengths, *stems}, reverse=True)
    full = None
    for n in lengths:  # (a loop, not next() over a generator: each step of every chain asks it)
        word = text[pos:pos + n]
        if len(word) == n and (word in known or word in counties):
            full = word
            break
    m = _PATTERN.match(text, pos)
    ending = m[0] if m and level(m[0]) is not None else None
    # a known name stands where another division follows it (焦作|高新区, 扬州|国家高新区); else it is the
    # stem of a longer name (东城|村 is 东城村, not 东城区's stem)
    after = pos + len(full or "")
    if ending and (not full or (len(ending) > len(full) and not _SUFFIX.search(full)
                                and not division_at(text, after, counties) and not _RANKED_ZONE().match(text, after))):
        return ending
    return full


def may_begin(text: str, pos: int = 0) -> bool:
    """Whether a division the table lists, or one named by its ending, may be written at ``text[pos:]``: where not,
    :func:`division_at` and :func:`chain` find none but the text's own places (one lookup and two regex matches,
    most places of a text)."""
    return (text[pos:pos + 2] in _known_index().lengths or _PATTERN.match(text, pos) is not None
            or _UNLISTED_COUNTY.match(text, pos) is not None)


def chain(name: str, places: Collection[str] = (), stop: int | None = None, tail: int = 2) -> list[str]:
    """The divisions ``name`` starts with, outermost first, each inside the one before.

    ``places`` are other places the text names, taken at the start as divisions are (民主路|大沙河桥),
    and the counties among them may be written by their stems (宜都市: 宜都|万达广场);
    no step runs past ``stop`` (where the name's own ending begins: 文昌社区卫生服务中心 is no
    chain).  What follows must still be a name of two characters or more (``高新区`` alone is no
    chain), and a division that runs on into a road's or a unit's name is part of it (``玉溪路小学``);
    ``tail=0`` reads a text rather than a name: its divisions may end it (重庆|秀山县).
    """
    if not tail:
        # a text read from some place in it is seldom read again: not kept, where it would push names out; its places
        # are taken whole (those it does not write are never its steps), so that their index (_read_places) is made
        # once a text, not once for each place it is read from
        steps = _chain.__wrapped__(name, frozenset(places), tail)
    else:
        # only the places written in the name, and the counties whose stems are, can be its steps: the others left
        # out, a name's chain is kept once for every text, not once for each text's places (picked at C level: an
        # article asks of each of its names, and names many places)
        if places:
            listed, written = _written_as(frozenset(places))
            places = frozenset(itertools.compress(listed, map(name.__contains__, written)))
            if name in places and name not in _county_stems():
                # the name itself is never its own step, and only a county's stem is read of it: left out, its chain
                # is kept once whether or not the text names it alone
                places = places - {name}
        steps = _chain(name, places or frozenset(), tail)
    if stop is not None and steps:
        # a step past stop ends the chain, which is otherwise read as without it: kept once for every stop asked
        steps = steps[:bisect_right(list(itertools.accumulate(map(len, steps))), stop)]
    return list(steps)


@lru_cache(maxsize=1024)  # the rules of a text read its names' chains again and again
def _chain(name: str, places: frozenset[str], tail: int) -> tuple[str, ...]:
    starting, counties = _read_places(places)
    found: list[str] = []
    pos, last = 0, 0.0
    while pos < len(name):
        division = _unlisted_county(name, pos, counties) or division_at(name, pos, counties) or ""
        ours = starting.get(name[pos])  # (most characters start none of the text's places)
        own = max((p for p in ours if name.startswith(p, pos) and p != name), key=len, default="") if ours else ""
        step = own if len(own) > len(division) else division
        if not step or step in _COUNTRY or len(name) - pos - len(step) < tail or _RUNS_ON.match(name, pos + len(step)):
            break
        lvl = level(step, counties) or (Level.COUNTY if step == division and _COUNTY_ENDING.search(step) else
                                        _OTHER_PLACE)
        if lvl <= last:  # 徐州扬州: two cities side by side, not one in the other
            break
        found.append(step)
        pos, last = pos + len(step), lvl
    return tuple(found)


@lru_cache(maxsize=64)
def _written_as(places: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A text's places, and what a name writes of each where it does: its stem for a county (宜都 of 宜都市, which
    starts it), else the place itself."""
    stems = _county_stems()
    listed = tuple(places)
    return listed, tuple(stems.get(p, p) for p in listed)


@lru_cache(maxsize=64)
def _read_places(places: frozenset[str]) -> tuple[dict[str, list[str]], frozenset[str]]:
    """A text's places by their first character, and the stems of the counties among them: what :func:`chain`
    reads at each step of each name of the text, read once a text rather than once a step."""
    stems = _county_stems()
    starting: dict[str, list[str]] = {}
    for p in places:
        starting.setdefault(p[:1], []).append(p)
    return starting, frozenset(stems[p] for p in places if p in stems)


def endings(*levels: float) -> tuple[str, ...]:
    """The endings of divisions of ``levels`` (of every level if none), longest first.

    >>> endings(Level.TOWN), endings(Level.VILLAGE)
    (('街道', '苏木', '镇', '乡'), ('居委会', '社区', '嘎查', '村'))
    """
    return tuple(e for e, lvl in _ENDINGS.items() if not levels or lvl in levels)


@cache  # asked of every mention, more than once
def division_suffixes() -> tuple[str, ...]:
    """The endings that class a name as a division's (the entity finder's ``…区``, ``…街道``, ``…居委会``),
    longest first: every level's but a zone's.  A zone's name ends with 区 all the same; its kind alone names
    the local zone (高新区, ``lexicons/zones.txt``), where a suffix alone (区, 街道) names none.

    >>> "居委会" in division_suffixes(), "自治州" in division_suffixes(), "高新区" in division_suffixes()
    (True, True, False)
    """
    return tuple(e for e, lvl in _ENDINGS.items() if lvl != Level.ZONE)


def ending_class(*levels: float, only: bool = False) -> str:
    """The one-character endings of divisions of ``levels`` as a regex character class, for rules that read a
    division's ending by its last character (区文化馆, 县长); ``only``: the characters that end no other level's
    endings, so that a name ending with one is of ``levels`` (区 ends 社区, 自治区 and 高新区 too).

    >>> ending_class(Level.COUNTY), ending_class(Level.COUNTY, only=True), ending_class(Level.TOWN, Level.VILLAGE)
    ('[县区旗]', '[县旗]', '[镇乡村]')
    """
    others = [e for e, lvl in _ENDINGS.items() if lvl not in levels]
    return "[" + "".join(e for e in endings(*levels) if len(e) == 1
                         and not (only and any(o.endswith(e) for o in others))) + "]"


_ASIDE = re.compile(r"（[^）]*）")


def without_asides(name: str) -> str:
    """``name`` without what it says in brackets, an alias or a note: the name its places are read from.

    >>> without_asides("高新区（示范区）党工委")
    '高新区党工委'
    """
    return _ASIDE.sub("", name)


def level_of_suffix(name: str) -> float | None:
    """The level of division the longest ending ``name`` ends with names (:class:`Level`), whatever its stem;
    ``None`` if it ends with none.

    >>> level_of_suffix("区"), level_of_suffix("某某社区"), level_of_suffix("某某工业园区"), level_of_suffix("某某路")
    (3, 5, 3.5, None)
    """
    # one search in C, not a Python step for each of the name's own endings (the gazetteer's index asks it of each
    # of 44,000 divisions, extraction of every place an article names)
    ending = _ENDING_AT_END.search(name)
    return _ENDINGS[ending[0]] if ending else None


def is_town(name: str) -> bool:
    """Whether ``name`` ends as a town does (the township level).

    >>> is_town("某某镇"), is_town("某某街道"), is_town("某某苏木"), is_town("某某嘎查")
    (True, True, True, False)
    """
    return level_of_suffix(name) == Level.TOWN


def is_village(name: str) -> bool:
    """Whether ``name`` ends as a village does (村, 社区, 嘎查, 居委会).

    >>> is_village("某某村"), is_village("某某嘎查"), is_village("某某居委会"), is_village("某某区")
    (True, True, True, False)
    """
    return level_of_suffix(name) == Level.VILLAGE


def is_above_town(name: str) -> bool:
    """Whether ``name`` ends as a division above the township level does: a county, city, province or zone
    (社区 is a village's ending, not a district's).

    >>> is_above_town("某某旗"), is_above_town("某某开发区"), is_above_town("某某社区"), is_above_town("某某乡")
    (True, True, False, False)
    """
    lvl = level_of_suffix(name)
    return lvl is not None and lvl < Level.TOWN


def is_organ(name: str) -> bool:
    """Whether ``name`` is some division's Party or government organ: in no place, as :func:`own_organ` has it
    of its own place, nor in those above (山东省德州市委 is not in 山东).

    >>> is_organ("山东省德州市委"), is_organ("青龙街道人大工委"), is_organ("江洲镇水利委员会")
    (True, True, False)
    >>> is_organ("某某旗人大常委会"), is_organ("某某苏木党委"), is_organ("某某嘎查村委会")
    (True, True, False)
    """
    return _ORGAN_END.search(name) is not None


def organs(kind: str = "organ") -> tuple[str, ...]:
    """A division's own bodies of a ``kind`` (``lexicons/organs.tsv``: ``organ``, ``body``, ``standing``), longest
    first: what its name or its level's word is written before (县委, 县人民政府, 鹿鸣旗人大).

    >>> organs()[:2], organs()[-1], "村委会" in organs("body")
    (('人民代表大会', '联合党工委'), '委', True)
    """
    return tuple(_ORGANS[kind])


def own_organ(name: str, place: str) -> bool:
    """Whether ``name`` is ``place``'s own party or government organ, or a part of one (L2): such a body
    is not *in* its place, as its departments and firms are.

    >>> own_organ("莲花镇党委", "莲花镇"), own_organ("中共甘州区委", "甘州区"), own_organ("甘州区教育局", "甘州区")
    (True, True, False)
    """
    at = name.find(place)
    before = name[:at].removeprefix("中共").removeprefix("中国共产党")
    # written after the places it is in (河北省临城县县委, 厦门市湖里区政协): still the place's own
    ends = set(itertools.accumulate(map(len, chain(before + place)), initial=0))
    if at < 0 or len(before) not in ends:
        return False
    return _OWN_ORGAN.match(name, at + len(place)) is not None


def begins_organ(text: str, pos: int = 0) -> bool:
    """Whether the word of a level and one of its Party or government organs are written at ``text[pos:]``
    (宜昌|市委常委: the city's name ends where its organ's begins).

    >>> begins_organ("宜昌市委常委", 2), begins_organ("某某旗政协主席", 2), begins_organ("市场监管局")
    (True, True, False)
    """
    return _ORGAN_START.match(text, pos) is not None


def stem(name: str) -> str | None:
    """What news calls a division above the township level by: its name without its ending and, for an
    autonomous division, the peoples it is named for; ``None`` for a district (…区: 解放区 is not 解放, a word,
    nor 古城区 古城, a village's name too) or a stem of one character (温县).

    >>> stem("宿迁市"), stem("延边朝鲜族自治州"), stem("正镶白旗"), stem("解放区"), stem("温县")
    ('宿迁', '延边', '正镶白', None, None)
    """
    m = _stem().fullmatch(name)
    return m["stem"] if m else None


@cache
def _stem() -> re.Pattern:
    """A division's name: its stem, the peoples of an autonomous division (only before 自治: 六盘水市's stem is
    六盘水, though 水 is a people), its suffix."""
    peoples = rf"(?:(?:{alternation('ethnic_groups')})族?)+(?=自治)"
    return re.compile(rf"(?P<stem>[{HAN}]{{2,}}?)(?:{peoples})?(?:{_SHORTENED})")


@cache
def _known() -> dict[str, float]:
    """Every division's full name, and the stems of provinces and cities, with their level (the highest
    where two share a name)."""
    known: dict[str, float] = {}
    for name, lvl in _table():
        known[name] = min(known.get(name, lvl), lvl)
    for name in words("gazetteer") - _COUNTRY:  # provinces and cities as commonly written
        known.setdefault(name, Level.CITY)
    for name in words("zones"):  # named by their kind alone; the table lists some as townships
        known[name] = Level.ZONE
    return known


@cache
def _county_stems() -> dict[str, str]:
    """A county's full name → its stem (宜都市 → 宜都): a stem so short is taken for the county only in a
    text that writes the county in full, as 沙河 may be a river and 孟州北路 a road."""
    return {name: stem for name, stem in _stems() if _known().get(name) == Level.COUNTY}


def _table() -> Iterator[tuple[str, float]]:
    by_length = {2: Level.PROVINCE, 4: Level.CITY, 6: Level.COUNTY}
    for d in divisions().values():
        yield d.name, by_length.get(len(d.code), Level.TOWN)
    for name, stem in _stems():
        if _level_in_table(name) < Level.COUNTY:
            yield stem, _level_in_table(name)


@cache
def _stems() -> tuple[tuple[str, str], ...]:
    """(full name, stem) of every division above the township level (:func:`stem`) whose stem is no everyday
    word: read in running text, where 保定 and 大连 are words too (the gazetteer, naming what was found, keeps
    them)."""
    everyday = words("common_words")
    named = ((d.name, stem(d.name)) for d in divisions().values() if len(d.code) <= 6)
    return tuple((name, short) for name, short in named if short and short not in everyday)


@cache
def _level_in_table(name: str) -> float:
    by_length = {2: Level.PROVINCE, 4: Level.CITY, 6: Level.COUNTY}
    return min(by_length.get(len(d.code), Level.TOWN) for d in _by_name()[name])


@cache
def _by_name() -> dict[str, list]:
    table: dict[str, list] = {}
    for d in divisions().values():
        table.setdefault(d.name, []).append(d)
    return table


@cache
def _known_index() -> NameIndex:
    return NameIndex(_known())


# a county's own endings, not a district's 区 (which ends villages' and zones' names too)
_COUNTY_ENDING = re.compile(rf"{ending_class(Level.COUNTY, only=True)}$")
_SUFFIX_CHARACTERS = frozenset(e for e in _ENDINGS if len(e) == 1)  # 省, 县, 镇, 村 …
_UNLISTED_COUNTY = re.compile(rf"[{HAN}]{{1,3}}?{ending_class(Level.COUNTY, only=True)}")


def _unlisted_county(name: str, pos: int, counties: Collection[str]) -> str:
    """A county the table no longer lists (renamed or merged: 户县, 旬阳县), where a town or village
    follows it (户县|石井镇): a name of one to three characters and 县 or 旗."""
    m = _UNLISTED_COUNTY.match(name, pos)
    if m is None or m[0] in _known() or m[0] in counties:
        return ""  # listed: division_at's
    if m[0][0] in _DETERMINERS + "到在赴至往" or name[m.end():m.end() + 1] in _SUFFIX_CHARACTERS:
        return ""  # 全县各乡镇, 旧县|镇, 到|户县: no county's name
    inner = division_at(name, m.end(), counties)
    return m[0] if inner and (level(inner, counties) or 0) >= Level.TOWN else ""


@cache
def _RANKED_ZONE() -> re.Pattern:
    # a zone of a rank, written after its city's name: 扬州|国家高新区
    return re.compile(f"(?:国家级?|省级)(?:{alternation('zones')})")
