"""Notebook display: an `Org` shows itself as its chart, scaled to the cell.

Jupyter calls ``Org._repr_mimebundle_`` (and ``Diff._repr_mimebundle_``, and the
matplotlib figures of :mod:`.plots`), which land here. The bundle holds ``text/html``,
which notebooks prefer: the picture as wide as the output cell (never wider than it
was drawn, never taller than most of the window, :data:`MAX_HEIGHT`), so the whole
chart, its root first, is in view without scrolling sideways; ``image/svg+xml`` (or
``image/png``) and ``text/plain`` stay in the bundle for other front ends.

A chart scaled to a cell's width is legible up to a few dozen boxes: bigger
organisations are drawn to the depth that keeps the chart within :data:`MAX_UNITS`
boxes (:func:`fit`; with more top units than that, one top unit's branch), and a line
under the chart says what it shows and how to draw the rest. If drawing fails, the
notebook gets the text form and the reason instead of an error.

Any other chart shows the same way as a :class:`Chart`: ``org.chart(**options)`` and
``diff.chart(**options)`` (see :func:`chart`) draw what ``render`` would draw with the
same options, as SVG, and show it scaled to the cell; ``.save(path)`` writes it.

>>> import orggraph as og
>>> org = og.datasets.load("ecommerce")
>>> fit(org, 10)
Fit(root=None, depth=1, shown=5, next=11)
>>> fit(org, 1000)
Fit(root=None, depth=None, shown=44, next=0)
>>> html = scaled_html('<svg xmlns="http://www.w3.org/2000/svg" width="300pt" height="100pt" '
...     'viewBox="0 0 300 100"><g id="a"/><use href="#a"/></svg>')
>>> "width:100%" in html and "max-width:400px" in html and 'href="#og' in html
True
"""

from __future__ import annotations

import base64
import html
import re
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from orggraph.core.view import make_view
from orggraph.errors import OrgError
from orggraph.io.files import atomic_write

if TYPE_CHECKING:
    from orggraph.core.org import Org
    from orggraph.ops.diff import Diff

__all__ = [
    "MAX_HEIGHT",
    "MAX_UNITS",
    "Chart",
    "Fit",
    "chart",
    "diff_mimebundle",
    "fit",
    "mimebundle",
    "more_note",
    "png_mimebundle",
    "py_string",
    "scaled_html",
]

#: The most boxes a notebook chart shows: scaled to a cell about 1,000 px wide, the
#: seed's 44 boxes print at about 9 px; more would be too small to read.
MAX_UNITS = 60
#: The tallest a notebook chart is drawn (CSS): a portrait chart is narrowed to fit.
MAX_HEIGHT = "80vh"
_PX_PER_PT = 4 / 3  # CSS pixels per point: an SVG "100pt" wide is 133 px


class Fit(NamedTuple):
    """What a chart within a number of boxes draws: from *root* (None: every top unit)
    down to *depth* levels below it (None: all of them), *shown* boxes; *next* is how
    many units the first level left out has (0: none is)."""

    root: str | None
    depth: int | None
    shown: int
    next: int


def fit(org: Org, max_units: int = MAX_UNITS) -> Fit:
    """The chart of *org* a notebook draws, at most *max_units* boxes: the deepest cut
    of the whole chart that fits; when even its top units are too many, the branch of
    the top unit that shows the most (the options ``root`` and ``depth`` cannot cut a
    level in the middle)."""
    whole = _fit(org, None, max_units)
    if whole is not None:
        return whole
    branches = [_fit(org, r, max_units) for r in org.roots()]
    return max((b for b in branches if b is not None), key=lambda b: b.shown)


def _fit(org: Org, root: str | None, max_units: int) -> Fit | None:
    """The deepest chart from *root* (None: all top units) with at most *max_units*
    boxes (at least one); None when its top level alone has more. Stops at the first
    level that does not fit, so a small cut of a big organisation is cheap."""
    level = org.roots() if root is None else [root]
    shown, depth = 0, 0
    while level:
        if shown + len(level) > max(max_units, 1):
            return None if depth == 0 else Fit(root, depth - 1, shown, len(level))
        shown += len(level)
        level = [c for u in level for c in org.children(u)]
        depth += 1
    return Fit(root, None, shown, 0)


