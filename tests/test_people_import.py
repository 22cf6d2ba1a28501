"""People-level imports (issue 12, item 5): ``og.read_people`` on HR exports.

The fixture ``tests/data/hr-export.csv`` is a BambooHR/Workday-like export of 30 rows:
a CEO with an assistant, four departments, part-timers, an engineer's seat that is
``Vacant`` (no employee id), a ``TBH`` sales director (``REQ-104``) who already has two
reports, an engineering assistant, and a contractor without a manager.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orggraph as og
from orggraph.cli.app import main

HERE = Path(__file__).resolve().parent
EXPORT = HERE / "data" / "hr-export.csv"
COLUMNS: dict[str, Any] = {
    "id": "Employee ID",
    "manager": "Manager ID",
    "name": ["First Name", "Last Name"],
    "title": "Job Title",
    "department": "Department",
    "salary": "Annual Salary",
    "salary_period": "year",
    "fte": "FTE",
    "email": "Email",
    "assistant": "Assistant",
}


def rows() -> list[dict[str, str]]:
    with EXPORT.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def to_csv(table: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(table[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    return out.getvalue()


def read(source: Any = EXPORT, **options: Any) -> og.Org:
    """read_people with the fixture's columns, its expected warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        return og.read_people(source, **{**COLUMNS, **options})


@pytest.fixture(scope="module")
def teams() -> og.Org:
    return read()


@pytest.fixture(scope="module")
def departments() -> og.Org:
    return read(structure="departments")


def people_rows() -> list[dict[str, str]]:
    return [r for r in rows() if r["First Name"] not in ("Vacant", "TBH")]


# -- structure="managers" ----------------------------------------------------------------


def test_each_manager_heads_a_team(teams: og.Org) -> None:
    assert teams.units() == [
        "1001", "1003", "1006", "1007", "1004", "1015", "1005", "1019", "REQ-104", "1026",
        "1030",
    ]  # fmt: skip
    assert teams.name("1001") == "Executive (Amelia Hart)"
    assert teams.name("REQ-104") == "Sales (vacant)"
    assert teams.parent("1006") == "1003" and teams.roots() == ["1001", "1030"]
    head = teams.posts("1006")[0]
    assert (head.kind, head.title, head.holders) == ("head", "Engineering Manager", ("1006",))


def test_everyone_else_holds_a_staff_post_in_their_managers_team(teams: og.Org) -> None:
    posts = {p.id: p for p in teams.posts("1006")}
    assert [(p.kind, p.holders) for p in posts.values()] == [
        ("head", ("1006",)),
        ("staff", ("1008",)),
        ("staff", ("1009",)),
        ("staff", ("1010",)),
        ("staff", ()),  # the Vacant row: an open seat
    ]
    assert [p.kind for p in teams.posts("1001")][:2] == ["head", "assistant"]
    assert teams.posts_of("1029")[0].kind == "assistant"  # the CTO's assistant


def test_every_person_holds_one_post_and_reports_as_in_the_export(teams: og.Org) -> None:
    expected = people_rows()
    assert teams.people() == [r["Employee ID"] for r in expected]
    ids = {r["Employee ID"] for r in expected}
    for r in expected:
        pid = r["Employee ID"]
        assert len(teams.posts_of(pid)) == 1
        manager = r["Manager ID"] or None
        if manager is None or manager in ids:
            assert teams.manager(pid) == manager, pid
    # a vacant head is looked through: REQ-104's reports report to its manager
    assert teams.manager("1024") == "1005"


def test_people_keep_their_other_columns_as_text(teams: og.Org) -> None:
    person = teams.person("1009")
    assert person.name == "Isla Murphy" and person.email == "isla.murphy@northwind.example"
    assert dict(person.attrs) == {
        "Department": "Engineering",  # kept: the units are teams
        "Location": "Remote",
        "Hire Date": "2021-05-10",
    }
    assert teams.assignments("1009")[0].fte == 0.8
    assert teams.posts_of("1009")[0].fte == 0.8


def test_yearly_salaries_make_a_monthly_budget(teams: og.Org) -> None:
    yearly = sum(int(r["Annual Salary"]) for r in rows())
    assert teams.salary_period == "year"
    assert teams.posts("1001")[0].salary == 240000  # kept as given
    assert teams.budget().value == pytest.approx(yearly / 12)
    assert teams.budget(period="year").value == pytest.approx(yearly)


def test_vacancies_and_people_counts(teams: og.Org) -> None:
    assert [(v.unit, v.title, v.open) for v in teams.vacancies()] == [
        ("1006", "Software Engineer", 1),
        ("REQ-104", "Sales Director Americas", 1),
    ]
    assert teams.rollup("people").value == len(people_rows()) == 28
    assert teams.rollup("seats").value == 30
    assert teams.rollup("fte").value == pytest.approx(30 - 0.2 - 0.5 - 0.5 - 0.5 - 0.4)
    assert teams.posts("REQ-104")[0].id == "REQ-104"  # an open seat keeps its row's id


