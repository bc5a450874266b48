"""Pausing the cyclic garbage collector while a big document is rendered.

Rendering a department creates millions of small tuples (cells, slots, row pieces) that never
form reference cycles; the collector would walk the growing heap again and again, and that
took three quarters of the time of a 100,000-row workbook.  Reference counting still frees
everything as usual.
"""
from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
