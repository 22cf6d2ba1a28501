"""What a unit box says, in the chart's language: name, head's title, figures.

>>> import orggraph as og
>>> org = og.datasets.load("ecommerce")
>>> box = unit_box(org, "customer_service", lang="en")
>>> box.name, box.title
('Customer Service', 'Customer Service Director')
>>> box.figures
'≥ 7 seats · ≥ 23,000 / month'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from orggraph.core.rollup import Number, Rollup, format_number
from orggraph.names import text
from orggraph.render.quoting import clean

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = [
    "SEPARATOR",
    "WORDS",
    "UnitBox",
    "budget_phrase",
    "figures",
    "hidden_note",
    "seats_phrase",
    "shows_nothing",
    "unit_box",
    "words",
]

WORDS = {
    "en": {
        "seats": "{n} seats",
        "seat": "{n} seat",
        "budget": "{n} / month",
        "hidden": "+{units} units, {people} people",
        "hidden_one": "+1 unit, {people} people",
        "unknown_note": "≥: some figures unknown",
        # people on the boxes (render/people_lines.py)
        "vacant": "Vacant",
        "vacant_n": "Vacant ×{n}",
        "acting": "{name} (acting)",
        "interim": "{name} (interim)",
        "secondment": "{name} (seconded)",
        "more": "and {n} more",
        "filled_of": "{filled} of {seats} filled",
        "post_people": "{title}: {names}",
        "name_sep": ", ",
        "vacant_more": "Vacant: {posts} more posts",
        "vacant_more_seats": "Vacant: {seats} seats in {posts} more posts",
    },
    "zh": {
        "seats": "{n} 人",
        "seat": "{n} 人",
        "budget": "月薪 {n}",
        "hidden": "另有 {units} 个单位, {people} 人",
        "hidden_one": "另有 1 个单位, {people} 人",
        "unknown_note": "≥: 部分数据未知",
        # people on the boxes (render/people_lines.py)
        "vacant": "空缺",
        "vacant_n": "空缺 ×{n}",
        "acting": "{name}（代）",
        "interim": "{name}（暂代）",
        "secondment": "{name}（借调）",
        "more": "等另 {n} 人",
        "filled_of": "在岗 {filled}/{seats} 人",
        "post_people": "{title}：{names}",
        "name_sep": "、",
        "vacant_more": "另有 {posts} 个空缺岗位",
        "vacant_more_seats": "另有 {posts} 个空缺岗位，缺 {seats} 人",
    },
}


def words(lang: str | None) -> dict[str, str]:
    """The chart's fixed phrases in *lang* (English when there is no translation)."""
    return WORDS.get((lang or "en").split("-")[0], WORDS["en"])


@dataclass(frozen=True)
class UnitBox:
    """The plain text lines of one unit box (escaping is the renderer's job).

    *name_is_id*: the unit's name shows nothing (only control characters, which every
    output drops), so *name* is the unit's id instead, for the renderer to set apart.
    """

    name: str
    title: str
    figures: str
    note: str = ""
    name_is_id: bool = False


def shows_nothing(value: str) -> bool:
    """Whether *value* is empty once control characters are dropped and spaces trimmed
    (what :func:`orggraph.render.quoting.clean` leaves is all any output shows).

    >>> shows_nothing("\x07"), shows_nothing(" \x0c "), shows_nothing("A")
    (True, True, False)
    """
    return not clean(value).strip()


def figures(seats: Rollup, budget: Rollup, lang: str | None, currency: str | None = None) -> str:
    """``"7 seats · 23,000 / month"``, with ``≥`` before any figure that has unknown parts
    and the organisation's *currency* before the money.

    Empty when there is nothing to say (no seats, nothing unknown).

    >>> figures(Rollup(0), Rollup(0), "en")
    ''
    >>> figures(Rollup(3), Rollup(9000), "en", "CNY")
    '3 seats · CNY 9,000 / month'
    """
    if seats.value == 0 and seats.complete and budget.value == 0 and budget.complete:
        return ""
    w = words(lang)
    line = seats_phrase(seats.value, seats.complete, w)
    if budget.value or not budget.complete:
        line += SEPARATOR + budget_phrase(budget.value, budget.complete, w, currency)
    return line


SEPARATOR = " · "  # between the seats and the budget in figures()


def seats_phrase(value: Number, complete: bool, w: Mapping[str, str]) -> str:
    """The seats part of :func:`figures` (*w*: :func:`words` of the language).

    >>> seats_phrase(1, True, words("en")), seats_phrase(1200, False, words("en"))
    ('1 seat', '≥ 1,200 seats')
    """
    n = format_number(value) if complete else f"≥ {format_number(value)}"
    return w["seat" if value == 1 and complete else "seats"].format(n=n)


def budget_phrase(
    value: Number, complete: bool, w: Mapping[str, str], currency: str | None = None
) -> str:
    """The budget part of :func:`figures` (*w*: :func:`words` of the language), per month.

    >>> budget_phrase(23000, True, words("en")), budget_phrase(23000, False, words("zh"), "CNY")
    ('23,000 / month', '月薪 ≥ CNY 23,000')
    """
    n = format_number(value) if complete else f"≥ {format_number(value)}"
    if currency:
        n = f"≥ {currency} {n[2:]}" if not complete else f"{currency} {n}"
    return w["budget"].format(n=n)


def hidden_note(units: int, people: Rollup, lang: str | None) -> str:
    """What a collapsed subtree hides: ``"+12 units, 48 people"``."""
    w = words(lang)
    key = "hidden_one" if units == 1 else "hidden"
    return w[key].format(units=format_number(units), people=people.short())


def unit_box(
    org: Org,
    uid: str,
    *,
    lang: str | None = None,
    seats: Rollup | None = None,
    budget: Rollup | None = None,
) -> UnitBox:
    """The lines of *uid*'s box. Pass precomputed rollups to avoid recomputing them.

    A name that would show nothing (only control characters) gives way to the unit's
    id (``name_is_id``): an empty box could not be told from its neighbours, and the id
    is what finds the unit in the file.

    >>> import orggraph as og
    >>> box = unit_box(og.from_dict({"units": [{"id": "sales", "name": "\\x07"}]}), "sales")
    >>> box.name, box.name_is_id
    ('sales', True)
    """
    data = org.unit(uid)
    default = org.lang[0] if org.lang else None
    head = data.get("head")
    title = text(head["title"], lang, default_lang=default) if head else ""
    seats = seats if seats is not None else org.headcount(uid)
    budget = budget if budget is not None else org.budget(uid)
    name = org.name(uid, lang=lang)
    blank = shows_nothing(name)
    shown = figures(seats, budget, lang, org.currency)
    return UnitBox(uid if blank else name, title, shown, name_is_id=blank)
