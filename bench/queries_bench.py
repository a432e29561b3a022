"""Benchmark of the SPARQL layer (a benchmark, not a test: it prints figures and asserts nothing).

    python bench/queries_bench.py              # median latency of every competency question, embedded + server
    python bench/queries_bench.py --engines    # also: rdflib's SPARQL engine against pyoxigraph (the engine choice)
    python bench/queries_bench.py --scales 10,30,100,300   # each question's and QC check's rows and CPU, fitted k
    PACTKG_DATA_DIR=/tmp/d1000 python bench/queries_bench.py --split   # `pactkg questions`' two processes, timed

Embedded: pyoxigraph over ontology/ + data/, each question run --repeat times after one warm-up run.
Scales: for each scale, a copy of the working tree with the synthetic data (bench/run.py's prepare: connected
copies, hubs shared), loaded into pyoxigraph in this process; each question runs once (CPU seconds of the
query and of reading its rows into Results, then rows), and per question the growth exponent k (CPU ~ triples^k,
least squares on log-log; rows ~ triples^k too) is printed. A question with k well above 1 is superlinear.
Split: the steps of `pactkg questions` as it runs them (the store loaded with its strict check beside it, the
questions handed out to this process and a forked one by competency_questions.work_order), each question's wall
start and end, CPU and minor page faults (a page shared with the other process after the fork is copied on its
first write), and when each process ends: where the command's wall time goes and whether both finish together.
Server: the real `oxigraph serve-read-only` over the dump on a free port, queried through SPARQLWrapper (so the
figure includes HTTP and JSON parsing). Aim: the median question under 20 ms on the embedded store.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from pactkg.build import load  # noqa: E402
from pactkg.query import competency_questions, embedded_store, remote_endpoint, server  # noqa: E402


def median_ms(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def bench_questions(repeat: int, with_server: bool) -> None:
    questions = competency_questions.load_questions()
    t = time.perf_counter()
    st = embedded_store.open_store()
    load_ms = (time.perf_counter() - t) * 1000
    print(f"embedded store: {len(st)} triples loaded from ontology/ + data/ in {load_ms:.0f} ms "
          f"(pyoxigraph, parsing the Turtle files directly)\n")
    embedded = {q.name: median_ms(lambda q=q: competency_questions.answer(q, store=st), repeat) for q in questions}
    remote: dict[str, float] = {}
    if with_server:
        from pactkg.build.turtle_writer import to_turtle

        with tempfile.TemporaryDirectory(prefix="pactkg-bench-") as tmp:
            dump = Path(tmp) / "lv-pact-1939.ttl"
            dump.write_text(to_turtle(load.load_all()), encoding="utf-8")
            server.load_store(dump, Path(tmp) / "store")
            with server.running_server(Path(tmp) / "store") as base:
                url = base + "/query"
                for q in questions:
                    remote[q.name] = median_ms(lambda q=q: remote_endpoint.query(url, q.text, q.name), repeat)
    width = max(len(n) for n in embedded)
    print(f"{'question':<{width}}  {'embedded ms':>11}  {'server ms':>9}")
    for q in questions:
        srv = f"{remote[q.name]:9.2f}" if remote else f"{'-':>9}"
        print(f"{q.name:<{width}}  {embedded[q.name]:11.2f}  {srv}")
    e = sorted(embedded.values())
    print(f"\n{len(e)} questions, median of {repeat} runs each")
    print(f"embedded: median {statistics.median(e):.2f} ms, slowest {e[-1]:.2f} ms "
          f"(aim: median under 20 ms: {'met' if statistics.median(e) < 20 else 'NOT met'})")
    if remote:
        r = sorted(remote.values())
        print(f"server:   median {statistics.median(r):.2f} ms, slowest {r[-1]:.2f} ms (HTTP + JSON included)")


# ---- engine choice: rdflib vs pyoxigraph on a graph shaped like ours -----------------------------------

SYNTH_QUERY = """
PREFIX lvp: <https://w3id.org/lv-pact-1939/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?e ?placeName ?who WHERE {
  ?e a lvp:Signing ; lvp:date ?d ; lvp:place ?p ; lvp:participant ?x .
  ?p rdfs:label ?placeName .
  ?x rdfs:label ?who .
  FILTER(?d >= "1939-10-01"^^xsd:date && ?d <= "1939-10-31"^^xsd:date)
}"""


# The same question written starting from the labels (as people often write it): rdflib evaluates patterns
# in the written order, Oxigraph plans its own order, so only rdflib's time changes.
SYNTH_QUERY_LABELS_FIRST = """
PREFIX lvp: <https://w3id.org/lv-pact-1939/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?e ?placeName ?who WHERE {
  ?x rdfs:label ?who .
  ?p rdfs:label ?placeName .
  ?e lvp:participant ?x ; lvp:place ?p ; lvp:date ?d ; a lvp:Signing .
  FILTER(?d >= "1939-10-01"^^xsd:date && ?d <= "1939-10-31"^^xsd:date)
}"""


def synthetic_turtle(n_events: int) -> str:
    """Events with a date, a place, two participants, a source and labels: ~10 triples per event."""
    lines = ["@prefix lvp: <https://w3id.org/lv-pact-1939/ontology#> .",
             "@prefix lvd: <https://w3id.org/lv-pact-1939/id/> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."]
    n_people, n_places = max(10, n_events // 5), max(5, n_events // 20)
    for i in range(n_people):
        lines.append(f'lvd:person-{i} a lvp:Person ; rdfs:label "Person {i}"@en , "Persona {i}"@lv .')
    for i in range(n_places):
        lines.append(f'lvd:place-{i} a lvp:Settlement ; rdfs:label "Place {i}"@en , "Vieta {i}"@lv .')
    classes = ["Signing", "Demand", "Negotiation", "Speech"]
    for i in range(n_events):
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        lines.append(
            f"lvd:event-{i} a lvp:{classes[i % 4]} ; rdfs:label \"Event {i}\"@en ; "
            f"lvp:date \"1939-{month:02d}-{day:02d}\"^^xsd:date ; lvp:place lvd:place-{i % n_places} ; "
            f"lvp:participant lvd:person-{i % n_people} , lvd:person-{(i * 7) % n_people} ; "
            f"lvp:source lvd:source-lvwiki-article ; lvp:evidence \"…\"@lv .")
    return "\n".join(lines) + "\n"


RDFLIB_CHILD = r"""
import sys, time
from rdflib import Graph
g = Graph(); g.parse(data=sys.stdin.read(), format="turtle")
q = sys.argv[1]
t = time.perf_counter(); n = len(list(g.query(q))); dt = time.perf_counter() - t
print(len(g), n, dt)
"""


def _rdflib_seconds(ttl: str, query: str, limit_s: float) -> tuple[str, int | None]:
    """rdflib's query time in a child process (so that a runaway query can be cut off)."""
    try:
        proc = subprocess.run([sys.executable, "-c", RDFLIB_CHILD, query], input=ttl,
                              capture_output=True, text=True, timeout=limit_s)
        _, rows, secs = proc.stdout.split()
        return f"{float(secs):.2f} s", int(rows)
    except subprocess.TimeoutExpired:
        return f"> {limit_s:g} s (cut)", None


