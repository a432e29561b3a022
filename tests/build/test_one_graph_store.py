"""The build's graph store answers as rdflib's own store does, for every kind of triple pattern."""

from __future__ import annotations

import itertools

import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from pactkg.build.one_graph_store import OneGraphStore

EX = Namespace("https://example.org/")
TRIPLES = [
    (EX.a, EX.p, EX.b), (EX.a, EX.p, EX.c), (EX.a, EX.q, Literal("x")), (EX.b, EX.p, EX.c),
    (EX.c, EX.q, Literal("x")), (EX.c, EX.p, EX.a), (EX.b, EX.q, Literal("x", lang="lv")),
]


def _pair() -> tuple[Graph, Graph]:
    ours, theirs = Graph(store=OneGraphStore()), Graph()
    for t in TRIPLES:
        ours.add(t)
        theirs.add(t)
    return ours, theirs


def _patterns():
    """Every pattern shape (each position bound or not), with bound values both present and absent."""
    values = [[None, EX.a, EX.b, EX.c, EX.missing], [None, EX.p, EX.q, EX.missing],
              [None, EX.a, EX.c, Literal("x"), Literal("x", lang="lv"), EX.missing]]
    return list(itertools.product(*values))


@pytest.mark.parametrize("pattern", _patterns(), ids=str)
def test_each_pattern_gives_the_same_triples_in_the_same_order(pattern):
    ours, theirs = _pair()
    got, expected = list(ours.triples(pattern)), list(theirs.triples(pattern))
    if pattern == (None, None, None):  # rdflib's store walks a set there: no order to compare
        assert sorted(got) == sorted(expected)
    else:
        assert got == expected


def test_a_triple_added_twice_is_counted_once():
    ours, theirs = _pair()
    ours.add(TRIPLES[0])
    assert len(ours) == len(theirs) == len(TRIPLES)


def test_removing_by_pattern_forgets_the_triples_everywhere():
    ours, theirs = _pair()
    for g in (ours, theirs):
        g.remove((EX.a, None, None))
        g.remove((None, None, Literal("x")))
    assert sorted(ours) == sorted(theirs)
    assert len(ours) == len(theirs) == 3
    assert list(ours.triples((None, None, EX.b))) == []
    assert list(ours.predicate_objects(EX.a)) == []
    assert (EX.a, EX.p, EX.b) not in ours


def test_the_graph_may_be_changed_while_it_is_read():
    ours, _ = _pair()
    for s, p, o in ours.triples((None, EX.p, None)):
        ours.add((o, EX.r, s))
        ours.remove((s, p, o))
    assert len(ours) == len(TRIPLES)
    assert set(ours.objects(None, EX.r)) == {EX.a, EX.b, EX.c}


def test_prefixes_are_bound_as_rdflib_binds_them():
    ours, theirs = Graph(store=OneGraphStore()), Graph()
    for g in (ours, theirs):
        g.bind("ex", EX)
        g.bind("ex", URIRef("https://example.org/other/"), override=False)
        g.bind("ex2", EX)
    assert sorted(ours.namespaces()) == sorted(theirs.namespaces())
    assert ours.store.prefix(EX) == theirs.store.prefix(EX)


def test_no_named_graph_can_be_removed():
    with pytest.raises(NotImplementedError, match="one graph"):
        OneGraphStore().remove_graph(Graph())
