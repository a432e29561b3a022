"""The benchmark's library: synthetic graphs N times the real one, and a per-shape validation profile.

The figures a user sees come from whole commands run as processes (bench/run.py, `make bench`: time,
CPU and the memory of the whole process tree, beside a naive rdflib pipeline measured in the same run).
This module holds what that needs from the package, and `pactkg bench --per-shape SCALE`: which node shapes
cost pyshacl the most on the graph at a scale (a profile for finding slow shapes, not a user's figure).

Synthetic graphs (write_copies): copy k (k = 1 … N-1) of the data renames every lvd: IRI by suffixing `-copyK`
(fact nodes included) and adds " K" to every rdfs:label / skos:altLabel (and lvp:attestedName, which repeats a
label), so that no two entities of a class share a label. The hubs are NOT renamed: the entities the real data
refers to most often (the source article, Latvia, the Soviet Union, the Red Army, the pact, the ports …; every
lvd: IRI that is the object of at least HUB_MIN_IN triples). Every copy's facts point at the same hubs, so a
hub's in-degree grows N times, as it would in a larger edition of the same history: the evidence check sees N
times the fragments (the copies still cite the article), shapes on the hubs see N times the values, the map
and the timeline N times the markers. The hubs' own triples are not copied (a hub exists once, with its own
label and links), nor the nodes a hub links to or only hubs refer to (shared_nodes): a copy never gives a hub
a second value of a link, so an answer that joins through a hub grows N times, not N^2 times. Other literals
are copied unchanged: evidence fragments must stay verbatim in the article, or the build would stop at the
evidence check and the benchmark would time a failure.
The quantities a pact has once are shared too (one_of_a_kind_quantities): the demand of 50 000 soldiers, the
ceiling of 25 000 men, the pact's term. A larger edition of the same history tells of more events, places,
people and garrisons around the same pact, but the pact was still first demanded with one number and agreed
with one ceiling: it would not have N demands and N ceilings of one pact. Each copy's demand and provision
point at the one shared quantity, so a question that compares two such numbers keeps one row at every scale
instead of N^2 (the copies' renamed quantities would give every demand every ceiling: 10^6 rows at 1000x).
The copies are N-Triples lines (also Turtle) in data/synthetic-copies-NNN.ttl beside the real data files
(several files: the build refuses an input file over 20 MB), so every command reads them as it reads the
real data.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from pactkg.common.inputs import Inputs

LVD = "https://w3id.org/lv-pact-1939/id/"  # pactkg.common.namespaces.LVD, as text
# Names that get the copy's number; lvp:attestedName too, as it must equal the Russian label it attests.
LABELS = {"http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#altLabel",
          "https://w3id.org/lv-pact-1939/ontology#attestedName"}
QUANTITY_KIND = "https://w3id.org/lv-pact-1939/ontology#quantityKind"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
TRANSLATION = "https://w3id.org/lv-pact-1939/ontology#Translation"
HUB_MIN_IN = 4  # 19 entities on 27 Nov (in-degree 4 to 98)
COPIES_NAME = "synthetic-copies-{:03d}.ttl"
COPIES_FILE_BYTES = 12_000_000  # a new file once one holds this much (input_guards.MAX_FILE_BYTES is 20 MB)


def read_data(data_dir: Path) -> list[ox.Triple]:
    triples = []
    for f in sorted(Path(data_dir).glob("*.ttl")):
        triples += [q.triple for q in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE)]
    return triples


def hubs(triples: list[ox.Triple], min_in: int = HUB_MIN_IN) -> set[str]:
    indeg = collections.Counter(
        t.object.value for t in triples if isinstance(t.object, ox.NamedNode) and t.object.value.startswith(LVD)
    )
    return {iri for iri, n in indeg.items() if n >= min_in}


def owned_by_hubs(triples: list[ox.Triple], hub: set[str]) -> set[str]:
    """lvd: nodes that only hubs (or nodes they own) refer to, e.g. a city's geometry: part of the hub."""
    referrers: dict[str, set[str]] = collections.defaultdict(set)
    for t in triples:
        if isinstance(t.object, ox.NamedNode) and t.object.value.startswith(LVD) and isinstance(t.subject, ox.NamedNode):
            referrers[t.object.value].add(t.subject.value)
    owned: set[str] = set()
    while True:
        more = {o for o, rs in referrers.items() if o not in hub and o not in owned and rs <= hub | owned}
        if not more:
            return owned
        owned |= more


def shared_nodes(triples: list[ox.Triple], hub: set[str]) -> set[str]:
    """The lvd: nodes every copy shares: the hubs, the nodes they link to (the corps' headquarters, the
    attack's ship, the flight's travellers), and the nodes only those refer to (a city's geometry).

    A hub's links are not copied: were each copy to add its own (the corps with one more headquarters per
    copy), a one-valued link would get N values and every question joining through it N^2 rows.
    """
    linked = {t.object.value for t in triples if isinstance(t.subject, ox.NamedNode) and t.subject.value in hub
              and isinstance(t.object, ox.NamedNode) and t.object.value.startswith(LVD)}
    core = hub | linked
    return core | owned_by_hubs(triples, core)


def one_of_a_kind_quantities(triples: list[ox.Triple]) -> set[str]:
    """lvd: quantities whose kind (lvp:quantityKind) no other quantity of the data has: a number the
    history states once (the demand, the ceiling, the term of the pact), shared by every copy (see above)."""
    kinds = {t.subject.value: t.object.value for t in triples
             if t.predicate.value == QUANTITY_KIND and isinstance(t.subject, ox.NamedNode)}
    count = collections.Counter(kinds.values())
    return {q for q, kind in kinds.items() if count[kind] == 1 and q.startswith(LVD)}


