"""What a unit box says, in the chart's language: name, head's title, figures.

Figures are honest about what is not known: ``≥ 12 seats`` when some parts are
unknown, ``? seats`` when nothing is (never ``≥ 0``); the legend explains both marks
(:func:`legend_notes`). Money carries the organisation's currency and salary period
(``CNY 23,000 / month``, ``/ year``); open seats come from the ``vacancies`` rollup.

>>> import orggraph as og
>>> org = og.datasets.load("ecommerce")
>>> box = unit_box(org, "customer_service", lang="en")
>>> box.name, box.title
('Customer Service', 'Customer Service Director')
>>> box.figures
'≥ 7 seats · ≥ 23,000 / month'
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from orggraph.core.rollup import (
    AT_LEAST,
    MISSING,
    Number,
    Rollup,
    RollupTable,
    bound_text,
    format_number,
)
from orggraph.core.rows import cell_width
from orggraph.names import text
from orggraph.render.metrics import hundredths
from orggraph.render.quoting import clean

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = [
    "AT_LEAST",
    "FIGURE_COLUMNS",
    "LEGEND",
    "MISSING",
    "SEPARATOR",
    "WORDS",
    "UnitBox",
    "amount",
    "budget_phrase",
    "chart_subtitle",
    "chart_title",
    "figure_lines",
    "figure_rows",
    "figure_table",
    "figures",
    "hidden_note",
    "in_language",
    "legend_notes",
    "mark",
    "open_phrase",
    "recorded_parts",
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
        "unknown_note": "≥: some parts unknown",
        # people on the boxes (render/people_lines.py)
        "vacant": "Vacant",
        "vacant_n": "Vacant ×{n}",
        "acting": "{name} (acting)",
        "interim": "{name} (interim)",
        "secondment": "{name} (seconded)",
        "more": "and {n} more",
        "filled_of": "{filled} of {seats} filled",
        "more_people": "+{n} more",
        "seats_n": "{n} seats",
        "post_people": "{title}: {names}",
        "name_sep": ", ",
        "vacant_more": "Vacant: {posts} more posts",
        "vacant_more_seats": "Vacant: {seats} seats in {posts} more posts",
        # figures (render/labels.py)
        "open": "{n} open",
        "budget_year": "{n} / year",
        "missing_note": "?: not known",
        # a dated organisation's charts (chart_subtitle)
        "as_of": "As of {date}",
        "as_of_span": "From {a} to {b}",
    },
    "zh": {
        "seats": "{n} 人",
        "seat": "{n} 人",
        "budget": "月薪 {n}",
        "hidden": "另有 {units} 个单位, {people} 人",
        "hidden_one": "另有 1 个单位, {people} 人",
        "unknown_note": "≥: 部分未知",
        # people on the boxes (render/people_lines.py)
        "vacant": "空缺",
        "vacant_n": "空缺 ×{n}",
        "acting": "{name}（代）",
        "interim": "{name}（暂代）",
        "secondment": "{name}（借调）",
        "more": "等另 {n} 人",
        "filled_of": "在岗 {filled}/{seats} 人",
        "more_people": "另有 {n} 人",
        "seats_n": "{n} 个编制",
        "post_people": "{title}：{names}",
        "name_sep": "、",
        "vacant_more": "另有 {posts} 个空缺岗位",
        "vacant_more_seats": "另有 {posts} 个空缺岗位，缺 {seats} 人",
        # figures (render/labels.py)
        "open": "空缺 {n}",
        "budget_year": "年薪 {n}",
        "missing_note": "?: 未知",
        # a dated organisation's charts (chart_subtitle)
        "as_of": "截至 {date}",
        "as_of_span": "{a} 至 {b}",
    },
}
SEPARATOR = " · "  # between the parts of figures()
FIGURE_COLUMNS = 32
"""Figures longer than this many columns (a CJK character counts two) break before a
part: a box grows taller rather than wider, as it does for names and titles."""


T = TypeVar("T")


def in_language(table: Mapping[str, T], lang: str | None) -> T:
    """*table*'s entry for *lang*, by its base language (``zh-CN``, ``zh_Hans`` and ``ZH``
    are ``zh``); English when there is none. The one rule for every table of phrases.

    >>> in_language({"en": "seats", "zh": "人"}, "zh_Hans"), in_language({"en": "x"}, "fr")
    ('人', 'x')
    """
    base = (lang or "en").replace("_", "-").split("-")[0].lower()
    return table.get(base, table["en"])


def words(lang: str | None) -> dict[str, str]:
    """The chart's fixed phrases in *lang* (English when there is no translation)."""
    return in_language(WORDS, lang)


