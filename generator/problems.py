"""Problems found in the input, reported all at once as `file:line:column: field: message (hint)`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.error

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        prefix = "warning: " if self.severity is Severity.warning else ""
        return f"{self.file}:{self.line}:{self.column}:{field} {prefix}{self.message}{hint}"

    def github(self) -> str:
        """A GitHub Actions workflow command: the problem shows on the pull request's line."""
        text = f"{self.field}: {self.message}" if self.field else self.message
        if self.hint:
            text += f" ({self.hint})"
        # Workflow commands need %, CR and LF escaped in the message, and also , and : in properties.
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        file = self.file.replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        return f"::{self.severity.value} file={file},line={self.line},col={self.column}::{text}"

    def as_dict(self) -> dict:
        return {
            "file": self.file, "line": self.line, "column": self.column, "field": self.field,
            "message": self.message, "hint": self.hint, "severity": self.severity.value,
        }


def field_name(location: tuple) -> str:
    """A field's place in a record as editors read it: `sources[0].title`."""
    name = ""
    for part in location:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.error]


def format_problems(problems: list[Problem], style: str = "text") -> str:
    ordered = sorted(problems)
    if style == "github":
        return "\n".join(p.github() for p in ordered)
    if style == "json":
        return json.dumps([p.as_dict() for p in ordered], indent=2, ensure_ascii=False)
    return "\n".join(str(p) for p in ordered)
