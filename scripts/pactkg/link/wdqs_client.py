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

import contextlib
import email.utils
import http.client
import io
import json
import re
import socket
import sys
import time
import urllib.error
import urllib.parse
from dataclasses import dataclass, field
from typing import Callable

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
    timeout: float = 60.0  # per request, from sending it to the last byte of the answer
    max_attempts: int = 4
    backoff: float = 5.0  # first wait after a 5xx/timeout/bad body; doubles each time
    max_wait: float = 300.0  # a Retry-After longer than this: give up instead of waiting
    deadline: float = 900.0  # the whole run (every request, retry and wait): then give up, writing nothing
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    log: Callable[[str], None] = field(default=lambda msg: print(msg, file=sys.stderr))
    requests_sent: int = 0
    _last: float | None = None
    _run_end: float | None = None

    def _wait_turn(self) -> None:
        if self._last is not None:
            gap = self.pause - (self.clock() - self._last)
            if gap > 0:
                self.sleep(gap)

    def _run_remaining(self) -> float:
        """Seconds left of the whole run's deadline (it starts with the first request)."""
        if self._run_end is None:
            self._run_end = self.clock() + self.deadline
        return self._run_end - self.clock()

    def _once(self, query: str) -> list[dict]:
        self._wait_turn()
        self.requests_sent += 1
        limit = min(self.timeout, max(self._run_remaining(), 0.001))
        try:
            body = post_query(self.endpoint, query, self.agent, limit)
        finally:
            self._last = self.clock()
        head_vars, bindings = parse_answer(body)
        check_variables(query, head_vars, bindings)
        return bindings

    def select(self, query: str) -> list[dict]:
        """The bindings of a SELECT query (SPARQL JSON results), retrying politely; raises WdqsError."""
        last_problem = ""
        for attempt in range(1, self.max_attempts + 1):
            wait: float | None = None
            if self._run_remaining() <= 0:
                raise WdqsError(self._deadline_message(last_problem))
            try:
                return self._once(query)
            except Refused as exc:
                raise WdqsError(f"{exc} Nothing was written.") from None
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
                elif code == 400:
                    raise WdqsError(f"{self.endpoint} rejected the query as malformed (HTTP 400){_http_snippet(exc)}; "
                                    "this is a bug in pactkg, please report it") from None
                else:
                    raise WdqsError(f"{self.endpoint} answered HTTP {code} {exc.reason}{_http_snippet(exc)}; "
                                    "not retrying; check --endpoint") from None
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
            if wait >= self._run_remaining():
                raise WdqsError(self._deadline_message(last_problem))
            self.log(f"wdqs: attempt {attempt}/{self.max_attempts} failed: {last_problem}; waiting {wait:g} s")
            self.sleep(wait)
            self._last = self.clock()
        raise WdqsError(
            f"{self.endpoint} failed {self.max_attempts} times; last problem: {last_problem}. "
            "Nothing was written. Try again later (or with a smaller --batch-size)."
        )


    def _deadline_message(self, last_problem: str) -> str:
        last = f"; last problem: {last_problem}" if last_problem else ""
        return (f"{self.endpoint}: the run's deadline of {self.deadline:g} s has passed{last}. Nothing was written. "
                "Try again later, or allow more time with --deadline.")


class MalformedResults(ValueError):
    pass


class Refused(Exception):
    """An answer that is not to be trusted at all (not retried): a redirect to another host."""


MAX_ANSWER_BYTES = 50_000_000
MAX_REDIRECTS = 3


def _connection(url: str, timeout: float):
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(f"{url}: not an http:// or https:// address of a SPARQL endpoint; check --endpoint.")
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return cls(parts.hostname, parts.port, timeout=timeout), path


def post_query(endpoint: str, query: str, agent: str, timeout: float) -> bytes:
    """POST the query (SPARQL protocol, form-encoded) and return the 200 answer's body, within `timeout` s in all.

    The deadline covers connecting, sending and the whole answer: a server that trickles a byte at a time
    is cut off at it (a socket timeout alone applies to each read). A redirect to another host is refused
    (its answer would be taken for Wikidata's); one to the same host is followed, with the query (POST).
    Other statuses are raised as urllib.error.HTTPError, as the retry logic expects them.
    """
    import threading

    url = endpoint
    data = urllib.parse.urlencode({"query": query}).encode("utf-8")
    headers = {"User-Agent": agent, "Accept": "application/sparql-results+json",
               "Content-Type": "application/x-www-form-urlencoded"}
    end = time.monotonic() + timeout
    for _ in range(MAX_REDIRECTS + 1):
        conn, path = _connection(url, max(end - time.monotonic(), 0.001))
        box: dict = {}

        def exchange() -> None:
            try:
                conn.request("POST", path, body=data, headers=headers)
                resp = conn.getresponse()
                box["answer"] = (resp.status, resp.reason, resp.headers, resp.read(MAX_ANSWER_BYTES + 1))
            except BaseException as exc:  # handed to the caller
                box["error"] = exc

        worker = threading.Thread(target=exchange, daemon=True, name="wdqs-request")
        worker.start()
        worker.join(max(end - time.monotonic(), 0))
        if worker.is_alive():
            with contextlib.suppress(OSError):
                if conn.sock is not None:
                    conn.sock.shutdown(socket.SHUT_RDWR)
            conn.close()
            raise socket.timeout("no complete answer before the deadline")
        conn.close()
        if "error" in box:
            raise box["error"]
        status, reason, resp_headers, body = box["answer"]
        if len(body) > MAX_ANSWER_BYTES:
            raise MalformedResults(f"an answer larger than {MAX_ANSWER_BYTES} bytes")
        if status in (301, 302, 303, 307, 308):
            location = urllib.parse.urljoin(url, resp_headers.get("Location", ""))
            here, there = urllib.parse.urlsplit(url), urllib.parse.urlsplit(location)
            if (there.scheme, there.hostname, there.port) != (here.scheme, here.hostname, here.port):
                raise Refused(f"{endpoint} redirected the query to {location} (HTTP {status}), another host: "
                              "refused, since that host's answer would be taken for the endpoint's. If the service "
                              "has moved, set --endpoint (or PACTKG_WDQS_ENDPOINT) to its new address.")
            url = location
            continue
        if status != 200:
            raise urllib.error.HTTPError(url, status, reason, resp_headers, io.BytesIO(body))
        return body
    raise Refused(f"{endpoint}: more than {MAX_REDIRECTS} redirects; set --endpoint to the final address.")


