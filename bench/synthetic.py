"""Synthetic graphs N times the real one, whose hubs grow with them (connected copies).

Copy k (k = 1 … N-1) of the data renames every lvd: IRI by suffixing `-copyK` (fact nodes included) and
adds " K" to every rdfs:label / skos:altLabel, so that no two entities of a class share a label. The hubs
are NOT renamed: the entities the real data refers to most often (the source article, Latvia, the Soviet
Union, the Red Army, the pact, the two ports, …; every lvd: IRI that is the object of at least HUB_MIN_IN
triples). Every copy's facts point at the same hubs, so a hub's in-degree grows N times, as it would in a
larger edition of the same history: the evidence check sees N times the fragments (the copies still cite
the article), SHACL shapes on the hubs see N times the values, map and timeline get N times the markers.

The hubs' own triples are not copied (a hub exists once; its label stays its own), nor the nodes that only
hubs refer to (a city's geometry), except a hub's links to a copy's nodes (lvp:hasClaim back to a claim). Literals other than
labels are copied unchanged: evidence fragments must stay verbatim in the article, or the build would stop
at the evidence check and the benchmark would time a failure.

The copies are written as N-Triples lines (which are also Turtle) into data/synthetic-copies.ttl beside the
real data files, so that every command reads them the way it reads the real data.
"""

from __future__ import annotations

import collections
from pathlib import Path

import pyoxigraph as ox

LVD = "https://w3id.org/lv-pact-1939/id/"
LABELS = {"http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#altLabel"}
HUB_MIN_IN = 4  # 19 entities on 27 Nov (in-degree 4 to 98)
COPIES_NAME = "synthetic-copies.ttl"


def read_data(data_dir: Path) -> list[ox.Triple]:
    triples = []
    for f in sorted(Path(data_dir).glob("*.ttl")):
        triples += [q.triple for q in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE)]
    return triples


def hubs(triples: list[ox.Triple], min_in: int = HUB_MIN_IN) -> set[str]:
    indeg = collections.Counter(
        t.object.value for t in triples if isinstance(t.object, ox.NamedNode) and t.object.value.startswith(LVD)
    )
    return {iri for iri, n in indeg.items() if n >= min_in}


def owned_by_hubs(triples: list[ox.Triple], hub: set[str]) -> set[str]:
    """lvd: nodes that only hubs (or nodes they own) refer to, e.g. a city's geometry: part of the hub."""
    referrers: dict[str, set[str]] = collections.defaultdict(set)
    for t in triples:
        if isinstance(t.object, ox.NamedNode) and t.object.value.startswith(LVD) and isinstance(t.subject, ox.NamedNode):
            referrers[t.object.value].add(t.subject.value)
    owned: set[str] = set()
    while True:
        more = {o for o, rs in referrers.items() if o not in hub and o not in owned and rs <= hub | owned}
        if not more:
            return owned
        owned |= more


def _term(t) -> str:
    return str(t)  # pyoxigraph writes terms in N-Triples syntax


def write_copies(data_dir: Path, copies: int, out: Path) -> dict:
    """Write copies 1 … copies-1 of the data in `data_dir` to `out`; return counts (triples, hubs)."""
    triples = read_data(data_dir)
    hub = hubs(triples)
    fixed = hub | owned_by_hubs(triples, hub)
    written = 0
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        for k in range(1, copies):
            suffix = f"-copy{k}"
            lines = []
            for t in triples:
                s, o = t.subject, t.object
                o_renamed = isinstance(o, ox.NamedNode) and o.value.startswith(LVD) and o.value not in fixed
                if not isinstance(s, ox.NamedNode):
                    continue
                if s.value in fixed:
                    # a hub keeps its own triples once, but links to each copy's nodes (e.g. lvp:hasClaim)
                    if not o_renamed or s.value not in hub:
                        continue
                elif s.value.startswith(LVD):
                    s = ox.NamedNode(s.value + suffix)
                if o_renamed:
                    o = ox.NamedNode(o.value + suffix)
                elif isinstance(o, ox.Literal) and t.predicate.value in LABELS:
                    o = ox.Literal(f"{o.value} {k}", language=o.language) if o.language else \
                        ox.Literal(f"{o.value} {k}", datatype=o.datatype)
                lines.append(f"{_term(s)} {_term(t.predicate)} {_term(o)} .\n")
            fh.writelines(lines)
            written += len(lines)
    return {"real_data_triples": len(triples), "copy_triples": written, "hubs": len(hub)}


if __name__ == "__main__":
    import argparse
    import json

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("copies", type=int)
    ap.add_argument("out", type=Path)
    a = ap.parse_args()
    print(json.dumps(write_copies(a.data_dir, a.copies, a.out)))
