"""Pins too close to tell apart at a map's scale: set apart around their spot, or drawn as one pin with a count.

Positions and radii in (SVG units), marks out; maps.py projects the pins and draws the marks.
Two pins crowd each other when their markers come within GAP units (on the 800-unit-wide map:
about 10 px on a phone, 20 px on a desktop). Then:
- a few (up to RING_MAX) that crowd only each other are set in a small ring around their middle,
  each towards its own side, so each keeps its own link and label;
- the others are grouped: one disc at their middle with how many they are, which links to the list
  of its places under the map (page_maps.py writes it). They are first grouped by square cells
  a few discs wide (so a dense country makes several groups, each with its count, not one of all);
  groups that still crowd are merged, and a pin or ring that crowds a group joins it.
Nothing drawn crowds anything else afterwards (tests/test_maps.py checks it). Neighbours are
looked up in a grid of cells as wide as a marker's reach, so the work grows with the number of
pins, not its square. Same input, same marks: everything runs in the order of the pins.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

GAP = 10.0           # markers closer than this (SVG units, edge to edge) crowd each other
RING_MAX = 5         # at most this many crowding pins are set apart in a ring; more are grouped
GROUP_RADIUS = 15.0  # a group's disc, wide enough for a count of three digits
CELL_DISCS = 2       # the cells that make the first groups are this many groups' reaches wide


@dataclass(frozen=True)
class Mark:
    """What to draw: a pin of `members[0]` where it is (or moved into a ring), or a group of several."""

    x: float
    y: float
    r: float
    members: tuple[int, ...]  # indexes into the pins; more than one: a group

    @property
    def group(self) -> bool:
        return len(self.members) > 1


class _Grid:
    """Discs by square cells at least as wide as two discs' reach, to find the ones a disc crowds."""

    def __init__(self, cell: float):
        self.cell, self.cells = cell, {}

    def add(self, key, x: float, y: float, r: float) -> None:
        self.cells.setdefault((math.floor(x / self.cell), math.floor(y / self.cell)), []).append((key, x, y, r))

    def crowding(self, x: float, y: float, r: float) -> list:
        """Keys of the discs that this disc crowds, in the order they were added."""
        cx, cy = math.floor(x / self.cell), math.floor(y / self.cell)
        found = []
        for i in (cx - 1, cx, cx + 1):
            for j in (cy - 1, cy, cy + 1):
                for key, ox, oy, orr in self.cells.get((i, j), ()):
                    if math.hypot(x - ox, y - oy) < r + orr + GAP:
                        found.append(key)
        return sorted(found)


def layout(positions: list[tuple[float, float]], radii: list[float]) -> list[Mark]:
    """The marks that draw these pins without any two crowding: singles, rings and groups, in pin order."""
    count = len(positions)
    if count < 2:
        return [Mark(x, y, r, (i,)) for i, ((x, y), r) in enumerate(zip(positions, radii))]
    group_r = max(GROUP_RADIUS, max(radii))
    reach = 2 * group_r + GAP
    originals = _Grid(reach)
    for i, ((x, y), r) in enumerate(zip(positions, radii)):
        originals.add(i, x, y, r)

    # Who crowds whom, where the pins are: components of that.
    parent = _crowding_components(positions, radii)
    components: dict[int, list[int]] = {}
    for i in range(count):
        components.setdefault(_find(parent, i), []).append(i)

    # A few crowding only each other: a ring, where it crowds no other pin and no ring set before.
    placed: dict[int, tuple[float, float]] = {i: positions[i] for i in range(count)}
    units: list[list[int]] = []   # singles and rings: drawn pin by pin
    crowded: list[int] = []
    rings = _Grid(reach)
    for members in sorted(components.values()):
        if len(members) == 1:
            units.append(members)
            continue
        ring = _ring(members, positions, radii) if len(members) <= RING_MAX else None
        if ring is not None and not any(
                set(originals.crowding(x, y, radii[i])) - set(members) or rings.crowding(x, y, radii[i])
                for i, (x, y) in ring.items()):
            for i, (x, y) in ring.items():
                rings.add(i, x, y, radii[i])
            placed.update(ring)
            units.append(members)
        else:
            crowded.extend(members)

    # The others: grouped by cell; one alone in its cell joins a group it crowds, or those it crowds.
    cell = CELL_DISCS * reach
    by_cell: dict[tuple[int, int], list[int]] = {}
    for i in sorted(crowded):
        x, y = positions[i]
        by_cell.setdefault((math.floor(x / cell), math.floor(y / cell)), []).append(i)
    groups = [members for members in by_cell.values() if len(members) > 1]
    alone = sorted(members[0] for members in by_cell.values() if len(members) == 1)
    discs = [_disc(members, positions, group_r) for members in groups]
    if alone:
        near = _Grid(reach)
        for k, (x, y, r) in enumerate(discs):
            near.add(k, x, y, r)
        rest = []
        for i in alone:
            hits = near.crowding(*positions[i], radii[i])
            if hits:
                groups[hits[0]].append(i)
            else:
                rest.append(i)
        spots = _Grid(reach)  # crowding pins alone in their cells: components among them
        for i in rest:
            spots.add(i, *positions[i], radii[i])
        among = list(range(count))
        for i in rest:
            for j in spots.crowding(*positions[i], radii[i]):
                _union(among, i, j)
        joined: dict[int, list[int]] = {}
        for i in rest:
            joined.setdefault(_find(among, i), []).append(i)
        for members in joined.values():
            if len(members) > 1:
                groups.append(members)
                discs.append(_disc(members, positions, group_r))
            else:
                units.append(members)

    # Groups that crowd each other are merged, until none does.
    groups, discs = _merged(groups, discs, positions, group_r, reach)

    # A single or a ring that crowds a group joins it (groups no longer move, so one pass).
    near = _Grid(reach)
    for k, (x, y, r) in enumerate(discs):
        near.add(k, x, y, r)
    kept = []
    for members in sorted(units):
        hits = sorted({k for i in members for k in near.crowding(*placed[i], radii[i])})
        if hits:
            groups[hits[0]].extend(members)
        else:
            kept.append(members)

    marks = [Mark(*placed[i], radii[i], (i,)) for members in kept for i in members]
    marks += [Mark(x, y, r, tuple(sorted(members))) for members, (x, y, r) in zip(groups, discs)]
    return sorted(marks, key=lambda mark: mark.members)


