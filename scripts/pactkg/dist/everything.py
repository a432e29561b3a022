"""`pactkg dist` (what `make` runs): every output in one staging folder, swapped into dist/ once.

Order: the build (parse, SHACL, QC, evidence; the Turtle dump and summary), the release files (N-Triples,
JSON-LD, ontology and its docs, shapes, mappings, changelog, description, checksums), then the site from the
same dump. dist/ changes only after all of that has passed, in one rename; a failure or a kill anywhere
leaves the previous dist/ as it was, and the next run removes the folders a killed run left behind.
One build of a dist/ at a time (a lock beside it).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path
from typing import Callable


from pactkg.build import load, pipeline, validate
from pactkg.common import atomic_swap, build_lock, fork_map, fork_task, output_folder, paths, removal_aside, staging
from pactkg.common.inputs import Inputs
from pactkg.dist import site_aside
from pactkg.publish import changelog, deployment, release, release_version
from pactkg.site.build import SiteError  # noqa: F401 - raised through here; callers catch it as everything.SiteError
from pactkg.site.mapview import MapError  # noqa: F401 - likewise
from pactkg.site.markup import LANGS

SITE_DIR = "site"
# Folders whose files already have the published mode when dist/ is swapped in, so that the last step does not
# chmod them one by one (about 2.4 million files at 1000x, some 6 s on one core at the very end of `make`): the
# release's id/ (release.WRITTEN_WITH_PUBLISHED_MODES) and the site's entity folders, whose files are the pages
# site.build._write makes (os.open with mode 0o666, less the umask) and hard links to (or copies of) the
# release's id/ documents. tests/dist/test_everything.py checks every mode of a dist/ under an unusual umask.
WRITTEN_WITH_PUBLISHED_MODES = release.WRITTEN_WITH_PUBLISHED_MODES + tuple(
    f"{SITE_DIR}/{folder}" for folder in ("id", *(f"{lang}/id" for lang in LANGS)))


class Step:
    """Prints `[n/N] what …` before a step and its duration after it, so a long run shows progress."""

    def __init__(self, total: int, log: Callable[[str], None]):
        self.n, self.total, self.log = 0, total, log

    def __call__(self, what: str):
        self.n += 1
        self.log(f"[{self.n}/{self.total}] {what}")
        return self

    def __enter__(self):
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            self.log(f"      done in {time.perf_counter() - self.t0:.1f} s")
        return False


def build_everything(
    dist: Path,
    deploy_base: str | None = None,
    outline: Path | None = None,
    log: Callable[[str], None] = print,
    allow_shrink: bool = False,
) -> dict[str, object]:
    """Build every output beside `dist` and swap it in; return figures for the closing summary.

    A dump with fewer entities than the one in `dist` is refused unless allow_shrink (then reported)."""
    dist = Path(dist).absolute()
    with build_lock.exclusive(dist):
        for gone in staging.remove_leftovers(dist):
            log(f"removed {gone.name}, left behind by an interrupted build")
        stage = staging.make(dist, "staging")
        # On a large input, two copies are forked now, while this process is small: the site's, which waits
        # (pactkg.dist.site_aside), and the build's and release's, which works and ends, so that nothing the
        # release held (1.3 GB at 1000x) stays in this process while the site is made (docs/benchmarks.md, session 24).
        large = pipeline.forks_side_work(Inputs.from_env())
        site = site_aside.SiteAside(fork=large)
        try:
            with site:
                step = Step(3, log)
                info = release_version.release_info()
                with step("build: parse, SHACL, QC checks, evidence check; release files (dump in three formats, "
                          "ontology docs, mappings, description, checksums)"):
                    dep = deployment.load(base=deploy_base or None)
                    files, shrunk = _build_and_release(stage, info, dep, dist, site, outline, allow_shrink, log, large)
                with step("site: entity pages, index, timeline, map"):
                    # No rdflib graph of the dump is kept (about 1 kB a triple: 3.3 GB at 1000x): the site's view is
                    # made from the dump's triples streamed from the file, each term made once, and the view's own
                    # structures are all the site holds (docs/benchmarks.md, sessions 19 and 20).
                    pages, triples = site.render()
            with step(f"swap into {dist}"):
                release._normalise_modes(stage, WRITTEN_WITH_PUBLISHED_MODES)
                atomic_swap.swap_in(stage, dist, remove_old=removal_aside.remove_later if _large_output(dist) else None)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
    return {"files": files, "site_files": pages, "triples": triples, "version": info.version, "shrunk": shrunk}


# From a previous dump of this size on (the 100x dump has 19 MB and its dist/ 250 000 files, some 15 s to
# remove), the previous dist/ is removed after `pactkg dist` is done, by a process of its own
# (pactkg.common.removal_aside); a smaller one is removed at once, as the swap always did.
REMOVE_ASIDE_FROM_BYTES = 8 * 2**20


def _large_output(dist: Path) -> bool:
    try:
        return (dist / pipeline.DUMP_NAME).stat().st_size >= REMOVE_ASIDE_FROM_BYTES
    except OSError:
        return False


# What the build and the release report to the user (run() below names them): raised here as they were there.
REPORTED = (pipeline.BuildFailed, load.ParseError, validate.ShapesMissing, validate.ShapesInvalid, release.ReleaseFailed,
            release_version.ReleaseInfoError, changelog.DiffError, deployment.DeploymentError, ValueError, OSError)


def _build_and_release(stage: Path, info, dep, dist: Path, site: site_aside.SiteAside, outline: Path | None, allow_shrink: bool,
                       log: Callable[[str], None], fork: bool) -> tuple[int, str | None]:
    """The build and the release into `stage` (in a forked copy when `fork`): (files, the shrink note). Once the entity documents are written, the site's copy reads the dump
    into its view, beside the release's last steps. Only the number of files is kept: the list names every entity
    document (1.25 M at 1000x)."""
    def work():
        told = []

        def documents_written() -> None:
            site.view_from(stage / pipeline.DUMP_NAME, stage / SITE_DIR, outline, stage, dep)
            told.append(True)

        try:
            files = len(release.build_release(stage, info, dep, log=_indent(log), documents_written=documents_written))
            shrunk = pipeline.shrink_guard(dist / pipeline.DUMP_NAME, stage / pipeline.DUMP_NAME, allow_shrink,
                                           log=_indent(log))
        except REPORTED as exc:
            return fork_task.portable(exc, release.ReleaseFailed)
        return files, shrunk, bool(told)

    with fork_task.started(work, fork=fork, daemon=False) as task:  # not a daemon: it forks copies of its own
        try:
            outcome = task.result()
        except fork_map.ForkMapError as exc:
            raise release.ReleaseFailed(f"the build and the release could not be completed: {exc}") from None
    if isinstance(outcome, BaseException):
        raise outcome
    files, shrunk, told = outcome
    if told and task.forked:
        site.told_by_copy()  # the copy told the site's copy, through the pipe both inherited from this process
    return files, shrunk


def _indent(log: Callable[[str], None]) -> Callable[[str], None]:
    return lambda text: log("\n".join("      " + line if line else line for line in str(text).split("\n")))


def closing_summary(dist: Path, figures: dict[str, object]) -> str:
    rel = _shown(dist)
    rows = [
        (f"{rel}/{pipeline.DUMP_NAME}", "the whole graph (the same triples as .nt and .jsonld beside it)"),
        (f"{rel}/void.ttl", "the dataset description (VoID + DCAT); SHA256SUMS checks every file"),
        (f"{rel}/ontology.html", "the ontology's documentation"),
        (f"{rel}/mappings/", "the Wikidata mappings (SSSOM)"),
        (f"{rel}/site/index.html", f"the browsable site ({figures['site_files']} files; open it in a browser)"),
    ]
    width = max(len(a) for a, _ in rows)
    nexts = [
        ("make test", "run every test"),
        ("make serve", "the site with its query page and a read-only SPARQL endpoint on http://127.0.0.1:7878/"),
        ("make queries", "the competency questions with their answers"),
        (".venv/bin/pactkg query FILE.rq", "ask your own question (README.md shows how)"),
    ]
    w2 = max(len(a) for a, _ in nexts)
    return "\n".join(
        ["", f"Built release {figures['version']} ({figures['triples']} triples) into {rel}/:"]
        + [f"  {a.ljust(width)}  {b}" for a, b in rows]
        + ["Next:"]
        + [f"  {a.ljust(w2)}  {b}" for a, b in nexts]
        + ([str(figures["shrunk"])] if figures.get("shrunk") else [])
    )


def _shown(p: Path) -> str:
    try:
        return str(Path(p).absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(p)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dist", type=Path, default=None, help="output folder (default: dist/, or $PACTKG_DIST)")
    parser.add_argument("--deploy-base", default=None,
                        help="where a web server will serve dist/ (default: publish/deployment.toml; none: a local build)")
    parser.add_argument("--outline", type=Path, default=None, help="GeoJSON outline of Latvia for the map")
    parser.add_argument("--allow-shrink", action="store_true",
                        help="accept a dump with fewer entities than the one in dist/ (the summary says which)")


def run(args) -> int:
    dist = args.dist or paths.DIST_DIR
    t0 = time.perf_counter()
    try:
        output_folder.check_replaceable(Path(dist), pipeline.DUMP_NAME)  # replaced whole: only ours
        figures = build_everything(dist, args.deploy_base, args.outline, allow_shrink=args.allow_shrink)
    except (build_lock.Busy, output_folder.NotOurFolder) as exc:
        print(exc, file=sys.stderr)
        return 1
    except REPORTED + site_aside.REPORTED as exc:
        print(f"{exc}\n\nBuild failed; {dist} was not changed.", file=sys.stderr)
        return 1
    print(closing_summary(dist, figures) + f"\n(all of it in {time.perf_counter() - t0:.1f} s)")
    return 0
