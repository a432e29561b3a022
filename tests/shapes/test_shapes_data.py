"""The shapes against the real data (data/*.ttl): the data conforms, and every class it uses is covered by
a shape and by a positive case."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from pactkg.build import load
from pactkg.common import paths
from shapecases import case_files, describe, load_case, results, shapes_graph, validate

LVP = "https://w3id.org/lv-pact-1939/ontology#"
LVD = "https://w3id.org/lv-pact-1939/id/"
ENTITY_SHAPE = URIRef("https://w3id.org/lv-pact-1939/shapes#EntityShape")


@pytest.fixture(scope="module")
def data() -> Graph:
    if not paths.data_files():
        pytest.skip("data/ has no .ttl files yet")
    return load.load_data()


@pytest.fixture(scope="module")
def union(data) -> Graph:
    return load.load_all()


def used_classes(data: Graph) -> set[URIRef]:
    return {c for c in data.objects(None, RDF.type) if str(c).startswith(LVP)}


def ancestors(g: Graph, cls) -> set:
    return set(g.transitive_objects(cls, RDFS.subClassOf))


def test_real_graph_conforms(union):
    conforms, report = validate(union)
    assert conforms, "the union of ontology/pact.ttl and data/*.ttl does not conform:\n" + describe(results(report))


def test_every_class_used_in_the_data_has_a_node_shape(data, union):
    targeted = set(shapes_graph().objects(None, SH.targetClass))
    missing = sorted(str(c) for c in used_classes(data) if not ancestors(union, c) & targeted)
    assert not missing, f"classes used in data/*.ttl that no node shape targets (nor a superclass): {missing}"


def test_every_entity_is_reached_by_the_entity_shape(data, union):
    """lvps:EntityShape (labels, slug) targets the ontology's top classes; every lvd: subject must be an
    instance of one, or its labels would go unchecked."""
    roots = set(shapes_graph().objects(ENTITY_SHAPE, SH.targetClass))
    unreached = sorted(
        str(s)
        for s in set(data.subjects())
        if str(s).startswith(LVD)
        and not any(ancestors(union, c) & roots for c in union.objects(s, RDF.type))
    )
    assert not unreached, (
        "lvd: entities that are no instance of lvps:EntityShape's target classes (give them an lvp: class, "
        f"or add their top class to the shape's targets): {unreached}"
    )


def test_every_class_used_in_the_data_has_a_positive_case(data):
    """A minimal valid graph per class, so that no shape is satisfied only by failing everything."""
    shown = set()
    for path in case_files():
        case = load_case(path)
        if case.conforms:
            shown |= set(case.data.objects(None, RDF.type))
    missing = sorted(str(c) for c in used_classes(data) - shown)
    assert not missing, f"classes used in data/*.ttl without a conforming case in tests/shapes/cases/: {missing}"
