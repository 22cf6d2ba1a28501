"""Responsibilities: who owns what, what is shared, what nobody owns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from orggraph.core.org import Org

from orggraph.core.rows import Rows
from orggraph.ops.analysis.checks import check_bool, check_lang
from orggraph.ops.analysis.structure import department_of

__all__ = [
    "responsibility_matrix",
    "shared_responsibilities",
    "units_without_responsibilities",
    "unowned_responsibilities",
]


# -- responsibilities -----------------------------------------------------------------------


def unit_owners(org: Org) -> dict[str, list[str]]:
    """Each declared responsibility's owning units, in chart order."""
    owners: dict[str, list[str]] = {r: [] for r in org.responsibility_ids()}
    for u in org.units():
        for r in org.responsibilities(u):
            owners.setdefault(r, []).append(u)
    return owners


def responsibility_matrix(org: Org, *, lang: str | None = None) -> Rows:
    """Units x responsibilities: one row per unit (chart order), one boolean column per
    responsibility id (declaration order) after ``unit`` and ``name``.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - {id: a, name: A, responsibilities: [plan, sell]}
    ...   - {id: b, name: B, parent: a, responsibilities: [sell]}
    ... responsibilities: [{id: plan, name: Plan}, {id: sell, name: Sell}, {id: audit, name: Audit}]
    ... ''')
    >>> print(responsibility_matrix(org))
    unit  name  plan  sell  audit
    ----  ----  ----  ----  -----
    a     A     x     x
    b     B           x
    """
    lang = check_lang(lang)
    rids = org.responsibility_ids()
    rows = []
    for u in org.units():
        owned = set(org.responsibilities(u))
        rows.append({"unit": u, "name": org.name(u, lang=lang), **{r: r in owned for r in rids}})
    return Rows(
        rows,
        columns=("unit", "name", *rids),
        kind="responsibility_matrix",
        org=org,
        options={"lang": lang},
    )


def shared_responsibilities(
    org: Org, *, across: bool = False, level: str | int | None = None, lang: str | None = None
) -> Rows:
    """Responsibilities owned by two or more units, most owners first.

    Rows: ``responsibility``, ``name``, ``owners`` (how many units), ``units`` (their ids,
    chart order) and ``departments`` (the distinct departments of the owners; see
    :func:`department_of` for *level*; owners above every department add none). With
    ``across=True`` only responsibilities whose owners lie in two or more departments
    are kept (leaving out a department sharing a duty with its own groups).

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - id: hq
    ...     name: HQ
    ...     units:
    ...       - {id: a, name: A, responsibilities: [plan, sell], units: [{id: a1, name: A1, responsibilities: [sell]}]}
    ...       - {id: b, name: B, responsibilities: [plan]}
    ... responsibilities: [{id: plan, name: Plan}, {id: sell, name: Sell}]
    ... ''')
    >>> [(r["responsibility"], r["units"], r["departments"]) for r in shared_responsibilities(org)]
    [('plan', ['a', 'b'], ['a', 'b']), ('sell', ['a', 'a1'], ['a'])]
    >>> [r["responsibility"] for r in shared_responsibilities(org, across=True)]
    ['plan']
    """
    across = check_bool(across, "across")
    lang = check_lang(lang)
    dept = department_of(org, level=level)
    rows: list[dict[str, Any]] = []
    for r, units in unit_owners(org).items():
        if len(units) < 2:
            continue
        depts = list(dict.fromkeys(d for u in units if (d := dept[u]) is not None))
        if across and len(depts) < 2:
            continue
        rows.append(
            {
                "responsibility": r,
                "name": org.name(r, lang=lang),
                "owners": len(units),
                "units": units,
                "departments": depts,
            }
        )
    rows.sort(key=lambda row: -row["owners"])  # stable: ties keep declaration order
    return Rows(
        rows,
        columns=("responsibility", "name", "owners", "units", "departments"),
        kind="shared_responsibilities",
        org=org,
        options={"across": across, "level": level, "lang": lang},
    )


def unowned_responsibilities(org: Org, *, lang: str | None = None) -> Rows:
    """Declared responsibilities that no unit owns, in declaration order.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units: [{id: a, name: A, responsibilities: [plan]}]
    ... responsibilities: [{id: plan, name: Plan}, {id: audit, name: Audit}]
    ... ''')
    >>> unowned_responsibilities(org)
    [{'responsibility': 'audit', 'name': 'Audit'}]
    """
    lang = check_lang(lang)
    rows = [
        {"responsibility": r, "name": org.name(r, lang=lang)}
        for r, units in unit_owners(org).items()
        if not units
    ]
    return Rows(
        rows,
        columns=("responsibility", "name"),
        kind="unowned_responsibilities",
        org=org,
        options={"lang": lang},
    )


def units_without_responsibilities(org: Org, *, lang: str | None = None) -> Rows:
    """Units that own no responsibility, in chart order: ``unit``, ``name``, ``layer``,
    ``type`` (``None`` when the unit has none).

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units: [{id: a, name: A, responsibilities: [plan], units: [{id: b, name: B, type: team}]}]
    ... responsibilities: [{id: plan, name: Plan}]
    ... ''')
    >>> units_without_responsibilities(org)
    [{'unit': 'b', 'name': 'B', 'layer': 2, 'type': 'team'}]
    """
    lang = check_lang(lang)
    nodes = org.node_data
    rows = [
        {
            "unit": u,
            "name": org.name(u, lang=lang),
            "layer": org.depth(u) + 1,
            "type": nodes[u].get("type"),
        }
        for u in org.units()
        if not org.responsibilities(u)
    ]
    return Rows(
        rows,
        columns=("unit", "name", "layer", "type"),
        kind="units_without_responsibilities",
        org=org,
        options={"lang": lang},
    )
