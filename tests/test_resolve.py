"""Resolution across articles, papers and years: one official one resource, namesakes apart, careers.

Every article here is invented, in the style of a city paper's JSONL records.
"""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT, run_kg
from kg.api import load_graph
from kg.articles import split_document
from kg.executors.local import extract_articles
from kg.careers import careers, from_graph
from kg.extract import imply_locations
from kg.names.gazetteer import leading, paper_place, path, place
from kg.locality import locate
from kg.graph import to_dataset
from kg.model import Article, ArticleFacts, Document, Fact, Kind, Mention, Span
from kg.query import load_store, run_query
from kg.read import read_inputs
from kg.resolve import resolve

sys.path.insert(0, str(ROOT / "tools"))
from readme_queries import COOKBOOK, examples  # noqa: E402

# one city paper's records, some naming the city and some not, over two years; and another province's paper
RECORDS = [
    ("y1", "2021-03-02", "盐城日报", "本报讯（记者周志华）3月2日，盐城市委书记钱海涛主持召开全市安全生产工作会议。"
                                   "市委副书记、盐城市市长赵立新出席会议。"),
    ("y2", "2021-06-18", "盐城日报", "本报讯 6月18日，市长赵立新到射阳县调研乡村振兴工作。射阳县委书记刘建国陪同调研。"
                                   "赵立新先后来到合德镇、临海镇，察看项目建设情况。"),
    ("y3", "2022-04-11", "盐城日报", "本报讯 4月11日，市委书记赵立新主持召开全市防汛抗旱工作会议。"
                                   "市委副书记、市长孙明辉出席会议。"),
    ("y4", "2022-09-05", "盐城日报", "本报射阳讯 9月5日，县委书记刘建国主持召开全县秋粮收购工作会议，县长顾文杰出席。"
                                   "会议要求，县委各部门要抓好落实。"),
    ("y5", "2022-10-12", "盐城日报", "本报讯 10月12日，中共射阳县委、射阳县人民政府召开重点项目推进会，"
                                   "射阳县县长顾文杰主持会议。"),
    ("c1", "2022-05-06", "沧州日报", "本报讯 5月6日，沧州市副市长赵立新到献县督导森林防火工作，献县县长马志刚陪同。"),
]


