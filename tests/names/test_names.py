"""The grammar of division names (kg.names.divisions): levels by ending, organs, and the stages that ask it.

Every name here is invented, in the styles of several provinces: 苏木 and 嘎查 (Inner Mongolia), 街道 and 居委会
(cities), 镇, 乡, 村 and 社区 (everywhere), 旗 and 县 above them.
"""
from __future__ import annotations

import re

import pytest

from kg import names
from kg.extract.places import a_kind_of_place, implied, referred
from kg.model import Kind, Mention
from kg.names import Level
from kg.names.gazetteer import named, place, short_name
from kg.nlp.entities import classify


@pytest.mark.parametrize(("name", "level"), [
    ("鹿鸣旗", Level.COUNTY), ("翠屏县", Level.COUNTY), ("翠屏开发区", Level.ZONE), ("翠屏工业园区", Level.ZONE),
    ("青禾苏木", Level.TOWN), ("柳湾街道", Level.TOWN), ("松岭乡", Level.TOWN), ("石门镇", Level.TOWN),
    ("白泉嘎查", Level.VILLAGE), ("杏林居委会", Level.VILLAGE), ("云溪社区", Level.VILLAGE), ("松岭村", Level.VILLAGE),
    ("翠屏自治州", Level.CITY), ("翠屏地区", Level.CITY), ("翠屏路", None),
])
def test_level_of_suffix_is_the_longest_endings(name, level):
    assert names.level_of_suffix(name) == level


@pytest.mark.parametrize(("name", "town", "village", "above"), [
    ("青禾苏木", True, False, False), ("柳湾街道", True, False, False), ("石门镇", True, False, False),
    ("白泉嘎查", False, True, False), ("杏林居委会", False, True, False), ("云溪社区", False, True, False),
    ("鹿鸣旗", False, False, True), ("翠屏开发区", False, False, True), ("翠屏市", False, False, True),
    ("翠屏路", False, False, False),
])
def test_town_village_and_above(name, town, village, above):
    assert (names.is_town(name), names.is_village(name), names.is_above_town(name)) == (town, village, above)


def test_endings_are_the_tables_longest_first():
    assert names.endings(Level.TOWN) == ("街道", "苏木", "镇", "乡")
    assert set(names.endings(Level.VILLAGE)) == {"村", "社区", "嘎查", "居委会"}
    every = names.endings()
    assert every.index("社区") < every.index("区") and every.index("自治区") < every.index("区")


def test_division_suffixes_are_every_levels_endings_but_a_zones():
    suffixes = names.division_suffixes()
    assert {"省", "自治州", "旗", "街道", "苏木", "嘎查", "居委会"} <= set(suffixes)
    assert not set(suffixes) & set(names.endings(Level.ZONE)) and suffixes.index("社区") < suffixes.index("区")
    # the entity finder classes names by them; a zone's kind alone names a zone, a suffix alone no place
    assert [classify(n, "") for n in ("杏林居委会", "鹿鸣旗", "云溪社区", "翠屏高新区")] == [Kind.AREA] * 4
    assert a_kind_of_place("街道") and a_kind_of_place("居委会") and not a_kind_of_place("高新区")


def test_ending_class_reads_a_levels_last_character():
    county = re.compile(f"{names.ending_class(Level.COUNTY)}$")
    assert [bool(county.search(n)) for n in ("翠屏县", "鹿鸣旗", "翠屏区", "翠屏市", "柳湾街道")] == [True, True, True, False, False]
    # only: 区 ends a village's (社区) and a province's (自治区) names too, 县 and 旗 a county's alone
    assert names.ending_class(Level.COUNTY, only=True) == "[县旗]"
    assert set(names.ending_class(Level.CITY, Level.COUNTY)[1:-1]) == {"市", "州", "盟", "县", "区", "旗"}
    # a county the table does not list is read by a county's own endings before its town: 县, not 区
    assert names.chain("鹿鸣县石井镇白泉村") == ["鹿鸣县", "石井镇"] and names.chain("鹿鸣旗石井镇白泉村")[0] == "鹿鸣旗"
    assert names.chain("鹿鸣区石井镇白泉村")[0] != "鹿鸣区"


