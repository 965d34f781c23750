"""Maps of places as inline SVG: country outlines from Natural Earth and pins that link to pages.

Data in, SVG out; this module knows nothing of pages (`render/page_maps.py` chooses the pins).
- Outlines: Natural Earth 1:50m countries, vendored as world-atlas' TopoJSON (data/README.md),
  decoded here (the TopoJSON packages on PyPI encode; decoding is a few lines). Read once per
  process.
- Framing adapts to the points: a Lambert azimuthal equal-area projection centred on them,
  fitted to their extent with a margin and a minimum span, so a network in the Western Balkans
  is drawn at the scale of the Balkans; points spread over more than a hemisphere's worth get
  a world map (equirectangular). A map `around` a country (a country's page; a practice all in
  one country) is framed on the whole country, with its places: country_frame().
- Cost at 10,000 practices: framings are rounded (span to powers of two, centre to a grid half
  or a quarter of the frame wide) so pages of nearby places share one, and each framing's outlines are projected,
  simplified to its own scale (points closer than a unit dropped, shared borders simplified
  once so neighbours still meet), clipped and cached.
- CSP: no style attribute and no <style>; presentation attributes and classes styled by
  assets/maps.css. Pins differ by shape and fill, never by colour alone, so the map prints
  in black and white.
- Each pin is an <a href> (focusable) with a <title> (its tooltip and accessible name).
- Pins too close to tell apart at the map's scale are set apart in a small ring, or drawn as one
  group with their count that links to the list of its places under the map (visual/clusters.py;
  map_groups() says what is in each, for that list).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from html import escape
from pathlib import Path
from typing import Callable

from . import clusters

OUTLINES = Path(__file__).parent / "data" / "countries-50m.json"

WIDTH, HEIGHT = 800, 500
EARTH_KM = 6371.0
MIN_SPAN_KM = 800.0      # east-west span of the frame around a single place: its region, not its street
MARGIN = 0.25            # share of the points' span added on each side: room for the pins and their labels
SPAN_STEP = 2.0          # spans are rounded up to 800 km x 2^k, so pages of nearby places share a framing
GRID_CELLS = (2, 4)      # the frame's centre snaps to a grid of span/2, else span/4 (see frame())
FIT_MARGIN = 0.085       # a snapped frame must keep every place this share of its size from the edges
TOLERANCE = 1.2          # outline points nearer than this (SVG units) to the last one kept are dropped
WORLD_BEYOND_DEG = 70.0  # a point farther than this from the centre: world map instead
WORLD_LAT = (84.0, -58.0)  # the world map's top and bottom (no Antarctica)
PIN_RADIUS = 7.0
LABEL_FONT = 16
MAX_LABELS = 16          # more pins than this: tooltips only, the list below the map names them all
FAR, FAR_STEP = 60, 40   # outline points this far outside the frame are thinned to one every FAR_STEP units
LEVELS_KM = (0, 2, 4, 8, 16, 32, 64, 128)  # detail levels: points at least this far apart (0: as Natural Earth draws them)
CHUNK = 48               # outline arcs are culled in stretches of this many points
CLIP_PAD = 4             # outlines are clipped a little outside the frame, so no edge shows
COUNTRY_MARGIN = 0.12    # a country's map: share of its extent (with its places) added on each side
COUNTRY_MIN_SPAN_KM = 400.0  # ... and at least this wide, so a small country (Kosovo) shows its neighbours
NEAR_KM, NEAR_SHARE = 300.0, 0.1  # a country's islands and exclaves this near its body (or a tenth of its size) are
#                        framed with it, chained (Bornholm, the Balearics, Kaliningrad); farther ones not (Svalbard, Madeira)


@dataclass(frozen=True)
class Pin:
    """A place on the map. `href` must already be safe for an attribute; texts are plain."""

    lat: float
    lon: float
    href: str
    label: str
    title: str
    shape: str = "circle"  # circle, square, diamond, triangle or cross
    hollow: bool = False
    size: float = 1.0      # radius as a multiple of PIN_RADIUS
    kind: str = "place"    # class suffix: portal-map__pin--<kind>
    locality: bool = False  # its label names a place (a municipality, a country): a group it is in is called after it
    name: str = ""         # its full name where the label is a short one ('Hand in Hand Uganda' for 'HIHU')

    @property
    def full_name(self) -> str:
        """What lists under the map call it, where there is room: its full name."""
        return self.name or self.label


# ------------------------------------------------------------ outlines


class _Level:
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
        return [[(start, min(start + CHUNK, len(arc) - 1), _cap(*_box(arc[start:start + CHUNK + 1])))
                 for start in range(0, max(len(arc) - 1, 1), CHUNK)] for arc in self.arcs]


@dataclass
class _Outlines:
    arcs: list[list[tuple[float, float]]]            # (lon, lat) points, degrees
    levels: list["_Level"]                           # the arcs at coarser and coarser detail (LEVELS_KM)
    countries: dict[str, list[list[list[int]]]]      # key -> polygons -> rings -> arc indexes
    caps: dict[str, list[tuple[tuple[float, float, float], float]]]  # key -> per polygon (unit vector, radius)


def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    phi, lam = math.radians(lat), math.radians(lon)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


def _angle(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """Angle between two unit vectors, in degrees."""
    dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
    return math.degrees(math.acos(max(-1.0, min(1.0, dot))))


def _country_key(geometry: dict) -> str:
    """ISO 3166 numeric code as world-atlas gives it, or the name where it has none (Kosovo)."""
    return geometry.get("id") or geometry["properties"]["name"]


@lru_cache(maxsize=1)
def _outlines() -> _Outlines:
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
        levels.append(_Level(detailed, spacing))
    countries: dict[str, list[list[list[int]]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["properties"]["name"] == "Antarctica" or geometry.get("type") is None:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        countries.setdefault(_country_key(geometry), []).extend(polygons)
    caps = {key: [_polygon_cap(polygon, arcs) for polygon in polygons] for key, polygons in countries.items()}
    return _Outlines(arcs, levels, countries, caps)


def outlines_ready() -> None:
    """Read and decode the outlines now (before forking workers that will share them)."""
    _outlines()


def _thinned(arc: list[tuple[float, float]], spacing_km: float) -> list[tuple[float, float]]:
    """The arc with each point at least about `spacing_km` from the one kept before it; ends kept."""
    kept = [arc[0]]
    for lon, lat in arc[1:-1]:
        last_lon, last_lat = kept[-1]
        if (abs(lat - last_lat) + abs(lon - last_lon) * math.cos(math.radians(lat))) * 111.2 >= spacing_km:
            kept.append((lon, lat))
    kept.append(arc[-1])
    return kept


def _box(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), max(lons), min(lats), max(lats)


def _cap(west: float, east: float, south: float, north: float) -> tuple[tuple[float, float, float], float]:
    """A spherical cap around a box of longitudes and latitudes (a degree to spare)."""
    centre = _unit((south + north) / 2, (west + east) / 2)
    edge = [(lat, lon) for lat in (south, (south + north) / 2, north) for lon in (west, (west + east) / 2, east)]
    return centre, max(_angle(centre, _unit(lat, lon)) for lat, lon in edge) + 1.0


def _polygon_cap(polygon: list[list[int]], arcs: list) -> tuple[tuple[float, float, float], float]:
    boxes = [_box(arcs[index if index >= 0 else ~index]) for index in polygon[0]]
    return _cap(min(b[0] for b in boxes), max(b[1] for b in boxes), min(b[2] for b in boxes), max(b[3] for b in boxes))


# ------------------------------------------------------------ framing


@dataclass(frozen=True)
class Frame:
    """How the map is drawn: projection, centre, scale (SVG units per km, or per degree) and offset."""

    projection: str   # "laea" or "world"
    lat0: float
    lon0: float
    span_km: float    # east-west span of the frame (laea)
    mid_x: float      # projected km at the frame's centre (laea)
    mid_y: float
    height: int = HEIGHT

    @property
    def scale(self) -> float:
        return WIDTH / self.span_km if self.projection == "laea" else WIDTH / 360.0

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        """SVG coordinates of a place."""
        if self.projection == "world":
            return (lon + 180.0) * self.scale, (WORLD_LAT[0] - lat) * self.scale
        x, y = laea(lat, lon, self.lat0, self.lon0)
        return WIDTH / 2 + (x - self.mid_x) * self.scale, self.height / 2 - (y - self.mid_y) * self.scale

    def view_radius_km(self) -> float:
        """Radius, around the projection's centre, of a disc holding the whole frame (laea)."""
        half_w, half_h = self.span_km / 2, self.span_km * self.height / WIDTH / 2
        return math.hypot(abs(self.mid_x) + half_w, abs(self.mid_y) + half_h)

    @cached_property
    def view_cap(self) -> tuple[tuple[float, float, float], float]:
        """Centre and angular radius (degrees) of a cap holding the whole frame."""
        if self.projection == "world":
            return (0.0, 0.0, 1.0), 180.0
        rho = self.view_radius_km()
        return _unit(self.lat0, self.lon0), math.degrees(2 * math.asin(min(1.0, rho / (2 * EARTH_KM))))

    def project_arc(self, lams: list[float], sins: list[float], coss: list[float],
                    picks: list[tuple[int, bool]] | None = None) -> list[tuple[float, float]]:
        """SVG coordinates of an arc's points (the same as project(), in one loop for speed).

        `picks` (index, pushed) chooses the points: a stretch of the arc wholly outside the frame's
        cap only has to stay outside it and turn around it the same way, so only a few of its
        points are picked, and those are pushed out to twice the cap's radius in their own
        direction; clipping then lays the stretch along the frame's edge.
        """
        if self.projection == "world":
            k = self.scale * 180 / math.pi
            return [((lam * k) + 180 * self.scale, (WORLD_LAT[0] * self.scale) - math.atan2(s, c) * k)
                    for lam, s, c in zip(lams, sins, coss)]
        if picks is None:
            picks = [(i, False) for i in range(len(lams))]
        lam0, phi0 = math.radians(self.lon0), math.radians(self.lat0)
        sin0, cos0 = math.sin(phi0), math.cos(phi0)
        scale = self.scale
        ox, oy = WIDTH / 2 - self.mid_x * scale, self.height / 2 + self.mid_y * scale
        rk = EARTH_KM * scale
        push = 2 * self.view_radius_km() * scale
        cos, sin, sqrt, hypot = math.cos, math.sin, math.sqrt, math.hypot  # locals: this loop runs millions of times
        result = []
        append = result.append
        for i, pushed in picks:
            lam, s, c = lams[i], sins[i], coss[i]
            cos_l = cos(lam - lam0)
            east, north = c * sin(lam - lam0), cos0 * s - sin0 * c * cos_l
            if pushed:
                length = hypot(east, north) or 1e-9
                append((ox + push * east / length, oy - push * north / length))
            else:
                denominator = 1.0 + sin0 * s + cos0 * c * cos_l
                k = rk * sqrt(2.0 / (denominator if denominator > 1e-9 else 1e-9))
                append((ox + k * east, oy - k * north))
        return result


