"""The explorer's Python side: the data columns, the escaping, the page's policy and size,
org.render("x.html"), org.explore() and ``orggraph explore``. The page in a real browser
is tests/test_explorer_browser.py."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path

import pytest

import orggraph as og
from orggraph.cli import main
from orggraph.io.registry import chart_formats
from orggraph.render.explorer import ExplorerPage, explore, explorer_data, explorer_html
from orggraph.render.explorer.page import embed_json

EVIL = ("<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>")


@pytest.fixture(scope="module")
def seed() -> og.Org:
    return og.datasets.load("ecommerce")


@pytest.fixture(scope="module")
def xingchen() -> og.Org:
    with pytest.warns(og.OrgWarning):
        return og.datasets.load("xingchen")


def evil_org() -> og.Org:
    return og.from_dict(
        {
            "org": EVIL[1],
            "lang": ["en", "zh"],
            "units": [
                {
                    "id": "top",
                    "name": {"en": EVIL[0], "zh": "顶\u2028层"},
                    "head": {"title": EVIL[1], "holders": [EVIL[0]]},
                    "units": [{"id": "a", "name": EVIL[1], "description": "a & b <c>"}],
                }
            ],
        }
    )


def _data_of(page: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json">(.*?)</script>', page, re.S)
    assert found is not None
    data: dict[str, object] = json.loads(found.group(1))
    return data


# -- the columns -----------------------------------------------------------------------


def test_columns_follow_the_tree(seed: og.Org) -> None:
    d = explorer_data(seed)
    ids = d["id"]
    assert ids == seed.units()
    for i, u in enumerate(ids):
        p = d["p"][i]
        assert (ids[p] if p >= 0 else None) == seed.parent(u)
        assert p < i  # a parent comes before its children
    zh, en = d["langs"].index("zh"), d["langs"].index("en")
    row = ids.index("customer_service")
    assert d["n"][zh][row] == seed.name("customer_service", lang="zh")
    assert d["n"][en][row] == "Customer Service"


def test_figures_are_the_rollups_with_unknown_counted(seed: og.Org) -> None:
    d = explorer_data(seed)
    table = seed.rollup_table(("seats", "budget"))
    for i, u in enumerate(d["id"]):
        for m in ("seats", "budget"):
            assert d["f"][m]["v"][i] == table.value(u, m)
            assert d["f"][m]["u"][i] == table.unknown_count(u, m)
    top = d["id"].index("ceo")
    assert d["f"]["seats"]["u"][top] > 0  # unknown is never zero: the page writes ≥


def test_posts_people_and_links(xingchen: og.Org) -> None:
    d = explorer_data(xingchen)
    po = d["po"]
    assert sum(po["c"]) == len(po["k"]) == len(xingchen.posts())
    assert set(po["k"]) <= {"0", "1", "2"} and "1" in po["k"]  # an assistant
    en = d["langs"].index("en")
    people = {d["s"][d["pe"]["n"][en][k]] for k in range(len(d["pe"]["id"]))}
    assert "Wang Fang" in people
    assert [] in po["h"]  # a vacant post: holders known, none
    assert len(d["ln"]["k"]) == len(xingchen.links())
    assert len(d["rs"]["u"]) == len(xingchen.responsibility_ids())
    no_people = explorer_data(xingchen, people=False)
    assert "h" not in no_people["po"] and not no_people["pe"]["id"]
    assert "Wang Fang" not in json.dumps(no_people, ensure_ascii=False)


def test_a_synthetic_organisation_in_columns() -> None:
    org = og.datasets.synthetic(300, seed=3)
    d = explorer_data(org)
    assert len(d["p"]) == 300 and d["p"].count(-1) == len(org.roots())
    assert sum(d["po"]["c"]) == len(d["po"]["s"])


# -- escaping and the page ---------------------------------------------------------------


def test_embedded_json_cannot_close_its_script() -> None:
    text = embed_json({"x": EVIL[1] + " & \u2028 \u2029 <!-- -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text)["x"].startswith("</script>")


def test_evil_names_stay_data() -> None:
    page = explorer_html(evil_org())
    body = page.split("<body>", 1)[1]
    assert "<img" not in body and body.count("<script") == 2  # the data and our code
    assert "onerror=alert(1)" in body  # as escaped data only
    data = _data_of(page)
    assert EVIL[0] in data["n"][0]
    assert html.escape(EVIL[1]) in page.split("<title>", 1)[1]  # the title, escaped


def test_the_policy_allows_only_the_page_itself(seed: og.Org) -> None:
    page = explorer_html(seed)
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert meta is not None
    policy = html.unescape(meta.group(1))
    assert policy.startswith("default-src 'none'")
    assert "img-src data: blob:" in policy and "connect-src 'none'" in policy
    assert "http" not in policy and "unsafe" not in policy
    script = page.rsplit("<script>", 1)[1].split("</script>", 1)[0]
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    for source, directive in ((script, "script-src"), (style, "style-src")):
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in policy
    assert not re.search(r"(src|href)=\"?(https?:)?//", page)  # nothing remote


def test_the_seed_page_is_small(seed: og.Org) -> None:
    size = len(explorer_html(seed).encode("utf-8"))
    assert size < 300_000, size


def test_options_are_checked(seed: og.Org) -> None:
    with pytest.raises(og.OrgError, match="unknown language 'fr'"):
        explorer_html(seed, lang="fr")
    with pytest.raises(og.OrgError, match="depth"):
        explorer_html(seed, depth=-1)
    with pytest.raises(og.OrgError, match="unknown link kind"):
        explorer_html(seed, links=("solid",))
    with pytest.raises(og.UnknownIdError):
        explorer_html(seed, root="nowhere")
    data = _data_of(explorer_html(seed, root="marketing", lang="en", depth=0, links=()))
    assert data["id"][0] == "marketing" and data["depth"] == 0 and data["show"] == []
    assert data["langs"][data["lang"]] == "en"


# -- the ways in -------------------------------------------------------------------------


def test_render_writes_the_explorer(seed: og.Org, tmp_path: Path) -> None:
    assert "html" in chart_formats()
    out = seed.render(tmp_path / "org.html", depth=1)
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and _data_of(page)["depth"] == 1
    assert seed.render(format="html").startswith(b"<!DOCTYPE html>")
    with pytest.raises(og.OrgError, match="explorer"):
        seed.render(tmp_path / "x.html", engine="graphviz")


def test_rendered_pages_name_people_unless_off(xingchen: og.Org, tmp_path: Path) -> None:
    """An .html chart follows the chart option people= as every chart does."""
    page = xingchen.render(tmp_path / "x.html", lang="en").read_text("utf-8")
    assert "Wang Fang" in page and "Chief Executive Officer" in page
    off = xingchen.render(tmp_path / "off.html", lang="en", people="off").read_text("utf-8")
    assert "Wang Fang" not in off and "Chief Executive Officer" in off
    assert "Wang Fang" in xingchen.explore(lang="en").html


def test_explore_object_shows_an_iframe(seed: og.Org, tmp_path: Path) -> None:
    page = seed.explore(depth=1)
    assert isinstance(page, ExplorerPage)
    frame = page._repr_html_()
    assert frame.startswith('<iframe srcdoc="') and "sandbox=" in frame
    srcdoc = frame.split('srcdoc="', 1)[1].split('"', 1)[0]
    assert "<" not in srcdoc and html.unescape(srcdoc) == page.html
    assert page.save(tmp_path / "e.html").read_text("utf-8") == page.html
    assert "bytes" in repr(page)
    assert explore(seed, height=300)._repr_html_().count('height="300"') == 1


def test_cli_explore(tmp_path: Path) -> None:
    src = og.datasets.path("xingchen")
    out = tmp_path / "x.html"
    assert main(["explore", str(src), "-o", str(out), "--depth", "1", "--no-people"]) == 0
    page = out.read_text("utf-8")
    assert "Wang Fang" not in page and _data_of(page)["depth"] == 1
    assert main(["explore", str(src), "-o", str(tmp_path / "missing" / "x.html")]) == 1


def test_our_javascript_never_parses_markup() -> None:
    """Every text reaches the DOM as text: no innerHTML and its kin, no eval; every
    script file is one the page joins (or the widget's module, widget.js)."""
    from importlib import resources

    from orggraph.render.explorer.page import SCRIPTS

    assets = resources.files("orggraph.render.explorer") / "assets"
    names = sorted(p.name for p in assets.iterdir() if p.name.endswith(".js"))
    assert names == sorted((*SCRIPTS, "widget.js"))
    for name in names:
        source = (assets / name).read_text("utf-8")
        for banned in (
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "Function(",
            'setAttribute("style"',
        ):
            assert banned not in source, (name, banned)
        assert "http://" not in source.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in source


def test_the_model_in_node(seed: og.Org, tmp_path: Path) -> None:
    """tests/js/model.test.mjs: the page's model (tree, search, figures) without a browser."""
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    data = tmp_path / "seed.json"
    data.write_text(json.dumps(explorer_data(seed)), encoding="utf-8")
    test = Path(__file__).parent / "js" / "model.test.mjs"
    run = subprocess.run(
        [node, "--test", str(test)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"ORGGRAPH_DATA": str(data), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_options_are_checked_as_every_chart_checks_them(seed: og.Org) -> None:
    """A theme by name and a link kind as text work as for org.render; bad values and
    names are OrgErrors listing the choices."""
    page = seed.explore(theme="default", links="dotted").html
    assert '"show":["dotted"]' in page.replace(" ", "")
    with pytest.raises(og.OrgError, match="choose from dotted, collaboration"):
        seed.explore(links="solid")
    with pytest.raises(og.OrgError, match="did you mean 'depth'"):
        seed.render(format="html", deph=1)
