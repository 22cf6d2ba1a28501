"""Plots of spans of control and layers."""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

from orggraph.core.rollup import bound_text, format_number
from orggraph.errors import OrgError
from orggraph.ops.analysis.structure import (
    BANDS,
    TARGET_BAND,
    layers,
    parse_band,
)
from orggraph.render import fonts
from orggraph.render.analysis_plots.common import (
    OUTSIDE_COLOR,
    TARGET_SHADE,
    messages,
    within_band,
)
from orggraph.render.plots import COLOR, HATCH, UNKNOWN_COLOR, finish, integer_axis, new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from orggraph.core.org import Org

__all__ = ["pyramid", "pyramid_figure", "span_figure", "spans_chart"]


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
    counts = [len(org.children(u)) for u in org.units() if org.children(u)]
    return span_figure(counts, messages(org, lang), band=band, bins=bins, ax=ax)


def span_figure(
    counts: list[int],
    msg: dict[str, str],
    *,
    people: bool = False,
    band: str | tuple[int, int | None] = TARGET_BAND,
    bins: str = "auto",
    ax: Axes | None = None,
) -> Figure:
    """The span chart of the managers' spans *counts* (texts *msg*; by *people* or
    units), shared by :func:`spans_chart` and the chart of spans by people."""
    label, lo, hi = parse_band(band)
    bins = _bins(bins, label, lo, hi)
    key = "p" if people else ""
    inside = [lo <= s and (hi is None or s <= hi) for s in counts]
    median = statistics.median(counts) if counts else 0
    title = msg[key + "span_title"].format(n=len(counts), median=format_number(median))
    if counts:
        title += "\n" + msg["span_outside"].format(k=inside.count(False), n=len(counts), band=label)
    keys, heights, target = _span_bars(counts, bins, lo, hi)

    with fonts.cjk_rc([title]) as family:
        fig, ax, own = new_axes(ax, 8.0, 4.4)
        _draw_span_bars(ax, keys, heights, target)
        ax.set_xlim(-0.6, len(keys) - 0.4)
        ax.set_ylim(0, max([*heights, 1]) * 1.18)
        integer_axis(ax.yaxis)
        ax.set_xlabel(msg[key + "span_x"])
        ax.set_ylabel(msg[key + "span_y"])
        ax.set_title(title)
        ax.spines[["top", "right"]].set_visible(False)
        if counts:
            _span_legend(ax, msg["span_target"].format(band=label), msg["span_off"])
        else:
            ax.text(
                0.5, 0.5, msg[key + "span_none"], ha="center", va="center", transform=ax.transAxes
            )
        return finish(fig, ax, own, family)


def _bins(bins: str, label: str, lo: int, hi: int | None) -> str:
    """``"bands"`` or ``"spans"`` for *bins* and the target band *label* (*lo*-*hi*)."""
    if bins not in ("auto", "bands", "spans"):
        raise OrgError(
            f"unknown bins {bins!r}; choose one of auto, bands, spans",
            choices=("auto", "bands", "spans"),
        )
    lows = [b[1] for b in BANDS]
    highs = [b[2] for b in BANDS]
    aligned = lo in lows and hi in highs
    if bins == "auto":
        return "bands" if aligned else "spans"
    if bins == "bands" and not aligned:
        raise OrgError(
            f"the target {label} does not line up with the bands "
            f"({', '.join(b[0] for b in BANDS)}); use bins='spans'",
            choices=[b[0] for b in BANDS],
        )
    return bins


def _span_bars(
    counts: list[int], bins: str, lo: int, hi: int | None
) -> tuple[list[str], list[int], list[bool]]:
    """Each bar's label, its number of managers and whether it is inside the target."""
    if bins == "bands":
        keys = [b[0] for b in BANDS]
        heights = [sum(1 for s in counts if within_band(s, b[1], b[2])) for b in BANDS]
        target = [lo <= b[1] and (hi is None or (b[2] is not None and b[2] <= hi)) for b in BANDS]
        return keys, heights, target
    top = max([*counts, lo, hi or lo, 1])
    keys = [str(s) for s in range(1, top + 1)]
    heights = [counts.count(s) for s in range(1, top + 1)]
    target = [within_band(s, lo, hi) for s in range(1, top + 1)]
    return keys, heights, target