def laea(lat: float, lon: float, lat0: float, lon0: float) -> tuple[float, float]:
    """Lambert azimuthal equal-area projection centred on (lat0, lon0), in km."""
    phi, lam, phi0 = math.radians(lat), math.radians(lon - lon0), math.radians(lat0)
    cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
    k = math.sqrt(2.0 / max(1.0 + cos_c, 1e-9))
    return (EARTH_KM * k * math.cos(phi) * math.sin(lam),
            EARTH_KM * k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam)))


def frame(places: list[tuple[float, float]]) -> Frame:
    """The framing for these (lat, lon) places: every one inside, with a margin, at a rounded scale.

    The frame is centred on the projection's centre, and that centre snaps to a grid half the
    frame wide (a quarter where the places do not fit otherwise; one zoom step out where they
    still do not): pages of nearby places share a framing, so at 10,000 practices a couple of
    hundred framings are drawn instead of thousands. Pins are still projected exactly.
    """
    vectors = [_unit(lat, lon) for lat, lon in places]
    sx, sy, sz = (sum(v[i] for v in vectors) for i in range(3))
    norm = math.sqrt(sx * sx + sy * sy + sz * sz)
    if norm < 1e-6:
        return _world_frame()
    centre = (sx / norm, sy / norm, sz / norm)
    if max(_angle(centre, v) for v in vectors) > WORLD_BEYOND_DEG:
        return _world_frame()
    lat, lon = math.degrees(math.asin(centre[2])), math.degrees(math.atan2(centre[1], centre[0]))
    xs, ys = zip(*(laea(la, lo, lat, lon) for la, lo in places))
    span_km = _span(xs, ys)  # and the middle of the places' extent:
    lat += (max(ys) + min(ys)) / 2 / 111.2                           # a few km off is fine, the fit is checked
    lon += (max(xs) + min(xs)) / 2 / (111.2 * max(math.cos(math.radians(lat)), 0.05))
    for _ in range(3):  # this span, then up to two zoom steps out
        for cells in GRID_CELLS:
            step = span_km / cells / 111.2
            lat0, lon0 = round(round(lat / step) * step, 3), round(round(lon / step) * step, 3)
            if _fits(places, lat0, lon0, span_km):
                return Frame("laea", lat0, lon0, span_km, 0.0, 0.0)
        span_km *= SPAN_STEP
    return _world_frame()


