#!/usr/bin/env python
"""`make bench`: the real commands timed as whole processes at 1x, 10x, 100x, next to a naive rdflib pipeline.

    python bench/run.py [--scales 1,10,100] [--runs 5,5,3] [--commands build,release,site,questions]
                        [--naive-limit 300] [--noop-make 5] [--json out.json]

For each scale, a copy of the repository (tracked and new files, not .git/.venv/dist; or --ref COMMIT) gets
data/synthetic-copies-NNN.ttl (pactkg.build.benchmark: connected copies whose hubs grow with the scale); then the
commands a user runs (`pactkg build`, `pactkg release`, `pactkg site`, `pactkg questions`, and `pactkg dist`,
which is what `make` runs: all of build, release and site in one process) run in it as separate processes,
in that order, --runs times (the copy's own package on PYTHONPATH). Each figure is the
median over the runs (min and max beside it) of the whole process: wall time including Python start-up,
CPU seconds of the tree, and peak memory of the process tree (bench/measure.py says how it is counted).

The yardstick, measured in the same run on the same copy (bench/naive_pipeline.py): a one-process rdflib
pipeline (parse, pyshacl, rdflib SPARQL for the QC checks, serialise Turtle, N-Triples and JSON-LD; and a
second process: parse, rdflib SPARQL for the competency questions), cut off after --naive-limit seconds.
Its time up to the end of the matching step is set beside each command (build: up to the Turtle dump;
release and dist: up to JSON-LD, so the naive side has no site; questions: the second process); `site`
alone has no rdflib-only counterpart.

For `pactkg dist` the report also splits the run into its build, release and site (DIST_PHASES): the wall
seconds until the line that ends each phase was printed, the CPU seconds of the tree in that time (so CPU/wall
says how many cores a phase kept busy), and the tree's peak memory within it.

The growth exponent k (time ~ triples^k) is fitted by least squares on log-log over the scales of 10x and
more (start-up dominates at 1x). `--extrapolate 1000` adds a line per command that extends the fit to that
scale: an extrapolation, printed as one, never as a measurement.

No timed run follows the removal of many files: each run writes into folders of its own, and the copies of
every scale stay until the end (unless the disk would not hold the next run: then the earlier runs' outputs
are removed and the benchmark waits six minutes before going on) (on a file system that checks for recently deleted inodes, such as this
machine's ext4 without a journal, a file made within minutes of many removals costs up to 20 times the
kernel time; docs/benchmarks.md, session 26). Before each timed run the benchmark also waits until no earlier
`pactkg dist` output of the copy is still being removed (pactkg.common.removal_aside).

A benchmark, not a test: it prints figures and asserts nothing. Leaves nothing behind (temporary folders).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import measure  # noqa: E402
from pactkg.build import benchmark as synthetic  # noqa: E402  (the connected copies)

COMMANDS = ["build", "release", "site", "questions", "dist"]
NAIVE_FOR = {"build": ("release", "turtle"), "release": ("release", "jsonld"), "questions": ("questions", "questions"),
             "dist": ("release", "jsonld")}
NAIVE_STEPS = {"release": "parse,validate,checks,turtle,ntriples,jsonld", "questions": "parse,questions"}
# The phases of `pactkg dist` (what `make` runs), each ended by a line it prints: the build's last line, then
# the step headers of dist/everything.py. Wall seconds and the tree's peak of each phase are read from the
# moments those lines arrive, so the 1000x figures of the build, the release and the site come from one run.
DIST_PHASES = [("build", r"^\s*Wrote .* \(\d+ triples, \d+ bytes\)"), ("release", r"^\[\d+/\d+\] site"),
               ("site", r"^\[\d+/\d+\] swap")]


def repo_files(root: Path) -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=root,
                         check=True, capture_output=True).stdout.decode()
    return [f for f in out.split("\0") if f and (root / f).is_file()]


def prepare(scale: int, workdir: Path, ref: str | None = None) -> tuple[Path, dict]:
    """A copy of the repository (the working tree, or commit `ref`) with the data at this scale; returns its
    root and the synthesis counts."""
    repo = workdir / f"repo-{scale}x"
    if ref:
        repo.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(repo)], input=archive, check=True)
    else:
        for rel in repo_files(ROOT):
            target = repo / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, target)
    if (ROOT / "node_modules").is_dir():  # the site bundles the query editor from npm (`make` runs `npm ci`)
        (repo / "node_modules").symlink_to(ROOT / "node_modules")
    info = {"real_data_triples": None, "copy_triples": 0, "hubs": 0}
    if scale > 1:
        info = synthetic.write_copies(repo / "data", scale, repo / "data")
    import pyoxigraph as ox

    files = [repo / "ontology" / "pact.ttl"] + sorted((repo / "data").glob("*.ttl"))
    triples = set()
    for f in files:
        triples.update(q.triple for q in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE))
    info["triples"] = len(triples)
    return repo, info


def wait_for_removals(repo: Path, limit: float = 900) -> float:
    """Seconds waited until no previous dist/ of this copy is still being removed (`pactkg dist` hands a large
    one to a detached process: pactkg.common.removal_aside), so that no run is timed beside that removal."""
    started = time.monotonic()
    while any(p.name.startswith((".dist.old-", ".dist-all.old-")) for p in repo.iterdir()):
        if time.monotonic() - started > limit:
            break
        time.sleep(0.5)
    return time.monotonic() - started


# ext4 without a journal (this machine's) skips, for a new file, each inode freed within the last 60 s, or 300 s
# more while its table block is unwritten (RECENTCY_MIN, RECENTCY_DIRTY in fs/ext4/ialloc.c): a run started
# sooner after a large removal is slowed (docs/benchmarks.md, session 26).
SETTLE_AFTER_REMOVAL_S = 360
ROOM_MARGIN_BYTES = 2 * 2**30


def earlier_outputs(repo: Path, run: int) -> list[Path]:
    """The output folders of the runs before the run-th in this copy."""
    return [p for k in range(1, run) for p in (run_dist(repo, k), repo / f"dist-all-{k}") if p.exists()]


def make_room(repo: Path, run: int, need: int, free=lambda p: shutil.disk_usage(p).free,
              settle: float = SETTLE_AFTER_REMOVAL_S, sleep=time.sleep) -> float:
    """When the file system holding `repo` has less than `need` bytes free, remove the earlier runs' outputs and
    wait `settle` seconds, so that the removal is neither timed nor slows the next run (many runs at 1000x
    would otherwise fill the disk: each `make` writes some 19 GB); the seconds waited (0: there was room)."""
    if free(repo) >= need:
        return 0.0
    gone = earlier_outputs(repo, run)
    if not gone:
        return 0.0
    for p in gone:
        shutil.rmtree(p, ignore_errors=True)
    os.sync()
    sleep(settle)
    return settle


def run_dist(repo: Path, run: int) -> Path:
    """The output folder of the run-th run (from 1) of `pactkg build`, `release` and `site` in this copy."""
    return repo / f"dist-{run}"


def command_line(name: str, repo: Path, run: int = 1) -> list[str]:
    """Each run writes into folders of its own (nothing of an earlier run is replaced, so none is removed
    before or during a timed run: see "removals" in docs/benchmarks.md)."""
    exe = Path(sys.executable).with_name("pactkg")
    base = [str(exe)] if exe.exists() else [sys.executable, "-m", "pactkg.cli"]
    dist = run_dist(repo, run)
    return base + {
        "build": ["build", "--dist", str(dist)],
        "release": ["release", "--dist", str(dist)],
        "site": ["site", "--out", str(dist / "site")],
        "questions": ["questions"],
        "dist": ["dist", "--dist", str(repo / f"dist-all-{run}")],
    }[name]


def environment(repo: Path) -> dict:
    env = dict(os.environ)
    shared = Path(os.environ.get("PACTKG_SHARED", ROOT.parent / "shared")).resolve()
    env.update(
        PYTHONPATH=str(repo / "scripts"),
        PACTKG_SHARED=str(shared),
        PACTKG_SOURCE=os.environ.get("PACTKG_SOURCE",
                                     str(shared / "source" / "lvwiki-savstarpejas-palidzibas-pakts.txt")),
        PACTKG_DIST=str(repo / "dist"),
        PYTHONUNBUFFERED="1",  # each line as it is printed: the phases of `pactkg dist` are timed by them
    )
    for var in ("PACTKG_DATA_DIR", "PACTKG_ONTOLOGY", "PACTKG_SHAPES", "PACTKG_CHECKS_DIR"):
        env.pop(var, None)
    return env


def run_naive(kind: str, repo: Path, env: dict, limit: float) -> dict:
    start = time.time()
    m = measure.run([sys.executable, str(HERE / "naive_pipeline.py"), str(repo), "--steps", NAIVE_STEPS[kind]],
                    env=env, cwd=repo, timeout=limit, capture=True)
    steps = {}
    for line in m.stdout.splitlines():
        try:
            d = json.loads(line)
        except json.JSONDecodeError:
            continue
        d["elapsed"] = d["end"] - start  # from the process's start: start-up and the steps before included
        d["peak_mb"] = m.peak_until(d["end"])
        steps[d["step"]] = d
    if m.returncode != 0 and not m.timed_out:
        print(f"naive {kind}: exit {m.returncode}: {m.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
    return {"wall": m.wall, "peak_mb": m.peak_mb, "timed_out": m.timed_out, "limit": limit, "steps": steps}


def dist_phases(m: measure.Measured) -> dict | None:
    """{phase: {"wall": s, "cpu": s, "peak_mb": MB}} of one `pactkg dist` run, or None when a marker line is
    missing."""
    out, start = {}, m.started
    for phase, pattern in DIST_PHASES:
        end = m.first_line(pattern)
        if end is None:
            return None
        out[phase] = {"wall": end - start, "cpu": m.cpu_between(start, end), "peak_mb": m.peak_between(start, end)}
        start = end
    return out


def median_phases(ms: list[measure.Measured]) -> dict | None:
    runs = [p for p in (dist_phases(m) for m in ms) if p is not None]
    if not runs:
        return None
    return {phase: {k: statistics.median(r[phase][k] for r in runs) for k in ("wall", "cpu", "peak_mb")}
            for phase, _ in DIST_PHASES}


def median_of(rows: list[measure.Measured], attr: str) -> float:
    return statistics.median(getattr(r, attr) for r in rows)


def fit_exponent(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(seconds) on log(triples)."""
    if len(points) < 2:
        return None
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else None


