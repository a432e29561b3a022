"""The build writes dist/ only when everything passes, deterministically, and never half."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from pactkg.build import pipeline
from pactkg.build import load

from .conftest import tree


def test_build_writes_dump_and_summary(project):
    dump = pipeline.build(project.inputs.dist_dir, project.inputs, log=lambda *_: None)
    assert dump == project.inputs.dist_dir / pipeline.DUMP_NAME
    assert dump.is_file() and (project.inputs.dist_dir / pipeline.SUMMARY_NAME).is_file()
    text = dump.read_text(encoding="utf-8")
    assert text.startswith("@prefix lvp: <https://w3id.org/lv-pact-1939/ontology#> .\n")
    assert "@prefix lvd: <https://w3id.org/lv-pact-1939/id/> ." in text


def test_two_builds_are_byte_identical(project, tmp_path):
    a = pipeline.build(tmp_path / "a" / "dist", project.inputs, log=lambda *_: None)
    b = pipeline.build(tmp_path / "b" / "dist", project.inputs, log=lambda *_: None)
    assert a.read_bytes() == b.read_bytes()
    assert (a.parent / pipeline.SUMMARY_NAME).read_bytes() == (b.parent / pipeline.SUMMARY_NAME).read_bytes()


def test_dump_round_trips_to_the_union_and_what_the_build_derives(project):
    """The dump is the sources plus the derived triples (pactkg.build.dump_graph), nothing else, nothing less."""
    from pactkg.build.dump_graph import dump_graph

    dump = pipeline.build(project.inputs.dist_dir, project.inputs, log=lambda *_: None)
    union = load.load_graph(project.inputs.graph_files())
    expected = dump_graph(union)
    again = Graph().parse(dump, format="turtle")
    assert len(again) == len(expected) > len(union)
    assert isomorphic(again, expected)


def test_cli_build_prints_conforms_line_and_summary(project):
    proc = project.pactkg("build")
    assert proc.returncode == 0, proc.stderr
    m = re.search(r"^SHACL validation: conforms \((\d+) triples, (\d+) shapes\)$", proc.stdout, re.M)
    assert m, proc.stdout
    assert int(m.group(1)) == len(load.load_graph(project.inputs.graph_files()))
    assert int(m.group(2)) == 2
    assert "QC checks: 1 check, all pass" in proc.stdout
    assert "entities per class" in proc.stdout
    assert (project.inputs.dist_dir / pipeline.DUMP_NAME).is_file()


def test_successful_build_replaces_the_whole_dist(project):
    dist = project.inputs.dist_dir
    dist.mkdir()
    (dist / "stale.txt").write_text("from an older build")
    pipeline.build(dist, project.inputs, log=lambda *_: None)
    assert not (dist / "stale.txt").exists()
    assert sorted(p.name for p in dist.iterdir()) == sorted([pipeline.DUMP_NAME, pipeline.SUMMARY_NAME])
    # No temporary directories are left beside dist/.
    assert sorted(p.name for p in dist.parent.iterdir() if p.name.startswith(".dist")) == []


def _previous_dist(project):
    dist = project.inputs.dist_dir
    dist.mkdir()
    (dist / pipeline.DUMP_NAME).write_text("# the previous dump\n")
    (dist / "site.html").write_text("<p>another target's file</p>")
    return tree(dist)


@pytest.mark.parametrize(
    "case, expected",
    [
        # A Turtle syntax error names the file and the line.
        ("broken-syntax.ttl", [r"broken-syntax\.ttl, line 7: Turtle syntax error"]),
        # ... the line where the file must be fixed, also where rdflib's own line count runs past it.
        ("unterminated-string.ttl", [r"unterminated-string\.ttl, line 13: Turtle syntax error",
                                     r"\n  13 \|         \"I\. Zotov@en \."]),
        # A shape violation: the message once, then one line per focus node with property path.
        (
            "violation-person-without-labels.ttl",
            [
                r"SHACL validation: does NOT conform: 2 violations",
                r"\[Violation\] lvps:PersonShape \(property rdfs:label\): A person needs a Latvian and an English "
                r"label \(rdfs:label\)\.  \(2 results\)",
                r"\n    lvd:a-kampe  rdfs:label\n    lvd:i-zotov  rdfs:label\n",
            ],
        ),
        # A QC check with rows.
        ("qc-signing-without-date.ttl", [r"QC checks: 1 of 1 failed", r"\[check signing-without-date\]",
                                         r"lvd:signing-without-date"]),
        # Evidence that is not verbatim.
        ("evidence-not-verbatim.ttl", [r"lvd:flight-to-moscow lvp:evidence 'izlidoja  uz Maskavu'",
                                       r"differs from the article only in spacing"]),
    ],
)
def test_failure_exits_nonzero_and_leaves_dist_untouched(project, case, expected):
    before = _previous_dist(project)
    project.add_case(case)
    proc = project.pactkg("build")
    assert proc.returncode != 0
    for pattern in expected:
        assert re.search(pattern, proc.stderr), f"{pattern!r} not in:\n{proc.stderr}"
    assert "dist/ was not changed" in proc.stderr
    assert tree(project.inputs.dist_dir) == before
    assert [p.name for p in project.root.iterdir() if p.name.startswith(".dist") and p.name != ".dist.lock"] == []


def test_missing_shapes_fail_plainly(project):
    project.inputs.shapes_file.unlink()
    before = _previous_dist(project)
    proc = project.pactkg("build")
    assert proc.returncode != 0
    assert "shapes.ttl: the SHACL shapes file is missing" in proc.stderr
    assert tree(project.inputs.dist_dir) == before


def test_build_function_raises_and_leaves_dist(project):
    before = _previous_dist(project)
    project.add_case("violation-person-without-labels.ttl")
    with pytest.raises(pipeline.BuildFailed, match="lvd:i-zotov"):
        pipeline.build(project.inputs.dist_dir, project.inputs, log=lambda *_: None)
    assert tree(project.inputs.dist_dir) == before


def test_validate_command_reports_and_fails(project):
    project.add_case("violation-person-without-labels.ttl")
    proc = project.pactkg("validate")
    assert proc.returncode == 1
    assert "lvd:i-zotov" in proc.stderr


def test_validate_command_names_file_and_line(project):
    project.add_case("broken-syntax.ttl")
    proc = project.pactkg("validate")
    assert proc.returncode == 1
    assert "broken-syntax.ttl, line 7" in proc.stderr


def test_the_fast_parser_reads_the_same_graph_as_rdflibs(tmp_path):
    """load.parse_file reads with pyoxigraph; the graph must be the one rdflib's Turtle parser reads, on the
    real files and on a file of awkward literals (blank node compared up to renaming)."""
    from pactkg.common import paths

    awkward = tmp_path / "awkward.ttl"
    awkward.write_text(
        '@prefix ex: <https://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
        'ex:a ex:p 12, -0.50, 1.0e3, true, "x", "y"@LV-lv, "z"^^xsd:string, "1939-10-05"^^xsd:date, '
        '"""two\nlines""", <rel> ; ex:q [ ex:r "in a blank node" ] .\n', encoding="utf-8")
    for f in [paths.ONTOLOGY_FILE, *paths.data_files(), awkward]:
        fast = load.parse_file(f)
        slow = Graph().parse(f, format="turtle")
        assert isomorphic(fast, slow), f


def test_a_file_the_fast_parser_refuses_gets_rdflibs_message(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:p ex:b .\nex:c ex:p .\n", encoding="utf-8")
    g = Graph()
    with pytest.raises(load.ParseError) as info:
        load.parse_file(bad, g)
    assert info.value.line == 3 and len(g) <= 1


@pytest.mark.parametrize("typed", [
    '"z"^^xsd:string', '"z"^^<http://www.w3.org/2001/XMLSchema#string>', '"z"^^\n    xsd:string',
    '"z"^^x:string', '"z"^^ξ:string',
])
def test_a_literal_typed_string_is_read_as_rdflib_reads_it(tmp_path, typed):
    """"z"^^xsd:string is not "z" to rdflib, but is to pyoxigraph: such a file, however the datatype is
    written, goes to rdflib's parser, both for the graph and for the streamed triples."""
    f = tmp_path / "typed.ttl"
    f.write_text('@prefix ex: <https://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                 '@prefix x: <http://www.w3.org/2001/XMLSchema#> .\n@prefix ξ: <http://www.w3.org/2001/XMLSchema#> .\n'
                 f'ex:a ex:p {typed} .\n', encoding="utf-8")
    slow = Graph().parse(f, format="turtle")
    assert len(slow) == 1 and next(iter(slow))[2].datatype is not None
    assert isomorphic(load.parse_file(f), slow)
    assert set(load.stream_triples(f)) == set(slow)


