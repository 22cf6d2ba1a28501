"""Chart options: one typed object that every org-chart engine reads.

:class:`ChartOptions` declares each option once: its type (the annotation), its default,
its check and its help text, and which engines use it. The Graphviz engine
(:func:`orggraph.render.graphviz.to_dot`), the tidy engine
(:func:`orggraph.render.tidy.to_svg`), Mermaid (:func:`orggraph.render.mermaid.to_mermaid`),
the diff chart (:func:`orggraph.render.diff_chart.render_diff`) and
:func:`orggraph.render.render` all take ``options=ChartOptions(...)``, or the same
options as keywords, or both (keywords win):

>>> import orggraph as og
>>> from orggraph.render import graphviz
>>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]")
>>> small = ChartOptions(depth=0, links=("dotted",))
>>> graphviz.to_dot(org, options=small) == graphviz.to_dot(org, depth=0, links="dotted")
True
>>> ChartOptions.of(small, lang="en").depth
0

An option that one engine does not use but another does is accepted everywhere (the
tidy engine ignores ``stack_leaves`` when ``stack_min`` is given, Mermaid ignores
``theme``'s fonts), so one set of options works with every engine; a name that no engine
knows is an :class:`~orggraph.OrgError` with a did-you-mean, and so is a bad value:

>>> ChartOptions.of(deph=2)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
orggraph.errors.OrgError: unknown option 'deph' (did you mean 'depth'?); valid options: caption, compact, depth, ...
>>> ChartOptions(links=("dotted", "solid"))
Traceback (most recent call last):
...
orggraph.errors.OrgError: unknown link kind 'solid' for links; choose from dotted, collaboration

``figures`` takes True, False or the figures to show, ``title`` a text too:

>>> ChartOptions(figures="budget, seats").figures, ChartOptions(figures=False).figures
(('seats', 'budget'), ())
>>> ChartOptions(figures="salary")
Traceback (most recent call last):
...
orggraph.errors.OrgError: unknown figure 'salary' for figures; choose from seats, open, budget (or True for all, False for none)
>>> ChartOptions(title="Engineering, 2027").title, ChartOptions(title=None).title
('Engineering, 2027', False)

:func:`option_specs` lists the declarations (name, type, default, help, engines), for
documentation and command-line flags.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from typing import Any, NamedTuple

from orggraph.core.org import LINK_KINDS, LinkKind
from orggraph.errors import OrgError, close_matches
from orggraph.render.theme import DEFAULT_THEME, Theme

__all__ = [
    "ENGINES",
    "FIGURES",
    "FITS",
    "LINK_KINDS",
    "LINK_LABELS",
    "ORIENTATIONS",
    "PAPERS",
    "PEOPLE",
    "RANKDIRS",
    "THEMES",
    "ChartOptions",
    "OptionSpec",
    "option_specs",
    "paper_size",
]

ENGINES = ("graphviz", "tidy", "mermaid", "diff")
"""What reads chart options: the two drawing engines, Mermaid text and the diff chart."""
RANKDIRS = ("TB", "LR", "BT", "RL")
PAPERS = {
    "A3": (841.89, 1190.55),
    "A4": (595.28, 841.89),
    "Letter": (612.0, 792.0),
    "Legal": (612.0, 1008.0),
}
"""The named paper sizes, portrait, in points (1/72 inch)."""
ORIENTATIONS = ("landscape", "portrait")
_UNITS = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0}
_CUSTOM = re.compile(r"(\d+(?:\.\d*)?)\s*[x×]\s*(\d+(?:\.\d*)?)\s*(mm|cm|in|pt)")
_SIDES = (144.0, 14400.0)  # 2 inches (room for margins and a header) to PDF's limit
PEOPLE = ("names", "boxes", "off")
"""What boxes say about people: names on the unit box, staff as boxes of their own, none."""
FITS = ("auto", "landscape", "portrait")
"""The shapes ``fit`` asks for (``None``: the natural shape); see :mod:`orggraph.render.tidy.fit`."""
LINK_LABELS = ("auto", "inline", "markers", "off")
"""What ``link_labels`` takes; see :mod:`orggraph.render.tidy.linklabels`."""
FIGURES = ("seats", "open", "budget")
"""The figures a box can show, in the order it shows them (see ``figures``)."""
THEMES = {"default": DEFAULT_THEME}
"""The built-in themes by name (``theme="default"``); any :class:`Theme` is accepted too."""

Check = Callable[[str, Any], Any]  # (option name, value) -> the value to keep, or OrgError


# -- checks: each returns the value to keep (normalised) or raises OrgError ----------------


def _text(name: str, value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    raise OrgError(f"{name} must be a string or None, got {value!r}")


def _flag(name: str, value: Any) -> Any:
    if isinstance(value, bool):
        return value
    raise OrgError(f"{name} must be True or False, got {value!r}")


def _whole(minimum: int, *, optional: bool) -> Check:
    def check(name: str, value: Any) -> Any:
        if value is None and optional:
            return value
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise OrgError(f"{name} must be a whole number >= {minimum}, got {value!r}")
        return value

    return check


def _positive(*, optional: bool) -> Check:
    def check(name: str, value: Any) -> Any:
        if value is None and optional:
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise OrgError(f"{name} must be a positive number, got {value!r}")
        return value

    return check


def _choice(choices: tuple[str, ...]) -> Check:
    def check(name: str, value: Any) -> Any:
        if value in choices:
            return value
        raise OrgError(
            f"unknown {name} {value!r}; choose one of {', '.join(choices)}", choices=choices
        )

    return check


def _people(name: str, value: Any) -> Any:
    """``True`` -> ``"names"``, ``False``/``None`` -> ``"off"``; else one of :data:`PEOPLE`.

    >>> _people("people", True), _people("people", None), _people("people", "boxes")
    ('names', 'off', 'boxes')
    >>> _people("people", "name")
    Traceback (most recent call last):
    ...
    orggraph.errors.OrgError: unknown people 'name' (did you mean 'names'?); choose one of names, boxes, off (or True, False)
    """
    if value is True:
        return "names"
    if value is False or value is None:
        return "off"
    if isinstance(value, str) and value in PEOPLE:
        return value
    guess = close_matches(str(value), PEOPLE, n=1)
    hint = f" (did you mean {guess[0]!r}?)" if guess else ""
    raise OrgError(
        f"unknown {name} {value!r}{hint}; choose one of {', '.join(PEOPLE)} (or True, False)",
        choices=PEOPLE,
    )


def _optional(check: Check) -> Check:
    def optional(name: str, value: Any) -> Any:
        return value if value is None else check(name, value)

    return optional


def _paper(name: str, value: Any) -> Any:
    """A named paper ("A4", any case) -> its name as :data:`PAPERS` spells it; a custom
    size ("210x297mm", "8.5 x 11 in") -> the same without spaces."""
    if value is None:
        return value
    if isinstance(value, str):
        for known in PAPERS:
            if value.strip().lower() == known.lower():
                return known
        paper_size(value)  # a custom size, checked
        return "".join(value.split()).lower()
    raise OrgError(f"{name} must be a paper name or a size such as '210x297mm', got {value!r}")


def _pages(name: str, value: Any) -> Any:
    if value is None or value == "auto" or (value == 1 and not isinstance(value, bool)):
        return value
    raise OrgError(f"{name} must be 'auto' or 1, got {value!r}", choices=("auto", "1"))


def paper_size(paper: str, orientation: str | None = None) -> tuple[float, float]:
    """Width and height in points of *paper* (a :data:`PAPERS` name, any case, or a size
    ``WxH`` in mm, cm, in or pt) in *orientation*; ``None``: landscape for a named paper,
    a custom size as written.

    >>> paper_size("A4"), paper_size("a4", "portrait"), paper_size("8.5x11in")
    ((841.89, 595.28), (595.28, 841.89), (612.0, 792.0))
    >>> paper_size("1x1in")
    Traceback (most recent call last):
    ...
    orggraph.errors.OrgError: paper '1x1in' is too small or too large: each side must be 2 to 200 inches
    """
    named = {k.lower(): v for k, v in PAPERS.items()}.get(paper.strip().lower())
    if named is not None:
        w, h = named
        orientation = orientation or "landscape"
    else:
        m = _CUSTOM.fullmatch(paper.strip().lower())
        if m is None:
            raise OrgError(
                f"unknown paper {paper!r}; choose one of {', '.join(PAPERS)} or give a size "
                "such as '210x297mm' or '8.5x11in' (mm, cm, in or pt)",
                choices=tuple(PAPERS),
            )
        unit = _UNITS[m.group(3)]
        w, h = round(float(m.group(1)) * unit, 2), round(float(m.group(2)) * unit, 2)
        if not all(_SIDES[0] <= side <= _SIDES[1] for side in (w, h)):
            raise OrgError(
                f"paper {paper!r} is too small or too large: each side must be 2 to 200 inches"
            )
    if (orientation == "landscape" and h > w) or (orientation == "portrait" and w > h):
        w, h = h, w
    return w, h


def _links(name: str, value: Any) -> Any:
    """A link kind or a collection of them -> a tuple without repeats, in the given order."""
    kinds = (value,) if isinstance(value, str) else value
    if not isinstance(kinds, Iterable):
        raise OrgError(f"{name} must be a collection of link kinds, got {value!r}")
    out: list[LinkKind] = []
    for kind in kinds:
        if kind not in LINK_KINDS:
            guess = close_matches(str(kind), LINK_KINDS, n=1)
            hint = f" (did you mean {guess[0]!r}?)" if guess else ""
            raise OrgError(
                f"unknown link kind {kind!r} for {name}{hint}; choose from {', '.join(LINK_KINDS)}",
                choices=LINK_KINDS,
            )
        if kind not in out:
            out.append(kind)
    return tuple(out) if tuple(out) != value else value


def _theme(name: str, value: Any) -> Any:
    """A :class:`Theme`, or the name of a built-in one (:data:`THEMES`) -> the Theme."""
    if isinstance(value, Theme):
        return value
    if isinstance(value, str):
        if value.strip().lower() in THEMES:
            return THEMES[value.strip().lower()]
        guess = close_matches(value, tuple(THEMES), n=1)
        hint = f" (did you mean {guess[0]!r}?)" if guess else ""
        raise OrgError(
            f"unknown {name} {value!r}{hint}; the built-in themes: {', '.join(THEMES)} "
            "(from Python, any orggraph.render.theme.Theme)",
            choices=tuple(THEMES),
        )
    raise OrgError(
        f"{name} must be an orggraph.render.theme.Theme or the name of a built-in one "
        f"({', '.join(THEMES)}), got {type(value).__name__}"
    )


def _title(name: str, value: Any) -> Any:
    """True (the organisation's name, a sub-chart's root's), False or None (no title)
    -> a bool; a string -> itself."""
    if value is None:
        return False
    if isinstance(value, (bool, str)):
        return value
    raise OrgError(f"{name} must be True, False, None or a string, got {value!r}")


def _figures(name: str, value: Any) -> Any:
    """True (all), False or None (none), a figure, a comma string ("seats,open") or a
    collection of :data:`FIGURES` -> a tuple of them in :data:`FIGURES` order."""
    if value is True:
        return FIGURES
    if value is False or value is None:
        return ()
    parts = value.split(",") if isinstance(value, str) else value
    if not isinstance(parts, Iterable):
        raise OrgError(
            f"{name} must be True, False or a collection of {', '.join(FIGURES)}, got {value!r}",
            choices=FIGURES,
        )
    found: set[str] = set()
    for part in parts:
        key = part.strip().lower() if isinstance(part, str) else part
        if key == "":
            continue
        if key not in FIGURES:
            guess = close_matches(str(key), FIGURES, n=1)
            hint = f" (did you mean {guess[0]!r}?)" if guess else ""
            raise OrgError(
                f"unknown figure {part!r} for {name}{hint}; choose from {', '.join(FIGURES)} "
                "(or True for all, False for none)",
                choices=FIGURES,
            )
        found.add(key)
    kept = tuple(f for f in FIGURES if f in found)
    return value if kept == value else kept


def _option(default: Any, check: Check, help: str, engines: tuple[str, ...] = ENGINES) -> Any:
    """Declare one option: the field's *default*, its *check*, its *help* text and the
    *engines* that use it (the others accept and ignore it)."""
    return field(default=default, metadata={"check": check, "help": help, "engines": engines})


_TIDY, _DRAWN = ("tidy",), ("graphviz", "tidy", "diff")


@dataclass(frozen=True, kw_only=True)
class ChartOptions:
    """What an org chart shows and how; every field is keyword-only and checked.

    Build one with the constructor, or with :meth:`of` from another and keywords.
    ``dataclasses.replace(options, depth=2)`` makes a changed copy (checked too).
    """

    lang: str | None = _option(
        None, _text, "the language of the names (default: the organisation's first)"
    )
    root: str | None = _option(None, _text, "draw only this unit and the units under it")
    depth: int | None = _option(
        None,
        _whole(0, optional=True),
        "draw this many levels below the root; deeper units are summed up on their ancestor",
    )
    people: str = _option(
        "names",
        _people,
        "what boxes say about people: 'names' (the head's name, an acting mark, small "
        "units' staff by name, vacant posts marked Vacant), 'boxes' (the head's name; staff "
        "as boxes of their own), 'off' (no names, for a chart to be shared); True is "
        "'names', False or None 'off'",
        _DRAWN,
    )
    links: tuple[LinkKind, ...] = _option(
        LINK_KINDS,
        _links,
        "the link kinds drawn: dotted, collaboration, or none (links=() in Python)",
    )
    link_labels: str = _option(
        "auto",
        _choice(LINK_LABELS),
        "the links' relations: 'auto' writes them beside the links where they fit, else "
        "numbered markers with a key under the chart; 'inline', 'markers' or 'off'",
        ("graphviz", "tidy"),
    )
    responsibilities: bool = _option(
        False, _flag, "list each unit's responsibilities in its box", _DRAWN
    )
    figures: tuple[str, ...] = _option(
        FIGURES,
        _figures,
        "the figures each box shows: seats, open (vacant seats), budget (salaries, in the "
        "organisation's currency and salary period); all by default, some of them "
        "('seats,open' leaves salaries out of a chart to be shared), or none",
    )
    theme: Theme = _option(  # noqa: RUF009 - a frozen Theme, shared safely
        DEFAULT_THEME,
        _theme,
        "fonts, colours and box styles: a built-in theme's name (default) or, from Python, "
        "an orggraph.render.theme.Theme",
    )
    title: bool | str = _option(
        True,
        _title,
        "the title on top: the organisation's name by default (with root, that unit's "
        "name), a text of your own, or none",
    )
    subtitle: str | None = _option(
        None,
        _text,
        "a second line under the title: a date, a scenario; a dated organisation's "
        "chart adds the day it is as of ('' leaves the day out too)",
        _DRAWN,
    )
    legend: bool = _option(True, _flag, "explain the lines (and unknown figures)", _DRAWN)
    caption: str | None = _option(
        None, _text, "a line of small text under the title and subtitle", _DRAWN
    )
    fit: str | None = _option(
        "auto",
        _optional(_choice(FITS)),
        "the chart's shape: 'auto' keeps width:height between 1:2 and 2.5:1 (aims for "
        "0.6 to 2); 'landscape' (1:1 to 2.5:1, aims for 1.25 to 2) and 'portrait' (1:2 "
        "to 1:1, aims for 0.6 to 0.9) where the tree allows. Leaves are stacked, wide rows "
        "folded into columns, deep units' children put beside them, the first layout "
        "that fits wins, decided on the tree's shape so that every language folds alike; "
        "options set by hand are kept. None: the natural shape",
        ("graphviz", "tidy"),
    )
    rankdir: str = _option(
        "TB",
        _choice(RANKDIRS),
        "direction: TB (top-down), LR, BT or RL; the tidy engine draws TB only",
        ("graphviz", "mermaid", "diff"),
    )
    stack_leaves: int | None = _option(
        None,
        _whole(0, optional=True),
        "stack a unit's childless children in columns when it has more than this many "
        "(default 5; 0: never); the tidy engine reads it as stack_min - 1",
        ("graphviz", "tidy", "diff"),
    )
    compact: bool = _option(
        True, _flag, "stack leaves and fold wide rows into columns (tidy engine)", _TIDY
    )
    stack_min: int | None = _option(
        None,
        _whole(1, optional=True),
        "stack a unit's childless children when it has at least this many "
        "(tidy engine; default 4, or stack_leaves + 1)",
        _TIDY,
    )
    fold_width: float | None = _option(
        2400.0,
        _positive(optional=True),
        "fold rows wider than this many points into columns (tidy engine; None: never)",
        _TIDY,
    )
    dpi: float = _option(144.0, _positive(optional=False), "PNG resolution, dots per inch", _DRAWN)
    timeout: float = _option(
        120.0,
        _positive(optional=False),
        "seconds the Graphviz dot program (or rsvg-convert, for the tidy engine's PDF) may take",
        _DRAWN,
    )
    paper: str | None = _option(
        None,
        _paper,
        "print the PDF on pages of this size: A4, A3, Letter, Legal, or WIDTHxHEIGHT in mm, "
        "cm, in or pt ('210x297mm'); drawn by the tidy engine",
        _TIDY,
    )
    orientation: str | None = _option(
        None,
        _optional(_choice(ORIENTATIONS)),
        "landscape or portrait pages (default: landscape for a named paper, a custom size "
        "as written)",
        _TIDY,
    )
    pages: str | int | None = _option(
        None,
        _pages,
        "'auto': an overview, as many pages as legible text needs (never below 6 pt) and an "
        "index; 1: the whole chart on one page (default: 'auto' with paper, else 1)",
        _TIDY,
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            kept = f.metadata["check"](f.name, value)
            if kept is not value:
                object.__setattr__(self, f.name, kept)

    @classmethod
    def of(cls, options: ChartOptions | None = None, /, **kwargs: Any) -> ChartOptions:
        """*options* (the defaults when None) with the *kwargs* set, every name and
        value checked.

        >>> ChartOptions.of(None, depth=1).depth, ChartOptions.of().depth is None
        (1, True)
        """
        if options is not None and not isinstance(options, ChartOptions):
            raise OrgError(
                f"options must be an orggraph.render.options.ChartOptions, "
                f"got {type(options).__name__}"
            )
        unknown = [name for name in kwargs if name not in _NAMES]
        if unknown:
            raise _unknown(unknown[0])
        base = _DEFAULT if options is None else options
        return replace(base, **kwargs) if kwargs else base

    def changed(self) -> frozenset[str]:
        """The names of the options that differ from their defaults.

        >>> sorted(ChartOptions(depth=1, compact=True, lang="en").changed())
        ['depth', 'lang']
        """
        return frozenset(f.name for f in fields(self) if getattr(self, f.name) != f.default)


class OptionSpec(NamedTuple):
    """One option's declaration, as :class:`ChartOptions` states it."""

    name: str
    type: str  # the annotation, as written: "int | None"
    default: object
    help: str
    engines: tuple[str, ...]  # the engines that use it; the others ignore it
    check: Callable[[str, Any], Any]  # (name, value) -> the value kept, or an OrgError


def option_specs() -> tuple[OptionSpec, ...]:
    """Every chart option's declaration, in the order of :class:`ChartOptions`.

    >>> [s.name for s in option_specs() if s.engines == ("tidy",)]
    ['compact', 'stack_min', 'fold_width', 'paper', 'orientation', 'pages']
    """
    return tuple(
        OptionSpec(
            f.name,
            str(f.type),
            None if f.default is MISSING else f.default,
            f.metadata["help"],
            f.metadata["engines"],
            f.metadata["check"],
        )
        for f in fields(ChartOptions)
    )


_NAMES: Mapping[str, None] = dict.fromkeys(f.name for f in fields(ChartOptions))
_DEFAULT = ChartOptions()


def _unknown(name: str) -> OrgError:
    valid = sorted(_NAMES)
    guess = close_matches(name, valid, n=1)
    hint = f" (did you mean {guess[0]!r}?)" if guess else ""
    return OrgError(
        f"unknown option {name!r}{hint}; valid options: {', '.join(valid)}", choices=valid
    )
