"""The co-occurrence graph of the seeds, `kg viz` and its filters, and the page in headless Chromium."""
from __future__ import annotations

import json
import re
import time
from datetime import date, timedelta

import networkx as nx
import pytest

from conftest import run_kg
from kg.cli import Group
import kg.cooccurrence
import kg.draw
from kg.cooccurrence import GROUPS, Selection, Tally, cooccurrence, group, load, save, tally, write
from kg.draw import COLORS, layout, overview, write_html
from kg.errors import KgError
from kg.model import Article, ArticleFacts, Kind, Mention
from kg.resolve import RESOURCE, Resolution

MEETING_8 = "高新区2023年第八次党政联席会议暨党工委理论学习中心组集体学习会议"


@pytest.fixture(scope="module")
def links(seeds_out) -> nx.Graph:
    return load(seeds_out)


def node(graph: nx.Graph, label: str) -> str:
    (found,) = [n for n, lab in graph.nodes(data="label") if lab == label]
    return found


def test_one_node_per_entity_with_its_titles_and_dates(links):
    lv = node(links, "吕沛")
    assert lv == RESOURCE + "person/河南省/焦作市/吕沛"
    data = links.nodes[lv]
    assert data["type"] == "Person"
    assert {"高新区(示范区)党工委书记", "高新区(示范区)党工委副书记"} <= set(data["titles"])
    assert data["mentions"] >= 20 and len(data["articles"]) >= 10
    assert "2023-06-25" <= data["first"] < data["last"]
    # aliases are one node: 高新区(示范区), 高新区 and 示范区 are names of one
    named = [{d["label"], *d["aliases"]} for _, d in links.nodes(data=True)]
    assert sum("示范区" in names for names in named) == 1
    assert any({"示范区", "高新区", "高新区(示范区)"} <= names for names in named)


def test_officials_are_closest_to_the_meetings_they_sit_in(links):
    meeting = node(links, MEETING_8)
    assert links.nodes[meeting]["type"] == "Meeting"
    weights = {links.nodes[n]["label"]: w for n, w in
               ((n, links.edges[meeting, n]["weight"]) for n in links[meeting])}
    # the chair and an attendee share a sentence with it; names elsewhere in the article only the article
    assert weights["吕沛"] >= 2 and weights["宫卫红"] >= 2
    assert min(weights.values()) == 1


def test_selection_filters(links):
    people = Selection(groups=("person", "meeting")).apply(links)
    assert {group(t) for _, t in people.nodes(data="type")} == {"person", "meeting"}

    heavy = Selection(min_weight=3).apply(links)
    assert heavy.number_of_edges() and all(w >= 3 for *_, w in heavy.edges(data="weight"))
    assert all(heavy.degree(n) for n in heavy)

    autumn = Selection(since=date(2023, 9, 1), until=date(2023, 10, 31)).apply(links)
    assert 0 < len(autumn) < len(links)
    assert all("2023-09-01" <= d["first"] <= d["last"] <= "2023-10-31" for _, d in autumn.nodes(data=True))
    lv = node(links, "吕沛")
    assert autumn.nodes[lv]["mentions"] < links.nodes[lv]["mentions"]
    assert "高新区(示范区)党工委书记" not in autumn.nodes[lv]["titles"]  # he was 副书记 by then

    top = Selection(top=10).apply(links)
    most = sorted((d["mentions"] for _, d in links.nodes(data=True)), reverse=True)
    assert len(top) == 10 and min(d["mentions"] for _, d in top.nodes(data=True)) == most[9]

    near = Selection(focus="吕沛", hops=1).apply(links)
    assert set(near) == {lv, *links[lv]}
    two = Selection(focus="吕沛", hops=2, groups=("person",)).apply(links)
    assert lv in two and all(nx.shortest_path_length(two, lv, n) <= 2 for n in two)


def test_focus_on_a_name_not_in_the_graph(links):
    with pytest.raises(KgError, match="吕佩.*did you mean 吕沛"):
        Selection(focus="吕佩").apply(links)


def test_kg_viz_writes_a_filtered_page(seeds_out, tmp_path):
    result = run_kg("viz", "--graph", str(seeds_out), "--focus", "吕沛", "--hops", "2", "-t", "person", "-t", "meeting")
    page = seeds_out / "cooccurrence-person-meeting-吕沛-2hops.html"
    assert page.exists() and str(page) in result.stderr
    out = tmp_path / "since.html"
    run_kg("viz", "--graph", str(seeds_out / "cooccurrence.json"), "--since", "2023-09-01", "--out", str(out))
    html = out.read_text(encoding="utf-8")
    assert json.dumps("吕沛") in html  # names are JSON-escaped


