"""Checks on GraphML and GEXF files before networkx builds a graph from them.

One streaming pass with expat, the parser ElementTree (and so networkx) uses, over the
raw bytes: whatever the encoding (UTF-8 with or without BOM, UTF-16 either way round,
an XML declaration naming another one), a DOCTYPE is refused before anything in it is
read, so no entity is ever declared or expanded. The same pass makes foreign files
strict, with the line of each problem: every node has one id, every edge joins nodes
of the file (networkx would silently add a node for a missing end: a unit named after
the missing id), typed values convert, no part of the file is one networkx would skip.

This module says which check runs at which element of GraphML and of GEXF, and gives
the entry point; the pass itself, and the checks both dialects share, are
:class:`orggraph.io.xmlscan.Scan`'s.

>>> check_graph_xml(b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph>'
...     b'<node id="a"/><edge source="a" target="b"/></graph></graphml>', "graphml")
Traceback (most recent call last):
...
orggraph.errors.LinkError: line 1, column 77: edge #1 ('a' -> 'b') ends at 'b', which is no node of the file
>>> check_graph_xml('<!DOCTYPE x><graphml/>'.encode("utf-16"), "graphml", file="x.graphml")
Traceback (most recent call last):
...
orggraph.errors.ParseError: x.graphml: line 1: GraphML files with a DOCTYPE are not read (entity declarations could expand without bound)
"""

from __future__ import annotations

from orggraph.errors import SchemaError
from orggraph.io.xmlscan import (
    GEXF_VERSIONS,
    GRAPHML_NS,
    Element,
    EndRule,
    GraphFacts,
    Scan,
    StartRule,
)

__all__ = ["GEXF_VERSIONS", "GRAPHML_NS", "GraphFacts", "check_graph_xml"]

# Value types as networkx converts them: GraphML's attr.type, GEXF's attribute type.
_GRAPHML_TYPES = ("string", "boolean", "int", "long", "integer", "float", "double", "yfiles")
_GEXF_TYPES = ("string", "boolean", "integer", "long", "float", "double", "liststring", "anyURI")


# -- GraphML ----------------------------------------------------------------------------------


def _graphml_key(scan: Scan, element: Element, parent: Element) -> None:
    if parent is not scan.stack[0]:
        return  # networkx reads the keys of the root only; data naming others fails below
    attrs = element.attrs
    name, kind = attrs.get("attr.name"), attrs.get("attr.type", "string")
    if attrs.get("yfiles.type") is not None:
        name, kind = attrs["yfiles.type"], "yfiles"
    scan.declare(element, "key", attrs.get("id"), name, kind, _GRAPHML_TYPES)


def _graphml_graph(scan: Scan, element: Element, parent: Element) -> None:
    if parent is scan.stack[0]:
        scan.graphs += 1
        scan.directed = scan.directed or element.attrs.get("edgedefault") == "directed"
        if scan.graphs == 2:
            scan.problem(SchemaError, "a second graph: orggraph reads one graph per file",
                         element.place)  # fmt: skip
    elif parent.name == "node" and parent.attrs.get("yfiles.foldertype") == "group":
        scan.once(element, parent, "a yEd group node holds one graph")
    else:
        scan.problem(
            SchemaError,
            f"a graph nested in <{parent.name}> is not read; only yEd group nodes "
            '(yfiles.foldertype="group") hold nested graphs',
            element.place,
        )


def _graphml_data(scan: Scan, element: Element, parent: Element) -> None:
    if parent.name not in ("node", "edge", "graph") or parent.ns != scan.ns:
        element.collect = False  # networkx reads data of nodes, edges and graphs only
    elif element.attrs.get("key") is None:
        scan.problem(SchemaError, f"{element.what or 'the graph'}: a <data> without a key",
                     element.place)  # fmt: skip
        element.collect = False


def _graphml_data_end(scan: Scan, element: Element) -> None:
    if not element.collect or element.children:
        return  # not read by networkx, or yEd's graphics
    # An empty <data/> reads as "" in networkx, whatever its type.
    scan.typed(element, ("key", element.attrs["key"]), scan.value_text(element), empty=True)


def _graphml_default_end(scan: Scan, element: Element) -> None:
    parent = scan.stack[-1] if scan.stack else None
    if parent is None or parent.name != "key":
        return
    key = parent.attrs.get("id") or ""
    if ("key", key) in scan.keys:
        name, kind = scan.keys[("key", key)]
        scan.value(element, scan.value_text(element), key, name, kind)


def _graphml_node_end(scan: Scan, element: Element) -> None:
    if element.attrs.get("yfiles.foldertype") == "group" and not element.count("graph"):
        scan.problem(SchemaError, f"{element.what}: a yEd group node without its graph",
                     element.place)  # fmt: skip


def _hyperedge(scan: Scan, element: Element, parent: Element) -> None:
    scan.problem(SchemaError, "hyperedges are not supported", element.place)


