"""The competency questions: every question answers as its expected file says (as a set, and in order where
the query has ORDER BY), each is documented in English and Latvian, and every kind of question is covered."""

from __future__ import annotations

import pytest

from pactkg.query import competency_questions
from pactkg.query import embedded_store
from pactkg.query.competency_questions import KINDS, Question, check, for_file, load_questions
from pactkg.query.results import Results, Term, compare, read_results_file

QUESTIONS = load_questions()


def test_there_are_at_least_40_questions():
    assert len(QUESTIONS) >= 40


def test_every_kind_of_question_is_covered():
    kinds = {q.kind for q in QUESTIONS}
    assert set(KINDS) <= kinds, f"missing kinds: {set(KINDS) - kinds}"


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_question_is_documented(q: Question):
    assert "?" in q.english and len(q.english) > 15, "an English question (# EN: …?)"
    assert "?" in q.latvian and len(q.latvian) > 15, "a Latvian question (# LV: …?)"
    assert q.header.get("Shows"), "what the answer shows (# Shows: …)"
    assert q.kind in KINDS, f"# Kind: one of {KINDS}"


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_answer_matches_expected(q: Question, real_store):
    problems = check(q, competency_questions.answer(q, store=real_store))
    assert not problems, f"{q.name}: " + "\n".join(problems) + (
        "\nIf the data changed on purpose, run `make queries-expected` and review the diff of queries/expected/.")


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_expected_file_is_what_regeneration_writes(q: Question, real_store, tmp_path):
    """Byte-identical: the files are deterministic, so a regenerated file differs only when an answer does."""
    competency_questions.write_expected(q, competency_questions.answer(q, store=real_store), tmp_path)
    assert (tmp_path / f"{q.name}.srj").read_bytes() == q.expected_path().read_bytes()


def test_answers_are_not_empty(real_store):
    empty = [q.name for q in QUESTIONS if not competency_questions.answer(q, store=real_store).rows]
    assert not empty, f"questions with no answer: {empty}"


# ---- the comparison catches changes --------------------------------------------------------------


def test_a_change_in_the_data_fails_the_question(tmp_path):
    """Remove one signatory from the data: cq-signatories no longer matches its expected answer."""
    import pyoxigraph as ox

    st = embedded_store.open_store()
    signing = ox.NamedNode("https://w3id.org/lv-pact-1939/id/signing-of-the-pact")
    signatory = ox.NamedNode("https://w3id.org/lv-pact-1939/ontology#signatory")
    munters = ox.NamedNode("https://w3id.org/lv-pact-1939/id/vilhelms-munters")
    st.remove(ox.Quad(signing, signatory, munters, ox.DefaultGraph()))
    q = next(q for q in QUESTIONS if q.name == "cq-signatories")
    problems = check(q, competency_questions.answer(q, store=st))
    assert any(p.startswith("missing row:") and "Vilhelms Munters" in p for p in problems)


def _results(*values: str) -> Results:
    return Results(["x"], [(Term.literal(v),) for v in values])


def test_compare_as_sets_and_in_order():
    assert compare(_results("a", "b"), _results("b", "a"), ordered=False) == []
    assert compare(_results("a", "b"), _results("b", "a"), ordered=True)[0].startswith("order differs at row 1")
    assert compare(_results("a"), _results("a", "a"), ordered=False) == ["missing row: (a)"]
    assert compare(_results("a", "c"), _results("a"), ordered=False) == ["unexpected row: (c)"]


def test_language_and_datatype_count_in_the_comparison():
    a = Results(["x"], [(Term.literal("Riga", lang="en"),)])
    b = Results(["x"], [(Term.literal("Riga", lang="lv"),)])
    c = Results(["x"], [(Term.literal("1939", "http://www.w3.org/2001/XMLSchema#gYear"),)])
    d = Results(["x"], [(Term.literal("1939", "http://www.w3.org/2001/XMLSchema#integer"),)])
    assert compare(a, b, ordered=False) and compare(c, d, ordered=False)


def test_ordered_detection_ignores_comments_and_strings():
    assert competency_questions.is_ordered("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s")
    assert not competency_questions.is_ordered('# ORDER BY in a comment\nSELECT * WHERE { ?s ?p "ORDER BY" }')