@lru_cache(maxsize=512)
def _body(key: str) -> tuple[tuple[float, float, float], ...]:
    """Unit vectors of a country's outline (outer rings, 2 km detail) where it is drawn whole on its map.

    Its body is its largest polygon, and every polygon within NEAR_KM (or NEAR_SHARE of the body's
    size) of one kept, so islands and exclaves near it come with it and far territories do not
    (Svalbard, French Guiana would make Norway's, France's map a map of half the north, or the world).
    Empty where the outlines have no such country.
    """
    import numpy as np  # only here: a few countries per build

    outlines = _outlines()
    polygons = outlines.countries.get(key, [])
    if not polygons:
        return ()

    def ring(polygon: list[list[int]], level: _Level) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in polygon[0]:
            arc = level.arcs[index if index >= 0 else ~index]
            points.extend(arc if index >= 0 else arc[::-1])
        return points

    def vectors(points: list[tuple[float, float]]):
        lon, lat = np.radians(np.array(points)).T
        return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1)

    def area(points: list[tuple[float, float]]) -> float:  # the rings are cut at the antimeridian: planar will do
        return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]))
                   * math.cos(math.radians(sum(p[1] for p in points) / len(points))))

    coarse = [vectors(ring(polygon, outlines.levels[LEVELS_KM.index(32)])) for polygon in polygons]
    largest = max(range(len(polygons)), key=lambda k: (area(ring(polygons[k], outlines.levels[0])), -k))
    middle = coarse[largest].sum(axis=0)
    middle /= np.linalg.norm(middle) or 1.0
    size_km = 2 * EARTH_KM * float(np.arccos(np.clip(coarse[largest] @ middle, -1, 1)).max())
    reach = math.cos(max(NEAR_KM, NEAR_SHARE * size_km) / EARTH_KM)  # as the cosine of an angle
    kept, frontier = {largest}, [largest]
    while frontier:
        near = np.concatenate([coarse[k] for k in frontier])
        frontier = [k for k in range(len(polygons)) if k not in kept and float((coarse[k] @ near.T).max()) >= reach]
        kept.update(frontier)
    fine = outlines.levels[LEVELS_KM.index(2)]
    return tuple(tuple(v) for k in sorted(kept) for v in vectors(ring(polygons[k], fine)).tolist())


