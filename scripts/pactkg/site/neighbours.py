"""Latvia's neighbours as land on the map: the countries of Natural Earth's 1:10m admin-0 layer, as packaged
in the npm package world-atlas (countries-10m.json, TopoJSON), read at build time and cut to the map's frame.

Natural Earth draws today's borders, not those of 1939; the map's credit line says so.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

WORLD_ATLAS = Path("world-atlas") / "countries-10m.json"  # inside node_modules
SKIP = {"Latvia"}  # drawn from the shared reference outline instead


class NeighboursError(Exception):
    """The world-atlas file is missing or not TopoJSON; the message says what to do."""


def _decoder(topo: dict):
    """A function arc index -> (lon, lat) list: quantized positions are delta-encoded, then transformed.
    Decoded on demand and kept: only the arcs of the countries near the map are ever decoded."""
    t = topo.get("transform")
    raw = topo["arcs"]
    done: dict[int, list[tuple[float, float]]] = {}

    def arc(i: int) -> list[tuple[float, float]]:
        if i not in done:
            pts = []
            x = y = 0
            for p in raw[i]:
                if t:
                    x, y = x + p[0], y + p[1]
                    pts.append((x * t["scale"][0] + t["translate"][0], y * t["scale"][1] + t["translate"][1]))
                else:
                    pts.append((float(p[0]), float(p[1])))
            done[i] = pts
        return done[i]

    def start(i: int) -> tuple[float, float]:
        """An arc's first point (absolute even when quantized: each arc's deltas start from zero)."""
        p = raw[i][0]
        return (p[0] * t["scale"][0] + t["translate"][0], p[1] * t["scale"][1] + t["translate"][1]) if t else (p[0], p[1])

    return arc, start


def _ring(arc, indices: list[int]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indices:
        pts = arc(i) if i >= 0 else list(reversed(arc(~i)))
        ring.extend(pts if not ring else pts[1:])
    return ring


def _flat(arcs) -> list[int]:
    out = []
    for a in arcs:
        out.extend(_flat(a) if isinstance(a, list) else [a])
    return out


@functools.lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def forget() -> None:
    """Let go of the TopoJSON read (some 60 MB of Python objects once parsed): the site asks for it for both
    languages' map pages, then never again, while the other process still writes pages (build._top_pages)."""
    _load.cache_clear()


def read_countries(path: Path, bbox: tuple[float, float, float, float]) -> list[tuple[str, list[list[tuple[float, float]]]]]:
    """(name, outer rings as (lon, lat)) of every country but Latvia with a ring inside `bbox`
    (min_lon, min_lat, max_lon, max_lat), in name order. A country is decoded only if one of its arcs
    starts within 3° of the box (the borders near Latvia do), so the world's other arcs are never read."""
    try:
        topo = _load(str(path), Path(path).stat().st_mtime)
        geoms = topo["objects"]["countries"]["geometries"]
    except FileNotFoundError as exc:
        raise NeighboursError(f"{path}: missing; the map draws the neighbouring countries from the npm package "
                              "world-atlas. Run `make` (it runs `npm ci`) or `npm ci`.") from exc
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise NeighboursError(f"{path}: not the TopoJSON of world-atlas ({exc}); run `npm ci` again.") from exc
    arc, start = _decoder(topo)
    lo_x, lo_y, hi_x, hi_y = bbox
    out = []
    for g in geoms:
        name = str((g.get("properties") or {}).get("name", ""))
        if name in SKIP or g.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        near = any(
            lo_x - 3 <= x <= hi_x + 3 and lo_y - 3 <= y <= hi_y + 3
            for x, y in (start(i if i >= 0 else ~i) for i in _flat(g["arcs"]))
        )
        if not near:
            continue
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        rings = []
        for poly in polys:
            ring = _ring(arc, poly[0])
            xs = [p[0] for p in ring]
            ys = [p[1] for p in ring]
            if ring and min(xs) <= hi_x and max(xs) >= lo_x and min(ys) <= hi_y and max(ys) >= lo_y:
                rings.append(ring)
        if rings:
            out.append((name, rings))
    return sorted(out, key=lambda nr: nr[0])


def clip(ring: list[tuple[float, float]], w: float, h: float) -> list[tuple[float, float]]:
    """The ring cut to the rectangle 0..w × 0..h (Sutherland–Hodgman), so the SVG holds only what shows."""
    def cut(pts, inside, cross):
        res = []
        for i, cur in enumerate(pts):
            prev = pts[i - 1]
            if inside(cur):
                if not inside(prev):
                    res.append(cross(prev, cur))
                res.append(cur)
            elif inside(prev):
                res.append(cross(prev, cur))
        return res

    def at_x(x0):
        return lambda a, b: (x0, a[1] + (b[1] - a[1]) * (x0 - a[0]) / (b[0] - a[0]))

    def at_y(y0):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y0 - a[1]) / (b[1] - a[1]), y0)

    pts = list(ring)
    for inside, cross in (
        (lambda p: p[0] >= 0, at_x(0.0)), (lambda p: p[0] <= w, at_x(w)),
        (lambda p: p[1] >= 0, at_y(0.0)), (lambda p: p[1] <= h, at_y(h)),
    ):
        if not pts:
            break
        pts = cut(pts, inside, cross)
    return pts
