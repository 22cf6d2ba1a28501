"""The "tidy" engine: org charts drawn by orggraph itself, with no external program.

Boxes say what the Graphviz renderer's boxes say (name in bold, the head's title,
rolled-up seats and monthly budget with ``≥`` where figures are unknown, and for units
cut off by ``depth`` what they hide), in the same theme colours and ``lang``. The
geometry comes from :func:`orggraph.renderers.layout.tree_layout` (linear time, compact
stacks of leaves); dotted and collaboration links are curves drawn over the tree.

:func:`to_svg` writes the SVG text directly: every piece of user text goes through
:func:`~orggraph.renderers.quoting.xml_text`, so no name can add markup. PNG comes from
matplotlib's Agg canvas (no ``dot``, no cairo), with a CJK font when one is installed.

>>> import orggraph as og
>>> org = og.loads("units: [{id: a, name: 'A & <B>', units: [{id: b, name: B}]}]")
>>> svg = to_svg(org)
>>> "A &amp; &lt;B&gt;" in svg, svg.count('class="reporting"')
(True, 1)
"""

from __future__ import annotations

import io
import math
import re
import warnings
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import OrgError, OrgWarning
from ..names import text
from ..rollup import Rollup, own_value
from .labels import figures as figures_line
from .labels import hidden_note, words
from .layout import Layout, make_view, text_width, tree_layout
from .quoting import clean, xml_text
from .theme import DEFAULT_THEME, BoxStyle, Theme, font_stack

if TYPE_CHECKING:
    from ..model import Org

__all__ = ["FORMATS", "LINK_KINDS", "MAX_PNG_PIXELS", "MAX_PNG_SIDE", "render_bytes", "to_svg"]

FORMATS = ("svg", "png")
LINK_KINDS = ("dotted", "collaboration")
MAX_PNG_SIDE = 32000  # pixels per side of a PNG; bigger charts get a lower resolution
MAX_PNG_PIXELS = 120_000_000  # about 480 MB of RGBA while drawing
MIN_LEGIBLE_PX = 6.0  # small text below this many pixels high cannot be read

_PAD_X = 8.0
_PAD_Y = 5.0
_LINE = 1.3  # line height / font size
_MARGIN = 16.0
_UNKNOWN = ("?",)  # only the truth of Rollup.unknown matters for labels
_NAME, _TITLE, _FIGURES, _NOTE, _DUTY = range(5)
_NEWLINES = re.compile(r"\r\n|\r|\n")
_LEGEND = {
    "zh": {"reporting": "汇报", "dotted": "虚线汇报", "collaboration": "协作"},
    "en": {"reporting": "reports to", "dotted": "dotted line", "collaboration": "collaboration"},
}
_DEFAULTS: dict[str, Any] = {
    "lang": None,
    "root": None,
    "depth": None,
    "links": LINK_KINDS,
    "responsibilities": False,
    "figures": True,
    "theme": DEFAULT_THEME,
    "compact": True,
    "stack_min": 4,
    "fold_width": 2400.0,
    "title": True,
    "legend": True,
    "caption": None,
}
# Accepted so that one set of options works with either engine.
_COMPAT: dict[str, Any] = {"rankdir": "TB", "stack_leaves": None, "timeout": None, "dpi": 144.0}


class _Link(NamedTuple):
    kind: str
    a: int  # box index of the source
    b: int  # box index of the target
    relation: str
    mutual: bool


class _Chart(NamedTuple):
    """Everything both output formats draw, in chart coordinates (points)."""

    layout: Layout
    lines: list[list[tuple[int, str]]]  # per box: (line kind, text)
    hover: list[str]
    types: list[str | None]
    links: list[_Link]
    header: list[tuple[int, str]]  # (kind: 0 title, 1 caption), text
    legend: list[tuple[str, str]]  # (key, label)
    theme: Theme
    width: float  # of the whole picture, margins and header included
    height: float
    top: float  # y of the chart under the header


def _split(value: str, width: int) -> list[str]:
    """Clean *value* and break it into display lines (explicit newlines, then wrapping)."""
    out = []
    for line in _NEWLINES.split(clean(value).replace("\t", " ")):
        if len(line) > width // 2 and text_width(line, 2.0) > width:
            from .graphviz import wrap

            out.extend(wrap(line, width).split("\n"))
        else:
            out.append(line)
    return out


