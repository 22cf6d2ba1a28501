"""Rollups: a measure summed over a unit and everything under it.

Unknown is not zero: a unit whose figure is missing (a post with ``seats: null``, a
post without a salary, an attribute set to ``null`` or not given at all) adds what it
knows and is listed in :attr:`Rollup.unknown`.

Figures have a range (:data:`MAX_SEATS`, :data:`MAX_SALARY`, :data:`MAX_MEASURE`) that
no real organisation reaches and that keeps every output exact; loaders refuse figures
beyond it (:func:`out_of_range`); readers parse a figure's text with
:func:`parse_figure`.

>>> Rollup(23000, ("tech",))
Rollup(value=23000, unknown=('tech',))
>>> print(Rollup(23000, ("tech",)))
≥ 23,000 (1 unit unknown)
>>> print(Rollup(12.5, ()))
12.5
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from numbers import Real
from typing import TYPE_CHECKING, Any, Literal

from orggraph.core.rows import Rows
from orggraph.errors import MeasureError

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = [
    "AT_LEAST",
    "BUILTIN_MEASURES",
    "MAX_MEASURE",
    "MAX_SALARY",
    "MAX_SEATS",
    "MISSING",
    "PEOPLE_MEASURES",
    "BuiltinMeasure",
    "Number",
    "Period",
    "Rollup",
    "RollupTable",
    "bound_text",
    "filled_seats",
    "format_number",
    "holder_key",
    "holders_fte",
    "monthly_salary",
    "out_of_range",
    "own_value",
    "own_values",
    "parse_figure",
    "post_value",
    "unit_people",
]

Number = int | float
#: The period a salary figure is for.
Period = Literal["month", "year"]
#: The built-in measures' names (any numeric ``attrs`` key is a measure too).
BuiltinMeasure = Literal["seats", "budget", "filled", "vacancies", "fte", "people"]

#: The measures every organisation has, from its posts (see :func:`post_value`).
BUILTIN_MEASURES = ("seats", "budget", "filled", "vacancies", "fte", "people")
#: Built-in measures that older files gave in ``attrs``: where any unit does, the
#: measure is read from ``attrs`` for every unit, as before (old files keep their meaning).
PEOPLE_MEASURES = ("vacancies", "fte", "people")

#: The most seats (or filled seats) one post may have: a billion.
MAX_SEATS = 10**9
#: The highest monthly salary of one seat: a million million, in any currency.
MAX_SALARY = 10**12
#: The largest magnitude of a number in ``attrs`` (a rollup measure): 10^18, which
#: fits a 64-bit integer.
MAX_MEASURE = 10**18


def _describe(value: Number) -> str:
    """A figure for a message; a very long whole number by its length only."""
    if isinstance(value, int) and value.bit_length() > 64:
        digits = len(str(abs(value))) if value.bit_length() < 14000 else None
        return f"a {digits:,}-digit number" if digits else "a number of over 4,000 digits"
    return repr(value)


def out_of_range(value: Number, limit: int, *, signed: bool = False) -> str | None:
    """Why *value* is not a figure up to *limit* (``-limit`` too if *signed*), or ``None``.

    >>> out_of_range(12, MAX_SEATS) is None
    True
    >>> out_of_range(10**3000, MAX_SEATS)
    'must be at most 1,000,000,000, not a 3,001-digit number'
    >>> out_of_range(float("nan"), MAX_MEASURE, signed=True)
    'must be a finite number, not nan'
    """
    if value != value or value in (float("inf"), float("-inf")):
        return f"must be a finite number, not {value!r}"
    if value > limit:
        return _beyond(limit, _describe(value))
    if signed and value < -limit:
        return _beyond(-limit, _describe(value))
    return None


def _beyond(bound: int, described: str) -> str:
    return f"must be at {'most' if bound > 0 else 'least'} {bound:,}, not {described}"


def parse_figure(value: str | Number) -> Number:
    """A figure as a file gives it, as text or as the number a parser made of it, read
    exactly: whole text is an int however long (``"2.0"`` and ``"1e3"`` too), other text
    a float. Text that is no number, NaN, infinities and whatever lies beyond the widest
    range of any figure (+-:data:`MAX_MEASURE`) are a ``ValueError`` with the message of
    :func:`out_of_range`, for the reader to raise at the figure's place: a whole number
    beyond it has no float, so it must be refused before anything converts it. Each
    figure's own range (:data:`MAX_SALARY`...) is the schema's to check.

    >>> parse_figure(" 9007199254740993 "), parse_figure("2.0"), parse_figure("2500.5")
    (9007199254740993, 2, 2500.5)
    >>> parse_figure("9" * 3000)
    Traceback (most recent call last):
    ValueError: must be at most 1,000,000,000,000,000,000, not a 3,000-digit number
    >>> parse_figure("-inf")
    Traceback (most recent call last):
    ValueError: must be a finite number, not -inf
    """
    if isinstance(value, str):
        value = _figure_text(value)
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"must be a number, not {value!r}")
    problem = out_of_range(value, MAX_MEASURE, signed=True)
    if problem:
        raise ValueError(problem)
    return value


def _figure_text(text: str) -> Number:
    try:
        amount = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError("must be a number such as 12 or 2500.5") from None
    if amount.is_nan():
        return math.nan
    if amount.is_infinite():
        return math.copysign(math.inf, amount)
    if amount.adjusted() >= len(str(MAX_MEASURE)):
        # Beyond the range by its digits alone: said without making a number of it (an
        # int of "1e999999999" would not fit in memory, a float of it is inf).
        bound = MAX_MEASURE if amount > 0 else -MAX_MEASURE
        raise ValueError(_beyond(bound, f"a {amount.adjusted() + 1:,}-digit number"))
    if amount == amount.to_integral_value():
        return int(amount)
    return float(amount)


MISSING = "?"
"""What a figure reads when nothing of it is known (its known part is zero)."""
AT_LEAST = "≥"
"""What goes before a figure some parts of which are unknown."""


def bound_text(value: Number, complete: bool) -> str:
    """A figure as every output says it: ``"1,200"``, ``"≥ 1,200"`` when some parts are
    unknown, or ``"?"`` when nothing is (unknown parts and a known part of zero, which
    ``≥ 0`` would only pretend to tell).

    >>> bound_text(1200, True), bound_text(1200, False), bound_text(0, False)
    ('1,200', '≥ 1,200', '?')
    """
    if complete:
        return format_number(value)
    return MISSING if value == 0 else f"{AT_LEAST} {format_number(value)}"


def format_number(value: Number) -> str:
    """Thousands separators; integral floats without a fraction.

    >>> format_number(1234567), format_number(2.50), format_number(3.0)
    ('1,234,567', '2.5', '3')
    """
    if isinstance(value, float):
        if value.is_integer():
            return f"{int(value):,}"
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:,}"


@dataclass(frozen=True, slots=True, repr=False)
class Rollup:
    """The sum of what is known (``value``) and the units whose figure is missing."""

    value: Number
    unknown: tuple[str, ...] = ()

    def __repr__(self) -> str:
        shown = self.unknown[:8]
        more = f", ... +{len(self.unknown) - 8} more" if len(self.unknown) > 8 else ""
        ids = ", ".join(repr(u) for u in shown) + ("," if len(shown) == 1 and not more else "")
        return f"Rollup(value={self.value!r}, unknown=({ids}{more}))"

    @property
    def complete(self) -> bool:
        """True when no unit's figure is missing."""
        return not self.unknown

    def __str__(self) -> str:
        text = self.short()
        if not self.unknown:
            return text
        n = len(self.unknown)
        return f"{text} ({n} unit{'s' if n != 1 else ''} unknown)"

    def short(self) -> str:
        """``"23,000"``, ``"≥ 23,000"`` or ``"?"`` (:func:`bound_text`).

        >>> Rollup(5, ("x",)).short(), Rollup(0, ("x",)).short()
        ('≥ 5', '?')
        """
        return bound_text(self.value, not self.unknown)


