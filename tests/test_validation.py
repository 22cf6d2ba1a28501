"""One test per way an organisation file can be wrong.

Each checks the exception type (always an `OrgError`), that the message names the ids
involved and the place (a path into the document plus line and column when read from
text), and that an error from a file names the file.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orggraph as og
from orggraph.io import parse
from orggraph.io.parse import MAX_DEPTH

WriteFile = Callable[..., Path]  # the write_file fixture (conftest.py)
LINE_COL = re.compile(r"line \d+, column \d+")


def load_error(
    write_file: WriteFile, text: str | bytes, exc: type[og.OrgError], name: str = "org.yaml"
) -> og.OrgError:
    """Load *text* from a file and from memory; both must fail alike with *exc*."""
    path: Path = write_file(text, name)
    with pytest.raises(og.OrgError) as info:
        og.load(path)
    err = info.value
    assert type(err) is exc, f"{type(err).__name__}: {err}"
    assert err.file == str(path)
    assert str(err).startswith(f"{path}: ")
    fmt = "json" if name.endswith(".json") else "yaml"
    with pytest.raises(exc) as again:
        og.loads(text, fmt)
    assert again.value.file is None
    assert str(err) == f"{path}: {again.value}"
    return err


# -- ids and references ---------------------------------------------------------------------


def test_duplicate_unit_id(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        """\
units:
  - id: sales
    name: Sales
    units:
      - id: north
        name: North
      - id: sales
        name: Sales again
""",
        og.DuplicateIdError,
    )
    assert err.place == "units[0].units[1].id (line 7, column 13)"
    assert err.message == "duplicate unit id 'sales' (first at units[0] (line 2, column 5))"
    assert err.ids == ("sales",)


def test_duplicate_id_between_unit_and_responsibility(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        """\
units:
  - id: growth
    name: Growth team
responsibilities:
  - id: growth
    name: Grow sales
""",
        og.DuplicateIdError,
    )
    assert err.place == "responsibilities[0] (line 5, column 5)"
    assert "duplicate id 'growth'" in err.message
    assert "share one namespace with unit ids (first at units[0] (line 2, column 5))" in err.message
    assert err.ids == ("growth",)
    assert len(err.problems) == 1  # no follow-up noise


def test_unit_reporting_to_itself(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        """\
units:
  - {id: ceo, name: CEO}
  - {id: sales, name: Sales, parent: sales}
""",
        og.CycleError,
    )
    assert err.place == "units[1].parent (line 3, column 38)"
    assert err.message == "unit 'sales' would report to itself"
    assert err.ids == ("sales",)


def test_cycle_via_parent(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        """\
units:
  - {id: ceo, name: CEO}
  - {id: a, name: A, parent: c}
  - {id: b, name: B, parent: a}
  - {id: c, name: C, parent: b}
""",
        og.CycleError,
    )
    assert err.place == "units[1].parent (line 3, column 30)"
    assert err.message == (
        "reporting cycle: a -> c -> b -> a (a unit would report to its own subordinate)"
    )
    assert set(err.ids) == {"a", "b", "c"}


def test_nested_unit_with_conflicting_parent(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        """\
units:
  - id: ceo
    name: CEO
    units:
      - {id: sales, name: Sales, parent: tech}
  - {id: tech, name: Tech}
""",
        og.SchemaError,
    )
    assert err.place == "units[0].units[0].parent (line 5, column 42)"
    assert "unit 'sales' is nested under 'ceo' but says parent: 'tech'" in err.message
    assert err.ids == ("sales", "ceo", "tech")


def test_unknown_parent(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        """\
units:
  - {id: ceo, name: CEO}
  - {id: sales, name: Sales, parent: coe}
""",
        og.UnknownIdError,
    )
    assert err.place == "units[1].parent (line 3, column 38)"
    assert err.message == "unit 'sales': unknown parent id 'coe' (did you mean 'ceo'?)"
    assert err.ids == ("sales", "coe")


def test_link_to_unknown_ids(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        """\
units:
  - id: sales
    name: Sales
    units: [{id: tech, name: Tech}]
links:
  - {kind: dotted, from: sale, to: tech}
  - {kind: collaboration, from: tech, to: nowhere_at_all}
""",
        og.LinkError,
    )
    assert err.place == "links[0].from (line 6, column 26)"
    assert err.message == "dotted link: unknown unit id 'sale' (did you mean 'sales'?)"
    assert err.ids == ("sale", "tech")
    assert err.problems[1] == (
        "links[1].to (line 7, column 43)",
        "collaboration link: unknown unit id 'nowhere_at_all'",
    )


def test_link_to_a_responsibility(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        """\
units:
  - {id: sales, name: Sales, responsibilities: [growth]}
responsibilities:
  - {id: growth, name: Grow sales}
links:
  - {kind: dotted, from: sales, to: growth}
""",
        og.LinkError,
    )
    assert err.place == "links[0].to (line 6, column 37)"
    assert err.message == "dotted link: 'growth' is a responsibility, not a unit"
    assert err.ids == ("sales", "growth")


def test_self_link(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        """\
units:
  - {id: sales, name: Sales}
links:
  - {kind: collaboration, from: sales, to: sales, relation: talks to}
""",
        og.LinkError,
    )
    assert err.place == "links[0] (line 4, column 5)"
    assert err.message == "collaboration link from 'sales' to itself"
    assert err.ids == ("sales",)


def test_unknown_responsibility(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        """\
units:
  - id: sales
    name: Sales
    responsibilities: [growht]
responsibilities:
  - {id: growth, name: Grow sales}
""",
        og.UnknownIdError,
    )
    assert err.place is not None and err.place.startswith("units[0].responsibilities[0] (")
    assert LINE_COL.search(err.place)
    assert (
        err.message == "unit 'sales': unknown responsibility id 'growht' (did you mean 'growth'?)"
    )
    assert err.ids == ("sales", "growht")


def test_duplicate_responsibility_on_one_unit(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        """\
units:
  - {id: sales, name: Sales, responsibilities: [growth, growth]}
