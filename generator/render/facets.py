"""The practice index as compact JSON, for the filters on practices/index.html.

At 10,000 practices a table with one row each would make the index page
megabytes of HTML; instead the page loads the index and lists a page at a time.
Each facet value and each municipality name is written once and rows refer to
them by position, which keeps the data small:

    {"columns": ["id", "title", "country", ..., "summary", "run_by", "verified", "transfers"],
     "facets": [{"key": "country", "label": "Country", "values": [["NO", "Norway"], ...]}, ...],
     "names": ["Gran", "Mukono", ...],
     "other_names": ["", "", ...],  # each name's other names for the keyword box: "AAM", an English name
     "practices": [["<id>", "<title>", [<country positions>], ..., "<summary>", [<name positions>],
                    "<last verified, YYYY-MM-DD>", <transfers>], ...]}

The same data goes out twice: `practices/index.json` (an export others may
read) and `practices/index-data.js`, which the page loads as a script because
browsers refuse fetch() on file:// (a pull request's preview opened from disk).
Contributor text goes in through json.dumps only; the page script puts it into
the DOM with textContent, never as HTML.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable

import pycountry

from ..catalog import RUNNING_ROLES, Catalog
from ..languages import BY_CODE, ORIGINAL
from ..models.common import STAGE_LABELS
from .labels import Labels


@dataclass
class Facet:
    key: str
    label: str
    values_of: Callable[[str, object], list[str]]  # (practice id, model) -> values
    label_of: Callable[[str], str]
    order: Callable[[str], object] = lambda value: value
    positions: dict[str, int] = field(default_factory=dict)


def language_name(code: str) -> str:
    language = pycountry.languages.get(alpha_2=code)
    return language.name if language else code


def facets_for(catalog: Catalog, language: str = ORIGINAL) -> list[Facet]:
    """The filter groups, their names and their values' names in `language`."""
    words = Labels(language)
    _ = words.gettext
    kinds = {network_id: record.model.kind for network_id, record in catalog.networks.items()}

    def network_kind(_pid: str, p) -> list[str]:
        # The ids of p.network_ids(), without building a link model for each practice.
        refs = [p.network] if p.network else []
        refs += [link.ref for link in p.networks]
        return sorted({kinds[ref] for ref in refs if ref in kinds})

    stages = list(STAGE_LABELS)
    statuses = ["pilot", "implemented", "scaled", "discontinued"]
    return [
        Facet("country", _("Country"), lambda pid, p: catalog.practice_countries(pid), words.country,
              lambda v: words.country(v).casefold()),
        Facet("theme", _("Theme"), lambda pid, p: p.themes, lambda v: words.theme(catalog.theme_name(v)),
              lambda v: words.theme(catalog.theme_name(v)).casefold()),
        Facet("sdg", _("Sustainable Development Goal"), lambda pid, p: [str(s) for s in p.sdgs],
              lambda v: f"{v}. {words.sdg_name(int(v))}", int),
        Facet("caf", _("CAF 2020 criterion"), lambda pid, p: [c.split(".")[0] for c in p.caf],
              lambda v: f"{v}. {words.caf_name(v)}", int),
        Facet("stage", _("Learning-cycle step"), lambda pid, p: [p.stage or "not-stated"],
              lambda v: words.stage(v) if v in STAGE_LABELS else _("Not stated"),
              lambda v: stages.index(v) if v in stages else len(stages)),
        Facet("status", _("Status"), lambda pid, p: [p.status], words.label,
              lambda v: statuses.index(v) if v in statuses else len(statuses)),
        Facet("network-kind", _("Network kind"), network_kind, words.label),
        Facet("year", _("Started"), lambda pid, p: [str(p.period.start_year or "unknown")],
              lambda v: _("Unknown") if v == "unknown" else v, lambda v: -int(v) if v.isdigit() else 0),
        Facet("language", _("Language"), lambda pid, p: [p.language], words.language_name,
              lambda v: words.language_name(v).casefold()),
    ]


SUMMARY_LIMIT = 200  # characters of the summary a card shows; the whole one is on the practice's page
DATA_SCRIPT_GLOBAL = "portalPracticeIndex"


def short_summary(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """The summary cut at a word boundary, with an ellipsis when anything was left out."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.–-") + "…"


def run_by(catalog: Catalog, practice) -> list:
    """Who runs it, for the card and the keyword box: its municipalities, else its running organisations."""
    refs = practice.municipalities or [o.ref for o in practice.organisations if o.role in RUNNING_ROLES]
    return [entity for entity in map(catalog.entity, refs) if entity]  # one look-up each


def _other_names(name: str, entity) -> str:
    """A body's names that the keyword box also finds beside the one shown, as one text:
    'Association of Albanian Municipalities AAM' behind 'Shoqata e Bashkive të Shqipërisë'."""
    return " ".join(other for other in entity.search_names if other.casefold() not in name.casefold())


def practice_index_script(index: dict) -> str:
    """The index as a script assigning one global: loads from file:// where fetch() is refused."""
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    return f"window.{DATA_SCRIPT_GLOBAL} = {data};\n"


def _positions(positions: dict[str, int], values: list[str]) -> list[int]:
    """A row's values of one facet as their positions in the facet, each once, in order."""
    if len(values) == 1:  # most facets of most practices: no set, no sort
        return [positions[values[0]]]
    return sorted({positions[value] for value in values})


def practice_index(catalog: Catalog, language: str = ORIGINAL) -> dict:
    """The data behind the filters, deterministic (same catalogue, same JSON).

    Each practice's values are asked once per facet; a row then holds their positions, each once
    (a value a practice names twice counts once), so no value list is made unique on its own.
    """
    facets = facets_for(catalog, language)
    ordered = sorted(catalog.practices.items(), key=lambda kv: (kv[1].model.title.casefold(), kv[0]))
    values = [[f.values_of(pid, rec.model) for f in facets] for pid, rec in ordered]
    for i, facet in enumerate(facets):
        seen = {value for row in values for value in row[i]}
        facet.positions = {value: n for n, value in enumerate(sorted(seen, key=lambda v: (facet.order(v), v)))}
    # A name is written once with the other names of its body; two bodies shown under one name (two
    # towns called Centar) are two entries, so that neither is found by the other's names.
    reader = BY_CODE[language]
    keys: dict[int, tuple[str, str]] = {}  # by body: each is named once, however many practices it runs

    def key_of(entity) -> tuple[str, str]:
        if id(entity) not in keys:
            shown = entity.name_for(reader.script, reader.record_codes)
            keys[id(entity)] = (shown, _other_names(shown, entity))
        return keys[id(entity)]

    names = [list(dict.fromkeys(map(key_of, run_by(catalog, rec.model)))) for _pid, rec in ordered]
    name_positions = {key: n for n, key in enumerate(sorted({key for row in names for key in row},
                                                            key=lambda k: (k[0].casefold(), k)))}
    positions = [f.positions for f in facets]
    rows = [[pid, rec.model.title, *map(_positions, positions, row),
             short_summary(rec.model.summary), [name_positions[key] for key in row_keys],
             rec.model.last_verified.isoformat(), len(rec.model.transfers)]
            for (pid, rec), row, row_keys in zip(ordered, values, names)]
    return {
        "columns": ["id", "title", *[f.key for f in facets], "summary", "run_by", "verified", "transfers"],
        "facets": [{"key": f.key, "label": f.label, "values": [[v, f.label_of(v)] for v in f.positions]}
                   for f in facets],
        "names": [shown for shown, _ in name_positions],
        "other_names": [others for _, others in name_positions],
        "practices": rows,
    }
