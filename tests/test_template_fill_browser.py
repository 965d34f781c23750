"""A template filled in on its own page, in a real browser: rows added in two tables and in a group,
the draft back after a reload, the JSON download a FilledTemplate with what was typed, the CSV download
the portal's own CSV layout with the values in it, the Excel download the portal's own workbook filled in, a JSON file loaded back into a cleared form, and the
filled form printed on A4 with its values."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess

import pytest
from pypdf import PdfReader

from conftest import MiniPortal, serve_folder

TEMPLATE = """
title: Peer visit plan
purpose: Plans a peer visit between two municipalities and records how it went.
fields:
  - key: municipality
    label: Municipality or department
  - key: goal
    label: Goal of the visit
    hint: One sentence.
    lines: 3
tables:
  - key: steps
    title: Steps
    columns:
      - key: step
        name: Step
        width: 4
      - key: state
        name: State
        choices: [planned, done]
      - key: days
        name: Days
        width: 1
        minimum: 0
        maximum: 30
    blank_rows: 1  # the Excel download has one row to fill in: the second is added to the sheet
  - key: questions
    title: Questions
    group_label: Level
    columns:
      - key: question
        name: Question
        width: 4
      - key: notes
        name: Notes
        width: 4
    groups:
      - title: Individual level
        rows:
          - question: What did you learn?
      - title: Organisational level
        blank_rows: 2
checklist:
  title: Before the visit
  items:
    - title: Agree the dates
      description: With the host municipality.
    - title: Book the travel
sources:
  - title: A made-up source for the test
last_verified: 2026-11-01
"""

# What a person types: markup, a formula, quotes, commas and a line break must all come back as text.
GOAL = 'Learn how <b>Gran</b> runs its "school exchange", step by step'
TYPED = {
    "Municipality or department": "Gran, culture office",
    "Date": "2026-12-01",
    "Prepared by": "<img src=x onerror=alert(1)>",
    "Goal of the visit": GOAL,
}
STEP_1, STEP_2 = "=HYPERLINK(\"http://x\")", "Write the report,\nthen share it"
NOTE_GIVEN, QUESTION_ADDED, NOTE_ADDED = "Much about budgets", "Who keeps the contacts?", "The office"

EXPECTED = {
    "format": "good-practice-portal/filled-template",
    "template": "peer-visit",
    "header": {"municipality": TYPED["Municipality or department"], "date": "2026-12-01",
               "prepared-by": TYPED["Prepared by"], "version": "", "goal": GOAL},
    "tables": {
        "steps": [{"step": STEP_1, "state": "done", "days": "2"}, {"step": STEP_2, "state": "planned", "days": ""}],
        "questions": [{"group": "Individual level", "question": "What did you learn?", "notes": NOTE_GIVEN},
                      {"group": "Organisational level", "question": QUESTION_ADDED, "notes": NOTE_ADDED}],
    },
    "checklist": {"Agree the dates": False, "Book the travel": True},
}


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    from generator.build import build

    mini = MiniPortal(tmp_path_factory.mktemp("fill"))
    mini.write("content/templates/peer-visit.yml", TEMPLATE)
    generated = build(mini.root, quiet=True)
    assert generated.ok, "\n".join(str(p) for p in generated.problems)
    with serve_folder(mini.root / "site") as url:
        yield mini, url + "templates/peer-visit.html"


def _open(browser, url: str, width: int = 1280):
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None)
    page.on("dialog", lambda dialog: (errors.append(f"{dialog.type}: {dialog.message}"), dialog.dismiss()))
    page.goto(url)
    return context, page, errors


def _row(page, table: str, number: int, group: str | None = None):
    name = f"{table}: Row {number}" + (f" of {group}" if group else "")
    return page.get_by_role("group", name=name, exact=True)


def _fill(page) -> None:
    page.get_by_role("button", name="Fill in on this page").click()
    for label, value in TYPED.items():
        page.get_by_label(label, exact=True).fill(value)
    # Steps: the template leaves blank rows, so the form starts with one empty row; a second is added.
    first = _row(page, "Steps", 1)
    first.get_by_label("Step", exact=True).fill(STEP_1)
    first.get_by_label("State").select_option("done")
    first.get_by_label("Days").fill("2")
    page.get_by_role("button", name="Add a row", exact=True).click()
    second = _row(page, "Steps", 2)
    second.get_by_label("Step", exact=True).fill(STEP_2)
    second.get_by_label("State").select_option("planned")
    # Questions: the question given by the template is shown, not an input; a row is added in the second group.
    given = _row(page, "Questions", 1, "Individual level")
    assert given.get_by_label("Question").count() == 0 and "What did you learn?" in given.inner_text()
    given.get_by_label("Notes").fill(NOTE_GIVEN)
    organisational = _row(page, "Questions", 1, "Organisational level")  # its empty starting row: removed
    organisational.get_by_role("button", name="Remove this row").click()
    page.get_by_role("button", name="Add a row to Organisational level").click()
    added = _row(page, "Questions", 1, "Organisational level")
    added.get_by_label("Question").fill(QUESTION_ADDED)
    added.get_by_label("Notes").fill(NOTE_ADDED)
    page.get_by_label("Book the travel").check()


def _download(page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=name).click()
    return open(info.value.path(), "rb").read()


def _downloaded_json(page) -> dict:
    from generator.models.filled import FilledTemplate

    data = json.loads(_download(page, "Download JSON"))
    FilledTemplate.model_validate(data)
    return data


def _expected_csv(mini: MiniPortal) -> bytes:
    """form_csv of the template's own Form with the typed values put in (the Done column aside)."""
    from generator.build import check
    from generator.render.form_csv import form_csv
    from generator.render.forms import FormGroup, from_template

    catalog, problems = check(mini.root)
    assert not problems
    form = from_template("peer-visit", catalog.templates["peer-visit"].model)
    for field in form.fields:
        field.value = EXPECTED["header"][field.key]
    steps, questions = form.tables
    steps.groups = [FormGroup(None, [[r["step"], r["state"], r["days"]] for r in EXPECTED["tables"]["steps"]])]
    questions.groups = [FormGroup(g.title, [[r["question"], r["notes"]] for r in EXPECTED["tables"]["questions"]
                                            if r["group"] == g.title]) for g in questions.groups]
    return form_csv(form)


