"""The real local SPARQL server: `oxigraph serve-read-only` over the published dump, started on a free port on
127.0.0.1 and always stopped. The whole competency suite through SPARQLWrapper must answer exactly as the
embedded store does; updates must be refused; the query page must be served. No mocks.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from pactkg.build import pipeline
from pactkg.query import competency_questions
from pactkg.query import remote_endpoint
from pactkg.query import server
from pactkg.query import embedded_store
from pactkg.query.competency_questions import load_questions
from pactkg.query.results import compare
from pactkg.query.sparql_errors import QueryError

QUESTIONS = load_questions()


@pytest.fixture(scope="module")
def dump(tmp_path_factory) -> Path:
    """The dump exactly as `make build` writes it (validated, QC-checked), served by the real server below."""
    return pipeline.build(tmp_path_factory.mktemp("build") / "dist", log=lambda _text: None)


@pytest.fixture(scope="module")
def endpoint_url(dump, tmp_path_factory):
    """A running read-only oxigraph server over the dump; stopped at teardown, also when a test fails."""
    work = tmp_path_factory.mktemp("oxigraph")
    location = work / "store"
    server.load_store(dump, location)
    with server.running_server(location, log=work / "server.log") as base:
        yield base + "/query"


@pytest.fixture(scope="module")
def dump_store(dump):
    return embedded_store.open_dump(dump)


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_server_answers_like_the_embedded_store(q, endpoint_url, dump_store, real_store):
    remote = remote_endpoint.query(endpoint_url, q.text, str(q.path), timeout=30)
    for local in (competency_questions.answer(q, store=dump_store), competency_questions.answer(q, store=real_store)):
        assert remote.variables == local.variables
        assert compare(remote, local, ordered=q.ordered) == []
        if q.ordered:
            assert remote.rows == local.rows


def test_construct_through_the_server(endpoint_url, dump_store):
    text = ("PREFIX lvp: <https://w3id.org/lv-pact-1939/ontology#>\n"
            "CONSTRUCT { ?s lvp:signatory ?p } WHERE { ?s lvp:signatory ?p }")
    remote = remote_endpoint.query(endpoint_url, text)
    local = embedded_store.run(dump_store, text)
    assert remote.kind == local.kind == "graph"
    assert sorted(remote.rows) == sorted(local.rows) and len(remote.rows) == 2


def test_update_is_refused(endpoint_url):
    from SPARQLWrapper import POST, SPARQLWrapper

    base = endpoint_url.rsplit("/", 1)[0]
    insert = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    sw = SPARQLWrapper(endpoint_url, updateEndpoint=base + "/update")
    sw.setMethod(POST)
    sw.setQuery(insert)
    with pytest.raises(urllib.error.HTTPError) as err:
        sw.query()
    assert err.value.code == 403
    # A raw SPARQL UPDATE POST, and a Graph Store write, are refused too.
    for path, ctype, body in (("/update", "application/sparql-update", insert),
                              ("/store?default", "text/turtle", "<urn:x:a> <urn:x:b> <urn:x:c> .")):
        req = urllib.request.Request(base + path, data=body.encode(), headers={"Content-Type": ctype},
                                     method="POST")
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=10)
        assert err.value.code == 403
    assert remote_endpoint.query(endpoint_url, "ASK { <urn:x:a> ?p ?o }").boolean is False


def test_query_page_is_served_with_its_scripts(endpoint_url):
    base = endpoint_url.rsplit("/", 1)[0]
    with urllib.request.urlopen(base + "/", timeout=10) as r:
        page = r.read().decode("utf-8")
        assert r.status == 200 and r.headers.get_content_type() == "text/html"
    assert "Yasgui" in page and "yasgui.min.js" in page
    # The page's script is served by the server itself (works offline).
    with urllib.request.urlopen(base + "/yasgui.min.js", timeout=10) as r:
        assert r.status == 200 and len(r.read()) > 10_000


def test_malformed_query_is_reported_with_the_servers_reason(endpoint_url):
    with pytest.raises(QueryError) as err:
        remote_endpoint.query(endpoint_url, "SELECT ?s WHERE { ?s ?p }", "q.rq")
    text = str(err.value)
    assert "rejected the query as malformed (HTTP 400)" in text and "error at 1:" in text


def test_cli_prints_the_same_table_from_server_and_store(endpoint_url, dump, capsys):
    from pactkg import cli

    q = "queries/cq-signatories.rq"
    assert cli.main(["query", str(competency_questions.paths.ROOT / q), "--endpoint", endpoint_url]) == 0
    remote = capsys.readouterr().out
    assert cli.main(["query", str(competency_questions.paths.ROOT / q), "--dump", str(dump)]) == 0
    local = capsys.readouterr().out
    assert remote == local and "Vilhelms Munters" in remote


def test_pactkg_serve_runs_the_server_and_stops_cleanly(dump, tmp_path):
    """`pactkg serve` (what `make serve` runs): loads the store, serves, and dies with its process."""
    port = server.free_port()
    location = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-m", "pactkg.cli", "serve", "--dump", str(dump),
                             "--location", str(location), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        server.wait_until_ready(proc, f"http://127.0.0.1:{port}", limit_s=60)
        answer = remote_endpoint.query(f"http://127.0.0.1:{port}/query",
                                "PREFIX lvp: <https://w3id.org/lv-pact-1939/ontology#>\n"
                                "SELECT (COUNT(*) AS ?n) WHERE { ?s lvp:signatory ?p }")
        assert answer.rows[0][0].value == "2"
        assert (location.parent / (location.name + ".sha256")).is_file()
    finally:
        server.stop(proc)
        proc.stderr.close()
    assert proc.returncode is not None


def test_serve_refuses_a_busy_port(dump, tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "pactkg.cli", "serve", "--dump", str(dump),
                               "--location", str(tmp_path / "store"), "--port", str(port)],
                              capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in proc.stderr and "PORT=" in proc.stderr


def test_store_is_loaded_once_per_dump_content(dump, tmp_path):
    location = tmp_path / "store"
    assert server.load_store(dump, location) is True
    assert server.load_store(dump, location) is False
    copy = tmp_path / "other.ttl"
    copy.write_text(dump.read_text(encoding="utf-8") + "\n<urn:x:a> <urn:x:b> <urn:x:c> .\n", encoding="utf-8")
    assert server.load_store(copy, location) is True


def test_missing_dump_says_how_to_make_it(tmp_path):
    with pytest.raises(server.ServerError, match="make build"):
        server.load_store(tmp_path / "nothing.ttl", tmp_path / "store")


def test_undeclared_prefix_at_an_endpoint_is_named(endpoint_url):
    with pytest.raises(QueryError) as err:
        from pactkg.query.ask import execute

        execute("SELECT ?s WHERE {\n  ?s a lvp:Signing }", "q.rq", endpoint=endpoint_url)
    text = str(err.value)
    assert "HTTP 400" in text and "line 2, column 8 uses the prefix 'lvp:' without declaring it" in text
