"""What every subcommand shares: output helpers, the one warning printer, loading an
organisation (any readable format, standard input, ``--from``, ``--max-size``), ``-v``
and argument types."""

from __future__ import annotations

import argparse
import codecs
import io
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

from orggraph.core.org import Org
from orggraph.core.rows import cell_width
from orggraph.errors import OrgError, OrgWarning

__all__ = [
    "CommandWarning",
    "WarningPrinter",
    "check_lang",
    "diff_pair",
    "input_options",
    "lang_options",
    "load_org",
    "one_stdin",
    "people_mapping",
    "scope_options",
    "verbose",
    "warn",
    "warnings_to_stderr",
]

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


def pad_to(s: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - cell_width(s))
    return fill + s if right else s + fill


def plural_of(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


# -- warnings and -v --------------------------------------------------------------------


class CommandWarning(OrgWarning):
    """A warning of the command line itself, about *file* (an input or an output)."""

    def __init__(self, message: str, file: str | None = None) -> None:
        super().__init__(message)
        self.file = file


class WarningPrinter:
    """The one place the command line prints warnings: ``orggraph: warning: FILE: message``
    on stderr (``orggraph: warning: message`` when no file is concerned), like errors, and
    each once per run.

    *FILE* is the file named in the warning (the library names the file an organisation
    came from), else the file the command was working on when the warning came (see
    :meth:`about`). A warning is printed once: the same message about the same file is
    not repeated, and a message that names no file is not repeated after it was printed
    for a file (an organisation derived from the one loaded, such as a subtree or the
    result of a scenario, warns again about the same roots; a library function warns
    about the language that the command already checked).

    >>> import io
    >>> printer, err = WarningPrinter(), io.StringIO()
    >>> printer.stream = err
    >>> with printer.about("org.yaml"):
    ...     printer.show(OrgWarning("org.yaml: the organisation has 2 roots (a, b)"), OrgWarning)
    ...     printer.show(OrgWarning("the organisation has 2 roots (a, b)"), OrgWarning)
    >>> printer.show(CommandWarning("writing svg to a file named .png", "c.png"), OrgWarning)
    >>> print(err.getvalue(), end="")
    orggraph: warning: org.yaml: the organisation has 2 roots (a, b)
    orggraph: warning: c.png: writing svg to a file named .png
    """

    def __init__(self) -> None:
        self.files: list[str] = []  # the files being worked on, innermost last
        self.known: set[str] = set()  # every file named so far
        self.printed: set[tuple[str | None, str]] = set()
        self.stream: TextIO | None = None  # None: sys.stderr at the time of printing

    @contextmanager
    def about(self, file: str | None) -> Iterator[None]:
        """Attribute the warnings that name no file to *file* while the block runs."""
        if file is None:
            yield
            return
        self.files.append(file)
        self.known.add(file)
        try:
            yield
        finally:
            self.files.pop()

    def _split(self, message: Warning | str, category: type[Warning]) -> tuple[str | None, str]:
        """The file a warning is about, if it names one, and its message without it."""
        text = str(message)
        if isinstance(message, CommandWarning):
            return message.file, text
        if issubclass(category, OrgWarning):
            for file in sorted(self.known, key=len, reverse=True):
                if text.startswith(file + ": "):
                    return file, text[len(file) + 2 :]
        return None, text

    def show(self, message: Warning | str, category: type[Warning], *_: Any, **__: Any) -> None:
        """A ``warnings.showwarning``: print *message* unless it was printed already."""
        file, text = self._split(message, category)
        if file is None and any(seen == text for _, seen in self.printed):
            return
        if file is None and self.files and issubclass(category, OrgWarning):
            file = self.files[-1]
        if (file, text) in self.printed:
            return
        self.printed.add((file, text))
        where = f"{file}: " if file else ""
        stream = self.stream or sys.stderr
        stream.write(f"{PROG}: warning: {where}{text}\n")


@contextmanager
def warnings_to_stderr(file: str | None = None) -> Iterator[None]:
    """Print every warning raised in the block through one :class:`WarningPrinter`,
    attributed to *file* when it names none. Nested blocks share the printer of the
    outermost one (``main`` opens it around the whole command), so a warning raised
    twice in one run is printed once."""
    printer = getattr(warnings.showwarning, "__self__", None)
    if isinstance(printer, WarningPrinter):
        with printer.about(file):
            yield
        return
    printer = WarningPrinter()
    with warnings.catch_warnings():
        warnings.simplefilter("always", OrgWarning)
        warnings.showwarning = printer.show
        with printer.about(file):
            yield


def warn(message: str, file: str | None = None) -> None:
    """Warn the user about *file* (or the file being worked on) through the one printer."""
    with warnings_to_stderr():
        warnings.warn(CommandWarning(message, file), stacklevel=2)


def verbose(args: argparse.Namespace, message: str) -> None:
    """Print *message* on stderr with ``-v``/``--verbose``: commands are quiet on success."""
    if getattr(args, "verbose", False):
        print_error(message)


# -- loading ----------------------------------------------------------------------------

STDIN = "-"
INPUT_HELP = "the organisation: any format convert reads (by suffix, or --from); - for stdin"


def input_options(
    *, chart: bool = False, as_of: bool = True, dates: bool = False
) -> argparse.ArgumentParser:
    """The parent parser of the options of every command that reads an organisation:
    ``--from FORMAT`` (also spelled ``--input-format``: the input format when the suffix
    does not tell; required for ``-``, standard input), ``--max-size SIZE`` (the most
    bytes read from a file) and ``--as-of DATE`` (not with *as_of* false: ``history``
    reads every date). With *chart* (``render``, where ``--title`` is the chart's title)
    the column of job titles of a people-level table is ``--title-column`` only. With
    *dates* (``diff FILE --from DATE --to DATE``) ``--from`` takes a FORMAT or a DATE
    (no format is named like a date, so old invocations keep their meaning; see
    :func:`diff_pair`) and ``--to DATE`` is added."""
    from orggraph.io.registry import readable

    inputs = argparse.ArgumentParser(add_help=False)
    formats = ", ".join(readable())
    if dates:
        inputs.add_argument(
            "--from",
            dest="from_format",
            metavar="FORMAT|DATE",
            type=_format_or_date,
            help="with one FILE, the first date to compare (YYYY-MM-DD, with --to); "
            "otherwise the format of the inputs when their suffix does not tell "
            f"(required with -): {formats}",
        )
        inputs.add_argument(
            "--input-format",
            dest="input_format",
            metavar="FORMAT",
            choices=readable(),
            help="the format of the inputs when their suffix does not tell (as --from FORMAT)",
        )
        inputs.add_argument(
            "--to",
            dest="to_date",
            metavar="DATE",
            type=_date_arg,
            help="with one FILE and --from DATE: the second date to compare",
        )
    else:
        inputs.add_argument(
            "--from",
            "--input-format",
            dest="from_format",
            metavar="FORMAT",
            choices=readable(),
            help="the format of the organisation when its suffix does not tell "
            f"(required with -): {formats}",
        )
    _size_option(inputs)
    if as_of:
        inputs.add_argument(
            "--as-of",
            metavar="DATE",
            help="the organisation as in force on DATE (YYYY-MM-DD), without its history, when "
            "the file has dates (valid_from, moves, ...; default: today, with its history); "
            "an undated file is the same on every date"
            + ("; with two files, both as of DATE" if dates else ""),
        )
    _people_options(inputs, chart=chart)
    return inputs


def _size_option(inputs: argparse.ArgumentParser) -> None:
    from orggraph.io.sources import DEFAULT_MAX_BYTES, describe_size

    inputs.add_argument(
        "--max-size",
        metavar="SIZE",
        type=_size,
        help=f"read at most SIZE bytes of input, e.g. 200M or 2G (default: {describe_size(DEFAULT_MAX_BYTES)})",
    )


def _looks_like_date(value: str) -> bool:
    return value[:1].isdigit()  # no format name starts with a digit; every date does


def _date_arg(value: str) -> str:
    from orggraph.core.history import iso_date

    try:
        return iso_date(value, what="the date")
    except OrgError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _format_or_date(value: str) -> str:
    """``--from`` of ``diff``: a date (kept as ISO text) or an input format."""
    from orggraph.io.registry import readable

    if _looks_like_date(value):
        return _date_arg(value)
    if value not in readable():
        raise argparse.ArgumentTypeError(
            f"{value!r} is neither a date (YYYY-MM-DD) nor an input format "
            f"({', '.join(readable())})"
        )
    return value


def diff_pair(args: argparse.Namespace) -> tuple[Org, Org, str, str]:
    """The two organisations ``diff`` compares and how to name them: files *A* and *B*
    (each as of ``--as-of`` when given; a dated file's name says the day it is as of),
    or one file as of ``--from DATE`` and of ``--to DATE`` (both dated: charts and JSON
    carry the two days). Each other combination is an :class:`OrgError` saying what to
    give, and how ``--from`` was taken."""
    given = getattr(args, "from_format", None)
    start = given if given is not None and _looks_like_date(given) else None
    end: str | None = getattr(args, "to_date", None)
    fmt: str | None = getattr(args, "input_format", None)
    if start is None and given is not None and fmt is not None and given != fmt:
        raise OrgError(f"--from {given} and --input-format {fmt} name two input formats")
    args.from_format = fmt if start is not None or fmt is not None else given
    if args.b is not None:
        if start is not None or end is not None:
            raise OrgError(
                "--from DATE and --to DATE compare two dates of one file; with two files "
                "use --as-of DATE (both files as of DATE), or name the input format "
                "with --input-format"
            )
        one_stdin((args.a, args.b))
        a, b = load_org(args.a, args, dated=True), load_org(args.b, args, dated=True)
        return a, b, _as_of_name(args.a, a), _as_of_name(args.b, b)
    if start is None or end is None:
        missing = "--from DATE and --to DATE" if start is end is None else "both --from and --to"
        how = ""
        if start is None and given is not None:  # --from named a format, not a date
            how = f"; --from {given} was taken as the input format (--input-format {given})"
            missing = "--from DATE too" if end is not None else missing
        raise OrgError(
            f"diff compares two files A B, or one file at two dates: give {missing} "
            f"(YYYY-MM-DD){how}",
            file=args.a,
        )
    if getattr(args, "as_of", None) is not None:
        raise OrgError("--as-of does not go with --from DATE --to DATE; give the two dates only")
    if args.a == STDIN and args.from_format is None:
        from orggraph.io.registry import readable

        raise OrgError(
            f"reading standard input (-) needs --input-format FORMAT: --from {start} was "
            "taken as the first date; one of " + ", ".join(readable()),
            choices=readable(),
        )
    org = _read_org(args.a, args)
    if not org.dated:
        warn("the file has no dates: it is the same on both dates", args.a)
    # kept dated: each side knows its day, which the chart's subtitle and the JSON say
    before, after = org.as_of(start), org.as_of(end)
    return before, after, f"{args.a} as of {start}", f"{args.a} as of {end}"


def _as_of_name(file: str, org: Org) -> str:
    """*file* as ``diff`` names a side: with the day a dated organisation is as of."""
    return f"{file} as of {org.date}" if org.dated and org.date is not None else file


# (flag, read_people option, help); each flag names a column unless it has choices.
PEOPLE_FLAGS: tuple[tuple[str, str, str], ...] = (
    ("--id", "id", "the column of person ids"),
    (
        "--manager",
        "manager",
        "the column of each person's manager (their id, or see --manager-key)",
    ),
    ("--name", "name", "the column of names; repeat it to join columns: --name First --name Last"),
    ("--title", "title", "the column of job titles"),
    ("--department", "department", "the column of departments"),
    ("--salary", "salary", "the column of salaries"),
    ("--fte", "fte", "the column of FTE (0.5, or 50%%)"),
    ("--email", "email", "the column of email addresses"),
    ("--assistant", "assistant", "a yes/no column: assistants of their manager"),
    ("--dotted-column", "dotted", "a column of ;-separated dotted-line managers"),
    (
        "--role",
        "role",
        "the column of each row's role in its post: primary (or blank), acting, interim, "
        "secondment (a person on several rows holds several posts; the primary one places them)",
    ),
    (
        "--counts",
        "counts",
        "a yes/no column (blank: yes): no for posts that are not jobs (a board seat)",
    ),
    (
        "--effective-column",
        "effective",
        "the column of effective dates: the table is a history (a row per person per "
        "change), read as one dated organisation",
    ),
    ("--end-column", "end", "with --effective-column: the column of leaving dates (the last day)"),
    (
        "--status-column",
        "status",
        "with --effective-column: the column of employment status (Terminated or Inactive: left)",
    ),
)
PEOPLE_CHOICES: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    (
        "--salary-period",
        "salary_period",
        ("month", "year"),
        "the period of --salary (default: month)",
    ),
    (
        "--structure",
        "structure",
        ("managers", "departments"),
        "units are managers' teams (default) or departments",
    ),
    ("--manager-key", "manager_key", ("id", "email", "name"), "what --manager holds (default: id)"),
)


