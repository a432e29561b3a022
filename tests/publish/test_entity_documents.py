"""Per-entity documents: symmetric concise bounded description, provenance of those facts, dataset link."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from pactkg.publish import entity_documents as ed

from .support import BASE, DUMP

LVD = "https://w3id.org/lv-pact-1939/id/"
LVP = "https://w3id.org/lv-pact-1939/ontology#"


def _triples(path, fmt=ox.RdfFormat.N_TRIPLES) -> set[str]:
    return {str(q.triple) for q in ox.parse(path.read_bytes(), format=fmt)}


@pytest.fixture(scope="module")
def dump(released) -> list[ox.Triple]:
    return [q.triple for q in ox.parse((released / f"{DUMP}.nt").read_bytes(), format=ox.RdfFormat.N_TRIPLES)]


def test_every_entity_has_a_document_in_four_syntaxes_with_one_graph(released, dump):
    subjects = {t.subject.value for t in dump if t.subject.value.startswith(LVD)}
    slugs = sorted(s[len(LVD):] for s in subjects)
    assert sorted(p.stem for p in (released / "id").glob("*.nt")) == slugs
    for slug in slugs[:: max(1, len(slugs) // 25)]:
        nt = _triples(released / "id" / f"{slug}.nt")
        for suffix, (fmt, _mt) in ed.FORMATS.items():
            assert _triples(released / "id" / f"{slug}{suffix}", fmt) == nt, f"{slug}{suffix}"


def test_document_is_the_symmetric_cbd(released, dump):
    """Every triple of the dump with the entity as subject or as object is in its document."""
    for slug in ("vilhelms-munters", "riga", "signing-of-the-pact"):
        iri = LVD + slug
        doc = _triples(released / "id" / f"{slug}.nt")
        scbd = {str(t) for t in dump if t.subject.value == iri or getattr(t.object, "value", None) == iri}
        assert scbd and scbd <= doc, f"{slug}: missing {sorted(scbd - doc)[:3]}"


def test_munters_document_stands_alone(released, dump):
    """Issue 13's example: not only his labels, but the facts pointing to him with their provenance, the
    licence and the link to the dataset."""
    slug = "vilhelms-munters"
    doc = [q.triple for q in ox.parse((released / "id" / f"{slug}.nt").read_bytes(), format=ox.RdfFormat.N_TRIPLES)]
    iri = LVD + slug
    incoming = [t for t in doc if getattr(t.object, "value", None) == iri]
    assert any(t.predicate.value == LVP + "signatory" for t in incoming)
    for t in incoming:
        fact = t.subject
        sources = [x for x in dump if x.subject == fact and x.predicate.value == LVP + "source"]
        for s in sources:
            assert s in doc, f"the provenance of {fact} is missing"
            label = [x for x in dump if x.subject == s.object and x.predicate.value.endswith("#label")]
            assert set(label) <= set(doc), "the source document's label is missing"
        evidence = [x for x in dump if x.subject == fact and x.predicate.value == LVP + "evidence"]
        assert set(evidence) <= set(doc)
    document = ox.NamedNode(f"{BASE}site/id/{slug}")
    about = {(t.predicate.value, t.object.value) for t in doc if t.subject == document}
    assert ("http://xmlns.com/foaf/0.1/primaryTopic", iri) in about
    assert ("http://rdfs.org/ns/void#inDataset", "https://w3id.org/lv-pact-1939/dataset") in about
    assert ("http://purl.org/dc/terms/license", "https://creativecommons.org/licenses/by-sa/4.0/") in about


def test_documents_follow_the_deployment_base(released):
    text = (released / "id" / "riga.ttl").read_text(encoding="utf-8")
    assert f"<{BASE}site/id/riga>" in text
    assert "127.0.0.1" not in text


def test_type_map_lists_every_variant(released):
    text = (released / "id" / "riga.var").read_text(encoding="utf-8")
    for uri, mt in (("../site/id/riga.html", "text/html"), ("riga.ttl", "text/turtle"), ("riga.nt", "application/n-triples"),
                    ("riga.rdf", "application/rdf+xml"), ("riga.jsonld", "application/ld+json")):
        assert f"URI: {uri}\nContent-Type: {mt}" in text, uri


def test_describe_on_a_small_graph():
    n = ox.NamedNode
    a, b, fact, doc = n(LVD + "a"), n(LVD + "b"), n(LVD + "fact"), n(LVD + "source")
    label = n("http://www.w3.org/2000/01/rdf-schema#label")
    triples = [
        ox.Triple(fact, n(LVP + "participant"), a),
        ox.Triple(fact, n(LVP + "source"), doc),
        ox.Triple(fact, n(LVP + "evidence"), ox.Literal("x", language="lv")),
        ox.Triple(doc, label, ox.Literal("The source", language="en")),
        ox.Triple(a, label, ox.Literal("A", language="en")),
        ox.Triple(b, label, ox.Literal("B", language="en")),  # unrelated to a
    ]
    out = {str(t) for t in ed.describe(ed.Index(triples), a, "http://h/site/id/a")}
    assert {str(t) for t in triples[:5]} <= out
    assert str(triples[5]) not in out


def test_triples_sorted_by_their_lines_as_by_their_text():
    """_sorted_as_lines gives sorted(key=str)'s order and the N-Triples of that order, also where one triple's
    text starts another's (a literal with and without a language or datatype, IRIs and labels that extend
    one another) and for characters beyond ASCII and the BMP."""
    n, lit = ox.NamedNode, ox.Literal
    s, p = n("http://e/s"), n("http://e/p")
    objects = [
        lit("abc"), lit("abc", language="en"), lit("abc", language="en-gb"), lit("abc", datatype=n("http://e/d")),
        lit("ab"), lit("abc d"), lit("a\nb"), lit('a"b'), lit("z"), lit("ā"), lit("\U0001F600"), lit("\ue000"),
        lit("12", datatype=n("http://www.w3.org/2001/XMLSchema#integer")),
        n("http://e/a"), n("http://e/ab"), n("http://e/a-b"), n("http://e/a/b"), ox.BlankNode("b1"), ox.BlankNode("b12"),
    ]
    triples = {ox.Triple(s, p, o) for o in objects} | {ox.Triple(n("http://e/s2"), p, o) for o in objects[:3]}
    triples.add(ox.Triple(n("http://e/s"), n("http://e/p2"), lit("abc")))
    ordered, lines = ed._sorted_as_lines(set(triples))
    assert ordered == sorted(triples, key=str)
    assert lines == ox.serialize(ordered, format=ox.RdfFormat.N_TRIPLES)


def test_files_are_written_in_the_order_sha256sums_lists_them(tmp_path):
    """A slug that extends another ("a-b" after "a") sorts before it by path ('-' < '.'): the files come in
    checksums.release_files' order, so that a DigestLog logs them in the order write_sums reads."""
    from pactkg.common import checksums

    n = ox.NamedNode
    label = n("http://www.w3.org/2000/01/rdf-schema#label")
    triples = [ox.Triple(n(LVD + slug), label, ox.Literal(slug)) for slug in ("a", "a-b", "a-b-c", "a0", "b")]
    written = []
    ed.write_all(triples, tmp_path, lambda slug: f"http://h/site/id/{slug}",
                 write=lambda path, data: written.append(path) or ed._write_bytes(path, data))
    rels = [p[len(str(tmp_path)) + 1:] for p in written]
    assert len(rels) == 25 and rels == checksums.release_files(tmp_path)


def test_documents_are_written_with_the_collector_paused(tmp_path):
    """write_all makes millions of objects beside its index of every triple: the collector is off meanwhile,
    and on again after."""
    import gc

    n = ox.NamedNode
    triples = [ox.Triple(n(LVD + "a"), n("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("a"))]
    states = []
    ed.write_all(triples, tmp_path, lambda slug: f"http://h/site/id/{slug}",
                 write=lambda path, data: states.append(gc.isenabled()))
    assert states == [False] * 5 and gc.isenabled()
