"""Reorganisations with dates: an operation applied from an ``effective`` day on.

:func:`dated_apply` runs an operation, undated, on the organisation as of the
effective day (the *after* snapshot), then merges that snapshot into the dated
document at that day, so one organisation answers for both dates:

- a unit only after gets ``valid_from``; a unit only before gets ``valid_to``;
- a unit whose parent or name changes gets a dated ``moves`` or ``renames`` step;
- posts, holders and links that differ: the old ones end (``valid_to``), the new ones
  start (``valid_from``);
- facts dated after the effective day stay as they are.

Why merge snapshots rather than teach each operation dates: the operations stay the
checked, undated code they are (every check and message unchanged), and whatever an
operation does, the merge dates it the same way, or refuses.

What the file format cannot date is refused with a :class:`ReorgError` naming the unit
and the field, never applied to every date: the type, description, aliases, attrs or
responsibilities of a unit that exists before the day; a head post whose own fields
change (a unit has one head post for all dates: only its holders, given as
``{person: ID}``, can change from a day); a new unit whose id another unit has on other
dates; a change that contradicts facts dated later (``place="effective"``). A staff post
whose holders given by name change is replaced (the old post ends, the new one starts).
A unit that starts on the day has no earlier dates to keep: it takes its new values
outright.

One order of units serves every date, so the units under a parent on and after the day
are in file order: a moved or added unit takes its place by the file, and an explicit
``position=`` that the file order cannot keep is refused.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from orggraph.core.history import DATE_KEYS, in_force, iso_date, undated
from orggraph.errors import OrgError
from orggraph.ops.reorg.draft import ReorgError

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = ["dated_apply", "day_before"]

# A unit's own fields that carry no dates in the file format.
_UNDATED_FIELDS = ("type", "description", "aliases", "attrs", "responsibilities")
Entry = dict[str, Any]


def day_before(day: str) -> str:
    """The ISO day before *day*: the last day before a change effective on *day*.

    >>> day_before("2027-01-01")
    '2026-12-31'
    """
    return (datetime.date.fromisoformat(day) - datetime.timedelta(days=1)).isoformat()


def dated_apply(
    org: Org, effective: Any, recorded: Any, op: Callable[..., Org], *args: Any, **kwargs: Any
) -> Org:
    """``op(org, *args, **kwargs)`` (an undated operation) applied to *org* from day
    *effective* on; the new change log entries carry *effective* and *recorded*. Without
    *effective*, applied to *org* as it is, its entries carrying *recorded*. A
    ``position=`` the file order cannot keep is refused, and so is a change that would
    drop or contradict a fact dated after the day (``place="effective"``)."""
    rec = (
        None
        if recorded is None
        else iso_date(recorded, what="recorded", file=org.file, place="recorded")
    )
    if effective is None:
        after = op(org, *args, **kwargs)
        return _stamped(after, len(org.changes), None, rec)
    day = iso_date(effective, what="effective", file=org.file, place="effective")
    now = _day_org(org, day, op.__name__)
    after = _run_on(org, now, day, lambda o: op(o, *args, **kwargs))
    new_changes = [
        replace(c, effective=day, recorded=rec) for c in after.changes[len(org.changes) :]
    ]
    doc = org.to_dict(dated=True)
    _iso_dates(doc)
    try:
        _Merge(doc, now, after, day, rec).run()
    except ReorgError as err:
        raise err.located(file=org.file) from None
    doc["changes"] = [c.to_dict() for c in (*org.changes, *new_changes)]
    from orggraph.core.org import Org

    try:
        out = Org.from_dict(doc, file=org.file, as_of=org.date)
    except OrgError as err:  # the merged document, not the user's: name the change
        raise ReorgError(
            f"{op.__name__} from {day} contradicts what the organisation has on other "
            f"dates: {err.message}; change those facts first, or choose another day",
            file=org.file,
            ids=err.ids,
            place="effective",
        ) from err
    _check_later(org, out, day, op.__name__)
    if kwargs.get("position") is not None:  # a unit placed explicitly
        _check_order(out.as_of(day), now, after)
    return out


def _day_org(org: Org, day: str, name: str) -> Org:
    """The undated organisation in force on *day*; a ReorgError when nothing of it is
    known yet (the day is before its first unit starts)."""
    cause: OrgError | None = None
    try:
        found = org.as_of(day).without_history()
    except OrgError as err:
        cause = err
    else:
        if found.units():
            return found
    first = min((d.isoformat() for d in org.dates()), default=None)
    if cause is not None and (first is None or first <= day):
        raise cause
    raise ReorgError(
        f"{name} from {day}: nothing is known of the organisation before {first} "
        "(its first unit starts then); choose a day from then on",
        file=org.file,
        place="effective",
    ) from cause


def _run_on(org: Org, now: Org, day: str, run: Callable[[Org], Org]) -> Org:
    """*run* on *now* (*org* on *day*); an unknown unit id that *org* has on other dates
    is said to exist then (place ``unit``)."""
    from orggraph.errors import UnknownIdError

    try:
        return run(now)
    except UnknownIdError as err:
        spans = _spans(org.to_dict(dated=True))
        known = [(uid, spans[uid]) for uid in err.ids if uid in spans and uid not in now]
        if not known:
            raise
        uid, (start, end) = known[0]
        when = f"until {end}" if end is not None and end <= day else f"from {start}"
        raise UnknownIdError.make(
            f"unit {uid!r} is not in the organisation on {day}: it exists {when}; "
            "choose a day it exists",
            file=org.file,
            place=err.place or "unit",
            ids=(uid,),
        ) from err


def _spans(doc: Mapping[str, Any]) -> dict[str, tuple[str | None, str | None]]:
    return {u["id"]: (_iso(u.get("valid_from")), _iso(u.get("valid_to"))) for u in _flat(doc)}


def _stamped(org: Org, start: int, day: str | None, rec: str | None) -> Org:
    if rec is None and day is None:
        return org
    from orggraph.core.org import Org

    doc = org.to_dict(dated=True)
    done = [replace(c, effective=day, recorded=rec) for c in org.changes[start:]]
    doc["changes"] = [c.to_dict() for c in (*org.changes[:start], *done)]
    return Org.from_dict(doc, file=org.file, as_of=org.date)


def _check_later(org: Org, out: Org, day: str, name: str) -> None:
    """Every change *org* makes after *day* still happens in *out*, or a ReorgError
    naming those dropped: for each later day, what changes then (a unit that starts or
    ends, a field of a unit, a link) has in *out* the value it has in *org*."""
    laters = [d.isoformat() for d in org.dates() if d.isoformat() > day]
    if not laters:
        return
    # org stands still between its change days: the day before each is the one before it
    was = _view(org, day)
    for later in laters:
        want = _view(org, later)
        lost = _lost(was, want, _view(out, later))
        was = want
        if lost:
            raise ReorgError(
                f"{name} from {day} would drop or contradict what the organisation plans "
                f"for {later}: {'; '.join(text for _, text in lost)}; change those facts "
                "first, or choose another day",
                file=org.file,
                ids=list(dict.fromkeys(uid for uid, _ in lost if uid)),
                place="effective",
            )


View = tuple[dict[str, Entry], list[str]]


def _lost(was: View, want: View, got: View) -> list[tuple[str | None, str]]:
    """The changes from *was* to *want* (the day before a later day, and that day) that
    *got* (that day after the operation) does not have: (unit id or None, what)."""
    lost: list[tuple[str | None, str]] = []
    for uid in {**was[0], **want[0]}:
        old, new, have = was[0].get(uid, {}), want[0].get(uid), got[0].get(uid)
        if new is None:
            if have is not None:
                lost.append((uid, f"{uid} ends"))
            continue
        if not old and have is None:
            lost.append((uid, f"{uid} starts"))
            continue
        fields = {k for k in (*old, *new) if _key(old.get(k)) != _key(new.get(k))}
        bad = sorted(k for k in fields if have is None or _key(have.get(k)) != _key(new.get(k)))
        if bad:
            lost.append((uid, f"the {', '.join(bad)} of {uid} change{'s' * (len(bad) == 1)}"))
    ended = {k for k in was[1] if k not in want[1]} & set(got[1])
    started = {k for k in want[1] if k not in was[1]} - set(got[1])
    lost += [(None, f"a link {k} ends") for k in sorted(ended)]
    lost += [(None, f"a link {k} starts") for k in sorted(started)]
    return lost


def _view(org: Org, day: str) -> View:
    """The units of *org* on *day* by id (their fields, parent included, without their
    units), and its links (as text)."""
    doc = org.as_of(day).without_history().to_dict()
    units: dict[str, Entry] = {}
    stack: list[tuple[str | None, Entry]] = [(None, u) for u in doc["units"]]
    while stack:
        parent, unit = stack.pop()
        units[unit["id"]] = {"parent": parent, **{k: v for k, v in unit.items() if k != "units"}}
        stack.extend((unit["id"], u) for u in unit.get("units") or ())
    links = [_key(link) for link in doc.get("links", ())]
    return units, links


def _check_order(got: Org, now: Org, after: Org) -> None:
    """The units under each parent that gained a unit (or was reordered) are in the
    after snapshot's order on the day, or a ReorgError."""

    def kids(org: Org, parent: str | None) -> list[str]:
        return org.roots() if parent is None else org.children(parent)

    for parent in dict.fromkeys([None, *(after.parent(u) for u in after.units())]):
        want = kids(after, parent)
        if (parent is not None and parent not in now) or kids(now, parent) == want:
            continue  # a new parent (its units are placed as in the snapshot) or untouched
        have = kids(got, parent)
        if have != want:
            where = f"under {parent!r}" if parent else "at the top level"
            raise ReorgError(
                f"the units {where} would be {', '.join(want)} from the effective day, but "
                f"one order of units serves every date and the file keeps them as "
                f"{', '.join(have)}; leave position= out",
                ids=(parent,) if parent else (),
                place="position",
            )


