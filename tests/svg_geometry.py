"""Geometry read back from a chart's SVG, and the checks a readable chart passes.

The SVG is what users get, so the checks read it rather than the layout: the picture's
size (``viewBox``), each unit's box (``<g class="node unit ..." data-id=...>`` and its
``<rect>``; Graphviz: the ``<g class="node ...">`` outline and ``<title>``) and the
reporting lines (``<path class="reporting">``; Graphviz: the edges of class
``reporting``), with every ``translate`` applied. Coordinates in the SVG have one
decimal, so comparisons allow :data:`TOL`. Boxes that are not units' (assistants, people
boxes: ``<g class="extra ...">``; Graphviz: nodes of class ``extra``) and their side
connectors (class ``side``) are read apart: :func:`extra_faults` checks them.
"""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

__all__ = [
    "TOL",
    "Links",
    "Picture",
    "Rect",
    "Segment",
    "box_overlaps",
    "extra_faults",
    "label_overlaps",
    "line_crossings",
    "lines_through_boxes",
    "links_through_boxes",
    "read_links",
    "read_svg",
    "structure",
]

SVG = "{http://www.w3.org/2000/svg}"
TOL = 0.2

Point = tuple[float, float]


class Rect(NamedTuple):
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


class Segment(NamedTuple):
    a: Point
    b: Point


class Picture(NamedTuple):
    """What a chart's SVG shows: its size, each unit's box (by id, in document order)
    and each reporting line as a polyline."""

    width: float
    height: float
    boxes: dict[str, Rect]
    lines: list[list[Point]]
    raw: list[list[Point]]  # the lines as drawn, each corner kept even where it is straight
    # boxes that are not units' by "kind|owner|key" (Graphviz: by node name), side lines
    extras: Mapping[str, Rect] = MappingProxyType({})
    sides: tuple[list[Point], ...] = ()

    @property
    def aspect(self) -> float:
        return self.width / self.height


_NUM = r"-?\d+(?:\.\d+)?(?:e-?\d+)?"


def _translate(el: ET.Element) -> Point:
    m = re.search(rf"translate\(\s*({_NUM})[ ,]+({_NUM})\s*\)", el.get("transform", ""))
    return (float(m.group(1)), float(m.group(2))) if m else (0.0, 0.0)


def _polyline(d: str, dx: float, dy: float, *, simplify: bool = True) -> list[Point]:
    """The points of an SVG path of M, L, H, V and C commands (a cubic's control points
    are dropped when they lie on the chord: Graphviz draws straight lines that way; a
    real curve is sampled)."""
    tokens = re.findall(rf"[MLHVCmlhvc]|{_NUM}", d)
    pts: list[Point] = []
    cmd = ""
    i = 0
    x = y = 0.0
    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            continue
        if cmd in "ML":
            x, y = float(tokens[i]), float(tokens[i + 1])
            i += 2
            pts.append((x, y))
        elif cmd == "H":
            x = float(tokens[i])
            i += 1
            pts.append((x, y))
        elif cmd == "V":
            y = float(tokens[i])
            i += 1
            pts.append((x, y))
        elif cmd == "C":
            c = [float(t) for t in tokens[i : i + 6]]
            i += 6
            p0, p3 = (x, y), (c[4], c[5])
            for t in (0.25, 0.5, 0.75):
                u = 1 - t
                pts.append(
                    (
                        u**3 * p0[0] + 3 * u * u * t * c[0] + 3 * u * t * t * c[2] + t**3 * p3[0],
                        u**3 * p0[1] + 3 * u * u * t * c[1] + 3 * u * t * t * c[3] + t**3 * p3[1],
                    )
                )
            pts.append(p3)
            x, y = p3
        else:
            raise ValueError(f"path command {cmd!r} not read: {d[:80]}")
    return [(px + dx, py + dy) for px, py in (_simplify(pts) if simplify else pts)]


def _simplify(pts: list[Point]) -> list[Point]:
    """Drop repeated points and points in the middle of a straight run."""
    out: list[Point] = []
    for p in pts:
        if out and math.dist(out[-1], p) < 1e-9:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            cross = (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax)
            if abs(cross) < 1e-6 * max(1.0, math.dist(out[-2], p)) and (
                (bx - ax) * (p[0] - bx) + (by - ay) * (p[1] - by) >= 0
            ):
                out[-1] = p
                continue
        out.append(p)
    return out


