"""Facts from news text written in other places' style: the extractor is not fitted to five pages."""
from __future__ import annotations

from datetime import date

from kg.executors.local import extract_articles
from kg.extract import imply_locations
from kg.model import Article, Kind
from kg.text import normalize


def facts_of(text: str, year: int = 2024, headline: str = ""):
    art = Article("t", "t.txt", headline, text, year=year, date=None)
    (result,) = extract_articles([art])
    return result


def relations(result) -> set[tuple[str, str]]:
    return {(f.relation, f.subject) for f in result.facts}


def test_county_meeting_chair_and_attendees():
    r = facts_of("本报讯（记者王一）3月5日上午，县委书记王建国主持召开全县经济工作会议。"
                 "县委副书记、县长陈立新，县领导李明、赵刚、欧阳春出席会议。")
    assert relations(r) == {("chaired", "王建国"), ("attended", "陈立新"), ("attended", "李明"),
                            ("attended", "赵刚"), ("attended", "欧阳春")}
    meeting = r.events[0]
    assert meeting.name == "全县经济工作会议" and meeting.is_meeting and meeting.date == date(2024, 3, 5)


def test_titles_of_other_bodies():
    r = facts_of("6月3日，市人大常委会主任孙立平，市政协主席周文华，开发区管委会主任郑海出席开幕式并致辞。")
    titles = {(m.person, m.title) for m in r.memberships}
    assert titles == {("孙立平", "市人大常委会主任"), ("周文华", "市政协主席"), ("郑海", "开发区管委会主任")}
    assert ("spokeAt", "周文华") in relations(r) and ("attended", "郑海") in relations(r)


def test_town_head_chairs_and_deputy_listens_in():
    r = facts_of("4月8日，镇党委书记、镇长钱进主持召开镇村干部大会，镇人大主席吴敏列席会议。")
    assert ("chaired", "钱进") in relations(r) and ("attended", "吴敏") in relations(r)
    assert {m.title for m in r.memberships if m.person == "钱进"} == {"镇党委书记", "镇长"}


def test_accompanying_officials_attend():
    r = facts_of("9月1日，省委常委、副省长黄建设到我县调研乡村振兴工作，县委书记林涛陪同。")
    assert ("attended", "林涛") in relations(r)


def test_inspection_targets_are_listed():
    r = facts_of("5月20日，区长马骏先后到城东污水处理厂、滨河路、幸福村等地调研。")
    targets = {f.obj for f in r.facts if f.relation == "inspected"}
    assert targets == {"城东污水处理厂", "滨河路", "幸福村"}


def test_talks_between_officials():
    r = facts_of("7月2日，县长何平与华能集团副总经理张卫东一行举行工作会谈。")
    assert ("metWith", "何平") in relations(r)
    assert any(f.relation == "metWith" and f.obj == "张卫东" for f in r.facts)


def test_a_title_inherits_its_predecessors_jurisdiction():
    r = facts_of("高新区（示范区）党工委副书记、管委会主任宫卫红出席会议。")
    full = {m.title: m.full_title for m in r.memberships}
    assert full["管委会主任"] == "高新区（示范区）管委会主任"


def test_an_events_host_and_venue():
    r = facts_of("9月9日，由县教育局主办、县实验中学承办的全县教师技能大赛在县体育馆举行。")
    (contest,) = [e for e in r.events if e.name == "全县教师技能大赛"]
    assert (contest.organizer, contest.location) == ("县教育局", "县体育馆")
    assert contest.date == date(2024, 9, 9)


def test_reporters_credited_with_spaces_are_not_actors():
    r = facts_of("本报讯（记者 王明 李华）3月5日上午，市委书记李强主持召开全市经济工作会议。")
    assert relations(r) == {("chaired", "李强")}
    r = facts_of("本报讯（记者 张丽 通讯员 王磊）11月15日上午，县委书记李建军主持召开县委常委会第52次会议。")
    assert relations(r) == {("chaired", "李建军")}


def test_every_step_of_a_written_chain_of_places_is_a_fact():
    (r,) = extract_articles([Article("c", "c.txt", "", "6月5日，检查组检查了宁夏银川兴庆区富洋烧烤店。焦作高新区召开会议。",
                                     year=2023)])
    found = {(f.subject, f.obj) for f in r.facts if f.relation == "locatedIn"}
    assert {("银川", "宁夏"), ("兴庆区", "银川"), ("焦作高新区", "焦作")} <= found  # the city's zone, as 新乡经开区


def located(text: str, year: int = 2024) -> set[tuple[str, str, bool]]:
    """Every ``locatedIn`` of one article, the implied ones included."""
    (r,) = extract_articles([Article("l", "l.txt", "", text, year=year)])
    imply_locations([r])
    return {(f.subject, f.obj, f.implied) for f in r.facts if f.relation == "locatedIn"}


