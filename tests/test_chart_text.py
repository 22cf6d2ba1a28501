"""What a chart says: honest figures (``?`` and ``≥``, open seats, money per salary
period), which figures, the title and subtitle, in both engines and on the command line."""

from __future__ import annotations

import re
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from marks import needs_dot

import orggraph as og
from orggraph.cli.app import build_parser, main
from orggraph.cli.chartflags import flag_of
from orggraph.names import clean
from orggraph.render import graphviz as gv
from orggraph.render import mermaid, tidy
from orggraph.render.diff_chart import diff_dot
from orggraph.render.options import FIGURES, ChartOptions, option_specs
from orggraph.render.pdf import page_svgs

SVG = "{http://www.w3.org/2000/svg}"

# Sales knows nothing of its seats, Support part of them; nobody records holders or pay.
UNKNOWN = """
org: Acme
units:
  - id: ceo
    name: CEO office
    head: {title: CEO, salary: 9000}
    units:
      - {id: sales, name: Sales, staff: [{title: Rep, seats: null}]}
      - {id: support, name: Support, staff: [{title: Agent, seats: 3}, {title: Temp, seats: null}]}
"""

# Holders recorded: Eng has 3 seats, one filled; Ops records no holders.
PEOPLE = """
org: Acme
currency: CNY
salary_period: year
units:
  - id: ceo
    name: CEO office
    head: {title: CEO, salary: 120000, holders: [Ann]}
    units:
      - {id: eng, name: Eng, staff: [{title: Dev, seats: 3, salary: 60000, holders: [Bo]}]}
      - {id: ops, name: Ops, staff: [{title: Op, seats: 2, salary: 48000}]}
"""


