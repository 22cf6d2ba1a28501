"""The fast CSV path: simple files split in 1 MiB blocks with str.split, checked
against the csv module by a differential test (tests/test_columnar.py).
"""

from __future__ import annotations

import re
from itertools import repeat
from typing import BinaryIO

BLOCK = 1 << 20  # bytes per block of the fast CSV path: small enough to stay in cache
BOM = b"\xef\xbb\xbf"
# Whitespace a cell could start or end with. ASCII whitespace is looked for next to a
# delimiter or a line end, the rest anywhere (rare in HR exports). Every search is a regex
# with a literal prefix, which CPython scans for with memchr: a multi-byte ``in`` on bytes
# is several times slower.
_ASCII_SPACES = b" \t\x0b\x0c\x1c\x1d\x1e\x1f"
_SPACE_THEN_END = re.compile(rb"\x01\x00")  # in bytes translated by _marks()
_WIDE_SPACES = {  # UTF-8 lead byte -> the spaces starting with it
    b"\xc2": re.compile(rb"\xc2[\x85\xa0]"),
    b"\xe1": re.compile(rb"\xe1\x9a\x80"),
    b"\xe2": re.compile(rb"\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f"),
    b"\xe3": re.compile(rb"\xe3\x80\x80"),
}


def _marks(delimiter: bytes) -> bytes:
    """A translate table: delimiters and line ends -> 0, ASCII whitespace -> 1, else "A"."""
    table = bytearray(b"A" * 256)
    for byte in _ASCII_SPACES:
        table[byte] = 1
    for byte in (*delimiter, 10, 13):
        table[byte] = 0
    return bytes(table)


def _padded(data: bytes, marks: bytes) -> bool:
    """Might a cell in *data* (whole lines) start or end with whitespace?"""
    seen = data.translate(marks)
    if (
        seen[:1] == b"\x01"
        or _SPACE_THEN_END.search(seen)  # a space before a delimiter or line end
        or _SPACE_THEN_END.search(seen[::-1])  # ... or after one
    ):
        return True
    return any(lead in data and rx.search(data) for lead, rx in _WIDE_SPACES.items())


def fast_columns(
    handle: BinaryIO, width: int, delimiter: str
) -> tuple[list[list[str]], bool] | None:
    """The rest of a simple UTF-8 CSV file (no quotes, no blank lines, every line
    *width* cells) as columns, split at C speed, and whether any cell may have spaces
    at its ends; ``None`` as soon as the file is not that simple (the caller then starts
    over with the csv module)."""
    if width < 2:
        return None  # a blank line would read as a row; the csv module skips it
    columns: list[list[str]] = [[] for _ in range(width)]
    marks = _marks(delimiter.encode("utf-8"))
    # Each line end becomes END + delimiter: with exactly one END per line, every line has
    # *width* cells if and only if every last-column cell ends with END.
    end = "\x00"
    spaces = False
    rest = b""
    while True:
        block = handle.read(BLOCK)
        data = rest + block
        if not block:
            if not data:
                break
            if not data.endswith(b"\n"):
                data += b"\n"
            rest = b""
        else:
            cut = data.rfind(b"\n") + 1
            if not cut:
                rest = data
                continue
            data, rest = data[:cut], data[cut:]
        if b'"' in data or b"\x00" in data:
            return None
        crlf = b"\r" in data
        if not spaces and _padded(data, marks):
            spaces = True
        text = data.decode("utf-8")  # UnicodeDecodeError: the caller's slow path says where
        del data
        lines = text.count("\n")
        if crlf:  # a lone CR is for the csv module
            text = text.replace("\r\n", "\n")
            if "\r" in text:
                return None
        cells = text.replace("\n", end + delimiter).split(delimiter)
        del text
        cells.pop()  # after the last line end
        if len(cells) != lines * width:
            return None
        last = cells[width - 1 :: width]
        if not all(map(str.endswith, last, repeat(end))):
            return None
        for k in range(width - 1):
            if columns[k]:
                columns[k] += cells[k::width]
            else:  # the first block (often the only one): no copy
                columns[k] = cells[k::width]
        columns[width - 1] += [c[:-1] for c in last]
        if not block:
            break
    return columns, spaces
