"""The experimental RDF 1.2 edition carries the same facts and the same provenance as the main dump, one to one."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
import pytest

from pactkg.publish import rdf12_edition as r12

from .support import DUMP


@pytest.fixture(scope="module")
def editions(released):
    main = [q.triple for q in ox.parse((released / f"{DUMP}.nt").read_bytes(), format=ox.RdfFormat.N_TRIPLES)]
    ttl = [q.triple for q in ox.parse((released / r12.DIR / f"{DUMP}.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)]
    nt = [q.triple for q in ox.parse((released / r12.DIR / f"{DUMP}.nt").read_bytes(), format=ox.RdfFormat.N_TRIPLES)]
    return main, ttl, nt


def test_turtle_and_ntriples_editions_are_one_graph(editions):
    _main, ttl, nt = editions
    assert set(ttl) == set(nt)


def test_the_main_dump_is_rebuilt_exactly(editions):
    main, ttl, _nt = editions
    assert set(r12.main_form(ttl)) == set(main)


def test_same_facts_asserted(editions):
    """Every triple of the main dump except the provenance of annotated facts is asserted unchanged."""
    main, ttl, _nt = editions
    asserted = {t for t in ttl if t.predicate != r12.REIFIES and not str(t.subject.value).count("#stmt-")}
    moved = {t for t in main if t.predicate in r12.PROVENANCE} - asserted
    assert asserted | moved == set(main)
    assert moved, "no provenance was moved into annotations"


def test_each_sourced_statement_carries_its_facts_provenance(editions):
    main, ttl, _nt = editions
    prov = defaultdict(set)
    for t in main:
        if t.predicate in r12.PROVENANCE:
            prov[t.subject].add((t.predicate, t.object))
    reifies, notes = {}, defaultdict(set)
    for t in ttl:
        if t.predicate == r12.REIFIES:
            reifies[t.subject] = t.object
        elif "#stmt-" in t.subject.value:
            notes[t.subject].add((t.predicate, t.object))
    assert reifies
    main_set = set(main)
    for reifier, triple in reifies.items():
        assert triple in main_set, f"{reifier} reifies a triple the main dump does not assert"
        assert triple.predicate not in r12.NOT_SOURCED
        assert notes[reifier] == prov[triple.subject], f"{reifier}: provenance differs from its fact's"
    # one to one: every sourced statement of a fact with provenance has exactly one reifier
    expected = {t for t in main if t.subject in prov and t.predicate not in r12.NOT_SOURCED}
    assert sorted(map(str, reifies.values())) == sorted(map(str, expected))


def test_the_edition_says_it_is_rdf_1_2(released):
    text = (released / r12.DIR / f"{DUMP}.ttl").read_text(encoding="utf-8")
    assert "rdf:reifies <<(" in text


def test_prefix_lines_are_dropped_whatever_the_chunks(tmp_path):
    """The Turtle is filtered as pyoxigraph writes it, in chunks that need not end at a line's end."""
    import io

    from pactkg.publish.rdf12_edition import _WithoutPrefixLines

    text = b"@prefix a: <http://a/> .\n@prefix b: <http://b/> .\n\na:x a:p \"@prefix \" .\nb:y b:q 1 ."
    for size in (1, 3, 7, len(text)):
        out = io.BytesIO()
        stream = _WithoutPrefixLines(out)
        for i in range(0, len(text), size):
            stream.write(text[i:i + size])
        stream.close()
        assert out.getvalue() == b"\na:x a:p \"@prefix \" .\nb:y b:q 1 ."
    # Whole chunks without a line to drop are passed on as they are; a "@prefix " line further on is still dropped.
    later = b"a:x a:p 1 .\n" * 5 + b"@prefix c: <http://c/> .\n" + b"b:y b:q 2 .\n" * 5 + b"@prefix d: <http://d/> ."
    for size in (1, 4, 12, 30, len(later)):
        out = io.BytesIO()
        stream = _WithoutPrefixLines(out)
        for i in range(0, len(later), size):
            stream.write(later[i:i + size])
        stream.close()
        assert out.getvalue() == b"a:x a:p 1 .\n" * 5 + b"b:y b:q 2 .\n" * 5


