"""Routes for dotted and collaboration links, found after the layout: orthogonal
polylines around the boxes, so that a link never runs through a box other than its ends
and never moves one.

Each link is routed on a sparse grid: the lines a clearance away from the edges of the
boxes near it (those in the rectangle spanned by its two boxes, widened by a margin;
in a gap narrower than two clearances, one line down its middle), the lines through its
ports, and the rectangle's sides. A weighted A* (the estimate of what is left counts
half as much again: slightly longer routes now and then, found many times faster) with
a cost per bend finds a short route with few turns. It leaves and enters a box by a
short straight stub out of a side, off the middles where reporting lines attach; it
keeps off reporting lines, out of narrow gaps (between the boxes of a stack) and off
lanes earlier links took where it can. When the rectangle holds no route the whole
chart is searched, round the outside of every box. Links that still share a lane are
then drawn a few points apart.

>>> r = route_links([0, 200, 100], [0, 0, 80], [60, 60, 60], [30, 30, 30], [(0, 1)])
>>> r[0][0], r[0][-1]  # out of the first box's side, into the second's
((60.0, 7.5), (200.0, 7.5))
>>> through_boxes(r[0], [0, 200, 100], [0, 0, 80], [60, 60, 60], [30, 30, 30], (0, 1))
[]
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from typing import Any, NamedTuple

from orggraph.render.tidy.engine import simplify

__all__ = [
    "BEND",
    "CLEAR",
    "STUB",
    "Point",
    "corner_radii",
    "rounded",
    "route_links",
    "through_boxes",
]

Point = tuple[float, float]

CLEAR = 8.0  # how far a route keeps from the boxes it passes
STUB = 12.0  # the straight run out of a box and into an arrowhead, where there is room
BEND = 30.0  # a bend costs as much as this many points of length
_PAD = 90.0  # the search rectangle reaches this far beyond the two boxes
_SIDE = 12.0  # leaving or entering by a left or right side costs this much more
_ON_LINE = 4.0  # running along a reporting line costs this many times the length
_SHARED = 2.0  # and along a lane an earlier link took, this many times per link
_NARROW = 6.0  # and closer to a box than the clearance (a narrow gap), this many times
_SPREAD = 3.0  # links sharing a lane are drawn this many points apart
_GREED = 1.5  # the search's estimate of what is left is weighted this much
_DIRS = ((1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0))  # +x, -x, +y (down), -y


class _Port(NamedTuple):
    x: float  # on the box's border
    y: float
    d: int  # index into _DIRS: the way out of the box
    stub: float  # length of the straight run out
    cost: float


class _Grid:
    """The search grid of one link: sorted x and y lines, the nodes inside boxes and
    the steps (between neighbouring nodes) that cross a box or run along a reporting
    line."""

    def __init__(
        self,
        xs: list[float],
        ys: list[float],
        boxes: Any,
        soft: tuple[Any, Any],
    ) -> None:
        import numpy as np

        self.xs, self.ys = xs, ys
        nx, ny = len(xs), len(ys)
        ax, ay = np.asarray(xs), np.asarray(ys)
        inside = np.zeros((ny, nx), dtype=bool)
        hcut = np.zeros((ny, nx), dtype=bool)  # step from (i, j) to (i + 1, j)
        vcut = np.zeros((ny, nx), dtype=bool)  # step from (i, j) to (i, j + 1)
        x0s, y0s, x1s, y1s = (np.asarray(c) for c in boxes)
        xi0 = np.searchsorted(ax, x0s, "right")
        xi1 = np.searchsorted(ax, x1s, "left")
        yj0 = np.searchsorted(ay, y0s, "right")
        yj1 = np.searchsorted(ay, y1s, "left")
        for i0, i1, j0, j1 in zip(
            xi0.tolist(), xi1.tolist(), yj0.tolist(), yj1.tolist(), strict=True
        ):
            inside[j0:j1, i0:i1] = True
            hcut[j0:j1, max(i0 - 1, 0) : i1] = True
            vcut[max(j0 - 1, 0) : j1, i0:i1] = True
        lines, taken = soft  # reporting lines, earlier links' segments
        hmul = np.ones((ny, nx))  # what a step's length is multiplied by
        vmul = np.ones((ny, nx))
        # Steps closer to a box than the clearance (narrow gaps, as in a stack) only when
        # nothing else goes: routes keep to the open channels.
        hnear = np.zeros((ny, nx), dtype=bool)
        vnear = np.zeros((ny, nx), dtype=bool)
        near = CLEAR - 0.5
        a0 = np.searchsorted(ay, y0s - near, "right")
        a1 = np.searchsorted(ay, y1s + near, "left")
        b0 = np.searchsorted(ax, x0s - near, "right")
        b1 = np.searchsorted(ax, x1s + near, "left")
        for i0, i1, j0, j1, k0, k1, m0, m1 in zip(
            xi0.tolist(), xi1.tolist(), yj0.tolist(), yj1.tolist(),
            b0.tolist(), b1.tolist(), a0.tolist(), a1.tolist(), strict=True,
        ):  # fmt: skip
            hnear[m0:j0, max(i0 - 1, 0) : i1] = True  # just above the box
            hnear[j1:m1, max(i0 - 1, 0) : i1] = True  # just below
            vnear[max(j0 - 1, 0) : j1, k0:i0] = True  # just left of it
            vnear[max(j0 - 1, 0) : j1, i1:k1] = True  # just right
        hmul += _NARROW * hnear
        vmul += _NARROW * vnear
        for weight, segs in ((_ON_LINE, lines), (_SHARED, taken)):
            _mark(hmul, vmul, ax, ay, segs, weight)
        self.inside: list[bool] = inside.ravel().tolist()
        self.hcut: list[bool] = hcut.ravel().tolist()
        self.vcut: list[bool] = vcut.ravel().tolist()
        self.hmul: list[float] = hmul.ravel().tolist()
        self.vmul: list[float] = vmul.ravel().tolist()
        self.xi = {x: i for i, x in enumerate(xs)}
        self.yi = {y: j for j, y in enumerate(ys)}


def _mark(hmul: Any, vmul: Any, ax: Any, ay: Any, segs: Any, weight: float) -> None:
    """Add *weight* to the cost of the grid steps (grid lines *ax*, *ay*) that run along
    one of *segs* (within 2 points of it)."""
    import numpy as np

    if not len(segs):
        return
    s = np.asarray([(a[0], a[1], b[0], b[1]) for a, b in segs], dtype=float)
    lo_x, hi_x = np.minimum(s[:, 0], s[:, 2]), np.maximum(s[:, 0], s[:, 2])
    lo_y, hi_y = np.minimum(s[:, 1], s[:, 3]), np.maximum(s[:, 1], s[:, 3])
    flat = s[:, 1] == s[:, 3]
    upright = (s[:, 0] == s[:, 2]) & ~flat
    for on, lo, hi, across, grid, along_grid, mul in (
        (flat, lo_x, hi_x, s[:, 1], ay, ax, hmul),
        (upright, lo_y, hi_y, s[:, 0], ax, ay, vmul.T),
    ):
        if not on.any():
            continue
        c0 = np.searchsorted(grid, across[on] - 2.0, "left").tolist()
        c1 = np.searchsorted(grid, across[on] + 2.0, "right").tolist()
        a0 = np.searchsorted(along_grid, lo[on] - 0.5, "left").tolist()
        a1 = (np.searchsorted(along_grid, hi[on] + 0.5, "right") - 1).tolist()
        for j0, j1, i0, i1 in zip(c0, c1, a0, a1, strict=True):
            if j1 > j0 and i1 > i0:
                mul[j0:j1, i0:i1] += weight


def _lines(
    after: list[float], before: list[float], bounds: tuple[float, float], *, narrow: bool
) -> list[float]:
    """Sorted grid lines: the lines a clearance *after* boxes' far edges and *before*
    their near edges, and the *bounds*. An after and a before line closer than two
    clearances (a narrow gap between boxes, as in a stack) become one line midway, so
    that routes run down the middle of narrow gaps; lines closer than a point are merged
    into the first. Without *narrow*, the lines down narrow gaps are left out: a route
    then crosses a stack only along its ports' lines, and the grid is much smaller."""
    marked = sorted([(v, 1) for v in after] + [(v, 0) for v in before] + [(v, 3) for v in bounds])
    out: list[float] = []
    kinds: list[int] = []
    for v, kind in marked:
        if out and {kinds[-1], kind} == {0, 1} and v - out[-1] < 2 * CLEAR:
            out[-1] = (out[-1] + v) / 2
            kinds[-1] = 2  # merged: neither
            continue
        if out and v - out[-1] < 1.0:
            continue
        out.append(v)
        kinds.append(kind)
    return [v for v, kind in zip(out, kinds, strict=True) if narrow or kind != 2]


