"""A small, faithful reader and writer of the SSSOM/TSV format (embedded YAML metadata + a TSV table).

Why not the `sssom` package (0.4.21)? It installs 89 distributions on Python 3.11 (pandas, numpy, linkml,
Sphinx, SQLAlchemy, pydantic, ...) for what is, here, one small table; that weight would land in every CI
run. The format itself is simple and this module implements the parts we use, as the SSSOM specification
(https://mapping-commons.github.io/sssom/spec-model/) defines them:

- the metadata block: lines at the top of the file starting with '#'; without the '#', they are a YAML
  document (mapping set slots such as mapping_set_id, license, curie_map);
- then a TSV table: a header row of slot names, one mapping per row; no quoting (a value may not hold a
  tab or a line break); multivalued slots are joined with '|';
- identifiers are CURIEs whose prefixes the curie_map declares (the built-in prefixes owl, rdf, rdfs, skos,
  semapv, sssom, xsd need no declaration, but we declare what we use anyway);
- slots with no value are empty cells.

Writing is deterministic (fixed slot order, sorted rows, fixed YAML style) and atomic (temp file + rename).
Errors name the file and line.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# Column order of the mapping slots we may write (the SSSOM model's order for these slots).
SLOT_ORDER = [
    "subject_id",
    "subject_label",
    "subject_category",
    "predicate_id",
    "predicate_modifier",
    "object_id",
    "object_label",
    "object_category",
    "mapping_justification",
    "author_id",
    "author_label",
    "reviewer_id",
    "mapping_date",
    "mapping_tool",
    "confidence",
    "see_also",
    "comment",
]
MULTIVALUED = {"author_id", "author_label", "reviewer_id", "see_also", "creator_id", "creator_label"}
# Mapping-set slots in the order they are written in the metadata block.
SET_SLOT_ORDER = [
    "curie_map",
    "mapping_set_id",
    "mapping_set_version",
    "mapping_set_title",
    "mapping_set_description",
    "license",
    "creator_id",
    "creator_label",
    "subject_source",
    "object_source",
    "mapping_date",
    "comment",
]
BUILTIN_PREFIXES = {
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "semapv": "https://w3id.org/semapv/vocab/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "sssom": "https://w3id.org/sssom/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
ID_SLOTS = {"subject_id", "predicate_id", "object_id", "mapping_justification", "author_id", "reviewer_id"}
_CURIE = re.compile(r"^([A-Za-z_][A-Za-z0-9_.-]*):(\S*)$")


class SSSOMError(ValueError):
    """A mapping file that is not valid SSSOM/TSV; the message names file and line and what to do."""


@dataclass
class MappingSet:
    metadata: dict
    rows: list[dict[str, str]] = field(default_factory=list)
    # line number in the source file of each row (for messages); empty for sets built in memory
    lines: list[int] = field(default_factory=list)

    @property
    def prefixes(self) -> dict[str, str]:
        return {**BUILTIN_PREFIXES, **(self.metadata.get("curie_map") or {})}

    def expand(self, curie: str) -> str:
        m = _CURIE.fullmatch(curie or "")
        if not m or m.group(1) not in self.prefixes:
            raise SSSOMError(f"{curie!r} is not a CURIE with a declared prefix")
        return self.prefixes[m.group(1)] + m.group(2)

    def line_of(self, index: int) -> int | None:
        return self.lines[index] if index < len(self.lines) else None


def split_curie(curie: str) -> tuple[str, str] | None:
    m = _CURIE.fullmatch(curie or "")
    return (m.group(1), m.group(2)) if m else None


def read(path: Path | str) -> MappingSet:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SSSOMError(f"{path}: no such mapping file") from None
    except UnicodeDecodeError as exc:
        raise SSSOMError(f"{path}: not UTF-8 ({exc})") from None
    return parse(text, str(path))


def parse(text: str, name: str = "<mappings>") -> MappingSet:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    meta_lines: list[str] = []
    i = 0
    while i < len(lines) and lines[i].startswith("#"):
        meta_lines.append(lines[i][1:])
        i += 1
    try:
        metadata = yaml.safe_load("\n".join(meta_lines)) if meta_lines else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        raise SSSOMError(f"{name}{where}: the '#' metadata block is not valid YAML: {exc}") from None
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise SSSOMError(f"{name}, line 1: the '#' metadata block must be a YAML mapping")
    cmap = metadata.get("curie_map") or {}
    if not isinstance(cmap, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in cmap.items()):
        raise SSSOMError(f"{name}: curie_map must map prefixes to IRI strings")
    if i >= len(lines):
        raise SSSOMError(f"{name}: no header row after the metadata block")
    header = lines[i].split("\t")
    header_line = i + 1
    if "subject_id" not in header or "object_id" not in header:
        raise SSSOMError(f"{name}, line {header_line}: the header row must name subject_id and object_id")
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise SSSOMError(f"{name}, line {header_line}: duplicate columns {dupes}")
    ms = MappingSet(metadata=metadata)
    for j in range(i + 1, len(lines)):
        raw = lines[j].rstrip("\r")
        if raw == "":
            continue
        if raw.startswith("#"):
            raise SSSOMError(f"{name}, line {j + 1}: '#' lines are only allowed in the metadata block at the top")
        cells = raw.split("\t")
        if len(cells) != len(header):
            raise SSSOMError(
                f"{name}, line {j + 1}: {len(cells)} cells but the header has {len(header)} columns "
                "(a value may not hold a tab)"
            )
        ms.rows.append({h: c for h, c in zip(header, cells) if c != ""})
        ms.lines.append(j + 1)
    for idx, row in enumerate(ms.rows):
        for slot in ID_SLOTS & row.keys():
            for value in row[slot].split("|") if slot in MULTIVALUED else [row[slot]]:
                sc = split_curie(value)
                if sc is None or sc[0] not in ms.prefixes:
                    raise SSSOMError(
                        f"{name}, line {ms.lines[idx]}: {slot} {value!r} is not a CURIE with a prefix declared "
                        "in curie_map; declare the prefix or fix the value"
                    )
    return ms


def _yaml_block(metadata: dict) -> str:
    ordered = {k: metadata[k] for k in SET_SLOT_ORDER if k in metadata}
    ordered.update({k: metadata[k] for k in sorted(metadata) if k not in ordered})
    if "curie_map" in ordered:
        ordered["curie_map"] = dict(sorted(ordered["curie_map"].items()))
    out = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100000)
    return "".join("#" + line + "\n" for line in out.splitlines())


def columns_for(rows: list[dict[str, str]]) -> list[str]:
    used = set().union(*[r.keys() for r in rows]) if rows else {"subject_id", "predicate_id", "object_id"}
    unknown = sorted(used - set(SLOT_ORDER))
    if unknown:
        raise SSSOMError(f"unknown mapping slots {unknown}: declare them or use standard SSSOM slots")
    return [s for s in SLOT_ORDER if s in used]


def dumps(ms: MappingSet, columns: list[str] | None = None, sort: bool = True) -> str:
    cols = columns or columns_for(ms.rows)
    rows = sorted(ms.rows, key=lambda r: tuple(r.get(c, "") for c in cols)) if sort else ms.rows
    buf = io.StringIO()
    buf.write(_yaml_block(ms.metadata))
    buf.write("\t".join(cols) + "\n")
    for r in rows:
        cells = []
        for c in cols:
            v = r.get(c, "")
            if not isinstance(v, str):
                v = str(v)
            if "\t" in v or "\n" in v or "\r" in v:
                raise SSSOMError(f"{r.get('subject_id')}: {c} holds a tab or line break, which SSSOM/TSV cannot hold")
            cells.append(v)
        buf.write("\t".join(cells) + "\n")
    return buf.getvalue()


def write_atomic(path: Path | str, text: str) -> None:
    """Write text to path via a temp file in the same folder and a rename: readers never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write(ms: MappingSet, path: Path | str, columns: list[str] | None = None) -> None:
    write_atomic(path, dumps(ms, columns))
