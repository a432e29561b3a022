"""A read-only stand-in for an rdflib Graph over a pyoxigraph store, for the checks written against rdflib.

Why: on a large build a copy forked at the start holds a pyoxigraph store of the sources and is idle once its
own work is done, while this process parses the same files with rdflib. The evidence, quoted-words and
geometry checks can then run there, on that store, instead of on this process's critical chain; an rdflib
graph of the sources in the copy would cost it 2.5 GB at 1000x, this costs nothing beyond the store.

It answers only the calls those checks make (subjects, objects, value, subject_objects, transitive_objects),
with the rdflib terms the build's parser makes of the same pyoxigraph terms (load._rdflib_term), so a check
sees the values it sees on the rdflib graph. Each answer holds each rdflib triple once: two literals the store
keeps apart can be one to rdflib ("01" and "1" typed xsd:integer), as in the rdflib graph.

Two things the store does not keep, where it raises Unknown (the caller then lets this process run the check
on its own graph): the order parsed, on which only value() depends (rdflib gives the first of several values;
the checks sort the rest), and a typed literal as written: the store keeps "22.604750"^^xsd:decimal as
"22.60475", "1"^^xsd:boolean as "true" (XSD types; strings, language strings and other datatypes such as
WKT stay as written). With numbers_by_value, XSD literals are let through but for xsd:float, whose value the
store rounds to 32 bits: for a check that reads them as numbers only (float(), as the geometry check does).
"""

from __future__ import annotations

from typing import Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from pactkg.build.load import _rdflib_term


XSD = "http://www.w3.org/2001/XMLSchema#"
_LOSSLESS = (XSD + "string",)  # kept as written; a language string has no datatype here
_ROUNDED = XSD + "float"


class Unknown(Exception):
    """rdflib's graph would answer with what the store does not keep: the order parsed, or a literal as written."""


class StoreGraph:
    """The calls the build's rdflib checks make on a graph, answered from a pyoxigraph store (read only)."""

    def __init__(self, store: ox.Store, numbers_by_value: bool = False) -> None:
        self._store, self._by_value = store, numbers_by_value

    def _term(self, t, made: dict):
        if type(t) is ox.Literal and not t.language:
            datatype = t.datatype.value
            if datatype.startswith(XSD) and datatype not in _LOSSLESS and (not self._by_value or datatype == _ROUNDED):
                raise Unknown(f"{t} is kept in its canonical form, not as written")
        return _rdflib_term(t, made)

    def _triples(self, s, p, o) -> Iterator[tuple]:
        """Each rdflib triple matching (s, p, o) once; None matches anything."""
        if isinstance(s, Literal):
            return  # no triple has a literal subject
        wanted = None
        if isinstance(o, Literal):
            wanted, o = o, None  # compared as rdflib compares, after conversion
        made: dict = {}
        seen: set = set()
        for q in self._store.quads_for_pattern(_ox(s), _ox(p), _ox(o)):
            t = (_rdflib_term(q.subject, made), _rdflib_term(q.predicate, made), self._term(q.object, made))
            if (wanted is None or t[2] == wanted) and t not in seen:
                seen.add(t)
                yield t

    def subjects(self, predicate=None, object=None, unique: bool = False):
        found = (s for s, _, _ in self._triples(None, predicate, object))
        return iter(dict.fromkeys(found)) if unique else found

    def objects(self, subject=None, predicate=None, unique: bool = False):
        found = (o for _, _, o in self._triples(subject, predicate, None))
        return iter(dict.fromkeys(found)) if unique else found

    def subject_objects(self, predicate=None, unique: bool = False):
        found = ((s, o) for s, _, o in self._triples(None, predicate, None))
        return iter(dict.fromkeys(found)) if unique else found

    def value(self, subject=None, predicate=None, object=None, default=None, any: bool = True):
        """rdflib's value() for a (subject, predicate) pair: the one value, or default; Unknown when there are
        several (rdflib would give the first parsed)."""
        if subject is None or predicate is None or object is not None:
            raise NotImplementedError("StoreGraph.value answers (subject, predicate) only")
        values = list(self.objects(subject, predicate))
        if len(values) > 1:
            raise Unknown(f"{len(values)} values of {predicate} for {subject}")
        return values[0] if values else default

    def transitive_objects(self, subject, predicate, remember: dict | None = None):
        """subject, then every object reachable by `predicate`, each once (rdflib's depth-first walk)."""
        remember = {} if remember is None else remember
        if subject in remember:
            return
        remember[subject] = 1
        yield subject
        for o in self.objects(subject, predicate):
            yield from self.transitive_objects(o, predicate, remember)


def _ox(term):
    """The pyoxigraph term of an rdflib IRI or blank node (None: any)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"StoreGraph cannot match {term!r}")
