"""Analytics of an organisation: spans and layers, responsibilities, collaboration.

Every analysis is a function over an :class:`~orggraph.Org` with keyword-only options.
It returns :class:`Rows`: a list of plain dicts (one per row, the same keys in each,
listed in ``rows.columns``) that prints as a table, turns into a pandas DataFrame with
:meth:`Rows.to_dataframe` and draws its chart with :meth:`Rows.plot`.

* Spans and layers: :func:`spans` (span of control of each manager, i.e. each unit with
  direct reports), :func:`span_bands` (how many managers fall in each of OrgVue's bands
  1, 2-3, 4-7, 8-12, 13-16, 17+), :func:`outside_band` (managers outside a target
  band) and :func:`layers` (units and headcount per layer: the pyramid).
* Responsibilities: :func:`responsibility_matrix` (units x responsibilities),
  :func:`shared_responsibilities`, :func:`unowned_responsibilities` and
  :func:`units_without_responsibilities`.
* Collaboration: :func:`collaboration_graph` (the undirected, weighted network of
  collaboration links, optionally with dotted lines), :func:`collaboration` (degree,
  betweenness and community of each unit), :func:`communities_vs_departments` and
  :func:`silos` (departments that do not collaborate with anyone outside them).

Layers count from the top: a root is in layer 1, its direct reports in layer 2, and so
on (``layer = org.depth(unit) + 1``), as in spans-and-layers reviews.

Departments (see :func:`departments`): by default the units of type ``"department"``;
when no unit has that type, the units one level below the root (depth 1). Pass
``level=`` a unit type or a depth to choose others. Each unit belongs to the nearest
department at or above it; units above every department belong to none (``None``).

Unknown is not zero: a layer whose units miss some seat counts reports the known part
and how many units are missing (``headcount_unknown``).

>>> import orggraph as og
>>> org = og.loads('''
... units:
...   - id: hq
...     name: HQ
...     units:
...       - {id: a, name: A, units: [{id: a1, name: A1}, {id: a2, name: A2}]}
...       - {id: b, name: B}
... links: [{kind: collaboration, from: a1, to: b}]
... ''')
>>> print(spans(org))
unit  name  layer  span  band
----  ----  -----  ----  ----
hq    HQ        1     2  2-3
a     A         2     2  2-3
>>> [(r["unit"], r["department"]) for r in collaboration(org)]
[('a1', 'a'), ('b', 'b')]
>>> silos(org)
[]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx

from .errors import MissingDependencyError, OrgError
from .rollup import own_value

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .model import Org

__all__ = [
    "BANDS",
    "Rows",
    "band_of",
    "collaboration",
    "collaboration_graph",
    "communities_vs_departments",
    "department_of",
    "departments",
    "layers",
    "outside_band",
    "parse_band",
    "responsibility_matrix",
    "shared_responsibilities",
    "silos",
    "span_bands",
    "spans",
    "units_without_responsibilities",
    "unowned_responsibilities",
]

#: OrgVue's span-of-control bands: ``(label, lowest span, highest span or None)``.
BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("1", 1, 1),
    ("2-3", 2, 3),
    ("4-7", 4, 7),
    ("8-12", 8, 12),
    ("13-16", 13, 16),
    ("17+", 17, None),
)

#: The default target band of :func:`outside_band`.
TARGET_BAND = "4-7"

PANDAS_HINT = "pip install 'orggraph[pandas]'"


# -- Rows ---------------------------------------------------------------------------------


class Rows(list[dict[str, Any]]):
    """The result of an analysis: a list of plain dicts, one per row.

    ``columns`` names the keys of each row, in order; ``kind`` is the name of the
    analysis that made it; ``org`` and ``options`` are what it was computed from (they
    let :meth:`plot` draw the matching chart). ``str(rows)`` is a text table.

    >>> rows = Rows([{"unit": "a", "span": 2}], columns=("unit", "span"), kind="example")
    >>> rows == [{"unit": "a", "span": 2}], rows.columns
    (True, ('unit', 'span'))
    >>> print(rows)
    unit  span
    ----  ----
    a        2
    """

    def __init__(
        self,
        rows: Iterable[dict[str, Any]] = (),
        *,
        columns: Sequence[str],
        kind: str,
        org: Org | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(rows)
        self.columns = tuple(columns)
        self.kind = kind
        self.org = org
        self.options = dict(options or {})

    def to_dataframe(self) -> Any:
        """The rows as a pandas ``DataFrame`` with :attr:`columns` (needs pandas).

        Raises :class:`orggraph.MissingDependencyError` when pandas is not installed.
        """
        import importlib

        try:
            pd = importlib.import_module("pandas")
        except ImportError:
            raise MissingDependencyError(f"to_dataframe needs pandas: {PANDAS_HINT}") from None
        return pd.DataFrame([dict(r) for r in self], columns=list(self.columns))

    def select(self, *columns: str) -> Rows:
        """The same rows with only *columns*, in that order (for reading wide tables).

        >>> rows = Rows([{"a": 1, "b": 2}], columns=("a", "b"), kind="example")
        >>> rows.select("b")
        [{'b': 2}]
        >>> rows.select("c")
        Traceback (most recent call last):
        ...
        orggraph.errors.OrgError: unknown column 'c'; choose from a, b
        """
        for c in columns:
            if c not in self.columns:
                raise OrgError(
                    f"unknown column {c!r}; choose from {', '.join(self.columns)}",
                    choices=self.columns,
                )
        return Rows(
            ({c: r[c] for c in columns} for r in self),
            columns=columns,
            kind=self.kind,
            org=self.org,
            options=self.options,
        )

    def to_records(self) -> list[dict[str, Any]]:
        """The rows as a plain ``list`` of new dicts (for JSON and CSV writers)."""
        return [{c: r.get(c) for c in self.columns} for r in self]

    def plot(self, **options: Any) -> Figure:
        """Draw the chart of this analysis; see :mod:`orggraph.renderers.analysis_plots`.

        *options* override those the analysis was run with (``lang=``, ``band=``,
        ``top=``, ``ax=``, ...). Returns the matplotlib ``Figure``.
        """
        from .renderers import analysis_plots

        return analysis_plots.plot(self, **options)

    def to_text(self) -> str:
        """The rows as an aligned text table (lists joined by commas, ``x`` for true)."""
        header = list(self.columns)
        body = [[_cell(r.get(c)) for c in header] for r in self]
        numeric = [
            bool(self)
            and all(
                isinstance(r.get(c), (int, float)) and not isinstance(r.get(c), bool) for r in self
            )
            for c in header
        ]
        widths = [max(_width(line[i]) for line in [header, *body]) for i in range(len(header))]
        lines = []
        for line in [header, ["-" * w for w in widths], *body]:
            cells = [
                _pad(cell, w, right=num) for cell, w, num in zip(line, widths, numeric, strict=True)
            ]
            lines.append("  ".join(cells).rstrip())
        if not self:
            lines.append("(none)")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def _width(s: str) -> int:
    """Terminal columns: East Asian wide and fullwidth characters count 2."""
    if s.isascii():
        return len(s)
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in s
    )


def _pad(s: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(0, width - _width(s))
    return fill + s if right else s + fill


# -- checking options -----------------------------------------------------------------------


def _check_bool(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise OrgError(f"{what} must be True or False, not {value!r}", choices=("True", "False"))
    return value


def _check_lang(lang: object) -> str | None:
    if lang is not None and not isinstance(lang, str):
        raise OrgError(f"lang must be a language code such as 'en', not {lang!r}")
    return lang


def _check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise OrgError(f"seed must be a whole number, not {seed!r}")
    return seed


# -- departments --------------------------------------------------------------------------


def _resolve_level(org: Org, level: str | int | None) -> str | int:
    """The unit type or depth that defines departments (see the module docstring)."""
    max_depth = max((org.depth(u) for u in org.units()), default=0)
    if level is None:
        return "department" if org.units(type="department") else min(1, max_depth)
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
    nodes = org._nodes
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


def band_of(span: int) -> str:
    """The label of the OrgVue band holding *span* (see :data:`BANDS`).

    >>> [band_of(n) for n in (1, 3, 4, 7, 8, 16, 17, 40)]
    ['1', '2-3', '4-7', '4-7', '8-12', '13-16', '17+', '17+']
    """
    for label, lo, hi in BANDS:
        if span >= lo and (hi is None or span <= hi):
            return label
    raise OrgError(f"a span of control is at least 1, not {span!r}")


def _band_label(lo: int, hi: int | None) -> str:
    if hi is None:
        return f"{lo}+"
    return str(lo) if lo == hi else f"{lo}-{hi}"


def parse_band(band: object) -> tuple[str, int, int | None]:
    """A target band as ``(label, lowest, highest or None)``.

    *band* is a label of :data:`BANDS`, a string ``"lo-hi"``, ``"lo+"`` or ``"n"``, or a
    pair ``(lo, hi)`` with ``hi=None`` for no upper limit.

    >>> parse_band("4-7"), parse_band((3, 8)), parse_band("10+"), parse_band((2, None))
    (('4-7', 4, 7), ('3-8', 3, 8), ('10+', 10, None), ('2+', 2, None))
    >>> parse_band("wide")
    Traceback (most recent call last):
    ...
    orggraph.errors.OrgError: unknown band 'wide'; choose one of 1, 2-3, 4-7, 8-12, 13-16, 17+, or give 'lo-hi', 'lo+' or a pair (lo, hi)
    """
    lo: object
    hi: object
    if isinstance(band, str):
        m = re.fullmatch(r"\s*(\d+)\s*(?:(-)\s*(\d+)|(\+))?\s*", band)
        if m is None:
            lo = hi = None
        else:
            lo = int(m.group(1))
            hi = int(m.group(3)) if m.group(2) else None if m.group(4) else lo
    elif isinstance(band, (tuple, list)) and len(band) == 2:
        lo, hi = band
    else:
        lo = hi = None
    ok = (
        isinstance(lo, int)
        and not isinstance(lo, bool)
        and lo >= 1
        and (hi is None or (isinstance(hi, int) and not isinstance(hi, bool) and hi >= lo))
    )
    if not ok or not isinstance(lo, int) or not (hi is None or isinstance(hi, int)):
        labels = [b[0] for b in BANDS]
        raise OrgError(
            f"unknown band {band!r}; choose one of {', '.join(labels)}, or give 'lo-hi', "
            "'lo+' or a pair (lo, hi)",
            choices=labels,
        )
    return _band_label(lo, hi), lo, hi


def spans(org: Org, *, lang: str | None = None) -> Rows:
    """Span of control of every manager: the number of its direct reports.

    A manager is a unit with at least one unit reporting to it; units without reports
    are left out. Rows in chart order: ``unit``, ``name`` (in *lang*), ``layer`` (1 is
    the top), ``span`` and ``band`` (OrgVue's band, see :data:`BANDS`).

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
    lang = _check_lang(lang)
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


def span_bands(org: Org) -> Rows:
    """How many managers fall in each of OrgVue's span bands (every band, even empty).

    Rows: ``band``, ``low``, ``high`` (``None`` for 17+), ``managers`` and ``share`` (of
    all managers; 0 when there are none).

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
        kind="span_bands",
        org=org,
        options={},
    )


def outside_band(
    org: Org, *, band: str | tuple[int, int | None] = TARGET_BAND, lang: str | None = None
) -> Rows:
    """Managers whose span of control lies outside the target *band*.

    *band* is a band label (``"4-7"`` by default; see :data:`BANDS`), ``"lo-hi"``,
    ``"lo+"`` or a pair ``(lo, hi)``. Rows are those of :func:`spans` plus ``side``:
    ``"below"`` (too narrow) or ``"above"`` (too wide).

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
    rows = []
    for r in spans(org, lang=lang):
        if r["span"] < lo:
            rows.append({**r, "side": "below"})
        elif hi is not None and r["span"] > hi:
            rows.append({**r, "side": "above"})
    return Rows(
        rows,
        columns=("unit", "name", "layer", "span", "band", "side"),
        kind="outside_band",
        org=org,
        options={"band": label, "lang": lang},
    )


def layers(org: Org) -> Rows:
    """The pyramid: units, managers and headcount in each layer (1 is the top).

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
    by_layer: dict[int, list[str]] = {}
    for u in org.units():
        by_layer.setdefault(org.depth(u) + 1, []).append(u)
    nodes = org._nodes
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


# -- responsibilities -----------------------------------------------------------------------


def _owners(org: Org) -> dict[str, list[str]]:
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
    lang = _check_lang(lang)
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
    across = _check_bool(across, "across")
    lang = _check_lang(lang)
    dept = department_of(org, level=level)
    rows: list[dict[str, Any]] = []
    for r, units in _owners(org).items():
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
    lang = _check_lang(lang)
    rows = [
        {"responsibility": r, "name": org.name(r, lang=lang)}
        for r, units in _owners(org).items()
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
    lang = _check_lang(lang)
    nodes = org._nodes
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


# -- collaboration --------------------------------------------------------------------------


def collaboration_graph(org: Org, *, dotted: bool = False) -> nx.Graph:
    """The collaboration network: an undirected, weighted ``networkx.Graph``.

    Nodes are the units with at least one collaboration link (chart order); an edge
    joins two units linked in either direction, with ``weight`` = the number of links
    between them and ``kinds`` = the sorted link kinds. With ``dotted=True`` dotted
    (matrix) reporting lines count as links too.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units: [{id: a, name: A}, {id: b, name: B, parent: a}, {id: c, name: C, parent: a}]
    ... links:
    ...   - {kind: collaboration, from: b, to: c}
    ...   - {kind: collaboration, from: c, to: b, relation: reviews}
    ...   - {kind: dotted, from: a, to: b}
    ... ''')
    >>> g = collaboration_graph(org)
    >>> list(g.nodes), list(g.edges(data=True))
    (['b', 'c'], [('b', 'c', {'weight': 2, 'kinds': ('collaboration',)})])
    >>> sorted(collaboration_graph(org, dotted=True).edges(data="kinds"))
    [('a', 'b', ('dotted',)), ('b', 'c', ('collaboration',))]
    """
    dotted = _check_bool(dotted, "dotted")
    kinds = ("collaboration", "dotted") if dotted else ("collaboration",)
    pairs: dict[frozenset[str], tuple[int, set[str]]] = {}
    for u, v, data in org.links():
        kind = str(data.get("kind"))
        if kind not in kinds or u == v:
            continue
        key = frozenset((u, v))
        weight, seen = pairs.get(key, (0, set()))
        pairs[key] = (weight + 1, seen | {kind})
    linked = {u for key in pairs for u in key}
    order = {u: i for i, u in enumerate(org.units())}
    graph = nx.Graph()
    graph.add_nodes_from(u for u in org.units() if u in linked)
    for key, (weight, seen) in sorted(
        pairs.items(), key=lambda kv: sorted(order[u] for u in kv[0])
    ):
        a, b = sorted(key, key=order.__getitem__)
        graph.add_edge(a, b, weight=weight, kinds=tuple(sorted(seen)))
    return graph


def _communities(graph: nx.Graph, order: Mapping[str, int], seed: int) -> list[list[str]]:
    """Louvain communities (fixed *seed*), largest first, each in chart order."""
    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    groups = [sorted(c, key=order.__getitem__) for c in found]
    groups.sort(key=lambda g: (-len(g), order[g[0]]))
    return groups


def collaboration(
    org: Org,
    *,
    dotted: bool = False,
    level: str | int | None = None,
    seed: int = 0,
    lang: str | None = None,
) -> Rows:
    """Each collaborating unit's place in the collaboration network.

    Rows (brokers first: by betweenness, then degree, then chart order): ``unit``,
    ``name``, ``department`` (see :func:`department_of` for *level*), ``degree`` (the
    number of distinct partners), ``links`` (the number of links, i.e. weighted degree),
    ``betweenness`` (normalised betweenness centrality: the share of shortest paths
    between other units that pass through this one; brokers score high) and
    ``community`` (1 = the largest Louvain community, found with the fixed *seed*).
    *dotted* adds dotted-line links to the network (:func:`collaboration_graph`).

    A path a - b - c - d: b and c each lie on 2 of the 3 shortest paths between
    the other units, so their normalised betweenness is 2/3.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units: [{id: a, name: A}, {id: b, name: B, parent: a}, {id: c, name: C, parent: a}, {id: d, name: D, parent: a}]
    ... links:
    ...   - {kind: collaboration, from: a, to: b}
    ...   - {kind: collaboration, from: b, to: c}
    ...   - {kind: collaboration, from: c, to: d}
    ... ''')
    >>> [(r["unit"], r["degree"], round(r["betweenness"], 3)) for r in collaboration(org)]
    [('b', 2, 0.667), ('c', 2, 0.667), ('a', 1, 0.0), ('d', 1, 0.0)]
    """
    lang = _check_lang(lang)
    seed = _check_seed(seed)
    dept = department_of(org, level=level)
    graph = collaboration_graph(org, dotted=dotted)
    order = {u: i for i, u in enumerate(org.units())}
    between = nx.betweenness_centrality(graph, normalized=True) if len(graph) else {}
    community = {
        u: i for i, group in enumerate(_communities(graph, order, seed), start=1) for u in group
    }
    rows = [
        {
            "unit": u,
            "name": org.name(u, lang=lang),
            "department": dept[u],
            "degree": graph.degree(u),
            "links": graph.degree(u, weight="weight"),
            "betweenness": float(between[u]),
            "community": community[u],
        }
        for u in graph.nodes
    ]
    rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], order[r["unit"]]))
    return Rows(
        rows,
        columns=("unit", "name", "department", "degree", "links", "betweenness", "community"),
        kind="collaboration",
        org=org,
        options={"dotted": dotted, "level": level, "seed": seed, "lang": lang},
    )


def communities_vs_departments(
    org: Org,
    *,
    dotted: bool = False,
    level: str | int | None = None,
    seed: int = 0,
    lang: str | None = None,
) -> Rows:
    """The communities of the collaboration network set against the formal departments.

    Communities are found with Louvain modularity (networkx, fixed *seed*, so the
    answer is reproducible). One row per community, largest first: ``community``,
    ``size``, ``units`` (chart order), ``departments`` (the departments of its units,
    most units first, ties in chart order; ``None`` for units above every department),
    ``main_department`` (the one department with more of the community's units than any
    other; ``None`` on a tie or when no unit has a department), ``main_name`` (its name)
    and ``purity`` (the share of the community's units in its largest department: 1 when
    the community is one department's own, lower when it cuts across departments; 0
    when none of its units has a department).

    Two triangles joined by one edge form two communities:

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - id: hq
    ...     name: HQ
    ...     units:
    ...       - {id: x, name: X, units: [{id: x1, name: X1}, {id: x2, name: X2}]}
    ...       - {id: y, name: Y, units: [{id: y1, name: Y1}, {id: y2, name: Y2}]}
    ... links:
    ...   - {kind: collaboration, from: x, to: x1}
    ...   - {kind: collaboration, from: x1, to: x2}
    ...   - {kind: collaboration, from: x2, to: x}
    ...   - {kind: collaboration, from: y, to: y1}
    ...   - {kind: collaboration, from: y1, to: y2}
    ...   - {kind: collaboration, from: y2, to: y}
    ...   - {kind: collaboration, from: x2, to: y1}
    ... ''')
    >>> [(r["units"], r["main_department"], r["purity"]) for r in communities_vs_departments(org)]
    [(['x', 'x1', 'x2'], 'x', 1.0), (['y', 'y1', 'y2'], 'y', 1.0)]
    """
    lang = _check_lang(lang)
    seed = _check_seed(seed)
    _check_bool(dotted, "dotted")
    dept = department_of(org, level=level)
    graph = collaboration_graph(org, dotted=dotted)
    order = {u: i for i, u in enumerate(org.units())}
    rows = []
    for i, group in enumerate(_communities(graph, order, seed), start=1):
        counts = Counter(dept[u] for u in group)
        ranked = sorted(
            counts,
            key=lambda d: (-counts[d], d is None, order[d] if d is not None else 0),
        )
        real = [d for d in ranked if d is not None]
        top = counts[real[0]] if real else 0
        # The main department must be unique: a tie has none.
        main = real[0] if real and (len(real) == 1 or counts[real[1]] < top) else None
        rows.append(
            {
                "community": i,
                "size": len(group),
                "units": group,
                "departments": ranked,
                "main_department": main,
                "main_name": org.name(main, lang=lang) if main is not None else None,
                "purity": top / len(group),
            }
        )
    return Rows(
        rows,
        columns=(
            "community",
            "size",
            "units",
            "departments",
            "main_department",
            "main_name",
            "purity",
        ),
        kind="communities_vs_departments",
        org=org,
        options={"dotted": dotted, "level": level, "seed": seed, "lang": lang},
    )


def silos(
    org: Org, *, level: str | int | None = None, dotted: bool = False, lang: str | None = None
) -> Rows:
    """Departments none of whose units collaborate with a unit outside the department.

    *level* chooses the departments (see :func:`department_of`); *dotted* counts dotted
    lines as collaboration too. Rows in chart order: ``department``, ``name``,
    ``units`` (the department's units, itself included) and ``internal`` (links between
    its own units; 0 means it has no collaboration links at all).

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - id: hq
    ...     name: HQ
    ...     units:
    ...       - {id: a, name: A, units: [{id: a1, name: A1}]}
    ...       - {id: b, name: B, units: [{id: b1, name: B1}]}
    ...       - {id: c, name: C}
    ...       - {id: d, name: D}
    ... links:
    ...   - {kind: collaboration, from: a, to: a1}
    ...   - {kind: collaboration, from: b1, to: c}
    ...   - {kind: dotted, from: hq, to: d}
    ... ''')
    >>> print(silos(org))
    department  name  units  internal
    ----------  ----  -----  --------
    a           A         2         1
    d           D         1         0
    >>> [r["department"] for r in silos(org, dotted=True)]
    ['a']
    """
    lang = _check_lang(lang)
    dept = department_of(org, level=level)
    graph = collaboration_graph(org, dotted=dotted)
    members = Counter(d for d in dept.values() if d is not None)
    internal: Counter[str] = Counter()
    outside: set[str] = set()
    for u, v, weight in graph.edges(data="weight"):
        du, dv = dept[u], dept[v]
        if du is not None and du == dv:
            internal[du] += weight
            continue
        outside.update(d for d in (du, dv) if d is not None)
    rows = [
        {
            "department": d,
            "name": org.name(d, lang=lang),
            "units": members[d],
            "internal": internal[d],
        }
        for d in departments(org, level=level)
        if d not in outside
    ]
    return Rows(
        rows,
        columns=("department", "name", "units", "internal"),
        kind="silos",
        org=org,
        options={"level": level, "dotted": dotted, "lang": lang},
    )
