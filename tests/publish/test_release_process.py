"""How a release is made: byte-identical from one commit, never half-written, checksums that hold."""

from __future__ import annotations

import gzip
from datetime import date
import os
import stat
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pactkg.common import checksums
from pactkg.publish import ontology_docs
from pactkg.publish import release_version
from pactkg.publish import release as rel

from .support import BASE, CASES, DUMP, USE_BUILD

RELEASE_SCRIPT = (
    "import sys; from pathlib import Path; from pactkg.publish.release import release; "
    "release(Path(sys.argv[1]), sys.argv[2], use_build=sys.argv[3] == '1', log=lambda m: None)"
)


def _release_in_subprocess(dist: Path, hash_seed: str) -> None:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    subprocess.run(
        [sys.executable, "-c", RELEASE_SCRIPT, str(dist), BASE, "1" if USE_BUILD else "0"],
        check=True, env=env, capture_output=True, timeout=600,
    )


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_releases_of_one_commit_are_byte_identical(tmp_path):
    """Two releases in fresh processes (different hash seeds) are identical, file by file."""
    a, b = tmp_path / "a" / "dist", tmp_path / "b" / "dist"
    _release_in_subprocess(a, "1")
    _release_in_subprocess(b, "2")
    ta, tb = _tree(a), _tree(b)
    assert sorted(ta) == sorted(tb) and len(ta) >= 10
    differing = [name for name in ta if ta[name] != tb[name]]
    assert not differing, f"files differ between releases of the same commit: {differing}"


def test_release_has_every_file(released):
    names = set(checksums.release_files(released, exclude=()))
    expected = {
        f"{DUMP}.ttl", f"{DUMP}.nt", f"{DUMP}.jsonld", "context.jsonld", "ontology.ttl", "ontology.jsonld",
        "ontology.html", "void.ttl", "CHANGES.md", "SHA256SUMS",
    }
    assert expected <= names, f"missing: {sorted(expected - names)}"
    assert not [n for n in os.listdir(released.parent) if n.startswith(".")], "a staging folder was left behind"


def test_the_listing_counts_the_entity_documents_and_names_the_rest(released):
    files = checksums.release_files(released, exclude=())
    documents = [f for f in files if f.startswith("id/")]
    listing = rel.release_listing(files, released).splitlines()
    assert listing[0] == f"Released {len(files)} files into {released}:"
    assert listing[-1] == f"  id/  ({len(documents)} entity documents)" and len(documents) > 100
    assert len(listing) == len(files) - len(documents) + 2
    assert f"  {DUMP}.ttl  ({(released / f'{DUMP}.ttl').stat().st_size} bytes)" in listing


def test_sha256sums_lists_every_file(released):
    assert checksums.verify_sums(released) == []
    listed = [line.split("  ", 1)[1] for line in (released / "SHA256SUMS").read_text().splitlines()]
    assert listed == sorted(listed) and "void.ttl" in listed and "SHA256SUMS" not in listed
    if shutil.which("sha256sum"):  # the usual tool agrees
        subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=released, check=True)


def test_verify_sums_notices_a_changed_file(tmp_path):
    (tmp_path / "a.txt").write_text("one")
    checksums.write_sums(tmp_path)
    assert checksums.verify_sums(tmp_path) == []
    (tmp_path / "a.txt").write_text("two")
    (tmp_path / "b.txt").write_text("new")
    problems = checksums.verify_sums(tmp_path)
    assert any("a.txt: checksum differs" in p for p in problems)
    assert any("b.txt: not listed" in p for p in problems)


def test_digests_read_a_file_once_while_unchanged(tmp_path, monkeypatch):
    f = tmp_path / "a.txt"
    f.write_text("one")
    reads = []
    real = checksums.sha256
    monkeypatch.setattr(checksums, "sha256", lambda p: reads.append(p) or real(p))
    digests = checksums.Digests()
    first = digests(f)
    assert digests(f) == first and len(reads) == 1
    f.write_text("three")  # rewritten (another size): read again
    assert digests(f) == real(f) != first and len(reads) == 2
    checksums.write_sums(tmp_path, digests)
    assert len(reads) == 2 and checksums.verify_sums(tmp_path) == []


def test_digests_of_written_bytes_need_no_read(tmp_path, monkeypatch):
    reads = []
    real = checksums.sha256
    monkeypatch.setattr(checksums, "sha256", lambda p: reads.append(p) or real(p))
    digests = checksums.Digests()
    f = tmp_path / "a.ttl"
    digests.write_bytes(f, b"<http://example.org/a> <http://example.org/p> 1 .\n")
    assert digests(f) == real(f) and reads == []  # known from the bytes written: not read
    f.write_bytes(b"changed, and longer than before\n")  # rewritten by someone else: read again
    assert digests(f) == real(f) and reads == [f]


