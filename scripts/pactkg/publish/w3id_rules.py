"""A small interpreter for the w3id.org redirect rules (w3id/htaccess of a release), to test them offline.

It understands what that file uses, the way Apache's mod_rewrite applies it in a per-directory .htaccess:
`RewriteCond %{HTTP_ACCEPT} [!]regex [NC]` lines that guard the next `RewriteRule regex target [flags]`,
`$N` back-references, and the R=code and L flags. The path it matches is relative to the folder
(https://w3id.org/lv-pact-1939/id/riga -> "id/riga"). Apache's regexes are PCRE; the subset used here
means the same in Python's re. Anything else in the file is an error, so the tests notice a rule this
interpreter would silently misread.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = "https://w3id.org/lv-pact-1939/"


class RuleError(ValueError):
    """A line of the .htaccess that this interpreter does not understand (file and line named)."""


@dataclass
class Cond:
    variable: str
    pattern: re.Pattern
    negate: bool
    line: int

    def holds(self, env: dict[str, str]) -> bool:
        found = self.pattern.search(env.get(self.variable, "")) is not None
        return found != self.negate


@dataclass
class Rule:
    pattern: re.Pattern
    target: str
    status: int | None
    last: bool
    conds: list[Cond] = field(default_factory=list)
    line: int = 0


def _flags(text: str | None, where: str) -> tuple[int | None, bool, bool]:
    status, last, nocase = None, False, False
    if not text:
        return status, last, nocase
    if not (text.startswith("[") and text.endswith("]")):
        raise RuleError(f"{where}: flags must be in [brackets]: {text}")
    for flag in text[1:-1].split(","):
        flag = flag.strip()
        if flag == "L":
            last = True
        elif flag == "NC":
            nocase = True
        elif flag in ("R", "NE"):
            status = 302 if flag == "R" else status
        elif flag.startswith("R="):
            status = int(flag[2:])
        else:
            raise RuleError(f"{where}: flag {flag!r} is not understood by pactkg.publish.w3id_rules")
    return status, last, nocase


def parse(text: str, name: str = ".htaccess") -> list[Rule]:
    rules: list[Rule] = []
    pending: list[Cond] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        where = f"{name}, line {n}"
        if not line or line.startswith("#"):
            continue
        parts = shlex.split(line, posix=False)
        directive = parts[0]
        if directive in ("Options", "RewriteEngine"):
            continue
        if directive == "RewriteCond":
            if len(parts) not in (3, 4):
                raise RuleError(f"{where}: RewriteCond needs a variable, a pattern and optional flags")
            m = re.fullmatch(r"%\{([A-Z_]+)\}", parts[1])
            if not m:
                raise RuleError(f"{where}: RewriteCond variable {parts[1]!r} not understood")
            _, _, nocase = _flags(parts[3] if len(parts) == 4 else None, where)
            pat = parts[2]
            negate = pat.startswith("!")
            try:
                rx = re.compile(pat[1:] if negate else pat, re.IGNORECASE if nocase else 0)
            except re.error as exc:
                raise RuleError(f"{where}: bad regex {pat!r}: {exc}") from None
            pending.append(Cond(m.group(1), rx, negate, n))
        elif directive == "RewriteRule":
            if len(parts) not in (3, 4):
                raise RuleError(f"{where}: RewriteRule needs a pattern, a target and optional flags")
            status, last, nocase = _flags(parts[3] if len(parts) == 4 else None, where)
            try:
                rx = re.compile(parts[1], re.IGNORECASE if nocase else 0)
            except re.error as exc:
                raise RuleError(f"{where}: bad regex {parts[1]!r}: {exc}") from None
            rules.append(Rule(rx, parts[2], status, last, pending, n))
            pending = []
        else:
            raise RuleError(f"{where}: directive {directive!r} is not understood by pactkg.publish.w3id_rules")
    if pending:
        raise RuleError(f"{name}: RewriteCond at line {pending[0].line} is not followed by a RewriteRule")
    return rules


def load(path: Path) -> list[Rule]:
    return parse(Path(path).read_text(encoding="utf-8"), str(path))


def resolve(rules: list[Rule], iri_or_path: str, accept: str = "*/*") -> tuple[int, str] | None:
    """(status, Location) for a request, or None when no rule redirects it (w3id.org would answer 404)."""
    path = iri_or_path[len(PREFIX) :] if iri_or_path.startswith(PREFIX) else iri_or_path.lstrip("/")
    path = path.split("#", 1)[0].split("?", 1)[0]
    env = {"HTTP_ACCEPT": accept}
    for rule in rules:
        m = rule.pattern.search(path)
        if not m or not all(c.holds(env) for c in rule.conds):
            continue
        target = re.sub(r"\$(\d)", lambda g: m.group(int(g.group(1))) or "", rule.target)
        if rule.status is not None:
            return rule.status, target
        path = target
        if rule.last:
            break
    return None
