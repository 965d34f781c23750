"""Write a `Form` as an Excel workbook (openpyxl) that prints and fills in well in Excel and LibreOffice.

An overview sheet (title, header fields, source), one sheet per table (the group, if any,
as a first column) and the checklist. Each sheet has its columns' widths, rows tall
enough for their text (neither Excel nor LibreOffice grows a row for wrapped text when it
opens a file), a frozen heading row, and prints on A4 in the form's orientation, fitted
to the page width, with the heading row on every page. A column that accepts only some
answers (answers.AnswerColumn) gets a data validation: a list of choices, kept on a
hidden sheet, or a number range.
"""

from __future__ import annotations

import io
import math
import zipfile

from .answers import AnswerColumn, accepts_something
from .forms import Form
from .office import GENERATOR, _normalise_zip, _timestamp, looks_like_formula, template_mark

POINTS_PER_LINE = 13.0  # a 10-11 pt line of text in a wrapped cell
WRITING_ROOM_LINES = 2  # a row of a blank form leaves room for two lines of answer
FIRST_VALIDATED, LAST_VALIDATED = 2, 1000  # rows a validation covers: room to add rows
CHOICES_SHEET = "Choices"


def xlsx_bytes(form: Form) -> bytes:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    _ = form.gettext
    workbook = Workbook()
    overview = workbook.active
    overview.title = "Overview"  # sheet names stay as they are in every language: portal import finds sheets by them
    _write_rows(overview, [_("Field"), _("Value")], _overview_rows(form), [24, 90], form, room=False)
    for row_number, f in enumerate(form.fields, start=3):
        if not form.filled:  # the room the template asks for, under the label
            room = _row_height([f.label], [24], lines_to_add=max(1, f.lines))
            overview.row_dimensions[row_number].height = room
    used = {"Overview"}
    if any(accepts_something(c) and c.choices for table in form.tables for c in table.columns):
        used.add(CHOICES_SHEET)  # its name is in the validations' formulas: no table may take it
    choices: list[tuple[str, list[str]]] = []
    for table in form.tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        widths = [max(8.0, c.width * 9.0) for c in table.columns]
        _write_rows(sheet, table.flat_header(_), table.flat_rows(), [20.0, *widths] if table.grouped else widths, form)
        first = 2 if table.grouped else 1
        for offset, column in enumerate(table.columns):
            if accepts_something(column):
                _validate(sheet, first + offset, column, choices, _)
    if form.checklist:
        sheet = workbook.create_sheet(_sheet_title("Checklist", used))
        _write_rows(sheet, [_("Step"), _("What to do"), _("Done")],
                    [[item.title, item.description, ""] for item in form.checklist], [30, 70, 8], form)
    if choices:
        _choices_sheet(workbook.create_sheet(CHOICES_SHEET), choices)

    workbook.properties.creator = GENERATOR
    workbook.properties.title = form.title
    workbook.properties.identifier = template_mark(form) or None  # read back by portal import
    stamp = _timestamp(form).replace(tzinfo=None)
    workbook.properties.created = workbook.properties.modified = stamp
    buffer = io.BytesIO()
    # ExcelWriter directly: openpyxl's save() would stamp the current time as "modified".
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _normalise_zip(buffer.getvalue(), form)


def _overview_rows(form: Form) -> list[list[str]]:
    _ = form.gettext
    return [[_("Title"), form.title], *[[f.label, f.value] for f in form.fields],
            [_("Source"), form.source_line()], [_("Last verified"), form.date.isoformat()]]