def test_schools_are_named_after_their_road_and_bridges_are_on_it():
    found = located("5月6日，县长李华先后到人民路小学、建设路大桥项目、中原区林山寨社区卫生服务中心调研。")
    assert ("建设路大桥项目", "建设路", False) in found
    assert ("中原区林山寨社区卫生服务中心", "中原区", False) in found
    # a community health centre is every community's: named after 林山寨社区, not placed in it
    assert not {(s, o) for s, o, _ in found} & {("人民路小学", "人民路"), ("林山寨社区", "中原区")}


def test_a_citys_institutions_are_not_implied_in_the_district_its_firms_are():
    found = located("6月3日，金水区召开宣传工作会议，邀请郑州日报社、郑州广播电视台记者授课。"
                    "金水区区长王刚到郑州宇通客车有限公司、河南中医药大学调研。")
    assert ("郑州宇通客车有限公司", "金水区", True) in found and ("郑州日报社", "郑州", False) in found
    assert not {s for s, o, implied in found if implied} & {"郑州日报社", "郑州广播电视台", "河南中医药大学"}


def test_divisions_in_a_row_name_the_innermosts_unit_and_nothing_elsewhere_is_implied():
    found = located("新郑市龙湖镇泰山村股份经济合作社召开大会。山阳区委宣传部组织宣讲。")
    assert {("泰山村股份经济合作社", "泰山村", False), ("泰山村", "龙湖镇", False), ("龙湖镇", "新郑市", False),
            ("山阳区委宣传部", "山阳区", False)} <= found
    assert ("龙湖镇", "山阳区", True) not in found  # written in 新郑市: not the article's district's
    found = located("温县县长王辉主持召开会议，研究温县赵堡镇陈家沟村太极拳文化园项目建设有关事宜。")
    assert {("赵堡镇", "温县", False), ("陈家沟村", "赵堡镇", False)} <= found  # a county of two characters


def test_zones_of_two_cities_sharing_one_ending():
    found = located("开发区与苏州、无锡国家高新区进行了对接交流，学习借鉴徐州扬州的经验。")
    assert {("苏州国家高新区", "苏州", False), ("无锡国家高新区", "无锡", False)} <= found
    assert not any(o in ("徐州", "苏州") and s in ("扬州", "无锡") for s, o, _ in found)  # two cities side by side


def test_sites_after_the_inspecting_verb():
    r = facts_of("5月3日，县长李刚检查了城关镇卫生院、县第二实验小学。6月3日，市长王勇实地察看产业集聚区污水处理厂、"
                 "韩愈路改造工程、西虢镇卫生院新建项目建设情况，沿街察看村街道路。检查组对辖区进行督导检查。")
    found = {(f.subject, f.obj) for f in r.facts if f.relation == "inspected"}
    assert found == {("李刚", "城关镇卫生院"), ("李刚", "县第二实验小学"), ("王勇", "产业集聚区污水处理厂"),
                     ("王勇", "韩愈路改造工程"), ("王勇", "西虢镇卫生院")}


def test_a_round_of_visits_after_the_verb():
    r = facts_of("1月20日，县政协主席孙立华带队走访慰问困难群众，先后来到城关镇南街社区、王屯乡东王村，送去慰问品。")
    assert {(f.subject, f.obj) for f in r.facts if f.relation == "inspected"} == {("孙立华", "南街社区"),
                                                                                  ("孙立华", "东王村")}


def test_a_leader_meets_a_guest_named_after_the_verb():
    r = facts_of("7月8日，市委书记张明会见了来我市考察的中国建筑第七工程局有限公司董事长王海一行。")
    assert {(f.subject, f.obj) for f in r.facts if f.relation == "metWith"} == {("张明", "王海")}
    assert {(m.person, m.title) for m in r.memberships} >= {("王海", "中国建筑第七工程局有限公司董事长")}
    assert not any(f.relation == "inspected" for f in r.facts)  # 考察的…: what the guest came for


def test_a_county_level_city_is_the_articles_district():
    found = located("近日，孟州市委副书记、市长王勇深入西虢镇、会昌街道，实地察看孟州市产业集聚区污水处理厂、韩愈路改造工程。")
    # the place written before the list places its other items too (L1)
    assert {("孟州市产业集聚区污水处理厂", "孟州市", False), ("西虢镇", "孟州市", True),
            ("韩愈路改造工程", "孟州市", False)} <= found
    assert not any(o == "孟州" or s == "市产业集聚区" for s, o, _ in found)