def read_svg(svg: str | bytes) -> Picture:
    """The boxes and reporting lines of a tidy or Graphviz chart's SVG."""
    root = ET.fromstring(svg.encode() if isinstance(svg, str) else svg)
    view = [float(v) for v in root.get("viewBox", "").split()]
    width, height = view[2], view[3]
    if (
        root.find(f"{SVG}g[@class='graph']") is not None
        or root.find(f".//{SVG}g[@id='graph0']") is not None
    ):
        return _read_graphviz(root, width, height)
    boxes: dict[str, Rect] = {}
    lines: list[list[Point]] = []
    raw: list[list[Point]] = []
    extras: dict[str, Rect] = {}
    sides: list[list[Point]] = []

    def walk(el: ET.Element, dx: float, dy: float) -> None:
        tx, ty = _translate(el)
        dx, dy = dx + tx, dy + ty
        klass = el.get("class", "")
        uid = el.get("data-id")
        if el.tag == f"{SVG}g" and "extra" in klass.split():
            rect = el.find(f"{SVG}rect")
            assert rect is not None, klass
            key = "|".join(el.get(a, "") for a in ("class", "data-owner", "data-key"))
            assert key not in extras, f"{key!r} drawn twice"
            extras[key] = Rect(dx, dy, float(rect.get("width", 0)), float(rect.get("height", 0)))
            return
        if el.tag == f"{SVG}path" and "side" in klass.split():
            sides.append(_polyline(el.get("d", ""), dx, dy))
            return
        if el.tag == f"{SVG}g" and uid is not None and "node" in klass.split():
            rect = el.find(f"{SVG}rect")
            assert rect is not None, uid
            assert uid not in boxes, f"unit {uid!r} drawn twice"
            boxes[uid] = Rect(dx, dy, float(rect.get("width", 0)), float(rect.get("height", 0)))
            return
        if el.tag == f"{SVG}path" and "reporting" in klass.split() and "legend" not in klass:
            lines.append(_polyline(el.get("d", ""), dx, dy))
            raw.append(_polyline(el.get("d", ""), dx, dy, simplify=False))
            return
        for child in el:
            walk(child, dx, dy)

    walk(root, 0.0, 0.0)
    return Picture(width, height, boxes, lines, raw, extras, tuple(sides))


def _read_graphviz(root: ET.Element, width: float, height: float) -> Picture:
    """Graphviz SVG: one ``translate`` on the graph group; node outlines are polygons
    or rounded paths (their bounding box is the box); the hover title of a node ends
    with ``id: <unit id>``."""
    graph = root.find(f"{SVG}g")
    assert graph is not None
    dx, dy = _translate(graph)
    boxes: dict[str, Rect] = {}
    lines: list[list[Point]] = []
    extras: dict[str, Rect] = {}
    sides: list[list[Point]] = []
    for g in graph.iter(f"{SVG}g"):
        klass = g.get("class", "").split()
        if "node" in klass and "extra" in klass:
            outline = g.find(f"{SVG}path")
            if outline is None:
                outline = g.find(f"{SVG}polygon")
            assert outline is not None
            nums = [
                float(v) for v in re.findall(_NUM, outline.get("d") or outline.get("points") or "")
            ]
            xs, ys = nums[0::2], nums[1::2]
            key = g.findtext(f"{SVG}title") or ""
            extras[key] = Rect(min(xs) + dx, min(ys) + dy, max(xs) - min(xs), max(ys) - min(ys))
        elif "edge" in klass and "side" in klass:
            path = g.find(f"{SVG}path")
            assert path is not None
            sides.append(_polyline(path.get("d", ""), dx, dy))
        elif "node" in klass and "link-key" not in klass:  # the key of link markers is no unit
            title = "".join(g.findtext(f"{SVG}title") or "")
            uid = title.rsplit("id: ", 1)[-1]
            outline = g.find(f"{SVG}path")
            if outline is None:
                outline = g.find(f"{SVG}polygon")
            assert outline is not None, title
            raw = outline.get("d") or outline.get("points") or ""
            nums = [float(v) for v in re.findall(_NUM, raw)]
            xs, ys = nums[0::2], nums[1::2]
            assert uid not in boxes, f"unit {uid!r} drawn twice"
            boxes[uid] = Rect(min(xs) + dx, min(ys) + dy, max(xs) - min(xs), max(ys) - min(ys))
        elif "edge" in klass and "reporting" in klass:
            path = g.find(f"{SVG}path")
            assert path is not None
            lines.append(_polyline(path.get("d", ""), dx, dy))
    return Picture(width, height, boxes, lines, lines, extras, tuple(sides))


