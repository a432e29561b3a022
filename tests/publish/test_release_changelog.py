"""`pactkg diff` / `make diff`: triples added and removed between any two dumps, grouped by entity."""

from __future__ import annotations

import gzip
import subprocess
import sys

import pytest

from pactkg.publish import changelog

from .support import CASES

DIFF = CASES / "diff"


def test_diff_case_matches_expected():
    d = changelog.diff_files(DIFF / "old.ttl", DIFF / "new.nt")
    text = changelog.to_markdown(d, "Changes from old.ttl to new.nt", "old.ttl", "new.nt")
    assert text == (DIFF / "expected.md").read_text(encoding="utf-8")


def test_diff_counts_and_groups():
    d = changelog.diff_files(DIFF / "old.ttl", DIFF / "new.nt")
    assert (d.n_added, d.n_removed) == (3, 3)
    riga = "<https://w3id.org/lv-pact-1939/id/riga>"
    assert d.subjects() == sorted([riga, "<https://w3id.org/lv-pact-1939/id/new-place>", "<https://w3id.org/lv-pact-1939/id/old-place>"])
    assert d.removed[riga] == [f'{riga} <http://www.w3.org/2000/01/rdf-schema#label> "Rigga"@en .']


def test_same_graph_in_other_formats_has_no_changes(tmp_path):
    """Formatting, prefixes, order and compression are not changes: Turtle vs its gzipped N-Triples vs JSON-LD."""
    from pactkg.publish import dump_formats
    from rdflib import Graph

    nt = dump_formats.write_ntriples(DIFF / "old.ttl", tmp_path)
    gz = tmp_path / "old.nt.gz"
    gz.write_bytes(gzip.compress(nt.read_bytes()))
    jl = dump_formats.write_jsonld(DIFF / "old.ttl", tmp_path, dump_formats.full_context(Graph()), name="old.jsonld")
    for other in (nt, gz, jl):
        d = changelog.diff_files(DIFF / "old.ttl", other)
        assert d.subjects() == [] and d.old_count == d.new_count == 7
        assert "No triple changed." in changelog.to_markdown(d, "t", "a", "b")


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pactkg.cli", "diff", *args], capture_output=True, text=True, timeout=120)


def test_cli_prints_markdown_and_exit_codes(tmp_path):
    r = _cli(str(DIFF / "old.ttl"), str(DIFF / "new.nt"))
    assert r.returncode == 0 and "### lvd:riga" in r.stdout and "+ rdfs:label \"Riga\"@en" in r.stdout
    assert _cli(str(DIFF / "old.ttl"), str(DIFF / "new.nt"), "--exit-code").returncode == 1
    assert _cli(str(DIFF / "old.ttl"), str(DIFF / "old.ttl"), "--exit-code").returncode == 0
    out = tmp_path / "changes.md"
    assert _cli(str(DIFF / "old.ttl"), str(DIFF / "new.nt"), "-o", str(out)).returncode == 0
    assert "### lvd:old-place" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "content,name,message",
    [
        ("@prefix ex: <http://example.org/> .\nex:a ex:p .\n", "broken.ttl", "broken.ttl: does not parse"),
        ("x", "dump.xml", "unknown RDF file type '.xml'"),
        (None, "missing.ttl", "missing.ttl: no such file"),
    ],
)
def test_cli_bad_input_one_clear_message(tmp_path, content, name, message):
    bad = tmp_path / name
    if content is not None:
        bad.write_text(content)
    r = _cli(str(DIFF / "old.ttl"), str(bad))
    assert r.returncode == 2
    assert message in r.stderr and "Traceback" not in r.stderr
