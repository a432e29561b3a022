"""What the dump states beyond the sources (pactkg.build.dump_graph): our class and property hierarchy, the
earliest and latest day of every dated fact, skos:prefLabel and foaf:name, numbers in canonical form. The
obvious query gives the complete answer on the dump in any store, without a reasoner."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from pactkg.build import canonical_literals, load, time_bounds, vocabulary_hierarchy
from pactkg.build.dump_graph import dump_graph
from pactkg.build.turtle_writer import to_turtle
from pactkg.common.inputs import Inputs
from pactkg.common.namespaces import LVD, LVP

XSD = "http://www.w3.org/2001/XMLSchema#"
FOAF_NAME = URIRef("http://xmlns.com/foaf/0.1/name")
PREFIX = "PREFIX lvp: <https://w3id.org/lv-pact-1939/ontology#> PREFIX lvd: <https://w3id.org/lv-pact-1939/id/>\n" \
         "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


@pytest.fixture(scope="module")
def sources() -> Graph:
    return load.load_graph(Inputs.from_env().graph_files())


@pytest.fixture(scope="module")
def dump(sources) -> Graph:
    return dump_graph(sources)


@pytest.fixture(scope="module")
def store(dump):
    s = ox.Store()
    s.bulk_load(to_turtle(dump).encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return s


def _select(store, query: str) -> set:
    return {tuple(str(v.value) if v is not None else None for v in row) for row in store.query(PREFIX + query)}


# ---- the obvious query is complete ---------------------------------------------------------------------------


def test_every_event_is_an_lvp_event(sources, store):
    subclasses = {c for c in sources.transitive_subjects(RDFS.subClassOf, LVP.Event)}
    events = {s for c in subclasses for s in sources.subjects(RDF.type, c)}
    assert len(events) > 50
    assert _select(store, "SELECT ?e WHERE { ?e a lvp:Event }") == {(str(e),) for e in events}


def test_every_instance_of_a_subclass_is_typed_with_each_of_our_superclasses(sources, store):
    """Not only lvp:Event: for every class of ours, `?x a C` finds the instances of all its subclasses."""
    checked = 0
    for c in {c for c in sources.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))
              if str(c).startswith(str(LVP))}:
        below = set(sources.transitive_subjects(RDFS.subClassOf, c)) - {c}
        members = {s for b in below for s in sources.subjects(RDF.type, b)}
        if not members:
            continue
        checked += 1
        found = _select(store, f"SELECT ?x WHERE {{ ?x a <{c}> }}")
        assert {(str(m),) for m in members} <= found, f"instances of subclasses of {c} are not typed {c}"
    assert checked >= 10


def test_the_signatories_are_participants_of_the_signing(store):
    participants = _select(store, "SELECT ?x WHERE { lvd:signing-of-the-pact lvp:participant ?x }")
    assert (str(LVD["vilhelms-munters"]),) in participants and (str(LVD["latvia"]),) in participants


def test_only_our_own_hierarchy_is_stated(sources, dump):
    added_types = {o for o in set(dump.objects(None, RDF.type)) - set(sources.objects(None, RDF.type))}
    assert added_types and all(str(o).startswith(str(LVP)) for o in added_types)
    added_props = {p for p in set(dump.predicates()) - set(sources.predicates())}
    assert all(str(p).startswith(str(LVP)) or p in (SKOS.prefLabel, FOAF_NAME) for p in added_props), added_props


def test_hierarchy_of_a_small_graph():
    g = Graph().parse(data="""@prefix lvp: <https://w3id.org/lv-pact-1939/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix ex: <https://example.org/> .