def test_release_files_lists_files_sorted_without_hidden_ones(tmp_path):
    for rel in ("b.txt", "a/z.ttl", "a/b/c.nt", ".hidden", "a/.tmp/x.txt", "SHA256SUMS", "id/x-y.var"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel)
    (tmp_path / "empty").mkdir()
    assert checksums.release_files(tmp_path) == ["a/b/c.nt", "a/z.ttl", "b.txt", "id/x-y.var"]
    assert checksums.release_files(tmp_path, exclude=()) == ["SHA256SUMS", "a/b/c.nt", "a/z.ttl", "b.txt", "id/x-y.var"]
    assert checksums.release_files(tmp_path, skip_dirs=("id/", "a/b/")) == ["a/z.ttl", "b.txt"]


def _previous_dist(root: Path) -> Path:
    dist = root / "dist"
    dist.mkdir()
    (dist / "lv-pact-1939.ttl").write_text("# the previous release\n")
    (dist / "keep").mkdir()
    (dist / "keep" / "marker.txt").write_text("previous")
    return dist


def test_a_failure_mid_release_leaves_the_previous_dist(tmp_path, monkeypatch):
    dist = _previous_dist(tmp_path)
    before = _tree(dist)

    def broken(*args, **kwargs):
        raise RuntimeError("documentation generator crashed")

    monkeypatch.setattr(ontology_docs, "write", broken)
    with pytest.raises(RuntimeError, match="crashed"):
        rel.release(dist, BASE, use_build=False, log=lambda m: None)
    assert _tree(dist) == before
    assert sorted(os.listdir(tmp_path)) == ["dist"], "the staging folder was not removed"


def test_a_release_replaces_dist_as_a_whole(tmp_path):
    dist = _previous_dist(tmp_path)
    old_umask = os.umask(0o022)
    try:
        rel.release(dist, None, use_build=False, log=lambda m: None)
    finally:
        os.umask(old_umask)
    assert not (dist / "keep").exists()
    assert (dist / "void.ttl").is_file() and checksums.verify_sums(dist) == []
    assert sorted(os.listdir(tmp_path)) == ["dist"]
    assert dist.stat().st_mode & 0o005 == 0o005, "dist/ kept the private mode of a temporary folder"
    assert all(p.stat().st_mode & 0o004 for p in dist.rglob("*")), "a released file is not world-readable"


def test_every_file_and_folder_has_the_published_mode_with_id_files_left_alone(tmp_path):
    """_normalise_modes does not chmod the files of id/ (WRITTEN_WITH_PUBLISHED_MODES): they must have the
    mode every other file is given, under a umask other than the usual one."""
    dist = tmp_path / "dist"
    old_umask = os.umask(0o027)
    try:
        rel.release(dist, None, use_build=False, log=lambda m: None)
    finally:
        os.umask(old_umask)
    documents = [p for p in (dist / "id").iterdir()]
    assert documents and all(p.is_file() for p in documents), "id/ is expected flat (see _normalise_modes)"
    modes = {p.relative_to(dist).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in dist.rglob("*")}
    wrong = {r: oct(m) for r, m in modes.items() if m != (0o750 if (dist / r).is_dir() else 0o640)}
    assert wrong == {}


def test_missing_changelog_entry_fails_before_writing(tmp_path):
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# Changelog\n\n## [0.0.9] - 2026-01-01\n")
    with pytest.raises(release_version.ReleaseInfoError, match=r"no entry for version 0\.1\.0.*## \[0\.1\.0\] - YYYY-MM-DD"):
        release_version.release_info("0.1.0", changelog, tmp_path / "releases")


def test_release_info_from_changelog_and_kept_releases(tmp_path):
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(
        "# Changelog\n\n## [0.3.0] - 2027-03-01\n\ntext\n\n## [0.2.0] - 2027-02-01\n\n## 0.1.0 - 2026-11-26\n"
    )
    releases = tmp_path / "releases"
    releases.mkdir()
    for v in ("0.1.0", "0.2.0", "0.3.0", "0.10.0"):
        (releases / f"{v}.nt.gz").write_bytes(gzip.compress(b""))
    info = release_version.release_info("0.3.0", changelog, releases)
    assert info.released.isoformat() == "2027-03-01"
    assert info.first_released.isoformat() == "2026-11-26"
    assert info.baseline_version == "0.2.0" and info.baseline == releases / "0.2.0.nt.gz"
    assert release_version.release_info("0.1.0", changelog, releases).baseline is None
    (changelog).write_text("## [0.1.0] - 2026-13-45\n")
    with pytest.raises(release_version.ReleaseInfoError, match="line 1"):
        release_version.changelog_dates(changelog)


