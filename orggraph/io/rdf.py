"""W3C ORG (the Organization Ontology) as RDF: Turtle and JSON-LD, read and written with
rdflib (``pip install 'orggraph[rdf]'``). Units are ``org:OrganizationalUnit`` (the top
``org:FormalOrganization``), posts ``org:Post``, links ``og:`` terms.

>>> import io
"""

from __future__ import annotations

import json
import math
import os
import re
import warnings
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote, unquote

from orggraph.core.document import to_dict as _to_dict
from orggraph.errors import (
    MissingDependencyError,
    OrgError,
    ParseError,
)
from orggraph.io.parse import decode, reject_surrogates
from orggraph.names import Name

if TYPE_CHECKING:
    import rdflib

    from orggraph.core.org import Org
from typing import TYPE_CHECKING

from orggraph.io.files import output, read_input
from orggraph.io.graphs import (
    TOP_STRUCTURE,
    build,
    exact_number,
    figure_number,
    graph_errors,
    json_text,
    unit_entries,
)
from orggraph.io.nodelink import JsonPlace, load_json
from orggraph.io.rdfcheck import check_iris, check_jsonld, decimal_amount, n3, turtle_error

if TYPE_CHECKING:
    from orggraph.io.registry import Source

__all__ = ["from_jsonld", "from_rdf", "from_turtle", "to_jsonld", "to_rdf", "to_turtle"]
RDF_HINT = "pip install 'orggraph[rdf]'"


# -- W3C ORG: Turtle and JSON-LD -------------------------------------------------------------

ORG_NS = "http://www.w3.org/ns/org#"
OG_NS = "urn:orggraph:vocab#"
"""orggraph's own terms (``og:``) for what ORG has no term for: seats, order, pay..."""


def _rdflib() -> Any:
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


def to_rdf(org: Org, *, base: str | None = None) -> rdflib.Graph:
    """The organisation as an ``rdflib.Graph`` in the W3C ORG vocabulary (needs rdflib).

    Units are ``org:OrganizationalUnit`` (the root ``org:FormalOrganization``) with
    ``org:identifier``, ``skos:prefLabel`` per language, ``org:classification`` (the
    type as a ``skos:Concept``), ``org:subOrganizationOf``/``org:hasSubOrganization``;
    posts are ``org:Post`` with ``org:postIn``, the head's with ``org:headOf``, salaries
    as ``org:remuneration`` (``xsd:integer`` when whole, exact at any size, else
    ``xsd:decimal``; read back exactly); responsibilities are ``skos:Concept``
    linked by ``org:purpose``; dotted lines are ``org:reportsTo`` (unit -> manager),
    collaboration ``org:linkedTo``. What ORG has no term for uses ``og:``
    (:data:`OG_NS`): ``og:seats``, ``og:filled``, ``og:pay``, ``og:holders``, ``og:order``
    (chart order), ``og:purposes`` and ``og:aliases`` (ordered lists), ``og:Link``
    (a link with its relation and ``og:mutual``), ``og:attrs`` (JSON). Unknown figures
    are left out, never written as 0. IRIs live under *base* (default
    ``urn:orggraph:<slug of the org's name>:``), ids percent-encoded.
    """
    return _to_rdf(org, base=base, stable=False)


