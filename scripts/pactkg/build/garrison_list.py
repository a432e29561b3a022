"""One pattern for every entry of the article's garrison list, stated by the build on the dump.

The list's entries are modelled as the source words them: most as lvp:Stationing (units of a kind, counted,
at settlements), the four airfields (entries 10-13) as lvp:BaseUse (a facility used as a base, no unit
named). To ask "what was at place X" one way for all of them, the dump states on every entry (everything
with an lvp:listPosition):

  * `a lvp:GarrisonListEntry`;
  * lvp:settlement: the settlement of each place (the place itself, or the settlement it lies in);
  * lvp:facility: the place itself where it is a facility in a settlement (the airfields);
  * lvp:branch: the branch of the entry's unit kind, where the entry does not state one itself.

docs/modelling.md, "Stationing (the garrison list)".
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from pactkg.common.namespaces import LVP


def _is_settlement(graph: Graph, place) -> bool:
    return any(LVP.Settlement in graph.transitive_objects(c, RDFS.subClassOf)
               for c in graph.objects(place, RDF.type))


def _settlement_of(graph: Graph, place):
    """The place if it is a settlement, else the nearest settlement it lies in (lvp:locatedIn upwards)."""
    seen = set()
    while place is not None and place not in seen:
        seen.add(place)
        if _is_settlement(graph, place):
            return place
        place = next(iter(graph.objects(place, LVP.locatedIn)), None)
    return None


def entry_triples(graph: Graph) -> set[tuple]:
    new: set[tuple] = set()
    for entry in set(graph.subjects(LVP.listPosition, None)):
        new.add((entry, RDF.type, LVP.GarrisonListEntry))
        for place in graph.objects(entry, LVP.place):
            settlement = _settlement_of(graph, place)
            if settlement is not None:
                new.add((entry, LVP.settlement, settlement))
                if settlement != place:
                    new.add((entry, LVP.facility, place))
        if (entry, LVP.branch, None) not in graph:
            for kind in graph.objects(entry, LVP.unitKind):
                for branch in graph.objects(kind, LVP.branch):
                    new.add((entry, LVP.branch, branch))
    return {t for t in new if t not in graph}
