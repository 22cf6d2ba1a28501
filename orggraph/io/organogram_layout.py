"""The published layout of UK government organograms (for
:mod:`orggraph.io.organogram`): the columns of the senior and junior staff files, those
required, the other spellings seen, and the marks the cells use.
"""

from __future__ import annotations

__all__ = ["ALIASES", "JUNIOR_COLUMNS", "MARKS", "NOTHING", "REQUIRED", "SENIOR_COLUMNS", "TOP"]

#: The senior staff file's columns, as published (field, column name).
SENIOR_COLUMNS: tuple[tuple[str, str], ...] = (
    ("ref", "Post Unique Reference"),
    ("name", "Name"),
    ("grade", "Grade (or equivalent)"),
    ("title", "Job Title"),
    ("function", "Job/Team Function"),
    ("parent_department", "Parent Department"),
    ("organisation", "Organisation"),
    ("unit", "Unit"),
    ("phone", "Contact Phone"),
    ("email", "Contact E-mail"),
    ("boss", "Reports to Senior Post"),
    ("salary_cost_of_reports", "Salary Cost of Reports (£)"),
    ("fte", "FTE"),
    ("pay_floor", "Actual Pay Floor (£)"),
    ("pay_ceiling", "Actual Pay Ceiling (£)"),
    ("profession", "Professional/Occupational Group"),
    ("notes", "Notes"),
    ("valid", "Valid?"),
)
#: The junior staff file's columns, as published (field, column name).
JUNIOR_COLUMNS: tuple[tuple[str, str], ...] = (
    ("parent_department", "Parent Department"),
    ("organisation", "Organisation"),
    ("unit", "Unit"),
    ("boss", "Reporting Senior Post"),
    ("grade", "Grade"),
    ("pay_min", "Payscale Minimum (£)"),
    ("pay_max", "Payscale Maximum (£)"),
    ("title", "Generic Job Title"),
    ("fte", "Number of Posts in FTE"),
    ("profession", "Professional/Occupational Group"),
)
#: The columns each file must have (by field).
REQUIRED = {
    "senior": ("ref", "name", "title", "boss", "fte"),
    "junior": ("boss", "title", "fte"),
}
#: Other spellings seen in published files (compared without case, spaces or punctuation).
ALIASES = {"grade": ("grade",), "organisation": ("organization",)}
#: Cells that say "no figure" or "no text": not applicable, not disclosed, blank.
NOTHING = {"", "-", "n/a", "na", "n/d", "nd", "not applicable", "not disclosed", "null"}
#: What a Name cell says when it names nobody.
MARKS = {"vacant": "vacant", "vacancy": "vacant", "eliminated": "eliminated"}
MARKS.update(dict.fromkeys(["n/d", "nd", "not disclosed"], "undisclosed"))
#: The mark of the top post in ``Reports to Senior Post``.
TOP = "XX"
