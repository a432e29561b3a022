"""Write values into SPARQL query text so that no value can break or change the query.

Labels come from our data and go into VALUES blocks sent to a public endpoint. A label is free text: it may
hold quotes, backslashes, newlines, braces, '#', or any Unicode. Everything we put into a query goes through
this module, which accepts only what it can write exactly:

- strings: every character is written as itself except the six that SPARQL's STRING_LITERAL_QUOTE forbids
  or that have an escape (", \\, LF, CR, TAB, BS, FF), which get their ECHAR escape. Other control characters,
  lone surrogates and the non-characters U+FFFE/U+FFFF are refused (no label legitimately holds them, and
  servers disagree on them). No \\u escapes are written: SPARQL processes them before parsing, so they
  are the one way an escaped text could still turn into syntax; for the same reason a label holding a
  backslash followed by 'u' or 'U' is refused (rdflib's parser reads `"\\\\u0022"` as a quote, oxigraph
  does not: the value would depend on the server). Text is NFC-normalised, as Wikidata's is.
- language tags: BCP 47 shape only.
- IRIs: no characters that IRIREF forbids.
- Wikidata ids: Q/P followed by digits, written as wd:Q… / wdt:P….
- integers: Python ints only.
"""

from __future__ import annotations

import re
import unicodedata

_ECHAR = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ECHAR = re.compile(r'["\\\n\r\t\b\f]')
# C0 controls other than the escaped ones, DEL, C1 controls, surrogates, U+FFFE/U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x07\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BACKSLASH_U = re.compile(r"\\[uU]")
_LANG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_QID = re.compile(r"^Q[1-9][0-9]*$")
_PID = re.compile(r"^P[1-9][0-9]*$")


class UnsafeValue(ValueError):
    """A value that cannot be written into a query exactly; the message names the value and the reason."""


def string(text: str, lang: str | None = None) -> str:
    """A SPARQL string literal (optionally language-tagged) whose value is exactly NFC(text)."""
    if not isinstance(text, str):
        raise UnsafeValue(f"not a string: {text!r}")
    bad = _FORBIDDEN.search(text)
    if bad:
        raise UnsafeValue(
            f"label {text!r} holds the control or non-character U+{ord(bad.group(0)):04X}; "
            "fix the label in the data"
        )
    if _BACKSLASH_U.search(text):
        raise UnsafeValue(
            f"label {text!r} holds a backslash followed by 'u'/'U', which SPARQL servers read differently; "
            "fix the label in the data"
        )
    text = unicodedata.normalize("NFC", text)
    body = _NEEDS_ECHAR.sub(lambda m: _ECHAR[m.group(0)], text)
    lit = f'"{body}"'
    if lang is not None:
        lit += "@" + language(lang)
    return lit


def language(tag: str) -> str:
    if not isinstance(tag, str) or not _LANG.fullmatch(tag):
        raise UnsafeValue(f"not a language tag: {tag!r}")
    return tag.lower()


def iri(value: str) -> str:
    """<value>, refusing characters that IRIREF forbids (so '>' cannot close it early)."""
    if not isinstance(value, str) or not value or _IRI_BAD.search(value):
        raise UnsafeValue(f"not a safe IRI: {value!r}")
    return f"<{value}>"


def integer(value: int) -> str:
    if not isinstance(value, int) or isinstance(value, bool):
        raise UnsafeValue(f"not an integer: {value!r}")
    return str(value)


def qid(value: str) -> str:
    """wd:Q… for a Wikidata item id (the query must declare PREFIX wd:)."""
    if not isinstance(value, str) or not _QID.fullmatch(value):
        raise UnsafeValue(f"not a Wikidata item id: {value!r}")
    return "wd:" + value


def pid(value: str, prefix: str = "wdt") -> str:
    """wdt:P… (or another property prefix) for a Wikidata property id."""
    if not isinstance(value, str) or not _PID.fullmatch(value):
        raise UnsafeValue(f"not a Wikidata property id: {value!r}")
    if prefix not in {"wdt", "p", "ps", "pq", "wd"}:
        raise UnsafeValue(f"not a Wikidata property prefix: {prefix!r}")
    return f"{prefix}:{value}"


def is_qid(value: str) -> bool:
    return isinstance(value, str) and bool(_QID.fullmatch(value))


def values_block(variables: list[str], rows: list[list[str]]) -> str:
    """VALUES (?a ?b) { (x y) ... } from already-written terms (each made by a function of this module)."""
    for v in variables:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", v):
            raise UnsafeValue(f"not a variable name: {v!r}")
    head = " ".join("?" + v for v in variables)
    body = "\n".join("    (" + " ".join(r) + ")" for r in rows)
    return f"VALUES ({head}) {{\n{body}\n  }}"
