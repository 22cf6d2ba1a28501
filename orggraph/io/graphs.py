"""Graph-tool formats: node-link JSON (networkx, D3), GraphML (yEd, Gephi, Cytoscape) and
GEXF (Gephi). Each carries the whole organisation and reads back equal.

>>> import io
>>> import orggraph as og
>>> org = og.loads('''
... lang: [zh, en]
... units:
...   - id: ceo
...     name: {zh: 总经理室, en: CEO office}
...     head: {title: CEO, salary: 20000}
...     units: [{id: sales, name: {zh: 销售部, en: Sales}, staff: [{title: Rep, seats: 3}]}]
... ''')
>>> from_graphml(io.StringIO(to_graphml(org))) == org
True
"""

from __future__ import annotations

import io
import json
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from orggraph.core.document import to_dict as _to_dict
from orggraph.core.rollup import parse_figure
from orggraph.errors import OrgError, ParseError, SchemaError
from orggraph.io.files import output, read_input, text_writer
from orggraph.io.flatdoc import (
    TOP_STRUCTURE,
    build,
    figure_number,
    graph_errors,
    json_text,
    unit_entries,
    xml_safe,
)
from orggraph.io.registry import refuse_dated
from orggraph.io.xmlcheck import GraphFacts, check_graph_xml
from orggraph.names import Name, clean, text

if TYPE_CHECKING:
    from orggraph.core.org import Org
    from orggraph.io.registry import Source

__all__ = [
    "FORMAT_VERSIONS",
    "from_flat_graph",
    "from_gexf",
    "from_graphml",
    "to_flat_graph",
    "to_gexf",
    "to_graphml",
]
_KINDS = ("reporting", "responsibility", "dotted", "collaboration")


def _display(value: str) -> str:
    """Text for a display attribute: control characters dropped (XML cannot hold them)."""
    return clean(value)


Spot = Callable[[], str | None]
"""The place of a node or edge in its file, found only when an error needs it."""


def _nowhere() -> str | None:
    return None


def _check_kind(kind: Any, where: str, file: str | None, spot: Spot = _nowhere) -> str:
    if kind not in _KINDS:
        raise ParseError(
            f"{where}: unknown edge kind {kind!r}; choose one of {', '.join(_KINDS)}",
            file=file,
            place=spot(),
            choices=_KINDS,
        )
    return str(kind)


# -- graph tools: node-link JSON, GraphML, GEXF ----------------------------------------------


def _flat_name(
    out: dict[str, Any], key: str, name: Name | None, lang: str | None, lang0: str | None
) -> None:
    """``label`` (or *key*) in the chosen language, and ``<key>_<code>`` for each language."""
    if name is None:
        return
    out["label" if key == "name" else key] = _display(text(name, lang, default_lang=lang0))
    if not isinstance(name, str):
        for code, value in name.items():
            out[f"{key}_{_display(code)}"] = _display(value)


def _xml_ids(ids: Iterable[str]) -> dict[str, str]:
    """Node ids XML can hold: an id with characters XML cannot carry gets them as
    ``\\uXXXX`` (made unique); the exact id travels in the ``orggraph`` attribute."""
    ids = list(ids)
    out = {uid: uid for uid in ids if xml_safe(uid) == uid}
    taken = set(out)
    for uid in ids:
        if uid not in out:
            safe = base = xml_safe(uid)
            n = 1
            while safe in taken:
                n += 1
                safe = f"{base}#{n}"
            out[uid] = safe
            taken.add(safe)
    return {uid: out[uid] for uid in ids}