def _people_options(inputs: argparse.ArgumentParser, *, chart: bool = False) -> None:
    """``--rows people`` and the column options of a people-level table (an HR export),
    as :func:`orggraph.io.people.read_people` takes them."""
    group = inputs.add_argument_group(
        "people-level tables (HR exports: one row per person, --rows people)"
    )
    group.add_argument(
        "--rows",
        choices=("units", "people"),
        default="units",
        help="what a row of a CSV or Excel input is: a unit (default) or a person",
    )
    for flag, key, about in PEOPLE_FLAGS:
        # --title names the chart on `render`; --title-column is the column everywhere.
        flags = (
            [flag] if key != "title" else ["--title-column"] if chart else [flag, "--title-column"]
        )
        group.add_argument(
            *flags,
            dest=f"people_{key}",
            metavar="COLUMN",
            action="append" if key == "name" else "store",
            help=about,
        )
    for flag, key, choices, about in PEOPLE_CHOICES:
        group.add_argument(flag, dest=f"people_{key}", choices=choices, help=about)
    group.add_argument(
        "--day-first",
        dest="people_day_first",
        type=_yes_no,
        metavar="yes|no",
        help="with --effective-column: whether dates such as 03/04/2025 are day first (yes: "
        "3 April) or month first (no: 4 March); default: read from the column",
    )
    group.add_argument(
        "--columns",
        dest="people_columns",
        metavar="MAP.yaml",
        help="a YAML mapping of read_people's options (id, manager, name, ...); "
        "the options above override it",
    )