class _Boxes:
    """All boxes as arrays (left, top, right, bottom) and the reporting lines'
    segments, for picking the ones near a link."""

    def __init__(
        self,
        x: Sequence[float],
        y: Sequence[float],
        w: Sequence[float],
        h: Sequence[float],
        lines: Sequence[Sequence[Point]],
    ) -> None:
        import numpy as np

        self.x0 = np.asarray(x, dtype=float)
        self.y0 = np.asarray(y, dtype=float)
        self.x1 = self.x0 + np.asarray(w, dtype=float)
        self.y1 = self.y0 + np.asarray(h, dtype=float)
        segs = [(a, b) for p in lines for a, b in itertools.pairwise(p) if a != b]
        self.segs = segs
        self.seg = np.asarray([(a[0], a[1], b[0], b[1]) for a, b in segs] or [(0, 0, 0, 0)])[
            : len(segs)
        ]
        n = len(self.x0)
        self.bounds = (
            (float(self.x0.min()), float(self.y0.min()), float(self.x1.max()), float(self.y1.max()))
            if n
            else (0.0, 0.0, 0.0, 0.0)
        )

    def near(self, rect: tuple[float, float, float, float]) -> tuple[Any, list[Any]]:
        """Indexes of the boxes and the reporting segments meeting *rect*."""
        import numpy as np

        x0, y0, x1, y1 = rect
        hit = (self.x0 < x1) & (self.x1 > x0) & (self.y0 < y1) & (self.y1 > y0)
        s = self.seg
        segs: list[Any] = []
        if len(s):
            sx0, sx1 = np.minimum(s[:, 0], s[:, 2]), np.maximum(s[:, 0], s[:, 2])
            sy0, sy1 = np.minimum(s[:, 1], s[:, 3]), np.maximum(s[:, 1], s[:, 3])
            on = (sx0 <= x1) & (sx1 >= x0) & (sy0 <= y1) & (sy1 >= y0)
            segs = [self.segs[k] for k in np.flatnonzero(on).tolist()]
        return np.flatnonzero(hit), segs


