"""The ``orggraph`` command line: a thin shell over the library.

Subcommands: ``render`` (draw a chart), ``validate`` (check files), ``stats`` (headcount
and budget per unit), ``show`` (the reporting tree in the terminal), ``generate`` (a
synthetic organisation), ``analyse`` (spans, layers, responsibilities, collaboration),
``convert`` (GraphML, GEXF, node-link JSON, Mermaid, W3C ORG Turtle/JSON-LD, ...),
``diff`` and ``apply`` (reorganisation scenarios) and ``schema`` (the JSON Schema of the
file format).

Commands are quiet on success unless ``-v``/``--verbose``; every command that writes a file
takes ``-o``/``--output``; warnings are printed once each, as ``orggraph: warning: FILE:
message`` (see :class:`orggraph.cli.common.WarningPrinter`).

Exit codes: 0 success; 1 bad input or a failed job (one ``orggraph: error:`` line on
stderr); 2 bad usage; 3 an internal error (a bug; ``--debug`` shows the traceback);
130 interrupted; 141 the reader of stdout went away (``| head``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from orggraph.cli.common import (
    INPUT_HELP,
    PROG,
    add_no_people,
    check_lang,
    input_options,
    lang_options,
    load_org,
    one_stdin,
    plural_of,
    print_error,
    print_out,
    scope_options,
    utf8_safe_streams,
    verbose,
    warn,
    warnings_to_stderr,
    whole_number,
)
from orggraph.cli.stats import register as register_stats
from orggraph.core.org import LINK_KINDS
from orggraph.errors import OrgError
from orggraph.io.native import dump as org_dump
from orggraph.io.registry import CHARTS, chart_formats
from orggraph.version import __version__

__all__ = ["build_parser", "main"]
RENDER_FORMATS = chart_formats()
# Kept in step with orggraph.render.ENGINES (checked by the tests); not imported so
# that `orggraph --help` does not load the renderers.
RENDER_ENGINES = ("auto", "graphviz", "tidy")
BINARY_FORMATS = tuple(c.name for c in CHARTS.values() if c.binary)

VERBOSE_HELP = "say what was written (commands are quiet on success)"

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141


# -- subcommands ------------------------------------------------------------------------


def _cmd_validate(args: argparse.Namespace) -> int:
    code = EXIT_OK
    one_stdin(args.files)
    for file in args.files:
        try:
            org = load_org(file, args)
        except OrgError as err:
            if args.debug:
                traceback.print_exc()
            print_error(f"{PROG}: error: {err}")
            code = EXIT_ERROR
            continue
        counts = (
            plural_of(len(org), "unit"),
            plural_of(len(org.responsibility_ids()), "responsibility", "responsibilities"),
            plural_of(len(org.links()), "link"),
        )
        print_out(f"{file}: ok ({', '.join(counts)})")
    return code


def _output_format(out: str, given: str | None) -> str:
    if given is not None:
        suffix = Path(out).suffix.lower().lstrip(".")
        suffix = {"gv": "dot"}.get(suffix, suffix)
        if out != "-" and suffix and suffix != given:
            warn(f"writing {given} to a file named .{suffix}", out)
        return given
    suffix = Path(out).suffix.lower().lstrip(".")
    fmt = {"gv": "dot"}.get(suffix, suffix)
    if fmt not in RENDER_FORMATS:
        what = f"the suffix {Path(out).suffix!r}" if suffix else "a name without a suffix"
        raise OrgError(
            f"cannot tell the output format from {what}; use one of "
            f"{', '.join('.' + f for f in RENDER_FORMATS)} or --format",
            file=out,
            choices=RENDER_FORMATS,
        )
    return fmt


def _cmd_render(args: argparse.Namespace) -> int:
    out: str = args.output
    fmt = _output_format(out, args.format)
    if out != "-":
        target = Path(out)
        if target.is_dir():
            raise OrgError("is a folder; give a file name such as chart.svg", file=out)
        if not target.parent.is_dir():
            raise OrgError(
                f"the folder {str(target.parent)!r} does not exist; create it first", file=out
            )
    elif fmt in BINARY_FORMATS and sys.stdout.isatty():
        raise OrgError(
            f"will not write {fmt.upper()} bytes to a terminal; redirect stdout or use -o FILE"
        )

    chart = _chart_options(args)
    org = load_org(args.file, args, dated=True)
    check_lang(org, args.lang, args.file)
    if args.root is not None:
        org.unit(args.root)  # an unknown id fails here, with did-you-mean
    from orggraph import render as renderers

    options: dict[str, Any] = {"format": fmt, "engine": args.engine, **chart}
    with warnings_to_stderr(args.file):
        if out != "-":
            renderers.render(org, out, **options)
            verbose(args, f"{args.file} -> {out} ({fmt})")
            return EXIT_OK
        data = renderers.render(org, None, **options)
    if not isinstance(data, bytes):  # pragma: no cover - the renderer's contract
        raise OrgError(f"the renderer returned {type(data).__name__}, not bytes")
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    elif fmt in BINARY_FORMATS:
        raise OrgError("standard output cannot take binary data; use -o FILE")
    else:
        sys.stdout.write(data.decode("utf-8"))
    return EXIT_OK


def _chart_options(args: argparse.Namespace) -> dict[str, Any]:
    """The chart options of ``render``'s flags, checked before the organisation is read
    (a bad value is the OrgError of ChartOptions, naming the valid choices): the shared
    ``--lang``, ``--root``, ``--depth``, the links and responsibilities always, and the
    other options given."""
    from orggraph.cli.chartflags import chart_values
    from orggraph.render.options import ChartOptions

    given = chart_values(args)
    links = given.pop("links", LINK_KINDS)
    dropped = {"dotted": args.no_dotted, "collaboration": args.no_collaboration}
    if isinstance(links, tuple):
        links = tuple(k for k in links if not dropped.get(k))
    options: dict[str, Any] = {
        "lang": args.lang,
        "root": args.root,
        "depth": args.depth,
        "links": links,
        "responsibilities": given.pop("responsibilities", False),
        **given,
    }
    ChartOptions.of(**options)
    return options


def _cmd_generate(args: argparse.Namespace) -> int:
    from orggraph.datasets import synthetic

    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".yaml", ".yml", ".json"):
        raise OrgError(
            f"cannot tell the format from the suffix {out.suffix!r}; use .csv, .yaml, .yml or .json",
            file=str(out),
            choices=(".csv", ".yaml", ".yml", ".json"),
        )
    if not out.parent.is_dir():
        raise OrgError("the folder does not exist", file=str(out.parent))
    org = synthetic(args.units, seed=args.seed)
    if suffix == ".csv":
        from orggraph.io.tables_out import to_csv

        to_csv(org, out, people=args.people)
    else:
        org_dump(org, out, format="json" if suffix == ".json" else "yaml", people=args.people)
    verbose(args, f"{out}: {len(org):,} units (seed {args.seed})")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from orggraph.core.schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    out: str | None = args.output
    if out is None or out == "-":
        sys.stdout.write(text)
        return EXIT_OK
    from orggraph.io.files import atomic_write

    if not Path(out).parent.is_dir():
        raise OrgError("the folder does not exist; create it first", file=out)
    atomic_write(out, text)
    verbose(args, f"{out}: the JSON Schema of the file format")
    return EXIT_OK


def _check_render(args: argparse.Namespace) -> None:
    """Usage rules argparse cannot say: ``--format`` is required with ``-o -``."""
    if args.output == "-" and args.format is None:
        args.subparser.error("--format is required with -o -")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``orggraph`` command."""
    parser = _main_parser()
    common = _common_options()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _register_render(sub, common)
    _register_validate(sub, common)
    register_stats(sub, common)  # stats and show (cli/stats.py), in their --help place
    _register_generate(sub, common)
    _register_schema(sub, common)

    # Commands whose logic lives with the features they expose.
    from orggraph.cli.analysis import register as register_analysis
    from orggraph.cli.convert import register as register_convert
    from orggraph.cli.explore import register as register_explore
    from orggraph.cli.history import register as register_history
    from orggraph.cli.reorg import register as register_reorg

    register_analysis(sub, common)
    register_convert(sub, common)
    register_explore(sub, common)
    register_history(sub, common)
    register_reorg(sub, common)
    return parser


