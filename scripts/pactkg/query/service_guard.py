"""No requests to hosts a user names (issue 10): `SERVICE <http://any-host/…>` used to make both
`pactkg query` and `pactkg serve` send a request wherever the query said. A query is refused, before it
runs, if it has a SERVICE whose endpoint is not an absolute http(s) IRI on an explicitly allowed host
(none by default; the federated command, which evaluates its own SERVICE, allows Wikidata's only).

The scan works on the query's tokens (comments, strings and IRIs skipped), after undoing the \\u escapes
that SPARQL allows anywhere in a query, so `SERV\\u0049CE` is found too. A SERVICE on a variable or on a
prefixed name is refused: its host cannot be known before the query runs.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import Iterable

from pactkg.query.sparql_errors import QueryError, _tokens, position_of

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def services(text: str) -> list[tuple[str, int, str]]:
    """(target as written, offset, text scanned) for every SERVICE keyword of the query."""
    scanned = _unescape(text)
    toks = list(_tokens(scanned))
    found = []
    for k, (kind, value, offset) in enumerate(toks):
        if kind != "word" or value.upper() != "SERVICE":
            continue
        nxt = k + 1
        if nxt < len(toks) and toks[nxt][0] == "word" and toks[nxt][1].upper() == "SILENT":
            nxt += 1
        target = toks[nxt][1] if nxt < len(toks) else ""
        if nxt < len(toks) and toks[nxt][0] == "word":
            target = ""  # a variable is skipped by the tokeniser; what follows is not an endpoint
        # A variable (?x / $x) is not yielded by the tokeniser: look at the text itself.
        rest = scanned[offset + len(value):].lstrip()
        if rest[:6].upper() == "SILENT":
            rest = rest[6:].lstrip()
        if rest[:1] in ("?", "$"):
            target = rest.split()[0] if rest.split() else rest
        found.append((target, offset, scanned))
    return found


def host_of(target: str) -> str | None:
    if not (target.startswith("<") and target.endswith(">")):
        return None
    parts = urllib.parse.urlsplit(target[1:-1])
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname.lower()


def check(text: str, source: str = "query", allowed_hosts: Iterable[str] = ()) -> None:
    """Raise QueryError for the first SERVICE that would reach a host not in `allowed_hosts`."""
    allowed = {h.lower() for h in allowed_hosts}
    for target, offset, scanned in services(text):
        pos = position_of(scanned, offset)
        where = f"{source}, line {pos.line}, column {pos.column}"
        host = host_of(target)
        if host is None:
            raise QueryError(
                f"{where}: SERVICE {target or '(no endpoint)'} is refused: only a SERVICE whose endpoint is written "
                f"in full, <http(s)://host/…>, on an allowed host ({', '.join(sorted(allowed)) or 'none here'}) may "
                "run. This endpoint answers from its own data; for Wikidata use `pactkg federated`."
            )
        if host not in allowed:
            raise QueryError(
                f"{where}: SERVICE {target} is refused: the query would send a request to {host}, which is not "
                "an allowed host. This endpoint answers from its own data; for Wikidata use `pactkg federated`."
            )