def test_traditional_characters_and_pinyin_glosses_as_mirror_sites_print_them():
    text = "3月5日，縣(xiàn)委書記王建國主持召開全縣(xiàn)經濟工作會(huì)議，副縣(xiàn)長(zhǎng)李明出席會(huì)議。"
    r = facts_of(text)
    assert relations(r) == {("chaired", "王建国"), ("attended", "李明")}
    # names and titles as the text writes them, glosses left out; offsets into the text as written
    assert {(m.person, m.title) for m in r.memberships} == {("王建國", "縣委書記"), ("李明", "副縣長")}
    person = next(m for m in r.mentions if m.text == "李明")
    assert text[person.start:person.end] == "李明"
    chair = next(f for f in r.facts if f.relation == "chaired")
    assert text[chair.sentence.start:chair.sentence.end] == text
    assert r.events[0].name == "全縣經濟工作會議"


def test_place_chains_from_the_table_of_divisions():
    r = facts_of("6月2日，副县长刘强到山东东明县刘楼镇和濂溪区莲花镇东城村滑坡隐患点调研。")
    located = {(f.subject, f.obj) for f in r.facts if f.relation == "locatedIn"}
    assert {("东明县", "山东"), ("刘楼镇", "东明县"), ("莲花镇", "濂溪区"), ("东城村", "莲花镇")} <= located


def test_a_places_own_organs_are_not_in_it_but_its_departments_are():
    r = facts_of("6月2日，莲花镇党委、莲花镇人民政府和莲花镇农业服务中心联合召开会议。")
    located = {(f.subject, f.obj) for f in r.facts if f.relation == "locatedIn"}
    assert ("莲花镇农业服务中心", "莲花镇") in located
    assert not {("莲花镇党委", "莲花镇"), ("莲花镇人民政府", "莲花镇")} & located


def inspected(result) -> set[tuple[str, str]]:
    return {(f.subject, f.obj) for f in result.facts if f.relation == "inspected"}


def test_a_delegation_inspects_for_those_who_lead_it_not_for_those_who_accompany_it():
    r = facts_of("3月2日，县委书记周明、县长郑凯带领党政代表团到江城市考察学习。江城市委书记钱立陪同考察。"
                 "代表团一行先后前往江城智能装备产业园、白鹭湖湿地公园、江城港码头等地，详细了解产业发展情况。")
    assert inspected(r) == {(who, where) for who in ("周明", "郑凯")
                            for where in ("江城市", "江城智能装备产业园", "白鹭湖湿地公园", "江城港码头")}
    assert ("attended", "钱立") in relations(r)


def test_the_leader_named_in_dai_ling_xia_inspects_what_the_group_views():
    r = facts_of("在市政协副主席孙丽的带领下，视察组对市住建局、市农业农村局等单位进行了视察。"
                 "视察组一行还深入到青石镇红旗村、龙凤山茶厂实地察看。")
    assert inspected(r) == {("孙丽", t) for t in ("市住建局", "市农业农村局", "红旗村", "龙凤山茶厂")}


def test_an_official_called_by_surname_and_title_is_the_one_named_in_full():
    r = facts_of("6月6日晚，副区长徐永锋到白沙乡指导秸秆禁烧工作。徐区长先后查看了闫庄村、王岗村的值守点。")
    assert inspected(r) >= {("徐永锋", "白沙乡"), ("徐永锋", "闫庄村"), ("徐永锋", "王岗村")}
    assert all(m.text != "徐区长" for m in r.mentions)


def test_those_who_take_part_in_a_groups_inspection_attend_it():
    r = facts_of("11月26日，市人大常委会组织人大代表开展集中视察。市人大常委会主任魏立，副主任冯梅、戎学参加视察。"
                 "代表们先后来到桥西区、任县，察看民生工程进展。")
    assert not inspected(r)
    assert {("attended", "魏立"), ("attended", "冯梅"), ("attended", "戎学")} <= relations(r)


def test_event_days_and_years_as_the_guidelines_date_them():
    # a dateline's day dates the report; the event's own day wins (D1); a bare day is of the report's month
    r = facts_of("新华网10月27日讯 10月24日上午，县长王海主持召开常务会议。", year=None)
    assert r.events[0].date is None  # no publication date, no year written for the event (D3)
    art = Article("t", "t.txt", "", "14日，县委书记李明主持召开全县会议。", date=date(2011, 4, 18), year=2011)
    (r,) = extract_articles([art])
    assert r.events[0].date == date(2011, 4, 14)
    # reported after the new year: last year's (D2)
    art = Article("t", "t.txt", "", "12月30日，县委书记李明主持召开全县会议。", date=date(2024, 1, 2), year=2024)
    (r,) = extract_articles([art])
    assert r.events[0].date == date(2023, 12, 30)
    # with no publication date, the year the meeting's name writes
    r = facts_of("9月30日，区长李旭主持召开区安全生产委员会2025年第四次会议。", year=None)
    assert r.events[0].date == date(2025, 9, 30)


