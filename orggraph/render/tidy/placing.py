"""Placing an arranged chart (:mod:`.engine`): the tidy tree over the rows of units
not inside any stack (:mod:`.buchheim`), every box's position from it, and the reporting
lines."""

from __future__ import annotations

from orggraph.render.tidy.buchheim import buchheim
from orggraph.render.tidy.engine import BESIDE_KIND, ROW_KIND, STACK_KIND, Engine, Path, Point

__all__ = ["connectors", "place"]


class _Blocks:
    """The tree Buchheim lays out, node by node: what each node stands for (a unit or
    a leaf stack; -1: virtual), its children, parent and level."""

    def __init__(self) -> None:
        self.ref: list[int] = []
        self.kids: list[list[int]] = []
        self.par: list[int] = []
        self.level: list[int] = []

    def add(self, r: int, p: int, lev: int) -> int:
        b = len(self.ref)
        self.ref.append(r)
        self.kids.append([])
        self.par.append(p)
        self.level.append(lev)
        if p >= 0:
            self.kids[p].append(b)
        return b


# -- the tidy tree over the top rows ---------------------------------------------------


def place(
    eng: Engine, roots: list[int]
) -> tuple[list[float], list[float], list[float], list[float]]:
    """Anchor x and top y of every node; unit boxes' left x and top y."""
    t, blocks = _block_tree(eng, roots)
    ys, filler = _level_tops(eng, t)
    le, re = _extents(eng, t, blocks, ys, filler)
    xs = buchheim(t.kids, t.par, le, re, gap=eng.h_gap, cousin_gap=1.5 * eng.h_gap)
    eng.ys = ys
    return _absolute(eng, t, xs, ys)


def _block_tree(eng: Engine, roots: list[int]) -> tuple[_Blocks, list[int]]:
    """The tree of rows of units not inside any stack and their items (leaves and
    stacks, as blocks), under a virtual root when there are several top units; the
    blocks' node numbers."""
    n, kind, items = eng.n, eng.kind, eng.items
    t = _Blocks()
    if len(roots) == 1:
        todo = [t.add(roots[0], -1, 0)]
    else:
        top_b = t.add(-1, -1, 0)
        todo = [t.add(r, top_b, 1) for r in roots]
    ref, level = t.ref, t.level
    blocks: list[int] = []
    while todo:
        b = todo.pop()
        r = ref[b]
        if r >= n or kind[r] != ROW_KIND:
            blocks.append(b)
            continue
        todo.extend(t.add(c, b, level[b] + 1) for c in items[r])
    return t, blocks


def _level_tops(eng: Engine, t: _Blocks) -> tuple[list[float], float]:
    """The top y of each level, each as tall as its tallest box (a block counts its
    top row); the height of the tallest level."""
    n, h = eng.n, eng.h
    heights: list[float] = [0.0] * (max(t.level) + 1)
    for b, r in enumerate(t.ref):
        if r < 0:
            continue
        top_h = eng.head.get(r, 0.0 if r >= n else h[r])
        if top_h > heights[t.level[b]]:
            heights[t.level[b]] = top_h
    filler = max(heights) or 1.0
    ys = [0.0]
    for lev_h in heights:
        ys.append(ys[-1] + lev_h + eng.v_gap)
    return ys, filler


def _extents(
    eng: Engine, t: _Blocks, blocks: list[int], ys: list[float], filler: float
) -> tuple[list[float], list[float]]:
    """Each node's extent left and right of its anchor. Under each block, a chain
    of virtual nodes as deep as the block reaches keeps the levels below clear of
    it (new levels are added to *ys* as needed)."""
    n, kind, v_gap = eng.n, eng.kind, eng.v_gap
    L, R, BH = eng.L, eng.R, eng.BH
    ref, level = t.ref, t.level
    margin = v_gap / 4
    le = [0.0] * len(ref)
    re = [0.0] * len(ref)
    for b, r in enumerate(ref):
        if r >= 0:
            if r < n and kind[r] == ROW_KIND:
                le[b] = re[b] = eng.w[r] / 2
            else:
                le[b], re[b] = L[r], R[r]
    for b in blocks:
        r = ref[b]
        bottom = ys[level[b]] + BH[r]
        prev, j = b, level[b] + 1
        while True:
            while j >= len(ys):
                ys.append(ys[-1] + filler + v_gap)
            if ys[j] - v_gap / 2 - margin >= bottom:
                break
            prev = t.add(-1, prev, j)
            le.append(L[r])
            re.append(R[r])
            j += 1
    return le, re


