"""The build: parse, validate (SHACL), run the QC checks and the evidence check, then write dist/.

dist/ is written only when everything passes, and never half: the files go to a new directory beside
dist/, which then replaces dist/ by rename. On any failure the previous dist/ is left exactly as it was.
dist/ is replaced as a whole; targets that add files to it (publishing, site) run after the build.

`make` runs all of this in one process (parsing once) so that it stays fast.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import sys
import threading
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from pactkg.build import evidence_check, geometry_check, input_guards, quoted_words_check, vocabulary_check
from pactkg.build import load
from pactkg.build import qc_checks, store_graph
from pactkg.build import summary
from pactkg.common import atomic_swap, build_lock, fork_map, fork_task, memory_return, output_folder, paths, staging
from pactkg.build import validate
from pactkg.common.inputs import Inputs
from pactkg.build.dump_graph import dump_graph, undone
from pactkg.build.turtle_writer import short, write_turtle

DUMP_NAME = "lv-pact-1939.ttl"
SUMMARY_NAME = "summary.txt"


class BuildFailed(Exception):
    """Validation, a QC check or the evidence check failed; the message is the readable report."""


def _print(text: str) -> None:
    print(text, flush=True)  # flushed, so that it comes before a failure report on stderr


def check(inputs: Inputs, log: Callable[[str], None] = _print, qc: bool = True,
          before_validation: Callable[[object], None] | None = None):
    """Parse and run every check; return the union graph. Raises ParseError, ShapesMissing, BuildFailed.

    qc=False leaves the QC checks out: build() runs them on the dump it writes (the same triples plus the
    derived ones), once, and the release's quality report reuses those results. before_validation(graph),
    when given, is called once the graph is parsed, before the SHACL validation; it must leave the graph as
    it found it (build() writes the dump there)."""
    if Path(inputs.shapes_file).is_file():  # a missing file is ShapesMissing's to report
        try:
            input_guards.check_inputs(inputs)
        except input_guards.InputRefused as exc:
            raise BuildFailed(str(exc)) from None
    terms: dict = {}  # one object per term in the shapes and the graph (load.load_graph)
    shapes = validate.load_shapes(inputs.shapes_file, terms)
    files = inputs.graph_files()
    graph = None
    checked: tuple = (None, None, None)  # the graph checks' outcomes from the copy, when it gives them
    with contextlib.ExitStack() as aside:
        if not qc and forks_side_work(inputs):
            # A large build: the sources' store and what is asked of it (the SPARQL-based targets' answers, the
            # vocabulary check) in a forked copy while this process parses the sources with rdflib (at 100x 7% of
            # the build's CPU beside the parse's 15%: py-spy of `pactkg dist`, session 23). Any trouble there (a
            # file pyoxigraph refuses) and the steps are done here, below, as on a small build, so that the
            # failure is reported as it always was. The copy sends those two first, then runs the evidence,
            # quoted-words and geometry checks on its store (_graph_checks_aside), whose outcomes are asked for
            # when reported, below: 8 s at 1000x off this process's chain.
            receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
            early = aside.enter_context(fork_task.started(
                lambda: _source_store_checks(files, shapes, inputs.source_file, send)))
            send.close()
            try:
                with memory_return.kept_apart():  # the graph lives to the end of the build
                    graph, failed = load.load_graph(files, terms), None
            except load.ParseError as exc:
                failed = exc
            outcome = None
            if early.forked:
                try:
                    outcome = receive.recv()
                except EOFError:
                    pass  # the copy failed or died before sending them
            receive.close()
            if outcome is None:
                aside.close()  # the copy, stopped
                graph = None  # all of it again below, as on a small build (a refused file is reported there)
                memory_return.give_back()
            elif failed is not None:
                raise failed
            else:
                answers, vocabulary = outcome
                prepared = validate.prepare_shapes(shapes, None, answers)

                def checked_aside() -> tuple:
                    try:
                        return early.result() or (None, None, None)
                    except fork_map.ForkMapError:
                        return None, None, None  # each done here, below

                checked = _Later(checked_aside)
        if graph is None:
            # The files in pyoxigraph first: for the SHACL SPARQL-based targets (fast SPARQL) and the QC checks.
            # Without the QC checks (the build) the store is freed before rdflib parses the same files, so that
            # the two are never held at once (docs/benchmarks.md, memory).
            store = qc_checks.store_from_files(files, explain=load.parse_file)
            prepared = validate.prepare_shapes(shapes, store)
            vocabulary = vocabulary_check.report(store, files, short)  # reported in its turn below
            if not qc:
                store = None
                memory_return.give_back()  # the store's pages, before the graph is parsed (800 MB at 1000x)
            with memory_return.kept_apart():  # the graph lives to the end of the build
                graph = load.load_graph(files, terms)
        del terms
        if before_validation is not None:
            before_validation(graph)
        report = validate.validate_prepared(graph, prepared, shapes)
        if not report.conforms:
            raise BuildFailed(validate.format_report(report))
        log(validate.format_report(report))

        if qc:
            _run_qc(store, inputs, log)

        # Each outcome as the copy found it, or found here when it gave none (a small build, or trouble there).
        _report(checked[0] or evidence_check.report(graph, inputs.source_file), log)
        _report(checked[1] or quoted_words_check.report(graph, inputs.source_file), log)
        _report(vocabulary, log)
        _report(checked[2] or _geometry_report(graph), log)
    return graph


class _Later:
    """A tuple computed when first indexed: the copy's outcomes are waited for only when the first is reported."""

    def __init__(self, compute: Callable[[], tuple]) -> None:
        self._compute, self._value = compute, None

    def __getitem__(self, i: int):
        if self._value is None:
            self._value = self._compute()
        return self._value[i]


