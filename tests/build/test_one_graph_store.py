"""The build's graph store answers as rdflib's own store does, for every kind of triple pattern; its Graph
(OneGraph), which answers triples() and objects() from the indexes, as rdflib's Graph over the same store."""

from __future__ import annotations

import itertools

import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from pactkg.build.one_graph_store import OneGraph, OneGraphStore

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


def _graphs() -> tuple[Graph, Graph]:
    """OneGraph and rdflib's own Graph class over a OneGraphStore, with the same triples added in the same order."""
    fast, plain = OneGraph(), Graph(store=OneGraphStore())
    for t in TRIPLES:
        fast.add(t)
        plain.add(t)
    return fast, plain


@pytest.mark.parametrize("pattern", _patterns() + [(EX.a, EX.p / EX.p, None), (None, EX.p * "+", EX.a),
                                                   (EX.a, EX.p | EX.q, None)], ids=str)
def test_onegraph_gives_graphs_triples_in_graphs_order(pattern):
    fast, plain = _graphs()
    assert list(fast.triples(pattern)) == list(plain.triples(pattern))
    assert type(fast.triples(pattern)) is type(plain.triples(pattern))  # a generator, as rdflib gives


@pytest.mark.parametrize("unique", [False, True])
@pytest.mark.parametrize("predicate", [None, EX.p, EX.q, EX.missing, EX.p / EX.p, EX.p * "+"], ids=str)
@pytest.mark.parametrize("subject", [None, EX.a, EX.b, EX.c, EX.missing, [EX.a, EX.c], Literal("x")], ids=str)
def test_onegraph_gives_graphs_objects_in_graphs_order(subject, predicate, unique):
    fast, plain = _graphs()
    assert list(fast.objects(subject, predicate, unique)) == list(plain.objects(subject, predicate, unique))


def test_onegraph_may_be_changed_while_its_objects_are_read():
    fast, _ = _graphs()
    for o in fast.objects(EX.a, EX.p):
        fast.remove((EX.a, EX.p, o))
        fast.add((EX.a, EX.p, URIRef(str(o) + "-again")))
    assert sorted(fast.objects(EX.a, EX.p)) == [URIRef(EX.b + "-again"), URIRef(EX.c + "-again")]


def test_the_builds_graphs_are_onegraphs(tmp_path):
    from pactkg.build import load

    f = tmp_path / "one.ttl"
    f.write_text("<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n", encoding="utf-8")
    g = load.load_graph([f])
    assert type(g) is OneGraph and isinstance(g.store, OneGraphStore)
    assert list(g.objects(EX.a, EX.p)) == [EX.b]


def test_a_file_parsed_into_a_onegraph_holds_what_graphs_own_add_gives(tmp_path):
    """parse_file adds straight into a OneGraph's store (no per-term type check): the same triples, in the same
    order, as Graph.addN over the same store."""
    from pactkg.build import load

    f = tmp_path / "some.ttl"
    f.write_text('@prefix ex: <https://example.org/> .\nex:a ex:p ex:b, ex:c ; ex:q "x", "x"@lv, 3 .\n'
                 'ex:b ex:p ex:a .\nex:a ex:p ex:b .\n', encoding="utf-8")
    fast, plain = load.parse_file(f, OneGraph()), load.parse_file(f, Graph(store=OneGraphStore()))
    assert list(fast.triples((None, None, None))) == list(plain.triples((None, None, None)))
    assert len(fast) == len(plain) == 6