def _absolute(
    eng: Engine, t: _Blocks, xs: list[float], ys: list[float]
) -> tuple[list[float], list[float], list[float], list[float]]:
    """Absolute positions: anchors (box centres) and tops of every node, from the
    blocks' x and the items' offsets in their stacks; boxes' left x and top y."""
    n, kind, items = eng.n, eng.kind, eng.items
    total = len(eng.L)
    AX = [0.0] * total
    TOP = [0.0] * total
    eng.tree_level = [-1] * total
    stack: list[int] = []
    for b, r in enumerate(t.ref):
        if r < 0:
            continue
        AX[r] = xs[b]
        TOP[r] = ys[t.level[b]]
        if r < n and kind[r] == ROW_KIND:
            eng.tree_level[r] = t.level[b]
        else:
            stack.append(r)
    dx, dy = eng.dx, eng.dy
    while stack:
        r = stack.pop()
        ax, top = AX[r], TOP[r]
        for k in items[r]:
            AX[k] = ax + dx[k]
            TOP[k] = top + dy[k]
            if items[k]:
                stack.append(k)
    w = eng.w
    X = [AX[i] - w[i] / 2 for i in range(n)]
    Y = TOP[:n]
    return AX, TOP, X, Y


def connectors(
    eng: Engine,
    AX: list[float],
    TOP: list[float],
    X: list[float],
    Y: list[float],
    ox: float,
    oy: float,
    top: int = -1,
) -> list[Path]:
    """One orthogonal polyline per shown child, shifted by (-ox, -oy); none from
    *top*, the invisible unit over the roots of a forest."""
    n, kind, items, kids, w, h = eng.n, eng.kind, eng.items, eng.kids, eng.w, eng.h
    bus, item_bus, side, tree_level = eng.bus, eng.item_bus, eng.side, eng.tree_level
    half_gap = eng.v_gap / 2
    out: list[Path] = []
    add = out.append
    beside: list[Path] = []
    for i in range(n):
        its = items[i]
        if not its or i == top:
            continue
        k_i = kind[i]
        if k_i == BESIDE_KIND:  # a straight line between the sides of two boxes
            c, sign = eng.beside[i]
            y = TOP[i] - oy + min(h[i], h[c]) / 2
            x0 = (X[i] + w[i] if sign > 0 else X[i]) - ox
            x1 = (X[c] if sign > 0 else X[c] + w[c]) - ox
            beside.append((i, c, ((x0, y), (x1, y)), False))
            its = [k for k in its if k != c]
            k_i = eng.base_kind[i]
            if not its:
                continue
        ax = AX[i] - ox
        pb = TOP[i] + h[i] - oy
        # The points all children of a parent share are shared tuples.
        if k_i == STACK_KIND:
            bus_y = pb + eng.top_gap / 2
            start, drop = (ax, pb), (ax, bus_y)
            turns = [(ax + b, bus_y) for b in bus[i]]
            stack_top = TOP[i] + h[i] + eng.top_gap - oy
            pts: tuple[Point, ...]
            for k in its:
                turn = turns[item_bus[k]]
                bx = turn[0]
                if kids[k]:  # a sub-chart: enter its box from above, like a row
                    cx = AX[k] - ox
                    ty = TOP[k] - oy
                    iy = ty - (eng.b_gap if ty > stack_top + 0.01 else eng.top_gap) / 2
                    pts = (start, drop, turn, (bx, iy), (cx, iy), (cx, ty))
                    add((i, k, pts, False))
                    continue
                mid = Y[k] + h[k] / 2 - oy
                sx = (X[k] + w[k] if side[k] > 0 else X[k]) - ox
                add((i, k, (start, drop, turn, (bx, mid), (sx, mid)), True))
            continue
        lev = tree_level[i]
        bus_y = (eng.ys[lev + 1] if lev >= 0 else TOP[i] + h[i] + eng.v_gap) - half_gap - oy
        start, drop = (ax, pb), (ax, bus_y)
        for c in its:
            if c < n:
                cx = AX[c] - ox
                add((i, c, (start, drop, (cx, bus_y), (cx, TOP[c] - oy)), False))
                continue
            pax = AX[c] - ox
            split_y = TOP[c] + eng.top_gap / 2 - oy
            if len(bus[c]) == 1:
                turns = [(pax, bus_y)]
                head: tuple[Point, ...] = (start, drop)
            else:
                turns = [(pax + b, split_y) for b in bus[c]]
                head = (start, drop, (pax, bus_y), (pax, split_y))
            for k in items[c]:
                turn = turns[item_bus[k]]
                mid = Y[k] + h[k] / 2 - oy
                sx = (X[k] + w[k] if side[k] > 0 else X[k]) - ox
                add((i, k, (*head, turn, (turn[0], mid), (sx, mid)), True))
    return out + beside
