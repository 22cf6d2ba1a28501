"""orggraph: an organisation as a typed graph; validate it, query it, roll it up, draw it.

>>> import orggraph as og
>>> org = og.datasets.load("ecommerce")
>>> org.root, org.parent("customer_service")
('ceo', 'coo')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .construct import from_dict, load, loads
from .diff import Diff, diff  # eager: the module is named like the function it holds
from .errors import (
    CycleError,
    DuplicateIdError,
    LinkError,
    MeasureError,
    MissingDependencyError,
    OrgError,
    OrgWarning,
    ParseError,
    RenderError,
    SchemaError,
    UnknownIdError,
)
from .export import dump, dumps, to_dict
from .model import Collaboration, DottedLine, Org
from .rollup import Rollup, RollupTable

if TYPE_CHECKING:
    from . import analysis, datasets, formats, reorg
    from .schema import json_schema

__version__ = "0.1.0"

__all__ = [
    "Collaboration",
    "CycleError",
    "Diff",
    "DottedLine",
    "DuplicateIdError",
    "LinkError",
    "MeasureError",
    "MissingDependencyError",
    "Org",
    "OrgError",
    "OrgWarning",
    "ParseError",
    "RenderError",
    "Rollup",
    "RollupTable",
    "SchemaError",
    "UnknownIdError",
    "__version__",
    "analysis",
    "datasets",
    "diff",
    "dump",
    "dumps",
    "formats",
    "from_dict",
    "json_schema",
    "load",
    "loads",
    "reorg",
    "to_dict",
]


def __getattr__(name: str) -> Any:
    # Submodules that `import orggraph` does not need load on first use (pydantic, for
    # one, is only needed to validate YAML/JSON documents).
    import importlib

    if name in ("datasets", "renderers", "tabular", "synthetic", "analysis", "formats", "reorg"):
        return importlib.import_module(f".{name}", __name__)
    if name == "json_schema":
        return importlib.import_module(".schema", __name__).json_schema
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
