"""The build: parse, validate (SHACL), run the QC checks and the evidence check, then write dist/.

dist/ is written only when everything passes, and never half: the files go to a new directory beside
dist/, which then replaces dist/ by rename. On any failure the previous dist/ is left exactly as it was.
dist/ is replaced as a whole; targets that add files to it (publishing, site) run after the build.

`make` runs all of this in one process (parsing once) so that it stays fast.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from pactkg.build import evidence_check, geometry_check, input_guards, quoted_words_check, vocabulary_check
from pactkg.build import load
from pactkg.build import qc_checks
from pactkg.build import summary
from pactkg.common import atomic_swap, build_lock, memory_return, output_folder, paths, staging
from pactkg.build import validate
from pactkg.common.inputs import Inputs
from pactkg.build.dump_graph import dump_graph
from pactkg.build.turtle_writer import short, write_turtle

DUMP_NAME = "lv-pact-1939.ttl"
SUMMARY_NAME = "summary.txt"


class BuildFailed(Exception):
    """Validation, a QC check or the evidence check failed; the message is the readable report."""


def _print(text: str) -> None:
    print(text, flush=True)  # flushed, so that it comes before a failure report on stderr


def check(inputs: Inputs, log: Callable[[str], None] = _print, qc: bool = True):
    """Parse and run every check; return the union graph. Raises ParseError, ShapesMissing, BuildFailed.

    qc=False leaves the QC checks out: build() runs them on the dump it is about to write (the same
    triples plus the derived ones), once, and the release's quality report reuses those results."""
    if Path(inputs.shapes_file).is_file():  # a missing file is ShapesMissing's to report
        try:
            input_guards.check_inputs(inputs)
        except input_guards.InputRefused as exc:
            raise BuildFailed(str(exc)) from None
    terms: dict = {}  # one object per term in the shapes and the graph (load.load_graph)
    shapes = validate.load_shapes(inputs.shapes_file, terms)
    # The files in pyoxigraph first: for the SHACL SPARQL-based targets (fast SPARQL) and the QC checks.
    # Without the QC checks (the build) the store is freed before rdflib parses the same files, so that
    # the two are never held at once (docs/benchmarks.md, memory).
    store = qc_checks.store_from_files(inputs.graph_files(), explain=load.parse_file)
    prepared = validate.prepare_shapes(shapes, store)
    vocabulary = vocabulary_check.report(store, inputs.graph_files(), short)  # reported in its turn below
    if not qc:
        store = None
        memory_return.give_back()  # the store's pages, before the graph is parsed (800 MB at 1000x)
    graph = load.load_graph(inputs.graph_files(), terms)
    del terms
    report = validate.validate_prepared(graph, prepared, shapes)
    if not report.conforms:
        raise BuildFailed(validate.format_report(report))
    log(validate.format_report(report))

    if qc:
        _run_qc(store, inputs, log)

    ok, text = evidence_check.report(graph, inputs.source_file)
    if not ok:
        raise BuildFailed(text)
    log(text)

    ok, text = quoted_words_check.report(graph, inputs.source_file)
    if not ok:
        raise BuildFailed(text)
    log(text)

    ok, text = vocabulary
    if not ok:
        raise BuildFailed(text)
    log(text)

    try:
        misplaced = geometry_check.misplaced(graph, geometry_check.read_rings(geometry_check.outline_path()))
    except geometry_check.OutlineError as exc:
        raise BuildFailed(str(exc)) from None
    if misplaced:
        raise BuildFailed("Geometry: " + f"{len(misplaced)} place(s) outside Latvia's outline\n"
                          + "\n".join("  " + m.message(short) for m in misplaced))
    log(f"Geometry: every place in Latvia lies inside its outline "
        f"(coastal places within {geometry_check.COAST_TOLERANCE_KM:g} km)")
    return graph


def _run_qc(store: ox.Store, inputs: Inputs, log: Callable[[str], None]) -> list:
    """The QC checks on `store`; BuildFailed when one returns rows. Returns the (empty) failures."""
    try:
        failures = qc_checks.run_checks(store, inputs.checks_dir)
    except qc_checks.CheckError as exc:
        raise BuildFailed(str(exc)) from exc
    text = qc_checks.format_failures(failures, inputs.checks_dir, len(qc_checks.check_files(inputs.checks_dir)))
    if failures:
        raise BuildFailed(text)
    log(text)
    return failures


