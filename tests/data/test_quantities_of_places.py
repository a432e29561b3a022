"""A quantity that is about a place says so in structure (lvp:place), not only in its words: the article's
5 + 5 submarines are allocated to Liepāja and Ventspils, and the split adds up to the stated total."""

from __future__ import annotations

from rdflib import URIRef

LVP = "https://w3id.org/lv-pact-1939/ontology#"
LVD = "https://w3id.org/lv-pact-1939/id/"


def test_the_submarine_split_names_its_ports(union):
    rows = union.query("""PREFIX lvp: <https://w3id.org/lv-pact-1939/ontology#>
      SELECT ?place ?n WHERE { ?q lvp:unit lvp:unitSubmarine ; lvp:quantityKind lvp:kindAllocation ;
                                  lvp:numericValue ?n ; lvp:place ?place }""")
    split = {str(r.place)[len(LVD):]: int(r.n) for r in rows}
    assert split == {"liepaja": 5, "ventspils": 5}
    total = union.value(URIRef(LVD + "quantity-submarines-total-10"), URIRef(LVP + "numericValue"))
    assert sum(split.values()) == int(total)


def test_every_allocation_names_its_place(union):
    unplaced = union.query("""PREFIX lvp: <https://w3id.org/lv-pact-1939/ontology#>
      SELECT ?q WHERE { ?q lvp:quantityKind lvp:kindAllocation FILTER NOT EXISTS { ?q lvp:place ?p } }""")
    assert not list(unplaced)
