"""Where things are: ``kg:locatedIn``, written or implied.

*Written*: a name that starts with places is in the innermost of them, and
each place in the one before (``宁夏银川兴庆区富洋烧烤店``: 富洋烧烤店 in
兴庆区 in 银川 in 宁夏; ``焦作市瑞诚机械制造有限公司`` in 焦作市); a city in
brackets places a company too (``蒙牛乳业（焦作）有限公司``); a place written
right before another is its container (``文昌街道姚郭庄村``).

*Implied*: an article about one district (the county-level division it names
most) places there what it names below that level, unless the name places
it elsewhere. These facts are marked ``implied`` so users can filter them.

>>> chain("宁夏银川兴庆区富洋烧烤店", set())
['宁夏', '银川', '兴庆区']
>>> chain("焦作高新区", set()), chain("区应急管理局", set())
(['焦作'], [])
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from functools import cache, lru_cache

from .. import names
from ..lexicon import alternation, alternation_of, words
from ..model import BODY_KINDS, PLACE_KINDS, Kind, Mention
from ..names.divisions import may_begin
from ..nlp.entities import INSTITUTION, ROAD, classify, is_division_name, is_real_division, name_ending
from ..text import HAN, NameIndex, normalize

__all__ = ["chain", "ending_start", "city_named", "bracketed_city", "home_district", "home_city", "Containment",
           "written", "adjacent", "situated", "referred", "visited", "owned", "implied", "a_kind_of_place"]

# Kind's members read once: reading one runs the enum's metaclass code, and the rules ask it of every mention
_PERSON, _AREA, _PROJECT = Kind.PERSON, Kind.AREA, Kind.PROJECT
_UNITS = frozenset({Kind.ORG, Kind.PROJECT})
_COUNTY = re.compile(rf"{names.ending_class(names.Level.COUNTY)}$")
_THAT_TOWN = re.compile(f"该({'|'.join(names.endings(names.Level.TOWN))})")
_NAMES_A_UNIT = re.compile(r"路|街|大道|大学|学院|医院")
_COUNTRY = frozenset({"中国", "中华人民共和国"})
# bodies of a higher level, wherever the article is: never implied in its district
_HIGHER = re.compile(rf"^(?:{'|'.join(w for w, lvl in names.LEVEL_WORDS.items() if lvl < names.Level.COUNTY)}|"
                     r"国家|中共|中央|中国|全国|国务院|党中央|共产党)")
# the district's own units (区文化馆, 县融媒体中心): whose they are, the resolver tells, as for its bodies
_DISTRICT_UNIT = re.compile(rf"^{names.ending_class(names.Level.COUNTY)}(?!域)")
_BRACKETED_SHORT = re.compile(r"（([^（）]{2,4})）")
# firms and schools are where they are, whatever place they are named after
_LOCAL_UNIT = re.compile(r"(?:公司|集团|厂|中学|小学|学校|幼儿园)(?:（[^）]*）)?$")


def chain(name: str, places: set[str]) -> list[str]:
    """The places ``name`` starts with, outermost first (:func:`kg.names.chain`); ``places`` are the
    article's own place names, matched as divisions are.  A place the name's ending begins inside
    of names the unit, not its place (文昌社区卫生服务中心)."""
    return names.chain(name, places, ending_start(name))


@lru_cache(maxsize=4096)  # chain is asked of an article's names again and again, by every rule here
def ending_start(name: str) -> int | None:
    """Where the ending ``name`` ends with (:func:`~kg.nlp.entities.name_ending`) begins, if it has one."""
    ending = name_ending(name)
    return ending.start() if ending else None


@lru_cache(maxsize=4096)  # asked of every mention of an article
def city_named(name: str) -> str:
    """The province or city ``name`` starts with, with its suffix if written, unless it is part of a
    road's or a unit's name: ``焦作市瑞诚…`` → ``焦作市``; ``玉溪路小学``, ``郑州大学`` → ``""``.

    >>> city_named("焦作日报社"), city_named("玉溪路小学")
    ('焦作', '')
    """
    if (city := _gazetteer().at(name)) is None:
        return ""
    end = _GAZETTEER_SUFFIX.match(name, len(city)).end()
    return name[:end] if not _NAMES_A_UNIT.match(name, end) else ""


def bracketed_city(name: str) -> str | None:
    """``蒙牛乳业（焦作）有限公司`` → ``焦作``: a city written in a company's name."""
    m = _BRACKETED_SHORT.search(name)
    return m[1] if m and m[1] in words("gazetteer") and not name.endswith(m[0]) else None


