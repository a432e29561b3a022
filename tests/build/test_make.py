"""The make targets exist and call the pipeline (a dry run: nothing is executed)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from pactkg.common import paths


def dry_run(*targets: str) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    # As a person runs make: not inside `make test`, whose MAKEFLAGS pass its command-line variables down
    # (CI's `make test PYTHON=… VENV=.venv-newest`: another venv, and PYTHON forces the venv's rule).
    inherited = {"PYTHON", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "VENV", "DIST", "DEV"}
    env = {k: v for k, v in os.environ.items() if k not in inherited}
    proc = subprocess.run(["make", "-n", *targets], cwd=paths.ROOT, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_default_goal_builds_everything_into_dist():
    assert "pactkg dist --dist dist" in dry_run("-B")  # -B: as if nothing were built yet


def test_a_second_make_with_nothing_changed_does_nothing(tmp_path):
    # DEV holds the settings file; VENV a virtual environment whose stamp is newer than its pins (this
    # checkout's own .venv may be older than a pin just edited, which rightly remakes it).
    dist, venv = tmp_path / "dist", tmp_path / "venv"
    args = [f"DIST={dist}", f"DEV={tmp_path / 'build'}", f"VENV={venv}"]
    dry_run(*args)  # writes the settings file
    venv.mkdir()
    (venv / ".installed").write_text("")
    dist.mkdir()
    (dist / "SHA256SUMS").write_text("")  # newer than every input: as if `make` had just built dist/
    assert "pactkg dist" not in dry_run(*args)
    assert "pactkg dist" in dry_run(*args, "-W", "data/events.ttl")  # an input changed
    assert "pactkg dist" in dry_run(*args, "DEPLOY_BASE=https://example.org/")  # a setting


@pytest.mark.parametrize(
    "target, command",
    [
        ("build", "pactkg build --dist build/dump"),
        ("release", "pactkg release --dist build/release"),
        ("site", "pactkg site --out build/site"),
        ("mappings-export", "pactkg mappings export --out build/mappings"),
    ],
)
def test_narrow_targets_never_write_dist(target, command):
    """Only `make` writes dist/, so what dist/ holds never depends on the order the targets ran in."""
    out = dry_run(target)
    assert command in out
    assert " dist/" not in out and "--dist dist" not in out and "--out dist" not in out


def test_test_target_brings_system_packages_first():
    out = dry_run("test").splitlines()
    deps = next(i for i, line in enumerate(out) if "mk/system-deps.sh" in line)
    tests = next(i for i, line in enumerate(out) if "-m pytest tests" in line)
    assert deps < tests


@pytest.mark.parametrize(
    "target, command",
    [
        ("validate", "pactkg validate"),
        ("summary", "pactkg summary"),
        ("coverage", "pactkg coverage"),
        ("bench", "bench/run.py"),
        ("test", "-m pytest tests"),
    ],
)
def test_targets(target, command):
    assert command in dry_run(target)


def sh(script: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(paths.ROOT / "mk" / script), *args], capture_output=True, text=True,
                          env={**__import__("os").environ, **(env or {})}, timeout=120)


@pytest.mark.parametrize("mode", ["--oldest", "--newest", None])
def test_find_python_picks_a_supported_interpreter(mode):
    r = sh("find-python.sh", *([mode] if mode else []), env={"PYTHON": ""})
    assert r.returncode == 0, r.stderr
    v = subprocess.run([r.stdout.strip(), "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True)
    assert v.stdout.strip() in ("(3, 11)", "(3, 12)", "(3, 13)")


def test_find_python_refuses_an_unusable_python_with_the_fix():
    r = sh("find-python.sh", env={"PYTHON": "/nonexistent/python9"})
    assert r.returncode == 1
    assert "PYTHON=/nonexistent/python9 is not a Python 3.11–3.13 interpreter" in r.stderr


def test_system_deps_names_the_exact_command_when_packages_are_missing(tmp_path):
    listing = tmp_path / "packages.txt"
    listing.write_text("# comment\n/nonexistent/browser  some-browser-pkg\ntrue  coreutils\n")
    r = sh("system-deps.sh", "--check", env={"PACTKG_SYSTEM_PACKAGES": str(listing)})
    assert r.returncode == 1
    assert "apt-get install -y some-browser-pkg" in r.stderr and "coreutils" not in r.stderr


def test_system_deps_passes_when_everything_is_there(tmp_path):
    listing = tmp_path / "packages.txt"
    listing.write_text("true  coreutils\n/bin/sh  dash\n")
    r = sh("system-deps.sh", "--check", env={"PACTKG_SYSTEM_PACKAGES": str(listing)})
    assert r.returncode == 0 and "all present (2 checked)" in r.stdout


def _fake_build(root, dump="x"):
    names = ["lv-pact-1939.ttl", "lv-pact-1939.nt", "lv-pact-1939.jsonld", "context.jsonld", "ontology.ttl",
             "ontology.jsonld", "shapes.ttl", "summary.txt", "mappings/wikidata.sssom.tsv", "mappings/unmapped.tsv",
             "CHANGES.md", "void.ttl", "SHA256SUMS", "ontology.html", "site/index.html"]
    for n in names:
        (root / n).parent.mkdir(parents=True, exist_ok=True)
        (root / n).write_text(dump if n == "lv-pact-1939.ttl" else n)
    return root


def test_compare_releases_passes_identical_builds_and_names_a_difference(tmp_path):
    a = _fake_build(tmp_path / "a")
    b = _fake_build(tmp_path / "b")
    ok = sh("compare-releases.sh", str(a), str(b))
    assert ok.returncode == 0, ok.stderr
    c = _fake_build(tmp_path / "c", dump="y")
    bad = sh("compare-releases.sh", str(a), str(c))
    assert bad.returncode == 1 and "differs: lv-pact-1939.ttl" in bad.stderr


def test_make_installs_only_the_runtime_pins_and_make_test_adds_the_test_pins():
    """`make` needs requirements.txt only; the test-only packages (requirements-test.txt) come with `make test`."""
    assert "mk/venv.sh .venv\n" in dry_run("-B") and "--test" not in dry_run("-B")
    assert "mk/venv.sh .venv --test" in dry_run("-B", "test")


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (paths.ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            assert "==" in line and not line.startswith("-"), f"{name}: {line!r} is not an exact pin"
            pkg, version = line.split("==")
            pins[pkg.strip().lower().replace("_", "-")] = version.strip()
    return pins


def test_runtime_and_test_pins_are_exact_and_do_not_overlap():
    runtime, test_only = _pins("requirements.txt"), _pins("requirements-test.txt")
    assert "pytest" in test_only and "rdflib" in runtime
    assert not set(runtime) & set(test_only)
