"""Helpers shared by the site's tests (a module with a unique name, so that it imports the same way under
any pytest import mode; conftest.py holds the fixtures)."""

from __future__ import annotations

from pathlib import Path

from pactkg.common import paths
from pactkg.build.load import load_graph

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
FIXTURES = HERE / "fixtures"


def case_graph(path: Path):
    """The ontology plus one case file."""
    return load_graph([paths.ONTOLOGY_FILE, path])
