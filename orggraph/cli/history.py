"""The ``orggraph history`` subcommand: a dated organisation through time.

``orggraph history org.yaml`` lists every dated change (created, moved, renamed, closed,
assignments, links), one a line, by date; ``orggraph history org.yaml UNIT`` prints the
unit's parent, name, head and headcount on each stretch between changes. See "Dates and
history" in ``docs/format.md``.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="orggraph")
>>> register(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
>>> args = parser.parse_args(["history", "org.yaml", "sales"])
>>> args.file, args.unit
('org.yaml', 'sales')
"""

from __future__ import annotations

import argparse
from typing import Any

from orggraph.cli.common import INPUT_HELP, input_options, load_org, print_out

__all__ = ["register"]

EXIT_OK = 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``history`` to *sub* (from ``parser.add_subparsers``); *common* is the parent
    parser that provides ``--debug``."""
    p = sub.add_parser(
        "history",
        parents=[common, input_options(as_of=False)],  # it reads every date
        help="a dated organisation's changes, or one unit's history",
        description=(
            "List the dated changes of an organisation (units created, moved, renamed, "
            "closed; assignments; links), or, given a UNIT, its parent, name, head and "
            "headcount on each stretch of time between changes."
        ),
    )
    p.add_argument("file", metavar="FILE", help=INPUT_HELP)
    p.add_argument("unit", metavar="UNIT", nargs="?", help="one unit's history (its id)")
    p.set_defaults(func=_cmd_history)


def _cmd_history(args: argparse.Namespace) -> int:
    org = load_org(args.file, args)
    if args.unit is not None:
        print_out(str(org.history(args.unit)))
        return EXIT_OK
    events = org.timeline()
    if not events:
        print_out("no dated facts: the organisation is the same on every date")
        return EXIT_OK
    for event in events:
        recorded = f"  (recorded {event.recorded.isoformat()})" if event.recorded else ""
        print_out(f"{event}{recorded}")
    return EXIT_OK
