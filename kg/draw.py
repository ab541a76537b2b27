"""Stage 7d, draw: a co-occurrence graph as one pyvis page that opens offline.

The page first shows who works with whom (:func:`first_view`): officials and
meetings, not the country's, a province's or another city's (one switch shows
them), linked by links heavy enough that each node keeps a few; the page says
which weight that is.  The other groups are a click away in the legend, a
slider sets the weight, two dates the articles counted.  Labels grow with
their dots from a readable floor, and a label too small on screen is not drawn
(the big nodes' are, the others as one zooms in); the layout
(:mod:`kg.layout`) leaves every label room.  A search box finds a name or an
alias; a click dims all but a node's neighbours and opens a panel with its
career, its events and the headlines and sentences behind each of its links.
The nodes can be coloured by group or by Louvain community.

Positions are computed here and physics is off, so even 5,000 nodes and
50,000 links draw at once instead of settling for minutes.  vis-network (from
the pyvis package) is written into the page, and no ``http://`` or
``https://`` is left in it, not even in a licence comment.

>>> import networkx as nx
>>> g = nx.Graph(articles={"a1": {"headline": "高新区召开会议", "date": "2023-06-25",
...                               "sentences": ["吕沛、宫卫红出席。"]}})
>>> for iri, label in [("p/吕沛", "吕沛"), ("p/宫卫红", "宫卫红")]:
...     g.add_node(iri, label=label, type="Person", aliases=[], titles={}, articles={"a1": 1}, sentences={"a1": [0]},
...                mentions=1, first="2023-06-25", last="2023-06-25", outside=False)
>>> g.add_edge("p/吕沛", "p/宫卫红", articles={"a1": 1}, weight=2)
>>> html = to_html(g)
>>> '"宫卫红"' in html, "http://" in html or "https://" in html
(True, False)
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import count, filterfalse, repeat
from json.encoder import encode_basestring
from operator import itemgetter
from pathlib import Path

import networkx as nx
from jinja2 import ChoiceLoader, Environment, PackageLoader, Template
from jinja2.utils import htmlsafe_json_dumps

from . import louvain
from .cooccurrence import GROUPS, Selection, Tally, group
from .layout import Box, layout
from .outdir import write_atomic

__all__ = ["COLORS", "PALETTE", "FIRST_GROUPS", "PAGE_NODES", "PAGE_LINKS", "View", "first_view", "Post", "career",
           "label_lines", "boxes", "place", "to_html", "overview", "write_html"]

COLORS = {
    "person": "#e15759",
    "organization": "#4e79a7",
    "place": "#59a14f",
    "project": "#f28e2b",
    "meeting": "#b07aa1",
    "event": "#9c755f",
}
# the largest communities' colours; the others are grey
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
           "#393b79")
_OTHER = "#b0b0b0"
FIRST_GROUPS = ("person", "meeting")  # what the page shows first: who works with whom, at which meetings
# What kg build draws at most: a browser draws such a page and answers a click within seconds (tests/test_viz.py);
# far more (a 10,000-article corpus names 40,000 things in 650,000 links) makes a page of hundreds of MB
PAGE_NODES = 5000
PAGE_LINKS = 50_000
_LINKS_A_NODE = 5  # links the first view keeps at most, on average a node: more and it is a hairball
_FONT = 14  # pixels a label's letters are high, at least, at a zoom of 1
_DRAWN = 12  # pixels a label must be high on screen to be drawn (vis-network fades it out from 12 to 11)
_LINE = 9  # ems on a label's line (a Chinese character is one); two lines at most
_WIDE = "\u2e80"  # the first character an em wide (CJK's radicals on): those before it are about half
_FACE = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"


@dataclass(frozen=True)
class View:
    """What a page shows first: the nodes of ``groups`` that are not outside the corpus's localities, their
    links of at least ``min_weight``, and of those nodes the ones left with a link (or that never had one):
    ``nodes``."""

    groups: tuple[str, ...]
    min_weight: int
    nodes: frozenset[str]


def first_view(graph: nx.Graph) -> View:
    """The page's first view: :data:`FIRST_GROUPS` (all groups when it has none of them), and the lightest
    weight that leaves no more than :data:`_LINKS_A_NODE` links a node shown, as long as two thirds of the
    nodes with links stay; if none does, the heaviest that keeps them."""
    types = {t for _, t in graph.nodes(data="type")}  # a few: each one's group looked up once, not a node's
    present = set(map(group, types))
    groups = tuple(g for g in FIRST_GROUPS if g in present) or tuple(g for g in GROUPS if g in present)
    types_shown = {t for t in types if group(t) in groups}
    candidates = {n for n, d in graph.nodes(data=True) if d["type"] in types_shown and not d["outside"]}
    # a weight leaves the nodes whose heaviest link is as heavy: each node's heaviest, and the count of links and
    # of nodes' heaviest at each weight (a few dozen), tell what each weight leaves without going through the links
    # again; a node's links read at C level, its row of the adjacency met with the candidates
    heaviest, alone = {}, set()  # candidate linked -> the weight of its heaviest link shown; those with no link
    ends = []  # the weight of each link at both its ends (a loop's twice at its one)
    for node, row in graph.adjacency():  # rows as dicts (graph.adj's views meet sets in Python)
        if node not in candidates:
            continue
        if shown := row.keys() & candidates:
            weights = list(map(itemgetter("weight"), map(row.__getitem__, shown)))
            heaviest[node] = max(weights)
            ends += weights
            if node in shown:
                ends.append(row[node]["weight"])
        elif not row:
            alone.add(node)
    ends, heaviest_of = Counter(ends), Counter(heaviest.values())
    chosen = None
    for weight in sorted(ends):
        nodes = sum(n for w, n in heaviest_of.items() if w >= weight)
        if nodes < 2 / 3 * len(heaviest):
            break
        chosen = weight
        if sum(n for w, n in ends.items() if w >= weight) <= 2 * _LINKS_A_NODE * nodes:
            break
    weight = 1 if chosen is None else chosen
    return View(groups, weight, frozenset(n for n, w in heaviest.items() if w >= weight) | alone)


@dataclass(frozen=True)
class Post:
    """A title a person is seen with, and the first and last dates of the articles that say so."""

    title: str
    first: str | None
    last: str | None


def career(graph: nx.Graph, node: str) -> list[Post]:
    """A node's titles, earliest first: the page's one source of careers (from the titles the co-occurrence
    graph keeps of the memberships, dated by their articles)."""
    dates = graph.graph["articles"]
    posts = []
    for title, aids in graph.nodes[node]["titles"].items():
        seen = sorted(d for a in aids if (d := dates[a]["date"]))
        posts.append(Post(title, seen[0] if seen else None, seen[-1] if seen else None))
    return sorted(posts, key=lambda p: (p.first or "9999", p.last or "9999", p.title))


@lru_cache(maxsize=1 << 16)  # a page reads each label's lines twice: for its box, and to write it
def label_lines(label: str) -> tuple[str, ...]:
    """A label as drawn: lines of :data:`_LINE` ems, two at most, the second ending in … if cut.

    >>> label_lines("吕沛"), label_lines("高新区2023年第八次党政联席会议暨党工委理论学习中心组集体学习会议")
    (('吕沛',), ('高新区2023年第八', '次党政联席会议暨…'))
    """
    if _all_wide(label):  # most labels, Chinese alone: _LINE characters a line, cut at C level
        if len(label) <= 2 * _LINE:
            return (label,) if len(label) <= _LINE else (label[:_LINE], label[_LINE:])
        return label[:_LINE], label[_LINE:2 * _LINE - 1] + "…"
    lines, line, width = [], "", 0  # width: _em(line), added up as it grows
    for c in label:
        em = _char_em(c)
        if width + em > _LINE:
            if len(lines) == 1:
                return lines[0], line[:-1] + "…"
            lines.append(line)
            line, width = "", 0
        line += c
        width += em
    return *lines, line


def boxes(graph: nx.Graph) -> dict[str, Box]:
    """What each node takes on the page: its dot, and its label under it."""
    return {node: _box(data) for node, data in graph.nodes(data=True)}


def place(graph: nx.Graph, pinned: Iterable[str] = (), known: dict[str, dict] | None = None,
          view: View | None = None) -> dict[str, tuple[float, float]]:
    """Where the page puts each node (:func:`kg.layout.layout`): its first view (``view``, if the caller has it
    already), and the ``pinned`` nodes, laid out first; ``known`` as :func:`kg.layout.layout` takes it."""
    view = view or first_view(graph)
    return layout(graph, set(view.nodes) | set(pinned), view.min_weight, boxes(graph), known=known)


def to_html(graph: nx.Graph, title: str = "govkg co-occurrence", known: dict[str, dict] | None = None,
            focus: str | None = None) -> str:
    """The page of a co-occurrence graph (:mod:`kg.cooccurrence`), as a string; ``known`` as
    :func:`kg.layout.layout` takes it. ``focus`` (a name, alias or IRI) is shown whatever the filters, and the
    page opens with it selected."""
    pinned = Selection(focus=focus).centres(graph) if focus else []
    view = first_view(graph)
    positions = place(graph, pinned, known, view)
    nodes, edges, info, options = _page(graph, view, positions, pinned)
    # rendered directly: pyvis's Network would only pass the data on (and options as json.dumps writes them)
    return _offline(_template().render(heading=title, nodes=nodes, edges=edges, info=info, options=options))


def overview(counted: Tally) -> tuple[nx.Graph, str]:
    """What ``kg build`` draws of a co-occurrence graph, and the page's title: all of it, or, past
    :data:`PAGE_NODES` nodes, the most mentioned (``kg viz --top``), and past :data:`PAGE_LINKS` links between
    them, the heaviest (all links of a weight, or none)."""
    title = "govkg co-occurrence"
    if len(counted.nodes) <= PAGE_NODES and len(counted.edges) <= PAGE_LINKS:
        return counted.graph(), title
    if len(counted.nodes) <= PAGE_NODES:  # all of them, with too many links
        top, links = None, counted.edges.values()
    else:
        top = sorted(counted.nodes, key=lambda n: (-counted.nodes[n]["mentions"], counted.nodes[n]["label"])
                     )[:PAGE_NODES]
        kept = set(top)
        links = [link for (a, b), link in counted.edges.items() if a in kept and b in kept]
    # the lightest link drawn found in the counts (of a few weights, tens of thousands of links): the weight of
    # the first link past PAGE_LINKS, heaviest first, and 1 more. NetworkX's graph is made of the links drawn alone
    weights = Counter(map(itemgetter("weight"), links))
    lightest = 1
    heavier = 0  # links as heavy as the weight, or heavier
    for weight in sorted(weights, reverse=True):
        heavier += weights[weight]
        if heavier > PAGE_LINKS:
            lightest = weight + 1
            break
    graph = counted.graph(top, lightest)
    return graph, (f"{title}: the {len(graph):,} most mentioned of {len(counted.nodes):,} nodes, their "
                   f"{graph.number_of_edges():,} links of weight {lightest} or more (kg viz draws any part)")


def write_html(graph: nx.Graph, path: Path, title: str = "govkg co-occurrence", known: dict[str, dict] | None = None,
               focus: str | None = None) -> None:
    """Write the page of ``graph`` to ``path``, atomically; ``known`` and ``focus`` as :func:`to_html` takes them."""
    html = to_html(graph, title, known, focus)
    write_atomic(path, lambda tmp: tmp.write_text(html, encoding="utf-8"))


def _em(text: str) -> float:
    """A text's width in ems: a Chinese character is one, a Latin letter or digit about half."""
    if _all_wide(text):  # (what adding up its 1.0s makes, exactly)
        return float(len(text))
    return sum(map(_char_em, text))


