"""Structure: departments, spans of control and their bands, layers.

Spans and layers count units (``by="units"``) or people in posts (``by="people"``, see
:mod:`orggraph.ops.analysis.people`); by default people when the organisation declares
people, else units (:func:`~orggraph.ops.analysis.people.default_by`).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from orggraph.core.rollup import own_value
from orggraph.errors import OrgError

if TYPE_CHECKING:
    from orggraph.core.org import Org
from orggraph.core.rows import Rows
from orggraph.ops.analysis.bands import BANDS, TARGET_BAND, band_of, parse_band
from orggraph.ops.analysis.checks import check_lang
from orggraph.ops.analysis.people import (
    SPAN_COLUMNS,
    people_layers,
    people_spans,
    resolve_by,
)

__all__ = [
    "BANDS",
    "TARGET_BAND",
    "band_of",
    "department_of",
    "departments",
    "layers",
    "outside_band",
    "parse_band",
    "span_bands",
    "spans",
]

# -- departments --------------------------------------------------------------------------


def _resolve_level(org: Org, level: str | int | None) -> str | int:
    """The unit type or depth that defines departments (see the module docstring)."""
    max_depth = max((org.depth(u) for u in org.units()), default=0)
    if level is None:
        return "department" if org.units(unit_type="department") else min(1, max_depth)
    if isinstance(level, bool) or not isinstance(level, (str, int)):
        raise OrgError(
            f"level must be a unit type or a depth, not {level!r}; types: "
            f"{', '.join(org.types()) or '(none)'}; depths 0-{max_depth}",
            file=org.file,
            choices=org.types(),
        )
    if isinstance(level, str):
        types = org.types()
        if level not in types:
            raise OrgError(
                f"no unit has type {level!r}; choose a type ({', '.join(types) or 'none in use'}) "
                f"or a depth 0-{max_depth}",
                file=org.file,
                choices=types,
            )
        return level
    if not 0 <= level <= max_depth:
        raise OrgError(
            f"level {level} is not a depth of this organisation; choose 0-{max_depth} "
            f"or a unit type ({', '.join(org.types()) or 'none in use'})",
            file=org.file,
            choices=[str(d) for d in range(max_depth + 1)],
        )
    return level


def department_of(org: Org, *, level: str | int | None = None) -> dict[str, str | None]:
    """Each unit's department: the nearest department at or above it, else ``None``.

    *level* chooses what a department is: a unit type (default ``"department"``, or
    depth 1 when no unit has that type) or a depth (``0`` is the root). Raises
    :class:`orggraph.OrgError` listing the types in use for an unknown type or depth.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - {id: hq, name: HQ, units: [{id: a, name: A, units: [{id: a1, name: A1}]}]}
    ... ''')
    >>> department_of(org)
    {'hq': None, 'a': 'a', 'a1': 'a'}
    >>> department_of(org, level=2)
    {'hq': None, 'a': None, 'a1': 'a1'}
    >>> department_of(org, level="team")
    Traceback (most recent call last):
    ...
    orggraph.errors.OrgError: no unit has type 'team'; choose a type (none in use) or a depth 0-2
    """
    resolved = _resolve_level(org, level)
    nodes = org.node_data
    out: dict[str, str | None] = {}
    for u in org.units():  # parents come before their children
        parent = org.parent(u)
        above = None if parent is None else out[parent]
        if isinstance(resolved, str):
            out[u] = u if nodes[u].get("type") == resolved else above
        else:
            out[u] = u if org.depth(u) == resolved else above
    return out


def departments(org: Org, *, level: str | int | None = None) -> list[str]:
    """The department ids in chart order (see :func:`department_of` for *level*).

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - id: hq
    ...     name: HQ
    ...     units: [{id: a, name: A, type: department}, {id: b, name: B, type: group}]
    ... ''')
    >>> departments(org), departments(org, level=1), departments(org, level="group")
    (['a'], ['a', 'b'], ['b'])
    """
    dept = department_of(org, level=level)
    return [u for u in org.units() if dept[u] == u]


# -- spans and layers -----------------------------------------------------------------------


def spans(org: Org, *, by: str | None = None, lang: str | None = None) -> Rows:
    """Span of control of every manager: the number of its direct reports.

    *by* is ``"units"``, ``"people"`` or ``None`` (people when the organisation declares
    people, else units). By units, a manager is a unit with at least one unit reporting
    to it; units without reports are left out. Rows in chart order: ``unit``, ``name``
    (in *lang*), ``layer`` (1 is the top), ``span`` and ``band`` (OrgVue's band, see
    :data:`BANDS`). By people, the rows are those of
    :func:`~orggraph.ops.analysis.people.people_spans` (kind ``"people_spans"``).

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - id: hq
    ...     name: HQ
    ...     units:
    ...       - {id: a, name: A, units: [{id: a1, name: A1}, {id: a2, name: A2}, {id: a3, name: A3}, {id: a4, name: A4}]}
    ...       - {id: b, name: B}
    ... ''')
    >>> [(r["unit"], r["layer"], r["span"], r["band"]) for r in spans(org)]
    [('hq', 1, 2, '2-3'), ('a', 2, 4, '4-7')]
    """
    lang = check_lang(lang)
    if resolve_by(org, by) == "people":
        return people_spans(org, lang=lang)
    rows = []
    for u in org.units():
        n = len(org.children(u))
        if n:
            rows.append(
                {
                    "unit": u,
                    "name": org.name(u, lang=lang),
                    "layer": org.depth(u) + 1,
                    "span": n,
                    "band": band_of(n),
                }
            )
    return Rows(
        rows,
        columns=("unit", "name", "layer", "span", "band"),
        kind="spans",
        org=org,
        options={"lang": lang},
    )


def span_bands(org: Org, *, by: str | None = None) -> Rows:
    """How many managers fall in each of OrgVue's span bands (every band, even empty).

    Rows: ``band``, ``low``, ``high`` (``None`` for 17+), ``managers`` and ``share`` (of
    all managers with a band; 0 when there are none). *by* as in :func:`spans`; by
    people the kind is ``"people_span_bands"``.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - id: hq
    ...     name: HQ
    ...     units:
    ...       - {id: a, name: A, units: [{id: a1, name: A1}]}
    ...       - {id: b, name: B, units: [{id: b1, name: B1}]}
    ...       - {id: c, name: C}
    ... ''')
    >>> [(r["band"], r["managers"]) for r in span_bands(org)]
    [('1', 2), ('2-3', 1), ('4-7', 0), ('8-12', 0), ('13-16', 0), ('17+', 0)]
    >>> round(span_bands(org)[0]["share"], 3)
    0.667
    """
    by = resolve_by(org, by)
    if by == "people":
        counts = Counter(r["band"] for r in people_spans(org) if r["band"] is not None)
    else:
        counts = Counter(band_of(len(org.children(u))) for u in org.units() if org.children(u))
    total = sum(counts.values())
    rows = [
        {
            "band": label,
            "low": lo,
            "high": hi,
            "managers": counts.get(label, 0),
            "share": counts.get(label, 0) / total if total else 0.0,
        }
        for label, lo, hi in BANDS
    ]
    return Rows(
        rows,
        columns=("band", "low", "high", "managers", "share"),
        kind="span_bands" if by == "units" else "people_span_bands",
        org=org,
        options={},
    )


def outside_band(
    org: Org,
    *,
    band: str | tuple[int, int | None] = TARGET_BAND,
    by: str | None = None,
    lang: str | None = None,
) -> Rows:
    """Managers whose span of control lies outside the target *band*.

    *band* is a band label (``"4-7"`` by default; see :data:`BANDS`), ``"lo-hi"``,
    ``"lo+"`` or a pair ``(lo, hi)``. Rows are those of :func:`spans` (*by* as there)
    plus ``side``: ``"below"`` (too narrow) or ``"above"`` (too wide). By people the
    kind is ``"people_outside_band"``; managers with no known report (no band) are
    left out.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - id: hq
    ...     name: HQ
    ...     units:
    ...       - {id: a, name: A, units: [{id: a1, name: A1}, {id: a2, name: A2}]}
    ...       - {id: b, name: B}
    ... ''')
    >>> [(r["unit"], r["span"], r["side"]) for r in outside_band(org)]
    [('hq', 2, 'below'), ('a', 2, 'below')]
    >>> outside_band(org, band=(1, 2))
    []
    >>> [(r["unit"], r["side"]) for r in outside_band(org, band="1")]
    [('hq', 'above'), ('a', 'above')]
    """
    label, lo, hi = parse_band(band)
    by = resolve_by(org, by)
    rows = []
    for r in spans(org, by=by, lang=lang):
        if r["band"] is None:
            continue
        if r["span"] < lo:
            rows.append({**r, "side": "below"})
        elif hi is not None and r["span"] > hi:
            rows.append({**r, "side": "above"})
    return Rows(
        rows,
        columns=(("unit", "name", "layer", "span", "band") if by == "units" else SPAN_COLUMNS)
        + ("side",),
        kind="outside_band" if by == "units" else "people_outside_band",
        org=org,
        options={"band": label, "lang": lang},
    )


def layers(org: Org, *, by: str | None = None) -> Rows:
    """The pyramid: units, managers and headcount in each layer (1 is the top).

    *by* as in :func:`spans`; by people the rows are those of
    :func:`~orggraph.ops.analysis.people.people_layers` (a person's layer is their depth
    in the manager tree plus one). By units:

    ``headcount`` is the known part of the planned seats of the layer's own posts (not
    of the units below); ``headcount_unknown`` is how many of the layer's units miss a
    seat count. Unknown is not zero: read ``headcount`` as "at least" when
    ``headcount_unknown`` is above 0.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - id: hq
    ...     name: HQ
    ...     head: {title: Boss}
    ...     units:
    ...       - {id: a, name: A, staff: [{title: Clerk, seats: 3}]}
    ...       - {id: b, name: B, staff: [{title: Clerk, seats: null}]}
    ... ''')
    >>> print(layers(org))
    layer  units  managers  headcount  headcount_unknown
    -----  -----  --------  ---------  -----------------
        1      1         1          1                  0
        2      2         0          3                  1
    """
    if resolve_by(org, by) == "people":
        return people_layers(org)
    by_layer: dict[int, list[str]] = {}
    for u in org.units():
        by_layer.setdefault(org.depth(u) + 1, []).append(u)
    nodes = org.node_data
    rows = []
    for layer in sorted(by_layer):
        ids = by_layer[layer]
        total: int | float = 0
        unknown = 0
        for u in ids:
            value, known = own_value(nodes[u], "seats", u)
            total += value
            unknown += not known
        rows.append(
            {
                "layer": layer,
                "units": len(ids),
                "managers": sum(1 for u in ids if org.children(u)),
                "headcount": total,
                "headcount_unknown": unknown,
            }
        )
    return Rows(
        rows,
        columns=("layer", "units", "managers", "headcount", "headcount_unknown"),
        kind="layers",
        org=org,
        options={},
    )
