"""The competency questions: queries/*.rq, each with its question in English and Latvian and an expected answer.

The questions in queries/ itself use standard SPARQL 1.1 only and answer the same on any conforming engine.
Questions that need more than SPARQL 1.1 live in a group folder named for what they need (GROUPS), with
their expected answers in that folder's expected/: queries/geosparql/ needs the GeoSPARQL 1.1 functions.

`pactkg questions` prints every question with its answer table (`make queries`); `--write-expected`
regenerates queries/expected/ from the current data (`make queries-expected`, run deliberately, then read the
diff: an expected answer is a claim about history); `--check` compares answers with the expected files (the
tests do the same through `check_all`).

Header of a question file (comment lines before the query):
    # EN: the question in English
    # LV: the question in Latvian
    # Shows: what the answer shows and which modelling pattern it exercises
    # Kind: look-up | multi-hop | aggregation | temporal | spatial | provenance | quotation | multilingual | conflict
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pactkg.common import fork_map, paths
from pactkg.query import embedded_store as embedded
from pactkg.query.ask import execute
from pactkg.query.results import Results, compare, read_results_file, sorted_rows
from pactkg.query.sparql_errors import QueryError

KINDS = ["look-up", "multi-hop", "aggregation", "temporal", "spatial", "provenance", "quotation",
         "multilingual", "conflict"]
EXPECTED_DIR = paths.QUERIES_DIR / "expected"
# Group folder -> what an engine needs to answer its questions (besides SPARQL 1.1).
GROUPS = {"geosparql": "the GeoSPARQL 1.1 functions (geof:distance)"}
# From this size of input on (bytes of RDF files; about 100 000 triples of our Turtle), `pactkg questions`
# answers in two processes, the second forked after loading and sharing the store: see fork_map. Below it the
# whole command takes well under a second, and a fork would save little (the store's own len() is not used:
# it counts every triple, 0.05 s at 300x).
PARALLEL_FROM_BYTES = 20_000_000
# From this size of input on, the store is not freed at the end: `pactkg questions` hands it to pactkg.cli, which
# ends the process without freeing it (0.9 s of CPU at 1000x, after the last answer is printed); below it freeing
# takes a few milliseconds, and a caller in the same process (the tests) gets its memory back as usual.
EXIT_WITHOUT_FREEING_FROM_BYTES = 20_000_000
# The questions that take longest on a large store, slowest first: in two processes they are handed out first
# (fork_map gives items out in order), so that whichever process takes the last item has only a short one left
# and both finish together. Ranked by CPU seconds (the query, its rows read and its table) at 100x in one process,
# 27 Nov 2026, session 22 (the growth of each is linear: `python bench/queries_bench.py --scales 10,30,100,300`); a
# question missing here only comes later, and the printed order never changes.
SLOWEST_FIRST = (
    "cq-labels-lv-en-ru",
    "cq-facts-per-source",
    "cq-find-by-any-name",
    "cq-pact-provisions",
    "cq-garrison-list",
    "cq-chronology-1920-1940",
    "cq-inferred-dates",
    "cq-office-holdings",
    "cq-garrisons-north-to-south",
    "cq-coordinates-provenance",
    "cq-infantry-and-artillery-places",
    "cq-other-sources-vs-article",
)
_FIELD_RE = re.compile(r"^#\s*(EN|LV|Shows|Kind):\s*(.*)$")


@dataclass
class Question:
    path: Path
    text: str
    header: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def english(self) -> str:
        return self.header.get("EN", "")

    @property
    def latvian(self) -> str:
        return self.header.get("LV", "")

    @property
    def kind(self) -> str:
        return self.header.get("Kind", "")

    @property
    def ordered(self) -> bool:
        return is_ordered(self.text)

    @property
    def group(self) -> str:
        """'' for a standard SPARQL 1.1 question, else the group folder's name (a key of GROUPS)."""
        return self.path.parent.name if self.path.parent.name in GROUPS else ""

    @property
    def expected_dir(self) -> Path:
        return self.path.parent / "expected" if self.group else EXPECTED_DIR

    def expected_path(self, directory: Path | None = None) -> Path | None:
        d = directory or self.expected_dir
        for suffix in (".srj", ".csv"):
            p = d / (self.name + suffix)
            if p.is_file():
                return p
        return None


def parse_header(text: str) -> dict[str, str]:
    """The EN/LV/Shows/Kind fields of the leading comment block (continuation lines are joined)."""
    header: dict[str, str] = {}
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _FIELD_RE.match(line)
        if m:
            last = m.group(1)
            header[last] = m.group(2).strip()
        elif last and line[1:].strip():
            header[last] += " " + line[1:].strip()
        else:
            last = None
    return header


def _strip_comments_and_strings(text: str) -> str:
    out = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', text)
    out = re.sub(r"<[^<>\s]*>", "<>", out)
    return re.sub(r"#[^\n]*", "", out)


def is_ordered(text: str) -> bool:
    """True when the query's answer has an order to check (it says ORDER BY)."""
    return re.search(r"\bORDER\s+BY\b", _strip_comments_and_strings(text), re.IGNORECASE) is not None