responsibilities:
  - {id: growth, name: Grow sales}
""",
        og.DuplicateIdError,
    )
    assert err.place is not None and err.place.startswith("units[0].responsibilities[1] (")
    assert LINE_COL.search(err.place)
    assert err.message == "unit 'sales' lists responsibility 'growth' twice"
    assert err.ids == ("sales", "growth")


# -- values -----------------------------------------------------------------------------------

NESTED_POST = """\
units:
  - id: ceo
    name: CEO
    units:
      - {{id: hr, name: HR}}
      - id: sales
        name: Sales
        staff:
          - {{title: Rep, {post}}}
"""


def post_error(write_file: WriteFile, post: str) -> og.OrgError:
    err = load_error(write_file, NESTED_POST.format(post=post), og.SchemaError)
    assert err.ids == ("ceo", "sales")
    return err


def test_negative_seats(write_file: WriteFile) -> None:
    err = post_error(write_file, "seats: -2")
    assert err.place == "units[0].units[1].staff[0].seats (line 9, column 33)"
    assert err.message == "unit 'sales': must not be negative, got -2"


def test_fractional_seats(write_file: WriteFile) -> None:
    err = post_error(write_file, "seats: 2.5")
    assert err.place == "units[0].units[1].staff[0].seats (line 9, column 33)"
    assert err.message == "unit 'sales': must be a whole number, not 2.5"


def test_negative_salary(write_file: WriteFile) -> None:
    err = post_error(write_file, "salary: -100")
    assert err.place == "units[0].units[1].staff[0].salary (line 9, column 34)"
    assert err.message == "unit 'sales': must not be negative, got -100"


@pytest.mark.parametrize(("value", "shown"), [(".nan", "nan"), (".inf", "inf"), ("-.inf", "-inf")])
def test_non_finite_salary(write_file: WriteFile, value: str, shown: str) -> None:
    err = post_error(write_file, f"salary: {value}")
    assert err.place == "units[0].units[1].staff[0].salary (line 9, column 34)"
    assert err.message == f"unit 'sales': must be a finite number, not {shown}"


def test_non_finite_salary_in_json(write_file: WriteFile) -> None:
    doc = '{"units": [{"id": "a", "name": "A", "head": {"title": "T", "salary": NaN}}]}'
    err = load_error(write_file, doc, og.SchemaError, "org.json")
    assert err.place == "units[0].head.salary (line 1, column 70)"
    assert err.message == "unit 'a': must be a finite number, not nan"


def test_bool_seats(write_file: WriteFile) -> None:
    err = post_error(write_file, "seats: yes")
    assert err.place == "units[0].units[1].staff[0].seats (line 9, column 33)"
    assert err.message == "unit 'sales': must be a whole number >= 0 or null (unknown), not True"


def test_filled_more_than_seats(write_file: WriteFile) -> None:
    err = post_error(write_file, "seats: 2, filled: 3")
    assert err.place == "units[0].units[1].staff[0] (line 9, column 13)"
    assert err.message == "unit 'sales': filled (3) exceeds seats (2)"


@pytest.mark.parametrize(
    ("text", "place", "message", "ids"),
    [
        (  # a unit
            "units:\n  - id: sales\n    name: Sales\n    staf: []\n",
            "units[0].staf (line 4, column 11)",
            "unit 'sales': unknown key 'staf' (did you mean 'staff'?)",
            ("sales",),
        ),
        (  # a post
            "units:\n  - id: sales\n    name: Sales\n    head: {title: Boss, salery: 10}\n",
            "units[0].head.salery (line 4, column 33)",
            "unit 'sales': unknown key 'salery' (did you mean 'salary'?)",
            ("sales",),
        ),
        (  # a link: one problem, not also "required key 'from' is missing"
            "units: [{id: a, name: A}, {id: b, name: B, parent: a}]\n"
            "links:\n  - {kind: dotted, form: a, to: b}\n",
            "links[0].form (line 3, column 26)",
            "link to 'b': unknown key 'form' (did you mean 'from'?)",
            ("b",),
        ),
        (  # the top level
            "unit:\n  - {id: a, name: A}\nresponsibilites: []\n",
            "unit (line 2, column 3)",
            "unknown key 'unit' (did you mean 'units'?)",
            (),
        ),
    ],
    ids=["unit", "post", "link", "top"],
)
def test_misspelt_key(
    write_file: WriteFile, text: str, place: str, message: str, ids: tuple[str, ...]
) -> None:
    err = load_error(write_file, text, og.SchemaError)
    assert (err.place, err.message, err.ids) == (place, message, ids)
    if place.startswith("unit "):  # both top-level misspellings are reported
        assert (
            err.problems[1][1] == "unknown key 'responsibilites' (did you mean 'responsibilities'?)"
        )
    else:
        assert len(err.problems) == 1


def test_unknown_key_without_close_match_lists_valid_keys(write_file: WriteFile) -> None:
    err = load_error(write_file, "units:\n  - {id: a, name: A, colour: red}\n", og.SchemaError)
    assert err.place == "units[0].colour (line 2, column 30)"
    assert err.message.startswith("unit 'a': unknown key 'colour'; valid keys: id, name, type, ")


def test_wrong_link_kind(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        """\
units: [{id: a, name: A}, {id: b, name: B, parent: a}]
links:
  - {kind: matrix, from: a, to: b}
