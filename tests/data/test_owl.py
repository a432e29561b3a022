"""The ontology is OWL 2 DL as the field checks it: the OWL API's profile checker finds no violation, and HermiT
classifies it consistent, with no unsatisfiable class; the data agrees with it too.

Both run as real programs: the OWL API (Debian's libowlapi-java) through tests/data/owl/ProfileCheck.java
started with `java`, HermiT through owlready2 (which starts it on Java). Each check also gets an ontology
made to fail it.

The data's dates (xsd:date, xsd:gYearMonth, xsd:gYear) and points (geo:wktLiteral) are not in OWL 2's
datatype map, so the data literals of those types are left out when HermiT checks ontology + data, and the
profile check of the ontology finds nothing; that of the whole dump finds those literals and nothing else.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib

from pactkg.common import paths

HERE = Path(__file__).parent
JAVA_DIR = Path("/usr/share/java")
OWLAPI_JARS = ("owlapi-api owlapi-apibinding owlapi-impl owlapi-parsers owlapi-rio owlapi-oboformat owlapi-tools "
               "owlapi-compatibility atinject-jsr330-api caffeine commons-codec commons-io commons-logging "
               "commons-rdf-api commons-rdf-simple guava hppcrt httpclient httpcore jackson-annotations jackson-core "
               "jackson-databind jsonld-java jsr305 xz rdf4j-model-api rdf4j-model rdf4j-model-vocabulary "
               "rdf4j-rio-api rdf4j-rio-datatypes rdf4j-rio-languages rdf4j-rio-turtle rdf4j-rio-ntriples "
               "rdf4j-rio-nquads rdf4j-rio-rdfxml rdf4j-rio-trig rdf4j-rio-jsonld rdf4j-rio-binary rdf4j-rio-n3 "
               "rdf4j-rio-rdfjson rdf4j-rio-trix rdf4j-rio-hdt rdf4j-util slf4j-api slf4j-nop").split()
# OWL 2's datatype map (OWL 2 Structural Specification, 4): the datatypes HermiT accepts in literals.
OWL2_DATATYPES = {"http://www.w3.org/2001/XMLSchema#" + n for n in (
    "string boolean decimal integer nonNegativeInteger positiveInteger nonPositiveInteger negativeInteger long int "
    "short byte unsignedLong unsignedInt unsignedShort unsignedByte double float anyURI dateTime dateTimeStamp "
    "language normalizedString token Name NCName NMTOKEN hexBinary base64Binary").split()}


def profile_violations(ontology: Path) -> list[str]:
    jars = [JAVA_DIR / f"{n}.jar" for n in OWLAPI_JARS]
    missing = [j.name for j in jars if not j.is_file()]
    assert shutil.which("java") and not missing, (
        f"the OWL API is not installed ({missing[:3]}): apt-get install libowlapi-java (mk/system-packages.txt)")
    done = subprocess.run(["java", "-cp", ":".join(map(str, jars)), str(HERE / "owl" / "ProfileCheck.java"),
                           str(ontology)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines and lines[-1].startswith("VIOLATIONS "), done.stdout[-2000:]
    return [line[len("VIOLATION "):] for line in lines if line.startswith("VIOLATION ")]


def hermit(graph: rdflib.Graph, tmp: Path) -> list[str]:
    """HermiT's classification: the unsatisfiable classes (raises when the ontology is inconsistent)."""
    import owlready2

    owlready2.reasoning.JAVA_MEMORY = 500
    nt = tmp / "ontology.nt"
    graph.serialize(str(nt), format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(nt.as_uri()).load(format="ntriples")
    with onto:
        owlready2.sync_reasoner(world, infer_property_values=False, debug=0)
    nothing = "http://www.w3.org/2002/07/owl#Nothing"
    return sorted(str(c.iri) for c in world.inconsistent_classes() if str(c.iri) != nothing)


def test_the_ontology_has_no_owl2_dl_profile_violation():
    violations = profile_violations(paths.ONTOLOGY_FILE)
    assert not violations, f"{len(violations)} OWL 2 DL violations, e.g.:\n" + "\n".join(violations[:15])


# The only way the dump (ontology + data + what the build states) may fall outside OWL 2 DL: literals of the
# date types and of geo:wktLiteral, which OWL 2's datatype map lacks (docs/modelling.md, "OWL 2 DL").
KNOWN_DUMP_DATATYPES = ("xsd:date", "xsd:gYearMonth", "xsd:gYear", "<http://www.opengis.net/ont/geosparql#wktLiteral>")
KNOWN_DUMP_KINDS = {"UseOfUndeclaredDatatype": "Use of undeclared datatype: ",
                    "UseOfDefinedDatatypeInLiteral": "Use of defined datatype in datatype restriction "}


def unexpected_dump_violations(violations: list[str]) -> list[str]:
    """The violations that are not about a literal of one of the known non-OWL datatypes."""
    unexpected = []
    for v in violations:
        kind, _, text = v.partition(" ")
        lead = KNOWN_DUMP_KINDS.get(kind)
        about = text[len(lead):].split(" [", 1)[0] if lead and text.startswith(lead) else ""
        if not any(about == dt or about.endswith("^^" + dt) for dt in KNOWN_DUMP_DATATYPES):
            unexpected.append(v)
    return unexpected


def _dump(tmp_path: Path, union: rdflib.Graph) -> Path:
    from pactkg.build.dump_graph import dump_graph
    from pactkg.build.turtle_writer import to_turtle

    path = tmp_path / "lv-pact-1939.ttl"
    path.write_text(to_turtle(dump_graph(union)), encoding="utf-8")
    return path


def test_the_dumps_only_profile_violations_are_its_date_and_wkt_literals(tmp_path, union):
    violations = profile_violations(_dump(tmp_path, union))
    assert violations, "the dump has no date literal left outside OWL 2? then update docs/modelling.md"
    unexpected = unexpected_dump_violations(violations)
    assert not unexpected, f"{len(unexpected)} OWL 2 DL violations of a new kind in the dump:\n" + "\n".join(unexpected[:10])


def test_a_new_kind_of_violation_in_the_dump_is_found(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("""@prefix : <https://example.org/o#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://example.org/o> a owl:Ontology .
:Claim a owl:Class ; rdfs:subClassOf rdf:Statement .
:date a owl:DatatypeProperty . :e :date "1939-10-05"^^xsd:date ; :date "1939"^^xsd:gYear .
:other a owl:DatatypeProperty . :e :other "P1D"^^xsd:duration .
""", encoding="utf-8")
    violations = profile_violations(bad)
    unexpected = unexpected_dump_violations(violations)
    assert any("xsd:date" in v for v in violations) and not any("xsd:date" in v for v in unexpected)
    assert any(v.startswith("UseOfReservedVocabularyForClassIRI") for v in unexpected), unexpected
    assert any("xsd:duration" in v for v in unexpected), unexpected


def test_the_profile_check_finds_reserved_vocabulary_and_punning(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("""@prefix : <https://example.org/o#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/o> a owl:Ontology .
:Claim a owl:Class ; rdfs:subClassOf rdf:Statement .
:p a owl:DatatypeProperty ; rdfs:subPropertyOf rdfs:comment .
""", encoding="utf-8")
    kinds = {v.split()[0] for v in profile_violations(bad)}
    assert {"UseOfReservedVocabularyForClassIRI", "IllegalPunning"} <= kinds, kinds


def test_hermit_classifies_the_ontology_with_no_unsatisfiable_class(tmp_path):
    graph = rdflib.Graph().parse(paths.ONTOLOGY_FILE)
    assert hermit(graph, tmp_path) == []


def test_hermit_finds_the_data_consistent_with_the_ontology(tmp_path, union):
    graph = rdflib.Graph()
    left_out = 0
    for s, p, o in union:
        if isinstance(o, rdflib.Literal) and o.datatype is not None and str(o.datatype) not in OWL2_DATATYPES:
            left_out += 1
            continue
        graph.add((s, p, o))
    assert left_out > 0
    assert hermit(graph, tmp_path) == []


def test_hermit_finds_an_unsatisfiable_class(tmp_path):
    graph = rdflib.Graph().parse(data="""@prefix : <https://example.org/o#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/o> a owl:Ontology .
:B a owl:Class . :C a owl:Class ; owl:disjointWith :B . :A a owl:Class ; rdfs:subClassOf :B , :C .
""", format="turtle")
    assert hermit(graph, tmp_path) == ["https://example.org/o#A"]
