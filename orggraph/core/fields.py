"""The values of the file format's fields: each kind's check and its annotated type
(names, ids, counts, money, plain data, FTE, ISO dates), for the models of
:mod:`orggraph.core.schema`. A check returns the value to keep or raises a
``ValueError`` whose text pydantic reports with the field's path.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping
from typing import Annotated, Any, Union

from pydantic import AfterValidator, BeforeValidator

from orggraph.core.rollup import MAX_MEASURE, MAX_SALARY, MAX_SEATS, out_of_range

__all__ = [
    "NAME_HINT",
    "Count",
    "Data",
    "Fte",
    "Id",
    "IsoDate",
    "Money",
    "NameField",
    "PostFte",
    "Text",
    "check_id",
    "check_iso_date",
    "short",
    "whole_text",
]

NAME_HINT = (
    "a name is text or a mapping of language to text, e.g. {zh: 客服部, en: Customer Service}"
)


# A lone surrogate ("\ud800", half of a UTF-16 pair) is a Python str, but no file can
# hold one: the writers would fail or write "?". Refused where text comes in.
_SURROGATE = re.compile("[\ud800-\udfff]")


def whole_text(text: str) -> str:
    """*text*, or a ``ValueError`` if it holds a lone surrogate.

    >>> whole_text("a\\ud800")
    Traceback (most recent call last):
    ...
    ValueError: 'a\\ud800' holds a lone surrogate (half of a UTF-16 pair): no file can hold it
    """
    if not text.isascii() and _SURROGATE.search(text):
        raise ValueError(
            f"{text!r:.40} holds a lone surrogate (half of a UTF-16 pair): no file can hold it"
        )
    return text


Text = Annotated[str, AfterValidator(whole_text)]


def _check_name(value: Any) -> Any:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("a name must not be empty")
        return whole_text(value)
    if isinstance(value, Mapping):
        if not value:
            raise ValueError("a name must have at least one language")
        for lang, txt in value.items():
            if not isinstance(lang, str) or not lang:
                raise ValueError(f"language code {lang!r} must be text; {NAME_HINT}")
            if not isinstance(txt, str):
                raise ValueError(f"the {lang!r} text must be text, not {txt!r}; {NAME_HINT}")
            whole_text(lang)
            whole_text(txt)
        return dict(value)
    raise ValueError(f"{value!r} is not a name; {NAME_HINT}")


_CONTROL = re.compile("[\x00-\x1f]")  # the characters below 32: one C scan per id


def check_id(value: Any) -> Any:
    """*value* as a unit, post or person id (text; an int is taken as text); a
    ``ValueError`` saying why it cannot be one."""
    # HR systems use numeric ids; YAML reads them as ints. Take them as text.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise ValueError(f"an id must be text, not {value!r}")
    if not value or value != value.strip() or _CONTROL.search(value):
        raise ValueError(
            f"id {value!r} must be non-empty, without surrounding spaces or control characters"
        )
    return whole_text(value)


def _within(value: float, limit: int) -> None:
    """A ``ValueError`` if the figure *value* is negative or lies beyond *limit*
    (:func:`out_of_range`)."""
    if value < 0:
        raise ValueError(f"must not be negative, got {value}")
    problem = out_of_range(value, limit)
    if problem:
        raise ValueError(problem)


def _check_count(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"must be a whole number >= 0 or null (unknown), not {value!r}")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"must be a whole number, not {value!r}")
    _within(value, MAX_SEATS)
    return int(value)


def _check_money(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"must be a number >= 0 or null (unknown), not {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"must be a finite number, not {value!r}")
    _within(value, MAX_SALARY)
    return value


def _check_data(value: Any) -> Any:
    """A value of ``attrs`` (or of a change's details): every number in it, however deep,
    finite and within +-MAX_MEASURE, so rollups, ``str()`` and every writer stay exact."""
    stack = [(value, "")]
    while stack:
        item, inner = stack.pop()
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            problem = out_of_range(item, MAX_MEASURE, signed=True)
            if problem:
                raise ValueError(f"{inner.lstrip('.') + ': ' if inner else ''}{problem}")
        elif isinstance(item, str):
            whole_text(item)
        elif isinstance(item, Mapping):
            for k in item:
                if isinstance(k, str):
                    whole_text(k)
            stack.extend((v, f"{inner}.{k}") for k, v in item.items())
        elif isinstance(item, (list, tuple)):
            stack.extend((v, f"{inner}[{i}]") for i, v in enumerate(item))
    return value


NameField = Annotated[Union[str, dict[str, str]], BeforeValidator(_check_name)]  # noqa: UP007
Id = Annotated[str, BeforeValidator(check_id)]
Count = Annotated[Union[int, None], BeforeValidator(_check_count)]  # noqa: UP007
Money = Annotated[Union[int, float, None], BeforeValidator(_check_money)]  # noqa: UP007
Data = dict[Text, Annotated[Any, AfterValidator(_check_data)]]


def _check_fte(value: Any, *, zero: bool = False) -> Any:
    if value is None:
        return None
    least = ">= 0" if zero else "> 0"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"an FTE must be a number {least}, not {value!r}")
    if not math.isfinite(value) or value < 0 or (value == 0 and not zero):
        raise ValueError(f"an FTE must be a finite number {least}, not {value!r}")
    _within(value, MAX_SEATS)
    return value


def _check_post_fte(value: Any) -> Any:
    return _check_fte(value, zero=True)


Fte = Annotated[Union[int, float, None], BeforeValidator(_check_fte)]  # noqa: UP007
# A post may be planned at 0 FTE (a UK organogram's eliminated posts, unpaid roles);
# a person's share of a post is always more than 0.
PostFte = Annotated[Union[int, float, None], BeforeValidator(_check_post_fte)]  # noqa: UP007


def check_iso_date(value: Any) -> Any:
    """*value* as ISO text ``YYYY-MM-DD`` (a ``datetime.date`` or such text); a
    ``ValueError`` saying the expected form otherwise.

    >>> check_iso_date(datetime.date(2026, 1, 2)), check_iso_date("2026-01-02")
    ('2026-01-02', '2026-01-02')
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        raise ValueError(f"{value.isoformat()!r} has a time of day; give a date such as 2026-01-01")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ValueError(
        f"{short(value)} is not a date; give an ISO date YYYY-MM-DD such as 2026-01-01"
    )


IsoDate = Annotated[Union[str, None], BeforeValidator(check_iso_date)]  # noqa: UP007


def short(value: Any, limit: int = 60) -> str:
    """``repr(value)``, cut to about *limit* characters (inputs can be whole subtrees)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
