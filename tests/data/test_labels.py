"""Label hygiene: one Latvian and one English label per entity; no two entities of a class share a label."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from pactkg.build.turtle_writer import short
from pactkg.build.summary import is_data


def typed_entities(union):
    return sorted({s for s in union.subjects(RDF.type, None) if is_data(s)})


def test_exactly_one_lv_and_one_en_label(union):
    problems = []
    for s in typed_entities(union):
        labels = [o for o in union.objects(s, RDFS.label) if isinstance(o, Literal)]
        for lang in ("lv", "en"):
            n = sum(1 for o in labels if o.language == lang)
            if n != 1:
                problems.append(f"{short(s)} has {n} rdfs:label@{lang}")
        untagged = [o for o in labels if not o.language]
        if untagged:
            problems.append(f"{short(s)} has a label without a language tag: {untagged[0]!r}")
    assert problems == [], "\n".join(problems)


def test_no_two_entities_of_a_class_share_a_label(union):
    seen = defaultdict(set)
    for s in typed_entities(union):
        for cls in union.objects(s, RDF.type):
            for label in union.objects(s, RDFS.label):
                seen[(cls, label.language, str(label).strip().casefold())].add(s)
    clashes = [
        f"{short(cls)} @{lang} {label!r}: {', '.join(sorted(short(x) for x in subjects))}"
        for (cls, lang, label), subjects in sorted(seen.items(), key=str)
        if len(subjects) > 1
    ]
    assert clashes == [], "\n".join(clashes)
