"""The co-occurrence graph of the seeds, `kg viz` and its filters, and the page in headless Chromium."""
from __future__ import annotations

import itertools
import random
import re
import time
from datetime import date

import networkx as nx
import pytest

from benchmarks.page import SHOW_ALL, synthetic
from conftest import run_kg
from kg.cli import Group
import kg.cooccurrence
import kg.draw
import kg.layout
from kg.cooccurrence import GROUPS, Selection, Tally, cooccurrence, group, load
from kg.draw import COLORS, FIRST_GROUPS, Post, boxes, career, first_view, overview, place, write_html
from kg.errors import KgError
from kg.layout import overlapping
from kg.resolve import Resolution
from kg.vocab import RESOURCE

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


def test_what_lies_beyond_the_localities(links):
    beyond = {d["label"] for _, d in links.nodes(data=True) if d["outside"]}
    # the country's leader and bodies, a province and its bodies, other cities and what is in them
    assert {"习近平", "中共中央政治局", "党中央", "国务院", "中国", "河南", "省委", "徐州", "扬州国家高新区"} <= beyond
    # the locality's own, and what only starts like a province (河南理工大学 is in 焦作)
    assert not {"吕沛", "宫卫红", "高新区", "焦作", "市委", "市政协", "河南理工大学", "中原路"} & beyond


def test_each_link_has_the_sentences_naming_both(links):
    lv, gong = node(links, "吕沛"), node(links, "宫卫红")
    shared = links.edges[lv, gong]["articles"]
    for article, count in shared.items():
        sentences = links.graph["articles"][article]["sentences"]
        both = set(links.nodes[lv]["sentences"].get(article, [])) & set(links.nodes[gong]["sentences"].get(article, []))
        assert len(both) == count
        assert all("吕沛" in sentences[k] and "宫卫红" in sentences[k] for k in both)
    assert len(shared) >= 4 and sum(shared.values()) >= 1


def test_the_first_view_is_who_works_with_whom(links):
    view = first_view(links)
    assert view.groups == FIRST_GROUPS
    shown = links.subgraph(view.nodes)
    assert {group(t) for _, t in shown.nodes(data="type")} == set(FIRST_GROUPS)
    assert not any(outside for _, outside in shown.nodes(data="outside"))
    assert {"吕沛", "宫卫红", MEETING_8} <= {d["label"] for _, d in shown.nodes(data=True)}
    links_shown = [w for *_, w in shown.edges(data="weight") if w >= view.min_weight]
    assert view.min_weight == 2 and 0 < len(links_shown) <= 5 * len(view.nodes)
    # the lightest links go, not the nodes: one with links left goes only if all its links are lighter
    candidates = links.subgraph(n for n, d in links.nodes(data=True)
                                if group(d["type"]) in FIRST_GROUPS and not d["outside"])
    assert len(view.nodes) >= 2 / 3 * sum(1 for n in candidates if candidates.degree(n)) >= 20


