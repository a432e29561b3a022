"""QuickStatements for what our graph has and the fixture endpoint lacks, with a reference on every line.

The pact and Munters have no verified Wikidata id, so the test maps them to the fixture's made-up stand-ins
(Q900000100, Q900000101) in a temporary curated file; the other rows are the real curated ones.
"""

from __future__ import annotations

from pactkg import cli
from pactkg.build import load
from pactkg.link import mappings
from pactkg.link import quickstatements as qs
from pactkg.link import sssom_tsv
from pactkg.common.inputs import Inputs
from pactkg.common.namespaces import LVP, SOURCE_ARTICLE

REAL = ["lvd:latvia", "lvd:riga", "lvd:liepaja", "lvd:vyacheslav-molotov", "lvd:mrp-secret-protocol",
        "lvd:durbe", "lvd:priekule"]  # in the fixture, Durbe's item is a redirect and Priekule's is gone
STAND_INS = {"lvd:mutual-assistance-pact": "wd:Q900000100", "lvd:vilhelms-munters": "wd:Q900000101"}


def curated(tmp_path):
    ms = mappings.load_curated()
    rows = [dict(r) for r in ms.rows if r["subject_id"] in REAL]
    assert len(rows) == len(REAL)
    template = rows[0]
    for s, o in STAND_INS.items():
        rows.append({**template, "subject_id": s, "object_id": o, "predicate_id": "owl:sameAs",
                     "comment": "made-up stand-in id of the test fixture"})
    path = tmp_path / "curated.sssom.tsv"
    sssom_tsv.write(sssom_tsv.MappingSet(metadata=ms.metadata, rows=rows), path)
    return path


def test_statements_the_fixture_lacks(wdqs_fixture, tmp_path, repo_env, capsys):
    graph = load.load_graph(Inputs.from_env().graph_files())
    url, retrieved = qs.reference(graph)
    assert url == str(graph.value(SOURCE_ARTICLE, LVP.url))
    out = tmp_path / "wikidata.qs"
    code = cli.main(["quickstatements", "--endpoint", wdqs_fixture, "--pause", "0",
                     "--mappings", str(curated(tmp_path)), "--out", str(out)])
    assert code == 0
    ref = f'S854\t"{url}"\tS813\t{retrieved}'
    assert out.read_text(encoding="utf-8").splitlines() == [
        f"Q1773\tP17\tQ211\t{ref}",  # Riga: the fixture has no country
        f"Q4413308\tP585\t+1939-08-23T00:00:00Z/11\t{ref}",  # the secret protocol's signing day
        f"Q900000100\tP585\t+1939-10-05T00:00:00Z/11\t{ref}",  # the pact's signing day
        f"Q900000100\tP1891\tQ900000101\t{ref}",  # Munters signed; Molotov (Q132899) is there already
    ]
    printed = capsys.readouterr().out
    assert "2 already on Wikidata" in printed  # Liepāja's P17 and Molotov's P1891
    assert "2 skipped" in printed and "Q840801 redirects to Q900000030" in printed and "Q908683 deleted" in printed
    # deterministic
    first = out.read_bytes()
    assert cli.main(["quickstatements", "--endpoint", wdqs_fixture, "--pause", "0",
                     "--mappings", str(curated(tmp_path)), "--out", str(out)]) == 0
    assert out.read_bytes() == first


def test_retrieved_date_comes_from_the_data_not_the_clock():
    graph = load.load_graph(Inputs.from_env().graph_files())
    _, retrieved = qs.reference(graph)
    access = graph.value(SOURCE_ARTICLE, LVP.accessDate)
    if access is not None:
        assert retrieved == f"+{str(access)[:10]}T00:00:00Z/11"
    else:
        from rdflib import URIRef
        from rdflib.namespace import DCTERMS
        from pactkg.common.namespaces import ONTOLOGY_IRI

        assert retrieved == f"+{str(graph.value(URIRef(ONTOLOGY_IRI), DCTERMS.created))[:10]}T00:00:00Z/11"


def test_time_precisions():
    assert qs.qs_time("1939-10-05", 11) == "+1939-10-05T00:00:00Z/11"
    assert qs.qs_time("1939-10", 10) == "+1939-10-00T00:00:00Z/10"
    assert qs.qs_time("1940", 9) == "+1940-00-00T00:00:00Z/9"


def test_a_different_point_in_time_is_a_conflict_not_a_statement():
    s = qs.Statement("Q900000100", "P585", "+1939-10-05T00:00:00Z/11", "test")
    emit, present, conflicts, skipped = qs.decide([s], {("Q900000100", "P585"): {"1939-10-06T00:00:00Z"}})
    assert not emit and not present and not skipped and conflicts == [(s, {"1939-10-06T00:00:00Z"})]
    emit, present, conflicts, skipped = qs.decide([s], {("Q900000100", "P585"): {"1939-10-05T00:00:00Z"}})
    assert present == [s] and not emit
    emit, present, conflicts, skipped = qs.decide([s], {}, {"Q900000100": "redirects to Q1"})
    assert not emit and skipped == [(s, "Q900000100 redirects to Q1")]


def test_only_sourced_signings_count(tmp_path):
    """A signing event without the article as source gives no statement."""
    graph = load.load_graph(Inputs.from_env().graph_files())
    ms = mappings.load_curated(curated(tmp_path))
    before = qs.proposed(graph, ms)
    graph.remove((graph.value(None, LVP.produced, mappings.LVD["mutual-assistance-pact"]), LVP.source, SOURCE_ARTICLE))
    after = qs.proposed(graph, ms)
    assert {s.prop for s in before if s.item == "Q900000100"} == {"P585", "P1891"}
    assert not [s for s in after if s.item == "Q900000100"]
