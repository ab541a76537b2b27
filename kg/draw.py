"""Stage 7d, draw: a co-occurrence graph as one pyvis page that opens offline.

Nodes are coloured by group (with a legend whose boxes hide a group), sized by
mentions; tooltips give titles and the headlines behind each node and link; a
slider hides links under a weight.  Positions are computed here and physics is
off, so even 5,000 nodes and 50,000 links draw at once instead of settling for
minutes.  vis-network (from the pyvis package) is written into the page, and no
``http://`` or ``https://`` is left in it, not even in a licence comment.

>>> import json
>>> import networkx as nx
>>> g = nx.Graph(articles={"a1": {"headline": "高新区召开会议", "date": "2023-06-25"}})
>>> for iri, label in [("p/吕沛", "吕沛"), ("p/宫卫红", "宫卫红")]:
...     g.add_node(iri, label=label, type="Person", aliases=[], titles={}, articles={"a1": 1},
...                mentions=1, first="2023-06-25", last="2023-06-25")
>>> g.add_edge("p/吕沛", "p/宫卫红", articles={"a1": 1}, weight=2)
>>> html = to_html(g)
>>> json.dumps("宫卫红") in html, "http://" in html or "https://" in html
(True, False)
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path

import networkx as nx
import numpy as np
from jinja2 import ChoiceLoader, Environment, PackageLoader
from pyvis.network import Network

from .cooccurrence import Tally, group
from .export import write_atomic

__all__ = ["COLORS", "PAGE_NODES", "PAGE_LINKS", "layout", "overview", "to_html", "write_html"]

COLORS = {
    "person": "#e15759",
    "organization": "#4e79a7",
    "place": "#59a14f",
    "project": "#f28e2b",
    "meeting": "#b07aa1",
    "event": "#9c755f",
}
# What kg build draws at most: a browser draws such a page and answers a click within seconds (tests/test_viz.py);
# far more (a 10,000-article corpus names 40,000 things in 650,000 links) makes a page of hundreds of MB
PAGE_NODES = 5000
PAGE_LINKS = 50_000
_DENSE = 400  # nodes laid out by the full O(n²) spring model; the rest are placed by their neighbours
_SPACING = 45  # pixels between neighbours, about
_MARGIN = 14  # pixels kept free around a node, for its label
_HEADLINES = 5  # headlines a tooltip lists
_LABEL = 16  # characters of a label drawn; the tooltip has it whole


def layout(graph: nx.Graph, seed: int = 7, known: dict[str, list] | None = None) -> dict[str, tuple[float, float]]:
    """Pixel positions: each connected component on its own, packed in rows, largest first.

    A component of up to 400 nodes gets a spring layout (Fruchterman–Reingold,
    weighted by log weight so one heavy link does not pull everything
    together), scaled to the nodes' sizes, and nodes that overlap (with room
    for their labels) are pushed apart.  In a larger component only its 400
    strongest nodes are laid out so, and every other node is put near its
    placed neighbours, layer by layer.  5,000 nodes and 50,000 links take about
    a second (the spring model on all of them would take minutes).

    A component's layout depends on it alone (its nodes, their mentions, its links and their weights),
    so ``known`` can keep them: the layouts of components it holds (under :func:`_digest`) are used, and
    it is left holding those of this graph's components, for a graph that differs in a few of them.
    """
    placed, used = [], {}
    for nodes in sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c))):
        sub = _canonical(graph, nodes)
        key = _digest(sub, seed)
        used[key] = known[key] if known and key in known else _component(sub, seed)
        placed.append(used[key])
    if known is not None:
        known.clear()
        known.update(used)
    row_width = max([2 * r for _, r in placed] + [math.sqrt(sum((2 * r) ** 2 for _, r in placed))])
    x = y = row_height = 0.0
    positions = {}
    for pos, radius in placed:  # shelf packing: left to right, then a new row
        if x and x + 2 * radius > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in pos.items():
            positions[node] = (round(x + radius + px, 1), round(y + radius + py, 1))
        x += 2 * radius
        row_height = max(row_height, 2 * radius)
    return positions


def _canonical(graph: nx.Graph, nodes: set[str]) -> nx.Graph:
    """The component of ``nodes`` with what its layout reads (mentions, weights), nodes and links in IRI order:
    the same component gives the same layout whatever order the graph was made in."""
    sub = nx.Graph()
    sub.add_nodes_from((n, {"mentions": graph.nodes[n]["mentions"]}) for n in sorted(nodes))
    sub.add_edges_from(sorted((min(a, b), max(a, b), {"weight": w}) for a, b, w in graph.subgraph(nodes).edges(data="weight")))
    return sub


def _digest(sub: nx.Graph, seed: int) -> str:
    content = [seed, *sub.nodes(data="mentions"), *sub.edges(data="weight")]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


def _size(mentions: int) -> float:
    """A node's radius in pixels: the area grows with its mentions."""
    return round(6 + 4 * math.sqrt(mentions), 1)


