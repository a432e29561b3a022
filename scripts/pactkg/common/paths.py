"""Where things are: one place for the repository's paths, so that no module guesses them."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "pact.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"
CHECKS_DIR = QUERIES_DIR / "checks"
DIST_DIR = Path(os.environ.get("PACTKG_DIST", ROOT / "dist"))
# What the development commands (pactkg build, release, site, mappings export, link …) write when not told
# where: never dist/, which only `pactkg dist` (`make`) writes, whole.
DEV_DIR = ROOT / "build"


def dev_output(part: str) -> Path:
    """Default folder of one development command's output: $PACTKG_DIST if set (tests), else build/<part>."""
    env = os.environ.get("PACTKG_DIST")
    return Path(env) if env else DEV_DIR / part
SHARED_DIR = Path(os.environ.get("PACTKG_SHARED", ROOT.parent / "shared"))
SOURCE_FILE = Path(
    os.environ.get("PACTKG_SOURCE", SHARED_DIR / "source" / "lvwiki-savstarpejas-palidzibas-pakts.txt")
)
REFERENCE_DIR = SHARED_DIR / "reference"


def data_files() -> list[Path]:
    """All data files, in a fixed order (determinism starts here)."""
    return sorted(DATA_DIR.glob("*.ttl"))
