"""Time and memory of a whole process tree, as a user's command runs it.

run() starts the command, then
- polls /proc every POLL_S seconds: the processes of the tree (the command and every descendant, found by
  their parent ids) and their memory; the largest sum is `tree_peak_mb`. One process: its resident set size
  (/proc/PID/statm). Several: the sum of their proportional set sizes (/proc/PID/smaps_rollup), where a page
  shared by n processes counts 1/n in each. A forked worker shares its parent's pages (copy-on-write), and a
  sum of RSS counted them twice: the self-check's two processes at 1000x showed 5.4 GB for some 2.7 GB of
  pages (session 20). A peak shorter than the polling interval can be missed.
- keeps its own cost small (PSS_BUDGET): the kernel walks every page table of a process for smaps_rollup,
  43 ms for a 2.6 GB process (/tmp measure, session 25), while holding that process's memory-map lock. Read
  every 200 ms for the three or four GB-sized processes of a 1000x `pactkg dist`, that took most of a core of
  this 2-core machine from the command it measured, and the command took 550 s instead of about 400 (session
  25; every figure before it was measured that way, docs/benchmarks.md). Now each round of PSS reads is
  followed by a pause of at least PSS_POLL_S and at least the round's own time / PSS_BUDGET, so that the
  reads take at most PSS_BUDGET of the poller's time: a 1000x process tree is read every few seconds, a small
  one every PSS_POLL_S. `poller_cpu_s` says what the polling cost.
- notes how much of the memory the kernel's page cache held when the command started (`cache_mb_at_start`,
  /proc/meminfo): a 1000x `make` writes some 19 GB of files, and a cache that already holds another such output
  makes the files just written be read back from the disk (400 s instead of 351 s, session 27). Session
  25's figures for a full cache (80 against 227 us of CPU a 4 kB file) came from removals before the runs, not
  from the cache (session 26). Runs compared with each other should start from the same state
  (docs/benchmarks.md).
- with each memory sample, the CPU seconds the tree has used so far: for each process of the tree its own
  user and system time and those of the children it has waited for (/proc/PID/stat), so that a process is
  counted once, alive or reaped (`cpu_between`: the CPU of a phase, e.g. of `pactkg dist`);
- reaps the command with os.wait4, whose rusage gives the CPU seconds of the command and of every
  descendant it waited for, and `max_rss_mb`: the largest peak RSS of any single one of those processes
  (exact, kernel-counted).
`peak_mb` is the larger of the two. Wall time is measured around the whole process (start-up, imports and
exit included).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field

POLL_S = 0.02
PSS_POLL_S = 0.2
PSS_BUDGET = 0.02  # the most of the poller's time spent reading smaps_rollup (see above)
PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Measured:
    wall: float
    cpu: float
    tree_peak_mb: float
    max_rss_mb: float
    returncode: int
    timed_out: bool = False
    stdout: str = ""
    stderr: str = ""
    samples: list[tuple[float, float]] = field(default_factory=list)  # (epoch seconds, tree MB)
    started: float = 0.0  # epoch seconds
    lines: list[tuple[float, str]] = field(default_factory=list)  # (epoch seconds, line) of stdout, when captured
    cpu_samples: list[tuple[float, float]] = field(default_factory=list)  # (epoch seconds, tree CPU s so far)
    ended: float = 0.0  # epoch seconds
    poller_cpu_s: float = 0.0  # CPU seconds the polling took (this process's thread, not the command's)
    cache_mb_at_start: float = 0.0  # the page cache's size when the command started (/proc/meminfo "Cached")

    @property
    def peak_mb(self) -> float:
        return max(self.tree_peak_mb, self.max_rss_mb)

    def peak_until(self, epoch: float) -> float:
        """The tree's largest sampled RSS up to a moment (for a step of a multi-step process)."""
        return max((mb for t, mb in self.samples if t <= epoch), default=0.0)

    def peak_between(self, start: float, end: float) -> float:
        """The tree's largest sampled memory between two moments (a phase of a multi-step process)."""
        return max((mb for t, mb in self.samples if start <= t <= end), default=0.0)

    def cpu_at(self, epoch: float) -> float:
        """The tree's CPU seconds up to a moment: the largest sample up to it (the count only grows, but a sample
        taken while a process was being reaped can miss its time); 0 before the first; at or after the end, the
        total that os.wait4 gave."""
        if epoch >= self.ended:
            return self.cpu
        return max((cpu for t, cpu in self.cpu_samples if t <= epoch), default=0.0)

    def cpu_between(self, start: float, end: float) -> float:
        """The tree's CPU seconds between two moments (a phase), to within one sampling interval."""
        return max(0.0, self.cpu_at(end) - self.cpu_at(start))

    def first_line(self, pattern: str) -> float | None:
        """When the first stdout line matching a regular expression was read (epoch seconds), or None.

        No later than the process's end (started + wall): on a busy machine the reading thread can be
        scheduled after the process has ended, and a line is never printed after that."""
        rx = re.compile(pattern)
        t = next((t for t, line in self.lines if rx.search(line)), None)
        return None if t is None else min(t, self.started + self.wall)


