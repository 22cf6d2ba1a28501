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
import math
import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import TYPE_CHECKING, Any

import networkx as nx

from orggraph.core.document import to_dict as _to_dict
from orggraph.errors import (
    DuplicateIdError,
    LinkError,
    OrgError,
    ParseError,
    SchemaError,
)
from orggraph.io.native import json_default
from orggraph.io.parse import decode, locator, parse_text, reject_surrogates
from orggraph.io.xmlcheck import GraphFacts, check_graph_xml
from orggraph.names import Name, clean, text

if TYPE_CHECKING:
    from orggraph.core.org import Org
from typing import TYPE_CHECKING

from orggraph.io.files import output, read_input

if TYPE_CHECKING:
    from orggraph.io.registry import Source

__all__ = [
    "FORMAT_VERSIONS",
    "from_flat_graph",
    "from_gexf",
    "from_graphml",
    "from_node_link",
    "to_flat_graph",
    "to_gexf",
    "to_graphml",
    "to_node_link",
]
# Keys of the file format that the graph formats carry as structure (edges), not data.
_STRUCTURE = ("units", "parent", "responsibilities")
TOP_STRUCTURE = ("units", "responsibilities", "links")
_KINDS = ("reporting", "responsibility", "dotted", "collaboration")


# -- shared helpers -------------------------------------------------------------------------

# Characters XML 1.0 cannot hold at all, even as character references.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_LARGEST = 10**18  # beyond every figure's range (orggraph.core.rollup)


def _display(value: str) -> str:
    """Text for a display attribute: control characters dropped (XML cannot hold them)."""
    return clean(value)


def json_text(data: Any, *, xml: bool = False) -> str:
    """Compact JSON; with *xml*, also escape the few characters XML cannot hold (JSON
    already escapes control characters)."""
    out = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=json_default)
    if xml:
        out = _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", out)
    return out


def figure_number(value: Any) -> int | float:
    """A figure as an int when whole (so ``20000.0`` reads as ``20000``)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value  # type: ignore[no-any-return]


def exact_number(amount: Decimal) -> int | float | None:
    """A decimal as an int when whole (exactly: ``9007199254740993`` stays that), else a
    float; ``None`` when it is not finite or beyond a float's range."""
    if not amount.is_finite() or amount.adjusted() > 308:
        return None
    if amount == amount.to_integral_value():
        return int(amount)
    value = float(amount)
    return value if math.isfinite(value) else None


