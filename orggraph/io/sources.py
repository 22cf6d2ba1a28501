"""Opening what the user names: regular files only, and never more than a size limit.

Every reader of orggraph (``og.load``, the graph and RDF formats, CSV and Excel
tables, scenario files) opens its input here, so that each refuses the same things
the same way, with a :class:`~orggraph.errors.ParseError` naming the file:

- anything but a regular file: a folder, a device (``/dev/zero``), a FIFO (named pipe,
  and so process substitution ``<(...)``), a socket. The kind is checked before the
  file is opened, and again on the open file, which is opened without blocking, so a
  FIFO can never hang a reader;
- more than ``max_bytes`` bytes (default :data:`DEFAULT_MAX_BYTES`, 1 GiB). Bytes are
  counted as they are read, so a streaming reader (CSV) stops at the limit too.

A source is a path, or an already open file (read whole, up to the limit; text files
are encoded as UTF-8).

>>> import io
>>> read_source(io.BytesIO(b"units: []"))
(b'units: []', None)
>>> read_bytes("/dev/null")
Traceback (most recent call last):
...
orggraph.errors.ParseError: /dev/null: not a regular file but a character device; orggraph reads only regular files (no devices, FIFOs or process substitution; the command line reads standard input through an explicit -)
>>> parse_size("200M"), parse_size("1G"), parse_size("1.5 KB")
(209715200, 1073741824, 1500)
"""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Callable
from typing import IO, Any, BinaryIO, TypeVar, Union

from orggraph.errors import OrgError, ParseError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Source",
    "describe_size",
    "open_source",
    "parse_size",
    "read_bytes",
    "read_source",
    "source_name",
]

DEFAULT_MAX_BYTES = 1 << 30
"""The most bytes a reader takes by default (1 GiB): far above any real organisation
(a million units is about 150 MB of CSV), low enough to stop a runaway input early.
Every reader takes ``max_bytes=`` to change it; the command line ``--max-size``."""

Source = Union[str, "os.PathLike[str]", IO[str], IO[bytes]]
"""A path, or an open file (binary or text)."""

BLOCK = 1 << 20  # bytes per read when the size is not known in advance

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
_SIZE = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([KMGT]?)(I?B)?\s*", re.IGNORECASE)


def parse_size(text: str) -> int:
    """A size such as ``200M``, ``1G``, ``1.5GiB`` or ``500000``, in bytes.

    ``K``, ``M``, ``G``, ``T`` and ``KiB``... are powers of 1024, ``KB``, ``MB``...
    powers of 1000 (as GNU coreutils read them); a bare number is bytes.

    >>> parse_size("2KiB"), parse_size("2kb"), parse_size("10")
    (2048, 2000, 10)
    >>> parse_size("lots")
    Traceback (most recent call last):
    ...
    ValueError: not a size: 'lots' (use a number of bytes or e.g. 200M, 1G)
    """
    match = _SIZE.fullmatch(text)
    if match is None:
        raise ValueError(f"not a size: {text!r} (use a number of bytes or e.g. 200M, 1G)")
    number, prefix, tail = match[1], match[2].upper(), (match[3] or "").upper()
    unit = 1000 ** ("KMGT".index(prefix) + 1) if prefix and tail == "B" else _UNITS[prefix]
    size = int(float(number) * unit) if "." in number else int(number) * unit
    if size < 1:
        raise ValueError(f"not a size: {text!r} (must be at least 1 byte)")
    return size


