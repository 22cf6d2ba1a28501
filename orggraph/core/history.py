"""Time: an organisation's dated facts (:class:`History`) and the queries over them.

Units, posts, assignments (holders) and links may carry ``valid_from`` (inclusive) and
``valid_to`` (exclusive), and ``recorded`` (the day the fact was entered); a unit's
``moves`` and ``renames`` change its parent and its name from a date on (see
docs/format.md, "Dates and history"). A dated file loads as one :class:`History`
shared by every ``Org`` built from it: each ``Org`` is the organisation *as of* one
date (today unless ``as_of=`` says otherwise), so every undated query answers for that
date, and :meth:`History.as_of` builds another date's.

Dates are kept as ISO text (``YYYY-MM-DD``): it sorts as the dates do, so the filters
compare strings and never build ``datetime.date`` objects per fact.

>>> import orggraph as og
>>> org = og.loads('''
... units:
...   - id: hq
...     name: HQ
...     units:
...       - {id: a, name: A, valid_to: 2026-07-01}
...       - {id: b, name: B, valid_from: 2026-03-01,
...          renames: [{name: Bee, valid_from: 2026-09-01}]}
... ''', as_of="2026-01-01")
>>> org.units(), org.as_of("2026-08-01").units(), org.as_of("2026-09-01").name("b")
(['hq', 'a'], ['hq', 'b'], 'Bee')
>>> [str(d) for d in org.dates()]
['2026-03-01', '2026-07-01', '2026-09-01']
"""

from __future__ import annotations

import datetime
import warnings
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from orggraph.core.document import DATE_KEYS, header, nest, post_entry
from orggraph.core.people import post_ids
from orggraph.core.upper import upper
from orggraph.errors import DateError, OrgWarning

if TYPE_CHECKING:
    from orggraph.core.org import Org, OrgFacts
    from orggraph.core.rows import Rows

__all__ = [
    "DATE_KEYS",
    "OPEN_END",
    "Event",
    "History",
    "history_rows",
    "in_force",
    "iso_date",
    "name_line",
    "stretch",
    "today",
    "undated",
]

#: Sorts after every ISO date: an open end, in comparisons of ISO text.
OPEN_END = "9999-12-31~"

# (valid_from, valid_to, recorded), each ISO text or None
Span = tuple["str | None", "str | None", "str | None"]
# (valid_from, new parent or name, recorded), sorted by date
Steps = list[tuple[str, Any, "str | None"]]


def today() -> str:
    """Today's date as ISO text: the date an undated query answers for."""
    return datetime.date.today().isoformat()


def iso_date(
    value: object, *, what: str = "date", file: str | None = None, place: str | None = None
) -> str:
    """*value* (a ``datetime.date``, a ``datetime.datetime``'s day, or ISO text) as ISO
    text, read as the file format reads dates
    (:func:`~orggraph.core.fields.check_iso_date`); a :class:`DateError` naming *what*
    and the expected form otherwise (at *place*, when given: an argument or a key).

    >>> iso_date(datetime.date(2026, 1, 31)), iso_date("2026-01-31")
    ('2026-01-31', '2026-01-31')
    >>> iso_date("31/01/2026", what="as_of")
    Traceback (most recent call last):
    ...
    orggraph.errors.DateError: as_of '31/01/2026' is not a date; give an ISO date YYYY-MM-DD such as 2026-01-01
    """
    from orggraph.core.fields import check_iso_date  # pydantic: only when a date is read

    if isinstance(value, datetime.datetime):  # a query's "now": its day
        value = value.date()
    try:
        if value is None:
            raise ValueError("None is not a date; give an ISO date YYYY-MM-DD such as 2026-01-01")
        return str(check_iso_date(value))
    except ValueError as exc:
        raise DateError.make(f"{what} {exc}", file=file, place=place) from None


def in_force(fact: Mapping[str, Any], day: str, known: str | None) -> bool:
    """Whether the dated *fact* (a post's or holder's dict) holds on *day* and was
    recorded by *known* (``None``: whatever was recorded)."""
    start, end = fact.get("valid_from"), fact.get("valid_to")
    if (start is not None and start > day) or (end is not None and end <= day):
        return False
    rec = fact.get("recorded")
    return known is None or rec is None or rec <= known


def undated(fact: Mapping[str, Any]) -> dict[str, Any]:
    """*fact* without its dates (:data:`DATE_KEYS`)."""
    return {k: v for k, v in fact.items() if k not in DATE_KEYS}