def home_district(mentions: Iterable[Mention]) -> str:
    """The county-level division an article names most, alone or at the head of a body's
    name (高新区, 高新区（示范区）党工委 → 高新区), else ``""``."""
    # (people, a third of the mentions, passed over before _county_named's cache is asked)
    counts = Counter(county for m in mentions if m.kind is not _PERSON and (county := _county_named(m.text, m.kind)))
    return max(counts, key=lambda n: (counts[n], n)) if counts else ""


@lru_cache(maxsize=4096)  # an article names its places and bodies again and again
def _county_named(text: str, kind: Kind) -> str:
    """The county-level division a mention names, alone or at the head of a body's name, else ``""``."""
    name = names.without_asides(normalize(text))
    if kind in BODY_KINDS:  # 澧县|县委, 新乡|经开区|管委会: the divisions it starts with
        county = next((p for p in reversed(names.chain(name)) if _county_level(p)), None)
        head = _division_re().match(name) if county is None else None
        name = county or (head[0] if head and _division_ok(head[0]) else "")
    elif kind != _AREA:
        name = ""
    return name if _county_level(name) else ""


def _county_level(name: str) -> bool:
    """A county-level division's name: a county-level city is a county too (孟州市, 新郑市)."""
    return bool((_COUNTY.search(name) and len(name) >= 3 or name in words("counties"))
                and name not in words("not_endings"))


def home_city(mentions: Iterable[Mention]) -> str:
    """The city (not a province) an article names most, as a name starts or is written: ``焦作``."""
    counts = Counter(city for m in mentions if m.kind != _PERSON and (city := _city_written(m.text)))
    return counts.most_common(1)[0][0] if counts else ""


@lru_cache(maxsize=4096)  # asked of every mention of every article: names recur
def _city_written(text: str) -> str:
    """The city (not a province) a name is or starts with, without 市 (:func:`city_named`), else ``""``."""
    city = city_named(normalize(text)).rstrip("市")
    return city if city not in words("provinces") else ""


class Containment:
    """One ``locatedIn``: ``inner`` in ``outer``, written or implied, with the mention it rests on."""

    __slots__ = ("inner", "outer", "implied", "mention")

    def __init__(self, inner: str, outer: str, implied: bool, mention: Mention):
        self.inner, self.outer, self.implied, self.mention = inner, outer, implied, mention

    def __repr__(self) -> str:
        return f"{self.inner} in {self.outer}{' (implied)' if self.implied else ''}"


