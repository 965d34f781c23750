"""Scaffolds for `portal new`: a valid file written from the models themselves.

Required fields get the values given (or a placeholder that validates);
every optional field is there too, commented out, with its description, so an
editor sees everything the model accepts without reading the code.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .models import Network, Practice, Results

PLACEHOLDER = "TODO"


def _unwrap(annotation: Any) -> Any:
    """Optional[X] -> X; Annotated[X, ...] -> X."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(options[0])
    return annotation


def example(annotation: Any, info: FieldInfo | None = None, today: dt.date | None = None) -> Any:
    """A value of the annotation's type that passes validation."""
    if info is None and typing.get_origin(annotation) is typing.Annotated:
        info = FieldInfo.from_annotation(annotation)  # a list item's bounds and examples (Sdg: 1 to 17)
    if info is not None and info.examples:
        return info.examples[0]
    annotation = _unwrap(annotation)
    origin = typing.get_origin(annotation)
    if origin is list:
        return [example(typing.get_args(annotation)[0], today=today)]
    if origin is tuple:
        return [example(a, today=today) for a in typing.get_args(annotation)]
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return {info.alias or name: example(info.annotation, info, today)
                    for name, info in annotation.model_fields.items() if info.is_required()}
        if issubclass(annotation, enum.Enum):
            return next(iter(annotation)).value
        if annotation is bool:
            return False
        if annotation is int:
            return _minimum(info) or (today or dt.date.today()).year
        if annotation is float:
            return 0.0
        if annotation is dt.date:
            return (today or dt.date.today()).isoformat()
    return f"{PLACEHOLDER}: {info.description}" if info is not None and info.description else PLACEHOLDER


def _minimum(info: FieldInfo | None) -> int | None:
    for item in (info.metadata if info else []):
        if getattr(item, "ge", None) is not None and item.ge > 1:
            return None  # a year-like bound: use the current year
        if getattr(item, "ge", None) is not None:
            return item.ge
    return None


def _dump(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100).rstrip()


def scaffold_fields(model: type[BaseModel], values: dict[str, Any], today: dt.date | None = None) -> str:
    """YAML for `model`: given values, required placeholders, optional fields commented."""
    lines: list[str] = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key in values:
            lines.append(_dump({key: values[key]}))
        elif info.is_required():
            if info.description:
                lines.append(f"# {info.description}")
            lines.append(_dump({key: example(info.annotation, info, today)}))
        else:
            note = f"  # {info.description}" if info.description else ""
            sample = _dump({key: example(info.annotation, None, today)}).splitlines()
            lines.append(f"# {sample[0]}{note}")
            lines.extend(f"# {line}" for line in sample[1:])
    return "\n".join(lines) + "\n"


BODY = """
## Context

What problem did the municipality face, and who was affected?

## What was done

The steps, who took them, and how long they took.

## How others can use it

What a municipality needs to start, and what to watch out for.
"""

KINDS: dict[str, type[BaseModel]] = {"practice": Practice, "network": Network, "results": Results}


# For VS Code's YAML extension: the schema, relative to the new file. Front matter in a
# practice's .md file cannot carry it (the extension reads .yml files only).
SCHEMA_LINES = {
    "network": "# yaml-language-server: $schema=../schemas/network.json\n",
    "results": "# yaml-language-server: $schema=../../schemas/results.json\n",
}


def scaffold(kind: str, values: dict[str, Any], today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    values = {"last_verified": today.isoformat(), **values}
    text = scaffold_fields(KINDS[kind], values, today)
    if kind == "practice":
        return f"---\n{text}---\n{BODY}"
    return SCHEMA_LINES.get(kind, "") + text