def svg_texts(svg: str | bytes) -> list[str]:
    root = ET.fromstring(svg.encode() if isinstance(svg, str) else svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def box_texts(org: og.Org, engine: str, **options: Any) -> str:
    """Every text of the chart drawn by *engine*, a line each (the DOT source for
    Graphviz, its label's line breaks as newlines)."""
    if engine == "tidy":
        return "\n".join(svg_texts(tidy.to_svg(org, **options)))
    return str(gv.to_dot(org, **options)).replace('<br align="center"/>', "\n")


@pytest.fixture(scope="module")
def unknown() -> og.Org:
    return og.loads(UNKNOWN)


@pytest.fixture(scope="module")
def people() -> og.Org:
    return og.loads(PEOPLE)


# -- figures ---------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["tidy", "graphviz"])
def test_nothing_known_reads_a_question_mark_and_part_known_at_least(
    unknown: og.Org, engine: str
) -> None:
    shown = box_texts(unknown, engine, lang="en")
    assert "? seats" in shown  # Sales: nothing known
    assert "≥ 3 seats" in shown  # Support: 3 known, one post unknown
    assert "≥ 4 seats" in shown  # the CEO office: 1 + 3, some unknown
    assert "≥ 0" not in shown
    # the legend explains both marks
    assert "?: not known" in shown and "≥: some parts unknown" in shown


@pytest.mark.parametrize("engine", ["tidy", "graphviz"])
def test_chinese_marks_and_legend(unknown: og.Org, engine: str) -> None:
    shown = box_texts(unknown, engine, lang="zh")
    assert "? 人" in shown and "≥ 3 人" in shown
    assert "?: 未知" in shown and "≥: 部分未知" in shown


@pytest.mark.parametrize("engine", ["tidy", "graphviz"])
def test_no_legend_note_when_every_figure_is_known(people: og.Org, engine: str) -> None:
    shown = box_texts(people, engine, lang="en", figures="seats")
    assert "?: not known" not in shown and "≥: some parts unknown" not in shown


@pytest.mark.parametrize("engine", ["tidy", "graphviz"])
def test_budget_left_out_when_no_salary_is_recorded_and_unknown_otherwise(
    unknown: og.Org, engine: str
) -> None:
    # The CEO's salary is known: Sales' budget is not, and says so.
    shown = box_texts(unknown, engine, lang="en")
    assert "? / month" in shown and "9,000 / month" in shown
    nothing = og.loads(UNKNOWN.replace(", salary: 9000", ""))
    assert "/ month" not in box_texts(nothing, engine, lang="en")


@pytest.mark.parametrize("engine", ["tidy", "graphviz"])
def test_open_seats_and_money_per_year(people: og.Org, engine: str) -> None:
    shown = box_texts(people, engine, lang="en")
    # Eng: 3 seats, 1 held: 2 open; 3 x 60,000 a year (a long line breaks before a part)
    assert "3 seats · 2 open\nCNY 180,000 / year" in shown
    # Ops records no holders while others do: its open seats are unknown
    assert "2 seats · ? open\nCNY 96,000 / year" in shown
    assert "6 seats · ≥ 2 open\nCNY 396,000 / year" in shown  # the whole organisation
    zh = box_texts(people, engine, lang="zh")
    assert "3 人 · 空缺 2 · 年薪 CNY 180,000" in zh  # 31 columns: one line


def test_open_seats_left_out_when_no_holders_are_recorded(unknown: og.Org) -> None:
    assert " open" not in box_texts(unknown, "tidy", lang="en")
    assert " open" not in box_texts(unknown, "graphviz", lang="en")


@pytest.mark.parametrize("engine", ["tidy", "graphviz"])
@pytest.mark.parametrize(
    ("figures", "present", "absent"),
    [
        ("seats", ["3 seats"], [" open", "/ year"]),
        ("seats,open", ["3 seats · 2 open"], ["/ year"]),
        (("budget",), ["CNY 180,000 / year"], ["seats", " open"]),
        (False, [], ["seats", " open", "/ year"]),
        (True, ["3 seats · 2 open\nCNY 180,000 / year"], []),
    ],
)
def test_figures_choose_what_boxes_show(
    people: og.Org, engine: str, figures: Any, present: list[str], absent: list[str]
) -> None:
    shown = box_texts(people, engine, lang="en", figures=figures)
    for text in present:
        assert text in shown
    for text in absent:
        assert text not in shown


def test_figures_in_mermaid_and_the_diff_chart(people: og.Org) -> None:
    text = mermaid.to_mermaid(people, lang="en", figures="seats,open")
    assert "3 seats · 2 open" in text and "/ year" not in text
    after = og.loads(PEOPLE.replace("seats: 3", "seats: 4"))
    dot = diff_dot(people, after, lang="en")
    assert "4 seats · CNY 240,000 / year" in dot and "before: 3 seats · CNY 180,000 / year" in dot
    assert "/ year" not in diff_dot(people, after, lang="en", figures="seats")


def test_bad_figures_name_the_choices() -> None:
    with pytest.raises(og.OrgError, match=r"unknown figure 'salaries'.*seats, open, budget"):
        ChartOptions(figures="seats,salaries")
    with pytest.raises(og.OrgError, match="figures must be True, False or a collection"):
        ChartOptions(figures=3)
    assert ChartOptions(figures=["budget", "seats", "seats"]).figures == ("seats", "budget")
    assert ChartOptions(figures=True).figures == FIGURES and not ChartOptions(figures=None).figures


# -- title and subtitle --------------------------------------------------------------------


def header_texts(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode())
    header = [g for g in root.iter(f"{SVG}g") if g.get("class") == "header"]
    return ["".join(t.itertext()) for g in header for t in g.iter(f"{SVG}text")]


def test_title_options_in_the_tidy_engine(unknown: og.Org) -> None:
    assert header_texts(tidy.to_svg(unknown))[0] == "Acme"
    assert header_texts(tidy.to_svg(unknown, root="support"))[0] == "Support"
    assert header_texts(tidy.to_svg(unknown, title="Sales plan", root="support"))[0] == "Sales plan"
    shown = header_texts(tidy.to_svg(unknown, title=False, legend=False))
    assert shown == []
    shown = header_texts(tidy.to_svg(unknown, subtitle="1 March 2027", caption="draft"))
    assert shown[:3] == ["Acme", "1 March 2027", "draft"]


def test_title_options_in_graphviz_and_mermaid(unknown: og.Org) -> None:
    assert "<b>Acme</b>" in gv.to_dot(unknown)
    assert "<b>Support</b>" in gv.to_dot(unknown, root="support")
    dot = str(gv.to_dot(unknown, title="Sales plan", subtitle="1 March 2027"))
    assert "<b>Sales plan</b>" in dot and "1 March 2027" in dot and "Acme" not in dot
    assert "<b>Acme</b>" not in gv.to_dot(unknown, title=None)
    assert "<b>Acme</b>" not in gv.to_dot(unknown, title=False)
    assert 'title: "Support"' in mermaid.to_mermaid(unknown, root="support")
    assert "title:" not in mermaid.to_mermaid(unknown, title=False)


def test_paged_pdf_header_uses_the_title(tmp_path: Path) -> None:
    org = og.datasets.synthetic(300, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first = page_svgs(org, paper="A4", title="Wall chart", subtitle="2027")[0]
        untitled = page_svgs(org, paper="A4", title=False)[0]
    header = re.search(r'<g class="page-header">(.*?)</g>', first, re.S)
    assert header is not None and "Wall chart · 2027" in header.group(1)
    header = re.search(r'<g class="page-header">(.*?)</g>', untitled, re.S)
    assert header is not None and "Wall chart" not in header.group(1)


_INJECTION = st.one_of(
    st.sampled_from(
        [
            '<script>alert(1)</script> & "x" \\N \\G \\l',
            "]]><!--",
            "}; node [label=x]; {",
            '"; rankdir=LR; "',
            "<b>bold</b>&amp;",
            "line\nbreak\r\n",
            "\x00\x07\x1b",
        ]
    ),
    st.text(
        st.one_of(
            st.sampled_from("<>&\"'\\\n\r\t{};[]=\x00\x1b\u202e"),
            st.characters(blacklist_categories=("Cs",)),
        ),
        min_size=1,
        max_size=16,
    ),
)


def _kept(value: str) -> str:
    """What a chart shows of *value*: what clean() keeps, whitespace as single spaces."""
    return " ".join(clean(value).split())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_INJECTION, subtitle=_INJECTION)
def test_any_title_is_text_in_the_tidy_svg(title: str, subtitle: str) -> None:
    org = og.loads("units: [{id: a, name: A}]")
    svg = tidy.to_svg(org, title=title, subtitle=subtitle, legend=False)
    root = ET.fromstring(svg.encode())  # well-formed, whatever the text
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    shown = " ".join(" ".join(header_texts(svg)).split())
    assert _kept(title) in shown or not _kept(title)


@pytest.mark.dot
@needs_dot
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_INJECTION, subtitle=_INJECTION)
def test_any_title_is_text_in_dot(title: str, subtitle: str) -> None:
    org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]")
    source = str(gv.to_dot(org, title=title, subtitle=subtitle))
    assume(_kept(title))
    # one graph, two nodes: no text became DOT syntax
    assert source.count("digraph") == 1 and source.rstrip().endswith("}")
    svg = gv.run_dot(source, "svg")  # a RenderError if dot refuses
    root = ET.fromstring(svg)
    assert len([g for g in root.iter(f"{SVG}g") if g.get("class", "").startswith("node")]) == 2