def describe_size(n: int) -> str:
    """*n* bytes for people: ``1 GiB``, ``200 MiB``, ``1.5 KiB``, ``900 bytes``.

    >>> describe_size(1 << 30), describe_size(1536), describe_size(900)
    ('1 GiB', '1.5 KiB', '900 bytes')
    """
    for name, unit in (("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= unit:
            return f"{n / unit:.1f}".removesuffix(".0") + f" {name}"
    return f"{n:,} byte" + ("" if n == 1 else "s")


def _limit(max_bytes: int | None) -> int:
    if max_bytes is None:
        return DEFAULT_MAX_BYTES
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise OrgError(f"max_bytes must be a whole number of bytes, at least 1, not {max_bytes!r}")
    return max_bytes


def _too_big(limit: int, file: str | None) -> ParseError:
    return ParseError(
        f"the input is larger than {describe_size(limit)}, the limit on what orggraph "
        "reads; raise it with max_bytes= (--max-size on the command line)",
        file=file,
    )


def _refuse_special(mode: int, file: str) -> None:
    for test, kind in _KINDS:
        if test(mode):
            raise ParseError(
                f"not a regular file but {kind}; orggraph reads only regular files (no "
                "devices, FIFOs or process substitution; the command line reads standard "
                "input through an explicit -)",
                file=file,
            )


def _open_regular(path: str | os.PathLike[str]) -> tuple[int, int, str]:
    """Open *path* for reading: (file descriptor, size, file name). Only a regular file is
    opened; it is opened non-blocking, so that a FIFO swapped in after the check cannot
    block, and checked again once open."""
    file = os.fspath(path)
    try:
        _refuse_special(os.stat(file).st_mode, file)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(file, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ParseError(f"cannot read the file: {exc.strerror or exc}", file=file) from None
    try:
        info = os.fstat(fd)
        _refuse_special(info.st_mode, file)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd, info.st_size, file


class _Capped(io.RawIOBase):
    """A regular file that raises a :class:`ParseError` once more than *limit* bytes
    have been read from it (counted as the reads happen, whatever the file's size said)."""

    def __init__(self, fd: int, limit: int, file: str) -> None:
        super().__init__()
        self._raw = io.FileIO(fd, "rb", closefd=True)
        self._limit = limit
        self._pos = 0
        self.name = file

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._raw.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._pos = self._raw.seek(offset, whence)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def fileno(self) -> int:
        return self._raw.fileno()

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        n = self._raw.readinto(buffer)
        if n:
            self._pos += n
            if self._pos > self._limit:
                raise _too_big(self._limit, self.name)
        return n or 0

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


def source_name(source: Source) -> str | None:
    """The file name of *source*: the path, or the ``name`` of an open file (if a string).

    >>> from pathlib import Path
    >>> source_name(Path("org.yaml")), source_name(io.BytesIO())
    ('org.yaml', None)
    """
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


_Chunk = TypeVar("_Chunk", bytes, str)


def _chunks(
    read: Callable[[int], _Chunk | None], limit: int, file: str | None, first: int = BLOCK
) -> list[_Chunk]:
    """What *read* gives, *first* and then :data:`BLOCK` at a time, until it gives nothing;
    the error that says so if that is more than *limit* (bytes or characters)."""
    chunks: list[_Chunk] = []
    total = 0
    want = first
    while True:
        chunk = read(min(want, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _too_big(limit, file)
        want = BLOCK
    return chunks


def _read_open(stream: IO[str] | IO[bytes], limit: int, file: str | None) -> bytes:
    read: Callable[[int], Any] = stream.read  # an open file may give bytes, text or both
    chunks: list[Any] = _chunks(read, limit, file)
    if all(isinstance(c, bytes) for c in chunks):
        return b"".join(chunks)
    if all(isinstance(c, str) for c in chunks):
        data = "".join(chunks).encode("utf-8", "surrogatepass")
        if len(data) > limit:
            raise _too_big(limit, file)
        return data
    kinds = sorted({type(c).__name__ for c in chunks})
    raise OrgError(f"the open file gave {' and '.join(kinds)}, not bytes or text", file=file)


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> bytes:
    """The bytes of the regular file at *path*, at most *max_bytes* of them."""
    limit = _limit(max_bytes)
    fd, size, file = _open_regular(path)
    if size > limit:
        os.close(fd)
        raise _too_big(limit, file)
    with io.FileIO(fd, "rb", closefd=True) as raw:
        try:  # a file may grow, or say its size is 0 (/proc): read until the end
            chunks = _chunks(raw.read, limit, file, first=size + 1 if size else BLOCK)
        except OSError as exc:
            raise ParseError(f"cannot read the file: {exc.strerror or exc}", file=file) from None
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_source(source: Source, *, max_bytes: int | None = None) -> tuple[bytes, str | None]:
    """The bytes of *source* (a path or an open file) and its file name, if it has one.

    >>> read_source(io.StringIO("名"))
    (b'\\xe5\\x90\\x8d', None)
    >>> read_source(io.BytesIO(b"12345"), max_bytes=4)
    Traceback (most recent call last):
    ...
    orggraph.errors.ParseError: the input is larger than 4 bytes, the limit on what orggraph reads; raise it with max_bytes= (--max-size on the command line)
    """
    limit = _limit(max_bytes)
    if isinstance(source, (str, os.PathLike)):
        return read_bytes(source, max_bytes=limit), os.fspath(source)
    file = source_name(source)
    if not callable(getattr(source, "read", None)):
        raise OrgError(f"expected a path or an open file, not {type(source).__name__}", file=file)
    try:
        return _read_open(source, limit, file), file
    except OSError as exc:
        raise ParseError(f"cannot read the file: {exc.strerror or exc}", file=file) from None


def open_source(source: Source, *, max_bytes: int | None = None) -> BinaryIO:
    """*source* as a binary file to read from and close: a path is opened (regular files
    only) and read in blocks, never past *max_bytes*; an open file is read whole (up to
    the limit) into memory, and closing the result leaves it open."""
    limit = _limit(max_bytes)
    if isinstance(source, (str, os.PathLike)):
        fd, size, file = _open_regular(source)
        if size > limit:
            os.close(fd)
            raise _too_big(limit, file)
        return io.BufferedReader(_Capped(fd, limit, file), buffer_size=BLOCK)
    data, name = read_source(source, max_bytes=limit)
    handle = io.BytesIO(data)
    if name is not None:
        handle.name = name
    return handle
