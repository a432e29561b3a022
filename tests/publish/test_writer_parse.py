"""Entity documents parsed by the process that writes them (self_check.ParsingWriter), not again by the
self-check: still every file of the release parses, and its bytes on disk have the sum SHA256SUMS lists.

The tree is cases/self_check/good/ with its id/ files written again through a ParsingWriter and a
checksums.DigestLog, as the release writes its entity documents; cases/self_check/broken/id/ holds documents
that do not parse.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pactkg.common import checksums
from pactkg.publish import release as rel
from pactkg.publish import self_check

from .support import CASES

GOOD = CASES / "self_check" / "good"
BROKEN_IDS = sorted(p.name for p in (CASES / "self_check" / "broken" / "id").iterdir())
LOG = ".digests"


def _release(tmp_path: Path, documents: dict[str, bytes], keep_parsing=lambda: True) -> tuple[Path, tuple[Path, int]]:
    """GOOD with id/ written by a ParsingWriter (in name order, as the release writes them) and SHA256SUMS
    made from the log; the log and how many of its first lines are of parsed files."""
    root = tmp_path / "release"
    shutil.copytree(GOOD, root)
    shutil.rmtree(root / "id")
    (root / "id").mkdir()
    with checksums.DigestLog(root, root / LOG) as logged:
        writer = self_check.ParsingWriter(logged.write_bytes, checksums.write_file, keep_parsing)
        for name, data in sorted(documents.items()):
            writer.write(str(root / "id" / name), data)
    checksums.write_sums(root, logs=(root / LOG,))
    return root, (root / LOG, writer.parsed)


def _good_documents() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (GOOD / "id").iterdir()}


def _counting_parses(monkeypatch) -> list[str]:
    """The files the self-check parses (from memory or from their path)."""
    seen: list[str] = []
    real = self_check._parse

    def parse(fmt, data=None, path=None):
        seen.append(path or data[:30])
        return real(fmt, data=data, path=path)

    monkeypatch.setattr(self_check, "_parse", parse)
    return seen


def test_documents_parsed_by_their_writer_are_hashed_not_parsed_again(tmp_path, monkeypatch):
    root, parsed = _release(tmp_path, _good_documents())
    assert parsed[1] == 5  # every id/ file logged after its parse (riga.var is not RDF: nothing to parse)
    seen = _counting_parses(monkeypatch)
    assert self_check.check(root, parsed=parsed) == []
    assert len(seen) == 3  # the three dumps outside id/, not the four RDF documents
    seen.clear()
    assert self_check.check(root) == [] and len(seen) == 7  # without the log, every RDF file is parsed
    rel._self_check(root, parsed=parsed)  # no exception


@pytest.mark.parametrize("name", BROKEN_IDS)
def test_a_document_that_does_not_parse_is_still_named(tmp_path, name):
    """Its writer does not log it; the self-check reads it back, parses it and names it, as before."""
    documents = _good_documents()
    documents[name] = (CASES / "self_check" / "broken" / "id" / name).read_bytes()
    root, parsed = _release(tmp_path, documents)
    assert parsed[1] == 4
    problems = self_check.check(root, parsed=parsed)
    assert len(problems) == 1 and problems[0].startswith(f"id/{name}: written but does not parse")
    with pytest.raises(rel.ReleaseFailed, match=f"self-check failed:\n  id/{name}: written but does not parse"):
        rel._self_check(root, parsed=parsed)


def test_a_parsed_document_changed_on_disk_fails_on_its_sum(tmp_path):
    root, parsed = _release(tmp_path, _good_documents())
    (root / "id" / "riga.ttl").write_bytes((CASES / "self_check" / "broken" / "id" / "riga.ttl").read_bytes())
    assert self_check.check(root, parsed=parsed) == ["id/riga.ttl: checksum differs from SHA256SUMS"]


def test_a_document_whose_listed_sum_is_not_the_logged_one_is_parsed_again(tmp_path):
    """SHA256SUMS made again after the file changed: the logged sum (of the bytes that parsed) is not the
    listed one, so the self-check parses the file on disk, and names it."""
    root, parsed = _release(tmp_path, _good_documents())
    (root / "id" / "riga.ttl").write_bytes((CASES / "self_check" / "broken" / "id" / "riga.ttl").read_bytes())
    checksums.write_sums(root)  # from the files, not the log
    problems = self_check.check(root, parsed=parsed)
    assert len(problems) == 1 and problems[0].startswith("id/riga.ttl: written but does not parse")


def test_parsing_stops_for_good_once_the_other_process_is_done(tmp_path, monkeypatch):
    """keep_parsing() false once: the files after it are logged unparsed, and the self-check parses them."""
    answers = iter([True, True, False, True, True])
    documents = _good_documents()
    documents["riga.rdf"] = (CASES / "self_check" / "broken" / "id" / "riga.rdf").read_bytes()
    root, parsed = _release(tmp_path, documents, keep_parsing=lambda: next(answers))
    assert parsed[1] == 2  # riga.jsonld and riga.nt; riga.rdf (broken), riga.ttl and riga.var after the stop
    seen = _counting_parses(monkeypatch)
    problems = self_check.check(root, parsed=parsed)
    assert len(problems) == 1 and problems[0].startswith("id/riga.rdf: written but does not parse")
    assert len(seen) == 5  # the three dumps, riga.rdf and riga.ttl


def test_files_parsed_ahead_are_hashed_not_parsed_again(tmp_path, monkeypatch):
    """self_check.parse_ahead (the release's process, while the copy still writes the documents): the files
    outside id/ read and parsed, largest first, while keep_going(); the self-check does not parse them again."""
    root, parsed = _release(tmp_path, _good_documents())
    ahead = self_check.parse_ahead(root, lambda: True, skip_dirs=("id/",))
    assert sorted(rel for rel, _ in ahead) == ["lv-pact-1939.jsonld", "lv-pact-1939.nt", "lv-pact-1939.ttl"]
    seen = _counting_parses(monkeypatch)
    assert self_check.check(root, parsed=parsed, ahead=ahead) == [] and seen == []
    answers = iter([True, False])
    assert len(self_check.parse_ahead(root, lambda: next(answers), skip_dirs=("id/",))) == 1  # stops when told


@pytest.mark.parametrize("name", ["lv-pact-1939.jsonld", "lv-pact-1939.ttl"])
def test_a_file_parsed_ahead_that_does_not_parse_or_changes_is_still_named(tmp_path, name):
    root, parsed = _release(tmp_path, _good_documents())
    shutil.copyfile(CASES / "self_check" / "broken" / name, root / name)
    checksums.write_sums(root, logs=(root / LOG,))
    ahead = self_check.parse_ahead(root, lambda: True, skip_dirs=("id/",))
    assert name not in dict(ahead)  # left to the self-check
    problems = self_check.check(root, parsed=parsed, ahead=ahead)
    assert len(problems) == 1 and problems[0].startswith(f"{name}: written but does not parse")
    # parsed ahead while good, broken afterwards: its sum is no longer the one parsed
    shutil.copyfile(GOOD / name, root / name)
    checksums.write_sums(root, logs=(root / LOG,))
    ahead = self_check.parse_ahead(root, lambda: True, skip_dirs=("id/",))
    shutil.copyfile(CASES / "self_check" / "broken" / name, root / name)
    checksums.write_sums(root, logs=(root / LOG,))
    problems = self_check.check(root, parsed=parsed, ahead=ahead)
    assert len(problems) == 1 and problems[0].startswith(f"{name}: written but does not parse")


def test_documents_logged_unparsed_are_parsed_ahead_as_they_are_logged(tmp_path, monkeypatch):
    """Once its writer stops parsing (on_stop gives how many log lines it parsed), the other process follows the
    log (self_check.LogFollower) and parses the documents logged after those: the self-check parses none of
    them again, and still names one that does not parse."""
    answers = iter([True, True, False, True, True])
    stopped = []
    documents = _good_documents()
    documents["riga.rdf"] = (CASES / "self_check" / "broken" / "id" / "riga.rdf").read_bytes()
    root = tmp_path / "release"
    shutil.copytree(GOOD, root)
    shutil.rmtree(root / "id")
    (root / "id").mkdir()
    with checksums.DigestLog(root, root / LOG) as logged:
        writer = self_check.ParsingWriter(logged.write_bytes, checksums.write_file, lambda: next(answers), stopped.append)
        for name, data in sorted(documents.items()):
            writer.write(str(root / "id" / name), data)
    checksums.write_sums(root, logs=(root / LOG,))
    assert stopped == [writer.parsed] == [2]  # riga.jsonld and riga.nt parsed by their writer
    going = iter([True] * 12)
    follow = self_check.LogFollower(root / LOG, lambda: stopped[0])
    ahead = self_check.parse_ahead(root, lambda: next(going, False), skip_dirs=("id/",), follow=follow)
    assert sorted(rel for rel, _ in ahead if rel.startswith("id/")) == ["id/riga.ttl"]  # riga.rdf does not parse
    seen = _counting_parses(monkeypatch)
    problems = self_check.check(root, parsed=(root / LOG, writer.parsed), ahead=ahead)
    assert len(problems) == 1 and problems[0].startswith("id/riga.rdf: written but does not parse")
    assert len(seen) == 1  # riga.rdf alone: the dumps and riga.ttl were parsed ahead


def test_the_log_is_followed_in_whole_lines_past_the_parsed_ones(tmp_path):
    log = tmp_path / ".log"
    skip = [-1]
    follow = self_check.LogFollower(log, lambda: skip[0])
    assert follow.new_records() == []  # no log yet
    log.write_bytes(b"a 1 2 3 id/a.nt\nb 1 2 3 id/b.nt\nc 1 2 3 id/c")
    assert follow.new_records() == []  # its writer still parses: nothing to follow
    skip[0] = 1
    assert follow.new_records() == [["b", "1", "2", "3", "id/b.nt"]]  # past the parsed line; not the half line
    with open(log, "ab") as f:
        f.write(b" d.nt\nd 1 2 3 id/d.nt\n")
    assert follow.new_records() == [["c", "1", "2", "3", "id/c d.nt"], ["d", "1", "2", "3", "id/d.nt"]]
    assert follow.new_records() == []
    follow.close()
