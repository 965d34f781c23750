"""Contributed text never becomes a live formula in a spreadsheet we publish.

Text starting with =, +, -, @ (or a tab or CR) is a formula to Excel and LibreOffice:
'=HYPERLINK(...)' makes a link to anywhere, '=cmd|...' asks to run a program. Every
workbook and CSV of practices, action plans, results, templates and open data must
keep such text as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile

import pytest
from openpyxl import load_workbook

from generator.build import generate
from generator.render import forms, office

# What a spreadsheet runs as a formula, and a number it only reads as a number.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")

HOSTILE = [
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
    "@SUM(A1)",
    "+1+1",
    "-1+1",
    "=1+1",
]


def hostile(number: int) -> str:
    """One of the payloads, as a YAML double-quoted string (JSON is valid YAML)."""
    return json.dumps(HOSTILE[number % len(HOSTILE)])


def is_formula_text(text: str) -> bool:
    return text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text)


TEMPLATE = f"""
title: {hostile(0)}
purpose: {hostile(1)}
fields:
  - key: host
    label: {hostile(2)}
    hint: {hostile(3)}
tables:
  - key: visits
    title: Visits
    group_label: {hostile(4)}
    columns:
      - key: place
        name: {hostile(5)}
      - key: idea
        name: Idea
        choices: [{hostile(2)}, {hostile(3)}]
    groups:
      - title: {hostile(0)}
        rows:
          - place: {hostile(1)}
            idea: {hostile(2)}
checklist:
  title: Steps
  items:
    - title: {hostile(3)}
      description: {hostile(4)}
sources:
  - title: {hostile(5)}
last_verified: 2026-01-15
"""

ACTION_PLAN = f"""
action_plan:
  approach: {hostile(0)}
  goal: {hostile(1)}
  beneficiaries: {hostile(2)}
  activities:
    - activity: {hostile(3)}
      responsible: {hostile(4)}
      deadline: {hostile(5)}
      challenges: {hostile(0)}
      mitigation: {hostile(1)}
      resources: {hostile(2)}
      results: {hostile(3)}
"""

RESULTS = f"""
network: gran-mukono
title: {hostile(0)}
year: 2012
method: {hostile(1)}
summary: {hostile(2)}
indicators:
  - name: {hostile(3)}
    unit: {hostile(4)}
    baseline: -5
    achieved: 2.5
    note: {hostile(5)}
findings:
  individual: [{hostile(0)}]
success_factors: [{hostile(1)}]
benefits:
  - member: gran
    benefits: [{hostile(2)}]
sources: [{{title: {hostile(3)}}}]
last_verified: 2026-11-01
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, bytes]:
    from conftest import MiniPortal

    mini = MiniPortal(tmp_path_factory.mktemp("formulas"))
    mini.practice("hostile", title=hostile(0), summary=hostile(1))
    mini.network(extra=ACTION_PLAN)
    mini.write("networks/gran-mukono/results-2012.yml", RESULTS)
    mini.write("content/templates/hostile.yml", TEMPLATE)
    generated = generate(mini.root)
    assert generated.ok, generated.problems
    return generated.output.files


def _workbooks(files) -> dict[str, object]:
    return {name: load_workbook(io.BytesIO(data)) for name, data in files.items() if name.endswith(".xlsx")}


def _csv_rows(files) -> dict[str, list[list[str]]]:
    return {name: list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
            for name, data in files.items() if name.endswith(".csv")}


def _workbook_text(workbook) -> list:
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
            if cell.value not in (None, "")]


def test_the_hostile_records_make_a_workbook_and_csv_of_each_kind(files) -> None:
    expected = {"downloads/templates/hostile", "downloads/plans/gran-mukono-action-plan",
                "downloads/plans/gran-mukono-results-2012"}
    assert {name.rsplit(".", 1)[0] for name in _workbooks(files)} >= expected
    assert {"data/practices.csv", "data/networks.csv", "data/results.csv",
            "downloads/templates/hostile.csv", "downloads/plans/gran-mukono-action-plan.csv",
            "downloads/plans/gran-mukono-results-2012.csv"} <= set(_csv_rows(files))