def bench_engines(sizes: list[int], rdflib_limit_s: float) -> None:
    import pyoxigraph as ox

    print(f"\nengine choice: a four-way join with a date filter on synthetic graphs shaped like ours")
    print(f"(events with type, date, place, two participants, source, evidence; rdflib cut off at "
          f"{rdflib_limit_s:g} s)")
    print(f"{'triples':>8}  {'rows':>5}  {'rdflib, selective order':>24}  {'rdflib, labels first':>21}  "
          f"{'pyoxigraph (either)':>19}")
    for n in sizes:
        ttl = synthetic_turtle(n)
        st = ox.Store()
        st.load(input=ttl, format=ox.RdfFormat.TURTLE)
        ox_ms = max(median_ms(lambda q=q: list(st.query(q)), 5) for q in (SYNTH_QUERY, SYNTH_QUERY_LABELS_FIRST))
        rows = len(list(st.query(SYNTH_QUERY)))
        assert rows == len(list(st.query(SYNTH_QUERY_LABELS_FIRST)))
        a, ra = _rdflib_seconds(ttl, SYNTH_QUERY, rdflib_limit_s)
        b, rb = _rdflib_seconds(ttl, SYNTH_QUERY_LABELS_FIRST, rdflib_limit_s)
        assert ra in (None, rows) and rb in (None, rows), "the engines disagree"
        print(f"{len(st):>8}  {rows:>5}  {a:>24}  {b:>21}  {ox_ms:16.2f} ms")


