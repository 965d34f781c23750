"""Translated records (issue 14): validated against their original's model, linked to it, checked for age.

A translation sits beside its original (`practices/<id>.sh.md`, `networks/<id>.mk.yml`,
`networks/<network>/results-<round>.nb.yml`) and holds only the fields the models mark as
translatable (models/translation.py), plus its body and its provenance. Ids, figures and dates
are shared with the original, so a translation never repeats them and never contradicts them.

The original's text has a digest (`source_digest`); a translation records the digest of the text
it was made from, and `portal check` warns when the original's is no longer the same.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from .languages import BY_CODE, ORIGINAL, interface_language
from .load import RawRecord, RawTranslation
from .models import MODELS
from .models.translation import Part, texts_of, translatable_parts, translation_model
from .placeholders import MARKER
from .problems import Problem, Severity, field_name
from .validate import Valid, _markdown_problems, _problems

TRANSLATED_KINDS = ("practice", "network", "results", "template")
NOT_TRANSLATED = "this field is not translated: ids, figures and dates are shared with the original"
_TABLES = {"practice": "practices", "network": "networks", "results": "results", "template": "templates"}


@dataclass
class Translation(Valid):
    """A translation file; `model` is its translation model (None if it failed validation)."""

    language: str = ""
    translates: str = ""  # kind of the original
    original_id: str = ""

    @property
    def original_file(self) -> str:
        """Where its original is: the translation's name without the language."""
        stem, suffix = self.file.rsplit(".", 1)
        return f"{stem[: -len(self.language) - 1]}.{suffix}"


# ---------------------------------------------------------------- validate


def validate_translation(raw: RawTranslation) -> tuple[Translation, list[Problem]]:
    """The typed translation and its problems. Its texts go through the original's own field types."""
    original_model = MODELS[raw.translates]
    model_class = translation_model(original_model)
    data, problems = _without_shared_fields(raw, original_model, raw.data, ())
    translation = Translation(raw.kind, raw.id, raw.file, None, raw, raw.language, raw.translates, raw.original_id)
    try:
        translation.model = model_class.model_validate(data)
    except ValidationError as error:
        return translation, problems + _problems(raw, model_class, error)
    problems += _markdown_problems(raw, translation.model)  # nesting limits and MkDocs-only syntax, as in originals
    if line := _placeholder_line(raw.body):
        problems.append(Problem(raw.file, raw.body_line + line - 1, 1, "", "still a placeholder: translate the description",
                                "write the translation of the original's description below the front matter, "
                                f"and delete the line starting with {MARKER}"))
    return translation, problems


def _without_shared_fields(raw: RawRecord, model_class: type[BaseModel], data: Any,
                           location: tuple) -> tuple[Any, list[Problem]]:
    """`data` without the original's untranslated fields, and a problem naming each of them.

    Unknown names stay in: validation names them with a did-you-mean, as in an original."""
    if not isinstance(data, dict):
        return data, []
    parts = {part.key: part for part in translatable_parts(model_class)}
    fields = {info.alias or name for name, info in model_class.model_fields.items()}
    kept, problems = {}, []
    for key, value in data.items():
        where = location + (key,)
        if key in parts:
            kept[key], found = _nested_without_shared(raw, parts[key], value, where)
            problems += found
        elif key in fields:
            position = raw.position(where)
            hint = ("the language is in the file name" if key == "language" else
                    "remove it: the page in every language shows the original's value")
            problems.append(Problem(raw.file, position.line, position.column, field_name(where), NOT_TRANSLATED, hint))
        else:
            kept[key] = value  # `translation:` and unknown names: the model judges them
    return kept, problems


def _nested_without_shared(raw: RawRecord, part: Part, value: Any, location: tuple) -> tuple[Any, list[Problem]]:
    if part.nested is None:
        return value, []
    if not part.many:
        return _without_shared_fields(raw, part.nested, value, location)
    if not isinstance(value, list):
        return value, []
    items, problems = [], []
    for index, item in enumerate(value):
        kept, found = _without_shared_fields(raw, part.nested, item, location + (index,))
        items.append(kept)
        problems += found
    return items, problems


