"""Every evidence fragment (and quotation text) citing the article is an exact substring of it, and so is
every Latvian quotation in our own prose."""

from __future__ import annotations

from pactkg.build import evidence_check, quoted_words_check


def test_evidence_is_verbatim(union, source_text):
    items = evidence_check.evidence_items(union)
    assert items, "no fact cites the article with evidence"
    problems = evidence_check.check_evidence(union, source_text)
    assert problems == [], "\n".join(str(p) for p in problems)


def test_latvian_words_our_prose_quotes_are_a_source_s(union, source_text):
    """Descriptions and notes quote only what the article or an evidence string says (no word supplied)."""
    problems = quoted_words_check.check_quoted_words(union, source_text)
    assert problems == [], "\n".join(str(p) for p in problems)
