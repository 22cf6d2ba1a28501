"""Charts of the analyses in :mod:`orggraph.analysis`, drawn with matplotlib.

:meth:`orggraph.analysis.Rows.plot` picks the chart for an analysis; each chart is also
a function over an :class:`~orggraph.Org` with keyword-only options:

* :func:`spans_chart`: managers per span-of-control band (OrgVue's 1, 2-3, 4-7, 8-12,
  13-16, 17+), the target band shaded and the bars outside it in another colour;
* :func:`pyramid`: headcount per layer as centred horizontal bars, layer 1 on top;
  a layer with unknown seat counts is hatched and labelled ``≥ N``;
* :func:`responsibility_heatmap`: units x responsibilities, each mark coloured by the
  unit's department; ``only="shared"`` / ``"across"`` and ``top=`` keep big matrices
  readable;
* :func:`collaboration_network`: the collaboration network (spring layout, fixed seed),
  units coloured by department and sized by betweenness, communities shaded.

Each returns the ``Figure`` (a ``ChartFigure`` that notebooks display, see
:mod:`orggraph.renderers.plots`); pass ``ax=`` to draw into your own axes. Names are in
``lang``, chart text in Chinese when ``lang`` is ``zh`` and in English otherwise. Chinese
text uses a CJK font when one is installed (:mod:`orggraph.renderers.fonts`); the global
matplotlib settings are never changed and pyplot is never imported.

>>> import orggraph as og
>>> from orggraph import analysis
>>> org = og.loads('''
... units:
...   - id: hq
...     name: HQ
...     units:
...       - {id: a, name: A, units: [{id: a1, name: A1}, {id: a2, name: A2}]}
...       - {id: b, name: B}
... ''')
>>> fig = analysis.span_bands(org).plot(lang="en")
>>> [int(p.get_height()) for p in fig.axes[0].containers[0]]
[0, 2, 0, 0, 0, 0]
"""

from __future__ import annotations

import inspect
import math
import statistics
import textwrap
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..analysis import (
    BANDS,
    TARGET_BAND,
    Rows,
    _owners,
    _width,
    collaboration,
    collaboration_graph,
    communities_vs_departments,
    department_of,
    departments,
    layers,
    parse_band,
    silos,
)
from ..errors import OrgError
from ..rollup import format_number
from . import fonts
from .plots import COLOR, HATCH, UNKNOWN_COLOR, _chart_figure_class, _integer_axis, _root_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..model import Org

__all__ = [
    "CHARTS",
    "collaboration_network",
    "plot",
    "pyramid",
    "responsibility_heatmap",
    "spans_chart",
]

