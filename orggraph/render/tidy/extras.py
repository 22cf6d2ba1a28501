"""Boxes that are not units' on a tidy chart: assistants beside their head, people as
boxes of their own under it, and governing units (a board) set apart above what they
govern.

The engine (:mod:`.engine`) lays out units; these boxes ride along with them:

- an assistant widens its unit's *slot* on both sides alike, so that the unit's box stays
  centred on its reporting line; placed, the assistant sits beside the box, joined to its
  side by a short horizontal connector: on the right, or on the left when the right side
  is taken (the bus of a stack the unit is in, a child drawn beside it). Several
  assistants stand in a column on that side;
- a unit drawn *apart* gets a taller slot: its box at the top, a gap under it; its side
  boxes (a board's members) stand in two columns, one on each side;
- people boxes are always stacked in columns: under their unit directly when it has no
  sub-units shown, else as the leaves of an invisible node, its first child: the unit's
  reporting line reaches them before its sub-units.

:func:`expand` turns a tree of units into the engine's tree (units first, in the same
order, then the invisible nodes and people); :func:`settle` turns the placed slots back
into units' boxes, their reporting lines and the :class:`Extra` boxes.

>>> ex = Extras({0: [ExtraBox("assistant", "a#1", 40.0, 20.0)]}, {}, frozenset())
>>> tree = expand([-1, 0], [(60.0, 30.0), (50.0, 30.0)], ex, 10.0)
>>> tree.w, tree.reserve
([160.0, 50.0], [50.0, 0.0])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from orggraph.render.tidy.engine import Engine, Path, Point, simplify

__all__ = ["Expanded", "Extra", "ExtraBox", "Extras", "Groups", "expand", "settle"]

_COLUMN_GAP = 6.0  # between assistants in a column beside their head


class ExtraBox(NamedTuple):
    """A box to add: its kind (``"assistant"``, ``"person"``, ``"vacant"``, ``"more"``), a
    key naming what it shows (a post id, ``post/person`` for a holder), its size."""

    kind: str
    key: str
    w: float
    h: float


class Extras(NamedTuple):
    """What to add to a chart, by unit index: assistants' and people's boxes (in order),
    and the units drawn apart (a board above what it governs)."""

    assistants: Mapping[int, Sequence[ExtraBox]]
    people: Mapping[int, Sequence[ExtraBox]]
    apart: frozenset[int]

    def __bool__(self) -> bool:
        return bool(self.assistants or self.people or self.apart)


class Extra(NamedTuple):
    """A placed box that is not a unit's: kind and key (as :class:`ExtraBox`), the unit
    it belongs to, its top-left corner and size, and the line joining it to that unit
    (an orthogonal polyline from the unit's box or its reporting line to this box)."""

    kind: str
    key: str
    owner: str
    x: float
    y: float
    w: float
    h: float
    link: tuple[Point, ...]


class Groups(NamedTuple):
    """Nodes of the engine's tree that always stack their children (people), and the
    invisible ones among them, which come first among their parent's children; and per
    unit the room its slot keeps on each side for a column of assistants (the engine's
    ``pad``: a leaf in a stack keeps it on the side away from the bus only)."""

    stack: frozenset[int]
    first: frozenset[int]
    pad: tuple[float, ...] = ()


class Expanded(NamedTuple):
    """The engine's tree: the parent of each node (units, then each unit's invisible
    people node followed by its people), the slots' widths and heights, the invisible
    nodes, and per unit the room its slot keeps on each side and the gap under its box."""

    parent: list[int]
    w: list[float]
    h: list[float]
    groups: Groups
    reserve: list[float]
    below: list[float]
    person: dict[int, tuple[int, int]]  # node -> its unit, its place among the unit's people


def expand(
    parent: Sequence[int], sizes: Sequence[tuple[float, float]], extras: Extras, gap: float
) -> Expanded:
    """The engine's tree for units of *parent* with boxes of *sizes* and *extras*;
    *gap* is the room between a unit's box and its assistants, and under a box drawn
    apart."""
    n = len(parent)
    par = list(parent)
    w = [float(s[0]) for s in sizes]
    h = [float(s[1]) for s in sizes]
    reserve = [0.0] * n
    below = [0.0] * n
    for i, boxes in extras.assistants.items():
        if boxes:
            reserve[i] = gap + max(b.w for b in boxes)
            w[i] += 2 * reserve[i]
            h[i] = max(h[i], *(_height(c) for _, c in _columns(boxes, i in extras.apart, 1)))
    for i in extras.apart:
        below[i] = gap
        h[i] += below[i]
    has_kids = [False] * n
    for p in parent:
        if p >= 0:
            has_kids[p] = True
    stack: list[int] = []
    first: list[int] = []
    person: dict[int, tuple[int, int]] = {}
    for i in sorted(extras.people):
        boxes = extras.people[i]
        if not boxes:
            continue
        g = i
        if has_kids[i]:
            g = len(par)
            first.append(g)
            par.append(i)
            w.append(0.0)
            h.append(0.0)
        stack.append(g)
        for k, b in enumerate(boxes):
            person[len(par)] = (i, k)
            par.append(g)
            w.append(b.w)
            h.append(b.h)
    # A board's two columns of members stay on both sides: its slot is all box to the engine.
    pad = tuple(
        0.0 if i in extras.apart and len(extras.assistants.get(i, ())) > 1 else r
        for i, r in enumerate(reserve)
    )
    groups = Groups(frozenset(stack), frozenset(first), pad)
    return Expanded(par, w, h, groups, reserve, below, person)


def settle(
    eng: Engine,
    tree: Expanded,
    units: Sequence[str],
    extras: Extras,
    boxes: tuple[list[float], list[float], list[float], list[float]],
    paths: list[Path],
    unit_h: Sequence[float],
) -> tuple[tuple[list[float], list[float], list[float], list[float]], list[Path], list[Extra]]:
    """Units' boxes, reporting lines and extra boxes from the placed slots: *boxes* are
    the slots' left x, top y, widths and heights (every engine node, chart coordinates),
    *paths* the engine's lines between them, *unit_h* the units' own box heights."""
    n = len(units)
    X, Y, W, H = boxes
    x, y, w, h = X[:n], Y[:n], W[:n], list(unit_h)
    reserve = tree.reserve
    for i in range(n):
        if reserve[i]:
            lean = eng.lean(i)  # a leaf in a stack: the room on the side away from the bus only
            x[i] += reserve[i] if lean >= 0 else 0.0
            w[i] -= (2 if not lean else 1) * reserve[i]
    out: list[Extra] = []
    side = _assistant_sides(eng, extras)
    for i, group in extras.assistants.items():
        if group:
            gap = reserve[i] - max(b.w for b in group)
            for on, column in _columns(group, i in extras.apart, side[i]):
                out.extend(_assistants(units[i], column, on, (x[i], y[i], w[i], h[i]), gap))
    kept: list[Path] = []
    heads: dict[int, tuple[Point, ...]] = {}
    hidden = tree.groups.first
    for p, c, pts, stacked in paths:
        if c in hidden:  # the line to a unit's people: from its box, not its slot
            heads[c] = ((pts[0][0], y[p] + h[p]), *pts[1:])
            continue
        got = tree.person.get(c)
        if got is not None:
            owner, k = got
            link = tuple(simplify((*heads[p], *pts[1:]))) if p in hidden else pts
            if p not in hidden and (reserve[p] or tree.below[p]):
                link = (pts[0][0], y[p] + h[p]), *pts[1:]
            b = extras.people[owner][k]
            out.append(Extra(b.kind, b.key, units[owner], X[c], Y[c], W[c], H[c], link))
            continue
        kept.append(_fixed(p, c, pts, stacked, (x, y, w, h), reserve, tree.below))
    return (x, y, w, h), kept, out


def _fixed(
    p: int,
    c: int,
    pts: tuple[Point, ...],
    stacked: bool,
    box: tuple[list[float], list[float], list[float], list[float]],
    reserve: list[float],
    below: list[float],
) -> Path:
    """The line from *p* to *c* ending on their boxes rather than their slots."""
    x, y, w, h = box
    if not (reserve[p] or reserve[c] or below[p]):
        return (p, c, pts, stacked)
    if len(pts) == 2:  # a child beside its parent: between the facing sides
        right = pts[1][0] > pts[0][0]
        mid = y[p] + min(h[p], h[c]) / 2
        x0 = x[p] + w[p] if right else x[p]
        x1 = x[c] if right else x[c] + w[c]
        return (p, c, ((x0, mid), (x1, mid)), stacked)
    start = (pts[0][0], y[p] + h[p])
    if stacked:  # a tick into the side of the box facing the bus
        tick = pts[-1][0] > pts[-2][0]
        mid = y[c] + h[c] / 2
        end = (x[c] if tick else x[c] + w[c], mid)
        return (p, c, (start, *pts[1:-2], (pts[-2][0], mid), end), stacked)
    return (p, c, (start, *pts[1:]), stacked)


def _height(column: Sequence[ExtraBox]) -> float:
    return sum(b.h for b in column) + _COLUMN_GAP * (len(column) - 1)


def _columns(
    boxes: Sequence[ExtraBox], both: bool, side: int
) -> list[tuple[int, Sequence[ExtraBox]]]:
    """The side boxes of a unit in columns, with the side of each: one column on *side*,
    or with *both* (a board's members) the first half on the left, the rest on the right."""
    if not both or len(boxes) < 2:
        return [(side, boxes)]
    half = (len(boxes) + 1) // 2
    return [(-1, boxes[:half]), (1, boxes[half:])]


def _assistant_sides(eng: Engine, extras: Extras) -> dict[int, int]:
    """The side of each unit's box its assistants go on: the right (1) unless a line
    comes in or goes out there."""
    out = {}
    entered = {c: -s for _, (c, s) in eng.beside.items()}  # the child's side facing its parent
    for i in extras.assistants:
        taken = {eng.side[i], entered.get(i, 0)}
        if i in eng.beside:
            taken.add(eng.beside[i][1])
        out[i] = -1 if 1 in taken else 1
    return out


def _assistants(
    owner: str,
    group: Sequence[ExtraBox],
    side: int,
    box: tuple[float, float, float, float],
    gap: float,
) -> list[Extra]:
    """The assistants of the unit with *box*, in a column on its *side*, *gap* away,
    each joined by a horizontal line to the middle of the box's side (through a short
    spine when there are several)."""
    bx, by, bw, bh = box
    top = by + max(0.0, (bh - _height(group)) / 2)
    edge = bx + bw if side > 0 else bx
    mid = by + bh / 2
    spine = edge + side * gap / 2
    out = []
    for b in group:
        left = edge + gap if side > 0 else edge - gap - b.w
        near = left if side > 0 else left + b.w
        ym = top + b.h / 2
        link: tuple[Point, ...]
        if len(group) == 1:
            link = ((edge, mid), (near, mid))
        else:
            link = tuple(simplify(((edge, mid), (spine, mid), (spine, ym), (near, ym))))
        out.append(Extra(b.kind, b.key, owner, left, top, b.w, b.h, link))
        top += b.h + _COLUMN_GAP
    return out
