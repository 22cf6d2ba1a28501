"""W3C ORG (the Organization Ontology) as RDF: Turtle and JSON-LD, read and written with
rdflib (``pip install 'orggraph[rdf]'``). Units are ``org:OrganizationalUnit`` (the top
``org:FormalOrganization``), posts ``org:Post``, people ``foaf:Person`` holding posts
(``org:holds``/``org:heldBy``) through an ``org:Membership`` each, links ``og:`` terms.
A dated organisation keeps every date: intervals (``org:memberDuring``,
``og:validDuring``) and ``org:ChangeEvent`` resources, see :mod:`orggraph.io.rdftime`.

>>> import io
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote

from orggraph.core.document import to_dict as _to_dict
from orggraph.errors import MissingDependencyError, OrgError
from orggraph.io.files import output, text_writer
from orggraph.io.flatdoc import TOP_STRUCTURE, json_text, unit_entries
from orggraph.io.rdfcheck import decimal_amount
from orggraph.io.rdftime import DATE_KEYS, PROV_NS, STEP_KEYS, TIME_NS, TimeWriter
from orggraph.names import Name, texts

if TYPE_CHECKING:
    import rdflib

    from orggraph.core.org import Org

__all__ = ["to_jsonld", "to_rdf", "to_turtle"]
RDF_HINT = "pip install 'orggraph[rdf]'"


# -- W3C ORG: Turtle and JSON-LD -------------------------------------------------------------

ORG_NS = "http://www.w3.org/ns/org#"
FOAF_NS = "http://xmlns.com/foaf/0.1/"
OG_NS = "urn:orggraph:vocab#"
"""orggraph's own terms (``og:``) for what ORG has no term for: seats, order, pay..."""


def rdflib_module() -> Any:
    try:
        import rdflib
    except ImportError:
        raise MissingDependencyError(
            f"the W3C ORG formats (Turtle, JSON-LD) need rdflib: {RDF_HINT}"
        ) from None
    return rdflib


def _slug(org: Org) -> str:
    candidates = (
        [org.org_name] if isinstance(org.org_name, str) else list((org.org_name or {}).values())
    )
    for value in candidates:
        slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:40].strip("-")
        if slug:
            return slug
    return "org"


def _base(org: Org, base: str | None) -> str:
    if base is None:
        return f"urn:orggraph:{_slug(org)}:"
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*", base):
        raise OrgError(f"base {base!r} is not an absolute IRI such as https://example.org/org/")
    return base


def _pct(value: str) -> str:
    return quote(value, safe="")


_LOCAL_PREFIXES = {
    "unit": "unit/",
    "post": "post/",
    "resp": "responsibility/",
    "type": "type/",
    "link": "link/",
    "person": "person/",
    "membership": "membership/",
    "role": "role/",
    "event": "event/",
    "change": "change/",
}


class _Terms:
    """The IRIs of one organisation's resources under *base*."""

    def __init__(self, lib: Any, base: str) -> None:
        self.URIRef = lib.URIRef
        self.base = base

    def unit(self, uid: str) -> Any:
        return self.URIRef(f"{self.base}unit/{_pct(uid)}")

    def post(self, uid: str, which: str) -> Any:
        return self.URIRef(f"{self.base}post/{_pct(uid)}-{which}")

    def resp(self, rid: str) -> Any:
        return self.URIRef(f"{self.base}responsibility/{_pct(rid)}")

    def type(self, name: str) -> Any:
        return self.URIRef(f"{self.base}type/{_pct(name)}")

    def link(self, i: int) -> Any:
        return self.URIRef(f"{self.base}link/{i}")

    def person(self, pid: str) -> Any:
        return self.URIRef(f"{self.base}person/{_pct(pid)}")

    def membership(self, uid: str, which: str, n: int) -> Any:
        return self.URIRef(f"{self.base}membership/{_pct(uid)}-{which}-{n}")

    def role(self, uid: str, which: str) -> Any:
        return self.URIRef(f"{self.base}role/{_pct(uid)}-{which}")

    def chart(self) -> Any:
        return self.URIRef(f"{self.base}org")


