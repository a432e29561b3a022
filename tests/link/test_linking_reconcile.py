"""The reconciler against a real local SPARQL server loaded with the Wikidata-shaped fixture.

One Turtle file per case under cases/reconcile/: the entity (as our data would model it), the links it
relies on (t:mapsTo), and what must happen (t:expectCandidate, t:expectRejected, t:expectReason,
t:expectNoCandidate, t:expectOnly).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from pactkg import cli
from pactkg.build import load
from pactkg.link import mappings
from pactkg.link import entity_profiles
from pactkg.link import reconcile
from pactkg.link import sssom_tsv
from pactkg.link import wdqs_client
from pactkg.common.namespaces import LVD

from .conftest import CASES

T = Namespace("https://w3id.org/lv-pact-1939/test#")
WD = "http://www.wikidata.org/entity/"
CASE_FILES = sorted((CASES / "reconcile").glob("*.ttl"))


def _case(path: Path):
    g = load.load_graph([mappings.paths.ONTOLOGY_FILE, path])
    rows = [
        {"subject_id": mappings.curie(s), "predicate_id": "owl:sameAs", "object_id": "wd:" + str(o)[len(WD):]}
        for s, o in g.subject_objects(T.mapsTo)
    ]
    ms = sssom_tsv.MappingSet(metadata={"curie_map": {"lvd": str(LVD), "wd": WD}}, rows=rows)
    case = T.case
    return g, ms, case


def _qid(node) -> str:
    return str(node)[len(WD):]


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_reconcile_case(path, wdqs_fixture):
    g, ms, case = _case(path)
    entity = g.value(case, T.entity)
    assert entity is not None, f"{path}: no t:entity"
    client = wdqs_client.WdqsClient(endpoint=wdqs_fixture, pause=0)
    profs = entity_profiles.build(g, ms, [entity])
    cands, none, warnings = reconcile.reconcile(client, profs, log=lambda m: None)
    accepted = {c.qid: c for c in cands if not c.rejected}
    rejected = {c.qid: c for c in cands if c.rejected}
    all_reasons = " | ".join(r for c in cands for r in c.reasons)

    for q in g.objects(case, T.expectCandidate):
        assert _qid(q) in accepted, f"{path.name}: expected candidate {_qid(q)}; got {sorted(accepted)}, rejected {sorted(rejected)}: {all_reasons}"
    for q in g.objects(case, T.expectRejected):
        assert _qid(q) in rejected, f"{path.name}: expected {_qid(q)} rejected; accepted {sorted(accepted)}: {all_reasons}"
    for reason in g.objects(case, T.expectReason):
        assert str(reason) in all_reasons, f"{path.name}: no reason {str(reason)!r} in {all_reasons}"
    if g.value(case, T.expectOnly) is not None:
        assert set(accepted) | set(rejected) == {_qid(q) for q in g.objects(case, T.expectCandidate)}
    if g.value(case, T.expectNoCandidate) is not None:
        assert not cands and [p.subject_id for p in none] == [mappings.curie(entity)]
    else:
        assert not none
    assert not warnings


def test_many_entities_go_in_one_request(wdqs_fixture):
    """All cases' entities together: one candidate request and one details request, same answers."""
    g = Graph()
    rows = []
    entities = []
    for path in CASE_FILES:
        cg, cms, case = _case(path)
        g += cg
        rows += cms.rows
        entities.append(cg.value(case, T.entity))
    ms = sssom_tsv.MappingSet(metadata={"curie_map": {"lvd": str(LVD), "wd": WD}}, rows=rows)
    client = wdqs_client.WdqsClient(endpoint=wdqs_fixture, pause=0)
    cands, none, _ = reconcile.reconcile(client, entity_profiles.build(g, ms, entities), batch=50, log=lambda m: None)
    assert client.requests_sent == 2
    assert {"Q167668", "Q104036", "Q132899", "Q4413308", "Q15180", "Q900000020"} <= {c.qid for c in cands if not c.rejected}


def test_cli_writes_review_file_never_the_curated_set(wdqs_fixture, repo_env):
    curated = mappings.curated_path()
    before = hashlib.sha256(curated.read_bytes()).hexdigest()
    out = repo_env / "review.sssom.tsv"
    code = cli.main(["link", "--endpoint", wdqs_fixture, "--pause", "0", "--all",
                     "--only", "lvd:liepaja", "--only", "lvd:paplaka", "--out", str(out)])
    assert code == 0
    assert hashlib.sha256(curated.read_bytes()).hexdigest() == before
    review = sssom_tsv.read(out)
    by_object = {(r["subject_id"], r["object_id"]): r for r in review.rows}
    good = by_object[("lvd:liepaja", "wd:Q167668")]
    assert "predicate_modifier" not in good and good["predicate_id"] == "owl:sameAs"
    assert float(good["confidence"]) >= 0.8 and "instance of human settlement" in good["comment"]
    assert by_object[("lvd:liepaja", "wd:Q900000001")]["predicate_modifier"] == "Not"
    assert ("lvd:paplaka", "sssom:NoTermFound") in by_object
    # deterministic: a second run gives the same bytes
    first = out.read_bytes()
    assert cli.main(["link", "--endpoint", wdqs_fixture, "--pause", "0", "--all",
                     "--only", "lvd:liepaja", "--only", "lvd:paplaka", "--out", str(out)]) == 0
    assert out.read_bytes() == first


def test_cli_refuses_to_write_into_the_curated_set(wdqs_fixture, capsys):
    code = cli.main(["link", "--endpoint", wdqs_fixture, "--out", str(mappings.curated_path())])
    assert code == 2
    assert "refusing" in capsys.readouterr().err


def test_default_run_skips_mapped_entities(wdqs_fixture, repo_env):
    out = repo_env / "review.sssom.tsv"
    assert cli.main(["link", "--endpoint", wdqs_fixture, "--pause", "0", "--kind", "settlement", "--out", str(out)]) == 0
    subjects = {r["subject_id"] for r in sssom_tsv.read(out).rows}
    mapped = {r["subject_id"] for r in mappings.load_curated().rows}
    assert subjects and not (subjects & mapped)


def test_too_many_namesakes_are_capped_with_a_warning(wdqs_fixture):
    g, ms, case = _case(CASES / "reconcile" / "person-lifespan.ttl")
    client = wdqs_client.WdqsClient(endpoint=wdqs_fixture, pause=0)
    cands, _, warnings = reconcile.reconcile(client, entity_profiles.build(g, ms, [g.value(case, T.entity)]),
                                             log=lambda m: None, max_candidates=2)
    assert len(cands) == 2 and [c.qid for c in cands] == ["Q132899", "Q900000002"]
    assert warnings and "3 items share its labels" in warnings[0]