def test_no_cell_of_any_workbook_is_a_formula_and_the_text_is_kept(files) -> None:
    for name, workbook in _workbooks(files).items():
        cells = _workbook_text(workbook)
        assert [c.coordinate for c in cells if c.data_type in ("f", "e")] == [], name
        texts = {c.value for c in cells}
        assert texts & set(HOSTILE), f"{name} holds none of the hostile texts"
        # Excel's leading apostrophe, so the cell stays text when someone edits it.
        assert all(c.quotePrefix for c in cells if c.value in HOSTILE), name
    every_text = {c.value for wb in _workbooks(files).values() for c in _workbook_text(wb)}
    assert set(HOSTILE) <= every_text


def test_no_csv_field_starts_a_formula_and_the_text_is_kept(files) -> None:
    for name, rows in _csv_rows(files).items():
        fields = [field for row in rows for field in row]
        assert [f for f in fields if is_formula_text(f)] == [], name
    every_field = {field for rows in _csv_rows(files).values() for row in rows for field in row}
    assert {"'" + text for text in HOSTILE} <= every_field
    practice = next(row for row in _csv_rows(files)["data/practices.csv"] if row[0] == "hostile")
    assert practice[1:3] == ["'" + HOSTILE[0], "'" + HOSTILE[1]]


def test_a_negative_number_stays_a_number_in_the_csv(files) -> None:
    rows = _csv_rows(files)["downloads/plans/gran-mukono-results-2012.csv"]
    start = rows.index(["Table", "indicators", "Indicators"])
    header, indicator = rows[start + 1], rows[start + 2]
    assert (indicator[header.index("Baseline")], indicator[header.index("Achieved")]) == ("-5", "2.5")
    assert indicator[header.index("Indicator")] == "'" + HOSTILE[3]


def test_the_choices_a_workbook_offers_are_text_too(files) -> None:
    workbook = _workbooks(files)["downloads/templates/hostile.xlsx"]
    choices = [cell for row in workbook["Choices"].iter_rows() for cell in row if cell.value]
    assert [c.value for c in choices] == ["Idea", HOSTILE[2], HOSTILE[3]]
    assert all(c.data_type == "s" for c in choices) and all(c.quotePrefix for c in choices[1:])


def test_every_table_cell_of_the_opendocument_files_is_text(files) -> None:
    for name, data in files.items():
        if name.endswith(".odt"):
            content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()
            cells = re.findall(r"<table:table-cell\b[^>]*>", content)
            assert cells, name
            assert all('office:value-type="string"' in cell for cell in cells), name
            assert "table:formula" not in content, name


def test_tab_and_carriage_return_at_the_start_are_guarded_too() -> None:
    """The models strip leading whitespace today; the writers must not rely on it."""
    texts = ["\t=1+1", "\r=1+1", *HOSTILE]
    form = forms.Form(
        name="raw", title="Raw", purpose="Test", date=dt.date(2026, 1, 1), sources=[],
        fields=[forms.FormField(text, text) for text in texts],
        tables=[forms.FormTable("t", "T", [forms.FormColumn(text) for text in texts],
                                [forms.FormGroup(text, [list(texts)]) for text in texts])],
        checklist_title="Steps", checklist=[forms.ChecklistEntry(text, text) for text in texts])
    made = office.write_all(form)
    cells = _workbook_text(load_workbook(io.BytesIO(made["raw.xlsx"])))
    assert [c.coordinate for c in cells if c.data_type != "s"] == []
    assert set(texts) <= {c.value for c in cells}
    fields = [field for rows in _csv_rows(made).values() for row in rows for field in row]
    assert [f for f in fields if is_formula_text(f)] == []
    assert {"'" + text for text in texts} <= set(fields)
