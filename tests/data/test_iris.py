"""IRI hygiene: readable slugs, no blank nodes, no dangling links, no undeclared vocabulary."""

from __future__ import annotations

import re
from collections import defaultdict

from rdflib import BNode, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from pactkg.build import load
from pactkg.common.namespaces import LVD, LVP, WD
from pactkg.build.turtle_writer import short

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def data_iris(graph):
    return {t for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(str(LVD))}


def test_data_iris_are_lower_case_ascii_slugs(union):
    bad = sorted(str(i) for i in data_iris(union) if not SLUG.match(str(i)[len(str(LVD)):]))
    assert bad == [], "not a slug of [a-z0-9-]:\n" + "\n".join(bad)


def test_no_blank_nodes_anywhere(union):
    bnodes = [t for t in union if any(isinstance(x, BNode) for x in t)]
    assert bnodes == [], f"{len(bnodes)} triples with blank nodes, e.g. {bnodes[:3]}"


def test_every_data_iri_used_as_object_is_described(union):
    subjects = {s for s in union.subjects() if isinstance(s, URIRef)}
    dangling = sorted(
        f"{short(o)} (used by {short(s)} {short(p)})"
        for s, p, o in union
        if isinstance(o, URIRef) and str(o).startswith(str(LVD)) and o not in subjects
    )
    assert dangling == [], "used but never described:\n" + "\n".join(dangling)


def test_vocabulary_used_in_the_data_is_declared_in_the_ontology(inputs):
    ontology = load.load_graph([inputs.ontology_file])
    declared = set(ontology.subjects())
    data = load.load_graph(inputs.data_files())
    used = set()
    for s, p, o in data:
        used.add(p)
        if p == RDF.type:
            used.add(o)
        elif isinstance(o, URIRef):
            used.add(o)
    undeclared = sorted(short(t) for t in used if str(t).startswith(str(LVP)) and t not in declared)
    assert undeclared == [], "lvp: terms used in data/ but not declared in the ontology:\n" + "\n".join(undeclared)


def test_one_iri_per_thing_for_wikidata_links(union):
    """Two entities linked to the same Wikidata item are one thing with two IRIs (or a wrong link)."""
    owners = defaultdict(set)
    for s, p, o in union:
        if (
            isinstance(o, URIRef) and str(o).startswith(str(WD))
            and str(s).startswith(str(LVD)) and p in (OWL.sameAs, URIRef("http://www.w3.org/2004/02/skos/core#exactMatch"),
                                                      RDFS.seeAlso, URIRef("https://w3id.org/lv-pact-1939/ontology#wikidata"))
        ):
            owners[o].add(s)
    shared = sorted(f"{short(q)}: {', '.join(sorted(short(s) for s in subjects))}"
                    for q, subjects in owners.items() if len(subjects) > 1)
    assert shared == [], "\n".join(shared)
