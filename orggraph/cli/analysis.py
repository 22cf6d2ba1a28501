"""The ``orggraph analyse`` subcommand: the analyses of :mod:`orggraph.ops.analysis` on the
command line, as a table, CSV or JSON, with an optional chart.

``cli.build_parser`` calls :func:`register` with its subparsers and the parent parser
that gives ``--debug``; the handler returns 0 and raises :class:`orggraph.OrgError` on
failure (``cli.main`` turns that into one ``orggraph: error:`` line and exit code 1).

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="orggraph")
>>> register(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
>>> args = parser.parse_args(["analyse", "org.yaml", "--what", "silos", "--level", "2"])
>>> args.what, args.level, args.format
('silos', 2, 'table')
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orggraph.cli.common import (
    INPUT_HELP,
    add_safe_csv,
    check_lang,
    input_options,
    load_org,
    verbose,
    whole_number,
)
from orggraph.cli.stats import as_of_line
from orggraph.errors import OrgError
from orggraph.io.registry import chart_formats

if TYPE_CHECKING:
    from orggraph.core.org import Org
    from orggraph.core.rows import Rows

__all__ = ["BY", "FORMATS", "PLOT_FORMATS", "WHAT", "register", "run"]

#: What ``--what`` can ask for.
WHAT = ("spans", "bands", "layers", "vacancies", "responsibilities", "collaboration", "silos")
#: What ``--by`` can ask for (spans, bands and layers).
BY = ("people", "units")
FORMATS = ("table", "csv", "json")
#: Chart formats, from the suffix of ``--plot``.
PLOT_FORMATS = chart_formats("matplotlib")


def _level(value: str) -> str | int:
    """``--level``: a whole number is a depth, anything else a unit type."""
    return int(value) if value.isdigit() else value


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``analyse`` subcommand to the argparse subparsers object *sub*."""
    p = sub.add_parser(
        "analyse",
        aliases=["analyze"],
        parents=[common, input_options()],
        help="spans and layers, vacancies, responsibilities, collaboration network",
        description=(
            "Analyse an organisation: spans of control and layers (OrgVue's bands 1, 2-3, "
            "4-7, 8-12, 13-16, 17+) by units or by people in posts, vacancies per unit and "
            "the vacancy rate, the responsibility matrix, the collaboration network "
            "(degree, betweenness, communities) and silos. Departments are the units of "
            "type 'department' (or, without any, the units at depth 1); --level changes "
            "that. '≥', '—' and *_unknown columns: unknown is not zero."
        ),
        epilog=(
            "examples:\n"
            "  orggraph analyse data/ecommerce.yaml --what bands --band 4-7\n"
            "  orggraph analyse data/xingchen.yaml --what spans --lang en\n"
            "  orggraph analyse data/xingchen.yaml --what vacancies --plot vacancies.png\n"
            "  orggraph analyse data/ecommerce.yaml --what layers --plot pyramid.png --lang en\n"
            "  orggraph analyse data/ecommerce.yaml --what responsibilities --format csv\n"
            "  orggraph analyse data/ecommerce.yaml --what collaboration --format json"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help=INPUT_HELP)
    p.add_argument("--what", choices=WHAT, default="spans", help="the analysis (default: spans)")
    p.add_argument(
        "--by",
        choices=BY,
        help=(
            "spans, bands and layers: count people in posts (a manager's direct reports, "
            "assistants apart; a person's layer in the manager tree) or units (default: "
            "people when the file declares people, else units)"
        ),
    )
    p.add_argument("--format", choices=FORMATS, default="table", help="default: table")
    p.add_argument(
        "--lang", metavar="L", help="language of names, e.g. zh or en (default: the file's first)"
    )
    p.add_argument("--plot", metavar="OUT", help="also draw the chart to OUT (.png, .svg or .pdf)")
    p.add_argument(
        "--band", default="4-7", help="target span band: 4-7, 3-8, 10+ ... (default: 4-7)"
    )
    p.add_argument(
        "--level",
        metavar="TYPE|DEPTH",
        type=_level,
        help="what a department is: a unit type or a depth (default: type 'department')",
    )
    p.add_argument(
        "--dotted", action="store_true", help="count dotted (matrix) lines as collaboration"
    )
    p.add_argument(
        "--top",
        metavar="N",
        type=whole_number(1),
        help="responsibility chart: only the N with most owners; vacancy chart: the N "
        "units with most open seats (default 15)",
    )
    p.add_argument(
        "--seed", type=int, default=0, help="seed of the community detection (default: 0)"
    )
    add_safe_csv(p)
    p.set_defaults(func=run)


def _sections(org: Org, args: argparse.Namespace) -> list[tuple[str, Rows]]:
    """The tables of ``--what``, the primary one (for CSV and the chart) first."""
    from orggraph.ops import analysis as an

    what, lang = args.what, args.lang
    level = getattr(args, "level", None)
    by = getattr(args, "by", None)
    if what == "spans":
        return [("spans", an.spans(org, by=by, lang=lang))]
    if what == "bands":
        return [
            ("bands", an.span_bands(org, by=by)),
            ("outside", an.outside_band(org, band=args.band, by=by, lang=lang)),
        ]
    if what == "layers":
        return [("layers", an.layers(org, by=by))]
    if what == "vacancies":
        return [("vacancies", an.vacancies(org, lang=lang))]
    if what == "responsibilities":
        return [
            ("matrix", an.responsibility_matrix(org, lang=lang)),
            ("shared", an.shared_responsibilities(org, level=level, lang=lang)),
            ("unowned", an.unowned_responsibilities(org, lang=lang)),
            ("without", an.units_without_responsibilities(org, lang=lang)),
        ]
    if what == "collaboration":
        options = {"dotted": args.dotted, "level": level, "seed": args.seed, "lang": lang}
        return [
            ("collaboration", an.collaboration(org, **options)),
            ("communities", an.communities_vs_departments(org, **options)),
        ]
    if what == "silos":
        return [("silos", an.silos(org, level=level, dotted=args.dotted, lang=lang))]
    raise OrgError(f"unknown analysis {what!r}; choose one of {', '.join(WHAT)}", choices=WHAT)


_HEADINGS = {
    "spans": "Span of control of each manager",
    "bands": "Managers per span band",
    "outside": "Managers outside the target band {band}",
    "layers": "Layers (headcount = planned seats of the layer's own posts)",
    "vacancies": "Open seats of each unit's own posts",
    "matrix": "Responsibility matrix",
    "shared": "Responsibilities owned by two or more units",
    "unowned": "Responsibilities nobody owns",
    "without": "Units that own no responsibility",
    "collaboration": "Collaboration network: each unit (brokers first)",
    "communities": "Communities of the collaboration network vs departments",
    "silos": "Departments with no collaboration outside themselves",
}


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, tuple)):
        return ";".join("" if v is None else str(v) for v in value)
    return value