def test_stem_is_what_news_calls_a_division_by_and_both_stages_read_it_alike():
    assert [names.stem(n) for n in ("宿迁市", "大理白族自治州", "长白朝鲜族自治县", "内蒙古自治区", "神农架林区")] == [
        "宿迁", "大理", "长白", "内蒙古", "神农架"]
    # the peoples are left out of an autonomous division's name only: 水 and 白 are peoples too
    assert names.stem("六盘水市") == "六盘水" and names.stem("正镶白旗") == "正镶白"
    # a district is not called by its stem (罗湖区), nor a county by one character (温县), nor a town at all
    assert names.stem("罗湖区") is None and names.stem("温县") is None and names.stem("晏城街道") is None
    # the gazetteer and the text scan agree: 西藏 names the region; 罗湖 is neither's, where 宜都 is 宜都市's
    assert [d.name for d in named("西藏")] == ["西藏自治区"] and short_name(place("西藏自治区")) == "西藏"
    assert named("罗湖") == () and names.chain("罗湖万达广场", {"罗湖区"}) == []
    assert names.chain("宜都万达广场", {"宜都市"}) == ["宜都"]


def test_unlisted_towns_and_villages_chain_in_any_provinces_style():
    assert names.chain("鹿鸣旗青禾苏木白泉嘎查党支部") == ["鹿鸣旗", "青禾苏木", "白泉嘎查"]
    assert names.chain("柳湾街道杏林居委会服务站") == ["柳湾街道", "杏林居委会"]
    assert names.level("白泉嘎查") == Level.VILLAGE and names.level("青禾苏木") == Level.TOWN


def test_organs_from_one_list():
    # a Party or government organ is in no place; a body (村委会) only not in its own
    assert [names.is_organ(n) for n in ("鹿鸣旗纪委", "鹿鸣旗人大常委会", "青禾苏木党委", "柳湾街道党工委")] == [True] * 4
    assert not names.is_organ("白泉嘎查村委会") and not names.is_organ("鹿鸣旗教育局")
    assert names.own_organ("白泉嘎查村委会", "白泉嘎查") and names.own_organ("中共鹿鸣旗委", "鹿鸣旗")
    assert names.own_organ("翠屏县第十届人大常委会", "翠屏县")
    assert not names.own_organ("鹿鸣旗教育局", "鹿鸣旗") and not names.own_organ("翠屏县委宣传部", "翠屏县")
    # the word of a level and its organ: where a title's place ends, however the words fall
    assert names.begins_organ("鹿鸣旗政协副主席", 2) and names.begins_organ("翠屏县委常委", 2)
    assert not names.begins_organ("翠屏县住建局局长", 2)
    # the lists by kind, longest first: what a level's word is written before (县人民政府 before 县政府)
    assert names.organs().index("人民政府") < names.organs().index("政府") and "纪委" in names.organs()
    assert "村委会" not in names.organs() and "村委会" in names.organs("body") and "常委会" in names.organs("standing")


def test_level_words_call_a_division_by_its_level():
    assert names.LEVEL_WORDS["旗"] == Level.COUNTY and names.LEVEL_WORDS["街道"] == Level.TOWN
    assert "社区" not in names.LEVEL_WORDS and "自治区" not in names.LEVEL_WORDS
    assert all(names.OWN_JURISDICTION.fullmatch(w) for w in ("我旗", "本县", "我街道"))
    assert not names.OWN_JURISDICTION.fullmatch("我村")


def test_that_town_places_a_village_in_the_town_named_most():
    text = "青禾苏木开展巡查。该苏木工作组先后到白泉嘎查"
    ms = [Mention("青禾苏木", Kind.AREA, 0, 4), Mention("白泉嘎查", Kind.AREA, 18, 22)]
    assert [(c.inner, c.outer) for c in referred(ms, text, lambda i: 9)] == [("白泉嘎查", "青禾苏木")]


def test_only_what_is_below_the_district_is_implied_in_it():
    ms = [Mention("白泉嘎查", Kind.AREA, 0, 4), Mention("杏林居委会", Kind.AREA, 5, 10),
          Mention("邻旗", Kind.AREA, 11, 13), Mention("翠屏开发区", Kind.AREA, 14, 19)]
    assert [c.inner for c in implied(ms, "鹿鸣旗", "", {})] == ["白泉嘎查", "杏林居委会"]
