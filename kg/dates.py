"""Dates in news text, with a year taken from evidence, never guessed (rules D1–D3 of the guidelines).

An event's day is the ``M月D日``, ``D日`` or ``今天/昨天/前天`` the text gives it; its year the
publication's, one less where that would put the event after publication (``12月30日`` reported on
``1月2日``); with no publication date, only a year the text writes with the day (``2021年3月5日``).
A dateline's day (``中新网10月27日讯``) dates the report, not the event.

>>> year_in_text("主持召开高新区2023年第八次党政联席会议，2022年度先进")
2023
>>> year_in_text("到2025年，全面完成") is None
True
>>> first_month_day("6月25日下午，会议召开", 2023)
datetime.date(2023, 6, 25)
>>> [str(d) for _, _, d in month_days("12月30日，14日，昨天", published=date(2024, 1, 2))]
['2023-12-30', '2023-12-14', '2024-01-01']
>>> published_in("县政协会议开幕\\n发布时间：2012-02-12 00:00:00\\n本报讯…")
datetime.date(2012, 2, 12)
>>> month_days("9月30日，召开区安全生产委员会2025年第四次会议")[0][2]
datetime.date(2025, 9, 30)
"""
from __future__ import annotations

import re
from datetime import date, timedelta

__all__ = ["year_in_text", "first_month_day", "month_days", "published_in", "MONTH_DAY"]

# A year stated in the text; years that are targets (到2025年, 2035年远景) are not the news's year.
# The lookbehinds here come after a pattern's first character, not before it: a search skips ahead to where
# that character is only when a pattern starts with one, and otherwise tries every character of the text.
_YEAR = re.compile(r"((?:20|19)(?<![\d到至]..)\d\d)年(?!度?(?:底前|以前|前|远景|目标))")
_TARGET_BEFORE = ("到", "至", "截至", "力争", "预计", "计划", "目标")
MONTH_DAY = re.compile(r"(\d(?<![\d年]\d)\d?)月(\d{1,2})日")
_FULL_DATE = re.compile(r"(20\d\d|19\d\d)年(\d{1,2})月(\d{1,2})日")
# a day alone at the head of a clause (14日，…; 14日上午): of the publication's month
# (after a stop or at the text's start: looked behind for after its first digit)
_DAY = re.compile(r"(\d(?<![^，。；\n\s]\d)\d?)日(?=[上下中晚早凌，,])")
# a year that names an event as of it: 2025年第三次会议, 2023年第一季度, 2023年5月份, 2024年度, and the
# year of what is held (召开2019年农村人居环境整治动员大会)
_EVENT_YEAR = re.compile(r"(20\d\d|19\d\d)年(?:第|度|[一二三四]季度|上半年|下半年|\d{1,2}月份)"
                         r"|(?<=召开|举行|举办)(20\d\d|19\d\d)年")
_RELATIVE = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}
_RELATIVE_DAY = re.compile("|".join(_RELATIVE))
# a report's dateline: 中新网10月27日讯, 新华社北京3月5日电
_DATELINE_AFTER = re.compile(r"(?:[上下]午)?(?:讯|电)")
# the page's publication date: 发布时间：2012-02-12, 时间:2023-07-10 06:55, 2011/4/18 作者, 2022年8月8日 星期一
_PUBLISHED = re.compile(r"(?:(?:发布时间|发布日期|发表时间|更新时间|日期|时间)[:：\s]*|^\s*)"
                        r"(20\d\d|19\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?=[\s　]|星期|$|作者|来源|编辑)", re.M)


def year_in_text(text: str) -> int | None:
    """The latest year the text states as present or past, or None.

    News speaks of this year and of earlier ones; the latest year mentioned,
    leaving out stated targets, is the year of the news.
    """
    years = []
    for m in _YEAR.finditer(text):
        before = text[max(0, m.start() - 4):m.start()]
        if any(before.endswith(w) for w in _TARGET_BEFORE):
            continue
        years.append(int(m.group(1)))
    return max(years) if years else None


def published_in(text: str) -> date | None:
    """The publication date a page prints in its header lines (``发布时间：…``, a date on a line of its
    own), or None."""
    m = _PUBLISHED.search(text[:400])
    return _make(int(m[1]), int(m[2]), int(m[3])) if m else None


def month_days(text: str, year: int | None = None, published: date | None = None
               ) -> list[tuple[int, int, date | None]]:
    """(start, end, date) of every day ``text`` gives: ``YYYY年M月D日``, ``M月D日``, ``D日``, ``今天``…

    The year is ``published``'s (D2), else ``year`` (a page's, or the user's), else the one the text
    writes for the event (``召开2025年第三次会议``, D3), else unknown.  Datelines (``10月27日讯``) are
    left out.
    """
    if "日" not in text and "天" not in text:  # every day is written so (6月25日, 14日, 今天): most texts give none
        return []
    if published is None and year is None and (stated := _EVENT_YEAR.search(text)):
        year = int(stated[1] or stated[2])
    found = []
    for m in _FULL_DATE.finditer(text):
        found.append((m.start(), m.end(), _make(int(m[1]), int(m[2]), int(m[3]))))
    full = [(s, e) for s, e, _ in found]
    for m in MONTH_DAY.finditer(text):
        if any(s <= m.start() < e for s, e in full) or _DATELINE_AFTER.match(text, m.end()):
            continue
        month, day = int(m[1]), int(m[2])
        found.append((m.start(), m.end(), _before(published, month, day) if published else _make(year, month, day)))
    if published:
        for m in _DAY.finditer(text):
            day = int(m[1])
            when = _make(published.year, published.month, day)
            if when and when > published:  # 28日 in a report of the 3rd: last month's
                when = _make(*(published.replace(day=1) - timedelta(days=1)).timetuple()[:2], day)
            found.append((m.start(), m.end(), when))
        for m in _RELATIVE_DAY.finditer(text):
            found.append((m.start(), m.end(), published - timedelta(days=_RELATIVE[m[0]])))
    return sorted(found, key=lambda f: f[0])


def first_month_day(text: str, year: int | None) -> date | None:
    """The date of the first ``M月D日`` in ``text``, a dateline's too (None if none, or no year)."""
    m = min((m for m in (_FULL_DATE.search(text), MONTH_DAY.search(text)) if m), key=lambda m: m.start(), default=None)
    if m is None:
        return None
    return _make(int(m[1]), int(m[2]), int(m[3])) if m.re is _FULL_DATE else _make(year, int(m[1]), int(m[2]))


def _make(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _before(published: date, month: int, day: int) -> date | None:
    """``M月D日`` of the publication's year, or of the year before where that is after publication (D2)."""
    when = _make(published.year, month, day)
    if when and when > published:
        when = _make(published.year - 1, month, day)
    return when
