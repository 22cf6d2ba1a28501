"""Formula cells of an ``.xlsx`` sheet that have no saved value, read from its XML.

openpyxl reads a formula cell by the value saved beside it (``data_only=True``) and
gives ``None`` both for a formula whose value was never computed and for one that
computed an empty text; only the XML tells them apart. Excel and LibreOffice save every
formula's value (an empty text as ``<c t="str"><f>..</f><v></v></c>``); a program that
computes no formulas (openpyxl, many exporters) writes ``<f>`` with no ``<v>`` or an
empty one of another type.

One streaming pass with expat over the sheet's part; a DOCTYPE is refused before
anything in it is read, so no entity is ever declared or expanded.

>>> import io, zipfile
>>> def book(cells: bytes) -> bytes:
...     out = io.BytesIO()
...     with zipfile.ZipFile(out, "w") as z:
...         z.writestr("xl/workbook.xml", b'<workbook xmlns:r="R"><sheets>'
...             b'<sheet name="S" r:id="rId1"/></sheets></workbook>')
...         z.writestr("xl/_rels/workbook.xml.rels", b'<Relationships>'
...             b'<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
...         z.writestr("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row r='2'>"
...             + cells + b"</row></sheetData></worksheet>")
...     return out.getvalue()
>>> unsaved_formulas(book(b'<c r="B2"><f>1+1</f><v/></c><c r="C2" t="str"><f>""</f><v></v></c>'), "S")
[(2, 2)]
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from xml.parsers import expat

__all__ = ["has_formulas", "unsaved_formulas"]

_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")


def has_formulas(content: bytes) -> bool:
    """Whether any worksheet of the workbook *content* holds a formula, looked for in the
    archive's bytes without parsing them: most exports have none and skip the scan."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for info in archive.infolist():
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    data = archive.read(info)
                    if b"<f>" in data or b"<f " in data or b":f>" in data or b":f " in data:
                        return True
    except Exception:  # openpyxl read the workbook; this second look must not fail it
        return False
    return False


def unsaved_formulas(content: bytes, title: str) -> list[tuple[int, int]]:
    """``(row, column)`` (1-based) of each formula cell of sheet *title* with no saved
    value, in sheet order; ``[]`` when the sheet's part cannot be found (openpyxl, which
    read the sheet, is the judge of a damaged workbook)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            part = _sheet_part(archive, title)
            if part is None:
                return []
            data = archive.read(part)
    except (KeyError, zipfile.BadZipFile, expat.ExpatError, ValueError):
        return []
    return _scan(data)


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


def _parse(data: bytes, start: Callable[[str, dict[str, str]], None]) -> None:
    """Stream *data* through expat with namespaces split off, refusing a DOCTYPE."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def doctype(*_: object) -> None:
        raise ValueError("a DOCTYPE in a workbook part")

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = lambda name, attrs: start(_local(name), attrs)
    parser.Parse(data, True)


def _sheet_part(archive: zipfile.ZipFile, title: str) -> str | None:
    """The archive path of the sheet named *title*, from the workbook and its relations."""
    rid: list[str] = []
    targets: dict[str, str] = {}

    def sheet(name: str, attrs: dict[str, str]) -> None:
        if name == "sheet" and attrs.get("name") == title:
            rid.extend(v for k, v in attrs.items() if _local(k) == "id")

    def relation(name: str, attrs: dict[str, str]) -> None:
        if name == "Relationship" and "Id" in attrs and "Target" in attrs:
            targets[attrs["Id"]] = attrs["Target"]

    _parse(archive.read("xl/workbook.xml"), sheet)
    _parse(archive.read("xl/_rels/workbook.xml.rels"), relation)
    target = targets.get(rid[0]) if rid else None
    if target is None:
        return None
    return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)


def _scan(data: bytes) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    cell: dict[str, str] = {}  # the open <c>'s attributes
    state = {"f": False, "v": False, "text": False}
    parser = expat.ParserCreate(namespace_separator=" ")

    def doctype(*_: object) -> None:
        raise ValueError("a DOCTYPE in a worksheet")

    def start(name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "c":
            cell.clear()
            cell.update(attrs)
            state.update(f=False, v=False, text=False)
        elif local in ("f", "v"):
            state[local] = True

    def text(value: str) -> None:
        if state["v"] and value:
            state["text"] = True

    def end(name: str) -> None:
        if _local(name) != "c" or not state["f"]:
            return
        # An empty <v> is a saved empty text only in a text-typed cell.
        if not state["v"] or (not state["text"] and cell.get("t") != "str"):
            m = _CELL_REF.fullmatch(cell.get("r", ""))
            if m is not None:
                found.append((int(m.group(2)), _column(m.group(1))))

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    parser.EndElementHandler = end
    parser.Parse(data, True)
    return found


def _column(letters: str) -> int:
    """``"A"`` -> 1, ``"AB"`` -> 28."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n
