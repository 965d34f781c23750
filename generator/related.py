"""Related practices: those that share the most with a practice (network, themes, CAF sub-criteria).

Comparing every pair is O(n²): 50 million pairs at 10,000 practices. Instead each
feature (a network, a theme, a CAF sub-criterion) has the set of practices that
carry it, held as a bitset (a Python int, bit i = the i-th practice by id). A
practice's candidates that share exactly the feature subset S are the AND of
those sets; walking the subsets from the heaviest down, the first subset a
practice appears in is everything it shares, so its score is that subset's
weight. The walk stops once enough practices are found, and empty intersections
prune the subsets below them, so the work per practice depends on how many
features it has, not on how many practices there are.

Order is deterministic: higher score first, then practice id.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

# A shared network says most about relevance, then a theme, then a CAF sub-criterion.
WEIGHTS = {"network": 3, "theme": 2, "caf": 1}
LIMIT = 5


@dataclass(frozen=True)
class Related:
    practice_id: str
    score: int
    shared: tuple[tuple[str, str], ...]  # (kind, value) pairs, e.g. ("theme", "education")


Feature = tuple[str, str]


def practice_features(model) -> list[Feature]:
    features: list[Feature] = []
    for network_id in model.network_ids():
        features.append(("network", network_id))
    features += [("theme", t) for t in dict.fromkeys(model.themes)]
    features += [("caf", c) for c in dict.fromkeys(model.caf)]
    return features


class RelatedIndex:
    """Which practices carry each feature, built once; each practice's related ones found on demand.

    Finding them is most of the cost, so it happens where the practice's page is rendered
    (spread over the render workers) rather than all at once.
    """

    def __init__(self, practices: dict[str, object], limit: int = LIMIT):
        self.ids = sorted(practices)
        self.limit = limit
        self.index = {pid: index for index, pid in enumerate(self.ids)}
        self.features = {pid: practice_features(practices[pid]) for pid in self.ids}
        self.holders: dict[Feature, int] = defaultdict(int)
        for index, pid in enumerate(self.ids):
            for feature in self.features[pid]:
                self.holders[feature] |= 1 << index

    def __getitem__(self, practice_id: str) -> list[Related]:
        return _top(self.index[practice_id], self.features[practice_id], self.holders, self.ids, self.limit)


def related_practices(practices: dict[str, object], limit: int = LIMIT) -> dict[str, list[Related]]:
    """practices: id -> model (with .network, .themes, .caf). Returns id -> up to `limit` related."""
    index = RelatedIndex(practices, limit)
    return {pid: index[pid] for pid in index.ids}


def _top(index: int, own: list[Feature], holders: dict[Feature, int], ids: list[str],
         limit: int) -> list[Related]:
    by_weight: dict[int, list[tuple[int, tuple[Feature, ...]]]] = defaultdict(list)
    for weight, subset, members in _shared_subsets(own, holders, 1 << index):
        by_weight[weight].append((members, subset))
    found: list[Related] = []
    seen = 1 << index
    for weight in sorted(by_weight, reverse=True):
        level = []
        for members, subset in by_weight[weight]:
            fresh = members & ~seen
            for position in _bits(fresh, limit - len(found)):
                level.append((position, subset))
        # Within one score, order by id (bit position), across every subset of that weight.
        for position, subset in sorted(level)[: limit - len(found)]:
            found.append(Related(ids[position], weight, subset))
            seen |= 1 << position
        if len(found) >= limit:
            break
    return found


def _shared_subsets(own: list[Feature], holders: dict[Feature, int],
                    self_bit: int) -> list[tuple[int, tuple[Feature, ...], int]]:
    """(weight, subset, holders) of every non-empty feature subset that at least one other practice holds all of.

    Depth first with a stack of its own: nested generators cost more than the bit operations.
    """
    sets = [holders[feature] for feature in own]
    weights = [WEIGHTS[kind] for kind, _ in own]
    found = []
    stack = [(0, (), 0, 0)]  # (next feature to add, subset, its weight, who holds all of it)
    while stack:
        start, subset, weight, members = stack.pop()
        below = []
        for i in range(start, len(own)):
            narrowed = members & sets[i] if subset else sets[i] & ~self_bit
            if narrowed:
                chosen = subset + (own[i],)
                found.append((weight + weights[i], chosen, narrowed))
                below.append((i + 1, chosen, weight + weights[i], narrowed))
        stack.extend(below)  # (the order within a weight does not matter: _top sorts by id)
    return found


def _bits(value: int, count: int) -> Iterable[int]:
    """The positions of the lowest `count` set bits."""
    while value and count > 0:
        lowest = value & -value
        yield lowest.bit_length() - 1
        value ^= lowest
        count -= 1
