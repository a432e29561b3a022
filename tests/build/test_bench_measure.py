"""bench/measure.py and the phases of `pactkg dist` in bench/run.py: a benchmark's figures must be right too."""

from __future__ import annotations

import sys
import textwrap

import pytest

from pactkg.common import paths

sys.path.insert(0, str(paths.ROOT / "bench"))
import measure  # noqa: E402
import run as bench_run  # noqa: E402

# A stand-in for `pactkg dist`: prints its phase lines a little apart, as the real command does.
FAKE_DIST = textwrap.dedent("""
    import time
    print("[1/3] build: ...", flush=True)
    time.sleep(0.3)
    print("      Wrote /tmp/x/lv-pact-1939.ttl (5902 triples, 362877 bytes) and /tmp/x/summary.txt", flush=True)
    time.sleep(0.3)
    print("[2/3] site: entity pages, index, timeline, map", flush=True)
    time.sleep(0.3)
    print("[3/3] swap into /tmp/x", flush=True)
""")


def test_the_phases_of_a_dist_run_follow_its_lines():
    m = measure.run([sys.executable, "-c", FAKE_DIST], capture=True)
    assert m.returncode == 0 and "[3/3] swap" in m.stdout
    phases = bench_run.dist_phases(m)
    assert list(phases) == ["build", "release", "site"]
    for phase in phases.values():
        assert 0.25 < phase["wall"] < 5
        assert phase["peak_mb"] > 0
    assert sum(p["wall"] for p in phases.values()) <= m.wall


def test_a_run_without_the_phase_lines_has_no_phases():
    m = measure.run([sys.executable, "-c", "print('[1/3] build: ...')"], capture=True)
    assert bench_run.dist_phases(m) is None


@pytest.mark.parametrize("pattern, found", [(r"^\[2/3\] site", True), (r"^\[9/9\] site", False)])
def test_first_line_finds_a_printed_line(pattern, found):
    m = measure.run([sys.executable, "-c", FAKE_DIST], capture=True)
    assert (m.first_line(pattern) is not None) == found


# Phases that spend CPU differently: the build sleeps, the release works in this process, the site in a child
# process that it waits for (its CPU reaches the tree's count through the parent's reaped-children time).
WORKING_DIST = textwrap.dedent("""
    import os, time
    def burn(seconds):
        end = time.process_time() + seconds
        while time.process_time() < end:
            pass
    print("[1/3] build: ...", flush=True)
    time.sleep(0.6)
    print("      Wrote /tmp/x/lv-pact-1939.ttl (5902 triples, 362877 bytes) and /tmp/x/summary.txt", flush=True)
    burn(0.6)
    print("[2/3] site: entity pages, index, timeline, map", flush=True)
    pid = os.fork()
    if pid == 0:
        burn(0.6)
        os._exit(0)
    os.waitpid(pid, 0)
    time.sleep(0.3)
    print("[3/3] swap into /tmp/x", flush=True)
""")


def test_each_phase_has_the_cpu_its_processes_spent():
    m = measure.run([sys.executable, "-c", WORKING_DIST], capture=True)
    assert m.returncode == 0
    phases = bench_run.dist_phases(m)
    assert phases["build"]["cpu"] < 0.3  # asleep, but for start-up
    assert 0.45 < phases["release"]["cpu"] < 1.2
    assert 0.45 < phases["site"]["cpu"] < 1.2  # the child's, counted once it was reaped
    assert sum(p["cpu"] for p in phases.values()) <= m.cpu + 0.05


def test_the_cpu_at_a_moment_is_the_largest_sample_up_to_it():
    m = measure.Measured(wall=3, cpu=2.5, tree_peak_mb=1, max_rss_mb=1, returncode=0, started=100.0, ended=103.0,
                         cpu_samples=[(100.5, 0.2), (101.5, 1.0), (101.7, 0.9), (102.5, 2.0)])
    assert m.cpu_at(100.1) == 0.0 and m.cpu_at(101.9) == 1.0 and m.cpu_at(104) == 2.5
    assert m.cpu_between(101.5, 103.0) == 1.5


def test_a_reaped_childs_cpu_stays_in_the_count():
    """A child's CPU, once it is reaped, is counted in its parent's (cutime): not lost, not counted twice."""
    import os
    import time

    before = measure.tree_cpu_s([os.getpid()])
    pid = os.fork()
    if pid == 0:
        end = time.process_time() + 0.5
        while time.process_time() < end:
            pass
        os._exit(0)
    os.waitpid(pid, 0)
    assert 0.4 < measure.tree_cpu_s([os.getpid()]) - before < 1.5


def test_a_line_read_after_the_process_ended_counts_at_its_end():
    """The reading thread may be scheduled late on a busy machine: a phase never ends after the process."""
    m = measure.Measured(wall=2.0, cpu=1.0, tree_peak_mb=1.0, max_rss_mb=1.0, returncode=0, started=100.0,
                         lines=[(101.0, "[2/3] site\n"), (103.5, "[3/3] swap\n")], ended=102.1)
    assert m.first_line(r"^\[2/3\]") == 101.0
    assert m.first_line(r"^\[3/3\]") == 102.0
    assert m.first_line(r"^\[9/9\]") is None


