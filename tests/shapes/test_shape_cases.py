"""Every case file in cases/ is validated with the real shapes; what is reported must be exactly what the
case expects (same focus nodes, same messages, nothing more). Adding a case = adding one file."""

from __future__ import annotations

import pytest

from shapecases import case_files, describe, load_case, results, run_case, validate, world_graph

CASES = case_files()


def test_there_are_cases():
    assert len(CASES) > 0, "tests/shapes/cases/ is empty"


def test_base_world_conforms():
    """The world every case is merged with must itself be valid, or every case would fail for it."""
    conforms, report = validate(world_graph())
    assert conforms, "tests/shapes/base.ttl does not conform:\n" + describe(results(report))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path):
    case = load_case(path)
    conforms, got = run_case(case)
    if case.conforms:
        assert conforms and not got, f"{path.name} should conform, but validation reported:\n{describe(got)}"
    else:
        assert not conforms, f"{path.name} should not conform"
        missing = case.expected - got
        extra = got - case.expected
        assert not missing and not extra, (
            f"{path.name}:\nexpected but not reported:\n{describe(missing)}\n"
            f"reported but not expected:\n{describe(extra)}"
        )


# The build (pactkg.build.validate) computes the SPARQL-based targets on pyoxigraph, not rdflib, before pyshacl
# validates; most shapes here have such targets. Through the build, every case must report the same.
@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_through_the_build(path):
    from rdflib import Graph

    from pactkg.build.turtle_writer import short
    from pactkg.build.validate import validate_graph
    from shapecases import shapes_graph

    case = load_case(path)
    g = Graph()
    g += world_graph()
    g += case.data
    report = validate_graph(g, shapes_graph())
    got = {(r.focus, r.message) for r in report.results}
    expected = {(short(f), m) for f, m in case.expected}
    assert report.conforms == case.conforms
    assert got == expected, f"{path.name} through pactkg.build.validate:\nexpected {sorted(expected)}\ngot {sorted(got)}"
