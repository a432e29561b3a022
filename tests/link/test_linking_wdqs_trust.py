"""Only Wikidata's own, complete, well-shaped answer is trusted (issue 10, items 10-12): a redirect to another
host is refused (its answer would be taken for Wikidata's), an answer with other variables than asked is a
failure, a server that trickles bytes is cut off at the request's deadline, a run has a deadline of its own,
a failed run leaves the previous output as it was, and the make targets follow the documented settings.
"""

from __future__ import annotations

import json
import subprocess
import time

import pytest

from pactkg import cli
from pactkg.common import paths
from pactkg.link import wdqs_client as wdqs

from .conftest import GOOD_BODY, FaultServer


def client(url, **kw):
    waits = []
    opts = dict(pause=0, backoff=0.01, max_attempts=3, timeout=5, log=lambda m: None)
    opts.update(kw)
    return wdqs.WdqsClient(endpoint=url, sleep=waits.append, **opts), waits


@pytest.fixture
def other_host():
    """A second server, reached as 'localhost' (another host name than the first one's 127.0.0.1)."""
    fs = FaultServer()
    fs.url = fs.url.replace("127.0.0.1", "localhost")
    try:
        yield fs
    finally:
        fs.close()


def test_redirect_to_another_host_is_refused_and_not_followed(fault_server, other_host):
    fault_server.script = [("status", 302, {"Location": other_host.url}, "")]
    c, _ = client(fault_server.url)
    with pytest.raises(wdqs.WdqsError, match=r"redirected the query to http://localhost:\d+/sparql \(HTTP 302\), "
                                             r"another host: refused"):
        c.select("SELECT ?x WHERE {}")
    assert len(fault_server.requests) == 1, "not retried"
    assert other_host.requests == [], "never sent to the other host"


def test_redirect_on_the_same_host_is_followed_with_the_query(fault_server):
    moved = fault_server.url.replace("/sparql", "/moved")
    fault_server.script = [("status", 307, {"Location": moved}, ""), ("ok", GOOD_BODY)]
    c, _ = client(fault_server.url)
    assert c.select("SELECT ?x WHERE {}")[0]["x"]["value"] == "ok"
    assert fault_server.requests[1]["path"] == "/moved" and b"query=SELECT" in fault_server.requests[1]["body"]


@pytest.mark.parametrize("body, words", [
    ({"head": {"vars": ["y"]}, "results": {"bindings": [{"y": {"type": "literal", "value": "1"}}]}},
     r"the answer's variables \(\?y\) are not the ones asked for \(\?x\)"),
    ({"head": {"vars": []}, "results": {"bindings": []}}, r"the answer's variables \(none\) are not the ones asked for"),
    ({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1"},
                                                           "z": {"type": "literal", "value": "2"}}]}},
     r"binds variables not asked for \(\?z\)"),
])
def test_answer_of_the_wrong_shape_is_a_failure(fault_server, body, words):
    fault_server.script = [("ok", json.dumps(body))]
    c, _ = client(fault_server.url)
    with pytest.raises(wdqs.WdqsError, match=words):
        c.select("SELECT ?x WHERE {}")


@pytest.mark.parametrize("query, expected", [
    ("SELECT ?x WHERE {}", ["x"]),
    ("PREFIX a: <http://a/>\nSELECT DISTINCT ?item ?label (COUNT(?s) AS ?n) WHERE { }", ["item", "label", "n"]),
    ("SELECT * WHERE { ?s ?p ?o }", None),
    ("SELECT ?item (SAMPLE(?l) AS ?label)\nWHERE { ?item ?p ?l } GROUP BY ?item", ["item", "label"]),
])
def test_projected_variables(query, expected):
    assert wdqs.projected_variables(query) == expected


def test_a_trickling_server_is_cut_off_at_the_deadline(fault_server):
    """One byte every 0.3 s (~30 s for the whole answer): each read is quick, the request is not."""
    fault_server.script = [("trickle", 0.3, GOOD_BODY)]
    c, _ = client(fault_server.url, timeout=1.0, max_attempts=1)
    t0 = time.monotonic()
    with pytest.raises(wdqs.WdqsError, match="no answer within 1 s"):
        c.select("SELECT ?x WHERE {}")
    assert time.monotonic() - t0 < 10


def test_the_run_has_a_deadline(fault_server):
    fault_server.script = [("status", 503, {}, "busy")]
    c, waits = client(fault_server.url, deadline=0.5, backoff=5.0, max_attempts=10)
    with pytest.raises(wdqs.WdqsError, match=r"the run's deadline of 0.5 s has passed; last problem: HTTP 503.*"
                                             r"Nothing was written"):
        c.select("SELECT ?x WHERE {}")
    assert waits == [] and len(fault_server.requests) == 1


@pytest.mark.parametrize("command, out_name", [("link-check", "link-check.tsv"), ("quickstatements", "wikidata.qs")])
def test_a_refused_answer_leaves_the_previous_output(fault_server, other_host, repo_env, capsys, command, out_name):
    other_host.script = [("ok", json.dumps({"head": {"vars": []}, "results": {"bindings": []}}))]
    fault_server.script = [("status", 302, {"Location": other_host.url}, "")]
    out = repo_env / "out" / out_name
    out.parent.mkdir()
    out.write_text("the previous run's output\n")
    code = cli.main([command, "--endpoint", fault_server.url, "--pause", "0", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 3 and "another host: refused" in err and "Traceback" not in err
    assert out.read_text() == "the previous run's output\n"


@pytest.mark.parametrize("contact", ["me@example.org\r\nX-Injected: 1", "tab\there"])
def test_control_characters_in_the_contact_are_refused(repo_env, capsys, contact):
    code = cli.main(["link-check", "--endpoint", "http://127.0.0.1:9/sparql", "--contact", contact,
                     "--out", str(repo_env / "x.tsv")])
    err = capsys.readouterr().err
    assert code == 3 and "must be one line of printable text" in err and "Traceback" not in err


def test_make_targets_follow_the_environment_settings():
    env = {"PACTKG_WDQS_ENDPOINT": "http://127.0.0.1:9/sparql", "PACTKG_CONTACT": "mailto:tester@example.org",
           "PATH": "/usr/bin:/bin"}
    for target in ("link", "link-check", "quickstatements"):
        proc = subprocess.run(["make", "-n", target], cwd=paths.ROOT, env=env, capture_output=True, text=True,
                              timeout=60)
        line = [x for x in proc.stdout.splitlines() if f"pactkg {target}" in x]
        assert line, proc.stdout + proc.stderr
        assert "--endpoint 'http://127.0.0.1:9/sparql'" in line[0]
        assert "--contact 'mailto:tester@example.org'" in line[0]


def test_a_quote_in_the_article_url_is_named_before_any_request(fault_server, repo_env, monkeypatch, capsys):
    import re
    import shutil

    data = repo_env / "data"
    shutil.copytree(paths.DATA_DIR, data)
    sources = data / "sources.ttl"
    text = sources.read_text(encoding="utf-8")
    text, n = re.subn(r'(lvd:source-lvwiki-article a .*?lvp:url ")(https?://[^"]*)(")',
                      lambda m: m.group(1) + m.group(2) + '\\"x' + m.group(3), text, count=1, flags=re.S)
    assert n == 1
    sources.write_text(text, encoding="utf-8")
    monkeypatch.setenv("PACTKG_DATA_DIR", str(data))
    out = repo_env / "out.qs"
    code = cli.main(["quickstatements", "--endpoint", fault_server.url, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "cannot be a QuickStatements reference URL" in err and "Traceback" not in err
    assert fault_server.requests == [] and not out.exists()
