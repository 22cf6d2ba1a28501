"""The ``orggraph history`` subcommand: a dated organisation through time.

``orggraph history org.yaml`` lists every dated change (created, moved, renamed, closed,
assignments, links), one a line, by date; ``orggraph history org.yaml UNIT`` prints the
unit's parent, name, head and headcount on each stretch between changes. See "Dates and
history" in ``docs/format.md``.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="orggraph")
>>> register(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
>>> args = parser.parse_args(["history", "org.yaml", "sales"])
>>> args.file, args.unit, args.format
('org.yaml', 'sales', 'text')
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from typing import TYPE_CHECKING, Any

from orggraph.cli.common import (
    INPUT_HELP,
    check_lang,
    input_options,
    lang_options,
    load_org,
    print_out,
)
from orggraph.core.rollup import bound_text
from orggraph.core.rows import Rows
from orggraph.io.native import json_default
from orggraph.names import clean, text

if TYPE_CHECKING:
    pass

__all__ = ["one_line", "register", "take_unit", "unit_table"]

EXIT_OK = 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``history`` to *sub* (from ``parser.add_subparsers``); *common* is the parent
    parser that provides ``--debug``."""
    p = sub.add_parser(
        "history",
        parents=[common, input_options(as_of=False), lang_options()],  # it reads every date
        help="a dated organisation's changes, or one unit's history",
        description=(
            "List the dated changes of an organisation (units created, moved, renamed, "
            "closed; assignments; links), or, given a UNIT, its parent, name, head and "
            "headcount on each stretch of time between changes."
        ),
    )
    p.add_argument("file", metavar="FILE", help=INPUT_HELP)
    p.add_argument("unit", metavar="UNIT", nargs="?", help="one unit's history (its id)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="default: text")
    p.set_defaults(func=_cmd_history, take_extra=take_unit)


def take_unit(args: argparse.Namespace, extra: list[str]) -> list[str]:
    """UNIT when it came after an option (argparse gives the optional positional nothing
    at ``FILE --rows people UNIT`` and leaves UNIT over); return what is still left over.

    >>> ns = argparse.Namespace(unit=None)
    >>> take_unit(ns, ["Engineering"]), ns.unit
    ([], 'Engineering')
    """
    if args.unit is None and len(extra) == 1 and not extra[0].startswith("-"):
        args.unit = extra[0]
        return []
    return extra


def _cmd_history(args: argparse.Namespace) -> int:
    org = load_org(args.file, args)
    check_lang(org, args.lang, args.file)
    if args.unit is not None:
        rows = org.history(args.unit, lang=args.lang)
        if args.format == "json":
            print_out(json.dumps(list(rows), ensure_ascii=False, indent=2, default=json_default))
        else:
            print_out(unit_table(rows))
        return EXIT_OK
    events = org.timeline()
    lang0 = org.lang[0] if org.lang else None
    shown = []
    for event in events:
        if event.kind == "renamed":  # a name in several languages: the one asked for
            event = dataclasses.replace(
                event,
                before=one_line(text(event.before, args.lang, default_lang=lang0)),
                after=one_line(text(event.after, args.lang, default_lang=lang0)),
            )
        shown.append(event)
    if args.format == "json":
        print_out(
            json.dumps(
                [dataclasses.asdict(e) for e in shown],
                ensure_ascii=False,
                indent=2,
                default=json_default,
            )
        )
        return EXIT_OK
    if not shown:
        print_out("no dated facts: the organisation is the same on every date")
    for event in shown:
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
    known: unknown is never 0), the head ``—`` for no head post, ``?`` when its holders
    are unknown, ``vacant`` when nobody holds it.

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
        head = cells.get("head")
        if isinstance(head, (list, tuple)):
            cells["head"] = [one_line(h) for h in head] if head else "vacant"
        if "headcount" in cells:
            cells["headcount"] = bound_text(cells["headcount"], not cells.get("unknown"))
        shown.append(cells)
    return Rows(shown, columns=rows.columns, kind="history").to_text()