def _write_rows(sheet, header: list[str], rows: list[list[str]], widths: list[float], form: Form,
                room: bool = True) -> None:
    """Heading and rows with borders and wrapped text; in a blank form, `room` leaves space to write."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append(header)
    for row in rows:
        sheet.append([value if value != "" else None for value in row])  # empty cells, not empty text
    for cells in sheet.iter_rows(max_col=len(header)):
        for cell in cells:
            cell.alignment, cell.border = wrap, border
            _keep_as_text(cell)
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDE3F0")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    for row_number, row in enumerate([header, *rows], start=1):
        to_add = WRITING_ROOM_LINES if room and not form.filled and row_number > 1 else 0
        sheet.row_dimensions[row_number].height = _row_height(row, widths, bold=row_number == 1, lines_to_add=to_add)
    sheet.freeze_panes = "A2"
    _print_setup(sheet, form)


def _row_height(row: list[str], widths: list[float], bold: bool = False, lines_to_add: int = 0) -> float:
    """Points for a row whose cells wrap: the tallest cell's lines, at about one character per width unit,
    and `lines_to_add` empty lines to write in."""
    lines = 1
    for value, width in zip(row, widths):
        per_line = max(1.0, width * (0.9 if bold else 1.0) - 1)
        lines = max(lines, sum(max(1, math.ceil(len(part) / per_line)) for part in str(value or "").split("\n")))
    if lines_to_add:
        lines = lines + lines_to_add if any(row) else max(lines, lines_to_add)
    return round(lines * POINTS_PER_LINE + 4, 1)


def _print_setup(sheet, form: Form) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if form.landscape else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0  # one page wide, as many long as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"  # the heading row on every printed page
    margins = sheet.page_margins
    margins.left = margins.right = 0.6  # inches
    margins.top = margins.bottom = 0.9  # room for the header and footer lines
    margins.header = margins.footer = 0.3
    # Excel allows 255 characters for a whole footer: the source is cut, the rest always fits.
    _ = form.gettext
    parts = [(sheet.oddHeader.center, form.title, 100),
             (sheet.oddFooter.center, _("Source: {source}").format(source=form.source_line()), 140),
             (sheet.oddFooter.left, _("Last verified {date}").format(date=form.date.isoformat()), 40)]
    for part, text, limit in parts:
        part.text, part.size = _excel_footer(text, limit), 8
    sheet.oddFooter.right.text, sheet.oddFooter.right.size = "&P / &N", 8  # page n of m


def _validate(sheet, column_number: int, column: AnswerColumn, choices: list[tuple[str, list[str]]],
              _=str) -> None:
    """A data validation on the column's cells below the heading: a choice from a list, or a number in range."""
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    if column.choices:
        choices_column = get_column_letter(len(choices) + 1)
        choices.append((column.name, column.choices))
        source = f"{quote_sheetname(CHOICES_SHEET)}!${choices_column}$2:${choices_column}${len(column.choices) + 1}"
        rule = DataValidation(type="list", formula1=source, allow_blank=True)
        told = _("one of: {choices}").format(choices=", ".join(column.choices))
    else:
        bounds = {"minimum": column.minimum, "maximum": column.maximum}
        operator = ("between" if None not in bounds.values() else
                    "greaterThanOrEqual" if column.minimum is not None else "lessThanOrEqual")
        numbers = [f"{b:g}" for b in bounds.values() if b is not None]
        rule = DataValidation(type="whole" if column.whole_numbers else "decimal", operator=operator,
                              formula1=numbers[0], formula2=numbers[1] if len(numbers) > 1 else None,
                              allow_blank=True)
        told = column.range_text(_)
    # Excel refuses a file whose titles pass 32 characters or whose messages pass 255.
    rule.promptTitle = rule.errorTitle = _cut(column.name, 32)
    rule.prompt = _cut(_("Write {range}.").format(range=told), 255)
    rule.error = _cut(_("This column takes {answer}.").format(answer=told), 255)
    rule.showInputMessage = rule.showErrorMessage = True
    rule.errorStyle = "stop"
    letter = get_column_letter(column_number)
    rule.add(f"{letter}{FIRST_VALIDATED}:{letter}{LAST_VALIDATED}")
    sheet.add_data_validation(rule)


def _choices_sheet(sheet, choices: list[tuple[str, list[str]]]) -> None:
    """The lists that validations offer, one column each under the column's heading; hidden from print."""
    for number, (name, values) in enumerate(choices, start=1):
        for row, value in enumerate([name, *values], start=1):
            _keep_as_text(sheet.cell(row, number, value))
    sheet.sheet_state = "hidden"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _excel_footer(text: str, limit: int = 250) -> str:
    """Text for an Excel footer: "&" starts a code there ("R&D" would print the date), "&&" is an "&"."""
    escaped = ""
    for ch in text:
        piece = "&&" if ch == "&" else ch
        if len(escaped) + len(piece) > limit:
            break
        escaped += piece
    return escaped


def _keep_as_text(cell) -> None:
    """Text stays text: openpyxl makes a string starting with "=" a formula and "#N/A" an error."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        # Excel's leading apostrophe: the cell stays text when someone edits it.
        cell.quotePrefix = looks_like_formula(cell.value)


def _sheet_title(title: str, used: set[str]) -> str:
    """A name Excel accepts: at most 31 UTF-16 units, no []:*?/\\, no apostrophe at either end,
    not 'History' (reserved), unique whatever the case."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)
    clean = _utf16_prefix(clean, 31).strip().strip("'").strip() or "Sheet"
    if clean.casefold() == "history":
        clean = "History table"
    candidate, number = clean, 2
    while candidate.casefold() in {name.casefold() for name in used}:
        candidate = f"{_utf16_prefix(clean, 26).rstrip()} ({number})"
        number += 1
    used.add(candidate)
    return candidate


def _utf16_prefix(text: str, units: int) -> str:
    """The longest start of `text` that is at most `units` UTF-16 code units (an emoji takes two)."""
    total = 0
    for index, char in enumerate(text):
        total += 2 if ord(char) > 0xFFFF else 1
        if total > units:
            return text[:index]
    return text

