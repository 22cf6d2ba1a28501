"""Rows: the table type orggraph's tabular results share (analyses, rollup tables,
diffs): a list of plain dicts with named columns, as text, records, a DataFrame, HTML in
notebooks, and a plot where one fits."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from orggraph.core.upper import upper
from orggraph.errors import MissingDependencyError, OrgError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from orggraph.core.org import Org

__all__ = ["PANDAS_HINT", "Rows", "cell_width", "fit_width"]

PANDAS_HINT = "pip install 'orggraph[pandas]'"


# -- Rows ---------------------------------------------------------------------------------


class Rows(list[dict[str, Any]]):
    """The result of an analysis: a list of plain dicts, one per row.

    ``columns`` names the keys of each row, in order; ``kind`` is the name of the
    analysis that made it; ``org`` and ``options`` are what it was computed from (they
    let :meth:`plot` draw the matching chart). ``str(rows)`` is a text table.

    >>> rows = Rows([{"unit": "a", "span": 2}], columns=("unit", "span"), kind="example")
    >>> rows == [{"unit": "a", "span": 2}], rows.columns
    (True, ('unit', 'span'))
    >>> print(rows)
    unit  span
    ----  ----
    a        2
    """

    def __init__(
        self,
        rows: Iterable[dict[str, Any]] = (),
        *,
        columns: Sequence[str],
        kind: str,
        org: Org | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(rows)
        self.columns = tuple(columns)
        self.kind = kind
        self.org = org
        self.options = dict(options or {})

    def to_dataframe(self) -> Any:
        """The rows as a pandas ``DataFrame`` with :attr:`columns` (needs pandas).

        Raises :class:`orggraph.MissingDependencyError` when pandas is not installed.
        """
        import importlib

        try:
            pd = importlib.import_module("pandas")
        except ImportError:
            raise MissingDependencyError(f"to_dataframe needs pandas: {PANDAS_HINT}") from None
        return pd.DataFrame([dict(r) for r in self], columns=list(self.columns))

    def select(self, *columns: str) -> Rows:
        """The same rows with only *columns*, in that order (for reading wide tables).

        >>> rows = Rows([{"a": 1, "b": 2}], columns=("a", "b"), kind="example")
        >>> rows.select("b")
        [{'b': 2}]
        >>> rows.select("c")
        Traceback (most recent call last):
        ...
        orggraph.errors.OrgError: unknown column 'c'; choose from a, b
        """
        for c in columns:
            if c not in self.columns:
                raise OrgError(
                    f"unknown column {c!r}; choose from {', '.join(self.columns)}",
                    choices=self.columns,
                )
        return Rows(
            ({c: r[c] for c in columns} for r in self),
            columns=columns,
            kind=self.kind,
            org=self.org,
            options=self.options,
        )

    def to_records(self) -> list[dict[str, Any]]:
        """The rows as a plain ``list`` of new dicts (for JSON and CSV writers)."""
        return [{c: r.get(c) for c in self.columns} for r in self]

    def plot(self, **options: Any) -> Figure:
        """Draw the chart of this analysis; see :mod:`orggraph.render.analysis_plots`.

        *options* override those the analysis was run with (``lang=``, ``band=``,
        ``top=``, ``ax=``, ...). Returns the matplotlib ``Figure``.
        """
        plot: Any = upper("orggraph.render.analysis_plots", "plot")
        return plot(self, **options)  # type: ignore[no-any-return]

    def to_text(self) -> str:
        """The rows as an aligned text table (lists joined by commas, ``x`` for true)."""
        header = list(self.columns)
        body = [[_cell(r.get(c)) for c in header] for r in self]
        numeric = [
            bool(self)
            and all(
                isinstance(r.get(c), (int, float)) and not isinstance(r.get(c), bool) for r in self
            )
            for c in header
        ]
        widths = [max(cell_width(line[i]) for line in [header, *body]) for i in range(len(header))]
        lines = []
        for line in [header, ["-" * w for w in widths], *body]:
            cells = [
                _pad(cell, w, right=num) for cell, w, num in zip(line, widths, numeric, strict=True)
            ]
            lines.append("  ".join(cells).rstrip())
        if not self:
            lines.append("(none)")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """A notebook shows the rows as an HTML table (every cell escaped)."""
        import html

        cells = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.columns)
        body = "".join(
            "<tr>"
            + "".join(f"<td>{html.escape(_cell(r.get(c)))}</td>" for c in self.columns)
            + "</tr>"
            for r in self
        )
        return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"

    def __str__(self) -> str:
        return self.to_text()


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def cell_width(s: str) -> int:
    """Terminal columns: East Asian wide and fullwidth characters count 2."""
    if s.isascii():
        return len(s)
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in s
    )


def fit_width(s: str, width: int, *, strip: str = "") -> str:
    """*s* cut to *width* terminal columns (:func:`cell_width`), ending in an ellipsis
    when cut; *strip* lists the characters taken off the cut end before the ellipsis.

    >>> fit_width("Research and development", 10), fit_width("组织架构图", 7)
    ('Research …', '组织架…')
    >>> fit_width("Research and development", 10, strip=" ")
    'Research…'
    """
    if cell_width(s) <= width:
        return s
    out = ""
    for ch in s:
        if cell_width(out + ch) > width - 1:
            break
        out += ch
    return out.rstrip(strip) + "…"


def _pad(s: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(0, width - cell_width(s))
    return fill + s if right else s + fill
