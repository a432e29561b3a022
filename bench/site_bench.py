"""Benchmark of `make site`: how long building the whole site from the real graph takes (target: under 5 s).

Prints, for N runs each: the whole command as a user runs it (`pactkg site`, a fresh process: start-up,
parse, render, write, swap), and in one process the steps (parse, view, render + write). Writes only to a
temporary folder. A benchmark, not a test: it prints figures and asserts nothing.

    python bench/site_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def fmt(xs: list[float]) -> str:
    return f"median {statistics.median(xs):.3f} s  (min {min(xs):.3f}, max {max(xs):.3f}, n={len(xs)})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    from pactkg.build.load import load_all
    from pactkg.site.build import build_site, render_site, site_options
    from pactkg.site.model import GraphView

    exe = Path(sys.executable).with_name("pactkg")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pactkg.cli"]
    whole, parse, view_t, render, files = [], [], [], [], 0
    with tempfile.TemporaryDirectory(prefix="site-bench-") as tmp:
        out = Path(tmp) / "site"
        for _ in range(args.runs):
            t0 = time.perf_counter()
            subprocess.run(cmd + ["site", "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
            whole.append(time.perf_counter() - t0)
        for i in range(args.runs):
            t0 = time.perf_counter()
            g = load_all()
            t1 = time.perf_counter()
            v = GraphView(g)
            t2 = time.perf_counter()
            d = Path(tmp) / f"r{i}"
            d.mkdir()
            files = render_site(v, d, site_options(g, d))
            t3 = time.perf_counter()
            parse.append(t1 - t0)
            view_t.append(t2 - t1)
            render.append(t3 - t2)
        t0 = time.perf_counter()
        report = build_site(load_all(), out)
        one = time.perf_counter() - t0
    print(f"graph: {len(g)} triples, {report.entities} entity pages, {files} files, "
          f"{report.timeline_events} timeline events, {report.map_markers} map markers")
    print(f"pactkg site (whole command, new process): {fmt(whole)}")
    print(f"  parse ontology + data:                  {fmt(parse)}")
    print(f"  graph view (index the triples):         {fmt(view_t)}")
    print(f"  render + write every file:              {fmt(render)}")
    print(f"  build_site in process (incl. swap):     {one:.3f} s")
    target = 5.0
    verdict = "under" if statistics.median(whole) < target else "OVER"
    print(f"target: whole command under {target:.0f} s -> {verdict} ({statistics.median(whole):.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
