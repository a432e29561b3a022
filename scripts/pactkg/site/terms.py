"""The namespaces the site's modules name terms from (LVP.date, RDF.type …), each term made once.

rdflib's Namespace makes and checks a new URIRef at every attribute access: in the page writers' loops that
was 10 million URIRefs, a sixth of the site's CPU at 100x (docs/site.md). These namespaces keep a term once
made, and `canonical` gives the one object of a vocabulary IRI, which GraphView stores in its dictionaries
too: a lookup then finds the very same object and never calls rdflib's Python-level URIRef.__eq__.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS as _DCTERMS, OWL as _OWL, PROV as _PROV, RDF as _RDF, RDFS as _RDFS
from rdflib.namespace import SKOS as _SKOS, XSD as _XSD

from pactkg.common import namespaces

# IRI -> its one URIRef. Holds the vocabulary only (the terms the code names, and the graph's predicates and
# classes, which GraphView registers): it grows with the vocabulary, not with the graph's entities.
_CANONICAL: dict[str, URIRef] = {}


def canonical(term: URIRef) -> URIRef:
    """The one URIRef object for this vocabulary IRI (the first seen)."""
    return _CANONICAL.setdefault(term, term)


class TermNamespace(Namespace):
    """A Namespace whose attributes are made once (then found in the instance's __dict__, at C speed)."""

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        term = canonical(self.term(name))
        self.__dict__[name] = term
        return term


LVP = TermNamespace(namespaces.LVP)
LVD = TermNamespace(namespaces.LVD)
WGS = TermNamespace(namespaces.WGS)
WD = TermNamespace(namespaces.WD)
RDF = TermNamespace(str(_RDF))
RDFS = TermNamespace(str(_RDFS))
OWL = TermNamespace(str(_OWL))
SKOS = TermNamespace(str(_SKOS))
XSD = TermNamespace(str(_XSD))
DCTERMS = TermNamespace(str(_DCTERMS))
PROV = TermNamespace(str(_PROV))
