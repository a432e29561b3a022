"""`pactkg source-check` against a local stand-in for the wiki's API (a scripted HTTP server on 127.0.0.1):
what is still in the article passes, what is gone is reported and fails, spacing-only differences are told
apart, the revision checked is recorded, and a wiki that cannot answer gives one clear message and exit 2."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from pactkg import cli

DATA = """@prefix lvp: <https://w3id.org/lv-pact-1939/ontology#> .
@prefix lvd: <https://w3id.org/lv-pact-1939/id/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
lvd:source-lvwiki-article lvp:url "https://lv.wikipedia.org/wiki/Savstarp%C4%93j%C4%81s_pakts"^^xsd:anyURI .
lvd:fact-a lvp:source lvd:source-lvwiki-article ; lvp:evidence "Munters parakstīja paktu"@lv .
lvd:fact-b lvp:source lvd:source-lvwiki-article ; lvp:evidence "atbilde bija jādod pēc 48 stundām"@lv .
lvd:quote-c lvp:source lvd:source-lvwiki-article ; lvp:text "Tas, kas noteikts 1920. gadā"@lv .
"""


def page(text: str, revid: int = 4242) -> str:
    return json.dumps({"batchcomplete": True, "query": {"pages": [{
        "pageid": 1, "ns": 0, "title": "Savstarpējās pakts", "extract": text,
        "revisions": [{"revid": revid, "parentid": revid - 1, "timestamp": "2026-01-02T03:04:05Z"}]}]}})


@pytest.fixture
def tiny_data(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "facts.ttl").write_text(DATA, encoding="utf-8")
    monkeypatch.setenv("PACTKG_DATA_DIR", str(data))
    return tmp_path


def run(fault_server, tiny_data, *extra):
    out = tiny_data / "report.tsv"
    code = cli.main(["source-check", "--api", fault_server.url, "--out", str(out), "--timeout", "5", *extra])
    return code, out


def test_unchanged_article_passes_and_records_the_revision(fault_server, tiny_data, capsys):
    fault_server.script = [("ok", page("V. Munters parakstīja paktu. Tas, kas noteikts 1920. gadā. "
                                       "Atbilde bija jādod pēc 48 stundām; atbilde bija jādod pēc 48 stundām."))]
    code, out = run(fault_server, tiny_data)
    assert code == 0, capsys.readouterr()
    report = out.read_text(encoding="utf-8")
    assert "# revision\t4242\n" in report and "# revision_timestamp\t2026-01-02T03:04:05Z" in report
    assert "# missing\t0\n" in report
    sent = urllib.parse.parse_qs(urllib.parse.urlsplit(fault_server.requests[0]["path"]).query)
    assert sent["titles"] == ["Savstarpējās pakts"] and sent["prop"] == ["extracts|revisions"]
    assert fault_server.requests[0]["headers"]["User-Agent"].startswith("lv-pact-1939-source-check/")


def test_changed_article_reports_what_is_gone_and_fails(fault_server, tiny_data, capsys):
    fault_server.script = [("ok", page("V. Munters parakstīja paktu. Atbildi prasīja divu dienu laikā.", 5000))]
    code, out = run(fault_server, tiny_data)
    err = capsys.readouterr().err
    assert code == 1
    assert "lvd:fact-b" in err and "atbilde bija jādod pēc 48 stundām" in err
    assert "lvd:quote-c" in err
    assert "lvd:fact-a" not in err
    report = out.read_text(encoding="utf-8")
    assert "# revision\t5000\n" in report and "# missing\t2\n" in report


def test_layout_only_differences_are_not_changes(fault_server, tiny_data):
    fault_server.script = [("ok", page("V. Munters\nparakstīja  paktu. Tas, kas noteikts 1920.\ngadā. "
                                       "atbilde bija jādod pēc 48 stundām"))]
    code, out = run(fault_server, tiny_data)
    assert code == 0
    assert "spacing\tlvd:fact-a" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("step, words", [
    (("status", 503, {}, "busy"), "HTTP 503"),
    (("raw", b"<html>not json</html>"), "did not answer with a page"),
    (("ok", json.dumps({"query": {"pages": [{"title": "X", "missing": True}]}})), "has no page"),
])
def test_a_wiki_that_cannot_answer_gives_one_message_and_exit_2(fault_server, tiny_data, capsys, step, words):
    fault_server.script = [step]
    code, out = run(fault_server, tiny_data)
    err = capsys.readouterr().err
    assert code == 2 and words in err and err.count("\n") == 1
    assert not out.exists()
