"""Names in one or several languages.

A name is a plain string or a mapping from language code to text.

>>> text({"zh": "客服部", "en": "Customer Service"}, "en")
'Customer Service'
>>> text({"zh": "客服部", "en": "Customer Service"}, "fr", default_lang="zh")
'客服部'
>>> text("HR", "en")
'HR'
>>> texts({"zh": "客服部", "en": "Customer Service"})
['客服部', 'Customer Service']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Union

__all__ = ["Name", "clean", "languages", "text", "texts"]

Name = Union[str, Mapping[str, str]]  # noqa: UP007  (a runtime alias, kept 3.10-friendly)


def text(name: Name | None, lang: str | None = None, *, default_lang: str | None = None) -> str:
    """The text of *name* in *lang*, else in *default_lang*, else its first text.

    >>> text(None)
    ''
    """
    if name is None:
        return ""
    if isinstance(name, str):
        return name
    for code in (lang, default_lang):
        if code is not None and code in name:
            return name[code]
    for value in name.values():
        return value
    return ""


def texts(name: Name | None) -> list[str]:
    """Every text of *name*, in every language."""
    if name is None:
        return []
    if isinstance(name, str):
        return [name]
    return list(name.values())


def languages(name: Name | None) -> list[str]:
    """The language codes *name* has (empty for a plain string).

    >>> languages({"zh": "客服部", "en": "Customer Service"})
    ['zh', 'en']
    """
    if name is None or isinstance(name, str):
        return []
    return list(name)


# Control characters (but tab, newline and carriage return), lone surrogates, the two
# non-characters (no output format can hold them) and the bidirectional embedding, override
# and isolate controls U+202A-202E and U+2066-2069: "\u202eevil" shows reversed and drags
# the text after it along (a name could pass for another one). The marks U+200E/200F stay:
# they only set the direction of neutral characters and belong in right-to-left names.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def clean(text: str) -> str:
    """Drop control characters (keeping tab, newline and carriage return), bidirectional
    embedding, override and isolate controls, and lone surrogates: what every output shows.

    >>> clean("a\\x07b\\x0cc\\nd")
    'abc\\nd'
    >>> clean("\\u202eevil\\u202c / \\u2067Ann\\u2069")
    'evil / Ann'
    """
    return _CONTROL.sub("", text)
