"""Files: reading a user's source (a path or an open file) and writing outputs
atomically (temporary file, then rename).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast, overload

from orggraph.errors import OrgError
from orggraph.io.sources import read_source

if TYPE_CHECKING:
    from orggraph.core.org import Org
    from orggraph.io.registry import Source

__all__ = ["TextWriter", "atomic_write", "output", "read_input", "text_writer"]


class TextWriter(Protocol):
    """A text writer ``to_<format>(org, path=None, **options)``: the text without a
    *path*, the path it wrote atomically with one (how type checkers see every
    :func:`text_writer`)."""

    @overload
    def __call__(self, org: Org, path: None = None, **options: Any) -> str: ...
    @overload
    def __call__(self, org: Org, path: str | os.PathLike[str], **options: Any) -> Path: ...


def text_writer(func: Callable[..., str | Path]) -> TextWriter:
    """Mark *func* as a :class:`TextWriter`: its return type follows *path* for type
    checkers, written once here rather than as two overloads beside every writer. The
    function itself is returned unchanged (its signature and docs stay its own)."""
    return cast(TextWriter, func)


def _target(path: Path) -> tuple[Path, os.stat_result | None]:
    """Where writing *path* goes (through symlinks, to the file they name) and that
    file's status, if it exists. Only a regular file (or nothing yet) can be replaced."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target, None
    except OSError as exc:
        raise OrgError(f"cannot write the file: {exc.strerror or exc}", file=str(path)) from None
    if stat.S_ISDIR(info.st_mode):
        raise OrgError("cannot write the file: it is a folder; give a file name", file=str(path))
    if not stat.S_ISREG(info.st_mode):
        raise OrgError(
            "cannot write the file: it is not a regular file (a device, FIFO or socket); "
            "orggraph writes files whole, "
            "through a temporary file and a rename; write to a file, or to - (standard "
            "output) where the command offers it",
            file=str(path),
        )
    return target, info


def _temporary(target: Path, mode: int) -> tuple[int, Path]:
    """A new file beside *target*, created with *mode* (the umask applies to it)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")  # pragma: no cover


def atomic_write(path: str | Path, data: bytes | str) -> Path:
    """Write *data* to *path* through a temporary file and a rename (no half-written files).

    Permissions are those a plain write would give: an existing file keeps its mode
    (and, where the system allows, its owner and group); a new file gets ``0666`` less
    the umask. A symlink is written through: its target is replaced and the link stays.
    Replacing a file gives it a new inode, so a hard link to the old file keeps the old
    content. Only a regular file (or a new name) can be written: a folder, device or
    FIFO is an :class:`OrgError`. Returns *path*.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "salaries.csv").write_text("old")
    3
    >>> (folder / "salaries.csv").chmod(0o600)
    >>> atomic_write(folder / "salaries.csv", "new").name
    'salaries.csv'
    >>> oct((folder / "salaries.csv").stat().st_mode & 0o777)
    '0o600'
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target, info = _target(path)
    try:
        fd, tmp = _temporary(target, 0o666 if info is None else 0o600)
    except OSError as exc:
        raise OrgError(f"cannot write the file: {exc.strerror or exc}", file=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            if info is not None:
                _keep_owner(fh.fileno(), info)
            fh.write(payload)
        if info is not None and not hasattr(os, "fchmod"):  # pragma: no cover - Windows
            os.chmod(tmp, stat.S_IMODE(info.st_mode))
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OrgError(f"cannot write the file: {exc.strerror or exc}", file=str(path)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _keep_owner(fd: int, info: os.stat_result) -> None:
    """Give the new file the old one's owner and group (where allowed), then its mode."""
    if hasattr(os, "fchown") and (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
        try:
            os.fchown(fd, info.st_uid, info.st_gid)
        except OSError:
            with contextlib.suppress(OSError):  # not root: the group may still be ours
                os.fchown(fd, -1, info.st_gid)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(info.st_mode))


def read_input(source: Source, what: str, max_bytes: int | None = None) -> tuple[bytes, str | None]:
    """The bytes of *source* (a path or an open file) and its file name, if any: a regular
    file only, at most *max_bytes* bytes (see :mod:`orggraph.io.sources`)."""
    if not isinstance(source, (str, os.PathLike)) and not callable(getattr(source, "read", None)):
        raise OrgError(f"{what}: expected a path or an open file, not {type(source).__name__}")
    return read_source(source, max_bytes=max_bytes)


def output(content: str, path: str | os.PathLike[str] | None) -> str | Path:
    """*content* itself without a *path*; else *path*, written atomically."""
    return content if path is None else atomic_write(Path(path), content)