def _char_em(c: str) -> float:
    return 0.55 if c < _WIDE else 1.0


def _all_wide(text: str) -> bool:
    """Whether ``text`` has characters, each an em wide: found at C level, not a call a character."""
    return bool(text) and min(text) >= _WIDE


@lru_cache  # a few hundred counts, for thousands of nodes, each read twice (its box, its dot)
def _radius(mentions: int) -> float:
    """A dot's radius in pixels: its area grows with the mentions."""
    return round(5 + 3 * math.sqrt(mentions), 1)


@lru_cache  # a few weights, for thousands of links
def _width(weight: int) -> str:
    """A link's width in pixels, as JSON (as json writes a float): with the log of its weight, up to 6."""
    return repr(round(min(0.5 + math.log2(weight), 6), 2))


@lru_cache
def _font(radius: float) -> int:
    """A label's size: with its dot's, from :data:`_FONT` up."""
    return max(_FONT, round(0.8 * radius))


def _box(data: dict) -> Box:
    radius = _radius(data["mentions"])
    lines = label_lines(data["label"])
    size = _font(radius)
    return Box(radius, max(map(_em, lines)) * size, len(lines) * size * 1.15)


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _dates(first: str | None, last: str | None) -> str:
    return "" if not first else f", {first}" if first == last else f", {first} – {last}"


