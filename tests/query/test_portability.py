"""The same answers in other people's stores: every competency question answered by engines other than ours
(rdflib, Apache Jena ARQ) over the dump, and by ours over the dump's RDFS closure, matches queries/expected/.

Engines are real programs (Jena runs in its own JVM); nothing is mocked. A question an engine is known to
answer wrongly has its bug recorded beside it (NAME.engine-bugs.tsv) and is expected to fail there, strictly:
when the engine is fixed, the stale record fails the test. GeoSPARQL questions (queries/geosparql/) are not
asked of engines without GeoSPARQL.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from pactkg.query import competency_questions as cq
from pactkg.query import other_engines
from pactkg.query.results import Results

from . import rdfs_closure

QUESTIONS = cq.load_questions()


def _asked(engine: str) -> list[cq.Question]:
    return [q for q in QUESTIONS if other_engines.ENGINES[engine].asks(q)]


@pytest.fixture(scope="session")
def rdflib_answers(dump_file):
    return other_engines.rdflib_answers(dump_file, _asked("rdflib"))


@pytest.fixture(scope="session")
def jena_answers(dump_file):
    return other_engines.jena_answers(dump_file, _asked("jena"))


def _check(engine: str, q: cq.Question, answer: Results | str) -> None:
    problems = [f"{engine} failed: {answer}"] if isinstance(answer, str) else cq.check(q, answer)
    bug = other_engines.known_bugs(q).get(engine)
    if bug:
        assert problems, (f"{q.name}: {engine} now answers as expected; remove its record from "
                          f"{q.name}{other_engines.BUG_FILE_SUFFIX} ({bug['reference']})")
        pytest.xfail(f"known {engine} bug ({bug['reference']}): {bug['what']}")
    assert not problems, f"{q.name} on {engine}:\n" + "\n".join(problems)


@pytest.mark.parametrize("q", _asked("rdflib"), ids=lambda q: q.name)
def test_rdflib_gives_the_expected_answer(q, rdflib_answers):
    _check("rdflib", q, rdflib_answers[q.name])


@pytest.mark.parametrize("q", _asked("jena"), ids=lambda q: q.name)
def test_jena_gives_the_expected_answer(q, jena_answers):
    _check("jena", q, jena_answers[q.name])


@pytest.fixture(scope="session")
def rdfs_store(dump_file):
    store = ox.Store()
    store.bulk_load(path=str(dump_file), format=ox.RdfFormat.TURTLE)
    added = rdfs_closure.close(store)
    assert added > 0
    return store


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_same_answer_under_rdfs_entailment(q, rdfs_store):
    problems = cq.check(q, cq.answer(q, store=rdfs_store))
    assert not problems, f"{q.name} on the RDFS closure of the dump:\n" + "\n".join(problems)


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_same_answer_from_the_dump(q, dump_file):
    """Ours over the published dump (derived triples included) as over the sources."""
    store = _dump_store(dump_file)
    problems = cq.check(q, cq.answer(q, store=store))
    assert not problems, f"{q.name} on the dump:\n" + "\n".join(problems)


_STORES: dict = {}


def _dump_store(path):
    if path not in _STORES:
        _STORES[path] = ox.Store()
        _STORES[path].bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return _STORES[path]


# ---- the comparisons can fail ------------------------------------------------------------------------------


def test_each_engine_notices_a_changed_answer_and_reports_an_error(tmp_path):
    """Over a graph without the signing, cq-signatories differs from its expected answer on both engines,
    and a query with a syntax error comes back as the engine's message (one run of each engine)."""
    signatories = next(q for q in QUESTIONS if q.name == "cq-signatories")
    broken_file = tmp_path / "cq-broken.rq"
    broken_file.write_text("SELECT ?x WHERE { ?x ", encoding="utf-8")
    broken = cq.Question(broken_file, broken_file.read_text(encoding="utf-8"), {})
    data = tmp_path / "small.ttl"
    data.write_text("<https://example.org/x> <https://example.org/p> 1 .\n", encoding="utf-8")
    for engine in (other_engines.rdflib_answers, other_engines.jena_answers):
        answers = engine(data, [signatories, broken])
        assert isinstance(answers["cq-signatories"], Results) and cq.check(signatories, answers["cq-signatories"])
        assert isinstance(answers["cq-broken"], str) and answers["cq-broken"]


def test_rdfs_closure_adds_what_rdfs_entails():
    store = ox.Store()
    store.update("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX : <https://example.org/> "
                 "INSERT DATA { :p rdfs:domain :C ; rdfs:subPropertyOf :q . :C rdfs:subClassOf :D . :x :p :y }")
    rdfs_closure.close(store)
    asks = ["ASK { :x a :C }", "ASK { :x a :D }", "ASK { :x :q :y }", "ASK { :x a rdfs:Resource }"]
    for ask in asks:
        assert store.query("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX : <https://example.org/> "
                           + ask), ask


# ---- known engine bugs ---------------------------------------------------------------------------------------


def test_bug_records_are_well_formed():
    for q in QUESTIONS:
        other_engines.known_bugs(q)  # raises with file and line on a bad record


def test_a_bug_record_names_engine_versions_reference_and_what(tmp_path):
    q = cq.Question(tmp_path / "cq-x.rq", "SELECT * {}", {})
    record = tmp_path / f"cq-x{other_engines.BUG_FILE_SUFFIX}"
    record.write_text("engine\tversions\treference\twhat\n"
                      "jena\t4.5.0\thttps://example.org/bug\tSUM keeps the derived type\n", encoding="utf-8")
    assert other_engines.known_bugs(q)["jena"]["versions"] == "4.5.0"
    record.write_text("engine\tversions\treference\twhat\nvirtuoso\t7\tx\ty\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown engine 'virtuoso'"):
        other_engines.known_bugs(q)
    record.write_text("engine\tversions\treference\twhat\njena\t\tx\ty\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        other_engines.known_bugs(q)
