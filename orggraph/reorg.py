"""Reorganisation: operations that return a new `Org` and record what they changed.

Every operation leaves its input untouched, checks its arguments against the
organisation (unknown ids with did-you-mean, reporting cycles, taken ids, links that
would be left dangling) and returns a new organisation whose change log
(``org.changes``) ends with a :class:`Change` saying what changed, from which units,
into which, in the spirit of the W3C ORG vocabulary's ``org:ChangeEvent``
(``org:originalOrganization`` / ``org:resultingOrganization``).

>>> import orggraph as og
>>> org = og.loads('''
... units:
...   - id: ceo
...     name: CEO office
...     units:
...       - {id: sales, name: Sales, staff: [{title: Rep, seats: 3}]}
...       - {id: tech, name: Tech}
... ''')
>>> moved = move(org, "tech", "sales")
>>> moved.parent("tech"), org.parent("tech")
('sales', 'ceo')
>>> moved.changes
(Change(op='move', unit='tech', from_=('ceo',), into=('sales',)),)
>>> move(org, "ceo", "tech")
Traceback (most recent call last):
...
orggraph.errors.CycleError: cannot move 'ceo' under 'tech': 'tech' reports to 'ceo' (tech -> ceo), so 'ceo' would report to its own subordinate
>>> move(org, "tec", "sales")
Traceback (most recent call last):
...
orggraph.errors.UnknownIdError: unknown unit id 'tec' (did you mean 'tech'?)

A scenario is a list of operations, in Python or in a YAML/JSON file
(``operations: [{op: move, unit: tech, new_parent: sales}, ...]``):

>>> after = apply_scenario(org, {"operations": [
...     {"op": "rename", "unit": "tech", "name": "Technology"},
...     {"op": "add_unit", "unit": {"id": "qa", "name": "QA"}, "parent": "tech"},
... ]})
>>> [str(c) for c in after.changes]
["rename tech: 'Tech' -> 'Technology'", 'add_unit qa under tech']
"""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import (
    CycleError,
    DuplicateIdError,
    LinkError,
    OrgError,
    SchemaError,
    UnknownIdError,
    close_matches,
)
from .names import Name, text

if TYPE_CHECKING:
    from .model import Org
    from .schema import ChangeRecord

__all__ = [
    "OPERATIONS",
    "Change",
    "ReorgError",
    "add_unit",
    "apply",
    "apply_scenario",
    "load_scenario",
    "merge",
    "move",
    "remove_unit",
    "rename",
    "set_staff",
    "split",
]

OPERATIONS = ("add_unit", "merge", "move", "remove_unit", "rename", "set_staff", "split")

# (kind, from, to, relation, mutual): the link tuples construct.build takes.
_Link = tuple[str, str, str, Any, bool]
_UNSET: Any = object()


class ReorgError(OrgError):
    """An operation's arguments do not fit the organisation: something left unassigned
    or assigned twice, a missing or contradictory option."""


@dataclass(frozen=True)
class Change:
    """One reorganisation step, as the change log records it.

    ``op`` is the operation; ``unit`` the unit it acted on; ``from_`` and ``into`` the
    units before and after (for a move: the old and the new parent; for a split: the
    split unit and the new ones; for a merge: the merged units and the result);
    ``details`` says what went where, as plain data; ``note`` and ``date`` are free.
    Ids are history: they need not exist in today's organisation.

    >>> c = Change("merge", unit="ab", from_=("a", "b"), into=("ab",), date="2025-06-01")
    >>> c.to_dict()
    {'op': 'merge', 'unit': 'ab', 'from': ['a', 'b'], 'into': ['ab'], 'date': '2025-06-01'}
    >>> Change.from_dict(c.to_dict()) == c, str(c)
    (True, 'merge a, b into ab')
    """

    op: str
    unit: str | None = None
    from_: tuple[str, ...] = ()
    into: tuple[str, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)
    note: Name | None = None
    date: str | None = None

    def __hash__(self) -> int:  # details and note may hold dicts
        return hash((self.op, self.unit, self.from_, self.into, self.date))

    def __repr__(self) -> str:
        parts = [f"op={self.op!r}"]
        for key in ("unit", "from_", "into", "details", "note", "date"):
            value = getattr(self, key)
            if value:
                parts.append(f"{key}={value!r}")
        return f"Change({', '.join(parts)})"

    def __str__(self) -> str:
        u, f, i = self.unit, ", ".join(self.from_), ", ".join(self.into)
        if self.op == "move":
            return f"move {u} from {f or '(top level)'} to {i or '(top level)'}"
        if self.op == "split":
            return f"split {u} into {i}"
        if self.op == "merge":
            return f"merge {f} into {i}"
        if self.op == "rename":
            name = self.details.get("name")
            names = f"{_name_text(name['old'])!r} -> {_name_text(name['new'])!r}" if name else ""
            if f and i and f != i:
                return f"rename {f} -> {i}" + (f" ({names})" if names else "")
            return f"rename {u}: {names}"
        if self.op == "add_unit":
            return f"add_unit {u} under {i}" if i else f"add_unit {u} (top level)"
        if self.op == "remove_unit":
            return f"remove_unit {u}" + (f" (reassigned to {i})" if i else "")
        return f"{self.op} {u}"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the file format's ``changes:`` list (empty fields left out)."""
        out: dict[str, Any] = {"op": self.op}
        if self.unit is not None:
            out["unit"] = self.unit
        if self.from_:
            out["from"] = list(self.from_)
        if self.into:
            out["into"] = list(self.into)
        if self.details:
            out["details"] = _plain(self.details)
        if self.note is not None:
            out["note"] = self.note
        if self.date is not None:
            out["date"] = self.date
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        """Validate one ``changes:`` entry (plain data) and build a ``Change``."""
        from .schema import validate

        doc = validate({"units": [{"id": "_", "name": "_"}], "changes": [dict(data)]})
        return cls.from_record(doc.changes[0])

    @classmethod
    def from_record(cls, record: ChangeRecord) -> Change:
        """From the validated schema model (what :func:`orggraph.from_dict` reads)."""
        return cls(
            op=record.op,
            unit=record.unit,
            from_=tuple(record.from_),
            into=tuple(record.into),
            details=dict(record.details),
            note=record.note,
            date=record.date,
        )


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _name_text(name: Any) -> str:
    return text(name) if isinstance(name, (str, Mapping)) else str(name)