def _lines_of(
    org: Org,
    shown: list[str],
    collapsed: dict[str, list[str]],
    *,
    lang: str | None,
    figures: bool,
    responsibilities: bool,
) -> tuple[list[list[tuple[int, str]]], list[str], list[str | None], bool]:
    """Box lines, hover text and type of each shown unit; whether any figure is unknown."""
    default = org.lang[0] if org.lang else None
    nodes = org.graph.nodes
    table = org.rollup_table(("seats", "budget")) if figures or collapsed else None
    all_lines: list[list[tuple[int, str]]] = []
    hover: list[str] = []
    types: list[str | None] = []
    any_unknown = False
    for u in shown:
        data = nodes[u]
        name = text(data.get("name"), lang, default_lang=default)
        head = data.get("head")
        title = text(head["title"], lang, default_lang=default) if head else ""
        lines: list[tuple[int, str]] = [(_NAME, s) for s in _split(name, 28)]
        if title:
            lines.extend((_TITLE, s) for s in _split(title, 36))
        if table is not None:
            s_unknown = table.unknown_count(u, "seats")
            seats = Rollup(table.value(u, "seats"), _UNKNOWN if s_unknown else ())
            if figures:
                b_unknown = table.unknown_count(u, "budget")
                budget = Rollup(table.value(u, "budget"), _UNKNOWN if b_unknown else ())
                any_unknown = any_unknown or bool(s_unknown or b_unknown)
                line = figures_line(seats, budget, lang)
                if line:
                    lines.append((_FIGURES, line))
            hidden = collapsed.get(u)
            if hidden is not None:
                own, known = own_value(data, "seats", u)
                rest = s_unknown - (0 if known else 1)
                people = Rollup(seats.value - own, _UNKNOWN if rest else ())
                lines.append((_NOTE, hidden_note(len(hidden), people, lang)))
        if responsibilities:
            for rid in org.responsibilities(u):
                lines.extend((_DUTY, s) for s in _split("• " + org.name(rid, lang), 36))
        all_lines.append(lines)
        hover.append(" · ".join(t for t in (clean(name), clean(title), f"id: {u}") if t))
        types.append(data.get("type"))
    return all_lines, hover, types, any_unknown


def _chart(
    org: Org,
    *,
    lang: str | None,
    root: str | None,
    depth: int | None,
    links: Collection[str],
    responsibilities: bool,
    figures: bool,
    theme: Theme,
    compact: bool,
    stack_min: int,
    fold_width: float | None,
    title: bool,
    legend: bool,
    caption: str | None,
) -> _Chart:
    if isinstance(links, str):
        links = (links,)
    bad = set(links) - set(LINK_KINDS)
    if bad:
        raise OrgError(
            f"unknown link kind {sorted(bad)[0]!r}; choose from {', '.join(LINK_KINDS)}",
            choices=LINK_KINDS,
        )
    if not isinstance(theme, Theme):
        raise OrgError(f"theme must be an orggraph.renderers.theme.Theme, got {type(theme).__name__}")
    default_lang = org.lang[0] if org.lang else None
    lang = lang or default_lang
    view = make_view(org, root, depth)
    lines, hover, types, any_unknown = _lines_of(
        org,
        view.shown,
        view.collapsed,
        lang=lang,
        figures=figures,
        responsibilities=responsibilities,
    )
    big, small = theme.fontsize, theme.small_fontsize
    sizes: dict[str, tuple[float, float]] = {}
    for u, box in zip(view.shown, lines):
        width = 0.0
        height = 2 * _PAD_Y
        for kind, s in box:
            size = big if kind == _NAME else small
            tw = text_width(s, size, kind == _NAME)
            if tw > width:
                width = tw
            height += size * _LINE
        sizes[u] = (max(width + 2 * _PAD_X, 4 * big), height)
    layout = tree_layout(
        org,
        compact=compact,
        stack_min=stack_min,
        box_size=sizes.__getitem__,
        h_gap=max(12.0, 1.6 * big),
        v_gap=max(24.0, 3.4 * big),
        fold_width=fold_width,
        view=view,
    )

    # Links go between the visible boxes that hold their ends (a collapsed ancestor).
    drawn_links: list[_Link] = []
    if links:
        index = layout.index
        holder: dict[str, int] = {}
        for u, hidden in view.collapsed.items():
            for x in hidden:
                holder[x] = index[u]
        seen: set[tuple[int, int, str]] = set()
        for src, dst, data in org.links():
            kind = data["kind"]
            if kind not in links:
                continue
            a = index.get(src, holder.get(src))
            b = index.get(dst, holder.get(dst))
            if a is None or b is None or a == b:
                continue
            relation = text(data.get("relation"), lang, default_lang=default_lang)
            key = (a, b, relation)
            if key in seen:
                continue
            seen.add(key)
            drawn_links.append(_Link(kind, a, b, clean(relation), bool(data.get("mutual"))))

    header: list[tuple[int, str]] = []
    if title and org.org_name is not None:
        header.extend((0, s) for s in _split(text(org.org_name, lang, default_lang=default_lang), 60))
    if caption:
        header.extend((1, s) for s in _split(caption, 100))
    keys: list[tuple[str, str]] = []
    if legend:
        names = _LEGEND["zh" if (lang or "").split("-")[0] == "zh" else "en"]
        keys.append(("reporting", names["reporting"]))
        kinds = {link.kind for link in drawn_links}
        for kind in LINK_KINDS:
            if kind in kinds:
                keys.append((kind, names[kind]))
        if any_unknown and figures:
            keys.append(("unknown", words(lang)["unknown_note"]))
    head_h = sum((big + 3 if k == 0 else small) * _LINE for k, _ in header)
    if keys:
        head_h += small * _LINE
    top = _MARGIN + (head_h + small if head_h else 0.0)
    header_w = max(
        [0.0, *(text_width(s, big + 3 if k == 0 else small, k == 0) for k, s in header)]
    )
    legend_w = _legend_width(keys, small)
    width = max(layout.width, header_w, legend_w) + 2 * _MARGIN
    height = top + layout.height + _MARGIN
    if drawn_links:
        height += big  # room for curves that bow below the lowest boxes
    return _Chart(
        layout, lines, hover, types, drawn_links, header, keys, theme, width, height, top
    )