def _to_rdf(org: Org, *, base: str | None, stable: bool) -> rdflib.Graph:
    """:func:`to_rdf`; with *stable*, blank nodes are numbered (the same organisation
    gives the same text; such graphs must not be merged with each other)."""
    lib = _rdflib()
    from rdflib.collection import Collection
    from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

    ORG = lib.Namespace(ORG_NS)
    OG = lib.Namespace(OG_NS)
    Literal = lib.Literal
    counter = iter(range(1 << 62))

    def BNode() -> Any:
        return lib.BNode(f"b{next(counter)}") if stable else lib.BNode()

    base = _base(org, base)
    t = _Terms(lib, base)
    g = lib.Graph()
    prefixes = {"org": ORG_NS, "og": OG_NS, "skos": str(SKOS), "dcterms": str(DCTERMS)}
    prefixes.update({k: f"{base}{v}" for k, v in _LOCAL_PREFIXES.items()})
    for prefix, ns in prefixes.items():
        g.bind(prefix, lib.Namespace(ns), override=True, replace=True)
    data = _to_dict(org)
    add = g.add

    def labels(subject: Any, prop: Any, name: Name | None, what: str) -> None:
        if name is not None:
            for lit in _literals(lib, name, what):
                add((subject, prop, lit))

    def json_literal(value: Any) -> Any:
        return Literal(json_text(value), datatype=RDF.JSON)

    def rdf_list(subject: Any, prop: Any, items: Sequence[Any]) -> None:
        head = BNode()
        Collection(g, head, list(items))
        add((subject, prop, head))

    chart = t.chart()
    add((chart, RDF.type, OG.OrgChart))
    labels(chart, SKOS.prefLabel, data.get("org"), "the organisation's name")
    if data.get("lang"):
        rdf_list(chart, OG.languages, [Literal(code) for code in data["lang"]])
    if data.get("attrs"):
        add((chart, OG.attrs, json_literal(data["attrs"])))
    extra = {k: v for k, v in data.items() if k not in (*TOP_STRUCTURE, "org", "lang", "attrs")}
    if extra:
        add((chart, OG.extra, json_literal(extra)))
    for r in org.roots():
        add((chart, OG.root, t.unit(r)))

    def post(uid: str, which: str, p: Mapping[str, Any], order: int | None) -> Any:
        node = t.post(uid, which)
        add((node, RDF.type, ORG.Post))
        labels(node, SKOS.prefLabel, p["title"], f"unit {uid!r}: post title")
        add((node, ORG.postIn, t.unit(uid)))
        add((t.unit(uid), ORG.hasPost, node))
        seats = p.get("seats", 1)
        if seats is not None:
            add((node, OG.seats, Literal(seats)))
        if p.get("filled") is not None:
            add((node, OG.filled, Literal(p["filled"])))
        if p.get("salary") is not None:
            lexical, xsd_type = decimal_amount(p["salary"])
            add((node, ORG.remuneration, Literal(lexical, datatype=XSD[xsd_type])))
        if p.get("pay") is not None:
            add((node, OG.pay, Literal(p["pay"])))
        if p.get("holders"):
            rdf_list(node, OG.holders, [Literal(h) for h in p["holders"]])
        if order is not None:
            add((node, OG.order, Literal(order)))
        more = {
            k: v
            for k, v in p.items()
            if k not in ("title", "seats", "filled", "salary", "pay", "holders")
        }
        if more:
            add((node, OG.extra, json_literal(more)))
        return node

    types_seen: set[str] = set()
    for order, entry in enumerate(unit_entries(data)):
        uid = entry["id"]
        u = t.unit(uid)
        parent = org.parent(uid)
        add((u, RDF.type, ORG.FormalOrganization if parent is None else ORG.OrganizationalUnit))
        add((u, ORG.identifier, Literal(uid)))
        labels(u, SKOS.prefLabel, entry["name"], f"unit {uid!r}")
        add((u, OG.order, Literal(order)))
        if parent is not None:
            add((u, ORG.subOrganizationOf, t.unit(parent)))
            add((t.unit(parent), ORG.hasSubOrganization, u))
        unit_type = entry.get("type")
        if unit_type is not None:
            concept = t.type(unit_type)
            add((u, ORG.classification, concept))
            if unit_type not in types_seen:
                types_seen.add(unit_type)
                add((concept, RDF.type, SKOS.Concept))
                add((concept, SKOS.prefLabel, Literal(unit_type)))
        labels(u, DCTERMS.description, entry.get("description"), f"unit {uid!r}: description")
        aliases = entry.get("aliases") or []
        if aliases:
            nodes = []
            for alias in aliases:
                node = BNode()
                labels(node, SKOS.prefLabel, alias, f"unit {uid!r}: alias")
                labels(u, SKOS.altLabel, alias, f"unit {uid!r}: alias")
                nodes.append(node)
            rdf_list(u, OG.aliases, nodes)
        if entry.get("head"):
            add((post(uid, "head", entry["head"], None), ORG.headOf, u))
        for i, p in enumerate(entry.get("staff") or []):
            post(uid, f"staff-{i}", p, i)
        rids = org.responsibilities(uid)
        for rid in rids:
            add((u, ORG.purpose, t.resp(rid)))
        if rids:
            rdf_list(u, OG.purposes, [t.resp(rid) for rid in rids])
        if entry.get("attrs"):
            add((u, OG.attrs, json_literal(entry["attrs"])))
        more = {k: v for k, v in entry.items() if k not in (
            "id", "name", "type", "description", "aliases", "head", "staff", "attrs")}  # fmt: skip
        if more:
            add((u, OG.extra, json_literal(more)))
    for order, item in enumerate(data.get("responsibilities", [])):
        r = t.resp(item["id"])
        add((r, RDF.type, SKOS.Concept))
        add((r, RDF.type, OG.Responsibility))
        add((r, SKOS.notation, Literal(item["id"])))
        labels(r, SKOS.prefLabel, item["name"], f"responsibility {item['id']!r}")
        labels(r, DCTERMS.description, item.get("description"), f"responsibility {item['id']!r}")
        add((r, OG.order, Literal(order)))
    for i, link in enumerate(data.get("links", [])):
        a, b = t.unit(link["from"]), t.unit(link["to"])
        if link["kind"] == "dotted":  # manager -> unit; ORG says the unit reportsTo the manager
            add((b, ORG.reportsTo, a))
        else:
            add((a, ORG.linkedTo, b))
        node = t.link(i)
        add((node, RDF.type, OG.Link))
        add((node, OG.kind, Literal(link["kind"])))
        add((node, OG.source, a))
        add((node, OG.target, b))
        add((node, OG.order, Literal(i)))
        labels(node, OG.relation, link.get("relation"), f"link #{i + 1}: relation")
        if link.get("mutual"):
            add((node, OG.mutual, Literal(True)))
    return cast("rdflib.Graph", g)


