"""Every evidence fragment (and quotation text) citing the article is an exact substring of it."""

from __future__ import annotations

from pactkg.build import evidence_check


def test_evidence_is_verbatim(union, source_text):
    items = evidence_check.evidence_items(union)
    assert items, "no fact cites the article with evidence"
    problems = evidence_check.check_evidence(union, source_text)
    assert problems == [], "\n".join(str(p) for p in problems)
