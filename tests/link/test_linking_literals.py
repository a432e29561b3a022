"""Labels go into query text safely: whatever a label holds, the query parses to exactly that value."""

from __future__ import annotations

import unicodedata

import pyoxigraph as ox
import pytest
from rdflib import Literal, Variable
from rdflib.plugins.sparql import prepareQuery

from pactkg.link import reconcile
from pactkg.link import quickstatements
from pactkg.common import sparql_quoting as sl

HOSTILE = [
    'He said "hi"',
    'a"; DROP ALL; #',
    '"} } UNION { ?item ?p ?o } #',
    "back\\slash and \\\\ two",
    "trailing backslash \\",
    "line\nbreak\r\nand\ttab",
    "bell-less \b\f",
    "{braces} and <angles> and 'single'",
    "# not a comment",
    "ёж — Рига, Rīga, Ēdole, Vaiņode",
    "𝕏 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and emoji 🇱🇻",
    "\u202eright-to-left override",
    "zero\u200bwidth\u2028line separator",
    "decomposed e\u0301 (NFC-normalised)",
    "@en",
    "'''triple''' \"\"\"quotes\"\"\"",
    "",
]


def _values_of_rdflib(query: str) -> list[tuple[int, Literal]]:
    """The VALUES rows of a parsed query, as (key, literal), found by walking rdflib's algebra."""
    found = []

    def walk(node):
        if isinstance(node, dict) or hasattr(node, "items"):
            if getattr(node, "name", None) == "values":
                for row in node["res"]:
                    found.append((int(row[Variable("key")]), row[Variable("text")]))
                return
            for v in node.values():
                walk(v)
        elif isinstance(node, (list, tuple)):
            for v in node:
                walk(v)

    walk(prepareQuery(query).algebra)
    return sorted(found, key=lambda kv: kv[0])


def test_hostile_labels_round_trip_through_rdflib_parser():
    entries = [(i, text, "en" if i % 2 else "lv") for i, text in enumerate(HOSTILE)]
    query = reconcile.candidate_query(entries)
    values = _values_of_rdflib(query)
    assert [k for k, _ in values] == list(range(len(HOSTILE))), "a label changed the number of VALUES rows"
    for (k, lit), (_, text, lang) in zip(values, entries):
        assert str(lit) == unicodedata.normalize("NFC", text)
        assert lit.language == lang


def test_hostile_labels_round_trip_through_oxigraph():
    rows = [[sl.integer(i), sl.string(t, "lv")] for i, t in enumerate(HOSTILE)]
    q = "SELECT ?key ?text WHERE { " + sl.values_block(["key", "text"], rows) + " } ORDER BY ?key"
    got = [(int(s["key"].value), s["text"].value, s["text"].language) for s in ox.Store().query(q)]
    assert got == [(i, unicodedata.normalize("NFC", t), "lv") for i, t in enumerate(HOSTILE)]


def test_the_query_keeps_its_shape_whatever_the_labels():
    """The text outside the literals is the same for a hostile and a harmless label list."""
    hostile = reconcile.candidate_query([(i, t, "en") for i, t in enumerate(HOSTILE)])
    harmless = reconcile.candidate_query([(i, "x", "en") for i in range(len(HOSTILE))])
    strip = lambda q: "".join(q.split("VALUES")[0]) + q.split("}\n  {")[-1]  # noqa: E731
    assert strip(hostile) == strip(harmless)
    assert hostile.count("\n") == harmless.count("\n"), "a label put a raw line break into the query"


@pytest.mark.parametrize("bad", ["nul\x00", "escape \x1b[31m", "del\x7f", "c1\x85", "lone \ud800", "\\u0022", "x\\U0001F600"])
def test_values_that_cannot_be_written_exactly_are_refused(bad):
    with pytest.raises(sl.UnsafeValue):
        sl.string(bad)


@pytest.mark.parametrize("bad", ["en fr", "en\n", "e\"n", "", "toolongsubtag-x"])
def test_language_tags_are_checked(bad):
    with pytest.raises(sl.UnsafeValue):
        sl.string("x", bad)


@pytest.mark.parametrize("bad", ["Q1 } DROP", "Q01", "q5", "P31", "Q5>", "wd:Q5", 5])
def test_item_ids_are_checked(bad):
    with pytest.raises(sl.UnsafeValue):
        sl.qid(bad)


@pytest.mark.parametrize("bad", ["http://x/a>b", "http://x/a b", 'http://x/"', "http://x/{}", ""])
def test_iris_are_checked(bad):
    with pytest.raises(sl.UnsafeValue):
        sl.iri(bad)


def test_item_and_property_ids_in_quickstatements_lookup_are_checked():
    with pytest.raises(sl.UnsafeValue):
        quickstatements.existing_query([("Q1", "P31 } ?s ?p")])
    q = quickstatements.existing_query([("Q1", "P17"), ("Q2", "P1891")])
    assert "(wd:Q1 wdt:P17)" in q and "(wd:Q2 wdt:P1891)" in q
    prepareQuery(q)  # parses


def test_unsafe_label_is_skipped_with_a_warning_not_sent():
    class NoNetwork:
        requests_sent = 0

        def select(self, query):
            raise AssertionError("nothing to send: the only label is unsafe")

    from pactkg.link import entity_profiles
    from pactkg.link import wikidata_vocabulary
    from rdflib import URIRef

    prof = entity_profiles.Profile(URIRef("https://w3id.org/lv-pact-1939/id/x"), "lvd:x", wikidata_vocabulary.KINDS_BY_NAME["person"],
                            labels=[("bad\x00label", "en")])
    cands, none, warnings = reconcile.reconcile(NoNetwork(), [prof], log=lambda m: None)
    assert not cands and warnings and "lvd:x" in warnings[0] and "U+0000" in warnings[0]