# -- the document as plain data --------------------------------------------------------


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _iso_dates(doc: dict[str, Any]) -> None:
    """The document's dates as ISO text, in place (they compare as text)."""

    def fix(fact: Any) -> None:
        if isinstance(fact, dict):
            for key in DATE_KEYS:
                if key in fact:
                    fact[key] = _iso(fact[key])

    for link in doc.get("links", ()):
        fix(link)
    stack = list(doc["units"])
    while stack:
        unit = stack.pop()
        fix(unit)
        for step in (*unit.get("moves", ()), *unit.get("renames", ())):
            fix(step)
        for post in _posts(unit):
            fix(post)
            for holder in post.get("holders") or ():
                fix(holder)
        stack.extend(unit.get("units", ()))


def _posts(unit: Mapping[str, Any]) -> list[Any]:
    head = unit.get("head")
    return [*((head,) if head else ()), *(unit.get("staff") or ())]


def _in_force(fact: Mapping[str, Any], day: str) -> bool:
    return in_force(fact, day, None)


def _undated(fact: Any) -> Any:
    """A holder or link without its dates (a holder given by name has none)."""
    return undated(fact) if isinstance(fact, Mapping) else fact


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _started(fact: Entry, day: str, rec: str | None) -> Entry:
    out = {**fact, "valid_from": day}
    if rec is not None:
        out["recorded"] = rec
    return out