def _ports(b: _Boxes, k: int, lo: float, hi: float) -> list[_Port]:
    """Where a route may leave or enter box *k*: its top and bottom a quarter of the
    width off the middle, its sides a quarter of the height (the middles carry
    reporting lines and the ticks into stacked boxes); stubs as
    long as the room there allows (*lo*, *hi*: the lowest and highest y a route may
    take)."""
    x0, y0, x1, y1 = (float(v[k]) for v in (b.x0, b.y0, b.x1, b.y1))
    cx, cy, q, h4 = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 4, (y1 - y0) / 4
    ports = []
    for px, py, d, cost in (
        (cx + q, y0, 3, 0.0),
        (cx - q, y0, 3, 0.0),
        (cx + q, y1, 2, 0.0),
        (cx - q, y1, 2, 0.0),
        (x1, cy - h4, 0, _SIDE),
        (x1, cy + h4, 0, _SIDE),
        (x0, cy - h4, 1, _SIDE),
        (x0, cy + h4, 1, _SIDE),
    ):
        stub = min(STUB, _room(b, k, px, py, d) / 2)
        if d == 3:
            stub = min(stub, py - lo)
        elif d == 2:
            stub = min(stub, hi - py)
        if stub >= 2.0:
            ports.append(_Port(px, py, d, round(stub, 2), cost))
    return ports


