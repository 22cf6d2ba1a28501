"""Scenarios: a list of operations in Python or in a YAML/JSON file, applied in order."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orggraph.core.history import iso_date
from orggraph.errors import OrgError, SchemaError, did_you_mean

if TYPE_CHECKING:
    from orggraph.core.org import Org
from orggraph.ops.reorg.operations import add_unit, merge, move, remove_unit, rename, set_staff
from orggraph.ops.reorg.splitting import split

__all__ = ["OPERATIONS", "apply", "apply_scenario", "load_scenario", "operation_dates"]

OPERATIONS = ("add_unit", "merge", "move", "remove_unit", "rename", "set_staff", "split")


# -- scenarios -------------------------------------------------------------------------------

_FUNCTIONS: dict[str, Callable[..., Org]] = {
    "add_unit": add_unit,
    "merge": merge,
    "move": move,
    "remove_unit": remove_unit,
    "rename": rename,
    "set_staff": set_staff,
    "split": split,
}
_SCENARIO_KEYS = ("name", "description", "date", "effective", "recorded", "operations")
# Keys a scenario gives every operation that does not give its own.
_DEFAULTS = ("date", "effective", "recorded")


def apply(org: Org, operation: Mapping[str, Any]) -> Org:
    """Apply one operation given as plain data: ``{"op": "move", "unit": ..., ...}``; the
    other keys are the operation's arguments, by name.

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]")
    >>> apply(org, {"op": "rename", "unit": "b", "name": "Bee"}).name("b")
    'Bee'
    >>> apply(org, {"op": "rename", "unit": "b", "nmae": "Bee"})
    Traceback (most recent call last):
    ...
    orggraph.errors.SchemaError: nmae: rename: unknown key 'nmae' (did you mean 'name'?); valid keys: op, unit, name, id, note, date, effective, recorded
    """
    if not isinstance(operation, Mapping):
        raise SchemaError(
            f"an operation is a mapping such as {{op: move, ...}}, not {operation!r:.60}"
        )
    op = operation.get("op")
    if op not in _FUNCTIONS:
        what = (
            "missing 'op'"
            if op is None
            else f"unknown op {op!r}{did_you_mean(str(op), OPERATIONS)}"
        )
        raise SchemaError(
            f"{what}; choose one of {', '.join(OPERATIONS)}", place="op", choices=OPERATIONS
        )
    func = _FUNCTIONS[op]
    params = list(inspect.signature(func).parameters.values())[1:]
    names = [p.name for p in params]
    valid = ["op", *names]
    args = {k: v for k, v in operation.items() if k != "op"}
    for key in args:
        if key not in names:
            raise SchemaError(
                f"{op}: unknown key {key!r}{did_you_mean(str(key), names)}; valid keys: "
                f"{', '.join(valid)}",
                place=str(key),
                choices=valid,
            )
    for p in params:
        if p.default is inspect.Parameter.empty and p.name not in args:
            raise SchemaError(f"{op}: required key {p.name!r} is missing", place=p.name)
    return func(org, **args)


def load_scenario(path: str | Path, *, max_bytes: int | None = None) -> dict[str, Any]:
    """Read a scenario file (YAML or JSON): ``{operations: [...], name:, date:, ...}``;
    a regular file of at most *max_bytes* bytes (see :mod:`orggraph.io.sources`)."""
    from orggraph.errors import ParseError
    from orggraph.io.parse import decode, parse_text
    from orggraph.io.sources import read_bytes

    file = str(path)
    fmt = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}.get(Path(path).suffix.lower())
    if fmt is None:
        raise ParseError("a scenario is a .yaml, .yml or .json file", file=file)
    raw = read_bytes(path, max_bytes=max_bytes)
    data = parse_text(decode(raw, file=file), fmt, file=file)
    if not isinstance(data, Mapping):
        raise SchemaError("a scenario is a mapping with an 'operations' list", file=file)
    return dict(data)


def apply_scenario(
    org: Org,
    scenario: str | Path | Mapping[str, Any] | Sequence[Mapping[str, Any]],
    *,
    max_bytes: int | None = None,
    effective: Any = None,
    recorded: Any = None,
) -> Org:
    """Apply the operations of *scenario*, in order: a file (YAML or JSON), a mapping with
    an ``operations`` list (and optional ``name``, ``description`` and a default
    ``date``, ``effective`` and ``recorded`` for the operations that give none), or a
    bare list of operations. With ``effective`` the operations add dated changes from
    that day on (:mod:`orggraph.ops.reorg.dating`) instead of rewriting the present.
    Errors name the operation (``operations[2]``) and, for a file, the file and line. A file is read as
    :func:`load_scenario` reads it (at most *max_bytes* bytes). *effective* and
    *recorded*, when given, replace the scenario's own defaults (an operation's own
    still wins).

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]")
    >>> apply_scenario(org, [{"op": "move", "unit": "b", "new_parent": "c"}])
    Traceback (most recent call last):
    ...
    orggraph.errors.UnknownIdError: operations[0]: unknown parent id 'c'
    """
    file, data, locate = _read(scenario, max_bytes)
    defaults, operations = _parts(data, file)
    for key, value in (("effective", effective), ("recorded", recorded)):
        if value is not None:
            defaults[key] = iso_date(value, what=key, file=None, place=key)
    for i, operation in enumerate(operations):
        step = operation
        if defaults and isinstance(operation, Mapping):
            step = {**defaults, **operation}
        try:
            org = apply(org, step)
        except OrgError as err:
            raise _placed(err, i, file, locate) from err.__cause__  # its cause kept
    return org


Locate = Callable[[tuple[int | str, ...]], str | None]


def _read(scenario: Any, max_bytes: int | None) -> tuple[str | None, Any, Locate | None]:
    """The scenario's file (None for data), its data, and how to find a line in it."""
    if not isinstance(scenario, (str, Path)):
        return None, scenario, None
    from orggraph.io.parse import decode, locator
    from orggraph.io.sources import read_bytes

    file = str(scenario)
    data = load_scenario(scenario, max_bytes=max_bytes)
    fmt = "json" if file.lower().endswith(".json") else "yaml"
    return file, data, locator(decode(read_bytes(scenario, max_bytes=max_bytes), file=file), fmt)


