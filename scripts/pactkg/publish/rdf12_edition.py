"""An experimental RDF 1.2 edition of the dump: each sourced statement carries its provenance itself.

In the main dump, provenance sits on the fact node: `lvd:signing-of-the-pact lvp:source …; lvp:evidence …`
covers every statement of that node. Here each such statement (F p o) gets a reifier, an IRI
`<F>#stmt-<hash of p and o>`, with `rdf:reifies <<( F p o )>>` and the fact's lvp:source, lvp:evidence and
lvp:sourceRecord; the provenance triples leave the fact node. Statements that are ours rather than the
source's (labels, descriptions, notes) and the provenance itself are not annotated; a fact without any
sourced statement keeps its provenance as it is. Every triple of the main dump other than the moved
provenance is asserted unchanged, so `main_form()` rebuilds the main dump exactly (tests/publish).

RDF 1.2 is a W3C Candidate Recommendation: this edition is experimental (docs/publishing.md). pyoxigraph
reads and writes it (Turtle 1.2, N-Triples 1.2).
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from pactkg.common.namespaces import LVP

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
REIFIES = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies")
PROVENANCE = frozenset(ox.NamedNode(str(p)) for p in (LVP.source, LVP.evidence, LVP.sourceRecord))
# Our own words about a fact, not statements of its source.
NOT_SOURCED = PROVENANCE | {
    ox.NamedNode(iri) for iri in (
        "http://www.w3.org/2000/01/rdf-schema#label",
        "http://www.w3.org/2004/02/skos/core#altLabel",
        str(LVP.description),
        str(LVP.note),
    )
}
DIR = "rdf12"
PREFIXES = {
    "lvp": str(LVP),
    "lvd": "https://w3id.org/lv-pact-1939/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def reifier(t: ox.Triple) -> ox.NamedNode:
    key = f"{t.predicate} {t.object}".encode("utf-8")
    return ox.NamedNode(f"{t.subject.value}#stmt-{hashlib.sha256(key).hexdigest()[:16]}")


def _edition_of(s, ts: list[ox.Triple]) -> Iterator[ox.Triple]:
    """The edition's triples for one subject's triples of the main dump."""
    prov = [t for t in ts if t.predicate in PROVENANCE]
    sourced = [t for t in ts if t.predicate not in NOT_SOURCED]
    if not prov or not sourced or not isinstance(s, ox.NamedNode):
        yield from ts
        return
    yield from (t for t in ts if t.predicate not in PROVENANCE)
    for t in sourced:
        r = reifier(t)
        yield ox.Triple(r, REIFIES, t)
        yield from (ox.Triple(r, p.predicate, p.object) for p in prov)


# The edition's lines are sorted in runs of this many, each spilled to a file, then merged: at 1000x the
# whole set of lines and its sorted list raised the release's peak by 2 GB (docs/benchmarks.md, session 20).
RUN_LINES = 500_000


def edition_lines(main: Iterable[ox.Triple], spill_dir: Path | None = None, run: int = RUN_LINES) -> Iterator[str]:
    """The RDF 1.2 triples made from the main dump's triples, as sorted unique N-Triples (without " .").

    `main` must come grouped by subject, as the sorted N-Triples dump gives it (write()): each subject is
    turned into its edition triples and those into text at once, so neither the dump's triples nor the
    edition's are held as objects. With `spill_dir`, every `run` distinct lines are sorted and written to a
    file there, and the files merged as the lines are read (heapq.merge; the same lines as one sort of
    them all). `main` is read whole before this returns (ValueError when it is not grouped)."""
    groups = ((s, (str(t) for t in _edition_of(s, list(group))))
              for s, group in itertools.groupby(main, key=lambda t: t.subject))
    return _sorted_unique(groups, spill_dir, run)


def edition_lines_of_file(main_nt: Path, spill_dir: Path | None = None, run: int = RUN_LINES) -> Iterator[str]:
    """edition_lines of the triples of the sorted N-Triples file `main_nt` (the release's, which
    dump_formats.write_ntriples writes as pyoxigraph's text of each triple, f"{s} {p} {o} ."), the same lines.

    Made from the lines' text, without parsing them into terms and writing those back: _edition_of on text
    (_edition_of_lines). A line's parts are read by its spaces: the subject and the predicate (an IRI or a
    blank node label) hold none, so the rest is the object. The text of a triple the edition keeps is the
    line without " .", and the edition's new lines are built as pyoxigraph writes them; a subject with a line
    not in that form is parsed and goes through _edition_of. tests/publish/test_rdf12_edition.py compares
    both ways on the release's file."""
    def groups():
        with open(main_nt, encoding="utf-8", newline="\n") as f:
            for key, group in itertools.groupby(f, key=_subject_text):
                lines = list(group)
                if all(line.endswith(" .\n") for line in lines):
                    yield key, _edition_of_lines(key, [line[len(key) + 1:-3] for line in lines])
                else:
                    triples = [q.triple for q in ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
                    yield key, [str(t) for t in _edition_of(triples[0].subject, triples)]
    return _sorted_unique(groups(), spill_dir, run)


def _edition_of_lines(subject: str, rests: list[str]) -> list[str]:
    """_edition_of on text: the edition's lines (without " .") for one subject's lines, given as the
    subject's text and each line's text after it ("<p> o", without " .")."""
    predicates = [rest[:rest.index(" ")] for rest in rests]  # each line's predicate cut once, not three times
    if _PROVENANCE_TEXT.isdisjoint(predicates):  # most subjects: kept as they are
        return [f"{subject} {rest}" for rest in rests]
    prov = [rest for rest, p in zip(rests, predicates) if p in _PROVENANCE_TEXT]
    sourced = [rest for rest, p in zip(rests, predicates) if p not in _NOT_SOURCED_TEXT]
    if not sourced or not subject.startswith("<"):
        return [f"{subject} {rest}" for rest in rests]
    out = [f"{subject} {rest}" for rest, p in zip(rests, predicates) if p not in _PROVENANCE_TEXT]
    iri = subject[1:-1]  # an IRI as N-Triples writes it: its value between < and >, nothing escaped
    for rest in sourced:
        r = f"<{iri}#stmt-{hashlib.sha256(rest.encode('utf-8')).hexdigest()[:16]}>"  # reifier(): f"{p} {o}"
        out.append(f"{r} {_REIFIES_TEXT} <<( {subject} {rest} )>>")
        out.extend(f"{r} {p}" for p in prov)
    return out


_REIFIES_TEXT = str(REIFIES)
_PROVENANCE_TEXT = frozenset(str(p) for p in PROVENANCE)  # "<iri>", as in N-Triples
_NOT_SOURCED_TEXT = frozenset(str(p) for p in NOT_SOURCED)


def _subject_text(line: str) -> str:
    return line[:line.index(" ")]


def _sorted_unique(groups: Iterable[tuple[object, Iterable[str]]], spill_dir: Path | None, run: int) -> Iterator[str]:
    """The lines of every group, sorted and each once (spilled in runs, see edition_lines); ValueError when a
    group's key comes twice (the main dump's triples not grouped by subject).

    A run is a list in the order the groups give their lines, not a set: from the sorted dump that order is
    nearly sorted already (each subject's kept lines in order, only its reifiers' lines and a few subjects
    out of place), which Python's sort finds and merges in close to one pass, where a set's order is
    random. The same lines of the 100x release's N-Triples: sorted set 1.38 s, sorted list 0.11 s of CPU
    (/tmp/s25/rel-work/sortexp.py, session 25). Duplicates are dropped once sorted (_unique)."""
    runs: list[Path] = []
    pending: list[str] = []
    done: set = set()
    for s, lines in groups:
        if s in done:
            raise ValueError(f"{s}: the main dump's triples are not grouped by subject (expected sorted N-Triples)")
        done.add(s)
        pending.extend(lines)
        if spill_dir is not None and len(pending) >= run:
            runs.append(_spill(pending, Path(spill_dir) / f"run-{len(runs)}.nt"))
            pending = []
    del done
    if not runs:
        pending.sort()  # the order of the triples' text, as before
        return _unique(pending)
    runs.append(_spill(pending, Path(spill_dir) / f"run-{len(runs)}.nt"))
    del pending
    return _merged(runs)


def _unique(ordered: Iterable[str]) -> Iterator[str]:
    """The sorted lines, each once (groupby without a key: one group per run of equal lines)."""
    return (line for line, _same in itertools.groupby(ordered))


def _spill(lines: Iterable[str], path: Path) -> Path:
    """The lines sorted into the file `path`, each once, one a line."""
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.writelines(line + "\n" for line in _unique(sorted(lines)))
    return path


def _without_newline(line: str) -> str:
    return line[:-1]


def _merged(runs: list[Path]) -> Iterator[str]:
    """The sorted files' lines in one sorted order, each line once (a line may be in several runs)."""
    files = [open(path, encoding="utf-8", newline="\n") for path in runs]
    try:
        previous = None
        for line in heapq.merge(*files, key=_without_newline):  # ordered as the lines are, not their "\n"
            if line != previous:
                yield line[:-1]
                previous = line
    finally:
        for f in files:
            f.close()


def main_form(rdf12: list[ox.Triple]) -> list[ox.Triple]:
    """The main dump's triples rebuilt from the edition: provenance moved back onto the fact nodes."""
    out = set()
    annotated: dict = defaultdict(set)  # reifier -> its annotations
    reified: dict = {}
    for t in rdf12:
        if t.predicate == REIFIES:
            reified[t.subject] = t.object
        else:
            annotated[t.subject].add(t)
    for r, inner in reified.items():
        for a in annotated.pop(r, ()):
            out.add(ox.Triple(inner.subject, a.predicate, a.object))
    for ts in annotated.values():
        out |= ts
    return sorted(out, key=str)


class _WithoutPrefixLines:
    """A binary stream that passes on every line but pyoxigraph's own @prefix lines (written line by line, so
    the Turtle is never held whole: 2.8 million triples at 1000x)."""

    def __init__(self, out):
        self.out, self.rest = out, b""

    def write(self, data: bytes) -> int:
        text = self.rest + bytes(data)
        end = text.rfind(b"\n") + 1  # the whole lines; the rest waits for its end
        whole, self.rest = text[:end], text[end:]
        if whole.startswith(b"@prefix ") or b"\n@prefix " in whole:
            lines = whole.split(b"\n")
            lines.pop()  # the empty piece after the last line's end
            self.out.write(b"".join(line + b"\n" for line in lines if not line.startswith(b"@prefix ")))
        elif whole:  # no line to drop (all of them but the first few): passed on as they are, not line by line
            self.out.write(whole)
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if self.rest and not self.rest.startswith(b"@prefix "):
            self.out.write(self.rest)
        self.rest = b""


def write(main_nt: Path, out_dir: Path, name: str = "lv-pact-1939") -> list[Path]:
    """out_dir/rdf12/<name>.ttl and .nt from the sorted N-Triples of the main dump.

    Each file is serialised straight into its file (no whole-file bytes or text beside the triples)."""
    target = Path(out_dir) / DIR
    target.mkdir(exist_ok=True)
    nt = target / f"{name}.nt"
    with tempfile.TemporaryDirectory(dir=out_dir) as spill:  # in the release's staging folder, gone after
        lines = edition_lines_of_file(main_nt, Path(spill))
        with open(nt, "w", encoding="utf-8", newline="\n") as out:
            out.writelines(line + " .\n" for line in lines)
        del lines
    ttl = target / f"{name}.ttl"
    with open(ttl, "wb") as out:
        out.write(("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()) + "\n").encode("utf-8"))
        body = _WithoutPrefixLines(out)
        # The edition's N-Triples read back as a stream, in their sorted order; the parser's quads (all in the
        # default graph) given to the writer as they are, without a Python generator making a Triple of each:
        # 0.91 against 1.01 s of CPU at 100x, the same bytes (/tmp/s25/rel-work/prof_rdf12.py, session 25).
        quads = ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        ox.serialize(quads, output=body, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        body.close()
    return [ttl, nt]