def projected_variables(query: str) -> list[str] | None:
    """The variables a SELECT query asks for (None for SELECT * or when the projection cannot be read)."""
    text = query
    m = re.search(r"\bSELECT\b", text, re.IGNORECASE)
    if not m:
        return None
    depth, names, after_as = 0, [], False
    i = m.end()
    while i < len(text):
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = len(text) if j < 0 else j + 1
            continue
        if c == "{" or (depth == 0 and re.match(r"(WHERE|FROM)\b", text[i:], re.IGNORECASE)):
            break
        if c == "*" and depth == 0:
            return None
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c in "?$":
            v = re.match(r"[?$](\w+)", text[i:])
            if v:
                if depth == 0 or after_as:
                    names.append(v.group(1))
                after_as = False
                i += v.end()
                continue
        elif re.match(r"AS\b", text[i:], re.IGNORECASE) and depth > 0:
            after_as = True
            i += 2
            continue
        i += 1
    return names or None


def check_variables(query: str, head_vars: list[str], bindings: list[dict]) -> None:
    """An answer whose variables are not the ones asked for is someone else's answer (MalformedResults)."""
    asked = projected_variables(query)
    if asked is None:
        return
    if set(head_vars) != set(asked):
        raise MalformedResults(f"the answer's variables ({' '.join('?' + v for v in head_vars) or 'none'}) are not "
                               f"the ones asked for ({' '.join('?' + v for v in asked)})")
    for b in bindings:
        extra = set(b) - set(asked)
        if extra:
            raise MalformedResults(f"the answer binds variables not asked for ({' '.join(sorted('?' + v for v in extra))})")


def _http_snippet(exc: urllib.error.HTTPError) -> str:
    try:
        text = " ".join(exc.read().decode("utf-8", "replace").split())
    except Exception:
        text = ""
    return f": {text[:200]}" if text else ""


def _snippet(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return f": {text[:200]}" if text else ""


def parse_results(body: bytes) -> list[dict]:
    """SPARQL JSON results → bindings; an empty, non-JSON or wrongly shaped body raises MalformedResults."""
    return parse_answer(body)[1]


def parse_answer(body: bytes) -> tuple[list[str], list[dict]]:
    """SPARQL JSON results → (head variables, bindings); raises MalformedResults as parse_results does."""
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
    head_vars = doc["head"].get("vars", [])
    if not isinstance(head_vars, list) or not all(isinstance(v, str) for v in head_vars):
        raise MalformedResults("HTTP 200 but the body is not SPARQL JSON results ('head.vars' is not a list of names)")
    return head_vars, bindings


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
    p.add_argument("--timeout", type=float, default=None, help="seconds per request, the whole answer included (default 60)")
    p.add_argument("--deadline", type=float, default=None,
                   help="seconds for the whole run, retries and waits included; then nothing is written (default 900)")
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

    contact = args.contact or os.environ.get("PACTKG_CONTACT")
    agent = args.user_agent or os.environ.get("PACTKG_USER_AGENT") or user_agent(contact)
    for name, value in (("--contact (or PACTKG_CONTACT)", contact), ("--user-agent (or PACTKG_USER_AGENT)", agent)):
        if value and (any(ord(c) < 32 or ord(c) == 127 for c in value) or not value.isprintable()):
            raise WdqsError(f"{name} {value!r}: must be one line of printable text (no line breaks or control "
                            "characters: they would end the HTTP header), e.g. mailto:you@example.org")
    return WdqsClient(
        endpoint=pick("endpoint", "PACTKG_WDQS_ENDPOINT", DEFAULT_ENDPOINT),
        agent=agent,
        pause=pick("pause", "PACTKG_WDQS_PAUSE", 1.0, float),
        timeout=pick("timeout", "PACTKG_WDQS_TIMEOUT", 60.0, float),
        max_attempts=pick("max_attempts", "PACTKG_WDQS_MAX_ATTEMPTS", 4, int),
        backoff=pick("backoff", "PACTKG_WDQS_BACKOFF", 5.0, float),
        max_wait=pick("max_wait", "PACTKG_WDQS_MAX_WAIT", 300.0, float),
        deadline=pick("deadline", "PACTKG_WDQS_DEADLINE", 900.0, float),
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
