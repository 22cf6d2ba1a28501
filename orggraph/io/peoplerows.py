"""The rows of a people-level table, read and checked: who each person is, what their
post pays, and whom they report to (for :func:`orggraph.io.people.read_people`).

Each field is read in one pass over its column, as table imports do
(:mod:`orggraph.io.tablecolumns`). Every problem is collected with its line and column
and raised together; managers are resolved (by id, email or name), reporting cycles
found, and the reporting forest walked once for depths and sizes.

>>> from orggraph.io.people import PeopleOptions
>>> table = Table(["id", "boss", "name", "job"],
...               [["1", "2", "3"], ["", "1", "1"], ["Ann", "Bo", "TBH"], ["CEO", "Dev", "Dev"]],
...               lambda r: r + 2, "line", None)
>>> rows = PeopleRows(table, PeopleOptions(id="id", manager="boss", name=("name",), title="job"))
>>> rows.mgr, rows.vacant, rows.size
([-1, 0, 0], [False, False, True], [3, 1, 1])
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from typing import TYPE_CHECKING, Any

from orggraph.core.build import MAX_PROBLEMS, Problem
from orggraph.core.rollup import MAX_MEASURE, MAX_SALARY, out_of_range
from orggraph.core.tables import number_column
from orggraph.errors import (
    CycleError,
    DuplicateIdError,
    OrgError,
    OrgWarning,
    ParseError,
    SchemaError,
    UnknownIdError,
    close_matches,
)

if TYPE_CHECKING:
    from orggraph.io.people import PeopleOptions

__all__ = ["PeopleRows", "Table", "raise_problems", "warn"]

_CONTROL = re.compile("[\x00-\x1f]")
_YES = frozenset(("yes", "true", "y", "1", "x"))
_NO = frozenset(("no", "false", "n", "0", ""))
_SHOWN = 5  # rows named in one warning; the rest are counted


@dataclass
class Table:
    """A table as columns of text cells: row *r* is at ``line_of(r)`` of the source
    (*where* names the kind of place: ``line`` or ``row``); *spaces* is false when no
    cell has spaces at its ends (the fast CSV reader knows)."""

    header: list[str]
    columns: list[list[str]]
    line_of: Callable[[int], int]
    where: str
    file: str | None
    spaces: bool = True


def raise_problems(problems: list[tuple[int, Problem]], file: str | None) -> None:
    """Raise ``(line, problem)`` pairs together, in line order, as the first one's class."""
    if not problems:
        return
    problems.sort(key=lambda p: p[0])
    kind, place, message, ids = problems[0][1]
    listed = [(p[1], p[2]) for _, p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        listed.append(("...", f"{len(problems) - MAX_PROBLEMS} more problems not shown"))
    raise kind.make(message, file=file, place=place, ids=ids, problems=listed)


def warn(message: str, file: str | None) -> None:
    """An :class:`OrgWarning` naming the file, attributed to the caller of read_people."""
    warnings.warn(f"{file + ': ' if file else ''}{message}", OrgWarning, stacklevel=5)


def _key(text: str, how: str) -> str:
    """A manager reference as compared: ids exactly, emails and names in any case (names
    with their spaces collapsed)."""
    if how == "id":
        return text
    return (" ".join(text.split()) if how == "name" else text).casefold()


class PeopleRows:
    """A people table's rows, each field read and checked (see the module docs)."""

    def __init__(self, table: Table, opts: PeopleOptions) -> None:
        self.table, self.opts, self.file = table, opts, table.file
        self.problems: list[tuple[int, Problem]] = []
        self.unknown: list[tuple[int, str, str]] = []  # (row, column, reference)
        self.pos = {h: i for i, h in enumerate(table.header) if h}
        self.n = n = len(table.columns[0]) if table.columns else 0
        if not n:
            raise ParseError("the table has no rows", file=self.file)
        if table.spaces:
            table.columns = [[*map(str.strip, c)] for c in table.columns]
        self.ids = self.cells(opts.id)
        self.names = self._names()
        marks = opts.vacant
        self.vacant = [not t or t.casefold() in marks for t in self.names]
        self.titles = self.cells(opts.title)
        self.salary = self._numbers(opts.salary, MAX_SALARY, "a salary")
        self.fte = self._fte()
        self.assistant = self._flags(opts.assistant)
        self.departments = self.cells(opts.department) if opts.department else None
        self.email = self.cells(opts.email) if opts.email else None
        self.photo = self.cells(opts.photo) if opts.photo else None
        self._check_ids()
        self._check_titles()
        self.attrs = self._attrs()
        raise_problems(self.problems, self.file)
        self.index = self._index()
        self.mgr = self._managers()
        self._check_cycles()
        raise_problems(self.problems, self.file)
        self._tree: tuple[list[int], list[int], list[int]] | None = None
        self._roots()

    # -- reading -------------------------------------------------------------------------

    def cells(self, column: str | None) -> list[str]:
        """The (stripped) cells of *column*."""
        assert column is not None
        return self.table.columns[self.pos[column]]

    def line(self, r: int) -> int:
        return self.table.line_of(r)

    def place(self, r: int, column: str | None = None) -> str:
        where = f"{self.table.where} {self.line(r)}"
        return f"{where}, column {column!r}" if column else where

    def who(self, r: int) -> str:
        """A row's person for messages: ``'1012' (Jane Doe)``, or the open seat's title."""
        if self.vacant[r]:
            return f"open seat {self.ids[r]!r}" if self.ids[r] else f"open seat {self.titles[r]!r}"
        return f"{self.ids[r]!r} ({self.names[r]})"

    def bad(
        self, r: int, column: str | None, message: str, kind: type[OrgError] = SchemaError
    ) -> None:
        """A problem at row *r* (in *column*)."""
        ids = (self.ids[r],) if self.ids[r] else ()
        self.problems.append((self.line(r), (kind, self.place(r, column), message, ids)))

    def _names(self) -> list[str]:
        parts = [self.cells(c) for c in self.opts.name]
        if len(parts) == 1:
            return parts[0]
        if len(parts) == 2:  # first and last name, the usual case: no join per row
            return [a + " " + b if a and b else a or b for a, b in zip(*parts, strict=True)]
        return [" ".join(filter(None, cells)) for cells in zip(*parts, strict=True)]

    def _numbers(self, column: str | None, limit: int, what: str) -> list[Any] | None:
        """A column of figures >= 0 up to *limit* (blank: unknown)."""
        if column is None:
            return None
        cells = self.cells(column)
        values, wrong = number_column(cells)
        for r in wrong:
            self.bad(r, column, f"{what} must be a number, not {cells[r]!r}")
        given = [v for v in values if v]
        if given and (min(given) < 0 or max(given) > limit):  # look at each row only then
            for r in compress(range(self.n), values):
                v = values[r]
                problem = "must not be negative" if v < 0 else out_of_range(v, limit)
                if problem:
                    values[r] = None
                    self.bad(r, column, f"{what} {problem}")
        return values

    def _fte(self) -> list[Any] | None:
        """The FTE column: a share of full time, above 0 and at most 1 (``50%`` is 0.5)."""
        column = self.opts.fte
        if column is None:
            return None
        cells = self.cells(column)
        percent = [c.endswith("%") for c in cells] if "%" in "".join(cells) else None
        if percent:
            cells = [c[:-1].strip() if p else c for c, p in zip(cells, percent, strict=True)]
        values, wrong = number_column(cells)
        for r in wrong:
            self.bad(r, column, f"an FTE must be a number such as 0.5 or 50%, not {cells[r]!r}")
        given = [v for v in values if v is not None]
        if not given or (not percent and min(given) > 0 and max(given) <= 1):
            return values
        for r in [r for r, v in enumerate(values) if v is not None]:
            v = values[r] / 100 if percent and percent[r] else values[r]
            values[r] = v
            if not 0 < v <= 1:
                values[r] = None
                self.bad(
                    r,
                    column,
                    f"an FTE is a share of one full-time job, above 0 and at most 1 "
                    f"(0.5 or 50% for half time), not {cells[r]!r}",
                )
        return values

    def _flags(self, column: str | None) -> list[bool] | None:
        """A yes/no column: yes/no, true/false, y/n, 1/0, x or blank, in any case."""
        if column is None:
            return None
        out = []
        for r, cell in enumerate(self.cells(column)):
            word = cell.casefold()
            if word not in _YES and word not in _NO:
                self.bad(r, column, f"{cell!r} is not yes or no (yes/no, true/false, y/n, 1/0, x)")
            out.append(word in _YES)
        return out

    def _attrs(self) -> list[tuple[str, list[Any]]]:
        """``(column, cells)`` of every column no option maps: text, or numbers (any
        sign, up to MAX_MEASURE) for the columns in ``numbers=``."""
        mapped = self.opts.columns()
        if self.opts.structure == "managers" and self.opts.department:
            mapped.pop(self.opts.department)  # kept: the units are teams, not departments
        numeric = set(self.opts.numbers)
        out: list[tuple[str, list[Any]]] = []
        for column in self.pos:
            if column in mapped:
                continue
            cells: list[Any] = self.cells(column)
            if column in numeric:
                cells, wrong = number_column(cells)
                for r in wrong:
                    self.bad(r, column, f"{self.cells(column)[r]!r} is not a number")
                for r in compress(range(self.n), cells):
                    problem = out_of_range(cells[r], MAX_MEASURE, signed=True)
                    if problem:
                        cells[r] = None
                        self.bad(r, column, problem)
            out.append((column, cells))
        return out

    def _check_ids(self) -> None:
        ids, column = self.ids, self.opts.id
        blank = ids.count("")
        if blank:
            for r in [r for r, pid in enumerate(ids) if not pid and not self.vacant[r]]:
                self.bad(r, column, f"person {self.names[r]!r} has no id")
        twice = len(set(ids)) < self.n - max(0, blank - 1)  # an id twice (blanks apart)
        seen: dict[str, int] = {}
        for r, pid in enumerate(ids if twice else ()):
            if not pid:
                continue
            first = seen.setdefault(pid, r)
            if first != r:
                self.bad(
                    r,
                    column,
                    f"id {pid!r} is also on {self.place(first)}; each row needs its own id",
                    DuplicateIdError,
                )
        if _CONTROL.search("".join(ids)):
            for r in [r for r, pid in enumerate(ids) if _CONTROL.search(pid)]:
                self.bad(r, column, f"id {ids[r]!r} must be without control characters")

    def _check_titles(self) -> None:
        if "" in self.titles:
            for r in [r for r, t in enumerate(self.titles) if not t]:
                self.bad(r, self.opts.title, f"{self.who(r)} has no title; every post needs one")

    # -- managers ------------------------------------------------------------------------

    def _index(self) -> dict[str, int]:
        """The row each manager reference stands for (open seats only by id); the
        references that stand for several rows are in :attr:`many`."""
        how = self.opts.manager_key
        self.many: dict[str, list[int]] = {}
        if how == "id":
            index = dict(zip(self.ids, range(self.n), strict=True))  # unique: checked
            index.pop("", None)
            return index
        cells = self.names if how == "name" else self.email
        assert cells is not None
        index = {}
        for r in range(self.n):
            if cells[r] and not self.vacant[r]:
                key = _key(cells[r], how)
                first = index.setdefault(key, r)
                if first != r:
                    self.many.setdefault(key, [first]).append(r)
        return index

    def _ambiguous(self, r: int, column: str, text: str, found: list[int]) -> None:
        rows = ", ".join(f"{self.ids[m]!r} ({self.place(m)})" for m in found[:_SHOWN])
        self.bad(
            r,
            column,
            f"{text!r} ({self.opts.manager_key}) stands for {len(found)} people: {rows}; "
            'use manager_key="id"',
        )

    def lookup(self, r: int, column: str, text: str) -> int:
        """The row *text* (a reference in row *r*'s *column*) names: ``-1`` for none
        (recorded as unknown) or several (a problem)."""
        key = _key(text, self.opts.manager_key)
        found = self.index.get(key, -1)
        if found < 0:
            self.unknown.append((r, column, text))
        elif key in self.many:
            self._ambiguous(r, column, text, self.many[key])
            return -1
        return found

    def _managers(self) -> list[int]:
        """Each row's manager row (``-1``: none). A blank cell or the row's own
        reference marks a top person, as HR systems write them."""
        column = self.opts.manager
        assert column is not None
        cells = self.cells(column)
        how, n = self.opts.manager_key, self.n
        keys = cells if how == "id" else [_key(c, how) if c else "" for c in cells]
        mgr = list(map(self.index.get, keys, repeat(-2)))  # at C speed; -2: not found
        if -2 in mgr:
            for r in [r for r, m in enumerate(mgr) if m == -2]:
                if cells[r]:
                    self.unknown.append((r, column, cells[r]))
                mgr[r] = -1
        if self.many:
            for r in [r for r, k in enumerate(keys) if k in self.many]:
                self._ambiguous(r, column, cells[r], self.many[keys[r]])
                mgr[r] = -1
        if any(map(int.__eq__, mgr, range(n))):  # one's own manager: a top person
            mgr = [-1 if m == r else m for r, m in enumerate(mgr)]
        self.report_unknown("manager", "is made a root")
        return mgr

    def report_unknown(self, what: str, then: str) -> None:
        """The references to no one found by :meth:`lookup`: problems when ``strict``,
        else one warning naming the first few."""
        unknown, self.unknown = self.unknown, []
        if not unknown:
            return
        choices = list(self.index)

        def hint(text: str) -> str:
            guess = close_matches(text, choices, n=1)
            return f" (did you mean {guess[0]!r}?)" if guess else ""

        if self.opts.strict:
            for k, (r, column, text) in enumerate(unknown):
                message = f"{what} {text!r} of {self.who(r)} is not in the table"
                self.bad(r, column, message + (hint(text) if k < _SHOWN else ""), UnknownIdError)
            return
        listed = "; ".join(
            f"{self.place(r, column)}: {what} {text!r} of {self.who(r)}{hint(text)}"
            for r, column, text in unknown[:_SHOWN]
        )
        more = f"; and {len(unknown) - _SHOWN} more" if len(unknown) > _SHOWN else ""
        warn(
            f"{len(unknown)} {what} reference{'s are' if len(unknown) > 1 else ' is'} "
            f"not in the table (each {then}; strict=True makes this an error): {listed}{more}",
            self.file,
        )

    def _check_cycles(self) -> None:
        """Every reporting cycle, a :class:`CycleError` naming its people."""
        mgr, state = self.mgr, [0] * self.n  # 0: not seen, 1: on the walk, 2: done
        for start in range(self.n):
            path = []
            r = start
            while r != -1 and not state[r]:
                state[r] = 1
                path.append(r)
                r = mgr[r]
            if r != -1 and state[r] == 1:
                cycle = path[path.index(r) :]
                names = " -> ".join(repr(self.ids[c]) for c in [*cycle, cycle[0]])
                lines = ", ".join(str(self.line(c)) for c in cycle)
                first = min(cycle, key=self.line)
                self.problems.append(
                    (
                        self.line(first),
                        (
                            CycleError,
                            self.place(first, self.opts.manager),
                            f"people report to each other in a circle: {names} "
                            f"({self.table.where}s {lines})",
                            tuple(self.ids[c] for c in cycle),
                        ),
                    )
                )
            for p in path:
                state[p] = 2

    @property
    def order(self) -> list[int]:
        """The rows, managers first (breadth first from the top people)."""
        return self._forest()[0]

    @property
    def depth(self) -> list[int]:
        """Each row's depth in the reporting forest (a top person's is 0)."""
        return self._forest()[1]

    @property
    def size(self) -> list[int]:
        """The number of people in each row's reporting tree (itself included)."""
        return self._forest()[2]

    def _forest(self) -> tuple[list[int], list[int], list[int]]:
        """:attr:`order`, :attr:`depth` and :attr:`size`, walked once when first asked
        (a file with one top person and teams by managers needs none of them)."""
        if self._tree is not None:
            return self._tree
        mgr, n = self.mgr, self.n
        reports: dict[int, list[int]] = {}
        order = []
        for r in range(n):
            if mgr[r] < 0:
                order.append(r)
            else:
                reports.setdefault(mgr[r], []).append(r)
        depth, size = [0] * n, [1] * n
        k = 0
        while k < len(order):
            m = order[k]
            k += 1
            below = reports.get(m)
            if below:
                d = depth[m] + 1
                for r in below:
                    depth[r] = d
                order.extend(below)
        for r in reversed(order):
            if mgr[r] >= 0:
                size[mgr[r]] += size[r]
        self._tree = order, depth, size
        return self._tree

    def _roots(self) -> None:
        """Name the people without a manager besides the top one (the one with the most
        people under them): a warning, or errors when ``strict``."""
        if self.mgr.count(-1) < 2:
            return
        roots = [r for r in range(self.n) if self.mgr[r] < 0]
        top = max(roots, key=lambda r: (self.size[r], -r))
        column = self.opts.manager
        cells = self.cells(column)
        extra = [r for r in roots if r != top and not cells[r]]  # unknown ones were named
        if not extra:
            return
        then = f"the top person is {self.who(top)}, {self.place(top)}"
        if self.opts.strict:
            for r in extra:
                self.bad(r, column, f"{self.who(r)} has no manager; {then}")
            raise_problems(self.problems, self.file)
        listed = ", ".join(f"{self.who(r)} ({self.place(r)})" for r in extra[:_SHOWN])
        more = f" and {len(extra) - _SHOWN} more" if len(extra) > _SHOWN else ""
        warn(
            f"{len(extra)} {'people have' if len(extra) > 1 else 'person has'} no manager "
            f"besides the top person ({then}); each is a root of its own "
            f"(strict=True makes this an error): {listed}{more}",
            self.file,
        )

    # -- what the units are built from ---------------------------------------------------

    def people(self) -> list[dict[str, Any]]:
        """The declared people (every row that is not an open seat, in row order) as
        plain data, built column by column; blank cells are taken out afterwards."""
        people: list[dict[str, Any]] = [
            {"id": pid, "name": name} for pid, name in zip(self.ids, self.names, strict=True)
        ]
        for key, cells in (("email", self.email), ("photo", self.photo)):
            if cells is None:
                continue
            for person, value in zip(people, cells, strict=True):
                if value:
                    person[key] = value
        if self.attrs:
            keys = [k for k, _ in self.attrs]
            rows = zip(*(c for _, c in self.attrs), strict=True)
            for person, values in zip(people, rows, strict=True):
                person["attrs"] = dict(zip(keys, values, strict=True))
            blanks = False
            for key, cells in self.attrs:
                if "" in cells or None in cells:
                    blanks = True
                    for r in [r for r, v in enumerate(cells) if v is None or v == ""]:
                        del people[r]["attrs"][key]
            if blanks:
                for person in people:
                    if not person["attrs"]:
                        del person["attrs"]
        return [p for p, vacant in zip(people, self.vacant, strict=True) if not vacant]

    def posts(self) -> list[dict[str, Any]]:
        """Each row's post as plain data (the shape of a validated post): its title, one
        seat, salary and FTE, held by the person (an assignment when part time) or
        vacant (an open seat keeps its row's id as the post's id). Built column by
        column; the structure sets ``kind`` for assistants."""
        salary = self.salary or [None] * self.n
        posts = [
            {"title": t, "seats": 1, "filled": None, "salary": s, "pay": None, "holders": [p]}
            for t, s, p in zip(self.titles, salary, self.ids, strict=True)
        ]
        if self.fte is not None:
            for r, fte in enumerate(self.fte):
                if fte is not None and fte != 1:
                    posts[r]["fte"] = fte
                    posts[r]["holders"] = [{"person": self.ids[r], "fte": fte}]
        for r in compress(range(self.n), self.vacant):
            posts[r]["holders"] = []
            if self.ids[r]:
                posts[r]["id"] = self.ids[r]
        return posts

    def check(self, problems: Sequence[tuple[int, Problem]] = ()) -> None:
        """Raise the problems found so far (and *problems*)."""
        self.problems.extend(problems)
        raise_problems(self.problems, self.file)