def _yes_no(value: str) -> bool:
    folded = value.strip().casefold()
    if folded in ("yes", "no"):
        return folded == "yes"
    raise argparse.ArgumentTypeError(f"give yes or no, not {value!r}")


def _size(value: str) -> int:
    from orggraph.io.sources import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def load_org(file: str, args: argparse.Namespace, *, dated: bool = False) -> Org:
    """Read the organisation *file* in any readable format (see
    :data:`orggraph.io.registry.FORMATS`), or standard input for ``-``, as the options of
    :func:`input_options` in *args* say. Warnings go to stderr, naming the file.

    With ``--as-of``, that date's organisation alone (what ``convert`` writes is a
    snapshot), or with *dated* the dated organisation as of that date: a chart then says
    its date and the explorer keeps its date control."""
    as_of: str | None = getattr(args, "as_of", None)
    org = _read_org(file, args)
    if as_of is None:
        return org
    return org.as_of(as_of) if dated else org.as_of(as_of).without_history()


def _read_org(file: str, args: argparse.Namespace) -> Org:
    from orggraph.io import registry

    fmt: str | None = getattr(args, "from_format", None)
    max_bytes: int | None = getattr(args, "max_size", None)
    mapping = people_mapping(args)
    if getattr(args, "rows", "units") == "people":
        return _load_people(file, fmt, max_bytes, mapping, getattr(args, "as_of", None))
    if mapping:
        given = ", ".join(f"--{k.replace('_', '-')}" for k in mapping)
        raise OrgError(f"{given}: these map the columns of a people-level table; add --rows people")
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