def _room(b: _Boxes, k: int, px: float, py: float, d: int) -> float:
    """How far one can go from (px, py) on box *k*'s border in direction *d* before
    meeting another box (at most 4 stubs)."""
    import numpy as np

    reach = 4 * STUB
    if d in (0, 1):
        sign = 1 if d == 0 else -1
        lo, hi = (px, px + reach) if sign > 0 else (px - reach, px)
        hit = (b.y0 < py + CLEAR) & (b.y1 > py - CLEAR) & (b.x0 < hi) & (b.x1 > lo)
        hit[k] = False
        if not hit.any():
            return reach
        gaps = (b.x0[hit] - px) if sign > 0 else (px - b.x1[hit])
    else:
        sign = 1 if d == 2 else -1
        lo, hi = (py, py + reach) if sign > 0 else (py - reach, py)
        hit = (b.x0 < px + CLEAR) & (b.x1 > px - CLEAR) & (b.y0 < hi) & (b.y1 > lo)
        hit[k] = False
        if not hit.any():
            return reach
        gaps = (b.y0[hit] - py) if sign > 0 else (py - b.y1[hit])
    return float(np.clip(gaps, 0.0, reach).min())


def _search(grid: _Grid, starts: list[_Port], goals: list[_Port]) -> list[Point] | None:
    """A* from the stubs of *starts* to those of *goals*: the cheapest route (length,
    bends, reporting lines and shared lanes weighed in) as grid points, or None.

    Longer than most functions: the search loop is the router's hot path, so its four
    moves are written out inline rather than called.
    """
    xs, ys, xi, yi = grid.xs, grid.ys, grid.xi, grid.yi
    nx, ny = len(xs), len(ys)
    inside, hcut, vcut, hmul, vmul = grid.inside, grid.hcut, grid.vcut, grid.hmul, grid.vmul
    finish: dict[int, list[tuple[int, float]]] = {}  # node -> (way in, cost to the end)
    gx: list[float] = []
    gy: list[float] = []
    for p in goals:
        dx, dy = _DIRS[p.d]
        node = yi[p.y + dy * p.stub] * nx + xi[p.x + dx * p.stub]
        if not inside[node]:
            finish.setdefault(node, []).append((p.d ^ 1, p.stub + p.cost))
            gx.append(p.x + dx * p.stub)
            gy.append(p.y + dy * p.stub)
    if not finish:
        return None
    bx0, bx1, by0, by1 = min(gx), max(gx), min(gy), max(gy)
    # The estimate of what is left, by column and row: weighted past the length still to
    # go (and a bend when out of line with the goals both ways).
    hx = [max(bx0 - x, 0.0, x - bx1) for x in xs]
    hy = [max(by0 - y, 0.0, y - by1) for y in ys]
    bend_left = _GREED * BEND

    def h(i: int, j: int) -> float:
        return _GREED * (hx[i] + hy[j]) + (bend_left if hx[i] and hy[j] else 0.0)

    inf = float("inf")
    best = [inf] * (4 * nx * ny)
    came: dict[int, int] = {}
    ends: dict[int, float] = {}  # the virtual goal reached through each end state
    heap: list[tuple[float, float, int, float]] = []
    for p in starts:
        dx, dy = _DIRS[p.d]
        i, j = xi[p.x + dx * p.stub], yi[p.y + dy * p.stub]
        node = j * nx + i
        if inside[node]:
            continue
        state, g = node * 4 + p.d, p.stub + p.cost
        if g < best[state]:
            best[state] = g
            came[state] = -1
            heapq.heappush(heap, (g + h(i, j), h(i, j), state, g))
    done = -1
    push = heapq.heappush
    pop = heapq.heappop
    while heap:
        _, _, state, g = pop(heap)
        if state < 0:  # the virtual goal: the cheapest way in
            done = -state - 1
            break
        if g > best[state]:
            continue
        node, d = divmod(state, 4)
        if node in finish:
            for way, extra in finish[node]:
                total = g + extra + (0.0 if way == d else BEND)
                if total < ends.get(state, inf):
                    ends[state] = total
                    push(heap, (total, 0.0, -(state + 1), total))
        j, i = divmod(node, nx)
        for nd in range(4):
            if nd == d ^ 1:
                continue  # no turning back
            if nd == 0:
                if i + 1 >= nx or hcut[node]:
                    continue
                nxt, cost = node + 1, (xs[i + 1] - xs[i]) * hmul[node]
                ni, nj = i + 1, j
            elif nd == 1:
                if i == 0 or hcut[node - 1]:
                    continue
                nxt, cost = node - 1, (xs[i] - xs[i - 1]) * hmul[node - 1]
                ni, nj = i - 1, j
            elif nd == 2:
                if j + 1 >= ny or vcut[node]:
                    continue
                nxt, cost = node + nx, (ys[j + 1] - ys[j]) * vmul[node]
                ni, nj = i, j + 1
            else:
                if j == 0 or vcut[node - nx]:
                    continue
                nxt, cost = node - nx, (ys[j] - ys[j - 1]) * vmul[node - nx]
                ni, nj = i, j - 1
            if inside[nxt]:
                continue
            ng = g + cost + (0.0 if nd == d else BEND)
            ns = nxt * 4 + nd
            if ng < best[ns]:
                best[ns] = ng
                came[ns] = state
                ex, ey = hx[ni], hy[nj]
                hh = _GREED * (ex + ey) + (bend_left if ex and ey else 0.0)
                push(heap, (ng + hh, hh, ns, ng))
    if done < 0:
        return None
    out: list[Point] = []
    state = done
    while state >= 0:
        node = state // 4
        j, i = divmod(node, nx)
        out.append((xs[i], ys[j]))
        state = came[state]
    out.reverse()
    return out


