"""`pactkg dist` (what `make` runs): everything at once into dist/, or nothing changes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pactkg.common import build_lock, staging
from pactkg.dist import everything

CLI = [sys.executable, "-m", "pactkg"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("everything") / "dist"
    figures = everything.build_everything(dist, log=lambda _: None)
    assert figures["triples"] > 3000
    assert isinstance(figures["files"], int) and figures["files"] > 1000  # a count, not the list of names
    return dist


def test_one_make_writes_every_output(built):
    for rel in ["lv-pact-1939.ttl", "lv-pact-1939.nt", "lv-pact-1939.jsonld", "summary.txt", "void.ttl",
                "SHA256SUMS", "ontology.html", "shapes.ttl", "mappings/wikidata.sssom.tsv",
                "site/index.html", "site/en/map.html", "site/lv/map.html", "site/id/vilhelms-munters.html",
                "site/lv/id/vilhelms-munters.html", "site/en/downloads.html"]:
        assert (built / rel).is_file(), rel


def test_the_sites_downloads_page_links_every_release_file(built):
    """Every release file by name with its checksum, except the per-entity documents (id/): a row per format
    with their count (session 22: 1.25 million files at 1000x)."""
    page = (built / "site" / "en" / "downloads.html").read_text(encoding="utf-8")
    counts: dict[str, int] = {}
    for line in (built / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(None, 1)
        name = name.strip()
        if name.startswith("id/"):
            assert name not in page and digest not in page, name
            suffix = Path(name).suffix
            counts[suffix] = counts.get(suffix, 0) + 1
        else:
            assert f'href="../../{name}"' in page and digest in page, name
    assert sorted(counts) == [".jsonld", ".nt", ".rdf", ".ttl", ".var"]
    for suffix, n in counts.items():
        assert f"<code>id/*{suffix}</code></td><td data-label=\"What it is\">" in page
        assert f"(files: {n})" in page


def test_the_sites_entity_documents_are_the_releases(built):
    """The site's id/<slug>.ttl and .jsonld are the release's per-entity documents, byte for byte."""
    ttls = sorted((built / "site" / "id").glob("*.ttl"))
    assert len(ttls) > 200
    for ttl in ttls:
        for ext in (".ttl", ".jsonld"):
            site_doc = ttl.with_suffix(ext)
            assert site_doc.read_bytes() == (built / "id" / site_doc.name).read_bytes(), site_doc.name


def test_the_query_pages_graph_is_the_releases_ntriples(built):
    """graph.nt, which the query page loads when no endpoint answers, is the release's sorted N-Triples (a link,
    or a copy where no link can be made), and the same bytes the site alone would write for the graph."""
    from pactkg.build import load
    from pactkg.site.build import graph_ntriples

    site_nt, release_nt = built / "site" / "assets" / "data" / "graph.nt", built / "lv-pact-1939.nt"
    assert site_nt.read_bytes() == release_nt.read_bytes()
    assert site_nt.stat().st_ino == release_nt.stat().st_ino
    assert graph_ntriples(load.stream_triples(built / "lv-pact-1939.ttl")).encode("utf-8") == site_nt.read_bytes()


def test_nothing_is_left_beside_dist(built):
    assert [p.name for p in built.parent.iterdir() if p.name.startswith(".dist.") and p.name != ".dist.lock"] == []


def _site_forked(monkeypatch, forked: bool) -> None:
    """The site made by a copy forked at the start (as for a large input) or in this process (as at 1x)."""
    from pactkg.build import pipeline

    monkeypatch.setattr(pipeline, "QC_ASIDE_FROM_BYTES", 0 if forked else 10**15)


@pytest.fixture(scope="module")
def built_forked(tmp_path_factory) -> tuple[Path, list[int]]:
    """`pactkg dist` with the build and release in one forked copy and the site in another (site_aside), and how
    many entity documents id/ held when the site's copy was told to read the dump (written to a file: it is the
    release's copy that tells it)."""
    from pactkg.dist import site_aside

    where = tmp_path_factory.mktemp("everything-forked")
    seen_file = where / "seen"
    real = site_aside.SiteAside.view_from

    def view_from(self, dump, *args):
        with open(seen_file, "a") as f:
            f.write(f"{os.getpid()} {sum(1 for _ in os.scandir(Path(dump).parent / 'id'))}\n")
        return real(self, dump, *args)

    dist = where / "dist"
    with pytest.MonkeyPatch.context() as mp:
        _site_forked(mp, True)
        mp.setattr(site_aside.SiteAside, "view_from", view_from)
        figures = everything.build_everything(dist, log=lambda _: None)
    assert figures["triples"] > 3000 and figures["site_files"] > 1000
    seen = [line.split() for line in seen_file.read_text().splitlines()]
    assert all(int(pid) != os.getpid() for pid, _ in seen)  # told by the release's copy, not by this process
    return dist, [int(n) for _, n in seen]


