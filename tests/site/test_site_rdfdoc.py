"""Per-entity Turtle and JSON-LD: they parse, they hold exactly the entity's triples plus the labels of what
it links to, the page embeds the same JSON-LD, and the whole site is byte-identical when built twice."""

from __future__ import annotations

import json

from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from pactkg.site.build import build_site
from pactkg.site.model import GraphView
from pactkg.site.rdfdoc import entity_triples


def expected_graph(view: GraphView, node) -> Graph:
    g = Graph()
    for t in entity_triples(view, node):
        g.add(t)
    return g


def test_every_entity_has_its_three_files(site, real_graph):
    view = GraphView(real_graph)
    assert len(view.entities) > 0
    for ent in view.entities.values():
        for ext in ("html", "ttl", "jsonld"):
            assert (site / "id" / f"{ent.slug}.{ext}").is_file(), f"id/{ent.slug}.{ext} missing"


def test_turtle_and_jsonld_round_trip(site, real_graph):
    view = GraphView(real_graph)
    for node, ent in view.entities.items():
        want = expected_graph(view, node)
        assert (node, None, None) in want
        ttl = Graph().parse(site / "id" / f"{ent.slug}.ttl", format="turtle")
        assert isomorphic(ttl, want), f"id/{ent.slug}.ttl differs from the graph"
        jl = Graph().parse(site / "id" / f"{ent.slug}.jsonld", format="json-ld")
        assert isomorphic(jl, want), f"id/{ent.slug}.jsonld differs from the graph"


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
