"""Imports with history (issue 15, item 4): ``read_people(..., effective=)`` on HR history
exports and ``read_organogram`` over dated snapshots.

``tests/data/hr_history.csv`` is written by ``scripts/make_hr_history.py``: about 200
people through 2025 (joiners, leavers, moves, changes of manager, a rehire, Engineering
split into Platform and Product on 2025-07-01), dates as m/d/YYYY, rows newest first,
three rows exported twice. Its headcount by month is counted here over the raw rows
with the csv module alone, and compared with ``org.as_of(day)``.
"""

from __future__ import annotations

import copy
import csv
import datetime
import io
import itertools
import random
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orggraph as og
from orggraph.errors import DateError, DuplicateIdError, OrgError

HERE = Path(__file__).resolve().parent
HISTORY = HERE / "data" / "hr_history.csv"
COLUMNS: dict[str, Any] = {
    "id": "Employee ID",
    "manager": "Reports To",
    "name": ["First Name", "Last Name"],
    "title": "Job Title",
    "department": "Department",
    "effective": "Effective Date",
    "status": "Employment Status",
}
MONTHS = [datetime.date(2025 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(1, 14)]


def _raw_headcount(path: Path, day: datetime.date) -> int:
    """People whose latest row on or before *day* is not a leaving row: the csv module
    and the export's own conventions, nothing of orggraph."""
    latest: dict[str, tuple[datetime.date, str]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            when = datetime.datetime.strptime(row["Effective Date"], "%m/%d/%Y").date()
            pid = row["Employee ID"]
            if when <= day and (pid not in latest or when >= latest[pid][0]):
                latest[pid] = (when, row["Employment Status"])
    return sum(status != "Terminated" for _, status in latest.values())


def _headcount(org: og.Org) -> int:
    return len({a.person for a in org.assignments()})


@pytest.fixture(scope="module")
def history() -> og.Org:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the sample reads without a warning
        return og.read_people(HISTORY, **COLUMNS, structure="departments", as_of="2025-12-31")


def test_sample_is_up_to_date() -> None:
    script = HERE.parent / "scripts" / "make_hr_history.py"
    done = subprocess.run([sys.executable, script, "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_sample_is_a_year_of_about_200_people() -> None:
    with HISTORY.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    people = {r["Employee ID"] for r in rows}
    assert 180 <= len(people) <= 240
    assert sum(r["Employment Status"] == "Terminated" for r in rows) >= 30
    assert any(r["Department"] == "Platform" for r in rows)


@pytest.mark.parametrize("structure", ["departments", "managers"])
def test_headcount_by_month_matches_the_raw_rows(structure: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # teams: the vacant-head notes of some days
        org = og.read_people(HISTORY, **COLUMNS, structure=structure)
    by_month = {day: _headcount(org.as_of(day)) for day in MONTHS}
    assert by_month == {day: _raw_headcount(HISTORY, day) for day in MONTHS}
    assert min(by_month.values()) > 150


def test_the_reorganisation(history: og.Org) -> None:
    before, after = history.as_of("2025-06-30"), history.as_of("2025-07-01")
    assert "Engineering" in before.units() and "Engineering" not in after.units()
    assert {"Platform", "Product"} <= set(after.units())
    assert not {"Platform", "Product"} & set(before.units())
    assert after.parent("Platform") == "Executive"
    (closed,) = [e for e in history.timeline("Engineering") if e.kind == "closed"]
    assert str(closed.date) == "2025-07-01"
    diff = history.changes_between("2025-06-30", "2025-07-01")
    assert [d.id for d in diff if d.kind == "removed"] == ["Engineering"]
    assert sorted(d.id for d in diff if d.kind == "added") == ["Platform", "Product"]


def test_moves_rehire_and_a_new_manager(history: og.Org) -> None:
    rows = list(csv.DictReader(HISTORY.open(newline="", encoding="utf-8")))
    # The rehire: a Terminated row followed by an Active one.
    by_person: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_person.setdefault(r["Employee ID"], []).append(r)

    def day(r: dict[str, str]) -> datetime.date:
        return datetime.datetime.strptime(r["Effective Date"], "%m/%d/%Y").date()

    rehired = [
        p for p, rs in by_person.items()
        if any(a["Employment Status"] == "Terminated" and day(a) < day(b)
               and b["Employment Status"] == "Active" for a in rs for b in rs)
    ]  # fmt: skip
    assert len(rehired) == 1
    (pid,) = rehired
    rs = sorted(by_person[pid], key=day)
    left, back = next(day(r) for r in rs if r["Employment Status"] == "Terminated"), day(rs[-1])
    assert history.as_of(left - datetime.timedelta(days=1)).posts_of(pid)
    assert not history.as_of(left).posts_of(pid)
    assert history.as_of(back).posts_of(pid)
    # A move between departments: the person's post is in the new department from its day.
    for p, prs in by_person.items():
        prs = sorted(prs, key=day)
        for a, b in itertools.pairwise(prs):
            if a["Department"] != b["Department"] and a["Employment Status"] == "Active" \
                    and b["Employment Status"] == "Active" \
                    and day(b) != datetime.date(2025, 7, 1):  # fmt: skip
                then = history.as_of(day(b))
                assert then.posts_of(p)[0].unit == b["Department"]
                assert history.as_of(day(b) - datetime.timedelta(days=1)).posts_of(p)[0].unit == a["Department"]  # fmt: skip
                return
    pytest.fail("the sample has no move")


def test_teams_follow_the_managers() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        org = og.read_people(HISTORY, **COLUMNS)
    rows = list(csv.DictReader(HISTORY.open(newline="", encoding="utf-8")))
    day = datetime.date(2025, 10, 1)
    latest: dict[str, tuple[datetime.date, dict[str, str]]] = {}
    for r in rows:
        when = datetime.datetime.strptime(r["Effective Date"], "%m/%d/%Y").date()
        if when <= day and (r["Employee ID"] not in latest or when >= latest[r["Employee ID"]][0]):
            latest[r["Employee ID"]] = (when, r)
    then = org.as_of(day)
    for pid, (_, r) in latest.items():
        if r["Employment Status"] == "Active":
            assert then.manager(pid) == (r["Reports To"] or None), pid


# -- small histories ----------------------------------------------------------------------

HEAD = "Effective Date,id,boss,name,title,dept,Status\n"
SMALL = dict(id="id", manager="boss", name="name", title="title", department="dept",
             effective="Effective Date", status="Status")  # fmt: skip


def _read(text: str, **options: Any) -> og.Org:
    return og.read_people(io.StringIO(text), **{**SMALL, **options})


def test_dates_in_every_form_agree() -> None:
    forms = {
        "iso": ("2025-01-01", "2025-03-15"),
        "us": ("1/1/2025", "3/15/2025"),
        "eu": ("01/01/2025", "15/03/2025"),
        "de": ("01.01.2025", "15.03.2025"),
        "excel": ("45658", "45731"),
        "time": ("2025-01-01 00:00:00", "2025-03-15T00:00:00"),
    }
    for first, second in forms.values():
        org = _read(HEAD + f"{first},1,,Ann,CEO,HQ,Active\n{second},2,1,Bo,Dev,HQ,Active\n")
        assert [str(d) for d in org.dates()] == ["2025-01-01", "2025-03-15"]


def test_a_bad_date_names_file_line_and_column() -> None:
    with pytest.raises(DateError) as caught:
        _read(HEAD + "2025-01-01,1,,Ann,CEO,HQ,Active\nsoon,2,1,Bo,Dev,HQ,Active\n")
    assert caught.value.place == "line 3, column 'Effective Date'"
    assert "'soon' is not a date; accepted: YYYY-MM-DD" in str(caught.value)
    assert caught.value.ids == ("2",)
    with pytest.raises(DateError, match=r"line 2, column 'Effective Date': '03/04/2025' could be "
                       r"3 April 2025 \(d/m/YYYY\) or 4 March 2025"):  # fmt: skip
        _read(HEAD + "03/04/2025,1,,Ann,CEO,HQ,Active\n")
    org = _read(HEAD + "03/04/2025,1,,Ann,CEO,HQ,Active\n", day_first=True)
    assert str(org.dates()[0]) == "2025-04-03"
    with pytest.raises(DateError, match="'3/25/2025' is m/d/YYYY but '25/3/2025'"):
        _read(HEAD + "25/3/2025,1,,Ann,CEO,HQ,Active\n3/25/2025,2,1,Bo,Dev,HQ,Active\n")
    with pytest.raises(
        DateError, match="line 2, column 'Effective Date': the row has no effective"
    ):
        _read(HEAD + ",1,,Ann,CEO,HQ,Active\n")


def test_rows_that_cannot_be_read() -> None:
    with pytest.raises(DuplicateIdError, match=r"line 3.*'1' has two different rows in force "
                       r"from 2025-01-01 \(lines 2 and 3\)"):  # fmt: skip
        _read(HEAD + "2025-01-01,1,,Ann,CEO,HQ,Active\n2025-01-01,1,,Ann,CTO,HQ,Active\n")
    with pytest.raises(OrgError, match="the table has no rows"):
        _read(HEAD)
    with pytest.raises(OrgError, match="line 2, column 'id': the row has no id"):
        _read(HEAD + "2025-01-01,,,Ann,CEO,HQ,Active\n")
    with pytest.raises(OrgError, match="give effective= too"):
        og.read_people(io.StringIO(HEAD), id="id", manager="boss", name="name", title="title",
                       status="Status")  # fmt: skip
    with pytest.raises(OrgError, match="no column 'Effective' for effective="):
        _read(HEAD, effective="Effective")
    # A problem of one day's table names that day, and the file's line.
    with pytest.raises(OrgError, match=r"line 3, column 'boss': in the rows in force on "
                       r"2025-02-01: people report to each other"):  # fmt: skip
        _read(HEAD + "2025-01-01,1,,Ann,CEO,HQ,Active\n2025-02-01,1,2,Ann,CEO,HQ,Active\n"
              "2025-01-01,2,1,Bo,Dev,HQ,Active\n")  # fmt: skip


def test_end_dates_and_duplicates() -> None:
    text = ("Effective Date,id,boss,name,title,dept,Termination Date\n"
            "2025-01-01,1,,Ann,CEO,HQ,\n"
            "2025-01-01,2,1,Bo,Dev,HQ,2025-03-31\n"
            "2025-01-01,2,1,Bo,Dev,HQ,2025-03-31\n")  # fmt: skip
    org = og.read_people(io.StringIO(text), **{**SMALL, "status": None},
                         end="Termination Date", as_of="2025-03-31")  # fmt: skip
    assert org.holders("1") == ["1", "2"]
    assert org.as_of("2025-04-01").holders("1") == ["1"]
    assert "Termination Date" not in (org.person("2").attrs or {})


def test_warnings_are_given_once_with_their_day() -> None:
    text = HEAD + ("2025-01-01,1,,Ann,CEO,HQ,Active\n2025-01-01,2,9,Bo,Dev,HQ,Active\n"
                   "2025-02-01,3,1,Cy,Dev,HQ,Active\n")  # fmt: skip
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _read(text, as_of="2025-01-01")
    said = [str(w.message) for w in caught if "manager reference" in str(w.message)]
    assert len(said) == 1
    assert said[0].startswith("in the rows in force on 2025-01-01: 1 manager reference")


def test_units_open_and_close_and_an_empty_unit_stays() -> None:
    text = HEAD + (
        "2025-01-01,1,,Ann,CEO,HQ,Active\n"
        "2025-01-01,2,1,Bo,Analyst,Data,Active\n"
        "2025-02-01,2,1,Bo,Analyst,Data,Terminated\n"
        "2025-04-01,3,1,Cy,Analyst,Data,Active\n"
        "2025-03-01,4,1,Di,Designer,Design,Active\n"
        "2025-05-01,4,1,Di,Designer,Design,Inactive\n"
    )
    org = _read(text, as_of="2025-01-01", structure="departments")
    assert org.as_of("2025-02-15").units() == ["HQ", "Data"]  # empty, kept
    assert org.as_of("2025-02-15").holders("Data") == []
    assert org.as_of("2025-03-01").units() == ["HQ", "Data", "Design"]
    assert org.as_of("2025-05-01").units() == ["HQ", "Data"]  # closed for good
    assert org.as_of("2024-12-31").units() == []


def test_a_department_whose_head_leaves_keeps_its_parent() -> None:
    """Issue (new user's trial): People's head left, its people still reporting to them;
    People was cut off from Executive ("moved: People from Executive to None") and the
    seats above it fell. It keeps its parent, its head post vacant, as an empty
    department does."""
    text = HEAD + (
        "2025-01-01,1,,Ann,CEO,Executive,Active\n"
        "2025-01-01,2,1,Bo,HR Manager,People,Active\n"
        "2025-01-01,3,2,Cy,Recruiter,People,Active\n"
        "2025-01-01,4,2,Di,Specialist,People,Active\n"
        "2025-03-01,2,1,Bo,HR Manager,People,Terminated\n"
        "2025-05-01,6,1,Fay,HR Manager,People,Active\n"
        "2025-05-01,3,6,Cy,Recruiter,People,Active\n"
        "2025-05-01,4,6,Di,Specialist,People,Active\n"
    )
    vacant = "the head post of unit 'People' is vacant"
    with pytest.warns(og.OrgWarning, match=vacant), pytest.warns(og.OrgWarning, match="gone since"):
        org = _read(text, as_of="2025-04-01", structure="departments")
    assert not [e for e in org.timeline() if e.kind == "moved"], org.timeline()
    for day in ("2025-02-01", "2025-04-01", "2025-06-01"):
        then = org.as_of(day)
        assert then.parent("People") == "Executive", day
        assert then.rollup("seats", "Executive").value == 4, day  # a vacant head: a seat
    head = org.as_of("2025-04-01").unit("People")["head"]
    assert head is not None and head["holders"] == []
    assert org.as_of("2025-06-01").unit("People")["head"]["holders"]


# -- properties ---------------------------------------------------------------------------

_DAYS = [datetime.date(2025, 1, 1) + datetime.timedelta(days=7 * k) for k in range(10)]


@st.composite
def histories(draw: st.DrawFn) -> list[list[str]]:
    """Rows of a small history: a CEO always there; others join, move between two
    departments and bosses, leave and come back."""
    rows = [[_DAYS[0].isoformat(), "1", "", "Ann", "CEO", "HQ", "Active"]]
    for pid in range(2, draw(st.integers(2, 7)) + 1):
        days = sorted(draw(st.sets(st.sampled_from(_DAYS), min_size=1, max_size=4)))
        for k, day in enumerate(days):
            status = draw(st.sampled_from(("Active", "Active", "Terminated"))) if k else "Active"
            boss = draw(st.sampled_from(["1", *[str(p) for p in range(2, pid)]]))
            dept = draw(st.sampled_from(("HQ", "Data", "Ops")))
            title = draw(st.sampled_from(("Dev", "Analyst")))
            rows.append([day.isoformat(), str(pid), boss, f"P{pid}", title, dept, status])
    return rows


def _text(rows: list[list[str]]) -> str:
    return HEAD + "".join(",".join(r) + "\n" for r in rows)


def _expected(rows: list[list[str]], day: datetime.date) -> int:
    latest: dict[str, tuple[str, str]] = {}
    for r in rows:
        if r[0] <= day.isoformat() and (r[1] not in latest or r[0] >= latest[r[1]][0]):
            latest[r[1]] = (r[0], r[6])
    return sum(s == "Active" for _, s in latest.values())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(), st.sampled_from(("departments", "managers")), st.randoms())
def test_headcount_is_the_active_rows_and_order_does_not_matter(
    rows: list[list[str]], structure: str, rnd: random.Random
) -> None:
    # A person's rows on one day: keep the last drawn (one row per person per day).
    unique = list({(r[0], r[1]): r for r in rows}.values())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        org = _read(_text(unique), structure=structure, as_of="2025-01-01")
        shuffled = unique[:]
        rnd.shuffle(shuffled)
        other = _read(_text(shuffled), structure=structure, as_of="2025-01-01")
        assert org.dates() == other.dates()
        for day in [*_DAYS, _DAYS[-1] + datetime.timedelta(days=1)]:
            now, then = org.as_of(day), other.as_of(day)
            assert _headcount(now) == _expected(unique, day)
            if structure == "managers":  # a team is its manager's: never a vacant seat
                assert not now.vacancies()
            assert sorted(now.assignments()) == sorted(then.assignments())
            assert {u: now.parent(u) for u in now.units()} == {
                u: then.parent(u) for u in then.units()
            }


# -- organograms over several dates ---------------------------------------------------------

ORGANOGRAM = HERE / "data" / "organogram"
MARCH = ("2025-03-31", ORGANOGRAM / "senior.csv", ORGANOGRAM / "junior.csv")
SEPTEMBER = (
    "2025-09-30",
    ORGANOGRAM / "senior-2025-09-30.csv",
    ORGANOGRAM / "junior-2025-09-30.csv",
)


@pytest.fixture(scope="module")
def organograms() -> og.Org:
    return og.read_organogram([SEPTEMBER, MARCH], as_of="2025-06-30")  # any order


def test_organogram_snapshots(organograms: og.Org) -> None:
    org = organograms
    assert [str(d) for d in org.dates()] == ["2025-03-31", "2025-09-30"]
    march = og.read_organogram(*MARCH[1:])
    september = og.read_organogram(*SEPTEMBER[1:])
    for day, alone in (("2025-03-31", march), ("2025-09-30", september)):
        then = org.as_of(day)
        assert sorted(then.units()) == sorted(alone.units())
        assert {u: then.parent(u) for u in then.units()} == {u: alone.parent(u) for u in alone.units()}  # fmt: skip
        assert then.rollup("fte") == alone.rollup("fte")
        # (a post of reference 0 keeps the id of its first file's line)
        assert sorted(a._replace(post="") for a in then.assignments()) == sorted(
            a._replace(post="") for a in alone.assignments()
        )
    assert org.as_of("2025-03-30").units() == []
    events = {(str(e.date), e.kind, e.unit) for e in org.timeline()}
    assert {("2025-09-30", "closed", "1013"), ("2025-09-30", "closed", "1029"),
            ("2025-09-30", "created", "1032"), ("2025-09-30", "moved", "1024")} <= events  # fmt: skip
    assert [v.post for v in org.vacancies()] == ["1003"]
    assert org.as_of("2025-09-30").holders("1003") == ["Kate Morgan"]


def test_organogram_snapshot_forms_and_errors() -> None:
    as_mapping = og.read_organogram(
        {"2025-03-31": MARCH[1:], "2025-09-30": SEPTEMBER[1]}, as_of="2025-10-01"
    )
    assert as_mapping.units() == og.read_organogram(SEPTEMBER[1]).units()
    with pytest.raises(DateError, match="snapshot 1's date '31/03/2025' is not a date"):
        og.read_organogram([("31/03/2025", MARCH[1])])
    with pytest.raises(OrgError, match="two snapshots are dated 2025-03-31"):
        og.read_organogram([MARCH, MARCH])
    with pytest.raises(OrgError, match=r"snapshot 1: give \(date, senior file\)"):
        og.read_organogram([("2025-03-31",)])
    with pytest.raises(OrgError, match="give each date's junior file beside its senior one"):
        og.read_organogram([MARCH], ORGANOGRAM / "junior.csv")
    bad = io.StringIO("Post Unique Reference,Name,Job Title,Reports to Senior Post,FTE\n"
                      "1,Ann Lee,Chief Executive,XX,one\n")  # fmt: skip
    with pytest.raises(OrgError, match=r"<senior organogram>: line 2: post '1': 'FTE' is 'one'"):
        og.read_organogram([MARCH, ("2025-09-30", bad)])


def test_a_dataframe_with_timestamps() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "Effective Date": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"]),
            "id": [1, 2, 2],
            "boss": [None, 1, 1],
            "name": ["Ann", "Bo", "Bo"],
            "title": ["CEO", "Dev", "Dev"],
            "dept": ["HQ", "HQ", "HQ"],
            "Status": ["Active", "Active", "Terminated"],
        }
    )
    org = og.read_people(frame, **SMALL, as_of="2025-02-15")
    assert org.holders("1") == ["1", "2"]
    assert [str(d) for d in org.dates()] == ["2025-01-01", "2025-02-01", "2025-03-01"]


# -- the merge of snapshots, on random organisations --------------------------------------

_UNITS = ("a", "b", "c", "d", "e")


@st.composite
def snapshot_docs(draw: st.DrawFn) -> list[tuple[str, dict[str, Any]]]:
    """2 to 5 dated documents over a few unit ids: units come, go and come back, move,
    are renamed, and change posts and holders."""
    out = []
    for k in range(draw(st.integers(2, 5))):
        present = draw(st.permutations(_UNITS))[: draw(st.integers(1, len(_UNITS)))]
        units, people = [], set()
        for i, uid in enumerate(present):
            unit: dict[str, Any] = {"id": uid, "name": draw(st.sampled_from(("N1", "N2")))}
            parent = draw(st.sampled_from([None, *present[:i]]))
            if parent is not None:
                unit["parent"] = parent
            if draw(st.booleans()):
                unit["head"] = {"title": draw(st.sampled_from(("H1", "H2"))),
                                "holders": draw(st.sampled_from(([], [f"h{uid}"], [f"g{uid}"])))}  # fmt: skip
            unit["staff"] = [
                {"id": f"{uid}{n}", "title": draw(st.sampled_from(("T1", "T2"))),
                 "holders": draw(st.sampled_from(([], [f"{uid}{n}x"], [f"{uid}{n}y"])))}
                for n in range(draw(st.integers(0, 2)))
            ]  # fmt: skip
            for post in [unit.get("head"), *unit["staff"]]:
                people.update(post["holders"] if post else ())
            units.append(unit)
        doc = {"people": [{"id": p, "name": p} for p in sorted(people)], "units": units}
        out.append(((datetime.date(2025, 1, 1) + datetime.timedelta(days=30 * k)).isoformat(), doc))
    return out


@pytest.mark.filterwarnings("ignore::orggraph.errors.OrgWarning")  # random vacant heads
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshot_docs())
def test_each_snapshot_comes_back_from_the_merge(
    snapshots: list[tuple[str, dict[str, Any]]],
) -> None:
    from orggraph.io.snapshots import merge_snapshots

    merged = og.from_dict(merge_snapshots(snapshots), as_of=snapshots[0][0])
    for day, doc in snapshots:
        alone, then = og.from_dict(doc), merged.as_of(day)
        assert set(alone.units()) <= set(then.units())
        assert {u: then.parent(u) for u in alone.units()} == {u: alone.parent(u) for u in alone.units()}  # fmt: skip
        assert {u: then.name(u) for u in alone.units()} == {u: alone.name(u) for u in alone.units()}
        for extra in set(then.units()) - set(alone.units()):  # kept while empty
            assert then.holders(extra) == []
        assert sorted(a._replace(post="") for a in then.assignments()) == sorted(
            a._replace(post="") for a in alone.assignments()
        )
        staff = sorted((p.unit, p.title, p.holders) for p in then.posts() if p.kind != "head")
        assert staff == sorted((p.unit, p.title, p.holders) for p in alone.posts() if p.kind != "head")  # fmt: skip


def test_the_cli_reads_a_history_with_its_flags(capsys: pytest.CaptureFixture[str]) -> None:
    """--effective-column and --status-column read the history; --as-of picks the day,
    and the headcount is that day's (as read_people with the same options gives it)."""
    from orggraph.cli import main

    path = str(HISTORY)
    columns = ["--id", "Employee ID", "--manager", "Reports To", "--name", "First Name"]
    columns += ["--name", "Last Name", "--title", "Job Title", "--department", "Department"]
    columns += ["--structure", "departments", "--effective-column", "Effective Date"]
    columns += ["--status-column", "Employment Status"]
    expected = og.read_people(
        path,
        id="Employee ID",
        manager="Reports To",
        name=["First Name", "Last Name"],
        title="Job Title",
        department="Department",
        structure="departments",
        effective="Effective Date",
        status="Employment Status",
        as_of="2025-06-01",
    ).rollup("people")
    assert main(["stats", path, "--rows", "people", *columns, "--as-of", "2025-06-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("as of 2025-06-01")  # a dated organisation's table says its day
    first = next(line for line in out.splitlines() if line.startswith("Executive")).split()
    assert first[:2] == ["Executive", "Executive"] and int(first[2]) == expected.value


# -- review 1 (items 11-22) ----------------------------------------------------------------

HR = ["--rows", "people", "--id", "id", "--manager", "boss", "--name", "name", "--title",
      "title", "--effective-column", "Effective Date"]  # fmt: skip
PLAIN = dict(id="id", manager="boss", name="name", title="title", effective="Effective Date")


def _plain(text: str, **options: Any) -> og.Org:
    return og.read_people(io.StringIO(text), **{**PLAIN, **options})


def test_a_head_posts_changes_are_those_of_the_day_read_and_a_warning_says_so() -> None:
    text = ("id,boss,name,title,salary,Effective Date\n1,,Ann,CEO,100,2025-01-01\n"
            "2,1,Bo,Dev,10,2025-01-01\n1,,Ann,Chief,200,2025-06-01\n")  # fmt: skip
    for day, title, budget in (("2025-03-01", "CEO", 110), ("2025-07-01", "Chief", 210)):
        with pytest.warns(og.OrgWarning) as caught:
            org = _plain(text, salary="salary", as_of=day)
        assert org.unit("1")["head"]["title"] == title
        assert org.rollup("budget", "1").value == budget
        said = " ".join(str(w.message) for w in caught)
        assert "head post of person '1' changes" in said and "lines 2, 4" in said
        assert "title 'CEO'" in said and "title 'Chief'" in said and "salary 200" in said


def test_pandas_blanks_are_blank() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "Effective Date": pd.to_datetime(["2025-01-01", "2025-01-01"]),
            "End": pd.to_datetime([None, "2025-02-28"]),  # NaT
            "id": pd.array([1, 2], dtype="Int64"),
            "boss": pd.array([pd.NA, 1], dtype="Int64"),  # pd.NA
            "name": ["Ann", "Bo"],
            "title": ["CEO", "Dev"],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        org = og.read_people(frame, **PLAIN, end="End", as_of="2025-02-01")
    assert org.holders("1") == ["1", "2"] and org.as_of("2025-03-01").holders("1") == ["1"]


def test_nothing_is_known_before_the_first_date() -> None:
    text = "id,boss,name,title,Effective Date\n1,,Ann,CEO,2025-01-01\n"
    with pytest.raises(DateError, match=r"nothing is known before 2025-01-01.*as_of 2024-12-31"):
        _plain(text, as_of="2024-12-31")
    with pytest.raises(DateError, match=r"nothing is known before 2199-01-01.*today \("):
        _plain(text.replace("2025-01-01", "2199-01-01"))
    with pytest.raises(DateError, match="nothing is known before 2025-03-31"):
        og.read_organogram([MARCH, SEPTEMBER], as_of="2025-03-30")


def test_a_managers_team_closes_while_its_manager_is_away() -> None:
    """Bo leaves and comes back; Cy reports to Ann meanwhile: no vacant seat is invented,
    and Bo's team comes back as a unit of its own (the earliest keeps the id)."""
    text = ("id,boss,name,title,Effective Date,Status\n1,,Ann,CEO,2025-01-01,Active\n"
            "2,1,Bo,Lead,2025-01-01,Active\n3,2,Cy,Dev,2025-01-01,Active\n"
            "2,1,Bo,Lead,2025-03-01,Terminated\n3,1,Cy,Dev,2025-03-01,Active\n"
            "2,1,Bo,Lead,2025-06-01,Active\n3,2,Cy,Dev,2025-06-01,Active\n")  # fmt: skip
    org = _plain(text, status="Status", as_of="2025-04-01")
    assert org.units() == ["1"] and org.headcount().value == 2 and not org.vacancies()
    later = org.as_of("2025-07-01")
    assert later.units() == ["1", "2@2025-06-01"] and later.holders("2@2025-06-01") == ["2", "3"]
    assert org.as_of("2025-02-01").holders("2") == ["2", "3"]


def test_a_manager_not_in_force_is_said_so_not_guessed() -> None:
    text = ("id,boss,name,title,Effective Date,Status\n1,,Ann,CEO,2025-01-01,Active\n"
            "2,9,Bo,Dev,2025-01-01,Active\n9,1,Zed,Lead,2025-06-01,Active\n"
            "3,1,Cy,Dev,2025-01-01,Active\n3,1,Cy,Dev,2025-02-01,Terminated\n"
            "4,3,Di,Dev,2025-03-01,Active\n")  # fmt: skip
    with pytest.warns(og.OrgWarning) as caught:
        _plain(text, status="Status", as_of="2025-07-01")
    said = " ".join(str(w.message) for w in caught)
    assert "manager '9' of '2' (Bo) (in force only from 2025-06-01)" in said
    assert "manager '3' of '4' (Di) (gone since 2025-02-01)" in said
    assert "did you mean" not in said


def test_history_options_need_a_history() -> None:
    text = "id,boss,name,title\n1,,Ann,CEO\n"
    og.read_people(
        io.StringIO(text),
        id="id",
        manager="boss",
        name="name",
        title="title",
        ended=["Terminated", "Inactive"],
    )  # the default, as a list: fine
    for option in ({"as_of": "2025-01-01"}, {"day_first": True}, {"ended": ["Gone"]}):
        with pytest.raises(OrgError, match="of a history: give effective="):
            og.read_people(io.StringIO(text), id="id", manager="boss", name="name",
                           title="title", **option)  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "day"),
    [("3/1/2024 12:00:00 AM", "2024-03-01"), ("3/1/2024 1:30 PM", "2024-03-01"),
     ("2024-03-01 09:00:00 a.m.", "2024-03-01"), ("45352", "2024-03-01")],
)  # fmt: skip
def test_dates_with_am_pm(cell: str, day: str) -> None:
    from orggraph.io.peopledates import parse_dates

    assert parse_dates([cell], False, lambda r, m: pytest.fail(m)) == [day]


@pytest.mark.parametrize("cell", ["10000", "1/1/0001", "2/3/2205", "0001-01-01", "999999"])
def test_implausible_dates_are_refused_naming_the_cell(cell: str) -> None:
    text = f"id,boss,name,title,Effective Date\n1,,Ann,CEO,2025-01-01\n2,1,Bo,Dev,{cell}\n"
    with pytest.raises(DateError, match=rf"line 3, column 'Effective Date': '{cell}'"):
        _plain(text, day_first=False)


@given(st.integers(0, 999_999), st.sampled_from(["", ".5"]))
def test_a_number_is_a_date_only_in_the_plausible_years(n: int, fraction: str) -> None:
    from orggraph.io.peopledates import SERIAL_YEARS, parse_dates

    problems: list[str] = []
    out = parse_dates([f"{n}{fraction}"], None, lambda r, m: problems.append(m))
    assert (out == [None]) == bool(problems)
    if out[0] is not None:
        assert SERIAL_YEARS[0] <= int(out[0][:4]) <= SERIAL_YEARS[1]


def test_the_cli_says_month_first_and_reads_as_of_the_day(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from orggraph.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "h.csv")
        Path(path).write_text("id,boss,name,title,Effective Date,Status\n"
                              "1,,Ann,CEO,03/04/2025,Active\n2,1,Bo,Dev,03/04/2025,Active\n"
                              "3,1,Cy,Dev,03/04/2025,Active\n"
                              "1,,Ann,CEO,03/05/2025,Terminated\n", encoding="utf-8")  # fmt: skip
        flags = [*HR, "--status-column", "Status"]
        assert main(["stats", path, *flags, "--as-of", "2025-03-10"]) == 1
        assert "--day-first yes or --day-first no" in capsys.readouterr().err
        assert main(["stats", path, *flags, "--day-first", "no", "--as-of", "2025-03-04"]) == 0
        out, err = capsys.readouterr()
        assert next(ln for ln in out.splitlines() if ln.startswith("Ann")).split()[:3] == [
            "Ann",
            "1",
            "3",
        ]
        assert "roots" not in err  # today Bo is a root beside Ann's...: not this day's news
        assert main(["stats", path, *flags, "--day-first", "yes", "--as-of", "2025-04-10"]) == 0


def test_show_and_stats_escape_control_characters(capsys: pytest.CaptureFixture[str]) -> None:
    from orggraph.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "h.csv")
        Path(path).write_text('id,boss,name,title,Effective Date\n1,,"Ann\nEvil\x1b[31mRed",'
                              "CEO,2025-01-01\n2,1,Bo,Dev,2025-01-01\n", encoding="utf-8")  # fmt: skip
        for command in ("stats", "show"):
            assert main([command, path, *HR, "--as-of", "2025-03-01"]) == 0
            out = capsys.readouterr().out
            assert "\x1b" not in out and "Ann\\nEvil\\x1b[31mRed" in out