def to_flat_graph(
    org: Org, *, lang: str | None = None, xml: bool = False, people: bool = True
) -> nx.MultiDiGraph:
    """The ``networkx.MultiDiGraph`` that GraphML, GEXF and node-link JSON hold: scalar
    attributes a graph tool shows, plus one ``orggraph`` attribute per node and link
    with its exact data (a JSON string with *xml*, else a dict).

    Unit nodes: ``kind``, ``label`` (the name in *lang*), ``name_<lang>`` per language,
    ``type``, ``depth``, ``head_title``, ``head_salary`` (a band: ``head_salary_min``
    and ``head_salary_max``), ``head_holders`` (who holds the head post, their names
    in *lang* joined by ``; ``), and the rollups ``seats``,
    ``budget`` (the known part, left out when nothing is known) with ``seats_unknown``
    and ``budget_unknown`` (how many units under it miss the figure). Responsibility
    nodes: ``kind``, ``label``, ``name_<lang>``. Edges: ``kind`` (``reporting``,
    ``responsibility``, ``dotted``, ``collaboration``); links also ``label`` and
    ``relation_<lang>`` (the relation), ``mutual`` and ``seq`` (their order).

    Posts with their holders (assignments too) ride in each unit's ``orggraph`` data,
    the declared people in the graph's; ``people=False`` leaves them out (each post's
    filled seats stay, as ``filled``).

    >>> import orggraph as og
    >>> g = to_flat_graph(og.loads("units: [{id: a, name: A, staff: [{title: x, seats: 2}]}]"))
    >>> {k: v for k, v in g.nodes["a"].items() if k != "orggraph"}
    {'kind': 'unit', 'label': 'A', 'depth': 0, 'seats': 2, 'seats_unknown': 0, 'budget_unknown': 1}
    """
    refuse_dated(org, "a graph file (GraphML, GEXF, node-link)")  # dates: issue 15
    data = _to_dict(org, people=people)
    encode: Callable[[Any], Any] = (lambda d: json_text(d, xml=True)) if xml else (lambda d: d)
    ids = _xml_ids([*org.units(), *org.responsibility_ids()]) if xml else None

    def nid(uid: str) -> str:
        return ids[uid] if ids is not None else uid

    langs = (lang, org.lang[0] if org.lang else None)
    g = nx.MultiDiGraph()
    _flat_name(g.graph, "name", org.org_name, *langs)
    if org.lang:
        g.graph["lang"] = _display(" ".join(org.lang))
    g.graph["orggraph"] = encode(
        {"orggraph": 1, **{k: v for k, v in data.items() if k not in TOP_STRUCTURE}}
    )
    for uid, attrs in _unit_nodes(org, data, langs, people):
        attrs["orggraph"] = encode(attrs["orggraph"])
        g.add_node(nid(uid), **attrs)
    for item in data.get("responsibilities", []):
        attrs = {"kind": "responsibility"}
        _flat_name(attrs, "name", item["name"], *langs)
        attrs["orggraph"] = encode(item)
        g.add_node(nid(item["id"]), **attrs)
    edges = [(p, u, "reporting") for u in org.units() if (p := org.parent(u)) is not None]
    edges += [(u, r, "responsibility") for u in org.units() for r in org.responsibilities(u)]
    for n, (a, b, kind) in enumerate(edges):
        g.add_edge(nid(a), nid(b), key=f"e{n}", kind=kind)
    for seq, link in enumerate(data.get("links", [])):
        attrs = _link_attrs(link, seq, langs)
        if "orggraph" in attrs:
            attrs["orggraph"] = encode(attrs["orggraph"])
        g.add_edge(nid(link["from"]), nid(link["to"]), key=f"e{len(edges) + seq}", **attrs)
    return g


Langs = tuple[str | None, str | None]
"""The language to show names in, and the organisation's first language."""