def written(mentions: list[Mention], text: str = "") -> list[Containment]:
    """Every ``locatedIn`` the article's mentions (in text order) state; in ``text``, the article's,
    a place written before a list places every item of it (冯原镇关家桥村、书堡村: both in 冯原镇).

    >>> ms = [Mention("高新区", Kind.AREA, 0, 3), Mention("李万街道", Kind.AREA, 3, 7),
    ...       Mention("焦作市瑞诚机械制造有限公司", Kind.ORG, 9, 22), Mention("蒙牛乳业（焦作）有限公司", Kind.ORG, 23, 35)]
    >>> written(ms)
    [李万街道 in 高新区, 焦作市瑞诚机械制造有限公司 in 焦作市, 蒙牛乳业（焦作）有限公司 in 焦作市]
    """
    # frozen once: names.chain keeps its answers by the places it is given (a set would be frozen at every call)
    places = frozenset(normalize(m.text) for m in mentions if m.kind in PLACE_KINDS)
    # a school or hospital is named after its road, not placed in it (玉溪路小学); a bridge or a works is
    # (民主路大沙河桥, 黄河路明仁厂区污水处理站)
    not_roads = frozenset(p for p in places if not ROAD.search(p))
    found: dict[tuple[str, str], Containment] = {}
    chains: dict[str, list[str]] = {}  # by name: an article names its places and bodies again and again

    def add(inner: str, outer: str, mention: Mention) -> None:
        if inner != outer and _may_hold(normalize(outer), normalize(inner)):
            found.setdefault((inner, outer), Containment(inner, outer, False, mention))

    previous: Mention | None = None
    head: str | None = None  # the outermost place written before the list being read
    for m in mentions:
        if m.kind == _PERSON:
            previous = head = None
            continue
        listed = previous is not None and _LIST_SEPARATOR.fullmatch(text[previous.end:m.start]) is not None
        name = normalize(m.text)  # what the rules read; m.text is what the facts write (縣, 鎮 too)
        steps = chains.get(name)
        if steps is None:
            steps = chains[name] = chain(name, not_roads if INSTITUTION.search(name) else places)
        outer = _own_zones(steps)
        for a, b in zip(outer, outer[1:]):
            add(b, a, m)
        adjacent = _adjacent_place(previous, m)
        if outer and adjacent:
            add(outer[0], previous.text, m)  # 宁夏|银川兴庆区富洋烧烤店: 银川 in 宁夏
        if len(outer) == 1 and outer[0].rstrip("省") in words("provinces") and _UNIVERSITY.search(name):
            outer = []  # 河南理工大学: named after its province, not placed in it as a firm is
        if m.kind == _PROJECT and _FIRM_IN_NAME.search(name):
            outer = []  # 河南某某机械有限公司年产…项目: the place it starts with is the firm's, not the project's
        if outer:
            rest = name[sum(map(len, steps)):]
            # 焦作高新区: in 焦作, the city's own zone; 宁夏银川兴庆区: 兴庆区 in 银川
            named_by_kind = rest in words("zones")
            whole = is_division_name(name) and is_real_division(rest) and not named_by_kind
            add(m.text[len(name) - len(rest):] if whole else m.text, outer[-1], m)
        elif city := bracketed_city(normalize(m.text)):
            add(m.text, city if city in words("provinces") else city + "市", m)  # 大咖国际食品（广西）有限公司
        elif adjacent:
            add(m.text, previous.text, m)  # 文昌街道|姚郭庄村: written one after the other
        if listed and head:
            # …、书堡村: in the place the list began with, unless it is as high as that place
            first = outer[0] if outer else (None if adjacent else m.text)
            # a county or city the list names is told apart by its own name (江苏…、深圳的…: not in 江苏)
            if first and _level(first) > max(_level(head), 3):
                add(first, head, m)
        elif not (adjacent and previous.kind in PLACE_KINDS):
            # a county, town or village heads a list; a province or city a firm's name (河南…公司、黄河路…)
            head = outer[0] if outer and _level(outer[0]) >= 3 else None
        if adjacent and not listed:
            head = previous.text if head is None or _level(previous.text) < _level(head) else head
        previous = m
    return list(found.values())


@lru_cache(maxsize=4096)  # asked of an article's pairs again and again, and pairs recur from article to article
def _may_hold(outer: str, inner: str) -> bool:
    """Whether the place ``outer`` can hold ``inner`` (both normalised): a place's own organs are not in it (L2):
    莲花镇党委, 中共甘州区委, 高新区（示范区）党工委; nor in the places above it (山东省德州市委: not in 山东)."""
    regions = words("regions")  # 京津冀, 长江: neither in a division nor containing what is named after them
    return not (names.own_organ(inner, outer) or names.is_organ(inner) or inner in regions or outer in regions)


_LIST_SEPARATOR = re.compile(r"，?、|和|及|与|以及")
_UNIVERSITY = re.compile(r"大学|学院")
_FIRM_IN_NAME = re.compile(r"(?:公司|集团)(?!(?:项目|工程)$).")  # a firm's name, then more of the project's (not 某某公司项目)


# where a division's name can end and another's begin: 湖北省|当阳市, 八里庄街道|华贸中心社区
_DIVISION_END = re.compile(rf"{alternation_of(names.endings())}(?=[{HAN}])")
_LONGEST_OUTER = 9  # 延边朝鲜族自治州
# the one-character endings, whose heads' titles are the ending and 长 (县长, 镇长)
_HEADED_LEVELS = frozenset(e for e in names.endings() if len(e) == 1)


