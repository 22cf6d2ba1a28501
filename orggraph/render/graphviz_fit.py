"""Graphviz charts that fit a page: the tidy engine's arrangement, drawn by Graphviz.

``dot`` puts every level of a tree on one rank, so an organisation of a few dozen units
is a strip (the seed: 7,564 x 1,002 px), and nothing in Graphviz folds a rank:
``ratio`` and ``size`` only scale or pad the drawing, ``ratio=compress`` cannot pack a
rank tighter than its boxes, and pushing children onto lower ranks with invisible
edges makes reporting lines run between other boxes. So when ``fit`` is set, the
Graphviz engine takes its geometry from the tidy layout (:mod:`orggraph.render.tidy.fit`):

1. Graphviz measures every box with its own fonts (``neato -n2 -Tjson`` on the boxes
   alone: nothing is laid out);
2. the tidy engine's plan for the chart (the one the tidy engine draws, the same in
   every language) is laid out with boxes of those sizes (the diff chart, whose boxes say
   more than the tidy engine's, searches its plan on Graphviz's boxes themselves);
3. ``neato -n2`` draws the boxes and the reporting lines where the layout put them, and
   the dotted and collaboration links along the routes :mod:`orggraph.render.tidy.routing`
   finds round the boxes, their relations where :mod:`orggraph.render.tidy.linklabels`
   puts them (or numbered markers and a key): links cannot move a box. (neato's own
   router takes 19 s for one link among 300 boxes.)
   Boxes that are not units' (assistants, people boxes: :mod:`orggraph.render.tidy.extras`)
   are added as pinned nodes with their side connectors; a board drawn apart gets a
   dashed border and dashed lines down.

The DOT text (``format="dot"``, :func:`orggraph.render.graphviz.to_dot`) stays the
chart's natural ``dot`` source. ``fit=None`` draws with ``dot`` as before.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from orggraph.core.view import make_view
from orggraph.errors import RenderError
from orggraph.names import clean
from orggraph.render import graphviz as gv
from orggraph.render.options import ChartOptions
from orggraph.render.quoting import dot_string, html_element, html_label, xml_text
from orggraph.render.tidy.fit import Frame, fit_layout, free_knobs, stacking
from orggraph.render.tidy.layout import Knobs, Layout, tree_layout
from orggraph.render.tidy.linklabels import LinkDrawing, Placed, link_drawing
from orggraph.render.tidy.routing import rounded
from orggraph.render.tidy.scene import build_scene, gaps_for
from orggraph.render.tidy.structure import E_NAME, E_VACANT, additions, extra_style

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = ["draw_fitted", "fitted_source", "render_bytes"]

_NEATO = ("-Kneato", "-n2")
_PAD = 4.0  # points Graphviz adds on each side of a drawing
_ARROWS = {"dotted": 10.0, "collaboration": 7.0}  # arrowhead lengths as chart_graph draws them
_WIDER = 1.15  # Graphviz's text runs up to this much wider than our measure of it


def render_bytes(
    org: Org, format: str, *, options: ChartOptions | None = None, **kwargs: Any
) -> bytes:
    """The chart as ``"svg"``, ``"png"`` or ``"pdf"`` bytes, drawn by Graphviz where
    the fitted tidy layout puts the boxes; with ``fit=None``, ``rankdir`` other than
    ``"TB"`` or ``format="dot"``, as :func:`orggraph.render.graphviz.render_bytes` draws
    it.

    >>> import orggraph as og
    >>> svg = render_bytes(og.datasets.load("ecommerce"), "svg", lang="en")  # doctest: +SKIP
    """
    o = ChartOptions.of(options, **kwargs)
    if o.fit is None or format == "dot" or o.rankdir != "TB":
        return gv.render_bytes(org, format, options=o)
    source, titles = fitted_source(org, o)
    return draw_fitted(source, titles, format, o)


def draw_fitted(source: str, titles: dict[str, str], format: str, o: ChartOptions) -> bytes:
    """Run ``neato -n2`` on a :func:`fitted_source`; an SVG gets font fallbacks and the
    hover *titles*."""
    args = [*_NEATO, *([f"-Gdpi={o.dpi:g}"] if format == "png" else [])]
    data = gv.run_dot(source, format, timeout=o.timeout, args=args)
    if format == "svg":
        data = gv.svg_titles(gv.svg_fonts(data, o.theme.font), titles)
    return data


def fitted_source(
    org: Org, o: ChartOptions, *, hooks: Mapping[str, Any] | None = None, own_plan: bool = False
) -> tuple[str, dict[str, str]]:
    """The DOT source with every box's position and every reporting line's route (for
    ``neato -n2``), and the boxes' hover texts. *hooks* are those of
    :func:`orggraph.render.graphviz.chart_graph` (the diff chart's styles, notes and
    legend); with *own_plan* the layout is fitted to Graphviz's boxes themselves, for
    boxes that say more than the tidy engine's (so their structure may differ by language)."""
    extra = dict(hooks or {})
    styles: Mapping[str, Mapping[str, str]] = extra.pop("unit_styles", None) or {}
    plain = replace(o, stack_leaves=0)  # every child joined to its parent by its own edge
    view = make_view(org, o.root, o.depth)
    sizes, frame = _graphviz_sizes(org, view.shown, plain, styles, extra)
    h_gap, v_gap = gaps_for(o.theme)
    lang = o.lang or (org.lang[0] if org.lang else None)
    added = additions(org, view, o.people, lang, o.theme.small_fontsize)
    if own_plan and o.fit is not None:
        base = Knobs(*stacking(o), fold_width=o.fold_width)
        free = free_knobs(o)
        gaps = (h_gap, v_gap)
        lay = fit_layout(
            org,
            view,
            sizes,
            sizes,
            (),
            fit=o.fit,
            base=base,
            free=free,
            frame=frame,
            gaps=gaps,
            extras=added.extras,
        )
    else:
        plan = build_scene(org, o).layout.plan
        lay = tree_layout(
            org,
            view=view,
            box_size=sizes,
            h_gap=h_gap,
            v_gap=v_gap,
            plan=plan,
            extras=added.extras,
        )
    placed = {u: {**styles.get(u, {}), **pos} for u, pos in _placed(lay).items()}
    source, titles = _with_links(org, (plain, o), lay, {**extra, "unit_styles": placed})
    return _with_extras(source, lay, added.lines, o), titles


