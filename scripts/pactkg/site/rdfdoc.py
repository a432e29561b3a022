"""Per-entity Turtle and JSON-LD: the entity's own triples plus the labels of what it links to.

Written by hand (not by rdflib's serializers) for two reasons: the output must be byte-identical for the
same input, and a few hundred small documents must take milliseconds. The tests parse every document
back with rdflib and compare it with the graph.
"""

from __future__ import annotations

import json
import re

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from pactkg.common.namespaces import PREFIXES
from pactkg.site.model import GraphView

# Prefixes a per-entity document may use, in the order they are written.
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


def entity_triples(view: GraphView, node: URIRef) -> list[tuple]:
    """The node's triples, then rdfs:label of every IRI it links to (not literals, not itself)."""
    triples = []
    linked = set()
    for p, objs in view.out.get(node, {}).items():
        for o in objs:
            triples.append((node, p, o))
            if isinstance(o, URIRef) and o != node:
                linked.add(o)
    for o in sorted(linked, key=str):
        for lab in view.values(o, RDFS.label):
            triples.append((o, RDFS.label, lab))
    return triples


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


def _escape(text: str) -> str:
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    return out.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def _iri_ttl(iri: str, used: set[str]) -> str:
    q = _qname(iri)
    if q:
        used.add(q[0])
        return f"{q[0]}:{q[1]}"
    return "<" + iri.replace(">", "%3E") + ">"


def _term_ttl(term, used: set[str]) -> str:
    if isinstance(term, URIRef):
        return _iri_ttl(str(term), used)
    if isinstance(term, Literal):
        text = '"' + _escape(str(term)) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{text}^^{_iri_ttl(str(term.datatype), used)}"
        return text
    raise ValueError(f"blank nodes are not allowed in the data: {term!r}")


def _grouped(triples: list[tuple], first: URIRef) -> list[tuple[URIRef, list[tuple[URIRef, list]]]]:
    by_s: dict = {}
    for s, p, o in triples:
        by_s.setdefault(s, {}).setdefault(p, set()).add(o)
    order = [first] + sorted((s for s in by_s if s != first), key=str)
    out = []
    for s in order:
        if s not in by_s:
            continue
        preds = sorted(by_s[s], key=lambda p: (p != RDF.type, str(p)))
        out.append((s, [(p, sorted(by_s[s][p], key=_sort_term)) for p in preds]))
    return out


def _sort_term(t) -> tuple:
    if isinstance(t, Literal):
        return (1, str(t.datatype or ""), t.language or "", str(t))
    return (0, "", "", str(t))


def to_turtle(triples: list[tuple], first: URIRef) -> str:
    used: set[str] = set()
    blocks = []
    for s, preds in _grouped(triples, first):
        lines = []
        for p, objs in preds:
            ptxt = "a" if p == RDF.type else _iri_ttl(str(p), used)
            otxt = " ,\n        ".join(_term_ttl(o, used) for o in objs)
            lines.append(f"    {ptxt} {otxt}")
        blocks.append(_iri_ttl(str(s), used) + "\n" + " ;\n".join(lines) + " .\n")
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in DOC_PREFIXES.items() if p in used)
    return head + "\n" + "\n".join(blocks)


def _iri_json(iri: str, used: set[str]) -> str:
    q = _qname(iri)
    if q:
        used.add(q[0])
        return f"{q[0]}:{q[1]}"
    return iri


def _term_json(term, used: set[str]) -> dict:
    if isinstance(term, URIRef):
        return {"@id": _iri_json(str(term), used)}
    if term.language:
        return {"@value": str(term), "@language": term.language}
    if term.datatype and term.datatype != XSD.string:
        return {"@value": str(term), "@type": _iri_json(str(term.datatype), used)}
    return {"@value": str(term)}


def to_jsonld_obj(triples: list[tuple], first: URIRef) -> dict:
    used: set[str] = set()
    nodes = []
    for s, preds in _grouped(triples, first):
        node: dict = {"@id": _iri_json(str(s), used)}
        for p, objs in preds:
            if p == RDF.type and all(isinstance(o, URIRef) for o in objs):
                node["@type"] = [_iri_json(str(o), used) for o in objs]
            else:
                node[_iri_json(str(p), used)] = [_term_json(o, used) for o in objs]
        nodes.append(node)
    context = {p: ns for p, ns in DOC_PREFIXES.items() if p in used}
    return {"@context": context, "@graph": nodes}


def to_jsonld(triples: list[tuple], first: URIRef) -> str:
    return json.dumps(to_jsonld_obj(triples, first), ensure_ascii=False, indent=1) + "\n"


def jsonld_for_script(text: str) -> str:
    """JSON-LD safe inside <script>: no '<' at all, so '</script' or '<!--' cannot occur (\\u003c is valid JSON)."""
    return text.replace("<", "\\u003c")
