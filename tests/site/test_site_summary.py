"""Data-driven tests of an entity page's summary block ("At a glance", summary.py): each summary/*.ttl is one
small graph (plus the ontology) with, in its comments, the page, the language and the rows it must show:

    # page: SLUG                    the entity whose summary is checked
    # lang: en|lv                   the page's language (default en)
    # headings: H1 | H2 | …         every heading of the block, in this order
    # row: HEADING | ITEM | ITEM …  a row with exactly these items, in this order (visible text; "…" ends an
                                    item that only has to start so)
    # not-shown: TEXT               nowhere in the block

And the table of plain words for links (roles.py): every link the ontology declares has words both ways, and
none of the real graph's links is headed with a modeller's label; unlabelled-role.ttl shows the check fail.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from pactkg.common import paths
from pactkg.common.namespaces import LVD, LVP
from pactkg.site.entity import glance_section
from pactkg.site.markup import language
from pactkg.site.model import GraphView
from pactkg.site.roles import IN, OUT, has_words
from pactkg.site.summary import unlabelled_roles

from site_support import case_graph

SUMMARY_CASES = Path(__file__).resolve().parent / "summary"
CASE_FILES = sorted(p for p in SUMMARY_CASES.glob("*.ttl") if p.name != "unlabelled-role.ttl")


BLOCKS = ("p", "div", "blockquote")


class _Rows(HTMLParser):
    """The glance block as [(heading, [item text, …]), …]: the text of each <dt> and of each <li>."""

    def __init__(self):
        super().__init__()
        self.rows: list[tuple[str, list[str]]] = []
        self._buf: list[str] | None = None
        self._in_summary = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS and self._buf is not None:
            self._buf.append(" ")  # a block's text does not run into the next one's
        if tag in ("dt", "li"):
            self._buf = []
        elif tag == "summary":
            self._in_summary += 1

    def handle_endtag(self, tag):
        if tag == "summary":
            self._in_summary -= 1
        elif tag in ("dt", "li") and self._buf is not None:
            text = _norm("".join(self._buf))
            if tag == "dt":
                self.rows.append((text, []))
            else:
                self.rows[-1][1].append(text)
            self._buf = None

    def handle_data(self, data):
        self.text.append(data)
        if self._buf is not None and not self._in_summary:
            self._buf.append(data)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def directives(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#\s*(page|lang|headings|row|not-shown):\s?(.*)$", line)
        if m:
            out.setdefault(m.group(1), []).append(m.group(2).strip())
    return out


def glance(path: Path) -> _Rows:
    d = directives(path)
    view = GraphView(case_graph(path))
    node = LVD[d["page"][0]]
    assert node in view.entities, f"{path.name}: no entity {node}"
    with language((d.get("lang") or ["en"])[0]):
        html = glance_section(view, node, "")
    parser = _Rows()
    parser.feed(html)
    return parser


def _split(spec: str) -> list[str]:
    return [s.strip() for s in spec.split("|")]


def _matches(want: str, got: str) -> bool:
    return got.startswith(want[:-1].rstrip()) if want.endswith("…") else got == want


def test_there_is_a_case_per_kind():
    kinds = {p.stem.split("-")[0] for p in CASE_FILES}
    assert {"event", "person", "place", "document", "other"} <= kinds, kinds


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_summary(path):
    d = directives(path)
    assert d.get("page") and (d.get("row") or d.get("headings")), f"{path.name}: nothing to check"
    parsed = glance(path)
    rows = dict(parsed.rows)
    assert len(rows) == len(parsed.rows), f"{path.name}: a heading shown twice: {[h for h, _ in parsed.rows]}"
    for spec in d.get("headings", []):
        assert [h for h, _ in parsed.rows] == _split(spec), f"{path.name}: headings"
    for spec in d.get("row", []):
        heading, *items = _split(spec)
        assert heading in rows, f"{path.name}: no row {heading!r} (rows: {list(rows)})"
        got = rows[heading]
        assert len(got) == len(items) and all(_matches(w, g) for w, g in zip(items, got)), (
            f"{path.name}: row {heading!r} shows {got}, expected {items}"
        )
    text = _norm("".join(parsed.text))
    for unwanted in d.get("not-shown", []):
        assert unwanted not in text, f"{path.name}: {unwanted!r} shown"


def test_every_declared_link_has_plain_words():
    onto = Graph().parse(paths.ONTOLOGY_FILE)
    props = {p for p in onto.subjects(RDF.type, OWL.ObjectProperty) if str(p).startswith(str(LVP))}
    props.add(LVP.claimedValue)  # an annotation property whose values are entities
    missing = sorted(str(p) for p in props if not has_words(p))
    assert not missing, f"roles.py has no words for: {missing}"


def test_no_link_of_the_real_graph_lacks_plain_words(real_graph):
    assert unlabelled_roles(GraphView(real_graph)) == []


def test_a_link_without_words_is_found():
    view = GraphView(case_graph(SUMMARY_CASES / "unlabelled-role.ttl"))
    made_up = "https://w3id.org/lv-pact-1939/ontology#madeUpLink"
    assert unlabelled_roles(view) == [(made_up, IN), (made_up, OUT)]
