"""Plots of the people view: spans of control and layers by people, vacancies per unit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from orggraph.core.rollup import bound_text
from orggraph.ops.analysis.bands import TARGET_BAND
from orggraph.ops.analysis.people import people_layers, people_spans
from orggraph.ops.analysis.vacancies import vacancies, vacancy_rate
from orggraph.render import fonts
from orggraph.render.analysis_plots.common import messages, shorten
from orggraph.render.analysis_plots.structure import pyramid_figure, span_figure
from orggraph.render.plots import (
    COLOR,
    HATCH,
    UNKNOWN_COLOR,
    finish,
    integer_axis,
    new_axes,
    whole_number,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from orggraph.core.org import Org

__all__ = ["people_pyramid", "people_spans_chart", "percent", "vacancies_chart"]

#: How many units the vacancy chart shows by default.
TOP_UNITS = 15


def percent(rate: float | None) -> str:
    """A rate as a percentage with at most one decimal; ``"—"`` when unknown.

    >>> percent(0.25), percent(1 / 15), percent(None)
    ('25%', '6.7%', '—')
    """
    if rate is None:
        return "—"
    return f"{rate * 100:.1f}".rstrip("0").rstrip(".") + "%"


def people_spans_chart(
    org: Org,
    *,
    band: str | tuple[int, int | None] = TARGET_BAND,
    bins: str = "auto",
    lang: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Managers per span band, spans counted by people (see
    :func:`orggraph.ops.analysis.people.people_spans`); otherwise as
    :func:`~orggraph.render.analysis_plots.structure.spans_chart`.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... people: [{id: p1, name: Ann}]
    ... units: [{id: a, name: A, head: {title: Boss, holders: [p1]}, staff: [{title: Clerk, seats: 3, holders: [Bo, Cy]}]}]
    ... ''')
    >>> ax = people_spans_chart(org, lang="en").axes[0]
    >>> [(p.get_gid(), int(p.get_height())) for p in ax.containers[0]][:3]
    [('1', 0), ('2-3', 1), ('4-7', 0)]
    """
    counts = [r["span"] for r in people_spans(org) if r["span"]]
    return span_figure(counts, messages(org, lang), people=True, band=band, bins=bins, ax=ax)


def people_pyramid(org: Org, *, lang: str | None = None, ax: Axes | None = None) -> Figure:
    """People per layer of the manager tree as centred bars, layer 1 on top (see
    :func:`orggraph.ops.analysis.people.people_layers`); a layer with posts whose
    holders are unknown is hatched and labelled ``≥ N``.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... people: [{id: p1, name: Ann}]
    ... units: [{id: a, name: A, head: {title: Boss, holders: [p1]}, staff: [{title: Clerk, seats: 3, holders: [Bo, Cy]}, {title: Temp}]}]
    ... ''')
    >>> ax = people_pyramid(org, lang="en").axes[0]
    >>> [(p.get_gid(), float(p.get_width()), p.get_hatch()) for p in ax.containers[0]]
    [('layer-1', 1.0, None), ('layer-2', 2.0, '//')]
    >>> [t.get_text() for t in ax.texts]
    ['1 person · 1 manager', '≥ 2 people · 0 managers']
    """
    rows = people_layers(org)
    msg = messages(org, lang)
    partial = [r["people_unknown"] > 0 for r in rows]
    labels = []
    for r, p in zip(rows, partial, strict=True):
        people = bound_text(r["people"], not p)
        who = "ppyr_person" if r["people"] == 1 and not p else "ppyr_people"
        bosses = "ppyr_manager" if r["managers"] == 1 else "ppyr_managers"
        labels.append(
            msg[who].format(people=people) + " · " + msg[bosses].format(managers=r["managers"])
        )
    return pyramid_figure(
        [r["layer"] for r in rows],
        [float(r["people"]) for r in rows],
        partial,
        labels,
        [msg["pyr_layer"].format(layer=r["layer"]) for r in rows],
        title=msg["ppyr_title"],
        hatched=msg["ppyr_hatched"],
        ax=ax,
    )


