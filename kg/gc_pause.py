"""Pausing Python's cyclic garbage collector while a large graph is read, checked or written.

Loading, validating, indexing and exporting build hundreds of thousands of lists, dicts and
records and make no reference cycles worth collecting; every automatic collection on the way
walks all of them again (at 1M triples that was a fifth of the time). Pauses nest and may
overlap across threads: collection resumes when the last one ends.

What a pause built would still cost one walk per generation on its way to the oldest one,
landing on whatever runs next (a server's first requests). So when the last pause ends,
everything alive is moved out of the collector's sight (``gc.freeze``, which costs nothing);
the next pause moves it back first (``gc.unfreeze``), so garbage among it is collected again
from then on. A graph's records hold no reference cycles: dropping a graph frees it at once.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
            gc.unfreeze()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.freeze()
                gc.enable()
