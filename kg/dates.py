"""Dates in news text: ``M月D日`` with a year taken from evidence, never guessed.

>>> year_in_text("主持召开高新区2023年第八次党政联席会议，2022年度先进")
2023
>>> year_in_text("到2025年，全面完成") is None
True
>>> first_month_day("6月25日下午，会议召开", 2023)
datetime.date(2023, 6, 25)
"""
from __future__ import annotations

import re
from datetime import date

__all__ = ["year_in_text", "first_month_day", "month_days", "MONTH_DAY"]

# A year stated in the text; years that are targets (到2025年, 2035年远景) are not the news's year.
_YEAR = re.compile(r"(?<![\d到至])(20\d\d|19\d\d)年(?!度?(?:底前|以前|前|远景|目标))")
_TARGET_BEFORE = ("到", "至", "截至", "力争", "预计", "计划", "目标")
MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
_FULL_DATE = re.compile(r"(20\d\d|19\d\d)年(\d{1,2})月(\d{1,2})日")


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


def _make(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def month_days(text: str, year: int | None) -> list[tuple[int, int, date | None]]:
    """(start, end, date) of every ``M月D日`` (or ``YYYY年M月D日``) in ``text``."""
    found = []
    for m in _FULL_DATE.finditer(text):
        found.append((m.start(), m.end(), _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))))
    for m in MONTH_DAY.finditer(text):
        found.append((m.start(), m.end(), _make(year, int(m.group(1)), int(m.group(2)))))
    return sorted(found, key=lambda f: f[0])


def first_month_day(text: str, year: int | None) -> date | None:
    """The date of the first ``M月D日`` in ``text`` (None if none, or no year)."""
    found = month_days(text, year)
    return found[0][2] if found else None
