"""Benchmark of the endpoint under a runaway query (issue 10, item 7): a benchmark, not a test; it prints figures.

    .venv/bin/python bench/runaway_bench.py [--dump dist/lv-pact-1939.ttl] [--timeout-s 10] [--memory-mb 512]
        [--workers 3] [--raw] [--only "cartesian COUNT"|"ORDER BY"]

Starts `pactkg serve` over the dump on a free port (or, with --raw, the plain `oxigraph serve-read-only` with
--timeout-s, as `pactkg serve` ran before), then for each runaway query (a COUNT over a four-way cartesian
product; an ORDER BY over a three-way one) sends it from one client while a second client asks a simple
query (COUNT of all triples) every 20 ms, until the runaway has been answered and 3 s more. Prints, per
runaway: its answer (status, after how long), the second client's latency (n, p50, p95, p99, max, failures),
the CPU the server's processes used in the 3 s after the runaway's answer (0 if it was really stopped), and
the server's largest resident memory seen. A baseline without a runaway comes first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from pactkg.query import server  # noqa: E402

SIMPLE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAYS = {
    "cartesian COUNT": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    "ORDER BY": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i",
}
TICK = os.sysconf("SC_CLK_TCK")


def ask(base: str, query: str, timeout: float = 600) -> tuple[int, float]:
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(base + "/query", data=data, headers={"Accept": "text/csv"})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    except (urllib.error.URLError, OSError):
        status = 0
    return status, time.perf_counter() - t0


def tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except OSError:
            pass
    return out


def cpu_s(pids: list[int]) -> float:
    total = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / TICK


def rss_mb(pids: list[int]) -> float:
    total = 0
    for p in pids:
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            pass
    return total / 2**20


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def measure(base: str, pid: int, runaway: str | None, settle_s: float = 3.0, give_up_s: float = 600) -> None:
    latencies, failures, peak = [], 0, 0.0
    outcome: dict = {}
    if runaway:
        t = threading.Thread(target=lambda: outcome.update(r=ask(base, runaway, timeout=give_up_s)), daemon=True)
        t.start()
    else:
        t = None
    start = time.perf_counter()
    answered_at = None
    cpu_at_answer = None
    while True:
        status, dt = ask(base, SIMPLE, timeout=120)
        if status == 200:
            latencies.append(dt)
        else:
            failures += 1
        peak = max(peak, rss_mb(tree(pid)))
        if t is None and time.perf_counter() - start > settle_s:
            break
        if t is not None and not t.is_alive():
            if answered_at is None:
                answered_at = time.perf_counter()
                cpu_at_answer = cpu_s(tree(pid))
            elif time.perf_counter() - answered_at > settle_s:
                break
        time.sleep(0.02)
    if t is not None:
        status, took = outcome["r"]
        after = cpu_s(tree(pid)) - cpu_at_answer
        said = f"HTTP {status}" if status else "no answer (the client gave up)"
        print(f"  runaway: {said} after {took:.1f} s; server CPU in the {settle_s:g} s after: {after:.2f} s")
    ms = [x * 1000 for x in latencies]
    print(f"  second client: n={len(ms)} p50={statistics.median(ms):.1f} ms p95={pct(ms, .95):.1f} ms "
          f"p99={pct(ms, .99):.1f} ms max={max(ms):.1f} ms failures={failures}; server peak RSS {peak:.0f} MB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dump", type=Path, default=ROOT / "dist" / "lv-pact-1939.ttl")
    ap.add_argument("--timeout-s", type=int, default=10)
    ap.add_argument("--memory-mb", type=int, default=512)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--raw", action="store_true", help="the plain oxigraph server (before issue 10), for comparison")
    ap.add_argument("--only", choices=sorted(RUNAWAYS), help="run only this runaway query")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        location = Path(tmp) / "store"
        server.load_store(args.dump, location)
        port = server.free_port()
        if args.raw:
            cmd = server.server_command(location, "127.0.0.1", port, args.timeout_s)
        else:
            cmd = [sys.executable, "-m", "pactkg.cli", "serve", "--dump", str(args.dump), "--location", str(location),
                   "--port", str(port), "--timeout-s", str(args.timeout_s), "--memory-mb", str(args.memory_mb),
                   "--workers", str(args.workers)]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            server.wait_until_ready(proc, base, limit_s=60)
            kind = "plain oxigraph serve-read-only" if args.raw else f"pactkg serve ({args.workers} workers)"
            print(f"{kind}, limits {args.timeout_s} s / {args.memory_mb} MB, dump {args.dump} ({os.cpu_count()} CPUs)")
            print("baseline (no runaway):")
            measure(base, proc.pid, None)
            for name, q in RUNAWAYS.items():
                if args.only and name != args.only:
                    continue
                print(f"runaway {name}:")
                measure(base, proc.pid, q, give_up_s=3 * args.timeout_s + 5)
        finally:
            server.stop(proc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
