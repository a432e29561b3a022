"""SHACL validation: the union is validated (class targets follow rdfs:subClassOf), reports are grouped."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from pactkg.build import load
from pactkg.build import validate
from pactkg.build.turtle_writer import short


def run(project):
    graph = load.load_graph(project.inputs.graph_files())
    return validate.validate_graph(graph, validate.load_shapes(project.inputs.shapes_file))


def test_fixture_conforms(project):
    report = run(project)
    assert report.conforms and report.results == []
    assert report.summary_line() == f"SHACL validation: conforms ({report.triples} triples, 2 shapes)"


def test_subclass_instances_are_targeted_through_the_ontology(project):
    # lvp:Signing is a SourcedFact only through rdfs:subClassOf in the ontology (lvp:Signing -> lvp:Event ->
    # lvp:SourcedFact): a signing without a source is reported only if the ontology is in the data graph.
    (project.inputs.data_dir / "case.ttl").write_text(
        '@prefix lvp: <https://w3id.org/lv-pact-1939/ontology#> .\n'
        '@prefix lvd: <https://w3id.org/lv-pact-1939/id/> .\n'
        'lvd:unsourced-signing a lvp:Signing .\n', encoding="utf-8")
    report = run(project)
    assert not report.conforms
    assert [(r.focus, r.path, r.shape) for r in report.violations] == [
        ("lvd:unsourced-signing", "lvp:source", "lvps:SourcedFactShape (property lvp:source)")
    ]
    assert report.violations[0].message == "Every fact needs its source (lvp:source, a document)."


def test_value_is_shown(project):
    (project.inputs.data_dir / "case.ttl").write_text(
        '@prefix lvp: <https://w3id.org/lv-pact-1939/ontology#> .\n'
        '@prefix lvd: <https://w3id.org/lv-pact-1939/id/> .\n'
        'lvd:wrongly-sourced a lvp:Demand ; lvp:source lvd:vilhelms-munters .\n', encoding="utf-8")
    text = validate.format_report(run(project))
    assert "    lvd:wrongly-sourced  lvp:source  lvd:vilhelms-munters" in text


def test_broken_shapes_are_not_a_data_error(project):
    project.inputs.shapes_file.write_text(
        '@prefix sh: <http://www.w3.org/ns/shacl#> .\n'
        '@prefix lvp: <https://w3id.org/lv-pact-1939/ontology#> .\n'
        '<urn:s> a sh:NodeShape ; sh:targetClass lvp:Person ;\n'
        '  sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } }" ] .\n', encoding="utf-8")
    with pytest.raises(validate.ShapesInvalid, match="not a data error"):
        run(project)


def test_missing_shapes(project):
    project.inputs.shapes_file.unlink()
    with pytest.raises(validate.ShapesMissing):
        run(project)


SPARQL_TARGET_SHAPES = '''
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix lvps: <https://w3id.org/lv-pact-1939/shapes#> .
lvps:prefixes sh:declare [ sh:prefix "lvp" ; sh:namespace "https://w3id.org/lv-pact-1939/ontology#"^^xsd:anyURI ] .
lvps:EvidencedShape a sh:NodeShape ;
    sh:target [ a sh:SPARQLTarget ; sh:prefixes lvps:prefixes ;
        sh:select "SELECT ?this WHERE { ?this lvp:evidence ?e }" ] ;
    sh:property [ sh:path rdfs:label ; sh:minCount 3 ; sh:message "three labels"@en ] .
'''


def test_sparql_targets_computed_on_oxigraph_give_the_same_report(project):
    from pyshacl import validate as pyshacl_validate
    from rdflib import Graph
    from rdflib.namespace import SH

    from pactkg.build import qc_checks

    project.inputs.shapes_file.write_text(SPARQL_TARGET_SHAPES, encoding="utf-8")
    graph = load.load_graph(project.inputs.graph_files())
    shapes = validate.load_shapes(project.inputs.shapes_file)
    materialised = validate.materialise_sparql_targets(shapes, qc_checks.store_from_graph(graph))
    assert (None, SH.target, None) not in materialised
    assert sorted(str(o) for o in materialised.objects(None, SH.targetNode)) == [
        "https://w3id.org/lv-pact-1939/id/demand-to-latvia", "https://w3id.org/lv-pact-1939/id/signing-of-the-pact"
    ]
    ours = validate.validate_graph(graph, shapes)
    _c, theirs, _t = pyshacl_validate(graph, shacl_graph=shapes, advanced=True, inference="none")
    assert sorted(r.focus for r in ours.results) == sorted(
        short(f) for f in theirs.objects(None, SH.focusNode)
    ) == ["lvd:demand-to-latvia", "lvd:signing-of-the-pact"]
    assert isinstance(shapes, Graph) and (None, SH.target, None) in shapes  # the caller's graph is not changed


def test_sparql_target_selecting_blank_nodes_is_left_to_pyshacl(project):
    from rdflib.namespace import SH

    from pactkg.build import qc_checks

    text = SPARQL_TARGET_SHAPES.replace("?this lvp:evidence ?e", "?x lvp:evidence ?e . BIND(BNODE() AS ?this)")
    project.inputs.shapes_file.write_text(text, encoding="utf-8")
    graph = load.load_graph(project.inputs.graph_files())
    shapes = validate.load_shapes(project.inputs.shapes_file)
    materialised = validate.materialise_sparql_targets(shapes, qc_checks.store_from_graph(graph))
    assert (None, SH.target, None) in materialised and (None, SH.targetNode, None) not in materialised


def _result_set(report_graph) -> set[tuple]:
    from rdflib import URIRef
    from rdflib.namespace import RDF, SH

    out = set()
    for r in report_graph.subjects(RDF.type, SH.ValidationResult):
        shape = report_graph.value(r, SH.sourceShape)
        path = report_graph.value(r, SH.resultPath)
        out.add((
            report_graph.value(r, SH.focusNode),
            path if isinstance(path, URIRef) else "(path)",
            report_graph.value(r, SH.value),
            str(report_graph.value(r, SH.resultMessage)),
            report_graph.value(r, SH.sourceConstraintComponent),
            shape if isinstance(shape, URIRef) else "(inline shape)",
        ))
    return out


def test_our_validation_reports_exactly_what_plain_pyshacl_reports():
    """On the real shapes and every broken graph of tests/shapes/cases at once: the same results.

    validate_graph computes SPARQL-based targets on pyoxigraph and caches parsed SPARQL; neither may change
    what is reported.
    """
    from pyshacl import validate as pyshacl_validate
    from rdflib import Graph

    from pactkg.common import paths
    from pactkg.build import qc_checks

    shape_tests = paths.ROOT / "tests" / "shapes"
    files = sorted(shape_tests.glob("*.ttl")) + sorted((shape_tests / "cases").glob("*.ttl"))
    if not files or not paths.SHAPES_FILE.is_file():
        pytest.skip(f"no shape cases in {shape_tests} or no {paths.SHAPES_FILE}")
    graph = load.load_graph([paths.ONTOLOGY_FILE, *files])
    shapes = validate.load_shapes(paths.SHAPES_FILE)
    # Plain: rdflib's default store on both sides (the build's graphs are in a OneGraphStore).
    plain_graph, plain_shapes = Graph(), Graph()
    plain_graph += graph
    plain_shapes += shapes
    _c, plain, _t = pyshacl_validate(plain_graph, shacl_graph=plain_shapes, inference="none", advanced=True)
    expected = _result_set(plain)
    assert len(expected) > 50  # the cases are broken on purpose

    materialised = validate.materialise_sparql_targets(shapes, qc_checks.store_from_graph(graph))
    with validate._parsed_query_cache():
        _c, ours, _t = pyshacl_validate(graph, shacl_graph=materialised, inference="none", advanced=True,
                                        inplace=True)
    assert _result_set(ours) == expected
    flat = validate.flatten_property_shapes(materialised)
    assert flat != materialised
    with validate._parsed_query_cache():
        _c, flattened, _t = pyshacl_validate(graph, shacl_graph=flat, inference="none", advanced=True,
                                             inplace=True)
    assert _result_set(flattened) == expected
    report = validate.validate_graph(graph, shapes)
    assert {(r.focus, r.message) for r in report.results} == {(short(e[0]), e[3]) for e in expected}


def test_flattening_gives_property_shapes_their_node_shapes_targets():
    from rdflib import Graph
    from rdflib.namespace import SH

    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <https://example.org/> .
        ex:Person a sh:NodeShape ; sh:targetClass ex:Person ; sh:targetNode ex:bob ; sh:property ex:name .
        ex:name sh:path ex:name ; sh:minCount 1 .
        ex:Closed a sh:NodeShape ; sh:targetClass ex:Thing ; sh:closed true ; sh:property ex:kept .
        ex:kept sh:path ex:p .
        ex:Off a sh:NodeShape ; sh:targetClass ex:Thing ; sh:deactivated true ; sh:property ex:off .
        ex:off sh:path ex:q ; sh:minCount 1 .
        ex:Nested a sh:NodeShape ; sh:property ex:inner .
        ex:inner sh:path ex:r ; sh:minCount 1 .
    """, format="turtle")
    EX = "https://example.org/"
    before = set(shapes)
    flat = validate.flatten_property_shapes(shapes)
    name, person = URIRef(EX + "name"), URIRef(EX + "Person")
    assert (person, SH.property, name) not in flat
    assert (name, SH.targetClass, person) in flat and (name, SH.targetNode, URIRef(EX + "bob")) in flat
    assert (person, SH.targetClass, person) in flat  # the node shape keeps its targets
    for node, prop in (("Closed", "kept"), ("Off", "off"), ("Nested", "inner")):
        assert (URIRef(EX + node), SH.property, URIRef(EX + prop)) in flat
        assert not any((URIRef(EX + prop), p, None) in flat for p in (SH.targetClass, SH.targetNode))
    assert set(shapes) == before  # the input is not changed