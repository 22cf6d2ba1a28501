"""SVG output of the tidy engine: text stays text, one style sheet."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from orggraph.core.gcpause import paused as _gc_paused
from orggraph.render.metrics import text_width
from orggraph.render.options import ChartOptions
from orggraph.render.people_lines import split_mark
from orggraph.render.quoting import xml_text
from orggraph.render.theme import BoxStyle, Theme, font_stack
from orggraph.render.tidy.linklabels import drawn_span, marker_radius
from orggraph.render.tidy.routing import rounded
from orggraph.render.tidy.scene import (
    FIGURES,
    LINE,
    MARGIN,
    NAME,
    NOTE,
    PAD_Y,
    PERSON,
    TITLE,
    VACANT,
    build_scene,
    legend_width,
)
from orggraph.render.tidy.structure import E_NAME, E_VACANT, apart_boxes, extra_style

if TYPE_CHECKING:
    from orggraph.core.org import Org
    from orggraph.render.tidy.scene import Chart

__all__ = ["to_svg"]


def to_svg(org: Org, *, options: ChartOptions | None = None, **kwargs: Any) -> str:
    """The chart as SVG text (well-formed XML, user text escaped), in linear time.

    *options* and *kwargs* are :class:`~orggraph.render.options.ChartOptions`: *lang*
    picks the names' language; *root* and *depth* draw a sub-chart (units below *depth*
    levels are collapsed into a note on their ancestor); *links* lists the link kinds
    drawn (``"dotted"``, ``"collaboration"``); *responsibilities* lists each unit's
    duties in its box; *figures* chooses among seats, open seats and budget; *title*
    and *subtitle* head the chart; with *compact*, units with
    *stack_min* or more childless children stack them in columns and rows wider than
    *fold_width* points fold into columns; *caption* adds a line under the title.

    >>> import orggraph as og
    >>> svg = to_svg(og.datasets.load("ecommerce"), lang="en", depth=1)
    >>> "≥ 7 seats" in svg, "+3 units" in svg
    (False, True)
    """
    o = ChartOptions.of(options, **kwargs)
    with _gc_paused():
        chart = build_scene(org, o)
        svg = write_svg(chart)
        # Free the chart's objects while the collector is off: the first collection after
        # it is back on would walk them all.
        del chart
        return svg


def write_svg(chart: Chart) -> str:
    """The SVG text of a scene: the picture's head, the header (title, caption, legend),
    reporting lines, links, boxes, and the links' relations over everything."""
    lay = chart.layout
    x0, x1, _ = drawn_span(lay.width, lay.height, chart.drawing)  # all of it, centred
    ox = MARGIN + (chart.width - 2 * MARGIN - (x1 - x0)) / 2 - x0
    oy = chart.top
    out: list[str] = []
    add = out.append
    _svg_head(add, chart)
    _svg_header(add, chart)
    _svg_reporting(add, chart, ox, oy)
    _svg_apart(add, chart, ox, oy)
    labels = _svg_links(add, chart, ox, oy)
    _svg_boxes(add, chart, ox, oy)
    _svg_extras(add, chart, ox, oy)
    if labels:
        add(f'<g class="relations" transform="translate({ox:.1f},{oy:.1f})">\n')
        out.extend(labels)
        add("</g>\n")
    add("</svg>\n")
    return "".join(out)


def _svg_head(add: Callable[[str], None], chart: Chart) -> None:
    """The <svg> element, its <title>, the arrow markers and the background."""
    theme = chart.theme
    width, height = chart.width, chart.height
    family = xml_text(font_stack(theme.font))
    add(
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}pt" height="{height:.0f}pt" '
        f'viewBox="0 0 {width:.1f} {height:.1f}" font-family="{family}" '
        f'font-size="{theme.small_fontsize:g}" text-anchor="middle">\n'
    )
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


