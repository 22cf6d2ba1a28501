"""Fonts for matplotlib charts with Chinese (CJK) text.

matplotlib's default font, DejaVu Sans, has no Chinese glyphs: names such as 客服部
come out as empty boxes. :func:`cjk_rc` switches, only inside a ``with`` block, to a
fallback list such as ``["DejaVu Sans", "Noto Sans CJK SC"]``: Latin text keeps
DejaVu Sans and every character it lacks is drawn from the CJK face. The user's global
matplotlib settings are left alone.

Two things can go wrong, and both are reported as :class:`orggraph.OrgWarning`:

* no CJK font is installed (``apt-get install fonts-noto-cjk`` fixes that);
* a CJK font *is* installed (``fc-list`` lists it) but matplotlib's font cache was
  built before it was, so matplotlib does not know it. Delete the cache file named in
  the warning, or call :func:`rebuild_font_cache`.

matplotlib is imported only when one of these functions runs.

>>> from orggraph.render import fonts
>>> with fonts.cjk_rc() as family:
...     family[0]
'DejaVu Sans'
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from orggraph.errors import OrgError, OrgWarning

__all__ = [
    "CJK_FAMILIES",
    "LATIN_FAMILY",
    "apply_family",
    "check_font_cache",
    "cjk_family",
    "cjk_rc",
    "font_cache_path",
    "has_cjk",
    "rebuild_font_cache",
]

#: CJK faces to look for, best first (Simplified Chinese forms before Japanese ones).
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)

#: The face used for Latin text (ships with matplotlib, so it is always there).
LATIN_FAMILY = "DejaVu Sans"

INSTALL_HINT = "sudo apt-get install fonts-noto-cjk"

_CJK_RE = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    "\U00020000-\U0002fa1f]"
)


def has_cjk(texts: str | Iterable[str]) -> bool:
    """True when any of *texts* contains a Chinese, Japanese or Korean character.

    >>> has_cjk(["Sales", "客服部"]), has_cjk("Sales ≥ 5")
    (True, False)
    """
    if isinstance(texts, str):
        texts = (texts,)
    return any(_CJK_RE.search(t) for t in texts)


def font_cache_path() -> Path:
    """The file in which matplotlib caches its font list (``fontlist-v*.json``).

    >>> font_cache_path().name.startswith("fontlist-v")
    True
    """
    import matplotlib
    from matplotlib import font_manager

    version = getattr(font_manager.FontManager, "__version__", "*")
    return Path(matplotlib.get_cachedir()) / f"fontlist-v{version}.json"


def _known_fonts() -> tuple[set[str], set[str]]:
    """(family names, real file paths) that matplotlib's font manager knows."""
    from matplotlib import font_manager

    names: set[str] = set()
    files: set[str] = set()
    for entry in font_manager.fontManager.ttflist:
        names.add(entry.name)
        files.add(os.path.realpath(str(entry.fname)))
    return names, files


