"""A template's CSV download (the layout of generator/render/form_csv.py), filled in."""

from __future__ import annotations

import csv
import io

from ..render.form_csv import CHECKLIST, FIELDS, FORM, TABLE, TEMPLATE
from .intake import Unreadable
from .reading import Cell, Reading, ReadTable

DONE_WORDS = {"", "no", "n", "false", "0", "-", "not done", "☐"}


def read(data: bytes, file: str) -> Reading:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # Excel on Windows saves "CSV" in the local code page
        except UnicodeDecodeError:
            raise Unreadable("the file is not text in UTF-8", "save it again as CSV UTF-8") from None
    if "\0" in text:
        raise Unreadable("the file is not a CSV file (it holds binary data)", "save the form again as CSV")
    reading = Reading(file=file, fields=[])
    block: list[tuple[int, list[str]]] = []
    try:
        rows = csv.reader(io.StringIO(text, newline=""))
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row):
                _block(reading, block)
                block = []
                continue
            block.append((line, [_unquote(cell) for cell in row]))
    except csv.Error as error:
        raise Unreadable(f"the CSV file is damaged ({error})", "save the form again as CSV") from None
    _block(reading, block)
    if not reading.template_id and not reading.title:
        raise Unreadable("this is not a template of this portal filled in: its first row is not 'Form,...'",
                         "download the CSV from the portal's Templates page, fill that in, and import it")
    return reading


def _unquote(cell: str) -> str:
    # form_csv writes an apostrophe before text a spreadsheet would run as a formula.
    return cell[1:] if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@") else cell


def _block(reading: Reading, block: list[tuple[int, list[str]]]) -> None:
    if not block:
        return
    (_, first), rest = block[0], block[1:]
    marker = first[0].strip()
    if marker == FORM and len(first) >= 2:
        reading.template_id = reading.template_id or first[1].strip()
        reading.title = first[2].strip() if len(first) > 2 else ""
    elif marker == TEMPLATE and len(first) >= 3:
        reading.template_id, reading.version = first[1].strip(), first[2].strip()
    elif marker == FIELDS:
        for number, row in rest[1:]:
            row = row + [""] * (2 - len(row))
            reading.fields.append(tuple(_cells(number, row[:2])))
    elif marker == TABLE and len(first) >= 2:
        reading.tables.append(ReadTable(heading=first[2] if len(first) > 2 else first[1], key=first[1].strip(),
                                        rows=[_cells(number, row) for number, row in rest]))
    elif marker == CHECKLIST:
        for _, row in rest[1:]:
            done = row[2].strip().casefold() if len(row) > 2 else ""
            reading.checklist.append((row[0], done not in DONE_WORDS))


def _cells(number: int, row: list[str]) -> list[Cell]:
    return [Cell(text, number, column, f"row {number}, column {column}") for column, text in enumerate(row, start=1)]
