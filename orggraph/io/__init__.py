"""Reading and writing organisations: one format registry, the native YAML/JSON
document, tables, graph formats and W3C ORG (RDF).

Modules: :mod:`.registry` (which formats read and write what; :func:`read`,
:func:`write`, :func:`convert`), :mod:`.native` (YAML/JSON: :func:`load`, :func:`dump`),
:mod:`.tables` (CSV, Excel, DataFrames), :mod:`.people` (people-level tables: HR
exports), :mod:`.graphs` (node-link, GraphML, GEXF), :mod:`.rdf` (Turtle, JSON-LD),
:mod:`.organogram` (UK government organograms), :mod:`.parse` (safe YAML/JSON
parsing), :mod:`.files` (reading sources and writing files atomically).

The names below load their module on first use, so ``import orggraph`` stays light.
"""

from __future__ import annotations

import importlib
from typing import Any

# The registry is loaded with the package (``og.load`` is it), so its own list serves;
# the other modules load on first use, so their names are listed here.
from orggraph.io import registry

_WHERE = {
    **dict.fromkeys(registry.__all__, "registry"),
    **dict.fromkeys(["dumps", "loads"], "native"),
    **dict.fromkeys(["read_organogram"], "organogram"),
    **dict.fromkeys(["read_people"], "people"),
    **dict.fromkeys(["from_jsonld", "from_rdf", "from_turtle"], "rdfread"),
    **dict.fromkeys(["from_node_link", "to_node_link"], "nodelink"),
    **dict.fromkeys(
        [
            "FORMAT_VERSIONS",
            "from_flat_graph",
            "from_gexf",
            "from_graphml",
            "to_flat_graph",
            "to_gexf",
            "to_graphml",
        ],
        "graphs",
    ),
    **dict.fromkeys(
        [
            "JSONLD_CONTEXT",
            "OG_NS",
            "ORG_NS",
            "RDF_HINT",
            "to_jsonld",
            "to_rdf",
            "to_turtle",
        ],
        "rdf",
    ),
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
