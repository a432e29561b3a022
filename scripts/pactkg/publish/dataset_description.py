"""The dataset description (dist/void.ttl): VoID statistics and DCAT 3 metadata, computed from the dump.

Everything here is derived from the files of the release and from files under version control: counts from
the dump, dates from CHANGELOG.md (release_version), sizes and checksums from the files. Nothing reads the clock,
so two releases of one commit describe themselves byte-identically.

The description has no blank nodes: partitions, linksets, distributions and checksums are fragments of
the dataset IRI (`…/dataset#class-lvp-Person`), which keeps the Turtle stable and every node addressable.
It is checked against the DCAT-AP 3.0.0 shapes and publish/void-shapes.ttl (tests/publish).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable
from datetime import date
from urllib.parse import urlsplit

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD

from pactkg.common.namespaces import BASE, LVD, LVP, ONTOLOGY_IRI, PREFIXES, WD

DATASET = URIRef(BASE + "dataset")
TEAM = URIRef(BASE + "team")
QUALITY = URIRef(BASE + "quality")
D = Namespace(BASE + "dataset#")
SHAPES_IRI = URIRef(BASE + "shapes")
LANDING_PAGE = URIRef(BASE)
RELEASES_BASE = BASE + "releases/"
CONTEXT_IRI = URIRef(BASE + "context.jsonld")

# Open namespaces (rdflib's closed DCAT and VOID lack DCAT 3 terms such as dcat:version).
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
CC = Namespace("http://creativecommons.org/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
IANA = "https://www.iana.org/assignments/media-types/"
EU_LANG = Namespace("http://publications.europa.eu/resource/authority/language/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DQV = Namespace("http://www.w3.org/ns/dqv#")

LICENSE = URIRef("https://creativecommons.org/licenses/by-sa/4.0/")
ARTICLE_URL = URIRef(
    "https://lv.wikipedia.org/wiki/Savstarp%C4%93j%C4%81s_pal%C4%ABdz%C4%ABbas_pakts_starp_Latviju_un_PSRS"
)
ARTICLE_TITLE = "Savstarpējās palīdzības pakts starp Latviju un PSRS"
WOF_URL = URIRef("https://whosonfirst.org/")
WIKIDATA = D["wikidata"]
WIKIDATA_SPACE = str(WD)

DEFAULT_PUBLISHER = "The lv-pact-1939 knowledge graph team"

# The entity kinds an example resource is picked from (the best-described instance of each).
EXAMPLE_CLASSES = [LVP.Treaty, LVP.Signing, LVP.Person, LVP.Stationing, LVP.Place, LVP.Quotation]

# Date properties that place the events in time (not the dates of references or web archives).
TEMPORAL_PROPERTIES = [LVP.date, LVP.startDate, LVP.endDate, LVP.notBefore, LVP.deadline]

MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".json": "application/json",
    ".html": "text/html",
    ".md": "text/markdown",
    ".txt": "text/plain",
    ".tsv": "text/tab-separated-values",
    ".csv": "text/csv",
    ".yml": "application/yaml",
    ".yaml": "application/yaml",
    ".gz": "application/gzip",
    ".rdf": "application/rdf+xml",
    ".xml": "application/xml",
    ".cff": "application/yaml",
}

# Human titles for the files a release has; others are titled by their name.
FILE_TITLES = {
    "lv-pact-1939.ttl": "The knowledge graph (ontology and data), Turtle",
    "lv-pact-1939.nt": "The knowledge graph, N-Triples (sorted, one triple per line)",
    "lv-pact-1939.jsonld": "The knowledge graph, JSON-LD (compacted with context.jsonld)",
    "context.jsonld": "The JSON-LD context of the dataset",
    "ontology.ttl": "The ontology, Turtle",
    "ontology.jsonld": "The ontology, JSON-LD",
    "ontology.html": "The ontology's documentation (HTML)",
    "shapes.ttl": "The SHACL shapes the data conforms to",
    "CHANGES.md": "What changed since the previous release (triples added and removed, by entity)",
    "summary.txt": "Summary of the build (counts and checks)",
    "mappings/wikidata.sssom.tsv": "Curated mappings of the entities to Wikidata items (SSSOM/TSV)",
    "mappings/unmapped.tsv": "Linkable entities that still lack a Wikidata mapping",
}

PREFIX_TABLE: dict[str, str] = {p: str(ns) for p, ns in PREFIXES.items()} | {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "foaf": str(FOAF),
    "prov": "http://www.w3.org/ns/prov#",
    "vann": "http://purl.org/vocab/vann/",
    "time": "http://www.w3.org/2006/time#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "sh": "http://www.w3.org/ns/shacl#",
}


@dataclass
class Stats:
    """What VoID says about the dump, computed in one pass over its triples."""

    triples: int = 0
    entities: int = 0
    distinct_subjects: int = 0
    distinct_objects: int = 0
    classes: dict[URIRef, int] = field(default_factory=dict)  # class -> instances
    properties: dict[URIRef, int] = field(default_factory=dict)  # predicate -> triples
    links: dict[tuple[str, URIRef], int] = field(default_factory=dict)  # (kind, predicate) -> triples into Wikidata
    examples: list[URIRef] = field(default_factory=list)
    vocabularies: list[URIRef] = field(default_factory=list)
    temporal: tuple[Literal, Literal] | None = None


def _namespace_of(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            return iri[: iri.rindex(sep) + 1]
    return iri


def _period_bounds(lit: Literal) -> tuple[str, str] | None:
    """(first day, last day) of an xsd:date / gYearMonth / gYear literal, as ISO strings."""
    text = str(lit)
    if lit.datatype == XSD.date and len(text) >= 10:
        return text[:10], text[:10]
    if lit.datatype == XSD.gYearMonth and len(text) >= 7:
        return text[:7] + "-01", text[:7] + "-31"
    if lit.datatype == XSD.gYear and len(text) >= 4:
        return text[:4] + "-01-01", text[:4] + "-12-31"
    return None


def _instances(members: dict[URIRef, set], below: dict, cls: URIRef) -> set:
    """Instances of cls or of any of its subclasses (rdfs:subClassOf as stated in the dump): `members` maps
    each class to its instances, `below` each class to the classes stated as its subclasses."""
    classes, todo = {cls}, [cls]
    while todo:
        for sub in below.get(todo.pop(), ()):
            if sub not in classes:
                classes.add(sub)
                todo.append(sub)
    return {s for c in classes for s in members.get(c, ())}


LINK_KINDS = {
    "entities": ("Links from the graph's entities to Wikidata items", "curated in mappings/wikidata.sssom.tsv"),
    "ontology": ("Alignments of the ontology's classes and properties to Wikidata", "evidence in ontology/wikidata-alignment-evidence.tsv"),
}


def link_kind(subject) -> str:
    """A link's linkset: an entity's link to an item, or an ontology term's alignment to a class or property."""
    return "entities" if str(subject).startswith(str(LVD)) else "ontology"


