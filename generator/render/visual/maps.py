"""Maps of places as inline SVG: country outlines from Natural Earth and pins that link to pages.

Data in, SVG out; this module knows nothing of pages (`render/page_maps.py` chooses the pins).
- Outlines: Natural Earth 1:50m countries (outlines.py), read once per process.
- Framing: the projection and scale adapt to the places shown (framing.py).
- Cost at 10,000 practices: pages of nearby places share a framing, and each framing's outlines are
  projected, simplified to its own scale (points closer than a unit dropped, shared borders simplified
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

import math
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Callable

from . import clusters
from .framing import WIDTH, Frame, country_frame, frame
from .outlines import Level, Outlines, angle_between, world_outlines

TOLERANCE = 1.2          # outline points nearer than this (SVG units) to the last one kept are dropped
PIN_RADIUS = 7.0
LABEL_FONT = 16
MAX_LABELS = 16          # more pins than this: tooltips only, the list below the map names them all
FAR, FAR_STEP = 60, 40   # outline points this far outside the frame are thinned to one every FAR_STEP units
CLIP_PAD = 4             # outlines are clipped a little outside the frame, so no edge shows


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
    outlines = world_outlines()
    view_centre, view_radius = framing.view_cap
    arcs: dict[int, list[tuple[int, int]]] = {}
    paths = {}
    for key, polygons in outlines.countries.items():
        parts = []
        for polygon, (centre, radius) in zip(polygons, outlines.caps[key]):
            if angle_between(view_centre, centre) > view_radius + radius:
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


def _ring(ring: list[int], outlines: Outlines, framing: Frame, cache: dict) -> list[tuple[int, int]]:
    points: list[tuple[int, int]] = []
    for index in ring:
        arc = _projected_arc(index if index >= 0 else ~index, outlines, framing, cache)
        arc = arc if index >= 0 else arc[::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _projected_arc(index: int, outlines: Outlines, framing: Frame, cache: dict) -> list[tuple[int, int]]:
    """An arc in SVG units, simplified once, so both countries along a border draw the same line."""
    found = cache.get(index)
    if found is None:
        level = _detail(outlines, framing)
        points = framing.project_arc(*level.trig[index], picks=_picks(level.chunks[index], framing))
        found = cache[index] = [(round(x), round(y)) for x, y in _simplify(points, framing.height)]
    return found


def _detail(outlines: Outlines, framing: Frame) -> Level:
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
    distance = angle_between(view_centre, centre)
    return radius > distance / 2 or distance - radius < 1.2 * view_radius


def _off_view(arc_cap: tuple, framing: Frame) -> bool:
    view_centre, view_radius = framing.view_cap
    centre, radius = arc_cap
    distance = angle_between(view_centre, centre)
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
