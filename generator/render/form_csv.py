"""A form as one CSV file that a person can fill in and a program can read back.

Layout (UTF-8 with a byte-order mark so that Excel reads accents right, CRLF line ends).
The file is a series of blocks, each starting with a marker row whose first cell is
one of the words below, and blocks are separated by an empty row:

    Form,<form name>,<title>            the form's name is the template id or the plan's file name
    Source,<sources>
    Last verified,<YYYY-MM-DD>

    Fields                              only when the form has header fields
    Field,Value,Hint                    the header row, always these three words
    <label>,<value>,<hint>              one row per header field, in the form's order

    Table,<table key>,<table title>     one block per table, in the form's order
    [<group heading>,]<column>,...      the column headings; a grouped table has its group first
    <cells>                             one row per table row

    Checklist,,<checklist title>        only when the form has a checklist
    Step,What to do,Done
    <step>,<description>,<anything written as done>

    Template,<template id>,<version>    last, only in a blank template: what portal import checks

A reader goes row by row: a row whose first cell is Form, Fields, Table or Checklist (and
whose block this is the first row of) starts a block; the row after Fields, Table or
Checklist is its header row. A row whose cells are all empty holds nothing: none is
written inside a block, and a reader skips them, so spreadsheets that pad rows with
empty cells, or a person who leaves an empty row, change nothing. A table row that has
only its group heading is a row left to fill in under that group; left empty, it holds
nothing either. A person adds rows at the end of a table's block. Fields and
columns are matched by their label and heading, which are the template's. Text that a
spreadsheet would run as a formula starts with an apostrophe (see office.csv_value).
"""

from __future__ import annotations

import csv
import io

from .forms import Form, FormTable
from .office import csv_value

from ..i18n import N_

# The markers stay these words in every language (a reader finds the blocks by them); the rows
# under them, header rows included, are in the form's language.
FORM, FIELDS, TABLE, CHECKLIST, TEMPLATE = "Form", "Fields", "Table", "Checklist", "Template"
FIELDS_HEADER = [N_("Field"), N_("Value"), N_("Hint")]
CHECKLIST_HEADER = [N_("Step"), N_("What to do"), N_("Done")]


def form_csv(form: Form) -> bytes:
    """The whole form, every field and table, as one CSV file."""
    _ = form.gettext
    blocks = [[[FORM, form.name, form.title], [_("Source"), form.source_line()],
               [_("Last verified"), form.date.isoformat()]]]
    if form.fields:
        blocks.append([[FIELDS], list(map(_, FIELDS_HEADER)),
                       *([f.label, f.value, "" if form.filled else f.hint] for f in form.fields)])
    blocks.extend(_table_block(table, _) for table in form.tables)
    if form.checklist:
        blocks.append([[CHECKLIST, "", form.checklist_title], list(map(_, CHECKLIST_HEADER)),
                       *([item.title, item.description, ""] for item in form.checklist)])
    if form.template_version:
        blocks.append([[TEMPLATE, form.name, form.template_version]])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for number, block in enumerate(blocks):
        if number:
            writer.writerow([])
        writer.writerows([csv_value(value) for value in row] for row in block)
    return buffer.getvalue().encode("utf-8-sig")


def _table_block(table: FormTable, gettext) -> list[list[str]]:
    rows = [row for row in table.flat_rows() if any(row)]
    return [[TABLE, table.key, table.title], table.flat_header(gettext), *rows]
