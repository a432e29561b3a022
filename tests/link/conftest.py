"""Servers for the linking tests, all on 127.0.0.1 and stopped afterwards (also on failure).

- `wdqs_fixture`: a real `oxigraph serve` process loaded with fixtures/wikidata-fixture.ttl: a stand-in for
  the Wikidata Query Service that the reconciler, the link check, the QuickStatements generator and the
  federated queries talk to unchanged (only the endpoint URL differs).
- `fault_server`: a small http.server in a thread that answers from a script (429 with Retry-After, 500,
  slow, malformed JSON, empty 200, or a good answer) and records what it was sent.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pactkg.query import server

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "wikidata-fixture.ttl"
CASES = HERE / "cases"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph() -> str:
    here = Path(sys.executable).parent / "oxigraph"
    if here.exists():
        return str(here)
    found = shutil.which("oxigraph")
    if not found:
        pytest.fail("the `oxigraph` server is not installed (pip package oxigraph, pinned in requirements.txt)")
    return found


@pytest.fixture(scope="session")
def wdqs_fixture():
    """URL of the SPARQL query endpoint of a local oxigraph server loaded with the Wikidata-shaped fixture."""
    last_err = None
    for _ in range(3):
        port = _free_port()
        proc = subprocess.Popen(
            [_oxigraph(), "serve", "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                if proc.poll() is not None:
                    break
                try:
                    urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.05)
            if proc.poll() is not None:
                last_err = proc.stderr.read().decode("utf-8", "replace")
                continue
            req = urllib.request.Request(
                base + "/store?default", data=FIXTURE.read_bytes(), method="POST",
                headers={"Content-Type": "text/turtle"},
            )
            urllib.request.urlopen(req, timeout=30).read()
            yield base + "/query"
            return
        finally:
            server.stop(proc)
    pytest.fail(f"could not start the oxigraph server: {last_err}")


GOOD_BODY = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "ok"}}]}})


class FaultServer:
    """Answers each request with the next step of `script` (the last step repeats). Steps:
    ("ok", body) · ("status", code, headers, body) · ("slow", seconds, body) · ("raw", bytes) ·
    ("trickle", seconds, body): the headers at once, then the body one byte every `seconds`."""

    def __init__(self):
        self.script: list[tuple] = [("ok", GOOD_BODY)]
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):  # quiet
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with server._lock:
                    server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                    step = server.script.pop(0) if len(server.script) > 1 else server.script[0]
                kind = step[0]
                if kind == "slow":
                    time.sleep(step[1])
                    step = ("ok", step[2])
                    kind = "ok"
                if kind == "trickle":
                    data = step[2].encode("utf-8")
                    try:
                        self.send_response(200)
                        self.send_header("Content-Type", "application/sparql-results+json")
                        self.send_header("Content-Length", str(len(data)))
                        self.end_headers()
                        for i in range(len(data)):
                            self.wfile.write(data[i:i + 1])
                            self.wfile.flush()
                            time.sleep(step[1])
                    except (BrokenPipeError, ConnectionResetError):
                        pass  # the client gave up (the deadline test)
                    return
                if kind == "ok":
                    data = step[1].encode("utf-8")
                    code, headers = 200, {"Content-Type": "application/sparql-results+json"}
                elif kind == "status":
                    code, headers, data = step[1], step[2], step[3].encode("utf-8")
                elif kind == "raw":
                    code, headers, data = 200, {"Content-Type": "application/sparql-results+json"}, step[1]
                else:
                    raise AssertionError(kind)
                try:
                    self.send_response(code)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            do_GET = _answer
            do_POST = _answer

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def fault_server():
    fs = FaultServer()
    try:
        yield fs
    finally:
        fs.close()


@pytest.fixture
def repo_env(tmp_path, monkeypatch):
    """Run CLI commands with outputs under tmp_path (never the repo's dist/)."""
    monkeypatch.setenv("PACTKG_DIST", str(tmp_path / "dist"))
    return tmp_path
