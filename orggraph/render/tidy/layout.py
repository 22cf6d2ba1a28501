"""The tidy-tree layout (Buchheim/Walker, with stacked leaf columns and folding): its
result types and :func:`tree_layout`. The arrangement is :mod:`.engine`'s, the tidy tree
over it :mod:`.buchheim`'s."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from orggraph.core.view import make_view
from orggraph.errors import OrgError
from orggraph.render.metrics import text_width
from orggraph.render.tidy.engine import Engine, Path, Point

if TYPE_CHECKING:
    from orggraph.core.org import Org
    from orggraph.core.view import View

__all__ = ["Box", "Connector", "Layout", "tree_layout"]


class Box(NamedTuple):
    """A unit's box: top-left corner ``(x, y)``, width and height, in points."""

    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        """The horizontal centre."""
        return self.x + self.w / 2


class Connector(NamedTuple):
    """The reporting line from *parent* to *child*: an orthogonal polyline whose segments
    are vertical and horizontal by turns, the first one vertical.

    It starts on the middle of the parent's bottom edge, drops to the parent's bus
    (``points[1]``), runs along it to the child's column (``points[2]``, in a stack:
    the vertical bus beside the column) and ends on the middle of the child's top edge.
    A leaf in a stack is reached by a short tick instead: the line ends on the middle of
    the side of its box that faces the bus, and ``stacked`` is true.
    """

    parent: str
    child: str
    points: tuple[Point, ...]
    stacked: bool


class Layout:
    """The geometry of a chart: boxes, reporting connectors, collapsed units.

    ``units`` lists the shown units in chart order; ``x``, ``y``, ``w``, ``h`` hold their
    boxes (top-left corner, points) in the same order, ``parent`` the index of each
    one's parent (-1 for a top unit); ``connectors`` has one reporting line per shown
    child, grouped by parent (``paths`` has the same with box indexes instead of ids);
    ``collapsed`` maps a unit cut off by ``depth`` to the units it hides. ``width`` and
    ``height`` bound all boxes.
    """

    def __init__(
        self,
        units: list[str],
        x: list[float],
        y: list[float],
        w: list[float],
        h: list[float],
        parent: list[int],
        paths: list[Path],
        collapsed: dict[str, list[str]],
        width: float,
        height: float,
    ) -> None:
        self.units = units
        self.x, self.y, self.w, self.h = x, y, w, h
        self.parent = parent
        self.paths = paths
        self.collapsed = collapsed
        self.width = width
        self.height = height

    @cached_property
    def index(self) -> dict[str, int]:
        """The position of each shown unit in ``units``."""
        return {u: i for i, u in enumerate(self.units)}

    @cached_property
    def connectors(self) -> list[Connector]:
        """One :class:`Connector` per shown child, grouped by parent."""
        units = self.units
        return [Connector(units[i], units[k], pts, st) for i, k, pts, st in self.paths]

    def __len__(self) -> int:
        return len(self.units)

    def __repr__(self) -> str:
        return f"<Layout: {len(self.units)} boxes, {self.width:g} x {self.height:g} pt>"

    def box(self, uid: str) -> Box:
        """The box of a shown unit."""
        i = self.index[uid]
        return Box(self.x[i], self.y[i], self.w[i], self.h[i])

    def boxes(self) -> Iterator[tuple[str, Box]]:
        """``(uid, Box)`` for every shown unit, in chart order."""
        for i, u in enumerate(self.units):
            yield u, Box(self.x[i], self.y[i], self.w[i], self.h[i])


def tree_layout(
    org: Org,
    *,
    root: str | None = None,
    depth: int | None = None,
    compact: bool = True,
    stack_min: int = 4,
    box_size: Callable[[str], tuple[float, float]] | Sequence[tuple[float, float]] | None = None,
    h_gap: float = 20.0,
    v_gap: float = 40.0,
    fold_width: float | None = 2400.0,
    fold_aspect: float = 1.6,
    stack_ratio: float = 3.0,
    view: View | None = None,
) -> Layout:
    """Lay out the chart of *org* from *root* (every root by default) down to *depth*.

    *box_size* gives each unit's ``(width, height)`` in points, as a function of its
    id or as a list in the order of the *view*'s units (default: a line of its name);
    *h_gap* and *v_gap* are the gaps between neighbouring boxes and between levels. With *compact*, ``stack_min`` or more leaf children are stacked in columns
    (at most *stack_ratio* times as tall as wide) and rows wider than *fold_width* points
    are folded into columns of about *fold_aspect* (``None``: never);
    boxes of stacked leaves are widened to their column's widest. Runs in linear time.
    *view* is a precomputed :func:`make_view` of the same chart.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - {id: boss, name: Boss, units: [{id: a, name: A}, {id: b, name: B}, {id: c, name: C}, {id: d, name: D}]}
    ... ''')
    >>> lay = tree_layout(org, box_size=lambda uid: (50.0, 20.0))
    >>> [(u, b.x, b.y) for u, b in lay.boxes()]
    [('boss', 35.0, 0.0), ('a', 0.0, 40.0), ('b', 0.0, 72.0), ('c', 70.0, 40.0), ('d', 70.0, 72.0)]
    >>> lay.connectors[0].stacked, lay.connectors[0].points[-1]
    (True, (50.0, 50.0))
    """
    if stack_min < 1:
        raise OrgError(f"stack_min must be >= 1, got {stack_min!r}")
    v = view if view is not None else make_view(org, root, depth)
    units = v.shown
    n = len(units)
    parent = v.parents
    kids: list[list[int]] = [[] for _ in range(n)]
    for i, p in enumerate(parent):
        if p >= 0:
            kids[p].append(i)
    w, h = _sizes(org, units, box_size)
    if not n:
        return Layout([], [], [], [], [], [], [], dict(v.collapsed), 0.0, 0.0)
    engine = Engine(
        kids,
        w,
        h,
        compact=compact,
        stack_min=stack_min,
        h_gap=h_gap,
        v_gap=v_gap,
        fold_width=fold_width,
        fold_aspect=fold_aspect,
        stack_ratio=stack_ratio,
    )
    engine.arrange()
    roots = [i for i in range(n) if parent[i] < 0]
    AX, TOP, X, Y = engine.place(roots)
    w = engine.w[:n]
    h = engine.h[:n]
    ox = min(X)
    oy = min(Y)
    right = max(map(float.__add__, X, w))
    bottom = max(map(float.__add__, Y, h))
    paths = engine.connectors(AX, TOP, X, Y, ox, oy)
    X = [x - ox for x in X]
    Y = [y - oy for y in Y]
    return Layout(units, X, Y, w, h, parent, paths, dict(v.collapsed), right - ox, bottom - oy)


def _sizes(
    org: Org,
    units: list[str],
    box_size: Callable[[str], tuple[float, float]] | Sequence[tuple[float, float]] | None,
) -> tuple[list[float], list[float]]:
    """The width and height of each unit's box, from *box_size* (see :func:`tree_layout`)."""
    if box_size is None:
        box_size = _name_box(org)
    if callable(box_size):
        sizes = [box_size(u) for u in units]
    elif len(box_size) == len(units):
        sizes = list(box_size)
    else:
        raise OrgError(f"box_size has {len(box_size)} sizes for {len(units)} units")
    return [float(s[0]) for s in sizes], [float(s[1]) for s in sizes]


def _name_box(org: Org) -> Callable[[str], tuple[float, float]]:
    def size(uid: str) -> tuple[float, float]:
        return text_width(org.name(uid), 11.0, bold=True) + 16.0, 28.0

    return size
