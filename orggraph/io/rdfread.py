"""Reading W3C ORG (RDF): Turtle and JSON-LD into an Org, every problem located."""

from __future__ import annotations

import json
import math
import re
import warnings
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from orggraph.errors import ParseError
from orggraph.io.files import read_input
from orggraph.io.flatdoc import TOP_STRUCTURE, build, figure_number, graph_errors
from orggraph.io.nodelink import JsonPlace, load_json
from orggraph.io.parse import decode, reject_surrogates
from orggraph.io.rdf import OG_NS, ORG_NS, rdflib_module
from orggraph.io.rdfcheck import check_iris, check_jsonld, n3, turtle_error
from orggraph.io.rdftime import TimeReader
from orggraph.names import Name

if TYPE_CHECKING:
    import rdflib

    from orggraph.core.org import Org
    from orggraph.io.registry import Source

__all__ = ["from_jsonld", "from_rdf", "from_turtle"]


def _parse_rdf(raw: bytes, fmt: str, file: str | None) -> rdflib.Graph:
    lib = rdflib_module()
    what = "Turtle" if fmt == "turtle" else "JSON-LD"
    content = decode(raw, file=file)
    reject_surrogates(content, file=file, escapes="json" if fmt == "json-ld" else "turtle")
    if fmt == "json-ld":
        data = load_json(content, file)
        check_contexts(data, file)
        check_jsonld(data, JsonPlace(content, file))
    g = lib.Graph()
    with graph_errors(what, file), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's own JSON-LD parser
        try:
            g.parse(data=content, format=fmt)
        except Exception as exc:
            located = turtle_error(exc, content, file) if fmt == "turtle" else None
            if located is None:
                raise  # graph_errors says what it can
            raise located from None
    check_iris(g, lib.URIRef, content, what, file)
    return g  # type: ignore[no-any-return]