def _report(outcome: tuple[bool, str], log: Callable[[str], None]) -> None:
    """A check's (ok, text): logged when it passed, else BuildFailed with the text."""
    ok, text = outcome
    if not ok:
        raise BuildFailed(text)
    log(text)


def _geometry_report(graph, aside: bool = False) -> tuple[bool, str] | None:
    """(ok, text) of the geometry check; a missing or unreadable outline is a failure with its message. aside
    (on a store_graph.StoreGraph): None when several points of one place are outside, as they are listed in the
    order parsed, which only this process's graph knows."""
    try:
        misplaced = geometry_check.misplaced(graph, geometry_check.read_rings(geometry_check.outline_path()))
    except geometry_check.OutlineError as exc:
        return False, str(exc)
    points = [m.place for m in misplaced if isinstance(m, geometry_check.Misplaced)]
    if aside and len(points) != len(set(points)):
        return None
    if misplaced:
        return False, ("Geometry: " + f"{len(misplaced)} place(s) outside Latvia's outline\n"
                       + "\n".join("  " + m.message(short) for m in misplaced))
    return True, (f"Geometry: every place in Latvia lies inside its outline "
                  f"(coastal places within {geometry_check.COAST_TOLERANCE_KM:g} km)")


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


# From this much input (bytes of Turtle: the 10x copy has 4.4 MB) the QC checks run in a copy forked at the
# build's start, beside the SHACL validation (see build()); below it they run here, after it, as a fork would
# cost more than it saves.
QC_ASIDE_FROM_BYTES = 2_000_000


