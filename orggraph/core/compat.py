"""Old spellings of the API, kept working for one release with a ``DeprecationWarning``.

:func:`renamed` lets a function accept the old names of keyword arguments and the old
positional use of arguments that are now keyword-only, while ``inspect.signature`` and the
docs show only the new names.

>>> @renamed(keywords={"id": "uid"}, positional=("lang",))
... def name(uid: str, *, lang: str | None = None) -> str:
...     return f"{uid}:{lang}"
>>> import warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     name(id="a"), name("a", "en")
('a:None', 'a:en')
>>> for w in caught:
...     print(w.message)
name(id=...) is now name(uid=...); the old name goes in the next release
name(uid, lang) is now name(uid, lang=...); passing lang by position goes in the next release
"""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

__all__ = ["renamed"]

F = TypeVar("F", bound=Callable[..., Any])


def renamed(
    *, keywords: Mapping[str, str] | None = None, positional: Sequence[str] = ()
) -> Callable[[F], F]:
    """Accept the old keyword names in *keywords* (old -> new) and the keyword-only
    parameters *positional* given by position, each with a ``DeprecationWarning``."""
    old_names = dict(keywords or {})

    def decorate(func: F) -> F:
        params = list(inspect.signature(func).parameters.values())
        n_positional = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)
        shown = ", ".join(p.name for p in params[:n_positional] if p.name != "self")
        label = func.__name__

        def warn(message: str) -> None:
            warnings.warn(message, DeprecationWarning, stacklevel=3)

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if len(args) > n_positional and positional:
                extra = args[n_positional:]
                if len(extra) > len(positional):
                    raise TypeError(
                        f"{label}() takes at most {n_positional + len(positional)} "
                        "positional arguments"
                    )
                for name, value in zip(positional, extra, strict=False):
                    warn(
                        f"{label}({shown}, {name}) is now {label}({shown}, {name}=...); "
                        f"passing {name} by position goes in the next release"
                    )
                    kwargs[name] = value
                args = args[:n_positional]
            for old, new in old_names.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{label}() got both {old}= (the old name) and {new}=")
                    warn(
                        f"{label}({old}=...) is now {label}({new}=...); "
                        "the old name goes in the next release"
                    )
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
