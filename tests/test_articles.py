"""Page layout → articles, on the real seed pages and on text in other papers' style."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.articles import split_document
from kg.build import extract_articles
from kg.model import Document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def page(name: str) -> list:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return split_document(Document(str(path), path.read_text(encoding="utf-8"), is_page=True))


def by_headline(articles, headline):
    return next(a for a in articles if a.headline == headline)


def test_dateline_gives_date_and_reporters():
    art = by_headline(page("000"), "李万街道开展人居环境问题整改观摩评比")
    assert str(art.date) == "2023-06-21"  # the date is not right after the dateline
    assert art.authors == ["郭树勋", "董鑫宇"]


def test_layout_breaks_are_joined():
    art = page("000")[0]
    assert "古冰涛、万英奎" in art.text  # the list was broken across a blank line


def test_youxun_item_is_an_article_of_its_own():
    articles = page("001")
    item = next(a for a in articles if a.text.startswith("又讯"))
    assert item.headline == "" and str(item.date) == "2023-10-06" and item.authors == ["郭树勋"]


def test_photo_caption_after_a_story_is_split_off():
    caption = next(a for a in page("001") if a.kind == "photo")
    assert caption.authors == ["刘金元"] and str(caption.date) == "2023-10-07"
    assert caption.text.startswith("10月7日")


def test_commentary_byline_and_column_label():
    art = by_headline(page("000"), "当好百姓的勤务员")
    assert art.authors == ["高亢"] and art.date is None
    assert not any(a.headline == "高新区强音" for a in page("000"))


def test_staff_credits_are_not_articles_or_authors_but_the_pages_contributors():
    articles = page("002")
    assert all("编辑" not in a.headline and "陈彬" not in a.authors for a in articles)
    assert all(a.contributors == ["陈彬", "车璇", "刘勇", "杨杰"] for a in articles)
    other = split_document(Document("p.txt", "责任编辑：王小明\n校对：李 华\n\n县里召开会议\n\n本报讯（记者张三）3月1日，"
                                              "县委书记李四主持召开会议。\n", is_page=True))
    assert [(a.headline, a.authors, a.contributors) for a in other] == [("县里召开会议", ["张三"], ["王小明"])]


def test_markdown_kicker_and_headline_are_joined():
    assert any(a.headline == "高新区众惠水务公司 加快推进一体化供水和污水处理工程" for a in page("004"))


def test_duplicated_paragraphs_are_dropped():
    art = next(a for a in page("004") if "许德辉、许海玲、高鸿出席会议" in a.text)
    assert art.text.count("会议还研究了其他事项。区领导杨有军") == 1


def test_broken_credit_bracket():
    art = by_headline(page("002"), "示范区召开基干民兵集中点验大会")
    assert art.authors == ["付凯明", "贾鹏"]


@pytest.mark.parametrize("text, year, expected", [
    ("某县召开全县脱贫攻坚推进会\n\n本报讯（记者王一 通讯员李二）3月12日上午，某县召开2021年第三次推进会。", None, "2021-03-12"),
    ("镇长调研春耕\n\n本报讯（通讯员孙五）4月2日，镇长刘大明到田间调研春耕。", None, None),
    ("镇长调研春耕\n\n本报讯（通讯员孙五）4月2日，镇长刘大明到田间调研春耕。", 2022, "2022-04-02"),
])
def test_year_comes_from_text_then_fallback_never_guessed(text, year, expected):
    art = split_document(Document("p.txt", text, is_page=True), fallback_year=year)[0]
    assert (str(art.date) if art.date else None) == expected


def test_jsonl_record_date_decides_the_year():
    from datetime import date
    doc = Document("a.jsonl", "本报讯（记者赵六）12月30日，县政府召开常务会议。", is_page=False, line=1,
                   id="x", title="县政府召开常务会议", date=date(2019, 12, 31))
    (art,) = split_document(doc)
    assert art.headline == "县政府召开常务会议" and art.year == 2019 and art.authors == ["赵六"]


def test_the_end_of_a_meeting_story_printed_after_another_story_goes_back_to_it():
    text = ("县政府召开常务会议\n\n本报讯(记者王明)3月5日上午，县长周平主持召开县政府第8次常务会议，研究部署春耕生产工作。\n\n"
            "县领导督导安全生产\n\n本报讯(记者李华)3月6日，县委副书记陈刚到城关镇督导安全生产工作。\n\n"
            "陈刚先后到两家企业察看隐患整改情况。\n\n会议还研究了其他事项。县领导刘洋、孙婷出席会议。\n")
    meeting, visit = split_document(Document("p.txt", text, is_page=True))
    assert meeting.text.endswith("县领导刘洋、孙婷出席会议。") and "出席会议" not in visit.text
    (facts,) = extract_articles([meeting])
    assert {f.subject for f in facts.facts if f.relation == "attended"} == {"刘洋", "孙婷"}


def test_a_records_credits_in_other_papers_styles():
    text = ("▲会议现场。\n青山融媒讯(记者 王丽 周晓)9月2日，区长李明主持召开会议。\n"
            "会议强调要抓好落实。(孙丹/文 余琛/摄)\n编辑丨杨玉雯/审核丨刘方方/值班主任丨章璋")
    (art,) = split_document(Document("r.jsonl", text, False, id="r1"))
    assert art.authors == ["王丽", "周晓", "孙丹", "余琛"]
    assert art.contributors == ["杨玉雯", "刘方方", "章璋"]
    assert "编辑" not in art.text and "余琛" not in art.text
    (other,) = split_document(Document("r.jsonl", "柳州日报消息（全媒体记者荣瑶）11月1日，市长刘胜友调研。"
                                       "图为现场（左二）。\n撰稿：王宏瑞 编辑：包晓峰", False, id="r2"))
    assert (other.authors, other.contributors) == (["荣瑶"], ["王宏瑞", "包晓峰"])
