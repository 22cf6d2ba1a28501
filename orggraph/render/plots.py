"""Analytic charts of an organisation, drawn with matplotlib.

Each function takes the :class:`~orggraph.Org`, keyword-only options, and returns the
matplotlib ``Figure`` so that notebook users can adjust it before showing or saving
it (``fig.savefig("headcount.png", dpi=150)``). Pass ``ax=`` to draw into an axes of
your own figure instead; the function then returns that axes' figure.

* :func:`headcount_by_unit` and :func:`budget_by_unit`: one horizontal bar per unit at
  one level of the reporting tree, with the unit's rollup. A bar whose rollup misses
  some figures (:attr:`orggraph.Rollup.unknown`) is hatched and labelled ``≥ N``:
  unknown is not zero.
* :func:`span_of_control`: how many managers (units with direct reports) have 1, 2,
  3, ... direct reports.
* :func:`responsibilities_per_unit`: how many responsibilities each unit owns.

Names are shown in ``lang`` (default: the organisation's first language), as
``org.name(uid, lang=lang)``; titles are in Chinese when that language is ``zh`` and in
English otherwise. Chinese text is drawn with a CJK font when one is installed (see
:mod:`orggraph.render.fonts`); the user's global matplotlib settings are never
changed, and no pyplot figure is created, so the charts never open windows. The
figures are ``ChartFigure`` objects, a ``Figure`` subclass with a PNG representation
(and HTML showing it at most as wide as the cell), so a notebook cell that ends with one
shows the chart even when pyplot is not in use.

matplotlib is imported only when a chart is drawn, not with this module.

>>> import orggraph as og
>>> org = og.loads('''
... units:
...   - id: ceo
...     name: CEO office
...     head: {title: CEO, salary: 20000}
...     units:
...       - {id: sales, name: Sales, staff: [{title: Rep, seats: 4, salary: 5000}]}
...       - {id: tech, name: Tech, staff: [{title: Engineer, seats: null}]}
... ''')
>>> fig = headcount_by_unit(org)
>>> ax = fig.axes[0]
>>> [t.get_text() for t in ax.get_yticklabels()], ax.containers[0].datavalues.tolist()
(['Sales', 'Tech'], [4, 0])
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from orggraph.core.rollup import Number, bound_text, format_number
from orggraph.errors import OrgError
from orggraph.render import fonts
from orggraph.render.labels import in_language

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from orggraph.core.org import Org

__all__ = [
    "SORTS",
    "budget_by_unit",
    "headcount_by_unit",
    "responsibilities_per_unit",
    "span_of_control",
]

#: Bar orders: ``"value"`` (largest first), ``"name"`` (alphabetical), ``"chart"``
#: (the order of the organisation chart: top-down, depth first).
SORTS = ("value", "name", "chart")

#: Fill of bars whose figure is complete, and of bars with unknown parts (hatched).
COLOR = "#4C72B0"
UNKNOWN_COLOR = "#C6D3E8"
HATCH = "//"

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "seats": "Headcount (planned seats)",
        "budget": "Monthly salary budget",
        "filled": "Filled seats",
        "by_unit": "{measure} by unit under {root}",
        "levels_down": " ({level} levels down)",
        "hatched": "hatched: some figures unknown (≥ = at least)",
        "span_title": "Span of control: {n} managers, median {median} direct reports",
        "span_x": "Direct reports",
        "span_y": "Managers (units with direct reports)",
        "span_none": "no unit has direct reports",
        "resp_title": "Responsibilities per unit",
        "resp_x": "Responsibilities owned",
        "resp_none": "{n} of {total} units own no responsibility",
        "resp_top": "showing the top {top} of {m} units",
        "resp_empty": "no unit owns a responsibility",
    },
    "zh": {
        "seats": "编制人数",
        "budget": "月薪资预算",
        "filled": "在岗人数",
        "by_unit": "{root}下属各单位{measure}",
        "levels_down": "（下{level}级）",
        "hatched": "斜线：部分数字未知（≥ 表示至少）",
        "span_title": "管理幅度：{n} 个管理单位，直接下属中位数 {median}",
        "span_x": "直接下属单位数",
        "span_y": "管理单位数",
        "span_none": "没有单位有直接下属",
        "resp_title": "各单位职责数",
        "resp_x": "职责数",
        "resp_none": "{total} 个单位中有 {n} 个没有职责",
        "resp_top": "仅显示前 {top} 个（共 {m} 个）",
        "resp_empty": "没有单位负责任何职责",
    },
}


def chart_text(table: Mapping[str, dict[str, str]], org: Org, lang: str | None) -> dict[str, str]:
    """*table*'s phrases in *lang* (``zh-CN``, ``zh_TW`` and ``ZH`` are ``zh``; default:
    the organisation's first language), English when it has no such language."""
    return in_language(table, lang or (org.lang[0] if org.lang else "en"))


