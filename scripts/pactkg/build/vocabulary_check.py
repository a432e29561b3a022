"""A closed vocabulary (issue 10): every property and class that the graph uses must be a term the ontology
declares or a term that an allowed external vocabulary really defines. A misspelt `rdfs:sigantory` is
otherwise valid RDF that every shape and query silently ignores.

External terms are checked against rdflib's term lists of each vocabulary (generated from the vocabularies'
own RDF); for the few vocabularies rdflib has no closed list of, the terms are listed here, from the
vocabulary's specification. Terms of the ontology's own namespace are checked by
queries/checks/ontology-term-undefined.rq (declared in ontology/pact.ttl); here they are only skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from rdflib import URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, GEO, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, VANN, XSD

OWN_NAMESPACE = "https://w3id.org/lv-pact-1939/ontology#"
DATA_NAMESPACE = "https://w3id.org/lv-pact-1939/id/"

# W3C Basic Geo (WGS84 lat/long), http://www.w3.org/2003/01/geo/: its whole vocabulary. rdflib's WGS uses
# the https form of the namespace, which is not the one the vocabulary (and our data) uses.
WGS84 = "http://www.w3.org/2003/01/geo/wgs84_pos#"
WGS84_TERMS = frozenset({"SpatialThing", "Point", "lat", "long", "alt", "lat_long", "location"})

# namespace IRI -> (prefix, rdflib DefinedNamespace or a set of local names)
ALLOWED = {
    str(RDF): ("rdf", RDF),
    str(RDFS): ("rdfs", RDFS),
    str(OWL): ("owl", OWL),
    str(XSD): ("xsd", XSD),
    str(SKOS): ("skos", SKOS),
    str(DCTERMS): ("dcterms", DCTERMS),
    str(DCAT): ("dcat", DCAT),
    str(FOAF): ("foaf", FOAF),
    str(PROV): ("prov", PROV),
    str(TIME): ("time", TIME),
    str(GEO): ("geo", GEO),
    str(VANN): ("vann", VANN),
    str(SDO): ("schema", SDO),
    WGS84: ("wgs", WGS84_TERMS),
}


@dataclass(frozen=True)
class UnknownTerm:
    term: URIRef
    used_as: str  # "property" or "class"
    subject: URIRef

    def message(self, short: Callable[[URIRef], str], where: str = "") -> str:
        prefix = f"{where}: " if where else ""
        ns = _namespace_of(str(self.term))
        if ns is None:
            why = (f"{short(self.term)} is in no vocabulary the data may use (the ontology's lvp: terms, or "
                   f"{', '.join(p + ':' for p, _ in ALLOWED.values())})")
        else:
            why = f"{short(self.term)} is not a term of {ALLOWED[ns][0]}: (misspelt?)"
        return (f"{prefix}the {self.used_as} {why}, used on {short(self.subject)}. "
                f"Correct the spelling, or use a term that ontology/pact.ttl declares.")


def _namespace_of(iri: str) -> str | None:
    best = None
    for ns in ALLOWED:
        if iri.startswith(ns) and (best is None or len(ns) > len(best)):
            best = ns
    return best


def is_defined(iri: str) -> bool:
    ns = _namespace_of(iri)
    if ns is None:
        return False
    local = iri[len(ns):]
    terms = ALLOWED[ns][1]
    if isinstance(terms, (set, frozenset)):
        return local in terms
    return bool(local) and URIRef(iri) in terms


def used_terms(store) -> list[tuple[URIRef, str]]:
    """(term, 'property' | 'class') for every property and every rdf:type object of a pyoxigraph store, sorted.

    Asked of the store the build has parsed anyway: walking the rdflib graph for the same answer took 2.4 s
    CPU at 100x (rdflib looks up each triple's contexts), these two queries 0.1 s (docs/benchmarks.md)."""
    props = {(URIRef(r["p"].value), "property") for r in store.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")}
    classes = {(URIRef(r["c"].value), "class") for r in store.query(
        f"SELECT DISTINCT ?c WHERE {{ ?s <{RDF.type}> ?c FILTER(isIRI(?c)) }}")}
    return sorted(props | classes)


def first_user(store, term: URIRef, used_as: str) -> URIRef:
    """The first subject (by IRI) that uses the term, to show where it is used."""
    import pyoxigraph as ox

    if used_as == "property":
        quads = store.quads_for_pattern(None, ox.NamedNode(str(term)), None)
    else:
        quads = store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(term)))
    return URIRef(min(q.subject.value for q in quads))


def unknown_terms(store) -> list[UnknownTerm]:
    """Terms outside our namespace that no vocabulary we know defines, each with a subject using it."""
    out = []
    for term, used_as in used_terms(store):
        iri = str(term)
        if iri.startswith(OWN_NAMESPACE):
            continue  # queries/checks/ontology-term-undefined.rq
        if not is_defined(iri):
            out.append(UnknownTerm(term, used_as, first_user(store, term, used_as)))
    return out


def locate(term: URIRef, short: Callable[[URIRef], str], files: Iterable[Path]) -> str:
    """'file, line N' of the first line that writes the term (as prefixed name or full IRI), or ''."""
    needles = [f"<{term}>", short(term)]
    for f in files:
        try:
            lines = Path(f).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for n, line in enumerate(lines, 1):
            if not line.lstrip().startswith("#") and any(needle in line for needle in needles):
                return f"{f}, line {n}"
    return ""


def report(store, files: Iterable[Path], short: Callable[[URIRef], str]) -> tuple[bool, str]:
    """The check on a pyoxigraph store of the sources (pactkg.build.qc_checks.store_from_files)."""
    files = list(files)
    problems = unknown_terms(store)
    if not problems:
        return True, f"Vocabulary: every property and class is declared ({len(used_terms(store))} terms)"
    lines = [f"Vocabulary: {len(problems)} term{'s' if len(problems) != 1 else ''} that no vocabulary defines"]
    lines += ["  " + p.message(short, locate(p.term, short, files)) for p in problems]
    return False, "\n".join(lines)
