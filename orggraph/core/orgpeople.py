"""People in an :class:`~orggraph.core.org.Org`: persons, posts, assignments, vacancies,
managers and reports, and search over units and people (``PeopleMixin``, one of
``Org``'s bases). The rules are :mod:`orggraph.core.people`'s.

>>> import orggraph as og
>>> org = og.loads('''
... people: [{id: p1, name: Priya Shah}, {id: p2, name: Tom Lee}]
... units:
...   - {id: a, name: A, head: {title: Director, holders: [p1]}}
...   - id: b
...     name: B
...     parent: a
...     head: {title: Lead, holders: [{person: p2, fte: 0.5, role: acting}]}
...     staff: [{title: Engineer, seats: 3, holders: [Ann, Bo]}]
... ''')
>>> org.find("priya"), org.find_people("tom"), org.manager("p2"), org.reports("p2")
(['a'], ['p2'], 'p1', ['Ann', 'Bo'])
>>> org.person("p2").name, [a.role for a in org.assignments("p2")]
('Tom Lee', ['acting'])
>>> org.rollup("people"), org.rollup("vacancies"), org.rollup("fte")
(Rollup(value=4, unknown=()), Rollup(value=1, unknown=()), Rollup(value=5.0, unknown=()))
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from orggraph.core.people import (
    Assignment,
    Finding,
    PeopleIndex,
    Person,
    PostRecord,
    Vacancy,
)
from orggraph.core.rollup import Number
from orggraph.errors import UnknownIdError
from orggraph.names import texts

if TYPE_CHECKING:
    from orggraph.core.org import Org
    from orggraph.core.store import UnitStore

__all__ = ["PeopleMixin"]


class PeopleMixin:
    """``Org``'s queries of people in posts and its search."""

    # What these queries read of an Org (set by Org.__init__).
    _people_data: list[dict[str, Any]]
    _store: UnitStore
    _index: dict[str, int]
    salary_period: str
    file: str | None

    @cached_property
    def _people(self) -> PeopleIndex:
        org: Org = self  # type: ignore[assignment]
        return PeopleIndex(org, self._people_data, self.salary_period)

    def people(self) -> list[str]:
        """Every person's id: the declared ones in file order, then those named only in
        ``holders`` in chart order."""
        return list(self._people.persons)

    def person(self, pid: str) -> Person:
        """The person *pid* (an :class:`~orggraph.core.people.Person`)."""
        try:
            return self._people.persons[pid]
        except KeyError:
            raise self._unknown_person(pid) from None

    def _unknown_person(self, pid: str) -> UnknownIdError:
        return UnknownIdError(pid, choices=self._people.persons, what="person", file=self.file)

    def posts(self, uid: str | None = None) -> list[PostRecord]:
        """The posts of unit *uid* (head first), or of every unit in chart order."""
        if uid is None:
            return list(self._people.posts)
        self._check(uid)
        return list(self._people.by_unit.get(uid, ()))

    def assignments(self, pid: str | None = None) -> list[Assignment]:
        """Who holds which post: every assignment, or those of person *pid*."""
        if pid is None:
            return list(self._people.assignments)
        self.person(pid)
        return list(self._people.by_person.get(pid, ()))

    def posts_of(self, pid: str) -> list[PostRecord]:
        """The posts person *pid* holds, their primary one first."""
        found = self.assignments(pid)
        first = self._people.primary(pid)
        found.sort(key=lambda a: a != first)
        return [next(p for p in self.posts(a.unit) if p.id == a.post) for a in found]

    def holders(self, uid: str) -> list[str]:
        """The people in unit *uid*'s own posts (each once), head first."""
        out: dict[str, None] = {}
        for rec in self.posts(uid):
            out.update(dict.fromkeys(rec.holders or ()))
        return list(out)

    def vacancies(self, uid: str | None = None) -> list[Vacancy]:
        """The posts with open seats at and under *uid* (the whole organisation by
        default), one :class:`~orggraph.core.people.Vacancy` each, in chart order."""
        units = self.units() if uid is None else [uid, *self.descendants(uid)]
        return self._people.vacancies(units)

    def manager(self, pid: str) -> str | None:
        """Whom person *pid* reports to through their primary post: a head's manager is
        the head of the unit above (vacant heads are passed over), anyone else's the head
        of their own unit. ``None`` at the top."""
        self.person(pid)
        found = self._people.managers(self._org(), pid)
        return found[0] if found else None

    def reports(self, pid: str) -> list[str]:
        """The people who report to *pid*: those in the staff and assistant posts of the
        units *pid* heads and the heads of their child units (through vacant heads)."""
        self.person(pid)
        return self._people.reports(self._org(), pid)

    def has_people(self) -> bool:
        """Whether any post says who holds it (``holders``, even an empty list: a
        vacancy). Cheap for an organisation that names nobody: the people index is not
        built, so charts of such organisations pay nothing for people.

        >>> import orggraph as og
        >>> og.loads("units: [{id: a, name: A, head: {title: T}}]").has_people()
        False
        >>> og.loads("units: [{id: a, name: A, head: {title: T, holders: []}}]").has_people()
        True
        """
        return self._has_people

    @cached_property
    def _has_people(self) -> bool:  # asked once per chart language: worth keeping
        if not self._people_data and not self._store.has_holders():
            return False
        return any(rec.holders is not None for rec in self._people.posts)

    def people_data(self) -> list[dict[str, Any]]:
        """The declared people as plain data, as the file's ``people:`` list gives them."""
        return [dict(p) for p in self._people_data]

    def people_problems(self) -> list[Finding]:
        """What is wrong with people in posts, as ``(error class or None for a warning,
        unit id, place under the unit, message, ids)`` (see ``docs/people.md``)."""
        return self._people.check(self._org())

    def row(self, uid: str) -> int:
        """The row number of unit *uid* (the order the organisation was built in)."""
        return self._index[self._check(uid)]

    def find_people(self, query: str) -> list[str]:
        """People whose id, name (any language) or email contains *query* (any case)."""
        needle = query.casefold()
        return [
            p.id
            for p in self._people.persons.values()
            if any(needle in t.casefold() for t in (p.id, *texts(p.name), p.email or ""))
        ]

    def find(self, query: str) -> list[str]:
        """Units whose name, alias or post title contains *query* (any language, any
        case), or where a person whose name contains it holds a post.

        >>> import orggraph as og
        >>> og.loads("units: [{id: a, name: {zh: 客服部, en: Customer Service}}]").find("service")
        ['a']
        """
        needle = query.casefold()
        nodes = self._store.data
        people = self.find_people(query)
        by_person = self._people.by_person
        units = {a.unit for p in people for a in by_person.get(p, ())}
        out = []
        for u in self.units():
            data = nodes[u]
            haystack = [
                *texts(data.get("name")),
                *(t for a in data.get("aliases", ()) for t in texts(a)),
            ]
            head = data.get("head")
            for post in ([head] if head else []) + list(data.get("staff", ())):
                haystack.extend(texts(post.get("title")))
            if u in units or any(needle in h.casefold() for h in haystack):
                out.append(u)
        return out

    def _own_values(
        self, measure: str, rows: Sequence[int] | None = None
    ) -> tuple[list[Number], list[bool]]:
        """Each row's own figure for *measure*: the store's, but ``people`` (a person in
        two posts is one person) from the people index."""
        if measure != "people" or self._store.has_measure("people"):
            return self._store.own_values(measure, rows, period=self.salary_period)
        values, known = self._people.own_people(self._org())
        if rows is None:
            return values, known
        return [values[i] for i in rows], [known[i] for i in rows]

    def _org(self) -> Org:
        return self  # type: ignore[return-value]

    if TYPE_CHECKING:  # the tree's queries, from TreeMixin

        def _check(self, uid: str) -> str: ...
        def units(self, unit_type: str | None = None) -> list[str]: ...
        def descendants(self, uid: str) -> list[str]: ...
