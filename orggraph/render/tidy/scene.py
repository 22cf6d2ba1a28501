"""The scene: what each box says (lines, figures) and where links and their labels go."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from orggraph.core.rollup import Rollup, RollupTable, own_value
from orggraph.core.rows import cell_width
from orggraph.core.view import View, make_view
from orggraph.errors import OrgError
from orggraph.io.registry import chart_formats
from orggraph.names import clean, text
from orggraph.render.labels import (
    LEGEND,
    chart_subtitle,
    chart_title,
    figure_lines,
    figure_table,
    hidden_note,
    in_language,
    legend_notes,
    mark,
)
from orggraph.render.metrics import ADVANCES as _ADVANCES
from orggraph.render.metrics import text_width
from orggraph.render.options import LINK_KINDS, ChartOptions
from orggraph.render.people_lines import people_lines, split_mark
from orggraph.render.theme import Theme
from orggraph.render.tidy.extras import Extras
from orggraph.render.tidy.fit import (
    STACK_MIN,
    Frame,
    fit_layout,
    fit_window,
    free_knobs,
    plan_boxes,
    stacking,
)
from orggraph.render.tidy.layout import Knobs, Layout, tree_layout
from orggraph.render.tidy.linklabels import LinkDrawing, drawn_span, link_drawing
from orggraph.render.tidy.structure import additions, widest

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = [
    "FORMATS",
    "LINE",
    "LINK_KINDS",
    "MAX_PNG_PIXELS",
    "MAX_PNG_SIDE",
    "PERSON",
    "STACK_MIN",
    "VACANT",
    "Link",
    "add_note",
    "box_contents",
    "build_scene",
    "gaps_for",
    "scene_links",
    "stacking",
]

FORMATS = chart_formats("tidy")
MAX_PNG_SIDE = 32000  # pixels per side of a PNG; bigger charts get a lower resolution
MAX_PNG_PIXELS = 100_000_000  # about 400 MB of RGBA while drawing
MIN_LEGIBLE_PX = 6.0  # small text below this many pixels high cannot be read
MIN_DRAWN_PX = 3.0  # below this, PNG text would be a grey smear: left out

_PAD_X = 8.0
PAD_Y = 5.0
LINE = 1.3  # line height / font size
MARGIN = 16.0
_UNKNOWN = ("?",)  # only the truth of Rollup.unknown matters for labels
NAME, TITLE, FIGURES, NOTE, _DUTY = range(5)
PERSON, VACANT = 5, 6  # a line naming people; one ending in a Vacant mark (see people_lines)
_NEWLINES = re.compile(r"\r\n|\r|\n")


class Link(NamedTuple):
    """A dotted or collaboration link between two boxes (their positions in the chart)."""

    kind: str
    a: int  # box index of the source
    b: int  # box index of the target
    relation: str
    mutual: bool


class Chart(NamedTuple):
    """Everything both output formats draw, in chart coordinates (points)."""

    layout: Layout
    lines: list[list[tuple[int, str]]]  # per box: (line kind, text)
    hover: list[str]  # 2 per box: its whole name and head's title
    types: list[str | None]
    links: list[Link]
    header: list[tuple[int, str]]  # (kind: 0 title, 1 caption), text
    legend: list[tuple[str, str]]  # (key, label)
    theme: Theme
    width: float  # of the whole picture, margins and header included
    height: float
    top: float  # y of the chart under the header
    # the lines of the boxes that are not units' (layout.extra) by (kind, key, owner)
    extra_lines: Mapping[tuple[str, str, str], list[tuple[int, str]]] = MappingProxyType({})
    drawing: LinkDrawing | None = None  # the links' routes, labels and key


def _split(value: str, width: int) -> list[str]:
    """Clean *value* and break it into display lines (explicit newlines, then wrapping
    lines longer than *width* columns)."""
    if value.isprintable() and (
        2 * len(value) <= width or (len(value) <= width and value.isascii())
    ):
        return [value]  # the usual case: nothing to clean or break
    out = []
    for line in _NEWLINES.split(clean(value).replace("\t", " ")):
        if 2 * len(line) > width and cell_width(line) > width:
            from orggraph.render.graphviz import wrap

            out.extend(wrap(line, width).split("\n"))
        else:
            out.append(line)
    return out


BoxContents = tuple[
    list[list[tuple[int, str]]],
    list[tuple[float, float]],
    list[str],
    list[str | None],
    frozenset[str],
]
_TitleRows = tuple[tuple[tuple[int, str], ...], float, float, str]  # lines, width, height, hover


def _lines_of(
    org: Org,
    shown: list[str],
    collapsed: dict[str, list[str]],
    *,
    lang: str | None,
    figures: tuple[str, ...],
    responsibilities: bool,
    big: float,
    small: float,
    people: str,
    beside: bool = False,
) -> BoxContents:
    """Box lines (name, head's title, the lines about people of *people* mode, figures,
    notes, duties), box size, hover text (full name and title, cleaned: two entries per
    unit) and type of each shown unit; the marks of unknown figures shown (``?``, ``≥``).
    With *beside* the chart draws assistants beside their head (:mod:`.structure`): no
    line for them.

    This is the hot loop of big charts: titles and figures repeat a lot, so their lines
    and sizes are memoised, and the common case (a short printable name) is inline.
    """
    all_lines: list[list[tuple[int, str]]] = []
    sizes: list[tuple[float, float]] = []
    hover: list[str] = []
    name_h, small_h = big * LINE, small * LINE
    pad_w, min_w = 2 * _PAD_X, 4 * big
    one_name_h = 2 * PAD_Y + name_h
    add_lines, add_size, add_hover = all_lines.append, sizes.append, hover.append
    # Everything a box shows, a column each: read from a table import's columns without
    # building a dict per unit, and the figures without a call per unit.
    all_names, all_titles, types = org.box_fields(shown, lang)
    title_of = _title_rows(all_titles, small)
    table, parts = figure_table(org, figures) if figures or collapsed else (None, ())
    seats, seats_unknown, fig_of, marks = _figure_rows(org, table, shown, lang, small, parts)
    people_of = _people_rows(org, shown, lang, people, small, beside)
    bold_table = _ADVANCES[True]
    em_big = big / 100
    for k, name in enumerate(all_names):
        if name.isascii() and len(name) <= 36 and name.isprintable():
            lines = [(NAME, name)]
            # text_width, inline: this runs once per box
            width = sum(name.encode("ascii").translate(bold_table)) * em_big
            height = one_name_h
            add_hover(name)
        elif len(name) <= 18 and name.isprintable():
            lines = [(NAME, name)]
            width = text_width(name, big, True)
            height = one_name_h
            add_hover(name)
        else:
            names = _split(name, 36)
            lines = [(NAME, s) for s in names]
            width = max([text_width(s, big, True) for s in names])
            height = 2 * PAD_Y + name_h * len(names)
            add_hover(clean(name))
        memo = title_of[k]
        if memo[2]:
            lines.extend(memo[0])
            if memo[1] > width:
                width = memo[1]
            height += memo[2]
        add_hover(memo[3])
        if people_of is not None:
            got = people_of[k]
            if got is not None:
                lines.extend(got[0])
                if got[1] > width:
                    width = got[1]
                height += got[2]
        fig = fig_of[k]
        if fig is not None:
            lines.extend(fig[0])
            if fig[1] > width:
                width = fig[1]
            height += small_h * len(fig[0])
        if collapsed and shown[k] in collapsed:
            known = (seats[k], seats_unknown[k])
            width, height = _hidden_note(
                org, shown[k], collapsed, known, lines, width, height, lang, small
            )
        if responsibilities:
            width, height = _duties(org, shown[k], lines, width, height, lang, small)
        add_lines(lines)
        add_size((width + pad_w if width + pad_w > min_w else min_w, height))
    return all_lines, sizes, hover, types, marks


_PeopleRows = tuple[tuple[tuple[int, str], ...], float, float]  # lines, width, height


def _people_rows(
    org: Org, shown: list[str], lang: str | None, mode: str, small: float, beside: bool = False
) -> list[_PeopleRows | None] | None:
    """Each box's lines about its people (:mod:`orggraph.render.people_lines`), their
    width and height; ``None`` for a box with none, and for all when the organisation
    names nobody (one cheap question: charts without people pay nothing more). With
    *beside* the chart draws assistants beside their head's box: no line for them."""
    found = people_lines(org, shown, lang=lang, mode=mode, assistants=not beside)
    if found is None:
        return None
    step = small * LINE
    out: list[_PeopleRows | None] = []
    for rows in found:
        if not rows:
            out.append(None)
            continue
        lines = tuple((VACANT if r.vacant else PERSON, r.text) for r in rows)
        width = max(_people_width(kind, line, small) for kind, line in lines)
        out.append((lines, width, step * len(lines)))
    return out


