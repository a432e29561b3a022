"""Coverage: sentences cited by facts, uncited ones, and the exclusions file."""

from __future__ import annotations

import pytest

from pactkg.build import sentence_coverage
from pactkg.build import load


def write_exclusions(project, rows: list[tuple[str, str]]) -> None:
    text = "sentence_start\treason\n" + "".join(f"{a}\t{b}\n" for a, b in rows)
    project.inputs.exclusions_file.write_text(text, encoding="utf-8")


def analyse(project):
    graph = load.load_graph(project.inputs.graph_files())
    text = project.inputs.source_file.read_text(encoding="utf-8")
    return sentence_coverage.analyse(graph, text, sentence_coverage.load_exclusions(project.inputs.exclusions_file))


def test_cited_and_uncited_sentences(project):
    cov = analyse(project)
    assert sorted(cov.cited) == [1, 6]  # the signing (sentence 1) and the demand to Latvia (sentence 6)
    assert [c.fact for c in cov.cited[1]] == ["lvd:signing-of-the-pact"]
    assert [s.index for s in cov.uncited] == [2, 3, 4, 5, 7, 8, 9]
    assert cov.uncited[0].text.startswith("Savstarpējās palīdzības pakts bija spēkā 10 gadus")


def test_exclusions_remove_sentences_and_stale_rows_are_reported(project):
    write_exclusions(project, [
        ("Jau Pēteris Lielais Krievijai gādāja izeju uz jūru.", "part of a quotation, cited as a whole"),
        ("Šāda teikuma nav", "stale"),
        ("Savstarpējās palīdzības pakts", "matches two sentences"),
    ])
    cov = analyse(project)
    assert all(not s.text.startswith("Jau Pēteris") for s in cov.uncited)
    assert [e.sentence_start for e in cov.stale] == ["Šāda teikuma nav"]
    assert [e.sentence_start for e, _ in cov.ambiguous] == ["Savstarpējās palīdzības pakts"]


def test_fragment_occurring_twice_is_weak(project):
    (project.inputs.data_dir / "weak.ttl").write_text(
        '@prefix lvp: <https://w3id.org/lv-pact-1939/ontology#> .\n'
        '@prefix lvd: <https://w3id.org/lv-pact-1939/id/> .\n'
        'lvd:weak-fact a lvp:Event ; lvp:source lvd:source-lvwiki-article ; lvp:evidence "nevar palikt"@lv .\n',
        encoding="utf-8",
    )
    cov = analyse(project)
    weak = [s.text[:20] for s in cov.weakly_cited]
    assert weak == ["2. oktobrī V. Munter", "Mēs tagad esam izeja"]
    assert all(c.places == 2 for s in cov.weakly_cited for c in cov.cited[s.index])


def test_bad_exclusions_header(project):
    project.inputs.exclusions_file.write_text("start\twhy\n", encoding="utf-8")
    with pytest.raises(sentence_coverage.ExclusionsError, match="line 1"):
        sentence_coverage.load_exclusions(project.inputs.exclusions_file)


def test_command_strict_fails_on_uncited(project):
    proc = project.pactkg("coverage")
    assert proc.returncode == 0
    assert "[1] Savstarpējās palīdzības pakts starp Latviju un PSRS" in proc.stdout
    assert "lvd:signing-of-the-pact  '1939. gada 5. oktobrī Maskavā parakstīja'" in proc.stdout  # one fact: no padding
    assert "(cited by no fact)" in proc.stdout
    assert project.pactkg("coverage", "--strict").returncode == 1


def test_stub_rows_then_strict_passes(project):
    stub = project.pactkg("coverage", "--stub").stdout
    rows = [line.split("\t") for line in stub.splitlines()]
    assert rows and all(len(r) == 2 and r[1] == "REASON" and len(r[0]) <= 60 for r in rows)
    write_exclusions(project, [(r[0], "test") for r in rows])
    proc = project.pactkg("coverage", "--strict")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Uncited sentences not in the exclusions file: 0" in proc.stdout


def test_absent_source_is_a_plain_skip(project):
    project.inputs.source_file.unlink()
    proc = project.pactkg("coverage", "--strict")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"skipped: source text not found at {project.inputs.source_file}"
