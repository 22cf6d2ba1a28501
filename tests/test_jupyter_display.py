"""Notebook display: an `Org`, a diff and the matplotlib charts show scaled to the cell.

The bundles are checked directly and in a real notebook executed by nbclient in a fresh
kernel. No browser here: the checks read the markup. A notebook prefers ``text/html``:
it must hold the chart's SVG inline, as wide as the cell (``width:100%``) but never
wider than drawn, its height following (``height:auto``, at most ``max-height``), so
the whole chart, root first, is in view with no sideways scrolling; ``image/svg+xml``
(or ``image/png``) and ``text/plain`` stay in the bundle.
"""

from __future__ import annotations

import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from svg_geometry import read_svg

import orggraph as og
from orggraph.render import jupyter
from orggraph.render.tidy.fit import KEPT

SVG = "{http://www.w3.org/2000/svg}"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


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
    depth = jupyter.depth_for(big)
    assert depth is not None
    shown = [u for u in big.units() if big.depth(u) <= depth]
    assert len(shown) <= jupyter.MAX_UNITS
    assert len(read_svg(bundle["image/svg+xml"]).boxes) == len(shown)
    assert note.startswith(f"1,000 units: the chart shows the top {depth + 1} levels")
    assert "org.render(root=" in note and "depth=" in note
    assert "explore" not in note  # nothing that does not exist
    assert f"top {depth + 1} levels" in bundle["text/plain"]


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
    d = og.diff(seed, og.datasets.load("ecommerce-split"))
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
    assert "the top 3 levels (41 units). 2 changed units lie deeper" in note
    assert 'diff.render(root="root", depth=...)' in note


def test_a_diff_without_dot_is_text(seed: og.Org, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORGGRAPH_DOT", "/nonexistent/dot")
    d = og.diff(seed, og.datasets.load("ecommerce-split"))
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
    assert bundle["text/html"] == chart._repr_html_()
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
    assert chart._repr_html_() in page and "客服部" in page
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
    d = og.diff(seed, og.datasets.load("ecommerce-split"))
    chart = d.chart(root="coo", lang="en", caption="the split")
    assert chart.svg == d.render(format="svg", root="coo", lang="en", caption="the split").decode()
    svg, _ = parts(chart._repr_html_())
    check_scaled(svg)
    assert "the split" in chart.svg and "Warehousing" in chart.svg


# -- in a real notebook --------------------------------------------------------------------

CELLS = [
    "import orggraph as og\nseed = og.datasets.load('ecommerce')\nseed",
    "og.diff(seed, og.datasets.load('ecommerce-split'))",
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
