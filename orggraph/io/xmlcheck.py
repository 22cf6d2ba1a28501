"""Checks on GraphML and GEXF files before networkx builds a graph from them.

One streaming pass with expat, the parser ElementTree (and so networkx) uses, over the
raw bytes: whatever the encoding (UTF-8 with or without BOM, UTF-16 either way round,
an XML declaration naming another one), a DOCTYPE is refused before anything in it is
read, so no entity is ever declared or expanded. The same pass makes foreign files
strict, with the line of each problem: every node has one id, every edge joins nodes
of the file (networkx would silently add a node for a missing end: a unit named after
the missing id), typed values convert, no part of the file is one networkx would skip.

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

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from orggraph.core.build import MAX_PROBLEMS, Problem
from orggraph.errors import DuplicateIdError, LinkError, ParseError, SchemaError

__all__ = ["GEXF_VERSIONS", "GRAPHML_NS", "GraphFacts", "check_graph_xml"]

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_VERSIONS = {
    "1.1": "http://www.gexf.net/1.1draft",
    "1.2": "http://www.gexf.net/1.2draft",
    "1.3": "http://gexf.net/1.3",
}
"""The GEXF versions networkx reads, by the ``version`` attribute and the namespace."""

# Value types as networkx converts them: GraphML's attr.type, GEXF's attribute type.
_GRAPHML_TYPES = ("string", "boolean", "int", "long", "integer", "float", "double", "yfiles")
_GEXF_TYPES = ("string", "boolean", "integer", "long", "float", "double", "liststring", "anyURI")
_WHOLE = ("int", "long", "integer")
_CHECKED = (*_WHOLE, "float", "double", "boolean")  # the types networkx converts
# GEXF timeformat values networkx reads, and how it converts start and end times.
_TIMES: dict[str, Callable[[str], Any]] = {
    "date": str, "string": str, "integer": int, "long": int, "float": float, "double": float
}  # fmt: skip
_VIZ: dict[str, tuple[Callable[[str], Any], tuple[str, ...], tuple[str, ...]]] = {
    "color": (int, ("r", "g", "b"), ()),  # type, required, optional
    "size": (float, ("value",), ()),
    "thickness": (float, ("value",), ()),
    "position": (float, (), ("x", "y", "z")),
}
_REAL = ("float", "double")
_BOOLS = {
    "graphml": ("true", "false", "0", "1"),
    "gexf": ("true", "false", "True", "False", "0", "1"),
}
_DIALECTS = {"graphml": "GraphML", "gexf": "GEXF"}


@dataclass
class GraphFacts:
    """What the check learnt: the place (``line 7, column 5``) of each node id, and of the
    edges from each source to each target, as the file writes them (an undirected graph
    loses that order in networkx)."""

    nodes: dict[str, str] = field(default_factory=dict)
    edges: dict[tuple[str, str], list[str]] = field(default_factory=dict)


class _Element:
    """One open element. Light: a file has one per value (GraphML's <data>)."""

    __slots__ = ("attrs", "children", "collect", "column", "ids", "line", "name", "ns", "what")

    def __init__(
        self, ns: str, name: str, attrs: dict[str, str], line: int, column: int, what: str,
        ids: tuple[str, ...],
    ) -> None:  # fmt: skip
        self.ns, self.name, self.attrs, self.line, self.column = ns, name, attrs, line, column
        self.what = what  # "node 'a'", "edge #3 ('a' -> 'b')": the owner of values inside
        self.ids = ids  # the owner's ids
        self.collect = name in ("data", "default")  # its text is a value to check
        self.children: dict[str, int] | None = None  # element name -> how many

    @property
    def place(self) -> str:
        return f"line {self.line}, column {self.column}"

    def count(self, name: str) -> int:
        return self.children.get(name, 0) if self.children else 0


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


class _Scan:
    def __init__(self, dialect: str, file: str | None) -> None:
        self.dialect = dialect
        self.what = _DIALECTS[dialect]
        self.file = file
        self.ns = GRAPHML_NS if dialect == "graphml" else ""
        self.prefix = self.ns + "}"
        self.parser = expat.ParserCreate(None, "}")  # as ElementTree creates it
        self.parser.buffer_text = True
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.text: list[str] = []  # the text since the last <data> or <default> began
        self.parser.CharacterDataHandler = self.text.append
        self.on_start = _START[dialect]
        self.on_end = _END[dialect]
        self.stack: list[_Element] = []
        self.problems: list[Problem] = []
        self.pending: list[tuple[_Element, tuple[str, str], str | None]] = []  # later keys
        self.nodes: dict[str, str] = {}
        self.edges: list[tuple[str, str, str, str]] = []  # label, source, target, place
        self.edge_ids: dict[str, str] = {}
        self.edge_count = 0
        self.keys: dict[tuple[str, str], tuple[str, str]] = {}  # (for, id) -> (name, type)
        self.graphs = 0
        self.directed = False  # as networkx will build the graph
        self.timeformat: str | None = None  # GEXF: the type of start and end times
        self.dynamic: set[tuple[str, str]] = set()  # GEXF attributes with times
        self.version = ""

    # -- the pass ----------------------------------------------------------------------------

    def run(self, raw: bytes) -> GraphFacts:
        try:
            self.parser.Parse(raw, True)
        except expat.ExpatError as exc:
            raise ParseError(
                f"not a valid {self.what} document: {expat.ErrorString(exc.code)}"
                + _encoding_hint(raw),
                file=self.file,
                place=f"line {exc.lineno}, column {exc.offset + 1}",
            ) from None
        except (ValueError, LookupError) as exc:  # an encoding Python cannot give expat
            raise ParseError(
                f"not a valid {self.what} document: its encoding cannot be read ({exc}); "
                "save it as UTF-8",
                file=self.file,
                place=self.place(),
            ) from None
        except RecursionError:
            raise ParseError(f"the {self.what} document nests too deeply", file=self.file) from None
        if not self.graphs:
            self.problem(SchemaError, "no <graph> element: nothing to read", "line 1")
        for element, key, text in self.pending:
            self.typed(element, key, text, empty=key[0] == "key", late=True)
        for label, source, target, place in self.edges:
            for end in dict.fromkeys((source, target)):
                if end not in self.nodes:
                    self.problem(
                        LinkError,
                        f"edge {label} ({source!r} -> {target!r}) ends at {end!r}, "
                        "which is no node of the file",
                        place,
                        source,
                        target,
                    )
        if self.problems:
            kind, place, message, ids = self.problems[0]
            listed = [(p, m) for _, p, m, _ in self.problems[:MAX_PROBLEMS]]
            if len(self.problems) > MAX_PROBLEMS:
                more = len(self.problems) - MAX_PROBLEMS
                listed.append(("...", f"{more} more problems not shown"))
            raise kind.make(message, file=self.file, place=place, ids=ids, problems=listed)
        edges: dict[tuple[str, str], list[str]] = {}
        for _, source, target, place in self.edges:
            edges.setdefault((source, target), []).append(place)
        return GraphFacts(self.nodes, edges)

    def place(self) -> str:
        p = self.parser
        return f"line {p.CurrentLineNumber}, column {p.CurrentColumnNumber + 1}"

    def problem(self, kind: type[Any], message: str, place: str, *ids: str) -> None:
        self.problems.append((kind, place, message, ids))

    def doctype(self, *_: Any) -> None:
        raise ParseError(
            f"{self.what} files with a DOCTYPE are not read "
            "(entity declarations could expand without bound)",
            file=self.file,
            place=f"line {self.parser.CurrentLineNumber}",  # expat is past its start here
        )

    def value_text(self, element: _Element) -> str | None:
        """The text of a <data> or <default> element (``None`` when it has none)."""
        return "".join(self.text) if element.collect and self.text else None

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        stack, p = self.stack, self.parser
        if not stack:
            ns, _, name = tag.rpartition("}")
            element = _Element(ns, name, attrs, p.CurrentLineNumber, p.CurrentColumnNumber + 1,
                               "", ())  # fmt: skip
            stack.append(element)
            self.root(element)
            return
        parent = stack[-1]
        if tag.startswith(self.prefix):  # the usual case: the file's own vocabulary
            ns, name = self.ns, tag[len(self.prefix) :]
        else:
            ns, _, name = tag.rpartition("}")
        element = _Element(ns, name, attrs, p.CurrentLineNumber, p.CurrentColumnNumber + 1,
                           parent.what, parent.ids)  # fmt: skip
        stack.append(element)
        children = parent.children
        if children is None:
            parent.children = {name: 1}
        else:
            children[name] = children.get(name, 0) + 1
        if ns is self.ns:
            if element.collect:
                self.text.clear()
            check = self.on_start.get(name)
            if check is not None:
                check(self, element, parent)
        elif self.dialect == "gexf" and ns.endswith("/viz") and parent.name == "node":
            kind, required, optional = _VIZ.get(name, (str, (), ()))
            self.numbers(element, kind, *required, required=True)
            self.numbers(element, float if name == "color" else kind, *optional)

    def end(self, tag: str) -> None:
        element = self.stack.pop()
        if element.ns is self.ns:
            check = self.on_end.get(element.name)
            if check is not None:
                check(self, element)

    # -- shared checks -----------------------------------------------------------------------

    def root(self, element: _Element) -> None:
        if self.dialect == "graphml":
            if (element.ns, element.name) != (GRAPHML_NS, "graphml"):
                raise ParseError(
                    f"not a valid GraphML document: the root element is <{element.name}>"
                    + (f" in the namespace {element.ns}" if element.ns else " without a namespace")
                    + f"; GraphML's is <graphml> in {GRAPHML_NS}",
                    file=self.file,
                    place=element.place,
                )
            return
        supported = ", ".join(f"{v} ({ns})" for v, ns in GEXF_VERSIONS.items())
        version = element.attrs.get("version")
        if element.name != "gexf" or element.ns not in GEXF_VERSIONS.values():
            raise ParseError(
                f"not a valid GEXF document: the root element is <{element.name}>"
                + (f" in the namespace {element.ns}" if element.ns else " without a namespace")
                + f"; GEXF versions read: {supported}",
                file=self.file,
                place=element.place,
                choices=list(GEXF_VERSIONS),
            )
        if version is not None and version not in GEXF_VERSIONS:
            raise SchemaError(
                f"GEXF version {version!r} is not supported; supported: {supported}",
                file=self.file,
                place=element.place,
                choices=list(GEXF_VERSIONS),
            )
        self.ns, self.prefix = element.ns, element.ns + "}"
        self.version = next(v for v, ns in GEXF_VERSIONS.items() if ns == element.ns)

    def once(self, element: _Element, parent: _Element, why: str) -> None:
        """networkx reads only the first *element* of its *parent*: refuse a second."""
        if parent.count(element.name) == 2:
            self.problem(
                SchemaError,
                f"a second <{element.name}> in <{parent.name}>: {why}",
                element.place,
            )

    def within(self, element: _Element, parent: _Element, *names: str) -> bool:
        if parent.name in names and parent.ns == self.ns:
            return True
        self.problem(
            SchemaError,
            f"<{element.name}> inside <{parent.name}> is not read; "
            f"it belongs in <{'> or <'.join(names)}>",
            element.place,
        )
        return False

    def node(self, element: _Element, parent: _Element, container: str) -> None:
        if not self.within(element, parent, container):
            return
        uid = element.attrs.get("id")
        if uid is None:
            self.problem(SchemaError, "a node without an id", element.place)
            return
        element.what, element.ids = f"node {uid!r}", (uid,)
        if uid in self.nodes:
            self.problem(
                DuplicateIdError,
                f"two nodes have the id {uid!r} (first at {self.nodes[uid]})",
                element.place,
                uid,
            )
            return
        self.nodes[uid] = element.place

    def edge(self, element: _Element, parent: _Element, container: str) -> None:
        if not self.within(element, parent, container):
            return
        self.edge_count += 1
        label = f"#{self.edge_count}"
        eid = element.attrs.get("id")
        if eid is not None:
            label = f"{eid!r}"
            if eid in self.edge_ids:
                self.problem(
                    DuplicateIdError,
                    f"two edges have the id {eid!r} (first at {self.edge_ids[eid]})",
                    element.place,
                    eid,
                )
            self.edge_ids.setdefault(eid, element.place)
        source, target = element.attrs.get("source"), element.attrs.get("target")
        if source is None or target is None:
            missing = " and ".join(
                k for k, v in (("source", source), ("target", target)) if v is None
            )
            self.problem(SchemaError, f"edge {label} has no {missing}", element.place)
            return
        element.what, element.ids = f"edge {label} ({source!r} -> {target!r})", (source, target)
        self.edges.append((label, source, target, element.place))
        way = element.attrs.get("directed" if self.dialect == "graphml" else "type")
        if way in (("false", "undirected") if self.directed else ("true", "directed")):
            self.problem(
                SchemaError,
                f"{element.what}: a{'n un' if self.directed else ' '}directed edge in a "
                f"{'' if self.directed else 'un'}directed graph",
                element.place,
                source,
                target,
            )

    def numbers(self, element: _Element, kind: Callable[[str], Any], *names: str,
                required: bool = False) -> None:  # fmt: skip
        """The attributes *names* of *element* convert with *kind* (``int``, ``float``)."""
        for name in names:
            text = element.attrs.get(name)
            if (text is None and required) or (text is not None and not _converts(kind, text)):
                noun = "a whole number" if kind is int else "a number"
                self.problem(
                    SchemaError,
                    f"{element.what or f'<{element.name}>'}: <{element.name} {name}="
                    f"{_short(text) if text is not None else 'missing'}> must be {noun}",
                    element.place,
                    *element.ids,
                )

    def times(self, element: _Element, *, required: bool = False) -> None:
        """GEXF start and end times convert to the graph's ``timeformat``."""
        names = [n for n in ("start", "end") if required or n in element.attrs]
        if not names:
            return
        kind = _TIMES.get(self.timeformat or "")
        if kind is None:
            self.problem(
                SchemaError,
                f"<{element.name} {names[0]}=...> needs the graph's timeformat to be one of "
                f"{', '.join(_TIMES)}, not {self.timeformat!r}",
                element.place,
            )
        elif kind is not str:
            self.numbers(element, kind, *names, required=required)

    def typed(
        self, element: _Element, key: tuple[str, str], text: str | None, *, empty: bool = False,
        late: bool = False,
    ) -> None:  # fmt: skip
        """The value *text* of the declared *key* (``(scope, id)``) converts to its type;
        a key not declared (yet: networkx reads declarations first) is checked at the
        end. With *empty*, no text at all is no value to check."""
        declared = self.keys.get(key)
        if declared is None and key == ("edge", "weight"):
            declared = ("weight", "double")  # GEXF's own edge attribute
        if declared is None:
            if not late:
                self.pending.append((element, key, text))
                return
            known = sorted(k for s, k in self.keys if s == key[0])
            what = "<data key=" if key[0] == "key" else "<attvalue for="
            names = "declared <key>" if key[0] == "key" else f"declared {key[0]} attribute"
            self.problem(
                SchemaError,
                f"{element.what or 'the graph'}: {what}{key[1]!r}> names no {names}"
                + (f"; declared: {', '.join(known)}" if known else ""),
                element.place,
            )
        elif declared[1] in _CHECKED and not (empty and text is None):
            self.value(element, text, key[1], *declared)

    def value(self, element: _Element, text: str | None, key: str, name: str, kind: str) -> None:
        """*text* of the value *name* (declared *kind* by *key*) converts as networkx will."""
        what = element.what or "the graph"
        if text is None:
            self.problem(SchemaError, f"{what}: {name} has no value", element.place)
            return
        if kind in _WHOLE:
            ok, noun = _converts(int, text), "a whole number"
        elif kind in _REAL:
            ok, noun = _converts(float, text), "a number"
        elif kind == "boolean":
            ok, noun = (
                text in _BOOLS[self.dialect]
                or (self.dialect == "graphml" and text.lower() in _BOOLS["graphml"]),
                "true or false",
            )
        else:
            return
        if not ok:
            self.problem(
                SchemaError,
                f"{what}: {name} is {_short(text)}, not {noun} "
                f"(the key {key!r} is declared {kind})",
                element.place,
                *element.ids,
            )

    def declare(self, element: _Element, scope: str, key: str | None, name: str | None,
                kind: str, types: tuple[str, ...]) -> None:  # fmt: skip
        if key is None or name is None:
            missing = "an id" if key is None else "a name"
            self.problem(SchemaError, f"<{element.name}> without {missing}", element.place)
            return
        if kind not in types:
            self.problem(
                SchemaError,
                f"{element.name} {key!r} ({name}): unknown type {kind!r}; "
                f"choose one of {', '.join(types)}",
                element.place,
            )
            kind = "string"
        if (scope, key) in self.keys:
            self.problem(SchemaError, f"two declarations of the {element.name} {key!r}",
                         element.place)  # fmt: skip
        self.keys[(scope, key)] = (name, kind)
        element.what = f"the default of {element.name} {key!r}"


def _converts(kind: Callable[[str], Any], text: str) -> bool:
    try:
        kind(text)
    except ValueError:
        return False
    return True


def _encoding_hint(raw: bytes) -> str:
    if raw[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\x00<", b"<\x00\x00\x00"):
        return " (the file looks like UTF-32, which XML readers do not take: save it as UTF-8)"
    return ""


# -- GraphML ----------------------------------------------------------------------------------


def _graphml_key(scan: _Scan, element: _Element, parent: _Element) -> None:
    if parent is not scan.stack[0]:
        return  # networkx reads the keys of the root only; data naming others fails below
    attrs = element.attrs
    name, kind = attrs.get("attr.name"), attrs.get("attr.type", "string")
    if attrs.get("yfiles.type") is not None:
        name, kind = attrs["yfiles.type"], "yfiles"
    scan.declare(element, "key", attrs.get("id"), name, kind, _GRAPHML_TYPES)


def _graphml_graph(scan: _Scan, element: _Element, parent: _Element) -> None:
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


def _graphml_data(scan: _Scan, element: _Element, parent: _Element) -> None:
    if parent.name not in ("node", "edge", "graph") or parent.ns != scan.ns:
        element.collect = False  # networkx reads data of nodes, edges and graphs only
    elif element.attrs.get("key") is None:
        scan.problem(SchemaError, f"{element.what or 'the graph'}: a <data> without a key",
                     element.place)  # fmt: skip
        element.collect = False


def _graphml_data_end(scan: _Scan, element: _Element) -> None:
    if not element.collect or element.children:
        return  # not read by networkx, or yEd's graphics
    # An empty <data/> reads as "" in networkx, whatever its type.
    scan.typed(element, ("key", element.attrs["key"]), scan.value_text(element), empty=True)


def _graphml_default_end(scan: _Scan, element: _Element) -> None:
    parent = scan.stack[-1] if scan.stack else None
    if parent is None or parent.name != "key":
        return
    key = parent.attrs.get("id") or ""
    if ("key", key) in scan.keys:
        name, kind = scan.keys[("key", key)]
        scan.value(element, scan.value_text(element), key, name, kind)


def _graphml_node_end(scan: _Scan, element: _Element) -> None:
    if element.attrs.get("yfiles.foldertype") == "group" and not element.count("graph"):
        scan.problem(SchemaError, f"{element.what}: a yEd group node without its graph",
                     element.place)  # fmt: skip


def _hyperedge(scan: _Scan, element: _Element, parent: _Element) -> None:
    scan.problem(SchemaError, "hyperedges are not supported", element.place)


# -- GEXF -------------------------------------------------------------------------------------


def _gexf_graph(scan: _Scan, element: _Element, parent: _Element) -> None:
    if parent is scan.stack[0]:
        scan.graphs += 1
        scan.once(element, parent, "orggraph reads one graph per file")
        scan.directed = element.attrs.get("defaultedgetype") == "directed"
        scan.timeformat = element.attrs.get("timeformat")
        if scan.timeformat == "date":
            scan.timeformat = "string"


def _gexf_node(scan: _Scan, element: _Element, parent: _Element) -> None:
    scan.node(element, parent, "nodes")
    scan.times(element)


def _gexf_edge(scan: _Scan, element: _Element, parent: _Element) -> None:
    scan.edge(element, parent, "edges")
    scan.times(element)
    scan.numbers(element, float, "weight")


def _gexf_spell(scan: _Scan, element: _Element, parent: _Element) -> None:
    if parent.name == "spells" and scan.version != "1.1":
        scan.times(element, required=True)


def _gexf_attributes(scan: _Scan, element: _Element, parent: _Element) -> None:
    if scan.within(element, parent, "graph") and element.attrs.get("class") not in ("node", "edge"):
        scan.problem(
            SchemaError,
            f"<attributes class={element.attrs.get('class')!r}>: the class must be node or edge",
            element.place,
        )


def _gexf_attribute(scan: _Scan, element: _Element, parent: _Element) -> None:
    scope = parent.attrs.get("class")
    if parent.name != "attributes" or scope not in ("node", "edge"):
        return
    attrs = element.attrs
    kind = attrs.get("type")
    scan.declare(element, scope, attrs.get("id"), attrs.get("title"), kind or "", _GEXF_TYPES)
    if parent.attrs.get("mode") == "dynamic":
        scan.dynamic.add((scope, attrs.get("id") or ""))


def _gexf_default_end(scan: _Scan, element: _Element) -> None:
    parent = scan.stack[-1] if scan.stack else None
    grand = scan.stack[-2] if len(scan.stack) > 1 else None
    if parent is None or grand is None or parent.name != "attribute":
        return
    scope, key = grand.attrs.get("class") or "", parent.attrs.get("id") or ""
    if (scope, key) in scan.keys:
        name, kind = scan.keys[(scope, key)]
        scan.value(element, scan.value_text(element), key, name, kind)


def _gexf_container(scan: _Scan, element: _Element, parent: _Element) -> None:
    allowed = ("graph", "node") if element.name == "nodes" else ("graph",)
    if scan.within(element, parent, *allowed):
        scan.once(element, parent, "networkx reads the first only")


def _gexf_attvalues(scan: _Scan, element: _Element, parent: _Element) -> None:
    if scan.within(element, parent, "node", "edge"):
        scan.once(element, parent, "networkx reads the first only")


def _gexf_attvalue(scan: _Scan, element: _Element, parent: _Element) -> None:
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


_START: dict[str, dict[str, Callable[[_Scan, _Element, _Element], None]]] = {
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
_END: dict[str, dict[str, Callable[[_Scan, _Element], None]]] = {
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
    return _Scan(dialect, file).run(raw)
