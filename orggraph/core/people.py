"""People in posts: who holds which post, vacancies, and who reports to whom.

Units own posts (a head post, staff and assistant posts); posts are held by people,
declared in the file's ``people:`` list or named in ``holders`` (an implicit person: the
same plain name in two posts is one person). :class:`PeopleIndex` resolves every holder
to a person id once per organisation and answers the queries ``Org`` offers
(:meth:`Org.people`, :meth:`Org.posts`, :meth:`Org.vacancies`, :meth:`Org.manager`, ...)
and the ``people`` measure, which counts a person in two posts once.

>>> import orggraph as og
>>> org = og.loads('''
... people: [{id: p1, name: {zh: 王芳, en: Wang Fang}}]
... units:
...   - id: a
...     name: A
...     head: {title: Director, holders: [p1]}
...     staff: [{title: Analyst, seats: 2, holders: [Li Ming]}, {title: PA, kind: assistant, holders: []}]
... ''')
>>> org.people(), org.manager("Li Ming"), org.reports("p1")
(['p1', 'Li Ming'], 'p1', ['Li Ming'])
>>> [(v.post, v.open) for v in org.vacancies()]
[('a#1', 1), ('a#2', 1)]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from orggraph.core.rollup import Number, filled_seats, post_value
from orggraph.errors import DuplicateIdError, OrgError, SchemaError, UnknownIdError
from orggraph.names import Name, texts

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = [
    "Assignment",
    "Finding",
    "PeopleIndex",
    "Person",
    "PostRecord",
    "Role",
    "Vacancy",
    "open_seats",
    "post_ids",
]

PostKind = Literal["head", "staff", "assistant"]
#: What an assignment is: the holder's own post, or cover for someone else's.
Role = Literal["primary", "acting", "interim", "secondment"]

#: How far above 1.0 a person's FTE may add up before it is reported (float sums).
_SLACK = 1e-9


class Person(NamedTuple):
    """Someone who holds posts. ``declared`` is false for a person named only in
    ``holders`` (their id is that name)."""

    id: str
    name: Name
    email: str | None = None
    photo: str | None = None
    attrs: Mapping[str, Any] = {}
    declared: bool = True


class PostRecord(NamedTuple):
    """A post of a unit. ``holders`` are person ids (``None``: not known); ``filled``
    the seats they fill (see :func:`orggraph.core.rollup.filled_seats`); ``salary``
    per seat as the file gives it (a number, a ``{min, max}`` band or ``None``) and
    ``salary_period`` the period it is for."""

    id: str
    unit: str
    kind: PostKind
    title: Name
    seats: int | None
    filled: int | None
    holders: tuple[str, ...] | None
    salary: Any
    salary_period: str
    fte: Number | None
    grade: str | None
    counts: bool
    status: str


class Assignment(NamedTuple):
    """One person in one post: the share of their time (``fte``) and the ``role``."""

    person: str
    post: str
    unit: str
    fte: float
    role: Role
    note: Name | None = None


class Vacancy(NamedTuple):
    """A post with ``open`` seats nobody fills."""

    unit: str
    post: str
    title: Name
    open: int


def open_seats(rec: PostRecord) -> int | None:
    """The seats of post *rec* nobody fills: the ``vacancies`` measure of one post, what
    :meth:`Org.vacancies` lists and what a chart marks Vacant. ``None`` when not known (its
    ``seats``, or both its holders and ``filled``, are not given); ``0`` for a post that
    does not count (``counts: false``) or is being eliminated.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units: [{id: a, name: A, staff: [{title: X, seats: 3, holders: [Ann]},
    ...   {title: Y, seats: null, holders: []}, {title: Z, seats: 2, counts: false, holders: []}]}]
    ... ''')
    >>> [open_seats(rec) for rec in org.posts("a")]
    [2, None, 0]
    """
    # filled is already derived from the holders: give the figure itself.
    post = {"seats": rec.seats, "filled": rec.filled, "counts": rec.counts, "status": rec.status}
    value = post_value(post, "vacancies")
    return None if value is None else int(value)


def post_ids(uid: str, data: Mapping[str, Any]) -> list[tuple[str, PostKind, Mapping[str, Any]]]:
    """The posts of a unit's data as ``(id, kind, post)``, the head first. A post without
    an ``id`` is ``<unit>#head`` or ``<unit>#<n>`` (*n* counting staff posts from 1).

    >>> [p[:2] for p in post_ids("ops", {"head": {"title": "H"}, "staff": [{"title": "A", "kind": "assistant"}]})]
    [('ops#head', 'head'), ('ops#1', 'assistant')]
    """
    out: list[tuple[str, PostKind, Mapping[str, Any]]] = []
    head = data.get("head")
    if head:
        out.append((head.get("id") or f"{uid}#head", "head", head))
    for n, post in enumerate(data.get("staff") or (), start=1):
        kind: PostKind = "assistant" if post.get("kind") == "assistant" else "staff"
        out.append((post.get("id") or f"{uid}#{n}", kind, post))
    return out


# (kind of problem, unit id, place under the unit such as ("staff", 1, "holders"), message,
#  ids); kind None is an OrgWarning, any other an OrgError class.
Finding = tuple[type[OrgError] | None, str, tuple[Any, ...], str, tuple[str, ...]]


class PeopleIndex:
    """Every post and every person of an organisation, with holders resolved to ids."""

    def __init__(self, org: Org, declared: Sequence[Mapping[str, Any]], period: str) -> None:
        self.period = period
        self.findings: list[Finding] = []
        self.persons: dict[str, Person] = {}
        names: dict[str, list[str]] = {}
        for p in declared:
            pid = p["id"]
            if pid in self.persons:
                self.findings.append(
                    (DuplicateIdError, "", ("people",), f"person {pid!r} is declared twice", (pid,))
                )
                continue
            self.persons[pid] = Person(
                pid, p["name"], p.get("email"), p.get("photo"), p.get("attrs") or {}
            )
            for t in set(texts(p["name"])):
                names.setdefault(t, []).append(pid)
        self._names = names
        self.posts: list[PostRecord] = []
        self.by_unit: dict[str, list[PostRecord]] = {}
        self.assignments: list[Assignment] = []
        self.by_person: dict[str, list[Assignment]] = {}
        self.by_post: dict[tuple[str, str], list[Assignment]] = {}
        self.places: dict[tuple[str, str], tuple[Any, ...]] = {}
        self.filled_given: dict[tuple[str, str], int] = {}
        self.record: dict[tuple[str, str], PostRecord] = {}  # by (unit, post id)
        self.kinds_given: dict[tuple[str, str], str] = {}
        nodes = org.node_data
        for uid in org.units():
            self._add_unit(uid, nodes[uid])

    def resolve(self, key: str) -> str:
        """The person id a plain holder text stands for (see the module docs)."""
        if key in self.persons:
            return key
        found = self._names.get(key)
        return found[0] if found and len(found) == 1 else key

    def _add_unit(self, uid: str, data: Mapping[str, Any]) -> None:
        records = []
        for j, (pid, kind, post) in enumerate(post_ids(uid, data)):
            where: tuple[Any, ...] = (
                ("head",) if kind == "head" else ("staff", j - bool(data.get("head")))
            )
            self.places[uid, pid] = where
            if post.get("filled") is not None:
                self.filled_given[uid, pid] = post["filled"]
            if post.get("kind") is not None:
                self.kinds_given[uid, pid] = post["kind"]
            holders = post.get("holders")
            ids = (
                None
                if holders is None
                else tuple(self._holder(uid, where, pid, h) for h in holders)
            )
            rec = PostRecord(
                pid, uid, kind, post["title"], post.get("seats", 1), filled_seats(post), ids,
                post.get("salary"), post.get("salary_period") or self.period, post.get("fte"),
                post.get("grade"), post.get("counts") is not False, post.get("status", "active"),
            )  # fmt: skip
            records.append(rec)
            self.posts.append(rec)
            self.record[uid, pid] = rec
        if records:
            self.by_unit[uid] = records

    def _holder(self, uid: str, where: tuple[Any, ...], post: str, holder: Any) -> str:
        if isinstance(holder, Mapping):
            person = str(holder["person"])
            if person not in self.persons:
                self._unknown_person(uid, where, person)
            fte, role, note = holder.get("fte"), holder.get("role", "primary"), holder.get("note")
        else:
            person = self._plain(uid, where, str(holder))
            fte, role, note = None, "primary", None
        a = Assignment(person, post, uid, 1.0 if fte is None else fte, role, note)
        self.assignments.append(a)
        self.by_person.setdefault(person, []).append(a)
        self.by_post.setdefault((uid, post), []).append(a)
        return person

    def _plain(self, uid: str, where: tuple[Any, ...], key: str) -> str:
        found = self._names.get(key)
        if key not in self.persons and found and len(found) > 1:
            self.findings.append(
                (SchemaError, uid, (*where, "holders"),
                 f"{key!r} is the name of {len(found)} people ({', '.join(found)}); "
                 "name the person by id", tuple(found))
            )  # fmt: skip
        person = self.resolve(key)
        if person not in self.persons:
            self.persons[person] = Person(person, person, declared=False)
        return person

    def _unknown_person(self, uid: str, where: tuple[Any, ...], person: str) -> None:
        choices = ", ".join(p for p, rec in self.persons.items() if rec.declared)
        self.findings.append(
            (UnknownIdError, uid, (*where, "holders"),
             f"person {person!r} is not declared in people:"
             + (f"; declared: {choices}" if choices else ""), (uid, person))
        )  # fmt: skip
        self.persons[person] = Person(person, person, declared=False)

    # -- people per unit, for the "people" measure ------------------------------------

    def own_people(self, org: Org) -> tuple[list[Number], list[bool]]:
        """Each row's own figure for the ``people`` measure, arranged so that a sum over
        any subtree counts each person once: +1 at every unit where a person holds a
        counting post, -1 at the lowest common superior of each two such units next in
        chart order (the usual way to count distinct items in subtrees)."""
        index = org._index  # the rows the measure's figures are by
        values: list[Number] = [0] * len(index)
        known = [True] * len(index)
        places: dict[str, list[str]] = {}
        for rec in self.posts:
            if not rec.counts:
                continue
            if rec.holders is None:
                known[index[rec.unit]] = False
                continue
            for person in rec.holders:
                units = places.setdefault(person, [])
                if rec.unit not in units:
                    units.append(rec.unit)
        order = {u: i for i, u in enumerate(org.units())}
        for units in places.values():
            units.sort(key=order.__getitem__)
            for u in units:
                values[index[u]] += 1
            for a, b in pairwise(units):
                top = org.common_superior(a, b)
                if top is not None:
                    values[index[top]] -= 1
        return values, known

    # -- who reports to whom -------------------------------------------------------------

    def head_holders(self, uid: str) -> tuple[str, ...]:
        """The people in *uid*'s head post (none when vacant, not known, or a post that
        does not count: a board's chair is nobody's line manager)."""
        posts = self.by_unit.get(uid)
        if posts and posts[0].kind == "head" and posts[0].counts:
            return posts[0].holders or ()
        return ()

    def primary(self, pid: str) -> Assignment | None:
        """A person's primary assignment: the first in a counted post (a job, not a board
        seat) with role primary, else the first in a counted post, else the first."""
        found = self.by_person.get(pid, [])
        counted = [a for a in found if self.record[a.unit, a.post].counts]
        return next(
            (a for a in counted if a.role == "primary"),
            counted[0] if counted else found[0] if found else None,
        )

    def managers(self, org: Org, pid: str) -> list[str]:
        """Who *pid* reports to through their primary post: the holders of the nearest
        counted head post above it that someone (other than *pid*) holds."""
        first = self.primary(pid)
        if first is None:
            return []
        kind = self.record[first.unit, first.post].kind
        chain = org.chain(first.unit)  # the unit, then its superiors up to the root
        for uid in chain if kind != "head" else chain[1:]:
            heads = [h for h in self.head_holders(uid) if h != pid]
            if heads:
                return heads
        return []

    def reports(self, org: Org, pid: str) -> list[str]:
        """The people whose manager (any of :meth:`managers`) is *pid*, through every
        head post *pid* holds; vacant heads below are looked through."""
        out: dict[str, None] = {}
        for a in self.by_person.get(pid, []):
            if pid in self.head_holders(a.unit):
                for person in self._team(org, a.unit):
                    if person != pid and pid in self.managers(org, person):
                        out.setdefault(person, None)
        return list(out)

    def _team(self, org: Org, uid: str) -> Iterator[str]:
        for rec in self.by_unit.get(uid, ()):
            if rec.kind != "head":
                yield from rec.holders or ()
        stack = list(reversed(org.children(uid)))
        while stack:
            child = stack.pop()
            heads = self.head_holders(child)
            if heads:
                yield from heads
                continue
            for rec in self.by_unit.get(child, ()):  # a vacant head: look through it
                if rec.kind != "head":
                    yield from rec.holders or ()
            stack.extend(reversed(org.children(child)))

    # -- the checks of people in posts --------------------------------------------------

    def check(self, org: Org) -> list[Finding]:
        """Problems of people in posts (see ``docs/people.md``): errors and warnings."""
        found = list(self.findings)
        found.extend(self._post_checks())
        found.extend(self._person_checks())
        found.extend(self._unit_checks(org))
        return found

    def _post_checks(self) -> Iterator[Finding]:
        seen: dict[str, str] = {}
        for rec in self.posts:
            where = self._where(rec)
            if rec.id in seen:
                yield (DuplicateIdError, rec.unit, (*where, "id"),
                       f"post id {rec.id!r} is also a post of unit {seen[rec.id]!r}", (rec.id,))  # fmt: skip
            seen.setdefault(rec.id, rec.unit)
            given_kind = self.kinds_given.get((rec.unit, rec.id))
            if given_kind is not None and (given_kind == "head") != (rec.kind == "head"):
                yield (SchemaError, rec.unit, (*where, "kind"),
                       f"post {rec.id!r} is a {'head' if rec.kind == 'head' else 'staff'} post "
                       f"but says kind: {given_kind}; the head post is the unit's head:, "
                       "staff posts are staff or assistant", (rec.unit,))  # fmt: skip
            if rec.holders is None:
                continue
            twice = sorted({p for p in rec.holders if rec.holders.count(p) > 1})
            if twice:
                yield (SchemaError, rec.unit, (*where, "holders"),
                       f"post {rec.id!r} lists {', '.join(map(repr, twice))} more than once", (rec.unit, *twice))  # fmt: skip
            given = self.filled_given.get((rec.unit, rec.id))
            if given is not None and given != rec.filled:
                yield (SchemaError, rec.unit, (*where, "filled"),
                       f"post {rec.id!r}: filled is {given}, but its holders fill "
                       f"{rec.filled} seat{'s' if rec.filled != 1 else ''}", (rec.unit,))  # fmt: skip
            fte = sum(a.fte for a in self.by_post.get((rec.unit, rec.id), ()))
            if rec.seats is not None and fte > rec.seats + _SLACK:
                yield (SchemaError, rec.unit, (*where, "holders"),
                       f"post {rec.id!r}: its holders add up to {fte:g} FTE in "
                       f"{rec.seats} seat{'s' if rec.seats != 1 else ''}", (rec.unit, *rec.holders))  # fmt: skip

    def _person_checks(self) -> Iterator[Finding]:
        for pid, found in self.by_person.items():
            # An acting role covers someone else's post, and a post that does not count
            # (a board seat) is not a job: neither adds to a person's FTE.
            total = sum(
                a.fte for a in found if a.role != "acting" and self.record[a.unit, a.post].counts
            )
            if total > 1 + _SLACK:
                posts = ", ".join(a.post for a in found)
                yield (None, found[0].unit, (), f"person {pid!r} holds {total:g} FTE in posts {posts} (more than 1)", (pid,))  # fmt: skip

    def _unit_checks(self, org: Org) -> Iterator[Finding]:
        for uid, posts in self.by_unit.items():
            has_head = posts[0].kind == "head"
            for rec in posts:
                if rec.kind == "assistant" and not has_head:
                    yield (SchemaError, uid, (*self._where(rec), "kind"),
                           f"post {rec.id!r} is an assistant post, but unit {uid!r} has no head post to assist", (uid,))  # fmt: skip
            if (
                has_head
                and posts[0].holders == ()
                and (org.children(uid) or any(r.holders for r in posts[1:]))
            ):
                yield (None, uid, ("head", "holders"),
                       f"the head post of unit {uid!r} is vacant, and the unit has reports", (uid,))  # fmt: skip

    def _where(self, rec: PostRecord) -> tuple[Any, ...]:
        return self.places[rec.unit, rec.id]

    def vacancies(self, units: Sequence[str]) -> list[Vacancy]:
        """The posts of *units* with open seats, in their order."""
        out = []
        for uid in units:
            for rec in self.by_unit.get(uid, ()):
                open_ = open_seats(rec)
                if open_:
                    out.append(Vacancy(uid, rec.id, rec.title, open_))
        return out
