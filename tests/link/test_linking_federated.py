"""Federated queries (queries/federated/) run against the fixture endpoint standing in for Wikidata."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from pactkg import cli
from pactkg.link import federated
from pactkg.link import wdqs_client
from pactkg.common.inputs import Inputs

QUERIES = sorted(federated.FEDERATED_DIR.glob("*.rq"))


def _run(name, endpoint):
    graph = federated.our_graph(Inputs.from_env())
    client = wdqs_client.WdqsClient(endpoint=endpoint, pause=0)
    query = (federated.FEDERATED_DIR / name).read_text(encoding="utf-8")
    variables, rows = federated.run_query(graph, query, client)
    return [dict(zip(variables, r)) for r in rows], client


def test_every_federated_query_uses_the_wikidata_service():
    assert len(QUERIES) >= 3
    for q in QUERIES:
        text = q.read_text(encoding="utf-8")
        assert f"SERVICE <{wdqs_client.DEFAULT_ENDPOINT}>" in text, q.name
        assert text.lstrip().startswith("#"), f"{q.name}: start with a comment saying what it answers"


def test_signatories_with_birth_dates_and_images(wdqs_fixture):
    rows, client = _run("signatories-birth-dates.rq", wdqs_fixture)
    by_name = {r["name"]: r for r in rows}
    molotov = by_name['"Vyacheslav Molotov"@en']
    assert molotov["item"] == "<http://www.wikidata.org/entity/Q132899>"
    assert molotov["born"].startswith('"1801-01-01T00:00:00')  # the fixture's placeholder
    assert molotov["image"].endswith("Placeholder-test-image.jpg>")
    munters = by_name['"Vilhelms Munters"@en']  # no curated link yet: listed, Wikidata columns empty
    assert munters["item"] == "" and munters["born"] == ""
    assert client.requests_sent == 1


def test_people_descriptions(wdqs_fixture):
    rows, _ = _run("people-wikidata-descriptions.rq", wdqs_fixture)
    assert [r["item"] for r in rows] == ["<http://www.wikidata.org/entity/Q132899>"]
    assert rows[0]["wikidataDescription"] == '"placeholder description (test)"@en'


def test_places_coordinates(wdqs_fixture):
    rows, _ = _run("places-coordinates.rq", wdqs_fixture)
    items = {r["item"]: r for r in rows}
    assert set(items) == {"<http://www.wikidata.org/entity/Q167668>", "<http://www.wikidata.org/entity/Q1773>"}
    liepaja = items["<http://www.wikidata.org/entity/Q167668>"]
    assert "21.02762 56.53186" in liepaja["ourPoint"] and "21.02762 56.53186" in liepaja["wikidataPoint"]


def test_service_part_is_sent_with_bindings_and_a_polite_user_agent(fault_server):
    answer = {"head": {"vars": ["item", "born"]}, "results": {"bindings": [
        {"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q132899"},
         "born": {"type": "literal", "value": "1801-01-01T00:00:00Z", "datatype": "http://www.w3.org/2001/XMLSchema#dateTime"}}]}}
    fault_server.script = [("ok", json.dumps(answer))]
    rows, _ = _run("signatories-birth-dates.rq", fault_server.url)
    assert len(fault_server.requests) == 1
    sent = urllib.parse.parse_qs(fault_server.requests[0]["body"].decode())["query"][0]
    assert "VALUES (?item)" in sent and "<http://www.wikidata.org/entity/Q132899>" in sent
    assert "PREFIX wdt: <http://www.wikidata.org/prop/direct/>" in sent
    assert fault_server.requests[0]["headers"]["User-Agent"].startswith("lv-pact-1939-linker/")


def test_unbound_service_is_refused(wdqs_fixture):
    graph = federated.our_graph(Inputs.from_env())
    q = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?item <http://www.wikidata.org/prop/direct/P31> ?c } }"
    with pytest.raises(federated.FederationError, match="none of its variables bound"):
        federated.run_query(graph, q, wdqs_client.WdqsClient(endpoint=wdqs_fixture, pause=0))


def test_other_services_are_refused(wdqs_fixture):
    graph = federated.our_graph(Inputs.from_env())
    q = "SELECT * WHERE { ?s ?p ?o SERVICE <http://example.org/sparql> { ?s ?p ?o } } LIMIT 1"
    with pytest.raises(federated.FederationError, match="only SERVICE"):
        federated.run_query(graph, q, wdqs_client.WdqsClient(endpoint=wdqs_fixture, pause=0))


def test_cli_prints_tsv(wdqs_fixture, capsys):
    code = cli.main(["federated", str(federated.FEDERATED_DIR / "signatories-birth-dates.rq"),
                     "--endpoint", wdqs_fixture, "--pause", "0"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0] == "?person\t?name\t?item\t?born\t?died\t?image"
    assert len(out) == 3
