"""HR history exports as one dated organisation: :func:`read_people` with ``effective=``
(:func:`read_history` does the work).

An HR system's history export has one row per person per change: BambooHR's *Job
Information* table (Effective Date, Location, Division, Department, Job Title, Reports
To), ChartHop's historical import, Workday's job history. Each row of a person is in
force from its effective date until their next row's; a row whose status column says
the person left (``Terminated``, ``Inactive``; *ended*) ends it on its own effective
date, and a row's end date (a termination date: the last day, inclusive) ends it the day
after. Rows come in any order; identical rows are read once; a person who left and
came back (a rehire) holds nothing in between.

On each day anything changes, the rows in force are a people table of their own, read as
:func:`~orggraph.io.people.read_people` reads any (the same structures, checks and
warnings, the places naming the file's lines); the organisations of those days are merged
into one dated organisation by :func:`orggraph.io.snapshots.merge_snapshots`, whose rules
say when units open and close, and how posts and holders are dated. A person's post
has their id (a later one: ``<id>@<day>``); a move, a new title or a new manager's team
ends one post and starts another.

>>> import io
>>> from orggraph.io.people import read_people
>>> csv = '''Effective Date,id,boss,name,title,Status
... 2025-01-01,1,,Ann,CEO,Active
... 2025-01-01,2,1,Bo,Dev,Active
... 2025-03-01,3,1,Cy,Dev,Active
... 2025-06-01,2,1,Bo,Dev,Terminated
... '''
>>> org = read_people(io.StringIO(csv), id="id", manager="boss", name="name", title="title",
...                   effective="Effective Date", status="Status", as_of="2025-04-01")
>>> org.holders("1"), [str(d) for d in org.dates()]
(['1', '2', '3'], ['2025-01-01', '2025-03-01', '2025-06-01'])
>>> org.as_of("2025-06-01").holders("1")
['1', '3']
"""

from __future__ import annotations

import datetime
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from orggraph.core.build import from_dict
from orggraph.core.history import today
from orggraph.errors import (
    DateError,
    DuplicateIdError,
    OrgError,
    ParseError,
    Problem,
    SchemaError,
    warn,
)
from orggraph.io.peoplecells import Table, raise_by_line
from orggraph.io.peopledates import parse_dates
from orggraph.io.peoplerows import PeopleRows
from orggraph.io.peopleunits import people_units
from orggraph.io.snapshots import check_known, merge_snapshots

if TYPE_CHECKING:
    from orggraph.core.org import Org
    from orggraph.io.people import PeopleOptions

__all__ = ["ENDED", "HistoryOptions", "read_history"]

#: Status cells that mark a row as the person leaving (any case).
ENDED = ("Terminated", "Inactive")
_SHOWN_WARNINGS = 10  # distinct warnings of the days' tables; the rest are counted


@dataclass(frozen=True)
class HistoryOptions:
    """The history options of :func:`read_people`: the columns of effective dates, end
    dates and status (``None``: not in the table), the status values that end a row
    (case-folded), which way slash dates go, and the day the result is as of."""

    effective: str
    end: str | None = None
    status: str | None = None
    ended: frozenset[str] = frozenset(v.casefold() for v in ENDED)
    day_first: bool | None = None
    as_of: Any = None


def _place(table: Table, r: int, column: str | None = None) -> str:
    where = f"{table.where} {table.line_of(r)}"
    return f"{where}, column {column!r}" if column else where