def _with_links(
    org: Org, opts: tuple[ChartOptions, ChartOptions], lay: Layout, hooks: dict[str, Any]
) -> tuple[str, dict[str, str]]:
    """The DOT source of *lay* (:func:`orggraph.render.graphviz.chart_graph` with
    *hooks*, on the options *opts* ``(as drawn, as given)``) with every link along its
    route and its relation where :func:`~orggraph.render.tidy.linklabels.link_drawing`
    puts it, and the key of numbered markers as a text node under the chart."""
    plain, o = opts
    lang = o.lang or (org.lang[0] if org.lang else None)
    links: list[tuple[str, str, str, str, bool]] = []

    def note(*link: Any) -> str:  # the first pass only lists the links drawn
        links.append(link)
        return ""

    first = gv.chart_graph(org, plain, assistant_lines=False, link_attrs=note, **hooks)
    if not links:  # the note added nothing: the first pass is the chart
        return first
    index = lay.index
    ends = [(index[a], index[b], clean(relation), mutual) for _, a, b, relation, mutual in links]
    names = [clean(org.name(u, lang=lang)) for u in lay.units]
    small = o.theme.small_fontsize
    drawing = link_drawing(lay, ends, names, small * _WIDER, small * 1.3, mode=o.link_labels)
    attrs = {
        link: _link_pos(lay.height, (path, radii), spot, link[0], link[4], o)
        for link, path, radii, spot in zip(
            links, drawing.routes, drawing.radii, drawing.labels, strict=True
        )
    }
    source, titles = gv.chart_graph(
        org, plain, assistant_lines=False, link_attrs=lambda *k: attrs[k], **hooks
    )
    if drawing.key:
        source = (
            source.rstrip().removesuffix("}") + _key_node(lay.height, drawing, links, o) + "}\n"
        )
    return source, titles


def _spline(
    top: float, path: list[tuple[float, float]], radii: list[float]
) -> list[tuple[float, float]]:
    """A route (its corners rounded) as the control points of a B-spline in Graphviz's
    coordinates (y upwards): straight runs as cubics whose controls lie on them."""
    out = [(path[0][0], top - path[0][1])]
    for step in rounded(path, radii):
        pts = [(x, top - y) for x, y in step]
        out += [out[-1], pts[0], pts[0]] if len(pts) == 1 else pts
    return out