def test_what_speakers_say_at_a_meeting_is_spoken_at_it_but_not_on_a_visit():
    r = facts_of("4月3日，县委书记罗成主持召开脱贫攻坚推进会。县长何英通报了全县进展。罗成强调，要压实责任。"
                 "他指出，要补齐短板。会议强调，要狠抓落实。")
    assert {("spokeAt", "何英"), ("spokeAt", "罗成")} <= relations(r)
    r = facts_of("4月3日，县委书记罗成到青石镇调研。罗成强调，要压实责任。")
    assert ("spokeAt", "罗成") not in relations(r)
    r = facts_of("5月8日，副县长石磊带队到宏达公司考察。座谈会上，石磊介绍了我县产业情况。")
    assert ("spokeAt", "石磊") in relations(r)


def test_a_place_before_a_list_places_its_items_and_a_clause_scoped_by_a_place_its_sites():
    found = located("6月5日，县长吴平到冯原镇关家桥村、书堡村、西社村察看灾情。"
                    "在青石镇，吴平先后到红岩村、龙泉茶厂，了解复工情况。")
    assert {("书堡村", "冯原镇", False), ("西社村", "冯原镇", False), ("红岩村", "青石镇", False),
            ("龙泉茶厂", "青石镇", False)} <= found


def test_a_leader_named_after_the_visit_still_leads_it():
    r = facts_of("10月20日，市民革赴崇左市开展课题调研。市民革副主委曾立带队，秘书长唐泽参加活动。"
                 "调研组先后前往扶绥县、大新县展开实地调研。")
    assert inspected(r) == {("曾立", t) for t in ("崇左市", "扶绥县", "大新县")}
    assert ("attended", "唐泽") in relations(r)


def test_names_listed_with_no_title_and_seats_on_the_rostrum_are_attendance():
    r = facts_of("6月30日，市委书记刘华先后到经开区、浔阳区检查防汛工作。容长贵、熊晋喜、柯尊玉分别参加检查。")
    assert {("attended", n) for n in ("容长贵", "熊晋喜", "柯尊玉")} <= relations(r)
    r = facts_of("2月6日，区政协九届二次会议开幕。大会执行主席孙波、贾伦才、龚英杰在主席台就座。")
    assert {("attended", n) for n in ("孙波", "贾伦才", "龚英杰")} <= relations(r)
    assert {(m.person, m.title) for m in r.memberships} >= {("贾伦才", "大会执行主席")}


def test_a_group_that_goes_somewhere_inspects_it_and_a_list_goes_on_after_yiji():
    r = facts_of("8月中旬，市人大常委会副主任马涛带领一个视察组到瀛湖镇，就医保问题召集座谈会。"
                 "市人大常委会副主任李文带领视察组，视察了建民镇四垱村的蔬菜产业，以及秦东魔芋食品有限公司的发展情况。")
    assert {("马涛", "瀛湖镇"), ("李文", "四垱村"), ("李文", "秦东魔芋食品有限公司")} <= inspected(r)


def titles(result) -> set[tuple[str, str]]:
    return {(m.person, m.title) for m in result.memberships}


def test_titles_elected_or_appointed_after_the_name_but_not_nominations():
    r = facts_of("会议依法选举产生李仁同志为青石镇第十八届人大主席，罗彦同志为青石镇第十八届人大副主席。"
                 "民革市委会专职副主委王军同志，挂任江州区人民政府副区长。镇长提名人选刘海作了表态发言。")
    assert {("李仁", "青石镇第十八届人大主席"), ("罗彦", "青石镇第十八届人大副主席"),
            ("王军", "江州区人民政府副区长")} <= titles(r)
    assert not any(p == "刘海" for p, _ in titles(r))


def test_titles_before_a_comma_are_the_same_persons():
    r = facts_of("区委副书记、区长，新材料产业园区党工委书记、管委会主任张庆国出席会议。")
    assert {t for p, t in titles(r) if p == "张庆国"} == {"区委副书记", "区长", "新材料产业园区党工委书记", "管委会主任"}


def test_where_a_thing_lies_and_a_prefecture_written_in_full():
    found = located("叶城县位于新疆西南部。8月5日，自治区党委书记张明来到喀什地区叶城县江格勒斯乡调研。")
    assert {("叶城县", "新疆", False), ("叶城县", "喀什地区", False), ("江格勒斯乡", "叶城县", False)} <= found


def test_bodies_in_a_title_head_and_twin_bodies():
    r = facts_of("县委副书记、区纪委书记、政法委书记王刚出席。镇里将立足市委市政府确定的目标。")
    assert {"县委", "区纪委", "政法委", "市委", "市政府"} <= {m.text for m in r.mentions}
    assert "市委市政府" not in {m.text for m in r.mentions}