def _check_xlsx(data: bytes) -> None:
    """The portal's own workbook with what was typed: values beside their labels, a sheet per table, Done."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    overview = {row[0]: row[1] for row in book["Overview"].iter_rows(values_only=True)}
    assert overview["Municipality or department"] == TYPED["Municipality or department"]
    assert overview["Goal of the visit"] == GOAL and overview["Version"] is None
    steps = [row for row in book["Steps"].iter_rows(min_row=2, values_only=True) if any(row)]
    assert steps == [(STEP_1, "done", 2), (STEP_2, "planned", None)]  # the score a number, the formula text
    assert book["Steps"]["A2"].data_type == "s"
    questions = [row for row in book["Questions"].iter_rows(min_row=2, values_only=True) if any(row[1:])]
    assert questions == [("Individual level", "What did you learn?", NOTE_GIVEN),
                         ("Organisational level", QUESTION_ADDED, NOTE_ADDED)]
    assert [row[2] for row in book["Checklist"].iter_rows(min_row=2, values_only=True)] == [None, "yes"]


def test_a_filled_form_survives_a_reload_and_downloads_as_json_csv_and_xlsx(browser, portal):
    from generator.models.filled import template_version
    from generator.build import check

    mini, url = portal
    context, page, errors = _open(browser, url)
    try:
        _fill(page)
        page.reload()
        # The draft is back, in fill-in mode, with the rows added.
        assert page.get_by_label("Goal of the visit").input_value() == GOAL
        assert _row(page, "Steps", 2).get_by_label("Step", exact=True).input_value() == STEP_2
        assert _row(page, "Questions", 1, "Organisational level").get_by_label("Notes").input_value() == NOTE_ADDED
        assert page.get_by_label("Book the travel").is_checked()
        # Typed markup stayed text: no element was made from it.
        assert page.locator("b:text('Gran'), img[src=x]").count() == 0

        catalog, _ = check(mini.root)
        data = _downloaded_json(page)
        assert data == {**EXPECTED, "template_version": template_version(catalog.templates["peer-visit"].model)}

        downloaded = _download(page, "Download CSV")
        expected = _expected_csv(mini)
        rows = list(csv.reader(io.StringIO(downloaded.decode("utf-8-sig"), newline="")))
        expected_rows = list(csv.reader(io.StringIO(expected.decode("utf-8-sig"), newline="")))
        assert len(rows) == len(expected_rows)
        steps = rows.index(["Step", "What to do", "Done"]) + 1
        items = slice(steps, steps + 2)
        assert [row[2] for row in rows[items]] == ["", "yes"]  # the checklist's Done column
        assert [row[:2] for row in rows[items]] == [row[:2] for row in expected_rows[items]]
        assert rows[:steps] == expected_rows[:steps] and rows[items.stop:] == expected_rows[items.stop:]
        assert downloaded.startswith(b"\xef\xbb\xbf") and b"\r\n" in downloaded
        assert downloaded.replace(b",yes\r\n", b",\r\n") == expected  # byte for byte, quoting and BOM included
        assert any(row[:1] == ["'" + STEP_1] for row in rows)  # the formula is defused

        _check_xlsx(_download(page, "Download Excel (.xlsx)"))
        assert errors == []
    finally:
        context.close()


def test_a_downloaded_json_loads_back_into_a_cleared_form(browser, portal, tmp_path):
    mini, url = portal
    context, page, errors = _open(browser, url)
    try:
        _fill(page)
        saved = _downloaded_json(page)
        page.get_by_role("button", name="Clear the draft").click()
        page.get_by_role("button", name="Keep it").click()
        assert page.get_by_label("Goal of the visit").input_value() == GOAL  # asked first, and kept
        page.get_by_role("button", name="Clear the draft").click()
        page.get_by_role("button", name="Yes, clear the form").click()
        assert page.get_by_label("Goal of the visit").input_value() == ""
        assert _row(page, "Steps", 2).count() == 0
        page.reload()
        assert page.get_by_label("Goal of the visit").input_value() == ""  # cleared from the browser too

        path = tmp_path / "filled.json"
        path.write_text(json.dumps(saved), encoding="utf-8")
        page.locator(".portal-fill__file").set_input_files(str(path))
        page.get_by_role("status").filter(has_text="Loaded filled.json").wait_for()
        assert page.get_by_label("Goal of the visit").input_value() == GOAL
        assert _downloaded_json(page) == saved

        # A file of another template is refused in plain words, and the form is left as it was.
        other = tmp_path / "other.json"
        other.write_text(json.dumps({**saved, "template": "action-plan"}), encoding="utf-8")
        page.locator(".portal-fill__file").set_input_files(str(other))
        page.get_by_role("status").filter(has_text="not this form").wait_for()
        assert page.get_by_label("Goal of the visit").input_value() == GOAL
        assert errors == []
    finally:
        context.close()


MM = 96 / 25.4
A4_POINTS = (595, 842)
OVERFLOW_PROBE = """width => [...document.querySelectorAll('body *')].filter(el => {
  const style = getComputedStyle(el), box = el.getBoundingClientRect();
  return style.display !== 'none' && style.position !== 'fixed' && box.width > 0 && box.height > 0
    && (box.right > width + 1 || box.left < -1);
}).slice(0, 10).map(el => el.tagName + '.' + el.className)"""


def test_the_filled_form_prints_on_a4_with_its_values(browser, portal, tmp_path):
    mini, url = portal
    context, page, errors = _open(browser, url)
    try:
        _fill(page)
        pdf_bytes = page.pdf(prefer_css_page_size=True, print_background=True)
        pdf = PdfReader(io.BytesIO(pdf_bytes))
        assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages} == {A4_POINTS}
        assert len(pdf.pages) <= 3
        path = tmp_path / "filled.pdf"
        path.write_bytes(pdf_bytes)
        text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())
        for value in (TYPED["Municipality or department"], TYPED["Prepared by"], GOAL, STEP_1, NOTE_GIVEN,
                      QUESTION_ADDED, NOTE_ADDED, "Write the report, then share it"):
            assert " ".join(value.split()) in text, f"{value!r} is not on the printed page"
        assert "☑ Book the travel" in text and "☐ Agree the dates" in text
        assert "page 1 of" in text  # the page margin, as on the blank form
        assert "Fill in on this page" not in text and "Download JSON" not in text  # the controls stay off paper
        assert text.count("What did you learn?") == 1  # the filled copy, not the blank form as well

        page.emulate_media(media="print")
        width = (210 - 28) * MM
        page.set_viewport_size({"width": int(width), "height": 1100})
        assert page.evaluate(OVERFLOW_PROBE, width) == []
        assert errors == []
    finally:
        context.close()


def test_the_form_fits_a_phone_and_keeps_nothing_until_something_is_typed(browser, portal):
    mini, url = portal
    context, page, errors = _open(browser, url, width=390)
    try:
        drafts = "Object.keys(localStorage).filter(key => key.startsWith('portal-template-fill:'))"
        assert page.evaluate(drafts) == []  # merely opening the page keeps nothing
        page.get_by_role("button", name="Fill in on this page").click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        number = _row(page, "Steps", 1).get_by_label("Days")
        assert (number.get_attribute("min"), number.get_attribute("max"), number.get_attribute("step")) == ("0", "30", "1")
        assert re.search("from 0 to 30", _row(page, "Steps", 1).inner_text())
        assert page.get_by_role("button", name="Back to the printable blank form").is_visible()
        assert not page.locator("section.portal-form:not(.portal-form--filled)").is_visible()
        assert errors == []
    finally:
        context.close()


def test_the_fill_in_mode_has_no_serious_accessibility_violations(browser, portal):
    from test_accessibility import AXE, RUN_AXE

    mini, url = portal
    context = browser.new_context(bypass_csp=True)  # Playwright injects axe as an inline script
    try:
        page = context.new_page()
        page.goto(url)
        _fill(page)
        page.add_script_tag(path=str(AXE))
        serious = [v for v in page.evaluate(RUN_AXE) if v["impact"] in ("serious", "critical")]
        assert serious == [], serious
    finally:
        context.close()