def _post_at(post: Mapping[str, Any], day: str, known: str | None) -> dict[str, Any] | None:
    if not in_force(post, day, known):
        return None
    out = undated(post)
    holders = post.get("holders")
    if holders is not None:
        out["holders"] = [
            h if isinstance(h, str) else undated(h)
            for h in holders
            if isinstance(h, str) or in_force(h, day, known)
        ]
    return out


def _step(steps: Steps | None, day: str, known: str | None, first: Any) -> Any:
    """The value of the last step on or before *day* (recorded by *known*), else *first*."""
    if not steps:
        return first
    if known is None:
        at = bisect_right(steps, day, key=lambda s: s[0])
        return steps[at - 1][1] if at else first
    found = first
    for start, value, rec in steps:
        if start > day:
            break
        if rec is None or rec <= known:
            found = value
    return found


@dataclass(frozen=True)
class Event:
    """One change of a dated organisation, as :meth:`History.timeline` lists them.

    ``kind`` is one of ``created``, ``closed``, ``renamed``, ``moved``, ``post opened``,
    ``post closed``, ``assignment started``, ``assignment ended``, ``link added``,
    ``link removed``; ``unit`` the unit it happened to (a link's source); ``before`` and
    ``after`` what changed (parents, names, a link's target); ``post`` and ``person``
    for posts and assignments; ``recorded`` the day it was recorded (``None``: unknown);
    ``link`` a link's kind (``dotted``, ``collaboration``).
    """

    date: datetime.date
    kind: str
    unit: str
    before: Any = None
    after: Any = None
    post: str | None = None
    person: str | None = None
    recorded: datetime.date | None = None
    link: str | None = None

    def touches(self, uids: Set[str]) -> bool:
        """Whether the event concerns one of *uids*: its unit, or a parent or link
        target (a rename's ``before`` and ``after`` are names, never ids, and may be
        mappings by language)."""
        if self.unit in uids:
            return True
        if self.kind == "renamed":
            return False
        return any(isinstance(v, str) and v in uids for v in (self.before, self.after))

    def __str__(self) -> str:
        what = {
            "moved": f" from {self.before} to {self.after}",
            "renamed": f" from {name_line(self.before)!r} to {name_line(self.after)!r}",
            "created": f" under {self.after}" if self.after else "",
        }.get(self.kind, "")
        if self.link is not None:
            return (
                f"{self.date} {self.kind}: {self.link} {self.unit} -> {self.after or self.before}"
            )
        who = f" {self.person} in" if self.person else ""
        post = f" post {self.post} of" if self.post else ""
        return f"{self.date} {self.kind}:{who}{post} {self.unit}{what}"


def name_line(name: Any) -> Any:
    """A name as an event shows it: a name in several languages as its texts joined by
    `` / `` (an :class:`Event` does not know the organisation's languages); others as
    they are.

    >>> name_line({"zh": "华北区", "en": "North Region"}), name_line("HQ")
    ('华北区 / North Region', 'HQ')
    """
    if isinstance(name, Mapping):
        return " / ".join(str(v) for v in name.values())
    return name


def _day(text: str | None) -> datetime.date | None:
    return None if text is None else datetime.date.fromisoformat(text)


def stretch(
    org: Org, uid: str, start: str | None, end: str | None, lang: str | None = None
) -> dict[str, Any]:
    """A row of :meth:`History.unit_history`: *uid* in *org*, from *start* to *end*, its
    name in *lang* (default: the organisation's first language).

    ``head`` tells three cases apart: ``None`` when the unit has no head post, ``"?"``
    when it has one whose holders are unknown (none given), else the holders' person ids
    (``()``: the post is vacant)."""
    posts = [p for p in org.posts(uid) if p.kind == "head"]
    head: Any = None
    if posts:  # unknown is never "no head": a head post with no holders given is "?"
        held = [p.holders for p in posts]
        head = "?" if all(h is None for h in held) else tuple(i for h in held for i in h or ())
    count = org.headcount(uid)
    return {
        "from": _day(start),
        "to": _day(end),
        "parent": org.parent(uid),
        "name": org.name(uid, lang=lang),
        "head": head,
        "headcount": count.value,
        "unknown": len(count.unknown),
    }


