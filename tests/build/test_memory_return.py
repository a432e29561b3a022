"""common.memory_return: glibc's malloc_trim is called after a collection; without it, only the collection."""

from __future__ import annotations

import gc

from pactkg.common import memory_return


def test_give_back_collects_then_trims(monkeypatch):
    calls = []
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append("collect") or 0)
    monkeypatch.setattr(memory_return, "_trim", lambda: (lambda pad: calls.append(("trim", pad)) or 1))
    memory_return.give_back()
    assert calls == ["collect", ("trim", 0)]


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


def test_a_cycle_is_gone_after_give_back():
    import weakref

    class Node:
        pass

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
