"""The file format as pydantic models: the single source of validation.

:func:`validate` turns plain data (from YAML, JSON or Python) into an :class:`OrgFile`
or raises :class:`~orggraph.errors.SchemaError` listing every problem with its path.

>>> doc = validate({"units": [{"id": "a", "name": "A", "staf": []}]})
Traceback (most recent call last):
...
orggraph.errors.SchemaError: units[0].staf: unit 'a': unknown key 'staf' (did you mean 'staff'?)
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from orggraph.core.fields import (
    Count,
    Data,
    Fte,
    Id,
    IsoDate,
    Money,
    NameField,
    PostFte,
    Text,
    check_id,
    check_iso_date,
    short,
    whole_text,
)
from orggraph.core.people import Role
from orggraph.core.rollup import Period
from orggraph.errors import SchemaError, close_matches, did_you_mean

__all__ = [
    "Assignment",
    "Band",
    "ChangeRecord",
    "IsoDate",
    "Link",
    "Move",
    "OrgFile",
    "Person",
    "Post",
    "Rename",
    "Responsibility",
    "Unit",
    "check_id",
    "check_iso_date",
    "is_dated",
    "json_schema",
    "validate",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=False)


class Band(_Model):
    """A salary band: the pay of one seat lies between ``min`` and ``max``."""

    min: Money
    max: Money

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"the band's min ({self.min}) exceeds its max ({self.max})")
        return self


# The three dates of a dated fact, declared last in each model (error messages list the
# older keys first). From inclusive, to exclusive; recorded absent: always known.
_FROM = "in force from this date (inclusive)"
_TO = "in force until this date (exclusive)"
_RECORDED = "the date this was recorded (absent: always known)"


class Assignment(_Model):
    """A declared person in a post: how much of their time, and in what role."""

    person: Id
    fte: Fte = Field(None, description="the share of a full-time job, > 0 and at most 1")
    role: Role = "primary"
    note: NameField | None = None
    valid_from: IsoDate = Field(None, description=_FROM)
    valid_to: IsoDate = Field(None, description=_TO)
    recorded: IsoDate = Field(None, description=_RECORDED)

    @field_validator("fte")
    @classmethod
    def _at_most_one(cls, fte: float | None) -> float | None:
        if fte is not None and fte > 1:
            raise ValueError(f"one person holds at most 1 FTE of a post, not {fte}")
        return fte


def _holder(value: Any) -> Any:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("a holder's name must not be empty")
        return whole_text(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # a numeric employee id
    raise ValueError(
        f"a holder is a name, a person id or {{person: ID, fte: 0.5, role: acting}}, not {value!r}"
    )


def _holder_kind(value: Any) -> str:
    return "holder-assignment" if isinstance(value, (Mapping, Assignment)) else "holder-name"


# A tagged union: an error inside an assignment is reported there, not once per branch.
def _salary_kind(value: Any) -> str:
    return "salary-band" if isinstance(value, (Mapping, Band)) else "salary-number"


# A number or a band: tagged, so a wrong number is reported as one, not once per branch.
Salary = Annotated[
    Union[  # noqa: UP007
        Annotated[Money, Tag("salary-number")],
        Annotated[Band, Tag("salary-band")],
    ],
    Discriminator(_salary_kind),
]

Holder = Annotated[
    Union[  # noqa: UP007
        Annotated[str, BeforeValidator(_holder), Tag("holder-name")],
        Annotated[Assignment, Tag("holder-assignment")],
    ],
    Discriminator(_holder_kind),
]
_TAGS = ("holder-name", "holder-assignment", "salary-number", "salary-band")


class Post(_Model):
    """A post in a unit: its title, planned seats, salary per seat, pay scheme, holders."""

    id: Id | None = Field(None, description="unique among posts; default <unit>#head, <unit>#<n>")
    kind: Literal["head", "staff", "assistant"] | None = Field(
        None, description="head (the head post), staff (default) or assistant (beside the head)"
    )
    title: NameField
    grade: Text | None = None
    seats: Count = Field(1, description="planned headcount; absent means 1, null means unknown")
    filled: Count = Field(None, description="seats currently filled; absent means unknown")
    salary: Salary = Field(
        None, description="salary per seat (a number or a band {min, max}); absent: unknown"
    )
    salary_period: Period | None = Field(None, description="month or year; default: the org's")
    pay: Text | None = Field(None, description="pay scheme, e.g. commission, bonus, fixed")
    fte: PostFte = Field(
        None, description="the post's planned FTE in total (>= 0); absent: seats x 1"
    )
    counts: bool = Field(True, description="false: holders are not employees (board, contractors)")
    status: Literal["active", "eliminated"] = "active"
    holders: list[Holder] | None = Field(
        None, description="names or person ids or assignments; [] is vacant, absent unknown"
    )
    attrs: Data = Field(default_factory=dict)
    valid_from: IsoDate = Field(None, description=_FROM)
    valid_to: IsoDate = Field(None, description=_TO)
    recorded: IsoDate = Field(None, description=_RECORDED)

    @model_validator(mode="after")
    def _filled_within_seats(self) -> Post:
        if self.filled is not None and self.seats is not None and self.filled > self.seats:
            raise ValueError(f"filled ({self.filled}) exceeds seats ({self.seats})")
        return self


class _Step(_Model):
    """A dated step of a unit (a move or a rename): its ``valid_from`` cannot be null,
    since a step with no day cannot be placed in time."""

    _what: ClassVar[str]

    @field_validator("valid_from", check_fields=False)
    @classmethod
    def _dated(cls, value: str | None) -> str | None:
        if value is None:
            raise ValueError(f"{cls._what} needs a date (YYYY-MM-DD), not null")
        return value


class Move(_Step):
    """A dated change of a unit's parent: from ``valid_from`` on it reports to ``parent``
    (``null``: it becomes a root)."""

    _what = "a move"
    parent: Id | None
    valid_from: IsoDate = Field(description="the first day under the new parent")
    recorded: IsoDate = Field(None, description="the date the move was recorded")


class Rename(_Step):
    """A dated change of a unit's name: from ``valid_from`` on it is called ``name``."""

    _what = "a rename"
    name: NameField
    valid_from: IsoDate = Field(description="the first day of the new name")
    recorded: IsoDate = Field(None, description="the date the rename was recorded")