def _unit_nodes(
    org: Org, data: Mapping[str, Any], langs: Langs, people: bool
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each unit's node attributes for :func:`to_flat_graph` (``orggraph``: its entry)."""
    table = org.rollup_table(("seats", "budget"))
    size = {u: 1 for u in org.units()}  # the units in each subtree, the unit included
    for u in reversed(org.units()):
        p = org.parent(u)
        if p is not None:
            size[p] += size[u]
    for entry in unit_entries(data):
        uid = entry["id"]
        attrs: dict[str, Any] = {"kind": "unit"}
        _flat_name(attrs, "name", entry["name"], *langs)
        if entry.get("type") is not None:
            attrs["type"] = _display(entry["type"])
        attrs["depth"] = org.depth(uid)
        head = entry.get("head")
        if head:
            attrs["head_title"] = _display(text(head["title"], langs[0], default_lang=langs[1]))
            salary = head.get("salary")
            if isinstance(salary, Mapping):  # a band {min, max}
                for end in ("min", "max"):
                    attrs[f"head_salary_{end}"] = float(salary[end])
            elif salary is not None:
                attrs["head_salary"] = float(salary)
            if people and head.get("holders"):
                attrs["head_holders"] = _holder_names(org, uid, langs)
        for measure, number in (("seats", int), ("budget", float)):
            unknown = table.unknown_count(uid, measure)
            if unknown < size[uid]:
                attrs[measure] = number(table.value(uid, measure))
            attrs[f"{measure}_unknown"] = unknown
        attrs["orggraph"] = entry
        yield uid, attrs


def _holder_names(org: Org, uid: str, langs: Langs) -> str:
    """The names of who holds unit *uid*'s head post, in the chosen language."""
    head = org.posts(uid)[0]
    names = [text(org.person(p).name, langs[0], default_lang=langs[1]) for p in head.holders or ()]
    return _display("; ".join(names))


def _link_attrs(link: Mapping[str, Any], seq: int, langs: Langs) -> dict[str, Any]:
    """A link's edge attributes for :func:`to_flat_graph` (``orggraph``: what is left)."""
    attrs: dict[str, Any] = {"kind": link["kind"], "seq": seq}
    _flat_name(attrs, "relation", link.get("relation"), *langs)
    if "relation" in attrs:
        attrs["label"] = attrs["relation"]
    attrs["mutual"] = bool(link.get("mutual"))
    extra = {k: v for k, v in link.items() if k not in ("kind", "from", "to")}
    if extra:
        attrs["orggraph"] = extra
    return attrs


FORMAT_VERSIONS = (1,)
"""The versions of the ``orggraph`` data the graph formats carry (``{"orggraph": 1, ...}``
on the graph); data of another version is refused rather than half understood."""


def _decode(
    value: Any, where: str, file: str | None, spot: Spot = _nowhere
) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ParseError(
                f"{where}: the orggraph attribute is not JSON: {exc}", file=file, place=spot()
            ) from None
    if not isinstance(value, dict):
        raise ParseError(
            f"{where}: the orggraph attribute must be a JSON object", file=file, place=spot()
        )
    return value


def _check_version(top: Mapping[str, Any], file: str | None) -> None:
    version = top.get("orggraph")
    if type(version) is int and version in FORMAT_VERSIONS:
        return
    supported = ", ".join(map(str, FORMAT_VERSIONS))
    found = f"format version {version!r}" if "orggraph" in top else "no format version"
    raise SchemaError(
        f"the graph's orggraph data has {found}; supported: {supported}",
        file=file,
        place="the graph",
        choices=[str(v) for v in FORMAT_VERSIONS],
    )


class _Flat:
    """Typed reads of the plain attributes of a node or edge drawn in another tool:
    a value of the wrong type is a :class:`SchemaError` naming the node and the key."""

    def __init__(
        self, attrs: Mapping[str, Any], at: str, ids: tuple[str, ...], file: str | None,
        spot: Spot = _nowhere,
    ) -> None:  # fmt: skip
        self.attrs, self.at, self.ids, self.file, self.spot = attrs, at, ids, file, spot

    def fail(self, message: str) -> SchemaError:
        return SchemaError(f"{self.at}: {message}", file=self.file, place=self.spot(), ids=self.ids)

    def wrong(self, key: str, wanted: str) -> SchemaError:
        return self.fail(f"{key} is {self.shown(key)}, not {wanted}")

    def shown(self, key: str) -> str:
        value = repr(self.attrs[key])
        return value if len(value) <= 40 else value[:37] + "..."

    def text(self, key: str) -> str | None:
        """A text attribute; absent, null and blank text read as absent."""
        value = self.attrs.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.wrong(key, "text")
        return value if value.strip() else None

    def number(self, key: str) -> int | float | None:
        """A figure (a number, or a number as text); absent or blank is unknown, never 0.
        One beyond every figure's range is refused here, before a float is made of it
        (:func:`~orggraph.core.rollup.parse_figure`); the schema checks its own range."""
        value = self.attrs.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.wrong(key, "a number")
        if not isinstance(value, str):  # a number already: the schema checks its range
            return figure_number(value)
        try:
            return figure_number(parse_figure(value))
        except OrgError:
            raise
        except ValueError as exc:
            raise self.fail(f"{key} is {self.shown(key)}: {exc}") from None

    def flag(self, key: str) -> bool:
        value = self.attrs.get(key)
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        if value is not None and not isinstance(value, bool):
            raise self.wrong(key, "true or false")
        return bool(value)

    def name(self, key: str) -> Name | None:
        """The name in ``<key>_<lang>`` attributes, else *key* or ``label`` as text."""
        prefix = f"{key}_"
        named: dict[str, str] = {}
        for k in self.attrs:
            if k.startswith(prefix) and len(k) > len(prefix):
                value = self.text(k)
                if value is not None:
                    named[k[len(prefix) :]] = value
        return named or self.text(key) or self.text("label")


def _foreign_unit(node: Any, flat: _Flat) -> dict[str, Any]:
    """A unit from the plain attributes of a node drawn in another tool."""
    entry: dict[str, Any] = {"id": str(node), "name": flat.name("name") or str(node)}
    unit_type = flat.text("type")
    if unit_type is not None:
        entry["type"] = unit_type
    title, salary = flat.text("head_title"), flat.number("head_salary")
    if title is None and salary is not None:
        raise flat.fail("head_salary without head_title (the head post needs a title)")
    if title is not None:
        entry["head"] = {"title": title} if salary is None else {"title": title, "salary": salary}
    return entry


def _read_top(g: nx.Graph, file: str | None) -> dict[str, Any]:
    """The organisation's own data: the graph's ``orggraph`` attribute (GEXF: the first
    node's ``orggraph_org``), else the graph's name."""
    top = _decode(g.graph.get("orggraph"), "the graph", file)
    if top is None:  # GEXF has no graph attributes: the first node carries them
        carrier = next((d for _, d in g.nodes(data=True) if "orggraph_org" in d), None)
        top = _decode(carrier["orggraph_org"], "the graph", file) if carrier else None
    if top is not None:
        _check_version(top, file)
        return top
    title = _Flat(g.graph, "the graph", (), file).name("name")
    return {"org": title} if title is not None else {}


def from_flat_graph(
    g: nx.Graph, *, file: str | None = None, places: Mapping[Any, str] | None = None
) -> Org:
    """The organisation in a graph shaped like :func:`to_flat_graph`'s.

    Nodes and links with an ``orggraph`` attribute are read from it exactly; others
    (a graph drawn in another tool) from ``label``/``name_<lang>``, ``type``,
    ``head_title`` and ``head_salary`` (a number, or a number as text; blank is
    unknown). Edges without a ``kind`` are reporting lines. A value of the wrong type
    is a :class:`~orggraph.errors.SchemaError` naming the node and the key; so is
    ``orggraph`` data of a format version other than :data:`FORMAT_VERSIONS`. The node
    order gives the chart order. *places* locates nodes (by node) and edges (by
    ``(source, target)``) in the file, ``line 7, column 5`` or ``nodes[3]``, for error
    messages.
    """
    places = places or {}
    top = _read_top(g, file)
    real: dict[Any, str] = {}
    units: list[dict[str, Any]] = []
    resp: list[dict[str, Any]] = []
    place: dict[tuple[str, int], tuple[str, Spot]] = {}  # for build: what, where
    for node, attrs in g.nodes(data=True):
        at, spot = f"node {str(node)!r}", partial(places.get, node)
        entry = _decode(attrs.get("orggraph"), at, file, spot)
        kind = attrs.get("kind", "unit")
        if kind not in ("unit", "responsibility"):
            raise SchemaError(
                f"{at}: unknown node kind {kind!r}; choose one of unit, responsibility",
                file=file,
                place=spot(),
                ids=(str(node),),
                choices=("unit", "responsibility"),
            )
        flat = _Flat(attrs, at, (str(node),), file, spot)
        if entry is None:
            entry = _foreign_unit(node, flat) if kind == "unit" else {
                "id": str(node), "name": flat.name("name") or str(node)}  # fmt: skip
        uid = entry.get("id")
        real[node] = uid if isinstance(uid, str) else str(node)
        if kind == "responsibility":
            place[("responsibilities", len(resp))] = at, spot
            resp.append(entry)
        else:
            place[("units", len(units))] = at, spot
            units.append(entry)
    parents, owned, links = _read_edges(g, real, file, places)
    for j, link in enumerate(links):
        place[("links", j)] = link[3]

    def where(loc: tuple[int | str, ...]) -> str | None:
        if len(loc) < 2 or not isinstance(loc[1], int) or (str(loc[0]), loc[1]) not in place:
            return None
        at, spot = place[(str(loc[0]), loc[1])]
        found = spot()
        return at if found is None else f"{at} ({found})"

    return build(top, units, parents, owned, resp, [t[2] for t in links], file=file, where=where)


Link = tuple[float, int, dict[str, Any], tuple[str, Spot]]  # seq, index, link, its place


def _read_edges(
    g: nx.Graph, real: Mapping[Any, str], file: str | None, places: Mapping[Any, str]
) -> tuple[dict[str, str], dict[str, list[str]], list[Link]]:
    """Reporting lines, owned responsibilities and links (in ``seq`` order) of *g*."""
    parents: dict[str, str] = {}
    owned: dict[str, list[str]] = {}
    links: list[Link] = []
    for i, (u, v, attrs) in enumerate(g.edges(data=True)):
        at, spot = f"edge {str(u)!r} -> {str(v)!r}", partial(places.get, (u, v))
        kind = _check_kind(attrs.get("kind", "reporting"), at, file, spot)
        a, b = real[u], real[v]
        if kind == "reporting":
            if b in parents and parents[b] != a:
                raise ParseError(
                    f"{at}: unit {b!r} has two reporting lines ({parents[b]!r} and {a!r})",
                    file=file,
                    place=spot(),
                    ids=(b, parents[b], a),
                )
            parents[b] = a
        elif kind == "responsibility":
            owned.setdefault(a, []).append(b)
        else:
            flat = _Flat(attrs, at, (str(u), str(v)), file, spot)
            link = _decode(attrs.get("orggraph"), at, file, spot)
            if link is None:
                link = {}
                relation = flat.name("relation")
                if relation is not None:
                    link["relation"] = relation
                if flat.flag("mutual"):
                    link["mutual"] = True
            link = {"kind": kind, "from": a, "to": b, **link}
            seq = flat.number("seq")
            label = at if (u, v) in places else f"link #{i + 1}"
            links.append((float("inf") if seq is None else seq, i, link, (label, spot)))
    links.sort(key=lambda t: (t[0], t[1]))
    return parents, owned, links


@text_writer
def to_graphml(
    org: Org,
    path: str | os.PathLike[str] | None = None,
    *,
    lang: str | None = None,
    people: bool = True,
) -> str | Path:
    """GraphML with the attributes of :func:`to_flat_graph` (yEd, Gephi and Cytoscape
    show ``label`` and the others as data columns). Returns the text, or writes *path*;
    ``people=False`` leaves personal data out.

    >>> import orggraph as og
    >>> xml = to_graphml(og.loads("units: [{id: a, name: A & B}]"))
    >>> '<node id="a">' in xml, '>A &amp; B</data>' in xml
    (True, True)
    """
    buffer = io.BytesIO()
    graph = to_flat_graph(org, lang=lang, xml=True, people=people)
    nx.write_graphml(graph, buffer, encoding="utf-8")
    return output(buffer.getvalue().decode("utf-8"), path)


def from_graphml(source: Source, *, max_bytes: int | None = None) -> Org:
    """Read GraphML (a path or an open file). The file is checked first
    (:func:`orggraph.io.xmlcheck.check_graph_xml`): a DOCTYPE in any encoding, a node
    without an id, two nodes with one id, an edge to a node the file does not have or a
    value that does not convert to its declared type is an :class:`OrgError` with its line.
    """
    raw, file = read_input(source, "from_graphml", max_bytes)
    facts = check_graph_xml(raw, "graphml", file=file)
    with graph_errors("GraphML", file), warnings.catch_warnings():
        # networkx warns of a <data> key it has no type for and reads it as text (the
        # checks of from_flat_graph then report what is wrong with it), and of ports.
        warnings.filterwarnings("ignore", "No key type for id", UserWarning)
        warnings.filterwarnings("ignore", "GraphML port tag not supported", UserWarning)
        g = nx.read_graphml(io.BytesIO(raw), force_multigraph=True)
    return from_flat_graph(_directed(g, facts, file), file=file, places=_places(facts))


@text_writer
def to_gexf(
    org: Org,
    path: str | os.PathLike[str] | None = None,
    *,
    lang: str | None = None,
    people: bool = True,
) -> str | Path:
    """GEXF 1.2 (Gephi) with the attributes of :func:`to_flat_graph`. GEXF has no
    graph attributes: the organisation's own data (its people too) rides on the first
    node (``orggraph_org``). Returns the text, or writes *path*; ``people=False``
    leaves personal data out."""
    g = to_flat_graph(org, lang=lang, xml=True, people=people)
    top = g.graph.pop("orggraph")
    title = g.graph.get("label")
    g.graph.clear()
    if title:
        g.graph["name"] = title
    first = next(iter(g.nodes))
    g.nodes[first]["orggraph_org"] = top
    buffer = io.BytesIO()
    nx.write_gexf(g, buffer, encoding="utf-8")
    return output(buffer.getvalue().decode("utf-8"), path)


def from_gexf(source: Source, *, max_bytes: int | None = None) -> Org:
    """Read GEXF 1.1, 1.2 or 1.3 (a path or an open file), checked first as GraphML is
    (:func:`from_graphml`)."""
    raw, file = read_input(source, "from_gexf", max_bytes)
    facts = check_graph_xml(raw, "gexf", file=file)
    with graph_errors("GEXF", file):
        g = nx.read_gexf(io.BytesIO(raw))
    return from_flat_graph(_directed(g, facts, file), file=file, places=_places(facts))


def _places(facts: GraphFacts) -> dict[Any, str]:
    """Node and edge places for :func:`from_flat_graph`."""
    edges = {pair: " and ".join(found) for pair, found in facts.edges.items()}
    return {**facts.nodes, **edges}


def _directed(g: nx.Graph, facts: GraphFacts, file: str | None) -> nx.Graph:
    """*g* with every edge from its source to its target as the file writes them.
    networkx reads an undirected graph (GraphML without ``edgedefault="directed"``,
    GEXF without ``defaultedgetype="directed"``) without that order, and the order is
    the direction of each reporting line: without this, a child written before its
    parent would become the parent."""
    if g.is_directed():
        return g
    out = nx.MultiDiGraph()
    out.graph.update(g.graph)
    out.add_nodes_from(g.nodes(data=True))
    for u, v, data in g.edges(data=True):
        forward, backward = (u, v) in facts.edges, (v, u) in facts.edges
        if forward and backward and u != v:
            raise SchemaError(
                f"the graph is undirected and has edges both ways between {u!r} and {v!r}, so "
                "their directions are lost; declare it directed (GraphML: "
                'edgedefault="directed", GEXF: defaultedgetype="directed")',
                file=file,
                place=facts.edges[(v, u)][0],
                ids=(str(u), str(v)),
            )
        out.add_edge(*((v, u) if backward else (u, v)), **data)
    return out
