"""Coverage: which sentences of the article the graph cites, and which it does not.

Every fact node citing the article carries evidence fragments copied from it. Each fragment is located in
the text; a sentence is cited by every fact whose fragment overlaps it. A sentence that no fact cites must
be listed in coverage-exclusions.tsv with the reason it states no fact (navigation, a bare title ...).

A fragment that occurs more than once in the article cannot be pinned to one place: it counts for every
place it occurs, and the report lists the sentences cited only by such fragments so that a longer, unique
fragment can be chosen.
"""

from __future__ import annotations

import re
import sys
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from pactkg.build import evidence_check
from pactkg.build import load
from pactkg.common.inputs import Inputs
from pactkg.build.turtle_writer import short

# Words that end in a dot without ending a sentence (Latvian abbreviations; compared lower-cased).
ABBREVIATIONS = {
    "g", "gs", "gadsimts", "u", "c", "utt", "piem", "t", "s", "sk", "sal", "nr", "plkst", "apm", "proc",
    "milj", "tūkst", "kr", "vāc", "angl", "lat", "lit", "igauņu", "sv", "prof", "dr", "ģen", "pulk", "kapt",
    "st", "lpp", "red", "izd", "sēj", "att", "tab", "resp", "tml", "u.c", "u.tml", "t.s", "t.i", "t.sk",
}
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'„“«([‘"


@dataclass(frozen=True)
class Sentence:
    index: int  # 1-based, in article order
    start: int  # character offsets into the article's text: text[start:end]
    end: int
    text: str


def _is_boundary(text: str, i: int) -> tuple[bool, int]:
    """Is the punctuation at text[i] the end of a sentence? Also return where the sentence ends."""
    n = len(text)
    j = i + 1
    while j < n and text[j] in ".!?…":  # runs like "?!" or "..."
        j += 1
    while j < n and text[j] in _CLOSERS:
        j += 1
    end = j
    if j < n and not text[j].isspace():
        return False, end  # "13.02.1940", "1940.gada", "a.b"
    while j < n and text[j].isspace():
        j += 1
    if j >= n:
        return True, end
    nxt = text[j]
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
        return False, end  # the next word is lower-case: "[..] noslēgtais", "attīstīt ... draudzīgās"
    if text[i] != ".":
        return True, end
    # The token before the dot.
    k = i
    while k > 0 and not text[k - 1].isspace() and text[k - 1] not in _OPENERS:
        k -= 1
    token = text[k:i]
    if token.isdigit():
        return False, end  # an ordinal or a date: "1939. gada", "5. oktobrī", "2. atsevišķajā"
    if re.fullmatch(r"\d+\.?-\d+", token):
        return False, end  # a range of years: "1939.-1940. gadā"
    if len(token) == 1 and token.isalpha():
        return False, end  # an initial: "V. Molotovs", "A. Kampi", "J. Staļinam", "M. Hartmaņa"; "г."
    if token.lower().strip(_OPENERS) in ABBREVIATIONS:
        return False, end
    return True, end


def split_sentences(text: str) -> list[Sentence]:
    """Split the article into sentences, keeping each sentence's offsets into the text."""
    sentences: list[Sentence] = []
    start = 0
    i = 0
    n = len(text)
    guillemets = 0  # inside «...» (an asymmetric pair, so nesting can be counted) no sentence ends
    while i < n:
        if text[i] == "«":
            guillemets += 1
        elif text[i] == "»":
            guillemets = max(0, guillemets - 1)
        if text[i] in ".!?…":
            ok, end = _is_boundary(text, i)
            if ok and guillemets and "»" in text[i + 1 : end]:
                guillemets = 0  # the closing » is part of this sentence's end: «... valdībai.»
            elif guillemets:
                ok = False
            if ok:
                _add(sentences, text, start, end)
                start = end
                i = end
                continue
            i += 1
            while i < n and text[i] in ".!?…":  # the rest of a run like "..." was judged with its first dot
                i += 1
            continue
        i += 1
    _add(sentences, text, start, n)
    return sentences


