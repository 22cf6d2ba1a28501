"""Dated snapshots of an organisation merged into one dated document (for the readers of
histories: :func:`orggraph.io.people.read_people` with ``effective=`` and
:func:`orggraph.io.organogram.read_organogram` over several dates).

Each snapshot is a document in the file format with flat units (``parent:`` keys), in
force from its day to the next snapshot's (the last one: open). The merge follows the
model of ``docs/format.md`` (Dates and history):

- a **unit** is open from the first snapshot it is in to the first one after the last
  it is in (in the last one: open). A unit missing from some snapshots in between (a
  team whose people all left before others joined) stays, empty, through them: the
  file format gives a unit one period, and a department that is empty for a while is
  still a department. While empty it keeps its last parent; if that parent closes, it
  reports to that parent's parent (and so on up; a root when none is left). Without
  *keep_gaps* (a manager's team, which is no one's while its manager is gone) the unit
  closes instead, and comes back as a new unit ``<id>@<day>`` (the earliest keeps the
  id, so that later rows never rename a unit);
- its **parent** and **name** change through dated ``moves`` and ``renames``; its
  other fields (type, attributes) are the last snapshot's it is in;
- its **head post** is one post through its life (the format has one head per unit),
  with each holder dated; its other fields (title, salary ...) cannot be dated: they are
  those of the snapshot in force on *as_of* (the last one before it, or the unit's first
  after it; without *as_of*, the last), and *head_changed* hears of each unit whose head
  post's fields change, to tell the user what is not represented;
- a **staff post** continues while consecutive snapshots have it (the same key: its
  ``id``, else its title, grade and kind) unchanged apart from its holders; a change
  of title, salary or any other field, or a snapshot without it, ends it and a new
  post starts (id ``<id>@<day>``, or ``<unit>#<n>`` for a post without an id);
- **holders** are dated where they differ from their post's period; **links** get the
  periods they are in; **people** are declared once, with their last snapshot's data.

>>> one = {"units": [{"id": "a", "name": "A", "staff": [{"id": "p", "title": "Dev", "holders": ["x"]}]}]}
>>> two = {"units": [{"id": "a", "name": "A2", "staff": [{"id": "p", "title": "Dev", "holders": ["y"]}]},
...                  {"id": "b", "name": "B", "parent": "a"}]}
>>> doc = merge_snapshots([("2025-01-01", one), ("2025-02-01", two)])
>>> a, b = doc["units"]
>>> a["valid_from"], a["renames"], a["staff"][0]["holders"]
('2025-01-01', [{'name': 'A2', 'valid_from': '2025-02-01'}], [{'person': 'x', 'valid_to': '2025-02-01'}, {'person': 'y', 'valid_from': '2025-02-01'}])
>>> b["parent"], b["valid_from"]
('a', '2025-02-01')
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from orggraph.errors import DateError

__all__ = ["HeadChanged", "PostKey", "check_known", "merge_snapshots", "post_key"]

#: A post's key in a snapshot, from its unit's id and the post: the same key in
#: consecutive snapshots (with the same fields) is the same post.
PostKey = Callable[[str, Mapping[str, Any]], str]
#: Told of a unit whose head post's fields (but holders) change: the unit id and each
#: distinct version as ``(day it starts, head post)``, the one kept marked by *kept*.
HeadChanged = Callable[[str, list[tuple[str, Mapping[str, Any]]], int], None]
_OWN = ("id", "parent", "name", "head", "staff")  # a unit's keys the merge dates itself
_TOP = ("org", "lang", "currency", "salary_period", "attrs")


def check_known(first: str, as_of: str | None, *, file: str | None, what: str) -> None:
    """Refuse a day before *first*, the first date of a history (*what*: which history):
    nothing is known then, and an empty organisation would pass for one with no one in
    it. *as_of* ``None`` is today.

    >>> check_known("2025-01-01", "2024-12-31", file=None, what="the export")
    Traceback (most recent call last):
    ...
    orggraph.errors.DateError: nothing is known before 2025-01-01, the export's first date: as_of 2024-12-31 is before it (pass as_of= a day from 2025-01-01; on the command line --as-of)
    """
    from orggraph.core.history import today  # dated reads only

    day = as_of or today()
    if day < first:
        said = f"as_of {day}" if as_of else f"today ({day}, the default of as_of=)"
        err = DateError(
            f"nothing is known before {first}, {what}'s first date: {said} is before it "
            f"(pass as_of= a day from {first}; on the command line --as-of)",
            file=file,
        )
        err.period = (None, first)
        raise err


def post_key(uid: str, post: Mapping[str, Any]) -> str:
    """A post's default key: its id, else its title, grade and kind."""
    if post.get("id"):
        return str(post["id"])
    return "\x00" + json.dumps([post.get("title"), post.get("grade"), post.get("kind")])


