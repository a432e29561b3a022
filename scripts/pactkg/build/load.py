"""Parse the ontology and the data into one graph, with errors a person can act on.

Every other module gets the graph from here, so that parsing (and its error messages) happens once.
"""

from __future__ import annotations

import mmap
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from pactkg.build.one_graph_store import OneGraph
from pactkg.common import paths
from pactkg.common.namespaces import PREFIXES


@dataclass
class ParseError(Exception):
    """A Turtle file that does not parse: which file, which line, what the parser said."""

    path: Path
    line: int | None
    detail: str

    def __str__(self) -> str:
        where = f"{self.path}" + (f", line {self.line}" if self.line else "")
        return f"{where}: Turtle syntax error: {self.detail}\n  Fix the file and run again."


def _line_of(exc: Exception) -> int | None:
    """rdflib's Turtle parser reports the line in its message; pull it out when it does."""
    import re

    m = re.search(r"at line (\d+)", str(exc))
    if m:
        return int(m.group(1))
    lines = getattr(exc, "lines", None)
    if isinstance(lines, int):
        return lines + 1  # rdflib's BadSyntax counts lines from 0 (its message adds 1)
    m = re.search(r"line (\d+)", str(exc))
    return int(m.group(1)) if m else None


def _source_line(path: Path, line: int | None) -> str | None:
    """The text of the offending line, to show beside the message."""
    if not line:
        return None
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return lines[line - 1].rstrip() if 0 < line <= len(lines) else None


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# A literal typed xsd:string ("x"^^xsd:string, "x"^^<…#string>, any prefix): only then must rdflib parse a
# file. Before 27 Nov any ":string" sent the file to rdflib, and the dump always has one (`rdfs:range
# xsd:string`), so `pactkg release` and `pactkg site` parsed the whole dump with rdflib's parser.
_TYPED_STRING = re.compile(rb"\^\^\s*(?:<[^>]*#string>|[^\s<>\"]*:string(?![A-Za-z0-9_\-]))")


def _rdflib_triples(path: Path, made: dict | None = None) -> list[tuple] | None:
    """The file's triples read by pyoxigraph's parser as rdflib terms, or None when it refuses the file.

    `pactkg build` at 100x went from 27.6 to 20.7 CPU s with it (`python bench/run.py --ref COMMIT --scales
    1,10,100 --runs 3,3,1`, 27 Nov, 9661c78 against 6a6c5c0, the branch before its rebase; docs/benchmarks.md). Every term is made once
    per file (a dict), as rdflib's parser does not. Nothing is added to a graph
    until the whole file has parsed, so a refusal leaves the graph as it was for rdflib's parser to report.
    """
    made = {} if made is None else made
    term = _rdflib_term
    try:
        data = Path(path).read_bytes()
        if _TYPED_STRING.search(data):
            return None  # rdflib tells "x"^^xsd:string from "x"; pyoxigraph (RDF 1.1) does not: rdflib reads it
        quads = ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=Path(path).absolute().as_uri())
        return [(term(q.subject, made), term(q.predicate, made), term(q.object, made)) for q in quads]
    except (SyntaxError, ValueError, OSError):
        return None


def _rdflib_term(t, made: dict):
    """The rdflib term of a pyoxigraph term, made once per distinct term (`made`). The imports are the
    module's: imported here, they cost a fifth of parsing a file (`_handle_fromlist`, once per term)."""
    r = made.get(t)
    if r is None:
        kind = type(t)
        if kind is ox.NamedNode:
            r = URIRef(t.value)
        elif kind is ox.BlankNode:
            r = BNode(t.value)
        elif t.language:
            r = Literal(t.value, lang=t.language)
        elif t.datatype.value == _XSD_STRING:
            r = Literal(t.value)
        else:
            r = Literal(t.value, datatype=URIRef(t.datatype.value))
        made[t] = r
    return r