@pytest.fixture(scope="module")
def papers(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("papers")
    news = folder / "news.jsonl"
    news.write_text("".join(json.dumps({"id": i, "date": d, "source": s, "text": t, "title": ""}, ensure_ascii=False)
                            + "\n" for i, d, s, t in RECORDS), encoding="utf-8")
    out = folder / "out"
    run_kg("build", str(news), "--out", str(out), "--quiet")
    return out


def _person(out: Path, name: str) -> list[dict]:
    return json.loads(run_kg("person", name, "--graph", str(out), "--format", "json").stdout)


def test_one_papers_records_some_naming_the_city_give_one_official_and_the_namesake_elsewhere_another(papers):
    table = run_query(load_store(papers), 'SELECT ?file ?p WHERE { ?a schema:mentions ?p ; kg:sourceFile ?file . '
                                          '?p rdfs:label "赵立新"@zh }')
    # the article of the record on line N of the file
    iris = {RECORDS[int(file.rsplit(":", 1)[1]) - 1][0]: person for file, person in table.rows}
    assert len(set(iris.values())) == 2
    yancheng = {iris[a] for a in ("y1", "y2", "y3")}
    assert len(yancheng) == 1 and iris["c1"] not in yancheng
    assert yancheng.pop().endswith("/江苏省/盐城市/赵立新")


def test_kg_person_lists_the_titles_over_time_and_both_namesakes_with_their_jurisdictions(papers):
    rows = _person(papers, "赵立新")
    jurisdictions = {r["jurisdiction"] for r in rows}
    assert jurisdictions == {"江苏省盐城市", "河北省沧州市"}
    titles = [(r["what"], r["first"], r["last"], r["articles"]) for r in rows
              if r["jurisdiction"] == "江苏省盐城市" and r["record"] == "title"]
    assert titles == [("市委副书记", "2021-03-02", "2021-03-02", 1), ("盐城市市长", "2021-03-02", "2021-03-02", 1),
                      ("市长", "2021-06-18", "2021-06-18", 1), ("市委书记", "2022-04-11", "2022-04-11", 1)]
    years = {r["record"]: r["what"] for r in rows if r["jurisdiction"] == "江苏省盐城市" and r["record"] != "title"}
    assert years == {"2021": "attended 1, inspected 3", "2022": "chaired 1"}


def test_the_api_gives_the_same_careers_as_dataframes(papers):
    careers = load_graph(papers).person("赵立新")
    assert sorted(careers.people["jurisdiction"]) == ["江苏省盐城市", "河北省沧州市"]
    assert careers.table.to_dict("records") == [
        {k: (date.fromisoformat(v) if k in ("first", "last") and v else v) for k, v in row.items()}
        for row in _person(papers, "赵立新")]
    (home,) = careers.people.query("jurisdiction == '江苏省盐城市'")["person"]
    inspected = careers.events.query("relation == 'inspected' and person == @home")
    assert set(inspected["what"]) == {"射阳县", "合德镇", "临海镇"} and set(inspected["year"]) == {2021}


def test_a_countys_bodies_in_every_form_are_one_and_each_says_why(papers):
    table = run_query(load_store(papers), 'SELECT ?b ?why WHERE { ?b rdfs:label|skos:altLabel "中共射阳县委"@zh ; '
                                          'kg:resolvedBy ?why }')
    (body,) = {b for b, _ in table.rows}
    names = {n for (n,) in run_query(load_store(papers), f"SELECT ?n WHERE {{ <{body}> rdfs:label|skos:altLabel ?n }}").rows}
    assert {"中共射阳县委", "射阳县委", "县委"} <= names
    why = {w for _, w in table.rows}
    assert "中共射阳县委 = 射阳县委" in why and "县委 = 射阳县委 in articles about 射阳县" in why
    people = run_query(load_store(papers), 'SELECT ?why WHERE { ?p rdfs:label "顾文杰"@zh ; kg:resolvedBy ?why }')
    assert people.rows == [["same name within 江苏省盐城市"]]


def test_the_pages_careers_from_the_facts_are_kg_persons_from_the_graph(papers):
    news = papers.parent / "news.jsonl"
    articles = [a for d in read_inputs([news]) if isinstance(d, Document) for a in split_document(d)]
    results = list(extract_articles(articles))
    imply_locations(results)
    from_facts = careers(results, resolve(results))
    store = load_store(papers)
    for name in ("赵立新", "刘建国", "顾文杰"):
        found = from_graph(store, name)
        assert found and all(from_facts[c.person.iri] == c for c in found)
        assert all(c.titles for c in found)


def test_a_misspelt_name_gets_a_suggestion(papers):
    result = run_kg("person", "赵立兴", "--graph", str(papers), check=False)
    assert result.returncode == 1 and result.stderr.strip().endswith("did you mean 赵立新?")


def test_the_cookbooks_title_over_time_query_gives_kg_persons_rows(seeds_out):
    (query,) = [ex.sparql for ex in examples(COOKBOOK.read_text(encoding="utf-8")) if ex.number == 3]
    assert '"吕沛"@zh' in query
    readme = run_query(load_store(seeds_out), query).rows
    person = [[r["what"], r["first"], r["last"]] for r in _person(seeds_out, "吕沛") if r["record"] == "title"]
    assert len(readme) >= 3 and person == readme


# --- resolution on its own, on invented articles through the real pipeline -------------------------------------

def _resolved(*articles: tuple[str, str, str, str]):
    """Extract and resolve (id, day, source, text) articles; the resolution and the results by id."""
    arts = [Article(i, f"news.jsonl:{n + 1}", "", text, date=date.fromisoformat(day), year=int(day[:4]), source=source)
            for n, (i, day, source, text) in enumerate(articles)]
    results = list(extract_articles(arts))
    _resolved.results = results
    return resolve(results), {r.article.id: r.article for r in results}


def test_a_files_records_with_no_source_some_naming_the_city_give_one_official():
    r, arts = _resolved(
        ("a", "2021-03-02", None, "3月2日，盐城市市长钱立平主持召开全市安全生产工作会议。盐城市各县区参加。"),
        ("b", "2021-04-02", None, "4月2日，市长钱立平到射阳县调研。"),
        ("c", "2021-05-02", None, "5月2日，钱立平主持召开会议。"),
        ("d", "2021-05-03", None, "5月3日，盐城市副市长马立群出席活动。"))
    assert len({r.of(arts[a], "钱立平", Kind.PERSON).iri for a in "abc"}) == 1


def test_a_transfer_to_the_next_county_is_one_career_two_at_once_are_two_people():
    r, arts = _resolved(
        ("a", "2020-04-01", "盐城日报", "本报讯 4月1日，射阳县县长钱立平主持召开全县安全生产工作会议。"),
        ("b", "2020-08-01", "盐城日报", "本报讯 8月1日，射阳县县长钱立平到合德镇调研。"),
        ("c", "2021-05-01", "盐城日报", "本报讯 5月1日，阜宁县县长钱立平主持召开全县防汛工作会议。"),
        ("d", "2020-05-01", "盐城日报", "本报讯 5月1日，射阳县副县长马立群主持召开全县春耕工作会议。"),
        ("e", "2020-06-01", "盐城日报", "本报讯 6月1日，建湖县副县长马立群到沿河镇调研。"),
        ("f", "2020-07-01", "盐城日报", "本报讯 7月1日，射阳县副县长马立群主持召开全县秋播工作会议。"),
        ("g", "2020-09-01", "盐城日报", "本报讯 9月1日，建湖县副县长马立群到沿河镇督导。"))
    moved = {r.of(arts[a], "钱立平", Kind.PERSON).iri for a in "abc"}
    assert len(moved) == 1
    (career,) = moved
    assert "titles in 阜宁县、射阳县 at different times: one career" in r.of(arts["a"], "钱立平", Kind.PERSON).notes
    two = {a: r.of(arts[a], "马立群", Kind.PERSON) for a in "defg"}
    assert two["d"].iri == two["f"].iri != two["e"].iri == two["g"].iri
    assert two["d"].iri.endswith("/盐城市/射阳县/马立群") and two["e"].jurisdiction == "江苏省盐城市建湖县"


def test_a_province_head_and_a_county_head_of_one_name_at_once_are_two_the_countrys_leader_is_one():
    r, arts = _resolved(
        ("a", "2021-04-01", "盐城日报", "本报讯 4月1日，江苏省省长周广林到盐城市调研，市委书记钱海涛陪同。"),
        ("b", "2021-05-01", "盐城日报", "本报讯 5月1日，射阳县县长周广林主持召开全县安全生产工作会议。"),
        ("c", "2021-06-01", "沧州日报", "本报讯 6月1日，河北省省长周广林到沧州市调研，市委书记刘春生陪同。"),
        ("d", "2021-07-01", "盐城日报", "本报讯 7月1日，江苏省省长周广林到盐城市督导。"),
        ("e", "2021-08-01", "盐城日报", "本报讯 8月1日，射阳县县长周广林到合德镇调研。"),
        ("f", "2021-09-01", "盐城日报", "本报讯 9月1日，盐城市委召开会议，传达学习习近平总书记重要讲话精神。"),
        ("g", "2021-09-02", "沧州日报", "本报讯 9月2日，沧州市委召开会议，学习习近平同志的讲话。"))
    governor, county, other = (r.of(arts[a], "周广林", Kind.PERSON) for a in "abc")
    assert len({governor.iri, county.iri, other.iri}) == 3
    assert r.of(arts["d"], "周广林", Kind.PERSON) is governor and r.of(arts["e"], "周广林", Kind.PERSON) is county
    assert (governor.jurisdiction, county.jurisdiction, other.jurisdiction) == ("江苏省", "江苏省盐城市", "河北省")
    leader = r.of(arts["f"], "习近平", Kind.PERSON)
    assert leader is r.of(arts["g"], "习近平", Kind.PERSON) and leader.jurisdiction == "全国"


def test_an_articles_place_comes_from_what_it_writes_within_its_paper():
    r, arts = _resolved(
        ("a", "2022-01-05", "盐城日报", "本报射阳讯 1月5日，县委召开全体会议。"),
        ("b", "2022-01-06", "盐城日报", "本报讯 1月6日，市委召开常委会会议。"),
        ("c", "2022-01-07", "https://example.org/1.html", "1月7日，沧州市献县召开会议。"),
        ("d", "2022-01-08", None, "1月8日，会议召开。"))
    assert r.of(arts["a"], "县委", Kind.GOV).iri.endswith("/江苏省/盐城市/射阳县/射阳县委")
    assert r.of(arts["b"], "市委", Kind.GOV).iri.endswith("/江苏省/盐城市/盐城市委")
    places = locate(_resolved.results)
    assert places["a"].clues == ("dateline 射阳", "named 射阳", "paper 盐城日报") and places["b"].clues == ("paper 盐城日报",)
    assert path(places["c"].division) == "河北省沧州市献县" and places["d"].division is None


def test_the_gazetteer_reads_names_as_news_writes_them():
    assert path(place("射阳")) == path(place("射阳县")) == "江苏省盐城市射阳县"
    assert paper_place("盐城日报").name == "盐城市" and paper_place("射阳发布").name == "射阳县"
    assert paper_place("人民日报") is None and leading("中山大学") is None
    assert leading("射阳住建局") == ("射阳", "住建局")


def test_a_place_the_divisions_table_puts_elsewhere_is_not_written_in_it():
    text = "江苏省南京市、合肥市、玄武湖公园。"
    art = Article("a", "p.txt", "", text, year=2024)
    names = [("江苏省", 0), ("南京市", 3), ("合肥市", 7), ("玄武湖公园", 11)]
    mentions = [Mention(n, Kind.PLACE if n.endswith("公园") else Kind.AREA, i, i + len(n)) for n, i in names]
    said = [Fact("locatedIn", inner, "江苏省", Span(0, len(text))) for inner in ("南京市", "合肥市", "玄武湖公园")]
    ds = to_dataset([ArticleFacts(art, mentions, facts=said)])
    found = {(str(a), str(b)) for a, b in ds.query(
        "SELECT ?a ?b WHERE { ?x <https://w3id.org/govkg/ontology#locatedIn> ?y . "
        "?x <http://www.w3.org/2000/01/rdf-schema#label> ?a . ?y <http://www.w3.org/2000/01/rdf-schema#label> ?b }")}
    assert found == {("南京市", "江苏省"), ("玄武湖公园", "江苏省")}  # 合肥 is 安徽's


def test_a_place_only_a_dropped_locatedin_names_is_not_in_the_graph():
    text = "合肥市在江苏省。"
    art = Article("a", "p.txt", "", text, year=2024)
    said = [Fact("locatedIn", "合肥市", "江苏省", Span(0, len(text)))]  # 合肥 is 安徽's: the fact is dropped
    ds = to_dataset([ArticleFacts(art, [Mention("江苏省", Kind.AREA, 4, 7)], facts=said)])
    labels = {str(label) for label, in ds.query("SELECT ?l WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l }")}
    assert labels == {"江苏省"}


def test_a_congress_named_with_its_term_is_the_congress():
    r, arts = _resolved(("a", "2023-09-28", "某县融媒", "9月28日，县十八届人大常委会举行第七次会议。县人大常委会主任孙立强主持会议。"))
    bodies = {m.text: r.of(arts["a"], m.text, m.kind).iri for m in _resolved.results[0].mentions
              if m.text in ("县十八届人大常委会", "县人大常委会")}
    assert len(bodies) == 2 and len(set(bodies.values())) == 1


def test_a_body_named_by_its_districts_level_word_is_the_district_the_article_names_a_community_is_none():
    r, arts = _resolved(
        ("a", "2023-05-01", None, "5月1日，鹿鸣旗召开民族团结工作会议。旗民宗局、旗教育局负责人参加。"),
        ("b", "2023-05-02", None, "5月2日，鹿鸣区杏林社区、杏林社区居委会召开会议。区委副书记王立强、区住建局负责人到杏林社区调研。"))
    assert r.of(arts["a"], "旗民宗局", Kind.GOV).iri.endswith("/鹿鸣旗民宗局")
    assert [r.of(arts["b"], n, Kind.GOV).iri.rsplit("/", 1)[1] for n in ("区委", "区住建局")] == ["区委", "区住建局"]


@pytest.mark.parametrize("organ", ["县委", "县政府", "县人民政府", "县纪委", "县人大"])
def test_a_city_papers_article_writing_a_countys_organ_is_the_one_county_it_names(organ):
    text = f"{organ}召开会议，射阳县负责人参加。"
    at = text.index("射阳县")
    found = locate([ArticleFacts(Article("a", "p.jsonl:1", "", text, source="盐城日报"),
                                 [Mention("射阳县", Kind.AREA, at, at + 3)])])
    assert found["a"].division.name == "射阳县"