def _add(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        sentences.append(Sentence(len(sentences) + 1, start, end, text[start:end]))


def occurrences(text: str, fragment: str) -> list[int]:
    found, pos = [], text.find(fragment)
    while pos != -1 and fragment:
        found.append(pos)
        pos = text.find(fragment, pos + 1)
    return found


@dataclass(frozen=True)
class Citation:
    fact: str
    fragment: str
    places: int  # how many times the fragment occurs in the article (1 = unambiguous)


@dataclass(frozen=True)
class Exclusion:
    sentence_start: str
    reason: str
    line: int


@dataclass
class Coverage:
    sentences: list[Sentence]
    cited: dict[int, list[Citation]]
    not_found: list[tuple[str, str]]  # (fact, fragment) not in the article (the evidence check reports them)
    exclusions: list[Exclusion]
    excluded: dict[int, Exclusion] = field(default_factory=dict)
    stale: list[Exclusion] = field(default_factory=list)  # match no sentence
    ambiguous: list[tuple[Exclusion, list[int]]] = field(default_factory=list)  # match several sentences

    @property
    def uncited(self) -> list[Sentence]:
        return [s for s in self.sentences if s.index not in self.cited and s.index not in self.excluded]

    @property
    def excluded_but_cited(self) -> list[tuple[Sentence, Exclusion]]:
        return [(self.sentences[i - 1], e) for i, e in sorted(self.excluded.items()) if i in self.cited]

    @property
    def weakly_cited(self) -> list[Sentence]:
        """Sentences cited only by fragments that also occur elsewhere in the article."""
        return [
            s for s in self.sentences if s.index in self.cited and all(c.places > 1 for c in self.cited[s.index])
        ]


class ExclusionsError(Exception):
    pass


def load_exclusions(path: Path) -> list[Exclusion]:
    """coverage-exclusions.tsv: a header `sentence_start<TAB>reason`, then one row per excluded sentence."""
    path = Path(path)
    if not path.is_file():
        return []
    rows = []
    lines = path.read_text(encoding="utf-8").splitlines()
    header_seen = False
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if not header_seen:
            if [c.strip() for c in cols[:2]] != ["sentence_start", "reason"]:
                raise ExclusionsError(f"{path}, line {n}: the header must be 'sentence_start<TAB>reason'")
            header_seen = True
            continue
        if len(cols) != 2 or not cols[0] or not cols[1].strip():
            raise ExclusionsError(
                f"{path}, line {n}: expected two tab-separated columns, the sentence's first characters "
                "(exact) and a reason"
            )
        rows.append(Exclusion(cols[0], cols[1].strip(), n))
    return rows


def analyse(graph: Graph, text: str, exclusions: list[Exclusion]) -> Coverage:
    sentences = split_sentences(text)
    cited: dict[int, list[Citation]] = defaultdict(list)
    seen: set[tuple[int, Citation]] = set()  # what cited holds, for membership in constant time
    overlapping: dict[str, list[tuple[list[int], list[int]]]] = {}  # fragment -> its places and their sentences
    not_found = []
    for fact, _prop, lit in evidence_check.evidence_items(graph):
        fragment = str(lit)
        if fragment not in overlapping:  # many facts cite one fragment: find it in the article once
            places = occurrences(text, fragment)
            overlapping[fragment] = [
                (places, [s.index for s in sentences if s.start < pos + len(fragment) and pos < s.end])
                for pos in places
            ]
        hits = overlapping[fragment]
        if not hits:
            not_found.append((short(fact), fragment))
            continue
        for places, indices in hits:
            for index in indices:
                c = Citation(short(fact), fragment, len(places))
                if (index, c) not in seen:
                    seen.add((index, c))
                    cited[index].append(c)
    cov = Coverage(sentences, dict(cited), not_found, exclusions)
    for e in exclusions:
        matches = [s.index for s in sentences if s.text.startswith(e.sentence_start)]
        if not matches:
            cov.stale.append(e)
        elif len(matches) > 1:
            cov.ambiguous.append((e, matches))
        else:
            cov.excluded[matches[0]] = e
    return cov


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=110, initial_indent=indent, subsequent_indent=indent + "  ")


