"""The tidy-tree layout (Buchheim/Walker, with stacked leaf columns and folding): its
result types and :func:`tree_layout`. The arrangement is :mod:`.engine`'s, the tidy tree
over it :mod:`.buchheim`'s."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from orggraph.core.view import make_view
from orggraph.errors import OrgError
from orggraph.render.metrics import text_width
from orggraph.render.tidy.engine import STACK, Engine, Path, Plan, Point
from orggraph.render.tidy.extras import Extra, Extras, Groups, expand, settle
from orggraph.render.tidy.placing import connectors, place

if TYPE_CHECKING:
    from orggraph.core.org import Org
    from orggraph.core.view import View

__all__ = ["Box", "Connector", "Knobs", "Layout", "Measured", "arranged", "measure", "tree_layout"]


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
    the side of its box that faces the bus, and ``stacked`` is true. A child drawn beside
    its parent (deep charts fitted to a page) is joined by one horizontal segment between
    the two boxes' facing sides.
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
    child, grouped by parent, the lines to children beside their parent last (``paths``
    has the same with box indexes instead of ids);
    ``collapsed`` maps a unit cut off by ``depth`` to the units it hides. ``width`` and
    ``height`` bound all boxes. ``plan`` is the arrangement decided for each unit (see
    :mod:`.engine`): :func:`tree_layout` can replay it on other box sizes.

    ``extra`` holds the boxes that are not units' (assistants beside their head, people
    boxes under it: :class:`~orggraph.render.tidy.extras.Extra`, each naming its unit and
    with the line that joins it to it), in chart order of their units; ``apart`` the
    units drawn apart above what they govern (a board: a dashed box, dashed lines down).
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
        self.plan: Plan = []
        self.knobs: Knobs | None = None  # the settings fit chose (None: as given)
        self.extra: list[Extra] = []
        self.apart: frozenset[str] = frozenset()

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
    side_aspect: float | None = None,
    view: View | None = None,
    plan: Plan | None = None,
    extras: Extras | None = None,
) -> Layout:
    """Lay out the chart of *org* from *root* (every root by default) down to *depth*.

    *box_size* gives each unit's ``(width, height)`` in points, as a function of its
    id or as a list in the order of the *view*'s units (default: a line of its name);
    *h_gap* and *v_gap* are the gaps between neighbouring boxes and between levels. With *compact*, ``stack_min`` or more leaf children are stacked in columns
    (at most *stack_ratio* times as tall as wide) and rows wider than *fold_width* points
    are folded into columns of about *fold_aspect* (``None``: never); boxes of stacked
    leaves are widened to their column's widest. With *side_aspect*, a unit whose block
    would be narrower than that (width:height) draws its last child (or first) beside
    itself rather than under it, when that makes it lower. The roots of a forest are arranged
    like the children of an invisible unit. *plan* (another layout's ``plan``, of the
    same view) replaces all these decisions. Runs in linear time. *view* is a
    precomputed :func:`make_view` of the same chart. *extras* adds boxes that are not
    units' and sets units apart (see :mod:`.extras`); the plan then covers them too.

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
    w, h = _sizes(org, units, box_size)
    if not n:
        return Layout([], [], [], [], [], [], [], dict(v.collapsed), 0.0, 0.0)
    knobs = Knobs(compact, stack_min, fold_width, fold_aspect, stack_ratio, side_aspect)
    parent = v.parents
    tree = None
    if extras:
        tree = expand(parent, list(zip(w, h, strict=True)), extras, h_gap)
        parent = tree.parent
        unit_h, w, h = h, tree.w, tree.h
    m = len(parent)
    groups = tree.groups if tree is not None else None
    engine, top = _engine(parent, w, h, knobs, h_gap, v_gap, plan, groups=groups)
    engine.arrange()
    AX, TOP, X, Y = place(engine, [top if top >= 0 else parent.index(-1)])
    w = engine.w[:m]
    h = engine.h[:m]
    X = X[:m]
    Y = Y[:m]
    ox = min(X)
    oy = min(Y)
    right = max(map(float.__add__, X, w))
    bottom = max(map(float.__add__, Y, h))
    paths = connectors(engine, AX, TOP, X, Y, ox, oy, top)
    X = [x - ox for x in X]
    Y = [y - oy for y in Y]
    extra: list[Extra] = []
    if tree is not None:
        assert extras is not None
        (X, Y, w, h), paths, extra = settle(
            engine, tree, units, extras, (X, Y, w, h), paths, unit_h
        )
    lay = Layout(units, X, Y, w, h, v.parents, paths, dict(v.collapsed), right - ox, bottom - oy)
    lay.plan = engine.plan
    lay.extra = extra
    if extras:
        lay.apart = frozenset(units[i] for i in extras.apart)
    return lay


@dataclass(frozen=True)
class Knobs:
    """The settings of the tidy layout that shape a chart (see :func:`tree_layout`)."""

    compact: bool = True
    stack_min: int = 4
    fold_width: float | None = None
    fold_aspect: float = 1.6
    stack_ratio: float = 3.0
    side_aspect: float | None = None


