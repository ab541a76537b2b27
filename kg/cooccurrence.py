"""Stage 7c, co-occurrence: which entities and events the news names together.

One node per resolved entity (its IRI; ``label``, ``type``, ``aliases``) and
one per meeting or other activity (its event IRI, ``type`` ``Meeting`` or
``Event``).  Two nodes are linked when one article names both; the link is
heavier for every sentence they share::

    weight = Σ over shared articles (1 + sentences naming both)

An event is "named" in its own sentence and in every sentence that says who
chaired, attended or spoke at it, so the officials of a meeting sit closest
to it.  Every count is kept per article, so a date range can be cut out of
the graph later (:func:`between`) and still give true weights:

* node ``articles`` {article id: mentions}, ``titles`` {title: [article id]};
  summed up as ``mentions``, ``first`` and ``last`` (ISO dates);
* node ``sentences`` {article id: [sentence]}: where the article names it
  with something else, as places in that article's ``sentences``;
* edge ``articles`` {article id: shared sentences}; summed up as ``weight``;
* graph ``articles`` {article id: {"headline", "date", "sentences"}}: an
  article's date is its publication date, else the date of the first event
  it reports; its ``sentences`` are those naming two nodes or more, the
  evidence of its links (a link's are those both its ends list).

A node is ``outside`` when it lies beyond the corpus's localities (the cities
its articles are in, as resolution placed them): the country and its national bodies
and leaders, a province and its bodies, another city (:func:`outside`).

``kg build`` saves the graph as node-link JSON (``cooccurrence.json``), which
``kg viz`` reads and NetworkX loads with
``nx.node_link_graph(json.load(f), edges="edges")``.

>>> from datetime import date
>>> from kg.model import Article, ArticleFacts, Mention, Kind
>>> text = "吕沛主持会议。宫卫红参加。吕沛、宫卫红在焦作市调研。"
>>> art = Article("a1", "p.txt", "高新区召开会议", text, date=date(2023, 6, 25))
>>> found = [Mention("吕沛", Kind.PERSON, 0, 2), Mention("宫卫红", Kind.PERSON, 7, 10),
...          Mention("吕沛", Kind.PERSON, 13, 15), Mention("宫卫红", Kind.PERSON, 16, 19),
...          Mention("焦作市", Kind.AREA, 20, 23)]
>>> g = cooccurrence([ArticleFacts(art, found)])
>>> lv = next(n for n, d in g.nodes(data=True) if d["label"] == "吕沛")
>>> g.nodes[lv]["mentions"], g.nodes[lv]["first"]
(2, '2023-06-25')
>>> sorted((g.nodes[a]["label"], g.nodes[b]["label"], w) for a, b, w in g.edges(data="weight"))
[('吕沛', '宫卫红', 2), ('吕沛', '焦作市', 2), ('宫卫红', '焦作市', 2)]
>>> g.graph["articles"]["a1"]["sentences"], g.nodes[lv]["sentences"]
(['吕沛、宫卫红在焦作市调研。'], {'a1': [0]})
>>> len(between(g, since=date(2024, 1, 1)))
0
"""
from __future__ import annotations

import difflib
import json
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import chain, combinations, repeat, starmap
from json.encoder import encode_basestring
from operator import and_, itemgetter, lshift
from pathlib import Path
from urllib.parse import unquote

import networkx as nx

from .errors import Errors, KgError
from .lexicon import Division, words
from .memo import Memo
from .model import PLACE_KINDS, ArticleFacts, Kind
from .names.gazetteer import by_code, leading, path, place
from .outdir import write_chunks
from .relations import RELATION
from .resolve import Entity, Resolution, event_iri, resolve
from .text import sentences
from .vocab import RESOURCE

__all__ = ["GROUPS", "group", "outside", "Tally", "tally", "cooccurrence", "between", "Selection", "save", "load"]

# What the page colours and ``kg viz --type`` picks: node types folded into six groups.
GROUPS = {
    "person": (Kind.PERSON.value,),
    "organization": (Kind.ORG.value, Kind.GOV.value),
    "place": (Kind.PLACE.value, Kind.AREA.value),
    "project": (Kind.PROJECT.value,),
    "meeting": ("Meeting",),
    "event": ("Event",),
}
_GROUP_OF = {t: g for g, types in GROUPS.items() for t in types}
# what starts the name of the country or a national body (中共中央政治局, 国务院, 国家卫生健康委, 中国共产党)
_NATIONAL = ("中共中央", "党中央", "中央", "国务院", "全国", "国家", "中国", "中华人民共和国")
# kinds asked of every node and membership, bound once (see kg.model.Kind)
_PERSON = Kind.PERSON


