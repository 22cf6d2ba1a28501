"""Splitting a unit into several, assigning its children, staff, responsibilities and links."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from orggraph.errors import (
    DuplicateIdError,
    LinkError,
    SchemaError,
    UnknownIdError,
    did_you_mean,
)
from orggraph.names import Name
from orggraph.ops.reorg.dating import dated_apply
from orggraph.ops.reorg.draft import (
    Draft,
    ReorgError,
    as_list,
    link_label,
    make_change,
    name_texts,
    not_among,
    post_label,
    post_title,
    unit_records,
)

if TYPE_CHECKING:
    from orggraph.core.org import Org
    from orggraph.ops.reorg.draft import Link

__all__ = ["split"]


_ASSIGN_KEYS = ("children", "staff", "responsibilities", "links")
# assign= read: new unit id -> one of _ASSIGN_KEYS -> the references listed there
_Plan = dict[str, dict[str, list[Any]]]
# a post of the split unit: its key ("head" or the staff index) and its data
_Post = tuple[Any, Mapping[str, Any]]
# a new unit: id, data, responsibility ids
_NewUnit = tuple[str, dict[str, Any], list[str]]


def split(
    org: Org,
    unit: str,
    *,
    into: Sequence[Mapping[str, Any] | str],
    assign: Mapping[str, Mapping[str, Any]] | None = None,
    note: Name | None = None,
    date: str | datetime.date | None = None,
    effective: str | datetime.date | None = None,
    recorded: str | datetime.date | None = None,
) -> Org:
    """Replace *unit* by the new units *into* (file-format units without ``units``), in
    its place, and share out what it had.

    ``assign`` maps each new unit's id to what it takes over:

    - ``children``: ids of units that reported to *unit* (every one must be assigned);
    - ``staff``: *unit*'s posts by index in its ``staff`` list, by ``id``, by title (any
      language), or ``head`` for its head post, which becomes the new unit's head unless the new
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
    if effective is not None or recorded is not None:  # see orggraph.ops.reorg.dating
        return dated_apply(
            org, effective, recorded, split, unit, into=into, assign=assign, note=note, date=date
        )
    d = Draft(org)
    d.need(unit)
    lang = org.lang[0] if org.lang else None
    new = _new_units(d, unit, into)
    ids = [uid for uid, _, _ in new]
    plan = _read_assign(unit, assign, ids)
    shares = _share_out(d, unit, ids, plan, lang)
    _replace(d, unit, new, shares)
    change = make_change(
        "split", note, date, unit=unit, from_=(unit,), into=tuple(ids), details=_details(shares)
    )
    return d.finish(change)


# -- reading the arguments ------------------------------------------------------------------


def _new_units(d: Draft, unit: str, into: Any) -> list[_NewUnit]:
    """The new units of *into* as (id, data, responsibility ids), checked: at least two,
    no id twice, no id taken (except the split unit's own)."""
    if isinstance(into, (str, Mapping)) or not isinstance(into, Iterable):
        raise SchemaError(f"split {unit!r}: into= must be a list of new units", place="into")
    specs = list(into)
    if len(specs) < 2:
        raise ReorgError(
            f"split {unit!r}: into= needs at least two new units (to change one unit, use "
            "rename or set_staff)",
            ids=(unit,),
        )
    new: list[_NewUnit] = []
    for i, spec in enumerate(specs):
        (uid, _, data, rids), *_ = unit_records(d, spec, f"into[{i}]", nested=False)
        if any(uid == other for other, _, _ in new):
            raise DuplicateIdError(
                f"split {unit!r}: the new units use the id {uid!r} twice", ids=(uid,)
            )
        d.need_free(uid, freed=(unit,))
        new.append((uid, data, rids))
    return new


def _read_assign(unit: str, assign: Any, ids: list[str]) -> _Plan:
    """*assign* as a plan: for each new unit, the references listed under each of
    ``_ASSIGN_KEYS`` (empty lists where nothing is listed)."""
    plan: _Plan = {uid: {k: [] for k in _ASSIGN_KEYS} for uid in ids}
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
    return plan


# -- sharing out what the unit had ----------------------------------------------------------


@dataclass
class _Shares:
    """Where each of the split unit's children, posts (keyed ``head`` or by staff index),
    responsibilities and link ends goes among the new units *ids*."""

    ids: list[str]
    kids: list[str]
    child_to: dict[str, str]
    posts: list[_Post]
    post_to: dict[Any, str]
    own_rids: list[str]
    rid_to: dict[str, list[str]]
    ends: list[str]
    link_to: dict[str, list[str]]

    @property
    def copied(self) -> list[str]:
        """The responsibilities listed under no new unit: every new unit takes them."""
        return [r for r in self.own_rids if r not in self.rid_to]


