"""Shared fixtures for the query tests: the embedded store over the real data, and tiny HTTP servers."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pactkg.query import embedded_store


@pytest.fixture(scope="session")
def real_store():
    """pyoxigraph over ontology/ + data/, loaded once per test session."""
    return embedded_store.open_store()


class _Handler(BaseHTTPRequestHandler):
    status = 200
    body = b""
    headers_out: dict = {}
    delay = 0.0

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.delay:
            time.sleep(self.delay)
        try:
            self.send_response(self.status)
            for k, v in self.headers_out.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(self.body)))
            self.end_headers()
            self.wfile.write(self.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    do_GET = _answer
    do_POST = _answer

    def log_message(self, *args):  # keep test output clean
        pass


class TinyServer:
    """A real HTTP server on 127.0.0.1 (a free port) that gives one fixed answer to every request."""

    def __init__(self, status: int, body: bytes = b"", headers: dict | None = None, delay: float = 0.0):
        handler = type("H", (_Handler,), {"status": status, "body": body, "headers_out": headers or {},
                                          "delay": delay})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/query"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def tiny_server():
    """Factory: `with tiny_server(429, headers={...}) as s: ... s.url`."""
    return TinyServer


@pytest.fixture(scope="session")
def dump_file(tmp_path_factory):
    """The dump as the build writes it (sources + derived triples), written once per session, unchecked
    (the build's checks have their own tests): what other people's stores load."""
    from pactkg.build import load
    from pactkg.build.dump_graph import dump_graph
    from pactkg.build.turtle_writer import to_turtle
    from pactkg.common.inputs import Inputs

    path = tmp_path_factory.mktemp("dump") / "lv-pact-1939.ttl"
    path.write_text(to_turtle(dump_graph(load.load_graph(Inputs.from_env().graph_files()))), encoding="utf-8")
    return path
