"""The command line: every subcommand in process (``main([...])``) and a few real runs."""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import orggraph as og
import orggraph.render as renderers
from orggraph.cli import app as cli
from orggraph.cli.app import main
from orggraph.cli.common import CommandWarning, WarningPrinter
from orggraph.core.rows import cell_width as display_width

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "ecommerce.yaml"

SMALL = """\
org: {zh: 小公司, en: Small Co}
lang: [zh, en]
units:
  - id: ceo
    name: {zh: 总经理室, en: CEO office}
    head: {title: {zh: 总经理, en: Chief Executive}, salary: 20000}
    units:
      - id: sales
        name: {zh: 销售部, en: Sales}
        head: {title: {zh: 销售总监, en: Sales Director}, salary: 8000}
        responsibilities: [revenue]
        attrs: {fte: 2.5}
        units:
          - id: sales_east
            name: {zh: 华东组, en: East}
            staff: [{title: Rep, seats: 1000, salary: 5000}]
          - id: sales_west
            name: {zh: 华西组, en: West}
            staff: [{title: Rep, seats: null}]
      - id: tech
        name: {zh: 技术部, en: Technology}
        head: {title: {zh: 技术总监, en: CTO}}
        attrs: {fte: 1}
responsibilities:
  - {id: revenue, name: {zh: 增加收入, en: Grow revenue}}
links:
  - {kind: collaboration, from: sales, to: tech, relation: {en: asks for tools}}
"""

DUPLICATE = """\
units:
  - id: a
    name: A
    units:
      - {id: b, name: B}
      - {id: b, name: B again}
"""

TWO_PROBLEMS = """\
units:
  - id: a
    name: A
    units:
      - {id: b, name: B}
      - {id: b, name: B again}
      - {id: c, name: C, responsibilities: [nothing_like_this]}
"""

TWO_ROOTS = """\
units:
  - {id: a, name: A}
  - {id: b, name: B}
"""


@pytest.fixture
def small(tmp_path: Path) -> str:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return str(path)