def country_frame(key: str, places: tuple[tuple[float, float], ...] = ()) -> Frame | None:
    """The framing of a map around a country: its whole body (_body) and these (lat, lon) places, with a margin.

    Not snapped to a grid as frame() is: there are few countries, and a map of places inside the
    country has the country's own framing (its page's, and that of every practice all in it), so
    its outlines are drawn once.
    None where the outlines have no such country.
    """
    body = _body(key)
    if not body:
        return None
    return _country_frame(key, tuple(places))


@lru_cache(maxsize=512)
def _country_centre(key: str) -> tuple[float, float]:
    sx, sy, sz = (sum(v[i] for v in _body(key)) for i in range(3))
    norm = math.sqrt(sx * sx + sy * sy + sz * sz) or 1.0
    return round(math.degrees(math.asin(sz / norm)), 3), round(math.degrees(math.atan2(sy, sx)), 3)


@lru_cache(maxsize=512)
def _country_extent(key: str) -> tuple[float, float, float, float]:
    """West, east, south and north (km) of the country's body in the projection centred on it."""
    import numpy as np

    lat0, lon0 = _country_centre(key)
    v = np.array(_body(key))
    lam0, phi0 = math.radians(lon0), math.radians(lat0)
    lat, lon = np.arcsin(np.clip(v[:, 2], -1, 1)), np.arctan2(v[:, 1], v[:, 0])
    cos_c = math.sin(phi0) * np.sin(lat) + math.cos(phi0) * np.cos(lat) * np.cos(lon - lam0)
    if float(cos_c.min()) < math.cos(math.radians(WORLD_BEYOND_DEG)):
        return (math.inf, -math.inf, math.inf, -math.inf)  # more than a hemisphere's worth: a world map
    k = np.sqrt(2.0 / np.maximum(1.0 + cos_c, 1e-9))
    xs = EARTH_KM * k * np.cos(lat) * np.sin(lon - lam0)
    ys = EARTH_KM * k * (math.cos(phi0) * np.sin(lat) - math.sin(phi0) * np.cos(lat) * np.cos(lon - lam0))
    return float(xs.min()), float(xs.max()), float(ys.min()), float(ys.max())


@lru_cache(maxsize=4096)
def _country_frame(key: str, places: tuple[tuple[float, float], ...]) -> Frame:
    lat0, lon0 = _country_centre(key)
    west, east, south, north = _country_extent(key)
    if west == math.inf or any(_angle(_unit(lat0, lon0), _unit(lat, lon)) > WORLD_BEYOND_DEG for lat, lon in places):
        return _world_frame()
    for x, y in (laea(lat, lon, lat0, lon0) for lat, lon in places):
        west, east, south, north = min(west, x), max(east, x), min(south, y), max(north, y)
    span = max(east - west, (north - south) * WIDTH / HEIGHT) * (1 + 2 * COUNTRY_MARGIN)
    return Frame("laea", lat0, lon0, round(max(span, COUNTRY_MIN_SPAN_KM)), round((east + west) / 2, 1),
                 round((north + south) / 2, 1))


def _fits(places: list[tuple[float, float]], lat0: float, lon0: float, span_km: float) -> bool:
    """Whether every place is inside a frame centred on (lat0, lon0), at least FIT_MARGIN from its edges."""
    half_w, half_h = span_km / 2 * (1 - 2 * FIT_MARGIN), span_km * HEIGHT / WIDTH / 2 * (1 - 2 * FIT_MARGIN)
    return all(abs(x) <= half_w and abs(y) <= half_h for x, y in (laea(la, lo, lat0, lon0) for la, lo in places))


def _span(xs: tuple[float, ...], ys: tuple[float, ...]) -> float:
    """East-west span (km) of a frame holding the places (projected, km) with their margin, rounded up to a step."""
    span = max(max(xs) - min(xs), (max(ys) - min(ys)) * WIDTH / HEIGHT) * (1 + 2 * MARGIN)
    steps = math.ceil(math.log(max(span, MIN_SPAN_KM) / MIN_SPAN_KM, SPAN_STEP) - 1e-9)
    return round(MIN_SPAN_KM * SPAN_STEP ** steps, 3)


