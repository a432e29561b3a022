"""The local SPARQL endpoint behind a guard (issue 10): one query must not take the endpoint down, and no
query may make it send requests to a host the user names.

`pactkg serve` runs a small HTTP front (this module) on the public address and a few `oxigraph
serve-read-only` workers on 127.0.0.1 behind it, all reading the same store directory. The front hands each
request to an idle worker, one request per worker at a time, and watches that worker while it answers
(pactkg.process_limits): past the time limit or the memory bound it kills the worker, answers 503 with a
sentence saying which limit, and starts a fresh worker in its place. The other workers keep answering, so a
runaway query costs one worker for at most the time limit. Oxigraph's own --timeout-s is not used: it
answers the client but leaves the evaluation running.

Before a query reaches a worker, pactkg.service_guard refuses any SERVICE (400). Everything else (the
SPARQL protocol's GET and POST forms, content negotiation, the query page at /) is Oxigraph's, unchanged.
"""

from __future__ import annotations

import ctypes
import http.client
import queue
import signal
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pactkg.query import process_limits as pl
from pactkg.query import service_guard
from pactkg.query.server import ServerError, free_port, oxigraph_binary, stop, wait_until_ready
from pactkg.query.sparql_errors import QueryError

MAX_REQUEST_BYTES = 1_000_000  # a query text; the longest competency question has ~2 kB
MAX_RESPONSE_BYTES = 64_000_000
QUEUE_WAIT_S = 10.0  # how long a request waits for a free worker before 503
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection",
              "content-length", "server", "date"}


