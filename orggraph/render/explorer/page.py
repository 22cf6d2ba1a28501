"""The explorer's page: one self-contained HTML file, with a strict Content-Security-Policy.

The page carries its own JavaScript and CSS (``assets/``, shipped with the package) and
the organisation as JSON data (:mod:`.data`). Nothing is fetched: the policy allows no
source but the page's own script and style (by hash) and ``data:``/``blob:`` images (for
the PNG export). The data sits in a ``<script type="application/json">`` element; ``<``,
``>``, ``&`` and the line separators U+2028/U+2029 are written as ``\\u`` escapes, so no
text of the organisation can close that element or start markup.

>>> import orggraph as og
>>> page = explorer_html(og.datasets.load("ecommerce"))
>>> page.startswith("<!DOCTYPE html>"), "default-src 'none'" in page
(True, True)
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from orggraph.errors import OrgError
from orggraph.names import text
from orggraph.render.explorer.data import date_columns, explorer_data
from orggraph.render.options import LINK_KINDS, ChartOptions
from orggraph.render.theme import DEFAULT_THEME, Theme

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = ["BIG_UNITS", "SCRIPTS", "asset", "csp", "embed_json", "explorer_html", "page_data"]

_ESCAPES = (  # what could end the script element or start markup, and JS line breaks
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def embed_json(data: Any) -> str:
    """*data* as JSON that is safe inside ``<script type="application/json">``.

    >>> embed_json({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _ESCAPES:  # str.replace: ten times quicker than translate on MBs
        text = text.replace(char, escaped)
    return text


SCRIPTS = (
    "model.js",
    "explorer.js",
    "layout.js",
    "draw.js",
    "route.js",
    "panel.js",
    "dates.js",
    "start.js",
)
"""The page's JavaScript, one job a file, joined in this order into one function."""


BIG_UNITS = 200
"""Above this many units the explorer opens with one level expanded, else two."""


@cache
def asset(name: str) -> str:
    """The text of ``assets/NAME`` (the explorer's JavaScript and CSS), read once."""
    return (resources.files("orggraph.render.explorer") / "assets" / name).read_text("utf-8")


@cache
def _script() -> str:
    body = "\n".join(asset(name) for name in SCRIPTS)
    return f'(function () {{\n"use strict";\n{body}}})();\n'


def _sha256(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _attr(value: str) -> str:
    """*value* inside a double-quoted attribute (single quotes stay: CSP reads them)."""
    return html.escape(value, quote=False).replace('"', "&quot;")


def csp(script: str, style: str) -> str:
    """The page's Content-Security-Policy: nothing remote; the inline *script* and
    *style* by their hashes; images only from ``data:`` and ``blob:`` URLs.

    >>> csp("x", "y").split("; ")[0]
    "default-src 'none'"
    """
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src {_sha256(script)}",
            f"style-src {_sha256(style)}",
            "img-src data: blob:",
            "font-src data:",
            "connect-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )


def page_data(
    org: Org,
    *,
    lang: str | None,
    depth: int | None,
    root: str | None,
    links: str | tuple[str, ...],
    people: bool,
    theme: Theme | str,
    dates: bool = False,
) -> tuple[dict[str, Any], Org]:
    """The page's data (:func:`~orggraph.render.explorer.data.explorer_data` with the
    levels open at first, default 2 or 1 above :data:`BIG_UNITS` units, and the overlays
    shown) and the organisation it shows (the subtree of *root*), the options checked as
    every chart checks them (:class:`~orggraph.render.options.ChartOptions`: a theme by
    name, a link kind as text). For :func:`explorer_html` and the widget; *dates*: a
    dated organisation's other days too (:func:`~orggraph.render.explorer.data.date_columns`,
    key ``dt``)."""
    if lang is not None and org.lang and lang not in org.lang:
        raise OrgError(
            f"unknown language {lang!r}; the organisation has {', '.join(org.lang)}",
            choices=tuple(org.lang),
        )
    o = ChartOptions.of(depth=depth, root=root, links=links, theme=theme)
    scope = org if root is None else org.subtree(root)
    data = explorer_data(scope, lang=lang, people=people, theme=o.theme)
    # the one place the default is decided: the page and the widget's lazy loading use it
    data["depth"] = o.depth if o.depth is not None else (1 if len(data["id"]) > BIG_UNITS else 2)
    data["show"] = list(o.links)
    if dates and org.dated:
        data = date_columns(org, data, root=root, lang=lang, people=people, theme=o.theme)
    return data, scope


def explorer_html(
    org: Org,
    *,
    lang: str | None = None,
    depth: int | None = None,
    root: str | None = None,
    links: str | tuple[str, ...] = LINK_KINDS,
    people: bool = True,
    theme: Theme | str = DEFAULT_THEME,
) -> str:
    """The explorer of *org* as one HTML page (a string).

    *lang*: the language it opens in; *depth*: the levels open at first (default: 2,
    or 1 above 200 units); *root*: explore only this unit and the units under it;
    *links*: the overlays shown at first (``"dotted"``, ``"collaboration"``);
    *people*: ``False`` leaves people's names out of the page.
    """
    data, scope = page_data(
        org, lang=lang, depth=depth, root=root, links=links, people=people, theme=theme, dates=True
    )
    script, style = _script(), asset("explorer.css")
    title = text(scope.org_name, lang, default_lang=scope.lang[0] if scope.lang else None)
    page_lang = data["langs"][data["lang"]] or "en"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(page_lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_attr(csp(script, style))}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="orggraph">\n'
        f"<title>{html.escape(title or 'orggraph explorer')}</title>\n"
        f"<style>{style}</style>\n</head>\n<body>\n"
        f'<div class="orggraph-explorer" lang="{html.escape(page_lang)}">'
        f'<script type="application/json">{embed_json(data)}</script></div>\n'
        f"<script>{script}</script>\n</body>\n</html>\n"
    )