def _literals(lib: Any, name: Name, what: str) -> list[Any]:
    if isinstance(name, str):
        return [lib.Literal(name)]
    out = []
    for code, value in name.items():
        try:
            out.append(lib.Literal(value, lang=code))
        except ValueError:
            raise OrgError(
                f"{what}: language code {code!r} is not a valid RDF language tag (BCP 47, e.g. zh, en, zh-Hans)"
            ) from None
    return out


def to_rdf(org: Org, *, base: str | None = None, people: bool = True) -> rdflib.Graph:
    """The organisation as an ``rdflib.Graph`` in the W3C ORG vocabulary (needs rdflib).

    Units are ``org:OrganizationalUnit`` (the root ``org:FormalOrganization``) with
    ``org:identifier``, ``skos:prefLabel`` per language, ``org:classification`` (the
    type as a ``skos:Concept``), ``org:subOrganizationOf``/``org:hasSubOrganization``;
    posts are ``org:Post`` with ``org:postIn``, the head's with ``org:headOf``, salaries
    as ``org:remuneration`` (``xsd:integer`` when whole, exact at any size, else
    ``xsd:decimal``; read back exactly); responsibilities are ``skos:Concept``
    linked by ``org:purpose``; dotted lines are ``org:reportsTo`` (unit -> manager),
    collaboration ``org:linkedTo``. People are ``foaf:Person`` (``dcterms:identifier``,
    ``foaf:name`` per language, ``foaf:mbox``, ``og:photo``, ``og:attrs``; a holder
    named only in a post is ``og:implicit``); each holder of a post is an
    ``org:Membership`` (``org:member``, ``org:organization``, ``org:role``: the post's
    ``org:Role``, ``og:post``, the share of time ``og:fte``, ``og:role`` acting, interim
    or secondment, ``og:note``), and the person ``org:holds`` the post, which is
    ``org:heldBy`` them. What ORG has no term for uses ``og:`` (:data:`OG_NS`):
    ``og:seats``, ``og:filled``, ``og:pay``, ``og:salaryBand`` (a band: ``og:min``,
    ``og:max``), ``og:holders`` (the memberships in order; an empty list for a vacant post),
    ``og:order`` (chart order), ``og:purposes`` and ``og:aliases`` (ordered lists),
    ``og:Link`` (a link with its relation and ``og:mutual``), ``og:attrs`` (JSON).
    Unknown figures are left out, never written as 0. A dated organisation is written
    with every dated fact (:mod:`orggraph.io.rdftime`): each unit's first parent as its
    reporting line, lives of units, posts and links as ``og:validDuring`` OWL-Time
    intervals, holders' ``org:memberDuring``, and creations, closings, moves, renames and
    the change log as ``org:ChangeEvent`` resources; it reads back equal, date for date.
    IRIs live under *base* (default
    ``urn:orggraph:<slug of the org's name>:``), ids percent-encoded. ``people=False``
    leaves out the people and the memberships (each post's filled seats stay).
    """
    return _to_rdf(org, base=base, stable=False, people=people)


def _to_rdf(org: Org, *, base: str | None, stable: bool, people: bool = True) -> rdflib.Graph:
    """:func:`to_rdf`; with *stable*, blank nodes are numbered (the same organisation
    gives the same text; such graphs must not be merged with each other)."""
    lib = rdflib_module()
    out = _Writer(lib, _base(org, base), stable)
    data = _to_dict(org, people=people)  # a dated organisation's: every dated fact
    parents, owned = _structure(data)
    out.chart(data, [u for u, p in parents.items() if p is None])
    resolve = _holder_ids(data)
    if people:
        out.people(data, resolve)
    for order, entry in enumerate(unit_entries(data)):
        out.unit(entry, order, parents[entry["id"]], owned.get(entry["id"], []), resolve)
    for order, item in enumerate(data.get("responsibilities", [])):
        out.responsibility(item, order)
    for i, link in enumerate(data.get("links", [])):
        out.link(link, i)
    for n, change in enumerate(data.get("changes", [])):
        out.time.change(n, change, out.t.unit)
    return cast("rdflib.Graph", out.g)