def _die_with_parent() -> None:
    """preexec_fn: the worker gets SIGKILL when the front dies, however it dies (Linux prctl)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Worker:
    """One `oxigraph serve-read-only` process on a private port."""

    def __init__(self, location: Path, log: Path | None = None):
        self.location = location
        self.log = log
        self.port = free_port()
        out = open(log, "a") if log else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=out, stderr=out, stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent,
        )
        if log:
            out.close()
        wait_until_ready(self.proc, f"http://127.0.0.1:{self.port}", log=log)

    def stop(self) -> None:
        stop(self.proc)


class WorkerPool:
    def __init__(self, location: Path, size: int, log: Path | None = None):
        self.location, self.log = location, log
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.all: set[Worker] = set()
        self.lock = threading.Lock()
        self.closed = False
        self.to_start: queue.Queue[int] = queue.Queue()
        threading.Thread(target=self._spawner, daemon=True, name="worker-spawner").start()
        for _ in range(size):
            self._add(Worker(location, log))

    def _add(self, w: Worker) -> None:
        with self.lock:
            if self.closed:
                w.stop()
                return
            self.all.add(w)
        self.idle.put(w)

    def acquire(self, wait_s: float) -> Worker | None:
        try:
            return self.idle.get(timeout=wait_s)
        except queue.Empty:
            return None

    def release(self, w: Worker) -> None:
        self.idle.put(w)

    def replace(self, w: Worker) -> None:
        """The worker was killed: reap it and have the spawner start another."""
        with self.lock:
            self.all.discard(w)
        w.stop()
        self.to_start.put(1)

    def _spawner(self) -> None:
        # One long-lived thread starts the replacements: the workers' PR_SET_PDEATHSIG fires when the
        # *thread* that started them ends, so a short-lived thread per restart would kill its worker.
        while True:
            self.to_start.get()
            if self.closed:
                return
            try:
                self._add(Worker(self.location, self.log))
            except ServerError as exc:
                print(f"pactkg serve: could not restart a worker: {exc}", file=sys.stderr)

    def close(self) -> None:
        with self.lock:
            self.closed = True
            workers = list(self.all)
        self.to_start.put(0)
        for w in workers:
            w.stop()


def query_text(method: str, path: str, headers, body: bytes) -> str | None:
    """The SPARQL query of a protocol request (GET ?query=, POST form or POST sparql-query), else None."""
    parts = urllib.parse.urlsplit(path)
    texts = urllib.parse.parse_qs(parts.query, keep_blank_values=True).get("query", [])
    ctype = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if method == "POST" and ctype == "application/x-www-form-urlencoded":
        texts += urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).get("query", [])
    elif method == "POST" and ctype == "application/sparql-query":
        texts.append(body.decode("utf-8", "replace"))
    elif method == "POST" and ctype == "application/sparql-update":
        texts.append(body.decode("utf-8", "replace"))  # read-only refuses it, but a SERVICE is refused here first
    return "\n".join(texts) if texts else None


class Front(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, pool: WorkerPool, limits: pl.Limits, allowed_hosts=()):
        self.pool, self.limits, self.allowed_hosts = pool, limits, tuple(allowed_hosts)
        super().__init__(address, Handler)


class Handler(BaseHTTPRequestHandler):
    server: Front
    server_version = "pactkg-serve"
    timeout = 30  # seconds a client may take to send its request: a silent connection does not hold a thread

    def log_message(self, fmt, *args) -> None:  # quiet: errors only (send_error logs through here too)
        pass

    def _reply(self, code: int, text: str) -> None:
        data = (text.rstrip("\n") + "\n").encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _handle(self) -> None:
        self.close_connection = True
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            # The query would be in a body read by no one here, so it could not be checked: ask for a length.
            self._reply(411, "Send the request with a Content-Length (chunked request bodies are not accepted).")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self._reply(400, "The Content-Length header is not a number.")
            return
        if length > MAX_REQUEST_BYTES:
            self._reply(413, f"The request has {length} bytes; at most {MAX_REQUEST_BYTES} are accepted.")
            return
        body = self.rfile.read(length) if length else b""
        text = query_text(self.command, self.path, self.headers, body)
        if text is not None:
            try:
                service_guard.check(text, "query", self.server.allowed_hosts)
            except QueryError as exc:
                self._reply(400, str(exc))
                return
        worker = self.server.pool.acquire(QUEUE_WAIT_S)
        if worker is None:
            self._reply(503, f"Every worker has been busy for {QUEUE_WAIT_S:g} s; try again shortly.")
            return
        self._forward(worker, body)

    def _forward(self, worker: Worker, body: bytes) -> None:
        limits = self.server.limits
        watch = pl.Watch(worker.proc.pid, limits)
        box: dict = {}

        def exchange() -> None:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", worker.port, timeout=limits.timeout_s + 5)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | {"host"}}
                headers["Content-Length"] = str(len(body))
                conn.request(self.command, self.path, body=body if body or self.command == "POST" else None,
                             headers=headers)
                resp = conn.getresponse()
                data = resp.read(MAX_RESPONSE_BYTES + 1)
                box["answer"] = (resp.status, resp.reason, resp.getheaders(), data)
                conn.close()
            except (OSError, http.client.HTTPException) as exc:
                box["error"] = exc

        t = threading.Thread(target=exchange, daemon=True)
        t.start()
        while t.is_alive():
            t.join(pl.POLL_S)
            if t.is_alive() and watch.check():
                break
        if watch.stopped:
            self.server.pool.replace(worker)
            self._reply(503, watch.message("query"))
            return
        if "error" in box or worker.proc.poll() is not None:
            self.server.pool.replace(worker)
            self._reply(503, "The query's worker failed while answering (it may have run out of memory); "
                             "it has been restarted. Make the query more selective.")
            return
        self.server.pool.release(worker)
        status, reason, headers, data = box["answer"]
        if len(data) > MAX_RESPONSE_BYTES:
            self._reply(503, f"The answer is larger than {MAX_RESPONSE_BYTES} bytes; add a LIMIT.")
            return
        self.send_response(status, reason)
        for k, v in headers:
            if k.lower() not in HOP_BY_HOP:
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = do_OPTIONS = _handle


def serve(location: Path, host: str, port: int, limits: pl.Limits, workers: int = 3,
          allowed_hosts=(), ready=None, log: Path | None = None) -> None:
    """Serve until interrupted (SIGINT or SIGTERM); stop every worker on the way out."""
    try:
        front = Front((host, port), None, limits, allowed_hosts)  # bind first: a busy port fails fast
    except OSError as exc:
        raise ServerError(f"cannot listen on {host}:{port} ({exc.strerror}); "
                          "choose another port, e.g. `make serve PORT=7879`") from exc
    pool = None
    try:
        pool = WorkerPool(location, workers, log)
        front.pool = pool
        if ready:
            ready()

        def on_term(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, on_term)
        front.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        front.server_close()
        if pool:
            pool.close()