""",
        og.SchemaError,
    )
    assert err.place == "links[0].kind (line 3, column 12)"
    assert err.message == (
        "link 'a' -> 'b': 'matrix' is not valid; choose one of 'dotted' or 'collaboration'"
    )
    assert err.ids == ("a", "b")


def test_missing_units(write_file: WriteFile) -> None:
    err = load_error(write_file, "org: Nobody\n", og.SchemaError)
    assert err.message == "required key 'units' is missing"
    err = load_error(write_file, "org: Nobody\nunits: []\n", og.SchemaError)
    assert err.place == "units (line 2, column 8)"
    assert err.message == "an organisation needs at least one unit"


# -- the text itself ----------------------------------------------------------------------------


def test_empty_file(write_file: WriteFile) -> None:
    err = load_error(write_file, "", og.ParseError)
    assert err.message == "the file is empty"
    assert load_error(write_file, "  \n\n", og.ParseError).message == "the file is empty"
    assert load_error(write_file, "", og.ParseError, "org.json").message == "the file is empty"


def test_comments_only_file(write_file: WriteFile) -> None:
    err = load_error(write_file, "# the organisation\n\n   # comes later\n---\n", og.ParseError)
    assert err.message == "the file is empty"


@pytest.mark.parametrize(
    ("text", "kind"),
    [("- a\n- b\n", "list"), ("just words\n", "str"), ("42\n", "int"), ("null\n", "NoneType")],
)
def test_top_level_not_a_mapping(write_file: WriteFile, text: str, kind: str) -> None:
    err = load_error(write_file, text, og.SchemaError)
    assert err.place == "line 1"
    assert err.message == f"the top level must be a mapping with keys such as 'units', not {kind}"


def test_top_level_list_in_json(write_file: WriteFile) -> None:
    err = load_error(write_file, '[{"id": "a", "name": "A"}]', og.SchemaError, "org.json")
    assert err.message.endswith("not list")


def test_yaml_syntax_error(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        """\
units:
  - id: a
    name: [A
  - id: b
""",
        og.ParseError,
    )
    assert err.place is not None and LINE_COL.fullmatch(err.place)
    assert err.place.startswith("line 4,")
    assert err.message.startswith("YAML syntax error: ")


def test_yaml_bad_indentation(write_file: WriteFile) -> None:
    err = load_error(write_file, "units:\n  - id: a\n   name: A\n", og.ParseError)
    assert err.place == "line 3, column 4"
    assert err.message == (
        "YAML syntax error: did not find expected '-' indicator while parsing a block collection"
    )


def test_json_syntax_error(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        '{\n  "units": [\n    {"id": "a", "name": "A",}\n  ]\n}\n',
        og.ParseError,
        "org.json",
    )
    assert err.place == "line 3, column 29"
    assert err.message == "JSON syntax error: Expecting property name enclosed in double quotes"


def test_duplicate_yaml_key(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        """\
units:
  - id: a
    name: A
    type: team
    name: B
""",
        og.ParseError,
    )
    assert err.place == "line 5, column 5"
    assert err.message == "duplicate key 'name' (first at line 3)"


def test_duplicate_json_key(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        '{\n  "units": [\n    {"id": "a", "name": "A", "id": "b"}\n  ]\n}\n',
        og.ParseError,
        "org.json",
    )
    assert err.place == "line 3, column 30"
    assert err.message == "duplicate key 'id' (first at line 3)"


def test_non_utf8_bytes(write_file: WriteFile) -> None:
    latin1 = "units:\n  - {id: a, name: Café}\n".encode("latin-1")
    err = load_error(write_file, latin1, og.ParseError)
    assert err.place == "line 2, column 22"
    assert err.message == "the file is not UTF-8 text (byte 0xe9 at offset 28)"
    err = load_error(
        write_file, b'{"units": [{"id": "a", "name": "\xff"}]}', og.ParseError, "org.json"
    )
    assert err.place == "line 1, column 33"


def test_utf8_with_bom_is_fine(write_file: WriteFile) -> None:
    path = write_file("\ufeffunits: [{id: a, name: Café}]\n")
    assert og.load(path).name("a") == "Café"


def test_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "org.txt"
    path.write_text("units: [{id: a, name: A}]\n", encoding="utf-8")
    with pytest.raises(og.ParseError) as info:
        og.load(path)
    err = info.value
    assert err.file == str(path)
    assert err.message.startswith(
        "cannot tell the format from the suffix '.txt'; use one of .yaml, .yml, .json, .csv, .xlsx, "
        ".nodelink.json, .graphml, .gexf, .ttl, .jsonld"
    )
    assert ".mmd" not in err.message  # write-only formats are not offered for reading
    assert err.choices[:5] == (".yaml", ".yml", ".json", ".csv", ".xlsx")
    assert og.load(path, format="yaml").units() == ["a"]
    with pytest.raises(og.ParseError, match="unknown format 'toml'; choose one of yaml, json"):
        og.load(path, format="toml")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "org.yaml"
    with pytest.raises(og.ParseError) as info:
        og.load(path)
    assert info.value.file == str(path)
    assert info.value.message == "cannot read the file: No such file or directory"
    (tmp_path / "dir.yaml").mkdir()  # a directory with a known suffix is not a file
    with pytest.raises(og.ParseError, match="not a regular file but a folder"):
        og.load(tmp_path / "dir.yaml")


# -- hostile input ----------------------------------------------------------------------------


def _billion_laughs() -> str:
    # Nine levels of nine aliases each: 9**9 (387 million) values once expanded.
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{cur}: &{cur} [{', '.join([f'*{prev}'] * 9)}]")
    lines.append("units: [{id: x, name: *i}]")
    return "\n".join(lines) + "\n"


def test_yaml_alias_bomb(write_file: WriteFile) -> None:
    start = time.perf_counter()
    err = load_error(write_file, _billion_laughs(), og.ParseError)
    elapsed = time.perf_counter() - start
    assert elapsed < 2  # a safety bound (it takes milliseconds), not a benchmark
    assert "expands to more than" in err.message and "alias bomb" in err.message
    assert err.place is not None and LINE_COL.fullmatch(err.place)


def test_harmless_aliases_are_fine() -> None:
    org = og.loads("""\
units:
  - {id: a, name: A, head: &boss {title: Boss, salary: 10}}
  - {id: b, name: B, parent: a, head: *boss}
""")
    assert org.budget() == og.Rollup(20, ())


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("[" * 100_000, "yaml"),
        ("[" * 100_000 + "]" * 100_000, "yaml"),
        ("{a: " * 100_000, "yaml"),
        ("- " * 100_000 + "x", "yaml"),
        ("[" * 100_000, "json"),
        ("[" * 100_000 + "]" * 100_000, "json"),
        ('{"a": ' * 100_000 + "1" + "}" * 100_000, "json"),
    ],
    ids=[
        "yaml-open",
        "yaml-closed",
        "yaml-mapping",
        "yaml-block",
        "json-open",
        "json-closed",
        "json-mapping",
    ],
)
def test_absurd_nesting(text: str, fmt: str) -> None:
    with pytest.raises(og.ParseError) as info:
        og.loads(text, fmt)
    assert "nest" in info.value.message
    assert info.value.place is not None and LINE_COL.fullmatch(info.value.place)


def _nested_units(levels: int) -> dict[str, object]:
    unit: dict[str, object] = {"id": f"u{levels - 1}", "name": "leaf", "staff": [{"title": "x"}]}
    for i in range(levels - 2, -1, -1):
        unit = {"id": f"u{i}", "name": f"level {i}", "units": [unit]}
    return {"units": [unit]}


def _block_yaml(levels: int) -> str:
    lines = ["units:"]
    for i in range(levels):
        pad = "    " * i
        lines += [f"{pad}  - id: u{i}", f"{pad}    name: level {i}"]
        if i < levels - 1:
            lines.append(f"{pad}    units:")
    return "\n".join(lines) + "\n"


def test_deeply_nested_units_load() -> None:
    # 150 levels of `units:` nesting (300 YAML/JSON collections) are within the bound.
    doc = _nested_units(150)
    for org in (og.loads(_block_yaml(150)), og.loads(json.dumps(doc), "json"), og.from_dict(doc)):
        assert org.depth("u149") == 149
        assert len(org.chain("u149")) == 150
    org = og.from_dict(doc)
    assert org.headcount("u0") == og.Rollup(1, ())
    assert og.loads(og.dumps(org)) == org
    assert og.loads(og.dumps(org, "json"), "json") == org


def test_too_deeply_nested_units_are_an_error(write_file: WriteFile) -> None:
    # Each level of units is two collections deep; the parsers stop at MAX_DEPTH (500).
    levels = MAX_DEPTH // 2 + 10
    err = load_error(write_file, _block_yaml(levels), og.ParseError)
    assert err.message == f"the document nests deeper than {MAX_DEPTH} levels"
    assert err.place is not None and LINE_COL.fullmatch(err.place)
    err = load_error(write_file, json.dumps(_nested_units(levels)), og.ParseError, "org.json")
    assert err.message == f"the document nests deeper than {MAX_DEPTH} levels"
    # Plain data skips the parsers; validation has its own bound (pydantic's), also an error.
    with pytest.raises(og.SchemaError, match="units nest too deeply to validate") as info:
        og.from_dict(_nested_units(levels))
    assert len(str(info.value)) < 4000  # the offending subtree is not echoed back


# -- several problems at once -------------------------------------------------------------------


def test_several_schema_errors_reported_together(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        """\
units:
  - id: a
    name: A
    staff: [{title: X, seats: -1}]
    units:
      - {id: b, name: B, head: {title: Y, salary: -3}}
      - {id: c, nam: C}
""",
        og.SchemaError,
    )
    assert err.problems == (
        ("units[0].staff[0].seats (line 4, column 31)", "unit 'a': must not be negative, got -1"),
        (
            "units[0].units[0].head.salary (line 6, column 51)",
            "unit 'b': must not be negative, got -3",
        ),
        (
            "units[0].units[1].nam (line 7, column 22)",
            "unit 'c': unknown key 'nam' (did you mean 'name'?)",
        ),
    )
    assert "(and 2 more)" in str(err)


def test_several_graph_errors_reported_together(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        """\
units:
  - {id: a, name: A, responsibilities: [nope]}
  - {id: a, name: A again, parent: zz}
  - {id: b, name: B, parent: b}
links:
  - {kind: dotted, from: a, to: q}
""",
        og.DuplicateIdError,
    )  # the first problem's type
    places = [place.split(" (")[0] for place, _ in err.problems]
    assert places == [
        "units[1].id",
        "units[2].parent",
        "links[0].to",
        "units[0].responsibilities[0]",
    ]
    assert [msg for _, msg in err.problems][1:] == [
        "unit 'b' would report to itself",
        "dotted link: unknown unit id 'q'",
        "unit 'a': unknown responsibility id 'nope'",
    ]
    assert "(and 3 more)" in str(err)


def test_many_problems_are_capped(write_file: WriteFile) -> None:
    units = "".join(f"  - {{id: u{i}, name: U, parent: nobody}}\n" for i in range(80))
    err = load_error(write_file, "units:\n" + units, og.UnknownIdError)
    assert len(err.problems) == 51
    assert err.problems[-1] == ("...", "30 more problems not shown")


# -- figures: a sane range, finite measures (issue 10, defect 4) ---------------------------------

BIG = "9" * 3000


@pytest.mark.parametrize(
    ("post", "key", "message"),
    [
        (f"seats: {BIG}", "seats", "must be at most 1,000,000,000, not a 3,000-digit number"),
        ("seats: 1000000001", "seats", "must be at most 1,000,000,000, not 1000000001"),
        ("seats: 1.0e+300", "seats", "must be at most 1,000,000,000, not 1e+300"),
        (
            "seats: 9, filled: 1000000001",
            "filled",
            "must be at most 1,000,000,000, not 1000000001",
        ),
        (f"salary: {BIG}", "salary", "must be at most 1,000,000,000,000, not a 3,000-digit number"),
        ("salary: 1.0e+13", "salary", "must be at most 1,000,000,000,000, not 10000000000000.0"),
    ],
)
def test_figures_beyond_their_range(
    write_file: WriteFile, post: str, key: str, message: str
) -> None:
    err = post_error(write_file, post)
    assert err.place is not None and err.place.startswith(f"units[0].units[1].staff[0].{key} (")
    assert err.message == f"unit 'sales': {message}"


@pytest.mark.parametrize(
    ("attrs", "place", "message"),
    [
        ("{fte: .nan}", "units[0].attrs.fte", "must be a finite number, not nan"),
        ("{fte: .inf}", "units[0].attrs.fte", "must be a finite number, not inf"),
        ("{fte: -.inf}", "units[0].attrs.fte", "must be a finite number, not -inf"),
        (
            f"{{fte: {BIG}}}",
            "units[0].attrs.fte",
            "must be at most 1,000,000,000,000,000,000, not a 3,000-digit number",
        ),
        (
            "{fte: -1.0e+19}",
            "units[0].attrs.fte",
            "must be at least -1,000,000,000,000,000,000, not -1e+19",
        ),
        ("{x: [1, {y: .nan}]}", "units[0].attrs.x", "[1].y: must be a finite number, not nan"),
    ],
)
def test_measures_must_be_finite_and_in_range(
    write_file: WriteFile, attrs: str, place: str, message: str
) -> None:
    err = load_error(
        write_file, f"units:\n  - {{id: a, name: A, attrs: {attrs}}}\n", og.SchemaError
    )
    assert err.place is not None and err.place.startswith(f"{place} (line 2, column ")
    assert err.message == f"unit 'a': {message}"


def test_non_finite_in_json_and_top_level_attrs(write_file: WriteFile) -> None:
    doc = '{"units": [{"id": "a", "name": "A", "attrs": {"fte": NaN}}], "attrs": {"x": Infinity}}'
    err = load_error(write_file, doc, og.SchemaError, "org.json")
    assert err.problems == (
        ("units[0].attrs.fte (line 1, column 54)", "unit 'a': must be a finite number, not nan"),
        ("attrs.x (line 1, column 77)", "must be a finite number, not inf"),
    )


def test_figures_at_their_limits_load_and_every_output_is_exact(tmp_path: Path) -> None:
    from orggraph import io as formats
    from orggraph.cli.app import main

    top = 10**18
    org = og.loads(
        f"""
units:
  - id: a
    name: A
    head: {{title: t, salary: {10**12}}}
    staff: [{{title: x, seats: {10**9}, filled: {10**9}, salary: {10**12}}}]
    attrs: {{fte: {top}, low: {-top}}}
    units:
      - {{id: b, name: B, staff: [{{title: x, seats: {10**9}, salary: {10**12}}}], attrs: {{fte: {top}}}}}
"""
    )
    assert org.budget() == og.Rollup(2 * 10**21 + 10**12, ())
    assert str(org.budget()) == "2,000,000,001,000,000,000,000"
    assert org.rollup("fte") == og.Rollup(2 * top, ())
    assert str(org.rollup("low")) == "≥ -1,000,000,000,000,000,000 (1 unit unknown)"
    assert json.loads(og.dumps(org, "json"))["units"][0]["attrs"]["fte"] == top
    for suffix in (".yaml", ".json", ".graphml", ".gexf", ".nodelink.json", ".ttl", ".jsonld"):
        path = tmp_path / f"org{suffix}"
        formats.write(org, path)
        assert formats.read(path) == org, suffix
    path = tmp_path / "org.yaml"
    for args in (
        ["stats", str(path)],
        ["show", str(path)],
        ["render", str(path), "-o", str(tmp_path / "o.svg"), "--engine", "tidy"],
    ):
        assert main(args) == 0, args


@pytest.mark.parametrize(
    ("table", "place", "message"),
    [
        (
            "id,parent,name,staff_title,seats\na,,A,x,2000000000\n",
            "line 2, column 'seats'",
            "must be at most 1,000,000,000, not 2000000000",
        ),
        (
            f"id,parent,name,staff_title,salary\na,,A,x,{BIG}\n",
            "line 2, column 'salary'",
            "must be at most 1,000,000,000,000, not a 3,000-digit number",
        ),
        (
            "id,parent,name,head_title,head_salary\na,,A,h,1e300\n",
            "line 2, column 'head_salary'",
            "must be at most 1,000,000,000,000, not 1e+300",
        ),
        (
            "id,parent,name,fte\na,,A,-1e19\n",
            "line 2, column 'fte'",
            "must be at least -1,000,000,000,000,000,000, not -1e+19",
        ),
        ("id,parent,name,fte\na,,A,nan\n", "line 2, column 'fte'", "'nan' is not a number"),
    ],
)
def test_table_figures_beyond_their_range(table: str, place: str, message: str) -> None:
    from orggraph.io import tables as tabular

    with pytest.raises(og.SchemaError) as info:
        tabular.loads_csv(table, measures=["fte"] if "fte" in table else ())
    assert (info.value.place, info.value.message) == (place, f"unit 'a': {message}")


def test_table_figures_and_graph_problems_in_one_pass() -> None:
    from orggraph.io import tables as tabular

    rows = [
        {"id": "a", "parent": "", "name": "A", "staff_title": "x", "seats": 10**10},
        {"id": "b", "parent": "zz", "name": "B", "staff_title": "x", "seats": float("inf")},
        {"id": "c", "parent": "a", "name": "C", "staff_title": "x", "salary": 10**13},
    ]
    with pytest.raises(og.SchemaError) as info:
        tabular.from_records(rows)
    assert info.value.problems == (
        ("row 2, column 'seats'", "unit 'b': 'inf' is not a number"),
        ("row 1, column 'seats'", "unit 'a': must be at most 1,000,000,000, not 10000000000"),
        (
            "row 3, column 'salary'",
            "unit 'c': must be at most 1,000,000,000,000, not 10000000000000",
        ),
        ("row 2, column 'parent'", "unit 'b': unknown parent id 'zz'"),
    )


def test_graph_file_figures_beyond_their_range(tmp_path: Path) -> None:
    from orggraph import io as formats

    path = tmp_path / "org.nodelink.json"
    path.write_text(
        json.dumps(
            {
                "directed": True,
                "multigraph": True,
                "graph": {},
                "nodes": [{"id": "a", "label": "A", "head_title": "t", "head_salary": 1e300}],
                "links": [],
            }
        )
    )
    with pytest.raises(og.SchemaError) as info:
        formats.read(path)
    assert info.value.place.startswith("units[0].head.salary (node 'a'")
    assert info.value.message == "unit 'a': must be at most 1,000,000,000,000, not 1e+300"


def test_every_error_is_an_org_error() -> None:
    for exc in (
        og.ParseError,
        og.SchemaError,
        og.DuplicateIdError,
        og.CycleError,
        og.LinkError,
        og.UnknownIdError,
        og.MeasureError,
        og.RenderError,
        og.MissingDependencyError,
    ):
        assert issubclass(exc, og.OrgError)


def test_schema_and_graph_problems_reported_together(write_file: WriteFile) -> None:
    # Issue 10, defect 17: filled > seats, an unknown link target and a self-dotted link
    # are three problems of one file, reported in one pass (the schema's first).
    err = load_error(
        write_file,
        """\
units:
  - id: a
    name: A
    staff: [{title: X, seats: 1, filled: 2}]
links:
  - {kind: dotted, from: a, to: ghost}
  - {kind: dotted, from: a, to: a}
""",
        og.SchemaError,  # the first problem's class
    )
    assert err.problems == (
        ("units[0].staff[0] (line 4, column 13)", "unit 'a': filled (2) exceeds seats (1)"),
        ("links[0].to (line 6, column 33)", "dotted link: unknown unit id 'ghost'"),
        ("links[1] (line 7, column 5)", "dotted link from 'a' to itself"),
    )
    assert err.place == "units[0].staff[0] (line 4, column 13)"
    assert err.ids == ("a",)
    assert "(and 2 more)" in str(err)


def test_graph_checks_run_on_what_is_valid(write_file: WriteFile) -> None:
    # A unit whose own data is wrong still takes part in the graph checks; one whose id
    # is wrong is left out (its children become roots rather than orphans), as are
    # links and parents naming an invalid id.
    err = load_error(
        write_file,
        """\
units:
  - id: a
    name: A
    staff: [{title: X, seats: -1}]
    units:
      - {id: b, nam: B, parent: c}
      - id: ""
        name: Blank
        units: [{id: d, name: D}]
  - {id: a, name: Again}
  - {id: e, name: E, parent: [x], responsibilities: [r, nope]}
  - {id: f, name: F, parent: f}
links:
  - {kind: dotted, from: a, to: ""}
  - {kind: sideways, from: a, to: ghost}
  - {kind: collaboration, from: b, to: ghost}
""",
        og.SchemaError,
    )
    places = [place.split(" (")[0] for place, _ in err.problems]
    assert places == [
        "units[0].staff[0].seats",
        "units[0].units[0].nam",
        "units[0].units[1].id",
        "units[2].parent",
        "links[0].to",
        "links[1].kind",
        # the graph checks, on the valid part ('d' under the blank id is a root)
        "units[0].units[0].parent",
        "units[1].id",
        "units[3].parent",
        "links[2].to",
        "units[2].responsibilities[0]",
        "units[2].responsibilities[1]",
    ]
    messages = [msg for _, msg in err.problems[6:]]
    assert messages == [
        "unit 'b' is nested under 'a' but says parent: 'c'; 'parent' is only for top-level units",
        "duplicate unit id 'a' (first at units[0] (line 2, column 5))",
        "unit 'f' would report to itself",
        "collaboration link: unknown unit id 'ghost'",
        "unit 'e': unknown responsibility id 'r'",
        "unit 'e': unknown responsibility id 'nope'",
    ]


def test_graph_problems_beside_units_nested_too_deeply_to_validate() -> None:
    doc = {**_nested_units(3000), "links": [{"kind": "dotted", "from": "u1", "to": "zz"}]}
    with pytest.raises(og.SchemaError) as info:
        og.from_dict(doc)
    err = info.value
    assert "nest too deeply" in err.message
    assert err.problems[0] == (err.place, err.message)
    assert err.problems[-1] == ("links[0].to", "dotted link: unknown unit id 'zz'")


def test_a_clean_schema_with_graph_problems_keeps_the_graph_class() -> None:
    with pytest.raises(og.LinkError) as info:
        og.loads("units: [{id: a, name: A}]\nlinks: [{kind: dotted, from: a, to: a}]")
    assert len(info.value.problems) == 1


# Seeded problems for the property below: each adds its own units and links (named with
# its number *i*, under the root 'r') and makes exactly one problem, schema or graph.
SEEDS: dict[str, Callable[[int], tuple[list[dict[str, object]], list[dict[str, object]]]]] = {
    "filled > seats": lambda i: (
        [
            {
                "id": f"p{i}",
                "name": "P",
                "parent": "r",
                "staff": [{"title": "x", "seats": 1, "filled": 2}],
            }
        ],
        [],
    ),
    "negative salary": lambda i: (
        [{"id": f"p{i}", "name": "P", "parent": "r", "head": {"title": "h", "salary": -1}}],
        [],
    ),
    "seats out of range": lambda i: (
        [{"id": f"p{i}", "name": "P", "parent": "r", "staff": [{"title": "x", "seats": 10**12}]}],
        [],
    ),
    "NaN measure": lambda i: (
        [{"id": f"p{i}", "name": "P", "parent": "r", "attrs": {"fte": float("nan")}}],
        [],
    ),
    "misspelt key": lambda i: ([{"id": f"p{i}", "name": "P", "parent": "r", "staf": []}], []),
    "no name": lambda i: ([{"id": f"p{i}", "parent": "r"}], []),
    "unknown link target": lambda i: ([], [{"kind": "dotted", "from": "r", "to": f"ghost{i}"}]),
    "self link": lambda i: (
        [{"id": f"p{i}", "name": "P", "parent": "r"}],
        [{"kind": "collaboration", "from": f"p{i}", "to": f"p{i}"}],
    ),
    "unknown parent": lambda i: ([{"id": f"p{i}", "name": "P", "parent": f"nowhere{i}"}], []),
    "own parent": lambda i: ([{"id": f"p{i}", "name": "P", "parent": f"p{i}"}], []),
    "cycle": lambda i: (
        [
            {"id": f"p{i}", "name": "P", "parent": f"q{i}"},
            {"id": f"q{i}", "name": "Q", "parent": f"p{i}"},
        ],
        [],
    ),
    "duplicate id": lambda i: (
        [{"id": f"p{i}", "name": "P", "parent": "r"}, {"id": f"p{i}", "name": "P2", "parent": "r"}],
        [],
    ),
    "unknown responsibility": lambda i: (
        [{"id": f"p{i}", "name": "P", "parent": "r", "responsibilities": [f"duty{i}"]}],
        [],
    ),
}


SCHEMA_SEEDS = {
    "filled > seats",
    "negative salary",
    "seats out of range",
    "NaN measure",
    "misspelt key",
    "no name",
}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(sorted(SEEDS)), max_size=12), st.booleans(), st.randoms())
def test_k_seeded_problems_are_k_problems(kinds: list[str], nest: bool, random: object) -> None:
    """Issue 10, defect 17: a document with k independent problems reports all k at once,
    whichever mix of schema and graph problems they are; the error is the first one's."""
    units: list[dict[str, object]] = []
    links: list[dict[str, object]] = []
    for i, kind in enumerate(kinds):
        more_units, more_links = SEEDS[kind](i)
        units += more_units
        links += more_links
    random.shuffle(units)  # type: ignore[attr-defined]
    root: dict[str, object] = {"id": "r", "name": "Root"}
    if nest:  # units reporting to the root written nested under it instead
        root["units"] = [
            {k: v for k, v in u.items() if k != "parent"} for u in units if u.get("parent") == "r"
        ]
        units = [u for u in units if u.get("parent") != "r"]
    doc = {"units": [root, *units], "links": links}
    if not kinds:
        assert len(og.from_dict(doc)) == 1
        return
    for load in (lambda: og.from_dict(doc), lambda: og.loads(yaml.safe_dump(doc))):
        with pytest.raises(og.OrgError) as info:
            load()
        err = info.value
        assert len(err.problems) == len(kinds), err
        assert (err.place, err.message) == err.problems[0]
        if SCHEMA_SEEDS.intersection(kinds):  # schema problems come first
            assert type(err) is og.SchemaError


def test_aliases_count_what_they_repeat_and_values_count_once() -> None:
    # A deep, wide document is not a bomb: its values are counted once each (the count
    # used to add every collection's nested size again at each level above it: here
    # 400 levels x 30,000 values, "more than 5,000,000").
    text = _block_yaml(200).replace(
        "name: level 199",
        f"name: level 199\n{' ' * 800}attrs: {{big: [{', '.join(['0'] * 30_000)}]}}",
    )
    org = og.loads(text)
    assert org.depth("u199") == 199
    assert len(org.unit("u199")["attrs"]["big"]) == 30_000
    # An anchored subtree repeated by aliases counts as often as it is repeated...
    shared = "[" + ", ".join(["x"] * 1000) + "]"
    text = (
        f"attrs: {{a: &a {shared}, b: [{', '.join(['*a'] * 900)}]}}\nunits: [{{id: u, name: U}}]\n"
    )
    assert len(og.loads(text).attrs["b"]) == 900
    # ...so that one alias more, past 5,000,000 values, is refused where it is.
    text = (
        f"attrs: {{a: &a {shared}, b: [{', '.join(['*a'] * 5000)}]}}\nunits: [{{id: u, name: U}}]\n"
    )
    with pytest.raises(og.ParseError, match="expands to more than 5,000,000 values") as info:
        og.loads(text)
    assert info.value.place is not None and info.value.place.startswith("line 1, column ")


def test_the_alias_bound_grows_with_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    # Past MAX_NODES, a document may hold one value per character: only aliases reach
    # more (200,000 generated units are ~5,000,000 values in 100 MB).
    monkeypatch.setattr(parse, "MAX_NODES", 1_000)
    many = "attrs: {big: [" + ", ".join(["0"] * 3_000) + "]}\nunits: [{id: u, name: U}]\n"
    assert len(og.loads(many).attrs["big"]) == 3_000
    shared = "[" + ", ".join(["x"] * 300) + "]"
    bomb = (
        f"attrs: {{a: &a {shared}, b: [{', '.join(['*a'] * 100)}]}}\nunits: [{{id: u, name: U}}]\n"
    )
    with pytest.raises(og.ParseError, match=f"more than {len(bomb):,} values"):
        og.loads(bomb)


@pytest.mark.parametrize(
    ("text", "place", "shown"),
    [
        ('units:\n  - id: a\n    name: "A\x00"\n', "line 3, column 13", "U+0000 (NUL)"),
        ("units:\n  - id: a\n    name: A\x00\n", "line 3, column 12", "U+0000 (NUL)"),
        ("\x00\x00\x00", "line 1, column 1", "U+0000 (NUL)"),
        ("units:\n - {id: é, name: 名\x07}\n", "line 2, column 19", "U+0007 (BEL)"),
        ("units:\n - {id: a, name: \ufffe}\n", "line 2, column 18", "U+FFFE"),
    ],
)
def test_characters_yaml_refuses_are_located(
    write_file: WriteFile, text: str, place: str, shown: str
) -> None:
    err = load_error(write_file, text, og.ParseError)
    assert err.place == place
    assert shown in err.message and "not allowed in YAML" in err.message


@pytest.mark.parametrize(
    ("text", "fmt", "place", "shown"),
    [
        ('{"units": [{"id": "a", "name": "a\\ud800"}]}', "json", "line 1, column 34", "\\ud800"),
        ('{"units": [{"id": "a",\n "name": "\\uDC00b"}]}', "json", "line 2, column 11", "\\uDC00"),
        ('{"units": [{"id": "a", "name": "a", "attrs": {"\\ud83d": 1}}]}', "json", None, "\\ud83d"),
        ('{"units": [{"id": "a", "name": "\\ud83d\\ud83d\\ude00"}]}', "json", None, "\\ud83d"),
        ('{"units": [{"id": "a", "name": "a\ud800"}]}', "json", "line 1, column 34", "\\ud800"),
        ("units: [{id: a, name: b\udfff}]", "yaml", "line 1, column 24", "\\udfff"),
    ],
)
def test_lone_surrogates_are_refused_where_they_are(
    text: str, fmt: str, place: str | None, shown: str
) -> None:
    # Half a UTF-16 pair is no character: it used to load, then break every writer.
    with pytest.raises(og.ParseError) as info:
        og.loads(text, fmt)
    assert info.value.message.startswith(f"a lone surrogate {shown} is not a character")
    assert info.value.place is not None and LINE_COL.fullmatch(info.value.place)
    if place is not None:
        assert info.value.place == place


def test_surrogate_pairs_and_escaped_backslashes_are_fine() -> None:
    org = og.loads('{"units": [{"id": "a", "name": "\\ud83d\\ude00 \\\\ud800"}]}', "json")
    assert org.name("a") == "\U0001f600 \\ud800"
    assert og.loads(og.dumps(org, "json"), "json") == org


def test_escaped_surrogates_in_a_file_name_the_file(write_file: WriteFile) -> None:
    err = load_error(
        write_file, b'{"units": [{"id": "a", "name": "\\ud800"}]}', og.ParseError, "org.json"
    )
    assert err.place == "line 1, column 33"


# -- attrs: plain data only ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "where", "found"),
    [
        (object(), "units[0].attrs.x", "object <object object at"),
        ({1, 2}, "units[0].attrs.x", "set {1, 2}"),
        (b"hi", "units[0].attrs.x", "bytes b'hi'"),
        ((1, 2), "units[0].attrs.x", "tuple (1, 2)"),
        ([1, {"y": frozenset()}], "units[0].attrs.x[1].y", "frozenset frozenset()"),
    ],
)
def test_attrs_that_are_not_plain_data_are_schema_errors(
    value: object, where: str, found: str
) -> None:
    # They used to load, then fail in dumps with yaml's RepresenterError.
    with pytest.raises(og.SchemaError) as info:
        og.from_dict({"units": [{"id": "a", "name": "A", "attrs": {"x": value}}]})
    assert info.value.place == where
    assert info.value.message.startswith(f"{found}")
    assert "is not plain data; allowed: text, numbers" in info.value.message
    assert "(str, int, float, bool, None, datetime.date, list, dict)" in info.value.message
    assert info.value.ids == ("a",)