class Unit(_Model):
    """A box of the chart: company, office, department, group or team."""

    id: Id
    name: NameField
    type: Text | None = Field(None, description="company, executive, department, group, team, ...")
    aliases: list[NameField] = Field(default_factory=list)
    description: NameField | None = None
    head: Post | None = None
    staff: list[Post] = Field(default_factory=list)
    responsibilities: list[Id] = Field(default_factory=list)
    attrs: Data = Field(default_factory=dict)
    parent: Id | None = Field(
        None, description="only on top-level units: the unit this one reports to"
    )
    units: list[Unit] = Field(default_factory=list)
    moves: list[Move] = Field(
        default_factory=list, description="dated changes of parent, after parent/nesting"
    )
    renames: list[Rename] = Field(default_factory=list, description="dated changes of name")
    valid_from: IsoDate = Field(None, description=_FROM)
    valid_to: IsoDate = Field(None, description=_TO)
    recorded: IsoDate = Field(None, description=_RECORDED)


class Person(_Model):
    """Someone who holds posts: declared once, referred to by id from ``holders``."""

    id: Id
    name: NameField
    email: Text | None = None
    photo: Text | None = Field(None, description="a path or URL; never fetched by orggraph")
    attrs: Data = Field(default_factory=dict)


class Responsibility(_Model):
    """A duty, declared once and owned by one or more units."""

    id: Id
    name: NameField
    description: NameField | None = None


class Link(_Model):
    """A dotted-line (matrix) reporting line or a collaboration between two units."""

    kind: Literal["dotted", "collaboration"]
    from_: Id = Field(alias="from")
    to: Id
    relation: NameField | None = None
    mutual: bool = False
    valid_from: IsoDate = Field(None, description=_FROM)
    valid_to: IsoDate = Field(None, description=_TO)
    recorded: IsoDate = Field(None, description=_RECORDED)