def _frozen(value: Any) -> Any:
    """*value* (plain data) as something hashable that compares as it does: far cheaper
    than JSON text, and a history has a post per person per change day."""
    if isinstance(value, Mapping):
        return ("\x00map", tuple(sorted((str(k), _frozen(v)) for k, v in value.items())))
    if isinstance(value, (list, tuple)):
        return ("\x00seq", tuple(map(_frozen, value)))
    if value is None or isinstance(value, (str, int, float)):
        return value
    return ("\x00text", str(value))


def _content(post: Mapping[str, Any]) -> Any:
    """What must stay the same for a post to continue: every field but id and holders
    (and whether its holders are known)."""
    rest = tuple(sorted((k, _frozen(v)) for k, v in post.items() if k not in ("id", "holders")))
    return (rest, post.get("holders") is not None)


def _holder_key(holder: Any) -> Any:
    return holder if isinstance(holder, str) else _frozen(holder)


@dataclass
class _Runs:
    """The holders of one post through snapshots: each holder's runs of consecutive
    snapshot indexes (first, last)."""

    runs: list[tuple[Any, Any, int, int]] = field(default_factory=list)
    _open: dict[Any, int] = field(default_factory=dict)  # holder key -> index in runs
    _last: tuple[int, Sequence[Any], list[int]] | None = None  # the last add: k, holders, runs
    now: Sequence[Any] = ()  # the holders of the last snapshot (set by the caller)

    def add(self, k: int, holders: Sequence[Any]) -> None:
        last = self._last
        if last is not None and last[0] == k - 1 and last[1] == holders:
            # the same holders as the snapshot before (most days): their runs are
            # extended to k when next looked at (flush)
            self._last = (k, holders, last[2])
            return
        self.flush()
        for holder in holders:
            hk = _holder_key(holder)
            at = self._open.get(hk)
            if at is not None and self.runs[at][3] == k - 1:
                self.runs[at] = (*self.runs[at][:3], k)
            elif at is None or self.runs[at][3] != k:  # a holder listed twice: once
                self._open[hk] = len(self.runs)
                self.runs.append((hk, holder, k, k))
        extended = [self._open[_holder_key(h)] for h in holders]
        self._last = (k, holders, list(dict.fromkeys(extended)))

    def flush(self) -> None:
        """Extend the runs of the last holders to the last snapshot they were added for."""
        if self._last is not None:
            k = self._last[0]
            for i in self._last[2]:
                self.runs[i] = (*self.runs[i][:3], k)

    def dated(self, days: Sequence[str], first: int, end: int) -> list[Any]:
        """The holders, dated where their runs differ from the post's (snapshot indexes
        *first* to *end*, exclusive)."""
        out = []
        self.flush()
        for _, holder, a, b in self.runs:
            if a == first and b + 1 == end:
                out.append(holder)
                continue
            entry = {"person": holder} if isinstance(holder, str) else dict(holder)
            if a != first:
                entry["valid_from"] = days[a]
            if b + 1 != end:
                entry["valid_to"] = days[b + 1]
            out.append(entry)
        return out


@dataclass
class _Version:
    key: str
    content: Any  # _content's key: what must stay the same for the post to continue
    post: Mapping[str, Any]  # the first snapshot's post
    first: int
    last: int
    holders: _Runs = field(default_factory=_Runs)
    seen: Mapping[str, Any] | None = None  # the post of the last snapshot it is in


