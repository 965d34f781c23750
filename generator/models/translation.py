"""Translations of records (issue 14): which fields are text, and the model of a translation file.

A field is translated when its model marks it, `title: Annotated[Name, TRANSLATABLE]`: the models
stay the single source of truth, and the marker changes neither validation nor the JSON Schema.
A translation (`practices/<id>.<lang>.md`, `networks/<id>.<lang>.yml`, ...) holds only marked
fields, under the same names, plus its provenance:

    translation:
      status: machine | human | reviewed
      by: who made it
      source: the digest of the original's text it was made from (translations.source_digest)

Its model is derived from the original's: the same field types with the same limits and checks
(so a hostile or oversized text is refused exactly as in the original), every field optional
(an untranslated field falls back to the original), nested records kept where they hold text
(`transfers: [{note: ...}]`, item by item in the original's order).
"""

from __future__ import annotations

import functools
import typing
from dataclasses import dataclass
from enum import Enum
from types import NoneType, UnionType
from typing import Annotated, Any

from pydantic import BaseModel, Field, create_model
from pydantic.fields import FieldInfo

from .common import Name, Record, Text


class Translatable:
    """Marker in a field's Annotated metadata: the field holds text in the record's language."""

    def __repr__(self) -> str:
        return "TRANSLATABLE"


TRANSLATABLE = Translatable()


class TextOrAmount(Translatable):
    """Marker of a field that holds a text or an amount (a practice's budget and funding, a network's funding): a
    translation gives its texts only, `null` in a list where the original has an amount, whose figures come from
    the original."""

    def __repr__(self) -> str:
        return "TEXT_OR_AMOUNT"


TEXT_OR_AMOUNT = TextOrAmount()
DIGEST_PATTERN = r"^[0-9a-f]{12}$"


class TranslationStatus(str, Enum):
    machine = "machine"  # made by a tool, nobody has checked it
    human = "human"  # made by a person
    reviewed = "reviewed"  # a native speaker checked it against the original


class Provenance(Record):
    """Where a translation came from: the `translation:` block of its front matter."""

    status: TranslationStatus = Field(description="machine, human, or reviewed (a native speaker checked it).")
    by: Name = Field(description="Who made it: a person, an organisation, or the tool.")
    source: str = Field(pattern=DIGEST_PATTERN, description="Digest of the original's text it was made from "
                        "(12 hexadecimal characters; `portal translate` writes it).")


@dataclass(frozen=True)
class Part:
    """A field that a translation may give: text as a whole, or a nested record (or list of them) holding text."""

    name: str  # attribute name in the model
    key: str  # as written in the file (the alias, e.g. `self-assessment`)
    nested: type[BaseModel] | None = None  # None: the whole value is text
    many: bool = False  # a list of nested records, translated item by item
    texts_only: bool = False  # a text or an amount (TEXT_OR_AMOUNT): only its texts are translated

    def children(self) -> tuple["Part", ...]:
        return translatable_parts(self.nested) if self.nested else ()


def texts_of(value: Any) -> Any:
    """The texts of a text-or-amount value: the text; a list's, None for each amount; None if it holds none."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        items = [item if isinstance(item, str) else None for item in value]
        return items if any(item is not None for item in items) else None
    return None


def is_translatable(info: FieldInfo) -> bool:
    return any(isinstance(item, Translatable) for item in info.metadata)


@functools.cache
def translatable_parts(model_class: type[BaseModel]) -> tuple[Part, ...]:
    """The translatable fields of a model, nested records that hold some included, in model order."""
    parts = []
    for name, info in model_class.model_fields.items():
        key = info.alias or name
        if is_translatable(info):
            parts.append(Part(name, key, texts_only=any(isinstance(item, TextOrAmount) for item in info.metadata)))
            continue
        nested, many = _record_type(info.annotation)
        if nested is not None and translatable_parts(nested):
            parts.append(Part(name, key, nested, many))
    return tuple(parts)


def _record_type(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """(model, is a list) of `Resources | None` or `list[Transfer]`; (None, False) for anything else."""
    many = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not NoneType]
            if len(options) != 1:
                return None, False  # a union of shapes (money or text) holds no translatable record
            annotation = options[0]
        elif origin is list and not many:
            annotation, many = typing.get_args(annotation)[0], True
        else:
            break
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, many
    return None, False


@functools.cache
def translation_model(model_class: type[BaseModel], top: bool = True) -> type[Record]:
    """The model of a translation of `model_class`: its translatable parts, all optional."""
    fields: dict[str, Any] = {}
    for part in translatable_parts(model_class):
        info = model_class.model_fields[part.name]
        if part.texts_only:  # its texts as the original's: a text, or a list with null for each amount
            many = typing.get_origin(info.annotation) is list
            fields[part.name] = (list[Text | None] | None if many else Text | None, Field(
                None, alias=info.alias, description=info.description if not many else
                f"{info.description} One entry for each of the original's, in its order: null for an amount."))
        elif part.nested is None:  # same type, limits and validators; None means "not translated"
            fields[part.name] = (info.annotation, FieldInfo.merge_field_infos(info, default=None, default_factory=None))
        else:
            inner = translation_model(part.nested, top=False)
            fields[part.name] = (list[inner] if part.many else inner, Field(None, alias=info.alias))
    if top:
        fields["translation"] = (Provenance, Field(description="Where the translation came from."))
    suffix = "Translation" if top else "Text"
    return create_model(f"{model_class.__name__}{suffix}", __base__=Record, __doc__=f"Translated text of a "
                        f"{model_class.__name__}.", **fields)