def _component(sub: nx.Graph, seed: int) -> tuple[dict, float]:
    """Positions around (0, 0) in pixels, and the radius they take."""
    rng = np.random.default_rng(seed)
    strength = dict(sub.degree(weight="weight"))
    strongest = sorted(sub, key=lambda n: (-strength[n], n))[:_DENSE]
    springs = nx.Graph()
    springs.add_nodes_from(strongest)
    springs.add_edges_from((a, b, {"pull": 1 + math.log(w)}) for a, b, w in sub.subgraph(strongest).edges(data="weight"))
    # only their largest connected part: a piece linked to it through the other nodes only
    # would be pushed off to the edge; its neighbours place it instead
    springs = springs.subgraph(max(nx.connected_components(springs), key=len))
    core = list(springs)
    xy = np.array(list(nx.spring_layout(springs, weight="pull", seed=seed, method="force", iterations=50).values()))
    # to pixels: the typical node _SPACING from its nearest one, whatever the outliers
    gaps = np.linalg.norm(xy[:, None] - xy[None], axis=-1)
    np.fill_diagonal(gaps, np.inf)
    if len(core) > 1:
        xy *= _SPACING / max(float(np.median(gaps.min(axis=1))), 1e-9)
    pos = dict(zip(core, _apart(xy, np.array([_size(sub.nodes[n]["mentions"]) + _MARGIN for n in core]), rng)))
    for layer in list(nx.bfs_layers(sub, core))[1:]:
        for node in layer:
            pos[node] = np.mean([pos[n] for n in sub[node] if n in pos], axis=0) + rng.normal(0, _SPACING, 2)
    return ({n: (float(x), float(y)) for n, (x, y) in pos.items()},
            max(math.hypot(*p) for p in pos.values()) + _SPACING)


def _apart(xy: np.ndarray, radius: np.ndarray, rng: np.random.Generator, rounds: int = 40) -> np.ndarray:
    """Push overlapping circles apart, each pair by half their overlap a round."""
    reach = radius[:, None] + radius[None]
    for _ in range(rounds):
        xy = xy + rng.normal(0, 0.01, xy.shape)  # circles on the same spot have no direction apart
        square = (xy ** 2).sum(axis=1)
        dist = np.sqrt(np.maximum(square[:, None] + square[None] - 2 * xy @ xy.T, 0))
        push = np.clip(reach - dist, 0, None) / np.maximum(dist, 1e-9) / 2
        np.fill_diagonal(push, 0)
        if not push.any():
            break
        xy = xy + xy * push.sum(axis=1)[:, None] - push @ xy  # Σ_j push_ij (xy_i - xy_j), without n×n×2
    return xy


def _headlines(graph: nx.Graph, articles: dict[str, int]) -> list[str]:
    """The newest headlines first, each with its date."""
    info = graph.graph["articles"]
    ordered = sorted(articles, key=lambda a: (info[a]["date"] or "", a), reverse=True)
    lines = [f"· {info[a]['date'] or '(no date)'} {info[a]['headline'] or '(no headline)'}" for a in ordered[:_HEADLINES]]
    if len(ordered) > _HEADLINES:
        lines.append(f"  … and {len(ordered) - _HEADLINES} more")
    return lines


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _dates(first: str | None, last: str | None) -> str:
    return "" if not first else f", {first}" if first == last else f", {first} – {last}"


def _node_tip(graph: nx.Graph, iri: str, data: dict) -> str:
    dates = graph.graph["articles"]
    lines = [f"{data['label']} ({data['type']})"]
    if data["aliases"]:
        lines.append("also: " + "、".join(data["aliases"]))
    for title, aids in data["titles"].items():
        seen = sorted(d for a in aids if (d := dates[a]["date"]))
        lines.append(f"{title}{_dates(seen[0], seen[-1]) if seen else ''}")
    lines.append(f"{_n(data['mentions'], 'mention')} in {_n(len(data['articles']), 'article')}"
                 f"{_dates(data['first'], data['last'])}")
    return "\n".join(lines + _headlines(graph, data["articles"]) + [iri])