#: Bars outside the target band, the target band's shading.
OUTSIDE_COLOR = "#DD8452"
TARGET_SHADE = "#DCEFD9"
#: Department colours, in chart order of the departments (then repeated).
PALETTE = (
    "#4C72B0",
    "#DD8452",
    "#55A868",
    "#C44E52",
    "#8172B3",
    "#937860",
    "#DA8BC3",
    "#BCBD22",
    "#FFB000",
    "#64B5CD",
    "#1F3A60",
    "#A0522D",
    "#2E7D32",
    "#7B1FA2",
    "#00838F",
    "#AD1457",
)
#: Cell borders of the responsibility heatmap.
GRID_COLOR = "#E3E3E3"
#: Units above every department.
NO_DEPARTMENT_COLOR = "#B0B0B0"

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "span_title": "Span of control: {n} managers, median {median} direct reports",
        "span_outside": "{k} of {n} outside the target band {band}",
        "span_x": "Direct reports (span of control)",
        "span_y": "Managers (units with direct reports)",
        "span_target": "target band {band}",
        "span_off": "outside the target",
        "span_none": "no unit has direct reports",
        "pyr_title": "Headcount per layer (layer 1 is the top)",
        "pyr_layer": "Layer {layer}",
        "pyr_seats": "{seats} seats",
        "pyr_seat": "{seats} seat",
        "pyr_units": "{units} units",
        "pyr_unit": "{units} unit",
        "pyr_hatched": "hatched: some seat counts unknown (≥ = at least)",
        "heat_title": "Responsibility matrix: {r} responsibilities x {u} units",
        "heat_shared": "Shared responsibilities: {r} responsibilities x {u} units",
        "heat_across": "Responsibilities shared across departments: {r} x {u} units",
        "heat_top": "the {top} with most owners of {m}",
        "heat_hidden": "{n} units owning none of these not shown",
        "heat_owners": "owners",
        "heat_empty": "no responsibility to show",
        "no_dept": "(no department)",
        "net_title": "Collaboration network: {n} units, {m} links, {c} communities (shaded)",
        "net_dotted": "dashed: dotted (matrix) reporting lines",
        "net_silos": "no collaboration outside the department: {names}",
        "net_size": "node size: betweenness (brokers are big)",
        "net_empty": "no collaboration links",
        "sep": ", ",
    },
    "zh": {
        "span_title": "管理幅度：{n} 个管理单位，直接下属中位数 {median}",
        "span_outside": "{n} 个中有 {k} 个在目标区间 {band} 之外",
        "span_x": "直接下属单位数（管理幅度）",
        "span_y": "管理单位数",
        "span_target": "目标区间 {band}",
        "span_off": "目标区间之外",
        "span_none": "没有单位有直接下属",
        "pyr_title": "各层级编制人数（第 1 层为最高层）",
        "pyr_layer": "第 {layer} 层",
        "pyr_seats": "{seats} 人",
        "pyr_seat": "{seats} 人",
        "pyr_units": "{units} 个单位",
        "pyr_unit": "{units} 个单位",
        "pyr_hatched": "斜线：部分编制人数未知（≥ 表示至少）",
        "heat_title": "职责矩阵：{r} 项职责 × {u} 个单位",
        "heat_shared": "共同承担的职责：{r} 项职责 × {u} 个单位",
        "heat_across": "跨部门共同承担的职责：{r} 项 × {u} 个单位",
        "heat_top": "承担单位最多的 {top} 项（共 {m} 项）",
        "heat_hidden": "未显示不承担这些职责的 {n} 个单位",
        "heat_owners": "承担单位数",
        "heat_empty": "没有可显示的职责",
        "no_dept": "（不属于任何部门）",
        "net_title": "协作网络：{n} 个单位，{m} 条协作关系，{c} 个社群（阴影）",
        "net_dotted": "虚线：虚线汇报关系",
        "net_silos": "与部门外没有协作：{names}",
        "net_size": "圆点大小：中介中心性（越大越是桥梁）",
        "net_empty": "没有协作关系",
        "sep": "、",
    },
}


def _messages(org: Org, lang: str | None) -> dict[str, str]:
    code = lang or (org.lang[0] if org.lang else "en")
    return _TEXT.get(code.split("-")[0].split("_")[0].lower(), _TEXT["en"])


