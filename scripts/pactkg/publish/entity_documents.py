"""One RDF document per entity that stands on its own: what it says, where it came from, whose it is.

For https://w3id.org/lv-pact-1939/id/<slug> the document holds
  - its symmetric concise bounded description: every triple with the entity as subject and every triple
    with it as object (the data has no blank nodes, so nothing more is pulled in);
  - the provenance of those facts: for the entity and for every node at the other end of one of those
    triples that names a source, its lvp:source, lvp:evidence and lvp:sourceRecord, and each source
    document's label, title and URL;
  - the labels of every node it mentions (so a reader sees names, not only IRIs);
  - a description of the document itself: foaf:primaryTopic the entity, void:inDataset the dataset,
    its licence and the attribution the licence asks for.
The document's address is <base>site/id/<slug> (pactkg.deployment: the entity's page without ".html"),
where the host negotiates among id/<slug>.ttl, .nt, .rdf, .jsonld and the site's page (id/<slug>.var).
Written by pyoxigraph from sorted triples, so the same graph gives the same bytes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from pactkg.common.namespaces import BASE, LVD, LVP, PREFIXES

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
VOID = "http://rdfs.org/ns/void#"
CC = "http://creativecommons.org/ns#"
LICENSE = "https://creativecommons.org/licenses/by-sa/4.0/"
DATASET = BASE + "dataset"
ATTRIBUTION = "Latvian Wikipedia contributors; the lv-pact-1939 knowledge graph team"

PROVENANCE = (str(LVP.source), str(LVP.evidence), str(LVP.sourceRecord))
SOURCE_DETAILS = (RDFS_LABEL, str(LVP.title), str(LVP.url))
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# Variants of each document: suffix -> (pyoxigraph format, media type).
FORMATS = {
    ".ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    ".nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    ".rdf": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
    ".jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
}
DOC_PREFIXES = {
    **{k: str(v) for k, v in PREFIXES.items()},
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": DCT,
    "foaf": FOAF,
    "void": VOID,
    "cc": CC,
}


class Index:
    """The dump's triples by subject and by object (pyoxigraph terms), built once for every document."""

    def __init__(self, triples):
        self.out: dict = defaultdict(list)
        self.inc: dict = defaultdict(list)
        for t in triples:
            self.out[t.subject].append(t)
            self.inc[t.object].append(t)

    def entities(self) -> list[ox.NamedNode]:
        """Every IRI under lvd: that the dump describes (is the subject of a triple), in IRI order."""
        lvd = str(LVD)
        return sorted(
            (s for s in self.out if isinstance(s, ox.NamedNode) and s.value.startswith(lvd)
             and SLUG.fullmatch(s.value[len(lvd):])),
            key=lambda n: n.value,
        )


def slug_of(node: ox.NamedNode) -> str:
    return node.value[len(str(LVD)):]


def describe(index: Index, entity: ox.NamedNode, document: str) -> list[ox.Triple]:
    """The triples of `entity`'s document (see the module's docstring), sorted as N-Triples lines."""
    out: set[ox.Triple] = set(index.out.get(entity, ())) | set(index.inc.get(entity, ()))
    neighbours = {t.object for t in index.out.get(entity, ())} | {t.subject for t in index.inc.get(entity, ())}
    sourced = {entity} | {n for n in neighbours if isinstance(n, ox.NamedNode)}
    documents = set()
    for node in sourced:
        for t in index.out.get(node, ()):
            if t.predicate.value in PROVENANCE:
                out.add(t)
                if t.predicate.value == str(LVP.source):
                    documents.add(t.object)
    for doc in documents:
        for t in index.out.get(doc, ()):
            if t.predicate.value in SOURCE_DETAILS:
                out.add(t)
    mentioned = {x for t in out for x in (t.subject, t.object) if isinstance(x, ox.NamedNode)}
    for node in mentioned:
        for t in index.out.get(node, ()):
            if t.predicate.value == RDFS_LABEL:
                out.add(t)
    doc = ox.NamedNode(document)
    for p, o in (
        (RDF_TYPE, ox.NamedNode(FOAF + "Document")),
        (FOAF + "primaryTopic", entity),
        (VOID + "inDataset", ox.NamedNode(DATASET)),
        (DCT + "license", ox.NamedNode(LICENSE)),
        (CC + "attributionName", ox.Literal(ATTRIBUTION)),
    ):
        out.add(ox.Triple(doc, ox.NamedNode(p), o))
    return sorted(out, key=str)


