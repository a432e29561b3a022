"""Screenshots of the built site for review (`make site-screenshots`): index, an entity page, timeline, map.

Run as `python -m pactkg.site.screenshots --site dist/site --out dist/screenshots`. The entity shown is
the first signatory of the first signing on the timeline (so the page is a real person's), unless
--entity names a slug.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pactkg.site.browser import BrowserMissing, chromium, serve

PAGES = [
    ("index", "index.html", {"search": None}),
    ("index-search-munt", "index.html", {"search": "munt"}),
    ("timeline", "timeline.html", {}),
    ("map", "map.html", {}),
]


def default_entity(site: Path) -> str:
    ids = sorted(p.stem for p in (site / "id").glob("*.html"))
    for preferred in ("vilhelms-munters", "signing-of-the-pact"):
        if preferred in ids:
            return preferred
    return ids[0]


def take(site: Path, out: Path, entity: str | None, browser=None, width: int = 1280) -> list[Path]:
    """Serve `site`, open each page in `browser` (a new headless Chromium when None), save PNGs in `out`."""
    if browser is None:
        with chromium() as b:
            return take(site, out, entity, b, width)
    out.mkdir(parents=True, exist_ok=True)
    slug = entity or default_entity(site)
    shots = PAGES + [("entity-" + slug, f"id/{slug}.html", {}), ("entity-" + slug + "-lv", f"id/{slug}.html", {"lv": True})]
    written = []
    with serve(site) as base:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for name, path, opts in shots:
            page.goto(base + path, wait_until="load")
            if opts.get("lv"):
                page.click("#lang-toggle")
            if opts.get("search"):
                page.fill("#q", opts["search"])
            target = out / f"{name}.png"
            page.screenshot(path=str(target), full_page=name != "index")
            written.append(target)
            if opts.get("lv"):
                page.click("#lang-toggle")  # leave the stored choice at English
        context.close()
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--entity", default=None, help="slug of the entity page to show")
    args = ap.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site}/index.html not found: run `make site` first", file=sys.stderr)
        return 1
    try:
        for p in take(args.site, args.out, args.entity):
            print(p)
    except BrowserMissing as exc:
        print(f"site-screenshots: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
