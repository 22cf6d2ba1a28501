"""Where links go and where their relations are written: the routes of
:mod:`.routing`, each relation placed beside its route where it overlaps no box, no
arrowhead and no other label (and, if it can, no line), or else a numbered marker on the
link and a key under the chart.

``link_labels`` decides: ``"auto"`` writes relations on the chart where they fit and
turns them into markers when some do not fit (all of them when most do not, so that a
chart reads one way); ``"inline"`` always writes them on the chart (where none fits, at
the least crowded spot); ``"markers"`` always uses markers; ``"off"`` leaves relations
out.

>>> from orggraph.render.tidy.layout import Layout
>>> lay = Layout(["a", "b"], [0, 300], [0, 0], [80, 80], [30, 30], [-1, -1], [], {}, 380, 30)
>>> d = link_drawing(lay, [(0, 1, "advises", False)], ["A", "B"], 9.0, 11.7)
>>> d.labels[0].number, d.labels[0].rows, d.key
(0, ('advises',), [])
>>> d = link_drawing(lay, [(0, 1, "advises", False)], ["A", "B"], 9.0, 11.7, mode="markers")
>>> d.labels[0].number, d.key
(1, [(1, 'advises (A → B)')])
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from orggraph.render.metrics import text_width
from orggraph.render.options import LINK_LABELS
from orggraph.render.tidy.routing import CLEAR, Point, corner_radii, route_links

if TYPE_CHECKING:
    from orggraph.render.tidy.layout import Layout

__all__ = [
    "ARROW",
    "CORNER",
    "LINK_LABELS",
    "LinkDrawing",
    "Placed",
    "drawn_span",
    "link_drawing",
    "marker_radius",
]

ARROW = 8.0  # an arrowhead's length (and width), points
CORNER = 6.0  # the radius of a route's rounded corners, where there is room
_WRAP = 28  # relation lines are wrapped at this many columns
_HALO = 2.0  # room kept round a label's text
_OUTSIDE = 60.0  # labels and markers go at most this far beside or under the boxes
_KEY_COLUMNS_MIN = 360.0  # the key spreads over columns when the chart is wider than this


class Placed(NamedTuple):
    """A relation's label (``number`` 0) or marker (``number`` n, the key's entry n):
    its centre and size, and its text lines (a marker: none). A marker with no room on
    its link sits near it, joined to it by a short leader line."""

    x: float
    y: float
    w: float
    h: float
    rows: tuple[str, ...]
    number: int
    leader: Point | None = None  # a marker off its link: the point of the link it marks


class LinkDrawing(NamedTuple):
    """Each link's route (a polyline in layout coordinates) and label (None: no
    relation, or labels off); the key's entries ``(number, text)``, its top-left corner,
    size and columns; the radius of each route's rounded corners."""

    routes: list[list[Point]]
    labels: list[Placed | None]
    key: list[tuple[int, str]]
    key_at: tuple[float, float]
    key_size: tuple[float, float]
    key_columns: int
    radii: list[list[float]]  # of each route's rounded corners


def marker_radius(size: float) -> float:
    """The radius of a numbered marker for text of *size* points."""
    return 0.65 * size


