"""The "Propose" form: a page that turns what a person types into a source file for a pull request.

Everything the form knows comes from here as data, so that a field added to a model appears in
the form without touching its script (assets/propose.js): the JSON Schema that `portal schema`
writes (the same one editors' tools and the in-browser validator read), which fields hold ids
and of what (generator/references.py), the registry's ids with their names for the pickers,
where each kind of file lives, the repository and the editors' address.

Each practice, network and results record also gets a small script with its data as written in
its file (propose/records/<file>.js), so "Propose a change" opens the form filled in from it.
Scripts rather than JSON files: a script loads from file:// too, where browsers refuse fetch().
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..i18n import N_
from ..models import MODELS
from ..models.common import ID_PATTERN
from ..references import REFERENCES
from ..scaffold import BODY, SCHEMA_LINES
from ..schema import FILE_KINDS, schema_for
from . import Renderer, step

FORM_PAGE = "propose/index.md"
FORM_DATA = "propose/form-data.js"
DATA_GLOBAL = "portalProposeData"
RECORD_GLOBAL = "portalProposeRecord"
EDITABLE = ("practice", "network", "results")  # the records whose pages carry "Propose a change"

# Each kind the form writes: its schema (schemas/<name>.json), where its file goes (names in braces are
# the record's own id, another field of the record, or a part of the name asked for beside the fields),
# and the words the page uses for it.
FORM_KINDS: dict[str, dict[str, Any]] = {
    "practice": {"schema": "practice", "label": N_("a practice"), "file": "practices/{id}.md",
                 "name_parts": {"id": N_("Short name for the address (the file name): lower-case letters, "
                                         "digits and hyphens, e.g. school-exchange.")},
                 "body": BODY.lstrip("\n"),
                 "body_help": N_("The description, in Markdown (## for headings). Replace the questions with the story.")},
    "network": {"schema": "network", "label": N_("a network"), "file": "networks/{id}.yml", "schema_line": SCHEMA_LINES["network"],
                "name_parts": {"id": N_("Short name for the address (the file name): lower-case letters, "
                                        "digits and hyphens, e.g. gran-mukono.")}},
    "results": {"schema": "results", "label": N_("results of a network"), "file": "networks/{network}/results-{round}.yml",
                "schema_line": SCHEMA_LINES["results"],
                "name_parts": {"round": N_("The evaluation round, for the file name: usually its year, e.g. 2015.")}},
    "municipality": {"schema": "municipalities", "label": N_("a municipality"), "file": "registry/municipalities/{id}.yml",
                     "list": True, "name_parts": {}},
    "organisation": {"schema": "organisations", "label": N_("an organisation"), "file": "registry/organisations/{id}.yml",
                     "list": True, "name_parts": {}},
}

_EXTENSION = re.compile(r"\.(md|yml)$")


# Field names that propose.js labels with its own words (its LABELS), not from the name.
_OWN_LABELS = {"sdgs", "caf", "url", "id"}


def field_label(key: str) -> str:
    """A field's label as propose.js makes it from its key in English: 'baseline_year' -> 'Baseline year'."""
    words = key.replace("_", " ")
    return words[:1].upper() + words[1:]


def item_label(label: str) -> str:
    """What names one item of a list, as propose.js makes it from the list's label: 'Sources' -> 'Source'."""
    return re.sub(r"s$", "", re.sub(r"ies$", "y", label))


def form_messages() -> list[str]:
    """The form's labels that come from the models' schemas (each field's, each list item's, each part's
    of a pair), for the interface's catalogue: propose.js shows them in the page's language."""
    labels: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for child in node:
                walk(child)
        if not isinstance(node, dict):
            return
        for key, child in (node.get("properties") or {}).items():
            if key in _OWN_LABELS:
                continue
            labels.append(field_label(key))
            branches = [child, *(child.get("anyOf") or child.get("oneOf") or [])]
            if any(b.get("type") == "array" or "additionalProperties" in b for b in branches):  # a list's items
                labels.append(item_label(field_label(key)))
        labels.extend(p.get("title") or p.get("description") for p in node.get("prefixItems", []) if "$ref" not in p)
        if isinstance(node.get("propertyNames"), dict) and node["propertyNames"].get("description"):
            labels.append(field_label(node["propertyNames"]["description"]))
        for child in node.values():
            walk(child)

    for fk in FILE_KINDS:
        if fk.name in {kind["schema"] for kind in FORM_KINDS.values()}:
            walk(schema_for(fk))
    return list(dict.fromkeys(label for label in labels if label))