def outside(entity: Entity, cities: Iterable[Division]) -> bool:
    """Whether an entity lies beyond ``cities``, those a corpus's articles are in (with none, nothing does).

    People resolved in the country (its leaders), a province or another city (their ``jurisdiction``);
    places of the divisions table not in one of the cities (a province, another city, a county of it), the
    country and its regions, places named after another city; national bodies, by their name; and what
    else their IRI places elsewhere (``…/河南省/河南省委``).

    >>> from kg.names.gazetteer import place
    >>> here, R = [place("焦作")], RESOURCE
    >>> [outside(Entity(R + iri, Kind.PERSON, iri[7:], jurisdiction=where), here) for iri, where in
    ...  [("person/习近平", "全国"), ("person/河南省/毛杰", "河南省"), ("person/河南省/焦作市/吕沛", "河南省焦作市")]]
    [True, True, False]
    >>> [outside(Entity(R + iri, Kind.AREA, iri.split("/")[-1], division=place(name).code), here) for iri, name in
    ...  [("administrativearea/河南省", "河南"), ("administrativearea/江苏省/徐州市", "徐州"),
    ...   ("administrativearea/河南省/焦作市", "焦作")]]
    [True, True, False]
    >>> [outside(Entity(R + "place/河南省/焦作市/" + name, Kind.PLACE, name), here) for name in
    ...  ("中国", "徐州国家高新区", "中原路")]
    [True, True, False]
    >>> [outside(Entity(R + iri, Kind.GOV, iri.split("/")[-1]), here) for iri in [
    ...  "governmentorganization/中共中央政治局", "governmentorganization/河南省/河南省委",
    ...  "governmentorganization/河南省/焦作市/焦作市委"]]
    [True, True, False]
    """
    cities = _paths(frozenset(cities))
    if not cities:
        return False

    def beyond(where: str) -> bool:
        return not where.startswith(cities)

    if entity.kind == _PERSON:
        return entity.jurisdiction is not None and beyond(entity.jurisdiction)  # None: placed nowhere
    names = (entity.label, *entity.aliases)
    if entity.division:
        return beyond(path(by_code(entity.division)))
    if not words("provinces").isdisjoint(names):  # the country and its regions
        return True
    if entity.kind in PLACE_KINDS:  # named after the city it is in: 徐州国家高新区
        if any((lead := leading(name)) and (d := place(lead[0])) and beyond(path(d)) for name in names):
            return True
    elif any(name.removeprefix("中共").startswith(_NATIONAL) for name in names):
        return True
    where = "".join(map(unquote, entity.iri.removeprefix(RESOURCE).split("/")[1:-1]))
    return bool(where) and not where.startswith("~") and beyond(where)  # "": the article was placed nowhere


@lru_cache(maxsize=64)
def _paths(cities: frozenset[Division]) -> tuple[str, ...]:
    """The paths of ``cities`` (:func:`kg.names.gazetteer.path`): a build asks for its few cities' for every node."""
    return tuple(path(c) for c in cities)


def group(node_type: str) -> str:
    """The group a node type is drawn and filtered as.

    >>> group("GovernmentOrganization"), group("Meeting")
    ('organization', 'meeting')
    """
    return _GROUP_OF[node_type]