def _branch(org: Org, view: Fit, max_units: int, weight: Mapping[str, int]) -> Fit | None:
    """A branch to draw next, within *max_units* boxes: of the units the chart *view*
    cuts off, their children and the other top units, the one with the most *weight*
    (changes under it), then the most boxes; None when each would be a single box."""
    cut = list(make_view(org, view.root, view.depth).collapsed)
    candidates = cut + [c for u in cut for c in org.children(u)]
    if view.root is not None:
        candidates += [r for r in org.roots() if r != view.root]
    best: Fit | None = None
    for c in candidates:
        f = _fit(org, c, max_units)
        if f is None or (f.shown < 2 and not weight.get(c)):
            continue
        if best is None or (weight.get(c, 0), f.shown) > (
            weight.get(best.root or "", 0),
            best.shown,
        ):
            best = f
    return best


def py_string(text: str) -> str:
    """*text* as a Python string literal in double quotes, valid for any text (quotes,
    backslashes and unprintable characters escaped, the rest as it is).

    >>> print(py_string('o"b\\\\0'), py_string("客服\\n"))
    "o\\"b\\\\0" "客服\\n"
    """
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif c.isprintable():
            out.append(c)
        else:  # repr escapes it (\n, \x85, \u2028, a lone surrogate ...)
            out.append(repr(c)[1:-1])
    return '"' + "".join(out) + '"'


def _call(name: str, view: Fit) -> str:
    """The code that draws *view*: ``org.chart(root="x", depth=2)``."""
    args = [] if view.root is None else [f"root={py_string(view.root)}"]
    args += [] if view.depth is None else [f"depth={view.depth}"]
    return f"{name}.chart({', '.join(args)})"


def _units(n: int) -> str:
    return f"{n:,} unit{'' if n == 1 else 's'}"


def _levels(depth: int | None) -> str:
    if depth is None:
        return "all levels"
    return "the top level" if depth == 0 else f"the top {depth + 1} levels"


def _scope(org: Org, view: Fit, lang: str | None) -> str:
    """What *view* shows, in words: "the top 3 levels", "the top level of the branch of X"."""
    if view.root is None:
        return _levels(view.depth)
    where = f"the branch of {org.name(view.root, lang=lang)}"
    return where if view.depth is None else f"{_levels(view.depth)} of {where}"


def _see_more(name: str, branch: Fit | None, whole: str) -> str:
    more = (
        [] if branch is None else [f"{_call(name, branch)} draws a branch ({_units(branch.shown)})"]
    )
    more.append(f'{name}.chart().save("{whole}") writes the whole chart')
    return "To see more: " + ", ".join(more) + "."


def more_note(org: Org, view: Fit, *, lang: str | None = None, max_units: int = MAX_UNITS) -> str:
    """What a notebook says under the chart *view* of *org*: what shows, why no more,
    and the code that draws more (a branch within *max_units* boxes; the whole chart).

    >>> import orggraph as og
    >>> seed = og.datasets.load("ecommerce")
    >>> print(more_note(seed, fit(seed, 10), max_units=10))
    44 units: the chart shows the top 2 levels (5 units). The next level has 11 units, more than the 10 boxes a cell shows legibly. To see more: org.chart(root="marketing") draws a branch (10 units), org.chart().save("chart.svg") writes the whole chart.
    """
    text = f"{len(org):,} units: the chart shows {_scope(org, view, lang)} ({_units(view.shown)})."
    if view.root is not None:
        tops = len(org.roots())
        text += f" It has {tops:,} top units, more than the {max_units} boxes a cell shows legibly."
    elif view.next > max_units:  # a wide level: say why the chart stops above it
        text += f" The next level has {view.next:,} units, more than the {max_units} boxes a cell shows legibly."
    return f"{text} {_see_more('org', _branch(org, view, max_units, {}), 'chart.svg')}"


