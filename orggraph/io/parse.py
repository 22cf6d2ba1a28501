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
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

import yaml

from orggraph.core.gcpause import paused
from orggraph.errors import OrgError, ParseError

__all__ = [
    "FORMATS",
    "MAX_DEPTH",
    "MAX_NODES",
    "SCALAR_CACHE",
    "decode",
    "line_column",
    "locator",
    "parse_text",
    "reject_surrogates",
]

FORMATS = ("yaml", "json")
MAX_DEPTH = 500  # nesting levels of YAML/JSON collections; real organisations use < 100
# Values after expanding aliases: this many, or one per character of the text if that is
# more. Without aliases a document cannot reach one value per character (a generated
# organisation has one per ~20), so only aliases can go past the bound; 200,000 units of
# `orggraph generate` are ~5,000,000 values.
MAX_NODES = 5_000_000

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


def line_column(text: str, index: int) -> str:
    r"""``"line L, column C"`` of the character at *index* of *text* (both from 1).

    >>> line_column("a: 1\nb: 2\n", 6)
    'line 2, column 2'
    """
    line = text.count("\n", 0, index) + 1
    return f"line {line}, column {index - text.rfind(chr(10), 0, index)}"


_SURROGATE = re.compile("[\ud800-\udfff]")
# A surrogate written as an escape: JSON's \uD800 (a pair \uD83D\uDE00 is one character),
# Turtle's \uD800 or \U0000D800 (never a character, not even in pairs).
_MAYBE_ESCAPED = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F]")
_ESCAPE = re.compile(r"\\(?:(u|U0000)([dD][89a-fA-F][0-9a-fA-F]{2})|.)", re.DOTALL)
_LOW_ESCAPE = re.compile(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def reject_surrogates(text: str, *, file: str | None = None, escapes: str | None = None) -> None:
    r"""Refuse text holding a lone surrogate (half of a UTF-16 pair, not a character),
    which no UTF-8 file can hold and every writer fails on later.

    *escapes* also looks for surrogates written as escapes: ``"json"`` (``\uD800``
    without its other half; JSON-LD and node-link are JSON) or ``"turtle"`` (any
    ``\uD800`` or ``\U0000D800``). The YAML reader refuses escaped ones itself.

    >>> reject_surrogates('{"name": "a\\ud83d\\ude00"}', escapes="json")  # a pair: fine
    >>> reject_surrogates('{"name":\n "a\\ud800"}', escapes="json")
    Traceback (most recent call last):
    ...
    orggraph.errors.ParseError: line 2, column 4: a lone surrogate \ud800 is not a character; the text must be valid Unicode
    """
    found = _SURROGATE.search(text)
    if found:
        raise _surrogate_error(text, found.start(), f"\\u{ord(found.group()):04x}", file)
    if escapes is None or not _MAYBE_ESCAPED.search(text):
        return
    pos = 0
    while True:
        match = _ESCAPE.search(text, pos)
        if match is None:
            return
        pos = match.end()
        if match.group(2) is None:
            continue  # another escape (\\, \", \n, ...), skipped whole
        if escapes == "json" and match.group(2)[1] in "89abAB":
            low = _LOW_ESCAPE.match(text, pos)
            if low:  # a high surrogate followed by a low one: one character
                pos = low.end()
                continue
        raise _surrogate_error(text, match.start(), match.group(), file)


def _surrogate_error(text: str, index: int, shown: str, file: str | None) -> ParseError:
    return ParseError(
        f"a lone surrogate {shown} is not a character; the text must be valid Unicode",
        file=file,
        place=line_column(text, index),
    )


def _reader_error(text: str, exc: Any, file: str | None) -> ParseError:
    """A character YAML does not allow (NUL, other control characters, U+FFFE), located.

    libyaml reports a byte offset and PyYAML a character index, so the character is
    looked up again in the text; both readers stop at the first one.
    """
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    code = ord(found.group()) if found else exc.character
    if not isinstance(code, int):  # pragma: no cover - a byte string's reader
        return ParseError(f"YAML error: {exc}", file=file)
    index = found.start() if found else min(exc.position, len(text))
    name = unicodedata.name(chr(code), "") or _CONTROL_NAMES.get(code) or "a non-character"
    if unicodedata.category(chr(code)) == "Cc" and code not in _CONTROL_NAMES:
        name = "a control character"
    return ParseError(
        f"the character U+{code:04X} ({name}) is not allowed in YAML"
        + (" (is this a text file?)" if code == 0 else ""),
        file=file,
        place=line_column(text, index),
    )


_CONTROL_NAMES = {0: "NUL", 7: "BEL", 8: "BACKSPACE", 0x1B: "ESCAPE", 0x7F: "DELETE"}


class _Unusual(Exception):
    """Something the one-pass YAML reader leaves to PyYAML's loader: merge keys, tags
    other than the core scalars, collection keys, repeated anchors, a value that cannot
    be constructed. PyYAML then builds the data, or gives its own error."""


_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {  # the core scalar tags and SafeConstructor's builders for them
    f"tag:yaml.org,2002:{name}": getattr(yaml.constructor.SafeConstructor, f"construct_yaml_{name}")
    for name in ("null", "bool", "int", "float", "binary", "timestamp", "str")
}


class _YamlPass:
    """One pass over the YAML events: bound nesting and expanded size, find duplicate
    keys, and (with *build*) build the plain data as ``yaml.safe_load`` would, without
    holding the document's node tree (several times the size of the data).

    Every value counts once, where it appears; an alias counts as the whole value it
    repeats (its expanded size), so the count grows with what loading would build.
    """

    def __init__(self, text: str, file: str | None, *, build: bool) -> None:
        self.text = text
        self.file = file
        self.build = build
        self.total = 0
        self.limit = max(MAX_NODES, len(text))
        self.sizes: dict[str, int] = {}  # anchor -> expanded size of the value it names
        self.values: dict[str, Any] = {}  # anchor -> the value (built, when building)
        # Per open collection: [anchor, count before it opened, is_mapping, keys seen,
        # expecting a key, the container, the key waiting for its value]
        self.stack: list[list[Any]] = []
        self.root: Any = None
        self.resolver: Any = yaml.resolver.Resolver()
        self.plain_tags: dict[str, str] = {}  # short plain texts -> their tag, once
        self.scalars: dict[tuple[str, str], Any] = {}  # short (tag, text) -> its value
        self.constructor = yaml.constructor.SafeConstructor()

    def run(self) -> Any:
        try:
            self._events()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or "invalid YAML"
            context = f" {exc.context}" if exc.context else ""
            raise ParseError(
                f"YAML syntax error: {problem}{context}",
                file=self.file,
                place=_mark(mark) if mark else None,
            ) from None
        except yaml.reader.ReaderError as exc:
            raise _reader_error(self.text, exc, self.file) from None
        except yaml.YAMLError as exc:
            raise ParseError(f"YAML error: {exc}", file=self.file) from None
        return self.root

    def _events(self) -> None:
        documents = 0
        events: Iterator[Any] = yaml.parse(self.text, Loader=_Loader)
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self._count(1, event.start_mark)
                value = self._scalar(event) if self.build else None
                if event.anchor is not None:
                    self._anchor(event.anchor, 1, value)
                self._place(value, event.value, event.start_mark)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._open(event, kind is yaml.MappingStartEvent)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                anchor, before, _, _, _, value, _ = self.stack.pop()
                if anchor is not None:
                    self._anchor(anchor, self.total - before, value)
                # A collection used as a mapping key is unhashable later anyway.
                self._place(value, None, event.start_mark)
            elif kind is yaml.AliasEvent:
                self._count(self.sizes.get(event.anchor or "", 1), event.start_mark)
                if self.build and event.anchor not in self.values:
                    raise _Unusual  # undefined, or a collection still open (recursive)
                value = self.values.get(event.anchor or "")
                self._place(value, ("alias", event.anchor), event.start_mark)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1 and self.build:
                    raise _Unusual  # PyYAML's loader says "expected a single document"

    def _count(self, size: int, mark: Any) -> None:
        self.total += size
        if self.total > self.limit:
            raise ParseError(
                f"the document expands to more than {self.limit:,} values (an alias bomb?)",
                file=self.file,
                place=_mark(mark),
            )

    def _anchor(self, anchor: str, size: int, value: Any) -> None:
        if self.build and anchor in self.values:
            raise _Unusual  # a repeated anchor: PyYAML's composer refuses it
        self.sizes[anchor] = size
        self.values[anchor] = value

    def _open(self, event: Any, is_mapping: bool) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise ParseError(
                f"the document nests deeper than {MAX_DEPTH} levels",
                file=self.file,
                place=_mark(event.start_mark),
            )
        container: Any = None
        if self.build:
            if event.tag not in (None, "!", _MAP_TAG if is_mapping else _SEQ_TAG):
                raise _Unusual  # !!set, !!omap, !!pairs, an application tag
            container = {} if is_mapping else []
        self.stack.append([event.anchor, self.total, is_mapping, {}, True, container, None])
        self._count(1, event.start_mark)

    def _scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            value = event.value
            if not event.implicit[0]:  # quoted: text
                tag = self.resolver.resolve(yaml.ScalarNode, value, event.implicit)
            elif value[:1] not in self.resolver.yaml_implicit_resolvers:
                return value  # plain text that cannot read as anything else
            else:  # plain: what it reads as depends on the text alone
                tag = self.plain_tags.get(value)
                if tag is None:
                    tag = self.resolver.resolve(yaml.ScalarNode, value, event.implicit)
                    if len(value) < 16 and len(self.plain_tags) < 10_000:
                        self.plain_tags[value] = tag  # keys: "title", "name", "seats"
        if tag == _STR_TAG:
            return event.value
        key = (tag, event.value)
        if key in self.scalars:  # dates, numbers: immutable, and many repeat
            return self.scalars[key]
        construct = _SCALAR_TAGS.get(tag)
        if construct is None:
            raise _Unusual  # a merge key (<<), an application tag
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = construct(self.constructor, node)
        except Exception as exc:
            # `!!int abc`, 2020-13-45, 5,000 digits, `!!bool maybe` (a KeyError): PyYAML's
            # loader would fail the same way, without the line; the event knows it.
            shown = event.value if len(event.value) <= 40 else event.value[:37] + "..."
            why: object = (
                exc if isinstance(exc, ValueError) else f"not a valid {tag.rsplit(':', 1)[-1]}"
            )
            if "integer string conversion" in str(exc):  # not "use sys.set_int_max_..."
                why = f"it has more than {sys.get_int_max_str_digits():,} digits"
            raise ParseError(
                f"YAML error: the value {shown!r} cannot be read: {why}",
                file=self.file,
                place=_mark(event.start_mark),
            ) from None
        if len(event.value) < 16 and len(self.scalars) < SCALAR_CACHE:
            self.scalars[key] = value
        return value

    def _place(self, value: Any, key: Any, mark: Any) -> None:
        """A value has been read: check mapping keys, put it into the open collection."""
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if not top[2]:  # a sequence
            if self.build:
                top[5].append(value)
            return
        if top[4]:  # a key
            if key is not None:
                if key in top[3]:
                    raise ParseError(
                        f"duplicate key {key!r} (first at line {top[3][key].line + 1})",
                        file=self.file,
                        place=_mark(mark),
                    )
                top[3][key] = mark
            if self.build and isinstance(value, (dict, list)):
                raise _Unusual  # PyYAML's loader says "found unhashable key"
            top[6] = value
        elif self.build:
            top[5][top[6]] = value
        top[4] = not top[4]


#: How many short scalars (dates, numbers) a YAML read keeps built, to hand out again:
#: a dated file repeats its days thousands of times (0: build each anew).
SCALAR_CACHE = 10_000

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


def _check_yaml_events(text: str, file: str | None) -> None:
    """Check *text* (nesting, expanded size, duplicate keys) without building anything."""
    _YamlPass(text, file, build=False).run()


def _load_yaml(text: str, file: str | None) -> Any:
    """The plain data of YAML *text*, checked; as ``yaml.safe_load`` gives it."""
    try:
        with paused():  # the document's values can be millions of objects
            return _YamlPass(text, file, build=True).run()
    except _Unusual:
        pass
    _check_yaml_events(text, file)
    try:
        with paused():
            return yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader
    except yaml.YAMLError as exc:  # e.g. an unhashable key
        mark = getattr(exc, "problem_mark", None)
        raise ParseError(
            f"YAML error: {getattr(exc, 'problem', None) or exc}",
            file=file,
            place=_mark(mark) if mark else None,
        ) from None


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
                raise ParseError(
                    f"the document nests deeper than {MAX_DEPTH} levels",
                    place=line_column(text, i),
                )
        elif ch in "]}":
            depth -= 1


# A JSON string (skipped whole, so digits inside it do not count) or a run of digits.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]+|\\.)*"|\d+')


def _long_number(text: str) -> str | None:
    """Where *text* has its first number with more digits than Python converts (json.loads
    refuses it without a place), or None."""
    limit = sys.get_int_max_str_digits()
    for match in _JSON_TOKEN.finditer(text):
        if match.group()[0] != '"' and len(match.group()) > limit:
            return line_column(text, match.start())
    return None


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
    reject_surrogates(text, file=file, escapes="json" if format == "json" else None)
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
            place = _long_number(text)
            if place:  # "Exceeds the limit (4300 digits) ...; use sys.set_int_max_str_digits()"
                msg = f"a number has more than {sys.get_int_max_str_digits():,} digits"
                raise ParseError(msg, file=file, place=place) from None
            raise ParseError(f"JSON error: {exc}", file=file) from None
    try:
        return _load_yaml(text, file)
    except OrgError:  # located already (a ParseError is a ValueError too)
        raise
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
