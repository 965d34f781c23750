"""A template's Excel download (generator/render/workbook.py), filled in: read with openpyxl."""

from __future__ import annotations

import datetime as dt
import io
import warnings

from openpyxl.utils import get_column_letter

from .csv_reader import DONE_WORDS
from .intake import Unreadable
from .reading import Cell, Reading, ReadTable

OVERVIEW, CHECKLIST, CHOICES = "Overview", "Checklist", "Choices"
MAX_ROWS, MAX_COLUMNS = 5_000, 40  # a form's sheet; a sheet claiming a million rows is not read to its end


def read(data: bytes, file: str) -> Reading:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about data validations it does not keep
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged package
        raise Unreadable(f"the Excel file is damaged ({type(error).__name__})",
                         "open it in Excel or LibreOffice and save it again as .xlsx") from None
    reading = Reading(file=file, fields=[], mark=workbook.properties.identifier or "",
                      title=workbook.properties.title or "")
    for sheet in workbook.worksheets:
        rows = _rows(sheet)
        if sheet.title == OVERVIEW:
            for row in rows[1:]:
                if len(row) >= 2:
                    if row[0].text == "Title":
                        reading.title = reading.title or row[1].text
                    reading.fields.append((row[0], row[1]))
        elif sheet.title == CHECKLIST:
            reading.checklist = [(row[0].text, row[2].text.strip().casefold() not in DONE_WORDS)
                                 for row in rows[1:] if len(row) >= 3]
        elif sheet.title != CHOICES:
            reading.tables.append(ReadTable(heading=sheet.title, rows=rows))
    workbook.close()
    return reading


def _rows(sheet) -> list[list[Cell]]:
    rows = []
    for number, values in enumerate(sheet.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True), start=1):
        cells = [Cell(_text(value), number, column, f"sheet '{sheet.title}', cell {get_column_letter(column)}{number}")
                 for column, value in enumerate(values, start=1)]
        rows.append(cells)
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