def test_the_export_warns_of_the_contractor_and_the_vacant_head() -> None:
    with pytest.warns(og.OrgWarning) as caught:
        og.read_people(EXPORT, **COLUMNS)
    messages = [str(w.message) for w in caught]
    assert any("'1030' (Bella Stone) (line 31)" in m and "no manager" in m for m in messages)
    assert any("open seat 'REQ-104' (line 21)" in m for m in messages)
    assert all(m.startswith(str(EXPORT)) for m in messages)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_round_trips_through_the_file_format(teams: og.Org, departments: og.Org, fmt: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        for org in (teams, departments):
            back = og.loads(og.dumps(org, fmt), fmt)
            assert back == org
            assert back.people_data() == org.people_data()


def test_what_is_built_passes_the_checks_of_people_in_posts(
    teams: og.Org, departments: og.Org
) -> None:
    # read_people skips them at load (people_checked): what it builds must pass them
    for org in (teams, departments):
        assert [f for f in org.people_problems() if f[0] is not None] == []


# -- structure="departments" -------------------------------------------------------------


def test_departments_are_units_nested_by_who_manages_whom(departments: og.Org) -> None:
    org = departments
    assert org.units() == ["Executive", "Engineering", "Finance", "Sales", "People"]
    assert org.children("Executive") == ["Engineering", "Finance", "Sales", "People"]
    assert org.node_data["Engineering"]["type"] == "department"
    heads = {u: org.posts(u)[0].holders for u in org.units()}
    assert heads == {
        "Executive": ("1001",),
        "Engineering": ("1003",),  # not the contractor, who has nobody under them
        "Finance": ("1004",),
        "Sales": ("1005",),
        "People": ("1026",),
    }
    assert "1030" in org.holders("Engineering")
    assert org.posts_of("1002")[0].kind == "assistant"
    assert org.manager("1016") == "1004"  # the department's head
    assert "Department" not in org.person("1001").attrs  # it is the unit


def test_departments_head_and_parent_rules() -> None:
    text = (
        "id,boss,name,title,dept\n"
        "1,,Ann,CEO,Board\n"
        "2,1,Bo,Lead,Ops\n"
        "3,1,Cy,Lead,Ops\n"  # two leads of Ops, as big, both under the CEO: no head
        "4,2,Di,Clerk,Ops\n"
        "5,3,Ed,Clerk,\n"  # a blank department is the manager's
        "6,4,Flo,Analyst,Data\n"  # a line from Data to Ops, which the units do not show
        "7,5,Gus,Clerk,Ops\n"
        "8,1,Hal,Head of data,Data\n"  # as big as Flo but higher: Data's head
    )
    with pytest.warns(og.OrgWarning) as caught:
        org = og.read_people(
            io.StringIO(text), id="id", manager="boss", name="name", title="title",
            department="dept", structure="departments",
        )  # fmt: skip
    assert [str(w.message) for w in caught] == [
        "people report to someone in another department, a line the departments do not "
        "show (1): '6' (Flo) (line 7)"
    ]
    assert org.units() == ["Board", "Ops", "Data"]
    assert org.parent("Ops") == org.parent("Data") == "Board"
    assert org.posts("Ops")[0].kind == "staff"  # no head post
    assert set(org.holders("Ops")) == {"2", "3", "4", "5", "7"}
    assert org.posts("Data")[0].holders == ("8",)


# -- manager_key --------------------------------------------------------------------------


def _by(key: str) -> list[dict[str, str]]:
    table = rows()
    by_id = {r["Employee ID"]: r for r in table if r["Employee ID"]}
    for r in table:
        boss = by_id.get(r["Manager ID"])
        if boss is not None and boss["First Name"] != "TBH":
            r["Manager ID"] = boss["Email"] if key == "email" else (
                f"{boss['First Name']}  {boss['Last Name'].upper()}"  # any case, any spaces
            )  # fmt: skip
    return table


@pytest.mark.parametrize("key", ["email", "name"])
def test_managers_named_by_email_or_name(teams: og.Org, key: str) -> None:
    org = read(io.StringIO(to_csv(_by(key))), manager_key=key)
    # REQ-104 (TBH) can only be named by its id: by email or name its reports' managers
    # are unknown, so they are roots; the rest is the same organisation.
    assert org.roots() == ["1001", "1024", "1025", "1030"]
    for pid in teams.people():
        if pid not in ("1024", "1025"):
            assert org.manager(pid) == teams.manager(pid)


def test_a_name_that_stands_for_two_people_is_an_error() -> None:
    text = "id,boss,name,title\n1,,Ann Lee,CEO\n2,Ann Lee,Ann Lee,Dev\n3,Ann Lee,Bo,Dev\n"
    with pytest.raises(og.SchemaError) as info:
        og.read_people(
            io.StringIO(text), id="id", manager="boss", name="name", title="title",
            manager_key="name",
        )  # fmt: skip
    assert "stands for 2 people: '1' (line 2), '2' (line 3)" in str(info.value)
    assert [p for p, _ in info.value.problems] == [
        "line 3, column 'boss'",
        "line 4, column 'boss'",
    ]


def test_manager_key_email_needs_the_email_column() -> None:
    with pytest.raises(og.OrgError, match='manager_key="email" needs the email= column'):
        og.read_people(EXPORT, id="a", manager="b", name="c", title="d", manager_key="email")


# -- errors -------------------------------------------------------------------------------


def test_unknown_column_is_named_with_a_guess_before_rows_are_read() -> None:
    with pytest.raises(og.SchemaError) as info:
        og.read_people(EXPORT, **{**COLUMNS, "manager": "Manager Id", "fte": "Fte"})
    err = info.value
    assert err.file == str(EXPORT) and err.place == "header"
    assert "no column 'Manager Id' for manager= (did you mean 'Manager ID'?)" in str(err)
    assert "no column 'Fte' for fte= (did you mean 'FTE'?)" in str(err)


def test_unknown_option_and_missing_columns(tmp_path: Path) -> None:
    nowhere = tmp_path / "nowhere.csv"  # options are checked before the file is opened
    with pytest.raises(
        og.OrgError,
        match=r"unknown option 'departmnet' of read_people \(did you mean 'department'\?\)",
    ):
        og.read_people(nowhere, **COLUMNS, departmnet="x")
    with pytest.raises(og.OrgError, match="read_people needs the columns of manager=, title="):
        og.read_people(nowhere, id="a", name="b")
    with pytest.raises(og.OrgError, match="structure= must be one of 'managers', 'departments'"):
        og.read_people(nowhere, **{**COLUMNS, "structure": "teams"})
    with pytest.raises(og.OrgError, match='structure="departments" needs the department='):
        og.read_people(nowhere, id="a", manager="b", name="c", title="d", structure="departments")


TINY = "id,boss,name,title\n1,,Ann,CEO\n2,1,Bo,Dev\n3,9,Cy,Dev\n4,,Di,Dev\n"


def tiny(text: str = TINY, **options: Any) -> og.Org:
    return og.read_people(
        io.StringIO(text), id="id", manager="boss", name="name", title="title", **options
    )


def test_unknown_manager_makes_a_root_with_a_warning_or_an_error_when_strict() -> None:
    with pytest.warns(og.OrgWarning) as caught:
        org = tiny()
    messages = [str(w.message) for w in caught]
    assert any(
        "line 4, column 'boss': manager '9' of '3' (Cy)" in m and "is made a root" in m
        for m in messages
    )
    assert any(
        "'4' (Di) (line 5)" in m and "no manager besides the top person" in m for m in messages
    )
    assert org.roots() == ["1", "3", "4"]
    with pytest.raises(og.UnknownIdError) as info:
        tiny(strict=True)
    assert info.value.place == "line 4, column 'boss'"
    assert "manager '9' of '3' (Cy) is not in the table" in str(info.value)
    assert [p for p, _ in info.value.problems] == ["line 4, column 'boss'"]


def test_two_roots_warn_and_are_an_error_when_strict() -> None:
    text = "id,boss,name,title\n1,,Ann,CEO\n2,1,Bo,Dev\n3,,Cy,Contractor\n"
    with pytest.warns(og.OrgWarning) as caught:
        tiny(text)
    assert any("'3' (Cy) (line 4)" in str(w.message) for w in caught)
    with pytest.raises(
        og.SchemaError, match="'3' \\(Cy\\) has no manager; the top person is '1' \\(Ann\\), line 2"
    ):
        tiny(text, strict=True)


def test_cycles_are_errors_naming_the_people() -> None:
    text = "id,boss,name,title\n1,,Ann,CEO\n2,4,Bo,Dev\n3,2,Cy,Dev\n4,3,Di,Dev\n5,5,Ed,Dev\n"
    with pytest.raises(og.CycleError) as info:
        tiny(text)
    assert "people report to each other in a circle: '2' -> '4' -> '3' -> '2'" in str(info.value)
    assert set(info.value.ids) == {"2", "3", "4"}
    assert info.value.place == "line 3, column 'boss'"


def test_rows_are_checked_and_every_problem_named() -> None:
    text = (
        "id,boss,name,title,pay,fte,pa\n"
        "1,,Ann,CEO,9000,1,no\n"
        "1,1,Bo,Dev,lots,1.5,maybe\n"
        ",1,Cy,,-5,0,\n"
    )
    with pytest.raises(og.OrgError) as info:
        tiny(text, salary="pay", fte="fte", assistant="pa")
    problems = info.value.problems
    assert [p for p, _ in problems] == [
        "line 3, column 'pay'",
        "line 3, column 'fte'",
        "line 3, column 'pa'",
        "line 3, column 'name'",
        "line 4, column 'pay'",
        "line 4, column 'fte'",
        "line 4, column 'id'",
        "line 4, column 'title'",
    ]
    text = "\n".join(m for _, m in problems)
    assert "a salary must be a number, not 'lots'" in text
    assert "at most 1 (0.5 or 50% for half time), not '1.5'" in text
    assert "'maybe' is not yes or no" in text
    assert "id '1' is also on line 2" in text
    assert "a salary must not be negative" in text
    assert "person 'Cy' has no id" in text
    assert "'Cy' has no title" not in text and "has no title; every post needs one" in text


def test_figures_beyond_their_range_are_refused() -> None:
    text = f"id,boss,name,title,pay,bonus\n1,,Ann,CEO,{10**13},{-(10**19)}\n"
    with pytest.raises(og.SchemaError) as info:
        tiny(text, salary="pay", numbers=["bonus"])
    messages = [m for _, m in info.value.problems]
    assert messages == [
        "a salary must be at most 1,000,000,000,000, not 10000000000000",
        "must be at least -1,000,000,000,000,000,000, not -10000000000000000000",
    ]


# -- options ------------------------------------------------------------------------------


def test_fte_as_percent_numbers_and_custom_vacancy_marks() -> None:
    text = (
        "id,boss,name,title,fte,bonus,level\n"
        "1,,Ann,CEO,100%,1200,L9\n"
        "2,1,Bo,Dev,50%,,L3\n"
        "3,1,Open role,Dev,,,\n"
        "4,1,,Dev,,,\n"
    )
    org = tiny(text, fte="fte", numbers=["bonus"], vacant=["open role"])
    assert org.posts_of("2")[0].fte == 0.5
    assert org.person("1").attrs == {"bonus": 1200, "level": "L9"}
    assert org.person("2").attrs == {"level": "L3"}  # blank cells are left out
    assert [v.post for v in org.vacancies()] == ["3", "4"]


def test_dotted_lines_join_the_managers_units() -> None:
    text = (
        "id,boss,name,title,also\n"
        "1,,Ann,CEO,\n"
        "2,1,Bo,CTO,\n"
        "3,1,Cy,CFO,\n"
        "4,2,Di,Dev,3;1\n"  # to CFO's team; CEO is Bo's manager: repeats the solid line
        "5,3,Ed,Clerk,2; 2\n"
        "6,3,Flo,Clerk,2\n"  # the same pair again: once
        "7,2,Gus,Dev,3\n"
    )
    org = tiny(text, dotted="also")
    assert [(d.source, d.target) for d in org.links("dotted")] == [("3", "2"), ("2", "3")]
    with pytest.warns(og.OrgWarning, match="dotted-line manager '8' of '4' \\(Di\\)"):
        tiny(text.replace("3;1", "8"), dotted="also")


def test_open_text_files_and_other_encodings(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("id;boss;name;title\n1;;José Núñez;Director\n".encode("latin-1"))
    org = og.read_people(
        path, id="id", manager="boss", name="name", title="title", encoding="latin-1",
        delimiter=";",
    )  # fmt: skip
    assert org.person("1").name == "José Núñez"
    with pytest.raises(og.ParseError, match="not UTF-8 text"):
        og.read_people(path, id="id", manager="boss", name="name", title="title", delimiter=";")
    with EXPORT.open(encoding="utf-8") as fh:
        assert read(fh).people() == read().people()


# -- other sources ------------------------------------------------------------------------


def test_a_dataframe_reads_as_the_csv(teams: og.Org) -> None:
    pd = pytest.importorskip("pandas")
    df = pd.read_csv(EXPORT)  # numbers as numbers, blanks as NaN: ids come back as text
    assert read(df) == teams
    with pytest.raises(og.SchemaError, match="no column 'Boss' for manager="):
        read(df, manager="Boss")


def test_an_excel_sheet_reads_as_the_csv(teams: og.Org, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "People"
    with EXPORT.open(newline="", encoding="utf-8") as fh:
        for line in csv.reader(fh):
            sheet.append([_cell(c) for c in line])
    path = tmp_path / "export.xlsx"
    book.save(path)
    assert read(path) == teams
    assert read(path, sheet="People") == teams
    with pytest.raises(og.OrgError, match="no sheet 'Staff'"):
        read(path, sheet="Staff")


def _cell(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text or None


# -- a person on several rows (concurrent positions) --------------------------------------

SEVERAL = (
    "id,boss,name,title,fte,role,dept,counts,mail,site\n"
    "1,,Ann,CEO,1,,Exec,,ann@x.org,HQ\n"
    "2,1,Bo,CTO,1,,Tech,,,Lab\n"
    "3,2,Cy,Dev,0.5,,Tech,,cy@x.org,Lab\n"
    "3,2,Cy,Tester,0.5,,Tech,,,HQ\n"  # another post under the same manager
    "4,2,Di,Dev,1,,Tech,,,Lab\n"
    "2,1,Bo,Board member,,,Board,no,bo@x.org,\n"  # does not count: not a job
    "5,4,Ed,Lead,1,secondment,Tech,,,Lab\n"
    "4,1,Di,Head of Ops,1,acting,Ops,,,\n"  # covers a post under the CEO
    "6,,Flo,Adviser,1,interim,Ops,no,,\n"
    "6,,Flo,Chair of audit,,,Board,no,,\n"
)
SEVERAL_COLUMNS: dict[str, Any] = dict(
    id="id", manager="boss", name="name", title="title", fte="fte", role="role",
    department="dept", counts="counts", email="mail",
)  # fmt: skip


def several(text: str = SEVERAL, **options: Any) -> og.Org:
    """read_people of *text* (the columns of SEVERAL, or with another text id, boss, name
    and title), its warnings silenced."""
    columns = (
        SEVERAL_COLUMNS
        if text == SEVERAL
        else {k: SEVERAL_COLUMNS[k] for k in ("id", "manager", "name", "title")}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        return og.read_people(io.StringIO(text), **{**columns, **options})


def _held(org: og.Org, pid: str) -> list[tuple[str, str, str, float, bool]]:
    """A person's posts, primary first: (unit, title, role, fte, counts)."""
    roles = {(a.unit, a.post): (a.role, a.fte) for a in org.assignments(pid)}
    return [(p.unit, p.title, *roles[p.unit, p.id], p.counts) for p in org.posts_of(pid)]


def test_a_repeated_id_is_one_person_holding_several_posts() -> None:
    org = several()
    assert org.people() == ["1", "2", "3", "4", "5", "6"]  # in the order of first rows
    assert org.units() == ["1", "2", "4", "6"]
    assert _held(org, "2") == [
        ("2", "CTO", "primary", 1.0, True),  # heads a team: the primary row
        ("1", "Board member", "primary", 1.0, False),  # in the CEO's team, not counted
    ]
    assert _held(org, "3") == [
        ("2", "Dev", "primary", 0.5, True),
        ("2", "Tester", "primary", 0.5, True),
    ]
    assert _held(org, "4") == [
        ("4", "Dev", "primary", 1.0, True),  # heads Ed's team with their primary post
        ("1", "Head of Ops", "acting", 1.0, True),
    ]
    assert _held(org, "5") == [("4", "Lead", "secondment", 1.0, True)]
    # Flo: no row counts, so the first is primary; without a manager, their other post
    # is beside it, in the team they head.
    assert _held(org, "6") == [
        ("6", "Adviser", "interim", 1.0, False),
        ("6", "Chair of audit", "primary", 1.0, False),
    ]
    managers = {p: org.manager(p) for p in org.people()}
    assert managers == {"1": None, "2": "1", "3": "2", "4": "2", "5": "4", "6": None}
    assert org.rollup("seats").value == 7  # the rows that count
    assert org.rollup("people").value == 5  # Flo holds no post that counts
    assert org.rollup("fte").value == pytest.approx(6.0)
    # The person: their primary row's other cells, an e-mail from any row.
    assert org.person("2").email == "bo@x.org"
    assert org.person("2").attrs == {"dept": "Tech", "site": "Lab"}  # not the Board's row
    assert org.person("3").attrs == {"dept": "Tech", "site": "Lab"}
    assert [f for f in org.people_problems() if f[0] is not None] == []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        assert og.loads(og.dumps(org)) == org


def test_several_rows_in_departments() -> None:
    org = several(structure="departments")
    assert org.units() == ["Exec", "Tech", "Board", "Ops"]
    # Board and Ops hold only further posts (and Flo, whose rows do not count)...
    assert org.parent("Board") == "Exec" and org.parent("Ops") is None
    assert org.holders("Board") == ["2", "6"]
    assert [(p.title, p.holders) for p in org.posts("Ops")] == [
        ("Adviser", ("6",)),
        ("Head of Ops", ("4",)),
    ]
    assert org.posts("Tech")[0].holders == ("2",)  # the CTO's primary post heads it
    assert {p: org.manager(p) for p in ("2", "3", "4", "5")} == dict.fromkeys("345", "2") | {
        "2": "1"
    }


def test_the_role_column_picks_the_primary_row() -> None:
    text = (
        "id,boss,name,title,role\n"
        "1,,Ann,CEO,\n"
        "2,1,Bo,Lead,\n"
        "3,1,Cy,Acting lead,Acting\n"  # any case
        "3,2,Cy,Dev,primary\n"
    )
    org = several(text, role="role")
    assert _held(org, "3") == [
        ("2", "Dev", "primary", 1.0, True),
        ("1", "Acting lead", "acting", 1.0, True),
    ]
    assert org.manager("3") == "2"
    # Without the role column the first row is primary.
    org = several(text)
    assert org.manager("3") == "1" and org.posts_of("3")[0].title == "Acting lead"
    with pytest.raises(og.SchemaError) as info:
        several(text.replace("Acting\n", "actign\n"), role="role")
    assert info.value.place == "line 4, column 'role'"
    assert (
        "role 'actign' is not one of primary, acting, interim, secondment (did you mean 'acting'?)"
        in str(info.value)
    )


def test_rows_of_one_id_must_be_one_person_in_different_posts() -> None:
    text = (
        "id,boss,name,title,mail\n"
        "1,,Ann,CEO,ann@x.org\n"
        "2,1,Bo,Dev,bo@x.org\n"
        "2,1,Bob,Tester,\n"  # another name
        "3,1,Cy,Dev,cy@x.org\n"
        "3,1,Cy,Analyst,cy@y.org\n"  # another e-mail
        "4,1,Di,Dev,\n"
        "4,1,Di,Dev,\n"  # the same post again
        "5,1,Vacant,Dev,\n"
        "5,1,Vacant,Dev,\n"  # an open seat's id (its post's) twice
    )
    with pytest.raises(og.DuplicateIdError) as info:
        several(text, email="mail")
    problems = info.value.problems
    assert [p for p, _ in problems] == [
        "line 4, column 'name'",
        "line 6, column 'mail'",
        "line 8, column 'id'",
        "line 10, column 'id'",
    ]
    messages = [m for _, m in problems]
    assert messages[0].startswith("id '2' is also on line 3 with the name 'Bo', not 'Bob'")
    assert "id '3' has the e-mail 'cy@x.org' on another row, not 'cy@y.org'" in messages[1]
    assert "(lines 5, 6)" in messages[1]
    assert messages[2].startswith("'4' (Di) repeats the post of line 7 (the same manager, title")
    assert (
        messages[3] == "id '5' is also on line 9; an open seat's id is its post's, on one row only"
    )


def test_several_rows_warn_of_more_than_one_fte_and_of_another_manager() -> None:
    text = (
        "id,boss,name,title,fte,role\n"
        "1,,Ann,CEO,,\n"
        "2,1,Bo,Lead,,\n"
        "3,2,Cy,Dev,,\n"
        "3,1,Cy,Analyst,0.5,\n"  # 1.5 FTE, and the CEO's team comes first in the chart
        "4,2,Di,Dev,,\n"
        "4,1,Di,Analyst,,acting\n"  # acting: neither adds FTE nor changes the manager
    )
    with pytest.warns(og.OrgWarning) as caught:
        org = og.read_people(
            io.StringIO(text),
            **{**SEVERAL_COLUMNS, "department": None, "counts": None, "email": None},
        )
    messages = [str(w.message) for w in caught]
    assert messages == [
        "1 person holds more than 1 FTE in their rows (acting rows and rows that do not "
        "count left out): '3' (Cy) holds 1.5 FTE (lines 4, 5)",
        "people on several rows report through another row than their primary one (the "
        "people model's primary post is the first of a person's posts in chart order that "
        "counts and has role primary): give the other rows a role (acting, interim, "
        "secondment) or counts=no (1): '3' (Cy) (line 4)",
    ]
    assert (org.manager("3"), org.manager("4")) == ("1", "2")


def test_several_rows_with_managers_by_email_unknown_managers_and_dotted_lines() -> None:
    text = (
        "id,boss,name,title,mail,also\n"
        "1,,Ann,CEO,ann@x.org,\n"
        "2,ann@x.org,Bo,Lead,bo@x.org,\n"
        "3,bo@x.org,Cy,Dev,cy@x.org,\n"
        "3,ANN@x.org,Cy,Analyst,cy@x.org,bo@x.org\n"  # a dotted line from Bo's team
        "3,zed@x.org,Cy,Mentor,cy@x.org,\n"  # unknown: beside the primary post
    )
    with pytest.warns(og.OrgWarning) as caught:
        org = og.read_people(
            io.StringIO(text), id="id", manager="boss", name="name", title="title",
            email="mail", manager_key="email", dotted="also",
        )  # fmt: skip
    messages = [str(w.message) for w in caught]
    assert any(
        "line 6, column 'boss': manager 'zed@x.org' of '3' (Cy)" in m
        and "or a further post placed beside its person's primary post" in m
        for m in messages
    ), messages
    assert org.roots() == ["1"]
    assert sorted((p.unit, p.title) for p in org.posts_of("3")) == [
        ("1", "Analyst"), ("2", "Dev"), ("2", "Mentor"),
    ]  # fmt: skip
    assert [(d.source, d.target) for d in org.links("dotted")] == [("2", "1")]
    unknown = "manager 'zed@x.org' of '3' \\(Cy\\) is not in the table"
    with pytest.raises(og.UnknownIdError, match=unknown), warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)  # Cy's 3 FTE
        og.read_people(
            io.StringIO(text), id="id", manager="boss", name="name", title="title",
            email="mail", manager_key="email", strict=True,
        )  # fmt: skip


def test_the_counts_column_and_an_assistant_column_of_post_kinds() -> None:
    text = (
        "id,boss,name,title,kind,counts\n"
        "1,,Ann,CEO,head,True\n"
        "2,1,Bo,Assistant,assistant,\n"
        "3,1,Cy,Director,staff,FALSE\n"
    )
    org = several(
        text, counts="counts", assistant="kind", role=None, fte=None, department=None, email=None
    )
    assert [(p.kind, p.counts) for p in org.posts("1")] == [
        ("head", True), ("assistant", True), ("staff", False),
    ]  # fmt: skip
    with pytest.raises(
        og.SchemaError, match=r"'boss' is not yes or no .* or assistant, staff, head"
    ):
        several(
            text.replace("assistant,\n", "boss,\n"),
            assistant="kind",
            role=None,
            fte=None,
            department=None,
            email=None,
            counts=None,
        )


# -- a property: random forests of people ------------------------------------------------


@st.composite
def forests(draw: st.DrawFn) -> list[dict[str, str]]:
    """Rows of people: each one's manager is an earlier row (or none); some rows are
    open seats, which manage nobody (a vacant head is looked through)."""
    n = draw(st.integers(1, 25))
    table: list[dict[str, str]] = []
    for i in range(n):
        managers = [r["id"] for r in table if r["name"] != "Vacant"]
        boss = draw(st.sampled_from(["", *managers])) if managers and i else ""
        vacant = bool(table) and draw(st.integers(0, 4)) == 0
        table.append(
            {
                "id": f"e{i}",
                "boss": boss,
                "name": "Vacant"
                if vacant
                else draw(st.sampled_from(["Ann", "Bo", "Cy"])) + f" {i}",
                "title": draw(st.sampled_from(["Dev", "Lead", "分析师"])),
                "dept": draw(st.sampled_from(["", "Ops", "Data", "研发"])),
                "pay": draw(st.sampled_from(["", "1200", "3400.5"])),
            }
        )
    for r in table:
        if not r["boss"] and not r["dept"]:
            r["dept"] = "Top"  # a top person's department cannot come from above
    return table


def _read_forest(table: list[dict[str, str]], structure: str) -> og.Org:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        return og.read_people(
            io.StringIO(to_csv(table)), id="id", manager="boss", name="name", title="title",
            department="dept", salary="pay", structure=structure,
        )  # fmt: skip


def _managed(table: list[dict[str, str]]) -> Iterator[tuple[str, str | None]]:
    for r in table:
        if r["name"] != "Vacant":
            yield r["id"], r["boss"] or None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forests(), st.sampled_from(["managers", "departments"]))
def test_random_forests_of_people(table: list[dict[str, str]], structure: str) -> None:
    org = _read_forest(table, structure)
    people = [r["id"] for r in table if r["name"] != "Vacant"]
    assert org.people() == people
    for pid in people:
        assert len(org.posts_of(pid)) == 1
    assert len(org.vacancies()) == len(table) - len(people)
    assert [f for f in org.people_problems() if f[0] is not None] == []
    if structure == "managers":
        for pid, boss in _managed(table):
            assert org.manager(pid) == boss
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        assert og.loads(og.dumps(org)) == org


@st.composite
def concurrent(draw: st.DrawFn) -> list[dict[str, str]]:
    """A forest of people, and further rows for some of them (another post each, under
    anyone or no one, in any role), shuffled after the people's own rows."""
    table = draw(forests())
    for r in table:
        r["role"] = draw(st.sampled_from(["", "primary"]))
    people = [r for r in table if r["name"] != "Vacant"]
    extra = []
    for j in range(draw(st.integers(0, 8))):
        person = draw(st.sampled_from(people))
        extra.append(
            {
                **person,
                "boss": draw(st.sampled_from(["", *(r["id"] for r in people)])),
                "title": f"Extra {j}",  # never the same post twice
                "dept": draw(st.sampled_from(["", "Ops", "Side"])),
                "role": draw(st.sampled_from(["", "acting", "interim", "secondment"])),
            }
        )
    return table + draw(st.permutations(extra))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(concurrent(), st.sampled_from(["managers", "departments"]))
def test_random_people_in_several_posts(table: list[dict[str, str]], structure: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        org = og.read_people(
            io.StringIO(to_csv(table)), id="id", manager="boss", name="name", title="title",
            department="dept", salary="pay", role="role", structure=structure,
        )  # fmt: skip
    first = {r["id"]: r for r in reversed(table) if r["name"] != "Vacant"}  # primary rows
    assert org.people() == [pid for pid in dict.fromkeys(r["id"] for r in table) if pid in first]
    assert org.rollup("seats").value == len(table)
    assert len(org.vacancies()) == len(table) - sum(r["name"] != "Vacant" for r in table)
    assert [f for f in org.people_problems() if f[0] is not None] == []
    for pid in first:
        rows_of = [r for r in table if r["id"] == pid]
        held = {(a.role, next(p.title for p in org.posts(a.unit) if p.id == a.post))
                for a in org.assignments(pid)}  # fmt: skip
        assert held == {(r["role"] or "primary", r["title"]) for r in rows_of}
    if structure == "managers":
        heads = set(org.units())
        for pid, row in first.items():
            # The people model reports through the first primary post in chart order: the
            # primary row's unless another row of the person is primary too.
            others = [r for r in table if r["id"] == pid and r is not row]
            if not any(r["role"] in ("", "primary") for r in others):
                assert org.manager(pid) == (row["boss"] or None), pid
            for r in others:  # in the team of the row's manager, or beside the primary post
                boss = r["boss"] if r["boss"] not in ("", pid) else None
                unit = boss or (pid if pid in heads else row["boss"])
                assert r["title"] in [p.title for p in org.posts(unit)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        assert og.loads(og.dumps(org)) == org


# -- the command line ---------------------------------------------------------------------

FLAGS = [
    "--rows", "people", "--id", "Employee ID", "--manager", "Manager ID",
    "--name", "First Name", "--name", "Last Name", "--title", "Job Title",
    "--department", "Department", "--salary", "Annual Salary", "--salary-period", "year",
    "--fte", "FTE", "--email", "Email", "--assistant", "Assistant",
]  # fmt: skip


def test_cli_stats_of_a_people_export(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(EXPORT), *FLAGS, "--structure", "departments"]) == 0
    out, err = capsys.readouterr()
    row = out.splitlines()[2].split()
    assert row[:3] == ["Executive", "Executive", "30"] and row[-1] == "239,250"
    assert "28" in row  # the people
    assert "Engineering" in out
    assert f"orggraph: warning: {EXPORT}: 1 person has no manager" in err


def test_cli_columns_file_and_the_flags_over_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "id: Employee ID\nmanager: Manager ID\nname: [First Name, Last Name]\n"
        "title: Job Title\nsalary: Annual Salary\nsalary_period: month\n",
        encoding="utf-8",
    )
    argv = ["stats", str(EXPORT), "--rows", "people", "--columns", str(mapping)]
    assert main([*argv, "--salary-period", "year", "--root", "1004"]) == 0
    assert capsys.readouterr().out.splitlines()[2].split()[-1] == "35,666.67"  # 428,000 / 12
    mapping.write_text("id: Employee ID\nmanger: Manager ID\n", encoding="utf-8")
    assert main(argv) == 1
    assert f"{mapping}: unknown option 'manger' of read_people (did you mean 'manager'?)" in (
        capsys.readouterr().err
    )


def test_cli_people_options_need_rows_people(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(EXPORT), "--id", "Employee ID"]) == 1
    assert "--id: these map the columns of a people-level table; add --rows people" in (
        capsys.readouterr().err
    )
    assert main(["validate", str(HERE.parent / "data" / "ecommerce.yaml"), "--rows", "people"]) == 1
    assert "--rows people reads CSV and Excel tables" in capsys.readouterr().err


def test_cli_validate_and_convert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(EXPORT), *FLAGS]) == 0
    assert capsys.readouterr().out.startswith(f"{EXPORT}: ok (11 units")
    out = tmp_path / "org.yaml"
    assert main(["convert", str(EXPORT), *FLAGS, "-o", str(out)]) == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        assert og.load(out) == read()