def test_a_list_that_says_it_lists_towns_names_towns_not_people():
    r = facts_of("3月2日上午，市委书记林涛轻车简从到石门、高桥、白沙等乡镇调研春耕生产。")
    assert ("林涛", "市委书记") in {(m.person, m.title) for m in r.memberships}
    assert {("inspected", "林涛", s) for s in ("石门", "高桥", "白沙")} <= {(f.relation, f.subject, f.obj) for f in r.facts}
    assert not {"高桥", "白沙"} & {m.text for m in r.mentions if m.kind == Kind.PERSON}


def test_names_without_a_listed_surname_and_transcribed_names_after_a_title():
    r = facts_of("苏木党委书记巴图先后到新艾里嘎查、乌兰嘎查调研。自治区副主席努尔兰·阿不都满金主持会议。"
                 "镇党委书记引导各村拧紧思想，县人大常委会成员出席。")
    held = {(m.person, m.title) for m in r.memberships}
    assert {("巴图", "苏木党委书记"), ("努尔兰·阿不都满金", "自治区副主席")} <= held
    assert {p for p, _ in held} == {"巴图", "努尔兰·阿不都满金"}
    assert ("inspected", "巴图", "乌兰嘎查") in {(f.relation, f.subject, f.obj) for f in r.facts}


def test_the_paper_s_own_county_visited_and_towns_before_what_was_seen_in_them():
    r = facts_of("近日，宁乡市委书记周辉率宁乡市党政代表团来我县考察。桃江县委书记李华陪同。桃江县是竹乡。"
                 "代表团一行深入到桃江县灰山港、武潭等乡镇的竹木加工厂实地查看。")
    found = {(f.relation, f.subject, f.obj) for f in r.facts}
    assert {("inspected", "周辉", "桃江县"), ("inspected", "周辉", "灰山港"), ("inspected", "周辉", "武潭")} <= found
    assert not any("来我县" in m.text for m in r.mentions)


def test_a_county_the_table_no_longer_lists_before_its_town():
    found = located("副县长王明到户县石井镇蒿塔村调研。")
    assert {("石井镇", "户县", False), ("蒿塔村", "石井镇", False)} <= found
    assert not {f for f in found if f[0].startswith("全县")}


def test_a_town_after_its_county_is_one_though_its_stem_is_an_everyday_word():
    found = located("副区长张强到余江区平定乡奇湖岭龙舟集中活动点检查安全工作。")
    assert {("平定乡", "余江区", False), ("奇湖岭龙舟集中活动点", "平定乡", False)} <= found


def test_sites_visited_after_a_chain_of_places_scoping_the_sentence_are_in_its_innermost():
    found = located("在泉州市丰泽区，调研组先后前往东海大桥施工现场、城市规划展示馆视察。")
    assert {("东海大桥", "丰泽区", False), ("城市规划展示馆", "丰泽区", False)} <= found


def test_a_projects_name_holds_what_it_makes_and_may_start_with_a_position_word():
    r = facts_of("随后观摩了以中远氨纶纺织化纤设备制造项目为代表的一批项目，全力招引大项目。")
    projects = {m.text for m in r.mentions if m.kind == Kind.PROJECT}
    assert "中远氨纶纺织化纤设备制造项目" in projects
    assert not {p for p in projects if "招引" in p or p.startswith("以")}


def test_bodies_of_a_division_named_by_their_portfolios():
    r = facts_of("副市长刘强带领市政府办、环保局、教育局和市住房和城乡建设局、区自然资源和规划局负责人调研。"
                 "县人大常委会党组副书记周才德、县总工会主席王芳出席。")
    bodies = {m.text for m in r.mentions if m.kind == Kind.GOV}
    assert {"环保局", "教育局", "市住房和城乡建设局", "区自然资源和规划局", "县人大常委会", "县总工会"} <= bodies


def test_the_place_of_a_titles_organ_whatever_the_words():
    r = facts_of("宜昌市委常委、宜都市委书记张强出席会议。")
    assert {"宜昌市", "宜都市"} <= {m.text for m in r.mentions if m.kind == Kind.AREA}


def test_a_site_listed_beside_named_ones_is_named_as_written():
    r = facts_of("3月5日，县长周明一行先后到佰利鞋业、三鼎工具、城东产业园等企业调研。")
    assert {("inspected", "周明", s) for s in ("佰利鞋业", "三鼎工具", "城东产业园")} <= {
        (f.relation, f.subject, f.obj) for f in r.facts}


def test_speeches_at_a_meeting_written_in_traditional_characters():
    r = facts_of("4月17日下午，齊壽鎮召開2017年全鎮農業農村工作會議。鎮長杜長江同志傳達了區委全會精神。"
                 "鎮黨委書記賈應蝶同志對各項工作做了總結安排，她強調，要抓好落實。", year=2017)
    meeting = next(e for e in r.events if e.is_meeting)
    assert {("spokeAt", p, meeting.key) for p in ("杜长江", "贾应蝶")} <= {(f.relation, normalize(f.subject), f.obj)
                                                                           for f in r.facts}