def _route(
    b: _Boxes,
    a: int,
    z: int,
    rect: tuple[float, float, float, float],
    limits: tuple[float, float],
    taken: list[tuple[Point, Point]],
    narrow: bool = False,
) -> list[Point] | None:
    """A route from box *a* to box *z* within *rect* (and between the y *limits*);
    with *narrow*, on a grid with lines down narrow gaps too."""
    hit, segs = b.near(rect)
    starts, goals = _ports(b, a, *limits), _ports(b, z, *limits)
    x0, y0, x1, y1 = rect
    hx0, hy0, hx1, hy1 = (v[hit] for v in (b.x0, b.y0, b.x1, b.y1))
    xs = _lines(
        [v for v in (hx1 + CLEAR).tolist() if x0 < v < x1],
        [v for v in (hx0 - CLEAR).tolist() if x0 < v < x1],
        (x0, x1),
        narrow=narrow,
    )
    ys = _lines(
        [v for v in (hy1 + CLEAR).tolist() if y0 < v < y1],
        [v for v in (hy0 - CLEAR).tolist() if y0 < v < y1],
        (y0, y1),
        narrow=narrow,
    )
    ends: list[_Port] = []
    for p in (*starts, *goals):  # snap the stubs' ends onto the grid (rounded lines)
        dx, dy = _DIRS[p.d]
        sx, sy = p.x + dx * p.stub, p.y + dy * p.stub
        if not (x0 <= sx <= x1 and y0 <= sy <= y1):
            continue
        ends.append(p)
    extra_x = [p.x + _DIRS[p.d][0] * p.stub for p in ends]
    extra_y = [p.y + _DIRS[p.d][1] * p.stub for p in ends]
    xs = sorted(set(xs) | set(extra_x))
    ys = sorted(set(ys) | set(extra_y))
    grid = _Grid(xs, ys, (hx0, hy0, hx1, hy1), (segs, taken))
    inner = set(ends)
    path = _search(grid, [p for p in starts if p in inner], [p for p in goals if p in inner])
    if path is None:
        return None
    first = _port_at(starts, path[0])
    last = _port_at(goals, path[-1])
    return simplify([(first.x, first.y), *path, (last.x, last.y)])


def _port_at(ports: list[_Port], p: Point) -> _Port:
    """The port whose stub ends at *p* (the first of several, as the search took)."""
    for q in ports:
        dx, dy = _DIRS[q.d]
        if (q.x + dx * q.stub, q.y + dy * q.stub) == p:
            return q
    raise AssertionError(f"no port ends at {p}")  # pragma: no cover - the search starts there


