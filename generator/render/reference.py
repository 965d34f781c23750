"""Editors' reference, generated from the models: JSON Schema files and the field reference page.

The page is written from the same JSON Schema that VS Code uses, so what the
reference says, what the editor completes and what `portal check` accepts
cannot drift apart.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from markupsafe import Markup

from .. import i18n
from ..i18n import N_
from ..languages import ORIGINAL
from ..models.common import ID_PATTERN
from ..schema import FILE_KINDS, schema_files
from . import Renderer, step
from .safe import md_text

REFERENCE_PAGE = "reference/fields.md"


@dataclass
class Row:
    name: str
    type: str  # Markdown, already escaped
    required: str
    description: str
    lang: str | None = None  # "en" where the description has no translation in the page's language


@dataclass
class Section:
    anchor: str
    title: str
    description: str
    rows: list[Row] = field(default_factory=list)
    files: str = ""  # where files of this kind live, for top-level sections
    lang: str | None = None  # as Row.lang, for the section's description


# A description (the models', in English) -> its text in the page's language, and "en" where it has none.
Explain = Callable[[str], tuple[str, "str | None"]]


def explanations(language: str = ORIGINAL) -> Explain:
    """The models' descriptions in `language`, from the interface's catalogue (i18n.schema_messages
    brings them in): a description without a translation stays in English and says so."""
    if language == ORIGINAL:
        return lambda text: (text, None)
    gettext = i18n.translations(language).gettext

    def explain(text: str) -> tuple[str, str | None]:
        if not text:
            return text, None  # (gettext gives the catalogue's header for "")
        translated = gettext(text)
        return (translated, None) if translated != text else (text, "en")

    return explain


def _anchor(name: str) -> Markup:
    """CycleStep -> cycle-step (our own model names, so safe as markup)."""
    return Markup("".join(f"-{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name)))


def _code(value: object) -> Markup:
    """A code span for our own names and values (from the models, never from contributors)."""
    return Markup(f"`{value}`")


# A name between backticks as md_text() escapes it, e.g. \`local\_name\` or \`portal translate\`: letters,
# digits, spaces, colons, and escaped _ . -. Anything else between backticks stays text.
_ESCAPED_CODE = re.compile(r"\\`((?:[A-Za-z0-9 :]|\\[_.\-])+)\\`")
_ESCAPE = re.compile(r"\\([_.\-])")


def _with_code(text: str) -> str:
    """A description as Markdown, a field or command it names as `name` in a code span. Only such plain
    names become code: a translation comes in a pull request like any other file, so the rest stays text."""
    return _ESCAPED_CODE.sub(lambda m: _code(_ESCAPE.sub(r"\1", m.group(1))), md_text(text))


# The words of a field's type and of whether it is required, in the page's language. What they name stays
# code: a vocabulary's values, a nested record's name (the heading of its section), `true` and `false`.
ONE_OF = N_("one of %(values)s")
OR = N_("%(first)s or %(second)s")
MAPPING = N_("mapping of %(keys)s to %(values)s")
LIST_OF = N_("list of %(type)s")
AT_LEAST = N_("list of %(type)s (at least %(count)s)")
DATE = N_("date (YYYY-MM-DD)")
ID = N_("id")
TEXT = N_("text")
KEYS = TEXT  # a mapping's keys, where its schema does not describe them
WHOLE_NUMBER, NUMBER = N_("whole number"), N_("number")
BETWEEN = N_("%(type)s %(low)s–%(high)s")
AT_LEAST_VALUE = N_("%(type)s ≥ %(low)s")
BOOLEAN = N_("`true` or `false`")
ANY = N_("any")
YES, NO = N_("yes"), N_("no")
NO_DEFAULT = N_("no (default %(value)s)")


class _Describer:
    """Turns JSON Schema property definitions into short, readable types, in the language of `translations`."""

    def __init__(self, definitions: dict, explain: Explain, translations: Any = None):
        self.definitions = definitions
        self.explain = explain
        self.translations = translations or i18n.translations(ORIGINAL)
        self._ = self.translations.gettext

    def type_of(self, schema: dict) -> str:
        _ = self._
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            target = self.definitions[name]
            if "enum" in target:
                return _(ONE_OF) % {"values": ", ".join(_code(v) for v in target["enum"])}
            return f"[{name}](#{_anchor(name)})"
        if "anyOf" in schema or "oneOf" in schema:  # oneOf: a union chosen by the value's shape
            options = [self.type_of(s) for s in schema.get("anyOf", schema.get("oneOf")) if s.get("type") != "null"]
            return functools.reduce(lambda first, second: _(OR) % {"first": first, "second": second}, options)
        if "enum" in schema:
            return _(ONE_OF) % {"values": ", ".join(_code(v) for v in schema["enum"])}
        kind = schema.get("type")
        if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
            names = schema.get("propertyNames", {})
            keys = self.explain(names["description"])[0] if names.get("description") else _(KEYS)
            return _(MAPPING) % {"keys": keys.lower(), "values": self.type_of(schema["additionalProperties"])}
        if kind == "array" and "prefixItems" in schema:
            return "[" + ", ".join(self.type_of(s) for s in schema["prefixItems"]) + "]"
        if kind == "array":
            least = schema.get("minItems")
            item = self.type_of(schema.get("items", {}))
            return _(AT_LEAST) % {"type": item, "count": least} if least else _(LIST_OF) % {"type": item}
        if kind == "string":
            if schema.get("format") == "date":
                return _(DATE)
            if schema.get("pattern") == ID_PATTERN:
                return _(ID)
            if "maxLength" in schema:
                most = schema["maxLength"]
                return self.translations.ngettext("text (at most %(num)s character)",
                                                  "text (at most %(num)s characters)", most) % {"num": most}
            return _(TEXT)
        if kind in ("integer", "number"):
            name = _(WHOLE_NUMBER) if kind == "integer" else _(NUMBER)
            low, high = schema.get("minimum"), schema.get("maximum")
            if low is not None and high is not None:
                return _(BETWEEN) % {"type": name, "low": low, "high": high}
            return _(AT_LEAST_VALUE) % {"type": name, "low": low} if low is not None else name
        if kind == "boolean":
            return _(BOOLEAN)
        return kind or _(ANY)

    def description(self, schema: dict) -> str:
        if schema.get("description"):
            return schema["description"]
        for inner in [schema.get("items", {}), *schema.get("anyOf", [])]:
            if inner.get("description"):
                return inner["description"]
            if "$ref" in inner:
                return self.definitions[inner["$ref"].rsplit("/", 1)[-1]].get("description", "")
        if "$ref" in schema:
            return self.definitions[schema["$ref"].rsplit("/", 1)[-1]].get("description", "")
        return ""

    def rows(self, model: dict) -> list[Row]:
        required = set(model.get("required", []))
        rows = []
        for name, schema in model.get("properties", {}).items():
            default = schema.get("default")
            needed = self._(YES) if name in required else (
                self._(NO_DEFAULT) % {"value": _code(json.dumps(default, ensure_ascii=False))}
                if default not in (None, [], {}) else self._(NO))
            text, lang = self.explain(self.description(schema))
            rows.append(Row(_code(name), Markup(self.type_of(schema)), Markup(needed), Markup(_with_code(text) if text else ""), lang))
        return rows


def reference_sections(language: str = ORIGINAL) -> list[Section]:
    """One section per kind of file, then one per nested object, each listed once; the descriptions in
    `language` where the catalogue has them."""
    explain = explanations(language)
    translations = i18n.translations(language)

    def section(anchor: str, title: str, description: str, rows: list[Row], files: str = "") -> Section:
        text, lang = explain(description)
        return Section(anchor, title, Markup(_with_code(text)), rows, files=files, lang=lang)

    sections, nested, seen = [], {}, set()
    for fk in FILE_KINDS:
        text = json.loads(schema_files().get(f"schemas/{fk.name}.json", "null"))
        if text is None:
            continue
        definitions = text.get("$defs", {})
        describer = _Describer(definitions, explain, translations)
        root = definitions[text["items"]["$ref"].rsplit("/", 1)[-1]] if fk.many else text
        title = root.get("title", fk.name)
        seen.add(title)
        sections.append(section(_anchor(title), title, root.get("description", ""), describer.rows(root), files=fk.glob))
        for name, definition in definitions.items():
            if definition.get("type") == "object" and name not in nested:
                nested[name] = section(_anchor(name), name, definition.get("description", ""), describer.rows(definition))
    return sections + [nested[name] for name in sorted(nested) if name not in seen]


@step
def editor_reference(r: Renderer) -> None:
    for relative, text in schema_files(r.options.site_url or "").items():
        r.output.add(relative, text)
    has_guide = any(page.path == "contributing.md" for page in r.catalog.pages)
    r.page(REFERENCE_PAGE, "fields.md.j2", sections=reference_sections(r.options.language), code=_code, has_guide=has_guide,
           schemas=[fk for fk in FILE_KINDS if f"schemas/{fk.name}.json" in schema_files()])
