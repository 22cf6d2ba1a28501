"""Notebook display: an `Org`, a diff and the matplotlib charts show scaled to the cell.

The bundles are checked directly and in a real notebook executed by nbclient in a fresh
kernel. No browser here: the checks read the markup. A notebook prefers ``text/html``:
it must hold the chart's SVG inline, as wide as the cell (``width:100%``) but never
wider than drawn, its height following (``height:auto``, at most ``max-height``), so
the whole chart, root first, is in view with no sideways scrolling; ``image/svg+xml``
(or ``image/png``) and ``text/plain`` stay in the bundle.
"""

from __future__ import annotations

import ast
import re
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marks import needs_dot
from strategies import ids as unit_ids
from svg_geometry import read_svg

import orggraph as og
from orggraph.render import jupyter
from orggraph.render.tidy.fit import KEPT

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def seed() -> og.Org:
    return og.datasets.load("ecommerce")


def parts(markup: str) -> tuple[ET.Element, str]:
    """The inline ``<svg>`` element of a display's HTML and the text of its note."""
    root = ET.fromstring(f"<root>{markup}</root>")
    svg = root.find(f".//{SVG}svg")
    assert svg is not None, markup[:200]
    note = root.find("./div[@class='orggraph-note']")
    return svg, "" if note is None else "".join(note.itertext())


def unprefixed(markup: str) -> str:
    """*markup* with its per-display id prefix made alike, to compare two displays."""
    return re.sub(r"og[0-9a-f]{12}-", "og-", markup)


def style(el: ET.Element) -> dict[str, str]:
    pairs = (p.split(":", 1) for p in el.get("style", "").split(";") if p.strip())
    return {k.strip(): v.strip() for k, v in pairs}


def check_scaled(svg: ET.Element) -> None:
    """Scaled to the cell: full width, height from the aspect, capped; never upscaled."""
    s = style(svg)
    assert s["width"] == "100%" and s["height"] == "auto"
    assert s["max-height"] == jupyter.MAX_HEIGHT
    natural = float(svg.get("width", "").removesuffix("pt")) * 4 / 3
    assert float(s["max-width"].removesuffix("px")) == pytest.approx(natural, abs=1)
    assert svg.get("viewBox"), "no viewBox: the picture would not scale"


def suggestions(note: str, name: str) -> list[tuple[str, str]]:
    """The code a note suggests (``org.chart(...)...``), each with the words after it:
    the shortest text from ``name.chart(`` on that is a Python expression followed by
    " draws " or " writes "."""
    found = []
    for m in re.finditer(re.escape(f"{name}.chart("), note):
        for end in range(m.end(), len(note) + 1):
            code, rest = note[m.start() : end], note[end:]
            if not rest.startswith((" draws ", " writes ")):
                continue
            try:
                ast.parse(code, mode="eval")
            except SyntaxError:
                continue
            found.append((code, rest))
            break
    return found


def check_suggestions(note: str, name: str, drawable: Any) -> jupyter.Chart:
    """Every code a note suggests is valid Python; the branch it suggests draws a chart
    within the notebook's limit, of as many boxes as the note says; the last suggestion
    writes the whole chart. Returns the branch's chart."""
    found = suggestions(note, name)
    assert (
        found
        and found[-1][0] == f'{name}.chart().save("{name if name == "diff" else "chart"}.svg")'
    )
    assert found[-1][1].startswith(" writes the whole chart")
    assert len(found) == 2, note
    code, rest = found[0]
    chart = eval(code, {name: drawable})  # the code as the note shows it
    assert isinstance(chart, jupyter.Chart)
    assert set(chart._repr_mimebundle_()) == {"text/html", "image/svg+xml", "text/plain"}
    boxes = len(read_svg(chart.svg).boxes)
    assert boxes <= jupyter.MAX_UNITS
    said = re.match(r" draws a branch \(([\d,]+) units?\)", rest)
    assert said and int(said.group(1).replace(",", "")) == boxes, (rest, boxes)
    return chart


def test_an_org_shows_its_whole_chart_scaled_to_the_cell(seed: og.Org) -> None:
    bundle = seed._repr_mimebundle_()
    assert set(bundle) == {"text/html", "image/svg+xml", "text/plain"}
    svg, note = parts(bundle["text/html"])
    check_scaled(svg)
    assert note == ""  # 44 units: all of them
    pic = read_svg(bundle["image/svg+xml"])
    assert len(pic.boxes) == len(seed)
    lo, hi = KEPT
    assert lo <= pic.aspect <= hi  # so, at the cell's width, all of it is in view
    inline = ET.tostring(svg, encoding="unicode")
    assert inline.count('class="node unit') == len(seed)
    assert "客服部" in inline


