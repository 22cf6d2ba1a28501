"""The operations: move, rename, add_unit, remove_unit, set_staff, merge."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from orggraph.errors import (
    CycleError,
    LinkError,
    SchemaError,
)
from orggraph.names import Name
from orggraph.ops.reorg.dating import dated_apply
from orggraph.ops.reorg.draft import (
    UNSET,
    Draft,
    ReorgError,
    check_parent,
    edited_posts,
    export_post,
    insert_position,
    link_label,
    make_change,
    unit_records,
)

if TYPE_CHECKING:
    from orggraph.core.org import Org
    from orggraph.ops.reorg.draft import Link

__all__ = ["add_unit", "merge", "move", "remove_unit", "rename", "set_staff"]


# -- the operations -----------------------------------------------------------------------


def move(
    org: Org,
    unit: str,
    new_parent: str | None,
    *,
    position: int | None = None,
    note: Name | None = None,
    date: str | datetime.date | None = None,
    effective: str | datetime.date | None = None,
    recorded: str | datetime.date | None = None,
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
    if effective is not None or recorded is not None:  # see orggraph.ops.reorg.dating
        return dated_apply(
            org,
            effective,
            recorded,
            move,
            unit,
            new_parent,
            position=position,
            note=note,
            date=date,
        )
    d = Draft(org)
    d.need(unit)
    old = d.parent[unit]
    if new_parent is not None:
        d.need(new_parent, "parent id")
        check_parent(d, unit, new_parent, "move")
    if new_parent == old and position is None:
        where = f"reports to {old!r}" if old else "is at the top level"
        raise ReorgError(f"{unit!r} already {where}; give position= to reorder it", ids=(unit,))
    d.detach(unit)
    d.attach(unit, new_parent, insert_position(position, d.siblings(new_parent), new_parent))
    details = {"position": position} if position is not None else {}
    change = make_change(
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
    effective: str | datetime.date | None = None,
    recorded: str | datetime.date | None = None,
) -> Org:
    """Give *unit* a new *name* and/or a new *id* (links and reporting lines follow).

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]")
    >>> new = rename(org, "b", name={"en": "Bee", "zh": "蜂"}, id="bee")
    >>> new.children("a"), new.name("bee", lang="zh")
    (['bee'], '蜂')
    """
    if effective is not None or recorded is not None:  # see orggraph.ops.reorg.dating
        return dated_apply(
            org, effective, recorded, rename, unit, name=name, id=id, note=note, date=date
        )
    d = Draft(org)
    d.need(unit)
    if name is None and id is None:
        raise ReorgError(f"rename {unit!r}: give name= or id= (or both)", ids=(unit,))
    new_id = unit if id is None else id
    spec: dict[str, Any] = {"id": new_id, "name": name if name is not None else "_"}
    records = unit_records(d, spec, "", nested=False)
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
    change = make_change(
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
    effective: str | datetime.date | None = None,
    recorded: str | datetime.date | None = None,
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
    if effective is not None or recorded is not None:  # see orggraph.ops.reorg.dating
        return dated_apply(
            org,
            effective,
            recorded,
            add_unit,
            unit,
            parent=parent,
            position=position,
            note=note,
            date=date,
        )
    d = Draft(org)
    if parent is not None:
        d.need(parent, "parent id")
    records = unit_records(d, unit, "unit", nested=True)
    for uid, _, _, _ in records:
        d.need_free(uid)
    index = insert_position(position, d.siblings(parent), parent)
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
    change = make_change(
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
    effective: str | datetime.date | None = None,
    recorded: str | datetime.date | None = None,
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
    orggraph.ops.reorg.draft.ReorgError: 1 unit reports to 'b' (c): give reassign_to= to move it (for example to 'a'), or cascade=True to remove it too
    """
    if effective is not None or recorded is not None:  # see orggraph.ops.reorg.dating
        options = {"reassign_to": reassign_to, "keep_staff": keep_staff, "cascade": cascade}
        return dated_apply(
            org, effective, recorded, remove_unit, unit, note=note, date=date, **options
        )
    d = Draft(org)
    d.need(unit)
    kids = list(d.children[unit])
    parent = d.parent[unit]
    _check_remove_options(d, unit, reassign_to, keep_staff=keep_staff, cascade=cascade)
    removed = _units_to_remove(d, unit, cascade=cascade)
    gone = set(removed)
    touching = [link for link in d.links if link[1] in gone or link[2] in gone]
    if reassign_to is None and not cascade:
        _check_nothing_left(unit, parent, kids, touching)
    details: dict[str, Any] = {}
    if cascade and len(removed) > 1:
        details["removed"] = removed[1:]
    index = d.detach(unit)
    if reassign_to is not None:
        at = index if reassign_to == parent else None
        details |= _reassign(d, unit, reassign_to, at, kids, touching, keep_staff=keep_staff)
    else:
        details |= _drop_with(d, unit, touching)
    for u in reversed(removed):
        d.drop(u)
    change = make_change(
        "remove_unit",
        note,
        date,
        unit=unit,
        from_=(unit,),
        into=(reassign_to,) if reassign_to else (),
        details=details,
    )
    return d.finish(change)


