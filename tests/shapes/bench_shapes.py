"""Benchmark (not a test): how long SHACL validation of the real graph takes with ontology/shapes.ttl.

    .venv/bin/python tests/shapes/bench_shapes.py [--repeat 5] [--scale 1 10]

Validates the union of ontology/pact.ttl and data/*.ttl two ways and prints the times (median of --repeat
runs): plain pyshacl (inference none, advanced True, the data graph copied as pyshacl does by default), and
the build's pactkg.build.validate.validate_graph (the same, but in place, with SPARQL-based targets computed on
pyoxigraph and each SPARQL text parsed once). --scale N also validates a
graph N times the data: N copies of data/*.ttl with every lvd: IRI renamed per copy, except the few
entities the shapes name (Latvia, the Soviet Union, the article, the gazetteer, the pact), which the copies
share. That shows how validation cost grows with the data.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import pyshacl
from rdflib import Graph, URIRef

from pactkg.build import load
from pactkg.common import paths
from pactkg.build.validate import validate_graph

LVD = "https://w3id.org/lv-pact-1939/id/"
SHARED = {LVD + s for s in ("latvia", "soviet-union", "source-lvwiki-article", "source-whosonfirst", "mutual-assistance-pact")}


def scaled(ontology: Graph, data: Graph, n: int) -> Graph:
    g = Graph()
    g += ontology
    if n == 1:
        g += data
        return g

    def rename(term, k):
        if isinstance(term, URIRef) and str(term).startswith(LVD) and str(term) not in SHARED:
            return URIRef(f"{term}-copy{k}")
        return term

    for k in range(n):
        for s, p, o in data:
            g.add((rename(s, k), p, rename(o, k)))
    return g


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--scale", type=int, nargs="*", default=[1])
    args = ap.parse_args(argv)

    t_parse, union = timed(load.load_all, args.repeat)
    print(f"parse ontology + data (rdflib): {t_parse:.3f} s, {len(union)} triples")
    t_shapes, shapes = timed(lambda: Graph().parse(paths.SHAPES_FILE, format="turtle"), args.repeat)
    print(f"parse shapes: {t_shapes:.3f} s, {len(shapes)} triples")
    ontology, data = load.load_ontology(), load.load_data()
    for n in args.scale:
        g = scaled(ontology, data, n)

        def plain():
            return pyshacl.validate(g, shacl_graph=shapes, inference="none", advanced=True)[0]

        def build():
            return validate_graph(g, shapes).conforms

        reps = args.repeat if n == 1 else 1
        t, conforms = timed(plain, reps)
        print(f"validate x{n} (pyshacl):        {len(g)} triples, {t:.2f} s, conforms={conforms}")
        t, conforms = timed(build, reps)
        print(f"validate x{n} (pactkg.build.validate): {len(g)} triples, {t:.2f} s, conforms={conforms}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
