"""Map a function over items in this process and forked copies of it, for work that reads a large store.

Why fork and not threads: pyoxigraph keeps the GIL while it runs a query or loads a file (measured: two
threads answering took as long as one after the other), so threads give no speed. A forked child shares the
parent's in-memory store copy-on-write (the store lives in Rust memory that the child only reads), so it
starts at once without loading anything again. multiprocessing's Pool is not used: it would pickle the work
to each worker, and the store cannot be pickled.

The items are taken in order from a shared counter, so a slow item does not hold the others up; each result
comes back by its index, so the output does not depend on which process did what. A child sends its results
once, when no item is left (a child that wrote each result at once would wait on a full pipe while the
parent works). An exception in a child, or a child that dies, becomes a ForkMapError in the parent.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from typing import Callable, Sequence, TypeVar

from pactkg.common import memory_return

T = TypeVar("T")
R = TypeVar("R")


class ForkMapError(RuntimeError):
    """A forked worker failed: the message says how (its traceback, or its exit code)."""


def _take(counter, items: Sequence[T], func: Callable[[T], R]) -> list[tuple[int, R]]:
    done = []
    while True:
        with counter.get_lock():
            i = counter.value
            counter.value += 1
        if i >= len(items):
            return done
        done.append((i, func(items[i])))


def send_outcome(conn, compute: Callable[[], R]) -> None:
    """A forked child's last act: ("ok", compute()) or ("error", its traceback) sent to the parent, the pipe
    closed. Also used by fork_task."""
    try:
        message = ("ok", compute())
    except BaseException:  # noqa: BLE001 - everything goes back to the parent, which raises it
        message = ("error", traceback.format_exc())
    send_and_close(conn, message)


def send_and_close(conn, message) -> None:
    """`message` sent on `conn`, then `conn` closed; a parent that no longer listens (it failed itself, and says
    why) is let be."""
    try:
        conn.send(message)
    except OSError:
        pass
    finally:
        conn.close()


def _child(conn, counter, items, func) -> None:
    send_outcome(conn, lambda: _take(counter, items, func))


def fork_map(func: Callable[[T], R], items: Sequence[T], workers: int = 2) -> list[R]:
    """[func(x) for x in items], computed by this process and workers - 1 forked children.

    func's results must be picklable. With workers <= 1, one item, or no fork on this system, the items are
    mapped here in order (nothing is forked)."""
    items = list(items)
    if workers <= 1 or len(items) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [func(x) for x in items]
    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("l", 0)
    sys.stdout.flush()
    sys.stderr.flush()  # a child must not write what the parent had buffered
    children = []
    # The parent's Python objects (e.g. the build's rdflib graph) go out of the collector's reach in the
    # child: a collection there would write to every object's header and so copy every page holding one.
    thaw = memory_return.freeze_for_fork()
    try:
        for _ in range(min(workers, len(items)) - 1):
            receive, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(send, counter, items, func), daemon=True)
            proc.start()
            send.close()
            children.append((proc, receive))
    finally:
        thaw()
    results: dict[int, R] = {}
    try:
        results.update(_take(counter, items, func))
        for proc, receive in children:
            try:
                status, payload = receive.recv()
            except EOFError:
                proc.join()
                raise ForkMapError(f"a worker process ended without its results (exit code {proc.exitcode})") from None
            if status != "ok":
                raise ForkMapError(f"a worker process failed:\n{payload}")
            results.update(payload)
    finally:
        with counter.get_lock():
            counter.value = len(items)  # the children stop after their current item
        for proc, receive in children:
            receive.close()
            proc.join(timeout=60)
            if proc.is_alive():
                proc.kill()
                proc.join()
    return [results[i] for i in range(len(items))]


def workers_for(large: bool) -> int:
    """How many processes a caller's work gets: two (or one on a single CPU) when it is large enough for a
    fork to pay, else one. Each caller says what "large" is for its work."""
    return min(2, cpu_count()) if large else 1


def cpu_count() -> int:
    """The CPUs this process may run on (the affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
