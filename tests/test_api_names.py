"""The public API's names (issue 11): one scheme, old spellings warn for one release."""

from __future__ import annotations

import importlib
import inspect
import io
import warnings
from pathlib import Path

import pytest

import orggraph as og
from orggraph.core.rows import Rows
from orggraph.io import columns as columns_module
from orggraph.io import tables

SEED = og.datasets.load("ecommerce")


def test_table_readers_have_pandas_names() -> None:
    org = og.read_csv(io.StringIO("id,parent,name\na,,A\nb,a,B\n"))
    assert org.children("a") == ["b"]
    assert og.from_records([{"id": "a", "parent": None, "name": "A"}]).units() == ["a"]
    assert org.to_csv() == "id,parent,name\na,,A\nb,a,B\n"
    assert org.to_records()[1]["parent"] == "a"


def test_a_misspelt_column_option_fails_before_the_file_is_opened(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.csv"  # does not exist: the option is checked first
    with pytest.raises(
        og.OrgError, match=r"unknown column option 'parnet' \(did you mean 'parent'\?\)"
    ):
        og.read_csv(missing, parnet="boss")
    with pytest.raises(og.OrgError, match="unknown column option 'sheeet'"):
        og.read_excel(tmp_path / "nowhere.xlsx", sheeet="x")  # type: ignore[call-arg]


def test_columns_declares_every_mapping_the_importer_takes() -> None:
    params = inspect.signature(tables._from_columns).parameters
    mapping = {
        name
        for name, p in params.items()
        if p.kind is p.KEYWORD_ONLY and name not in ("strip", "org", "file", "where")
    }
    assert mapping == set(columns_module.COLUMN_OPTIONS)


def test_signatures_show_the_new_names_only() -> None:
    assert "uid" in inspect.signature(og.Org.rollup).parameters
    assert "id" not in inspect.signature(og.Org.rollup).parameters
    assert "unit_type" in inspect.signature(og.Org.units).parameters
    lang = inspect.signature(og.Org.name).parameters["lang"]
    assert lang.kind is lang.KEYWORD_ONLY


@pytest.mark.parametrize(
    ("call", "new"),
    [
        (lambda: SEED.rollup("seats", id="coo"), "rollup(uid=...)"),
        (lambda: SEED.headcount(id="coo"), "headcount(uid=...)"),
        (lambda: SEED.budget(id="coo"), "budget(uid=...)"),
        (lambda: SEED.units(type="department"), "units(unit_type=...)"),
        (lambda: SEED.name("coo", "en"), "name(uid, lang=...)"),
        (lambda: SEED.collaborators("web_operations", "en"), "collaborators(uid, lang=...)"),
    ],
)
def test_old_spellings_warn_and_still_work(call: object, new: str) -> None:
    with pytest.warns(DeprecationWarning, match=__import__("re").escape(new)):
        old = call()  # type: ignore[operator]
    assert old is not None


def test_old_and_new_keyword_together_is_an_error() -> None:
    with pytest.raises(TypeError, match="both id="):
        SEED.rollup("seats", id="coo", uid="coo")  # type: ignore[call-arg]


@pytest.mark.parametrize("old", ["formats", "tabular", "renderers", "synthetic"])
def test_old_module_names_warn(old: str) -> None:
    with pytest.warns(DeprecationWarning, match=f"orggraph.{old} is now"):
        getattr(og, old)


def test_new_names_do_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert SEED.rollup("seats", uid="coo").value > 0
        assert SEED.name("coo", lang="en") == "COO office" or SEED.name("coo", lang="en")
        assert og.datasets.synthetic(20).root == "u0"
        og.io, og.ops, og.render, og.core  # noqa: B018


def test_links_are_named_tuples() -> None:
    link = SEED.links("collaboration")[0]
    source, target, _data = link
    assert (link.source, link.target, link.kind) == (source, target, "collaboration")
    with pytest.raises(og.OrgError, match="choose one of dotted, collaboration"):
        SEED.links("matrix")  # type: ignore[arg-type]


def test_tabular_results_share_one_type() -> None:
    table = SEED.rollup_table().rows()
    assert isinstance(table, Rows) and table.columns[:4] == ("id", "name", "depth", "parent")
    assert "<table>" in SEED.rollup_table()._repr_html_()
    d = og.diff(SEED, og.reorg.move(SEED, "hr", "coo"))
    assert isinstance(d.to_rows(), Rows) and isinstance(d.impact_rows(), Rows)
    assert "RollupTable of seats, budget" in repr(SEED.rollup_table())


def test_unknown_ids_are_key_errors() -> None:
    assert issubclass(og.UnknownIdError, KeyError)


def test_parse_and_schema_errors_are_value_errors() -> None:
    # Code that catches bad values (``except ValueError``) catches orggraph's too.
    with pytest.raises(ValueError, match="required key 'name'"):
        og.loads("units: [{id: a}]")
    with pytest.raises(ValueError, match="YAML syntax error"):
        og.loads("units: [")
    assert issubclass(og.ParseError, ValueError) and issubclass(og.SchemaError, ValueError)


@pytest.mark.parametrize("module", ["registry", "graphs", "nodelink", "rdf", "rdfread"])
def test_orggraph_io_lists_every_name_of_the_modules_it_reexports(module: str) -> None:
    # orggraph.io lists the names of the modules it loads lazily by hand: they must not drift.
    mod = importlib.import_module(f"orggraph.io.{module}")
    for name in mod.__all__:
        assert name in og.io.__all__
        assert getattr(og.io, name) is getattr(mod, name)
