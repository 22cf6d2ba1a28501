"""One registry of file formats: which read and which write, by name and suffix;
:func:`read`, :func:`write`, :func:`serialize` and :func:`convert` for any of them.

Every format that can carry the whole organisation reads back equal to what was
written; Mermaid and DOT are write-only pictures (registered by :mod:`orggraph.render`).

Suffixes (see :data:`FORMATS`): ``.yaml``/``.yml``/``.json`` (the orggraph format),
``.csv``/``.xlsx`` (tables), ``.nodelink.json``, ``.graphml``, ``.gexf``,
``.mmd``/``.mermaid``, ``.dot``/``.gv``, ``.ttl``, ``.jsonld``.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple, Union

from orggraph.errors import OrgError, ParseError, warn
from orggraph.io.sources import source_name

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = [
    "CHARTS",
    "DATED",
    "FORMATS",
    "PICTURES",
    "ChartFormat",
    "Format",
    "chart_formats",
    "convert",
    "dump",
    "format_of",
    "load",
    "read",
    "readable",
    "refuse_dated",
    "serialize",
    "writable",
    "write",
]

Source = Union[str, "os.PathLike[str]", IO[str], IO[bytes]]


class Format(NamedTuple):
    """One file format: its name, its suffixes, what reads and what writes it.

    ``reader`` and ``writer`` name a function as ``"module:function"``, imported when
    first used: reading GraphML needs networkx, Turtle needs rdflib, Mermaid lives with
    the charts in :mod:`orggraph.render`, and ``import orggraph`` loads none of them.
    A reader takes ``(source, *, max_bytes=None)`` and returns an ``Org``; a writer
    takes ``(org, path=None)`` and returns the text or writes *path*; a ``labelled``
    one also takes ``lang=``, a ``personal`` one ``people=`` (``False``: no personal
    data; the pictures, whose boxes name the holders of posts, then name nobody).
    """

    name: str
    suffixes: tuple[str, ...]
    reader: str | None
    writer: str | None
    description: str
    labelled: bool = False  # the writer takes lang= (the language of its labels)
    personal: bool = False  # the writer carries people and takes people=

    @property
    def readable(self) -> bool:
        return self.reader is not None

    @property
    def writable(self) -> bool:
        return self.writer is not None


def _entry(
    name: str, suffixes: tuple[str, ...], reader: str | None, writer: str | None, about: str
) -> Format:
    return Format(
        name, suffixes, reader, writer, about,
        labelled=name in _LABELLED, personal=writer is not None,
    )  # fmt: skip


_LABELLED = ("node-link", "graphml", "gexf", "mermaid", "dot")


_N = "orggraph.io.native"
_G = "orggraph.io.graphs"
_R = "orggraph.io.rdf"
_T = "orggraph.io.tables"
_M = "orggraph.render.mermaid"
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        _entry(
            "yaml",
            (".yaml", ".yml"),
            f"{_N}:read_yaml",
            f"{_N}:to_yaml",
            "the orggraph format (YAML)",
        ),
        _entry(
            "json", (".json",), f"{_N}:read_json", f"{_N}:to_json", "the orggraph format (JSON)"
        ),
        _entry(
            "csv",
            (".csv",),
            f"{_T}:from_csv",
            "orggraph.io.tables_out:to_csv",
            "a table, one row per unit (orggraph.io.tables)",
        ),
        _entry(
            "xlsx", (".xlsx",), "orggraph.io.excel:from_excel", None, "an Excel table (read only)"
        ),
        _entry(
            "node-link",
            (".nodelink.json",),
            "orggraph.io.nodelink:from_node_link",
            "orggraph.io.nodelink:to_node_link",
            "networkx/D3 node-link JSON",
        ),
        _entry(
            "graphml",
            (".graphml",),
            f"{_G}:from_graphml",
            f"{_G}:to_graphml",
            "GraphML (yEd, Gephi, Cytoscape)",
        ),
        _entry("gexf", (".gexf",), f"{_G}:from_gexf", f"{_G}:to_gexf", "GEXF 1.2 (Gephi)"),
        _entry(
            "mermaid",
            (".mmd", ".mermaid"),
            None,
            f"{_M}:to_mermaid",
            "Mermaid flowchart (write only)",
        ),
        _entry(
            "dot",
            (".dot", ".gv"),
            None,
            "orggraph.render.graphviz:to_dot",
            "Graphviz DOT source (write only)",
        ),
        _entry(
            "turtle",
            (".ttl",),
            "orggraph.io.rdfread:from_turtle",
            f"{_R}:to_turtle",
            "W3C ORG ontology as RDF Turtle (needs rdflib)",
        ),
        _entry(
            "json-ld",
            (".jsonld",),
            "orggraph.io.rdfread:from_jsonld",
            f"{_R}:to_jsonld",
            "W3C ORG ontology as JSON-LD (needs rdflib)",
        ),
    )
}
"""Every format by name: the one table of what orggraph reads and writes. Suffixes are
matched longest first, so ``.nodelink.json`` wins over ``.json``."""

_BY_SUFFIX = sorted(
    ((s, f) for f in FORMATS.values() for s in f.suffixes), key=lambda sf: -len(sf[0])
)


class ChartFormat(NamedTuple):
    """A picture format: its suffixes, whether it is binary, which engines draw it."""

    name: str
    suffixes: tuple[str, ...]
    binary: bool
    engines: tuple[str, ...]  # "graphviz", "tidy", "explorer" (org charts), "matplotlib" (plots)


CHARTS: dict[str, ChartFormat] = {
    c.name: c
    for c in (
        ChartFormat("svg", (".svg",), False, ("graphviz", "tidy", "matplotlib")),
        ChartFormat("png", (".png",), True, ("graphviz", "tidy", "matplotlib")),
        ChartFormat("pdf", (".pdf",), True, ("graphviz", "matplotlib")),
        ChartFormat("dot", (".dot", ".gv"), False, ("graphviz",)),
        ChartFormat("html", (".html",), False, ("explorer",)),
    )
}
"""Every picture format: what the chart engines and the plots can write. The engines,
the CLI and the docs read their lists from here."""


def chart_formats(engine: str | None = None) -> tuple[str, ...]:
    """The picture formats *engine* draws (org charts by default: the engines and the
    explorer's interactive page).

    >>> chart_formats(), chart_formats("tidy"), chart_formats("matplotlib")
    (('svg', 'png', 'pdf', 'dot', 'html'), ('svg', 'png'), ('svg', 'png', 'pdf'))
    """
    engines = ("graphviz", "tidy", "explorer") if engine is None else (engine,)
    return tuple(c.name for c in CHARTS.values() if set(engines) & set(c.engines))


#: The formats that carry a dated organisation's every date (see
#: :mod:`orggraph.core.history`), and the pictures, which draw the date it is as of.
DATED = ("yaml", "json", "turtle", "json-ld")
PICTURES = ("mermaid", "dot")


def refuse_dated(org: Org, what: str, *, file: str | None = None) -> None:
    """An :class:`OrgError` if *org* is dated: the writer of *what* carries no dates.
    The message names the first dated facts (the organisation's timeline).

    >>> import orggraph as og
    >>> refuse_dated(og.loads("units: [{id: a, name: A, valid_from: 2020-01-01}]"), "CSV")
    Traceback (most recent call last):
    ...
    orggraph.errors.OrgError: CSV cannot carry dated facts (valid_from, valid_to, recorded, moves, renames), such as: 2020-01-01 created: a; write YAML, JSON or W3C ORG (turtle, json-ld), or one date's organisation: org.as_of(DATE).without_history()
    """
    if org.dated:
        events = org.timeline()
        shown = "; ".join(str(e) for e in events[:3]) + ("; ..." if len(events) > 3 else "")
        ids = sorted({e.unit for e in events})[:20]
        raise OrgError(
            f"{what} cannot carry dated facts (valid_from, valid_to, recorded, moves, "
            f"renames){', such as: ' + shown if shown else ''}; write YAML, JSON or W3C ORG "
            "(turtle, json-ld), or one date's organisation: org.as_of(DATE).without_history()",
            file=file,
            ids=ids,
        )


def _writer(fmt: Format, lang: str | None, people: bool = True) -> Callable[[Org, Any], Any]:
    assert fmt.writer is not None  # format_of checked it
    write = _function(fmt.writer)
    options: dict[str, Any] = {"lang": lang} if fmt.labelled else {}
    if fmt.personal:
        options["people"] = people

    def written(org: Org, path: Any) -> Any:
        if fmt.name not in (*DATED, *PICTURES):
            refuse_dated(org, fmt.name, file=None if path is None else str(path))
        return write(org, path, **options)

    return written


def _function(spec: str) -> Callable[..., Any]:
    module, _, name = spec.partition(":")
    found: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return found


def readable() -> list[str]:
    """The names of the formats orggraph reads.

    >>> readable()
    ['yaml', 'json', 'csv', 'xlsx', 'node-link', 'graphml', 'gexf', 'turtle', 'json-ld']
    """
    return [f.name for f in FORMATS.values() if f.readable]


def writable() -> list[str]:
    """The names of the formats orggraph writes.

    >>> writable()
    ['yaml', 'json', 'csv', 'node-link', 'graphml', 'gexf', 'mermaid', 'dot', 'turtle', 'json-ld']
    """
    return [f.name for f in FORMATS.values() if f.writable]


def _suffix_list(pred: Callable[[Format], bool] = lambda f: True) -> list[str]:
    return [s for f in FORMATS.values() if pred(f) for s in f.suffixes]


def format_of(
    path: str | os.PathLike[str], format: str | None = None, *, mode: str = "read"
) -> Format:
    """The format of *path* by its suffix (or the format named *format*); *mode* is
    ``"read"`` or ``"write"``. A :class:`ParseError` (reading) or :class:`OrgError` (writing) lists the valid
    choices otherwise.

    >>> format_of("chart.nodelink.json").name, format_of("org.yml").name
    ('node-link', 'yaml')
    >>> format_of("chart.mmd", mode="read")
    Traceback (most recent call last):
    ...
    orggraph.errors.ParseError: chart.mmd: mermaid (.mmd, .mermaid) can be written but not read back; readable: .yaml, .yml, .json, .csv, .xlsx, .nodelink.json, .graphml, .gexf, .ttl, .jsonld
    """
    file = os.fspath(path)
    error = ParseError if mode == "read" else OrgError  # a file that cannot be read
    names = readable() if mode == "read" else writable()
    if format is not None:
        if format not in FORMATS:
            raise error(
                f"unknown format {format!r}; choose one of {', '.join(names)}",
                file=file,
                choices=names,
            )
        found = FORMATS[format]
    else:
        name = Path(file).name.lower()
        match = next((f for s, f in _BY_SUFFIX if name.endswith(s)), None)
        if match is None:
            ok = _suffix_list(lambda f: f.readable if mode == "read" else f.writable)
            raise error(
                f"cannot tell the format from the suffix {Path(file).suffix!r}; use one of "
                f"{', '.join(ok)} (or name the format: {', '.join(names)})",
                file=file,
                choices=ok,
            )
        found = match
    if mode == "read" and not found.readable:
        raise ParseError(
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
    orggraph.errors.ParseError: org.mmd: mermaid (.mmd, .mermaid) can be written but not read back; readable: .yaml, .yml, .json, .csv, .xlsx, .nodelink.json, .graphml, .gexf, .ttl, .jsonld
    """
    fmt = format_of(source_name(source) or "<open file>", format, mode="read")
    assert fmt.reader is not None  # format_of checked it
    org: Org = _function(fmt.reader)(source, max_bytes=max_bytes)
    return org


def load(
    path: Source, *, format: str | None = None, max_bytes: int | None = None, as_of: Any = None
) -> Org:
    """Read an organisation from a file in any readable format (see :data:`FORMATS`):
    ``og.load``. The same as :func:`read` with keyword-only options; a dated file
    (YAML, JSON, Turtle or JSON-LD) as of *as_of* (a date or ISO text; default today).

    >>> load("org.txt")
    Traceback (most recent call last):
    ...
    orggraph.errors.ParseError: org.txt: cannot tell the format from the suffix '.txt'; use one of .yaml, .yml, .json, .csv, .xlsx, .nodelink.json, .graphml, .gexf, .ttl, .jsonld (or name the format: yaml, json, csv, xlsx, node-link, graphml, gexf, turtle, json-ld)
    """
    if as_of is None:
        return read(path, format, max_bytes=max_bytes)
    native: Any = _function("orggraph.io.native:load")
    return native(path, format=format, max_bytes=max_bytes, as_of=as_of)  # type: ignore[no-any-return]


def serialize(org: Org, format: str, *, lang: str | None = None, people: bool = True) -> str:
    """The organisation as text in the writable *format* (a name of :data:`FORMATS`);
    *lang* picks the language of labels in the graph-tool and picture formats;
    ``people=False`` leaves personal data out (people, holders, e-mails, photos).

    >>> import orggraph as og
    >>> print(serialize(og.loads("units: [{id: a, name: A}]"), "yaml"), end="")
    units:
    - id: a
      name: A
    """
    fmt = format_of(f"<{format}>", format, mode="write")
    return str(_writer(fmt, lang, people)(org, None))


def write(
    org: Org,
    path: str | os.PathLike[str],
    format: str | None = None,
    *,
    lang: str | None = None,
    people: bool = True,
) -> Path:
    """Write the organisation to *path* in the format of its suffix (or *format*),
    atomically; ``people=False`` leaves personal data out (see :func:`serialize`)."""
    fmt = format_of(path, format, mode="write")
    if lang is not None and org.lang and lang not in org.lang:
        warn(
            f"language {lang!r} is not one of the organisation's languages ({', '.join(org.lang)}); "
            f"names fall back to {org.lang[0]!r}"
        )
    target = Path(path)
    if not target.parent.is_dir():
        raise OrgError(
            f"the folder {str(target.parent)!r} does not exist; create it first", file=str(target)
        )
    return Path(_writer(fmt, lang, people)(org, target))


def convert(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    *,
    lang: str | None = None,
    from_format: str | None = None,
    to_format: str | None = None,
    people: bool = True,
) -> Path:
    """Read *src* and write *dst*, each in the format of its suffix (or the format
    named by *from_format* / *to_format*; see :data:`FORMATS`); returns *dst*'s path.
    ``people=False`` leaves personal data out of *dst* (see :func:`serialize`).

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
    orggraph.errors.OrgError: .../org.txt: cannot tell the format from the suffix '.txt'; use one of .yaml, .yml, .json, .csv, .nodelink.json, .graphml, .gexf, .mmd, .mermaid, .dot, .gv, .ttl, .jsonld (or name the format: yaml, json, csv, node-link, graphml, gexf, mermaid, dot, turtle, json-ld)
    """
    format_of(dst, to_format, mode="write")  # a bad target fails before any reading
    org = read(src, from_format)
    return write(org, dst, to_format, lang=lang, people=people)


def dump(
    org: Org,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    lang: str | None = None,
    people: bool = True,
) -> Path:
    """Write the organisation to *path* in any writable format, by suffix or *format*
    (``og.dump``), atomically; returns the path written. ``people=False`` leaves
    personal data out (no people, holders, e-mails or photos; filled seats stay).

    >>> import tempfile, orggraph as og
    >>> folder = Path(tempfile.mkdtemp())
    >>> dump(og.loads("units: [{id: a, name: A}]"), folder / "org.mmd").name
    'org.mmd'
    """
    return write(org, path, format, lang=lang, people=people)