def _edge_tip(graph: nx.Graph, a: str, b: str, data: dict) -> str:
    shared = sum(data["articles"].values())
    return "\n".join([f"{graph.nodes[a]['label']} — {graph.nodes[b]['label']}",
                      f"weight {data['weight']}: {_n(len(data['articles']), 'article')}, {_n(shared, 'sentence')}",
                      *_headlines(graph, data["articles"])])


def _options(edges: int) -> dict:
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},  # positions are given; its clustering is slow on big graphs
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": edges > 5000,
                        "hideEdgesOnZoom": edges > 5000},
        "nodes": {"shape": "dot", "borderWidth": 1, "font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "color": {"color": "#bbbbbb", "highlight": "#444444", "hover": "#444444",
                                             "opacity": 0.6}},
        "groups": {g: {"color": {"background": c, "border": c, "highlight": {"background": c, "border": "#222222"},
                                 "hover": {"background": c, "border": "#222222"}}} for g, c in COLORS.items()},
    }


def _offline(html: str) -> str:
    """No ``http://`` left: every one is in a script (a licence comment, a string, the
    data, IRIs in tooltips), where ``\\/`` is just ``/``, so writing ``http:\\/\\/``
    changes nothing the page does or shows, and no URL is left for anything to fetch.
    (Only a heading with a URL in it would show its slashes escaped.)"""
    return re.sub(r"(https?:)//", r"\1\\/\\/", html)


def to_html(graph: nx.Graph, title: str = "govkg co-occurrence", known: dict[str, list] | None = None) -> str:
    """The page of a co-occurrence graph (:mod:`kg.cooccurrence`), as a string; ``known`` as :func:`layout`
    takes it."""
    net = Network(heading=title)
    # the page's own template, which writes pyvis's copy of vis-network into the page
    net.templateEnv = Environment(loader=ChoiceLoader([PackageLoader("kg", "templates"), PackageLoader("pyvis", "templates")]),
                                  autoescape=True)
    net.path = "cooccurrence.html"
    ids = {node: i for i, node in enumerate(graph)}
    positions = layout(graph, known=known)
    # filled directly: add_node/add_edge (and from_nx) check for duplicates, quadratic in the graph's size
    for node, data in graph.nodes(data=True):
        label = data["label"] if len(data["label"]) <= _LABEL else data["label"][:_LABEL - 1] + "…"
        x, y = positions[node]
        net.nodes.append({"id": ids[node], "label": label, "group": group(data["type"]), "x": x, "y": y,
                          "size": _size(data["mentions"]), "title": _node_tip(graph, node, data)})
    for i, (a, b, data) in enumerate(graph.edges(data=True)):
        net.edges.append({"id": i, "from": ids[a], "to": ids[b], "weight": data["weight"],
                          "width": round(min(1 + math.log2(data["weight"]), 8), 2), "title": _edge_tip(graph, a, b, data)})
    net.options = _options(graph.number_of_edges())
    return _offline(net.generate_html())


def overview(counted: Tally) -> tuple[nx.Graph, str]:
    """What ``kg build`` draws of a co-occurrence graph, and the page's title: all of it, or, past
    :data:`PAGE_NODES` nodes, the most mentioned (``kg viz --top``), and past :data:`PAGE_LINKS` links between
    them, the heaviest (all links of a weight, or none)."""
    title = "govkg co-occurrence"
    if len(counted.nodes) <= PAGE_NODES and len(counted.edges) <= PAGE_LINKS:
        return counted.graph(), title
    top = sorted(counted.nodes, key=lambda n: (-counted.nodes[n]["mentions"], counted.nodes[n]["label"]))[:PAGE_NODES]
    graph = counted.graph(top)
    weights = sorted((w for _, _, w in graph.edges(data="weight")), reverse=True)
    lightest = weights[PAGE_LINKS] + 1 if len(weights) > PAGE_LINKS else 1
    graph.remove_edges_from([(a, b) for a, b, w in graph.edges(data="weight") if w < lightest])
    return graph, (f"{title}: the {len(graph):,} most mentioned of {len(counted.nodes):,} nodes, their "
                   f"{graph.number_of_edges():,} links of weight {lightest} or more (kg viz draws any part)")


def write_html(graph: nx.Graph, path: Path, title: str = "govkg co-occurrence", known: dict[str, list] | None = None
               ) -> None:
    """Write the page of ``graph`` to ``path``, atomically; ``known`` as :func:`layout` takes it."""
    html = to_html(graph, title, known)
    write_atomic(path, lambda tmp: tmp.write_text(html, encoding="utf-8"))