def _natural_size(svg: str) -> tuple[float | None, float | None]:
    """The SVG's own width and height in CSS pixels (from ``width`` and ``height``, else
    the ``viewBox``; None: not given)."""
    tag = re.search(r"<svg\b[^>]*>", svg)
    if tag is None:
        return None, None
    box = re.search(r'\sviewBox="[-\d.]+[ ,]+[-\d.]+[ ,]+([\d.]+)[ ,]+([\d.]+)', tag.group(0))
    size: list[float | None] = []
    for i, attr in enumerate(("width", "height")):
        m = re.search(rf'\s{attr}="([\d.]+)(pt|px)?"', tag.group(0))
        if m:
            size.append(float(m.group(1)) * (_PX_PER_PT if m.group(2) == "pt" else 1.0))
        else:
            size.append(float(box.group(i + 1)) if box else None)
    return size[0], size[1]


def scaled_html(svg: str | bytes, *, note: str | None = None) -> str:
    """HTML showing *svg* inline, as wide as the output cell but never wider than it was
    drawn, at most :data:`MAX_HEIGHT` tall, its aspect kept (so the whole chart is in
    view, the root at the top); *note* is a line of text under it.

    The SVG's ids get a prefix of their own, new at each display, so that several charts
    in one page (or one chart twice) do not take each other's markers. An SVG with a style sheet (which would style
    the whole page) is shown as an image instead (without its hover texts)."""
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    start = text.find("<svg")
    text = text[start:] if start >= 0 else text  # no XML declaration or DOCTYPE inside HTML
    width, _ = _natural_size(text)
    style = "display:block;margin:0 auto;width:100%;height:auto;"
    style += f"max-height:{MAX_HEIGHT};"
    if width is not None:
        style += f"max-width:{width:.0f}px;"
    if "<style" in text:
        data = base64.b64encode(text.encode("utf-8")).decode("ascii")
        style += "object-fit:contain;"  # capped in height: narrower, not squeezed
        body = f'<img src="data:image/svg+xml;base64,{data}" alt="chart" style="{style}"/>'
    else:
        body = _inline(text, style)
    out = f'<div class="orggraph-chart" style="max-width:100%;overflow:hidden">{body}</div>'
    if note:
        out += f'<div class="orggraph-note" style="font-size:90%;opacity:0.8">{html.escape(note)}</div>'
    return out


# A start tag (its quoted values may hold ">"), or a comment or CDATA section, left alone.
_TAG = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[A-Za-z][^\s/>]*(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*/?>",
    re.S,
)
_ATTR = re.compile(r"""(\s)([^\s=/>]+)(\s*=\s*)("[^"]*"|'[^']*')""")
# The attributes that refer to an id as url(#id): painting, markers, clipping, style.
_URL_ATTRS = frozenset(
    (
        "fill",
        "stroke",
        "marker-start",
        "marker-mid",
        "marker-end",
        "clip-path",
        "mask",
        "filter",
        "style",
    )
)


def _prefix_ids(text: str, prefix: str) -> str:
    """*text* (an SVG without a style sheet) with *prefix* on its ids and on the
    references to them (``href="#id"``, ``url(#id)``), in those attributes only: the
    text of the chart (names, titles, tooltips, comments) is left as it is."""

    def attribute(m: re.Match[str]) -> str:
        name, quoted = m.group(2), m.group(4)
        value = quoted[1:-1]
        if name == "id":
            value = prefix + value
        elif name in ("href", "xlink:href") and value.startswith("#"):
            value = "#" + prefix + value[1:]
        elif name in _URL_ATTRS:
            value = value.replace("url(#", f"url(#{prefix}")
        else:
            return m.group(0)
        return f"{m.group(1)}{name}{m.group(3)}{quoted[0]}{value}{quoted[0]}"

    def tag(m: re.Match[str]) -> str:
        return m.group(0) if m.group(0).startswith("<!") else _ATTR.sub(attribute, m.group(0))

    return _TAG.sub(tag, text)


def _inline(text: str, style: str) -> str:
    """*text* (an SVG) with its ids prefixed and *style* on its root element. The prefix
    is new at each call: the same chart shown twice in a page (or again after a
    restart, beside the saved output) must not share ids either."""
    text = _prefix_ids(text, f"og{uuid.uuid4().hex[:12]}-")
    tag = re.search(r"<svg\b[^>]*>", text)
    if tag is None:
        return text
    opening = tag.group(0)
    if re.search(r'\sstyle="', opening):
        opening = re.sub(r'(\sstyle=")', rf"\g<1>{style}", opening, count=1)
    else:
        opening = opening.replace("<svg", f'<svg style="{style}"', 1)
    return text[: tag.start()] + opening + text[tag.end() :]


