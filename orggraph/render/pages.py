"""Paged charts for printing: which units go on which page (:func:`plan`).

A chart too big to print legibly on one sheet is cut into pages of one paper size so
that no text on a box prints smaller than :data:`MIN_TEXT_PT`: an overview of the top
levels, then detail pages, each a whole subtree (a unit and the units under it), in
preorder, then an index of every unit with its page. A box whose subtree goes on
another page stands for it there (it says what it hides and "→ p. 7"); a unit whose
children fill more than a page has them on consecutive pages, its own box repeated on
top of each with "(continued)".

The cut is greedy and bottom-up over the tidy layout (:mod:`orggraph.render.tidy`): a
unit keeps its subtree while the subtree's laid-out size, at the smallest legible scale,
fits the printable area; when it does not, either its biggest child subtrees get pages
of their own (while that needs no more pages than the other way) or its children are
packed, in order, onto as few pages under its repeated box as they fit. Every unit is
drawn in full on exactly one detail page, its *home* (:attr:`PagePlan.home`).

Dotted and collaboration links (:attr:`PagePlan.links`) go with the pages: a page draws
each link whose two ends it has boxes for (:attr:`Page.drawn`), routed as on a one-page
chart; a unit on its home page names each other end that is not on the page, and that
end's home page (:attr:`Page.linkrefs`); the index lists them all with their relations.

The cut itself is :mod:`orggraph.render.pagecut`'s, the index's columns
:mod:`orggraph.render.pageindex`'s; :mod:`orggraph.render.pdf` draws the pages.

>>> import orggraph as og
>>> p = plan(og.datasets.synthetic(300), paper="A4")
>>> p.size, len(p.pages) > 3, p.pages[0].kind, p.pages[-1].kind
((841.89, 595.28), True, 'overview', 'index')
>>> sum(len(page.units) for page in p.pages if page.kind == "detail")
300
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from orggraph.names import clean
from orggraph.render.labels import LEGEND, in_language
from orggraph.render.options import ChartOptions, paper_size
from orggraph.render.pagecut import (
    AGAIN,
    FULL,
    HEADER_PT,
    MARGIN_PT,
    MIN_TEXT_PT,
    REF,
    STUB,
    Cut,
    PageBoxes,
    page_words,
    print_scale,
)
from orggraph.render.pageindex import (
    INDEX_LINE,
    index_columns,
    index_lines,
    index_link_lines,
    index_order,
)
from orggraph.render.tidy.linklabels import drawn_span, link_drawing
from orggraph.render.tidy.scene import LINE, MARGIN, Chart, Link

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = [
    "HEADER_PT",
    "MARGIN_PT",
    "MIN_TEXT_PT",
    "Page",
    "PageLink",
    "PagePlan",
    "page_words",
    "plan",
    "print_scale",
]


@dataclass(frozen=True)
class Page:
    """One page of a :class:`PagePlan`.

    ``boxes`` are the unit boxes drawn, in chart order, ``parents`` the position in
    ``boxes`` of each one's parent (-1: the top). On a ``"detail"`` page, ``units`` are
    the units drawn in full (this page is their home), ``collapsed`` the boxes that
    stand for a subtree drawn on other pages, and a ``continued`` page repeats its
    ``top`` from the page before. On the ``"overview"``, ``units`` are all the boxes.
    ``refs`` maps a box to the pages where what is under it goes on; ``up`` is the page
    whose box leads here. A link with both ends on a page is drawn there (``drawn``); a
    detail page's unit with a link to a box elsewhere names it and its home page
    (``linkrefs``). An ``"index"`` page lists ``entries``: ``(unit, page,
    column)``. ``scale`` is the print scale of the chart (1: its natural size).
    """

    number: int
    kind: str  # "overview", "detail" or "index"
    top: str | None = None
    boxes: tuple[str, ...] = ()
    parents: tuple[int, ...] = ()
    units: tuple[str, ...] = ()
    collapsed: tuple[str, ...] = ()
    refs: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    continued: bool = False
    up: int | None = None
    scale: float = 1.0
    entries: tuple[tuple[str, int, int], ...] = ()
    # the index's list of links: (link in PagePlan.links, column); link -1: the heading
    listed: tuple[tuple[int, int], ...] = ()
    drawn: tuple[int, ...] = ()  # the links (in PagePlan.links) drawn here, both ends on it
    # (unit, link, page) of each link a unit drawn in full here has to a box not on the
    # page: its box names the other end and *page*, the other end's home
    linkrefs: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True)
class PageLink:
    """A dotted or collaboration link between two boxes of a paged chart (a unit cut off
    by ``depth`` is its shown ancestor's box), as the one-page chart draws it."""

    kind: str  # "dotted" or "collaboration"
    source: str
    target: str
    relation: str
    mutual: bool


@dataclass(frozen=True, eq=False)
class PagePlan:
    """The pages of a paged chart: ``size`` is the paper's (width, height) in points,
    ``home`` the detail page that draws each unit in full, ``links`` the dotted and
    collaboration links of the kinds ``links=`` asks for, ``area`` the printable
    (width, height) under the header, ``min_scale`` the smallest scale at which box
    text stays at :data:`MIN_TEXT_PT` or more. :meth:`chart` draws a page's chart."""

    size: tuple[float, float]
    pages: tuple[Page, ...]
    units: tuple[str, ...]  # every unit printed, in chart order
    home: Mapping[str, int]
    area: tuple[float, float]
    min_scale: float
    lang: str | None
    names: Mapping[str, str]  # each unit's name as the index shows it
    cut: Cut = field(repr=False)
    links: tuple[PageLink, ...] = ()  # every link drawn or referred to on the pages

    def __len__(self) -> int:
        return len(self.pages)

    def details(self) -> list[Page]:
        """The detail pages."""
        return [p for p in self.pages if p.kind == "detail"]

    def link_entry(self, k: int) -> tuple[list[str], str]:
        """The index's entry of link *k*: its ends by name and its kind, then its
        relation (unless ``link_labels="off"``); the pages of its ends ("3, 7")."""
        link = self.links[k]
        w = page_words(self.lang)
        arrow = "↔" if link.mutual else "→"
        kind = in_language(LEGEND, self.lang)[link.kind]
        a, b = self.names[link.source], self.names[link.target]
        lines = [w["link_entry"].format(a=a, arrow=arrow, b=b, kind=kind)]
        relation = " ".join(link.relation.split())
        if relation and self.cut.o.link_labels != "off":  # off: no relation anywhere
            lines.append(relation)
        pages = sorted({self.home[link.source], self.home[link.target]})
        return lines, ", ".join(map(str, pages))

    def chart(self, page: Page) -> Chart:
        """The chart of an overview or detail *page*, with its page references, at its
        natural size (the tidy engine's SVG writer draws it)."""
        return _chart(self.cut, page)


def plan(org: Org, *, options: ChartOptions | None = None, **kwargs: Any) -> PagePlan:
    """The pages that print the chart of *org* on paper, text at :data:`MIN_TEXT_PT` or
    more. *options* and *kwargs* are :class:`~orggraph.render.options.ChartOptions`:
    ``paper`` (default ``"A4"``) and ``orientation`` (see
    :func:`~orggraph.render.options.paper_size`), ``lang``, ``root``, ``depth``,
    ``figures``, ``theme``, ... A chart that fits one page is one page, without overview
    or index.

    >>> import orggraph as og
    >>> [p.kind for p in plan(og.datasets.load("ecommerce"), paper="A3").pages]
    ['detail']
    """
    o = ChartOptions.of(options, **kwargs)
    width, height = paper_size(o.paper or "A4", o.orientation)
    cut = Cut(org, o, width, height)
    cut.run()
    return _Pages(cut).plan()


class _Pages:
    """Numbered pages from a :class:`~orggraph.render.pagecut.Cut`."""

    def __init__(self, cut: Cut) -> None:
        self.c = cut

    # -- the pages --------------------------------------------------------------------------

    def plan(self) -> PagePlan:
        specs = self._detail_specs()
        overview = self._overview(specs) if len(specs) > 1 else None
        first = 2 if overview is not None else 1
        first_page: dict[int, int] = {}
        for k, (top, _, again) in enumerate(specs):
            if not again:
                first_page[top] = first + k
        details, home = self._details(specs, first, first_page)
        pages: list[Page] = []
        if overview is not None:
            pages.append(self._overview_page(overview, home))
        pages.extend(details)
        pages = [self._with_links(page, home) for page in pages]
        names = self._index_names()
        units = self.c.units
        links = tuple(
            PageLink(k.kind, units[k.a], units[k.b], k.relation, k.mutual) for k in self.c.links
        )
        paged = PagePlan(
            self.c.size,
            tuple(pages),
            tuple(self.c.units),
            home,
            self.c.area,
            self.c.min_scale,
            self.c.lang,
            names,
            self.c,
            links,
        )
        if len(specs) == 1:
            return paged
        index = self._index(paged, len(pages) + 1)
        return dataclasses.replace(paged, pages=(*pages, *index))

    def _with_links(self, page: Page, home: dict[str, int]) -> Page:
        """*page* with its links: drawn when both ends are on it; else, on a detail
        page, named on the box of each end whose home it is, with the other's home."""
        units = self.c.units
        on = set(page.boxes)
        full = set(page.units) if page.kind == "detail" else set()
        drawn: list[int] = []
        refs: list[tuple[str, int, int]] = []
        for k, link in enumerate(self.c.links):
            a, b = units[link.a], units[link.b]
            if a in on and b in on:
                drawn.append(k)
                continue
            for end, other in ((a, b), (b, a)):
                if end in full and other not in on:
                    refs.append((end, k, home[other]))
        return dataclasses.replace(page, drawn=tuple(drawn), linkrefs=tuple(refs))

    def _detail_specs(self) -> list[tuple[int, list[int] | None, bool]]:
        """(top, its children on the page or None for all, continued) per page, in
        preorder."""
        specs: list[tuple[int, list[int] | None, bool]] = []
        for r in sorted(self.c.cut, key=self.c.rank.__getitem__):
            groups = self.c.split.get(r)
            if groups is None:
                specs.append((r, None, False))
            else:
                specs.extend((r, g, k > 0) for k, g in enumerate(groups))
        return specs

    def _details(
        self,
        specs: list[tuple[int, list[int] | None, bool]],
        first: int,
        first_page: dict[int, int],
    ) -> tuple[list[Page], dict[str, int]]:
        units = self.c.units
        home: dict[str, int] = {}
        drafts = []
        stub_page: dict[int, int] = {}
        for k, (top, items, again) in enumerate(specs):
            number = first + k
            role = AGAIN if again else (REF if top in self.c.split else FULL)
            boxes, parents, roles = self.c.residual(top, items, role)
            for b, r in zip(boxes, roles, strict=True):
                if r in (FULL, REF):
                    home[units[b]] = number
                elif r == STUB:
                    stub_page[b] = number
            drafts.append((number, top, boxes, parents, roles, again))
        pages = []
        for number, top, boxes, parents, roles, again in drafts:
            refs: dict[str, tuple[int, ...]] = {}
            for b, r in zip(boxes, roles, strict=True):
                if r == STUB:
                    refs[units[b]] = (first_page[b],)
                elif r == REF:
                    later = len(self.c.split[b]) - 1
                    refs[units[b]] = tuple(range(number + 1, number + 1 + later))
            up = first_page[top] if again else stub_page.get(top, 1 if first == 2 else None)
            size = self.c.measure((boxes, parents, roles))
            pages.append(
                Page(
                    number,
                    "detail",
                    units[top],
                    tuple(units[b] for b in boxes),
                    tuple(parents),
                    tuple(units[b] for b, r in zip(boxes, roles, strict=True) if r <= REF),
                    tuple(units[b] for b, r in zip(boxes, roles, strict=True) if r == STUB),
                    refs,
                    again,
                    up,
                    self._scale(size),
                )
            )
        return pages, home

    def _scale(self, size: tuple[float, float]) -> float:
        return print_scale(size, self.c.area, self.c.min_scale)

    def _overview(self, specs: list[tuple[int, list[int] | None, bool]]) -> PageBoxes | None:
        """The boxes, parents and roles of the overview: as many top levels as fit
        (None: not even the top units fit, or the first detail page shows them all)."""
        best = None
        for level in itertools.count():
            page = self._levels(level)
            if not self.c.fits(self.c.measure(page)):
                break
            best = page
            if STUB not in page[2]:
                break  # the whole chart
        if best is None:
            return None
        if len(self.c.roots) == 1:
            top, items, _ = specs[0]
            on_first = set(self.c.residual(top, items)[0])
            if on_first.issuperset(best[0]):
                return None
        return best

    def _levels(self, depth: int) -> PageBoxes:
        """The overview down to *depth*: deeper units are summed up on their ancestor."""
        boxes: list[int] = []
        parents: list[int] = []
        roles: list[int] = []
        stack = [(r, -1, 0) for r in reversed(self.c.roots)]
        while stack:
            i, p, level = stack.pop()
            pos = len(boxes)
            boxes.append(i)
            parents.append(p)
            if self.c.kids[i] and level == depth:
                roles.append(STUB)
                continue
            roles.append(REF if i in self.c.cut and p >= 0 else FULL)
            stack.extend((c, pos, level + 1) for c in reversed(self.c.kids[i]))
        return boxes, parents, roles

    def _overview_page(
        self,
        page: PageBoxes,
        home: dict[str, int],
    ) -> Page:
        boxes, parents, roles = page
        units = self.c.units
        refs = {
            units[b]: (home[units[b]],)
            for b, r in zip(boxes, roles, strict=True)
            if r in (STUB, REF)
        }
        shown = tuple(units[b] for b in boxes)
        stubs = tuple(units[b] for b, r in zip(boxes, roles, strict=True) if r == STUB)
        scale = self._scale(self.c.measure(page))
        top = units[boxes[0]] if len(self.c.roots) == 1 else None
        return Page(1, "overview", top, shown, tuple(parents), shown, stubs, refs, scale=scale)

    # -- the index --------------------------------------------------------------------------

    def _index_names(self) -> dict[str, str]:
        """Each unit's name on one line; a name that several units share is followed by
        its parent's name."""
        names = {
            u: " ".join(clean(self.c.org.name(u, lang=self.c.lang)).split()) for u in self.c.units
        }
        seen: dict[str, int] = {}
        for name in names.values():
            seen[name] = seen.get(name, 0) + 1
        for u, name in names.items():
            parent = self.c.org.parent(u)
            if seen[name] > 1 and parent is not None:
                up = " ".join(clean(self.c.org.name(parent, lang=self.c.lang)).split())
                names[u] = f"{name} ({up})"
        return names

    def _index(self, paged: PagePlan, first: int) -> list[Page]:
        """The index pages from page *first*: every unit by name with its home page,
        then every link with its relation and its ends' pages."""
        names = paged.names
        columns, width = index_columns(self.c.area[0])
        per_column = max(1, int(self.c.area[1] // INDEX_LINE))
        pages: list[tuple[list[tuple[str, int, int]], list[tuple[int, int]]]] = [([], [])]
        column = used = 0

        def room(rows: int) -> None:
            nonlocal column, used
            if used and used + rows > per_column:
                column, used = column + 1, 0
                if column == columns:
                    pages.append(([], []))
                    column = 0
            used += rows

        for u in index_order(dict(names)):
            room(len(index_lines(names[u], width)))
            pages[-1][0].append((u, paged.home[u], column))
        for k in range(-1, len(paged.links)) if paged.links else ():
            if k < 0:
                rows = 2  # the heading, a line apart from the units
            else:
                lines, at = paged.link_entry(k)
                rows = len(index_link_lines(lines, at, width))
            room(rows)
            pages[-1][1].append((k, column))
        return [
            Page(first + k, "index", entries=tuple(units), listed=tuple(listed))
            for k, (units, listed) in enumerate(pages)
        ]


def _chart(c: Cut, page: Page) -> Chart:
    """The chart of an overview or detail *page* (see :meth:`PagePlan.chart`)."""
    index = {u: i for i, u in enumerate(c.units)}
    boxes = [index[u] for u in page.boxes]
    units = set(page.units)
    stubs = set(page.collapsed)
    notes: dict[str, list[tuple[int, int]]] = {}
    for u, k, n in page.linkrefs:
        notes.setdefault(u, []).append((k, n))
    lines: list[list[tuple[int, str]]] = []
    sizes: list[tuple[float, float]] = []
    planned: list[tuple[float, float]] = []
    hover: list[str] = []
    types: list[str | None] = []
    roles: list[int] = []
    for pos, b in enumerate(boxes):
        u = c.units[b]
        refs = page.refs.get(u, ())
        if u in stubs:
            role = STUB
        elif pos == 0 and page.continued:
            role = AGAIN
        else:
            role = REF if refs and u in units else FULL
        roles.append(role)
        box_lines, size = c.box(b, role, refs, notes.get(u, []))
        lines.append(box_lines)
        sizes.append(size)
        plan_w, plan_h = c.box_size(b, role)
        planned.append((max(size[0], plan_w), max(size[1], plan_h)))
        hover.extend(c.hover[2 * b : 2 * b + 2])
        types.append(c.types[b])
    at = {b: pos for pos, b in enumerate(boxes)}
    on_page = [c.links[k] for k in page.drawn]
    links = [Link(k.kind, at[k.a], at[k.b], k.relation, k.mutual) for k in on_page]
    parts = (boxes, list(page.parents), roles, lines, hover, types, links)
    mode = c.o.link_labels
    # The cut planned each box with a reference for every link and a key of markers
    # under the links: the page drawn fits then. When it does not as it is (the tidy
    # layout folds rows by their width, so smaller boxes can make a wider page), the
    # links' relations become markers, then the boxes keep their planned sizes.
    modes = [mode, "markers"] if links and mode not in ("off", "markers") else [mode]
    boxes_tried = [sizes] if planned == sizes else [sizes, planned]
    tries = [(b, how) for b in boxes_tried for how in modes]
    first = None
    for box_sizes, how in tries:
        chart = _draw(c, parts, box_sizes, how)
        if c.fits((chart.width, chart.height)):
            return chart
        first = first or chart
    assert first is not None
    return first


_Parts = tuple[
    list[int],
    list[int],
    list[int],
    list[list[tuple[int, str]]],
    list[str],
    list[str | None],
    list[Link],
]


def _draw(c: Cut, parts: _Parts, sizes: list[tuple[float, float]], mode: str) -> Chart:
    """The chart of a page's boxes (positions in the cut, parents' positions on the
    page, roles), their lines, hover texts and types, and its *links* (positions on the
    page), the boxes of *sizes*, the links' relations as *mode* (``link_labels``) says."""
    boxes, parents, roles, lines, hover, types, links = parts
    lay = c.layout(boxes, parents, sizes, roles)
    width, height = lay.width + 2 * MARGIN, lay.height + 2 * MARGIN
    theme = c.o.theme
    drawing = None
    if links:
        small = theme.small_fontsize
        ends = [(k.a, k.b, k.relation, k.mutual) for k in links]
        drawing = link_drawing(lay, ends, hover[::2], small, small * LINE, mode=mode)
        # routes, labels and the key may reach beyond the boxes: the page's chart grows
        x0, x1, bottom = drawn_span(lay.width, lay.height, drawing)
        width, height = x1 - x0 + 2 * MARGIN, max(lay.height, bottom) + 2 * MARGIN
    return Chart(
        lay,
        lines,
        hover,
        types,
        links,
        [],
        [],
        theme,
        width,
        height,
        MARGIN,
        c.added.lines,
        drawing,
    )
