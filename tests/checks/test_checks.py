"""The QC queries (queries/checks/*.rq): each finds its problem in a small graph made to have it, finds
nothing in the ontology alone, and finds nothing in the real data.

A case file tests/checks/cases/NAME.ttl (or NAME--variant.ttl) belongs to queries/checks/NAME.rq; it is
loaded together with the ontology, because several checks reason over the class hierarchy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pactkg.common import paths
from pactkg.query import embedded_store

CASES_DIR = Path(__file__).parent / "cases"
CHECKS = sorted(paths.CHECKS_DIR.glob("*.rq"))
CASES = sorted(CASES_DIR.glob("*.ttl"))


def check_for(case: Path) -> Path:
    return paths.CHECKS_DIR / (case.stem.split("--")[0] + ".rq")


def rows(st, check: Path):
    return embedded_store.run(st, check.read_text(encoding="utf-8"), str(check)).rows


def test_there_are_checks_and_cases():
    assert len(CHECKS) >= 10
    assert len(CASES) >= len(CHECKS)


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_every_check_has_a_negative_case(check: Path):
    cases = [c for c in CASES if check_for(c) == check]
    assert cases, f"no tests/checks/cases/{check.stem}.ttl makes {check.name} return rows"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_case_belongs_to_a_check(case: Path):
    assert check_for(case).is_file(), f"{case.name}: no queries/checks/{check_for(case).name}"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_check_finds_the_problem_in_its_case(case: Path):
    st = embedded_store.open_store([paths.ONTOLOGY_FILE, case])
    found = rows(st, check_for(case))
    assert found, f"{check_for(case).name} returned no rows on {case.name}, which was made to fail it"


@pytest.fixture(scope="module")
def ontology_store():
    return embedded_store.open_store([paths.ONTOLOGY_FILE])


@pytest.fixture(scope="module")
def real_store():
    return embedded_store.open_store()


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_is_a_select_and_clean_on_the_ontology(check: Path, ontology_store):
    result = embedded_store.run(ontology_store, check.read_text(encoding="utf-8"), str(check))
    assert result.kind == "bindings", "a check must be a SELECT (its rows are the problems)"
    assert result.rows == []


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_passes_on_the_real_data(check: Path, real_store):
    found = rows(real_store, check)
    shown = "\n".join(", ".join("" if t is None else t.display() for t in r) for r in found[:10])
    assert not found, f"{check.name} finds {len(found)} problem(s) in data/:\n{shown}"


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_says_what_it_checks(check: Path):
    first = check.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and len(first) > 20, "start with a comment saying what the check finds"
    assert "Fix:" in check.read_text(encoding="utf-8"), "say how to fix what the check finds (a '# Fix:' line)"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_check_finds_the_problem_in_its_case_as_dumped(case: Path):
    """The build runs the checks on the dump it writes (the sources plus the derived triples of dump_graph),
    not on the sources: what the derived triples add must not hide a problem."""
    import pyoxigraph as ox

    from pactkg.build import load
    from pactkg.build.dump_graph import dump_graph
    from pactkg.build.turtle_writer import to_turtle

    st = ox.Store()
    turtle = to_turtle(dump_graph(load.load_graph([paths.ONTOLOGY_FILE, case])))
    st.bulk_load(input=turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    found = rows(st, check_for(case))
    assert found, f"{check_for(case).name} returned no rows on the dump of {case.name}, which was made to fail it"
