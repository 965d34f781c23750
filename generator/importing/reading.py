"""What an office file or CSV shows, by its labels and headings, and how that becomes a FilledTemplate.

The CSV, XLSX, ODT and DOCX readers only find the form's parts (the fields, each table with
its heading row, the checklist) and where each cell is; matching labels and headings to the
template's keys, and checking each cell against its column, is done once, here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import i18n
from ..languages import TRANSLATIONS
from ..models.filled import GROUP_KEY, FilledTemplate
from ..models.template import Column, Template
from ..problems import Problem, Severity
from ..render.forms import Form, from_template


@dataclass(frozen=True)
class Cell:
    text: str
    line: int = 0  # row (spreadsheet, CSV) or table row (documents), from 1
    column: int = 0
    place: str = ""  # where a person finds it, e.g. "sheet 'Activities', cell C4"


@dataclass
class ReadTable:
    heading: str  # the table's key (CSV) or title (sheet name, heading above a document's table)
    rows: list[list[Cell]]  # the heading row first
    group_rows: set[int] = field(default_factory=set)  # documents: indexes of rows that are a group's title
    key: str = ""  # CSV names its tables by key


@dataclass
class Reading:
    file: str
    mark: str = ""  # the template mark of office.template_mark, where the file kept it
    template_id: str = ""
    version: str = ""
    title: str = ""
    fields: list[tuple[Cell, Cell]] | None = None  # None: the first table that is no template table holds them
    tables: list[ReadTable] = field(default_factory=list)
    checklist: list[tuple[str, bool]] = field(default_factory=list)


def label_key(text: str) -> str:
    """Labels and headings compared as a person reads them: case, spaces and a trailing colon aside."""
    return re.sub(r"\s+", " ", text).strip().rstrip(":").strip().casefold()


def to_filled(reading: Reading, template_id: str, template: Template,
              version: str) -> tuple[FilledTemplate, list[Problem], dict[str, Cell]]:
    """The FilledTemplate, the problems found, and where each header field and cell was (by its problem field name)."""
    form = from_template(template_id, template)
    problems: list[Problem] = []
    where: dict[str, Cell] = {}
    tables = list(reading.tables)
    fields = reading.fields
    titles = {label_key(t.title) for t in template.tables} | {t.key for t in template.tables}
    if fields is None:
        first = next((t for t in tables if label_key(t.heading) not in titles and t.key not in titles), None)
        fields = [(row[0], row[1]) for row in first.rows if len(row) >= 2] if first else []
        if first:
            tables.remove(first)
    header = _header(reading.file, form, fields, problems, where)
    filled_tables = {}
    for model in template.tables:
        found = _find_table(tables, model.key, model.title)
        if found is None:
            problems.append(Problem(reading.file, 0, 0, model.key, f"the table '{model.title}' is missing",
                                    "import the whole form as the portal made it; leave a table empty, do not delete it"))
            continue
        rows = _rows(reading.file, found, model, problems, where)
        if rows:
            filled_tables[model.key] = rows
    checklist = {}
    if template.checklist:
        known = {label_key(item.title): item.title for item in template.checklist.items}
        for title, done in reading.checklist:
            if label_key(title) in known:
                checklist[known[label_key(title)]] = done
    filled = FilledTemplate(template=template_id, template_version=version, header=header,
                            tables=filled_tables, checklist=checklist)
    return filled, problems, where


def _header(file: str, form: Form, fields: list[tuple[Cell, Cell]], problems: list[Problem],
            where: dict[str, Cell]) -> dict[str, str]:
    by_label = {label_key(f.label): f.key for f in form.fields}
    for language in TRANSLATIONS:  # a download in another language labels the standard header in it
        gettext = i18n.translations(language).gettext
        for f in form.header_fields():
            by_label.setdefault(label_key(gettext(f.label)), f.key)
    header = {}
    for label, value in fields:
        key = by_label.get(label_key(label.text.split("\n")[0]))
        if key:
            where[f"header.{key}"] = value
        if key and value.text.strip():
            header[key] = value.text.strip()
    seen = {by_label.get(label_key(label.text.split("\n")[0])) for label, _ in fields}
    for f in form.fields:
        if f.key not in seen:
            problems.append(Problem(file, 0, 0, f"header.{f.key}", f"the field '{f.label}' is missing from the form",
                                    "it is read as empty; keep every field of the form, even when you leave it empty",
                                    Severity.warning))
    return header


def _find_table(tables: list[ReadTable], key: str, title: str) -> ReadTable | None:
    from ..render.workbook import _sheet_title

    wanted = {key, label_key(title), label_key(_sheet_title(title, set()))}
    return next((t for t in tables if t.key == key or label_key(t.heading) in wanted), None)


def _rows(file: str, found: ReadTable, model, problems: list[Problem], where: dict[str, Cell]) -> list[dict[str, str]]:
    if not found.rows:
        return []
    heading_row = found.rows[0]
    headings = [label_key(cell.text.split("\n")[0]) for cell in heading_row]
    grouped = bool(model.groups) and not found.group_rows
    offset = 1 if grouped else 0
    columns: dict[int, Column] = {}
    for column in model.columns:
        name = label_key(column.name)
        if name in headings[offset:]:
            columns[headings.index(name, offset)] = column
        else:
            problems.append(Problem(file, heading_row[0].line, 0, f"{model.key}.{column.key}",
                                    f"the table '{model.title}' has no column '{column.name}'",
                                    "keep every column of the form as the portal made it (and its heading)"))
    rows, group = [], None
    for index, cells in enumerate(found.rows[1:], start=1):
        if index in found.group_rows:
            group = cells[0].text.strip() if cells else None
            continue
        row = {column.key: cells[i].text.strip() for i, column in columns.items()
               if i < len(cells) and cells[i].text.strip()}
        if not row:
            continue
        for i, column in columns.items():
            if i < len(cells):
                where[f"{model.key}[{len(rows)}].{column.key}"] = cells[i]
            if column.key in row:
                _check_cell(file, cells[i], f"{model.key}[{len(rows)}].{column.key}", column, problems)
        if grouped and cells and cells[0].text.strip():
            row[GROUP_KEY] = cells[0].text.strip()
        elif group and model.groups:
            row[GROUP_KEY] = group
        rows.append(row)
    return rows


def _check_cell(file: str, cell: Cell, field_name: str, column: Column, problems: list[Problem]) -> None:
    """The answers a column accepts (choices, minimum, maximum), as the spreadsheet download checks them."""
    where = f"{cell.place}: " if cell.place else ""
    text = cell.text.strip()
    if column.choices and label_key(text) not in {label_key(c) for c in column.choices}:
        problems.append(Problem(file, cell.line, cell.column, field_name,
                                f"{where}'{text}' is not one of the answers this column takes",
                                "write one of: " + ", ".join(column.choices)))
    if column.minimum is None and column.maximum is None:
        return
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        number = None
    low = f"{column.minimum:g}" if column.minimum is not None else "any"
    high = f"{column.maximum:g}" if column.maximum is not None else "any"
    if number is None or number != number:
        problems.append(Problem(file, cell.line, cell.column, field_name, f"{where}'{text}' is not a number",
                                f"write a number from {low} to {high}"))
    elif (column.minimum is not None and number < column.minimum) or (column.maximum is not None and number > column.maximum):
        problems.append(Problem(file, cell.line, cell.column, field_name,
                                f"{where}{text} is outside this column's range", f"write a number from {low} to {high}"))


def check_filled(file: str, filled: FilledTemplate, template: Template) -> list[Problem]:
    """A FilledTemplate read from JSON or a PDF form, against its template: known keys, answers in range."""
    problems = []
    known_fields = {f.key for f in template.all_header_fields()}
    for key in sorted(set(filled.header) - known_fields):
        problems.append(Problem(file, 0, 0, f"header.{key}", f"the template '{filled.template}' has no field '{key}'",
                                "it is left out", Severity.warning))
    models = {t.key: t for t in template.tables}
    for key, rows in filled.tables.items():
        model = models.get(key)
        if model is None:
            problems.append(Problem(file, 0, 0, key, f"the template '{filled.template}' has no table '{key}'",
                                    "it is left out", Severity.warning))
            continue
        columns = {c.key: c for c in model.columns}
        for number, row in enumerate(rows):
            for column_key, text in row.items():
                column = columns.get(column_key)
                if column is not None and text.strip():
                    _check_cell(file, Cell(text, number + 1), f"{key}[{number}].{column_key}", column, problems)
                elif column is None and column_key != GROUP_KEY:
                    problems.append(Problem(file, 0, 0, f"{key}[{number}].{column_key}",
                                            f"the table '{model.title}' has no column '{column_key}'",
                                            "it is left out", Severity.warning))
    return problems