def history_rows(rows: list[dict[str, Any]]) -> Rows:
    """*rows* of :func:`stretch` as the table :meth:`History.unit_history` returns."""
    from orggraph.core.rows import Rows

    return Rows(rows, columns=("from", "to", *_SAME), kind="history")


@dataclass(eq=False, repr=False)  # big: compared and shown through the Orgs it builds
class History:
    """The dated facts of an organisation, by row (row *i* is unit ``ids[i]``, every
    unit that ever exists): what :meth:`as_of` filters to build the ``Org`` of a date.

    *parents* are each unit's first parents (from nesting or ``parent:``), *nodes* the
    units' own data (posts and holders keep their date keys), *lives* each unit's
    span, *moves* and *renames* the dated steps of the units that have any (sorted),
    *dated* the rows whose posts or holders carry dates, *order* the rows in file
    order with parents first; *links* are ``(kind, source, target, relation, mutual,
    span)``; *facts* the organisation's own (without a history).
    """

    ids: list[str]
    parents: list[str | None]
    nodes: list[dict[str, Any]]
    lives: list[Span]
    moves: dict[int, Steps]
    renames: dict[int, Steps]
    dated: set[int]
    owned: list[tuple[int, list[str]]]
    responsibilities: list[tuple[str, dict[str, Any]]]
    links: list[tuple[str, str, str, Any, bool, Span]]
    order: list[int]
    facts: OrgFacts
    # Names row i (and a key under it) in messages: the file's place, when read from one.
    place: Callable[..., str] | None = None

    # -- the organisation of a date ------------------------------------------------------

    def as_of(self, day: str, known: str | None = None) -> Org:
        """The organisation in force on *day* (ISO text), as recorded by *known*."""
        ids, nodes, lives, moves, renames = (
            self.ids,
            self.nodes,
            self.lives,
            self.moves,
            self.renames,
        )
        dated, parents = self.dated, self.parents
        keep: list[int] = []
        out_parents: list[str | None] = []
        data: dict[str, dict[str, Any]] = {}
        for i, (start, end, rec) in enumerate(lives):
            if (start is not None and start > day) or (end is not None and end <= day):
                continue
            if known is not None and rec is not None and rec > known:
                continue
            keep.append(i)
            out_parents.append(_step(moves.get(i), day, known, parents[i]))
            node = nodes[i]
            if i in dated or i in renames:
                node = self._unit_at(i, day, known)
            data[ids[i]] = node
        out_ids = [ids[i] for i in keep]
        where = {row: n for n, row in enumerate(keep)}
        owned = [(where[i], r) for i, r in self.owned if i in where]
        links = [
            (kind, a, b, rel, mutual)
            for kind, a, b, rel, mutual, span in self.links
            if in_force(dict(zip(DATE_KEYS, span, strict=True)), day, known)
        ]
        assemble: Any = upper("orggraph.core.build", "assemble")  # build imports Org
        store: Any = upper("orggraph.core.store", "DocumentUnits")(out_ids, data)
        facts = replace(self.facts, history=self, as_of=day, known_at=known)
        org: Org = assemble(
            out_ids,
            out_parents,
            store,
            owned,
            responsibilities=self.responsibilities,
            links=links,
            facts=facts,
            unit_place=lambda n, key=None: self._place(keep[n], key, day),
        )
        return org

    def _place(self, row: int, key: Any, day: str) -> str:
        where = f"unit {self.ids[row]!r}" if self.place is None else self.place(row, key)
        return f"{where}, on {day}"

    def _unit_at(self, row: int, day: str, known: str | None) -> dict[str, Any]:
        node = dict(self.nodes[row])
        node["name"] = _step(self.renames.get(row), day, known, node["name"])
        if row in self.dated:
            head = node.get("head")
            if head is not None:
                node["head"] = _post_at(head, day, known)
            staff = (_post_at(p, day, known) for p in node.get("staff") or ())
            node["staff"] = [p for p in staff if p is not None]
        return node

    # -- dates and events ---------------------------------------------------------------

    def dates(self) -> list[datetime.date]:
        """The sorted days on which anything starts, ends, moves or is renamed."""
        found: set[str | None] = set()
        for start, end, _ in self.lives:
            found.update((start, end))
        for steps in (*self.moves.values(), *self.renames.values()):
            found.update(s[0] for s in steps)
        for *_, span in self.links:
            found.update(span[:2])
        for row in self.dated:
            for post in _posts(self.nodes[row]):
                found.update((post.get("valid_from"), post.get("valid_to")))
                for h in _dated_holders(post):
                    found.update((h.get("valid_from"), h.get("valid_to")))
        return [datetime.date.fromisoformat(d) for d in sorted(d for d in found if d)]

    def timeline(self, uid: str | None = None) -> list[Event]:
        """Every dated change, by date (those concerning *uid* when given)."""
        events: list[Event] = []
        for row, uid_ in enumerate(self.ids):
            events.extend(self._unit_events(row, uid_))
        for kind, a, b, _, _, (start, end, rec) in self.links:
            if start is not None:
                events.append(
                    Event(_d(start), "link added", a, None, b, recorded=_day(rec), link=kind)
                )
            if end is not None:
                events.append(Event(_d(end), "link removed", a, b, recorded=_day(rec), link=kind))
        if uid is not None:
            if uid not in self.ids:
                from orggraph.errors import UnknownIdError

                raise UnknownIdError(uid, choices=self.ids, file=self.facts.file)
            events = [e for e in events if e.touches({uid})]
        return sorted(events, key=lambda e: (e.date, _KINDS.index(e.kind)))

    def _unit_events(self, row: int, uid: str) -> list[Event]:
        start, end, rec = self.lives[row]
        out: list[Event] = []
        first = self.parents[row]
        if start is not None:
            out.append(Event(_d(start), "created", uid, None, first, recorded=_day(rec)))
        if end is not None:
            out.append(Event(_d(end), "closed", uid, recorded=_day(rec)))
        before = first
        for day, parent, when in self.moves.get(row, ()):
            out.append(Event(_d(day), "moved", uid, before, parent, recorded=_day(when)))
            before = parent
        name = self.nodes[row]["name"]
        for day, new, when in self.renames.get(row, ()):
            out.append(Event(_d(day), "renamed", uid, name, new, recorded=_day(when)))
            name = new
        if row in self.dated:
            for pid, _, post in post_ids(uid, self.nodes[row]):
                out.extend(_post_events(uid, pid, post))
        return out

    # -- one unit through time ----------------------------------------------------------

    def unit_history(self, uid: str, known: str | None = None, lang: str | None = None) -> Rows:
        """*uid*'s parent, name, head holders and headcount on each stretch of time
        between the organisation's change dates (see :meth:`Org.history`); ``head`` is
        ``None`` (no head post), ``"?"`` (a head post, holders unknown) or the holders'
        ids (``()``: vacant), as :func:`stretch` says."""
        if uid not in self.ids:
            from orggraph.errors import UnknownIdError

            raise UnknownIdError(uid, choices=self.ids, file=self.facts.file)
        start, end, _ = self.lives[self.ids.index(uid)]
        near = self._ever_under(uid)
        days = {e.date.isoformat() for e in self.timeline() if e.touches(near)}
        cuts = sorted({start or "", *(d for d in days if (start or "") < d < (end or OPEN_END))})
        rows: list[dict[str, Any]] = []
        for n, day in enumerate(cuts):
            with warnings.catch_warnings():  # one table, not a warning per stretch
                warnings.simplefilter("ignore", OrgWarning)
                org = self.as_of(day or "0001-01-01", known)
            row = stretch(org, uid, day or None, cuts[n + 1] if n + 1 < len(cuts) else end, lang)
            if rows and all(rows[-1][k] == row[k] for k in _SAME):
                rows[-1]["to"] = row["to"]
            else:
                rows.append(row)
        return history_rows(rows)

    def _ever_under(self, uid: str) -> set[str]:
        """*uid* and every unit that reports to one of these at some time: where the
        changes that move *uid*'s figures happen (the dates :meth:`unit_history` cuts at)."""
        under: dict[str, list[str]] = {}
        for row, first in enumerate(self.parents):
            targets = {first, *(p for _, p, _ in self.moves.get(row, ()))}
            for parent in targets - {None}:
                under.setdefault(parent, []).append(self.ids[row])
        found, stack = {uid}, [uid]
        while stack:
            for child in under.get(stack.pop(), ()):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found

    # -- the file format ----------------------------------------------------------------

    def document(self, org: Org, *, people: bool = True) -> dict[str, Any]:
        """Every dated fact as plain data in the file format (what YAML and JSON write):
        units nested under their first parents, in file order."""
        out = header(org, people=people)
        owned = dict(self.owned)
        out["units"] = nest(
            (self.ids[row], self.parents[row], self._unit_entry(row, owned.get(row), people))
            for row in self.order
        )
        resp = [
            {"id": rid, **_given(d, ("name", "description"))} for rid, d in self.responsibilities
        ]
        if resp:
            out["responsibilities"] = resp
        links = []
        for kind, a, b, rel, mutual, span in self.links:
            link: dict[str, Any] = {"kind": kind, "from": a, "to": b}
            link.update(_given({"relation": rel, "mutual": mutual or None}, ("relation", "mutual")))
            link.update(_given(dict(zip(DATE_KEYS, span, strict=True)), DATE_KEYS))
            links.append(link)
        if links:
            out["links"] = links
        if self.facts.changes:
            out["changes"] = [c.to_dict() for c in self.facts.changes]
        _as_dates(out)
        return out

    def _unit_entry(self, row: int, rids: list[str] | None, people: bool) -> dict[str, Any]:
        data = self.nodes[row]
        out: dict[str, Any] = {"id": self.ids[row], "name": data["name"]}
        out.update(_given(data, ("type", "description")))
        if data.get("aliases"):
            out["aliases"] = list(data["aliases"])
        dated = row in self.dated and not people  # holders over time: no filled to write

        def entry(post: Mapping[str, Any]) -> dict[str, Any]:
            if dated:
                post = {k: v for k, v in post.items() if k != "holders"}
            return post_entry(post, people=people)

        if data.get("head"):
            out["head"] = entry(data["head"])
        if data.get("staff"):
            out["staff"] = [entry(p) for p in data["staff"]]
        if rids:
            out["responsibilities"] = list(rids)
        if data.get("attrs"):
            out["attrs"] = dict(data["attrs"])
        out.update(_given(dict(zip(DATE_KEYS, self.lives[row], strict=True)), DATE_KEYS))
        if row in self.moves:
            out["moves"] = [_step_entry("parent", s) for s in self.moves[row]]
        if row in self.renames:
            out["renames"] = [_step_entry("name", s) for s in self.renames[row]]
        return out