def test_reusing_unchanged_units_changes_nothing() -> None:
    """The merge's fast path for a unit unchanged from the day before gives what the
    full comparison gives."""
    from orggraph.io.snapshots import merge_snapshots

    unit = {"id": "a", "name": "A", "staff": [{"id": "p", "title": "Dev", "holders": ["x"]}]}
    days = ["2025-01-01", "2025-02-01", "2025-03-01"]
    shared = merge_snapshots([(d, {"units": [unit]}) for d in days])
    copied = merge_snapshots([(d, {"units": [copy.deepcopy(unit)]}) for d in days])
    assert shared == copied


def _carried_over(snapshots: list[tuple[str, dict[str, Any]]]) -> None:
    """What read_history does: a unit or post equal to the day before's becomes that
    very object (so the merge's fast paths are taken)."""
    before: dict[Any, Any] = {}
    for _, doc in snapshots:
        for n, unit in enumerate(doc["units"]):
            if before.get(unit["id"]) == unit:
                doc["units"][n] = before[unit["id"]]
                continue
            for j, post in enumerate(unit["staff"]):
                if before.get((unit["id"], post["id"])) == post:
                    unit["staff"][j] = before[(unit["id"], post["id"])]
                before[(unit["id"], post["id"])] = unit["staff"][j]
            if unit.get("head") is not None and before.get((unit["id"],)) == unit["head"]:
                unit["head"] = before[(unit["id"],)]
            before[(unit["id"],)] = unit.get("head")
            before[unit["id"]] = unit


