"""Per-entity Turtle and JSON-LD (the release's per-entity documents, pactkg.publish.entity_documents; that
they are the release's bytes: tests/dist): they parse, hold every triple of the entity both ways, the sources
of its facts, the labels of what they mention and the document's own description; the page embeds the same
JSON-LD, and the whole site is byte-identical when built twice."""

from __future__ import annotations

import json

from rdflib import Graph, Namespace
from rdflib.namespace import RDFS

from pactkg.common.namespaces import LVP

from pactkg.site.build import build_site
from pactkg.site.model import GraphView

FOAF = Namespace("http://xmlns.com/foaf/0.1/")


def test_every_entity_has_its_three_files(site, real_graph):
    view = GraphView(real_graph)
    assert len(view.entities) > 0 and len(view.inline) > 0
    for ent in list(view.entities.values()) + list(view.inline.values()):
        for ext in ("html", "ttl", "jsonld"):
            assert (site / "id" / f"{ent.slug}.{ext}").is_file(), f"id/{ent.slug}.{ext} missing"


def test_turtle_and_jsonld_hold_the_entity_both_ways_with_its_sources(site, real_graph):
    view = GraphView(real_graph)
    for node, ent in list(view.entities.items()) + list(view.inline.items()):
        ttl = Graph().parse(site / "id" / f"{ent.slug}.ttl", format="turtle")
        jl = Graph().parse(site / "id" / f"{ent.slug}.jsonld", format="json-ld")
        assert set(ttl) == set(jl), f"id/{ent.slug}: the Turtle and the JSON-LD differ"
        for t in real_graph.triples((node, None, None)):
            assert t in ttl, f"id/{ent.slug}.ttl lacks {t}"
        for t in real_graph.triples((None, None, node)):
            assert t in ttl, f"id/{ent.slug}.ttl lacks {t}"
        for src in real_graph.objects(node, LVP.source):
            assert (src, RDFS.label, None) in ttl, f"id/{ent.slug}.ttl: its source {src} is not labelled"
        docs = list(ttl.subjects(FOAF.primaryTopic, node))
        assert len(docs) == 1 and str(docs[0]).endswith(f"/id/{ent.slug}"), docs


def test_linked_entities_are_labelled(site, real_graph):
    view = GraphView(real_graph)
    checked = 0
    for node, ent in view.entities.items():
        ttl = Graph().parse(site / "id" / f"{ent.slug}.ttl", format="turtle")
        for o in set(ttl.objects(node, None)):
            if view.labels.get(o) and o != node:
                assert (o, RDFS.label, None) in ttl, f"id/{ent.slug}.ttl: {o} has no label"
                checked += 1
    assert checked > 0


def test_page_embeds_the_same_jsonld(site, real_graph):
    view = GraphView(real_graph)
    for ent in list(view.entities.values())[:40]:
        on_disk = json.loads((site / "id" / f"{ent.slug}.jsonld").read_text(encoding="utf-8"))
        for lang in ("en", "lv"):
            html = (site / lang / "id" / f"{ent.slug}.html").read_text(encoding="utf-8")
            embedded = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
            assert json.loads(embedded) == on_disk
            assert f'<link rel="alternate" type="text/turtle" href="../../id/{ent.slug}.ttl">' in html
            assert f'<link rel="alternate" type="application/ld+json" href="../../id/{ent.slug}.jsonld">' in html


def test_build_is_deterministic(site, real_graph, tmp_path):
    again = tmp_path / "site"
    build_site(real_graph, again)
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    changed = [str(f) for f in files if (site / f).read_bytes() != (again / f).read_bytes()]
    assert changed == []
