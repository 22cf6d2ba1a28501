"""Time in W3C ORG (RDF): the dated facts of an organisation, written and read back.

A dated fact (a unit, post or link with ``valid_from``/``valid_to``) has an
``og:validDuring`` OWL-Time ``time:Interval``; a holder's assignment is an
``org:Membership`` whose ``org:memberDuring`` is such an interval. An interval's
``time:hasBeginning`` and ``time:hasEnd`` are ``time:Instant`` resources with
``time:inXSDDate``: the beginning is the first day in force (``valid_from``), the end
the first day no longer in force (``valid_to``, exclusive, as in the file format). The
day a fact was recorded is ``og:recorded`` (``xsd:date``).

Changes are ``org:ChangeEvent`` resources (``prov:Activity``) with their day as a
``time:hasTime`` instant and ``prov:startedAtTime``: a unit's creation
(``org:resultingOrganization``, the unit ``org:resultedFrom`` it) and closing
(``org:originalOrganization``, the unit ``org:changedBy`` it), its dated moves (the new
parent as ``og:parent``, or ``og:becomesRoot``) and renames (``og:newName``), and each
entry of the change log (``og:change``: the entry as JSON, its units before and after
as original and resulting organisations). ``og:kind`` says which.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from orggraph.core.document import DATE_KEYS

__all__ = [
    "DATE_KEYS",
    "EVENT_KINDS",
    "PROV_NS",
    "STEP_KEYS",
    "TIME_NS",
    "TimeReader",
    "TimeWriter",
]

TIME_NS = "http://www.w3.org/2006/time#"
PROV_NS = "http://www.w3.org/ns/prov#"
#: The keys of a fact that :class:`TimeWriter` writes (left out of ``og:extra``).
STEP_KEYS = ("moves", "renames")
#: The ``og:kind`` of each ``org:ChangeEvent`` :class:`TimeWriter` writes.
EVENT_KINDS = ("created", "closed", "moved", "renamed", "change")


def _day(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


class TimeWriter:
    """Adds the dated facts of one organisation to a graph being written.

    *namespaces* are the ``org:`` and ``og:`` namespaces, *add* adds a triple, *bnode* makes a blank node, *iri* makes an IRI under the
    organisation's base from a local path (``event/...``), *labels* writes a name's
    literals, *json_literal* a JSON literal."""

    def __init__(
        self,
        lib: Any,
        namespaces: tuple[Any, Any],
        add: Callable[[tuple[Any, Any, Any]], Any],
        bnode: Callable[[], Any],
        iri: Callable[[str], Any],
        labels: Callable[[Any, Any, Any, str], None],
        json_literal: Callable[[Any], Any],
    ) -> None:
        from rdflib.namespace import RDF, XSD

        self.add, self.bnode, self.iri = add, bnode, iri
        self.labels, self.json_literal = labels, json_literal
        self.Literal, self.RDF, self.XSD = lib.Literal, RDF, XSD
        self.TIME, self.PROV = lib.Namespace(TIME_NS), lib.Namespace(PROV_NS)
        self.ORG, self.OG = namespaces

    def date(self, value: Any) -> Any:
        return self.Literal(_day(value).isoformat(), datatype=self.XSD.date)

    def instant(self, value: Any) -> Any:
        node = self.bnode()
        self.add((node, self.RDF.type, self.TIME.Instant))
        self.add((node, self.TIME.inXSDDate, self.date(value)))
        return node

    def dated(self, subject: Any, fact: Mapping[str, Any], *, membership: bool = False) -> None:
        """*fact*'s ``valid_from``/``valid_to`` as an interval of *subject*
        (``org:memberDuring`` for a membership), its ``recorded`` as ``og:recorded``."""
        start, end = fact.get("valid_from"), fact.get("valid_to")
        if start is not None or end is not None:
            interval = self.bnode()
            prop = self.ORG.memberDuring if membership else self.OG.validDuring
            self.add((subject, prop, interval))
            self.add((interval, self.RDF.type, self.TIME.Interval))
            if start is not None:
                self.add((interval, self.TIME.hasBeginning, self.instant(start)))
            if end is not None:
                self.add((interval, self.TIME.hasEnd, self.instant(end)))
        if fact.get("recorded") is not None:
            self.add((subject, self.OG.recorded, self.date(fact["recorded"])))

    def event(self, path: str, kind: str, day: Any, order: int) -> Any:
        """A new ``org:ChangeEvent`` of *kind* on *day*."""
        node = self.iri(path)
        self.add((node, self.RDF.type, self.ORG.ChangeEvent))
        self.add((node, self.OG.kind, self.Literal(kind)))
        self.add((node, self.OG.order, self.Literal(order)))
        if day is not None:
            self.add((node, self.TIME.hasTime, self.instant(day)))
            start = datetime.datetime.combine(_day(day), datetime.time())
            self.add((node, self.PROV.startedAtTime, self.Literal(start)))
        return node

    def unit(self, u: Any, uid: str, slug: str, entry: Mapping[str, Any], unit_iri: Any) -> None:
        """A unit's life and its dated moves and renames (*slug*: its id for IRIs)."""
        ORG, OG = self.ORG, self.OG
        self.dated(u, entry)
        if entry.get("valid_from") is not None:
            ev = self.event(f"event/{slug}-created", "created", entry["valid_from"], 0)
            self.add((ev, ORG.resultingOrganization, u))
            self.add((u, ORG.resultedFrom, ev))
        if entry.get("valid_to") is not None:
            ev = self.event(f"event/{slug}-closed", "closed", entry["valid_to"], 0)
            self.add((ev, ORG.originalOrganization, u))
            self.add((u, ORG.changedBy, ev))
        for key, kind in (("moves", "moved"), ("renames", "renamed")):
            for n, step in enumerate(entry.get(key) or ()):
                ev = self.event(f"event/{slug}-{kind}-{n}", kind, step["valid_from"], n)
                self.add((ev, ORG.originalOrganization, u))
                self.add((ev, ORG.resultingOrganization, u))
                self.add((u, ORG.changedBy, ev))
                if step.get("recorded") is not None:
                    self.add((ev, OG.recorded, self.date(step["recorded"])))
                if kind == "renamed":
                    self.labels(ev, OG.newName, step["name"], f"unit {uid!r}: rename")
                elif step.get("parent") is None:
                    self.add((ev, OG.becomesRoot, self.Literal(True)))
                else:
                    self.add((ev, OG.parent, unit_iri(step["parent"])))

    def change(self, n: int, change: Mapping[str, Any], unit_iri: Callable[[str], Any]) -> None:
        """Entry *n* of the change log: an ``org:ChangeEvent`` on its effective day."""
        day = change.get("effective") or change.get("date")
        try:
            day = None if day is None else _day(day)
        except ValueError:
            day = None  # a free-text date of an old log: kept in og:change only
        ev = self.event(f"change/{n}", "change", day, n)
        self.add((ev, self.OG.change, self.json_literal(change)))
        before = change.get("from") or ([change["unit"]] if change.get("unit") else [])
        for uid in before:
            self.add((ev, self.ORG.originalOrganization, unit_iri(uid)))
        for uid in change.get("into") or ():
            self.add((ev, self.ORG.resultingOrganization, unit_iri(uid)))


