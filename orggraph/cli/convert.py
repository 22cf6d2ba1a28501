"""The ``orggraph convert IN OUT`` subcommand: any readable format to any writable one.

The formats come from the suffixes (``.yaml``, ``.graphml``, ``.ttl``, ...; see
:data:`orggraph.io.registry.FORMATS`) or from ``--from`` / ``--to``. ``OUT`` may be ``-``
(standard output) together with ``--to``.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="orggraph")
>>> register(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
>>> args = parser.parse_args(["convert", "org.yaml", "org.ttl", "--lang", "en"])
>>> args.input, args.output, args.lang, args.to_format
('org.yaml', 'org.ttl', 'en', None)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from orggraph.cli.app import add_safe_csv
from orggraph.cli.common import input_options, load_org
from orggraph.errors import OrgError

__all__ = ["register"]


def _cmd_convert(args: argparse.Namespace) -> int:
    from orggraph import io as formats

    if args.output == "-" and args.to_format is None:
        raise OrgError("--to FORMAT is required when OUT is - (standard output)")
    fmt = formats.format_of(args.output, args.to_format, mode="write")
    if args.safe_csv and fmt.name != "csv":
        raise OrgError(f"--safe-csv applies to CSV output, not {fmt.name}", file=args.output)
    if args.safe_csv:
        return _convert_to_safe_csv(args)
    if args.output == "-":
        org = load_org(args.input, args)
        content = formats.serialize(org, fmt.name, lang=args.lang)
        sys.stdout.write(content)
        return 0
    org = load_org(args.input, args)
    path = formats.write(org, args.output, fmt.name, lang=args.lang)
    sys.stdout.write(f"{args.input} -> {path} ({fmt.name})\n")
    return 0


def _convert_to_safe_csv(args: argparse.Namespace) -> int:
    """``convert --safe-csv``: CSV for spreadsheets (:func:`orggraph.io.tables_out.to_csv` with
    ``safe=True``)."""
    from orggraph.io.tables_out import to_csv

    target = Path(args.output)
    if args.output != "-" and not target.parent.is_dir():
        raise OrgError("the folder does not exist; create it first", file=str(target.parent))
    org = load_org(args.input, args)
    if args.output == "-":
        sys.stdout.write(str(to_csv(org, safe=True)))
        return 0
    path = to_csv(org, target, safe=True)
    sys.stdout.write(f"{args.input} -> {path} (csv, safe for spreadsheets)\n")
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
            "Read IN and write OUT, each in the format of its suffix (or --from/--to). "
            "Formats that carry the whole organisation read back equal to what was written; "
            "Mermaid and DOT are write-only pictures. OUT is written atomically."
        ),
        epilog=(
            f"formats:\n{table}\n\nexamples:\n"
            "  orggraph convert data/ecommerce.yaml chart.graphml --lang en\n"
            "  orggraph convert data/ecommerce.yaml org.ttl && orggraph convert org.ttl back.yaml\n"
            "  orggraph convert data/ecommerce.yaml - --to mermaid --lang en >> README.md\n"
            "  orggraph convert hr.yaml for-excel.csv --safe-csv"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("input", metavar="IN", help="the organisation to read; - for standard input")
    p.add_argument(
        "output", metavar="OUT", help="the file to write; - for standard output (with --to)"
    )
    p.add_argument("--lang", metavar="L", help="language of labels (graph tools, Mermaid, DOT)")
    p.add_argument(
        "--to",
        dest="to_format",
        metavar="FORMAT",
        choices=list(FORMATS),
        help="the format of OUT, when its suffix does not tell",
    )
    add_safe_csv(p)
    p.set_defaults(func=_cmd_convert)