def _parts(data: Any, file: str | None) -> tuple[dict[str, Any], Sequence[Any]]:
    """The defaults a scenario gives its operations (its dates checked), and the list of
    operations; a SchemaError for an unknown key or a missing or bad list."""
    defaults: dict[str, Any] = {}
    operations = data
    if isinstance(data, Mapping):
        for key in data:
            if key not in _SCENARIO_KEYS:
                raise SchemaError(
                    f"unknown key {key!r}{did_you_mean(str(key), _SCENARIO_KEYS)}; valid keys: "
                    f"{', '.join(_SCENARIO_KEYS)}",
                    file=file,
                    place=str(key),
                    choices=_SCENARIO_KEYS,
                )
        if "operations" not in data:
            raise SchemaError("required key 'operations' is missing", file=file, place="top level")
        defaults = {k: data[k] for k in _DEFAULTS if data.get(k) is not None}
        for key in ("effective", "recorded"):
            if key in defaults:
                defaults[key] = iso_date(defaults[key], what=key, file=file, place=key)
        operations = data["operations"]
    if isinstance(operations, (str, Mapping)) or not isinstance(operations, Iterable):
        raise SchemaError(
            "'operations' must be a list of operations", file=file, place="operations"
        )
    return defaults, list(operations)


def _placed(err: OrgError, i: int, file: str | None, locate: Locate | None) -> OrgError:
    """*err* of operation *i*, placed at ``operations[i]`` (and its line in *file*)."""
    where = f"operations[{i}]"
    line = locate(("operations", i)) if locate else None
    if line:
        where += f" ({line})"
    place = f"{where}.{err.place}" if err.place else where
    rest = [(f"{where}.{p}", m) for p, m in err.problems[1:]]
    return type(err).make(
        err.message,
        file=file or err.file,
        place=place,
        ids=err.ids,
        choices=err.choices,
        problems=[(place, err.message), *rest] if rest else (),
    )


def operation_dates(data: Any) -> list[bool]:
    """For each operation of a scenario's *data* (as :func:`load_scenario` reads it, or
    a list), whether it is dated: it, or the scenario, gives ``effective``.

    >>> operation_dates({"effective": "2027-01-01", "operations": [{"op": "move"}]})
    [True]
    >>> operation_dates([{"op": "move"}, {"op": "move", "effective": "2027-01-01"}])
    [False, True]
    """
    top = isinstance(data, Mapping) and data.get("effective") is not None
    operations = data.get("operations") if isinstance(data, Mapping) else data
    if isinstance(operations, (str, Mapping)) or not isinstance(operations, Iterable):
        return []
    return [
        top or (isinstance(op, Mapping) and op.get("effective") is not None) for op in operations
    ]
