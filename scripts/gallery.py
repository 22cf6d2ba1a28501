"""Regenerate the checked gallery pictures and measure them: ``python scripts/gallery.py``.

Draws, with the default options (engine ``"auto"``, ``fit="auto"``), the charts the
docs show in ``docs/gallery.md`` under "Checked pictures": the seed in Chinese and
English, the people sample (Xingchen), a 1,000-unit synthetic organisation, a sub-chart
(``root="coo"``) and the seed's split as a diff chart. Each is written as SVG to
``docs/images/checked/`` (the page shows SVG, sharp at any size) and as PNG to
``out/gallery/`` (to look at before committing), and its SVG is read back by the
geometric checks of ``tests/svg_geometry.py`` (boxes overlapping, reporting lines
through boxes or crossing, width:height between 1:2 and 2.5:1); the seed is checked with
the Graphviz engine too.

It prints a table (chart, px size, aspect, overlaps, ...), writes it into
``docs/gallery.md`` between its ``checked`` markers, and exits with status 1 when a
check fails. Run it from anywhere; it uses the orggraph of this checkout.
"""

from __future__ import annotations

import shutil
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import svg_geometry as geo  # noqa: E402

import orggraph as og  # noqa: E402

OUT = ROOT / "docs" / "images" / "checked"
PNGS = ROOT / "out" / "gallery"
PAGE = ROOT / "docs" / "gallery.md"
START, END = "<!-- checked: start -->", "<!-- checked: end -->"
BOUNDS = (0.5, 2.5)  # fit="auto": width:height between 1:2 and 2.5:1
PX = 4 / 3  # CSS pixels per point
DPI = 96.0  # PNGs to look at (CSS pixels: one per pt x 4/3); the 1,000 units at less


@dataclass
class Chart:
    """One gallery chart: how to draw it (``draw(format, **options)``) and its words."""

    name: str  # file stem
    title: str  # the table's and the page's label
    draw: Callable[..., bytes]
    caption: str
    dpi: float = DPI
    picture: bool = True  # False: checked only, no image on the page


def _charts() -> list[Chart]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)  # the people sample's vacant heads
        seed = og.datasets.load("ecommerce")
        split = og.datasets.load("ecommerce-split").as_of("2027-01-01")  # the day of the split
        people = og.datasets.load("xingchen")
    big = og.datasets.synthetic(1000)
    diff = og.diff(seed, split)

    def chart(org: og.Org, **fixed: object) -> Callable[..., bytes]:
        def draw(format: str, **options: object) -> bytes:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", og.OrgWarning)
                data = org.render(format=format, **fixed, **options)
            assert isinstance(data, bytes)
            return data

        return draw

    def diff_chart(format: str, **options: object) -> bytes:
        data = diff.render(format=format, lang="en", **options)
        assert isinstance(data, bytes)
        return data

    charts = [
        Chart(
            "seed-zh",
            "seed, Chinese",
            chart(seed, lang="zh"),
            'The seed organisation, 44 units: `org.render("chart.png", lang="zh")`.',
        ),
        Chart(
            "seed-en",
            "seed, English",
            chart(seed, lang="en"),
            'The same in English: `org.render("chart.png", lang="en")`.',
        ),
        Chart(
            "xingchen",
            "people sample (Xingchen)",
            chart(people, lang="en"),
            "The people sample, 38 units with their posts and people: "
            '`og.datasets.load("xingchen").render("chart.png", lang="en")`.',
        ),
        Chart(
            "synthetic-1000",
            "synthetic, 1,000 units",
            chart(big, lang="en"),
            "A synthetic organisation of 1,000 units (`og.datasets.synthetic(1000)`), "
            "the whole chart on one picture: click it and zoom in.",
            dpi=36.0,
        ),
        Chart(
            "seed-coo",
            "sub-chart root=coo",
            chart(seed, lang="en", root="coo"),
            'A sub-chart: `org.render("coo.png", lang="en", root="coo")`.',
        ),
        Chart(
            "seed-split-diff",
            "diff: seed vs split",
            diff_chart,
            "A reorganisation: "
            '`og.diff(seed, split).render("diff.png", lang="en")`, the seed against '
            "its split scenario (added green, removed dashed, moved blue, changed amber).",
        ),
    ]
    charts.append(
        Chart(
            "xingchen-boxes",
            "people sample, people as boxes, R&D",
            chart(people, lang="en", root="rd", people="boxes"),
            'Each person and open seat as a box of its own: `org.render("rd.png", '
            'lang="en", root="rd", people="boxes")`.',
        )
    )
    if shutil.which("dot") is not None:
        charts.append(
            Chart(
                "xingchen-zh-graphviz",
                "people sample, Chinese, Graphviz",
                chart(people, lang="zh", engine="graphviz"),
                "",
                picture=False,
            )
        )
        for lang, words in (("zh", "Chinese"), ("en", "English")):
            charts.append(
                Chart(
                    f"seed-{lang}-graphviz",
                    f"seed, {words}, Graphviz",
                    chart(seed, lang=lang, engine="graphviz"),
                    "",
                    picture=False,
                )
            )
    return charts


