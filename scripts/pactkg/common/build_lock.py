"""One build of an output folder at a time: an advisory lock (flock) on a file beside it.

Two `make` runs on the same dist/ would otherwise race to swap their folders in. The second one is told
who holds the lock and stops at once, changing nothing. The lock goes away with its process, even on a kill.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class Busy(Exception):
    """Another process is building the same output folder."""


@contextmanager
def exclusive(target: Path) -> Iterator[None]:
    target = Path(target).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_file = target.parent / f".{target.name}.lock"
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "another process"
            raise Busy(
                f"{target} is being built by process {holder}; wait for it to finish (or stop it), then run again. "
                "Nothing was changed."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)
