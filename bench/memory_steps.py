#!/usr/bin/env python
"""Which step of `pactkg dist` holds the memory: resident set size and peak at each step's start and end.

    python bench/memory_steps.py [SCALE]      (default 30)

Runs `pactkg dist` in this process on a copy of the working tree with the synthetic data at SCALE (as
bench/run.py prepares it), with the main steps wrapped: each prints its RSS before and after (/proc/self/statm)
and the process's peak RSS before and after (ru_maxrss), with its CPU seconds. A step whose peak rises is
the one that holds the most at that point. A profile, not a user's figure (bench/run.py measures those).
Leaves nothing behind.
"""

from __future__ import annotations

import functools
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402

STEPS = {
    "pactkg.build.pipeline": ["check", "build"],
    "pactkg.publish.dump_formats": ["write_ntriples", "write_jsonld"],
    "pactkg.publish.rdf12_edition": ["write"],
    "pactkg.publish.entity_documents": ["write_all"],
    "pactkg.publish.quality_report": ["compute"],
    "pactkg.publish.release": ["_self_check"],
    "pactkg.publish.dataset_description": ["compute_stats", "describe"],
    "pactkg.dist.everything": ["render_site"],
}


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def wrapped(label: str, f):
    @functools.wraps(f)
    def step(*args, **kwargs):
        r0, p0, t0 = rss_mb(), peak_mb(), time.process_time()
        try:
            return f(*args, **kwargs)
        finally:
            print(f"{label:<36} rss {r0:7.0f} -> {rss_mb():7.0f} MB   peak {p0:7.0f} -> {peak_mb():7.0f} MB"
                  f"   {time.process_time() - t0:7.1f} s cpu", flush=True)
    return step


def main() -> int:
    scale = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    tmp = Path(tempfile.mkdtemp(prefix="pactkg-memsteps-"))
    try:
        repo, info = bench.prepare(scale, tmp)
        os.environ.update(bench.environment(repo))
        os.chdir(repo)
        sys.path.insert(0, str(repo / "scripts"))
        for name in [m for m in sys.modules if m == "pactkg" or m.startswith("pactkg.")]:
            del sys.modules[name]  # the copy's package, not this checkout's
        import importlib

        for mod_name, names in STEPS.items():
            mod = importlib.import_module(mod_name)
            for n in names:
                setattr(mod, n, wrapped(f"{mod_name.rsplit('.', 1)[-1]}.{n}", getattr(mod, n)))
        from pactkg.dist import everything

        print(f"{scale}x: {info['triples']} triples", flush=True)
        everything.build_everything(repo / "dist-all", log=lambda _m: None)
        print(f"end: rss {rss_mb():.0f} MB, peak {peak_mb():.0f} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