def unit_entries(data: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Every unit entry of file-format *data*, top-down, without nesting or structure keys."""
    stack = list(reversed(data.get("units", [])))
    while stack:
        entry = stack.pop()
        stack.extend(reversed(entry.get("units", [])))
        yield {k: v for k, v in entry.items() if k not in _STRUCTURE}


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


def build(
    top: Mapping[str, Any],
    units: list[dict[str, Any]],
    parents: Mapping[str, str],
    owned: Mapping[str, list[str]],
    resp: list[dict[str, Any]],
    links: list[dict[str, Any]],
    *,
    file: str | None,
    where: Callable[[tuple[int | str, ...]], str | None],
) -> Org:
    """Assemble a flat document and validate it through the schema (full error messages)."""
    from orggraph.core.build import from_dict

    doc: dict[str, Any] = {k: v for k, v in top.items() if k not in (*TOP_STRUCTURE, "orggraph")}
    flat = []
    for entry in units:
        entry = {k: v for k, v in entry.items() if k not in _STRUCTURE}
        uid = entry.get("id")
        if isinstance(uid, str):
            if uid in parents:
                entry["parent"] = parents[uid]
            if owned.get(uid):
                entry["responsibilities"] = owned[uid]
        flat.append(entry)
    doc["units"] = flat
    if resp:
        doc["responsibilities"] = resp
    if links:
        doc["links"] = links
    return from_dict(doc, file=file, locate=where)


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
    out = {uid: uid for uid in ids if not _NOT_XML.search(uid)}
    taken = set(out)
    for uid in ids:
        if uid not in out:
            safe = base = _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", uid)
            n = 1
            while safe in taken:
                n += 1
                safe = f"{base}#{n}"
            out[uid] = safe
            taken.add(safe)
    return {uid: out[uid] for uid in ids}


def to_flat_graph(org: Org, *, lang: str | None = None, xml: bool = False) -> nx.MultiDiGraph:
    """The ``networkx.MultiDiGraph`` that GraphML, GEXF and node-link JSON hold: scalar
    attributes a graph tool shows, plus one ``orggraph`` attribute per node and link
    with its exact data (a JSON string with *xml*, else a dict).

    Unit nodes: ``kind``, ``label`` (the name in *lang*), ``name_<lang>`` per language,
    ``type``, ``depth``, ``head_title``, ``head_salary``, and the rollups ``seats``,
    ``budget`` (the known part, left out when nothing is known) with ``seats_unknown``
    and ``budget_unknown`` (how many units under it miss the figure). Responsibility
    nodes: ``kind``, ``label``, ``name_<lang>``. Edges: ``kind`` (``reporting``,
    ``responsibility``, ``dotted``, ``collaboration``); links also ``label`` and
    ``relation_<lang>`` (the relation), ``mutual`` and ``seq`` (their order).

    >>> import orggraph as og
    >>> g = to_flat_graph(og.loads("units: [{id: a, name: A, staff: [{title: x, seats: 2}]}]"))
    >>> {k: v for k, v in g.nodes["a"].items() if k != "orggraph"}
    {'kind': 'unit', 'label': 'A', 'depth': 0, 'seats': 2, 'seats_unknown': 0, 'budget_unknown': 1}
    """
    data = _to_dict(org)
    lang0 = org.lang[0] if org.lang else None
    encode: Callable[[Any], Any] = (lambda d: json_text(d, xml=True)) if xml else (lambda d: d)
    ids = _xml_ids([*org.units(), *org.responsibility_ids()]) if xml else None

    def nid(uid: str) -> str:
        return ids[uid] if ids is not None else uid

    g = nx.MultiDiGraph()
    _flat_name(g.graph, "name", org.org_name, lang, lang0)
    if org.lang:
        g.graph["lang"] = _display(" ".join(org.lang))
    g.graph["orggraph"] = encode(
        {"orggraph": 1, **{k: v for k, v in data.items() if k not in TOP_STRUCTURE}}
    )
    table = org.rollup_table(("seats", "budget"))
    size = {u: 1 for u in org.units()}
    for u in reversed(org.units()):
        p = org.parent(u)
        if p is not None:
            size[p] += size[u]
    for entry in unit_entries(data):
        uid = entry["id"]
        attrs: dict[str, Any] = {"kind": "unit"}
        _flat_name(attrs, "name", entry["name"], lang, lang0)
        if entry.get("type") is not None:
            attrs["type"] = _display(entry["type"])
        attrs["depth"] = org.depth(uid)
        head = entry.get("head")
        if head:
            attrs["head_title"] = _display(text(head["title"], lang, default_lang=lang0))
            if head.get("salary") is not None:
                attrs["head_salary"] = float(head["salary"])
        for measure, number in (("seats", int), ("budget", float)):
            unknown = table.unknown_count(uid, measure)
            if unknown < size[uid]:
                attrs[measure] = number(table.value(uid, measure))
            attrs[f"{measure}_unknown"] = unknown
        attrs["orggraph"] = encode(entry)
        g.add_node(nid(uid), **attrs)
    for item in data.get("responsibilities", []):
        attrs = {"kind": "responsibility"}
        _flat_name(attrs, "name", item["name"], lang, lang0)
        attrs["orggraph"] = encode(item)
        g.add_node(nid(item["id"]), **attrs)
    n = 0
    for uid in org.units():
        parent = org.parent(uid)
        if parent is not None:
            g.add_edge(nid(parent), nid(uid), key=f"e{n}", kind="reporting")
            n += 1
    for uid in org.units():
        for rid in org.responsibilities(uid):
            g.add_edge(nid(uid), nid(rid), key=f"e{n}", kind="responsibility")
            n += 1
    for seq, link in enumerate(data.get("links", [])):
        attrs = {"kind": link["kind"], "seq": seq}
        _flat_name(attrs, "relation", link.get("relation"), lang, lang0)
        if "relation" in attrs:
            attrs["label"] = attrs["relation"]
        attrs["mutual"] = bool(link.get("mutual"))
        extra = {k: v for k, v in link.items() if k not in ("kind", "from", "to")}
        if extra:
            attrs["orggraph"] = encode(extra)
        g.add_edge(nid(link["from"]), nid(link["to"]), key=f"e{n}", **attrs)
        n += 1
    return g


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
        value = repr(self.attrs[key])
        return self.fail(
            f"{key} is {value if len(value) <= 40 else value[:37] + '...'}, not {wanted}"
        )

    def text(self, key: str) -> str | None:
        """A text attribute; absent, null and blank text read as absent."""
        value = self.attrs.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.wrong(key, "text")
        return value if value.strip() else None

    def number(self, key: str) -> int | float | None:
        """A figure (a number, or a number as text); absent or blank is unknown, never 0."""
        value = self.attrs.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str):
            try:
                parsed = exact_number(Decimal(value.strip()))
            except InvalidOperation:
                raise self.wrong(key, "a number") from None
            if parsed is None:
                raise self.wrong(key, "a finite number")
            value = parsed
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.wrong(key, "a number")
        if isinstance(value, int) and abs(value) > _LARGEST:  # no float holds it: refuse
            raise self.wrong(key, "a number within the figures' range (docs/format.md)")
        if not math.isfinite(value):
            raise self.wrong(key, "a finite number")
        return figure_number(value)

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


@contextmanager
def graph_errors(what: str, file: str | None) -> Iterator[None]:
    """Turn anything a reader raises on a broken file into a ParseError."""
    try:
        yield
    except OrgError:
        raise
    except RecursionError:
        raise ParseError(f"the {what} document nests too deeply", file=file) from None
    except Exception as exc:
        msg = " ".join(str(exc).split()) or type(exc).__name__
        raise ParseError(f"not a valid {what} document: {msg[:300]}", file=file) from None


def to_node_link(
    org: Org, path: str | os.PathLike[str] | None = None, *, lang: str | None = None
) -> Any:
    """Node-link JSON (networkx, D3): ``{"directed", "multigraph", "graph", "nodes",
    "links"}``, nodes and links with the attributes of :func:`to_flat_graph` and their
    exact data as an ``orggraph`` object. Returns the text, or writes *path*.

    >>> import json, orggraph as og
    >>> doc = json.loads(to_node_link(og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]")))
    >>> [n["label"] for n in doc["nodes"]], [(e["source"], e["target"], e["kind"]) for e in doc["links"]]
    (['A', 'B'], [('a', 'b', 'reporting')])
    """
    g = to_flat_graph(org, lang=lang)
    try:
        data = nx.node_link_data(g, edges="links")
    except TypeError:  # networkx < 3.4 names the keyword `link`
        data = nx.node_link_data(g, link="links")
    return output(json.dumps(data, ensure_ascii=False, indent=2, default=json_default) + "\n", path)


def from_node_link(source: Source, *, max_bytes: int | None = None) -> Org:
    """Read node-link JSON (a path or an open file); the edge list may be called
    ``links`` or ``edges``. The document's shape is checked first: an error names the
    place (``links[3].target``, with its line) and what is wrong there; an edge to a node
    the file does not have is a :class:`~orggraph.errors.LinkError`, a repeated key in
    an object a :class:`~orggraph.errors.ParseError`."""
    raw, file = read_input(source, "from_node_link", max_bytes)
    content = decode(raw, file=file)
    reject_surrogates(content, file=file, escapes="json")
    data = load_json(content, file)
    g, places = _node_link_graph(data, JsonPlace(content, file))
    return from_flat_graph(g, file=file, places=places)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate key")
    return out


def load_json(content: str, file: str | None) -> Any:
    """JSON with repeated keys refused. When anything is wrong, the orggraph format's JSON
    reader (:func:`orggraph.io.parse.parse_text`) says what and where (it is only run then:
    its nesting check walks the text in Python)."""
    try:
        return json.loads(content, object_pairs_hook=_unique_keys)
    except (ValueError, RecursionError):
        pass
    parse_text(content, "json", file=file)
    raise ParseError("not valid JSON", file=file)  # pragma: no cover - parse_text raises


def _json_type(value: Any) -> str:
    """What a JSON value is, for messages: ``a number``, ``text``, ``null``..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    kinds = ((str, "text"), ((int, float), "a number"), (list, "a list"), (dict, "an object"))
    return next((name for kind, name in kinds if isinstance(value, kind)), type(value).__name__)


def _json_shown(value: Any) -> str:
    """A JSON value for messages: text itself (shortened), else what kind of value it is."""
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    return _json_type(value)


class JsonPlace:
    """Places in a JSON document: ``links[3].source (line 40, column 7)``."""

    def __init__(self, content: str, file: str | None) -> None:
        self.find = locator(content, "json")
        self.file = file

    def __call__(self, *path: int | str) -> str:
        text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
        line = self.find(path)
        return f"{text or 'the document'} ({line})" if line else text or "the document"

    def fail(
        self, kind: type[OrgError], path: tuple[int | str, ...], message: str, *ids: str
    ) -> OrgError:
        return kind.make(message, file=self.file, place=self(*path), ids=ids)


class _JsonPlaces(Mapping[Any, str]):
    """Places of nodes (by id) and edges (by ``(source, target)``) in a JSON document,
    each found only when asked for: finding one composes the whole document again."""

    def __init__(self, at: JsonPlace) -> None:
        self.at = at
        self.paths: dict[Any, tuple[int | str, ...]] = {}

    def __getitem__(self, key: Any) -> str:
        return self.at(*self.paths[key])

    def __contains__(self, key: object) -> bool:
        return key in self.paths

    def __iter__(self) -> Iterator[Any]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


def _node_id(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def _node_link_graph(data: Any, at: JsonPlace) -> tuple[nx.MultiDiGraph, _JsonPlaces]:
    """The graph in node-link *data*, its shape checked first: an object with a ``nodes``
    list of objects with an ``id``, an edge list (``links`` or ``edges``) of objects whose
    ``source`` and ``target`` are ids of those nodes; node places by id."""
    if not isinstance(data, dict) or "nodes" not in data:
        raise at.fail(
            SchemaError,
            (),
            "a node-link document is a JSON object with a 'nodes' list and a 'links' list, "
            f"not {_json_type(data) if not isinstance(data, dict) else 'an object without nodes'}",
        )
    if "links" in data and "edges" in data:
        raise at.fail(SchemaError, ("edges",), "both 'links' and 'edges': give one edge list")
    key = "links" if "links" in data else "edges"
    nodes, edges, graph = data["nodes"], data.get(key, []), data.get("graph", {})
    for name, value, kind in (("nodes", nodes, list), (key, edges, list), ("graph", graph, dict)):
        if not isinstance(value, kind):
            wanted = "a list" if kind is list else "an object"
            raise at.fail(
                SchemaError, (name,), f"'{name}' must be {wanted}, not {_json_type(value)}"
            )
    for flag in ("directed", "multigraph"):
        if not isinstance(data.get(flag, False), bool):
            raise at.fail(SchemaError, (flag,), f"'{flag}' must be true or false")
    g = nx.MultiDiGraph()
    g.graph.update(graph)
    places = _JsonPlaces(at)
    for i, node in enumerate(nodes):
        if not isinstance(node, dict):
            raise at.fail(
                SchemaError, ("nodes", i), f"a node must be an object, not {_json_type(node)}"
            )
        if "id" not in node:
            raise at.fail(SchemaError, ("nodes", i), "a node without an id")
        nid = node["id"]
        if not _node_id(nid):
            raise at.fail(
                SchemaError, ("nodes", i, "id"),
                f"a node id must be text or a whole number, not {_json_type(nid)}",
            )  # fmt: skip
        if nid in places:
            raise at.fail(
                DuplicateIdError, ("nodes", i, "id"),
                f"two nodes have the id {nid!r} (first at {places[nid]})", str(nid),
            )  # fmt: skip
        places.paths[nid] = ("nodes", i)
        g.add_node(nid, **{k: v for k, v in node.items() if k != "id"})
    for i, edge in enumerate(edges):
        _node_link_edge(g, edge, (key, i), at)
        places.paths.setdefault((edge["source"], edge["target"]), (key, i))
    return g, places


def _node_link_edge(g: nx.MultiDiGraph, edge: Any, path: tuple[str, int], at: JsonPlace) -> None:
    if not isinstance(edge, dict):
        raise at.fail(SchemaError, path, f"an edge must be an object, not {_json_type(edge)}")
    for end in ("source", "target"):
        if end not in edge:
            raise at.fail(SchemaError, path, f"an edge without a {end}")
        if not _node_id(edge[end]):
            raise at.fail(
                SchemaError, (*path, end),
                f"an edge's {end} must be a node id (text or a whole number), "
                f"not {_json_type(edge[end])}",
            )  # fmt: skip
    source, target, key = edge["source"], edge["target"], edge.get("key")
    label = f"edge {path[0]}[{path[1]}] ({source!r} -> {target!r})"
    for end in ("source", "target"):
        if edge[end] not in g:
            raise at.fail(
                LinkError, (*path, end),
                f"{label} ends at {edge[end]!r}, which is no node of the file",
                str(source), str(target),
            )  # fmt: skip
    if key is not None and not _node_id(key):
        raise at.fail(
            SchemaError,
            (*path, "key"),
            f"an edge key must be text or a whole number, not {_json_type(key)}",
        )
    if key is not None and g.has_edge(source, target, key):
        raise at.fail(
            DuplicateIdError,
            (*path, "key"),
            f"{label}: a second edge with the key {key!r}",
            str(key),
        )
    g.add_edge(
        source,
        target,
        key=key,
        **{k: v for k, v in edge.items() if k not in ("source", "target", "key")},
    )


def to_graphml(
    org: Org, path: str | os.PathLike[str] | None = None, *, lang: str | None = None
) -> Any:
    """GraphML with the attributes of :func:`to_flat_graph` (yEd, Gephi and Cytoscape
    show ``label`` and the others as data columns). Returns the text, or writes *path*.

    >>> import orggraph as og
    >>> xml = to_graphml(og.loads("units: [{id: a, name: A & B}]"))
    >>> '<node id="a">' in xml, '>A &amp; B</data>' in xml
    (True, True)
    """
    buffer = io.BytesIO()
    nx.write_graphml(to_flat_graph(org, lang=lang, xml=True), buffer, encoding="utf-8")
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


def to_gexf(
    org: Org, path: str | os.PathLike[str] | None = None, *, lang: str | None = None
) -> Any:
    """GEXF 1.2 (Gephi) with the attributes of :func:`to_flat_graph`. GEXF has no
    graph attributes: the organisation's own data rides on the first node
    (``orggraph_org``). Returns the text, or writes *path*."""
    g = to_flat_graph(org, lang=lang, xml=True)
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


def decimal_amount(value: int | float) -> tuple[str, str]:
    """The lexical form and XSD type of a salary: whole amounts as ``xsd:integer``, exact
    at any size (a whole float by its exact value, so it reads back equal), fractions as
    ``xsd:decimal`` with the float's shortest digits."""
    if isinstance(value, int) or value.is_integer():
        return str(int(value)), "integer"
    return format(Decimal(repr(value)), "f"), "decimal"


_NOT_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`]')  # what no IRI holds (RFC 3987; rdflib's own test)


def check_iris(g: Any, uriref: type, content: str, what: str, file: str | None) -> None:
    """Refuse an IRI the parser let through although no IRI can hold it (a space, a
    quote...): rdflib reads it with a logged warning and cannot write it back."""
    terms = set(g.all_nodes()) | set(g.predicates(unique=True))
    for term in sorted(terms, key=str):  # the first bad one in a stable order
        bad = _NOT_IRI.search(str(term)) if isinstance(term, uriref) else None
        if bad is not None:
            # The IRI as written, or its local part after a prefix (skos:prefLabel), or
            # the bad character itself: the first found gives the place.
            iri = str(term)
            spots = (iri, iri.rsplit("#", 1)[-1], iri.rsplit("/", 1)[-1], bad.group())
            found = next((at for at in map(content.find, spots) if at >= 0), -1)
            place = None
            if found >= 0:
                line = content.count("\n", 0, found) + 1
                place = f"line {line}, column {found - (content.rfind(chr(10), 0, found) + 1) + 1}"
            raise ParseError(
                f"{what}: the IRI <{term}> is not valid: it holds {bad.group()!r} "
                "(percent-encode it, as %20 for a space)",
                file=file,
                place=place,
            )


def turtle_error(exc: Exception, content: str, file: str | None) -> ParseError | None:
    """What rdflib's Turtle parser raised, as a syntax error with its line and column
    (``None`` for anything else). rdflib raises BadSyntax (a SyntaxError with the text and
    offset as ``_str``/``_i`` and the reason as ``_why``) and, from corners of its N3
    parser, an IndexError when the text ends in the middle of a statement, an
    AssertionError ("Quote expected in string at ^ in <before>^<after>") when a string is
    never closed, a ValueError for a bad language tag and an AttributeError for an N3
    variable (``?x``)."""
    message, index = "", -1
    if isinstance(exc, IndexError):
        last = content.count("\n", 0, len(content.rstrip())) + 1
        return ParseError(
            "Turtle syntax error: the file ends in the middle of a statement "
            "(a missing ' .' or closing bracket?)",
            file=file,
            place=f"line {last}",
        )
    if isinstance(exc, AssertionError):
        message = "a string literal is not closed (a quote is missing)"
        around = re.search(r"at \^ in (.*)\^(.*)\Z", str(exc), re.DOTALL)
        found = content.find("".join(around.groups())) if around else -1
        if around and found >= 0:  # point at the opening quote
            index = found + len(around[1]) - (1 if around[1].endswith(("'", '"')) else 0)
    elif isinstance(exc, SyntaxError):
        text, offset = getattr(exc, "_str", None), getattr(exc, "_i", None)
        message = str(getattr(exc, "_why", "") or "bad syntax")
        if isinstance(text, bytes) and isinstance(offset, int):
            index = len(text[:offset].decode("utf-8", "replace"))
    elif isinstance(exc, ValueError) and "language tag" in str(exc):
        tag = str(exc).split("'")[1] if str(exc).count("'") >= 2 else ""
        message = f"{tag!r} is not a language tag (such as en or zh-Hans)"
        index = content.find(f"@{tag}") if tag else -1
    elif isinstance(exc, AttributeError) and "newUniversal" in str(exc):
        message = "variables (?name) are N3, not Turtle"
        variable = re.search(r"(?:^|\s)(\?\w)", content)
        index = variable.start(1) if variable else -1
    else:
        return None
    message = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", " ".join(message.split()))
    place = None
    if index >= 0:
        line = content.count("\n", 0, index) + 1
        place = f"line {line}, column {index - (content.rfind(chr(10), 0, index) + 1) + 1}"
    elif isinstance(lines := getattr(exc, "lines", None), int):
        place = f"line {lines + 1}"
    return ParseError(f"Turtle syntax error: {message[:200]}", file=file, place=place)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


_LANG_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_LD_RULES: dict[str, tuple[Callable[[Any, Mapping[str, Any]], bool], str]] = {
    "@id": (lambda v, _: isinstance(v, str), "text (an IRI)"),
    "@index": (lambda v, _: isinstance(v, str), "text"),
    "@direction": (lambda v, _: v in ("ltr", "rtl", None), "ltr or rtl"),
    "@type": (
        lambda v, node: (
            isinstance(v, str)
            or ("@value" not in node and isinstance(v, list) and all(isinstance(t, str) for t in v))
        ),
        "text (an IRI) or a list of them",
    ),
    "@language": (
        lambda v, _: isinstance(v, str) and bool(_LANG_TAG.fullmatch(v)),
        "a language tag such as en or zh-Hans",
    ),
    "@value": (
        lambda v, node: not isinstance(v, (dict, list)) or node.get("@type") == "@json",
        "text, a number, true, false or null",
    ),
    "@graph": (lambda v, _: isinstance(v, (dict, list)), "an object or a list of objects"),
    "@included": (lambda v, _: isinstance(v, (dict, list)), "an object or a list of objects"),
    "@reverse": (lambda v, _: isinstance(v, dict), "an object"),
}
"""What each JSON-LD keyword of a node or value object must hold (JSON-LD 1.1, 9)."""


def check_jsonld(data: Any, at: JsonPlace) -> None:
    """The shape the JSON-LD grammar gives *data*: objects where nodes go, text where IRIs
    and language tags go. A :class:`SchemaError` names the JSON path otherwise, before
    rdflib meets a value it cannot handle."""
    stack: list[tuple[Any, tuple[int | str, ...], bool]] = [(data, (), True)]
    while stack:
        node, path, nodes_only = stack.pop()  # nodes_only: a node object must be here
        if isinstance(node, list):
            stack.extend((item, (*path, i), nodes_only) for i, item in enumerate(node))
        elif isinstance(node, dict):
            for key, value in node.items():
                sub = (*path, key)
                if key == "@context":
                    _check_jsonld_context(value, sub, at)
                    continue
                test, wanted = _LD_RULES.get(key, (lambda v, _: True, ""))
                if not test(value, node):
                    raise at.fail(
                        SchemaError, sub, f"{key} must be {wanted}, not {_json_shown(value)}"
                    )
                if key not in ("@id", "@index", "@direction", "@type", "@language", "@value"):
                    stack.append((value, sub, key in ("@graph", "@included")))
        elif nodes_only:
            what = "a JSON-LD document is" if not path else "expected"
            raise at.fail(
                SchemaError, path, f"{what} an object or a list of objects, not {_json_type(node)}"
            )


def _check_jsonld_context(context: Any, path: tuple[int | str, ...], at: JsonPlace) -> None:
    """An inline ``@context``: null, an object of term definitions or a list of them (a
    remote context, given as text, is refused before this by :func:`check_contexts`)."""
    for i, item in enumerate(context if isinstance(context, list) else [context]):
        where = (*path, i) if isinstance(context, list) else path
        if item is None or isinstance(item, str):
            continue
        if not isinstance(item, dict):
            raise at.fail(
                SchemaError, where, f"a @context must be an object, not {_json_type(item)}"
            )
        for term, definition in item.items():
            if isinstance(definition, dict):
                for key, value in definition.items():
                    if key == "@context":
                        _check_jsonld_context(value, (*where, term, key), at)
                    elif not _term_setting(key, value):
                        raise at.fail(
                            SchemaError,
                            (*where, term, key),
                            f"{key} of the term {term!r} cannot be {_json_type(value)}",
                        )
            elif not _term_setting(term, definition):
                raise at.fail(
                    SchemaError,
                    (*where, term),
                    f"the @context entry {term!r} cannot be {_json_type(definition)}",
                )


def _term_setting(key: str, value: Any) -> bool:
    """Whether *value* can be the @context entry or term setting *key*."""
    if key in ("@propagate", "@protected", "@prefix"):
        return isinstance(value, bool)
    if key == "@version":
        return bool(value == 1.1)  # the only version JSON-LD 1.1 has
    if key == "@language":
        return value is None or (isinstance(value, str) and bool(_LANG_TAG.fullmatch(value)))
    if key == "@container":
        items = value if isinstance(value, list) else [value]
        return value is None or all(isinstance(c, str) for c in items)
    return value is None or isinstance(value, str)


def n3(node: Any) -> str:
    """A resource as Turtle writes it; rdflib refuses (with a bare Exception) to write an
    IRI it read leniently, such as one with a space: that one is shown in brackets."""
    try:
        return str(node.n3())
    except Exception:
        return f"<{node}>"
