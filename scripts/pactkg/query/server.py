"""The local SPARQL endpoint: the `oxigraph` server (PyPI package `oxigraph`) read-only over the dump.

`pactkg serve` loads the dump into an Oxigraph store directory (once per dump content: a stamp beside the
directory holds the dump's SHA-256) and serves it in the foreground through pactkg.query.guarded_server:
a few `oxigraph serve-read-only` workers behind a front that stops a runaway query at its time and memory
limits and refuses SERVICE. Tests use `running_server()`, which starts one plain worker on a free port and
always stops it. Read-only mode answers SPARQL queries and refuses SPARQL UPDATE.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator

from pactkg.common import checksums
from pactkg.common import paths

DUMP_NAME = "lv-pact-1939.ttl"


class ServerError(Exception):
    """The server could not be prepared or started; the message says why and what to do."""


def oxigraph_binary() -> str:
    """The `oxigraph` CLI installed in this virtualenv (or on PATH)."""
    here = Path(sys.executable).parent / "oxigraph"
    if here.is_file():
        return str(here)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise ServerError("the `oxigraph` program is not installed; run `make venv` (it comes with the PyPI package oxigraph)")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _stamp(location: Path) -> Path:
    return location.parent / (location.name + ".sha256")


def load_store(dump: Path, location: Path) -> bool:
    """Make `location` an Oxigraph store holding exactly `dump`; False when it already did (nothing done).

    Loads into a temporary sibling directory and renames it, so an interrupted load never leaves a
    half-filled store behind.
    """
    dump, location = Path(dump), Path(location)
    if not dump.is_file():
        raise ServerError(f"{dump}: no dump file; build it first with `make build`")
    digest = checksums.sha256(dump)
    stamp = _stamp(location)
    if location.is_dir() and stamp.is_file() and stamp.read_text().strip() == digest:
        return False
    location.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=location.name + ".loading-", dir=location.parent))
    try:
        proc = subprocess.run(
            [oxigraph_binary(), "load", "--location", str(tmp), "--file", str(dump)],
            capture_output=True, text=True,
        )
        if proc.returncode != 0:
            raise ServerError(f"{dump}: oxigraph could not load the dump:\n{proc.stderr.strip()[:2000]}")
        if stamp.exists():
            stamp.unlink()
        if location.exists():
            shutil.rmtree(location)
        os.replace(tmp, location)
        tmp_stamp = stamp.with_name(stamp.name + ".tmp")
        tmp_stamp.write_text(digest + "\n")
        os.replace(tmp_stamp, stamp)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return True


def server_command(location: Path, host: str, port: int, timeout_s: int | None = None) -> list[str]:
    cmd = [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", f"{host}:{port}"]
    if timeout_s:
        cmd += ["--timeout-s", str(int(timeout_s))]
    return cmd


def _ready(base: str) -> bool:
    url = base + "/query?" + urllib.parse.urlencode({"query": "ASK {}"})
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(req, timeout=1) as r:
            return r.status == 200
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


def wait_until_ready(proc: subprocess.Popen, base: str, limit_s: float = 30.0, log: Path | None = None) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            why = log.read_text(errors="replace").strip()[-2000:] if log and log.is_file() else ""
            raise ServerError(f"the oxigraph server exited at start (code {proc.returncode}); "
                              f"is the port in use? {why}")
        if _ready(base):
            return
        time.sleep(0.05)
    raise ServerError(f"the oxigraph server did not answer at {base} within {limit_s:g} s")


def stop(proc: subprocess.Popen) -> None:
    """Stop the server we started: SIGTERM, then SIGKILL if it lingers."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextlib.contextmanager
def running_server(location: Path, host: str = "127.0.0.1", port: int | None = None,
                   log: Path | None = None, timeout_s: int | None = None) -> Iterator[str]:
    """Start `oxigraph serve-read-only` over `location`; yield its base URL; always stop it."""
    port = port or free_port(host)
    base = f"http://{host}:{port}"
    log_file = open(log, "w") if log else subprocess.DEVNULL
    proc = subprocess.Popen(server_command(location, host, port, timeout_s),
                            stdout=log_file, stderr=log_file, stdin=subprocess.DEVNULL)
    try:
        wait_until_ready(proc, base, log=log)
        yield base
    finally:
        stop(proc)
        if log:
            log_file.close()


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (1 to 65535)")
    return value


def _positive(cast):
    def parse(text: str):
        try:
            value = cast(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text} must be more than 0")
        return value

    return parse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dump", type=Path, default=None, help=f"the dump to serve (default: dist/{DUMP_NAME})")
    p.add_argument("--location", type=Path, default=None,
                   help="the Oxigraph store directory (default: dist/oxigraph-store)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    p.add_argument("--port", type=_port, default=7878, help="port (default: 7878)")
    p.add_argument("--timeout-s", type=_positive(float), default=60,
                   help="per-query time limit in seconds; a query past it is stopped (default: 60)")
    p.add_argument("--memory-mb", type=_positive(int), default=512,
                   help="per-query memory limit in MB; a query past it is stopped (default: 512)")
    p.add_argument("--workers", type=_positive(int), default=3,
                   help="queries answered at once; a runaway query holds one until its limit (default: 3)")


def run(args: argparse.Namespace) -> int:
    """Load the store if needed, then serve behind pactkg.query.guarded_server until interrupted."""
    from pactkg.query import guarded_server, process_limits

    dump = args.dump or paths.DIST_DIR / DUMP_NAME
    location = args.location or paths.DEV_DIR / "oxigraph-store"
    base = f"http://{args.host}:{args.port}"

    def ready() -> None:
        print(f"SPARQL endpoint (read-only): {base}/query   query page: {base}/   stop with Ctrl-C\n"
              f"  each query stops at {args.timeout_s:g} s or {args.memory_mb} MB; {args.workers} at a time; "
              "SERVICE is refused", file=sys.stderr, flush=True)

    try:
        if load_store(dump, location):
            print(f"loaded {dump} into {location}", file=sys.stderr)
        limits = process_limits.Limits(timeout_s=float(args.timeout_s), memory_mb=int(args.memory_mb))
        guarded_server.serve(location, args.host, args.port, limits, workers=args.workers, ready=ready)
    except ServerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