@pytest.mark.parametrize("args, message", [
    (["--focus", "吕佩"], "error: no entity named '吕佩' in the co-occurrence graph; did you mean 吕沛?"),
    (["--since", "2030-01-01"], "error: nothing to draw"),
])
def test_kg_viz_bad_filters_in_one_line(seeds_out, tmp_path, args, message):
    result = run_kg("viz", "--graph", str(seeds_out), "--out", str(tmp_path / "x.html"), *args, check=False)
    assert result.returncode == 1 and result.stderr.startswith(message) and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("content", [None, "not json", '{"nodes": []}'])
def test_kg_viz_without_a_cooccurrence_graph(tmp_path, content):
    graph = tmp_path / "cooccurrence.json"
    if content is not None:
        graph.write_text(content)
    result = run_kg("viz", "--graph", str(tmp_path), check=False)
    assert result.returncode == 1 and "kg build" in result.stderr and "Traceback" not in result.stderr


def test_kg_build_draws_a_big_graph_s_most_mentioned_nodes_and_heaviest_links(links, monkeypatch):
    counted = Tally(links.graph["articles"], dict(links.nodes(data=True)),
                    {(a, b): data for a, b, data in links.edges(data=True)})
    whole, title = overview(counted)
    assert nx.utils.graphs_equal(whole, links) and title == "govkg co-occurrence"
    monkeypatch.setattr(kg.draw, "PAGE_NODES", 60)
    monkeypatch.setattr(kg.draw, "PAGE_LINKS", 100)
    page, title = overview(counted)
    top = Selection(top=60).apply(links)
    assert set(page) == set(top)  # kg viz --top 60
    lightest = min(w for _, _, w in page.edges(data="weight"))
    assert page.number_of_edges() <= 100 < top.number_of_edges()
    assert {frozenset(e) for e in page.edges} == {frozenset((a, b)) for a, b, w in top.edges(data="weight")
                                                  if w >= lightest}
    assert title.startswith(f"govkg co-occurrence: the 60 most mentioned of {len(links):,} nodes, their "
                            f"{page.number_of_edges()} links of weight {lightest} or more")


def test_a_component_is_laid_out_the_same_whatever_the_order_and_from_what_a_build_kept(links):
    backwards = nx.Graph(**links.graph)
    backwards.add_nodes_from(reversed(list(links.nodes(data=True))))
    backwards.add_edges_from(reversed(list(links.edges(data=True))))
    known: dict = {}
    first = layout(links, known=known)
    assert len(known) == nx.number_connected_components(links)
    assert layout(backwards) == first == layout(links, known=dict(known))


def test_the_json_is_written_a_block_an_article_and_what_did_not_change_copied(tmp_path):
    results = synthetic(60, 300)
    first, more = tally(results[:200], Resolution()), tally(results, Resolution())
    keys = [r.article.id for r in results]
    save(more, tmp_path / "saved.json")
    placed = write(first, tmp_path / "c.json", keys[:200], {})
    copied = []
    original = kg.cooccurrence.write_pieces
    with pytest.MonkeyPatch.context() as m:
        m.setattr(kg.cooccurrence, "write_pieces", lambda path, pieces: copied.append(
            sum(not isinstance(p, bytes) for p in pieces)) or original(path, pieces))
        write(more, tmp_path / "c.json", keys, placed)  # 100 articles added
        assert copied[0] > 50
        write(more, tmp_path / "again.json", keys, {})
    assert (tmp_path / "c.json").read_bytes() == (tmp_path / "saved.json").read_bytes() == \
        (tmp_path / "again.json").read_bytes()
    assert nx.utils.graphs_equal(load(tmp_path / "c.json"), cooccurrence(results, Resolution()))


def test_kg_viz_offers_and_colours_every_group():
    assert "Usage" in run_kg("viz", "--help").stdout
    assert [g.value for g in Group] == list(GROUPS) == list(COLORS)


def test_pages_reference_nothing_on_the_network(seeds_out):
    for page in (seeds_out / "cooccurrence.html", seeds_out / "cooccurrence-person-meeting-吕沛-2hops.html"):
        html = page.read_text(encoding="utf-8")
        assert "http://" not in html and "https://" not in html, page
        assert not re.search(r"<(script|link)[^>]+(src|href)=", html)
        assert "vis.Network" in html


# ---------------------------------------------------------------- in a browser