def route_links(
    x: Sequence[float],
    y: Sequence[float],
    w: Sequence[float],
    h: Sequence[float],
    pairs: Sequence[tuple[int, int]],
    reporting: Sequence[Sequence[Point]] = (),
    *,
    top: float | None = None,
) -> list[list[Point]]:
    """An orthogonal route (a polyline) for each link ``(a, b)`` between boxes *a* and
    *b* (top-left ``x``, ``y``, size ``w``, ``h``), starting on *a*'s border and ending
    on *b*'s; none runs through another box. *reporting* are the reporting lines'
    polylines (routes keep off them where they can); routes stay below *top* (default:
    a clearance above the highest box)."""
    if not pairs:
        return []
    b = _Boxes(x, y, w, h, reporting)
    bx0, by0, bx1, by1 = b.bounds
    ring = 2 * CLEAR
    lo = by0 - CLEAR if top is None else top
    hi = by1 + ring
    whole = (bx0 - ring, lo, bx1 + ring, hi)
    taken: list[tuple[Point, Point]] = []  # earlier routes' segments
    routes: list[list[Point]] = []
    for a, z in pairs:
        ra = (float(b.x0[a]), float(b.y0[a]), float(b.x1[a]), float(b.y1[a]))
        rz = (float(b.x0[z]), float(b.y0[z]), float(b.x1[z]), float(b.y1[z]))
        rect = (
            max(min(ra[0], rz[0]) - _PAD, whole[0]),
            max(min(ra[1], rz[1]) - _PAD, lo),
            min(max(ra[2], rz[2]) + _PAD, whole[2]),
            min(max(ra[3], rz[3]) + _PAD, hi),
        )
        path = _route(b, a, z, rect, (lo, hi), taken)
        if path is None:  # the whole chart, every gap
            path = _route(b, a, z, whole, (lo, hi), taken, narrow=True)
        if path is None:  # boxes packed too tight to leave: a straight line, centre to centre
            path = [((ra[0] + ra[2]) / 2, ra[3]), ((rz[0] + rz[2]) / 2, rz[1])]
        taken.extend(itertools.pairwise(path))
        routes.append(path)
    return _spread(routes, b, pairs)


def _spread(
    routes: list[list[Point]], b: _Boxes, pairs: Sequence[tuple[int, int]]
) -> list[list[Point]]:
    """Move segments of different links that overlap on one line a few points apart
    (kept only where the moved route still runs clear of the boxes)."""
    lanes: dict[tuple[int, float], list[tuple[float, float, int, int]]] = {}
    for k, path in enumerate(routes):
        for s, (p, q) in enumerate(itertools.pairwise(path)):
            if p[1] == q[1] and p[0] != q[0]:
                lanes.setdefault((0, p[1]), []).append((min(p[0], q[0]), max(p[0], q[0]), k, s))
            elif p[0] == q[0] and p[1] != q[1]:
                lanes.setdefault((1, p[0]), []).append((min(p[1], q[1]), max(p[1], q[1]), k, s))
    moves: dict[tuple[int, int], float] = {}
    for segs in lanes.values():
        if len(segs) < 2:
            continue
        segs.sort()
        taken: list[tuple[float, float]] = []  # (end, offset) of the segments so far
        for lo, hi, k, s in segs:
            used = {off for end, off in taken if end > lo}
            off = next(o for o in _offsets() if o not in used)
            taken.append((hi, off))
            if off:
                moves[k, s] = off
    if not moves:
        return routes
    out = []
    for k, path in enumerate(routes):
        moved = [list(p) for p in path]
        for s in range(len(path) - 1):
            off = moves.get((k, s))
            if off is None:
                continue
            horizontal = path[s][1] == path[s + 1][1]
            for m in (s, s + 1):
                if horizontal:
                    moved[m][1] = path[m][1] + off
                else:
                    moved[m][0] = path[m][0] + off
        new = [(p[0], p[1]) for p in moved]
        ok = _aligned(new) and not through_boxes(
            new, b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0, pairs[k]
        )
        out.append(new if ok else path)
    return out


def _offsets() -> Any:
    yield 0.0
    for n in itertools.count(1):
        yield n * _SPREAD
        yield -n * _SPREAD


def _aligned(path: list[Point]) -> bool:
    """Whether every segment is horizontal or vertical (a moved end may break this
    where two moved segments meet)."""
    return all(p[0] == q[0] or p[1] == q[1] for p, q in itertools.pairwise(path))