@dataclass
class Tally:
    """The co-occurrence graph as counted, in plain dictionaries, nodes and links in the order first named:
    what ``cooccurrence.json`` holds (:meth:`node_link_json`), made much faster than NetworkX's graph, which is
    made of it for what is filtered or drawn (:meth:`graph`).

    ``nodes`` {IRI: attributes}, ``edges`` {(IRI, IRI): attributes}, ``articles`` {article id: {"headline",
    "date"}}, as in the module's doc. The links one article alone names, of the same count, share one dictionary of
    attributes: :func:`tally` gives a link its own before changing it."""

    articles: dict[str, dict] = field(default_factory=dict)
    nodes: dict[str, dict] = field(default_factory=dict)
    edges: dict[tuple[str, str], dict] = field(default_factory=dict)

    def graph(self, keep: Iterable[str] | None = None, min_weight: int = 1) -> nx.Graph:
        """NetworkX's graph of it, or of the nodes ``keep`` (all when None), and the links between them of at least
        ``min_weight``."""
        graph = nx.Graph(articles=self.articles)
        keep = None if keep is None else set(keep)
        nodes = self.nodes if keep is None else {iri: data for iri, data in self.nodes.items() if iri in keep}
        # the nodes, then their attributes: add_nodes_from takes a node with its attributes by a TypeError raised and
        # caught for each
        graph.add_nodes_from(nodes)
        nx.set_node_attributes(graph, nodes)
        links = self.edges.items() if keep is None else \
            (((a, b), data) for (a, b), data in self.edges.items() if a in keep and b in keep)
        graph.add_edges_from((a, b, data) for (a, b), data in links if data["weight"] >= min_weight)
        return graph

    def node_link_json(self) -> Iterator[bytes]:
        """NetworkX's node-link form (``nx.node_link_data(graph, edges="edges")``) as :func:`_json_chunks` writes it,
        in UTF-8 pieces: the nodes and links by column (:func:`_table_json`), not made into NetworkX's dicts first.

        >>> t = Tally({"a1": {"headline": "会议", "date": None, "sentences": []}},
        ...           {"x": {"label": "吕沛", "articles": {"a1": 2}}, "y": {"label": "焦作", "articles": {"a1": 1}}},
        ...           {("x", "y"): {"articles": {"a1": 1}, "weight": 2}})
        >>> json.loads(b"".join(t.node_link_json())) == nx.node_link_data(t.graph(), edges="edges")
        True
        """
        yield b'{"directed":false,"multigraph":false,"graph":' + _dumps({"articles": self.articles}).encode()
        yield b',"nodes":'
        yield from _table_json(list(self.nodes.values()), {"id": list(self.nodes)})
        yield b',"edges":'
        sources, targets = zip(*self.edges) if self.edges else ((), ())
        yield from _table_json(list(self.edges.values()), {"source": sources, "target": targets})
        yield b"}"


def cooccurrence(results: Iterable[ArticleFacts], resolution: Resolution | None = None) -> nx.Graph:
    """The co-occurrence graph of ``results`` (see the module's doc)."""
    return tally(results, resolution).graph()


def tally(results: Iterable[ArticleFacts], resolution: Resolution | None = None) -> Tally:
    """The co-occurrence graph of ``results``, counted (:class:`Tally`)."""
    results = list(results)
    resolution = resolution or resolve(results)
    # frozen once: outside() looks the cities' paths up by the set, for every node
    cities = frozenset(here.city for r in results if (here := resolution.locality(r.article)) and here.city)
    counted = Tally()
    for r in results:
        _add_article(counted, r, resolution, cities)
    dates = {aid: a["date"] for aid, a in counted.articles.items()}
    for data in counted.nodes.values():
        _summarise_node(data, dates)
    return counted


def between(graph: nx.Graph, since: date | None = None, until: date | None = None) -> nx.Graph:
    """The graph of the articles dated from ``since`` to ``until`` (inclusive).

    Articles with no date are left out as soon as either bound is given.
    """
    if since is None and until is None:
        return graph
    low, high = (since or date.min).isoformat(), (until or date.max).isoformat()
    keep = {aid: a for aid, a in graph.graph["articles"].items() if a["date"] and low <= a["date"] <= high}
    cut = nx.Graph(articles=keep)
    for node, data in graph.nodes(data=True):
        if articles := {aid: n for aid, n in data["articles"].items() if aid in keep}:
            titles = {t: kept for t, aids in data["titles"].items() if (kept := [a for a in aids if a in keep])}
            evidence = {aid: ks for aid, ks in data["sentences"].items() if aid in keep}
            cut.add_node(node, **{**data, "articles": articles, "titles": titles, "sentences": evidence})
    for a, b, data in graph.edges(data=True):
        if articles := {aid: n for aid, n in data["articles"].items() if aid in keep}:
            cut.add_edge(a, b, **{**data, "articles": articles})
    _summarise(cut)
    return cut


