"""Writing an `Org` back out: plain data in the file format, YAML and JSON files.

``load -> dump -> load`` is lossless: the two organisations compare equal.

>>> import orggraph as og
>>> org = og.loads("units: [{id: a, name: A, staff: [{title: Clerk, seats: null}]}]")
>>> to_dict(org)
{'units': [{'id': 'a', 'name': 'A', 'staff': [{'title': 'Clerk', 'seats': None}]}]}
>>> og.loads(dumps(org)) == org
True
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .errors import OrgError

if TYPE_CHECKING:
    from .model import Org

__all__ = ["atomic_write", "dump", "dumps", "to_dict"]

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def _post(post: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"title": post["title"]}
    if post.get("seats") != 1:  # 1 is the default; None (unknown) must be written
        out["seats"] = post.get("seats")
    for key in ("filled", "salary", "pay"):
        if post.get(key) is not None:
            out[key] = post[key]
    if post.get("holders"):
        out["holders"] = list(post["holders"])
    return out


def _unit(org: Org, uid: str) -> dict[str, Any]:
    data = org._nodes[uid]
    out: dict[str, Any] = {"id": uid, "name": data["name"]}
    for key in ("type", "description"):
        if data.get(key) is not None:
            out[key] = data[key]
    if data.get("aliases"):
        out["aliases"] = list(data["aliases"])
    if data.get("head"):
        out["head"] = _post(data["head"])
    if data.get("staff"):
        out["staff"] = [_post(p) for p in data["staff"]]
    rids = org.responsibilities(uid)
    if rids:
        out["responsibilities"] = rids
    if data.get("attrs"):
        out["attrs"] = dict(data["attrs"])
    return out


# Units this many levels below their nearest top-level entry are written flat (with
# `parent:`), so deep chains stay within the parsers' nesting bound and YAML's recursion.
MAX_NESTING = 100


def to_dict(org: Org) -> dict[str, Any]:
    """The organisation as plain data in the file format, nested by reporting line.

    Units more than :data:`MAX_NESTING` levels down start a new top-level entry with
    ``parent:``, so that any organisation can be written and read back.
    """
    out: dict[str, Any] = {}
    if org.org_name is not None:
        out["org"] = org.org_name
    if org.lang:
        out["lang"] = list(org.lang)
    if org.attrs:
        out["attrs"] = dict(org.attrs)
    built: dict[str, dict[str, Any]] = {}
    tops: list[dict[str, Any]] = []
    for uid in org.units():  # parents come before their children
        entry = built[uid] = _unit(org, uid)
        parent = org.parent(uid)
        if parent is None:
            tops.append(entry)
        elif org.depth(uid) % MAX_NESTING == 0:
            entry["parent"] = parent
            tops.append(entry)
        else:
            built[parent].setdefault("units", []).append(entry)
    out["units"] = tops
    resp = []
    for rid in org.responsibility_ids():
        data = org._nodes[rid]
        item: dict[str, Any] = {"id": rid, "name": data["name"]}
        if data.get("description") is not None:
            item["description"] = data["description"]
        resp.append(item)
    if resp:
        out["responsibilities"] = resp
    links = []
    for src, dst, data in org.links():
        link: dict[str, Any] = {"kind": data["kind"], "from": src, "to": dst}
        if data.get("relation") is not None:
            link["relation"] = data["relation"]
        if data.get("mutual"):
            link["mutual"] = True
        links.append(link)
    if links:
        out["links"] = links
    if org.changes:  # the change log (orggraph.reorg.Change), oldest first
        out["changes"] = [c.to_dict() for c in org.changes]
    return out


class _Dumper(yaml.SafeDumper):
    """Block style, Unicode kept, no anchors/aliases for shared objects."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data and all(ord(c) >= 32 or c == "\n" for c in data) else None
    if any(c in data for c in "\x85\u2028\u2029"):
        # YAML reads these as line breaks in plain, single-quoted and block scalars
        # (PyYAML writes NEL unescaped and reads it back as a break): escape them.
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_presenter)


def _json_default(value: Any) -> Any:
    # YAML reads `2020-01-01` in attrs as a date; JSON has no dates, so write ISO text.
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    raise OrgError(
        f"cannot write {type(value).__name__} {value!r:.60} as JSON (only YAML keeps it)"
    )


def dumps(org: Org, format: str = "yaml") -> str:
    """The organisation as YAML or JSON text."""
    data = to_dict(org)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"
    if format == "yaml":
        return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    raise OrgError(f"unknown format {format!r}; choose one of yaml, json", choices=("yaml", "json"))


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


def dump(org: Org, path: str | Path, *, format: str | None = None) -> Path:
    """Write the organisation to *path*, YAML or JSON by suffix (or *format*), atomically."""
    fmt = format or FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise OrgError(
            f"cannot tell the format from the suffix {Path(path).suffix!r}; use one of {', '.join(FORMATS)}",
            file=str(path),
            choices=list(FORMATS),
        )
    return atomic_write(path, dumps(org, fmt))
