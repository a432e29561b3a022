"""Every evidence fragment (and quotation text) citing the article is an exact substring of it."""

from __future__ import annotations

from pactkg import evidence


def test_evidence_is_verbatim(union, source_text):
    items = evidence.evidence_items(union)
    assert items, "no fact cites the article with evidence"
    problems = evidence.check_evidence(union, source_text)
    assert problems == [], "\n".join(str(p) for p in problems)
