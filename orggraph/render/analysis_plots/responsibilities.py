"""The responsibility heat map."""

from __future__ import annotations

from typing import TYPE_CHECKING

from orggraph.errors import OrgError
from orggraph.ops.analysis.responsibilities import unit_owners
from orggraph.ops.analysis.structure import departments
from orggraph.render import fonts
from orggraph.render.analysis_plots.common import (
    GRID_COLOR,
    NO_DEPARTMENT_COLOR,
    messages,
    palette_for,
    shorten,
    unit_colour,
)
from orggraph.render.plots import finish, new_axes, whole_number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from orggraph.core.org import Org

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
    top, label_chars = _check(only, top, empty, label_chars)
    dept, colour = palette_for(org, level)
    owners = unit_owners(org)
    rids, total = _rows(org, owners, dept, only=only, top=top, empty=empty)
    shown = {u for r in rids for u in owners[r]}
    units = org.units() if empty else [u for u in org.units() if u in shown]
    msg = messages(org, lang)
    hidden = len(org.units()) - len(units)
    title = _title(msg, only, len(rids), len(units), (top, total), hidden)
    row_labels = [shorten(org.name(r, lang=lang), label_chars) for r in rids]
    col_labels = [shorten(org.name(u, lang=lang), 34) for u in units]
    used = [d for d in departments(org, level=level) if any(dept[u] == d for u in units)]
    legend_names = [org.name(d, lang=lang) for d in used]

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
        _draw_matrix(ax, rids, units, owners, (dept, colour))
        ax.set_yticks(range(len(rids)), row_labels, fontsize="small")
        ax.set_xticks(range(len(units)), col_labels, rotation=90, fontsize="small")
        _draw_borders(ax, len(rids), units, dept)
        _draw_counts(ax, rids, len(units), owners, msg["heat_owners"])
        ax.set_title(title)
        for side in ("top", "right", "bottom", "left"):
            ax.spines[side].set_color("#888888")
        keys = [(colour[d], n) for d, n in zip(used, legend_names, strict=True)]
        if any(dept[u] is None for u in units):
            keys.append((NO_DEPARTMENT_COLOR, msg["no_dept"]))
        _draw_legend(ax, keys, width)
        return finish(fig, ax, own, family)


def _check(
    only: str | None, top: int | None, empty: bool, label_chars: int
) -> tuple[int | None, int]:
    """Check the options; *top* and *label_chars* as whole numbers."""
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
    return top, label_chars


def _rows(
    org: Org,
    owners: dict[str, list[str]],
    dept: dict[str, str | None],
    *,
    only: str | None,
    top: int | None,
    empty: bool,
) -> tuple[list[str], int]:
    """The responsibilities shown, ordered by their first owner in chart order (then
    declaration order), and how many there were before *top* cut them."""
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
    return rids, total


def _title(
    msg: dict[str, str],
    only: str | None,
    rows: int,
    columns: int,
    cut: tuple[int | None, int],
    hidden: int,
) -> str:
    """What the matrix shows, and what it leaves out (*cut*: ``top`` and the number of
    rows before it; *hidden*: units owning none of the rows)."""
    top, total = cut
    key = {None: "heat_title", "shared": "heat_shared", "across": "heat_across"}[only]
    lines = [msg[key].format(r=rows, u=columns)]
    notes = []
    if top is not None and top < total:
        notes.append(msg["heat_top"].format(top=top, m=total))
    if hidden:
        notes.append(msg["heat_hidden"].format(n=hidden))
    if notes:
        lines.append("; ".join(notes))
    return "\n".join(lines)


def _draw_matrix(
    ax: Axes,
    rids: list[str],
    units: list[str],
    owners: dict[str, list[str]],
    palette: tuple[dict[str, str | None], dict[str, str]],
) -> None:
    """A cell per responsibility and unit, in the unit's department colour where the
    unit owns it."""
    import numpy as np
    from matplotlib.colors import to_rgb

    dept, colour = palette
    grid = np.ones((len(rids), len(units), 3))
    column = {u: j for j, u in enumerate(units)}
    for i, r in enumerate(rids):
        for u in owners[r]:
            if u in column:
                grid[i, column[u]] = to_rgb(unit_colour(u, dept, colour))
    ax.imshow(grid, aspect="auto", interpolation="nearest")


def _draw_borders(ax: Axes, rows: int, units: list[str], dept: dict[str, str | None]) -> None:
    """Cell borders as two line collections (minor ticks would cost a Tick each), and a
    darker line where the department changes from one column to the next."""
    ax.vlines(
        [x - 0.5 for x in range(1, len(units))],
        -0.5,
        rows - 0.5,
        colors=GRID_COLOR,
        linewidth=0.6,
    )
    ax.hlines(
        [y - 0.5 for y in range(1, rows)],
        -0.5,
        len(units) - 0.5,
        colors=GRID_COLOR,
        linewidth=0.6,
    )
    ax.tick_params(which="major", length=0)
    for j in range(1, len(units)):
        if dept[units[j]] != dept[units[j - 1]]:
            ax.axvline(j - 0.5, color="#888888", linewidth=0.9)


def _draw_counts(
    ax: Axes, rids: list[str], columns: int, owners: dict[str, list[str]], caption: str
) -> None:
    """Each row's number of owners in the right margin (bold when shared), with a
    *caption* below them."""
    for i, r in enumerate(rids):
        shared = len(owners[r]) >= 2
        ax.text(
            columns - 0.5 + 0.25,
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
        columns - 0.5 + 0.25,
        len(rids) - 0.5 + 0.3,
        caption,
        va="top",
        ha="left",
        fontsize="x-small",
        color="#555555",
        clip_on=False,
    )


def _draw_legend(ax: Axes, keys: list[tuple[str, str]], width: float) -> None:
    """The departments' colours ``(colour, name)``, right of the matrix."""
    from matplotlib.patches import Patch

    ax.legend(
        handles=[Patch(facecolor=c, label=n) for c, n in keys],
        loc="upper left",
        bbox_to_anchor=(1.0 + 0.9 / max(width, 1.0), 1.0),
        fontsize="small",
        frameon=False,
    )
