"""One PDF from several, for the simple files cairo writes (what ``rsvg-convert`` makes).

A long paged chart is converted in chunks, several ``rsvg-convert`` processes at once,
and the chunks joined here: objects renumbered, one page tree over every page. Only the
classic layout is read (objects listed in a cross-reference table, no object or
cross-reference streams, no incremental updates): anything else is
:class:`NotJoinable`, and the caller converts all pages in one run instead.

>>> join_pdfs([b"not a pdf"])
b'not a pdf'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["NotJoinable", "join_pdfs"]

_START = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_HEAD = re.compile(rb"(\d+) 0 obj\s")
_REF = re.compile(rb"(?<![\d.])(\d+) 0 R\b")
_STREAM = re.compile(rb">>\s*stream\r?\n")
_KEY = {name: re.compile(rb"/" + name + rb"\s+(\d+) 0 R") for name in (b"Root", b"Pages", b"Info")}
_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")


class NotJoinable(ValueError):
    """A PDF laid out otherwise than :func:`join_pdfs` reads."""


def _objects(data: bytes) -> tuple[dict[int, bytes], bytes]:
    """The objects of one PDF (number -> what lies between ``N 0 obj`` and ``endobj``)
    and its trailer dictionary."""
    end = _START.search(data[-64:])
    if end is None:
        raise NotJoinable("no startxref at the end")
    xref = int(end.group(1))
    if data[xref : xref + 4] != b"xref":
        raise NotJoinable("a cross-reference stream")
    head, _, rest = data[xref:].partition(b"trailer")
    if b"/Prev" in rest or b"/XRefStm" in rest:
        raise NotJoinable("an updated file")
    offsets: dict[int, int] = {}
    lines = head.split(b"\n")[1:]
    k = 0
    while k < len(lines):
        parts = lines[k].split()
        k += 1
        if len(parts) != 2:
            continue
        first, count = int(parts[0]), int(parts[1])
        for j in range(count):
            entry = _ENTRY.match(lines[k + j].strip())
            if entry is None:
                raise NotJoinable("a malformed cross-reference table")
            if entry.group(3) == b"n":
                offsets[first + j] = int(entry.group(1))
        k += count
    order = sorted(offsets.items(), key=lambda item: item[1])
    bounds = [offset for _, offset in order[1:]] + [xref]
    objects: dict[int, bytes] = {}
    for (number, offset), stop in zip(order, bounds, strict=True):
        chunk = data[offset:stop].rstrip()
        found = _HEAD.match(chunk)
        if found is None or int(found.group(1)) != number or not chunk.endswith(b"endobj"):
            raise NotJoinable(f"object {number} is not where the table says")
        body = chunk[found.end() : -len(b"endobj")]
        if b"/ObjStm" in body.split(b"stream", 1)[0]:
            raise NotJoinable("an object stream")
        objects[number] = body
    return objects, rest


def _ref(key: bytes, body: bytes) -> int:
    found = _KEY[key].search(body)
    if found is None:
        raise NotJoinable(f"no /{key.decode()}")
    return int(found.group(1))


def join_pdfs(parts: Sequence[bytes]) -> bytes:
    """The pages of *parts*, in order, as one PDF (one part: returned as it is)."""
    if len(parts) == 1:
        return parts[0]
    out = bytearray(b"%PDF-1.5\n%\xb5\xed\xae\xfb\n")
    offsets: list[int] = [0, 0, 0]  # by new number; 1: the catalog, 2: the page tree
    kids: list[int] = []
    for data in parts:
        objects, trailer = _objects(data)
        root = _ref(b"Root", trailer)
        pages = _ref(b"Pages", objects[root])
        skip = {root, pages}
        if _KEY[b"Info"].search(trailer):
            skip.add(_ref(b"Info", trailer))
        found = _KIDS.search(objects[pages])
        if found is None or b"/Kids" in found.group(1):
            raise NotJoinable("a page tree of more than one level")
        new = {old: len(offsets) + k for k, old in enumerate(o for o in objects if o not in skip)}
        new[pages] = 2

        def renumber(match: re.Match[bytes], new: dict[int, int] = new) -> bytes:
            old = int(match.group(1))
            if old not in new:
                raise NotJoinable(f"a reference to object {old}")
            return b"%d 0 R" % new[old]

        for old, body in objects.items():
            if old in skip:
                continue
            stream = _STREAM.search(body)
            cut = stream.start() if stream else len(body)
            offsets.append(len(out))
            out += b"%d 0 obj" % new[old] + _REF.sub(renumber, body[:cut]) + body[cut:]
            out += b"endobj\n"
        kids.extend(new[int(k)] for k in _REF.findall(found.group(1)))
    offsets[1] = len(out)
    out += b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    offsets[2] = len(out)
    listed = b" ".join(b"%d 0 R" % k for k in kids)
    out += b"2 0 obj\n<< /Type /Pages /Kids [ %s ] /Count %d >>\nendobj\n" % (listed, len(kids))
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % len(offsets)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets[1:])
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets), xref)
    return bytes(out)
