"""Every Turtle file of the repository parses on its own (an error names the file and the line)."""

from __future__ import annotations

import pytest

from pactkg.build import load
from pactkg.common import paths
from pactkg.common.inputs import Inputs

FILES = [paths.ONTOLOGY_FILE, paths.SHAPES_FILE, *Inputs.from_env().data_files()]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_parses(path):
    assert path.is_file(), f"{path} is missing"
    graph = load.parse_file(path)
    assert len(graph) > 0, f"{path} holds no triples"


def test_there_is_data():
    assert Inputs.from_env().data_files(), "data/ holds no .ttl files"
