"""Collaboration: the network of collaboration links, its communities, silos."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # networkx loads with the first collaboration analysis, not with stats
    import networkx as nx

    from orggraph.core.org import Org
from orggraph.core.rows import Rows
from orggraph.ops.analysis.checks import check_bool, check_lang, check_seed
from orggraph.ops.analysis.structure import department_of, departments

__all__ = ["collaboration", "collaboration_graph", "communities_vs_departments", "silos"]


# -- collaboration --------------------------------------------------------------------------


def collaboration_graph(org: Org, *, dotted: bool = False) -> nx.Graph:
    """The collaboration network: an undirected, weighted ``networkx.Graph``.

    Nodes are the units with at least one collaboration link (chart order); an edge
    joins two units linked in either direction, with ``weight`` = the number of links
    between them and ``kinds`` = the sorted link kinds. With ``dotted=True`` dotted
    (matrix) reporting lines count as links too.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units: [{id: a, name: A}, {id: b, name: B, parent: a}, {id: c, name: C, parent: a}]
    ... links:
    ...   - {kind: collaboration, from: b, to: c}
    ...   - {kind: collaboration, from: c, to: b, relation: reviews}
    ...   - {kind: dotted, from: a, to: b}
    ... ''')
    >>> g = collaboration_graph(org)
    >>> list(g.nodes), list(g.edges(data=True))
    (['b', 'c'], [('b', 'c', {'weight': 2, 'kinds': ('collaboration',)})])
    >>> sorted(collaboration_graph(org, dotted=True).edges(data="kinds"))
    [('a', 'b', ('dotted',)), ('b', 'c', ('collaboration',))]
    """
    dotted = check_bool(dotted, "dotted")
    kinds = ("collaboration", "dotted") if dotted else ("collaboration",)
    pairs: dict[frozenset[str], tuple[int, set[str]]] = {}
    for u, v, data in org.links():
        kind = str(data.get("kind"))
        if kind not in kinds or u == v:
            continue
        key = frozenset((u, v))
        weight, seen = pairs.get(key, (0, set()))
        pairs[key] = (weight + 1, seen | {kind})
    linked = {u for key in pairs for u in key}
    order = {u: i for i, u in enumerate(org.units())}
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(u for u in org.units() if u in linked)
    for key, (weight, seen) in sorted(
        pairs.items(), key=lambda kv: sorted(order[u] for u in kv[0])
    ):
        a, b = sorted(key, key=order.__getitem__)
        graph.add_edge(a, b, weight=weight, kinds=tuple(sorted(seen)))
    return graph


def _communities(graph: nx.Graph, order: Mapping[str, int], seed: int) -> list[list[str]]:
    """Louvain communities (fixed *seed*), largest first, each in chart order."""
    if graph.number_of_nodes() == 0:
        return []
    import networkx as nx

    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    groups = [sorted(c, key=order.__getitem__) for c in found]
    groups.sort(key=lambda g: (-len(g), order[g[0]]))
    return groups


def collaboration(
    org: Org,
    *,
    dotted: bool = False,
    level: str | int | None = None,
    seed: int = 0,
    lang: str | None = None,
) -> Rows:
    """Each collaborating unit's place in the collaboration network.

    Rows (brokers first: by betweenness, then degree, then chart order): ``unit``,
    ``name``, ``department`` (see :func:`department_of` for *level*), ``degree`` (the
    number of distinct partners), ``links`` (the number of links, i.e. weighted degree),
    ``betweenness`` (normalised betweenness centrality: the share of shortest paths
    between other units that pass through this one; brokers score high) and
    ``community`` (1 = the largest Louvain community, found with the fixed *seed*).
    *dotted* adds dotted-line links to the network (:func:`collaboration_graph`).

    A path a - b - c - d: b and c each lie on 2 of the 3 shortest paths between
    the other units, so their normalised betweenness is 2/3.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units: [{id: a, name: A}, {id: b, name: B, parent: a}, {id: c, name: C, parent: a}, {id: d, name: D, parent: a}]
    ... links:
    ...   - {kind: collaboration, from: a, to: b}
    ...   - {kind: collaboration, from: b, to: c}
    ...   - {kind: collaboration, from: c, to: d}
    ... ''')
    >>> [(r["unit"], r["degree"], round(r["betweenness"], 3)) for r in collaboration(org)]
    [('b', 2, 0.667), ('c', 2, 0.667), ('a', 1, 0.0), ('d', 1, 0.0)]
    """
    lang = check_lang(lang)
    seed = check_seed(seed)
    dept = department_of(org, level=level)
    graph = collaboration_graph(org, dotted=dotted)
    order = {u: i for i, u in enumerate(org.units())}
    import networkx as nx

    between = nx.betweenness_centrality(graph, normalized=True) if len(graph) else {}
    community = {
        u: i for i, group in enumerate(_communities(graph, order, seed), start=1) for u in group
    }
    rows = [
        {
            "unit": u,
            "name": org.name(u, lang=lang),
            "department": dept[u],
            "degree": graph.degree(u),
            "links": graph.degree(u, weight="weight"),
            "betweenness": float(between[u]),
            "community": community[u],
        }
        for u in graph.nodes
    ]
    rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], order[r["unit"]]))
    return Rows(
        rows,
        columns=("unit", "name", "department", "degree", "links", "betweenness", "community"),
        kind="collaboration",
        org=org,
        options={"dotted": dotted, "level": level, "seed": seed, "lang": lang},
    )


def communities_vs_departments(
    org: Org,
    *,
    dotted: bool = False,
    level: str | int | None = None,
    seed: int = 0,
    lang: str | None = None,
) -> Rows:
    """The communities of the collaboration network set against the formal departments.

    Communities are found with Louvain modularity (networkx, fixed *seed*, so the
    answer is reproducible). One row per community, largest first: ``community``,
    ``size``, ``units`` (chart order), ``departments`` (the departments of its units,
    most units first, ties in chart order; ``None`` for units above every department),
    ``main_department`` (the one department with more of the community's units than any
    other; ``None`` on a tie or when no unit has a department), ``main_name`` (its name)
    and ``purity`` (the share of the community's units in its largest department: 1 when
    the community is one department's own, lower when it cuts across departments; 0
    when none of its units has a department).

    Two triangles joined by one edge form two communities:

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - id: hq
    ...     name: HQ
    ...     units:
    ...       - {id: x, name: X, units: [{id: x1, name: X1}, {id: x2, name: X2}]}
    ...       - {id: y, name: Y, units: [{id: y1, name: Y1}, {id: y2, name: Y2}]}
    ... links:
    ...   - {kind: collaboration, from: x, to: x1}
    ...   - {kind: collaboration, from: x1, to: x2}
    ...   - {kind: collaboration, from: x2, to: x}
    ...   - {kind: collaboration, from: y, to: y1}
    ...   - {kind: collaboration, from: y1, to: y2}
    ...   - {kind: collaboration, from: y2, to: y}
    ...   - {kind: collaboration, from: x2, to: y1}
    ... ''')
    >>> [(r["units"], r["main_department"], r["purity"]) for r in communities_vs_departments(org)]
    [(['x', 'x1', 'x2'], 'x', 1.0), (['y', 'y1', 'y2'], 'y', 1.0)]
    """
    lang = check_lang(lang)
    seed = check_seed(seed)
    check_bool(dotted, "dotted")
    dept = department_of(org, level=level)
    graph = collaboration_graph(org, dotted=dotted)
    order = {u: i for i, u in enumerate(org.units())}
    rows = [
        _community_row(org, i, group, dept, order, lang)
        for i, group in enumerate(_communities(graph, order, seed), start=1)
    ]
    return Rows(
        rows,
        columns=(
            "community",
            "size",
            "units",
            "departments",
            "main_department",
            "main_name",
            "purity",
        ),
        kind="communities_vs_departments",
        org=org,
        options={"dotted": dotted, "level": level, "seed": seed, "lang": lang},
    )


def _community_row(
    org: Org,
    number: int,
    group: list[str],
    dept: Mapping[str, str | None],
    order: Mapping[str, int],
    lang: str | None,
) -> dict[str, Any]:
    """One row of :func:`communities_vs_departments`: community *number*, its units
    *group* (chart order) set against their departments *dept*."""
    counts = Counter(dept[u] for u in group)
    ranked = sorted(
        counts,
        key=lambda d: (-counts[d], d is None, order[d] if d is not None else 0),
    )
    real = [d for d in ranked if d is not None]
    top = counts[real[0]] if real else 0
    # The main department must be unique: a tie has none.
    main = real[0] if real and (len(real) == 1 or counts[real[1]] < top) else None
    return {
        "community": number,
        "size": len(group),
        "units": group,
        "departments": ranked,
        "main_department": main,
        "main_name": org.name(main, lang=lang) if main is not None else None,
        "purity": top / len(group),
    }


def silos(
    org: Org, *, level: str | int | None = None, dotted: bool = False, lang: str | None = None
) -> Rows:
    """Departments none of whose units collaborate with a unit outside the department.

    *level* chooses the departments (see :func:`department_of`); *dotted* counts dotted
    lines as collaboration too. Rows in chart order: ``department``, ``name``,
    ``units`` (the department's units, itself included) and ``internal`` (links between
    its own units; 0 means it has no collaboration links at all).

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - id: hq
    ...     name: HQ
    ...     units:
    ...       - {id: a, name: A, units: [{id: a1, name: A1}]}
    ...       - {id: b, name: B, units: [{id: b1, name: B1}]}
    ...       - {id: c, name: C}
    ...       - {id: d, name: D}
    ... links:
    ...   - {kind: collaboration, from: a, to: a1}
    ...   - {kind: collaboration, from: b1, to: c}
    ...   - {kind: dotted, from: hq, to: d}
    ... ''')
    >>> print(silos(org))
    department  name  units  internal
    ----------  ----  -----  --------
    a           A         2         1
    d           D         1         0
    >>> [r["department"] for r in silos(org, dotted=True)]
    ['a']
    """
    lang = check_lang(lang)
    dept = department_of(org, level=level)
    graph = collaboration_graph(org, dotted=dotted)
    members = Counter(d for d in dept.values() if d is not None)
    internal: Counter[str] = Counter()
    outside: set[str] = set()
    for u, v, weight in graph.edges(data="weight"):
        du, dv = dept[u], dept[v]
        if du is not None and du == dv:
            internal[du] += weight
            continue
        outside.update(d for d in (du, dv) if d is not None)
    rows = [
        {
            "department": d,
            "name": org.name(d, lang=lang),
            "units": members[d],
            "internal": internal[d],
        }
        for d in departments(org, level=level)
        if d not in outside
    ]
    return Rows(
        rows,
        columns=("department", "name", "units", "internal"),
        kind="silos",
        org=org,
        options={"level": level, "dotted": dotted, "lang": lang},
    )
