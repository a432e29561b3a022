"""The w3id.org redirect rules (w3id/htaccess of the release), run by pactkg.publish.w3id_rules against sample requests.

Apache itself runs them in tests/publish/test_apache_service.py."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph

from pactkg.publish import w3id_rules
from pactkg.publish.dataset_description import DATASET, DCAT

from .support import BASE, DUMP

TARGET = BASE
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
P = w3id_rules.PREFIX
ACCEPTS = ("text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml", BROWSER, "*/*", "image/png")


@pytest.fixture(scope="module")
def rules(released):
    return w3id_rules.load(released / "w3id" / "htaccess")


@pytest.mark.parametrize(
    "iri,location",
    [
        (P + "id/vilhelms-munters", "site/id/vilhelms-munters"),
        (P + "id/signing-of-the-pact.jsonld", "id/signing-of-the-pact.jsonld"),
        (P + "id/signing-of-the-pact.rdf", "id/signing-of-the-pact.rdf"),
        (P + "id/signing-of-the-pact.html", "site/id/signing-of-the-pact.html"),
        (P + "ontology", "ontology"),
        (P + "ontology#SourcedFact", "ontology"),
        (P + "ontology/0.1.0", "ontology/0.1.0"),
        (P + "shapes", "shapes"),
        (P + "team", "team"),
        (P + "quality", "quality"),
        (P + "context.jsonld", "context.jsonld"),
        (P + "dataset", "dataset"),
        (P + "dataset#class-lvp-Person", "dataset"),
        (P, ""),
        (P + "mappings/wikidata.sssom.tsv", "mappings/wikidata.sssom.tsv"),
        (P + "releases/0.1.0/lv-pact-1939.nt", "releases/0.1.0/lv-pact-1939.nt"),
        (P + "releases/0.1.0/mappings/wikidata.sssom.tsv", "releases/0.1.0/mappings/wikidata.sssom.tsv"),
    ],
)
def test_sample_requests_go_to_the_same_path_whatever_the_accept_header(rules, iri, location):
    """w3id_rules.org redirects without negotiating (so its answers need no Vary); the host negotiates."""
    for accept in ACCEPTS:
        assert w3id_rules.resolve(rules, iri, accept) == (303, TARGET + location), accept


@pytest.mark.parametrize(
    "iri",
    [P + "id/Riga", P + "id/riga/extra", P + "id/-riga", P + "id/riga-", P + "id/", P + "ontology/latest",
     P + "releases/0.1/lv-pact-1939.ttl", P + "releases/0.1.0/../secret", P + "nothing-here", P + "id/riga.exe"],
)
def test_unknown_paths_are_not_redirected(rules, iri):
    assert w3id_rules.resolve(rules, iri, "text/turtle") is None


def test_every_rule_redirects_with_303_to_the_deployment_base(rules):
    assert rules and all(r.status == 303 and r.last and not r.conds for r in rules)
    assert {r.target[: len(TARGET)] for r in rules} == {TARGET}, "every rule must follow the deployment base"
    assert all(re.fullmatch(r"[A-Za-z0-9_./$+-]*", r.target[len(TARGET):]) for r in rules)


def test_every_entity_and_file_of_the_release_resolves(rules, released):
    """Each lvd: IRI in the dump, the ontology, and each distribution's download URL has a redirect."""
    subjects = {line.split(" ", 1)[0][1:-1] for line in (released / f"{DUMP}.nt").read_text(encoding="utf-8").splitlines()}
    entities = sorted(s for s in subjects if s.startswith(P + "id/"))
    assert entities
    for iri in entities:
        slug = iri[len(P + "id/"):]
        assert w3id_rules.resolve(rules, iri, BROWSER) == (303, f"{TARGET}site/id/{slug}"), iri
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
