"""Natural Earth's country outlines, decoded once per process, at several levels of detail.

Vendored as world-atlas' 1:50m TopoJSON (data/README.md) and decoded here (the TopoJSON packages on PyPI
encode; decoding is a few lines). Each level keeps points at least LEVELS_KM apart; each arc is cut into
stretches of CHUNK points with a spherical cap around each, so a map culls what is out of its view.
Geometry on the sphere (unit vectors, angles, caps) for framing.py and maps.py lives here too.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

OUTLINES = Path(__file__).parent / "data" / "countries-50m.json"
EARTH_KM = 6371.0
LEVELS_KM = (0, 2, 4, 8, 16, 32, 64, 128)  # detail levels: points at least this far apart (0: as Natural Earth draws them)
CHUNK = 48               # outline arcs are culled in stretches of this many points

class Level:
    """The arcs with points at least `spacing_km` apart, made ready to project when first used."""

    def __init__(self, arcs: list[list[tuple[float, float]]], spacing_km: float):
        self.arcs, self.spacing_km = arcs, spacing_km

    @cached_property
    def trig(self) -> list[tuple[list[float], list[float], list[float]]]:
        """Per arc: longitudes (rad), sines and cosines of latitudes."""
        return [([math.radians(lon) for lon, _ in arc], [math.sin(math.radians(lat)) for _, lat in arc],
                 [math.cos(math.radians(lat)) for _, lat in arc]) for arc in self.arcs]

    @cached_property
    def chunks(self) -> list[list[tuple[int, int, tuple[tuple[float, float, float], float]]]]:
        """Per arc: (start, end, cap) of each stretch of CHUNK points."""
        return [[(start, min(start + CHUNK, len(arc) - 1), cap(*box(arc[start:start + CHUNK + 1])))
                 for start in range(0, max(len(arc) - 1, 1), CHUNK)] for arc in self.arcs]


@dataclass
class Outlines:
    arcs: list[list[tuple[float, float]]]            # (lon, lat) points, degrees
    levels: list["Level"]                           # the arcs at coarser and coarser detail (LEVELS_KM)
    countries: dict[str, list[list[list[int]]]]      # key -> polygons -> rings -> arc indexes
    caps: dict[str, list[tuple[tuple[float, float, float], float]]]  # key -> per polygon (unit vector, radius)


def unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    phi, lam = math.radians(lat), math.radians(lon)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


def angle_between(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """Angle between two unit vectors, in degrees."""
    dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
    return math.degrees(math.acos(max(-1.0, min(1.0, dot))))


def geometry_key(geometry: dict) -> str:
    """ISO 3166 numeric code as world-atlas gives it, or the name where it has none (Kosovo)."""
    return geometry.get("id") or geometry["properties"]["name"]


@lru_cache(maxsize=1)
def world_outlines() -> Outlines:
    topology = json.loads(OUTLINES.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:  # delta-encoded, quantised positions
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    levels, detailed = [], arcs
    for spacing in LEVELS_KM:  # each level thinned from the one before
        detailed = [_thinned(arc, spacing) for arc in detailed] if spacing else arcs
        levels.append(Level(detailed, spacing))
    countries: dict[str, list[list[list[int]]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["properties"]["name"] == "Antarctica" or geometry.get("type") is None:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        countries.setdefault(geometry_key(geometry), []).extend(polygons)
    caps = {key: [_polygon_cap(polygon, arcs) for polygon in polygons] for key, polygons in countries.items()}
    return Outlines(arcs, levels, countries, caps)


def outlines_ready() -> None:
    """Read and decode the outlines now (before forking workers that will share them)."""
    world_outlines()


def _thinned(arc: list[tuple[float, float]], spacing_km: float) -> list[tuple[float, float]]:
    """The arc with each point at least about `spacing_km` from the one kept before it; ends kept."""
    kept = [arc[0]]
    for lon, lat in arc[1:-1]:
        last_lon, last_lat = kept[-1]
        if (abs(lat - last_lat) + abs(lon - last_lon) * math.cos(math.radians(lat))) * 111.2 >= spacing_km:
            kept.append((lon, lat))
    kept.append(arc[-1])
    return kept


def box(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), max(lons), min(lats), max(lats)


def cap(west: float, east: float, south: float, north: float) -> tuple[tuple[float, float, float], float]:
    """A spherical cap around a box of longitudes and latitudes (a degree to spare)."""
    centre = unit_vector((south + north) / 2, (west + east) / 2)
    edge = [(lat, lon) for lat in (south, (south + north) / 2, north) for lon in (west, (west + east) / 2, east)]
    return centre, max(angle_between(centre, unit_vector(lat, lon)) for lat, lon in edge) + 1.0


def _polygon_cap(polygon: list[list[int]], arcs: list) -> tuple[tuple[float, float, float], float]:
    boxes = [box(arcs[index if index >= 0 else ~index]) for index in polygon[0]]
    return cap(min(b[0] for b in boxes), max(b[1] for b in boxes), min(b[2] for b in boxes), max(b[3] for b in boxes))
