"""Benchmark for the query page without an endpoint: what answering from the dump inside the browser would cost
with Oxigraph's WebAssembly build (the npm package `oxigraph`), so that docs/site.md can decide on figures.

Prints the size of the WebAssembly file (raw and gzip -9), of the dump (raw and gzip -9), and, in headless
Chromium (Debian's, as the site's tests use) on a 127.0.0.1 server, for N fresh page loads: the time to fetch
and compile the WebAssembly, to fetch and load the dump into a store, and to answer one gallery question
(queries/cq-find-by-any-name.rq). A benchmark, not a test: it prints figures and asserts nothing.

The package is not one of the site's dependencies (docs/site.md says why); unpack it anywhere first:
    npm install --prefix /tmp/oxigraph-js --ignore-scripts oxigraph@0.5.11
    python bench/site_wasm_bench.py --oxigraph /tmp/oxigraph-js/node_modules/oxigraph --dump dist/lv-pact-1939.ttl
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import tempfile
from pathlib import Path

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>wasm bench</title></head><body>
<script type="module">
import init, { Store } from "./web.js";
const t0 = performance.now();
await init({ module_or_path: "./web_bg.wasm" });
const t1 = performance.now();
const text = await (await fetch("./dump.ttl")).text();
const store = new Store();
store.load(text, { format: "text/turtle" });
const t2 = performance.now();
const query = await (await fetch("./question.rq")).text();
const rows = store.query(query);
const t3 = performance.now();
window.__result = { init: t1 - t0, load: t2 - t1, query: t3 - t2, triples: store.size, rows: rows.length };
</script></body></html>
"""


def kib(n: int) -> str:
    return f"{n / 1024:,.0f} KiB"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--oxigraph", type=Path, required=True, help="the unpacked npm package (holds web.js, web_bg.wasm)")
    ap.add_argument("--dump", type=Path, default=Path("dist/lv-pact-1939.ttl"))
    ap.add_argument("--question", type=Path, default=Path("queries/cq-find-by-any-name.rq"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    from pactkg.site.browser import chromium, serve

    wasm = args.oxigraph / "web_bg.wasm"
    version = json.loads((args.oxigraph / "package.json").read_text(encoding="utf-8"))["version"]
    for what, path in (("oxigraph " + version + " web_bg.wasm", wasm), ("oxigraph web.js", args.oxigraph / "web.js"),
                       ("dump " + args.dump.name, args.dump)):
        raw = path.read_bytes()
        print(f"{what}: {kib(len(raw))} raw, {kib(len(gzip.compress(raw, 9)))} gzip -9")
    with tempfile.TemporaryDirectory(prefix="wasm-bench-") as tmp:
        d = Path(tmp)
        for name in ("web.js", "web_bg.wasm"):
            shutil.copyfile(args.oxigraph / name, d / name)
        shutil.copyfile(args.dump, d / "dump.ttl")
        shutil.copyfile(args.question, d / "question.rq")
        (d / "index.html").write_text(PAGE, encoding="utf-8")
        results = []
        with serve(d) as base, chromium() as browser:
            for _ in range(args.runs):
                ctx = browser.new_context()  # a fresh context: nothing cached between runs
                page = ctx.new_page()
                page.goto(base + "index.html")
                page.wait_for_function("window.__result !== undefined", timeout=120_000)
                results.append(page.evaluate("window.__result"))
                ctx.close()
    r0 = results[0]
    print(f"store: {r0['triples']} triples; the question answered {r0['rows']} rows")
    for key, what in (("init", "fetch + compile the WebAssembly"), ("load", "fetch + load the dump"),
                      ("query", "answer the question")):
        xs = [r[key] / 1000 for r in results]
        print(f"{what}: median {statistics.median(xs):.3f} s (min {min(xs):.3f}, max {max(xs):.3f}, n={len(xs)})")
    total = [(r["init"] + r["load"] + r["query"]) / 1000 for r in results]
    print(f"from page load to the first answer: median {statistics.median(total):.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
