"""The ``diff`` and ``apply`` subcommands of the ``orggraph`` command line.

``orggraph diff A B`` prints what changed from organisation A to B (a table, or JSON
with ``--format json``) and can draw it (``--chart OUT``); ``orggraph apply FILE
SCENARIO -o OUT`` applies a reorganisation scenario and writes the result with its
change log (with ``--effective DATE``, or the scenario's ``effective:``, as dated
changes: one organisation with the old structure before DATE and the new one from it).
:func:`register` adds them to the parser of :mod:`orggraph.cli.app`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orggraph.cli.common import (
    INPUT_HELP,
    add_no_people,
    input_options,
    load_org,
    whole_number,
)
from orggraph.core.rows import fit_width
from orggraph.errors import OrgError
from orggraph.io.registry import chart_formats

if TYPE_CHECKING:
    from orggraph.core.rollup import Rollup
    from orggraph.ops.diff import BeforeAfter, Diff

__all__ = ["register"]

EXIT_OK, EXIT_ERROR = 0, 1
CHART_FORMATS = chart_formats("graphviz")
NAME_WIDTH = 36  # names and relations longer than this are cut in the table


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``diff`` and ``apply`` to *sub* (from ``parser.add_subparsers``); *common*
    is the parent parser that provides ``--debug``."""
    _register_diff(sub, common)
    _register_apply(sub, common)


