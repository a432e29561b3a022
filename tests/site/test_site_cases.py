"""Data-driven page tests: each cases/*.ttl is one small graph (plus the ontology) with, in its comments,
the page to render and what it must (and must not) show:

    # page: SLUG               the entity whose page is checked
    # expect: TEXT             in the page's visible text (either language)
    # expect-not: TEXT         not in the visible text
    # expect-html: MARKUP      in the HTML source (&#NNN; stands for that character, e.g. &#160; a no-break space)
    # expect-html-not: MARKUP  not in the HTML source
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pactkg.common.namespaces import LVD
from pactkg.site.entity import entity_page
from pactkg.site.model import GraphView
from pactkg.site.build import EntityDocuments, graph_ntriples

from site_support import CASES, case_graph

CASE_FILES = sorted(CASES.glob("*.ttl"))


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    p = _Text()
    p.feed(html)
    return re.sub(r"\s+", " ", "".join(p.parts).replace("\u00a0", " "))


def directives(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#\s*(page|expect|expect-not|expect-html|expect-html-not):\s?(.*)$", line)
        if m:
            out.setdefault(m.group(1), []).append(m.group(2))
    return out


def render(path: Path) -> str:
    d = directives(path)
    graph = case_graph(path)
    view = GraphView(graph)
    node = LVD[d["page"][0]]
    assert node in view.entities, f"{path.name}: no entity {node}"
    _, jsonld = EntityDocuments(graph_ntriples(graph)).of(view.entities[node].slug)
    return entity_page(view, node, jsonld, on_map=False)


def test_there_are_cases():
    assert len(CASE_FILES) >= 8


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case(path):
    d = directives(path)
    assert d.get("page"), f"{path.name}: no '# page:' line"
    html = render(path)
    text = visible_text(html)
    for want in d.get("expect", []):
        assert want in text, f"{path.name}: {want!r} not shown"
    for unwanted in d.get("expect-not", []):
        assert unwanted not in text, f"{path.name}: {unwanted!r} shown"
    for want in d.get("expect-html", []):
        want = re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), want)
        assert want in html, f"{path.name}: {want!r} not in the HTML"
    for unwanted in d.get("expect-html-not", []):
        assert unwanted not in html, f"{path.name}: {unwanted!r} in the HTML"


def test_embedded_jsonld_cannot_close_the_script():
    html = render(CASES / "escaping.ttl")
    head = html.split("</head>")[0]
    script = head.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in script
    assert "\\u003c/script>" in script
