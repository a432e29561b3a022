"""The real graph (ontology + data/*.ttl), parsed once per test session. Tests must not change it."""

from __future__ import annotations

import pytest

from pactkg.build import evidence_check
from pactkg.build import load
from pactkg.common.inputs import Inputs


@pytest.fixture(scope="session")
def inputs() -> Inputs:
    return Inputs.from_env()


@pytest.fixture(scope="session")
def union(inputs):
    return load.load_graph(inputs.graph_files())


@pytest.fixture(scope="session")
def source_text(inputs) -> str:
    text = evidence_check.read_source(inputs.source_file)
    if text is None:
        pytest.skip(evidence_check.skip_message(inputs.source_file))
    return text
