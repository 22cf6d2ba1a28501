"""PDF from the tidy engine: a chart printed on paper, paged or on one sheet.

Each page is an SVG (the tidy engine's chart, nested and scaled into the printable area
under a header) and ``rsvg-convert`` (librsvg) turns the SVG pages into one PDF, a page
per SVG at its size, text kept as text in the embedded fonts (names can be searched and
copied; Chinese needs a CJK font such as Noto Sans CJK installed).

* ``paper=`` with ``pages="auto"`` (the default with paper): the pages of
  :func:`orggraph.render.pages.plan`: an overview, detail pages, an index;
* ``paper=`` with ``pages=1``: the whole chart on one sheet, scaled to fit (with an
  :class:`~orggraph.OrgWarning` when its text prints below
  :data:`~orggraph.render.pages.MIN_TEXT_PT`);
* no paper (``engine="tidy"``): one page the chart's own size (at most
  :data:`PDF_MAX_SIDE` a side).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from orggraph.errors import OrgError, OrgWarning, RenderError
from orggraph.names import text
from orggraph.render.labels import chart_subtitle
from orggraph.render.metrics import text_width
from orggraph.render.options import ChartOptions, paper_size
from orggraph.render.pageindex import (
    INDEX_GAP,
    INDEX_LINE,
    INDEX_PT,
    index_columns,
    index_lines,
    index_link_lines,
)
from orggraph.render.pages import (
    HEADER_PT,
    MARGIN_PT,
    MIN_TEXT_PT,
    Page,
    PagePlan,
    page_words,
    plan,
    print_scale,
)
from orggraph.render.quoting import xml_text
from orggraph.render.rsvg import svgs_to_pdf
from orggraph.render.theme import Theme, font_stack
from orggraph.render.tidy.scene import build_scene
from orggraph.render.tidy.svg import write_svg

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = ["PDF_MAX_SIDE", "page_svgs", "render_pdf"]

PDF_MAX_SIDE = 14400.0  # points: 200 inches, the largest page PDF viewers show
_INNER = re.compile(
    r'^<\?xml[^>]*\?>\s*<svg xmlns="http://www.w3.org/2000/svg" width="[^"]*" height="[^"]*"'
)


def render_pdf(org: Org, *, options: ChartOptions | None = None, **kwargs: Any) -> bytes:
    """The chart of *org* as PDF bytes, drawn by the tidy engine: on pages of the
    ``paper`` option (``pages="auto"``: as many as legible text needs; ``pages=1``: one
    sheet), or without ``paper`` on one page of the chart's own size.

    >>> import orggraph as og
    >>> render_pdf(og.datasets.load("ecommerce"), paper="A4")[:5]  # doctest: +SKIP
    b'%PDF-'
    """
    o = ChartOptions.of(options, **kwargs)
    _check(o)
    return svgs_to_pdf(_page_svgs(org, o), timeout=o.timeout)


def page_svgs(org: Org, *, options: ChartOptions | None = None, **kwargs: Any) -> list[str]:
    """The pages :func:`render_pdf` prints, each an SVG document the paper's size (to
    look at one page, or to draw it as PNG).

    >>> import orggraph as og
    >>> pages = page_svgs(og.datasets.synthetic(300), paper="A4")
    >>> len(pages) > 3, 'width="841.89pt" height="595.28pt"' in pages[0]
    (True, True)
    """
    o = ChartOptions.of(options, **kwargs)
    _check(o)
    return list(_page_svgs(org, o))


def _check(o: ChartOptions) -> None:
    if o.paper is None and (o.pages == "auto" or o.orientation is not None):
        raise OrgError(
            "pages='auto' and orientation= print on paper: give paper= as well "
            "(A4, A3, Letter, Legal or a size such as '210x297mm')"
        )


def _page_svgs(org: Org, o: ChartOptions) -> Iterator[str]:
    """The pages one by one (rsvg-convert starts on the first ones while the next are
    made)."""
    if o.paper is None:
        yield _natural_size(org, o)
        return
    if o.pages == 1:
        yield _one_sheet(org, o)
        return
    paged = plan(org, options=o)
    org_title = _org_title(org, paged.lang, o)
    total = len(paged.pages)
    for page in paged.pages:
        yield _page_svg(paged, page, org_title, total, o.theme)


def _org_title(org: Org, lang: str | None, o: ChartOptions) -> str:
    """The left of each page's header: the ``title`` option's text, or for True the
    organisation's name (its first root's when it has none; the middle names each
    page's subtree), then the ``subtitle``; empty for ``title=False`` and no subtitle."""
    title = o.title if isinstance(o.title, str) else ""
    if o.title is True:
        default = org.lang[0] if org.lang else None
        roots = org.roots()
        if org.org_name is not None:
            title = text(org.org_name, lang, default_lang=default)
        elif roots:
            title = org.name(roots[0], lang=lang)
    subtitle = chart_subtitle(o.subtitle, lang, org) or ""
    shown = [" ".join(t.split()) for t in (title, subtitle) if t.strip()]
    return " · ".join(shown)


