"""Who did what, sentence by sentence: chaired, attended, spokeAt, inspected, metWith.

Within a sentence, trigger words (``lexicons/verbs.toml``) are read in order;
the people named since the previous trigger are the subjects of the next one
(``宫卫红，区领导杨有军、许海玲出席会议``).  A trigger joined by ``并`` shares
the previous subjects (``出席会议并讲话``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lexicon import relation_verbs
from ..model import Kind
from ..nlp.people import PersonMention

__all__ = ["Trigger", "triggers", "Site", "Visit", "visits", "studied", "topic"]


@dataclass(frozen=True)
class Trigger:
    relation: str  # chaired, attended, spokeAt, inspected, metWith, neutral
    start: int
    end: int


_STUDYING = re.compile(r"(?:传达|学习|贯彻|领会|研读)[^，。；]*$")


def studied(text: str, start: int) -> bool:
    """Whether what starts at ``start`` is the object of 传达/学习…: 传达学习|习近平总书记重要讲话."""
    return _STUDYING.search(text, max(0, start - 20), start) is not None


# 习近平总书记关于…的重要指示, …在全会上发表的重要讲话, 杨介人、崔清文等烈士事迹: whom a text is about
_TOPIC_AFTER = re.compile(r"(?:总书记|同志|主席)?(?:关于|的|在[^，。；]{0,30}?上(?:发表|作出)的)|等?(?:烈士|英烈|先烈|英雄)")


def topic(text: str, person: PersonMention) -> bool:
    """Whether ``person`` is what the text is about (studied, quoted, remembered), not an actor.

    >>> text = "围绕习近平总书记关于网信工作的重要指示进行授课"
    >>> topic(text, PersonMention("习近平", 2, 5)), topic("吕沛讲授党课", PersonMention("吕沛", 0, 2))
    (True, False)
    """
    return studied(text, person.start) or _TOPIC_AFTER.match(text, person.end) is not None


def _studied_speech(text: str, start: int, end: int) -> bool:
    """讲话精神, 学习…重要讲话: a speech studied, not given here."""
    return text.startswith("精神", end) or studied(text, start)


@cache
def _trigger_re() -> tuple[re.Pattern, dict[str, str]]:
    table = relation_verbs()
    relation_of = {}
    for relation, verbs in table.items():
        if relation in ("visit", "inspected_after_visit"):
            continue
        for verb in verbs:
            relation_of.setdefault(verb, relation)
    alternatives = "|".join(re.escape(v) for v in sorted(relation_of, key=len, reverse=True))
    return re.compile(alternatives), relation_of


def triggers(text: str, start: int, end: int, people: list[PersonMention]) -> list[Trigger]:
    """Trigger words in ``text[start:end]`` that are not inside a name or a title."""
    pattern, relation_of = _trigger_re()
    covered = [(p.start, p.end) for p in people] + [(t.start, t.end) for p in people for t in p.titles]
    found = []
    for m in pattern.finditer(text, start, end):
        if any(a <= m.start() < b for a, b in covered):
            continue
        if relation_of[m.group(0)] == "spokeAt" and _studied_speech(text, m.start(), m.end()):
            continue
        found.append(Trigger(relation_of[m.group(0)], m.start(), m.end()))
    return found


@dataclass(frozen=True)
class Site:
    """A place named as visited or inspected: ``name`` at ``start:end``."""

    name: str
    start: int
    end: int
    kind: Kind | None = None  # what the visit calls it: 恒大悦龙台、恒大翡翠华庭项目现场 are projects


@dataclass(frozen=True)
class Visit:
    """``到A、B等地调研`` or ``在A和B，…察看``: the sites, and where the phrase ends.

    ``clause`` is true for ``在A，…`` where the visitors are named after the sites.
    """

    sites: list[Site]
    start: int
    end: int
    clause: bool
    objects: bool = False  # 察看A、B: the sites are a verb's objects, which may be any noun (城中村), not only places


# what is looked at on a site, after its name: 建设情况, 施工进度, 项目进展
_STATE = r"(?:的?(?:项目)?(?:建设|施工|运行|运营|生产经营|整改|推进|落实)?(?:情况|进度|进展))"


@cache
def _visit_patterns() -> list[tuple[re.Pattern, bool | None]]:
    """Each pattern with whether its visitors are named after the sites (``在A，…``), or ``None`` where
    the sites are the verb's objects."""
    verbs = relation_verbs()
    visit = "|".join(re.escape(v) for v in verbs["visit"])
    inspect = "|".join(re.escape(v) for v in sorted(verbs["inspected"] + verbs["inspected_after_visit"], key=len,
                                                    reverse=True))
    # verbs that take the sites as their object (not 督查, nor 检查组, 督查局)
    looks = "|".join(re.escape(v) for v in sorted(verbs["inspected"], key=len, reverse=True))
    manner = "(?:实地|现场|认真|详细|进行|开展|深入)*"
    sites = r"(?P<targets>[^，。；：！？]{2,100}?)"
    return [
        # 到A、B等地调研; 先后到A、B等处，调研督导
        (re.compile(rf"(?:{visit}){sites}(?:等[^，。；、]{{0,6}}?)?，?{manner}(?:{inspect})"), False),
        # 先后到A、B、C等地，详细询问…; 走访慰问…，先后来到A、B，…: a round of visits needs no verb after it
        (re.compile(rf"先后(?:{visit}){sites}(?:等(?:地|处|村|企业|单位|项目|施工现场|现场)|(?=，))"), False),
        # 在A和B，吕沛实地察看…
        (re.compile(rf"(?:^|(?<=[，。；：\n]))在{sites}，(?=[^。；]*?(?:{inspect}))"), True),
        # 察看了A、B项目建设情况: the sites after the verb, up to the clause's end
        (re.compile(rf"(?:{looks})(?![组团队员局站室处科的])了?{sites}(?:等[^，。；、]{{0,6}}?)?{_STATE}?(?=[，。；]|$)"),
         None),
    ]


# Where a site is visited rather than what it is: 孟州北路|项目施工现场, 大沙河蒙牛变电站|建设工地
_SITE_WORDS = re.compile(r"(?:项目)?(?:施工|建设)?(?:现场|工地)$")
_PROJECT_SITE = re.compile(r"项目(?:施工|建设)?(?:现场|工地)?$")


def visits(text: str, start: int, end: int) -> list[Visit]:
    """Every visit phrase in ``text[start:end]`` with its sites, in text order.

    >>> [s.name for v in visits("吕沛先后到山阳路大沙河桥、紫荆大道项目建设工地等施工现场，察看进度", 0, 40) for s in v.sites]
    ['山阳路大沙河桥', '紫荆大道']
    """
    found: dict[int, Visit] = {}
    for pattern, clause in _visit_patterns():
        for m in pattern.finditer(text, start, end):
            if any(v.start <= m.start() < v.end for v in found.values()):
                continue
            offset = m.start("targets")
            sites = []
            parts = re.split(r"(、|和|及|与)", m.group("targets"))
            # 项目现场 after the last site says what the sites are
            kind = Kind.PROJECT if any(_PROJECT_SITE.search(p) for p in parts) else None
            for part in parts:
                name = _SITE_WORDS.sub("", part)
                if part not in ("、", "和", "及", "与") and len(name) >= 2:
                    sites.append(Site(name, offset, offset + len(name), kind))
                offset += len(part)
            if sites:
                found[m.start()] = Visit(sites, m.start(), m.end(), bool(clause), objects=clause is None)
    return [found[k] for k in sorted(found)]
