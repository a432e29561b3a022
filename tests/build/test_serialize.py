"""The Turtle writer: byte-identical output for one graph whatever the insertion order, and lossless."""

from __future__ import annotations

import random

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib import namespace as ns
from rdflib.namespace import OWL, RDF, RDFS

from pactkg.common.namespaces import LVD, LVP
from pactkg.build.turtle_writer import SerializeError, short, to_turtle

TRICKY = [
    Literal('a "quoted" word'),
    Literal("line one\nline two\ttab\\backslash"),
    Literal("Savstarpējās palīdzības pakts", lang="lv"),
    Literal("Пакт о взаимопомощи", lang="ru"),
    Literal("1939-10-05", datatype=ns.XSD.date),
    Literal("1939", datatype=ns.XSD.gYear),
    Literal("50000", datatype=ns.XSD.integer),
    Literal("-3", datatype=ns.XSD.integer),
    Literal("56.95", datatype=ns.XSD.decimal),
    Literal("true", datatype=ns.XSD.boolean),
    Literal("plain typed", datatype=ns.XSD.string),
    Literal("1.5E3", datatype=ns.XSD.double),
    Literal("control \x01 char"),
]


def sample() -> list:
    triples = [(LVD["vilhelms-munters"], RDF.type, LVP.Person)]
    for i, lit in enumerate(TRICKY):
        triples.append((LVD[f"thing-{i}"], LVP.note, lit))
    triples += [
        (LVD["odd-iri"], RDFS.seeAlso, URIRef("https://lv.wikipedia.org/wiki/Savstarpējās")),  # an IRI, not a URI
        (LVD["odd-iri"], RDFS.seeAlso, URIRef("https://w3id.org/lv-pact-1939/id/with/slash")),  # not a local name
        (LVD["odd-iri"], RDFS.seeAlso, URIRef("https://w3id.org/lv-pact-1939/id/1939-pact")),  # leading digit
        (LVD["odd-iri"], RDFS.seeAlso, URIRef("https://w3id.org/lv-pact-1939/id/ends.")),  # trailing dot
    ]
    return triples


def graph_of(triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def test_same_graph_any_order_same_bytes():
    triples = sample()
    first = to_turtle(graph_of(triples))
    for seed in range(5):
        shuffled = triples[:]
        random.Random(seed).shuffle(shuffled)
        assert to_turtle(graph_of(shuffled)) == first


def test_round_trip_is_isomorphic_and_stable():
    g = graph_of(sample())
    text = to_turtle(g)
    again = Graph().parse(data=text, format="turtle")
    assert isomorphic(g, again)
    assert to_turtle(again) == text


def test_only_used_prefixes_are_declared_in_table_order():
    text = to_turtle(graph_of([(LVD["a"], RDF.type, LVP.Person), (LVD["a"], RDFS.label, Literal("A", lang="en"))]))
    header = [line for line in text.splitlines() if line.startswith("@prefix")]
    assert [h.split()[1] for h in header] == ["lvp:", "lvd:", "rdfs:"]


def test_type_and_label_come_first_then_alphabetical():
    g = graph_of([
        (LVD["a"], LVP.note, Literal("n", lang="en")),
        (LVD["a"], RDFS.label, Literal("A", lang="en")),
        (LVD["a"], LVP.date, Literal("1939-10-05", datatype=ns.XSD.date)),
        (LVD["a"], RDF.type, LVP.Signing),
    ])
    body = to_turtle(g).split("\n\n", 1)[1]
    assert body == (
        'lvd:a a lvp:Signing ;\n'
        '    rdfs:label "A"@en ;\n'
        '    lvp:date "1939-10-05"^^xsd:date ;\n'
        '    lvp:note "n"@en .\n'
    )


def test_ontology_header_first_then_terms_then_data():
    g = graph_of([
        (LVD["a"], RDF.type, LVP.Person),
        (LVP.Person, RDF.type, OWL.Class),
        (URIRef("https://w3id.org/lv-pact-1939/ontology"), RDF.type, OWL.Ontology),
    ])
    subjects = [b.split()[0] for b in to_turtle(g).split("\n\n")[1:]]
    assert subjects == ["<https://w3id.org/lv-pact-1939/ontology>", "lvp:Person", "lvd:a"]


def test_tree_shaped_blank_nodes_are_inlined_and_round_trip():
    g = Graph()
    restriction = BNode()
    g.add((LVP.Treaty, RDFS.subClassOf, restriction))
    g.add((restriction, RDF.type, OWL.Restriction))
    g.add((restriction, OWL.onProperty, LVP.party))
    lst = BNode()
    Collection(g, lst, [LVP.Person, LVP.Organisation])
    g.add((LVP.Agent, OWL.unionOf, lst))
    text = to_turtle(g)
    assert "( lvp:Person lvp:Organisation )" in text
    assert "[\n" in text
    assert isomorphic(Graph().parse(data=text, format="turtle"), g)


def test_shared_blank_node_is_refused():
    g = Graph()
    b = BNode()
    g.add((LVD["a"], LVP.place, b))
    g.add((LVD["c"], LVP.place, b))
    g.add((b, RDFS.label, Literal("x")))
    with pytest.raises(SerializeError, match="object of 2 triples"):
        to_turtle(g)


def test_blank_node_cycle_is_refused():
    g = Graph()
    a, b = BNode(), BNode()
    g.add((a, LVP.partOf, b))
    g.add((b, LVP.partOf, a))
    with pytest.raises(SerializeError, match="cycle"):
        to_turtle(g)


@pytest.mark.parametrize(
    "term, shown",
    [
        (LVD["vilhelms-munters"], "lvd:vilhelms-munters"),
        (URIRef("https://w3id.org/lv-pact-1939/shapes#PersonShape"), "lvps:PersonShape"),
        (Literal("x", lang="lv"), '"x"@lv'),
        (Literal("7", datatype=ns.XSD.integer), "7"),
        (None, "(none)"),
    ],
)
def test_short_names_for_messages(term, shown):
    assert short(term) == shown


def test_written_in_pieces_the_file_holds_the_same_bytes(tmp_path):
    """write_turtle writes the text piece by piece (the build never holds the whole dump as text): the file
    is exactly to_turtle's text, for an empty graph and for one with many subjects and a blank node."""
    from pactkg.build.turtle_writer import write_turtle

    g = Graph()
    for i in range(30):
        g.add((LVD[f"e{i}"], RDFS.label, Literal(f"ē {i}", lang="lv")))
    b = BNode()
    g.add((LVP.C, OWL.equivalentClass, b))
    g.add((b, RDF.type, OWL.Restriction))
    for graph in (Graph(), g):
        path = tmp_path / "out.ttl"
        write_turtle(graph, path)
        assert path.read_bytes() == to_turtle(graph).encode("utf-8")
    assert path.read_bytes().count(b"\n\n") == 31  # the header, then 31 blocks
