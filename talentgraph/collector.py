"""Python's cyclic garbage collector, run less often while bulk work builds what it keeps.

An import of 100,000 facts builds millions of objects (records, rows, parameters)
that all stay alive until it ends. Python collects its youngest generation every 700
new objects, and every collection that reaches the older ones walks them all again,
finding nothing to free: at 100,000 objects between collections, parsing 100,000 facts
and building their rows took 36-39% less (docs/benchmarks.md, imports at scale, measured
alone).

The collector is never turned off: the same importer runs inside the API process
(`POST /import`), beside other requests whose cyclic garbage (exceptions with their
frames) must still be freed, and imports that overlap or follow one another must not
hold it off for good. Reference counting frees everything that is not in a cycle.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

BULK_THRESHOLD = 100_000  # new objects between two collections of the youngest generation
_holders = 0  # blocks in progress: two imports may overlap
_before: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def bulk() -> Iterator[None]:
    """Collect the youngest generation every BULK_THRESHOLD objects inside the block (and
    any block overlapping it), then as often as before."""
    global _holders, _before
    if _holders == 0:
        _before = gc.get_threshold()
        if 0 < _before[0] < BULK_THRESHOLD:  # 0: turned off by someone else, left so
            gc.set_threshold(BULK_THRESHOLD, *_before[1:])
    _holders += 1
    try:
        yield
    finally:
        _holders -= 1
        if _holders == 0:
            gc.set_threshold(*_before)
