"""The release's self-check: a file that does not parse or does not match SHA256SUMS is named, by itself.

cases/self_check/good/ is a small release tree that passes; each file of cases/self_check/broken/ replaces
its namesake (and SHA256SUMS is written afterwards, so only the parse can fail). Every case runs twice: files
read into memory, files parsed from their path (as files over self_check.LARGE are), and files read by
two worker processes (as in a release of self_check.PARALLEL_FROM files or more).
"""

from __future__ import annotations

import hashlib
import os
import time
import shutil
from pathlib import Path

import pytest

from pactkg.common import checksums
from pactkg.publish import release as rel
from pactkg.common import fork_map
from pactkg.publish import self_check

from .support import CASES

GOOD = CASES / "self_check" / "good"
BROKEN = CASES / "self_check" / "broken"
BROKEN_FILES = sorted(p.relative_to(BROKEN).as_posix() for p in BROKEN.rglob("*") if p.is_file())


@pytest.fixture(params=["in-memory", "from-path", "in-workers"])
def tree(request, tmp_path, monkeypatch) -> Path:
    """A copy of the good tree with its SHA256SUMS; `from-path`: every file counts as large; `in-workers`:
    the files are read by two processes (as from self_check.PARALLEL_FROM files on)."""
    if request.param == "from-path":
        monkeypatch.setattr(self_check, "LARGE", -1)
    if request.param == "in-workers":
        monkeypatch.setattr(self_check, "PARALLEL_FROM", 1)
        monkeypatch.setattr(self_check.os, "cpu_count", lambda: 2)
    root = tmp_path / "release"
    shutil.copytree(GOOD, root)
    checksums.write_sums(root)
    return root


def test_the_good_tree_passes(tree):
    assert self_check.check(tree) == []
    rel._self_check(tree)  # no exception


def test_context_and_non_rdf_files_are_hashed_not_parsed(tree):
    (tree / "context.jsonld").write_text("{ not even JSON", encoding="utf-8")  # a context is not parsed as RDF
    checksums.write_sums(tree)
    assert self_check.check(tree) == []
    assert self_check.rdf_format("context.jsonld") is None and self_check.rdf_format("id/riga.var") is None


@pytest.mark.parametrize("rel_path", BROKEN_FILES)
def test_a_file_that_does_not_parse_is_named(tree, rel_path):
    shutil.copyfile(BROKEN / rel_path, tree / rel_path)
    checksums.write_sums(tree)
    problems = self_check.check(tree)
    assert len(problems) == 1 and problems[0].startswith(f"{rel_path}: written but does not parse")
    with pytest.raises(rel.ReleaseFailed, match=f"self-check failed:\n  {rel_path}: written but does not parse"):
        rel._self_check(tree)


def test_a_wrong_sum_an_unlisted_and_a_missing_file_are_named(tree):
    (tree / "id" / "riga.var").write_text("URI: riga\n", encoding="utf-8")  # changed after SHA256SUMS
    (tree / "extra.html").write_text("<!doctype html>\n", encoding="utf-8")
    (tree / "index.html").unlink()
    assert self_check.check(tree) == [
        "extra.html: not listed in SHA256SUMS",
        "id/riga.var: checksum differs from SHA256SUMS",
        "index.html: listed in SHA256SUMS but missing",
    ]
    with pytest.raises(rel.ReleaseFailed, match="id/riga.var: checksum differs"):
        rel._self_check(tree)


def test_a_changed_rdf_file_that_still_parses_fails_on_its_sum(tree):
    (tree / "id" / "riga.nt").write_text("", encoding="utf-8")  # empty N-Triples parses
    assert self_check.check(tree) == ["id/riga.nt: checksum differs from SHA256SUMS"]


