"""A filled-in template: what a person wrote into one of the portal's forms.

Every way of filling a form in (its web page, the CAF tool, the fillable PDF, the office
downloads) ends in this one shape, and `portal import` reads it back into a record. It is
also the JSON that the web pages export, so the web form, the PDF field names and the
importer all take their names from here:

- header fields by their key (`municipality`, `date`, `prepared-by`, `version`, and the
  template's own fields);
- each table's rows as a list of {column key: text}, with the row's group title under
  `group` when the table has groups;
- the checklist as {item title: done}.

`template_version` names the shape of a template (its field, table and column keys), so
a form filled in from an older or newer shape is recognised instead of misread.
"""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import Field

from .common import Id, Record
from .template import Template

FORMAT = "good-practice-portal/filled-template"
GROUP_KEY = "group"  # the row's group title, in tables that have groups


class FilledTemplate(Record):
    """What a person wrote into a form, by the keys of its template."""

    format: Literal["good-practice-portal/filled-template"] = FORMAT
    template: Id = Field(description="Id of the template (its file name), e.g. action-plan.")
    template_version: str = Field(pattern=r"^[0-9a-f]{12}$", description="template_version() of the template filled in.")
    header: dict[str, str] = Field(default_factory=dict, description="Header field key -> what was written.")
    tables: dict[str, list[dict[str, str]]] = Field(
        default_factory=dict, description="Table key -> rows, each {column key: text} (and 'group' where grouped).")
    checklist: dict[str, bool] = Field(default_factory=dict, description="Checklist item title -> done.")


def template_version(template: Template) -> str:
    """Twelve hex digits that change whenever a field, table or column key of the template changes."""
    shape = {
        "header": [field.key for field in template.all_header_fields()],
        "tables": {table.key: [column.key for column in table.columns] for table in template.tables},
        "checklist": [item.title for item in template.checklist.items] if template.checklist else [],
    }
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:12]


def pdf_field_name(*parts: str | int) -> str:
    """The name of a fillable-PDF field, e.g. header.municipality or assessment.3.score.

    Rows count from 0 in the order the form shows them; checklist items are
    checklist.<index>. Keys are ids (letters, digits, hyphens), so a dot never occurs in one.
    """
    return ".".join(str(part) for part in parts)
