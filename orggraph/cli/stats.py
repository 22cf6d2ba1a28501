"""The ``orggraph stats`` and ``orggraph show`` subcommands: each unit's rollups as a
table, CSV or JSON, and the reporting tree with heads and figures in the terminal.

``cli.build_parser`` calls :func:`register` with its subparsers and the parent parser
that gives ``--debug``; the handlers return 0 and raise :class:`orggraph.OrgError` on
failure.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="orggraph")
>>> register(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
>>> args = parser.parse_args(["stats", "org.yaml", "--measure", "seats", "--depth", "1"])
>>> args.measure, args.depth, args.format
(['seats'], 1, 'table')
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from orggraph.cli.common import (
    INPUT_HELP,
    add_safe_csv,
    check_lang,
    input_options,
    lang_options,
    load_org,
    pad_to,
    plural_of,
    print_out,
    scope_options,
)
from orggraph.core.rollup import bound_text
from orggraph.core.rows import cell_width
from orggraph.errors import OrgError
from orggraph.names import text
from orggraph.ops.analysis.vacancies import RATE, stats

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = ["as_of_line", "register", "terminal_text"]

EXIT_OK = 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``stats`` and ``show`` subcommands to the argparse subparsers object *sub*."""
    _register_stats(sub, common)
    _register_show(sub, common)


# Zero-width (non-)joiners and the direction marks: invisible but part of real names
# (emoji sequences, right-to-left text); every other unprintable character is escaped.
_KEPT = frozenset("\u200c\u200d\u200e\u200f")


