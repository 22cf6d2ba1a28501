"""Splitting a unit into several, assigning its children, staff, responsibilities and links."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from orggraph.errors import (
    DuplicateIdError,
    LinkError,
    SchemaError,
    UnknownIdError,
)
from orggraph.names import Name

if TYPE_CHECKING:
    from orggraph.core.org import Org
from typing import TYPE_CHECKING

from orggraph.ops.reorg.draft import (
    Draft,
    ReorgError,
    as_list,
    did_you_mean,
    link_label,
    make_change,
    name_texts,
    not_among,
    post_label,
    post_title,
    unit_records,
)

if TYPE_CHECKING:
    from orggraph.ops.reorg.draft import Link

__all__ = ["split"]


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
    orggraph.ops.reorg.draft.ReorgError: 1 unit reports to 'ops' but is not assigned to a new unit: depot; list it under assign.<new id>.children (new units: x, y)
    """
    d = Draft(org)
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
        (uid, _, data, rids), *_ = unit_records(d, spec, f"into[{i}]", nested=False)
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
                + did_you_mean(str(key), ids),
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
                    f"unknown key {what!r}{did_you_mean(str(what), _ASSIGN_KEYS)}; valid keys: "
                    f"{', '.join(_ASSIGN_KEYS)}",
                    place=f"assign.{key}.{what}",
                    choices=_ASSIGN_KEYS,
                )
            plan[key][what] = as_list(refs, f"assign.{key}.{what}")

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
                raise not_among(c, kids, f"a unit reporting to {unit!r}", f"assign.{uid}.children")
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
    listing = "; ".join(f"{k}: {post_label(p, lang)}" for k, p in posts) or "none"

    def posts_of(ref: Any, owner: str) -> list[Any]:
        if ref == "head" and old_head:
            return ["head"]
        if isinstance(ref, int) and not isinstance(ref, bool) and 0 <= ref < len(old_staff):
            return [ref]
        if isinstance(ref, str):
            found = [
                k
                for k, p in posts
                if any(ref.casefold() == t.casefold() for t in name_texts(p.get("title")))
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
            + "; ".join(f"{k}: {post_label(p, lang)}" for k, p in left)
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
                raise not_among(
                    rid, own_rids, f"a responsibility of {unit!r}", f"assign.{uid}.responsibilities"
                )
            rid_to.setdefault(rid, []).append(uid)
    copied = [r for r in own_rids if r not in rid_to]

    # links
    def other(link: Link) -> str:
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
                    f"{', '.join(ends)}{did_you_mean(str(ref), ends)}",
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
            f"to a new unit: {'; '.join(link_label(link) for link in unassigned)}; list the unit "
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
    links: list[Link] = []
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
        ("staff", {uid: [post_title(p) for k, p in posts if post_to[k] == uid] for uid in ids}),
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
    change = make_change(
        "split", note, date, unit=unit, from_=(unit,), into=tuple(ids), details=details
    )
    return d.finish(change)