def _register_diff(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "diff",
        parents=[common, input_options(chart=True, dates=True)],
        help="what changed from one organisation to another",
        description=(
            "Print what changed from organisation A to B: units added, removed, moved, "
            "renamed and changed, posts and salaries, responsibilities reassigned, links; "
            "then the headcount and monthly budget of the top-level units before and after. "
            "Exit 0 whether or not there are differences."
        ),
        epilog=(
            "examples:\n  orggraph diff data/ecommerce.yaml data/ecommerce-split.yaml "
            "--chart diff.png --lang en\n"
            "  orggraph diff org.yaml --from 2026-01-01 --to 2027-01-01  (one file, two dates)"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "a", metavar="A", help="the organisation before; " + INPUT_HELP.split(": ", 1)[1]
    )
    p.add_argument(
        "b", metavar="B", nargs="?", help="the organisation after (the same; none with --to)"
    )
    p.add_argument("--format", choices=("table", "json"), default="table", help="default: table")
    p.add_argument(
        "--lang", metavar="L", help="language of names, e.g. zh or en (default: B's first)"
    )
    p.add_argument(
        "--level",
        metavar="N",
        type=whole_number(0),
        default=1,
        help="impact for units down to N levels below the root (default: 1)",
    )
    p.add_argument(
        "--chart",
        metavar="OUT",
        help="also draw the changes: .svg, .png, .pdf or .dot (needs Graphviz except .dot)",
    )
    p.add_argument(
        "--root", metavar="ID", help="draw only the unit ID and the units under it (the chart)"
    )
    from orggraph.cli.chartflags import add_chart_flags

    group = p.add_argument_group("chart options", "of the --chart, as for orggraph render")
    add_chart_flags(group, skip=("lang", "root", "depth"))
    p.set_defaults(func=_cmd_diff)


def _register_apply(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "apply",
        parents=[common, input_options()],
        help="apply a reorganisation scenario",
        description=(
            "Apply the operations of SCENARIO (YAML or JSON: operations: [{op: split, ...}]) "
            "to FILE and write the result, with its change log, to OUT (.yaml, .yml or "
            ".json; - for YAML on stdout). With --effective DATE (or effective: in the "
            "scenario) the changes are dated: OUT is one organisation, as before until DATE "
            "and reorganised from DATE on."
        ),
        epilog=(
            "example:\n  orggraph apply data/ecommerce.yaml data/ecommerce-split.scenario.yaml "
            "-o data/ecommerce-split.yaml\n  orggraph apply data/ecommerce.yaml "
            "data/ecommerce-split.scenario.yaml --effective 2027-01-01 -o split.yaml"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help=INPUT_HELP)
    p.add_argument("scenario", metavar="SCENARIO", help="the scenario file (.yaml, .yml, .json)")
    p.add_argument("-o", "--output", metavar="OUT", required=True, help="the file to write")
    p.add_argument(
        "--effective",
        metavar="DATE",
        help="apply the operations from DATE (YYYY-MM-DD) on, as dated changes: the output "
        "is one dated organisation, the old structure before DATE and the new one from it "
        "(default: the scenario's effective:, else the operations rewrite the present)",
    )
    p.add_argument(
        "--recorded",
        metavar="DATE",
        help="the day the changes are recorded (default: the scenario's recorded:, else unknown)",
    )
    add_no_people(p)
    p.set_defaults(func=_cmd_apply)


# -- diff ---------------------------------------------------------------------------------


def _cmd_diff(args: argparse.Namespace) -> int:
    from orggraph.cli import common
    from orggraph.ops.diff import diff

    chart_format = None
    if args.chart is not None:
        chart_format = Path(args.chart).suffix.lower().lstrip(".")
        if chart_format not in CHART_FORMATS:
            raise OrgError(
                f"cannot tell the chart format from {Path(args.chart).suffix or 'no suffix'!r}; "
                f"use one of {', '.join('.' + f for f in CHART_FORMATS)}",
                file=args.chart,
                choices=CHART_FORMATS,
            )
        if not Path(args.chart).parent.is_dir():
            raise OrgError("the folder does not exist; create it first", file=args.chart)
    from orggraph.cli.chartflags import chart_values
    from orggraph.render.options import ChartOptions

    chart = ChartOptions.of(**chart_values(args))  # a bad value fails before reading
    a, b, name_a, name_b = common.diff_pair(args)
    for org, file in ((a, name_a), (b, name_b)):
        common.check_lang(org, args.lang, file)
    d = diff(a, b, level=args.level)
    if args.format == "json":
        common.print_out(d.to_json(lang=args.lang))
    else:
        sys.stdout.write(format_table(d, lang=args.lang, a=name_a, b=name_b))
    if args.chart is not None:
        from orggraph.render.diff_chart import render_diff

        render_diff(a, b, args.chart, diff=d, options=chart, lang=args.lang, root=args.root)
        common.verbose(args, f"{args.chart}: chart written")
    return EXIT_OK


def _table(header: list[str], body: list[list[str]], right: set[int]) -> list[str]:
    from orggraph.cli.common import pad_to as _pad
    from orggraph.core.rows import cell_width as _width

    widths = [max(_width(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = []
    for line in [header, ["-" * w for w in widths], *body]:
        cells = [
            _pad(c, w, right=i in right) for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def _figure(r: Rollup | None) -> str:
    return "-" if r is None else r.short()


def format_table(d: Diff, *, lang: str | None = None, a: str = "A", b: str = "B") -> str:
    """The text ``orggraph diff`` prints: a summary line, one row per difference, then
    the headcount and budget of the top-level units before and after."""
    from orggraph.ops.diff import format_delta

    out = [f"{a} -> {b}: {d.summary() or 'no differences'}"]
    rows = d.to_rows(lang=lang)
    if rows:
        body = [
            [
                r["change"],
                r["id"],
                fit_width(r["name"], NAME_WIDTH),
                fit_width(r["before"], 40),
                fit_width(r["after"], 40),
            ]
            for r in rows
        ]
        out += ["", *_table(["change", "id", "name", "before", "after"], body, set())]
    if d.impact:
        uncertain: dict[str, None] = {}
        body = []
        for imp, row in zip(d.impact, d.impact_rows(lang=lang), strict=True):
            cells = [fit_width(row["name"], NAME_WIDTH), imp.id]
            figures: tuple[BeforeAfter, ...] = (imp.headcount, imp.budget)
            for f in figures:
                cells += [_figure(f.before), _figure(f.after), format_delta(f.delta)]
                uncertain.update(dict.fromkeys(f.delta.unknown))
            body.append(cells)
        header = [
            "unit",
            "id",
            "seats before",
            "after",
            "change",
            "budget before",
            "after",
            "change",
        ]
        out += [
            "",
            "Headcount (seats) and monthly budget of the top-level units:",
            "",
            *_table(header, body, set(range(2, 8))),
        ]
        shown = {c for row in body for c in row[2:]}
        notes = [
            note
            for mark, note in (
                ("≥", "≥: some figures under the unit are unknown"),
                ("?", "?: nothing of the figure is known"),
            )
            if any(c.startswith(mark) for c in shown)
        ]
        if uncertain:
            notes.append(f"+ ?: unknown figures of {', '.join(uncertain)} change it too")
        out += ["", *notes]
    return "\n".join(out) + "\n"


# -- apply ---------------------------------------------------------------------------------


def _cmd_apply(args: argparse.Namespace) -> int:
    from orggraph.cli import common
    from orggraph.io import registry
    from orggraph.io.files import atomic_write
    from orggraph.ops.reorg.scenarios import apply_scenario

    out: str = args.output
    fmt = "yaml" if out == "-" else registry.format_of(out, mode="write").name
    if out != "-" and not Path(out).parent.is_dir():
        raise OrgError("the folder does not exist; create it first", file=out)
    _check_dates(args)
    org = load_org(args.file, args)
    _check_scenario(args, org)
    before = len(org.changes)
    # Warnings that name no file are about the scenario; the result warns again about
    # what the input already warned of (several roots): the printer prints that once.
    with common.warnings_to_stderr(args.scenario):
        new = apply_scenario(
            org,
            args.scenario,
            max_bytes=args.max_size,
            effective=args.effective,
            recorded=args.recorded,
        )
    try:
        text = registry.serialize(new, fmt, people=args.people)
    except OrgError as err:  # a format that cannot hold dated facts: name OUT
        raise err.located(file=out) from None
    if fmt == "yaml":
        text = header(args.file, args.scenario) + text
    if out == "-":
        sys.stdout.write(text)
    else:
        atomic_write(out, text)
    done = new.changes[before:]
    n = len(done)
    days = sorted(c.effective for c in done if c.effective)
    # A dated result: the count of the last effective day, not of today's (the old one).
    on = f" on {days[-1]}" if days else ""
    size = len(new.as_of(days[-1])) if days else len(new)
    common.verbose(args, f"{out}: {size} units{on} after {n} operation{'s' if n != 1 else ''}")
    for change in done:
        common.verbose(
            args, f"  {change}" + (f" (from {change.effective})" if change.effective else "")
        )
    return EXIT_OK


def _check_dates(args: argparse.Namespace) -> None:
    """--effective and --recorded are dates, and --effective goes without --as-of: an
    OrgError naming the option."""
    from orggraph.core.history import iso_date
    from orggraph.errors import DateError

    for option in ("effective", "recorded"):
        value = getattr(args, option)
        if value is not None:
            try:
                iso_date(value, what=f"--{option}")
            except DateError as err:
                raise DateError.make(err.message, place=f"--{option}") from None
    if args.effective is not None and args.as_of is not None:
        raise OrgError(
            "give --effective (dated changes added to the whole history) or --as-of (one "
            "day's organisation, rewritten), not both",
            file=args.file,
        )


def _check_scenario(args: argparse.Namespace, org: Any) -> None:
    """Refuse what would silently drop history: a dated scenario on the one day of
    --as-of, or an operation without a date on a dated FILE (it would rewrite one day's
    organisation and drop every dated fact)."""
    from orggraph.ops.reorg.scenarios import load_scenario, operation_dates

    if args.effective is not None:
        return
    dated = operation_dates(load_scenario(args.scenario, max_bytes=args.max_size))
    undated = [f"operations[{i}]" for i, given in enumerate(dated) if not given]
    if args.as_of is not None and any(dated):
        raise OrgError(
            "the scenario gives effective: (dated changes added to the whole history) and "
            "--as-of asks for one day's organisation, rewritten: drop one of them",
            file=args.scenario,
            place="effective",
        )
    if org.dated and undated:
        raise OrgError(
            f"{args.file} has dated facts, and {', '.join(undated)} "
            f"{'gives' if len(undated) == 1 else 'give'} no effective: undated, they would rewrite the organisation of {org.date} alone and drop "
            "every dated fact; give --effective DATE (dated changes from DATE on), or "
            "--as-of DATE to rewrite that one day's organisation",
            file=args.scenario,
            place=undated[0],
        )


def header(file: str, scenario: str) -> str:
    """The comment that starts a YAML file written by ``orggraph apply``.

    >>> print(header("data/ecommerce.yaml", "data/split.scenario.yaml"), end="")
    # Generated by: orggraph apply ecommerce.yaml split.scenario.yaml
    # Edit the scenario and regenerate rather than editing this file; the changes:
    # list at the end records what the scenario did.
    """
    return (
        f"# Generated by: orggraph apply {Path(file).name} {Path(scenario).name}\n"
        "# Edit the scenario and regenerate rather than editing this file; the changes:\n"
        "# list at the end records what the scenario did.\n"
    )
