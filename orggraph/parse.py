"""Turning bytes and text into plain data, safely.

YAML is checked event by event before anything is built, so alias bombs ("billion
laughs"), absurd nesting and duplicate keys end quickly in a :class:`ParseError`
instead of exhausting memory, the recursion limit or silently losing a value.

>>> parse_text("a: 1\\nb: [x, y]\\n", "yaml")
{'a': 1, 'b': ['x', 'y']}
>>> parse_text("a: 1\\na: 2\\n", "yaml")
Traceback (most recent call last):
...
orggraph.errors.ParseError: line 2, column 1: duplicate key 'a' (first at line 1)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import yaml

from .errors import ParseError

__all__ = ["FORMATS", "MAX_DEPTH", "MAX_NODES", "decode", "locator", "parse_text"]

FORMATS = ("yaml", "json")
MAX_DEPTH = 500  # nesting levels of YAML/JSON collections; real organisations use < 100
MAX_NODES = 5_000_000  # values after expanding aliases; 1M units in nested YAML is ~4M

try:  # libyaml is ~10x faster when present
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


def decode(data: bytes, *, file: str | None = None) -> str:
    """UTF-8 (with or without BOM) bytes to text; anything else is a :class:`ParseError`.

    >>> decode(b"\\xef\\xbb\\xbfname: x")
    'name: x'
    >>> decode(b"a: 1\\nb: \\xff")
    Traceback (most recent call last):
    ...
    orggraph.errors.ParseError: line 2, column 4: the file is not UTF-8 text (byte 0xff at offset 8)
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ParseError(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            file=file,
            place=f"line {line}, column {col}",
        ) from None