def test_repository_changelog_has_this_version(info):
    from pactkg import __version__

    assert info.version == __version__
    assert info.first_released <= info.released


def test_freeze_keeps_a_deterministic_baseline(tmp_path, released):
    a = rel.freeze(released, tmp_path / "r1", version="9.9.9")
    b = rel.freeze(released, tmp_path / "r2", version="9.9.9")
    assert a.name == "9.9.9.nt.gz" and a.read_bytes() == b.read_bytes()
    assert gzip.decompress(a.read_bytes()) == (released / f"{DUMP}.nt").read_bytes()


def test_changes_md_against_a_kept_baseline(tmp_path, monkeypatch):
    """With a previous release kept, CHANGES.md lists what changed, by entity (the diff case as the data)."""
    from rdflib import Graph

    from pactkg.publish import changelog
    from pactkg.publish import dump_formats
    from pactkg.build import load

    releases = tmp_path / "releases"
    releases.mkdir()
    old_nt = dump_formats.write_ntriples(CASES / "diff" / "old.ttl", tmp_path)
    (releases / "0.0.1.nt.gz").write_bytes(gzip.compress(old_nt.read_bytes(), mtime=0))
    monkeypatch.setattr(load, "load_all", lambda: Graph().parse(CASES / "diff" / "new.nt", format="nt"))
    monkeypatch.setattr(rel, "_write_mappings", lambda stage, graph: [])
    monkeypatch.setattr(rel, "_mappings_not_in_dump", lambda graph: 0)
    info = release_version.ReleaseInfo("0.1.0", date(2026, 11, 26), date(2026, 1, 1), releases / "0.0.1.nt.gz", "0.0.1")
    dist = tmp_path / "dist"
    rel.release(dist, None, info=info, use_build=False, log=lambda m: None)
    text = (dist / "CHANGES.md").read_text(encoding="utf-8")
    assert text.startswith("# [0.1.0] - 2026-11-26\n")
    assert "3 triples added, 3 removed; 1 entity new, 1 removed, 1 changed." in text
    expected = (CASES / "diff" / "expected.md").read_text(encoding="utf-8")
    assert text.split("## New entities", 1)[1] == expected.split("## New entities", 1)[1]
    void = (dist / "void.ttl").read_text(encoding="utf-8")
    assert "3 triples added and 3 removed since release 0.0.1" in void


