"""`pactkg site`: build the static site (dist/site/) from the ontology and data/."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pactkg.common import paths
from pactkg.build.load import ParseError, load_all


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=paths.DEV_DIR / "site", help="folder to write (replaced whole; default build/site; `make` builds dist/site with everything else)")
    p.add_argument("--outline", type=Path, default=None, help="GeoJSON outline of Latvia (default: the shared Natural Earth file)")


def run(args: argparse.Namespace) -> int:
    from pactkg.site.build import SiteError, build_site
    from pactkg.site.mapview import MapError

    from pactkg.common import build_lock

    t0 = time.perf_counter()
    out = Path(args.out).absolute()
    # One build at a time: a site inside the published folder takes that folder's lock, since `pactkg dist`
    # replaces the folder whole (a site swapped into it meanwhile would be dropped).
    dist = paths.DIST_DIR.absolute()
    target = dist if out == dist or dist in out.parents else out
    try:
        with build_lock.exclusive(target):
            report = build_site(load_all(), args.out, args.outline)  # the graph is dropped once the view is made
    except build_lock.Busy as exc:
        print(f"pactkg site: {exc}", file=sys.stderr)
        return 1
    except (ParseError, SiteError, MapError) as exc:
        print(f"pactkg site: {exc}", file=sys.stderr)
        return 1
    dt = time.perf_counter() - t0
    print(
        f"site: {report.out_dir}: {report.entities} entity pages, {report.timeline_events} timeline events, "
        f"{report.map_markers} map markers, {report.files} files in {dt:.2f} s"
    )
    return 0