_SAME = ("parent", "name", "head", "headcount", "unknown")
_KINDS = (
    "closed",
    "link removed",
    "assignment ended",
    "post closed",
    "created",
    "moved",
    "renamed",
    "post opened",
    "assignment started",
    "link added",
)


def _d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _given(data: Mapping[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    return {k: data[k] for k in keys if data.get(k) is not None}


def _step_entry(key: str, step: tuple[str, Any, str | None]) -> dict[str, Any]:
    start, value, rec = step
    out = {key: value, "valid_from": start}
    if rec is not None:
        out["recorded"] = rec
    return out


def _as_dates(doc: dict[str, Any]) -> None:
    """The dates of a written document as ``datetime.date``: YAML writes them as the
    plain dates a person types (``valid_from: 2026-01-01``), JSON as ISO text."""

    def convert(fact: dict[str, Any]) -> None:
        for key in DATE_KEYS:
            if isinstance(fact.get(key), str):
                fact[key] = _d(fact[key])

    for link in doc.get("links", ()):
        convert(link)
    stack = list(doc["units"])
    while stack:
        unit = stack.pop()
        convert(unit)
        for step in (*unit.get("moves", ()), *unit.get("renames", ())):
            convert(step)
        for post in _posts(unit):
            convert(post)  # type: ignore[arg-type]  # the document's own, new dicts
            for holder in post.get("holders") or ():
                if isinstance(holder, dict):
                    convert(holder)
        stack.extend(unit.get("units", ()))


def _posts(node: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    head = node.get("head")
    return [*((head,) if head else ()), *(node.get("staff") or ())]


def _dated_holders(post: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [h for h in post.get("holders") or () if not isinstance(h, str)]


def _post_events(uid: str, pid: str, post: Mapping[str, Any]) -> list[Event]:
    out: list[Event] = []
    for kind, fact, person in [
        *((("post opened", "post closed"), post, None),),
        *(
            (("assignment started", "assignment ended"), h, h["person"])
            for h in _dated_holders(post)
        ),
    ]:
        rec = _day(fact.get("recorded"))
        for key, name in zip(("valid_from", "valid_to"), kind, strict=True):
            if fact.get(key) is not None:
                out.append(Event(_d(fact[key]), name, uid, post=pid, person=person, recorded=rec))
    return out