def _share_out(d: Draft, unit: str, ids: list[str], plan: _Plan, lang: str | None) -> _Shares:
    """Check *plan* against what *unit* has (children, then posts, responsibilities and
    links) and say where each goes."""
    kids = d.children[unit]
    child_to = _assign_children(unit, kids, ids, plan)
    posts = _unit_posts(d.data[unit])
    post_to = _assign_posts(unit, posts, ids, plan, lang)
    own_rids = d.rids[unit]
    rid_to = _assign_responsibilities(unit, own_rids, ids, plan)
    ends, link_to = _assign_links(d, unit, ids, plan)
    return _Shares(ids, kids, child_to, posts, post_to, own_rids, rid_to, ends, link_to)


def _assigned_twice(thing: str, first: str, second: str) -> ReorgError:
    return ReorgError(
        f"{thing} is assigned to both {first!r} and {second!r}; a unit or post goes to one "
        "new unit",
        ids=(first, second),
    )


def _assign_children(unit: str, kids: list[str], ids: list[str], plan: _Plan) -> dict[str, str]:
    """Each unit reporting to *unit* -> the one new unit it reports to from now on."""
    child_to: dict[str, str] = {}
    for uid in ids:
        for c in plan[uid]["children"]:
            if c not in kids:
                raise not_among(c, kids, f"a unit reporting to {unit!r}", f"assign.{uid}.children")
            if c in child_to:
                raise _assigned_twice(f"unit {c!r}", child_to[c], uid)
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
    return child_to


def _unit_posts(data: Mapping[str, Any]) -> list[_Post]:
    """A unit's posts keyed as ``assign.<id>.staff`` refers to them: ``head`` first (if
    it has one), then its staff posts by index."""
    head = data.get("head")
    posts: list[_Post] = [("head", head)] if head else []
    return posts + list(enumerate(data.get("staff") or []))


def _post_keys(unit: str, posts: list[_Post], ref: Any, owner: str, listing: str) -> list[Any]:
    """The keys of the posts *ref* names: ``head``, a staff index, a post's ``id``, or a
    title in any language (every post with that title)."""
    n_staff = sum(1 for k, _ in posts if k != "head")
    if ref == "head" and any(k == "head" for k, _ in posts):
        return ["head"]
    if isinstance(ref, int) and not isinstance(ref, bool) and 0 <= ref < n_staff:
        return [ref]
    if isinstance(ref, str):
        found = [k for k, p in posts if p.get("id") == ref] or [
            k
            for k, p in posts
            if any(ref.casefold() == t.casefold() for t in name_texts(p.get("title")))
        ]
        if found:
            return found
    raise ReorgError(
        f"{ref!r} is not a post of {unit!r}; its posts: {listing}",
        place=f"assign.{owner}.staff",
        ids=(unit,),
        choices=[str(k) for k, _ in posts],
    )


def _assign_posts(
    unit: str, posts: list[_Post], ids: list[str], plan: _Plan, lang: str | None
) -> dict[Any, str]:
    """Each post key of *unit* -> the one new unit that takes the post."""
    listing = "; ".join(f"{_key(k, p)}: {post_label(p, lang)}" for k, p in posts) or "none"
    post_to: dict[Any, str] = {}
    for uid in ids:
        for ref in plan[uid]["staff"]:
            for k in _post_keys(unit, posts, ref, uid, listing):
                if k in post_to and post_to[k] != uid:
                    raise _assigned_twice(f"post {k!r} of {unit!r}", post_to[k], uid)
                post_to[k] = uid
    left = [(k, p) for k, p in posts if k not in post_to]
    if left:
        raise ReorgError(
            f"{len(left)} post{'s' if len(left) > 1 else ''} of {unit!r} "
            f"{'are' if len(left) > 1 else 'is'} not assigned to a new unit: "
            + "; ".join(f"{_key(k, p)}: {post_label(p, lang)}" for k, p in left)
            + " (refer to a post by its index, id, title or head under assign.<new id>.staff; "
            f"new units: {', '.join(ids)})",
            ids=(unit,),
            choices=ids,
        )
    return post_to