def _people_width(kind: int, line: str, small: float) -> float:
    """The width of a people line: a Vacant mark is bold."""
    if kind != VACANT:
        return text_width(line, small)
    before, mark = split_mark(line)
    return text_width(before, small) + text_width(mark, small, True)


def _title_rows(all_titles: list[str | None], small: float) -> list[_TitleRows]:
    """Each box's title lines, their width and height and the hover title. Titles
    repeat a lot: each distinct one is laid out once, then all are looked up at C speed."""
    small_h = small * LINE
    title_memo: dict[str | None, _TitleRows] = {None: ((), 0.0, 0.0, "")}
    for title in set(all_titles):
        if title is not None:
            rows = _split(title, 40)
            title_memo[title] = (
                tuple((TITLE, r) for r in rows),
                max([text_width(r, small) for r in rows]),
                small_h * len(rows) if title else 0.0,
                clean(title),
            )
    return list(map(title_memo.__getitem__, all_titles))


_MEASURE = {"seats": "seats", "open": "vacancies", "budget": "budget"}  # per figure


def _figure_rows(
    org: Org,
    table: RollupTable | None,
    shown: list[str],
    lang: str | None,
    small: float,
    parts: tuple[str, ...],
) -> tuple[list[Any], list[int], list[Any], frozenset[str]]:
    """Each box's seats and count of units with unknown seats (from *table*, zeros
    without one), its figures line and width (None: no line) and the marks of the
    unknown figures shown. *parts* are the figures shown, those asked for that the
    organisation records (:func:`~orggraph.render.labels.figure_table`). Each distinct
    combination of figures is formatted once."""
    n = len(shown)
    seats: list[Any] = [0] * n
    seats_unknown: list[int] = [0] * n
    fig_of: list[Any] = [None] * n
    marks: set[str] = set()
    if table is not None:
        seats, seats_unknown = table.columns("seats", shown)
        if parts:
            columns: list[Any] = []
            for part in parts:
                values, unknown = table.columns(_MEASURE[part], shown)
                columns += [values, map(bool, unknown)]
            keys = list(zip(*columns, strict=True))
            figure_line = _figure_lines(lang, small, org.currency, org.salary_period, parts)
            fig_memo = {key: figure_line(key) for key in set(keys)}
            for key in fig_memo:
                marks.update(mark(key[i], not key[i + 1]) for i in range(0, len(key), 2))
            marks.discard("")
            fig_of = list(map(fig_memo.__getitem__, keys))
    return seats, seats_unknown, fig_of, frozenset(marks)


