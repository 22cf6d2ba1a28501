"""Escaping text for every output format: DOT, SVG/XML, HTML, Mermaid.

Labels come from users (and from HR exports); none of them may change the structure
of the output. Control characters are dropped everywhere: they make XML invalid.

>>> html_label("<script>alert(1)</script> & \\"x\\" \\\\N")
'&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; \\\\\\\\N'
>>> dot_id("dept:A")
'"dept:A"'
>>> mermaid_label('say "hi" <b>')
'say #quot;hi#quot; #lt;b#gt;'
"""

from __future__ import annotations

import html
import re

from orggraph.names import clean

__all__ = [
    "clean",
    "dot_id",
    "dot_string",
    "html_element",
    "html_label",
    "mermaid_label",
    "xml_text",
]

# Everything xml_text changes: markup characters and what clean() drops.
_XML_SPECIAL = re.compile(
    r"[&<>\"'\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_find_special = _XML_SPECIAL.search


def xml_text(text: str) -> str:
    """Text for XML/SVG element content or attribute values.

    >>> xml_text("a < b & 'c'")
    'a &lt; b &amp; &#x27;c&#x27;'
    """
    if _find_special(text) is None:  # the usual case: nothing to change
        return text
    return html.escape(clean(text), quote=True)


def html_label(text: str) -> str:
    """Text inside a Graphviz HTML-like label: entities escaped, newlines as ``<br/>``.

    dot expands ``\\N`` (node name), ``\\G`` (graph name) and friends even inside
    HTML-like labels, and decodes entities first, so a backslash is doubled, not
    entity-encoded. A ``]`` is written ``&#93;``: dot's HTML lexer takes ``]`` before
    the end of a label for the end of its own bracket and refuses the chart.

    >>> html_label("a]")
    'a&#93;'
    """
    escaped = html.escape(clean(text), quote=True).replace("\\", "\\\\").replace("]", "&#93;")
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", '<br align="center"/>')


def html_element(text: str, *tags: str) -> str:
    """*text* (escaped by :func:`html_label`) inside the HTML-like *tags*, outermost
    first; empty when nothing of *text* is left to show. dot refuses an empty element
    (``<b></b>``, ``<font ...></font>``) as a syntax error that kills the whole chart,
    so a label made only of control characters is left out instead.

    >>> html_element("A & B", "b")
    '<b>A &amp; B</b>'
    >>> html_element("note", 'font point-size="9"', "i")
    '<font point-size="9"><i>note</i></font>'
    >>> html_element("\x07", "b")
    ''
    """
    inner = html_label(text)
    if not inner:
        return ""
    opening = "".join(f"<{tag}>" for tag in tags)
    closing = "".join(f"</{tag.split()[0]}>" for tag in reversed(tags))
    return opening + inner + closing


def dot_string(text: str) -> str:
    """A double-quoted DOT string whose escapes dot will not expand (``\\N``, ``\\G``, ``\\l``).

    >>> dot_string('a "b" \\\\N')
    '"a \\\\"b\\\\" \\\\\\\\N"'
    """
    body = clean(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"'


def dot_id(text: str) -> str:
    """A DOT identifier, always quoted (so a colon never becomes a port)."""
    return dot_string(text)


_MERMAID = {
    "&": "#amp;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "#": "#35;",
    "`": "#96;",  # "`...`" would make the label a Markdown string
    "\n": "<br/>",
}


def mermaid_label(text: str) -> str:
    """Text for a Mermaid ``["..."]`` label, using Mermaid's ``#entity;`` escapes; every
    line break (``\\n``, ``\\r\\n``, ``\\r``) becomes ``<br/>``.

    >>> mermaid_label("`**x**`\\r\\ny")
    '#96;**x**#96;<br/>y'
    """
    lines = clean(text).replace("\r\n", "\n").replace("\r", "\n")
    return "".join(_MERMAID.get(ch, ch) for ch in lines)
