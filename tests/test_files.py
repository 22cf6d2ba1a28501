"""Real files on a real file system: what every reader refuses (devices, FIFOs, sockets,
folders, too many bytes) and how every writer writes (atomically, keeping an existing
file's mode, new files by the umask, through symlinks). See orggraph.io.sources and
orggraph.io.files.atomic_write."""

from __future__ import annotations

import io
import os
import signal
import socket
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import orggraph as og
from orggraph import io as formats
from orggraph.io import excel, sources, tables_out
from orggraph.io import tables as tabular
from orggraph.io.files import atomic_write
from orggraph.ops import reorg
from orggraph.render import graphviz, mermaid

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes and FIFOs")

ORG = """\
units:
  - id: ceo
    name: CEO office
    head: {title: CEO, salary: 20000}
    units:
      - {id: sales, name: Sales, staff: [{title: Rep, seats: 3, salary: 5000}]}
      - {id: tech, name: Tech}
"""
SCENARIO = "operations: [{op: rename, unit: tech, name: Technology}]\n"


@pytest.fixture(scope="module")
def org() -> og.Org:
    return og.loads(ORG)


@contextmanager
def deadline(seconds: int = 20) -> Iterator[None]:
    """Fail instead of hanging (a FIFO that blocks, /dev/zero read for ever)."""

    def expired(*_: Any) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


# -- reading: one helper for every reader ---------------------------------------------------

# (suffix, reader): every function that opens a path the user names; each takes
# max_bytes= as well.
Reader = Callable[..., Any]
READERS: list[tuple[str, Reader]] = [
    (".yaml", og.load),
    (".json", og.load),
    (".csv", tabular.from_csv),
    (".xlsx", excel.from_excel),
    (".graphml", formats.from_graphml),
    (".gexf", formats.from_gexf),
    (".nodelink.json", formats.from_node_link),
    (".ttl", formats.from_turtle),
    (".jsonld", formats.from_jsonld),
    (".graphml", formats.read),
    (".scenario.yaml", reorg.load_scenario),
    (".scenario.yaml", lambda p, **kw: reorg.apply_scenario(og.loads(ORG), p, **kw)),
]
IDS = [f"{s.lstrip('.')}-{getattr(f, '__name__', '')}" for s, f in READERS]


def _special(kind: str, folder: Path, suffix: str) -> Path:
    path = folder / f"special{suffix}"
    if kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        _SOCKETS.append(server)
    elif kind == "folder":
        path.mkdir()
    return path