def test_the_site_made_by_its_copy_is_the_same_bytes(built, built_forked):
    """Forked or not, every file of dist/ is the same, with the same mode (docs/benchmarks.md, session 24)."""
    dist, _seen = built_forked

    def files(root: Path) -> dict[str, tuple[bytes, int]]:
        return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mode) for p in sorted(root.rglob("*"))
                if p.is_file()}

    ours, theirs = files(built), files(dist)
    assert sorted(ours) == sorted(theirs)
    assert [rel for rel in ours if ours[rel] != theirs[rel]] == []


def test_the_sites_copy_starts_once_the_entity_documents_are_written(built_forked):
    """The copy reads the dump only when the release's memory has fallen: every entity document is written."""
    dist, seen = built_forked
    assert seen == [sum(1 for _ in os.scandir(dist / "id"))]


def _raises(exc):
    def broken(*args, **kwargs):
        raise exc
    return broken


# Where the site fails (a name in pactkg.dist.site_aside replaced), whether it is made by its copy, what is raised.
SITE_FAILURES = [
    # The site is the last step: if it fails, the release files built before it are not published; made by
    # the copy, the failure comes back as the same exception with the same message.
    ("render_site", _raises(everything.SiteError("lvd:x: cannot make its page")), False,
     everything.SiteError, "^lvd:x: cannot make its page$"),
    ("render_site", _raises(everything.SiteError("lvd:x: cannot make its page")), True,
     everything.SiteError, "^lvd:x: cannot make its page$"),
    # The copy computes the map's places while the release works; a failure there is raised when the site's
    # turn comes, with its own message.
    ("map_places", _raises(everything.MapError("latvia.geojson: not GeoJSON")), False,
     everything.MapError, "^latvia.geojson: not GeoJSON$"),
    ("map_places", _raises(everything.MapError("latvia.geojson: not GeoJSON")), True,
     everything.MapError, "^latvia.geojson: not GeoJSON$"),
    # A copy that dies is said, with its exit code.
    ("render_site", lambda *a, **k: os._exit(9), True, everything.SiteError,
     r"^the site could not be made: a worker process ended without its result \(exit code 9\)$"),
]


@pytest.mark.parametrize("name, replacement, forked, error, message", SITE_FAILURES)
def test_a_failure_of_the_site_is_said_after_the_release_and_changes_nothing(tmp_path, monkeypatch, name, replacement,
                                                                            forked, error, message):
    from pactkg.dist import site_aside

    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "previous.txt").write_text("the previous build")
    _site_forked(monkeypatch, forked)
    monkeypatch.setattr(site_aside, name, replacement)
    logged: list[str] = []
    with pytest.raises(error, match=message):
        everything.build_everything(dist, log=logged.append)
    assert any(line.startswith("[2/3] site") for line in logged)  # the release was complete first
    assert sorted(p.name for p in dist.iterdir()) == ["previous.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dist.") and p.name != ".dist.lock"] == []