class _Space:
    """What a label must not overlap (boxes, arrowheads, labels placed) and what it
    should not (lines), as rectangle arrays searched with numpy."""

    def __init__(
        self, lay: Layout, boxes: list[list[float]], routes: list[list[Point]], reporting: list[Any]
    ) -> None:
        import numpy as np

        x0, y0, w, h = (np.asarray(v, dtype=float) for v in boxes)
        self.hard = [x0, y0, x0 + w, y0 + h]
        segs = [
            (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))
            for p in [*routes, *reporting]
            for a, b in itertools.pairwise(p)
        ]
        arr = np.asarray(segs, dtype=float).reshape(-1, 4)
        self.soft = [arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3]]
        self.extra: list[tuple[float, float, float, float]] = []
        # labels keep off the header; beside and under the boxes the picture grows to
        # hold them (a little: a label far from everything reads as no one's)
        self.within = (-_OUTSIDE, -CLEAR, lay.width + _OUTSIDE, lay.height + _OUTSIDE)

    def blocked(self, r: tuple[float, float, float, float]) -> bool:
        import numpy as np

        x0, y0, x1, y1 = r
        lo_x, lo_y, hi_x, hi_y = self.within
        if x0 < lo_x or y0 < lo_y or x1 > hi_x or y1 > hi_y:
            return True
        a, b, c, d = self.hard
        if bool(np.any((a < x1) & (c > x0) & (b < y1) & (d > y0))):
            return True
        return any(p < x1 and q > x0 and s < y1 and t > y0 for p, s, q, t in self.extra)

    def crosses(self, a: Point, b: Point) -> bool:
        """Whether the segment *a*-*b* enters a box (checked every point along it)."""
        import numpy as np

        x0, x1 = min(a[0], b[0]), max(a[0], b[0])
        y0, y1 = min(a[1], b[1]), max(a[1], b[1])
        p, q, s, t = self.hard
        near = (p < x1) & (s > x0) & (q < y1) & (t > y0)
        if not near.any():
            return False
        n = int(max(x1 - x0, y1 - y0)) + 2
        xs = np.linspace(a[0], b[0], n)[:, None]
        ys = np.linspace(a[1], b[1], n)[:, None]
        inside = (p[near] < xs) & (s[near] > xs) & (q[near] < ys) & (t[near] > ys)
        return bool(inside.any())

    def lines(self, r: tuple[float, float, float, float]) -> int:
        import numpy as np

        x0, y0, x1, y1 = r
        a, b, c, d = self.soft
        return int(np.count_nonzero((a <= x1) & (c >= x0) & (b <= y1) & (d >= y0)))


def _heads(
    routes: list[list[Point]], mutual: Sequence[bool]
) -> list[tuple[float, float, float, float]]:
    """A square round every arrowhead (the end of each route, and the start of a
    mutual link's)."""
    out = []
    for path, both in zip(routes, mutual, strict=True):
        for tip, _ in [(path[-1], path[-2])] + ([(path[0], path[1])] if both else []):
            out.append((tip[0] - ARROW, tip[1] - ARROW, tip[0] + ARROW, tip[1] + ARROW))
    return out


def _candidates(
    path: list[Point], w: float, h: float, *, on_line: bool, gap: float = 2.0
) -> list[tuple[float, float, float]]:
    """Centres to try for a label of *w* x *h* along *path*, with how far each is from
    the route's middle (preferred): beside horizontal and vertical runs, *gap* away (or
    on them, for markers)."""
    segs = [(a, b) for a, b in itertools.pairwise(path) if a != b]
    total = sum(abs(b[0] - a[0]) + abs(b[1] - a[1]) for a, b in segs) or 1.0
    out = []
    walked = 0.0
    steps = (0.5, 0.3, 0.7, 0.15, 0.85, 0.4, 0.6, 0.05, 0.95)
    for n, (a, b) in enumerate(segs):
        length = abs(b[0] - a[0]) + abs(b[1] - a[1])
        for t in steps:
            if on_line and n == len(segs) - 1 and length * (1 - t) < ARROW + w / 2:
                continue  # keep off the arrowhead
            px, py = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
            off = abs((walked + length * t) / total - 0.5)
            if on_line:
                out.append((px, py, off))
            elif a[1] == b[1]:  # a horizontal run: above it, then below
                out.append((px, py - h / 2 - gap, off))
                out.append((px, py + h / 2 + gap, off + 0.01))
            else:  # a vertical run: right of it, then left
                out.append((px + w / 2 + gap, py, off))
                out.append((px - w / 2 - gap, py, off + 0.01))
        walked += length
    return out