def parse_file(path: Path, graph: Graph | None = None, terms: dict | None = None) -> Graph:
    """Parse one Turtle file into `graph` (or a new one); raise ParseError naming file and line.

    pyoxigraph's parser reads the file (faster); a file it refuses goes to rdflib's parser, which either
    reads it too or gives the error message (file, line, reason) people already know.
    """
    g = graph if graph is not None else Graph()
    triples = _rdflib_triples(Path(path), terms)
    if triples is not None:
        if type(g) is OneGraph:
            # Straight into its store: Graph.addN checks each term's type (an ABC isinstance, three a triple) and
            # the terms here were all made by _rdflib_term. A fifth of the load's CPU at 100x.
            g.store.add_triples(triples)
        else:
            g.addN((s, p, o, g) for s, p, o in triples)
        return g
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several types; all mean "this file is broken"
        line = _line_of(exc)
        why = getattr(exc, "_why", None)  # rdflib's BadSyntax: the reason alone, without its byte dump
        detail = str(why) if why else " ".join(str(exc).split())[:500]
        refusal = _oxigraph_refusal(Path(path))
        if refusal is not None and refusal[0] != line:
            # rdflib's line count can run past the error (an unterminated string: line 256 of a 235-line file);
            # pyoxigraph's is where the file must be fixed.
            line, detail = refusal
        text = _source_line(Path(path), line)
        if text is not None:
            detail += f"\n  {line} | {text}"
        raise ParseError(Path(path), line, detail) from exc
    return g


def _oxigraph_refusal(path: Path) -> tuple[int, str] | None:
    """(line, reason) of pyoxigraph's parser for a file rdflib refused, or None when it has no line for it."""
    try:
        for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.absolute().as_uri()):
            pass
    except SyntaxError as exc:
        if not getattr(exc, "lineno", None):
            return None
        reason = str(getattr(exc, "msg", exc)).split(": ", 1)[-1]
        return exc.lineno, f"{reason} (column {exc.offset})" if exc.offset else reason
    except (OSError, ValueError):
        return None
    return None


def stream_triples(path: Path) -> Iterator[tuple]:
    """The triples of one Turtle file as rdflib terms, one at a time (each term made once), without a graph:
    for a reader that builds its own structures (the site). ParseError as parse_file."""
    path = Path(path)
    try:
        typed_string = has_typed_string(path)
    except OSError as exc:
        raise ParseError(path, None, str(exc)) from exc
    if typed_string:
        yield from parse_file(path)
        return
    made: dict = {}
    try:
        for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.absolute().as_uri()):
            t = q.triple
            yield _rdflib_term(t.subject, made), _rdflib_term(t.predicate, made), _rdflib_term(t.object, made)
    except SyntaxError as exc:
        parse_file(path)  # rdflib's message (file, line) when rdflib refuses it too
        raise ParseError(path, None, " ".join(str(exc).split())[:500]) from exc


def has_typed_string(path: Path) -> bool:
    """Whether the file has a literal typed xsd:string (which rdflib keeps apart from the plain string and
    pyoxigraph does not). Searched in the mapped file, so a 250 MB dump is not read into memory to look for one
    pattern. OSError when the file cannot be read."""
    with open(path, "rb") as fh:
        if not os.fstat(fh.fileno()).st_size:  # an empty file cannot be mapped
            return False
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            return bool(_TYPED_STRING.search(mapped))


def ontology_files() -> list[Path]:
    return [paths.ONTOLOGY_FILE]


def load_graph(files: Iterable[Path], terms: dict | None = None) -> Graph:
    """Union of the given Turtle files, with the project's prefixes bound (in a OneGraphStore: the build's
    graph is one graph, and rdflib's default store spends half of pyshacl's time on named graphs).

    Each distinct term is one object across all the files, and across graphs loaded with the same `terms`
    (the shapes and the data in the build): a dictionary finds an identical key without calling rdflib's
    `__eq__`, which pyshacl otherwise called millions of times, and the graph holds no copies."""
    g = OneGraph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    terms = {} if terms is None else terms
    for f in files:
        parse_file(Path(f), g, terms)
    return g


def load_all() -> Graph:
    """The ontology and all data files: the graph that is validated and published."""
    return load_graph(ontology_files() + paths.data_files())


def load_data() -> Graph:
    return load_graph(paths.data_files())


def load_ontology() -> Graph:
    return load_graph(ontology_files())
