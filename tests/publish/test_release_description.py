"""The dataset description (void.ttl): it conforms to DCAT-AP 3.0.0 and our VoID shapes, and it tells the truth.

Its counts are recomputed here with SPARQL on pyoxigraph from the N-Triples file, independently of the
Python counting (over rdflib) that wrote them.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from pactkg.publish import dataset_description
from pactkg.common.checksums import SUMS_NAME

from .support import CASES, DCAT_AP_SHAPES, DUMP, ENDPOINT, VOID_SHAPES

DS = dataset_description.DATASET
VOID = dataset_description.VOID
DCAT = dataset_description.DCAT
SPDX = dataset_description.SPDX


@pytest.fixture(scope="module")
def desc(released) -> Graph:
    return Graph().parse(released / "void.ttl", format="turtle")


@pytest.fixture(scope="module")
def triples(released) -> list[tuple[str, str, str]]:
    """The dump's triples as N-Triples terms, parsed by pyoxigraph (not rdflib, which wrote the counts).

    Parsed, not loaded into a pyoxigraph Store: the store keeps numbers in canonical form
    ("21.38480"^^xsd:decimal becomes "21.3848", xsd:positiveInteger becomes xsd:integer), which would merge
    terms that RDF (and VoID's distinct counts) keep apart.
    """
    data = (released / f"{DUMP}.nt").read_bytes()
    return [(str(q.subject), str(q.predicate), str(q.object)) for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


RDF_TYPE = f"<{RDF.type}>"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


def _int(desc: Graph, s, p) -> int:
    values = list(desc.objects(s, p))
    assert len(values) == 1, f"{p} must have one value on {s}, has {values}"
    return int(values[0])


def _validate(data: Graph, shapes_path: Path) -> tuple[bool, str]:
    conforms, _, text = pyshacl.validate(data, shacl_graph=Graph().parse(shapes_path), advanced=True)
    return conforms, text


def test_conforms_to_dcat_ap_3(desc):
    conforms, text = _validate(desc, DCAT_AP_SHAPES)
    assert conforms, text


def test_dump_and_description_together_conform_to_dcat_ap_3(released, desc):
    """Loaded together, as a harvester may: DCAT-AP's shapes then reach the dump's agents (foaf:name) and
    concepts (skos:prefLabel), which the build states from their labels."""
    data = Graph().parse(released / f"{DUMP}.ttl", format="turtle")
    data += desc
    conforms, text = _validate(data, DCAT_AP_SHAPES)
    assert conforms, text


def test_conforms_to_void_shapes(desc):
    conforms, text = _validate(desc, VOID_SHAPES)
    assert conforms, text


# One small Turtle file per case: valid.ttl conforms, each bad-*.ttl breaks one rule (its header says which
# message to expect and which shapes catch it).
DESCRIPTION_CASES = sorted((CASES / "description").glob("*.ttl"))


@pytest.mark.parametrize("case", DESCRIPTION_CASES, ids=[c.stem for c in DESCRIPTION_CASES])
def test_description_cases(case):
    header = dict(re.findall(r"^# (expect|shapes): (.*)$", case.read_text(encoding="utf-8"), re.M))
    data = Graph().parse(case, format="turtle")
    shapes = {"void": VOID_SHAPES, "dcat-ap": DCAT_AP_SHAPES}
    for name in header["shapes"].split():
        conforms, text = _validate(data, shapes[name])
        if header["expect"] == "conforms":
            assert conforms, f"{case.name} ({name}): {text}"
        else:
            assert not conforms, f"{case.name}: expected a violation of {name} shapes"
            assert header["expect"] in text, f"{case.name}: expected {header['expect']!r} in:\n{text}"


def test_void_counts_equal_counts_from_the_dump(desc, triples):
    lvd = "<https://w3id.org/lv-pact-1939/id/"
    assert _int(desc, DS, VOID.triples) == len(set(triples))
    assert _int(desc, DS, VOID.entities) == len({s for s, _, _ in triples if s.startswith(lvd)})
    assert _int(desc, DS, VOID.distinctSubjects) == len({s for s, _, _ in triples})
    assert _int(desc, DS, VOID.distinctObjects) == len({o for _, _, o in triples})
    assert _int(desc, DS, VOID.properties) == len({p for _, p, _ in triples})
    assert _int(desc, DS, VOID.classes) == len({o for _, p, o in triples if p == RDF_TYPE})


def test_partitions_equal_counts_from_the_dump(desc, triples):
    classes: Counter = Counter(o for _, p, o in set(triples) if p == RDF_TYPE)
    described = {f"<{desc.value(p, VOID['class'])}>": _int(desc, p, VOID.entities) for p in desc.objects(DS, VOID.classPartition)}
    assert described == dict(classes)
    props: Counter = Counter(p for _, p, _ in set(triples))
    described = {f"<{desc.value(p, VOID.property)}>": _int(desc, p, VOID.triples) for p in desc.objects(DS, VOID.propertyPartition)}
    assert described == dict(props)


def test_linksets_equal_links_in_the_dump(desc, triples):
    links: Counter = Counter(
        ("entities" if s.startswith("<https://w3id.org/lv-pact-1939/id/") else "ontology", p)
        for s, p, o in set(triples) if o.startswith("<http://www.wikidata.org/entity/") and p != RDF_TYPE
    )
    described = {}
    for ls in desc.subjects(RDF.type, VOID.Linkset):
        assert desc.value(ls, VOID.objectsTarget) == dataset_description.WIKIDATA
        assert desc.value(ls, VOID.subjectsTarget) == DS
        kind = "entities" if str(ls).split("linkset-wikidata-")[1].startswith("entities-") else "ontology"
        described[(kind, f"<{desc.value(ls, VOID.linkPredicate)}>")] = _int(desc, ls, VOID.triples)
    assert described == dict(links)
    assert links, "the dump has no link to Wikidata at all (the ontology's alignments alone give some)"


def test_one_distribution_per_file_with_size_and_checksum(released, desc):
    listed = {}
    for dist in desc.objects(DS, DCAT.distribution):
        name = str(desc.value(dist, DCTERMS.identifier))
        path = released / name
        assert path.is_file(), f"{name} is described but not released"
        assert int(desc.value(dist, DCAT.byteSize)) == path.stat().st_size
        checksum = desc.value(dist, SPDX.checksum)
        assert desc.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(desc.value(checksum, SPDX.checksumValue)) == hashlib.sha256(path.read_bytes()).hexdigest()
        assert str(desc.value(dist, DCAT.mediaType)).startswith(dataset_description.IANA)
        assert str(desc.value(dist, DCAT.downloadURL)).endswith("/" + name)
        listed[name] = str(desc.value(dist, DCAT.mediaType))[len(dataset_description.IANA) :]
    files = {p.relative_to(released).as_posix() for p in released.rglob("*") if p.is_file()}
    # the description cannot hold its own checksum, and SHA256SUMS (which lists it) comes after it; the
    # per-entity documents, type maps and rules are served, not offered as downloads
    assert set(listed) == {f for f in files if dataset_description.is_distribution(f)}
    assert {"void.ttl", SUMS_NAME, "void.jsonld", ".htaccess", "w3id/htaccess", "id/riga.ttl", "id/riga.var"} <= files - set(listed)
    assert listed[f"{DUMP}.ttl"] == "text/turtle"
    assert listed[f"{DUMP}.nt"] == "application/n-triples"
    assert listed[f"{DUMP}.jsonld"] == "application/ld+json"
    assert listed["ontology.html"] == "text/html"
    dumps = {str(u).rsplit("/", 1)[-1] for u in desc.objects(DS, VOID.dataDump)}
    assert dumps == {f"{DUMP}.ttl", f"{DUMP}.nt", f"{DUMP}.jsonld"}


def test_metadata_from_the_repository(desc, info):
    assert desc.value(DS, DCAT.version) == Literal(info.version)
    assert desc.value(DS, DCTERMS.modified) == Literal(info.released.isoformat(), datatype=XSD_DATE)
    assert desc.value(DS, DCTERMS.issued) == Literal(info.first_released.isoformat(), datatype=XSD_DATE)
    langs = {(o.language) for o in desc.objects(DS, DCTERMS.title)} | {o.language for o in desc.objects(DS, DCTERMS.description)}
    assert langs == {"en", "lv"}
    assert desc.value(DS, DCTERMS.license) == dataset_description.LICENSE
    assert str(desc.value(DS, dataset_description.CC.attributionName)) == "Latvian Wikipedia contributors"
    sources = set(desc.objects(DS, DCTERMS.source))
    assert {dataset_description.ARTICLE_URL, dataset_description.WOF_URL} <= sources
    assert desc.value(DS, VOID.sparqlEndpoint) == URIRef(ENDPOINT)
    examples = list(desc.objects(DS, VOID.exampleResource))
    assert examples and all(str(e).startswith("https://w3id.org/lv-pact-1939/id/") for e in examples)


def test_sources_match_the_data(released):
    """The article URL and title in the description are the ones the data gives its source document."""
    g = Graph().parse(released / f"{DUMP}.ttl", format="turtle")
    article = URIRef("https://w3id.org/lv-pact-1939/id/source-lvwiki-article")
    lvp = "https://w3id.org/lv-pact-1939/ontology#"
    url, title = g.value(article, URIRef(lvp + "url")), g.value(article, URIRef(lvp + "title"))
    if url is None:
        pytest.skip("the data has no lvd:source-lvwiki-article with an lvp:url")
    assert str(url) == str(dataset_description.ARTICLE_URL)
    assert str(title) == dataset_description.ARTICLE_TITLE


def test_other_sources_are_the_documents_facts_cite(released, desc):
    """Besides the article and Who's On First, dct:source lists exactly the URLs of the other cited documents."""
    g = Graph().parse(released / f"{DUMP}.ttl", format="turtle")
    lvp = "https://w3id.org/lv-pact-1939/ontology#"
    cited = {str(g.value(doc, URIRef(lvp + "url"))) for doc in g.objects(None, URIRef(lvp + "source"))} - {"None"}
    sources = {str(s) for s in desc.objects(DS, DCTERMS.source)}
    assert sources == cited | {str(dataset_description.ARTICLE_URL), str(dataset_description.WOF_URL)}


def test_no_endpoint_when_none_is_served(released):
    g = Graph().parse(released / f"{DUMP}.ttl", format="turtle")
    inp = dataset_description.DescriptionInputs(
        version="0.1.0",
        released=date(2026, 1, 2),
        first_released=date(2026, 1, 1),
        files=[dataset_description.FileInfo(f"{DUMP}.ttl", 10, "0" * 64)],
        sparql_endpoint=None,
    )
    d = dataset_description.describe(g, inp)
    assert (DS, VOID.sparqlEndpoint, None) not in d
    assert (None, RDF.type, DCAT.DataService) not in d
    assert str(d.value(DS, DCTERMS.issued)) == "2026-01-01"


def test_the_description_from_its_source_triples_is_the_description_from_the_dump(released):
    """The release lets the dump's graph go before its largest steps and describes the dump from
    description_source(): the same description, to the byte, and one that names the cited documents' authors
    and counts their facts (so a source missing those triples would change it)."""
    from rdflib.compare import to_isomorphic

    g = Graph().parse(released / f"{DUMP}.ttl", format="turtle")
    inp = dataset_description.DescriptionInputs(
        version="0.1.0", released=date(2026, 1, 2), first_released=date(2026, 1, 1),
        files=[dataset_description.FileInfo(f"{DUMP}.ttl", 10, "0" * 64)], sparql_endpoint=None,
    )
    stats = dataset_description.compute_stats(g)
    source = dataset_description.description_source(g)
    assert len(source) < len(g) / 3
    whole = dataset_description.describe(g, inp, stats)
    assert to_isomorphic(dataset_description.describe(source, inp, stats)) == to_isomorphic(whole)
    text = whole.serialize(format="turtle")
    assert "the source of" in text and "attributionName" in text
