"""Quoted-words check: Latvian words that our own prose puts in quotation marks must be a source's words.

A description or note that quotes the article („…”, “…”, "…", «…», '…') tells the reader "the article
says this". The first edition's description of Stalin's statement silently supplied a word that the article
lacks (the article's "esam izejas" is missing a word): the evidence was verbatim, the prose was not. This check
holds every quoted span of Latvian text in an lvp:description or lvp:note to the same standard as evidence:
it must occur in the article's text, or in a string the graph itself quotes from a source (lvp:evidence,
lvp:text, lvp:title, or the Latvian side of a translation).

A span counts as Latvian when it has a Latvian letter with a diacritic (ā č ē ģ ī ķ ļ ņ š ū ž) or stands in
a Latvian-tagged literal; English, Russian or French words quoted in English notes are not checked here.
Allowed differences, the same as a careful reader allows: quotation marks, dashes and spacing; the case of
the first letter (a quoted sentence opening written mid-sentence); and an ellipsis ("...", "…", "[..]")
standing for omitted words, each part then being checked on its own. The matching is hand-written (a few
regular expressions) because no library knows which spans of prose are quotations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal

from pactkg.build import evidence_check
from pactkg.build.turtle_writer import short
from pactkg.common.namespaces import LVP

PROSE = (LVP.description, LVP.note)
QUOTED_SOURCES = (LVP.evidence, LVP.text, LVP.title, LVP.translationOf)
LATVIAN_LETTERS = re.compile(r"[āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ]")
# „…" „…” “…” "…" «…» and '…' (a single quote only where no letter touches it from outside: not Munters's).
QUOTED = re.compile(
    r"„([^“”\"]+)[“”\"]|“([^”]+)”|\"([^\"]+)\"|«([^»]+)»|(?<![\w])'([^']+?)'(?![\w])"
)
ELLIPSIS = re.compile(r"\s*(?:\[\.\.\]|\[…\]|\.\.\.|…)\s*")


@dataclass(frozen=True)
class Problem:
    subject: str
    prop: str
    span: str

    def __str__(self) -> str:
        return (f"{self.subject} {self.prop} quotes {self.span!r}, which is neither in the article nor in any "
                f"evidence, quotation or title\n    quote the source's exact words, or drop the quotation marks "
                f"if the words are ours (a missing word is noted, not supplied)")


def quoted_spans(text: str) -> list[str]:
    """The text between each pair of quotation marks, in order."""
    return [next(g for g in m.groups() if g) for m in QUOTED.finditer(text)]


def is_latvian(span: str, literal: Literal) -> bool:
    return bool(LATVIAN_LETTERS.search(span)) or (literal.language or "").lower() == "lv"


def _parts(span: str) -> list[str]:
    return [p.strip(" ,;:") for p in ELLIPSIS.split(span) if p.strip(" ,;:.")]


SEPARATOR = "\x00"  # joins the haystacks into one text; a quote that holds it is looked for in each one


def _found(part: str, haystacks: list[str], joined: str | None = None) -> bool:
    """Whether `part` (normalised, its first letter in either case) is in one of the haystacks.

    joined: the haystacks joined by SEPARATOR, searched at once (one substring search in C instead of one per
    haystack from Python: the check was quadratic, 618 s of a 1000x build)."""
    wanted = evidence_check._normalise(part).rstrip(".")
    variants = {wanted, wanted[:1].swapcase() + wanted[1:]}
    if joined is not None and haystacks and SEPARATOR not in wanted:
        return any(v in joined for v in variants)
    return any(v in h for v in variants for h in haystacks)


def haystacks(graph: Graph, source_text: str | None) -> list[str]:
    """The texts a quotation may come from, normalised, each once (copies of one evidence text are one)."""
    texts = [] if source_text is None else [source_text]
    for prop in QUOTED_SOURCES:
        texts += sorted(str(o) for o in graph.objects(None, prop) if isinstance(o, Literal))
    return list(dict.fromkeys(evidence_check._normalise(t) for t in texts))


def check_quoted_words(graph: Graph, source_text: str | None) -> list[Problem]:
    hay = haystacks(graph, source_text)
    joined = SEPARATOR.join(hay)
    problems = []
    for prop in PROSE:
        for subject, literal in graph.subject_objects(prop):
            if not isinstance(literal, Literal):
                continue
            for span in quoted_spans(str(literal)):
                if is_latvian(span, literal) and not all(_found(p, hay, joined) for p in _parts(span)):
                    problems.append(Problem(short(subject), short(prop), span))
    return sorted(set(problems), key=lambda p: (p.subject, p.prop, p.span))


def report(graph: Graph, source_file: Path) -> tuple[bool, str]:
    """(ok, text). Without the article the check says so and is skipped, never silently passed."""
    text = evidence_check.read_source(source_file)
    if text is None:
        return True, evidence_check.skip_message(source_file)
    problems = check_quoted_words(graph, text)
    if not problems:
        return True, "Quoted words: every Latvian quotation in descriptions and notes is a source's exact words"
    lines = [f"Quoted words: {len(problems)} quotation(s) in descriptions or notes are not a source's words:"]
    lines += ["  " + str(p).replace("\n", "\n  ") for p in problems]
    return False, "\n".join(lines)


def add_arguments(parser) -> None:
    pass


def run(args) -> int:
    return evidence_check.run_report(report)
