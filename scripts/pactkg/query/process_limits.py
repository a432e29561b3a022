"""Stop a runaway query at its limits (issue 10): a COUNT over a cartesian product kept a CPU busy for
minutes after the endpoint's time limit, and an ORDER BY grew memory by ~140 MB/s until the process aborted.

A query thread inside a process cannot be stopped, so queries are evaluated in a separate process that is
watched from outside and killed (SIGKILL) when it passes its deadline or its memory bound. Memory is its
resident set, read from /proc every POLL_S; at ~140 MB/s growth the overshoot is a few tens of MB.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass

POLL_S = 0.05


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 60.0
    memory_mb: int = 1024

    def describe(self) -> str:
        return f"{self.timeout_s:g} s, {self.memory_mb} MB"


def rss_bytes(pid: int) -> int:
    """Resident set size of a process (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class Watch:
    """Watch one process for one query: `check()` says 'time' or 'memory' (and kills it) when a limit is passed."""

    def __init__(self, pid: int, limits: Limits, baseline_rss: int | None = None):
        self.pid = pid
        self.limits = limits
        self.deadline = time.monotonic() + limits.timeout_s
        # The bound applies to what the query adds to the process's size when it starts.
        self.baseline = rss_bytes(pid) if baseline_rss is None else baseline_rss
        self.stopped: str | None = None

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def check(self) -> str | None:
        if self.stopped:
            return self.stopped
        if time.monotonic() >= self.deadline:
            self.stopped = "time"
        elif rss_bytes(self.pid) - self.baseline > self.limits.memory_mb * 1024 * 1024:
            self.stopped = "memory"
        if self.stopped:
            kill(self.pid)
        return self.stopped

    def message(self, where: str) -> str:
        if self.stopped == "time":
            return (f"{where}: the query was stopped at the {self.limits.timeout_s:g} s time limit. "
                    "Make it more selective (add patterns, a LIMIT), or raise the limit.")
        return (f"{where}: the query was stopped at the {self.limits.memory_mb} MB memory limit. "
                "Make it more selective (a LIMIT, no ORDER BY over millions of rows), or raise the limit.")


class LimitExceeded(Exception):
    """The query passed its time or memory limit and its process was killed; str() is the full message."""


def call_in_child(fn, limits: Limits, where: str):
    """Run `fn()` in a forked child watched by `limits`; return its (picklable) result or raise its exception.

    The child shares the parent's memory (the loaded store) copy-on-write, so nothing is loaded twice.
    """
    import pickle
    import select

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: evaluate, send the outcome, leave without running the parent's cleanup
        os.close(r)
        try:
            outcome = ("ok", fn())
        except BaseException as exc:  # sent to the parent, which raises it
            outcome = ("error", exc)
        try:
            data = pickle.dumps(outcome)
        except Exception as exc:
            data = pickle.dumps(("error", RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]}")))
        view = memoryview(data)
        while view:
            view = view[os.write(w, view):]
        os._exit(0)
    os.close(w)
    watch = Watch(pid, limits)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([r], [], [], POLL_S)
            if ready:
                chunk = os.read(r, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
            if watch.check():
                break
    finally:
        os.close(r)
        if watch.stopped:
            kill(pid)
        _, status = os.waitpid(pid, 0)
    if watch.stopped:
        raise LimitExceeded(watch.message(where))
    if not chunks:
        why = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}"
        raise LimitExceeded(f"{where}: the query's process died ({why}) before answering; it probably ran out "
                            "of memory. Make the query more selective.")
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "error":
        raise value
    return value
