"""The entity pages in two processes (pactkg.site.build.entity_files on pactkg.common.fork_map): the same bytes
as one process, the forked worker really writes pages, and a failure in the worker alone is one SiteError
(the one-process message when an entity cannot be made), a non-zero exit, and no site swapped in."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pactkg.site import build
from pactkg.site.build import SiteError, build_site, render_site, site_options
from pactkg.site.model import GraphView


def _files(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _both_take_an_entity(marks: Path) -> None:
    """Called before each entity's files: the process says it has begun one, then waits (at most a minute) until
    the other has too, so that both surely write entities (both take the top pages first, and on a busy machine
    one could otherwise write every entity while the other writes top pages)."""
    me = "parent" if os.getpid() == PARENT else "worker"
    (marks / me).touch()
    other = marks / ("worker" if me == "parent" else "parent")
    deadline = time.monotonic() + 60
    while not other.exists() and time.monotonic() < deadline:
        time.sleep(0.01)


PARENT = os.getpid()


@pytest.fixture
def two_processes(monkeypatch, tmp_path):
    """Two processes for any number of entities, one entity at a time, each surely writing one."""
    monkeypatch.setattr(build, "PARALLEL_FROM_ENTITIES", 1)
    monkeypatch.setattr(build, "CHUNK", 1)
    monkeypatch.setattr(build.fork_map, "workers_for", lambda large: 2 if large else 1)
    real, marks = build._entity_files, tmp_path / "began-an-entity"
    marks.mkdir()

    def entity_files(*a, **k):
        _both_take_an_entity(marks)
        return real(*a, **k)

    real_pages = build.site_pages

    def site_pages(*a, **k):  # each site anew: a test may build twice
        for mark in marks.iterdir():
            mark.unlink()
        return real_pages(*a, **k)

    monkeypatch.setattr(build, "_entity_files", entity_files)
    monkeypatch.setattr(build, "site_pages", site_pages)


@pytest.fixture(scope="module")
def one_process_site(real_graph, tmp_path_factory):
    view = GraphView(real_graph)
    out = tmp_path_factory.mktemp("one") / "site"
    out.mkdir()
    render_site(view, out, site_options(view, out))
    return out


def test_the_real_graph_is_written_by_one_process(real_graph, tmp_path, monkeypatch):
    """Below PARALLEL_FROM_ENTITIES nothing is forked: the real graph's site must not pay for a fork."""
    asked = []
    real = build.fork_map.fork_map
    monkeypatch.setattr(build.fork_map, "fork_map", lambda f, items, workers: asked.append(workers) or real(f, items, workers))
    view = GraphView(real_graph)
    assert len(view.entities) < build.PARALLEL_FROM_ENTITIES
    (tmp_path / "site").mkdir()
    render_site(view, tmp_path / "site", site_options(view, tmp_path / "site"))
    assert asked == [1]


def test_two_processes_write_the_same_bytes(real_graph, one_process_site, tmp_path, two_processes, monkeypatch):
    parent = os.getpid()
    pids = tmp_path / "pids"
    pids.mkdir()
    real = build._entity_files

    def recorded(*a, **k):
        (pids / str(os.getpid())).touch()
        return real(*a, **k)

    monkeypatch.setattr(build, "_entity_files", recorded)
    view = GraphView(real_graph)
    out = tmp_path / "site"
    out.mkdir()
    render_site(view, out, site_options(view, out))
    writers = {int(p.name) for p in pids.iterdir()}
    assert parent in writers and len(writers) == 2, "the forked worker wrote no page"
    assert _files(out) == _files(one_process_site)


def _fail_in_the_worker(monkeypatch, how):
    parent = os.getpid()
    real = build.entity_pages

    def entity_page(view, node, *a, **k):
        if os.getpid() != parent:
            if how == "die":
                os._exit(3)
            raise ValueError("broken in the worker")
        return real(view, node, *a, **k)

    monkeypatch.setattr(build, "entity_pages", entity_page)


def test_an_entity_that_fails_in_the_worker_is_the_one_process_message(real_graph, tmp_path, two_processes,
                                                                         monkeypatch):
    _fail_in_the_worker(monkeypatch, "raise")
    out = tmp_path / "dist" / "site"
    with pytest.raises(SiteError, match=r"^https://w3id\.org/lv-pact-1939/id/\S+: cannot make its page: broken in "
                                        r"the worker\. Fix the entity in data/ and run again\.$"):
        build_site(real_graph, out)
    assert not out.exists() and list((tmp_path / "dist").iterdir()) == []  # no site, no staging folder left


def test_a_worker_that_dies_is_one_message_and_no_site(real_graph, tmp_path, two_processes, monkeypatch):
    build_site(real_graph, tmp_path / "dist" / "site")
    before = _files(tmp_path / "dist")
    _fail_in_the_worker(monkeypatch, "die")
    with pytest.raises(SiteError, match=r"^the site's pages could not be written: .*exit code 3"):
        build_site(real_graph, tmp_path / "dist" / "site")
    assert _files(tmp_path / "dist") == before  # the old site as it was


def test_the_command_exits_non_zero_with_one_line_when_the_worker_fails(tmp_path):
    code = (
        "import os, sys\n"
        "from pactkg.site import build\n"
        "build.PARALLEL_FROM_ENTITIES, build.CHUNK = 1, 1\n"
        "build.fork_map.workers_for = lambda large: 2\n"
        "import pathlib, time\n"
        "parent, real, began = os.getpid(), build.entity_pages, pathlib.Path(sys.argv[2])\n"
        "def entity_page(*a, **k):\n"
        "    if os.getpid() != parent:\n"
        "        began.touch()\n"
        "        raise ValueError('broken in the worker')\n"
        "    deadline = time.monotonic() + 60\n"
        "    while not began.exists() and time.monotonic() < deadline:  # the worker surely takes an entity\n"
        "        time.sleep(0.01)\n"
        "    return real(*a, **k)\n"
        "build.entity_pages = entity_page\n"
        "from pactkg.cli import main\n"
        "sys.exit(main(['site', '--out', sys.argv[1]]))\n"
    )
    out = tmp_path / "out" / "site"
    r = subprocess.run([sys.executable, "-c", code, str(out), str(tmp_path / "began")], capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pactkg site: https://w3id.org/lv-pact-1939/id/"), r.stderr
    assert lines[0].endswith(": cannot make its page: broken in the worker. Fix the entity in data/ and run again.")
    assert r.stdout == ""
    assert not out.exists()
    assert [p.name for p in (tmp_path / "out").iterdir()] == [".site.lock"]  # the build lock only: no staging left


def test_a_top_page_that_fails_in_either_process_is_its_own_message(real_graph, tmp_path, two_processes,
                                                                    monkeypatch):
    """The top pages are tasks beside the entities' (either process may write one): a MapError stays a MapError,
    with its own message, and no site is swapped in."""
    from pactkg.site.mapview import MapError

    def map_page(*a, **k):
        raise MapError("outline.geojson: not valid GeoJSON")

    monkeypatch.setattr(build, "map_page", map_page)
    out = tmp_path / "dist" / "site"
    with pytest.raises(MapError, match=r"^outline\.geojson: not valid GeoJSON$"):
        build_site(real_graph, out)
    assert not out.exists() and list((tmp_path / "dist").iterdir()) == []

