"""A template's fillable PDF (downloads/templates/<id>-fillable.pdf), filled in: its AcroForm fields, read with pypdf.

Field names are filled.pdf_field_name's: header.<key>, <table>.<row>.<column> (rows from 0, in the order
the form shows them), checklist.<index>. The template id and version are in the document information
as /PortalTemplate and /PortalTemplateVersion (or the template mark in /Subject).
"""

from __future__ import annotations

import io

from ..models.filled import GROUP_KEY
from ..models.template import Template
from .intake import Unreadable
from .reading import Reading

ID_KEY, VERSION_KEY = "/PortalTemplate", "/PortalTemplateVersion"
OFF = {"", "/Off", "Off", "/No", "No"}


def read(data: bytes, file: str) -> tuple[Reading, dict[str, str]]:
    """The identity the PDF gives, and its fields by name."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("the PDF is protected with a password", "save it again without a password, then import it")
        info = reader.metadata or {}
        fields = reader.get_fields() or {}
    except Unreadable:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        raise Unreadable(f"the PDF is damaged ({type(error).__name__})", "save the form again as PDF") from None
    if not fields:
        raise Unreadable("this PDF has no form fields: it is a printable form, not the fillable one",
                         "fill in the template's fillable PDF (<id>-fillable.pdf) on screen, or type the answers "
                         "into its Excel, Word or OpenDocument download, and import that")
    values = {}
    for name, field in fields.items():
        value = field.get("/V")
        values[name] = "" if value is None else str(value)
    reading = Reading(file=file, mark=str(info.get("/Subject") or ""), title=str(info.get("/Title") or ""),
                      template_id=str(info.get(ID_KEY) or ""), version=str(info.get(VERSION_KEY) or ""))
    return reading, values


def filled_parts(values: dict[str, str], template: Template):
    """(header, tables, checklist) of a FilledTemplate from the PDF's fields; rows keep their group."""
    header = {key.split(".", 1)[1]: text.strip() for key, text in values.items()
              if key.startswith("header.") and text.strip()}
    tables = {}
    for table in template.tables:
        shown = _shown_rows(table)
        rows = []
        for index, (group, prefilled) in enumerate(shown):
            row = dict(prefilled)
            for column in table.columns:
                text = values.get(f"{table.key}.{index}.{column.key}", "").strip()
                if text:
                    row[column.key] = text
            answered = any(values.get(f"{table.key}.{index}.{c.key}", "").strip() for c in table.columns)
            if answered:
                if group:
                    row[GROUP_KEY] = group
                rows.append(row)
        if rows:
            tables[table.key] = rows
    checklist = {}
    if template.checklist:
        for index, item in enumerate(template.checklist.items):
            checklist[item.title] = values.get(f"checklist.{index}", "") not in OFF
    return header, tables, checklist


def _shown_rows(table) -> list[tuple[str | None, dict[str, str]]]:
    """(group title, pre-filled cells) of each row in the order the form shows them, blank rows included."""
    if table.groups:
        return [(group.title, dict(row)) for group in table.groups
                for row in [*group.rows, *({} for _ in range(group.blank_rows))]]
    return [(None, dict(row)) for row in [*table.rows, *({} for _ in range(table.blank_rows))]]