RDFLIB_CQ_CHILD = r"""
import json, statistics, sys, time
from rdflib.plugins.sparql import prepareQuery
from pactkg.build import load
g = load.load_all()
repeat = int(sys.argv[1])


def median_s(query):
    g.query(query).bindings  # warm-up (and the whole evaluation: .bindings reads every row)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        g.query(query).bindings
        times.append(time.perf_counter() - t)
    return statistics.median(times)


for path in sys.argv[2:]:
    text = open(path, encoding="utf-8").read()
    try:
        # as a user calls it (rdflib parses the text on every call), and prepared once (evaluation alone)
        print(json.dumps([path, "ok", median_s(text), median_s(prepareQuery(text))]), flush=True)
    except Exception as exc:  # noqa: BLE001 - a question rdflib cannot answer is reported, not fatal
        print(json.dumps([path, "error " + type(exc).__name__, None, None]), flush=True)
"""


def bench_rdflib_on_questions(limit_s: float, repeat: int = 5) -> None:
    """The real questions on rdflib's engine against pyoxigraph, warm against warm: each engine runs each
    question once untimed, then `repeat` times (median). rdflib runs in one child process (the graph parsed
    once), cut off after limit_s seconds in all."""
    questions = competency_questions.load_questions()
    st = embedded_store.open_store()
    print(f"\nthe competency questions on rdflib's SPARQL engine and on pyoxigraph, warm (one untimed run, "
          f"then the median of {repeat}; rdflib cut off after {limit_s:g} s in all)")
    print(f"{'question':<36}  {'rdflib text':>11}  {'prepared':>11}  {'pyoxigraph':>11}  {'ratios':>13}")
    proc = subprocess.Popen([sys.executable, "-c", RDFLIB_CQ_CHILD, str(repeat)] + [str(q.path) for q in questions],
                            stdout=subprocess.PIPE, text=True)
    timer = threading.Timer(limit_s, proc.kill)
    timer.start()
    out = {}
    for line in proc.stdout:
        path, status, secs, prepared = json.loads(line)
        out[path] = (status, secs, prepared)
    proc.wait()
    timer.cancel()
    rows = []
    for q in questions:
        ox_ms = median_ms(lambda q=q: competency_questions.answer(q, store=st), repeat)
        status, secs, prepared = out.get(str(q.path), ("cut", None, None))
        if status == "ok":
            a, b = secs * 1000, prepared * 1000
            rows.append((a, b, ox_ms))
            print(f"{q.name:<36}  {a:8.2f} ms  {b:8.2f} ms  {ox_ms:8.2f} ms  {a / ox_ms:5.0f}x {b / ox_ms:5.0f}x")
        else:
            print(f"{q.name:<36}  {'(cut off)' if status == 'cut' else 'unsupported':>11}  {'':>11}  {ox_ms:8.2f} ms")
    if rows:
        med = [statistics.median(r[i] for r in rows) for i in range(3)]
        print(f"over the {len(rows)} questions rdflib answered, medians: rdflib {med[0]:.2f} ms with the text "
              f"({med[0] / med[2]:.0f}x pyoxigraph), {med[1]:.2f} ms prepared ({med[1] / med[2]:.0f}x), "
              f"pyoxigraph {med[2]:.2f} ms")