# -- the command line ----------------------------------------------------------------------


def test_every_chart_option_has_a_render_flag() -> None:
    parser = build_parser()
    text = parser.parse_args(["render", "x.yaml", "-o", "x.svg"]).subparser.format_help()
    for spec in option_specs():
        assert re.search(rf"{re.escape(flag_of(spec.name))}\b", text), spec.name


@pytest.fixture
def people_file(tmp_path: Path) -> str:
    path = tmp_path / "acme.yaml"
    path.write_text(PEOPLE, encoding="utf-8")
    return str(path)


def test_render_flags_end_to_end(people_file: str, tmp_path: Path) -> None:
    out = tmp_path / "chart.svg"
    argv = ["render", people_file, "-o", str(out), "--engine", "tidy", "--lang", "en"]
    argv += ["--title", "Plan <B>", "--subtitle", "2027 & after", "--figures", "seats,open"]
    argv += ["--no-links", "--fit", "none", "--theme", "default", "--no-legend"]
    assert main(argv) == 0
    svg = out.read_text(encoding="utf-8")
    shown = svg_texts(svg)
    assert shown[:2] == ["Plan <B>", "2027 & after"]
    assert "3 seats · 2 open" in shown and not any("/ year" in t for t in shown)
    assert "reports to" not in shown  # no legend