def compute_stats(triples: Iterable[tuple]) -> Stats:
    """The statistics of the triples (a graph, or the dump's triples streamed: one pass, nothing else kept)."""
    st = Stats()
    subjects, objects = set(), set()
    classes: dict[URIRef, set] = defaultdict(set)
    properties: Counter = Counter()
    links: Counter = Counter()
    per_subject: Counter = Counter()
    namespaces: set[str] = set()
    temporal: list[tuple[str, str, Literal]] = []
    below: dict = defaultdict(set)  # class -> its stated subclasses
    # The terms compared with every triple, looked up once (RDF.type is a namespace attribute, computed on
    # each access), and the temporal properties as a set (not == against each of a list).
    sub_class_of, rdf_type, temporal_properties = RDFS.subClassOf, RDF.type, frozenset(TEMPORAL_PROPERTIES)
    for s, p, o in triples:
        st.triples += 1
        subjects.add(s)
        objects.add(o)
        properties[p] += 1
        per_subject[s] += 1
        if p == sub_class_of:
            below[o].add(s)
        if p == rdf_type and isinstance(o, URIRef):
            classes[o].add(s)
        if isinstance(o, URIRef) and o.startswith(WIKIDATA_SPACE) and p != rdf_type:  # a URIRef is a str
            links[(link_kind(s), p)] += 1
        if p in temporal_properties and isinstance(o, Literal):
            bounds = _period_bounds(o)
            if bounds:
                temporal.append((bounds[0], bounds[1], o))
    # The vocabularies: the namespaces of the properties and classes used, each worked out once (not per triple).
    namespaces.update(_namespace_of(str(p)) for p in properties)
    namespaces.update(_namespace_of(str(c)) for c in classes)
    st.distinct_subjects = len(subjects)
    st.distinct_objects = len(objects)
    st.entities = sum(1 for s in subjects if isinstance(s, URIRef) and str(s).startswith(str(LVD)))
    st.classes = {c: len(members) for c, members in sorted(classes.items())}
    st.properties = dict(sorted(properties.items()))
    st.links = dict(sorted(links.items()))
    st.vocabularies = sorted(URIRef(ns) for ns in namespaces)
    if temporal:
        start = min(temporal, key=lambda t: (t[0], str(t[2])))[2]
        end = max(temporal, key=lambda t: (t[1], str(t[2])))[2]
        st.temporal = (start, end)
    for cls in EXAMPLE_CLASSES:
        candidates = [s for s in _instances(classes, below, cls) if str(s).startswith(str(LVD)) and s not in st.examples]
        if candidates:
            st.examples.append(min(candidates, key=lambda s: (-per_subject[s], str(s))))
    return st


