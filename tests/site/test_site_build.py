"""Building: the site is swapped in whole, nothing else in the output's parent is touched, a failure leaves
the old site as it was (no half-written folder), and the CLI says what went wrong."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pactkg.site.build import build_site
from pactkg.site.mapview import MapError

from site_support import CASES, case_graph


def test_swap_keeps_siblings_and_replaces_old_files(tmp_path):
    dist = tmp_path / "dist"
    (dist / "site").mkdir(parents=True)
    (dist / "site" / "stale.html").write_text("old")
    (dist / "lv-pact-1939.ttl").write_text("the dump")
    report = build_site(case_graph(CASES / "incoming.ttl"), dist / "site")
    assert (dist / "site" / "index.html").is_file()
    assert not (dist / "site" / "stale.html").exists()
    assert (dist / "lv-pact-1939.ttl").read_text() == "the dump"
    assert sorted(p.name for p in dist.iterdir()) == ["lv-pact-1939.ttl", "site"]
    assert report.entities == 3


def test_failure_leaves_the_old_site(tmp_path):
    dist = tmp_path / "dist"
    build_site(case_graph(CASES / "incoming.ttl"), dist / "site")
    before = sorted(p.relative_to(dist) for p in dist.rglob("*"))
    with pytest.raises(MapError, match="outline of Latvia is missing"):
        build_site(case_graph(CASES / "labels.ttl"), dist / "site", outline=tmp_path / "nope.geojson")
    assert sorted(p.relative_to(dist) for p in dist.rglob("*")) == before


def test_cli_reports_a_broken_data_file(tmp_path):
    """A Turtle error is one clear line naming the file and line, and a non-zero exit."""
    bad = tmp_path / "data"
    bad.mkdir()
    (bad / "broken.ttl").write_text("@prefix lvd: <https://w3id.org/lv-pact-1939/id/> .\nlvd:x lvd:y .\n")
    code = (
        "import sys; from pathlib import Path; import pactkg.common.paths as p;"
        f"p.DATA_DIR = Path({str(bad)!r});"
        "from pactkg.cli import main; sys.exit(main(['site', '--out', sys.argv[1]]))"
    )
    out = tmp_path / "out" / "site"
    r = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True)
    assert r.returncode == 1
    assert "broken.ttl" in r.stderr and "line 2" in r.stderr
    assert not out.exists()


def test_cli_builds(tmp_path):
    out = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "pactkg.cli", "site", "--out", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "entity pages" in r.stdout
    assert (out / "index.html").is_file() and (out / "map.html").is_file() and (out / "timeline.html").is_file()
