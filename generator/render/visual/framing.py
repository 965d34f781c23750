"""How a map is framed: the projection, its centre and its scale, from the places it shows.

A Lambert azimuthal equal-area projection centred on the places, fitted to their extent with a margin and a
minimum span, so a network in the Western Balkans is drawn at the scale of the Balkans; places spread over
more than a hemisphere's worth get a world map (equirectangular). Framings are rounded (span to powers of
two, centre to a grid half, a quarter or, in a continent-wide frame, an eighth of the frame wide) so pages
of nearby places share one: at 10,000 practices a couple of hundred are drawn, not thousands. A map around a country (a country's page; a
practice all in one country) is framed on the whole country with its places: country_frame().
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .outlines import EARTH_KM, LEVELS_KM, Level, angle_between, unit_vector, world_outlines

WIDTH, HEIGHT = 800, 500
MIN_SPAN_KM = 800.0      # east-west span of the frame around a single place: its region, not its street
MARGIN = 0.25            # share of the points' span added on each side: room for the pins and their labels
SPAN_STEP = 2.0          # spans are rounded up to 800 km x 2^k, so pages of nearby places share a framing
GRID_CELLS = (2, 4)      # the frame's centre snaps to a grid of span/2, else span/4 (see frame())
WIDE_GRID_CELLS, WIDE_FROM_KM = 8, 3200.0  # ... else span/8 in a frame this wide: a zoom step out from a
#                        continent is nearly the world (Madrid with Oslo: 6,400 km, not 12,800)
FIT_MARGIN = 0.085       # a snapped frame must keep every place this share of its size from the edges
WORLD_BEYOND_DEG = 70.0  # a point farther than this from the centre: world map instead
WORLD_LAT = (84.0, -58.0)  # the world map's top and bottom (no Antarctica)
COUNTRY_MARGIN = 0.12    # a country's map: share of its extent (with its places) added on each side
COUNTRY_MIN_SPAN_KM = 400.0  # ... and at least this wide, so a small country (Kosovo) shows its neighbours
NEAR_KM, NEAR_SHARE = 300.0, 0.1  # a country's islands and exclaves this near its body (or a tenth of its size) are
#                        framed with it, chained (Bornholm, the Balearics, Kaliningrad); farther ones not (Svalbard, Madeira)

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
        return unit_vector(self.lat0, self.lon0), math.degrees(2 * math.asin(min(1.0, rho / (2 * EARTH_KM))))

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
    frame wide (a quarter where the places do not fit otherwise, an eighth in a continent-wide
    frame; one zoom step out where they still do not): pages of nearby places share a framing,
    so at 10,000 practices a couple of hundred framings are drawn instead of thousands. Pins are still projected exactly.
    """
    vectors = [unit_vector(lat, lon) for lat, lon in places]
    sx, sy, sz = (sum(v[i] for v in vectors) for i in range(3))
    norm = math.sqrt(sx * sx + sy * sy + sz * sz)
    if norm < 1e-6:
        return world_frame()
    centre = (sx / norm, sy / norm, sz / norm)
    if max(angle_between(centre, v) for v in vectors) > WORLD_BEYOND_DEG:
        return world_frame()
    lat, lon = math.degrees(math.asin(centre[2])), math.degrees(math.atan2(centre[1], centre[0]))
    xs, ys = zip(*(laea(la, lo, lat, lon) for la, lo in places))
    span_km = _span(xs, ys)  # and the middle of the places' extent:
    lat += (max(ys) + min(ys)) / 2 / 111.2                           # a few km off is fine, the fit is checked
    lon += (max(xs) + min(xs)) / 2 / (111.2 * max(math.cos(math.radians(lat)), 0.05))
    for _ in range(3):  # this span, then up to two zoom steps out
        for cells in GRID_CELLS + ((WIDE_GRID_CELLS,) if span_km >= WIDE_FROM_KM else ()):
            step = span_km / cells / 111.2
            lat0, lon0 = round(round(lat / step) * step, 3), round(round(lon / step) * step, 3)
            if abs(lat0) <= 90 and _fits(places, lat0, lon0, span_km):  # beyond a pole: the map upside down
                return Frame("laea", lat0, lon0, span_km, 0.0, 0.0)
        span_km *= SPAN_STEP
    return world_frame()


@lru_cache(maxsize=512)
def country_body(key: str) -> tuple[tuple[float, float, float], ...]:
    """Unit vectors of a country's outline (outer rings, 2 km detail) where it is drawn whole on its map.

    Its body is its largest polygon, and every polygon within NEAR_KM (or NEAR_SHARE of the body's
    size) of one kept, so islands and exclaves near it come with it and far territories do not
    (Svalbard, French Guiana would make Norway's, France's map a map of half the north, or the world).
    Empty where the outlines have no such country.
    """
    import numpy as np  # only here: a few countries per build

    outlines = world_outlines()
    polygons = outlines.countries.get(key, [])
    if not polygons:
        return ()

    def ring(polygon: list[list[int]], level: Level) -> list[tuple[float, float]]:
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
    """The framing of a map around a country: its whole body (country_body) and these (lat, lon) places, with a margin.

    Not snapped to a grid as frame() is: there are few countries, and a map of places inside the
    country has the country's own framing (its page's, and that of every practice all in it), so
    its outlines are drawn once.
    None where the outlines have no such country.
    """
    body = country_body(key)
    if not body:
        return None
    return _country_frame(key, tuple(places))


@lru_cache(maxsize=512)
def _country_centre(key: str) -> tuple[float, float]:
    sx, sy, sz = (sum(v[i] for v in country_body(key)) for i in range(3))
    norm = math.sqrt(sx * sx + sy * sy + sz * sz) or 1.0
    return round(math.degrees(math.asin(sz / norm)), 3), round(math.degrees(math.atan2(sy, sx)), 3)


@lru_cache(maxsize=512)
def _country_extent(key: str) -> tuple[float, float, float, float]:
    """West, east, south and north (km) of the country's body in the projection centred on it."""
    import numpy as np

    lat0, lon0 = _country_centre(key)
    v = np.array(country_body(key))
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
    if west == math.inf or any(angle_between(unit_vector(lat0, lon0), unit_vector(lat, lon)) > WORLD_BEYOND_DEG for lat, lon in places):
        return world_frame()
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


def world_frame() -> Frame:
    return Frame("world", 0.0, 0.0, 0.0, 0.0, 0.0, height=round((WORLD_LAT[0] - WORLD_LAT[1]) * WIDTH / 360))
