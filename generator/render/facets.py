"""The practice index as compact JSON, for the filters on practices/index.html.

At 10,000 practices a table with one row each would make the index page
megabytes of HTML; instead the page loads `practices/index.json` and lists a
page at a time. Each facet value is written once and rows refer to values by
position, which keeps the file small:

    {"facets": [{"key": "country", "label": "Country", "values": [["NO", "Norway"], ...]}, ...],
     "practices": [["<id>", "<title>", [<country positions>], [<theme positions>], ...], ...]}

Contributor text goes in through json.dumps only; the page script puts it into
the DOM with textContent, never as HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pycountry

from ..catalog import Catalog
from ..models.common import CAF_CRITERIA, SDG_LABELS, STAGE_LABELS, country_name


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


def facets_for(catalog: Catalog) -> list[Facet]:
    def network_kind(_pid: str, p) -> list[str]:
        return sorted({catalog.networks[n].model.kind for n in p.network_ids() if n in catalog.networks})

    stages = list(STAGE_LABELS)
    statuses = ["pilot", "implemented", "scaled", "discontinued"]
    return [
        Facet("country", "Country", lambda pid, p: catalog.practice_countries(pid), country_name,
              lambda v: country_name(v).casefold()),
        Facet("theme", "Theme", lambda pid, p: p.themes, catalog.theme_name,
              lambda v: catalog.theme_name(v).casefold()),
        Facet("sdg", "Sustainable Development Goal", lambda pid, p: [str(s) for s in p.sdgs],
              lambda v: f"{v}. {SDG_LABELS[int(v)]}", int),
        Facet("caf", "CAF 2020 criterion", lambda pid, p: [c.split(".")[0] for c in p.caf],
              lambda v: f"{v}. {CAF_CRITERIA[v][0]}", int),
        Facet("stage", "Learning-cycle step", lambda pid, p: [p.stage or "not-stated"],
              lambda v: STAGE_LABELS.get(v, "Not stated"),
              lambda v: stages.index(v) if v in stages else len(stages)),
        Facet("status", "Status", lambda pid, p: [p.status], lambda v: v.replace("-", " ").capitalize(),
              lambda v: statuses.index(v) if v in statuses else len(statuses)),
        Facet("network-kind", "Network kind", network_kind, lambda v: v.replace("-", " ").capitalize()),
        Facet("year", "Started", lambda pid, p: [str(p.period.start_year or "unknown")],
              lambda v: "Unknown" if v == "unknown" else v, lambda v: -int(v) if v.isdigit() else 0),
        Facet("language", "Language", lambda pid, p: [p.language], language_name,
              lambda v: language_name(v).casefold()),
    ]


def practice_index(catalog: Catalog) -> dict:
    """The data behind the filters, deterministic (same catalogue, same JSON)."""
    facets = facets_for(catalog)
    ordered = sorted(catalog.practices.items(), key=lambda kv: (kv[1].model.title.casefold(), kv[0]))
    values = [[list(dict.fromkeys(f.values_of(pid, rec.model))) for f in facets] for pid, rec in ordered]
    for i, facet in enumerate(facets):
        seen = {value for row in values for value in row[i]}
        facet.positions = {value: n for n, value in enumerate(sorted(seen, key=lambda v: (facet.order(v), v)))}
    rows = [[pid, rec.model.title, *[sorted(f.positions[v] for v in row[i]) for i, f in enumerate(facets)]]
            for (pid, rec), row in zip(ordered, values)]
    return {
        "facets": [{"key": f.key, "label": f.label, "values": [[v, f.label_of(v)] for v in f.positions]}
                   for f in facets],
        "practices": rows,
    }