def _structure(data: Mapping[str, Any]) -> tuple[dict[str, str | None], dict[str, list[str]]]:
    """Each unit's parent as the document gives it (by nesting or ``parent:``; for a
    dated organisation its first parent, before any dated move), and the
    responsibilities each unit owns."""
    parents: dict[str, str | None] = {}
    owned: dict[str, list[str]] = {}
    stack: list[tuple[Mapping[str, Any], str | None]] = [(u, None) for u in data.get("units", [])]
    while stack:
        entry, above = stack.pop()
        parents[entry["id"]] = entry.get("parent", above)
        if entry.get("responsibilities"):
            owned[entry["id"]] = list(entry["responsibilities"])
        stack.extend((child, entry["id"]) for child in entry.get("units", []))
    return parents, owned


def _holder_ids(data: Mapping[str, Any]) -> Callable[[Any], str]:
    """The person id each holder stands for, as :mod:`orggraph.core.people` resolves
    them: an assignment's person; a plain text that is a declared id; the one declared
    person of that name; else the text itself (a person named only in posts)."""
    declared = {p["id"] for p in data.get("people") or ()}
    names: dict[str, list[str]] = {}
    for p in data.get("people") or ():
        for t in set(texts(p["name"])):
            names.setdefault(t, []).append(p["id"])

    def resolve(holder: Any) -> str:
        if isinstance(holder, Mapping):
            return str(holder["person"])
        key = str(holder)
        found = names.get(key)
        return key if key in declared or not found or len(found) != 1 else found[0]

    return resolve