def _options(edges: int) -> dict:
    groups = {name: color for name, color in COLORS.items()}
    groups.update({f"c{i}": color for i, color in enumerate(PALETTE)})
    groups["c"] = _OTHER
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},  # positions are given; its clustering is slow on big graphs
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": edges > 5000,
                        "hideEdgesOnZoom": edges > 5000},
        "nodes": {"shape": "dot", "borderWidth": 1,
                  "font": {"face": _FACE, "color": "#222222", "strokeWidth": 4, "strokeColor": "#ffffff"},
                  "scaling": {"label": {"drawThreshold": _DRAWN, "maxVisible": 40}}},
        "edges": {"smooth": False, "selectionWidth": 1,
                  "color": {"color": "#b4b4b4", "highlight": "#555555", "hover": "#555555", "opacity": 0.55}},
        "groups": {g: {"color": {"background": c, "border": c, "highlight": {"background": c, "border": "#222222"},
                                 "hover": {"background": c, "border": "#222222"}}} for g, c in groups.items()},
    }


def _communities(graph: nx.Graph) -> list[list[str]]:
    """Louvain communities on the weighted links, largest first (seeded: the same each time)."""
    found = louvain.communities(graph, seed=7)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def _evidence(graph: nx.Graph) -> tuple[list[str], dict[str, dict[int, int]]]:
    """The articles behind a graph, oldest first, and of each its sentences that two of the graph's nodes
    share (the only ones a link can point to), under their places in its ``sentences``, numbered anew."""
    articles = graph.graph["articles"]
    used = sorted({a for _, named in graph.nodes(data="articles") for a in named},
                  key=lambda a: (articles[a]["date"] or "", a))
    nodes = Counter((a, k) for _, evidence in graph.nodes(data="sentences") for a, ks in evidence.items() for k in ks)
    shared = {a: [] for a in used}
    for (a, k), n in sorted(nodes.items()):
        if n > 1:
            shared[a].append(k)
    return used, {a: {k: i for i, k in enumerate(ks)} for a, ks in shared.items()}


