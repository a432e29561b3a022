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

import bisect
import hashlib
import itertools
import os
import time
from collections import deque
from pathlib import Path
from typing import Callable, Iterable

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
    """Parse every triple (each is made and dropped, in C: pyoxigraph has no parse-only call)."""
    if path is not None and fmt == ox.RdfFormat.JSON_LD and _parse_jsonld_in_pieces(path):
        return
    deque(ox.parse(data, format=fmt) if path is None else ox.parse(path=path, format=fmt), maxlen=0)


# A large JSON-LD file as dump_formats writes it: its context, then '"@graph": [', one node a block at two
# spaces' indent ("  {" … "  }"), then the end. pyoxigraph's JSON-LD parser holds the whole document (it
# cannot know that no "@id" follows "@graph" at the top) at some ten times the file's size: 2 GB for the
# dump at 1000x. Such a file is parsed in pieces of NODES_A_PIECE nodes, each with the same head and end:
# the pieces are the file cut at node boundaries (a JSON string holds no raw line break, and nested lines are
# indented further, so a line "  }," ends a node and nothing else), so the file parses if and only if every
# piece does. A file not in this layout is parsed whole.
JSONLD_GRAPH_LINE = b' "@graph": [\n'
JSONLD_END = b"\n ]\n}\n"
NODE_END, LAST_NODE_END = b"  },\n", b"  }\n"
NODES_A_PIECE = 2_000


def _parse_jsonld_in_pieces(path: str) -> bool:
    """Parse the file as pieces (see above); False, having parsed nothing, when it is not in that layout."""
    with open(path, "rb") as f:
        head = []
        for line in iter(f.readline, b""):
            head.append(line)
            if line == JSONLD_GRAPH_LINE:
                break
        else:
            return False
        start = f.tell()
        size = os.fstat(f.fileno()).st_size
        if not head[0].startswith(b"{") or size - start < len(JSONLD_END):
            return False
        f.seek(size - len(JSONLD_END))
        if f.read() != JSONLD_END:
            return False
        f.seek(start)
        head_bytes = b"".join(head)
        piece: list[bytes] = []
        nodes, ended = 0, False
        for line in f:
            if ended:  # after the last node only the end, checked above
                if line not in (b" ]\n", b"}\n"):
                    raise SyntaxError(f"{path}: text after the last node of the @graph")
            elif line in (NODE_END, LAST_NODE_END):
                piece.append(LAST_NODE_END)
                nodes += 1
                ended = line == LAST_NODE_END
                if ended or nodes == NODES_A_PIECE:
                    deque(ox.parse(head_bytes + b"".join(piece) + JSONLD_END, format=ox.RdfFormat.JSON_LD), maxlen=0)
                    piece, nodes = [], 0
                else:
                    piece.append(b",\n")
            else:
                piece.append(line)
        if not ended:
            raise SyntaxError(f"{path}: the @graph's last node does not end")
    return True


def parses(rel: str, data: bytes) -> bool:
    """Whether `data`, the bytes of release file `rel`, parse (True for a file that is not RDF): for a writer
    that checks its files' bytes as it writes them (ParsingWriter)."""
    fmt = rdf_format(rel)
    if fmt is None:
        return True
    try:
        _parse(fmt, data=data)
    except SyntaxError:
        return False
    return True


class ParsingWriter:
    """A write(path, data) that parses the bytes of each RDF file before writing them, while keep_parsing()
    says so: a file that parses is written by write_logged (a checksums.DigestLog's write_bytes: its digest
    logged), one that does not by write_unlogged, so that it is read back and parsed by check(), which names
    it. Once keep_parsing() is false, every file is written by write_logged unparsed: `parsed` is the number
    of the log's first lines whose files parsed, which check(parsed=(log, parsed)) does not parse again.

    Why: the entity documents (a million files at 1000x) are parsed by the forked process that writes them
    while the other process writes everything else up to the RDF 1.2 edition, instead of in the self-check
    after both: the two cores busy side by side. The other process says when it is done (keep_parsing), and
    the documents not parsed by then are parsed by the self-check's two processes. The guarantee is the
    same: the bytes that parsed have the logged sum, SHA256SUMS must list that sum, and the self-check checks
    that the bytes on disk have it."""

    def __init__(self, write_logged, write_unlogged, keep_parsing=lambda: True, on_stop=lambda parsed: None) -> None:
        self._logged, self._unlogged, self._keep, self._on_stop = write_logged, write_unlogged, keep_parsing, on_stop
        self.parsed = 0
        self._parsing = True

    def write(self, path: str, data: bytes) -> None:
        if self._parsing and not self._keep():
            self._parsing = False  # for good: the parsed files are the log's first lines
            self._on_stop(self.parsed)  # the other process parses the files logged after them (LogFollower)
        if not self._parsing:
            self._logged(path, data)
        elif parses(path, data):
            self._logged(path, data)
            self.parsed += 1
        else:
            self._unlogged(path, data)


# From this many files on, the files are read by two processes (each a share of the list): at 100x (some
# 125 000 files) that cut the step's wall time from 30.9 to 22.7 s with the same CPU; at 1x (4 000 files)
# starting the processes would cost more than it saves, so a small release is checked in this process.
PARALLEL_FROM = 50_000
SHARES_PER_WORKER = 4