def _posts(data: Mapping[str, Any]) -> tuple[Mapping[str, Any], ...]:
    head = data.get("head")
    staff = data.get("staff")
    return (*(() if head is None else (head,)), *(staff or ()))


def holders_fte(holders: Sequence[Any]) -> float:
    """The FTE the *holders* of one post give together: 1 each, unless an assignment
    says less (``{person: ID, fte: 0.5}``).

    >>> holders_fte(["Ann", {"person": "p2", "fte": 0.5}])
    1.5
    """
    total = 0.0
    for h in holders:
        fte = h.get("fte") if isinstance(h, Mapping) else None
        total += 1.0 if fte is None else fte
    return total


def filled_seats(post: Mapping[str, Any]) -> int | None:
    """How many of a post's seats are filled (``None``: unknown). Holders, when the
    post lists them, decide: a seat is filled at any FTE and a job share fills one seat
    (``ceil`` of the holders' FTE, at most the seats). Without ``holders`` the explicit
    ``filled`` figure counts.

    >>> filled_seats({"seats": 1, "holders": [{"person": "a", "fte": 0.5}, {"person": "b", "fte": 0.5}]})
    1
    >>> filled_seats({"seats": 3, "holders": []}), filled_seats({"seats": 3})
    (0, None)
    """
    holders = post.get("holders")
    if holders is None:
        filled = post.get("filled")
        return None if filled is None else int(filled)
    if not holders:
        return 0
    need = max(1, math.ceil(holders_fte(holders) - 1e-9))
    seats = post.get("seats", 1)
    return need if seats is None else min(int(seats), need)