# -- GEXF -------------------------------------------------------------------------------------


def _gexf_graph(scan: Scan, element: Element, parent: Element) -> None:
    if parent is scan.stack[0]:
        scan.graphs += 1
        scan.once(element, parent, "orggraph reads one graph per file")
        scan.directed = element.attrs.get("defaultedgetype") == "directed"
        scan.timeformat = element.attrs.get("timeformat")
        if scan.timeformat == "date":
            scan.timeformat = "string"


def _gexf_node(scan: Scan, element: Element, parent: Element) -> None:
    scan.node(element, parent, "nodes")
    scan.times(element)


def _gexf_edge(scan: Scan, element: Element, parent: Element) -> None:
    scan.edge(element, parent, "edges")
    scan.times(element)
    scan.numbers(element, float, "weight")


def _gexf_spell(scan: Scan, element: Element, parent: Element) -> None:
    if parent.name == "spells" and scan.version != "1.1":
        scan.times(element, required=True)


def _gexf_attributes(scan: Scan, element: Element, parent: Element) -> None:
    if scan.within(element, parent, "graph") and element.attrs.get("class") not in ("node", "edge"):
        scan.problem(
            SchemaError,
            f"<attributes class={element.attrs.get('class')!r}>: the class must be node or edge",
            element.place,
        )


def _gexf_attribute(scan: Scan, element: Element, parent: Element) -> None:
    scope = parent.attrs.get("class")
    if parent.name != "attributes" or scope not in ("node", "edge"):
        return
    attrs = element.attrs
    kind = attrs.get("type")
    scan.declare(element, scope, attrs.get("id"), attrs.get("title"), kind or "", _GEXF_TYPES)
    if parent.attrs.get("mode") == "dynamic":
        scan.dynamic.add((scope, attrs.get("id") or ""))


def _gexf_default_end(scan: Scan, element: Element) -> None:
    parent = scan.stack[-1] if scan.stack else None
    grand = scan.stack[-2] if len(scan.stack) > 1 else None
    if parent is None or grand is None or parent.name != "attribute":
        return
    scope, key = grand.attrs.get("class") or "", parent.attrs.get("id") or ""
    if (scope, key) in scan.keys:
        name, kind = scan.keys[(scope, key)]
        scan.value(element, scan.value_text(element), key, name, kind)


def _gexf_container(scan: Scan, element: Element, parent: Element) -> None:
    allowed = ("graph", "node") if element.name == "nodes" else ("graph",)
    if scan.within(element, parent, *allowed):
        scan.once(element, parent, "networkx reads the first only")


def _gexf_attvalues(scan: Scan, element: Element, parent: Element) -> None:
    if scan.within(element, parent, "node", "edge"):
        scan.once(element, parent, "networkx reads the first only")


def _gexf_attvalue(scan: Scan, element: Element, parent: Element) -> None:
    owner = scan.stack[-3] if len(scan.stack) > 2 else None
    if parent.name != "attvalues" or owner is None or owner.name not in ("node", "edge"):
        return
    key = element.attrs.get("for")
    if key is None:
        scan.problem(SchemaError, f"{element.what}: an <attvalue> without for=", element.place)
        return
    value = element.attrs.get("value")
    if value is None:  # networkx would read the text "None"
        scan.problem(SchemaError, f"{element.what}: <attvalue for={key!r}> has no value",
                     element.place, *element.ids)  # fmt: skip
    scan.typed(element, (owner.name, key), value, empty=True)
    if (owner.name, key) in scan.dynamic:
        scan.times(element, required=True)


_START: dict[str, dict[str, StartRule]] = {
    "graphml": {
        "key": _graphml_key,
        "graph": _graphml_graph,
        "node": lambda s, e, p: s.node(e, p, "graph"),
        "edge": lambda s, e, p: s.edge(e, p, "graph"),
        "hyperedge": _hyperedge,
        "data": _graphml_data,
    },
    "gexf": {
        "graph": _gexf_graph,
        "attributes": _gexf_attributes,
        "attribute": _gexf_attribute,
        "nodes": _gexf_container,
        "edges": _gexf_container,
        "node": _gexf_node,
        "edge": _gexf_edge,
        "spell": _gexf_spell,
        "attvalues": _gexf_attvalues,
        "attvalue": _gexf_attvalue,
    },
}
_END: dict[str, dict[str, EndRule]] = {
    "graphml": {
        "data": _graphml_data_end,
        "default": _graphml_default_end,
        "node": _graphml_node_end,
    },
    "gexf": {"default": _gexf_default_end},
}


def check_graph_xml(raw: bytes, dialect: str, *, file: str | None = None) -> GraphFacts:
    """Check GraphML (*dialect* ``"graphml"``) or GEXF (``"gexf"``) bytes before they
    are read; an :class:`~orggraph.errors.OrgError` with the line of every problem
    otherwise. Returns the place of each node id."""
    return Scan(dialect, file, _START[dialect], _END[dialect]).run(raw)
