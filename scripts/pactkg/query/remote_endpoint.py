"""Queries against any SPARQL 1.1 endpoint, through SPARQLWrapper, answered in the same result model.

Every way an endpoint can fail (not listening, refusing, too slow, rate-limiting, erroring) becomes one
QueryError with a sentence saying what happened and what to try; the caller prints it and exits non-zero.
"""

from __future__ import annotations

import json
import socket
import urllib.error
from http.client import HTTPException

from pactkg.query.results import Results
from pactkg.query.sparql_errors import QueryError

USER_AGENT = "pactkg (lv-pact-1939 knowledge graph; SPARQLWrapper)"


def _body(exc: BaseException) -> str:
    """The server's own explanation, from a SPARQLWrapper exception or an HTTPError."""
    text = ""
    if isinstance(exc, urllib.error.HTTPError):
        try:
            text = exc.read().decode("utf-8", "replace")
        except Exception:
            text = ""
    else:
        text = str(exc)
        if "Response:" in text:
            text = text.split("Response:", 1)[1].strip()
            if text.startswith(("b'", 'b"')):
                try:
                    import ast

                    text = ast.literal_eval(text).decode("utf-8", "replace")
                except Exception:
                    pass
    return " ".join(text.split())[:400]


def _is_timeout(exc: BaseException) -> bool:
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return True
    reason = getattr(exc, "reason", None)
    return isinstance(reason, (socket.timeout, TimeoutError)) or "timed out" in str(exc)


def query(url: str, text: str, source: str = "query", timeout: float = 30.0) -> Results:
    """Send `text` to the endpoint at `url` and return its answer."""
    from SPARQLWrapper import JSON, N3, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import (
        EndPointInternalError,
        EndPointNotFound,
        QueryBadFormed,
        Unauthorized,
        URITooLong,
    )

    sw = SPARQLWrapper(url, agent=USER_AGENT)
    sw.setQuery(text)
    sw.setMethod("POST")  # long queries do not fit in a URL
    kind = sw.queryType
    graph_answer = kind in ("CONSTRUCT", "DESCRIBE")
    sw.setReturnFormat(N3 if graph_answer else JSON)
    if graph_answer:
        sw.addCustomHttpHeader("Accept", "application/n-triples")
    sw.timeout = float(timeout)  # setTimeout() would truncate to whole seconds
    where = f"endpoint {url}"
    try:
        response = sw.query()
        raw = response.response.read()
    except QueryBadFormed as exc:
        raise QueryError(f"{source}: {where} rejected the query as malformed (HTTP 400): {_body(exc)}\n"
                         "  Fix the query and run again.") from exc
    except EndPointNotFound as exc:
        raise QueryError(f"{where}: no SPARQL endpoint at this address (HTTP 404).\n"
                         "  Check the URL (Oxigraph answers at /query, Fuseki at /DATASET/sparql).") from exc
    except Unauthorized as exc:
        raise QueryError(f"{where}: access refused (HTTP 401); this endpoint needs credentials.") from exc
    except URITooLong as exc:
        raise QueryError(f"{where}: the query is too long for this endpoint (HTTP 414).") from exc
    except EndPointInternalError as exc:
        raise QueryError(f"{where}: the server failed while answering (HTTP 500): {_body(exc)}\n"
                         "  Try again later, or simplify the query.") from exc
    except urllib.error.HTTPError as exc:
        raise QueryError(_http_message(where, exc)) from exc
    except (urllib.error.URLError, ConnectionError, OSError, HTTPException) as exc:
        if _is_timeout(exc):
            raise QueryError(f"{where}: no answer within {timeout:g} s (timed out).\n"
                             "  The endpoint may be overloaded; raise --timeout or try later.") from exc
        reason = getattr(exc, "reason", exc)
        raise QueryError(f"{where}: cannot connect ({reason}).\n"
                         "  Is the server running? Start the local one with `make serve`.") from exc
    if graph_answer:
        import pyoxigraph as ox

        try:
            triples = [q.triple for q in ox.parse(raw, format=ox.RdfFormat.N_TRIPLES)]
        except SyntaxError as exc:
            raise QueryError(f"{where}: the answer is not N-Triples as requested ({exc}).") from exc
        return Results.from_triples(triples)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise QueryError(f"{where}: the answer is not SPARQL JSON results ({exc}); is this a SPARQL endpoint?") from exc
    return Results.from_sparql_json(data)


def _http_message(where: str, exc: urllib.error.HTTPError) -> str:
    code = exc.code
    body = _body(exc)
    detail = f": {body}" if body else ""
    if code == 429:
        retry = exc.headers.get("Retry-After") if exc.headers else None
        when = f" It asks to wait {retry} s before retrying." if retry else ""
        return (f"{where}: too many requests (HTTP 429); the endpoint is rate-limiting you.{when}\n"
                "  Wait and run again, or use the local server (`make serve`).")
    if code == 403:
        return f"{where}: forbidden (HTTP 403){detail}"
    if 500 <= code < 600:
        return (f"{where}: the server is unavailable or failed (HTTP {code} {exc.reason}){detail}\n"
                "  Try again later.")
    return f"{where}: unexpected HTTP {code} {exc.reason}{detail}"