def _later_end(replaced: list[Any], day: str) -> str | None:
    """The end the facts *replaced* from *day* all had planned after *day*, if one: what
    replaces them ends then too (so a later change still happens)."""
    ends = {x.get("valid_to") for x in replaced if isinstance(x, Mapping)}
    end = ends.pop() if len(ends) == 1 else None
    return end if end is not None and end > day else None


def _until(fact: Entry, end: str | None) -> Entry:
    return fact if end is None else {**fact, "valid_to": end}


def _end(facts: list[Any], fact: Any, day: str) -> None:
    """*fact* (in *facts*, in force on *day*) ends on *day*: dropped when it starts
    that day (it never held), else given ``valid_to``."""
    if fact.get("valid_from") == day:
        facts.remove(fact)
    else:
        fact["valid_to"] = day


class _Merge:
    """The merge of the after snapshot into the dated document *doc* at *day*."""

    def __init__(
        self, doc: dict[str, Any], now: Org, after: Org, day: str, rec: str | None
    ) -> None:
        self.doc, self.now, self.after, self.day, self.rec = doc, now, after, day, rec
        self.entry: dict[str, Entry] = {}
        self.home: dict[str, list[Entry]] = {}  # the list an entry is in
        self.first: dict[str, str | None] = {}  # the parent it is nested under
        stack: list[tuple[str | None, list[Entry]]] = [(None, doc["units"])]
        while stack:
            parent, units = stack.pop()
            for unit in units:
                uid = unit["id"]
                self.entry[uid], self.home[uid] = unit, units
                self.first[uid] = unit.get("parent", parent)
                stack.append((uid, unit.setdefault("units", [])))
        self.now_doc = {u["id"]: u for u in _flat(now.to_dict())}
        self.after_doc = {u["id"]: u for u in _flat(after.to_dict())}
        self.moved: set[str] = set()  # units that start on the day and change parent

    def run(self) -> None:
        now, after = self.now, self.after
        for uid in now.units():
            if uid not in after:
                self._close(uid)
        for uid in after.units():
            if uid in now:
                self._survive(uid)
            elif uid in self.entry:
                raise ReorgError(
                    f"new unit id {uid!r} is the id of a unit on other dates; a unit keeps "
                    "its id for all dates: choose another id",
                    ids=(uid,),
                )
        for uid in after:  # preorder: parents before their units
            if uid not in now:
                self._open(uid)
            elif uid in self.moved:
                self._relocate(uid)
        self._links()
        for unit in self.entry.values():
            if not unit.get("units"):
                unit.pop("units", None)

    # units

    def _close(self, uid: str) -> None:
        unit = self.entry[uid]
        end = unit.get("valid_to")
        if end is not None and end > self.day and set(self.after.units()) - set(self.now.units()):
            # its planned end would be lost on the unit(s) that take its place
            raise ReorgError(
                f"unit {uid!r} would end on {self.day}, but it is planned to end on {end} "
                "and new units take its place: which of them should end then is not said; "
                "end it on its own day first, or choose another day",
                ids=(uid,),
                place="effective",
            )
        if unit.get("valid_from") == self.day:  # added on the day: it never held
            self.moved.update(c["id"] for c in unit.get("units") or () if c["id"] in self.after)
            self.home[uid].remove(unit)
        else:
            unit["valid_to"] = self.day

    def _relocate(self, uid: str) -> None:
        """*uid*, starting on the day, is nested under its parent of that day."""
        unit = self.entry[uid]
        self.home[uid].remove(unit)
        unit.pop("parent", None)
        self._drop_steps(unit, "moves")
        self._place(uid, unit)

    def _drop_steps(self, unit: Entry, key: str) -> None:
        """Drop *unit*'s *key* steps up to the day (it starts then: they would override
        its first value)."""
        steps = [s for s in unit.get(key, ()) if s["valid_from"] > self.day]
        if steps:
            unit[key] = steps
        else:
            unit.pop(key, None)

    def _place(self, uid: str, unit: Entry) -> None:
        """Nest *unit* under its parent of the day, where the after snapshot puts it
        among its siblings, as far as the units nested there allow."""
        parent = self.after.parent(uid)
        units = self.doc["units"] if parent is None else self.entry[parent].setdefault("units", [])
        sibs = self.after.roots() if parent is None else self.after.children(parent)
        k = sibs.index(uid)
        ids = [u["id"] for u in units]
        at = len(units)
        before = [s for s in sibs[:k] if s in ids]
        later = [s for s in sibs[k + 1 :] if s in ids]
        if before:
            at = ids.index(before[-1]) + 1
        elif later:
            at = ids.index(later[0])
        # after the units that close on the day there (the ones it replaces, as a rule)
        while at < len(ids) and ids[at] in self.now and ids[at] not in self.after:
            at += 1
        units.insert(at, unit)
        self.entry[uid], self.home[uid], self.first[uid] = unit, units, parent

    def _open(self, uid: str) -> None:
        spec = {k: v for k, v in self.after_doc[uid].items() if k not in ("units", "parent")}
        self._place(uid, _started(spec, self.day, self.rec))

    def _survive(self, uid: str) -> None:
        unit, old, new = self.entry[uid], self.now_doc[uid], self.after_doc[uid]
        # A unit that starts on the day has no earlier dates to keep: set, not dated.
        fresh = unit.get("valid_from") == self.day
        for key in _UNDATED_FIELDS:
            if _key(old.get(key)) == _key(new.get(key)):
                continue
            if fresh:
                unit.pop(key, None)
                if key in new:
                    unit[key] = new[key]
            else:
                raise ReorgError(
                    f"unit {uid!r}: its {key} would change on {self.day}, but the file format "
                    f"gives a unit's {key} no dates; change it without effective=, or make a "
                    "new unit (for a merge: into={id: ..., name: ...})",
                    ids=(uid,),
                    place=key,
                )
        parent = self.after.parent(uid)
        if self.now.parent(uid) != parent:
            if unit.get("valid_from") == self.day:
                self.moved.add(uid)
            else:
                self._step(uid, "moves", "parent", parent)
        if fresh:  # its first name (a step on its first day would override it)
            unit["name"] = new["name"]
            self._drop_steps(unit, "renames")
        elif _key(old["name"]) != _key(new["name"]):
            self._step(uid, "renames", "name", new["name"])
        self._head(uid, unit, new.get("head"), fresh=fresh)
        self._staff(unit, new.get("staff") or [])

    def _step(self, uid: str, key: str, field: str, value: Any) -> None:
        """From the day on, *uid*'s *field* is *value*: a dated step (replacing one on
        the day; none when the value before the day is the same)."""
        unit = self.entry[uid]
        steps = [s for s in unit.get(key, ()) if s["valid_from"] != self.day]
        earlier = [s for s in steps if s["valid_from"] < self.day]
        first = self.first[uid] if field == "parent" else unit["name"]
        before = earlier[-1][field] if earlier else first
        if _key(before) != _key(value):
            step = {field: value, "valid_from": self.day}
            if self.rec is not None:
                step["recorded"] = self.rec
            steps.insert(len(earlier), step)
        if steps:
            unit[key] = steps
        else:
            unit.pop(key, None)

    # posts

    def _head(self, uid: str, unit: Entry, new: Any, *, fresh: bool) -> None:
        head = unit.get("head")
        old = head if head and _in_force(head, self.day) else None
        if old is None and new is None:
            return
        if old is None:
            if head:
                raise ReorgError(
                    f"unit {uid!r}: it would get a head post on {self.day}, but its head "
                    f"post holds on other dates {_span(head)} and a unit has one head post "
                    "for all dates",
                    ids=(uid,),
                    place="head",
                )
            unit["head"] = _started(new, self.day, self.rec)
        elif new is None:
            if old.get("valid_from") == self.day:
                del unit["head"]
            else:
                old["valid_to"] = self.day
        elif fresh and not self._same_post(old, new):
            unit["head"] = new  # the unit's first head: no earlier head to keep
        elif not self._same_post(old, new):
            changed = sorted(
                k
                for k in {*_undated(old), *new} - {"holders"}
                if _key(old.get(k)) != _key(new.get(k))
            )
            raise ReorgError(
                f"unit {uid!r}: its head post's {', '.join(changed) or 'holders'} would change "
                f"on {self.day}; a unit has one head post for all dates, so only its holders "
                "(given as {person: ID}) can change from a date",
                ids=(uid,),
                place="head",
            )

    def _staff(self, unit: Entry, new: list[Any]) -> None:
        staff: list[Any] = unit.get("staff") or []
        olds = [p for p in staff if _in_force(p, self.day)]
        out = list(staff)
        last: Any = None

        def put(post: Entry) -> None:
            nonlocal last
            if last is None:  # before the first post of the day, else last
                at = min((_at(out, o) for o in olds if _has(out, o)), default=len(out))
            else:
                at = _at(out, last) + 1
            out.insert(at, post)
            last = post

        a = [_key(_content(p)) for p in olds]
        b = [_key(_content(p)) for p in new]
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag == "equal":
                for old, post in zip(olds[i1:i2], new[j1:j2], strict=True):
                    if self._same_post(old, post):
                        last = old
                    else:  # holders given by name cannot be dated: the post is replaced
                        end = _later_end([old], self.day)
                        _end(out, old, self.day)
                        put(_until(_started(post, self.day, self.rec), end))
                continue
            end = _later_end(olds[i1:i2], self.day)
            for old in olds[i1:i2]:
                _end(out, old, self.day)
            for post in new[j1:j2]:
                put(_until(_started(post, self.day, self.rec), end))
        if out:
            unit["staff"] = out
        else:
            unit.pop("staff", None)

    def _same_post(self, old: Entry, new: Mapping[str, Any]) -> bool:
        """Whether *old* (dated) becomes *new* on the day by its holders alone; dates the
        holders that change when they can be dated (True), else False."""
        if _key(_content(old)) != _key(_content(new)):
            return False
        holders = old.get("holders")
        if holders is None:
            return True  # neither lists holders (the content says so)
        was = [h for h in holders if isinstance(h, str) or _in_force(h, self.day)]
        want = list(new.get("holders") or ())
        a, b = [_key(_undated(h)) for h in was], [_key(h) for h in want]
        ops = [op for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]
        changed = [(was[i1:i2], want[j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]
        if any(isinstance(h, str) for gone, came in changed for h in (*gone, *came)):
            return False
        out = list(holders)
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal":
                continue
            end = _later_end(was[i1:i2], self.day)
            for h in was[i1:i2]:
                _end(out, h, self.day)
            at = _at(out, was[i1 - 1]) + 1 if i1 else 0
            for n, h in enumerate(want[j1:j2]):
                out.insert(at + n, _until(_started(h, self.day, self.rec), end))
        old["holders"] = out
        return True

    # links

    def _links(self) -> None:
        """Links in force on the day and not after it end; new ones start, each after the
        link before it in the after snapshot (the order links are listed in)."""
        links: list[Entry] = self.doc.setdefault("links", [])
        current = [x for x in links if _in_force(x, self.day)]
        pool: dict[str, list[Entry]] = {}
        for link in current:
            pool.setdefault(_key(_undated(link)), []).append(link)
        wanted = _link_entries(self.after)
        matched = [pool[k].pop(0) if pool.get(k := _key(w)) else None for w in wanted]
        for gone in pool.values():
            for link in gone:
                _end(links, link, self.day)
        last: Entry | None = None
        for link, found in zip(wanted, matched, strict=True):
            if found is not None:
                last = found
                continue
            if last is not None:
                at = _at(links, last) + 1
            else:
                at = min((_at(links, x) for x in current if _has(links, x)), default=len(links))
            while at < len(links) and links[at].get("valid_to") == self.day:
                at += 1  # after the links that end on the day (the ones it replaces)
            last = _started(link, self.day, self.rec)
            links.insert(at, last)
        if not links:
            del self.doc["links"]


def _content(post: Mapping[str, Any]) -> dict[str, Any]:
    """A post without its dates and holders, and whether it lists holders at all."""
    out = {k: v for k, v in post.items() if k not in DATE_KEYS and k != "holders"}
    out["holders listed"] = post.get("holders") is not None
    return out


def _span(fact: Mapping[str, Any]) -> str:
    return f"({fact.get('valid_from') or '...'} to {fact.get('valid_to') or '...'})"


def _at(items: list[Any], item: Any) -> int:
    """The index of *item* itself (not an equal one) in *items*."""
    return next(n for n, x in enumerate(items) if x is item)


def _has(items: list[Any], item: Any) -> bool:
    return any(x is item for x in items)


def _flat(doc: Mapping[str, Any]) -> list[Entry]:
    out: list[Entry] = []
    stack = list(reversed(doc["units"]))
    while stack:
        unit = stack.pop()
        out.append(unit)
        stack.extend(reversed(unit.get("units") or ()))
    return out


def _link_entries(org: Org) -> list[Entry]:
    return [
        {k: v for k, v in link.items() if k not in DATE_KEYS}
        for link in org.to_dict().get("links", ())
    ]
