"""The change log's record: :class:`Change`, one reorganisation step, kept on the
organisation it produced (W3C ORG's ``org:ChangeEvent``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from orggraph.errors import (
    SchemaError,
)
from orggraph.names import Name, text

if TYPE_CHECKING:
    from orggraph.core.schema import ChangeRecord


__all__ = ["Change"]


@dataclass(frozen=True)
class Change:
    """One reorganisation step, as the change log records it.

    ``op`` is the operation; ``unit`` the unit it acted on; ``from_`` and ``into`` the
    units before and after (for a move: the old and the new parent; for a split: the
    split unit and the new ones; for a merge: the merged units and the result);
    ``details`` says what went where, as plain data; ``note`` and ``date`` are free;
    ``effective`` is the ISO day the step is in force from and ``recorded`` the day it
    was recorded (carried by the file format; applying them is issue 15's item 3).
    Ids are history: they need not exist in today's organisation.

    >>> c = Change("merge", unit="ab", from_=("a", "b"), into=("ab",), date="2025-06-01")
    >>> c.to_dict()
    {'op': 'merge', 'unit': 'ab', 'from': ['a', 'b'], 'into': ['ab'], 'date': '2025-06-01'}
    >>> Change.from_dict(c.to_dict()) == c, str(c)
    (True, 'merge a, b into ab')
    """

    op: str
    unit: str | None = None
    from_: tuple[str, ...] = ()
    into: tuple[str, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)
    note: Name | None = None
    date: str | None = None
    # In force from this day, and recorded on this day (ISO text; see docs/format.md).
    effective: str | None = None
    recorded: str | None = None

    def __hash__(self) -> int:  # details and note may hold dicts
        return hash((self.op, self.unit, self.from_, self.into, self.date))

    def __repr__(self) -> str:
        parts = [f"op={self.op!r}"]
        for key in ("unit", "from_", "into", "details", "note", "date", "effective", "recorded"):
            value = getattr(self, key)
            if value:
                parts.append(f"{key}={value!r}")
        return f"Change({', '.join(parts)})"

    def __str__(self) -> str:
        u, f, i = self.unit, ", ".join(self.from_), ", ".join(self.into)
        if self.op == "move":
            return f"move {u} from {f or '(top level)'} to {i or '(top level)'}"
        if self.op == "split":
            return f"split {u} into {i}"
        if self.op == "merge":
            return f"merge {f} into {i}"
        if self.op == "rename":
            name = self.details.get("name")
            names = f"{_name_text(name['old'])!r} -> {_name_text(name['new'])!r}" if name else ""
            if f and i and f != i:
                return f"rename {f} -> {i}" + (f" ({names})" if names else "")
            return f"rename {u}: {names}"
        if self.op == "add_unit":
            return f"add_unit {u} under {i}" if i else f"add_unit {u} (top level)"
        if self.op == "remove_unit":
            return f"remove_unit {u}" + (f" (reassigned to {i})" if i else "")
        return f"{self.op} {u}"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the file format's ``changes:`` list (empty fields left out)."""
        out: dict[str, Any] = {"op": self.op}
        if self.unit is not None:
            out["unit"] = self.unit
        if self.from_:
            out["from"] = list(self.from_)
        if self.into:
            out["into"] = list(self.into)
        if self.details:
            out["details"] = _plain(self.details)
        if self.note is not None:
            out["note"] = self.note
        for key in ("date", "effective", "recorded"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        """Validate one ``changes:`` entry (plain data) and build a ``Change``."""
        from orggraph.core.schema import validate

        doc = validate({"units": [{"id": "_", "name": "_"}], "changes": [dict(data)]})
        return cls.from_record(doc.changes[0])

    @classmethod
    def from_record(cls, record: ChangeRecord) -> Change:
        """From the validated schema model (what :func:`orggraph.from_dict` reads)."""
        return cls(
            op=record.op,
            unit=record.unit,
            from_=tuple(record.from_),
            into=tuple(record.into),
            details=dict(record.details),
            note=record.note,
            date=record.date,
            effective=record.effective,
            recorded=record.recorded,
        )


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _name_text(name: Any) -> str:
    return text(name) if isinstance(name, (str, Mapping)) else str(name)


def iso_date(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        raise SchemaError(f"date must be text such as 2025-06-01, not {value!r}")
    return value