def terminal_text(text: str) -> str:
    """*text* safe for a terminal table: control characters (a newline, an ESC that
    would start a colour sequence) and bidirectional overrides shown escaped, as
    Python writes them, so that a name cannot break or restyle the table.

    >>> print(terminal_text("Ann\\nEvil\\x1b[31mRed \\u202eab"))
    Ann\\nEvil\\x1b[31mRed \\u202eab
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c in _KEPT else repr(c)[1:-1] for c in text)


def as_of_line(org: Org) -> str:
    """The first line of a text output for a dated organisation: the day its figures
    describe (``as of 2026-07-01``, then a newline); empty for an undated one."""
    return f"as of {org.date.isoformat()}\n" if org.dated and org.date is not None else ""


def _scoped(org: Org, root: str | None) -> Org:
    """The subtree under *root* (an UnknownIdError with did-you-mean if there is none)."""
    return org if root is None else org.subtree(root)


def _cmd_stats(args: argparse.Namespace) -> int:
    if args.safe_csv and args.format != "csv":
        raise OrgError(f"--safe-csv applies to CSV output: add --format csv (not {args.format})")
    org = load_org(args.file, args, dated=True)  # dated: it says its day
    check_lang(org, args.lang, args.file)
    day = as_of_line(org)  # before --root: a subtree has no dates
    org = _scoped(org, args.root)
    rows = stats(org, args.measure, lang=args.lang, depth=args.depth)
    measures: list[str] = list(rows.options["measures"])
    if args.format == "json":
        print_out(json.dumps(rows, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        _write_csv(rows, measures, sys.stdout, safe=args.safe_csv)
    else:
        sys.stdout.write(day)
        _write_table(rows, measures, sys.stdout)
    return EXIT_OK


def _write_csv(
    rows: list[dict[str, Any]], measures: Sequence[str], stream: TextIO, *, safe: bool = False
) -> None:
    from orggraph.io.tablecheck import csv_text

    fields = ["id", "name", "depth", "parent"]
    for m in measures:
        fields += [m] if m == RATE else [m, f"{m}_unknown"]
    stream.write(csv_text(fields, [[row[k] for k in fields] for row in rows], safe=safe))


def _cell(row: dict[str, Any], measure: str) -> str:
    """A figure as the table shows it: ``≥`` when a part is unknown; the vacancy rate
    as a percentage, ``—`` when unknown."""
    if measure == RATE:
        rate = row[RATE]
        return "—" if rate is None else f"{rate * 100:.1f}".rstrip("0").rstrip(".") + "%"
    return bound_text(row[measure], not row[f"{measure}_unknown"])


def _write_table(rows: list[dict[str, Any]], measures: Sequence[str], stream: TextIO) -> None:
    header = ["unit", "id", *measures]
    body = [
        [
            "  " * r["depth"] + terminal_text(r["name"]),
            terminal_text(r["id"]),
            *(_cell(r, m) for m in measures),
        ]
        for r in rows
    ]
    widths = [max(cell_width(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = []
    for line in [header, ["-" * w for w in widths], *body]:
        cells = [
            pad_to(cell, w, right=i >= 2)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    notes = []
    for m in measures:
        if m == RATE:
            continue
        missing = sum(r[f"{m}_unknown"] for r in rows if r["depth"] == 0)
        if missing:
            notes.append(
                f"* {plural_of(missing, 'unit')} {'has' if missing == 1 else 'have'} unknown {m}"
            )
    if notes:
        lines += ["", *notes]
    stream.write("\n".join(lines) + "\n")


def _cmd_show(args: argparse.Namespace) -> int:
    org = load_org(args.file, args, dated=True)  # dated: it says its day
    check_lang(org, args.lang, args.file)
    day = as_of_line(org)  # before --root: a subtree has no dates
    org = _scoped(org, args.root)
    measures = ("seats", "budget")
    table = org.rollup_table(measures)
    lang0 = org.lang[0] if org.lang else None

    def label(uid: str) -> str:
        parts = [terminal_text(org.name(uid, lang=args.lang))]
        head = org.unit(uid).get("head")
        title = text(head.get("title"), args.lang, default_lang=lang0) if head else ""
        if title:
            parts.append(f"({terminal_text(title)})")
        figures = ", ".join(
            f"{m} {bound_text(table.value(uid, m), not table.unknown_count(uid, m))}"
            for m in measures
        )
        parts.append(f"[{figures}]")
        return " ".join(parts)

    lines: list[str] = []
    # (unit id or None for a "hidden units" line, prefix of the line, prefix of its children,
    #  depth, hidden count)
    stack: list[tuple[str | None, str, str, int, int]] = [
        (r, "", "", 0, 0) for r in reversed(org.roots())
    ]
    while stack:
        uid, prefix, child_prefix, depth, hidden = stack.pop()
        if uid is None:
            lines.append(f"{prefix}… (+{plural_of(hidden, 'unit')})")
            continue
        lines.append(prefix + label(uid))
        kids = org.children(uid)
        if not kids:
            continue
        if args.depth is not None and depth >= args.depth:
            stack.append((None, child_prefix + "└── ", "", 0, len(org.descendants(uid))))
            continue
        for i in range(len(kids) - 1, -1, -1):
            last = i == len(kids) - 1
            stack.append(
                (
                    kids[i],
                    child_prefix + ("└── " if last else "├── "),
                    child_prefix + ("    " if last else "│   "),
                    depth + 1,
                    0,
                )
            )
    sys.stdout.write(day + "".join(line + "\n" for line in lines))
    return EXIT_OK


def _register_stats(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "stats",
        parents=[common, input_options(), lang_options(), scope_options()],
        help="headcount, vacancies, FTE, people and budget per unit",
        description=(
            "Seats (planned headcount) and monthly salary budget of each unit and everything "
            "under it; for a file that declares people also filled seats, vacancies, the "
            "vacancy rate (vacancies / seats), planned FTE and people (distinct persons in "
            "posts that count). '≥' marks figures with unknown parts, '—' a rate that is "
            "unknown: unknown is not zero."
        ),
    )
    p.add_argument("file", metavar="FILE", help=INPUT_HELP)
    p.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help="default: table"
    )
    p.add_argument(
        "--measure",
        metavar="M",
        nargs="+",
        action="extend",
        help=(
            "seats, budget, filled, vacancies, vacancy_rate, fte, people or a numeric attrs "
            "key (default: seats budget; for a file that declares people: seats filled "
            "vacancies vacancy_rate fte people budget)"
        ),
    )
    add_safe_csv(p)
    p.set_defaults(func=_cmd_stats)


def _register_show(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "show",
        parents=[common, input_options(), lang_options(), scope_options()],
        help="print the reporting tree",
        description="Print the reporting tree with each unit's head, seats and budget.",
    )
    p.add_argument("file", metavar="FILE", help=INPUT_HELP)
    p.set_defaults(func=_cmd_show)
