"""Refuse input that cannot be right before building anything from it (issue 10): an empty data file
(`: > data/quotations.ttl` used to build a dump without the quotations, exit 0), a data file that describes
no entity, a shapes file with no shapes, a checks folder with no checks, an input file too large to be
anything but an accident, and a dump that loses entities against the one it replaces (unless the user says
so with --allow-shrink).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

DATA_NS = "https://w3id.org/lv-pact-1939/id/"
SOURCED_FACT = "https://w3id.org/lv-pact-1939/ontology#SourcedFact"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
SH_NODE_SHAPE = "http://www.w3.org/ns/shacl#NodeShape"
# The whole graph is some 200 kB of Turtle; a file a hundred times larger is a mistake, and the publishing
# steps hold everything in memory several times over.
MAX_FILE_BYTES = 20_000_000
SHOWN = 10  # lost entities named in a message


class InputRefused(Exception):
    """Input that cannot be right; the message names the file and what to do."""


def _size_ok(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputRefused(f"{path}: cannot read it ({exc.strerror}).") from exc
    if size > MAX_FILE_BYTES:
        raise InputRefused(
            f"{path}: {size:,} bytes, more than the {MAX_FILE_BYTES:,} an input file may have; "
            "remove what was pasted in by mistake (the whole graph is a few hundred kB)."
        )


def _triples(path: Path) -> list[ox.Triple] | None:
    """The file's triples, or None if it does not parse (the build's parser then reports where)."""
    try:
        return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, OSError):
        return None


def check_data_files(files: list[Path], data_dir: Path) -> None:
    if not files:
        raise InputRefused(f"{data_dir}: no data files (*.ttl); the dump would hold the ontology alone. "
                           "Restore data/*.ttl (git checkout data/).")
    for f in files:
        _size_ok(f)
        found = _first_entity(f)
        if found is None:
            continue
        if found == "empty":
            raise InputRefused(f"{f}: the file has no triples (empty, or only comments and prefixes); building "
                               f"would publish the graph without its content. Restore it (git checkout {f}) "
                               "or delete the file if its content has moved elsewhere.")
        if found == "no entity":
            raise InputRefused(f"{f}: describes no entity (no subject in {DATA_NS}); a data file holds "
                               "statements about the dataset's entities. Restore it or move its triples.")


def _first_entity(path: Path) -> str | None:
    """"entity" at the file's first triple about one of our entities (read no further: a data file's first
    triple mostly is one; reading every file whole here was 3% of the build's CPU at 100x, py-spy), "no entity", "empty", or None
    when the file does not parse up to there (the build's parser then reports where)."""
    seen = False
    try:
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(DATA_NS):
                return "entity"
            seen = True
    except (SyntaxError, OSError):
        return None
    return "no entity" if seen else "empty"


def check_shapes(path: Path) -> None:
    _size_ok(path)
    triples = _triples(path)
    if triples is None:
        return
    if not any(t.predicate.value == RDF_TYPE and t.object.value == SH_NODE_SHAPE for t in triples):
        raise InputRefused(f"{path}: no node shapes (sh:NodeShape); validating against it would pass anything. "
                           f"Restore it (git checkout {path}).")


def check_checks(checks_dir: Path) -> None:
    if not sorted(Path(checks_dir).glob("*.rq")):
        raise InputRefused(f"{checks_dir}: no QC checks (*.rq); 'all pass' would mean nothing. "
                           f"Restore them (git checkout {checks_dir}).")


def check_inputs(inputs) -> None:
    """Every refusal that needs no parse of the union: run before the build's checks."""
    _size_ok(Path(inputs.ontology_file))
    check_shapes(Path(inputs.shapes_file))
    check_checks(Path(inputs.checks_dir))
    check_data_files(inputs.data_files(), Path(inputs.data_dir))


# -- shrinking ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Entities:
    """The entities (typed lvd: subjects) of a graph and which of them are fact nodes."""

    all: frozenset[str]
    facts: frozenset[str]


def entities_of(triples) -> Entities:
    typed: dict[str, set[str]] = {}
    subclass: dict[str, set[str]] = {}
    for t in triples:
        if t.predicate.value == RDF_TYPE and isinstance(t.subject, ox.NamedNode):
            typed.setdefault(t.subject.value, set()).add(t.object.value)
        elif t.predicate.value == SUBCLASS_OF:
            subclass.setdefault(t.subject.value, set()).add(t.object.value)

    def is_fact_class(c: str, seen=None) -> bool:
        seen = seen or set()
        if c == SOURCED_FACT:
            return True
        seen.add(c)
        return any(is_fact_class(s, seen) for s in subclass.get(c, ()) if s not in seen)

    entities = {s for s in typed if s.startswith(DATA_NS)}
    facts = {s for s in entities if any(is_fact_class(c) for c in typed[s])}
    return Entities(frozenset(entities), frozenset(facts))


def entities_of_dump(path: Path) -> Entities | None:
    """The entities of a previously written dump; None if there is none (or it cannot be read)."""
    if not Path(path).is_file():
        return None
    try:
        return entities_of(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, OSError):
        return None


def lost(previous: Entities, new: Entities) -> tuple[list[str], int]:
    """The entities the new graph no longer has (sorted), and how many of them are fact nodes."""
    gone = sorted(previous.all - new.all)
    return gone, len(previous.facts - new.facts)


def shrink_message(gone: list[str], facts: int, previous_dump: Path) -> str:
    names = ", ".join("lvd:" + g[len(DATA_NS):] for g in gone[:SHOWN]) + (", …" if len(gone) > SHOWN else "")
    return (f"{previous_dump}: the new dump would lose {len(gone)} entit{'y' if len(gone) == 1 else 'ies'} "
            f"({facts} fact node{'s' if facts != 1 else ''}) that this dump has: {names}. If that is meant "
            "(an entity renamed or removed), run again with --allow-shrink (`make ALLOW_SHRINK=1`); otherwise "
            "restore the data.")


def shrink_note(gone: list[str], facts: int) -> str:
    names = ", ".join("lvd:" + g[len(DATA_NS):] for g in gone[:SHOWN]) + (", …" if len(gone) > SHOWN else "")
    return (f"Shrinking allowed (--allow-shrink): {len(gone)} entit{'y' if len(gone) == 1 else 'ies'} fewer than "
            f"the previous dump ({facts} fact node{'s' if facts != 1 else ''}): {names}")
