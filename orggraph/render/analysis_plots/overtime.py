"""A measure through time: :func:`over_time`, a step plot over an organisation's change dates.

The value on each stretch between two change dates (:meth:`Org.dates`) is the rollup of
the organisation as of the stretch's first day (:meth:`Org.as_of`). Unknown is not zero:
a stretch where some figures are unknown is drawn dashed and hatched as a lower bound
(``≥ N``), a stretch where nothing is known is a grey hatched band marked "unknown" (no
line at 0), and a stretch where the unit does not exist is left empty.

>>> import orggraph as og
>>> org = og.loads('''
... units:
...   - id: hq
...     name: HQ
...     staff: [{title: Clerk, seats: 2}]
...     units:
...       - {id: a, name: A, valid_from: 2026-03-01, staff: [{title: Rep, seats: 3}]}
...       - {id: b, name: B, valid_from: 2026-06-01, staff: [{title: Rep, seats: null}]}
... ''', as_of="2026-01-01")
>>> [(str(day), value, partial) for day, value, partial in series(org, "headcount")]
[('2026-01-30', 2, False), ('2026-03-01', 5, False), ('2026-06-01', 5, True)]
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from orggraph.core.rollup import Number, bound_text
from orggraph.errors import OrgError, UnknownIdError
from orggraph.names import text
from orggraph.render import fonts
from orggraph.render.labels import words
from orggraph.render.plots import (
    COLOR,
    HATCH,
    UNKNOWN_COLOR,
    chart_text,
    finish,
    integer_axis,
    new_axes,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from orggraph.core.org import Org

__all__ = ["MEASURES", "over_time", "series"]

#: The measures :func:`over_time` draws, and the rollup measure of each.
MEASURES = {
    "headcount": "seats",
    "people": "people",
    "fte": "fte",
    "vacancies": "vacancies",
    "budget": "budget",
}
# A stretch: its first day, the rollup (None where the unit does not exist), partial.
Point = tuple[datetime.date, "Number | None", bool]

_LOWER = "#DD8452"  # lower bounds (some figures unknown): a colour apart from COLOR
_GAP = "#F1F1F1"  # where the unit does not exist
_HATCH_COLOR = "#F2BE9A"  # the hatch of lower bounds: _LOWER, lighter
_UNKNOWN_BAND = "#E4E4E4"  # nothing known: grey, hatched in _UNKNOWN_HATCH
_UNKNOWN_HATCH = "#A8A8A8"
_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "headcount": "Headcount (planned seats)",
        "people": "People in posts",
        "fte": "FTE in posts",
        "vacancies": "Vacancies (open seats)",
        "budget": "Monthly salary budget",
        "title": "{measure} of {unit} through time",
        "whole": "the organisation",
        "span": "{n} changes, {first} to {last}",
        "span1": "1 change, on {first}",
        "span0": "no change from {first} to {last}",
        "undated": "undated organisation: the same on every date",
        "lower": "dashed, hatched: a lower bound, some figures unknown (≥ = at least)",
        "unknown": "unknown",
        "none_known": "grey, hatched: unknown, no figure known",
        "gap": "gap: not in force then (nothing recorded)",
        "y": "%Y",
        "m": "%b",
        "d": "%d",
    },
    "zh": {
        "headcount": "编制人数",
        "people": "在岗人数",
        "fte": "在岗全时当量（FTE）",
        "vacancies": "空缺席位数",
        "budget": "月薪资预算",
        "title": "{unit}{measure}随时间变化",
        "whole": "全组织",
        "span": "{n} 次变化，{first} 至 {last}",
        "span1": "1 次变化，{first}",
        "span0": "{first} 至 {last} 没有变化",
        "undated": "组织没有日期：每天都相同",
        "lower": "虚线、斜线：下限，部分数字未知（≥ 表示至少）",
        "unknown": "未知",
        "none_known": "灰色斜线：未知，没有已知数字",
        "gap": "空白：当时不存在（无记录）",
        "y": "%Y年",
        "m": "%m月",
        "d": "%d日",
    },
}


def _day(value: Any, what: str, org: Org) -> datetime.date | None:
    if value is None:
        return None
    from orggraph.core.history import iso_date

    return datetime.date.fromisoformat(iso_date(value, what=what, file=org.file))


def _check_measure(measure: object, org: Org) -> str:
    if not isinstance(measure, str) or measure not in MEASURES:
        raise OrgError(
            f"unknown measure {measure!r} for over_time; choose one of {', '.join(MEASURES)}",
            file=org.file,
            choices=tuple(MEASURES),
        )
    return MEASURES[measure]


def series(
    org: Org,
    measure: str,
    *,
    uid: str | None = None,
    start: Any = None,
    end: Any = None,
) -> list[Point]:
    """*measure*'s value on each stretch between change dates: ``(first day, value,
    partial)``, the value ``None`` where *uid* (or any unit) is not in force, *partial* where some
    figures are unknown (the value is then a lower bound). *start* and *end* (dates or
    ISO text) keep the stretches that overlap them; the first stretch starts on *start*
    when given. An undated organisation has one stretch, on *start* (default: today).
    """
    rolled = _check_measure(measure, org)
    first, last = _day(start, "start", org), _day(end, "end", org)
    if first is not None and last is not None and last <= first:
        raise OrgError(f"end {last} is not after start {first}", file=org.file)
    changes = org.dates()
    if first is None and changes:  # the state before the first change, on a stretch of its own
        first = _shift(changes[0], -_pad(changes[0], changes[-1]))
    days = [d for d in changes if first is None or d > first]
    if first is not None:
        days.insert(0, first)
    if last is not None:
        days = [d for d in days if d < last] or [_shift(last, -datetime.timedelta(days=1))]
    if not org.dated:
        days = [first or datetime.date.today()]
    life = None
    if uid is not None and uid not in org:
        if not org.dated:
            raise UnknownIdError(uid, choices=org.units(), file=org.file)
        life = org.history(uid)  # an UnknownIdError naming close ids the organisation ever has
    out: list[Point] = []
    for day in days:
        at = org.as_of(day) if org.dated else org
        if (uid is not None and uid not in at) or not at.units():  # nothing there that day
            out.append((day, None, False))
            continue
        found = at.rollup(rolled, uid)
        out.append((day, found.value, bool(found.unknown)))
    if uid is not None and all(value is None for _, value, _ in out):
        life = life if life is not None else org.history(uid)
        born, gone = life[0]["from"], life[-1]["to"]
        raise OrgError(
            f"unit {uid!r} is not in force from {days[0]}"
            + (f" to {last}" if last is not None else " on")
            + f"; it is in force from {born or 'the start'}"
            + (f" until it closes on {gone}" if gone else " on"),
            file=org.file,
            ids=(uid,),
        )
    return out


def _shift(day: datetime.date, by: datetime.timedelta) -> datetime.date:
    """*day* moved *by*, kept between the first and the last day a date can have."""
    try:
        return day + by
    except OverflowError:
        return datetime.date.min if by < datetime.timedelta(0) else datetime.date.max


def over_time(
    org: Org,
    measure: str,
    *,
    uid: str | None = None,
    start: Any = None,
    end: Any = None,
    lang: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """A step plot of *measure* (one of :data:`MEASURES`: ``"headcount"`` planned seats,
    ``"people"``, ``"fte"``, ``"vacancies"``, ``"budget"``) for the whole organisation
    or *uid*'s subtree, over the organisation's change dates between *start* and *end*.

    Each stretch between two changes is one horizontal step (see :func:`series`). A
    stretch with unknown figures is a lower bound: dashed, hatched, labelled ``≥ N``,
    explained in the legend; one where nothing is known is a grey hatched band marked
    "unknown"; neither is drawn as 0. Where *uid* does not exist the line
    stops. A dotted line marks the day the organisation is as of. An undated
    organisation is one flat step. Returns the ``Figure``.

    Raises :class:`orggraph.OrgError` for an unknown *measure* (listing the valid
    ones) or *end* not after *start*, :class:`orggraph.DateError` for a bad date,
    :class:`orggraph.UnknownIdError` for a unit that never exists.

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: A, staff: [{title: x, seats: 3}]}]")
    >>> ax = over_time(org, "headcount", start="2026-01-01", end="2026-12-31").axes[0]
    >>> [t.get_text() for t in ax.texts]
    ['3']
    >>> over_time(org, "seat")
    Traceback (most recent call last):
    ...
    orggraph.errors.OrgError: unknown measure 'seat' for over_time; choose one of headcount, people, fte, vacancies, budget
    """
    points = series(org, measure, uid=uid, start=start, end=end)
    msg = chart_text(_TEXT, org, lang)
    stop = _day(end, "end", org) or _stop(points)
    if uid is not None:
        unit = org_name(org, uid, lang)
    else:
        unit = (text(org.org_name, lang) if org.org_name else "") or msg["whole"]
    title = msg["title"].format(measure=msg[measure], unit=unit)
    moments = set(org.dates())
    changes = [day for day, _, _ in points if day in moments]
    if not org.dated:
        sub = msg["undated"]
    elif not changes:
        sub = msg["span0"].format(first=points[0][0], last=stop)
    else:
        key = "span1" if len(changes) == 1 else "span"
        sub = msg[key].format(first=changes[0], last=changes[-1], n=len(changes))
    with fonts.cjk_rc([title, unit]) as family:
        fig, ax, own = new_axes(ax, 9.0, 4.2)
        _draw(ax, points, stop, measure, msg["unknown"])
        ax.set_title(f"{title}\n{sub}", loc="left")
        ax.set_ylabel(msg[measure])
        _axes_style(ax, measure, msg)
        if org.date is not None and points[0][0] <= org.date <= stop:
            dates: Any = ax  # matplotlib's stubs take floats; dates convert through its units
            dates.axvline(org.date, color="#888888", linestyle=":", linewidth=1)
            ax.annotate(
                words(lang or (org.lang[0] if org.lang else None))["as_of"].format(
                    date=org.date.isoformat()
                ),
                (org.date, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, -3),
                textcoords="offset points",
                va="top",
                fontsize="x-small",
                color="#666666",
            )
        _legend(ax, points, msg)
        return finish(fig, ax, own, family)


def org_name(org: Org, uid: str, lang: str | None) -> str:
    """*uid*'s name on the day the organisation is as of (as the chart's "as of" line),
    or, when it is not in force then, on its last day before that day or, failing that,
    on the last day it exists."""
    if uid in org:
        return org.name(uid, lang=lang)
    rows = list(org.history(uid, lang=lang))  # its stretches, oldest first
    day = org.date
    before = [r for r in rows if day is None or r["from"] is None or r["from"] <= day]
    return str((before or rows)[-1]["name"]) if rows else uid


def _pad(first: datetime.date, last: datetime.date) -> datetime.timedelta:
    """Room before the first change and after the last: an eighth of the span, at least
    a month (a year when there is one date only)."""
    if first == last:
        return datetime.timedelta(days=365)
    return max(datetime.timedelta(days=30), (last - first) / 8)


def _stop(points: list[Point]) -> datetime.date:
    """Where the last step ends: a little after the last change."""
    return _shift(points[-1][0], _pad(points[0][0], points[-1][0]))


def _draw(axes: Axes, points: list[Point], stop: datetime.date, measure: str, unknown: str) -> None:
    """One step per stretch: solid where complete, dashed and hatched where a lower
    bound, a grey hatched band marked *unknown* where nothing is known, nothing where
    the unit does not exist; risers join neighbouring steps."""
    from matplotlib.colors import to_rgba

    ax: Any = axes  # matplotlib's stubs take floats; dates convert through its units
    ends = [p[0] for p in points[1:]] + [stop]
    labelled = _labelled(points)
    previous: Number | None = None
    for i, ((day, value, partial), until) in enumerate(zip(points, ends, strict=True)):
        if value is None:
            ax.axvspan(day, until, color=_GAP, linewidth=0)
            previous = None
            continue
        if partial and value == 0:  # nothing known: a band, never a line at 0
            band = ax.axvspan(
                day, until, facecolor=_UNKNOWN_BAND, hatch=HATCH, edgecolor=_UNKNOWN_HATCH
            )
            band.set_linewidth(0)
            band.set_gid(f"{day} unknown")
            ax.text(
                day + (until - day) / 2,
                0.5,
                unknown,
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="center",
                fontsize="small",
                color="#555555",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
            )
            previous = None
            continue
        colour = _LOWER if partial else COLOR
        if previous is not None:
            ax.plot([day, day], [previous, value], color="#9AA5B8", linewidth=1)
        ax.fill_between(  # the hatch takes the edge colour, at full strength
            [day, until],
            [value, value],
            facecolor=to_rgba(UNKNOWN_COLOR if partial else COLOR, 0.35 if partial else 0.12),
            hatch=HATCH if partial else None,
            edgecolor=_HATCH_COLOR if partial else "none",
            linewidth=0,
        )
        (line,) = ax.plot(
            [day, until],
            [value, value],
            color=colour,
            linewidth=2.2,
            linestyle="--" if partial else "-",
            solid_capstyle="butt",
        )
        line.set_gid(f"{day}{' partial' if partial else ''}")
        if i in labelled:
            text = bound_text(round(value, 2) if measure == "fte" else value, not partial)
            ax.annotate(
                text,
                (day, value),
                xytext=(4, 4),
                textcoords="offset points",
                fontsize="small",
                color=colour,
            )
        previous = value
    ax.set_xlim(points[0][0], stop)
    top = max([v for _, v, _ in points if v is not None] or [0])
    ax.set_ylim(0, top * 1.2 or 1)


def _labelled(points: list[Point]) -> set[int]:
    """The steps whose value is written: every change of text up to 16 steps; beyond, labels
    would overlap, so the first, the last, the highest and the lowest."""
    known = [i for i, (_, value, _) in enumerate(points) if value is not None]
    if len(points) <= 16:
        # a step whose text changes: its value, or whether it is a bound (5 then ≥ 5)
        return {i for i in known if i == known[0] or points[i][1:] != points[i - 1][1:]}
    if not known:
        return set()
    high = max(known, key=lambda i: (points[i][1], -i))
    low = min(known, key=lambda i: (points[i][1], i))
    return {known[0], known[-1], high, low}


def _axes_style(ax: Axes, measure: str, msg: dict[str, str]) -> None:
    """Date ticks in the chart's language (months by name in English, 3月 in Chinese)."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(minticks=3, maxticks=9)  # type: ignore[no-untyped-call]
    y, m, d = msg["y"], msg["m"], msg["d"]
    joint = "-" if y == "%Y" else ""
    formatter = ConciseDateFormatter(  # type: ignore[no-untyped-call]
        locator,
        formats=[y, m, d, "%H:%M", "%H:%M", "%S.%f"],
        zero_formats=["", y, m, f"{m}{joint}{d}", "%H:%M", "%H:%M"],
        offset_formats=["", y, f"{y}{joint}{m}", f"{y}{joint}{m}{joint}{d}", "", ""],
    )
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)
    if measure in ("headcount", "people", "vacancies"):
        integer_axis(ax.yaxis)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#EEEEEE", linewidth=0.8)
    ax.set_axisbelow(True)


def _legend(ax: Axes, points: list[Point], msg: dict[str, str]) -> None:
    from matplotlib.patches import Patch

    handles: list[Any] = []
    if any(p[2] and p[1] != 0 for p in points):
        handles.append(
            Patch(
                facecolor=UNKNOWN_COLOR,
                edgecolor=_HATCH_COLOR,
                hatch=HATCH,
                linestyle="--",
                label=msg["lower"],
            )
        )
    if any(p[2] and p[1] == 0 for p in points):
        handles.append(
            Patch(
                facecolor=_UNKNOWN_BAND,
                edgecolor=_UNKNOWN_HATCH,
                hatch=HATCH,
                label=msg["none_known"],
            )
        )
    if any(p[1] is None for p in points):
        handles.append(Patch(facecolor=_GAP, label=msg["gap"]))
    if handles:  # below the axes, where it hides no step
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.0, -0.12),
            ncols=len(handles),
            fontsize="small",
            frameon=False,
        )
