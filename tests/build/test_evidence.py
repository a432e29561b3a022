"""The evidence check: fragments must be verbatim; an absent article is a plain skip."""

from __future__ import annotations

from pactkg.build import evidence_check
from pactkg.build import load


def test_fixture_evidence_is_verbatim(project):
    graph = load.load_graph(project.inputs.graph_files())
    text = project.inputs.source_file.read_text(encoding="utf-8")
    assert evidence_check.check_evidence(graph, text) == []
    assert len(evidence_check.evidence_items(graph)) == 2


def test_retyped_fragment_is_reported_with_its_subject(project):
    project.add_case("evidence-not-verbatim.ttl")
    graph = load.load_graph(project.inputs.graph_files())
    problems = evidence_check.check_evidence(graph, project.inputs.source_file.read_text(encoding="utf-8"))
    assert [(p.subject, p.text) for p in problems] == [("lvd:flight-to-moscow", "izlidoja  uz Maskavu")]
    assert "only in spacing" in problems[0].hint


def test_hint_shows_where_the_copy_diverges():
    assert "first 13 characters" in evidence_check._hint("Maskavā, kur sākās", "Maskavā, kur tika")
    assert evidence_check._hint("nav tur", "pavisam cits teksts") == "not found in the article at all"


def test_absent_source_is_skipped_plainly(project, tmp_path):
    missing = tmp_path / "nowhere.txt"
    graph = load.load_graph(project.inputs.graph_files())
    ok, text = evidence_check.report(graph, missing)
    assert ok and text == f"skipped: source text not found at {missing}"


def test_command(project):
    proc = project.pactkg("check-evidence")
    assert proc.returncode == 0 and "2 fragments on 2 facts citing the article, all verbatim" in proc.stdout
    project.add_case("evidence-not-verbatim.ttl")
    assert project.pactkg("check-evidence").returncode == 1
