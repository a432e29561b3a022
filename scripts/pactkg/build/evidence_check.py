"""Evidence check: every fragment a fact quotes from the Wikipedia article must be in the article verbatim.

A fact node citing lvd:source-lvwiki-article carries lvp:evidence literals copied from the article; a
quotation citing it carries its lvp:text the same way. Each must be an exact substring of the article's
text (SOURCE_FILE), so that anyone can find the sentence a fact rests on. The article's text is not in the
repository; when it is absent the check says so and is skipped, never silently passed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal

from pactkg.build import load
from pactkg.common.inputs import Inputs
from pactkg.common.namespaces import LVP, SOURCE_ARTICLE
from pactkg.build.turtle_writer import short


def skip_message(path: Path) -> str:
    return f"skipped: source text not found at {path}"


@dataclass(frozen=True)
class Problem:
    subject: str
    prop: str
    text: str
    hint: str

    def __str__(self) -> str:
        return f"{self.subject} {self.prop} {self.text!r}\n    {self.hint}"


def _normalise(s: str) -> str:
    table = str.maketrans({"„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "—": "-", "–": "-", "\u00a0": " "})
    return " ".join(s.translate(table).split())


def _hint(fragment: str, text: str) -> str:
    if _normalise(fragment) in _normalise(text):
        return "differs from the article only in spacing, quotation marks or dashes: copy it from the article"
    # The longest prefix of the fragment that the article contains shows where the copy went wrong.
    lo, hi = 0, len(fragment)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fragment[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return "not found in the article at all"
    return f"the article matches only the first {lo} characters, up to: …{fragment[max(0, lo - 30):lo]!r}"


def evidence_items(graph: Graph) -> list[tuple]:
    """(subject, property, literal) for every fragment that must be in the article, sorted."""
    items = []
    for fact in set(graph.subjects(LVP.source, SOURCE_ARTICLE)):
        for prop in (LVP.evidence, LVP.text):
            for lit in graph.objects(fact, prop):
                if isinstance(lit, Literal):
                    items.append((fact, prop, lit))
    items.sort(key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
    return items


def check_evidence(graph: Graph, source_text: str) -> list[Problem]:
    problems = []
    for fact, prop, lit in evidence_items(graph):
        if str(lit) not in source_text:
            problems.append(Problem(short(fact), short(prop), str(lit), _hint(str(lit), source_text)))
    return problems


def read_source(path: Path) -> str | None:
    path = Path(path)
    return path.read_text(encoding="utf-8") if path.is_file() else None


def report(graph: Graph, source_file: Path) -> tuple[bool, str]:
    """(ok, text). ok is True when the check passes or is skipped because the article is absent."""
    text = read_source(source_file)
    if text is None:
        return True, skip_message(source_file)
    items = evidence_items(graph)
    problems = check_evidence(graph, text)
    facts = len({i[0] for i in items})
    if not problems:
        return True, f"Evidence check: {len(items)} fragments on {facts} facts citing the article, all verbatim"
    lines = [
        f"Evidence check: {len(problems)} of {len(items)} fragments are not exact substrings of {source_file}:"
    ]
    lines += ["  " + str(p).replace("\n", "\n  ") for p in problems]
    return False, "\n".join(lines)


def add_arguments(parser) -> None:
    pass


def run_report(report_fn) -> int:
    """A check command against the source article: load the graph, print the report (on stderr when it
    fails), exit 1 on a problem. Shared by `check-evidence` and `check-quoted-words`."""
    inputs = Inputs.from_env()
    try:
        graph = load.load_graph(inputs.graph_files())
    except load.ParseError as exc:
        print(exc, file=sys.stderr)
        return 1
    ok, text = report_fn(graph, inputs.source_file)
    print(text, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


def run(args) -> int:
    return run_report(report)
