"""What changed between two dumps: triples added and removed, grouped by entity (subject).

Works on any two RDF files (Turtle, N-Triples or JSON-LD, optionally gzipped): both are parsed by
pyoxigraph and compared as sets of N-Triples lines, so formatting, prefixes and order do not count as
changes. The output is Markdown, used as the release's CHANGES.md and printed by `make diff`.
"""

from __future__ import annotations

import argparse
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from pactkg.publish import dump_formats
from pactkg.publish.dataset_description import PREFIX_TABLE


class DiffError(Exception):
    """A file that cannot be read or parsed; the message names it."""


@dataclass
class Diff:
    added: dict[str, list[str]] = field(default_factory=dict)  # subject -> N-Triples lines
    removed: dict[str, list[str]] = field(default_factory=dict)
    old_subjects: set[str] = field(default_factory=set)
    new_subjects: set[str] = field(default_factory=set)
    old_count: int = 0
    new_count: int = 0

    @property
    def n_added(self) -> int:
        return sum(len(v) for v in self.added.values())

    @property
    def n_removed(self) -> int:
        return sum(len(v) for v in self.removed.values())

    def subjects(self) -> list[str]:
        return sorted(set(self.added) | set(self.removed))


def _lines(path: Path) -> list[str]:
    path = Path(path)
    if not path.is_file():
        raise DiffError(f"{path}: no such file")
    try:
        return dump_formats.ntriples_lines(path)
    except ValueError as exc:  # unknown extension
        raise DiffError(str(exc)) from None
    except SyntaxError as exc:  # pyoxigraph's parse errors
        raise DiffError(f"{path}: does not parse: {exc}") from None
    except OSError as exc:  # e.g. a .gz that is not gzip
        raise DiffError(f"{path}: cannot be read: {exc}") from None
    except (EOFError, zlib.error) as exc:  # a truncated or damaged .gz (a copy cut short, a full disk)
        raise DiffError(f"{path}: the gzip file is truncated or damaged ({exc}); restore it "
                        f"(git checkout -- {path}) or make it again (make release-freeze)") from None


def _subject(line: str) -> str:
    return line.split(" ", 1)[0]


def diff_lines(old: list[str], new: list[str]) -> Diff:
    old_set, new_set = set(old), set(new)
    d = Diff(old_count=len(old_set), new_count=len(new_set))
    d.old_subjects = {_subject(line) for line in old_set}
    d.new_subjects = {_subject(line) for line in new_set}
    for line in sorted(new_set - old_set):
        d.added.setdefault(_subject(line), []).append(line)
    for line in sorted(old_set - new_set):
        d.removed.setdefault(_subject(line), []).append(line)
    return d


def diff_files(old: Path, new: Path) -> Diff:
    return diff_lines(_lines(old), _lines(new))


def compact(term: str) -> str:
    """`<https://w3id.org/lv-pact-1939/id/riga>` -> `lvd:riga`; other terms unchanged."""
    if term.startswith("<") and term.endswith(">"):
        iri = term[1:-1]
        for prefix, ns in PREFIX_TABLE.items():
            local = iri[len(ns) :]
            if iri.startswith(ns) and local and local.replace("-", "").replace("_", "").isalnum():
                return f"{prefix}:{local}"
    return term


def _readable(line: str) -> str:
    """A triple line without its subject, IRIs compacted: `lvp:country lvd:latvia`."""
    body = line[: -len(" .")] if line.endswith(" .") else line
    _, pred, obj = body.split(" ", 2)
    return f"{compact(pred)} {compact(obj)}"


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def to_markdown(d: Diff, title: str, old_label: str, new_label: str) -> str:
    new_ent = sorted(s for s in d.subjects() if s not in d.old_subjects)
    gone_ent = sorted(s for s in d.subjects() if s not in d.new_subjects)
    changed = sorted(s for s in d.subjects() if s in d.old_subjects and s in d.new_subjects)
    out = [f"# {title}", ""]
    out.append(f"Compared with {old_label} ({d.old_count} triples); now {new_label} ({d.new_count} triples).")
    out.append("")
    out.append(
        f"{_n(d.n_added, 'triple')} added, {d.n_removed} removed; {_n(len(new_ent), 'entity', 'entities')} new, "
        f"{len(gone_ent)} removed, {len(changed)} changed."
    )
    if not d.subjects():
        out += ["", "No triple changed."]
    for heading, group in (("New entities", new_ent), ("Removed entities", gone_ent), ("Changed entities", changed)):
        if not group:
            continue
        out += ["", f"## {heading}"]
        for s in group:
            out += ["", f"### {compact(s)}", "", "```diff"]
            out += [f"- {_readable(line)}" for line in d.removed.get(s, [])]
            out += [f"+ {_readable(line)}" for line in d.added.get(s, [])]
            out.append("```")
    return "\n".join(out) + "\n"


def first_release_markdown(title: str, n_triples: int, n_entities: int) -> str:
    return (
        f"# {title}\n\nFirst release: no previous release is kept (releases/), so there is nothing to compare "
        f"with. The dump has {n_triples} triples about {n_entities} entities.\n"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", type=Path, help="the older dump (.ttl, .nt or .jsonld, optionally .gz)")
    parser.add_argument("new", type=Path, help="the newer dump")
    parser.add_argument("-o", "--output", type=Path, help="write the Markdown here instead of printing it")
    parser.add_argument("--exit-code", action="store_true", help="exit 1 when the dumps differ (as diff does)")


def run(args) -> int:
    try:
        d = diff_files(args.old, args.new)
    except DiffError as exc:
        print(f"{exc}\n  Give two RDF files (Turtle, N-Triples or JSON-LD).", file=sys.stderr)
        return 2
    text = to_markdown(d, f"Changes from {args.old.name} to {args.new.name}", str(args.old), str(args.new))
    if args.output:
        tmp = args.output.with_name(f".{args.output.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(args.output)
    else:
        sys.stdout.write(text)
    return 1 if (args.exit_code and d.subjects()) else 0
