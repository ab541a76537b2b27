"""Stage 7d, draw: where each node of the co-occurrence page goes, with room for its label.

What the page shows first (:class:`kg.draw.View`: its nodes and their links of
a weight) is laid out on its own, so that it is compact and readable at once:
each connected part by a spring model (Fruchterman–Reingold, weighted by log
weight so one heavy link does not pull everything together), scaled to the
room its nodes take, then pushed apart until no two :class:`Box` es (a dot and
the label under it) overlap; the parts are packed in rows, largest first.
Every other node goes on the free spot nearest the nodes it is linked with;
those linked with none are laid out the same way as the first, as parts of
their own packed under it.  Positions are pixels at a zoom of 1.

A part of up to 400 nodes is laid out so whole; in a larger one its 400
strongest nodes are, and every other node is put by its placed neighbours,
layer by layer (the spring model on 5,000 nodes would take minutes).  Past
a thousand nodes or so, a node is put near its neighbours' spot rather than
on a free one, which would take minutes too.

A part's layout depends on it alone, so ``known`` can keep them (see :func:`layout`).

>>> import networkx as nx
>>> g = nx.Graph([("a", "b", {"weight": 3}), ("b", "c", {"weight": 1}), ("d", "e", {"weight": 1})])
>>> boxes = {n: Box(radius=10, width=40, height=16) for n in g}
>>> pos = layout(g, {"a", "b"}, 2, boxes)
>>> sorted(pos) == sorted(g) and not overlapping(pos, boxes)
True
"""
from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, reduce
from operator import add

import networkx as nx
import numpy as np

__all__ = ["Box", "layout", "overlapping"]

_DENSE = 400  # nodes of a part laid out by the full O(n²) spring model; the rest are placed by their neighbours
_CROWD = 1_000_000  # boxes placed × boxes placed after, at most, for each to be put on a free spot (seconds)
_MARGIN = 5  # pixels kept free around a box
_FILL = 0.6  # of a part's area its boxes take, before they are pushed apart
_GAP = 40  # pixels between packed parts
_ASPECT = 1.4  # width over height of the rows parts are packed in: a wide screen's


@dataclass(frozen=True)
class Box:
    """What a node takes on the page around its centre, in pixels: its dot, and its label centred under it."""

    radius: float
    width: float  # of the label
    height: float

    def extent(self) -> tuple[float, float, float]:
        """Half its width, and how far it reaches above and below its centre, margins included."""
        return (max(self.radius, self.width / 2) + _MARGIN, self.radius + _MARGIN,
                self.radius + self.height + _MARGIN)


def overlapping(pos: dict, boxes: dict[str, Box]) -> list[tuple[str, str]]:
    """The pairs of nodes whose boxes (margins left out) overlap."""
    nodes = sorted(pos)
    xy, half, top, bottom = _arrays(nodes, pos, boxes)
    room = np.add.outer(half - _MARGIN, half - _MARGIN)
    hit = np.triu(_overlaps(xy, room, top - _MARGIN, bottom - _MARGIN)[0] > 0, 1)
    return [(nodes[i], nodes[j]) for i, j in zip(*np.nonzero(hit))]


def layout(graph: nx.Graph, first: set[str], min_weight: int, boxes: dict[str, Box], seed: int = 7,
           known: dict[str, dict] | None = None) -> dict[str, tuple[float, float]]:
    """Pixel positions of ``graph``'s nodes: those of ``first`` and their links of at least ``min_weight`` laid
    out first, the others around them (see the module's doc).

    Every part laid out whole (a spring model, then pushed apart) is looked up in ``known`` first, under
    :func:`_digest`, and ``known`` is left holding this graph's, for a graph that differs in a few parts."""
    core = nx.Graph()
    core.add_nodes_from(first)
    # read from the adjacency: a subgraph view filters every node it passes
    core.add_edges_from((a, b, {"weight": data["weight"]}) for a in first for b, data in graph.adj[a].items()
                        if a <= b and b in first and data["weight"] >= min_weight)
    used: dict[str, dict] = {}

    def arranged(parts: list[set[str]], links: nx.Graph) -> list[dict[str, list[float]]]:
        found = []  # each part's key, its nodes, and its shape if it is to be laid out
        for nodes in parts:
            names, lines = _canonical(links, nodes)
            key = _digest(names, lines, boxes, seed)
            found.append((key, names, None if known and key in known else _shape(names, lines, boxes)))
        shapes = list(dict.fromkeys(shape for *_, shape in found if shape is not None))
        laid = dict(zip(shapes, _arrange(shapes, seed))) if shapes else {}
        for key, names, shape in found:
            used[key] = known[key] if shape is None else {names[i]: xy for i, xy in laid[shape].items()}
        return [used[key] for key, *_ in found]

    pos = _pack(arranged(_parts(core), core), boxes)
    rest = [n for n in graph if n not in pos]
    _attach(graph, rest, pos, boxes, np.random.default_rng(seed))
    alone = graph.subgraph(n for n in rest if n not in pos)
    if len(alone):
        below = max(xy[1] + boxes[n].extent()[2] for n, xy in pos.items()) + _GAP if pos else 0.0
        for n, (x, y) in _pack(arranged(_parts(alone), graph), boxes).items():
            pos[n] = [x, y + below]
    if known is not None:
        known.clear()
        known.update(used)
    # Python's floats in one call: a NumPy array's items, taken one at a time, are each made a NumPy scalar first
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in zip(pos, np.array(list(pos.values())).tolist())}


