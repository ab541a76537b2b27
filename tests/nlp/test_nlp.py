"""The shipped NLP pipeline: offline pkuseg + NER + rule components, entities, resolution, dated titles."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import spacy

from kg.executors.local import extract_articles
from kg.graph import to_dataset
from kg.model import Article, Kind
from kg.nlp import MODEL_DIR, load
from kg.nlp.fast import FastTokenizer
from kg.resolve import resolve
from kg.text import normalize


def analyse(text: str, year: int = 2024, article_id: str = "t", path: str = "t.txt", source: str | None = None):
    art = Article(article_id, path, "", text, year=year, source=source)
    (result,) = extract_articles([art])
    return result


def entities(result) -> set[tuple[str, str]]:
    return {(m.text, m.kind.value) for m in result.mentions}


def test_pipeline_is_pkuseg_ner_and_registered_rule_components():
    nlp = load()
    assert nlp.pipe_names == ["tok2vec", "ner", "sentencizer", "govkg_people", "govkg_entities"]
    assert nlp.tokenizer.segmenter == "pkuseg" and nlp.tokenizer.pkuseg_seg is not None
    words = [t.text for t in nlp(normalize("区领导杨有军、许海玲出席会议。"))]
    assert words[:2] == ["区领导", "杨有军"]  # the user dictionary keeps group words whole


def test_model_is_small_and_ships_in_the_package():
    size = sum(f.stat().st_size for f in Path(MODEL_DIR).rglob("*") if f.is_file())
    ner = sum(f.stat().st_size for d in ("ner", "tok2vec") for f in (MODEL_DIR / d).rglob("*"))
    assert ner <= 30 * 1024 * 1024 and size <= 40 * 1024 * 1024


def test_towns_villages_and_their_containment():
    r = analyse("3月2日，县委书记林涛到城关镇东关村调研人居环境整治工作。")
    found = entities(r)
    assert ("城关镇", "AdministrativeArea") in found and ("东关村", "AdministrativeArea") in found
    assert any(f.relation == "locatedIn" and f.subject == "东关村" and f.obj == "城关镇" for f in r.facts)


def test_government_bodies_from_titles_and_text():
    r = analyse("5月6日，县发展改革委主任胡兵主持召开会议，县住建局、县自然资源局负责人参加会议。")
    found = entities(r)
    assert ("县发展改革委", "GovernmentOrganization") in found
    assert ("县住建局", "GovernmentOrganization") in found and ("县自然资源局", "GovernmentOrganization") in found


def test_projects_are_told_from_places_by_their_ending():
    r = analyse("4月9日，市长周强先后到临港物流产业园、滨江大道改造工程等地调研。")
    found = entities(r)
    assert ("临港物流产业园", "Project") in found and ("滨江大道改造工程", "Project") in found


def test_a_verb_ends_a_name_and_one_before_it_is_no_part_of_it():
    r = analyse("年初以来，县文旅局着力推动乡村文化合作社发展。开发区现有滨湖大学科技园、数字产业园。")
    found = {text for text, _ in entities(r)}
    assert {"县文旅局", "滨湖大学科技园"} <= found
    assert not any("着力" in name or "现有" in name for name in found)


def test_kinds_of_unit_and_everyday_words_ending_like_divisions_are_no_names():
    r = analyse("4月8日，县长王强到桐柏县各乡镇卫生院、社区日间照料中心调研，察看石家庄市新华区粮油区和城中村，"
                "要求打造商贸强区、建设美丽乡村。")
    found = entities(r)
    assert {("桐柏县", "AdministrativeArea"), ("新华区", "AdministrativeArea")} <= found
    names = {text for text, _ in found}
    assert not names & {"乡镇卫生院", "各乡镇卫生院", "卫生院", "社区日间照料中心", "粮油区", "城中村", "商贸强区", "乡村"}


def test_every_county_is_a_division_even_one_named_by_everyday_words():
    r = analyse("5月6日，赵海燕到解放区宁郭镇调研。山西省太原市小店区北营街道开展志愿服务。")
    areas = {text for text, kind in entities(r) if kind == "AdministrativeArea"}
    assert {"解放区", "宁郭镇", "小店区", "北营街道"} <= areas


def test_roads_and_schools_being_built_are_projects():
    r = analyse("8月3日，县长何平先后到迎春路、龙泉小学项目施工现场察看进度。")
    found = entities(r)
    assert ("迎春路", "Project") in found and ("龙泉小学项目", "Project") in found
    assert {f.obj for f in r.facts if f.relation == "inspected" and f.subject == "何平"} == {"迎春路", "龙泉小学项目"}


def test_aliases_are_one_resource_and_short_forms_read_in_their_article():
    a = analyse("6月1日，开发区（自贸区）党工委书记王强主持召开会议。自贸区党工委委员出席。", article_id="a",
                path="p.txt")
    b = analyse("6月2日，城东区委书记刘洋主持召开区委常委会会议。", article_id="b", path="p.txt")
    c = analyse("6月3日，城西区委书记陈晨主持召开区委常委会会议。", article_id="c", path="p.txt")
    res = resolve([a, b, c])
    assert res.of(a.article, "自贸区", Kind.AREA) is res.of(a.article, "开发区（自贸区）", Kind.AREA)
    assert res.of(b.article, "区委", Kind.GOV).label == "城东区委"
    assert res.of(c.article, "区委", Kind.GOV).label == "城西区委"


def test_same_name_in_two_cities_is_two_people_and_one_across_pages_of_a_city():
    texts = {"a": ("a.txt", "7月1日，洛阳市市长李强出席洛阳市会议。洛阳市各界出席。"),
             "b": ("b.txt", "7月2日，洛阳市副市长李强到洛阳市伊川县调研。"),
             "c": ("c.txt", "7月3日，南阳市委书记李强到南阳市内乡县调研。南阳市干部陪同。")}
    results = [analyse(t, article_id=k, path=p) for k, (p, t) in texts.items()]
    res = resolve(results)
    iris = {k: res.of(r.article, "李强", Kind.PERSON).iri for k, r in zip(texts, results)}
    assert iris["a"] == iris["b"] != iris["c"]


def test_every_title_kept_with_the_date_it_was_seen():
    june = analyse("6月25日，高新区党工委书记吕沛主持召开会议。", year=2023, article_id="june")
    sept = analyse("9月12日，高新区党工委副书记吕沛出席会议。", year=2023, article_id="sept")
    ds = to_dataset([june, sept])
    rows = ds.query("""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX kg: <https://w3id.org/govkg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?title ?when WHERE { ?m org:member ?p ; rdfs:label ?title ; kg:observedOn ?when .
                                    ?p rdfs:label "吕沛"@zh } ORDER BY ?when""")
    assert [(str(t), w.toPython()) for t, w in rows] == [
        ("高新区党工委书记", date(2023, 6, 25)), ("高新区党工委副书记", date(2023, 9, 12))]


def test_figurative_roads_and_everyday_kinds_of_place_are_no_names():
    r = analyse("会议要求，要探索改革新路，走出一条高质量发展之路，对农贸市场、超市开展整治，完善高速路网，"
                "让群众住有所居。各村党支部书记参加。")
    assert entities(r) == set()


def test_a_character_the_segmenter_cut_from_a_village_stays_in_its_name_a_verb_does_not():
    r = analyse("4月2日，镇长刘强到李万街道韩郭庄村调研。工作队进王庄村开展走访。")  # 李万街道|韩|郭庄村
    areas = {text for text, kind in entities(r) if kind == "AdministrativeArea"}
    assert {"韩郭庄村", "王庄村"} <= areas and not areas & {"郭庄村", "进王庄村"}
    assert any(f.relation == "locatedIn" and (f.subject, f.obj) == ("韩郭庄村", "李万街道") for f in r.facts)


def test_parks_and_towns_named_by_their_theme_are_projects_kinds_of_works_are_not():
    r = analyse("会议要求，规划建设数字经济产业园、科技总部新城和中原科创名城，整治大型商业综合体，推进污水管网工程。")
    projects = {text for text, kind in entities(r) if kind == "Project"}
    assert {"数字经济产业园", "科技总部新城", "中原科创名城"} <= projects
    assert not projects & {"大型商业综合体", "商业综合体", "污水管网工程"}


def test_ordinals_and_words_ending_like_a_common_word_are_no_part_of_a_name():
    r = analyse("习近平总书记在二十届中央国家安全委员会第一次会议上发表重要讲话。各村干部参加培训。")
    names = {text for text, _ in entities(r)}
    assert "中央国家安全委员会" in names and not names & {"二十届中央国家安全委员会", "村干部"}


def test_a_division_glued_to_the_verb_before_it_starts_the_body_named_after_it():
    # pkuseg writes 听取区|体育局, 带领区|发改局, 召开县|人大常委会: the verb is no part of the body's name
    r = analyse("会议听取区体育局工作汇报。局长带领区发改局负责人调研，并召开县人大常委会主任会议。"
                "按区创城办要求，区长带着社会工委干部走访。全镇正式退出贫困县序列。")
    bodies = {text for text, kind in entities(r) if kind in ("GovernmentOrganization", "Organization")}
    assert {"区体育局", "区发改局", "县人大常委会", "区创城办", "社会工委"} <= bodies
    assert not {b for b in bodies if b.startswith(("听取", "带领", "召开", "按", "现任", "会议", "着"))}
    assert not {text for text, _ in entities(r) if "贫困县" in text and text != "贫困县"}


def test_a_firm_s_name_holds_its_ending_whole_and_starts_at_its_place():
    # pkuseg writes 有限|公司, and 有限 alone is a word no name starts with; 活动 is no part of a firm's name
    r = analyse("市长来到宏达矿业有限公司调研。举行“签约一批”活动江西瑞丰化工有限公司代表发言。")
    firms = {text for text, kind in entities(r) if kind == "Organization"}
    assert {"宏达矿业有限公司", "江西瑞丰化工有限公司"} <= firms and not {f for f in firms if f.startswith("活动")}


def test_a_verb_inside_a_run_of_places_and_a_body_s_ending_read_as_the_next_word_s_start():
    # 组织|部分|委员, not 组织部; 地处, 帮扶, 对接 are in no place's name
    r = analyse("10月9日，镇平县政协组织部分委员视察。柳泉镇地处镇平县北部。市林业局帮扶柳泉镇石桥村，"
                "并对接南阳市卧龙区。")
    names = {text for text, _ in entities(r)}
    assert "镇平县政协" in names and not {n for n in names if n.endswith("组织部")}
    assert not {n for n in names if any(v in n for v in ("地处", "帮扶", "对接"))}


def test_the_fast_tokenizer_tags_each_word_as_jieba_tags_it_in_the_text():
    # it tags the words it has not met, each alone (jieba tags a word by the word alone); a word jieba cuts
    # otherwise when alone (推動鄉 → 推動|鄉) takes its tag from the text's
    tokenizer = FastTokenizer(spacy.blank("zh").vocab)
    for text in ("推動鄉村振興，区领导杨有军出席。", "区领导杨有军出席推動鄉村振興。"):
        doc = tokenizer(text)
        assert doc.user_data["govkg_tags"] == [tag for _, tag in tokenizer.jieba.tag(text)]
        assert [t.text for t in doc] == tokenizer.jieba.cut(text)
