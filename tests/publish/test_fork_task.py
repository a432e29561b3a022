"""common/fork_task: one function run in a forked copy while this process goes on (the release's entity
documents beside its other steps): its result, its failure or death as one error, and no copy left behind."""

from __future__ import annotations

import os
import time

import pytest

from pactkg.common import fork_task
from pactkg.common.fork_map import ForkMapError


def test_the_result_comes_from_a_forked_copy():
    parent = os.getpid()
    with fork_task.started(lambda: (os.getpid(), [1, 2, 3])) as task:
        assert task.forked
        pid, value = task.result()
    assert pid != parent and value == [1, 2, 3]
    assert task.result() == (pid, [1, 2, 3])  # asked again: the same, not run again


def test_not_forked_it_runs_here_when_asked():
    ran = []
    with fork_task.started(lambda: ran.append(os.getpid()) or "done", fork=False) as task:
        assert not task.forked and ran == []
        assert task.result() == "done" and ran == [os.getpid()]


def _fails():
    raise MemoryError("no room")


def _dies():
    os._exit(3)  # as a copy killed by the kernel: no exception, no result


@pytest.mark.parametrize("func, message", [(_fails, "(?s)failed:.*MemoryError: no room"),
                                           (_dies, "without its result \\(exit code 3\\)")])
def test_a_copy_that_fails_or_dies_is_one_error(func, message):
    with fork_task.started(func) as task:
        with pytest.raises(ForkMapError, match=message):
            task.result()


def test_a_failure_here_stops_the_copy(tmp_path):
    """This process fails while the copy works: the copy is killed and waited for, it writes nothing more."""
    marker = tmp_path / "late"

    def slow():
        time.sleep(5)
        marker.write_text("written after the parent failed")

    t0 = time.monotonic()
    with pytest.raises(RuntimeError, match="parent failed"):
        with fork_task.started(slow) as task:
            proc = task._proc
            raise RuntimeError("parent failed")
    assert not proc.is_alive() and time.monotonic() - t0 < 4
    time.sleep(0.1)
    assert not marker.exists()


def test_running_says_whether_the_copy_is_still_at_work():
    import time

    from pactkg.common import fork_task

    with fork_task.started(lambda: time.sleep(0.5) or 1, fork=True) as task:
        assert task.running()
        assert task.result() == 1 and not task.running()
    with fork_task.started(lambda: 2, fork=False) as task:
        assert not task.running() and task.result() == 2


# -- standing_by: forked now, given its argument later (the build's QC checks, beside its validation)

_LATER: list = []


def test_a_standby_copy_is_forked_at_once_and_computes_when_given_its_argument():
    _LATER.clear()
    with fork_task.standing_by(lambda arg: (os.getpid(), arg, len(_LATER))) as standby:
        assert standby.forked
        _LATER.extend(range(5))  # made after the fork: the copy does not see it
        standby.go({"dump": "x.ttl"})
        pid, arg, seen = standby.result()
    assert pid != os.getpid() and arg == {"dump": "x.ttl"} and seen == 0
    assert standby.result() == (pid, arg, 0)


def test_a_standby_not_forked_runs_here_when_asked():
    ran = []
    with fork_task.standing_by(lambda arg: ran.append(arg) or arg * 2, fork=False) as standby:
        assert not standby.forked
        standby.go(21)
        assert ran == []
        assert standby.result() == 42 and ran == [21]


def test_a_standby_copy_may_fork_workers_of_its_own():
    from pactkg.common.fork_map import fork_map

    def square(x):
        time.sleep(0.1)  # long enough for the worker to take some of the items
        return x * x, os.getpid()

    with fork_task.standing_by(lambda n: sorted(fork_map(square, range(n), 2))) as standby:
        standby.go(6)
        out = standby.result()
    assert [sq for sq, _ in out] == [0, 1, 4, 9, 16, 25]
    assert len({pid for _, pid in out}) == 2  # the copy and its own worker


def test_a_standby_that_fails_is_one_error():
    def fails(arg):
        raise ValueError(f"bad {arg}")

    with fork_task.standing_by(fails) as standby:
        standby.go("input")
        with pytest.raises(ForkMapError, match="(?s)failed:.*ValueError: bad input"):
            standby.result()


def test_a_standby_never_given_its_argument_ends_with_the_block():
    with fork_task.standing_by(lambda arg: arg) as standby:
        proc = standby._task._proc
        assert proc.is_alive()
    assert not proc.is_alive()
    with pytest.raises(RuntimeError, match="before go"):
        standby.result()


def test_a_failure_here_stops_a_standby_copy_at_work(tmp_path):
    marker = tmp_path / "late"

    def slow(path):
        time.sleep(5)
        marker.write_text("written after the parent failed")

    t0 = time.monotonic()
    with pytest.raises(RuntimeError, match="parent failed"):
        with fork_task.standing_by(slow) as standby:
            proc = standby._task._proc
            standby.go(str(marker))
            raise RuntimeError("parent failed")
    assert not proc.is_alive() and time.monotonic() - t0 < 4
    time.sleep(0.1)
    assert not marker.exists()


def test_a_standby_may_be_given_its_argument_by_another_copy():
    """`pactkg dist`: the release's copy tells the site's copy, through the pipe both inherited; this process
    then only marks it given and asks for the result."""
    with fork_task.standing_by(lambda arg: (os.getpid(), arg)) as standby:
        with fork_task.started(lambda: standby.go("from the other copy") or os.getpid()) as teller:
            teller_pid = teller.result()
        standby.given_elsewhere()
        pid, arg = standby.result()
    assert arg == "from the other copy" and len({pid, teller_pid, os.getpid()}) == 3


class _Unpicklable(Exception):
    def __init__(self, a, b):  # args is (message,): pickle would call _Unpicklable(message)
        super().__init__(f"{a} and {b}")


class _WithAttributes(Exception):
    def __init__(self, path):
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: missing"


@pytest.mark.parametrize("exc, kept", [(ValueError("bad value"), True), (FileNotFoundError(2, "No such file", "x.ttl"), True),
                                       (_WithAttributes("shapes.ttl"), True), (_Unpicklable("this", "that"), False)])
def test_an_exception_comes_back_from_a_copy_as_itself_or_as_its_message(exc, kept):
    with fork_task.started(lambda: fork_task.portable(exc, RuntimeError)) as task:
        back = task.result()
    assert str(back) == str(exc)
    assert type(back) is (type(exc) if kept else RuntimeError)