def _check_date(value: Any) -> Any:
    # YAML reads 2025-06-01 as a date; keep dates as ISO text so JSON can carry them too.
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"a date must be text such as 2025-06-01, not {value!r}")
    return value


class ChangeRecord(_Model):
    """One entry of the change log: a reorganisation step (see :mod:`orggraph.ops.reorg`).

    Its ids are history: they need not exist in the organisation any more.
    """

    op: Literal["add_unit", "merge", "move", "remove_unit", "rename", "set_staff", "split"]
    unit: Id | None = Field(None, description="the unit the operation acted on")
    from_: list[Id] = Field(default_factory=list, alias="from", description="units before")
    into: list[Id] = Field(default_factory=list, description="units after")
    details: Data = Field(default_factory=dict)
    note: NameField | None = None
    date: Annotated[str | None, BeforeValidator(_check_date)] = None
    effective: IsoDate = Field(None, description="in force from this day (inclusive)")
    recorded: IsoDate = Field(None, description=_RECORDED)


class OrgFile(_Model):
    """A whole organisation file."""

    org: NameField | None = None
    lang: list[Text] = Field(default_factory=list)
    currency: Text | None = Field(None, description="the currency of salaries, e.g. CNY, GBP")
    salary_period: Period = Field("month", description="the period of salaries: month or year")
    people: list[Person] = Field(default_factory=list)
    units: list[Unit] = Field(description="the top-level units (usually one root); at least one")
    responsibilities: list[Responsibility] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    attrs: Data = Field(default_factory=dict)
    changes: list[ChangeRecord] = Field(
        default_factory=list, description="the change log: reorganisation steps, oldest first"
    )

    @field_validator("units")
    @classmethod
    def _has_units(cls, units: list[Unit]) -> list[Unit]:
        if not units:
            raise ValueError("an organisation needs at least one unit")
        return units


# Which model a key of a model leads to, for did-you-mean on misspelt keys.
_CHILD: dict[type[BaseModel], dict[str, type[BaseModel]]] = {
    OrgFile: {
        "units": Unit,
        "responsibilities": Responsibility,
        "links": Link,
        "changes": ChangeRecord,
        "people": Person,
    },
    Unit: {"units": Unit, "head": Post, "staff": Post, "moves": Move, "renames": Rename},
    Post: {"holders": Assignment, "salary": Band},
}


def _fields(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] | None = OrgFile
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        model = _CHILD.get(model, {}).get(part)
    return model


def path_str(loc: tuple[int | str, ...]) -> str:
    """``("units", 0, "staff", 1, "seats")`` -> ``units[0].staff[1].seats``.

    >>> path_str(("units", 0, "staff", 1, "seats"))
    'units[0].staff[1].seats'
    """
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _problems(exc: ValidationError) -> list[tuple[tuple[int | str, ...], str]]:
    errors = exc.errors(include_url=False)
    # A misspelt required key gives two errors ("unknown key 'form'" and "required key
    # 'from' is missing"); keep only the first, which carries the did-you-mean.
    guessed: dict[tuple[int | str, ...], str] = {}
    for err in errors:  # a holder's union tag is not a place in the file
        err["loc"] = tuple(p for p in err["loc"] if p not in _TAGS)
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "extra_forbidden":
            model = _model_at(loc[:-1])
            guess = close_matches(str(loc[-1]), _fields(model) if model else [], n=1)
            if guess:
                target = (*loc[:-1], guess[0])
                guessed[target] = str(loc[-1])
    found = []
    for err in errors:
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            key = loc[-1]
            model = _model_at(loc[:-1])
            valid = _fields(model) if model else []
            hint = did_you_mean(str(key), valid, n=1)
            msg = f"unknown key {key!r}{hint or '; valid keys: ' + ', '.join(valid)}"
        elif kind == "missing":
            if loc in guessed:
                continue
            msg = f"required key {loc[-1]!r} is missing"
        elif kind == "value_error":
            msg = str(err["msg"]).removeprefix("Value error, ")
        elif kind == "literal_error":
            msg = f"{short(err['input'])} is not valid; choose one of {err['ctx']['expected']}"
        elif kind == "recursion_depth_exceeded":
            msg = "units nest too deeply to validate; write the deeper units flat, with parent:"
        else:
            msg = f"{err['msg']}, got {short(err['input'])}" if "input" in err else str(err["msg"])
        found.append((loc, msg))
    return found