@pytest.mark.parametrize("forked", [False, True])
def test_a_release_failure_is_raised_as_it_was_and_stops_the_sites_copy(tmp_path, monkeypatch, forked):
    """The build and release run in a copy on a large input: their failure comes back as the same exception
    with the same message; the site's copy, waiting, is stopped, not left behind."""
    import multiprocessing

    from pactkg.build import load
    from pactkg.publish import release

    def broken(*args, **kwargs):
        raise load.ParseError(Path("data/x.ttl"), 3, "expected '.'")

    _site_forked(monkeypatch, forked)
    monkeypatch.setattr(release, "build_release", broken)
    with pytest.raises(load.ParseError) as caught:
        everything.build_everything(tmp_path / "dist", log=lambda _: None)
    assert str(caught.value) == "data/x.ttl, line 3: Turtle syntax error: expected '.'\n  Fix the file and run again."
    assert multiprocessing.active_children() == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dist.") and p.name != ".dist.lock"] == []


def test_a_site_copy_gone_before_it_is_told_is_said_by_the_site_step(tmp_path, monkeypatch):
    """The release does not fail because the site's copy cannot be told (a broken pipe): the site's step says that
    the copy ended, with its exit code, and nothing is published."""
    import signal
    import time

    from pactkg.dist import site_aside

    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "previous.txt").write_text("the previous build")
    real = site_aside.SiteAside.view_from

    def view_from(self, *args):
        os.kill(self._standby._task._proc.pid, signal.SIGKILL)
        time.sleep(0.5)  # gone before it is told
        return real(self, *args)

    _site_forked(monkeypatch, True)
    monkeypatch.setattr(site_aside.SiteAside, "view_from", view_from)
    logged: list[str] = []
    with pytest.raises(everything.SiteError,
                       match=r"^the site could not be made: a worker process ended without its result \(exit code -9\)$"):
        everything.build_everything(dist, log=logged.append)
    assert any(line.startswith("[2/3] site") for line in logged)  # the release itself went to its end
    assert sorted(p.name for p in dist.iterdir()) == ["previous.txt"]


def test_a_bad_input_in_the_release_copy_names_the_file_and_changes_nothing(tmp_path, monkeypatch):
    """The case tried by hand on the 10x copy (session 24), on the path a large input takes: the build's parse
    error comes back from the release's copy with the file and the line, and dist/ is as it was."""
    from pactkg.build import load

    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[2] / "data", data)
    with open(data / "events.ttl", "a", encoding="utf-8") as f:
        f.write("\nlvd:x lvd:y \n")
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "previous.txt").write_text("the previous build")
    _site_forked(monkeypatch, True)
    monkeypatch.setenv("PACTKG_DATA_DIR", str(data))
    with pytest.raises(load.ParseError) as caught:
        everything.build_everything(dist, log=lambda _: None)
    assert str(caught.value).startswith(f"{data / 'events.ttl'}, line ")
    assert sorted(p.name for p in dist.iterdir()) == ["previous.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dist.") and p.name != ".dist.lock"] == []


def test_a_release_copy_that_dies_is_said_and_changes_nothing(tmp_path, monkeypatch):
    import multiprocessing

    from pactkg.publish import release

    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "previous.txt").write_text("the previous build")
    _site_forked(monkeypatch, True)
    monkeypatch.setattr(release, "build_release", lambda *a, **k: os._exit(9))
    with pytest.raises(release.ReleaseFailed, match=r"^the build and the release could not be completed: a worker "
                                                    r"process ended without its result \(exit code 9\)$"):
        everything.build_everything(dist, log=lambda _: None)
    assert multiprocessing.active_children() == []
    assert sorted(p.name for p in dist.iterdir()) == ["previous.txt"]


def test_leftovers_of_a_killed_build_are_removed(tmp_path):
    dist = tmp_path / "dist"
    proc = subprocess.Popen(["true"])
    proc.wait()
    left = tmp_path / f".dist.staging-{proc.pid}-abc123"
    left.mkdir()
    (left / "half.ttl").write_text("@prefix")
    mine = staging.make(dist)  # this process is alive: not a leftover
    other = tmp_path / f".other.staging-{proc.pid}-abc123"  # another target's folder is not ours to remove
    other.mkdir()
    assert staging.remove_leftovers(dist) == [left]
    assert not left.exists() and mine.exists() and other.exists()