def build(dist_dir: Path | str | None = None, inputs: Inputs | None = None, log: Callable[[str], None] = _print,
          allow_shrink: bool = False, ahead: Callable[[Path, Path], None] | None = None) -> Path:
    """Check everything, then write DUMP_NAME and SUMMARY_NAME into dist_dir; return the dump's path.

    A dump already in dist_dir is the previous one: losing entities against it needs allow_shrink.

    The order, for two cores: once the sources are parsed, the dump (the sources and what dump_graph derives)
    is written into the staging folder and the graph given back as it was; a copy of this process, forked at
    the start while it was small, loads the dump into Oxigraph and runs the QC checks on it while this process
    validates the sources with SHACL and runs the other checks. Nothing is published unless all pass, and the
    failures are reported in the same order as before: the checks of check(), then a failure to write the
    dump, then the QC checks. At 1000x the build's part of `make` took 127 s of wall time instead of 167
    (docs/benchmarks.md, session 23: this order and the copies below, with the session's other changes).

    ahead(dump, folder), when given, is more work on the dump for that copy once the checks have passed (the
    release's N-Triples: they are then ready when the build returns), writing its files into the folder that
    becomes dist_dir. It is run only in the copy, and only its success is awaited: a failure there is let go
    (the caller does the work itself when its file is not there, and so meets the same failure)."""
    inputs = inputs or Inputs.from_env()
    dist = Path(dist_dir) if dist_dir is not None else inputs.dist_dir
    dist.parent.mkdir(parents=True, exist_ok=True)
    new = staging.make(dist, "new")
    try:
        os.chmod(new, 0o755)
        aside = forks_side_work(inputs)
        checks_dir = inputs.checks_dir
        # Aside, the checks run in the one copy (not in two processes as they would here): this process validates
        # on the other core meanwhile, and a third process would only add its memory.
        workers = 1 if aside else None
        after = ahead if aside else None
        with fork_task.standing_by(lambda job: _qc_of_dump(job[0], job[1], checks_dir, workers, after),
                                   fork=aside) as qc:
            dump = _DumpWriter(new / DUMP_NAME, qc.go)
            graph = check(inputs, log, qc=False, before_validation=dump.write)
            del graph  # the sources (about 1 kB a triple); the dump is written
            memory_return.give_back()
            dump.raise_failure()
            try:
                kind, value = qc.result()
            except fork_map.ForkMapError as exc:
                raise BuildFailed(f"The QC checks could not be run on the dump: {exc}") from None
        if kind != "ok":
            raise BuildFailed(value)
        failures = value
        text = qc_checks.format_failures(failures, checks_dir, len(qc_checks.check_files(checks_dir)))
        if failures:
            raise BuildFailed(text)
        log(text)
        memory_return.give_back()  # the QC store's pages, when it was made here (a small build)
        qc_checks.remember_results(new / DUMP_NAME, checks_dir, failures)  # for the quality report
        note = shrink_guard(dist / DUMP_NAME, new / DUMP_NAME, allow_shrink, log=lambda _: None)
        text = dump.summary + (f"\n{note}\n" if note else "")
        (new / SUMMARY_NAME).write_text(text, encoding="utf-8", newline="\n")
        atomic_swap.swap_in(new, dist)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    log(f"Wrote {dist / DUMP_NAME} ({dump.triples} triples, {dump.size} bytes) and {dist / SUMMARY_NAME}")
    log("")
    log(text.rstrip("\n"))
    return dist / DUMP_NAME


class _DumpWriter:
    """Writes the dump from the parsed sources and gives the graph back unchanged (check()'s before_validation).

    A failure here is kept and raised by raise_failure() once check() has passed, where the dump used to be
    written: invalid data gets its SHACL report, not an error of a step that assumed valid data."""

    def __init__(self, path: Path, written: Callable[[tuple[str, int]], None]) -> None:
        self.path, self._written = path, written
        self.size = self.triples = 0
        self.summary = ""
        self._failure: BaseException | None = None

    def write(self, graph) -> None:
        undo: list = []
        try:
            # + our hierarchy, time bounds, SKOS/FOAF labels; canonical numbers (each change recorded in `undo`)
            dump_graph(graph, in_place=True, undo=undo)
            # Written piece by piece (no whole text in memory), then read back by the QC checks' copy: it proves
            # that the dump parses and has every triple, and the checks run on exactly the triples published.
            write_turtle(graph, self.path)
            self.size, self.triples = self.path.stat().st_size, len(graph)
            # The QC checks' copy starts on the dump now, and the summary is made meanwhile (3 s at 1000x, py-spy
            # of `pactkg dist`, session 25: the copy's work is the build's longer chain, so its start is its end).
            self._written((str(self.path), self.triples))
            self.summary = summary.format_summary(graph)
        except Exception as exc:  # noqa: BLE001 - raised again by raise_failure, after the checks
            self._failure = exc
        finally:
            undone(graph, undo)

    def raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure
        if not self.summary:
            raise BuildFailed("internal error: the dump was not written")