def _cut(path: list[tuple[float, float]], length: float) -> list[tuple[float, float]]:
    """*path* with its last *length* points cut off (room for an arrowhead), keeping a
    little of the last run."""
    (ax, ay), (bx, by) = path[-2], path[-1]
    run = abs(bx - ax) + abs(by - ay)
    cut = min(length, max(run - 1.0, 0.0))
    if not run or not cut:
        return list(path)
    t = (run - cut) / run
    return [*path[:-1], (ax + (bx - ax) * t, ay + (by - ay) * t)]


def _link_pos(
    top: float,
    route: tuple[list[tuple[float, float]], list[float]],
    spot: Placed | None,
    kind: str,
    mutual: bool,
    o: ChartOptions,
) -> str:
    """DOT attributes drawing a link along its *route* (points and corner radii) with
    its label at *spot*."""
    path, radii = route
    arrow = _ARROWS[kind]
    body = _cut(path, arrow)
    parts = []
    if mutual and kind == "collaboration":  # neato reads the start's arrow first
        body = _cut(body[::-1], arrow)[::-1]
        parts.append(f"s,{path[0][0]:.2f},{top - path[0][1]:.2f}")
    parts.append(f"e,{path[-1][0]:.2f},{top - path[-1][1]:.2f}")
    parts += [f"{x:.2f},{y:.2f}" for x, y in _spline(top, body, radii)]
    out = f", pos={dot_string(' '.join(parts))}"
    if kind == "dotted":  # in the link's colour, as the tidy engine writes it
        out += f", fontcolor={dot_string(o.theme.dotted_color)}"
    if spot is not None:
        out += f", lp={dot_string(f'{spot.x:.2f},{top - spot.y:.2f}')}"
        if spot.number:
            out += f", label=<{_marker(spot.number, kind, o)}>"

    return out


def _marker(number: int, kind: str, o: ChartOptions) -> str:
    """A numbered marker: the number in a small rounded frame, in the link's colour."""
    color = xml_text(o.theme.dotted_color if kind == "dotted" else o.theme.collaboration_color)
    return (
        f'<table border="1" cellborder="0" cellpadding="0" cellspacing="0" style="rounded" '
        f'color="{color}" bgcolor="{xml_text(o.theme.background)}"><tr><td>'
        f'<font color="{color}">{number}</font></td></tr></table>'
    )


