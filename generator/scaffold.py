"""Scaffolds for `portal new`: files written from the models themselves.

Values given are written as they are. Every other required value is a placeholder,
'FILL IN: what to write' (generator/placeholders.py), which `portal check` refuses until it
is replaced: nothing is filled in for the editor (no status, stage or year picked for them).
Every optional field is there too, commented out with its description, and an optional block
shows its own fields, so an editor sees everything the model accepts without reading the code.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any

import yaml
from pydantic import BaseModel, BeforeValidator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from .models import Municipality, Network, Organisation, Practice, Results, Theme
from .placeholders import placeholder

SAMPLE_DEPTH = 3  # commented blocks show fields this many levels down; deeper blocks stay `{}`


def _unwrap(annotation: Any) -> Any:
    """Optional[X] -> X; Annotated[X, ...] -> X; a union -> its first choice."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(options[0])
    return annotation


def _annotated(annotation: Any) -> Any:
    """The Annotated[...] inside Optional[...], where the type's own description and bounds are."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _annotated(options[0]) if len(options) == 1 else annotation
    return annotation


def _info(annotation: Any) -> FieldInfo | None:
    """The bounds, description and examples of a type (Sdg: 1 to 17; Year: 'A year, e.g. 2015.')."""
    annotation = _annotated(annotation)
    return FieldInfo.from_annotation(annotation) if typing.get_origin(annotation) is typing.Annotated else None


def _described(annotation: Any, info: FieldInfo | None) -> FieldInfo | None:
    """The field's own info, or its type's where the field says nothing of itself."""
    if info is None or (not info.description and not info.examples):
        return _info(annotation) or info
    return info


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _choices(annotation: Any) -> str:
    values = [member.value for member in annotation]
    return ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else values[0]


def fill_in(annotation: Any, info: FieldInfo | None = None, what: str | None = None) -> str:
    """The placeholder for a value: what to write, its choices and an example where the model has them."""
    target = _unwrap(annotation)
    info = _described(annotation, info)
    described = what or (info.description if info and info.description else "")
    parts = [described]
    if isinstance(target, type) and issubclass(target, enum.Enum) and not all(
            member.value in described for member in target):
        parts.append(f"one of {_choices(target)}")
    if info is not None and info.examples and "e.g." not in described and str(info.examples[0]) not in described:
        parts.append(f"e.g. {info.examples[0]}")
    return placeholder("; ".join(part.rstrip(".") for part in parts if part))


def example(annotation: Any, info: FieldInfo | None = None, today: dt.date | None = None, depth: int = 0) -> Any:
    """A sample value for a commented-out field: its default, an example, or a placeholder."""
    info = _described(annotation, info)
    if info is not None and info.default not in (None, PydanticUndefined) and not isinstance(info.default, bool):
        return info.default.value if isinstance(info.default, enum.Enum) else info.default
    if info is not None and info.examples:
        return info.examples[0]
    target = _unwrap(annotation)
    origin = typing.get_origin(target)
    if origin is list:
        return [example(typing.get_args(target)[0], today=today, depth=depth)]
    if origin is tuple:
        return [example(a, today=today, depth=depth) for a in typing.get_args(target)]
    if origin is dict:
        return {}
    if _is_model(target) and not _written_as_text(annotation, info):
        if depth >= SAMPLE_DEPTH:
            return {}
        return {field.alias or name: example(field.annotation, field, today, depth + 1)
                for name, field in target.model_fields.items()}
    if target is bool:
        return False
    return fill_in(annotation, info)


def _written_as_text(annotation: Any, info: FieldInfo | None) -> bool:
    """A block that may be written as a plain value too (a figure: `over 60`): the sample is that value."""
    inner = _info(annotation)
    metadata = [*(info.metadata if info else []), *(inner.metadata if inner else [])]
    return any(isinstance(item, BeforeValidator) and item.json_schema_input_type not in (None, PydanticUndefined)
               for item in metadata)


def _dump(value: Any) -> list[str]:
    # No folding of long placeholders: a value continued on the next line is hard to replace by hand.
    text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)
    return text.rstrip().splitlines()


def _indented(lines: list[str], first: str, rest: str) -> list[str]:
    """Lines moved in by `rest`, the first field's line by `first` ('- ' starts a list item)."""
    start = next((index for index, line in enumerate(lines) if not line.startswith("#")), None)
    return [(first if index == start else rest) + line for index, line in enumerate(lines)]