def _hidden_note(
    org: Org,
    u: str,
    collapsed: dict[str, list[str]],
    seats: tuple[Any, int],
    lines: list[tuple[int, str]],
    width: float,
    height: float,
    lang: str | None,
    small: float,
) -> tuple[float, float]:
    """Add the note of what collapsed unit *u* hides to its *lines* (*seats*: its
    rolled-up seats and count of units with unknown seats); the box's new size."""
    own, known = own_value(org.node_data[u], "seats", u)
    rest = seats[1] - (0 if known else 1)
    people = Rollup(seats[0] - own, _UNKNOWN if rest else ())
    line = hidden_note(len(collapsed[u]), people, lang)
    lines.append((NOTE, line))
    return max(width, text_width(line, small)), height + small * LINE


def _duties(
    org: Org,
    u: str,
    lines: list[tuple[int, str]],
    width: float,
    height: float,
    lang: str | None,
    small: float,
) -> tuple[float, float]:
    """Add unit *u*'s responsibilities to its *lines*; the box's new size."""
    small_h = small * LINE
    for rid in org.responsibilities(u):
        for r in _split("• " + org.name(rid, lang=lang), 40):
            lines.append((_DUTY, r))
            width = max(width, text_width(r, small))
            height += small_h
    return width, height


def _figure_lines(
    lang: str | None,
    size: float,
    currency: str | None = None,
    period: str = "month",
    parts: tuple[str, ...] = ("seats", "budget"),
) -> Callable[[tuple[Any, ...]], tuple[tuple[tuple[int, str], ...], float] | None]:
    """:func:`~orggraph.render.labels.figure_lines` as box lines (kind ``FIGURES``)."""
    line = figure_lines(lang, size, currency, period, parts)

    def box_line(key: tuple[Any, ...]) -> tuple[tuple[tuple[int, str], ...], float] | None:
        found = line(key)
        return None if found is None else (tuple((FIGURES, r) for r in found[0]), found[1])

    return box_line


