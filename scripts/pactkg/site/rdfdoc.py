"""The prefixes the site writes IRIs with (the query page's declarations, property names shown as CURIEs) and
JSON-LD made safe inside a page's <script>.

The per-entity files in id/ are not written here: they are the release's documents
(pactkg.publish.entity_documents, by build.EntityDocuments, serialised by pyoxigraph).
"""

from __future__ import annotations

import re

from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from pactkg.common.namespaces import PREFIXES

# Prefixes in the order they are declared.
DOC_PREFIXES: dict[str, str] = {
    **{k: str(v) for k, v in PREFIXES.items()},
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
}

_LOCAL_OK = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$|^[0-9][A-Za-z0-9_-]*$")


def _qname(iri: str) -> tuple[str, str] | None:
    best = None
    for prefix, ns in DOC_PREFIXES.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(DOC_PREFIXES[best])):
            local = iri[len(ns):]
            if _LOCAL_OK.match(local):
                best = prefix
    if best is None:
        return None
    return best, iri[len(DOC_PREFIXES[best]):]


def jsonld_for_script(text: str) -> str:
    """JSON-LD safe inside <script>: no '<' at all, so '</script' or '<!--' cannot occur (\\u003c is valid JSON)."""
    return text.replace("<", "\\u003c")
