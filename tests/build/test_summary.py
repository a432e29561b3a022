"""The summary counts what the fixture holds."""

from __future__ import annotations

from pactkg.build import load
from pactkg.build import summary


def test_counts(project):
    graph = load.load_graph(project.inputs.graph_files())
    d = summary.compute(graph)
    assert d["entities"] == 5
    assert d["facts"] == 2  # a Signing and a Demand are events, events are sourced facts
    assert {summary.short(c): n for c, n in d["per_class"].items()} == {
        "lvp:Person": 2, "lvp:Signing": 1, "lvp:Demand": 1, "lvp:EncyclopediaArticle": 1,
    }
    assert {summary.short(s): n for s, n in d["per_source"].items()} == {"lvd:source-lvwiki-article": 2}
    assert dict(d["labels"]) == {"lv": 5, "en": 5, "ru": 1}
    assert d["triples"] == len(graph)


def test_text(project):
    text = summary.format_summary(load.load_graph(project.inputs.graph_files()))
    assert "fact nodes (lvp:SourcedFact and its subclasses): 2\n" in text
    assert "  lvp:Person                    2\n" in text
    assert "  lvd:source-lvwiki-article       2  Wikipedia article\n" in text  # the English label
    assert "  ru           1\n" in text


def test_same_text_whatever_the_insertion_order(project):
    import random

    from rdflib import Graph

    graph = load.load_graph(project.inputs.graph_files())
    triples = list(graph)
    random.Random(5).shuffle(triples)
    shuffled = Graph()
    for t in triples:
        shuffled.add(t)
    assert summary.format_summary(shuffled) == summary.format_summary(graph)
