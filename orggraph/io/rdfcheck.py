"""Checks of RDF input shared by the Turtle and JSON-LD readers: IRIs no IRI can be, located Turtle syntax errors, JSON-LD contexts, exact decimals."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from orggraph.errors import (
    ParseError,
    SchemaError,
)
from orggraph.io.nodelink import JsonPlace, json_shown, json_type

__all__ = ["check_iris", "check_jsonld", "decimal_amount", "n3", "turtle_error"]


def decimal_amount(value: int | float) -> tuple[str, str]:
    """The lexical form and XSD type of a salary: whole amounts as ``xsd:integer``, exact
    at any size (a whole float by its exact value, so it reads back equal), fractions as
    ``xsd:decimal`` with the float's shortest digits."""
    if isinstance(value, int) or value.is_integer():
        return str(int(value)), "integer"
    return format(Decimal(repr(value)), "f"), "decimal"


_NOT_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`]')  # what no IRI holds (RFC 3987; rdflib's own test)


def check_iris(g: Any, uriref: type, content: str, what: str, file: str | None) -> None:
    """Refuse an IRI the parser let through although no IRI can hold it (a space, a
    quote...): rdflib reads it with a logged warning and cannot write it back."""
    terms = set(g.all_nodes()) | set(g.predicates(unique=True))
    for term in sorted(terms, key=str):  # the first bad one in a stable order
        bad = _NOT_IRI.search(str(term)) if isinstance(term, uriref) else None
        if bad is not None:
            # The IRI as written, or its local part after a prefix (skos:prefLabel), or
            # the bad character itself: the first found gives the place.
            iri = str(term)
            spots = (iri, iri.rsplit("#", 1)[-1], iri.rsplit("/", 1)[-1], bad.group())
            found = next((at for at in map(content.find, spots) if at >= 0), -1)
            place = None
            if found >= 0:
                line = content.count("\n", 0, found) + 1
                place = f"line {line}, column {found - (content.rfind(chr(10), 0, found) + 1) + 1}"
            raise ParseError(
                f"{what}: the IRI <{term}> is not valid: it holds {bad.group()!r} "
                "(percent-encode it, as %20 for a space)",
                file=file,
                place=place,
            )


def turtle_error(exc: Exception, content: str, file: str | None) -> ParseError | None:
    """What rdflib's Turtle parser raised, as a syntax error with its line and column
    (``None`` for anything else). rdflib raises BadSyntax (a SyntaxError with the text and
    offset as ``_str``/``_i`` and the reason as ``_why``) and, from corners of its N3
    parser, an IndexError when the text ends in the middle of a statement, an
    AssertionError ("Quote expected in string at ^ in <before>^<after>") when a string is
    never closed, a ValueError for a bad language tag and an AttributeError for an N3
    variable (``?x``)."""
    message, index = "", -1
    if isinstance(exc, IndexError):
        last = content.count("\n", 0, len(content.rstrip())) + 1
        return ParseError(
            "Turtle syntax error: the file ends in the middle of a statement "
            "(a missing ' .' or closing bracket?)",
            file=file,
            place=f"line {last}",
        )
    if isinstance(exc, AssertionError):
        message = "a string literal is not closed (a quote is missing)"
        around = re.search(r"at \^ in (.*)\^(.*)\Z", str(exc), re.DOTALL)
        found = content.find("".join(around.groups())) if around else -1
        if around and found >= 0:  # point at the opening quote
            index = found + len(around[1]) - (1 if around[1].endswith(("'", '"')) else 0)
    elif isinstance(exc, SyntaxError):
        text, offset = getattr(exc, "_str", None), getattr(exc, "_i", None)
        message = str(getattr(exc, "_why", "") or "bad syntax")
        if isinstance(text, bytes) and isinstance(offset, int):
            index = len(text[:offset].decode("utf-8", "replace"))
    elif isinstance(exc, ValueError) and "language tag" in str(exc):
        tag = str(exc).split("'")[1] if str(exc).count("'") >= 2 else ""
        message = f"{tag!r} is not a language tag (such as en or zh-Hans)"
        index = content.find(f"@{tag}") if tag else -1
    elif isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        # rdflib converts an xsd:integer with int(): Python refuses over 4,300 digits.
        message = f"a number has more than {sys.get_int_max_str_digits():,} digits"
        index = next(
            (m.start() for m in _TURTLE_TOKEN.finditer(content) if _too_long(m.group())), -1
        )
    elif isinstance(exc, AttributeError) and "newUniversal" in str(exc):
        message = "variables (?name) are N3, not Turtle"
        variable = re.search(r"(?:^|\s)(\?\w)", content)
        index = variable.start(1) if variable else -1
    else:
        return None
    message = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", " ".join(message.split()))
    place = None
    if index >= 0:
        line = content.count("\n", 0, index) + 1
        place = f"line {line}, column {index - (content.rfind(chr(10), 0, index) + 1) + 1}"
    elif isinstance(lines := getattr(exc, "lines", None), int):
        place = f"line {lines + 1}"
    return ParseError(f"Turtle syntax error: {message[:200]}", file=file, place=place)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")

# Turtle's strings, IRIs, comments and names (skipped whole: digits in them are no
# number) or a run of digits.
_TURTLE_TOKEN = re.compile(
    r'""".*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^>\s]*>|#[^\n]*|[^\W\d][\w.:-]*|:[\w.:-]*|\d+",
    re.DOTALL,
)


def _too_long(token: str) -> bool:
    return token[0].isdigit() and len(token) > sys.get_int_max_str_digits()


_LANG_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")


_LD_RULES: dict[str, tuple[Callable[[Any, Mapping[str, Any]], bool], str]] = {
    "@id": (lambda v, _: isinstance(v, str), "text (an IRI)"),
    "@index": (lambda v, _: isinstance(v, str), "text"),
    "@direction": (lambda v, _: v in ("ltr", "rtl", None), "ltr or rtl"),
    "@type": (
        lambda v, node: (
            isinstance(v, str)
            or ("@value" not in node and isinstance(v, list) and all(isinstance(t, str) for t in v))
        ),
        "text (an IRI) or a list of them",
    ),
    "@language": (
        lambda v, _: isinstance(v, str) and bool(_LANG_TAG.fullmatch(v)),
        "a language tag such as en or zh-Hans",
    ),
    "@value": (
        lambda v, node: not isinstance(v, (dict, list)) or node.get("@type") == "@json",
        "text, a number, true, false or null",
    ),
    "@graph": (lambda v, _: isinstance(v, (dict, list)), "an object or a list of objects"),
    "@included": (lambda v, _: isinstance(v, (dict, list)), "an object or a list of objects"),
    "@reverse": (lambda v, _: isinstance(v, dict), "an object"),
}
"""What each JSON-LD keyword of a node or value object must hold (JSON-LD 1.1, 9)."""


def check_jsonld(data: Any, at: JsonPlace) -> None:
    """The shape the JSON-LD grammar gives *data*: objects where nodes go, text where IRIs
    and language tags go. A :class:`SchemaError` names the JSON path otherwise, before
    rdflib meets a value it cannot handle."""
    stack: list[tuple[Any, tuple[int | str, ...], bool]] = [(data, (), True)]
    while stack:
        node, path, nodes_only = stack.pop()  # nodes_only: a node object must be here
        if isinstance(node, list):
            stack.extend((item, (*path, i), nodes_only) for i, item in enumerate(node))
        elif isinstance(node, dict):
            for key, value in node.items():
                sub = (*path, key)
                if key == "@context":
                    _check_jsonld_context(value, sub, at)
                    continue
                test, wanted = _LD_RULES.get(key, (lambda v, _: True, ""))
                if not test(value, node):
                    raise at.fail(
                        SchemaError, sub, f"{key} must be {wanted}, not {json_shown(value)}"
                    )
                if key not in ("@id", "@index", "@direction", "@type", "@language", "@value"):
                    stack.append((value, sub, key in ("@graph", "@included")))
        elif nodes_only:
            what = "a JSON-LD document is" if not path else "expected"
            raise at.fail(
                SchemaError, path, f"{what} an object or a list of objects, not {json_type(node)}"
            )


def _check_jsonld_context(context: Any, path: tuple[int | str, ...], at: JsonPlace) -> None:
    """An inline ``@context``: null, an object of term definitions or a list of them (a
    remote context, given as text, is refused before this by :func:`check_contexts`)."""
    for i, item in enumerate(context if isinstance(context, list) else [context]):
        where = (*path, i) if isinstance(context, list) else path
        if item is None or isinstance(item, str):
            continue
        if not isinstance(item, dict):
            raise at.fail(
                SchemaError, where, f"a @context must be an object, not {json_type(item)}"
            )
        for term, definition in item.items():
            if isinstance(definition, dict):
                for key, value in definition.items():
                    if key == "@context":
                        _check_jsonld_context(value, (*where, term, key), at)
                    elif not _term_setting(key, value):
                        raise at.fail(
                            SchemaError,
                            (*where, term, key),
                            f"{key} of the term {term!r} cannot be {json_type(value)}",
                        )
            elif not _term_setting(term, definition):
                raise at.fail(
                    SchemaError,
                    (*where, term),
                    f"the @context entry {term!r} cannot be {json_type(definition)}",
                )


def _term_setting(key: str, value: Any) -> bool:
    """Whether *value* can be the @context entry or term setting *key*."""
    if key in ("@propagate", "@protected", "@prefix"):
        return isinstance(value, bool)
    if key == "@version":
        return bool(value == 1.1)  # the only version JSON-LD 1.1 has
    if key == "@language":
        return value is None or (isinstance(value, str) and bool(_LANG_TAG.fullmatch(value)))
    if key == "@container":
        items = value if isinstance(value, list) else [value]
        return value is None or all(isinstance(c, str) for c in items)
    return value is None or isinstance(value, str)


def n3(node: Any) -> str:
    """A resource as Turtle writes it; rdflib refuses (with a bare Exception) to write an
    IRI it read leniently, such as one with a space: that one is shown in brackets."""
    try:
        return str(node.n3())
    except Exception:
        return f"<{node}>"
