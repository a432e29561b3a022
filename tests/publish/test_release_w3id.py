"""The w3id_rules.org redirect rules (publish/w3id/.htaccess), run by pactkg.w3id against sample requests."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph

from pactkg.publish import w3id_rules
from pactkg.publish.dataset_description import DATASET, DCAT

from .support import DUMP

TARGET = "https://example.org/lv-pact-1939/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
P = w3id_rules.PREFIX


@pytest.fixture(scope="module")
def rules():
    return w3id_rules.load()


@pytest.mark.parametrize(
    "iri,accept,location",
    [
        (P + "id/vilhelms-munters", "text/turtle", "site/id/vilhelms-munters.ttl"),
        (P + "id/vilhelms-munters", "application/ld+json", "site/id/vilhelms-munters.jsonld"),
        (P + "id/vilhelms-munters", BROWSER, "site/id/vilhelms-munters.html"),
        (P + "id/vilhelms-munters", "*/*", "site/id/vilhelms-munters.html"),
        (P + "id/vilhelms-munters", "text/turtle;q=0.9, text/html;q=0.1", "site/id/vilhelms-munters.ttl"),
        (P + "id/signing-of-the-pact.jsonld", BROWSER, "site/id/signing-of-the-pact.jsonld"),
        (P + "ontology", "text/turtle", "ontology.ttl"),
        (P + "ontology", "application/ld+json", "ontology.jsonld"),
        (P + "ontology", BROWSER, "ontology.html"),
        (P + "ontology#SourcedFact", BROWSER, "ontology.html"),
        (P + "ontology/0.1.0", "text/turtle", "releases/0.1.0/ontology.ttl"),
        (P + "ontology.ttl", BROWSER, "ontology.ttl"),
        (P + "shapes", "text/turtle", "shapes.ttl"),
        (P + "context.jsonld", "application/ld+json", "context.jsonld"),
        (P + "dataset", "text/turtle", "void.ttl"),
        (P + "dataset", BROWSER, "site/index.html"),
        (P, "text/turtle", "void.ttl"),
        (P, BROWSER, "site/index.html"),
        (P + "mappings/wikidata.sssom.tsv", "*/*", "mappings/wikidata.sssom.tsv"),
        (P + "releases/0.1.0/lv-pact-1939.nt", "*/*", "releases/0.1.0/lv-pact-1939.nt"),
        (P + "releases/0.1.0/mappings/wikidata.sssom.tsv", "*/*", "releases/0.1.0/mappings/wikidata.sssom.tsv"),
    ],
)
def test_sample_requests(rules, iri, accept, location):
    assert w3id_rules.resolve(rules, iri, accept) == (303, TARGET + location)


@pytest.mark.parametrize(
    "iri",
    [P + "id/Riga", P + "id/riga/extra", P + "id/-riga", P + "id/riga-", P + "id/", P + "ontology/latest",
     P + "releases/0.1/lv-pact-1939.ttl", P + "releases/0.1.0/../secret", P + "nothing-here"],
)
def test_unknown_paths_are_not_redirected(rules, iri):
    assert w3id_rules.resolve(rules, iri, "text/turtle") is None


def test_every_rule_redirects_with_303_to_one_target(rules):
    assert rules and all(r.status == 303 and r.last for r in rules)
    assert {r.target[: len(TARGET)] for r in rules} == {TARGET}, "change the host in one go: every rule must use it"
    assert all(re.fullmatch(r"[A-Za-z0-9_./$+-]+", r.target[len(TARGET):]) for r in rules)


def test_every_entity_and_file_of_the_release_resolves(rules, released):
    """Each lvd: IRI in the dump, the ontology, and each distribution's download URL has a redirect."""
    subjects = {line.split(" ", 1)[0][1:-1] for line in (released / f"{DUMP}.nt").read_text(encoding="utf-8").splitlines()}
    entities = sorted(s for s in subjects if s.startswith(P + "id/"))
    assert entities
    for iri in entities:
        slug = iri[len(P + "id/"):]
        for accept, ext in (("text/turtle", "ttl"), ("application/ld+json", "jsonld"), (BROWSER, "html")):
            assert w3id_rules.resolve(rules, iri, accept) == (303, f"{TARGET}site/id/{slug}.{ext}"), iri
    desc = Graph().parse(released / "void.ttl")
    for dist in desc.objects(DATASET, DCAT.distribution):
        url = str(desc.value(dist, DCAT.downloadURL))
        assert w3id_rules.resolve(rules, url) == (303, TARGET + url[len(P):]), url


def test_parser_rejects_what_it_does_not_understand():
    with pytest.raises(w3id_rules.RuleError, match="line 1: directive 'Redirect'"):
        w3id_rules.parse("Redirect 301 /a https://b\n")
    with pytest.raises(w3id_rules.RuleError, match="not followed by a RewriteRule"):
        w3id_rules.parse("RewriteCond %{HTTP_ACCEPT} text/turtle\n")
    with pytest.raises(w3id_rules.RuleError, match="flag 'QSA'"):
        w3id_rules.parse("RewriteRule ^a$ https://b [QSA]\n")
    with pytest.raises(w3id_rules.RuleError, match="bad regex"):
        w3id_rules.parse("RewriteRule ^a($ https://b [R=303,L]\n")