def _key_node(
    top: float, drawing: LinkDrawing, links: list[tuple[str, str, str, str, bool]], o: ChartOptions
) -> str:
    """A text node under the chart listing the markers: ``1 relation (A → B)``."""
    kinds = {s.number: link[0] for link, s in zip(links, drawing.labels, strict=True) if s}
    cols = drawing.key_columns
    rows = -(-len(drawing.key) // cols)
    muted = xml_text(o.theme.muted_text)
    body = []
    for r in range(rows):
        cells = []
        for c in range(cols):
            pos = c * rows + r
            if pos >= len(drawing.key):
                break
            number, text = drawing.key[pos]
            cells.append(
                f"<td>{_marker(number, kinds[number], o)}</td>"
                f'<td align="left"><font color="{muted}">{html_label(text)}</font></td>'
            )
        body.append(f"<tr>{''.join(cells)}</tr>")
    table = f'<table border="0" cellspacing="3" cellpadding="1">{"".join(body)}</table>'
    x, y = drawing.key_at
    w, h = drawing.key_size
    return (
        f'  "link-key" [shape=plain, style="", class="link-key", fontsize={o.theme.small_fontsize:g}, '
        f'pos="{x + w / 2:.2f},{top - y - h / 2:.2f}", label=<{table}>];\n'
    )


def _graphviz_sizes(
    org: Org,
    shown: list[str],
    o: ChartOptions,
    styles: Mapping[str, Mapping[str, str]],
    hooks: Mapping[str, Any],
) -> tuple[list[tuple[float, float]], Frame]:
    """Each box's width and height in points, as Graphviz draws it, and what the graph's
    label (title, caption, legend) and margins add around the boxes."""
    pinned = {u: {**styles.get(u, {}), "pos": "0,0"} for u in shown}
    source, _ = gv.chart_graph(org, o, unit_styles=pinned, assistant_lines=False, **hooks)
    out = json.loads(
        gv.run_dot(source, "json", timeout=o.timeout, args=[*_NEATO, "-Gsplines=false"])
    )
    nodes = [x for x in out.get("objects", []) if "width" in x]
    if len(nodes) != len(shown):
        raise RenderError(f"Graphviz measured {len(nodes)} boxes for {len(shown)} units")
    label_w, label_h = 72 * float(out.get("lwidth", 0)), 72 * float(out.get("lheight", 0))
    frame = Frame(2 * _PAD, label_h + 2 * _PAD, label_w + 2 * _PAD)
    return [(72 * float(x["width"]), 72 * float(x["height"])) for x in nodes], frame


def _placed(lay: Layout) -> dict[str, dict[str, str]]:
    """DOT attributes that pin each box where *lay* puts it (Graphviz measures y
    upwards, from the centre of a box) and the reporting line into it along its route
    (a B-spline whose pieces are straight)."""
    top = lay.height
    styles: dict[str, dict[str, str]] = {}
    for uid, box in lay.boxes():
        styles[uid] = {
            "pos": f"{box.cx:.2f},{top - box.y - box.h / 2:.2f}",
            "width": f"{box.w / 72:.4f}",
            "height": f"{box.h / 72:.4f}",
        }
    for con in lay.connectors:
        pts = [(x, top - y) for x, y in con.points]
        spline = [pts[0]]
        for a, b in itertools.pairwise(pts):
            spline += [a, b, b]
        styles[con.child]["edge_pos"] = " ".join(f"{x:.2f},{y:.2f}" for x, y in spline)
        if con.parent in lay.apart:
            styles[con.child]["edge_style"] = "dashed"
    for uid in lay.apart:
        styles[uid]["style"] = "rounded,filled,dashed"
    return styles


def _with_extras(
    source: str,
    lay: Layout,
    lines: Mapping[tuple[str, str, str], list[tuple[int, str]]],
    o: ChartOptions,
) -> str:
    """*source* with a pinned node per box of *lay* that is not a unit's (its lines
    from *lines*) and its side connector from its unit's box (node ``u<index>``, as
    :func:`orggraph.render.graphviz.chart_graph` names them)."""
    if not lay.extra:
        return source
    theme = o.theme
    small = theme.small_fontsize
    top = lay.height
    warning = theme.warning_color
    out = []
    for k, e in enumerate(lay.extra):
        st = extra_style(theme, e.kind)
        rows = []
        for kind, line in lines.get((e.kind, e.key, e.owner), ()):
            color = st.text if kind == E_NAME else warning if kind == E_VACANT else theme.muted_text
            tags = [f"font color={dot_string(color)}"] + (["b"] if kind != 1 else [])
            cell = html_element(line, *tags)
            if cell:
                rows.append(f"<tr><td>{cell}</td></tr>")
        label = f'<<table border="0" cellborder="0" cellspacing="0" cellpadding="0">{"".join(rows)}</table>>'
        style = "rounded,filled,dashed" if e.kind == "vacant" else "rounded,filled"
        node = dot_string(f"x{k}")
        out.append(
            f'  {node} [label={label}, pos="{e.x + e.w / 2:.2f},{top - e.y - e.h / 2:.2f}", '
            f"width={e.w / 72:.4f}, height={e.h / 72:.4f}, fixedsize=true, fontsize={small:g}, "
            f"style={dot_string(style)}, fillcolor={dot_string(st.fill)}, "
            f"color={dot_string(st.border)}, penwidth=1, class={dot_string('extra ' + e.kind)}];"
        )
        pts = [(x, top - y) for x, y in e.link]
        spline = [pts[0]]
        for a, b in itertools.pairwise(pts):
            spline += [a, b, b]
        pos = " ".join(f"{x:.2f},{y:.2f}" for x, y in spline)
        owner = dot_string(f"u{lay.index[e.owner]}")
        out.append(f'  {owner} -> {node} [pos="{pos}", class="side"];')
    body = source.rstrip()
    assert body.endswith("}")
    return body[:-1] + "\n".join(out) + "\n}\n"