def _qc_of_dump(path: str, triples: int, checks_dir: Path, workers: int | None = None,
                ahead: Callable[[Path, Path], None] | None = None) -> tuple[str, object]:
    """("ok", failures) of the QC checks on the dump at `path`, or ("failed", the message): in the copy.

    Store.load, not bulk_load: the same triples with a third less peak memory (a 100x dump, 288 646 triples:
    129 against 198 MB, the same CPU; docs/benchmarks.md, session 20). A store could not stand in for the
    dump's graph elsewhere: it gives "12"^^xsd:positiveInteger back as xsd:integer (oxigraph/oxigraph#1413)."""
    store = ox.Store()
    store.load(path=path, format=ox.RdfFormat.TURTLE)
    if len(store) != triples:
        return "failed", f"internal error: the dump has {len(store)} triples, the graph {triples}"
    try:
        failures = qc_checks.run_checks(store, checks_dir, workers)
    except qc_checks.CheckError as exc:
        return "failed", str(exc)
    del store
    if ahead is not None and not failures:
        try:
            ahead(Path(path), Path(path).parent)
        except Exception:  # noqa: BLE001 - let go: the caller does the work itself and reports its failure
            pass
    return "ok", failures


def _source_store_checks(files: list[Path], shapes, source_file: Path, send) -> tuple | None:
    """In the copy: (the SPARQL-based targets' answers, the vocabulary report) on a store of the sources, sent
    on `send` as soon as they are known (or None when pyoxigraph refuses a file: the parent then does it all
    itself, and reports the file); then the graph checks' outcomes on the same store, returned
    (_graph_checks_aside)."""
    try:
        store = qc_checks.store_from_files(files)
    except load.ParseError:
        store = None
    first = None if store is None else (validate.sparql_target_answers(shapes, store),
                                        vocabulary_check.report(store, files, short))
    # Sent by a thread: a message larger than the pipe's buffer waits for the parent to read it, which it does
    # once it has parsed the sources; the checks go on meanwhile.
    sender = threading.Thread(target=fork_map.send_and_close, args=(send, first))
    sender.start()
    try:
        return None if store is None else _graph_checks_aside(store, files, source_file)
    finally:
        sender.join()


def _graph_checks_aside(store: ox.Store, files: list[Path], source_file: Path) -> tuple:
    """In the copy: the (ok, text) of the evidence, quoted-words and geometry checks on the sources' store, each
    as check() reports it, or None where this process must find it on its own graph: when rdflib reads a file
    itself (a literal typed xsd:string, which it keeps apart from the plain one and the store does not), when
    the answer would depend on the order parsed (several points of one place outside the outline are listed in
    that order; store_graph.Unknown), or on any other trouble."""
    if any(load.has_typed_string(f) for f in files):
        return None, None, None
    graph = store_graph.StoreGraph(store)
    # The geometry check reads its typed literals as numbers (float of wgs:lat and wgs:long) and WKT as text.
    by_value = store_graph.StoreGraph(store, numbers_by_value=True)
    outcomes = []
    for check in (lambda: evidence_check.report(graph, source_file),
                  lambda: quoted_words_check.report(graph, source_file),
                  lambda: _geometry_report(by_value, aside=True)):
        try:
            outcomes.append(check())
        except Exception:  # noqa: BLE001 - this process runs the check itself, and meets the trouble there
            outcomes.append(None)
    return tuple(outcomes)


def forks_side_work(inputs: Inputs) -> bool:
    """Whether side work goes to forked copies: input of QC_ASIDE_FROM_BYTES or more, two CPUs (the build's
    checks here; `pactkg dist` uses the same measure for its site)."""
    return fork_map.workers_for(_input_bytes(inputs) >= QC_ASIDE_FROM_BYTES) > 1



def _input_bytes(inputs: Inputs) -> int:
    total = 0
    for f in inputs.graph_files():
        try:
            total += Path(f).stat().st_size
        except OSError:
            pass  # a missing file is the parse's to report
    return total


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
