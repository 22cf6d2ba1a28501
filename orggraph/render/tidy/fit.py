"""Fitting a tidy chart to a page shape: the ``fit`` option.

The tidy layout has knobs that change a chart's shape but not what it says: leaves
stacked in columns (``stack_min``, and how tall a stack may be), and rows folded into
columns when they are wider than ``fold_width``. :func:`fit_layout` tries them in
order, from the natural shape towards the most folded, and keeps the first layout
whose width:height lies in the window of the ``fit``; when none does, the one
nearest to it. Layouts are cheap (linear time, and the search only arranges, it
places nothing), so it measures rather than guesses.

=========== =============== ===================================
fit         search window    kept within (the promise)
=========== =============== ===================================
auto        0.6 to 2.0      1:2 to 2.5:1
landscape   1.25 to 2.0     1:1 to 2.5:1
portrait    0.6 to 0.9      1:2 to 1:1
=========== =============== ===================================

The search decides on structure alone, so that a chart folds the same way in every
language: every box gets the same size (the median box of a sample of units, averaged
over the organisation's languages), and the plan found (what each unit does with its
children) is then laid out with the real boxes. Only when real text pushes that chart
out of the promised bounds does the search run again on the real boxes.

>>> fit_window("auto"), fit_bounds("portrait")
((0.6, 2.0), (0.5, 1.0))
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from orggraph.render.options import FITS, ChartOptions
from orggraph.render.tidy.engine import Engine, Plan
from orggraph.render.tidy.extras import Extras, Groups, expand
from orggraph.render.tidy.layout import Knobs, Layout, Measured, arranged, measure, tree_layout

if TYPE_CHECKING:
    from orggraph.core.org import Org
    from orggraph.core.view import View

__all__ = [
    "FEW",
    "FITS",
    "KEPT",
    "PLAN_EACH_BOX",
    "STACK_MIN",
    "Choice",
    "Frame",
    "distance",
    "fit_bounds",
    "fit_layout",
    "fit_window",
    "free_knobs",
    "plan_boxes",
    "stacking",
]

_WINDOW = {"auto": (0.6, 2.0), "landscape": (1.25, 2.0), "portrait": (0.6, 0.9)}
_BOUNDS = {"auto": (0.5, 2.5), "landscape": (1.0, 2.5), "portrait": (0.5, 1.0)}
KEPT = (0.5, 2.5)  # every fit keeps a chart of more than FEW units within this
_FOLD_ASPECT = {"auto": 1.5, "landscape": 1.7, "portrait": 0.75}  # folded blocks' shape
_STEP = 0.7  # each fold width tried is this times the one before
_STACKS = (4, 3)  # stack_min tried when it is not given
_SHAPES = (1.7, 1.5, 1.25, 1.0, 0.85, 0.7, 0.5)  # fold_aspect tried, up to the fit's own
_SIDES = (0.25, 0.4, 0.6, 0.9, 1.3, 2.0, 3.0, 5.0)  # side_aspect tried for charts too tall
_MARGIN = 1.04  # the search keeps this far inside the bounds
FEW = 8  # charts of up to this many boxes may keep any shape


def fit_window(fit: str) -> tuple[float, float]:
    """The width:height the search aims for with *fit*."""
    return _WINDOW[fit]


def fit_bounds(fit: str) -> tuple[float, float]:
    """The width:height the search keeps a chart within if it can: for ``"auto"`` a
    promise (as :data:`KEPT` for every fit), for the others a strong preference."""
    return _BOUNDS[fit]


class Frame(NamedTuple):
    """What the picture adds to the layout: margins and header (points); the picture
    is at least *least* wide (the header's text)."""

    width: float
    height: float
    least: float = 0.0

    def aspect(self, width: float, height: float) -> float:
        """The picture's width:height around a layout of *width* x *height*."""
        return max(width + self.width, self.least) / (height + self.height)


class Choice(NamedTuple):
    """A layout the search tried: its knobs and plan, its size on the boxes it was
    planned on (points), and the picture's width:height in each language measured."""

    knobs: Knobs
    plan: Plan
    width: float
    height: float
    aspects: tuple[float, ...]


def distance(aspect: float, window: tuple[float, float]) -> float:
    """How far *aspect* lies outside *window*, as a ratio (0 inside it).

    >>> distance(1.0, (0.6, 2.0)), round(distance(4.0, (0.6, 2.0)), 3)
    (0.0, 0.693)
    """
    lo, hi = window
    if aspect > hi:
        return math.log(aspect / hi)
    if aspect < lo:
        return math.log(lo / aspect)
    return 0.0


STACK_MIN = 4  # stack_min=None (and no stack_leaves): stack this many leaves or more
PLAN_EACH_BOX = 3000  # fit plans on every box's own size up to this many boxes


def stacking(o: ChartOptions) -> tuple[bool, int]:
    """The tidy layout's ``compact`` and ``stack_min`` for *o*: ``stack_min`` when it is
    given, else the Graphviz engine's ``stack_leaves`` (stack more than that many leaves;
    0: never), else :data:`STACK_MIN`.

    >>> stacking(ChartOptions()), stacking(ChartOptions(stack_leaves=0))
    ((True, 4), (False, 4))
    >>> stacking(ChartOptions(stack_leaves=5)), stacking(ChartOptions(stack_leaves=5, stack_min=3))
    ((True, 6), (True, 3))
    """
    if o.stack_min is not None:
        return o.compact, o.stack_min
    if o.stack_leaves is None:
        return o.compact, STACK_MIN
    if o.stack_leaves == 0:
        return False, STACK_MIN
    return o.compact, o.stack_leaves + 1


def free_knobs(o: ChartOptions) -> frozenset[str]:
    """The layout knobs ``fit`` may set: those the options leave at their defaults.

    >>> sorted(free_knobs(ChartOptions(stack_min=3)))
    ['fold_width', 'stack_ratio']
    """
    free = {"stack_ratio"}
    if o.stack_min is None and o.stack_leaves is None:
        free.add("stack_min")
    if "fold_width" not in o.changed():
        free.add("fold_width")
    return frozenset(free)


def plan_boxes(
    shown: list[str],
    langs: list[str | None],
    sizes_in: Callable[[str | None, list[str]], list[tuple[float, float]]],
) -> tuple[list[tuple[float, float]], list[tuple[str | None, list[tuple[float, float]]]]]:
    """The box sizes a fitted layout is planned on, the same whatever language is
    drawn, and the box sizes in each of *langs* (the organisation's) to measure plans
    with (*sizes_in* gives the boxes of some units in a language). Up to
    :data:`PLAN_EACH_BOX` boxes: each box's widest and tallest in any of the languages;
    beyond, one box for all, of the mean width and median height of up to 64 units
    spread over the chart in the language whose boxes are widest (and plans are
    measured on it alone).

    >>> sizes = {"zh": [(60.0, 30.0), (40.0, 30.0)], "en": [(90.0, 30.0), (30.0, 44.0)]}
    >>> plan_boxes(["a", "b"], ["zh", "en"], lambda lang, units: sizes[lang])[0]
    [(90.0, 30.0), (40.0, 44.0)]
    """
    n = len(shown)
    if len(langs) == 1:
        return sizes_in(langs[0], shown), []
    units = shown if n <= PLAN_EACH_BOX else shown[:: max(1, n // 64)]
    per_lang = [sizes_in(lang, units) for lang in langs]
    if units is shown:
        widest = [
            (max(s[0] for s in each), max(s[1] for s in each))
            for each in zip(*per_lang, strict=True)
        ]
        return widest, list(zip(langs, per_lang, strict=True))
    width = max(statistics.fmean(s[0] for s in one) for one in per_lang)
    height = max(statistics.median(s[1] for s in one) for one in per_lang)
    return [(width, height)] * n, []


Sizes = Sequence[tuple[float, float]]


def fit_layout(
    org: Org,
    view: View,
    sizes: Sizes,
    plan_sizes: Sizes,
    lang_sizes: Sequence[tuple[Sizes, Frame]],
    *,
    fit: str,
    base: Knobs,
    free: frozenset[str],
    frame: Frame,
    gaps: tuple[float, float],
    extras: Extras | None = None,
    plan_extras: Extras | None = None,
) -> Layout:
    """The layout of *view* with boxes of *sizes*, fitted to *fit*.

    The plan is searched on boxes of *plan_sizes*, the same in every language, and
    measured with the boxes and frame of each of *lang_sizes* (the organisation's
    languages; none: on *plan_sizes* in *frame*), then laid out with *sizes*. If that
    picture leaves the bounds, the search runs again on *sizes* alone (the structure
    may then differ by language). A frame turns a layout's size into the picture's.
    The layout's ``knobs`` are the settings chosen. *extras* are the boxes that are not
    units' (:mod:`.extras`) as drawn, *plan_extras* the same as planned and measured
    (each as big as in any language; default: *extras*)."""
    n = len(view.shown)
    h_gap, v_gap = gaps
    parent, groups = view.parents, None
    if extras:
        planned = plan_extras or extras
        got = expand(parent, plan_sizes, planned, h_gap)
        parent, groups, plan_sizes = got.parent, got.groups, list(zip(got.w, got.h, strict=True))
        lang_sizes = [(_slots(view.parents, one, planned, h_gap), f) for one, f in lang_sizes]
    tree = _Tree(parent, frame, h_gap, v_gap, groups)
    choice = _Search(tree, plan_sizes, lang_sizes, fit, base, free).run()
    layout = tree_layout(
        org, view=view, box_size=sizes, h_gap=h_gap, v_gap=v_gap, plan=choice.plan, extras=extras
    )
    layout.knobs = choice.knobs
    bounds = _BOUNDS[fit]
    aspect = frame.aspect(layout.width, layout.height)
    if n <= FEW or distance(aspect, bounds) == 0:
        return layout
    own = _slots(view.parents, sizes, extras, h_gap) if extras else sizes
    again = _Search(tree, own, (), fit, base, free).run()
    other = tree_layout(
        org, view=view, box_size=sizes, h_gap=h_gap, v_gap=v_gap, plan=again.plan, extras=extras
    )
    other.knobs = again.knobs
    if distance(frame.aspect(other.width, other.height), bounds) < distance(aspect, bounds):
        return other
    return layout


def _slots(
    parent: list[int], sizes: Sizes, extras: Extras, gap: float
) -> list[tuple[float, float]]:
    """The engine's box sizes for units of *sizes* with *extras*."""
    got = expand(parent, sizes, extras, gap)
    return list(zip(got.w, got.h, strict=True))


class _Tree(NamedTuple):
    parent: list[int]
    frame: Frame
    h_gap: float
    v_gap: float
    groups: Groups | None = None


class _Search:
    """One search: the knobs tried so far and the nearest to the window."""

    def __init__(
        self,
        tree: _Tree,
        plan_sizes: Sizes,
        lang_sizes: Sequence[tuple[Sizes, Frame]],
        fit: str,
        base: Knobs,
        free: frozenset[str],
    ) -> None:
        self.tree = tree
        self.w = [s[0] for s in plan_sizes]
        self.h = [s[1] for s in plan_sizes]
        self.langs = [
            ([s[0] for s in one], [s[1] for s in one], frame) for one, frame in lang_sizes
        ]
        self.window = _WINDOW[fit]
        lo, hi = _BOUNDS[fit]
        self.bounds = lo * _MARGIN, hi / _MARGIN  # a margin for what measuring misses
        self.free = free
        if "fold_width" in free:
            base = replace(base, fold_aspect=_FOLD_ASPECT[fit])
        self.base = base
        self.best: Choice | None = None
        self.best_far = (math.inf, math.inf)
        self.tried: dict[Knobs, Choice] = {}
        self.naturals: dict[Knobs, tuple[Engine, list[Engine]]] = {}

    def attempt(self, knobs: Knobs) -> Choice:
        """Plan the tree with *knobs*, measure it in every language; remember the
        nearest to the window."""
        got = self.tried.get(knobs)
        if got is not None:
            return got
        t = self.tree
        natural = self._natural(knobs)
        reuse: list[tuple[Engine, list[bool]] | None] = [None] * (1 + len(self.langs))
        if natural is not None:
            f = knobs.fold_width
            assert f is not None
            engine = natural[0]
            kept = [engine.L[i] + engine.R[i] <= f for i in range(len(engine.L))]
            kept[engine.top if engine.top >= 0 else t.parent.index(-1)] = False
            reuse = [(e, kept) for e in (engine, *natural[1])]
        main = self._measure(self.w, self.h, knobs, None, reuse[0])
        per_lang = [
            self._measure(w, h, knobs, main.plan, reuse[k + 1])
            for k, (w, h, _) in enumerate(self.langs)
        ]
        if knobs.fold_width is None and knobs.side_aspect is None:
            # a natural layout, for the folded ones to build on
            key = replace(knobs, fold_aspect=0.0)
            self.naturals.setdefault(key, (main.engine, [m.engine for m in per_lang]))
        aspects: tuple[float, ...] = (t.frame.aspect(main.width, main.height),)
        if self.langs:
            frames = [frame for _, _, frame in self.langs]
            aspects = tuple(
                f.aspect(m.width, m.height) for m, f in zip(per_lang, frames, strict=True)
            )
        choice = Choice(knobs, main.plan, main.width, main.height, aspects)
        self.tried[knobs] = choice
        # the nearest: within the bounds first, then within the window
        far = (
            max(distance(a, self.bounds) for a in aspects),
            max(distance(a, self.window) for a in aspects),
        )
        if far < self.best_far:
            self.best, self.best_far = choice, far
        return choice

    def _measure(
        self,
        w: list[float],
        h: list[float],
        knobs: Knobs,
        plan: Plan | None,
        reuse: tuple[Engine, list[bool]] | None,
    ) -> Measured:
        # Far too wide a chart (4 times the window) is measured roughly: it folds anyway.
        t = self.tree
        return measure(
            t.parent,
            w,
            h,
            knobs,
            h_gap=t.h_gap,
            v_gap=t.v_gap,
            plan=plan,
            reuse=reuse,
            rough_above=4 * self.window[1],
            groups=t.groups,
        )

    def _natural(self, knobs: Knobs) -> tuple[Engine, list[Engine]] | None:
        """For a layout that folds rows and does nothing else unusual, the same without
        folding, arranged on the plan's boxes and in each language: the units it leaves
        narrower than the fold width are arranged the same in both."""
        if knobs.fold_width is None or knobs.side_aspect is not None:
            return None
        key = replace(knobs, fold_width=None, fold_aspect=0.0)
        got = self.naturals.get(key)
        if got is None:
            t = self.tree
            first = arranged(
                t.parent, self.w, self.h, key, h_gap=t.h_gap, v_gap=t.v_gap, groups=t.groups
            )
            langs = [
                arranged(
                    t.parent,
                    w,
                    h,
                    key,
                    h_gap=t.h_gap,
                    v_gap=t.v_gap,
                    plan=first.plan,
                    groups=t.groups,
                )
                for w, h, _ in self.langs
            ]
            got = self.naturals[key] = (first, langs)
        return got

    @property
    def best_distance(self) -> float:
        """How far the nearest layout yet lies outside the window (0: inside)."""
        return self.best_far[1]

    def run(self) -> Choice:
        lo, hi = self.window
        base, free = self.base, self.free
        stacks = _STACKS if "stack_min" in free and base.compact else (base.stack_min,)
        folding = "fold_width" in free and base.compact
        # The natural shapes first: no folding (unless a fold width is given).
        unfolded = replace(base, fold_width=None) if folding else base
        got = self.attempt(replace(unfolded, stack_min=stacks[0]))
        for s in stacks[1:]:
            if max(got.aspects) <= hi or (folding and max(got.aspects) > 2 * hi):
                break  # fine, or so wide that only folding will do: fold from here
            got = self.attempt(replace(got.knobs, stack_min=s))
        start = got.knobs
        if self.best_distance == 0:
            return self.best  # type: ignore[return-value]
        if max(got.aspects) > hi and folding:
            # Fold wide rows, into taller blocks each time the narrowest is still too wide.
            for shape in _SHAPES:
                if shape > base.fold_aspect:
                    continue
                found = self.fold(got, replace(start, fold_aspect=shape))
                if found is not None and min(found.aspects) >= lo:
                    return found
                if found is not None:
                    break  # too tall already
        assert self.best is not None
        if min(self.best.aspects) < lo and "stack_ratio" in free:
            # Too tall: wider stacks of leaves, children beside their parents, no stacks.
            start = replace(self.best.knobs, stack_ratio=1.0)
            if self.attempt(start) is self.best and self.best_distance == 0:
                return self.best
            self.sides(self.best)
            if self.best_distance > 0:
                self.attempt(replace(self.best.knobs, compact=False))
        if self.best_far[0] > 0:
            self.refine(self.best)
        return self.best

    def refine(self, near: Choice) -> None:
        """Out of bounds still: try the knobs of the *near*est layout a little either
        way (a rare last resort: the steps above are coarse)."""
        k, free = near.knobs, self.free
        tries = []
        for f in (1.15, 0.87, 1.3, 0.77):
            if k.fold_width is not None and "fold_width" in free:
                tries.append(replace(k, fold_width=k.fold_width * f))
                tries.append(replace(k, fold_aspect=k.fold_aspect * f))
            if k.side_aspect is not None:
                tries.append(replace(k, side_aspect=k.side_aspect * f))
        for knobs in tries:
            self.attempt(knobs)
            if self.best_far[0] == 0:
                return

    def sides(self, tall: Choice) -> None:
        """Draw children beside their parents where blocks are narrower than a
        width:height, the least that makes the *tall* chart tall enough no more."""
        lo = self.window[0]
        for side in _SIDES:
            if min(self.attempt(replace(tall.knobs, side_aspect=side)).aspects) >= lo:
                return

    def fold(self, natural: Choice, start: Knobs) -> Choice | None:
        """The widest fold width whose chart is not too wide: a bisection over fold
        widths from the *natural* chart's width down to two boxes, each 0.7 of the last,
        with the other knobs as in *start*. None when even the narrowest is too wide."""
        hi = self.window[1]
        least = 2 * _median(self.w) + self.tree.h_gap
        widths = []
        f = natural.width * _STEP
        while f > least:
            widths.append(f)
            f *= _STEP
        widths.append(least)
        # The narrowest is measured only if nothing wider will do.
        tried: dict[int, Choice] = {}
        bad, good = -1, len(widths)  # widths[good] is not too wide; widths[bad] is
        while good - bad > 1:
            mid = (bad + good) // 2
            tried[mid] = self.attempt(replace(start, fold_width=widths[mid]))
            if max(tried[mid].aspects) <= hi:
                good = mid
            else:
                bad = mid
        return tried[good] if good < len(widths) else None


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0
