"""The JSON that the template pages export: a FilledTemplate (generator/models/filled.py) as it is."""

from __future__ import annotations

import json

from pydantic import ValidationError

from ..models.filled import FORMAT, FilledTemplate
from .intake import Unreadable


def read(data: bytes, file: str) -> FilledTemplate:
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        where = f" at line {error.lineno}, column {error.colno}" if isinstance(error, json.JSONDecodeError) else ""
        raise Unreadable(f"the JSON file is damaged{where}", "export the form again from its page") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise Unreadable("this is not a template of this portal filled in: its JSON has no "
                         f"\"format\": \"{FORMAT}\"", "export the form from its page on the portal, then import it")
    try:
        return FilledTemplate.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise Unreadable(f"the JSON file does not have the shape of a filled template: {where}: {first['msg']}",
                         "export the form again from its page") from None