@dataclass(frozen=True)
class Selection:
    """What ``kg viz`` draws of a co-occurrence graph, applied in this order:

    the articles from ``since`` to ``until``; nodes of the ``groups`` (all when
    empty); links of at least ``min_weight`` (nodes left with none go too when
    it is above 1); the nodes within ``hops`` links of ``focus`` (every node
    whose label, alias or IRI it is); the ``top`` nodes by mentions.  The
    ``focus`` nodes stay whatever their group, links or mentions.

    >>> Selection(groups=("person",), min_weight=2, focus="吕沛", hops=2).slug()
    'person-min2-吕沛-2hops'
    >>> Selection().slug()
    ''
    """

    since: date | None = None
    until: date | None = None
    groups: tuple[str, ...] = ()
    min_weight: int = 1
    focus: str | None = None
    hops: int = 1
    top: int | None = None

    def apply(self, graph: nx.Graph) -> nx.Graph:
        """The selected subgraph; raises :class:`KgError` when ``focus`` names nothing."""
        centres = self.centres(graph) if self.focus else []
        graph = between(graph, self.since, self.until)
        centres = [c for c in centres if c in graph]
        graph = graph.subgraph(n for n, t in graph.nodes(data="type")
                               if not self.groups or group(t) in self.groups or n in centres).copy()
        graph.remove_edges_from([(a, b) for a, b, w in graph.edges(data="weight") if w < self.min_weight])
        if self.min_weight > 1:
            graph.remove_nodes_from([n for n, degree in graph.degree if degree == 0 and n not in centres])
        if self.focus:
            near = set().union(*(nx.single_source_shortest_path_length(graph, c, self.hops) for c in centres))
            graph = graph.subgraph(near).copy()
        if self.top is not None and len(graph) > self.top:
            rest = sorted((n for n in graph if n not in centres),
                          key=lambda n: (-graph.nodes[n]["mentions"], graph.nodes[n]["label"]))
            graph = graph.subgraph([*centres, *rest][:max(self.top, len(centres))]).copy()
        return graph

    def centres(self, graph: nx.Graph) -> list[str]:
        """The nodes ``focus`` names (by label, alias or IRI); raises :class:`KgError` when none."""
        found = [n for n, d in graph.nodes(data=True) if self.focus in (n, d["label"], *d["aliases"])]
        if not found:
            # cutoff 0.5: one character of two in common is a near miss for a Chinese name (吕佩, 吕沛)
            near = difflib.get_close_matches(self.focus, sorted({d["label"] for _, d in graph.nodes(data=True)}),
                                             n=3, cutoff=0.5)
            raise KgError(Errors.E050.format(name=self.focus,
                                             near=f"; did you mean {', '.join(near)}?" if near else ""))
        return found

    def slug(self) -> str:
        """A file-name part that tells the selection, '' for none."""
        parts = [*self.groups]
        if self.since or self.until:
            parts.append(f"{self.since or ''}..{self.until or ''}")
        if self.min_weight > 1:
            parts.append(f"min{self.min_weight}")
        if self.focus:
            parts += [re.sub(r"[\\/:*?\"<>|\s]+", "_", self.focus), f"{self.hops}hops"]
        if self.top is not None:
            parts.append(f"top{self.top}")
        return "-".join(parts)


def save(graph: nx.Graph | Tally, path: Path) -> None:
    """Write ``graph`` as node-link JSON (UTF-8), atomically, a piece at a time: a large corpus's graph, made whole
    first, would take longer to fill fresh pages with than to write."""
    write_chunks(path, graph.node_link_json() if isinstance(graph, Tally)
                 else map(str.encode, _json_chunks(nx.node_link_data(graph, edges="edges"))))


def load(path: Path) -> nx.Graph:
    """Read what :func:`save` wrote; ``path`` may be the file or a built output directory."""
    file = path / "cooccurrence.json" if path.is_dir() else path
    if not file.is_file():
        raise KgError(Errors.E030.format(path=path))
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        _shape(data)  # a file of the wrong shape would fail deep in the filters or the page, with a traceback
        graph = nx.node_link_graph(data, edges="edges")
    except RecursionError as e:  # JSON nested deeper than Python recurses
        raise KgError(Errors.E051.format(path=file, detail="nested too deeply")) from e
    except (OSError, ValueError, KeyError, TypeError, nx.NetworkXError) as e:  # not JSON, or not node-link
        raise KgError(Errors.E051.format(path=file, detail=f"no {e}" if isinstance(e, KeyError) else e)) from e
    if "articles" not in graph.graph:
        raise KgError(Errors.E051.format(path=file, detail="no articles"))
    if any("outside" not in data for _, data in graph.nodes(data=True)):
        raise KgError(Errors.E051.format(path=file, detail="an older govkg's"))
    return graph


