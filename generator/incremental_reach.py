"""Which records a save changed, and which records' pages can show something different: the rule
`portal serve` re-renders by (generator/incremental.py, which keeps the state and renders).

A page shows its own record, the records it names and the records that name it; through a network,
its other members and its results; and the practices whose related practices change. Where the rule
is not sure it reaches more, not less: tests/test_incremental.py compares with a full build.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from . import load as loading
from .catalog import Catalog
from .models import MODELS
from .references import raw_references
from .validate import Valid, Validated

RecordKey = tuple[str, str]  # (kind, id)


@dataclass
class SourceState:
    """What one source file gave the last time it was read."""

    fingerprint: tuple[int, int]  # (mtime_ns, size): unchanged means not re-read
    digest: str
    loaded: loading.Loaded
    validated: Validated
    references: dict[RecordKey, set[str]] = field(default_factory=dict)  # ids each valid record names

    def __post_init__(self) -> None:
        self.references = {(record.kind, record.id): _references(record) for record in self.validated.records}


def _records_of(sources: dict[str, SourceState]) -> dict[RecordKey, Valid]:
    return {(record.kind, record.id): record for state in sources.values() for record in state.validated.records}


def changed_records(before: dict[str, SourceState], after: dict[str, SourceState]) -> tuple[set[str], set[RecordKey]]:
    """The kinds of what changed, and the records whose data, text or file differ (or that came or went).

    A file saved with the same records (a comment, the order of keys) changes no record: no page.
    A changed translation also changes its original: the original's page, in English too, lists the
    languages it is in, and every page of the translation's language that shows the record or links
    to it shows its translated words. (Read off the files, valid or not: one that no longer validates
    is still the original's.)"""
    kinds: set[str] = set()
    originals: set[RecordKey] = set()
    for relative in set(before) | set(after):
        old, new = before.get(relative), after.get(relative)
        if old is None or new is None or old.digest != new.digest:
            kinds |= _kinds_in(old) | _kinds_in(new)
            originals |= _originals_in(old) | _originals_in(new)
    if not kinds:
        return kinds, set()
    old_records, new_records = _records_of(before), _records_of(after)
    changed = {key for key in set(old_records) | set(new_records)
               if key not in old_records or key not in new_records
               or not _same(old_records[key], new_records[key])}
    changed |= originals
    return {kind for kind, _ in changed} | (kinds & {"page", "asset"}), changed


def _originals_in(state: SourceState | None) -> set[RecordKey]:
    """The originals that the translations in a source file translate."""
    if state is None:
        return set()
    return {(raw.translates, raw.original_id) for raw in state.loaded.records if isinstance(raw, loading.RawTranslation)}


def holdings_changed(before: Catalog, after: Catalog, languages: Iterable[str]) -> set[str]:
    """The languages whose translated records or guides came or went: what their sites hold, and
    so where each of their links leads, changed."""
    return {code for code in languages if _held(before, code) != _held(after, code)}


def _held(catalog: Catalog, language: str) -> tuple[set, set]:
    return ({key for key, by_language in catalog.translations.items() if language in by_language},
            {path for path, by_language in catalog.page_translations.items() if language in by_language})


def _kinds_in(state: SourceState | None) -> set[str]:
    if state is None:
        return set()
    kinds = {record.kind for record in state.loaded.records}
    if state.loaded.pages:
        kinds.add("page")
    if state.loaded.assets:
        kinds.add("asset")
    if not kinds:
        kinds.add("asset")  # a file that gave nothing (a problem): not modelled, render everything
    return kinds


def _same(old: Valid, new: Valid) -> bool:
    return old is new or (old.file == new.file and old.raw.data == new.raw.data and old.raw.body == new.raw.body)


def _references(record: Valid) -> set[str]:
    model = MODELS.get(record.kind)
    return {value for _, value, _ in raw_references(model, record.raw.data)} if model else set()


def affected_records(before: Catalog, after: Catalog, changed: set[RecordKey], old_sources: dict[str, SourceState],
                     new_sources: dict[str, SourceState], remembered: dict[str, list]) -> tuple[set[RecordKey], dict]:
    """Records whose pages may differ after `changed` changed; more rather than fewer.

    A page shows its own record, the records it names (a practice its municipalities, networks and
    themes) and the records that name it (a municipality lists its practices and networks). So:
    the changed records, the records they name before and after, the records that name them, and,
    through a network, the records of its other members and its results (a results file ranks the
    network's members, a member's page shows those rankings). Practices whose related practices
    change, or include a changed practice, too. Also returns the related lists known for `after`.
    """
    keys_by_id: dict[str, set[RecordKey]] = defaultdict(set)
    named_by: dict[str, set[RecordKey]] = defaultdict(set)  # id -> records that name it
    names: dict[RecordKey, set[str]] = defaultdict(set)
    for sources in (old_sources, new_sources):
        for state in sources.values():
            for key, refs in state.references.items():
                keys_by_id[key[1]].add(key)
                names[key] |= refs
                for ref in refs:
                    named_by[ref].add(key)
    affected = set(changed)
    ids = {record_id for _, record_id in changed}
    for record_id in ids:
        affected |= named_by.get(record_id, set())
    for key in changed:
        for ref in names.get(key, ()):
            affected |= keys_by_id.get(ref, set())
    # One step further through networks: members, practices and results of a network that changed or was named.
    networks = {key[1] for key in affected if key[0] == "network"}
    for network_id in networks:
        affected |= named_by.get(network_id, set())
        for ref in names.get(("network", network_id), ()):
            affected |= keys_by_id.get(ref, set())
    related, lists = _related_changes(before, after, {record_id for kind, record_id in changed if kind == "practice"},
                                      remembered)
    return affected | related, lists


def _related_changes(before: Catalog, after: Catalog, practices: set[str],
                     remembered: dict[str, list]) -> tuple[set[RecordKey], dict[str, list]]:
    """Practices whose list of related practices differs or names a changed practice, and the lists of
    the new catalogue known so far (`remembered` holds the previous one's: every page asked for its own).

    Only a practice that shares a feature (network, theme, CAF sub-criterion) with a changed practice,
    before or after, can see its list change; if no practice came or went and the changed ones kept
    their features, no list changes at all.
    """
    if not practices:
        return set(), remembered
    old_index, new_index = before.related, after.related
    for practice_id in old_index.ids:  # a list never asked for (the first run asks for all of them)
        if practice_id not in remembered:
            remembered[practice_id] = old_index[practice_id]
    if old_index.ids == new_index.ids and all(old_index.features[p] == new_index.features[p] for p in practices):
        return {("practice", q) for q, found in remembered.items()
                if q not in practices and any(r.practice_id in practices for r in found)}, remembered
    candidates: set[str] = set()
    for index in (old_index, new_index):
        for practice_id in practices & set(index.features):
            for feature in index.features[practice_id]:
                candidates.update(index.ids[bit] for bit in _bit_positions(index.holders.get(feature, 0)))
    lists = {q: found for q, found in remembered.items()
             if q in new_index.index and q not in candidates and q not in practices}
    affected = set()
    for q in candidates - practices:
        old = remembered.get(q)
        new = lists[q] = new_index[q] if q in new_index.index else None
        if new is None:
            del lists[q]
        if old != new or any(r.practice_id in practices for r in (old or []) + (new or [])):
            affected.add(("practice", q))
    return affected, lists


class RememberedRelated:
    """A catalogue's related-practices index that keeps every list it finds (the next run compares them)."""

    def __init__(self, index: Any, lists: dict[str, list]):
        self._index, self.lists = index, lists

    def __getitem__(self, practice_id: str) -> list:
        found = self.lists.get(practice_id)
        if found is None:
            found = self.lists[practice_id] = self._index[practice_id]
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._index, name)


def _bit_positions(value: int) -> Iterable[int]:
    while value:
        lowest = value & -value
        yield lowest.bit_length() - 1
        value ^= lowest