def load_questions(directory: Path | None = None) -> list[Question]:
    """The questions in `directory`, or by default those of queries/ and of every group folder in it."""
    if directory is None:
        files = sorted(paths.QUERIES_DIR.glob("*.rq"))
        for group in sorted(GROUPS):
            files += sorted((paths.QUERIES_DIR / group).glob("*.rq"))
    else:
        files = sorted(Path(directory).glob("*.rq"))
    qs = []
    for p in files:
        text = p.read_text(encoding="utf-8")
        qs.append(Question(p, text, parse_header(text)))
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(qs, key=lambda q: (order.get(q.kind, len(KINDS)), q.name))


def answer(q: Question, store=None, endpoint: str | None = None, timeout: float | None = None) -> Results:
    return execute(q.text, str(q.path), endpoint=endpoint, store=store, timeout=timeout)


def for_file(q: Question, results: Results) -> Results:
    """What goes into the expected file: the answer as is when ordered, else rows sorted (determinism)."""
    return results if q.ordered or results.kind == "boolean" else sorted_rows(results)


def write_expected(q: Question, results: Results, directory: Path | None = None) -> bool:
    """Write NAME.srj atomically; True when its content changed."""
    d = directory or q.expected_dir
    d.mkdir(parents=True, exist_ok=True)
    target = d / (q.name + ".srj")
    content = for_file(q, results).to_sparql_json()
    if target.is_file() and target.read_text(encoding="utf-8") == content:
        return False
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(content, encoding="utf-8")
    os.replace(tmp, target)
    return True


def check(q: Question, results: Results, directory: Path | None = None) -> list[str]:
    """Differences between the answer and the expected file (a missing file is one)."""
    exp_path = q.expected_path(directory)
    if exp_path is None:
        where = (q.expected_dir / f"{q.name}.srj").relative_to(paths.ROOT) if directory is None else directory
        return [f"no expected answer: run `make queries-expected` and check {where}"]
    expected = read_results_file(exp_path)
    if exp_path.suffix == ".csv":
        from pactkg.query.results import as_csv_model

        results = as_csv_model(results)
    return compare(results, expected, q.ordered)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("names", nargs="*", help="only these questions (file names without .rq)")
    p.add_argument("--endpoint", "-e", metavar="URL", help="ask a SPARQL endpoint instead of the embedded store")
    p.add_argument("--dump", type=Path, help="answer from this dump file instead of ontology/ + data/")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--write-expected", action="store_true",
                      help="(re)write queries/expected/NAME.srj from the current answers")
    mode.add_argument("--check", action="store_true", help="compare the answers with queries/expected/")


def run(args: argparse.Namespace) -> int:
    questions = load_questions()
    if args.names:
        wanted = set(args.names)
        unknown = wanted - {q.name for q in questions}
        if unknown:
            print(f"error: no such question(s): {', '.join(sorted(unknown))} (see queries/*.rq)", file=sys.stderr)
            return 2
        questions = [q for q in questions if q.name in wanted]
    try:
        store = None
        if not args.endpoint:
            store = embedded.open_dump(args.dump) if args.dump else embedded.open_store()
    except embedded.StoreLoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    loaded = ([args.dump] if args.dump else embedded.default_files()) if store is not None else []
    size = sum(Path(f).stat().st_size for f in loaded)
    if store is not None and size >= EXIT_WITHOUT_FREEING_FROM_BYTES:
        args.left_to_exit = store
    workers = fork_map.workers_for(size >= PARALLEL_FROM_BYTES)
    order = work_order(questions) if workers > 1 else list(range(len(questions)))
    try:
        answered = fork_map.fork_map(lambda i: _answer_one(questions[i], store, args), order, workers)
    except fork_map.ForkMapError as exc:
        print(f"error: answering the questions: {exc}", file=sys.stderr)
        return 2
    outcomes: list = [None] * len(questions)
    for i, outcome in zip(order, answered):
        outcomes[i] = outcome
    failures = 0
    for out, err, failed in outcomes:
        if err:
            print(err, file=sys.stderr, end="")
        if out:
            print(out, end="")
        failures += failed
    return 1 if failures else 0


def work_order(questions: list[Question]) -> list[int]:
    """Indexes of `questions` in the order they are answered: those of SLOWEST_FIRST first, in its order, then
    the others in theirs."""
    rank = {name: i for i, name in enumerate(SLOWEST_FIRST)}
    return sorted(range(len(questions)), key=lambda i: rank.get(questions[i].name, len(rank)))


def _answer_one(q: Question, store, args: argparse.Namespace) -> tuple[str, str, int]:
    """One question's printed text, error text and failure count (computed apart from printing, so that the
    questions can be answered in parallel and printed in order)."""
    try:
        results = answer(q, store=store, endpoint=args.endpoint)
    except QueryError as exc:
        return "", f"error: {exc}\n", 1
    if args.write_expected:
        changed = write_expected(q, results)
        where = (q.expected_dir / f"{q.name}.srj").relative_to(paths.ROOT)
        return f"{'wrote    ' if changed else 'unchanged'} {where}  ({len(results.rows)} rows)\n", "", 0
    if args.check:
        problems = check(q, results)
        status = "ok  " if not problems else "FAIL"
        lines = [f"{status} {q.name}"] + [f"       {line}" for line in problems]
        return "\n".join(lines) + "\n", "", int(bool(problems))
    return f"== {q.name} [{q.kind}]\n{q.english}\n{q.latvian}\n\n{results.to_table()}\n", "", 0
