"""Other file formats: graph tools (node-link JSON, GraphML, GEXF), Mermaid, DOT and
W3C ORG (Turtle, JSON-LD); :func:`convert` between any of them by suffix.

Every format that can carry the whole organisation reads back equal to what was
written (``from_graphml(to_graphml(org)) == org``); Mermaid and DOT are write-only
pictures. Labels are escaped for each format: no name can change a file's structure.

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
>>> print(to_mermaid(org, lang="en", figures=False))  # doctest: +ELLIPSIS
flowchart TD
    n0["CEO office<br/>CEO"]
    n1["Sales"]
    n0 --> n1
...

Suffixes (see :data:`FORMATS`): ``.yaml``/``.yml``/``.json`` (the orggraph format),
``.csv``/``.xlsx`` (tables), ``.nodelink.json``, ``.graphml``, ``.gexf``,
``.mmd``/``.mermaid``, ``.dot``/``.gv``, ``.ttl``, ``.jsonld``.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple, Union, cast
from urllib.parse import quote, unquote

import networkx as nx

from .errors import (
    DuplicateIdError,
    LinkError,
    MissingDependencyError,
    OrgError,
    OrgWarning,
    ParseError,
    SchemaError,
)
from .export import _json_default, atomic_write
from .export import dumps as _dumps
from .export import to_dict as _to_dict
from .names import Name, text
from .parse import decode, locator, parse_text, reject_surrogates
from .renderers.quoting import clean, mermaid_label
from .sources import read_source, source_name
from .xmlcheck import GraphFacts, check_graph_xml

if TYPE_CHECKING:
    import rdflib

    from .model import Org

__all__ = [
    "FORMATS",
    "FORMAT_VERSIONS",
    "Format",
    "convert",
    "format_of",
    "from_flat_graph",
    "from_gexf",
    "from_graphml",
    "from_jsonld",
    "from_node_link",
    "from_rdf",
    "from_turtle",
    "read",
    "serialize",
    "to_dot",
    "to_flat_graph",
    "to_gexf",
    "to_graphml",
    "to_jsonld",
    "to_mermaid",
    "to_node_link",
    "to_rdf",
    "to_turtle",
    "write",
]

Source = Union[str, "os.PathLike[str]", IO[str], IO[bytes]]
RDF_HINT = "pip install 'orggraph[rdf]'"
# Keys of the file format that the graph formats carry as structure (edges), not data.
_STRUCTURE = ("units", "parent", "responsibilities")
_TOP_STRUCTURE = ("units", "responsibilities", "links")
_KINDS = ("reporting", "responsibility", "dotted", "collaboration")


class Format(NamedTuple):
    """One file format: its name, its suffixes, whether it can be read and written."""

    name: str
    suffixes: tuple[str, ...]
    readable: bool
    writable: bool
    description: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("yaml", (".yaml", ".yml"), True, True, "the orggraph format (YAML)"),
        Format("json", (".json",), True, True, "the orggraph format (JSON)"),
        Format("csv", (".csv",), True, True, "a table, one row per unit (orggraph.tabular)"),
        Format("xlsx", (".xlsx",), True, False, "an Excel table (read only)"),
        Format("node-link", (".nodelink.json",), True, True, "networkx/D3 node-link JSON"),
        Format("graphml", (".graphml",), True, True, "GraphML (yEd, Gephi, Cytoscape)"),
        Format("gexf", (".gexf",), True, True, "GEXF 1.2 (Gephi)"),
        Format("mermaid", (".mmd", ".mermaid"), False, True, "Mermaid flowchart (write only)"),
        Format("dot", (".dot", ".gv"), False, True, "Graphviz DOT source (write only)"),
        Format("turtle", (".ttl",), True, True, "W3C ORG ontology as RDF Turtle (needs rdflib)"),
        Format("json-ld", (".jsonld",), True, True, "W3C ORG ontology as JSON-LD (needs rdflib)"),
    )
}
"""Every format by name. Suffixes are matched longest first, so ``.nodelink.json`` wins
over ``.json``."""

_BY_SUFFIX = sorted(
    ((s, f) for f in FORMATS.values() for s in f.suffixes), key=lambda sf: -len(sf[0])
)


def _suffix_list(pred: Callable[[Format], bool] = lambda f: True) -> list[str]:
    return [s for f in FORMATS.values() if pred(f) for s in f.suffixes]


def format_of(
    path: str | os.PathLike[str], format: str | None = None, *, mode: str = "read"
) -> Format:
    """The format of *path* by its suffix (or the format named *format*); *mode* is
    ``"read"`` or ``"write"``. An :class:`OrgError` lists the valid choices otherwise.

    >>> format_of("chart.nodelink.json").name, format_of("org.yml").name
    ('node-link', 'yaml')
    >>> format_of("chart.mmd", mode="read")
    Traceback (most recent call last):
    ...
    orggraph.errors.OrgError: chart.mmd: mermaid (.mmd, .mermaid) can be written but not read back; readable: .yaml, .yml, .json, .csv, .xlsx, .nodelink.json, .graphml, .gexf, .ttl, .jsonld
    """
    file = os.fspath(path)
    if format is not None:
        if format not in FORMATS:
            raise OrgError(
                f"unknown format {format!r}; choose one of {', '.join(FORMATS)}",
                file=file,
                choices=list(FORMATS),
            )
        found = FORMATS[format]
    else:
        name = Path(file).name.lower()
        match = next((f for s, f in _BY_SUFFIX if name.endswith(s)), None)
        if match is None:
            ok = _suffix_list(lambda f: f.readable if mode == "read" else f.writable)
            raise OrgError(
                f"cannot tell the format from the suffix {Path(file).suffix!r}; use one of "
                f"{', '.join(ok)} (or name the format: {', '.join(FORMATS)})",
                file=file,
                choices=ok,
            )
        found = match
    if mode == "read" and not found.readable:
        raise OrgError(
            f"{found.name} ({', '.join(found.suffixes)}) can be written but not read back; "
            f"readable: {', '.join(_suffix_list(lambda f: f.readable))}",
            file=file,
            choices=_suffix_list(lambda f: f.readable),
        )
    if mode == "write" and not found.writable:
        raise OrgError(
            f"{found.name} ({', '.join(found.suffixes)}) can be read but not written; "
            f"writable: {', '.join(_suffix_list(lambda f: f.writable))}",
            file=file,
            choices=_suffix_list(lambda f: f.writable),
        )
    return found


# -- shared helpers -------------------------------------------------------------------------

# Characters XML 1.0 cannot hold at all, even as character references.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _display(value: str) -> str:
    """Text for a display attribute: control characters dropped (XML cannot hold them)."""
    return clean(value)


def _json_text(data: Any, *, xml: bool = False) -> str:
    """Compact JSON; with *xml*, also escape the few characters XML cannot hold (JSON
    already escapes control characters)."""
    out = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_json_default)
    if xml:
        out = _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", out)
    return out


def _number(value: Any) -> int | float:
    """A figure as an int when whole (so ``20000.0`` reads as ``20000``)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value  # type: ignore[no-any-return]


