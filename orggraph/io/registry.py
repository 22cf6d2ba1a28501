"""One registry of file formats: which read and which write, by name and suffix;
:func:`read`, :func:`write`, :func:`serialize` and :func:`convert` for any of them.

Every format that can carry the whole organisation reads back equal to what was
written; Mermaid and DOT are write-only pictures (registered by :mod:`orggraph.render`).

Suffixes (see :data:`FORMATS`): ``.yaml``/``.yml``/``.json`` (the orggraph format),
``.csv``/``.xlsx`` (tables), ``.nodelink.json``, ``.graphml``, ``.gexf``,
``.mmd``/``.mermaid``, ``.dot``/``.gv``, ``.ttl``, ``.jsonld``.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple, Union

from orggraph.errors import (
    OrgError,
    OrgWarning,
)
from orggraph.io.files import atomic_write
from orggraph.io.native import dumps as _dumps
from orggraph.io.sources import source_name

if TYPE_CHECKING:
    from orggraph.core.org import Org
from orggraph.io.graphs import (
    from_gexf,
    from_graphml,
    from_node_link,
    to_gexf,
    to_graphml,
    to_node_link,
)
from orggraph.io.rdf import from_jsonld, from_turtle, to_jsonld, to_turtle
from orggraph.render.mermaid import to_dot, to_mermaid

__all__ = ["FORMATS", "Format", "convert", "format_of", "read", "serialize", "write"]

Source = Union[str, "os.PathLike[str]", IO[str], IO[bytes]]


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
        Format("csv", (".csv",), True, True, "a table, one row per unit (orggraph.io.tables)"),
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


# -- any format by name or suffix -----------------------------------------------------------


def read(source: Source, format: str | None = None, *, max_bytes: int | None = None) -> Org:
    """Read an organisation in any readable format, by suffix or *format* name. *source*
    is a path or an open file (then *format* is needed unless its name tells); at most
    *max_bytes* bytes are read (see :mod:`orggraph.io.sources`).

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
    from orggraph.io.native import load

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
        from orggraph.io.tables_out import to_csv

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
