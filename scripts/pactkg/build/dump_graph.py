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


def dump_graph(sources: Graph, in_place: bool = False, undo: list | None = None) -> Graph:
    """A new graph: `sources` with the derived triples added and numbers canonical (`sources` is unchanged).

    in_place=True changes `sources` itself and returns it: the build, which needs the sources no more, so
    that two copies of the whole graph are never held at once (some 1.8 GB at 1000x; docs/benchmarks.md).
    With `undo` (a list, in place only), every change is recorded there as it is made, so that undone(graph,
    undo) gives the sources back, even after a failure half way: the build writes the dump before it validates
    the sources (its QC checks then run on the dump beside the validation)."""
    if in_place:
        g = sources
    else:
        g = Graph()
        for t in sources:
            g.add(t)
    record = undo is not None and in_place
    for old, new in canonical_literals.canonical_replacements(g):
        if record and old in g:
            undo.append((False, old))
        g.remove(old)
        _add(g, new, undo if record else None)
    # Labels and bounds first, so that the hierarchy step also states their super-properties (none today).
    for t in standard_labels.label_triples(g) | time_bounds.bound_triples(g) | garrison_list.entry_triples(g):
        _add(g, t, undo if record else None)
    for t in vocabulary_hierarchy.hierarchy_triples(g):
        _add(g, t, undo if record else None)
    return g


def _add(g: Graph, t: tuple, undo: list | None) -> None:
    if undo is not None:
        if t in g:
            return
        undo.append((True, t))
    g.add(t)


def undone(g: Graph, undo: list) -> Graph:
    """`g` with the changes recorded in `undo` by dump_graph taken back, last first; `undo` is emptied."""
    while undo:
        added, t = undo.pop()
        if added:
            g.remove(t)
        else:
            g.add(t)
    return g
