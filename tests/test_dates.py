"""Dates: the year a text states, and the days it gives (GUIDELINES D1–D3), on short texts in several places' styles."""
from datetime import date

from kg.dates import first_month_day, month_days, year_in_text


def test_the_latest_year_stated_is_the_news_year_and_targets_are_not():
    assert year_in_text("2023年以来，全县完成投资12亿元；2024年上半年新开工项目8个。") == 2024
    assert year_in_text("力争到2027年建成示范区，2035年远景目标基本实现；2025年一季度增长5%。") == 2025
    assert year_in_text("截至2026年底前完成，预计2028年投产。") is None


def test_a_year_inside_a_longer_number_is_no_year():
    assert year_in_text("编号12023年报告") is None
    assert year_in_text("（2019年）") == 2019


def test_month_and_day_with_the_text_year_or_its_own():
    text = "2024年3月5日，县长王明主持会议；6月25日下午，他到城关镇调研。"
    assert [(text[s:e], when) for s, e, when in month_days(text, year=2024)] == [
        ("2024年3月5日", date(2024, 3, 5)), ("6月25日", date(2024, 6, 25))]


def test_a_month_day_right_after_a_number_is_not_one():
    assert month_days("第126月5日", year=2024) == []
    assert first_month_day("本报讯 10月27日讯 记者李华", 2023) == date(2023, 10, 27)
