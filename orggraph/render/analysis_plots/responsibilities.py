"""The responsibility heat map."""

from __future__ import annotations

from typing import TYPE_CHECKING

from orggraph.errors import OrgError
from orggraph.ops.analysis.responsibilities import unit_owners
from orggraph.ops.analysis.structure import (
    departments,
)
from orggraph.render import fonts

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from orggraph.core.org import Org
from orggraph.render.analysis_plots.common import (
    GRID_COLOR,
    NO_DEPARTMENT_COLOR,
    finish,
    messages,
    new_axes,
    palette_for,
    shorten,
    unit_colour,
    whole_number,
)

__all__ = ["responsibility_heatmap"]


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
    :func:`orggraph.ops.analysis.structure.department_of` for *level*).

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
        top = whole_number(top, "top")
    label_chars = whole_number(label_chars, "label_chars", 4)
    if not isinstance(empty, bool):
        raise OrgError(f"empty must be True or False, not {empty!r}", choices=("True", "False"))
    dept, colour = palette_for(org, level)
    owners = unit_owners(org)
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

    msg = messages(org, lang)
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
    row_labels = [shorten(org.name(r, lang=lang), label_chars) for r in rids]
    col_labels = [shorten(org.name(u, lang=lang), 34) for u in units]
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
        fig, ax, own = new_axes(ax, width, height)
        if not rids or not units:
            ax.text(0.5, 0.5, msg["heat_empty"], ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            ax.set_title(title)
            return finish(fig, ax, own, family)
        grid = np.ones((len(rids), len(units), 3))
        column = {u: j for j, u in enumerate(units)}
        for i, r in enumerate(rids):
            for u in owners[r]:
                if u in column:
                    grid[i, column[u]] = to_rgb(unit_colour(u, dept, colour))
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
        return finish(fig, ax, own, family)
