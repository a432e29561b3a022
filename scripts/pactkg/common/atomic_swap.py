"""Replace an output folder by a freshly built one, so that readers never see half of it.

Shared by the build, the release and the site: each writes into a temporary folder beside its target and
swaps it in only when everything in it is complete.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import sys
from pathlib import Path
from typing import Callable

from pactkg.common import staging


def swap_in(new: Path, dist: Path, remove_old: Callable[[Path, Path], object] | None = None) -> None:
    """Put `new` in place of `dist`: one atomic exchange where the kernel offers it, else two renames.

    The previous `dist` is then removed by remove_old(folder, dist) when given (`pactkg dist` of a large
    output: pactkg.common.removal_aside), else here."""
    if not dist.exists():
        os.rename(new, dist)
        return
    if exchange(new, dist):
        if remove_old is not None:
            remove_old(new, dist)  # now holds the previous release
        else:
            shutil.rmtree(new)
        return
    old = staging.make(dist, "old")
    os.rmdir(old)
    os.rename(dist, old)
    try:
        os.rename(new, dist)
    except OSError:
        os.rename(old, dist)
        raise
    if remove_old is not None:
        remove_old(old, dist)
    else:
        shutil.rmtree(old, ignore_errors=True)


def exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE): swap two paths atomically (Linux). False when not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    rc = fn(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return rc == 0