def _check_sort(sort: str) -> None:
    if sort not in SORTS:
        raise OrgError(
            f"unknown sort {sort!r}; choose one of {', '.join(SORTS)}",
            choices=SORTS,
        )


def whole_number(value: object, what: str, minimum: int = 1) -> int:
    """*value*, a chart option named *what*, checked to be a whole number >= *minimum*."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise OrgError(f"{what} must be a whole number >= {minimum}, not {value!r}")
    return value


def _order(
    ids: list[str], key_value: Callable[[str], Number], label: Callable[[str], str], sort: str
) -> list[str]:
    """*ids* (given in chart order) in the order *sort* asks for."""
    if sort == "value":
        return sorted(ids, key=lambda u: -key_value(u))  # stable: ties keep chart order
    if sort == "name":
        return sorted(ids, key=lambda u: label(u).casefold())
    return list(ids)


def root_figure(ax: Axes) -> Figure:
    from matplotlib.figure import Figure

    fig: Any = ax.figure
    while not isinstance(fig, Figure):  # a SubFigure: climb to the figure it is on
        fig = fig.figure
    return fig


def new_axes(ax: Axes | None, width: float, height: float) -> tuple[Figure, Axes, bool]:
    """*ax* and its figure, or a fresh ``ChartFigure`` (no pyplot, so no backend) and
    axes; the last item says whether the figure is the chart's own (fresh)."""
    if ax is not None:
        return root_figure(ax), ax, False
    fig = chart_figure_class()(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot(), True


def chart_figure_class() -> type[Figure]:
    """``ChartFigure``: a ``Figure`` that notebooks display even when pyplot is not in use.

    Defined on first use (matplotlib is imported lazily) and then kept as this module's
    ``ChartFigure`` attribute, so that pickle finds it.
    """
    cls = globals().get("ChartFigure")
    if cls is not None:
        return cls  # type: ignore[no-any-return]
    import io
    import os

    import matplotlib
    from matplotlib.figure import Figure

    class ChartFigure(Figure):
        """A matplotlib ``Figure`` with a PNG representation for Jupyter.

        With ``%matplotlib inline`` (or any pyplot use) IPython's own Figure formatter
        takes precedence; without it the chart still shows instead of its repr.
        """

        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", bbox_inches="tight")
            return buffer.getvalue()

        def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
            """The chart as wide as the notebook cell at most (HTML), and as PNG."""
            from orggraph.render.jupyter import png_mimebundle

            return png_mimebundle(self._repr_png_(), repr(self))

        def savefig(self, fname: Any, *args: Any, **kwargs: Any) -> None:
            """matplotlib's ``savefig``; a file named by a path is written as orggraph
            writes every file (:func:`orggraph.io.files.atomic_write`: atomically, keeping
            an existing file's permissions, through symlinks)."""
            if not isinstance(fname, (str, os.PathLike)):
                super().savefig(fname, *args, **kwargs)
                return
            from orggraph.io.files import atomic_write

            path = os.fspath(fname)
            fmt = kwargs.pop("format", None) or os.path.splitext(path)[1][1:].lower()
            if not fmt:  # as matplotlib does: the default format, added to the name
                fmt = str(matplotlib.rcParams["savefig.format"])
                path = f"{path}.{fmt}"
            buffer = io.BytesIO()
            super().savefig(buffer, *args, format=fmt, **kwargs)
            atomic_write(path, buffer.getvalue())

    ChartFigure.__module__ = __name__
    ChartFigure.__qualname__ = "ChartFigure"
    globals()["ChartFigure"] = ChartFigure
    return ChartFigure


def __getattr__(name: str) -> Any:
    if name == "ChartFigure":
        return chart_figure_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def finish(fig: Figure, ax: Axes, own: bool, family: list[str]) -> Figure:
    """*fig*, with the font *family* fixed on every text of the figure (if it is the chart's
    *own*) or of *ax*: the figure then draws the same wherever it is saved."""
    fonts.apply_family(fig if own else ax, family)
    return fig


def _tick_text(value: float, _pos: object = None) -> str:
    """Tick labels with thousands separators (a module function, so figures pickle)."""
    return format_number(value)


def integer_axis(axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(FuncFormatter(_tick_text))


def _bar_height(n: int) -> float:
    return max(3.0, 1.4 + 0.38 * n)


def headcount_by_unit(
    org: Org,
    *,
    level: int = 1,
    root: str | None = None,
    measure: str = "seats",
    sort: str = "value",
    lang: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Horizontal bars of *measure* rolled up for each unit *level* levels below *root*.

    *root* defaults to the organisation's root; ``level=1`` shows its direct reports,
    ``level=2`` theirs, and so on. *measure* is any rollup measure (``"seats"``,
    ``"budget"``, ``"filled"`` or a numeric ``attrs`` key; see :meth:`Org.rollup`).
    *sort* is one of :data:`SORTS`. A bar whose rollup lacks some figures is hatched
    and labelled ``≥ N``; the legend says so. Each bar's ``gid`` is its unit id.

    Raises :class:`orggraph.OrgError` for a bad *level* or *sort*, a *level* with no
    units, or several roots and no *root*; :class:`orggraph.UnknownIdError` for an
    unknown *root*; :class:`orggraph.MeasureError` for an unknown *measure*.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - id: hq
    ...     name: HQ
    ...     units:
    ...       - {id: a, name: A, staff: [{title: Clerk, seats: 2}]}
    ...       - {id: b, name: B, staff: [{title: Clerk, seats: 5}, {title: Temp, seats: null}]}
    ... ''')
    >>> ax = headcount_by_unit(org, lang="en").axes[0]
    >>> [(p.get_gid(), float(p.get_width()), p.get_hatch()) for p in ax.containers[0]]
    [('b', 5.0, '//'), ('a', 2.0, None)]
    >>> [t.get_text() for t in ax.texts if t.get_text().startswith("≥")]
    ['≥ 5']
    >>> headcount_by_unit(org, level=0)
    Traceback (most recent call last):
    ...
    orggraph.errors.OrgError: level must be a whole number >= 1, not 0
    """
    level = whole_number(level, "level")
    _check_sort(sort)
    root, ids = _units_below(org, root, level)
    table = org.rollup_table([measure])  # raises MeasureError for an unknown measure

    msg = chart_text(_TEXT, org, lang)
    names = {u: org.name(u, lang=lang) for u in ids}
    ids = _order(ids, lambda u: table.value(u, measure), names.__getitem__, sort)
    values = [table.value(u, measure) for u in ids]
    partial = [table.unknown_count(u, measure) > 0 for u in ids]
    measure_label = (
        msg.get(measure, measure) if measure in ("seats", "budget", "filled") else measure
    )
    title = msg["by_unit"].format(measure=measure_label, root=org.name(root, lang=lang))
    if level > 1:
        title += msg["levels_down"].format(level=level)

    with fonts.cjk_rc([*names.values(), title]) as family:
        fig, ax, own = new_axes(ax, 8.0, _bar_height(len(ids)))
        _unit_bars(ax, ids, [names[u] for u in ids], values, partial)
        ax.set_xlim(0, max([*values, 0]) * 1.18 or 1)
        ax.set_xlabel(measure_label)
        ax.set_title(title)
        if measure in ("seats", "filled"):
            integer_axis(ax.xaxis)
        else:
            from matplotlib.ticker import FuncFormatter

            ax.xaxis.set_major_formatter(FuncFormatter(_tick_text))
        ax.spines[["top", "right"]].set_visible(False)
        if any(partial):
            # Sorted by value, the shortest bars are at the bottom: room for the key.
            _hatched_key(ax, msg["hatched"], by_value=sort == "value")
        return finish(fig, ax, own, family)


def _hatched_key(ax: Axes, label: str, *, by_value: bool) -> None:
    """A legend saying what a hatched bar means (bottom right when the bars are sorted
    by value)."""
    from matplotlib.patches import Patch

    key = Patch(facecolor=UNKNOWN_COLOR, edgecolor=COLOR, hatch=HATCH, label=label)
    ax.legend(
        handles=[key], loc="lower right" if by_value else "best", fontsize="small", frameon=False
    )


def _units_below(org: Org, root: str | None, level: int) -> tuple[str, list[str]]:
    """*root* (the organisation's only root by default) and its units *level* levels
    below it; an error naming the deepest level when there are none."""
    if root is None:
        roots = org.roots()
        if len(roots) != 1:
            raise OrgError(
                f"the organisation has {len(roots)} roots; pass root= one of "
                f"{', '.join(roots[:10])}",
                file=org.file,
                ids=roots,
                choices=roots,
            )
        root = roots[0]
    base = org.depth(root)  # raises UnknownIdError for an unknown root
    below = org.descendants(root)
    ids = [u for u in below if org.depth(u) == base + level]
    if not ids:
        if not below:
            raise OrgError(f"unit {root!r} has no units under it", file=org.file, ids=(root,))
        deepest = max(org.depth(u) for u in below) - base
        raise OrgError(
            f"no units {level} levels below {root!r}; the deepest are {deepest} below",
            file=org.file,
            ids=(root,),
        )
    return root, ids


def _unit_bars(
    ax: Axes, ids: list[str], names: list[str], values: list[Any], partial: list[bool]
) -> None:
    """A bar per unit, first at the top, hatched and labelled ``≥ N`` where some figures
    are unknown; each bar's ``gid`` is its unit id."""
    positions = list(range(len(ids) - 1, -1, -1))  # first bar at the top
    bars = ax.barh(
        positions,
        values,
        color=[UNKNOWN_COLOR if p else COLOR for p in partial],
        edgecolor=COLOR,
        linewidth=0.8,
    )
    for bar, uid, p in zip(bars, ids, partial, strict=True):
        bar.set_gid(uid)
        if p:
            bar.set_hatch(HATCH)
    ax.set_yticks(positions, names)
    labels = [bound_text(v, not p) for v, p in zip(values, partial, strict=True)]
    ax.bar_label(bars, labels=labels, padding=3, fontsize="small")


def budget_by_unit(
    org: Org,
    *,
    level: int = 1,
    root: str | None = None,
    sort: str = "value",
    lang: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """:func:`headcount_by_unit` with ``measure="budget"`` (monthly seats x salary).

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - id: hq
    ...     name: HQ
    ...     units: [{id: a, name: A, staff: [{title: Clerk, seats: 3, salary: 4000}]}]
    ... ''')
    >>> ax = budget_by_unit(org).axes[0]
    >>> [t.get_text() for t in ax.texts]
    ['12,000']
    """
    return headcount_by_unit(
        org, level=level, root=root, measure="budget", sort=sort, lang=lang, ax=ax
    )


def span_of_control(org: Org, *, lang: str | None = None, ax: Axes | None = None) -> Figure:
    """Histogram of span of control: for x = 1, 2, ..., the number of managers with x
    direct reports. A manager is a unit with at least one unit reporting to it.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - id: hq
    ...     name: HQ
    ...     units:
    ...       - {id: a, name: A, units: [{id: a1, name: A1}, {id: a2, name: A2}]}
    ...       - {id: b, name: B, units: [{id: b1, name: B1}]}
    ... ''')
    >>> ax = span_of_control(org, lang="en").axes[0]
    >>> [(int(p.get_x() + p.get_width() / 2), int(p.get_height())) for p in ax.containers[0]]
    [(1, 1), (2, 2)]
    """
    managers = [u for u in org.units() if org.children(u)]
    spans = Counter(len(org.children(u)) for u in managers)
    msg = chart_text(_TEXT, org, lang)
    median = statistics.median(spans.elements()) if managers else 0
    title = msg["span_title"].format(n=len(managers), median=format_number(median))
    with fonts.cjk_rc([title]) as family:
        fig, ax, own = new_axes(ax, 8.0, 4.0)
        if managers:
            xs = list(range(1, max(spans) + 1))
            heights = [spans.get(x, 0) for x in xs]
            bars = ax.bar(xs, heights, width=0.8, color=COLOR)
            ax.bar_label(bars, labels=[str(h) if h else "" for h in heights], padding=2)
            ax.set_xticks(xs)
            ax.set_ylim(0, max(heights) * 1.15)
            integer_axis(ax.yaxis)
        else:
            ax.text(0.5, 0.5, msg["span_none"], ha="center", va="center", transform=ax.transAxes)
        ax.set_xlabel(msg["span_x"])
        ax.set_ylabel(msg["span_y"])
        ax.set_title(title)
        ax.spines[["top", "right"]].set_visible(False)
        return finish(fig, ax, own, family)


def responsibilities_per_unit(
    org: Org,
    *,
    lang: str | None = None,
    top: int | None = None,
    sort: str = "value",
    ax: Axes | None = None,
) -> Figure:
    """Bars of the number of responsibilities each unit owns, for units owning any.

    *top* keeps only the first *top* bars (after sorting by *sort*, one of
    :data:`SORTS`). The title says how many units own none. Each bar's ``gid`` is its
    unit id.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - {id: hq, name: HQ, responsibilities: [plan]}
    ...   - {id: a, name: A, parent: hq, responsibilities: [plan, sell]}
    ...   - {id: b, name: B, parent: hq}
    ... responsibilities: [{id: plan, name: Plan}, {id: sell, name: Sell}]
    ... ''')
    >>> ax = responsibilities_per_unit(org).axes[0]
    >>> [(p.get_gid(), float(p.get_width())) for p in ax.containers[0]]
    [('a', 2.0), ('hq', 1.0)]
    >>> print(ax.get_title())
    Responsibilities per unit
    1 of 3 units own no responsibility
    """
    if top is not None:
        top = whole_number(top, "top")
    _check_sort(sort)
    counts = {u: len(org.responsibilities(u)) for u in org.units()}
    owning = [u for u, n in counts.items() if n]
    msg = chart_text(_TEXT, org, lang)
    names = {u: org.name(u, lang=lang) for u in owning}
    ids = _order(owning, counts.__getitem__, names.__getitem__, sort)
    lines = [msg["resp_title"]]
    if owning:
        lines.append(msg["resp_none"].format(n=len(counts) - len(owning), total=len(counts)))
    if top is not None and top < len(ids):
        lines.append(msg["resp_top"].format(top=top, m=len(ids)))
        ids = ids[:top]
    title = "\n".join(lines)
    with fonts.cjk_rc([*names.values(), title]) as family:
        fig, ax, own = new_axes(ax, 8.0, _bar_height(len(ids)))
        if ids:
            values = [counts[u] for u in ids]
            positions = list(range(len(ids) - 1, -1, -1))
            bars = ax.barh(positions, values, color=COLOR)
            for bar, uid in zip(bars, ids, strict=True):
                bar.set_gid(uid)
            ax.set_yticks(positions, [names[u] for u in ids])
            ax.bar_label(bars, padding=3, fontsize="small")
            ax.set_xlim(0, max(values) * 1.15)
            integer_axis(ax.xaxis)
        else:
            ax.text(0.5, 0.5, msg["resp_empty"], ha="center", va="center", transform=ax.transAxes)
        ax.set_xlabel(msg["resp_x"])
        ax.set_title(title)
        ax.spines[["top", "right"]].set_visible(False)
        return finish(fig, ax, own, family)