def fmt_s(x: float) -> str:
    return f"{x:.2f} s" if x < 100 else f"{x:.0f} s"


def fmt_mb(x: float) -> str:
    return f"{x:.0f} MB" if x < 10_000 else f"{x / 1024:.1f} GB"


def main() -> int:
    ap = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.splitlines()[0])
    ap.add_argument("--scales", default="1,10,100")
    ap.add_argument("--runs", default="5,5,3", help="runs per scale (one number for all, or one per scale)")
    ap.add_argument("--commands", default=",".join(COMMANDS))
    ap.add_argument("--naive-limit", type=float, default=300.0, help="seconds before a naive process is cut off")
    ap.add_argument("--no-naive", action="store_true", help="skip the naive rdflib pipeline")
    ap.add_argument("--noop-make", type=int, default=0, metavar="N",
                    help="also time N runs of a second `make` with nothing changed, in this checkout")
    ap.add_argument("--extrapolate", type=int, default=0, metavar="SCALE",
                    help="extend each command's fitted growth to this scale (printed as an extrapolation)")
    ap.add_argument("--ref", help="benchmark this commit's code and data (git archive) instead of the working "
                    "tree, e.g. --ref main to compare; the benchmark's own scripts are always this checkout's")
    ap.add_argument("--drop-caches", action="store_true",
                    help="empty the kernel's page cache before each run (root only; it slows the machine's other "
                    "work for a while): a 1000x make writes some 19 GB of files, and a cache that is already full "
                    "makes each new file dearer")
    ap.add_argument("--json", type=Path, help="also write every measurement to this file")
    ap.add_argument("--report-from", type=Path, metavar="JSON",
                    help="print the report of measurements saved with --json (measures nothing)")
    args = ap.parse_args()
    if args.report_from:
        saved = json.loads(args.report_from.read_text())
        res = saved["results"]
        cmds = list(dict.fromkeys(r["command"] for r in res))
        print(report(res, cmds, sorted({r["scale"] for r in res}), args.extrapolate, saved.get("noop_make")))
        return 0
    scales = [int(s) for s in args.scales.split(",") if s]
    runs = [int(r) for r in args.runs.split(",")]
    runs = (runs * len(scales))[: len(scales)] if len(runs) == 1 else runs + [runs[-1]] * (len(scales) - len(runs))
    commands = [c for c in args.commands.split(",") if c]

    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="pactkg-bench-") as tmp:
        for scale, n_runs in zip(scales, runs):
            repo, info = prepare(scale, Path(tmp), args.ref)
            env = environment(repo)
            print(f"{scale}x: {info['triples']} triples ({info['hubs']} hubs shared by the copies); "
                  f"{n_runs} run(s) of each command", file=sys.stderr, flush=True)
            measured: dict[str, list[measure.Measured]] = {c: [] for c in commands}
            grown: dict[str, int] = {}  # the most disk space a run of each command took
            for i in range(n_runs):
                for c in commands:
                    if args.drop_caches:
                        try:
                            measure.drop_page_cache()
                        except OSError as exc:
                            raise SystemExit(f"--drop-caches: cannot write {measure.DROP_CACHES} ({exc.strerror}); "
                                             "run as root, or leave the option out") from None
                    waited = wait_for_removals(repo)
                    if waited >= 1:
                        print(f"  (waited {waited:.0f} s for the previous run's dist/ to be removed)", file=sys.stderr,
                              flush=True)
                    if i > 0 and make_room(repo, i + 1, int(grown.get(c, 0) * 1.25) + ROOM_MARGIN_BYTES):
                        print(f"  (removed the earlier runs' outputs for room, then waited {SETTLE_AFTER_REMOVAL_S} s "
                              "so that the removal does not slow the next run)", file=sys.stderr, flush=True)
                    free_before = shutil.disk_usage(repo).free
                    m = measure.run(command_line(c, repo, i + 1), env=dict(env, PACTKG_DIST=str(run_dist(repo, i + 1))),
                                    cwd=repo, capture=True)
                    grown[c] = max(grown.get(c, 0), free_before - shutil.disk_usage(repo).free)
                    if m.returncode != 0:
                        print(m.stderr[-2000:], file=sys.stderr)
                        raise SystemExit(f"{scale}x: `pactkg {c}` failed (exit {m.returncode}); see above")
                    measured[c].append(m)
                    print(f"  run {i + 1}: {c:<9} {m.wall:8.2f} s wall {m.cpu:8.2f} s cpu {m.peak_mb:7.0f} MB"
                          f"  (polling: {m.poller_cpu_s:.2f} s cpu, {len(m.samples)} samples; page cache at start: "
                          f"{m.cache_mb_at_start / 1024:.1f} GB)",
                          file=sys.stderr, flush=True)
            naive: dict = {}
            if not args.no_naive:
                for kind in ("release", "questions"):
                    if any(NAIVE_FOR.get(c, ("",))[0] == kind for c in commands):
                        naive[kind] = run_naive(kind, repo, env, args.naive_limit)
                        print(f"  naive {kind}: {naive[kind]['wall']:.2f} s"
                              f"{' (cut)' if naive[kind]['timed_out'] else ''}", file=sys.stderr, flush=True)
            for c in commands:
                ms = measured[c]
                results.append({
                    "scale": scale, "triples": info["triples"], "command": c, "runs": len(ms),
                    "wall": median_of(ms, "wall"), "wall_min": min(m.wall for m in ms),
                    "wall_max": max(m.wall for m in ms), "cpu": median_of(ms, "cpu"),
                    "peak_mb": statistics.median(m.peak_mb for m in ms),
                    "tree_peak_mb": median_of(ms, "tree_peak_mb"), "max_rss_mb": median_of(ms, "max_rss_mb"),
                    "poller_cpu_s": median_of(ms, "poller_cpu_s"), "cache_mb_at_start": [m.cache_mb_at_start for m in ms],
                    "naive": naive_for_json(naive, c),
                    **({"phases": median_phases(ms)} if c == "dist" else {}),
                })
            # The copy and its outputs stay until every scale is measured (the temporary folder goes at the end):
            # removing a 100x copy's 750 000 files just before the 1000x runs made their files dearer to create.

    noop = time_noop_make(args.noop_make) if args.noop_make else None
    print(report(results, commands, scales, args.extrapolate, noop))
    if args.json:
        args.json.write_text(json.dumps({"results": results, "noop_make": noop}, indent=1) + "\n")
    return 0