def references_by_model() -> dict[str, dict[str, str]]:
    """JSON Schema model name -> field -> kind of id it holds ('registry', 'networks', 'themes', 'images')."""
    table: dict[str, dict[str, str]] = {}
    for (model, field_name), target in REFERENCES.items():
        info = model.model_fields.get(field_name)
        key = (info.alias if info and info.alias else field_name)
        for name in {model.__name__, *(m.__name__ for m in MODELS.values() if issubclass(m, model))}:
            table.setdefault(name, {})[key] = target
    return table


def pickers(r: Renderer) -> dict[str, list[list[str]]]:
    """The ids a person picks from, each with its name (and for the registry, whether municipality)."""
    catalog = r.catalog
    registry = [[i, r.entity_name(i), "municipality"] for i in sorted(catalog.municipalities)]
    registry += [[i, r.entity_name(i), "organisation"] for i in sorted(catalog.organisations)]
    return {
        "registry": registry,
        "networks": [[i, r.title_of("network", i)] for i in sorted(catalog.networks)],
        "themes": [[i, r.theme_name(i)] for i in sorted(catalog.themes)],
    }


def form_data(r: Renderer) -> dict[str, Any]:
    schemas = {fk.name: schema_for(fk) for fk in FILE_KINDS if fk.name in {k["schema"] for k in FORM_KINDS.values()}}
    kinds_of_files = {fk.name: fk.kind for fk in FILE_KINDS}
    kinds = {name: {**kind, "model": MODELS[kinds_of_files[kind["schema"]]].__name__} for name, kind in FORM_KINDS.items()}
    return {
        "kinds": kinds, "schemas": schemas, "references": references_by_model(), "ids": pickers(r),
        "idPattern": ID_PATTERN, "repository": r.options.repo_url or "", "branch": "main",
        "editorsEmail": r.options.editors_email or "", "siteName": r.options.site_name,
    }


def _split_emails(data: Any) -> Any:
    """Contact addresses as [name, domain]: published only in parts, as on the pages, never whole."""
    if isinstance(data, dict):
        return {k: (v.split("@", 1) if k == "email" and isinstance(v, str) and "@" in v else _split_emails(v))
                for k, v in data.items()}
    if isinstance(data, list):
        return [_split_emails(v) for v in data]
    return data


def record_script(record) -> str:
    """A record's data as written in its file (not as the model reads it), for the form to edit."""
    payload = {"file": record.file, "kind": record.kind, "data": _split_emails(record.raw.data),
               "body": record.body if record.kind == "practice" else None}
    text = json.dumps(payload, ensure_ascii=True, default=str, separators=(",", ":"))
    return f"window.{RECORD_GLOBAL} = {text};\n"


def record_script_path(source_file: str) -> str:
    return "propose/records/" + _EXTENSION.sub("", source_file) + ".js"


@step
def propose_form(r: Renderer) -> None:
    data = json.dumps(form_data(r), ensure_ascii=True, default=str, separators=(",", ":"))
    r.output.add(FORM_DATA, f"window.{DATA_GLOBAL} = {data};\n")
    r.page(FORM_PAGE, "propose.md.j2", kinds=FORM_KINDS, has_email=bool(r.options.editors_email))


@step(per_item=True)
def propose_records(r: Renderer) -> None:
    tables = {"practice": r.catalog.practices, "network": r.catalog.networks, "results": r.catalog.results}
    records = [tables[kind][record_id] for kind in EDITABLE for record_id, _ in r.records(kind)]  # in L: its translated ones
    for record in r.share(records):
        r.output.add(record_script_path(record.file), record_script(record))
