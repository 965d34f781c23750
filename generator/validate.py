"""Stage 2, validate: raw records into typed models, every error with its position."""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from .load import Loaded, Page, Position, RawRecord
from .markdown_limits import structure_problem
from .models import MODELS
from .models.common import MARKDOWN
from .problems import Problem, Severity, field_name
from .validation_messages import explain_errors


@dataclass
class Valid:
    """A record that passed validation, with what later stages need to point back at it."""

    kind: str
    id: str
    file: str
    model: Any
    raw: RawRecord

    @property
    def body(self) -> str:
        return self.raw.body

    def position(self, *location: Any) -> Position:
        return self.raw.position(location)


@dataclass
class Validated:
    records: list[Valid]
    pages: list[Page]
    assets: dict[str, bytes]
    problems: list[Problem]
    # Records that failed validation: the link stage still checks the ids in their raw data.
    invalid: list[RawRecord] = dataclasses.field(default_factory=list)


def validate(loaded: Loaded) -> Validated:
    from .translations import validate_translation  # here: translations.py builds on this module

    records, invalid, problems = [], [], list(loaded.problems)
    for raw in loaded.records:
        if raw.kind == "translation":  # checked against its original's model; linked to it in catalog.py
            translation, found = validate_translation(raw)
            records.append(translation)
            problems.extend(found)
            continue
        model_class = MODELS.get(raw.kind)
        if model_class is None:
            continue
        try:
            model = model_class.model_validate(raw.data)
        except ValidationError as error:
            problems.extend(_problems(raw, model_class, error))
            problems.extend(_duplicate_entries(raw, raw.data, ()))  # all mistakes in one run
            invalid.append(raw)
            continue
        records.append(Valid(raw.kind, raw.id, raw.file, model, raw))
        problems.extend(_markdown_problems(raw, model))
        problems.extend(_duplicate_entries(raw, raw.data, ()))
    for page in loaded.pages:  # guides are GitHub Markdown too
        if problem := _too_deep(page.file, "", 1, page.text):
            problems.append(problem)
        problems.extend(_admonition_warnings(page.file, "", 1, page.text))
    return Validated(records, loaded.pages, loaded.assets, problems, invalid)


# Lists where the same value twice is a fact, not a slip.
_REPEATS_ALLOWED = {"coordinates"}


def _duplicate_entries(raw: RawRecord, value: Any, location: tuple) -> list[Problem]:
    """The same id, SDG or text twice in a list: a slip that would show twice on the page."""
    if not location and not getattr(raw.positions, "repeats", True):  # the loader saw no list repeat itself
        return []
    found: list[Problem] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and key not in _REPEATS_ALLOWED:
                found.extend(_duplicate_entries(raw, item, location + (key,)))
    elif isinstance(value, list):
        scalars = [item for item in value if isinstance(item, (str, int, float))]
        if len(set(scalars)) != len(scalars):
            seen: dict = {}
            for index, item in enumerate(value):
                if isinstance(item, (str, int, float)) and item in seen:
                    position = raw.position(location + (index,))
                    found.append(Problem(raw.file, position.line, position.column, field_name(location + (index,)),
                                         f"'{item}' is listed twice", f"already given as item {seen[item] + 1}; keep one"))
                seen.setdefault(item, index)
        for index, item in enumerate(value):
            if isinstance(item, (dict, list)):
                found.extend(_duplicate_entries(raw, item, location + (index,)))
    return found


def _too_deep(file: str, field: str, first_line: int, text: str) -> Problem | None:
    found = structure_problem(text)
    if found is None:
        return None
    line, what = found
    return Problem(file, first_line + line - 1, 1, field, f"the text {what}",
                   "no page needs that much, and it would make the build very slow: flatten the text or "
                   "split it, and link to long documents where they are published")


# MkDocs-only block syntax that GitHub-flavoured Markdown shows as plain text.
_ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+[a-z]", re.MULTILINE)


def _markdown_texts(raw: RawRecord, model: BaseModel):
    """(field, first line, text) of each Markdown text in a record: a practice's body and marked fields."""
    if raw.body:
        yield "", raw.body_line, raw.body
    for name, key in _markdown_fields(type(model)):
        value = getattr(model, name)
        if isinstance(value, str):
            # A block scalar (`description: |`) starts on the line after its key.
            yield key, raw.position((key,)).line + (1 if "\n" in value else 0), value


@functools.cache
def _markdown_fields(model_class: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(attribute, key in the file) of a model's Markdown fields: read once per model, not per record."""
    return tuple((name, info.alias or name) for name, info in model_class.model_fields.items()
                 if info.json_schema_extra == MARKDOWN)


def _markdown_problems(raw: RawRecord, model: BaseModel) -> list[Problem]:
    found = []
    for field, first_line, text in _markdown_texts(raw, model):
        if problem := _too_deep(raw.file, field, first_line, text):
            found.append(problem)
        found.extend(_admonition_warnings(raw.file, field, first_line, text))
    return found


def _admonition_warnings(file: str, field: str, first_line: int, text: str) -> list[Problem]:
    found = []
    if "!!!" not in text and "???" not in text:  # most texts: no need to run the pattern
        return found
    for match in _ADMONITION.finditer(text):
        line = first_line + text.count("\n", 0, match.start())
        found.append(Problem(file, line, 1, field, "'!!!' and '???' boxes are MkDocs syntax and show as plain text here",
                             "the portal's text is GitHub Markdown: write '> [!NOTE] A title' (or TIP, IMPORTANT, "
                             "WARNING, CAUTION), then the text on lines starting with '> '", Severity.warning))
    return found


def _problems(raw: RawRecord, model_class: type[BaseModel], error: ValidationError) -> list[Problem]:
    found = []
    for explained in explain_errors(model_class, raw.data, error.errors(include_url=False)):
        position = raw.position(explained.location)
        found.append(Problem(raw.file, position.line, position.column, field_name(explained.location),
                             explained.message, explained.hint))
    return found

