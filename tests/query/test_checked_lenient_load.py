"""pactkg.query.checked_lenient_load, as the embedded store uses it on large inputs: the same triples as a strict
load, and a file the strict parser refuses fails the load with the strict parser's message, even when the
lenient parser would take it."""

from __future__ import annotations

import os

import pytest

from pactkg.query import checked_lenient_load, embedded_store

# A malformed IRI (a space): the lenient parser loads it without a word, the strict one refuses it.
BAD_IRI = '@prefix a: <http://a/> .\na:x a:y <http://exa mple/> .\n'
GOOD = '@prefix a: <http://a/> .\na:x a:y a:z .\n'


@pytest.fixture
def lenient_always(monkeypatch):
    monkeypatch.setattr(embedded_store, "LENIENT_FROM_BYTES", 0)


def _quads(store) -> set[str]:
    return {str(q) for q in store}


def test_the_real_data_loads_to_the_same_triples(lenient_always, real_store):
    assert _quads(embedded_store.open_store()) == _quads(real_store)


def test_a_malformed_iri_fails_as_in_a_strict_load(lenient_always, tmp_path, monkeypatch):
    good, bad = tmp_path / "a.ttl", tmp_path / "b.ttl"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(BAD_IRI, encoding="utf-8")
    with pytest.raises(embedded_store.StoreLoadError) as lenient:
        embedded_store.open_store([good, bad])
    monkeypatch.setattr(embedded_store, "LENIENT_FROM_BYTES", 10 ** 12)
    with pytest.raises(embedded_store.StoreLoadError) as strict:
        embedded_store.open_store([good, bad])
    assert str(lenient.value) == str(strict.value)
    assert f"{bad}, line 2, column 9" in str(lenient.value) and "Invalid IRI" in str(lenient.value)


def test_a_syntax_error_names_the_file_and_line(lenient_always, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix a: <http://a/> .\na:x a:y "open .\n', encoding="utf-8")
    with pytest.raises(embedded_store.StoreLoadError, match="bad.ttl, line 2"):
        embedded_store.open_store([bad])


def test_small_inputs_are_loaded_strictly_here(tmp_path, monkeypatch):
    """Below LENIENT_FROM_BYTES nothing is forked."""
    def no_fork(*args):
        raise AssertionError("forked for a small input")

    monkeypatch.setattr(checked_lenient_load, "load", no_fork)
    good = tmp_path / "a.ttl"
    good.write_text(GOOD, encoding="utf-8")
    assert len(embedded_store.open_store([good])) == 1


def _files(tmp_path, n=3):
    out = []
    for i in range(n):
        p = tmp_path / f"f{i}.ttl"
        p.write_text(GOOD, encoding="utf-8")
        out.append(p)
    return out


def test_the_first_problem_of_the_check_is_returned(tmp_path):
    loaded = []
    problem = checked_lenient_load.load(_files(tmp_path), loaded.append,
                                        lambda f: f"{f.name} is bad" if f.name != "f0.ttl" else None)
    assert problem == "f1.ttl is bad"
    assert len(loaded) == 3  # this process loaded all; the caller throws the store away


def test_a_check_that_raises_is_reported(tmp_path):
    parent = os.getpid()

    def broken(f):
        if os.getpid() != parent:
            raise ValueError("broken in the checking process")

    with pytest.raises(checked_lenient_load.CheckProcessError, match="broken in the checking process"):
        checked_lenient_load.load(_files(tmp_path), lambda f: None, broken)


def test_a_check_that_dies_is_reported(tmp_path):
    def die(f):
        os._exit(3)

    with pytest.raises(checked_lenient_load.CheckProcessError, match="exit code 3"):
        checked_lenient_load.load(_files(tmp_path), lambda f: None, die)


def test_a_failing_load_is_raised_when_the_check_passes(tmp_path):
    def fail(f):
        raise RuntimeError("the load failed")

    with pytest.raises(RuntimeError, match="the load failed"):
        checked_lenient_load.load(_files(tmp_path), fail, lambda f: None)
