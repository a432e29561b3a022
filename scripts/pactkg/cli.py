"""Command-line entry point: `pactkg <command> ...`.

Each command lives in its own module exposing `add_arguments(parser)` and `run(args) -> int`; this file
only dispatches. Add a command by adding one line to COMMANDS.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# command name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    # build pipeline (issue 2)
    "validate": ("validate", "SHACL-validate the union of ontology and data; print violations grouped"),
    "qc": ("qc", "run the QC checks (queries/checks/*.rq must return no rows)"),
    "check-evidence": ("evidence", "check that every evidence fragment is verbatim in the source article"),
    "build": ("build", "validate, run the checks, and write dist/ (the Turtle dump and summary.txt)"),
    "summary": ("summary", "print triples, entities per class, fact nodes, sources and labels per language"),
    "coverage": ("coverage", "for each sentence of the article, the facts citing it; list uncited sentences"),
    "bench": ("bench", "time and peak memory of each build step on the real graph and 10x, 100x synthetic ones"),
    "query": ("query", "ask a SPARQL question (embedded store, a dump, or any endpoint)"),
    "questions": ("competency", "print every competency question with its answer; regenerate expected answers"),
    "serve": ("server", "serve the dump read-only over SPARQL with the oxigraph server"),
    # publishing (issue 5)
    "release": ("release", "write the release into dist/: dump in three formats, description, docs, changelog, checksums"),
    "diff": ("changelog", "triples added and removed between two dumps, grouped by entity (Markdown)"),
    # browsable site (issue 6)
    "site": ("site.command", "write the static site (entity pages, index, timeline, map) into dist/site/"),
    # linking to Wikidata (issue 4)
    "mappings": ("mappings", "curated Wikidata links (SSSOM): check, export to dist/mappings/, regenerate unmapped.tsv"),
    "link": ("reconcile", "online: propose Wikidata items for unlinked entities into a review file"),
    "link-check": ("linkcheck", "online: re-read every linked Wikidata item and report drift"),
    "quickstatements": ("quickstatements", "online: statements our graph has and Wikidata lacks, as QuickStatements"),
    "federated": ("federated", "run a federated query (our graph + Wikidata through SERVICE)"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pactkg", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (module, help_text) in COMMANDS.items():
        mod = importlib.import_module(f"pactkg.{module}")
        p = sub.add_parser(name, help=help_text, description=help_text)
        mod.add_arguments(p)
        p.set_defaults(_module=mod)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args._module.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