# a tree of counts and names, no cycles: the encoder need not keep every list and dict it is in to find one
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def _json_chunks(data: dict) -> Iterator[str]:
    """``json.dumps(data, ensure_ascii=False, separators=(",", ":"))`` in pieces (see :func:`save`).

    >>> "".join(_json_chunks({"a": [1, {"b": "吕沛"}], "c": None}))
    '{"a":[1,{"b":"吕沛"}],"c":null}'
    """
    for i, (key, value) in enumerate(data.items()):
        yield f"{',' if i else '{'}{_dumps(key)}:"
        if isinstance(value, list):  # a thousand items a piece: json's C encoder, made anew each call, then pays
            yield "["
            for start in range(0, len(value), 1000):
                yield ("," if start else "") + _dumps(value[start:start + 1000])[1:-1]
            yield "]"
        else:
            yield _dumps(value)
    yield "}" if data else "{}"


# rows a piece of :func:`_table_json`: a few megabytes of JSON
_ROWS = 10_000
# values whose JSON is the same only when they are equal (not so 1, 1.0 and True, or 0.0 and -0.0): kept by value
_SCALARS = frozenset({str, bool, type(None)})


def _table_json(rows: list[dict], columns: dict[str, Sequence]) -> Iterator[bytes]:
    """``json.dumps`` (as :func:`_json_chunks`) of the list of ``rows`` each with the ``columns``' values at its place
    added (``{**row, name: column[i], …}``), in UTF-8 pieces.

    Rows of the same keys (not the columns' names), each column of strings, None and booleans, of integers, or of
    dictionaries of one or the other by string, are written a column at a time (:func:`_texts`), their keys in the
    first row's order, and the rows joined in C: json's C encoder, made anew each call, would pay for it on every
    value; else that encoder writes them, a piece at a time.

    >>> b"".join(_table_json([{"n": 1, "by": {"a": 2}}, {"n": -3, "by": {}}], {"id": ["吕沛", None]})).decode()
    '[{"n":1,"by":{"a":2},"id":"吕沛"},{"n":-3,"by":{},"id":null}]'
    >>> b"".join(_table_json([{"n": 1.0, "b": [True]}, {"n": -0.0, "b": [1]}], {})).decode()
    '[{"n":1.0,"b":[true]},{"n":-0.0,"b":[1]}]'
    >>> b"".join(_table_json([{"n": 1, "by": {"a": 1}}, {"n": True, "by": {"a": True}}], {})).decode()
    '[{"n":1,"by":{"a":1}},{"n":true,"by":{"a":true}}]'
    """
    # the IRIs, labels and dates: each string's JSON made once
    strings = Memo(lambda text: encode_basestring(text).encode(), {None: b"null", True: b"true", False: b"false"})
    yield b"["
    for start in range(0, len(rows), _ROWS):
        piece = {name: column[start:start + _ROWS] for name, column in columns.items()}
        yield (b"," if start else b"") + _rows_json(rows[start:start + _ROWS], piece, strings)
    yield b"]"


def _rows_json(rows: list[dict], columns: dict[str, Sequence], strings: Memo) -> bytes:
    """The JSON of the items of :func:`_table_json`'s list, without the brackets."""
    if (pieces := _pieces(rows, columns, strings)) is not None:  # a row's pieces joined, then the rows
        return b"},".join(map(b"".join, zip(*pieces))) + b"}"
    return _dumps([{**row, **{name: column[i] for name, column in columns.items()}}
                   for i, row in enumerate(rows)])[1:-1].encode()