# a node and a link as vis-network reads them, as tojson would write their dicts (json writes a float as repr
# does); a node's group is a name of :data:`GROUPS`, nothing to escape
_NODE = '{"id":%d,"label":%s,"group":"%s","x":%r,"y":%r,"size":%r,"font":{"size":%d},"title":%s}'
_EDGE = '{"id":%d,"from":%d,"to":%d,"width":%s}'
# what the panel reads of a node, as tojson would write its dict (its kind: a name of GROUPS, nothing to escape),
# and of its sentences in an article (by the article's number)
_ABOUT = ('{"label":%s,"type":%s,"kind":"%s","iri":%s,"aliases":%s,"outside":%s,"community":%d,"mentions":%d,'
          '"first":%s,"last":%s,"career":%s,"articles":[%s],"sentences":{%s}}')
_SENTENCES = '"%d":[%s]'
_LITERAL = {None: "null", True: "true", False: "false"}
# the page's data as written (UTF-8), not \u-escaped: half the size. A tree of lists, dicts and names: the encoder
# need not keep every list and dict it is in to find a cycle
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


class _Json(str):
    """A value of the page's data already written as JSON (:func:`_data_json` writes it as it is)."""


def _data_json(data: dict, **_) -> str:
    """The page's data (a dict) as JSON (:data:`_dumps`, in its order: tojson's own keywords left), its values
    already written as such (:class:`_Json`: the panel's thousands of nodes, made by one format each, not dicts
    made for the encoder to go through item by item) as they are."""
    return "{" + ",".join(f"{_dumps(key)}:{value if isinstance(value, _Json) else _dumps(value)}"
                          for key, value in data.items()) + "}"


