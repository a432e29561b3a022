"""Our own class and property hierarchy, stated on every entity in the dump (materialised).

Without a reasoner, `?e a lvp:Event` would find only the entities typed lvp:Event itself, not the signings,
demands and stationings, and `?s lvp:participant ?x` would miss the signatories. So the dump states, for
every `?x a C` with C in lvp:, `?x a D` for each lvp: super-class D of C, and for every `?s p ?o` with p in
lvp:, `?s q ?o` for each lvp: super-property q of p: exactly what RDFS entailment adds from our own
rdfs:subClassOf and rdfs:subPropertyOf, and nothing from other vocabularies (a CIDOC-CRM or schema.org
super-class is the alignment, not a type we state). docs/modelling.md, "What the dump states for you".
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from pactkg.common.namespaces import LVP


def _ours(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(LVP))


def _ancestors(graph: Graph, link: URIRef) -> dict[URIRef, set[URIRef]]:
    """For each of our terms, its proper super-terms of ours along `link`, transitively."""
    direct: dict[URIRef, set[URIRef]] = {}
    for sub, sup in graph.subject_objects(link):
        if _ours(sub) and _ours(sup) and sub != sup:
            direct.setdefault(sub, set()).add(sup)
    return transitive_closure(direct)


def transitive_closure(direct: dict) -> dict:
    """For each term of `direct` (term -> its direct super-terms), all its super-terms but itself."""
    closed: dict = {}
    for term in direct:
        seen: set[URIRef] = set()
        todo = list(direct[term])
        while todo:
            t = todo.pop()
            if t not in seen and t != term:
                seen.add(t)
                todo.extend(direct.get(t, ()))
        closed[term] = seen
    return closed


def hierarchy_triples(graph: Graph) -> set[tuple]:
    """The type and super-property triples our hierarchy entails that the graph does not state yet."""
    supers_c = _ancestors(graph, RDFS.subClassOf)
    supers_p = _ancestors(graph, RDFS.subPropertyOf)
    new: set[tuple] = set()
    for s, o in graph.subject_objects(RDF.type):
        for sup in supers_c.get(o, ()):
            new.add((s, RDF.type, sup))
    for p, sups in supers_p.items():
        for s, o in graph.subject_objects(p):
            for q in sups:
                new.add((s, q, o))
    return {t for t in new if t not in graph}


def entailed_triples(graph: Graph) -> set[tuple]:
    """The triples of `graph` that our hierarchy entails from its other triples (what hierarchy_triples adds,
    once added): for showing what the sources said without the materialised super-classes and -properties."""
    supers_c = _ancestors(graph, RDFS.subClassOf)
    supers_p = _ancestors(graph, RDFS.subPropertyOf)
    out: set[tuple] = set()
    for s, o in graph.subject_objects(RDF.type):
        for sup in supers_c.get(o, ()):
            if (s, RDF.type, sup) in graph:
                out.add((s, RDF.type, sup))
    for p, sups in supers_p.items():
        for s, o in graph.subject_objects(p):
            for q in sups:
                if (s, q, o) in graph:
                    out.add((s, q, o))
    return out