def test_a_subtree_keeps_the_salary_period_and_its_people(teams: og.Org) -> None:
    part = teams.subtree("1004")
    assert part.salary_period == "year"
    assert part.budget().value == pytest.approx(teams.budget("1004").value)
    assert part.people() == ["1004", "1015", "1016", "1017", "1018"]
    assert part.person("1016").email == "olivia.brown@northwind.example"


def test_an_open_seats_id_is_no_other_posts_id() -> None:
    text = "id,boss,name,title\n1,,Ann,CEO\n2,1,Bo,Dev\n1#1,1,TBH,Dev\n"
    with pytest.raises(og.DuplicateIdError) as info:
        tiny(text)
    assert info.value.place == "line 4, column 'id'"
    assert "the open seat's id '1#1' is also the id of a post of unit '1'" in str(info.value)


def test_cli_reads_a_people_export_from_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(EXPORT.read_bytes()), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    assert main(["show", "-", "--from", "csv", *FLAGS[:12], "--depth", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Amelia Hart (Chief Executive Officer)")
    assert "Bella Stone (IT Contractor)" in out


def test_cli_role_and_counts_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "several.csv"
    path.write_text(SEVERAL, encoding="utf-8")
    flags = [
        "--rows", "people", "--id", "id", "--manager", "boss", "--name", "name",
        "--title", "title", "--fte", "fte", "--department", "dept", "--email", "mail",
        "--role", "role", "--counts", "counts",
    ]  # fmt: skip
    out = tmp_path / "org.yaml"
    assert main(["convert", str(path), *flags, "-o", str(out)]) == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        assert og.load(out) == several()
    capsys.readouterr()
    assert main(["validate", str(path), *flags[:-4]]) == 0  # without --role and --counts
    assert capsys.readouterr().out.startswith(f"{path}: ok (4 units")