def test_titles_over_a_list_after_a_colon_an_aside_and_a_name_inside_a_chain():
    r = facts_of("大会执行主席是：刘志寰、张德、王泓伟。州委副书记、副州长（援青）荣红智，州政协主席白加扎西出席。"
                 "在省委书记蒋超良和市委书记李乐成的陪同下，市人大常委会主任陈延荣12月30日来调研。")
    held = {(m.person, m.title) for m in r.memberships}
    assert {("刘志寰", "大会执行主席"), ("王泓伟", "大会执行主席"), ("荣红智", "副州长"), ("白加扎西", "州政协主席"),
            ("李乐成", "市委书记"), ("陈延荣", "市人大常委会主任")} <= held
    assert not {t for p, t in held if "蒋超良" in t}


def test_the_year_of_a_meeting_held_is_its_name_s_when_the_record_has_no_date():
    r = facts_of("3月12日，我县在政府五楼会议室召开2019年农村人居环境整治动员大会。县长张宏伟出席会议。", year=None)
    assert {e.date for e in r.events} == {date(2019, 3, 12)}
    r = facts_of("3月12日，我县召开会议，谋划2018年工作。县长张宏伟出席会议。", year=None)
    assert {e.date for e in r.events} == {None}


def test_a_division_come_to_and_inspected():
    r = facts_of("5月18日，省发改委副主任周立祥带领调研组来平利县，就产业帮扶工作进行调研。近年来本县发展很快。")
    assert ("inspected", "周立祥", "平利县") in {(f.relation, f.subject, f.obj) for f in r.facts}


def test_a_word_for_a_kind_of_place_names_none():
    r = facts_of("4月2日，县长王明到各乡镇和县城棚户区检查工作，走访了城关镇。")
    assert not {"乡镇", "县城", "棚户区"} & {m.text for m in r.mentions}
    assert ("inspected", "王明", "城关镇") in {(f.relation, f.subject, f.obj) for f in r.facts}


def test_a_divisions_organs_are_in_no_place_above_it():
    found = located("山东省德州市委副书记王强与青龙街道人大工委主任李明到东关村调研。")
    assert not {f for f in found if f[0].endswith(("市委", "人大工委"))}


def test_a_province_in_a_firms_brackets_is_no_city():
    found = located("调研组走进大咖国际食品（广西）有限公司、蒙牛乳业（焦作）有限公司调研。")
    assert {("大咖国际食品（广西）有限公司", "广西", False), ("蒙牛乳业（焦作）有限公司", "焦作市", False)} <= found


def test_divisions_written_one_after_another_wherever_the_text_writes_them():
    # in a list of sites, inside a body's name and a title; a county-level title (县长) and a verb are no division
    r = facts_of("5月8日，甘肃省张掖市委常委王立新带领调研组先后来到红沙镇团结村、古城街道东关社区，"
                 "出席中国人民政治协商会议江西省修水县第九届委员会第二次会议。副县长周平到永兴镇调研。")
    located = {(f.subject, f.obj) for f in r.facts if f.relation == "locatedIn"}
    assert {("张掖市", "甘肃省"), ("团结村", "红沙镇"), ("东关社区", "古城街道"), ("修水县", "江西省")} <= located
    assert not any(obj in ("副县", "到永兴镇") or subject.startswith("长") for subject, obj in located)


def test_a_zone_named_by_its_kind_after_its_city_is_the_citys():
    located = {(f.subject, f.obj) for f in facts_of("6月3日，调研组来到湖南省长沙市、常德经开区德山街道。").facts
               if f.relation == "locatedIn"}
    assert {("长沙市", "湖南省"), ("常德经开区", "常德"), ("德山街道", "常德经开区")} <= located


def test_the_places_a_body_is_named_after_are_named_too():
    r = facts_of("会议传达了甘肃省人民政府的通知，邀请陇南市第一中学的教师参加。")
    assert {("甘肃省", Kind.AREA), ("陇南市", Kind.AREA)} <= {(m.text, m.kind) for m in r.mentions}


def test_regions_and_rivers_are_places_and_what_is_named_after_a_river_is_visited_whole():
    r = facts_of("4月2日，市长陈立新先后来到湘江风光带、湘江文化展示馆调研，要求主动融入长三角、京津冀。")
    assert {"湘江", "长三角", "京津冀"} <= {m.text for m in r.mentions if m.kind == Kind.PLACE}
    assert ("陈立新", "湘江文化展示馆") in inspected(r)


def test_the_news_outlets_a_page_credits_are_organisations():
    r = facts_of("云岭融媒讯（记者 杨帆）3月4日，县长李云海主持召开县政府常务会议。\n"
                 "来源：永德县人民政府网\n关注永德发布", headline="县政府召开常务会议")
    orgs = {m.text for m in r.mentions if m.kind == Kind.ORG}
    assert {"云岭融媒", "永德县人民政府网", "永德发布"} <= orgs
    assert not any(f.relation == "locatedIn" and f.subject in orgs and f.implied for f in r.facts)



