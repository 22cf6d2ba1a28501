"""Analytic charts (orggraph.render.plots) and CJK fonts (orggraph.render.fonts)."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import orggraph as og
from orggraph.render import fonts, plots

matplotlib = pytest.importorskip("matplotlib")
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "data" / "ecommerce.yaml"

# Used when the seed file is missing or broken (another helper may be editing it).
SMALL = """
org: {zh: 小公司, en: Small Co}
lang: [zh, en]
units:
  - id: ceo
    name: {zh: 总经理室, en: CEO office}
    head: {title: CEO, salary: 20000}
    responsibilities: [plan]
    units:
      - id: sales
        name: {zh: 销售部, en: Sales}
        head: {title: {zh: 销售总监, en: Sales Director}, salary: 9000}
        responsibilities: [sell, plan]
        units:
          - id: s1
            name: {zh: 销售一组, en: Sales 1}
            staff: [{title: Rep, seats: 4, salary: 5000}]
          - {id: s2, name: {zh: 销售二组, en: Sales 2}, staff: [{title: Rep, seats: null}]}
      - id: tech
        name: {zh: 技术部, en: Technology}
        head: {title: CTO}
        units:
          - id: t1
            name: {zh: 开发组, en: Development}
            staff: [{title: Dev, seats: 3, salary: 8000}]
      - id: finance
        name: {zh: 财务部, en: Finance}
        staff: [{title: Clerk, seats: 2, salary: 4000}]
responsibilities:
  - {id: plan, name: {zh: 制定计划, en: Plan}}
  - {id: sell, name: {zh: 销售产品, en: Sell}}
"""

CJK = fonts.cjk_family()
needs_cjk = pytest.mark.skipif(
    CJK is None, reason="no CJK font known to matplotlib (apt-get install fonts-noto-cjk)"
)
LANGS = ("zh", "en")


@pytest.fixture(scope="module")
def org() -> og.Org:
    try:
        return og.load(SEED)
    except (og.OrgError, OSError):
        return og.loads(SMALL)


@pytest.fixture(scope="module")
def small() -> og.Org:
    return og.loads(SMALL)


@pytest.fixture(autouse=True)
def _rc_unchanged() -> Iterator[None]:
    """Every test: the global matplotlib settings are the same afterwards."""
    before = dict(matplotlib.rcParams)
    yield
    assert dict(matplotlib.rcParams) == before


def bars(fig: Figure) -> list[Any]:
    (container,) = fig.axes[0].containers
    return list(container)


def tick_texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.axes[0].get_yticklabels()]


def glyph_warnings(record: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in record if "missing from" in str(w.message)]


def save_quietly(fig: Figure, path: Path) -> list[str]:
    """Save *fig* to *path*; the 'Glyph ... missing from font(s)' warnings it caused."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        fig.savefig(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return glyph_warnings(record)


# -- importing ------------------------------------------------------------------------


