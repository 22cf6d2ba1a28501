"""Which column of a table holds what: the options every table reader takes.

:class:`Columns` declares them once (``og.read_csv(path, **columns)`` is typed by it);
:func:`check_columns` refuses an unknown one before any file is opened, with the close
matches and the valid names.

>>> check_columns({"parnet": "Manager"})
Traceback (most recent call last):
...
orggraph.errors.OrgError: unknown column option 'parnet' (did you mean 'parent'?); valid: id, parent, name, type, head_title, head_salary, head_pay, holders, staff_title, seats, salary, pay, responsibilities, dotted, measures, lang
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

from orggraph.errors import OrgError, did_you_mean

__all__ = ["Column", "Columns", "check_columns"]

Column = str | Mapping[str, str] | None
"""A column's name, a ``{lang: column}`` mapping for text in several languages, or
``None`` for the canonical column when the table has it."""


class Columns(TypedDict, total=False):
    """The column of each field (see :func:`orggraph.io.tables.from_table`), the
    numeric columns to keep as *measures*, and the names' languages."""

    id: str
    parent: str
    name: Column
    type: Column
    head_title: Column
    head_salary: Column
    head_pay: Column
    holders: Column
    staff_title: Column
    seats: Column
    salary: Column
    pay: Column
    responsibilities: Column
    dotted: Column
    measures: Sequence[str]
    lang: Sequence[str] | None


COLUMN_OPTIONS: tuple[str, ...] = tuple(Columns.__annotations__)


def check_columns(given: Mapping[str, Any], *, file: str | None = None) -> dict[str, Any]:
    """*given* as a plain dict, or an :class:`OrgError` naming the first unknown option."""
    for key in given:
        if key not in COLUMN_OPTIONS:
            hint = did_you_mean(key, COLUMN_OPTIONS, n=1)
            raise OrgError(
                f"unknown column option {key!r}{hint}; valid: {', '.join(COLUMN_OPTIONS)}",
                file=file,
                choices=COLUMN_OPTIONS,
            )
    return dict(given)
