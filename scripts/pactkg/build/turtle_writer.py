"""A deterministic Turtle writer: the same graph gives the same bytes, every time.

rdflib's own Turtle serializer orders subjects by class membership and reference counts and can invent
prefixes (ns1:, ns2:) from whatever the parser bound, so its output depends on more than the triples. This
writer depends on the triples only: a fixed prefix table (only the prefixes used are declared, in table
order), subjects grouped as ontology header, ontology terms, other IRIs, data; predicates with rdf:type and
rdfs:label first, then alphabetical; objects sorted by their written form.

Our data has no blank nodes (the data contract forbids them), but an ontology may use tree-shaped ones
(OWL restrictions, RDF lists); those are written inline (`[ ... ]`, `( ... )`), sorted by their written
form. A blank node shared by several triples or in a cycle has no canonical inline form: that is an error.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterator

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from pactkg.common.namespaces import LVD, LVP, ONTOLOGY_IRI, PREFIXES

# The prefixes a dump may declare, in the order they are written. Only those used are declared.
PREFIX_TABLE: list[tuple[str, str]] = [(p, str(ns)) for p, ns in PREFIXES.items()] + [
    ("rdf", str(RDF)),
    ("rdfs", str(RDFS)),
    ("owl", str(OWL)),
    ("xsd", str(XSD)),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("time", "http://www.w3.org/2006/time#"),
    ("sem", "http://semanticweb.cs.vu.nl/2009/11/sem/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vann", "http://purl.org/vocab/vann/"),
    ("sh", "http://www.w3.org/ns/shacl#"),
    ("void", "http://rdfs.org/ns/void#"),
]

# A conservative subset of Turtle's PN_LOCAL: ASCII, starts with a letter or "_", no trailing ".".
_LOCAL = re.compile(r"^[A-Za-z_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")
_IRI_ESCAPE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_STRING_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


# Made once: an rdflib namespace attribute (RDF.type) builds a new URIRef at every use, and the writer asks
# for these once or more per triple.
_TYPE, _LABEL, _FIRST, _REST, _NIL = RDF.type, RDFS.label, RDF.first, RDF.rest, RDF.nil
# Compared as text (C-level str equality) where the term is known to be an IRI (a predicate, a datatype):
# rdflib's __eq__ is Python, called about a million times for the dump at 100x.
_TYPE_S, _LABEL_S = str(_TYPE), str(_LABEL)
_same = str.__eq__


def _is_bnode(t) -> bool:
    """isinstance(t, BNode) without the ABC check for the two common kinds (rdflib's terms are ABCs: a slow
    isinstance, a million times a dump at 100x)."""
    kind = type(t)
    return kind is BNode or (kind is not URIRef and kind is not Literal and isinstance(t, BNode))
_ONTOLOGY, _INT, _DEC, _BOOL = OWL.Ontology, XSD.integer, XSD.decimal, XSD.boolean


class SerializeError(ValueError):
    """The graph has a shape this writer cannot put in a canonical form (shared or cyclic blank nodes)."""


def _escape_string(s: str) -> str:
    return _STRING_ESCAPE.sub(lambda m: _STRING_ESCAPES.get(m.group(0), "\\u%04X" % ord(m.group(0))), s)


class _Writer:
    def __init__(self, graph: Graph, prefixes: list[tuple[str, str]]):
        self.graph = graph
        # Longest namespace first, so that a namespace nested in another wins.
        self.prefixes = sorted(prefixes, key=lambda pn: -len(pn[1]))
        self.order = [p for p, _ in prefixes]
        self.used: set[str] = set()
        self.cache: dict = {}
        self.iris: dict[URIRef, str] = {}  # iri()'s text per IRI: predicates and datatypes recur on every line
        # No index of its own: each subject's triples are asked of the graph when its block is written (an
        # index of every triple by subject raised the 1000x build's peak by some 700 MB). One pass here finds
        # the subjects, counts the references to blank nodes, and writes every term once, so that the
        # prefixes used are known before the first block.
        self.subjects: set = set()
        self.bnode_refs: dict[BNode, int] = defaultdict(int)
        for s, p, o in graph:
            if s not in self.subjects:
                self.subjects.add(s)
                if not _is_bnode(s):
                    self.term(s, 0)
            if not _same(p, _TYPE_S):  # written "a"
                self.iri(p)
            if _is_bnode(o):
                self.bnode_refs[o] += 1
            else:
                self.term(o, 0)
        for b, n in self.bnode_refs.items():
            if n > 1:
                raise SerializeError(
                    f"blank node {b.n3()} is the object of {n} triples; give it an IRI (no blank nodes in the data)"
                )
        self.in_progress: set[BNode] = set()

    def props(self, s) -> dict:
        """The subject's objects by predicate."""
        out: dict = defaultdict(list)
        for p, o in self.graph.predicate_objects(s):
            out[p].append(o)
        return out

    # -- terms ------------------------------------------------------------------------------------
    def iri(self, u: URIRef) -> str:
        text = self.iris.get(u)
        if text is None:
            text = self.iris[u] = self._iri(u)
        return text

    def _iri(self, u: URIRef) -> str:
        s = str(u)
        for prefix, ns in self.prefixes:
            if s.startswith(ns) and _LOCAL.match(s[len(ns):]):
                self.used.add(prefix)
                return f"{prefix}:{s[len(ns):]}"
        return "<" + _IRI_ESCAPE.sub(lambda m: "\\u%04X" % ord(m.group(0)), s) + ">"

    def literal(self, lit: Literal) -> str:
        lex = str(lit)
        dt = lit.datatype
        if lit.language:
            return f'"{_escape_string(lex)}"@{lit.language}'
        if dt is None:
            return f'"{_escape_string(lex)}"'
        if dt == _INT and _INTEGER.match(lex):
            return lex
        if dt == _DEC and _DECIMAL.match(lex):
            return lex
        if dt == _BOOL and lex in ("true", "false"):
            return lex
        return f'"{_escape_string(lex)}"^^{self.iri(dt)}'

    def term(self, t, indent: int) -> str:
        if _is_bnode(t):
            return self.bnode(t, indent)
        key = t
        cached = self.cache.get(key)
        if cached is None:
            if isinstance(t, URIRef):
                cached = self.iri(t)
            elif isinstance(t, Literal):
                cached = self.literal(t)
            else:  # pragma: no cover - rdflib only has these three term kinds in a Graph
                raise SerializeError(f"cannot write term {t!r}")
            self.cache[key] = cached
        return cached

    # -- blank nodes, inline ----------------------------------------------------------------------
    def _as_list(self, b: BNode) -> list | None:
        """The members of a well-formed RDF list starting at b, or None."""
        items, node, seen = [], b, set()
        while node != _NIL:
            if not isinstance(node, BNode) or node in seen:
                return None
            seen.add(node)
            props = self.props(node)
            if set(props) != {_FIRST, _REST} or len(props[_FIRST]) != 1 or len(props[_REST]) != 1:
                return None
            if node != b and self.bnode_refs[node] != 1:
                return None
            items.append(props[_FIRST][0])
            node = props[_REST][0]
        return items

    def bnode(self, b: BNode, indent: int) -> str:
        if b in self.in_progress:
            raise SerializeError(f"blank node {b.n3()} is part of a cycle; give it an IRI")
        self.in_progress.add(b)
        try:
            items = self._as_list(b)
            if items is not None:
                return "( " + " ".join(self.term(i, indent + 4) for i in items) + " )"
            body = self.predicate_objects(b, indent + 4)
            if not body:
                return "[]"
            return "[\n" + " " * (indent + 4) + body + "\n" + " " * indent + "]"
        finally:
            self.in_progress.discard(b)

    # -- subjects ---------------------------------------------------------------------------------
    def predicate_objects(self, s, indent: int) -> str:
        props = self.props(s)

        def pkey(p):
            if _same(p, _TYPE_S):
                return (0, "")
            if _same(p, _LABEL_S):
                return (1, "")
            return (2, self.iri(p))

        parts = []
        pad = " " * indent
        for p in sorted(props, key=pkey):
            pname = "a" if _same(p, _TYPE_S) else self.iri(p)
            objs = sorted(self.term(o, indent + 4) for o in props[p])
            line = f"{pname} " + " , ".join(objs)
            if len(objs) > 1 and (len(line) + indent > 110 or any("\n" in o for o in objs)):
                line = f"{pname} " + (" ,\n" + pad + "    ").join(objs)
            parts.append(line)
        return (" ;\n" + pad).join(parts)

    def subject_key(self, s) -> tuple:
        if isinstance(s, BNode):
            return (5, self.bnode(s, 0))
        text = str(s)
        if (s, _TYPE, _ONTOLOGY) in self.graph or text == ONTOLOGY_IRI:
            group = 0
        elif text.startswith(str(LVP)):
            group = 1
        elif text.startswith(str(LVD)):
            group = 3
        else:
            group = 2
        return (group, text)

    def chunks(self) -> Iterator[str]:
        """The Turtle text in pieces (prefixes, then one block per subject), made one at a time: at 1000x the
        blocks, the joined text and its UTF-8 bytes would each be another copy of a 250 MB file. Every term
        is written once first (__init__), so that the prefixes it uses are known before the first block."""
        subjects = [s for s in self.subjects if not (isinstance(s, BNode) and self.bnode_refs.get(s, 0) > 0)]
        header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIX_TABLE if p in self.used)
        yield header + "\n"
        for i, s in enumerate(sorted(subjects, key=self.subject_key)):
            if isinstance(s, BNode):
                block = self.bnode(s, 0) + " ."
            else:
                block = self.term(s, 0) + " " + self.predicate_objects(s, 4) + " ."
            yield block if i == 0 else "\n\n" + block
        if subjects:
            yield "\n"
        # Blank nodes that are objects must have been reached from a subject written above.