def _world_frame() -> Frame:
    return Frame("world", 0.0, 0.0, 0.0, 0.0, 0.0, height=round((WORLD_LAT[0] - WORLD_LAT[1]) * WIDTH / 360))


# ------------------------------------------------------------ outlines in a frame


# Outlines drawn for each framing, about 10 kB each: 10,000 practices need about 200 framings.
# Filled as maps are drawn, or beforehand by draw_framings() and keep() (render/parallel.py).
_drawn: dict[Frame, dict[str, str]] = {}


def land_paths(framing: Frame) -> dict[str, str]:
    """Path data of each country in view, drawn for this framing once."""
    paths = _drawn.get(framing)
    if paths is None:
        paths = _drawn[framing] = _land_paths(framing)
    return paths


@lru_cache(maxsize=256)
def _all_land(framing: Frame) -> str:
    """Path data of all the land in a framing, joined once (most maps highlight no country)."""
    return "".join(land_paths(framing).values())


def framing_of(pins: list[Pin], around: str | None = None) -> Frame | None:
    """The framing a map of these pins (around this country, if any) is drawn in (None: no map)."""
    return _frame_of(tuple((p.lat, p.lon) for p in pins), around) if pins else None


@lru_cache(maxsize=16384)
def _frame_of(places: tuple[tuple[float, float], ...], around: str | None = None) -> Frame:
    """frame() of these places, or country_frame() around a country, once: pages of the same places share it."""
    return (around and country_frame(around, places)) or frame(list(places))


def draw_framings(framings: list[Frame]) -> list[tuple[Frame, dict[str, str]]]:
    """Outlines of each framing, for keep() in another process."""
    return [(framing, land_paths(framing)) for framing in framings]


def keep(drawn: list[tuple[Frame, dict[str, str]]]) -> None:
    """Remember outlines drawn elsewhere, so maps of these framings draw none."""
    _drawn.update(drawn)


def forget_drawn() -> int:
    """Forget every framing drawn; returns how many there were (benchmarks)."""
    count = len(_drawn)
    _drawn.clear()
    for cache in (_all_land, _frame_of, _pins_markup, _layout):
        cache.cache_clear()
    return count


def _land_paths(framing: Frame) -> dict[str, str]:
    """Path data of each country in view, projected, simplified and clipped for this framing."""
    outlines = _outlines()
    view_centre, view_radius = framing.view_cap
    arcs: dict[int, list[tuple[int, int]]] = {}
    paths = {}
    for key, polygons in outlines.countries.items():
        parts = []
        for polygon, (centre, radius) in zip(polygons, outlines.caps[key]):
            if _angle(view_centre, centre) > view_radius + radius:
                continue
            for ring in polygon:
                for points in _unwrapped(_ring(ring, outlines, framing, arcs), framing):
                    points = _clip(points, framing.height)
                    if len(points) >= 3 and abs(_area(points)) >= 3:
                        parts.append(_path_data(points))
        if parts:
            paths[key] = "".join(parts)
    return paths


def _unwrapped(points: list[tuple[int, int]], framing: Frame) -> list[list[tuple[int, int]]]:
    """On the world map, a ring across the antimeridian (Russia, Fiji) drawn on both sides of it."""
    if framing.projection != "world" or all(abs(b[0] - a[0]) < WIDTH / 2 for a, b in zip(points, points[1:])):
        return [points]
    return [[(x + WIDTH, y) if x < WIDTH / 2 else (x, y) for x, y in points],
            [(x - WIDTH, y) if x > WIDTH / 2 else (x, y) for x, y in points]]


