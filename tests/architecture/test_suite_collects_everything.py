"""Every test folder runs in `make test`: pytest skips folders whose names match `norecursedirs`, and its
default list holds "build" and "dist" (tests/build/ and tests/dist/ went unrun in CI until 27 Nov 2026)."""

from __future__ import annotations

import fnmatch
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def skipped_folders(patterns: list[str]) -> list[str]:
    """Folders under tests/ holding test files that a whole-suite run would not enter."""
    out = []
    for f in sorted(TESTS.rglob("test_*.py")):
        parts = f.relative_to(TESTS).parent.parts
        if any(fnmatch.fnmatch(part, pat) for part in parts for pat in patterns):
            out.append(str(f.parent.relative_to(TESTS)))
    return sorted(set(out))


def test_no_test_folder_is_skipped(pytestconfig):
    assert skipped_folders(pytestconfig.getini("norecursedirs")) == []


def test_pytests_default_would_skip_build_and_dist():
    """The check fails where it should: with pytest's default list, tests/build and tests/dist are skipped."""
    default = [".*", "*.egg", "_darcs", "build", "CVS", "dist", "node_modules", "venv", "{arch}"]
    assert {"build", "dist"} <= set(skipped_folders(default))
