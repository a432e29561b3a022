"""Turn SPARQL parser errors into messages a person can act on.

pyoxigraph reports "error at LINE:COL: expected one of <every token the grammar allows>", which for an
undeclared prefix buries the words "Prefix not found" in a list of Unicode ranges. This module finds the
position, names the undeclared prefix (scanning the query text itself), and shows the offending line with a
caret. The same scan runs before a query is sent to a remote endpoint, so both paths say the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pactkg.query.results import DISPLAY_PREFIXES


class QueryError(Exception):
    """A query that cannot run: the message is complete and meant for the user as is."""


@dataclass
class Position:
    line: int
    column: int


_POS_RE = re.compile(r"error at (\d+):(\d+)")
# Words of the grammar's "expected one of" list that are real sentences, not tokens.
_SENTENCE_RE = re.compile(r"(?:^|, )([A-Z][a-z]+(?: [^,\[\]'\"]+)+?)(?=, |$)")


def _tokens(text: str):
    """Yield (kind, value, offset) for the parts of a SPARQL text that matter here.

    Skips comments, strings and IRIs so that 'a:b' inside them is not taken for a prefixed name.
    """
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            if text.startswith(c * 3, i):
                j = text.find(c * 3, i + 3)
                i = n if j < 0 else j + 3
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c == "<":
            m = re.compile(r"<[^<>\"{}|^`\\\s]*>").match(text, i)
            if m:
                yield ("iri", m.group(0), i)
                i = m.end()
                continue
            i += 1
            continue
        if c in "?$":
            m = re.compile(r"[?$]\w+").match(text, i)
            i = m.end() if m else i + 1
            continue
        m = re.compile(r"([A-Za-z][\w.-]*)?:((?:[\w:%-]|\.(?=[\w:%-]))*)", re.UNICODE).match(text, i)
        if m and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_-.")):
            yield ("pname", m.group(0), i)
            i = m.end()
            continue
        m = re.compile(r"\w+").match(text, i)
        if m:
            yield ("word", m.group(0), i)
            i = m.end()
            continue
        i += 1


def position_of(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Position(line, col)


def undeclared_prefixes(text: str) -> list[tuple[str, Position]]:
    """Prefixes used in prefixed names but never declared with PREFIX, with where each is first used."""
    declared: set[str] = set()
    used: dict[str, int] = {}
    toks = list(_tokens(text))
    for k, (kind, value, offset) in enumerate(toks):
        if kind == "word" and value.upper() == "PREFIX" and k + 1 < len(toks) and toks[k + 1][0] == "pname":
            declared.add(toks[k + 1][1].split(":", 1)[0])
    for k, (kind, value, offset) in enumerate(toks):
        if kind != "pname":
            continue
        if k > 0 and toks[k - 1][0] == "word" and toks[k - 1][1].upper() == "PREFIX":
            continue
        prefix = value.split(":", 1)[0]
        if prefix not in declared and prefix not in used:
            used[prefix] = offset
    return [(p, position_of(text, off)) for p, off in sorted(used.items(), key=lambda kv: kv[1])]


def _show_line(text: str, pos: Position) -> str:
    lines = text.splitlines() or [""]
    if pos.line > len(lines) or (pos.line == len(lines) and pos.column > len(lines[-1]) + 1):
        return "\n    (at the end of the query: something is left unclosed)"
    if pos.line < 1:
        return ""
    src = lines[pos.line - 1]
    caret = " " * (max(pos.column, 1) - 1) + "^"
    return f"\n    {src}\n    {caret}"


def _where(source: str, pos: Position | None) -> str:
    if pos is None:
        return source
    return f"{source}, line {pos.line}, column {pos.column}"


def unknown_prefix_message(source: str, text: str, prefix: str, pos: Position) -> str:
    hint = ""
    if prefix in DISPLAY_PREFIXES:
        hint = f"\n  Add this line before the query: PREFIX {prefix}: <{DISPLAY_PREFIXES[prefix]}>"
    else:
        hint = f"\n  Declare it with PREFIX {prefix}: <namespace IRI> before the query, or write the full IRI."
    return f"{_where(source, pos)}: unknown prefix '{prefix}:' (no PREFIX declaration for it){_show_line(text, pos)}{hint}"


def check_prefixes(source: str, text: str) -> None:
    """Raise QueryError naming the first undeclared prefix, if any."""
    missing = undeclared_prefixes(text)
    if missing:
        prefix, pos = missing[0]
        raise QueryError(unknown_prefix_message(source, text, prefix, pos))


def _summarise_expected(detail: str) -> str:
    """Keep the readable part of the parser's 'expected one of …' list."""
    detail = " ".join(detail.split())
    m = re.match(r"expected one of (.*)", detail)
    if not m:
        return detail[:300]
    items = re.split(r", (?=[\"'\[A-Z_])", m.group(1))
    sentences = [i for i in items if re.match(r"^[A-Z][a-z]+ ", i)]
    if sentences:
        return "; ".join(sentences)
    tokens = [i for i in items if not i.startswith("[")]
    shown = ", ".join(tokens[:12]) + (", …" if len(tokens) > 12 else "")
    return f"expected one of {shown}" if shown else "unexpected input"


def syntax_error_message(source: str, text: str, exc: BaseException) -> str:
    """The message for a query the parser rejected: where, what, and the line with a caret."""
    raw = str(exc)
    m = _POS_RE.search(raw)
    pos = Position(int(m.group(1)), int(m.group(2))) if m else None
    if "Prefix not found" in raw:
        missing = undeclared_prefixes(text)
        if missing:
            prefix, ppos = missing[0]
            return unknown_prefix_message(source, text, prefix, ppos)
    detail = raw[m.end() :].lstrip(": ") if m else raw
    summary = _summarise_expected(detail)
    vague = len(re.split(r", (?=[\"'\[A-Z_])", detail)) > 3  # a long "expected one of" list
    if pos is None or (_at_end(text, pos) and vague):
        better = _second_opinion(text)
        if better is not None:
            pos, summary = better
    return (
        f"{_where(source, pos)}: SPARQL syntax error: {summary}"
        f"{_show_line(text, pos) if pos else ''}\n  Fix the query and run again."
    )


def _offset(text: str, pos: Position) -> int:
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[: pos.line - 1]) + pos.column - 1


def _at_end(text: str, pos: Position) -> bool:
    """True when the parser blames the end of the query (it does so when a clause is left incomplete)."""
    return _offset(text, pos) >= len(text.rstrip()) - 1


def _second_opinion(text: str) -> tuple[Position, str] | None:
    """Where rdflib's SPARQL parser stops, when Oxigraph's parser only blames the end of the query.

    Oxigraph reports its furthest failure, which for an incomplete FILTER or triple is the end of the text;
    rdflib's parser stops at the start of the clause that does not parse, which is where to look.
    """
    try:
        from pyparsing import ParseException
        from rdflib.plugins.sparql.parser import parseQuery
    except ImportError:
        return None
    try:
        parseQuery(text)
    except ParseException as exc:
        m = re.search(r"found (.+?)\s+\(at char", str(exc))
        near = f" near {m.group(1)}" if m else ""
        return Position(exc.lineno, exc.col), f"this clause does not parse{near}"
    except Exception:
        return None
    return None