def test_the_outlets_a_page_s_path_and_header_name_and_the_media_at_an_event():
    r = facts_of("您的位置：鹤城新闻网 >> 首页 >> 要闻\n桃江融媒 2023-05-06 10:12\n"
                 "5月6日，县长李云海出席招商推介会，人民网、经济日报、湖南红网等二十余家媒体参加。来源：桃江日报APP",
                 headline="县长出席招商推介会")
    orgs = {m.text for m in r.mentions if m.kind == Kind.ORG}
    assert {"鹤城新闻网", "桃江融媒", "人民网", "经济日报", "湖南红网", "桃江日报"} <= orgs
    assert "桃江日报APP" not in orgs

def test_the_countrys_leaders_are_people_but_studied_not_speakers():
    r = facts_of("11月5日，县委中心组召开学习会，会议由县委书记周明主持。会议强调，要坚持以习近平新时代中国特色社会主义思想"
                 "为指导。以习近平同志为核心的党中央要求，各级党委要抓好学习。")
    assert "习近平" in {m.text for m in r.mentions if m.kind == Kind.PERSON}
    assert not any(f.subject == "习近平" for f in r.facts)


def test_a_party_group_and_a_bureau_named_by_their_heads_titles():
    r = facts_of("5月6日，县政协党组书记、主席刘海波主持召开会议，副县长、公安局长陈刚，法院院长王一出席。")
    bodies = {m.text for m in r.mentions if m.kind in (Kind.GOV, Kind.ORG)}
    assert {"县政协党组", "县政协", "公安局"} <= bodies and "法院院" not in bodies


def test_every_body_of_a_list_of_bodies_is_one_whole():
    r = facts_of("6月3日，副县长王平带领县财政局、自然资源局、住房和城乡建设局、市场监管局和县委办负责人到园区调研。")
    bodies = {m.text for m in r.mentions if m.kind == Kind.GOV}
    assert {"县财政局", "自然资源局", "住房和城乡建设局", "市场监管局"} <= bodies
    assert not any("王平" in b or "带领" in b for b in bodies)


def test_what_a_text_lists_as_projects_is_a_project_named_whole():
    r = facts_of("9月2日，县长何平一行先后来到西关片区棚户区改造、滨河路安置房、县一中改扩建等项目现场，"
                 "察看项目进展。会议指出，要加快推进宏达化工、远航物流等一批重点项目。")
    found = {m.text for m in r.mentions if m.kind == Kind.PROJECT}
    assert {"西关片区棚户区改造", "滨河路安置房", "县一中改扩建", "宏达化工", "远航物流"} <= found
    assert ("何平", "西关片区棚户区改造") in inspected(r)


def test_directions_verbs_and_regions_are_no_bodies_nor_containers():
    r = facts_of("3月2日，市长张平到沛县大屯镇调研东西部协作工作，察看了长江防洪堤和京津冀产业园建设。")
    located = {(f.subject, f.obj) for f in r.facts if f.relation == "locatedIn"}
    assert ("大屯镇", "沛县") in located and not any(o.startswith("到") or o in ("长江", "京津冀") for _, o in located)
    assert "东西部" not in {m.text for m in r.mentions}


def test_what_is_said_of_projects_names_none():
    r = facts_of("4月8日，开发区此次集中开工项目12个，签约意向性合作项目5个，并观摩了盛达新材料产业园项目。")
    found = {m.text for m in r.mentions if m.kind == Kind.PROJECT}
    assert not any("此次" in p or "意向性" in p for p in found)


def test_every_name_of_a_list_of_the_remembered_is_a_topic():
    r = facts_of("宣讲团将王二小、张自忠、赵一曼等英烈事迹编成故事进行宣讲。")
    assert not any(f.relation == "spokeAt" for f in r.facts)


def test_a_verb_before_a_place_is_not_part_of_its_name():
    r = facts_of("会议要求用心打造和宣传青山高山茶叶品牌。")
    assert not any(m.text.startswith("宣传") for m in r.mentions)


def test_a_firm_named_after_its_province_is_in_the_county_that_scopes_the_visit():
    r = facts_of("5月6日，县长刘明带队调研。在隆安县，刘明深入广西华源糖业有限公司、宏达木业有限公司，了解生产情况。")
    located = {(f.subject, f.obj) for f in r.facts if f.relation == "locatedIn"}
    assert {("广西华源糖业有限公司", "隆安县"), ("宏达木业有限公司", "隆安县")} <= located


def test_sites_after_cha_kan_liao_jie_are_named_without_the_verb():
    r = facts_of("6月2日，在新民镇，旗长陈刚先后实地察看了解金穗家庭农场、草原奶制品加工车间等经营情况。")
    assert ("陈刚", "金穗家庭农场") in inspected(r)
    assert not any(t.startswith("解") for _, t in inspected(r))


