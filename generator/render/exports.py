"""Open data and feeds: the catalogue as JSON and CSV with a Frictionless data package, and an Atom feed.

Every file takes its dates from the records (last_verified), never from the
clock, so two builds of one commit give the same bytes. Contact e-mail
addresses stay out of the exports: they are shown only obfuscated on pages.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any, Callable

from ..models import Municipality, Network, Organisation, Practice, Results
from . import SECTIONS, Renderer, step
from .languages import ORIGINAL_ONLY
from .office import csv_value

DATA_DIR = "data"
FEED = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, integer, number, date
    value: Callable[[Any, Any], Any]  # (record, catalog) -> value
    description: str = ""


def _join(values) -> str:
    return ";".join(str(v) for v in values)


def _period(field: str) -> Callable:
    return lambda rec, cat: getattr(rec.model.period, field)


def _start_year(rec, cat) -> int | None:
    return rec.model.period.start_year


def _url(kind: str) -> Callable:
    return lambda rec, cat: f"{SECTIONS[kind]}/{rec.id}.html"


TABLES: dict[str, tuple[str, list[Column]]] = {
    "practices": ("practices", [
        Column("id", "string", lambda r, c: r.id),
        Column("title", "string", lambda r, c: r.model.title),
        Column("summary", "string", lambda r, c: r.model.summary),
        Column("municipalities", "string", lambda r, c: _join(r.model.municipalities), "Registry ids, ;-separated."),
        Column("countries", "string", lambda r, c: _join(c.practice_countries(r.id)), "ISO 3166-1 codes, ;-separated."),
        Column("organisations", "string", lambda r, c: _join(f"{o.ref}:{o.role}" for o in r.model.organisations),
               "Organisations that run, fund or published it, as registry id:role, ;-separated."),
        Column("networks", "string", lambda r, c: _join(r.model.network_ids()),
               "Ids of the networks it belongs to, the one it grew in first, ;-separated."),
        Column("themes", "string", lambda r, c: _join(r.model.themes), "Theme ids, ;-separated."),
        Column("sdgs", "string", lambda r, c: _join(r.model.sdgs), "SDG numbers, ;-separated."),
        Column("caf", "string", lambda r, c: _join(r.model.caf), "CAF 2020 sub-criteria, ;-separated."),
        Column("stage", "string", lambda r, c: r.model.stage,
               "Learning-cycle step; empty where the source does not place it in the cycle."),
        Column("status", "string", lambda r, c: r.model.status),
        Column("start", "string", _period("start"), "When it started: a year, 2019-03, 2021-H2, 2019/20 or unknown."),
        Column("start_year", "integer", _start_year, "The year it started, where known."),
        Column("end", "string", _period("end"), "When it ended; empty while it runs."),
        Column("transfers", "integer", lambda r, c: len(r.model.transfers), "Municipalities that took it up."),
        Column("language", "string", lambda r, c: r.model.language),
        Column("last_verified", "date", lambda r, c: r.model.last_verified.isoformat()),
        Column("page", "string", _url("practice"), "Page on this site, relative to its root."),
    ]),
    "networks": ("networks", [
        Column("id", "string", lambda r, c: r.id),
        Column("name", "string", lambda r, c: r.model.name),
        Column("kind", "string", lambda r, c: r.model.kind),
        Column("topic", "string", lambda r, c: r.model.topic),
        Column("summary", "string", lambda r, c: r.model.summary),
        Column("host", "string", lambda r, c: r.model.host),
        Column("members", "string", lambda r, c: _join(m.ref for m in r.model.members), "Registry ids, ;-separated."),
        Column("countries", "string", lambda r, c: _join(c.network_countries(r.id)), "ISO 3166-1 codes, ;-separated."),
        Column("themes", "string", lambda r, c: _join(r.model.themes)),
        Column("start", "string", _period("start"), "When it started: a year, 2019-03, 2021-H2, 2019/20 or unknown."),
        Column("start_year", "integer", _start_year, "The year it started, where known."),
        Column("end", "string", _period("end"), "When it ended; empty while it runs."),
        Column("last_verified", "date", lambda r, c: r.model.last_verified.isoformat()),
        Column("page", "string", _url("network")),
    ]),
    "results": ("results", [
        Column("id", "string", lambda r, c: r.id),
        Column("network", "string", lambda r, c: r.model.network),
        Column("title", "string", lambda r, c: r.model.title),
        Column("year", "integer", lambda r, c: r.model.year),
        Column("summary", "string", lambda r, c: r.model.summary),
        Column("indicators", "integer", lambda r, c: len(r.model.indicators), "Number of indicators."),
        Column("last_verified", "date", lambda r, c: r.model.last_verified.isoformat()),
        Column("page", "string", _url("results")),
    ]),
    "municipalities": ("municipalities", [
        Column("id", "string", lambda r, c: r.id),
        Column("name", "string", lambda r, c: r.model.name),
        Column("name_en", "string", lambda r, c: r.model.name_en),
        Column("latin_name", "string", lambda r, c: r.model.latin_name),
        Column("kind", "string", lambda r, c: r.model.kind),
        Column("country", "string", lambda r, c: r.model.country),
        Column("region", "string", lambda r, c: r.model.region),
        Column("other_names", "string", lambda r, c: _join(r.model.other_names), "Other official names, ;-separated."),
        Column("population", "integer", lambda r, c: r.model.population),
        Column("population_year", "integer", lambda r, c: r.model.population_year),
        Column("latitude", "number", lambda r, c: r.model.coordinates[0] if r.model.coordinates else None),
        Column("longitude", "number", lambda r, c: r.model.coordinates[1] if r.model.coordinates else None),
        Column("page", "string", _url("municipality")),
    ]),
    "organisations": ("organisations", [
        Column("id", "string", lambda r, c: r.id),
        Column("name", "string", lambda r, c: r.model.name),
        Column("local_name", "string", lambda r, c: r.model.local_name),
        Column("local_language", "string", lambda r, c: r.model.local_language),
        Column("latin_name", "string", lambda r, c: r.model.latin_name),
        Column("abbreviation", "string", lambda r, c: r.model.abbreviation),
        Column("kind", "string", lambda r, c: r.model.kind),
        Column("country", "string", lambda r, c: r.model.country),
        Column("website", "string", lambda r, c: r.model.website),
        Column("page", "string", _url("organisation")),
    ]),
}


# One row per indicator, from practices and results: figures with their qualifiers kept apart,
# so that a comparison can leave out what is not exact.
INDICATOR_COLUMNS = [
    ("record", "string", "Page of the practice or results file the indicator belongs to."),
    ("number", "integer", "Position of the indicator in its record, from 1."),
    ("name", "string", "What is measured."),
    ("unit", "string", "Unit of the figures."),
    *((f"{figure}{part}", kind, f"{figure.capitalize()}: {text}") for figure in ("baseline", "target", "achieved", "change")
      for part, kind, text in (("", "number", "the figure (a range's middle)"),
                               ("_qualifier", "string", "about, at-least, over, under or at-most; empty when exact"),
                               ("_min", "number", "lower end, for a range"), ("_max", "number", "upper end, for a range"))),
    ("baseline_year", "integer", "Year the baseline refers to."),
    ("year", "integer", "Year the achieved value refers to."),
    ("change_unit", "string", "Unit of the change, % unless said otherwise."),
    ("series", "string", "Values over the years, year:value, ;-separated (qualified values as written, e.g. 2010:over 60)."),
    ("member", "string", "Registry id of the member it was measured in."),
    ("note", "string", "The source's remark on the figures."),
]


def _figure(quantity) -> list:
    if quantity is None:
        return [None, None, None, None]
    return [quantity.number, quantity.qualifier, quantity.min, quantity.max]


def indicator_rows(catalog) -> list[list[Any]]:
    rows = []
    owners = [("practice", rid, rec.model.results.indicators) for rid, rec in sorted(catalog.practices.items())
              if rec.model.results]
    owners += [("results", rid, rec.model.indicators) for rid, rec in sorted(catalog.results.items())]
    for kind, record_id, indicators in owners:
        for number, i in enumerate(indicators, 1):
            rows.append([f"{SECTIONS[kind]}/{record_id}.html", number, i.name, i.unit, *_figure(i.baseline),
                         *_figure(i.target), *_figure(i.achieved), *_figure(i.change), i.baseline_year, i.year,
                         i.change_unit, _join(f"{year}:{value.label()}" for year, value in sorted(i.series.items())),
                         i.member, i.note])
    return rows


def codebook(models: dict) -> list[list[str]]:
    """table, column, type, description: every CSV column explained, from the models where they say it."""
    rows = [["table", "column", "type", "description"]]
    for name, (_, columns) in TABLES.items():
        fields = models[name].model_fields
        for col in columns:
            described = col.description or getattr(fields.get(col.name), "description", None) or ""
            rows.append([name, col.name, col.type, described])
    rows += [["indicators", name, kind, text] for name, kind, text in INDICATOR_COLUMNS]
    return rows


TABLE_MODELS = {"practices": Practice, "networks": Network, "results": Results, "municipalities": Municipality,
                "organisations": Organisation}


def _csv(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([[csv_value(v) for v in row] for row in rows])  # text never a formula
    return buffer.getvalue()


def _without_email(data: Any) -> Any:
    """Drop contact e-mail addresses (published only obfuscated, on pages)."""
    if isinstance(data, dict):
        return {k: _without_email(v) for k, v in data.items() if k != "email"}
    if isinstance(data, list):
        return [_without_email(v) for v in data]
    return data


def _records(table: dict) -> list[dict]:
    return [{"id": record_id, **_without_email(record.model.model_dump(mode="json", by_alias=True,
                                                                        exclude_none=True))}
            for record_id, record in sorted(table.items())]


def data_package(site_name: str, site_url: str | None) -> dict:
    resources = []
    for name, (_, columns) in TABLES.items():
        resources.append({
            "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": [{"name": col.name, "type": col.type, **({"description": col.description}
                                                                             if col.description else {})}
                                  for col in columns], "primaryKey": "id"},
        })
        resources.append({"name": f"{name}-full", "path": f"{name}.json", "format": "json",
                          "mediatype": "application/json", "encoding": "utf-8",
                          "description": f"Every field of the {name}, as a JSON list."})
    resources.append({
        "name": "indicators", "path": "indicators.csv", "profile": "tabular-data-resource", "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8",
        "schema": {"fields": [{"name": n, "type": t, "description": d} for n, t, d in INDICATOR_COLUMNS],
                   "primaryKey": ["record", "number"]},
    })
    resources.append({"name": "codebook", "path": "codebook.csv", "profile": "tabular-data-resource", "format": "csv",
                      "mediatype": "text/csv", "encoding": "utf-8", "description": "Every column of the CSV tables, explained.",
                      "schema": {"fields": [{"name": n, "type": "string"} for n in ("table", "column", "type", "description")],
                                 "primaryKey": ["table", "column"]}})
    package = {"profile": "data-package", "name": "good-practice-portal", "title": site_name,
               "resources": resources}
    if site_url:
        package["homepage"] = site_url
    return package


@step(languages=ORIGINAL_ONLY)
def open_data_files(r: Renderer) -> None:
    """The files themselves, on the English site only: a language's Open data page links them there."""
    for name, (table_name, columns) in TABLES.items():
        table = getattr(r.catalog, table_name)
        rows = [[col.name for col in columns]]
        rows += [[col.value(record, r.catalog) for col in columns] for _, record in sorted(table.items())]
        r.output.add(f"{DATA_DIR}/{name}.csv", _csv(rows))
        r.output.add(f"{DATA_DIR}/{name}.json", json.dumps(_records(table), indent=1, ensure_ascii=False) + "\n")
    r.output.add(f"{DATA_DIR}/indicators.csv", _csv([[n for n, _, _ in INDICATOR_COLUMNS], *indicator_rows(r.catalog)]))
    r.output.add(f"{DATA_DIR}/codebook.csv", _csv(codebook(TABLE_MODELS)))
    package = data_package(r.options.site_name, r.options.site_url)
    r.output.add(f"{DATA_DIR}/datapackage.json", json.dumps(package, indent=2, ensure_ascii=False) + "\n")
    r.output.add(FEED, atom_feed(r))