class TimeReader:
    """Reads the dated facts :class:`TimeWriter` writes (and ORG's ``org:memberDuring``
    from other sources). *reader* is the RDF reader (its ``ORG`` and ``OG`` namespaces,
    ``one``, ``name``, ``json_of``, ``order_key`` and ``fail``)."""

    def __init__(self, lib: Any, g: Any, reader: Any) -> None:
        from rdflib.namespace import RDF

        self.g, self.r, self.Literal, self.RDF = g, reader, lib.Literal, RDF
        self.TIME, self.PROV = lib.Namespace(TIME_NS), lib.Namespace(PROV_NS)
        self.ORG, self.OG = reader.ORG, reader.OG
        # the events of each unit's steps, read when the unit is (after og:languages,
        # which orders the languages of a rename's name)
        self.steps: dict[Any, dict[str, list[tuple[tuple[float, str], Any]]]] = {}
        self.log: list[tuple[tuple[float, str], Any]] = []
        for ev in sorted(g.subjects(RDF.type, self.ORG.ChangeEvent), key=str):
            self._sort(ev)

    def _sort(self, ev: Any) -> None:
        kinds = sorted(str(k) for k in self.g.objects(ev, self.OG.kind))
        if len(kinds) != 1 or kinds[0] not in EVENT_KINDS:
            given = f"og:kind {', '.join(map(repr, kinds))}" if kinds else "no og:kind"
            raise self.r.fail(
                f"change event {ev.n3()}: {given}; it needs one of {', '.join(EVENT_KINDS)}"
            )
        kind = kinds[0]
        if kind == "change":
            self.log.append((self.r.order_key(ev), ev))
        elif kind in ("moved", "renamed"):
            key = "moves" if kind == "moved" else "renames"
            for u in self.g.objects(ev, self.ORG.originalOrganization):
                self.steps.setdefault(u, {}).setdefault(key, []).append((self.r.order_key(ev), ev))

    def date(self, lit: Any, what: str) -> str:
        value = lit.toPython() if isinstance(lit, self.Literal) else None
        if isinstance(value, datetime.datetime):
            value = value.date()
        if not isinstance(value, datetime.date):
            raise self.r.fail(f"{what}: {str(lit)[:40]!r} is not an xsd:date")
        return value.isoformat()

    def instant_day(self, instant: Any, what: str) -> str | None:
        if instant is None:
            return None
        lit = self.r.one(instant, self.TIME.inXSDDate)
        if lit is None:
            lit = self.r.one(instant, self.TIME.inXSDDateTimeStamp)
        if lit is None:
            raise self.r.fail(f"{what}: the time:Instant {instant.n3()} has no time:inXSDDate")
        return self.date(lit, what)

    def dated(self, subject: Any, what: str, *, membership: bool = False) -> dict[str, Any]:
        """*subject*'s ``valid_from``, ``valid_to`` and ``recorded`` (those given)."""
        out: dict[str, Any] = {}
        prop = self.ORG.memberDuring if membership else self.OG.validDuring
        term = prop.n3(self.g.namespace_manager)
        intervals = sorted(self.g.objects(subject, prop), key=str)
        if len(intervals) > 1:  # keeping one would drop the other's dates
            spans = "; ".join(self._span(i, what) for i in intervals)
            raise self.r.fail(f"{what}: {len(intervals)} {term} intervals ({spans}); give one")
        interval = intervals[0] if intervals else None
        if isinstance(interval, self.Literal):
            raise self.r.fail(
                f"{what}: {term} is the literal {str(interval)[:40]!r}, not a time:Interval "
                "(with time:hasBeginning and time:hasEnd instants)"
            )
        if interval is not None:
            for key, end in (("valid_from", "hasBeginning"), ("valid_to", "hasEnd")):
                day = self.instant_day(self.r.one(interval, self.TIME[end]), what)
                if day is not None:
                    out[key] = day
        recorded = self.r.one(subject, self.OG.recorded)
        if recorded is not None:
            out["recorded"] = self.date(recorded, f"{what}: og:recorded")
        return out

    def _span(self, interval: Any, what: str) -> str:
        """An interval as a message names it: its days, else its node."""
        if isinstance(interval, self.Literal):
            return repr(str(interval)[:40])
        days = [
            self.instant_day(self.r.one(interval, self.TIME[end]), what)
            for end in ("hasBeginning", "hasEnd")
        ]
        if days == [None, None]:
            return f"{interval.n3()}, with no days"
        return f"from {days[0] or 'the start'} to {days[1] or 'no end'}"

    def event_day(self, ev: Any, what: str) -> str | None:
        day = self.instant_day(self.r.one(ev, self.TIME.hasTime), what)
        if day is None:
            started = self.r.one(ev, self.PROV.startedAtTime)
            day = None if started is None else self.date(started, what)
        return day

    def step(self, ev: Any, kind: str) -> dict[str, Any]:
        what = f"change event {ev.n3()}"
        day = self.event_day(ev, what)
        if day is None:
            raise self.r.fail(f"{what}: a {kind} step needs its day (time:hasTime)")
        out: dict[str, Any] = {}
        if kind == "renamed":
            name = self.r.name(ev, self.OG.newName)
            if name is None:
                raise self.r.fail(f"{what}: a rename needs og:newName")
            out["name"] = name
        else:
            parents = sorted(self.g.objects(ev, self.OG.parent), key=str)
            root = [str(x) for x in self.g.objects(ev, self.OG.becomesRoot)]
            if root and root != ["true"]:
                raise self.r.fail(f"{what}: og:becomesRoot is {', '.join(root)}; only true")
            if len(parents) + len(root) != 1:  # a move without either is not to the top
                given = (
                    "both"
                    if parents and root
                    else (f"{len(parents)} og:parent values" if parents else "neither")
                )
                raise self.r.fail(
                    f"{what}: a move needs one og:parent (its new parent) or og:becomesRoot "
                    f"true (it becomes a root); it has {given}"
                )
            out["parent"] = parents[0] if parents else None  # unit_steps maps it to its id
        out["valid_from"] = day
        recorded = self.r.one(ev, self.OG.recorded)
        if recorded is not None:
            out["recorded"] = self.date(recorded, f"{what}: og:recorded")
        return out

    def unit_steps(self, u: Any, ids: Mapping[Any, str], uid: str) -> dict[str, Any]:
        """Unit *u*'s dated ``moves`` and ``renames``, in order."""
        out: dict[str, Any] = {}
        for key, steps in self.steps.get(u, {}).items():
            entries = []
            for _, ev in sorted(steps, key=lambda s: s[0]):
                step = self.step(ev, "moved" if key == "moves" else "renamed")
                if key == "moves":
                    parent = step["parent"]
                    if parent is not None and parent not in ids:
                        raise self.r.fail(
                            f"unit {uid!r}: a move to {parent.n3()}, which is no unit", uid
                        )
                    step["parent"] = None if parent is None else ids[parent]
                entries.append(step)
            out[key] = entries
        return out

    def changes(self) -> list[Any]:
        """The change log: the ``og:change`` of each ``change`` event, in order."""
        out = []
        for _, ev in sorted(self.log, key=lambda e: e[0]):
            entry = self.r.json_of(ev, self.OG.change, f"change event {ev.n3()}")
            if entry is None:
                raise self.r.fail(f"change event {ev.n3()}: og:change is missing")
            out.append(entry)
        return out