class _Rows:
    """The rows of the export: dates read, duplicates dropped, each person's rows in
    date order, and the days on which each row is in force."""

    def __init__(self, table: Table, opts: PeopleOptions, hist: HistoryOptions) -> None:
        self.table, self.opts, self.hist = table, opts, hist
        self.problems: list[tuple[int, Problem]] = []
        pos = {h: i for i, h in enumerate(table.header) if h}
        self.n = n = len(table.columns[0]) if table.columns else 0
        if not n:
            raise ParseError("the table has no rows", file=table.file)
        cols = table.columns
        strip = (lambda c: [x.strip() for x in c]) if table.spaces else list
        self.ids = strip(cols[pos[opts.id]])
        self.start = self._dates(strip(cols[pos[hist.effective]]), hist.effective, True)
        self.end = (
            self._dates(strip(cols[pos[hist.end]]), hist.end, False) if hist.end else [None] * n
        )
        status = strip(cols[pos[hist.status]]) if hist.status else [""] * n
        self.left = [s.casefold() in hist.ended for s in status]
        for r in range(n):
            if not self.ids[r]:
                self._bad(r, opts.id, "the row has no id: a history names whom each row is about")
        raise_by_line(self.problems, table.file)
        self.rows = self._people_rows()
        raise_by_line(self.problems, table.file)

    def _bad(self, r: int, column: str | None, message: str, kind: type[OrgError] = SchemaError) -> None:  # fmt: skip
        ids = (self.ids[r],) if self.ids[r] else ()
        self.problems.append((self.table.line_of(r), (kind, _place(self.table, r, column), message, ids)))  # fmt: skip

    def _dates(self, cells: list[str], column: str, required: bool) -> list[str | None]:
        def bad(r: int, message: str) -> None:
            self._bad(r, column, message, DateError)

        out = parse_dates(cells, self.hist.day_first, bad)
        if required:
            for r in [r for r, (c, d) in enumerate(zip(cells, out, strict=True)) if not c]:
                self._bad(r, column, "the row has no effective date", DateError)
        return out

    def _people_rows(self) -> dict[str, list[int]]:
        """Each person's rows in date order (file order on a day), identical rows once;
        two different rows of one person on one day are a problem."""
        groups: dict[str, list[int]] = {}
        for r in range(self.n):
            groups.setdefault(self.ids[r], []).append(r)
        cols, start = self.table.columns, self.start
        for pid, group in groups.items():
            group.sort(key=lambda r: (start[r] or "", r))
            kept: list[int] = []
            for r in group:
                if kept and start[kept[-1]] == start[r]:
                    same = all(c[kept[-1]].strip() == c[r].strip() for c in cols)
                    if not same:
                        first = self.table.line_of(kept[-1])
                        self._bad(r, self.hist.effective,
                                  f"{pid!r} has two different rows in force from {start[r]} "
                                  f"({self.table.where}s {first} and {self.table.line_of(r)}): "
                                  "a history has one row per person per day",
                                  DuplicateIdError)  # fmt: skip
                    continue
                end, begin = self.end[r], start[r]
                if end is not None and begin is not None and end < begin:
                    self._bad(r, self.hist.end, f"the row ends ({end}) before it is in force "
                              f"({begin})", DateError)  # fmt: skip
                kept.append(r)
            groups[pid] = kept
        return groups

    def spans(self) -> Iterator[tuple[int, str, str | None]]:
        """Each row in force: ``(row, first day, first day after)`` (``None``: open)."""
        for group in self.rows.values():
            for i, r in enumerate(group):
                if self.left[r]:
                    continue
                after = self.start[group[i + 1]] if i + 1 < len(group) else None
                end = self.end[r]
                if end is not None:
                    end = _next_day(end)
                    after = end if after is None or end < after else after
                start = self.start[r]
                assert start is not None
                if after is None or after > start:
                    yield r, start, after


class _Elsewhere:
    """Who is in force when, by the key managers are named by (id or e-mail), to say of
    a manager who is not in a day's table when they are (a hire yet to come, a leaver)."""

    def __init__(self, rows: _Rows) -> None:
        opts, table = rows.opts, rows.table
        column = {"id": opts.id, "email": opts.email}.get(opts.manager_key)
        self.spans: dict[str, list[tuple[str, str | None]]] = {}
        self.day = ""
        if column is None:  # names: no explanation, the did-you-mean stays
            return
        cells = table.columns[table.header.index(column)]
        for r, start, after in rows.spans():
            key = cells[r].strip()
            if key:
                key = key if opts.manager_key == "id" else key.casefold()
                self.spans.setdefault(key, []).append((start, after))

    def __call__(self, key: str) -> str | None:
        spans = sorted(self.spans.get(key, ()))
        if not spans:
            return None
        day = self.day
        later = [a for a, _ in spans if a > day]
        gone = [b for _, b in spans if b is not None and b <= day]
        if later and gone:
            return f"not in force from {max(gone)} until {min(later)}"
        if later:
            return f"in force only from {min(later)}"
        return f"gone since {max(gone)}" if gone else None


def _natural(pid: str) -> tuple[Any, ...]:
    """An id's sort key: numbers by value (``"9"`` before ``"10"``), then text."""
    return (0, int(pid), pid) if pid.isdigit() else (1, 0, pid)


def _next_day(iso: str) -> str:
    return (datetime.date.fromisoformat(iso) + datetime.timedelta(days=1)).isoformat()


