"""Loading large input files faster: a lenient load in this process, checked by a strict parse in a forked one.

pyoxigraph's lenient parser skips the validation of IRIs (and other checks of the strict parser) and fills the
in-memory store with 22% less CPU (0.54 against 0.69 s for the 100x synthetic data, 27 Nov 2026; 12% less with
the strict parse of this module running beside it: 1.88 against 2.14 s at 300x, busy machine). On a
valid file it gives the same triples; on an invalid one it may load a malformed IRI without a word, which is why
it was not used alone (session 20). Here nothing loaded leniently is used before a child process, forked before
loading starts, has parsed every file with the strict parser: the first file it refuses fails the whole load
with the strict parser's own message (file, line, column), as a strict load would. The child runs on the second
core while this process loads, so it costs CPU (the strict parse, about 0.38 s at 100x), not wall time while
that core is free.

Only for large inputs (the caller decides): below that, forking costs more than it saves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from pactkg.common import fork_task
from pactkg.common.fork_map import ForkMapError


class CheckProcessError(RuntimeError):
    """The checking process failed or died without a verdict: the message says how."""


def _first_problem(files: Sequence[Path], check_one: Callable[[Path], str | None]) -> str | None:
    for f in files:
        problem = check_one(f)
        if problem is not None:
            return problem
    return None


def load(files: Sequence[Path], load_one: Callable[[Path], None],
         check_one: Callable[[Path], str | None]) -> str | None:
    """Call load_one on each file here while a forked child calls check_one on each (common/fork_task); return
    the child's first problem (check_one's message), or None when every file passed. An exception of load_one is
    raised only when the check found no problem (a lenient parse that fails where the strict one passes); the
    child's own failure raises CheckProcessError. Without fork on this system the files are checked here, after
    loading."""
    files = list(files)
    with fork_task.started(lambda: _first_problem(files, check_one)) as check:
        failed: BaseException | None = None
        try:
            for f in files:
                load_one(f)
        except Exception as exc:  # noqa: BLE001 - the strict check says why first, if it can
            failed = exc
        try:
            problem = check.result()
        except ForkMapError as exc:
            raise CheckProcessError(f"the process checking the input files: {exc}") from None
    if problem is not None:
        return problem
    if failed is not None:
        raise failed
    return None