def _tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        parents.setdefault(ppid, []).append(int(name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(parents.get(pid, ()))
    return out


def tree_cpu_s(pids: list[int]) -> float:
    """User + system seconds of each process and of the children it has reaped (utime, stime, cutime, cstime)."""
    ticks = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                stat = fh.read()
            fields = stat[stat.rindex(b")") + 2:].split()
            ticks += sum(int(f) for f in fields[11:15])  # fields 14-17 of proc(5), counted from the state
        except (OSError, IndexError, ValueError):
            pass
    return ticks / TICK


def _rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm", "rb") as fh:
                total += int(fh.read().split()[1])
        except (OSError, IndexError, ValueError):
            pass
    return total * PAGE / 2**20


def _pss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
                for line in fh:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1])  # kB
                        break
        except (OSError, IndexError, ValueError):
            pass
    return total / 1024


def tree_mb(pids: list[int]) -> tuple[float, float]:
    """(MB, seconds until the next sample): one process's RSS, or several processes' summed PSS, then a pause
    long enough that the PSS reads take at most PSS_BUDGET of the time (see above)."""
    if len(pids) > 1:
        t = time.perf_counter()
        mb = _pss_mb(pids)
        return mb, max(PSS_POLL_S, (time.perf_counter() - t) / PSS_BUDGET)
    return _rss_mb(pids), POLL_S


def page_cache_mb() -> float:
    """The kernel's page cache, MB (/proc/meminfo "Cached"; 0 where there is no such file)."""
    try:
        with open("/proc/meminfo", "rb") as fh:
            for line in fh:
                if line.startswith(b"Cached:"):
                    return int(line.split()[1]) / 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0.0


DROP_CACHES = "/proc/sys/vm/drop_caches"


def drop_page_cache(control: str = DROP_CACHES) -> None:
    """Write the dirty pages out and empty the page cache (`sync; echo 1 > /proc/sys/vm/drop_caches`), so that
    runs start from the same state. Needs root: PermissionError (or OSError) otherwise."""
    os.sync()
    with open(control, "w") as fh:
        fh.write("1\n")


def run(cmd: list[str], *, env: dict | None = None, cwd=None, timeout: float | None = None,
        capture: bool = False) -> Measured:
    out = subprocess.PIPE if capture else subprocess.DEVNULL
    cache_mb = page_cache_mb()
    started = time.time()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.PIPE if capture else out,
                            text=True, start_new_session=True)
    samples: list[tuple[float, float]] = []
    cpu_samples: list[tuple[float, float]] = []
    done = threading.Event()

    poller_cpu = [0.0]

    def poll() -> None:
        while not done.is_set():
            pids = _tree(proc.pid)
            mb, wait = tree_mb(pids)
            now = time.time()
            samples.append((now, mb))
            cpu_samples.append((now, tree_cpu_s(pids)))
            poller_cpu[0] = time.thread_time()
            done.wait(wait)

    sampler = threading.Thread(target=poll, daemon=True)
    sampler.start()
    chunks: dict[str, str] = {"out": "", "err": ""}
    lines: list[tuple[float, str]] = []
    readers = []

    def read_lines(stream) -> None:
        """stdout line by line, each with the moment it was read (the phases of `pactkg dist`)."""
        for line in stream:
            lines.append((time.time(), line))
        chunks["out"] = "".join(line for _, line in lines)

    if capture:
        readers.append(threading.Thread(target=read_lines, args=(proc.stdout,), daemon=True))
        readers.append(threading.Thread(target=lambda: chunks.__setitem__("err", proc.stderr.read()), daemon=True))
        for th in readers:
            th.start()
    timed_out = False
    killer = None
    if timeout is not None:
        def kill() -> None:
            nonlocal timed_out
            timed_out = True
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the command's own session: its tree, nothing else
            except ProcessLookupError:
                pass
        killer = threading.Timer(timeout, kill)
        killer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    ended = time.time()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if killer is not None:
        killer.cancel()
    done.set()
    sampler.join()
    for th in readers:
        th.join()
    return Measured(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        tree_peak_mb=max((mb for _, mb in samples), default=0.0),
        max_rss_mb=usage.ru_maxrss / 1024,  # Linux: KiB
        returncode=proc.returncode,
        timed_out=timed_out,
        stdout=chunks["out"],
        stderr=chunks["err"],
        samples=samples,
        started=started,
        lines=lines,
        cpu_samples=cpu_samples,
        ended=ended,
        poller_cpu_s=poller_cpu[0],
        cache_mb_at_start=cache_mb,
    )