def build_scene(org: Org, o: ChartOptions) -> Chart:
    """Everything the SVG and PNG writers draw for the chart of *org* with options *o*."""
    if o.rankdir != "TB":
        raise OrgError(
            f"the tidy engine draws top-down only (rankdir='TB'), not {o.rankdir!r}; "
            "use engine='graphviz' for other directions",
            choices=("TB",),
        )
    theme = o.theme
    default_lang = org.lang[0] if org.lang else None
    lang = o.lang or default_lang
    view = make_view(org, o.root, o.depth)
    lines, box_sizes, hover, types, marks = _boxes_in(org, o, view, view.shown, lang)
    index = {u: i for i, u in enumerate(view.shown)}
    drawn_links = scene_links(org, index, view, o.links, lang, default_lang) if o.links else []
    kinds = {link.kind for link in drawn_links}
    header, keys, top, frame = _frame(org, o, lang, kinds, marks)
    added = additions(org, view, o.people, lang, theme.small_fontsize)
    layout = _arrange(org, o, view, lang, box_sizes, added.extras, (kinds, marks, frame))
    width = max(layout.width + frame.width, frame.least)
    height = layout.height + frame.height
    drawing = None
    if drawn_links:
        drawing = _link_drawing(o, layout, drawn_links, hover)
        # Routes, labels and the key may reach beyond the boxes: the picture grows (the
        # frame has room for a line of text under the boxes already).
        x0, x1, bottom = drawn_span(layout.width, layout.height, drawing)
        width = max(x1 - x0 + frame.width, frame.least)
        height += max(0.0, bottom - layout.height - theme.fontsize)
    return Chart(
        layout,
        lines,
        hover,
        types,
        drawn_links,
        header,
        keys,
        theme,
        width,
        height,
        top,
        added.lines,
        drawing,
    )


def _boxes_in(
    org: Org, o: ChartOptions, view: View, units: list[str], lang: str | None
) -> BoxContents:
    """What the boxes of *units* say in *lang*, and their sizes (:func:`_lines_of`)."""
    return _lines_of(
        org,
        units,
        view.collapsed,
        lang=lang,
        figures=o.figures,
        responsibilities=o.responsibilities,
        big=o.theme.fontsize,
        small=o.theme.small_fontsize,
        people=o.people,
        beside=True,
    )