def _svg_header(add: Callable[[str], None], chart: Chart) -> None:
    """Title, caption and legend, centred above the chart."""
    if not (chart.header or chart.legend):
        return
    theme = chart.theme
    big, small = theme.fontsize, theme.small_fontsize
    add('<g class="header">')
    y = MARGIN
    mid = chart.width / 2
    for kind, s in chart.header:
        size = big + 3 if kind == 0 else small
        y += size * LINE
        weight = ' font-weight="bold"' if kind == 0 else ""
        add(
            f'<text x="{mid:.1f}" y="{y - 0.3 * size:.1f}" font-size="{size:g}"{weight} '
            f'fill="{xml_text(theme.muted_text if kind else theme.default.text)}">'
            f"{xml_text(s)}</text>"
        )
    if chart.legend:
        y += small * LINE
        _svg_legend(add, chart.legend, mid, y - 0.3 * small, small, theme)
    add("</g>\n")


def _svg_reporting(add: Callable[[str], None], chart: Chart, ox: float, oy: float) -> None:
    """One path per reporting line. The part above the bus is the same for all children
    of a parent, and so is the top of a row of children, and in a stack the turn onto a
    bus and the x where a column's ticks end: those are formatted once."""
    add(
        f'<g class="edges" fill="none" stroke="{xml_text(chart.theme.reporting_color)}" '
        f'stroke-width="1" transform="translate({ox:.1f},{oy:.1f})">\n'
    )
    last = -1
    prefix = ""
    top_y = math.nan
    top_s = ""
    turn: Any = None
    turn_s = ""
    ends: dict[float, str] = {}
    apart = apart_boxes(chart.layout)  # their lines are drawn by _svg_apart
    for i, _, p, _ in chart.layout.paths:
        if apart and i in apart:
            continue
        if len(p) == 2:  # a child beside its parent
            add(f'<path class="reporting" d="M{p[0][0]:.1f},{p[0][1]:.1f}H{p[1][0]:.1f}"/>\n')
            continue
        if i != last:
            last = i
            prefix = f'<path class="reporting" d="M{p[0][0]:.1f},{p[0][1]:.1f}V{p[1][1]:.1f}'
            turn = None
        count = len(p)
        if count == 5:  # a tick to a box in a stack, or a stack's own bus
            if p[2] is not turn:
                turn = p[2]
                turn_s = f"{prefix}H{turn[0]:.1f}V"
            end = p[4][0]
            end_s = ends.get(end)
            if end_s is None:
                end_s = ends[end] = f'{end:.1f}"/>\n'
            add(f"{turn_s}{p[3][1]:.1f}H{end_s}")
        elif count == 4:
            if p[3][1] != top_y:
                top_y = p[3][1]
                top_s = f'V{top_y:.1f}"/>\n'
            add(f"{prefix}H{p[2][0]:.1f}{top_s}")
        else:  # vertical and horizontal segments by turns
            d = "".join(f"V{q[1]:.1f}" if j % 2 else f"H{q[0]:.1f}" for j, q in enumerate(p[2:], 2))
            add(f'{prefix}{d}"/>\n')
    add("</g>\n")