def _in_force(rows: _Rows) -> list[tuple[str, list[int]]]:
    """The rows in force from each day anything changes, in the order of their people's
    ids (numbers by value), not the file's: an export gives rows newest first or any
    way, and a tie a day's table breaks by order (which of two equal candidates a
    department hangs from) comes out the same however the rows are ordered."""
    rank = {pid: n for n, pid in enumerate(sorted(rows.rows, key=_natural))}
    starts: dict[str, list[int]] = {}
    ends: dict[str, list[int]] = {}
    for r, start, after in rows.spans():
        starts.setdefault(start, []).append(r)
        if after is not None:
            ends.setdefault(after, []).append(r)
    active: set[int] = set()
    out = []
    for day in sorted({*starts, *ends}):
        active.difference_update(ends.get(day, ()))
        active.update(starts.get(day, ()))
        out.append((day, sorted(active, key=lambda r: rank[rows.ids[r]])))
    return out


def _sub_table(table: Table, rows: Sequence[int]) -> Table:
    return Table(
        table.header,
        [[c[r] for r in rows] for c in table.columns],
        lambda k: table.line_of(rows[k]),
        table.where,
        table.file,
        table.spaces,
    )


def _clean(post: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in post.items() if v is not None}


def _snapshot(
    table: Table, opts: PeopleOptions, elsewhere: _Elsewhere | None = None
) -> tuple[dict[str, Any], set[str]]:
    """The rows of *table* (those in force on one day) as a document with flat units,
    each staff post's id its person's (the key that follows it through time), and the
    ids of its units cut off (:func:`_cut_off`)."""
    rows = PeopleRows(table, opts, elsewhere)
    built = people_units(rows, opts)
    cut = _cut_off(table, opts, rows, built.records, built.posts)
    units = []
    for uid, parent, data, _ in built.records:
        unit: dict[str, Any] = {"id": uid, "name": data["name"]}
        if parent is not None:
            unit["parent"] = parent
        if data["type"] is not None:
            unit["type"] = data["type"]
        if data["head"] is not None:
            unit["head"] = _clean(data["head"])
        unit["staff"] = [{"id": rows.ids[built.row_of(p)], **_clean(p)} for p in data["staff"]]
        units.append(unit)
    links = [{"kind": k, "from": a, "to": b} for k, a, b, _, _ in built.links]
    return {"units": units, "people": rows.people(), "links": links}, cut


def _cut_off(
    table: Table, opts: PeopleOptions, rows: PeopleRows,
    records: Sequence[tuple[str, str | None, dict[str, Any], Any]], posts: Sequence[Any],
) -> set[str]:  # fmt: skip
    """The top units of a day with someone whose manager is not in force that day (a
    department whose head left, its people still reporting to them): a root because
    that manager is missing, not put at the top by the rows."""
    if opts.manager is None:
        return set()
    cells = table.columns[table.header.index(opts.manager)]
    row_of = {id(p): r for r, p in enumerate(posts)}
    how, out = opts.manager_key, set()
    for uid, parent, data, _ in records:
        if parent is not None:
            continue
        for post in [data["head"], *data["staff"]]:
            text = cells[row_of[id(post)]].strip() if id(post) in row_of else ""
            key = text if how == "id" else " ".join(text.split()).casefold()
            if text and key not in rows.index:
                out.add(uid)
    return out


def _keep_parents(doc: dict[str, Any], cut: set[str], before: Mapping[str, str | None]) -> None:
    """Give the units of *doc* cut off from their parent (:func:`_cut_off`) the parent
    they had the day before (*before*: its parents by unit id), going up past units
    closed today, as a department empty for a while keeps it: its head post is vacant
    meanwhile. A unit new today, or whose old parent is now under it, stays a root."""
    parent_of = {u["id"]: u.get("parent") for u in doc["units"]}
    for unit in doc["units"]:
        uid = unit["id"]
        if uid not in cut:
            continue
        p = before.get(uid)
        while p is not None and p not in parent_of:  # closed today: go up
            p = before.get(p)
        q = p
        while q is not None and q != uid:
            q = parent_of.get(q)
        if p is not None and q is None:
            unit["parent"] = parent_of[uid] = p


def _reuse(doc: dict[str, Any], before: dict[Any, Any]) -> None:
    """Put the day before's objects in *doc* for its unchanged units, head and staff
    posts (*before*: the objects last seen, by unit id and post id): the merge carries
    the very same object over without comparing it, and a day changes little."""
    for n, unit in enumerate(doc["units"]):
        uid = unit["id"]
        same = before.get(uid)
        if same == unit:
            doc["units"][n] = same
            continue
        head = unit.get("head")
        if head is not None:
            old = before.get((uid, None))
            if old == head:
                unit["head"] = old
            before[(uid, None)] = unit["head"]
        staff = unit["staff"]
        for j, post in enumerate(staff):
            old = before.get((uid, post["id"]))
            if old == post:
                staff[j] = old
            before[(uid, post["id"])] = staff[j]
        before[uid] = unit