def _engine(
    parent: list[int],
    w: list[float],
    h: list[float],
    knobs: Knobs,
    h_gap: float,
    v_gap: float,
    plan: Plan | None,
    reuse: tuple[Engine, list[bool]] | None = None,
    groups: Groups | None = None,
) -> tuple[Engine, int]:
    """The engine for a tree given by *parent* (-1: a root) and box sizes; the index of
    the invisible unit added over the roots of a forest (-1 when there is one root).
    The nodes of *groups* (people under their unit) always stack their children, the
    invisible ones come first among their parent's children."""
    n = len(parent)
    kids: list[list[int]] = [[] for _ in range(n)]
    roots = []
    for i, p in enumerate(parent):
        if p >= 0:
            kids[p].append(i)
        else:
            roots.append(i)
    for g in groups.first if groups else ():  # people before the sub-units
        ks = kids[parent[g]]
        ks.remove(g)
        ks.insert(0, g)
    top = -1
    if len(roots) > 1:
        top = n
        kids.append(roots)
        w = [*w, 0.0]
        h = [*h, 0.0]
    if plan is not None and len(plan) != len(kids):
        raise OrgError(f"the plan is for {len(plan)} units, not {len(kids)}")
    engine = Engine(
        kids,
        w,
        h,
        compact=knobs.compact,
        stack_min=knobs.stack_min,
        h_gap=h_gap,
        v_gap=v_gap,
        fold_width=knobs.fold_width,
        fold_aspect=knobs.fold_aspect,
        stack_ratio=knobs.stack_ratio,
        side_aspect=knobs.side_aspect,
        plan=plan,
        top=top,
        reuse=reuse,
    )
    if groups:
        engine.always_stack = groups.stack
        engine.pad = list(groups.pad)
    return engine, top


def arranged(
    parent: list[int],
    w: list[float],
    h: list[float],
    knobs: Knobs,
    *,
    h_gap: float,
    v_gap: float,
    plan: Plan | None = None,
    reuse: tuple[Engine, list[bool]] | None = None,
    groups: Groups | None = None,
) -> Engine:
    """The engine of the tree of *parent* with boxes *w* x *h*, arranged (see
    :func:`measure`), not placed."""
    engine = _engine(parent, list(w), list(h), knobs, h_gap, v_gap, plan, reuse, groups)[0]
    engine.arrange()
    return engine


class Measured(NamedTuple):
    """What :func:`measure` finds: the plan, the layout's size, and the engine."""

    plan: Plan
    width: float
    height: float
    engine: Engine


def measure(
    parent: list[int],
    w: list[float],
    h: list[float],
    knobs: Knobs,
    *,
    h_gap: float,
    v_gap: float,
    plan: Plan | None = None,
    reuse: tuple[Engine, list[bool]] | None = None,
    rough_above: float = math.inf,
    groups: Groups | None = None,
) -> Measured:
    """The plan *knobs* give the tree of *parent* with boxes *w* x *h* (or *plan*,
    replayed), and the size of its layout. Cheaper than :func:`tree_layout`: no lines,
    and when the top unit stacks its children, the size comes from the arrangement,
    without placing the boxes; *reuse* (an engine of the same boxes, and the units
    whose arrangement in it holds here) spares arranging those units again. A layout
    whose rows' extents make it wider than *rough_above* times its height is not placed
    either: that upper bound of its width is close enough (it is far too wide anyway).

    >>> got = measure([-1, 0, 0], [50.0] * 3, [20.0] * 3, Knobs(), h_gap=20.0, v_gap=40.0)
    >>> got.plan, got.width, got.height
    ([(1, (), 0), None, None], 120.0, 80.0)
    """
    n = len(parent)
    engine = arranged(
        parent, w, h, knobs, h_gap=h_gap, v_gap=v_gap, plan=plan, reuse=reuse, groups=groups
    )
    top = engine.top
    root = top if top >= 0 else parent.index(-1)
    mode = engine.plan[root]
    width, height = engine.L[root] + engine.R[root], engine.BH[root]
    if (mode is not None and mode[0] == STACK) or width > rough_above * height:
        below = min(engine.dy[k] for k in engine.items[root]) if top >= 0 else 0.0
        return Measured(engine.plan, width, height - below, engine)
    if reuse is not None:  # placing needs every unit arranged
        return measure(
            parent,
            w,
            h,
            knobs,
            h_gap=h_gap,
            v_gap=v_gap,
            plan=plan,
            rough_above=rough_above,
            groups=groups,
        )
    _, _, X, Y = place(engine, [root])
    ws, hs = engine.w, engine.h
    width = max([X[i] + ws[i] for i in range(n)]) - min(X[:n])
    height = max([Y[i] + hs[i] for i in range(n)]) - min(Y[:n])
    return Measured(engine.plan, width, height, engine)


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
