"""The ontology documentation (ontology.html): complete, bilingual labels, anchors that match the IRIs."""

from __future__ import annotations

import html.parser
import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from pactkg.publish import ontology_docs
from pactkg.common import paths
from pactkg.common.namespaces import LVP


class _Collect(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.lv_cells: list[str] = []
        self._in_lv = False
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "html":
            self.html_lang = a.get("lang")
        self._in_lv = a.get("lang") == "lv"

    def handle_data(self, data):
        if self._in_lv and data.strip():
            self.lv_cells.append(data.strip())
            self._in_lv = False


def test_every_term_is_documented_with_its_latvian_label(released):
    page = (released / "ontology.html").read_text(encoding="utf-8")
    ont = Graph().parse(released / "ontology.ttl")
    p = _Collect()
    p.feed(page)
    assert p.html_lang == "en"
    assert len(p.ids) == len(set(p.ids)), "duplicate id attributes"
    terms = sorted({s for s in ont.subjects(RDFS.label, None) if isinstance(s, URIRef) and str(s).startswith(str(LVP))})
    assert terms
    missing_anchor, missing_label = [], []
    for t in terms:
        frag = str(t)[len(str(LVP)):]
        if frag not in p.ids:
            missing_anchor.append(frag)
        lv = [str(o) for o in ont.objects(t, RDFS.label) if isinstance(o, Literal) and o.language == "lv"]
        if lv and not set(lv) <= set(p.lv_cells):
            missing_label.append(frag)
    assert not missing_anchor, f"no #anchor for {missing_anchor[:10]}"
    assert not missing_label, f"Latvian label not shown for {missing_label[:10]}"


def test_english_headings_only(released):
    """pyLODE is given English text only: no heading runs an English and a Latvian label together."""
    page = (released / "ontology.html").read_text(encoding="utf-8")
    assert "sourced factavotots fakts" not in page
    h3 = re.findall(r"<h3>([^<]+)", page)
    assert h3 and "avotots fakts" not in [h.strip() for h in h3]


def test_render_is_deterministic():
    g = Graph().parse(paths.ONTOLOGY_FILE)
    assert ontology_docs.render(g) == ontology_docs.render(g)


def test_render_small_ontology_adds_labels_and_anchors():
    g = Graph().parse(
        data="""@prefix lvp: <https://w3id.org/lv-pact-1939/ontology#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/lv-pact-1939/ontology> a owl:Ontology ; dcterms:title "Test"@en , "Tests"@lv .
lvp:SourcedFact a owl:Class ; rdfs:label "sourced fact"@en , "avotots fakts"@lv .
lvp:hasClaim a owl:ObjectProperty ; rdfs:label "has claim"@en , "ir apgalvojums"@lv , "имеет"@ru .
""",
        format="turtle",
    )
    page = ontology_docs.render(g)
    assert '<td lang="lv">avotots fakts</td>' in page and '<td lang="ru">имеет</td>' in page
    assert 'id="SourcedFact"' in page and 'id="hasClaim"' in page
    assert '<p class="lv-title" lang="lv">Tests</p>' in page