def through_boxes(
    path: Sequence[Point],
    x: Any,
    y: Any,
    w: Any,
    h: Any,
    ends: tuple[int, int],
) -> list[int]:
    """The boxes other than *ends* whose inside a segment of *path* enters."""
    import numpy as np

    x0 = np.asarray(x, dtype=float)
    y0 = np.asarray(y, dtype=float)
    x1 = x0 + np.asarray(w, dtype=float)
    y1 = y0 + np.asarray(h, dtype=float)
    found: set[int] = set()
    eps = 0.01
    for p, q in itertools.pairwise(path):
        sx0, sx1 = min(p[0], q[0]), max(p[0], q[0])
        sy0, sy1 = min(p[1], q[1]), max(p[1], q[1])
        if sx0 == sx1:
            hit = (x0 + eps < sx0) & (x1 - eps > sx0) & (y0 + eps < sy1) & (y1 - eps > sy0)
        elif sy0 == sy1:
            hit = (y0 + eps < sy0) & (y1 - eps > sy0) & (x0 + eps < sx1) & (x1 - eps > sx0)
        else:  # not axis-aligned (a fallback line): its bounding box, conservatively
            hit = (x0 < sx1) & (x1 > sx0) & (y0 < sy1) & (y1 > sy0)
        found.update(np.flatnonzero(hit).tolist())
    found.difference_update(ends)
    return sorted(found)


def rounded(path: Sequence[Point], radius: float | Sequence[float]) -> list[tuple[Point, ...]]:
    """*path* with its corners rounded, as drawing steps after the first point: ``(p,)``
    a line to p, ``(c1, c2, p)`` a cubic curve to p. *radius* is one for all corners or
    one per corner (see :func:`corner_radii`); a corner's radius is at most half of each
    run beside it.

    >>> rounded([(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)], 5)
    [((5.0, 0.0),), ((7.75, 0.0), (10.0, 2.25), (10.0, 5.0)), ((10.0, 10.0),)]
    """
    out: list[tuple[Point, ...]] = []
    radii = [radius] * len(path) if isinstance(radius, (int, float)) else radius
    for p, q, s, most in zip(path, path[1:], path[2:], radii, strict=False):
        into = abs(q[0] - p[0]) + abs(q[1] - p[1])
        out_of = abs(s[0] - q[0]) + abs(s[1] - q[1])
        r = min(most, into / 2, out_of / 2)
        if r <= 0 or not into or not out_of:
            out.append((q,))
            continue
        ux, uy = (q[0] - p[0]) / into, (q[1] - p[1]) / into
        vx, vy = (s[0] - q[0]) / out_of, (s[1] - q[1]) / out_of
        a = (q[0] - ux * r, q[1] - uy * r)
        b = (q[0] + vx * r, q[1] + vy * r)
        k = 0.45 * r  # 1 - 0.55: the cubic nearest a quarter circle
        out.append((a,))
        out.append(
            (
                (a[0] + ux * (r - k), a[1] + uy * (r - k)),
                (b[0] - vx * (r - k), b[1] - vy * (r - k)),
                b,
            )
        )
    if len(path) >= 2:
        out.append((path[-1],))
    return out


def corner_radii(
    routes: Sequence[Sequence[Point]],
    x: Sequence[float],
    y: Sequence[float],
    w: Sequence[float],
    h: Sequence[float],
    radius: float,
) -> list[list[float]]:
    """For each corner of each route, the largest radius up to *radius* whose curve
    stays clear of the boxes: a route squeezed past a box's corner (a narrow gap) turns
    sharply there instead of cutting the corner. (A rounded corner comes within 0.3 of
    its radius of the corner point.)"""
    import numpy as np

    x0 = np.asarray(x, dtype=float)
    y0 = np.asarray(y, dtype=float)
    x1 = x0 + np.asarray(w, dtype=float)
    y1 = y0 + np.asarray(h, dtype=float)
    out = []
    for path in routes:
        radii = []
        for q in path[1:-1]:
            gx = np.maximum(np.maximum(x0 - q[0], q[0] - x1), 0.0)
            gy = np.maximum(np.maximum(y0 - q[1], q[1] - y1), 0.0)
            near = float(np.hypot(gx, gy).min()) if len(x0) else radius
            radii.append(min(radius, max(near - 0.5, 0.0) / 0.3))
        out.append(radii)
    return out
