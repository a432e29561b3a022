"""SHA-256 of the release's files and the SHA256SUMS file (the format `sha256sum -c` reads)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable

SUMS_NAME = "SHA256SUMS"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Digests:
    """sha256() that reads each file once while it is unchanged (same device, inode, size and mtime).

    A release needs every file's digest twice (the description's file list, then SHA256SUMS): one pass over
    the bytes instead of two. A file rewritten in between is read again. The self-check (verify_sums) does
    not use this: it reads the files from disk, which is its job.
    """

    def __init__(self) -> None:
        self._known: dict[str, tuple[tuple[int, int, int, int], str]] = {}

    def __call__(self, path: Path) -> str:
        st = os.stat(path)
        key = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        name = os.path.abspath(path)
        seen = self._known.get(name)
        if seen is not None and seen[0] == key:
            return seen[1]
        digest = sha256(path)
        self._known[name] = (key, digest)
        return digest


def release_files(root: Path, exclude: tuple[str, ...] = (SUMS_NAME,)) -> list[str]:
    """Every file under root as a '/'-separated relative path, sorted; hidden files and `exclude` left out."""
    out = []
    for p in root.rglob("*"):
        rel = p.relative_to(root).as_posix()
        if p.is_file() and rel not in exclude and not any(part.startswith(".") for part in rel.split("/")):
            out.append(rel)
    return sorted(out)


def write_sums(root: Path, digest: Callable[[Path], str] = sha256) -> Path:
    """root/SHA256SUMS listing every other file (two spaces between hash and name, as sha256sum writes).

    digest: how a file's SHA-256 is had (a Digests, to reuse the digests a caller already computed)."""
    lines = [f"{digest(root / rel)}  {rel}\n" for rel in release_files(root)]
    target = root / SUMS_NAME
    target.write_text("".join(lines), encoding="utf-8")
    return target


def verify_sums(root: Path) -> list[str]:
    """Problems found checking root/SHA256SUMS against the files (empty when all match)."""
    problems = []
    listed = {}
    for n, line in enumerate((root / SUMS_NAME).read_text(encoding="utf-8").splitlines(), 1):
        digest, sep, rel = line.partition("  ")
        if not sep or len(digest) != 64:
            problems.append(f"{SUMS_NAME}, line {n}: not '<sha256>  <file>'")
            continue
        listed[rel] = digest
    for rel in release_files(root):
        if rel not in listed:
            problems.append(f"{rel}: not listed in {SUMS_NAME}")
        elif sha256(root / rel) != listed[rel]:
            problems.append(f"{rel}: checksum differs from {SUMS_NAME}")
    for rel in listed:
        if not (root / rel).is_file():
            problems.append(f"{rel}: listed in {SUMS_NAME} but missing")
    return problems
