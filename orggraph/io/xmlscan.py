"""The streaming pass that checks GraphML and GEXF files: expat over the raw bytes, a
stack of open elements, and the checks both dialects share.

:class:`Scan` runs expat, the parser ElementTree (and so networkx) uses, over the bytes
whatever their encoding, refuses a DOCTYPE before anything in it is read, and keeps the
stack of open elements (:class:`Element`). Its methods are the checks GraphML and GEXF
share: a node's id, an edge's ends, typed values against their declared keys, numeric
attributes, GEXF times. Which check runs at which element of which dialect is
:mod:`orggraph.io.xmlcheck`'s, which also gives the entry point,
:func:`~orggraph.io.xmlcheck.check_graph_xml`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from orggraph.errors import (
    DuplicateIdError,
    LinkError,
    OrgError,
    ParseError,
    Problem,
    SchemaError,
    raise_problems,
)

__all__ = [
    "GEXF_VERSIONS",
    "GRAPHML_NS",
    "Element",
    "EndRule",
    "GraphFacts",
    "Scan",
    "StartRule",
]

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_VERSIONS = {
    "1.1": "http://www.gexf.net/1.1draft",
    "1.2": "http://www.gexf.net/1.2draft",
    "1.3": "http://gexf.net/1.3",
}
"""The GEXF versions networkx reads, by the ``version`` attribute and the namespace."""

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


class Element:
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


StartRule = Callable[["Scan", Element, Element], None]
"""A check when an element starts: ``rule(scan, element, parent)``."""
EndRule = Callable[["Scan", Element], None]
"""A check when an element ends: ``rule(scan, element)``."""


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


class Scan:
    """One pass over a GraphML or GEXF file: *start* and *end* hold the dialect's rules
    for the elements of its vocabulary, by name (:mod:`orggraph.io.xmlcheck`)."""

    def __init__(
        self,
        dialect: str,
        file: str | None,
        start: dict[str, StartRule],
        end: dict[str, EndRule],
    ) -> None:
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
        self.on_start = start
        self.on_end = end
        self.stack: list[Element] = []
        self.problems: list[Problem] = []
        self.pending: list[tuple[Element, tuple[str, str], str | None]] = []  # later keys
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
        except OrgError:  # a handler's own finding (a ParseError is a ValueError too)
            raise
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
        raise_problems(self.problems, self.file)
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

    def value_text(self, element: Element) -> str | None:
        """The text of a <data> or <default> element (``None`` when it has none)."""
        return "".join(self.text) if element.collect and self.text else None

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        stack, p = self.stack, self.parser
        if not stack:
            ns, _, name = tag.rpartition("}")
            element = Element(ns, name, attrs, p.CurrentLineNumber, p.CurrentColumnNumber + 1,
                               "", ())  # fmt: skip
            stack.append(element)
            self.root(element)
            return
        parent = stack[-1]
        if tag.startswith(self.prefix):  # the usual case: the file's own vocabulary
            ns, name = self.ns, tag[len(self.prefix) :]
        else:
            ns, _, name = tag.rpartition("}")
        element = Element(ns, name, attrs, p.CurrentLineNumber, p.CurrentColumnNumber + 1,
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

    def _not_root(self, element: Element, format: str, expected: str, **details: Any) -> ParseError:
        """The error for a document whose root *element* is not *format*'s (*expected*)."""
        return ParseError(
            f"not a valid {format} document: the root element is <{element.name}>"
            + (f" in the namespace {element.ns}" if element.ns else " without a namespace")
            + f"; {expected}",
            file=self.file,
            place=element.place,
            **details,
        )

    def root(self, element: Element) -> None:
        if self.dialect == "graphml":
            if (element.ns, element.name) != (GRAPHML_NS, "graphml"):
                raise self._not_root(element, "GraphML", f"GraphML's is <graphml> in {GRAPHML_NS}")
            return
        supported = ", ".join(f"{v} ({ns})" for v, ns in GEXF_VERSIONS.items())
        version = element.attrs.get("version")
        if element.name != "gexf" or element.ns not in GEXF_VERSIONS.values():
            expected = f"GEXF versions read: {supported}"
            raise self._not_root(element, "GEXF", expected, choices=list(GEXF_VERSIONS))
        if version is not None and version not in GEXF_VERSIONS:
            raise SchemaError(
                f"GEXF version {version!r} is not supported; supported: {supported}",
                file=self.file,
                place=element.place,
                choices=list(GEXF_VERSIONS),
            )
        self.ns, self.prefix = element.ns, element.ns + "}"
        self.version = next(v for v, ns in GEXF_VERSIONS.items() if ns == element.ns)

    def once(self, element: Element, parent: Element, why: str) -> None:
        """networkx reads only the first *element* of its *parent*: refuse a second."""
        if parent.count(element.name) == 2:
            self.problem(
                SchemaError,
                f"a second <{element.name}> in <{parent.name}>: {why}",
                element.place,
            )

    def within(self, element: Element, parent: Element, *names: str) -> bool:
        if parent.name in names and parent.ns == self.ns:
            return True
        self.problem(
            SchemaError,
            f"<{element.name}> inside <{parent.name}> is not read; "
            f"it belongs in <{'> or <'.join(names)}>",
            element.place,
        )
        return False

    def node(self, element: Element, parent: Element, container: str) -> None:
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

    def edge(self, element: Element, parent: Element, container: str) -> None:
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

    def numbers(self, element: Element, kind: Callable[[str], Any], *names: str,
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

    def times(self, element: Element, *, required: bool = False) -> None:
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
        self, element: Element, key: tuple[str, str], text: str | None, *, empty: bool = False,
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

    def value(self, element: Element, text: str | None, key: str, name: str, kind: str) -> None:
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

    def declare(self, element: Element, scope: str, key: str | None, name: str | None,
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
