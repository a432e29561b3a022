"""No question grows faster than the data: on the synthetic graphs of 2 and of 4 copies (pactkg.build.benchmark,
as `make bench` makes them), each question gives at most twice the rows with twice the copies. A question
that pairs every X with every Y of the copies (N^2 rows: 4 times the rows) fails here, without timing anything.

Not against 1x: the copies repeat every evidence sentence verbatim, so a question that counts the sentences
several facts share (cq-shared-evidence) jumps once from 1x to any copies, and stays there: bounded, not growing.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from pactkg.build import benchmark
from pactkg.common import paths
from pactkg.query import competency_questions, embedded_store

QUESTIONS = competency_questions.load_questions()


def _store_of(copies: int, out):
    benchmark.write_copies(paths.DATA_DIR, copies, out)
    return embedded_store.open_store(embedded_store.default_files() + sorted(out.glob("*.ttl")))


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    return _store_of(2, tmp_path_factory.mktemp("copies2")), _store_of(4, tmp_path_factory.mktemp("copies4"))


@pytest.mark.parametrize("q", QUESTIONS, ids=[q.name for q in QUESTIONS])
def test_rows_grow_at_most_linearly(q, stores):
    at_2, at_4 = (len(competency_questions.answer(q, store=st).rows) for st in stores)
    assert at_4 <= 2 * max(at_2, 1), (
        f"{q.name}: {at_4} rows with 4 copies of the data against {at_2} with 2: the answer grows faster than "
        "the data (does it pair every X with every Y of the copies?)")


def _quantity(name: str, kind: str) -> list[ox.Triple]:
    q = ox.NamedNode(benchmark.LVD + name)
    return [ox.Triple(q, ox.NamedNode(benchmark.QUANTITY_KIND), ox.NamedNode("https://w3id.org/lv-pact-1939/ontology#" + kind))]


def test_one_of_a_kind_quantities_are_those_whose_kind_is_alone():
    triples = _quantity("demand", "kindDemand") + _quantity("sub-a", "kindAllocation") + _quantity("sub-b", "kindAllocation")
    assert benchmark.one_of_a_kind_quantities(triples) == {benchmark.LVD + "demand"}


def test_copies_share_the_demand_and_the_ceiling(tmp_path):
    benchmark.write_copies(paths.DATA_DIR, 2, tmp_path)
    text = "".join(f.read_text(encoding="utf-8") for f in sorted(tmp_path.glob("*.ttl")))
    assert "quantity-demanded-soldiers-50000>" in text  # the copy's demand points at the shared quantity
    assert "quantity-demanded-soldiers-50000-copy1" not in text
    assert "quantity-troop-ceiling-25000-copy1" not in text


def test_copies_share_the_translations(tmp_path):
    """One English rendering per distinct Latvian string, in the copies too: the copies quote the same words,
    and a copied rendering made every quoted string's page list N renderings times N quoting facts."""
    benchmark.write_copies(paths.DATA_DIR, 2, tmp_path)
    text = "".join(f.read_text(encoding="utf-8") for f in sorted(tmp_path.glob("*.ttl")))
    assert "/id/translation-krievu-copy1" not in text
    assert "ontology#Translation>" not in text  # no translation node is written again
    t = ox.Triple(ox.NamedNode(benchmark.LVD + "translation-x"), ox.NamedNode(benchmark.RDF_TYPE),
                  ox.NamedNode(benchmark.TRANSLATION))
    assert benchmark.translations([t]) == {benchmark.LVD + "translation-x"}
