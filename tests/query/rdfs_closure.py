"""The RDFS closure of a graph in a pyoxigraph store: the entailment rules of RDF 1.1 Semantics (section 9.2:
rdf1, rdfs2-rdfs11, rdfs13) with the RDFS axiomatic triples that take part in them, applied as SPARQL
updates until nothing new follows. What a store with RDFS reasoning on (GraphDB's default, Jena's RDFS
reasoner) answers from. Triples with a literal subject (generalised RDF) are left out: no store keeps them.

Written here rather than taken from owlrl: owlrl 7.6 stands in for literals by Python values while it
reasons, and Python's 1 == True made "1"^^xsd:positiveInteger and "true"^^xsd:boolean one value.
"""

from __future__ import annotations

PREFIXES = ("PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")

AXIOMS = """
rdf:type rdfs:domain rdfs:Resource ; rdfs:range rdfs:Class .
rdfs:domain rdfs:domain rdf:Property ; rdfs:range rdfs:Class .
rdfs:range rdfs:domain rdf:Property ; rdfs:range rdfs:Class .
rdfs:subPropertyOf rdfs:domain rdf:Property ; rdfs:range rdf:Property .
rdfs:subClassOf rdfs:domain rdfs:Class ; rdfs:range rdfs:Class .
rdfs:label rdfs:range rdfs:Literal .
rdfs:comment rdfs:range rdfs:Literal .
rdfs:seeAlso rdfs:domain rdfs:Resource ; rdfs:range rdfs:Resource .
rdfs:isDefinedBy rdfs:subPropertyOf rdfs:seeAlso .
"""

RULES = {
    "rdf1": "INSERT { ?p a rdf:Property } WHERE { ?x ?p ?y }",
    "rdfs2": "INSERT { ?x a ?c } WHERE { ?p rdfs:domain ?c . ?x ?p ?y }",
    "rdfs3": "INSERT { ?y a ?c } WHERE { ?p rdfs:range ?c . ?x ?p ?y FILTER(!isLiteral(?y)) }",
    "rdfs4a": "INSERT { ?x a rdfs:Resource } WHERE { ?x ?p ?y }",
    "rdfs4b": "INSERT { ?y a rdfs:Resource } WHERE { ?x ?p ?y FILTER(!isLiteral(?y)) }",
    "rdfs5": "INSERT { ?p rdfs:subPropertyOf ?r } WHERE { ?p rdfs:subPropertyOf ?q . ?q rdfs:subPropertyOf ?r }",
    "rdfs6": "INSERT { ?p rdfs:subPropertyOf ?p } WHERE { ?p a rdf:Property }",
    "rdfs7": "INSERT { ?x ?q ?y } WHERE { ?p rdfs:subPropertyOf ?q . ?x ?p ?y }",
    "rdfs8": "INSERT { ?c rdfs:subClassOf rdfs:Resource } WHERE { ?c a rdfs:Class }",
    "rdfs9": "INSERT { ?x a ?d } WHERE { ?c rdfs:subClassOf ?d . ?x a ?c }",
    "rdfs10": "INSERT { ?c rdfs:subClassOf ?c } WHERE { ?c a rdfs:Class }",
    "rdfs11": "INSERT { ?c rdfs:subClassOf ?e } WHERE { ?c rdfs:subClassOf ?d . ?d rdfs:subClassOf ?e }",
    "rdfs13": "INSERT { ?d rdfs:subClassOf rdfs:Literal } WHERE { ?d a rdfs:Datatype }",
}


def close(store) -> int:
    """Add the RDFS closure to `store` in place; return how many triples were added."""
    start = len(store)
    store.update(PREFIXES + "INSERT DATA {" + AXIOMS + "}")
    while True:
        before = len(store)
        for rule in RULES.values():
            store.update(PREFIXES + rule)
        if len(store) == before:
            return len(store) - start