def _svg_links(add: Callable[[str], None], chart: Chart, ox: float, oy: float) -> list[str]:
    """Dotted and collaboration links along their routes, under the boxes. Returns
    their relations' labels and markers and the key, drawn last, over everything."""
    labels: list[str] = []
    drawing = chart.drawing
    if not chart.links or drawing is None:
        return labels
    theme = chart.theme
    small = theme.small_fontsize
    step_small = small * LINE
    colors = {
        "dotted": xml_text(theme.dotted_color),
        "collaboration": xml_text(theme.collaboration_color),
    }
    bg = xml_text(theme.background)
    add(f'<g class="links" fill="none" transform="translate({ox:.1f},{oy:.1f})">\n')
    for link, path, radii, spot in zip(
        chart.links, drawing.routes, drawing.radii, drawing.labels, strict=True
    ):
        d = _path_d(path, radii)
        color = colors[link.kind]
        if link.kind == "dotted":
            add(
                f'<path class="dotted" d="{d}" stroke="{color}" stroke-width="1.6" '
                f'stroke-dasharray="1.5,3" stroke-linecap="round" marker-end="url(#og-dotted)"/>\n'
            )
        else:
            start = ' marker-start="url(#og-collaboration)"' if link.mutual else ""
            add(
                f'<path class="collaboration" d="{d}" stroke="{color}" stroke-width="1.2" '
                f'stroke-dasharray="6,4" marker-end="url(#og-collaboration)"{start}/>\n'
            )
        if spot is None:
            continue
        if spot.number:
            marker = _svg_marker(spot.x, spot.y, spot.number, link.kind, color, bg, small)
            if spot.leader is not None:  # no room on the link: a leader joins them
                lx, ly = spot.leader
                marker = marker.replace(
                    "><circle ",
                    f'><path class="leader" d="M{lx:.1f},{ly:.1f}L{spot.x:.1f},{spot.y:.1f}" '
                    f'stroke="{color}" stroke-width="0.8"/><circle ',
                    1,
                )
            labels.append(marker)
            continue
        y0 = spot.y - (len(spot.rows) - 1) * step_small / 2 + 0.35 * small
        spans = "".join(
            f'<tspan x="{spot.x:.1f}" y="{y0 + j * step_small:.1f}">{xml_text(r)}</tspan>'
            for j, r in enumerate(spot.rows)
        )
        labels.append(
            f'<text class="{link.kind} relation" fill="{color}" stroke="{bg}" '
            f'stroke-width="3" stroke-linejoin="round" paint-order="stroke">{spans}</text>\n'
        )
    add("</g>\n")
    labels.extend(_svg_key(chart, colors, bg))
    return labels


def _path_d(path: list[tuple[float, float]], radii: list[float]) -> str:
    """SVG path data of a route, its corners rounded."""
    steps = [f"M{path[0][0]:.1f},{path[0][1]:.1f}"]
    for step in rounded(path, radii):
        if len(step) == 1:
            steps.append(f"L{step[0][0]:.1f},{step[0][1]:.1f}")
        else:
            steps.append("C" + " ".join(f"{x:.1f},{y:.1f}" for x, y in step))
    return "".join(steps)


def _svg_marker(
    x: float, y: float, number: int, kind: str, color: str, bg: str, size: float
) -> str:
    """A numbered marker on a link: a small circle with the key's number."""
    r = marker_radius(size)
    return (
        f'<g class="{kind} marker"><circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{bg}" '
        f'stroke="{color}" stroke-width="1"/><text x="{x:.1f}" y="{y + 0.33 * size:.1f}" '
        f'font-size="{0.85 * size:.1f}" fill="{color}">{number}</text></g>\n'
    )