def people_mapping(args: argparse.Namespace) -> dict[str, Any]:
    """The options of ``read_people`` given on the command line (``columns``: the
    ``--columns`` file)."""
    keys = [k for _, k, _ in PEOPLE_FLAGS] + [k for _, k, _, _ in PEOPLE_CHOICES]
    keys += ["day_first", "columns"]
    return {k: v for k in keys if (v := getattr(args, f"people_{k}", None)) is not None}


def _columns_file(path: str) -> dict[str, Any]:
    """The options in a ``--columns`` YAML file, checked (see :func:`read_people`)."""
    from orggraph.io.parse import decode, parse_text
    from orggraph.io.people import check_people_options
    from orggraph.io.sources import read_bytes

    data = parse_text(decode(read_bytes(path, max_bytes=1 << 20), file=path), file=path)
    if not isinstance(data, dict):
        raise OrgError(
            "a --columns file is a mapping of read_people's options, "
            "e.g. {id: Employee ID, manager: Manager ID, name: [First Name, Last Name]}",
            file=path,
        )
    check_people_options(data, file=path)
    return data


def _load_people(
    file: str, fmt: str | None, max_bytes: int | None, given: dict[str, Any], as_of: str | None
) -> Org:
    """``--rows people``: read *file* (CSV or Excel) with ``read_people``; a history
    (``effective``) as of *as_of*, so that its warnings are about that day's
    organisation, not today's."""
    from orggraph.io.people import read_people

    given = dict(given)
    columns = given.pop("columns", None)
    mapping = {**(_columns_file(columns) if columns else {}), **given}
    # --from wins over a format in the --columns file, --max-size over its max_bytes.
    fmt = mapping.pop("format", None) if fmt is None else fmt
    mapping.pop("format", None)
    if max_bytes is not None:
        mapping["max_bytes"] = max_bytes
    if as_of is not None and mapping.get("effective") is not None:
        mapping["as_of"] = as_of
    if fmt is None and file != STDIN:
        fmt = {".csv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}.get(
            os.path.splitext(file)[1].lower()
        )
    if fmt not in ("csv", "xlsx"):
        raise OrgError(
            "--rows people reads CSV and Excel tables (.csv, .xlsx); "
            + ("name the format with --from csv or --from xlsx" if fmt is None else f"not {fmt}"),
            file=file,
        )
    with warnings_to_stderr(file):
        source = sys.stdin.buffer if file == STDIN else file
        return read_people(source, format=fmt, **mapping)