def _crowding_components(positions, radii) -> list[int]:
    """Union-find parents joining the pins that crowd each other, directly or through others.

    Pins are put in cells so small that any two in one crowd each other, and joined at once; two
    cells are compared pin by pin only while they are not yet joined, and only the first crowding
    pair is looked for. So a dense country costs about as much as its cells, not its pins squared.
    """
    count = len(positions)
    parent = list(range(count))
    side = (2 * min(radii) + GAP) / math.sqrt(2) * 0.999  # the diagonal of a cell: closer than any two crowd
    cells: dict[tuple[int, int], list[int]] = {}
    for i, (x, y) in enumerate(positions):
        cells.setdefault((math.floor(x / side), math.floor(y / side)), []).append(i)
    for members in cells.values():
        for i in members[1:]:
            _union(parent, members[0], i)
    reach = 2 * max(radii) + GAP
    steps = math.ceil(reach / side)
    offsets = [(dx, dy) for dx in range(-steps, steps + 1) for dy in range(0, steps + 1) if (dy, dx) > (0, 0)
               and math.hypot(max(abs(dx) - 1, 0), max(dy - 1, 0)) * side < reach]  # each pair of cells once
    for (cx, cy), members in sorted(cells.items()):
        for dx, dy in offsets:
            others = cells.get((cx + dx, cy + dy))
            if not others or _find(parent, members[0]) == _find(parent, others[0]):
                continue
            if any(math.hypot(positions[i][0] - positions[j][0], positions[i][1] - positions[j][1])
                   < radii[i] + radii[j] + GAP for i in members for j in others):
                _union(parent, members[0], others[0])
    return parent


def _merged(groups: list[list[int]], discs: list[tuple[float, float, float]], positions, group_r: float,
            reach: float) -> tuple[list[list[int]], list[tuple[float, float, float]]]:
    """Groups whose discs crowd merged into one at their members' middle, round after round (each merges)."""
    while True:
        grid = _Grid(reach)
        for k, (x, y, r) in enumerate(discs):
            grid.add(k, x, y, r)
        parent = list(range(len(groups)))
        merging = False
        for k, (x, y, r) in enumerate(discs):
            for other in grid.crowding(x, y, r):
                if other != k:
                    _union(parent, k, other)
                    merging = True
        if not merging:
            return groups, discs
        joined: dict[int, list[int]] = {}
        for k in range(len(groups)):
            joined.setdefault(_find(parent, k), []).extend(groups[k])
        groups = [sorted(members) for members in sorted(joined.values())]
        discs = [_disc(members, positions, group_r) for members in groups]


def _disc(members: list[int], positions, r: float) -> tuple[float, float, float]:
    return (sum(positions[i][0] for i in members) / len(members), sum(positions[i][1] for i in members) / len(members), r)


def _ring(members: list[int], positions, radii) -> dict[int, tuple[float, float]]:
    """The members around their middle, evenly, each towards the side where it is (in turn, if on one spot)."""
    cx = sum(positions[i][0] for i in members) / len(members)
    cy = sum(positions[i][1] for i in members) / len(members)
    n = len(members)
    radius = (2 * max(radii[i] for i in members) + GAP) / (2 * math.sin(math.pi / n)) + 0.5
    angles = {i: math.atan2(positions[i][1] - cy, positions[i][0] - cx)
              if math.hypot(positions[i][0] - cx, positions[i][1] - cy) > 0.5 else None for i in members}
    if any(angle is None for angle in angles.values()):
        order, start = list(members), -math.pi / 2
    else:
        order = sorted(members, key=lambda i: (angles[i], i))
        # the rotation that moves the members least from their own sides
        offsets = [angles[i] - 2 * math.pi * k / n for k, i in enumerate(order)]
        start = math.atan2(sum(math.sin(o) for o in offsets), sum(math.cos(o) for o in offsets))
    return {i: (cx + radius * math.cos(start + 2 * math.pi * k / n), cy + radius * math.sin(start + 2 * math.pi * k / n))
            for k, i in enumerate(order)}


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(parent: list[int], a: int, b: int) -> None:
    a, b = _find(parent, a), _find(parent, b)
    if a != b:
        parent[max(a, b)] = min(a, b)  # the smaller index is the root: the same result in any order


def name_of(mark: Mark, positions, sizes: list[float], localities: list[bool], labels: list[str]) -> int:
    """The member a group is called after: one that names a locality (a municipality, a country) if any;
    the largest; the one with the most of the group on its spot (to a unit: Oslo, where its ministries
    are, rather than a district beside it); the nearest the group's middle; the shortest name."""
    spots: dict[tuple[int, int], int] = {}
    for i in mark.members:
        spot = (round(positions[i][0]), round(positions[i][1]))
        spots[spot] = spots.get(spot, 0) + 1
    members = [i for i in mark.members if localities[i]] or list(mark.members)
    return min(members, key=lambda i: (
        -sizes[i], -spots[(round(positions[i][0]), round(positions[i][1]))],
        round(math.hypot(positions[i][0] - mark.x, positions[i][1] - mark.y), 1), len(labels[i]), labels[i], i))