def _main_parser() -> argparse.ArgumentParser:
    """The ``orggraph`` parser itself: description, examples, the global options."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Validate, query, roll up and draw an organisation described in YAML, JSON or a "
            "CSV/Excel table (canonical columns: id, parent, name, ...)."
        ),
        epilog=(
            "examples:\n"
            "  orggraph render data/ecommerce.yaml -o out/ecommerce-en.svg --lang en\n"
            "  orggraph validate data/*.yaml\n"
            "  orggraph stats data/ecommerce.yaml --root customer_service --format csv\n"
            "  orggraph show data/ecommerce.yaml --lang zh --depth 2\n"
            "  orggraph generate 10000 -o big.csv && orggraph render big.csv -o big.svg\n"
            "  orggraph convert data/ecommerce.yaml -o org.graphml -v\n"
            "\nquiet on success (-v says what was written); warnings: orggraph: warning: FILE: ...\n"
            "exit codes: 0 ok, 1 bad input or failed job, 2 bad usage, 3 internal error"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of errors")
    parser.add_argument("-v", "--verbose", action="store_true", help=VERBOSE_HELP)
    return parser


def _common_options() -> argparse.ArgumentParser:
    """The parent parser of every subcommand: --debug and -v are accepted after the
    subcommand as well; SUPPRESS keeps the global value."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the traceback of errors",
    )
    common.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=VERBOSE_HELP
    )
    return common


