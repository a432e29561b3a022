"""The graph the dump publishes: the checked sources plus what the build states for every store's sake.

The sources (ontology/, data/) are validated as they are; the dump adds, computed here and never written
by hand: our class and property hierarchy on every entity (vocabulary_hierarchy), the earliest and latest
day of every dated fact (time_bounds), skos:prefLabel and foaf:name (standard_labels), one pattern for
every entry of the garrison list (garrison_list), and writes every
number in its canonical form (canonical_literals). docs/modelling.md, "What the dump states for you".
"""

from __future__ import annotations

from rdflib import Graph

from pactkg.build import canonical_literals, garrison_list, standard_labels, time_bounds, vocabulary_hierarchy


def dump_graph(sources: Graph, in_place: bool = False) -> Graph:
    """A new graph: `sources` with the derived triples added and numbers canonical (`sources` is unchanged).

    in_place=True changes `sources` itself and returns it: the build, which needs the sources no more, so
    that two copies of the whole graph are never held at once (some 1.8 GB at 1000x; docs/benchmarks.md)."""
    if in_place:
        g = sources
    else:
        g = Graph()
        for t in sources:
            g.add(t)
    for old, new in canonical_literals.canonical_replacements(g):
        g.remove(old)
        g.add(new)
    # Labels and bounds first, so that the hierarchy step also states their super-properties (none today).
    for t in standard_labels.label_triples(g) | time_bounds.bound_triples(g) | garrison_list.entry_triples(g):
        g.add(t)
    for t in vocabulary_hierarchy.hierarchy_triples(g):
        g.add(t)
    return g
