"""An rdflib store for one graph: three indexes and a count, no bookkeeping of named graphs.

Why not rdflib's own stores: the build's graph is one graph, but rdflib's `Memory` store keeps, for every
triple, which named graphs hold it, and works that out again for every triple it hands back. pyshacl asks the
graph for triples millions of times, so at 100x about half of the validation's time went there (cProfile,
26 Nov: `Memory.triples`, `__get_context_for_triple`, `__ctx_to_str`, `__contexts`), and a third of parsing
went to `Memory.add`. rdflib's `SimpleMemory` has no such bookkeeping, but it cannot be used: pyshacl wraps
the data graph in a Dataset, which needs a context-aware store; its `len()` walks every triple; and it
iterates live dictionaries, so a caller that adds to a graph while reading it fails. This store answers to
the parts of rdflib's Store interface that a Graph uses, treating every context as the one graph; it is
meant for graphs made by `pactkg.build.load`, never for a Dataset of several graphs. Figures in
docs/benchmarks.md (session 21).

The indexes are dicts used as ordered sets, so triples come back in the order they were added (as from
`Memory`, whose answers for a given subject, predicate or object follow the same order).
"""

from __future__ import annotations

from typing import Iterator

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.paths import Path
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.store import Store


class OneGraphStore(Store):
    """Triples of a single graph, indexed by subject, predicate and object (see the module's docstring)."""

    # A Graph works with any store; pyshacl's Dataset wrapper insists on these two flags. Every context is the
    # one graph: a triple is in "each" of them.
    context_aware = True
    graph_aware = True
    formula_aware = False
    transaction_aware = False

    def __init__(self, configuration=None, identifier=None):
        super().__init__(configuration)
        self.identifier = identifier
        self._spo: dict = {}
        self._pos: dict = {}
        self._osp: dict = {}
        self._count = 0
        # Prefix bindings follow rdflib's own rules (override or keep): kept by rdflib's simple store.
        self._names = SimpleMemory()

    # -- changing the graph

    def add(self, triple, context=None, quoted=False) -> None:
        s, p, o = triple
        by_p = self._spo.get(s)
        if by_p is None:
            by_p = self._spo[s] = {}
        objects = by_p.get(p)
        if objects is None:
            objects = by_p[p] = {}
        elif o in objects:
            return
        objects[o] = None
        by_o = self._pos.get(p)
        if by_o is None:
            by_o = self._pos[p] = {}
        subjects = by_o.get(o)
        if subjects is None:
            subjects = by_o[o] = {}
        subjects[s] = None
        by_s = self._osp.get(o)
        if by_s is None:
            by_s = self._osp[o] = {}
        predicates = by_s.get(s)
        if predicates is None:
            predicates = by_s[s] = {}
        predicates[p] = None
        self._count += 1

    def addN(self, quads) -> None:  # noqa: N802 - rdflib's name
        add = self.add
        for s, p, o, _context in quads:
            add((s, p, o))

    def add_triples(self, triples) -> None:
        """Add (s, p, o) tuples of rdflib terms, trusted to be terms (pactkg.build.load makes them)."""
        add = self.add
        for triple in triples:
            add(triple)

    def remove(self, triple_pattern, context=None) -> None:
        for s, p, o in list(self._match(triple_pattern)):
            _drop(self._spo, s, p, o)
            _drop(self._pos, p, o, s)
            _drop(self._osp, o, s, p)
            self._count -= 1

    # -- reading it

    def triples(self, triple_pattern, context=None):
        """(triple, contexts) for every triple that matches; the contexts are the one asked about."""
        contexts = (context,) if context is not None else ()
        for triple in self._match(triple_pattern):
            yield triple, iter(contexts)

    def _match(self, pattern) -> Iterator[tuple]:
        """The matching triples. Keys are copied before they are walked, so a caller may change the graph while
        it reads (as rdflib's Memory store allows)."""
        s, p, o = pattern
        if s is not None:
            by_p = self._spo.get(s)
            if by_p is None:
                return
            if p is not None:
                objects = by_p.get(p)
                if objects is None:
                    return
                if o is not None:
                    if o in objects:
                        yield s, p, o
                    return
                for obj in list(objects):
                    yield s, p, obj
                return
            for pred in list(by_p):
                objects = by_p.get(pred)
                if objects is None:
                    continue
                if o is not None:
                    if o in objects:
                        yield s, pred, o
                    continue
                for obj in list(objects):
                    yield s, pred, obj
        elif p is not None:
            by_o = self._pos.get(p)
            if by_o is None:
                return
            if o is not None:
                for subj in list(by_o.get(o, ())):
                    yield subj, p, o
                return
            for obj in list(by_o):
                for subj in list(by_o.get(obj, ())):
                    yield subj, p, obj
        elif o is not None:
            by_s = self._osp.get(o)
            if by_s is None:
                return
            for subj in list(by_s):
                for pred in list(by_s.get(subj, ())):
                    yield subj, pred, o
        else:
            for subj in list(self._spo):
                by_p = self._spo.get(subj)
                if by_p is None:
                    continue
                for pred in list(by_p):
                    for obj in list(by_p.get(pred, ())):
                        yield subj, pred, obj

    def __len__(self, context=None) -> int:
        return self._count

    def contexts(self, triple=None):
        """No named graphs are kept (the store holds one graph)."""
        return iter(())

    def add_graph(self, graph) -> None:
        """Nothing to do: every graph on this store is the one graph."""

    def remove_graph(self, graph) -> None:
        raise NotImplementedError("OneGraphStore holds one graph: there is no named graph to remove")

    # -- prefixes

    def bind(self, prefix, namespace, override=True) -> None:
        self._names.bind(prefix, namespace, override=override)

    def namespace(self, prefix):
        return self._names.namespace(prefix)

    def prefix(self, namespace):
        return self._names.prefix(namespace)

    def namespaces(self):
        return self._names.namespaces()