def test_cli_bad_data_one_message_and_dist_unchanged(tmp_path):
    """`pactkg release` on a broken data file: exit 1, the file and line named, the previous dist/ kept."""
    if not USE_BUILD:
        pytest.skip("needs pactkg.build.pipeline (PACTKG_RELEASE_TEST_BUILD=0)")
    data = tmp_path / "data"
    data.mkdir()
    (data / "broken.ttl").write_text(
        "@prefix lvd: <https://w3id.org/lv-pact-1939/id/> .\nlvd:a lvd:b .\n", encoding="utf-8"
    )
    dist = _previous_dist(tmp_path)
    before = _tree(dist)
    env = dict(os.environ, PACTKG_DATA_DIR=str(data))
    r = subprocess.run(
        [sys.executable, "-m", "pactkg.cli", "release", "--dist", str(dist)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert r.returncode == 1
    assert "broken.ttl" in r.stderr and "line 2" in r.stderr and "was not changed" in r.stderr
    assert "Traceback" not in r.stderr
    assert _tree(dist) == before
    assert sorted(n for n in os.listdir(tmp_path) if n != ".dist.lock") == ["data", "dist"]


def test_a_truncated_baseline_is_named_not_a_traceback(tmp_path, monkeypatch):
    """A releases/*.nt.gz cut short (EOFError from gzip): one message naming it, the previous dist/ kept."""
    from rdflib import Graph

    from pactkg.build import load
    from pactkg.publish import changelog, dump_formats

    releases = tmp_path / "releases"
    releases.mkdir()
    old_nt = dump_formats.write_ntriples(CASES / "diff" / "old.ttl", tmp_path)
    whole = gzip.compress(old_nt.read_bytes(), mtime=0)
    (releases / "0.0.1.nt.gz").write_bytes(whole[: len(whole) // 2])
    monkeypatch.setattr(load, "load_all", lambda: Graph().parse(CASES / "diff" / "new.nt", format="nt"))
    monkeypatch.setattr(rel, "_write_mappings", lambda stage, graph: [])
    monkeypatch.setattr(rel, "_mappings_not_in_dump", lambda graph: 0)
    info = release_version.ReleaseInfo("0.1.0", date(2026, 11, 26), date(2026, 1, 1), releases / "0.0.1.nt.gz", "0.0.1")
    dist = _previous_dist(tmp_path)
    before = _tree(dist)
    with pytest.raises(changelog.DiffError, match=r"0\.0\.1\.nt\.gz: the gzip file is truncated or damaged .*restore it"):
        rel.release(dist, None, info=info, use_build=False, log=lambda m: None)
    assert _tree(dist) == before


def test_digest_log_gives_write_sums_the_digests_without_reading(tmp_path, monkeypatch):
    """Files written through a DigestLog in path order are not read again for SHA256SUMS; one changed since
    is, and so is one logged out of order; the sums are those sha256 gives."""
    reads = []
    real = checksums.sha256
    monkeypatch.setattr(checksums, "sha256", lambda p: reads.append(p.name) or real(p))
    (tmp_path / "id").mkdir()
    (tmp_path / "top.txt").write_text("not logged")
    log = tmp_path / ".log"
    with checksums.DigestLog(tmp_path, log) as logged:
        for name in ("a-b.nt", "a.nt", "b.nt", "c.nt"):
            logged.write_bytes(str(tmp_path / "id" / name), name.encode() * 3)
        logged.write_bytes(str(tmp_path / "id" / "0.nt"), b"out of order")
    (tmp_path / "id" / "b.nt").write_bytes(b"rewritten after, and longer")
    checksums.write_sums(tmp_path, lambda p: checksums.sha256(p), logs=(log,))
    assert sorted(reads) == ["0.nt", "b.nt", "top.txt"]
    assert checksums.verify_sums(tmp_path) == [] and ".log" not in (tmp_path / "SHA256SUMS").read_text()


def _documents_aside(monkeypatch) -> None:
    """The entity documents written by a forked copy (as in a release of DOCUMENTS_ASIDE_FROM bytes on)."""
    from pactkg.common import fork_map

    monkeypatch.setattr(rel, "DOCUMENTS_ASIDE_FROM", 0)
    monkeypatch.setattr(fork_map, "cpu_count", lambda: 2)


def test_entity_documents_written_aside_give_the_same_release(tmp_path, monkeypatch, released):
    _documents_aside(monkeypatch)
    forks = []
    real = rel.fork_task.started
    monkeypatch.setattr(rel.fork_task, "started", lambda func, fork: forks.append(fork) or real(func, fork))
    dist = tmp_path / "dist"
    rel.release(dist, BASE, use_build=USE_BUILD, log=lambda m: None)
    assert forks == [True]
    a, b = _tree(released), _tree(dist)
    assert sorted(a) == sorted(b) and [n for n in a if a[n] != b[n]] == []


_PARENT = os.getpid()


def _fails_aside(*args, **kwargs):
    if os.getpid() != _PARENT:
        raise MemoryError("no room for the documents")
    raise AssertionError("the documents were written here, not aside")


def _dies_aside(*args, **kwargs):
    if os.getpid() != _PARENT:
        os._exit(9)  # as killed by the kernel
    raise AssertionError("the documents were written here, not aside")


@pytest.mark.parametrize("how, said", [(_fails_aside, "a worker process failed.*no room for the documents"),
                                       (_dies_aside, "a worker process ended without its result \\(exit code 9\\)")])
def test_a_failure_writing_documents_aside_is_one_message_and_nothing_released(tmp_path, monkeypatch, how, said):
    from pactkg.publish import entity_documents

    _documents_aside(monkeypatch)
    dist = _previous_dist(tmp_path)
    before = _tree(dist)
    monkeypatch.setattr(entity_documents, "write_all", how)
    with pytest.raises(rel.ReleaseFailed, match="(?s)^The release's entity documents could not be written: " + said):
        rel.release(dist, BASE, use_build=False, log=lambda m: None)
    assert _tree(dist) == before
    assert sorted(os.listdir(tmp_path)) == ["dist"], "the staging folder was not removed"


@pytest.mark.parametrize("aside", [False, True])
def test_an_entity_document_that_does_not_parse_fails_the_self_check(tmp_path, monkeypatch, aside):
    """Forked (its writer parses it, self_check.ParsingWriter) or not (the self-check parses it): a document
    whose bytes do not parse is named by the self-check, and nothing is released."""
    import pyoxigraph as ox

    from pactkg.publish import entity_documents

    if aside:
        _documents_aside(monkeypatch)
    real = entity_documents.serialize

    def broken_turtle(triples, fmt):
        data = real(triples, fmt)
        return data + b"<not a triple" if fmt == ox.RdfFormat.TURTLE else data

    monkeypatch.setattr(entity_documents, "serialize", broken_turtle)
    dist = _previous_dist(tmp_path)
    before = _tree(dist)
    with pytest.raises(rel.ReleaseFailed, match=r"(?s)^The release's self-check failed:\n  id/[a-z0-9-]+\.ttl: written but does not parse"):
        rel.release(dist, BASE, use_build=False, log=lambda m: None)
    assert _tree(dist) == before
