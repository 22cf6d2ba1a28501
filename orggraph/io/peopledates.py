"""Dates in HR exports, as they really come (for :func:`orggraph.io.people.read_people`
with ``effective=``): ISO (``2025-03-01``, a time after it ignored, as spreadsheets and
pandas write them), US ``m/d/YYYY`` and European ``d/m/YYYY``, German ``d.m.YYYY``, and
Excel serial day numbers (``45717``: the days since 1899-12-30), a time after any of them
ignored (``3/1/2024 12:00:00 AM``). Years outside 1900-2199, and serial numbers outside
1950-2199 (``10000`` would be 1927: likelier an id or a salary), are not dates.

Which of ``m/d`` and ``d/m`` a column uses is read from the column: one cell with a
first number above 12 makes it ``d/m``, one with a second number above 12 ``m/d``; a
column with both is an error, and so is one whose every slash date could be either
(``03/04/2025``) unless ``day_first=`` says. Every cell that is not a date is a
:class:`~orggraph.errors.DateError` naming its place and the accepted forms.

>>> problems = []
>>> parse_dates(["2025-03-01", "3/14/2025", "45717", "01.02.2025 00:00", ""], None,
...             lambda r, m: problems.append((r, m)))
['2025-03-01', '2025-03-14', '2025-03-01', '2025-02-01', None]
>>> parse_dates(["03/04/2025"], None, lambda r, m: problems.append((r, m)))
[None]
>>> print(problems[0][1])
'03/04/2025' could be 3 April 2025 (d/m/YYYY) or 4 March 2025 (m/d/YYYY), and no date in the column tells which: pass day_first=True (d/m/YYYY) or day_first=False (m/d/YYYY); on the command line --day-first yes or --day-first no
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence

__all__ = ["ACCEPTED", "DAY_FIRST", "SERIAL_YEARS", "YEARS", "parse_dates"]

#: The forms of a date read, for messages.
ACCEPTED = (
    "accepted: YYYY-MM-DD (ISO), m/d/YYYY or d/m/YYYY (which "
    "one is read from the column, or day_first=), d.m.YYYY, a time after any of them "
    "ignored (3/1/2024 12:00:00 AM), or an Excel serial day number (18264-109574: "
    "1950-2199)"
)
# A time after a date, ignored: ISO's, or a US one with AM/PM ("3/1/2024 12:00:00 AM").
_TIME = (
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2}|\s*[AaPp]\.?[Mm]\.?)?)?"
)
_ISO = re.compile(rf"(\d{{4}})[-/](\d{{1,2}})[-/](\d{{1,2}}){_TIME}")
_SLASH = re.compile(rf"(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}){_TIME}")
_DOT = re.compile(rf"(\d{{1,2}})\.(\d{{1,2}})\.(\d{{4}}){_TIME}")
_SERIAL = re.compile(r"(\d{5,6})(?:\.\d*)?")
_EXCEL_ZERO = datetime.date(1899, 12, 30)  # Excel's day 0, its 1900 leap-year bug included
#: The years a date of an HR history may fall in: outside, a cell is a typo (``1/1/0001``,
#: ``2/3/2205``) or a number that is not a date (an id, a salary).
YEARS = (1900, 2199)
#: The years an Excel serial day number may fall in: 1950 (serial 18264) to 2199 (serial
#: 109574). Below 1950 a 5-digit number (``10000``: 1927) is far likelier an id or a salary
#: than an effective date; an ISO or slash date says an older day.
SERIAL_YEARS = (1950, 2199)
#: How the caller spells the slash-order option (the CLI names its flag).
DAY_FIRST = (
    "pass day_first=True (d/m/YYYY) or day_first=False (m/d/YYYY); on the command line "
    "--day-first yes or --day-first no"
)


def _day(year: int, month: int, day: int) -> str | None:
    if not YEARS[0] <= year <= YEARS[1]:
        return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _long(iso: str) -> str:
    d = datetime.date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _slash_order(
    cells: Sequence[str], day_first: bool | None, bad: Callable[[int, str], None]
) -> bool | None:
    """Whether the column's slash dates put the day first: *day_first* if given, else
    what its cells show (``None``: they do not tell; a problem if they disagree)."""
    if day_first is not None:
        return day_first
    found: dict[bool, int] = {}
    for r, text in enumerate(cells):
        m = _SLASH.fullmatch(text)
        if m is None:
            continue
        a, b = int(m[1]), int(m[2])
        if a > 12 >= b or b > 12 >= a:
            order = a > 12
            if (not order) in found:
                first = cells[found[not order]]
                bad(r, f"{text!r} is {'d/m' if order else 'm/d'}/YYYY but {first!r} "
                       f"(above) is {'m/d' if order else 'd/m'}/YYYY: a column uses one "
                       f"order; fix one of them or {DAY_FIRST}")  # fmt: skip
                return None
            found.setdefault(order, r)
    return next(iter(found), None)


def parse_dates(
    cells: Sequence[str], day_first: bool | None, bad: Callable[[int, str], None]
) -> list[str | None]:
    """Each cell of a column of dates as ISO text (``None``: blank, or not a date and
    reported through ``bad(row, message)``); see the module docs."""
    order = _slash_order(cells, day_first, bad)
    out: list[str | None] = []
    told = False
    for r, raw in enumerate(cells):
        text = raw.strip()
        iso, year = None, None
        if not text:
            out.append(None)
            continue
        if m := _ISO.fullmatch(text):
            year = int(m[1])
            iso = _day(year, int(m[2]), int(m[3]))
        elif m := _SLASH.fullmatch(text):
            a, b, year = int(m[1]), int(m[2]), int(m[3])
            d_m, m_d = _day(year, b, a), _day(year, a, b)
            if order is None and d_m and m_d and d_m != m_d:
                if not told:  # once: the same fix serves every cell
                    bad(r, f"{text!r} could be {_long(d_m)} (d/m/YYYY) or "
                           f"{_long(m_d)} (m/d/YYYY), and no date in the column tells "
                           f"which: {DAY_FIRST}")  # fmt: skip
                    told = True
                out.append(None)
                continue
            iso = d_m if (order if order is not None else a > 12) else m_d
        elif m := _DOT.fullmatch(text):
            year = int(m[3])
            iso = _day(year, int(m[2]), int(m[1]))
        elif m := _SERIAL.fullmatch(text):
            day = _EXCEL_ZERO + datetime.timedelta(days=int(m[1]))
            if not SERIAL_YEARS[0] <= day.year <= SERIAL_YEARS[1]:
                bad(r, f"{text!r} as an Excel serial day number is {day.isoformat()}, outside "
                       f"{SERIAL_YEARS[0]}-{SERIAL_YEARS[1]}: not a date; {ACCEPTED}")  # fmt: skip
                out.append(None)
                continue
            iso = day.isoformat()
        if iso is None:
            outside = year is not None and not YEARS[0] <= year <= YEARS[1]
            why = f" (its year is outside {YEARS[0]}-{YEARS[1]})" if outside else ""
            bad(r, f"{text!r:.60} is not a date{why}; {ACCEPTED}")
        out.append(iso)
    return out