def _place(
    space: _Space, path: list[Point], w: float, h: float, *, on_line: bool, force: bool
) -> tuple[float, float] | None:
    """The best free centre along *path* for a *w* x *h* label: no box, arrowhead or
    label under it, fewest lines, nearest the middle. A marker that finds no room on its
    line goes just beside it. With *force*, the least bad spot when none is free."""
    tries = [_candidates(path, w, h, on_line=on_line)]
    if on_line:
        tries += [_candidates(path, w, h, on_line=False, gap=g) for g in (1.0, 6.0)]
    fallback: tuple[float, float, float] | None = None
    for candidates in tries:
        best: tuple[float, float, float] | None = None
        for cx, cy, off in candidates:
            r = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            score = space.lines(r) + off
            if space.blocked(r):
                if force and (fallback is None or score < fallback[0]):
                    fallback = (score, cx, cy)
                continue
            if best is None or score < best[0]:
                best = (score, cx, cy)
        if best is not None:
            return best[1], best[2]
    if fallback is None and force:  # a route too short for any spot: its middle
        (ax, ay), (bx, by) = path[len(path) // 2 - 1], path[len(path) // 2]
        return (ax + bx) / 2, (ay + by) / 2
    return None if fallback is None else (fallback[1], fallback[2])


def link_drawing(
    lay: Layout,
    links: Sequence[tuple[int, int, str, bool]],
    names: Sequence[str],
    size: float,
    step: float,
    *,
    mode: str = "auto",
    reporting: Sequence[Sequence[Point]] | None = None,
    aim: float | None = None,
) -> LinkDrawing:
    """Routes and labels for *links* ``(box a, box b, relation, mutual)`` on layout
    *lay*; *names* are the boxes' names (for the key), *size* the labels' text size and
    *step* their line height; *mode* is ``link_labels``. The key goes under the chart,
    or beside it when that brings the picture nearer the width:height *aim*."""
    from orggraph.render.graphviz import wrap

    lines = [p for _, _, p, _ in lay.paths] if reporting is None else list(reporting)
    # every box is in the way: the units' and the others' (assistants, people boxes),
    # whose connectors count as reporting lines
    others = lay.extra
    boxes = [
        [*lay.x, *(e.x for e in others)],
        [*lay.y, *(e.y for e in others)],
        [*lay.w, *(e.w for e in others)],
        [*lay.h, *(e.h for e in others)],
    ]
    lines = [*lines, *(e.link for e in others if len(e.link) > 1)]
    bx, by, bw, bh = boxes
    routes = route_links(bx, by, bw, bh, [(a, b) for a, b, _, _ in links], lines)
    mutual = [m for _, _, _, m in links]
    space = _Space(lay, boxes, routes, lines)
    space.extra.extend(_heads(routes, mutual))
    labels: list[Placed | None] = [None] * len(links)
    wanted = [k for k, link in enumerate(links) if link[2] and mode != "off"]
    marked: list[int] = []
    if mode in ("auto", "inline"):
        extra = len(space.extra)
        for k in wanted:
            rows = tuple(wrap(links[k][2], _WRAP).split("\n"))
            w = max(text_width(r, size) for r in rows) + 2 * _HALO
            h = len(rows) * step + _HALO
            spot = _place(space, routes[k], w, h, on_line=False, force=mode == "inline")
            if spot is None:
                marked.append(k)
                continue
            labels[k] = Placed(spot[0], spot[1], w, h, rows, 0)
            space.extra.append((spot[0] - w / 2, spot[1] - h / 2, spot[0] + w / 2, spot[1] + h / 2))
        if mode == "auto" and 2 * len(marked) > len(wanted):  # most do not fit: markers all
            del space.extra[extra:]
            labels = [None] * len(links)
            marked = wanted
    else:
        marked = wanted if mode == "markers" else []
    key = _markers(space, routes, labels, sorted(marked), size)
    entries = []
    for number, k in key:
        a, b, relation, both = links[k]
        arrow = "↔" if both else "→"
        entries.append((number, f"{' '.join(relation.split())} ({names[a]} {arrow} {names[b]})"))
    radii = corner_radii(routes, bx, by, bw, bh, CORNER)
    return _with_key(lay, (routes, radii), labels, entries, (size, step), aim)


def _markers(
    space: _Space,
    routes: list[list[Point]],
    labels: list[Placed | None],
    marked: list[int],
    size: float,
) -> list[tuple[int, int]]:
    """Put a numbered marker on each link in *marked* (into *labels*), or near it with
    a leader where the link has no room; ``(number, link)`` of each."""
    r = marker_radius(size)
    d = 2 * r + 2
    out = []
    for number, k in enumerate(marked, 1):
        spot = _place(space, routes[k], d, d, on_line=True, force=False)
        leader = None
        if spot is None:
            spot, leader = _off_line(space, routes[k], d)
        labels[k] = Placed(spot[0], spot[1], 2 * r, 2 * r, (), number, leader)
        space.extra.append((spot[0] - d / 2, spot[1] - d / 2, spot[0] + d / 2, spot[1] + d / 2))
        out.append((number, k))
    return out


def _off_line(space: _Space, path: list[Point], d: float) -> tuple[Point, Point]:
    """A free spot for a marker of size *d* near *path* (the nearest, then fewest
    lines under it) and the point of *path* its leader goes to; with none free within
    reach, the middle of the path."""
    points = _along(path, 3.0)
    mid = len(points) // 2
    inner = range(1, len(points) - 1) if len(points) > 2 else range(len(points))
    points = [points[i] for i in sorted(inner, key=lambda i: abs(i - mid))]
    best: tuple[float, Point, Point] | None = None
    reach = d
    while reach <= 20 * d:  # nearest first, in small steps: gaps between boxes are narrow
        for px, py in points:  # from the middle of the link outwards
            for ux, uy in _AROUND:
                cx, cy = px + ux * reach, py + uy * reach
                rect = (cx - d / 2, cy - d / 2, cx + d / 2, cy + d / 2)
                if space.blocked(rect) or space.crosses((px, py), (cx, cy)):
                    continue
                score = space.lines(rect)
                if best is None or score < best[0]:
                    best = (score, (cx, cy), (px, py))
        if best is not None:
            return best[1], best[2]
        reach += 3.0
    return points[0], points[0]


_AROUND = (
    (0.0, -1.0),
    (0.0, 1.0),
    (1.0, 0.0),
    (-1.0, 0.0),
    (0.7, -0.7),
    (-0.7, -0.7),
    (0.7, 0.7),
    (-0.7, 0.7),
)


def _along(path: list[Point], step: float) -> list[Point]:
    """Points every *step* along *path*, ends included."""
    out = [path[0]]
    for a, b in itertools.pairwise(path):
        length = abs(b[0] - a[0]) + abs(b[1] - a[1])
        n = max(1, int(length // step))
        out += [
            (a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n) for i in range(1, n + 1)
        ]
    return out


def _with_key(
    lay: Layout,
    drawn: tuple[list[list[Point]], list[list[float]]],
    labels: list[Placed | None],
    entries: list[tuple[int, str]],
    text: tuple[float, float],
    aim: float | None,
) -> LinkDrawing:
    """The drawing with the key's place: under the chart (past the lowest route and
    label) or beside it, in the columns that bring the picture nearest the width:height
    *aim* (None: under it, in as many columns as the chart's width holds). *drawn*
    are the routes and their corners' radii."""
    size, step = text
    routes, radii = drawn
    if not entries:
        return LinkDrawing(routes, labels, [], (0.0, lay.height), (0.0, 0.0), 0, radii)
    r = marker_radius(size)
    col_w = max(2 * r + size / 2 + text_width(t, size) for _, t in entries) + 2 * size
    row_h = max(step, 2 * r + 2)
    bare = LinkDrawing(routes, labels, [], (0.0, 0.0), (0.0, 0.0), 0, [])
    _, right, low = drawn_span(lay.width, lay.height, bare)  # of boxes, routes and labels
    low += 2 * CLEAR + size
    right += 2 * CLEAR + 2 * size
    options = []
    for columns in range(1, min(len(entries), 12) + 1):
        rows = -(-len(entries) // columns)
        width = columns * col_w - 2 * size
        size_of = (width, rows * row_h)
        options.append(
            LinkDrawing(
                routes, labels, entries, ((lay.width - width) / 2, low), size_of, columns, radii
            )
        )
        options.append(LinkDrawing(routes, labels, entries, (right, 0.0), size_of, columns, radii))

    if aim is None:
        fit = max(1, min(len(entries), int(max(lay.width, _KEY_COLUMNS_MIN) // col_w)))
        return options[2 * (fit - 1)]

    def off_shape(d: LinkDrawing) -> float:
        x0, x1, height = drawn_span(lay.width, lay.height, d)
        return abs(math.log((x1 - x0) / max(height, 1.0) / aim))

    return min(options, key=off_shape)


def drawn_span(
    width: float, height: float, drawing: LinkDrawing | None
) -> tuple[float, float, float]:
    """The left, right and bottom of what a layout *width* x *height* and the links of
    *drawing* cover: boxes, routes, labels, markers and the key."""
    if drawing is None:
        return 0.0, width, height
    x0, x1, y1 = 0.0, width, height
    for path in drawing.routes:
        for x, y in path:
            x0, x1, y1 = min(x0, x), max(x1, x), max(y1, y)
    for spot in drawing.labels:
        if spot is not None:
            x0, x1 = min(x0, spot.x - spot.w / 2), max(x1, spot.x + spot.w / 2)
            y1 = max(y1, spot.y + spot.h / 2)
    if drawing.key:
        x0, x1 = min(x0, drawing.key_at[0]), max(x1, drawing.key_at[0] + drawing.key_size[0])
        y1 = max(y1, drawing.key_at[1] + drawing.key_size[1])
    return x0, x1, y1
