"""Notebook display: an `Org` shows itself as its chart, scaled to the cell.

Jupyter calls ``Org._repr_mimebundle_`` (and ``Diff._repr_mimebundle_``, and the
matplotlib figures of :mod:`.plots`), which land here. The bundle holds ``text/html``,
which notebooks prefer: the picture as wide as the output cell (never wider than it
was drawn, never taller than most of the window, :data:`MAX_HEIGHT`), so the whole
chart, its root first, is in view without scrolling sideways; ``image/svg+xml`` (or
``image/png``) and ``text/plain`` stay in the bundle for other front ends.

A chart scaled to a cell's width is legible up to a few dozen boxes: bigger
organisations are drawn to the depth that keeps the chart within :data:`MAX_UNITS`
boxes, and a line under the chart says so and how to draw the rest. If drawing fails,
the notebook gets the text form and the reason instead of an error.

Any other chart shows the same way as a :class:`Chart`: ``org.chart(**options)`` and
``diff.chart(**options)`` (see :func:`chart`) draw what ``render`` would draw with the
same options, as SVG, and show it scaled to the cell; ``.save(path)`` writes it.

>>> import orggraph as og
>>> org = og.datasets.load("ecommerce")
>>> depth_for(org, 10)
1
>>> depth_for(org, 1000) is None
True
>>> html = scaled_html('<svg xmlns="http://www.w3.org/2000/svg" width="300pt" height="100pt" '
...     'viewBox="0 0 300 100"><g id="a"/><use href="#a"/></svg>')
>>> "width:100%" in html and "max-width:400px" in html and 'href="#og' in html
True
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orggraph.errors import OrgError
from orggraph.io.files import atomic_write

if TYPE_CHECKING:
    from orggraph.core.org import Org
    from orggraph.ops.diff import Diff

__all__ = [
    "MAX_HEIGHT",
    "MAX_UNITS",
    "Chart",
    "chart",
    "depth_for",
    "diff_mimebundle",
    "mimebundle",
    "more_note",
    "png_mimebundle",
    "scaled_html",
]

#: The most boxes a notebook chart shows: scaled to a cell about 1,000 px wide, the
#: seed's 44 boxes print at about 9 px; more would be too small to read.
MAX_UNITS = 60
#: The tallest a notebook chart is drawn (CSS): a portrait chart is narrowed to fit.
MAX_HEIGHT = "80vh"
_PX_PER_PT = 4 / 3  # CSS pixels per point: an SVG "100pt" wide is 133 px


def depth_for(org: Org, max_units: int = MAX_UNITS) -> int | None:
    """The deepest level to draw so that at most *max_units* boxes show (None: all fit)."""
    if len(org) <= max_units:
        return None
    return _cut([org.depth(u) for u in org.units()], max_units)


def _cut(levels: list[int], max_units: int) -> int | None:
    """The deepest of *levels* (one per unit) that keeps at most *max_units* units, at
    least 0 (None: all fit)."""
    per_level: dict[int, int] = {}
    for d in levels:
        per_level[d] = per_level.get(d, 0) + 1
    shown = 0
    for level in sorted(per_level):
        shown += per_level[level]
        if shown > max_units:
            return max(level - 1, 0)
    return None


def more_note(org: Org, depth: int) -> str:
    """What a notebook says under a chart cut at *depth*: how much shows, how to see more.

    >>> import orggraph as og
    >>> print(more_note(og.datasets.load("ecommerce"), 1))
    44 units: the chart shows the top 2 levels (5 units). To see more: org.render(root="coo", depth=2) draws one branch, org.render("chart.svg") the whole chart.
    """
    shown = [u for u in org.units() if org.depth(u) <= depth]
    # an example branch: the first unit on the last level shown that has units under it
    branch = next(
        (u for u in shown if org.depth(u) == depth and org.children(u)),
        next((u for u in shown if org.children(u)), shown[0]),
    )
    return (
        f"{len(org):,} units: the chart shows the top {depth + 1} level{'s' if depth else ''} "
        f"({len(shown):,} units). To see more: org.render(root={branch!r}, depth=2) draws "
        'one branch, org.render("chart.svg") the whole chart.'
    ).replace("'", '"')


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

    The SVG's ids get a prefix of its own (a hash of it), so that several charts in one
    page do not take each other's markers. An SVG with a style sheet (which would style
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


def _inline(text: str, style: str) -> str:
    """*text* (an SVG) with its ids prefixed and *style* on its root element."""
    prefix = "og" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8] + "-"
    text = re.sub(r'(\sid=")', rf"\g<1>{prefix}", text)
    text = re.sub(r"url\(#", f"url(#{prefix}", text)
    text = re.sub(r'(href=")#', rf"\g<1>#{prefix}", text)
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
    display: the chart (the top levels of a big organisation) scaled to the cell."""
    depth = depth_for(org, max_units)
    plain = repr(org)
    note = None
    if depth is not None:
        plain += f" (chart shows the top {depth + 1} levels)"
        note = more_note(org, depth)
    try:
        from orggraph.render import render

        # "auto": the built-in tidy engine, fitted to a landscape-ish shape.
        caption = (
            None if depth is None else f"{len(org):,} units: showing the top {depth + 1} levels"
        )
        svg = render(org, format="svg", lang=lang, depth=depth, caption=caption)
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
    root, depth, note = _diff_view(d, max_units)
    try:
        svg = d.render(format="svg", lang=lang, root=root, depth=depth)
    except OrgError as exc:
        return {"text/plain": f"{plain}\n(chart unavailable: {exc})"}
    assert isinstance(svg, bytes)
    return _bundle(svg.decode("utf-8"), note, plain)


