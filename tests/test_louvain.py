from __future__ import annotations

import random

import networkx as nx
import pytest

from kg.cooccurrence import load
from kg.louvain import communities


def networkx_s(graph: nx.Graph, seed: int) -> list[list[str]]:
    return sorted(sorted(c) for c in nx.community.louvain_communities(graph, weight="weight", seed=seed))


def ours(graph: nx.Graph, seed: int) -> list[list[str]]:
    return sorted(sorted(c) for c in communities(graph, seed))


def test_the_seeds_communities_are_networkx_s(seeds_out):
    graph = load(seeds_out)
    assert ours(graph, 7) == networkx_s(graph, 7)


@pytest.mark.parametrize("shape", range(300))
def test_a_random_graph_s_communities_are_networkx_s(shape):
    """Few weights, so ties: the first of equal gains wins in both; and a few links of a node to itself."""
    rng = random.Random(shape)
    nodes = [f"n{rng.randrange(10**6)}" for _ in range(rng.randrange(60))]
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for _ in range(rng.randrange(3 * len(nodes) + 1)):
        a, b = rng.choice(nodes), rng.choice(nodes)
        if a != b or rng.random() < 0.05:
            graph.add_edge(a, b, weight=rng.choice([1, 1, 2, 3, 5]))
    for seed in (7, shape):
        assert ours(graph, seed) == networkx_s(graph, seed)
