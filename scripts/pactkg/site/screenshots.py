"""Screenshots of the built site for review (`make site-screenshots`): every page type, in English and
Latvian, at a laptop's size (1366×768) and a phone's (390×844).

Run as `python -m pactkg.site.screenshots --site dist/site --out dist/screenshots`. The entity pages shown
are a person's, a place's, a document's and an event's, unless --entity names one slug.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pactkg.site.browser import BrowserMissing, chromium, serve

# (name, path below the language folder, what to do first)
PAGES = [
    ("home", "index.html", {}),
    ("browse", "browse.html", {}),
    ("browse-search", "browse.html", {"search": "Лиепая"}),
    ("timeline", "timeline.html", {}),
    ("map", "map.html", {}),
    ("source", "source.html", {}),
    ("query", "query.html", {}),
    ("downloads", "downloads.html", {}),
    ("not-found", "404.html", {}),
]
# Entity pages of each kind, when the graph has them: a person, a place, a document, an event.
ENTITIES = ["vilhelms-munters", "liepaja", "mutual-assistance-pact", "signing-of-the-pact"]
SIZES = [(1366, 768), (390, 844)]


def default_entity(site: Path) -> str:
    ids = sorted(p.stem for p in (site / "id").glob("*.html"))
    for preferred in ENTITIES:
        if preferred in ids:
            return preferred
    return ids[0]


def shots_for(site: Path, entity: str | None) -> list[tuple[str, str, dict]]:
    slugs = [entity] if entity else [s for s in ENTITIES if (site / "id" / f"{s}.html").is_file()] or [default_entity(site)]
    pages = [p for p in PAGES if (site / "en" / p[1]).is_file()]
    return pages + [(f"entity-{s}", f"id/{s}.html", {}) for s in slugs]


def take(site: Path, out: Path, entity: str | None, browser=None, langs=("en", "lv"), only=None) -> list[Path]:
    """Serve `site`, open each page in `browser` (a new headless Chromium when None) at 1366×768 and 390×844
    in each language, save full-page PNGs in `out` named <lang>-<page>-<width>.png. `only`: page names."""
    if browser is None:
        with chromium() as b:
            return take(site, out, entity, b, langs, only)
    out.mkdir(parents=True, exist_ok=True)
    shots = [s for s in shots_for(site, entity) if only is None or s[0] in only]
    written = []
    with serve(site) as base:
        for width, height in SIZES:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for lang in langs:
                for name, path, opts in shots:
                    page.goto(f"{base}{lang}/{path}", wait_until="load")
                    if opts.get("search"):
                        page.fill("#q", opts["search"])
                    target = out / f"{lang}-{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=True)
                    written.append(target)
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