def validate(data: Any, *, file: str | None = None, locate: Any = None) -> OrgFile:
    """Validate plain data against the format; raise :class:`SchemaError` on any problem.

    *locate*, when given, maps a path tuple to a ``"line L, column C"`` string.
    """
    if not isinstance(data, Mapping):
        raise SchemaError(
            f"the top level must be a mapping with keys such as 'units', not {type(data).__name__}",
            file=file,
            place="line 1" if locate else None,
        )
    try:
        return OrgFile.model_validate(data)
    except ValidationError as exc:
        found = _problems(exc)
        problems = []
        for loc, msg in found:
            place = path_str(loc) or "top level"
            where = locate(loc) if locate else None
            who = _who(data, loc)
            problems.append(
                (f"{place} ({where})" if where else place, f"{who}: {msg}" if who else msg)
            )
        place, msg = problems[0]
        ids = _ids_along(data, found[0][0])
        raise SchemaError(msg, file=file, place=place, ids=ids, problems=problems) from None
    except RecursionError:
        raise SchemaError("the document nests too deeply to validate", file=file) from None


_WHO = {"units": "unit", "responsibilities": "responsibility", "people": "person"}


def _who(data: Any, loc: tuple[int | str, ...]) -> str | None:
    """The innermost unit, responsibility or link on the way to *loc*, for messages."""
    who = None
    node = data
    for prev, part in zip((None, *loc), loc, strict=False):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if not isinstance(node, Mapping) or not isinstance(part, int):
            continue
        if prev in _WHO and isinstance(node.get("id"), (str, int)):
            who = f"{_WHO[prev]} {str(node['id'])!r}"
        elif prev == "links":
            src, dst = (
                repr(str(node[k])) if isinstance(node.get(k), (str, int)) else None
                for k in ("from", "to")
            )
            who = (
                f"link {src} -> {dst}"
                if src and dst
                else f"link from {src}"
                if src
                else f"link to {dst}"
                if dst
                else None
            )
    return who


def _ids_along(data: Any, loc: tuple[int | str, ...]) -> list[str]:
    """The ids of the units (or links' ends) on the way to *loc*, innermost last."""
    ids: list[str] = []
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, Mapping) and isinstance(node.get("id"), (str, int)):
            ids.append(str(node["id"]))
        elif isinstance(node, Mapping) and "kind" in node:  # a link: name its ends
            ids.extend(str(node[k]) for k in ("from", "to") if isinstance(node.get(k), (str, int)))
    return ids


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the file format.

    >>> schema = json_schema()
    >>> schema["title"], sorted(schema["properties"])[:3]
    ('OrgFile', ['attrs', 'changes', 'currency'])
    """
    schema = OrgFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def is_dated(doc: OrgFile) -> bool:
    """Whether any unit, post, holder or link of the validated *doc* carries a date, a
    move or a rename."""

    def dated(fact: Any) -> bool:
        return fact.valid_from is not None or fact.valid_to is not None or fact.recorded is not None

    if any(dated(link) for link in doc.links):
        return True
    stack = list(doc.units)
    while stack:
        unit = stack.pop()
        if dated(unit) or unit.moves or unit.renames:
            return True
        for post in (*((unit.head,) if unit.head else ()), *unit.staff):
            if dated(post) or any(not isinstance(h, str) and dated(h) for h in post.holders or ()):
                return True
        stack.extend(unit.units)
    return False
