"""Benchmark of the build steps (a benchmark, not a test: it prints figures and asserts nothing).

For the real graph and for synthetic graphs 10x and 100x its size, it times each step (parse, validate, QC,
dump, and the whole build) and records the peak memory. Each step runs in its own process, so that the
peak resident set size (ru_maxrss) belongs to that step alone (it includes the parse the step needs; the
time does not, except for "parse" and "build").

The synthetic graphs have the real graph's shape: every data triple is copied N-1 times with every lvd: IRI
suffixed -copyK (fact nodes included), labels suffixed " K" so that no two entities of a class share one;
classes, properties, literals and the ontology are the real ones.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from pactkg.common.inputs import Inputs
from pactkg.common.namespaces import LVD

STEPS = ["parse", "parse-oxigraph", "validate", "qc", "dump", "build"]


def synthesize(data: Graph, copies: int) -> Graph:
    """The data graph and copies-1 renamed copies of it (see the module docstring)."""
    out = Graph()
    base = str(LVD)
    triples = list(data)
    out += triples
    for k in range(1, copies):
        suffix = f"-copy{k}"
        memo: dict = {}

        def rename(t):
            r = memo.get(t)
            if r is None:
                r = URIRef(str(t) + suffix) if isinstance(t, URIRef) and str(t).startswith(base) else t
                memo[t] = r
            return r

        for s, p, o in triples:
            if p in (RDFS.label, SKOS.altLabel) and isinstance(o, Literal):
                o = Literal(f"{o} {k}", lang=o.language, datatype=o.datatype)
            else:
                o = rename(o)
            out.add((rename(s), p, o))
    return out


def _cpu() -> float:
    """CPU seconds of this process and its finished children (parallel validation): steadier than wall
    time when other work shares the machine's 2 cores."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def run_step(step: str) -> dict:
    """Run one step in this process on Inputs.from_env(); return seconds and peak MB."""
    from pactkg.build import pipeline
    from pactkg.build import load
    from pactkg.build import qc_checks
    from pactkg.build import turtle_writer
    from pactkg.build import validate

    inputs = Inputs.from_env()
    info: dict = {"step": step}
    if step == "parse":
        t, c = time.perf_counter(), _cpu()
        g = load.load_graph(inputs.graph_files())
        info["seconds"], info["cpu"] = time.perf_counter() - t, _cpu() - c
        info["triples"] = len(g)
    elif step == "parse-oxigraph":
        t, c = time.perf_counter(), _cpu()
        store = qc_checks.store_from_files(inputs.graph_files())
        info["seconds"], info["cpu"] = time.perf_counter() - t, _cpu() - c
        info["triples"] = len(store)
    elif step == "validate":
        g = load.load_graph(inputs.graph_files())
        shapes = validate.load_shapes(inputs.shapes_file)
        t, c = time.perf_counter(), _cpu()
        report = validate.validate_graph(g, shapes)
        info["seconds"], info["cpu"] = time.perf_counter() - t, _cpu() - c
        info["note"] = ("conforms" if report.conforms else f"{len(report.violations)} violations") + \
            f", {validate.jobs_for(len(g))} process(es)"
    elif step == "qc":
        t, c = time.perf_counter(), _cpu()
        store = qc_checks.store_from_files(inputs.graph_files())
        failures = qc_checks.run_checks(store, inputs.checks_dir)
        info["seconds"], info["cpu"] = time.perf_counter() - t, _cpu() - c
        info["note"] = f"{len(qc_checks.check_files(inputs.checks_dir))} checks, {len(failures)} failing (incl. parse)"
    elif step == "dump":
        g = load.load_graph(inputs.graph_files())
        t, c = time.perf_counter(), _cpu()
        text = turtle_writer.to_turtle(g)
        (Path(inputs.dist_dir).parent / "bench-dump.ttl").write_text(text, encoding="utf-8")
        info["seconds"], info["cpu"] = time.perf_counter() - t, _cpu() - c
    elif step == "build":
        t, c = time.perf_counter(), _cpu()
        try:
            pipeline.build(inputs.dist_dir, inputs, log=lambda *_: None)
            info["note"] = "ok"
        except pipeline.BuildFailed as exc:
            info["note"] = "failed: " + str(exc).splitlines()[0][:60]
        info["seconds"], info["cpu"] = time.perf_counter() - t, _cpu() - c
    elif step == "validate-per-shape":
        g = load.load_graph(inputs.graph_files())
        shapes = validate.load_shapes(inputs.shapes_file)
        info["targets"] = target_times(g, shapes)
        info["shapes"] = shape_times(g, shapes)
        info["seconds"] = info["cpu"] = sum(t for _, t in info["shapes"])
    else:
        raise SystemExit(f"unknown step {step!r}; steps: {', '.join(STEPS)}")
    info["peak_mb"] = _peak_mb()
    return info