def _ring(ring: list[int], outlines: _Outlines, framing: Frame, cache: dict) -> list[tuple[int, int]]:
    points: list[tuple[int, int]] = []
    for index in ring:
        arc = _projected_arc(index if index >= 0 else ~index, outlines, framing, cache)
        arc = arc if index >= 0 else arc[::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _projected_arc(index: int, outlines: _Outlines, framing: Frame, cache: dict) -> list[tuple[int, int]]:
    """An arc in SVG units, simplified once, so both countries along a border draw the same line."""
    found = cache.get(index)
    if found is None:
        level = _detail(outlines, framing)
        points = framing.project_arc(*level.trig[index], picks=_picks(level.chunks[index], framing))
        found = cache[index] = [(round(x), round(y)) for x, y in _simplify(points, framing.height)]
    return found


def _detail(outlines: _Outlines, framing: Frame) -> _Level:
    """The coarsest level whose points are at most two tolerances apart in this frame."""
    km_per_unit = 111.2 / framing.scale if framing.projection == "world" else 1 / framing.scale
    return [level for level in outlines.levels if level.spacing_km <= 3 * TOLERANCE * km_per_unit][-1]


def _picks(chunks: list, framing: Frame) -> list[tuple[int, bool]] | None:
    """The points of an arc to project, and whether each is pushed out (Frame.project_arc)."""
    if framing.projection == "world":
        return None
    picks: list[tuple[int, bool]] = []
    for start, end, cap in chunks:
        picks.append((start, False))
        if not _off_view(cap, framing):
            picks.extend((i, False) for i in range(start + 1, end))
        else:
            between = range(start + 8, end, 8) if _near(cap, framing) else range((start + end) // 2, end, end)
            picks.extend((i, True) for i in between if i > start)
    picks.append((chunks[-1][1], False))
    return picks


def _near(arc_cap: tuple, framing: Frame) -> bool:
    """Whether an off-view stretch is near enough, or wide enough, to need a pushed point every 8.

    Farther ones keep their ends and one pushed point between: seen from the frame they span
    less than 60 degrees, at over 1.2 times the cap's radius, so no chord between them crosses it.
    """
    view_centre, view_radius = framing.view_cap
    centre, radius = arc_cap
    distance = _angle(view_centre, centre)
    return radius > distance / 2 or distance - radius < 1.2 * view_radius


def _off_view(arc_cap: tuple, framing: Frame) -> bool:
    view_centre, view_radius = framing.view_cap
    centre, radius = arc_cap
    distance = _angle(view_centre, centre)
    return distance > view_radius + radius and distance + radius < 150  # (near the antipode: drawn exactly)


def _simplify(points: list[tuple[float, float]], height: int) -> list[tuple[float, float]]:
    """Points nearer than TOLERANCE to the last one kept dropped, then Douglas–Peucker at half of it.

    Far outside the frame (FAR units and more) only a point every FAR_STEP units is kept: a chord
    that short between points that far out cannot reach into the frame, and clipping drops them.
    """
    kept = [points[0]]
    last_x, last_y = points[0]
    low_x, low_y, high_x, high_y = -FAR, -FAR, WIDTH + FAR, height + FAR
    for x, y in points[1:-1]:
        far = x < low_x or x > high_x or y < low_y or y > high_y
        if abs(x - last_x) + abs(y - last_y) >= (FAR_STEP if far else TOLERANCE):
            kept.append((x, y))
            last_x, last_y = x, y
    kept.append(points[-1])
    if len(kept) <= 2:
        return kept
    keep = [False] * len(kept)
    keep[0] = keep[-1] = True
    stack = [(0, len(kept) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = kept[first], kept[last]
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy)
        if last - first < 2:
            continue
        # One comprehension per stretch (a loop in C): most of a map's drawing time was this loop.
        if length:
            distances = [abs(dy * (x - x0) - dx * (y - y0)) / length for x, y in kept[first + 1:last]]
        else:  # a closed ring: from its start
            distances = [math.hypot(x - x0, y - y0) for x, y in kept[first + 1:last]]
        worst = max(distances)
        if worst > TOLERANCE / 2:
            at = first + 1 + distances.index(worst)  # the first farthest point, as before
            keep[at] = True
            stack.extend(((first, at), (at, last)))
    return [point for point, wanted in zip(kept, keep) if wanted]


def _clip(points: list[tuple[int, int]], height: int) -> list[tuple[int, int]]:
    """Sutherland–Hodgman: the ring cut to the frame (plus a pad), so off-frame land costs no bytes."""
    low, high_x, high_y = -CLIP_PAD, WIDTH + CLIP_PAD, height + CLIP_PAD
    if all(low <= x <= high_x and low <= y <= high_y for x, y in points):
        return points
    for axis, bound, keep_below in ((0, low, False), (0, high_x, True), (1, low, False), (1, high_y, True)):
        if not points:
            break
        values = [point[axis] for point in points]
        insides = [v <= bound for v in values] if keep_below else [v >= bound for v in values]
        result = []
        previous, previous_in = points[-1], insides[-1]
        for current, current_in in zip(points, insides):
            if current_in != previous_in:
                t = (bound - previous[axis]) / (current[axis] - previous[axis])
                crossing = [previous[0] + t * (current[0] - previous[0]), previous[1] + t * (current[1] - previous[1])]
                crossing[axis] = bound
                result.append((round(crossing[0]), round(crossing[1])))
            if current_in:
                result.append(current)
            previous, previous_in = current, current_in
        points = result
    return points


def _area(points: list[tuple[int, int]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1])) / 2


def _path_data(points: list[tuple[int, int]]) -> str:
    """M x y, then relative steps (shorter than absolute ones), repeated points dropped."""
    steps = []
    last = points[0]
    for point in points[1:]:
        dx, dy = point[0] - last[0], point[1] - last[1]
        if dx or dy:
            steps.append(f"{dx} {dy}")
            last = point
    return f"M{points[0][0]} {points[0][1]}l{' '.join(steps)}z".replace(" -", "-")


# ------------------------------------------------------------ pins


def _marker(shape: str, x: float, y: float, r: float, hollow: bool) -> str:
    fill = ' fill="none"' if hollow else ""
    if shape == "square":
        side = r * 1.7
        return f'<rect x="{x - side / 2:.1f}" y="{y - side / 2:.1f}" width="{side:.1f}" height="{side:.1f}"{fill}/>'
    if shape == "diamond":
        d = r * 1.35
        return f'<path d="M{x:.1f} {y - d:.1f}L{x + d:.1f} {y:.1f}L{x:.1f} {y + d:.1f}L{x - d:.1f} {y:.1f}z"{fill}/>'
    if shape == "triangle":
        d = r * 1.35
        return (f'<path d="M{x:.1f} {y - d:.1f}L{x + d:.1f} {y + d * 0.8:.1f}L{x - d:.1f} {y + d * 0.8:.1f}z"'
                f'{fill}/>')
    if shape == "group":  # a disc in a ring: several places, their count inside
        return (f'<circle class="portal-map__ring" cx="{x:.1f}" cy="{y:.1f}" r="{r - 1:.1f}" fill="none"/>'
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r - 3.5:.1f}"/>')
    if shape == "cross":
        d = r
        return (f'<path class="portal-map__cross" d="M{x - d:.1f} {y - d:.1f}L{x + d:.1f} {y + d:.1f}'
                f'M{x - d:.1f} {y + d:.1f}L{x + d:.1f} {y - d:.1f}"/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"{fill}/>'


def legend_icon(shape: str, hollow: bool = False) -> str:
    """A small SVG of a marker, for a legend next to the map."""
    if shape == "group":  # as on the map, with a count
        marker = (f'{_marker(shape, 10, 10, 9.5, hollow)}<text class="portal-map__count" x="10" y="13.3" '
                  f'text-anchor="middle" font-size="9.5">3</text>')
    else:
        marker = _marker(shape, 10, 10, 6, hollow)
    return (f'<svg class="portal-map__icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" '
            f'xmlns="http://www.w3.org/2000/svg">{marker}</svg>')


def _label_box(x: float, y: float, r: float, text: str, where: str) -> tuple[float, float, float, float, str]:
    """Box (x0, y0, x1, y1) and anchor of a label beside a pin."""
    width, height = len(text) * LABEL_FONT * 0.56, LABEL_FONT
    if where == "right":
        return x + r + 3, y - height / 2, x + r + 3 + width, y + height / 2, "start"
    if where == "left":
        return x - r - 3 - width, y - height / 2, x - r - 3, y + height / 2, "end"
    if where == "above":
        return x - width / 2, y - r - 3 - height, x + width / 2, y - r - 3, "middle"
    return x - width / 2, y + r + 3, x + width / 2, y + r + 3 + height, "middle"


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _labels(placed: list[tuple[float, float, float]], texts: list[str], height: int) -> list[str | None]:
    """A visible label beside each pin where one fits without covering another; None where none fits."""
    if len(texts) > MAX_LABELS:
        return [None] * len(texts)
    taken = [(x - r, y - r, x + r, y + r) for x, y, r in placed]
    labels: list[str | None] = []
    for (x, y, r), text in zip(placed, texts):
        chosen = None
        for where in ("right", "left", "above", "below"):
            box = _label_box(x, y, r, text, where)
            inside = box[0] >= 2 and box[2] <= WIDTH - 2 and box[1] >= 2 and box[3] <= height - 2
            if inside and not any(_overlaps(box, other) for other in taken):
                taken.append(box[:4])
                tx = box[0] if box[4] == "start" else box[2] if box[4] == "end" else (box[0] + box[2]) / 2
                chosen = (f'<text class="portal-map__label" x="{tx:.1f}" y="{box[3] - 3:.1f}" '
                          f'text-anchor="{box[4]}" font-size="{LABEL_FONT}">{escape(text)}</text>')
                break
        labels.append(chosen)
    return labels


# ------------------------------------------------------------ the map


def and_more(name: str, others: int) -> str:
    """What a group of pins is called, in English: 'Oslo and 11 more' (page_maps.py passes its language's)."""
    return f"{name} and {others} more"


@dataclass(frozen=True)
class MapGroup:
    """Pins drawn as one: the id of the list under the map its pin links to, its name, its places."""

    anchor: str
    label: str
    pins: tuple[Pin, ...]  # the one it is called after first, then in the order they were given


def map_svg(map_id: str, title: str, pins: list[Pin], highlight: str | None = None,
            more: Callable[[str, int], str] = and_more, around: str | None = None) -> str:
    """SVG markup of the pins on their country outlines; `highlight` is a country key (ISO numeric),
    and `around` one to frame whole with the pins (country_frame()).

    `map_id` must be unique on the page. Returns "" when there is no pin to show. A group of pins
    links to `#<map_id>-group-<n>`, the list of map_groups()' n-th group (the page writes it);
    `more(name, others)` names a group ('Oslo and 11 more').
    """
    if not pins:
        return ""
    framing = _frame_of(tuple((p.lat, p.lon) for p in pins), around)
    height = framing.height
    paths = land_paths(framing)
    land = _all_land(framing) if highlight not in paths else "".join(d for k, d in paths.items() if k != highlight)
    parts = [
        f'<svg class="portal-map" id="{escape(map_id)}" viewBox="0 0 {WIDTH} {height}" role="group" '
        f'aria-labelledby="{escape(map_id)}-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(map_id)}-title">{escape(title)}</title>',
        f'<rect class="portal-map__sea" width="{WIDTH}" height="{height}"/>',
        f'<path class="portal-map__land" d="{land}"/>' if land else "",
    ]
    if highlight in paths:
        parts.append(f'<path class="portal-map__land portal-map__land--highlight" d="{paths[highlight]}"/>')
    parts.append(_pins_markup(framing, tuple(pins), map_id, more))
    parts.append(f'<rect class="portal-map__frame" width="{WIDTH}" height="{height}" fill="none"/>')
    parts.append("</svg>")
    return "".join(parts)


def map_groups(map_id: str, pins: list[Pin], more: Callable[[str, int], str] = and_more,
               around: str | None = None) -> list[MapGroup]:
    """The groups map_svg() draws for these pins, in its order, with their places: for the lists under the map.

    A group is called after its place's full name here ('Hand in Hand Uganda and 3 more', not 'HIHU ...'):
    the lists have the room the map has not."""
    if not pins:
        return []
    order, marks, named = _layout(_frame_of(tuple((p.lat, p.lon) for p in pins), around), tuple(pins))
    found = []
    for mark, name in zip(marks, named):
        if mark.group:
            given = _members(order, mark, name)
            found.append(MapGroup(f"{map_id}-group-{len(found) + 1}",
                                  more(pins[order[name]].full_name, len(given) - 1), tuple(pins[i] for i in given)))
    return found


def _members(order: list[int], mark: clusters.Mark, name: int) -> list[int]:
    """A group's members as indexes into the pins given: the one it is called after, then the others in their order."""
    return [order[name]] + sorted(order[i] for i in mark.members if i != name)


@lru_cache(maxsize=4096)
def _layout(framing: Frame, pins: tuple[Pin, ...]) -> tuple[list[int], list[clusters.Mark], list[int]]:
    """The order pins are drawn in (big below small: indexes into `pins`), their marks (indexes into that
    order), and for each mark the one it is called after; worked out once for the map and its lists."""
    order = sorted(range(len(pins)), key=lambda i: (-pins[i].size, pins[i].label))
    drawn = [pins[i] for i in order]
    positions = [framing.project(p.lat, p.lon) for p in drawn]
    marks = clusters.layout(positions, [PIN_RADIUS * p.size for p in drawn])
    named = [clusters.name_of(mark, positions, [p.size for p in drawn], [p.locality for p in drawn],
                              [p.label for p in drawn]) if mark.group else mark.members[0] for mark in marks]
    return order, marks, named


@lru_cache(maxsize=4096)
def _pins_markup(framing: Frame, pins: tuple[Pin, ...], map_id: str = "m",
                 more: Callable[[str, int], str] = and_more) -> str:
    """The pins' group, drawn once for the same pins in the same framing (many practices of one place)."""
    order, marks, named = _layout(framing, pins)
    drawn = [pins[i] for i in order]
    texts = [more(drawn[name].label, len(mark.members) - 1) if mark.group else drawn[name].label
             for mark, name in zip(marks, named)]  # the labels beside the pins: short names
    parts = ['<g class="portal-map__pins">']
    number = 0
    labels = _labels([(m.x, m.y, m.r) for m in marks], texts, framing.height)
    for mark, name, text, label in zip(marks, named, texts, labels):
        if mark.group:
            number += 1
            places = ", ".join(pins[i].full_name for i in _members(order, mark, name))  # its tooltip: full names
            count = str(len(mark.members))
            font = 15 if len(count) <= 2 else 11 if len(count) == 3 else 8.5
            parts.append(f'<a class="portal-map__pin portal-map__pin--group" href="#{escape(map_id)}-group-{number}">'
                         f'<title>{escape(more(drawn[name].full_name, len(mark.members) - 1))}: {escape(places)}</title>{_marker("group", mark.x, mark.y, mark.r, False)}'
                         f'<text class="portal-map__count" x="{mark.x:.1f}" y="{mark.y + font * 0.36:.1f}" '
                         f'text-anchor="middle" font-size="{font}">{count}</text>{label or ""}</a>')
            continue
        pin = drawn[mark.members[0]]
        parts.append(f'<a class="portal-map__pin portal-map__pin--{escape(pin.kind)}" href="{pin.href}">'
                     f'<title>{escape(pin.title)}</title>{_marker(pin.shape, mark.x, mark.y, mark.r, pin.hollow)}'
                     f'{label or ""}</a>')
    parts.append("</g>")
    return "".join(parts)