lvp:A rdfs:subClassOf lvp:B . lvp:B rdfs:subClassOf lvp:C , ex:Outside .
lvp:p rdfs:subPropertyOf lvp:q . lvp:q rdfs:subPropertyOf lvp:r , ex:outside .
ex:x a lvp:A ; lvp:p ex:y .""", format="turtle")
    new = vocabulary_hierarchy.hierarchy_triples(g)
    x, y = URIRef("https://example.org/x"), URIRef("https://example.org/y")
    assert new == {(x, RDF.type, LVP.B), (x, RDF.type, LVP.C), (x, LVP.q, y), (x, LVP.r, y)}


# ---- time bounds ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value, first, last", [
    (Literal("1939-10-05", datatype=URIRef(XSD + "date")), "1939-10-05", "1939-10-05"),
    (Literal("1939-10", datatype=URIRef(XSD + "gYearMonth")), "1939-10-01", "1939-10-31"),
    (Literal("1940-02", datatype=URIRef(XSD + "gYearMonth")), "1940-02-01", "1940-02-29"),
    (Literal("1939", datatype=URIRef(XSD + "gYear")), "1939-01-01", "1939-12-31"),
])
def test_day_range(value, first, last):
    assert time_bounds.day_range(value) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))


def test_no_range_for_what_is_not_a_date():
    assert time_bounds.day_range(Literal("October")) is None
    assert time_bounds.day_range(Literal("1939-13", datatype=URIRef(XSD + "gYearMonth"))) is None


def test_a_month_gives_its_first_and_last_day(store):
    rows = _select(store, "SELECT ?a ?b WHERE { lvd:quote-stalin-1920-not-for-ever lvp:earliestDay ?a ; lvp:latestDay ?b }")
    assert rows == {("1939-10-01", "1939-10-31")}


def test_disputed_date_bounds_span_the_claims(store):
    rows = _select(store, "SELECT ?a ?b WHERE { lvd:kirov-attack-on-russaro lvp:earliestDay ?a ; lvp:latestDay ?b }")
    assert rows == {("1939-11-30", "1939-12-01")}


def test_every_dated_fact_has_bounds(store):
    undated = _select(store, """SELECT ?x WHERE {
      { ?x lvp:date|lvp:startDate|lvp:notBefore ?d } UNION { ?c lvp:claimAbout ?x ; lvp:claimedProperty lvp:date }
      FILTER NOT EXISTS { ?x lvp:earliestDay ?e } }""")
    assert not undated
    no_latest = _select(store, "SELECT ?x WHERE { ?x lvp:date|lvp:endDate ?d FILTER NOT EXISTS { ?x lvp:latestDay ?l } }")
    assert not no_latest


def test_one_filter_finds_what_happened_in_october_1939(store):
    """The documented way (docs/querying.md): overlap of [earliestDay, latestDay] with the month."""
    rows = _select(store, """SELECT ?x WHERE {
      ?x lvp:earliestDay ?from . OPTIONAL { ?x lvp:latestDay ?to }
      FILTER(?from <= "1939-10-31"^^xsd:date && (!BOUND(?to) || ?to >= "1939-10-01"^^xsd:date)) }""")
    names = {r[0].rsplit("/", 1)[1] for r in rows}
    assert {"quote-stalin-1920-not-for-ever", "signing-of-the-pact", "red-army-entry-1939-10-29"} <= names
    assert "kirov-attack-on-russaro" not in names
    assert "stationing-liepaja-infantry-regiments" in names  # placed "in 1939–1940" by the garrison list


def test_a_period_that_places_a_fact_bounds_it(store):
    rows = _select(store, """SELECT ?a ?b WHERE {
      lvd:stationing-liepaja-infantry-regiments lvp:earliestDay ?a ; lvp:latestDay ?b }""")
    assert rows == {("1939-01-01", "1940-12-31")}
    unbounded = _select(store, """SELECT ?x WHERE { ?x lvp:withinPeriodStart|lvp:withinPeriodEnd ?d
      FILTER NOT EXISTS { ?x lvp:earliestDay ?e ; lvp:latestDay ?l } }""")
    assert not unbounded


# ---- labels for SKOS and FOAF tools, canonical numbers ----------------------------------------------------


def test_every_concept_has_a_pref_label_and_every_agent_a_name(store):
    assert not _select(store, """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
      SELECT ?c WHERE { ?c a/rdfs:subClassOf* skos:Concept FILTER NOT EXISTS { ?c skos:prefLabel ?l } }""")
    assert not _select(store, """PREFIX foaf: <http://xmlns.com/foaf/0.1/>
      SELECT ?a WHERE { ?a a/rdfs:subClassOf* foaf:Agent FILTER NOT EXISTS { ?a foaf:name ?n } }""")
    assert _select(store, """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
      SELECT ?c WHERE { ?c skos:prefLabel ?l }""")


def test_every_number_in_the_dump_is_canonical(dump):
    odd = [o for o in dump.objects() if isinstance(o, Literal) and canonical_literals.canonical_form(o) not in (None, str(o))]
    assert not odd, odd[:5]


@pytest.mark.parametrize("text, datatype, canonical", [
    ("56.73650", "decimal", "56.7365"), ("21.0", "decimal", "21"), ("007", "positiveInteger", "7"),
    ("+3", "integer", "3"), ("0.00", "decimal", "0"),
])
def test_canonical_form(text, datatype, canonical):
    assert canonical_literals.canonical_form(Literal(text, datatype=URIRef(XSD + datatype))) == canonical


def test_the_dump_is_deterministic(sources, dump):
    assert to_turtle(dump_graph(sources)) == to_turtle(dump)


# ---- one pattern for the garrison list -------------------------------------------------------------------


def test_every_entry_of_the_garrison_list_reads_one_way(store):
    rows = _select(store, """SELECT ?position ?settlement ?branch WHERE {
      ?e a lvp:GarrisonListEntry ; lvp:listPosition ?position ; lvp:settlement ?settlement ; lvp:branch ?branch }""")
    assert {int(r[0]) for r in rows} == set(range(1, 15))
    settlements = {r[1].rsplit("/", 1)[1] for r in rows}
    assert {"grobina", "cirava", "ventspils", "liepaja", "vainode"} <= settlements and len(settlements) == 12


def test_the_airfields_are_facilities_in_their_settlements(store):
    rows = _select(store, """SELECT ?settlement ?facility WHERE {
      ?e lvp:listPosition ?p ; lvp:settlement ?settlement ; lvp:facility ?facility }""")
    assert {(s.rsplit("/", 1)[1], f.rsplit("/", 1)[1]) for s, f in rows} == {
        ("ventspils", "ventspils-airfield"), ("liepaja", "liepaja-airfield"), ("cirava", "cirava-airfield"),
        ("vainode", "vainode-airfield")}


def test_in_place_gives_the_same_dump_and_keeps_no_copy(sources, dump):
    """The build changes its graph in place (two whole graphs at once cost ~1.8 GB at 1000x): the same
    triples as a new graph, and the graph returned is the one given."""
    mine = Graph()
    for t in sources:
        mine.add(t)
    out = dump_graph(mine, in_place=True)
    assert out is mine
    assert to_turtle(out) == to_turtle(dump)
    assert len(sources) < len(dump)  # the default leaves the sources as they were


def _triples(g: Graph) -> set:
    return set(g)


def test_undone_gives_the_sources_back(sources):
    """The build writes the dump from the parsed sources and validates them after: the changes dump_graph made in
    place, taken back, leave exactly the sources (the same triples, the same term objects)."""
    from pactkg.build.dump_graph import undone

    g = load.load_graph(Inputs.from_env().graph_files())
    before = _triples(g)
    undo: list = []
    dumped = dump_graph(g, in_place=True, undo=undo)
    assert dumped is g and _triples(g) != before and undo
    assert _triples(g) == _triples(dump_graph(sources))  # recording changes nothing in the dump
    assert undone(g, undo) is g and undo == []
    assert _triples(g) == before and len(g) == len(before)


def test_undone_after_a_number_made_canonical_that_was_already_there():
    """A non-canonical number is replaced by its canonical form; where that form was there too, taking the change
    back must keep it (it is a source triple) and bring the other back."""
    from pactkg.build.dump_graph import undone

    s, p = URIRef("https://w3id.org/lv-pact-1939/id/x"), URIRef("https://w3id.org/lv-pact-1939/ontology#count")
    g = load.load_graph([])
    odd, canonical = Literal("56.73650", datatype=URIRef(XSD + "decimal")), Literal("56.7365", datatype=URIRef(XSD + "decimal"))
    assert str(odd) != str(canonical)
    g.add((s, p, odd))
    g.add((s, p, canonical))
    g.add((s, RDFS.label, Literal("x", lang="en")))
    before = _triples(g)
    undo: list = []
    dump_graph(g, in_place=True, undo=undo)
    assert (s, p, odd) not in g and (s, p, canonical) in g
    undone(g, undo)
    assert _triples(g) == before


def test_undone_after_a_failure_half_way(monkeypatch):
    """A step of dump_graph that fails leaves its earlier changes recorded: undone still gives the sources back."""
    from pactkg.build import dump_graph as module
    from pactkg.build.dump_graph import undone

    g = load.load_graph(Inputs.from_env().graph_files())
    before = _triples(g)

    def broken(graph):
        raise RuntimeError("hierarchy failed")

    monkeypatch.setattr(module.vocabulary_hierarchy, "hierarchy_triples", broken)
    undo: list = []
    with pytest.raises(RuntimeError, match="hierarchy failed"):
        dump_graph(g, in_place=True, undo=undo)
    assert undo  # the labels and bounds were added before the failure
    undone(g, undo)
    assert _triples(g) == before
