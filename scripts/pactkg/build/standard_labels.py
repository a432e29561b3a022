"""The labels that SKOS and FOAF tools read, stated from our rdfs:labels (one per language).

SKOS viewers show a concept by its skos:prefLabel and FOAF tools an agent by its foaf:name; our data gives
every entity rdfs:label in each language (a QC check keeps it to one per language). The dump states, for
every instance of a sub-class of skos:Concept, skos:prefLabel, and for every instance of a sub-class of
foaf:Agent, foaf:name, with the same literals.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

FOAF = Namespace("http://xmlns.com/foaf/0.1/")


def _instances_of(graph: Graph, cls: URIRef) -> set:
    classes, todo = {cls}, [cls]
    while todo:
        for sub in graph.subjects(RDFS.subClassOf, todo.pop()):
            if sub not in classes:
                classes.add(sub)
                todo.append(sub)
    return {s for c in classes for s in graph.subjects(RDF.type, c)}


def label_triples(graph: Graph) -> set[tuple]:
    new: set[tuple] = set()
    for prop, cls in ((SKOS.prefLabel, SKOS.Concept), (FOAF.name, FOAF.Agent)):
        for x in _instances_of(graph, cls):
            if isinstance(x, URIRef) and (x, prop, None) not in graph:
                for label in graph.objects(x, RDFS.label):
                    new.add((x, prop, label))
    return new
