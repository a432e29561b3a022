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

    t0 = time.perf_counter()
    try:
        graph = load_all()
        report = build_site(graph, args.out, args.outline)
    except (ParseError, SiteError, MapError) as exc:
        print(f"pactkg site: {exc}", file=sys.stderr)
        return 1
    dt = time.perf_counter() - t0
    print(
        f"site: {report.out_dir}: {report.entities} entity pages, {report.timeline_events} timeline events, "
        f"{report.map_markers} map markers, {report.files} files in {dt:.2f} s"
    )
    return 0
