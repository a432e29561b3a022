"""The pipeline a user would write with rdflib alone: the yardstick every figure of bench/run.py is set against.

    python bench/naive_pipeline.py REPO [--steps parse,validate,checks,turtle,ntriples,jsonld,questions]

One process, the graph parsed once (as a user's script would): rdflib parses ontology/pact.ttl and
data/*.ttl; pyshacl validates with ontology/shapes.ttl (its defaults, plus advanced=True because the shapes
use SPARQL-based targets, and allow_warnings=True as the build does); rdflib's SPARQL engine runs the QC
checks (queries/checks/*.rq) and the competency questions (queries/*.rq); rdflib serialises Turtle,
N-Triples and JSON-LD into a temporary folder. Nothing of pactkg is imported.

Prints one JSON line per step as it finishes ({"step", "seconds", "end" (epoch seconds), "cpu" (the
process's CPU seconds so far, start-up included), "note"}), so a
caller that cuts the process off after a time limit still has the steps that finished.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ALL_STEPS = ["parse", "validate", "checks", "turtle", "ntriples", "jsonld", "questions"]


def report(step: str, t0: float, note: str = "") -> None:
    print(json.dumps({"step": step, "seconds": time.perf_counter() - t0, "end": time.time(),
                      "cpu": time.process_time(), "note": note}), flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("repo", type=Path)
    ap.add_argument("--steps", default=",".join(ALL_STEPS))
    args = ap.parse_args()
    steps = args.steps.split(",")
    t0 = time.perf_counter()
    from pyshacl import validate
    from rdflib import Graph

    report("imports", t0)
    repo = args.repo
    t0 = time.perf_counter()
    g = Graph()
    for f in [repo / "ontology" / "pact.ttl"] + sorted((repo / "data").glob("*.ttl")):
        g.parse(f, format="turtle")
    report("parse", t0, f"{len(g)} triples")
    if "validate" in steps:
        t0 = time.perf_counter()
        shapes = Graph().parse(repo / "ontology" / "shapes.ttl", format="turtle")
        conforms, results, _ = validate(g, shacl_graph=shapes, advanced=True, allow_warnings=True)
        n = sum(1 for _ in results.subjects(predicate=None, object=None)) if not conforms else 0
        report("validate", t0, "conforms" if conforms else f"does not conform ({n} result subjects)")
    if "checks" in steps:
        t0 = time.perf_counter()
        failing = errors = 0
        checks = sorted((repo / "queries" / "checks").glob("*.rq"))
        for q in checks:
            try:
                failing += any(True for _ in g.query(q.read_text(encoding="utf-8")))
            except Exception:  # noqa: BLE001 - e.g. a regex rdflib's engine cannot compile (\p{…}): counted
                errors += 1
        report("checks", t0, f"{len(checks)} checks, {failing} with rows, {errors} not run by rdflib")
    with tempfile.TemporaryDirectory(prefix="naive-") as tmp:
        for step, fmt, name in (("turtle", "turtle", "dump.ttl"), ("ntriples", "nt", "dump.nt"),
                                ("jsonld", "json-ld", "dump.jsonld")):
            if step in steps:
                t0 = time.perf_counter()
                g.serialize(Path(tmp) / name, format=fmt, encoding="utf-8")
                report(step, t0)
    if "questions" in steps:
        t0 = time.perf_counter()
        rows = errors = 0
        questions = sorted((repo / "queries").glob("*.rq"))
        for q in questions:
            try:
                rows += sum(1 for _ in g.query(q.read_text(encoding="utf-8")))
            except Exception:  # noqa: BLE001 - a question rdflib cannot run is counted, not fatal
                errors += 1
        report("questions", t0, f"{len(questions)} questions, {rows} rows, {errors} not answered by rdflib")
    return 0


if __name__ == "__main__":
    sys.exit(main())