def test_one_build_at_a_time(tmp_path):
    dist = tmp_path / "dist"
    with build_lock.exclusive(dist):
        r = subprocess.run([*CLI, "dist", "--dist", str(dist)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert f"is being built by process {os.getpid()}" in r.stderr and "Nothing was changed" in r.stderr
    assert not dist.exists()


def test_a_bad_input_names_the_file_and_changes_nothing(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "broken.ttl").write_text("@prefix lvd: <https://w3id.org/lv-pact-1939/id/> .\nlvd:x lvd:y \n", encoding="utf-8")
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "lv-pact-1939.ttl").write_text("# the previous dump\n")
    env = {**os.environ, "PACTKG_DATA_DIR": str(data)}
    r = subprocess.run([*CLI, "dist", "--dist", str(dist)], capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 1
    assert "broken.ttl" in r.stderr and "was not changed" in r.stderr
    assert "Traceback" not in r.stderr
    assert sorted(p.name for p in dist.iterdir()) == ["lv-pact-1939.ttl"]


def test_version_names_package_and_data_release():
    from pactkg import __version__

    r = subprocess.run([*CLI, "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0
    assert r.stdout.startswith(f"pactkg {__version__} (data release {__version__} of ")


def test_a_kill_mid_build_leaves_dist_and_the_next_run_clears_the_leftover(tmp_path):
    """SIGKILL while the staging folder is being filled: dist/ is untouched, and the half-built folder is
    recognised as a leftover (its process is gone) and removed by the next build."""
    import signal
    import time

    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "lv-pact-1939.ttl").write_text("# the previous dump\n")  # a dist/ of ours (else it is refused)
    proc = subprocess.Popen([*CLI, "dist", "--dist", str(dist)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    stage = []
    while time.monotonic() < deadline and not stage and proc.poll() is None:
        stage = [p for p in tmp_path.iterdir() if p.name.startswith(f".dist.staging-{proc.pid}-")]
        time.sleep(0.05)
    assert stage, "the build finished or failed before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert sorted(p.name for p in dist.iterdir()) == ["lv-pact-1939.ttl"]
    assert (dist / "lv-pact-1939.ttl").read_text() == "# the previous dump\n"
    assert staging.leftovers(dist) == stage
    assert staging.remove_leftovers(dist) == stage and not stage[0].exists()


@pytest.mark.parametrize("command", [["build", "--dist"], ["release", "--dist"], ["site", "--out"]])
def test_every_command_that_writes_dist_waits_its_turn(tmp_path, command):
    """`make release` and `make site` at once used to drop dist/site (issue 10): each command takes the lock of
    the folder it writes (the site inside dist/ takes dist/'s) and stops at once with a message if it is held."""
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "previous.txt").write_text("kept")
    target = dist / "site" if command[0] == "site" else dist
    env = {**os.environ, "PACTKG_DIST": str(dist)}
    with build_lock.exclusive(dist):
        r = subprocess.run([*CLI, *command, str(target)], capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == 1
    assert f"is being built by process {os.getpid()}" in r.stderr and "Traceback" not in r.stderr
    assert sorted(p.name for p in dist.iterdir()) == ["previous.txt"]


def test_a_bad_mapping_row_publishes_nothing(tmp_path):
    """Issue 10's first case: `wd:X840801` in the curated mappings used to leave a new dist/ without mappings/.
    Now the whole build stops, naming the row, and dist/ stays as it was."""
    from pactkg.common import paths as common_paths

    mdir = tmp_path / "mappings"
    shutil.copytree(common_paths.ROOT / "mappings", mdir)
    sssom = mdir / "wikidata.sssom.tsv"
    text = sssom.read_text(encoding="utf-8")
    assert "wd:Q840801" in text
    sssom.write_text(text.replace("wd:Q840801", "wd:X840801", 1), encoding="utf-8")
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "lv-pact-1939.ttl").write_text("# the previous dump\n")
    env = {**os.environ, "PACTKG_MAPPINGS_DIR": str(mdir)}
    r = subprocess.run([*CLI, "dist", "--dist", str(dist)], capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 1, r.stdout
    assert "X840801" in r.stderr and "was not changed" in r.stderr and "Traceback" not in r.stderr
    assert sorted(p.name for p in dist.iterdir()) == ["lv-pact-1939.ttl"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dist.") and p.name != ".dist.lock"] == []


@pytest.mark.parametrize("command", [["dist", "--dist"], ["build", "--dist"], ["release", "--dist"], ["site", "--out"]])
def test_a_folder_that_is_not_ours_is_never_replaced(tmp_path, command):
    """Every output folder is replaced whole: one holding someone's files (no dump, no site marker) is refused,
    and left as it was (issue 10: `site --out` deleted a user's file; `--dist ~/Documents` would have too)."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("a year of work")
    r = subprocess.run([*CLI, *command, str(mine)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 1
    assert "is not an output of this command" in r.stderr and "Nothing was changed" in r.stderr
    assert "Traceback" not in r.stderr
    assert sorted(p.name for p in mine.iterdir()) == ["thesis.txt"] and (mine / "thesis.txt").read_text() == "a year of work"


@pytest.mark.parametrize("argv", [["dist", "--out", "x"], ["dist", "--deploy", "https://example.org/"],
                                  ["questions", "--che"]])
def test_a_shortened_option_is_refused_not_guessed(tmp_path, argv):
    """`pactkg dist --out X` once meant `--outline X` (argparse's prefix matching): the map's outline, not the
    output folder, and the build went into dist/. A word the command does not know is an error that names it."""
    r = subprocess.run([*CLI, *argv], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert r.returncode == 2
    assert f"unrecognized arguments: {argv[1]}" in r.stderr
    assert not (tmp_path / "x").exists()


def test_every_file_and_folder_of_dist_has_the_published_mode(tmp_path):
    """Under an unusual umask, every file and folder of dist/ has the mode the umask gives, although the swap
    chmods none of the files in WRITTEN_WITH_PUBLISHED_MODES (the site's entity pages, the release's documents)."""
    import stat

    dist = tmp_path / "dist"
    old_umask = os.umask(0o027)
    try:
        everything.build_everything(dist, log=lambda _: None)
    finally:
        os.umask(old_umask)
    for rel in everything.WRITTEN_WITH_PUBLISHED_MODES:
        assert any((dist / rel).iterdir()), rel
    wrong = {}
    for folder, dirs, files in os.walk(dist):
        for name in dirs + files:
            p = os.path.join(folder, name)
            mode = stat.S_IMODE(os.lstat(p).st_mode)
            if mode != (0o750 if name in dirs else 0o640):
                wrong[os.path.relpath(p, dist)] = oct(mode)
    assert wrong == {}


def test_the_swap_leaves_the_files_of_the_named_folders_alone(tmp_path):
    """release._normalise_modes: files in a named folder (at any depth) keep their mode, all others are set."""
    from pactkg.publish import release

    for rel in ("a.txt", "site/b.html", "site/en/id/c.html", "id/d.ttl"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
        os.chmod(tmp_path / rel, 0o600)
    umask = os.umask(0o022)
    try:
        release._normalise_modes(tmp_path, ("id", "site/en/id"))
    finally:
        os.umask(umask)
    modes = {rel: oct((tmp_path / rel).stat().st_mode & 0o777) for rel in ("a.txt", "site/b.html", "site/en/id/c.html", "id/d.ttl")}
    assert modes == {"a.txt": "0o644", "site/b.html": "0o644", "site/en/id/c.html": "0o600", "id/d.ttl": "0o600"}
    assert oct((tmp_path / "site" / "en" / "id").stat().st_mode & 0o777) == "0o755"
