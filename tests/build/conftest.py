"""A throw-away project for the pipeline tests: fixture data, shapes, checks and source in tmp_path.

Each test gets its own copy, so a test may break its copy (add a broken file) without touching the repo or
another test. The pipeline is pointed at the copy through PACTKG_* variables passed to a subprocess, or an
Inputs object passed to a function: no global state is changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from pactkg.common import paths
from pactkg.common.inputs import Inputs

FIXTURES = Path(__file__).parent / "fixtures"
CASES = FIXTURES / "cases"


@dataclass
class Project:
    root: Path
    inputs: Inputs

    @property
    def env(self) -> dict:
        env = dict(os.environ)
        env.update(
            PACTKG_ONTOLOGY=str(self.inputs.ontology_file),
            PACTKG_SHAPES=str(self.inputs.shapes_file),
            PACTKG_DATA_DIR=str(self.inputs.data_dir),
            PACTKG_CHECKS_DIR=str(self.inputs.checks_dir),
            PACTKG_SOURCE=str(self.inputs.source_file),
            PACTKG_EXCLUSIONS=str(self.inputs.exclusions_file),
            PACTKG_DIST=str(self.inputs.dist_dir),
        )
        return env

    def add_case(self, name: str) -> Path:
        target = self.inputs.data_dir / name
        shutil.copy(CASES / name, target)
        return target

    def pactkg(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "pactkg.cli", *args],
            env=self.env, capture_output=True, text=True, timeout=300,
        )


@pytest.fixture
def project(tmp_path: Path) -> Project:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "data", root / "data")
    shutil.copytree(FIXTURES / "checks", root / "checks")
    shutil.copy(FIXTURES / "shapes.ttl", root / "shapes.ttl")
    shutil.copy(FIXTURES / "source.txt", root / "source.txt")
    inputs = Inputs(
        ontology_file=paths.ONTOLOGY_FILE,
        shapes_file=root / "shapes.ttl",
        data_dir=root / "data",
        checks_dir=root / "checks",
        source_file=root / "source.txt",
        exclusions_file=root / "coverage-exclusions.tsv",
        dist_dir=root / "dist",
    )
    return Project(root, inputs)


def tree(directory: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under directory with its bytes and mtime: to prove that nothing changed."""
    return {
        str(p.relative_to(directory)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def source_text() -> str:
    """The real article's text; the test is skipped, saying where it looked, when it is absent."""
    from pactkg.build import evidence_check

    source = Inputs.from_env().source_file
    text = evidence_check.read_source(source)
    if text is None:
        pytest.skip(evidence_check.skip_message(source))
    return text