def _local_key(iri: URIRef) -> str:
    """A readable, stable fragment for a term: 'lvp-Person', else a hash of the IRI."""
    text = str(iri)
    for prefix, ns in PREFIX_TABLE.items():
        if text.startswith(ns) and text[len(ns) :].replace("_", "").replace("-", "").isalnum():
            return f"{prefix}-{text[len(ns):]}"
    return "iri-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def media_type(name: str) -> str:
    if name == "SHA256SUMS":
        return "text/plain"
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    return MEDIA_TYPES.get(suffix.lower(), "application/octet-stream")


# What a release serves but does not offer as a download: the per-entity documents, the type maps and the
# host's and w3id.org's rules, the site, and the description in its other syntaxes (written after it).
NOT_DISTRIBUTED_DIRS = ("id/", "w3id/", "site/")
NOT_DISTRIBUTED = ("void.ttl", "void.nt", "void.rdf", "void.jsonld", "SHA256SUMS")


def is_distribution(rel: str) -> bool:
    """Whether a file of the release is one of the dataset's distributions in void.ttl."""
    return not (rel.startswith(NOT_DISTRIBUTED_DIRS) or rel.endswith(".var") or rel in NOT_DISTRIBUTED
                or rel.rsplit("/", 1)[-1].startswith("."))


@dataclass(frozen=True)
class FileInfo:
    """One file of the release: its path relative to dist/, size and SHA-256."""

    name: str
    size: int
    sha256: str


@dataclass
class DescriptionInputs:
    version: str
    released: date
    first_released: date
    files: list[FileInfo]
    sparql_endpoint: str | None = None
    version_notes: str | None = None
    local_note: str | None = None  # a build for local use says so (and names no endpoint)
    title: str | None = None  # English title, abstract, creators and contact: from CITATION.cff
    abstract: str | None = None
    creators: tuple[str, ...] = ()
    contact: tuple[str, ...] = ()
    quality: bool = False  # the release has a quality report (quality.ttl)
    dumps: tuple[str, ...] = ("lv-pact-1939.ttl", "lv-pact-1939.nt", "lv-pact-1939.jsonld")


def _english_label(graph: Graph, node) -> Literal | None:
    labels = sorted(str(o) for o in graph.objects(node, RDFS.label) if isinstance(o, Literal) and o.language == "en")
    return Literal(labels[0], lang="en") if labels else None


def _lit_date(d: date) -> Literal:
    return Literal(d.isoformat(), datatype=XSD.date)


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host == "localhost" or host.startswith("127.") or host == "::1"


