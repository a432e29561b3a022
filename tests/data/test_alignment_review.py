"""Every alignment of ours to an external term was reviewed against the target's own definition (issue 11,
item 9), and the review is data a reader can check: ontology/alignment-review.tsv has one row per alignment
(our term, relation, target, a short verbatim quote of the target's definition, where it was read, why).

The tests tie the review to the ontology both ways (an alignment nobody reviewed, a reviewed row the
ontology no longer states, a changed alignment still stated the old way), check the quotes read in rdflib's
copy of a vocabulary against that copy, and keep an exact match or a sub-class/sub-property from resting on a
definition nobody saw.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDFS, SKOS

from pactkg.common import paths

REVIEW = paths.ONTOLOGY_FILE.parent / "alignment-review.tsv"
OWN = "https://w3id.org/lv-pact-1939/ontology#"
ALIGNING = (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty, OWL.sameAs,
            SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
# Relations that claim more than closeness: they may rest only on a definition that was read.
STRONG = {"rdfs:subClassOf", "rdfs:subPropertyOf", "owl:equivalentClass", "owl:equivalentProperty", "owl:sameAs",
          "skos:exactMatch"}


def alignments(graph: rdflib.Graph) -> set[tuple[str, str, str]]:
    """(term, relation, target) for every aligning triple from one of our terms to a term of another vocabulary."""
    nm = graph.namespace_manager
    short = lambda t: t.n3(nm) if not str(t).startswith("http://qudt.org/") else f"<{t}>"  # noqa: E731
    found = set()
    for p in ALIGNING:
        for s, o in graph.subject_objects(p):
            if str(s).startswith(OWN) and isinstance(o, rdflib.URIRef) and not str(o).startswith(OWN):
                found.add((short(s), short(p), short(o)))
    return found


def read_review(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def problems(rows: list[dict[str, str]], stated: set[tuple[str, str, str]]) -> list[str]:
    found = []
    reviewed = {(r["term"], r["relation"], r["target"]) for r in rows}
    for a in sorted(stated - reviewed):
        found.append(f"{' '.join(a)}: stated in the ontology, no row in {REVIEW.name} (review it against the "
                     f"target's definition and add a row)")
    for r in rows:
        key = (r["term"], r["relation"], r["target"])
        if key not in stated:
            found.append(f"{' '.join(key)}: a reviewed row the ontology does not state (update the row or the ontology)")
        if r["status"] not in {"kept", "changed"}:
            found.append(f"{' '.join(key)}: status {r['status']!r} is neither 'kept' nor 'changed'")
        if r["status"] == "changed":
            was = tuple(r["was"].split(" ", 2))
            if len(was) != 3:
                found.append(f"{' '.join(key)}: a changed row needs 'was' (the alignment before the review)")
            elif was in stated:
                found.append(f"{' '.join(key)}: changed, but the ontology still states {r['was']}")
        if r["relation"] in STRONG and not r["target_definition"]:
            found.append(f"{' '.join(key)}: {r['relation']} rests on no definition that was read; quote it, or "
                         f"claim no more than skos:closeMatch")
        if not r["why"]:
            found.append(f"{' '.join(key)}: no reason given")
    return found


def _rdflib_comments(module: str) -> str:
    """The term comments of rdflib's copy of a vocabulary (rdflib/namespace/<module>.py), spaces collapsed."""
    source = (Path(rdflib.__file__).parent / "namespace" / f"{module}.py").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", source)


def quote_problems(rows: list[dict[str, str]]) -> list[str]:
    found = []
    for r in rows:
        seen = r["definition_seen_in"]
        if seen.startswith("rdflib:"):
            quote = re.sub(r"\s+", " ", r["target_definition"])
            if not quote or quote not in _rdflib_comments(seen[len("rdflib:"):]):
                found.append(f"{r['term']} {r['relation']} {r['target']}: {quote!r} is not in {seen}")
    return found


@pytest.fixture(scope="module")
def rows():
    return read_review(REVIEW)


@pytest.fixture(scope="module")
def stated():
    return alignments(rdflib.Graph().parse(paths.ONTOLOGY_FILE))


def test_every_alignment_is_reviewed_and_every_review_row_is_stated(rows, stated):
    assert stated, "no alignment found in the ontology: is the extraction broken?"
    assert problems(rows, stated) == []


def test_the_quotes_read_in_rdflib_are_the_vocabularies_own_words(rows):
    assert any(r["definition_seen_in"].startswith("rdflib:") for r in rows)
    assert quote_problems(rows) == []


def test_an_unreviewed_alignment_and_a_stale_row_are_found(rows, stated):
    extra = ("lvp:Person", "rdfs:subClassOf", "schema:Thing")
    found = problems(rows[1:], stated | {extra})
    assert any(f"{' '.join(extra)}: stated in the ontology, no row" in p for p in found)
    first = rows[0]
    assert any(p.startswith(f"{first['term']} {first['relation']} {first['target']}: stated in the ontology")
               for p in found)
    stale = problems(rows, stated - {(first["term"], first["relation"], first["target"])})
    assert any("a reviewed row the ontology does not state" in p for p in stale)


def test_a_change_still_stated_the_old_way_is_found(rows, stated):
    changed = next(r for r in rows if r["status"] == "changed")
    old = tuple(changed["was"].split(" ", 2))
    assert any("the ontology still states" in p for p in problems(rows, stated | {old}))


def test_an_exact_match_without_a_read_definition_is_found(stated):
    row = {"term": "lvp:x", "relation": "skos:exactMatch", "target": "wd:P1", "status": "kept", "was": "",
           "target_definition": "", "definition_url": "", "definition_seen_in": "not found", "why": "same"}
    assert any("rests on no definition" in p for p in problems([row], {("lvp:x", "skos:exactMatch", "wd:P1")}))


def test_a_misquoted_definition_is_found():
    row = {"term": "lvp:Person", "relation": "rdfs:subClassOf", "target": "schema:Person",
           "target_definition": "A human of any kind.", "definition_seen_in": "rdflib:_SDO"}
    assert quote_problems([row])