def _check_remove_options(
    d: Draft, unit: str, reassign_to: str | None, *, keep_staff: bool, cascade: bool
) -> None:
    """*reassign_to* exists and is outside the removed unit; it excludes *cascade*, and
    *keep_staff* needs it."""
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


def _units_to_remove(d: Draft, unit: str, *, cascade: bool) -> list[str]:
    """*unit* (with *cascade*, and everything under it, in preorder); never every unit."""
    removed = d.subtree(unit) if cascade else [unit]
    if len(set(removed)) == len(d.data):
        raise ReorgError(
            f"removing {unit!r}{' and the units under it' if cascade else ''} would leave no "
            "units; an organisation needs at least one",
            ids=(unit,),
        )
    return removed


def _check_nothing_left(
    unit: str, parent: str | None, kids: list[str], touching: list[Link]
) -> None:
    """Without reassign_to= or cascade=, a unit with units under it or links cannot go:
    they would be left dangling."""
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
            f"({'; '.join(link_label(link) for link in touching)}): give reassign_to= to "
            "re-point them, or cascade=True to drop them",
            ids=(unit,),
        )


def _reassign(
    d: Draft,
    unit: str,
    to: str,
    at: int | None,
    kids: list[str],
    touching: list[Link],
    *,
    keep_staff: bool,
) -> dict[str, Any]:
    """Hand the (detached) *unit*'s units (from index *at* among *to*'s, else last),
    responsibilities, links and, with *keep_staff*, posts to *to*; the change details."""
    details: dict[str, Any] = {}
    for k, c in enumerate(kids):
        d.attach(c, to, None if at is None else at + k)
    d.children[unit] = []
    if kids:
        details["children"] = kids
    target = d.rids[to]
    moved = [r for r in d.rids[unit] if r not in target]
    if moved:
        d.rids[to] = [*target, *moved]
        details["responsibilities"] = moved
    dropped = d.link_ends({unit: to})
    if touching:
        details["links"] = [link_label(link) for link in touching]
    if dropped:
        details["dropped_links"] = dropped
    own = d.data[unit]
    posts = ([own["head"]] if own.get("head") else []) + list(own.get("staff") or [])
    if keep_staff and posts:
        data = d.data[to]
        d.data[to] = {**data, "staff": [*(data.get("staff") or []), *posts]}
        details["staff"] = [export_post(p) for p in posts]
    return details


def _drop_with(d: Draft, unit: str, touching: list[Link]) -> dict[str, Any]:
    """Drop the links *touching* the removed units; the change details (the removed
    unit's responsibilities and the dropped links)."""
    details: dict[str, Any] = {}
    if d.rids[unit]:
        details["responsibilities"] = d.rids[unit]
    if touching:
        d.links = [link for link in d.links if link not in touching]
        details["dropped_links"] = [link_label(link) for link in touching]
    return details


def set_staff(
    org: Org,
    unit: str,
    *,
    head: Mapping[str, Any] | None = UNSET,
    staff: Sequence[Mapping[str, Any]] = UNSET,
    note: Name | None = None,
    date: str | datetime.date | None = None,
    effective: str | datetime.date | None = None,
    recorded: str | datetime.date | None = None,
) -> Org:
    """Replace *unit*'s head post (``head=None`` removes it) and/or its staff posts, given
    in the file format.

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: A, staff: [{title: Clerk, seats: 2, salary: 10}]}]")
    >>> new = set_staff(org, "a", staff=[{"title": "Clerk", "seats": 3, "salary": 10}])
    >>> new.headcount("a").value, new.budget("a").value
    (3, 30)
    """
    if effective is not None or recorded is not None:  # see orggraph.ops.reorg.dating
        return dated_apply(
            org, effective, recorded, set_staff, unit, head=head, staff=staff, note=note, date=date
        )
    d = Draft(org)
    d.need(unit)
    if head is UNSET and staff is UNSET:
        raise ReorgError(f"set_staff {unit!r}: give head= or staff= (or both)", ids=(unit,))
    new_head, new_staff = edited_posts(d, unit, head, staff)
    data = d.data[unit]
    details: dict[str, Any] = {}
    if new_head is not UNSET:
        old = data.get("head")
        details["head"] = {
            "old": export_post(old) if old else None,
            "new": export_post(new_head) if new_head else None,
        }
        data = {**data, "head": new_head}
    if new_staff is not UNSET:
        details["staff"] = {
            "old": [export_post(p) for p in data.get("staff") or []],
            "new": [export_post(p) for p in new_staff],
        }
        data = {**data, "staff": new_staff}
    d.data[unit] = data
    return d.finish(make_change("set_staff", note, date, unit=unit, details=details))