def _pieces(rows: list[dict], columns: dict[str, Sequence], strings: Memo) -> list[Iterable[bytes]] | None:
    """For each key of the rows then each column, its piece of every row's JSON: the text before its value (the
    first opening the row), and the value (:func:`_texts`); None if the rows' keys are not all the first row's or a
    column is not of those kinds."""
    keys = tuple(rows[0])
    names = (*keys, *columns)
    if not names or set(map(type, names)) != {str} or len(set(names)) < len(names) \
            or set(map(len, rows)) != {len(keys)}:
        return None
    pieces: list[Iterable[bytes]] = []
    for i, name in enumerate(names):
        try:
            values = columns[name] if name in columns else list(map(itemgetter(name), rows))
        except KeyError:  # as many keys as the first row, not all of its
            return None
        if (texts := _texts(values, strings, f"{',' if i else '{'}{encode_basestring(name)}:".encode())) is None:
            return None
        pieces.append(texts)
    return pieces


def _texts(column: Sequence, strings: Memo, before: bytes) -> Iterable[bytes] | None:
    """``before`` and the UTF-8 JSON of each of ``column``'s values, if they are all of :data:`_SCALARS`, all
    integers, or all dictionaries of one or the other by string; else None. Each distinct value's made once (a
    few weights and dictionaries, IRIs named by link after link), then looked up at C level."""
    kinds = set(map(type, column))
    if kinds <= _SCALARS:
        return map(Memo(lambda value: before + strings[value]).__getitem__, column)
    if kinds == {int}:
        return map(Memo(lambda number: before + b"%d" % number).__getitem__, column)
    if kinds == {dict} and set(map(type, chain.from_iterable(column))) <= {str}:
        values = set(map(type, chain.from_iterable(map(dict.values, column))))
        if values <= _SCALARS or values == {int}:  # then two dictionaries' items are equal only if their JSON is
            json_of = Memo(lambda items: before + _dumps(dict(items)).encode())  # each distinct dictionary's
            return map(json_of.__getitem__, map(tuple, map(dict.items, column)))
    return None


def _add_article(counted: Tally, r: ArticleFacts, resolution: Resolution, cities: frozenset[Division]) -> None:
    art = r.article
    article = art.id
    nodes = counted.nodes
    spans = sentences(r.normalized_text)
    keys = [(m.text, m.kind) for m in r.mentions]
    # each name of the article looked up once (a name is mentioned again and again), in the order first mentioned
    entities = {key: resolution.of(art, *key) for key in dict.fromkeys(keys)}
    for entity in entities.values():
        if entity.iri not in nodes:
            nodes[entity.iri] = {"titles": {}, "articles": {}, "sentences": {}, "label": entity.label,
                                 "type": entity.kind.value, "aliases": sorted(entity.aliases),
                                 "outside": outside(entity, cities)}
    # what each node is named at: its IRI, and the offset of each mention (its sentence: the last starting at or
    # before it, or the first)
    iris = [entities[key].iri for key in keys]
    offsets = [m.start for m in r.mentions]
    said: dict[str, list[int]] = defaultdict(list)  # event key -> where the facts about it start
    for f in r.facts:
        if RELATION[f.relation].to_event:
            said[f.obj].append(f.sentence.start)
    for ev in r.events:
        iri = event_iri(art, ev)
        if iri not in nodes:
            nodes[iri] = {"titles": {}, "articles": {}, "sentences": {}, "label": ev.name,
                          "type": "Meeting" if ev.is_meeting else "Event", "aliases": [], "outside": False}
        iris += repeat(iri, 1 + len(said[ev.key]))
        offsets += [ev.sentence.start, *said[ev.key]]
    mentions = Counter(iris)  # node -> how often named, in the order first named
    named = dict.fromkeys(mentions, 0)  # node -> the article's sentences naming it, as bits of an int
    later = [start for start, _ in spans[1:]]  # (an offset before the first sentence is the first's)
    for iri, bit in zip(iris, map(lshift, repeat(1), map(bisect_right, repeat(later), offsets))):
        named[iri] |= bit
    for ms in r.memberships:
        person = resolution.of(art, ms.person, _PERSON).iri
        if person in named:
            seen_in = nodes[person]["titles"].setdefault(ms.full_title or ms.title, [])
            if article not in seen_in:
                seen_in.append(article)
    # the sentences naming two nodes or more: the evidence of the article's links
    once = twice = 0
    for bits in named.values():
        once, twice = once | bits, twice | (once & bits)
    shared = [i for i in range(len(spans)) if twice >> i & 1]
    place = {i: k for k, i in enumerate(shared)}
    when = art.date or min((ev.date for ev in r.events if ev.date), default=None)
    counted.articles[article] = {"headline": art.headline, "date": when.isoformat() if when else None,
                                 "sentences": [art.text[slice(*spans[i])].strip() for i in shared]}
    for iri, n in mentions.items():
        node = nodes[iri]
        node["articles"][article] = n
        if evidence := [place[i] for i in shared if named[iri] >> i & 1]:
            node["sentences"][article] = evidence
    # every two nodes, with the sentences naming both (a link a pair: hundreds of thousands in a big corpus, each
    # pair and its count made by itertools and int's methods), the link's weight added up as it goes (_weight's sum,
    # an article at a time: not a pass over every link's articles again once counted)
    edges = counted.edges
    ends = sorted(named)
    both = map(int.bit_count, starmap(and_, combinations(map(named.__getitem__, ends), 2)))
    # a link this article alone names so far has the attributes of every such link of its count, one dictionary
    # (most links are named by one article: a dictionary each would be most of the tally's memory); a link of one
    # article, named again, gets its own
    alone: dict[int, dict] = {}
    for pair, n in zip(combinations(ends, 2), both):
        if (edge := edges.get(pair)) is None:
            edges[pair] = alone.get(n) or alone.setdefault(n, {"articles": {article: n}, "weight": 1 + n})
        elif len(articles := edge["articles"]) == 1:  # (perhaps shared)
            edges[pair] = {"articles": {**articles, article: n}, "weight": edge["weight"] + 1 + n}
        else:
            articles[article] = n
            edge["weight"] += 1 + n


