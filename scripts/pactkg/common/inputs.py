"""The build's inputs (ontology, shapes, data, checks, source text), resolved when a command runs.

The defaults are the repository's files (pactkg.common.paths). Environment variables override them so that a test
can point a subprocess at a temporary copy without touching any global state:
PACTKG_ONTOLOGY, PACTKG_SHAPES, PACTKG_DATA_DIR, PACTKG_CHECKS_DIR, PACTKG_SOURCE, PACTKG_EXCLUSIONS,
PACTKG_DIST. They are read at call time (not import time), so one process can build several Inputs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from pactkg.common import paths

EXCLUSIONS_FILE = paths.ROOT / "coverage-exclusions.tsv"


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value) if value else Path(default)


@dataclass(frozen=True)
class Inputs:
    ontology_file: Path = paths.ONTOLOGY_FILE
    shapes_file: Path = paths.SHAPES_FILE
    data_dir: Path = paths.DATA_DIR
    checks_dir: Path = paths.CHECKS_DIR
    source_file: Path = paths.SOURCE_FILE
    exclusions_file: Path = EXCLUSIONS_FILE
    dist_dir: Path = field(default=paths.DEV_DIR)

    @classmethod
    def from_env(cls) -> "Inputs":
        return cls(
            ontology_file=_env_path("PACTKG_ONTOLOGY", paths.ONTOLOGY_FILE),
            shapes_file=_env_path("PACTKG_SHAPES", paths.SHAPES_FILE),
            data_dir=_env_path("PACTKG_DATA_DIR", paths.DATA_DIR),
            checks_dir=_env_path("PACTKG_CHECKS_DIR", paths.CHECKS_DIR),
            source_file=_env_path("PACTKG_SOURCE", paths.SOURCE_FILE),
            exclusions_file=_env_path("PACTKG_EXCLUSIONS", EXCLUSIONS_FILE),
            dist_dir=_env_path("PACTKG_DIST", paths.DEV_DIR),
        )

    def with_(self, **changes) -> "Inputs":
        return replace(self, **{k: Path(v) for k, v in changes.items()})

    def data_files(self) -> list[Path]:
        """All data files, sorted (determinism starts here)."""
        return sorted(Path(self.data_dir).glob("*.ttl"))

    def graph_files(self) -> list[Path]:
        """The files whose union is validated and published: the ontology, then the data."""
        return [Path(self.ontology_file)] + self.data_files()
