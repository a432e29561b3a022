"""Run one function in a forked copy of this process while this process goes on with other work.

Why: some steps read the same input and write different files, and neither needs the other's result until
later (the release's entity documents beside its JSON-LD, statistics and RDF 1.2 edition): on two cores
they can run side by side. Forked as in fork_map, for the same reasons: the copy shares this process's
memory copy-on-write and needs nothing pickled to start; only its result comes back pickled, once, when it
is done. fork_map maps one function over many items; this runs one function aside, once.

`standing_by` forks the copy at once but lets it wait for its argument: for work whose input exists only later
(the build's QC checks need the dump), while this process is still small. A copy forked from a large process
shares its pages, and every page either side then writes to (reference counts: the build's validation walks its
whole graph) is copied: at 1000x that doubled the build's memory (docs/benchmarks.md, session 22).

A copy that raises or dies becomes a fork_map.ForkMapError when its result is asked for (the same error as
a failed fork_map worker, so callers say it once). If this process leaves the `with` block by an exception
of its own, the copy is killed and waited for: no process is left writing into a folder being removed.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
from contextlib import contextmanager
from typing import Any, Callable, Generic, Iterator, TypeVar

from pactkg.common import memory_return
from pactkg.common.fork_map import ForkMapError, send_outcome

R = TypeVar("R")


class Task(Generic[R]):
    """func() running in a forked copy (or, not forked, run here when its result is first asked for)."""

    def __init__(self, func: Callable[[], R], fork: bool, daemon: bool = True) -> None:
        self._func, self._proc, self._receive = func, None, None
        self._done, self._value = False, None
        if fork and "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            sys.stdout.flush()
            sys.stderr.flush()  # the copy must not write what this process had buffered
            receive, send = ctx.Pipe(duplex=False)
            thaw = memory_return.freeze_for_fork()  # out of the copy's collector: no page copied for their headers
            try:
                self._proc = ctx.Process(target=send_outcome, args=(send, func), daemon=daemon)
                self._proc.start()
            finally:
                thaw()
                send.close()
            self._receive = receive

    @property
    def forked(self) -> bool:
        return self._proc is not None

    def running(self) -> bool:
        """Whether the forked copy is still at work (False when not forked): for work to do meanwhile."""
        return self._proc is not None and self._proc.is_alive()

    def result(self) -> R:
        """func()'s result: waits for the copy; raises ForkMapError if it failed or died."""
        if not self._done:
            if self._proc is None:
                self._value = self._func()
            else:
                try:
                    status, payload = self._receive.recv()
                except EOFError:
                    self._proc.join()
                    raise ForkMapError(f"a worker process ended without its result (exit code {self._proc.exitcode})") from None
                finally:
                    self._receive.close()
                self._proc.join()
                if status != "ok":
                    raise ForkMapError(f"a worker process failed:\n{payload}")
                self._value = payload
            self._done = True
        return self._value

    def _stop(self) -> None:
        if self._proc is not None and self._proc.is_alive():
            self._proc.kill()
        if self._proc is not None:
            self._proc.join()
            self._receive.close()


@contextmanager
def started(func: Callable[[], R], fork: bool = True, daemon: bool = True) -> Iterator[Task[R]]:
    """func() started in a forked copy (fork=False: run here, at .result()); the copy is stopped and waited
    for when the block ends, by an exception or without asking for the result. daemon=False for a copy
    that forks copies of its own."""
    task = Task(func, fork, daemon=daemon)
    try:
        yield task
    finally:
        task._stop()


class Standby(Generic[R]):
    """func(arg) in a copy forked now that waits for `arg` (go); not forked: run here when its result is asked for.

    A copy that is never given its argument ends quietly when the pipe closes (stop, or this process's end)."""

    def __init__(self, func: Callable[[Any], R], fork: bool) -> None:
        self._func, self._arg, self._given = func, None, False
        self._task: Task[R] | None = None
        self._send = None
        if fork and "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            receive, send = ctx.Pipe(duplex=False)
            # Not a daemon: the copy may fork workers of its own (the QC checks do); standing_by stops it.
            self._task = Task(lambda: _when_given(receive, send, func), fork=True, daemon=False)
            receive.close()
            self._send = send

    @property
    def forked(self) -> bool:
        return self._task is not None and self._task.forked

    def go(self, arg: Any) -> None:
        """Give the copy its argument (pickled): it starts now."""
        if self._given:
            raise RuntimeError("Standby.go called twice")
        self._given, self._arg = True, arg
        if self._send is not None:
            self._send.send(arg)
            self._send.close()
            self._send = None

    def result(self) -> R:
        """func(arg): waits for the copy; ForkMapError if it failed or died. go() must have been called."""
        if not self._given:
            raise RuntimeError("Standby.result called before go")
        if self._task is None:
            self._task = Task(lambda: self._func(self._arg), fork=False)
        return self._task.result()

    def given_elsewhere(self) -> None:
        """The argument was sent by another forked copy of this process, which holds the same pipe (the
        release's copy in `pactkg dist` starts the site's): mark it given; this end is closed unused."""
        self._given = True
        if self._send is not None:
            self._send.close()
            self._send = None

    def _stop(self) -> None:
        if self._send is not None:
            self._send.close()
            self._send = None
        if self._task is not None:
            self._task._stop()


def portable(exc: BaseException, fallback: Callable[[str], BaseException]) -> BaseException:
    """`exc` if it comes back from a copy as itself (pickled: the same type and message), else fallback(its
    message): an exception whose __init__ does not take its own args cannot be unpickled, and a copy's result
    that cannot be unpickled would be lost with its message."""
    try:
        back = pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - any failure to pickle or unpickle means the same: not portable
        return fallback(str(exc))
    return exc if type(back) is type(exc) and str(back) == str(exc) else fallback(str(exc))


def _when_given(receive, send, func: Callable[[Any], R]) -> R:
    """In the copy: wait for the argument, then compute. The sending end is closed here first, so that the
    parent's close (or death) is seen as the end of the pipe."""
    send.close()
    try:
        arg = receive.recv()
    except EOFError:
        os._exit(0)  # never given its argument: nothing to do, nothing to say
    finally:
        receive.close()
    return func(arg)


@contextmanager
def standing_by(func: Callable[[Any], R], fork: bool = True) -> Iterator[Standby[R]]:
    """A Standby for func (fork=False: run here, at .result()); the copy is stopped and waited for when the
    block ends, by an exception or without asking for the result."""
    standby = Standby(func, fork)
    try:
        yield standby
    finally:
        standby._stop()
