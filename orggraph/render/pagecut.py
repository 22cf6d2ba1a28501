"""The cut of a chart into pages: bottom-up, greedy, over the tidy layout's sizes.

:class:`Cut` holds the chart's tree (positions in the view), what each box says in
each of its roles on a page, and the decisions: the units whose subtree starts pages
of its own (``cut``) and those whose children are spread over several pages
(``split``). :mod:`orggraph.render.pages` turns them into numbered pages.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from orggraph.core.rollup import Rollup, own_value
from orggraph.core.view import View, make_view
from orggraph.render.labels import LEGEND, hidden_note, in_language
from orggraph.render.metrics import text_width
from orggraph.render.options import ChartOptions
from orggraph.render.tidy.extras import Extras
from orggraph.render.tidy.layout import Layout, tree_layout
from orggraph.render.tidy.scene import (
    LINE,
    MARGIN,
    Link,
    add_note,
    box_contents,
    scene_links,
    stacking,
)
from orggraph.render.tidy.structure import additions

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = [
    "AGAIN",
    "FULL",
    "HEADER_PT",
    "MARGIN_PT",
    "MIN_TEXT_PT",
    "PAGE_WORDS",
    "REF",
    "STUB",
    "Cut",
    "PageBoxes",
    "page_words",
    "print_scale",
    "ref_text",
]

MIN_TEXT_PT = 6.0  # the smallest text size printed on a box
MARGIN_PT = 28.35  # 10 mm of paper left blank on every side
HEADER_PT = 30.0  # the header band: organisation, subtree, page n of m
STACK_RATIO = 1.0  # leaf stacks at most as tall as wide: pages are wider than tall
_GROW = 1.5  # subtrees whose boxes' areas add up to this many pages are not measured
_ROUND = 16.0  # routes of links run this far outside the boxes they go round, at most
_LINK_NAME = 150.0  # points of small text: a longer name in a link's reference is cut short

# Box roles on a page: drawn in full; in full with a page reference; standing for its
# subtree (what it hides and a page reference); repeated on top of a continued page.
FULL, REF, STUB, AGAIN = range(4)
PageBoxes = tuple[list[int], list[int], list[int]]  # boxes, parents' positions, roles

PAGE_WORDS = {
    "en": {
        "ref": "→ p. {n}",
        "refs": "→ p. {a}–{b}",
        "continued": "(continued)",
        "page": "page {n} of {m}",
        "index": "Index",
        "overview": "Overview",
        "from": "from p. {n}",
        "continued_from": "continued from p. {n}",
        "link": "{kind} {arrow} {name}, p. {n}",
        "links": "Dotted lines and collaborations",
        "link_entry": "{a} {arrow} {b} ({kind})",
    },
    "zh": {
        "ref": "续见第 {n} 页",
        "refs": "续见第 {a}–{b} 页",
        "continued": "（续）",
        "page": "第 {n} 页，共 {m} 页",
        "index": "索引",
        "overview": "总览",
        "from": "接第 {n} 页",
        "continued_from": "续第 {n} 页",
        "link": "{kind} {arrow} {name}（第 {n} 页）",
        "links": "虚线汇报与协作",
        "link_entry": "{a} {arrow} {b}（{kind}）",
    },
}


def page_words(lang: str | None) -> dict[str, str]:
    """The page phrases in *lang* (English when there is no translation).

    >>> page_words("zh-Hans")["ref"].format(n=7), page_words(None)["ref"].format(n=7)
    ('续见第 7 页', '→ p. 7')
    """
    return in_language(PAGE_WORDS, lang)


def ref_text(pages: tuple[int, ...], w: Mapping[str, str]) -> str:
    """ "→ p. 7" (or "→ p. 7–9" for several pages) in the phrases *w*."""
    if len(pages) == 1:
        return w["ref"].format(n=pages[0])
    return w["refs"].format(a=pages[0], b=pages[-1])


def print_scale(size: tuple[float, float], area: tuple[float, float], least: float) -> float:
    """The scale that prints a chart of *size* in *area*: at most 1, rounded down to a
    multiple of 1/24 but not below *least* (cairo writes a PDF of many pages at a few
    distinct scales much faster than at as many scales as pages).

    >>> print_scale((1000.0, 500.0), (785.0, 508.0), 0.5), print_scale((100.0, 50.0), (785.0, 508.0), 0.5)
    (0.75, 1.0)
    """
    fit = min(1.0, area[0] / size[0], area[1] / size[1])
    if fit < least:
        return fit
    return max(least, math.floor(fit * 24) / 24)


class Cut:
    """The cut of the chart of *org* with options *o* into pages of *width* x *height*
    points: run :meth:`run`, then read ``cut`` and ``split``."""

    def __init__(self, org: Org, o: ChartOptions, width: float, height: float) -> None:
        self.org, self.o = org, o
        self.size = (width, height)
        self.lang = o.lang or (org.lang[0] if org.lang else None)
        self.words = page_words(self.lang)
        view = make_view(org, o.root, o.depth)
        self.units = units = view.shown
        n = len(units)
        self.kids: list[list[int]] = [[] for _ in range(n)]
        self.roots: list[int] = []
        for i, p in enumerate(view.parents):
            (self.kids[p] if p >= 0 else self.roots).append(i)
        self.pre = self._preorder()
        self.rank = [0] * n
        for r, i in enumerate(self.pre):
            self.rank[i] = r
        self.lines, self.sizes, self.hover, self.types, _ = box_contents(
            org, units, o, dict(view.collapsed)
        )
        self.hidden = self._hidden_counts(view)
        default_lang = org.lang[0] if org.lang else None
        index = {u: i for i, u in enumerate(units)}
        # dotted and collaboration links between boxes, as the one-page chart has them
        self.links: list[Link] = (
            scene_links(org, index, view, o.links, self.lang, default_lang) if o.links else []
        )
        self.ends: list[list[int]] = [[] for _ in range(n)]  # box -> its links
        for k, link in enumerate(self.links):
            self.ends[link.a].append(k)
            self.ends[link.b].append(k)
        lang = o.lang or (org.lang[0] if org.lang else None)
        # assistants, people boxes, a board apart: as on the single-page chart
        self.added = additions(org, view, o.people, lang, o.theme.small_fontsize)
        theme = o.theme
        self.small = theme.small_fontsize
        self.min_scale = MIN_TEXT_PT / min(theme.fontsize, theme.small_fontsize)
        self.area = (width - 2 * MARGIN_PT, height - 2 * MARGIN_PT - HEADER_PT)
        self.cap = (self.area[0] / self.min_scale, self.area[1] / self.min_scale)
        self.compact, self.stack_min = stacking(o)
        self.stack_ratio = STACK_RATIO
        # The tidy engine's gaps for the theme's font (as build_scene sets them).
        self.gaps = max(12.0, 1.6 * theme.fontsize), max(24.0, 3.4 * theme.fontsize)
        self.cut: set[int] = set()  # units whose subtree starts pages of its own
        self.split: dict[int, list[list[int]]] = {}  # unit -> its children, page by page
        self.extent: list[float] = [0.0] * n  # area of each kept subtree's boxes
        self.role_sizes: dict[tuple[int, int], tuple[float, float]] = {}
        self.seats: tuple[list[Any], list[int]] | None = None

    def _preorder(self) -> list[int]:
        out: list[int] = []
        stack = list(reversed(self.roots))
        while stack:
            i = stack.pop()
            out.append(i)
            stack.extend(reversed(self.kids[i]))
        return out

    def _hidden_counts(self, view: View) -> list[int]:
        """How many units each box would hide if collapsed (those already collapsed by
        ``depth`` count too)."""
        count = [len(view.collapsed.get(u, ())) for u in self.units]
        for i in reversed(self.pre):
            for k in self.kids[i]:
                count[i] += 1 + count[k]
        return count

    # -- boxes ------------------------------------------------------------------------------

    def _hidden_note(self, i: int) -> str:
        """What box *i* hides when its subtree is drawn elsewhere (as scene does it)."""
        if self.seats is None:
            self.seats = self.org.rollup_table(("seats",)).columns("seats", self.units)
        seats, unknown = self.seats
        u = self.units[i]
        own, known = own_value(self.org.node_data[u], "seats", u)
        rest = unknown[i] - (0 if known else 1)
        people = Rollup(seats[i] - own, ("?",) if rest else ())
        return hidden_note(self.hidden[i], people, self.lang)

    def link_note(self, i: int, k: int, page: int) -> str:
        """What box *i* says of its link *k* whose other end is drawn on *page*:
        "dotted line → Marketing, p. 4" (the arrow as the link's arrowheads)."""
        link = self.links[k]
        other = link.b if link.a == i else link.a
        arrow = "↔" if link.mutual else ("→" if link.a == i else "←")
        name = " ".join(self.hover[2 * other].split())
        if text_width(name, self.small) > _LINK_NAME:
            while len(name) > 1 and text_width(name + "…", self.small) > _LINK_NAME:
                name = name[:-1]
            name = name.rstrip() + "…"
        kind = in_language(LEGEND, self.lang)[link.kind]
        return self.words["link"].format(kind=kind, arrow=arrow, name=name, n=page)

    def box(
        self,
        i: int,
        role: int,
        refs: tuple[int, ...] = (),
        links: list[tuple[int, int]] | None = None,
    ) -> tuple[list[tuple[int, str]], tuple[float, float]]:
        """The lines and size of box *i* in *role* with page references *refs* (none
        given: the widest placeholder, for planning) and, drawn in full, references to
        its *links* ``(link, page of its other end)`` whose other end is on another page
        (None: all its links, for planning, as the cut cannot yet tell)."""
        lines = list(self.lines[i])
        size = self.sizes[i]
        if role == AGAIN:
            return lines, add_note(lines, size, self.words["continued"], self.small)
        if role == STUB:
            size = add_note(lines, size, self._hidden_note(i), self.small)
        if role != FULL:
            shown = refs or ((9999,) if role == STUB else (9998, 9999))
            size = add_note(lines, size, ref_text(shown, self.words), self.small)
        if role != STUB:
            ends = [(k, 9999) for k in self.ends[i]] if links is None else links
            for k, page in ends:
                size = add_note(lines, size, self.link_note(i, k, page), self.small)
        return lines, size

    def box_size(self, i: int, role: int) -> tuple[float, float]:
        if role == FULL and not self.ends[i]:
            return self.sizes[i]
        got = self.role_sizes.get((i, role))
        if got is None:
            got = self.role_sizes[i, role] = self.box(i, role)[1]
        return got

    def layout(
        self,
        boxes: list[int],
        parents: list[int],
        sizes: list[tuple[float, float]],
        roles: list[int] | None = None,
    ) -> Layout:
        """The layout of a page's *boxes* (with their *roles*: boxes drawn in full get
        their assistants and people boxes)."""
        units = [self.units[i] for i in boxes]
        return tree_layout(
            self.org,
            compact=self.compact,
            stack_min=self.stack_min,
            box_size=sizes,
            h_gap=self.gaps[0],
            v_gap=self.gaps[1],
            # rows wider than the page fold into columns of the page's shape
            fold_width=max(self.cap[0] - 2 * MARGIN, 100.0),
            fold_aspect=self.cap[0] / self.cap[1],
            stack_ratio=self.stack_ratio,
            view=View(units, {}, {}, parents),
            extras=self._extras(boxes, roles),
        )

    def _extras(self, boxes: list[int], roles: list[int] | None) -> Extras | None:
        """The extras of a page's boxes, by their place on the page."""
        got = self.added.extras
        if not got:
            return None
        full = [roles is None or r in (FULL, REF) for r in (roles or boxes)]
        assistants = {
            k: got.assistants[b] for k, b in enumerate(boxes) if full[k] and b in got.assistants
        }
        people = {k: got.people[b] for k, b in enumerate(boxes) if full[k] and b in got.people}
        apart = frozenset(k for k, b in enumerate(boxes) if b in got.apart)
        return Extras(assistants, people, apart)

    def measure(self, page: PageBoxes) -> tuple[float, float]:
        """The chart size (margins included) of a page's boxes, parents and roles."""
        boxes, parents, roles = page
        sizes = [self.box_size(i, r) for i, r in zip(boxes, roles, strict=True)]
        lay = self.layout(boxes, parents, sizes, roles)
        width, height = lay.width + 2 * MARGIN, lay.height + 2 * MARGIN
        drawn = len(self.drawn_links(boxes))
        if drawn:  # routes round the outer boxes, and a key of markers under them
            width += 2 * _ROUND
            height += _ROUND + self.small * LINE * (1 + -(-drawn // 2))
        return width, height

    def drawn_links(self, boxes: list[int]) -> list[int]:
        """The links with both ends among *boxes*, in order: a page of them draws them."""
        on = set(boxes)
        found = {k for b in boxes for k in self.ends[b]}
        return [k for k in sorted(found) if self.links[k].a in on and self.links[k].b in on]

    def fits(self, size: tuple[float, float]) -> bool:
        return size[0] <= self.cap[0] + 0.01 and size[1] <= self.cap[1] + 0.01

    def residual(self, i: int, items: list[int] | None = None, top: int = FULL) -> PageBoxes:
        """The boxes, parents and roles of the page whose top is *i* in role *top*, with
        its children *items* (default: all) and what they keep under them."""
        boxes, parents, roles = [i], [-1], [top]
        cut, kids = self.cut, self.kids
        stack = [(k, 0) for k in reversed(self.kids[i] if items is None else items)]
        while stack:
            k, p = stack.pop()
            pos = len(boxes)
            boxes.append(k)
            parents.append(p)
            if k in cut:
                roles.append(STUB)
                continue
            roles.append(FULL)
            stack.extend((c, pos) for c in reversed(kids[k]))
        return boxes, parents, roles

    # -- the cut ----------------------------------------------------------------------------

    def _area(self, i: int, role: int) -> float:
        w, h = self.box_size(i, role)
        return (w + self.gaps[0]) * (h + 0.5 * self.gaps[1])

    def run(self) -> None:
        """Decide the cuts bottom-up (children before their parent)."""
        for i in reversed(self.pre):
            kids = self.kids[i]
            own = self._area(i, FULL)
            if not kids:
                self.extent[i] = own
                continue
            self.extent[i] = own + sum(
                self._area(k, STUB) if k in self.cut else self.extent[k] for k in kids
            )
            if self.extent[i] <= _GROW * self.cap[0] * self.cap[1] and self.fits(
                self.measure(self.residual(i))
            ):
                continue
            self._overflow(i)
        self.cut.update(self.roots)

    def _overflow(self, i: int) -> None:
        """Unit *i*'s subtree does not fit a page: give its biggest child subtrees pages
        of their own, or spread its children over pages of their own under its box,
        whichever needs fewer pages (whole subtrees when it is a tie)."""
        own_pages = self._cut_children(i)
        # One page of its own beats spreading, which takes two pages at least.
        groups, extra = ([], []) if own_pages and len(own_pages) == 1 else self._groups(i)
        if len(groups) == 1:  # fits once some children stand for their subtrees
            self.cut.update(extra)
        elif own_pages is not None and (not groups or len(own_pages) <= len(groups)):
            self.cut.update(own_pages)
        else:
            self.cut.update(extra)
            self.split[i] = groups
            self.cut.add(i)
            return
        kids = self.kids[i]
        self.extent[i] = self._area(i, FULL) + sum(
            self._area(k, STUB) if k in self.cut else self.extent[k] for k in kids
        )

    def _cut_children(self, i: int) -> list[int] | None:
        """The children, biggest subtree first, that must get pages of their own for
        *i*'s page to fit (None: not enough); the cuts are undone."""
        cut = self.cut
        order = sorted(
            (c for c in self.kids[i] if c not in cut and self.kids[c]),
            key=lambda c: -self.extent[c],
        )
        added: list[int] = []
        total = self.extent[i]
        limit = _GROW * self.cap[0] * self.cap[1]
        found = False
        for c in order:
            cut.add(c)
            added.append(c)
            total -= self.extent[c] - self._area(c, STUB)
            if total <= limit and self.fits(self.measure(self.residual(i))):
                found = True
                break
        cut.difference_update(added)
        return added if found else None

    def _groups(self, i: int) -> tuple[list[list[int]], list[int]]:
        """*i*'s children in consecutive groups, each as many as fit one page under *i*'s
        box, the groups about even; the children that must stand for their subtrees to
        fit (cuts undone)."""
        extra: list[int] = []
        groups = self._pack(i, len(self.kids[i]), extra)
        if len(groups) > 1:  # as many pages, fuller to the end: no last page of two boxes
            even = self._pack(i, -(-len(self.kids[i]) // len(groups)), extra)
            if len(even) == len(groups):
                groups = even
        self.cut.difference_update(extra)
        return groups, extra

    def _pack(self, i: int, most: int, extra: list[int]) -> list[list[int]]:
        """*i*'s children in consecutive groups of at most *most*, each as many as fit a
        page; children cut to fit are added to *extra* (and stay cut)."""
        items = self.kids[i]
        groups: list[list[int]] = []
        start = 0

        def fits(end: int) -> bool:
            role = REF if not groups else AGAIN
            return self.fits(self.measure(self.residual(i, items[start:end], role)))

        while start < len(items):
            if not fits(start + 1):
                c = items[start]
                if self.kids[c] and c not in self.cut:
                    self.cut.add(c)  # it stands for its subtree here
                    extra.append(c)
                if not fits(start + 1):  # a box too big for any page: a page of its own
                    groups.append(items[start : start + 1])
                    start += 1
                    continue
            last = min(len(items), start + most)
            lo, hi, step = start + 1, last + 1, 1  # lo fits, hi does not (or is past)
            while lo + step < hi:  # gallop, then halve
                if not fits(lo + step):
                    hi = lo + step
                    break
                lo += step
                step *= 2
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if fits(mid) else (lo, mid)
            groups.append(items[start:lo])
            start = lo
        return groups
