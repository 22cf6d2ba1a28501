"""Excel workbooks (.xlsx) as tables: a sheet read by its cells, every damaged workbook a ParseError naming the file."""

from __future__ import annotations

import io
from array import array
from typing import TYPE_CHECKING, Any

from typing_extensions import Unpack

from orggraph.errors import MissingDependencyError, OrgError, ParseError
from orggraph.io.columns import Columns, check_columns
from orggraph.io.sources import Source, read_source, source_name
from orggraph.io.tables import cell_text, from_rows
from orggraph.io.xlsxformulas import has_formulas, unsaved_formulas

__all__ = ["from_excel", "read_excel", "read_sheet"]

if TYPE_CHECKING:
    from orggraph.core.org import Org


def from_excel(
    path: Source, *, sheet: str | None = None, max_bytes: int | None = None, **mapping: Any
) -> Org:
    """Read the first (or the named) sheet of an ``.xlsx`` file (a path or an open file,
    at most *max_bytes* bytes: see :mod:`orggraph.io.sources`); needs openpyxl.

    A file that is not an Excel workbook (a CSV or an old ``.xls`` renamed, a damaged or
    truncated download) is a :class:`ParseError` naming it. Blank rows are skipped; the
    others are reported by their row number in the sheet.
    """
    header, rows, lines, file = read_sheet(path, sheet=sheet, max_bytes=max_bytes)
    return from_rows(
        header, rows, lines.__getitem__, header_at=1, where="row", file=file, **mapping
    )


def read_sheet(
    path: Source, *, sheet: str | None = None, max_bytes: int | None = None
) -> tuple[list[str], list[list[str]], array[int], str]:
    """The first (or the named) sheet of an ``.xlsx`` file as text cells: the header,
    the rows that are not blank, each one's row number in the sheet, and the file's
    name (``<workbook>`` for an open file without one). Needs openpyxl."""
    try:
        import openpyxl
    except ImportError:
        raise MissingDependencyError(
            "reading Excel files needs openpyxl: pip install 'orggraph[pandas]'"
        ) from None
    content, name = read_source(path, max_bytes=max_bytes)
    file = name or "<workbook>"  # an open file without a name
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl fails in many ways on a file that is no workbook
        raise _not_a_workbook(exc, file) from None
    try:
        header, rows, lines, title = _sheet_rows(book, sheet, file)
    finally:
        book.close()
    if has_formulas(content):
        _check_formulas(content, title, header, file)
    return header, rows, lines, file


_SHOWN_CELLS = 10  # formula cells named in the error; the rest are counted


def _check_formulas(content: bytes, title: str, header: list[str], file: str) -> None:
    """Refuse formula cells without a saved value in the sheet's named columns: openpyxl
    reads them as blank, so a name or a salary computed by a formula would silently go
    missing (see :mod:`orggraph.io.xlsxformulas`). Cells under no column name are
    ignored, as the table reader ignores them; the header's own cells are not."""
    from openpyxl.utils import get_column_letter

    missing = [
        f"{get_column_letter(col)}{row}"
        for row, col in unsaved_formulas(content, title)
        if row == 1 or (col <= len(header) and header[col - 1].strip())
    ]
    if missing:
        shown = ", ".join(missing[:_SHOWN_CELLS])
        more = f" and {len(missing) - _SHOWN_CELLS:,} more" if len(missing) > _SHOWN_CELLS else ""
        raise ParseError(
            f"{len(missing):,} formula cell(s) have no saved value ({shown}{more}), so "
            "their values cannot be read: the workbook was written by a program that does "
            "not compute formulas. Open it in Excel or LibreOffice and save it, or export "
            "the sheet as CSV",
            file=file,
            place=f"sheet {title!r}",
        )


def _not_a_workbook(exc: BaseException, file: str, place: str | None = None) -> ParseError:
    import zipfile

    if isinstance(exc, MemoryError):
        why = "it is too large to read"
    elif isinstance(exc, zipfile.BadZipFile) and "not a zip file" in str(exc):
        why = (
            "it is not a ZIP archive, as .xlsx files are "
            "(a CSV or .xls file renamed? a truncated download?)"
        )
    else:
        detail = str(exc).strip().strip("'\"")
        why = "its content is damaged" + (f" ({detail})" if detail else "")
    return ParseError(f"not a valid Excel workbook: {why}", file=file, place=place)


EXCEL_ROWS = 1_048_576  # the most rows a sheet can have


def _sheet_rows(
    book: Any, sheet: str | None, file: str
) -> tuple[list[str], list[list[str]], array[int], str]:
    """The header, the non-blank rows as text cells, their row numbers and the sheet's
    title."""
    names = list(book.sheetnames)
    if sheet is not None and sheet not in names:
        raise OrgError(
            f"no sheet {sheet!r}; sheets: {', '.join(names)}",
            file=file,
            choices=names,
        )
    worksheets = book.worksheets
    if not worksheets:
        raise ParseError("not a valid Excel workbook: it has no worksheet", file=file)
    ws = book[sheet] if sheet is not None else worksheets[0]
    place = f"sheet {ws.title!r}"
    if not hasattr(ws, "iter_rows"):
        raise ParseError("the sheet is a chart, not a table", file=file, place=place)
    rows: list[list[str]] = []
    lines = array("q")
    header: list[str] | None = None
    try:
        # The dimensions a file declares can be wrong (or hostile: "A1:XFD1048576" in a
        # few bytes); without them each row is as wide as its own cells, and a gap of
        # missing rows costs nothing per row.
        ws.reset_dimensions()
        for number, values in enumerate(ws.iter_rows(values_only=True), 1):
            if number > EXCEL_ROWS:
                raise ParseError(
                    f"not a valid Excel workbook: a row after row {EXCEL_ROWS:,}",
                    file=file,
                    place=place,
                )
            if header is None:
                header = [cell_text(h) for h in values]
            elif any(v is not None and v != "" for v in values):
                rows.append([cell_text(v) for v in values])
                lines.append(number)
    except OrgError:
        raise
    except Exception as exc:  # a damaged sheet fails while it is read
        raise _not_a_workbook(exc, file, place) from None
    if header is None:
        raise ParseError("the sheet is empty", file=file, place=place)
    # Cells to the right of the header's last name are in unnamed columns, ignored as
    # blank-named columns are (notes beside the table).
    width = max(map(len, rows), default=0)
    header += [""] * (width - len(header))
    return header, rows, lines, ws.title


def read_excel(
    source: Source,
    *,
    sheet: str | None = None,
    max_bytes: int | None = None,
    **columns: Unpack[Columns],
) -> Org:
    """Read the first (or the named) sheet of an ``.xlsx`` file (``og.read_excel``);
    *columns* as for :func:`read_csv`. Needs openpyxl."""
    mapping = check_columns(columns, file=source_name(source))
    return from_excel(source, sheet=sheet, max_bytes=max_bytes, **mapping)
