"""Templates and plans: every download opens with a library and keeps the form's table structure."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
import zipfile
from functools import partial
from pathlib import Path

import pytest
from docx import Document as WordDocument
from odfdo import Document as OdfDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from generator.build import check, generate
from generator.languages import BY_CODE
from generator.models.common import CAF_SUBCRITERIA, Source
from generator.render import forms, office, pdf
from generator.render.downloads import _MADE as downloads_made_in_this_process

from conftest import REPO

A4 = (595, 842)  # points, portrait


def shipped_forms() -> list[tuple[str, forms.Form]]:
    """Every blank template and every filled plan of the shipped content, as the build makes them."""
    catalog, _ = check(REPO)
    found = [("templates", forms.from_template(tid, rec.model)) for tid, rec in sorted(catalog.templates.items())]
    for nid, rec in sorted(catalog.networks.items()):
        if rec.model.action_plan:
            found.append(("plans", forms.from_action_plan(nid, rec.model)))
    for rid, rec in sorted(catalog.results.items()):
        name = catalog.networks[rec.model.network].model.name
        found.append(("plans", forms.from_results(rid, rec.model, name, partial(_english_name, catalog))))
    return found


def _english_name(catalog, ref: str) -> str:
    """A body's name as an English page shows it: 'KS – … (Kommunesektorens …)'."""
    english = BY_CODE["en"]
    return catalog.entity(ref).name_for(english.script, english.record_codes)


FORMS = shipped_forms()


def _ids(item) -> str:
    return item[1].name


def _cell_texts(row) -> list[str]:
    return [cell.text.strip() for cell in row.cells]