def _posts(entry: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    head = entry.get("head")
    return [*((head,) if head else ()), *(entry.get("staff") or ())]


class _Writer:
    """One organisation's graph in the making: a method per kind of resource, each
    adding its triples (see :func:`to_rdf`)."""

    def __init__(self, lib: Any, base: str, stable: bool) -> None:
        from rdflib.collection import Collection
        from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS, XSD

        self.lib, self.stable, self.t = lib, stable, _Terms(lib, base)
        self.Literal, self.Collection = lib.Literal, Collection
        self.ORG, self.OG = lib.Namespace(ORG_NS), lib.Namespace(OG_NS)
        self.RDF, self.SKOS, self.DCTERMS, self.XSD = RDF, SKOS, DCTERMS, XSD
        self.FOAF = FOAF
        self.counter = iter(range(1 << 62))
        self.types_seen: set[str] = set()  # unit types whose skos:Concept is written
        self.g = lib.Graph()
        prefixes = {"org": ORG_NS, "og": OG_NS, "skos": str(SKOS), "dcterms": str(DCTERMS),
                    "foaf": str(FOAF), "time": TIME_NS, "prov": PROV_NS}  # fmt: skip
        prefixes.update({k: f"{base}{v}" for k, v in _LOCAL_PREFIXES.items()})
        for prefix, ns in prefixes.items():
            self.g.bind(prefix, lib.Namespace(ns), override=True, replace=True)
        self.add = self.g.add
        self.time = TimeWriter(
            lib,
            (self.ORG, self.OG),
            self.add,
            self.bnode,
            lambda path: lib.URIRef(base + path),
            self.labels,
            self.json_literal,
        )

    def bnode(self) -> Any:
        return self.lib.BNode(f"b{next(self.counter)}") if self.stable else self.lib.BNode()

    def labels(self, subject: Any, prop: Any, name: Name | None, what: str) -> None:
        if name is not None:
            for lit in _literals(self.lib, name, what):
                self.add((subject, prop, lit))

    def json_literal(self, value: Any) -> Any:
        return self.Literal(json_text(value), datatype=self.RDF.JSON)

    def rdf_list(self, subject: Any, prop: Any, items: Sequence[Any]) -> None:
        if not items:
            self.add((subject, prop, self.RDF.nil))
            return
        head = self.bnode()
        self.Collection(self.g, head, list(items))
        self.add((subject, prop, head))

    def chart(self, data: Mapping[str, Any], roots: Sequence[str]) -> None:
        """The organisation itself: an ``og:OrgChart`` with its name, languages, data, roots."""
        add, OG, Literal = self.add, self.OG, self.Literal
        chart = self.t.chart()
        add((chart, self.RDF.type, OG.OrgChart))
        self.labels(chart, self.SKOS.prefLabel, data.get("org"), "the organisation's name")
        if data.get("lang"):
            self.rdf_list(chart, OG.languages, [Literal(code) for code in data["lang"]])
        if data.get("attrs"):
            add((chart, OG.attrs, self.json_literal(data["attrs"])))
        extra = {
            k: v
            for k, v in data.items()
            if k not in (*TOP_STRUCTURE, "org", "lang", "attrs", "people", "changes")
        }
        if extra:
            add((chart, OG.extra, self.json_literal(extra)))
        for r in roots:
            add((chart, OG.root, self.t.unit(r)))

    def unit(
        self,
        entry: Mapping[str, Any],
        order: int,
        parent: str | None,
        rids: Sequence[str],
        resolve: Callable[[Any], str],
    ) -> None:
        """A unit: its reporting line (*parent*: the first, for a dated unit), type, names,
        aliases, posts (*resolve*: each holder's person id), responsibilities (*rids*),
        data, and its dated facts (:class:`~orggraph.io.rdftime.TimeWriter`)."""
        add, ORG, OG, SKOS, Literal, t = (
            self.add,
            self.ORG,
            self.OG,
            self.SKOS,
            self.Literal,
            self.t,
        )
        uid = entry["id"]
        u = t.unit(uid)
        add(
            (u, self.RDF.type, ORG.FormalOrganization if parent is None else ORG.OrganizationalUnit)
        )
        add((u, ORG.identifier, Literal(uid)))
        self.labels(u, SKOS.prefLabel, entry["name"], f"unit {uid!r}")
        add((u, OG.order, Literal(order)))
        if parent is not None:
            add((u, ORG.subOrganizationOf, t.unit(parent)))
            add((t.unit(parent), ORG.hasSubOrganization, u))
        if entry.get("type") is not None:
            add((u, ORG.classification, self.unit_type(entry["type"])))
        self.labels(
            u, self.DCTERMS.description, entry.get("description"), f"unit {uid!r}: description"
        )
        aliases = entry.get("aliases") or []
        if aliases:
            nodes = []
            for alias in aliases:
                node = self.bnode()
                self.labels(node, SKOS.prefLabel, alias, f"unit {uid!r}: alias")
                self.labels(u, SKOS.altLabel, alias, f"unit {uid!r}: alias")
                nodes.append(node)
            self.rdf_list(u, OG.aliases, nodes)
        if entry.get("head"):
            add((self.post(uid, "head", entry["head"], None, resolve), ORG.headOf, u))
        for i, p in enumerate(entry.get("staff") or []):
            self.post(uid, f"staff-{i}", p, i, resolve)
        self.time.unit(u, uid, _pct(uid), entry, t.unit)
        for rid in rids:
            add((u, ORG.purpose, t.resp(rid)))
        if rids:
            self.rdf_list(u, OG.purposes, [t.resp(rid) for rid in rids])
        if entry.get("attrs"):
            add((u, OG.attrs, self.json_literal(entry["attrs"])))
        more = {k: v for k, v in entry.items() if k not in (
            "id", "name", "type", "description", "aliases", "head", "staff", "attrs",
            *DATE_KEYS, *STEP_KEYS)}  # fmt: skip
        if more:
            add((u, OG.extra, self.json_literal(more)))

    def unit_type(self, unit_type: str) -> Any:
        """The ``skos:Concept`` of a unit type, written the first time it is used."""
        concept = self.t.type(unit_type)
        if unit_type not in self.types_seen:
            self.types_seen.add(unit_type)
            self.add((concept, self.RDF.type, self.SKOS.Concept))
            self.add((concept, self.SKOS.prefLabel, self.Literal(unit_type)))
        return concept

    def post(
        self,
        uid: str,
        which: str,
        p: Mapping[str, Any],
        order: int | None,
        resolve: Callable[[Any], str],
    ) -> Any:
        """A post of unit *uid*: title, seats, filled, salary, pay, holders (*resolve*:
        the person id each stands for), data, the days it is in force."""
        add, ORG, OG, Literal, t = self.add, self.ORG, self.OG, self.Literal, self.t
        node = t.post(uid, which)
        add((node, self.RDF.type, ORG.Post))
        self.labels(node, self.SKOS.prefLabel, p["title"], f"unit {uid!r}: post title")
        add((node, ORG.postIn, t.unit(uid)))
        add((t.unit(uid), ORG.hasPost, node))
        seats = p.get("seats", 1)
        if seats is not None:
            add((node, OG.seats, Literal(seats)))
        if p.get("filled") is not None:
            add((node, OG.filled, Literal(p["filled"])))
        salary = p.get("salary")
        if isinstance(salary, Mapping):  # a band: its known ends, and no single remuneration
            band = self.bnode()
            add((node, OG.salaryBand, band))
            for end in ("min", "max"):
                if salary.get(end) is not None:
                    add((band, OG[end], self.amount(salary[end])))
        elif salary is not None:
            add((node, ORG.remuneration, self.amount(salary)))
        if p.get("pay") is not None:
            add((node, OG.pay, Literal(p["pay"])))
        if p.get("holders") is not None:
            self.memberships(uid, which, node, p, [resolve(h) for h in p["holders"]])
        if order is not None:
            add((node, OG.order, Literal(order)))
        self.time.dated(node, p)
        more = {
            k: v
            for k, v in p.items()
            if k not in ("title", "seats", "filled", "salary", "pay", "holders", *DATE_KEYS)
        }
        if more:
            add((node, OG.extra, self.json_literal(more)))
        return node

    def amount(self, value: int | float) -> Any:
        lexical, xsd_type = decimal_amount(value)
        return self.Literal(lexical, datatype=self.XSD[xsd_type])

    def people(self, data: Mapping[str, Any], resolve: Callable[[Any], str]) -> None:
        """Everyone in the organisation: the declared people in order (``og:order``), then
        those named only in posts (``og:implicit``; of a dated organisation, at any date)."""
        add, FOAF, OG, Literal = self.add, self.FOAF, self.OG, self.Literal
        declared = {p["id"]: (n, p) for n, p in enumerate(data.get("people") or [])}
        everyone = dict.fromkeys(declared)
        for entry in unit_entries(data):
            for post in _posts(entry):
                everyone.update((resolve(h), None) for h in post.get("holders") or ())
        for pid in everyone:
            node = self.t.person(pid)
            add((node, self.RDF.type, FOAF.Person))
            add((node, self.DCTERMS.identifier, Literal(pid)))
            if pid not in declared:
                add((node, FOAF.name, Literal(pid)))
                add((node, OG.implicit, Literal(True)))
                continue
            order, p = declared[pid]
            add((node, OG.order, Literal(order)))
            self.labels(node, FOAF.name, p["name"], f"person {pid!r}")
            if p.get("email") is not None:
                mailbox = "mailto:" + quote(p["email"], safe="@!$&'()*+,;=:._~-")
                add((node, FOAF.mbox, self.lib.URIRef(mailbox)))
            if p.get("photo") is not None:
                add((node, OG.photo, Literal(p["photo"])))
            if p.get("attrs"):
                add((node, OG.attrs, self.json_literal(p["attrs"])))

    def memberships(
        self, uid: str, which: str, post: Any, p: Mapping[str, Any], held: Sequence[str]
    ) -> None:
        """The holders of a post, each an ``org:Membership``, listed in order on the post
        (``og:holders``); the post's ``org:Role`` (its title) is their role."""
        add, ORG, OG, Literal, t = self.add, self.ORG, self.OG, self.Literal, self.t
        role = t.role(uid, which)
        add((role, self.RDF.type, ORG.Role))
        self.labels(role, self.SKOS.prefLabel, p["title"], f"unit {uid!r}: post title")
        add((post, ORG.role, role))
        nodes = []
        for n, (holder, person) in enumerate(zip(p["holders"], held, strict=True)):
            m = t.membership(uid, which, n)
            nodes.append(m)
            who = t.person(person)
            add((m, self.RDF.type, ORG.Membership))
            add((m, ORG.member, who))
            add((m, ORG.organization, t.unit(uid)))
            add((m, ORG.role, role))
            add((m, OG.post, post))
            add((who, ORG.holds, post))
            add((post, ORG.heldBy, who))
            if not isinstance(holder, Mapping):
                add((m, OG.holderText, Literal(holder)))  # as written: a name or an id
                continue
            self.time.dated(m, holder, membership=True)
            if holder.get("fte") is not None:
                add((m, OG.fte, self.amount(holder["fte"])))
            if holder.get("role") is not None:
                add((m, OG.role, Literal(holder["role"])))
            self.labels(m, OG.note, holder.get("note"), f"unit {uid!r}: holder note")
        self.rdf_list(post, OG.holders, nodes)

    def responsibility(self, item: Mapping[str, Any], order: int) -> None:
        """A responsibility: a ``skos:Concept`` with its notation (the id) and names."""
        add, SKOS = self.add, self.SKOS
        r = self.t.resp(item["id"])
        add((r, self.RDF.type, SKOS.Concept))
        add((r, self.RDF.type, self.OG.Responsibility))
        add((r, SKOS.notation, self.Literal(item["id"])))
        what = f"responsibility {item['id']!r}"
        self.labels(r, SKOS.prefLabel, item["name"], what)
        self.labels(r, self.DCTERMS.description, item.get("description"), what)
        add((r, self.OG.order, self.Literal(order)))

    def link(self, link: Mapping[str, Any], i: int) -> None:
        """A link: ``org:reportsTo`` or ``org:linkedTo``, and an ``og:Link`` with all of it."""
        add, ORG, OG, Literal = self.add, self.ORG, self.OG, self.Literal
        a, b = self.t.unit(link["from"]), self.t.unit(link["to"])
        if link["kind"] == "dotted":  # manager -> unit; ORG says the unit reportsTo the manager
            add((b, ORG.reportsTo, a))
        else:
            add((a, ORG.linkedTo, b))
        node = self.t.link(i)
        add((node, self.RDF.type, OG.Link))
        add((node, OG.kind, Literal(link["kind"])))
        add((node, OG.source, a))
        add((node, OG.target, b))
        add((node, OG.order, Literal(i)))
        self.labels(node, OG.relation, link.get("relation"), f"link #{i + 1}: relation")
        if link.get("mutual"):
            add((node, OG.mutual, Literal(True)))
        self.time.dated(node, link)


JSONLD_CONTEXT = {
    "org": ORG_NS,
    "og": OG_NS,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "foaf": FOAF_NS,
    "time": TIME_NS,
    "prov": PROV_NS,
}


@text_writer
def to_turtle(
    org: Org,
    path: str | os.PathLike[str] | None = None,
    *,
    base: str | None = None,
    people: bool = True,
) -> str | Path:
    """The W3C ORG description (:func:`to_rdf`) as Turtle. Returns the text, or writes
    *path*; ``people=False`` leaves personal data out.

    >>> import orggraph as og
    >>> ttl = to_turtle(og.loads("units: [{id: a, name: {en: A & B}, head: {title: Boss, salary: 100}}]"))
    >>> "unit:a a org:FormalOrganization" in ttl, '"A & B"@en' in ttl, "org:remuneration 100 " in ttl
    (True, True, True)
    >>> import io
    >>> from orggraph.io.rdfread import from_turtle
    >>> from_turtle(io.StringIO(ttl)).name("a")
    'A & B'
    """
    graph = _to_rdf(org, base=base, stable=True, people=people)
    return output(graph.serialize(format="turtle"), path)


@text_writer
def to_jsonld(
    org: Org,
    path: str | os.PathLike[str] | None = None,
    *,
    base: str | None = None,
    people: bool = True,
) -> str | Path:
    """The W3C ORG description (:func:`to_rdf`) as JSON-LD with an inline ``@context``.
    Returns the text, or writes *path*; ``people=False`` leaves personal data out."""
    base = _base(org, base)
    g = _to_rdf(org, base=base, stable=True, people=people)
    context = {**JSONLD_CONTEXT, **{k: f"{base}{v}" for k, v in _LOCAL_PREFIXES.items()}}
    content = g.serialize(format="json-ld", context=context, indent=2, ensure_ascii=False)
    data = _stable(json.loads(content))
    return output(json.dumps(data, ensure_ascii=False, indent=2) + "\n", path)


def _stable(node: Any) -> Any:
    """JSON-LD with its unordered arrays sorted (the same organisation, the same text);
    ``@list`` arrays keep their order."""
    if isinstance(node, dict):
        return {
            k: [_stable(x) for x in v] if k == "@list" and isinstance(v, list) else _stable(v)
            for k, v in node.items()
        }
    if isinstance(node, list):
        items = [_stable(x) for x in node]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))
    return node
