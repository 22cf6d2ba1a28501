"""The native document: YAML and JSON files and text in orggraph's own format.

Every failure is an :class:`~orggraph.errors.OrgError` naming the file, the place and
the ids involved; nothing else escapes :func:`load` and :func:`loads`.
``load -> dump -> load`` is lossless: the two organisations compare equal.

>>> org = loads("units: [{id: a, name: A}, {id: b, name: B, parent: a}]")
>>> org.children("a")
['b']
>>> loads(dumps(org)) == org
True
>>> loads("units: [{id: a, name: A}, {id: b, name: B, parent: b}]")
Traceback (most recent call last):
...
orggraph.errors.CycleError: units[1].parent (line 1, column 52): unit 'b' would report to itself
"""

from __future__ import annotations

import datetime
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orggraph.core.org import Org
from orggraph.errors import (
    OrgError,
    ParseError,
)
from orggraph.io.parse import decode, locator, parse_text
from orggraph.io.sources import Source, read_source, source_name

if TYPE_CHECKING:  # pydantic loads only when a document is validated; networkx on a build
    pass


import io
import json
import re
from itertools import chain
from typing import IO, TYPE_CHECKING, cast

import yaml

if TYPE_CHECKING:
    from orggraph.core.org import Org
from orggraph.core.build import from_dict
from orggraph.core.document import to_dict
from orggraph.io.files import atomic_write, text_writer

__all__ = ["dump", "dumps", "load", "loads", "read_json", "read_yaml", "to_json", "to_yaml"]


def load(
    path: Source, *, format: str | None = None, max_bytes: int | None = None, as_of: Any = None
) -> Org:
    """Read an organisation from a YAML (``.yaml``/``.yml``) or JSON (``.json``) file;
    any other readable format (see :mod:`orggraph.io.registry`) is read by its reader.

    *path* may also be an open file (then *format* says what it holds). Only regular
    files are read, and at most *max_bytes* bytes (default
    :data:`orggraph.io.sources.DEFAULT_MAX_BYTES`, 1 GiB): devices, FIFOs and larger files
    are a :class:`ParseError`.

    >>> load("no/such/file.yaml")
    Traceback (most recent call last):
    ...
    orggraph.errors.ParseError: no/such/file.yaml: cannot read the file: No such file or directory
    """
    from orggraph.io import registry  # the registry names this module only as text

    file = source_name(path)
    fmt = registry.format_of(file or "<open file>", format, mode="read").name
    if fmt not in ("yaml", "json"):  # read whole, then the day (RDF may be dated too)
        org = registry.read(path, fmt, max_bytes=max_bytes)
        return org if as_of is None else org.as_of(as_of)
    raw, file = read_source(path, max_bytes=max_bytes)
    return loads(decode(raw, file=file), format=fmt, file=file, as_of=as_of)


def loads(
    text: str | bytes, format: str = "yaml", *, file: str | None = None, as_of: Any = None
) -> Org:
    """Build an organisation from YAML or JSON text; a dated one (see
    :mod:`orggraph.core.history`) as of *as_of* (a date or ISO text; default today)."""
    try:
        if isinstance(text, bytes):
            text = decode(text, file=file)
        data = parse_text(text, format, file=file)
        return from_dict(data, file=file, locate=locator(text, format), as_of=as_of)
    except OrgError:
        raise
    except RecursionError:
        raise ParseError("the document nests too deeply", file=file) from None
    except Exception as exc:  # pragma: no cover - a bug; still give the caller an OrgError
        raise OrgError(
            f"unexpected error while loading: {type(exc).__name__}: {exc}", file=file
        ) from exc


FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_PLAIN = (True, False)  # the resolver's question: what would this text read as, plain?
# Scalars whose event never depends on the value's text (tag, implicit flags).
_NULL = yaml.ScalarEvent(None, "tag:yaml.org,2002:null", (True, False), "null")
_BOOLS = {
    b: yaml.ScalarEvent(None, "tag:yaml.org,2002:bool", (True, False), str(b).lower())
    for b in (True, False)
}


_BREAKS = re.compile("[\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f]")


def _str_style(data: str) -> str | None:
    if not data.isascii() and _BREAKS.search(data):
        # YAML reads these as line breaks in plain, single-quoted and block scalars
        # (PyYAML writes NEL unescaped and reads it back as a break): escape them.
        return '"'
    if "\n" in data and not _CONTROL.search(data):
        return "|"
    return None


