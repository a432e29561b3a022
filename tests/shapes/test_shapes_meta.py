"""Rules about the shapes themselves, so that "every shape has a negative test" and "every result has a
readable message" are enforced rather than hoped for."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from pactkg.common import paths
from shapecases import ONTOLOGY_FILE, case_files, expected_messages, load_case, shape_messages, shapes_graph

LVP = "https://w3id.org/lv-pact-1939/ontology#"
LVPS = "https://w3id.org/lv-pact-1939/shapes#"

# Parameters that make a shape check something (so its results need a message).
CONSTRAINT_PARAMS = {
    SH[n]
    for n in (
        "class datatype nodeKind minCount maxCount minExclusive minInclusive maxExclusive maxInclusive "
        "minLength maxLength pattern languageIn uniqueLang equals disjoint lessThan lessThanOrEquals not and "
        "or xone node qualifiedValueShape hasValue in closed"
    ).split()
}


def targeted_shapes(sg: Graph) -> set[URIRef]:
    """Named shapes that select focus nodes (the ones a validation report names): node shapes, and the
    property shapes that carry a target of their own."""
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    return {s for t in targets for s in sg.subjects(t, None) if isinstance(s, URIRef)}


def owned_messages(sg: Graph, shape) -> set[str]:
    """Messages a node shape can report: its own, its property shapes', its SPARQL constraints'."""
    out = {str(m) for m in sg.objects(shape, SH.message)}
    for ps in sg.objects(shape, SH.property):
        out |= {str(m) for m in sg.objects(ps, SH.message)}
    for c in sg.objects(shape, SH.sparql):
        out |= {str(m) for m in sg.objects(c, SH.message)}
    return out


def test_case_files_all_parse_and_state_expectations():
    for path in case_files():
        load_case(path)  # raises CaseFileError naming the file


def test_messages_are_unique():
    """A message names exactly one constraint, so a negative case that expects it tests that constraint."""
    seen: dict[str, list] = {}
    for s, m in shapes_graph().subject_objects(SH.message):
        seen.setdefault(str(m), []).append(s)
    dups = {m: s for m, s in seen.items() if len(s) > 1}
    assert not dups, f"messages used by more than one shape: {dups}"


def test_every_message_has_a_negative_case():
    covered = expected_messages()
    missing = sorted(shape_messages() - set(covered))
    assert not missing, "no case file in tests/shapes/cases/ expects these messages:\n" + "\n".join(missing)


def test_every_expected_message_exists_in_the_shapes():
    """A case that expects a message the shapes no longer have is stale (it would also fail on its own)."""
    stale = {m: cases for m, cases in expected_messages().items() if m not in shape_messages()}
    assert not stale, f"cases expect messages no shape has: {stale}"


def test_every_shape_has_a_negative_case():
    sg = shapes_graph()
    covered = set(expected_messages())
    untested = sorted(str(s) for s in targeted_shapes(sg) if not owned_messages(sg, s) & covered)
    assert not untested, f"shapes without a negative case: {untested}"


def test_every_constraint_has_a_message():
    """Whatever a historian sees in a report carries a sentence saying what to fix."""
    sg = shapes_graph()
    silent = []
    for shape in targeted_shapes(sg):
        if set(sg.predicates(shape, None)) & CONSTRAINT_PARAMS and sg.value(shape, SH.message) is None:
            silent.append(str(shape))
        for ps in sg.objects(shape, SH.property):
            if sg.value(ps, SH.message) is None:
                silent.append(f"{shape} -> {ps}")
        for c in sg.objects(shape, SH.sparql):
            if sg.value(c, SH.message) is None:
                silent.append(f"{shape} -> SPARQL {c}")
    assert not silent, f"constraints without sh:message: {silent}"


def test_messages_are_english_sentences():
    for m in shapes_graph().objects(None, SH.message):
        assert m.language == "en", f"message without @en: {m}"
        assert m[0].isupper() or m.startswith("lvp:"), f"message should start a sentence: {m}"
        assert m.rstrip().endswith("."), f"message should end with a full stop: {m}"


def _where(select: str) -> str:
    body = select[select.index("WHERE") :]
    return " ".join(body.replace("$this", "?this").split())


def test_sparql_checks_are_targeted_at_their_failures():
    """Every SPARQL constraint sits alone on a node shape whose SPARQL target (run once) selects exactly
    the nodes it reports: the same WHERE clause. A SPARQL constraint on a broad target is parsed again
    for every focus node, which does not scale."""
    sg = shapes_graph()
    checked = 0
    for shape in set(sg.subjects(SH.sparql, None)):
        constraints = list(sg.objects(shape, SH.sparql))
        target = sg.value(shape, SH.target)
        assert len(constraints) == 1, f"{shape}: one SPARQL constraint per node shape"
        assert target is not None and sg.value(target, SH.select) is not None, f"{shape}: needs a SPARQL target"
        t = _where(str(sg.value(target, SH.select)))
        c = _where(str(sg.value(constraints[0], SH.select)))
        assert t == c, f"{shape}: target and constraint WHERE clauses differ:\n{t}\n{c}"
        checked += 1
    assert checked > 0


def test_latvia_bounding_box_matches_the_outline():
    """The box in lvps:PlaceInLatvia-lat/-long is min/max of ../shared/reference/latvia-outline-naturalearth.geojson."""
    path = paths.REFERENCE_DIR / "latvia-outline-naturalearth.geojson"
    if not path.is_file():
        pytest.skip(f"{path} is absent (set PACTKG_SHARED); cannot check the bounding box")
    data = json.loads(path.read_text(encoding="utf-8"))

    def points(o):
        if isinstance(o, list) and o and isinstance(o[0], (int, float)):
            yield o
        elif isinstance(o, list):
            for x in o:
                yield from points(x)

    coords = [p for f in data["features"] for p in points(f["geometry"]["coordinates"])]
    lons, lats = [p[0] for p in coords], [p[1] for p in coords]
    sg = shapes_graph()
    lat = URIRef(LVPS + "PlaceInLatvia-lat")
    long_ = URIRef(LVPS + "PlaceInLatvia-long")
    assert float(sg.value(lat, SH.minInclusive)) == min(lats)
    assert float(sg.value(lat, SH.maxInclusive)) == max(lats)
    assert float(sg.value(long_, SH.minInclusive)) == min(lons)
    assert float(sg.value(long_, SH.maxInclusive)) == max(lons)
    text = paths.SHAPES_FILE.read_text(encoding="utf-8")
    for n in (min(lats), max(lats), min(lons), max(lons)):
        assert f"{n:.6f}" in text


def _ancestors(onto: Graph, cls) -> set:
    return set(onto.transitive_objects(cls, RDFS.subClassOf))


def test_every_ontology_class_has_a_shape():
    """Every class of the ontology (but the concept schemes whose members the ontology itself lists) is
    the target of a node shape, directly or through a superclass; a class added later needs one too."""
    onto = Graph().parse(ONTOLOGY_FILE, format="turtle")
    targeted = set(shapes_graph().objects(None, SH.targetClass))
    concept = {c for c in onto.subjects(RDF.type, OWL.Class) if SKOS.Concept in _ancestors(onto, c)}
    missing = [
        str(c)
        for c in onto.subjects(RDF.type, OWL.Class)
        if str(c).startswith(LVP)
        and not _ancestors(onto, c) & targeted
        and (c not in concept or c == URIRef(LVP + "UnitKind"))
    ]
    assert not missing, f"ontology classes no node shape targets: {sorted(missing)}"
