"""The "tidy" engine: org charts drawn by orggraph itself, with no external program.

Boxes say what the Graphviz renderer's boxes say (name in bold, the head's title,
rolled-up seats and monthly budget with ``≥`` where figures are unknown, and for units
cut off by ``depth`` what they hide), in the same theme colours and ``lang``. The
geometry comes from :func:`orggraph.renderers.layout.tree_layout` (linear time, compact
stacks of leaves, wide groups folded into columns); dotted and collaboration links are
Bézier curves drawn over the reporting lines, their relations on top.

:func:`to_svg` writes the SVG text directly, in one pass over the boxes: every piece of
user text goes through :func:`~orggraph.renderers.quoting.xml_text`, so no name can add
markup, and control characters are dropped. PNG needs no external program either: lines,
boxes and curves come from matplotlib's Agg canvas, the text from Pillow's FreeType
renderer (matplotlib's own text path takes milliseconds per label), in a CJK face when
one is installed so that Chinese shows as Chinese.

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
import unicodedata
import warnings
from collections.abc import Callable, Collection, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from .._gc import paused as _gc_paused
from ..errors import OrgError, OrgWarning
from ..names import text
from ..rollup import Rollup, own_value
from .labels import SEPARATOR, budget_phrase, hidden_note, seats_phrase, words
from .layout import _TABLES as _ADVANCES
from .layout import Layout, _hundredths, make_view, text_width, tree_layout
from .quoting import clean, xml_text
from .theme import DEFAULT_THEME, BoxStyle, Theme, font_stack

if TYPE_CHECKING:
    from ..model import Org

__all__ = ["FORMATS", "LINK_KINDS", "MAX_PNG_PIXELS", "MAX_PNG_SIDE", "render_bytes", "to_svg"]

FORMATS = ("svg", "png")
LINK_KINDS = ("dotted", "collaboration")
MAX_PNG_SIDE = 32000  # pixels per side of a PNG; bigger charts get a lower resolution
MAX_PNG_PIXELS = 100_000_000  # about 400 MB of RGBA while drawing
MIN_LEGIBLE_PX = 6.0  # small text below this many pixels high cannot be read
MIN_DRAWN_PX = 3.0  # below this, PNG text would be a grey smear: left out

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
    hover: list[str]  # 2 per box: its whole name and head's title
    types: list[str | None]
    links: list[_Link]
    header: list[tuple[int, str]]  # (kind: 0 title, 1 caption), text
    legend: list[tuple[str, str]]  # (key, label)
    theme: Theme
    width: float  # of the whole picture, margins and header included
    height: float
    top: float  # y of the chart under the header


def _columns(line: str) -> int:
    """Display columns of *line*: East Asian wide characters count two."""
    if line.isascii():
        return len(line)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _split(value: str, width: int) -> list[str]:
    """Clean *value* and break it into display lines (explicit newlines, then wrapping
    lines longer than *width* columns)."""
    if value.isprintable() and (
        2 * len(value) <= width or (len(value) <= width and value.isascii())
    ):
        return [value]  # the usual case: nothing to clean or break
    out = []
    for line in _NEWLINES.split(clean(value).replace("\t", " ")):
        if 2 * len(line) > width and _columns(line) > width:
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
    big: float,
    small: float,
) -> tuple[
    list[list[tuple[int, str]]], list[tuple[float, float]], list[str], list[str | None], bool
]:
    """Box lines, box size, hover text (full name and title, cleaned: two entries per
    unit) and type of each shown unit; whether any figure is unknown.

    This is the hot loop of big charts: titles and figures repeat a lot, so their lines
    and sizes are memoised, and the common case (a short printable name) is inline.
    """
    node = org._nodes  # plain mapping: no view per lookup
    table = org.rollup_table(("seats", "budget")) if figures or collapsed else None
    all_lines: list[list[tuple[int, str]]] = []
    sizes: list[tuple[float, float]] = []
    hover: list[str] = []
    any_unknown = False
    name_h, small_h = big * _LINE, small * _LINE
    pad_w, min_w = 2 * _PAD_X, 4 * big
    one_name_h = 2 * _PAD_Y + name_h
    add_lines, add_size, add_hover = all_lines.append, sizes.append, hover.append
    # Everything a box shows, a column each: read from a table import's columns without
    # building a dict per unit, and the figures without a call per unit.
    all_names, all_titles, types = org._fields(shown, lang)
    # Titles and figure lines repeat a lot: lay out each distinct one once, then look
    # them all up at C speed.
    title_memo: dict[str | None, tuple[tuple[tuple[int, str], ...], float, float, str]] = {
        None: ((), 0.0, 0.0, "")
    }
    for title in set(all_titles):
        if title is not None:
            rows = _split(title, 40)
            title_memo[title] = (
                tuple((_TITLE, r) for r in rows),
                max([text_width(r, small) for r in rows]),
                small_h * len(rows) if title else 0.0,
                clean(title),
            )
    title_of = list(map(title_memo.__getitem__, all_titles))
    n = len(shown)
    seats: list[Any] = [0] * n
    seats_unknown: list[int] = [0] * n
    fig_of: list[Any] = [None] * n
    if table is not None:
        seats, seats_unknown = table.columns("seats", shown)
        if figures:
            budget, budget_unknown = table.columns("budget", shown)
            keys = list(
                zip(
                    seats,
                    map(bool, seats_unknown),
                    budget,
                    map(bool, budget_unknown),
                    strict=True,
                )
            )
            figure_line = _figure_lines(lang, small)
            fig_memo = {key: figure_line(key) for key in set(keys)}
            any_unknown = any(key[1] or key[3] for key in fig_memo)
            fig_of = list(map(fig_memo.__getitem__, keys))
    bold_table = _ADVANCES[True]
    em_big = big / 100
    for k, name in enumerate(all_names):
        if name.isascii() and len(name) <= 36 and name.isprintable():
            lines = [(_NAME, name)]
            # text_width, inline: this runs once per box
            width = sum(name.encode("ascii").translate(bold_table)) * em_big
            height = one_name_h
            add_hover(name)
        elif len(name) <= 18 and name.isprintable():
            lines = [(_NAME, name)]
            width = text_width(name, big, True)
            height = one_name_h
            add_hover(name)
        else:
            names = _split(name, 36)
            lines = [(_NAME, s) for s in names]
            width = max([text_width(s, big, True) for s in names])
            height = 2 * _PAD_Y + name_h * len(names)
            add_hover(clean(name))
        memo = title_of[k]
        if memo[2]:
            lines.extend(memo[0])
            if memo[1] > width:
                width = memo[1]
            height += memo[2]
        add_hover(memo[3])
        fig = fig_of[k]
        if fig is not None:
            lines.append(fig[0])
            if fig[1] > width:
                width = fig[1]
            height += small_h
        if collapsed:
            u = shown[k]
            hidden = collapsed.get(u)
            if hidden is not None:
                own, known = own_value(node[u], "seats", u)
                rest = seats_unknown[k] - (0 if known else 1)
                people = Rollup(seats[k] - own, _UNKNOWN if rest else ())
                line = hidden_note(len(hidden), people, lang)
                lines.append((_NOTE, line))
                width = max(width, text_width(line, small))
                height += small_h
        if responsibilities:
            for rid in org.responsibilities(shown[k]):
                for r in _split("• " + org.name(rid, lang), 40):
                    lines.append((_DUTY, r))
                    width = max(width, text_width(r, small))
                    height += small_h
        add_lines(lines)
        add_size((width + pad_w if width + pad_w > min_w else min_w, height))
    return all_lines, sizes, hover, types, any_unknown


def _figure_lines(
    lang: str | None, size: float
) -> Callable[[tuple[Any, bool, Any, bool]], tuple[tuple[int, str], float] | None]:
    """labels.figures for many boxes: ``(seats, seats unknown, budget, budget unknown)`` ->
    the box line and its width at *size* (``None``: no line). The seats and budget parts
    are formatted and measured once per value; the width of the whole line is the sum
    of its parts' (in whole hundredths of an em, as text_width adds them)."""
    w = words(lang)
    sep = _hundredths(SEPARATOR)
    seats: dict[tuple[Any, bool], tuple[str, int]] = {}
    budget: dict[tuple[Any, bool], tuple[str, int]] = {}

    def line(key: tuple[Any, bool, Any, bool]) -> tuple[tuple[int, str], float] | None:
        s_value, s_unknown, b_value, b_unknown = key
        if s_value == 0 and not s_unknown and b_value == 0 and not b_unknown:
            return None
        s = seats.get((s_value, s_unknown))
        if s is None:
            phrase = seats_phrase(s_value, not s_unknown, w)
            s = seats[s_value, s_unknown] = (phrase, _hundredths(phrase))
        if not (b_value or b_unknown):
            return (_FIGURES, s[0]), s[1] * size / 100
        b = budget.get((b_value, b_unknown))
        if b is None:
            phrase = budget_phrase(b_value, not b_unknown, w)
            b = budget[b_value, b_unknown] = (phrase, _hundredths(phrase))
        return (_FIGURES, s[0] + SEPARATOR + b[0]), (s[1] + sep + b[1]) * size / 100

    return line


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
        raise OrgError(
            f"theme must be an orggraph.renderers.theme.Theme, got {type(theme).__name__}"
        )
    default_lang = org.lang[0] if org.lang else None
    lang = lang or default_lang
    view = make_view(org, root, depth)
    big, small = theme.fontsize, theme.small_fontsize
    lines, box_sizes, hover, types, any_unknown = _lines_of(
        org,
        view.shown,
        view.collapsed,
        lang=lang,
        figures=figures,
        responsibilities=responsibilities,
        big=big,
        small=small,
    )
    layout = tree_layout(
        org,
        compact=compact,
        stack_min=stack_min,
        box_size=box_sizes,
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
        header.extend(
            (0, s) for s in _split(text(org.org_name, lang, default_lang=default_lang), 60)
        )
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
    header_w = max([0.0, *(text_width(s, big + 3 if k == 0 else small, k == 0) for k, s in header)])
    legend_w = _legend_width(keys, small)
    width = max(layout.width, header_w, legend_w) + 2 * _MARGIN
    height = top + layout.height + _MARGIN
    if drawn_links:
        height += big  # room for curves that bow below the lowest boxes
    return _Chart(layout, lines, hover, types, drawn_links, header, keys, theme, width, height, top)


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
    import numpy as np

    # Boxes sorted by left edge: a candidate spot only looks at the slice of boxes that
    # can reach it. Labels already placed go into a coarse grid.
    order = np.argsort(np.asarray(lay.x))
    left = np.asarray(lay.x)[order]
    right = left + np.asarray(lay.w)[order]
    top = np.asarray(lay.y)[order]
    bottom = top + np.asarray(lay.h)[order]
    widest = float((right - left).max()) if len(left) else 0.0
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
        lo = int(np.searchsorted(left, x0 - widest))
        hi = int(np.searchsorted(left, x1))
        if hi > lo and bool(np.any((right[lo:hi] > x0) & (top[lo:hi] < y1) & (bottom[lo:hi] > y0))):
            return False
        for key in cells(*rect):
            for a0, b0, a1, b1 in grid.get(key, ()):
                if a0 < x1 and x0 < a1 and b0 < y1 and y0 < b1:
                    return False
        return True

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
    with _gc_paused():
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
        svg = _svg(chart)
        # Free the chart's objects while the collector is off: the first collection after
        # it is back on would walk them all.
        del chart
        return svg


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
    # One path per reporting line; the part above the bus is the same for all children
    # of a parent, and so is the top of a row of children, and in a stack the turn onto
    # a bus and the x where a column's ticks end: format those once.
    last = -1
    prefix = ""
    top_y = math.nan
    top_s = ""
    turn: Any = None
    turn_s = ""
    ends: dict[float, str] = {}
    for i, _, p, _ in lay.paths:
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

    step_big = big * _LINE
    step_small = small * _LINE
    # Dotted and collaboration links: curves between the tree and the boxes, their
    # relations over everything.
    labels: list[str] = []
    if chart.links:
        add(f'<g class="links" fill="none" transform="translate({ox:.1f},{oy:.1f})">\n')
        spots = _label_spots(chart)
        for link, spot in zip(chart.links, spots, strict=True):
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

    # Boxes: a group per unit, moved into place, so that the coordinates inside repeat
    # from box to box and are formatted once.
    add(f'<g class="nodes" transform="translate({ox:.1f},{oy:.1f})">\n')
    styles: dict[str | None, tuple[str, str]] = {}
    name_attr = f'font-weight="bold" font-size="{big:g}"'
    num: dict[float, str] = {}
    escaped: dict[str, str] = {}
    tips: dict[str, str] = {"": " · id: "}  # what goes between name and id in a tooltip
    # Per box size and type: the <g> start, the rect and the x of its text lines.
    shapes: dict[tuple[float, float, str | None], tuple[str, str, str, str, str, str, str]] = {}
    name_y: list[str] = []
    small_y: dict[tuple[int, int], str] = {}
    xs, ys, ws, hs = lay.x, lay.y, lay.w, lay.h
    units, hover, types = lay.units, chart.hover, chart.types
    line_y = (
        f"{_PAD_Y + 0.5 * step_big + 0.35 * big:.1f}",
        f"{_PAD_Y + step_big + 0.5 * step_small + 0.35 * small:.1f}",
        f"{_PAD_Y + step_big + 1.5 * step_small + 0.35 * small:.1f}",
    )
    last_w = last_h = math.nan
    last_type: Any = None
    shape = ("", "", "", "", "", "", "")
    last_x = math.nan
    x_s = ""
    for i, lines in enumerate(chart.lines):
        kind_of = types[i]
        w, h = ws[i], hs[i]
        if w == last_w and h == last_h and kind_of is last_type:
            pass  # neighbours in a stack: usually the same shape
        elif (got := shapes.get((w, h, kind_of))) is not None:
            shape = got
            last_w, last_h, last_type = w, h, kind_of
        else:
            last_w, last_h, last_type = w, h, kind_of
            style = styles.get(kind_of)
            if style is None:
                st: BoxStyle = theme.style_for(kind_of)
                klass = xml_text(_css_class(kind_of or "unit"))
                style = styles[kind_of] = (
                    f'<g class="node unit {klass}" fill="{xml_text(st.text)}" data-id="',
                    f'" rx="4" fill="{xml_text(st.fill)}" stroke="{xml_text(st.border)}" '
                    f'stroke-width="{st.penwidth:g}"/>',
                )
            cx_s = _num(num, w / 2)
            rect = f'<rect width="{_num(num, w)}" height="{_num(num, h)}{style[1]}'
            name_start = f'<text x="{cx_s}" y="{line_y[0]}" {name_attr}>'
            shape = shapes[w, h, kind_of] = (
                style[0],
                rect,
                cx_s,
                name_start,
                f'</text><text x="{cx_s}" y="{line_y[1]}">',
                f'</text><text x="{cx_s}" y="{line_y[2]}">',
                rect + name_start,
            )
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
        if len(lines) == 3 and lines[1][0] == _TITLE and lines[2][0] == _FIGURES:
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
        head = (
            f'{shape[0]}{uid}" transform="translate({x_s},{ys[i]:.1f})">'
            f"<title>{name}{tip}{uid}</title>{shape[1]}"
        )
        add(head)
        cx_s = shape[2]
        nn = m = 0
        for kind, line in lines:
            if kind == _NAME:
                while len(name_y) <= nn:
                    j = len(name_y)
                    name_y.append(f"{_PAD_Y + (j + 0.5) * step_big + 0.35 * big:.1f}")
                add(
                    f'<text x="{cx_s}" y="{name_y[nn]}" {name_attr}>'
                    f"{name if line is hover[2 * i] else xml_text(line)}</text>"
                )
                nn += 1
            else:
                y_s = small_y.get((nn, m))
                if y_s is None:
                    y_s = small_y[nn, m] = (
                        f"{_PAD_Y + nn * step_big + (m + 0.5) * step_small + 0.35 * small:.1f}"
                    )
                text_s = escaped.get(line)
                if text_s is None:
                    text_s = escaped[line] = xml_text(line)
                if kind == _NOTE:
                    add(f'<text x="{cx_s}" y="{y_s}" font-style="italic">{text_s}</text>')
                else:
                    add(f'<text x="{cx_s}" y="{y_s}">{text_s}</text>')
                m += 1
        add("</g>\n")
    add("</g>\n")

    if labels:
        add(f'<g class="relations" transform="translate({ox:.1f},{oy:.1f})">\n')
        out.extend(labels)
        add("</g>\n")
    add("</svg>\n")
    return "".join(out)


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
    x = mid - _legend_width(keys, size) / 2
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


# -- PNG ----------------------------------------------------------------------------------


def _png(chart: _Chart, dpi: float) -> bytes:
    """Lines, boxes and curves through matplotlib's Agg canvas (anti-aliased, dashed),
    then the text with Pillow's FreeType renderer, which is many times faster than
    matplotlib's per-glyph text path for thousands of labels."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath
    from PIL import Image, ImageDraw

    lay, theme = chart.layout, chart.theme
    big, small = theme.fontsize, theme.small_fontsize
    width, height = chart.width, chart.height
    if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or not dpi > 0:
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
    draw_text = small * px >= MIN_DRAWN_PX
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
    fig = Figure(figsize=(width / 72, height / 72), dpi=dpi, facecolor=theme.background)
    canvas: Any = FigureCanvasAgg(fig)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    thin = 0.9 * 72 / dpi  # lines never thinner than about a pixel, however big the chart
    lw = max(0.8, thin)  # reporting line width in points

    shift = np.array([ox, oy])
    segments = [np.asarray(p, dtype=float) + shift for _, _, p, _ in lay.paths]
    if segments:
        ax.add_collection(
            LineCollection(segments, colors=theme.reporting_color, linewidths=lw, zorder=1)
        )
    styles: dict[str | None, BoxStyle] = {}
    for t in chart.types:
        if t not in styles:
            styles[t] = theme.style_for(t)
    if len(lay):
        x = np.asarray(lay.x) + ox
        y = np.asarray(lay.y) + oy
        w = np.asarray(lay.w)
        h = np.asarray(lay.h)
        kinds = [styles[t] for t in chart.types]
        ax.add_collection(
            PolyCollection(
                _rounded(x, y, w, h, 4.0),
                facecolors=[st.fill for st in kinds],
                edgecolors=[st.border for st in kinds],
                linewidths=[max(st.penwidth * 0.8, thin) for st in kinds],
                zorder=2,
            )
        )
    # Links: dotted and dashed curves with arrowheads, under the boxes.
    heads = []
    head_colors = []
    for link in chart.links:
        p0, c1, c2, p3 = _curve(lay, link.a, link.b, ox, oy)
        color = theme.dotted_color if link.kind == "dotted" else theme.collaboration_color
        codes = [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4]
        ax.add_patch(
            PathPatch(
                MplPath([p0, c1, c2, p3], codes), fill=False, edgecolor=color, zorder=1.5,
                linewidth=max(1.3 if link.kind == "dotted" else 1.0, thin),
                linestyle=(0, (1, 2.5)) if link.kind == "dotted" else (0, (5, 3)),
            )
        )  # fmt: skip
        for ctrl, tip in [(c2, p3)] + ([(c1, p0)] if link.mutual else []):
            heads.append(_arrowhead(ctrl, tip, 7.0))
            head_colors.append(color)
    if heads:
        ax.add_collection(
            PolyCollection(heads, facecolors=head_colors, edgecolors="none", zorder=2.5)
        )
    legend_y = _MARGIN + sum((big + 3 if k == 0 else small) * _LINE for k, _ in chart.header)
    legend_y += small * _LINE - 0.3 * small
    samples = _legend_samples(chart.legend, width / 2, legend_y, small)
    for key, x0, x1, ly in samples:
        if key == "unknown":
            continue
        color, dash = {
            "reporting": (theme.reporting_color, "-"),
            "dotted": (theme.dotted_color, (0, (1, 2.5))),
            "collaboration": (theme.collaboration_color, (0, (5, 3))),
        }[key]
        ax.plot(
            [x0, x1 - 0.6 * small],
            [ly - 0.3 * small] * 2,
            color=color,
            linestyle=dash,
            linewidth=1.2,
        )
    canvas.draw()
    image = Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3])
    del fig, canvas, ax

    if draw_text:
        texts = [s for lines in chart.lines for _, s in lines]
        regular, bold = _faces(texts + [s for _, s in chart.header])
        fonts_at: dict[tuple[bool, float], Any] = {}

        def font(is_bold: bool, size: float) -> Any:
            key = (is_bold, size)
            got = fonts_at.get(key)
            if got is None:
                got = fonts_at[key] = _pil_font(bold if is_bold else regular, size * px)
            return got

        draw = ImageDraw.Draw(image)
        text = draw.text
        name_font, small_font = font(True, big), font(False, small)
        step_big, step_small = big * _LINE, small * _LINE
        xs, ys, ws = lay.x, lay.y, lay.w
        for i, lines in enumerate(chart.lines):
            color = styles[chart.types[i]].text
            cx = (xs[i] + ws[i] / 2 + ox) * px
            ty = ys[i] + oy + _PAD_Y
            for kind, s in lines:
                if kind == _NAME:
                    text((cx, (ty + 0.5 * step_big + 0.35 * big) * px), s, font=name_font,
                         fill=color, anchor="ms")  # fmt: skip
                    ty += step_big
                else:
                    text((cx, (ty + 0.5 * step_small + 0.35 * small) * px), s, font=small_font,
                         fill=color, anchor="ms")  # fmt: skip
                    ty += step_small
        halo = max(1, round(1.5 * px))
        for link, spot in zip(chart.links, _label_spots(chart), strict=True):
            if spot is None:
                continue
            mx, my, rows = spot
            color = theme.dotted_color if link.kind == "dotted" else theme.collaboration_color
            y0 = my - (len(rows) - 1) * step_small / 2 + 0.35 * small
            for j, row in enumerate(rows):
                text(((mx + ox) * px, (y0 + j * step_small + oy) * px), row, font=small_font,
                     fill=color, anchor="ms", stroke_width=halo,
                     stroke_fill=theme.background)  # fmt: skip
        yy = _MARGIN
        for kind, s in chart.header:
            size = big + 3 if kind == 0 else small
            yy += size * _LINE
            text((width / 2 * px, (yy - 0.3 * size) * px), s, font=font(kind == 0, size),
                 fill=theme.muted_text if kind else theme.default.text, anchor="ms")  # fmt: skip
        for (_, label), (_, _, x1, ly) in zip(chart.legend, samples, strict=True):
            text((x1 * px, ly * px), label, font=small_font, fill=theme.muted_text, anchor="ls")
    buf = io.BytesIO()
    # Charts are mostly background: a fast compression level loses little.
    image.save(buf, format="PNG", compress_level=3 if image.width * image.height > 4e6 else 6)
    return buf.getvalue()


def _legend_samples(
    keys: list[tuple[str, str]], mid: float, y: float, size: float
) -> list[tuple[str, float, float, float]]:
    """``(key, sample start x, label start x, baseline y)`` for each legend entry."""
    x = mid - _legend_width(keys, size) / 2
    out = []
    for key, label in keys:
        start = x
        if key != "unknown":
            x += 2.6 * size
        out.append((key, start, x, y))
        x += text_width(label, size) + 2 * size
    return out


def _faces(texts: list[str]) -> tuple[tuple[str, int], tuple[str, int]]:
    """(file, face index) of the regular and bold font for PNG text: a CJK face (it
    has Latin letters too) when matplotlib knows one, else DejaVu Sans. Warns, through
    :func:`orggraph.renderers.fonts.cjk_rc`, when Chinese text has no font."""
    from matplotlib import font_manager

    from . import fonts

    with fonts.cjk_rc(texts) as family:
        name = family[-1]
    entries = [e for e in font_manager.fontManager.ttflist if e.name == name]

    def pick(weight: int) -> tuple[str, int]:
        best = min(
            entries,
            key=lambda e: (e.style != "normal", abs(_weight(e.weight) - weight)),
            default=None,
        )
        if best is None:
            props = font_manager.FontProperties(family=name, weight=weight)
            return str(font_manager.findfont(props)), 0
        return str(best.fname), int(getattr(best, "index", 0) or 0)

    return pick(400), pick(700)


def _weight(value: Any) -> int:
    if isinstance(value, int):
        return value
    return {"light": 300, "normal": 400, "regular": 400, "medium": 500, "bold": 700}.get(
        str(value), 400
    )


def _pil_font(face: tuple[str, int], size: float) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(face[0], size=max(size, 1.0), index=face[1])


def _rounded(x: Any, y: Any, w: Any, h: Any, radius: float) -> Any:
    """(n, 20, 2) polygon vertices of rounded rectangles (top-left x, y; size w, h)."""
    import numpy as np

    r = np.minimum(radius, np.minimum(w, h) / 2)[:, None]
    t = np.linspace(0, np.pi / 2, 5)
    cos, sin = np.cos(t), np.sin(t)
    # corners: top-right, bottom-right, bottom-left, top-left (y grows downwards)
    cx = np.concatenate(
        [(x + w)[:, None] - r, (x + w)[:, None] - r, x[:, None] + r, x[:, None] + r], axis=1
    )
    cy = np.concatenate(
        [y[:, None] + r, (y + h)[:, None] - r, (y + h)[:, None] - r, y[:, None] + r], axis=1
    )
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
    with _gc_paused():
        chart = _chart(org, **settings)
        if format == "svg":
            return _svg(chart).encode("utf-8")
    return _png(chart, options.get("dpi", 144.0))