def _register_render(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "render",
        parents=[common, input_options(chart=True), lang_options(), scope_options()],
        help="draw an organisation chart (SVG, PNG, PDF or DOT)",
        description=(
            "Draw an organisation chart; the format is the suffix of -o, or --format. Every "
            "chart option (orggraph.render.ChartOptions) has a flag, see 'chart options'; "
            "docs/charts.md shows each with a picture."
        ),
    )
    p.add_argument("file", metavar="FILE", help=INPUT_HELP)
    p.add_argument(
        "-o", "--output", metavar="OUT", required=True, help="the chart file to write; - for stdout"
    )
    p.add_argument("--format", choices=RENDER_FORMATS, help="output format (required with -o -)")
    p.add_argument(
        "--engine", choices=RENDER_ENGINES, default="auto", help="renderer (default: auto)"
    )
    p.add_argument("--no-collaboration", action="store_true", help="leave out collaboration links")
    p.add_argument(
        "--no-dotted", action="store_true", help="leave out dotted (matrix) reporting lines"
    )
    from orggraph.cli.chartflags import add_chart_flags

    group = p.add_argument_group(
        "chart options", "one flag per chart option (orggraph.render.options.ChartOptions)"
    )
    added = add_chart_flags(group, skip=("lang", "root", "depth"))  # the shared flags
    if "people" not in added:
        # Until charts name people, --no-people is accepted (for scripts) and changes nothing.
        add_no_people(p)
    p.set_defaults(func=_cmd_render, subparser=p, check=_check_render)


def _register_validate(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "validate",
        parents=[common, input_options()],
        help="check organisation files",
        description="Check organisation files; print one line per file. Exit 1 if any is invalid.",
    )
    p.add_argument(
        "files",
        metavar="FILE",
        nargs="+",
        help="organisation files, any readable format; - for stdin",
    )
    p.set_defaults(func=_cmd_validate)


def _register_generate(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "generate",
        parents=[common],
        help="write a synthetic organisation of N units",
        description=(
            "Write a realistic synthetic organisation (spans mostly 3-12, some flat groups, "
            "depth ~ log N, heads, seats, salaries, dotted lines), reproducible by --seed. "
            "The format is the suffix of -o: .csv, .yaml or .json."
        ),
    )
    p.add_argument("units", metavar="N", type=whole_number(1), help="number of units")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="the file to write")
    p.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    add_no_people(p)
    p.set_defaults(func=_cmd_generate)


def _register_schema(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "schema",
        parents=[common],
        help="print or write the JSON Schema of the file format",
        description=(
            "Print the JSON Schema of the file format (for editor completion) on stdout, "
            "or write it to -o OUT."
        ),
    )
    p.add_argument(
        "-o", "--output", metavar="OUT", help="the file to write (default, or -: stdout)"
    )
    p.set_defaults(func=_cmd_schema)


# -- entry point --------------------------------------------------------------------------


def _exit_code(code: object) -> int:
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    print_error(str(code))
    return EXIT_ERROR


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the final flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _one_line(exc: BaseException) -> str:
    msg = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """``parser.parse_args(argv)``, then the usage rules argparse cannot say: a
    subcommand's ``take_extra`` may claim arguments argparse left over (``convert``'s
    deprecated positional OUT after an option) and its ``check`` may call
    ``parser.error`` (exit 2)."""
    args, extra = parser.parse_known_args(argv)
    take: Callable[[argparse.Namespace, list[str]], list[str]] | None
    take = getattr(args, "take_extra", None)
    if extra and take is not None:
        extra = take(args, extra)
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    check: Callable[[argparse.Namespace], None] | None = getattr(args, "check", None)
    if check is not None:
        check(args)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit code."""
    utf8_safe_streams()
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv

    def report(message: str, code: int) -> int:
        if debug:
            traceback.print_exc()
        print_error(message)
        return code

    try:
        parser = build_parser()
        # One warning printer for the whole command: each warning is printed once.
        with warnings_to_stderr():
            try:
                args = _parse(parser, argv)
            except SystemExit as exc:  # --help, --version, usage errors
                return _exit_code(exc.code)
            debug = bool(args.debug)
            func: Callable[[argparse.Namespace], int] = args.func
            code = func(args)
        sys.stdout.flush()
        return code
    except OrgError as err:
        return report(f"{PROG}: error: {err}", EXIT_ERROR)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return report(f"{PROG}: interrupted", EXIT_INTERRUPTED)
    except OSError as err:  # e.g. the disk is full while writing to stdout
        where = f"{err.filename}: " if err.filename else ""
        return report(f"{PROG}: error: {where}{err.strerror or _one_line(err)}", EXIT_ERROR)
    except Exception as err:
        return report(
            f"{PROG}: internal error: {_one_line(err)} (run with --debug for the traceback)",
            EXIT_INTERNAL,
        )