def target_times(graph: Graph, shapes: Graph) -> list[tuple[str, float]]:
    """Seconds each SPARQL-based target's SELECT takes on pyoxigraph (as the build runs it), slowest first."""
    from rdflib.namespace import SH

    from pactkg.build.qc_checks import store_from_graph
    from pactkg.build.turtle_writer import short
    from pactkg.build.validate import _prefix_header

    store = store_from_graph(graph)
    times = []
    for shape, target in shapes.subject_objects(SH.target):
        select = shapes.value(target, SH.select)
        if select is None:
            continue
        t0 = time.perf_counter()
        try:
            list(store.query(_prefix_header(shapes, target) + str(select)))
        except (SyntaxError, OSError):
            pass
        times.append((short(shape), time.perf_counter() - t0))
    return sorted(times, key=lambda x: -x[1])


def shape_times(graph: Graph, shapes: Graph) -> list[tuple[str, float]]:
    """Seconds to validate the graph with each target-bearing shape alone, slowest first.

    "Alone" means: the whole shapes graph, with the targets of every other shape removed. (pyshacl's
    use_shapes option is not used: it skips nested property shapes, so it under-reports.) The shapes are
    the build's: SPARQL-based targets computed on pyoxigraph first.
    """
    from pyshacl import validate as pyshacl_validate
    from rdflib.namespace import SH

    from pactkg.build.qc_checks import store_from_graph
    from pactkg.build.turtle_writer import short
    from pactkg.build.validate import _parsed_query_cache, materialise_sparql_targets

    target_props = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    shapes = materialise_sparql_targets(shapes, store_from_graph(graph))
    targets = [(s, p, o) for p in target_props for s, o in shapes.subject_objects(p)]
    times = []
    for shape in sorted({s for s, _, _ in targets}, key=str):
        alone = Graph()
        alone += shapes
        for t in targets:
            if t[0] != shape:
                alone.remove(t)
        t0 = time.perf_counter()
        with _parsed_query_cache():
            pyshacl_validate(graph, shacl_graph=alone, inference="none", advanced=True, allow_warnings=True,
                             inplace=True)
        times.append((short(shape), time.perf_counter() - t0))
    return sorted(times, key=lambda x: -x[1])


STEP_TIMEOUT = 600  # seconds; a step that takes longer is reported as such instead of stalling the bench


def _run_in_subprocess(step: str, env: dict, timeout: float = STEP_TIMEOUT) -> dict:
    t = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "pactkg.build.benchmark", "--step", step], env=env, capture_output=True, text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"step": step, "seconds": float("nan"), "peak_mb": float("nan"), "wall": timeout,
                "note": f"stopped after {timeout:.0f} s"}
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        return {"step": step, "seconds": float("nan"), "peak_mb": float("nan"), "wall": wall,
                "note": "error: " + (proc.stderr.strip().splitlines() or ["?"])[-1][:70]}
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    info["wall"] = wall
    return info


