"""Placeholders that `portal new` writes, and the check that refuses them until they are filled.

A scaffold must not pass `portal check` untouched: every value it cannot know is written as
'FILL IN: what to write', and the check names each one left ("still a placeholder: fill in
`summary`") instead of the model's complaint about the odd value (an id with spaces, a year
that is text), which would send the editor after the wrong thing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from .load import RawRecord
from .problems import Problem, field_name
from .repository import repository_warnings

MARKER = "FILL IN"


def placeholder(what: str = "") -> str:
    """The text written where the editor has to put a value: 'FILL IN: two or three sentences'."""
    return f"{MARKER}: {what}" if what else MARKER


def is_placeholder(value: Any) -> bool:
    return isinstance(value, str) and (value.strip() == MARKER or value.lstrip().startswith(MARKER + ":"))


def review(root: Path, records: list[RawRecord], problems: list[Problem]) -> list[Problem]:
    """`problems` with one plain problem per placeholder left (replacing the others about that value),
    and the warnings about a configuration still pointing at the shipped portal."""
    found = [problem for record in records for problem in _placeholder_problems(record)]
    if found:
        filled_in = {(p.file, p.field) for p in found}
        problems = [p for p in problems if not _about(p, filled_in)]
    return problems + found + repository_warnings(root)


def _holds_marker(data: Any) -> bool:
    """A quick first pass over every value of every record, building no locations."""
    stack = [data]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is str:
            if MARKER in value:
                return True
        elif kind is dict:
            stack.extend(value.values())
        elif kind is list:
            stack.extend(value)
    return False


def _placeholder_problems(record: RawRecord) -> Iterator[Problem]:
    if not _holds_marker(record.data):
        return
    for location, value in _texts_with_marker(record.data):
        if is_placeholder(value):
            position = record.position(location)
            field = field_name(location)
            what = value.strip()[len(MARKER):].lstrip(":").strip()
            yield Problem(record.file, position.line, position.column, field,
                          f"still a placeholder: fill in `{field}`", what)


def _texts_with_marker(data: Any) -> Iterator[tuple[tuple, str]]:
    """Every text that holds the marker, with its location."""
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        location, value = stack.pop()
        kind = type(value)
        if kind is str:
            if MARKER in value:
                yield location, value
        elif kind is dict:
            stack.extend(((*location, key), item) for key, item in value.items())
        elif kind is list:
            stack.extend(((*location, index), item) for index, item in enumerate(value))



def _about(problem: Problem, placeholders: set[tuple[str, str]]) -> bool:
    """A problem about a placeholder's value (its type, pattern, unknown id) says nothing new."""
    return any(problem.file == file and (problem.field == field or problem.field.startswith((field + ".", field + "[")))
               for file, field in placeholders)
