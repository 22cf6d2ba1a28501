"""The cells of a people-level table, read and checked: who each person is and what
their post is and pays (for :func:`orggraph.io.people.read_people`; the reporting lines
are :mod:`orggraph.io.peoplerows`).

Each field is read in one pass over its column, as table imports do
(:mod:`orggraph.io.tablecolumns`). Every problem is collected with its line and column
and raised together. A person's id on several rows is one person holding several posts
(HR systems' concurrent positions): :attr:`PeopleCells.primary` gives the row of each
one's primary post, which places them in the reporting tree.

>>> from orggraph.io.people import PeopleOptions
>>> table = Table(["id", "name", "job", "role"],
...               [["1", "2", "1"], ["Ann", "Bo", "Ann"], ["Dev", "CEO", "CTO"],
...                ["acting", "", ""]], lambda r: r + 2, "line", None)
>>> opts = PeopleOptions(id="id", manager="id", name=("name",), title="job", role="role")
>>> cells = PeopleCells(table, opts)
>>> cells.primary, cells.further, [p["id"] for p in cells.people()]
([2, 1, 2], [True, False, False], ['1', '2'])
>>> [p["holders"] for p in cells.posts()]
[[{'person': '1', 'role': 'acting'}], ['2'], ['1']]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import TYPE_CHECKING, Any

from orggraph.core.rollup import MAX_MEASURE, MAX_SALARY, out_of_range
from orggraph.core.tables import number_column
from orggraph.errors import (
    DuplicateIdError,
    OrgError,
    ParseError,
    Problem,
    SchemaError,
    did_you_mean,
    warn,
)
from orggraph.errors import raise_problems as raise_together

if TYPE_CHECKING:
    from orggraph.io.people import PeopleOptions

__all__ = ["ROLES", "SHOWN", "PeopleCells", "Table", "raise_problems", "warn"]

_CONTROL = re.compile("[\x00-\x1f]")
_YES = frozenset(("yes", "true", "y", "1", "x"))
_NO = frozenset(("no", "false", "n", "0", ""))
_KINDS = {"assistant": True, "staff": False, "head": False}  # the people export's kind column
#: The roles of a person in a post (the ``role`` column; blank is primary).
ROLES = ("primary", "acting", "interim", "secondment")
_SLACK = 1e-9  # FTE sums: 0.1 + 0.2 is not above 0.3
SHOWN = 5  # rows named in one warning; the rest are counted


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
    problems.sort(key=lambda p: p[0])
    raise_together([p for _, p in problems], file)


class PeopleCells:
    """A people table's rows, each field read and checked (see the module docs)."""

    def __init__(self, table: Table, opts: PeopleOptions) -> None:
        self.table, self.opts, self.file = table, opts, table.file
        self.problems: list[tuple[int, Problem]] = []
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
        self.role = self._roles()
        self.counts = self._flags(opts.counts, blank=True)
        # A person on several rows holds several posts: primary[r] is the row of the
        # person's primary post, further[r] says row r is another post (both None when
        # every id is on one row, the usual case, so the loops below stay as they were).
        self.primary: list[int] | None = None
        self.further: list[bool] | None = None
        self._groups: dict[str, list[int]] = {}  # the rows of each id (when one repeats)
        self._check_ids()
        self._check_titles()
        self.attrs = self._attrs()
        raise_problems(self.problems, self.file)
        if self.further is not None:
            self._fte_totals()

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

    def _flags(self, column: str | None, *, blank: bool = False) -> list[bool] | None:
        """A yes/no column: yes/no, true/false, y/n, 1/0, x or blank (*blank*), in any
        case; the assistant column may hold the people export's post kinds instead
        (assistant is yes; staff, head no)."""
        if column is None:
            return None
        kinds = _KINDS if column == self.opts.assistant else {}
        out = []
        for r, cell in enumerate(self.cells(column)):
            word = cell.casefold()
            if not word:
                out.append(blank)
                continue
            if word not in _YES and word not in _NO and word not in kinds:
                also = "; or assistant, staff, head" if kinds else ""
                self.bad(
                    r, column, f"{cell!r} is not yes or no (yes/no, true/false, y/n, 1/0, x{also})"
                )
            out.append(word in _YES or kinds.get(word, False))
        return out

    def _roles(self) -> list[str] | None:
        """The role column: each row's role in its post (blank: primary)."""
        column = self.opts.role
        if column is None:
            return None
        out = []
        for r, cell in enumerate(self.cells(column)):
            word = cell.casefold() or "primary"
            if word not in ROLES:
                hint = did_you_mean(word, ROLES, n=1)
                self.bad(r, column, f"role {cell!r} is not one of {', '.join(ROLES)}{hint}")
                word = "primary"
            out.append(word)
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
        if len(set(ids)) < self.n - max(0, blank - 1):  # an id twice (blanks apart)
            self._repeated_ids()
        if _CONTROL.search("".join(ids)):
            for r in [r for r, pid in enumerate(ids) if _CONTROL.search(pid)]:
                self.bad(r, column, f"id {ids[r]!r} must be without control characters")

    def _repeated_ids(self) -> None:
        """A person's id on several rows: one person holding several posts. The primary
        post's row (see :meth:`_primary_row`) places them in the reporting tree; the
        rows must agree on the name and e-mail and hold different posts. An open
        seat's id (its post's) is on one row only."""
        groups: dict[str, list[int]] = {}
        for r, pid in enumerate(self.ids):
            if pid:
                groups.setdefault(pid, []).append(r)
        primary = list(range(self.n))
        further = [False] * self.n
        for pid, group in list(groups.items()):
            if len(group) < 2:
                continue
            if any(self.vacant[r] for r in group):
                del groups[pid]  # an error below: not a person
                for r in group[1:]:
                    self.bad(
                        r,
                        self.opts.id,
                        f"id {pid!r} is also on {self.place(group[0])}; an open seat's id "
                        "is its post's, on one row only",
                        DuplicateIdError,
                    )
                continue
            self._same_person(pid, group)
            p = self._primary_row(group)
            for r in group:
                primary[r] = p
                further[r] = r != p
        self.primary, self.further = primary, further
        self._groups = groups

    def _primary_row(self, group: list[int]) -> int:
        """A person's primary row, as the people model picks the primary post: the first
        row that counts and says primary (blank role), else the first that counts,
        else the first."""
        counted = [r for r in group if self.counts is None or self.counts[r]]
        role = self.role
        return next(
            (r for r in counted if role is None or role[r] == "primary"),
            counted[0] if counted else group[0],
        )

    def _same_person(self, pid: str, group: list[int]) -> None:
        """The rows of one id name one person (the same name; the same e-mail where
        given) and hold different posts (not the same manager, title and department)."""
        first, name = group[0], self.names[group[0]]
        email = self.email
        mail = next((email[r] for r in group if email[r]), "") if email else ""
        manager, dept = self.cells(self.opts.manager), self.departments
        posts: dict[tuple[str, str, str], int] = {}
        for r in group:
            if self.names[r] != name:
                column = self.opts.name[0] if len(self.opts.name) == 1 else None
                self.bad(
                    r,
                    column,
                    f"id {pid!r} is also on {self.place(first)} with the name {name!r}, "
                    f"not {self.names[r]!r}: one person's rows name them alike (another "
                    "person needs another id)",
                    DuplicateIdError,
                )
            if email and email[r] and email[r] != mail:
                self.bad(
                    r,
                    self.opts.email,
                    f"id {pid!r} has the e-mail {mail!r} on another row, not {email[r]!r}: "
                    f"one person's rows give the same e-mail ({self._lines(group)})",
                    DuplicateIdError,
                )
            key = (manager[r], self.titles[r], dept[r] if dept else "")
            same = posts.setdefault(key, r)
            if same != r:
                self.bad(
                    r,
                    self.opts.id,
                    f"{self.who(r)} repeats the post of {self.place(same)} (the same "
                    "manager, title and department): each row of a person is another post",
                    DuplicateIdError,
                )

    def _lines(self, rows: Sequence[int]) -> str:
        return f"{self.table.where}s " + ", ".join(str(self.line(r)) for r in rows)

    def _fte_totals(self) -> None:
        """Warn of people whose rows add up to more than one FTE, as the checks of people
        in posts do: acting rows (covering someone else's post) and rows that do not
        count are left out."""
        fte, role, counts = self.fte, self.role, self.counts
        over = []
        for group in self.repeated().values():
            total = sum(
                1.0 if fte is None or fte[r] is None else fte[r]
                for r in group
                if (role is None or role[r] != "acting") and (counts is None or counts[r])
            )
            if total > 1 + _SLACK:
                over.append(f"{self.who(group[0])} holds {total:g} FTE ({self._lines(group)})")
        if over:
            more = f"; and {len(over) - SHOWN} more" if len(over) > SHOWN else ""
            warn(
                f"{len(over)} {'people hold' if len(over) > 1 else 'person holds'} more than "
                f"1 FTE in their rows (acting rows and rows that do not count left out): "
                f"{'; '.join(over[:SHOWN])}{more}",
                self.file,
            )

    def _check_titles(self) -> None:
        if "" in self.titles:
            for r in [r for r, t in enumerate(self.titles) if not t]:
                self.bad(r, self.opts.title, f"{self.who(r)} has no title; every post needs one")

    # -- what the units are built from ---------------------------------------------------

    def rows_of_people(self) -> list[int]:
        """The rows of people's primary posts and of open seats (every row but the further
        posts of a person on several rows)."""
        if self.further is None:
            return list(range(self.n))
        return [r for r, f in enumerate(self.further) if not f]

    def repeated(self) -> dict[str, list[int]]:
        """The rows of each person on several rows (by id), in row order."""
        return {pid: group for pid, group in self._groups.items() if len(group) > 1}

    def home(self, r: int) -> int:
        """The row of a further row's person's primary post."""
        return r if self.primary is None else self.primary[r]

    def people(self) -> list[dict[str, Any]]:
        """The declared people (every id of a row that is not an open seat, in the order
        of their first rows) as plain data, built column by column; blank cells are
        taken out afterwards."""
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
        if self.primary is None:
            return [p for p, vacant in zip(people, self.vacant, strict=True) if not vacant]
        # A person on several rows: in the place of their first row, with their primary
        # row's cells (and an e-mail another row gives).
        out, seen, primary = [], set(), self.primary
        for r in range(self.n):
            pid = self.ids[r]
            if self.vacant[r] or pid in seen:
                continue
            seen.add(pid)
            person = people[primary[r]]
            if self.email is not None and "email" not in person:
                mail = next((self.email[m] for m in self._groups[pid] if self.email[m]), "")
                if mail:
                    person["email"] = mail
            out.append(person)
        return out

    def posts(self) -> list[dict[str, Any]]:
        """Each row's post as plain data (the shape of a validated post): its title, one
        seat, salary and FTE, held by the person (an assignment when part time or in
        a role other than primary) or vacant (an open seat keeps its row's id as the
        post's id); ``counts: false`` where the counts column says no. Built column
        by column; the structure sets ``kind`` for assistants."""
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
        if self.role is not None:
            for r in [r for r, role in enumerate(self.role) if role != "primary"]:
                (holder,) = posts[r]["holders"]
                holder = holder if isinstance(holder, dict) else {"person": holder}
                posts[r]["holders"] = [{**holder, "role": self.role[r]}]
        if self.counts is not None and not all(self.counts):
            for r in [r for r, counts in enumerate(self.counts) if not counts]:
                posts[r]["counts"] = False
        for r in compress(range(self.n), self.vacant):
            posts[r]["holders"] = []
            if self.ids[r]:
                posts[r]["id"] = self.ids[r]
        return posts

    def check(self, problems: Sequence[tuple[int, Problem]] = ()) -> None:
        """Raise the problems found so far (and *problems*)."""
        self.problems.extend(problems)
        raise_problems(self.problems, self.file)
