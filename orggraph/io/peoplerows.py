"""The rows of a people-level table, read and checked: their cells
(:mod:`orggraph.io.peoplecells`) and whom each person reports to (for
:func:`orggraph.io.people.read_people`).

Managers are resolved (by id, email or name; a person on several rows is named by
their primary row), reporting cycles found, and the reporting forest of people's
primary posts walked once for depths and sizes. Problems are collected with their line
and column and raised together.

>>> from orggraph.io.people import PeopleOptions
>>> table = Table(["id", "boss", "name", "job"],
...               [["1", "2", "3"], ["", "1", "1"], ["Ann", "Bo", "TBH"], ["CEO", "Dev", "Dev"]],
...               lambda r: r + 2, "line", None)
>>> rows = PeopleRows(table, PeopleOptions(id="id", manager="boss", name=("name",), title="job"))
>>> rows.mgr, rows.vacant, rows.size
([-1, 0, 0], [False, False, True], [3, 1, 1])
"""

from __future__ import annotations

from itertools import compress, repeat
from typing import TYPE_CHECKING

from orggraph.errors import CycleError, UnknownIdError, close_matches
from orggraph.io.peoplecells import SHOWN, PeopleCells, Table, raise_by_line, warn

if TYPE_CHECKING:
    from collections.abc import Callable

    from orggraph.io.people import PeopleOptions

__all__ = ["PeopleRows"]


def _key(text: str, how: str) -> str:
    """A manager reference as compared: ids exactly, emails and names in any case (names
    with their spaces collapsed)."""
    if how == "id":
        return text
    return (" ".join(text.split()) if how == "name" else text).casefold()


class PeopleRows(PeopleCells):
    """A people table's rows, read and checked (:class:`PeopleCells`), with each one's
    manager resolved and the reporting forest checked (see the module docs)."""

    def __init__(
        self,
        table: Table,
        opts: PeopleOptions,
        elsewhere: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__(table, opts)
        # A history's day: why a reference to someone not in force is not in the table
        # ("joins on 2025-06-01"), said instead of a did-you-mean.
        self.elsewhere = elsewhere
        self.unknown: list[tuple[int, str, str]] = []  # (row, column, reference)
        self.index = self._index()
        self.mgr = self._managers()
        self._check_cycles()
        raise_by_line(self.problems, self.file)
        self._tree: tuple[list[int], list[int], list[int]] | None = None
        self._roots()

    # -- managers ------------------------------------------------------------------------

    def _index(self) -> dict[str, int]:
        """The row each manager reference stands for (open seats only by id); the
        references that stand for several rows are in :attr:`many`."""
        how = self.opts.manager_key
        self.many: dict[str, list[int]] = {}
        if how == "id":
            index = dict(zip(self.ids, range(self.n), strict=True))  # unique: checked
            index.pop("", None)
            if self.primary is not None:  # a person on several rows: their primary row
                for r in compress(range(self.n), self.further or ()):
                    index[self.ids[r]] = self.primary[r]
            return index
        cells = self.names if how == "name" else self.email
        assert cells is not None
        index = {}
        further = self.further or [False] * self.n
        for r in range(self.n):
            if cells[r] and not self.vacant[r] and not further[r]:
                key = _key(cells[r], how)
                first = index.setdefault(key, r)
                if first != r:
                    self.many.setdefault(key, [first]).append(r)
        return index

    def _ambiguous(self, r: int, column: str, text: str, found: list[int]) -> None:
        rows = ", ".join(f"{self.ids[m]!r} ({self.place(m)})" for m in found[:SHOWN])
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
        reference marks a top person, as HR systems write them; a person's further post
        without a manager is placed beside their primary post."""
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
        own = range(n) if self.primary is None else self.primary  # a person's row
        if any(map(int.__eq__, mgr, own)):  # one's own manager: a top person
            mgr = [-1 if m == o else m for m, o in zip(mgr, own, strict=True)]
        further = ", or a further post placed beside its person's primary post"
        self.report_unknown("manager", "is made a root" + ("" if self.further is None else further))
        return mgr

    def report_unknown(self, what: str, then: str) -> None:
        """The references to no one found by :meth:`lookup`: problems when ``strict``,
        else one warning naming the first few."""
        unknown, self.unknown = self.unknown, []
        if not unknown:
            return
        choices = list(self.index)

        def hint(text: str) -> str:
            why = self.elsewhere(_key(text, self.opts.manager_key)) if self.elsewhere else None
            if why:
                return f" ({why})"
            guess = close_matches(text, choices, n=1)
            return f" (did you mean {guess[0]!r}?)" if guess else ""

        if self.opts.strict:
            for k, (r, column, text) in enumerate(unknown):
                message = f"{what} {text!r} of {self.who(r)} is not in the table"
                self.bad(r, column, message + (hint(text) if k < SHOWN else ""), UnknownIdError)
            return
        listed = "; ".join(
            f"{self.place(r, column)}: {what} {text!r} of {self.who(r)}{hint(text)}"
            for r, column, text in unknown[:SHOWN]
        )
        more = f"; and {len(unknown) - SHOWN} more" if len(unknown) > SHOWN else ""
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
        """The rows of people's primary posts and open seats, managers first (breadth
        first from the top people)."""
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
        for r in range(n) if self.further is None else self.rows_of_people():
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
        self._tree = order, depth, size  # a further row's depth and size are meaningless
        return self._tree

    def _roots(self) -> None:
        """Name the people without a manager besides the top one (the one with the most
        people under them): a warning, or errors when ``strict``."""
        if self.mgr.count(-1) < 2:
            return
        further = self.further or [False] * self.n
        roots = [r for r in range(self.n) if self.mgr[r] < 0 and not further[r]]
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
            raise_by_line(self.problems, self.file)
        listed = ", ".join(f"{self.who(r)} ({self.place(r)})" for r in extra[:SHOWN])
        more = f" and {len(extra) - SHOWN} more" if len(extra) > SHOWN else ""
        warn(
            f"{len(extra)} {'people have' if len(extra) > 1 else 'person has'} no manager "
            f"besides the top person ({then}); each is a root of its own "
            f"(strict=True makes this an error): {listed}{more}",
            self.file,
        )