def _arrange(
    org: Org,
    o: ChartOptions,
    view: View,
    lang: str | None,
    box_sizes: list[tuple[float, float]],
    extras: Extras,
    framing: tuple[set[str], Any, Frame],
) -> Layout:
    """The layout: the natural one with ``fit=None``, else the first that fits the
    shape asked for, planned on every language's boxes (*framing*: the link kinds
    drawn, the figure marks and the frame, which the legend in each language sizes)."""
    kinds, marks, frame = framing
    gaps = gaps_for(o.theme)
    if o.fit is None:
        compact, stack_min = stacking(o)
        return tree_layout(
            org,
            compact=compact,
            stack_min=stack_min,
            box_size=box_sizes,
            h_gap=gaps[0],
            v_gap=gaps[1],
            fold_width=o.fold_width,
            view=view,
            extras=extras,
        )

    def sizes_in(other: str | None, units: list[str]) -> list[tuple[float, float]]:
        if other == lang and units is view.shown:
            return box_sizes
        return _boxes_in(org, o, view, units, other)[1]

    plan_sizes, per_lang = plan_boxes(view.shown, [*org.lang] or [lang], sizes_in)
    return fit_layout(
        org,
        view,
        box_sizes,
        plan_sizes,
        [(sizes, _frame(org, o, other, kinds, marks)[3]) for other, sizes in per_lang],
        fit=o.fit,
        base=Knobs(*stacking(o), fold_width=o.fold_width),
        free=free_knobs(o),
        frame=frame,
        gaps=gaps,
        extras=extras,
        plan_extras=_plan_extras(org, view, o, lang, extras),
    )


def _link_drawing(
    o: ChartOptions, layout: Layout, links: list[Link], hover: list[str]
) -> LinkDrawing:
    """The links' routes, labels and key (:func:`link_drawing`) over *layout*."""
    small = o.theme.small_fontsize
    ends = [(k.a, k.b, k.relation, k.mutual) for k in links]
    names = [hover[2 * i] for i in range(len(layout))]
    aim = None if o.fit is None else sum(fit_window(o.fit)) / 2
    return link_drawing(layout, ends, names, small, small * LINE, mode=o.link_labels, aim=aim)


def _plan_extras(org: Org, view: View, o: ChartOptions, lang: str | None, own: Extras) -> Extras:
    """The boxes that are not units' as the fit plans them: each as big as in any of the
    organisation's languages (*own*: those in *lang*), so that it folds the same in all."""
    langs: list[str | None] = [*org.lang] or [lang]
    small = o.theme.small_fontsize
    return widest(
        [
            own if other == lang else additions(org, view, o.people, other, small).extras
            for other in langs
        ]
    )


def gaps_for(theme: Theme) -> tuple[float, float]:
    """The gaps between neighbouring boxes and between levels, for *theme*'s font."""
    big = theme.fontsize
    return max(12.0, 1.6 * big), max(24.0, 3.4 * big)


def _frame(
    org: Org, o: ChartOptions, lang: str | None, kinds: set[str], marks: Collection[str]
) -> tuple[list[tuple[int, str]], list[tuple[str, str]], float, Frame]:
    """The header (title, subtitle and caption lines), the legend's keys (*marks*: of
    the unknown figures shown), the y of the chart under them, and what they and the
    margins add to the layout, in *lang*."""
    header: list[tuple[int, str]] = []
    title = chart_title(org, o.title, o.root, lang)
    if title:
        header.extend((0, s) for s in _split(title, 60))
    for line in (chart_subtitle(o.subtitle, lang, org), o.caption):
        if line:
            header.extend((1, s) for s in _split(line, 100))
    keys: list[tuple[str, str]] = []
    if o.legend:
        keys = _legend_keys(lang, kinds, marks)
    top, least = _header_size(header, keys, o.theme)
    extra = o.theme.fontsize if kinds else 0.0  # room for curves below the lowest boxes
    return header, keys, top, Frame(2 * MARGIN, top + MARGIN + extra, least)


