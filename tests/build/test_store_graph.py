"""The store adapter the graph checks run on in the build's early copy answers as rdflib's Graph does."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib import namespace
from rdflib.namespace import RDF, RDFS

from pactkg.build import geometry_check, load, qc_checks, store_graph
from pactkg.common.namespaces import LVD, LVP

INTEGRITY = Path(__file__).parent / "integrity_cases"
# Terms the store keeps apart and rdflib does not ("01" and "1" as xsd:integer), a blank node, a literal object
# that is also matched, and several values of one property.
ODD = """@prefix wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix lvp: <https://w3id.org/lv-pact-1939/ontology#> .
@prefix lvd: <https://w3id.org/lv-pact-1939/id/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
lvd:odd lvp:count "01"^^xsd:integer , "1"^^xsd:integer , "2"^^xsd:integer ; lvp:note "a"@lv , "a"@en , "a" ;
    lvp:geometry [ lvp:note "in a blank node"@en ] ; wgs:lat "57.0"^^xsd:float ; wgs:long "24.10"^^xsd:decimal .
lvp:OddClass rdfs:subClassOf lvp:Port . lvp:Port rdfs:subClassOf lvp:OddClass .
"""


@pytest.fixture
def files(project) -> list[Path]:
    for case in ("geometry-riga-in-the-gulf.ttl", "geometry-line-lat-long-swapped.ttl",
                 "good-geometry-cape-and-river-mouth-on-the-coast.ttl"):
        shutil.copy(INTEGRITY / case, project.inputs.data_dir / case)
    (project.inputs.data_dir / "odd.ttl").write_text(ODD, encoding="utf-8")
    return project.inputs.graph_files()


def _both(files, by_value: bool = False):
    return load.load_graph(files), store_graph.StoreGraph(qc_checks.store_from_files(files), by_value)


def _rewritten(term, by_value: bool) -> bool:
    """Whether the store may keep the literal in another form than rdflib's (an XSD type but xsd:string; by
    value, only xsd:float, whose value it rounds)."""
    if not isinstance(term, Literal) or term.datatype is None or term.datatype == namespace.XSD.string:
        return False
    return term.datatype == namespace.XSD.float if by_value else str(term.datatype).startswith(str(namespace.XSD))


def _key(x, by_value: bool = False):
    """Blank nodes are compared by place, not label (each side's parser names them); numbers by value."""
    if isinstance(x, tuple):
        return tuple(_key(t, by_value) for t in x)
    if isinstance(x, BNode):
        return "_:b"
    if by_value and isinstance(x, Literal) and str(x.datatype or "").startswith(str(namespace.XSD)):
        return ("value", x.value)
    return x


def _same(expected, call, by_value: bool) -> None:
    """The same answers, each as often (in another order), or Unknown where rdflib's holds a literal the store
    may have rewritten. By value: the same answers, once each (two forms of one number are one in the store)."""
    expected = list(expected)
    terms = [t for e in expected for t in (e if isinstance(e, tuple) else (e,))]
    assert expected
    if any(_rewritten(t, by_value) for t in terms):
        with pytest.raises(store_graph.Unknown):
            list(call())
    elif by_value:
        assert {_key(e, True) for e in expected} == {_key(a, True) for a in call()}
    else:
        assert Counter(map(_key, expected)) == Counter(map(_key, call()))


@pytest.mark.parametrize("by_value", [False, True])
def test_subjects_objects_and_pairs_are_rdflibs(files, by_value):
    graph, adapter = _both(files, by_value)
    for p in {p for _, p, _ in graph}:
        _same(graph.subject_objects(p), lambda: adapter.subject_objects(p), by_value)
        _same(graph.objects(None, p), lambda: adapter.objects(None, p), by_value)
        _same(graph.subject_objects(p, unique=True), lambda: adapter.subject_objects(p, unique=True), by_value)
        _same(graph.objects(None, p, unique=True), lambda: adapter.objects(None, p, unique=True), by_value)
    for s, p, o in graph:
        if not isinstance(s, BNode):
            _same(graph.objects(s, p), lambda: adapter.objects(s, p), by_value)
        if not isinstance(o, BNode) and not _rewritten(o, False):
            _same(graph.subjects(p, o), lambda: adapter.subjects(p, o), by_value)
            _same(graph.subjects(p, o, unique=True), lambda: adapter.subjects(p, o, unique=True), by_value)
    assert list(adapter.subjects(LVP.note, Literal("a", lang="lv"))) == [LVD.odd]  # a literal matched as rdflib does
    assert list(adapter.objects(Literal("x"), LVP.note)) == []
    if by_value:
        assert sorted(adapter.objects(LVD.odd, LVP["count"])) == [Literal(1), Literal(2)]  # "01" and "1" are one


def test_a_blank_node_is_followed(files):
    graph, adapter = _both(files)
    [node] = adapter.objects(LVD.odd, LVP.geometry)
    assert isinstance(node, BNode) and list(adapter.objects(node, LVP.note)) == [Literal("in a blank node", lang="en")]


@pytest.mark.parametrize("by_value", [False, True])
def test_value_is_rdflibs_where_there_is_one_answer(files, by_value):
    graph, adapter = _both(files, by_value)
    for s, p in {(s, p) for s, p, _ in graph if not isinstance(s, BNode)}:
        values = set(graph.objects(s, p))
        if len(values) == 1 and not _rewritten(graph.value(s, p), by_value):
            assert _key(adapter.value(s, p), by_value) == _key(graph.value(s, p), by_value)
        elif len({_key(v, by_value) for v in values}) > 1 or any(_rewritten(v, by_value) for v in values):
            with pytest.raises(store_graph.Unknown):  # rdflib gives the first parsed; or a rewritten literal
                adapter.value(s, p)
    assert adapter.value(LVD.nothing, RDFS.label) is graph.value(LVD.nothing, RDFS.label) is None
    assert adapter.value(LVD.nothing, RDFS.label, default=3) == 3


def test_transitive_objects_are_rdflibs(files):
    graph, adapter = _both(files)
    for c in set(graph.objects(None, RDF.type)) | set(graph.subjects(RDFS.subClassOf, None)) | {LVP.OddClass}:
        walked = list(adapter.transitive_objects(c, RDFS.subClassOf))
        assert len(walked) == len(set(walked)) and walked[0] == c
        assert set(walked) == set(graph.transitive_objects(c, RDFS.subClassOf))


def test_the_geometry_check_reads_the_same(files):
    graph, adapter = _both(files, by_value=True)
    rings = geometry_check.read_rings(geometry_check.outline_path())
    assert geometry_check.misplaced(adapter, rings) == geometry_check.misplaced(graph, rings) != []