@pytest.mark.parametrize("folder, form", FORMS, ids=[_ids(f) for f in FORMS])
def test_every_download_opens_and_keeps_the_table_structure(shipped_site: Path, folder: str, form) -> None:
    downloads = shipped_site / "site" / "downloads" / folder
    page = (shipped_site / "site" / folder / f"{form.name}.html").read_text(encoding="utf-8")

    def path(extension: str) -> Path:
        file = downloads / f"{form.name}.{extension}"
        assert file.exists(), file
        assert f'href="../downloads/{folder}/{file.name}"' in page, f"no link to {file.name} on the page"
        return file

    # Word: the field table, then one table per form table; header row = the columns in order.
    word = WordDocument(str(path("docx")))
    tables = word.tables[1:] if form.fields else word.tables
    if form.fields:
        assert [row.cells[0].paragraphs[0].text for row in word.tables[0].rows] == [f.label for f in form.fields]
        assert [row.cells[1].text for row in word.tables[0].rows] == [f.value for f in form.fields]
    assert len(tables) == len(form.tables)
    for table, expected in zip(tables, form.tables):
        assert [c.paragraphs[0].text for c in table.rows[0].cells] == [c.name for c in expected.columns]
        body = [_cell_texts(row) for row in table.rows[1:]]
        wanted = []
        for group in expected.groups:
            if group.title:
                wanted.append([group.title] * len(expected.columns))  # merged cell reads the same in each
            wanted.extend(group.rows)
        assert body == wanted
    section = word.sections[0]
    size = sorted([round(section.page_width.mm), round(section.page_height.mm)])
    assert size == [210, 297]
    assert (section.page_width > section.page_height) == form.landscape

    # Excel: an overview sheet, then one sheet per table with the flat header and rows.
    workbook = load_workbook(path("xlsx"))
    assert workbook.sheetnames[0] == "Overview"
    overview = [[c or "" for c in row] for row in workbook["Overview"].iter_rows(values_only=True)]
    assert [f.label for f in form.fields] == [row[0] for row in overview[2:2 + len(form.fields)]]
    for sheet, expected in zip(workbook.worksheets[1:], form.tables):
        rows = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
        assert rows[0] == expected.flat_header()
        assert rows[1:] == expected.flat_rows()
        assert sheet.print_title_rows == "$1:$1"  # the heading row repeats on every printed page
    if form.checklist:
        assert [r[0] for r in workbook["Checklist"].iter_rows(min_row=2, values_only=True)] == [
            item.title for item in form.checklist]

    # OpenDocument: the same tables, the header row inside table:table-header-rows.
    odt = OdfDocument(str(path("odt")))
    odt_tables = odt.body.get_tables()
    assert len(odt_tables) == len(form.tables) + (1 if form.fields else 0)
    for table, expected in zip(odt_tables[1:] if form.fields else odt_tables, form.tables):
        header = table.get_elements("table:table-header-rows/table:table-row")[0]
        names = [cell.get_elements("text:p")[0].text_recursive for cell in header.get_elements("table:table-cell")]
        assert names == [c.name for c in expected.columns]
        first_data = [g for g in expected.groups if g.rows][0]
        assert len(table.get_elements("table:table-row")) == sum(
            len(g.rows) + (1 if g.title else 0) for g in expected.groups)
        assert first_data.rows[0][0] in table.get_elements("table:table-row")[1 if first_data.title else 0].text_recursive

    # CSV: one file for the whole form, read back block by block (the layout of form_csv.py).
    blocks = csv_blocks(path("csv").read_bytes())
    assert blocks["Form"][0] == ["Form", form.name, form.title]
    if form.fields:
        assert blocks["Fields"][1] == ["Field", "Value", "Hint"]
        assert [(r[0], r[1]) for r in blocks["Fields"][2:]] == [(f.label, f.value) for f in form.fields]
    for expected in form.tables:
        block = blocks[f"Table {expected.key}"]
        assert block[0] == ["Table", expected.key, expected.title]
        assert block[1] == expected.flat_header()
        assert block[2:] == [r for r in expected.flat_rows() if any(r)]
    if form.checklist:
        assert [r[0] for r in blocks["Checklist"][2:]] == [item.title for item in form.checklist]

    # PDF: A4 in the declared orientation, the title and every column heading in the text.
    pdf = PdfReader(path("pdf"))
    assert 1 <= len(pdf.pages) <= 12
    for pdf_page in pdf.pages:
        size = (round(float(pdf_page.mediabox.width)), round(float(pdf_page.mediabox.height)))
        assert size == (A4[1], A4[0]) if form.landscape else A4
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    for expected in form.tables:
        for column in expected.columns:
            assert column.name in text
    assert pdf.metadata.title == form.title


def csv_blocks(data: bytes) -> dict[str, list[list[str]]]:
    """A form's CSV as its blocks, each from its marker row on: 'Form', 'Fields', 'Table <key>', 'Checklist'."""
    blocks: dict[str, list[list[str]]] = {}
    current = None
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
        if not any(row):
            current = None
            continue
        if current is None:
            current = f"Table {row[1]}" if row[0] == "Table" else row[0]
            assert current not in blocks, f"two blocks {current}"
            blocks[current] = []
        blocks[current].append(row)
    return blocks