def _mark(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def _check_yaml_events(text: str, file: str | None) -> None:
    """One pass over the YAML events: bound nesting and expanded size, find duplicate keys."""
    depth = 0
    total = 0
    anchors: dict[str, int] = {}
    # Per open collection: [size so far, anchor, is_mapping, keys seen, expecting a key]
    stack: list[list[Any]] = []

    def add_value(size: int, key: Any = None, mark: Any = None) -> None:
        nonlocal total
        total += size
        if total > MAX_NODES:
            raise ParseError(
                f"the document expands to more than {MAX_NODES:,} values (an alias bomb?)",
                file=file,
                place=_mark(mark) if mark else None,
            )
        if stack:
            top = stack[-1]
            top[0] += size
            if top[2]:  # mapping: alternate key / value
                if top[4] and key is not None:
                    if key in top[3]:
                        first = top[3][key]
                        raise ParseError(
                            f"duplicate key {key!r} (first at line {first.line + 1})",
                            file=file,
                            place=_mark(mark),
                        )
                    top[3][key] = mark
                top[4] = not top[4]

    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ParseError(
                        f"the document nests deeper than {MAX_DEPTH} levels",
                        file=file,
                        place=_mark(event.start_mark),
                    )
                stack.append([1, event.anchor, isinstance(event, yaml.MappingStartEvent), {}, True])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
                size, anchor, *_ = stack.pop()
                if anchor is not None:
                    anchors[anchor] = size
                # A collection used as a mapping key is unhashable later anyway.
                add_value(size, mark=event.start_mark)
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None:
                    anchors[event.anchor] = 1
                add_value(1, key=event.value, mark=event.start_mark)
            elif isinstance(event, yaml.AliasEvent):
                size = anchors.get(event.anchor or "", 1)
                add_value(size, key=("alias", event.anchor), mark=event.start_mark)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        context = f" {exc.context}" if exc.context else ""
        raise ParseError(
            f"YAML syntax error: {problem}{context}",
            file=file,
            place=_mark(mark) if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise ParseError(f"YAML error: {exc}", file=file) from None


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _json_depth(text: str) -> None:
    """Reject JSON nesting deeper than MAX_DEPTH before json.loads recurses."""
    depth = 0
    in_string = False
    escaped = False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, i) + 1
                raise ParseError(
                    f"the document nests deeper than {MAX_DEPTH} levels",
                    place=f"line {line}, column {i - text.rfind(chr(10), 0, i)}",
                )
        elif ch in "]}":
            depth -= 1


def parse_text(text: str, format: str = "yaml", *, file: str | None = None) -> Any:
    """Parse *text* as ``"yaml"`` or ``"json"`` into plain Python data."""
    if format not in FORMATS:
        raise ParseError(
            f"unknown format {format!r}; choose one of {', '.join(FORMATS)}",
            file=file,
            choices=FORMATS,
        )
    if not text.strip() or (format == "yaml" and _only_comments(text)):
        raise ParseError("the file is empty", file=file)
    if format == "json":
        try:
            _json_depth(text)
        except ParseError as exc:
            raise exc.located(file=file) from None
        try:
            return json.loads(text, object_pairs_hook=_json_pairs)
        except json.JSONDecodeError as exc:
            raise ParseError(
                f"JSON syntax error: {exc.msg}",
                file=file,
                place=f"line {exc.lineno}, column {exc.colno}",
            ) from None
        except ValueError as exc:  # a duplicate key from _json_pairs, an over-long integer
            if str(exc).startswith("duplicate key"):
                try:  # JSON is (nearly always) YAML: the YAML pass knows the line
                    _check_yaml_events(text, file)
                except ParseError as located:
                    if located.message.startswith("duplicate key"):
                        raise located from None
                raise ParseError(str(exc), file=file) from None
            raise ParseError(f"JSON error: {exc}", file=file) from None
    _check_yaml_events(text, file)
    try:
        return yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader
    except yaml.YAMLError as exc:  # e.g. an unhashable key
        mark = getattr(exc, "problem_mark", None)
        raise ParseError(
            f"YAML error: {getattr(exc, 'problem', None) or exc}",
            file=file,
            place=_mark(mark) if mark else None,
        ) from None
    except (ValueError, TypeError, AttributeError, OverflowError) as exc:
        # A tagged or implicit value PyYAML cannot construct: `2020-13-45`, `!!int abc`,
        # an integer with more digits than Python converts.
        raise ParseError(f"YAML error: a value cannot be read: {exc}", file=file) from None
    except (RecursionError, MemoryError):  # pragma: no cover - bounded by the event check
        raise ParseError("the document is too deeply nested or too large", file=file) from None


def _only_comments(text: str) -> bool:
    return all(
        not line.strip() or line.lstrip().startswith("#") or line.strip() in ("---", "...")
        for line in text.splitlines()
    )


def locator(text: str, format: str = "yaml") -> Callable[[tuple[int | str, ...]], str | None]:
    """A function mapping a path into the document to ``"line L, column C"``.

    It composes the document again (only when an error needs a location). JSON is
    located through the YAML composer, which reads JSON as YAML in nearly all cases.

    >>> where = locator("units:\\n  - id: a\\n    name: A\\n")
    >>> where(("units", 0, "name"))
    'line 3, column 11'
    """

    composed: list[Any] = []  # the document's node tree, composed on first use

    def find(loc: tuple[int | str, ...]) -> str | None:
        if not composed:
            try:
                composed.append(yaml.compose(text, Loader=_Loader))
            except (yaml.YAMLError, RecursionError):
                composed.append(None)
        node = composed[0]
        if node is None:
            return None
        found = node
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                nxt = None
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == part:
                        nxt, found = value, value
                        break
                if nxt is None:
                    # A missing or extra key: point at the mapping (or the key itself).
                    for key, _value in node.value:
                        if isinstance(key, yaml.ScalarNode) and key.value == part:
                            found = key
                    break
                node = nxt
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and part < len(node.value)
            ):
                node = found = node.value[part]
            else:
                break
        return _mark(found.start_mark) if found is not None else None

    return find