@pytest.fixture
def write(tmp_path: Path) -> Any:
    def write(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


@pytest.fixture(scope="module")
def seed() -> og.Org:
    try:
        return og.load(SEED)
    except og.OrgError as err:  # pragma: no cover - the seed is being edited
        pytest.skip(f"the seed does not load: {err}")


# -- usage, help, version ------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"orggraph {og.__version__}"


@pytest.mark.parametrize("command", [[], ["render"], ["validate"], ["stats"], ["show"], ["schema"]])
def test_help_everywhere(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--help"]) == 0
    assert "usage: orggraph" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["validate"],
        ["render", "x.yaml"],  # -o is required
        ["render", "x.yaml", "-o", "-"],  # --format is required with -o -
        ["render", "x.yaml", "-o", "x.svg", "--format", "gif"],
        ["render", "x.yaml", "-o", "x.svg", "--engine", "tikz"],
        ["stats", "x.yaml", "--depth", "-1"],
        ["stats", "x.yaml", "--depth", "two"],
        ["stats", "x.yaml", "--format", "xml"],
        ["show"],
        ["schema", "extra"],
        ["convert", "x.yaml"],  # -o is required
        ["convert", "x.yaml", "a.json", "-o", "b.json"],  # the output twice
        ["convert", "x.yaml", "-o", "b.json", "a.json"],
        ["render", "x.yaml", "-o", "x.svg", "extra"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "usage: orggraph" in err
    assert "Traceback" not in err


def test_choices_match_the_renderers() -> None:
    assert cli.RENDER_FORMATS == renderers.FORMATS
    assert cli.RENDER_ENGINES == renderers.ENGINES


# -- validate ---------------------------------------------------------------------------


def test_validate_ok(small: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", small]) == 0
    out, err = capsys.readouterr()
    assert out == f"{small}: ok (5 units, 1 responsibility, 1 link)\n"
    assert err == ""


def test_validate_seed(seed: og.Org, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SEED)]) == 0
    n, m, k = len(seed), len(seed.responsibility_ids()), len(seed.links())
    assert capsys.readouterr().out == (
        f"{SEED}: ok ({n} units, {m} responsibilities, {k} link{'s' if k != 1 else ''})\n"
    )


def test_validate_reports_every_file(
    small: str, write: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write("dup.yaml", DUPLICATE)
    assert main(["validate", bad, small, str(Path(small).parent / "missing.yaml")]) == 1
    out, err = capsys.readouterr()
    assert out == f"{small}: ok (5 units, 1 responsibility, 1 link)\n"
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"orggraph: error: {bad}: units[0].units[1].id (line 6")
    assert "duplicate unit id 'b'" in lines[0]
    assert lines[1].startswith("orggraph: error: ")
    assert "missing.yaml: cannot read the file" in lines[1]


def test_validate_lists_all_problems(write: Any, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write("two.yaml", TWO_PROBLEMS)
    assert main(["validate", bad]) == 1
    err = capsys.readouterr().err
    assert "duplicate unit id 'b'" in err
    assert "nothing_like_this" in err
    assert "(and 1 more)" in err


def test_validate_warning_keeps_exit_0(write: Any, capsys: pytest.CaptureFixture[str]) -> None:
    two = write("roots.yaml", TWO_ROOTS)
    assert main(["validate", two]) == 0
    out, err = capsys.readouterr()
    assert out == f"{two}: ok (2 units, 0 responsibilities, 0 links)\n"
    assert err == f"orggraph: warning: {two}: the organisation has 2 roots (a, b)\n"


def test_validate_debug_shows_traceback(write: Any, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write("dup.yaml", DUPLICATE)
    assert main(["validate", bad, "--debug"]) == 1
    assert "Traceback" in capsys.readouterr().err


# -- stats ------------------------------------------------------------------------------


def _table(out: str) -> tuple[list[str], list[str]]:
    table, _, notes = out.partition("\n\n")
    return table.splitlines(), notes.splitlines()


def test_stats_table(small: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", small]) == 0
    lines, notes = _table(capsys.readouterr().out)
    assert lines[0].split() == ["unit", "id", "seats", "budget"]
    assert lines[2].split() == ["总经理室", "ceo", "≥", "1,003", "≥", "5,028,000"]
    assert lines[3].startswith("  销售部 ")
    assert lines[4].startswith("    华东组 ")
    assert lines[4].split()[-2:] == ["1,000", "5,000,000"]
    assert notes == ["* 1 unit has unknown seats", "* 2 units have unknown budget"]
    # CJK characters take two columns: every line ends in the same terminal column.
    assert len({display_width(line) for line in lines}) == 1


def test_stats_table_english_and_complete(small: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", small, "--lang", "en", "--root", "sales_east"]) == 0
    out = capsys.readouterr().out
    lines, notes = _table(out)
    assert lines[2].split() == ["East", "sales_east", "1,000", "5,000,000"]
    assert notes == []
    assert "≥" not in out


def test_stats_depth(small: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", small, "--depth", "1", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == ["ceo", "sales", "tech"]
    assert rows[0]["seats"] == 1003  # hidden units still count


def test_stats_csv(small: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", small, "--format", "csv", "--lang", "en"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == [
        "id", "name", "depth", "parent", "seats", "seats_unknown", "budget", "budget_unknown",
    ]  # fmt: skip
    assert rows[0] == {
        "id": "ceo", "name": "CEO office", "depth": "0", "parent": "",
        "seats": "1003", "seats_unknown": "1", "budget": "5028000", "budget_unknown": "2",
    }  # fmt: skip
    assert rows[3]["parent"] == "sales"


FORMULA_ORG = """\
units:
  - id: a
    name: "=cmd|' /C calc'!A0"
    attrs: {fte: -1.5}
    units:
      - {id: b, name: "@SUM(1+1)", attrs: {fte: 2}}
      - {id: c, name: "\\t+1+1", attrs: {fte: -3}}
"""


def test_csv_output_is_exact_unless_safe_csv(
    write: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = write("formula.yaml", FORMULA_ORG)
    assert main(["stats", org, "--format", "csv", "--measure", "fte"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["name"] == "=cmd|' /C calc'!A0" and rows[2]["name"] == "\t+1+1"
    assert main(["stats", org, "--format", "csv", "--measure", "fte", "--safe-csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["name"] for r in rows] == ["'=cmd|' /C calc'!A0", "'@SUM(1+1)", "'\t+1+1"]
    assert [r["fte"] for r in rows] == ["-2.5", "2", "-3"]  # negative figures untouched
    assert main(["analyse", org, "--format", "csv", "--safe-csv"]) == 0
    out = capsys.readouterr().out
    assert "'=cmd" in out and '"=cmd' not in out and ",=cmd" not in out


def test_convert_safe_csv(write: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = write("formula.yaml", FORMULA_ORG.replace("\\t+1+1", "+1+1"))
    assert main(["convert", org, "-o", str(tmp_path / "raw.csv")]) == 0
    assert og.load(tmp_path / "raw.csv") == og.load(org)  # the default: exact
    assert main(["-v", "convert", org, "-o", str(tmp_path / "safe.csv"), "--safe-csv"]) == 0
    assert "safe for spreadsheets" in capsys.readouterr().err
    names = [r["name"] for r in csv.DictReader((tmp_path / "safe.csv").open(encoding="utf-8"))]
    assert names == ["'=cmd|' /C calc'!A0", "'@SUM(1+1)", "'+1+1"]
    assert main(["convert", org, "-o", "-", "--to", "csv", "--safe-csv"]) == 0
    assert (tmp_path / "safe.csv").read_text(encoding="utf-8") == capsys.readouterr().out


@pytest.mark.parametrize(
    "command",
    [
        ["stats", "{org}", "--safe-csv"],
        ["analyse", "{org}", "--format", "json", "--safe-csv"],
        ["convert", "{org}", "{tmp}/out.json", "--safe-csv"],
    ],
)
def test_safe_csv_without_csv_output_is_an_error(
    command: list[str], small: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [c.format(org=small, tmp=tmp_path) for c in command]
    assert main(argv) == 1
    assert "--safe-csv applies to CSV output" in capsys.readouterr().err
    assert not (tmp_path / "out.json").exists()


def test_stats_json_keeps_chinese(small: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", small, "--format", "json", "--root", "sales"]) == 0
    out = capsys.readouterr().out
    assert "销售部" in out
    rows = json.loads(out)
    assert rows[0] == {
        "id": "sales", "name": "销售部", "depth": 0, "parent": None,
        "seats": 1001, "seats_unknown": 1, "budget": 5008000, "budget_unknown": 1,
    }  # fmt: skip


def test_stats_measures(small: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", small, "--measure", "fte", "seats", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["fte"] == 3.5
    assert list(rows[0])[4:] == ["fte", "fte_unknown", "seats", "seats_unknown"]
    assert main(["stats", small, "--measure", "fte"]) == 0
    assert "3.5" in capsys.readouterr().out


def test_stats_unknown_measure(small: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", small, "--measure", "headcount"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"orggraph: error: {small}: unknown measure 'headcount'")
    assert err.count("\n") == 1


def test_stats_unknown_root_suggests(small: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", small, "--root", "sale"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"orggraph: error: {small}: unknown unit id 'sale' (did you mean 'sales'?)\n"


def test_stats_seed_totals(seed: og.Org, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(SEED), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == len(seed)
    top = [r for r in rows if r["depth"] == "0"]
    assert sum(int(r["seats"]) for r in top) == seed.headcount().value
    assert sum(int(r["seats_unknown"]) for r in top) == len(seed.headcount().unknown)
    assert sum(float(r["budget"]) for r in top) == seed.budget().value


def test_unknown_language_warns(small: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", small, "--lang", "fr", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)[0]["name"] == "总经理室"
    assert err == (
        f"orggraph: warning: {small}: language 'fr' is not one of the organisation's languages "
        "(zh, en); names fall back to 'zh'\n"
    )


# -- show -------------------------------------------------------------------------------


def test_show(small: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", small]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "总经理室 (总经理) [seats ≥ 1,003, budget ≥ 5,028,000]",
        "├── 销售部 (销售总监) [seats ≥ 1,001, budget ≥ 5,008,000]",
        "│   ├── 华东组 [seats 1,000, budget 5,000,000]",
        "│   └── 华西组 [seats ?, budget ?]",
        "└── 技术部 (技术总监) [seats 1, budget ?]",
    ]


def test_show_depth_and_lang(small: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", small, "--lang", "en", "--depth", "1"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "CEO office (Chief Executive) [seats ≥ 1,003, budget ≥ 5,028,000]",
        "├── Sales (Sales Director) [seats ≥ 1,001, budget ≥ 5,008,000]",
        "│   └── … (+2 units)",
        "└── Technology (CTO) [seats 1, budget ?]",
    ]
    assert main(["show", small, "--root", "sales", "--depth", "0"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "销售部 (销售总监) [seats ≥ 1,001, budget ≥ 5,008,000]",
        "└── … (+2 units)",
    ]


def test_show_several_roots(write: Any, capsys: pytest.CaptureFixture[str]) -> None:
    two = write("roots.yaml", TWO_ROOTS)
    assert main(["show", two]) == 0
    out, err = capsys.readouterr()
    assert out == "A [seats 0, budget 0]\nB [seats 0, budget 0]\n"
    assert err == f"orggraph: warning: {two}: the organisation has 2 roots (a, b)\n"


def test_show_seed(seed: og.Org, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(SEED), "--lang", "zh"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(seed)
    assert lines[0].startswith(seed.name(seed.root, lang="zh"))
    assert any("├── " + seed.name("customer_service", lang="zh") in line for line in lines)


# -- schema -----------------------------------------------------------------------------


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == og.json_schema()


def test_schema_takes_o(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "orggraph.schema.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert capsys.readouterr() == ("", "")
    assert json.loads(out.read_text(encoding="utf-8")) == og.json_schema()
    assert main(["schema", "--output", "-"]) == 0
    assert json.loads(capsys.readouterr().out) == og.json_schema()
    assert main(["schema", "-o", str(tmp_path / "no" / "schema.json")]) == 1
    assert "the folder does not exist" in capsys.readouterr().err


# -- render (the renderer replaced by a fake) ---------------------------------------------


class FakeRender:
    def __init__(self, result: Any = None, raises: BaseException | None = None) -> None:
        self.calls: list[tuple[Any, Any, dict[str, Any]]] = []
        self.result = result
        self.raises = raises

    def __call__(self, org: Any, target: Any = None, **options: Any) -> Any:
        self.calls.append((org, target, options))
        if self.raises is not None:
            raise self.raises
        return Path(target) if target is not None else self.result


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeRender:
    fake = FakeRender(result=b"\x89PNG\r\n\x1a\n")
    monkeypatch.setattr(renderers, "render", fake)
    return fake


def test_render_defaults(small: str, tmp_path: Path, fake: FakeRender) -> None:
    out = str(tmp_path / "chart.svg")
    assert main(["render", small, "-o", out]) == 0
    [(org, target, options)] = fake.calls
    assert isinstance(org, og.Org) and len(org) == 5
    assert target == out
    assert options == {
        "format": "svg",
        "engine": "auto",
        "lang": None,
        "root": None,
        "depth": None,
        "links": ("dotted", "collaboration"),
        "responsibilities": False,
    }


def test_render_options(small: str, tmp_path: Path, fake: FakeRender) -> None:
    out = str(tmp_path / "chart.png")
    argv = ["render", small, "-o", out, "--lang", "en", "--root", "sales", "--depth", "2"]
    argv += ["--engine", "graphviz", "--no-collaboration", "--responsibilities"]
    assert main(argv) == 0
    assert fake.calls[0][2] == {
        "format": "png",
        "engine": "graphviz",
        "lang": "en",
        "root": "sales",
        "depth": 2,
        "links": ("dotted",),
        "responsibilities": True,
    }
    assert main(["render", small, "-o", out, "--no-dotted", "--no-collaboration"]) == 0
    assert fake.calls[1][2]["links"] == ()
    assert main(["render", small, "-o", str(tmp_path / "chart.gv")]) == 0
    assert fake.calls[2][2]["format"] == "dot"


def test_render_to_stdout(
    small: str, fake: FakeRender, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["render", small, "-o", "-", "--format", "png"]) == 0
    assert capsysbinary.readouterr().out == b"\x89PNG\r\n\x1a\n"
    assert fake.calls[0][1] is None
    assert fake.calls[0][2]["format"] == "png"


def test_render_missing_folder(small: str, tmp_path: Path, fake: FakeRender, capsys: Any) -> None:
    out = tmp_path / "no" / "such" / "chart.svg"
    assert main(["render", small, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"orggraph: error: {out}: the folder ")
    assert "does not exist" in err
    assert fake.calls == []
    assert not out.parent.exists()


@pytest.mark.parametrize("name", ["chart", "chart.gif"])
def test_render_unknown_suffix(
    small: str, tmp_path: Path, fake: FakeRender, capsys: Any, name: str
) -> None:
    assert main(["render", small, "-o", str(tmp_path / name)]) == 1
    assert "--format" in capsys.readouterr().err
    assert fake.calls == []
    assert main(["render", small, "-o", str(tmp_path / name), "--format", "svg"]) == 0


def test_render_unknown_root(small: str, tmp_path: Path, fake: FakeRender, capsys: Any) -> None:
    assert main(["render", small, "-o", str(tmp_path / "c.svg"), "--root", "tehc"]) == 1
    assert "unknown unit id 'tehc' (did you mean 'tech'?)" in capsys.readouterr().err
    assert fake.calls == []


def test_render_bad_input_file(write: Any, tmp_path: Path, fake: FakeRender, capsys: Any) -> None:
    bad = write("dup.yaml", DUPLICATE)
    assert main(["render", bad, "-o", str(tmp_path / "c.svg")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"orggraph: error: {bad}: units[0].units[1].id")
    assert fake.calls == []


# -- failures -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "code", "message"),
    [
        (
            og.RenderError("dot failed: syntax error", file="c.svg"),
            1,
            "orggraph: error: c.svg: dot failed",
        ),
        (ZeroDivisionError("division by zero"), 3, "orggraph: internal error: ZeroDivisionError"),
        (KeyboardInterrupt(), 130, "orggraph: interrupted"),
        (BrokenPipeError(32, "Broken pipe"), 141, ""),
        (
            PermissionError(13, "Permission denied", "c.svg"),
            1,
            "orggraph: error: c.svg: Permission",
        ),
    ],
)
def test_failures_are_one_line(
    small: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    exc: BaseException,
    code: int,
    message: str,
) -> None:
    monkeypatch.setattr(renderers, "render", FakeRender(raises=exc))
    assert main(["render", small, "-o", str(tmp_path / "c.svg")]) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.startswith(message)
    assert err.count("\n") == (1 if message else 0)
    if code == 3:
        assert "(run with --debug for the traceback)" in err


def test_debug_shows_traceback(
    small: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(renderers, "render", FakeRender(raises=ZeroDivisionError("oops")))
    assert main(["--debug", "render", small, "-o", str(tmp_path / "c.svg")]) == 3
    err = capsys.readouterr().err
    assert "Traceback" in err and "ZeroDivisionError: oops" in err
    assert err.rstrip().endswith("(run with --debug for the traceback)")


def test_width() -> None:
    assert display_width("客服部") == 6
    assert display_width("HR主管") == 6
    assert display_width("≥ 5") == 3


# -- the real thing ------------------------------------------------------------------------


def _has_graphviz_renderer() -> bool:
    return importlib.util.find_spec("orggraph.render.graphviz") is not None


@pytest.mark.dot
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
@pytest.mark.skipif(not _has_graphviz_renderer(), reason="orggraph.render.graphviz is missing")
def test_render_end_to_end(small: str, tmp_path: Path) -> None:
    out = tmp_path / "chart.svg"
    assert main(["render", small, "-o", str(out), "--lang", "en"]) == 0
    svg = out.read_text(encoding="utf-8")
    assert "<svg" in svg and "Sales" in svg
    assert main(["render", small, "-o", str(tmp_path / "chart.png")]) == 0
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")


def _run(
    *args: str, env: dict[str, str] | None = None, **kw: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "orggraph", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env={**os.environ, "PYTHONUTF8": "1", **(env or {})},
        timeout=120,
        **kw,
    )


def test_real_validate_duplicate_id(write: Any) -> None:
    bad = write("dup.yaml", DUPLICATE)
    run = _run("validate", bad)
    assert run.returncode == 1
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith(f"orggraph: error: {bad}: units[0].units[1].id (line 6")
    assert "'b'" in run.stderr


def test_real_help_and_usage() -> None:
    run = _run("--help")
    assert run.returncode == 0
    assert "usage: orggraph" in run.stdout
    run = _run("stats")
    assert run.returncode == 2
    assert "usage: orggraph stats" in run.stderr
    assert "Traceback" not in run.stderr


def test_real_console_script() -> None:
    script = Path(sys.executable).with_name("orggraph")
    if not script.exists():
        pytest.skip("the orggraph console script is not installed next to the interpreter")
    run = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0
    assert run.stdout.strip() == f"orggraph {og.__version__}"


def test_real_stats_csv(seed: og.Org) -> None:
    run = _run("stats", str(SEED), "--format", "csv")
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    top = [r for r in rows if r["depth"] == "0"]
    assert sum(int(r["seats"]) for r in top) == seed.headcount().value
    assert sum(float(r["budget"]) for r in top) == seed.budget().value


def test_real_show_chinese(seed: og.Org) -> None:
    run = _run("show", str(SEED), "--lang", "zh")
    assert run.returncode == 0, run.stderr
    assert "├── " in run.stdout and "└── " in run.stdout and "│   " in run.stdout
    assert seed.name("customer_service", lang="zh") in run.stdout


def test_real_schema() -> None:
    run = _run("schema")
    assert run.returncode == 0
    assert json.loads(run.stdout) == og.json_schema()


def test_real_c_locale(small: str) -> None:
    dropped = ("LC_", "LANG", "PYTHONIOENCODING", "PYTHONUTF8", "PYTHONCOERCECLOCALE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env["LC_ALL"] = "C"
    run = subprocess.run(
        [sys.executable, "-m", "orggraph", "show", small], capture_output=True, env=env, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert "销售部".encode() in run.stdout
    # A stream that cannot take Chinese gets replacement characters, not a traceback.
    ascii_run = _run("show", small, env={"PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"})
    assert ascii_run.returncode == 0
    assert "Traceback" not in ascii_run.stderr
    assert "[seats ? 1,003" in ascii_run.stdout


def test_real_broken_pipe(tmp_path: Path) -> None:
    lines = ["units:", "  - {id: r, name: Root}"]
    lines += [f"  - {{id: u{i}, name: 单位{i}, parent: r}}" for i in range(4000)]
    big = tmp_path / "big.yaml"
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "orggraph", "stats", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUTF8": "1"},
    )
    assert proc.stdout is not None and proc.stderr is not None
    # The reader goes away before the output comes (like `| true`, or `| head` once it has
    # its lines; closing while the child is blocked in write() is not reliable everywhere).
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    assert proc.wait(timeout=120) == 141
    assert err == ""


# -- generate, and tables on the command line ---------------------------------------------


def test_generate_writes_a_reproducible_org(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "big.csv"
    assert main(["generate", "300", "-o", str(out), "--seed", "2", "-v"]) == 0
    assert capsys.readouterr().err == f"{out}: 300 units (seed 2)\n"
    first = out.read_text(encoding="utf-8")
    assert main(["generate", "300", "-o", str(out), "--seed", "2"]) == 0
    assert out.read_text(encoding="utf-8") == first
    assert len(og.load(out)) == 300
    yaml_out = tmp_path / "big.yaml"
    assert main(["generate", "50", "-o", str(yaml_out)]) == 0
    assert len(og.load(yaml_out)) == 50


@pytest.mark.slow
def test_generate_50000_units_as_yaml_then_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The YAML check used to count each value once per level above it and refused this
    # file as an "alias bomb".
    out = tmp_path / "g.yaml"
    assert main(["generate", "50000", "-o", str(out)]) == 0
    assert main(["validate", str(out)]) == 0
    assert f"{out}: ok (50000 units" in capsys.readouterr().out


def test_generate_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "0", "-o", str(tmp_path / "x.csv")]) == 2
    assert main(["generate", "5", "-o", str(tmp_path / "x.txt")]) == 1
    assert "use .csv, .yaml, .yml or .json" in capsys.readouterr().err
    assert main(["generate", "5", "-o", str(tmp_path / "nope" / "x.csv")]) == 1


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
def test_render_a_csv_export_end_to_end(tmp_path: Path) -> None:
    table = tmp_path / "hr.csv"
    table.write_text(
        "id,parent,name,head_title,seats,salary\n"
        "1,,Board,Chair,,\n2,1,Sales,Head of sales,4,5000\n3,1,Ops,,2,\n",
        encoding="utf-8",
    )
    out = tmp_path / "hr.svg"
    run = _run("render", str(table), "-o", str(out))
    assert run.returncode == 0, run.stderr
    svg = out.read_text(encoding="utf-8")
    assert "Sales" in svg and "Head of sales" in svg and "≥" in svg
    bad = tmp_path / "bad.csv"
    bad.write_text("id,parent,name\n1,,A\n2,9,B\n", encoding="utf-8")
    run = _run("render", str(bad), "-o", str(out))
    assert run.returncode == 1
    assert "bad.csv: line 3, column 'parent': unit '2': unknown parent id '9'" in run.stderr
    assert "Traceback" not in run.stderr


# -- every command reads every readable format; -, --from, --max-size ----------------------

SCENARIO = "operations: [{op: rename, unit: tech, name: {zh: 研发部, en: R&D}}]\n"


def _commands_reading(file: str, tmp_path: Path) -> dict[str, list[str]]:
    """Each command that reads an organisation, reading *file*."""
    scenario = tmp_path / "rename.scenario.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    return {
        "validate": ["validate", file],
        "stats": ["stats", file, "--lang", "en"],
        "show": ["show", file, "--lang", "en"],
        "analyse": ["analyse", file, "--what", "layers"],
        "diff": ["diff", file, str(tmp_path / "small.yaml")],
        "apply": ["apply", file, str(scenario), "-o", str(tmp_path / "after.yaml")],
        "convert": ["convert", file, "-o", str(tmp_path / "back.yaml")],
        "render": ["render", file, "-o", str(tmp_path / "chart.svg")],
    }


@pytest.mark.parametrize("suffix", [".graphml", ".ttl", ".gexf", ".nodelink.json", ".jsonld"])
@pytest.mark.parametrize(
    "command", ["validate", "stats", "show", "analyse", "diff", "apply", "convert", "render"]
)
def test_every_command_reads_every_readable_format(
    command: str,
    suffix: str,
    small: str,
    tmp_path: Path,
    fake: FakeRender,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if suffix in (".ttl", ".jsonld"):
        pytest.importorskip("rdflib")
    org = og.load(small)
    file = tmp_path / f"org{suffix}"
    og.io.write(org, file)
    argv = _commands_reading(str(file), tmp_path)[command]
    assert main(argv) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    if command == "render":
        assert fake.calls[0][0] == org
    elif command == "convert":
        assert og.load(tmp_path / "back.yaml") == org
    elif command == "diff":
        assert ": no differences" in out
    elif command == "apply":
        assert og.load(tmp_path / "after.yaml").name("tech", lang="en") == "R&D"
    elif command == "validate":
        assert f"{file}: ok (5 units" in out
    elif command in ("stats", "show"):
        assert "Sales" in out


def test_from_names_the_format_when_the_suffix_does_not(
    small: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.txt"
    export.write_text(og.io.to_graphml(og.load(small)), encoding="utf-8")
    assert main(["stats", str(export)]) == 1
    err = capsys.readouterr().err
    assert "cannot tell the format from the suffix '.txt'" in err
    assert ".graphml" in err and ".ttl" in err and ".nodelink.json" in err  # the valid ones
    assert main(["stats", str(export), "--from", "graphml", "--lang", "en"]) == 0
    assert "Sales" in capsys.readouterr().out
    assert main(["stats", str(export), "--from", "mermaid"]) == 2  # not readable
    assert "invalid choice" in capsys.readouterr().err


def test_standard_input_is_read_through_an_explicit_dash(small: str) -> None:
    text = Path(small).read_text(encoding="utf-8")
    run = _run("validate", "-", "--from", "yaml", input=text)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("-: ok (5 units")
    graphml = og.io.to_graphml(og.load(small))
    run = _run("stats", "-", "--from", "graphml", "--lang", "en", input=graphml)
    assert run.returncode == 0, run.stderr
    assert "Sales" in run.stdout
    run = _run("convert", "-", "-o", "-", "--from", "graphml", "--to", "yaml", input=graphml)
    assert run.returncode == 0, run.stderr
    assert og.loads(run.stdout) == og.load(small)
    run = _run("validate", "-", "--from", "yaml", input="units: [{id: a}]\n")
    assert run.returncode == 1
    assert run.stderr.startswith("orggraph: error: <stdin>: units[0]")


def test_standard_input_needs_from_and_is_read_once(
    small: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "-"]) == 1
    err = capsys.readouterr().err
    assert "reading standard input (-) needs --from FORMAT" in err and "graphml" in err
    assert main(["diff", "-", "-", "--from", "yaml"]) == 1
    assert "can be read only once" in capsys.readouterr().err
    assert main(["validate", small, "-", "-", "--from", "yaml"]) == 1
    assert "can be read only once" in capsys.readouterr().err


def test_max_size(small: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", small, "--max-size", "100"]) == 1
    err = capsys.readouterr().err
    assert f"{small}: the input is larger than 100 bytes" in err
    assert "--max-size" in err
    assert main(["validate", small, "--max-size", "1M"]) == 0
    assert main(["stats", small, "--max-size", "lots"]) == 2
    assert "not a size: 'lots'" in capsys.readouterr().err


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_special_files_end_at_once(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    run = _run("validate", str(path))  # used to block, or read until killed
    assert run.returncode == 1
    assert "not a regular file but" in run.stderr and "Traceback" not in run.stderr
    run = _run("stats", "/dev/stdin", "--from", "yaml", input="units: []\n")  # a pipe
    assert run.returncode == 1 and "not a regular file" in run.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_commands_keep_modes_and_follow_the_umask(small: str, tmp_path: Path) -> None:
    private = tmp_path / "salaries.json"
    private.write_text("{}", encoding="utf-8")
    private.chmod(0o600)
    assert main(["convert", small, "-o", str(private)]) == 0
    assert private.stat().st_mode & 0o777 == 0o600
    assert og.load(private) == og.load(small)
    chart = tmp_path / "chart.svg"
    chart.write_text("", encoding="utf-8")
    chart.chmod(0o600)
    assert main(["render", small, "-o", str(chart), "--engine", "tidy"]) == 0
    assert chart.stat().st_mode & 0o777 == 0o600 and "<svg" in chart.read_text("utf-8")
    new = tmp_path / "new.graphml"
    run = subprocess.run(
        ["sh", "-c", f'umask 077 && "{sys.executable}" -m orggraph convert "{small}" -o "{new}"'],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert new.stat().st_mode & 0o777 == 0o600


# -- one command line: -o for what is written, quiet unless -v, each warning once ----------

RENAME = "operations: [{op: rename, unit: tech, name: {zh: 研发部, en: R&D}}]\n"


def _writing(small: str, tmp_path: Path) -> dict[str, tuple[list[str], Path]]:
    """Each command that writes a file, with -o, and the file it writes."""
    scenario = tmp_path / "rename.scenario.yaml"
    scenario.write_text(RENAME, encoding="utf-8")
    outs = {
        "render": tmp_path / "chart.svg",
        "convert": tmp_path / "org.graphml",
        "generate": tmp_path / "big.csv",
        "apply": tmp_path / "after.yaml",
        "schema": tmp_path / "schema.json",
        "explore": tmp_path / "org.html",
    }
    return {
        "render": (["render", small, "-o", str(outs["render"])], outs["render"]),
        "convert": (["convert", small, "-o", str(outs["convert"])], outs["convert"]),
        "generate": (["generate", "30", "-o", str(outs["generate"])], outs["generate"]),
        "apply": (["apply", small, str(scenario), "-o", str(outs["apply"])], outs["apply"]),
        "schema": (["schema", "-o", str(outs["schema"])], outs["schema"]),
        "explore": (["explore", small, "-o", str(outs["explore"])], outs["explore"]),
    }


def test_every_command_that_writes_takes_o() -> None:
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    writing = set()
    for name, sub in commands.choices.items():
        for action in sub._actions:
            if action.dest == "output":
                assert action.option_strings == ["-o", "--output"], name
                writing.add(name)
    assert writing == {"render", "convert", "generate", "apply", "schema", "explore"}


@pytest.mark.parametrize("command", ["render", "convert", "generate", "apply", "schema", "explore"])
def test_quiet_on_success_unless_verbose(
    command: str, small: str, tmp_path: Path, fake: FakeRender, capsys: pytest.CaptureFixture[str]
) -> None:
    argv, out = _writing(small, tmp_path)[command]
    assert main(argv) == 0
    assert capsys.readouterr() == ("", "")  # render was silent; convert and generate printed
    assert out.exists() or command == "render"  # the fake renderer writes nothing
    for verbose in ([*argv, "-v"], [*argv, "--verbose"], ["-v", *argv]):
        assert main(verbose) == 0
        captured = capsys.readouterr()
        assert captured.out == ""  # what -v says goes to stderr: stdout stays data
        assert str(out) in captured.err.splitlines()[0]


def test_verbose_keeps_what_convert_and_generate_said(
    small: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "org.ttl"
    assert main(["convert", small, "-o", str(out), "-v"]) == 0
    assert capsys.readouterr().err == f"{small} -> {out} (turtle)\n"
    big = tmp_path / "big.yaml"
    assert main(["generate", "12", "-o", str(big), "--seed", "3", "-v"]) == 0
    assert capsys.readouterr().err == f"{big}: 12 units (seed 3)\n"


def test_diff_chart_and_analyse_plot_are_quiet_unless_verbose(
    small: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chart = tmp_path / "diff.dot"
    assert main(["diff", small, small, "--chart", str(chart)]) == 0
    out, err = capsys.readouterr()
    assert ": no differences" in out and err == "" and chart.exists()
    assert main(["diff", small, small, "--chart", str(chart), "-v"]) == 0
    assert capsys.readouterr().err == f"{chart}: chart written\n"
    pytest.importorskip("matplotlib")
    plot = tmp_path / "layers.svg"
    assert main(["analyse", small, "--what", "layers", "--plot", str(plot)]) == 0
    out, err = capsys.readouterr()
    assert out and err == "" and plot.exists()
    assert main(["analyse", small, "--what", "layers", "--plot", str(plot), "-v"]) == 0
    assert capsys.readouterr().err == f"{plot}: chart written\n"


DEPRECATED = (
    "orggraph: warning: 'orggraph convert IN OUT' is deprecated and goes in the next "
    "release; use 'orggraph convert IN -o OUT'\n"
)


def test_convert_positional_out_works_for_one_release(
    small: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new, old = tmp_path / "new.graphml", tmp_path / "old.graphml"
    assert main(["convert", small, "-o", str(new)]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["convert", small, str(old)]) == 0
    assert capsys.readouterr() == ("", DEPRECATED)
    assert og.load(old) == og.load(new) == og.load(small)
    old.unlink()
    assert main(["convert", small, "--lang", "en", str(old)]) == 0  # an option in between
    assert capsys.readouterr() == ("", DEPRECATED)
    assert og.load(old) == og.load(small)
    assert main(["convert", small, "-", "--to", "yaml"]) == 0  # - for stdout, too
    out, err = capsys.readouterr()
    assert og.loads(out) == og.load(small) and err == DEPRECATED


def test_convert_usage_shows_o_as_required(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", "--help"]) == 0
    usage = capsys.readouterr().out.split("\n\n")[0]
    assert " -o OUT " in usage and "[-o OUT]" not in usage and usage.rstrip().endswith("IN")
    assert main(["convert", "x.yaml"]) == 2
    assert "the following arguments are required: -o/--output" in capsys.readouterr().err


ROOTS = "the organisation has 2 roots (board, ceo)"
FRENCH = (
    "language 'fr' is not one of the organisation's languages (zh, en); names fall back to 'zh'"
)


@pytest.fixture
def two_roots(tmp_path: Path) -> str:
    """The seed with a second root, a board beside the CEO office."""
    text = SEED.read_text(encoding="utf-8")
    board = "units:\n  - id: board\n    name: {zh: 董事会, en: Board}\n  - id: ceo\n"
    path = tmp_path / "two-roots.yaml"
    path.write_text(text.replace("units:\n  - id: ceo\n", board, 1), encoding="utf-8")
    return str(path)


def _two_roots_commands(file: str, tmp_path: Path) -> dict[str, list[str]]:
    split = str(ROOT / "data" / "ecommerce-split.scenario.yaml")
    return {
        "validate": ["validate", file],
        "stats": ["stats", file, "--lang", "fr"],
        "show": ["show", file, "--lang", "fr"],
        "render": [
            "render",
            file,
            "-o",
            str(tmp_path / "c.svg"),
            "--lang",
            "fr",
            "--engine",
            "tidy",
        ],
        "convert": ["convert", file, "-o", str(tmp_path / "c.mmd"), "--lang", "fr"],
        "convert-": ["convert", file, "-o", "-", "--to", "mermaid", "--lang", "fr"],
        "analyse": ["analyse", file, "--what", "layers", "--lang", "fr"],
        "apply": ["apply", file, split, "-o", str(tmp_path / "after.yaml")],
    }


@pytest.mark.parametrize(
    "command", ["validate", "stats", "show", "render", "convert", "convert-", "analyse", "apply"]
)
def test_each_warning_prints_once_with_one_prefix(
    command: str, two_roots: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _two_roots_commands(two_roots, tmp_path)[command]
    assert main(argv) == 0
    expected = [f"orggraph: warning: {two_roots}: {ROOTS}"]
    if "--lang" in argv:
        expected.append(f"orggraph: warning: {two_roots}: {FRENCH}")
    # Before: convert printed the library's language warning as "orggraph: warning: ..."
    # beside the CLI's "FILE: warning: ...", and apply warned of the roots twice, the
    # second time naming the scenario.
    assert capsys.readouterr().err.splitlines() == expected


def test_warnings_of_two_files_name_each_file(
    two_roots: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.yaml"
    shutil.copyfile(two_roots, other)
    assert main(["diff", two_roots, str(other), "--lang", "fr"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"orggraph: warning: {two_roots}: {ROOTS}",
        f"orggraph: warning: {other}: {ROOTS}",
        f"orggraph: warning: {two_roots}: {FRENCH}",
        f"orggraph: warning: {other}: {FRENCH}",
    ]


def test_real_warnings_print_once(two_roots: str, tmp_path: Path) -> None:
    for argv in (
        ["stats", two_roots, "--lang", "fr"],
        ["render", two_roots, "-o", str(tmp_path / "c.svg"), "--lang", "fr", "--engine", "tidy"],
    ):
        run = _run(*argv)
        assert run.returncode == 0, run.stderr
        assert run.stderr.splitlines() == [
            f"orggraph: warning: {two_roots}: {ROOTS}",
            f"orggraph: warning: {two_roots}: {FRENCH}",
        ]


WARNINGS = st.lists(
    st.tuples(
        st.sampled_from([None, "a.yaml", "b.yaml"]),  # the file the warning names, if any
        st.sampled_from(["2 roots (x, y)", "language 'fr' is not one of the languages"]),
        st.booleans(),  # raised by the command (CommandWarning) or by the library
    ),
    max_size=8,
)


@given(WARNINGS)
def test_the_printer_prints_each_warning_once_with_one_prefix(
    raised: list[tuple[str | None, str, bool]],
) -> None:
    printer, err = WarningPrinter(), io.StringIO()
    printer.stream = err
    with printer.about("a.yaml"), printer.about("b.yaml"):
        for file, text, command in raised:
            if command:
                printer.show(CommandWarning(text, file), og.OrgWarning)
            else:
                printer.show(og.OrgWarning(f"{file}: {text}" if file else text), og.OrgWarning)
    lines = err.getvalue().splitlines()
    assert len(lines) == len(set(lines))
    assert all(line.startswith("orggraph: warning: ") for line in lines)
    for file, text, _ in raised:  # every warning is printed, with its file when it names one
        if file is not None:
            assert f"orggraph: warning: {file}: {text}" in lines
        else:
            assert any(line.endswith(f": {text}") for line in lines)


def test_render_chart_flags_reach_the_renderer(
    small: str, tmp_path: Path, fake: FakeRender
) -> None:
    out = str(tmp_path / "chart.pdf")
    argv = ["render", small, "-o", out, "--title", "Plan", "--subtitle", "Q1", "--no-figures"]
    argv += ["--links", "dotted", "--fit", "none", "--paper", "a4", "--pages", "1", "--no-legend"]
    argv += ["--theme", "default", "--dpi", "300", "--depth", "1"]
    assert main(argv) == 0
    options = fake.calls[0][2]
    assert options["title"] == "Plan" and options["subtitle"] == "Q1"
    assert options["figures"] is False and options["links"] == ("dotted",)
    assert options["fit"] is None and options["paper"] == "a4" and options["pages"] == 1
    assert options["legend"] is False and options["theme"] == "default"
    assert options["dpi"] == 300.0 and options["depth"] == 1
    # --no-dotted still drops dotted lines from the kinds given
    assert main(["render", small, "-o", out, "--links", "dotted,collaboration", "--no-dotted"]) == 0
    assert fake.calls[1][2]["links"] == ("collaboration",)
    assert main(["render", small, "-o", out, "--no-links", "--no-title"]) == 0
    assert fake.calls[2][2]["links"] == () and fake.calls[2][2]["title"] is False


def test_render_bad_chart_flag_is_checked_before_reading(
    tmp_path: Path, fake: FakeRender, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "nowhere.yaml")  # never read: the option fails first
    assert main(["render", missing, "-o", str(tmp_path / "c.svg"), "--figures", "pay"]) == 1
    err = capsys.readouterr().err
    assert "unknown figure 'pay'" in err and "choose from seats, open, budget" in err
    assert not fake.calls


def test_people_title_column_is_spelled_title_column_on_render() -> None:
    parser = cli.build_parser()
    args = parser.parse_args(["render", "x.csv", "-o", "x.svg", "--title-column", "Job"])
    assert args.people_title == "Job"
    args = parser.parse_args(["convert", "x.csv", "-o", "x.yaml", "--title", "Job"])
    assert args.people_title == "Job"


def test_diff_chart_takes_the_chart_flags(tmp_path: Path) -> None:
    split = str(ROOT / "data" / "ecommerce-split.yaml")
    chart = tmp_path / "diff.dot"
    argv = ["diff", str(SEED), split, "--as-of", "2027-01-01", "--chart", str(chart)]
    argv += ["--lang", "en", "--title", "Split"]
    assert main([*argv, "--subtitle", "Scenario A", "--no-figures"]) == 0
    dot = chart.read_text(encoding="utf-8")
    assert "<b>Split</b>" in dot and "Scenario A" in dot and "seats" not in dot
    assert main([*argv, "--figures", "pay"]) == 1


DATED = """\
org: Dated
units:
  - id: a
    name: A
    units:
      - {id: b, name: B}
      - {id: c, name: Charlie, valid_from: 2027-01-01}
"""


@pytest.mark.parametrize("command", ["show", "stats", "validate", "render", "convert"])
def test_as_of_reads_the_organisation_of_that_date(
    command: str, write: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every command that reads an organisation takes --as-of: the units in force then."""
    path = write("dated.yaml", DATED)
    out = {"render": ["-o", str(tmp_path / "x.svg")], "convert": [str(tmp_path / "x.yaml")]}
    for day, seen in (("2026-06-01", False), ("2027-06-01", True)):
        args = [command, path, *out.get(command, []), "--as-of", day]
        assert main(args) == 0, args
        written = tmp_path / ("x.svg" if command == "render" else "x.yaml")
        text = capsys.readouterr().out + (written.read_text("utf-8") if command in out else "")
        if command != "validate":
            assert ("Charlie" in text) is seen, (day, command)


def test_as_of_refuses_a_bad_date(write: Any, capsys: pytest.CaptureFixture[str]) -> None:
    path = write("dated.yaml", DATED)
    assert main(["show", path, "--as-of", "2027-13-01"]) == 1
    err = capsys.readouterr().err
    assert "as_of date '2027-13-01' is not a date" in err and "YYYY-MM-DD" in err


HISTORY = """\
org: Dated
units:
  - id: a
    name: A
    units:
      - {id: b, name: B}
      - id: c
        name: Charlie
        valid_from: 2027-01-01
        moves: [{parent: b, valid_from: 2027-06-01, recorded: 2027-03-01}]
        renames: [{name: Charles, valid_from: 2027-09-01}]
"""


def test_history_lists_the_changes_and_a_units_stretches(
    write: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write("dated.yaml", HISTORY)
    assert main(["history", path]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "2027-01-01 created: c under a",
        "2027-06-01 moved: c from a to b  (recorded 2027-03-01)",
        "2027-09-01 renamed: c from 'Charlie' to 'Charles'",
    ]
    assert main(["history", path, "c"]) == 0
    rows = [line.split()[:4] for line in capsys.readouterr().out.splitlines()[2:]]
    assert rows == [
        ["2027-01-01", "2027-06-01", "a", "Charlie"],
        ["2027-06-01", "2027-09-01", "b", "Charlie"],
        ["2027-09-01", "—", "b", "Charles"],
    ]


def test_history_of_an_undated_file_and_bad_uses(
    write: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", "data/ecommerce.yaml"]) == 0
    assert "the same on every date" in capsys.readouterr().out
    path = write("dated.yaml", HISTORY)
    assert main(["history", path, "zz"]) == 1
    assert "unknown unit id 'zz'" in capsys.readouterr().err
    assert main(["history", path, "--as-of", "2027-01-01"]) == 2  # not offered: every date
    assert "unrecognized arguments: --as-of" in capsys.readouterr().err