def test_import_does_not_load_matplotlib() -> None:
    code = (
        "import sys\n"
        "import orggraph, orggraph.render.plots, orggraph.render.fonts\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'\n"
        "org = orggraph.loads('units: [{id: a, name: A, units: [{id: b, name: B}]}]')\n"
        "orggraph.render.plots.headcount_by_unit(org).savefig(sys.argv[1])\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
    )
    with_out = subprocess.run(
        [sys.executable, "-c", code, "/dev/null"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert with_out.returncode == 0, with_out.stderr


def test_all_is_public() -> None:
    for module in (plots, fonts):
        for name in module.__all__:
            assert hasattr(module, name)


# -- headcount and budget by unit -------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("measure", ["seats", "budget"])
def test_by_unit_bars_match_rollups(org: og.Org, lang: str, measure: str, tmp_path: Path) -> None:
    table = org.rollup_table([measure])
    if measure == "seats":
        fig = plots.headcount_by_unit(org, lang=lang)
    else:
        fig = plots.budget_by_unit(org, lang=lang)
    assert isinstance(fig, Figure)
    children = org.children(org.root)
    drawn = bars(fig)
    assert len(drawn) == len(children)
    assert sorted(b.get_gid() for b in drawn) == sorted(children)
    # Bar values are the rollups, largest first (on top).
    for bar in drawn:
        assert bar.get_width() == table.value(bar.get_gid(), measure)
    widths = [b.get_width() for b in drawn]
    assert widths == sorted(widths, reverse=True)
    assert [b.get_y() for b in drawn] == sorted((b.get_y() for b in drawn), reverse=True)
    # Hatched exactly when some figure under the unit is unknown.
    for bar in drawn:
        partial = table.unknown_count(bar.get_gid(), measure) > 0
        assert bool(bar.get_hatch()) is partial, bar.get_gid()
    # Labels: the unit names, and the figures with "≥" for partial ones.
    assert tick_texts(fig) == [org.name(b.get_gid(), lang=lang) for b in drawn]
    values = [t.get_text() for t in fig.axes[0].texts]
    assert values == [str(table[b.get_gid()][measure].short()) for b in drawn]
    legend = fig.axes[0].get_legend()
    if any(b.get_hatch() for b in drawn):
        assert legend is not None
        key = legend.get_texts()[0].get_text()
        assert key.startswith("hatched: some figures unknown" if lang == "en" else "斜线")
    else:
        assert legend is None
    path = tmp_path / f"{measure}-{lang}.png"
    if CJK is not None:
        assert save_quietly(fig, path) == []
    else:
        save_quietly(fig, path)


def test_by_unit_known_figures_on_small_org(small: og.Org) -> None:
    fig = plots.headcount_by_unit(small, lang="en")
    got = {b.get_gid(): (b.get_width(), bool(b.get_hatch())) for b in bars(fig)}
    assert got == {"sales": (5, True), "tech": (4, False), "finance": (2, False)}
    assert [t.get_text() for t in fig.axes[0].texts] == ["≥ 5", "4", "2"]

    fig = plots.budget_by_unit(small, lang="en")
    got = {b.get_gid(): (b.get_width(), bool(b.get_hatch())) for b in bars(fig)}
    assert got == {"sales": (29000, True), "tech": (24000, True), "finance": (8000, False)}
    assert [t.get_text() for t in fig.axes[0].texts] == ["≥ 29,000", "≥ 24,000", "8,000"]
    assert fig.axes[0].get_xlabel() == "Monthly salary budget"


def test_by_unit_level_root_and_sort(small: og.Org) -> None:
    fig = plots.headcount_by_unit(small, level=2, lang="en", sort="chart")
    assert [b.get_gid() for b in bars(fig)] == ["s1", "s2", "t1"]
    assert "2 levels down" in fig.axes[0].get_title()
    fig = plots.headcount_by_unit(small, root="sales", lang="en", sort="name")
    assert tick_texts(fig) == ["Sales 1", "Sales 2"]
    assert [b.get_hatch() for b in bars(fig)] == [None, "//"]
    fig = plots.headcount_by_unit(small, measure="filled", lang="en")
    assert all(b.get_hatch() for b in bars(fig))  # nobody recorded `filled`


def test_by_unit_attrs_measure() -> None:
    org = og.loads(
        "units: [{id: a, name: A, units: ["
        "{id: b, name: B, attrs: {fte: 2.5}}, {id: c, name: C, attrs: {fte: null}}]}]"
    )
    fig = plots.headcount_by_unit(org, measure="fte")
    assert {b.get_gid(): b.get_width() for b in bars(fig)} == {"b": 2.5, "c": 0}
    assert [t.get_text() for t in fig.axes[0].texts] == ["2.5", "?"]


def test_by_unit_bad_arguments(small: og.Org) -> None:
    for level in (0, -1, 1.5, "1", True):
        with pytest.raises(og.OrgError, match="level must be a whole number >= 1"):
            plots.headcount_by_unit(small, level=level)  # type: ignore[arg-type]
    with pytest.raises(og.OrgError, match="no units 4 levels below 'ceo'; the deepest are 2"):
        plots.headcount_by_unit(small, level=4)
    with pytest.raises(og.OrgError, match="'s1' has no units under it"):
        plots.headcount_by_unit(small, root="s1")
    with pytest.raises(og.UnknownIdError, match="did you mean 'sales'"):
        plots.headcount_by_unit(small, root="sale")
    with pytest.raises(og.MeasureError, match="unknown measure 'salary'"):
        plots.headcount_by_unit(small, measure="salary")
    with pytest.raises(og.OrgError, match="unknown sort 'size'") as err:
        plots.budget_by_unit(small, sort="size")
    assert err.value.choices == plots.SORTS
    with pytest.warns(og.OrgWarning, match="2 roots"):
        two = og.loads("units: [{id: a, name: A, units: [{id: c, name: C}]}, {id: b, name: B}]")
    with pytest.raises(og.OrgError, match="2 roots; pass root= one of a, b"):
        plots.headcount_by_unit(two)
    assert [b.get_gid() for b in bars(plots.headcount_by_unit(two, root="a"))] == ["c"]


def test_draw_into_given_axes(small: og.Org, tmp_path: Path) -> None:
    user = Figure()  # made outside orggraph, with the user's fonts
    ax, other = user.subplots(1, 2)
    ax.set_title("placeholder")
    assert plots.headcount_by_unit(small, ax=ax) is user
    assert plots.span_of_control(small, ax=other) is user
    assert ax.get_title() == "总经理室下属各单位编制人数"
    if CJK is not None:
        assert save_quietly(user, tmp_path / "user.png") == []
        assert CJK in ax.title.get_fontfamily()


# -- span of control ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_span_of_control(org: og.Org, lang: str, tmp_path: Path) -> None:
    managers = [u for u in org.units() if org.children(u)]
    spans = [len(org.children(u)) for u in managers]
    fig = plots.span_of_control(org, lang=lang)
    drawn = bars(fig)
    assert [round(b.get_x() + b.get_width() / 2) for b in drawn] == list(range(1, max(spans) + 1))
    assert [b.get_height() for b in drawn] == [spans.count(x) for x in range(1, max(spans) + 1)]
    assert sum(b.get_height() for b in drawn) == len(managers)
    assert str(len(managers)) in fig.axes[0].get_title()
    save_quietly(fig, tmp_path / "span.png")


def test_span_of_control_small(small: og.Org) -> None:
    fig = plots.span_of_control(small, lang="en")
    assert [b.get_height() for b in bars(fig)] == [1, 1, 1]  # tech 1, sales 2, ceo 3
    assert fig.axes[0].get_title() == "Span of control: 3 managers, median 2 direct reports"
    lone = plots.span_of_control(og.loads("units: [{id: a, name: A}]"), lang="en")
    assert lone.axes[0].containers == []
    assert [t.get_text() for t in lone.axes[0].texts] == ["no unit has direct reports"]


# -- responsibilities per unit -------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_responsibilities_per_unit(org: og.Org, lang: str, tmp_path: Path) -> None:
    counts = {u: len(org.responsibilities(u)) for u in org.units()}
    owning = [u for u, n in counts.items() if n]
    fig = plots.responsibilities_per_unit(org, lang=lang)
    drawn = bars(fig)
    assert len(drawn) == len(owning)
    assert {b.get_gid(): b.get_width() for b in drawn} == {u: counts[u] for u in owning}
    assert tick_texts(fig) == [org.name(b.get_gid(), lang=lang) for b in drawn]
    none = len(counts) - len(owning)
    assert f"{none} " in fig.axes[0].get_title()
    save_quietly(fig, tmp_path / "resp.png")

    fig = plots.responsibilities_per_unit(org, lang=lang, top=3)
    top = bars(fig)
    assert [b.get_width() for b in top] == sorted(counts.values(), reverse=True)[:3]


def test_responsibilities_small_and_errors(small: og.Org) -> None:
    fig = plots.responsibilities_per_unit(small, lang="en")
    assert [(b.get_gid(), b.get_width()) for b in bars(fig)] == [("sales", 2), ("ceo", 1)]
    assert fig.axes[0].get_title().splitlines() == [
        "Responsibilities per unit",
        "5 of 7 units own no responsibility",
    ]
    fig = plots.responsibilities_per_unit(small, lang="zh", top=1)
    assert tick_texts(fig) == ["销售部"]
    assert "仅显示前 1 个（共 2 个）" in fig.axes[0].get_title()
    for top in (0, 2.0, "3"):
        with pytest.raises(og.OrgError, match="top must be a whole number >= 1"):
            plots.responsibilities_per_unit(small, top=top)  # type: ignore[arg-type]
    with pytest.raises(og.OrgError, match="choose one of value, name, chart"):
        plots.responsibilities_per_unit(small, sort="size")
    empty = plots.responsibilities_per_unit(og.loads("units: [{id: a, name: A}]"), lang="en")
    assert [t.get_text() for t in empty.axes[0].texts] == ["no unit owns a responsibility"]


# -- fonts: Chinese really renders --------------------------------------------------------------


def test_glyph_warning_detects_boxes(tmp_path: Path) -> None:
    """Control: without the CJK face, matplotlib warns about the missing glyphs."""
    fig = Figure()
    fig.add_subplot().set_title("客服部", fontfamily="DejaVu Sans")
    assert save_quietly(fig, tmp_path / "boxes.png")


@needs_cjk
def test_chinese_text_uses_a_cjk_face(tmp_path: Path) -> None:
    from matplotlib import font_manager
    from matplotlib.font_manager import FontProperties, findfont, get_font

    with fonts.cjk_rc(["客服部"]) as family:
        fig = Figure()
        ax = fig.add_subplot()
        title = ax.set_title("客服部的编制")
        assert matplotlib.rcParams["font.family"] == family == ["DejaVu Sans", CJK]
    # Drawn after leaving the block, with the global defaults back in force.
    assert matplotlib.rcParams["font.family"] != family
    assert save_quietly(fig, tmp_path / "zh.png") == []
    assert title.get_fontfamily() == family
    # The CJK face of the title's font list has the glyphs.
    path = findfont(FontProperties(family=CJK), fallback_to_default=False)
    face = get_font(path)
    assert all(face.get_char_index(ord(c)) for c in "客服部的编制")
    assert font_manager.fontManager is not None


@needs_cjk
@pytest.mark.parametrize(
    "draw",
    [
        plots.headcount_by_unit,
        plots.budget_by_unit,
        plots.span_of_control,
        plots.responsibilities_per_unit,
    ],
)
def test_plots_render_chinese_without_missing_glyphs(
    org: og.Org, draw: Any, tmp_path: Path
) -> None:
    fig = draw(org, lang="zh")
    texts = [t for t in fig.findobj(Text) if fonts.has_cjk(t.get_text())]
    assert texts
    for text in texts:
        assert CJK in text.get_fontfamily()
    assert save_quietly(fig, tmp_path / "zh.png") == []


def test_no_cjk_font_warns_with_install_command(
    small: og.Org, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(fonts, "cjk_family", lambda: None)
    with pytest.warns(og.OrgWarning, match="apt-get install fonts-noto-cjk"):
        fig = plots.headcount_by_unit(small, lang="zh")
    save_quietly(fig, tmp_path / "boxes.png")
    with warnings.catch_warnings():
        warnings.simplefilter("error", og.OrgWarning)
        plots.headcount_by_unit(small, lang="en")  # no Chinese text, no warning


def test_stale_font_cache_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    listed = (
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", ("Noto Sans CJK SC",)),
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", ("DejaVu Sans",)),
    )
    monkeypatch.setattr(fonts, "_fc_list", lambda: listed)
    monkeypatch.setattr(fonts, "_known_fonts", lambda: ({"DejaVu Sans"}, set()))
    with pytest.warns(og.OrgWarning) as record:
        assert fonts.check_font_cache() == ["Noto Sans CJK SC"]
    message = str(record[0].message)
    assert str(fonts.font_cache_path()) in message
    assert matplotlib.get_cachedir() in message
    assert "_load_fontmanager(try_read_cache=False)" in message
    assert "rebuild_font_cache()" in message
    # Known by file (older matplotlib names a .ttc after its first face only): not stale.
    real = str(Path(listed[0][0]).resolve())
    monkeypatch.setattr(fonts, "_known_fonts", lambda: ({"Noto Sans CJK JP"}, {real}))
    assert fonts.check_font_cache(warn=False) == []


def test_stale_font_cache_end_to_end(tmp_path: Path) -> None:
    """A real matplotlib cache written before the CJK fonts were installed."""
    import json
    import os

    if not any("CJK" in family for _, families in fonts._fc_list() for family in families):
        pytest.skip("fc-list lists no CJK font")
    cache = fonts.font_cache_path()
    if not cache.exists():
        pytest.skip(f"no matplotlib font cache at {cache}")
    data = json.loads(cache.read_text(encoding="utf-8"))
    data["ttflist"] = [e for e in data["ttflist"] if "CJK" not in e["name"]]
    stale = tmp_path / cache.name
    stale.write_text(json.dumps(data), encoding="utf-8")
    code = (
        "import warnings, orggraph.render.fonts as fonts\n"
        "warnings.simplefilter('always')\n"
        "with fonts.cjk_rc(['客服部']) as family:\n"
        "    print(family)\n"
    )
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['DejaVu Sans']"
    assert proc.stderr.count("OrgWarning") == 1  # the stale cache, not "install a font"
    assert "Noto Sans CJK SC" in proc.stderr
    assert str(stale) in proc.stderr
    assert "rebuild_font_cache()" in proc.stderr


def test_font_cache_is_not_stale_here() -> None:
    assert fonts.check_font_cache(warn=False) == []


def test_rebuild_font_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    calls: list[bool] = []
    current = font_manager.fontManager

    def fake_load(*, try_read_cache: bool = True) -> Any:
        calls.append(try_read_cache)
        return current

    monkeypatch.setattr(font_manager, "_load_fontmanager", fake_load)
    monkeypatch.setattr(font_manager, "fontManager", current)
    monkeypatch.setattr(font_manager, "findfont", font_manager.findfont)
    monkeypatch.setattr(font_manager, "get_font_names", font_manager.get_font_names)
    assert fonts.rebuild_font_cache() == CJK
    assert calls == [False]


def test_has_cjk() -> None:
    assert fonts.has_cjk("客服部")
    assert fonts.has_cjk(["A", "カスタマー"])
    assert not fonts.has_cjk(["Customer Service", "≥ 5", "—"])


# -- notebooks ---------------------------------------------------------------------------------


def test_chart_figure_shows_in_notebooks_and_pickles(small: og.Org) -> None:
    import pickle

    for draw in (plots.headcount_by_unit, plots.budget_by_unit, plots.span_of_control):
        fig = draw(small, lang="en")
        assert isinstance(fig, Figure)
        assert type(fig) is plots.ChartFigure
        png = fig._repr_png_()  # type: ignore[attr-defined]
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        again = pickle.loads(pickle.dumps(fig))
        assert [b.get_width() for b in bars(again)] == [b.get_width() for b in bars(fig)]


def test_collaboration_network_is_the_same_picture_in_every_process() -> None:
    # The docstring promises a reproducible picture; a component's nodes used to be laid
    # out in the order of a set of ids, which changes with the string hash seed.
    code = (
        "import orggraph as og\n"
        "from orggraph.render.analysis_plots import collaboration_network\n"
        "ax = collaboration_network(og.datasets.load('ecommerce'), lang='en').axes[0]\n"
        "print(sorted((t.get_gid(), t.xy) for t in ax.texts if t.get_gid()))\n"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(hash_seed)},
        ).stdout
        for hash_seed in (1, 2, 3)
    }
    assert len(runs) == 1, runs
