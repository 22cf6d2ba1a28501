"""Vacancies per unit and the vacancy rate, and the per-unit figures of ``orggraph stats``.

The **vacancy rate** is open seats / planned seats (``vacancies / seats``). It is
``None`` (unknown) when either figure is unknown in part (unknown is never zero) and
when there are no seats (no rate to give).

>>> import orggraph as og
>>> org = og.loads('''
... people: [{id: p1, name: Ann}]
... units:
...   - id: hq
...     name: HQ
...     head: {title: CEO, holders: [p1]}
...     units: [{id: a, name: A, staff: [{title: Clerk, seats: 3, holders: [Bo]}]}]
... ''')
>>> print(stats(org, ["seats", "vacancies", "vacancy_rate"]))
id  name  depth  parent  seats  seats_unknown  vacancies  vacancies_unknown  vacancy_rate
--  ----  -----  ------  -----  -------------  ---------  -----------------  ------------
hq  HQ        0  —           4              0          2                  0           0.5
a   A         1  hq          3              0          2                  0         0.667
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from orggraph.core.rollup import Number
from orggraph.core.rows import Rows
from orggraph.errors import OrgError
from orggraph.ops.analysis.checks import check_lang
from orggraph.ops.analysis.people import default_by

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = [
    "PEOPLE_STATS",
    "RATE",
    "UNIT_STATS",
    "default_measures",
    "stats",
    "vacancies",
    "vacancy_rate",
]

#: The vacancy rate's column: not a rollup measure, worked out from vacancies and seats.
RATE = "vacancy_rate"
#: ``stats``' measures for an organisation that declares people, and for any other.
PEOPLE_STATS = ("seats", "filled", "vacancies", RATE, "fte", "people", "budget")
UNIT_STATS = ("seats", "budget")


def vacancy_rate(
    vacancies: Number, vacancies_unknown: int, seats: Number, seats_unknown: int
) -> float | None:
    """``vacancies / seats``, or ``None`` when a part of either is unknown or there are
    no seats.

    >>> vacancy_rate(1, 0, 4, 0), vacancy_rate(1, 1, 4, 0), vacancy_rate(0, 0, 0, 0)
    (0.25, None, None)
    """
    if vacancies_unknown or seats_unknown or not seats:
        return None
    return vacancies / seats


def default_measures(org: Org) -> tuple[str, ...]:
    """:data:`PEOPLE_STATS` when *org* declares people (see
    :func:`~orggraph.ops.analysis.people.default_by`), else :data:`UNIT_STATS`."""
    return PEOPLE_STATS if default_by(org) == "people" else UNIT_STATS


def stats(
    org: Org,
    measures: Sequence[str] | None = None,
    *,
    lang: str | None = None,
    depth: int | None = None,
) -> Rows:
    """Each unit's rollups (the unit and everything under it), as ``orggraph stats``
    prints them: ``id``, ``name``, ``depth``, ``parent``, then per measure its value and
    ``<measure>_unknown`` (how many units miss it: the value is the known part, read it
    as "at least"); ``vacancy_rate`` is one column (see :func:`vacancy_rate`).

    *measures* are rollup measures (``seats`` = planned headcount, ``filled``,
    ``vacancies``, ``fte``, ``people``, ``budget`` per month, or a numeric ``attrs`` key)
    and ``"vacancy_rate"``; by default :func:`default_measures`. *depth* keeps the units
    down to that depth (the figures still count everything below).
    """
    lang = check_lang(lang)
    if measures is None:
        measures = default_measures(org)
    if isinstance(measures, str) or not all(isinstance(m, str) for m in measures):
        raise OrgError(f"measures must be a list of measure names, not {measures!r}")
    if depth is not None and (isinstance(depth, bool) or not isinstance(depth, int)):
        raise OrgError(f"depth must be a whole number, not {depth!r}")
    wanted = list(dict.fromkeys(measures))
    rolled = [m for m in wanted if m != RATE]
    extra = [m for m in ("seats", "vacancies") if RATE in wanted and m not in rolled]
    table = org.rollup_table([*rolled, *extra]).rows(lang=lang)
    columns = ["id", "name", "depth", "parent"]
    for m in wanted:
        columns += [m] if m == RATE else [m, f"{m}_unknown"]
    rows = []
    for r in table:
        if depth is not None and r["depth"] > depth:
            continue
        row: dict[str, Any] = {k: r[k] for k in ("id", "name", "depth", "parent")}
        for m in wanted:
            if m == RATE:
                row[m] = vacancy_rate(
                    r["vacancies"], r["vacancies_unknown"], r["seats"], r["seats_unknown"]
                )
            else:
                row[m] = r[m]
                row[f"{m}_unknown"] = r[f"{m}_unknown"]
        rows.append(row)
    options = {"measures": tuple(wanted), "lang": lang, "depth": depth}
    return Rows(rows, columns=columns, kind="stats", org=org, options=options)


def vacancies(org: Org, *, lang: str | None = None) -> Rows:
    """Open seats in each unit's own posts (not those of the units below), with the
    vacancy rate.

    Rows in chart order, for every unit with planned seats or open seats (or an unknown
    figure): ``unit``, ``name``, ``layer``, ``seats``, ``filled`` and ``vacancies`` (the
    known part of each), ``vacancy_rate`` and ``vacancies_unknown`` (1 when the unit's
    open seats are not all known: read ``vacancies`` as "at least"). The figures are
    those of :meth:`orggraph.Org.rollup`: the rows' ``vacancies`` add up to
    ``org.rollup("vacancies").value``, their ``vacancies_unknown`` to the number of
    units it lists as unknown. :meth:`orggraph.Org.vacancies` lists the open posts.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - id: hq
    ...     name: HQ
    ...     head: {title: CEO, holders: [Ann]}
    ...     units:
    ...       - {id: a, name: A, staff: [{title: Clerk, seats: 4, holders: [Bo]}]}
    ...       - {id: b, name: B, staff: [{title: Clerk, seats: 2}]}
    ... ''')
    >>> print(vacancies(org))
    unit  name  layer  seats  filled  vacancies  vacancy_rate  vacancies_unknown
    ----  ----  -----  -----  ------  ---------  ------------  -----------------
    hq    HQ        1      1       1          0             0                  0
    a     A         2      4       1          3          0.75                  0
    b     B         2      2       0          0             —                  1
    """
    lang = check_lang(lang)
    measures = ("seats", "filled", "vacancies")
    table = org.rollup_table(measures)
    rows = []
    for u in org.units():
        kids = org.children(u)
        own: dict[str, tuple[Number, int]] = {}
        for m in measures:
            # A unit's own figure: its rollup less its children's (exact for whole
            # numbers); the rollup says whether a figure comes from posts or attrs.
            value = table.value(u, m) - sum(table.value(c, m) for c in kids)
            unknown = table.unknown_count(u, m) - sum(table.unknown_count(c, m) for c in kids)
            own[m] = (value, unknown)
        (seats, seats_unknown), (vacant, vacant_unknown) = own["seats"], own["vacancies"]
        if not (seats or vacant or seats_unknown or vacant_unknown):
            continue
        rows.append(
            {
                "unit": u,
                "name": org.name(u, lang=lang),
                "layer": org.depth(u) + 1,
                "seats": seats,
                "filled": own["filled"][0],
                "vacancies": vacant,
                RATE: vacancy_rate(vacant, vacant_unknown, seats, seats_unknown),
                "vacancies_unknown": vacant_unknown,
            }
        )
    columns = ("unit", "name", "layer", "seats", "filled", "vacancies", RATE, "vacancies_unknown")
    return Rows(rows, columns=columns, kind="vacancies", org=org, options={"lang": lang})
