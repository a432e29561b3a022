"""QC checks: SELECT queries that must return no rows, run on pyoxigraph."""

from __future__ import annotations

import shutil

import pytest

from pactkg.build import load
from pactkg.build import qc_checks

from .conftest import CASES


def test_passing_checks_return_nothing(project):
    store = qc_checks.store_from_files(project.inputs.graph_files())
    assert qc_checks.run_checks(store, project.inputs.checks_dir) == []


def test_failing_check_returns_its_rows_from_a_graph_too(project):
    project.add_case("qc-signing-without-date.ttl")
    graph = load.load_graph(project.inputs.graph_files())
    failures = qc_checks.run_checks(graph, project.inputs.checks_dir)  # an rdflib Graph works as well as a Store
    assert failures == [("signing-without-date", [{"signing": "lvd:signing-without-date"}])]
    text = qc_checks.format_failures(failures, project.inputs.checks_dir, 1)
    assert "[check signing-without-date] Signings without a date. Fix: add lvp:date.  (1 row)" in text
    assert "    ?signing\n    lvd:signing-without-date" in text


def test_zero_check_files_is_fine(project, tmp_path):
    empty = tmp_path / "no-checks"
    empty.mkdir()
    store = qc_checks.store_from_files(project.inputs.graph_files())
    assert qc_checks.run_checks(store, empty) == []
    assert qc_checks.format_failures([], empty, 0) == "QC checks: 0 checks, all pass"


def test_a_check_must_be_a_select(project):
    (project.inputs.checks_dir / "ask.rq").write_text("ASK { ?s ?p ?o }")
    store = qc_checks.store_from_files(project.inputs.graph_files())
    with pytest.raises(qc_checks.CheckError, match="must be a SELECT"):
        qc_checks.run_checks(store, project.inputs.checks_dir)


def test_oxigraph_parse_errors_name_the_file(project, tmp_path):
    broken = tmp_path / "broken.ttl"
    shutil.copy(CASES / "broken-syntax.ttl", broken)
    with pytest.raises(load.ParseError) as info:
        qc_checks.store_from_files([broken])
    assert info.value.path == broken and info.value.line == 7


def test_qc_command(project):
    proc = project.pactkg("qc")
    assert proc.returncode == 0 and "QC checks: 1 check, all pass" in proc.stdout
    project.add_case("qc-signing-without-date.ttl")
    proc = project.pactkg("qc")
    assert proc.returncode == 1 and "lvd:signing-without-date" in proc.stderr


def test_results_are_remembered_for_the_unchanged_dump_only(tmp_path):
    dump, checks = tmp_path / "dump.ttl", tmp_path / "checks"
    dump.write_text("<http://example.org/a> <http://example.org/p> 1 .\n")
    failures = [("some-check", [{"x": "ex:a"}])]
    qc_checks.remember_results(dump, checks, failures)
    assert qc_checks.remembered_results(dump, checks) is failures
    assert qc_checks.remembered_results(dump, tmp_path / "other-checks") is None
    dump.write_text("<http://example.org/a> <http://example.org/p> 22 .\n")  # rewritten: not the same triples
    assert qc_checks.remembered_results(dump, checks) is None
    assert qc_checks.remembered_results(tmp_path / "missing.ttl", checks) is None


def test_checks_in_two_processes_give_the_same_rows_and_errors(project, monkeypatch):
    """On a large store the checks run in two processes (pactkg.common.fork_map): the same failures in the
    same order, and a bad check file still raises its CheckError (not a worker's traceback)."""
    project.add_case("qc-signing-without-date.ttl")
    checks = project.inputs.checks_dir
    shutil.copy(checks / "signing-without-date.rq", checks / "signing-without-date-again.rq")
    store = qc_checks.store_from_files(project.inputs.graph_files())
    serial = qc_checks.run_checks(store, checks)
    assert [name for name, _ in serial] == ["signing-without-date-again", "signing-without-date"]  # file-name order
    monkeypatch.setattr(qc_checks, "PARALLEL_FROM_TRIPLES", 0)
    assert qc_checks.run_checks(store, checks) == serial
    (checks / "ask.rq").write_text("ASK { ?s ?p ?o }")
    with pytest.raises(qc_checks.CheckError, match="ask.rq: a check must be a SELECT"):
        qc_checks.run_checks(store, checks)
