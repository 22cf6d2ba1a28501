"""People in every writer (issue 12, item 7): round trips of people, posts and
assignments through every format that carries them, refusals naming what a format
cannot carry, the people-level table, and ``people=False`` (no personal data written,
the figures kept)."""

from __future__ import annotations

import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import people_documents

import orggraph as og
from orggraph.cli.app import main
from orggraph.io import registry, tables_out
from orggraph.io.tables import loads_csv

pytest.importorskip("rdflib")

ROOT = Path(__file__).resolve().parent.parent
XINGCHEN = ROOT / "data" / "xingchen.yaml"

#: Formats that carry people, by the suffix og.dump and og.load go by.
CARRY = (".yaml", ".json", ".nodelink.json", ".graphml", ".gexf", ".ttl", ".jsonld")
#: Figures people=False keeps (``people`` cannot survive: nobody is named).
FIGURES = ("seats", "filled", "vacancies", "fte", "budget")
#: Starts every text about a person in the privacy test's organisations.
MARKER = "ZqxPRIV"
ROUND_TRIPS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@contextmanager
def quiet() -> Iterator[None]:
    """Several roots, vacant heads, people over 1 FTE: warnings, not errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        yield


def build(doc: dict[str, Any]) -> og.Org:
    with quiet():
        return og.from_dict(doc)


def dump_load(org: og.Org, folder: Path, suffix: str, **options: Any) -> tuple[og.Org, bytes]:
    path = og.dump(org, folder / f"org{suffix}", **options)
    with quiet():
        return og.load(path), path.read_bytes()


@pytest.fixture(scope="module")
def xingchen() -> og.Org:
    with quiet():
        return og.load(XINGCHEN)


# -- round trips -----------------------------------------------------------------------


@pytest.mark.parametrize("suffix", CARRY)
def test_the_sample_reads_back_equal(suffix: str, xingchen: og.Org, tmp_path: Path) -> None:
    back, _ = dump_load(xingchen, tmp_path, suffix)
    assert back == xingchen
    assert back.people() == xingchen.people()
    assert back.assignments() == xingchen.assignments()
    assert [back.manager(p) for p in back.people()] == [
        xingchen.manager(p) for p in xingchen.people()
    ]
    assert back.currency == "CNY" and back.salary_period == xingchen.salary_period


@ROUND_TRIPS
@given(people_documents())
def test_people_read_back_equal_in_every_format(doc: dict[str, Any]) -> None:
    org = build(doc)
    with tempfile.TemporaryDirectory() as folder:
        for suffix in CARRY:
            back, _ = dump_load(org, Path(folder), suffix)
            assert back == org, suffix
            assert back.people_data() == org.people_data(), suffix


def test_every_writable_format_takes_people() -> None:
    """Every writer carries people (the pictures: the holders' names on the boxes) and
    leaves them out with people=False."""
    assert all(f.personal for f in registry.FORMATS.values() if f.writable)


# -- what a unit table cannot carry -----------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(people_documents(max_units=4))
def test_a_unit_table_reads_back_equal_or_refuses(doc: dict[str, Any]) -> None:
    org = build(doc)
    try:
        text = tables_out.to_csv(org)
    except og.OrgError as err:
        assert err.problems and all(place and message for place, message in err.problems)
        return
    with quiet():
        assert loads_csv(str(text)) == org


def test_a_unit_table_names_the_assignments_it_cannot_carry() -> None:
    org = og.loads(
        "{people: [{id: p1, name: Ann}], units: [{id: a, name: A, head: {title: Boss}, "
        "staff: [{title: Clerk, seats: 2, holders: [{person: p1, fte: 0.5}, Bo]}]}]}"
    )
    with pytest.raises(og.OrgError) as info:
        org.to_csv()
    message = str(info.value)
    assert "declared people (p1)" in message and 'rows="people"' in message
    assert "people=False" in message
    assert any("'a#1'" in m for _, m in info.value.problems)


def test_a_unit_table_carries_plain_head_holders_exactly() -> None:
    org = og.loads(
        "units: [{id: a, name: A, head: {title: Boss, holders: [Ann]}, "
        "units: [{id: b, name: B, head: {title: Lead, holders: [Bo Li]}}]}]"
    )
    with quiet():
        back = loads_csv(str(org.to_csv()))
    assert back == org and back.people() == ["Ann", "Bo Li"] and back.manager("Bo Li") == "Ann"


def test_a_unit_table_refuses_what_the_people_model_adds_to_posts() -> None:
    org = og.loads(
        "{salary_period: year, units: [{id: a, name: A, head: {title: Boss, grade: E1, "
        "salary: {min: 1, max: 2}}}]}"
    )
    with pytest.raises(og.OrgError) as info:
        org.to_csv()
    messages = " ".join(m for _, m in info.value.problems)
    assert "a salary band, grade in post 'a#head'" in messages
    assert "salary period have no column" in messages


def test_a_unit_table_without_people_keeps_the_figures() -> None:
    org = og.loads(
        """
        units:
          - id: a
            name: A
            head: {title: Director, holders: [Ann]}
            units:
              - {id: b, name: B, staff: [{title: Analyst, seats: 3, holders: [Bo, Cy]}]}
              - {id: c, name: C, head: {title: Lead, holders: []}, staff: [{title: Op, seats: 4, filled: 0}]}
        """
    )
    text = str(org.to_csv(people=False))
    assert "Ann" not in text and "holders" not in text
    with quiet():
        back = loads_csv(text)
    for measure in FIGURES:
        assert back.rollup(measure) == org.rollup(measure), measure
    assert [back.rollup("vacancies", u) for u in "abc"] == [
        org.rollup("vacancies", u) for u in "abc"
    ]


def test_a_partly_known_figure_is_refused_without_people() -> None:
    org = og.loads(
        "units: [{id: a, name: A, head: {title: Boss, holders: [Ann]}, staff: [{title: Op}]}]"
    )
    with pytest.raises(og.OrgError, match="own filled is partly known"):
        org.to_csv(people=False)


# -- the people-level table -------------------------------------------------------------


def test_people_rows_list_every_assignment_and_open_seat(xingchen: og.Org) -> None:
    rows = xingchen.to_records(rows="people")
    held = [r for r in rows if r["person_id"] is not None]
    assert [(r["person_id"], r["post_id"]) for r in held] == [
        (a.person, a.post) for a in xingchen.assignments()
    ]
    assert [r["role"] for r in held] == [a.role for a in xingchen.assignments()]
    assert all(r["manager_id"] == xingchen.manager(r["person_id"]) for r in held)
    open_seats = [r for r in rows if r["person_id"] is None]
    expected = sum(
        max(0, p.seats - p.filled)
        for p in xingchen.posts()
        if p.status == "active" and p.seats is not None and p.filled is not None
    )
    assert len(open_seats) == expected == 10
    assert all(r["manager_id"] in xingchen.people() for r in open_seats if r["manager_id"])
    ceo = next(r for r in held if r["post_id"] == "ceo")
    assert ceo["name_en"] == "Wang Fang" and ceo["email"] == "wang.fang@xingchen.example"
    assert ceo["attrs.location"] == "Shanghai" and ceo["attrs.founder"] == "true"


def test_people_rows_as_csv_and_dataframe(xingchen: og.Org, tmp_path: Path) -> None:
    path = xingchen.to_csv(tmp_path / "people.csv", rows="people")
    header = Path(path).read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:3] == ["person_id", "name_zh", "name_en"]
    assert {"post_id", "kind", "role", "fte", "unit_id", "manager_id", "salary"} <= set(header)
    assert "photo" not in header  # nobody has one: the column is left out
    pd = pytest.importorskip("pandas")
    df = xingchen.to_dataframe(rows="people")
    assert isinstance(df, pd.DataFrame) and len(df) == len(xingchen.to_records(rows="people"))


def test_rows_are_checked(xingchen: og.Org) -> None:
    with pytest.raises(og.OrgError, match="unknown rows 'persons'"):
        xingchen.to_records(rows="persons")
    with pytest.raises(og.OrgError, match="people=False leaves them out"):
        xingchen.to_csv(rows="people", people=False)


# -- people=False -------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(people_documents(marker=MARKER))
def test_without_people_no_personal_data_is_written(doc: dict[str, Any]) -> None:
    org = build(doc)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for suffix in CARRY:
            back, raw = dump_load(org, folder, suffix, people=False)
            assert MARKER.encode() not in raw, suffix
            assert back.people() == [] and back.people_data() == []
            for measure in FIGURES:
                assert back.rollup(measure) == org.rollup(measure), (suffix, measure)
        for suffix in (".mmd", ".dot"):
            raw = og.dump(org, folder / f"chart{suffix}", people=False).read_bytes()
            assert MARKER.encode() not in raw  # charts name the holders unless people=False
        try:
            text = org.to_csv(people=False)
        except og.OrgError:
            return
        assert MARKER not in str(text)
        with quiet():
            back = loads_csv(str(text))
        for measure in ("seats", "filled", "vacancies"):
            assert back.rollup(measure) == org.rollup(measure), measure


def test_the_sample_without_people(xingchen: og.Org, tmp_path: Path) -> None:
    for suffix in CARRY:
        back, raw = dump_load(xingchen, tmp_path, suffix, people=False)
        assert b"xingchen.example" not in raw and "王芳".encode() not in raw, suffix
        assert [back.rollup(m) for m in FIGURES] == [xingchen.rollup(m) for m in FIGURES]
        assert len(back.vacancies()) == len(xingchen.vacancies()) == 9


# -- the command line ---------------------------------------------------------------------


def test_convert_no_people(tmp_path: Path) -> None:
    out = tmp_path / "shared.graphml"
    with quiet():
        assert main(["convert", str(XINGCHEN), "-o", str(out), "--no-people"]) == 0
    raw = out.read_bytes()
    assert b"xingchen.example" not in raw and "王芳".encode() not in raw
    with quiet():
        back, org = og.load(out), og.load(XINGCHEN)
    assert back.rollup("filled") == org.rollup("filled") and back.people() == []


def test_convert_to_stdout_no_people(capsys: pytest.CaptureFixture[str]) -> None:
    with quiet():
        assert main(["convert", str(XINGCHEN), "-o", "-", "--to", "json", "--no-people"]) == 0
    out = capsys.readouterr().out
    assert '"people"' not in out and "xingchen.example" not in out and '"filled"' in out


def test_apply_no_people(tmp_path: Path) -> None:
    scenario = tmp_path / "rename.yaml"
    scenario.write_text("operations: [{op: rename, unit: sales, name: Sales and Marketing}]\n")
    out = tmp_path / "after.yaml"
    with quiet():
        code = main(["apply", str(XINGCHEN), str(scenario), "-o", str(out), "--no-people"])
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert "xingchen.example" not in text and "people:" not in text
    assert "Sales and Marketing" in text


@pytest.mark.parametrize("command", [["generate", "12"], ["render", str(XINGCHEN)]])
def test_every_writing_command_takes_no_people(command: list[str], tmp_path: Path) -> None:
    suffix = ".yaml" if command[0] == "generate" else ".dot"
    out = tmp_path / f"out{suffix}"
    with quiet():
        assert main([*command, "-o", str(out), "--no-people"]) == 0
    assert out.exists() and b"xingchen.example" not in out.read_bytes()