def _date(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        raise SchemaError(f"date must be text such as 2025-06-01, not {value!r}")
    return value


# -- a mutable working copy -------------------------------------------------------------


class _Draft:
    """The organisation as plain, mutable parts; ``finish`` builds the new ``Org``.

    Node data dicts are shallow copies: nested posts are replaced, never changed in
    place, so the original organisation is never touched.
    """

    def __init__(self, org: Org) -> None:
        self.org = org
        units = org.units()
        nodes = org._nodes
        self.parent: dict[str, str | None] = {u: org.parent(u) for u in units}
        self.children: dict[str, list[str]] = {u: org.children(u) for u in units}
        self.roots: list[str] = org.roots()
        self.data: dict[str, dict[str, Any]] = {u: dict(nodes[u]) for u in units}
        self.rids: dict[str, list[str]] = {u: org.responsibilities(u) for u in units}
        self.resp: list[tuple[str, dict[str, Any]]] = [
            (r, dict(nodes[r])) for r in org.responsibility_ids()
        ]
        self.links: list[_Link] = [
            (d["kind"], a, b, d.get("relation"), bool(d.get("mutual"))) for a, b, d in org.links()
        ]

    # lookups

    def need(self, uid: Any, what: str = "unit id") -> str:
        if not isinstance(uid, str):
            raise SchemaError(f"a {what} is text, not {uid!r:.60}", ids=())
        if uid not in self.data:
            raise UnknownIdError(uid, choices=self.data, what=what)
        return uid

    def resp_ids(self) -> list[str]:
        return [r for r, _ in self.resp]

    def need_free(self, uid: str, *, freed: Iterable[str] = ()) -> None:
        if uid in self.data and uid not in set(freed):
            parent = self.parent[uid]
            where = f" under {parent!r}" if parent else " at the top level"
            raise DuplicateIdError(
                f"unit id {uid!r} is already taken (by {self.name(uid)!r}{where}); "
                "choose another id",
                ids=(uid,),
            )
        if uid in self.resp_ids():
            raise DuplicateIdError(
                f"id {uid!r} is a responsibility's id; unit and responsibility ids share one "
                "namespace: choose another id",
                ids=(uid,),
            )

    def name(self, uid: str) -> str:
        lang = self.org.lang[0] if self.org.lang else None
        return text(self.data[uid].get("name"), default_lang=lang)

    def siblings(self, parent: str | None) -> list[str]:
        return self.roots if parent is None else self.children[parent]

    def chain(self, uid: str) -> list[str]:
        out = [uid]
        parent = self.parent[uid]
        while parent is not None:
            out.append(parent)
            parent = self.parent[parent]
        return out

    def subtree(self, uid: str) -> list[str]:
        out: list[str] = []
        stack = [uid]
        while stack:
            u = stack.pop()
            out.append(u)
            stack.extend(reversed(self.children[u]))
        return out

    # edits

    def detach(self, uid: str) -> int:
        sibs = self.siblings(self.parent[uid])
        index = sibs.index(uid)
        del sibs[index]
        return index

    def attach(self, uid: str, parent: str | None, index: int | None = None) -> None:
        sibs = self.siblings(parent)
        sibs.insert(len(sibs) if index is None else index, uid)
        self.parent[uid] = parent

    def drop(self, uid: str) -> None:
        """Forget a detached unit (its children must have been moved or dropped)."""
        del self.parent[uid], self.children[uid], self.data[uid], self.rids[uid]

    def add(self, uid: str, data: dict[str, Any], rids: list[str]) -> None:
        self.data[uid] = data
        self.rids[uid] = rids
        self.children[uid] = []
        self.parent[uid] = None

    def link_ends(self, mapping: Mapping[str, str]) -> list[str]:
        """Re-point link ends through *mapping*; drop the re-pointed links that would
        join a unit to itself or repeat a link. Returns a description of each drop."""
        touched = [src in mapping or dst in mapping for _, src, dst, _, _ in self.links]
        seen = {repr(link) for link, t in zip(self.links, touched, strict=True) if not t}
        out: list[_Link] = []
        dropped: list[str] = []
        for link, t in zip(self.links, touched, strict=True):
            if not t:
                out.append(link)
                continue
            kind, src, dst, relation, mutual = link
            moved = (kind, mapping.get(src, src), mapping.get(dst, dst), relation, mutual)
            if moved[1] == moved[2] or repr(moved) in seen:
                dropped.append(_link_label(link))
                continue
            seen.add(repr(moved))
            out.append(moved)
        self.links = out
        return dropped

    def finish(self, change: Change) -> Org:
        from .construct import build

        records = []
        stack = list(reversed(self.roots))
        while stack:
            u = stack.pop()
            records.append((u, self.parent[u], self.data[u], self.rids[u]))
            stack.extend(reversed(self.children[u]))
        org = self.org
        return build(
            records,
            responsibilities=self.resp,
            links=self.links,
            name=org.org_name,
            lang=org.lang,
            attrs=org.attrs,
            changes=(*org.changes, change),
        )


def _link_label(link: _Link) -> str:
    kind, src, dst, _, mutual = link
    return f"{kind} {src} {'<->' if mutual else '->'} {dst}"


def _post_label(post: Mapping[str, Any], lang: str | None) -> str:
    seats = post.get("seats", 1)
    shown = "unknown seats" if seats is None else f"{seats} seat{'s' if seats != 1 else ''}"
    return f"{text(post.get('title'), default_lang=lang)} ({shown})"


def _export_post(post: Mapping[str, Any]) -> dict[str, Any]:
    from .export import _post

    return _post(post)


def _relocate(err: OrgError, old: str, new: str) -> OrgError:
    """*err* with the path prefix *old* of its places replaced by *new*."""

    def swap(place: str | None) -> str | None:
        if place is None:
            return None
        if place == old or place.startswith(old + ".") or place.startswith(old + "["):
            moved = new + place[len(old) :]
            return moved.lstrip(".") or None
        return place

    return type(err).make(
        err.message,
        file=err.file,
        place=swap(err.place),
        ids=err.ids,
        choices=err.choices,
        problems=[(swap(p) or p, m) for p, m in err.problems],
    )


def _unit_records(
    draft: _Draft, spec: Any, where: str, *, nested: bool
) -> list[tuple[str, str | None, dict[str, Any], list[str]]]:
    """Validate a unit given in the file format; its records, top unit first (its parent
    None), nested units after their parents. Referenced responsibilities must exist."""
    from .construct import unit_data
    from .schema import validate

    if isinstance(spec, str):
        spec = {"id": spec, "name": spec}
    if not isinstance(spec, Mapping):
        raise SchemaError(
            f"a unit is a mapping such as {{id: x, name: X}}, not {spec!r:.60}", place=where
        )
    if "parent" in spec:
        raise SchemaError(
            "give the parent as the operation's own option, not inside the unit",
            place=f"{where}.parent",
        )
    if not nested and spec.get("units"):
        raise ReorgError(
            "new units cannot bring units of their own here; assign existing units through "
            "assign: {<new id>: {children: [...]}}",
            place=f"{where}.units",
        )
    try:
        doc = validate({"units": [dict(spec)]})
    except SchemaError as err:
        raise _relocate(err, "units[0]", where) from None
    known = set(draft.resp_ids())
    out: list[tuple[str, str | None, dict[str, Any], list[str]]] = []
    stack: list[tuple[Any, str | None, str]] = [(doc.units[0], None, where)]
    while stack:
        unit, parent, place = stack.pop()
        for k, rid in enumerate(unit.responsibilities):
            if rid not in known:
                unknown = UnknownIdError(rid, choices=known, what="responsibility id")
                raise UnknownIdError.make(
                    f"unit {unit.id!r}: {unknown.message}",
                    place=f"{place}.responsibilities[{k}]",
                    ids=(unit.id, rid),
                    choices=unknown.choices,
                )
        data = unit_data(unit)
        out.append((unit.id, parent, data, list(dict.fromkeys(unit.responsibilities))))
        stack.extend(
            (c, unit.id, f"{place}.units[{j}]") for j, c in reversed(list(enumerate(unit.units)))
        )
    seen: set[str] = set()
    for uid, _, _, _ in out:
        if uid in seen:
            raise DuplicateIdError(f"the new units use the id {uid!r} twice", ids=(uid,))
        seen.add(uid)
    return out


def _posts(draft: _Draft, uid: str, head: Any, staff: Any) -> tuple[Any, Any]:
    """Validate a head post (or None) and a list of posts given in the file format."""
    from .construct import _post
    from .schema import validate

    unit: dict[str, Any] = {"id": uid, "name": "_"}
    if head is not _UNSET and head is not None:
        unit["head"] = head
    if staff is not _UNSET:
        if isinstance(staff, (str, Mapping)) or not isinstance(staff, Iterable):
            raise SchemaError(f"unit {uid!r}: staff must be a list of posts", place="staff")
        unit["staff"] = list(staff)
    try:
        doc = validate({"units": [unit]})
    except SchemaError as err:
        raise _relocate(
            _relocate(err, "units[0].head", "head"), "units[0].staff", "staff"
        ) from None
    got = doc.units[0]
    new_head = _UNSET if head is _UNSET else (_post(got.head) if got.head else None)
    new_staff = _UNSET if staff is _UNSET else [_post(p) for p in got.staff]
    return new_head, new_staff


def _as_list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return [value]
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        raise SchemaError(f"{what} must be a list, not {value!r:.60}")
    return list(value)


def _position(position: Any, sibs: Sequence[str], parent: str | None) -> int | None:
    if position is None:
        return None
    if (
        isinstance(position, bool)
        or not isinstance(position, int)
        or not 0 <= position <= len(sibs)
    ):
        where = f"under {parent!r}" if parent else "at the top level"
        raise ReorgError(
            f"position must be a whole number from 0 to {len(sibs)} (there are {len(sibs)} "
            f"units {where}), not {position!r}"
        )
    return position


def _check_parent(draft: _Draft, unit: str, new_parent: str, verb: str) -> None:
    """A CycleError if *new_parent* is *unit* or one of its subordinates."""
    if new_parent == unit:
        raise CycleError(f"cannot {verb} {unit!r} under itself", ids=(unit,))
    chain = draft.chain(new_parent)
    if unit in chain:
        path = " -> ".join(chain[: chain.index(unit) + 1])
        raise CycleError(
            f"cannot {verb} {unit!r} under {new_parent!r}: {new_parent!r} reports to {unit!r} "
            f"({path}), so {unit!r} would report to its own subordinate",
            ids=(unit, new_parent),
        )


def _change(op: str, note: Any, date: Any, **fields: Any) -> Change:
    if note is not None:
        from .schema import validate

        try:
            validate({"units": [{"id": "_", "name": note}]})
        except SchemaError as err:
            raise SchemaError(err.message.removeprefix("unit '_': "), place="note") from None
    return Change(op, note=note, date=_date(date), **fields)


# -- the operations -----------------------------------------------------------------------


def move(
    org: Org,
    unit: str,
    new_parent: str | None,
    *,
    position: int | None = None,
    note: Name | None = None,
    date: str | datetime.date | None = None,
) -> Org:
    """*unit* (with everything under it) now reports to *new_parent* (``None``: to nobody).

    *position* places it among the new parent's units (0 = first; default last).

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}, {id: c, name: C}]}]")
    >>> move(org, "c", "b").chain("c")
    ['c', 'b', 'a']
    >>> move(org, "c", "a", position=0).children("a")
    ['c', 'b']
    """
    d = _Draft(org)
    d.need(unit)
    old = d.parent[unit]
    if new_parent is not None:
        d.need(new_parent, "parent id")
        _check_parent(d, unit, new_parent, "move")
    if new_parent == old and position is None:
        where = f"reports to {old!r}" if old else "is at the top level"
        raise ReorgError(f"{unit!r} already {where}; give position= to reorder it", ids=(unit,))
    d.detach(unit)
    d.attach(unit, new_parent, _position(position, d.siblings(new_parent), new_parent))
    details = {"position": position} if position is not None else {}
    change = _change(
        "move",
        note,
        date,
        unit=unit,
        from_=(old,) if old else (),
        into=(new_parent,) if new_parent else (),
        details=details,
    )
    return d.finish(change)


def rename(
    org: Org,
    unit: str,
    *,
    name: Name | None = None,
    id: str | None = None,
    note: Name | None = None,
    date: str | datetime.date | None = None,
) -> Org:
    """Give *unit* a new *name* and/or a new *id* (links and reporting lines follow).

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]")
    >>> new = rename(org, "b", name={"en": "Bee", "zh": "蜂"}, id="bee")
    >>> new.children("a"), new.name("bee", "zh")
    (['bee'], '蜂')
    """
    d = _Draft(org)
    d.need(unit)
    if name is None and id is None:
        raise ReorgError(f"rename {unit!r}: give name= or id= (or both)", ids=(unit,))
    new_id = unit if id is None else id
    spec: dict[str, Any] = {"id": new_id, "name": name if name is not None else "_"}
    records = _unit_records(d, spec, "", nested=False)
    new_id = records[0][0]
    details: dict[str, Any] = {}
    if name is not None:
        old_name = d.data[unit]["name"]
        new_name = records[0][2]["name"]
        if new_name != old_name:
            details["name"] = {"old": old_name, "new": new_name}
        d.data[unit] = {**d.data[unit], "name": new_name}
    if new_id != unit:
        d.need_free(new_id)
        parent = d.parent[unit]
        sibs = d.siblings(parent)
        sibs[sibs.index(unit)] = new_id
        d.parent[new_id] = d.parent.pop(unit)
        d.children[new_id] = d.children.pop(unit)
        d.data[new_id] = d.data.pop(unit)
        d.rids[new_id] = d.rids.pop(unit)
        for c in d.children[new_id]:
            d.parent[c] = new_id
        d.link_ends({unit: new_id})
    elif not details:
        raise ReorgError(f"rename {unit!r}: nothing changes (same name and id)", ids=(unit,))
    change = _change(
        "rename", note, date, unit=new_id, from_=(unit,), into=(new_id,), details=details
    )
    return d.finish(change)


def add_unit(
    org: Org,
    unit: Mapping[str, Any],
    *,
    parent: str | None,
    position: int | None = None,
    note: Name | None = None,
    date: str | datetime.date | None = None,
) -> Org:
    """Add a unit, given in the file format (nested ``units`` too), under *parent*.

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: A}]")
    >>> new = add_unit(org, {"id": "b", "name": "B", "staff": [{"title": "Clerk", "seats": 2}]},
    ...                parent="a")
    >>> new.children("a"), new.headcount("a").value
    (['b'], 2)
    >>> add_unit(new, {"id": "b", "name": "Another B"}, parent="a")
    Traceback (most recent call last):
    ...
    orggraph.errors.DuplicateIdError: unit id 'b' is already taken (by 'B' under 'a'); choose another id
    """
    d = _Draft(org)
    if parent is not None:
        d.need(parent, "parent id")
    records = _unit_records(d, unit, "unit", nested=True)
    for uid, _, _, _ in records:
        d.need_free(uid)
    index = _position(position, d.siblings(parent), parent)
    top = records[0][0]
    for uid, sub_parent, data, rids in records:
        d.add(uid, data, rids)
        if sub_parent is None:
            d.attach(uid, parent, index)
        else:
            d.attach(uid, sub_parent)
    details: dict[str, Any] = {}
    if len(records) > 1:
        details["units"] = [uid for uid, _, _, _ in records[1:]]
    change = _change(
        "add_unit", note, date, unit=top, into=(parent,) if parent else (), details=details
    )
    return d.finish(change)


def remove_unit(
    org: Org,
    unit: str,
    *,
    reassign_to: str | None = None,
    keep_staff: bool = False,
    cascade: bool = False,
    note: Name | None = None,
    date: str | datetime.date | None = None,
) -> Org:
    """Abolish *unit*.

    With *reassign_to*, its units then report to that unit (taking the removed unit's
    place when it is the removed unit's parent), its links point there and it takes on
    the responsibilities; *keep_staff* moves the posts there too (else they go with the
    unit). Without it, a unit that has units under it or links needs ``cascade=True``,
    which removes everything under it and drops their links.

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B, units: [{id: c, name: C}]}]}]")
    >>> remove_unit(org, "b", reassign_to="a").children("a")
    ['c']
    >>> remove_unit(org, "b")
    Traceback (most recent call last):
    ...
    orggraph.reorg.ReorgError: 1 unit reports to 'b' (c): give reassign_to= to move it (for example to 'a'), or cascade=True to remove it too
    """
    d = _Draft(org)
    d.need(unit)
    kids = list(d.children[unit])
    parent = d.parent[unit]
    if reassign_to is not None:
        d.need(reassign_to, "unit id to reassign to")
        if cascade:
            raise ReorgError("give either reassign_to= or cascade=True, not both", ids=(unit,))
        if reassign_to in d.subtree(unit):
            raise CycleError(
                f"cannot reassign the units of {unit!r} to {reassign_to!r}: it is "
                f"{'the removed unit' if reassign_to == unit else 'under the removed unit'}",
                ids=(unit, reassign_to),
                choices=(parent,) if parent else (),
            )
    elif keep_staff:
        raise ReorgError("keep_staff=True needs reassign_to= (where the posts go)", ids=(unit,))
    removed = d.subtree(unit) if cascade else [unit]
    gone = set(removed)
    if len(gone) == len(d.data):
        raise ReorgError(
            f"removing {unit!r}{' and the units under it' if cascade else ''} would leave no "
            "units; an organisation needs at least one",
            ids=(unit,),
        )
    touching = [link for link in d.links if link[1] in gone or link[2] in gone]
    if reassign_to is None and not cascade:
        if kids:
            n = len(kids)
            them = "them" if n > 1 else "it"
            hint = f" (for example to {parent!r})" if parent else ""
            raise ReorgError(
                f"{n} unit{'s report' if n > 1 else ' reports'} to {unit!r} ({', '.join(kids)}): "
                f"give reassign_to= to move {them}{hint}, or cascade=True to remove {them} too",
                ids=(unit, *kids),
                choices=(parent,) if parent else (),
            )
        if touching:
            raise LinkError(
                f"{unit!r} has {len(touching)} link{'s' if len(touching) > 1 else ''} "
                f"({'; '.join(_link_label(link) for link in touching)}): give reassign_to= to "
                "re-point them, or cascade=True to drop them",
                ids=(unit,),
            )
    details: dict[str, Any] = {}
    if cascade and len(removed) > 1:
        details["removed"] = removed[1:]
    own = d.data[unit]
    posts = ([own["head"]] if own.get("head") else []) + list(own.get("staff") or [])
    rids = d.rids[unit]
    index = d.detach(unit)
    if reassign_to is not None:
        at = index if reassign_to == parent else None
        for k, c in enumerate(kids):
            d.attach(c, reassign_to, None if at is None else at + k)
        d.children[unit] = []
        if kids:
            details["children"] = kids
        target = d.rids[reassign_to]
        moved = [r for r in rids if r not in target]
        if moved:
            d.rids[reassign_to] = [*target, *moved]
            details["responsibilities"] = moved
        dropped = d.link_ends({unit: reassign_to})
        if touching:
            details["links"] = [_link_label(link) for link in touching]
        if dropped:
            details["dropped_links"] = dropped
        if keep_staff and posts:
            data = d.data[reassign_to]
            d.data[reassign_to] = {**data, "staff": [*(data.get("staff") or []), *posts]}
            details["staff"] = [_export_post(p) for p in posts]
    else:
        if rids:
            details["responsibilities"] = rids
        if touching:
            d.links = [link for link in d.links if link not in touching]
            details["dropped_links"] = [_link_label(link) for link in touching]
    for u in reversed(removed):
        d.drop(u)
    change = _change(
        "remove_unit",
        note,
        date,
        unit=unit,
        from_=(unit,),
        into=(reassign_to,) if reassign_to else (),
        details=details,
    )
    return d.finish(change)


def set_staff(
    org: Org,
    unit: str,
    *,
    head: Mapping[str, Any] | None = _UNSET,
    staff: Sequence[Mapping[str, Any]] = _UNSET,
    note: Name | None = None,
    date: str | datetime.date | None = None,
) -> Org:
    """Replace *unit*'s head post (``head=None`` removes it) and/or its staff posts, given
    in the file format.

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: A, staff: [{title: Clerk, seats: 2, salary: 10}]}]")
    >>> new = set_staff(org, "a", staff=[{"title": "Clerk", "seats": 3, "salary": 10}])
    >>> new.headcount("a").value, new.budget("a").value
    (3, 30)
    """
    d = _Draft(org)
    d.need(unit)
    if head is _UNSET and staff is _UNSET:
        raise ReorgError(f"set_staff {unit!r}: give head= or staff= (or both)", ids=(unit,))
    new_head, new_staff = _posts(d, unit, head, staff)
    data = d.data[unit]
    details: dict[str, Any] = {}
    if new_head is not _UNSET:
        old = data.get("head")
        details["head"] = {
            "old": _export_post(old) if old else None,
            "new": _export_post(new_head) if new_head else None,
        }
        data = {**data, "head": new_head}
    if new_staff is not _UNSET:
        details["staff"] = {
            "old": [_export_post(p) for p in data.get("staff") or []],
            "new": [_export_post(p) for p in new_staff],
        }
        data = {**data, "staff": new_staff}
    d.data[unit] = data
    return d.finish(_change("set_staff", note, date, unit=unit, details=details))


_ASSIGN_KEYS = ("children", "staff", "responsibilities", "links")


def split(
    org: Org,
    unit: str,
    *,
    into: Sequence[Mapping[str, Any] | str],
    assign: Mapping[str, Mapping[str, Any]] | None = None,
    note: Name | None = None,
    date: str | datetime.date | None = None,
) -> Org:
    """Replace *unit* by the new units *into* (file-format units without ``units``), in
    its place, and share out what it had.

    ``assign`` maps each new unit's id to what it takes over:

    - ``children``: ids of units that reported to *unit* (every one must be assigned);
    - ``staff``: *unit*'s posts by index in its ``staff`` list, by title (any language),
      or ``head`` for its head post, which becomes the new unit's head unless the new
      unit brings its own (every post must be assigned);
    - ``responsibilities``: ids; one listed under several new units is shared; one
      listed nowhere is copied to every new unit;
    - ``links``: the ids of the units at the other end of *unit*'s links; the links are
      re-pointed to this new unit (to several: copied). Every link must be assigned.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - id: co
    ...     name: Company
    ...     units:
    ...       - id: ops
    ...         name: Operations
    ...         head: {title: Director, salary: 100}
    ...         staff: [{title: Buyer, seats: 2}, {title: Driver, seats: 5}]
    ...         units: [{id: depot, name: Depot}]
    ... ''')
    >>> new = split(org, "ops", into=[{"id": "buying", "name": "Buying"},
    ...                               {"id": "transport", "name": "Transport"}],
    ...             assign={"buying": {"staff": ["head", "Buyer"]},
    ...                     "transport": {"staff": [1], "children": ["depot"]}})
    >>> new.children("co"), new.children("transport"), new.headcount("buying").value
    (['buying', 'transport'], ['depot'], 3)
    >>> split(org, "ops", into=["x", "y"], assign={"x": {"staff": ["head", 0, 1]}})
    Traceback (most recent call last):
    ...
    orggraph.reorg.ReorgError: 1 unit reports to 'ops' but is not assigned to a new unit: depot; list it under assign.<new id>.children (new units: x, y)
    """
    d = _Draft(org)
    d.need(unit)
    lang = org.lang[0] if org.lang else None
    if isinstance(into, (str, Mapping)) or not isinstance(into, Iterable):
        raise SchemaError(f"split {unit!r}: into= must be a list of new units", place="into")
    specs = list(into)
    if len(specs) < 2:
        raise ReorgError(
            f"split {unit!r}: into= needs at least two new units (to change one unit, use "
            "rename or set_staff)",
            ids=(unit,),
        )
    new: list[tuple[str, dict[str, Any], list[str]]] = []
    for i, spec in enumerate(specs):
        (uid, _, data, rids), *_ = _unit_records(d, spec, f"into[{i}]", nested=False)
        if any(uid == other for other, _, _ in new):
            raise DuplicateIdError(
                f"split {unit!r}: the new units use the id {uid!r} twice", ids=(uid,)
            )
        d.need_free(uid, freed=(unit,))
        new.append((uid, data, rids))
    ids = [uid for uid, _, _ in new]

    plan: dict[str, dict[str, list[Any]]] = {uid: {k: [] for k in _ASSIGN_KEYS} for uid in ids}
    if assign is not None and not isinstance(assign, Mapping):
        raise SchemaError(f"split {unit!r}: assign= must map new unit ids to what they take over")
    for key, part in (assign or {}).items():
        if key not in plan:
            raise UnknownIdError.make(
                f"assign: {key!r} is not one of the new units ({', '.join(ids)})"
                + _did_you_mean(str(key), ids),
                place=f"assign.{key}",
                ids=(str(key),),
                choices=ids,
            )
        if not isinstance(part, Mapping):
            raise SchemaError(
                f"assign.{key} must map {', '.join(_ASSIGN_KEYS)} to lists", place=f"assign.{key}"
            )
        for what, refs in part.items():
            if what not in _ASSIGN_KEYS:
                raise SchemaError(
                    f"unknown key {what!r}{_did_you_mean(str(what), _ASSIGN_KEYS)}; valid keys: "
                    f"{', '.join(_ASSIGN_KEYS)}",
                    place=f"assign.{key}.{what}",
                    choices=_ASSIGN_KEYS,
                )
            plan[key][what] = _as_list(refs, f"assign.{key}.{what}")

    def note_twice(thing: str, first: str, second: str) -> ReorgError:
        return ReorgError(
            f"{thing} is assigned to both {first!r} and {second!r}; a unit or post goes to one "
            "new unit",
            ids=(first, second),
        )

    # units under the split unit
    kids = d.children[unit]
    child_to: dict[str, str] = {}
    for uid in ids:
        for c in plan[uid]["children"]:
            if c not in kids:
                raise _not_among(c, kids, f"a unit reporting to {unit!r}", f"assign.{uid}.children")
            if c in child_to:
                raise note_twice(f"unit {c!r}", child_to[c], uid)
            child_to[c] = uid
    missing = [c for c in kids if c not in child_to]
    if missing:
        n = len(missing)
        raise ReorgError(
            f"{n} unit{'s report' if n > 1 else ' reports'} to {unit!r} but "
            f"{'are' if n > 1 else 'is'} not assigned to a new unit: {', '.join(missing)}; list "
            f"{'them' if n > 1 else 'it'} under assign.<new id>.children (new units: {', '.join(ids)})",
            ids=(unit, *missing),
            choices=ids,
        )

    # posts
    own = d.data[unit]
    old_head = own.get("head")
    old_staff = list(own.get("staff") or [])
    posts: list[tuple[Any, Mapping[str, Any]]] = [("head", old_head)] if old_head else []
    posts += list(enumerate(old_staff))
    listing = "; ".join(f"{k}: {_post_label(p, lang)}" for k, p in posts) or "none"

    def posts_of(ref: Any, owner: str) -> list[Any]:
        if ref == "head" and old_head:
            return ["head"]
        if isinstance(ref, int) and not isinstance(ref, bool) and 0 <= ref < len(old_staff):
            return [ref]
        if isinstance(ref, str):
            found = [
                k
                for k, p in posts
                if any(ref.casefold() == t.casefold() for t in _texts(p.get("title")))
            ]
            if found:
                return found
        raise ReorgError(
            f"assign.{owner}.staff: {ref!r} is not a post of {unit!r}; its posts: {listing}",
            place=f"assign.{owner}.staff",
            ids=(unit,),
            choices=[str(k) for k, _ in posts],
        )

    post_to: dict[Any, str] = {}
    for uid in ids:
        for ref in plan[uid]["staff"]:
            for k in posts_of(ref, uid):
                if k in post_to and post_to[k] != uid:
                    raise note_twice(f"post {k!r} of {unit!r}", post_to[k], uid)
                post_to[k] = uid
    left = [(k, p) for k, p in posts if k not in post_to]
    if left:
        raise ReorgError(
            f"{len(left)} post{'s' if len(left) > 1 else ''} of {unit!r} "
            f"{'are' if len(left) > 1 else 'is'} not assigned to a new unit: "
            + "; ".join(f"{k}: {_post_label(p, lang)}" for k, p in left)
            + " (refer to a post by its index, its title or head under assign.<new id>.staff; "
            f"new units: {', '.join(ids)})",
            ids=(unit,),
            choices=ids,
        )

    # responsibilities
    own_rids = d.rids[unit]
    rid_to: dict[str, list[str]] = {}
    for uid in ids:
        for rid in plan[uid]["responsibilities"]:
            if rid not in own_rids:
                raise _not_among(
                    rid, own_rids, f"a responsibility of {unit!r}", f"assign.{uid}.responsibilities"
                )
            rid_to.setdefault(rid, []).append(uid)
    copied = [r for r in own_rids if r not in rid_to]

    # links
    def other(link: _Link) -> str:
        return link[2] if link[1] == unit else link[1]

    touching = [link for link in d.links if unit in (link[1], link[2])]
    ends = list(dict.fromkeys(other(link) for link in touching))
    link_to: dict[str, list[str]] = {}
    for uid in ids:
        for ref in plan[uid]["links"]:
            if ref not in ends:
                where = f"assign.{uid}.links"
                if not ends:
                    raise LinkError(f"{unit!r} has no links to assign", place=where, ids=(unit,))
                raise LinkError.make(
                    f"{unit!r} has no link with {ref!r}; its links go to or come from: "
                    f"{', '.join(ends)}{_did_you_mean(str(ref), ends)}",
                    place=where,
                    ids=(unit, str(ref)),
                    choices=ends,
                )
            link_to.setdefault(ref, []).append(uid)
    unassigned = [link for link in touching if other(link) not in link_to]
    if unassigned:
        n = len(unassigned)
        raise LinkError(
            f"{n} link{'s' if n > 1 else ''} of {unit!r} {'are' if n > 1 else 'is'} not assigned "
            f"to a new unit: {'; '.join(_link_label(link) for link in unassigned)}; list the unit "
            f"at the other end under assign.<new id>.links (new units: {', '.join(ids)})",
            ids=(unit, *(other(link) for link in unassigned)),
            choices=ids,
        )

    # build the new units in the split unit's place
    parent = d.parent[unit]
    index = d.detach(unit)
    d.children[unit] = []
    d.drop(unit)
    for offset, (uid, data, rids) in enumerate(new):
        head = data.get("head")
        staff = list(data.get("staff") or [])
        for k, p in posts:
            if post_to[k] != uid:
                continue
            if k == "head" and head is None:
                head = p
            else:
                staff.append(p)
        taken = [r for r in own_rids if uid in rid_to.get(r, ()) or r in copied]
        d.add(uid, {**data, "head": head, "staff": staff}, list(dict.fromkeys([*rids, *taken])))
        d.attach(uid, parent, index + offset)
    for c in kids:
        d.attach(c, child_to[c])
    links: list[_Link] = []
    for link in d.links:
        kind, src, dst, relation, mutual = link
        if unit not in (src, dst):
            links.append(link)
            continue
        for uid in link_to[other(link)]:
            links.append(
                (kind, uid if src == unit else src, uid if dst == unit else dst, relation, mutual)
            )
    d.links = links

    details: dict[str, Any] = {}
    for what, table in (
        ("children", {uid: [c for c in kids if child_to[c] == uid] for uid in ids}),
        ("staff", {uid: [_post_title(p) for k, p in posts if post_to[k] == uid] for uid in ids}),
        (
            "responsibilities",
            {uid: [r for r in own_rids if uid in rid_to.get(r, ())] for uid in ids},
        ),
        ("links", {uid: [e for e in ends if uid in link_to[e]] for uid in ids}),
    ):
        table = {k: v for k, v in table.items() if v}
        if table:
            details[what] = table
    if copied:
        details["copied_responsibilities"] = copied
    change = _change(
        "split", note, date, unit=unit, from_=(unit,), into=tuple(ids), details=details
    )
    return d.finish(change)


def _post_title(post: Mapping[str, Any]) -> Any:
    return post.get("title")


def _texts(name: Any) -> list[str]:
    from .names import texts

    return texts(name)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    found = close_matches(word, choices)
    return f" (did you mean {' or '.join(repr(s) for s in found)}?)" if found else ""


def _not_among(ref: Any, choices: Sequence[str], what: str, place: str) -> OrgError:
    listed = ", ".join(choices) if choices else "none"
    return UnknownIdError.make(
        f"{ref!r} is not {what}{_did_you_mean(str(ref), choices)}; choices: {listed}",
        place=place,
        ids=(str(ref),),
        choices=choices,
    )


def merge(
    org: Org,
    units: Sequence[str],
    *,
    into: str | Mapping[str, Any],
    note: Name | None = None,
    date: str | datetime.date | None = None,
) -> Org:
    """Merge *units* into one: *into* is one of them (which keeps its name, head and
    data) or a new unit in the file format (without ``units``).

    The merged unit takes the place of *into* (or of the first listed unit). Their
    units, posts and responsibilities are gathered in the order the units are listed;
    the merged unit's head is *into*'s, else the first listed unit's, and the other
    heads become staff posts (nobody's post is lost). Links follow; links between the
    merged units and repeated links are dropped.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - id: top
    ...     name: Top
    ...     units:
    ...       - {id: a, name: A, head: {title: Boss}, units: [{id: a1, name: A1}]}
    ...       - {id: b, name: B, head: {title: Chief}, staff: [{title: Clerk, seats: 2}]}
    ... ''')
    >>> new = merge(org, ["a", "b"], into={"id": "ab", "name": "A and B"})
    >>> new.children("top"), new.children("ab"), new.headcount("ab").value
    (['ab'], ['a1'], 4)
    >>> new.changes[-1].from_, new.changes[-1].into
    (('a', 'b'), ('ab',))
    """
    d = _Draft(org)
    if isinstance(units, str) or not isinstance(units, Iterable):
        raise SchemaError("merge: units= must be a list of unit ids", place="units")
    members = list(units)
    for u in members:
        d.need(u)
    if len(members) < 2:
        raise ReorgError("merge: give at least two units", ids=tuple(members))
    repeated = sorted({u for u in members if members.count(u) > 1})
    if repeated:
        raise ReorgError(
            f"merge: {', '.join(map(repr, repeated))} listed twice", ids=tuple(repeated)
        )
    member_set = set(members)
    spec: dict[str, Any] | None = None
    spec_rids: list[str] = []
    if isinstance(into, str):
        if into not in member_set:
            hint = (
                f"{into!r} is not one of the merged units"
                if into in d.data
                else f"{into!r} is not a unit; a new unit needs a name: into={{id: {into}, name: ...}}"
            )
            raise ReorgError(
                f"merge: {hint}; give one of {', '.join(members)} or a new unit",
                ids=(into,),
                choices=members,
            )
        result = into
    else:
        (result, _, spec, spec_rids), *_ = _unit_records(d, into, "into", nested=False)
        d.need_free(result, freed=members)

    # where the merged unit goes: into's place (or the first unit's), unless that place
    # is inside a merged unit; then the highest merged unit's place
    anchor = result if result in member_set else members[0]
    if any(u in member_set for u in d.chain(anchor)[1:]):
        anchor = min(members, key=lambda u: len(d.chain(u)))
    parent = d.parent[anchor]
    sibs = d.siblings(parent)
    index = sum(1 for s in sibs[: sibs.index(anchor)] if s not in member_set)

    base = spec if spec is not None else d.data[result]
    heads = [u for u in members if d.data[u].get("head")]
    chief = None
    if base.get("head"):
        chief = None if spec is not None else result
        head = base["head"]
    elif heads:
        chief = heads[0]
        head = d.data[chief]["head"]
    else:
        head = None
    staff: list[Any] = list(spec.get("staff") or []) if spec is not None else []
    rids: list[str] = list(spec_rids)
    kids: list[str] = []
    for u in members:
        data = d.data[u]
        if data.get("head") and u != chief:
            staff.append(data["head"])
        staff.extend(data.get("staff") or [])
        rids.extend(d.rids[u])
        kids.extend(c for c in d.children[u] if c not in member_set)
    dropped_attrs = {
        u: d.data[u]["attrs"]
        for u in members
        if (spec is not None or u != result) and d.data[u].get("attrs")
    }

    for u in members:
        d.detach(u)
    for u in members:
        d.children[u] = []
    for u in members:
        d.drop(u)
    d.add(result, {**base, "head": head, "staff": staff}, list(dict.fromkeys(rids)))
    d.attach(result, parent, index)
    for c in kids:
        d.attach(c, result)
    dropped = d.link_ends(dict.fromkeys(members, result))
    details: dict[str, Any] = {}
    if dropped:
        details["dropped_links"] = dropped
    if dropped_attrs:
        details["attrs"] = dropped_attrs
    change = _change(
        "merge", note, date, unit=result, from_=tuple(members), into=(result,), details=details
    )
    return d.finish(change)


# -- scenarios -------------------------------------------------------------------------------

_FUNCTIONS: dict[str, Callable[..., Org]] = {
    "add_unit": add_unit,
    "merge": merge,
    "move": move,
    "remove_unit": remove_unit,
    "rename": rename,
    "set_staff": set_staff,
    "split": split,
}
_SCENARIO_KEYS = ("name", "description", "date", "operations")


def apply(org: Org, operation: Mapping[str, Any]) -> Org:
    """Apply one operation given as plain data: ``{"op": "move", "unit": ..., ...}``; the
    other keys are the operation's arguments, by name.

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]")
    >>> apply(org, {"op": "rename", "unit": "b", "name": "Bee"}).name("b")
    'Bee'
    >>> apply(org, {"op": "rename", "unit": "b", "nmae": "Bee"})
    Traceback (most recent call last):
    ...
    orggraph.errors.SchemaError: nmae: rename: unknown key 'nmae' (did you mean 'name'?); valid keys: op, unit, name, id, note, date
    """
    if not isinstance(operation, Mapping):
        raise SchemaError(
            f"an operation is a mapping such as {{op: move, ...}}, not {operation!r:.60}"
        )
    op = operation.get("op")
    if op not in _FUNCTIONS:
        what = (
            "missing 'op'"
            if op is None
            else f"unknown op {op!r}{_did_you_mean(str(op), OPERATIONS)}"
        )
        raise SchemaError(
            f"{what}; choose one of {', '.join(OPERATIONS)}", place="op", choices=OPERATIONS
        )
    func = _FUNCTIONS[op]
    params = list(inspect.signature(func).parameters.values())[1:]
    names = [p.name for p in params]
    valid = ["op", *names]
    args = {k: v for k, v in operation.items() if k != "op"}
    for key in args:
        if key not in names:
            raise SchemaError(
                f"{op}: unknown key {key!r}{_did_you_mean(str(key), names)}; valid keys: "
                f"{', '.join(valid)}",
                place=str(key),
                choices=valid,
            )
    for p in params:
        if p.default is inspect.Parameter.empty and p.name not in args:
            raise SchemaError(f"{op}: required key {p.name!r} is missing", place=p.name)
    return func(org, **args)


def load_scenario(path: str | Path, *, max_bytes: int | None = None) -> dict[str, Any]:
    """Read a scenario file (YAML or JSON): ``{operations: [...], name:, date:, ...}``;
    a regular file of at most *max_bytes* bytes (see :mod:`orggraph.sources`)."""
    from .construct import SUFFIXES
    from .errors import ParseError
    from .parse import decode, parse_text
    from .sources import read_bytes

    file = str(path)
    fmt = SUFFIXES.get(Path(path).suffix.lower())
    if fmt not in ("yaml", "json"):
        raise ParseError("a scenario is a .yaml, .yml or .json file", file=file)
    raw = read_bytes(path, max_bytes=max_bytes)
    data = parse_text(decode(raw, file=file), fmt, file=file)
    if not isinstance(data, Mapping):
        raise SchemaError("a scenario is a mapping with an 'operations' list", file=file)
    return dict(data)


def apply_scenario(
    org: Org,
    scenario: str | Path | Mapping[str, Any] | Sequence[Mapping[str, Any]],
    *,
    max_bytes: int | None = None,
) -> Org:
    """Apply the operations of *scenario*, in order: a file (YAML or JSON), a mapping with
    an ``operations`` list (and optional ``name``, ``description`` and a default
    ``date``), or a bare list of operations. Errors name the operation
    (``operations[2]``) and, for a file, the file and line. A file is read as
    :func:`load_scenario` reads it (at most *max_bytes* bytes).

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]")
    >>> apply_scenario(org, [{"op": "move", "unit": "b", "new_parent": "c"}])
    Traceback (most recent call last):
    ...
    orggraph.errors.UnknownIdError: operations[0]: unknown parent id 'c'
    """
    file: str | None = None
    locate: Callable[[tuple[int | str, ...]], str | None] | None = None
    if isinstance(scenario, (str, Path)):
        from .parse import decode, locator
        from .sources import read_bytes

        file = str(scenario)
        data: Any = load_scenario(scenario, max_bytes=max_bytes)
        fmt = "json" if file.lower().endswith(".json") else "yaml"
        locate = locator(decode(read_bytes(scenario, max_bytes=max_bytes), file=file), fmt)
    else:
        data = scenario
    if isinstance(data, Mapping):
        for key in data:
            if key not in _SCENARIO_KEYS:
                raise SchemaError(
                    f"unknown key {key!r}{_did_you_mean(str(key), _SCENARIO_KEYS)}; valid keys: "
                    f"{', '.join(_SCENARIO_KEYS)}",
                    file=file,
                    place=str(key),
                    choices=_SCENARIO_KEYS,
                )
        if "operations" not in data:
            raise SchemaError("required key 'operations' is missing", file=file, place="top level")
        default_date = data.get("date")
        operations = data["operations"]
    else:
        default_date = None
        operations = data
    if isinstance(operations, (str, Mapping)) or not isinstance(operations, Iterable):
        raise SchemaError(
            "'operations' must be a list of operations", file=file, place="operations"
        )
    for i, operation in enumerate(operations):
        step = operation
        if default_date is not None and isinstance(operation, Mapping) and "date" not in operation:
            step = {**operation, "date": default_date}
        try:
            org = apply(org, step)
        except OrgError as err:
            where = f"operations[{i}]"
            line = locate(("operations", i)) if locate else None
            if line:
                where += f" ({line})"
            place = f"{where}.{err.place}" if err.place else where
            rest = [(f"{where}.{p}", m) for p, m in err.problems[1:]]
            raise type(err).make(
                err.message,
                file=file or err.file,
                place=place,
                ids=err.ids,
                choices=err.choices,
                problems=[(place, err.message), *rest] if rest else (),
            ) from None
    return org
