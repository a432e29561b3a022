"""The map: Latvia's outline as inline SVG, a marker for every located place, the lines that can be drawn.

A place is marked by what the graph says happened there or at a facility inside it (lvp:locatedIn): the
branch of each garrison (lvp:Stationing → lvp:unitKind → lvp:branch) or base use (lvp:branch), folded to
the top branch (motorised infantry → infantry, by skos:broader), and whether troops entered through it
(lvp:TroopEntry → lvp:via). Projection: equirectangular, longitudes scaled by cos(mid-latitude). No tiles,
no network: the outline is read at build time from the shared Natural Earth file.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef

from pactkg.build.geometry_check import GEO, inside, parse_linestring
from pactkg.site import fmt
from .i18n import UI
from pactkg.site.markup import bi, entity_link, esc, label, page, pick, ui
from pactkg.site.model import GraphView
from pactkg.site.neighbours import NeighboursError, clip, read_countries
from pactkg.site.terms import LVD, LVP, SKOS, WGS

WIDTH = 960.0
INSET_WIDTH = 560.0
PAD = 24.0

# Colours by top branch (Okabe–Ito palette, distinguishable with colour-blindness); others get the rest.
BRANCH_COLOURS = {
    LVP.branchInfantry: "#009E73",
    LVP.branchArtillery: "#D55E00",
    LVP.branchArmour: "#E69F00",
    LVP.branchAviation: "#56B4E9",
    LVP.branchNavy: "#0072B2",
    LVP.branchCombinedArms: "#CC79A7",
}
SPARE_COLOURS = ["#F0E442", "#999999", "#882255", "#44AA99"]
STATION = "station"


class MapError(Exception):
    """The outline file is missing or not a polygon."""


@dataclass
class Marker:
    place: URIRef
    slug: str
    lat: float
    lon: float
    branches: list[URIRef] = field(default_factory=list)
    station: bool = False
    facts: list[URIRef] = field(default_factory=list)  # the garrisons / base uses / entries behind the marks
    members: list[URIRef] = field(default_factory=list)  # facilities inside it that the graph names


@dataclass
class MapLine:
    node: URIRef
    kind: str  # "meridian", "segment", "course" (its own line geometry), "along" (a feature's course) or "none"
    lon: float | None = None
    ends: list[URIRef] = field(default_factory=list)
    paths: list[list[tuple[float, float]]] = field(default_factory=list)  # (lon, lat) points, "course"/"along"
    along: list[URIRef] = field(default_factory=list)  # the features whose course an "along" line follows
    exception_to: list[URIRef] = field(default_factory=list)  # the provisions that name it as their exception


def course(view: GraphView, node) -> list[tuple[float, float]] | None:
    """The (lon, lat) points of a place's line geometry (lvp:lineGeometry, a WKT LINESTRING), if it has one."""
    for g in view.values(node, LVP.lineGeometry):
        for wkt in view.values(g, GEO.asWKT):
            points = parse_linestring(str(wkt))
            if points:
                return points
    return None


def read_outline(path: Path) -> tuple[list[list[tuple[float, float]]], str]:
    """The rings (lon, lat) of the outline's polygons, and its source note."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise MapError(f"{path}: the outline of Latvia is missing. Set PACTKG_SHARED to the shared/ folder.") from exc
    except json.JSONDecodeError as exc:
        raise MapError(f"{path}, line {exc.lineno}: not valid GeoJSON ({exc.msg}).") from exc
    feats = data.get("features") if data.get("type") == "FeatureCollection" else [data]
    rings: list[list[tuple[float, float]]] = []
    notes = []
    for f in feats or []:
        geom = f.get("geometry") or {}
        props = f.get("properties") or {}
        if props.get("source"):
            notes.append(str(props["source"]))
        polys = [geom.get("coordinates")] if geom.get("type") == "Polygon" else geom.get("coordinates") or []
        if geom.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        for poly in polys:
            for ring in poly[:1]:  # outer ring only: Latvia has no holes worth drawing
                rings.append([(float(x), float(y)) for x, y, *_ in ring])
    if not rings:
        raise MapError(f"{path}: no Polygon or MultiPolygon in the file; expected Latvia's outline.")
    return rings, "; ".join(sorted(set(notes)))


def top_branch(view: GraphView, b: URIRef) -> URIRef:
    seen = {b}
    while True:
        up = view.value(b, SKOS.broader)
        if not isinstance(up, URIRef) or up in seen:
            return b
        seen.add(up)
        b = up


def located_ancestor(view: GraphView, place) -> URIRef | None:
    """The place itself if it has a point, else the nearest place it is lvp:locatedIn that has one."""
    seen = set()
    todo = [place]
    while todo:
        p = todo.pop(0)
        if p in seen:
            continue
        seen.add(p)
        if view.point(p) is not None:
            return p
        todo.extend(x for x in view.values(p, LVP.locatedIn) if isinstance(x, URIRef))
    return None


def markers(view: GraphView) -> list[Marker]:
    """One marker per place with a point geometry, with the marks the graph's facts give it."""
    out: dict[URIRef, Marker] = {}
    for node, ent in view.entities.items():
        if view.is_a(node, LVP.Place):
            pt = view.point(node)
            if pt is not None:
                out[node] = Marker(node, ent.slug, pt[0], pt[1])
    for node in view.entities:
        if not view.is_a(node, LVP.Place) or node in out:
            continue
        anc = located_ancestor(view, node)
        if anc in out:
            out[anc].members.append(node)
    has_fact: dict[URIRef, set] = {place: set() for place in out}  # m.facts as a set (a hub has N facts)
    for ev in view.entities:
        if not view.is_a(ev, LVP.Event):
            continue
        branches = []
        kind = view.value(ev, LVP.unitKind)
        if kind is not None:
            branches += [b for b in view.values(kind, LVP.branch) if isinstance(b, URIRef)]
        branches += [b for b in view.values(ev, LVP.branch) if isinstance(b, URIRef)]
        if branches:
            for pl in view.values(ev, LVP.place):
                anc = located_ancestor(view, pl)
                if anc in out:
                    m = out[anc]
                    for b in branches:
                        tb = top_branch(view, b)
                        if tb not in m.branches:
                            m.branches.append(tb)
                    if ev not in has_fact[anc]:
                        has_fact[anc].add(ev)
                        m.facts.append(ev)
        if view.is_a(ev, LVP.TroopEntry):
            for pl in view.values(ev, LVP.via):
                anc = located_ancestor(view, pl)
                if anc in out:
                    out[anc].station = True
                    if ev not in has_fact[anc]:
                        has_fact[anc].add(ev)
                        out[anc].facts.append(ev)
    order = branch_order(view, out.values())
    for m in out.values():
        m.branches.sort(key=lambda b: order.index(b))
        m.facts.sort(key=lambda f: (int(view.value(f, LVP.listPosition) or 10**6), fmt.fold(view.label(f, "en")), str(f)))
        m.members.sort(key=lambda p: (fmt.fold(view.label(p, "en")), str(p)))
    return sorted(out.values(), key=lambda m: (fmt.fold(view.label(m.place, "en")), str(m.place)))


