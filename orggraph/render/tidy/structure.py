"""What a chart adds to its units' boxes (the scene's side of :mod:`.extras`): assistants
beside their head, people as boxes of their own, and a board set apart.

The rules, in chart terms:

- **Assistants** (posts with ``kind: assistant``) are drawn beside their unit's box on a
  short side connector, not among its reports, with ``people="names"`` or ``"boxes"``:
  a small box with the holder's name and the post's title (**Vacant** when nobody holds
  it; a post of several seats, one box per holder and per open seat).
- **People boxes** (``people="boxes"``): every staff post's holders (posts whose
  ``status`` is ``eliminated`` left out), one small box each
  (name and post title), each open seat a **Vacant** box, a post whose holders are not
  known one box with its title and how many seats are filled; in compact columns under
  the unit's box, before its sub-units. A unit with more than :data:`PEOPLE_LIMIT`
  shows the first ``PEOPLE_LIMIT - 1`` and a box saying how many more.
- **A board**: a top unit of the organisation whose own posts all have ``counts: false``
  (none of its members is counted as staff) and that has units under it is drawn apart:
  a dashed frame around its box, a gap under it and dashed lines to the units it
  governs; with ``people="boxes"`` its members stand in two columns beside it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from orggraph.core.people import PostRecord, open_seats
from orggraph.names import clean, text
from orggraph.render.labels import words
from orggraph.render.metrics import text_width
from orggraph.render.theme import BoxStyle, Theme
from orggraph.render.tidy.extras import ExtraBox, Extras

if TYPE_CHECKING:
    from orggraph.core.org import Org
    from orggraph.core.view import View
    from orggraph.render.tidy.layout import Layout

__all__ = [
    "E_NAME",
    "E_TITLE",
    "E_VACANT",
    "PEOPLE_LIMIT",
    "Additions",
    "additions",
    "apart_boxes",
    "extra_style",
    "is_board",
    "widest",
]

PEOPLE_LIMIT = 24
"""The most people boxes a unit shows; past it, ``PEOPLE_LIMIT - 1`` and a "+N more" box."""
E_NAME, E_TITLE, E_VACANT = range(3)  # kinds of the lines of extra boxes
_PAD_X = 6.0
_PAD_Y = 4.0
_LINE = 1.3


class Additions(NamedTuple):
    """The extras of a chart for the layout, and the lines of each extra box by
    ``(kind, key, owner)``."""

    extras: Extras
    lines: dict[tuple[str, str, str], list[tuple[int, str]]]


def _word(lang: str | None, key: str) -> str:
    return words(lang)[key]


def is_board(org: Org, uid: str) -> bool:
    """Whether *uid* is drawn apart as a board: a top unit of the organisation with
    units under it, whose own posts all have ``counts: false``.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - {id: b, name: Board, head: {title: Chair, counts: false}, units: [{id: c, name: C}]}
    ... ''')
    >>> is_board(org, "b"), is_board(org, "c")
    (True, False)
    """
    if org.parent(uid) is not None or not org.children(uid):
        return False
    posts = org.posts(uid)
    return bool(posts) and not any(p.counts for p in posts)


def additions(org: Org, view: View, people: str, lang: str | None, small: float) -> Additions:
    """The extra boxes of the chart of *view* with the *people* option, their text in
    *lang* at font size *small*."""
    default_lang = org.lang[0] if org.lang else None
    shown = view.shown
    assistants: dict[int, list[ExtraBox]] = {}
    staff: dict[int, list[ExtraBox]] = {}
    lines: dict[tuple[str, str, str], list[tuple[int, str]]] = {}
    apart = frozenset(i for i, p in enumerate(view.parents) if p < 0 and is_board(org, shown[i]))
    if people not in ("names", "boxes"):
        return Additions(Extras({}, {}, apart), lines)

    def name_of(pid: str) -> str:
        return clean(text(org.person(pid).name, lang, default_lang=default_lang))

    def box(uid: str, kind: str, key: str, rows: list[tuple[int, str]]) -> ExtraBox:
        lines[kind, key, uid] = rows
        width = max(text_width(s, small, k != E_TITLE) for k, s in rows) + 2 * _PAD_X
        # whole points: Graphviz draws a fixed-size node so
        height = 2 * _PAD_Y + len(rows) * small * _LINE
        return ExtraBox(kind, key, math.ceil(width), math.ceil(height))

    # One pass over every post picks the few units that have anything to add.
    kinds = ("assistant", "staff") if people == "boxes" else ("assistant",)
    index = {u: i for i, u in enumerate(shown)}
    wanted: dict[str, list[PostRecord]] = {}
    for rec in org.posts():
        if rec.kind in kinds and rec.status != "eliminated" and rec.unit in index:
            wanted.setdefault(rec.unit, []).append(rec)
    for uid, posts in wanted.items():
        i = index[uid]
        mine: list[ExtraBox] = []
        theirs: list[ExtraBox] = []
        for rec in posts:
            title = clean(text(rec.title, lang, default_lang=default_lang))
            # A board's members stand beside it: nothing but what it governs goes under it.
            beside = rec.kind == "assistant" or i in apart
            target = mine if beside else theirs
            for kind, key, rows in _post_boxes(rec, title, name_of, lang):
                kind = "assistant" if rec.kind == "assistant" else kind
                target.append(box(uid, kind, key, rows))
        if mine:
            assistants[i] = mine
        if theirs and uid not in view.collapsed:
            if len(theirs) > PEOPLE_LIMIT:
                rest = len(theirs) - PEOPLE_LIMIT + 1
                more = _word(lang, "more_people").format(n=rest)
                theirs = [*theirs[: PEOPLE_LIMIT - 1], box(uid, "more", "", [(E_TITLE, more)])]
            staff[i] = theirs
    return Additions(Extras(assistants, staff, apart), lines)


def _post_boxes(
    rec: PostRecord, title: str, name_of: Callable[[str], str], lang: str | None
) -> list[tuple[str, str, list[tuple[int, str]]]]:
    """``(kind, key, lines)`` of the boxes of one post: one per holder and per open seat;
    a post whose holders are not known, one box."""
    # The core's rule (unknown seats: none marked; a post that does not count: none).
    vacant = [(E_VACANT, _word(lang, "vacant")), (E_TITLE, title)]
    seats_open = [("vacant", f"{rec.id}#{k + 1}", vacant) for k in range(open_seats(rec) or 0)]
    if rec.holders is None:  # who holds it is not known: the post, then its open seats
        if rec.filled == 0 and seats_open:
            return seats_open
        if rec.seats is not None and rec.filled is not None and rec.filled != rec.seats:
            note = _word(lang, "filled_of").format(filled=rec.filled, seats=rec.seats)
        else:
            note = _word(lang, "seats_n").format(n=rec.seats if rec.seats is not None else "?")
        return [("person", rec.id, [(E_TITLE, title), (E_TITLE, note)]), *seats_open]
    out: list[tuple[str, str, list[tuple[int, str]]]] = [
        ("person", f"{rec.id}/{pid}", [(E_NAME, name_of(pid)), (E_TITLE, title)])
        for pid in rec.holders
    ]
    return out + seats_open


def apart_boxes(lay: Layout) -> frozenset[int]:
    """The box indexes of *lay*'s units drawn apart (their lines are dashed)."""
    if not lay.apart:
        return frozenset()
    return frozenset(lay.index[u] for u in lay.apart if u in lay.index)


def extra_style(theme: Theme, kind: str) -> BoxStyle:
    """The colours of an extra box of *kind*: white with the theme's muted border; a
    vacant seat's border in the warning colour."""
    border = theme.style_for("team").border
    if kind == "vacant":
        border = theme.warning_color
    return BoxStyle(fill=theme.background, border=border, text=theme.default.text)


def widest(all_extras: list[Extras]) -> Extras:
    """The extras of one chart in several languages with each box as wide and as tall
    as its widest (the same boxes in each: a plan made on them holds in every one)."""
    first = all_extras[0]
    if len(all_extras) == 1:
        return first

    def merge(groups: list[Sequence[ExtraBox]]) -> list[ExtraBox]:
        return [
            ExtraBox(same[0].kind, same[0].key, max(b.w for b in same), max(b.h for b in same))
            for same in zip(*groups, strict=True)
        ]

    return Extras(
        {i: merge([e.assistants[i] for e in all_extras]) for i in first.assistants},
        {i: merge([e.people[i] for e in all_extras]) for i in first.people},
        first.apart,
    )
