"""Constants and helpers shared by the release tests."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from pactkg.common import paths

# The deployment base the tests release for (a host that is not this machine, so the description names
# its endpoint); the endpoint is <base>sparql.
BASE = "https://data.example.net/lv-pact-1939/"
ENDPOINT = BASE + "sparql"
CASES = Path(__file__).parent / "cases"
USE_BUILD = os.environ.get("PACTKG_RELEASE_TEST_BUILD", "1") != "0"
DCAT_AP_SHAPES = paths.REFERENCE_DIR / "dcat-ap-3.0.0-SHACL.ttl"
VOID_SHAPES = paths.ROOT / "publish" / "void-shapes.ttl"
DUMP = "lv-pact-1939"

OXI_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}
RDFLIB_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}


def oxi_triples(path: Path) -> set[str]:
    """The file's triples as N-Triples lines, parsed by pyoxigraph."""
    return {f"{q.subject} {q.predicate} {q.object} ." for q in ox.parse(path.read_bytes(), format=OXI_FORMATS[path.suffix])}


def rdflib_graph(path: Path) -> Graph:
    g = Graph()
    g.parse(path, format=RDFLIB_FORMATS[path.suffix])
    return g