LEGEND = {
    "zh": {"reporting": "汇报", "dotted": "虚线汇报", "collaboration": "协作"},
    "en": {"reporting": "reports to", "dotted": "dotted line", "collaboration": "collaboration"},
}
"""The legend's names of the lines, by language (see :func:`in_language`)."""


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


def mark(value: Number, complete: bool) -> str:
    """The mark a figure carries: ``""`` (known), :data:`AT_LEAST` (some parts unknown)
    or :data:`MISSING` (nothing known: unknown parts and a known part of zero, which
    ``≥ 0`` would only pretend to tell).

    >>> mark(12, True), mark(12, False), mark(0, False)
    ('', '≥', '?')
    """
    if complete:
        return ""
    return MISSING if value == 0 else AT_LEAST


def amount(value: Number, complete: bool) -> str:
    """A figure as a box says it: ``"1,200"``, ``"≥ 1,200"`` or ``"?"`` (see :func:`mark`).

    >>> amount(1200, True), amount(1200, False), amount(0, False)
    ('1,200', '≥ 1,200', '?')
    """
    return bound_text(value, complete)


def figures(
    seats: Rollup,
    budget: Rollup,
    lang: str | None,
    currency: str | None = None,
    *,
    vacancies: Rollup | None = None,
    period: str = "month",
    parts: Sequence[str] = ("seats", "open", "budget"),
) -> str:
    """``"12 seats · 2 open · CNY 23,000 / month"``: the *parts* asked for (seats, open
    seats from *vacancies* when given, and the monthly *budget* per *period*, with the
    organisation's *currency*), each marked as :func:`amount` says. A part that is a
    known zero is left out; empty when nothing is left. A long line breaks before a part
    (:func:`figure_rows`): the text then has a newline, which every renderer draws.

    >>> figures(Rollup(0), Rollup(0), "en")
    ''
    >>> figures(Rollup(3), Rollup(9000), "en", "CNY")
    '3 seats · CNY 9,000 / month'
    >>> figures(Rollup(12), Rollup(5000, ("x",)), "en", vacancies=Rollup(2), period="year")
    '12 seats · 2 open\\n≥ 60,000 / year'
    >>> figures(Rollup(0, ("x",)), Rollup(0, ("x",)), "zh", "CNY", vacancies=Rollup(0, ("x",)))
    '? 人 · 空缺 ? · 月薪 CNY ?'
    >>> print(figures(Rollup(40), Rollup(1103500), "en", "CNY", vacancies=Rollup(3)))
    40 seats · 3 open
    CNY 1,103,500 / month
    >>> figures(Rollup(3), Rollup(9000), "en", parts=("seats",))
    '3 seats'
    """
    w = words(lang)
    out = []
    if "seats" in parts and not (seats.value == 0 and seats.complete):
        out.append(seats_phrase(seats.value, seats.complete, w))
    shows_open = vacancies is not None and "open" in parts
    if shows_open and vacancies and not (vacancies.value == 0 and vacancies.complete):
        out.append(open_phrase(vacancies.value, vacancies.complete, w))
    if "budget" in parts and not (budget.value == 0 and budget.complete):
        out.append(budget_phrase(budget.value, budget.complete, w, currency, period))
    return "\n".join(figure_rows(out))


_SEP_COLUMNS = cell_width(SEPARATOR)


