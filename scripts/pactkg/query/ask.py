"""`pactkg query FILE_OR_TEXT`: ask the knowledge graph a SPARQL question, locally or at any endpoint.

One code path: the query text is read once, then answered by the embedded store (pyoxigraph over
the ontology and data, or over a dump) or by a remote endpoint (SPARQLWrapper); both answers become the same
result model, so they print identically.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pactkg.query import remote_endpoint as remote
from pactkg.query import embedded_store as embedded
from pactkg.query.results import Results
from pactkg.query.sparql_errors import QueryError, check_prefixes, undeclared_prefixes

FORMATS = ("table", "csv", "tsv", "json")


def read_query(file_or_text: str) -> tuple[str, str]:
    """(source name, query text): a path to a .rq file, '-' for stdin, or the query itself."""
    if file_or_text == "-":
        return "<stdin>", sys.stdin.read()
    path = Path(file_or_text)
    is_file = "\n" not in file_or_text and len(file_or_text) < 4096 and path.is_file()
    if is_file:
        try:
            return str(path), path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise QueryError(f"{file_or_text}: not UTF-8 text ({exc})") from exc
    if file_or_text.endswith((".rq", ".sparql")) and "{" not in file_or_text:
        raise QueryError(f"{file_or_text}: no such query file")
    return "query", file_or_text


def execute(
    text: str,
    source: str = "query",
    endpoint: str | None = None,
    store=None,
    dump: Path | None = None,
    timeout: float | None = None,
) -> Results:
    """Answer one query: at `endpoint` if given, else on `store` (or a store built from the files/dump)."""
    if endpoint:
        # Not checked locally first: some endpoints predefine prefixes (Wikidata's wd:, wdt:, …).
        try:
            return remote.query(endpoint, text, source, timeout=timeout if timeout is not None else 30.0)
        except QueryError as exc:
            missing = undeclared_prefixes(text) if "malformed" in str(exc) else []
            if missing:
                prefix, pos = missing[0]
                raise QueryError(f"{exc}\n  Note: {source}, line {pos.line}, column {pos.column} uses the prefix "
                                 f"'{prefix}:' without declaring it; this endpoint does not predefine it.") from exc
            raise
    check_prefixes(source, text)
    if store is None:
        store = embedded.open_dump(dump) if dump else embedded.open_store()
    return embedded.run(store, text, source, timeout=timeout)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", metavar="FILE_OR_TEXT", help="a .rq file, '-' for stdin, or the SPARQL text itself")
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument("--endpoint", "-e", metavar="URL", help="a SPARQL 1.1 endpoint (default: the embedded store)")
    p.add_argument("--dump", metavar="FILE", type=Path,
                   help="answer from this dump file instead of ontology/ + data/ (embedded store only)")
    p.add_argument("--timeout", metavar="S", type=float, default=None,
                   help="give up after S seconds (default: 30 for endpoints, none for the embedded store)")


def run(args: argparse.Namespace) -> int:
    try:
        if args.timeout is not None and args.timeout <= 0:
            raise QueryError(f"--timeout must be a positive number of seconds, not {args.timeout:g}")
        if args.endpoint and args.dump:
            raise QueryError("--dump and --endpoint exclude each other: the endpoint has its own data")
        source, text = read_query(args.query)
        results = execute(text, source, endpoint=args.endpoint, dump=args.dump, timeout=args.timeout)
    except (QueryError, embedded.StoreLoadError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.stdout.flush()
        if "did not finish within" in str(exc):
            sys.stderr.flush()
            os._exit(2)  # the query thread cannot be stopped; leave without waiting for it
        return 2
    sys.stdout.write(results.serialise(args.format))
    return 0
