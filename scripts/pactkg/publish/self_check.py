"""The release's last look before it is published: every RDF file parses and SHA256SUMS matches every file.

One pass over the files, each read from disk once: a small file's bytes are hashed and, when it is RDF,
parsed from the same bytes; a large one is hashed with hashlib.file_digest and parsed by pyoxigraph from its
path (streamed, never held whole). Before, every file was read twice (hash, then parse) and listed with
Path.rglob, which makes a Path object per file: 1.7 million files at 1000x.

Parsing stays per file, with pyoxigraph's own parser (strict: IRIs validated too): tried on a 1x release,
loading into a throwaway in-memory Store costs more than iterating the parsed triples (0.29 s against 0.19 s),
and concatenating small files gains nothing (the cost is per triple, not per call), so a broken file is
always named by itself.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pyoxigraph as ox

from pactkg.common import checksums, fork_map

FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD,
           ".rdf": ox.RdfFormat.RDF_XML}  # RDF/XML too: before, the .rdf variants went unparsed
NOT_RDF = frozenset({"context.jsonld"})  # a JSON-LD context: JSON, no triples
LARGE = 16 * 2**20  # above this, hash and parse from the file rather than hold its bytes


def rdf_format(rel: str) -> ox.RdfFormat | None:
    """The syntax a release file is parsed in, or None for a file that is not RDF (HTML, CSV, .var, …)."""
    name = rel.rsplit("/", 1)[-1]
    if name in NOT_RDF:
        return None
    return FORMATS.get(os.path.splitext(name)[1])


def _parse(fmt: ox.RdfFormat, data: bytes | None = None, path: str | None = None) -> None:
    """Parse every triple (each is made and dropped: pyoxigraph has no parse-only call)."""
    for _ in ox.parse(data, format=fmt) if path is None else ox.parse(path=path, format=fmt):
        pass


# From this many files on, the files are read by two processes (each a share of the list): at 100x (some
# 125 000 files) that cut the step's wall time from 30.9 to 22.7 s with the same CPU; at 1x (4 000 files)
# starting the processes would cost more than it saves, so a small release is checked in this process.
PARALLEL_FROM = 50_000
SHARES_PER_WORKER = 4


def _read_files(root: str, rels: list[str]) -> list[tuple[str, str, bool]]:
    """(rel, digest, True) for each file, or (rel, message, False) for one that does not parse."""
    out = []
    for rel in rels:
        path = os.path.join(root, rel)
        fmt = rdf_format(rel)
        try:
            if os.path.getsize(path) > LARGE or fmt is None:
                digest = checksums.sha256(Path(path))
                if fmt is not None:
                    _parse(fmt, path=path)
            else:
                with open(path, "rb") as f:
                    data = f.read()
                digest = hashlib.sha256(data).hexdigest()
                _parse(fmt, data=data)
        except SyntaxError as exc:
            out.append((rel, f"{rel}: written but does not parse: {exc} (a fault of the code that wrote it)", False))
            continue
        out.append((rel, digest, True))
    return out


def check(root: Path, workers: int | None = None) -> list[str]:
    """Problems found in the release folder `root` (empty when every RDF file parses and every sum matches).

    workers: processes reading the files (default: 2 from PARALLEL_FROM files on, when there are 2 cores);
    a worker's failure raises fork_map.ForkMapError."""
    listed, problems = checksums.read_sums(root)
    present = checksums.release_files(root)
    if workers is None:
        workers = fork_map.workers_for(len(present) >= PARALLEL_FROM)
    root_s = os.fspath(root)
    if workers > 1 and present:
        # Shares smaller than one per process, taken in turn, so that one finishing early takes another.
        size = -(-len(present) // (workers * SHARES_PER_WORKER))
        parts = [present[i:i + size] for i in range(0, len(present), size)]
        read = [r for part in fork_map.fork_map(lambda rels: _read_files(root_s, rels), parts, workers) for r in part]
    else:
        read = _read_files(root_s, present)
    for rel, digest, parsed in read:
        if not parsed:
            problems.append(digest)
            continue
        want = listed.get(rel)
        if want is None:
            problems.append(f"{rel}: not listed in {checksums.SUMS_NAME}")
        elif want != digest:
            problems.append(f"{rel}: checksum differs from {checksums.SUMS_NAME}")
    on_disk = set(present)
    problems.extend(f"{rel}: listed in {checksums.SUMS_NAME} but missing" for rel in listed if rel not in on_disk)
    return problems
