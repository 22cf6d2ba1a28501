"""The arrangement engine of the tidy layout: leaf stacks, folded rows, rows and
children beside their parents, bottom-up (:mod:`.placing` then places the boxes and
draws the reporting lines).

Nodes are integers: the shown units in chart order (``0 .. n-1``), then the leaf stacks
that have no box of their own. :func:`orggraph.render.tidy.layout.tree_layout` drives it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import NamedTuple

__all__ = [
    "BESIDE_KIND",
    "LEAF_KIND",
    "ROOTS_IN_ROW",
    "ROW",
    "ROW_KIND",
    "STACK",
    "STACK_KIND",
    "WITH_STACK",
    "Decision",
    "Engine",
    "Path",
    "Plan",
    "Point",
    "simplify",
]

Point = tuple[float, float]
Path = tuple[int, int, tuple[Point, ...], bool]  # parent, child, points, stacked


def simplify(points: Iterable[Point]) -> list[Point]:
    """*points* without repeats and without the middle points of straight runs (within
    a millionth: positions come from sums of sizes).

    >>> simplify([(0, 0), (0, 0), (0, 5), (0, 9), (4, 9)])
    [(0, 0), (0, 9), (4, 9)]
    """
    out: list[Point] = []
    for q in points:
        if out and abs(q[0] - out[-1][0]) < 1e-6 and abs(q[1] - out[-1][1]) < 1e-6:
            continue
        if len(out) >= 2:
            a, b = out[-2], out[-1]
            same_x = abs(a[0] - b[0]) < 1e-6 and abs(b[0] - q[0]) < 1e-6
            same_y = abs(a[1] - b[1]) < 1e-6 and abs(b[1] - q[1]) < 1e-6
            if same_x or same_y:
                out[-1] = q
                continue
        out.append(q)
    return out


# What a unit is to the tidy tree: a leaf, a row of its children (placed by it), a block
# of columns, or a unit with a child beside it (blocks are placed whole).
LEAF_KIND, ROW_KIND, STACK_KIND, BESIDE_KIND = 0, 1, 2, 3
_LEAF, _ROW, _STACK, _BESIDE = LEAF_KIND, ROW_KIND, STACK_KIND, BESIDE_KIND
# What arrange decided for a unit with children: its children in a row (ROW), all of
# them in columns (STACK), or its leaves in columns as one item of a row (WITH_STACK);
# with the number of items in each column; and whether its last child (1) or first
# (-1) is drawn beside it rather than under it (0: neither). A plan (a decision per unit, None for
# leaves) made on one set of box sizes can be replayed on another: the same structure
# for the same tree whatever the text in the boxes.
ROW, STACK, WITH_STACK = 1, 2, 3
# A forest of up to this many top units keeps them in a row, side by side under the
# title (each may fold its own sub-chart) unless the row is more than twice the fold
# width; more are folded like any row.
ROOTS_IN_ROW = 8
Decision = tuple[int, tuple[int, ...], int]
Plan = list[Decision | None]


class _Geometry(NamedTuple):
    """A stack of items in columns, relative to the stack's top-left corner."""

    width: float
    height: float
    buses: list[float]  # x of each pair's vertical bus
    places: list[tuple[int, float, float, int, int]]  # item, anchor x, top y, bus, side
    stretch: list[tuple[int, float]]  # leaf item -> its widened box width
    head: float  # height of the first row (tallest first item of a column)


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
        side_aspect: float | None = None,
        plan: Plan | None = None,
        top: int = -1,
        reuse: tuple[Engine, list[bool]] | None = None,
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
        self.side_aspect = side_aspect
        self.replay = plan
        self.top = top  # the invisible unit over a forest's roots: arranged last
        # Another engine's arrangement of the same boxes, and the units that keep it
        # (what they and the units under them decide is the same here): only their
        # blocks' extents and plan are copied, enough to measure, not to place.
        self.reuse = reuse
        self.plan: Plan = [None] * n
        self.s_gap = max(6.0, 0.3 * v_gap)  # between leaves in a stack column
        self.b_gap = max(10.0, 0.9 * v_gap)  # before a sub-chart in a stack column
        self.top_gap = max(12.0, 0.5 * v_gap)  # parent box to the top of its stack
        self.bus_gap = max(12.0, h_gap)  # between the two columns of a pair
        self.pair_gap = max(16.0, 1.5 * h_gap)  # between pairs of columns
        self.side_gap = max(24.0, 2 * h_gap)  # between a box and the child beside it
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
        self.beside: dict[int, tuple[int, int]] = {}  # unit -> the child beside it, side
        # Set by placing.place: each level's top y, each row unit's level (-1: in a block).
        self.ys: list[float] = []
        self.tree_level: list[int] = []
        self.base_kind: dict[int, int] = {}  # a unit with a child beside: its own kind
        # Nodes whose children always stack (people boxes under their unit: .extras).
        self.always_stack: frozenset[int] = frozenset()
        # Per node, the room its slot keeps on each side of its box for a column of side
        # boxes (assistants: .extras); empty: none. A leaf in a stack keeps it on one
        # side only, away from the bus (see lean).
        self.pad: list[float] = []

    # -- bottom-up: arrangements and blocks --------------------------------------------

    def arrange(self) -> None:
        """Arrange every unit's children, children before parents: as the plan given
        says, or as decided here (recorded in ``plan``)."""
        kids, w, h, L, R, BH = self.kids, self.w, self.h, self.L, self.R, self.BH
        replay = self.replay
        order = range(self.n - 1, -1, -1)  # preorder reversed: children first
        if self.top >= 0:
            order = range(self.n - 2, -2, -1)  # the forest's top (the last unit) last
        base, kept = self.reuse if self.reuse is not None else (None, None)
        for i in order:
            if i < 0:
                i = self.top
            ks = kids[i]
            if not ks:
                L[i] = R[i] = w[i] / 2
                BH[i] = h[i]
                continue
            if kept is not None and kept[i]:
                assert base is not None
                L[i], R[i], BH[i], self.plan[i] = base.L[i], base.R[i], base.BH[i], base.plan[i]
                continue
            g: _Geometry | None = None
            if replay is None:
                decision, g = self._decide(i, ks)
                if self.side_aspect is not None and i != self.top and i not in self.always_stack:
                    decision, g = self._side_step(i, ks, decision, g)
            else:
                got = replay[i]
                assert got is not None
                decision = got
            self.plan[i] = decision
            mode, lengths, beside = decision
            if beside:
                c = ks[-1] if beside > 0 else ks[0]
                ks = ks[:-1] if beside > 0 else ks[1:]
            if not ks:
                L[i] = R[i] = w[i] / 2
                BH[i] = h[i]
            else:
                self._apply(i, ks, mode, lengths, g)
            if beside:
                self._apply_beside(i, c, beside)

    def _apply(
        self, i: int, ks: list[int], mode: int, lengths: tuple[int, ...], g: _Geometry | None
    ) -> None:
        """Arrange unit *i*'s children *ks* as *mode* says (with columns of *lengths*)."""
        kids = self.kids
        if mode == ROW:
            self._apply_row(i, ks)
            return
        its = ks if mode == STACK else [c for c in ks if not kids[c]]
        if g is None:
            g = self._place_columns(self._cut(i, its, lengths))
        if mode == STACK:
            self._apply_stack(i, ks, g)
            return
        p = self._new_pseudo(its, g)
        first = ks.index(its[0])
        row = [*(c for c in ks[:first] if kids[c]), p, *(c for c in ks[first:] if kids[c])]
        self._apply_row(i, row)

    def _side_step(
        self, i: int, ks: list[int], decision: Decision, g: _Geometry | None
    ) -> tuple[Decision, _Geometry | None]:
        """*decision*, or, when it makes unit *i*'s block narrower than side_aspect
        (width:height), the same with its last child (or first) drawn beside *i* at its
        level, if that makes the block lower: deep charts step down sideways."""
        assert self.side_aspect is not None
        kids, BH, h = self.kids, self.BH, self.h
        width, height = self._extent(i, ks, decision, g)
        if width >= self.side_aspect * height:
            return decision, g
        best = (height, decision, g)
        for beside, c, rest in ((1, ks[-1], ks[:-1]), (-1, ks[0], ks[1:])):
            if len(ks) > 1 and beside < 0 and not kids[c]:
                continue  # a first leaf moved to the left gains nothing over the last one
            if self.beside.get(c, (c, beside))[1] != beside:
                continue  # c's own child beside it would stand in the line to c
            if c in self.beside and c < len(self.pad) and self.pad[c]:
                continue  # lines on both sides of c: its assistants would stand in one
            if not self.w[c]:
                continue  # an invisible node (people under their unit) stays under it
            if rest:
                d, g2 = self._decide(i, rest)
                low = max(self._extent(i, rest, d, g2)[1], BH[c])
                option = ((d[0], d[1], beside), g2)
            else:
                low = max(h[i], BH[c])
                option = ((ROW, (), beside), None)
            if low < best[0]:
                best = (low, *option)
        return best[1], best[2]

    def _extent(
        self, i: int, ks: list[int], decision: Decision, g: _Geometry | None
    ) -> tuple[float, float]:
        """The width and height of unit *i*'s block if its children *ks* were arranged
        so (a row: its children's blocks side by side)."""
        mode, lengths = decision[0], decision[1]
        kids = self.kids
        if mode == ROW:
            return self._row_extent(i, ks, None)
        its = ks if mode == STACK else [c for c in ks if not kids[c]]
        if g is None:
            g = self._place_columns(self._cut(i, its, lengths))
        if mode == STACK:
            return max(g.width, self.w[i]), self.h[i] + self.top_gap + g.height
        first = ks.index(its[0])
        row = [*(c for c in ks[:first] if kids[c]), -1, *(c for c in ks[first:] if kids[c])]
        return self._row_extent(i, row, g)

    def _apply_beside(self, i: int, c: int, beside: int) -> None:
        """Unit *i*'s child *c* (with its sub-chart) beside *i*'s block, tops level: on
        the right (*beside* = 1) or on the left (-1). A line joins the two boxes' sides."""
        L, R, BH, h = self.L, self.R, self.BH, self.h
        self.base_kind[i] = self.kind[i]
        self.kind[i] = _BESIDE
        gap = self.side_gap
        if beside > 0:
            self.dx[c] = R[i] + gap + L[c]
            R[i] = self.dx[c] + R[c]
            self.items[i] = [*self.items[i], c]
        else:
            self.dx[c] = -(L[i] + gap + R[c])
            L[i] = L[c] - self.dx[c]
            self.items[i] = [c, *self.items[i]]
        self.dy[c] = 0.0
        BH[i] = max(BH[i], BH[c])
        self.beside[i] = (c, beside)
        self.head[i] = max(h[i], self.head.get(c, h[c]))

    def _decide(self, i: int, ks: list[int]) -> tuple[Decision, _Geometry | None]:
        """How unit *i* arranges its children *ks* (and the columns' geometry, when it
        is at hand): leaves stacked in columns when there are stack_min or more, a row
        folded into columns when wider than fold_width."""
        kids = self.kids
        if i in self.always_stack:
            g, lengths = self._stack(ks, self._leaf_columns(ks))
            return (STACK, lengths, 0), g
        if i == self.top and self._roots_in_row(i, ks):
            return (ROW, (), 0), None  # a few top units side by side, each folding its own
        if not self.compact:
            return (ROW, (), 0), None
        stack_min = self.stack_min
        leaves = [c for c in ks if not kids[c]]
        if len(leaves) == len(ks) and len(ks) >= stack_min:
            g, lengths = self._stack(ks, self._leaf_columns(ks))
            return (STACK, lengths, 0), g
        row = ks
        pseudo = None
        lengths = ()
        if len(leaves) >= stack_min:
            pseudo, lengths = self._stack(leaves, self._leaf_columns(leaves))
            first = ks.index(leaves[0])
            row = [*(c for c in ks[:first] if kids[c]), -1, *(c for c in ks[first:] if kids[c])]
        if self.fold_width and len(ks) >= 2:
            fold = self._fold(i, ks, row, pseudo)
            if fold is not None:
                return (STACK, fold[0], 0), fold[1]
        if pseudo is None:
            return (ROW, (), 0), None
        return (WITH_STACK, lengths, 0), pseudo

    def _cut(self, i: int, its: list[int], lengths: tuple[int, ...]) -> list[list[int]]:
        """The columns of unit *i*'s stack of *its* with *lengths* (the top of a forest:
        dealt out row by row)."""
        if i == self.top:
            return _deal(its, len(lengths))
        return _cut(its, lengths)

    def _roots_in_row(self, i: int, ks: list[int]) -> bool:
        """Whether a forest's top units *ks* stay side by side: a few of them, in a row
        no wider than twice the fold width (their own sub-charts fold first)."""
        if len(ks) > ROOTS_IN_ROW:
            return False
        return self.fold_width is None or self._row_extent(i, ks, None)[0] <= 2 * self.fold_width

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

    def _stack(
        self, its: list[int], cols: int, *, across: bool = False
    ) -> tuple[_Geometry, tuple[int, ...]]:
        """Place *its* in *cols* columns (column-major, balanced by height; *across*:
        dealt out row by row); the columns' lengths."""
        columns = _deal(its, cols) if across else self._split_columns(its, cols)
        lengths = _lengths(columns)
        return self._place_columns(columns), lengths

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
        top y, and leaves' boxes widened to their column's widest leaf box (a leaf's side
        room, if any, then on the side away from the bus: see lean)."""
        kids, w, h, L, R, BH = self.kids, self.w, self.h, self.L, self.R, self.BH
        pads = self.pad

        def pad(k: int) -> float:
            return pads[k] if k < len(pads) else 0.0

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
            leaf_w = 0.0  # the widest leaf's box
            col_w = 0.0
            for k in column:
                if kids[k]:
                    if L[k] + R[k] > col_w:
                        col_w = L[k] + R[k]
                elif w[k] - 2 * pad(k) > leaf_w:
                    leaf_w = w[k] - 2 * pad(k)
            for k in column:
                if not kids[k] and leaf_w + pad(k) > col_w:
                    col_w = leaf_w + pad(k)
            bus = len(buses) - 1
            if not right_side:
                buses.append(x + col_w + bus_gap / 2)
                bus += 1
            if column and h[column[0]] > head:
                head = h[column[0]]
            y = 0.0
            prev_leaf = True
            right = x + col_w
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
                    # its box as wide as the widest, the side room only away from the bus
                    slot = leaf_w + pad(k)
                    if w[k] != slot:
                        stretch.append((k, slot))
                    add(
                        (
                            k,
                            x + slot / 2 if right_side else right - slot / 2,
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

    def lean(self, i: int) -> int:
        """Where node *i*'s box sits in its slot: 1 at the right end (a leaf in a stack
        whose bus is on its right keeps its side room on the left only), -1 at the left
        end, 0 in the middle (the room on both sides)."""
        if i < len(self.pad) and self.pad[i] and self.side[i] and not self.kids[i]:
            return self.side[i]
        return 0

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
    ) -> tuple[tuple[int, ...], _Geometry] | None:
        """The columns (their lengths and geometry) of the stack of all of *i*'s
        children to use instead of a row that is too wide; None: keep the row."""
        assert self.fold_width is not None
        row_w, row_h = self._row_extent(i, row, pseudo)
        if row_w <= self.fold_width:
            return None
        # The score of a shape is the side of the smallest page of the target aspect
        # that holds it: wide rows and tall stacks both lose.
        root = math.sqrt(self.fold_aspect)
        best: tuple[tuple[int, ...], _Geometry] | None = None
        best_score = max(row_w / root, row_h * root)
        w, h = self.w[i], self.h[i]
        # Pairs of columns around buses; for tall shapes (and a forest's roots, which no
        # line joins) first one column, on the left of the parent's line: deep
        # sub-charts stay narrow.
        cols = 1 if self.fold_aspect <= 1.0 or i == self.top else 2
        while True:
            g, lengths = self._stack(ks, cols, across=i == self.top)
            ax = (g.buses[0] + g.buses[-1]) / 2
            width = max(w / 2, ax) + max(w / 2, g.width - ax)
            height = h + self.top_gap + g.height
            score = max(width / root, height * root)
            if score < best_score and width < row_w:
                best, best_score = (lengths, g), score
            if width / height >= self.fold_aspect or cols >= len(ks):
                return best
            cols += 1 if cols == 1 else 2

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


def _lengths(columns: list[list[int]]) -> tuple[int, ...]:
    return tuple(len(c) for c in columns)


def _deal(its: list[int], cols: int) -> list[list[int]]:
    """*its* dealt out into *cols* columns row by row: a forest's top units read left to
    right, then on the next row."""
    return [its[j::cols] for j in range(cols)]


def _cut(its: list[int], lengths: tuple[int, ...]) -> list[list[int]]:
    """*its* cut into consecutive columns of the given lengths."""
    out = []
    start = 0
    for m in lengths:
        out.append(its[start : start + m])
        start += m
    return out
