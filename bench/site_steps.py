#!/usr/bin/env python
"""Where the site's time and memory go at a scale: CPU seconds of each step of `render_site`, and peak memory.

    python bench/site_steps.py SCALE [--ref COMMIT] [--repo DIR] [--profile FILE] [--one-process]

Prepares a copy of the repository with the synthetic data at SCALE (bench/run.py's `prepare`; the working tree,
or commit REF with --ref; or an already prepared copy with --repo), then, in this process and with the copy's
own package, parses the data as `pactkg site` does and builds the site into a temporary folder, with the
site's steps wrapped: each step's CPU seconds (summed over its calls) and the process's resident memory
after parsing, the peak while the view is made and while the pages are written (VmHWM, reset between the
steps), and the resident memory in between. With --profile, a cProfile of the site's steps is
written to FILE as well. A profile for finding what grows faster than the graph, not a user's figure
(bench/run.py measures those). Leaves nothing behind but FILE.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# (module, name) of the steps; a step called inside another is counted in both.
STEPS = [
    ("pactkg.site.build", "graph_ntriples"), ("pactkg.site.build", "write_graph_ntriples"),
    ("pactkg.site.build", "read_source_text"),
    ("pactkg.site.build", "markers"), ("pactkg.site.build", "drawn_lines"),
    ("pactkg.site.build", "entity_pages"), ("pactkg.site.build", "chooser_page"), ("pactkg.site.build", "inline_page"),
    ("pactkg.site.build", "home_page"), ("pactkg.site.build", "index_page"), ("pactkg.site.build", "timeline_pages"),
    ("pactkg.site.build", "map_page"), ("pactkg.site.build", "downloads_page"), ("pactkg.site.build", "source_page"),
    ("pactkg.site.build", "query_page"), ("pactkg.site.build", "_write"),
    ("pactkg.site.entity", "glance_section"), ("pactkg.site.entity", "facts_section"),
    ("pactkg.site.entity", "incoming_section"), ("pactkg.site.entity", "inside_section"),
    ("pactkg.site.entity", "names_section"), ("pactkg.site.entity", "claims_section"),
    ("pactkg.site.entity", "sourcing_section"), ("pactkg.site.entity", "location_section"),
]


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def hwm_mb() -> float:
    """Peak resident memory since the last reset_peak() (VmHWM)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def reset_peak() -> None:
    """Start VmHWM again from the current RSS (Linux: clear_refs 5), so that a step's own peak shows."""
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def _children_cpu() -> float:
    """CPU seconds of the waited-for children (the forked workers, once joined)."""
    t = os.times()
    return t.children_user + t.children_system


