"""The link check against the fixture endpoint: it finds each kind of drift and changes no curated file."""

from __future__ import annotations

import hashlib

from pactkg import cli
from pactkg.build import load
from pactkg.link import link_check
from pactkg.link import mappings
from pactkg.link import sssom_tsv
from pactkg.link import wdqs_client
from pactkg.common.inputs import Inputs

SUBJECTS = ["lvd:riga", "lvd:liepaja", "lvd:mazirbe", "lvd:edole", "lvd:durbe", "lvd:priekule", "lvd:kuldiga",
            "lvd:grobina"]


def subset(tmp_path, subjects=SUBJECTS, edit=None):
    """A curated file holding some of the real curated rows (so the test does not move when rows are added)."""
    ms = mappings.load_curated()
    rows = [dict(r) for r in ms.rows if r["subject_id"] in subjects]
    assert {r["subject_id"] for r in rows} == set(subjects), "the test expects these rows in the curated set"
    for r in rows:
        if edit:
            edit(r)
    path = tmp_path / "curated.sssom.tsv"
    sssom_tsv.write(sssom_tsv.MappingSet(metadata=ms.metadata, rows=rows), path)
    return path


def record_labels(row):
    if row["subject_id"] == "lvd:kuldiga":
        row["object_label"] = "A label Wikidata no longer has"
    if row["subject_id"] == "lvd:grobina":
        row["object_label"] = "Grobiņa"


def test_each_kind_of_drift_is_reported(wdqs_fixture, tmp_path):
    path = subset(tmp_path, edit=record_labels)
    graph = load.load_graph(Inputs.from_env().graph_files())
    client = wdqs_client.WdqsClient(endpoint=wdqs_fixture, pause=0)
    found = {f.subject_id: f for f in link_check.check(client, graph, mappings.load_curated(path))}
    status = {s: f.status for s, f in found.items()}
    assert status == {
        "lvd:riga": "ok",
        "lvd:liepaja": "ok",
        "lvd:grobina": "ok",
        "lvd:mazirbe": "type",
        "lvd:edole": "label",
        "lvd:kuldiga": "label",
        "lvd:durbe": "redirected",
        "lvd:priekule": "deleted",
    }
    assert "wd:Q900000030" in found["lvd:durbe"].detail
    assert "human settlement" in found["lvd:mazirbe"].detail
    assert "A label Wikidata no longer has" in found["lvd:kuldiga"].detail
    assert client.requests_sent == 1  # all items in one request


def test_cli_reports_and_changes_nothing(wdqs_fixture, tmp_path, repo_env, capsys):
    path = subset(tmp_path, edit=record_labels)
    real = mappings.curated_path()
    before = (hashlib.sha256(path.read_bytes()).digest(), hashlib.sha256(real.read_bytes()).digest())
    out = tmp_path / "report.tsv"
    code = cli.main(["link-check", "--endpoint", wdqs_fixture, "--pause", "0", "--mappings", str(path), "--out", str(out)])
    assert code == 1  # type drift, a redirect and a deletion fail the run
    assert (hashlib.sha256(path.read_bytes()).digest(), hashlib.sha256(real.read_bytes()).digest()) == before
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "subject_id\tobject_id\tstatus\tdetail"
    assert "lvd:durbe\twd:Q840801\tredirected\t" in out.read_text(encoding="utf-8")
    assert "redirected" in capsys.readouterr().out


def test_label_mismatch_alone_fails_only_when_strict(wdqs_fixture, tmp_path, repo_env):
    path = subset(tmp_path, subjects=["lvd:riga", "lvd:edole"])
    out = tmp_path / "report.tsv"
    args = ["link-check", "--endpoint", wdqs_fixture, "--pause", "0", "--mappings", str(path), "--out", str(out)]
    assert cli.main(args) == 0
    assert cli.main(args + ["--strict"]) == 1


def test_label_comparison_is_lenient_about_form_not_content():
    assert link_check.norm("Molotov–Ribbentrop  Pact") == link_check.norm("molotov-ribbentrop pact")
    assert link_check.norm("Liepa\u0304ja") == link_check.norm("Liepāja")
    assert link_check.norm("Riga") != link_check.norm("Rīga")
