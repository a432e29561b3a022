"""Coverage of the article: every sentence is cited by a fact, or excluded with a reason.

The data is being written; until it is complete this test lists the sentences still to cite (or to
exclude in coverage-exclusions.tsv, with the reason).
"""

from __future__ import annotations

from pactkg.build import sentence_coverage


def test_every_sentence_is_cited_or_excluded(union, source_text, inputs):
    cov = sentence_coverage.analyse(union, source_text, sentence_coverage.load_exclusions(inputs.exclusions_file))
    problems = [f"uncited: [{s.index}] {s.text[:100]}" for s in cov.uncited]
    problems += [f"stale exclusion (line {e.line}): {e.sentence_start!r}" for e in cov.stale]
    problems += [f"exclusion matching several sentences (line {e.line}): {e.sentence_start!r}" for e, _ in cov.ambiguous]
    assert problems == [], "\n".join(problems)