class Chart:
    """A drawn chart that a notebook shows scaled to the output cell, its root in view
    (:func:`scaled_html`, as an ``Org`` shows itself); ``svg`` is its SVG text, *note* a
    line under it, *text* its plain-text form. :func:`chart` makes one; any SVG does:

    >>> c = Chart(b'<svg xmlns="http://www.w3.org/2000/svg" width="300pt" height="150pt"/>')
    >>> c
    <Chart: 400 x 200 px>
    >>> sorted(c._repr_mimebundle_())
    ['image/svg+xml', 'text/html', 'text/plain']
    """

    def __init__(self, svg: str | bytes, *, note: str | None = None, text: str | None = None):
        self.svg = svg.decode("utf-8") if isinstance(svg, bytes) else svg
        self.note = note
        if text is None:
            w, h = _natural_size(self.svg)
            text = "<Chart>" if w is None or h is None else f"<Chart: {w:,.0f} x {h:,.0f} px>"
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return scaled_html(self.svg, note=self.note)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """Jupyter's rich display: the scaled HTML (which notebooks prefer), the SVG
        itself (for other front ends) and the text form."""
        return _bundle(self.svg, self.note, self.text)

    def save(self, path: str | Path) -> Path:
        """Write the chart to *path*, atomically: ``.svg`` the SVG as drawn, ``.html`` a
        web page that shows it scaled to the window. Returns *path*."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".svg":
            return atomic_write(path, self.svg)
        if suffix in (".html", ".htm"):
            head = f'<meta charset="utf-8"><title>{html.escape(self.text)}</title>'
            page = f"<!DOCTYPE html>\n<html><head>{head}</head><body>{self._repr_html_()}</body></html>\n"
            return atomic_write(path, page)
        raise OrgError(
            f"a chart saves as .svg or .html, not {suffix or 'a file without suffix'}; "
            'for PNG or PDF draw it with render("chart.png", ...)',
            file=str(path),
            choices=(".svg", ".html"),
        )


def _bundle(svg: str, note: str | None, plain: str) -> dict[str, Any]:
    """The rich-display bundle of a chart: scaled HTML, the SVG itself, the text form."""
    return {"text/html": scaled_html(svg, note=note), "image/svg+xml": svg, "text/plain": plain}


def chart(drawable: Org | Diff, **options: Any) -> Chart:
    """What ``org.chart(**options)`` and ``diff.chart(**options)`` return: the chart that
    ``render`` draws with the same *options* (see :func:`orggraph.render.render` and
    :func:`orggraph.render.diff_chart.render_diff`), as SVG in a :class:`Chart`, which a
    notebook shows scaled to the cell and ``.save(path)`` writes.

    It draws what the options ask for, all of it: for a part of a big organisation give
    ``root=`` and ``depth=`` (displaying the ``Org`` itself picks a depth).

    >>> import orggraph as og
    >>> c = og.datasets.load("ecommerce").chart(root="coo", depth=1, lang="en")
    >>> c
    <Chart: ... x ... px>
    >>> "Chief Operating Officer" in c.svg, 'style="display:block' in c._repr_html_()
    (True, True)
    """
    if "format" in options or "target" in options:
        raise OrgError(
            "chart() draws SVG for a notebook; for a file or another format use "
            'render("chart.png", ...) or render(format=...)'
        )
    svg = drawable.render(format="svg", **options)
    assert isinstance(svg, bytes)
    return Chart(svg)


def mimebundle(org: Org, *, lang: str | None = None, max_units: int = MAX_UNITS) -> dict[str, Any]:
    """``{"text/html": ..., "image/svg+xml": ..., "text/plain": ...}`` for Jupyter's rich
    display: the chart (the top levels of a big organisation, :func:`fit`) scaled to the
    cell, with :func:`more_note` under it."""
    view = fit(org, max_units)
    plain = repr(org)
    note = caption = None
    if view.root is not None or view.depth is not None:
        scope = _scope(org, view, lang)
        plain += f" (chart shows {scope}: {_units(view.shown)})"
        note = more_note(org, view, lang=lang, max_units=max_units)
        caption = f"{len(org):,} units: showing {scope}"
    try:
        from orggraph.render import render

        # "auto": the built-in tidy engine, fitted to a landscape-ish shape.
        svg = render(
            org, format="svg", lang=lang, root=view.root, depth=view.depth, caption=caption
        )
    except OrgError as exc:  # the chart failed: say why instead of raising in display
        return {"text/plain": f"{plain}\n(chart unavailable: {exc})"}
    assert isinstance(svg, bytes)
    return _bundle(svg.decode("utf-8"), note, plain)


def diff_mimebundle(
    d: Diff, *, lang: str | None = None, max_units: int = MAX_UNITS
) -> dict[str, Any]:
    """The bundle of a reorganisation's difference (``og.diff(a, b)``): its chart
    (:func:`orggraph.render.diff_chart.render_diff`) scaled to the cell; of a big
    organisation, the branch that holds every changed unit (as deep as fits); the text
    form alone when the chart cannot be drawn (no ``dot`` program)."""
    plain = repr(d)
    view, note = _diff_view(d, max_units, lang)
    root, depth = (None, None) if view is None else (view.root, view.depth)
    try:
        svg = d.render(format="svg", lang=lang, root=root, depth=depth)
    except OrgError as exc:
        return {"text/plain": f"{plain}\n(chart unavailable: {exc})"}
    assert isinstance(svg, bytes)
    return _bundle(svg.decode("utf-8"), note, plain)


def _changes_under(org: Org, changed: list[str]) -> dict[str, int]:
    """Each unit of *org* -> how many of the *changed* units are it or under it."""
    out: dict[str, int] = {}
    for u in dict.fromkeys(changed):
        for v in org.chain(u):
            out[v] = out.get(v, 0) + 1
    return out


def _diff_view(d: Diff, max_units: int, lang: str | None) -> tuple[Fit | None, str | None]:
    """The part of a diff's chart a notebook draws (None: all of it), and the note."""
    from orggraph.render.diff_chart import union

    both = union(d.a, d.b)
    if len(both) <= max_units:
        return None, None
    # the changed units with their parents, old and new: a move shows both ends
    ends = []
    for u, found in d.by_unit().items():
        old = [x.old for x in found if x.kind == "moved" and isinstance(x.old, str)]
        ends += [v for v in (u, both.parent(u), *old) if v is not None and v in both]
    root = ends[0] if ends else None
    for u in ends[1:]:
        root = both.common_superior(root, u) if root is not None else None
    changed = [u for u in d.by_unit() if u in both]
    weight = _changes_under(both, ends)  # where to look: both ends of each move count
    view = _fit(both, root, max_units)
    if view is None:  # more top units than fit: the branch with the most changes
        branches = [f for f in (_fit(both, r, max_units) for r in both.roots()) if f]
        view = max(branches, key=lambda f: (weight.get(f.root or "", 0), f.shown))
    where = ""
    if root is not None:
        where = f" the branch of {both.name(root, lang=lang)} (it holds every change),"
    elif view.root is not None:
        held = _changes_under(both, changed).get(view.root, 0)
        where = (
            f" the branch of {both.name(view.root, lang=lang)} (one of {len(both.roots()):,} "
            f"top units; it holds {held:,} of the {len(changed):,} changed units),"
        )
    text = (
        f"{len(both):,} units: the chart shows{where} {_levels(view.depth)} ({_units(view.shown)})."
    )
    shown = set(make_view(both, view.root, view.depth).shown)
    hidden = sum(1 for u in changed if u not in shown)
    if hidden:
        text += f" {hidden:,} changed unit{' is' if hidden == 1 else 's are'} not in it."
    more = _see_more("diff", _branch(both, view, max_units, weight), "diff.svg")
    return view, f"{text} {more}"


def png_mimebundle(png: bytes, plain: str) -> dict[str, Any]:
    """The bundle of a PNG picture (a matplotlib chart): as wide as the cell at most,
    its aspect kept; ``image/png`` (base64, as notebooks store it) and *plain* too."""
    data = base64.b64encode(png).decode("ascii")
    img = (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(plain)}" '
        f'style="max-width:100%;height:auto;max-height:{MAX_HEIGHT}"/>'
    )
    return {"text/html": img, "image/png": data, "text/plain": plain}