def branch_order(view: GraphView, ms) -> list[URIRef]:
    used = {b for m in ms for b in m.branches}
    known = [b for b in BRANCH_COLOURS if b in used]
    rest = sorted((b for b in used if b not in BRANCH_COLOURS), key=str)
    return known + rest


def branch_colours(order: list[URIRef]) -> dict[URIRef, str]:
    cols = {}
    spare = iter(SPARE_COLOURS * 4)
    for b in order:
        cols[b] = BRANCH_COLOURS.get(b) or next(spare)
    return cols


def lines(view: GraphView) -> list[MapLine]:
    """Every line the graph names (lvp:Line, a place lying lvp:between two places, a place with a line
    geometry such as a river, and every coast), drawable or not. A line lvp:alongFeature features that all
    have a course is drawn along them."""
    out = []
    for node in view.entities:
        is_line = view.is_a(node, LVP.Line)
        ends = [e for e in view.values(node, LVP.between) if isinstance(e, URIRef)]
        own = course(view, node)
        coast = view.is_a(node, LVP.Coast)
        if not is_line and not ends and own is None and not coast:
            continue
        if own is not None:
            out.append(MapLine(node, "course", paths=[own]))
            continue
        features = [f for f in view.values(node, LVP.alongFeature) if isinstance(f, URIRef)]
        courses = [course(view, f) for f in features]
        if features and all(c is not None for c in courses):
            out.append(MapLine(node, "along", paths=[c for c in courses if c is not None], along=features))
            continue
        lon = view.value(node, WGS.long)
        if lon is None:
            for g in view.values(node, LVP.geometry):
                if view.value(g, WGS.long) is not None and view.value(g, WGS.lat) is None:
                    lon = view.value(g, WGS.long)
        located_ends = [located_ancestor(view, e) for e in ends]
        if lon is not None and view.value(node, WGS.lat) is None and view.point(node) is None:
            out.append(MapLine(node, "meridian", lon=float(lon)))
        elif len(ends) >= 2 and all(e is not None for e in located_ends):
            exception_to = sorted({s for s, p in view.inc.get(node, []) if p == LVP.exception}, key=str)
            out.append(MapLine(node, "segment", ends=[e for e in located_ends if e is not None], exception_to=exception_to))
        else:
            out.append(MapLine(node, "none"))
    return sorted(out, key=lambda l: (fmt.fold(view.label(l.node, "en")), str(l.node)))


def runs_inside(path: list[tuple[float, float]], rings, known: dict | None = None) -> list[list[tuple[float, float]]]:
    """The stretches of consecutive points of `path` (lon, lat) that lie inside the outline: a Latvian line
    along a river that rises abroad (the Venta line along the Venta) is drawn on Latvia's side only, ending at
    the river's last point inside the border rather than at a crossing point we would have to compute.

    `known`: point -> inside or not, kept by the caller across paths that share points (many lines follow the
    same river: testing each point against the outline's 544 corners again was most of the map's CPU)."""
    runs: list[list[tuple[float, float]]] = [[]]
    known = {} if known is None else known
    for lon, lat in path:
        here = known.get((lon, lat))
        if here is None:
            here = known[(lon, lat)] = any(inside(r, lon, lat) for r in rings)
        if here:
            runs[-1].append((lon, lat))
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if len(r) >= 2]


