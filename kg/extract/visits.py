"""Who inspected what (rules I1–I3 of the guidelines): visits, their sites and their party.

A visit names its sites after a movement verb (``先后到A、B等地``, ``深入C调研``, ``赴D开展…``), after a
verb of looking (``察看了A、B``, ``参观了C``), in ``对A、B进行视察``, or before the visitors
(``在A，吕沛实地察看…``).  The visitors are the people named before the verb in its clause, but not
those who only accompany them (``陪同``, ``在X陪同下``): where some lead (``A、B带队``, ``A率领…``, ``在A的带领
下``), those.  Where the clause names nobody (``代表团一行``, ``视察组``, ``他``), the visitors are the
article's party: the people of its latest inspection, and whoever joins it (``一同检查``).

>>> [[s.name for s in v.sites] for v in visits("吕沛先后到山阳路大沙河桥、紫荆大道项目建设工地等施工现场，察看进度", 0, 40)]
[['山阳路大沙河桥', '紫荆大道项目']]
>>> [[s.name for s in v.sites] for v in visits("视察组对县住建局、农业局等单位进行了视察", 0, 20)]
[['县住建局', '农业局']]
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from ..lexicon import alternation_of, by_first, relation_verbs, words
from ..model import Kind
from ..names import OWN_JURISDICTION
from ..text import HAN
from . import projects

__all__ = ["Site", "Visit", "visits", "visit_words", "Party", "leaders", "companions", "led_before"]


@dataclass(frozen=True)
class Site:
    """A place named as visited or inspected: ``name`` at ``start:end``."""

    name: str
    start: int
    end: int
    kind: Kind | None = None  # what the visit calls it: 恒大悦龙台、恒大翡翠华庭项目现场 are projects


@dataclass(frozen=True)
class Visit:
    """The sites of one visit, and where its phrase is.

    ``after`` is true for ``在A，…`` where the visitors are named after the sites; ``objects`` where the
    sites are a verb's objects (察看A、B), which may be any noun (城中村), not only places.
    """

    sites: list[Site]
    start: int
    end: int
    after: bool = False
    objects: bool = False


@dataclass
class Party:
    """The people of one inspection, and the sites it visited with no visitor named (代表团先后前往…)."""

    members: list[str] = field(default_factory=list)
    sites: list[tuple[str, object]] = field(default_factory=list)  # (target, evidence sentence)

    def join(self, names: list[str]) -> None:
        self.members += [n for n in names if n not in self.members]


# what is looked at on a site, after its name: 建设情况, 施工进度, 项目进展
_STATE = r"(?:的?(?:项目)?(?:建设|施工|运行|运营|生产经营|整改|推进|落实)?(?:情况|进度|进展))"
# how a visit is made, between its sites and its verb: 实地察看, 现场调研, 进行了视察
_MANNER = r"(?:实地|现场|认真|详细|进行了?|开展|深入|一同|重点|走访|调研|考察|督导)*"
# how a list of sites ends: 等地, 等重点项目, 等重点企业及项目, 等重点工程和亿元企业
_RANKED = r"(?:重点|骨干|龙头|规上|在建|亿元)*"
_STOP_LIST = (rf"(?:等(?:{_RANKED}(?:地|处|点位|单位|企业|乡镇|村|村居|社区|项目|工程|场所|"
              rf"施工现场|现场|基地|园区|部门|站点|点|地方)(?:[及和]{_RANKED}(?:项目|企业|工程))?)?)")
# a list runs to the end of its clause (some pages print ，、 between its items)
_TARGETS = r"(?P<targets>(?:[^，。；：！？]|，(?=、|以及)){2,400}?)"  # …的情况，以及C、D: the list goes on
_CLAUSE_END = r"(?=[，。；](?!、|以及)|$)"


# Where a site is visited rather than what it is: 孟州北路|项目施工现场, 大沙河蒙牛变电站|建设工地
_SITE_WORDS = re.compile(r"(?:施工|建设)?(?:现场|工地)$")
_PROJECT_SITE = re.compile(r"项目(?:施工|建设)?(?:现场|工地)?$")
_DIVISIONS_LISTED = re.compile(r"等(?:乡镇|镇|乡|村|村居|社区|街道)")
_SEPARATORS = re.compile(r"(，?、|和|及|与|以及)")
_GROUPS = ("组", "团", "一行")  # a visit's party named as a group: 视察组到A, 代表团一行来到B


def visits(text: str, start: int, end: int) -> list[Visit]:
    """Every visit phrase in ``text[start:end]`` with its sites, in text order."""
    found: dict[int, Visit] = {}
    # a pattern is tried at every character: the words it cannot match without are looked for first, once a text
    # (from two characters back, where a group's visit begins: 一行|到)
    present = {kind for kind, needed in _needed().items() if needed.search(text, max(0, start - 2), end)}
    if not present:  # most sentences
        return []
    for pattern, where, needs in _patterns():
        if needs not in present:
            continue
        for m in pattern.finditer(text, start, end):
            if any(v.start <= m.start() < v.end or m.start() <= v.start < m.end() for v in found.values()):
                continue
            targets, end_ = m.group("targets"), m.end("targets")
            # 到城关、台溪等乡镇的茶园: the towns are the sites
            inner = _DIVISIONS_LISTED.search(targets)
            if inner and targets.startswith("的", inner.end()):
                targets, end_ = targets[:inner.start()], m.start("targets") + inner.start()
            # 到平店、袁老、魏集等乡镇: what the list says its items are
            kind = Kind.AREA if _DIVISIONS_LISTED.match(text, end_) else None
            sites = _sites(targets, m.start("targets"), kind)
            if sites:
                found[m.start()] = Visit(sites, m.start(), m.end(), where == "after", where == "objects")
    return [found[k] for k in sorted(found)]


# 在A的带领下, 由A、B带队的调研组
_LED_BY = re.compile(r"在(?P<who>[^，。；]{2,60}?)的(?:带领|率领|带队)下|由(?P<by>[^，。；]{2,80}?)(?:带队|率队|带领|率领)的")
_ACCOMPANIED = re.compile(r"在(?P<who>[^，。；]{2,60}?)(?:的)?(?:陪同|陪伴)下")
def leaders(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` whose people lead the visit: ``在A的带领下``."""
    return [m.span("who" if m["who"] else "by") for m in _LED_BY.finditer(text, start, end)]