def translations(triples: list[ox.Triple]) -> set[str]:
    """lvd: translations (lvp:Translation): the data gives one English rendering per distinct Latvian string,
    and the copies quote the same strings word for word, so a copy's renderings would be second renderings of
    the same words. Shared by every copy; copied, each quoted string had N renderings whose pages each list
    the N quoting facts: N^2 in the site (about 50 GB of pages at 1000x, wt15s's measure, session 19)."""
    return {t.subject.value for t in triples
            if t.predicate.value == RDF_TYPE and t.object.value == TRANSLATION
            and isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(LVD)}


def _term(t) -> str:
    return str(t)  # pyoxigraph writes terms in N-Triples syntax


def write_copies(data_dir: Path, copies: int, out_dir: Path) -> dict:
    """Write copies 1 … copies-1 of the data in `data_dir` into `out_dir` (COPIES_NAME files, each under
    COPIES_FILE_BYTES: the build refuses larger input files); return counts (triples, hubs, files)."""
    triples = read_data(data_dir)
    hub = hubs(triples)
    fixed = shared_nodes(triples, hub) | one_of_a_kind_quantities(triples) | translations(triples)
    written = 0
    files: list[Path] = []
    fh = None
    try:
        for k in range(1, copies):
            suffix = f"-copy{k}"
            lines = []
            for t in triples:
                s, o = t.subject, t.object
                o_renamed = isinstance(o, ox.NamedNode) and o.value.startswith(LVD) and o.value not in fixed
                if not isinstance(s, ox.NamedNode):
                    continue
                if s.value in fixed:
                    continue  # a hub (and what it links to) exists once, with its own triples
                if s.value.startswith(LVD):
                    s = ox.NamedNode(s.value + suffix)
                if o_renamed:
                    o = ox.NamedNode(o.value + suffix)
                elif isinstance(o, ox.Literal) and t.predicate.value in LABELS:
                    o = ox.Literal(f"{o.value} {k}", language=o.language) if o.language else \
                        ox.Literal(f"{o.value} {k}", datatype=o.datatype)
                lines.append(f"{_term(s)} {_term(t.predicate)} {_term(o)} .\n")
            if fh is None or fh.tell() > COPIES_FILE_BYTES:
                if fh is not None:
                    fh.close()
                files.append(Path(out_dir) / COPIES_NAME.format(len(files) + 1))
                fh = open(files[-1], "w", encoding="utf-8", newline="\n")
            fh.writelines(lines)
            written += len(lines)
    finally:
        if fh is not None:
            fh.close()
    return {"real_data_triples": len(triples), "copy_triples": written, "hubs": len(hub), "files": len(files)}


def run_step(step: str) -> dict:
    """The per-shape profile in this process, on Inputs.from_env() (see main_per_shape)."""
    from pactkg.build import load, validate

    if step != "validate-per-shape":
        raise SystemExit(f"unknown step {step!r}")
    inputs = Inputs.from_env()
    g = load.load_graph(inputs.graph_files())
    shapes = validate.load_shapes(inputs.shapes_file)
    info: dict = {"step": step, "triples": len(g)}
    info["targets"] = target_times(g, shapes)
    info["shapes"] = shape_times(g, shapes)
    info["seconds"] = sum(t for _, t in info["shapes"])
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
    """Environment for a subprocess that sees a data dir with the graph at this scale (connected copies)."""
    import shutil

    env = dict(os.environ)
    data_dir = base.data_dir
    if scale > 1:
        data_dir = workdir / f"data-{scale}x"
        data_dir.mkdir(parents=True, exist_ok=True)
        for f in base.data_files():
            shutil.copyfile(f, data_dir / f.name)
        write_copies(base.data_dir, scale, data_dir)
    env.update(
        PACTKG_DATA_DIR=str(data_dir),
        PACTKG_ONTOLOGY=str(base.ontology_file),
        PACTKG_SHAPES=str(base.shapes_file),
        PACTKG_CHECKS_DIR=str(base.checks_dir),
        PACTKG_SOURCE=str(base.source_file),
    )
    return env


def main_per_shape(scale: int, top: int = 15) -> int:
    """Which shapes cost the most: one validation per node shape, on the graph at the given scale."""
    base = Inputs.from_env()
    with tempfile.TemporaryDirectory(prefix="pactkg-bench-") as tmp:
        env = prepare(scale, Path(tmp), base)
        info = _run_in_subprocess("validate-per-shape", env)
    if "shapes" not in info:
        print(info.get("note", "failed"), file=sys.stderr)
        return 1
    print(f"graph {scale}x: {info['triples']} triples")
    print(f"SPARQL-based targets on pyoxigraph (slowest 5 of {len(info['targets'])}):")
    for name, seconds in info["targets"][:5]:
        print(f"  {seconds:8.3f} s  {name}")
    print(f"\npyshacl time per node shape, its property shapes nested (slowest {top}; "
          f"total {info['seconds']:.2f} s):")
    for name, seconds in info["shapes"][:top]:
        print(f"  {seconds:8.2f} s  {name}")
    print("\nA profile for finding slow shapes; the build's figures come from `make bench` (bench/run.py).")
    return 0


def add_arguments(parser) -> None:
    parser.add_argument("--per-shape", metavar="SCALE", default="10",
                        help="time validation shape by shape on the graph at this scale (default 10)")
    parser.add_argument("--step", help=argparse.SUPPRESS)  # internal: run the profile in this process


def run(args) -> int:
    if args.step:
        print(json.dumps(run_step(args.step)))
        return 0
    return main_per_shape(int(args.per_shape))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m pactkg.build.benchmark")
    add_arguments(parser)
    sys.exit(run(parser.parse_args()))