@pytest.mark.filterwarnings("ignore::orggraph.errors.OrgWarning")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshot_docs(), st.lists(st.booleans(), min_size=5, max_size=5), st.booleans())
def test_the_merge_is_the_same_with_objects_carried_over(
    snapshots: list[tuple[str, dict[str, Any]]], twice: list[bool], keep_gaps: bool
) -> None:
    """Days that repeat the day before (most days of a history) merge the same whether
    their units and posts are copies or the very objects of the day before."""
    from orggraph.io.snapshots import merge_snapshots

    days: list[tuple[str, dict[str, Any]]] = []
    for (day, doc), again in zip(snapshots, twice, strict=False):
        days.append((day, doc))
        if again:
            later = datetime.date.fromisoformat(day) + datetime.timedelta(days=15)
            days.append((later.isoformat(), copy.deepcopy(doc)))
    shared = copy.deepcopy(days)
    _carried_over(shared)
    assert merge_snapshots(shared, keep_gaps=keep_gaps) == merge_snapshots(
        copy.deepcopy(days), keep_gaps=keep_gaps
    )


def test_organogram_head_posts_are_those_of_the_as_of_snapshot() -> None:
    """A head post has one title and salary through time (the model's limit): they are
    the snapshot's in force on ``as_of``, as for HR histories."""
    for day, files in (("2025-03-31", MARCH), ("2025-09-30", SEPTEMBER)):
        org = og.read_organogram([SEPTEMBER, MARCH], as_of=day)
        alone = og.read_organogram(*files[1:])
        heads = {u: (alone.unit(u).get("head") or {}).get("salary") for u in alone.units()}
        assert {u: (org.unit(u).get("head") or {}).get("salary") for u in alone.units()} == heads