def test_non_finite_attrs_and_odd_keys_are_schema_errors_with_their_paths() -> None:
    data = {
        "attrs": {"budget": float("inf")},
        "units": [{"id": "a", "name": "A", "attrs": {"fte": float("nan"), "m": {(1,): 2}}}],
        "changes": [{"op": "rename", "unit": "a", "details": {"x": {3}}}],
    }
    with pytest.raises(og.SchemaError) as info:
        og.from_dict(data)
    # The schema refuses the non-finite numbers (with the figures' range checks)...
    places = [place for place, _ in info.value.problems]
    assert places[:1] == ["units[0].attrs.fte"] and "attrs.budget" in places
    assert "finite" in info.value.problems[0][1]
    # ... and, once they are fixed, the data that is not plain is found with its paths.
    data["attrs"] = {"budget": 1}
    data["units"][0]["attrs"]["fte"] = 1.0  # type: ignore[index]
    with pytest.raises(og.SchemaError) as info:
        og.from_dict(data)
    assert [place for place, _ in info.value.problems] == [
        "units[0].attrs.m",
        "changes[0].details.x",
    ]
    assert info.value.problems[0][1] == "the key (1,) (tuple) must be text or a finite number"


def test_yaml_attrs_that_are_not_plain_data_are_located(write_file: WriteFile) -> None:
    err = load_error(
        write_file,
        "units:\n  - id: a\n    name: A\n    attrs: {x: 1, blob: !!binary aGk=, s: !!set {a}}\n",
        og.SchemaError,
    )
    assert [place for place, _ in err.problems] == [
        "units[0].attrs.blob (line 4, column 25)",
        "units[0].attrs.s (line 4, column 43)",
    ]