def test_a_malformed_sums_line_is_named(tree):
    with open(tree / "SHA256SUMS", "a", encoding="utf-8") as f:
        f.write("not a sum\n")
    n = len((tree / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    assert self_check.check(tree) == [f"SHA256SUMS, line {n}: not '<sha256>  <file>'"]


_CHECK_FILES = self_check._check_files
_PARENT = os.getpid()


def _parents_share(root, listing, start, stop):
    """This process reads shares too (fork_map); slowed, so that the forked copy surely takes one."""
    time.sleep(0.2)
    return _CHECK_FILES(root, listing, start, stop)


def _worker_dies(*share):
    if os.getpid() == _PARENT:
        return _parents_share(*share)
    os._exit(3)  # as a worker killed by the kernel: no exception, no result


def _worker_fails(*share):
    if os.getpid() == _PARENT:
        return _parents_share(*share)
    raise MemoryError("no room")


@pytest.mark.parametrize("how", [_worker_dies, _worker_fails])
def test_a_failed_worker_is_one_clear_failure(tmp_path, monkeypatch, how):
    """A worker process that dies or raises: the release fails with one message that says so."""
    root = tmp_path / "release"
    shutil.copytree(GOOD, root)
    checksums.write_sums(root)
    monkeypatch.setattr(self_check, "_check_files", how)
    with pytest.raises(fork_map.ForkMapError, match="worker process"):
        self_check.check(root, workers=2)
    with pytest.raises(rel.ReleaseFailed, match="self-check could not finish: a worker process"):
        monkeypatch.setattr(self_check, "PARALLEL_FROM", 1)
        monkeypatch.setattr(fork_map, "cpu_count", lambda: 2)
        rel._self_check(root)


def test_the_workers_find_what_one_process_finds(tmp_path):
    root = tmp_path / "release"
    shutil.copytree(GOOD, root)
    checksums.write_sums(root)
    (root / "id" / "riga.var").write_text("URI: riga\n", encoding="utf-8")
    shutil.copyfile(BROKEN / BROKEN_FILES[0], root / BROKEN_FILES[0])
    one = self_check.check(root, workers=1)
    assert len(one) == 2 and self_check.check(root, workers=2) == one


def test_sums_out_of_order_are_read_as_a_list_in_any_order(tree):
    """SHA256SUMS as a person might edit it: lines shuffled, one left out, one listed twice (the last line
    counts), a file that is gone listed twice (named once), a sum in capitals (differs, as sha256 gives
    lowercase). The same problems as when the lines are in order."""
    lines = (tree / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    digest0, rel0 = lines[0].split("  ", 1)
    digest1, rel1 = lines[1].split("  ", 1)
    digest2, rel2 = lines[2].split("  ", 1)
    gone = f"{'0' * 64}  gone.ttl"
    edited = lines[3:][::-1] + [gone, f"{'0' * 64}  {rel1}", gone, f"{digest1}  {rel1}", f"{digest2.upper()}  {rel2}"]
    (tree / "SHA256SUMS").write_text("".join(line + "\n" for line in edited), encoding="utf-8")
    assert self_check.check(tree) == [
        f"{rel0}: not listed in SHA256SUMS",
        f"{rel2}: checksum differs from SHA256SUMS",
        "gone.ttl: listed in SHA256SUMS but missing",
    ]


def test_a_large_jsonld_dump_is_parsed_in_pieces_with_the_same_triples(released, monkeypatch):
    """The JSON-LD dump's layout (pactkg.publish.dump_formats) is parsed a few nodes at a time: the same
    triples as the whole file, without holding the whole document (some ten times the file at 1000x)."""
    import pyoxigraph as ox

    path = str(released / "lv-pact-1939.jsonld")
    monkeypatch.setattr(self_check, "NODES_A_PIECE", 7)
    got, pieces = set(), []
    monkeypatch.setattr(self_check, "deque", lambda quads, maxlen: pieces.append(1) or got.update(str(q) for q in quads))
    assert self_check._parse_jsonld_in_pieces(path)
    assert len(pieces) > 3 and got == {str(q) for q in ox.parse(path=path, format=ox.RdfFormat.JSON_LD)}


@pytest.mark.parametrize("breakage", ["a quote too many", "a node not closed", "a comma missing", "the end cut off",
                                      "text after the end"])
def test_a_broken_jsonld_dump_fails_in_pieces_too(released, tmp_path, monkeypatch, breakage):
    import pyoxigraph as ox

    monkeypatch.setattr(self_check, "NODES_A_PIECE", 7)
    text = (released / "lv-pact-1939.jsonld").read_text(encoding="utf-8")
    middle = text.index("\n  },\n", len(text) // 2)
    if breakage == "a quote too many":
        at = text.index('"id": "', middle) + len('"id": "')
        text = text[:at] + '"' + text[at:]
    elif breakage == "a node not closed":
        text = text[:middle] + "\n  {" + text[middle:]
    elif breakage == "a comma missing":
        text = text[:middle] + "\n  }\n" + text[middle + len("\n  },\n"):]
    elif breakage == "the end cut off":
        text = text[: -len("\n}\n")]
    else:
        text = text + "{}\n"
    path = tmp_path / "lv-pact-1939.jsonld"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SyntaxError):
        self_check._parse(ox.RdfFormat.JSON_LD, path=str(path))


@pytest.mark.parametrize("size", [0, 1, 4096, 3 * 2**20 + 7])
def test_a_file_is_hashed_whole_read_in_one_piece_or_several(tmp_path, size):
    """_read's in-memory path hashes every byte to the end of the file, also past the size it was told."""
    data = bytes(i % 251 for i in range(size))
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    assert self_check._read(str(path), None) == hashlib.sha256(data).digest()
    fd = os.open(path, os.O_RDONLY)
    try:
        assert self_check._read_to_end(fd, max(size // 3, 0)) == data  # the file longer than fstat said
    finally:
        os.close(fd)