def _placeholder_line(body: str) -> int | None:
    for number, line in enumerate(body.splitlines(), 1):
        if line.lstrip().startswith(MARKER):
            return number
    return None



# ---------------------------------------------------------------- the original's text and its digest


def translatable_text(model: BaseModel) -> dict[str, Any]:
    """The translatable values of a record (or of a translation), by the names they are written with.

    Empty values are left out; a list of nested records keeps an entry per item, so that items
    stay in the original's order."""
    found: dict[str, Any] = {}
    for part in translatable_parts(type(model)):  # a translation's model keeps the markers
        value = getattr(model, part.name, None)
        if value is None or value == []:
            continue
        if part.texts_only:  # an amount is no text: its figures leave the digest as it is
            if (texts := texts_of(value)) is not None:
                found[part.key] = texts
        elif part.nested is None:
            found[part.key] = value
        elif part.many:
            found[part.key] = [translatable_text(item) for item in value]
        elif text := translatable_text(value):
            found[part.key] = text
    return found


def source_digest(record: Valid) -> str:
    """The digest of an original's translatable text: what a translation's `source:` records.

    sha256 of the canonical JSON (sorted keys, no spaces, UTF-8) of {"body": the Markdown body
    with Unix line ends and no surrounding blank space, "fields": translatable_text(model)},
    first 12 hexadecimal characters. A change to an id, figure or date leaves it as it is."""
    body = record.body.replace("\r\n", "\n").strip()
    canonical = json.dumps({"body": body, "fields": translatable_text(record.model)}, sort_keys=True,
                           ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


# ---------------------------------------------------------------- link


def attach_translations(catalog: Any, translations: list[Translation], invalid: list[RawRecord]) -> list[Problem]:
    """Fill catalog.translations[(kind, id)][language]; problems: orphans (errors), stale and outdated
    translations (warnings)."""
    problems: list[Problem] = []
    failed = {(raw.kind, raw.id) for raw in invalid}
    for translation in translations:
        table = getattr(catalog, _TABLES[translation.translates])
        original = table.get(translation.original_id)
        if original is None:
            if (translation.translates, translation.original_id) not in failed:  # its own problems say why
                problems.append(_orphan(translation, table))
            continue
        if translation.model is None:
            continue
        catalog.translations.setdefault((translation.translates, translation.original_id), {})[
            translation.language] = translation
        problems += _age_problems(translation, original)
    return problems


def attach_guide_translations(catalog: Any, translated: list) -> list[Problem]:
    """Fill catalog.page_translations[guide path][language]; an error for a translation whose guide is missing."""
    problems: list[Problem] = []
    originals = {page.path for page in catalog.pages}
    for page in translated:
        if page.original_path not in originals:
            problems.append(Problem(page.file, 1, 1, "", "this translation has no original: there is no "
                                    f"content/{page.original_path}", "a guide's translation sits beside it and has "
                                    "its name plus the language, e.g. content/learning-cycle.sq.md"))
            continue
        catalog.page_translations.setdefault(page.original_path, {})[page.language] = page
    return problems


def _orphan(translation: Translation, table: dict) -> Problem:
    hint = "a translation sits beside its original and has its name plus the language: check the name"
    ids = difflib.get_close_matches(translation.original_id, sorted(table), n=1, cutoff=0.6)
    if ids:
        hint = f"did you mean to translate {table[ids[0]].file}? Name the translation after it"
    return Problem(translation.file, 1, 1, "", f"this translation has no original: there is no {translation.original_file}",
                   hint)


def _age_problems(translation: Translation, original: Valid) -> list[Problem]:
    problems = []
    provenance = translation.model.translation
    digest = source_digest(original)
    if provenance.source != digest:
        position = translation.position("translation", "source")
        problems.append(Problem(
            translation.file, position.line, position.column, "translation.source",
            f"the translation is out of date: {original.file} has changed since it was translated",
            f"compare its text with the translation, `git log -p {original.file}` shows what changed; update the "
            f"translation, then run `portal translate --refresh {translation.file}` or write `source: {digest}`",
            Severity.warning))
    problems += _vanished(translation, translation.model, original.model, ())
    if original.body.strip() == "" and translation.body.strip():
        problems.append(Problem(translation.file, translation.raw.body_line, 1, "", _gone("the description", original.file),
                                "remove it from the translation, or give the original a description again",
                                Severity.warning))
    if interface_language(getattr(original.model, "language", ORIGINAL)) == translation.language:
        problems.append(Problem(translation.file, 1, 1, "", f"{original.file} is already written in "
                                f"{BY_CODE[translation.language].english_name}",
                                "a translation is for readers of another language; remove it", Severity.warning))
    return problems


def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"


def _gone(what: str, original_file: str) -> str:
    return f"{what} is translated, but {original_file} no longer has it"


def _vanished(translation: Translation, translated: BaseModel, original: BaseModel | None, location: tuple) -> list[Problem]:
    """A warning for each translated value whose field the original no longer has (or no longer that many items)."""
    problems = []
    for part in translatable_parts(type(translated)):
        value = getattr(translated, part.name, None)
        if value is None:
            continue
        where = location + (part.key,)
        there = getattr(original, part.name, None) if original is not None else None
        if there is None or there == []:
            position = translation.position(*where)
            problems.append(Problem(translation.file, position.line, position.column, field_name(where),
                                    _gone(f"`{field_name(where)}`", translation.original_file),
                                    "remove it from the translation, or add it back to the original", Severity.warning))
        elif part.nested is None and isinstance(value, list) and len(value) != len(there):
            position = translation.position(*where)
            problems.append(Problem(translation.file, position.line, position.column, field_name(where),
                                    f"the original has {_entries(len(there))} under `{part.key}`, the translation "
                                    f"{_entries(len(value))}", "translate each entry, one for one, in the "
                                    "original's order", Severity.warning))
        elif part.nested is not None and not part.many:
            problems += _vanished(translation, value, there, where)
        elif part.many:
            for index, item in enumerate(value):
                if index >= len(there):
                    position = translation.position(*where, index)
                    problems.append(Problem(
                        translation.file, position.line, position.column, field_name(where + (index,)),
                        f"the original has {_entries(len(there))} under `{part.key}`; this one has no counterpart there",
                        "translated entries follow the original's, one for one: remove it", Severity.warning))
                else:
                    problems += _vanished(translation, item, there[index], where + (index,))
    return problems


# ---------------------------------------------------------------- reading a record in a language


@dataclass(frozen=True)
class Localized:
    """A record's text in the language asked for, or the original's with the language it is in."""

    value: Any
    # The translation's language, or the original's `language` (ISO 639-1, e.g. en, bs): a page in
    # languages.interface_language(language) needs no notice (a Bosnian original on the sh page).
    language: str
    translated: bool  # False: the original, shown with a notice where the page is in another language
    status: str | None = None  # the translation's: machine, human or reviewed


def text_in(catalog: Any, kind: str, record_id: str, language: str, *location: Any) -> Localized:
    """One text field of a record in `language`, e.g. text_in(c, "practice", "x", "sh", "transfers", 0, "note").

    Each field comes whole from one language: a page shows a notice where it falls back, and
    never mixes two languages in one paragraph."""
    record = getattr(catalog, _TABLES[kind])[record_id]
    translation = catalog.translations.get((kind, record_id), {}).get(language)
    if translation is not None and language != ORIGINAL:
        value = _value_at(translation.model, location)
        if value not in (None, []):
            return Localized(value, language, True, translation.model.translation.status)
    return Localized(_value_at(record.model, location), getattr(record.model, "language", ORIGINAL), False)


def body_in(catalog: Any, kind: str, record_id: str, language: str) -> Localized:
    """A record's Markdown body in `language`, or the original's."""
    record = getattr(catalog, _TABLES[kind])[record_id]
    translation = catalog.translations.get((kind, record_id), {}).get(language)
    if translation is not None and language != ORIGINAL and translation.body.strip():
        return Localized(translation.body, language, True, translation.model.translation.status)
    return Localized(record.body, getattr(record.model, "language", ORIGINAL), False)


def _value_at(model: Any, location: tuple) -> Any:
    value = model
    for part in location:
        if value is None:
            return None
        if isinstance(part, int):
            value = value[part] if part < len(value) else None
        else:
            value = getattr(value, part, None)
    return value
