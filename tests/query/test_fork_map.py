"""pactkg.common.fork_map, which answers the questions and runs the QC checks in two processes on large
stores: results in the items' order whoever computed them, and a worker's failure raised in the parent."""

from __future__ import annotations

import os
import time

import pytest

from pactkg.common import fork_map

ITEMS = list(range(50))


def slow(x):
    """An item that takes long enough for the forked worker to start and take some (1 s in all at most)."""
    time.sleep(0.02)
    return x


def test_results_come_back_in_order_from_both_processes():
    parent = os.getpid()
    out = fork_map.fork_map(lambda x: (slow(x) ** 2, os.getpid() == parent), ITEMS, workers=2)
    assert [v for v, _ in out] == [x * x for x in ITEMS]
    assert not all(here for _, here in out), "the forked worker answered nothing"


def test_one_worker_forks_nothing():
    parent = os.getpid()
    assert fork_map.fork_map(lambda x: os.getpid() == parent, [1, 2, 3], workers=1) == [True, True, True]


def test_an_exception_in_the_worker_is_raised_in_the_parent():
    parent = os.getpid()

    def fail_in_child(x):
        if os.getpid() != parent:
            raise ValueError("broken in the child")
        return slow(x)

    with pytest.raises(fork_map.ForkMapError, match="broken in the child"):
        fork_map.fork_map(fail_in_child, ITEMS, workers=2)


def test_a_worker_that_dies_is_reported():
    parent = os.getpid()

    def die_in_child(x):
        if os.getpid() != parent:
            os._exit(3)
        return slow(x)

    with pytest.raises(fork_map.ForkMapError, match="exit code 3"):
        fork_map.fork_map(die_in_child, ITEMS, workers=2)


def test_an_exception_in_the_parent_stops_the_worker():
    parent = os.getpid()

    def fail_in_parent(x):
        if os.getpid() == parent:
            raise KeyError("parent")
        return slow(x)

    with pytest.raises(KeyError):
        fork_map.fork_map(fail_in_parent, ITEMS, workers=2)