class _Ids:
    """Post ids unique over the whole history."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def take(self, wanted: str) -> str:
        self.taken.add(wanted)
        return wanted

    def free(self, wanted: str | None, uid: str, day: str) -> str:
        if wanted is not None:
            for candidate in (wanted, f"{wanted}@{day}"):
                if candidate not in self.taken:
                    return self.take(candidate)
        n = 1
        while f"{uid}#{n}" in self.taken:
            n += 1
        return self.take(f"{uid}#{n}")


def merge_snapshots(
    snapshots: Sequence[tuple[str, Mapping[str, Any]]],
    *,
    key: PostKey | None = None,
    as_of: str | None = None,
    head_changed: HeadChanged | None = None,
    keep_gaps: bool = True,
) -> dict[str, Any]:
    """One dated document from *snapshots*: ``(day, document)`` pairs (ISO days in
    increasing order; documents with flat units), each in force from its day to the
    next one's. *key* gives each post's key (default: its id, else its title, grade and
    kind); *as_of* and *head_changed* are about head posts, *keep_gaps* about units
    missing for a while; see the module docs."""
    days = [day for day, _ in snapshots]
    now = len(days) - 1 if as_of is None else bisect.bisect_right(days, as_of) - 1
    if not keep_gaps:
        snapshots = _split_gaps(snapshots)
    key = key or post_key
    seen: dict[str, dict[int, Mapping[str, Any]]] = {}  # unit id -> snapshot index -> unit
    for k, (_, doc) in enumerate(snapshots):
        for unit in doc.get("units") or ():
            seen.setdefault(str(unit["id"]), {})[k] = unit
    lives = {uid: (min(at), max(at)) for uid, at in seen.items()}
    ids = _Ids()
    for uid, at in seen.items():  # head posts keep their ids: reserve them first
        heads = [at[k]["head"] for k in sorted(at) if at[k].get("head")]
        if heads:
            ids.take(str(heads[-1].get("id") or f"{uid}#head"))
    pending: list[tuple[int, str, str, str | None, dict[str, Any]]] = []
    units = [
        _unit(uid, seen[uid], lives, seen, days, key, pending, (now, head_changed)) for uid in seen
    ]
    # Ids in the order posts start (not the rows'): the earliest post of a key keeps it.
    for first, uid, _, wanted, post in sorted(pending, key=lambda p: p[:3]):
        post["id"] = ids.free(wanted, uid, days[first])
    out: dict[str, Any] = {}
    for _, doc in snapshots:  # the last snapshot's facts about the organisation
        out.update((k, doc[k]) for k in _TOP if doc.get(k) is not None)
    people: dict[str, Mapping[str, Any]] = {}
    for _, doc in snapshots:
        people.update((str(p["id"]), p) for p in doc.get("people") or ())
    if people:
        out["people"] = list(people.values())
    out["units"] = units
    links = _links(snapshots)
    if links:
        out["links"] = links
    return out


def _split_gaps(
    snapshots: Sequence[tuple[str, Mapping[str, Any]]],
) -> list[tuple[str, Mapping[str, Any]]]:
    """*snapshots* with each unit's runs after its first (the unit missing from the
    snapshots before) renamed ``<id>@<day>``, and their children and links with them."""
    where: dict[str, list[int]] = {}
    for k, (_, doc) in enumerate(snapshots):
        for unit in doc.get("units") or ():
            where.setdefault(str(unit["id"]), []).append(k)
    renamed: dict[int, dict[str, str]] = {}  # snapshot index -> old id -> new id
    for uid, at in where.items():
        name = uid
        for prev, k in zip([None, *at], at, strict=False):
            if prev is not None and k != prev + 1:
                name = f"{uid}@{snapshots[k][0]}"
            if name != uid:
                renamed.setdefault(k, {})[uid] = name
    if not renamed:
        return list(snapshots)
    out: list[tuple[str, Mapping[str, Any]]] = []
    for k, (day, doc) in enumerate(snapshots):
        new = renamed.get(k)
        if not new:
            out.append((day, doc))
            continue
        units = []
        for unit in doc.get("units") or ():
            unit = dict(unit)
            unit["id"] = new.get(str(unit["id"]), unit["id"])
            if unit.get("parent") is not None:
                unit["parent"] = new.get(str(unit["parent"]), unit["parent"])
            units.append(unit)
        links = [
            {
                **link,
                "from": new.get(link["from"], link["from"]),
                "to": new.get(link["to"], link["to"]),
            }
            for link in doc.get("links") or ()
        ]
        out.append((day, {**doc, "units": units, "links": links}))
    return out


def _parent_at(
    uid: str, k: int, at: Mapping[int, Mapping[str, Any]], lives: Mapping[str, tuple[int, int]],
    seen: Mapping[str, Mapping[int, Mapping[str, Any]]],
) -> str | None:  # fmt: skip
    """The parent of *uid* in snapshot *k* of its life: the snapshot's, or while it is
    missing, its last one's, going up past parents that have closed."""
    if k in at:
        return at[k].get("parent")
    parent = at[max(j for j in at if j < k)].get("parent")
    while parent is not None and lives[parent][1] < k:  # closed: go up from its last day
        last = lives[parent][1]
        parent = seen[parent][last].get("parent")
    return parent


def _unit(
    uid: str,
    at: Mapping[int, Mapping[str, Any]],
    lives: Mapping[str, tuple[int, int]],
    seen: Mapping[str, Mapping[int, Mapping[str, Any]]],
    days: Sequence[str],
    key: PostKey,
    pending: list[tuple[int, str, str, str | None, dict[str, Any]]],
    heads: tuple[int, HeadChanged | None],
) -> dict[str, Any]:
    """One unit of the merged document (see the module docs); its staff posts' ids are
    left for the caller (in *pending*)."""
    first, last = lives[uid]
    end = last + 1
    start = at[first]
    out: dict[str, Any] = {"id": uid, "name": start["name"]}
    parent = _parent_at(uid, first, at, lives, seen)
    if parent is not None:
        out["parent"] = parent
    out.update((k, v) for k, v in at[last].items() if k not in _OWN)
    out["valid_from"] = days[first]
    if end < len(days):
        out["valid_to"] = days[end]
    moves, renames = [], []
    name = start["name"]
    for k in range(first + 1, end):
        now = _parent_at(uid, k, at, lives, seen)
        if now != parent:
            moves.append({"parent": now, "valid_from": days[k]})
            parent = now
        if k in at and at[k]["name"] != name:
            name = at[k]["name"]
            renames.append({"name": name, "valid_from": days[k]})
    if moves:
        out["moves"] = moves
    if renames:
        out["renames"] = renames
    head = _head(uid, at, first, end, days, heads)
    if head is not None:
        out["head"] = head
    out["staff"] = _staff(uid, at, days, key, pending)
    return out


