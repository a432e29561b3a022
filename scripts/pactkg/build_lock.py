"""One build at a time (issue 10): `make release` and `make site` run together used to drop dist/site or
crash. Every command that writes the published folder holds an exclusive lock on it while it works; a second
one stops at once with a message naming the first.

The lock is an flock(2) on a file beside the published folder (`.dist.lock` for dist/): the kernel releases
it when the holder exits, however it exits, so a killed build leaves no stale lock behind. Outputs inside the
published folder (dist/site) take the published folder's lock, since the build replaces dist/ as a whole.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path


class BuildLocked(Exception):
    """Another command is writing the same folder."""


def lock_path(target: Path, published: Path | None = None) -> Path:
    """The lock file for writing `target`: that of `published` if target is it or inside it."""
    target = Path(target).resolve()
    if published is not None:
        published = Path(published).resolve()
        if target == published or published in target.parents:
            target = published
    return target.parent / f".{target.name}.lock"


@contextlib.contextmanager
def hold(target: Path, command: str, published: Path | None = None):
    """Hold the lock for writing `target` (raise BuildLocked if another process holds it)."""
    path = lock_path(target, published)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            raise BuildLocked(
                f"{path.parent / path.name[1:-5]}: {holder} is writing it; wait for it to finish and run "
                f"'{command}' again (one build at a time)."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"'{command}' (pid {os.getpid()}, since {time.strftime('%H:%M:%S')})".encode(), 0)
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
