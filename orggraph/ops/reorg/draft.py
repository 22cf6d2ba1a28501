"""The draft an operation edits: a mutable copy of the organisation's records, and
the checks and helpers the operations share.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from orggraph.errors import (
    CycleError,
    DuplicateIdError,
    OrgError,
    SchemaError,
    UnknownIdError,
    did_you_mean,
    said,
    warn,
)
from orggraph.names import text

if TYPE_CHECKING:
    from orggraph.core.org import Org
from orggraph.core.changes import Change, iso_date

__all__ = ["ReorgError"]

# (kind, from, to, relation, mutual): the link tuples construct.build takes.
Link = tuple[str, str, str, Any, bool]
UNSET: Any = object()


class ReorgError(OrgError):
    """An operation's arguments do not fit the organisation: something left unassigned
    or assigned twice, a missing or contradictory option."""


# -- a mutable working copy -------------------------------------------------------------


class Draft:
    """The organisation as plain, mutable parts; ``finish`` builds the new ``Org``.

    Node data dicts are shallow copies: nested posts are replaced, never changed in
    place, so the original organisation is never touched.
    """

    def __init__(self, org: Org) -> None:
        self.org = org
        units = org.units()
        nodes = org.node_data
        self.parent: dict[str, str | None] = {u: org.parent(u) for u in units}
        self.children: dict[str, list[str]] = {u: org.children(u) for u in units}
        self.roots: list[str] = org.roots()
        self.data: dict[str, dict[str, Any]] = {u: dict(nodes[u]) for u in units}
        self.rids: dict[str, list[str]] = {u: org.responsibilities(u) for u in units}
        self.resp: list[tuple[str, dict[str, Any]]] = [
            (r, dict(nodes[r])) for r in org.responsibility_ids()
        ]
        self.links: list[Link] = [
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
        out: list[Link] = []
        dropped: list[str] = []
        for link, t in zip(self.links, touched, strict=True):
            if not t:
                out.append(link)
                continue
            kind, src, dst, relation, mutual = link
            moved = (kind, mapping.get(src, src), mapping.get(dst, dst), relation, mutual)
            if moved[1] == moved[2] or repr(moved) in seen:
                dropped.append(link_label(link))
                continue
            seen.add(repr(moved))
            out.append(moved)
        self.links = out
        return dropped

    def finish(self, change: Change) -> Org:
        from orggraph.core.build import build

        records = []
        stack = list(reversed(self.roots))
        while stack:
            u = stack.pop()
            records.append((u, self.parent[u], self.data[u], self.rids[u]))
            stack.extend(reversed(self.children[u]))
        org = self.org
        if org.dated:  # documented, but a silent loss of the history surprises: say so
            days = org.dates()
            span = (
                (f"changes on {days[0]}" if len(days) == 1 else f"changes on {len(days)} days, "
                 f"{days[0]} to {days[-1]}") if days else "dated facts"
            )  # fmt: skip
            warn(
                f"{change.op} without effective= on a dated organisation works on its "
                f"organisation of {org.date} alone and drops its history ({span}); give "
                "effective=DAY to keep it, or pass org.without_history() to say so",
                org.file,
                key=f"undated {change.op}",
            )
        with said(org.warned):  # what the organisation warned of is not repeated
            return build(
                records,
                responsibilities=self.resp,
                links=self.links,
                # the organisation's own facts are kept; the result is one day's, undated,
                # and no longer what its file says
                facts=org.facts.replace(
                    changes=(*org.changes, change),
                    file=None,
                    history=None,
                    as_of=None,
                    known_at=None,
                ),
            )


def link_label(link: Link) -> str:
    kind, src, dst, _, mutual = link
    return f"{kind} {src} {'<->' if mutual else '->'} {dst}"


def post_label(post: Mapping[str, Any], lang: str | None) -> str:
    seats = post.get("seats", 1)
    shown = "unknown seats" if seats is None else f"{seats} seat{'s' if seats != 1 else ''}"
    return f"{text(post.get('title'), default_lang=lang)} ({shown})"


def export_post(post: Mapping[str, Any]) -> dict[str, Any]:
    from orggraph.core.document import post_entry

    return post_entry(post)


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


def unit_records(
    draft: Draft, spec: Any, where: str, *, nested: bool
) -> list[tuple[str, str | None, dict[str, Any], list[str]]]:
    """Validate a unit given in the file format; its records, top unit first (its parent
    None), nested units after their parents. Referenced responsibilities must exist."""
    from orggraph.core.build import unit_data
    from orggraph.core.schema import validate

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


def edited_posts(draft: Draft, uid: str, head: Any, staff: Any) -> tuple[Any, Any]:
    """Validate a head post (or None) and a list of posts given in the file format."""
    from orggraph.core.build import post_data
    from orggraph.core.schema import validate

    unit: dict[str, Any] = {"id": uid, "name": "_"}
    if head is not UNSET and head is not None:
        unit["head"] = head
    if staff is not UNSET:
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
    new_head = UNSET if head is UNSET else (post_data(got.head) if got.head else None)
    new_staff = UNSET if staff is UNSET else [post_data(p) for p in got.staff]
    return new_head, new_staff


def as_list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return [value]
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        raise SchemaError(f"{what} must be a list, not {value!r:.60}")
    return list(value)


def insert_position(position: Any, sibs: Sequence[str], parent: str | None) -> int | None:
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


def check_parent(draft: Draft, unit: str, new_parent: str, verb: str) -> None:
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


def make_change(op: str, note: Any, date: Any, **fields: Any) -> Change:
    if note is not None:
        from orggraph.core.schema import validate

        try:
            validate({"units": [{"id": "_", "name": note}]})
        except SchemaError as err:
            raise SchemaError(err.message.removeprefix("unit '_': "), place="note") from None
    return Change(op, note=note, date=iso_date(date), **fields)


def post_title(post: Mapping[str, Any]) -> Any:
    return post.get("title")


def name_texts(name: Any) -> list[str]:
    from orggraph.names import texts

    return texts(name)


def not_among(ref: Any, choices: Sequence[str], what: str, place: str) -> OrgError:
    listed = ", ".join(choices) if choices else "none"
    return UnknownIdError.make(
        f"{ref!r} is not {what}{did_you_mean(str(ref), choices)}; choices: {listed}",
        place=place,
        ids=(str(ref),),
        choices=choices,
    )
