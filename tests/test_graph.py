"""The direct networkx build (orggraph.core.graph) against networkx's own.

``build_graph`` fills a ``MultiDiGraph``'s adjacency dicts directly, relying on how
networkx lays them out. This file is the contract for every networkx version orggraph
supports (``pyproject.toml``: ``networkx>=3.1,<4``): the graph must equal the one
networkx builds through its public API (``add_nodes_from`` and ``add_edges_from``), node
for node, edge for edge, key for key, in the same order. ``scripts/networkx-versions.sh``
runs it under each supported release.
"""

from __future__ import annotations

import warnings
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import documents

import orggraph as og
from orggraph.core.graph import build_graph
from orggraph.datasets import synthetic


def with_api(org: og.Org) -> nx.MultiDiGraph:
    """The organisation's graph as networkx builds it: responsibilities, then units in
    row order; reporting edges, then responsibility edges, then links in file order."""
    nodes = org.node_data
    rows = list(org._ids)
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((r, nodes[r]) for r in org.responsibility_ids())
    graph.add_nodes_from((u, nodes[u]) for u in rows)
    edges: list[tuple[str, str, dict[str, Any]]] = [
        (parent, u, {"kind": "reporting"}) for u in rows if (parent := org.parent(u)) is not None
    ]
    edges += [(u, r, {"kind": "responsibility"}) for u in rows for r in org.responsibilities(u)]
    edges += org.links()
    graph.add_edges_from(edges)
    return nx.freeze(graph)


def assert_same(direct: nx.MultiDiGraph, api: nx.MultiDiGraph) -> None:
    assert nx.is_frozen(direct) and dict(direct.graph) == dict(api.graph)
    assert list(direct.nodes(data=True)) == list(api.nodes(data=True))
    assert list(direct.edges(keys=True, data=True)) == list(api.edges(keys=True, data=True))
    assert list(direct.in_edges(keys=True, data=True)) == list(api.in_edges(keys=True, data=True))
    assert nx.utils.graphs_equal(direct, api)
    # One key dict per node pair, seen from both ends, as add_edge makes it.
    for u, v in direct.edges():
        assert direct.succ[u][v] == direct.pred[v][u] == api.succ[u][v]
        assert direct._succ[u][v] is direct._pred[v][u]
    assert (direct.number_of_nodes(), direct.number_of_edges()) == (
        api.number_of_nodes(),
        api.number_of_edges(),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_the_direct_build_equals_networkx_own_on_random_organisations(
    doc: dict[str, Any],
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        org = og.Org.from_dict(doc)
    assert_same(build_graph(org), with_api(org))


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 400), st.integers(0, 2**16))
def test_the_direct_build_equals_networkx_own_on_table_imports(n: int, seed: int) -> None:
    org = synthetic(n, seed=seed)  # dotted links, some beside a reporting line
    assert_same(build_graph(org), with_api(org))


def test_a_second_edge_between_two_units_gets_the_next_key() -> None:
    org = og.loads(
        "units: [{id: a, name: A, responsibilities: [r], units: [{id: b, name: B}]}]\n"
        "responsibilities: [{id: r, name: R}]\n"
        "links: [{kind: dotted, from: a, to: b}, {kind: collaboration, from: a, to: b},"
        " {kind: collaboration, from: b, to: a, mutual: true}]\n"
    )
    graph = org.graph
    assert_same(graph, with_api(org))
    assert sorted(graph["a"]["b"]) == [0, 1, 2]
    assert graph["a"]["b"][0] == {"kind": "reporting"}
    assert graph["a"]["r"] == {0: {"kind": "responsibility"}}
    with pytest.raises(nx.NetworkXError, match="Frozen"):
        graph.add_edge("b", "a")
