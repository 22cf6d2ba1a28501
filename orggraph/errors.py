"""One exception hierarchy for everything a user can get wrong.

Every error names the file (when there is one), the place in it (``line 3, column 5``
or a path such as ``units[0].units[2].staff[1].seats``), the ids involved and, where
there are some, the valid choices.

>>> err = UnknownIdError("sales", choices=["sales_team", "finance"], file="org.yaml")
>>> print(err)
org.yaml: unknown unit id 'sales' (did you mean 'sales_team'?)
>>> err.ids
('sales',)
"""

from __future__ import annotations

import contextlib
import contextvars
import difflib
import inspect
import warnings
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

__all__ = [
    "MAX_PROBLEMS",
    "CycleError",
    "DateError",
    "DuplicateIdError",
    "LinkError",
    "MeasureError",
    "MissingDependencyError",
    "OrgError",
    "OrgWarning",
    "ParseError",
    "Problem",
    "RenderError",
    "SchemaError",
    "UnknownIdError",
    "close_matches",
    "did_you_mean",
    "listed_problems",
    "raise_problems",
    "said",
    "warn",
]


def close_matches(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Return up to *n* of *choices* that look like *word*, best first.

    >>> close_matches("custmer_service", ["customer_service", "hr", "finance"])
    ['customer_service']
    """
    pool = [c for c in choices if isinstance(c, str)]
    return difflib.get_close_matches(word, pool, n=n, cutoff=0.6)


def did_you_mean(word: str, choices: Iterable[str], n: int = 3) -> str:
    """The hint for a message naming an unknown *word*: up to *n* of *choices* that look
    like it (:func:`close_matches`), or ``""`` when none does.

    >>> did_you_mean("custmer_service", ["customer_service", "hr"]), did_you_mean("x", ["hr"])
    (" (did you mean 'customer_service'?)", '')
    """
    return _suggesting(close_matches(word, choices, n=n))


def _suggesting(found: Sequence[str]) -> str:
    return f" (did you mean {' or '.join(repr(s) for s in found)}?)" if found else ""


class OrgError(Exception):
    """Base class of every error orggraph raises for bad input or a failed job.

    Attributes: ``message`` (the bare text), ``file``, ``place`` (a line/column or a
    path into the document), ``ids`` (the ids involved), ``choices`` (valid
    alternatives, when there are some) and ``problems``: every problem found, as
    ``(place, message)`` pairs, the error's own first (loaders report them all).

    When a load finds problems of several kinds (say a schema error and a link to an
    unknown unit), the error raised is the first problem's class: a :class:`SchemaError`
    whenever the schema found any (its problems come first), otherwise the first graph
    problem's (:class:`DuplicateIdError`, :class:`UnknownIdError`, :class:`CycleError`,
    :class:`LinkError`). Catch :class:`OrgError` to catch them all.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        place: str | None = None,
        ids: Sequence[str] = (),
        choices: Sequence[str] = (),
        problems: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.message = message
        self.problems = tuple(problems)
        self.file = file
        self.place = place
        self.ids = tuple(ids)
        self.choices = tuple(choices)
        super().__init__(self.__str__())

    @classmethod
    def make(cls, message: str, **details: Any) -> OrgError:
        """Build any subclass from a finished message (bypassing its own ``__init__``)."""
        err = cls.__new__(cls)
        OrgError.__init__(err, message, **details)
        return err

    def located(self, *, file: str | None = None) -> OrgError:
        """Return this error with *file* filled in if it had none (for re-raising)."""
        if file is not None and self.file is None:
            self.file = file
            self.args = (self.__str__(),)
        return self

    def __str__(self) -> str:
        where = ": ".join(p for p in (self.file, self.place) if p)
        head = f"{where}: {self.message}" if where else self.message
        if len(self.problems) <= 1:
            return head
        rest = "".join(f"\n  {place}: {msg}" for place, msg in self.problems[1:])
        return f"{head}\n  (and {len(self.problems) - 1} more){rest}"


class ParseError(OrgError, ValueError):
    """The text could not be read: encoding, YAML/JSON syntax, empty or oversized input.

    Also a ``ValueError``, as ``json.JSONDecodeError`` is, so code that catches bad
    values catches it too."""


class SchemaError(OrgError, ValueError):
    """The document is well-formed but breaks the format (wrong key, type or value).

    Also a ``ValueError``: a wrong value."""


class DuplicateIdError(OrgError):
    """Two units or responsibilities share one id."""


class CycleError(OrgError):
    """A unit would report to itself or to one of its own subordinates."""


