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
import io
import json
import math
import os
import re
import secrets
import stat
from collections.abc import Iterator, Mapping
from itertools import chain
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

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


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_PLAIN = (True, False)  # the resolver's question: what would this text read as, plain?
# Scalars whose event never depends on the value's text (tag, implicit flags).
_NULL = yaml.ScalarEvent(None, "tag:yaml.org,2002:null", (True, False), "null")
_BOOLS = {
    b: yaml.ScalarEvent(None, "tag:yaml.org,2002:bool", (True, False), str(b).lower())
    for b in (True, False)
}


_BREAKS = re.compile("[\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f]")


def _str_style(data: str) -> str | None:
    if not data.isascii() and _BREAKS.search(data):
        # YAML reads these as line breaks in plain, single-quoted and block scalars
        # (PyYAML writes NEL unescaped and reads it back as a break): escape them.
        return '"'
    if "\n" in data and not _CONTROL.search(data):
        return "|"
    return None


def _str_presenter(dumper: Any, data: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(_STR, data, style=_str_style(data))  # type: ignore[no-any-return]


def _dumper_class(base: Any) -> Any:
    class Dumper(base):  # type: ignore[misc]
        """Block style, Unicode kept, no anchors/aliases for shared objects."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

    Dumper.add_representer(str, _str_presenter)
    return Dumper


_PyDumper = _dumper_class(yaml.SafeDumper)
# libyaml writes ~10x faster, but escapes characters beyond U+FFFF (emoji, rare CJK) as
# "\U0002000B": a document with one is written by PyYAML's own emitter, readable.
_CDumper = _dumper_class(yaml.CSafeDumper) if hasattr(yaml, "CSafeDumper") else None
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class _Anything:
    def __contains__(self, item: object) -> bool:
        return True


_ANY: Any = _Anything()


class _AstralText(Exception):
    """A text the C emitter would escape: write the document with the Python one."""


def _scalar_event(dumper: Any, value: Any) -> yaml.ScalarEvent:
    """The event PyYAML's serializer would emit for *value*, a scalar other than text."""
    if value is None:
        return _NULL
    kind = type(value)
    if kind is bool:
        return _BOOLS[value]
    if kind is int:  # a decimal integer always reads back as one: plain
        return yaml.ScalarEvent(None, "tag:yaml.org,2002:int", (True, False), str(value))
    if isinstance(value, float) and not math.isfinite(value):
        raise OrgError(f"cannot write {value!r}: numbers in a file must be finite")
    try:
        node = dumper.represent_data(value)
    except yaml.representer.RepresenterError:
        node = None
    if not isinstance(node, yaml.ScalarNode):
        # A set, a tuple, bytes... from_dict refuses them; only the Python API gets here.
        raise OrgError(f"cannot write {type(value).__name__} {value!r:.60}: not plain data")
    implicit = (
        node.tag == dumper.resolve(yaml.ScalarNode, node.value, (True, False)),
        node.tag == dumper.resolve(yaml.ScalarNode, node.value, (False, True)),
    )
    return yaml.ScalarEvent(None, node.tag, implicit, node.value, style=node.style)


class _Texts:
    """Events for texts: plain when the text reads back as text, else quoted."""

    def __init__(self, dumper: Any, astral: bool) -> None:
        self.resolve = dumper.resolve
        self.astral = astral
        # Only a text starting with one of these can read back as something else (a
        # number, true, null, a date): the rest are plain without asking the resolver.
        self.special: Any = set(dumper.yaml_implicit_resolvers) | {""}
        if None in self.special:  # a resolver for any first character: ask for every text
            self.special = _ANY
        self.known: dict[str, bool] = {}  # short texts ("name", "title") resolved once

    def event(self, value: str) -> yaml.ScalarEvent:
        if not self.astral and not value.isascii() and _ASTRAL.search(value):
            raise _AstralText
        plain = True
        if value[:1] in self.special:
            known = self.known.get(value)
            if known is None:
                known = self.resolve(yaml.ScalarNode, value, _PLAIN) == _STR
                if len(value) < 16 and len(self.known) < 10_000:
                    self.known[value] = known
            plain = known
        return yaml.ScalarEvent(None, _STR, (plain, True), value, style=_str_style(value))


def _emit_document(dumper: Any, data: Any, astral: bool) -> None:
    """Emit one block-style YAML document of plain *data*, without building a node tree
    (PyYAML's representer holds the whole document as nodes, ~10x the data). Texts with
    characters beyond U+FFFF raise :class:`_AstralText` unless *astral* allows them."""
    emit = dumper.emit
    text = _Texts(dumper, astral).event
    emit(yaml.DocumentStartEvent(explicit=False))
    # Per open collection: the values still to write, and the event that closes it.
    stack: list[tuple[Iterator[Any], yaml.Event | None]] = [(iter((data,)), None)]
    while stack:
        values, end = stack[-1]
        for value in values:
            if type(value) is str:
                emit(text(value))
            elif isinstance(value, dict):
                emit(yaml.MappingStartEvent(None, _MAP, True, flow_style=False))
                stack.append((chain.from_iterable(value.items()), yaml.MappingEndEvent()))
                break
            elif isinstance(value, list):
                emit(yaml.SequenceStartEvent(None, _SEQ, True, flow_style=False))
                stack.append((iter(value), yaml.SequenceEndEvent()))
                break
            else:
                emit(_scalar_event(dumper, value))
        else:
            stack.pop()
            if end is not None:
                emit(end)
    emit(yaml.DocumentEndEvent(explicit=False))


def _write_yaml(data: Any, stream: IO[Any], encoding: str | None) -> None:
    """Write *data* to *stream* (an empty buffer) as block-style YAML, event by event:
    text, or bytes in *encoding*. The same text as ``yaml.dump`` with PyYAML's dumper."""
    if _CDumper is not None:
        try:
            _emit(_CDumper, data, stream, encoding, astral=False)
            return
        except _AstralText:
            stream.seek(0)
            stream.truncate()
    _emit(_PyDumper, data, stream, encoding, astral=True)


def _emit(cls: Any, data: Any, stream: IO[Any], encoding: str | None, *, astral: bool) -> None:
    dumper = cls(stream, allow_unicode=True, width=100, encoding=encoding)
    try:
        dumper.emit(yaml.StreamStartEvent(encoding=encoding))
        _emit_document(dumper, data, astral)
        dumper.emit(yaml.StreamEndEvent())
    finally:
        dumper.dispose()


def _json_default(value: Any) -> Any:
    # YAML reads `2020-01-01` in attrs as a date; JSON has no dates, so write ISO text.
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    raise OrgError(
        f"cannot write {type(value).__name__} {value!r:.60} as JSON (only YAML keeps it)"
    )


def _write_json(data: Any, stream: IO[str]) -> None:
    try:
        json.dump(
            data, stream, ensure_ascii=False, indent=2, default=_json_default, allow_nan=False
        )
    except ValueError as exc:  # NaN or infinity: JSON has no spelling for them
        raise OrgError(f"cannot write JSON: {exc} (numbers in a file must be finite)") from None
    stream.write("\n")


def _write(org: Org, format: str, stream: IO[bytes] | IO[str]) -> None:
    """Write *org* as ``"yaml"`` or ``"json"`` to *stream*: text, or UTF-8 into bytes."""
    if format not in ("yaml", "json"):
        raise OrgError(
            f"unknown format {format!r}; choose one of yaml, json", choices=("yaml", "json")
        )
    data = to_dict(org)
    binary = not isinstance(stream, io.TextIOBase)
    if format == "yaml":
        _write_yaml(data, stream, "utf-8" if binary else None)
    elif binary:  # json writes text: encode it on the way
        text = io.TextIOWrapper(cast("IO[bytes]", stream), encoding="utf-8", newline="\n")
        _write_json(data, text)
        text.flush()
        text.detach()
    else:
        _write_json(data, cast("IO[str]", stream))


def dumps(org: Org, format: str = "yaml") -> str:
    """The organisation as YAML or JSON text."""
    out = io.StringIO()
    _write(org, format, out)
    return out.getvalue()


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
    buffer = io.BytesIO()  # encoded as it is written: no text copy of the whole file
    _write(org, fmt, buffer)
    return atomic_write(path, buffer.getvalue())
