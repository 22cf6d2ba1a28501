"""The collaboration network, grouped by department."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from orggraph.ops.analysis.collaboration import (
    collaboration,
    collaboration_graph,
    communities_vs_departments,
    silos,
)
from orggraph.ops.analysis.structure import departments
from orggraph.render import fonts
from orggraph.render.analysis_plots.common import (
    NO_DEPARTMENT_COLOR,
    messages,
    palette_for,
    unit_colour,
    wrap,
)
from orggraph.render.plots import finish, new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from orggraph.core.org import Org

__all__ = ["collaboration_network"]


# -- the collaboration network -------------------------------------------------------------------


def _hull(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull of *points* (Andrew's monotone chain), counter-clockwise."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _layout(graph: Any, seed: int) -> dict[str, tuple[float, float]]:
    """Node positions: each connected component laid out on its own (spring layout,
    fixed *seed*), scaled to its size, and the components set side by side, largest
    first, so that no component is crushed by the distance between components."""
    import networkx as nx

    out: dict[str, tuple[float, float]] = {}
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(map(str, c))))
    x0 = 0.0
    for part in parts:
        sub = _component(graph, part)
        n = len(part)
        size = 1.8 * math.sqrt(n) if n > 1 else 0.0
        if n == 1:
            pos = {next(iter(part)): (0.0, 0.0)}
        else:
            raw = nx.spring_layout(sub, seed=seed, weight="weight", iterations=500)
            pos = {u: (float(p[0]), float(p[1])) for u, p in raw.items()}
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        extent = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
        for u, (x, y) in pos.items():
            out[u] = (
                x0 + (x - min(xs)) / extent * size,
                (y - (min(ys) + max(ys)) / 2) / extent * size,
            )
        x0 += (max(xs) - min(xs)) / extent * size + 1.6
    return out


def _component(graph: Any, part: set[str]) -> Any:
    """The subgraph of *graph* on *part* with its nodes in the graph's order: a
    subgraph view of a small part iterates the set, whose order changes from process to
    process with the string hash seed, and the spring layout follows the node order."""
    import networkx as nx

    sub = nx.Graph()
    sub.add_nodes_from(u for u in graph if u in part)
    sub.add_edges_from(graph.subgraph(part).edges(data=True))
    return sub


def collaboration_network(
    org: Org,
    *,
    dotted: bool = False,
    level: str | int | None = None,
    seed: int = 0,
    lang: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """The collaboration network: units coloured by department, sized by betweenness.

    The layout is networkx's spring layout with the fixed *seed* (so the picture is
    reproducible); each Louvain community (:func:`orggraph.ops.analysis.collaboration.collaboration`) is
    shaded. With ``dotted=True`` dotted reporting lines are drawn too, dashed. The title
    names the departments with no collaboration outside themselves
    (:func:`orggraph.ops.analysis.collaboration.silos`). Each node's label has the unit id as ``gid``.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - {id: hq, name: HQ, units: [{id: a, name: A}, {id: b, name: B}, {id: c, name: C}]}
    ... links: [{kind: collaboration, from: a, to: b}]
    ... ''')
    >>> ax = collaboration_network(org, lang="en").axes[0]
    >>> sorted(t.get_gid() for t in ax.texts if t.get_gid())
    ['a', 'b']
    >>> print(ax.get_title())
    Collaboration network: 2 units, 1 links, 1 communities (shaded)
    no collaboration outside the department: C
    """
    rows = collaboration(org, dotted=dotted, level=level, seed=seed, lang=lang)
    groups = communities_vs_departments(org, dotted=dotted, level=level, seed=seed, lang=lang)
    isolated = silos(org, level=level, dotted=dotted, lang=lang)
    graph = collaboration_graph(org, dotted=dotted)
    dept, colour = palette_for(org, level)
    msg = messages(org, lang)
    title = msg["net_title"].format(n=len(graph), m=graph.number_of_edges(), c=len(groups))
    if isolated:
        title += "\n" + msg["net_silos"].format(names=msg["sep"].join(r["name"] for r in isolated))
    names = {r["unit"]: r["name"] for r in rows}
    between = {r["unit"]: r["betweenness"] for r in rows}
    used = [d for d in departments(org, level=level) if any(dept[u] == d for u in graph)]
    legend_names = [org.name(d, lang=lang) for d in used]

    texts = [title, *names.values(), *legend_names, msg["no_dept"], msg["net_size"]]
    with fonts.cjk_rc(texts) as family:
        n = len(graph)
        xy = _layout(graph, seed) if n else {}
        wide = max([p[0] for p in xy.values()] or [1.0]) - min([p[0] for p in xy.values()] or [0.0])
        tall = max([p[1] for p in xy.values()] or [1.0]) - min([p[1] for p in xy.values()] or [0.0])
        scale = min(1.5, 12.0 / max(wide, tall, 1.0))
        fig, ax, own = new_axes(ax, max(7.0, wide * scale + 2.0), max(5.0, tall * scale + 3.0))
        ax.set_title(title)
        ax.set_axis_off()
        if n == 0:
            ax.text(0.5, 0.5, msg["net_empty"], ha="center", va="center", transform=ax.transAxes)
            return finish(fig, ax, own, family)
        radius = 0.35
        _draw_communities(ax, [row["units"] for row in groups], xy, radius)
        dashed = _draw_edges(ax, graph, xy)
        _draw_nodes(ax, list(graph), xy, (names, between), (dept, colour))
        xs = [p[0] for p in xy.values()]
        ys = [p[1] for p in xy.values()]
        pad = radius * 1.6
        ax.set_xlim(min(xs) - pad, max(xs) + pad)
        ax.set_ylim(min(ys) - pad * 1.5, max(ys) + pad)
        ax.set_aspect("equal", adjustable="box")
        keys = [(colour[d], name) for d, name in zip(used, legend_names, strict=True)]
        if any(dept[u] is None for u in graph):
            keys.append((NO_DEPARTMENT_COLOR, msg["no_dept"]))
        _draw_legend(ax, keys, msg["net_dotted"] if dashed else None, msg["net_size"])
        return finish(fig, ax, own, family)


def _draw_communities(
    ax: Axes, communities: list[list[str]], xy: dict[str, tuple[float, float]], radius: float
) -> None:
    """A shaded hull round each community's nodes (circles of *radius*)."""
    from matplotlib.patches import Polygon

    for units in communities:
        ring = [
            (x + radius * math.cos(t * math.pi / 8), y + radius * math.sin(t * math.pi / 8))
            for u in units
            for x, y in [xy[u]]
            for t in range(16)
        ]
        hull = _hull(ring)
        ax.add_patch(
            Polygon(
                hull,
                closed=True,
                facecolor="#EDEDED",
                edgecolor="#C8C8C8",
                linewidth=0.8,
                linestyle="--",
                zorder=0,
            )
        )


def _draw_edges(ax: Axes, graph: Any, xy: dict[str, tuple[float, float]]) -> bool:
    """Collaboration solid, dotted lines only dashed, thicker for more links; whether
    any is dashed."""
    from matplotlib.collections import LineCollection

    solid, dashed, solid_w, dashed_w = [], [], [], []
    for u, v, data in graph.edges(data=True):
        seg = [xy[u], xy[v]]
        w = 1.0 + 1.2 * (data["weight"] - 1)
        if "collaboration" in data["kinds"]:
            solid.append(seg)
            solid_w.append(w)
        else:
            dashed.append(seg)
            dashed_w.append(w)
    ax.add_collection(LineCollection(solid, colors="#777777", linewidths=solid_w, zorder=1))
    if dashed:
        ax.add_collection(
            LineCollection(dashed, colors="#777777", linewidths=dashed_w, linestyles="--", zorder=1)
        )
    return bool(dashed)


def _draw_nodes(
    ax: Axes,
    nodes: list[str],
    xy: dict[str, tuple[float, float]],
    labels: tuple[dict[str, str], dict[str, float]],
    palette: tuple[dict[str, str | None], dict[str, str]],
) -> None:
    """A disc per unit, sized by betweenness and coloured by department, and its name
    under it (the unit id as the label's ``gid``). *labels* are the names and the
    betweenness of each unit."""
    names, between = labels
    dept, colour = palette
    ax.scatter(
        [xy[u][0] for u in nodes],
        [xy[u][1] for u in nodes],
        s=[220 + 1800 * between[u] for u in nodes],
        c=[unit_colour(u, dept, colour) for u in nodes],
        edgecolors="white",
        linewidths=1.2,
        zorder=2,
    )
    for u in nodes:
        x, y = xy[u]
        label = ax.annotate(
            wrap(names[u], 18),
            (x, y),
            xytext=(0, -12 - 14 * between[u]),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize="small",
            zorder=3,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
        )
        label.set_gid(u)


def _draw_legend(ax: Axes, keys: list[tuple[str, str]], dotted: str | None, size_note: str) -> None:
    """Departments' colours ``(colour, name)``, the dashed line (when *dotted* is its
    label) and what a disc's size means, under the network."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [Patch(facecolor=c, label=name) for c, name in keys]
    if dotted is not None:
        handles.append(Line2D([], [], color="#777777", linestyle="--", label=dotted))
    handles.append(
        Line2D(
            [],
            [],
            linestyle="",
            marker="o",
            markersize=9,
            markerfacecolor="white",
            markeredgecolor="#777777",
            label=size_note,
        )
    )
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncols=min(3, len(handles)),
        fontsize="small",
        frameon=False,
    )
