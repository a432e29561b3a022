"""What our graph knows about an entity that helps to recognise its Wikidata item.

A profile holds the entity's labels (rdfs:label and skos:altLabel in lv/en/ru), its kind, and the facts the
reconciler can check a candidate against: the years in which our graph shows a person acting (a candidate
born after, or dead before, them is not the person), the entity's own date years (a treaty's signing, a war's
start), and the Wikidata ids of its country (from lvp:country, when that state is mapped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from pactkg.link import sssom_tsv
from pactkg.link import wikidata_vocabulary
from pactkg.link.mappings import class_closure, curie, entity_types, kind_of
from pactkg.common.namespaces import LVP

_YEAR = re.compile(r"^(-?[0-9]{4})")
DATE_PROPS = (LVP.date, LVP.startDate, LVP.endDate, LVP.attestedDate, LVP.notBefore)


@dataclass
class Profile:
    iri: URIRef
    subject_id: str
    kind: wikidata_vocabulary.Kind | None
    labels: list[tuple[str, str]] = field(default_factory=list)  # (text, lang), rdfs:label first
    active_years: set[int] = field(default_factory=set)  # persons
    own_years: set[int] = field(default_factory=set)  # treaties, wars, events
    countries: set[str] = field(default_factory=set)  # QIDs of mapped lvp:country values

    @property
    def label_en(self) -> str:
        for text, lang in self.labels:
            if lang == "en":
                return text
        return self.labels[0][0] if self.labels else ""


def _years(graph: Graph, node) -> set[int]:
    out = set()
    for p in DATE_PROPS:
        for v in graph.objects(node, p):
            m = _YEAR.match(str(v))
            if m:
                out.add(int(m.group(1)))
    return out


def _subproperties(graph: Graph, top: URIRef) -> set[URIRef]:
    subs = {top}
    changed = True
    while changed:
        changed = False
        for s, o in graph.subject_objects(RDFS.subPropertyOf):
            if o in subs and s not in subs and isinstance(s, URIRef):
                subs.add(s)
                changed = True
    return subs


def mapped_qids(ms: sssom_tsv.MappingSet) -> dict[str, str]:
    """subject CURIE → QID for the curated rows."""
    out = {}
    for r in ms.rows:
        if r.get("predicate_modifier") == "Not":
            continue
        o = r.get("object_id", "")
        if o.startswith("wd:"):
            out[r["subject_id"]] = o[3:]
    return out


def build(graph: Graph, ms: sssom_tsv.MappingSet, iris: list[URIRef]) -> list[Profile]:
    closure = class_closure(graph)
    qids = mapped_qids(ms)
    roles = _subproperties(graph, LVP.participant) | {LVP.holder, LVP.speaker}
    out = []
    for iri in iris:
        kind = kind_of(entity_types(graph, iri, closure))
        prof = Profile(iri=iri, subject_id=curie(iri), kind=kind)
        for prop in (RDFS.label, SKOS.altLabel):
            for lit in sorted(graph.objects(iri, prop), key=lambda l: (getattr(l, "language", "") or "", str(l))):
                lang = getattr(lit, "language", None)
                if lang in wikidata_vocabulary.LABEL_LANGUAGES:
                    prof.labels.append((str(lit), lang))
        for role in roles:
            for fact in graph.subjects(role, iri):
                prof.active_years |= _years(graph, fact)
        prof.own_years = _years(graph, iri)
        for signing in graph.subjects(LVP.produced, iri):
            prof.own_years |= _years(graph, signing)
        for c in graph.objects(iri, LVP.country):
            q = qids.get(curie(c))
            if q:
                prof.countries.add(q)
        out.append(prof)
    return out