@step
def open_data(r: Renderer) -> None:
    """The Open data page, in every language."""
    r.page(f"{DATA_DIR}/index.md", "open_data.md.j2", tables=TABLES, codebook=codebook(TABLE_MODELS)[1:],
           counts={name: len(getattr(r.catalog, table)) for name, (table, _) in TABLES.items()},
           indicators=indicator_count(r.catalog))


def indicator_count(catalog) -> int:
    """The rows of indicators.csv, without writing them."""
    return (sum(len(rec.model.results.indicators) for rec in catalog.practices.values() if rec.model.results)
            + sum(len(rec.model.indicators) for rec in catalog.results.values()))


def _timestamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def atom_feed(r: Renderer, limit: int = 100) -> bytes:
    """Practices and results, newest verification first; dates from the records."""
    base = (r.options.site_url or "").rstrip("/") + "/" if r.options.site_url else ""
    entries = [("practice", rec) for rec in r.catalog.practices.values()]
    entries += [("results", rec) for rec in r.catalog.results.values()]
    entries.sort(key=lambda e: (-e[1].model.last_verified.toordinal(), e[0], e[1].id))
    entries = entries[:limit]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = r.options.site_name
    ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = "New and updated practices and results"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = base + FEED if base else "urn:good-practice-portal:feed"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=base + FEED)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=base or "./")
    newest = max((rec.model.last_verified for _, rec in entries), default=dt.date(2000, 1, 1))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(newest)
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = r.options.site_name
    for kind, record in entries:
        model = record.model
        url = f"{base}{SECTIONS[kind]}/{record.id}.html"
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = model.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url if base else f"urn:good-practice-portal:{kind}:{record.id}"
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=url)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _timestamp(model.last_verified)
        ET.SubElement(entry, f"{{{ATOM}}}category", term=kind)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = model.summary  # type text: never HTML
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