def test_plain_attrs_of_every_kind_still_load() -> None:
    attrs = {"t": "x", "i": -3, "f": 1.5, "b": True, "n": None, "d": "2020-01-01"}
    attrs |= {"l": [1, [2, {"k": None}]], "m": {"a": {"b": []}, 1: "one"}}
    org = og.from_dict({"units": [{"id": "a", "name": "A", "attrs": attrs}]})
    assert og.loads(og.dumps(org)) == org
    dated = og.loads("units: [{id: a, name: A, attrs: {d: 2020-01-01, t: 2020-01-01 10:00:00}}]")
    assert og.loads(og.dumps(dated)) == dated


def test_warnings_point_at_the_line_of_the_caller() -> None:
    """A warning found deep in the build names the user's line, not orggraph's."""
    import warnings

    doc = "units: [{id: a, name: A}, {id: b, name: B}]"  # two roots: a warning
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        og.loads(doc)
        line = sys._getframe().f_lineno - 1
    found = [w for w in caught if issubclass(w.category, og.OrgWarning)]
    assert found and "2 roots" in str(found[0].message)
    assert (found[0].filename, found[0].lineno) == (__file__, line)


def test_derived_organisations_do_not_repeat_their_sources_warnings() -> None:
    """A reorganisation, a subtree or a date of an organisation does not warn again of
    what loading it warned of (the keys in org.warned); each warning is said once."""
    import warnings

    from orggraph.ops import reorg

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        org = og.loads("units: [{id: a, name: A}, {id: b, name: B, units: [{id: c, name: C}]}]")
        moved = reorg.move(org, "c", "a")
        part = moved.subtree("a")
        dated = moved.as_of("2027-01-01")
    said = [str(w.message) for w in caught if issubclass(w.category, og.OrgWarning)]
    assert said == ["the organisation has 2 roots (a, b)"]
    assert org.warned == moved.warned == ("the organisation has 2 roots (a, b)",)
    assert part.warned == () and dated.units() == moved.units()
