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

import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from pactkg.common import memory_return
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
_PREFIX_TAGS = [(p, f"{p}:".encode("utf-8")) for p in DOC_PREFIXES]
_PREFIX_LINES = {p: f"@prefix {p}: <{ns}> .\n".encode("utf-8") for p, ns in DOC_PREFIXES.items()}


class Index:
    """The dump's triples by subject and by object (pyoxigraph terms), built once for every document."""

    def __init__(self, triples):
        """triples: any iterable (the release streams them from the N-Triples dump: no list of them all).
        By object, only IRIs are kept: a document looks up its entity, never a literal (a third fewer keys)."""
        self.out: dict = defaultdict(list)
        self.inc: dict = defaultdict(list)
        named = ox.NamedNode
        for t in triples:
            self.out[t.subject].append(t)
            if isinstance(t.object, named):
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


_PROVENANCE = frozenset(ox.NamedNode(p) for p in PROVENANCE)
_SOURCE = ox.NamedNode(str(LVP.source))
_SOURCE_DETAILS = frozenset(ox.NamedNode(p) for p in SOURCE_DETAILS)
_LABEL = ox.NamedNode(RDFS_LABEL)
_ABOUT_DOCUMENT = (
    (ox.NamedNode(RDF_TYPE), ox.NamedNode(FOAF + "Document")),
    (ox.NamedNode(FOAF + "primaryTopic"), None),  # the entity
    (ox.NamedNode(VOID + "inDataset"), ox.NamedNode(DATASET)),
    (ox.NamedNode(DCT + "license"), ox.NamedNode(LICENSE)),
    (ox.NamedNode(CC + "attributionName"), ox.Literal(ATTRIBUTION)),
)


def describe(index: Index, entity: ox.NamedNode, document: str) -> list[ox.Triple]:
    """The triples of `entity`'s document (see the module's docstring), sorted as N-Triples lines."""
    return document_triples(index, entity, document)[0]


def document_triples(index: Index, entity: ox.NamedNode, document: str) -> tuple[list[ox.Triple], bytes]:
    """The triples of `entity`'s document sorted as N-Triples lines, and those lines: its .nt variant.

    Terms are compared as pyoxigraph terms made once (not by their .value strings, made on every access)."""
    named = ox.NamedNode
    outgoing, incoming = index.out.get(entity, ()), index.inc.get(entity, ())
    out: set[ox.Triple] = set(outgoing)
    out.update(incoming)
    neighbours = {t.object for t in outgoing if isinstance(t.object, named)}
    neighbours.update(t.subject for t in incoming if isinstance(t.subject, named))
    neighbours.add(entity)
    documents = set()
    for node in neighbours:
        for t in index.out.get(node, ()):
            if t.predicate in _PROVENANCE:
                out.add(t)
                if t.predicate == _SOURCE:
                    documents.add(t.object)
    for doc in documents:
        for t in index.out.get(doc, ()):
            if t.predicate in _SOURCE_DETAILS:
                out.add(t)
    mentioned = {x for t in out for x in (t.subject, t.object) if isinstance(x, named)}
    for node in mentioned:
        for t in index.out.get(node, ()):
            if t.predicate == _LABEL:
                out.add(t)
    doc = named(document)
    out.update(ox.Triple(doc, p, entity if o is None else o) for p, o in _ABOUT_DOCUMENT)
    return _sorted_as_lines(out)


def _sorted_as_lines(triples: set[ox.Triple]) -> tuple[list[ox.Triple], bytes]:
    """The triples in the order of their text (sorted(key=str), as before) and their N-Triples, both from one
    call of pyoxigraph's N-Triples writer: str() of each triple cost more than writing them all, and the
    sorted lines are the .nt variant (pyoxigraph's writer makes one line per triple, the same line whatever
    comes before it, so the lines of any order, sorted, are the document written in sorted order).

    The lines are sorted as bytes: str(t) + " ." in UTF-8. UTF-8 keeps the order of code points, and " ."
    keeps the order of str(t): where one triple's text is the start of another's, the two share subject,
    predicate and the first's whole object term (no IRI or blank node label holds a space), so the longer
    goes on with a literal's "@" or "^^" or a label's next character, each after " " (tested against
    sorted(key=str), tests/publish/test_entity_documents.py)."""
    ts = list(triples)
    lines = ox.serialize(ts, format=ox.RdfFormat.N_TRIPLES).split(b"\n")
    if lines.pop() != b"" or len(lines) != len(ts):
        raise ValueError("pyoxigraph's N-Triples writer did not give one line per triple")
    order = sorted(range(len(ts)), key=lines.__getitem__)
    return [ts[i] for i in order], b"".join([lines[i] + b"\n" for i in order])


@dataclass(frozen=True)
class Written:
    entities: int
    files: int


def write_all(triples, out_dir: Path, document_url, html_page=None, write=None) -> Written:
    """id/<slug>.{ttl,nt,rdf,jsonld} and the type map id/<slug>.var for every entity, under out_dir.

    document_url(slug): the document's address on the host (pactkg.deployment: <base>site/id/<slug>).
    html_page(slug): the path of the entity's HTML page relative to out_dir, listed in the type map as the
    HTML variant (or None).
    write(path, data): how each file's bytes are written, path a string (default: as they are; the release
    passes checksums.DigestLog.write_bytes, which logs their digests on the way).
    """
    with memory_return.collector_paused():  # no cycles made; the collector's full runs would walk the index
        return _write_all(triples, out_dir, document_url, html_page, write or _write_bytes)


def _write_all(triples, out_dir: Path, document_url, html_page, write) -> Written:
    index = Index(triples)
    Path(out_dir, "id").mkdir(parents=True, exist_ok=True)
    target = os.path.join(out_dir, "id", "")  # paths as strings: a Path per file is 5 per entity
    formats = list(FORMATS.items())
    n = 0
    entities = index.entities()
    # Files written in the order of their paths (checksums.release_files' order: "a-b.nt" before "a.nt"), so
    # that a checksums.DigestLog passed as `write` logs them in the order SHA256SUMS lists them.
    for entity in sorted(entities, key=lambda e: slug_of(e) + "."):
        slug = slug_of(entity)
        doc_triples, ntriples = document_triples(index, entity, document_url(slug))
        variants = [(f"{slug}{s}", mt) for s, (_f, mt) in formats]
        files = [(suffix, ntriples if suffix == ".nt" else serialize(doc_triples, fmt)) for suffix, (fmt, _mt) in formats]
        files.append((".var", type_map(slug, variants, "../" + html_page(slug) if html_page else None).encode("utf-8")))
        for suffix, data in sorted(files):
            write(f"{target}{slug}{suffix}", data)
            n += 1
    return Written(len(entities), n)


def _write_bytes(path: str, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)


def serialize(triples: list[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    """Bytes of one variant. Turtle gets the project's prefixes, declared in a fixed order (pyoxigraph's
    own order of @prefix lines is not promised), only those it uses."""
    if fmt == ox.RdfFormat.TURTLE:
        body = ox.serialize(triples, format=fmt, prefixes=DOC_PREFIXES)
        start = 0
        while body.startswith(b"@prefix ", start):  # pyoxigraph's @prefix lines come first, one a line
            start = body.index(b"\n", start) + 1
        text = body[start:]
        used = [p for p, tag in _PREFIX_TAGS if tag in text]
        return b"".join(_PREFIX_LINES[p] for p in used) + b"\n" + text
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