NOT_LISTED, LISTED, UNREADABLE_SUM = 0, 1, 2  # per file: whether SHA256SUMS lists it (a sum not in lowercase hex
# cannot match: as before, when the listed text was compared with hexdigest())


class Listing:
    """The files of the release and what SHA256SUMS says of them, compact: a million files at 1000x.

    present: the files (sorted, as checksums.release_files lists them); their listed digests as 32 bytes each
    in one bytearray, in the order of `present`, and a byte each saying whether one is listed; the problems
    of malformed lines and the files listed but not present. Before, the sums were a dict of hex strings, and
    each file's result a tuple sent back from the workers: some 700 bytes a file in the parent."""

    def __init__(self, root: Path, parsed: tuple[Path, int] | None = None, ahead: Iterable[tuple[str, str]] = ()) -> None:
        self.present = checksums.release_files(root)
        n = len(self.present)
        self.digests = bytearray(32 * n)
        self.listed = bytearray(n)
        self.parsed = bytearray(n)  # 1: its bytes parsed already (ParsingWriter, parse_ahead)
        self.problems: list[str] = []
        missing: dict[str, None] = {}  # in the order first listed, each once (as the dict of sums gave them)
        present, j = self.present, 0
        with open(root / checksums.SUMS_NAME, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                digest, sep, rel = line.rstrip("\n").partition("  ")
                if not sep or len(digest) != 64:
                    self.problems.append(f"{checksums.SUMS_NAME}, line {number}: not '<sha256>  <file>'")
                    continue
                # SHA256SUMS lists the files in release_files' order: the next line is, as a rule, the next file.
                i = j if j < n and present[j] == rel else bisect.bisect_left(present, rel)
                if i == n or present[i] != rel:
                    missing[rel] = None
                    continue
                j = i + 1
                try:
                    raw = bytes.fromhex(digest)
                except ValueError:
                    raw = None
                if raw is None or raw.hex() != digest:
                    self.listed[i] = UNREADABLE_SUM
                else:
                    self.listed[i] = LISTED
                    self.digests[32 * i:32 * i + 32] = raw
        self.missing = list(missing)
        if parsed is not None:
            log, lines = parsed
            self._mark_parsed((rel, digest) for digest, _s, _m, _i, rel in itertools.islice(checksums.log_records(log), lines))
        self._mark_parsed(sorted(ahead))

    def _mark_parsed(self, parsed: Iterable[tuple[str, str]]) -> None:
        """Mark the files (path, hex sha256) whose bytes parsed, as they were written (the first lines of a
        ParsingWriter's log) or read ahead (parse_ahead), when that sum is the one SHA256SUMS lists: the bytes
        that parsed are those SHA256SUMS sums, so a file whose bytes on disk have that sum (checked as for
        every file) needs no second parse."""
        present, n, j = self.present, len(self.present), 0
        for rel, digest in parsed:
            i = j if j < n and present[j] == rel else bisect.bisect_left(present, rel)
            if i == n or present[i] != rel:
                continue
            j = i + 1
            if self.listed[i] == LISTED and self.digests[32 * i:32 * i + 32].hex() == digest:
                self.parsed[i] = 1


def _read(path: str, fmt: ox.RdfFormat | None) -> bytes:
    """The file's SHA-256, and its bytes parsed in `fmt` (unless None): read from disk once; SyntaxError
    when they do not parse.

    A file up to LARGE is read whole with os.read into one bytes object, hashed, and parsed from those bytes:
    no file object, and not hashlib.file_digest, which makes a 256 KiB buffer per call: for the 3-4 kB entity
    documents that halved the CPU of reading and hashing them (0.155 against 0.080 s for 10 500 files)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        size = os.fstat(fd).st_size
        if size > LARGE:
            with open(fd, "rb", buffering=0, closefd=False) as f:
                digest = hashlib.file_digest(f, "sha256").digest()
            data = None
        else:
            data = _read_to_end(fd, size)
            digest = hashlib.sha256(data).digest()
    finally:
        os.close(fd)
    if fmt is not None:
        _parse(fmt, data=data) if data is not None else _parse(fmt, path=path)
    return digest


def _read_to_end(fd: int, size: int) -> bytes:
    """Every byte of the open file, to its end (also when it is no longer `size` bytes long)."""
    first = os.read(fd, size + 1)  # one call for a file of the size fstat gave; one more finds the end
    if not first:
        return first
    chunks = [first]
    while True:
        more = os.read(fd, 1 << 20)
        if not more:
            return b"".join(chunks) if len(chunks) > 1 else first
        chunks.append(more)


def parse_ahead(root: Path, keep_going: Callable[[], bool], skip_dirs: tuple[str, ...] = (),
                follow: "LogFollower | None" = None) -> list[tuple[str, str]]:
    """The RDF files under root (not in skip_dirs), read from disk and parsed, largest first, while
    keep_going(): (path, hex sha256) of each that parsed, for check(ahead=...), which does not parse them
    again when SHA256SUMS lists that sum. One that does not parse is left to check(), which names it.
    Then, with `follow`, the files another process logs (a ParsingWriter's, once it no longer parses), as
    they are logged, while keep_going(): each read from disk, parsed, and kept when the bytes read have the
    logged sum (the file is complete: a writer logs a file once it is written).

    Why: in a large release the process that writes everything but the entity documents is done before the
    forked copy that writes those (at 1000x it waited 99 s): it reads ahead the self-check's largest files
    (the dumps, the RDF 1.2 edition), and then the documents the copy writes from then on, unparsed, so
    that both processes end together and few are left to the self-check."""
    files = [rel for rel in checksums.release_files(root, skip_dirs=skip_dirs) if rdf_format(rel) is not None]
    root_s = os.fspath(root)
    files.sort(key=lambda rel: -os.stat(os.path.join(root_s, rel)).st_size)
    out = []
    for rel in files:
        if not keep_going():
            break
        try:
            out.append((rel, _read(os.path.join(root_s, rel), rdf_format(rel)).hex()))
        except SyntaxError:
            pass
    while follow is not None and keep_going():
        logged = follow.new_records()
        if not logged:
            time.sleep(0.02)  # the writer's log grows a buffer at a time
            continue
        for digest, _size, _mtime, _inode, rel in logged:
            if not keep_going():
                break
            fmt = rdf_format(rel)
            if fmt is None:
                continue  # not RDF: nothing to parse
            try:
                read = _read(os.path.join(root_s, rel), fmt).hex()
            except (SyntaxError, OSError):
                continue  # left to check(), which names it
            if read == digest:
                out.append((rel, read))
    if follow is not None:
        follow.close()
    return out


class LogFollower:
    """The records of a checksums.DigestLog that another process is writing, as they come, past its first
    skip() lines (skip() < 0: none yet). Only whole lines: the writer's buffer may end inside one."""

    def __init__(self, log: Path, skip: Callable[[], int]) -> None:
        self._path, self._skip = log, skip
        self._file = None
        self._rest, self._lines = b"", 0

    def new_records(self) -> list[list[str]]:
        """The [sha256, size, mtime_ns, inode, path] of the lines logged since the last call."""
        skip = self._skip()
        if skip < 0:
            return []
        if self._file is None:
            try:
                self._file = open(self._path, "rb")
            except FileNotFoundError:
                return []
        *lines, self._rest = (self._rest + self._file.read()).split(b"\n")
        first, self._lines = self._lines, self._lines + len(lines)
        return [line.decode("utf-8").split(" ", 4) for line in lines[max(skip - first, 0):]]

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _check_files(root: str, listing: Listing, start: int, stop: int) -> list[str]:
    """The problems of files start..stop-1 of the listing: a file that does not parse, is not listed, or whose
    SHA-256 is not the one listed (empty when all is well: nothing per file goes back to the parent)."""
    out = []
    present, digests, listed, parsed = listing.present, listing.digests, listing.listed, listing.parsed
    for i in range(start, stop):
        rel = present[i]
        path = os.path.join(root, rel)
        fmt = None if parsed[i] else rdf_format(rel)
        try:
            digest = _read(path, fmt)
        except SyntaxError as exc:
            out.append(f"{rel}: written but does not parse: {exc} (a fault of the code that wrote it)")
            continue
        if listed[i] == NOT_LISTED:
            out.append(f"{rel}: not listed in {checksums.SUMS_NAME}")
        elif listed[i] != LISTED or digests[32 * i:32 * i + 32] != digest:
            out.append(f"{rel}: checksum differs from {checksums.SUMS_NAME}")
    return out


def check(root: Path, workers: int | None = None, parsed: tuple[Path, int] | None = None,
          ahead: Iterable[tuple[str, str]] = ()) -> list[str]:
    """Problems found in the release folder `root` (empty when every RDF file parses and every sum matches).

    workers: processes reading the files (default: 2 from PARALLEL_FROM files on, when there are 2 cores);
    a worker's failure raises fork_map.ForkMapError.
    parsed: a checksums.DigestLog and how many of its first lines are of files whose bytes parsed as they
    were written (ParsingWriter): such a file is hashed from disk as every file, but not parsed again.
    ahead: (path, hex sha256) of files parsed ahead (parse_ahead), likewise."""
    listing = Listing(root, parsed, ahead)
    n = len(listing.present)
    if workers is None:
        workers = fork_map.workers_for(n >= PARALLEL_FROM)
    root_s = os.fspath(root)
    if workers > 1 and n:
        # Shares smaller than one per process, taken in turn, so that one finishing early takes another.
        size = -(-n // (workers * SHARES_PER_WORKER))
        parts = [(i, min(i + size, n)) for i in range(0, n, size)]
        found = fork_map.fork_map(lambda part: _check_files(root_s, listing, *part), parts, workers)
    else:
        found = [_check_files(root_s, listing, 0, n)]
    problems = list(listing.problems)
    for part in found:
        problems.extend(part)
    problems.extend(f"{rel}: listed in {checksums.SUMS_NAME} but missing" for rel in listing.missing)
    return problems
