"""The release reads its dump in one streamed pass (pactkg.publish.dump_view): every reader gives from the
graph of the properties it keeps what it gives from the whole dump's graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import to_isomorphic
from rdflib.namespace import RDF, RDFS

from pactkg.common import paths
from pactkg.common.namespaces import LVD, LVP
from pactkg.link import mappings
from pactkg.publish import dataset_description, dump_view, quality_report

from .support import DUMP


@pytest.fixture(scope="module")
def whole_and_kept(released):
    whole = Graph().parse(released / f"{DUMP}.ttl", format="turtle")
    stats, kept = dump_view.read(released / f"{DUMP}.ttl")
    return whole, stats, kept


def _report(graph: Graph):
    source = paths.ROOT.parent / "shared" / "source"
    texts = sorted(source.glob("*.txt")) if source.is_dir() else []
    return quality_report.compute(
        graph, None, paths.ROOT / "queries" / "checks", texts[0].read_text(encoding="utf-8") if texts else
        "Teikums. Vēl viens.", paths.ROOT / "coverage-exclusions.tsv", validated=True, qc_failures=[],
    )


def test_the_statistics_of_the_stream_are_those_of_the_graph(whole_and_kept):
    whole, stats, kept = whole_and_kept
    assert stats == dataset_description.compute_stats(whole)
    assert stats.triples == len(whole) and stats.examples
    assert len(kept) < len(whole)


def test_the_quality_report_from_the_kept_triples_is_the_whole_dumps(whole_and_kept):
    whole, _stats, kept = whole_and_kept
    a, b = _report(kept), _report(whole)
    assert a == b
    assert a.figures["facts"] > 0 and a.figures["linkable-entities"] > 0


def test_the_mappings_and_the_description_from_the_kept_triples_are_the_whole_dumps(whole_and_kept):
    whole, _stats, kept = whole_and_kept
    if not mappings.curated_path().is_file():
        pytest.skip("no curated mapping set")
    ms = mappings.load_curated(None, whole)
    assert mappings.unmapped_tsv(kept, mappings.load_curated(None, kept)) == mappings.unmapped_tsv(whole, ms)
    assert all(t in kept for t in mappings.mapping_triples())
    assert to_isomorphic(dataset_description.description_source(kept)) == \
        to_isomorphic(dataset_description.description_source(whole))


def test_a_property_that_is_not_kept_changes_what_a_reader_gives():
    """The comparison above can fail: without rdfs:label the report names entities by their IRIs."""
    g = Graph()
    e = LVD["x"]
    g.add((e, RDF.type, LVP.Claim))
    g.add((e, LVP.disputed, Literal(True)))
    g.add((e, RDFS.label, Literal("X", lang="en")))
    kept = dump_view.read_graph(g)
    assert _report(kept) == _report(g)
    without = Graph()
    for t in g:
        if t[1] != RDFS.label:
            without.add(t)
    assert _report(without) != _report(g)
    assert URIRef(str(LVP) + "description") not in dump_view.READ


def test_the_same_pass_gives_every_triple_to_also_and_the_jsonld_dump_is_the_same(released, tmp_path):
    """dump_view.read(also=...) hands on every triple of the dump in the file's order (the release makes its
    JSON-LD dump in that pass: the same bytes as dump_formats.write_jsonld from the file)."""
    from pactkg.build import load
    from pactkg.publish import dump_formats

    dump = released / f"{DUMP}.ttl"
    seen = []
    dump_view.read(dump, also=seen.append)
    assert seen == list(load.stream_triples(dump))
    context = json.loads((released / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    with dump_formats.StreamedJsonld(tmp_path / "one-pass.jsonld", context) as streamed:
        dump_view.read(dump, also=streamed.add)
        assert streamed.finish()
    (tmp_path / "alone").mkdir()
    alone = dump_formats.write_jsonld(dump, tmp_path / "alone", context)
    assert (tmp_path / "one-pass.jsonld").read_bytes() == alone.read_bytes() == (released / f"{DUMP}.jsonld").read_bytes()


def test_the_kept_graph_holds_the_kept_properties_triples(released):
    """The kept graph is a OneGraph filled straight into its store (not through Graph.addN): the triples of an
    rdflib Graph of the kept properties, pattern by pattern (the readers' own results are compared above)."""
    from pactkg.build import load
    from pactkg.build.one_graph_store import OneGraph

    dump = released / f"{DUMP}.ttl"
    _stats, kept = dump_view.read(dump)
    memory = dump_view.read_graph(load.stream_triples(dump))
    assert type(kept) is OneGraph and len(kept) == len(memory) > 0
    assert set(kept) == set(memory)
    entity = next(iter(memory.subjects(RDF.type, None)))
    for pattern in ((entity, None, None), (None, RDF.type, None), (None, None, entity), (None, RDFS.label, None)):
        assert sorted(kept.triples(pattern)) == sorted(memory.triples(pattern)), pattern

