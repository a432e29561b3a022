"""Shared fixtures for the release tests: one release of the repository, made once per session in tmp.

The release goes through pactkg.build.pipeline (SHACL, QC and evidence checks) like `make release`. Set
PACTKG_RELEASE_TEST_BUILD=0 only to work on the release tooling while the data does not validate; the
dump is then written by the fallback (load_all() and rdflib), and nothing else changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pactkg.publish import release as rel
from pactkg.publish import release_version

from .support import BASE, USE_BUILD


@pytest.fixture(scope="session")
def released(tmp_path_factory) -> Path:
    """dist/ of a release of the current repository (in a temporary folder)."""
    dist = tmp_path_factory.mktemp("release") / "dist"
    rel.release(dist, BASE, use_build=USE_BUILD, log=lambda _msg: None)
    return dist


@pytest.fixture(scope="session")
def info() -> release_version.ReleaseInfo:
    return release_version.release_info()