def adjacent(text: str, word_starts: Sequence[int], places: Collection[str] = (),
             written_as: Callable[[int, int], str] | None = None,
             endings: Collection[tuple[int, int]] = ()) -> list[Containment]:
    """A division written right after one above it lies in it, wherever the text writes the two: in a
    list of sites, inside a body's or a title's name (青海省|海北州委书记, 政治协商会议北京市|房山区委员会).
    The outer one begins where a word does (``word_starts``, in order), the nearest such start that makes it a
    division (到|千户镇|老山村); ``places``: the article's place names, whose counties may be written by
    their stems (:func:`kg.names.chain`); ``written_as(start, end)``: the text as the facts write it;
    ``endings``: the spans of units' endings, which no division runs into (文昌|社区卫生服务中心).

    >>> adjacent("调研组先后来到千户镇老山村，", [0, 3, 5, 7, 10, 13])
    [老山村 in 千户镇]
    """
    written_as = written_as or (lambda start, end: text[start:end])
    places = frozenset(places)  # once, not at each of names.chain's calls
    found: list[Containment] = []
    read = 0  # where the last chain read ends
    # where an outer one may end: a division's ending, or a province or city written by its stem (重庆|秀山县)
    # (the matches' ends read at C level: a text has thousands)
    ends = sorted({*map(re.Match.end, _DIVISION_END.finditer(text)), *_gazetteer_ends(text)})
    firsts = {p[:1] for p in places}  # (a county's stem starts as its full name does)
    for e in ends:
        # (a chain is read where a division may begin, few of the ends)
        if e <= read or not (may_begin(text, e) or text[e:e + 1] in firsts) \
                or not names.chain(text[e:e + 40], places, tail=0):
            continue
        for s in reversed(word_starts[bisect_left(word_starts, max(e - _LONGEST_OUTER, read)):
                                      bisect_left(word_starts, e - 1)]):
            steps = _divisions_at(text, s, word_starts, places, endings)
            if steps and steps[0][1] == e:
                for (a, b), (c, d) in zip(steps, steps[1:]):
                    if _level(text[a:b]) < _level(text[c:d]) < 6:
                        found.append(Containment(written_as(c, d), written_as(a, b), False,
                                                 Mention(written_as(c, d), Kind.AREA, c, d)))
                read = steps[-1][1]
                break
    return found


@lru_cache(maxsize=4096)  # asked of every mention and fact of an article, and of each step of its chains
def a_kind_of_place(name: str) -> bool:
    """乡镇, 县城, 区, 自治区: a word for a kind of place, or a division's suffix alone, names no place."""
    name = normalize(name)
    return name in words("kinds_of_place") or name in names.division_suffixes()


_SITUATED = re.compile(r"(?:位于|地处|坐落于|坐落在|地处于)在?")


def situated(mentions: list[Mention], text: str) -> list[Containment]:
    """``A位于B``, ``A地处B``: the thing the clause is about lies in the place after the verb.

    >>> ms = [Mention("马胜圩堤", Kind.PLACE, 0, 4), Mention("白塔河", Kind.PLACE, 6, 9)]
    >>> situated(ms, "马胜圩堤位于白塔河左岸")
    [马胜圩堤 in 白塔河]
    """
    found = []
    named = sorted((m for m in mentions if m.kind != _PERSON), key=lambda m: m.start)
    for verb in _SITUATED.finditer(text):
        clause = max(text.rfind(c, 0, verb.start()) for c in "，。；！？\n") + 1
        inner = next((m for m in reversed(named) if clause <= m.start and m.end <= verb.start()), None)
        outer = next((m for m in named if m.start == verb.end() and m.kind in PLACE_KINDS), None)
        place = outer.text if outer else names.division_at(text, verb.end())
        if inner and place and normalize(inner.text) != normalize(place):
            found.append(Containment(inner.text, place, False, inner))
    return found


def referred(mentions: list[Mention], text: str, sentence_start) -> list[Containment]:
    """Villages a sentence places in ``该街道``/``该镇``/``该乡``: the one of that kind the article names most.

    >>> ms = [Mention("李万街道", Kind.AREA, 0, 4), Mention("西大寨村", Kind.AREA, 14, 18)]
    >>> referred(ms, "李万街道开展观摩。该街道观摩组先后到西大寨村", lambda i: 9)
    [西大寨村 in 李万街道]
    """
    towns = Counter(normalize(m.text) for m in mentions if m.kind == _AREA and names.is_town(m.text))
    found = []
    for m in mentions:
        if m.kind != _AREA or not names.is_village(m.text):
            continue
        said = _THAT_TOWN.search(text, sentence_start(m.start), m.start)
        town = max((t for t in towns if t.endswith(said[1])), key=towns.get, default=None) if said else None
        if town:
            found.append(Containment(m.text, town, False, m))
    return found