def shrink_guard(previous_dump: Path, new_dump: Path, allow: bool, log: Callable[[str], None] = _print) -> str | None:
    """Refuse (BuildFailed) a dump that loses entities against the one it replaces, unless `allow`; return
    the note that says what was lost when allowed."""
    previous = input_guards.entities_of_dump(previous_dump)
    if previous is None:
        return None
    new = input_guards.entities_of_dump(new_dump)
    if new is None:
        raise BuildFailed(f"internal error: {new_dump} does not parse")
    gone, facts = input_guards.lost(previous, new)
    if not gone:
        return None
    if not allow:
        raise BuildFailed(input_guards.shrink_message(gone, facts, previous_dump))
    note = input_guards.shrink_note(gone, facts)
    log(note)
    return note


def build(dist_dir: Path | str | None = None, inputs: Inputs | None = None, log: Callable[[str], None] = _print,
          allow_shrink: bool = False) -> Path:
    """Check everything, then write DUMP_NAME and SUMMARY_NAME into dist_dir; return the dump's path.

    A dump already in dist_dir is the previous one: losing entities against it needs allow_shrink."""
    inputs = inputs or Inputs.from_env()
    dist = Path(dist_dir) if dist_dir is not None else inputs.dist_dir
    graph = check(inputs, log, qc=False)

    dist.parent.mkdir(parents=True, exist_ok=True)
    new = staging.make(dist, "new")
    try:
        os.chmod(new, 0o755)
        graph = dump_graph(graph, in_place=True)  # + our hierarchy, time bounds, SKOS/FOAF labels; canonical numbers
        # Written into the staging folder piece by piece (no whole text in memory), then read back: prove the
        # dump parses and has every triple before publishing it (pyoxigraph: seconds), and run the QC checks
        # on exactly the triples published.
        write_turtle(graph, new / DUMP_NAME)
        size, triples = (new / DUMP_NAME).stat().st_size, len(graph)
        text = summary.format_summary(graph)
        # The graph (about 0.7 kB a triple with its terms) goes before the store is filled, so that the two are
        # never held at once; it holds reference cycles (graph, store, namespace manager), hence the collection
        # (memory_return). Nothing reads it after: the release and the site stream the dump's triples from the
        # file (an Oxigraph store could not stand in for them: it gives "12"^^xsd:positiveInteger back as
        # xsd:integer, oxigraph/oxigraph#1413). The build's peak at 100x: 494 -> 358 MB (docs/benchmarks.md,
        # session 20).
        del graph
        memory_return.give_back()
        # Store.load, not bulk_load: the same triples with a third less peak memory in memory (a 100x dump,
        # 288 646 triples: 129 against 198 MB, the same CPU; docs/benchmarks.md, session 20).
        store = ox.Store()
        store.load(path=str(new / DUMP_NAME), format=ox.RdfFormat.TURTLE)
        if len(store) != triples:
            raise BuildFailed(f"internal error: the dump has {len(store)} triples, the graph {triples}")
        failures = _run_qc(store, inputs, log)
        del store
        memory_return.give_back()
        qc_checks.remember_results(new / DUMP_NAME, inputs.checks_dir, failures)  # for the quality report
        note = shrink_guard(dist / DUMP_NAME, new / DUMP_NAME, allow_shrink, log=lambda _: None)
        text += f"\n{note}\n" if note else ""
        (new / SUMMARY_NAME).write_text(text, encoding="utf-8", newline="\n")
        atomic_swap.swap_in(new, dist)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    log(f"Wrote {dist / DUMP_NAME} ({triples} triples, {size} bytes) and {dist / SUMMARY_NAME}")
    log("")
    log(text.rstrip("\n"))
    return dist / DUMP_NAME


def add_arguments(parser) -> None:
    parser.add_argument("--dist", type=Path, help="output directory, replaced whole (default: build/dump/, or $PACTKG_DIST)")
    parser.add_argument("--check-only", action="store_true", help="run every check but write nothing")
    parser.add_argument("--allow-shrink", action="store_true",
                        help="accept a dump with fewer entities than the one in --dist (said in the summary)")


def run(args) -> int:
    inputs = Inputs.from_env()
    try:
        if args.check_only:
            check(inputs)
        else:
            dist = Path(args.dist) if args.dist is not None else paths.dev_output("dump")
            with build_lock.exclusive(dist):  # one build of a folder at a time (issue 10)
                output_folder.check_replaceable(dist, DUMP_NAME)
                build(dist, inputs, allow_shrink=args.allow_shrink)
    except (build_lock.Busy, output_folder.NotOurFolder) as exc:
        print(exc, file=sys.stderr)
        return 1
    except (load.ParseError, validate.ShapesMissing, validate.ShapesInvalid) as exc:
        print(exc, file=sys.stderr)
        print("dist/ was not changed.", file=sys.stderr)
        return 1
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
        print("\nBuild failed; dist/ was not changed.", file=sys.stderr)
        return 1
    return 0
