"""The chart as a ``graphviz.Digraph``: the Python ``graphviz`` package's graph object.

:func:`orggraph.render.graphviz.to_graphviz` (and ``Org.to_graphviz``) hand the chart
to users as a ``graphviz.Digraph`` (https://graphviz.readthedocs.io/) they can adjust
(``g.attr(...)``, ``g.node(...)``, ``g.edge(...)``), show in Jupyter and render with the
package. :func:`from_dot` builds it from the DOT text :func:`~orggraph.render.graphviz.to_dot`
writes, statement by statement, so both are one chart with one definition: the leading
``graph``/``node``/``edge`` defaults become ``g.graph_attr``, ``g.node_attr`` and
``g.edge_attr``, every later statement (nodes, edges, subgraphs, the graph's caption)
is added in its order.

The package quotes what it is given, with one exception: a value of the form
``<...>`` is passed through as an HTML-like label. So the chart's HTML-like labels
(whose text :mod:`.quoting` escaped) are handed over as ``<...>`` and stay HTML, and
every other value is wrapped in ``graphviz.nohtml`` so that nothing can turn into
markup; values keep DOT's escapes exactly as :func:`.quoting.dot_string` wrote them.

>>> g = from_dot('digraph orgchart {\\n  node [shape=box, fontname="Noto Sans"];\\n'
...              '  "u0" [label=<<b>A &amp; B</b>>];\\n  "u0" -> "u1" [class="reporting"];\\n}\\n')
>>> g.node_attr["fontname"], g.body[0].strip()
('Noto Sans', 'u0 [label=<<b>A &amp; B</b>>]')

The package is imported on first use: ``import orggraph`` stays light.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

from orggraph.errors import MissingDependencyError, RenderError

if TYPE_CHECKING:
    import graphviz

__all__ = ["GRAPHVIZ_HINT", "from_dot", "graphviz_module"]

GRAPHVIZ_HINT = "pip install graphviz (the Python package; drawing also needs the dot program)"

# One DOT token: an operator or punctuation, a quoted string, an HTML-like string's
# opening "<" (its end is found by counting brackets), or a bare identifier or numeral.
_TOKEN = re.compile(
    r'\s*(?:(->|--|[\[\]{};,=:])|"((?:[^"\\]|\\.)*)"|(<)'
    r"|(-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)|[A-Za-z_\x80-\U0010ffff][\w\x80-\U0010ffff]*))",
    re.DOTALL,
)
_COMMENT = re.compile(r"\s*(?://[^\n]*|/\*.*?\*/|^#[^\n]*)", re.DOTALL | re.MULTILINE)
_END = re.compile(r"\s*\Z")
_ANGLE = re.compile(r"[<>]")
_NODE_NAME = re.compile(r"[\w.\-]+")  # no ":" (the package reads a port) and no "<...>"
_ESCAPED_QUOTE = re.compile(r'\\(["\\])')  # \" and \\ as the DOT lexer reads them
_ATTR_KINDS = ("graph", "node", "edge")


class _Token(NamedTuple):
    kind: str  # "op" (punctuation, edge operator), "id" (quoted or bare), "html"
    text: str  # the operator, the identifier's value, or the whole <...> string


def graphviz_module() -> Any:
    """The ``graphviz`` package, imported now; a :class:`MissingDependencyError` saying
    how to install it when it is missing."""
    try:
        import graphviz
    except ImportError:
        raise MissingDependencyError(
            f"to_graphviz needs the graphviz Python package: {GRAPHVIZ_HINT}"
        ) from None
    return graphviz


def from_dot(source: str) -> graphviz.Digraph:
    """A ``graphviz.Digraph`` with every statement of the DOT *source* (a ``digraph``, as
    :func:`~orggraph.render.graphviz.to_dot` writes it).

    Values are handed to the package so that it writes them back unchanged: HTML-like
    labels as ``<...>``, every other value as ``graphviz.nohtml`` text. Source that is not
    a DOT digraph is a :class:`~orggraph.RenderError` (a bug: the chart writes only DOT).

    >>> g = from_dot('digraph {graph [rankdir=LR]; u0; u0 -> u1 -> u2 [style=dotted]; '
    ...              'label="<i>";}')
    >>> g.graph_attr, [line.strip() for line in g.body]
    ({'rankdir': 'LR'}, ['u0', 'u0 -> u1 [style=dotted]', 'u1 -> u2 [style=dotted]', 'label="<i>"'])

    The quoted ``"<i>"`` stays a quoted string: text, not an HTML-like label.
    """
    package = graphviz_module()
    tokens = _tokens(source)
    reader = _Reader(tokens, package)
    if reader.accept("strict"):
        raise RenderError("DOT source: strict graphs are not supported")
    reader.expect("digraph")
    name = reader.next().text if reader.peek("id") else None
    graph = package.Digraph(name=name)
    reader.expect("{")
    reader.statements(graph)
    if reader.pos != len(tokens):
        reader.fail("text after the end of the graph")
    return graph


def _tokens(source: str) -> list[_Token]:
    """The DOT *source* as tokens; comments and whitespace are dropped."""
    out: list[_Token] = []
    pos = 0
    while True:
        while (comment := _COMMENT.match(source, pos)) and comment.end() > pos:
            pos = comment.end()
        if _END.match(source, pos):
            return out
        match = _TOKEN.match(source, pos)
        if match is None:
            raise RenderError(f"DOT source: unexpected text at {pos}: {source[pos : pos + 20]!r}")
        op, quoted, html, bare = match.groups()
        if op is not None:
            out.append(_Token("op", op))
        elif quoted is not None:
            out.append(_Token("id", _ESCAPED_QUOTE.sub(_unescape, quoted)))
        elif bare is not None:
            out.append(_Token("id", bare))
        else:
            assert html is not None
            close = _html_end(source, match.end() - 1)
            out.append(_Token("html", source[match.end() - 1 : close]))
            pos = close
            continue
        pos = match.end()


def _unescape(match: re.Match[str]) -> str:
    # The DOT lexer turns \" into a quote and keeps every other backslash; the package
    # puts the backslash back before a quote, so only the quote is unescaped here.
    return '"' if match.group(1) == '"' else match.group(0)


def _html_end(source: str, start: int) -> int:
    """The index after the ``>`` that closes the HTML-like string opened at *start*
    (its text is escaped: every ``<`` and ``>`` in it is markup, so they pair up)."""
    depth = 0
    for angle in _ANGLE.finditer(source, start):
        depth += 1 if angle.group() == "<" else -1
        if depth == 0:
            return angle.end()
    raise RenderError(f"DOT source: HTML-like string at {start} is not closed")


class _Reader:
    """A recursive-descent reader of DOT statements that fills a ``graphviz.Digraph``."""

    def __init__(self, tokens: list[_Token], package: Any) -> None:
        self.tokens = tokens
        self.pos = 0
        self.package = package

    def fail(self, what: str) -> NoReturn:
        near = " ".join(t.text for t in self.tokens[self.pos : self.pos + 4])
        raise RenderError(f"DOT source: {what} at token {self.pos} ({near!r})")

    def peek(self, kind: str, text: str | None = None) -> bool:
        if self.pos >= len(self.tokens):
            return False
        token = self.tokens[self.pos]
        return token.kind == kind and (text is None or token.text == text)

    def next(self) -> _Token:
        if self.pos >= len(self.tokens):
            self.fail("unexpected end")
        self.pos += 1
        return self.tokens[self.pos - 1]

    def accept(self, text: str) -> bool:
        """Consume the operator or keyword *text* if it comes next."""
        if self.pos < len(self.tokens) and self.tokens[self.pos].text == text:
            self.pos += 1
            return True
        return False

    def expect(self, text: str) -> None:
        if not self.accept(text):
            self.fail(f"expected {text!r}")

    def value(self) -> str:
        """An attribute value as the package must be given it to write it back as is."""
        token = self.next()
        if token.kind == "html":
            return token.text  # "<...>": the package passes it through as HTML
        if token.kind != "id":
            self.fail("expected a value")
        nohtml: Callable[[str], str] = self.package.nohtml  # quoted, never markup
        return nohtml(token.text)

    def attributes(self) -> dict[str, str]:
        """``[a=b, c=d][...]``; a repeated name keeps its last value, as dot does."""
        attrs: dict[str, str] = {}
        while self.accept("["):
            while not self.accept("]"):
                key = self.next()
                if key.kind != "id":
                    self.fail("expected an attribute name")
                self.expect("=")
                attrs.pop(key.text, None)
                attrs[key.text] = self.value()
                if not self.accept(","):
                    self.accept(";")
        return attrs

    def endpoint(self) -> str:
        """A node name, with its port and compass point when given (``u0:s``)."""
        parts = [self.next()]
        while self.accept(":"):
            parts.append(self.next())
        if any(p.kind != "id" for p in parts):
            self.fail("expected a node name")
        names = [p.text for p in parts]
        # The package splits an edge end at ":" into node, port and compass point, and
        # would take a name "<...>" for HTML: the chart's names are "u0", "u1", ...
        if not all(_NODE_NAME.fullmatch(n) for n in names):
            self.fail(f"unsupported node name {':'.join(names)!r}")
        return ":".join(names)

    def statements(self, graph: Any) -> None:
        """Statements up to the closing ``}``: leading defaults into the graph's
        attribute dicts, every other statement into its body, in order."""
        leading = True
        while not self.accept("}"):
            if self.accept(";"):
                continue
            token = self.tokens[self.pos] if self.pos < len(self.tokens) else None
            if token is not None and token.kind == "id" and token.text in _ATTR_KINDS:
                self.pos += 1
                attrs = self.attributes()
                if leading:
                    getattr(graph, f"{token.text}_attr").update(attrs)
                else:
                    graph.attr(token.text, **attrs)
                continue
            leading = False
            if self.peek("op", "{") or self.accept("subgraph"):
                name = self.next().text if self.peek("id") else None
                sub = self.package.Digraph(name=name)
                self.expect("{")
                self.statements(sub)
                graph.subgraph(sub)
                continue
            start = self.pos
            first = self.next()
            if first.kind == "id" and self.accept("="):
                graph.attr(**{first.text: self.value()})
                continue
            self.pos = start
            self.node_or_edges(graph)

    def node_or_edges(self, graph: Any) -> None:
        """``a [attrs]`` or ``a -> b -> c [attrs]`` (one package edge per arrow)."""
        ends = [self.endpoint()]
        while self.accept("->"):
            ends.append(self.endpoint())
        attrs = self.attributes()
        if len(ends) == 1:
            graph.node(ends[0], **attrs)
        for tail, head in itertools.pairwise(ends):
            graph.edge(tail, head, **attrs)