def owned(mentions: list[Mention], text: str) -> list[Containment]:
    """``深圳的A集团和B集团``: units written after a place and 的, and those listed with them, are in it.

    >>> ms = [Mention("深圳", Kind.PLACE, 0, 2), Mention("望海集团", Kind.ORG, 3, 7), Mention("龙腾公司", Kind.ORG, 8, 12)]
    >>> owned(ms, "深圳的望海集团和龙腾公司")
    [望海集团 in 深圳, 龙腾公司 in 深圳]
    """
    found = []
    ordered = sorted(mentions, key=lambda m: m.start)
    for i, m in enumerate(ordered):
        if m.kind not in PLACE_KINDS or names.level(normalize(m.text)) is None \
                or not text.startswith("的", m.end):
            continue
        at = m.end + 1
        for unit in ordered[i + 1:]:
            if unit.start != at or unit.kind not in _UNITS:
                break
            found.append(Containment(unit.text, m.text, False, unit))
            sep = _LIST_SEPARATOR.match(text, unit.end)
            if not sep:
                break
            at = sep.end()
    return found


_GONE_TO = re.compile(r"(?:到|赴|来到|前往|深入|走进|深入到)$")


def visited(mentions: list[Mention], text: str, sentence_start, placed: Collection[str] = ()) -> list[Containment]:
    """Villages visited after a town the visitors went to, in that sentence or the one before, are in that
    town (副区长到史院乡指导…。先后查看闫阳村、庞岗村); ``placed``: names already placed, left alone.

    >>> ms = [Mention("史院乡", Kind.AREA, 4, 7), Mention("闫阳村", Kind.AREA, 16, 19)]
    >>> visited(ms, "副区长到史院乡指导工作。先后查看闫阳村", lambda i: 0 if i < 12 else 12)
    [闫阳村 in 史院乡]
    """
    found = []
    town: Mention | None = None
    for m in sorted(mentions, key=lambda m: m.start):
        if m.kind != _AREA:
            continue
        if names.is_town(normalize(m.text)):
            town = m if _GONE_TO.search(text, max(0, m.start - 3), m.start) else None
        elif (town and names.is_village(normalize(m.text)) and m.text not in placed
              and sentence_start(town.start) >= sentence_start(sentence_start(m.start) - 1)):
            found.append(Containment(m.text, town.text, False, m))
        elif names.level(normalize(m.text)) is not None:
            town = None  # another division between: the villages may be its
    return found


def implied(mentions: list[Mention], district: str, city: str, inside: dict[str, str]) -> list[Containment]:
    """What an article about ``district`` (in ``city``) places there without saying so:
    what it names below the district's level, unless written inside a smaller place or elsewhere.

    >>> ms = [Mention("万鑫商城", Kind.PLACE, 0, 4), Mention("市委", Kind.GOV, 5, 7)]
    >>> implied(ms, "高新区", "焦作", {})
    [万鑫商城 in 高新区 (implied)]
    """
    if not district:
        return []
    found: dict[str, Containment] = {}
    for m in mentions:
        if m.kind == _PERSON or m.text in found or (read := _placeable(m.text, m.kind)) is None:
            continue
        name, outer = read
        if district in name:
            continue  # the district itself, a name written with it
        container = inside.get(m.text)
        if container and is_division_name(container) and (not names.is_above_town(container)
                                                          or _level(container) == 3):
            continue  # 姚郭庄村 in 文昌街道: in the district through its town; 龙湖镇 in 新郑市: elsewhere
        if all(p.rstrip("市") == city or p.rstrip("省") in words("provinces") for p in outer):
            found[m.text] = Containment(m.text, district, True, m)
    return list(found.values())


@lru_cache(maxsize=4096)  # asked of every mention of every article: names recur
def _placeable(text: str, kind: Kind) -> tuple[str, tuple[str, ...]] | None:
    """What :func:`implied` reads of a mention whatever its article's district: its name (normalised, without
    asides) and the places it starts with, or ``None`` if no district holds what it names."""
    name = names.without_asides(normalize(text))
    if name in words("gazetteer") or name in words("regions") or names.is_outlet(name):
        return None  # a province or city, a region or river, a medium
    if _HIGHER.match(name) or (kind == _AREA and names.is_above_town(name)):
        return None  # 市委, 省水利厅, 国务院; a district or city is not in another district
    if kind == Kind.GOV or (kind == Kind.ORG and _DISTRICT_UNIT.match(name)):
        return None  # 区住建局, 党工委, 区文化馆: bodies and units are their district's, not "in" it
    outer = chain(name, set())
    if outer and kind == Kind.ORG and not _LOCAL_UNIT.search(name):
        return None  # 焦作日报社, 河南理工大学: a city's or province's institution, not the district's
    return name, tuple(outer)