def test_the_root_is_in_the_first_view(seed: og.Org) -> None:
    # The root's box lies inside the picture's viewBox, which the cell shows whole.
    svg, _ = parts(seed._repr_mimebundle_()["text/html"])
    x0, y0, w, h = (float(v) for v in (svg.get("viewBox") or "").split())
    pic = read_svg(ET.tostring(svg))
    root = pic.boxes["ceo"]
    assert x0 <= root.x and root.right <= x0 + w and y0 <= root.y < y0 + h / 3


def test_ids_do_not_clash_between_two_charts(seed: og.Org) -> None:
    a = seed._repr_mimebundle_()["text/html"]
    en = jupyter.mimebundle(seed, lang="en")["text/html"]
    ids_a = set(re.findall(r'\sid="([^"]+)"', a))
    ids_en = set(re.findall(r'\sid="([^"]+)"', en))
    assert ids_a and not ids_a & ids_en
    for markup, ids in ((a, ids_a), (en, ids_en)):
        for ref in re.findall(r"url\(#([^)]+)\)", markup):
            assert ref in ids


def test_an_svg_with_a_style_sheet_is_shown_as_an_image() -> None:
    # inline, its style sheet would restyle the notebook page
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="600pt" height="300pt" '
        'viewBox="0 0 600 300"><style>text { fill: red }</style><text>x</text></svg>'
    )
    root = ET.fromstring(f"<root>{jupyter.scaled_html(svg)}</root>")
    img = root.find(".//img")
    assert img is not None and root.find(f".//{SVG}svg") is None
    assert img.get("src", "").startswith("data:image/svg+xml;base64,")
    s = style(img)
    assert s["width"] == "100%" and s["max-width"] == "800px" and s["object-fit"] == "contain"


def test_a_big_org_shows_its_top_levels_and_how_to_see_more() -> None:
    big = og.datasets.synthetic(1000)
    bundle = big._repr_mimebundle_()
    svg, note = parts(bundle["text/html"])
    check_scaled(svg)
    view = jupyter.fit(big)
    assert view.root is None and view.depth is not None
    shown = [u for u in big.units() if big.depth(u) <= view.depth]
    assert len(shown) == view.shown <= jupyter.MAX_UNITS
    assert len(read_svg(bundle["image/svg+xml"]).boxes) == len(shown)
    assert note.startswith(
        f"1,000 units: the chart shows the top {view.depth + 1} levels ({view.shown} units)."
    )
    assert "org.chart(root=" in note and "explore" not in note  # nothing that does not exist
    assert f"top {view.depth + 1} levels" in bundle["text/plain"]
    check_suggestions(note, "org", big)


def test_a_failed_chart_is_text(seed: og.Org, monkeypatch: pytest.MonkeyPatch) -> None:
    import orggraph.render as renderers

    def broken(*args: object, **kwargs: object) -> bytes:
        raise og.RenderError("out of memory")

    monkeypatch.setattr(renderers, "render", broken)
    bundle = seed._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
    assert "chart unavailable: out of memory" in bundle["text/plain"]


@needs_dot
def test_a_diff_shows_its_fitted_chart_scaled_to_the_cell(seed: og.Org) -> None:
    d = og.diff(seed, og.datasets.load("ecommerce-split").as_of("2027-01-01"))
    bundle = d._repr_mimebundle_()
    assert set(bundle) == {"text/html", "image/svg+xml", "text/plain"}
    assert bundle["text/plain"] == repr(d)
    svg, note = parts(bundle["text/html"])
    check_scaled(svg)
    assert note == ""
    pic = read_svg(bundle["image/svg+xml"])
    assert 0.5 <= pic.aspect <= 2.5  # no longer a 6:1 strip
    assert "仓储物流部" in bundle["image/svg+xml"]


