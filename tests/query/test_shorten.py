"""results.shorten must give what its definition says: the longest namespace of DISPLAY_PREFIXES the IRI starts
with, then the rest as a local name when it is one (letters, digits, "_", "-", "."; not ending with "."), else the
whole IRI in angle brackets. shorten itself looks one namespace up (see its comment); this compares the two."""

from __future__ import annotations

import random

import pytest

from pactkg.query.results import DISPLAY_PREFIXES, shorten


def by_definition(iri: str) -> str:
    best = None
    for prefix, ns in DISPLAY_PREFIXES.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(best[1])):
            best = (prefix, ns)
    if best is None:
        return f"<{iri}>"
    local = iri[len(best[1]):]
    if local and all(c.isalnum() or c in "-_." for c in local) and not local.endswith("."):
        return f"{best[0]}:{local}"
    return f"<{iri}>"


LVD = DISPLAY_PREFIXES["lvd"]
CASES = [
    LVD + "place-riga", LVD + "place-rīga", LVD + "a.b", LVD + "a.", LVD, LVD + "a/b", LVD + "a#b", LVD + "a b",
    LVD + "x_1-2", LVD + "٣", DISPLAY_PREFIXES["lvp"] + "Event", DISPLAY_PREFIXES["lvp"], DISPLAY_PREFIXES["lvps"]
    + "PlaceShape", DISPLAY_PREFIXES["rdfs"] + "label", "https://w3id.org/lv-pact-1939/other/x",
    "https://w3id.org/lv-pact-1939/", "urn:x:y", "", "http://example.org/a#", "http://www.wikidata.org/entity/Q211",
    "http://www.wikidata.org/entity/Q211/", "https://schema.org/name#x",
]


@pytest.mark.parametrize("iri", CASES)
def test_shorten_is_its_definition(iri):
    assert shorten(iri) == by_definition(iri)


def test_shorten_is_its_definition_on_random_iris():
    rng = random.Random(24)
    pieces = list(DISPLAY_PREFIXES.values()) + ["a", "Z9", "-", "_", ".", "/", "#", " ", "ā", "Я", "٣", "%20", ":"]
    for _ in range(20000):
        iri = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))
        assert shorten(iri) == by_definition(iri), iri
