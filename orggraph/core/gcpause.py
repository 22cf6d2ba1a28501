"""The cyclic garbage collector, paused around bulk builds."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic GC: building millions of objects triggers it over and over for
    nothing to collect.

    >>> with paused():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # What was made here is mostly long-lived (an organisation's columns). Move
            # it to the oldest generation (freeze, then unfreeze) instead of letting the
            # next young collection walk every cell of every million-row column: about
            # 1 s at a million units, for nothing to collect. Not when the caller froze
            # objects itself (a preforking server): unfreeze would undo that.
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()
