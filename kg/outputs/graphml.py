"""``graph.graphml``: the NetworkX graph of entities and typed relations, as NetworkX writes GraphML."""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..graph import Node
from ..memo import Memo
from ..outdir import write_atomic
from . import Built, register

__all__ = ["graphml"]

# what XML 1.0 cannot hold, even escaped: control characters but tab, LF and CR, lone surrogates, U+FFFE/U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@register("graphml", {"graph.graphml": "the NetworkX graph of entities and typed relations"},
          reads=("entities", "relations"))
def write_graphml(built: Built, directory: Path) -> None:
    text = graphml(built.links())
    write_atomic(directory / "graph.graphml", lambda tmp: tmp.write_text(text, encoding="utf-8"))


def graphml(links: Iterable[tuple[Node, Node, str]]) -> str:
    """The GraphML of ``links`` (from, to, the property's IRI: :func:`kg.graph.links`), each node (``label``,
    ``type``) and edge (keyed by the property, its ``relation`` the property's name) once, in IRI order: the
    graph :func:`kg.graph.to_networkx` makes of the RDF, in the GraphML NetworkX writes, a hundred times as
    fast as NetworkX writes it."""
    nodes: dict[str, Node] = {}
    edges = set()
    for a, b, key in links:
        nodes[a.iri], nodes[b.iri] = a, b
        edges.add((a.iri, b.iri, key))

    def text(value: str) -> str:  # as xml.sax.saxutils.escape, without its calls
        return _xml_chars(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def attribute(value: str) -> str:
        return text(value).replace('"', "&quot;")

    ids = {iri: attribute(iri) for iri in nodes}  # each node's, written again for every edge of it
    # what a few values are written as, each written again and again: a node's type; an edge's key and relation
    types = Memo(text)
    keys, relations = Memo(attribute), Memo(lambda key: text(key.rsplit("#", 1)[-1].rsplit("/", 1)[-1]))

    lines = ["<?xml version='1.0' encoding='utf-8'?>",
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
             ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
             ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
             ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
             '  <key id="d2" for="edge" attr.name="relation" attr.type="string" />',
             '  <key id="d1" for="node" attr.name="type" attr.type="string" />',
             '  <key id="d0" for="node" attr.name="label" attr.type="string" />',
             '  <graph edgedefault="directed">']
    # a node's lines, and an edge's, made by one format each
    lines += [f'    <node id="{ids[iri]}">\n      <data key="d0">{text(nodes[iri].label)}</data>\n'
              f'      <data key="d1">{types[nodes[iri].type]}</data>\n    </node>' for iri in sorted(nodes)]
    lines += [f'    <edge source="{ids[a]}" target="{ids[b]}" id="{keys[key]}">\n'
              f'      <data key="d2">{relations[key]}</data>\n    </edge>' for a, b, key in sorted(edges)]
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)


def _xml_chars(value: str) -> str:
    """``value`` with each character XML cannot hold as U+FFFD.

    >>> _xml_chars("吕\x01沛")
    '吕�沛'
    """
    # none of them is printable, and most text is: str.isprintable() tells it faster than the regex's search
    return value if value.isprintable() else _NOT_XML.sub("\ufffd", value)
