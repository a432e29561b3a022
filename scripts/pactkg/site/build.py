"""Write the whole site into a fresh folder, then swap it in for the old one.

Layout (all links relative, so that the folder works from file:// and from any web server):
  index.html, timeline.html, map.html, assets/site.css, assets/site.js,
  id/<slug>.html, id/<slug>.ttl, id/<slug>.jsonld   for https://w3id.org/lv-pact-1939/id/<slug>
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import Graph

from pactkg.common import paths
from pactkg.common import atomic_swap, output_folder, staging
from pactkg.site.entity import entity_page
from pactkg.site.indexpage import index_page
from pactkg.site.mapview import map_page, markers
from pactkg.site.model import GraphView
from pactkg.site.rdfdoc import entity_triples, to_jsonld, to_turtle
from pactkg.site.timeline import timeline_items, timeline_page

ASSETS = ("site.css", "site.js")
# Written into every site: a folder that has it is a site this command wrote, and may be replaced whole.
MARKER = ".pactkg-site"
MARKER_TEXT = "Written by `pactkg site`: the whole folder is replaced by the next build.\n"
OUTLINE_NAME = "latvia-outline-naturalearth.geojson"


class SiteError(Exception):
    """Something in the graph that a page cannot be made from; the message names the entity."""


@dataclass
class SiteReport:
    out_dir: Path
    entities: int
    files: int
    timeline_events: int
    map_markers: int


def default_outline() -> Path:
    return paths.REFERENCE_DIR / OUTLINE_NAME


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def render_site(view: GraphView, root: Path, outline: Path) -> int:
    """Write every file of the site under `root` (an empty folder); return how many were written."""
    (root / "assets").mkdir()
    (root / "id").mkdir()
    _write(root / MARKER, MARKER_TEXT)
    n = 0
    static = resources.files("pactkg.site") / "static"
    for name in ASSETS:
        _write(root / "assets" / name, (static / name).read_text(encoding="utf-8"))
        n += 1
    located = {m.place for m in markers(view)}
    for node, ent in view.entities.items():
        try:
            triples = entity_triples(view, node)
            ttl = to_turtle(triples, node)
            jsonld = to_jsonld(triples, node)
            html = entity_page(view, node, jsonld, on_map=node in located)
        except (ValueError, IndexError, TypeError) as exc:
            raise SiteError(f"{node}: cannot make its page: {exc}. Fix the entity in data/ and run again.") from exc
        _write(root / "id" / f"{ent.slug}.ttl", ttl)
        _write(root / "id" / f"{ent.slug}.jsonld", jsonld)
        _write(root / "id" / f"{ent.slug}.html", html)
        n += 3
    _write(root / "index.html", index_page(view))
    _write(root / "timeline.html", timeline_page(view))
    _write(root / "map.html", map_page(view, outline))
    return n + 3


def check_replaceable(out_dir: Path) -> None:
    """Refuse an output folder whose content is not a site this command wrote: replacing it would delete it."""
    try:
        output_folder.check_replaceable(Path(out_dir), MARKER, "--out")
    except output_folder.NotOurFolder as exc:
        raise SiteError(str(exc)) from None


def build_site(graph: Graph, out_dir: Path, outline: Path | None = None) -> SiteReport:
    """Build into a temporary sibling of `out_dir`, then replace `out_dir` with it (nothing else is touched).

    `out_dir` must be new, empty, or a site written here before (check_replaceable)."""
    out_dir = Path(out_dir)
    check_replaceable(out_dir)
    outline = Path(outline) if outline else default_outline()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    view = GraphView(graph)
    tmp = staging.make(out_dir, "new")
    try:
        files = render_site(view, tmp, outline)
        os.chmod(tmp, 0o755)
        atomic_swap.swap_in(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return SiteReport(out_dir, len(view.entities), files, len(timeline_items(view)), len(markers(view)))
