"""`pactkg query`: one result model, the output formats, and a clear message for every kind of bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pactkg import cli
from pactkg.build import load
from pactkg.common import paths
from pactkg.query import embedded_store
from pactkg.query.ask import read_query
from pactkg.query.results import Results, Term
from pactkg.query.server import free_port
from pactkg.query.sparql_errors import QueryError, undeclared_prefixes

PACTKG = [sys.executable, "-m", "pactkg.cli"]

TINY = """@prefix lvd: <https://w3id.org/lv-pact-1939/id/> .
@prefix lvp: <https://w3id.org/lv-pact-1939/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
lvd:signing-of-the-pact a lvp:Signing ;
    rdfs:label "Pakta parakstīšana"@lv , "Signing of the pact"@en ;
    lvp:date "1939-10-05"^^xsd:date .
"""
Q_LABELS = ('PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n'
            'SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?label')


@pytest.fixture
def tiny_dump(tmp_path: Path) -> Path:
    p = tmp_path / "tiny.ttl"
    p.write_text(TINY, encoding="utf-8")
    return p


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---- the store is the union graph ------------------------------------------------------------------


def test_embedded_store_holds_the_same_triples_as_load_all(real_store):
    assert len(real_store) == len(load.load_all())
    assert len(real_store) > 0


def test_the_store_reads_the_data_folder_the_environment_names(tmp_path, monkeypatch, capsys):
    """$PACTKG_DATA_DIR points `pactkg questions` and `pactkg query` at another data folder, as it does the build."""
    (tmp_path / "tiny.ttl").write_text(TINY, encoding="utf-8")
    monkeypatch.setenv("PACTKG_DATA_DIR", str(tmp_path))
    assert embedded_store.default_files() == [paths.ONTOLOGY_FILE, tmp_path / "tiny.ttl"]
    assert len(embedded_store.open_store()) == len(embedded_store.open_store([paths.ONTOLOGY_FILE])) + 4
    code, out, _ = run_cli(capsys, "questions", "cq-signatories")
    assert code == 0 and out.rstrip().endswith("0 rows"), out


@pytest.mark.parametrize("folder", ["empty", "missing"])
def test_a_data_folder_without_data_is_refused_not_answered_from(tmp_path, monkeypatch, capsys, folder):
    """An empty or mistyped $PACTKG_DATA_DIR would leave the ontology alone: one message, exit 2, no answers."""
    data = tmp_path / folder
    if folder == "empty":
        data.mkdir()
    monkeypatch.setenv("PACTKG_DATA_DIR", str(data))
    with pytest.raises(embedded_store.StoreLoadError, match="no data files"):
        embedded_store.open_store()
    code, out, err = run_cli(capsys, "questions", "cq-signatories")
    assert code == 2 and out == "" and err.startswith(f"error: {data}: no data files (*.ttl)"), err


# ---- output formats ---------------------------------------------------------------------------------


def test_table_uses_prefixed_names_and_language_tags(capsys, tiny_dump):
    code, out, err = run_cli(capsys, "query", Q_LABELS, "--dump", str(tiny_dump))
    assert code == 0, err
    assert "lvd:signing-of-the-pact" in out
    assert "Pakta parakstīšana @lv" in out and "Signing of the pact @en" in out
    assert out.rstrip().endswith("2 rows")


def test_csv_is_the_sparql_csv_format(capsys, tiny_dump):
    code, out, _ = run_cli(capsys, "query", Q_LABELS, "--dump", str(tiny_dump), "--format", "csv")
    assert code == 0
    assert out == ("s,label\r\n"
                   "https://w3id.org/lv-pact-1939/id/signing-of-the-pact,Pakta parakstīšana\r\n"
                   "https://w3id.org/lv-pact-1939/id/signing-of-the-pact,Signing of the pact\r\n")


def test_tsv_keeps_types_and_languages(capsys, tiny_dump):
    q = 'PREFIX lvp: <https://w3id.org/lv-pact-1939/ontology#> SELECT ?d WHERE { ?s lvp:date ?d }'
    code, out, _ = run_cli(capsys, "query", q, "--dump", str(tiny_dump), "--format", "tsv")
    assert code == 0
    assert out == '?d\n"1939-10-05"^^<http://www.w3.org/2001/XMLSchema#date>\n'


def test_json_is_sparql_json_and_round_trips(capsys, tiny_dump):
    code, out, _ = run_cli(capsys, "query", Q_LABELS, "--dump", str(tiny_dump), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["head"]["vars"] == ["s", "label"]
    assert data["results"]["bindings"][0]["label"] == {"type": "literal", "value": "Pakta parakstīšana",
                                                       "xml:lang": "lv"}
    again = Results.from_sparql_json(data)
    direct = embedded_store.run(embedded_store.open_dump(tiny_dump), Q_LABELS)
    assert again.rows == direct.rows


def test_ask_prints_yes_or_no(capsys, tiny_dump):
    code, out, _ = run_cli(capsys, "query", "ASK { ?s ?p ?o }", "--dump", str(tiny_dump))
    assert (code, out) == (0, "yes\n")


def test_query_from_a_file_and_from_stdin(tmp_path, tiny_dump, monkeypatch, capsys):
    f = tmp_path / "q.rq"
    f.write_text(Q_LABELS, encoding="utf-8")
    assert read_query(str(f)) == (str(f), Q_LABELS)
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(Q_LABELS))
    code, out, _ = run_cli(capsys, "query", "-", "--dump", str(tiny_dump), "--format", "csv")
    assert code == 0 and out.count("\r\n") == 3


def test_plain_literals_from_json_equal_xsd_strings_from_the_store():
    a = Results.from_sparql_json({"head": {"vars": ["x"]},
                                  "results": {"bindings": [{"x": {"type": "literal", "value": "v"}}]}})
    assert a.rows[0][0] == Term.literal("v", "http://www.w3.org/2001/XMLSchema#string")


# ---- bad input ------------------------------------------------------------------------------------


def test_syntax_error_names_the_file_line_and_column(tmp_path, capsys):
    f = tmp_path / "broken.rq"
    f.write_text("SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "query", str(f))
    assert code == 2 and out == ""
    assert f"{f}, line 3, column 3: SPARQL syntax error" in err  # the clause that does not parse
    assert "FILTER(?o = )" in err  # the offending line is shown
    assert "Traceback" not in err


def test_syntax_error_position_from_the_parser(capsys):
    code, _, err = run_cli(capsys, "query", "SELECT ?s WHERE {\n  ?s ?p ?o .\n} ORDER ?s\n")
    assert code == 2
    assert "query, line 3, column 11: SPARQL syntax error: expected BY" in err


def test_unknown_prefix_says_which(tmp_path, capsys):
    f = tmp_path / "prefix.rq"
    f.write_text("PREFIX lvp: <https://w3id.org/lv-pact-1939/ontology#>\nSELECT ?x WHERE {\n"
                 "  ?x a lvp:Signing ; foo:bar ?y .\n}\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "query", str(f))
    assert code == 2
    assert f"{f}, line 3, column 22: unknown prefix 'foo:'" in err


def test_unknown_project_prefix_suggests_its_declaration(capsys):
    code, _, err = run_cli(capsys, "query", "SELECT ?s WHERE { ?s a lvp:Signing }")
    assert code == 2
    assert "unknown prefix 'lvp:'" in err
    assert "PREFIX lvp: <https://w3id.org/lv-pact-1939/ontology#>" in err


def test_prefix_scan_ignores_iris_strings_and_comments():
    text = ('PREFIX a: <http://a/>\n# b:c in a comment\nSELECT * WHERE { ?s <http://x/y:z> "d:e" ; a:p ?o }')
    assert undeclared_prefixes(text) == []


def test_missing_query_file(capsys):
    code, _, err = run_cli(capsys, "query", "queries/no-such-question.rq")
    assert code == 2 and "no such query file" in err


def test_dump_that_does_not_parse_names_file_and_line(tmp_path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix a: <http://a/> .\na:x a:y "open .\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "query", "ASK {}", "--dump", str(bad))
    assert code == 2 and f"{bad}, line 2" in err


# ---- endpoints that fail --------------------------------------------------------------------------


def test_endpoint_down_gives_one_clear_message_and_nonzero_exit():
    url = f"http://127.0.0.1:{free_port()}/query"  # nothing listens there
    proc = subprocess.run(PACTKG + ["query", "ASK {}", "--endpoint", url, "--timeout", "5"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert f"endpoint {url}: cannot connect" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_rate_limited_endpoint_429(capsys, tiny_server):
    with tiny_server(429, b"slow down", {"Retry-After": "30"}) as s:
        code, out, err = run_cli(capsys, "query", "ASK {}", "--endpoint", s.url)
    assert code == 2 and out == ""
    assert "too many requests (HTTP 429)" in err and "wait 30 s" in err


@pytest.mark.parametrize("status", [500, 502, 503])
def test_failing_endpoint_5xx(capsys, tiny_server, status):
    with tiny_server(status, b"backend unavailable") as s:
        code, _, err = run_cli(capsys, "query", "ASK {}", "--endpoint", s.url)
    assert code == 2
    assert f"HTTP {status}" in err and "Traceback" not in err


def test_slow_endpoint_times_out(capsys, tiny_server):
    with tiny_server(200, b'{"head":{},"boolean":true}', delay=3.0) as s:
        code, _, err = run_cli(capsys, "query", "ASK {}", "--endpoint", s.url, "--timeout", "0.5")
    assert code == 2
    assert "no answer within 0.5 s (timed out)" in err


def test_endpoint_that_is_not_sparql(capsys, tiny_server):
    with tiny_server(200, b"<html>hello</html>", {"Content-Type": "text/html"}) as s:
        code, _, err = run_cli(capsys, "query", "ASK {}", "--endpoint", s.url)
    assert code == 2 and "not SPARQL JSON results" in err


def test_embedded_timeout_stops_a_runaway_query():
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    proc = subprocess.run(PACTKG + ["query", q, "--timeout", "0.3"], capture_output=True, text=True,
                          timeout=120, cwd=paths.ROOT)
    assert proc.returncode == 2
    assert "stopped at the 0.3 s time limit" in proc.stderr


def test_query_error_is_a_plain_exception():
    with pytest.raises(QueryError):
        read_query("nothing-here.rq")
