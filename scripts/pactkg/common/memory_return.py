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
    """Collect Python's unreachable cycles, then return the C heap's free pages to the system."""
    gc.collect()
    trim = _trim()
    if trim is not None:
        trim(0)
