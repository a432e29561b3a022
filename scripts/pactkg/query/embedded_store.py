"""The embedded SPARQL store: pyoxigraph, loaded straight from the Turtle files.

Why pyoxigraph and not rdflib's own SPARQL engine: measured on 27 Nov on this 2-core machine (busy: other
work shared it) with `python bench/queries_bench.py --repeat 5 --engines --sizes 250` (rdflib 7.6, pyoxigraph
0.5.13), warm against warm (each engine runs each question once untimed, then the median of 5):

  * the 51 competency questions on the real graph (3 386 triples), medians over the 49 rdflib answers:
    pyoxigraph 0.59 ms per question; rdflib 27 ms with the query prepared once (47x slower) and 117 ms as
    `graph.query(text)` is usually called, parsing the text each time (200x). rdflib also answered wrongly
    or not at all: it has no geof:distance (the two distance questions came back with the distances
    unbound, silently), and two questions failed (cq-office-holdings, cq-who-said-what).
  * a four-way join with a date filter on synthetic graphs shaped like ours: at ~8 700 triples rdflib took
    0.5-0.65 s, pyoxigraph 0.4-11 ms depending on how the query is written. The issue's figures (25 s against
    3 ms at 10 000 triples) came from a worse query shape for rdflib; either way the gap is 2-4 orders of
    magnitude and grows with the graph.

So queries run on pyoxigraph, and rdflib is used only where a Python graph is needed (load.py, validation).
A query pattern to avoid on Oxigraph too: an OPTIONAL placed before required patterns (measured 57 ms vs
0.24 ms for the same garrison-list query with the OPTIONAL moved last).

Fast path: parse the ontology and data Turtle files with pyoxigraph directly (no rdflib round trip), or the
published dump when given one. The triples are the same as pactkg.build.load.load_all() (a test checks it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from pactkg.common import inputs
from pactkg.query import checked_lenient_load, process_limits, service_guard
from pactkg.query.results import Results
from pactkg.query.sparql_errors import QueryError, syntax_error_message

# From this size of input on (bytes of the files; about 100 000 triples of our Turtle), open_store parses leniently
# with a strict parse beside it in a forked process (pactkg.query.checked_lenient_load): 12% less CPU for the load in
# this process (300x); below it, the whole load takes under 0.3 s and a fork would save little.
LENIENT_FROM_BYTES = 20_000_000
_FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".nq": "N_QUADS", ".trig": "TRIG", ".rdf": "RDF_XML",
            ".owl": "RDF_XML", ".jsonld": "JSON_LD", ".n3": "N3"}


class StoreLoadError(Exception):
    """A data file that does not parse: the message names the file and the position."""


def default_files() -> list[Path]:
    """The ontology and every data file, in the same order as pactkg.build.load.load_all(); $PACTKG_ONTOLOGY and
    $PACTKG_DATA_DIR point elsewhere as they do for the build (pactkg.common.inputs), so that `pactkg questions`
    answers from the same files as `pactkg build` in the same environment."""
    found = inputs.Inputs.from_env()
    if not found.data_files():
        raise StoreLoadError(f"{found.data_dir}: no data files (*.ttl); the questions would be asked of the ontology "
                             "alone. Restore data/*.ttl (git checkout data/), or point PACTKG_DATA_DIR at the data.")
    return found.graph_files()


def _format_for(path: Path):
    import pyoxigraph as ox

    name = _FORMATS.get(path.suffix.lower())
    if name is None:
        raise StoreLoadError(f"{path}: unknown RDF file type '{path.suffix}' (use .ttl, .nt, .nq, .trig, .rdf or .jsonld)")
    return getattr(ox.RdfFormat, name)


def open_store(files: Iterable[Path] | None = None):
    """A new in-memory pyoxigraph Store holding the union of `files` (default: ontology + data).

    From LENIENT_FROM_BYTES of input on, the files are parsed leniently (faster) while a forked process parses
    them strictly (pactkg.query.checked_lenient_load): the same triples, and the same message for a bad file."""
    import pyoxigraph as ox

    files = [Path(f) for f in (default_files() if files is None else files)]
    for f in files:
        if not f.is_file():
            raise StoreLoadError(f"{f}: no such file")
        _format_for(f)  # an unknown file type fails before anything is loaded
    store = ox.Store()
    if sum(f.stat().st_size for f in files) < LENIENT_FROM_BYTES:
        for f in files:
            _load(store, f, lenient=False)
        return store
    try:
        problem = checked_lenient_load.load(files, lambda f: _load(store, f, lenient=True), _strict_problem)
    except checked_lenient_load.CheckProcessError as exc:
        raise StoreLoadError(str(exc)) from None
    if problem is not None:
        raise StoreLoadError(problem)
    return store


def _load(store, f: Path, lenient: bool) -> None:
    try:
        # load, not bulk_load: on the in-memory store, bulk_load took ~20% more CPU (1.08 s against 0.90 s
        # at 100x, 3.58 s against 2.87 s at 300x; same triples)
        store.load(path=str(f), format=_format_for(f), lenient=lenient)
    except SyntaxError as exc:
        raise StoreLoadError(_syntax_message(f, exc)) from exc


def _strict_problem(f: Path) -> str | None:
    """What a strict load of `f` would say (its message), or None when the strict parser accepts all of it."""
    import pyoxigraph as ox

    try:
        for _ in ox.parse(path=str(f), format=_format_for(f)):
            pass
    except SyntaxError as exc:
        return _syntax_message(f, exc)
    return None


def _syntax_message(f: Path, exc: SyntaxError) -> str:
    where = f"{f}"
    if getattr(exc, "lineno", None):
        where += f", line {exc.lineno}, column {exc.offset}"
    return f"{where}: RDF syntax error: {exc.msg if hasattr(exc, 'msg') else exc}\n  Fix the file and run again."


def open_dump(dump: Path):
    """A store holding only the published dump (what `make serve` serves)."""
    return open_store([Path(dump)])


def run(store, text: str, source: str = "query", timeout: float | None = None,
        memory_mb: int | None = None) -> Results:
    """Run one SPARQL query on the embedded store and return the normalised answer.

    A query with a SERVICE is refused (pactkg.query.service_guard): the embedded store answers from its own
    data and sends no request anywhere. With a time or memory limit, the query is evaluated in a forked
    process that is killed at the limit (pactkg.query.process_limits), so a runaway query is really stopped;
    the answer comes back through a pipe.
    """
    service_guard.check(text, source)
    if timeout is None and memory_mb is None:
        return _run(store, text, source)
    limits = process_limits.Limits(
        timeout_s=timeout if timeout is not None else float("inf"),
        memory_mb=memory_mb if memory_mb is not None else process_limits.Limits.memory_mb,
    )
    try:
        return process_limits.call_in_child(lambda: _run(store, text, source), limits, source)
    except process_limits.LimitExceeded as exc:
        raise QueryError(str(exc)) from None


def _run(store, text: str, source: str) -> Results:
    try:
        answer = store.query(text)
        return Results.from_oxigraph(answer)
    except SyntaxError as exc:
        raise QueryError(syntax_error_message(source, text, exc)) from exc
    except RuntimeError as exc:
        raise QueryError(f"{source}: the query failed while running: {exc}") from exc
