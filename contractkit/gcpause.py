"""Pausing Python's cyclic garbage collector around allocation-heavy pure work.

Loading a contract builds several objects per YAML node (node, marks, source positions,
pydantic models) and frees almost none of them until the end; every few hundred
allocations the collector walks the young objects and, ever more often as they survive,
the old ones. At 10,000 fields that walking cost as much as the work itself (loading
1.3 s -> 0.6 s, diffing 0.75 s -> 0.5 s, `benchmarks/diff_scale.py`). The pause ends with
the work; reference counting frees everything acyclic meanwhile, and the next collection
picks up any cycles.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off, restoring its state after (nestable)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
