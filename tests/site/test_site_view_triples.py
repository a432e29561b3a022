"""The site's view of the graph made from triples alone (no rdflib Graph kept): the same view as from a Graph,
the whole graph back for graph.nt and the source page, and the entailed triples kept off the pages."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph

from pactkg.build import evidence_check, vocabulary_hierarchy
from pactkg.common.namespaces import LVD, LVP
from pactkg.site.build import EntityDocuments, graph_ntriples, write_graph_ntriples
from pactkg.site.model import GraphView

from site_support import FIXTURES, case_graph


def _rdflib_ntriples(graph) -> str:
    """graph.nt as the site wrote it from a Graph before (rdflib's serialiser, lines sorted)."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return "".join(sorted(line + "\n" for line in text.splitlines() if line.strip()))


@pytest.fixture(scope="module")
def dump_graph(real_graph):
    """The real graph with what the dump adds (the hierarchy's triples), as the dump holds it."""
    g = Graph()
    g += real_graph
    g.addN((s, p, o, g) for s, p, o in vocabulary_hierarchy.hierarchy_triples(real_graph))
    assert len(g) > len(real_graph)
    return g


def test_a_view_from_streamed_triples_is_the_view_from_the_graph(dump_graph):
    a = GraphView(dump_graph)
    b = GraphView(t for t in list(dump_graph))  # a one-pass iterable, not a Graph
    assert not hasattr(b, "graph")
    assert len(b.entities) > 100
    assert {k: dict(v) for k, v in a.out.items()} == {k: dict(v) for k, v in b.out.items()}
    assert dict(a.inc) == dict(b.inc)
    assert dict(a.labels) == dict(b.labels)
    assert list(a.entities) == list(b.entities) and list(a.inline) == list(b.inline)


def test_the_view_gives_back_every_triple_and_only_those(dump_graph):
    view = GraphView(t for t in dump_graph)
    got = list(view.triples())
    assert len(got) == len(set(got)) == len(dump_graph)
    assert set(got) == set(dump_graph)


def test_entailed_triples_are_kept_apart_and_are_those_of_the_hierarchy(dump_graph):
    view = GraphView(t for t in dump_graph)
    kept = {(s, p, o) for (s, p), objs in view.entailed.items() for o in objs}
    assert kept == vocabulary_hierarchy.entailed_triples(dump_graph)
    assert kept


def test_graph_nt_from_the_view_is_rdflibs_serialisation(dump_graph):
    assert graph_ntriples(GraphView(t for t in dump_graph).triples()) == _rdflib_ntriples(dump_graph)


@pytest.mark.parametrize("run", [1000, 97, 10**9])
def test_graph_nt_sorted_in_runs_is_the_same_file(dump_graph, tmp_path, run):
    """Runs of 1000 and of 97 lines (several spilled and merged), and one run of all: the same bytes as
    one sort, and nothing left beside the file."""
    view = GraphView(t for t in dump_graph)
    path = tmp_path / "graph.nt"
    write_graph_ntriples(view.triples(), path, run=run)
    assert path.read_text(encoding="utf-8") == graph_ntriples(view.triples())
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nt"]


def test_entity_documents_from_the_file_are_those_from_the_text(dump_graph, tmp_path):
    view = GraphView(t for t in dump_graph)
    text = graph_ntriples(view.triples())
    (tmp_path / "graph.nt").write_text(text, encoding="utf-8")
    from_text, from_file = EntityDocuments(text), EntityDocuments(tmp_path / "graph.nt")
    for slug in sorted(e.slug for e in view.entities.values())[:40]:
        assert from_file.of(slug) == from_text.of(slug)


def test_the_coverage_reads_the_view_as_it_reads_the_graph(dump_graph):
    view = GraphView(t for t in dump_graph)
    items = evidence_check.evidence_items(view)
    assert items and items == evidence_check.evidence_items(dump_graph)


def test_a_stated_super_property_stays_and_the_entailed_ones_go():
    graph = case_graph(FIXTURES / "entailed-mini.ttl")
    view = GraphView(iter(list(graph)))
    s = LVD["test-signing"]
    assert view.values(s, RDF.type) == [LVP.Signing]  # lvp:Event follows from lvp:Signing
    assert view.values(s, LVP.signatory) == [LVD["test-person-a"]]
    # person A's participation follows from the signatory triple; person B's is stated on its own
    assert view.values(s, LVP.participant) == [LVD["test-person-b"]]
    assert (s, LVP.participant) in view.inc[LVD["test-person-b"]]
    assert (s, LVP.participant) not in view.inc[LVD["test-person-a"]]
    assert list(view.objects(s, LVP.participant)) == [LVD["test-person-b"], LVD["test-person-a"]]
    assert sorted(view.subjects(RDF.type, LVP.Event)) == [s]
    assert set(view.triples()) == set(graph)