class TreePeak:
    """The largest memory of this process and its descendants, sampled in a thread (bench/measure.py's way:
    one process's RSS, several processes' summed PSS)."""

    def __init__(self):
        import threading

        import measure

        self.peak, self.most = 0.0, 1
        self._done = threading.Event()

        def sample():
            pid = os.getpid()
            while not self._done.is_set():
                pids = measure._tree(pid)
                mb, wait = measure.tree_mb(pids)
                self.peak, self.most = max(self.peak, mb), max(self.most, len(pids))
                self._done.wait(max(wait, 0.1))  # not every 20 ms: the sampling is CPU of this process

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scale", type=int)
    ap.add_argument("--ref", default=None, help="prepare the copy from this commit (default: the working tree)")
    ap.add_argument("--repo", type=Path, default=None, help="an already prepared copy (bench/run.py prepare)")
    ap.add_argument("--profile", type=Path, default=None, help="write a cProfile of the site to this file")
    ap.add_argument("--one-process", action="store_true", help="no forked workers for the entity pages")
    args = ap.parse_args()

    import run as bench

    tmp = Path(tempfile.mkdtemp(prefix="pactkg-sitesteps-"))
    try:
        if args.repo:
            repo = args.repo.resolve()
        else:
            repo, _info = bench.prepare(args.scale, tmp, args.ref)
        os.environ.update(bench.environment(repo))
        os.chdir(repo)
        sys.path.insert(0, str(repo / "scripts"))
        for name in [m for m in sys.modules if m == "pactkg" or m.startswith("pactkg.")]:
            del sys.modules[name]  # the copy's package, not this checkout's
        import importlib

        cpu: dict[str, float] = defaultdict(float)
        calls: dict[str, int] = defaultdict(int)
        depth = {"n": 0}

        def wrapped(label: str, f):
            @functools.wraps(f)
            def step(*a, **k):
                t0 = time.process_time()
                try:
                    return f(*a, **k)
                finally:
                    cpu[label] += time.process_time() - t0
                    calls[label] += 1
            return step

        for mod_name, name in STEPS:
            mod = importlib.import_module(mod_name)
            if hasattr(mod, name):
                setattr(mod, name, wrapped(f"{mod_name.rsplit('.', 1)[-1]}.{name}", getattr(mod, name)))
        docs = importlib.import_module("pactkg.site.build").EntityDocuments
        docs.__init__ = wrapped("build.EntityDocuments()", docs.__init__)
        docs.of = wrapped("build.EntityDocuments.of", docs.of)
        from pactkg.build.load import load_all
        from pactkg.site import build as site_build

        if args.one_process and hasattr(site_build, "PARALLEL_FROM_ENTITIES"):
            site_build.PARALLEL_FROM_ENTITIES = 1 << 62
        from pactkg.site.model import GraphView

        t0 = time.process_time()
        graph = load_all()
        t_parse = time.process_time() - t0
        n = len(graph)
        import gc

        gc.collect()
        reset_peak()
        r0 = rss_mb()
        out = tmp / "site"
        prof = None
        if args.profile:
            import cProfile

            prof = cProfile.Profile()
            prof.enable()
        t0, w0 = time.process_time(), time.perf_counter()
        c0 = _children_cpu()
        if hasattr(GraphView, "triples"):  # the view from triples, the graph dropped (as `pactkg site` does)
            view = GraphView(graph)
            del graph
            gc.collect()
            opts = site_build.site_options(view, out)
        else:  # before: the view keeps the graph
            opts = site_build.site_options(graph, out)
            view = GraphView(graph)
            del graph
        t_view = time.process_time() - t0
        r_view, p_view = rss_mb(), hwm_mb()
        reset_peak()
        out.mkdir()
        tree = TreePeak()
        files = site_build.render_site(view, out, opts)
        tree.stop()
        t_children = _children_cpu() - c0
        t_all = time.process_time() - t0 + t_children
        w_all = time.perf_counter() - w0
        if prof:
            prof.disable()
            prof.dump_stats(str(args.profile))
        print(f"{args.scale}x: {n} triples in the graph, {len(view.entities)} entity pages, {files} files")
        print(f"  parse (load_all)                 {t_parse:8.2f} s cpu")
        print(f"  site total (options+view+render) {t_all:8.2f} s cpu")
        print(f"  site total, wall time            {w_all:8.2f} s (load average {os.getloadavg()[0]:.1f})")
        print(f"  of which forked workers          {t_children:8.2f} s cpu")
        print(f"  options + graph view             {t_view:8.2f} s cpu")
        for label in sorted(cpu, key=lambda k: -cpu[k]):
            print(f"  {label:<32} {cpu[label]:8.2f} s cpu  ({calls[label]} calls)")
        print(f"  memory: rss {r0:.0f} MB with the parsed graph; making the view: peak {p_view:.0f} MB, then rss "
              f"{r_view:.0f} MB; rendering: peak {hwm_mb():.0f} MB, rss at the end {rss_mb():.0f} MB")
        print(f"  the process tree while rendering: peak {tree.peak:.0f} MB (sampled; {tree.most} processes at most)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
