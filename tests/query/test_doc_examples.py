"""Every SPARQL example in the README and docs/*.md runs on the dump and gives the answer it gave when it was
written (tests/query/doc_examples/NAME.srj): a newcomer copies these first, so a broken or stale one fails.

After a deliberate change, regenerate the golden files and read the diff:
    PACTKG_WRITE_DOC_EXAMPLES=1 .venv/bin/python -m pytest tests/query/test_doc_examples.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pactkg.query import competency_questions as cq
from pactkg.query import embedded_store
from pactkg.query.results import compare, read_results_file, sorted_rows
from pactkg.query.sparql_errors import QueryError

from . import doc_examples

WRITE = os.environ.get("PACTKG_WRITE_DOC_EXAMPLES") == "1"


def all_examples() -> list[doc_examples.Example]:
    return [e for doc in doc_examples.documents() for e in doc_examples.examples(doc)[0]]


def check_example(store, example: doc_examples.Example, golden_dir: Path) -> list[str]:
    """Differences between the example's answer on `store` and its golden file (a missing file is one)."""
    try:
        answer = embedded_store.run(store, example.text, f"{example.doc} example {example.name}")
    except QueryError as exc:
        return [f"{example.doc}, example {example.name}: does not run: {exc}"]
    golden = golden_dir / f"{example.name}.srj"
    ordered = cq.is_ordered(example.text)
    if WRITE and golden_dir == doc_examples.GOLDEN_DIR:
        golden.write_text((answer if ordered else sorted_rows(answer)).to_sparql_json(), encoding="utf-8")
    if not golden.is_file():
        return [f"{example.doc}, example {example.name}: no golden answer {golden.name} (write it, see this test's docstring)"]
    return [f"{example.doc}, example {example.name}: {d}" for d in compare(answer, read_results_file(golden), ordered)]


@pytest.fixture(scope="module")
def dump_store(dump_file):
    return embedded_store.open_dump(dump_file)


def test_every_sparql_block_in_the_docs_is_a_named_example():
    problems = [p for doc in doc_examples.documents() for p in doc_examples.examples(doc)[1]]
    assert not problems, "\n".join(problems)
    names = [e.name for e in all_examples()]
    assert len(names) == len(set(names)), f"two examples share a name: {sorted(names)}"
    assert len(names) >= 10


@pytest.mark.parametrize("example", all_examples(), ids=lambda e: e.name)
def test_the_example_gives_its_answer_on_the_dump(dump_store, example):
    problems = check_example(dump_store, example, doc_examples.GOLDEN_DIR)
    assert not problems, "\n".join(problems)


def test_every_golden_answer_belongs_to_an_example():
    names = {e.name for e in all_examples()}
    stale = sorted(p.name for p in doc_examples.GOLDEN_DIR.glob("*.srj") if p.stem not in names)
    assert not stale, f"golden answers of examples no document has any more: {stale}"


def test_a_broken_or_changed_example_fails(dump_store, tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text("""# A doc

```sparql
# Example: count-signings
PREFIX lvp: <https://w3id.org/lv-pact-1939/ontology#>
SELECT (COUNT(?s) AS ?n) WHERE { ?s a lvp:Signing }
```

```sparql
# Example: broken
PREFIX lvp: <https://w3id.org/lv-pact-1939/ontology#>
SELECT ?s WHERE { ?s a lvp:Signing
```

```sparql
PREFIX lvp: <https://w3id.org/lv-pact-1939/ontology#>
SELECT ?s WHERE { ?s a lvp:Event }
```
""", encoding="utf-8")
    found, problems = doc_examples.examples(doc)
    assert [e.name for e in found] == ["count-signings", "broken"]
    assert len(problems) == 1 and "does not start with '# Example: NAME'" in problems[0]
    (tmp_path / "count-signings.srj").write_text(
        '{"head": {"vars": ["n"]}, "results": {"bindings": [\n'
        '{"n": {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "999"}}\n]}}\n',
        encoding="utf-8")
    assert check_example(dump_store, found[0], tmp_path), "a changed answer was not found"
    assert any("does not run" in p for p in check_example(dump_store, found[1], tmp_path))
    missing = doc_examples.Example("no-golden", "doc.md", found[0].text)
    assert any("no golden answer" in p for p in check_example(dump_store, missing, tmp_path))