def _legend_width(keys: list[tuple[str, str]], size: float) -> float:
    return sum(
        (0.0 if key == "unknown" else 2.6 * size) + text_width(label, size) + 2 * size
        for key, label in keys
    )


def _curve(
    lay: Layout, a: int, b: int, ox: float, oy: float
) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]:
    """A cubic Bézier from box *a*'s border to box *b*'s border (chart offset ox, oy)."""
    x, y, w, h = lay.x, lay.y, lay.w, lay.h
    ax, ay, aw, ah = x[a] + ox, y[a] + oy, w[a], h[a]
    bx, by, bw, bh = x[b] + ox, y[b] + oy, w[b], h[b]
    acx, bcx = ax + aw / 2, bx + bw / 2
    if by >= ay + ah:  # b below a
        p0, p3 = (acx, ay + ah), (bcx, by)
        k = max(20.0, 0.4 * (p3[1] - p0[1]))
        return p0, (acx, p0[1] + k), (bcx, p3[1] - k), p3
    if by + bh <= ay:  # b above a
        p0, p3 = (acx, ay), (bcx, by + bh)
        k = max(20.0, 0.4 * (p0[1] - p3[1]))
        return p0, (acx, p0[1] - k), (bcx, p3[1] + k), p3
    # side by side: an arc over both boxes
    p0, p3 = (acx, ay), (bcx, by)
    lift = min(max(24.0, 0.25 * abs(bcx - acx)), 160.0)
    apex = min(p0[1], p3[1]) - lift
    return p0, (acx + (bcx - acx) * 0.15, apex), (bcx - (bcx - acx) * 0.15, apex), p3


def _bezier(p: tuple[tuple[float, float], ...], t: float) -> tuple[float, float]:
    u = 1 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return (
        a * p[0][0] + b * p[1][0] + c * p[2][0] + d * p[3][0],
        a * p[0][1] + b * p[1][1] + c * p[2][1] + d * p[3][1],
    )


_CELL = 200.0