@functools.lru_cache(maxsize=1)
def _fc_list() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``(file, families)`` of every font fontconfig knows; empty without ``fc-list``."""
    exe = shutil.which("fc-list")
    if exe is None:
        return ()
    try:
        proc = subprocess.run(
            [exe, "--format=%{file}\t%{family}\n"],
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    if proc.returncode != 0:
        return ()
    out = []
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        file, _, families = line.partition("\t")
        if file and families:
            out.append((file, tuple(f.strip() for f in families.split(",") if f.strip())))
    return tuple(out)


def _is_wanted(family: str) -> bool:
    return family in CJK_FAMILIES or family.startswith(
        ("Noto Sans CJK", "Noto Serif CJK", "Source Han Sans")
    )


def _stale_faces(
    fc_fonts: Iterable[tuple[str, Iterable[str]]], known_names: set[str], known_files: set[str]
) -> list[str]:
    """CJK faces that fontconfig lists but matplotlib knows neither by file nor by name."""
    stale: set[str] = set()
    for file, families in fc_fonts:
        wanted = [f for f in families if _is_wanted(f)]
        if not wanted or os.path.realpath(file) in known_files:
            continue
        stale.update(f for f in wanted if f not in known_names)
    rank = {f: i for i, f in enumerate(CJK_FAMILIES)}
    return sorted(stale, key=lambda f: (rank.get(f, len(rank)), f))


def check_font_cache(*, warn: bool = True, _stacklevel: int = 2) -> list[str]:
    """CJK faces installed on the system (per ``fc-list``) that matplotlib does not know.

    A non-empty answer means matplotlib's font cache predates the fonts. With *warn*
    an :class:`orggraph.OrgWarning` says which cache file to delete. Without
    ``fc-list`` (Windows, macOS without fontconfig) the answer is always empty.

    >>> check_font_cache(warn=False)
    []
    """
    names, files = _known_fonts()
    stale = _stale_faces(_fc_list(), names, files)
    if stale and warn:
        warnings.warn(
            f"the font(s) {', '.join(stale[:3])} are installed (fc-list lists them) but "
            "matplotlib's font cache predates them, so Chinese text would show as boxes. "
            f"Delete {font_cache_path()} (then restart Python), or call "
            "orggraph.render.fonts.rebuild_font_cache(), which runs "
            "matplotlib.font_manager._load_fontmanager(try_read_cache=False).",
            OrgWarning,
            stacklevel=_stacklevel,
        )
    return stale


@functools.lru_cache(maxsize=1)
def _find_cjk_family() -> str | None:
    names, _ = _known_fonts()
    for family in CJK_FAMILIES:
        if family in names:
            found: str | None = family
            break
    else:
        found = next((n for n in sorted(names) if _is_wanted(n)), None)
    if found is not None and found != CJK_FAMILIES[0]:
        # Perhaps a better face is installed but matplotlib's cache predates it. (With
        # no face at all, cjk_rc warns when there is Chinese text to draw.)
        check_font_cache(warn=True, _stacklevel=4)
    return found


def cjk_family() -> str | None:
    """The best CJK face matplotlib knows (see :data:`CJK_FAMILIES`), or ``None``.

    The answer is cached for the process; :func:`rebuild_font_cache` refreshes it.

    >>> family = cjk_family()
    >>> family is None or isinstance(family, str)
    True
    """
    return _find_cjk_family()


def rebuild_font_cache() -> str | None:
    """Rescan the system's fonts, rewrite matplotlib's font cache, return :func:`cjk_family`.

    Runs ``matplotlib.font_manager._load_fontmanager(try_read_cache=False)`` and puts the
    new font manager in place, so fonts installed after matplotlib first ran are found
    without restarting Python.
    """
    from matplotlib import font_manager

    load = vars(font_manager).get("_load_fontmanager")
    if load is None:  # a matplotlib without this private helper
        raise OrgError(
            f"cannot rebuild matplotlib's font cache from Python; delete {font_cache_path()} "
            "and restart Python"
        )
    manager = load(try_read_cache=False)
    font_manager.fontManager = manager
    font_manager.findfont = manager.findfont
    font_manager.get_font_names = manager.get_font_names
    _fc_list.cache_clear()
    _find_cjk_family.cache_clear()
    return _find_cjk_family()


def _family_list(cjk: str | None) -> list[str]:
    return [LATIN_FAMILY] if cjk is None else [LATIN_FAMILY, cjk]


@contextmanager
def cjk_rc(texts: Iterable[str] = ()) -> Iterator[list[str]]:
    """Use ``[LATIN_FAMILY, <CJK face>]`` as the font inside the ``with`` block.

    Sets ``font.family`` and ``font.sans-serif`` through ``matplotlib.rc_context``, so
    the previous settings come back afterwards, and yields the family list. Text
    created inside keeps the list (``font.family`` holds real face names, not
    ``"sans-serif"``); for artists made elsewhere use :func:`apply_family`. If *texts*
    contain CJK characters and matplotlib knows no CJK face, warns: with the cache file
    to delete when ``fc-list`` shows one is installed (a stale font cache), otherwise
    with the command that installs one.

    >>> import matplotlib
    >>> before = matplotlib.rcParams["font.family"]
    >>> with cjk_rc(["Sales"]) as family:
    ...     matplotlib.rcParams["font.family"] == family
    True
    >>> matplotlib.rcParams["font.family"] == before
    True
    """
    import matplotlib

    cjk = cjk_family()
    if cjk is None and has_cjk(list(texts)) and not check_font_cache(_stacklevel=5):
        warnings.warn(
            "no CJK font found, so Chinese text will show as boxes; install one with "
            f"`{INSTALL_HINT}` (or any of {', '.join(CJK_FAMILIES)}), then call "
            "orggraph.render.fonts.rebuild_font_cache() or restart Python",
            OrgWarning,
            stacklevel=3,
        )
    family = _family_list(cjk)
    sans = [*family, *(f for f in matplotlib.rcParams["font.sans-serif"] if f not in family)]
    with matplotlib.rc_context({"font.family": family, "font.sans-serif": sans}):
        yield list(family)


def apply_family(artist: Any, family: list[str]) -> None:
    """Set *family* on every text of *artist* (a figure or axes) and on its future ticks.

    Tick labels that matplotlib creates later, at draw time, get it too, so the figure
    draws the same whatever the global settings are when it is saved.
    """
    from matplotlib.axes import Axes
    from matplotlib.text import Text

    for text in artist.findobj(Text):
        text.set_fontfamily(family)
    axes = [artist] if isinstance(artist, Axes) else list(getattr(artist, "axes", []))
    for ax in axes:
        with suppress(TypeError, ValueError):  # matplotlib < 3.8 has no labelfontfamily
            ax.tick_params(axis="both", which="both", labelfontfamily=family)