def _new_axes(ax: Axes | None, width: float, height: float) -> tuple[Figure, Axes, bool]:
    """*ax* and its figure, or a fresh ``ChartFigure`` (no pyplot) and axes."""
    if ax is not None:
        return _root_figure(ax), ax, False
    fig = _chart_figure_class()(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot(), True


def _finish(fig: Figure, ax: Axes, own: bool, family: list[str]) -> Figure:
    fonts.apply_family(fig if own else ax, family)
    return fig


def _whole(value: object, what: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise OrgError(f"{what} must be a whole number >= {minimum}, not {value!r}")
    return value


def _shorten(s: str, limit: int) -> str:
    """*s* cut to *limit* display columns (CJK counts 2) with an ellipsis."""
    if _width(s) <= limit:
        return s
    out = ""
    for ch in s:
        if _width(out + ch) > limit - 1:
            break
        out += ch
    return out.rstrip(" ,;:(（") + "…"


def _wrap(s: str, width: int) -> str:
    """Wrap *s* for a node label: at spaces for Latin text, every *width* // 2 for CJK."""
    if fonts.has_cjk(s) and " " not in s:
        step = max(1, width // 2)
        return "\n".join(s[i : i + step] for i in range(0, len(s), step))
    return textwrap.fill(s, width=width, break_long_words=False) or s


def _colours(org: Org, level: str | int | None) -> tuple[dict[str, str | None], dict[str, str]]:
    """Each unit's department and each department's colour."""
    dept = department_of(org, level=level)
    colour = {d: PALETTE[i % len(PALETTE)] for i, d in enumerate(departments(org, level=level))}
    return dept, colour


def _unit_colour(uid: str, dept: dict[str, str | None], colour: dict[str, str]) -> str:
    d = dept[uid]
    return NO_DEPARTMENT_COLOR if d is None else colour[d]


# -- spans -----------------------------------------------------------------------------------


def spans_chart(
    org: Org,
    *,
    band: str | tuple[int, int | None] = TARGET_BAND,
    bins: str = "auto",
    lang: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Managers per span-of-control band, with the target *band* shaded.

    *bins* is ``"bands"`` (one bar per OrgVue band), ``"spans"`` (one bar per number of
    direct reports) or ``"auto"``: bands when the target is made of whole bands, else
    spans. Bars inside the target are blue, those outside orange; each bar's ``gid`` is
    its band label (or span).

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - {id: hq, name: HQ, units: [{id: a, name: A, units: [{id: a1, name: A1}]}, {id: b, name: B}]}
    ... ''')
    >>> ax = spans_chart(org, band="2-3").axes[0]
    >>> [(p.get_gid(), int(p.get_height())) for p in ax.containers[0]][:3]
    [('1', 1), ('2-3', 1), ('4-7', 0)]
    >>> [p.get_gid() for p in spans_chart(org, band=(2, 5)).axes[0].containers[0]]
    ['1', '2', '3', '4', '5']
    >>> spans_chart(org, bins="deciles")
    Traceback (most recent call last):
    ...
    orggraph.errors.OrgError: unknown bins 'deciles'; choose one of auto, bands, spans
    """
    label, lo, hi = parse_band(band)
    if bins not in ("auto", "bands", "spans"):
        raise OrgError(
            f"unknown bins {bins!r}; choose one of auto, bands, spans",
            choices=("auto", "bands", "spans"),
        )
    lows = [b[1] for b in BANDS]
    highs = [b[2] for b in BANDS]
    aligned = lo in lows and hi in highs
    if bins == "auto":
        bins = "bands" if aligned else "spans"
    elif bins == "bands" and not aligned:
        raise OrgError(
            f"the target {label} does not line up with the bands "
            f"({', '.join(b[0] for b in BANDS)}); use bins='spans'",
            choices=[b[0] for b in BANDS],
        )
    counts = [len(org.children(u)) for u in org.units() if org.children(u)]
    msg = _messages(org, lang)
    inside = [lo <= s and (hi is None or s <= hi) for s in counts]
    median = statistics.median(counts) if counts else 0
    title = msg["span_title"].format(n=len(counts), median=format_number(median))
    if counts:
        title += "\n" + msg["span_outside"].format(k=inside.count(False), n=len(counts), band=label)

    if bins == "bands":
        keys = [b[0] for b in BANDS]
        heights = [sum(1 for s in counts if _in(s, b[1], b[2])) for b in BANDS]
        target = [lo <= b[1] and (hi is None or (b[2] is not None and b[2] <= hi)) for b in BANDS]
    else:
        top = max([*counts, lo, hi or lo, 1])
        keys = [str(s) for s in range(1, top + 1)]
        heights = [counts.count(s) for s in range(1, top + 1)]
        target = [_in(s, lo, hi) for s in range(1, top + 1)]

    from matplotlib.patches import Patch

    with fonts.cjk_rc([title]) as family:
        fig, ax, own = _new_axes(ax, 8.0, 4.4)
        xs = list(range(len(keys)))
        first = target.index(True) if any(target) else None
        if first is not None:
            last = len(target) - 1 - target[::-1].index(True)
            ax.axvspan(first - 0.5, last + 0.5, color=TARGET_SHADE, zorder=0, lw=0)
        bars = ax.bar(
            xs,
            heights,
            width=0.7,
            color=[COLOR if t else OUTSIDE_COLOR for t in target],
            zorder=2,
        )
        for bar, key in zip(bars, keys, strict=True):
            bar.set_gid(key)
        ax.bar_label(bars, labels=[str(h) if h else "" for h in heights], padding=2)
        ax.set_xticks(xs, keys)
        ax.set_xlim(-0.6, len(keys) - 0.4)
        ax.set_ylim(0, max([*heights, 1]) * 1.18)
        _integer_axis(ax.yaxis)
        ax.set_xlabel(msg["span_x"])
        ax.set_ylabel(msg["span_y"])
        ax.set_title(title)
        ax.spines[["top", "right"]].set_visible(False)
        if counts:
            handles = [
                Patch(
                    facecolor=TARGET_SHADE,
                    edgecolor="#9CC79A",
                    label=msg["span_target"].format(band=label),
                ),
                Patch(facecolor=OUTSIDE_COLOR, label=msg["span_off"]),
            ]
            ax.legend(
                handles=handles,
                loc="upper right",
                fontsize="small",
                frameon=True,
                facecolor="white",
                edgecolor="#CCCCCC",
                framealpha=1.0,
            )
        else:
            ax.text(0.5, 0.5, msg["span_none"], ha="center", va="center", transform=ax.transAxes)
        return _finish(fig, ax, own, family)


def _in(span: int, lo: int, hi: int | None) -> bool:
    return span >= lo and (hi is None or span <= hi)


# -- the pyramid -------------------------------------------------------------------------------


def pyramid(org: Org, *, lang: str | None = None, ax: Axes | None = None) -> Figure:
    """Headcount per layer as centred horizontal bars, layer 1 on top.

    Each bar is the known planned seats of the layer's units (see
    :func:`orggraph.analysis.layers`); a layer where some units miss a seat count is
    hatched and labelled ``≥ N``. Each bar's ``gid`` is ``"layer-<n>"``.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - id: hq
    ...     name: HQ
    ...     head: {title: Boss}
    ...     units: [{id: a, name: A, staff: [{title: Clerk, seats: 4}]}, {id: b, name: B, staff: [{title: Clerk, seats: null}]}]
    ... ''')
    >>> ax = pyramid(org, lang="en").axes[0]
    >>> [(p.get_gid(), float(p.get_width()), p.get_hatch()) for p in ax.containers[0]]
    [('layer-1', 1.0, None), ('layer-2', 4.0, '//')]
    >>> [t.get_text() for t in ax.texts]
    ['1 seat · 1 unit', '≥ 4 seats · 2 units']
    """
    rows = layers(org)
    msg = _messages(org, lang)
    widths = [float(r["headcount"]) for r in rows]
    partial = [r["headcount_unknown"] > 0 for r in rows]
    labels = []
    for r, p in zip(rows, partial, strict=True):
        seats = ("≥ " if p else "") + format_number(r["headcount"])
        seat_key = "pyr_seat" if r["headcount"] == 1 and not p else "pyr_seats"
        unit_key = "pyr_unit" if r["units"] == 1 else "pyr_units"
        labels.append(
            msg[seat_key].format(seats=seats) + " · " + msg[unit_key].format(units=r["units"])
        )
    ticks = [msg["pyr_layer"].format(layer=r["layer"]) for r in rows]

    from matplotlib.patches import Patch

    with fonts.cjk_rc([*labels, *ticks, msg["pyr_title"]]) as family:
        fig, ax, own = _new_axes(ax, 8.0, max(3.0, 1.5 + 0.55 * len(rows)))
        widest = max([*widths, 1.0])
        positions = list(range(len(rows) - 1, -1, -1))  # layer 1 at the top
        bars = ax.barh(
            positions,
            widths,
            left=[-w / 2 for w in widths],
            height=0.8,
            color=[UNKNOWN_COLOR if p else COLOR for p in partial],
            edgecolor=COLOR,
            linewidth=0.8,
        )
        for bar, r, p in zip(bars, rows, partial, strict=True):
            bar.set_gid(f"layer-{r['layer']}")
            if p:
                bar.set_hatch(HATCH)
        for y, text in zip(positions, labels, strict=True):
            ax.text(widest * 0.56, y, text, va="center", ha="left", fontsize="small")
        ax.set_yticks(positions, ticks)
        ax.set_xlim(-widest * 0.55, widest * 1.2)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.set_xticks([])
        ax.set_title(msg["pyr_title"])
        ax.spines[["top", "right", "bottom"]].set_visible(False)
        if any(partial):
            hatched = Patch(
                facecolor=UNKNOWN_COLOR, edgecolor=COLOR, hatch=HATCH, label=msg["pyr_hatched"]
            )
            ax.legend(
                handles=[hatched],
                loc="upper center",
                bbox_to_anchor=(0.5, 0.0),
                fontsize="small",
                frameon=False,
            )
        return _finish(fig, ax, own, family)


# -- the responsibility matrix -------------------------------------------------------------------

ONLY = ("shared", "across")


def responsibility_heatmap(
    org: Org,
    *,
    only: str | None = None,
    top: int | None = None,
    empty: bool = False,
    level: str | int | None = None,
    lang: str | None = None,
    label_chars: int = 42,
    ax: Axes | None = None,
) -> Figure:
    """Units (columns, chart order) x responsibilities (rows): a mark where a unit owns
    a responsibility, coloured by the unit's department (see
    :func:`orggraph.analysis.department_of` for *level*).

    Rows are ordered by their first owner in chart order, so each department's duties
    form a block; the right margin gives each row's number of owners. For big matrices:
    ``only="shared"`` keeps responsibilities with two or more owners, ``only="across"``
    those shared across departments, ``top=N`` the N with most owners. Units owning none
    of the rows shown are left out (the title says how many), as are responsibilities
    nobody owns, unless ``empty=True``. Names are cut to *label_chars* columns.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - {id: a, name: A, responsibilities: [plan, sell]}
    ...   - {id: b, name: B, parent: a, responsibilities: [sell]}
    ...   - {id: c, name: C, parent: a}
    ... responsibilities: [{id: plan, name: Plan}, {id: sell, name: Sell}, {id: audit, name: Audit}]
    ... ''')
    >>> ax = responsibility_heatmap(org, lang="en").axes[0]
    >>> [t.get_text() for t in ax.get_yticklabels()], [t.get_text() for t in ax.get_xticklabels()]
    (['Plan', 'Sell'], ['A', 'B'])
    >>> ax = responsibility_heatmap(org, only="shared").axes[0]
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Sell']
    >>> ax = responsibility_heatmap(org, empty=True).axes[0]
    >>> [t.get_text() for t in ax.get_yticklabels()], len(ax.get_xticklabels())
    (['Plan', 'Sell', 'Audit'], 3)
    """
    if only is not None and only not in ONLY:
        raise OrgError(
            f"unknown only={only!r}; choose one of {', '.join(ONLY)} (or None for all)",
            choices=ONLY,
        )
    if top is not None:
        top = _whole(top, "top")
    label_chars = _whole(label_chars, "label_chars", 4)
    if not isinstance(empty, bool):
        raise OrgError(f"empty must be True or False, not {empty!r}", choices=("True", "False"))
    dept, colour = _colours(org, level)
    owners = _owners(org)
    order = {u: i for i, u in enumerate(org.units())}
    rids = list(owners)
    if only is not None:
        rids = [r for r in rids if len(owners[r]) >= 2]
        if only == "across":
            rids = [r for r in rids if len({dept[u] for u in owners[r]} - {None}) >= 2]
    if not empty:
        rids = [r for r in rids if owners[r]]
    total = len(rids)
    if top is not None and top < len(rids):
        rids = sorted(rids, key=lambda r: -len(owners[r]))[:top]  # stable: declaration order
    first = {r: min((order[u] for u in owners[r]), default=len(order)) for r in rids}
    decl = {r: i for i, r in enumerate(owners)}
    rids.sort(key=lambda r: (first[r], decl[r]))
    shown = {u for r in rids for u in owners[r]}
    units = org.units() if empty else [u for u in org.units() if u in shown]
    hidden = len(order) - len(units)

    msg = _messages(org, lang)
    key = {None: "heat_title", "shared": "heat_shared", "across": "heat_across"}[only]
    lines = [msg[key].format(r=len(rids), u=len(units))]
    notes = []
    if top is not None and top < total:
        notes.append(msg["heat_top"].format(top=top, m=total))
    if hidden:
        notes.append(msg["heat_hidden"].format(n=hidden))
    if notes:
        lines.append("; ".join(notes))
    title = "\n".join(lines)
    row_labels = [_shorten(org.name(r, lang=lang), label_chars) for r in rids]
    col_labels = [_shorten(org.name(u, lang=lang), 34) for u in units]
    used = [d for d in departments(org, level=level) if any(dept[u] == d for u in units)]
    legend_names = [org.name(d, lang=lang) for d in used]

    import numpy as np
    from matplotlib.colors import to_rgb
    from matplotlib.patches import Patch

    texts = [*row_labels, *col_labels, *legend_names, title, msg["no_dept"]]
    with fonts.cjk_rc(texts) as family:
        label_w = min(label_chars, max([len(s) for s in row_labels] or [8])) * 0.075
        width = min(60.0, max(7.0, 1.2 + label_w + 0.27 * len(units) + 2.2))
        height = min(80.0, max(4.0, 2.8 + 0.22 * len(rids)))
        fig, ax, own = _new_axes(ax, width, height)
        if not rids or not units:
            ax.text(0.5, 0.5, msg["heat_empty"], ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            ax.set_title(title)
            return _finish(fig, ax, own, family)
        grid = np.ones((len(rids), len(units), 3))
        column = {u: j for j, u in enumerate(units)}
        for i, r in enumerate(rids):
            for u in owners[r]:
                if u in column:
                    grid[i, column[u]] = to_rgb(_unit_colour(u, dept, colour))
        ax.imshow(grid, aspect="auto", interpolation="nearest")
        ax.set_yticks(range(len(rids)), row_labels, fontsize="small")
        ax.set_xticks(range(len(units)), col_labels, rotation=90, fontsize="small")
        # Cell borders as two line collections (minor ticks would cost a Tick each).
        ax.vlines(
            [x - 0.5 for x in range(1, len(units))],
            -0.5,
            len(rids) - 0.5,
            colors=GRID_COLOR,
            linewidth=0.6,
        )
        ax.hlines(
            [y - 0.5 for y in range(1, len(rids))],
            -0.5,
            len(units) - 0.5,
            colors=GRID_COLOR,
            linewidth=0.6,
        )
        ax.tick_params(which="major", length=0)
        # A darker line where the department changes from one column to the next.
        for j in range(1, len(units)):
            if dept[units[j]] != dept[units[j - 1]]:
                ax.axvline(j - 0.5, color="#888888", linewidth=0.9)
        for i, r in enumerate(rids):
            shared = len(owners[r]) >= 2
            ax.text(
                len(units) - 0.5 + 0.25,
                i,
                str(len(owners[r])),
                va="center",
                ha="left",
                fontsize="x-small",
                color="#000000" if shared else "#777777",
                fontweight="bold" if shared else "normal",
                clip_on=False,
            )
        ax.text(  # below the counts, clear of the title
            len(units) - 0.5 + 0.25,
            len(rids) - 0.5 + 0.3,
            msg["heat_owners"],
            va="top",
            ha="left",
            fontsize="x-small",
            color="#555555",
            clip_on=False,
        )
        ax.set_title(title)
        for side in ("top", "right", "bottom", "left"):
            ax.spines[side].set_color("#888888")
        handles = [
            Patch(facecolor=colour[d], label=n) for d, n in zip(used, legend_names, strict=True)
        ]
        if any(dept[u] is None for u in units):
            handles.append(Patch(facecolor=NO_DEPARTMENT_COLOR, label=msg["no_dept"]))
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.0 + 0.9 / max(width, 1.0), 1.0),
            fontsize="small",
            frameon=False,
        )
        return _finish(fig, ax, own, family)


# -- the collaboration network -------------------------------------------------------------------


def _hull(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull of *points* (Andrew's monotone chain), counter-clockwise."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _layout(graph: Any, seed: int) -> dict[str, tuple[float, float]]:
    """Node positions: each connected component laid out on its own (spring layout,
    fixed *seed*), scaled to its size, and the components set side by side, largest
    first, so that no component is crushed by the distance between components."""
    import networkx as nx

    out: dict[str, tuple[float, float]] = {}
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(map(str, c))))
    x0 = 0.0
    for part in parts:
        sub = graph.subgraph(part)
        n = len(part)
        size = 1.8 * math.sqrt(n) if n > 1 else 0.0
        if n == 1:
            pos = {next(iter(part)): (0.0, 0.0)}
        else:
            raw = nx.spring_layout(sub, seed=seed, weight="weight", iterations=500)
            pos = {u: (float(p[0]), float(p[1])) for u, p in raw.items()}
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        extent = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
        for u, (x, y) in pos.items():
            out[u] = (
                x0 + (x - min(xs)) / extent * size,
                (y - (min(ys) + max(ys)) / 2) / extent * size,
            )
        x0 += (max(xs) - min(xs)) / extent * size + 1.6
    return out


def collaboration_network(
    org: Org,
    *,
    dotted: bool = False,
    level: str | int | None = None,
    seed: int = 0,
    lang: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """The collaboration network: units coloured by department, sized by betweenness.

    The layout is networkx's spring layout with the fixed *seed* (so the picture is
    reproducible); each Louvain community (:func:`orggraph.analysis.collaboration`) is
    shaded. With ``dotted=True`` dotted reporting lines are drawn too, dashed. The title
    names the departments with no collaboration outside themselves
    (:func:`orggraph.analysis.silos`). Each node's label has the unit id as ``gid``.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - {id: hq, name: HQ, units: [{id: a, name: A}, {id: b, name: B}, {id: c, name: C}]}
    ... links: [{kind: collaboration, from: a, to: b}]
    ... ''')
    >>> ax = collaboration_network(org, lang="en").axes[0]
    >>> sorted(t.get_gid() for t in ax.texts if t.get_gid())
    ['a', 'b']
    >>> print(ax.get_title())
    Collaboration network: 2 units, 1 links, 1 communities (shaded)
    no collaboration outside the department: C
    """
    rows = collaboration(org, dotted=dotted, level=level, seed=seed, lang=lang)
    groups = communities_vs_departments(org, dotted=dotted, level=level, seed=seed, lang=lang)
    isolated = silos(org, level=level, dotted=dotted, lang=lang)
    graph = collaboration_graph(org, dotted=dotted)
    dept, colour = _colours(org, level)
    msg = _messages(org, lang)
    title = msg["net_title"].format(n=len(graph), m=graph.number_of_edges(), c=len(groups))
    if isolated:
        title += "\n" + msg["net_silos"].format(names=msg["sep"].join(r["name"] for r in isolated))
    names = {r["unit"]: r["name"] for r in rows}
    between = {r["unit"]: r["betweenness"] for r in rows}
    used = [d for d in departments(org, level=level) if any(dept[u] == d for u in graph)]
    legend_names = [org.name(d, lang=lang) for d in used]

    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Polygon

    texts = [title, *names.values(), *legend_names, msg["no_dept"], msg["net_size"]]
    with fonts.cjk_rc(texts) as family:
        n = len(graph)
        xy = _layout(graph, seed) if n else {}
        wide = max([p[0] for p in xy.values()] or [1.0]) - min([p[0] for p in xy.values()] or [0.0])
        tall = max([p[1] for p in xy.values()] or [1.0]) - min([p[1] for p in xy.values()] or [0.0])
        scale = min(1.5, 12.0 / max(wide, tall, 1.0))
        fig, ax, own = _new_axes(ax, max(7.0, wide * scale + 2.0), max(5.0, tall * scale + 3.0))
        ax.set_title(title)
        ax.set_axis_off()
        if n == 0:
            ax.text(0.5, 0.5, msg["net_empty"], ha="center", va="center", transform=ax.transAxes)
            return _finish(fig, ax, own, family)
        xs = [p[0] for p in xy.values()]
        ys = [p[1] for p in xy.values()]
        radius = 0.35
        # Communities: a shaded hull round each one's nodes.
        for row in groups:
            ring = [
                (x + radius * math.cos(t * math.pi / 8), y + radius * math.sin(t * math.pi / 8))
                for u in row["units"]
                for x, y in [xy[u]]
                for t in range(16)
            ]
            hull = _hull(ring)
            ax.add_patch(
                Polygon(
                    hull,
                    closed=True,
                    facecolor="#EDEDED",
                    edgecolor="#C8C8C8",
                    linewidth=0.8,
                    linestyle="--",
                    zorder=0,
                )
            )
        solid, dashed, solid_w, dashed_w = [], [], [], []
        for u, v, data in graph.edges(data=True):
            seg = [xy[u], xy[v]]
            w = 1.0 + 1.2 * (data["weight"] - 1)
            if "collaboration" in data["kinds"]:
                solid.append(seg)
                solid_w.append(w)
            else:
                dashed.append(seg)
                dashed_w.append(w)
        ax.add_collection(LineCollection(solid, colors="#777777", linewidths=solid_w, zorder=1))
        if dashed:
            ax.add_collection(
                LineCollection(
                    dashed, colors="#777777", linewidths=dashed_w, linestyles="--", zorder=1
                )
            )
        nodes = list(graph)
        ax.scatter(
            [xy[u][0] for u in nodes],
            [xy[u][1] for u in nodes],
            s=[220 + 1800 * between[u] for u in nodes],
            c=[_unit_colour(u, dept, colour) for u in nodes],
            edgecolors="white",
            linewidths=1.2,
            zorder=2,
        )
        for u in nodes:
            x, y = xy[u]
            label = ax.annotate(
                _wrap(names[u], 18),
                (x, y),
                xytext=(0, -12 - 14 * between[u]),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize="small",
                zorder=3,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
            )
            label.set_gid(u)
        pad = radius * 1.6
        ax.set_xlim(min(xs) - pad, max(xs) + pad)
        ax.set_ylim(min(ys) - pad * 1.5, max(ys) + pad)
        ax.set_aspect("equal", adjustable="box")
        handles: list[Any] = [
            Patch(facecolor=colour[d], label=name)
            for d, name in zip(used, legend_names, strict=True)
        ]
        if any(dept[u] is None for u in graph):
            handles.append(Patch(facecolor=NO_DEPARTMENT_COLOR, label=msg["no_dept"]))
        if dashed:
            handles.append(Line2D([], [], color="#777777", linestyle="--", label=msg["net_dotted"]))
        handles.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker="o",
                markersize=9,
                markerfacecolor="white",
                markeredgecolor="#777777",
                label=msg["net_size"],
            )
        )
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            ncols=min(3, len(handles)),
            fontsize="small",
            frameon=False,
        )
        return _finish(fig, ax, own, family)


# -- Rows.plot --------------------------------------------------------------------------------------

#: The chart of each analysis (``Rows.kind``).
CHARTS: dict[str, Callable[..., Figure]] = {
    "spans": spans_chart,
    "span_bands": spans_chart,
    "outside_band": spans_chart,
    "layers": pyramid,
    "responsibility_matrix": responsibility_heatmap,
    "shared_responsibilities": responsibility_heatmap,
    "unowned_responsibilities": responsibility_heatmap,
    "units_without_responsibilities": responsibility_heatmap,
    "collaboration": collaboration_network,
    "communities_vs_departments": collaboration_network,
    "silos": collaboration_network,
}


def plot(rows: Rows, **options: Any) -> Figure:
    """Draw the chart of the analysis that made *rows* (see :data:`CHARTS`).

    The options the analysis ran with (``lang``, ``band``, ``dotted``, ``level``, ...)
    are used unless *options* override them. Raises :class:`orggraph.OrgError` for rows
    not made by an analysis and for options the chart does not take (listing those it
    takes).

    >>> import orggraph as og
    >>> from orggraph import analysis
    >>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]")
    >>> analysis.spans(org).plot(colour="red")
    Traceback (most recent call last):
    ...
    orggraph.errors.OrgError: spans_chart takes no option 'colour'; it takes band, bins, lang, ax
    """
    chart = CHARTS.get(rows.kind)
    if chart is None or rows.org is None:
        raise OrgError(
            f"no chart for rows of kind {rows.kind!r}; charts exist for the results of "
            f"{', '.join(CHARTS)}",
            choices=tuple(CHARTS),
        )
    accepted = [
        name
        for name, p in inspect.signature(chart).parameters.items()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    merged = {k: v for k, v in rows.options.items() if k in accepted}
    if rows.kind == "shared_responsibilities":
        merged["only"] = "across" if rows.options.get("across") else "shared"
    elif rows.kind in ("unowned_responsibilities", "units_without_responsibilities"):
        merged["empty"] = True
    for key, value in options.items():
        if key not in accepted:
            raise OrgError(
                f"{chart.__name__} takes no option {key!r}; it takes {', '.join(accepted)}",
                choices=accepted,
            )
        merged[key] = value
    return chart(rows.org, **merged)
