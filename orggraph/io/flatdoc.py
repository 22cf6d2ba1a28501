"""The flat document the graph formats (node-link JSON, GraphML, GEXF) and W3C ORG share:
units one by one with their reporting lines, responsibilities and links on the side.
Readers assemble one (:func:`build`) and validate it through the schema; writers walk a
document's units (:func:`unit_entries`). Needs neither networkx nor rdflib.

>>> import orggraph as og
>>> data = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]").to_dict()
>>> [entry["id"] for entry in unit_entries(data)]
['a', 'b']
>>> build({}, [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}], {"b": "a"}, {}, [], [],
...       file=None, where=lambda loc: None).parent("b")
'a'
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from orggraph.errors import OrgError, ParseError
from orggraph.io.native import json_default

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = [
    "TOP_STRUCTURE",
    "build",
    "figure_number",
    "graph_errors",
    "json_text",
    "unit_entries",
    "xml_safe",
]

# Keys of the file format that the graph formats carry as structure (edges), not data.
_STRUCTURE = ("units", "parent", "responsibilities")
TOP_STRUCTURE = ("units", "responsibilities", "links")

# Characters XML 1.0 cannot hold at all, even as character references.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(value: str) -> str:
    """*value* with the characters XML cannot hold written as ``\\uXXXX``.

    >>> xml_safe("a\\x01b")
    'a\\\\u0001b'
    """
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", value)


def json_text(data: Any, *, xml: bool = False) -> str:
    """Compact JSON; with *xml*, also escape the few characters XML cannot hold (JSON
    already escapes control characters)."""
    out = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=json_default)
    return xml_safe(out) if xml else out


def figure_number(value: Any) -> int | float:
    """A figure as an int when whole (so ``20000.0`` reads as ``20000``)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value  # type: ignore[no-any-return]


def unit_entries(data: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Every unit entry of file-format *data*, top-down, without nesting or structure keys."""
    stack = list(reversed(data.get("units", [])))
    while stack:
        entry = stack.pop()
        stack.extend(reversed(entry.get("units", [])))
        yield {k: v for k, v in entry.items() if k not in _STRUCTURE}


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