def _svg_key(chart: Chart, colors: dict[str, str], bg: str) -> list[str]:
    """The key of the numbered markers under the chart: ``1 relation (A → B)``."""
    drawing = chart.drawing
    if drawing is None or not drawing.key:
        return []
    small = chart.theme.small_fontsize
    r = marker_radius(small)
    muted = xml_text(chart.theme.muted_text)
    x0, y0 = drawing.key_at
    rows = -(-len(drawing.key) // drawing.key_columns)
    col_w = (drawing.key_size[0] + 2 * small) / drawing.key_columns
    row_h = drawing.key_size[1] / rows
    kind_of = {
        s.number: link.kind for link, s in zip(chart.links, drawing.labels, strict=True) if s
    }
    out = ['<g class="link-key" text-anchor="start">\n']
    for pos, (number, text) in enumerate(drawing.key):
        col, row = divmod(pos, rows)
        cx, cy = x0 + col * col_w + r, y0 + row * row_h + row_h / 2
        color = colors[kind_of[number]]
        out.append(
            _svg_marker(cx, cy, number, kind_of[number], color, bg, small).replace(
                "<text ", '<text text-anchor="middle" ', 1
            )
        )
        out.append(
            f'<text x="{cx + r + small / 2:.1f}" y="{cy + 0.35 * small:.1f}" fill="{muted}">'
            f"{xml_text(text)}</text>\n"
        )
    out.append("</g>\n")
    return out


# What a box of one size and type starts with: the <g> start up to its data-id, the
# rect, the x of its text lines, the name line's start, the starts of the title and
# figures lines, and rect + name start together.
_Shape = tuple[str, str, str, str, str, str, str]


class _Shapes:
    """The formatted pieces of boxes, per box size and unit type: neighbours in a stack
    usually share them, and big charts have few distinct sizes."""

    def __init__(self, theme: Theme) -> None:
        big, small = theme.fontsize, theme.small_fontsize
        step_big, step_small = big * LINE, small * LINE
        self.theme = theme
        self.name_attr = f'font-weight="bold" font-size="{big:g}"'
        self.line_y = (
            f"{PAD_Y + 0.5 * step_big + 0.35 * big:.1f}",
            f"{PAD_Y + step_big + 0.5 * step_small + 0.35 * small:.1f}",
            f"{PAD_Y + step_big + 1.5 * step_small + 0.35 * small:.1f}",
        )
        self.styles: dict[str | None, tuple[str, str]] = {}
        self.shapes: dict[tuple[float, float, str | None], _Shape] = {}
        self.num: dict[float, str] = {}

    def get(self, w: float, h: float, kind_of: str | None) -> _Shape:
        got = self.shapes.get((w, h, kind_of))
        if got is not None:
            return got
        style = self.styles.get(kind_of)
        if style is None:
            st: BoxStyle = self.theme.style_for(kind_of)
            klass = xml_text(_css_class(kind_of or "unit"))
            style = self.styles[kind_of] = (
                f'<g class="node unit {klass}" fill="{xml_text(st.text)}" data-id="',
                f'" rx="4" fill="{xml_text(st.fill)}" stroke="{xml_text(st.border)}" '
                f'stroke-width="{st.penwidth:g}"/>',
            )
        cx_s = _num(self.num, w / 2)
        rect = f'<rect width="{_num(self.num, w)}" height="{_num(self.num, h)}{style[1]}'
        name_start = f'<text x="{cx_s}" y="{self.line_y[0]}" {self.name_attr}>'
        shape = self.shapes[w, h, kind_of] = (
            style[0],
            rect,
            cx_s,
            name_start,
            f'</text><text x="{cx_s}" y="{self.line_y[1]}">',
            f'</text><text x="{cx_s}" y="{self.line_y[2]}">',
            rect + name_start,
        )
        return shape


class _LineText:
    """The <text> elements of boxes other than the usual one-line name, title and
    figures: a y per line position and the escaped text of each repeated line, formatted
    once."""

    def __init__(self, theme: Theme, name_attr: str) -> None:
        self.big, self.small = theme.fontsize, theme.small_fontsize
        self.name_attr = name_attr
        self.name_y: list[str] = []
        self.small_y: dict[tuple[int, int], str] = {}

    def add_lines(
        self,
        add: Callable[[str], None],
        lines: list[tuple[int, str]],
        cx_s: str,
        names: tuple[str, str],
        escaped: dict[str, str],
        warning: str,
    ) -> None:
        """Add the text of *lines*; *names* are the hover name and its escaped form (a
        name line that is the hover name reuses it); *warning* the (escaped) colour of
        Vacant marks in this box."""
        big, small = self.big, self.small
        step_big, step_small = big * LINE, small * LINE
        hover_name, name = names
        name_y, small_y = self.name_y, self.small_y
        nn = m = 0
        for kind, line in lines:
            if kind == NAME:
                while len(name_y) <= nn:
                    j = len(name_y)
                    name_y.append(f"{PAD_Y + (j + 0.5) * step_big + 0.35 * big:.1f}")
                add(
                    f'<text x="{cx_s}" y="{name_y[nn]}" {self.name_attr}>'
                    f"{name if line is hover_name else xml_text(line)}</text>"
                )
                nn += 1
            else:
                y_s = small_y.get((nn, m))
                if y_s is None:
                    y_s = small_y[nn, m] = (
                        f"{PAD_Y + nn * step_big + (m + 0.5) * step_small + 0.35 * small:.1f}"
                    )
                if kind == VACANT:  # the mark (to the end of the line) bold, in warning colour
                    before, mark = split_mark(line)
                    add(
                        f'<text x="{cx_s}" y="{y_s}" class="people">{xml_text(before)}'
                        f'<tspan class="vacant" font-weight="bold" fill="{warning}">'
                        f"{xml_text(mark)}</tspan></text>"
                    )
                    m += 1
                    continue
                text_s = escaped.get(line)
                if text_s is None:
                    text_s = escaped[line] = xml_text(line)
                if kind == NOTE:
                    add(f'<text x="{cx_s}" y="{y_s}" font-style="italic">{text_s}</text>')
                elif kind == PERSON:
                    add(f'<text x="{cx_s}" y="{y_s}" class="people">{text_s}</text>')
                else:
                    add(f'<text x="{cx_s}" y="{y_s}">{text_s}</text>')
                m += 1


def _svg_boxes(add: Callable[[str], None], chart: Chart, ox: float, oy: float) -> None:
    """A group per unit, moved into place, so that the coordinates inside repeat from
    box to box and are formatted once.

    The hot loop of big charts (one pass per box): the usual box (one-line name, title,
    figures) is one string built inline; other boxes go through :class:`_LineText`.
    """
    add(f'<g class="nodes" transform="translate({ox:.1f},{oy:.1f})">\n')
    lay = chart.layout
    shapes = _Shapes(chart.theme)
    text_of = _LineText(chart.theme, shapes.name_attr)
    escaped: dict[str, str] = {}
    warnings: dict[str | None, str] = {}  # the escaped colour of Vacant marks, per type
    tips: dict[str, str] = {"": " · id: "}  # what goes between name and id in a tooltip
    xs, ys, ws, hs = lay.x, lay.y, lay.w, lay.h
    units, hover, types = lay.units, chart.hover, chart.types
    last_w = last_h = math.nan
    last_type: Any = None
    shape: _Shape = ("", "", "", "", "", "", "")
    last_x = math.nan
    x_s = ""
    for i, lines in enumerate(chart.lines):
        kind_of = types[i]
        w, h = ws[i], hs[i]
        if w != last_w or h != last_h or kind_of is not last_type:
            # neighbours in a stack: usually the same shape
            shape = shapes.get(w, h, kind_of)
            last_w, last_h, last_type = w, h, kind_of
        name = hover[2 * i]  # clean already: only markup characters to escape
        if "&" in name or "<" in name or ">" in name or '"' in name or "'" in name:
            name = xml_text(name)
        uid = units[i]
        if not uid.isidentifier():  # identifiers hold no character XML treats specially
            uid = xml_text(uid)
        title = hover[2 * i + 1]
        tip = tips.get(title)
        if tip is None:
            tip = tips[title] = f" · {xml_text(title)} · id: "
        x = xs[i]
        if x != last_x:  # boxes in a stack column share their x
            last_x = x
            x_s = f"{x:.1f}"
        if len(lines) == 3 and lines[1][0] == TITLE and lines[2][0] == FIGURES:
            # The usual box (one-line name, title, figures) as one string.
            title_s = escaped.get(lines[1][1])
            if title_s is None:
                title_s = escaped[lines[1][1]] = xml_text(lines[1][1])
            fig_s = escaped.get(lines[2][1])
            if fig_s is None:
                fig_s = escaped[lines[2][1]] = xml_text(lines[2][1])
            # The name line is the hover name unless the name was cleaned for the hover.
            shown = name if lines[0][1] is hover[2 * i] else xml_text(lines[0][1])
            add(
                f'{shape[0]}{uid}" transform="translate({x_s},{ys[i]:.1f})">'
                f"<title>{name}{tip}{uid}</title>{shape[6]}"
                f"{shown}{shape[4]}{title_s}{shape[5]}{fig_s}</text></g>\n"
            )
            continue
        add(
            f'{shape[0]}{uid}" transform="translate({x_s},{ys[i]:.1f})">'
            f"<title>{name}{tip}{uid}</title>{shape[1]}"
        )
        warning = warnings.get(kind_of)
        if warning is None:
            theme = chart.theme
            warning = warnings[kind_of] = xml_text(theme.warning_for(theme.style_for(kind_of)))
        text_of.add_lines(add, lines, shape[2], (hover[2 * i], name), escaped, warning)
        add("</g>\n")
    add("</g>\n")


def _svg_apart(add: Callable[[str], None], chart: Chart, ox: float, oy: float) -> None:
    """Units drawn apart (a board): a dashed frame around the box and dashed lines down
    to the units they govern."""
    lay = chart.layout
    apart = apart_boxes(lay)
    if not apart:
        return
    color = xml_text(chart.theme.reporting_color)
    add(
        f'<g class="governance" fill="none" stroke="{color}" stroke-width="1.2" '
        f'stroke-dasharray="5,3" transform="translate({ox:.1f},{oy:.1f})">\n'
    )
    for i in sorted(apart):
        x, y, w, h = lay.x[i] - 4, lay.y[i] - 4, lay.w[i] + 8, lay.h[i] + 8
        add(
            f'<rect class="apart" data-id="{xml_text(lay.units[i])}" x="{x:.1f}" y="{y:.1f}" '
            f'width="{w:.1f}" height="{h:.1f}" rx="6"/>\n'
        )
    for i, _, p, _ in lay.paths:
        if i in apart:
            d = "L".join(f"{q[0]:.1f},{q[1]:.1f}" for q in p)
            add(f'<path class="reporting governs" d="M{d}"/>\n')
    add("</g>\n")


def _svg_extras(add: Callable[[str], None], chart: Chart, ox: float, oy: float) -> None:
    """The boxes that are not units' (assistants, people): their connectors, then each
    box with its lines (a name bold, Vacant bold in the warning colour)."""
    extra = chart.layout.extra
    if not extra:
        return
    theme = chart.theme
    small = theme.small_fontsize
    step = small * LINE
    add(
        f'<g class="extras" transform="translate({ox:.1f},{oy:.1f})">\n'
        f'<g class="side-lines" fill="none" stroke="{xml_text(theme.reporting_color)}" '
        'stroke-width="1">\n'
    )
    for e in extra:
        d = "L".join(f"{q[0]:.1f},{q[1]:.1f}" for q in e.link)
        add(f'<path class="side {xml_text(e.kind)}" data-owner="{xml_text(e.owner)}" d="M{d}"/>\n')
    add("</g>\n")
    for e in extra:
        st = extra_style(theme, e.kind)
        dash = ' stroke-dasharray="4,2"' if e.kind == "vacant" else ""
        add(
            f'<g class="extra {xml_text(e.kind)}" data-owner="{xml_text(e.owner)}" '
            f'data-key="{xml_text(e.key)}" transform="translate({e.x:.1f},{e.y:.1f})">'
            f'<rect width="{e.w:.1f}" height="{e.h:.1f}" rx="3" fill="{xml_text(st.fill)}" '
            f'stroke="{xml_text(st.border)}" stroke-width="1"{dash}/>'
        )
        y = 4.0
        for kind, line in chart.extra_lines.get((e.kind, e.key, e.owner), ()):
            y += step
            attrs = ""
            fill = st.text if kind == E_NAME else theme.muted_text
            if kind in (E_NAME, E_VACANT):
                attrs = ' font-weight="bold"'
            if kind == E_VACANT:
                fill = theme.warning_color
            add(
                f'<text x="{e.w / 2:.1f}" y="{y - 0.3 * step:.1f}"{attrs} '
                f'fill="{xml_text(fill)}">{xml_text(line)}</text>'
            )
        add("</g>\n")
    add("</g>\n")


def _num(memo: dict[float, str], value: float) -> str:
    """*value* with one decimal, formatted once per distinct value."""
    got = memo.get(value)
    if got is None:
        got = memo[value] = f"{value:.1f}"
    return got


def _svg_legend(
    add: Any, keys: list[tuple[str, str]], mid: float, y: float, size: float, theme: Theme
) -> None:
    """Line samples and their labels, centred on *mid*, baseline *y*."""
    x = mid - legend_width(keys, size) / 2
    colors = {
        "reporting": theme.reporting_color,
        "dotted": theme.dotted_color,
        "collaboration": theme.collaboration_color,
    }
    dashes = {
        "reporting": "",
        "dotted": ' stroke-dasharray="1.5,3"',
        "collaboration": ' stroke-dasharray="6,4"',
    }
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