def _parts(graph: nx.Graph) -> list[set[str]]:
    return sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))


def _canonical(graph: nx.Graph, nodes: set[str]) -> tuple[list[str], list[tuple[str, str, int | None]]]:
    """The part of ``nodes`` (with ``graph``'s links between them): its nodes, and its links with the weights
    its layout reads, in IRI order: the same part gives the same layout whatever order the graph was made in.
    Lists, not a NetworkX graph: most parts are only looked up (:func:`_digest`), not laid out again."""
    # read from the adjacency: a subgraph view filters every node it passes, for each of hundreds of parts
    return sorted(nodes), sorted((a, b, data.get("weight")) for a in nodes for b, data in graph.adj[a].items()
                                 if a <= b and b in nodes)


def _graph(nodes: Iterable, links: Iterable[tuple]) -> nx.Graph:
    """The part :func:`_canonical` gives (or one numbered) as a graph, nodes and links in its order."""
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    sub.add_weighted_edges_from(links)
    return sub


def _digest(nodes: list[str], links: list[tuple[str, str, int | None]], boxes: dict[str, Box], seed: int) -> str:
    content = [seed, *((n, *vars(boxes[n]).values()) for n in nodes), *links]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


def _arrays(nodes: list[str], pos: dict, boxes: dict[str, Box]) -> tuple[np.ndarray, ...]:
    extents = np.array([boxes[n].extent() for n in nodes]).reshape(-1, 3)
    return (np.array([pos[n] for n in nodes], dtype=float).reshape(-1, 2), *extents.T)


# a part as it is laid out: its number of nodes, its links between their numbers (in IRI order), their boxes
_Shape = tuple[int, tuple[tuple[int, int, int | None], ...], tuple[Box, ...]]


def _shape(nodes: list[str], links: list[tuple[str, str, int | None]], boxes: dict[str, Box]) -> _Shape:
    """The shape of the part :func:`_canonical` gives: its layout depends on it alone, and small parts of one
    shape (a node, a pair, as large a dot and label) recur by the hundred."""
    at = {n: i for i, n in enumerate(nodes)}
    return len(nodes), tuple((at[a], at[b], w) for a, b, w in links), tuple(boxes[n] for n in nodes)


def _arrange(shapes: list[_Shape], seed: int) -> list[dict[int, list[float]]]:
    """The positions around (0, 0) of each part's nodes (by their numbers): spring model, scaled to its boxes,
    pushed apart; the parts whose boxes are all pushed apart together (:func:`_apart`), those of a size at once."""
    spread = [_spread(*shape, seed) for shape in shapes]
    laid: list[dict[int, list[float]]] = [{} for _ in shapes]
    together: dict[int, list[int]] = {}  # the parts pushed apart whole, by size
    for i, (sub, core, *arrays) in enumerate(spread):
        if sub is None:
            together.setdefault(len(core), []).append(i)
        else:  # a large part: the rest of it put by its neighbours, with the draws left of its own generator
            rng = np.random.default_rng(seed)
            pos = dict(zip(core, _apart(*(a[None] for a in arrays), rng)[0].tolist()))
            _attach(sub, [n for n in sub if n not in pos], pos, shapes[i][2], rng)
            laid[i] = {n: [float(x), float(y)] for n, (x, y) in pos.items()}
    for parts in together.values():
        pushed = _apart(*map(np.stack, zip(*(spread[i][2:] for i in parts))), np.random.default_rng(seed))
        for i, xy in zip(parts, pushed.tolist()):
            laid[i] = dict(zip(spread[i][1], xy))
    return laid