# -- checks ------------------------------------------------------------------------------------


def box_overlaps(pic: Picture) -> list[tuple[str, str]]:
    """Pairs of boxes whose insides overlap (a sweep over boxes sorted by left edge)."""
    items = sorted(pic.boxes.items(), key=lambda kv: kv[1].x)
    found = []
    for pos, (a, ra) in enumerate(items):
        for b, rb in items[pos + 1 :]:
            if rb.x >= ra.right - TOL:
                break
            if rb.y < ra.bottom - TOL and ra.y < rb.bottom - TOL:
                found.append((a, b))
    return found


def extra_faults(pic: Picture) -> list[tuple[str, str, str]]:
    """What is wrong with the boxes that are not units' (``(fault, a, b)``): one
    overlapping another box (of a unit or not), a reporting line through one, a side
    connector through a box that is not one of its ends, or a side connector that does
    not end on a box at both ends, or one crossing a line."""
    found: list[tuple[str, str, str]] = []
    every = {**{f"unit:{u}": r for u, r in pic.boxes.items()}, **pic.extras}
    items = sorted(every.items(), key=lambda kv: kv[1].x)
    for pos, (a, ra) in enumerate(items):
        for b, rb in items[pos + 1 :]:
            if rb.x >= ra.right - TOL:
                break
            both_units = a.startswith("unit:") and b.startswith("unit:")  # box_overlaps' job
            if not both_units and rb.y < ra.bottom - TOL and ra.y < rb.bottom - TOL:
                found.append(("overlap", a, b))
    for k, line in enumerate(pic.lines):
        for (xa, ya), (xb, yb) in itertools.pairwise(line):
            for key, r in pic.extras.items():
                if _segment_hits_rect((xa, ya), (xb, yb), r, TOL):
                    found.append(("reporting line through", str(k), key))
    for k, line in enumerate(pic.sides):
        ends = set()
        for x, y in (line[0], line[-1]):
            on = {
                key
                for key, r in every.items()
                if r.x - TOL <= x <= r.right + TOL and r.y - TOL <= y <= r.bottom + TOL
            }
            if not on and not _on_line(pic, (x, y)):
                found.append(("side line ends nowhere", str(k), f"{x:.1f},{y:.1f}"))
            ends |= on
        for a, b in itertools.pairwise(line):
            for key, r in every.items():
                if key not in ends and _segment_hits_rect(a, b, r, TOL):
                    found.append(("side line through", str(k), key))
    # with the reporting lines: a people box's line shares its unit's trunk, an
    # assistant's touches no other line
    if pic.sides:
        both = pic._replace(lines=[*pic.lines, *pic.sides])
        found += [("crossing", str(a), str(b)) for a, b in line_crossings(both)]
    return found


def _on_line(pic: Picture, p: Point) -> bool:
    """Whether *p* lies on a reporting line (a people box's line leaves its unit's)."""
    for line in pic.lines:
        for a, b in itertools.pairwise(line):
            if _point_segment(p, Segment(a, b)) <= TOL:
                return True
    return False


def _ends(pic: Picture, line: list[Point]) -> set[str]:
    """The boxes a line starts or ends on (its end points lie on their borders)."""
    out = set()
    for x, y in (line[0], line[-1]):
        for uid, r in pic.boxes.items():
            if r.x - TOL <= x <= r.right + TOL and r.y - TOL <= y <= r.bottom + TOL:
                out.add(uid)
    return out


def lines_through_boxes(pic: Picture) -> list[tuple[int, str]]:
    """(line number, unit) where a reporting line runs through the inside of a box
    that is not one of its ends."""
    found = []
    for k, line in enumerate(pic.lines):
        ends = _ends(pic, line)
        for (xa, ya), (xb, yb) in itertools.pairwise(line):
            for uid, r in pic.boxes.items():
                if uid in ends:
                    continue
                if _segment_hits_rect((xa, ya), (xb, yb), r, TOL):
                    found.append((k, uid))
    return found


def _segment_hits_rect(a: Point, b: Point, r: Rect, tol: float) -> bool:
    """Whether segment *a*-*b* enters the inside of *r* shrunk by *tol* (Liang-Barsky)."""
    x0, y0, x1, y1 = r.x + tol, r.y + tol, r.right - tol, r.bottom - tol
    if x0 >= x1 or y0 >= y1:
        return False
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if abs(p) < 1e-12:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 >= t1:
            return False
    return True