def format_coverage(cov: Coverage, source_file: Path) -> str:
    n = len(cov.sentences)
    out = [
        f"Coverage of {source_file}: {n} sentences, {len(cov.cited)} cited, "
        f"{len([i for i in cov.excluded if i not in cov.cited])} excluded, {len(cov.uncited)} uncited",
        "",
    ]
    for s in cov.sentences:
        out.append(_wrap(f"[{s.index}] {s.text}", ""))
        cites = sorted(cov.cited.get(s.index, []), key=lambda c: (c.fact, c.fragment))
        width = max((len(c.fact) for c in cites), default=0)
        for c in cites:
            mark = f"  (occurs {c.places}× in the article)" if c.places > 1 else ""
            out.append(f"      {c.fact:<{width}}  {c.fragment[:70]!r}{'…' if len(c.fragment) > 70 else ''}{mark}")
        if not cites:
            e = cov.excluded.get(s.index)
            out.append(f"      (excluded: {e.reason})" if e else "      (cited by no fact)")
        out.append("")
    out.append(f"Uncited sentences not in the exclusions file: {len(cov.uncited)}")
    for s in cov.uncited:
        out.append(_wrap(f"[{s.index}] {s.text[:100]}{'…' if len(s.text) > 100 else ''}", "  "))
    if cov.weakly_cited:
        out.append("\nSentences cited only by fragments that occur more than once (choose a longer fragment):")
        for s in cov.weakly_cited:
            out.append(f"  [{s.index}] {s.text[:100]}")
    if cov.stale:
        out.append("\nExclusions that match no sentence (fix or remove the row):")
        out += [f"  line {e.line}: {e.sentence_start!r}" for e in cov.stale]
    if cov.ambiguous:
        out.append("\nExclusions that match several sentences (give more characters):")
        out += [f"  line {e.line}: {e.sentence_start!r} matches {m}" for e, m in cov.ambiguous]
    if cov.excluded_but_cited:
        out.append("\nExcluded sentences that facts do cite (the row can go):")
        out += [f"  line {e.line}: [{s.index}] {e.sentence_start!r}" for s, e in cov.excluded_but_cited]
    if cov.not_found:
        out.append(f"\nFragments not found in the article: {len(cov.not_found)} (see `pactkg check-evidence`)")
    return "\n".join(out) + "\n"


def stub_rows(cov: Coverage) -> str:
    """Exclusion rows for the uncited sentences, for a person to check and give reasons."""
    return "".join(f"{s.text[:60]}\tREASON\n" for s in cov.uncited)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--strict", action="store_true",
        help="exit non-zero if a sentence is neither cited nor excluded, or an exclusion row is stale",
    )
    parser.add_argument("--stub", action="store_true", help="print exclusion rows for the uncited sentences")


def run(args) -> int:
    inputs = Inputs.from_env()
    text = evidence_check.read_source(inputs.source_file)
    if text is None:
        print(evidence_check.skip_message(inputs.source_file))
        return 0
    try:
        graph = load.load_graph(inputs.graph_files())
        exclusions = load_exclusions(inputs.exclusions_file)
    except (load.ParseError, ExclusionsError) as exc:
        print(exc, file=sys.stderr)
        return 1
    cov = analyse(graph, text, exclusions)
    if args.stub:
        sys.stdout.write(stub_rows(cov))
        return 0
    sys.stdout.write(format_coverage(cov, inputs.source_file))
    if args.strict and (cov.uncited or cov.stale or cov.ambiguous):
        print("coverage --strict: failed (see above)", file=sys.stderr)
        return 1
    return 0
