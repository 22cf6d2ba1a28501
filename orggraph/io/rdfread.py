"""Reading W3C ORG (RDF): Turtle and JSON-LD into an Org, every problem located."""

from __future__ import annotations

import json
import math
import re
import warnings
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from orggraph.errors import (
    ParseError,
)
from orggraph.io.parse import decode, reject_surrogates
from orggraph.io.rdf import OG_NS, ORG_NS, rdflib_module

__all__ = ["from_jsonld", "from_rdf", "from_turtle"]
from orggraph.names import Name

if TYPE_CHECKING:
    import rdflib

    from orggraph.core.org import Org
from typing import TYPE_CHECKING

from orggraph.io.files import read_input
from orggraph.io.graphs import (
    TOP_STRUCTURE,
    build,
    exact_number,
    figure_number,
    graph_errors,
)
from orggraph.io.nodelink import JsonPlace, load_json
from orggraph.io.rdfcheck import check_iris, check_jsonld, n3, turtle_error

if TYPE_CHECKING:
    from orggraph.io.registry import Source


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
    posts without ``og:seats`` have unknown seats)."""
    lib = rdflib_module()
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