def nested() -> og.Org:
    """161 units: a root, 10 departments of 3 groups of 4 teams."""

    def unit(uid: str, units: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        return {"id": uid, "name": uid.upper(), **({"units": units} if units else {})}

    return og.from_dict(
        {
            "units": [
                unit(
                    "root",
                    [
                        unit(
                            f"d{i}",
                            [
                                unit(f"d{i}g{j}", [unit(f"d{i}g{j}t{k}") for k in range(4)])
                                for j in range(3)
                            ],
                        )
                        for i in range(10)
                    ],
                )
            ]
        }
    )


@needs_dot
def test_a_big_diff_shows_the_branch_that_changed() -> None:
    from orggraph.ops import reorg

    a = nested()
    b = reorg.move(a, "d3g0t1", "d3g2")
    bundle = og.diff(a, b)._repr_mimebundle_()
    svg, note = parts(bundle["text/html"])
    check_scaled(svg)
    pic = read_svg(bundle["image/svg+xml"])
    assert sorted(pic.boxes) == sorted(["d3", *a.descendants("d3")])
    assert note.startswith("161 units: the chart shows the branch of D3 (it holds every change)")
    # changes in two departments: their common superior, cut to fit, and it says so
    c = reorg.move(b, "d7g1t0", "d8g0")
    bundle = og.diff(a, c)._repr_mimebundle_()
    _, note = parts(bundle["text/html"])
    shown = read_svg(bundle["image/svg+xml"]).boxes
    assert "root" in shown and len(shown) <= jupyter.MAX_UNITS
    assert "the top 3 levels (41 units). 2 changed units are not in it." in note
    branch = check_suggestions(note, "diff", og.diff(a, c))
    assert "d3g0t1" in read_svg(branch.svg).boxes  # a branch with a change in it


def test_a_diff_without_dot_is_text(seed: og.Org, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORGGRAPH_DOT", "/nonexistent/dot")
    d = og.diff(seed, og.datasets.load("ecommerce-split").as_of("2027-01-01"))
    bundle = d._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
    assert bundle["text/plain"].startswith("<Diff: ")
    assert "chart unavailable" in bundle["text/plain"]


def test_plots_show_at_most_as_wide_as_the_cell(seed: og.Org) -> None:
    pytest.importorskip("matplotlib")
    from orggraph.render import plots

    fig = plots.headcount_by_unit(seed, lang="en")
    bundle = fig._repr_mimebundle_()  # type: ignore[attr-defined]
    assert set(bundle) == {"text/html", "image/png", "text/plain"}
    img = ET.fromstring(bundle["text/html"])
    assert img.tag == "img"
    s = style(img)
    assert s["max-width"] == "100%" and s["height"] == "auto"
    assert img.get("src", "") == "data:image/png;base64," + bundle["image/png"]


# -- org.chart(...): any chart, shown the same way --------------------------------------


def test_org_chart_shows_what_render_draws_scaled(seed: og.Org) -> None:
    options = {"root": "coo", "depth": 1, "lang": "en", "links": ()}
    chart = seed.chart(**options)
    assert isinstance(chart, jupyter.Chart)
    assert chart.svg == seed.render(format="svg", **options).decode("utf-8")
    bundle = chart._repr_mimebundle_()
    assert set(bundle) == {"text/html", "image/svg+xml", "text/plain"}
    assert bundle["image/svg+xml"] == chart.svg
    assert unprefixed(bundle["text/html"]) == unprefixed(chart._repr_html_())
    svg, note = parts(bundle["text/html"])
    check_scaled(svg)
    assert note == ""
    width = float(svg.get("width", "").removesuffix("pt")) * 4 / 3
    height = float(svg.get("height", "").removesuffix("pt")) * 4 / 3
    assert bundle["text/plain"] == repr(chart) == f"<Chart: {width:,.0f} x {height:,.0f} px>"
    assert sorted(read_svg(chart.svg).boxes) == sorted(["coo", *seed.children("coo")])


def test_two_charts_of_one_org_do_not_share_ids(seed: og.Org) -> None:
    zh, en = (seed.chart(lang=lang)._repr_html_() for lang in ("zh", "en"))
    ids_zh = set(re.findall(r'\sid="([^"]+)"', zh))
    ids_en = set(re.findall(r'\sid="([^"]+)"', en))
    assert ids_zh and ids_en and not ids_zh & ids_en


def test_the_people_sample_with_and_without_names() -> None:
    with pytest.warns(og.OrgWarning):  # its vacant regional head
        xingchen = og.datasets.load("xingchen")
    names = xingchen.chart(lang="en")  # people="names" is the default
    off = xingchen.chart(lang="en", people="off")
    for chart in (names, off):
        svg, _ = parts(chart._repr_html_())
        check_scaled(svg)
        assert len(read_svg(chart.svg).boxes) == len(xingchen)
    assert "Wang Fang" in names.svg and "Vacant" in names.svg
    assert "Wang Fang" not in off.svg and "Vacant" not in off.svg


def test_a_chart_saves_as_svg_or_html(seed: og.Org, tmp_path: Path) -> None:
    chart = seed.chart(root="customer_service", lang="zh")
    assert chart.save(tmp_path / "cs.svg") == tmp_path / "cs.svg"
    assert (tmp_path / "cs.svg").read_text(encoding="utf-8") == chart.svg
    page = chart.save(tmp_path / "cs.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert unprefixed(chart._repr_html_()) in unprefixed(page) and "客服部" in page
    with pytest.raises(og.OrgError, match=r"cs\.png: a chart saves as \.svg or \.html") as err:
        chart.save(tmp_path / "cs.png")
    assert err.value.choices == (".svg", ".html")
    assert not (tmp_path / "cs.png").exists()


def test_chart_draws_svg_only(seed: og.Org) -> None:
    with pytest.raises(og.OrgError, match="chart\\(\\) draws SVG"):
        seed.chart(format="png")
    with pytest.raises(og.OrgError, match="unknown option 'deph'"):
        seed.chart(deph=1)  # the options are render's, checked as render checks them


def test_a_chart_of_any_svg() -> None:
    chart = jupyter.Chart(
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 640 480"><rect width="1" height="1"/></svg>',
        note="n",
    )
    assert repr(chart) == "<Chart: 640 x 480 px>"
    svg, note = parts(chart._repr_html_())
    assert style(svg)["max-width"] == "640px" and note == "n"
    assert repr(jupyter.Chart("<svg/>")) == "<Chart>"


@needs_dot
def test_diff_chart_shows_what_diff_render_draws(seed: og.Org) -> None:
    d = og.diff(seed, og.datasets.load("ecommerce-split").as_of("2027-01-01"))
    chart = d.chart(root="coo", lang="en", caption="the split")
    assert chart.svg == d.render(format="svg", root="coo", lang="en", caption="the split").decode()
    svg, _ = parts(chart._repr_html_())
    check_scaled(svg)
    assert "the split" in chart.svg and "Warehousing" in chart.svg


# -- in a real notebook --------------------------------------------------------------------

CELLS = [
    "import orggraph as og\nseed = og.datasets.load('ecommerce')\nseed",
    "og.diff(seed, og.datasets.load('ecommerce-split').as_of('2027-01-01'))",
    "from orggraph.render import plots\nplots.headcount_by_unit(seed, lang='en')",
    "og.datasets.synthetic(1000)",
    "seed.chart(root='coo', depth=1, lang='en')",
    "import orggraph, sys; print(sys.prefix); print(orggraph.__file__)",
]


def run_notebook(tmp_path: Path) -> Any:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    return nb


@needs_dot
def test_in_an_executed_notebook(tmp_path: Path) -> None:
    nb = run_notebook(tmp_path)
    outs = [cell.outputs for cell in nb.cells]
    printed = "".join(o.get("text", "") for o in outs[-1])
    kernel_prefix, module = printed.split("\n")[:2]
    assert kernel_prefix == sys.prefix, "the python3 kernel runs another Python"
    assert Path(module).resolve() == Path(og.__file__).resolve()
    for i in range(5):
        results = [o for o in outs[i] if o.output_type == "execute_result"]
        assert len(results) == 1, (CELLS[i], outs[i])
        data = results[0].data
        assert "text/html" in data and "text/plain" in data
        if i == 2:  # the matplotlib chart
            assert "image/png" in data
            assert 'style="max-width:100%;height:auto' in data["text/html"]
            continue
        assert "image/svg+xml" in data
        svg, note = parts(data["text/html"])
        check_scaled(svg)
        assert bool(note) == (i == 3)  # only the 1,000 units are cut
    assert "the chart shows the top" in outs[3][0].data["text/html"]


# -- big and wide organisations: within MAX_UNITS boxes, and the note says how -----------


def forest(tops: int, kids: int = 0, grandkids: int = 0) -> og.Org:
    """*tops* top units t0, t1, ...; t<i> has *kids* units, each with *grandkids*."""
    with warnings.catch_warnings():  # several roots are worth a warning, not here
        warnings.simplefilter("ignore", og.OrgWarning)
        return og.from_dict(
            {
                "units": [
                    {
                        "id": f"t{i}",
                        "name": f"T{i}",
                        "units": [
                            {
                                "id": f"t{i}c{j}",
                                "name": f"T{i}C{j}",
                                "units": [
                                    {"id": f"t{i}c{j}g{k}", "name": f"G{k}"}
                                    for k in range(grandkids)
                                ],
                            }
                            for j in range(kids)
                        ],
                    }
                    for i in range(tops)
                ]
            }
        )


def shown_boxes(bundle: dict[str, Any]) -> int:
    return len(read_svg(bundle["image/svg+xml"]).boxes)


def test_a_hundred_top_units_show_one_branch_within_the_limit() -> None:
    org = forest(100, kids=3, grandkids=2)  # 1,000 units
    bundle = org._repr_mimebundle_()
    _, note = parts(bundle["text/html"])
    view = jupyter.fit(org)
    assert view == jupyter.Fit("t0", None, 10, 0)
    assert shown_boxes(bundle) == 10 <= jupyter.MAX_UNITS
    assert note.startswith(
        "1,000 units: the chart shows the branch of T0 (10 units). It has 100 top units, "
        "more than the 60 boxes a cell shows legibly."
    )
    assert "the branch of T0: 10 units" in bundle["text/plain"]
    branch = check_suggestions(note, "org", org)
    assert sorted(read_svg(branch.svg).boxes) == sorted(["t1", *org.descendants("t1")])
    # top units that are single boxes: still one of them, and no one-box branch suggested
    leaves = forest(100)
    bundle = leaves._repr_mimebundle_()
    _, note = parts(bundle["text/html"])
    assert shown_boxes(bundle) == 1
    assert "(1 unit)." in note and "1 units" not in note
    assert [code for code, _ in suggestions(note, "org")] == ['org.chart().save("chart.svg")']


def test_a_root_with_200_units_under_it() -> None:
    org = forest(1, kids=200)
    bundle = org._repr_mimebundle_()
    _, note = parts(bundle["text/html"])
    assert shown_boxes(bundle) == 1
    assert note == (
        "201 units: the chart shows the top level (1 unit). The next level has 200 units, "
        "more than the 60 boxes a cell shows legibly. To see more: "
        'org.chart().save("chart.svg") writes the whole chart.'
    )
    # with teams under them: the suggested branch is one of them, within the limit
    org = forest(1, kids=200, grandkids=3)
    _, note = parts(org._repr_mimebundle_()["text/html"])
    branch = check_suggestions(note, "org", org)
    assert sorted(read_svg(branch.svg).boxes) == ["t0c0", "t0c0g0", "t0c0g1", "t0c0g2"]


def test_the_suggested_code_runs_on_the_seed(seed: og.Org) -> None:
    bundle = jupyter.mimebundle(seed, max_units=10)
    _, note = parts(bundle["text/html"])
    assert shown_boxes(bundle) == 5
    chart = eval(suggestions(note, "org")[0][0], {"org": seed})
    assert isinstance(chart, jupyter.Chart) and len(read_svg(chart.svg).boxes) <= 10


awkward_ids = unit_ids | st.text(st.sampled_from("'\"\\ab客\u2028\x85#)(,"), min_size=1).filter(
    lambda s: s == s.strip()
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(top=awkward_ids, branch=awkward_ids)
def test_the_suggested_code_is_python_for_any_id(top: str, branch: str) -> None:
    if top == branch or branch.startswith(("c", "t0")) or top.startswith(("c", "t0")):
        return  # the other ids are c1, c1g0, ...
    org = og.from_dict(
        {
            "units": [
                {
                    "id": top,
                    "name": "Top",
                    "units": [
                        {
                            "id": branch if i == 0 else f"c{i}",
                            "name": f"C{i}",
                            "units": [{"id": f"c{i}g{k}", "name": "G"} for k in range(3)],
                        }
                        for i in range(4)
                    ],
                }
            ]
        }
    )
    note = jupyter.more_note(org, jupyter.fit(org, 10), max_units=10)
    shown = jupyter.Chart(b'<svg xmlns="http://www.w3.org/2000/svg"/>', note=note)._repr_html_()
    assert parts(shown)[1] == note  # HTML-escaped, shown as it is
    code = suggestions(note, "org")[0][0]
    call = ast.parse(code, mode="eval").body
    assert isinstance(call, ast.Call)
    assert [(k.arg, ast.literal_eval(k.value)) for k in call.keywords] == [("root", branch)]
    chart = eval(code, {"org": org})
    assert chart.svg == org.render(format="svg", root=branch).decode("utf-8")
    assert len(read_svg(chart.svg).boxes) == 4  # the branch and its 3 units


# -- ids: new at each display, in the markup only ------------------------------------------


def check_same_chart(svg: str, shown: ET.Element) -> str:
    """*shown* (inline in a display) is the chart *svg* with its ids prefixed and the
    references to them: every text and every other attribute as drawn. Returns the
    prefix."""
    drawn = ET.fromstring(svg)
    prefixes = set()
    pairs = list(zip(drawn.iter(), shown.iter(), strict=True))
    for a, b in pairs:
        assert (a.tag, a.text) == (b.tag, b.text)
        assert a is drawn or a.tail == b.tail  # (the root's tail is the page's)
        assert set(a.attrib) == set(b.attrib) - ({"style"} if b is shown else set())
        for key, value in a.attrib.items():
            got = b.attrib[key]
            if key == "id":
                assert got.endswith(value)
                prefixes.add(got[: -len(value)])
            elif (key.endswith("href") and value.startswith("#")) or "url(#" in value:
                assert re.sub(r"og[0-9a-f]{12}-", "", got) == value
            else:
                assert got == value, key
    assert len(prefixes) == 1
    return prefixes.pop()


def ids_of(markup: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', markup))


def linked(names: list[str]) -> og.Org:
    units = [{"id": f"u{i}", "name": n} for i, n in enumerate(names)]
    return og.from_dict(
        {
            "units": [{"id": "top", "name": "Top", "units": units}],
            "links": [{"from": "u0", "to": "u1", "kind": "dotted"}],
        }
    )


tricky_names = st.lists(
    st.lists(
        st.sampled_from(["url(#x)", ' id="a"', " href='#b'", 'href="#og"', "&", "<", ">", "x"]),
        min_size=1,
        max_size=4,
    ).map(lambda parts: "Plan " + "".join(parts)),
    min_size=2,
    max_size=4,
)


@settings(max_examples=20, deadline=None)
@given(names=tricky_names)
def test_the_same_chart_twice_has_other_ids_and_the_same_text(names: list[str]) -> None:
    chart = linked(names).chart(lang="en")
    first, second = chart._repr_html_(), chart._repr_html_()
    assert ids_of(first) and not ids_of(first) & ids_of(second)
    prefixes = {check_same_chart(chart.svg, parts(markup)[0]) for markup in (first, second)}
    assert len(prefixes) == 2
    for markup in (first, second):  # each reference finds its target in its own chart
        svg = parts(markup)[0]
        refs = [
            ref
            for el in svg.iter()
            for key, value in el.attrib.items()
            if key in ("fill", "stroke", "marker-start", "marker-end") or key.endswith("href")
            for ref in re.findall(r"^#(.+)" if key.endswith("href") else r"url\(#([^)]+)\)", value)
        ]
        assert refs  # the dotted link's marker
        for ref in refs:
            assert ref in ids_of(markup)


@needs_dot
def test_graphviz_tooltips_and_comments_keep_their_text() -> None:
    org = linked(["Plan url(#x)", 'A href="#y" id="z"'])
    chart = org.chart(lang="en", engine="graphviz")
    assert "url(#x)" in chart.svg
    markup = chart._repr_html_()
    check_same_chart(chart.svg, parts(markup)[0])
    assert markup.count("url(#x)") == chart.svg.count("url(#x)")


@needs_dot
def test_a_diff_across_a_hundred_top_units_shows_a_branch_within_the_limit() -> None:
    from orggraph.ops import reorg

    a = forest(100, kids=3, grandkids=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)  # 100 roots
        b = reorg.move(reorg.move(a, "t50c0g0", "t60c1"), "t60c2g1", "t60c0")
    d = og.diff(a, b)
    bundle = d._repr_mimebundle_()
    _, note = parts(bundle["text/html"])
    assert sorted(read_svg(bundle["image/svg+xml"]).boxes) == sorted(["t60", *b.descendants("t60")])
    assert note.startswith(
        "1,000 units: the chart shows the branch of T60 (one of 100 top units; it holds 2 of "
        "the 2 changed units), all levels (11 units)."
    )
    branch = check_suggestions(note, "diff", d)  # the other end of the move
    assert sorted(read_svg(branch.svg).boxes) == sorted(["t50", *b.descendants("t50")])