def figure_rows(pieces: Sequence[str]) -> list[str]:
    """The lines the figure *pieces* take: joined by :data:`SEPARATOR`, a new line
    before a piece that would pass :data:`FIGURE_COLUMNS`.

    >>> figure_rows(["149 seats", "10 open", "CNY 3,309,000 / month"])
    ['149 seats · 10 open', 'CNY 3,309,000 / month']
    >>> figure_rows(["6 seats", "CNY 143,000 / month"])
    ['6 seats · CNY 143,000 / month']
    """
    rows, at = [], 0
    for n in _groups([cell_width(p) for p in pieces]):
        rows.append(SEPARATOR.join(pieces[at : at + n]))
        at += n
    return rows


def _groups(columns: Sequence[int]) -> list[int]:
    """How many of the pieces (of these display *columns*) each line of figures takes."""
    sizes: list[int] = []
    used = 0
    for c in columns:
        if sizes and used + _SEP_COLUMNS + c <= FIGURE_COLUMNS:
            sizes[-1] += 1
            used += _SEP_COLUMNS + c
        else:
            sizes.append(1)
            used = c
    return sizes


def seats_phrase(value: Number, complete: bool, w: Mapping[str, str]) -> str:
    """The seats part of :func:`figures` (*w*: :func:`words` of the language).

    >>> seats_phrase(1, True, words("en")), seats_phrase(1200, False, words("en"))
    ('1 seat', '≥ 1,200 seats')
    >>> seats_phrase(0, False, words("en")), seats_phrase(0, False, words("zh"))
    ('? seats', '? 人')
    """
    return w["seat" if value == 1 and complete else "seats"].format(n=amount(value, complete))


def open_phrase(value: Number, complete: bool, w: Mapping[str, str]) -> str:
    """The open seats part of :func:`figures`.

    >>> open_phrase(2, True, words("en")), open_phrase(0, False, words("zh"))
    ('2 open', '空缺 ?')
    """
    return w["open"].format(n=amount(value, complete))


def budget_phrase(
    value: Number,
    complete: bool,
    w: Mapping[str, str],
    currency: str | None = None,
    period: str = "month",
) -> str:
    """The budget part of :func:`figures`: *value* is per month, as rollups give it,
    and shown per *period* (``"month"`` or ``"year"``, the organisation's
    ``salary_period``).

    >>> budget_phrase(23000, True, words("en")), budget_phrase(23000, False, words("zh"), "CNY")
    ('23,000 / month', '月薪 ≥ CNY 23,000')
    >>> budget_phrase(23000, True, words("en"), "CNY", "year"), budget_phrase(0, False, words("zh"), None, "year")
    ('CNY 276,000 / year', '年薪 ?')
    """
    if period == "year":
        value = round(value * 12, 2)  # a yearly salary was divided by 12 on the way in
    n = amount(value, complete)
    if currency:
        n = (
            f"{AT_LEAST} {currency} {n.removeprefix(f'{AT_LEAST} ')}"
            if n.startswith(AT_LEAST)
            else f"{currency} {n}"
        )
    return w["budget_year" if period == "year" else "budget"].format(n=n)


