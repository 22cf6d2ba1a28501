"""The arrangement engine of the tidy layout: leaf stacks, folded rows and rows,
bottom-up; then the tidy tree over the rows (:mod:`.buchheim`) and the reporting lines.

Nodes are integers: the shown units in chart order (``0 .. n-1``), then the leaf stacks
that have no box of their own. :func:`orggraph.render.tidy.layout.tree_layout` drives it.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from orggraph.render.tidy.buchheim import buchheim

__all__ = ["Engine", "Path", "Point"]

Point = tuple[float, float]
Path = tuple[int, int, tuple[Point, ...], bool]  # parent, child, points, stacked

_LEAF, _ROW, _STACK = 0, 1, 2


class _Geometry(NamedTuple):
    """A stack of items in columns, relative to the stack's top-left corner."""

    width: float
    height: float
    buses: list[float]  # x of each pair's vertical bus
    places: list[tuple[int, float, float, int, int]]  # item, anchor x, top y, bus, side
    stretch: list[tuple[int, float]]  # leaf item -> its widened box width
    head: float  # height of the first row (tallest first item of a column)


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


class Engine:
    """The layout of one chart over integer node ids (units first, then leaf stacks)."""

    def __init__(
        self,
        kids: list[list[int]],
        w: list[float],
        h: list[float],
        *,
        compact: bool,
        stack_min: int,
        h_gap: float,
        v_gap: float,
        fold_width: float | None,
        fold_aspect: float,
        stack_ratio: float = 3.0,
    ) -> None:
        n = len(kids)
        self.n = n
        self.kids = kids
        self.w = w
        self.h = h
        self.compact = compact
        self.stack_min = max(2, stack_min)
        self.h_gap = h_gap
        self.v_gap = v_gap
        self.fold_width = fold_width
        self.fold_aspect = fold_aspect
        self.stack_ratio = stack_ratio
        self.s_gap = max(6.0, 0.3 * v_gap)  # between leaves in a stack column
        self.b_gap = max(10.0, 0.9 * v_gap)  # before a sub-chart in a stack column
        self.top_gap = max(12.0, 0.5 * v_gap)  # parent box to the top of its stack
        self.bus_gap = max(12.0, h_gap)  # between the two columns of a pair
        self.pair_gap = max(16.0, 1.5 * h_gap)  # between pairs of columns
        # Per node (units 0..n-1, leaf stacks n..): block extents from the anchor (the
        # box centre), block height from the top, arrangement, offsets in the parent.
        self.L = [0.0] * n
        self.R = [0.0] * n
        self.BH = [0.0] * n
        self.kind = [_LEAF] * n
        self.items: list[list[int]] = [[] for _ in range(n)]
        self.dx = [0.0] * n
        self.dy = [0.0] * n
        self.bus: dict[int, list[float]] = {}
        self.item_bus = [0] * n
        self.side = [0] * n  # +1: the tick ends on the box's right edge, -1: left, 0: top
        self.head: dict[int, float] = {}

    # -- bottom-up: arrangements and blocks --------------------------------------------

    def arrange(self) -> None:
        kids, w, h, L, R, BH = self.kids, self.w, self.h, self.L, self.R, self.BH
        compact, stack_min = self.compact, self.stack_min
        for i in range(self.n - 1, -1, -1):  # preorder reversed: children first
            ks = kids[i]
            if not ks:
                L[i] = R[i] = w[i] / 2
                BH[i] = h[i]
                continue
            if not compact:
                self._apply_row(i, ks)
                continue
            leaves = [c for c in ks if not kids[c]]
            if len(leaves) == len(ks) and len(ks) >= stack_min:
                self._apply_stack(i, ks, self._stack(ks, self._leaf_columns(ks)))
                continue
            row = ks
            pseudo = None
            if len(leaves) >= stack_min:
                pseudo = self._stack(leaves, self._leaf_columns(leaves))
                first = ks.index(leaves[0])
                row = [*(c for c in ks[:first] if kids[c]), -1, *(c for c in ks[first:] if kids[c])]
            fold = self._fold(i, ks, row, pseudo) if self.fold_width and len(ks) >= 2 else None
            if fold is not None:
                self._apply_stack(i, ks, fold)
                continue
            if pseudo is not None:
                p = self._new_pseudo(leaves, pseudo)
                row = [p if c == -1 else c for c in row]
            self._apply_row(i, row)

    def _leaf_columns(self, leaves: list[int]) -> int:
        """Even column count keeping a stack of leaves at most stack_ratio times as tall
        as it is wide."""
        m = len(leaves)
        w, h = self.w, self.h
        avg_w = max(w[c] for c in leaves)
        avg_h = sum(h[c] for c in leaves) / m + self.s_gap
        cols = 2
        while cols < m:
            pairs = cols // 2
            width = cols * avg_w + pairs * self.bus_gap + (pairs - 1) * self.pair_gap
            if math.ceil(m / cols) * avg_h <= self.stack_ratio * width:
                break
            cols += 2
        return cols

    def _stack(self, its: list[int], cols: int) -> _Geometry:
        """Place *its* in *cols* columns (column-major, balanced by height)."""
        return self._place_columns(self._split_columns(its, cols))

    def _split_columns(self, its: list[int], cols: int) -> list[list[int]]:
        """*its* in *cols* columns of consecutive items, about equally tall."""
        kids, BH = self.kids, self.BH
        s_gap, b_gap = self.s_gap, self.b_gap
        leaf = [not kids[k] for k in its]
        heights = [BH[k] for k in its]
        target = (sum(heights) + s_gap * len(its)) / cols
        # Split into columns of consecutive items, closing a column once the next
        # item's middle would pass the target height.
        columns: list[list[int]] = []
        cur: list[int] = []
        cur_h = 0.0
        last = cols - 1
        for j, k in enumerate(its):
            bh = heights[j]
            if cur:
                gap = s_gap if leaf[j] and leaf[j - 1] else b_gap
                if len(columns) < last and cur_h + gap + bh / 2 > target:
                    columns.append(cur)
                    cur = [k]
                    cur_h = bh
                    continue
                cur_h += gap
            cur.append(k)
            cur_h += bh
        columns.append(cur)
        return columns

    def _place_columns(self, columns: list[list[int]]) -> _Geometry:
        """Columns side by side in pairs around a vertical bus; each item's anchor x and
        top y, and leaves widened to their column's widest leaf."""
        kids, w, h, L, R, BH = self.kids, self.w, self.h, self.L, self.R, self.BH
        s_gap, b_gap, bus_gap = self.s_gap, self.b_gap, self.bus_gap
        if len(columns) % 2:
            columns.append([])
        places: list[tuple[int, float, float, int, int]] = []
        add = places.append
        stretch: list[tuple[int, float]] = []
        buses: list[float] = []
        x = 0.0
        height = 0.0
        head = 0.0
        for c, column in enumerate(columns):
            right_side = c % 2 == 1
            if right_side:
                x += bus_gap
            leaf_w = 0.0
            col_w = 0.0
            for k in column:
                if kids[k]:
                    if L[k] + R[k] > col_w:
                        col_w = L[k] + R[k]
                elif w[k] > leaf_w:
                    leaf_w = w[k]
            if leaf_w > col_w:
                col_w = leaf_w
            bus = len(buses) - 1
            if not right_side:
                buses.append(x + col_w + bus_gap / 2)
                bus += 1
            if column and h[column[0]] > head:
                head = h[column[0]]
            y = 0.0
            prev_leaf = True
            right = x + col_w
            half = leaf_w / 2
            first = True
            for k in column:
                if kids[k]:
                    if not first:
                        y += b_gap
                    if right_side:
                        add((k, x + L[k], y, bus, -1))
                    else:
                        add((k, right - R[k], y, bus, 1))
                    prev_leaf = False
                else:
                    if not first:
                        y += s_gap if prev_leaf else b_gap
                    if w[k] != leaf_w:
                        stretch.append((k, leaf_w))
                    add(
                        (
                            k,
                            x + half if right_side else right - half,
                            y,
                            bus,
                            -1 if right_side else 1,
                        )
                    )
                    prev_leaf = True
                y += BH[k]
                first = False
            if y > height:
                height = y
            x = right
            if right_side and c + 1 < len(columns):
                x += self.pair_gap
        return _Geometry(x, height, buses, places, stretch, head)

    def _apply_stack(self, i: int, its: list[int], g: _Geometry) -> None:
        """Unit *i* stacks *its* under its box, centred over the buses."""
        w, h = self.w, self.h
        ax = (g.buses[0] + g.buses[-1]) / 2
        top = h[i] + self.top_gap
        for k, x, y, b, side in g.places:
            self.dx[k] = x - ax
            self.dy[k] = top + y
            self.item_bus[k] = b
            self.side[k] = side
        for k, new_w in g.stretch:
            w[k] = new_w
            self.L[k] = self.R[k] = new_w / 2
        self.bus[i] = [b - ax for b in g.buses]
        self.L[i] = max(w[i] / 2, ax)
        self.R[i] = max(w[i] / 2, g.width - ax)
        self.BH[i] = top + g.height
        self.kind[i] = _STACK
        self.items[i] = its

    def _new_pseudo(self, leaves: list[int], g: _Geometry) -> int:
        """A leaf stack without a box of its own, laid out as one child of its parent."""
        p = len(self.L)
        ax = (g.buses[0] + g.buses[-1]) / 2
        for lst in (self.w, self.h, self.dx, self.dy):
            lst.append(0.0)
        self.item_bus.append(0)
        self.side.append(0)
        self.kind.append(_STACK)
        self.kids.append(leaves)
        self.items.append(leaves)
        # Several pairs of columns: the parent's line comes down at the middle and
        # spreads to the pairs' buses along a line of the stack's own.
        top = self.top_gap if len(g.buses) > 1 else 0.0
        self.L.append(ax)
        self.R.append(g.width - ax)
        self.BH.append(top + g.height)
        for k, x, y, b, side in g.places:
            self.dx[k] = x - ax
            self.dy[k] = top + y
            self.item_bus[k] = b
            self.side[k] = side
        for k, new_w in g.stretch:
            self.w[k] = new_w
            self.L[k] = self.R[k] = new_w / 2
        self.bus[p] = [b - ax for b in g.buses]
        self.head[p] = g.head
        return p

    def _row_extent(self, i: int, row: list[int], pseudo: _Geometry | None) -> tuple[float, float]:
        """Width and height of unit *i* with *row* side by side under it (-1: the pseudo)."""
        L, R, BH = self.L, self.R, self.BH
        width = 0.0
        tallest = 0.0
        for c in row:
            if c == -1 and pseudo is not None:
                width += pseudo.width
                tallest = max(tallest, pseudo.height)
            else:
                width += L[c] + R[c]
                tallest = max(tallest, BH[c])
        width += self.h_gap * (len(row) - 1)
        return max(width, self.w[i]), self.h[i] + self.v_gap + tallest

    def _fold(
        self, i: int, ks: list[int], row: list[int], pseudo: _Geometry | None
    ) -> _Geometry | None:
        """The stack of all of *i*'s children to use instead of a row that is too wide."""
        assert self.fold_width is not None
        row_w, row_h = self._row_extent(i, row, pseudo)
        if row_w <= self.fold_width:
            return None
        # The score of a shape is the side of the smallest page of the target aspect
        # that holds it: wide rows and tall stacks both lose.
        root = math.sqrt(self.fold_aspect)
        best = None
        best_score = max(row_w / root, row_h * root)
        w, h = self.w[i], self.h[i]
        cols = 2
        while True:
            g = self._stack(ks, cols)
            ax = (g.buses[0] + g.buses[-1]) / 2
            width = max(w / 2, ax) + max(w / 2, g.width - ax)
            height = h + self.top_gap + g.height
            score = max(width / root, height * root)
            if score < best_score:
                best, best_score = g, score
            if width / height >= self.fold_aspect or cols >= len(ks):
                return best
            cols += 2

    def _apply_row(self, i: int, row: list[int]) -> None:
        """Unit *i* has *row* side by side under it, centred over the first and last."""
        L, R, BH = self.L, self.R, self.BH
        anchors = []
        a = 0.0
        for j, c in enumerate(row):
            if j:
                a += R[row[j - 1]] + self.h_gap + L[c]
            anchors.append(a)
        mid = (anchors[0] + anchors[-1]) / 2
        top = self.h[i] + self.v_gap
        tallest = 0.0
        for c, a in zip(row, anchors, strict=True):
            self.dx[c] = a - mid
            self.dy[c] = top
            tallest = max(tallest, BH[c])
        half = self.w[i] / 2
        L[i] = max(half, mid - anchors[0] + L[row[0]])
        R[i] = max(half, anchors[-1] - mid + R[row[-1]])
        BH[i] = top + tallest
        self.kind[i] = _ROW
        self.items[i] = row

    # -- the tidy tree over the top rows ---------------------------------------------------

    def place(self, roots: list[int]) -> tuple[list[float], list[float], list[float], list[float]]:
        """Anchor x and top y of every node; unit boxes' left x and top y."""
        t, blocks = self._block_tree(roots)
        ys, filler = self._level_tops(t)
        le, re = self._extents(t, blocks, ys, filler)
        xs = buchheim(t.kids, t.par, le, re, gap=self.h_gap, cousin_gap=1.5 * self.h_gap)
        self.ys = ys
        return self._absolute(t, xs, ys)

    def _block_tree(self, roots: list[int]) -> tuple[_Blocks, list[int]]:
        """The tree of rows of units not inside any stack and their items (leaves and
        stacks, as blocks), under a virtual root when there are several top units; the
        blocks' node numbers."""
        n, kind, items = self.n, self.kind, self.items
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
            if r >= n or kind[r] != _ROW:
                blocks.append(b)
                continue
            todo.extend(t.add(c, b, level[b] + 1) for c in items[r])
        return t, blocks

    def _level_tops(self, t: _Blocks) -> tuple[list[float], float]:
        """The top y of each level, each as tall as its tallest box (a block counts its
        top row); the height of the tallest level."""
        n, h = self.n, self.h
        heights: list[float] = [0.0] * (max(t.level) + 1)
        for b, r in enumerate(t.ref):
            if r < 0:
                continue
            top_h = self.head.get(r, 0.0) if r >= n else h[r]
            if top_h > heights[t.level[b]]:
                heights[t.level[b]] = top_h
        filler = max(heights) or 1.0
        ys = [0.0]
        for lev_h in heights:
            ys.append(ys[-1] + lev_h + self.v_gap)
        return ys, filler

    def _extents(
        self, t: _Blocks, blocks: list[int], ys: list[float], filler: float
    ) -> tuple[list[float], list[float]]:
        """Each node's extent left and right of its anchor. Under each block, a chain
        of virtual nodes as deep as the block reaches keeps the levels below clear of
        it (new levels are added to *ys* as needed)."""
        n, kind, v_gap = self.n, self.kind, self.v_gap
        L, R, BH = self.L, self.R, self.BH
        ref, level = t.ref, t.level
        margin = v_gap / 4
        le = [0.0] * len(ref)
        re = [0.0] * len(ref)
        for b, r in enumerate(ref):
            if r >= 0:
                if r < n and kind[r] == _ROW:
                    le[b] = re[b] = self.w[r] / 2
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
        self, t: _Blocks, xs: list[float], ys: list[float]
    ) -> tuple[list[float], list[float], list[float], list[float]]:
        """Absolute positions: anchors (box centres) and tops of every node, from the
        blocks' x and the items' offsets in their stacks; boxes' left x and top y."""
        n, kind, items = self.n, self.kind, self.items
        total = len(self.L)
        AX = [0.0] * total
        TOP = [0.0] * total
        self.tree_level = [-1] * total
        stack: list[int] = []
        for b, r in enumerate(t.ref):
            if r < 0:
                continue
            AX[r] = xs[b]
            TOP[r] = ys[t.level[b]]
            if r < n and kind[r] == _ROW:
                self.tree_level[r] = t.level[b]
            else:
                stack.append(r)
        dx, dy = self.dx, self.dy
        while stack:
            r = stack.pop()
            ax, top = AX[r], TOP[r]
            for k in items[r]:
                AX[k] = ax + dx[k]
                TOP[k] = top + dy[k]
                if items[k]:
                    stack.append(k)
        w = self.w
        X = [AX[i] - w[i] / 2 for i in range(n)]
        Y = TOP[:n]
        return AX, TOP, X, Y

    def connectors(
        self,
        AX: list[float],
        TOP: list[float],
        X: list[float],
        Y: list[float],
        ox: float,
        oy: float,
    ) -> list[Path]:
        """One orthogonal polyline per shown child, shifted by (-ox, -oy)."""
        n, kind, items, kids, w, h = self.n, self.kind, self.items, self.kids, self.w, self.h
        bus, item_bus, side, tree_level = self.bus, self.item_bus, self.side, self.tree_level
        half_gap = self.v_gap / 2
        out: list[Path] = []
        add = out.append
        for i in range(n):
            its = items[i]
            if not its:
                continue
            ax = AX[i] - ox
            pb = TOP[i] + h[i] - oy
            # The points all children of a parent share are shared tuples.
            if kind[i] == _STACK:
                bus_y = pb + self.top_gap / 2
                start, drop = (ax, pb), (ax, bus_y)
                turns = [(ax + b, bus_y) for b in bus[i]]
                stack_top = TOP[i] + h[i] + self.top_gap - oy
                pts: tuple[Point, ...]
                for k in its:
                    turn = turns[item_bus[k]]
                    bx = turn[0]
                    if kids[k]:  # a sub-chart: enter its box from above, like a row
                        cx = AX[k] - ox
                        ty = TOP[k] - oy
                        iy = ty - (self.b_gap if ty > stack_top + 0.01 else self.top_gap) / 2
                        pts = (start, drop, turn, (bx, iy), (cx, iy), (cx, ty))
                        add((i, k, pts, False))
                        continue
                    mid = Y[k] + h[k] / 2 - oy
                    sx = (X[k] + w[k] if side[k] > 0 else X[k]) - ox
                    add((i, k, (start, drop, turn, (bx, mid), (sx, mid)), True))
                continue
            lev = tree_level[i]
            bus_y = (self.ys[lev + 1] if lev >= 0 else TOP[i] + h[i] + self.v_gap) - half_gap - oy
            start, drop = (ax, pb), (ax, bus_y)
            for c in its:
                if c < n:
                    cx = AX[c] - ox
                    add((i, c, (start, drop, (cx, bus_y), (cx, TOP[c] - oy)), False))
                    continue
                pax = AX[c] - ox
                split_y = TOP[c] + self.top_gap / 2 - oy
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
        return out
