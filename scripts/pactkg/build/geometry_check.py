"""Places the data puts in Latvia must lie inside Latvia's outline (issue 10): a bounding box lets a point
in the Gulf of Riga or in Lithuania through.

The outline is Natural Earth's (public domain), copied into reference/ so that the build needs no network
and no ../shared. It is generalised (544 points), so its coast can be a few kilometres off: a place of a
coastal kind (a port, a naval base, a coast, a strait, an island, a cape, a river's mouth) may lie outside it by at most
COAST_TOLERANCE_KM. Every other place must be inside.

A line (lvp:lineGeometry, a WKT LINESTRING) of a place in Latvia may leave Latvia (the Venta rises in
Lithuania), so only a line with no point at all inside the outline is refused: its coordinates are swapped,
mistyped or belong to another feature.

Point in polygon by ray casting; distances on a local equirectangular projection (error well under 1 % at
Latvia's size), which is enough to compare with a tolerance of kilometres.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

LVP = Namespace("https://w3id.org/lv-pact-1939/ontology#")
LVD = Namespace("https://w3id.org/lv-pact-1939/id/")
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")

OUTLINE_NAME = "latvia-outline-naturalearth.geojson"


def outline_path() -> Path:
    """reference/ in the repository (a copy of ../shared/reference/'s file; a test keeps them equal)."""
    from pactkg.common import paths

    return paths.ROOT / "reference" / OUTLINE_NAME

COAST_TOLERANCE_KM = 5.0
# Classes whose instances lie on the water's edge (or in it): the outline's coast may miss them a little.
COASTAL_CLASSES = (LVP.Port, LVP.NavalBase, LVP.Coast, LVP.Strait, LVP.Island, LVP.Cape, LVP.RiverMouth)
EARTH_RADIUS_KM = 6371.0

Ring = list[tuple[float, float]]  # (longitude, latitude)


class OutlineError(Exception):
    """The outline file is missing or is not a polygon."""


@dataclass(frozen=True)
class Misplaced:
    place: URIRef
    lat: float
    long: float
    distance_km: float  # from the outline; 0 never occurs here (inside means not misplaced)
    coastal: bool

    def message(self, short) -> str:
        where = f"({self.lat}, {self.long})"
        if self.coastal:
            return (f"{short(self.place)}: its point {where} is {self.distance_km:.1f} km outside Latvia's outline, "
                    f"more than the {COAST_TOLERANCE_KM:g} km allowed at the coast. Fix the coordinates "
                    f"(lat, long), or its lvp:country if it is not in Latvia.")
        return (f"{short(self.place)}: its point {where} is outside Latvia's outline ({self.distance_km:.1f} km "
                f"from it), though lvp:country says Latvia. Fix the coordinates (lat, long), or its lvp:country.")


@dataclass(frozen=True)
class MisplacedLine:
    place: URIRef
    points: int  # how many points the line has; none of them lies inside the outline
    first: tuple[float, float]  # (long, lat) of its first point, to show where it is

    def message(self, short) -> str:
        return (f"{short(self.place)}: none of the {self.points} points of its line (lvp:lineGeometry, first point "
                f"long {self.first[0]}, lat {self.first[1]}) lies inside Latvia's outline, though lvp:country says "
                f"Latvia. Copy the points again from the file its lvp:sourceRecord names (WKT is LINESTRING(long lat, "
                f"…), longitude first), or fix its lvp:country.")


_LINESTRING = re.compile(r"^\s*LINESTRING\s*\((.*)\)\s*$", re.S)


def parse_linestring(wkt: str) -> Ring | None:
    """The (long, lat) points of a WKT LINESTRING, or None when it is not one (the shapes and
    queries/checks/geometry-invalid.rq say so). Parsed by hand: the only WKT the data holds is POINT and
    LINESTRING, and a geometry library (shapely, with GEOS) would be a compiled dependency for one regex."""
    m = _LINESTRING.match(wkt)
    if not m:
        return None
    points: Ring = []
    for pair in m.group(1).split(","):
        parts = pair.split()
        if len(parts) != 2:
            return None
        try:
            points.append((float(parts[0]), float(parts[1])))
        except ValueError:
            return None
    return points if len(points) >= 2 else None


def read_rings(path: Path) -> list[Ring]:
    """The outer rings of every polygon in a GeoJSON file."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise OutlineError(f"{path}: cannot read Latvia's outline ({exc}).") from exc
    geometries = [f.get("geometry") or {} for f in doc.get("features", [])] if "features" in doc else [doc]
    rings: list[Ring] = []
    for g in geometries:
        if g.get("type") == "Polygon":
            rings.append([(float(x), float(y)) for x, y, *_ in g["coordinates"][0]])
        elif g.get("type") == "MultiPolygon":
            rings.extend([(float(x), float(y)) for x, y, *_ in poly[0]] for poly in g["coordinates"])
    if not rings:
        raise OutlineError(f"{path}: no Polygon or MultiPolygon in the file; expected Latvia's outline.")
    return rings


def inside(ring: Ring, long: float, lat: float) -> bool:
    """Ray casting: an odd number of edge crossings to the east means inside."""
    result = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and long < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            result = not result
        j = i
    return result


def distance_km(ring: Ring, long: float, lat: float) -> float:
    """Distance from the point to the ring's nearest edge."""
    kx = EARTH_RADIUS_KM * math.radians(1) * math.cos(math.radians(lat))
    ky = EARTH_RADIUS_KM * math.radians(1)
    best = math.inf
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        ax, ay = (x1 - long) * kx, (y1 - lat) * ky
        bx, by = (x2 - long) * kx, (y2 - lat) * ky
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length2))
        best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best


def places_in_latvia(graph: Graph):
    """(place, lat, long, coastal) for every place with lvp:country lvd:latvia and a point."""
    for place in sorted(set(graph.subjects(LVP.country, LVD.latvia))):
        classes = set(graph.objects(place, RDF.type))
        supers = set()
        for c in classes:
            supers |= set(graph.transitive_objects(c, RDFS.subClassOf))
        coastal = any(c in supers for c in COASTAL_CLASSES)
        for geometry in graph.objects(place, LVP.geometry):
            lat, long = graph.value(geometry, WGS.lat), graph.value(geometry, WGS.long)
            try:
                yield place, float(lat), float(long), coastal
            except (TypeError, ValueError):
                continue  # missing or non-numeric: the shapes and queries/checks/geometry-invalid.rq say so


def lines_in_latvia(graph: Graph):
    """(place, points) for every place with lvp:country lvd:latvia and a readable line geometry."""
    for place in sorted(set(graph.subjects(LVP.country, LVD.latvia))):
        for geometry in sorted(graph.objects(place, LVP.lineGeometry)):
            for wkt in sorted(graph.objects(geometry, GEO.asWKT)):
                points = parse_linestring(str(wkt))
                if points:
                    yield place, points


def misplaced(graph: Graph, rings: list[Ring]) -> list[Misplaced | MisplacedLine]:
    out: list[Misplaced | MisplacedLine] = []
    for place, points in lines_in_latvia(graph):
        if not any(inside(r, long, lat) for long, lat in points for r in rings):
            out.append(MisplacedLine(place, len(points), points[0]))
    for place, lat, long, coastal in places_in_latvia(graph):
        if any(inside(r, long, lat) for r in rings):
            continue
        d = min(distance_km(r, long, lat) for r in rings)
        if coastal and d <= COAST_TOLERANCE_KM:
            continue
        out.append(Misplaced(place, lat, long, d, coastal))
    return out