def test_templates_index_lists_every_template(shipped_site: Path) -> None:
    index = (shipped_site / "site" / "templates" / "index.html").read_text(encoding="utf-8")
    originals = [path for path in (REPO / "content" / "templates").glob("*.yml") if "." not in path.stem]
    assert originals  # <id>.<lang>.yml are translations of these, with no index entry of their own
    for path in originals:
        assert f'href="{path.stem}.html"' in index
        assert f'href="../downloads/templates/{path.stem}.docx"' in index
    home = (shipped_site / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="templates/index.html"' in home


def test_the_caf_sheet_lists_every_caf_2020_sub_criterion() -> None:
    catalog, _ = check(REPO)
    table = catalog.templates["caf-self-assessment"].model.tables[0]
    codes = [row["subcriterion"].split()[0] for group in table.groups for row in group.rows]
    assert codes == CAF_SUBCRITERIA
    assert [group.title.split()[0] for group in table.groups] == [str(n) for n in range(1, 10)]


def test_the_international_action_plan_carries_the_seven_steps() -> None:
    catalog, _ = check(REPO)
    template = catalog.templates["international-action-plan"].model
    assert len(template.checklist.items) == 7
    assert [c.name for c in template.tables[0].columns] == ["Action", "Tasks", "Dates", "Responsible unit"]


TEMPLATE = """
title: Study visit report
purpose: What a delegation saw and wants to try at home.
orientation: landscape
fields:
  - key: host
    label: Host municipality
tables:
  - key: visits
    title: Visits
    group_label: Day
    columns:
      - key: place
        name: Place
      - key: idea
        name: Idea to try
        width: 4
    groups:
      - title: Day 1
        rows:
          - place: Town hall
            idea: One-stop shop
        blank_rows: 2
sources:
  - title: Notes
last_verified: 2026-01-15
"""

PLAN = """
action_plan:
  approach: Day-care centre
  goal: Open a day-care centre for children with disabilities
  beneficiaries: Families in the municipality
  activities:
    - activity: Find premises
      responsible: Social services
      deadline: 2026-03
      challenges: Ownership unclear
    - activity: Train staff
      responsible: Centre manager
      results: Six trained carers
"""


def test_a_network_action_plan_becomes_a_filled_plan(mini) -> None:
    mini.network(extra=PLAN)
    generated = generate(mini.root)
    assert generated.ok, generated.problems
    files = generated.output.files
    page = files["plans/gran-mukono-action-plan.md"].decode()
    assert "Find premises" in page and "portal-form--landscape" in page
    assert "../plans/gran-mukono-action-plan.md" in files["networks/gran-mukono.md"].decode()
    word = WordDocument(io.BytesIO(files["downloads/plans/gran-mukono-action-plan.docx"]))
    grid = word.tables[-1]
    assert [c.text for c in grid.rows[0].cells] == [name for _, name, _ in forms.ACTIVITY_COLUMNS]
    assert _cell_texts(grid.rows[1]) == ["Find premises", "Social services", "2026-03", "Ownership unclear", "", "", ""]
    assert _cell_texts(grid.rows[2])[-1] == "Six trained carers"
    assert [r.cells[1].text for r in word.tables[0].rows] == [
        "Gran–Mukono partnership", "Day-care centre", "Open a day-care centre for children with disabilities",
        "Families in the municipality"]
    sheet = load_workbook(io.BytesIO(files["downloads/plans/gran-mukono-action-plan.xlsx"]))["Activities"]
    assert list(sheet.iter_rows(min_row=2, max_row=2, values_only=True))[0][:2] == ("Find premises", "Social services")


def test_a_template_needs_no_code(mini) -> None:
    mini.write("content/templates/study-visit.yml", TEMPLATE)
    generated = generate(mini.root)
    assert generated.ok, generated.problems
    files = generated.output.files
    assert {f"downloads/templates/study-visit.{ext}" for ext in ("docx", "odt", "xlsx", "csv", "pdf")} <= set(files)
    blocks = csv_blocks(files["downloads/templates/study-visit.csv"])
    assert blocks["Form"] == [["Form", "study-visit", "Study visit report"], ["Source", "Notes"],
                              ["Last verified", "2026-01-15"]]
    assert blocks["Fields"][:2] == [["Fields"], ["Field", "Value", "Hint"]]
    assert ["Host municipality", "", ""] in blocks["Fields"]
    # The blank rows of a group keep the group, so a person sees where to write.
    assert blocks["Table visits"] == [["Table", "visits", "Visits"], ["Day", "Place", "Idea to try"],
                                      ["Day 1", "Town hall", "One-stop shop"], ["Day 1", "", ""], ["Day 1", "", ""]]
    page = files["templates/study-visit.md"].decode()
    # width hints 2 and 4, as a style or a width attribute (a strict Content-Security-Policy forbids styles)
    colgroups = re.findall(r"<colgroup>(.*?)</colgroup>", page)
    assert [re.findall(r"([0-9.]+)%", group) for group in colgroups][-1] == ["33.3", "66.7"]
    assert page.count('class="portal-form__blank"') == 2
    index = files["templates/index.md"].decode()
    assert "[Study visit report](../templates/study-visit.md)" in index


def test_a_row_with_an_unknown_column_is_reported_with_its_place(mini) -> None:
    mini.write("content/templates/study-visit.yml", TEMPLATE.replace("idea: One-stop shop", "idae: One-stop shop"))
    generated = generate(mini.root)
    assert not generated.ok
    problem = next(p for p in generated.problems if p.file == "content/templates/study-visit.yml")
    assert "unknown column(s) idae" in problem.message


def test_downloads_are_the_same_bytes_whatever_the_clock(mini) -> None:
    mini.write("content/templates/study-visit.yml", TEMPLATE)
    first = generate(mini.root).output.files
    downloads_made_in_this_process.clear()  # so the second run makes its downloads anew
    time.sleep(2.1)  # zip timestamps have a two-second resolution
    second = generate(mini.root).output.files
    downloads = [name for name in first if name.startswith("downloads/")]
    assert downloads
    assert [name for name in downloads if first[name] != second[name]] == []
    # Dates inside the files are the template's last_verified date, not the build time.
    for extension in ("docx", "odt", "xlsx"):
        with zipfile.ZipFile(io.BytesIO(first[f"downloads/templates/study-visit.{extension}"])) as archive:
            assert {info.date_time[:3] for info in archive.infolist()} == {(2026, 1, 15)}
    word = WordDocument(io.BytesIO(first["downloads/templates/study-visit.docx"]))
    assert word.core_properties.created == dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.timezone.utc)
    assert word.core_properties.modified == dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.timezone.utc)
    workbook = load_workbook(io.BytesIO(first["downloads/templates/study-visit.xlsx"]))
    assert workbook.properties.modified == dt.datetime(2026, 1, 15, 12, 0)  # openpyxl keeps UTC, naive
    odt = OdfDocument(io.BytesIO(first["downloads/templates/study-visit.odt"]))
    assert odt.meta.get_modification_date().date() == dt.date(2026, 1, 15)
    assert "20260115" in PdfReader(io.BytesIO(first["downloads/templates/study-visit.pdf"])).metadata["/CreationDate"]