def _page(graph: nx.Graph, view: View, positions: dict, pinned: list[str]) -> tuple[str, str, dict, str]:
    """What the page's script reads: vis-network's nodes and links, as JSON made by one format each (thousands of
    dicts made to be encoded took a good part of the page's time; ``positions``: Python's floats, which % writes
    as json does), everything its panel shows (its nodes' as JSON made so too), and vis-network's options
    (JSON)."""
    ids = {node: i for i, node in enumerate(graph)}
    articles = graph.graph["articles"]
    used, kept = _evidence(graph)
    index = {a: i for i, a in enumerate(used)}
    communities = _communities(graph)
    community = {n: i for i, members in enumerate(communities) for n in members}
    nodes, about = [], []
    for node, data in graph.nodes(data=True):
        radius = _radius(data["mentions"])
        label, kind, first, last = data["label"], data["type"], data["first"], data["last"]
        nodes.append(_NODE % (ids[node], encode_basestring("\n".join(label_lines(label))), group(kind),
                              *positions[node], radius, _font(radius), encode_basestring(
                                  f"{label} ({kind}): {_n(data['mentions'], 'mention')} in "
                                  f"{_n(len(data['articles']), 'article')}{_dates(first, last)}")))
        # a career only of a node with titles: most have none, and career() would sort their none
        about.append(_ABOUT % (
            encode_basestring(label), encode_basestring(kind), group(kind), encode_basestring(node),
            _dumps(data["aliases"]) if data["aliases"] else "[]", _LITERAL[data["outside"]], community[node],
            data["mentions"], _LITERAL[first] if first is None else encode_basestring(first),
            _LITERAL[last] if last is None else encode_basestring(last),
            _dumps([[p.title, p.first, p.last] for p in career(graph, node)]) if data["titles"] else "[]",
            ",".join(map(str, sorted(map(index.__getitem__, data["articles"])))),
            ",".join([_SENTENCES % (index[a], ",".join([str(kept[a][k]) for k in ks if k in kept[a]]))
                      for a, ks in data["sentences"].items()])))
    # each link once, in the order of graph.edges, without its view: its ends' numbers and its data, a row at a time
    sources, targets, between = [], [], []
    done = set()  # the nodes whose links are in
    for a, row in graph.adjacency():
        later = list(filterfalse(done.__contains__, row))
        sources += repeat(ids[a], len(later))
        targets += map(ids.__getitem__, later)
        between += map(row.__getitem__, later)
        done.add(a)
    # no tooltip: the panel tells a link's weight and what is behind it, and 50,000 tooltips take a second
    edges = map(_EDGE.__mod__, zip(count(), sources, targets, map(_width, map(itemgetter("weight"), between))))
    links = [[[index[x], n] for x, n in shared.items()] for shared in map(itemgetter("articles"), between)]
    dated = [articles[a]["date"] for a in used if articles[a]["date"]]
    info = {
        "articles": [[articles[a]["date"], articles[a]["headline"],
                      [articles[a]["sentences"][k] for k in kept[a]]] for a in used],
        "nodes": _Json("[" + ",".join(about) + "]"),
        "links": links,  # each link's [article, shared sentences]
        "view": {"groups": list(view.groups), "minWeight": view.min_weight, "linksANode": _LINKS_A_NODE},
        "groups": COLORS, "palette": list(PALETTE),
        "communities": [[len(members), [graph.nodes[n]["label"] for n in
                                        sorted(members, key=lambda n: -graph.nodes[n]["mentions"])[:3]]]
                        for members in communities[:len(PALETTE)]],
        "dates": [min(dated), max(dated)] if dated else None,
        "pinned": [ids[n] for n in pinned],
    }
    # escaped as tojson escapes the rest of the data: no <, >, & or ' left to end a script. The links counted as
    # written: NetworkX's number_of_edges adds up every node's degree in Python
    return (htmlsafe_json_dumps("[" + ",".join(nodes) + "]", dumps=str), "[" + ",".join(edges) + "]", info,
            json.dumps(_options(len(links))))


def _template() -> Template:
    """The page's template (kg/templates/cooccurrence.html), which writes pyvis's copy of vis-network into it."""
    env = Environment(loader=ChoiceLoader([PackageLoader("kg", "templates"), PackageLoader("pyvis", "templates")]),
                      autoescape=True)
    # a file as it is (its lines ending in \n, as Jinja writes them): vis-network's 700 kB, included as a
    # template, would be parsed as one each time
    env.globals["verbatim"] = lambda name: re.sub(r"\r\n?", "\n", env.loader.get_source(env, name)[0])
    # the data as _data_json writes it; tojson still escapes <, >, & and '
    env.policies["json.dumps_function"] = _data_json
    return env.get_template("cooccurrence.html")


def _offline(html: str) -> str:
    """No ``http://`` left: every one is in a script (a licence comment, a string, the
    data, IRIs in the panel), where ``\\/`` is just ``/``, so writing ``http:\\/\\/``
    changes nothing the page does or shows, and no URL is left for anything to fetch.
    (Only a heading with a URL in it would show its slashes escaped.)  Two replaces, not a regular expression:
    they go through the page's megabytes as fast as memory does."""
    return html.replace("http://", "http:\\/\\/").replace("https://", "https:\\/\\/")
