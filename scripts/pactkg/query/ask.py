"""`pactkg query FILE_OR_TEXT`: ask the knowledge graph a SPARQL question, locally or at any endpoint.

One code path: the query text is read once, then answered by the embedded store (pyoxigraph over
the ontology and data, or over a dump) or by a remote endpoint (SPARQLWrapper); both answers become the same
result model, so they print identically.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pactkg.common import terminal_text
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
    memory_mb: int | None = None,
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
    return embedded.run(store, text, source, timeout=timeout, memory_mb=memory_mb)


EMBEDDED_TIMEOUT_S = 60.0
EMBEDDED_MEMORY_MB = 1024


def check_endpoint_url(url: str) -> None:
    """An endpoint is an absolute http(s) URL; anything else gets a sentence, not a traceback."""
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        raise QueryError(f"--endpoint {url!r}: not an http:// or https:// URL of a SPARQL endpoint "
                         "(e.g. http://127.0.0.1:7878/query).")
    try:
        parts.port
    except ValueError:
        raise QueryError(f"--endpoint {url!r}: the port is not a number from 1 to 65535.") from None


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", metavar="FILE_OR_TEXT", help="a .rq file, '-' for stdin, or the SPARQL text itself")
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument("--endpoint", "-e", metavar="URL", help="a SPARQL 1.1 endpoint (default: the embedded store)")
    p.add_argument("--dump", metavar="FILE", type=Path,
                   help="answer from this dump file instead of ontology/ + data/ (embedded store only)")
    p.add_argument("--timeout", metavar="S", type=float, default=None,
                   help=f"give up after S seconds (default: 30 for endpoints, {EMBEDDED_TIMEOUT_S:g} for the embedded "
                        "store, whose query is then stopped)")
    p.add_argument("--memory-mb", metavar="MB", type=int, default=EMBEDDED_MEMORY_MB,
                   help=f"stop an embedded query that needs more than MB megabytes (default: {EMBEDDED_MEMORY_MB})")


def run(args: argparse.Namespace) -> int:
    try:
        if args.timeout is not None and args.timeout <= 0:
            raise QueryError(f"--timeout must be a positive number of seconds, not {args.timeout:g}")
        if args.endpoint and args.dump:
            raise QueryError("--dump and --endpoint exclude each other: the endpoint has its own data")
        if args.memory_mb is not None and args.memory_mb <= 0:
            raise QueryError(f"--memory-mb must be a positive number of megabytes, not {args.memory_mb}")
        if args.endpoint:
            check_endpoint_url(args.endpoint)
        source, text = read_query(args.query)
        timeout = args.timeout if args.timeout is not None or args.endpoint else EMBEDDED_TIMEOUT_S
        results = execute(text, source, endpoint=args.endpoint, dump=args.dump, timeout=timeout,
                          memory_mb=None if args.endpoint else args.memory_mb)
    except (QueryError, embedded.StoreLoadError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = results.serialise(args.format)
    if sys.stdout.isatty():  # the table escapes control characters itself; the other formats do here
        out = terminal_text.safe(out, keep="\n\t")
    sys.stdout.write(out)
    return 0