@contextmanager
def _on_day(day: str, found: dict[str, str], file: str | None) -> Iterator[None]:
    """Collect the warnings of one day's table (each text once, with the first day it
    was given); an error names the day."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        except OrgError as exc:
            message = f"in the rows in force on {day}: {exc.message}"
            raise type(exc).make(message, file=exc.file, place=exc.place, ids=exc.ids,
                                 problems=exc.problems,
                                 choices=exc.choices) from None  # fmt: skip
    prefix = f"{file}: " if file else ""
    for w in caught:
        text = str(w.message).removeprefix(prefix)
        found.setdefault(text, day)


class _HeadWarning:
    """Tells the user of a head post whose title, salary or other field changes: the
    format gives a unit one head post, whose fields cannot be dated, so every date shows
    those in force on the day read; the warning names the person, their lines and the
    values not represented."""

    def __init__(self, rows: _Rows) -> None:
        self.rows = rows

    def warn(self, uid: str, versions: list[tuple[str, Mapping[str, Any]]], kept: int) -> None:
        table, rows = self.rows.table, self.rows
        holder = next((h for _, post in versions for h in post.get("holders") or ()), uid)
        pid = holder if isinstance(holder, str) else str(holder.get("person"))
        days = {day for day, _ in versions}
        lines = [str(table.line_of(r)) for r in rows.rows.get(pid, ()) if rows.start[r] in days]
        keys = sorted({k for _, p in versions for k in p if k not in ("holders", "id")})
        keys = [k for k in keys if len({repr(p.get(k)) for _, p in versions}) > 1]
        diffs = [
            f"from {day}: " + ", ".join(f"{k} {post.get(k)!r}" for k in keys)
            for day, post in versions
        ]
        where = f"{table.where}s {', '.join(lines)}" if lines else "its rows"
        warn(
            f"unit {uid!r}: the head post of person {pid!r} changes ({'; '.join(diffs)}; "
            f"{where}), but a unit has one head post, whose fields cannot be dated: every "
            f"date shows those from {versions[kept][0]} (the day read); read as_of= another "
            "day for its values then",
            table.file,
        )


def read_history(
    table: Table,
    opts: PeopleOptions,
    hist: HistoryOptions,
    *,
    name: Any,
    currency: str | None,
    salary_period: str,
) -> Org:
    """The history export *table* as one dated organisation (see the module docs), as of
    ``hist.as_of`` (default today)."""
    rows = _Rows(table, opts, hist)
    # The history's own columns are not the people's attributes: read the days' tables
    # with them mapped (so left out), each day's rows a table of its own.
    snapshots: list[tuple[str, dict[str, Any]]] = []
    found: dict[str, str] = {}
    elsewhere = _Elsewhere(rows)
    before: dict[str, dict[str, Any]] = {}
    parents: dict[str, str | None] = {}  # the day before's, by unit id
    for day, active in _in_force(rows):
        if not active:
            snapshots.append((day, {"units": []}))
            parents = {}
            continue
        elsewhere.day = day
        with _on_day(day, found, table.file):
            doc, cut = _snapshot(_sub_table(table, active), opts, elsewhere)
        if opts.structure == "departments":  # a manager's team closes when they leave
            _keep_parents(doc, cut, parents)
        parents = {u["id"]: u.get("parent") for u in doc["units"]}
        _reuse(doc, before)
        snapshots.append((day, doc))
    for text, day in list(found.items())[:_SHOWN_WARNINGS]:
        warn(f"in the rows in force on {day}: {text}", table.file)
    if len(found) > _SHOWN_WARNINGS:
        warn(f"and {len(found) - _SHOWN_WARNINGS} more warnings on later days", table.file)
    if snapshots:
        check_known(snapshots[0][0], hist.as_of, file=table.file, what="the history")
    doc = merge_snapshots(
        snapshots,
        as_of=hist.as_of or today(),
        head_changed=_HeadWarning(rows).warn,
        # a department empty for a while is still one; a manager's team is theirs
        keep_gaps=opts.structure == "departments",
    )
    doc.update({"currency": currency, "salary_period": salary_period, "org": name})
    doc = {k: v for k, v in doc.items() if v is not None}
    return from_dict(doc, file=table.file, as_of=hist.as_of)