def _drop(index: dict, a, b, c) -> None:
    """Remove c from index[a][b], and the emptied levels with it."""
    inner = index[a]
    innermost = inner[b]
    del innermost[c]
    if not innermost:
        del inner[b]
        if not inner:
            del index[a]


class OneGraph(Graph):
    """A Graph over a OneGraphStore (new by default) that answers its two most asked questions from the store's
    indexes directly.

    Why: pyshacl asks `objects(focus, predicate)` about two million times at 100x, and each went through
    three generators (Graph.objects, Graph.triples, the store's triples with its contexts) before a dictionary
    lookup; those layers were about a quarter of the validation's time (cProfile, 27 Nov, session 22). The
    answers are the store's `_match`, so the triples and their order are what Graph's own path gives (tested
    against it for every pattern). Property paths and `unique=True` take Graph's own path."""

    def __init__(self, store: OneGraphStore | None = None, **kwargs):
        super().__init__(store=store if store is not None else OneGraphStore(), **kwargs)
        self._indexed = self.store

    def triples(self, triple):
        s, p, o = triple
        if p is None or type(p) in _TERMS or not isinstance(p, Path):  # Path is an ABC: a slow isinstance
            yield from self._indexed._match((s, p, o))
            return
        yield from super().triples(triple)

    def objects(self, subject=None, predicate=None, unique=False):
        if (not unique and type(predicate) in _TERMS and type(subject) in _TERMS):
            by_p = self._indexed._spo.get(subject)
            if by_p is not None:
                objects = by_p.get(predicate)
                if objects is not None:
                    yield from list(objects)  # a copy: the caller may change the graph while reading
            return
        if unique or isinstance(subject, list) or isinstance(predicate, Path):
            yield from super().objects(subject, predicate, unique)
            return
        for _s, _p, o in self._indexed._match((subject, predicate, None)):
            yield o


# The term classes a triple pattern names (exact types: a subclass, or a property path, takes Graph's own way).
_TERMS = frozenset({URIRef, BNode, Literal})
