"""pactkg: build, check, query, link, publish and browse the knowledge graph of the 1939 Latvian–Soviet Mutual Assistance Pact.

Each command lives in its own module exposing `add_arguments(parser)` and `run(args) -> int`; this file
only dispatches. Add a command by adding one line to COMMANDS.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# command name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    # everything `make` writes, swapped into dist/ at once
    "dist": ("dist.everything", "build every output (dump, release files, mappings, site) and swap it into dist/ at once"),
    # building and checking the graph
    "validate": ("build.validate", "SHACL-validate the union of ontology and data; print violations grouped"),
    "qc": ("build.qc_checks", "run the QC checks (queries/checks/*.rq must return no rows)"),
    "check-evidence": ("build.evidence_check", "check that every evidence fragment is verbatim in the source article"),
    "check-quoted-words": ("build.quoted_words_check", "check that Latvian words quoted in descriptions and notes are a source's words"),
    "build": ("build.pipeline", "validate, run the checks, and write the Turtle dump and summary.txt (into build/dump/)"),
    "summary": ("build.summary", "print triples, entities per class, fact nodes, sources and labels per language"),
    "coverage": ("build.sentence_coverage", "for each sentence of the article, the facts citing it; list uncited sentences"),
    "bench": ("build.benchmark", "which SHACL shapes cost the most on a synthetic graph (profile); figures: make bench"),
    "query": ("query.ask", "ask a SPARQL question (embedded store, a dump, or any endpoint)"),
    "questions": ("query.competency_questions", "print every competency question with its answer; regenerate expected answers"),
    "serve": ("query.server", "serve the dump read-only over SPARQL with the oxigraph server"),
    # publishing
    "release": ("publish.release", "the release files alone (into build/release/): dump in three formats, description, docs, changelog, checksums"),
    "diff": ("publish.changelog", "triples added and removed between two dumps, grouped by entity (Markdown)"),
    "deploy-local": ("publish.apache_service", "serve the release as a host would: Apache with the rules, the SPARQL endpoint proxied"),
    # browsable site
    "site": ("site.command", "the static site alone (into build/site/): entity pages, index, timeline, map"),
    "site-serve": ("site.serve", "serve the site, the release files and the SPARQL endpoint on one address (make serve)"),
    # linking to Wikidata
    "mappings": ("link.mappings", "curated Wikidata links (SSSOM): check, export (into build/mappings/), regenerate unmapped.tsv"),
    "link": ("link.reconcile", "online: propose Wikidata items for unlinked entities into a review file"),
    "link-check": ("link.link_check", "online: re-read every linked Wikidata item and report drift"),
    "quickstatements": ("link.quickstatements", "online: statements our graph has and Wikidata lacks, as QuickStatements"),
    "federated": ("link.federated", "run a federated query (our graph + Wikidata through SERVICE)"),
    # the primary source
    "source-check": ("link.source_check", "online: report every quotation the article's current text no longer contains"),
}


def version_text() -> str:
    """The package's version and the data release it would publish (CHANGELOG.md's entry for it)."""
    from pactkg import __version__
    from pactkg.publish import release_version

    try:
        info = release_version.release_info()
        data = f"data release {info.version} of {info.released.isoformat()}"
    except release_version.ReleaseInfoError as exc:
        data = f"data release unknown ({exc})"
    return f"pactkg {__version__} ({data})"


class _VersionAction(argparse.Action):
    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(version_text())
        parser.exit()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only `command`'s module is imported (every module when None).

    Importing all of them took longer than some commands' own work (`pactkg questions` needs neither
    pyshacl nor the site's modules), so main() imports only the module of the command it runs.
    """
    parser = argparse.ArgumentParser(
        prog="pactkg",
        description=__doc__.splitlines()[0],
        epilog="`make` runs `pactkg dist`; the other commands are for development and write into build/. "
        "The map of the code: docs/architecture.md.",
        allow_abbrev=False,  # `--out` must not quietly mean `--outline` (pactkg dist): a wrong word is an error
    )
    parser.add_argument("--version", action=_VersionAction, help="print the package and data release versions")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text, allow_abbrev=False)
        if command is None or name == command:
            mod = importlib.import_module(f"pactkg.{module}")
            mod.add_arguments(p)
            p.set_defaults(_module=mod)
    return parser


def _command_in(argv: list[str]) -> str:
    """The command named in argv ("" when none: then no module is needed, e.g. for --help or --version)."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else ""
    return ""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(_command_in(argv)).parse_args(argv)
    try:
        code = int(args._module.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    if getattr(args, "left_to_exit", None) is not None:
        _exit_without_freeing(code)
    return code


def _exit_without_freeing(code: int) -> None:
    """End the process now with `code`, its output flushed, without freeing what the command left in
    args.left_to_exit: a large in-memory store whose millions of allocations took 0.9 s of CPU to free at 1000x
    (`pactkg questions`), after everything was printed. The system takes the memory back at once. Only for a
    command that asks for it, and only after it returned: every child process is joined by then."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away (`| head`), or a closed stream: nothing to flush to
            pass
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
