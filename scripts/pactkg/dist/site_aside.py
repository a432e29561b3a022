"""The site of `pactkg dist`, made by a copy of the process forked at its start, while the release ends.

Why: at 1000x the site's first step, its view of the dump (GraphView: 2.9 million triples read into the
site's own structures), kept one core busy for some 38 s after the release, whose own last 50 s (SHA256SUMS,
the self-check's listing, the description) also kept only one busy (the timeline in docs/benchmarks.md,
session 24). The view needs nothing but the dump, which the build writes first. So a copy forked while
this process is still small (before the build) waits; once the release's entity documents are written, it
reads the dump into the view and computes what the site needs before it writes (its options, the source
page's coverage of the article, the map's places), beside the release's last steps; once the release is
complete (the site's downloads page lists its files; SHA256SUMS must not list the site's), it writes the site.

When it starts matters for memory: while the entity documents are written, the release holds some 3.9 GB at
1000x; once they are written, about 1.7 GB, and the view takes 1.4 GB. So the copy starts then, not sooner.

Not forked (a small input, one CPU), the same steps run in this process after the release, as before.
A failure of the site in the copy (SiteError, MapError, …) is raised here as the same exception; a copy
that dies becomes a SiteError that says so. If this process fails first, the copy is stopped.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

from pactkg.build import load
from pactkg.common import fork_map, fork_task, memory_return
from pactkg.site.build import SiteError, map_places, render_site, site_options
from pactkg.site.mapview import MapError
from pactkg.site.model import GraphView

# The exceptions a site's rendering reports to the user (pactkg.dist.everything names them): handed back
# from the copy as they are, so the message is the same forked or not.
REPORTED = (SiteError, MapError, ValueError, OSError)


class Counted:
    """An iterable of triples that counts them as they pass (the closing summary's figure)."""

    def __init__(self, triples):
        self.triples, self.n = triples, 0

    def __iter__(self):
        for t in self.triples:
            self.n += 1
            yield t


class SiteAside:
    """The site's view and pages, made by a copy forked now (fork=True) or here, after the release.

    view_from(dump, root, outline, stage, dep): the dump is complete (call it once the release's entity
    documents are written): the copy reads it into the view and computes what the site needs before writing
    (its options, the source page's coverage, the map's places); it writes nothing yet.
    render(): the release is complete: the copy writes the site into `root`; returns (pages, triples).
    Use it as a context manager: leaving the block stops the copy (a failure elsewhere, or done)."""

    def __init__(self, fork: bool) -> None:
        self._told = False
        self._receive = self._send = None
        fork = fork and "fork" in multiprocessing.get_all_start_methods()
        if fork:
            # The pipe that says "render now", made before the fork so that the copy has its reading end.
            self._receive, self._send = multiprocessing.get_context("fork").Pipe(duplex=False)
        self._standby = fork_task.Standby(self._make, fork=fork)
        if self._receive is not None:
            self._receive.close()  # the copy holds its own
            self._receive = None

    def __enter__(self) -> "SiteAside":
        return self

    def __exit__(self, *exc) -> bool:
        self._close()
        self._standby._stop()
        return False

    def view_from(self, dump: Path, root: Path, outline: Path | None, stage: Path, dep) -> None:
        """The dump is written and checked: the copy reads it into the site's view now (writing nothing). A copy
        that is no longer there to be told is not the release's failure: render() says it, with its exit code."""
        try:
            self._standby.go((Path(dump), Path(root), outline, Path(stage), dep))
        except OSError:
            pass  # the pipe is broken: the copy has ended

    def told_by_copy(self) -> None:
        """view_from() was called by a forked copy of this process (the release's, in `pactkg dist`), which
        holds the same pipe: the site's copy has its dump."""
        self._standby.given_elsewhere()

    def render(self) -> tuple[int, int]:
        """The site written (the release is complete): (pages, triples). Raises what the site raised; a copy
        that died is a SiteError."""
        self._told = True
        if self._send is not None:
            memory_return.give_back()  # what the release freed: the copy renders beside this process
            try:
                self._send.send(True)
            except OSError:
                pass  # the copy ended already (a failure before rendering): its outcome says why
            self._close()
        try:
            outcome = self._standby.result()
        except fork_map.ForkMapError as exc:
            raise SiteError(f"the site could not be made: {exc}") from None
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def _close(self) -> None:
        if self._send is not None:
            self._send.close()
            self._send = None

    def _make(self, args: tuple) -> Any:
        """In the copy (or here, once told): the view and what the site needs, then, when told, the pages:
        (pages, triples), or the exception of REPORTED that was raised (returned, so that it comes back whole
        from the copy)."""
        dump, root, outline, stage, dep = args
        forked = not self._told  # here, render() has been called before the result is asked for
        if forked:
            self._close()  # the copy's own writing end: the parent's close (or death) then ends the pipe
        memory_return.give_back()  # what the build and the release freed, before the view
        counted = Counted(load.stream_triples(dump))
        failure = None
        try:
            with memory_return.kept_apart():  # the view lives as long as this process
                view = GraphView(counted)
                opts = site_options(view, root, outline, stage, deploy=dep, documents_dir=stage)
                on_map = map_places(view, opts)
        except REPORTED + (load.ParseError,) as exc:
            failure = fork_task.portable(exc, SiteError)
        if forked:
            try:
                self._receive.recv()  # the release is complete: nothing is written into it before
            except EOFError:
                os._exit(0)  # never told to render: this process stopped; nothing to say
            finally:
                self._receive.close()
        if failure is not None:
            return failure
        try:
            root.mkdir()
            pages = render_site(view, root, opts, on_map)
        except REPORTED as exc:
            return fork_task.portable(exc, SiteError)
        return pages, counted.n
