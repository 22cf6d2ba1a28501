"""Every chart option as a flag of ``orggraph render``, generated from
:func:`orggraph.render.options.option_specs`: an option added to
:class:`~orggraph.render.options.ChartOptions` gets its flag by itself (one registry).

The flag of option ``name`` is ``--name`` (underscores as dashes); its value is read
as the option's type says and checked by ``ChartOptions``, whose :class:`~orggraph.OrgError`
(listing the valid choices) is what a bad value prints, exit 1:

- a yes/no option (type ``bool``): ``--name`` and ``--no-name``;
- any other: ``--name VALUE``; a collection (``links``, ``figures``) as a comma list
  (``--figures seats,open``, ``none`` for none), a number as a number, ``none`` for
  ``None`` where the option has choices (``--fit none``). When the option can be turned
  off (it accepts ``False``, ``None`` or ``()`` and its default is something else),
  ``--no-name`` does (``--no-title``, ``--no-figures``, ``--no-links``, ``--no-fit``).

>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> added = add_chart_flags(parser)
>>> chart_values(parser.parse_args(["--figures", "seats,open", "--no-title", "--fit", "none"]))
{'figures': ('seats', 'open'), 'title': False, 'fit': None}
>>> chart_values(parser.parse_args(["--pages", "1", "--dpi", "300", "--no-legend"]))
{'legend': False, 'dpi': 300.0, 'pages': 1}
>>> chart_values(parser.parse_args(["--theme", "default", "--links", "dotted"]))
{'links': ('dotted',), 'theme': 'default'}
"""

from __future__ import annotations

import argparse
from collections.abc import Collection
from typing import Any

from orggraph.errors import OrgError
from orggraph.render.options import THEMES, OptionSpec, option_specs
from orggraph.render.theme import Theme

__all__ = ["PREFIX", "add_chart_flags", "chart_values", "flag_of", "parse_value"]

PREFIX = "chart_"  # the argparse dest of option `name` is chart_<name>
_PROBE = "\x00?"  # a value no option takes: its error lists the choices, if any


def flag_of(name: str) -> str:
    """The flag of option *name*: ``fold_width`` -> ``--fold-width``."""
    return "--" + name.replace("_", "-")


def _choices(spec: OptionSpec) -> tuple[str, ...]:
    """The option's choices, as its check lists them for a value it refuses."""
    try:
        spec.check(spec.name, _PROBE)
    except OrgError as err:
        return tuple(str(c) for c in err.choices)
    return ()


def _off(spec: OptionSpec) -> tuple[bool, Any]:
    """Whether the option can be turned off, and the value that does: ``False``,
    ``None`` or ``()``, the first its check accepts, unless it is the default."""
    for value in (False, None, ()):
        try:
            kept = spec.check(spec.name, value)
        except OrgError:
            continue
        return kept != spec.default, value
    return False, None


def parse_value(spec: OptionSpec, given: str) -> Any:
    """The option's value from the text *given* on the command line, as its type says;
    ``ChartOptions`` checks it afterwards (a text that is no number stays text, for
    the check to refuse with its message).

    >>> [spec] = [s for s in option_specs() if s.name == "links"]
    >>> parse_value(spec, "dotted, collaboration"), parse_value(spec, "none")
    (('dotted', 'collaboration'), ())
    """
    text = given.strip()
    kind = spec.type
    if "tuple" in kind:
        if text.lower() == "none":
            return ()
        return tuple(p.strip() for p in text.split(",") if p.strip())
    if "None" in kind and text.lower() == "none" and ("str" not in kind or _choices(spec)):
        return None  # free text ("none" as a caption) stays text
    if "int" in kind and text.lstrip("+-").isdigit():
        return int(text)
    if "float" in kind:
        try:
            return float(text)
        except ValueError:
            return given
    return given


class _Parse(argparse.Action):
    """Store the option's value read from its text (see :func:`parse_value`)."""

    def __init__(self, *args: Any, spec: OptionSpec, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, parse_value(self.spec, str(values)))


def _default(spec: OptionSpec) -> str:
    value = spec.default
    if isinstance(value, tuple):
        return ",".join(map(str, value)) or "none"
    if value is True or value is False:
        return "on" if value else "off"
    if value is None:
        return "none"
    if isinstance(value, Theme):
        return next((name for name, theme in THEMES.items() if theme == value), "a Theme")
    return str(value)


def _metavar(spec: OptionSpec) -> str:
    """``seats,open,budget`` (a collection), ``auto|landscape|portrait|none`` (choices),
    ``N`` (a number) or ``TEXT``."""
    choices = _choices(spec)
    if choices:
        if "tuple" in spec.type:
            return ",".join(choices)
        return "|".join([*choices, *(["none"] if "None" in spec.type else [])])
    return "N" if "int" in spec.type or "float" in spec.type else "TEXT"


def _help(spec: OptionSpec, about: str) -> str:
    """The option's help, with its default unless the help says it."""
    return about if "default" in about else f"{about} (default: {_default(spec)})"


def add_chart_flags(parser: Any, *, skip: Collection[str] = ()) -> list[str]:
    """Add the flag of every chart option but those in *skip* (options that the
    command's shared flags already take: ``--lang``, ``--root``, ``--depth``) to
    *parser* (or an argument group); the names of the options added. A flag that the
    parser already has (another meaning) is left out, and a test sees it."""
    added = []
    for spec in option_specs():
        if spec.name in skip:
            continue
        flag, dest = flag_of(spec.name), PREFIX + spec.name
        about = spec.help.replace("%", "%%")
        try:
            if spec.type == "bool":
                parser.add_argument(
                    flag,
                    dest=dest,
                    action=argparse.BooleanOptionalAction,
                    default=argparse.SUPPRESS,
                    help=_help(spec, about),
                )
            else:
                metavar = _metavar(spec)
                parser.add_argument(
                    flag,
                    dest=dest,
                    action=_Parse,
                    spec=spec,
                    metavar=metavar,
                    default=argparse.SUPPRESS,
                    help=_help(spec, about),
                )
                off, value = _off(spec)
                if off:
                    parser.add_argument(
                        "--no-" + flag[2:],
                        dest=dest,
                        action="store_const",
                        const=value,
                        default=argparse.SUPPRESS,
                        help=f"turn {spec.name} off ({spec.name}={value!r} in Python)",
                    )
        except argparse.ArgumentError:
            continue
        added.append(spec.name)
    return added


def chart_values(args: argparse.Namespace) -> dict[str, Any]:
    """The chart options given on the command line (those not given are absent), in
    the order of :func:`option_specs`."""
    given = vars(args)
    return {s.name: given[PREFIX + s.name] for s in option_specs() if PREFIX + s.name in given}