def prepare(scale: int, workdir: Path, base: Inputs) -> dict:
    """Environment for a subprocess that sees a data dir with the graph at this scale."""
    from pactkg.build import load
    from pactkg.build import turtle_writer

    env = dict(os.environ)
    if scale == 1:
        data_dir = base.data_dir
    else:
        data = load.load_graph(base.data_files())
        synthetic = synthesize(data, scale)
        data_dir = workdir / f"data-{scale}x"
        data_dir.mkdir(parents=True, exist_ok=True)
        turtle_writer.write_turtle(synthetic, data_dir / "synthetic.ttl")
    env.update(
        PACTKG_DATA_DIR=str(data_dir),
        PACTKG_ONTOLOGY=str(base.ontology_file),
        PACTKG_SHAPES=str(base.shapes_file),
        PACTKG_CHECKS_DIR=str(base.checks_dir),
        PACTKG_SOURCE=str(base.source_file),
        PACTKG_DIST=str(workdir / f"dist-{scale}x" / "dist"),
    )
    (workdir / f"dist-{scale}x").mkdir(parents=True, exist_ok=True)
    return env


def format_table(rows: list[dict]) -> str:
    head = f"{'graph':<6} {'triples':>9}  {'step':<15} {'seconds':>8} {'cpu s':>7} {'peak MB':>8}  note"
    out = [head, "-" * len(head)]
    for r in rows:
        out.append(
            f"{r['scale']:<6} {r.get('triples') or '':>9}  {r['step']:<15} {r['seconds']:>8.2f} "
            f"{r.get('cpu', float('nan')):>7.2f} {r['peak_mb']:>8.0f}  {r.get('note', '')[:60]}".rstrip()
        )
    return "\n".join(out)


def main_bench(scales: list[int], steps: list[str]) -> int:
    base = Inputs.from_env()
    rows = []
    with tempfile.TemporaryDirectory(prefix="pactkg-bench-") as tmp:
        for scale in scales:
            env = prepare(scale, Path(tmp), base)
            triples = None
            for step in steps:
                info = _run_in_subprocess(step, env)
                triples = info.get("triples", triples)
                row = {"scale": f"{scale}x", "triples": triples, **info}
                rows.append(row)
                print(f"  {row['scale']:>5} {step:<15} {info['seconds']:8.2f} s ({info.get('cpu', 0):.2f} cpu)"
                      f"  {info['peak_mb']:6.0f} MB"
                      f"  {info.get('note', '')}", file=sys.stderr, flush=True)
    print()
    print(format_table(rows))
    print("\nseconds: wall time of the step alone (parse excluded, except for parse, qc and build); cpu s: its "
          "CPU time (steadier when the machine is busy); peak MB: max RSS of the step's own process.")
    return 0


def main_per_shape(scale: int, top: int = 15) -> int:
    """Which shapes cost the most: one validation per node shape, on the graph at the given scale."""
    base = Inputs.from_env()
    with tempfile.TemporaryDirectory(prefix="pactkg-bench-") as tmp:
        env = prepare(scale, Path(tmp), base)
        info = _run_in_subprocess("validate-per-shape", env)
    if "shapes" not in info:
        print(info.get("note", "failed"), file=sys.stderr)
        return 1
    print(f"SPARQL-based targets on pyoxigraph, graph {scale}x (slowest 5 of {len(info['targets'])}):")
    for name, seconds in info["targets"][:5]:
        print(f"  {seconds:8.3f} s  {name}")
    print(f"\nvalidation time per node shape, graph {scale}x (slowest {top}; total {info['seconds']:.2f} s):")
    for name, seconds in info["shapes"][:top]:
        print(f"  {seconds:8.2f} s  {name}")
    return 0


def add_arguments(parser) -> None:
    parser.add_argument("--scales", default="1,10,100", help="comma-separated multiples of the real graph")
    parser.add_argument("--steps", default=",".join(STEPS), help=f"comma-separated, from: {', '.join(STEPS)}")
    parser.add_argument("--step", help=argparse.SUPPRESS)  # internal: run one step in this process
    parser.add_argument("--per-shape", metavar="SCALE",
                        help="instead: time validation shape by shape on the graph at this scale (e.g. 10)")


def run(args) -> int:
    if args.step:
        print(json.dumps(run_step(args.step)))
        return 0
    if args.per_shape:
        return main_per_shape(int(args.per_shape))
    scales = [int(s) for s in args.scales.split(",") if s]
    steps = [s for s in args.steps.split(",") if s]
    return main_bench(scales, steps)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m pactkg.build.benchmark")
    add_arguments(parser)
    sys.exit(run(parser.parse_args()))