def figure_lines(
    lang: str | None,
    size: float,
    currency: str | None = None,
    period: str = "month",
    parts: Sequence[str] = ("seats", "budget"),
) -> Callable[[tuple[Any, ...]], tuple[tuple[str, ...], float] | None]:
    """:func:`figures` for many boxes: ``(value, unknown)`` of each of *parts*, in a flat
    tuple (``(seats, seats unknown, budget, budget unknown)`` by default) -> the lines
    (:func:`figure_rows`) and the widest one's width at *size* (``None``: no line).
    Each part is formatted and measured once per value; the width of a line is the sum
    of its parts' (in whole hundredths of an em, as text_width adds them).

    >>> line = figure_lines("en", 10.0, "CNY", "year", ("seats", "open", "budget"))
    >>> line((12, False, 0, True, 1000, False))[0]
    ('12 seats · ? open', 'CNY 12,000 / year')
    """
    w = words(lang)
    sep = hundredths(SEPARATOR)
    phrases: dict[tuple[str, Any, bool], tuple[str, int, int]] = {}

    def phrase_of(part: str, value: Any, unknown: bool) -> tuple[str, int, int]:
        found = phrases.get((part, value, unknown))
        if found is None:
            if part == "seats":
                said = seats_phrase(value, not unknown, w)
            elif part == "open":
                said = open_phrase(value, not unknown, w)
            else:
                said = budget_phrase(value, not unknown, w, currency, period)
            found = (said, hundredths(said), cell_width(said))
            phrases[part, value, unknown] = found
        return found

    places = [(part, 2 * i) for i, part in enumerate(parts)]

    def line(key: tuple[Any, ...]) -> tuple[tuple[str, ...], float] | None:
        shown = [
            phrase_of(part, key[i], key[i + 1])
            for part, i in places
            if key[i] != 0 or key[i + 1]  # a known zero is left out
        ]
        if not shown:
            return None
        if len(shown) == 1:
            return (shown[0][0],), shown[0][1] * size / 100
        if sum([p[2] for p in shown]) + _SEP_COLUMNS * (len(shown) - 1) <= FIGURE_COLUMNS:
            width = sum([p[1] for p in shown]) + sep * (len(shown) - 1)  # one line: usual
            return (SEPARATOR.join([p[0] for p in shown]),), width * size / 100
        rows, widths, at = [], [], 0
        for n in _groups([p[2] for p in shown]):  # as figure_rows breaks them
            pieces = shown[at : at + n]
            rows.append(SEPARATOR.join(p[0] for p in pieces))
            widths.append(sum(p[1] for p in pieces) + sep * (n - 1))
            at += n
        return tuple(rows), max(widths) * size / 100

    return line


def legend_notes(marks: Collection[str], lang: str | None) -> list[str]:
    """The legend's notes on the marks that figures carry (*marks*, see :func:`mark`).

    >>> legend_notes({"≥", "?"}, "en"), legend_notes({"≥"}, "zh")
    (['?: not known', '≥: some parts unknown'], ['≥: 部分未知'])
    """
    w = words(lang)
    notes = [w["missing_note"]] if MISSING in marks else []
    return notes + ([w["unknown_note"]] if AT_LEAST in marks else [])


def figure_table(org: Org, parts: Sequence[str]) -> tuple[RollupTable, tuple[str, ...]]:
    """The rollups the boxes of a chart of the figures *parts* need (seats always, for
    what a collapsed box hides, and budget; vacancies for open seats) and the *parts*
    the organisation records something about (:func:`recorded_parts`)."""
    parts = recorded_parts(org, None, parts)
    measures = ("seats", "budget", *(("vacancies",) if "open" in parts else ()))
    table = org.rollup_table(measures)
    return table, recorded_parts(org, table, parts)


def recorded_parts(org: Org, table: RollupTable | None, parts: Sequence[str]) -> tuple[str, ...]:
    """*parts* without those the organisation records nothing about: open seats when
    no post names its holders (:meth:`~orggraph.core.org.Org.has_people`; then a post
    that gives only a ``filled`` count counts too), and, from *table*, seats or the
    budget when no unit knows any (no post has a salary). Such a figure would read
    ``?`` on every box; left out, the legend need not explain it. Where a figure is
    recorded somewhere, a box that knows nothing of it says ``?``.

    >>> import orggraph as og
    >>> org = og.datasets.load("ecommerce")
    >>> recorded_parts(org, org.rollup_table(("seats", "budget")), ("seats", "open", "budget"))
    ('seats', 'budget')
    """
    roots = org.roots()

    def unrecorded(measure: str) -> bool:
        if table is None:
            return False
        return all(table.value(r, measure) == 0 for r in roots) and any(
            table.unknown_count(r, measure) for r in roots
        )

    kept = []
    for part in parts:
        if part == "open" and not org.has_people():
            continue  # cheap: no people index is built for an organisation naming nobody
        if part in ("seats", "budget") and unrecorded(part):
            continue
        kept.append(part)
    return tuple(kept)