@pytest.mark.parametrize("read_s, least_wait", [(0.0, measure.PSS_POLL_S), (0.02, 0.02 / measure.PSS_BUDGET)])
def test_a_slow_pss_read_spaces_out_the_next(monkeypatch, read_s, least_wait):
    """smaps_rollup costs the kernel a walk of every page (43 ms for a 2.6 GB process): the poller waits long
    enough after it that the reads stay within PSS_BUDGET of its time, and never less than PSS_POLL_S."""
    import time

    def slow_pss(pids):
        time.sleep(read_s)
        return 123.0

    monkeypatch.setattr(measure, "_pss_mb", slow_pss)
    mb, wait = measure.tree_mb([1, 2])
    assert mb == 123.0
    assert least_wait <= wait < least_wait * 3 + measure.PSS_POLL_S


def test_one_process_is_read_from_statm_at_the_short_interval():
    import os

    mb, wait = measure.tree_mb([os.getpid()])
    assert mb > 1 and wait == measure.POLL_S


def test_the_polling_says_what_it_cost():
    m = measure.run([sys.executable, "-c", "import time; time.sleep(0.5)"])
    assert m.returncode == 0 and len(m.samples) >= 3
    assert 0 < m.poller_cpu_s < m.wall


def test_a_run_notes_the_page_cache_it_started_with():
    """/proc/meminfo's "Cached" when the command started: a full cache makes every new file dearer."""
    m = measure.run([sys.executable, "-c", "pass"])
    assert m.cache_mb_at_start == pytest.approx(measure.page_cache_mb(), rel=0.5, abs=512)
    assert m.cache_mb_at_start > 0


def test_dropping_the_page_cache_where_it_cannot_be_done_says_so(tmp_path):
    control = tmp_path / "drop_caches"
    control.mkdir()  # a folder: opening it for writing fails as a file root alone may write would
    with pytest.raises(OSError):
        measure.drop_page_cache(str(control))


def test_dropping_the_page_cache_writes_1_to_its_control(tmp_path):
    control = tmp_path / "drop_caches"
    measure.drop_page_cache(str(control))
    assert control.read_text() == "1\n"


def test_no_run_is_timed_beside_the_removal_of_a_previous_dist(tmp_path):
    """bench/run.py waits while a previous `pactkg dist` output of the copy is still being removed."""
    import shutil
    import threading

    assert bench_run.wait_for_removals(tmp_path) < 0.5  # nothing being removed: no wait
    removing = tmp_path / ".dist-all.old-4242-abc"
    removing.mkdir()
    timer = threading.Timer(1.2, shutil.rmtree, args=(removing,))
    timer.start()
    try:
        assert bench_run.wait_for_removals(tmp_path) >= 1.0
    finally:
        timer.cancel()
    assert not removing.exists()


@pytest.mark.parametrize("command", ["build", "release", "site", "dist"])
def test_no_run_replaces_an_earlier_runs_output(tmp_path, command):
    """A run that replaced the previous run's folder would remove its files first, and on this machine's file
    system a file made within minutes of many removals costs far more (docs/benchmarks.md, session 26)."""
    from pathlib import Path

    outputs = []
    for run in (1, 2, 3):
        line = bench_run.command_line(command, tmp_path, run)
        outputs.append(Path(line[line.index("--dist" if "--dist" in line else "--out") + 1]))
    for a in outputs:
        for b in outputs:
            assert a == b or (a not in b.parents and b not in a.parents and a != b)
    assert len(set(outputs)) == 3
    if command != "dist":  # the site and the release read the build's output where PACTKG_DIST points
        assert all(bench_run.run_dist(tmp_path, run) in (o, *o.parents) for run, o in zip((1, 2, 3), outputs))


def test_room_is_made_only_when_the_disk_would_not_hold_the_next_run(tmp_path):
    """Earlier runs' outputs stay while there is room; without room they go, and the benchmark then waits for the
    file system to settle before the next timed run."""
    for k in (1, 2):
        (bench_run.run_dist(tmp_path, k) / "id").mkdir(parents=True)
        (tmp_path / f"dist-all-{k}").mkdir()
    current = bench_run.run_dist(tmp_path, 3)
    current.mkdir()
    slept = []
    assert bench_run.make_room(tmp_path, 3, need=100, free=lambda p: 1000, sleep=slept.append) == 0
    assert slept == [] and len(bench_run.earlier_outputs(tmp_path, 3)) == 4
    waited = bench_run.make_room(tmp_path, 3, need=100, free=lambda p: 10, settle=7, sleep=slept.append)
    assert waited == 7 and slept == [7]
    assert bench_run.earlier_outputs(tmp_path, 3) == [] and current.is_dir()  # this run's folder is kept
    assert bench_run.make_room(tmp_path, 3, need=100, free=lambda p: 10, sleep=slept.append) == 0  # nothing left
    assert slept == [7]
