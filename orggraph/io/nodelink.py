"""Node-link JSON (networkx, D3): the document's shape checked before a graph is built, every problem with its JSON path and line."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from orggraph.errors import (
    DuplicateIdError,
    LinkError,
    OrgError,
    ParseError,
    SchemaError,
)
from orggraph.io.files import text_writer
from orggraph.io.graphs import from_flat_graph, to_flat_graph

__all__ = ["from_node_link", "to_node_link"]
from orggraph.io.native import json_default
from orggraph.io.parse import decode, locator, parse_text, reject_surrogates

if TYPE_CHECKING:
    from orggraph.core.org import Org

from orggraph.io.files import output, read_input

if TYPE_CHECKING:
    from orggraph.io.registry import Source


@text_writer
def to_node_link(
    org: Org,
    path: str | os.PathLike[str] | None = None,
    *,
    lang: str | None = None,
    people: bool = True,
) -> str | Path:
    """Node-link JSON (networkx, D3): ``{"directed", "multigraph", "graph", "nodes",
    "links"}``, nodes and links with the attributes of :func:`to_flat_graph` and their
    exact data as an ``orggraph`` object (the people in the graph's). Returns the text,
    or writes *path*; ``people=False`` leaves personal data out.

    >>> import json, orggraph as og
    >>> doc = json.loads(to_node_link(og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]")))
    >>> [n["label"] for n in doc["nodes"]], [(e["source"], e["target"], e["kind"]) for e in doc["links"]]
    (['A', 'B'], [('a', 'b', 'reporting')])
    """
    g = to_flat_graph(org, lang=lang, people=people)
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


def json_type(value: Any) -> str:
    """What a JSON value is, for messages: ``a number``, ``text``, ``null``..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    kinds = ((str, "text"), ((int, float), "a number"), (list, "a list"), (dict, "an object"))
    return next((name for kind, name in kinds if isinstance(value, kind)), type(value).__name__)


def json_shown(value: Any) -> str:
    """A JSON value for messages: text itself (shortened), else what kind of value it is."""
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    return json_type(value)


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
            f"not {json_type(data) if not isinstance(data, dict) else 'an object without nodes'}",
        )
    if "links" in data and "edges" in data:
        raise at.fail(SchemaError, ("edges",), "both 'links' and 'edges': give one edge list")
    key = "links" if "links" in data else "edges"
    nodes, edges, graph = data["nodes"], data.get(key, []), data.get("graph", {})
    for name, value, kind in (("nodes", nodes, list), (key, edges, list), ("graph", graph, dict)):
        if not isinstance(value, kind):
            wanted = "a list" if kind is list else "an object"
            raise at.fail(
                SchemaError, (name,), f"'{name}' must be {wanted}, not {json_type(value)}"
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
                SchemaError, ("nodes", i), f"a node must be an object, not {json_type(node)}"
            )
        if "id" not in node:
            raise at.fail(SchemaError, ("nodes", i), "a node without an id")
        nid = node["id"]
        if not _node_id(nid):
            raise at.fail(
                SchemaError, ("nodes", i, "id"),
                f"a node id must be text or a whole number, not {json_type(nid)}",
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
        raise at.fail(SchemaError, path, f"an edge must be an object, not {json_type(edge)}")
    for end in ("source", "target"):
        if end not in edge:
            raise at.fail(SchemaError, path, f"an edge without a {end}")
        if not _node_id(edge[end]):
            raise at.fail(
                SchemaError, (*path, end),
                f"an edge's {end} must be a node id (text or a whole number), "
                f"not {json_type(edge[end])}",
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
            f"an edge key must be text or a whole number, not {json_type(key)}",
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
