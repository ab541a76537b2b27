"""Stage 7d, draw: the page's Louvain communities, as NetworkX finds them, several times as fast.

NetworkX's ``louvain_communities(graph, weight="weight", seed=seed)`` (3.6), step for step on lists of
dicts in place of a NetworkX graph a level: the same shuffles of one ``random.Random(seed)``, the same
neighbours in the same order, the same sums in the same order, so the same communities, ties and all
(``tests/test_louvain.py`` holds it to NetworkX's).  Building a graph a level and reading it through its
views (the modularity's, the degrees') was most of NetworkX's time on a page's graph.

A level's graph is a list of dicts: node ``a``'s neighbours ``b`` and the weights of their links, ``a``
itself too when it has a link to itself (a community of the level before), in the order NetworkX's graph
would give them.

>>> import networkx as nx
>>> g = nx.Graph([("a", "b", {"weight": 3}), ("b", "c", {"weight": 3}), ("a", "c", {"weight": 3}),
...               ("c", "d", {"weight": 1}), ("d", "e", {"weight": 3})])
>>> sorted(sorted(c) for c in communities(g, seed=7))
[['a', 'b', 'c'], ['d', 'e']]
"""
from __future__ import annotations

import random

import networkx as nx

__all__ = ["communities"]

_THRESHOLD = 0.0000001  # NetworkX's: the least gain in modularity for another level

Links = list[dict[int, int]]


def communities(graph: nx.Graph, seed: int) -> list[set]:
    """The Louvain communities of ``graph`` (undirected, with an int ``weight`` on each link), as
    ``nx.community.louvain_communities(graph, weight="weight", seed=seed)`` finds them."""
    nodes = list(graph)
    index = {n: i for i, n in enumerate(nodes)}
    # NetworkX's graph of the first level: the links added anew, in the order of the graph's edges (as _merged adds
    # them, each node its own community)
    links: Links = [{} for _ in nodes]
    for a, (_, row) in enumerate(graph.adjacency()):
        for b, data in row.items():
            if (j := index[b]) >= a:
                links[a][j] = links[j][a] = data["weight"]
    if not any(links):
        return [{n} for n in nodes]
    degrees = _degrees(links)  # of the level's graph, which its moves and its modularity read
    m = sum(degrees) / 2
    rng = random.Random(seed)
    members = [[n] for n in nodes]  # the graph's nodes in each node of the level
    modularity = _modularity(links, degrees, [[a] for a in range(len(links))])
    while True:
        community, moved = _one_level(links, degrees, m, rng)
        numbered = {c: i for i, c in enumerate(sorted(set(community)))}
        parts: list[list[int]] = [[] for _ in numbered]
        for a, c in enumerate(community):
            parts[numbered[c]].append(a)
        members = [[n for a in part for n in members[a]] for part in parts]
        # no move: these are the level's nodes, NetworkX's answer; too small a gain: NetworkX stops here too
        if not moved or (better := _modularity(links, degrees, parts)) - modularity <= _THRESHOLD:
            return [set(part) for part in members]
        modularity = better
        links = _merged(links, [numbered[c] for c in community], len(parts))
        degrees = _degrees(links)


def _one_level(links: Links, degrees: list[int], m: float, rng: random.Random) -> tuple[list[int], bool]:
    """Each node's community after moving nodes, in a shuffled order, to the neighbouring community that gains
    the most modularity (the first of equals), until none moves; and whether any did. ``degrees``: its nodes'
    (:func:`_degrees`), ``m``: the graph's weight."""
    community = list(range(len(links)))
    totals = list(degrees)  # of each community's degrees
    # a row without a link to itself as it is (it is only read): most of the first level's
    neighbours = [{b: w for b, w in row.items() if b != a} if a in row else row for a, row in enumerate(links)]
    order = list(range(len(links)))
    rng.shuffle(order)
    twice_m2 = 2 * m**2
    # A node's move reads only its neighbours' communities and the totals of those and its own (ints: one that
    # stays leaves them as they were), so one that stayed stays again until a move changes one of them: only
    # the nodes watching the two communities of a move are tried again, the same moves as trying all of them
    # in far fewer tries once few nodes move
    stale = set(order)
    watching: list[set[int]] = [set() for _ in links]  # of each community, the nodes that stayed reading it
    moved = False
    moves = 1
    while moves:
        moves = 0
        for a in order:
            if a not in stale:
                continue
            best_gain = 0
            best = here = community[a]
            # to each neighbouring community: ints, the same sums as NetworkX's floats (exact), added faster
            weights: dict[int, int] = {}
            for b, w in neighbours[a].items():
                c = community[b]
                weights[c] = weights.get(c, 0) + w
            degree = degrees[a]
            totals[here] -= degree
            remove_cost = -weights.get(here, 0.0) / m + totals[here] * degree / twice_m2
            for c, w in weights.items():
                gain = remove_cost + w / m - totals[c] * degree / twice_m2
                if gain > best_gain:
                    best_gain, best = gain, c
            totals[best] += degree
            if best != here:
                community[a] = best
                moves += 1
                moved = True
                for c in (here, best):
                    stale |= watching[c]
                    watching[c].clear()
            else:
                stale.discard(a)
                watching[here].add(a)
                for c in weights:
                    watching[c].add(a)
    return community, moved


def _merged(links: Links, community: list[int], size: int) -> Links:
    """The graph of ``size`` communities, ``community`` being each node's: NetworkX's, built by adding each link
    once, in the order of its graph's edges, to the one between their communities."""
    merged: Links = [{} for _ in range(size)]
    for a, row in enumerate(links):
        for b, w in row.items():
            if b >= a:
                ca, cb = community[a], community[b]
                merged[ca][cb] = merged[cb][ca] = merged[ca].get(cb, 0) + w
    return merged


def _degrees(links: Links) -> list[int]:
    """Each node's weighted degree, a link to itself counted twice."""
    return [sum(row.values()) + row.get(a, 0) for a, row in enumerate(links)]


def _modularity(links: Links, degrees: list[int], parts: list[list[int]]) -> float:
    """The modularity of a partition (NetworkX's ``modularity``, its sum in the same order); ``degrees``: the
    nodes' (:func:`_degrees`)."""
    total = sum(degrees)
    m, norm = total / 2, 1 / total**2
    part_of = [0] * len(links)
    for i, part in enumerate(parts):
        for a in part:
            part_of[a] = i
    # each part's weight within and degrees, in one pass over the links: sums of ints, the same in any order
    within, strength = [0] * len(parts), [0] * len(parts)
    for a, row in enumerate(links):
        here = part_of[a]
        strength[here] += degrees[a]
        for b, w in row.items():
            if b >= a and part_of[b] == here:
                within[here] += w
    return sum(w / m - s * s * norm for w, s in zip(within, strength))