def _summarise_node(data: dict, dates: dict[str, str | None]) -> None:
    """Recount ``mentions``, ``first`` and ``last`` from the per-article counts."""
    data["mentions"] = sum(data["articles"].values())
    seen = sorted(d for aid in data["articles"] if (d := dates[aid]))
    data["first"], data["last"] = (seen[0], seen[-1]) if seen else (None, None)


def _weight(articles: dict[str, int]) -> int:
    """A link's weight from its per-article counts: Σ (1 + shared sentences)."""
    return len(articles) + sum(articles.values())


def _summarise(graph: nx.Graph) -> None:
    """Recount ``mentions``, ``first``, ``last`` and ``weight`` from the per-article counts."""
    dates = {aid: a["date"] for aid, a in graph.graph["articles"].items()}
    for _, data in graph.nodes(data=True):
        _summarise_node(data, dates)
    for _, _, data in graph.edges(data=True):
        data["weight"] = _weight(data["articles"])


def _shape(data) -> None:
    """Raise ``ValueError`` naming the first part of ``data`` (a ``cooccurrence.json``) that is not as
    :func:`save` writes it: what the filters and the page read, each of the type they take it for."""
    def need(ok: bool, what: str) -> None:
        if not ok:
            raise ValueError(f"bad {what}")

    def counts(value, where: str) -> None:
        need(isinstance(value, dict) and all(a in articles and type(n) is int for a, n in value.items()), where)

    need(isinstance(data, dict) and isinstance(data.get("graph"), dict), "graph")
    articles = data["graph"].get("articles")
    need(isinstance(articles, dict)
         and all(isinstance(a, dict) and isinstance(a.get("headline", ""), (str, type(None)))
                 and isinstance(a.get("date"), (str, type(None))) for a in articles.values()), "articles")
    need(isinstance(data.get("nodes"), list) and isinstance(data.get("edges"), list), "nodes or edges")
    for node in data["nodes"]:
        need(isinstance(node, dict) and isinstance(node.get("id"), str) and isinstance(node.get("label"), str)
             and node.get("type") in _GROUP_OF and type(node.get("mentions")) is int
             and isinstance(node.get("aliases"), list) and all(isinstance(a, str) for a in node["aliases"])
             and isinstance(node.get("titles"), dict)
             and all(isinstance(t, list) and set(t) <= articles.keys() for t in node["titles"].values()), "node")
        counts(node["articles"] if "articles" in node else None, f"node {node['id']}")
    for edge in data["edges"]:
        need(isinstance(edge, dict) and type(edge.get("weight")) is int, "edge")
        counts(edge.get("articles"), "edge")