def merge(
    org: Org,
    units: Sequence[str],
    *,
    into: str | Mapping[str, Any],
    note: Name | None = None,
    date: str | datetime.date | None = None,
    effective: str | datetime.date | None = None,
    recorded: str | datetime.date | None = None,
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
    if effective is not None or recorded is not None:  # see orggraph.ops.reorg.dating
        return dated_apply(org, effective, recorded, merge, units, into=into, note=note, date=date)
    d = Draft(org)
    members = _merged_units(d, units)
    result, spec, spec_rids = _merge_result(d, members, into)
    parent, index = _merged_place(d, members, result)
    base = spec if spec is not None else d.data[result]
    chief, head = _merged_head(d, members, result, spec)
    staff, rids, kids = _gathered(d, members, chief, spec, spec_rids)
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
    d.add(result, {**base, "head": head, "staff": staff}, rids)
    d.attach(result, parent, index)
    for c in kids:
        d.attach(c, result)
    dropped = d.link_ends(dict.fromkeys(members, result))
    details: dict[str, Any] = {}
    if dropped:
        details["dropped_links"] = dropped
    if dropped_attrs:
        details["attrs"] = dropped_attrs
    change = make_change(
        "merge", note, date, unit=result, from_=tuple(members), into=(result,), details=details
    )
    return d.finish(change)


def _merged_units(d: Draft, units: Any) -> list[str]:
    """*units* checked: a list of at least two existing unit ids, none twice."""
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
    return members


def _merge_result(
    d: Draft, members: list[str], into: Any
) -> tuple[str, dict[str, Any] | None, list[str]]:
    """The merged unit's id, and when *into* is a new unit, its data and responsibility
    ids (else None and [])."""
    if not isinstance(into, str):
        (result, _, spec, spec_rids), *_ = unit_records(d, into, "into", nested=False)
        d.need_free(result, freed=members)
        return result, spec, spec_rids
    if into not in members:
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
    return into, None, []


def _merged_place(d: Draft, members: list[str], result: str) -> tuple[str | None, int]:
    """Where the merged unit goes (parent, index among the units left there): *result*'s
    place (or the first unit's), unless that place is inside a merged unit; then the
    highest merged unit's place."""
    member_set = set(members)
    anchor = result if result in member_set else members[0]
    if any(u in member_set for u in d.chain(anchor)[1:]):
        anchor = min(members, key=lambda u: len(d.chain(u)))
    parent = d.parent[anchor]
    sibs = d.siblings(parent)
    index = sum(1 for s in sibs[: sibs.index(anchor)] if s not in member_set)
    return parent, index


def _merged_head(
    d: Draft, members: list[str], result: str, spec: Mapping[str, Any] | None
) -> tuple[str | None, Any]:
    """The merged unit's head post and the member it comes from (None when it is the new
    unit's own, or there is none): *into*'s head, else the first listed unit's."""
    base = spec if spec is not None else d.data[result]
    if base.get("head"):
        return (None if spec is not None else result), base["head"]
    heads = [u for u in members if d.data[u].get("head")]
    if heads:
        return heads[0], d.data[heads[0]]["head"]
    return None, None


def _gathered(
    d: Draft,
    members: list[str],
    chief: str | None,
    spec: Mapping[str, Any] | None,
    spec_rids: list[str],
) -> tuple[list[Any], list[str], list[str]]:
    """The merged unit's staff posts, responsibilities and units, in the order the units
    are listed (after the new unit's own); heads other than *chief*'s become staff."""
    member_set = set(members)
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
    return staff, list(dict.fromkeys(rids)), kids