def _natural_size(org: Org, o: ChartOptions) -> str:
    """The chart on one page of its own size, scaled down to PDF's largest page (200
    inches a side, the most viewers show) when it is bigger."""
    chart = build_scene(org, o)
    svg = write_svg(chart)
    scale = min(1.0, PDF_MAX_SIDE / chart.width, PDF_MAX_SIDE / chart.height)
    if scale == 1.0:
        return svg
    out: list[str] = []
    _page_head(out.append, chart.width * scale, chart.height * scale, o.theme)
    out.append(_nested(svg, 0.0, 0.0, chart.width, chart.height, scale))
    out.append("</svg>\n")
    return "".join(out)


def _one_sheet(org: Org, o: ChartOptions) -> str:
    """The whole chart on one sheet of paper, scaled to fit its margins."""
    assert o.paper is not None
    width, height = paper_size(o.paper, o.orientation)
    chart = build_scene(org, o)
    area = (width - 2 * MARGIN_PT, height - 2 * MARGIN_PT)
    least = MIN_TEXT_PT / min(o.theme.fontsize, o.theme.small_fontsize)
    scale = print_scale((chart.width, chart.height), area, least)
    smallest = scale * min(o.theme.fontsize, o.theme.small_fontsize)
    if smallest < MIN_TEXT_PT:
        warnings.warn(
            f"on one {o.paper} sheet the chart's text prints at {smallest:.1f} pt, below "
            f"{MIN_TEXT_PT:g} pt; pages='auto' prints it on legible pages",
            OrgWarning,
            stacklevel=2,
        )
    out: list[str] = []
    _page_head(out.append, width, height, o.theme)
    x = MARGIN_PT + (area[0] - chart.width * scale) / 2
    out.append(_nested(write_svg(chart), x, MARGIN_PT, chart.width, chart.height, scale))
    out.append("</svg>\n")
    return "".join(out)


def _page_head(add: Callable[[str], None], width: float, height: float, theme: Theme) -> None:
    family = xml_text(font_stack(theme.font))
    add(
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.2f}pt" height="{height:.2f}pt" '
        f'viewBox="0 0 {width:.2f} {height:.2f}" font-family="{family}" '
        f'font-size="{theme.small_fontsize:g}">\n'
        f'<rect class="background" width="100%" height="100%" '
        f'fill="{xml_text(theme.background)}"/>\n'
    )


def _nested(svg: str, x: float, y: float, width: float, height: float, scale: float) -> str:
    """A chart's SVG document as an element drawn at (*x*, *y*), *scale* times its size."""
    placed = (
        f'<svg xmlns="http://www.w3.org/2000/svg" x="{x:.2f}" y="{y:.2f}" '
        f'width="{width * scale:.2f}" height="{height * scale:.2f}"'
    )
    out, found = _INNER.subn(lambda _: placed, svg, count=1)
    if not found:  # pragma: no cover - the tidy engine's SVG always starts so
        raise RenderError("the chart's SVG does not start as the tidy engine writes it")
    return out


def _page_svg(paged: PagePlan, page: Page, org_title: str, total: int, theme: Theme) -> str:
    """One page: the header (organisation, what the page shows, page n of m) and the
    chart scaled into the printable area, or the index's columns."""
    w = page_words(paged.lang)
    width, height = paged.size
    out: list[str] = []
    add = out.append
    _page_head(add, width, height, theme)
    title, note = _titles(paged, page, w)
    _header(add, (org_title, title, w["page"].format(n=page.number, m=total)), note, paged, theme)
    if page.kind == "index":
        _index_body(add, paged, page, theme)
    else:
        chart = paged.chart(page)
        aw = paged.area[0]
        scale = print_scale((chart.width, chart.height), paged.area, paged.min_scale)
        x = MARGIN_PT + (aw - chart.width * scale) / 2
        add(_nested(write_svg(chart), x, MARGIN_PT + HEADER_PT, chart.width, chart.height, scale))
    add("</svg>\n")
    return "".join(out)


