"""What a text lists as projects: ``先后来到A、B、C等项目现场``, ``以及A、B等一批重大项目``.

The guidelines make a road, park, school or site a project where the text lists it among projects; the
items of such a list are named whole, as the list writes them (东门大桥西片区棚户区改造, 区七小改扩建).
A park or base (产业园, 基地) is a project where the text builds it, a place where it is visited.

>>> text = "一行先后来到东门大桥西片区棚户区改造、天星路安置还房、区七小改扩建等项目现场。"
>>> [text[a:b] for a, b in listed(text)]
['东门大桥西片区棚户区改造', '天星路安置还房', '区七小改扩建']
"""
from __future__ import annotations

import re
from collections.abc import Collection

from ..lexicon import words
from ..text import HAN

__all__ = ["listed", "without_list_end", "is_park", "being_built"]

# how a list of projects ends: 等项目, 等一批重大项目, 等24个项目, 等5個項目 (in the simplified view)
_LIST_END = re.compile(r"等(?:一批|\d+个|[一二三四五六七八九十]+个)?(?:重点|重大|市级|省级|在建|新建)*(?:建设)?项目")
_CLAUSE_END = re.compile(r"[，。；：！？]|\n(?!\s*、)")
_SEPARATOR = re.compile(r"\s*(?:、|以及|和|及)\s*")
# where the first item begins: after the verb that brings the list in
_LEAD_IN = re.compile(r".*(?:来到|前往|深入|走进|察看|查看|视察|考察|参观|观摩|调研|签约|开工|以及|包括|推进|到|了)")
# what ends a kind of work or of industry, not a thing's name (重点工作等项目, 机械制造、光伏发电等重点项目,
# 高端服务业项目、城市品质提升项目等)
_NOT_A_NAME = re.compile(r"(?:工作|任务|活动|问题|发展|制造|制造业|服务业|产业|发电|提升)(?:项目)?$")
# what builds a park or base before it in its clause, and what says a list of them is being built after it
_BUILDING_BEFORE = re.compile(r"建设|打造|推进|谋划|招引|引进|落地|开工|签约|建成")
_BUILT_AFTER = re.compile(r"项目|工程|建设")
_ITEM = re.compile(rf"[{HAN}A-Za-z0-9·“”（）]{{2,40}}")


def without_list_end(name: str) -> str:
    """``县一中改扩建等项目`` → ``县一中改扩建``: the last item of a list of projects without the words that end it."""
    end = _LIST_END.search(name)
    return name[:end.start()] if end and end.end() == len(name) else name


def listed(text: str, name_starts: Collection[int] = ()) -> list[tuple[int, int]]:
    """The spans of the items of every list ``text`` ends with 等…项目: the last ones that name a thing each.
    The first begins after the verb that brings the list in, else where a name found in it begins
    (``name_starts``: 要服务好|宏达化工), else it is left out."""
    found = []
    for end in _LIST_END.finditer(text):
        # a line may break inside the list (…改造\n、天星路…)
        breaks = [m.end() for m in _CLAUSE_END.finditer(text, 0, end.start())]
        clause = breaks[-1] if breaks else 0
        lead = _LEAD_IN.match(text, clause, end.start())
        first = lead.end() if lead else clause
        spans, at = [], first
        for sep in _SEPARATOR.finditer(text, first, end.start()):
            spans.append((at, sep.start()))
            at = sep.end()
        spans.append((at, end.start()))
        if not lead:
            a, b = spans[0]
            named = min((n for n in name_starts if a <= n < b), default=None)
            spans[0] = (named, b) if named is not None else (b, b)
        items = []
        for a, b in reversed(spans):  # from the last item back, while each names one thing
            if not _ITEM.fullmatch(text, a, b) or "的" in text[a:b] or _NOT_A_NAME.search(text, a, b) \
                    or text[a:b] in words("generic_words"):
                break
            items.append((a, b))
        found.extend(reversed(items))
    return found


def is_park(name: str) -> bool:
    """Whether ``name`` ends as a park or base does (``lexicons/park_suffixes.txt``: 产业园, 基地).

    >>> is_park("某某智能制造产业园"), is_park("某某物流园区")
    (True, False)
    """
    return name.endswith(tuple(words("park_suffixes")))


def being_built(text: str, start: int, end: int) -> bool:
    """Whether the clause around ``text[start:end]`` builds it: a building verb before it in its clause
    (规划建设A、B), or its list ending in a project or its building (…、C等重大项目, A、B五个载体建设)."""
    before = _CLAUSE_END.split(text[max(0, start - 60):start])[-1]
    after = _CLAUSE_END.split(text[end:end + 60])[0]
    tail = after.rsplit("、", 1)[-1]
    return _BUILDING_BEFORE.search(before) is not None or _BUILT_AFTER.search(tail) is not None