def _orient(a: Point, b: Point, c: Point) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _touch(s: Segment, t: Segment) -> bool:
    """Whether closed segments *s* and *t* share a point (within TOL)."""
    (ax, ay), (bx, by) = s
    (cx, cy), (dx_, dy_) = t
    if (
        max(ax, bx) < min(cx, dx_) - TOL
        or max(cx, dx_) < min(ax, bx) - TOL
        or max(ay, by) < min(cy, dy_) - TOL
        or max(cy, dy_) < min(ay, by) - TOL
    ):
        return False
    return _distance(s, t) <= TOL


def _point_segment(p: Point, s: Segment) -> float:
    (ax, ay), (bx, by) = s
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / length))
    return math.dist(p, (ax + t * dx, ay + t * dy))


def _distance(s: Segment, t: Segment) -> float:
    if _crosses(s, t, strict=False):
        return 0.0
    return min(
        _point_segment(s.a, t),
        _point_segment(s.b, t),
        _point_segment(t.a, s),
        _point_segment(t.b, s),
    )


def _crosses(s: Segment, t: Segment, *, strict: bool) -> bool:
    """Whether the segments cross: with *strict*, each at a point inside the other
    (not at an end of either, not along a common line)."""
    d1, d2 = _orient(t.a, t.b, s.a), _orient(t.a, t.b, s.b)
    d3, d4 = _orient(s.a, s.b, t.a), _orient(s.a, s.b, t.b)
    if strict:
        eps = TOL * max(1.0, math.dist(*s), math.dist(*t))
        return ((d1 > eps and d2 < -eps) or (d1 < -eps and d2 > eps)) and (
            (d3 > eps and d4 < -eps) or (d3 < -eps and d4 > eps)
        )
    return ((d1 > 0) != (d2 > 0) or d1 == 0 or d2 == 0) and (
        (d3 > 0) != (d4 > 0) or d3 == 0 or d4 == 0
    )


