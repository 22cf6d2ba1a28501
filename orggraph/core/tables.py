"""Unit data of a table import, held as columns.

A million-row import keeps one list per column instead of a dict per unit.
:class:`TableUnits` is the ``id -> node data`` mapping of such an organisation: a unit's
dict is built the first time something asks for it (and kept), while rollups read the
number columns directly (:meth:`TableUnits.own_values`). It is one of the two unit
stores (:class:`orggraph.core.store.UnitStore`).

>>> units = TableUnits(
...     ["a", "b"],
...     {"a": 0, "b": 1},
...     name=[(None, ["A", "B"])],
...     head_title=[(None, ["Boss", ""])],
...     head_salary=[100, None],
...     staff_title=[(None, ["", "Clerk"])],
...     seats=[None, 3],
...     salary=[None, 20],
... )
>>> units["b"]["staff"]
[{'title': 'Clerk', 'seats': 3, 'salary': 20}]
>>> units.own_values("budget")
([100, 60], [True, True])
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterator, Mapping, Sequence
from itertools import compress
from typing import Any

from orggraph.core.rollup import PEOPLE_MEASURES, Number, own_values

__all__ = ["TableUnits", "Text", "any_bool", "any_text", "number_column", "parse_number"]

SEP = ";"

# A text field: (language, column) pairs; one (None, column) pair for plain text.
Text = Sequence[tuple[str | None, Sequence[str]]] | None


def parse_number(text: str) -> int | float:
    """A cell's text as a number: ``"3"`` -> 3, ``"3.5"`` -> 3.5, ``"1,200"`` -> 1200.

    Raises ValueError for anything else (including NaN and infinities).

    >>> parse_number("1,200"), parse_number("-2.5")
    (1200, -2.5)
    """
    text = text.strip()
    if "," in text or "_" in text:
        text = text.replace(",", "").replace("_", "")
    if "." not in text and "e" not in text and "E" not in text:
        try:
            return int(text)
        except ValueError:
            pass
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def number_column(cells: Sequence[str]) -> tuple[list[Any], list[int]]:
    """Parse a column of stripped cells: ``(values, rows that are not numbers)``.

    Blank cells are ``None`` (unknown). Figures in HR tables repeat (salary bands, seat
    counts), so each distinct cell is parsed once and the column is mapped at C speed;
    a column of mostly distinct cells goes through ``int``/``float`` first, and only the
    cells those disagree with :func:`parse_number` on are looked at again.

    >>> number_column(["3", "", "2.5", "1,200", "x", "nan", "-4"])
    ([3, None, 2.5, 1200, None, None, -4], [4, 5])
    """
    distinct = set(cells)
    if len(distinct) * 4 <= len(cells):
        parsed: dict[str, Any] = {}
        wrong: set[str] = set()
        for x in distinct:
            try:
                parsed[x] = parse_number(x) if x else None
            except ValueError:
                parsed[x] = None
                wrong.add(x)
        values = list(map(parsed.__getitem__, cells))
        bad = [i for i, x in enumerate(cells) if x in wrong] if wrong else []
        return values, bad
    try:
        return [int(x) if x else None for x in cells], []
    except ValueError:
        pass
    try:
        # "." means float() and parse_number() agree, up to overflow (checked below);
        # anything else that is not plain digits takes the careful way.
        values = [
            float(x) if "." in x else int(x) if x.isdigit() else parse_number(x) if x else None
            for x in cells
        ]
        redo: Sequence[int] = [] if math.isfinite(sum(filter(None, values))) else range(len(cells))
    except (ValueError, OverflowError):  # OverflowError: a huge int summed with a float
        redo = range(len(cells))
        values = [None] * len(cells)
    bad = []
    for i in redo:
        x = cells[i]
        if not x:
            continue
        try:
            values[i] = parse_number(x)
        except (ValueError, TypeError):
            values[i] = None
            bad.append(i)
    return values, bad


def any_text(text: Text, n: int) -> Sequence[Any]:
    """Per row: is there any text in *text*? (truthy cells, or ``False``s if no column)"""
    if not text:
        return [False] * n
    columns = [col for _, col in text]
    for col in columns:
        if "" not in col:
            return col  # no blank cell: every row has text
    if len(columns) == 1:
        return columns[0]
    # max() of strings is non-blank if any is: a C-level pass instead of a comprehension
    return list(map(max, *columns))


def any_bool(text: Text, n: int) -> list[bool]:
    """:func:`any_text` as bools, which later passes test without touching the cells.

    >>> any_bool([("zh", ["甲", "", ""]), ("en", ["A", "B", ""])], 3)
    [True, True, False]
    """
    if not text:
        return [False] * n
    columns = [col for _, col in text]
    out = list(map(bool, columns[0]))
    if len(columns) > 1 and not all(out):
        rest = columns[1:]
        for i in compress(range(n), map(operator.not_, out)):  # only rows still blank
            for col in rest:
                if col[i]:
                    out[i] = True
                    break
    return out


def _in_language(
    text: Text, rows: Sequence[int], lang: str | None, default_lang: str | None
) -> list[Any]:
    """Row by row, the text in *lang*, else *default_lang*, else its first language
    (as :func:`orggraph.names.text` picks); ``None`` where every cell is blank.

    >>> _in_language([("zh", ["甲", ""]), ("en", ["A", "B"])], [0, 1], "zh", None)
    ['甲', 'B']
    """
    if not text:
        return [None] * len(rows)
    columns = dict(text)
    prefer = [code for code in (lang, default_lang) if code in columns]
    order = list(dict.fromkeys([*prefer, *columns]))
    first = columns[order[0]]
    out: list[Any] = [first[i] or None for i in rows]
    for code in order[1:]:
        blank = [k for k, v in enumerate(out) if v is None]
        if not blank:
            break
        col = columns[code]
        for k in blank:
            out[k] = col[rows[k]] or None
    return out


def _text(text: Text, i: int) -> Any:
    if not text:
        return None
    if text[0][0] is None:
        return text[0][1][i] or None
    out = {lang: col[i] for lang, col in text if col[i]}
    return out or None


class TableUnits(Mapping[str, dict[str, Any]]):
    """``id -> node data`` for units held as columns (row *i* is unit ``ids[i]``).

    Every column is a list of cells (stripped text, ``""`` for blank) or of parsed
    numbers (``None`` for blank). *has_head* and *has_staff* (truthy per row) say which
    rows have those posts, when the caller knows it from the raw cells. Text fields take one column or ``[(lang, column)]``.
    Unit dicts are built on first access, in the shape :mod:`orggraph.io.tables` gives
    them: ``kind``, ``name``, then ``type``, ``head``, ``staff`` and ``attrs`` where the
    row has them. Equal titles and posts are shared objects (the data is read-only).
    """

    def __init__(
        self,
        ids: Sequence[str],
        index: Mapping[str, int],
        *,
        name: Text,
        type: Sequence[str] | None = None,
        head_title: Text = None,
        head_salary: Sequence[Any] | None = None,
        head_pay: Sequence[str] | None = None,
        holders: Sequence[str] | None = None,
        staff_title: Text = None,
        seats: Sequence[Any] | None = None,
        salary: Sequence[Any] | None = None,
        pay: Sequence[str] | None = None,
        measures: Sequence[tuple[str, Sequence[Any]]] = (),
        has_head: Sequence[Any] | None = None,
        has_staff: Sequence[Any] | None = None,
    ) -> None:
        n = len(ids)
        self._ids = ids
        self._index = index
        self._name = name
        self._type = type
        self._head_title = head_title
        self._head_salary = head_salary
        self._head_pay = head_pay
        self._holders = holders
        self._staff_title = staff_title
        self._seats = seats
        self._salary = salary
        self._pay = pay
        self._measures = list(measures)
        # Per row (truthy or not): is there a head post, a staff post?
        self._has_head = any_text(head_title, n) if has_head is None else has_head
        if has_staff is None:
            has_staff = any_text(
                [*(staff_title or []), *([(None, pay)] if pay is not None else [])], n
            )
            for col in (seats, salary):
                if col is not None:
                    has_staff = [a or b is not None for a, b in zip(has_staff, col, strict=True)]
        self._has_staff = has_staff
        self._cache: dict[str, dict[str, Any]] = {}
        self._misses = 0
        self._bulk_after = max(1000, n // 16)
        self._shared: dict[Any, Any] = {}
        self._posts: dict[tuple[Any, ...], dict[str, Any]] = {}

    # -- the mapping -----------------------------------------------------------------

    def __getitem__(self, uid: str) -> dict[str, Any]:
        data = self._cache.get(uid)
        if data is None:
            i = self._index[uid]
            self._misses += 1
            if self._misses > self._bulk_after:
                # Something walks the whole organisation (a chart, an export, the graph):
                # build the rest in one columnar pass, several times cheaper per unit.
                self._build_all()
                return self._cache[uid]
            data = self._cache[uid] = self._build(i)
        return data

    def __contains__(self, uid: object) -> bool:
        return uid in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def _same(self, value: Any) -> Any:
        key = tuple(value.items()) if value.__class__ is dict else value
        return self._shared.setdefault(key, value)

    def _build(self, i: int) -> dict[str, Any]:
        head = self._same(_text(self._head_title, i)) if self._has_head[i] else None
        staff = _text(self._staff_title, i) if self._has_staff[i] else None
        if staff is not None:
            staff = self._same(staff)
        return self._rows([i], [_text(self._name, i)], [head], [staff])[0]

    def _texts(self, text: Text, rows: Sequence[Any], *, share: bool) -> list[Any]:
        """:func:`_text` for every row where *rows* is truthy (``None`` elsewhere)."""
        if not text:
            return [None] * len(rows)
        if text[0][0] is None:
            same = self._same if share else lambda x: x
            return [same(c) if r and c else None for r, c in zip(rows, text[0][1], strict=True)]
        langs = [lang for lang, _ in text]
        memo: dict[tuple[str, ...], Any] = {}
        out: list[Any] = []
        add = out.append
        for r, cells in zip(rows, zip(*(col for _, col in text), strict=True), strict=True):
            if not r:
                add(None)
                continue
            found = memo.get(cells) if share else None
            if found is None:
                value: dict[str | None, str] | None
                if all(cells):  # every language given: the common case, built in C
                    value = dict(zip(langs, cells, strict=True))
                else:
                    value = {lang: c for lang, c in zip(langs, cells, strict=True) if c} or None
                found = self._same(value) if share and value is not None else value
                if share:
                    memo[cells] = found
            add(found)
        return out

    def _build_all(self) -> None:
        from orggraph.core.gcpause import paused

        ids, cache = self._ids, self._cache
        with paused():
            need = [uid not in cache for uid in ids]
            names = self._texts(self._name, need, share=False)
            heads = self._texts(self._head_title, self._has_head, share=True)
            staff = self._texts(self._staff_title, self._has_staff, share=True)
            rows = list(compress(range(len(ids)), need))
            built = self._rows(
                rows, [names[i] for i in rows], [heads[i] for i in rows], [staff[i] for i in rows]
            )
            cache.update(zip([ids[i] for i in rows], built, strict=True))

    def _rows(
        self, rows: Sequence[int], names: Sequence[Any], heads: Sequence[Any], staff: Sequence[Any]
    ) -> list[dict[str, Any]]:
        """The unit dicts of *rows*, given their names and (shared) head and staff titles."""
        ids, kinds, has_head, has_staff = self._ids, self._type, self._has_head, self._has_staff
        hsal, hpay, holders = self._head_salary, self._head_pay, self._holders
        seats, salary, pay = self._seats, self._salary, self._pay
        measures = self._measures
        same, posts = self._same, self._posts
        out = []
        for i, name, head, title in zip(rows, names, heads, staff, strict=True):
            if name is None:
                name = ids[i]
            data: dict[str, Any] = {"kind": "unit", "name": name}
            if kinds is not None and kinds[i]:
                data["type"] = same(kinds[i])
            if has_head[i]:
                post: dict[str, Any] = {"title": head, "seats": 1}
                if hsal is not None and hsal[i] is not None:
                    post["salary"] = hsal[i]
                if hpay is not None and hpay[i]:
                    post["pay"] = same(hpay[i])
                people = None
                if holders is not None and holders[i]:
                    people = [h.strip() for h in holders[i].split(SEP) if h.strip()]
                    post["holders"] = people
                # Equal posts are one shared object (titles are shared already, see _same).
                # A holders cell without names still gives the post "holders": [].
                held = None if people is None else tuple(people)
                key = (id(head), 1, post.get("salary"), post.get("pay"), held)
                data["head"] = posts.setdefault(key, post)
            if has_staff[i]:
                if title is None:
                    title = name
                post = {"title": title, "seats": 1}
                if seats is not None:
                    post["seats"] = seats[i]
                if salary is not None and salary[i] is not None:
                    post["salary"] = salary[i]
                if pay is not None and pay[i]:
                    post["pay"] = same(pay[i])
                key = (id(title), post["seats"], post.get("salary"), post.get("pay"), None)
                data["staff"] = [posts.setdefault(key, post)]
            if measures:
                data["attrs"] = {m: col[i] for m, col in measures}
            out.append(data)
        return out

    # -- the unit store (orggraph.core.store.UnitStore) ---------------------------------

    @property
    def data(self) -> TableUnits:
        """The units' data by id: this mapping itself."""
        return self

    def labels(
        self, rows: Sequence[int], lang: str | None, default_lang: str | None
    ) -> tuple[list[str], list[str | None], list[Any]]:
        """Names and head titles (``None`` without a head) of *rows* in *lang*, as
        :func:`orggraph.names.text` reads their unit dicts, and types; without building
        those dicts."""
        ids, has_head = self._ids, self._has_head
        names = _in_language(self._name, rows, lang, default_lang)
        names = [ids[i] if n is None else n for i, n in zip(rows, names, strict=True)]
        titles = _in_language(self._head_title, rows, lang, default_lang)
        if not all(has_head):
            titles = [t if has_head[i] else None for i, t in zip(rows, titles, strict=True)]
        return names, titles, self.types(rows)

    def types(self, rows: Sequence[int]) -> list[Any]:
        """The type of each of *rows* (``None`` for none), read off the type column."""
        kinds = self._type
        return [None] * len(rows) if kinds is None else [kinds[i] or None for i in rows]

    def measures(self, rows: Sequence[int]) -> list[str]:
        """The measure columns, in column order (every row has a cell in each)."""
        return [m for m, _ in self._measures]

    def has_measure(self, measure: str) -> bool:
        return any(m == measure for m, _ in self._measures)

    def figure_problems(self) -> list[tuple[int, str, str]]:
        """Figures beyond their range (see :func:`orggraph.core.rollup.out_of_range`), as
        ``(row, field, message)``: seats, salaries and measure columns.

        >>> TableUnits(["a"], {"a": 0}, name=None, seats=[2 * 10**9]).figure_problems()
        [(0, 'seats', 'must be at most 1,000,000,000, not 2000000000')]
        """
        from orggraph.core.rollup import MAX_MEASURE, MAX_SALARY, MAX_SEATS, out_of_range

        columns: list[tuple[str, Sequence[Any] | None, int, bool]] = [
            ("seats", self._seats, MAX_SEATS, False),
            ("head_salary", self._head_salary, MAX_SALARY, False),
            ("salary", self._salary, MAX_SALARY, False),
            *((m, col, MAX_MEASURE, True) for m, col in self._measures),
        ]
        found = []
        for key, col, limit, signed in columns:
            if col is None:
                continue
            # C-speed passes over the column; rows are looked at only if one is wrong.
            if max(filter(None, col), default=0) <= limit and (
                not signed or min(filter(None, col), default=0) >= -limit
            ):
                continue
            for row, value in enumerate(col):
                problem = None if value is None else out_of_range(value, limit, signed=signed)
                if problem:
                    found.append((row, key, problem))
        return found

    def has_holders(self) -> bool:
        """Whether the table names the heads' holders (a ``holders`` column)."""
        return self._holders is not None

    def own_values(
        self, measure: str, rows: Sequence[int] | None = None, *, period: str = "month"
    ) -> tuple[list[Number], list[bool]]:
        """Each row's own figure for *measure* and whether it is known, as
        :func:`orggraph.core.rollup.own_values` gives it for the row's unit dict: read off
        the number columns where they say (seats, budget, a measure column), else by
        that rule on the unit dicts.

        >>> units = TableUnits(["a"], {"a": 0}, name=None, head_title=[(None, ["Boss"])])
        >>> units.own_values("seats"), units.own_values("filled")
        (([1], [True]), ([0], [False]))
        """
        found = self._column_values(measure, rows)
        if found is not None:
            if measure == "budget" and period == "year":  # money is answered per month
                return [v / 12 for v in found[0]], found[1]
            return found
        ids = self._ids
        uids = ids if rows is None else [ids[i] for i in rows]
        from_attrs = measure in PEOPLE_MEASURES and self.has_measure(measure)
        return own_values(
            [self[u] for u in uids], measure, uids, period=period, from_attrs=from_attrs
        )

    def _column_values(
        self, measure: str, rows: Sequence[int] | None
    ) -> tuple[list[Number], list[bool]] | None:
        """The fast path of :meth:`own_values`: the rule of
        :func:`orggraph.core.rollup.own_values` written over columns, without building a
        unit dict (about 25 times faster than building the dicts and applying the rule,
        see ``benchmarks/``); ``None`` where the columns cannot say. Held to the rule by
        a property test (``tests/test_store.py``)."""
        n = len(self._ids)

        def pick(col: Sequence[Any]) -> Sequence[Any]:
            return col if rows is None else [col[i] for i in rows]

        head, staff = pick(self._has_head), pick(self._has_staff)
        if measure == "seats":
            if self._seats is None:  # staff posts without a seats column have one seat each
                return [
                    (1 if h else 0) + (1 if s else 0) for h, s in zip(head, staff, strict=True)
                ], [True] * len(head)
            seats = pick(self._seats)
            return (
                [
                    (1 if h else 0) + ((k or 0) if s else 0)
                    for h, s, k in zip(head, staff, seats, strict=True)
                ],
                [not s or k is not None for s, k in zip(staff, seats, strict=True)],
            )
        if measure == "budget":
            none = [None] * n
            hsal = pick(self._head_salary if self._head_salary is not None else none)
            seats = pick(self._seats if self._seats is not None else [1] * n)
            sal = pick(self._salary if self._salary is not None else none)
            return _budget(head, hsal, staff, seats, sal)
        for m, col in self._measures:
            if m == measure:
                col = pick(col)
                return [0 if v is None else v for v in col], [v is not None for v in col]
        return None


def _budget(
    head: Sequence[Any],
    head_salary: Sequence[Any],
    staff: Sequence[Any],
    seats: Sequence[Any],
    salary: Sequence[Any],
) -> tuple[list[Number], list[bool]]:
    """Per row: the head's salary plus seats x salary of the staff post, and whether
    both are known where the posts exist."""
    values: list[Number] = []
    known: list[bool] = []
    add_value, add_known = values.append, known.append
    for h, a, s, k, b in zip(head, head_salary, staff, seats, salary, strict=True):
        total: Number = 0
        ok = True
        if h:
            if a is None:
                ok = False
            else:
                total = a
        if s:
            if k is None or b is None:
                ok = False
            else:
                total += k * b
        add_value(total)
        add_known(ok)
    return values, known
