"""The ``orggraph convert IN -o OUT`` subcommand: any readable format to any writable one.

The formats come from the suffixes (``.yaml``, ``.graphml``, ``.ttl``, ...; see
:data:`orggraph.io.registry.FORMATS`) or from ``--from`` / ``--to``. ``OUT`` may be ``-``
(standard output) together with ``--to``. The old form ``convert IN OUT`` (``OUT``
positional) still works in this release, with a deprecation warning on stderr.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="orggraph")
>>> register(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
>>> args = parser.parse_args(["convert", "org.yaml", "-o", "org.ttl", "--lang", "en"])
>>> args.input, args.output, args.lang, args.to_format
('org.yaml', 'org.ttl', 'en', None)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orggraph.cli.common import (  # cli imports this module only inside build_parser()
    add_no_people,
    add_safe_csv,
    check_lang,
    input_options,
    load_org,
    verbose,
    warn,
    warnings_to_stderr,
)
from orggraph.errors import OrgError

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = ["register"]

DEPRECATED_OUT = (
    "'orggraph convert IN OUT' is deprecated and goes in the next release; "
    "use 'orggraph convert IN -o OUT'"
)


def _check_convert(args: argparse.Namespace) -> None:
    """Take the deprecated positional OUT as ``-o OUT`` (with a warning); exactly one
    output is required. A usage error exits 2 (``parser.error``). Running it twice is
    harmless: the handler runs it again for callers that skip ``main``."""
    old = args.old_output
    if old is not None:
        if args.output is not None:
            args.subparser.error(
                "give the output once, as -o OUT (the positional OUT is deprecated)"
            )
        warn(DEPRECATED_OUT)
        args.output, args.old_output = old, None
    if args.output is None:
        args.subparser.error("the following arguments are required: -o/--output")


def _take_old_output(args: argparse.Namespace, extra: list[str]) -> list[str]:
    """The deprecated positional OUT when an option came between IN and OUT (argparse then
    leaves it over: ``convert IN --lang en OUT``); return what is still left over."""
    path_like = len(extra) == 1 and (extra[0] == "-" or not extra[0].startswith("-"))
    if args.old_output is None and path_like:
        args.old_output = extra[0]
        return []
    return extra


def _cmd_convert(args: argparse.Namespace) -> int:
    from orggraph import io as formats

    _check_convert(args)
    if args.output == "-" and args.to_format is None:
        raise OrgError("--to FORMAT is required when OUT is - (standard output)")
    fmt = formats.format_of(args.output, args.to_format, mode="write")  # before any reading
    if args.safe_csv and fmt.name != "csv":
        raise OrgError(f"--safe-csv applies to CSV output, not {fmt.name}", file=args.output)
    org = load_org(args.input, args)
    check_lang(org, args.lang, args.input)
    if args.safe_csv:
        return _convert_to_safe_csv(args, org)
    if args.output == "-":
        sys.stdout.write(formats.serialize(org, fmt.name, lang=args.lang, people=args.people))
        return 0
    with warnings_to_stderr(args.input):
        path = formats.write(org, args.output, fmt.name, lang=args.lang, people=args.people)
    verbose(args, f"{args.input} -> {path} ({fmt.name})")
    return 0


def _convert_to_safe_csv(args: argparse.Namespace, org: Org) -> int:
    """``convert --safe-csv``: CSV for spreadsheets (:func:`orggraph.io.tables_out.to_csv` with
    ``safe=True``)."""
    from orggraph.io.tables_out import to_csv

    target = Path(args.output)
    if args.output != "-" and not target.parent.is_dir():
        raise OrgError(
            f"the folder {str(target.parent)!r} does not exist; create it first", file=args.output
        )
    if args.output == "-":
        sys.stdout.write(str(to_csv(org, safe=True, people=args.people)))
        return 0
    path = to_csv(org, target, safe=True, people=args.people)
    verbose(args, f"{args.input} -> {path} (csv, safe for spreadsheets)")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``convert`` to *sub* (the ``add_subparsers()`` object of the ``orggraph``
    parser); *common* is the parent parser holding the shared options (``--debug``)."""
    from orggraph.io.registry import FORMATS

    table = "\n".join(
        f"  {f.name:<10} {', '.join(f.suffixes):<22} "
        f"{'read+write' if f.readable and f.writable else 'read only' if f.readable else 'write only':<11}"
        f"{f.description}"
        for f in FORMATS.values()
    )
    p = sub.add_parser(
        "convert",
        parents=[common, input_options()],
        help="convert an organisation to another format (by suffix)",
        description=(
            "Read IN and write OUT (-o), each in the format of its suffix (or --from/--to). "
            "Formats that carry the whole organisation read back equal to what was written; "
            "Mermaid and DOT are write-only pictures. OUT is written atomically. The old form "
            "'convert IN OUT' still works in this release, with a deprecation warning."
        ),
        epilog=(
            f"formats:\n{table}\n\nexamples:\n"
            "  orggraph convert data/ecommerce.yaml -o chart.graphml --lang en\n"
            "  orggraph convert data/ecommerce.yaml -o org.ttl && "
            "orggraph convert org.ttl -o back.yaml\n"
            "  orggraph convert data/ecommerce.yaml -o - --to mermaid --lang en >> README.md\n"
            "  orggraph convert data/xingchen.yaml -o shared.graphml --no-people"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("input", metavar="IN", help="the organisation to read; - for standard input")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="the file to write (required); - for standard output (with --to)",
    )
    # `convert IN OUT`, deprecated: kept for one release, hidden from the help.
    p.add_argument("old_output", metavar="OUT", nargs="?", help=argparse.SUPPRESS)
    p.add_argument("--lang", metavar="L", help="language of labels (graph tools, Mermaid, DOT)")
    p.add_argument(
        "--to",
        dest="to_format",
        metavar="FORMAT",
        choices=list(FORMATS),
        help="the format of OUT, when its suffix does not tell",
    )
    add_safe_csv(p)
    add_no_people(p)
    p.set_defaults(
        func=_cmd_convert, subparser=p, check=_check_convert, take_extra=_take_old_output
    )
    # -o is required, but argparse cannot say so while the old positional OUT is accepted:
    # show it as required in the usage line.
    p.usage = p.format_usage().removeprefix("usage: ").strip().replace("[-o OUT]", "-o OUT")
