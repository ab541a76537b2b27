"""The fast pipeline (`kg build --pipeline fast`): rjieba's words and the accurate pipeline's rules, on real text;
its quality on the dev and wide gold; the cache keeping both pipelines' extractions apart. Its speed is measured
by `benchmarks/build_speed.py`, not here."""
from __future__ import annotations

import re

import pytest
from spacy.tokens import Doc

from kg.errors import KgError
from kg.executors.local import extract_articles
from kg.model import Article, Pipeline
from kg.nlp import fast, load, pipeline
from kg.nlp.people import find_people, occurrences
from kg.pipeline import build
from kg.text import normalize

from benchmarks.corpus import seed_articles
from conftest import ROOT, SHARED_EVAL, run_kg

SEEDS = ROOT / "seeds"


def facts(article: Article | str) -> set[tuple[str, str, str]]:
    if isinstance(article, str):
        article = Article("t", "t.txt", "", article, year=2023)
    (result,) = extract_articles([article], pipeline=Pipeline.FAST)
    events = {ev.key: ev.name for ev in result.events}
    return ({(f.relation, f.subject, events.get(f.obj, f.obj)) for f in result.facts}
            | {("holds", m.person, m.title) for m in result.memberships})


def test_the_fast_pipeline_runs_the_same_rules_with_no_statistical_model():
    nlp = pipeline("fast")
    assert nlp is fast.load() and isinstance(nlp.tokenizer, fast.FastTokenizer)
    # the tokenizer marks the sentences; jieba's tagged names stand in for the NER's
    assert nlp.pipe_names == ["govkg_tagged_names", "govkg_people", "govkg_entities"]
    assert [nlp.get_pipe(name).__class__ for name in ("govkg_people", "govkg_entities")] == \
        [load().get_pipe(name).__class__ for name in ("govkg_people", "govkg_entities")]
    text = normalize("区领导杨有军、许海玲出席会议。\n\n记者 王明 报道")
    doc = nlp(text)
    assert doc.text == text and [t.text for t in doc][:2] == ["区领导", "杨有军"]  # pkuseg's user dictionary
    # white space as spaCy's tokenizers leave it: the accurate pipeline's sentences
    assert [s.text for s in doc.sents] == ["区领导杨有军、许海玲出席会议。", "\n\n记者 王明 报道"]
    with pytest.raises(KgError, match="no pipeline 'slow': the pipelines are accurate, fast"):
        pipeline("slow")


def test_a_seed_meeting_its_chair_attendees_and_titles():
    found = facts(seed_articles()[0])  # the seeds' first article
    meeting = "高新区2023年第八次党政联席会议暨党工委理论学习中心组集体学习会议"
    assert ("chaired", "吕沛", meeting) in found
    assert {("attended", name, meeting) for name in ("宫卫红", "杨有军", "许海玲", "赵俊峰", "古冰涛")} <= found
    assert {("holds", "吕沛", "市政协副主席"), ("holds", "吕沛", "高新区(示范区)党工委书记"),
            ("holds", "宫卫红", "管委会主任")} <= found


def test_a_name_with_no_title_is_found_by_jiebas_tag_where_it_ends_as_names_do():
    # a seed page's report: the NER names 赵海燕 in the accurate pipeline, jieba's nr tag in the fast one
    found = facts("赵海燕一行先后到牧野路、孟州北路项目施工现场、龙源路小学等地，详细询问工程进度。")
    assert {("inspected", "赵海燕", site) for site in ("牧野路", "孟州北路项目", "龙源路小学")} <= found
    doc = pipeline("fast")("许健率县党政考察团到北京市通州区考察。")
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == []  # jieba's 许健率 ends no name


def test_jiebas_tags_are_kept_beside_the_doc_and_name_the_people_the_rules_then_find_again():
    # a prefecture's report (Guizhou): a name after its title, the same name alone in the next sentence
    nlp = pipeline("fast")
    text = normalize("黔东南州委书记罗强到凯里市调研，州长罗来兴陪同。罗强指出，要抓好项目建设。")
    doc = nlp.make_doc(text)
    tags = doc.user_data["govkg_tags"]  # a string a word, not interned as the tokens' tag_
    assert len(tags) == len(doc) and tags[[t.text for t in doc].index("罗来兴")] == "nr"
    assert [s.text for s in doc.sents] == ["黔东南州委书记罗强到凯里市调研，州长罗来兴陪同。", "罗强指出，要抓好项目建设。"]
    doc = nlp(text)
    assert [(p.name, p.start, [t.text for t in p.titles]) for p in doc._.people] == [
        ("罗强", 7, ["黔东南州委书记"]), ("罗来兴", 18, ["州长"]), ("罗强", 24, [])]
    # a Doc another tokenizer made: its tokens' tags name the people
    tagged = Doc(nlp.vocab, words=["记者", "罗", "来兴", "报道"], spaces=[False] * 4, tags=["n", "nr", "nr", "v"])
    assert [(e.text, e.label_) for e in nlp.get_pipe("govkg_tagged_names")(tagged).ents] == [("罗来兴", "PERSON")]


