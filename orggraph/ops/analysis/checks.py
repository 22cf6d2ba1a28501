"""Checks of the options the analyses share."""

from __future__ import annotations

from orggraph.errors import OrgError

__all__ = ["check_bool", "check_lang", "check_seed"]


def check_bool(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise OrgError(f"{what} must be True or False, not {value!r}", choices=("True", "False"))
    return value


def check_lang(lang: object) -> str | None:
    if lang is not None and not isinstance(lang, str):
        raise OrgError(f"lang must be a language code such as 'en', not {lang!r}")
    return lang


def check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise OrgError(f"seed must be a whole number, not {seed!r}")
    return seed