def _str_presenter(dumper: Any, data: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(_STR, data, style=_str_style(data))  # type: ignore[no-any-return]


def _dumper_class(base: Any) -> Any:
    class Dumper(base):  # type: ignore[misc]
        """Block style, Unicode kept, no anchors/aliases for shared objects."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

    Dumper.add_representer(str, _str_presenter)
    return Dumper


_PyDumper = _dumper_class(yaml.SafeDumper)
# libyaml writes ~10x faster, but escapes characters beyond U+FFFF (emoji, rare CJK) as
# "\U0002000B": a document with one is written by PyYAML's own emitter, readable.
_CDumper = _dumper_class(yaml.CSafeDumper) if hasattr(yaml, "CSafeDumper") else None
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class _Anything:
    def __contains__(self, item: object) -> bool:
        return True


_ANY: Any = _Anything()


class _AstralText(Exception):
    """A text the C emitter would escape: write the document with the Python one."""


def _scalar_event(dumper: Any, value: Any) -> yaml.ScalarEvent:
    """The event PyYAML's serializer would emit for *value*, a scalar other than text."""
    if value is None:
        return _NULL
    kind = type(value)
    if kind is bool:
        return _BOOLS[value]
    if kind is int:  # a decimal integer always reads back as one: plain
        return yaml.ScalarEvent(None, "tag:yaml.org,2002:int", (True, False), str(value))
    if isinstance(value, float) and not math.isfinite(value):
        raise OrgError(f"cannot write {value!r}: numbers in a file must be finite")
    try:
        node = dumper.represent_data(value)
    except yaml.representer.RepresenterError:
        node = None
    if not isinstance(node, yaml.ScalarNode):
        # A set, a tuple, bytes... from_dict refuses them; only the Python API gets here.
        raise OrgError(f"cannot write {type(value).__name__} {value!r:.60}: not plain data")
    implicit = (
        node.tag == dumper.resolve(yaml.ScalarNode, node.value, (True, False)),
        node.tag == dumper.resolve(yaml.ScalarNode, node.value, (False, True)),
    )
    return yaml.ScalarEvent(None, node.tag, implicit, node.value, style=node.style)


class _Texts:
    """Events for texts: plain when the text reads back as text, else quoted."""

    def __init__(self, dumper: Any, astral: bool) -> None:
        self.resolve = dumper.resolve
        self.astral = astral
        # Only a text starting with one of these can read back as something else (a
        # number, true, null, a date): the rest are plain without asking the resolver.
        self.special: Any = set(dumper.yaml_implicit_resolvers) | {""}
        if None in self.special:  # a resolver for any first character: ask for every text
            self.special = _ANY
        self.known: dict[str, bool] = {}  # short texts ("name", "title") resolved once

    def event(self, value: str) -> yaml.ScalarEvent:
        if not self.astral and not value.isascii() and _ASTRAL.search(value):
            raise _AstralText
        plain = True
        if value[:1] in self.special:
            known = self.known.get(value)
            if known is None:
                known = self.resolve(yaml.ScalarNode, value, _PLAIN) == _STR
                if len(value) < 16 and len(self.known) < 10_000:
                    self.known[value] = known
            plain = known
        return yaml.ScalarEvent(None, _STR, (plain, True), value, style=_str_style(value))


def _emit_document(dumper: Any, data: Any, astral: bool) -> None:
    """Emit one block-style YAML document of plain *data*, without building a node tree
    (PyYAML's representer holds the whole document as nodes, ~10x the data). Texts with
    characters beyond U+FFFF raise :class:`_AstralText` unless *astral* allows them."""
    emit = dumper.emit
    text = _Texts(dumper, astral).event
    emit(yaml.DocumentStartEvent(explicit=False))
    # Per open collection: the values still to write, and the event that closes it.
    stack: list[tuple[Iterator[Any], yaml.Event | None]] = [(iter((data,)), None)]
    while stack:
        values, end = stack[-1]
        for value in values:
            if type(value) is str:
                emit(text(value))
            elif isinstance(value, dict):
                emit(yaml.MappingStartEvent(None, _MAP, True, flow_style=False))
                stack.append((chain.from_iterable(value.items()), yaml.MappingEndEvent()))
                break
            elif isinstance(value, list):
                emit(yaml.SequenceStartEvent(None, _SEQ, True, flow_style=False))
                stack.append((iter(value), yaml.SequenceEndEvent()))
                break
            else:
                emit(_scalar_event(dumper, value))
        else:
            stack.pop()
            if end is not None:
                emit(end)
    emit(yaml.DocumentEndEvent(explicit=False))


def _write_yaml(data: Any, stream: IO[Any], encoding: str | None) -> None:
    """Write *data* to *stream* (an empty buffer) as block-style YAML, event by event:
    text, or bytes in *encoding*. The same text as ``yaml.dump`` with PyYAML's dumper."""
    if _CDumper is not None:
        try:
            _emit(_CDumper, data, stream, encoding, astral=False)
            return
        except _AstralText:
            stream.seek(0)
            stream.truncate()
    _emit(_PyDumper, data, stream, encoding, astral=True)


def _emit(cls: Any, data: Any, stream: IO[Any], encoding: str | None, *, astral: bool) -> None:
    dumper = cls(stream, allow_unicode=True, width=100, encoding=encoding)
    try:
        dumper.emit(yaml.StreamStartEvent(encoding=encoding))
        _emit_document(dumper, data, astral)
        dumper.emit(yaml.StreamEndEvent())
    finally:
        dumper.dispose()


def json_default(value: Any) -> Any:
    # YAML reads `2020-01-01` in attrs as a date; JSON has no dates, so write ISO text.
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    raise OrgError(
        f"cannot write {type(value).__name__} {value!r:.60} as JSON (only YAML keeps it)"
    )


def _write_json(data: Any, stream: IO[str]) -> None:
    try:
        json.dump(data, stream, ensure_ascii=False, indent=2, default=json_default, allow_nan=False)
    except ValueError as exc:  # NaN or infinity: JSON has no spelling for them
        raise OrgError(f"cannot write JSON: {exc} (numbers in a file must be finite)") from None
    stream.write("\n")


def _write(org: Org, format: str, stream: IO[bytes] | IO[str], *, people: bool = True) -> None:
    """Write *org* as ``"yaml"`` or ``"json"`` to *stream*: text, or UTF-8 into bytes;
    without *people*, no personal data (see :func:`orggraph.core.document.to_dict`)."""
    if format not in ("yaml", "json"):
        raise OrgError(
            f"unknown format {format!r}; choose one of yaml, json", choices=("yaml", "json")
        )
    data = to_dict(org, people=people)
    binary = not isinstance(stream, io.TextIOBase)
    if format == "yaml":
        _write_yaml(data, stream, "utf-8" if binary else None)
    elif binary:  # json writes text: encode it on the way
        text = io.TextIOWrapper(cast("IO[bytes]", stream), encoding="utf-8", newline="\n")
        _write_json(data, text)
        text.flush()
        text.detach()
    else:
        _write_json(data, cast("IO[str]", stream))


def dumps(org: Org, format: str = "yaml", *, people: bool = True) -> str:
    """The organisation as YAML or JSON text; ``people=False`` leaves out the people,
    the holders, e-mails and photos (each post's filled seats stay, as ``filled``).

    >>> org = loads("units: [{id: a, name: A, head: {title: Boss, holders: [Ann]}}]")
    >>> print(dumps(org, people=False), end="")
    units:
    - id: a
      name: A
      head:
        title: Boss
        filled: 1
    """
    out = io.StringIO()
    _write(org, format, out, people=people)
    return out.getvalue()


def dump(org: Org, path: str | Path, *, format: str | None = None, people: bool = True) -> Path:
    """Write the organisation to *path*, YAML or JSON by suffix (or *format*), atomically;
    ``people=False`` as in :func:`dumps`."""
    fmt = format or FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise OrgError(
            f"cannot tell the format from the suffix {Path(path).suffix!r}; use one of {', '.join(FORMATS)}",
            file=str(path),
            choices=list(FORMATS),
        )
    buffer = io.BytesIO()  # encoded as it is written: no text copy of the whole file
    _write(org, fmt, buffer, people=people)
    return atomic_write(path, buffer.getvalue())


def read_yaml(source: Source, *, max_bytes: int | None = None) -> Org:
    """Read an organisation from a YAML file (the registry's reader for ``yaml``)."""
    return load(source, format="yaml", max_bytes=max_bytes)


def read_json(source: Source, *, max_bytes: int | None = None) -> Org:
    """Read an organisation from a JSON file (the registry's reader for ``json``)."""
    return load(source, format="json", max_bytes=max_bytes)


@text_writer
def to_yaml(
    org: Org, path: str | os.PathLike[str] | None = None, *, people: bool = True
) -> str | Path:
    """The organisation as YAML: returns the text, or writes *path* atomically
    (``people=False`` as in :func:`dumps`)."""
    if path is None:
        return dumps(org, "yaml", people=people)
    return dump(org, Path(path), format="yaml", people=people)


@text_writer
def to_json(
    org: Org, path: str | os.PathLike[str] | None = None, *, people: bool = True
) -> str | Path:
    """The organisation as JSON: returns the text, or writes *path* atomically
    (``people=False`` as in :func:`dumps`)."""
    if path is None:
        return dumps(org, "json", people=people)
    return dump(org, Path(path), format="json", people=people)