def scene_links(
    org: Org,
    index: dict[str, int],
    view: View,
    links: Collection[str],
    lang: str | None,
    default_lang: str | None,
) -> list[Link]:
    """The links of the kinds in *links*, once per kind, pair of boxes and relation. Links go
    between the visible boxes that hold their ends (a collapsed ancestor)."""
    drawn_links: list[Link] = []
    holder: dict[str, int] = {}
    for u, hidden in view.collapsed.items():
        for x in hidden:
            holder[x] = index[u]
    seen: set[tuple[str, int, int, str]] = set()
    for src, dst, data in org.links():
        kind = data["kind"]
        if kind not in links:
            continue
        a = index.get(src, holder.get(src))
        b = index.get(dst, holder.get(dst))
        if a is None or b is None or a == b:
            continue
        relation = text(data.get("relation"), lang, default_lang=default_lang)
        key = (kind, a, b, relation)  # a dotted line and a collaboration are two facts
        if key in seen:
            continue
        seen.add(key)
        drawn_links.append(Link(kind, a, b, clean(relation), bool(data.get("mutual"))))
    return drawn_links


def _legend_keys(
    lang: str | None, kinds: set[str], marks: Collection[str]
) -> list[tuple[str, str]]:
    """``(key, label)`` of the legend: reporting lines, the link kinds drawn, and the
    notes on the *marks* of unknown figures shown (``?``, ``≥``: key ``"unknown"``,
    which draws no line sample)."""
    names = in_language(LEGEND, lang)
    keys = [("reporting", names["reporting"])]
    for kind in LINK_KINDS:
        if kind in kinds:
            keys.append((kind, names[kind]))
    keys.extend(("unknown", note) for note in legend_notes(marks, lang))
    return keys


def _header_size(
    header: list[tuple[int, str]], keys: list[tuple[str, str]], theme: Theme
) -> tuple[float, float]:
    """The y of the chart under the header, and the width of the header's text."""
    big, small = theme.fontsize, theme.small_fontsize
    head_h = sum((big + 3 if k == 0 else small) * LINE for k, _ in header)
    if keys:
        head_h += small * LINE
    top = MARGIN + (head_h + small if head_h else 0.0)
    header_w = max([0.0, *(text_width(s, big + 3 if k == 0 else small, k == 0) for k, s in header)])
    return top, max(header_w, legend_width(keys, small)) + 2 * MARGIN


def legend_width(keys: list[tuple[str, str]], size: float) -> float:
    return sum(
        (0.0 if key == "unknown" else 2.6 * size) + text_width(label, size) + 2 * size
        for key, label in keys
    )


def box_contents(
    org: Org, units: list[str], o: ChartOptions, collapsed: dict[str, list[str]] | None = None
) -> BoxContents:
    """What the boxes of *units* say and their sizes, as :func:`build_scene` draws them
    with options *o* (*collapsed*: a view's collapsed units, which get the note of what
    they hide): box lines, ``(width, height)``, hover texts (two per box), unit types,
    and the marks of the unknown figures shown. For charts put together from parts (the pages of
    :mod:`orggraph.render.pages`)."""
    lang = o.lang or (org.lang[0] if org.lang else None)
    theme = o.theme
    return _lines_of(
        org,
        units,
        collapsed or {},
        lang=lang,
        figures=o.figures,
        responsibilities=o.responsibilities,
        big=theme.fontsize,
        small=theme.small_fontsize,
        people=o.people,
    )


def add_note(
    lines: list[tuple[int, str]], size: tuple[float, float], note: str, small: float
) -> tuple[float, float]:
    """Add *note* to a box's *lines* as a note line (italic, like what a collapsed box
    hides); the box's new size from its *size*."""
    lines.append((NOTE, note))
    return max(size[0], text_width(note, small) + 2 * _PAD_X), size[1] + small * LINE