def test_expected_csv_files_are_read_too(tmp_path):
    (tmp_path / "q.csv").write_text("x\r\na\r\nb\r\n", encoding="utf-8")
    expected = read_results_file(tmp_path / "q.csv")
    q = Question(tmp_path / "q.rq", "SELECT ?x WHERE {}", {})
    assert check(q, _results("b", "a"), tmp_path) == []
    assert check(q, _results("a"), tmp_path) == ["missing row: (b)"]
    assert expected.variables == ["x"]


def test_unordered_answers_are_written_sorted():
    q = Question(competency_questions.paths.QUERIES_DIR / "x.rq", "SELECT ?x WHERE {}", {})
    assert [r[0].value for r in for_file(q, _results("b", "a")).rows] == ["a", "b"]


def test_questions_answered_in_two_processes_print_the_same(monkeypatch, capsys):
    """On a large store `pactkg questions` forks a second process after loading (pactkg.common.fork_map);
    the printed answers are the same bytes, in the same order, as answered one after the other."""
    from pactkg import cli
    from pactkg.common import fork_map

    used = []
    real = fork_map.fork_map
    monkeypatch.setattr(fork_map, "fork_map", lambda f, items, workers: used.append(workers) or real(f, items, workers))
    monkeypatch.setattr(competency_questions, "PARALLEL_FROM_BYTES", 10 ** 12)
    assert cli.main(["questions"]) == 0
    serial = capsys.readouterr().out
    monkeypatch.setattr(competency_questions, "PARALLEL_FROM_BYTES", 0)
    assert cli.main(["questions"]) == 0
    assert capsys.readouterr().out == serial
    assert used[0] == 1 and used[1] == min(2, fork_map.cpu_count())


_LARGE_STORE_RUN = """
import atexit, sys
from pactkg import cli
from pactkg.query import competency_questions as cq
cq.EXIT_WITHOUT_FREEING_FROM_BYTES = int(sys.argv[1])
if sys.argv[2] == "fail":
    cq.check = lambda q, results: ["made to differ"]
atexit.register(lambda: print("torn down", file=sys.stderr))
sys.exit(cli.main(sys.argv[3:]))
"""


@pytest.mark.parametrize("verdict, code", [("pass", 0), ("fail", 1)])
def test_a_large_store_is_left_to_the_end_of_the_process(verdict, code):
    """From EXIT_WITHOUT_FREEING_FROM_BYTES of input on, `pactkg questions` ends its process without freeing the
    store (pactkg.cli): nothing else runs after the answers (the atexit hook here), yet every answer is printed
    and the exit code is the command's own, as in a run that frees it."""
    import subprocess
    import sys

    names = ["cq-total-submarines", "cq-names-of-the-pact"]
    runs = {}
    for threshold in (10 ** 12, 0):
        argv = [sys.executable, "-c", _LARGE_STORE_RUN, str(threshold), verdict, "questions", "--check", *names]
        runs[threshold] = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    freed, left = runs[10 ** 12], runs[0]
    assert freed.returncode == left.returncode == code, (freed.stderr, left.stderr)
    assert left.stdout == freed.stdout and all(name in left.stdout for name in names)
    assert "torn down" in freed.stderr and "torn down" not in left.stderr


_GONE_READER = """
import io, sys
from pactkg import cli

class Gone(io.StringIO):
    def flush(self):
        raise BrokenPipeError(32, "Broken pipe")

sys.stdout = Gone()
cli._exit_without_freeing(3)
"""


def test_ending_without_freeing_keeps_the_code_when_the_reader_is_gone():
    """`pactkg questions | head`: the reader has gone when the output is flushed at the end; the process still
    ends with the command's own code, and says nothing about the pipe."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", _GONE_READER], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3 and proc.stderr == ""


def test_the_slowest_questions_are_answered_first_and_printed_in_place():
    """In two processes the slow questions are handed out first (competency_questions.SLOWEST_FIRST), each a real
    question; the others keep their order. The printed order is the test above's."""
    names = [q.name for q in QUESTIONS]
    assert set(competency_questions.SLOWEST_FIRST) <= set(names)
    assert len(set(competency_questions.SLOWEST_FIRST)) == len(competency_questions.SLOWEST_FIRST)
    order = competency_questions.work_order(QUESTIONS)
    assert sorted(order) == list(range(len(QUESTIONS)))
    first = len(competency_questions.SLOWEST_FIRST)
    assert [names[i] for i in order[:first]] == list(competency_questions.SLOWEST_FIRST)
    rest = [names[i] for i in order[first:]]
    assert rest == [n for n in names if n not in competency_questions.SLOWEST_FIRST]