def _label_spots(chart: _Chart) -> list[tuple[float, float, list[str]] | None]:
    """Where each link's relation goes (centre, lines): on its curve, off the boxes and
    off the labels placed before it when some point of the curve allows."""
    lay = chart.layout
    small = chart.theme.small_fontsize
    out: list[tuple[float, float, list[str]] | None] = []
    if not any(link.relation for link in chart.links):
        return [None] * len(chart.links)
    grid: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def cells(x0: float, y0: float, x1: float, y1: float) -> Iterable[tuple[int, int]]:
        for gx in range(int(x0 // _CELL), int(x1 // _CELL) + 1):
            for gy in range(int(y0 // _CELL), int(y1 // _CELL) + 1):
                yield gx, gy

    def put(rect: tuple[float, float, float, float]) -> None:
        for key in cells(*rect):
            grid.setdefault(key, []).append(rect)

    def free(rect: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = rect
        for key in cells(*rect):
            for a0, b0, a1, b1 in grid.get(key, ()):
                if a0 < x1 and x0 < a1 and b0 < y1 and y0 < b1:
                    return False
        return True

    for x, y, w, h in zip(lay.x, lay.y, lay.w, lay.h):
        put((x, y, x + w, y + h))
    step = small * _LINE
    for link in chart.links:
        if not link.relation:
            out.append(None)
            continue
        curve = _curve(lay, link.a, link.b, 0.0, 0.0)
        rows = _split(link.relation, 28)
        half_w = max(text_width(r, small) for r in rows) / 2 + 2
        half_h = len(rows) * step / 2 + 1
        spot = _bezier(curve, 0.5)
        found = False
        for shift in (0.0, -half_h - 2, half_h + 2):
            for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
                mx, my = _bezier(curve, t)
                my += shift
                if free((mx - half_w, my - half_h, mx + half_w, my + half_h)):
                    spot, found = (mx, my), True
                    break
            if found:
                break
        put((spot[0] - half_w, spot[1] - half_h, spot[0] + half_w, spot[1] + half_h))
        out.append((spot[0], spot[1], rows))
    return out




def to_svg(
    org: Org,
    *,
    lang: str | None = None,
    root: str | None = None,
    depth: int | None = None,
    links: Collection[str] = LINK_KINDS,
    responsibilities: bool = False,
    figures: bool = True,
    theme: Theme = DEFAULT_THEME,
    compact: bool = True,
    stack_min: int = 4,
    fold_width: float | None = 2400.0,
    title: bool = True,
    legend: bool = True,
    caption: str | None = None,
) -> str:
    """The chart as SVG text (well-formed XML, user text escaped), in linear time.

    *lang* picks the names' language; *root* and *depth* draw a sub-chart (units below
    *depth* levels are collapsed into a note on their ancestor); *links* lists the link
    kinds drawn (``"dotted"``, ``"collaboration"``); *responsibilities* lists each
    unit's duties in its box; *figures* shows seats and budget; with *compact*, units
    with *stack_min* or more childless children stack them in columns and rows wider
    than *fold_width* points fold into columns; *caption* adds a line under the title.

    >>> import orggraph as og
    >>> svg = to_svg(og.datasets.load("ecommerce"), lang="en", depth=1)
    >>> "≥ 7 seats" in svg, "+3 units" in svg
    (False, True)
    """
    chart = _chart(
        org,
        lang=lang,
        root=root,
        depth=depth,
        links=links,
        responsibilities=responsibilities,
        figures=figures,
        theme=theme,
        compact=compact,
        stack_min=stack_min,
        fold_width=fold_width,
        title=title,
        legend=legend,
        caption=caption,
    )
    return _svg(chart)


def _svg(chart: _Chart) -> str:
    lay, theme = chart.layout, chart.theme
    big, small = theme.fontsize, theme.small_fontsize
    width, height = chart.width, chart.height
    ox = _MARGIN + (width - 2 * _MARGIN - lay.width) / 2
    oy = chart.top
    family = xml_text(font_stack(theme.font))
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}pt" height="{height:.0f}pt" '
        f'viewBox="0 0 {width:.1f} {height:.1f}" font-family="{family}" '
        f'font-size="{small:g}" text-anchor="middle">\n'
    ]
    add = out.append
    if chart.header:
        add(f"<title>{xml_text(chart.header[0][1])}</title>\n")
    dotted_c = xml_text(theme.dotted_color)
    collab_c = xml_text(theme.collaboration_color)
    add(
        "<defs>"
        f'<marker id="og-dotted" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
        f'markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        f'<path d="M0,1L10,5L0,9z" fill="{dotted_c}"/></marker>'
        f'<marker id="og-collaboration" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
        f'markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        f'<path d="M0,1L10,5L0,9" fill="none" stroke="{collab_c}" stroke-width="1.5"/></marker>'
        "</defs>\n"
    )
    bg = xml_text(theme.background)
    add(f'<rect class="background" width="100%" height="100%" fill="{bg}"/>\n')

    # Header: title, caption, legend.
    if chart.header or chart.legend:
        add('<g class="header">')
        y = _MARGIN
        mid = width / 2
        for kind, s in chart.header:
            size = big + 3 if kind == 0 else small
            y += size * _LINE
            weight = ' font-weight="bold"' if kind == 0 else ""
            add(
                f'<text x="{mid:.1f}" y="{y - 0.3 * size:.1f}" font-size="{size:g}"{weight} '
                f'fill="{xml_text(theme.muted_text if kind else theme.default.text)}">'
                f"{xml_text(s)}</text>"
            )
        if chart.legend:
            y += small * _LINE
            _svg_legend(add, chart.legend, mid, y - 0.3 * small, small, theme)
        add("</g>\n")

    # Reporting lines.
    add(
        f'<g class="edges" fill="none" stroke="{xml_text(theme.reporting_color)}" '
        f'stroke-width="1" transform="translate({ox:.1f},{oy:.1f})">\n'
    )
    for c in lay.connectors:
        p = c.points
        if len(p) == 4:
            add(
                f'<path class="reporting" d="M{p[0][0]:.1f},{p[0][1]:.1f}V{p[1][1]:.1f}'
                f'H{p[2][0]:.1f}V{p[3][1]:.1f}"/>\n'
            )
        else:  # vertical and horizontal segments by turns
            d = "".join(
                f"V{q[1]:.1f}" if j % 2 else f"H{q[0]:.1f}" for j, q in enumerate(p[1:], 1)
            )
            add(f'<path class="reporting" d="M{p[0][0]:.1f},{p[0][1]:.1f}{d}"/>\n')
    add("</g>\n")

    step_big = big * _LINE
    step_small = small * _LINE
    # Dotted and collaboration links: curves between the tree and the boxes, their
    # relations over everything.
    labels: list[str] = []
    if chart.links:
        add(f'<g class="links" fill="none" transform="translate({ox:.1f},{oy:.1f})">\n')
        spots = _label_spots(chart)
        for link, spot in zip(chart.links, spots):
            p0, c1, c2, p3 = _curve(lay, link.a, link.b, 0.0, 0.0)
            d = (
                f"M{p0[0]:.1f},{p0[1]:.1f}C{c1[0]:.1f},{c1[1]:.1f} "
                f"{c2[0]:.1f},{c2[1]:.1f} {p3[0]:.1f},{p3[1]:.1f}"
            )
            if link.kind == "dotted":
                add(
                    f'<path class="dotted" d="{d}" stroke="{dotted_c}" stroke-width="1.6" '
                    f'stroke-dasharray="1.5,3" stroke-linecap="round" marker-end="url(#og-dotted)"/>\n'
                )
                color = dotted_c
            else:
                start = ' marker-start="url(#og-collaboration)"' if link.mutual else ""
                add(
                    f'<path class="collaboration" d="{d}" stroke="{collab_c}" stroke-width="1.2" '
                    f'stroke-dasharray="6,4" marker-end="url(#og-collaboration)"{start}/>\n'
                )
                color = collab_c
            if spot is not None:
                mx, my, rows = spot
                y0 = my - (len(rows) - 1) * step_small / 2 + 0.35 * small
                spans = "".join(
                    f'<tspan x="{mx:.1f}" y="{y0 + j * step_small:.1f}">{xml_text(r)}</tspan>'
                    for j, r in enumerate(rows)
                )
                labels.append(
                    f'<text class="{link.kind} relation" fill="{color}" stroke="{bg}" '
                    f'stroke-width="3" stroke-linejoin="round" paint-order="stroke">{spans}</text>\n'
                )
        add("</g>\n")

    # Boxes.
    add(f'<g class="nodes" transform="translate({ox:.1f},{oy:.1f})">\n')
    styles: dict[str | None, tuple[str, str]] = {}
    name_attr = f'font-weight="bold" font-size="{big:g}"'
    note_attr = 'font-style="italic"'
    xs, ys, ws, hs = lay.x, lay.y, lay.w, lay.h
    units = lay.units
    for i, lines in enumerate(chart.lines):
        kind_of = chart.types[i]
        style = styles.get(kind_of)
        if style is None:
            st: BoxStyle = theme.style_for(kind_of)
            klass = xml_text(_css_class(kind_of or "unit"))
            style = (
                f'<g class="node unit {klass}" fill="{xml_text(st.text)}"',
                f'rx="4" fill="{xml_text(st.fill)}" stroke="{xml_text(st.border)}" '
                f'stroke-width="{st.penwidth:g}"/>',
            )
            styles[kind_of] = style
        x, y, w, h = xs[i], ys[i], ws[i], hs[i]
        cx = x + w / 2
        add(
            f'{style[0]} data-id="{xml_text(units[i])}"><title>{xml_text(chart.hover[i])}</title>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" {style[1]}'
        )
        ty = y + _PAD_Y
        for kind, s in lines:
            if kind == _NAME:
                add(
                    f'<text x="{cx:.1f}" y="{ty + 0.5 * step_big + 0.35 * big:.1f}" {name_attr}>'
                    f"{xml_text(s)}</text>"
                )
                ty += step_big
            else:
                extra = note_attr if kind == _NOTE else ""
                add(
                    f'<text x="{cx:.1f}" y="{ty + 0.5 * step_small + 0.35 * small:.1f}" {extra}>'
                    f"{xml_text(s)}</text>"
                )
                ty += step_small
        add("</g>\n")
    add("</g>\n")

    if labels:
        add(f'<g class="relations" transform="translate({ox:.1f},{oy:.1f})">\n')
        out.extend(labels)
        add("</g>\n")
    add("</svg>\n")
    return "".join(out)


def _svg_legend(
    add: Any, keys: list[tuple[str, str]], mid: float, y: float, size: float, theme: Theme
) -> None:
    """Line samples and their labels, centred on *mid*, baseline *y*."""
    x = mid - _legend_width(keys, size) / 2
    colors = {
        "reporting": theme.reporting_color,
        "dotted": theme.dotted_color,
        "collaboration": theme.collaboration_color,
    }
    dashes = {"reporting": "", "dotted": ' stroke-dasharray="1.5,3"', "collaboration": ' stroke-dasharray="6,4"'}
    for key, label in keys:
        if key != "unknown":
            ly = y - 0.3 * size
            add(
                f'<path class="legend {key}" d="M{x:.1f},{ly:.1f}H{x + 2 * size:.1f}" '
                f'stroke="{xml_text(colors[key])}" stroke-width="1.4"{dashes[key]}/>'
            )
            x += 2.6 * size
        tw = text_width(label, size)
        add(
            f'<text x="{x + tw / 2:.1f}" y="{y:.1f}" fill="{xml_text(theme.muted_text)}">'
            f"{xml_text(label)}</text>"
        )
        x += tw + 2 * size


def _css_class(value: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", value.lower()).strip("-") or "unit"


# -- PNG ----------------------------------------------------------------------------------


def _png(chart: _Chart, dpi: float) -> bytes:
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath
    from matplotlib.patheffects import withStroke

    from . import fonts

    lay, theme = chart.layout, chart.theme
    big, small = theme.fontsize, theme.small_fontsize
    width, height = chart.width, chart.height
    if not dpi or dpi <= 0:
        raise OrgError(f"dpi must be a positive number, got {dpi!r}")
    px = dpi / 72  # pixels per point
    limit = min(
        MAX_PNG_SIDE / (width * px),
        MAX_PNG_SIDE / (height * px),
        math.sqrt(MAX_PNG_PIXELS / (width * height * px * px)),
    )
    if limit < 1:
        px *= limit
        dpi = px * 72
    draw_text = small * px >= 2.5
    if small * px < MIN_LEGIBLE_PX:
        warnings.warn(
            f"the chart is {width:,.0f} x {height:,.0f} pt: a PNG within {MAX_PNG_SIDE:,} px "
            f"per side and {MAX_PNG_PIXELS / 1e6:g} megapixels draws its small text "
            f"{small * px:.1f} px high, too small to read"
            + ("" if draw_text else " (so text is left out)")
            + "; render SVG, or draw a sub-chart with root= and depth=",
            OrgWarning,
            stacklevel=4,
        )
    ox = _MARGIN + (width - 2 * _MARGIN - lay.width) / 2
    oy = chart.top
    texts: Iterable[str] = (s for lines in chart.lines for _, s in lines)
    with fonts.cjk_rc(list(texts) + [s for _, s in chart.header]) as family:
        fig = Figure(figsize=(width / 72, height / 72), dpi=dpi, facecolor=theme.background)
        canvas = FigureCanvasAgg(fig)
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.set_axis_off()
        ax.set_facecolor(theme.background)
        lw = 0.8  # reporting line width in points

        segments = [
            np.asarray(c.points, dtype=float) + (ox, oy) for c in lay.connectors
        ]
        if segments:
            ax.add_collection(
                LineCollection(segments, colors=theme.reporting_color, linewidths=lw, zorder=1)
            )

        n = len(lay)
        if n:
            x = np.asarray(lay.x) + ox
            y = np.asarray(lay.y) + oy
            w = np.asarray(lay.w)
            h = np.asarray(lay.h)
            verts = _rounded(x, y, w, h, 4.0)
            fills, borders, widths = [], [], []
            cache: dict[str | None, BoxStyle] = {}
            for t in chart.types:
                st = cache.get(t)
                if st is None:
                    st = cache[t] = theme.style_for(t)
                fills.append(st.fill)
                borders.append(st.border)
                widths.append(st.penwidth * lw)
            ax.add_collection(
                PolyCollection(
                    verts, facecolors=fills, edgecolors=borders, linewidths=widths, zorder=2
                )
            )
            if draw_text:
                step_big, step_small = big * _LINE, small * _LINE
                for i, lines in enumerate(chart.lines):
                    color = cache[chart.types[i]].text
                    cx = x[i] + w[i] / 2
                    ty = y[i] + _PAD_Y
                    for kind, s in lines:
                        if kind == _NAME:
                            ax.text(
                                cx, ty + 0.5 * step_big, s, fontsize=big, fontweight="bold",
                                color=color, ha="center", va="center_baseline",
                                fontfamily=family, zorder=3,
                            )  # fmt: skip
                            ty += step_big
                        else:
                            ax.text(
                                cx, ty + 0.5 * step_small, s, fontsize=small, color=color,
                                ha="center", va="center_baseline", fontfamily=family,
                                style="italic" if kind == _NOTE else "normal", zorder=3,
                            )  # fmt: skip
                            ty += step_small

        # Links: dotted and dashed curves with arrowheads under the boxes, relations on top.
        heads = []
        head_colors = []
        spots = _label_spots(chart) if draw_text else [None] * len(chart.links)
        for link, spot in zip(chart.links, spots):
            p0, c1, c2, p3 = _curve(lay, link.a, link.b, ox, oy)
            color = theme.dotted_color if link.kind == "dotted" else theme.collaboration_color
            codes = [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4]
            ax.add_patch(
                PathPatch(
                    MplPath([p0, c1, c2, p3], codes), fill=False, edgecolor=color, zorder=1.5,
                    linewidth=1.3 if link.kind == "dotted" else 1.0,
                    linestyle=(0, (1, 2.5)) if link.kind == "dotted" else (0, (5, 3)),
                )
            )  # fmt: skip
            ends = [(c2, p3)] + ([(c1, p0)] if link.mutual else [])
            for ctrl, tip in ends:
                heads.append(_arrowhead(ctrl, tip, 7.0))
                head_colors.append(color)
            if spot is not None:
                mx, my, rows = spot
                ax.text(
                    mx + ox, my + oy, "\n".join(rows), fontsize=small, color=color,
                    ha="center", va="center", fontfamily=family, zorder=5, linespacing=1.2,
                    path_effects=[withStroke(linewidth=3, foreground=theme.background)],
                )  # fmt: skip
        if heads:
            ax.add_collection(
                PolyCollection(heads, facecolors=head_colors, edgecolors="none", zorder=2.5)
            )

        # Header.
        if draw_text:
            yy = _MARGIN
            mid = width / 2
            for kind, s in chart.header:
                size = big + 3 if kind == 0 else small
                yy += size * _LINE
                ax.text(
                    mid, yy - 0.3 * size, s, fontsize=size, ha="center", va="baseline",
                    fontweight="bold" if kind == 0 else "normal", fontfamily=family,
                    color=theme.muted_text if kind else theme.default.text,
                )  # fmt: skip
            if chart.legend:
                yy += small * _LINE
                _png_legend(ax, chart.legend, mid, yy - 0.3 * small, small, theme, family)
        buf = io.BytesIO()
        canvas.print_png(buf)
    return buf.getvalue()


def _png_legend(
    ax: Any, keys: list[tuple[str, str]], mid: float, y: float, size: float, theme: Theme, family: list[str]
) -> None:
    x = mid - _legend_width(keys, size) / 2
    styles = {
        "reporting": (theme.reporting_color, "-"),
        "dotted": (theme.dotted_color, (0, (1, 2.5))),
        "collaboration": (theme.collaboration_color, (0, (5, 3))),
    }
    for key, label in keys:
        if key != "unknown":
            color, dash = styles[key]
            ly = y - 0.3 * size
            ax.plot([x, x + 2 * size], [ly, ly], color=color, linestyle=dash, linewidth=1.2)
            x += 2.6 * size
        ax.text(x, y, label, fontsize=size, ha="left", va="baseline", color=theme.muted_text, fontfamily=family)
        x += text_width(label, size) + 2 * size


def _rounded(x: Any, y: Any, w: Any, h: Any, radius: float) -> Any:
    """(n, 20, 2) polygon vertices of rounded rectangles (top-left x, y; size w, h)."""
    import numpy as np

    r = np.minimum(radius, np.minimum(w, h) / 2)[:, None]
    t = np.linspace(0, np.pi / 2, 5)
    cos, sin = np.cos(t), np.sin(t)
    # corners: top-right, bottom-right, bottom-left, top-left (y grows downwards)
    cx = np.concatenate([(x + w)[:, None] - r, (x + w)[:, None] - r, x[:, None] + r, x[:, None] + r], axis=1)
    cy = np.concatenate([y[:, None] + r, (y + h)[:, None] - r, (y + h)[:, None] - r, y[:, None] + r], axis=1)
    ux = np.concatenate([sin, cos, -sin, -cos])
    uy = np.concatenate([-cos, sin, cos, -sin])
    corner = np.repeat(np.arange(4), 5)
    vx = cx[:, corner] + r * ux[None, :]
    vy = cy[:, corner] + r * uy[None, :]
    return np.stack([vx, vy], axis=2)


def _arrowhead(
    ctrl: tuple[float, float], tip: tuple[float, float], size: float
) -> list[tuple[float, float]]:
    dx, dy = tip[0] - ctrl[0], tip[1] - ctrl[1]
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    bx, by = tip[0] - ux * size, tip[1] - uy * size
    px, py = -uy * size * 0.4, ux * size * 0.4
    return [tip, (bx + px, by + py), (bx - px, by - py)]


# -- entry point --------------------------------------------------------------------------


def render_bytes(org: Org, format: str, **options: Any) -> bytes:
    """The chart as ``"svg"`` or ``"png"`` bytes.

    Options are those of :func:`to_svg`, plus ``dpi`` for PNG (default 144; lowered
    for charts bigger than :data:`MAX_PNG_SIDE` pixels per side or
    :data:`MAX_PNG_PIXELS`, with an :class:`~orggraph.OrgWarning` when the text becomes
    too small to read). The Graphviz engine's ``stack_leaves`` (stack more than that
    many leaves; 0: never) and ``timeout`` are accepted too, and ``rankdir="TB"``.

    >>> import orggraph as og
    >>> render_bytes(og.datasets.load("ecommerce"), "png", depth=1)[:4]
    b'\\x89PNG'
    """
    if format not in FORMATS:
        raise OrgError(
            f"the tidy engine cannot write {format!r}; choose one of {', '.join(FORMATS)} "
            "(or engine='graphviz')",
            choices=FORMATS,
        )
    unknown = set(options) - set(_DEFAULTS) - set(_COMPAT)
    if unknown:
        valid = sorted([*_DEFAULTS, *_COMPAT])
        raise OrgError(
            f"unknown option {sorted(unknown)[0]!r} for the tidy engine; valid options: "
            f"{', '.join(valid)}",
            choices=valid,
        )
    settings = {**_DEFAULTS, **{k: v for k, v in options.items() if k in _DEFAULTS}}
    rankdir = options.get("rankdir", "TB")
    if rankdir != "TB":
        raise OrgError(
            f"the tidy engine draws top-down only (rankdir='TB'), not {rankdir!r}; "
            "use engine='graphviz' for other directions",
            choices=("TB",),
        )
    stack_leaves = options.get("stack_leaves")
    if stack_leaves is not None and "stack_min" not in options:
        if stack_leaves <= 0:
            settings["compact"] = False
        else:
            settings["stack_min"] = stack_leaves + 1
    chart = _chart(org, **settings)
    if format == "svg":
        return _svg(chart).encode("utf-8")
    return _png(chart, float(options.get("dpi", 144.0)))