def _head(
    uid: str,
    at: Mapping[int, Mapping[str, Any]],
    first: int,
    end: int,
    days: Sequence[str],
    told: tuple[int, HeadChanged | None],
) -> dict[str, Any] | None:
    """The unit's one head post: the snapshot's in force at index *now* (see the module
    docs), its holders dated; *changed* hears of fields that change (*told* is the pair
    ``(now, changed)``)."""
    now, changed = told
    heads = {k: u["head"] for k, u in at.items() if u.get("head")}
    if not heads:
        return None
    kept = max((k for k in heads if k <= now), default=min(heads))
    post = {k: v for k, v in heads[kept].items() if k != "holders"}
    versions: list[tuple[int, Any]] = []
    for k in sorted(heads):
        if k - 1 in heads and heads[k - 1] is heads[k]:
            continue  # the very same post as the day before (a history reuses it)
        content = _content({**heads[k], "holders": None})
        if not versions or versions[-1][1] != content:
            versions.append((k, content))
    if changed is not None and len(versions) > 1:
        marked = max(i for i, (k, _) in enumerate(versions) if k <= kept)
        changed(uid, [(days[k], heads[k]) for k, _ in versions], marked)
    if any(h.get("holders") is not None for h in heads.values()):
        runs = _Runs()
        for k in sorted(heads):
            runs.add(k, heads[k].get("holders") or ())
        post["holders"] = runs.dated(days, first, end)
        post.pop("filled", None)  # the holders say it
    elif heads[max(heads)].get("holders") is not None:
        post["holders"] = []
    return post


def _staff(
    uid: str,
    at: Mapping[int, Mapping[str, Any]],
    days: Sequence[str],
    key: PostKey,
    pending: list[tuple[int, str, str, str | None, dict[str, Any]]],
) -> list[dict[str, Any]]:
    """The unit's staff posts through its snapshots (see the module docs)."""
    done: list[_Version] = []
    open_: dict[str, _Version] = {}
    for k in sorted(at):
        if at.get(k - 1) is at[k]:  # the very same unit as the day before: all continue
            for same in open_.values():
                same.last = k
                same.holders.add(k, same.holders.now)
            continue
        now: dict[str, _Version] = {}
        for post in at[k].get("staff") or ():
            pk = key(uid, post)
            n = 1
            while pk in now:  # the same title twice: the second, third ...
                n += 1
                pk = f"{key(uid, post)}\x00{n}"
            version = open_.get(pk)
            if version is not None and version.last == k - 1 and version.seen is post:
                version.last = k  # the very same post as the day before: it continues
                version.holders.add(k, version.holders.now)
                now[pk] = version
                continue
            content = _content(post)
            if version is None or version.content != content or version.last != k - 1:
                version = _Version(pk, content, post, k, k)
                done.append(version)
            version.last = k
            version.holders.add(k, post.get("holders") or ())
            version.holders.now = post.get("holders") or ()
            version.seen = post
            now[pk] = version
        open_ = now
    out = []
    for v in done:
        post = {"id": None, **{k: val for k, val in v.post.items() if k != "id"}}
        wanted = str(v.post["id"]) if v.post.get("id") else None
        pending.append((v.first, uid, v.key, wanted, post))
        if v.first != min(at):
            post["valid_from"] = days[v.first]
        if v.last != max(at):  # else it ends with its unit
            post["valid_to"] = days[v.last + 1]
        if v.post.get("holders") is not None:
            post["holders"] = v.holders.dated(days, v.first, v.last + 1)
        out.append(post)
    return out


def _links(snapshots: Sequence[tuple[str, Mapping[str, Any]]]) -> list[dict[str, Any]]:
    """Each link with the periods of consecutive snapshots it is in."""
    days = [day for day, _ in snapshots]
    runs = _Runs()
    for k, (_, doc) in enumerate(snapshots):
        runs.add(k, [dict(link) for link in doc.get("links") or ()])
    out = []
    runs.flush()
    for _, link, a, b in runs.runs:
        entry = dict(link)
        entry["valid_from"] = days[a]
        if b + 1 < len(days):
            entry["valid_to"] = days[b + 1]
        out.append(entry)
    return out