def _spread(size: int, links: tuple[tuple[int, int, int | None], ...], boxes: tuple[Box, ...], seed: int
            ) -> tuple[nx.Graph | None, list[int], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A part of a shape as a graph if the spring model lays out only its :data:`_DENSE` strongest connected
    nodes (else None: most parts are small, and read as lists faster), the nodes it lays out, and their
    positions, scaled to their boxes, and extents (:func:`_arrays`)."""
    strength = [0] * size  # of each node, its links' weights added up: the graph's weighted degree
    for a, b, w in links:
        strength[a] += w
        strength[b] += w
    strongest = sorted(range(size), key=lambda n: (-strength[n], n))[:_DENSE]
    sub = None
    if len(strongest) < size:
        sub = _graph(range(size), links)
        springs = nx.Graph()
        springs.add_nodes_from(strongest)
        springs.add_edges_from(sub.subgraph(strongest).edges)
        # only their largest connected part: a piece linked to it through the other nodes only
        # would be pushed off to the edge; its neighbours place it instead
        largest = max(nx.connected_components(springs), key=len)
        core = [n for n in springs if n in largest]
    else:  # the whole part, which is connected
        core = strongest
    at = {n: i for i, n in enumerate(core)}
    pulls = tuple(sorted((*sorted((at[a], at[b])), 1 + math.log(w)) for a, b, w in links if a in at and b in at))
    xy = _spring(len(core), pulls, seed).copy()
    if len(core) > 2:  # its longest way across along the screen's width
        xy -= xy.mean(axis=0)
        xy = xy @ np.linalg.svd(xy, full_matrices=False)[2].T
    xy, half, top, bottom = _arrays(core, dict(zip(core, xy)), boxes)
    if len(core) > 1:  # the boxes fill a share of the area the spring model spans
        span = np.ptp(xy, axis=0)
        span = np.maximum(span, span.max() / 4)  # two or three nodes may lie on a line
        xy *= math.sqrt(float((2 * half * (top + bottom)).sum()) / _FILL / (span[0] * span[1]))
    return sub, core, xy, half, top, bottom


@lru_cache(maxsize=4096)
def _spring(nodes: int, links: tuple[tuple[int, int, float], ...], seed: int) -> np.ndarray:
    """The spring model's positions of nodes 0 … ``nodes`` - 1 linked by ``links`` (a, b, pull): a function of
    the part's shape alone, and parts of one shape (a pair, a triangle, as heavily linked) recur by the hundred."""
    springs = nx.Graph()
    springs.add_nodes_from(range(nodes))
    springs.add_weighted_edges_from(links, weight="pull")
    xy = np.array(list(nx.spring_layout(springs, weight="pull", seed=seed, method="force").values()))
    xy.flags.writeable = False  # shared by every part of the shape
    return xy


def _attach(graph: nx.Graph, nodes: list[str], pos: dict, boxes: dict[str, Box], rng: np.random.Generator) -> None:
    """Put each of ``nodes`` linked (through one another) to placed ones near its placed neighbours, layer by
    layer: on the free spot nearest their mean, or, among many (past :data:`_CROWD`), just near it."""
    if not nodes:
        return
    placed = set(pos)
    todo = set(nodes)
    near = [n for n in sorted(todo) if not placed.isdisjoint(graph.adj[n])]  # at C level, not by a generator
    crowded = len(pos) * (len(pos) + len(todo)) > _CROWD
    taken = None if crowded else _Taken(pos, boxes)
    for layer in _layers(graph, near, todo):
        layer = sorted(layer)
        # a crowded layer's offsets drawn in one call: the same draws, in the same order, as one a node
        offsets = (rng.normal(0, [[2 * boxes[n].extent()[0]] for n in layer], (len(layer), 2)).tolist()
                   if crowded else ())
        for i, node in enumerate(layer):
            around = _mean([pos[m] for m in graph[node] if m in pos])
            if crowded:
                pos[node] = [a + b for a, b in zip(around, offsets[i])]
            else:
                pos[node] = taken.free(around, boxes[node])
                taken.add(pos[node], boxes[node])


def _mean(points: list) -> list[float]:
    """The mean of ``points`` (x, y), as NumPy's along the first axis makes it (the sums in order, then divided),
    of Python's numbers: a few thousand nodes' means, each made of a NumPy array of its own, took a tenth of a
    page's layout."""
    return [reduce(add, numbers) / len(points) for numbers in zip(*points)]


def _layers(graph: nx.Graph, sources: list[str], todo: set[str]) -> Iterator[list[str]]:
    """``sources``, then the nodes of ``todo`` one link further, two links … (``nx.bfs_layers`` of the graph
    of ``todo`` and the placed nodes, without a subgraph view filtering every step)."""
    seen = set(sources)
    layer = sources
    while layer:
        yield layer
        further = []
        for node in layer:
            for m in graph[node]:
                if m in todo and m not in seen:
                    seen.add(m)
                    further.append(m)
        layer = further


class _Taken:
    """The boxes placed so far, and the free spot nearest a point for another."""

    _SPIRAL = 256  # spots tried a round, on a spiral out from the point (Vogel's: evenly spread over a disc)

    def __init__(self, pos: dict, boxes: dict[str, Box]) -> None:
        nodes = list(pos)
        self.xy, self.half, self.top, self.bottom = _arrays(nodes, pos, boxes)

    def add(self, xy: np.ndarray, box: Box) -> None:
        half, top, bottom = box.extent()
        self.xy = np.vstack([self.xy, xy])
        self.half, self.top, self.bottom = (np.append(a, v) for a, v in
                                            ((self.half, half), (self.top, top), (self.bottom, bottom)))

    def free(self, point: np.ndarray, box: Box) -> np.ndarray:
        """The first spot, on a spiral out from ``point``, where ``box`` overlaps none placed."""
        half, top, bottom = box.extent()
        step = max(half, top) / 2
        # The k-th spot lies √k steps from the point, and a box it overlaps within the diagonal of their extents
        # of it (a pixel to spare for rounding): a round tests only the boxes on the ring of its spots, not every
        # box placed, most of them far off or where rounds before found no room; and finds them by bisection,
        # the boxes taken in order of how far they lie (a page of a thousand nodes spent seconds a build on them)
        away = np.hypot(self.xy[:, 0] - point[0], self.xy[:, 1] - point[1])
        order = np.argsort(away)
        away = away[order]
        reach = np.hypot(half + self.half, np.maximum(bottom + self.top, top + self.bottom))[order] + 1
        widest = reach.max(initial=0) + 1
        xs, room = self.xy[order, 0], half + self.half[order]
        low, high = (self.xy[:, 1] - self.top)[order], (self.xy[:, 1] + self.bottom)[order]
        for start in range(0, 1 << 20, self._SPIRAL):
            steps, directions = _spiral(start, self._SPIRAL)
            spots = point + step * steps * directions
            inner, outer = step * math.sqrt(start), step * math.sqrt(start + self._SPIRAL)
            first, last = np.searchsorted(away, (inner - widest, outer + widest))
            ring = np.abs(away[first:last] - (inner + outer) / 2) < reach[first:last] + (outer - inner) / 2
            ring = np.flatnonzero(ring) + first
            # a spot's box and a placed one overlap where they do across and down (each box is higher than
            # nothing, so that its bottom lies below the other's top and its top above the other's bottom)
            x, y = spots[:, 0, None], spots[:, 1, None]
            hit = (np.abs(x - xs[ring]) < room[ring]) & (y + bottom > low[ring]) & (y - top < high[ring])
            clear = ~hit.any(axis=1)
            if clear.any():
                return spots[np.argmax(clear)]
        return point


@lru_cache(maxsize=None)
def _spiral(start: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    """How many steps out (a column) and which way the spots ``start`` … ``start + count - 1`` of a free-spot
    search's spiral lie: every search walks the same spiral, and its cosines and sines took an eighth of a
    layout of a thousand nodes."""
    k = np.arange(start, start + count)
    steps, directions = np.sqrt(k)[:, None], np.stack([np.cos(k * 2.39996), np.sin(k * 2.39996)], 1)
    steps.flags.writeable = directions.flags.writeable = False  # shared by every search
    return steps, directions


def _overlaps(xy: np.ndarray, room: np.ndarray, top: np.ndarray, bottom: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """How far each two boxes (of a part, or of each of several, along the first axis) overlap, 0 where they do
    not (and for a box and itself); across and down (both > 0: they overlap); the offsets across between their
    centres, and the middles of the boxes' heights. ``room``: each two boxes' half widths added up."""
    x, y = xy[..., 0], xy[..., 1]
    dx = x[..., :, None] - x[..., None, :]
    across = room - np.abs(dx)
    low, high = y - top, y + bottom
    down = np.minimum(high[..., :, None], high[..., None, :]) - np.maximum(low[..., :, None], low[..., None, :])
    hit = np.minimum(across, down)
    np.maximum(hit, 0, out=hit)
    size = hit.shape[-1]
    hit.reshape(*hit.shape[:-2], size * size)[..., ::size + 1] = 0
    return hit, across, down, dx, (low + high) / 2


def _apart(xy: np.ndarray, half: np.ndarray, top: np.ndarray, bottom: np.ndarray, rng: np.random.Generator,
           rounds: int = 200) -> np.ndarray:
    """Push overlapping boxes apart, each pair along the way it overlaps least, half the overlap each. ``xy``
    and the extents hold parts of as many boxes each, along their first axis, each pushed on its own and all
    jiggled by the same draws of ``rng``: as each alone would be by a fresh generator drawing as ``rng`` does.

    Most parts are small, and a round's few dozen calls of NumPy on a few hundred numbers take as long as their
    calls: parts of a size go together.  A large part's round is all passes over its n² pairs: as few as can be,
    in place."""
    room = half[..., :, None] + half[..., None, :]
    done = np.empty_like(xy)
    parts = np.arange(len(xy))  # the part each one of xy is
    for _ in range(rounds):
        xy = xy + rng.normal(0, 0.01, xy.shape[1:])  # boxes on one spot have no direction apart
        hit, across, down, dx, middle = _overlaps(xy, room, top, bottom)
        crowd = np.count_nonzero(hit, axis=-1)  # how many boxes each overlaps
        pushing = crowd.any(axis=-1)
        if not pushing.all():
            done[parts[~pushing]] = xy[~pushing]
            if not pushing.any():
                return done
            parts, xy, room, top, bottom, hit, across, down, dx, middle, crowd = (
                a[pushing] for a in (parts, xy, room, top, bottom, hit, across, down, dx, middle, crowd))
        # each pair's overlap, across or down (the way it is least), signed away from the other box: both in one
        # array, each box's added up, scaled and moved by in one call each, not one a way
        pushed = np.empty((2, *hit.shape))
        pushed_across, pushed_down = pushed
        np.multiply(hit, across < down, out=pushed_across)
        np.subtract(hit, pushed_across, out=pushed_down)
        pushed_across *= np.sign(dx, out=dx)
        pushed_down *= np.sign(np.subtract(middle[..., :, None], middle[..., None, :], out=across), out=across)
        # a box pushed by many at once moves less than their sum, which would throw a crowd apart;
        # a little more than the overlap, or they only ever touch
        damping = np.sqrt(np.maximum(crowd, 1))
        xy += (pushed.sum(axis=-1) / 2 * 1.05 / damping).transpose(1, 2, 0)
    done[parts] = xy
    return done


def _pack(parts: list[dict[str, list[float]]], boxes: dict[str, Box]) -> dict[str, list[float]]:
    """Parts side by side in rows about :data:`_ASPECT` times as wide as they are high, largest first.

    Of Python's floats (the same sums as NumPy's, one number at a time): most of a page's hundreds of parts
    are a node or two, and a dozen calls of NumPy on each took longer than their sums."""
    framed = []  # each part, its frame's top left corner and its size
    for part in parts:
        extents = [boxes[n].extent() for n in part]
        xs, ys = zip(*part.values())
        left = min(x - half for x, (half, _, _) in zip(xs, extents))
        top = min(y - above for y, (_, above, _) in zip(ys, extents))
        size = (max(x + half for x, (half, _, _) in zip(xs, extents)) - left,
                max(y + below for y, (_, _, below) in zip(ys, extents)) - top)
        framed.append((part, left, top, size))
    # added up from 0 left to right, as sum() adds NumPy's numbers (Python's own it adds another way from 3.12)
    area = reduce(add, ((w + _GAP) * (h + _GAP) for *_, (w, h) in framed), 0)
    width = max([w for *_, (w, _) in framed] + [math.sqrt(_ASPECT * area)])
    pos: dict[str, list[float]] = {}
    x = y = row = 0.0
    for part, left, top, size in framed:
        if x and x + size[0] > width:
            x, y, row = 0.0, y + row + _GAP, 0.0
        pos.update((n, [a - left + x, b - top + y]) for n, (a, b) in part.items())
        x += size[0] + _GAP
        row = max(row, size[1])
    return pos
