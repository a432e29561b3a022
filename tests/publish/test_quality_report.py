"""The quality report (DQV): every figure recomputed from the released dump, independently, with SPARQL."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from pactkg.build import sentence_coverage, validate
from pactkg.common.inputs import Inputs
from pactkg.link import mappings
from pactkg.publish import quality_report

from .support import DUMP

PREFIXES = """
PREFIX lvp: <https://w3id.org/lv-pact-1939/ontology#>
PREFIX lvd: <https://w3id.org/lv-pact-1939/id/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
FACTS = "?f rdf:type/rdfs:subClassOf* lvp:SourcedFact . FILTER(STRSTARTS(STR(?f), STR(lvd:)))"


@pytest.fixture(scope="module")
def store(released) -> ox.Store:
    s = ox.Store()
    s.bulk_load(path=str(released / f"{DUMP}.nt"), format=ox.RdfFormat.N_TRIPLES)
    return s


@pytest.fixture(scope="module")
def reported(released) -> dict[str, int]:
    """metric key -> value, read from the released quality.ttl."""
    g = Graph().parse(released / "quality.ttl")
    out = {}
    for m in g.subjects(quality_report.DQV.isMeasurementOf, None):
        metric = str(g.value(m, quality_report.DQV.isMeasurementOf)).rsplit("#metric-", 1)[1]
        out[metric] = int(g.value(m, quality_report.DQV.value))
        assert g.value(m, quality_report.DQV.computedOn) == quality_report.DATASET
    return out


def count(store: ox.Store, where: str) -> int:
    rows = list(store.query(PREFIXES + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}"))
    return int(rows[0]["n"].value)


def test_fact_figures(store, reported):
    assert reported["facts"] == count(store, FACTS.replace("?f", "?x"))
    assert reported["facts-single-source"] == count(
        store, FACTS.replace("?f", "?x") + " { SELECT ?x WHERE { ?x lvp:source ?s } GROUP BY ?x HAVING (COUNT(DISTINCT ?s) = 1) }")
    assert reported["dates-inferred"] == count(store, FACTS.replace("?f", "?x") + ' ?x lvp:dateInferred true .')
    assert reported["disputed-entities"] == count(store, "?x lvp:disputed true .")
    assert reported["claims"] == count(store, "?x rdf:type lvp:Claim .")


def test_wikidata_figures(released, store, reported):
    linkable = [str(i) for i, _k in mappings.linkable_entities(Graph().parse(released / f"{DUMP}.ttl"))]
    linked = {r["x"].value for r in store.query(PREFIXES + """SELECT DISTINCT ?x WHERE {
        ?x owl:sameAs|skos:exactMatch|skos:closeMatch ?w . FILTER(STRSTARTS(STR(?w), "http://www.wikidata.org/entity/")) }""")}
    assert reported["linkable-entities"] == len(linkable) > 0
    assert reported["without-wikidata"] == len([e for e in linkable if e not in linked])


def test_conformance_figures(released, reported):
    inp = Inputs.from_env()
    assert reported["qc-checks"] == len(list(inp.checks_dir.glob("*.rq")))
    assert reported["qc-failing"] == 0, "the release is made only when every QC check passes"
    shapes = Graph().parse(released / "shapes.ttl")
    assert reported["shapes"] == validate.count_shapes(shapes)
    assert reported["shacl-violations"] == 0, "the release is made only from data that conforms"


def test_coverage_figures(released, reported):
    inp = Inputs.from_env()
    if not inp.source_file.is_file():
        assert "sentences" not in reported
        pytest.skip(f"{inp.source_file}: the article is not at hand")
    text = inp.source_file.read_text(encoding="utf-8")
    sentences = sentence_coverage.split_sentences(text)
    # what quotes the article: the evidence and the quoted text of facts whose source is the article
    g = Graph().parse(released / f"{DUMP}.ttl")
    evidence = [str(r[0]) for r in g.query(PREFIXES + """SELECT ?e WHERE {
        ?f lvp:source lvd:source-lvwiki-article ; lvp:evidence|lvp:text ?e }""")]
    cited = {s.index for s in sentences for e in evidence
             for pos in sentence_coverage.occurrences(text, e) if s.start < pos + len(e) and pos < s.end}
    assert reported["sentences"] == len(sentences)
    assert reported["sentences-cited"] == len(cited)
    assert reported["sentences"] == reported["sentences-cited"] + reported["sentences-excluded"] + reported["sentences-uncited"]


def test_every_metric_is_reported_and_described(released, reported):
    assert set(reported) == set(quality_report.METRICS)
    g = Graph().parse(released / "quality.ttl")
    for key in quality_report.METRICS:
        metric = quality_report.Q["metric-" + key]
        assert (metric, None, quality_report.DQV.Metric) in g
        assert g.value(metric, quality_report.DQV.inDimension) is not None
    assert (quality_report.DATASET, quality_report.DQV.hasQualityMetadata, quality_report.QUALITY) in Graph().parse(released / "void.ttl")


def test_disputes_are_annotated_with_their_claims(released, store):
    g = Graph().parse(released / "quality.ttl")
    annotations = list(g.subjects(None, quality_report.DQV.QualityAnnotation))
    disputed = {r["x"].value for r in store.query(PREFIXES + "SELECT ?x WHERE { ?x lvp:disputed true }")}
    assert {str(g.value(a, quality_report.OA.hasTarget)) for a in annotations} == disputed
    for a in annotations:
        target = str(g.value(a, quality_report.OA.hasTarget))
        claims = {r["c"].value for r in store.query(PREFIXES + f"SELECT ?c WHERE {{ <{target}> lvp:hasClaim ?c }}")}
        assert {str(b) for b in g.objects(a, quality_report.OA.hasBody)} == claims


def test_page_shows_the_figures(released, reported):
    html = (released / "quality.html").read_text(encoding="utf-8")
    for key, value in reported.items():
        assert f"<td>{quality_report.METRICS[key][1]}</td><td><strong>{value}</strong></td>" in html.replace("&#x27;", "'"), key


def test_shacl_figures_count_results_when_not_validated_before(tmp_path):
    """Without the build's guarantee the report runs SHACL itself and counts what it finds."""
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
        ex:W a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:q ; sh:minCount 1 ; sh:severity sh:Warning ] .
    """, format="turtle")
    data = Graph().parse(data="@prefix ex: <http://example.org/> . ex:a a ex:C . ex:b a ex:C ; ex:p 1 .", format="turtle")
    rep = quality_report.compute(data, shapes, None, None, None, validated=True)  # a Warning shape: SHACL runs
    assert (rep.figures["shapes"], rep.figures["shacl-violations"], rep.figures["shacl-warnings"]) == (2, 1, 2)


def test_qc_figures_reuse_the_builds_results_and_run_the_checks_without_them(tmp_path):
    """Given the build's QC results for these triples the report counts them; without, it runs the checks."""
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "no-label.rq").write_text(
        "SELECT ?x WHERE { ?x a <http://example.org/C> FILTER NOT EXISTS { ?x <http://example.org/p> ?v } }")
    data = Graph().parse(data="@prefix ex: <http://example.org/> . ex:a a ex:C .", format="turtle")
    ran = quality_report.compute(data, None, checks, None, None)
    assert (ran.figures["qc-checks"], ran.figures["qc-failing"]) == (1, 1)
    reused = quality_report.compute(data, None, checks, None, None, qc_failures=[])
    assert (reused.figures["qc-checks"], reused.figures["qc-failing"]) == (1, 0)