def test_a_names_other_mentions_are_found_from_the_left_the_longest_first():
    # a township's report (Guangdong style): 王明 and 王明华 share a start; 王明华 is never 王明 and 华
    text = "镇长王明、副镇长王明华到场。王明华指出，王明强调，要做好“王明华”式的服务。"
    assert occurrences(text, {"王明", "王明华"}) == [(2, "王明"), (8, "王明华"), (14, "王明华"), (20, "王明"),
                                                    (29, "王明华")]
    assert occurrences(text, set()) == [] and occurrences("张三李四", {"李四", "三李"}) == [(1, "三李")]
    # what a regex alternation of the names, longest first, finds (what find_people compiled for each article)
    for names in ({"王明", "王明华", "明华"}, {"华到", "王明华到场", "明"}, {"指出", "出，王"}):
        pattern = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        assert occurrences(text, names) == [(m.start(), m.group(0)) for m in re.finditer(pattern, text)]
    found = find_people(text)
    assert [(p.name, p.start) for p in found][:4] == [("王明", 2), ("王明华", 8), ("王明华", 14), ("王明", 20)]


def test_an_inspection_its_party_and_sites():
    found = facts("6月23日上午，县委书记林涛先后到城关镇东关村、县第一实验小学，调研人居环境整治和校园安全工作。"
                  "副县长王丽华陪同。")
    assert {("inspected", "林涛", "东关村"), ("holds", "林涛", "县委书记"), ("holds", "王丽华", "副县长")} <= found
    assert ("inspected", "王丽华", "东关村") not in found  # who accompanies is not who inspects


@pytest.fixture(scope="module")
def fast_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("fast") / "out"
    run_kg("build", "--pipeline", "fast", "--out", str(out), "--quiet")
    return out


def _scores(scorer, out, gold_files):
    gold, aliases = scorer.load_gold([str(p) for p in gold_files])
    return scorer.score(gold, aliases, scorer.predicted(scorer.load_graph(str(out))))


# floors a little under what it scores (docs/performance.md § Two pipelines: dev micro 0.94, wide 0.88)
@pytest.mark.parametrize("fact, floor", [("chaired", 0.95), ("attended", 0.95), ("holds", 0.95),
                                         ("inspected", 0.80), ("locatedIn", 0.78), ("micro", 0.90)])
def test_fast_dev_gold_scores(fast_out, scorer, fact, floor):
    assert _scores(scorer, fast_out, sorted((SHARED_EVAL / "dev").glob("*.jsonl")))[fact]["f1"] >= floor


def test_fast_wide_gold_micro_is_at_least_the_issues_floor(scorer, tmp_path):
    """Issue 20: the fast pipeline at micro F1 ≥ 0.80 on the wide set (181 articles from 177 places)."""
    out = tmp_path / "wide"
    run_kg("build", str(SHARED_EVAL / "wide" / "articles.jsonl"), "--pipeline", "fast", "--out", str(out), "--quiet")
    assert _scores(scorer, out, [SHARED_EVAL / "wide" / "gold.jsonl"])["micro"]["f1"] >= 0.80


def test_the_cache_keeps_each_pipelines_extractions_apart(tmp_path, fast_out, seeds_out):
    out, cache = tmp_path / "out", tmp_path / "shared.sqlite"
    first = build([SEEDS], out, quiet=True, cache=cache, pipeline="fast")
    assert first.cached == 0 and first.articles > 50
    accurate = build([SEEDS], out, quiet=True, cache=cache, pipeline="accurate")
    assert accurate.cached == 0 and not accurate.unchanged  # another pipeline's extractions are not these
    assert (out / "graph.nq").read_bytes() == (seeds_out / "graph.nq").read_bytes()
    again = build([SEEDS], out, quiet=True, cache=cache, pipeline="fast")
    assert again.cached == again.articles and not again.unchanged  # kept beside the accurate ones
    assert (out / "graph.nq").read_bytes() == (fast_out / "graph.nq").read_bytes()
    assert build([SEEDS], out, quiet=True, cache=cache, pipeline="fast").unchanged


def test_kg_build_refuses_an_unknown_pipeline(tmp_path):
    result = run_kg("build", "--pipeline", "slow", "--out", str(tmp_path / "out"), check=False)
    assert result.returncode == 2 and all(word in result.stderr for word in ("'slow'", "'accurate'", "'fast'"))