def vacancies_chart(
    org: Org, *, top: int = TOP_UNITS, lang: str | None = None, ax: Axes | None = None
) -> Figure:
    """Open seats of each unit's own posts as horizontal bars, most first (the *top*
    units with open seats), each labelled with its vacancy rate; a unit whose figures
    are unknown in part is hatched and labelled ``≥ N``. The title gives the totals and
    the organisation's vacancy rate (see :func:`orggraph.ops.analysis.vacancies`). Each
    bar's ``gid`` is its unit id.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - id: hq
    ...     name: HQ
    ...     head: {title: Boss, holders: [Ann]}
    ...     units: [{id: a, name: A, staff: [{title: Clerk, seats: 4, holders: [Bo]}]}]
    ... ''')
    >>> ax = vacancies_chart(org, lang="en").axes[0]
    >>> [(p.get_gid(), float(p.get_width())) for p in ax.containers[0]]
    [('a', 3.0)]
    >>> ax.get_title(), [t.get_text() for t in ax.texts]
    ('Vacancies: 3 open of 5 planned seats (vacancy rate 60%)', ['3 open · 75%'])
    """
    top = whole_number(top, "top")
    msg = messages(org, lang)
    rows = vacancies(org, lang=lang)
    open_rows = sorted((r for r in rows if r["vacancies"]), key=lambda r: -r["vacancies"])
    shown = open_rows[:top]
    total, seats = org.rollup("vacancies"), org.rollup("seats")
    rate = vacancy_rate(total.value, len(total.unknown), seats.value, len(seats.unknown))
    title = msg["vac_title"].format(
        open=total.short(),
        seats=seats.short(),
        rate=msg["vac_no_rate"] if rate is None else msg["vac_rate"].format(rate=percent(rate)),
    )
    notes = []
    if len(open_rows) > top:
        notes.append(msg["vac_top"].format(top=top, n=len(open_rows)))
    if total.unknown:
        notes.append(msg["vac_unknown"].format(n=len(total.unknown)))
    if notes:
        title += "\n" + msg["sep"].join(notes)
    names = [shorten(r["name"], 30) for r in shown]
    labels = [
        msg["vac_bar"].format(
            open=bound_text(r["vacancies"], not r["vacancies_unknown"]),
            rate=percent(r["vacancy_rate"]),
        )
        for r in shown
    ]
    with fonts.cjk_rc([title, *names, *labels]) as family:
        fig, ax, own = new_axes(ax, 8.0, max(3.0, 1.6 + 0.4 * len(shown)))
        _vacancy_bars(ax, shown, names, labels, msg["vac_hatched"])
        ax.set_xlabel(msg["vac_x"])
        ax.set_title(title)
        ax.spines[["top", "right"]].set_visible(False)
        if not shown:
            ax.text(0.5, 0.5, msg["vac_none"], ha="center", va="center", transform=ax.transAxes)
        return finish(fig, ax, own, family)


def _vacancy_bars(
    ax: Axes, shown: list[dict[str, object]], names: list[str], labels: list[str], hatched: str
) -> None:
    """One bar per unit in *shown*, the first on top, hatched where a figure is unknown."""
    from matplotlib.patches import Patch

    widths = [float(r["vacancies"]) for r in shown]  # type: ignore[arg-type]
    partial = [bool(r["vacancies_unknown"]) for r in shown]
    positions = list(range(len(shown) - 1, -1, -1))
    bars = ax.barh(
        positions,
        widths,
        height=0.7,
        color=[UNKNOWN_COLOR if p else COLOR for p in partial],
        edgecolor=COLOR,
        linewidth=0.8,
    )
    widest = max([*widths, 1.0])
    for bar, r, p in zip(bars, shown, partial, strict=True):
        bar.set_gid(str(r["unit"]))
        if p:
            bar.set_hatch(HATCH)
    for y, w, text in zip(positions, widths, labels, strict=True):
        ax.text(w + widest * 0.02, y, text, va="center", ha="left", fontsize="small")
    ax.set_yticks(positions, names)
    ax.set_xlim(0, widest * 1.35)
    integer_axis(ax.xaxis)
    ax.set_ylim(-0.6, max(len(shown), 1) - 0.4)
    if any(partial):
        patch = Patch(facecolor=UNKNOWN_COLOR, edgecolor=COLOR, hatch=HATCH, label=hatched)
        ax.legend(handles=[patch], loc="lower right", fontsize="small", frameon=False)