def map_lines(view: GraphView, rings) -> list[MapLine]:
    """The lines as the map draws them: `lines`, with a Latvian line along a feature cut to Latvia's side
    (`runs_inside`; nothing left inside: not drawn)."""
    ls = lines(view)
    known: dict = {}  # for this call only: at most the points of the lines' paths, which `ls` holds anyway
    for ln in ls:
        if ln.kind == "along" and view.value(ln.node, LVP.country) == LVD.latvia:
            ln.paths = [run for path in ln.paths for run in runs_inside(path, rings, known)]
            if not ln.paths:
                ln.kind = "none"
    return ls


def drawn_lines(view: GraphView, outline_path: Path) -> set[URIRef]:
    """The lines the map draws (for the "show on the map" link of their pages)."""
    rings, _ = read_outline(outline_path)
    return {l.node for l in map_lines(view, rings) if l.kind != "none"}


class Projection:
    """Equirectangular, x scaled by cos(mid-latitude), fitted to `width` (viewBox units) with a margin."""

    def __init__(self, lons: list[float], lats: list[float], width: float = WIDTH):
        self.width = width
        self.min_lon, self.max_lon = min(lons), max(lons)
        self.min_lat, self.max_lat = min(lats), max(lats)
        self.k = math.cos(math.radians((self.min_lat + self.max_lat) / 2))
        self.scale = (width - 2 * PAD) / ((self.max_lon - self.min_lon) * self.k)
        self.height = (self.max_lat - self.min_lat) * self.scale + 2 * PAD

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        return (PAD + (lon - self.min_lon) * self.k * self.scale, PAD + (self.max_lat - lat) * self.scale)


def _n(x: float) -> str:
    s = f"{x:.1f}"
    return "0.0" if s == "-0.0" else s


def _pie(cx: float, cy: float, r: float, colours: list[str]) -> str:
    if len(colours) == 1:
        return f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="{colours[0]}"/>'
    parts = []
    n = len(colours)
    for i, c in enumerate(colours):
        a0 = -math.pi / 2 + 2 * math.pi * i / n
        a1 = -math.pi / 2 + 2 * math.pi * (i + 1) / n
        x0, y0 = cx + r * math.cos(a0), cy + r * math.sin(a0)
        x1, y1 = cx + r * math.cos(a1), cy + r * math.sin(a1)
        large = 1 if (a1 - a0) > math.pi else 0
        parts.append(
            f'<path d="M{_n(cx)},{_n(cy)} L{_n(x0)},{_n(y0)} A{_n(r)},{_n(r)} 0 {large} 1 {_n(x1)},{_n(y1)} Z" fill="{c}"/>'
        )
    return "".join(parts)


def _symbol(m: Marker, x: float, y: float, colours: dict[URIRef, str], r: float = 7.5) -> str:
    """A pie of the garrison branches' colours; a dark square for a station of entry; else a small ring."""
    out = []
    if m.station:
        out.append(f'<rect class="station" x="{_n(x - r)}" y="{_n(y - r)}" width="{_n(2 * r)}" height="{_n(2 * r)}" fill="#222" stroke="#fff" stroke-width="1.5"/>')
    if m.branches:
        out.append(_pie(x, y, r, [colours[b] for b in m.branches]))
        out.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="none" stroke="#fff" stroke-width="1.5"/>')
    elif not m.station:
        out.append(f'<circle class="plain" cx="{_n(x)}" cy="{_n(y)}" r="{_n(r * 0.6)}" fill="#fff" stroke="#333" stroke-width="1.5"/>')
    return "".join(out)


def _marks_text(view: GraphView, m: Marker, lang: str) -> str:
    words = [view.label(b, lang) for b in m.branches]
    if m.station:
        words.append(UI["station_entry"][1 if lang == "lv" else 0])
    return ", ".join(words) if words else UI["other_place"][1 if lang == "lv" else 0]