def test_a_very_long_cell_still_makes_a_pdf() -> None:
    """fpdf2 cannot split a table row across pages; the writer cuts such rows into several."""
    long_text = "A long description of what happens. " * 400
    form = forms.Form(name="long", title="Long", purpose="Test", date=dt.date(2026, 1, 1), sources=[],
                      fields=[forms.FormField("Summary", long_text)],
                      tables=[forms.FormTable("t", "T", [forms.FormColumn("Narrow", 1), forms.FormColumn("Wide", 6)],
                                              [forms.FormGroup(None, [[long_text, "short"]])])])
    pdf = PdfReader(io.BytesIO(office.pdf_bytes(form)))
    assert len(pdf.pages) > 3
    text = "".join(p.extract_text() for p in pdf.pages)
    assert text.count("happens") >= 790


def test_a_pdf_prints_every_script_and_style_it_is_given(caplog) -> None:
    """Latin text gets a font cut to the common blocks; any other character, the whole face."""
    def form(title: str) -> forms.Form:
        return forms.Form(name="scripts", title=title, purpose="Test", date=dt.date(2026, 1, 1), sources=[],
                          checklist_title="Steps", checklist=[forms.ChecklistEntry("Plan", "Use __both__ hands")])

    for title, common in (("Kraków – Łódź ☐ €", True), ("Αθήνα, Київ, თბილისი", False)):
        assert pdf._common_characters_only(form(title)) is common
        text = PdfReader(io.BytesIO(office.pdf_bytes(form(title)))).pages[0].extract_text()
        assert title in text and "both" in text
    assert "missing" not in caplog.text