def test_the_first_views_weight_is_the_lightest_that_leaves_few_links_a_node_on_random_graphs():
    # as going through the links at each weight finds: loops, nodes without links, links to nodes not shown too
    rng = random.Random(5)
    for _ in range(300):
        graph, n = nx.Graph(), rng.randrange(1, 30)
        graph.add_nodes_from((k, {"type": rng.choice(["Person", "Meeting", "GovernmentOrganization"]),
                                  "outside": rng.random() < 0.1}) for k in range(n))
        graph.add_weighted_edges_from((rng.randrange(n), rng.randrange(n), rng.choice([1, 2, 3, 5, 9]))
                                      for _ in range(rng.randrange(n * n // 2 + 1)))
        view = first_view(graph)
        shown = {k for k, d in graph.nodes(data=True) if group(d["type"]) in view.groups and not d["outside"]}
        links = [(a, b, w) for a, b, w in graph.edges(data="weight") if a in shown and b in shown]
        weights = sorted({w for *_, w in links})
        expected = 1
        for weight in weights:
            left = {k for a, b, w in links if w >= weight for k in (a, b)}
            if len(left) < 2 / 3 * len({k for a, b, _ in links for k in (a, b)}):
                break
            expected = weight
            if sum(w >= weight for *_, w in links) <= 5 * len(left):
                break
        assert view.min_weight == expected
        assert view.nodes == ({k for a, b, w in links if w >= expected for k in (a, b)}
                              | {k for k in shown if not graph.adj[k]})


def test_a_career_is_the_titles_with_their_dates(links):
    assert career(links, node(links, "吕沛")) == [
        Post("高新区(示范区)党工委书记", "2023-06-25", "2023-06-26"),
        Post("市政协副主席", "2023-06-25", "2024-12-02"),
        Post("高新区(示范区)党工委副书记", "2023-09-28", "2024-12-02")]


def test_every_label_has_room(links):
    taken = boxes(links)
    for focus in (None, "吕沛"):
        graph = Selection(focus=focus).apply(links) if focus else links
        assert overlapping(place(graph), taken) == []


def test_a_crowd_round_one_node_each_gets_room():
    # a hub with hundreds of nodes linked to it alone (a meeting and all who attended): each is put on the free spot
    # nearest the hub, on a spiral out past all those put before it
    star = nx.star_graph(600)
    nx.relabel_nodes(star, str, copy=False)
    boxes = {n: kg.layout.Box(radius=6, width=12 * (1 + int(n) % 4), height=14) for n in star}
    pos = kg.layout.layout(star, {"0"}, 1, boxes)
    assert overlapping(pos, boxes) == []
    assert max(abs(x) + abs(y) for x, y in pos.values()) < 3000  # in a disc round the hub, not strewn far off


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
    assert '"吕沛"' in html


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


def test_a_component_is_laid_out_the_same_whatever_the_order_and_from_what_a_build_kept(links, monkeypatch):
    backwards = nx.Graph(**links.graph)
    backwards.add_nodes_from(reversed(list(links.nodes(data=True))))
    backwards.add_edges_from(reversed(list(links.edges(data=True))))
    known: dict = {}
    first = place(links, known=known)
    assert known and place(backwards) == first
    monkeypatch.setattr(kg.layout, "_arrange", None)  # every part laid out is taken from what was kept
    assert place(links, known=dict(known)) == first


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
    """JS: the point on the page of a node, by its (whole) label or id."""
    return f"""(() => {{
  const key = {label_or_id!r};
  const id = typeof key === "number" ? key : govkg.info.nodes.findIndex(n => n.label === key);
  const p = govkg.network.canvasToDOM(govkg.network.getPosition(id));
  const r = document.querySelector("#graph canvas").getBoundingClientRect();
  return [p.x + r.x, p.y + r.y];
}})()"""


def colour_at(label: str) -> str:
    """JS: the colour drawn at a node's centre."""
    return f"""(() => {{
  const id = govkg.info.nodes.findIndex(n => n.label === {label!r});
  const p = govkg.network.canvasToDOM(govkg.network.getPosition(id)), ratio = window.devicePixelRatio;
  return [...document.querySelector("#graph canvas").getContext("2d")
    .getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data].slice(0, 3);
}})()"""


def id_of(label: str) -> str:
    return f"govkg.info.nodes.findIndex(n => n.label === {label!r})"


SHOWN = "govkg.network.body.nodeIndices"
# the links drawn, each as its two ends, and whether every one of those is drawn too
LINKS_DRAWN = """(() => {
  const shown = new Set(govkg.network.body.nodeIndices);
  const ends = govkg.network.body.edgeIndices.map(e => govkg.edges.get(e)).map(e => [e.from, e.to]);
  return [ends.length, ends.every(([a, b]) => shown.has(a) && shown.has(b))];
})()"""
PANEL = "(p => !p.hidden && p.innerText)(document.getElementById('panel'))"


@pytest.fixture(scope="module")
def browser():
    with browser_module.Browser(width=1400, height=900) as b:
        yield b


def legible(browser) -> list:
    """The labels drawn, after checking what issue 17 asks of them: at least 11 px high on screen, and no two
    overlapping by more than a tenth of the smaller's box."""
    drawn = browser_module.labels(browser)
    assert min(label.size for label in drawn) >= 11
    worst = max(((a.overlap(b), a.text, b.text) for a, b in itertools.combinations(drawn, 2)), default=(0,))
    assert worst[0] <= 0.1, worst
    return drawn


def type_in(browser, text: str) -> list[str]:
    """Type into the search box; the suggestions offered."""
    browser.evaluate("(s => { s.value = ''; s.focus(); })(document.getElementById('search'))")
    browser.call("Input.insertText", text=text)
    return browser.evaluate("[...document.querySelectorAll('#suggestions li')].map(li => li.textContent)")


def press(browser, key: str) -> None:
    codes = {"Enter": 13}
    for kind in ("keyDown", "keyUp"):
        browser.call("Input.dispatchKeyEvent", type=kind, key=key, code=key, windowsVirtualKeyCode=codes[key])


@needs_chromium
def test_the_seeds_page_opens_legible_on_who_works_with_whom(browser, links, seeds_out):
    start = time.monotonic()
    browser.open(seeds_out / "cooccurrence.html")
    drawn = browser.wait_for(DRAWN, 30)
    assert drawn, browser.errors
    assert int(drawn) < 2000 and time.monotonic() - start < 2, f"first drawn after {drawn} ms"
    view = first_view(links)
    assert set(browser.evaluate(f"{SHOWN}.map(i => govkg.info.nodes[i].iri)")) == view.nodes
    first_links = sum(w >= view.min_weight for *_, w in links.subgraph(view.nodes).edges(data="weight"))
    assert browser.evaluate(LINKS_DRAWN) == [first_links, True]
    assert len(legible(browser)) >= 20
    # the weight shown, and why, said on the page
    side = browser.evaluate("document.getElementById('side').innerText")
    assert f"links of weight ≥ {view.min_weight}" in side and f"{view.min_weight} at first" in side
    assert browser.evaluate(INKED) > 10_000
    assert browser.errors == [] and browser.requests == []


@needs_chromium
def test_search_a_name_or_alias_centres_and_selects_it(browser, links, seeds_out):
    browser.open(seeds_out / "cooccurrence.html")
    assert browser.wait_for(DRAWN, 30)
    assert type_in(browser, "宫卫")[0].startswith("宫卫红")
    press(browser, "Enter")
    assert browser.evaluate("govkg.network.getSelectedNodes()") == [browser.evaluate(id_of("宫卫红"))]
    assert browser.wait_for(PANEL, 5).startswith("宫卫红")
    # centred in what the panel leaves of the graph
    x, y = browser.evaluate(where("宫卫红"))
    free = browser.evaluate("(g => [g.getBoundingClientRect().x, g.clientWidth - document.getElementById('panel')"
                            ".offsetWidth, g.clientHeight])(document.getElementById('graph'))")
    assert abs(x - free[0] - free[1] / 2) < 2 and abs(y - free[2] / 2) < 2

    # by an alias, a node the first view hides (a place): shown, selected
    assert type_in(browser, "示范区")[0] == "高新区 (示范区) place"  # the alias written in full comes first
    hidden = browser.evaluate(id_of("高新区"))
    assert hidden not in browser.evaluate(SHOWN)
    press(browser, "Enter")
    assert hidden in browser.evaluate(SHOWN)
    assert browser.evaluate("govkg.network.getSelectedNodes()") == [hidden]
    assert browser.errors == [] and browser.requests == []


@needs_chromium
def test_a_click_opens_the_career_events_and_evidence_and_dims_the_rest(browser, links, seeds_out):
    browser.open(seeds_out / "cooccurrence.html")
    assert browser.wait_for(DRAWN, 30)
    view = first_view(links)
    lv = node(links, "吕沛")
    shown = links.subgraph(view.nodes)
    near = {n for n in shown[lv] if shown.edges[lv, n]["weight"] >= view.min_weight}
    far = next(links.nodes[n]["label"] for n in sorted(view.nodes - near - {lv}))
    before = browser.evaluate(colour_at(far))
    browser.click(*browser.evaluate(where("吕沛")))
    panel = browser.wait_for(PANEL, 5)
    assert panel and panel.startswith("吕沛")
    for post in career(links, lv):  # the career, with dates
        assert f"{post.title}\t{post.first} – {post.last}" in panel
    assert "Events" in panel and MEETING_8 in panel and "Links (" in panel
    # everything but its neighbours under a veil: a node far from it pales, a neighbour keeps its colour
    after = browser.evaluate(colour_at(far))
    assert min(after) > 190 and min(after) > min(before) + 60, (before, after)
    assert browser.evaluate(colour_at("宫卫红")) == [int(COLORS["person"][i:i + 2], 16) for i in (1, 3, 5)]
    # the sentences behind a link, its two names marked
    browser.evaluate("[...document.querySelectorAll('#panel details')].find(d => d.querySelector('a')"
                     ".textContent === '宫卫红').open = true")
    evidence = browser.wait_for("[...document.querySelectorAll('#panel details[open] blockquote')]"
                                ".map(q => [q.textContent, [...q.querySelectorAll('mark')].map(m => m.textContent)])", 5)
    assert any({"吕沛", "宫卫红"} <= set(marks) for _, marks in evidence), evidence
    # a click on nothing closes it
    browser.click(300, 880)
    assert browser.wait_for("document.getElementById('panel').hidden", 5)
    assert browser.errors == [] and browser.requests == []


@needs_chromium
def test_groups_beyond_weight_dates_and_communities_on_the_page(browser, links, seeds_out):
    browser.open(seeds_out / "cooccurrence.html")
    assert browser.wait_for(DRAWN, 30)
    first = len(browser.evaluate(SHOWN))
    browser.evaluate("document.querySelector('#groups input:not(:checked)').click()")  # organizations
    assert len(browser.evaluate(SHOWN)) > first
    xi = browser.evaluate(id_of("习近平"))
    assert xi not in browser.evaluate(SHOWN)
    browser.evaluate("document.getElementById('outside').click()")
    assert xi in browser.evaluate(SHOWN)
    links_before, ends_shown = browser.evaluate(LINKS_DRAWN)
    browser.evaluate("(s => { s.value = 1; s.oninput(); })(document.getElementById('weight'))")
    assert ends_shown and browser.evaluate(LINKS_DRAWN)[0] > links_before
    browser.evaluate("document.querySelector('#groups input:checked').click()")  # no people: nor their links
    assert browser.evaluate(LINKS_DRAWN)[1]
    said = browser.evaluate("document.getElementById('status').textContent")
    assert f"and {browser.evaluate(LINKS_DRAWN)[0]:,} of" in said

    # the weights of the articles in a date range, as kg viz --since counts them
    browser.evaluate("(i => { i.value = '2023-09-01'; i.onchange(); })(document.getElementById('since'))")
    autumn = Selection(since=date(2023, 9, 1)).apply(links)
    pairs = browser.evaluate("govkg.info.links.map((_, e) => [govkg.edges.get(e).from, govkg.edges.get(e).to, "
                             "govkg.weightNow[e]])")
    labels = browser.evaluate("govkg.info.nodes.map(n => n.iri)")
    weights = {frozenset((labels[a], labels[b])): w for a, b, w in pairs if w}
    assert weights == {frozenset((a, b)): w for a, b, w in autumn.edges(data="weight")}

    # colour by community: one colour a Louvain community
    browser.evaluate("(s => { s.value = 'community'; s.onchange(); })(document.getElementById('colour'))")
    colours = browser.evaluate("govkg.nodes.get().map(n => n.group)")
    communities = nx.community.louvain_communities(links, weight="weight", seed=7)
    same = {frozenset(colours[labels.index(n)] for n in members) for members in communities if len(members) > 20}
    assert all(len(c) == 1 for c in same) and len(same) >= 2
    assert browser.errors == [] and browser.requests == []


@needs_chromium
def test_a_focused_page_opens_on_its_entity(browser, links, seeds_out):
    run_kg("viz", "--graph", str(seeds_out), "--focus", "吕沛", "--out", str(seeds_out / "focus.html"))
    browser.open(seeds_out / "focus.html")
    assert browser.wait_for(DRAWN, 30)
    assert browser.evaluate("govkg.network.getSelectedNodes()") == [browser.evaluate(id_of("吕沛"))]
    assert browser.wait_for(PANEL, 5).startswith("吕沛")
    drawn = legible(browser)
    assert len(drawn) >= 20
    panel_left = browser.evaluate("document.getElementById('panel').getBoundingClientRect().x")
    assert all(label.box[2] < panel_left for label in drawn)  # none under the panel
    assert browser.errors == [] and browser.requests == []


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
    # everything shown: every group, what lies beyond, every weight
    browser.evaluate(SHOW_ALL)
    # interactive: a click on the biggest node not under another selects it
    biggest = browser.evaluate("""govkg.nodes.get().sort((a, b) => b.size - a.size).map(n => n.id).find(id => {
      const p = govkg.network.canvasToDOM(govkg.network.getPosition(id));
      return govkg.network.getNodeAt(p) === id;
    })""")
    browser.click(*browser.evaluate(where(biggest)))
    selected = browser.wait_for("govkg.network.getSelectedNodes().length && govkg.network.getSelectedNodes()",
                                10 - (time.monotonic() - start))
    elapsed = time.monotonic() - start
    assert selected == [biggest]
    assert elapsed < 10, f"{elapsed:.1f} s"
    assert len(browser.evaluate(SHOWN)) == 5000
    assert len(browser.evaluate("govkg.network.body.edgeIndices")) == 50_000
    assert browser.evaluate(INKED) > 10_000
    assert browser.errors == [] and browser.requests == []
