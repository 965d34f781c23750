"""Any file portal import reads, as the FilledTemplate it holds and the template it was made from."""

from __future__ import annotations

from ..models.filled import FilledTemplate, template_version
from ..models.template import Template
from ..problems import Problem
from . import csv_reader, docx_reader, json_reader, odt_reader, pdf_reader, xlsx_reader
from .identify import find_template, parse_mark
from .reading import Cell, check_filled, to_filled

LAID_OUT = {"csv": csv_reader, "xlsx": xlsx_reader, "odt": odt_reader, "docx": docx_reader}


def read_filled(kind: str, data: bytes, file: str, templates: dict[str, Template],
                versions: dict[str, str] | None = None) -> tuple[FilledTemplate, Template, list[Problem], dict[str, Cell]]:
    """The filled template, its template, the problems found, and where each field and cell is in the file
    (by the field name problems use, e.g. header.goal). `versions`: as find_template takes it. Raises
    intake.Unreadable for a file that is no filled template of this portal."""
    if kind == "json":
        filled = json_reader.read(data, file)
        _, template, problems = find_template(file, templates, filled.template, filled.template_version,
                                              versions=versions)
        return filled, template, problems + check_filled(file, filled, template), {}
    if kind == "pdf":
        reading, values = pdf_reader.read(data, file)
    else:
        reading = LAID_OUT[kind].read(data, file)
    marked_id, marked_version = parse_mark(reading.mark)
    template_id, template, problems = find_template(
        file, templates, reading.template_id or marked_id, reading.version or marked_version, reading.title,
        versions)
    version = (versions or {}).get(template_id) or template_version(template)
    if kind == "pdf":
        header, tables, checklist = pdf_reader.filled_parts(values, template)
        filled = FilledTemplate(template=template_id, template_version=version, header=header, tables=tables,
                                checklist=checklist)
        return filled, template, problems + check_filled(file, filled, template), {}
    filled, more, where = to_filled(reading, template_id, template, version)
    return filled, template, problems + more, where