def _key(k: Any, post: Mapping[str, Any]) -> str:
    """A post's key, and its id if it has one: ``0 (se-rep)``."""
    return f"{k} ({post['id']})" if post.get("id") else str(k)


def _assign_responsibilities(
    unit: str, own_rids: list[str], ids: list[str], plan: _Plan
) -> dict[str, list[str]]:
    """Each listed responsibility of *unit* -> the new units sharing it (one listed
    nowhere is not in the map: it is copied to all)."""
    rid_to: dict[str, list[str]] = {}
    for uid in ids:
        for rid in plan[uid]["responsibilities"]:
            if rid not in own_rids:
                raise not_among(
                    rid, own_rids, f"a responsibility of {unit!r}", f"assign.{uid}.responsibilities"
                )
            rid_to.setdefault(rid, []).append(uid)
    return rid_to


def _other_end(link: Link, unit: str) -> str:
    return link[2] if link[1] == unit else link[1]


def _assign_links(
    d: Draft, unit: str, ids: list[str], plan: _Plan
) -> tuple[list[str], dict[str, list[str]]]:
    """The units at the other end of *unit*'s links, in link order, and each of them ->
    the new units its links are re-pointed to (every one must be listed)."""
    touching = [link for link in d.links if unit in (link[1], link[2])]
    ends = list(dict.fromkeys(_other_end(link, unit) for link in touching))
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
    unassigned = [link for link in touching if _other_end(link, unit) not in link_to]
    if unassigned:
        n = len(unassigned)
        raise LinkError(
            f"{n} link{'s' if n > 1 else ''} of {unit!r} {'are' if n > 1 else 'is'} not assigned "
            f"to a new unit: {'; '.join(link_label(link) for link in unassigned)}; list the unit "
            f"at the other end under assign.<new id>.links (new units: {', '.join(ids)})",
            ids=(unit, *(_other_end(link, unit) for link in unassigned)),
            choices=ids,
        )
    return ends, link_to


# -- editing the draft ----------------------------------------------------------------------


def _replace(d: Draft, unit: str, new: list[_NewUnit], shares: _Shares) -> None:
    """Put the new units in *unit*'s place, in order, each with the posts and
    responsibilities it takes; re-attach the children and re-point the links."""
    parent = d.parent[unit]
    index = d.detach(unit)
    d.children[unit] = []
    d.drop(unit)
    copied = shares.copied
    for offset, (uid, data, rids) in enumerate(new):
        head = data.get("head")
        staff = list(data.get("staff") or [])
        for k, p in shares.posts:
            if shares.post_to[k] != uid:
                continue
            if k == "head" and head is None:
                head = p
            else:
                staff.append(p)
        taken = [r for r in shares.own_rids if uid in shares.rid_to.get(r, ()) or r in copied]
        d.add(uid, {**data, "head": head, "staff": staff}, list(dict.fromkeys([*rids, *taken])))
        d.attach(uid, parent, index + offset)
    for c in shares.kids:
        d.attach(c, shares.child_to[c])
    _relink(d, unit, shares.link_to)


def _relink(d: Draft, unit: str, link_to: Mapping[str, list[str]]) -> None:
    """Re-point each link of *unit* to the new units listed for its other end (copied
    when there are several), in place in the link order."""
    links: list[Link] = []
    for link in d.links:
        kind, src, dst, relation, mutual = link
        if unit not in (src, dst):
            links.append(link)
            continue
        for uid in link_to[_other_end(link, unit)]:
            links.append(
                (kind, uid if src == unit else src, uid if dst == unit else dst, relation, mutual)
            )
    d.links = links


def _details(s: _Shares) -> dict[str, Any]:
    """The change record's details: what each new unit took (new units that took nothing
    of a kind left out) and the responsibilities copied to all."""
    details: dict[str, Any] = {}
    ids = s.ids
    for what, table in (
        ("children", {uid: [c for c in s.kids if s.child_to[c] == uid] for uid in ids}),
        ("staff", {uid: [post_title(p) for k, p in s.posts if s.post_to[k] == uid] for uid in ids}),
        (
            "responsibilities",
            {uid: [r for r in s.own_rids if uid in s.rid_to.get(r, ())] for uid in ids},
        ),
        ("links", {uid: [e for e in s.ends if uid in s.link_to[e]] for uid in ids}),
    ):
        table = {k: v for k, v in table.items() if v}
        if table:
            details[what] = table
    if s.copied:
        details["copied_responsibilities"] = s.copied
    return details