def _parse_rdf(raw: bytes, fmt: str, file: str | None) -> rdflib.Graph:
    lib = _rdflib()
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
    posts without ``og:seats`` have unknown seats)."""
    lib = _rdflib()
    from rdflib.collection import Collection
    from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

    ORG = lib.Namespace(ORG_NS)
    OG = lib.Namespace(OG_NS)
    Literal = lib.Literal

    def fail(message: str, *ids: str) -> ParseError:
        return ParseError(message, file=file, ids=ids)

    def one(subject: Any, prop: Any) -> Any:
        values = sorted(g.objects(subject, prop), key=str)
        return values[0] if values else None

    def tail(node: Any) -> str:
        value = str(node)
        return unquote(re.split(r"[/#:]", value.rstrip("/#:"))[-1]) or value

    def integer(subject: Any, prop: Any, what: str) -> int | None:
        lit = one(subject, prop)
        if lit is None:
            return None
        value = lit.toPython() if isinstance(lit, Literal) else None
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(
                f"{what}: {prop.n3(g.namespace_manager)} must be a whole number, not {str(lit)!r}"
            )
        return value

    def read_amount(lit: Any, what: str) -> int | float:
        """org:remuneration: xsd:integer and whole xsd:decimal values exactly (as ints),
        xsd:double and xsd:float as floats (whole ones below 2**53 as ints)."""
        try:
            amount = Decimal(str(lit).strip())
        except InvalidOperation:
            amount = Decimal("NaN")
        value: int | float | None = None
        if not amount.is_finite():
            pass
        elif getattr(lit, "datatype", None) in (XSD.double, XSD.float):
            value = float(amount)  # inf when beyond a float's range
            value = figure_number(value) if math.isfinite(value) else None
        else:
            value = exact_number(amount)
        if value is None:
            raise fail(f"{what}: org:remuneration {str(lit)[:40]!r} is not a finite number")
        return value

    def listed(subject: Any, prop: Any) -> list[Any] | None:
        head = one(subject, prop)
        if head is None:
            return None
        try:
            return list(Collection(g, head))
        except Exception:
            raise fail(
                f"{prop.n3(g.namespace_manager)} of {n3(subject)} is not an RDF list"
            ) from None

    languages: list[str] = []

    def name(subject: Any, *props: Any) -> Name | None:
        for prop in props:
            lits = [o for o in g.objects(subject, prop) if isinstance(o, Literal)]
            tagged = {str(o.language): str(o) for o in sorted(lits, key=str) if o.language}
            if tagged:
                rank = {code.lower(): i for i, code in enumerate(languages)}
                codes = sorted(tagged, key=lambda c: (rank.get(c.lower(), len(rank)), c))
                return {code: tagged[code] for code in codes}
            plain = sorted(str(o) for o in lits)
            if plain:
                return plain[0]
        return None

    def json_of(subject: Any, prop: Any, what: str) -> Any:
        lit = one(subject, prop)
        if lit is None:
            return None
        try:
            return json.loads(str(lit))
        except ValueError:
            raise fail(f"{what}: {prop.n3(g.namespace_manager)} is not JSON") from None

    def order_key(node: Any) -> tuple[float, str]:
        lit = one(node, OG.order)
        value = lit.toPython() if isinstance(lit, Literal) else None
        return (
            value if isinstance(value, int) and not isinstance(value, bool) else float("inf"),
            str(node),
        )

    top: dict[str, Any] = {}
    charts = sorted(g.subjects(RDF.type, OG.OrgChart), key=str)
    if len(charts) > 1:
        raise fail(f"the graph describes {len(charts)} organisations (og:OrgChart); give one")
    if charts:
        chart = charts[0]
        langs = listed(chart, OG.languages)
        if langs:
            languages[:] = [str(x) for x in langs]
            top["lang"] = list(languages)
        org_name = name(chart, SKOS.prefLabel, RDFS.label)
        if org_name is not None:
            top["org"] = org_name
        attrs = json_of(chart, OG.attrs, "the organisation")
        if attrs is not None:
            top["attrs"] = attrs
        more = json_of(chart, OG.extra, "the organisation")
        if isinstance(more, dict):
            top.update(
                {k: v for k, v in more.items() if k not in (*TOP_STRUCTURE, "org", "lang", "attrs")}
            )

    unit_nodes: set[Any] = set()
    for cls in (ORG.OrganizationalUnit, ORG.FormalOrganization, ORG.Organization):
        unit_nodes.update(s for s in g.subjects(RDF.type, cls) if not isinstance(s, Literal))
    ids: dict[Any, str] = {}
    for u in unit_nodes:
        lit = one(u, ORG.identifier)
        ids[u] = str(lit) if lit is not None else tail(u)
    by_id: dict[str, Any] = {}
    for u, uid in ids.items():
        if uid in by_id:
            raise fail(f"two units have the id {uid!r}: {n3(by_id[uid])} and {n3(u)}", uid)
        by_id[uid] = u

    parents: dict[str, str] = {}
    for child_prop, parent_prop in (
        (ORG.subOrganizationOf, ORG.hasSubOrganization),
        (ORG.unitOf, ORG.hasUnit),
    ):
        pairs = [(c, p) for c, p in g.subject_objects(child_prop)]
        pairs += [(c, p) for p, c in g.subject_objects(parent_prop)]
        for c, p in pairs:
            if c in ids and p in ids:
                cid, pid = ids[c], ids[p]
                if parents.setdefault(cid, pid) != pid:
                    raise fail(
                        f"unit {cid!r} has two reporting lines ({parents[cid]!r} and {pid!r})", cid
                    )

    resp_nodes = set(g.objects(None, ORG.purpose)) | set(g.subjects(RDF.type, OG.Responsibility))
    resp_ids: dict[Any, str] = {}
    resp: list[dict[str, Any]] = []
    for r in sorted(resp_nodes, key=order_key):
        notation = one(r, SKOS.notation)
        rid = str(notation) if notation is not None else tail(r)
        resp_ids[r] = rid
        item: dict[str, Any] = {"id": rid, "name": name(r, SKOS.prefLabel, RDFS.label) or rid}
        description = name(r, DCTERMS.description)
        if description is not None:
            item["description"] = description
        resp.append(item)

    def read_post(p: Any, what: str) -> dict[str, Any]:
        out: dict[str, Any] = {"title": name(p, SKOS.prefLabel, RDFS.label) or tail(p)}
        out["seats"] = integer(p, OG.seats, what)
        filled = integer(p, OG.filled, what)
        if filled is not None:
            out["filled"] = filled
        pay = one(p, ORG.remuneration)
        if pay is not None:
            out["salary"] = read_amount(pay, what)
        scheme = one(p, OG.pay)
        if scheme is not None:
            out["pay"] = str(scheme)
        holders = listed(p, OG.holders)
        if holders:
            out["holders"] = [str(h) for h in holders]
        more = json_of(p, OG.extra, what)
        if isinstance(more, dict):
            out.update(more)
        return out

    units: list[dict[str, Any]] = []
    owned: dict[str, list[str]] = {}
    place: dict[tuple[str, int], str] = {}
    for u in sorted(unit_nodes, key=order_key):
        uid = ids[u]
        what = f"unit {uid!r}"
        entry: dict[str, Any] = {"id": uid, "name": name(u, SKOS.prefLabel, RDFS.label) or uid}
        concept = one(u, ORG.classification)
        if concept is not None:
            label = one(concept, SKOS.prefLabel) or one(concept, SKOS.notation)
            entry["type"] = str(label) if label is not None else tail(concept)
        description = name(u, DCTERMS.description)
        if description is not None:
            entry["description"] = description
        alias_nodes = listed(u, OG.aliases)
        if alias_nodes is not None:
            entry["aliases"] = [name(a, SKOS.prefLabel) or "" for a in alias_nodes]
        else:
            alt = sorted(
                (o for o in g.objects(u, SKOS.altLabel) if isinstance(o, Literal)), key=str
            )
            if alt:
                entry["aliases"] = [
                    {str(o.language): str(o)} if o.language else str(o) for o in alt
                ]
        posts = set(g.subjects(ORG.postIn, u)) | set(g.objects(u, ORG.hasPost))
        heads = sorted((p for p in posts if (p, ORG.headOf, u) in g), key=str)
        if len(heads) > 1:
            raise fail(f"{what} has {len(heads)} head posts (org:headOf)", uid)
        if heads:
            entry["head"] = read_post(heads[0], f"{what}: head")
        staff = sorted((p for p in posts if p not in heads), key=order_key)
        if staff:
            entry["staff"] = [read_post(p, f"{what}: staff post {n3(p)}") for p in staff]
        purposes = listed(u, OG.purposes)
        if purposes is None:
            purposes = sorted(g.objects(u, ORG.purpose), key=order_key)
        if purposes:
            owned[uid] = [resp_ids.get(r, tail(r)) for r in purposes]
        attrs = json_of(u, OG.attrs, what)
        if attrs is not None:
            entry["attrs"] = attrs
        more = json_of(u, OG.extra, what)
        if isinstance(more, dict):
            entry.update({k: v for k, v in more.items() if k not in entry})
        place[("units", len(units))] = n3(u)
        units.append(entry)

    links: list[dict[str, Any]] = []
    link_nodes = sorted(g.subjects(RDF.type, OG.Link), key=order_key)
    for node in link_nodes:
        kind, src, dst = one(node, OG.kind), one(node, OG.source), one(node, OG.target)
        if kind is None or src not in ids or dst not in ids:
            raise fail(f"link {n3(node)} needs og:kind, og:source and og:target units")
        link: dict[str, Any] = {"kind": str(kind), "from": ids[src], "to": ids[dst]}
        relation = name(node, OG.relation)
        if relation is not None:
            link["relation"] = relation
        mutual = one(node, OG.mutual)
        if mutual is not None and mutual.toPython() is True:
            link["mutual"] = True
        place[("links", len(links))] = n3(node)
        links.append(link)
    if not link_nodes:
        for unit, manager in sorted(g.subject_objects(ORG.reportsTo), key=str):
            if unit in ids and manager in ids:
                links.append({"kind": "dotted", "from": ids[manager], "to": ids[unit]})
        for a, b in sorted(g.subject_objects(ORG.linkedTo), key=str):
            if a in ids and b in ids:
                links.append({"kind": "collaboration", "from": ids[a], "to": ids[b]})
    if not units:
        raise fail(
            "no units found (resources typed org:OrganizationalUnit or org:FormalOrganization)"
        )

    def where(loc: tuple[int | str, ...]) -> str | None:
        return (
            place.get((str(loc[0]), loc[1])) if len(loc) >= 2 and isinstance(loc[1], int) else None
        )

    return build(top, units, parents, owned, resp, links, file=file, where=where)


JSONLD_CONTEXT = {
    "org": ORG_NS,
    "og": OG_NS,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}


def to_turtle(
    org: Org, path: str | os.PathLike[str] | None = None, *, base: str | None = None
) -> Any:
    """The W3C ORG description (:func:`to_rdf`) as Turtle. Returns the text, or writes *path*.

    >>> import orggraph as og
    >>> ttl = to_turtle(og.loads("units: [{id: a, name: {en: A & B}, head: {title: Boss, salary: 100}}]"))
    >>> "unit:a a org:FormalOrganization" in ttl, '"A & B"@en' in ttl, "org:remuneration 100 " in ttl
    (True, True, True)
    >>> import io
    >>> from_turtle(io.StringIO(ttl)).name("a")
    'A & B'
    """
    return output(_to_rdf(org, base=base, stable=True).serialize(format="turtle"), path)


def from_turtle(source: Source, *, max_bytes: int | None = None) -> Org:
    """Read W3C ORG Turtle (a path or an open file); see :func:`from_rdf`."""
    raw, file = read_input(source, "from_turtle", max_bytes)
    graph = _parse_rdf(raw, "turtle", file)
    with graph_errors("Turtle", file):  # rdflib raises bare Exceptions on odd IRIs
        return from_rdf(graph, file=file)


def to_jsonld(
    org: Org, path: str | os.PathLike[str] | None = None, *, base: str | None = None
) -> Any:
    """The W3C ORG description (:func:`to_rdf`) as JSON-LD with an inline ``@context``.
    Returns the text, or writes *path*."""
    base = _base(org, base)
    g = _to_rdf(org, base=base, stable=True)
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


def from_jsonld(source: Source, *, max_bytes: int | None = None) -> Org:
    """Read W3C ORG JSON-LD (a path or an open file); remote ``@context`` references
    are refused (nothing is fetched). See :func:`from_rdf`."""
    raw, file = read_input(source, "from_jsonld", max_bytes)
    graph = _parse_rdf(raw, "json-ld", file)
    with graph_errors("JSON-LD", file):  # rdflib raises bare Exceptions on odd IRIs
        return from_rdf(graph, file=file)
