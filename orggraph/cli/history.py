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
import dataclasses
from typing import Any

from orggraph.cli.common import INPUT_HELP, input_options, load_org, print_out
from orggraph.core.rollup import bound_text
from orggraph.core.rows import Rows
from orggraph.names import clean

__all__ = ["one_line", "register", "unit_table"]

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
        print_out(unit_table(org.history(args.unit)))
        return EXIT_OK
    events = org.timeline()
    if not events:
        print_out("no dated facts: the organisation is the same on every date")
        return EXIT_OK
    for event in events:
        if event.kind == "renamed":
            event = dataclasses.replace(
                event, before=one_line(event.before), after=one_line(event.after)
            )
        recorded = f"  (recorded {event.recorded.isoformat()})" if event.recorded else ""
        print_out(f"{event}{recorded}")
    return EXIT_OK


def one_line(value: Any) -> Any:
    """A name as a table cell shows it: cleaned (:func:`orggraph.names.clean`: no control
    or direction-override characters) and on one line; other values as they are.

    >>> one_line("R&D\\nnew \\u202eline"), one_line(None)
    ('R&D new line', None)
    """
    return " ".join(clean(value).split()) if isinstance(value, str) else value


def unit_table(rows: Rows) -> str:
    """:meth:`Org.history`'s rows as a text table: names on one line, the headcount as
    every output says it (``≥ 45`` when some figures are unknown, ``?`` when none is
    known: unknown is never 0).

    >>> print(unit_table(Rows([{"from": None, "to": None, "parent": None, "name": "A\\nB",
    ...     "head": None, "headcount": 0, "unknown": 1}], columns=("name", "headcount"), kind="history")))
    name  headcount
    ----  ---------
    A B           ?
    """
    shown = []
    for row in rows:
        cells = dict(row)
        cells["name"] = one_line(cells.get("name"))
        if isinstance(cells.get("head"), (list, tuple)):
            cells["head"] = [one_line(h) for h in cells["head"]]
        if "headcount" in cells:
            cells["headcount"] = bound_text(cells["headcount"], not cells.get("unknown"))
        shown.append(cells)
    return Rows(shown, columns=rows.columns, kind="history").to_text()