class DateError(OrgError, ValueError):
    """A date that is not an ISO date, or dated facts that do not hold together over
    time (an interval that ends before it starts, a parent or a link's end missing on
    some date, more holders than seats on some date). ``period`` is the first problem's
    date range, ``(from, to)`` as ISO text (``None``: open).

    Also a ``ValueError``: a wrong value."""

    period: tuple[str | None, str | None] = (None, None)


class LinkError(OrgError):
    """A link is malformed: it points at an unknown unit or at its own source."""


class UnknownIdError(OrgError, KeyError):
    """An id that the organisation does not have; suggests close matches."""

    def __init__(
        self,
        id: str,
        *,
        choices: Iterable[str] = (),
        what: str = "unit id",
        file: str | None = None,
        place: str | None = None,
    ) -> None:
        suggestions = close_matches(str(id), choices)
        super().__init__(
            f"unknown {what} {id!r}{_suggesting(suggestions)}",
            file=file,
            place=place,
            ids=(str(id),),
            choices=suggestions,
        )

    # KeyError quotes its argument in str(); keep the readable message instead.
    __str__ = OrgError.__str__


class MeasureError(OrgError):
    """A rollup measure that does not exist or whose values are not numbers."""


class RenderError(OrgError):
    """A chart could not be produced (the renderer failed or timed out)."""


class MissingDependencyError(OrgError, ImportError):
    """An optional dependency or external program is missing; says how to install it."""

    __str__ = OrgError.__str__


class OrgWarning(UserWarning):
    """Something legal but probably unintended, such as several roots."""


Problem = tuple[type[OrgError], str, str, tuple[str, ...]]
"""A problem found while reading: (error class, place, message, ids)."""

MAX_PROBLEMS = 50
"""The most problems one error lists; the rest are counted."""


def listed_problems(problems: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """``(place, message)`` pairs, cut to :data:`MAX_PROBLEMS` with a note of the rest.

    >>> listed_problems([("line 1", "bad")] * 52)[-1]
    ('...', '2 more problems not shown')
    """
    listed = list(problems[:MAX_PROBLEMS])
    if len(problems) > MAX_PROBLEMS:
        listed.append(("...", f"{len(problems) - MAX_PROBLEMS} more problems not shown"))
    return listed


def raise_problems(problems: Sequence[Problem], file: str | None) -> None:
    """Raise *problems* together as the first one's class, naming its place and ids and
    listing them all (up to :data:`MAX_PROBLEMS`); nothing when there are none.

    >>> raise_problems([(SchemaError, "line 2", "no name", ("a",))], "org.csv")
    Traceback (most recent call last):
    ...
    orggraph.errors.SchemaError: org.csv: line 2: no name
    """
    if not problems:
        return
    kind, place, message, ids = problems[0]
    listed = listed_problems([(p, m) for _, p, m, _ in problems])
    raise kind.make(message, file=file, place=place, ids=ids, problems=listed)


_SAID: contextvars.ContextVar[tuple[frozenset[str], list[str] | None]] = contextvars.ContextVar(
    "orggraph_said", default=(frozenset(), None)
)


@contextlib.contextmanager
def said(known: Iterable[str] = ()) -> Iterator[list[str]]:
    """Within the block, :func:`warn` stays silent for the warnings whose *key* is in
    *known* (an organisation made from another, a reorganisation or a date of it, does
    not repeat what its source said); yields the list of the keys of every warning
    given or silenced in the block.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as shown, said(["old"]) as keys:
    ...     warnings.simplefilter("always")
    ...     warn("line 3: old", key="old"); warn("new")
    >>> [str(w.message) for w in shown], keys
    (['new'], ['old', 'new'])
    """
    keys: list[str] = []
    token = _SAID.set((frozenset(known) | _SAID.get()[0], keys))
    try:
        yield keys
    finally:
        _SAID.reset(token)


def warn(
    message: str,
    file: str | None = None,
    category: type[Warning] | None = None,
    *,
    key: str | None = None,
) -> None:
    """Warn with *message* (an :class:`OrgWarning` unless *category*), prefixed with
    *file*, attributed to the first caller outside orggraph: the line of the user's code
    that loaded or wrote the file, however deep in orggraph the check that warns. *key*
    (default: the message) is what :func:`said` compares: the message without its place,
    which changes when units move."""
    known, keys = _SAID.get()
    key = message if key is None else key
    if keys is not None:
        keys.append(key)
    if key in known:
        return
    level, frame = 1, inspect.currentframe()
    while frame is not None and frame.f_globals.get("__name__", "").startswith("orggraph."):
        level, frame = level + 1, frame.f_back
    warnings.warn(
        f"{file + ': ' if file else ''}{message}", category or OrgWarning, stacklevel=level
    )
