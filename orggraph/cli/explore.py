"""The ``orggraph explore`` subcommand: the interactive explorer as one offline HTML file.

``orggraph explore org.yaml -o org.html`` writes the page (see ``docs/explorer.md``);
:func:`register` adds the command to the parser of :mod:`orggraph.cli.app`.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="orggraph")
>>> register(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
>>> args = parser.parse_args(["explore", "org.yaml", "-o", "org.html", "--depth", "1"])
>>> args.output, args.depth, args.people
('org.html', 1, True)
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from orggraph.cli.common import (
    INPUT_HELP,
    add_no_people,
    check_lang,
    input_options,
    lang_options,
    load_org,
    verbose,
    warnings_to_stderr,
    whole_number,
)
from orggraph.core.org import LINK_KINDS
from orggraph.errors import OrgError

__all__ = ["register"]

EXIT_OK = 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``explore`` to *sub* (from ``parser.add_subparsers``); *common* is the parent
    parser that provides ``--debug``."""
    p = sub.add_parser(
        "explore",
        parents=[common, input_options(), lang_options()],
        help="write the interactive org chart: one HTML file that works offline",
        description=(
            "Write the organisation's explorer: an interactive chart (expand, search, "
            "details, export) in one self-contained HTML file that makes no network request."
        ),
    )
    p.add_argument("file", metavar="FILE", help=INPUT_HELP)
    p.add_argument("-o", "--output", metavar="OUT", required=True, help="the .html file to write")
    p.add_argument("--root", metavar="ID", help="only the unit ID and the units under it")
    p.add_argument(
        "--depth",
        metavar="N",
        type=whole_number(0),
        help="levels open at first (default: 2, or 1 above 200 units)",
    )
    p.add_argument(
        "--no-dotted", action="store_true", help="start with dotted reporting lines hidden"
    )
    p.add_argument(
        "--no-collaboration", action="store_true", help="start with collaborations hidden"
    )
    add_no_people(p)
    p.set_defaults(func=_cmd_explore)


def _cmd_explore(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.is_dir():
        raise OrgError("is a folder; give a file name such as org.html", file=args.output)
    if not out.parent.is_dir():
        raise OrgError(
            f"the folder {str(out.parent)!r} does not exist; create it first", file=args.output
        )
    org = load_org(args.file, args, dated=True)
    check_lang(org, args.lang, args.file)
    if args.root is not None:
        org.unit(args.root)  # an unknown id fails here, with did-you-mean
    hidden = {"dotted": args.no_dotted, "collaboration": args.no_collaboration}
    from orggraph.render.explorer import explore

    with warnings_to_stderr(args.file):
        page = explore(
            org,
            lang=args.lang,
            depth=args.depth,
            root=args.root,
            links=tuple(k for k in LINK_KINDS if not hidden[k]),
            people=args.people,
        )
        page.save(out)
    verbose(args, f"{args.file} -> {args.output} (explorer, {len(page.html.encode()):,} bytes)")
    return EXIT_OK