_SOCKETS: list[socket.socket] = []


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A folder with a short path (a Unix socket's path is limited to about 100 bytes)."""
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:
        yield Path(folder)
    while _SOCKETS:
        _SOCKETS.pop().close()


KINDS = {
    "dev-zero": "a character device",
    "fifo": "a FIFO (named pipe)",
    "socket": "a socket",
    "folder": "a folder",
}


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize(("suffix", "reader"), READERS, ids=IDS)
def test_every_reader_refuses_special_files_at_once(
    kind: str, suffix: str, reader: Reader, short_tmp: Path
) -> None:
    path = _special(kind, short_tmp, suffix)
    with deadline(), pytest.raises(og.ParseError) as caught:
        reader(path)
    err = caught.value
    assert err.file == str(path)
    assert f"not a regular file but {KINDS[kind]}" in str(err)
    assert "process substitution" in str(err)


@pytest.mark.parametrize(("suffix", "reader"), READERS, ids=IDS)
def test_every_reader_stops_at_max_bytes(
    suffix: str, reader: Reader, tmp_path: Path, org: og.Org
) -> None:
    path = tmp_path / f"org{suffix}"
    if suffix == ".xlsx":
        pytest.importorskip("openpyxl")
        import openpyxl

        book = openpyxl.Workbook()
        book.active.append(["id", "parent", "name"])
        book.active.append(["a", "", "A"])
        book.save(path)
    elif suffix == ".scenario.yaml":
        path.write_text(SCENARIO, encoding="utf-8")
    else:
        path.write_text(formats.serialize(org, formats.format_of(path).name), encoding="utf-8")
    size = path.stat().st_size
    with pytest.raises(og.ParseError, match=r"larger than .*max_bytes=.*--max-size") as caught:
        reader(path, max_bytes=size - 1)
    assert caught.value.file == str(path)
    reader(path, max_bytes=size)  # exactly the limit is fine


def test_the_default_limit_is_documented_and_overridable(tmp_path: Path) -> None:
    assert sources.DEFAULT_MAX_BYTES == 1 << 30  # the 1M-unit CSV (~150 MB) fits
    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    assert len(og.load(path)) == 3
    with pytest.raises(og.OrgError, match="max_bytes must be"):
        og.load(path, max_bytes=0)


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux /proc")
def test_bytes_are_counted_as_read_not_trusted_from_the_size() -> None:
    # /proc files say they are empty (st_size 0) yet hold text: the CSV reader streams,
    # so the limit must hold on the bytes actually read.
    assert os.stat("/proc/self/maps").st_size == 0
    assert sources.read_bytes("/proc/self/maps")  # read in blocks, whole
    with pytest.raises(og.ParseError, match="larger than 10 bytes"):
        sources.read_bytes("/proc/self/maps", max_bytes=10)
    handle = sources.open_source("/proc/self/maps", max_bytes=10)
    with handle, pytest.raises(og.ParseError, match="larger than 10 bytes"):
        handle.read()


def test_csv_streams_under_the_limit(tmp_path: Path, org: og.Org) -> None:
    path = tmp_path / "org.csv"
    tables_out.to_csv(org, path)
    with sources.open_source(path) as handle:
        assert isinstance(handle, io.BufferedReader)  # read in blocks, not whole
    assert tabular.from_csv(path) == tabular.loads_csv(path.read_text(encoding="utf-8"))


def test_open_files_are_read_up_to_the_limit(tmp_path: Path, org: og.Org) -> None:
    text = formats.to_graphml(org)
    assert formats.read(io.BytesIO(text.encode()), "graphml") == org
    assert formats.read(io.StringIO(ORG), "yaml") == org
    csv_text = tables_out.to_csv(org)
    assert isinstance(csv_text, str)
    assert tabular.from_csv(io.BytesIO(csv_text.encode())) == tabular.loads_csv(csv_text)
    with pytest.raises(og.ParseError, match="larger than 100 bytes"):
        formats.read(io.BytesIO(text.encode()), "graphml", max_bytes=100)
    with pytest.raises(og.OrgError, match="cannot tell the format"):
        formats.read(io.BytesIO(b""))
    with pytest.raises(og.OrgError, match="expected a path or an open file"):
        formats.from_graphml(42)  # type: ignore[arg-type]


def test_parse_size() -> None:
    assert sources.parse_size("200M") == 200 << 20
    assert sources.parse_size("1G") == sources.parse_size("1GiB") == 1 << 30
    assert sources.parse_size("1GB") == 10**9
    assert sources.parse_size("512") == 512
    for bad in ("", "G", "-1", "0", "1X", "lots"):
        with pytest.raises(ValueError, match="not a size"):
            sources.parse_size(bad)


# -- writing: one mechanism for every writer -----------------------------------------------


def _plot(org: og.Org, path: Path) -> Any:
    pytest.importorskip("matplotlib")
    from orggraph.render import plots

    return plots.headcount_by_unit(org).savefig(path)


def _diff_chart(org: og.Org, path: Path) -> Any:
    from orggraph.render.diff_chart import render_diff

    return render_diff(org, org, path)


# (file name, writer): every way orggraph writes a file the user names.
WRITERS: list[tuple[str, Callable[[og.Org, Path], Any]]] = [
    ("org.yaml", og.dump),
    ("org.json", og.dump),
    ("org.csv", tables_out.to_csv),
    ("org.graphml", formats.to_graphml),
    ("org.gexf", formats.to_gexf),
    ("org.nodelink.json", formats.to_node_link),
    ("org.ttl", formats.to_turtle),
    ("org.jsonld", formats.to_jsonld),
    ("org.mmd", mermaid.to_mermaid),
    ("org.dot", graphviz.to_dot),
    ("org.graphml", formats.write),
    ("chart.svg", lambda o, p: o.render(p, engine="tidy")),
    ("chart.png", lambda o, p: o.render(p, engine="tidy")),
    ("chart.dot", lambda o, p: o.render(p)),
    ("diff.dot", _diff_chart),
    ("plot.png", _plot),
]
WIDS = [f"{name}-{i}" for i, (name, _) in enumerate(WRITERS)]


@pytest.mark.parametrize(("name", "writer"), WRITERS, ids=WIDS)
@pytest.mark.parametrize("old_mode", [0o600, 0o640, 0o444])
def test_every_writer_keeps_an_existing_files_mode(
    name: str, writer: Callable[[og.Org, Path], Any], old_mode: int, tmp_path: Path, org: og.Org
) -> None:
    path = tmp_path / name
    path.write_text("salaries", encoding="utf-8")
    path.chmod(old_mode)
    writer(org, path)
    assert mode(path) == old_mode
    assert path.read_bytes() != b"salaries"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary file left


@pytest.mark.parametrize(("name", "writer"), WRITERS, ids=WIDS)
@pytest.mark.parametrize("mask", [0o077, 0o022, 0o002])
def test_every_writer_gives_new_files_the_umask(
    name: str, writer: Callable[[og.Org, Path], Any], mask: int, tmp_path: Path, org: og.Org
) -> None:
    path = tmp_path / name
    with umask(mask):
        writer(org, path)
    assert mode(path) == 0o666 & ~mask


@pytest.mark.parametrize(("name", "writer"), WRITERS, ids=WIDS)
def test_every_writer_writes_through_a_symlink(
    name: str, writer: Callable[[og.Org, Path], Any], tmp_path: Path, org: og.Org
) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / name
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    link = tmp_path / name
    link.symlink_to(Path("real") / name)
    writer(org, link)
    assert link.is_symlink() and os.readlink(link) == str(Path("real") / name)
    assert target.read_bytes() != b"old" and mode(target) == 0o600
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == [name]


def test_a_dangling_symlink_creates_its_target(tmp_path: Path, org: og.Org) -> None:
    link = tmp_path / "org.yaml"
    link.symlink_to("made.yaml")
    og.dump(org, link)
    assert link.is_symlink() and og.load(tmp_path / "made.yaml") == org


def test_a_hard_link_is_split_as_documented(tmp_path: Path, org: og.Org) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("old", encoding="utf-8")
    other = tmp_path / "other.yaml"
    os.link(path, other)
    og.dump(org, path)
    # The replace gives `path` a new file: the other name keeps the old content.
    assert og.load(path) == org and other.read_text(encoding="utf-8") == "old"
    docs = (Path(__file__).resolve().parents[1] / "docs" / "formats.md").read_text("utf-8")
    assert "hard link" in docs


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_an_existing_files_owner_is_kept(tmp_path: Path, org: og.Org) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("old", encoding="utf-8")
    os.chown(path, 12345, 23456)
    og.dump(org, path)
    info = os.stat(path)
    assert (info.st_uid, info.st_gid) == (12345, 23456)


@pytest.mark.parametrize("kind", ["fifo", "folder", "dev-null"])
def test_writing_to_a_special_file_is_refused_at_once(
    kind: str, short_tmp: Path, org: og.Org
) -> None:
    if kind == "dev-null":
        path = short_tmp / "org.yaml"
        path.symlink_to("/dev/null")
    else:
        path = _special(kind, short_tmp, ".yaml")
    with deadline(), pytest.raises(og.OrgError, match=r"folder|not a regular file") as caught:
        og.dump(org, path)
    assert caught.value.file == str(path)


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "org.yaml").write_text("old", encoding="utf-8")
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("root may write anywhere")
        with pytest.raises(og.OrgError, match="cannot write the file"):
            atomic_write(folder / "org.yaml", "new")
        assert [p.name for p in folder.iterdir()] == ["org.yaml"]
    finally:
        folder.chmod(0o700)
