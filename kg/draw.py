"""Stage 7b, draw: the pyvis co-occurrence graph, as one HTML file that opens offline.

People (and other named things) mentioned in the same article are linked;
the weight is the number of articles they share.  The page carries
vis-network inline and references nothing over the network.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable

import networkx as nx
from pyvis.network import Network

from .model import ArticleFacts, Kind

__all__ = ["cooccurrence", "to_html", "COLORS"]

COLORS = {
    Kind.PERSON.value: "#e15759",
    Kind.ORG.value: "#4e79a7",
    Kind.GOV.value: "#4e79a7",
    Kind.PLACE.value: "#59a14f",
    Kind.AREA.value: "#59a14f",
    Kind.PROJECT.value: "#f28e2b",
}


def cooccurrence(results: Iterable[ArticleFacts]) -> nx.Graph:
    """Entities as nodes (type, mentions, titles, headlines); shared articles as weighted edges."""
    graph = nx.Graph()
    mentions: Counter[str] = Counter()
    for r in results:
        names = {}
        for m in r.mentions:
            names.setdefault(m.text, m.kind.value)
        for name, kind in names.items():
            mentions[name] += 1
            if name not in graph:
                graph.add_node(name, type=kind, titles=[], headlines=[])
            node = graph.nodes[name]
            if r.article.headline and r.article.headline not in node["headlines"]:
                node["headlines"].append(r.article.headline)
        for ms in r.memberships:
            if ms.person in graph and ms.title not in graph.nodes[ms.person]["titles"]:
                graph.nodes[ms.person]["titles"].append(ms.title)
        for a, b in itertools.combinations(sorted(names), 2):
            weight = graph.edges[a, b]["weight"] + 1 if graph.has_edge(a, b) else 1
            graph.add_edge(a, b, weight=weight)
    for name, count in mentions.items():
        graph.nodes[name]["mentions"] = count
    return graph


def to_html(graph: nx.Graph, title: str = "govkg co-occurrence") -> str:
    """A self-contained page: nodes coloured by type, sized by mentions, titles in tooltips."""
    net = Network(height="900px", width="100%", cdn_resources="in_line", heading=title)
    # filled directly: Network.from_nx checks duplicate edges quadratically
    for name, data in graph.nodes(data=True):
        tip = "\n".join([name, *data.get("titles", []), *data.get("headlines", [])[:5]])
        net.add_node(name, label=name, title=tip, color=COLORS.get(data.get("type"), "#bab0ac"),
                     size=10 + 4 * min(data.get("mentions", 1), 10))
    for a, b, data in graph.edges(data=True):
        net.add_edge(a, b, value=data.get("weight", 1), title=f"{data.get('weight', 1)} 篇文章")
    net.toggle_physics(True)
    html = net.generate_html(notebook=False)
    # in_line still links bootstrap from a CDN; the page needs none of it
    return re.sub(r'<(?:link|script)[^>]+(?:href|src)="https?://[^"]*"[^>]*>(?:</script>)?', "", html)