try:
    import browser as browser_module
    missing = "" if browser_module.CHROMIUM else "no chromium on PATH (apt-get install chromium; .ci/run does)"
except ImportError:
    missing = "no websocket-client (pip install '.[test]')"
needs_chromium = pytest.mark.skipif(bool(missing), reason=missing)

DRAWN = "document.body && document.body.dataset.drawnMs"
INKED = """(() => {
  const c = document.querySelector("#graph canvas");
  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
  return n;
})()"""


def where(label_or_id) -> str:
    """JS: the point on screen of a node, by label or id."""
    return f"""(() => {{
  const key = {label_or_id!r};
  const n = govkg.nodes.get({{filter: x => x.label === key || x.id === key}})[0];
  const p = govkg.network.canvasToDOM(govkg.network.getPosition(n.id));
  return [p.x, p.y];
}})()"""


@pytest.fixture(scope="module")
def browser():
    with browser_module.Browser(width=1400, height=900) as b:
        yield b


@needs_chromium
def test_seeds_page_in_chromium_offline(browser, links, seeds_out, tmp_path):
    browser.open(seeds_out / "cooccurrence.html")
    assert browser.wait_for(DRAWN, 30), browser.errors
    assert browser.evaluate("govkg.network.body.nodeIndices.length") == len(links)
    assert browser.evaluate("govkg.network.body.edgeIndices.length") == links.number_of_edges()
    assert browser.evaluate(INKED) > 10_000
    groups = {group(t) for _, t in links.nodes(data="type")}
    assert browser.evaluate("document.querySelectorAll('#groups input').length") == len(groups)

    # the tooltip of 吕沛: his titles and the headlines behind him
    x, y = browser.evaluate(where("吕沛"))
    browser.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
    tip = browser.wait_for("(t => t && t.style.visibility === 'visible' && t.innerText)"
                           "(document.querySelector('.vis-tooltip'))", 5)
    assert tip and "高新区(示范区)党工委书记" in tip and "mentions" in tip and "· 2023-" in tip

    # the legend hides a group; the slider hides light links
    browser.evaluate("document.querySelector('#groups input').click()")
    assert browser.evaluate("govkg.network.body.nodeIndices.length") < len(links)
    browser.evaluate("(s => { s.value = 3; s.oninput(); })(document.getElementById('weight'))")
    assert browser.evaluate("govkg.network.body.edgeIndices.length") < links.number_of_edges()

    shot = tmp_path / "seeds.png"
    browser.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert browser.errors == [] and browser.requests == []


def synthetic(nodes: int, edges: int) -> list[ArticleFacts]:
    """One article for each link of a random graph, naming its two ends."""
    kinds = [Kind.PERSON, Kind.GOV, Kind.AREA, Kind.PROJECT, Kind.ORG, Kind.PLACE]
    results = []
    for i, (a, b) in enumerate(nx.gnm_random_graph(nodes, edges, seed=5).edges):
        text = f"实体{a:04d}会见实体{b:04d}。"
        art = Article(f"a{i}", "synthetic.txt", f"第{i}篇", text, date=date(2020, 1, 1) + timedelta(days=i % 1500))
        results.append(ArticleFacts(art, [Mention(text[:6], kinds[a % 6], 0, 6), Mention(text[8:14], kinds[b % 6], 8, 14)]))
    return results


@needs_chromium
def test_5000_nodes_and_50000_links_are_interactive_within_10_s(browser, tmp_path):
    big = cooccurrence(synthetic(5000, 50_000), Resolution())  # every name its own entity
    assert (len(big), big.number_of_edges()) == (5000, 50_000)
    page = tmp_path / "big.html"
    write_html(big, page)

    start = time.monotonic()
    browser.open(page)
    drawn = browser.wait_for(DRAWN, 10)
    assert drawn, f"not drawn within 10 s: {browser.errors}"
    # interactive: a click on the biggest node selects it
    biggest = browser.evaluate("govkg.nodes.max('size').id")
    x, y = browser.evaluate(where(biggest))
    browser.click(x, y)
    selected = browser.wait_for("govkg.network.getSelectedNodes().length && govkg.network.getSelectedNodes()",
                                10 - (time.monotonic() - start))
    elapsed = time.monotonic() - start
    assert selected and biggest in selected
    assert elapsed < 10, f"{elapsed:.1f} s"
    assert browser.evaluate("govkg.network.body.nodeIndices.length") == 5000
    assert browser.evaluate("govkg.network.body.edgeIndices.length") == 50_000
    assert browser.evaluate(INKED) > 10_000
    assert browser.errors == [] and browser.requests == []