def test_a_range_of_xsd_string_does_not_send_the_file_to_rdflib(tmp_path):
    """Only a typed literal does: the dump declares `rdfs:range xsd:string` and is read by pyoxigraph."""
    f = tmp_path / "range.ttl"
    f.write_text('@prefix ex: <https://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                 'ex:p ex:range xsd:string ; ex:q "xsd:string" .\n', encoding="utf-8")
    assert load._rdflib_triples(f) is not None
    assert isomorphic(load.parse_file(f), Graph().parse(f, format="turtle"))


def test_each_term_is_one_object_across_files_and_graphs(tmp_path):
    """A term in two files, or in the shapes and the data, is one object (load.load_graph's `terms`)."""
    a, b, c = (tmp_path / name for name in ("a.ttl", "b.ttl", "c.ttl"))
    a.write_text('@prefix ex: <https://example.org/> .\nex:s ex:p ex:o , "x"@lv .\n', encoding="utf-8")
    b.write_text('@prefix ex: <https://example.org/> .\nex:o ex:p ex:s , "x"@lv .\n', encoding="utf-8")
    c.write_text('@prefix ex: <https://example.org/> .\nex:shape ex:path ex:p .\n', encoding="utf-8")
    terms: dict = {}
    shapes = load.load_graph([c], terms)
    graph = load.load_graph([a, b], terms)
    objects = {}
    for triple in [*graph, *shapes]:
        for term in triple:
            assert objects.setdefault(term, term) is term, term
    assert len(graph) == 4 and len(objects) == 6


def test_streamed_triples_are_the_files_graph(tmp_path):
    from pactkg.common import paths

    for f in [paths.ONTOLOGY_FILE, *paths.data_files()[:3]]:
        assert set(load.stream_triples(f)) == set(load.parse_file(f)), f
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:p ex:b .\nex:c ex:p .\n", encoding="utf-8")
    with pytest.raises(load.ParseError) as info:
        list(load.stream_triples(bad))
    assert info.value.line == 3


def test_the_graph_is_let_go_before_the_qc_store(project, monkeypatch):
    """The dump's rdflib graph is gone by the time the QC checks' store is filled, so that the two are never
    held at once (the build's peak memory); nothing reads it after the dump is written."""
    import weakref

    from pactkg.build import qc_checks

    refs, alive_at_qc = [], []
    real_dump_graph, real_run_checks = pipeline.dump_graph, qc_checks.run_checks

    def dump_graph(graph, **kw):
        out = real_dump_graph(graph, **kw)
        refs.append(weakref.ref(out))
        return out

    def run_checks(store, checks_dir, *args):
        alive_at_qc.append(refs[0]() is not None)
        return real_run_checks(store, checks_dir, *args)

    monkeypatch.setattr(pipeline, "dump_graph", dump_graph)
    monkeypatch.setattr(qc_checks, "run_checks", run_checks)
    pipeline.build(project.inputs.dist_dir, project.inputs, log=lambda *_: None)
    assert alive_at_qc == [False]


# -- the QC checks in a copy forked at the start, beside the validation (QC_ASIDE_FROM_BYTES)

def _build_logged(project, dist, monkeypatch, aside: bool):
    from pactkg.common import fork_task

    monkeypatch.setattr(pipeline, "QC_ASIDE_FROM_BYTES", 0 if aside else 10**15)
    forked = []
    real = fork_task.Standby.__init__

    def spy(self, func, fork):
        real(self, func, fork)
        forked.append(self.forked)

    monkeypatch.setattr(fork_task.Standby, "__init__", spy)
    lines: list[str] = []
    pipeline.build(dist, project.inputs, log=lines.append)
    assert forked == [aside]
    return [line.replace(str(dist), "DIST") for line in lines]


def test_qc_aside_gives_the_same_dump_summary_and_report(project, tmp_path, monkeypatch):
    here = _build_logged(project, tmp_path / "here" / "dist", monkeypatch, aside=False)
    aside = _build_logged(project, tmp_path / "aside" / "dist", monkeypatch, aside=True)
    assert here == aside and any(line.startswith("QC checks:") for line in aside)
    for name in (pipeline.DUMP_NAME, pipeline.SUMMARY_NAME):
        assert (tmp_path / "here" / "dist" / name).read_bytes() == (tmp_path / "aside" / "dist" / name).read_bytes()


@pytest.mark.parametrize("aside", [False, True])
def test_the_sources_are_validated_not_the_dump(project, monkeypatch, aside):
    """The dump is written before the validation: the graph validated is the sources, as parsed."""
    seen = _spy_validation(monkeypatch)
    monkeypatch.setattr(pipeline, "QC_ASIDE_FROM_BYTES", 0 if aside else 10**15)
    pipeline.build(project.inputs.dist_dir, project.inputs, log=lambda *_: None)
    assert [set(graph) for graph, _ in seen] == [set(load.load_graph(project.inputs.graph_files()))]


def _spy_validation(monkeypatch) -> list[tuple[set, set]]:
    """(the data graph's triples, the prepared shapes' triples) of each validation, as it starts."""
    from pactkg.build import validate

    seen = []
    real = validate.validate_prepared

    def spy(graph, prepared, shapes):
        seen.append((set(graph), set(prepared)))
        return real(graph, prepared, shapes)

    monkeypatch.setattr(validate, "validate_prepared", spy)
    return seen


@pytest.mark.parametrize("aside", [False, True])
def test_a_qc_failure_found_aside_fails_the_build(project, monkeypatch, aside):
    monkeypatch.setattr(pipeline, "QC_ASIDE_FROM_BYTES", 0 if aside else 10**15)
    before = _previous_dist(project)
    project.add_case("qc-signing-without-date.ttl")
    with pytest.raises(pipeline.BuildFailed, match=r"(?s)QC checks: 1 of 1 failed.*lvd:signing-without-date"):
        pipeline.build(project.inputs.dist_dir, project.inputs, log=lambda *_: None)
    assert tree(project.inputs.dist_dir) == before


@pytest.mark.parametrize("aside", [False, True])
def test_a_shape_violation_is_reported_before_a_qc_failure(project, monkeypatch, aside):
    """Both broken: the SHACL report, as when the QC checks ran after the validation."""
    monkeypatch.setattr(pipeline, "QC_ASIDE_FROM_BYTES", 0 if aside else 10**15)
    project.add_case("qc-signing-without-date.ttl")
    project.add_case("violation-person-without-labels.ttl")
    with pytest.raises(pipeline.BuildFailed, match="SHACL validation: does NOT conform") as info:
        pipeline.build(project.inputs.dist_dir, project.inputs, log=lambda *_: None)
    assert "QC checks" not in str(info.value)


@pytest.mark.parametrize("violation", [False, True])
def test_a_dump_that_cannot_be_written_fails_after_the_checks(project, monkeypatch, violation):
    """Writing the dump fails (a full disk): invalid data still gets its SHACL report; valid data gets the error."""
    def full(graph, path, prefixes=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline, "write_turtle", full)
    monkeypatch.setattr(pipeline, "QC_ASIDE_FROM_BYTES", 0)
    if violation:
        project.add_case("violation-person-without-labels.ttl")
    before = _previous_dist(project)
    with pytest.raises(pipeline.BuildFailed if violation else OSError,
                       match="does NOT conform" if violation else "No space left"):
        pipeline.build(project.inputs.dist_dir, project.inputs, log=lambda *_: None)
    assert tree(project.inputs.dist_dir) == before


def test_a_check_that_is_no_query_is_one_message_aside(project, monkeypatch):
    monkeypatch.setattr(pipeline, "QC_ASIDE_FROM_BYTES", 0)
    (project.inputs.checks_dir / "broken.rq").write_text("SELECT ?x WHERE { ?x ", encoding="utf-8")
    with pytest.raises(pipeline.BuildFailed, match=r"broken\.rq: not a valid SPARQL query"):
        pipeline.build(project.inputs.dist_dir, project.inputs, log=lambda *_: None)


def test_a_qc_copy_that_dies_is_one_message(project, monkeypatch):
    import os

    monkeypatch.setattr(pipeline, "QC_ASIDE_FROM_BYTES", 0)
    monkeypatch.setattr(pipeline, "_qc_of_dump", lambda *a: os._exit(9))
    with pytest.raises(pipeline.BuildFailed, match=r"The QC checks could not be run on the dump: .*exit code 9"):
        pipeline.build(project.inputs.dist_dir, project.inputs, log=lambda *_: None)


def _build_error(project, monkeypatch, aside: bool) -> str:
    monkeypatch.setattr(pipeline, "QC_ASIDE_FROM_BYTES", 0 if aside else 10**15)
    with pytest.raises(load.ParseError) as info:
        pipeline.build(project.inputs.dist_dir, project.inputs, log=lambda *_: None)
    return str(info.value)


@pytest.mark.parametrize("files", [
    # pyoxigraph refuses the first (an IRI with a space), rdflib reads it; both refuse the second
    {"a-space.ttl": "<https://w3id.org/lv-pact-1939/id/a b> <http://www.w3.org/2000/01/rdf-schema#label> \"x\"@en .\n",
     "b-broken.ttl": "@prefix ex: <https://example.org/> .\nex:c ex:p .\n"},
    {"b-broken.ttl": "@prefix ex: <https://example.org/> .\nex:c ex:p .\n"},
    {"a-space.ttl": "<https://w3id.org/lv-pact-1939/id/a b> <http://www.w3.org/2000/01/rdf-schema#label> \"x\"@en .\n"},
], ids=["both", "rdflib-refuses", "pyoxigraph-refuses"])
def test_a_file_refused_while_the_sources_store_is_made_aside_gets_the_same_message(project, monkeypatch, files):
    """Large builds make the sources' store in a forked copy while the graph is parsed here: a refused file
    still gets the message (file, line) that it gets when the store is made first, here."""
    for name, text in files.items():
        (project.inputs.data_dir / name).write_text(text, encoding="utf-8")
    here = _build_error(project, monkeypatch, aside=False)
    assert _build_error(project, monkeypatch, aside=True) == here
    assert sorted(files)[0] in here


@pytest.mark.parametrize("aside", [False, True])
def test_the_shapes_pyshacl_runs_are_the_same_when_prepared_aside(project, monkeypatch, aside):
    """The SPARQL-based targets answered in the copy: the same prepared shapes as answered here."""
    import shutil

    from pactkg.build import qc_checks, validate
    from pactkg.common import paths

    calls = _spy_validation(monkeypatch)
    shutil.copy(paths.ROOT / "ontology" / "shapes.ttl", project.inputs.shapes_file)  # the real shapes: SPARQL targets
    monkeypatch.setattr(pipeline, "QC_ASIDE_FROM_BYTES", 0 if aside else 10**15)
    try:
        pipeline.build(project.inputs.dist_dir, project.inputs, log=lambda *_: None)
    except pipeline.BuildFailed:
        pass  # the fixture's data need not meet every real shape: the shapes pyshacl was given are what counts
    shapes = validate.load_shapes(project.inputs.shapes_file)
    expected = validate.prepare_shapes(shapes, qc_checks.store_from_files(project.inputs.graph_files()))
    assert len(calls) == 1
    prepared = Graph()
    for t in calls[0][1]:
        prepared.add(t)
    assert (None, validate.SH.targetNode, None) in prepared
    assert isomorphic(prepared, expected)


# -- the evidence, quoted-words and geometry checks in the early copy, on its store (store_graph)

INTEGRITY = Path(__file__).parent / "integrity_cases"
TWO_POINTS_OUT = """@prefix lvp: <https://w3id.org/lv-pact-1939/ontology#> .
@prefix lvd: <https://w3id.org/lv-pact-1939/id/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
lvd:riga lvp:geometry lvd:geometry-riga-2 , lvd:geometry-riga-3 .
lvd:geometry-riga-2 wgs:lat "57.4"^^xsd:decimal ; wgs:long "23.7"^^xsd:decimal .
lvd:geometry-riga-3 wgs:lat "57.5"^^xsd:decimal ; wgs:long "23.8"^^xsd:decimal .
"""


def _graph_checks_run_here(monkeypatch) -> list[str]:
    """The checks run by this process (a copy's calls land in its own copy of the list, never seen here)."""
    here: list[str] = []
    for module, name in ((pipeline.evidence_check, "evidence"), (pipeline.quoted_words_check, "quoted"),
                         (pipeline.geometry_check, "geometry")):
        real = module.report if name != "geometry" else module.misplaced

        def spy(graph, *args, _real=real, _name=name, **kwargs):
            here.append(_name)
            return _real(graph, *args, **kwargs)

        monkeypatch.setattr(module, "report" if name != "geometry" else "misplaced", spy)
    return here


def _checked(project, aside: bool) -> tuple[str, list[str], list[str]]:
    """(the build's failure message or "", its log, the graph checks this process ran itself)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "QC_ASIDE_FROM_BYTES", 0 if aside else 10**15)
        here = _graph_checks_run_here(mp)
        lines: list[str] = []
        try:
            pipeline.build(project.inputs.dist_dir, project.inputs, log=lines.append)
            failure = ""
        except pipeline.BuildFailed as exc:
            failure = str(exc)
    return failure, [line for line in lines if not line.startswith("Wrote ")], here


@pytest.mark.parametrize("case, expected", [
    ("evidence-not-verbatim.ttl", "Evidence check: 1 of 3 fragments are not exact substrings"),
    ("quoted-words-english-note.ttl", "Quoted words: 1 quotation(s)"),
    (INTEGRITY / "geometry-riga-in-the-gulf.ttl", "Geometry: 1 place(s) outside Latvia's outline"),
    (INTEGRITY / "geometry-line-lat-long-swapped.ttl", "Geometry: 1 place(s) outside Latvia's outline"),
    (None, ""),
], ids=["evidence", "quoted-words", "geometry", "geometry-line", "passing"])
def test_the_graph_checks_found_in_the_copy_are_the_same(project, monkeypatch, case, expected):
    """A large build takes each check's outcome from the copy, which found it on its store: the same failure
    message, byte for byte, or the same lines logged, as this process finds on its rdflib graph."""
    if isinstance(case, Path):
        shutil.copy(case, project.inputs.data_dir / case.name)
    elif case is not None:
        project.add_case(case)
    failure, logged, here = _checked(project, aside=False)
    assert failure.startswith(expected)
    assert _checked(project, aside=True) == (failure, logged, [])  # none of them run here
    assert here  # and here, unforked, they were


def test_several_points_of_one_place_outside_are_listed_here(project, monkeypatch):
    """Their order is the order parsed, which the copy's store does not know: this process lists them."""
    shutil.copy(INTEGRITY / "geometry-riga-in-the-gulf.ttl", project.inputs.data_dir)
    (project.inputs.data_dir / "more-points.ttl").write_text(TWO_POINTS_OUT, encoding="utf-8")
    failure, logged, _ = _checked(project, aside=False)
    assert failure.startswith("Geometry: 3 place(s)")
    assert _checked(project, aside=True) == (failure, logged, ["geometry"])


def test_a_missing_outline_is_the_same_message_from_the_copy(project, monkeypatch, tmp_path):
    monkeypatch.setattr(pipeline.geometry_check, "outline_path", lambda: tmp_path / "nowhere.geojson")
    for aside in (False, True):
        monkeypatch.setattr(pipeline, "QC_ASIDE_FROM_BYTES", 0 if aside else 10**15)
        with pytest.raises(pipeline.BuildFailed, match=r"nowhere\.geojson: cannot read Latvia's outline"):
            pipeline.build(project.inputs.dist_dir, project.inputs, log=lambda *_: None)


@pytest.mark.parametrize("trouble", ["dies", "raises", "typed-string"])
def test_without_the_copy_s_outcomes_the_checks_run_here(project, monkeypatch, trouble):
    """The copy dies or fails after sending the targets' answers, or a file is read by rdflib (a literal typed
    xsd:string): each check is then run here, with the same outcome."""
    import os

    project.add_case("evidence-not-verbatim.ttl")
    if trouble == "typed-string":
        (project.inputs.data_dir / "typed.ttl").write_text(
            '<https://w3id.org/lv-pact-1939/id/x> <http://www.w3.org/2000/01/rdf-schema#comment> '
            '"x"^^<http://www.w3.org/2001/XMLSchema#string> .\n', encoding="utf-8")
    failure, logged, _ = _checked(project, aside=False)
    assert failure.startswith("Evidence check: 1 of 3")
    if trouble == "dies":
        monkeypatch.setattr(pipeline, "_graph_checks_aside", lambda *a: os._exit(5))
    elif trouble == "raises":
        monkeypatch.setattr(pipeline.store_graph, "StoreGraph", None)
    assert _checked(project, aside=True) == (failure, logged, ["evidence"])  # here: the first to fail
