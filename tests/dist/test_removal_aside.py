"""The previous dist/ removed after `pactkg dist` is done, by a detached process (pactkg.common.removal_aside)."""

from __future__ import annotations

import os
import select
import shutil
import time
from pathlib import Path

import pytest

from pactkg.common import atomic_swap, build_lock, removal_aside, staging
from pactkg.dist import everything


def _folder_with_files(where: Path, n: int = 50) -> Path:
    folder = where / ".dist.staging-1-previous"
    (folder / "id").mkdir(parents=True)
    for i in range(n):
        (folder / "id" / f"e{i}.ttl").write_text(f"<e{i}> <p> <o> .\n")
    return folder


def _removers(target: Path) -> list[Path]:
    return [p for p in target.parent.iterdir() if p.name.startswith(f".{target.name}.old-")]


def _wait_until_gone(target: Path, seconds: float = 30) -> list[Path]:
    deadline = time.monotonic() + seconds
    while _removers(target) and time.monotonic() < deadline:
        time.sleep(0.05)
    return _removers(target)


@pytest.fixture
def slow_removal(monkeypatch):
    """The remover (a fork of this process, so it keeps this patch) waits 3 s before removing anything."""
    real = shutil.rmtree

    def slow(path, *args, **kwargs):
        time.sleep(3)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(removal_aside.shutil, "rmtree", slow)
    return real


def test_the_folder_is_renamed_at_once_and_removed_by_a_process_that_lives_meanwhile(tmp_path, slow_removal):
    target = tmp_path / "dist"
    folder = _folder_with_files(tmp_path)
    started = time.monotonic()
    assert removal_aside.remove_later(folder, target) is True
    assert time.monotonic() - started < 2.5  # not waited for: the remover sleeps 3 s first
    assert not folder.exists()
    renamed = _removers(target)
    assert len(renamed) == 1 and (renamed[0] / "id" / "e0.ttl").is_file()
    pid = int(renamed[0].name.split("-")[1])
    assert pid != os.getpid()
    assert staging.leftovers(target) == []  # its process lives: a new build leaves it alone
    assert _wait_until_gone(target) == []


def test_the_remover_holds_neither_the_build_lock_nor_the_commands_pipes(tmp_path, slow_removal):
    target = tmp_path / "dist"
    folder = _folder_with_files(tmp_path)
    read_end, write_end = os.pipe()  # as a caller reading the command's output would have
    try:
        with build_lock.exclusive(target):
            assert removal_aside.remove_later(folder, target) is True
        os.close(write_end)
        write_end = -1
        ready, _, _ = select.select([read_end], [], [], 2)
        assert ready and os.read(read_end, 1) == b""  # end of file: no other process holds the write end
        with build_lock.exclusive(target):  # not Busy: the remover does not hold the lock
            assert _removers(target)  # and it is still at work
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)
    assert _wait_until_gone(target) == []


def test_without_fork_the_folder_is_removed_here(tmp_path, monkeypatch):
    target = tmp_path / "dist"
    folder = _folder_with_files(tmp_path)
    monkeypatch.delattr(removal_aside.os, "fork")
    assert removal_aside.remove_later(folder, target) is False
    assert not folder.exists() and _removers(target) == []


def test_a_remover_that_cannot_rename_leaves_the_removal_here(tmp_path, monkeypatch):
    target = tmp_path / "dist"
    folder = _folder_with_files(tmp_path)

    def refused(*args, **kwargs):
        raise PermissionError("no")

    monkeypatch.setattr(removal_aside.tempfile, "mkdtemp", refused)  # in the remover: it says nothing
    assert removal_aside.remove_later(folder, target) is False
    assert not folder.exists() and _removers(target) == []


def test_a_killed_remover_leaves_a_leftover_that_the_next_build_removes(tmp_path):
    target = tmp_path / "dist"
    left = tmp_path / ".dist.old-999999999-abc"  # the name a remover gives, with a process that is gone
    (left / "id").mkdir(parents=True)
    assert staging.remove_leftovers(target) == [left] and not left.exists()


def test_the_swap_hands_the_previous_folder_to_remove_old(tmp_path):
    dist, new = tmp_path / "dist", tmp_path / ".dist.staging-1-new"
    dist.mkdir()
    (dist / "old.txt").write_text("old")
    new.mkdir()
    (new / "new.txt").write_text("new")
    handed = []
    atomic_swap.swap_in(new, dist, remove_old=lambda folder, target: handed.append((folder, target)))
    assert (dist / "new.txt").is_file()
    assert len(handed) == 1 and handed[0][1] == dist and (handed[0][0] / "old.txt").read_text() == "old"


def test_make_hands_a_large_previous_dist_to_the_remover(tmp_path, monkeypatch):
    """The whole `pactkg dist` over a previous dist/ counted as large: the new one is in place when it returns,
    and the previous one is gone soon after, leaving nothing beside dist/."""
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "lv-pact-1939.ttl").write_text("# the previous dump\n")
    (dist / "kept-by-the-old-one.txt").write_text("old")
    handed = []
    real = removal_aside.remove_later
    monkeypatch.setattr(everything, "REMOVE_ASIDE_FROM_BYTES", 1)
    monkeypatch.setattr(removal_aside, "remove_later", lambda folder, target: handed.append(folder) or real(folder, target))
    everything.build_everything(dist, log=lambda _: None)
    assert len(handed) == 1
    assert not (dist / "kept-by-the-old-one.txt").exists() and (dist / "SHA256SUMS").is_file()
    assert _wait_until_gone(dist) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dist.") and p.name != ".dist.lock"] == []


def test_a_small_previous_dist_is_removed_at_once(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "lv-pact-1939.ttl").write_text("# the previous dump\n")
    assert everything._large_output(dist) is False
    assert everything._large_output(tmp_path / "none") is False
    big = tmp_path / "big"
    big.mkdir()
    with open(big / "lv-pact-1939.ttl", "wb") as f:
        f.truncate(everything.REMOVE_ASIDE_FROM_BYTES)
    assert everything._large_output(big) is True


def test_the_remover_removes_links_not_what_they_point_to(tmp_path):
    """A previous dist/ holding links out of it (a careless or hostile hand): the links go, their targets stay."""
    target = tmp_path / "dist"
    folder = _folder_with_files(tmp_path, 3)
    outside = tmp_path / "keep"
    outside.mkdir()
    (outside / "precious.txt").write_text("mine")
    (folder / "link-to-folder").symlink_to(outside, target_is_directory=True)
    (folder / "id" / "link-to-file").symlink_to(outside / "precious.txt")
    assert removal_aside.remove_later(folder, target) is True
    assert _wait_until_gone(target) == [] and not folder.exists()
    assert (outside / "precious.txt").read_text() == "mine"