def check_contexts(node: Any, file: str | None) -> None:
    """Refuse remote JSON-LD contexts: reading a file must not fetch anything."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in ("@context", "@import") and _has_reference(value):
                    raise ParseError(
                        "remote JSON-LD contexts are not fetched; inline the @context",
                        file=file,
                    )
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)


def _has_reference(context: Any) -> bool:
    if isinstance(context, str):
        return True
    if isinstance(context, list):
        return any(_has_reference(c) for c in context)
    return isinstance(context, dict) and "@import" in context


def from_rdf(g: rdflib.Graph, *, file: str | None = None) -> Org:
    """The organisation in an ``rdflib.Graph`` using the W3C ORG vocabulary: what
    :func:`to_rdf` writes reads back equal; other ORG data is read as far as it goes
    (units typed ``org:OrganizationalUnit``, ``org:FormalOrganization`` or
    ``org:Organization``; reporting lines from ``org:subOrganizationOf``,
    ``org:hasSubOrganization``, ``org:unitOf`` or ``org:hasUnit``; links from
    ``org:reportsTo`` and ``org:linkedTo`` when there are no ``og:Link`` resources;
    posts without ``og:seats`` have unknown seats; people typed ``foaf:Person``, and
    each post's holders from its ``og:holders`` memberships, else the people it is
    ``org:heldBy``)."""
    read = _Reader(g, file)
    top = read.chart()
    changes = read.time.changes()
    if changes:
        top["changes"] = changes
    declared = read.people()
    if declared:
        top["people"] = declared
    ids = read.unit_ids()
    parents = read.parents(ids)
    resp_ids, resp = read.responsibilities()
    place: dict[tuple[str, int], str] = {}  # ("units", 3) -> the resource, for messages
    units, owned = read.units(ids, resp_ids, place)
    links = read.links(ids, place)
    if not units:
        raise read.fail(
            "no units found (resources typed org:OrganizationalUnit or org:FormalOrganization)"
        )

    def where(loc: tuple[int | str, ...]) -> str | None:
        return (
            place.get((str(loc[0]), loc[1])) if len(loc) >= 2 and isinstance(loc[1], int) else None
        )

    return build(top, units, parents, owned, resp, links, file=file, where=where)


class _Reader:
    """Reads of one graph in the W3C ORG vocabulary, each problem a ParseError naming
    the file. The steps of :func:`from_rdf` come first, then the reads of single values."""

    def __init__(self, g: rdflib.Graph, file: str | None) -> None:
        lib = rdflib_module()
        from rdflib.collection import Collection
        from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

        self.g, self.file = g, file
        self.Literal, self.Collection = lib.Literal, Collection
        self.ORG, self.OG = lib.Namespace(ORG_NS), lib.Namespace(OG_NS)
        self.RDF, self.RDFS, self.SKOS, self.DCTERMS, self.XSD = RDF, RDFS, SKOS, DCTERMS, XSD
        self.FOAF = FOAF
        self.person_ids: dict[Any, str] = {}  # each person resource's id
        self.languages: list[str] = []  # the order of a name's languages (og:languages)
        self.time = TimeReader(lib, g, self)  # dated facts and change events
        self.ids: Mapping[Any, str] = {}  # each unit resource's id, once read

    # -- the steps of from_rdf ------------------------------------------------------------

    def chart(self) -> dict[str, Any]:
        """The organisation's own data, from its ``og:OrgChart`` (there is at most one)."""
        OG = self.OG
        top: dict[str, Any] = {}
        charts = sorted(self.g.subjects(self.RDF.type, OG.OrgChart), key=str)
        if len(charts) > 1:
            raise self.fail(
                f"the graph describes {len(charts)} organisations (og:OrgChart); give one"
            )
        if not charts:
            return top
        chart = charts[0]
        langs = self.listed(chart, OG.languages)
        if langs:
            self.languages[:] = [str(x) for x in langs]
            top["lang"] = list(self.languages)
        org_name = self.label(chart)
        if org_name is not None:
            top["org"] = org_name
        attrs = self.json_of(chart, OG.attrs, "the organisation")
        if attrs is not None:
            top["attrs"] = attrs
        more = self.json_of(chart, OG.extra, "the organisation")
        if isinstance(more, dict):
            top.update(
                {k: v for k, v in more.items() if k not in (*TOP_STRUCTURE, "org", "lang", "attrs")}
            )
        return top

    def people(self) -> list[dict[str, Any]]:
        """The declared people (``foaf:Person`` resources not marked ``og:implicit``) in
        their order, each resource's id (``dcterms:identifier``, else the end of its IRI)
        kept for the holders of posts."""
        FOAF, OG = self.FOAF, self.OG
        declared: list[dict[str, Any]] = []
        persons = set(self.g.subjects(self.RDF.type, FOAF.Person))
        for node in sorted(persons, key=self.order_key):
            ident = self.one(node, self.DCTERMS.identifier)
            pid = self.person_ids[node] = str(ident) if ident is not None else self.tail(node)
            implicit = self.one(node, OG.implicit)
            if isinstance(implicit, self.Literal) and implicit.toPython() is True:
                continue
            what = f"person {pid!r}"
            entry: dict[str, Any] = {"id": pid, "name": self.name(node, FOAF.name) or pid}
            mailbox = self.one(node, FOAF.mbox)
            if mailbox is not None:
                entry["email"] = unquote(str(mailbox).removeprefix("mailto:"))
            photo = self.one(node, OG.photo)
            if photo is not None:
                entry["photo"] = str(photo)
            attrs = self.json_of(node, OG.attrs, what)
            if attrs is not None:
                entry["attrs"] = attrs
            declared.append(entry)
        return declared

    def unit_ids(self) -> dict[Any, str]:
        """Every unit resource and its id (``org:identifier``, else the end of its IRI)."""
        ORG, Literal = self.ORG, self.Literal
        unit_nodes: set[Any] = set()
        for cls in (ORG.OrganizationalUnit, ORG.FormalOrganization, ORG.Organization):
            unit_nodes.update(
                s for s in self.g.subjects(self.RDF.type, cls) if not isinstance(s, Literal)
            )
        ids: dict[Any, str] = {}
        for u in unit_nodes:
            lit = self.one(u, ORG.identifier)
            ids[u] = str(lit) if lit is not None else self.tail(u)
        by_id: dict[str, Any] = {}
        for u, uid in ids.items():
            if uid in by_id:
                raise self.fail(f"two units have the id {uid!r}: {n3(by_id[uid])} and {n3(u)}", uid)
            by_id[uid] = u
        self.ids = ids
        return ids

    def parents(self, ids: Mapping[Any, str]) -> dict[str, str]:
        """Each unit's parent, from either side of ORG's two kinds of reporting line."""
        ORG = self.ORG
        parents: dict[str, str] = {}
        for child_prop, parent_prop in (
            (ORG.subOrganizationOf, ORG.hasSubOrganization),
            (ORG.unitOf, ORG.hasUnit),
        ):
            pairs = [(c, p) for c, p in self.g.subject_objects(child_prop)]
            pairs += [(c, p) for p, c in self.g.subject_objects(parent_prop)]
            for c, p in pairs:
                if c in ids and p in ids:
                    cid, pid = ids[c], ids[p]
                    if parents.setdefault(cid, pid) != pid:
                        raise self.fail(
                            f"unit {cid!r} has two reporting lines ({parents[cid]!r} and {pid!r})",
                            cid,
                        )
        return parents

    def responsibilities(self) -> tuple[dict[Any, str], list[dict[str, Any]]]:
        """The responsibilities (``org:purpose`` objects, ``og:Responsibility``): each
        resource's id, and their entries in chart order."""
        SKOS = self.SKOS
        nodes = set(self.g.objects(None, self.ORG.purpose))
        nodes |= set(self.g.subjects(self.RDF.type, self.OG.Responsibility))
        resp_ids: dict[Any, str] = {}
        resp: list[dict[str, Any]] = []
        for r in sorted(nodes, key=self.order_key):
            notation = self.one(r, SKOS.notation)
            rid = str(notation) if notation is not None else self.tail(r)
            resp_ids[r] = rid
            item: dict[str, Any] = {"id": rid, "name": self.label(r) or rid}
            description = self.name(r, self.DCTERMS.description)
            if description is not None:
                item["description"] = description
            resp.append(item)
        return resp_ids, resp

    def units(
        self, ids: Mapping[Any, str], resp_ids: Mapping[Any, str], place: dict[tuple[str, int], str]
    ) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
        """The unit entries in chart order (their resources in *place*), and the
        responsibilities each unit owns."""
        units: list[dict[str, Any]] = []
        owned: dict[str, list[str]] = {}
        for u in sorted(ids, key=self.order_key):
            entry, rids = self.unit(u, ids[u], resp_ids)
            if rids:
                owned[ids[u]] = rids
            place[("units", len(units))] = n3(u)
            units.append(entry)
        return units, owned

    def unit(
        self, u: Any, uid: str, resp_ids: Mapping[Any, str]
    ) -> tuple[dict[str, Any], list[str]]:
        """One unit's entry (its name, type, description, aliases, posts and data) and
        the responsibilities it owns."""
        ORG, OG, SKOS = self.ORG, self.OG, self.SKOS
        what = f"unit {uid!r}"
        entry: dict[str, Any] = {"id": uid, "name": self.label(u) or uid}
        concept = self.one(u, ORG.classification)
        if concept is not None:
            label = self.one(concept, SKOS.prefLabel) or self.one(concept, SKOS.notation)
            entry["type"] = str(label) if label is not None else self.tail(concept)
        description = self.name(u, self.DCTERMS.description)
        if description is not None:
            entry["description"] = description
        aliases = self.aliases(u)
        if aliases is not None:
            entry["aliases"] = aliases
        posts = set(self.g.subjects(ORG.postIn, u)) | set(self.g.objects(u, ORG.hasPost))
        heads = sorted((p for p in posts if (p, ORG.headOf, u) in self.g), key=str)
        if len(heads) > 1:
            raise self.fail(f"{what} has {len(heads)} head posts (org:headOf)", uid)
        if heads:
            entry["head"] = self.post(heads[0], f"{what}: head")
        staff = sorted((p for p in posts if p not in heads), key=self.order_key)
        if staff:
            entry["staff"] = [self.post(p, f"{what}: staff post {n3(p)}") for p in staff]
        purposes = self.listed(u, OG.purposes)
        if purposes is None:
            purposes = sorted(self.g.objects(u, ORG.purpose), key=self.order_key)
        rids = [resp_ids.get(r, self.tail(r)) for r in purposes]
        attrs = self.json_of(u, OG.attrs, what)
        if attrs is not None:
            entry["attrs"] = attrs
        entry.update(self.time.dated(u, what))
        entry.update(self.time.unit_steps(u, self.ids, uid))
        more = self.json_of(u, OG.extra, what)
        if isinstance(more, dict):
            entry.update({k: v for k, v in more.items() if k not in entry})
        return entry, rids

    def aliases(self, u: Any) -> list[Name] | None:
        """A unit's aliases: ``og:aliases`` in order, else its ``skos:altLabel`` values."""
        alias_nodes = self.listed(u, self.OG.aliases)
        if alias_nodes is not None:
            return [self.name(a, self.SKOS.prefLabel) or "" for a in alias_nodes]
        alt = sorted(
            (o for o in self.g.objects(u, self.SKOS.altLabel) if isinstance(o, self.Literal)),
            key=str,
        )
        return [{str(o.language): str(o)} if o.language else str(o) for o in alt] or None

    def post(self, p: Any, what: str) -> dict[str, Any]:
        """One post: its title, seats, filled seats, salary, pay scheme, holders, data."""
        ORG, OG = self.ORG, self.OG
        out: dict[str, Any] = {"title": self.label(p) or self.tail(p)}
        out["seats"] = self.integer(p, OG.seats, what)
        filled = self.integer(p, OG.filled, what)
        if filled is not None:
            out["filled"] = filled
        pay = self.one(p, ORG.remuneration)
        if pay is not None:
            out["salary"] = self.amount(pay, what)
        band = self.one(p, OG.salaryBand)
        if band is not None:
            ends = {end: self.one(band, OG[end]) for end in ("min", "max")}
            out["salary"] = {
                k: None if v is None else self.amount(v, what) for k, v in ends.items()
            }
        scheme = self.one(p, OG.pay)
        if scheme is not None:
            out["pay"] = str(scheme)
        holders = self.holders(p, what)
        if holders is not None:
            out["holders"] = holders
        out.update(self.time.dated(p, what))
        more = self.json_of(p, OG.extra, what)
        if isinstance(more, dict):
            out.update(more)
        return out

    def holders(self, p: Any, what: str) -> list[Any] | None:
        """A post's holders: its ``og:holders`` list (memberships, or names as text in
        older files; empty: vacant), else the people it is ``org:heldBy`` (none: unknown)."""
        listed = self.listed(p, self.OG.holders)
        if listed is None:
            held = sorted(self.g.objects(p, self.ORG.heldBy), key=str)
            return [self.person_ids.get(h, self.tail(h)) for h in held] or None
        return [self.holder(m, what) for m in listed]

    def holder(self, m: Any, what: str) -> Any:
        """One holder: the text a plain holder was written as, else an assignment."""
        OG = self.OG
        if isinstance(m, self.Literal):
            return str(m)
        written = self.one(m, OG.holderText)
        if written is not None:
            return str(written)
        member = self.one(m, self.ORG.member)
        if member is None:
            raise self.fail(f"{what}: the membership {n3(m)} has no org:member")
        out: dict[str, Any] = {"person": self.person_ids.get(member, self.tail(member))}
        fte = self.one(m, OG.fte)
        if fte is not None:
            value = fte.toPython() if isinstance(fte, self.Literal) else None
            if isinstance(value, Decimal):
                value = figure_number(float(value))
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise self.fail(f"{what}: og:fte {str(fte)[:40]!r} is not a number")
            out["fte"] = value
        role = self.one(m, OG.role)
        if role is not None:
            out["role"] = str(role)
        note = self.name(m, OG.note)
        if note is not None:
            out["note"] = note
        out.update(self.time.dated(m, f"{what}: membership {n3(m)}", membership=True))
        return out

    def links(
        self, ids: Mapping[Any, str], place: dict[tuple[str, int], str]
    ) -> list[dict[str, Any]]:
        """The ``og:Link`` resources in chart order (in *place*); without any, the
        links ``org:reportsTo`` (dotted) and ``org:linkedTo`` (collaboration) make."""
        ORG, OG = self.ORG, self.OG
        links: list[dict[str, Any]] = []
        link_nodes = sorted(self.g.subjects(self.RDF.type, OG.Link), key=self.order_key)
        for node in link_nodes:
            kind, src, dst = (
                self.one(node, OG.kind),
                self.one(node, OG.source),
                self.one(node, OG.target),
            )
            if kind is None or src not in ids or dst not in ids:
                raise self.fail(f"link {n3(node)} needs og:kind, og:source and og:target units")
            link: dict[str, Any] = {"kind": str(kind), "from": ids[src], "to": ids[dst]}
            relation = self.name(node, OG.relation)
            if relation is not None:
                link["relation"] = relation
            mutual = self.one(node, OG.mutual)
            if mutual is not None and mutual.toPython() is True:
                link["mutual"] = True
            link.update(self.time.dated(node, f"link {n3(node)}"))
            place[("links", len(links))] = n3(node)
            links.append(link)
        if not link_nodes:
            for unit, manager in sorted(self.g.subject_objects(ORG.reportsTo), key=str):
                if unit in ids and manager in ids:
                    links.append({"kind": "dotted", "from": ids[manager], "to": ids[unit]})
            for a, b in sorted(self.g.subject_objects(ORG.linkedTo), key=str):
                if a in ids and b in ids:
                    links.append({"kind": "collaboration", "from": ids[a], "to": ids[b]})
        return links

    # -- reads of single values -----------------------------------------------------------

    def fail(self, message: str, *ids: str) -> ParseError:
        return ParseError(message, file=self.file, ids=ids)

    def one(self, subject: Any, prop: Any) -> Any:
        values = sorted(self.g.objects(subject, prop), key=str)
        return values[0] if values else None

    @staticmethod
    def tail(node: Any) -> str:
        value = str(node)
        return unquote(re.split(r"[/#:]", value.rstrip("/#:"))[-1]) or value

    def integer(self, subject: Any, prop: Any, what: str) -> int | None:
        lit = self.one(subject, prop)
        if lit is None:
            return None
        value = lit.toPython() if isinstance(lit, self.Literal) else None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(
                f"{what}: {prop.n3(self.g.namespace_manager)} must be a whole number, not {str(lit)!r}"
            )
        return value

    def amount(self, lit: Any, what: str) -> int | float:
        """org:remuneration: xsd:integer and whole xsd:decimal values exactly (as ints),
        xsd:double and xsd:float as floats (whole ones below 2**53 as ints)."""
        try:
            amount = Decimal(str(lit).strip())
        except InvalidOperation:
            amount = Decimal("NaN")
        value: int | float | None = None
        if not amount.is_finite():
            pass
        elif getattr(lit, "datatype", None) in (self.XSD.double, self.XSD.float):
            value = float(amount)  # inf when beyond a float's range
            value = figure_number(value) if math.isfinite(value) else None
        else:
            value = _exact_number(amount)
        if value is None:
            raise self.fail(f"{what}: org:remuneration {str(lit)[:40]!r} is not a finite number")
        return value

    def listed(self, subject: Any, prop: Any) -> list[Any] | None:
        head = self.one(subject, prop)
        if head is None:
            return None
        try:
            return list(self.Collection(self.g, head))
        except Exception:
            raise self.fail(
                f"{prop.n3(self.g.namespace_manager)} of {n3(subject)} is not an RDF list"
            ) from None

    def label(self, subject: Any) -> Name | None:
        return self.name(subject, self.SKOS.prefLabel, self.RDFS.label)

    def name(self, subject: Any, *props: Any) -> Name | None:
        """The first of *props* with literals: the language-tagged ones as a name in
        ``og:languages`` order, else the first plain one."""
        for prop in props:
            lits = [o for o in self.g.objects(subject, prop) if isinstance(o, self.Literal)]
            tagged = {str(o.language): str(o) for o in sorted(lits, key=str) if o.language}
            if tagged:
                rank = {code.lower(): i for i, code in enumerate(self.languages)}
                codes = sorted(tagged, key=lambda c: (rank.get(c.lower(), len(rank)), c))
                return {code: tagged[code] for code in codes}
            plain = sorted(str(o) for o in lits)
            if plain:
                return plain[0]
        return None

    def json_of(self, subject: Any, prop: Any, what: str) -> Any:
        lit = self.one(subject, prop)
        if lit is None:
            return None
        try:
            return json.loads(str(lit))
        except ValueError:
            raise self.fail(f"{what}: {prop.n3(self.g.namespace_manager)} is not JSON") from None

    def order_key(self, node: Any) -> tuple[float, str]:
        """Chart order: ``og:order``, then the IRI (resources without one come last)."""
        lit = self.one(node, self.OG.order)
        value = lit.toPython() if isinstance(lit, self.Literal) else None
        return (
            value if isinstance(value, int) and not isinstance(value, bool) else float("inf"),
            str(node),
        )