def monthly_salary(post: Mapping[str, Any], period: str = "month") -> Number | None:
    """A post's salary per seat per month: a band counts at its midpoint and a yearly
    figure (the post's ``salary_period``, else *period*, the organisation's) is divided
    by 12. ``None`` when unknown.

    >>> monthly_salary({"salary": {"min": 30000, "max": 42000}}, "year")
    3000.0
    """
    salary = post.get("salary")
    if isinstance(salary, Mapping):
        low, high = salary.get("min"), salary.get("max")
        salary = None if low is None or high is None else (low + high) / 2
    if salary is None:
        return None
    figure: Number = salary
    return figure / 12 if (post.get("salary_period") or period) == "year" else figure


def post_value(post: Mapping[str, Any], measure: str, period: str = "month") -> Number | None:
    """One post's own figure for a built-in *measure*, ``None`` when unknown; ``0`` for a
    post that does not count (``counts: false``: board members, contractors).

    >>> post = {"seats": 2, "salary": 100, "holders": ["Ann"]}
    >>> [post_value(post, m) for m in ("seats", "budget", "filled", "vacancies", "fte")]
    [2, 200, 1, 1, 2.0]
    """
    if post.get("counts") is False:
        return 0
    seats = post.get("seats", 1)  # absent means 1, as in the file format
    if measure == "seats":
        return seats  # type: ignore[no-any-return]
    if measure == "budget":
        salary = monthly_salary(post, period)
        return None if seats is None or salary is None else seats * salary
    if measure == "fte":
        fte = post.get("fte")
        return fte if fte is not None else (None if seats is None else float(seats))
    filled = filled_seats(post)
    if measure == "filled":
        return filled
    if post.get("status") == "eliminated":  # being removed: never a vacancy
        return 0
    return None if seats is None or filled is None else max(0, seats - filled)


def holder_key(holder: Any) -> str:
    """Who a holder entry names: a plain name or person id, or an assignment's person."""
    return str(holder["person"]) if isinstance(holder, Mapping) else str(holder)


