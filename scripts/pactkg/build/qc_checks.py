"""Quality checks: every queries/checks/*.rq is a SELECT that must return no rows on the union graph.

The checks run on pyoxigraph (a fast, standards-complete SPARQL engine) rather than rdflib's SPARQL, which
is slow on anything but tiny graphs. A check's rows are what is wrong; the check file's leading comment
says what to do about it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Iterable, Union

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from pactkg.build import load
from pactkg.common import fork_map, terminal_text
from pactkg.common.inputs import Inputs
from pactkg.build.turtle_writer import PREFIX_TABLE, SHAPES_NS, short

Row = dict[str, str]
# From this many triples on, the checks run in two processes, the second forked after the store is loaded and
# sharing it (pactkg.common.fork_map): at 1x the checks take a few tenths of a second, less than a fork saves.
PARALLEL_FROM_TRIPLES = 100_000
DEFAULT_PREFIXES = dict(PREFIX_TABLE) | {"lvps": SHAPES_NS}


class CheckError(Exception):
    """A check file that is not a valid SELECT query."""


def check_files(checks_dir: Path) -> list[Path]:
    return sorted(Path(checks_dir).glob("*.rq"))


def store_from_files(files: Iterable[Path], explain=None) -> ox.Store:
    """Parse Turtle files straight into a pyoxigraph store (no rdflib round trip).

    `explain(path)`, when given, is called on a file pyoxigraph refuses before its own error is raised:
    the build passes load.parse_file, so that a broken file gets rdflib's message (the one people know)
    whenever rdflib refuses it too."""
    store = ox.Store()
    for f in files:
        try:
            store.load(path=str(f), format=ox.RdfFormat.TURTLE)
        except SyntaxError as exc:
            if explain is not None:
                explain(Path(f))
            m = re.search(r"line (\d+)|(\d+):\d+", str(exc))
            line = int(m.group(1) or m.group(2)) if m else None
            raise load.ParseError(Path(f), line, " ".join(str(exc).split())[:500]) from exc
    return store


def store_from_graph(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.load(input=graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _show(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return short(URIRef(term.value))
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype is not None else None
        if term.language:
            return short(Literal(term.value, lang=term.language))
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return short(Literal(term.value))
        return short(Literal(term.value, datatype=URIRef(dt)))
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return str(term)


def run_query(store: ox.Store, path: Path) -> list[Row]:
    text = Path(path).read_text(encoding="utf-8")
    try:
        result = store.query(text, prefixes=DEFAULT_PREFIXES)
    except SyntaxError as exc:
        raise CheckError(f"{path}: not a valid SPARQL query: {' '.join(str(exc).split())}") from exc
    if not isinstance(result, ox.QuerySolutions):
        raise CheckError(f"{path}: a check must be a SELECT query (its rows are the problems found)")
    names = [v.value for v in result.variables]
    rows = [{n: _show(sol[n]) for n in names} for sol in result]
    rows.sort(key=lambda r: tuple(r.values()))
    return rows


def run_checks(
    store_or_graph: Union[ox.Store, Graph], checks_dir: Path | None = None, workers: int | None = None
) -> list[tuple[str, list[Row]]]:
    """Run every check; return the failing ones as (check name, rows), in file-name order.

    workers: how many processes (default: two from PARALLEL_FROM_TRIPLES on)."""
    store = store_or_graph if isinstance(store_or_graph, ox.Store) else store_from_graph(store_or_graph)
    checks_dir = Path(checks_dir) if checks_dir is not None else Inputs.from_env().checks_dir
    files = check_files(checks_dir)
    if workers is None:
        workers = fork_map.workers_for(len(store) >= PARALLEL_FROM_TRIPLES)
    failures = []
    for f, outcome in zip(files, fork_map.fork_map(lambda f: _rows_or_error(store, f), files, workers)):
        if isinstance(outcome, CheckError):
            raise outcome
        if outcome:
            failures.append((f.stem, outcome))
    return failures


def _rows_or_error(store: ox.Store, path: Path) -> Union[list[Row], CheckError]:
    """run_query's rows, or the CheckError it raised (returned, so that a forked worker hands it back)."""
    try:
        return run_query(store, path)
    except CheckError as exc:
        return exc


# The QC results of the dump the build just wrote: the release's quality report runs the same checks on the
# same triples in the same process, and reuses them instead (one file at a time).
_results: dict[tuple, list[tuple[str, list[Row]]]] = {}


def _file_key(path: Path) -> tuple[int, int, int, int]:
    st = Path(path).stat()  # device and inode survive the rename of a staging folder; size and mtime a rewrite
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def remember_results(dump: Path, checks_dir: Path, failures: list[tuple[str, list[Row]]]) -> None:
    """`failures` is what run_checks(checks_dir) gave on exactly the triples of the file `dump`."""
    _results.clear()
    _results[(_file_key(dump), str(Path(checks_dir).absolute()))] = failures


def remembered_results(dump: Path, checks_dir: Path) -> list[tuple[str, list[Row]]] | None:
    """The remembered results for `dump` and `checks_dir` while the file is unchanged, else None."""
    try:
        return _results.get((_file_key(dump), str(Path(checks_dir).absolute())))
    except OSError:
        return None


def check_description(path: Path) -> str:
    """The check file's leading '#' comment lines: what it checks and what to do."""
    lines = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return " ".join(l for l in lines if l)


def format_failures(failures: list[tuple[str, list[Row]]], checks_dir: Path, total: int) -> str:
    if not failures:
        return f"QC checks: {total} check{'s' if total != 1 else ''}, all pass"
    out = [f"QC checks: {len(failures)} of {total} failed"]
    for name, rows in failures:
        desc = check_description(Path(checks_dir) / f"{name}.rq")
        out.append(f"\n[check {name}] {desc}  ({len(rows)} row{'s' if len(rows) != 1 else ''})".rstrip())
        cols = list(rows[0])
        rows = [{c: terminal_text.safe(r[c]) for c in cols} for r in rows]  # no raw ESC, BEL … to a terminal
        widths = {c: max(len(c) + 1, *(len(r[c]) for r in rows)) for c in cols}
        out.append("    " + "  ".join(f"{'?' + c:<{widths[c]}}" for c in cols).rstrip())
        for r in rows:
            out.append("    " + "  ".join(f"{r[c]:<{widths[c]}}" for c in cols).rstrip())
    return "\n".join(out)


# -- command line ---------------------------------------------------------------------------------

def add_arguments(parser) -> None:
    pass


def run(args) -> int:
    from pactkg.build import input_guards

    inputs = Inputs.from_env()
    try:
        input_guards.check_checks(inputs.checks_dir)  # no checks: "all pass" would mean nothing
        store = store_from_files(inputs.graph_files())
        failures = run_checks(store, inputs.checks_dir)
    except (load.ParseError, CheckError, input_guards.InputRefused) as exc:
        print(exc, file=sys.stderr)
        return 1
    total = len(check_files(inputs.checks_dir))
    print(format_failures(failures, inputs.checks_dir, total), file=sys.stdout if not failures else sys.stderr)
    return 1 if failures else 0