def description_source(graph: Graph) -> Graph:
    """The triples of the dump that describe() reads, once stats are given: the ontology's creator, every
    fact's lvp:source, and each cited document's address, title, labels and author's labels. describe() gives
    the same description from them as from the whole dump, so the release can let the dump's graph go
    (about 1 kB a triple) before its largest steps (docs/benchmarks.md, session 19). Also Latvia's type, which
    tells describe() that the dump covers Latvia (dct:spatial)."""
    out = Graph()
    for t in graph.triples((URIRef(ONTOLOGY_IRI), DCTERMS.creator, None)):
        out.add(t)
    for t in graph.triples((LVD["latvia"], RDF.type, None)):
        out.add(t)
    docs = set()
    for fact, doc in graph.subject_objects(LVP.source):
        out.add((fact, LVP.source, doc))
        docs.add(doc)
    for doc in docs:
        for p in (LVP.url, LVP.title, RDFS.label, LVP.author):
            for o in graph.objects(doc, p):
                out.add((doc, p, o))
        for author in graph.objects(doc, LVP.author):
            for o in graph.objects(author, RDFS.label):
                out.add((author, RDFS.label, o))
    return out


def describe(graph: Graph, inp: DescriptionInputs, stats: Stats | None = None) -> Graph:
    """The VoID + DCAT description of the dump `graph` as released with `inp.files`."""
    st = stats or compute_stats(graph)
    g = Graph()
    for prefix, ns in {
        "dcat": DCAT, "dcterms": DCTERMS, "void": VOID, "foaf": FOAF, "spdx": SPDX, "cc": CC, "adms": ADMS,
        "xsd": XSD, "rdfs": RDFS, "owl": OWL, "lvp": LVP, "lvd": LVD, "wd": WD, "formats": FORMATS,
        "ds": D, "skos": SKOS, "vcard": VCARD, "dqv": DQV,
    }.items():
        g.bind(prefix, ns, override=True, replace=True)

    ds = DATASET
    released = _lit_date(inp.released)
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.identifier, Literal(str(ds))))
    g.add((ds, DCTERMS.title, Literal(inp.title or "Knowledge graph of the 1939 Latvian–Soviet Mutual Assistance Pact", lang="en")))
    g.add((ds, DCTERMS.title, Literal("1939. gada Latvijas–PSRS Savstarpējās palīdzības pakta zināšanu grafs", lang="lv")))
    g.add((ds, DCTERMS.description, Literal(inp.abstract or
        "Linked data on the 1939 Mutual Assistance Pact between Latvia and the USSR: the people, states, "
        "documents, events, places, military units, quantities and quotations around it. Every fact names its "
        "source and, where the source is the Latvian Wikipedia article, quotes the sentence that supports it.",
        lang="en")))
    if inp.local_note:
        g.add((ds, RDFS.comment, Literal(inp.local_note, lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "Saistītie dati par 1939. gada Savstarpējās palīdzības paktu starp Latviju un PSRS: personas, valstis, "
        "dokumenti, notikumi, vietas, karaspēka daļas, daudzumi un citāti. Katram faktam norādīts avots un, ja "
        "avots ir latviešu Vikipēdijas raksts, citēts teikums, kas to pamato.",
        lang="lv")))
    g.add((ds, DCAT.version, Literal(inp.version)))
    if inp.version_notes:
        g.add((ds, ADMS.versionNotes, Literal(inp.version_notes, lang="en")))
    g.add((ds, DCTERMS.issued, _lit_date(inp.first_released)))
    g.add((ds, DCTERMS.modified, released))
    for kw_en, kw_lv in [
        ("Latvia", "Latvija"), ("Soviet Union", "PSRS"), ("mutual assistance pact", "savstarpējās palīdzības pakts"),
        ("1939", "1939"), ("military bases", "karabāzes"), ("history", "vēsture"),
    ]:
        g.add((ds, DCAT.keyword, Literal(kw_en, lang="en")))
        g.add((ds, DCAT.keyword, Literal(kw_lv, lang="lv")))
    for code in ("LAV", "ENG", "RUS"):
        g.add((ds, DCTERMS.language, EU_LANG[code]))
        g.add((EU_LANG[code], RDF.type, DCTERMS.LinguisticSystem))
    g.add((ds, DCAT.landingPage, LANDING_PAGE))
    g.add((LANDING_PAGE, RDF.type, FOAF.Document))
    docs_page = URIRef(BASE + "ontology")
    g.add((ds, FOAF.page, docs_page))
    g.add((docs_page, RDF.type, FOAF.Document))

    # Publisher and creator: the team (…/team, CITATION.cff's author), also the contact point.
    publisher = TEAM
    names = inp.creators or (str(graph.value(URIRef(ONTOLOGY_IRI), DCTERMS.creator) or DEFAULT_PUBLISHER),)
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((ds, DCTERMS.creator, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, RDF.type, FOAF.Organization))
    for name in names:
        g.add((publisher, FOAF.name, Literal(name, lang="en")))
    for name in inp.contact:
        contact = URIRef(str(TEAM) + "#contact")
        g.add((ds, DCAT.contactPoint, contact))
        g.add((contact, RDF.type, VCARD.Kind))
        g.add((contact, RDF.type, VCARD.Organization))
        g.add((contact, VCARD.fn, Literal(name)))
        g.add((contact, VCARD.hasURL, TEAM))
    if inp.quality:
        g.add((ds, DQV.hasQualityMetadata, QUALITY))

    # Documents other than the two main sources that facts cite (e.g. English Wikipedia articles).
    main = {str(ARTICLE_URL), str(WOF_URL)}
    cited: dict[str, URIRef] = {}
    for doc in sorted(set(graph.objects(None, LVP.source))):  # sorted: of two documents with one URL, the first IRI
        url = graph.value(doc, LVP.url)
        if url is not None and str(url) not in main:
            cited.setdefault(str(url), doc)

    # Licence and the attribution it requires.
    rights = D["rights"]
    g.add((ds, DCTERMS.license, LICENSE))
    g.add((LICENSE, RDF.type, DCTERMS.LicenseDocument))
    g.add((LICENSE, RDFS.label, Literal("Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)", lang="en")))
    g.add((ds, DCTERMS.rights, rights))
    g.add((rights, RDF.type, DCTERMS.RightsStatement))
    g.add((rights, RDFS.label, Literal(
        f"Licensed under CC BY-SA 4.0. Derived from, and quoting, the Latvian Wikipedia article "
        f"\u201c{ARTICLE_TITLE}\u201d ({ARTICLE_URL}), CC BY-SA 4.0; credit: Latvian Wikipedia contributors. "
        "Coordinates: Data from Who's On First (CC BY; includes GeoNames and Natural Earth data)."
        + (" A few facts come from other Wikipedia articles, each cited by URL on the fact and listed as a "
           "source of the dataset (CC BY-SA 4.0; credit: their contributors)." if cited else ""),
        lang="en")))
    g.add((rights, RDFS.label, Literal(
        f"Licence: CC BY-SA 4.0. Atvasināts no latviešu Vikipēdijas raksta \u201c{ARTICLE_TITLE}\u201d "
        f"({ARTICLE_URL}) un to citē, CC BY-SA 4.0; autori: latviešu Vikipēdijas dalībnieki. "
        "Koordinātas: Data from Who's On First (CC BY; ietver GeoNames un Natural Earth datus)."
        + (" Daži fakti ņemti no citiem Vikipēdijas rakstiem; katrs minēts pie fakta ar URL un norādīts kā "
           "datu kopas avots (CC BY-SA 4.0; autori: to dalībnieki)." if cited else ""),
        lang="lv")))
    g.add((ds, CC.attributionName, Literal("Latvian Wikipedia contributors")))
    g.add((ds, CC.attributionURL, ARTICLE_URL))

    # Sources. DCAT-AP expects a dct:source to be a dcat:Dataset; the article is typed as one too (the text
    # from which the data was extracted) as well as a foaf:Document (see docs/publishing.md).
    g.add((ds, DCTERMS.source, ARTICLE_URL))
    g.add((ARTICLE_URL, RDF.type, DCAT.Dataset))
    g.add((ARTICLE_URL, RDF.type, FOAF.Document))
    g.add((ARTICLE_URL, DCTERMS.title, Literal(ARTICLE_TITLE, lang="lv")))
    g.add((ARTICLE_URL, DCTERMS.description, Literal(
        "Latvian Wikipedia article, the primary source of the dataset. Text CC BY-SA 4.0; credit: Latvian "
        "Wikipedia contributors.", lang="en")))
    g.add((ARTICLE_URL, DCTERMS.language, EU_LANG["LAV"]))
    g.add((ARTICLE_URL, DCTERMS.license, LICENSE))
    g.add((ARTICLE_URL, CC.attributionName, Literal("Latvian Wikipedia contributors")))
    g.add((ARTICLE_URL, DCAT.landingPage, ARTICLE_URL))
    g.add((ds, DCTERMS.source, WOF_URL))
    g.add((WOF_URL, RDF.type, DCAT.Dataset))
    g.add((WOF_URL, DCTERMS.title, Literal("Who's On First", lang="en")))
    g.add((WOF_URL, DCTERMS.description, Literal(
        "Open gazetteer; the coordinates of the places in Latvia come from its whosonfirst-data-admin-lv "
        "records. Attribution: Data from Who's On First (CC BY; includes GeoNames and Natural Earth data).",
        lang="en")))
    g.add((WOF_URL, DCTERMS.bibliographicCitation, Literal("Data from Who's On First")))
    g.add((WOF_URL, CC.attributionName, Literal("Who's On First")))
    g.add((WOF_URL, DCAT.landingPage, WOF_URL))
    g.add((WOF_URL, RDF.type, FOAF.Document))

    # Other documents that facts cite as their source (e.g. English Wikipedia articles), from the data.
    for url_text, doc in sorted(cited.items()):
        src = URIRef(url_text)
        title = graph.value(doc, LVP.title) or _english_label(graph, doc) or Literal(url_text)
        n_facts = sum(1 for _ in graph.subjects(LVP.source, doc))
        g.add((ds, DCTERMS.source, src))
        g.add((src, RDF.type, DCAT.Dataset))
        g.add((src, RDF.type, FOAF.Document))
        g.add((src, DCTERMS.title, title))
        g.add((src, DCTERMS.description, Literal(
            f"{_english_label(graph, doc) or url_text}: the source of {n_facts} "
            f"fact{'s' if n_facts != 1 else ''} of the dataset ({doc}).", lang="en")))
        author = graph.value(doc, LVP.author)
        author_name = _english_label(graph, author) if author is not None else None
        if author_name:
            g.add((src, CC.attributionName, Literal(str(author_name))))
        g.add((src, DCAT.landingPage, src))

    # What the data conforms to.
    g.add((ds, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
    g.add((URIRef(ONTOLOGY_IRI), RDF.type, DCTERMS.Standard))
    g.add((ds, DCTERMS.conformsTo, SHAPES_IRI))
    g.add((SHAPES_IRI, RDF.type, DCTERMS.Standard))

    # Coverage.
    if st.temporal:
        period = D["temporal-coverage"]
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, st.temporal[0]))
        g.add((period, DCAT.endDate, st.temporal[1]))
    if (LVD["latvia"], None, None) in graph:
        g.add((ds, DCTERMS.spatial, LVD["latvia"]))
        g.add((LVD["latvia"], RDF.type, DCTERMS.Location))

    # SPARQL endpoint, when the release is deployed with one (never a loopback address: a local build
    # says so in an rdfs:comment instead, see pactkg.deployment).
    if inp.sparql_endpoint and not _is_loopback(inp.sparql_endpoint):
        ep = URIRef(inp.sparql_endpoint)
        service = D["sparql-service"]
        g.add((ds, VOID.sparqlEndpoint, ep))
        g.add((service, RDF.type, DCAT.DataService))
        g.add((service, DCTERMS.title, Literal("SPARQL endpoint (read-only)", lang="en")))
        g.add((service, DCAT.endpointURL, ep))
        g.add((ep, RDF.type, RDFS.Resource))
        g.add((service, DCAT.servesDataset, ds))
        g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
        g.add((URIRef("https://www.w3.org/TR/sparql11-protocol/"), RDF.type, DCTERMS.Standard))

    # VoID statistics.
    g.add((ds, VOID.uriSpace, Literal(str(LVD))))
    g.add((ds, VOID.triples, Literal(st.triples)))
    g.add((ds, VOID.entities, Literal(st.entities)))
    g.add((ds, VOID.classes, Literal(len(st.classes))))
    g.add((ds, VOID.properties, Literal(len(st.properties))))
    g.add((ds, VOID.distinctSubjects, Literal(st.distinct_subjects)))
    g.add((ds, VOID.distinctObjects, Literal(st.distinct_objects)))
    for ns in st.vocabularies:
        g.add((ds, VOID.vocabulary, ns))
    for ex in st.examples:
        g.add((ds, VOID.exampleResource, ex))
    for fmt in ("Turtle", "N-Triples", "JSON-LD"):
        g.add((ds, VOID.feature, FORMATS[fmt]))
    for cls, n in st.classes.items():
        part = D["class-" + _local_key(cls)]
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(n)))
    for prop, n in st.properties.items():
        part = D["property-" + _local_key(prop)]
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, prop))
        g.add((part, VOID.triples, Literal(n)))

    # Linksets into Wikidata, one per link predicate, entities' links apart from the ontology's alignments.
    if st.links:
        g.add((WIKIDATA, RDF.type, VOID.Dataset))
        g.add((WIKIDATA, DCTERMS.title, Literal("Wikidata", lang="en")))
        g.add((WIKIDATA, FOAF.homepage, URIRef("https://www.wikidata.org/")))
        g.add((WIKIDATA, VOID.uriSpace, Literal(WIKIDATA_SPACE)))
        g.add((WIKIDATA, VOID.sparqlEndpoint, URIRef("https://query.wikidata.org/sparql")))
    for (kind, pred), n in st.links.items():
        ls = D[f"linkset-wikidata-{kind}-" + _local_key(pred)]
        g.add((ds, VOID.subset, ls))
        g.add((ls, RDF.type, VOID.Linkset))
        g.add((ls, DCTERMS.title, Literal(f"{LINK_KINDS[kind][0]} ({_local_key(pred).replace('-', ':', 1)})", lang="en")))
        g.add((ls, DCTERMS.description, Literal(LINK_KINDS[kind][1], lang="en")))
        g.add((ls, VOID.linkPredicate, pred))
        g.add((ls, VOID.subjectsTarget, ds))
        g.add((ls, VOID.objectsTarget, WIKIDATA))
        g.add((ls, VOID.triples, Literal(n)))

    # One distribution per file (not the per-entity documents, type maps and rules: see is_distribution).
    for f in sorted((f for f in inp.files if is_distribution(f.name)), key=lambda f: f.name):
        key = f.name.replace("/", "-")
        dist = D["dist-" + key]
        url = URIRef(f"{RELEASES_BASE}{inp.version}/{f.name}")
        mt = URIRef(IANA + media_type(f.name))
        checksum = D["checksum-" + key]
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(FILE_TITLES.get(f.name, f.name), lang="en")))
        g.add((dist, DCTERMS.identifier, Literal(f.name)))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.accessURL, url))
        g.add((url, RDF.type, RDFS.Resource))
        g.add((dist, DCAT.mediaType, mt))
        g.add((mt, RDF.type, DCTERMS.MediaType))
        g.add((dist, DCAT.byteSize, Literal(str(f.size), datatype=XSD.nonNegativeInteger)))
        g.add((dist, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(f.sha256, datatype=XSD.hexBinary)))
        g.add((dist, DCTERMS.license, LICENSE))
        g.add((dist, DCTERMS.issued, released))
        if f.name in inp.dumps:
            g.add((ds, VOID.dataDump, url))
    if inp.files:
        g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    return g