def unit_people(data: Mapping[str, Any]) -> int | None:
    """How many distinct people hold the counting posts of one unit (``None`` when a
    post's holders are unknown), as the holder entries name them. An ``Org`` counts
    ``people`` with :class:`orggraph.core.people.PeopleIndex` instead, which resolves
    names to declared people and counts a person once in every subtree; this is the
    store's answer, for a unit on its own.

    >>> unit_people({"head": {"holders": ["Ann"]}, "staff": [{"holders": ["Ann", "Bo"]}]})
    2
    """
    found: set[str] = set()
    for post in _posts(data):
        if post.get("counts") is False:
            continue
        holders = post.get("holders")
        if holders is None:
            return None
        found.update(map(holder_key, holders))
    return len(found)


def own_values(
    datas: Sequence[Mapping[str, Any]],
    measure: str,
    uids: Sequence[str],
    *,
    period: str = "month",
    from_attrs: bool = False,
) -> tuple[list[Number], list[bool]]:
    """The units' own figures for *measure* (not their subordinates'): ``(values,
    known)``, one of each per unit data dict in *datas* (*uids* name them in errors).

    This is the rule, written once: a built-in measure adds up the unit's posts'
    figures (:func:`post_value`); a post whose figure is missing (``None``) makes the
    unit's figure unknown, and the known posts still add up. Any other measure is the
    number in ``attrs`` under that key; not given or ``null`` is unknown, never zero. So
    is a built-in measure of :data:`PEOPLE_MEASURES` when *from_attrs* (the store says
    so when any unit gives it in ``attrs``: older files did). Money is per
    month (*period* is the organisation's ``salary_period``). Both unit stores answer
    with it (:mod:`orggraph.core.store`); a table import reads the same figures off its
    columns, held to this rule by a property test.

    >>> own_values([{"staff": [{"seats": 2, "salary": 5}]}, {}], "budget", ["a", "b"])
    ([10, 0], [True, True])
    >>> own_values([{"head": {"title": "Boss"}, "staff": [{"seats": None}]}], "seats", ["a"])
    ([1], [False])
    >>> own_values([{"attrs": {"fte": 2.5}, "staff": [{"seats": 4}]}, {}], "fte", ["a", "b"])
    ([4.0, 0], [True, True])
    >>> own_values([{"attrs": {"fte": 2.5}, "staff": [{"seats": 4}]}, {}], "fte", ["a", "b"], from_attrs=True)
    ([2.5, 0], [True, False])
    """
    values: list[Number] = []
    known: list[bool] = []
    add_value, add_known = values.append, known.append
    by_attrs = measure not in BUILTIN_MEASURES or (from_attrs and measure in PEOPLE_MEASURES)
    for data, uid in zip(datas, uids, strict=True):
        if by_attrs:
            value = (data.get("attrs") or {}).get(measure)
            if value is None:  # not given or null: unknown, never a real zero
                add_value(0)
                add_known(False)
            elif isinstance(value, bool) or not isinstance(value, Real):
                raise MeasureError(
                    f"attribute {measure!r} of unit {uid!r} is {value!r}, not a number",
                    ids=(uid,),
                )
            else:
                add_value(value)  # type: ignore[arg-type]
                add_known(True)
            continue
        if measure == "people":
            count = unit_people(data)
            add_value(count or 0)
            add_known(count is not None)
            continue
        total: Number = 0
        ok = True
        for post in _posts(data):
            figure = post_value(post, measure, period)
            if figure is None:
                ok = False
            else:
                total += figure
        add_value(total)
        add_known(ok)
    return values, known


def own_value(data: Mapping[str, Any], measure: str, uid: str = "?") -> tuple[Number, bool]:
    """One unit's own figure for *measure*: ``(value, known)`` (see :func:`own_values`).

    >>> own_value({"head": {"seats": 1, "salary": 100}, "staff": [{"seats": 2, "salary": None}]}, "budget")
    (100, False)
    >>> own_value({"attrs": {"desks": 2.5}}, "desks")
    (2.5, True)
    >>> own_value({"attrs": {}}, "headcount_fte")  # not given: unknown, as a blank cell is
    (0, False)
    """
    values, known = own_values((data,), measure, (uid,))
    return values[0], known[0]