def _exact_number(amount: Decimal) -> int | float | None:
    """A decimal as an int when whole (exactly: ``9007199254740993`` stays that), else a
    float; ``None`` when it is not finite or beyond a float's range."""
    if not amount.is_finite() or amount.adjusted() > 308:
        return None
    if amount == amount.to_integral_value():
        return int(amount)
    value = float(amount)
    return value if math.isfinite(value) else None


def from_turtle(source: Source, *, max_bytes: int | None = None) -> Org:
    """Read W3C ORG Turtle (a path or an open file); see :func:`from_rdf`."""
    raw, file = read_input(source, "from_turtle", max_bytes)
    graph = _parse_rdf(raw, "turtle", file)
    with graph_errors("Turtle", file):  # rdflib raises bare Exceptions on odd IRIs
        return from_rdf(graph, file=file)


def from_jsonld(source: Source, *, max_bytes: int | None = None) -> Org:
    """Read W3C ORG JSON-LD (a path or an open file); remote ``@context`` references
    are refused (nothing is fetched). See :func:`from_rdf`."""
    raw, file = read_input(source, "from_jsonld", max_bytes)
    graph = _parse_rdf(raw, "json-ld", file)
    with graph_errors("JSON-LD", file):  # rdflib raises bare Exceptions on odd IRIs
        return from_rdf(graph, file=file)