def test_a_changed_plan_gets_new_downloads_in_the_same_process(mini) -> None:
    """`portal serve` regenerates in one process and reuses the downloads of unchanged forms."""
    mini.network(extra=PLAN)
    first = generate(mini.root).output.files
    assert generate(mini.root).output.files["downloads/plans/gran-mukono-action-plan.docx"] == \
        first["downloads/plans/gran-mukono-action-plan.docx"]
    mini.network(extra=PLAN.replace("Find premises", "Rent premises"))
    second = generate(mini.root).output.files
    for extension in ("docx", "odt", "xlsx", "pdf", "csv"):
        name = f"downloads/plans/gran-mukono-action-plan.{extension}"
        if name in first:
            assert second[name] != first[name], name
    word = WordDocument(io.BytesIO(second["downloads/plans/gran-mukono-action-plan.docx"]))
    assert _cell_texts(word.tables[-1].rows[1])[0] == "Rent premises"


def test_every_opendocument_table_cell_has_borders(mini) -> None:
    mini.write("content/templates/study-visit.yml", TEMPLATE)
    files = generate(mini.root).output.files
    odt = OdfDocument(io.BytesIO(files["downloads/templates/study-visit.odt"]))
    bordered = {style.name for style in odt.get_styles("table-cell")
                if "solid" in (style.get_properties(area="table-cell") or {}).get("fo:border", "")}
    cells = [cell for table in odt.body.get_tables() for cell in table.get_elements(".//table:table-cell")]
    assert cells and bordered
    assert [cell.style for cell in cells if cell.style not in bordered] == []


def test_an_ampersand_in_the_source_prints_as_itself_in_the_excel_footer() -> None:
    """Excel reads "&D" in a footer as today's date; the footer must print "R&D"."""
    def footer(publisher: str) -> str:
        source = Source(title="Notes", publisher=publisher)
        form = forms.Form(name="amp", title="Amp", purpose="Test", date=dt.date(2026, 1, 1), sources=[source])
        data = office.xlsx_bytes(form)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        whole = re.search(r"<oddFooter>(.*?)</oddFooter>", sheet).group(1).replace("&amp;", "&")
        assert len(whole) <= 255  # Excel will not open a file with a longer footer
        return load_workbook(io.BytesIO(data))["Overview"].oddFooter.center.text

    assert footer("R&D unit") == "Source: Notes, R&&D unit"
    long = footer("&" * 300)
    assert set(long.split(", ")[1]) == {"&"} and long.count("&") % 2 == 0


def _pdf_runs(data: bytes, page: int = 0) -> list[tuple[str, str, float]]:
    """Each piece of text on a PDF page with its font's name and size (pt)."""
    runs = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip() and font:
            runs.append((text.strip(), str(font.get("/BaseFont", "")), size * (tm[0] or 1)))

    PdfReader(io.BytesIO(data)).pages[page].extract_text(visitor_text=visit)
    return runs


def test_the_pdf_prints_hints_smaller_than_their_labels_and_not_in_bold() -> None:
    """A field's hint and a column's description under its name, as the printed page shows them (issue 11)."""
    form = next(f for _, f in FORMS if f.name == "action-plan")
    runs = _pdf_runs(pdf.pdf_bytes(form))
    text = " ".join(piece for piece, _, _ in runs)

    def run_of(words: str) -> tuple[str, float]:
        found = [(font, size) for piece, font, size in runs if piece.startswith(words)]
        assert found, f"{words!r} not on page 1: {text[:600]}"
        return found[0]

    label_font, label_size = run_of(form.other_fields()[0].label)
    hint_font, hint_size = run_of(form.other_fields()[0].hint[:20])
    assert "Bold" in label_font and "Bold" not in hint_font, (label_font, hint_font)
    assert hint_size < label_size
    for column in form.tables[0].columns:
        assert column.description.split()[0] in text, f"{column.name}'s description is not printed"
    assert "Bold" not in run_of(form.tables[0].columns[1].description[:12])[0]
