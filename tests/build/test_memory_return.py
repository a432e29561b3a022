"""common.memory_return: glibc's malloc_trim is called after a collection; without it, only the collection.
What kept_apart() freezes stays out of the collector's reach, across a fork, until give_back()."""

from __future__ import annotations

import gc
import weakref

import pytest

from pactkg.common import fork_map, memory_return


@pytest.fixture(autouse=True)
def _nothing_left_frozen():
    yield
    gc.unfreeze()
    gc.enable()


def test_give_back_unfreezes_collects_then_trims(monkeypatch):
    calls = []
    monkeypatch.setattr(gc, "unfreeze", lambda: calls.append("unfreeze"))
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append("collect") or 0)
    monkeypatch.setattr(memory_return, "_trim", lambda: (lambda pad: calls.append(("trim", pad)) or 1))
    memory_return.give_back()
    assert calls == ["unfreeze", "collect", ("trim", 0)]


def test_without_malloc_trim_only_the_collection(monkeypatch):
    calls = []
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append("collect") or 0)
    monkeypatch.setattr(memory_return, "_trim", lambda: None)
    memory_return.give_back()
    assert calls == ["collect"]


def test_this_machines_c_library_has_malloc_trim():
    """The project is built on Debian (glibc): the trim must be found there, or the build's peak grows back."""
    memory_return._trim.cache_clear()
    assert memory_return._trim() is not None


class Node:
    pass


def test_a_cycle_is_gone_after_give_back():
    a, b = Node(), Node()
    a.other, b.other = b, a
    ref = weakref.ref(a)
    del a, b
    memory_return.give_back()
    assert ref() is None


def test_the_collector_is_paused_inside_the_block_and_as_it_was_after():
    assert gc.isenabled()
    with memory_return.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    try:
        with memory_return.collector_paused():
            raise KeyError("x")
    except KeyError:
        pass
    assert gc.isenabled()
    gc.disable()
    try:
        with memory_return.collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it was off: left off
    finally:
        gc.enable()


def _tracked_ids() -> set[int]:
    return {id(o) for o in gc.get_objects()}  # generations 0-2: not what is frozen


def test_what_is_built_while_kept_apart_is_out_of_the_collectors_reach_after():
    with memory_return.kept_apart():
        assert not gc.isenabled()
        kept = [Node() for _ in range(100)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= 100
    assert not {id(n) for n in kept} & _tracked_ids()
    made_after = Node()
    assert id(made_after) in _tracked_ids()


def test_kept_apart_leaves_a_paused_collector_paused():
    gc.disable()
    with memory_return.kept_apart():
        pass
    assert not gc.isenabled()


def test_a_cycle_kept_apart_and_dropped_waits_for_give_back():
    """The build's graph refers to itself (rdflib's Graph and its namespace manager): dropped, it must be freed
    at the next give_back, which every step that drops one calls."""
    with memory_return.kept_apart():
        a, b = Node(), Node()
        a.other, b.other = b, a
    ref = weakref.ref(a)
    del a, b
    gc.collect()
    assert ref() is not None, "a frozen cycle is not the collector's: freezing did nothing"
    memory_return.give_back()
    assert ref() is None


def test_a_fork_thaws_only_what_it_froze():
    loose = Node()
    thaw = memory_return.freeze_for_fork()
    assert id(loose) not in _tracked_ids()
    thaw()
    assert gc.get_freeze_count() == 0
    with memory_return.kept_apart():
        kept = Node()
    memory_return.freeze_for_fork()()
    assert id(kept) not in _tracked_ids()


def test_what_is_kept_apart_stays_so_across_fork_map():
    with memory_return.kept_apart():
        kept = [Node() for _ in range(10)]
    assert fork_map.fork_map(lambda x: x + 1, [1, 2, 3, 4], workers=2) == [2, 3, 4, 5]
    assert not {id(n) for n in kept} & _tracked_ids()


def test_a_failure_inside_kept_apart_leaves_the_collector_on_and_what_was_built_frozen():
    """A parse error in the build's graph is raised through kept_apart: the collector must be on again, and the
    half-built graph handed back at the next give_back."""
    with pytest.raises(KeyError):
        with memory_return.kept_apart():
            half = [Node() for _ in range(10)]
            raise KeyError("a broken file")
    assert gc.isenabled()
    assert not {id(n) for n in half} & _tracked_ids()
    memory_return.give_back()
    assert gc.get_freeze_count() == 0