def line_crossings(pic: Picture) -> list[tuple[int, int]]:
    """Pairs of reporting lines that cross. Lines from one parent (they start at the
    same point) share their trunk and bus: they may meet, but not cross each other; lines
    from different parents may not even touch."""
    segs: list[tuple[int, Point, Segment]] = []
    for k, line in enumerate(pic.lines):
        start = (round(line[0][0], 1), round(line[0][1], 1))
        for a, b in itertools.pairwise(line):
            segs.append((k, start, Segment(a, b)))
    # a grid of cells over the segments' bounding boxes keeps this near-linear
    cell = 80.0
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for idx, (_, _, s) in enumerate(segs):
        x0, x1 = sorted((s.a[0], s.b[0]))
        y0, y1 = sorted((s.a[1], s.b[1]))
        for gx in range(int((x0 - TOL) // cell), int((x1 + TOL) // cell) + 1):
            for gy in range(int((y0 - TOL) // cell), int((y1 + TOL) // cell) + 1):
                grid[gx, gy].append(idx)
    found: set[tuple[int, int]] = set()
    for members in grid.values():
        for i, j in itertools.combinations(members, 2):
            ki, si, s = segs[i]
            kj, sj, t = segs[j]
            if ki == kj or (min(ki, kj), max(ki, kj)) in found:
                continue
            # one parent's lines may meet but not cross; other lines may not touch
            if _crosses(s, t, strict=True) if si == sj else _touch(s, t):
                found.add((min(ki, kj), max(ki, kj)))
    return sorted(found)


def structure(pic: Picture) -> dict[str, tuple[object, ...]]:
    """How each unit hangs under its parent, in terms the text cannot change (read from
    the tidy engine's lines, which have a fixed run of turns for each way a box hangs):
    its parent, the number of corners of its line, and where it sits: ``("row", k)``,
    the k-th from the left on a horizontal bus, or ``("column", b, side, k)``, the k-th
    from the top on the parent's b-th vertical bus from the left, on its left or right.
    Two charts arrange a tree the same way when these are equal, whatever the sizes of
    their boxes."""
    boxes = pic.boxes
    where: dict[str, tuple[str, tuple[object, ...], float]] = {}
    buses: dict[str, set[float]] = defaultdict(set)
    for line in pic.raw:
        if len(line) == 2 and abs(line[0][1] - line[1][1]) < TOL:  # a child beside its parent
            child = _end_box(boxes, line[-1])
            parent = _end_box(boxes, line[0])
            where[child] = (parent, ("beside", line[1][0] > line[0][0]), 0.0)
            continue
        parent = _start_box(boxes, line[0])
        child = _end_box(boxes, line[-1])
        (x1, y1), (x2, y2) = line[-2], line[-1]
        if abs(y1 - y2) < TOL and abs(x1 - x2) >= TOL:  # a tick from the side
            bus = round(x1, 1)
        elif len(line) >= 6:  # a sub-chart in a stack: from the bus, across, down
            bus = round(line[-3][0], 1)
        else:  # a row: down from the parent's bus
            where[child] = (parent, (len(line), "row"), x2)
            continue
        buses[parent].add(bus)
        side = "left" if x2 < bus else "right"
        where[child] = (parent, (len(line), "column", bus, side), y2)
    # rank each unit among the units in the same place
    out: dict[str, tuple[object, ...]] = {}
    groups: dict[tuple[str, tuple[object, ...]], list[tuple[float, str]]] = defaultdict(list)
    for child, (parent, place, along) in where.items():
        groups[parent, place].append((along, child))
    for (parent, place), members in groups.items():
        members.sort()
        if len(place) > 1 and place[1] == "column":
            bus = sorted(buses[parent]).index(place[2])  # type: ignore[arg-type]
            place = (place[0], "column", bus, place[3])
        for k, (_, child) in enumerate(members):
            out[child] = (parent, *place, k)
    return out


def _start_box(boxes: dict[str, Rect], p: Point) -> str:
    """The box whose bottom edge a line starts on."""
    for uid, r in boxes.items():
        if abs(r.bottom - p[1]) <= TOL and r.x - TOL <= p[0] <= r.right + TOL:
            return uid
    raise AssertionError(f"no box has its bottom edge at {p}")


def _end_box(boxes: dict[str, Rect], p: Point) -> str:
    """The box whose top edge or side a line ends on."""
    for uid, r in boxes.items():
        on_top = abs(r.y - p[1]) <= TOL and r.x - TOL <= p[0] <= r.right + TOL
        on_side = (abs(r.x - p[0]) <= TOL or abs(r.right - p[0]) <= TOL) and (
            r.y - TOL <= p[1] <= r.bottom + TOL
        )
        if on_top or on_side:
            return uid
    raise AssertionError(f"no box has a line ending at {p}")


# -- links and their labels --------------------------------------------------------------------


class Links(NamedTuple):
    """The dotted and collaboration links of a chart's SVG: each link's polyline and
    the kind of it, the rectangles of the relations' labels and markers (by link), and
    of the arrowheads."""

    paths: list[list[Point]]
    labels: list[tuple[int, Rect]]
    heads: list[Rect]


_LINK_KINDS = ("dotted", "collaboration")
_ARROW = 8.0  # the tidy engine's arrowhead, as long as wide


def _text_rect(el: ET.Element, dx: float, dy: float, anchor: str) -> Rect:
    """The box of a <text> (or <tspan>) line, measured as the charts measure text."""
    from orggraph.render.metrics import text_width

    size = float(el.get("font-size") or 9)
    width = text_width("".join(el.itertext()), size)
    x, y = float(el.get("x", 0)) + dx, float(el.get("y", 0)) + dy
    left = {"start": x, "end": x - width}.get(anchor, x - width / 2)
    return Rect(left, y - 0.8 * size, width, 1.05 * size)


def _union(rects: list[Rect]) -> Rect:
    x0 = min(r.x for r in rects)
    y0 = min(r.y for r in rects)
    return Rect(x0, y0, max(r.right for r in rects) - x0, max(r.bottom for r in rects) - y0)


def read_links(svg: str | bytes) -> Links:
    """The links, labels and arrowheads of a tidy or Graphviz chart's SVG."""
    root = ET.fromstring(svg.encode() if isinstance(svg, str) else svg)
    paths: list[list[Point]] = []
    labels: list[tuple[int, Rect]] = []
    heads: list[Rect] = []
    graph = root.find(f"{SVG}g")
    if graph is not None and (graph.get("id") == "graph0" or graph.get("class") == "graph"):
        dx, dy = _translate(graph)
        for g in graph.iter(f"{SVG}g"):
            klass = g.get("class", "").split()
            if "edge" not in klass or not set(klass) & set(_LINK_KINDS):
                continue
            path = g.find(f"{SVG}path")
            assert path is not None
            k = len(paths)
            paths.append(_polyline(path.get("d", ""), dx, dy))
            for poly in g.findall(f"{SVG}polygon"):
                nums = [float(v) for v in re.findall(_NUM, poly.get("points", ""))]
                xs, ys = nums[0::2], nums[1::2]
                if max(xs) - min(xs) <= 14 and max(ys) - min(ys) <= 14:  # an arrowhead
                    heads.append(
                        Rect(min(xs) + dx, min(ys) + dy, max(xs) - min(xs), max(ys) - min(ys))
                    )
            texts = [
                _text_rect(t, dx, dy, t.get("text-anchor", "middle")) for t in g.iter(f"{SVG}text")
            ]
            if texts:
                labels.append((k, _union(texts)))
        return Links(paths, labels, heads)

    def walk(el: ET.Element, dx: float, dy: float) -> None:
        tx, ty = _translate(el)
        dx, dy = dx + tx, dy + ty
        klass = el.get("class", "").split()
        if el.tag == f"{SVG}path" and klass and klass[0] in _LINK_KINDS:
            line = _polyline(el.get("d", ""), dx, dy)
            paths.append(line)
            ends = [line[-1]] + ([line[0]] if el.get("marker-start") else [])
            for (x, y), (px, py) in zip(ends, [line[-2], line[1]], strict=False):
                run = math.hypot(x - px, y - py) or 1.0
                cx, cy = x - (x - px) / run * _ARROW / 2, y - (y - py) / run * _ARROW / 2
                heads.append(Rect(cx - _ARROW / 2, cy - _ARROW / 2, _ARROW, _ARROW))
            return
        if el.tag == f"{SVG}text" and "relation" in klass:
            labels.append(
                (-1, _union([_text_rect(t, dx, dy, "middle") for t in el.iter(f"{SVG}tspan")]))
            )
            return
        if el.tag == f"{SVG}g" and "marker" in klass:
            c = el.find(f"{SVG}circle")
            assert c is not None
            r = float(c.get("r", 0))
            labels.append(
                (
                    -1,
                    Rect(
                        float(c.get("cx", 0)) + dx - r, float(c.get("cy", 0)) + dy - r, 2 * r, 2 * r
                    ),
                )
            )
            return
        for child in el:
            walk(child, dx, dy)

    walk(root, 0.0, 0.0)
    return Links(paths, labels, heads)


def _nearest_box(pic: Picture, p: Point, reach: float) -> str | None:
    """The box whose border lies nearest *p*, if within *reach*."""
    best, found = reach, None
    for uid, r in pic.boxes.items():
        gap = math.hypot(
            max(r.x - p[0], 0.0, p[0] - r.right), max(r.y - p[1], 0.0, p[1] - r.bottom)
        )
        if gap <= best:
            best, found = gap, uid
    return found


def links_through_boxes(pic: Picture, links: Links, reach: float = 12.0) -> list[tuple[int, str]]:
    """(link number, unit) where a link runs through the inside of a box other than the
    boxes at its ends (the box nearest each end, within *reach*: Graphviz ends a line
    where its arrowhead starts)."""
    found = []
    for k, line in enumerate(links.paths):
        ends = {_nearest_box(pic, line[0], reach), _nearest_box(pic, line[-1], reach)}
        for a, b in itertools.pairwise(line):
            for uid, r in pic.boxes.items():
                if uid not in ends and _segment_hits_rect(a, b, r, 0.5):
                    found.append((k, uid))
    return found


def _overlap(a: Rect, b: Rect, tol: float) -> bool:
    return (
        a.x < b.right - tol
        and b.x < a.right - tol
        and a.y < b.bottom - tol
        and b.y < a.bottom - tol
    )


def label_overlaps(pic: Picture, links: Links, tol: float = 0.5) -> list[tuple[str, str]]:
    """What the links' labels and markers overlap: ``("label k", unit)`` for a box,
    ``("label k", "label m")`` for another label, ``("label k", "arrowhead m")``."""
    found = []
    rects = [r for _, r in links.labels]
    for k, r in enumerate(rects):
        for uid, box in pic.boxes.items():
            if _overlap(r, box, tol):
                found.append((f"label {k}", uid))
        for m in range(k + 1, len(rects)):
            if _overlap(r, rects[m], tol):
                found.append((f"label {k}", f"label {m}"))
        for m, head in enumerate(links.heads):
            if _overlap(r, head, tol):
                found.append((f"label {k}", f"arrowhead {m}"))
    return found