@dataclass(frozen=True)
class Written:
    entities: int
    files: int


def write_all(triples, out_dir: Path, document_url, html_page=None, write=None) -> Written:
    """id/<slug>.{ttl,nt,rdf,jsonld} and the type map id/<slug>.var for every entity, under out_dir.

    document_url(slug): the document's address on the host (pactkg.deployment: <base>site/id/<slug>).
    html_page(slug): the path of the entity's HTML page relative to out_dir, listed in the type map as the
    HTML variant (or None).
    write(path, data): how each file's bytes are written (default Path.write_bytes; the release passes
    checksums.Digests.write_bytes, which hashes them on the way).
    """
    write = write or Path.write_bytes
    index = Index(triples)
    target = Path(out_dir) / "id"
    target.mkdir(parents=True, exist_ok=True)
    n = 0
    entities = index.entities()
    for entity in entities:
        slug = slug_of(entity)
        doc_triples = describe(index, entity, document_url(slug))
        for suffix, (fmt, _mt) in FORMATS.items():
            write(target / f"{slug}{suffix}", serialize(doc_triples, fmt))
            n += 1
        variants = [(f"{slug}{s}", mt) for s, (_f, mt) in FORMATS.items()]
        write(target / f"{slug}.var",
              type_map(slug, variants, "../" + html_page(slug) if html_page else None).encode("utf-8"))
        n += 1
    return Written(len(entities), n)


def serialize(triples: list[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    """Bytes of one variant. Turtle gets the project's prefixes, declared in a fixed order (pyoxigraph's
    own order of @prefix lines is not promised), only those it uses."""
    if fmt == ox.RdfFormat.TURTLE:
        body = ox.serialize(triples, format=fmt, prefixes=DOC_PREFIXES).decode("utf-8")
        lines = body.splitlines(keepends=True)
        rest = [line for line in lines if not line.startswith("@prefix ")]
        text = "".join(rest)
        used = [p for p in DOC_PREFIXES if f"{p}:" in text]
        head = "".join(f"@prefix {p}: <{DOC_PREFIXES[p]}> .\n" for p in used)
        return (head + "\n" + text).encode("utf-8")
    if fmt == ox.RdfFormat.RDF_XML:
        return ox.serialize(triples, format=fmt, prefixes=DOC_PREFIXES)
    return ox.serialize(triples, format=fmt)


# Server-side quality of each variant (qs): what a client that accepts everything equally gets.
QS = {"text/html": "1.0", "text/turtle": "0.9", "application/ld+json": "0.8", "application/n-triples": "0.7",
      "application/rdf+xml": "0.6"}


def type_map(name: str, variants: list[tuple[str, str]], html: str | None) -> str:
    """An Apache type map (mod_negotiation) for one resource: its variants with media types and qs.

    The host negotiates with these (RFC 9110 proactive negotiation: q-values weighed, 406 when nothing
    is acceptable, `Vary: accept` on every answer). URIs are relative to the map's folder.
    """
    entries = [f"URI: {name}\n"]
    listed = ([(html, "text/html")] if html else []) + variants
    for uri, mt in listed:
        charset = "; charset=utf-8" if mt in ("text/html", "text/turtle", "application/n-triples") else ""
        entries.append(f"URI: {uri}\nContent-Type: {mt}{charset}; qs={QS[mt]}\n")
    return "\n".join(entries)
