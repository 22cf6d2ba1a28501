"""People-level tables: one row per person in a post and one per open seat, the shape an
HR system exports (``rows="people"`` of :func:`orggraph.io.tables_out.to_records` and
:func:`~orggraph.io.tables_out.to_csv`).

Columns (a name in several languages is one column per language, ``name_zh``,
``name_en``; ``attrs.<key>`` per key of the people's ``attrs``):

=================  ==========================================================
``person_id``      the person's id (blank on an open seat)
``name``           their name
``email``          their e-mail, ``photo`` their photo (columns only when given)
``post_id``        the post's id; ``title`` its title, ``kind`` head, staff or assistant
``counts``         false for a post whose holders are not employees (a board seat, a
                   contractor); the column only when some post does not count
``role``           primary, acting, interim or secondment
``fte``            the person's share of a full-time job in the post
``note``           the assignment's note (only when given)
``unit_id``        the unit the post is in; ``unit_name`` its name
``manager_id``     whom the person reports to (:meth:`Org.manager`); on an open seat,
                   who would: the holder of the nearest head post above
``grade``          the post's grade (only when given)
``salary``         the salary per seat; a band as ``salary_min`` and ``salary_max``
``salary_period``  month or year: the period of the salary
=================  ==========================================================

>>> import orggraph as og
>>> org = og.loads('''
... people: [{id: p1, name: Ann, email: ann@example.org}]
... units:
...   - id: a
...     name: A
...     head: {title: Director, holders: [p1]}
...     staff: [{title: Analyst, seats: 2, holders: [{person: p1, fte: 0.5, role: acting}]}]
... ''')
>>> for row in people_records(org):
...     print(row["person_id"], row["post_id"], row["role"], row["fte"], row["manager_id"])
p1 a#head primary 1.0 None
p1 a#1 acting 0.5 None
None a#1 None None p1
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from orggraph.core.people import Assignment, PostRecord
from orggraph.io.flatdoc import json_text
from orggraph.io.tablecolumns import ATTRS
from orggraph.names import Name, text

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = ["OPTIONAL_COLUMNS", "people_columns", "people_records"]

#: Columns left out of a CSV when no row has a value in them.
OPTIONAL_COLUMNS = (
    "email", "photo", "note", "grade", "salary", "salary_min", "salary_max", "salary_period",
)  # fmt: skip


def _languages(org: Org) -> list[str]:
    """The organisation's languages, then any other a name of a person, post or unit uses."""
    langs: dict[str, None] = dict.fromkeys(org.lang)
    names: list[Any] = [org.person(p).name for p in org.people()]
    nodes = org.node_data
    for rec in org.posts():
        names += [rec.title, nodes[rec.unit]["name"]]
    for name in names:
        if isinstance(name, Mapping):
            langs.update(dict.fromkeys(name))
    return list(langs)


def _flat(out: dict[str, Any], column: str, name: Name | None, langs: Sequence[str]) -> None:
    """*name* as one column, or one per language (plain text in the first)."""
    if not langs:
        out[column] = None if name is None else text(name)
        return
    for lang in langs:
        if isinstance(name, Mapping):
            out[f"{column}_{lang}"] = name.get(lang)
        else:
            out[f"{column}_{lang}"] = name if lang == langs[0] else None


def _cell(value: Any) -> Any:
    """A person's attribute as a table cell: text and numbers as they are, dates as ISO
    text, anything else (lists, objects, true/false) as JSON text."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return json_text(value)


def _seat_manager(org: Org, rec: PostRecord) -> str | None:
    """Who an open seat's holder would report to, as :meth:`Org.manager` says of a
    holder: the first holder of the nearest counted head post above it (above the unit
    for a head post, in it for the others; a board's chair manages nobody)."""
    chain = org.chain(rec.unit)
    for uid in chain[1:] if rec.kind == "head" else chain:
        posts = org.posts(uid)
        if posts and posts[0].kind == "head" and posts[0].counts and posts[0].holders:
            return posts[0].holders[0]
    return None


def _post_cells(
    org: Org, rec: PostRecord, langs: Sequence[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The cells of a post's rows before and after the person's: the post, and its
    unit and pay."""
    post: dict[str, Any] = {"post_id": rec.id}
    _flat(post, "title", rec.title, langs)
    post["kind"] = rec.kind
    post["counts"] = rec.counts
    pay: dict[str, Any] = {"unit_id": rec.unit}
    _flat(pay, "unit_name", org.node_data[rec.unit]["name"], langs)
    pay["manager_id"] = None
    pay["grade"] = rec.grade
    band = rec.salary if isinstance(rec.salary, Mapping) else None
    pay["salary"] = None if band is not None else rec.salary
    pay["salary_min"] = band.get("min") if band else None
    pay["salary_max"] = band.get("max") if band else None
    pay["salary_period"] = rec.salary_period if rec.salary is not None else None
    return post, pay


def people_records(org: Org) -> list[dict[str, Any]]:
    """One dict per person in a post (a person in two posts has two rows) and one per
    open seat (the person's cells blank), in chart order, a post's holders in their
    order and then its open seats. Seats whose holders are not known (a post with a
    ``filled`` count but no ``holders``) have no rows; nor do eliminated posts' seats."""
    langs = _languages(org)
    persons = {pid: org.person(pid) for pid in org.people()}
    keys: dict[str, None] = {}
    for person in persons.values():
        keys.update(dict.fromkeys(person.attrs))
    held: dict[tuple[str, str], list[Assignment]] = {}
    for a in org.assignments():
        held.setdefault((a.unit, a.post), []).append(a)
    managers: dict[str, str | None] = {}
    rows: list[dict[str, Any]] = []
    for rec in org.posts():
        post, pay = _post_cells(org, rec, langs)
        for a in held.get((rec.unit, rec.id), ()):
            person = persons[a.person]
            row: dict[str, Any] = {"person_id": person.id}
            _flat(row, "name", person.name, langs)
            row.update(email=person.email, photo=person.photo, **post)
            row.update(role=a.role, fte=a.fte, note=None if a.note is None else text(a.note))
            row.update(pay)
            if a.person not in managers:
                managers[a.person] = org.manager(a.person)
            row["manager_id"] = managers[a.person]
            for key in keys:
                row[ATTRS + key] = _cell(person.attrs.get(key))
            rows.append(row)
        open_seats = _open_seats(rec)
        if open_seats:
            row = {"person_id": None}
            _flat(row, "name", None, langs)
            row.update(email=None, photo=None, **post, role=None, fte=None, note=None, **pay)
            row["manager_id"] = _seat_manager(org, rec)
            row.update({ATTRS + key: None for key in keys})
            rows.extend(dict(row) for _ in range(open_seats))
    return rows


def _open_seats(rec: PostRecord) -> int:
    if rec.status == "eliminated" or rec.seats is None or rec.filled is None:
        return 0
    return max(0, rec.seats - rec.filled)


def people_columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The columns of *rows* a CSV keeps: all but the :data:`OPTIONAL_COLUMNS` no row
    has a value in, and ``counts`` only when some post does not count."""
    if not rows:
        return ["person_id", "name", "post_id", "title", "kind", "role", "fte",
                "unit_id", "unit_name", "manager_id"]  # fmt: skip
    return [
        k
        for k in rows[0]
        if (k not in OPTIONAL_COLUMNS or any(r[k] is not None for r in rows))
        and (k != "counts" or not all(r[k] for r in rows))
    ]