class RollupTable(Mapping[str, dict[str, Rollup]]):
    """Every unit's rollups, computed in one post-order pass.

    ``table[id]`` is ``{measure: Rollup}``; :meth:`value` and :meth:`unknown_count` read
    single figures without building the list of unknown units.
    """

    def __init__(
        self,
        org: Org,
        measures: Sequence[str],
        values: dict[str, list[Number]],
        counts: dict[str, list[int]],
        own_known: dict[str, list[bool]],
    ) -> None:
        # Figures are by the organisation's row (org._index), not by chart order: no
        # second id -> position map for a million units.
        self._org = org
        self.measures = tuple(measures)
        self._index = org._index
        self._values = values
        self._counts = counts
        self._own_known = own_known

    def __len__(self) -> int:
        return len(self._index)

    def __iter__(self) -> Iterator[str]:
        return iter(self._org._preorder)

    def _i(self, uid: str) -> int:
        try:
            return self._index[uid]
        except KeyError:
            self._org._check(uid)
            raise

    def value(self, uid: str, measure: str) -> Number:
        """The known part of *measure* for *uid*'s rollup."""
        return self._values[measure][self._i(uid)]

    def unknown_count(self, uid: str, measure: str) -> int:
        """How many units under (and including) *uid* miss their *measure* figure."""
        return self._counts[measure][self._i(uid)]

    def columns(self, measure: str, ids: Sequence[str]) -> tuple[list[Number], list[int]]:
        """The rolled-up values of *measure* for *ids* and how many units each misses:
        :meth:`value` and :meth:`unknown_count` for many units at once.

        >>> import orggraph as og
        >>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B, staff: [{title: x}]}]}]")
        >>> org.rollup_table().columns("budget", ["a", "b"])
        ([0, 0], [1, 1])
        """
        index, values, counts = self._index, self._values[measure], self._counts[measure]
        rows = [index[u] for u in ids]
        return [values[i] for i in rows], [counts[i] for i in rows]

    def __getitem__(self, uid: str) -> dict[str, Rollup]:
        i = self._i(uid)
        out = {}
        for m in self.measures:
            unknown: tuple[str, ...] = ()
            if self._counts[m][i]:
                flags = self._own_known[m]
                unknown = tuple(
                    u for u in [uid, *self._org.descendants(uid)] if not flags[self._index[u]]
                )
            out[m] = Rollup(self._values[m][i], unknown)
        return out

    def __repr__(self) -> str:
        return f"<RollupTable of {', '.join(self.measures)}: {len(self)} units>"

    def _repr_html_(self) -> str:
        """A notebook shows the table's rows (the first 200 of a big organisation)."""
        rows = self.rows()
        more = len(rows) - 200
        html = Rows(rows[:200], columns=rows.columns, kind=rows.kind)._repr_html_()
        return html + (f"<p>... and {more:,} more units</p>" if more > 0 else "")

    def rows(self, *, lang: str | None = None) -> Rows:
        """One plain dict per unit, in chart order: id, name, depth, parent, then per
        measure its value and ``<measure>_unknown`` (the number of units missing it)."""
        org = self._org
        ids = org._ids
        out = []
        for i in org._order:
            uid = ids[i]
            row: dict[str, Any] = {
                "id": uid,
                "name": org.name(uid, lang=lang),
                "depth": org.depth(uid),
                "parent": org.parent(uid),
            }
            for m in self.measures:
                row[m] = self._values[m][i]
                row[f"{m}_unknown"] = self._counts[m][i]
            out.append(row)
        columns = ["id", "name", "depth", "parent"]
        for m in self.measures:
            columns += [m, f"{m}_unknown"]
        return Rows(out, columns=columns, kind="rollup_table")