def test_villages_visited_after_the_town_the_visitors_went_to_are_in_it():
    r = facts_of("10月8日，副县长周强到石桥镇督导秋收工作。周副县长先后查看了河湾村、柳林村的秸秆禁烧情况。")
    located = {(f.subject, f.obj) for f in r.facts if f.relation == "locatedIn"}
    assert {("河湾村", "石桥镇"), ("柳林村", "石桥镇")} <= located


def test_units_written_after_a_place_and_de_are_in_it():
    r = facts_of("代表团还考察了苏州的恒瑞医药集团和天宇电子有限公司。")
    located = {(f.subject, f.obj) for f in r.facts if f.relation == "locatedIn"}
    assert {("恒瑞医药集团", "苏州"), ("天宇电子有限公司", "苏州")} <= located


def test_a_village_whose_name_starts_with_chang_after_its_subdistrict():
    located = {(f.subject, f.obj) for f in facts_of("王明一行先后深入到永安街道长岭村、中和村，").facts
               if f.relation == "locatedIn"}
    assert ("长岭村", "永安街道") in located


def test_a_project_named_by_what_it_makes_a_year_is_named_from_its_firm():
    r = facts_of("3月6日，副市长周立新宣布湖北鑫源化工有限公司年产 30 万吨精细化工项目开工。"
                 "随后，周立新一行来到晋钰矿业有限公司60万吨/年选矿厂改扩建项目，察看施工进度。")
    found = {m.text: m.kind for m in r.mentions}
    assert found.get("湖北鑫源化工有限公司年产 30 万吨精细化工项目") == Kind.PROJECT
    assert found.get("晋钰矿业有限公司60万吨/年选矿厂改扩建项目") == Kind.PROJECT
    assert found.get("湖北鑫源化工有限公司") == Kind.ORG and not any(t.startswith("万吨") for t in found)
    assert ("周立新", "晋钰矿业有限公司60万吨/年选矿厂改扩建项目") in inspected(r)
    located = {(f.subject, f.obj) for f in r.facts if f.relation == "locatedIn"}
    assert ("湖北鑫源化工有限公司", "湖北") in located or ("湖北鑫源化工有限公司", "湖北省") in located
    assert not any(s.endswith("项目") and o.startswith("湖北") for s, o in located)  # the firm's place, not the project's


def test_a_list_of_industries_among_projects_names_no_project():
    r = facts_of("5月6日，代表们视察了该镇电子元件、纺织服装、机械制造、风力发电等重点项目的实施情况。"
                 "会上介绍了全区先进制造业、现代服务业项目、人居环境提升项目、滨湖新城核心区等重点项目。")
    found = {m.text for m in r.mentions if m.kind == Kind.PROJECT}
    assert not found & {"机械制造", "风力发电", "先进制造业", "全区先进制造业", "现代服务业项目", "人居环境提升项目"}
    assert "滨湖新城核心区" in {m.text for m in r.mentions}


def test_a_list_of_sites_ends_with_what_it_says_they_are():
    r = facts_of("6月3日，市长周明一行先后到蓝天制药公司、新港物流产业园等重点企业及项目，了解产业发展情况。"
                 "调研组还查看了清泉酒业公司、金石水泥厂等重点工程和亿元企业。")
    seen = {t for _, t in inspected(r)}
    assert {"新港物流产业园", "金石水泥厂"} <= seen and not any("等" in t for t in seen)
    assert not {m.text for m in r.mentions if "等重点" in m.text}


def test_a_park_is_a_project_where_it_is_built_and_a_place_where_it_is_visited():
    r = facts_of("4月2日，县长赵平一行先后到鑫钰智能制造产业园、南湖社区等地调研。"
                 "会议要求，加快推进滨江数字产业园、临港物流基地建设。")
    kinds = {m.text: m.kind for m in r.mentions}
    assert kinds.get("鑫钰智能制造产业园") == Kind.PLACE
    assert kinds.get("滨江数字产业园") == Kind.PROJECT and kinds.get("临港物流基地") == Kind.PROJECT


def test_the_text_extraction_read_is_the_normalised_text_later_stages_read_and_is_not_pickled():
    import pickle

    for text in ("3月5日，縣委書記王建國主持召開全縣經濟工作會議。",  # traditional characters, read as simplified
                 "3月5日，县委书记王建国（wáng jiàn guó）主持召开会议。"):  # a gloss, which the extraction's view drops
        r = facts_of(text)
        assert r.normalized_text == normalize(text) and ("chaired", "王建国") in relations(r)
        sent = pickle.loads(pickle.dumps(r))  # as a worker sends it: the text once, normalised again if read
        assert "normalized_text" not in vars(sent) and sent.normalized_text == r.normalized_text
