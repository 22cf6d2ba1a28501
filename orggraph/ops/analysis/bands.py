"""OrgVue's span-of-control bands and target bands (shared by spans by units and by people)."""

from __future__ import annotations

import re

from orggraph.errors import OrgError

__all__ = ["BANDS", "TARGET_BAND", "band_of", "parse_band"]

#: OrgVue's span-of-control bands: ``(label, lowest span, highest span or None)``.
BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("1", 1, 1),
    ("2-3", 2, 3),
    ("4-7", 4, 7),
    ("8-12", 8, 12),
    ("13-16", 13, 16),
    ("17+", 17, None),
)

#: The default target band of :func:`outside_band`.
TARGET_BAND = "4-7"


def band_of(span: int) -> str:
    """The label of the OrgVue band holding *span* (see :data:`BANDS`).

    >>> [band_of(n) for n in (1, 3, 4, 7, 8, 16, 17, 40)]
    ['1', '2-3', '4-7', '4-7', '8-12', '13-16', '17+', '17+']
    """
    for label, lo, hi in BANDS:
        if span >= lo and (hi is None or span <= hi):
            return label
    raise OrgError(f"a span of control is at least 1, not {span!r}")


def _band_label(lo: int, hi: int | None) -> str:
    if hi is None:
        return f"{lo}+"
    return str(lo) if lo == hi else f"{lo}-{hi}"


def parse_band(band: object) -> tuple[str, int, int | None]:
    """A target band as ``(label, lowest, highest or None)``.

    *band* is a label of :data:`BANDS`, a string ``"lo-hi"``, ``"lo+"`` or ``"n"``, or a
    pair ``(lo, hi)`` with ``hi=None`` for no upper limit.

    >>> parse_band("4-7"), parse_band((3, 8)), parse_band("10+"), parse_band((2, None))
    (('4-7', 4, 7), ('3-8', 3, 8), ('10+', 10, None), ('2+', 2, None))
    >>> parse_band("wide")
    Traceback (most recent call last):
    ...
    orggraph.errors.OrgError: unknown band 'wide'; choose one of 1, 2-3, 4-7, 8-12, 13-16, 17+, or give 'lo-hi', 'lo+' or a pair (lo, hi)
    """
    lo: object
    hi: object
    if isinstance(band, str):
        m = re.fullmatch(r"\s*(\d+)\s*(?:(-)\s*(\d+)|(\+))?\s*", band)
        if m is None:
            lo = hi = None
        else:
            lo = int(m.group(1))
            hi = int(m.group(3)) if m.group(2) else None if m.group(4) else lo
    elif isinstance(band, (tuple, list)) and len(band) == 2:
        lo, hi = band
    else:
        lo = hi = None
    ok = (
        isinstance(lo, int)
        and not isinstance(lo, bool)
        and lo >= 1
        and (hi is None or (isinstance(hi, int) and not isinstance(hi, bool) and hi >= lo))
    )
    if not ok or not isinstance(lo, int) or not (hi is None or isinstance(hi, int)):
        labels = [b[0] for b in BANDS]
        raise OrgError(
            f"unknown band {band!r}; choose one of {', '.join(labels)}, or give 'lo-hi', "
            "'lo+' or a pair (lo, hi)",
            choices=labels,
        )
    return _band_label(lo, hi), lo, hi