def _titles(paged: PagePlan, page: Page, w: dict[str, str]) -> tuple[str, str]:
    """What a page shows and where it comes from (its header's middle lines)."""
    if page.kind == "index":
        return w["index"], ""
    if page.kind == "overview":
        return w["overview"], ""
    assert page.top is not None
    title = paged.names.get(page.top, page.top)
    if page.continued:
        title = f"{title} {w['continued']}"
        return title, w["continued_from"].format(n=page.up) if page.up else ""
    return title, w["from"].format(n=page.up) if page.up else ""


def _header(
    add: Callable[[str], None],
    texts: tuple[str, str, str],
    note: str,
    paged: PagePlan,
    theme: Theme,
) -> None:
    """Organisation on the left, the page's subject in the middle (shrunk to fit between
    the others), page n of m on the right, a note under the middle, a rule below."""
    left, middle, right = texts
    width = paged.size[0]
    big, small = theme.fontsize, theme.small_fontsize
    base = MARGIN_PT + big
    muted = xml_text(theme.muted_text)
    ink = xml_text(theme.default.text)
    side = max(text_width(left, small, True), text_width(right, small)) + 12.0
    room = width - 2 * MARGIN_PT - 2 * side
    size = (
        big
        if text_width(middle, big, True) <= room
        else max(MIN_TEXT_PT, big * room / text_width(middle, big, True))
    )
    add('<g class="page-header">')
    add(
        f'<text x="{MARGIN_PT:.2f}" y="{base:.2f}" font-size="{small:g}" font-weight="bold" '
        f'fill="{ink}">{xml_text(left)}</text>'
    )
    add(
        f'<text x="{width / 2:.2f}" y="{base:.2f}" font-size="{size:.2f}" font-weight="bold" '
        f'text-anchor="middle" fill="{ink}">{xml_text(middle)}</text>'
    )
    add(
        f'<text x="{width - MARGIN_PT:.2f}" y="{base:.2f}" font-size="{small:g}" '
        f'text-anchor="end" fill="{muted}">{xml_text(right)}</text>'
    )
    if note:
        add(
            f'<text x="{width / 2:.2f}" y="{base + small * 1.3:.2f}" font-size="{small:g}" '
            f'text-anchor="middle" fill="{muted}">{xml_text(note)}</text>'
        )
    rule = MARGIN_PT + HEADER_PT - 4.0
    add(
        f'<path d="M{MARGIN_PT:.2f},{rule:.2f}H{width - MARGIN_PT:.2f}" stroke="{muted}" '
        'stroke-width="0.5"/>'
    )
    add("</g>\n")


def _index_body(add: Callable[[str], None], paged: PagePlan, page: Page, theme: Theme) -> None:
    """The index entries of *page* in columns: name on the left, page on the right."""
    _, col_w = index_columns(paged.area[0])
    step = INDEX_LINE
    ink = xml_text(theme.default.text)
    add(f'<g class="index" font-size="{INDEX_PT:g}" fill="{ink}">\n')
    column, y = -1, 0.0
    top = MARGIN_PT + HEADER_PT + step
    for uid, number, col in page.entries:
        if col != column:
            column, y = col, top
        x = MARGIN_PT + col * (col_w + INDEX_GAP)
        lines = index_lines(paged.names[uid], col_w)
        add(f'<text x="{x + col_w:.2f}" y="{y:.2f}" text-anchor="end">{number}</text>')
        for line in lines:
            add(f'<text x="{x:.2f}" y="{y:.2f}">{xml_text(line)}</text>\n')
            y += step
    muted = xml_text(theme.muted_text)
    for k, col in page.listed:  # the links, after the units
        if col != column:
            column, y = col, top
        x = MARGIN_PT + col * (col_w + INDEX_GAP)
        if k < 0:
            y += step if y > top else 0.0
            heading = xml_text(page_words(paged.lang)["links"])
            add(f'<text x="{x:.2f}" y="{y:.2f}" font-weight="bold">{heading}</text>\n')
            y += step
            continue
        texts, pages = paged.link_entry(k)
        add(f'<text x="{x + col_w:.2f}" y="{y:.2f}" text-anchor="end">{xml_text(pages)}</text>')
        ends = index_link_lines(texts[:1], pages, col_w)
        for j, line in enumerate(index_link_lines(texts, pages, col_w)):
            style = "" if j < len(ends) else f' font-style="italic" fill="{muted}"'
            add(f'<text x="{x:.2f}" y="{y:.2f}"{style}>{xml_text(line)}</text>\n')
            y += step
    add("</g>\n")