def _draw_span_bars(ax: Axes, keys: list[str], heights: list[int], target: list[bool]) -> None:
    """The target shaded, then the bars (``gid``: their label), counted on top."""
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


def _span_legend(ax: Axes, target: str, outside: str) -> None:
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=TARGET_SHADE, edgecolor="#9CC79A", label=target),
        Patch(facecolor=OUTSIDE_COLOR, label=outside),
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


# -- the pyramid -------------------------------------------------------------------------------


def pyramid(org: Org, *, lang: str | None = None, ax: Axes | None = None) -> Figure:
    """Headcount per layer as centred horizontal bars, layer 1 on top.

    Each bar is the known planned seats of the layer's units (see
    :func:`orggraph.ops.analysis.structure.layers`); a layer where some units miss a seat count is
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
    rows = layers(org, by="units")
    msg = messages(org, lang)
    widths = [float(r["headcount"]) for r in rows]
    partial = [r["headcount_unknown"] > 0 for r in rows]
    labels = []
    for r, p in zip(rows, partial, strict=True):
        seats = bound_text(r["headcount"], not p)
        seat_key = "pyr_seat" if r["headcount"] == 1 and not p else "pyr_seats"
        unit_key = "pyr_unit" if r["units"] == 1 else "pyr_units"
        labels.append(
            msg[seat_key].format(seats=seats) + " · " + msg[unit_key].format(units=r["units"])
        )
    ticks = [msg["pyr_layer"].format(layer=r["layer"]) for r in rows]

    return pyramid_figure(
        [r["layer"] for r in rows],
        widths,
        partial,
        labels,
        ticks,
        title=msg["pyr_title"],
        hatched=msg["pyr_hatched"],
        ax=ax,
    )


def pyramid_figure(
    numbers: list[int],
    widths: list[float],
    partial: list[bool],
    labels: list[str],
    ticks: list[str],
    *,
    title: str,
    hatched: str,
    ax: Axes | None = None,
) -> Figure:
    """Centred horizontal bars of *widths*, the first on top, labelled *labels* and
    ticked *ticks*; *partial* bars hatched (legend *hatched*). Each bar's ``gid`` is
    ``"layer-<n>"``, *n* from *numbers*."""
    from matplotlib.patches import Patch

    with fonts.cjk_rc([*labels, *ticks, title]) as family:
        fig, ax, own = new_axes(ax, 8.0, max(3.0, 1.5 + 0.55 * len(widths)))
        widest = max([*widths, 1.0])
        positions = list(range(len(widths) - 1, -1, -1))  # layer 1 at the top
        bars = ax.barh(
            positions,
            widths,
            left=[-w / 2 for w in widths],
            height=0.8,
            color=[UNKNOWN_COLOR if p else COLOR for p in partial],
            edgecolor=COLOR,
            linewidth=0.8,
        )
        for n, bar, p in zip(numbers, bars, partial, strict=True):
            bar.set_gid(f"layer-{n}")
            if p:
                bar.set_hatch(HATCH)
        for y, text in zip(positions, labels, strict=True):
            ax.text(widest * 0.56, y, text, va="center", ha="left", fontsize="small")
        ax.set_yticks(positions, ticks)
        ax.set_xlim(-widest * 0.55, widest * 1.2)
        ax.set_ylim(-0.6, len(widths) - 0.4)
        ax.set_xticks([])
        ax.set_title(title)
        ax.spines[["top", "right", "bottom"]].set_visible(False)
        if any(partial):
            patch = Patch(facecolor=UNKNOWN_COLOR, edgecolor=COLOR, hatch=HATCH, label=hatched)
            ax.legend(
                handles=[patch],
                loc="upper center",
                bbox_to_anchor=(0.5, 0.0),
                fontsize="small",
                frameon=False,
            )
        return finish(fig, ax, own, family)
