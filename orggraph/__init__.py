"""orggraph: an organisation as a typed graph; validate it, query it, roll it up, draw it.

>>> import orggraph as og
>>> org = og.datasets.load("ecommerce")
>>> org.root, org.parent("customer_service")
('ceo', 'coo')
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from orggraph.core.build import from_dict
from orggraph.core.document import to_dict
from orggraph.core.org import Collaboration, DottedLine, Link, Org
from orggraph.core.people import Assignment, Person, PostRecord, Vacancy
from orggraph.core.rollup import Rollup, RollupTable
from orggraph.errors import (
    CycleError,
    DateError,
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
from orggraph.io.native import dumps, loads
from orggraph.io.registry import dump, load
from orggraph.ops.diff import Diff, diff  # eager: the module is named like the function it holds

if TYPE_CHECKING:
    from orggraph import core, datasets, io, ops, render
    from orggraph.core.schema import json_schema
    from orggraph.io.excel import read_excel
    from orggraph.io.organogram import read_organogram
    from orggraph.io.people import read_people
    from orggraph.io.tables import from_dataframe, from_records, read_csv
    from orggraph.ops import analysis, reorg

from orggraph.version import __version__

__all__ = [
    "Assignment",
    "Collaboration",
    "CycleError",
    "DateError",
    "Diff",
    "DottedLine",
    "DuplicateIdError",
    "Link",
    "LinkError",
    "MeasureError",
    "MissingDependencyError",
    "Org",
    "OrgError",
    "OrgWarning",
    "ParseError",
    "Person",
    "PostRecord",
    "RenderError",
    "Rollup",
    "RollupTable",
    "SchemaError",
    "UnknownIdError",
    "Vacancy",
    "__version__",
    "analysis",
    "core",
    "datasets",
    "diff",
    "dump",
    "dumps",
    "from_dataframe",
    "from_dict",
    "from_records",
    "io",
    "json_schema",
    "load",
    "loads",
    "ops",
    "read_csv",
    "read_excel",
    "read_organogram",
    "read_people",
    "render",
    "reorg",
    "to_dict",
]


_TABLES = {
    "read_csv": "orggraph.io.tables",
    "read_excel": "orggraph.io.excel",
    "read_people": "orggraph.io.people",
    "from_dataframe": "orggraph.io.tables",
    "from_records": "orggraph.io.tables",
    "read_organogram": "orggraph.io.organogram",
}
_SUBMODULES = {
    "analysis": "orggraph.ops.analysis",
    "cli": "orggraph.cli",
    "core": "orggraph.core",
    "datasets": "orggraph.datasets",
    "io": "orggraph.io",
    "ops": "orggraph.ops",
    "render": "orggraph.render",
    "reorg": "orggraph.ops.reorg",
}
# Old module names, kept for one release.
_MOVED = {
    "formats": "orggraph.io",
    "renderers": "orggraph.render",
    "tabular": "orggraph.io.tables",
    "synthetic": "orggraph.datasets",
}


def __getattr__(name: str) -> Any:
    # Submodules that `import orggraph` does not need load on first use (pydantic, for
    # one, is only needed to validate YAML/JSON documents).
    import importlib

    if name in _TABLES:  # pandas and openpyxl load only when a table is read
        return getattr(importlib.import_module(_TABLES[name]), name)
    if name in _SUBMODULES:
        return importlib.import_module(_SUBMODULES[name])
    if name in _MOVED:
        new = _MOVED[name]
        warnings.warn(
            f"orggraph.{name} is now {new}; the old name goes in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        return importlib.import_module(new)
    if name == "json_schema":
        return importlib.import_module("orggraph.core.schema").json_schema
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