def to_turtle(graph: Graph, prefixes: list[tuple[str, str]] | None = None) -> str:
    """The graph as deterministic Turtle text (see the module docstring for the order)."""
    return "".join(turtle_chunks(graph, prefixes))


def turtle_chunks(graph: Graph, prefixes: list[tuple[str, str]] | None = None) -> Iterator[str]:
    """to_turtle's text in pieces whose concatenation is that text (write_turtle writes them one by one)."""
    w = _Writer(graph, prefixes if prefixes is not None else PREFIX_TABLE)
    # Blank-node cycles unreachable from any named subject would be silently dropped: refuse them.
    reachable_objects = {o for o in w.bnode_refs}
    unreached = [b for b in reachable_objects if not _reaches_named(w, b)]
    if unreached:
        raise SerializeError(f"blank node {unreached[0].n3()} is only reachable through a cycle; give it an IRI")
    return w.chunks()


def _reaches_named(w: _Writer, b: BNode) -> bool:
    """True if b hangs (through single references) off a named subject or a blank root."""
    seen = set()
    node = b
    while True:
        if node in seen:
            return False
        seen.add(node)
        parents = [s for s in w.graph.subjects(None, node)]
        if not parents:
            return True
        node = parents[0]
        if not isinstance(node, BNode):
            return True


def write_turtle(graph: Graph, path, prefixes: list[tuple[str, str]] | None = None) -> None:
    """Write the graph to path as UTF-8 Turtle with Unix newlines."""
    chunks = turtle_chunks(graph, prefixes)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.writelines(chunks)


SHAPES_NS = "https://w3id.org/lv-pact-1939/shapes#"
_DISPLAY_PREFIXES = PREFIX_TABLE + [("lvps", SHAPES_NS)]


def short(term) -> str:
    """A term as a person reads it in a message: prefixed name, quoted literal, or _:id."""
    if term is None:
        return "(none)"
    if isinstance(term, BNode):
        return "_:" + str(term)
    w = _DisplayWriter()
    return w.iri(term) if isinstance(term, URIRef) else w.literal(term)


class _DisplayWriter(_Writer):
    """Just the term formatting of _Writer, without a graph."""

    def __init__(self):  # noqa: D401 - no graph needed
        self.prefixes = sorted(_DISPLAY_PREFIXES, key=lambda pn: -len(pn[1]))
        self.used = set()
        self.iris = {}
