"""News outlets as pages credit them: ``来源：临澧政府网``, ``天山网讯``, ``（乡宁发布）``, a line of its own,
the page's path (``您的位置：X网 > 首页``, ``…_X网``), a list of the media at an event (``A、B等媒体``).

>>> [text[a:b] for text in ["信息来源：桃源政府网\\n", "九龙融媒讯（记者 谭娟）", "智慧矿井。（乡宁发布）",
...                          "您的位置：鹤城新闻网 > 首页", "人民网、光明日报等十余家媒体"] for a, b in outlets(text)]
['桃源政府网', '九龙融媒', '乡宁发布', '鹤城新闻网', '人民网', '光明日报']
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import cache

from ..lexicon import alternation, alternation_of, first_of, starts_of, words
from ..text import HAN

__all__ = ["outlets", "is_outlet"]


_APP = re.compile(r"(?:APP|客户端)$")
# what credits begin with but at a line's start or after a stop: a source's words, a path's words and marks, an
# account's word (written once, for the pattern and for the places _credited tries it)
_SOURCE_WORDS = ("信息来源", "稿件来源", "文章来源", "来源", "转自", "转载自")
_PATH_WORDS, _PATH_MARKS = ("位置", "首页"), ">＞_|｜-"
_ACCOUNT_WORD = "关注"
_CREDIT_LEADS = frozenset({*_SOURCE_WORDS, *_PATH_WORDS, *_PATH_MARKS, _ACCOUNT_WORD})
_CREDIT_AFTER = re.compile(r"[\n。」”\s？]")
_LINE_START = re.compile(r"\n")  # after which a credit of any kind can begin; after _CREDIT_AFTER's others, a dateline
# what a dateline ends with (X讯, X消息), each a literal, which a search skips to (their alternation, or a class of
# characters, is tried at every character); searched only in a text that writes it (few write 消息, and `in` reads
# a text several times faster than a search)
_DATELINE_ENDS = (re.compile("讯"), re.compile("消息"))
_NAME_LONGEST = 14  # characters of an outlet's name before its ending
_MEDIA = re.compile("媒体")
_CLAUSE_STOPS = "。；，"


@cache
def _credits() -> re.Pattern:
    name = _name()
    # (matched only where a credit of its kind can begin: see _credited)
    return re.compile(
        # the source a page names: 来源：X, 信息来源:X, 转自X
        rf"(?:{alternation_of(_SOURCE_WORDS)})\s*[：:丨|]?\s*(?P<source>{name})(?![{HAN}])"
        # the outlet that reports: X讯（记者…）, X消息
        rf"|(?:^|(?<={_CREDIT_AFTER.pattern}))(?P<dateline>{name})(?:讯|消息)"
        # the outlet signing the end of an article, or a line of its own (page furniture): （乡宁发布）, 秀山电子报
        rf"|（(?P<signed>{name})）(?=\s*$)|(?:^|(?<=\n))(?P<line>{name})(?=\s*(?:\n|$))"
        # an official account: 关注X
        rf"|{_ACCOUNT_WORD}(?P<account>{name})(?![{HAN}])"
        # the page's path and header: 您的位置：X网 >> 首页, 设为首页 X网 - Y网, …_X网陕西频道, X网 2018-05-14
        # (a link's words are not the outlet's: 返回X网首页; nor is a channel: 人民网>>上海频道)
        rf"|(?:(?:{'|'.join(_PATH_WORDS)})\s*[：:]?|[{re.escape(_PATH_MARKS)}]|^|(?<=\n))\s*(?!返回|进入|设为)"
        rf"(?P<path>{name})(?<!频道)(?=\s*(?:[{re.escape(_PATH_MARKS)}]|首页|您的位置|[{HAN}]{{2,4}}频道|\d{{4}}-\d\d-\d\d|\n|$))")


@cache
def _named() -> re.Pattern:
    # an outlet's name, after a path's spaces (those of _credits' kinds that begin with one)
    return re.compile(rf"\s*{_name()}")


@cache
def _media_lists() -> re.Pattern:
    # the media at an event, a list after a stop: ，A、B、C等二十余家媒体 (looked for only in the clauses that write
    # 媒体: _listed)
    name = _name()
    return re.compile(rf"(?:^|(?<=[、，。：；\s]))(?P<listed>{name})(?=(?:、(?:{name}|新华社))*等[^。；，]{{0,16}}媒体)")


@cache
def _name() -> str:
    # not the paper's own (本报, 本网) nor a kind of outlet (数字报, 日报)
    # (the endings' first characters looked ahead for at each length tried: one test of a class, not a try of each
    # of the alternation's branches)
    return (rf"(?![本此该我]|关注)[{HAN}A-Za-z]{{2,{_NAME_LONGEST}}}?{first_of(words('media_endings'))}"
            rf"(?:{alternation('media_endings')})")


def outlets(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that name a news outlet where the page credits one."""
    found = []
    for m in itertools.chain(_credited(text), _listed(text)):
        start, end = m.span(m.lastgroup)
        app = _APP.search(text, start, end)  # 晶报APP: the paper's own app is the paper
        end = app.start() if app and is_outlet(text[start:app.start()]) else end
        if is_outlet(text[start:end]):
            found.append((start, end))
    return found


