"""News outlets as pages credit them: ``来源：临澧政府网``, ``天山网讯``, ``（乡宁发布）``, a line of its own.

>>> [text[a:b] for text in ["信息来源：桃源政府网\\n", "九龙融媒讯（记者 谭娟）", "智慧矿井。（乡宁发布）"]
...  for a, b in outlets(text)]
['桃源政府网', '九龙融媒', '乡宁发布']
"""
from __future__ import annotations

import re
from functools import cache

from ..lexicon import alternation, words
from ..text import HAN

__all__ = ["outlets", "is_outlet"]


@cache
def _credits() -> re.Pattern:
    # not the paper's own (本报, 本网) nor a kind of outlet (数字报, 日报)
    name = rf"(?![本此该我]|关注)[{HAN}A-Za-z]{{2,14}}?(?:{alternation('media_endings')})"
    return re.compile(
        # the source a page names: 来源：X, 信息来源:X, 转自X
        rf"(?:(?:信息|稿件|文章)?来源|转自|转载自)\s*[：:丨|]?\s*(?P<source>{name})(?![{HAN}])"
        # the outlet that reports: X讯（记者…）, X消息
        rf"|(?:^|(?<=[\n。」”]))(?P<dateline>{name})(?:讯|消息)"
        # the outlet signing the end of an article, or a line of its own (page furniture): （乡宁发布）, 秀山电子报
        rf"|（(?P<signed>{name})）(?=\s*$)|(?:^|(?<=\n))(?P<line>{name})(?=\s*(?:\n|$))"
        # an official account: 关注X
        rf"|关注(?P<account>{name})(?![{HAN}])")


def outlets(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that name a news outlet where the page credits one."""
    return [m.span(m.lastgroup) for m in _credits().finditer(text) if is_outlet(m[m.lastgroup])]


def is_outlet(name: str) -> bool:
    """Whether ``name`` is a news outlet's, by its ending, not a kind of outlet (数字报, 手机报).

    >>> is_outlet("桃源政府网"), is_outlet("数字报"), is_outlet("县委")
    (True, False, False)
    """
    ending = _ending().search(name)
    return ending is not None and ending.start() >= 2 and name[:ending.start()] not in words("generic_words")


@cache
def _ending() -> re.Pattern:
    return re.compile(f"(?:{alternation('media_endings')})$")