def one_stdin(files: Sequence[str]) -> None:
    """Standard input can be read once: refuse ``-`` given twice."""
    if list(files).count(STDIN) > 1:
        raise OrgError("standard input (-) can be read only once; name files for the others")


def check_lang(org: Org, lang: str | None, file: str) -> None:
    """Warn when *lang* is not one of the languages of *org* (read from *file*)."""
    if lang is not None and org.lang and lang not in org.lang:
        warn(
            f"language {lang!r} is not one of the organisation's "
            f"languages ({', '.join(org.lang)}); names fall back to {org.lang[0]!r}",
            file,
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


def lang_options() -> argparse.ArgumentParser:
    """The parent parser of ``--lang``."""
    lang = argparse.ArgumentParser(add_help=False)
    lang.add_argument(
        "--lang", metavar="L", help="language of names, e.g. zh or en (default: the file's first)"
    )
    return lang


def scope_options() -> argparse.ArgumentParser:
    """The parent parser of ``--root`` and ``--depth``."""
    scope = argparse.ArgumentParser(add_help=False)
    scope.add_argument("--root", metavar="ID", help="only the unit ID and the units under it")
    scope.add_argument(
        "--depth", metavar="N", type=whole_number(0), help="only N levels below the root"
    )
    return scope


def add_safe_csv(parser: argparse.ArgumentParser) -> None:
    """Add ``--safe-csv`` to a subcommand that writes CSV (shared by every such one)."""
    parser.add_argument(
        "--safe-csv",
        action="store_true",
        help=(
            "CSV for spreadsheets: quote text and put ' before text starting with "
            "= + - @, tab or CR, which a spreadsheet would run as a formula "
            "(the text then no longer reads back exactly)"
        ),
    )


def add_no_people(parser: argparse.ArgumentParser) -> None:
    """Add ``--no-people`` to a subcommand that writes a file (shared by every such one)."""
    parser.add_argument(
        "--no-people",
        dest="people",
        action="store_false",
        help=(
            "leave personal data out of the file, for sharing: no people, holders, e-mails "
            "or photos (each post's filled seats stay; charts name no people anyway)"
        ),
    )
