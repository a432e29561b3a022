"""The dump of the real graph: byte-identical across runs and isomorphic to the union when parsed again."""

from __future__ import annotations

import random

from rdflib import Graph
from rdflib.compare import isomorphic

from pactkg.build import load
from pactkg.build.turtle_writer import to_turtle


def test_dump_is_deterministic(union, inputs):
    first = to_turtle(union)
    # A fresh parse, and the same triples inserted in another order, give the same bytes.
    again = to_turtle(load.load_graph(inputs.graph_files()))
    triples = list(union)
    random.Random(1939).shuffle(triples)
    shuffled = Graph()
    for t in triples:
        shuffled.add(t)
    assert again == first
    assert to_turtle(shuffled) == first


def test_dump_round_trips(union):
    parsed = Graph().parse(data=to_turtle(union), format="turtle")
    assert len(parsed) == len(union)
    assert isomorphic(parsed, load.load_all())
