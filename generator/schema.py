"""JSON Schema for every kind of file, generated from the models.

Editors' tools (VS Code with the YAML extension) read these to complete and
check fields while typing; the site publishes them under schemas/ and the
field reference page is written from them. `portal schema` writes them into
the repository's schemas/ folder, and a test fails when that copy is out of
date with the models. A translation (`networks/<id>.<lang>.yml`, issue 14) has a schema
of its own, from its model in models/translation.py: the original's would flag it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .models import MODELS
from .models.translation import translation_model

SCHEMA_DIR = Path("schemas")
DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class FileKind:
    """One kind of source file: which model, where it lives, and whether it holds a list of records."""

    name: str  # schemas/<name>.json
    kind: str  # key in MODELS
    glob: str  # where editors find such files
    many: bool = False
    translation: bool = False  # a translation of a `kind` record, <name>.<lang>.<ext> beside the original

    def model(self) -> type:
        return translation_model(MODELS[self.kind]) if self.translation else MODELS[self.kind]


FILE_KINDS = [
    FileKind("practice", "practice", "practices/*.md"),
    FileKind("network", "network", "networks/*.yml"),
    FileKind("results", "results", "networks/*/results-*.yml"),
    FileKind("municipalities", "municipality", "registry/municipalities/*.yml", many=True),
    FileKind("organisations", "organisation", "registry/organisations/*.yml", many=True),
    FileKind("themes", "theme", "registry/themes.yml", many=True),
    FileKind("portfolio", "portfolio", "registry/portfolios/*.yml"),
    FileKind("template", "template", "content/templates/*.yml"),
]
# Where a kind's translations are (source_files.translation_of reads the same names); not in the
# field reference, whose sections are the originals' (a translation holds their text fields).
TRANSLATION_KINDS = [
    FileKind("practice-translation", "practice", "practices/*.*.md", translation=True),
    FileKind("network-translation", "network", "networks/*.*.yml", translation=True),
    FileKind("results-translation", "results", "networks/*/results-*.*.yml", translation=True),
    FileKind("template-translation", "template", "content/templates/*.*.yml", translation=True),
]


def editor_globs(file_kind: FileKind) -> list[str]:
    """The globs of .vscode/settings.json for a kind: an original's glob leaves its translations out
    (the YAML extension reads a leading ! as "not these")."""
    if file_kind.translation:
        return [file_kind.glob]
    return [file_kind.glob, *(f"!{tk.glob}" for tk in TRANSLATION_KINDS if tk.kind == file_kind.kind)]


def schema_for(file_kind: FileKind, base_url: str = "") -> dict:
    model = file_kind.model()
    schema = _id_keyed_mappings(_json_schema_bounds(model.model_json_schema(by_alias=True)))
    if file_kind.many:
        definitions = schema.pop("$defs", {})
        definitions[model.__name__] = schema
        schema = {"type": "array", "items": {"$ref": f"#/$defs/{model.__name__}"}, "$defs": definitions}
    header = {"$schema": DIALECT}
    if base_url:
        header["$id"] = f"{base_url.rstrip('/')}/{SCHEMA_DIR.as_posix()}/{file_kind.name}.json"
    header["title"] = f"{file_kind.glob} ({'a list of ' if file_kind.many else ''}{model.__name__})"
    return {**header, **schema}


# pydantic writes a bound it applies after a validator function (Year, Sdg, a Figure with ge=) under
# its own name, which JSON Schema ignores: the editors' tools and the web form would not check it.
_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def _json_schema_bounds(node):
    if isinstance(node, list):
        return [_json_schema_bounds(item) for item in node]
    if not isinstance(node, dict):
        return node
    numeric = node.get("type") in ("integer", "number")
    return {(_BOUNDS.get(key, key) if numeric else key): _json_schema_bounds(value) for key, value in node.items()}


def _id_keyed_mappings(node):
    """A mapping keyed by ids (dict[Id, str]) as a mapping whose keys have the id's pattern.

    pydantic writes it as patternProperties, which lets any other key through unchecked, and which
    the field reference and the web form (additionalProperties) do not read as a mapping."""
    if isinstance(node, list):
        return [_id_keyed_mappings(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _id_keyed_mappings(value) for key, value in node.items()}
    patterns = node.get("patternProperties")
    if isinstance(patterns, dict) and len(patterns) == 1 and "additionalProperties" not in node:
        (pattern, values), = patterns.items()
        node = {**node, "patternProperties": values, "propertyNames": {**node.get("propertyNames", {}), "pattern": pattern}}
        return {("additionalProperties" if key == "patternProperties" else key): value for key, value in node.items()}
    return node


def schema_files(base_url: str = "") -> dict[str, str]:
    """schemas/<name>.json -> text, for every kind whose model exists."""
    return {
        f"{SCHEMA_DIR.as_posix()}/{fk.name}.json":
            json.dumps(schema_for(fk, base_url), indent=2, ensure_ascii=False) + "\n"
        for fk in [*FILE_KINDS, *TRANSLATION_KINDS] if fk.kind in MODELS
    }


def write_schemas(root: Path, base_url: str = "") -> list[str]:
    """Write schemas/ into the portal folder; returns the files that changed."""
    changed = []
    for relative, text in schema_files(base_url).items():
        target = root / relative
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            changed.append(relative)
    return changed
