"""A short, deterministic summary of the graph: what is in it, by class, fact, source and language.

Written to dist/summary.txt by the build and printed by `make`; a historian reads it to see at a glance
what the dump holds. Only data entities (lvd: IRIs) are counted per class, so the ontology's own terms and
named individuals do not blur the picture.
"""

from __future__ import annotations

import sys
from collections import Counter

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from pactkg.build import load
from pactkg.common.inputs import Inputs
from pactkg.common.namespaces import LVD, LVP
from pactkg.build.turtle_writer import short


def subclasses_of(graph: Graph, cls: URIRef) -> set[URIRef]:
    """cls and every class below it through rdfs:subClassOf (as stated in the graph)."""
    found, todo = {cls}, [cls]
    while todo:
        c = todo.pop()
        for sub in graph.subjects(RDFS.subClassOf, c):
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


def is_data(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(LVD))


def fact_nodes(graph: Graph) -> set[URIRef]:
    """Data subjects typed with lvp:SourcedFact or one of its subclasses."""
    fact_classes = subclasses_of(graph, LVP.SourcedFact)
    return {s for c in fact_classes for s in graph.subjects(RDF.type, c) if is_data(s)}


def label_en(graph: Graph, s) -> str | None:
    """The English label (else the first label in sorted order): one choice, whatever the parse order."""
    labels = sorted(o for o in graph.objects(s, RDFS.label) if isinstance(o, Literal))
    for o in labels:
        if o.language == "en":
            return str(o)
    return str(labels[0]) if labels else None


def compute(graph: Graph) -> dict:
    entities = {s for s in graph.subjects(RDF.type, None) if is_data(s)}
    per_class: Counter = Counter()
    for s, o in graph.subject_objects(RDF.type):
        if is_data(s) and isinstance(o, URIRef) and str(o).startswith(str(LVP)):
            per_class[o] += 1
    facts = fact_nodes(graph)
    per_source: Counter = Counter()
    for f in facts:
        for src in set(graph.objects(f, LVP.source)):
            per_source[src] += 1
    labels: Counter = Counter()
    for s, o in graph.subject_objects(RDFS.label):
        if is_data(s) and isinstance(o, Literal):
            labels[o.language or "(none)"] += 1
    return {
        "triples": len(graph),
        "entities": len(entities),
        "facts": len(facts),
        "facts_without_source": sum(1 for f in facts if (f, LVP.source, None) not in graph),
        "per_class": per_class,
        "per_source": per_source,
        "labels": labels,
        "source_labels": {s: label_en(graph, s) for s in per_source},
    }


def _by_count(counter: Counter) -> list:
    return sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))


def format_summary(graph: Graph) -> str:
    d = compute(graph)
    out = [
        "lv-pact-1939 knowledge graph: summary",
        f"triples: {d['triples']}",
        f"entities (lvd: subjects with an rdf:type): {d['entities']}",
        f"fact nodes (lvp:SourcedFact and its subclasses): {d['facts']}",
        "",
        "entities per class (rdf:type, lvp: classes):",
    ]
    rows = [(short(c), n) for c, n in _by_count(d["per_class"])]
    w = max((len(r[0]) for r in rows), default=0)
    out += [f"  {name:<{w}}  {n:>6}" for name, n in rows] or ["  (none)"]
    out += ["", "sources cited (fact nodes per lvp:source):"]
    rows = [(short(s), n, d["source_labels"].get(s)) for s, n in _by_count(d["per_source"])]
    w = max((len(r[0]) for r in rows), default=0)
    out += [f"  {name:<{w}}  {n:>6}  {label or ''}".rstrip() for name, n, label in rows] or ["  (none)"]
    if d["facts_without_source"]:
        out.append(f"  (no lvp:source: {d['facts_without_source']})")
    out += ["", "labels per language (rdfs:label of lvd: entities):"]
    out += [f"  {lang:<6}  {n:>6}" for lang, n in sorted(d["labels"].items())] or ["  (none)"]
    return "\n".join(out) + "\n"


def add_arguments(parser) -> None:
    pass


def run(args) -> int:
    try:
        graph = load.load_graph(Inputs.from_env().graph_files())
    except load.ParseError as exc:
        print(exc, file=sys.stderr)
        return 1
    sys.stdout.write(format_summary(graph))
    return 0