class _BoxGrid:
    """The boxes placed so far, bucketed in square cells, so that "does this box overlap any of them?" looks
    only at the boxes in the cells it covers (not at every box: that made label placement quadratic). A cell
    keeps each distinct box once: markers of places at the same point have the same boxes."""

    def __init__(self, boxes, cell: float = 16.0):
        self.cell = cell
        self.cells: dict[tuple[int, int], set] = {}
        for b in boxes:
            self.add(b)

    def _keys(self, box):
        x, y, w, h = box
        c = self.cell
        for i in range(int(x // c), int((x + w) // c) + 1):
            for j in range(int(y // c), int((y + h) // c) + 1):
                yield i, j

    def add(self, box) -> None:
        for k in self._keys(box):
            self.cells.setdefault(k, set()).add(box)

    def hits(self, box) -> bool:
        return any(_overlap(box, t) for k in self._keys(box) for t in self.cells.get(k, ()))


def _label_boxes(items, taken, width: float, height: float, r: float = 7.5, font: float = 11.0):
    """Greedy placement of place names: right, left, above, below …, the first that overlaps nothing yet."""
    placed = []
    grid = _BoxGrid(taken)
    g = r + 3  # gap from the marker's centre
    for name_len, x, y in items:
        w, h = 0.58 * font * name_len + 4, font + 2
        base = font * 0.35  # from the text's middle to its baseline
        cands = [
            (x + g, y + base, "start", (x + g - 1, y - h / 2, w, h)),
            (x - g, y + base, "end", (x - g + 1 - w, y - h / 2, w, h)),
            (x, y - g - base, "middle", (x - w / 2, y - g - h, w, h)),
            (x, y + g + h - base, "middle", (x - w / 2, y + g, w, h)),
            (x + g * 0.8, y - g - base, "start", (x + g * 0.8 - 1, y - g - h, w, h)),
            (x + g * 0.8, y + g + h - base, "start", (x + g * 0.8 - 1, y + g, w, h)),
            (x - g * 0.8, y - g - base, "end", (x - g * 0.8 + 1 - w, y - g - h, w, h)),
            (x - g * 0.8, y + g + h - base, "end", (x - g * 0.8 + 1 - w, y + g, w, h)),
        ]
        inside = [
            c for c in cands
            if c[3][0] >= 2 and c[3][0] + c[3][2] <= width - 2 and c[3][1] >= 2 and c[3][1] + c[3][3] <= height - 2
        ] or cands
        choice = inside[0]
        for c in inside:
            if not grid.hits(c[3]):
                choice = c
                break
        taken.append(choice[3])
        grid.add(choice[3])
        placed.append(choice[:3])
    return placed


def _overlap(a, b) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


def _svg(
    view: GraphView, rings, ms: list[Marker], ls: list[MapLine], proj: Projection, colours, *,
    svg_id: str, title: tuple[str, str], r: float = 7.5, font: float = 11.0, others=(), coasts: dict | None = None,
) -> str:
    """One SVG map: the neighbours' land, Latvia, lines, markers with names, a scale bar; every marker and
    line links to its page. `coasts`: (svg_id, line, ends) -> the line's points along the outline, kept for the
    other language's page (MapData.coasts)."""
    coasts = {} if coasts is None else coasts
    w, h = proj.width, proj.height
    outline = []
    for ring in rings:
        pts = [proj(lat, lon) for lon, lat in ring]
        outline.append("M" + " L".join(f"{_n(x)},{_n(y)}" for x, y in pts) + " Z")
    neighbours = []
    for _name, country in others:
        for ring in country:
            pts = clip([proj(lat, lon) for lon, lat in ring], w, h)
            if len(pts) >= 3:
                neighbours.append("M" + " L".join(f"{_n(x)},{_n(y)}" for x, y in pts) + " Z")
    svg = [
        f'<svg id="{svg_id}" class="map" viewBox="0 0 {_n(w)} {_n(h)}" width="{_n(w)}" height="{_n(h)}" '
        f'aria-labelledby="{svg_id}-title {svg_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{svg_id}-title">{esc(pick(*title))}</title>',
        f'<desc id="{svg_id}-desc">{len(ms)} {esc(pick(*UI["map_desc"]))}</desc>',
        f'<rect class="sea" x="0" y="0" width="{_n(w)}" height="{_n(h)}"/>',
        (f'<path class="neighbour" d="{" ".join(neighbours)}"/>' if neighbours else ""),
        f'<path class="land" d="{" ".join(outline)}"/>',
    ]
    for ln in ls:
        slug = view.page_of(ln.node)
        name_en, name_lv = view.label(ln.node, "en"), view.label(ln.node, "lv")
        name = pick(name_en, name_lv)
        cls = f"line {ln.kind}" + (" exception" if ln.exception_to else "")
        link = f'<a class="{cls}" href="id/{esc(slug)}.html" aria-label="{esc(name)}"><title>{esc(name)}</title>'
        if ln.kind == "meridian" and ln.lon is not None:
            x, _ = proj(proj.min_lat, ln.lon)
            if not 0 <= x <= w:
                continue
            svg.append(
                link + f'<line x1="{_n(x)}" y1="{_n(PAD / 2)}" x2="{_n(x)}" y2="{_n(h - PAD / 2)}"/>'
                + _text_pair(name_en, name_lv, x + 4, h - PAD / 2 - 4, "start", "line-label") + "</a>"
            )
        elif ln.kind == "segment":
            pts = [proj(*view.point(e)) for e in ln.ends]  # type: ignore[misc]
            if view.is_a(ln.node, LVP.Coast) and len(ln.ends) == 2:
                key = (svg_id, ln.node, tuple(ln.ends))
                if key not in coasts:
                    coasts[key] = along_outline(rings, [view.point(e) for e in ln.ends], proj)  # type: ignore[arg-type]
                pts = coasts[key] or pts
            d = "M" + " L".join(f"{_n(x)},{_n(y)}" for x, y in pts)
            svg.append(link + f'<path d="{d}"/></a>')
        elif ln.kind in ("course", "along"):
            d = " ".join("M" + " L".join(f"{_n(x)},{_n(y)}" for x, y in (proj(lat, lon) for lon, lat in path))
                         for path in ln.paths)
            svg.append(link + f'<path d="{d}"/></a>')
    xy = [proj(m.lat, m.lon) for m in ms]
    taken = [(x - r - 1.5, y - r - 1.5, 2 * r + 3, 2 * r + 3) for x, y in xy]
    names = _label_boxes(
        [(max(len(view.label(m.place, "en")), len(view.label(m.place, "lv"))), x, y) for m, (x, y) in zip(ms, xy)],
        taken, w, h, r, font,
    )
    for m, (x, y), (tx, ty, anchor) in zip(ms, xy, names):
        name_en, name_lv = view.label(m.place, "en"), view.label(m.place, "lv")
        aria_en = f"{name_en}: {_marks_text(view, m, 'en')}"
        aria_lv = f"{name_lv}: {_marks_text(view, m, 'lv')}"
        kinds = " ".join([_branch_key(b) for b in m.branches] + ([STATION] if m.station else []))
        aria = pick(aria_en, aria_lv)
        svg.append(
            f'<a class="marker" id="{svg_id}-{esc(m.slug)}" href="id/{esc(m.slug)}.html" data-slug="{esc(m.slug)}" '
            f'data-kinds="{esc(kinds)}" aria-label="{esc(aria)}">'
            f"<title>{esc(aria)}</title>{_symbol(m, x, y, colours, r)}"
            + _text_pair(name_en, name_lv, tx, ty, anchor, "place-label" + ("" if m.branches or m.station else " minor")) + "</a>"
        )
    svg.append(_scale_bar(proj, font))
    svg.append("</svg>")
    return "".join(svg)


def along_outline(rings, ends: list[tuple[float, float]], proj: Projection) -> list[tuple[float, float]] | None:
    """The stretch of Latvia's outline between the points on it nearest to the two ends (lat, lon), the shorter
    way round, projected: a coast drawn as the coast, not as a chord across the land. It starts and stops at
    those nearest points, not at the outline's nearest corners, which on a generalised outline can lie
    kilometres from an end (the coast would stop short of the place that bounds it, or run past it)."""
    best = None
    for ring in rings:
        if len(ring) < 2:
            continue
        found = [_nearest_on_ring(ring, lat, lon) for lat, lon in ends]
        score = sum(d for d, _, _ in found)
        if best is None or score < best[0]:
            best = (score, ring, found[0], found[1])
    if best is None:
        return None
    _, ring, (_, pa, qa), (_, pb, qb) = best
    one_way = _walk(ring, pa, qa, pb, qb)
    other_way = list(reversed(_walk(ring, pb, qb, pa, qa)))
    path = one_way if _length(one_way) <= _length(other_way) else other_way
    return [proj(lat, lon) for lon, lat in path]


def _nearest_on_ring(ring, lat: float, lon: float):
    """(squared distance, position along the ring as segment index + fraction, the point (lon, lat)) of the
    point of the ring nearest to (lat, lon); longitudes scaled by cos(lat) so that distances are even."""
    k = math.cos(math.radians(lat))
    best = None
    for i in range(len(ring) - 1):
        (x0, y0), (x1, y1) = ring[i], ring[i + 1]
        dx, dy = (x1 - x0) * k, y1 - y0
        seg = dx * dx + dy * dy
        t = 0.0 if seg == 0 else max(0.0, min(1.0, (((lon - x0) * k) * dx + (lat - y0) * dy) / seg))
        px, py = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
        d = ((lon - px) * k) ** 2 + (lat - py) ** 2
        if best is None or d < best[0]:
            best = (d, i + t, (px, py))
    return best


def _walk(ring, pa: float, qa, pb: float, qb) -> list[tuple[float, float]]:
    """From the point qa (at position pa) forwards along the ring to qb (at pb), through the corners between."""
    m = len(ring) - 1  # the ring is closed: its last point is its first
    ka, kb = int(pa), int(pb)
    if pa <= pb:
        idx = list(range(ka + 1, kb + 1))
    else:
        idx = list(range(ka + 1, m)) + list(range(0, kb + 1))
    return [qa] + [ring[i] for i in idx] + [qb]


def _length(path) -> float:
    return sum(math.hypot((x1 - x0) * math.cos(math.radians(y0)), y1 - y0) for (x0, y0), (x1, y1) in zip(path, path[1:]))


def _scale_bar(proj: Projection, font: float) -> str:
    """A bar of a round number of kilometres (about a sixth of the map's width), top left (the sea)."""
    km_per_unit = 111.32 / proj.scale  # a degree of latitude is about 111.32 km
    target = proj.width / 6 * km_per_unit
    km = max((k for k in (5, 10, 20, 25, 50, 100, 200) if k <= target), default=5)
    length = km / km_per_unit
    x0, y0 = PAD / 2, PAD / 2 + font + 8
    return (
        f'<g class="scale-bar" aria-hidden="true">'
        f'<rect x="{_n(x0 - 3)}" y="{_n(y0 - font - 8)}" width="{_n(length + 6 + font * 3.4)}" height="{_n(font + 14)}" class="scale-bg"/>'
        f'<path d="M{_n(x0)},{_n(y0 - 6)} V{_n(y0)} H{_n(x0 + length)} V{_n(y0 - 6)}"/>'
        f'<text x="{_n(x0 + length + 4)}" y="{_n(y0)}" class="scale-label">{km}\u00a0km</text></g>'
    )


def _text_pair(en: str, lv: str, x: float, y: float, anchor: str, cls: str) -> str:
    en = lv = pick(en, lv)
    if en == lv:
        return f'<text class="{cls}" x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}">{esc(en)}</text>'
    return (
        f'<text class="{cls} t-en" x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}">{esc(en)}</text>'
        f'<text class="{cls} t-lv" x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}">{esc(lv)}</text>'
    )


def inset_markers(ms: list[Marker]) -> list[Marker]:
    """The markers inside the bounding box of the garrisons (the bases), for the enlarged map."""
    bases = [m for m in ms if m.branches]
    if len(bases) < 2:
        return []
    lo_lat, hi_lat = min(m.lat for m in bases), max(m.lat for m in bases)
    lo_lon, hi_lon = min(m.lon for m in bases), max(m.lon for m in bases)
    return [m for m in ms if lo_lat <= m.lat <= hi_lat and lo_lon <= m.lon <= hi_lon]


# The main map's label size in SVG units, the same as the pixels it is drawn at on a phone (where the map
# keeps its 960 units as 960 px and pans, site.css) and larger on a wider screen; labels are placed for this size.
MAIN_FONT = 13.5


@dataclass
class MapData:
    """What both languages' map pages draw (map_data): read and worked out once for the two."""

    rings: list
    outline_note: str
    markers: list
    lines: list
    order: list
    colours: dict
    lons: list
    lats: list
    others: list
    coasts: dict = field(default_factory=dict)  # (svg id, line, its ends) -> its points along the outline (_svg)


def map_data(view: GraphView, outline_path: Path, world_path: Path | None = None) -> MapData:
    """The outline, markers, lines, colours and neighbours of the map; `world_path`: world-atlas's
    countries-10m.json for the neighbours (None: none drawn)."""
    rings, outline_note = read_outline(outline_path)
    ms = markers(view)
    ls = map_lines(view, rings)
    order = branch_order(view, ms)
    lons = [x for ring in rings for x, _ in ring] + [m.lon for m in ms]
    lats = [y for ring in rings for _, y in ring] + [m.lat for m in ms]
    others = []
    if world_path is not None:
        try:
            others = read_countries(world_path, (min(lons) - 2, min(lats) - 1, max(lons) + 2, max(lats) + 1))
        except NeighboursError as exc:
            raise MapError(str(exc)) from exc
    return MapData(rings, outline_note, ms, ls, order, branch_colours(order), lons, lats, others)


def map_page(view: GraphView, outline_path: Path, world_path: Path | None = None, data: MapData | None = None) -> str:
    """The map page; `world_path`: world-atlas's countries-10m.json for the neighbours (None: none drawn).
    `data`: map_data(view, outline_path, world_path), when already made (both languages' pages share it: at
    1000x the markers, lines and coasts were some 6 s of the two pages' 11 s of CPU, /tmp/s25/dist1000.raw)."""
    if data is None:
        data = map_data(view, outline_path, world_path)
    rings, outline_note, ms, ls = data.rings, data.outline_note, data.markers, data.lines
    order, colours, lons, lats, others = data.order, data.colours, data.lons, data.lats, data.others
    main_svg = _svg(view, rings, ms, ls, Projection(lons, lats), colours, svg_id="map", title=UI["map_svg_title"],
                    font=MAIN_FONT, others=others, coasts=data.coasts)
    inset = ""
    ins = inset_markers(ms)
    if ins:
        margin = 0.12
        ilons = [min(m.lon for m in ins) - margin, max(m.lon for m in ins) + margin]
        ilats = [min(m.lat for m in ins) - margin / 2, max(m.lat for m in ins) + margin / 2]
        proj = Projection(ilons, ilats, width=INSET_WIDTH)
        inside = {m.place for m in ins}
        ils = [l for l in ls if l.kind != "segment" or all(e in inside for e in l.ends)]
        inset = (
            f'<figure class="map-figure inset" aria-labelledby="h-inset">'
            f'<figcaption><h2 id="h-inset">{ui("inset_title")}</h2></figcaption>'
            + _svg(view, rings, ins, ils, proj, colours, svg_id="inset", title=UI["inset_title"], r=10.0, font=13.0,
                   others=others, coasts=data.coasts)
            + "</figure>"
        )
    legend = _legend(view, order, colours, ms, ls)
    credit = f'<p class="credit">{ui("outline_credit")}: {outline_source(outline_note)}' if outline_note else '<p class="credit">'
    if others:
        credit += f' {ui("neighbours_credit")}'
    course_sources = sorted(
        {s for l in ls if l.kind == "course" for g in view.values(l.node, LVP.lineGeometry) for s in view.values(g, LVP.source)},
        key=str,
    )
    if course_sources:
        credit += f' {ui("course_credit")} ' + ", ".join(entity_link(view, s, "id/") for s in course_sources) + "."
    credit += "</p>"
    body = (
        f'<h1>{ui("map_title")}</h1>'
        f'{ui("map_intro", tag="p")}'
        f'<p class="stats"><span class="count-total">{len(ms)}</span> {ui("map_desc")}</p>'
        # on a phone the map keeps a readable size and pans sideways inside this region (keyboard: focus it,
        # then the arrow keys; Tab goes from place to place), so that the page itself never scrolls sideways
        f'<figure class="map-figure main"><div class="map-pan" tabindex="0" role="region" aria-label="{esc(pick(*UI["map_pan"]))}">'
        f'{main_svg}</div>{legend}<figcaption>{credit}</figcaption></figure>'
        f'<div class="map-below">{inset}</div>'
        + _places_table(view, ms) + _lines_table(view, ls) + _unlocated(view, ms, ls)
    )
    return page(
        title_en=UI["map_title"][0], title_lv=UI["map_title"][1], root="", body=body, current="map", path="map.html",
        body_class="map-page",
    )


# The outline file's own note on its source (its "source" property, in English), read so that the credit can
# be given in the page's language; a note of another form is shown as written, marked as English.
OUTLINE_SOURCE = re.compile(r"Natural Earth \(public domain\), via the Who's On First gazetteer record (\d+)")


def outline_source(note: str) -> str:
    """The outline's source in the page's language (HTML)."""
    m = OUTLINE_SOURCE.fullmatch(note.strip())
    if m is None:
        return bi(note, note, lv_lang="en")
    en, lv = UI["outline_source"]
    return bi(en.format(record=m.group(1)), lv.format(record=m.group(1)))


def _branch_key(b: URIRef) -> str:
    local = str(b).rsplit("#", 1)[-1]
    return local[len("branch"):].lower() if local.startswith("branch") else local.lower()


def _swatch(inner: str) -> str:
    return f'<svg class="swatch" width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">{inner}</svg>'


def _legend(view: GraphView, order, colours, ms, ls) -> str:
    items = []
    for b in order:
        dot = f'<circle cx="10" cy="10" r="7.5" fill="{colours[b]}"/>'
        items.append(f'<li data-kind="{esc(_branch_key(b))}">{_swatch(dot)} {label(view, b)}</li>')
    if any(m.station for m in ms):
        sq = '<rect x="2" y="2" width="16" height="16" fill="#222"/>'
        items.append(f'<li data-kind="{STATION}">{_swatch(sq)} {ui("station_entry")}</li>')
    if any(not m.branches and not m.station for m in ms):
        ring = '<circle cx="10" cy="10" r="4.5" fill="#fff" stroke="#333" stroke-width="1.5"/>'
        items.append(f'<li data-kind="other">{_swatch(ring)} {ui("other_place")}</li>')
    if any(l.kind == "meridian" for l in ls):
        mer = '<line class="meridian-sw" x1="10" y1="0" x2="10" y2="20"/>'
        items.append(f'<li data-kind="meridian">{_swatch(mer)} {label(view, LVP.Meridian)}</li>')
    if any(l.kind == "segment" and not l.exception_to for l in ls):
        seg = '<line class="segment-sw" x1="1" y1="15" x2="19" y2="5"/>'
        items.append(f'<li data-kind="segment">{_swatch(seg)} {ui("line")}</li>')
    # the lines drawn along a course (the Venta, the Venta line) by name, each linked to its page; a coast that
    # is a provision's exception (the Irbe Strait coast) by name, in its own style, saying that its end is open;
    # and a coast that cannot be drawn with the reason, so that the map says what it leaves out
    for ln in ls:
        slug = esc(view.page_of(ln.node) or "")
        if ln.kind in ("course", "along"):
            sw = f'<path class="{ln.kind}-sw" d="M1,16 C6,4 12,18 19,5"/>'
            items.append(f'<li data-kind="{ln.kind}" data-line="{slug}">{_swatch(sw)} {entity_link(view, ln.node, "id/")}</li>')
        elif ln.kind == "segment" and ln.exception_to:
            sw = '<line class="exception-sw" x1="1" y1="15" x2="19" y2="5"/>'
            items.append(f'<li data-kind="exception" data-line="{slug}">{_swatch(sw)} '
                         f'<span>{entity_link(view, ln.node, "id/")}: {ui("exception_coast_short")}</span></li>')
        elif ln.kind == "none" and view.is_a(ln.node, LVP.Coast):
            sw = ""  # an empty swatch: nothing on the map stands for it
            items.append(f'<li data-kind="not-drawn" data-line="{slug}">{_swatch(sw)} '
                         f'<span>{entity_link(view, ln.node, "id/")}: {ui("coast_not_drawn_short")}</span></li>')
    return (
        f'<section class="legend" aria-labelledby="h-legend"><h2 id="h-legend">{ui("legend")}</h2>'
        f'<ul>{"".join(items)}</ul></section>'
    )


def _places_table(view: GraphView, ms: list[Marker]) -> str:
    rows = []
    for m in ms:
        en, lv = _marks_text(view, m, "en"), _marks_text(view, m, "lv")
        facts = ", ".join(entity_link(view, f, "id/") for f in m.facts)
        members = ", ".join(entity_link(view, p, "id/") for p in m.members)
        lat, lon = _point_literals(view, m.place)
        coords = bi(
            f'{fmt.format_coordinate(lat, "lat", "en")}, {fmt.format_coordinate(lon, "long", "en")}',
            f'{fmt.format_coordinate(lat, "lat", "lv")}, {fmt.format_coordinate(lon, "long", "lv")}',
        )
        rows.append(
            f'<tr id="place-{esc(m.slug)}"><th scope="row"><a href="id/{esc(m.slug)}.html">{label(view, m.place)}</a></th>'
            f"<td>{bi(en, lv)}</td><td>{facts}</td><td>{members}</td><td>{coords}</td></tr>"
        )
    head = "".join(f'<th scope="col">{ui(k)}</th>' for k in ("place", "kinds", "marked_by", "includes", "coordinates"))
    return (
        f'<section class="places" aria-labelledby="h-places"><h2 id="h-places">{ui("places_table")}</h2>'
        f'<table class="facts"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>'
    )


def _point_literals(view: GraphView, place):
    """The geometry's wgs:lat / wgs:long literals as written in the data (so 56.53186 keeps its digits)."""
    for g in view.values(place, LVP.geometry):
        lat, lon = view.value(g, WGS.lat), view.value(g, WGS.long)
        if lat is not None and lon is not None:
            return lat, lon
    raise ValueError(f"{place}: no point geometry")


def _lines_table(view: GraphView, ls: list[MapLine]) -> str:
    if not ls:
        return ""
    rows = []
    for ln in ls:
        if ln.kind == "meridian":
            lon = Literal(ln.lon)
            how = f'{ui("meridian_drawn")} {bi(fmt.format_coordinate(lon, "long", "en"), fmt.format_coordinate(lon, "long", "lv"))}'
        elif ln.kind == "segment" and ln.exception_to and view.is_a(ln.node, LVP.Coast):
            how = _exception_coast_how(view, ln)
        elif ln.kind == "segment":
            how = f'{ui("segment_drawn")} ' + ", ".join(entity_link(view, e, "id/") for e in ln.ends)
        elif ln.kind == "course":
            sources = [s for g in view.values(ln.node, LVP.lineGeometry) for s in view.values(g, LVP.source)]
            how = f'{ui("course_drawn")} ' + ", ".join(entity_link(view, s, "id/") for s in sources)
        elif ln.kind == "along":
            how = f'{ui("along_drawn")} ' + ", ".join(entity_link(view, f, "id/") for f in ln.along)
        elif view.is_a(ln.node, LVP.Coast):
            how = ui("coast_not_drawn")
        else:
            how = ui("not_locatable")
        rows.append(f'<tr id="line-{esc(view.page_of(ln.node) or "")}"><th scope="row">{entity_link(view, ln.node, "id/")}</th>'
                    f'<td>{how}</td></tr>')
    head = f'<th scope="col">{ui("line")}</th><th scope="col">{ui("drawn_as")}</th>'
    return (
        f'<section class="lines" aria-labelledby="h-lines"><h2 id="h-lines">{ui("lines_table")}</h2>'
        f'<table class="facts"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>'
    )


def _exception_coast_how(view: GraphView, ln: MapLine) -> str:
    """How a coast that is a provision's exception is drawn: along the coast between its two ends, the places
    the sources put on the water it lies on (lvp:locatedIn); and that the sources fix no western end."""
    west_to_east = sorted(ln.ends, key=lambda e: (view.point(e) or (0.0, 0.0))[1])
    ends = f' {ui("exception_coast_to")} '.join(entity_link(view, e, "id/") for e in west_to_east)
    waters = [w for w in view.values(ln.node, LVP.locatedIn) if isinstance(w, URIRef) and view.page_of(w)]
    on = ""
    if waters:
        on = f'{ui("exception_coast_on")} ' + ", ".join(entity_link(view, w, "id/") for w in waters)
    return f'{ui("exception_coast_drawn")} {ends}{on}. {ui("exception_coast_open")}'


def _unlocated(view: GraphView, ms: list[Marker], ls: list[MapLine]) -> str:
    shown = {m.place for m in ms} | {p for m in ms for p in m.members} | {l.node for l in ls}
    rest = [
        n for n in view.entities
        if view.is_a(n, LVP.Place) and n not in shown and not view.is_a(n, LVP.Line) and not view.values(n, LVP.between)
    ]
    if not rest:
        return ""
    rest.sort(key=lambda n: (fmt.fold(view.label(n, "en")), str(n)))
    items = "".join(f"<li>{entity_link(view, n, 'id/')}</li>" for n in rest)
    return (
        f'<section class="unlocated" aria-labelledby="h-unlocated"><h2 id="h-unlocated">{ui("not_on_map")}</h2>'
        f'<ul class="columns">{items}</ul></section>'
    )
