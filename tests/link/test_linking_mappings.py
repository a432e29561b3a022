"""The curated mapping set: SSSOM/TSV reading and writing, the rules it follows, and its link to the data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, SKOS

from pactkg import cli
from pactkg.build import load
from pactkg.link import mappings
from pactkg.link import sssom_tsv
from pactkg.link import wikidata_vocabulary
from pactkg.common.inputs import Inputs
from pactkg.common.namespaces import LVD, WD

from .conftest import FIXTURE, HERE

ROOT = Path(mappings.paths.ROOT)
VOCAB = ROOT / "mappings" / "wikidata-vocabulary.tsv"


@pytest.fixture(scope="module")
def graph():
    return load.load_graph(Inputs.from_env().graph_files())


@pytest.fixture(scope="module")
def curated():
    return mappings.load_curated()


# --- the format ------------------------------------------------------------------------------------------

def test_curated_file_is_in_canonical_form(curated):
    """Written by the writer (sorted rows, fixed slot and key order): re-writing changes no byte."""
    text = mappings.curated_path().read_text(encoding="utf-8")
    assert sssom_tsv.dumps(sssom_tsv.parse(text)) == text


def test_round_trip_keeps_every_value(tmp_path, curated):
    path = tmp_path / "x.sssom.tsv"
    sssom_tsv.write(curated, path)
    again = sssom_tsv.read(path)
    assert again.metadata == curated.metadata
    assert sorted(map(sorted, (r.items() for r in again.rows))) == sorted(map(sorted, (r.items() for r in curated.rows)))


def test_metadata_block_has_the_required_slots(curated):
    md = curated.metadata
    assert md["mapping_set_id"].startswith("https://w3id.org/lv-pact-1939/")
    assert md["license"].startswith("https://creativecommons.org/")
    for prefix in ("lvd", "wd", "owl", "skos", "semapv"):
        assert prefix in md["curie_map"]


HEADER = "#curie_map:\n#  lvd: https://w3id.org/lv-pact-1939/id/\n#  wd: http://www.wikidata.org/entity/\n#mapping_set_id: x\n#license: y\n"


@pytest.mark.parametrize(
    "body, words",
    [
        ("subject_id\tpredicate_id\tobject_id\nlvd:a\towl:sameAs\n", "line 7: 2 cells but the header has 3"),
        ("subject_id\tpredicate_id\tobject_id\nlvd:a\towl:sameAs\tnope:Q1\n", "line 7: object_id 'nope:Q1' is not a CURIE"),
        ("subject_id\tpredicate_id\tobject_id\nlvd:a\towl:sameAs\twd:Q1\n# late comment\n", "line 8: '#' lines"),
        ("predicate_id\tobject_id\n", "must name subject_id and object_id"),
        ("", "no header row"),
    ],
)
def test_format_errors_name_the_line(body, words):
    with pytest.raises(sssom_tsv.SSSOMError, match=re.escape(words)):
        sssom_tsv.parse(HEADER + body, "m.tsv")


def test_bad_yaml_is_reported():
    with pytest.raises(sssom_tsv.SSSOMError, match="not valid YAML"):
        sssom_tsv.parse("#curie_map: [unclosed\nsubject_id\tobject_id\n", "m.tsv")


def test_writer_refuses_tabs_and_line_breaks():
    ms = sssom_tsv.MappingSet(metadata={}, rows=[{"subject_id": "lvd:a", "object_id": "wd:Q1", "comment": "a\tb"}])
    with pytest.raises(sssom_tsv.SSSOMError, match="tab or line break"):
        sssom_tsv.dumps(ms)


# --- the rules of the curated set -------------------------------------------------------------------------

GOOD = {
    "subject_id": "lvd:riga", "subject_label": "Riga", "predicate_id": "owl:sameAs", "object_id": "wd:Q1773",
    "mapping_justification": "semapv:ManualMappingCuration", "confidence": "0.95", "author_id": "lvpact:team",
    "mapping_date": "2026-11-26", "comment": "evidence",
}


@pytest.mark.parametrize(
    "change, words",
    [
        ({"predicate_id": "skos:relatedMatch"}, "predicate_id"),
        ({"object_id": "lvd:Q1773"}, "not a Wikidata item"),
        ({"mapping_justification": "semapv:LexicalMatching"}, "ManualMappingCuration"),
        ({"confidence": "1.5"}, "confidence"),
        ({"mapping_date": "2026-13-01"}, "not a real day"),
        ({"comment": ""}, "missing comment"),
        ({"subject_id": "lvd:no-such-entity"}, "not an entity of the data"),
        ({"subject_label": "Rome"}, "differs from the data's English label"),
    ],
)
def test_rule_violations_are_reported_with_the_line(graph, curated, change, words):
    row = {**GOOD, **change}
    ms = sssom_tsv.MappingSet(metadata=curated.metadata, rows=[{k: v for k, v in row.items() if v}], lines=[12])
    problems = mappings.validate(ms, "m.tsv", graph)
    assert any(words in p and "m.tsv, line 12" in p for p in problems), problems


def test_one_row_per_entity_and_per_item(graph, curated):
    ms = sssom_tsv.MappingSet(metadata=curated.metadata, rows=[dict(GOOD), {**GOOD, "object_id": "wd:Q2"}], lines=[8, 9])
    assert any("already mapped on line 8" in p for p in mappings.validate(ms, "m.tsv", graph))
    ms = sssom_tsv.MappingSet(metadata=curated.metadata, rows=[dict(GOOD), {**GOOD, "subject_id": "lvd:liepaja", "subject_label": "Liepāja"}], lines=[8, 9])
    assert any("already the item of lvd:riga" in p for p in mappings.validate(ms, "m.tsv", graph))


def test_every_subject_exists_in_the_data_and_the_set_is_valid(graph):
    ms = sssom_tsv.read(mappings.curated_path())
    assert mappings.validate(ms, "wikidata.sssom.tsv", graph) == []
    for row in ms.rows:
        assert (URIRef(ms.expand(row["subject_id"])), RDF.type, None) in graph, row["subject_id"]


def test_predicate_follows_the_kind(graph, curated):
    """owl:sameAs for the same individual; skos:exactMatch for states (see docs/linking.md)."""
    closure = mappings.class_closure(graph)
    for row in curated.rows:
        kind = mappings.kind_of(mappings.entity_types(graph, URIRef(curated.expand(row["subject_id"])), closure))
        assert kind is not None, row["subject_id"]
        assert row["predicate_id"] == kind.predicate, row["subject_id"]


def test_every_row_says_where_the_id_was_seen(curated):
    for row in curated.rows:
        c = row["comment"]
        assert re.search(r"find_string|github|Who's On First", c), row["subject_id"]
        assert float(row["confidence"]) == (0.9 if "single source" in c else 0.95), row["subject_id"]


def test_ids_agree_with_the_shared_reference_files(curated):
    ref = mappings.paths.REFERENCE_DIR
    if not (ref / "places-whosonfirst.tsv").exists():
        pytest.skip("../shared/reference is not here")
    wof = {}
    for line in (ref / "places-whosonfirst.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if cells[3]:
            wof[cells[2]] = cells[3]
    for row in curated.rows:
        m = re.search(r"Who's On First record (\d+) .* carries wikidata id (Q\d+)", row["comment"])
        if m:
            assert wof[m.group(1)] == m.group(2) == row["object_id"][3:], row["subject_id"]


# --- triples, export, the list of gaps --------------------------------------------------------------------

def test_mapping_triples(curated):
    g = mappings.mapping_triples()
    assert len(g) == len(curated.rows)
    assert (LVD.liepaja, OWL.sameAs, WD.Q167668) in g
    assert (LVD.latvia, SKOS.exactMatch, WD.Q211) in g
    assert not list(g.triples((None, OWL.sameAs, LVD.latvia)))


def test_unmapped_file_is_up_to_date(graph, curated):
    committed = (ROOT / "mappings" / mappings.UNMAPPED_NAME).read_text(encoding="utf-8")
    assert committed == mappings.unmapped_tsv(graph, curated), "run `make mappings-unmapped` and commit the result"


def test_unmapped_and_mapped_cover_every_linkable_entity(graph, curated):
    mapped = {r["subject_id"] for r in curated.rows}
    unmapped = {r["subject_id"] for r in mappings.unmapped_rows(graph, curated)}
    linkable = {mappings.curie(i) for i, _ in mappings.linkable_entities(graph)}
    assert not (mapped & unmapped)
    assert mapped | unmapped == linkable | mapped
    assert "lvd:vilhelms-munters" in unmapped and "lvd:riga" in mapped


def test_export_writes_dist_only(tmp_path, monkeypatch):
    monkeypatch.setenv("PACTKG_DIST", str(tmp_path / "dist"))
    assert cli.main(["mappings", "export"]) == 0
    out = tmp_path / "dist" / "mappings"
    assert (out / "wikidata.sssom.tsv").read_text(encoding="utf-8") == mappings.curated_path().read_text(encoding="utf-8")
    assert (out / "unmapped.tsv").exists()


def test_check_command_reports_a_broken_file(tmp_path, capsys):
    bad = tmp_path / "bad.sssom.tsv"
    bad.write_text(HEADER + "subject_id\tpredicate_id\tobject_id\nlvd:riga\towl:sameAs\twd:Q1773\n", encoding="utf-8")
    assert cli.main(["mappings", "check", "--mappings", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "line 7: missing subject_label" in err


# --- no Wikidata id from memory ---------------------------------------------------------------------------

def _vocab_ids() -> set[str]:
    lines = [l for l in VOCAB.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    rows = [l.split("\t") for l in lines[1:]]
    assert all(len(r) == 3 and r[2].strip() for r in rows), "every id needs its evidence"
    return {r[0] for r in rows}


def test_every_id_the_code_uses_has_evidence():
    assert wikidata_vocabulary.used_ids() <= _vocab_ids()


def test_every_real_id_in_fixture_and_queries_is_verified(curated):
    known = _vocab_ids() | {r["object_id"][3:] for r in curated.rows}
    texts = [FIXTURE.read_text(encoding="utf-8")] + [p.read_text(encoding="utf-8") for p in
                                                     (ROOT / "queries" / "federated").glob("*.rq")]
    texts += [p.read_text(encoding="utf-8") for p in (HERE / "cases").rglob("*.ttl")]
    used = set()
    for t in texts:
        body = "\n".join(l.split("#")[0] if not l.lstrip().startswith("wd:Q900000020") else l for l in t.splitlines())
        used |= set(re.findall(r"(?:wd:|wdt:|entity/|prop/direct/)([QP][0-9]+)\b", body))
    made_up = {i for i in used if i.startswith("Q") and int(i[1:]) >= 900000000}
    assert used - made_up <= known, sorted(used - made_up - known)