def test_the_edition_refuses_triples_not_grouped_by_subject():
    """Each subject is turned into its edition at once, so its triples must come together (as the sorted
    N-Triples dump gives them); a subject seen again later would be half annotated: refused."""
    import pyoxigraph as ox

    a, b, p = (ox.NamedNode(f"https://example.org/{x}") for x in ("a", "b", "p"))
    grouped = [ox.Triple(a, p, b), ox.Triple(a, p, a), ox.Triple(b, p, a)]
    assert len(list(r12.edition_lines(grouped))) == 3
    with pytest.raises(ValueError, match="not grouped by subject"):
        r12.edition_lines([ox.Triple(a, p, b), ox.Triple(b, p, a), ox.Triple(a, p, a)])


def test_runs_spilled_to_files_give_the_lines_of_one_sort(tmp_path, released):
    """Sorted in runs of 100 lines, each in a file, then merged: the same lines, in the same order, each once."""
    nt = released / f"{DUMP}.nt"
    triples = lambda: (q.triple for q in ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES))  # noqa: E731
    whole = list(r12.edition_lines(triples()))
    spilled = list(r12.edition_lines(triples(), tmp_path, run=100))
    assert len(list(tmp_path.iterdir())) > 10  # it did spill
    assert spilled == whole and len(set(whole)) == len(whole)


def test_the_lines_of_the_file_are_those_of_its_triples(tmp_path, released):
    """edition_lines_of_file, which takes the lines of subjects the edition keeps as they are, gives the
    lines edition_lines gives from the file's triples parsed: on the release's N-Triples (both kinds of
    subject), spilled or not; and on a file whose last line has no newline."""
    nt = released / f"{DUMP}.nt"
    whole = list(r12.edition_lines(q.triple for q in ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES)))
    assert any("#stmt-" in line for line in whole)
    assert list(r12.edition_lines_of_file(nt)) == whole
    (tmp_path / "runs").mkdir()
    assert list(r12.edition_lines_of_file(nt, tmp_path / "runs", run=100)) == whole
    cut = tmp_path / "cut.nt"
    cut.write_bytes(nt.read_bytes()[:-1])  # no final newline: the last subject's lines are parsed
    assert list(r12.edition_lines_of_file(cut)) == whole


def test_a_file_not_grouped_by_subject_is_refused(tmp_path):
    a, b, p = "<https://example.org/a>", "<https://example.org/b>", "<https://example.org/p>"
    nt = tmp_path / "main.nt"
    nt.write_text(f"{a} {p} {b} .\n{b} {p} {a} .\n{a} {p} {a} .\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not grouped by subject"):
        list(r12.edition_lines_of_file(nt))


def test_a_line_in_several_runs_is_written_once(tmp_path):
    a, b = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b")
    p = ox.NamedNode("https://example.org/p")
    # A line can come from two subjects' turns (a reifier's annotation), so from two runs: merged, it is once.
    runs = [r12._spill({f"{a} {p} {b}", f"{b} {p} {a}"}, tmp_path / "1"), r12._spill({f"{a} {p} {b}"}, tmp_path / "2")]
    assert list(r12._merged(runs)) == [f"{a} {p} {b}", f"{b} {p} {a}"]


def test_a_line_given_twice_in_one_run_is_written_once(tmp_path):
    """A run is a list in the groups' order (not a set): its lines are sorted and each kept once, spilled or
    not."""
    groups = [("b", ["b 2", "a 1", "b 2"]), ("a", ["a 1", "c 3"]), ("c", ["a 1"])]
    assert list(r12._sorted_unique(iter(groups), None, 100)) == ["a 1", "b 2", "c 3"]
    assert list(r12._sorted_unique(iter(groups), tmp_path, 2)) == ["a 1", "b 2", "c 3"]
    assert len(list(tmp_path.iterdir())) == 3  # spilled: two runs of two groups' lines or more, and the rest
    assert (tmp_path / "run-0.nt").read_text(encoding="utf-8") == "a 1\nb 2\n"