def answer_all(repo: Path) -> dict:
    """In a fresh process (see bench_scales): load the copy in `repo`, answer every question once."""
    files = [repo / "ontology" / "pact.ttl"] + sorted((repo / "data").glob("*.ttl"))
    t = time.process_time()
    st = embedded_store.open_store(files)
    out = {"triples": len(st), "load_s": time.process_time() - t, "questions": {}}
    for q in competency_questions.load_questions():
        t = time.process_time()
        n = len(competency_questions.answer(q, store=st).rows)
        out["questions"][q.name] = (n, time.process_time() - t)
    # The QC checks on the same store (the build runs them on its dump's store: the same triples but for
    # what dump_graph adds), one process: each check's CPU, as the questions'.
    from pactkg.build import qc_checks

    out["checks"] = {}
    for f in qc_checks.check_files(repo / "queries" / "checks"):
        t = time.process_time()
        n = len(qc_checks.run_query(st, f))
        out["checks"][f.stem] = (n, time.process_time() - t)
    return out


def bench_split() -> None:
    """`pactkg questions` step by step, timed (see the module docstring: Split)."""
    import os
    import resource

    from pactkg.common import fork_map

    start = time.perf_counter()
    files = embedded_store.default_files()
    t, c = time.perf_counter(), time.process_time()
    st = embedded_store.open_store(files)
    loaded, load_cpu = time.perf_counter() - start, time.process_time() - c
    questions = competency_questions.load_questions()
    large = sum(f.stat().st_size for f in files) >= competency_questions.PARALLEL_FROM_BYTES
    workers = fork_map.workers_for(large)
    order = competency_questions.work_order(questions) if workers > 1 else list(range(len(questions)))

    def timed(i: int) -> tuple:
        q = questions[i]
        faults, t0, c0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt, time.perf_counter(), time.process_time()
        table = competency_questions.answer(q, store=st).to_table()
        return (q.name, os.getpid(), t0 - start, time.perf_counter() - start, time.process_time() - c0,
                resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults, len(table))

    done = fork_map.fork_map(timed, order, workers)
    ended = time.perf_counter() - start
    checked = sum(f.stat().st_size for f in files) >= embedded_store.LENIENT_FROM_BYTES
    print(f"{len(files)} files loaded in {loaded:.2f} s ({load_cpu:.2f} s CPU in this process"
          f"{', the strict check beside it' if checked else ''}), then {len(questions)} questions in {workers} "
          f"process(es); all answered at {ended:.2f} s")
    pids = sorted({d[1] for d in done}, key=lambda p: p != os.getpid())
    for n, pid in enumerate(pids):
        mine = [d for d in done if d[1] == pid]
        print(f"process {n + 1}{' (the command)' if pid == os.getpid() else ' (forked)'}: {len(mine)} questions, "
              f"{sum(d[4] for d in mine):.2f} s CPU, {sum(d[5] for d in mine)} page faults, last ends at "
              f"{max(d[3] for d in mine):.2f} s")
    width = max(len(q.name) for q in questions)
    print(f"\n{'question':<{width}}  proc  {'start':>6} {'end':>6} {'cpu s':>6} {'faults':>7}")
    for d in sorted(done, key=lambda d: -d[4]):
        print(f"{d[0]:<{width}}  {pids.index(d[1]) + 1:>4}  {d[2]:6.2f} {d[3]:6.2f} {d[4]:6.3f} {d[5]:7d}")