def test_render_flags_graphviz_and_png(people_file: str, tmp_path: Path) -> None:
    out = tmp_path / "chart.dot"
    argv = ["render", people_file, "-o", str(out), "--engine", "graphviz", "--no-title"]
    assert main([*argv, "--no-figures", "--rankdir", "LR", "--subtitle", "Q1"]) == 0
    dot = out.read_text(encoding="utf-8")
    assert "rankdir=LR" in dot and "<b>Acme</b>" not in dot and "Q1" in dot and "seats" not in dot
    png = tmp_path / "chart.png"
    assert main(["render", people_file, "-o", str(png), "--engine", "tidy", "--dpi", "72"]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--figures", "salary"], r"unknown figure 'salary'.*choose from seats, open, budget"),
        (["--fit", "wide"], r"unknown fit 'wide'; choose one of auto, landscape, portrait"),
        (["--theme", "dark"], r"unknown theme 'dark'; the built-in themes: default"),
        (["--links", "dotted,solid"], r"unknown link kind 'solid'"),
        (["--dpi", "high"], r"dpi must be a positive number, got 'high'"),
        (["--pages", "3"], r"pages must be 'auto' or 1"),
        (["--paper", "A9"], r"unknown paper 'A9'; choose one of A3, A4, Letter, Legal"),
    ],
)
def test_bad_flag_values_exit_with_the_message(
    people_file: str,
    tmp_path: Path,
    flags: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "chart.svg"
    assert main(["render", people_file, "-o", str(out), *flags]) == 1
    err = capsys.readouterr().err
    assert re.search(message, err), err
    assert err.startswith("orggraph: error: ") and "Traceback" not in err
    assert not out.exists()


def test_fit_none_and_title_text_from_flags(people_file: str, tmp_path: Path) -> None:
    out = tmp_path / "c.svg"
    argv = ["render", people_file, "-o", str(out), "--engine", "tidy", "--fit", "none"]
    assert main([*argv, "--title", "none"]) == 0
    assert svg_texts(out.read_text(encoding="utf-8"))[0] == "none"  # a title, as typed


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("period", ["month", "year"])
def test_figure_lines_of_the_tidy_engine_match_labels(lang: str, period: str) -> None:
    import itertools

    from orggraph.core.rollup import Rollup
    from orggraph.render.labels import figures
    from orggraph.render.metrics import text_width
    from orggraph.render.tidy import scene

    parts = ("seats", "open", "budget")
    line = scene._figure_lines(lang, 9.0, "CNY", period, parts)
    values = ((0, 1, 2.5), (False, True), (0, 2), (False, True), (0, 23000.5), (False, True))
    for key in itertools.product(*values):
        rollups = [Rollup(key[i], ("?",) if key[i + 1] else ()) for i in (0, 2, 4)]
        want = figures(
            rollups[0], rollups[2], lang, "CNY", vacancies=rollups[1], period=period, parts=parts
        )
        got = line(key)
        if not want:
            assert got is None
            continue
        assert got is not None
        assert got[0] == tuple((scene.FIGURES, row) for row in want.split("\n"))
        assert got[1] == pytest.approx(max(text_width(row, 9.0) for row in want.split("\n")))


# -- the docs page -------------------------------------------------------------------------

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_the_charts_page_shows_every_option() -> None:
    page = (DOCS / "charts.md").read_text(encoding="utf-8")
    headings = " ".join(re.findall(r"^#{2,4} (.+)$", page, flags=re.M))
    missing = [s.name for s in option_specs() if f"`{s.name}`" not in headings]
    assert not missing, f"docs/charts.md has no section on {missing}"
    pictures = set(re.findall(r"\]\((images/charts/[\w-]+\.png)\)", page))
    drawn = {f"images/charts/{p.name}" for p in (DOCS / "images" / "charts").glob("*.png")}
    assert pictures == drawn  # every picture shown exists, and none is left over
    assert "charts.md" in (DOCS.parent / "mkdocs.yml").read_text(encoding="utf-8")
