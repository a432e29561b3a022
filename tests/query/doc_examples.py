"""The SPARQL examples of the README and docs/*.md, read out of the Markdown so that a test can run each one on
the dump and compare its answer with a golden file (tests/query/doc_examples/NAME.srj).

An example is a ```sparql block (named by its first line, `# Example: NAME`; a block of PREFIX lines alone is
the prefix list, not an example) or a query given inline to `pactkg query '…'` in a ```sh block (named
DOC-sh-N, N counting those in the file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pactkg.common import paths

GOLDEN_DIR = Path(__file__).parent / "doc_examples"
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
_NAME = re.compile(r"^#\s*Example:\s*([a-z0-9-]+)\s*$")
_INLINE = re.compile(r"pactkg query '([^']*)'")


@dataclass(frozen=True)
class Example:
    name: str
    doc: str
    text: str


def documents() -> list[Path]:
    return [paths.ROOT / "README.md", *sorted((paths.ROOT / "docs").glob("*.md"))]


def examples(doc: Path) -> tuple[list[Example], list[str]]:
    """The examples of one Markdown file, and a problem for each ```sparql block that is not a named example."""
    found, problems = [], []
    rel = doc.relative_to(paths.ROOT) if doc.is_relative_to(paths.ROOT) else doc
    inline = 0
    for m in _FENCE.finditer(doc.read_text(encoding="utf-8")):
        lang, body = m.group(1), m.group(2)
        if lang == "sparql":
            lines = [line for line in body.splitlines() if line.strip()]
            if lines and all(line.lstrip().upper().startswith("PREFIX") for line in lines):
                continue
            name = _NAME.match(lines[0]) if lines else None
            if not name:
                problems.append(f"{rel}: a ```sparql block does not start with '# Example: NAME': {lines[:1]}")
                continue
            found.append(Example(name.group(1), str(rel), body))
        elif lang == "sh":
            for q in _INLINE.findall(body):
                if not q.lstrip().startswith(("queries/", "-")) and "{" in q:
                    inline += 1
                    found.append(Example(f"{doc.stem.lower()}-sh-{inline}", str(rel), q))
    return found, problems
