"""The Python API (kg.api): each method gives what the commands and files give, typed for pandas."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from datetime import date

import networkx as nx
import pandas as pd
import pytest
from rdflib import RDF, Dataset

import kg
from kg.cooccurrence import Selection, load
from kg.draw import to_html
from kg.errors import KgError
from kg.graph import FactRow
from kg.graph import to_networkx
from kg.query import load_store, run_query

BUSY = """SELECT ?name (COUNT(DISTINCT ?m) AS ?n) (MIN(?d) AS ?first) WHERE {
  ?p kg:chaired|kg:attended ?m ; rdfs:label ?name . ?m schema:startDate ?d } GROUP BY ?name ORDER BY DESC(?n) ?name"""


@pytest.fixture(scope="module")
def g(seeds_out) -> kg.KnowledgeGraph:
    return kg.load_graph(seeds_out)


def test_import_kg_stays_light():
    """`import kg` runs for every `kg` command: the API must not pull in pandas, spaCy or Oxigraph with it."""
    heavy = ["pandas", "spacy", "pyoxigraph", "rdflib", "networkx", "matplotlib", "IPython"]
    code = f"import sys, kg; kg.load_graph; print([m for m in {heavy!r} if m in sys.modules])"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


def test_load_graph(g, seeds_out):
    assert g.out == seeds_out.resolve() and g.report is None
    assert kg.load_graph(str(seeds_out)) == g


def test_load_graph_names_what_is_missing(seeds_out, tmp_path):
    shutil.copytree(seeds_out, tmp_path / "old")
    (tmp_path / "old" / "cooccurrence.json").unlink()  # as an older govkg left it
    with pytest.raises(KgError, match=r"old is not a complete build \(no cooccurrence.json\): run `kg build --out"):
        kg.load_graph(tmp_path / "old")
    with pytest.raises(KgError, match="no graph.trig, graph.graphml, facts.parquet, cooccurrence.json"):
        kg.load_graph(tmp_path / "nothing")


def test_sparql_is_kg_query_typed(g, seeds_out):
    frame = g.sparql(BUSY)
    assert list(frame.columns) == ["name", "n", "first"]
    assert frame.n.dtype == "int64" and isinstance(frame["first"][0], date)
    # the same rows as `kg query`, whose cells are the literals' lexical forms
    table = run_query(load_store(seeds_out), BUSY)
    assert [[str(v) for v in row] for row in frame.itertuples(index=False)] == table.rows


def test_sparql_ask_construct_and_errors(g):
    assert g.sparql("ASK { ?p kg:chaired ?m }").to_dict("list") == {"answer": [True]}
    triples = g.sparql('CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p rdfs:label ?n FILTER(?n = "吕沛"@zh) }')
    assert triples.to_dict("records") == [{"subject": "https://w3id.org/govkg/resource/person/河南省/焦作市/吕沛",
                                           "predicate": "http://www.w3.org/2000/01/rdf-schema#label", "object": "吕沛"}]
    assert g.sparql("SELECT ?x WHERE { ?x kg:noSuchProperty ?y }").empty
    with pytest.raises(KgError, match="SPARQL error"):
        g.sparql("SELECT WHERE {")


def test_titles_over_time(g):
    """吕沛: 党工委书记 in June 2023, 党工委副书记 from September 2023 (the quickstart plots this)."""
    titles = g.sparql('SELECT ?title ?date WHERE { ?m org:member/rdfs:label "吕沛"@zh ; rdfs:label ?title ; '
                      'kg:observedOn ?date }')
    seen = titles.groupby("title").date.agg(["min", "max"])
    assert seen.loc["高新区(示范区)党工委书记", "max"] < date(2023, 7, 1)
    assert date(2023, 9, 1) <= seen.loc["高新区(示范区)党工委副书记", "min"] < date(2023, 10, 1)


def test_facts(g, seeds_out):
    facts = g.facts()
    assert list(facts.columns) == list(FactRow.__dataclass_fields__)
    assert len(facts) == len(pd.read_csv(seeds_out / "facts.csv")) > 0
    assert facts.start.dtype == "int32" and facts.implied.dtype == bool
    assert isinstance(facts.query("relation == 'chaired'").date.iloc[0], date)


def test_to_networkx_is_the_rdf_graph(g, seeds_out):
    ds = Dataset(default_union=True)
    ds.parse(seeds_out / "graph.trig", format="trig")
    expected, got = to_networkx(ds), g.to_networkx()
    assert isinstance(got, nx.MultiDiGraph)
    assert dict(got.nodes(data="label")) == dict(expected.nodes(data="label"))
    assert sorted(got.edges(keys=True, data=True)) == sorted(expected.edges(keys=True, data=True))
    # a node's `type` is one of its classes (which one kg.graph.to_networkx picks of a Place that is also an
    # AdministrativeArea depends on the order rdflib gives the triples in: the build's is in graph.graphml)
    classes = {}
    for s, cls in ds.subject_objects(RDF.type):
        classes.setdefault(str(s), set()).add(re.split(r"[/#]", str(cls))[-1])
    assert all(kind in classes.get(node, {""}) for node, kind in got.nodes(data="type"))


def test_cooccurrence_filters_as_kg_viz(g, seeds_out):
    whole = g.cooccurrence()
    assert nx.utils.graphs_equal(whole, load(seeds_out))
    got = g.cooccurrence(types="person", min_weight=2, since="2023-06-01", until=date(2023, 10, 31))
    want = Selection(groups=("person",), min_weight=2, since=date(2023, 6, 1), until=date(2023, 10, 31)).apply(whole)
    assert nx.utils.graphs_equal(got, want) and 0 < len(got) < len(whole)
    near = g.cooccurrence(focus="吕沛", hops=1, top=5)
    assert len(near) == 5 and "吕沛" in dict(near.nodes(data="label")).values()


@pytest.mark.parametrize("filters, message", [
    ({"types": ["person", "people"]}, "no node group 'people': the groups are person, organization, place"),
    ({"since": "2023-6-1"}, "bad date '2023-6-1', expected YYYY-MM-DD"),
    ({"focus": "吕佩"}, "no entity named '吕佩' in the co-occurrence graph; did you mean 吕沛"),
])
def test_cooccurrence_errors(g, filters, message):
    with pytest.raises(KgError, match=re.escape(message)):
        g.cooccurrence(**filters)


def test_show_is_kg_viz_page_inline(g):
    shown = g.show(title="吕沛", focus="吕沛", types=["person", "meeting"], height=420)
    srcdoc = re.fullmatch(r'<div><iframe srcdoc="([^"]*)" style="width: 100%; height: 420px; border: none">'
                          r'</iframe></div>', shown.data).group(1)
    assert html.unescape(srcdoc) == to_html(g.cooccurrence(focus="吕沛", types=["person", "meeting"]), "吕沛", focus="吕沛")
    assert "http://" not in shown.data and "https://" not in shown.data  # offline, as the page itself
    assert shown._repr_html_() == shown.data  # what Jupyter shows


def test_show_errors(g, monkeypatch):
    with pytest.raises(KgError, match="nothing to draw"):
        g.show(since="2030-01-01")
    with pytest.raises(TypeError):
        g.show(type="person")  # a misspelt filter is no filter
    monkeypatch.setitem(sys.modules, "IPython.display", None)  # as if IPython were not installed
    with pytest.raises(KgError, match="needs IPython"):
        g.show()


def test_build_graph(tmp_path):
    news = tmp_path / "news.jsonl"
    record = {"id": "t1", "date": "2023-06-25", "source": "测试日报", "title": "区委常委会召开",
              "text": "本报讯 6月25日下午，区委书记张三主持召开区委常委会会议。区长李四出席。"}
    news.write_text(json.dumps(record, ensure_ascii=False) + "\n{broken\n", encoding="utf-8")
    built = kg.build_graph([str(news)], out=tmp_path / "out")
    assert built.out == (tmp_path / "out").resolve()
    assert (built.report.articles, [p.line for p in built.report.problems]) == (1, [2])
    assert kg.load_graph(tmp_path / "out") == built
    assert built.sparql("SELECT ?name WHERE { ?p kg:chaired ?m ; rdfs:label ?name }").name.tolist() == ["张三"]
    # one fact a pair: GraphML gives a DiGraph then, the API still a MultiDiGraph
    assert isinstance(built.to_networkx(), nx.MultiDiGraph)
    with pytest.raises(KgError, match="nothing could be built"):
        kg.build_graph([tmp_path / "no-such.jsonl"], out=tmp_path / "nothing")


def test_build_graph_defaults_to_the_seeds(monkeypatch, tmp_path):
    import kg.pipeline

    calls = []
    monkeypatch.setattr(kg.pipeline, "build", lambda inputs, out, **options: calls.append((inputs, out, options)))
    built = kg.build_graph(out=tmp_path)
    assert calls == [([kg.pipeline.SEEDS], tmp_path.resolve(), {"year": None, "quiet": True, "jobs": 0,
                                                                "pipeline": "accurate"})]
    assert built.out == tmp_path.resolve()


def test_use_cjk_font(monkeypatch):
    import matplotlib as mpl
    from matplotlib import font_manager

    with mpl.rc_context():
        font = kg.use_cjk_font()
        if font:  # installed here: it comes first, once, however often it is asked for
            again = kg.use_cjk_font()  # (matplotlib told of it already, if the first call had to)
            assert (again.name, again.file, again.added) == (font.name, font.file, False)
            assert str(font).startswith(f"matplotlib draws Chinese with {font.name}")
            assert mpl.rcParams["font.sans-serif"].count(font.name) == 1
            assert mpl.rcParams["font.sans-serif"][0] == font.name
    with mpl.rc_context():  # as in CI without fonts
        before = list(mpl.rcParams["font.sans-serif"])
        monkeypatch.setattr(font_manager.fontManager, "ttflist",
                            [f for f in font_manager.fontManager.ttflist if f.name not in kg.api.CJK_FONTS])
        monkeypatch.setattr(font_manager, "findSystemFonts", lambda: [])
        font = kg.use_cjk_font()
        assert not font and mpl.rcParams["font.sans-serif"] == before
        assert str(font).startswith("no CJK font installed: Chinese labels will show as boxes")


DRAW_CHINESE = """
import warnings
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import kg
font = kg.use_cjk_font()
print(font.name, font.added, font, sep="\\n")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    fig, ax = plt.subplots()
    ax.set_title("吕沛的职务")
    fig.savefig(__import__("io").BytesIO())
print([str(w.message) for w in caught])
"""


def test_use_cjk_font_finds_a_font_installed_after_matplotlib_listed_its_fonts(fonts_before_cjk):
    env, installed = fonts_before_cjk
    if not installed:
        pytest.skip("no CJK font installed (Debian: apt-get install fonts-wqy-microhei; .ci/run does)")
    ran = subprocess.run([sys.executable, "-c", DRAW_CHINESE], env=env, check=True, capture_output=True, text=True)
    name, added, said, warned = ran.stdout.splitlines()
    assert name in kg.api.CJK_FONTS and added == "True"
    assert said.startswith(f"matplotlib draws Chinese with {name}") and "added to its fonts" in said
    assert warned == "[]"  # no "Glyph … missing from font(s) DejaVu Sans": the title is drawn in Chinese