def bench_scales(scales: list[int]) -> None:
    """Each question's rows and CPU seconds at each scale, with fitted exponents (see the module docstring).
    Each scale is answered in a child process of its own: in this one, what preparing the copies left behind
    made every later query slower (0.08 s for a one-row question at 300x against 1 ms in a fresh process)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import run as whole  # noqa: E402  (bench/run.py: prepare, fit_exponent)

    rows: dict[str, list[tuple[int, int, float]]] = {}
    checks: dict[str, list[tuple[int, int, float]]] = {}
    sizes, loads = [], []
    with tempfile.TemporaryDirectory(prefix="pactkg-qscale-") as tmp:
        for scale in scales:
            repo, _ = whole.prepare(scale, Path(tmp))
            child = subprocess.run([sys.executable, __file__, "--answer-all", str(repo)], check=True,
                                   capture_output=True, text=True)
            info = json.loads(child.stdout)
            sizes.append(info["triples"])
            loads.append(info["load_s"])
            print(f"{scale}x: {info['triples']} triples, loaded in {info['load_s']:.2f} s CPU", flush=True)
            for name, (n, cpu) in info["questions"].items():
                rows.setdefault(name, []).append((info["triples"], n, cpu))
            for name, (n, cpu) in info["checks"].items():
                checks.setdefault(name, []).append((info["triples"], n, cpu))
            shutil.rmtree(repo)
    width = max(len(n) for n in list(rows) + list(checks) + ["loading the store"])
    _print_growth("question", "all questions", rows, scales, width, whole.fit_exponent)
    print(f"{'loading the store':<{width}}  " + "  ".join(f"{'':>10} {c:7.3f}" for c in loads)
          + f"  {'':>6} {whole.fit_exponent(list(zip(sizes, loads))):6.2f}")
    _print_growth("QC check", "all QC checks", checks, scales, width, whole.fit_exponent)
    print("\nCPU of one run per question and per QC check (query and reading the rows), in one process; k "
          "fitted over the scales given. Small times are noisy: read k for those that take tenths of a second.")


def _print_growth(what: str, total_label: str, rows: dict, scales: list[int], width: int, fit) -> None:
    head = "  ".join(f"{f'{s}x rows':>10} {'cpu s':>7}" for s in scales)
    print(f"\n{what:<{width}}  {head}  {'k rows':>6} {'k cpu':>6}")
    for name, points in rows.items():
        cells = "  ".join(f"{n:>10} {c:7.3f}" for _, n, c in points)
        k_rows = fit([(size, max(n, 1)) for size, n, _ in points])
        k_cpu = fit([(size, max(c, 1e-4)) for size, _, c in points])
        print(f"{name:<{width}}  {cells}  {k_rows:6.2f} {k_cpu:6.2f}")
    sizes = [size for size, _, _ in next(iter(rows.values()))]
    total = [sum(p[i][2] for p in rows.values()) for i in range(len(scales))]
    print(f"{total_label:<{width}}  " + "  ".join(f"{'':>10} {c:7.3f}" for c in total)
          + f"  {'':>6} {fit(list(zip(sizes, total))):6.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20, help="runs per question (default 20)")
    ap.add_argument("--no-server", action="store_true", help="embedded store only")
    ap.add_argument("--engines", action="store_true",
                    help="also compare rdflib's SPARQL engine with pyoxigraph (slow: minutes)")
    ap.add_argument("--sizes", default="250,500,1000", help="events in the synthetic graphs (~10 triples each)")
    ap.add_argument("--rdflib-limit", type=float, default=60.0, help="seconds before rdflib is cut off")
    ap.add_argument("--scales", help="only this: each question's rows and CPU at these scales (e.g. 10,30,100,300)")
    ap.add_argument("--split", action="store_true",
                    help="only this: `pactkg questions` step by step, each question timed in the process that answers it")
    ap.add_argument("--answer-all", type=Path, help=argparse.SUPPRESS)  # internal: one scale, in a child
    args = ap.parse_args()
    if args.answer_all:
        print(json.dumps(answer_all(args.answer_all)))
        return 0
    if args.split:
        bench_split()
        return 0
    if args.scales:
        bench_scales([int(x) for x in args.scales.split(",")])
        return 0
    bench_questions(args.repeat, not args.no_server)
    if args.engines:
        bench_engines([int(x) for x in args.sizes.split(",")], args.rdflib_limit)
        bench_rdflib_on_questions(args.rdflib_limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