def chart_title(org: Org, title: bool | str, root: str | None, lang: str | None) -> str | None:
    """The title a chart carries (*title*, *root*: the options): a text as given, the
    organisation's name for True (a sub-chart's root unit's name), None for no title
    or when the organisation has no name.

    >>> import orggraph as og
    >>> org = og.datasets.load("ecommerce")
    >>> chart_title(org, True, None, "en"), chart_title(org, True, "technology", "en")
    ('Mingxing E-commerce', 'Technology')
    >>> chart_title(org, "Plan B", "technology", "en"), chart_title(org, False, None, "en")
    ('Plan B', None)
    """
    if isinstance(title, str):
        return title
    if not title:
        return None
    if root is not None:
        return org.name(root, lang=lang)
    if org.org_name is None:
        return None
    return text(org.org_name, lang, default_lang=org.lang[0] if org.lang else None)


def chart_subtitle(subtitle: str | None, lang: str | None, *orgs: Org) -> str | None:
    """The line under a chart's title: the ``subtitle`` option, then, when every one of
    *orgs* is dated, the day they are as of in *lang* ("As of 2027-01-01"; for a diff of
    two days, the first side's day then the second's: "From 2026-06-01 to 2027-01-01"),
    after a ``·`` when there is a subtitle. ``subtitle=""`` leaves the date out too; an
    undated organisation's is the option.

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: A, valid_from: 2026-01-01}]", as_of="2027-01-01")
    >>> chart_subtitle(None, "en", org), chart_subtitle("Plan B", "zh", org)
    ('As of 2027-01-01', 'Plan B · 截至 2027-01-01')
    >>> chart_subtitle(None, "en", org, org.as_of("2026-06-01"))
    'From 2027-01-01 to 2026-06-01'
    >>> chart_subtitle("", "en", org), chart_subtitle(None, "en", og.loads("units: [{id: a, name: A}]"))
    ('', None)
    """
    # in the order of *orgs*: a diff reads from its A side to its B side, whichever is later
    days = list(dict.fromkeys(o.date for o in orgs if o.dated and o.date is not None))
    if subtitle == "" or not days or any(not o.dated for o in orgs):
        return subtitle
    w = words(lang)
    if len(days) == 1:
        day = w["as_of"].format(date=days[0].isoformat())
    else:
        day = w["as_of_span"].format(a=days[0].isoformat(), b=days[-1].isoformat())
    return day if subtitle is None else f"{subtitle}{SEPARATOR}{day}"


def hidden_note(units: int, people: Rollup, lang: str | None) -> str:
    """What a collapsed subtree hides: ``"+12 units, 48 people"`` (``?``, ``≥`` as
    :func:`amount` says).

    >>> hidden_note(1, Rollup(0, ("x",)), "en")
    '+1 unit, ? people'
    """
    w = words(lang)
    key = "hidden_one" if units == 1 else "hidden"
    return w[key].format(units=format_number(units), people=amount(people.value, people.complete))


def unit_box(
    org: Org,
    uid: str,
    *,
    lang: str | None = None,
    seats: Rollup | None = None,
    budget: Rollup | None = None,
    vacancies: Rollup | None = None,
    parts: Sequence[str] = ("seats", "budget"),
) -> UnitBox:
    """The lines of *uid*'s box, its figures the *parts* asked for (see :func:`figures`;
    a chart leaves out those :func:`recorded_parts` drops). Pass precomputed rollups to
    avoid recomputing them.

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
    if "open" in parts and vacancies is None:
        vacancies = org.rollup("vacancies", uid)
    shown = figures(
        seats,
        budget,
        lang,
        org.currency,
        vacancies=vacancies,
        period=org.salary_period,
        parts=parts,
    )
    return UnitBox(uid if blank else name, title, shown, name_is_id=blank)