def _exact(amount: Decimal) -> int | float | None:
    """A decimal as an int when whole (exactly: ``9007199254740993`` stays that), else a
    float; ``None`` when it is not finite or beyond a float's range."""
    if not amount.is_finite() or amount.adjusted() > 308:
        return None
    if amount == amount.to_integral_value():
        return int(amount)
    value = float(amount)
    return value if math.isfinite(value) else None


def _read_source(
    source: Source, what: str, max_bytes: int | None = None
) -> tuple[bytes, str | None]:
    """The bytes of *source* (a path or an open file) and its file name, if any: a regular
    file only, at most *max_bytes* bytes (see :mod:`orggraph.sources`)."""
    if not isinstance(source, (str, os.PathLike)) and not callable(getattr(source, "read", None)):
        raise OrgError(f"{what}: expected a path or an open file, not {type(source).__name__}")
    return read_source(source, max_bytes=max_bytes)


def _output(content: str, path: str | os.PathLike[str] | None) -> Any:
    return content if path is None else atomic_write(Path(path), content)


def _unit_entries(data: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
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


def _build(
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
    from .construct import from_dict

    doc: dict[str, Any] = {k: v for k, v in top.items() if k not in (*_TOP_STRUCTURE, "orggraph")}
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
    encode: Callable[[Any], Any] = (lambda d: _json_text(d, xml=True)) if xml else (lambda d: d)
    ids = _xml_ids([*org.units(), *org.responsibility_ids()]) if xml else None

    def nid(uid: str) -> str:
        return ids[uid] if ids is not None else uid

    g = nx.MultiDiGraph()
    _flat_name(g.graph, "name", org.org_name, lang, lang0)
    if org.lang:
        g.graph["lang"] = _display(" ".join(org.lang))
    g.graph["orggraph"] = encode(
        {"orggraph": 1, **{k: v for k, v in data.items() if k not in _TOP_STRUCTURE}}
    )
    table = org.rollup_table(("seats", "budget"))
    size = {u: 1 for u in org.units()}
    for u in reversed(org.units()):
        p = org.parent(u)
        if p is not None:
            size[p] += size[u]
    for entry in _unit_entries(data):
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
                parsed = _exact(Decimal(value.strip()))
            except InvalidOperation:
                raise self.wrong(key, "a number") from None
            if parsed is None:
                raise self.wrong(key, "a finite number")
            value = parsed
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.wrong(key, "a number")
        if not math.isfinite(value):
            raise self.wrong(key, "a finite number")
        return _number(value)

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
    place: dict[tuple[str, int], tuple[str, Spot]] = {}  # for _build: what, where
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

    return _build(top, units, parents, owned, resp, [t[2] for t in links], file=file, where=where)


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
def _graph_errors(what: str, file: str | None) -> Iterator[None]:
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
    return _output(
        json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n", path
    )


def from_node_link(source: Source, *, max_bytes: int | None = None) -> Org:
    """Read node-link JSON (a path or an open file); the edge list may be called
    ``links`` or ``edges``. The document's shape is checked first: an error names the
    place (``links[3].target``, with its line) and what is wrong there; an edge to a node
    the file does not have is a :class:`~orggraph.errors.LinkError`, a repeated key in
    an object a :class:`~orggraph.errors.ParseError`."""
    raw, file = _read_source(source, "from_node_link", max_bytes)
    content = decode(raw, file=file)
    reject_surrogates(content, file=file, escapes="json")
    data = _load_json(content, file)
    g, places = _node_link_graph(data, _JsonPlace(content, file))
    return from_flat_graph(g, file=file, places=places)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate key")
    return out


def _load_json(content: str, file: str | None) -> Any:
    """JSON with repeated keys refused. When anything is wrong, the orggraph format's JSON
    reader (:func:`orggraph.parse.parse_text`) says what and where (it is only run then:
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


class _JsonPlace:
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

    def __init__(self, at: _JsonPlace) -> None:
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


def _node_link_graph(data: Any, at: _JsonPlace) -> tuple[nx.MultiDiGraph, _JsonPlaces]:
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


def _node_link_edge(g: nx.MultiDiGraph, edge: Any, path: tuple[str, int], at: _JsonPlace) -> None:
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
    return _output(buffer.getvalue().decode("utf-8"), path)


def from_graphml(source: Source, *, max_bytes: int | None = None) -> Org:
    """Read GraphML (a path or an open file). The file is checked first
    (:func:`orggraph.xmlcheck.check_graph_xml`): a DOCTYPE in any encoding, a node
    without an id, two nodes with one id, an edge to a node the file does not have or a
    value that does not convert to its declared type is an :class:`OrgError` with its line.
    """
    raw, file = _read_source(source, "from_graphml", max_bytes)
    facts = check_graph_xml(raw, "graphml", file=file)
    with _graph_errors("GraphML", file), warnings.catch_warnings():
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
    return _output(buffer.getvalue().decode("utf-8"), path)


def from_gexf(source: Source, *, max_bytes: int | None = None) -> Org:
    """Read GEXF 1.1, 1.2 or 1.3 (a path or an open file), checked first as GraphML is
    (:func:`from_graphml`)."""
    raw, file = _read_source(source, "from_gexf", max_bytes)
    facts = check_graph_xml(raw, "gexf", file=file)
    with _graph_errors("GEXF", file):
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


# -- pictures: Mermaid and DOT --------------------------------------------------------------


def to_mermaid(
    org: Org,
    path: str | os.PathLike[str] | None = None,
    *,
    lang: str | None = None,
    root: str | None = None,
    depth: int | None = None,
    links: Sequence[str] = ("dotted", "collaboration"),
    figures: bool = True,
    title: bool = True,
) -> Any:
    """A Mermaid flowchart (top-down) for Markdown, GitHub and GitLab: one box per unit
    (name, head's title, seats and budget), reporting lines ``-->``, dotted lines
    ``-.->`` in purple, collaboration ``-.->`` (``<-.->`` when mutual) in orange with
    the relation as the label, and one class per unit type. Node ids are synthetic
    (``n0``, ``n1``, ...); every label is escaped with Mermaid's ``#entity;`` codes.
    *root* and *depth* draw a part (units below *depth* are summed up on their
    ancestor). Returns the text, or writes *path*.

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: '<b>\\"A\\"</b>', units: [{id: b, name: B}]}]")
    >>> print(to_mermaid(org, figures=False).split("\\n")[1])
        n0["#lt;b#gt;#quot;A#quot;#lt;/b#gt;"]
    """
    from .renderers.labels import hidden_note, unit_box
    from .renderers.theme import DEFAULT_THEME

    bad = set(links) - {"dotted", "collaboration"}
    if bad:
        raise OrgError(
            f"unknown link kind {sorted(bad)[0]!r}; choose from dotted, collaboration",
            choices=("dotted", "collaboration"),
        )
    from .renderers.layout import make_view

    lang0 = org.lang[0] if org.lang else None
    lang = lang or lang0
    view = make_view(org, root, depth)
    shown, collapsed = view.shown, view.collapsed
    nid = {u: f"n{i}" for i, u in enumerate(shown)}
    table = org.rollup_table(("seats", "budget"))

    out: list[str] = []
    if title and org.org_name is not None:
        heading = " ".join(clean(text(org.org_name, lang, default_lang=lang0)).split())
        # JSON is YAML; < > & as \\u escapes keep raw markup out of the file.
        quoted = (
            json.dumps(heading)
            .replace("<", "\\u003c")
            .replace(">", "\\u003e")
            .replace("&", "\\u0026")
        )
        out += ["---", f"title: {quoted}", "---"]
    out.append("flowchart TD")
    for u in shown:
        box = unit_box(org, u, lang=lang, seats=table[u]["seats"], budget=table[u]["budget"])
        lines = [box.name, box.title, box.figures if figures else ""]
        if u in collapsed:
            from .rollup import Rollup

            seats = table[u]["seats"]
            own = org.headcount(u)
            people = Rollup(seats.value - own.value, tuple(x for x in seats.unknown if x != u))
            lines.append(hidden_note(len(collapsed[u]), people, lang))
        label = "<br/>".join(mermaid_label(line) for line in lines if line)
        out.append(f'    {nid[u]}["{label}"]')
    edges: list[str] = []
    styles: dict[str, list[int]] = {"dotted": [], "collaboration": []}
    for u in shown:
        if u not in collapsed:
            edges.extend(f"    {nid[u]} --> {nid[c]}" for c in org.children(u))
    visible = view.boxes()
    for src, dst, data in org.links():
        kind = data["kind"]
        if kind not in links or src not in visible or dst not in visible:
            continue
        a, b = visible[src], visible[dst]
        if a == b:
            continue
        arrow = "<-.->" if data.get("mutual") else "-.->"
        relation = data.get("relation")
        label = f'|"{mermaid_label(text(relation, lang, default_lang=lang0))}"|' if relation else ""
        styles[kind].append(len(edges))
        edges.append(f"    {nid[a]} {arrow}{label} {nid[b]}")
    out += edges
    theme = DEFAULT_THEME
    classes: dict[str | None, str] = {}
    members: dict[str, list[str]] = {}
    for u in shown:
        unit_type = org.unit(u).get("type")
        if unit_type not in classes:
            slug = re.sub(r"[^A-Za-z0-9_]", "_", unit_type or "unit")[:30]
            name = f"t_{slug}"
            while name in classes.values():
                name = f"t_{slug}_{len(classes)}"
            classes[unit_type] = name
        members.setdefault(classes[unit_type], []).append(nid[u])
    for unit_type, name in classes.items():
        style = theme.style_for(unit_type)
        out.append(
            f"    classDef {name} fill:{style.fill},stroke:{style.border},color:{style.text}"
        )
        out.append(f"    class {','.join(members[name])} {name}")
    if styles["dotted"]:
        out.append(
            f"    linkStyle {','.join(map(str, styles['dotted']))} "
            f"stroke:{theme.dotted_color},stroke-width:2px,stroke-dasharray:2 3"
        )
    if styles["collaboration"]:
        out.append(
            f"    linkStyle {','.join(map(str, styles['collaboration']))} "
            f"stroke:{theme.collaboration_color},stroke-dasharray:6 4,color:{theme.collaboration_color}"
        )
    return _output("\n".join(out) + "\n", path)


def to_dot(
    org: Org, path: str | os.PathLike[str] | None = None, *, lang: str | None = None, **options: Any
) -> Any:
    """The DOT source of the chart (:func:`orggraph.renderers.graphviz.to_dot`, which
    takes the *options*). Returns the text, or writes *path*."""
    from .renderers.graphviz import to_dot as dot_source

    return _output(dot_source(org, lang=lang, **options), path)


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


def _amount(value: int | float) -> tuple[str, str]:
    """The lexical form and XSD type of a salary: whole amounts as ``xsd:integer``, exact
    at any size (a whole float by its exact value, so it reads back equal), fractions as
    ``xsd:decimal`` with the float's shortest digits."""
    if isinstance(value, int) or value.is_integer():
        return str(int(value)), "integer"
    return format(Decimal(repr(value)), "f"), "decimal"


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
        return Literal(_json_text(value), datatype=RDF.JSON)

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
    extra = {k: v for k, v in data.items() if k not in (*_TOP_STRUCTURE, "org", "lang", "attrs")}
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
            lexical, xsd_type = _amount(p["salary"])
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
    for order, entry in enumerate(_unit_entries(data)):
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
        data = _load_json(content, file)
        _check_contexts(data, file)
        _check_jsonld(data, _JsonPlace(content, file))
    g = lib.Graph()
    with _graph_errors(what, file), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's own JSON-LD parser
        try:
            g.parse(data=content, format=fmt)
        except Exception as exc:
            located = _turtle_error(exc, content, file) if fmt == "turtle" else None
            if located is None:
                raise  # _graph_errors says what it can
            raise located from None
    _check_iris(g, lib.URIRef, content, what, file)
    return g  # type: ignore[no-any-return]


_NOT_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`]')  # what no IRI holds (RFC 3987; rdflib's own test)


def _check_iris(g: Any, uriref: type, content: str, what: str, file: str | None) -> None:
    """Refuse an IRI the parser let through although no IRI can hold it (a space, a
    quote...): rdflib reads it with a logged warning and cannot write it back."""
    terms = set(g.all_nodes()) | set(g.predicates(unique=True))
    for term in terms:
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


def _turtle_error(exc: Exception, content: str, file: str | None) -> ParseError | None:
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


def _check_jsonld(data: Any, at: _JsonPlace) -> None:
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


def _check_jsonld_context(context: Any, path: tuple[int | str, ...], at: _JsonPlace) -> None:
    """An inline ``@context``: null, an object of term definitions or a list of them (a
    remote context, given as text, is refused before this by :func:`_check_contexts`)."""
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


def _check_contexts(node: Any, file: str | None) -> None:
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


def _n3(node: Any) -> str:
    """A resource as Turtle writes it; rdflib refuses (with a bare Exception) to write an
    IRI it read leniently, such as one with a space: that one is shown in brackets."""
    try:
        return str(node.n3())
    except Exception:
        return f"<{node}>"


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
            value = _number(value) if math.isfinite(value) else None
        else:
            value = _exact(amount)
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
                f"{prop.n3(g.namespace_manager)} of {_n3(subject)} is not an RDF list"
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
                {
                    k: v
                    for k, v in more.items()
                    if k not in (*_TOP_STRUCTURE, "org", "lang", "attrs")
                }
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
            raise fail(f"two units have the id {uid!r}: {_n3(by_id[uid])} and {_n3(u)}", uid)
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
            entry["staff"] = [read_post(p, f"{what}: staff post {_n3(p)}") for p in staff]
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
        place[("units", len(units))] = _n3(u)
        units.append(entry)

    links: list[dict[str, Any]] = []
    link_nodes = sorted(g.subjects(RDF.type, OG.Link), key=order_key)
    for node in link_nodes:
        kind, src, dst = one(node, OG.kind), one(node, OG.source), one(node, OG.target)
        if kind is None or src not in ids or dst not in ids:
            raise fail(f"link {_n3(node)} needs og:kind, og:source and og:target units")
        link: dict[str, Any] = {"kind": str(kind), "from": ids[src], "to": ids[dst]}
        relation = name(node, OG.relation)
        if relation is not None:
            link["relation"] = relation
        mutual = one(node, OG.mutual)
        if mutual is not None and mutual.toPython() is True:
            link["mutual"] = True
        place[("links", len(links))] = _n3(node)
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

    return _build(top, units, parents, owned, resp, links, file=file, where=where)


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
    >>> from_turtle(io.StringIO(ttl)).name("a")
    'A & B'
    """
    return _output(_to_rdf(org, base=base, stable=True).serialize(format="turtle"), path)


def from_turtle(source: Source, *, max_bytes: int | None = None) -> Org:
    """Read W3C ORG Turtle (a path or an open file); see :func:`from_rdf`."""
    raw, file = _read_source(source, "from_turtle", max_bytes)
    graph = _parse_rdf(raw, "turtle", file)
    with _graph_errors("Turtle", file):  # rdflib raises bare Exceptions on odd IRIs
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
    return _output(json.dumps(data, ensure_ascii=False, indent=2) + "\n", path)


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
    raw, file = _read_source(source, "from_jsonld", max_bytes)
    graph = _parse_rdf(raw, "json-ld", file)
    with _graph_errors("JSON-LD", file):  # rdflib raises bare Exceptions on odd IRIs
        return from_rdf(graph, file=file)


# -- any format by name or suffix -----------------------------------------------------------


def read(source: Source, format: str | None = None, *, max_bytes: int | None = None) -> Org:
    """Read an organisation in any readable format, by suffix or *format* name. *source*
    is a path or an open file (then *format* is needed unless its name tells); at most
    *max_bytes* bytes are read (see :mod:`orggraph.sources`).

    >>> read("org.mmd")
    Traceback (most recent call last):
    ...
    orggraph.errors.OrgError: org.mmd: mermaid (.mmd, .mermaid) can be written but not read back; readable: .yaml, .yml, .json, .csv, .xlsx, .nodelink.json, .graphml, .gexf, .ttl, .jsonld
    """
    fmt = format_of(source_name(source) or "<open file>", format, mode="read")
    readers: dict[str, Callable[..., Org]] = {
        "node-link": from_node_link,
        "graphml": from_graphml,
        "gexf": from_gexf,
        "turtle": from_turtle,
        "json-ld": from_jsonld,
    }
    if fmt.name in readers:
        return readers[fmt.name](source, max_bytes=max_bytes)
    from .construct import load

    return load(source, format=fmt.name, max_bytes=max_bytes)


def serialize(org: Org, format: str, *, lang: str | None = None) -> str:
    """The organisation as text in the writable *format* (a name of :data:`FORMATS`);
    *lang* picks the language of labels in the graph-tool and picture formats.

    >>> import orggraph as og
    >>> print(serialize(og.loads("units: [{id: a, name: A}]"), "yaml"), end="")
    units:
    - id: a
      name: A
    """
    fmt = format_of(f"<{format}>", format, mode="write")
    if fmt.name in ("yaml", "json"):
        return _dumps(org, fmt.name)
    if fmt.name == "csv":
        from .tabular import to_csv

        return str(to_csv(org))
    writers: dict[str, Callable[[Org], str]] = {
        "node-link": lambda o: str(to_node_link(o, lang=lang)),
        "graphml": lambda o: str(to_graphml(o, lang=lang)),
        "gexf": lambda o: str(to_gexf(o, lang=lang)),
        "mermaid": lambda o: str(to_mermaid(o, lang=lang)),
        "dot": lambda o: str(to_dot(o, lang=lang)),
        "turtle": lambda o: str(to_turtle(o)),
        "json-ld": lambda o: str(to_jsonld(o)),
    }
    return writers[fmt.name](org)


def write(
    org: Org, path: str | os.PathLike[str], format: str | None = None, *, lang: str | None = None
) -> Path:
    """Write the organisation to *path* in the format of its suffix (or *format*),
    atomically."""
    fmt = format_of(path, format, mode="write")
    if lang is not None and org.lang and lang not in org.lang:
        warnings.warn(
            f"language {lang!r} is not one of the organisation's languages ({', '.join(org.lang)}); "
            f"names fall back to {org.lang[0]!r}",
            OrgWarning,
            stacklevel=2,
        )
    target = Path(path)
    if not target.parent.is_dir():
        raise OrgError("the folder does not exist; create it first", file=str(target.parent))
    return atomic_write(target, serialize(org, fmt.name, lang=lang))


def convert(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    *,
    lang: str | None = None,
    from_format: str | None = None,
    to_format: str | None = None,
) -> Path:
    """Read *src* and write *dst*, each in the format of its suffix (or the format
    named by *from_format* / *to_format*; see :data:`FORMATS`); returns *dst*'s path.

    >>> import tempfile, orggraph as og
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = og.loads("units: [{id: a, name: A}]").dump(folder / "org.yaml")
    >>> convert(folder / "org.yaml", folder / "org.graphml").name
    'org.graphml'
    >>> read(folder / "org.graphml") == og.load(folder / "org.yaml")
    True
    >>> convert(folder / "org.yaml", folder / "org.txt")
    Traceback (most recent call last):
    ...
    orggraph.errors.OrgError: .../org.txt: cannot tell the format from the suffix '.txt'; use one of .yaml, .yml, .json, .csv, .nodelink.json, .graphml, .gexf, .mmd, .mermaid, .dot, .gv, .ttl, .jsonld (or name the format: yaml, json, csv, xlsx, node-link, graphml, gexf, mermaid, dot, turtle, json-ld)
    """
    format_of(dst, to_format, mode="write")  # a bad target fails before any reading
    org = read(src, from_format)
    return write(org, dst, to_format, lang=lang)
