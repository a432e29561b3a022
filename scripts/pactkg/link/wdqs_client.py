"""A polite client for the Wikidata Query Service (or any SPARQL endpoint standing in for it).

The service's rules (https://www.mediawiki.org/wiki/Wikidata_Query_Service/User_Manual#Query_limits and the
Wikimedia User-Agent policy) ask for: a descriptive User-Agent with a way to reach the operator; one query
at a time; honouring 429 and its Retry-After; backing off on server errors. A 200 answer with an empty or
malformed body has happened (with a missing User-Agent): it is a failure, not "no results".

So this client: sends one request at a time (it is synchronous and keeps no pool), waits `pause` seconds
between requests, uses a per-request timeout, retries 429/5xx/timeouts/bad bodies up to `max_attempts`
(waiting Retry-After, or an exponential backoff), and then raises WdqsError with a message that says what
happened and what to do. The waits are injected (`sleep`) so tests run fast and can see them.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import socket
import sys
import time
import urllib.error
from dataclasses import dataclass, field
from typing import Callable

from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
    URITooLong,
)

from pactkg import __version__

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
DEFAULT_CONTACT = "https://w3id.org/lv-pact-1939/"
PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


def user_agent(contact: str | None = None) -> str:
    """lv-pact-1939-linker/VERSION (CONTACT) SPARQLWrapper — the form the Wikimedia User-Agent policy asks for."""
    contact = contact or DEFAULT_CONTACT
    return f"lv-pact-1939-linker/{__version__} ({contact}) SPARQLWrapper/2 Python/{sys.version_info[0]}.{sys.version_info[1]}"


class WdqsError(RuntimeError):
    """The endpoint could not answer (after retries); the message says what happened and what to do."""


@dataclass
class WdqsClient:
    endpoint: str = DEFAULT_ENDPOINT
    agent: str = field(default_factory=user_agent)
    pause: float = 1.0  # seconds between two requests
    timeout: float = 60.0  # per request
    max_attempts: int = 4
    backoff: float = 5.0  # first wait after a 5xx/timeout/bad body; doubles each time
    max_wait: float = 300.0  # a Retry-After longer than this: give up instead of waiting
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    log: Callable[[str], None] = field(default=lambda msg: print(msg, file=sys.stderr))
    requests_sent: int = 0
    _last: float | None = None

    def _wait_turn(self) -> None:
        if self._last is not None:
            gap = self.pause - (self.clock() - self._last)
            if gap > 0:
                self.sleep(gap)

    def _once(self, query: str) -> list[dict]:
        sw = SPARQLWrapper(self.endpoint, agent=self.agent)
        sw.setMethod(POST)
        sw.setReturnFormat(JSON)
        sw.setOnlyConneg(True)  # no format=… parameters: plain SPARQL protocol, content negotiation only
        sw.timeout = float(self.timeout)  # setTimeout() would truncate to int (0.5 s -> 0 = no timeout at all)
        sw.setQuery(query)
        self._wait_turn()
        self.requests_sent += 1
        try:
            response = sw.query().response
            body = response.read()
        finally:
            self._last = self.clock()
        return parse_results(body)

    def select(self, query: str) -> list[dict]:
        """The bindings of a SELECT query (SPARQL JSON results), retrying politely; raises WdqsError."""
        last_problem = ""
        for attempt in range(1, self.max_attempts + 1):
            wait: float | None = None
            try:
                return self._once(query)
            except urllib.error.HTTPError as exc:  # 429, 502, 503, 504 … (SPARQLWrapper re-raises these)
                code = exc.code
                if code == 429:
                    wait = retry_after(exc.headers.get("Retry-After") if exc.headers else None, self.clock)
                    last_problem = f"HTTP 429 Too Many Requests (Retry-After: {exc.headers.get('Retry-After') if exc.headers else None})"
                    if wait is None:
                        wait = self.backoff * 2 ** (attempt - 1)
                    if wait > self.max_wait:
                        raise WdqsError(
                            f"{self.endpoint} asked us to wait {wait:.0f} s (HTTP 429), longer than --max-wait "
                            f"{self.max_wait:.0f} s; try again later"
                        ) from None
                elif code in (502, 503, 504) or 500 <= code < 600:
                    last_problem = f"HTTP {code} {exc.reason}"
                else:
                    raise WdqsError(f"{self.endpoint} answered HTTP {code} {exc.reason}; not retrying") from None
            except EndPointInternalError as exc:  # HTTP 500
                last_problem = "HTTP 500 Internal Server Error" + _snippet(exc)
            except QueryBadFormed as exc:
                raise WdqsError(f"{self.endpoint} rejected the query as malformed (HTTP 400){_snippet(exc)}; this is a bug in pactkg, please report it") from None
            except (EndPointNotFound, Unauthorized, URITooLong) as exc:
                raise WdqsError(f"{self.endpoint}: {type(exc).__name__}{_snippet(exc)}; check --endpoint") from None
            except MalformedResults as exc:
                last_problem = str(exc)
            except (socket.timeout, TimeoutError) as exc:
                last_problem = f"no answer within {self.timeout:g} s ({exc or 'timeout'})"
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, (socket.timeout, TimeoutError)):
                    last_problem = f"no answer within {self.timeout:g} s"
                else:
                    last_problem = f"cannot reach the endpoint ({exc.reason})"
            except http.client.HTTPException as exc:  # IncompleteRead, BadStatusLine, ...
                last_problem = f"broken HTTP answer ({type(exc).__name__}: {exc})"
            except (ConnectionError, OSError) as exc:
                last_problem = f"connection failed ({exc})"
            except SPARQLWrapperException as exc:
                last_problem = f"{type(exc).__name__}{_snippet(exc)}"
            if attempt == self.max_attempts:
                break
            if wait is None:
                wait = self.backoff * 2 ** (attempt - 1)
            self.log(f"wdqs: attempt {attempt}/{self.max_attempts} failed: {last_problem}; waiting {wait:g} s")
            self.sleep(wait)
            self._last = self.clock()
        raise WdqsError(
            f"{self.endpoint} failed {self.max_attempts} times; last problem: {last_problem}. "
            "Nothing was written. Try again later (or with a smaller --batch-size)."
        )


class MalformedResults(ValueError):
    pass


def _snippet(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return f": {text[:200]}" if text else ""


def parse_results(body: bytes) -> list[dict]:
    """SPARQL JSON results → bindings; an empty, non-JSON or wrongly shaped body raises MalformedResults."""
    if not body or not body.strip():
        raise MalformedResults("HTTP 200 with an empty body (the service does this, e.g., without a User-Agent)")
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedResults(f"HTTP 200 but the body is not JSON ({exc}); first bytes: {body[:80]!r}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("head"), dict):
        raise MalformedResults("HTTP 200 but the body is not SPARQL JSON results (no 'head')")
    results = doc.get("results")
    if not isinstance(results, dict) or not isinstance(results.get("bindings"), list):
        raise MalformedResults("HTTP 200 but the body is not SPARQL JSON results (no 'results.bindings')")
    bindings = results["bindings"]
    for b in bindings:
        if not isinstance(b, dict) or not all(isinstance(v, dict) and "value" in v for v in b.values()):
            raise MalformedResults("HTTP 200 but a binding is not of the SPARQL JSON shape")
    return bindings


def retry_after(value: str | None, clock: Callable[[], float] = time.monotonic) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent/unreadable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def add_client_arguments(p) -> None:
    """The options every online command shares (link, link-check, quickstatements)."""
    p.add_argument("--endpoint", default=None, help=f"SPARQL endpoint (default $PACTKG_WDQS_ENDPOINT or {DEFAULT_ENDPOINT})")
    p.add_argument("--contact", default=None, help="contact (email or URL) put in the User-Agent (default $PACTKG_CONTACT or the project URL)")
    p.add_argument("--user-agent", default=None, help="the whole User-Agent (overrides --contact)")
    p.add_argument("--pause", type=float, default=None, help="seconds between requests (default 1)")
    p.add_argument("--timeout", type=float, default=None, help="seconds per request (default 60)")
    p.add_argument("--max-attempts", type=int, default=None, help="tries per request (default 4)")
    p.add_argument("--backoff", type=float, default=None, help="first wait after a server error, doubled each time (default 5 s)")
    p.add_argument("--max-wait", type=float, default=None, help="give up if Retry-After asks for longer (default 300 s)")
    p.add_argument("--batch-size", type=int, default=None, help="entities per request (default 20)")


def client_from_args(args) -> WdqsClient:
    import os

    def pick(name: str, env: str, default, cast=str):
        v = getattr(args, name, None)
        if v is None and os.environ.get(env):
            v = cast(os.environ[env])
        return default if v is None else v

    agent = args.user_agent or os.environ.get("PACTKG_USER_AGENT") or user_agent(args.contact or os.environ.get("PACTKG_CONTACT"))
    return WdqsClient(
        endpoint=pick("endpoint", "PACTKG_WDQS_ENDPOINT", DEFAULT_ENDPOINT),
        agent=agent,
        pause=pick("pause", "PACTKG_WDQS_PAUSE", 1.0, float),
        timeout=pick("timeout", "PACTKG_WDQS_TIMEOUT", 60.0, float),
        max_attempts=pick("max_attempts", "PACTKG_WDQS_MAX_ATTEMPTS", 4, int),
        backoff=pick("backoff", "PACTKG_WDQS_BACKOFF", 5.0, float),
        max_wait=pick("max_wait", "PACTKG_WDQS_MAX_WAIT", 300.0, float),
    )


def batch_size(args, default: int = 20) -> int:
    import os

    v = getattr(args, "batch_size", None)
    if v is None and os.environ.get("PACTKG_WDQS_BATCH"):
        v = int(os.environ["PACTKG_WDQS_BATCH"])
    v = default if v is None else v
    if v < 1:
        raise WdqsError("--batch-size must be at least 1")
    return v
