"""Removing a replaced output folder after the command is done, in a process of its own, at low priority.

Why: once `pactkg dist` has swapped a new dist/ in, the previous one only has to go. At 1000x it holds some
2.4 million files; removing them took 2.5 minutes here (53 s of it in the kernel: `time rm -rf` of a 1000x
dist/, session 26), all of it on the clock of a `make` whose output was already complete. The removal is
handed to a detached process: it leaves the command's session, runs at the lowest priority, holds none of
the command's files (not the build lock, not the pipes a caller reads the output from), and so is no part
of the command's run or of its process tree.

The folder is first renamed by that process to `.<target>.old-<its pid>-<random>` (pactkg.common.staging's
names), before the command goes on: while it runs, a new build sees a folder whose process lives and leaves
it alone; if it is killed half way, the next build sees a leftover and removes it. Anything that goes wrong
before the rename (no fork on this system, a rename refused) and the folder is removed here, at once, as
before.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path


def remove_later(folder: Path, target: Path) -> bool:
    """Hand `folder` (beside `target`) to a detached process that renames it and removes it; True once it
    is renamed (the process then removes it on its own), False when it was removed here instead."""
    folder, target = Path(folder).absolute(), Path(target).absolute()
    if not hasattr(os, "fork") or not hasattr(os, "setsid"):
        shutil.rmtree(folder, ignore_errors=True)
        return False
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - in the child, which ends with os._exit (coverage cannot follow it)
        _child(folder, target, read_end, write_end)
    os.close(write_end)
    try:
        os.waitpid(pid, 0)  # the first child: it only forks the remover and leaves
        with os.fdopen(read_end, "rb") as said:
            renamed = said.read(1) == b"1"  # b"" when the remover ended (or died) before it could say
    except OSError:
        renamed = False
    if not renamed and folder.exists():
        shutil.rmtree(folder, ignore_errors=True)
    return renamed


def _child(folder: Path, target: Path, read_end: int, write_end: int) -> None:  # pragma: no cover - forked
    """The first child: a new session, then the remover forked from it (so that it is no child of the
    command's process, which never waits for it), then gone."""
    code = 0
    try:
        os.close(read_end)
        os.setsid()
        if os.fork() == 0:
            _remover(folder, target, write_end)
    except BaseException:  # noqa: BLE001 - nothing may escape a forked child: the command removes it itself
        code = 1
    finally:
        os._exit(code)


def _remover(folder: Path, target: Path, write_end: int) -> None:  # pragma: no cover - forked
    code = 0
    try:
        _let_go_of_the_commands_files(write_end)
        try:
            os.nice(19)
        except OSError:
            pass
        renamed = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-{os.getpid()}-", dir=target.parent))
        os.rename(folder, renamed)  # replaces the empty folder just made: the name is ours alone
        os.write(write_end, b"1")
        os.close(write_end)
        shutil.rmtree(renamed, ignore_errors=True)
    except BaseException:  # noqa: BLE001 - the command removes the folder itself when it hears nothing
        code = 1
    finally:
        os._exit(code)


def _let_go_of_the_commands_files(keep: int) -> None:  # pragma: no cover - forked
    """Standard input and output to /dev/null and every other descriptor closed but `keep`: a reader of the
    command's output would otherwise wait for the removal to end, and the build lock (a flock) would be held."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    top = os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 1024
    os.closerange(3, keep)
    os.closerange(keep + 1, max(top, keep + 2))
