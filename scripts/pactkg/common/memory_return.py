"""Give memory a finished step freed back to the system, so that the next step does not start from its peak.

Freeing a large structure leaves its pages with the C allocator: Python's collector frees reference cycles
only when it runs, and glibc keeps freed blocks inside its heap for reuse instead of unmapping them. A
pyoxigraph store lives in that heap, and Python's own small-object arenas are mapped apart from it, so the
memory a freed store leaves is not reused by the rdflib graph parsed next: at 1000x the build parsed its
graph on top of 800 MB of freed store (docs/benchmarks.md, session 20). `malloc_trim` (glibc) hands such
free pages back. It is one C call, made through ctypes; no library wraps it. Elsewhere (no glibc) nothing
happens beyond the collection.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from contextlib import contextmanager
from functools import lru_cache


@lru_cache(maxsize=1)
def _trim():
    """glibc's malloc_trim, or None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        return libc.malloc_trim
    except (OSError, AttributeError, TypeError):
        return None


def give_back() -> None:
    """Collect Python's unreachable cycles, then return the C heap's free pages to the system.

    What kept_apart() froze is given back to the collector first, so that a structure built there and dropped
    since (the build's graph: rdflib's Graph and its namespace manager refer to each other) is freed here."""
    gc.unfreeze()
    gc.collect()
    trim = _trim()
    if trim is not None:
        trim(0)


@contextmanager
def collector_paused():
    """Python's cyclic collector off inside the block (as it was after it), for a long pass that makes
    millions of objects without cycles while it holds a large structure that each of the collector's full
    runs would walk again. Nothing is left uncollected: a cycle made inside is collected at the next run
    after the block. The release's entity documents at 100x (publish.entity_documents.write_all without
    the files): 5.0 against 4.75 s of CPU, the same peak (bench_docs.py, session 25). For a structure that
    outlives the block, kept_apart() (below) also keeps it out of the later full runs."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextmanager
def kept_apart():
    """The collector off while the block builds a large structure that outlives it (the build's graph, the
    release's view of the dump), and that structure, with everything else alive at the end, out of the
    collector's reach afterwards (gc.freeze) until give_back().

    Why: the collector walks every object it tracks each time their number has grown by a quarter since its
    last full run. A structure of millions of objects built up from nothing is walked some twenty times as it
    grows, and again in each full run after it while it lives. Measured at 1000x (`pactkg dist` with a
    gc.callbacks probe, session 27): 34 s of CPU in the build's and release's process went to those full runs,
    about 24 s of it while the graph and the view were built; with kept_apart, `make` at 1000x took 339 and
    325 s of wall time, 617 and 591 s of CPU, against 351 and 349 s, 640 and 637 s (two pairs of runs side by
    side: docs/benchmarks.md, session 27), at the same peak.
    Parsing our Turtle makes no cycles (gc.collect() after a parse of the 10x sources with the collector off
    finds nothing), so nothing is left waiting. Frozen objects are still freed when their last reference
    goes; only a cycle among them waits for give_back(), which every step that drops such a structure calls."""
    with collector_paused():
        try:
            yield
        finally:
            gc.freeze()


def freeze_for_fork():
    """gc.freeze() before a fork (the copy's collector then leaves the parent's objects, and so their pages,
    alone); call the function it returns after the fork: it unfreezes, unless something was frozen before
    (kept_apart), which stays out of the collector's reach until give_back()."""
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    return (lambda: None) if frozen_before else gc.unfreeze
