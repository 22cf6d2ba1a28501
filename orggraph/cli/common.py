"""orggraph.cli.app.common."""

from __future__ import annotations

import argparse
import codecs
import io
import sys
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from orggraph.core.org import Org
from orggraph.core.rollup import format_number
from orggraph.errors import OrgError, OrgWarning

__all__ = ["input_options", "load_org", "one_stdin"]

PROG = "orggraph"


# -- output helpers -------------------------------------------------------------------


def print_out(s: str = "") -> None:
    sys.stdout.write(s + "\n")


def print_error(s: str) -> None:
    sys.stderr.write(s + "\n")


def utf8_safe_streams() -> None:
    """Never fail on Chinese names: replace what a non-UTF-8 stream cannot encode."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if not isinstance(stream, io.TextIOWrapper) or not encoding:
            continue
        try:
            utf8 = codecs.lookup(encoding).name == "utf-8"
        except LookupError:
            utf8 = False
        if not utf8:
            stream.reconfigure(errors="replace")


def display_width(s: str) -> int:
    """Terminal columns taken by *s*: East Asian wide/fullwidth count 2, combining 0."""
    if s.isascii():
        return len(s)
    n = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n


def pad_to(s: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - display_width(s))
    return fill + s if right else s + fill


def plural_of(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def figure_text(value: Any, unknown: int) -> str:
    """``23,000``, or ``≥ 23,000`` when *unknown* units miss the figure."""
    return ("≥ " if unknown else "") + format_number(value)


# -- loading ----------------------------------------------------------------------------


@contextmanager
def warnings_to_stderr(file: str | None = None) -> Iterator[None]:
    """Print warnings as ``FILE: warning: ...`` (or ``orggraph: warning: ...``) at once."""

    def show(message: Warning | str, category: type[Warning], *_: Any, **__: Any) -> None:
        msg = str(message)
        if file and msg.startswith(file + ": "):
            msg = msg[len(file) + 2 :]
        prefix = file if file and issubclass(category, OrgWarning) else PROG
        print_error(f"{prefix}: warning: {msg}")

    with warnings.catch_warnings():
        warnings.simplefilter("always", OrgWarning)
        warnings.showwarning = show
        yield


STDIN = "-"
INPUT_HELP = "the organisation: any format convert reads (by suffix, or --from); - for stdin"


def input_options() -> argparse.ArgumentParser:
    """The parent parser of the options of every command that reads an organisation:
    ``--from FORMAT`` (the input format when the suffix does not tell; required for
    ``-``, standard input) and ``--max-size SIZE`` (the most bytes read from a file)."""
    from orggraph.io.registry import readable
    from orggraph.io.sources import DEFAULT_MAX_BYTES, describe_size

    inputs = argparse.ArgumentParser(add_help=False)
    inputs.add_argument(
        "--from",
        dest="from_format",
        metavar="FORMAT",
        choices=readable(),
        help="the format of the organisation when its suffix does not tell (required with -): "
        + ", ".join(readable()),
    )
    inputs.add_argument(
        "--max-size",
        metavar="SIZE",
        type=_size,
        help=f"read at most SIZE bytes of input, e.g. 200M or 2G (default: {describe_size(DEFAULT_MAX_BYTES)})",
    )
    return inputs


def _size(value: str) -> int:
    from orggraph.io.sources import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def load_org(file: str, args: argparse.Namespace) -> Org:
    """Read the organisation *file* in any readable format (see
    :data:`orggraph.io.registry.FORMATS`), or standard input for ``-``, as the options of
    :func:`input_options` in *args* say. Warnings go to stderr, naming the file."""
    from orggraph.io import registry

    fmt: str | None = getattr(args, "from_format", None)
    max_bytes: int | None = getattr(args, "max_size", None)
    with warnings_to_stderr(file):
        if file != STDIN:
            return registry.read(file, fmt, max_bytes=max_bytes)
        if fmt is None:
            readable = registry.readable()
            raise OrgError(
                "reading standard input (-) needs --from FORMAT; one of " + ", ".join(readable),
                choices=readable,
            )
        return registry.read(sys.stdin.buffer, fmt, max_bytes=max_bytes)


def one_stdin(files: Sequence[str]) -> None:
    """Standard input can be read once: refuse ``-`` given twice."""
    if list(files).count(STDIN) > 1:
        raise OrgError("standard input (-) can be read only once; name files for the others")


def check_lang(org: Org, lang: str | None, file: str) -> None:
    if lang is not None and org.lang and lang not in org.lang:
        print_error(
            f"{file}: warning: language {lang!r} is not one of the organisation's "
            f"languages ({', '.join(org.lang)}); names fall back to {org.lang[0]!r}"
        )


# -- the parser -------------------------------------------------------------------------


def whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse ``type=`` for whole numbers >= *minimum* (shared by every subcommand)."""

    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
        if n < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, not {n}")
        return n

    return parse