@dataclass
class Row:
    chart: Chart
    svg: geo.Picture
    links: geo.Links

    @property
    def problems(self) -> dict[str, int]:
        return {
            "overlaps": len(geo.box_overlaps(self.svg)) + len(geo.extra_faults(self.svg)),
            "lines through boxes": len(geo.lines_through_boxes(self.svg)),
            "crossings": len(geo.line_crossings(self.svg)),
            "links through boxes": len(geo.links_through_boxes(self.svg, self.links)),
            "label overlaps": len(geo.label_overlaps(self.svg, self.links)),
        }

    @property
    def fits(self) -> bool:
        lo, hi = BOUNDS
        return lo <= self.svg.aspect <= hi


def measure(chart: Chart) -> Row:
    """Draw *chart* (its SVG into OUT, its PNG into PNGS) and read its SVG back."""
    svg = chart.draw("svg")
    if chart.picture:
        (OUT / f"{chart.name}.svg").write_bytes(svg)
        png = chart.draw("png", dpi=chart.dpi)
        assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
        (PNGS / f"{chart.name}.png").write_bytes(png)
    return Row(chart, geo.read_svg(svg), geo.read_links(svg))


def table(rows: list[Row]) -> str:
    """The results as a Markdown table; px: the SVG's size in CSS pixels (pt x 4/3)."""
    head = ["chart", "px size", "aspect", "boxes", "overlaps", "lines through boxes"]
    head += ["crossings", "links", "links through boxes", "label overlaps"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        p = r.problems
        size = f"{r.svg.width * PX:,.0f} x {r.svg.height * PX:,.0f}"
        aspect = f"{r.svg.aspect:.2f}" + ("" if r.fits else " (out of 1:2 .. 2.5:1)")
        cells = [r.chart.title, size, aspect, str(len(r.svg.boxes)), str(p["overlaps"])]
        cells += [str(p["lines through boxes"]), str(p["crossings"]), str(len(r.links.paths))]
        cells += [str(p["links through boxes"]), str(p["label overlaps"])]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def page_section(rows: list[Row], results: str) -> str:
    """The "Checked pictures" part of gallery.md: the table and each picture."""
    parts = [
        START,
        "<!-- written by scripts/gallery.py: edit the script, not this part -->",
        "",
        "## Checked pictures",
        "",
        "These pictures are committed in `docs/images/checked/` (SVG) and regenerated with "
        "`python scripts/gallery.py`, which also reads each chart's SVG back and measures "
        "it (`tests/svg_geometry.py`): boxes that overlap (people and assistant boxes "
        "included), reporting lines that run through a box or cross another, dotted and "
        "collaboration links that run through a box that is not one of their ends, link "
        'labels over a box, another label or an arrowhead, and the width:height, which `fit="auto"` keeps between '
        "1:2 and 2.5:1. The last rows are drawn by the Graphviz engine, checked "
        "but not shown.",
        "",
        results,
        "",
    ]
    for r in rows:
        if not r.chart.picture:
            continue
        src = f"images/checked/{r.chart.name}.svg"
        parts += [
            f"### {r.chart.title[0].upper()}{r.chart.title[1:]}",
            "",
            f"[![{r.chart.title}]({src})]({src})",
            "",
            r.chart.caption,
            "",
        ]
    parts.append(END)
    return "\n".join(parts)


def update_page(section: str) -> None:
    text = PAGE.read_text(encoding="utf-8")
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        text = before + section + after
    else:  # first run: before the site's generated gallery
        marker = "<!-- generated: gallery -->"
        text = text.replace(marker, section + "\n\n## Every organisation in data/\n\n" + marker)
    PAGE.write_text(text, encoding="utf-8")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    PNGS.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*"):  # no picture of a chart the script no longer draws
        old.unlink()
    rows = [measure(c) for c in _charts()]
    results = table(rows)
    print(results)
    update_page(page_section(rows, results))
    bad = [r.chart.title for r in rows if not r.fits or any(r.problems.values())]
    if bad:
        print(f"checks failed: {', '.join(bad)}", file=sys.stderr)
        return 1
    print(
        f"all checks passed; SVG in {OUT.relative_to(ROOT)} (shown by docs/gallery.md), "
        f"PNG to look at in {PNGS.relative_to(ROOT)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