def _write_table(sections: list[tuple[str, Rows]], args: argparse.Namespace) -> str:
    parts = []
    for name, rows in sections:
        if name == "matrix":
            text = (
                f"{len(rows)} units x {len(rows.columns) - 2} responsibilities; the full "
                "matrix: --format csv or --format json"
            )
        else:
            text = rows.to_text()
        if len(sections) > 1:
            heading = _HEADINGS[name].format(band=args.band)
            text = f"# {heading}\n{text}"
        parts.append(text)
    return "\n\n".join(parts) + "\n"


def _write_csv(rows: Rows, *, safe: bool = False) -> str:
    from orggraph.io.tablecheck import csv_text

    body = [[_csv_cell(row.get(c)) for c in rows.columns] for row in rows]
    return csv_text(rows.columns, body, safe=safe)


#: The analyses whose chart shades the target band (``--band``).
_BAND_CHARTS = (
    "spans", "span_bands", "outside_band", "people_spans", "people_span_bands",
    "people_outside_band",
)  # fmt: skip


def _write_plot(rows: Rows, args: argparse.Namespace) -> Path:
    from orggraph.io.files import atomic_write

    out = Path(args.plot)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in PLOT_FORMATS:
        raise OrgError(
            f"cannot tell the chart format from the suffix {out.suffix!r}; use one of "
            + ", ".join(f".{f}" for f in PLOT_FORMATS),
            file=str(out),
            choices=PLOT_FORMATS,
        )
    if not out.parent.is_dir():
        raise OrgError("the folder does not exist", file=str(out.parent))
    options: dict[str, Any] = {"lang": args.lang}
    if rows.kind in _BAND_CHARTS:
        options["band"] = args.band
    if rows.kind == "vacancies" and args.top is not None:
        options["top"] = args.top
    if rows.kind == "responsibility_matrix":
        options["level"] = args.level
        if args.top is not None:
            options["top"] = args.top
    fig = rows.plot(**options)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=150 if fmt == "png" else "figure")
    return atomic_write(out, buffer.getvalue())


def run(args: argparse.Namespace) -> int:
    """Handle ``orggraph analyse``: print the tables, write the chart; return 0."""
    from orggraph.ops.analysis.structure import parse_band

    parse_band(args.band)  # a bad band fails before any work
    if args.safe_csv and args.format != "csv":
        raise OrgError(f"--safe-csv applies to CSV output: add --format csv (not {args.format})")
    org = load_org(args.file, args, dated=True)  # dated: it says its day
    check_lang(org, args.lang, args.file)
    sections = _sections(org, args)
    if args.format == "json":
        data = {name: rows.to_records() for name, rows in sections}
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "csv":
        text = _write_csv(sections[0][1], safe=args.safe_csv)
    else:
        text = as_of_line(org) + _write_table(sections, args)
    if args.plot:
        path = _write_plot(sections[0][1], args)
        verbose(args, f"{path}: chart written")
    sys.stdout.write(text)
    return 0