def _diff_view(d: Diff, max_units: int) -> tuple[str | None, int | None, str | None]:
    """The root and depth a notebook draws a diff with, and the note saying so."""
    from orggraph.render.diff_chart import union

    both = union(d.a, d.b)
    if len(both) <= max_units:
        return None, None, None
    root: str | None = None
    # the changed units with their parents, old and new: a move shows both ends
    changed = []
    for u, found in d.by_unit().items():
        old = [x.old for x in found if x.kind == "moved" and isinstance(x.old, str)]
        changed += [v for v in (u, both.parent(u), *old) if v is not None and v in both]
    if changed:
        root = changed[0]
        for u in changed[1:]:
            root = both.common_superior(root, u)
            if root is None:  # changes under different roots
                break
    units = both.units() if root is None else [root, *both.descendants(root)]
    base = 0 if root is None else both.depth(root)
    depth = _cut([both.depth(u) - base for u in units], max_units)
    where = "" if root is None else f" the branch of {both.name(root)} (it holds every change),"
    levels = "all levels" if depth is None else f"the top {depth + 1} level{'s' if depth else ''}"
    shown = sum(1 for u in units if depth is None or both.depth(u) - base <= depth)
    if root is not None and depth is None:
        more = 'diff.render("diff.svg") draws the whole chart.'
    else:
        example = root if root is not None else both.roots()[0]
        cut = depth if depth is not None else len(both)
        deeper = sum(1 for u in d.by_unit() if u in both and both.depth(u) - base > cut)
        more = (
            f"{deeper} changed unit{'s lie' if deeper != 1 else ' lies'} deeper: " if deeper else ""
        )
        more += (
            f'diff.render(root="{example}", depth=...) draws more of a branch, '
            'diff.render("diff.svg") the whole chart.'
        )
    note = f"{len(both):,} units: the chart shows{where} {levels} ({shown:,} units). {more}"
    return root, depth, note


def png_mimebundle(png: bytes, plain: str) -> dict[str, Any]:
    """The bundle of a PNG picture (a matplotlib chart): as wide as the cell at most,
    its aspect kept; ``image/png`` (base64, as notebooks store it) and *plain* too."""
    data = base64.b64encode(png).decode("ascii")
    img = (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(plain)}" '
        f'style="max-width:100%;height:auto;max-height:{MAX_HEIGHT}"/>'
    )
    return {"text/html": img, "image/png": data, "text/plain": plain}