_GAZETTEER_SUFFIX = re.compile("(?:省|市|盟|自治区)?")  # what a province or city is written with, if not by its stem alone


def _gazetteer_ends(text: str) -> list[int]:
    """Where the provinces and cities ``text`` writes end, with their suffixes if written (焦作市, 河南省, 阿拉善盟)."""
    return [at + len(name) for at, name in _gazetteer().written(text, then=_GAZETTEER_SUFFIX)]


@cache
def _gazetteer() -> NameIndex:
    return NameIndex(words("gazetteer"))


@cache
def _division_re() -> re.Pattern:
    # a named division: two to five characters and its ending (兴庆区, 李万街道, 李鹿宿村)
    return re.compile(rf"[{HAN}]{{2,5}}?(?:{'|'.join(names.endings())})")


def _division_ok(name: str) -> bool:
    """A division's name, not a body (解放区委…) nor a place word (厂区, 城区)."""
    if (any(w in name for w in ("委", "政府", "人大", "政协", "党", "办")) or classify(name, "") != Kind.AREA
            or not is_real_division(name)):  # 联系|市民政局: no city 联系市
        return False
    return not any(name[-n:] in words("not_endings") for n in range(2, len(name) + 1))


def _own_zones(steps: list[str]) -> list[str]:
    """A zone named by its kind alone is the one of the place before it: 新乡|经开区 → 新乡, 新乡经开区."""
    out: list[str] = []
    for step in steps:
        out.append(out[-1] + step if out and step in words("zones") else step)
    return out


def _adjacent_place(previous: Mention | None, m: Mention) -> bool:
    """Whether ``m`` is written right after a place of a higher level than its own, other than the
    country (徐州|扬州 are two cities, one after the other)."""
    return (previous is not None and previous.end == m.start and previous.kind in PLACE_KINDS
            and normalize(previous.text) not in _COUNTRY and _level(previous.text) < _level(m.text))


@lru_cache(maxsize=4096)  # asked of each place of a chain or list, and of the place before each mention
def _level(name: str) -> float:
    """How high a place is: province 1, city 2, county 3, zone 3.5, town 4, village 5, anything else 6."""
    name = normalize(name)
    if name.rstrip("省") in words("provinces"):
        return 1
    if (name[:-1] if name.endswith(("市", "盟", "州")) else name) in words("gazetteer"):
        return 2
    if name in words("counties") or name in words("zones") or name.endswith(("县", "旗")):
        return 3
    if (known := names.level(name)) is not None:
        return known  # 喀什地区, 延边朝鲜族自治州, 晏城街道
    return 4 if names.is_town(name) else 5 if names.is_village(name) else 6


def _divisions_at(text: str, start: int, word_starts: Sequence[int], places: Collection[str],
                  endings: Collection[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of the chain of divisions written at ``text[start:]``; a zone named by its kind alone is its
    city's (朔州|经济开发区: 朔州经济开发区); the chain ends before a title (副县|长, 镇|长) or a division that
    a one-character word begins (到|旬阳县: a verb and a county)."""
    spans: list[tuple[int, int]] = []
    pos = start
    steps = names.chain(text[start:start + 60], places, tail=0)
    for step, after in zip(steps, [*steps[1:], ""]):
        end = pos + len(step)
        # 县|长, 镇|长: a title; 街道|长产村 or 湖南省|长沙市: the next division
        if ((text.startswith("长", end) and step[-1] in _HEADED_LEVELS and not (after.startswith("长") and names.is_listed(after)))
                or a_kind_of_place(step) or (text[pos] in words("leading_verbs") and pos + 1 in word_starts)
                or any(a < end < b for a, b in endings)):
            break
        spans.append((spans[-1][0], end) if spans and step in words("zones") else (pos, end))
        pos = end
    return spans