def _credited(text: str) -> Iterator[re.Match]:
    """``_credits().finditer(text)``, the pattern tried only where a credit can begin: most characters cannot
    begin one, and finditer's trying them each costs more than finding the few that can."""
    credits = _credits()
    read = 0  # where the last credit ends: credits do not overlap
    # (the places read at C level: a text has hundreds of stops and leads)
    # after a stop but a line's end, where no lead is, only a dateline can begin (X讯): tried only where
    # its 讯 or 消息 is within an outlet's name's reach, not after every 。 of the text
    reach = _NAME_LONGEST + max(map(len, words("media_endings")))
    datelines = (_CREDIT_AFTER.finditer(text, max(0, end.start() - reach), end.start())
                 for pattern in _DATELINE_ENDS if pattern.pattern in text for end in pattern.finditer(text))
    # (leads as words, not their first characters: 文化, 关于, 来， begin none)
    leads = set(map(re.Match.start, starts_of(_CREDIT_LEADS).finditer(text)))
    # a signature (（乡宁发布）) ends the text, and no outlet's name holds a bracket: only the last （ can begin one,
    # not each of the hundreds of brackets a text writes
    if (signed := text.rfind("（")) >= 0:
        leads.add(signed)
    # where no lead is, only the credits that begin with an outlet's name can (a dateline, a line, a path:
    # X讯, X, X网 >): tried only where a name begins, looked for once, not by each of the three at each of its lengths
    named = _named()
    others = {0, *map(re.Match.end, _LINE_START.finditer(text)),
              *map(re.Match.end, itertools.chain.from_iterable(datelines))} - leads
    for at in sorted(leads.union(at for at in others if named.match(text, at))):
        if at >= read and (m := credits.match(text, at)):
            read = m.end()
            yield m


def _listed(text: str) -> Iterator[re.Match]:
    """``_media_lists().finditer(text)``, searched only in the clauses that write 媒体: a list's names, its 等 and
    媒体 are in one clause (no 。；， between), and the pattern, tried at every character of the others, finds
    nothing there."""
    lists = _media_lists()
    read = 0  # where the last clause searched ends
    for media in _MEDIA.finditer(text):
        at = media.start()
        if at >= read:
            start = max(text.rfind(c, 0, at) for c in _CLAUSE_STOPS) + 1
            read = min((end for c in _CLAUSE_STOPS if (end := text.find(c, at)) >= 0), default=len(text))
            yield from lists.finditer(text, start, read)


def is_outlet(name: str) -> bool:
    """Whether ``name`` is a news outlet's, by its ending, not a kind of outlet (数字报, 手机报).

    >>> is_outlet("桃源政府网"), is_outlet("数字报"), is_outlet("县委")
    (True, False, False)
    """
    if name in words("national_media"):
        return True
    ending = _ending().search(name)
    return ending is not None and ending.start() >= 2 and name[:ending.start()] not in words("generic_words")


@cache
def _ending() -> re.Pattern:
    return re.compile(f"(?:{alternation('media_endings')})$")
