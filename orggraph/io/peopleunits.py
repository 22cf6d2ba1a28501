"""The units of a people-level table: teams headed by managers, or departments (for
:func:`orggraph.io.people.read_people`).

Both structures give plain unit records in the shape :func:`orggraph.core.build.build`
takes (each unit's data as a validated unit's, each post as a validated post's), the
dotted lines between units, and where each unit and link came from in the table.

- ``managers``: a person who manages someone (or has no manager) heads a unit whose id
  is their id, named ``<department> (<name>)`` (their name alone without a department
  column; ``<title> (vacant)`` for an open seat); the unit reports to their manager's
  unit. Everyone else holds a staff post (an assistant post when the
  assistant column says so) in their manager's unit.
- ``departments``: each department is a unit (id and name: the department's text; a
  blank department is the manager's). Its head is the member whose manager is outside
  it (the one with the most people under them when several are; among equals the
  highest; no head when still tied), and it reports to the department of that
  person's manager. The other members hold staff posts in it.

A person on several rows is placed by their primary row; each further row is another
post of theirs: a staff post (or assistant post) in the team of that row's manager (none:
beside the primary post), or in that row's department. A department only further posts
are in hangs from the department of the first one's manager.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import compress
from typing import TYPE_CHECKING, Any

from orggraph.core.build import UnitRecord
from orggraph.core.people import post_ids
from orggraph.core.tables import SEP
from orggraph.errors import DuplicateIdError
from orggraph.io.peoplecells import warn
from orggraph.io.peoplerows import PeopleRows

if TYPE_CHECKING:
    from orggraph.core.org import Org
    from orggraph.core.people import PostRecord
    from orggraph.io.people import PeopleOptions

__all__ = ["Units", "check_primary_posts", "people_units"]

Link = tuple[str, str, str, Any, bool]
_CONTROL = re.compile("[\x00-\x1f]")
_SHOWN = 5


@dataclass
class Units:
    """Unit records and dotted lines, and where each came from in the table."""

    rows: PeopleRows
    posts: list[dict[str, Any]]  # each row's post, in row order
    records: list[UnitRecord] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    link_rows: list[int] = field(default_factory=list)
    _row_of: dict[int, int] | None = None  # id(post) -> its row, built for messages

    def row_of(self, post: Mapping[str, Any]) -> int:
        """The row *post* came from."""
        if self._row_of is None:
            self._row_of = {id(p): r for r, p in enumerate(self.posts)}
        return self._row_of[id(post)]

    def unit_place(self, i: int, key: Any = None) -> str:
        """Where unit *i* (its post named by *key*, e.g. ``("staff", 2, "holders")``) is."""
        data = self.records[i][2]
        staff = data["staff"]
        post = data["head"] or staff[0]
        if isinstance(key, tuple) and len(key) > 1 and key[0] == "staff" and key[1] < len(staff):
            post = staff[key[1]]
        return self.rows.place(self.row_of(post))

    def link_place(self, j: int, key: Any = None) -> str:
        return self.rows.place(self.link_rows[j], self.rows.opts.dotted)


def _unit(name: str, head: dict[str, Any] | None, kind: str | None = None) -> dict[str, Any]:
    """A unit's data in the shape of a validated unit's."""
    return {
        "kind": "unit",
        "name": name,
        "type": kind,
        "aliases": [],
        "description": None,
        "head": head,
        "staff": [],
        "attrs": {},
    }


def people_units(rows: PeopleRows, opts: PeopleOptions) -> Units:
    """The units of *rows* in the structure *opts* asks for, with the dotted lines."""
    if opts.structure == "managers":
        units, unit_of, parent_of = _by_managers(rows)
    else:
        units, unit_of, parent_of = _by_departments(rows)
    if opts.dotted:
        _dotted(units, unit_of, parent_of)
    _vacant_heads(units, parent_of)
    _post_ids(units)
    return units


def _post_ids(units: Units) -> None:
    """Post ids are unique: an open seat's id (its post's) is no other post's default
    id (``<unit>#head``, ``<unit>#<n>``); only an id with ``#`` can be one."""
    rows = units.rows
    if not any("#" in rows.ids[r] for r in compress(range(rows.n), rows.vacant)):
        return
    seen: dict[str, tuple[str, Mapping[str, Any]]] = {}
    for uid, _, data, _ in units.records:
        for pid, _, post in post_ids(uid, data):
            if pid not in seen:
                seen[pid] = uid, post
                continue
            other, first = seen[pid]
            mine, at = (post, other) if "id" in post else (first, uid)
            rows.bad(
                units.row_of(mine),
                rows.opts.id,
                f"the open seat's id {pid!r} is also the id of a post of unit {at!r}",
                DuplicateIdError,
            )
    rows.check()


def _vacant_heads(units: Units, parent_of: dict[str, str | None]) -> None:
    """Warn of vacant heads whose units have reports, as the checks of people in posts
    do (read_people builds what passes the others by construction)."""
    rows = units.rows
    parents = set(parent_of.values())
    found = [
        units.row_of(data["head"])
        for uid, _, data, _ in units.records
        if data["head"] is not None
        and data["head"]["holders"] == []
        and (uid in parents or any(p["holders"] for p in data["staff"]))
    ]
    _note(rows, found, "open seats head a team with reports (a vacant head)")


def _by_managers(
    rows: PeopleRows,
) -> tuple[Units, Callable[[int], str], dict[str, str | None]]:
    """Teams: see the module docs. (The loops build 100,000 rows' units in about a
    tenth of a second: one dict literal per unit, no call per row.)"""
    n, mgr, ids, names, vacant = rows.n, rows.mgr, rows.ids, rows.names, rows.vacant
    further = rows.further
    heads = [m < 0 for m in mgr]
    if further is not None:  # a person's further post heads nothing; its manager does
        heads = [h and not f for h, f in zip(heads, further, strict=True)]
    for m in set(mgr):
        if m >= 0:
            heads[m] = True
    head_rows = list(compress(range(n), heads))
    for r in head_rows:
        if not ids[r]:  # only a top row can head a unit without an id: nobody names it
            rows.bad(r, rows.opts.id, f"{rows.who(r)} has no manager and no id: give it either")
    rows.check()
    units = Units(rows, rows.posts())
    posts, depts, titles = units.posts, rows.departments or [""] * n, rows.titles
    staff_of: dict[int, list[dict[str, Any]]] = {}
    for r in head_rows:
        staff = staff_of[r] = []
        units.records.append(
            (
                ids[r],
                ids[mgr[r]] if mgr[r] >= 0 else None,
                {"kind": "unit", "name": _team_name(depts[r], titles[r], None if vacant[r] else names[r]),
                 "type": None, "aliases": [], "description": None, "head": posts[r],
                 "staff": staff, "attrs": {}},
                [],
            )
        )  # fmt: skip
    others = list(compress(range(n), map(operator.not_, heads)))
    # The row heading the unit of each row's post: its own (a head), its manager's, or
    # for a further post without a manager, that of the person's primary post.
    team = mgr if further is None else _further_teams(rows, heads)
    if rows.assistant:
        for r in others:
            if rows.assistant[r]:
                posts[r]["kind"] = "assistant"
        managing = [r for r in head_rows if rows.assistant[r] and mgr[r] >= 0]
        _note(rows, managing, "people marked as assistants manage people: each heads a team")
    for r in others:
        staff_of[team[r]].append(posts[r])
    parent_of = {uid: parent for uid, parent, _, _ in units.records}
    return units, (lambda r: ids[r] if heads[r] else ids[team[r]]), parent_of


def _further_teams(rows: PeopleRows, heads: list[bool]) -> list[int]:
    """Each row's manager row, a further post without one (or whose manager is unknown)
    taking the team its person's primary post is in."""
    team = list(rows.mgr)
    for r in compress(range(rows.n), rows.further or ()):
        if team[r] < 0:
            p = rows.home(r)
            team[r] = p if heads[p] else rows.mgr[p]
    return team


def _team_name(department: str, title: str, name: str | None) -> str:
    """A team's name: ``Sales (Elena Rossi)``; the head's name alone without a
    department (charts show the title beside it); ``(vacant)`` for an open seat."""
    if name is None:
        return f"{department or title} (vacant)"
    return f"{department} ({name})" if department else name


def _note(rows: PeopleRows, found: list[int], message: str) -> None:
    """One warning: *message* with the number of *found* rows and the first few."""
    if not found:
        return
    listed = ", ".join(f"{rows.who(r)} ({rows.place(r)})" for r in found[:_SHOWN])
    more = f" and {len(found) - _SHOWN} more" if len(found) > _SHOWN else ""
    warn(f"{message} ({len(found)}): {listed}{more}", rows.file)


def _departments_of(rows: PeopleRows) -> list[str]:
    """Each row's department; a blank one is the manager's (and so on up; for a further
    post without a manager, that of the person's primary post)."""
    assert rows.departments is not None
    column = rows.opts.department
    dept = list(rows.departments)
    for r in rows.order:  # managers come first
        if not dept[r] and rows.mgr[r] >= 0:
            dept[r] = dept[rows.mgr[r]]
    for r in compress(range(rows.n), rows.further or ()):  # not in the order: after it
        if not dept[r]:
            dept[r] = dept[rows.mgr[r] if rows.mgr[r] >= 0 else rows.home(r)]
    for r in range(rows.n):
        if not dept[r]:
            rows.bad(r, column, f"{rows.who(r)} has no department, nor has anyone above them")
        elif _CONTROL.search(dept[r]):
            rows.bad(r, column, f"department {dept[r]!r} must be without control characters")
    rows.check()
    return dept


def _head_of(rows: PeopleRows, entry: list[int]) -> tuple[int | None, int]:
    """The head among a department's *entry* members (whose manager is outside it) and
    the member the department hangs from (the head, else the first of those tied).

    The head has the most people under them, then is the highest. Departments cannot
    form a cycle: the department above holds the manager of the member it hangs from,
    whose own tree is larger, so the largest tree grows strictly along any cycle."""
    depth, size = rows.depth, rows.size
    most = max(size[r] for r in entry)
    biggest = [r for r in entry if size[r] == most]
    best = min(depth[r] for r in biggest)
    high = [r for r in biggest if depth[r] == best]
    return (high[0] if len(high) == 1 else None), high[0]


def _by_departments(
    rows: PeopleRows,
) -> tuple[Units, Callable[[int], str], dict[str, str | None]]:
    """Departments: see the module docs."""
    dept, mgr, assistant = _departments_of(rows), rows.mgr, rows.assistant
    further = rows.further or [False] * rows.n
    members: dict[str, list[int]] = {}  # each department's rows, further posts included
    for r, d in enumerate(dept):
        members.setdefault(d, []).append(r)
    units = Units(rows, rows.posts())
    posts = units.posts
    parent_of: dict[str, str | None] = {}
    lost: list[int] = []
    headless: list[int] = []
    for d, ms in members.items():
        # The head and the line above come from people's primary posts; a department
        # only further posts are in hangs from the department of the first one's
        # manager (a department of primary posts: no cycle).
        entry = [r for r in ms if not further[r] and (mgr[r] < 0 or dept[mgr[r]] != d)]
        head, anchor = _head_of(rows, entry) if entry else (None, ms[0])
        parent = dept[mgr[anchor]] if mgr[anchor] >= 0 else None
        parent_of[d] = parent
        data = _unit(d, None if head is None else posts[head], "department")
        order = [r for r in ms if r != head]
        for r in order:
            if assistant and assistant[r]:
                if head is None:
                    headless.append(r)  # nobody to assist: a staff post
                else:
                    posts[r]["kind"] = "assistant"
            data["staff"].append(posts[r])
        units.records.append((d, parent, data, []))
        # Lines to other departments (a top person without one is named as a root).
        lost += [
            r
            for r in entry
            if r != head and mgr[r] >= 0 and (head is not None or dept[mgr[r]] != parent)
        ]
    _note(
        rows,
        sorted(lost),
        "people report to someone in another department, a line the departments do not show",
    )
    _note(rows, headless, "people marked as assistants are in a department without a head: staff")
    return units, dept.__getitem__, parent_of


def _dotted(units: Units, unit_of: Callable[[int], str], parent_of: dict[str, str | None]) -> None:
    """Dotted lines from each dotted-line manager's unit to the person's unit; none where
    it repeats the solid line or joins a unit to itself, and each pair once."""
    rows = units.rows
    column = rows.opts.dotted
    assert column is not None
    cells = rows.cells(column)
    seen: set[tuple[str, str]] = set()
    for r in range(rows.n):
        if not cells[r]:
            continue
        for piece in cells[r].split(SEP):
            piece = piece.strip()
            if not piece:
                continue
            m = rows.lookup(r, column, piece)
            if m < 0:
                continue
            src, dst = unit_of(m), unit_of(r)
            if src == dst or parent_of.get(dst) == src or (src, dst) in seen:
                continue
            seen.add((src, dst))
            units.links.append(("dotted", src, dst, None, False))
            units.link_rows.append(r)
    rows.report_unknown("dotted-line manager", "is left out")
    rows.check()


def check_primary_posts(org: Org, units: Units) -> None:
    """Warn of people on several rows whose manager (:meth:`Org.manager`) is not the one
    their primary row's post gives: the people model takes the first of a person's
    posts in chart order that counts with role primary as their primary post, and a
    further post of theirs can come before it (in a team above)."""
    rows = units.rows
    if rows.primary is None:
        return
    post_of: dict[int, tuple[str, str]] = {}  # row -> (unit, post id)
    for uid, _, data, _ in units.records:
        for post_id, _, post in post_ids(uid, data):
            post_of[units.row_of(post)] = uid, post_id
    found = []
    for person, group in rows.repeated().items():
        r = rows.home(group[0])
        unit, post_id = post_of[r]
        (rec,) = [p for p in org.posts(unit) if p.id == post_id]
        if org.manager(person) != _manager_through(org, rec, person):
            found.append(r)
    _note(
        rows,
        found,
        "people on several rows report through another row than their primary one (the "
        "people model's primary post is the first of a person's posts in chart order that "
        "counts and has role primary): give the other rows a role (acting, interim, "
        "secondment) or counts=no",
    )


def _manager_through(org: Org, rec: PostRecord, pid: str) -> str | None:
    """Whom *pid* reports to through post *rec*, as :meth:`Org.manager` finds it through
    their primary post: the first holder of the nearest held head post above that counts."""
    chain = org.chain(rec.unit)
    for uid in chain[1:] if rec.kind == "head" else chain:
        head = org.posts(uid)[:1]
        if head and head[0].kind == "head" and head[0].counts:
            others = [h for h in head[0].holders or () if h != pid]
            if others:
                return others[0]
    return None