def naive_for_json(naive: dict, command: str) -> dict | None:
    if command not in NAIVE_FOR or NAIVE_FOR[command][0] not in naive:
        return None
    kind, step = NAIVE_FOR[command]
    n = naive[kind]
    d = n["steps"].get(step)
    return {"kind": kind, "step": step, "limit": n["limit"], "cut": d is None,
            "seconds": d["elapsed"] if d else None, "cpu": d.get("cpu") if d else None,
            "peak_mb": d["peak_mb"] if d else n["peak_mb"],
            "steps": {k: round(v["seconds"], 3) for k, v in n["steps"].items()}}


def time_noop_make(n: int) -> dict:
    """A second `make` with nothing changed, in this checkout (the first brings dist/ up to date)."""
    make = ["make", "--no-print-directory", "-C", str(ROOT)]
    subprocess.run(make, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    walls = [measure.run(make).wall for _ in range(n)]
    return {"runs": n, "median": statistics.median(walls), "min": min(walls), "max": max(walls)}


def report(results: list[dict], commands: list[str], scales: list[int], extrapolate: int, noop) -> str:
    out = []
    head = (f"{'scale':>5} {'triples':>9}  {'command':<9} {'wall (median, min-max)':>26} {'cpu':>9} {'peak mem':>9}"
            f"  {'naive wall':>15} {'naive cpu':>9} {'faster':>12} {'naive mem':>10} {'mem ratio':>9}")
    out += [head, "-" * len(head)]
    for r in results:
        n = r["naive"]
        if n is None:
            nt = nc = fx = nm = mr = "-"
        elif n["cut"]:
            nt, nc = f"> {n['limit']:.0f} s (cut)", "-"
            fx = f"> {n['limit'] / r['wall']:.1f}x"
            nm = f">= {fmt_mb(n['peak_mb'])}"
            mr = f">= {n['peak_mb'] / r['peak_mb']:.2f}"
        else:
            nt = fmt_s(n["seconds"])
            nc = fmt_s(n["cpu"]) if n.get("cpu") else "-"
            fx = f"{n['seconds'] / r['wall']:.1f}x" + (f"/{n['cpu'] / r['cpu']:.1f}x" if n.get("cpu") else "")
            nm, mr = fmt_mb(n["peak_mb"]), f"{n['peak_mb'] / r['peak_mb']:.2f}"
        wall = f"{fmt_s(r['wall'])} ({r['wall_min']:.2f}-{r['wall_max']:.2f})"
        out.append(f"{str(r['scale']) + 'x':>5} {r['triples']:>9}  {r['command']:<9} {wall:>26} "
                   f"{fmt_s(r['cpu']):>9} {fmt_mb(r['peak_mb']):>9}  {nt:>15} {nc:>9} {fx:>12} {nm:>10} {mr:>9}")
        if r.get("phases"):
            out.append(" " * 17 + "of which " + ", ".join(
                f"{phase} {fmt_s(p['wall'])} wall, " + (f"{fmt_s(p['cpu'])} cpu, " if "cpu" in p else "")
                + fmt_mb(p["peak_mb"])
                for phase, p in r["phases"].items()))
    out.append("")
    out.append("growth: k in time ~ triples^k, least squares on log-log over the scales >= 10x "
               "(all scales when fewer than two)")
    for c in commands:
        pts_all = [(r["triples"], r["wall"]) for r in results if r["command"] == c]
        pts = [(r["triples"], r["wall"]) for r in results if r["command"] == c and r["scale"] >= 10]
        pts = pts if len(pts) >= 2 else pts_all
        k = fit_exponent(pts)
        kc = fit_exponent([(r["triples"], r["cpu"]) for r in results if r["command"] == c and
                           (r["scale"] >= 10 or len(pts) == len(pts_all))])
        if k is None:
            continue
        line = f"  {c:<9} k = {k:.2f} (wall), {kc:.2f} (cpu) over {len(pts)} scales"
        if extrapolate and pts:
            base = max((r for r in results if r["command"] == c), key=lambda r: r["scale"])
            big = base["triples"] * extrapolate / base["scale"]
            f = big / base["triples"]
            line += (f"; EXTRAPOLATED to {extrapolate}x (~{big / 1e6:.1f} M triples): "
                     f"~{fmt_s(base['wall'] * f ** k)} wall, ~{fmt_s(base['cpu'] * f ** kc)} cpu (not measured)")
        out.append(line)
    out.append("")
    out.append("wall: whole process as a user runs it (start-up and imports included); cpu: user+system seconds "
               "of the process and its children (os.wait4); peak mem: the larger of the process tree's memory "
               f"(polled from /proc: one process's RSS every {measure.POLL_S * 1000:.0f} ms, several processes' "
               f"summed PSS every {measure.PSS_POLL_S * 1000:.0f} ms or, for large processes, as often as keeps the "
               f"polling under {measure.PSS_BUDGET:.0%} of its time) and the largest single process's "
               "ru_maxrss. naive rdflib: bench/naive_pipeline.py up to the matching step, one run, same copy; "
               "faster = naive time / our median, wall/cpu (cpu is steadier on a busy machine); mem ratio = naive peak / "
               "our peak.")
    if noop:
        out.append(f"second `make` with nothing changed: median {noop['median']:.3f} s "
                   f"(min {noop['min']:.3f}, max {noop['max']:.3f}, n={noop['runs']})")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
