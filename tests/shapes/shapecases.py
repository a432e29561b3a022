"""Shared helpers of the shape tests: load a case file, validate it, and compare with what it expects.

A case is one small Turtle file in cases/. Besides the (broken or valid) data, it states what validation
must report, as triples about the node lvpt:case (namespace LVPT below), in the manner of pySHACL's test
manifests:

    lvpt:case lvpt:expectsViolation [ lvpt:focus lvd:x ; lvpt:message "…" ] .   # one or more
    lvpt:case lvpt:expectsConformance true .                                     # or: a valid graph

The expectation triples are taken out before validation. The data graph is ontology/pact.ttl + base.ttl +
the case (base.ttl is a small valid world, so a case adds only what it is about), validated with the real
shapes (ontology/shapes.ttl), inference none, advanced mode: exactly as the build does.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyshacl
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import processor as sparql_processor
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from pactkg.common import paths

HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "cases"
BASE_FILE = HERE / "base.ttl"
SHAPES_FILE = paths.SHAPES_FILE
ONTOLOGY_FILE = paths.ONTOLOGY_FILE

LVPT = Namespace("https://w3id.org/lv-pact-1939/shapes-test#")
CASE = LVPT.case


@dataclass(frozen=True)
class Case:
    path: Path
    data: Graph  # the case's data, expectation triples removed
    conforms: bool  # expects conformance
    expected: frozenset[tuple[URIRef, str]]  # (focus node, message)

    @property
    def name(self) -> str:
        return self.path.stem


class CaseFileError(Exception):
    """A case file that does not say what it expects, or says it badly."""


def case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.ttl"))


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


@lru_cache(maxsize=1)
def world_graph() -> Graph:
    """Ontology + base.ttl; copied (never changed) for every case."""
    g = Graph()
    g.parse(ONTOLOGY_FILE, format="turtle")
    g.parse(BASE_FILE, format="turtle")
    return g


def _reachable(g: Graph, node) -> set:
    """The node and every blank node hanging from it (the expectation's structure)."""
    seen = {node}
    todo = [node]
    while todo:
        n = todo.pop()
        for o in g.objects(n, None):
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                todo.append(o)
    return seen


def load_case(path: Path) -> Case:
    g = Graph().parse(path, format="turtle")
    expected = set()
    for v in g.objects(CASE, LVPT.expectsViolation):
        focus = g.value(v, LVPT.focus)
        message = g.value(v, LVPT.message)
        if focus is None or message is None:
            raise CaseFileError(f"{path}: every lvpt:expectsViolation needs lvpt:focus and lvpt:message")
        expected.add((focus, str(message)))
    conforms = g.value(CASE, LVPT.expectsConformance) == Literal(True)
    if conforms == bool(expected):
        raise CaseFileError(
            f"{path}: say either lvpt:case lvpt:expectsConformance true, or one or more "
            "lvpt:case lvpt:expectsViolation [ lvpt:focus …; lvpt:message \"…\" ] (not both, not neither)"
        )
    for node in _reachable(g, CASE):
        g.remove((node, None, None))
    return Case(path, g, conforms, frozenset(expected))


@lru_cache(maxsize=256)
def _translated(text: str, base, namespaces: frozenset):
    return translateQuery(parseQuery(text), base, dict(namespaces))


@contextmanager
def _parsed_queries_kept():
    """pyshacl hands rdflib the text of every SPARQL target and constraint on every validation, and rdflib
    parses it again each time (20-50 ms a query: most of a small case's validation time, times some 270
    cases). Parsing is a pure function of the text, so while the tests validate, the parsed query is kept
    and reused; what is evaluated, and on which graph, is unchanged. Only within validate(), so no other
    test sees it."""
    original = sparql_processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            strOrQuery = _translated(strOrQuery, base, frozenset((initNs or {}).items()))
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    sparql_processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        sparql_processor.SPARQLProcessor.query = original


def validate(data: Graph) -> tuple[bool, Graph]:
    """Validate as the build does: the real shapes, no inference, advanced (SPARQL-based) features on."""
    with _parsed_queries_kept():
        conforms, report, _text = pyshacl.validate(
            data, shacl_graph=shapes_graph(), inference="none", advanced=True, abort_on_first=False
        )
    return conforms, report


def results(report: Graph) -> set[tuple[URIRef, str]]:
    """(focus node, message) of every result in a validation report."""
    out = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(r, SH.focusNode)
        messages = [str(m) for m in report.objects(r, SH.resultMessage)] or ["(no message)"]
        for m in messages:
            out.add((focus, m))
    return out


def run_case(case: Case) -> tuple[bool, set[tuple[URIRef, str]]]:
    g = Graph()
    g += world_graph()
    g += case.data
    conforms, report = validate(g)
    return conforms, results(report)


def shape_messages() -> set[str]:
    return {str(m) for m in shapes_graph().objects(None, SH.message)}


def expected_messages() -> dict[str, list[str]]:
    """Message -> the negative cases that expect it."""
    out: dict[str, list[str]] = {}
    for path in case_files():
        case = load_case(path)
        for _focus, message in case.expected:
            out.setdefault(message, []).append(case.name)
    return out


def describe(pairs) -> str:
    """Readable lines for an assertion message."""
    return "\n".join(f"  {f.n3() if hasattr(f, 'n3') else f}: {m}" for f, m in sorted(pairs, key=str)) or "  (none)"
