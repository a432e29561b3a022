"""The make targets exist and call the pipeline (a dry run: nothing is executed)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from pactkg import paths


def dry_run(*targets: str) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    proc = subprocess.run(["make", "-n", *targets], cwd=paths.ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_default_goal_builds():
    assert "pactkg build --dist dist" in dry_run()


@pytest.mark.parametrize(
    "target, command",
    [
        ("validate", "pactkg validate"),
        ("summary", "pactkg summary"),
        ("coverage", "pactkg coverage"),
        ("bench", "bench/run.py"),
        ("test", "-m pytest tests"),
    ],
)
def test_targets(target, command):
    assert command in dry_run(target)