def _required(key: str, info: FieldInfo, today: dt.date) -> list[str]:
    """A required field the editor did not give: placeholders, with the block's optional fields commented."""
    target = _unwrap(info.annotation)
    if _is_model(target):
        return [f"{key}:", *_indented(model_lines(target, {}, today), "  ", "  ")]
    if typing.get_origin(target) is list:
        item = typing.get_args(target)[0]
        if _is_model(_unwrap(item)):
            return [f"{key}:", *_indented(model_lines(_unwrap(item), {}, today), "- ", "  ")]
        return _dump({key: [fill_in(item, what=info.description)]})
    return _dump({key: fill_in(info.annotation, info)})


def _commented(key: str, info: FieldInfo, today: dt.date) -> list[str]:
    value = example(info.annotation, info, today)
    said = isinstance(value, str) and info.description and info.description.rstrip(".") in value
    note = f"  # {info.description}" if info.description and not said else ""
    sample = _dump({key: value})
    return [f"# {sample[0]}{note}", *(f"# {line}" for line in sample[1:])]


def model_lines(model: type[BaseModel], values: dict[str, Any], today: dt.date) -> list[str]:
    """The fields of `model` as YAML lines: given values, placeholders, optional fields commented."""
    lines: list[str] = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key in values:
            lines.extend(_dump({key: values[key]}))
        elif info.is_required():
            lines.extend(_required(key, info, today))
        else:
            lines.extend(_commented(key, info, today))
    return lines


def scaffold_fields(model: type[BaseModel], values: dict[str, Any], today: dt.date | None = None) -> str:
    """YAML for `model`: given values, required placeholders, optional fields commented."""
    return "\n".join(model_lines(model, values, today or dt.date.today())) + "\n"


BODY = """
## Context

What problem did the municipality face, and who was affected?

## What was done

The steps, who took them, and how long they took.

## How others can use it

What a municipality needs to start, and what to watch out for.
"""

RECORDS: dict[str, type[BaseModel]] = {"practice": Practice, "network": Network, "results": Results}
REGISTRY: dict[str, type[BaseModel]] = {"municipality": Municipality, "organisation": Organisation, "theme": Theme}
KINDS: dict[str, type[BaseModel]] = {**RECORDS, **REGISTRY}


# For VS Code's YAML extension: the schema, relative to the new file. Front matter in a
# practice's .md file cannot carry it (the extension reads .yml files only).
SCHEMA_LINES = {
    "network": "# yaml-language-server: $schema=../schemas/network.json\n",
    "results": "# yaml-language-server: $schema=../../schemas/results.json\n",
    "municipality": "# yaml-language-server: $schema=../../schemas/municipalities.json\n",
    "organisation": "# yaml-language-server: $schema=../../schemas/organisations.json\n",
}


def registry_entry(kind: str, values: dict[str, Any], today: dt.date | None = None) -> str:
    """One entry of a registry list (`- id: ...`), to start a file or to append to one."""
    lines = model_lines(REGISTRY[kind], values, today or dt.date.today())
    return "\n".join(_indented(lines, "- ", "  ")) + "\n"


def scaffold(kind: str, values: dict[str, Any], today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    if kind in REGISTRY:
        return SCHEMA_LINES.get(kind, "") + registry_entry(kind, values, today)
    values = {"last_verified": today.isoformat(), **values}
    if kind == "practice" and "municipalities" not in values:  # nearly every practice has some
        values["municipalities"] = [placeholder("registry id of a municipality that runs it "
                                                "(or remove this and fill in organisations)")]
    text = scaffold_fields(KINDS[kind], values, today)
    if kind == "practice":
        return f"---\n{text}---\n{BODY}"
    return SCHEMA_LINES.get(kind, "") + text
