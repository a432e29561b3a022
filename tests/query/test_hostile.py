"""Queries that must not hurt (issue 10): a SERVICE to a host the user names is refused before anything is
sent, and a runaway query is stopped at its time or memory limit, on the embedded store (`pactkg query`) and
behind `pactkg serve`, whose other workers keep answering meanwhile. One query per file in hostile/.

The graph is synthetic (2 000 triples): big enough that a cartesian product never ends and a sorted one
outgrows any memory bound, small enough to load in milliseconds.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from pactkg import cli
from pactkg.query import server

HOSTILE = Path(__file__).parent / "hostile"
CASES = sorted(HOSTILE.glob("*.rq"))
SIMPLE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def header(path: Path, key: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(rf"^# {key}: (.*)$", path.read_text(encoding="utf-8"), re.M)]


@pytest.fixture(scope="module")
def synthetic_dump(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "synthetic.nt"
    path.write_text("".join(f'<urn:x:s{i}> <urn:x:p{i % 7}> "{i}" .\n' for i in range(2000)), encoding="utf-8")
    return path


def time_limit(path: Path, default: int) -> int:
    """A case's `# timeout:` header: a memory case needs time to reach its bound on a busy machine, or the
    time limit would stop it first and the test would check the wrong guard."""
    given = header(path, "timeout")
    return int(given[0]) if given else default


def _serve(dump: Path, location: Path, timeout_s: int):
    """`pactkg serve` over the synthetic graph: the time limit given, 200 MB, two workers."""
    port = server.free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pactkg.cli", "serve", "--dump", str(dump), "--location", str(location),
         "--port", str(port), "--timeout-s", str(timeout_s), "--memory-mb", "200", "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        server.wait_until_ready(proc, base, limit_s=60)
        yield base, proc
    finally:
        server.stop(proc)
        proc.stderr.close()


@pytest.fixture(scope="module")
def guarded(synthetic_dump, tmp_path_factory):
    """The server with a 3 s limit; stopped (with its workers) at the end."""
    yield from _serve(synthetic_dump, tmp_path_factory.mktemp("hostile-store") / "store", 3)


@pytest.fixture(scope="module")
def guarded_long(synthetic_dump, tmp_path_factory):
    """The server with a 120 s time limit, for the cases that must meet the memory limit first."""
    yield from _serve(synthetic_dump, tmp_path_factory.mktemp("hostile-store-long") / "store", 120)


def ask(base: str, query: str, timeout: float = 30) -> tuple[int, str]:
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(base + "/query", data=data, headers={"Accept": "text/csv"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_there_are_cases():
    assert any(p.stem.startswith("service") for p in CASES) and any(p.stem.startswith("runaway") for p in CASES)


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_embedded_store_refuses_or_stops(case, synthetic_dump, capsys):
    if header(case, "via") == ["server"]:
        pytest.skip("a server-only case")
    seconds = time_limit(case, 2)
    code = cli.main(["query", str(case), "--dump", str(synthetic_dump), "--timeout", str(seconds), "--memory-mb", "200"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    for pattern in header(case, "expect"):
        assert re.search(pattern, err), f"{pattern!r} not in:\n{err}"
    assert "Traceback" not in err


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_server_refuses_or_stops(case, request):
    if header(case, "via") == ["embedded"]:
        pytest.skip("an embedded-only case")
    base, _ = request.getfixturevalue("guarded_long" if time_limit(case, 3) > 3 else "guarded")
    status, body = ask(base, case.read_text(encoding="utf-8"))
    assert status in (400, 503), body
    for pattern in header(case, "expect"):
        assert re.search(pattern, body), f"{pattern!r} not in:\n{body}"
    assert ask(base, SIMPLE)[0] == 200, "the endpoint must answer again after the case"


def test_a_second_client_is_answered_while_a_runaway_runs(guarded):
    base, _ = guarded
    runaway = HOSTILE / "runaway-cartesian-count.rq"
    outcome = {}
    t = threading.Thread(target=lambda: outcome.update(r=ask(base, runaway.read_text(encoding="utf-8"))))
    t.start()
    time.sleep(0.5)
    answers = []
    while t.is_alive() and len(answers) < 20:
        answers.append(ask(base, SIMPLE, timeout=10))
        time.sleep(0.05)
    t.join(30)
    assert answers and all(status == 200 and "2000" in body for status, body in answers)
    assert outcome["r"][0] == 503 and "time limit" in outcome["r"][1]


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def test_workers_end_with_the_server(synthetic_dump, tmp_path):
    port = server.free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pactkg.cli", "serve", "--dump", str(synthetic_dump),
                             "--location", str(tmp_path / "store"), "--port", str(port), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        server.wait_until_ready(proc, f"http://127.0.0.1:{port}", limit_s=60)
        workers = _children(proc.pid)
        assert len(workers) == 2
    finally:
        server.stop(proc)
    time.sleep(0.5)
    assert not [w for w in workers if Path(f"/proc/{w}").exists() and "oxigraph" in Path(f"/proc/{w}/cmdline").read_text(errors="replace")]


def test_control_characters_never_reach_the_terminal_raw(tmp_path, capsys):
    data = tmp_path / "escape.ttl"
    data.write_text('<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "R\\u001B[31m\\u0007iga\\u009B" .\n',
                    encoding="utf-8")
    assert cli.main(["query", "SELECT ?l WHERE { ?s ?p ?l }", "--dump", str(data)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "R\\u001b[31m\\u0007iga\\u009b" in out


@pytest.mark.parametrize("args, words", [
    (["query", "ASK {}", "--endpoint", "not a url"], "not an http:// or https:// URL"),
    (["query", "ASK {}", "--endpoint", "http://127.0.0.1:99999/query"], "the port is not a number from 1 to 65535"),
    (["query", "ASK {}", "--memory-mb", "0"], "--memory-mb must be a positive number"),
])
def test_bad_arguments_get_a_sentence(args, words, capsys):
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_serve_refuses_a_port_out_of_range():
    proc = subprocess.run([sys.executable, "-m", "pactkg.cli", "serve", "--port", "99999"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "99999 is not a port number (1 to 65535)" in proc.stderr and "Traceback" not in proc.stderr


def test_a_chunked_body_is_not_passed_on_unchecked(guarded):
    """A query in a chunked body could not be checked for SERVICE before it runs: 411, never forwarded."""
    import http.client

    base, _ = guarded
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    body = (HOSTILE / "service-any-host.rq").read_bytes()
    conn.putrequest("POST", "/query")
    conn.putheader("Content-Type", "application/sparql-query")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    conn.send(f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n")
    resp = conn.getresponse()
    assert resp.status == 411 and b"Content-Length" in resp.read()
    conn.close()