def companions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans whose people only accompany: ``在A陪同下``."""
    if text.find("陪", start, end) < 0:  # most sentences: the pattern's runs from each 在 not tried for nothing
        return []
    return [m.span("who") for m in _ACCOMPANIED.finditer(text, start, end)]


def led_before(text: str, start: int, end: int) -> int | None:
    """Where ``带队``/``率领``/``一行`` is in ``text[start:end]``: the people before it lead."""
    m = _lead_re().search(text, start, end)
    return m.start() if m else None


@cache
def _patterns() -> list[tuple[re.Pattern, str, str]]:
    """Each visit pattern, with where its visitors are named: ``before``, ``after`` the sites, or
    ``objects`` (before; the sites are a verb's objects); and the words it needs (:func:`_needed`)."""
    inspect, looks = _verbs("inspected", "inspected_after_visit"), _verbs("inspected")
    # a round's verbs, or a visit's right after a group: one alternation, each branch a first character's
    round_or_group_visit = "|".join(_branches(_verb_set("round")) + _branches(_verb_set("visit"), _GROUPS))
    # (each pattern starts with a character or with one trie of verbs, not a lookbehind nor an alternation of
    # groups, so that a search skips to where its first characters are rather than trying it at every one; a round's
    # verbs and a visit's start with different characters, and so try alike in one trie)
    return [
        # 到A、B等地调研; 赴D开展招商; 深入到A，实地察看 (what is looked at after the verb is another visit)
        (re.compile(rf"{_verbs('round', 'visit')}{_TARGETS}(?={_STOP_LIST}?，?{_MANNER}(?:{inspect}))"), "before",
         "inspecting"),
        # 先后到A、B、C等地，详细询问…; 先后来到A、B，…: a round of visits needs no verb after it, nor does a
        # group that goes to inspect (视察组到A，就…座谈)
        (re.compile(rf"(?:{round_or_group_visit}){_TARGETS}(?:{_STOP_LIST}|{_CLAUSE_END})"), "before", "going"),
        # 来我县考察: the article's own county or city is visited (its name is the article's, see kg.extract)
        (re.compile(rf"(?:来|到|赴)(?P<targets>{OWN_JURISDICTION.pattern})(?=了?{_MANNER}(?:{inspect}))"), "before",
         "inspecting"),
        # 来秦安县，就…进行调研, 来高新区参观考察: a division come to (not 带来, 原来)
        (re.compile(rf"来(?<![带将未原本]来)(?P<targets>[{HAN}]{{1,10}}?(?:省|市|县|区|旗|州|镇|乡|街道))"
                    rf"(?=(?:，就[^。；，]{{0,40}}?)?{_MANNER}(?:{inspect}))"), "before", "inspecting"),
        # 对A、B进行视察
        (re.compile(rf"对{_TARGETS}{_STOP_LIST}?(?:的[^，。；]{{0,20}}?)?进行了?{_MANNER}(?:{inspect})"), "before", "inspecting"),
        # 在A和B，吕沛实地察看…; 在A调研时
        # (not 在X的带领下，, 在X陪同下，: who, not where)
        (re.compile(rf"在(?<![^，。；：\n]在){_TARGETS}(?:(?<!下)，(?=[^。；]*?(?:{inspect}))|(?:{_MANNER}(?:{inspect})时))"),
         "after", "inspecting"),
        # 察看了A、B项目建设情况: the sites after the verb, up to the clause's end
        (re.compile(rf"(?:{looks})(?![组团队员局站室处科的])(?:了解|了)?{_TARGETS}{_STOP_LIST}?{_STATE}?{_CLAUSE_END}"),
         "objects", "inspecting"),
    ]


@cache
def _needed() -> dict[str, re.Pattern]:
    """The words a visit pattern needs, which most sentences have none of: a verb of inspecting, but for a round's
    or a group's visit."""
    return {kind: re.compile(alternation_of(needed)) for kind, needed in _needed_words().items()}


@cache
def visit_words() -> re.Pattern:
    """The words of every kind some visit pattern needs (:func:`_needed`): a text with none has no :func:`visits`
    (it is searched from two characters before the text's start, as :func:`visits` reads)."""
    # one trie, not the kinds' patterns joined: a search skips ahead only where every branch starts with a character
    return re.compile(alternation_of(set().union(*_needed_words().values())))


@cache
def _needed_words() -> dict[str, frozenset[str]]:
    # a group's verbs written out with the group (组到, 一行来到), in one trie with the rounds' verbs: an alternation
    # whose every branch starts with a character is searched for by its first characters, not tried at every one
    group_visits = {group + verb for group in _GROUPS for verb in relation_verbs()["visit"]}
    return {"inspecting": _verb_set("inspected", "inspected_after_visit"),
            "going": _verb_set("round") | group_visits}


def _verbs(*relations: str) -> str:
    """An alternation of the verbs of ``relations`` (``lexicons/verbs.toml``), longest first."""
    return alternation_of(_verb_set(*relations))


def _branches(verbs: Iterable[str], behind: Sequence[str] = ()) -> list[str]:
    """The branches of an alternation of ``verbs``, one a first character, each starting with it (so that a search
    skips to where they are, as alternation_of's); with ``behind``, a verb only right after one of those words,
    looked behind for after its first character (a lookbehind first is tried at every character)."""
    return [re.escape(first) + ("(?:" + "|".join(f"(?<={re.escape(word + first)})" for word in behind) + ")"
                                if behind else "") + alternation_of(rest) for first, rest in by_first(verbs)]


def _verb_set(*relations: str) -> frozenset[str]:
    """The verbs of ``relations`` (``lexicons/verbs.toml``)."""
    return frozenset(v for r in relations for v in relation_verbs()[r])


def _sites(targets: str, offset: int, listed: Kind | None = None) -> list[Site]:
    parts = _SEPARATORS.split(targets)
    # 义和达坝奶制品加工车间: a 和 with one character before it is inside a name
    while (short := next((i for i in range(0, len(parts) - 2, 2) if len(parts[i]) < 2), None)) is not None:
        parts[short:short + 3] = ["".join(parts[short:short + 3])]
    # 项目现场 after the last site says what the sites are
    kind = Kind.PROJECT if any(_PROJECT_SITE.search(p) for p in parts) else listed
    sites = []
    for part in parts:
        if not _SEPARATORS.fullmatch(part):
            name = projects.without_list_end(_SITE_WORDS.sub("", part))  # …、C等项目|现场
            lead = 1 if name.startswith("了") and not name.startswith("了解") else 0  # 察看了|A, not 了|解A
            name = name[lead:]
            # 察看|进度: a kind of thing, no site; but 石门 of 石门、高桥等乡镇 is a town
            if len(name) >= 2 and (kind == Kind.AREA or name not in words("generic_words")
                                   or OWN_JURISDICTION.fullmatch(name)):
                sites.append(Site(name, offset + lead, offset + lead + len(name), kind))
        offset += len(part)
    return sites


@cache
def _lead_re() -> re.Pattern:
    return re.compile(r"带队|率队|带领|率领|领队|一行")
