"""Every template's fillable PDF form: the fields `portal import` reads back, its metadata, its paper, its look."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from generator.build import check
from generator.models import Template
from generator.models.filled import pdf_field_name, template_version
from generator.render import fillable_pdf, forms

from conftest import REPO

A4 = (595.28, 841.89)  # points, portrait
TEXT, CHECKBOX = "/Tx", "/Btn"
MULTILINE = 1 << 12


def shipped_templates() -> list[tuple[str, Template]]:
    catalog, _ = check(REPO)
    return [(template_id, record.model) for template_id, record in sorted(catalog.templates.items())]


TEMPLATES = shipped_templates()
IDS = [template_id for template_id, _ in TEMPLATES]


def make(template_id: str, template: Template) -> bytes:
    form = forms.from_template(template_id, template)
    form.address = f"https://example.org/portal/templates/{template_id}.html"
    return fillable_pdf.pdf_bytes(template_id, template, form)


@pytest.fixture(scope="module")
def made() -> dict[str, bytes]:
    return {template_id: make(template_id, template) for template_id, template in TEMPLATES}


def shown_rows(table) -> list[dict[str, str]]:
    """Each row of a table as the form shows it, blank rows included: the cells the template fills ahead."""
    if table.groups:
        return [dict(row) for group in table.groups for row in [*group.rows, *({} for _ in range(group.blank_rows))]]
    return [dict(row) for row in [*table.rows, *({} for _ in range(table.blank_rows))]]


def expected_fields(template: Template) -> dict[str, str]:
    """Field name -> kind: every header field, every cell left to fill in, every checklist item."""
    fields = {pdf_field_name("header", field.key): TEXT for field in template.all_header_fields()}
    for table in template.tables:
        for index, row in enumerate(shown_rows(table)):
            fields |= {pdf_field_name(table.key, index, column.key): TEXT
                       for column in table.columns if not row.get(column.key)}
    if template.checklist:
        fields |= {pdf_field_name("checklist", index): CHECKBOX for index in range(len(template.checklist.items))}
    return fields


@pytest.mark.parametrize("template_id, template", TEMPLATES, ids=IDS)
def test_every_header_field_cell_and_checklist_item_is_a_named_field(made, template_id, template) -> None:
    fields = PdfReader(io.BytesIO(made[template_id])).get_fields()
    expected = expected_fields(template)
    assert sorted(fields) == sorted(expected)
    assert {name: str(field["/FT"]) for name, field in fields.items()} == expected
    # Wide cells take several lines of text; the header's own fields as many as the template asks.
    for table in template.tables:
        for column in table.columns:
            name = pdf_field_name(table.key, len(shown_rows(table)) - 1, column.key)
            if name in fields:
                multiline = bool(int(fields[name].get("/Ff", 0)) & MULTILINE)
                assert multiline == (column.width >= fillable_pdf.WIDE_COLUMN), name
    for field in template.all_header_fields():
        multiline = bool(int(fields[pdf_field_name("header", field.key)].get("/Ff", 0)) & MULTILINE)
        assert multiline == (field.lines > 1), field.key


@pytest.mark.parametrize("template_id, template", TEMPLATES, ids=IDS)
def test_the_metadata_name_the_template_and_its_version(made, template_id, template) -> None:
    info = PdfReader(io.BytesIO(made[template_id])).metadata
    version = template_version(template)
    assert info["/PortalTemplate"] == template_id
    assert info["/PortalTemplateVersion"] == version
    assert info["/Subject"] == f"good-practice-portal/template/{template_id}/{version}"
    assert info["/Title"] == template.title
    assert info["/CreationDate"].startswith("D:" + template.last_verified.strftime("%Y%m%d"))


@pytest.mark.parametrize("template_id, template", TEMPLATES, ids=IDS)
def test_every_page_is_a4_in_the_templates_orientation(made, template_id, template) -> None:
    pages = PdfReader(io.BytesIO(made[template_id])).pages
    size = A4[::-1] if template.orientation == "landscape" else A4
    for page in pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(size, abs=0.5)


def test_the_action_plans_blank_rows_start_on_the_first_page_under_its_fields(made) -> None:
    """Paper (issue 11): the plan's five rows for activities fit on page 1, none left alone on page 2."""
    reader = PdfReader(io.BytesIO(made["action-plan"]))
    on_page = {annotation.get_object()["/T"]: number for number, page in enumerate(reader.pages)
               for annotation in page.get("/Annots", []) if "/T" in annotation.get_object()}
    rows = {name for name in on_page if name.startswith("activities.")}
    assert len(rows) == 5 * 7 and {on_page[name] for name in rows} == {0}
    assert on_page["header.goal"] == 0


def test_each_column_says_what_it_asks_for_under_its_name(made) -> None:
    """As the flat PDF and the printed page do: the action plan's column descriptions under the column names,
    on page 1 with the five rows (the test above)."""
    template = dict(TEMPLATES)["action-plan"]
    first_page = " ".join(PdfReader(io.BytesIO(made["action-plan"])).pages[0].extract_text().split())
    columns = template.tables[0].columns
    assert all(column.description for column in columns)
    for column in columns:
        assert " ".join(column.description.split()[:3]) in first_page, column.description


@pytest.mark.parametrize("template_id, template", TEMPLATES, ids=IDS)
def test_a_form_filled_in_with_pypdf_gives_every_value_back(made, template_id, template) -> None:
    fields = PdfReader(io.BytesIO(made[template_id])).get_fields()
    typed = {name: f"Answer {number} – Žepče, Шабац" for number, name in enumerate(sorted(fields))
             if fields[name]["/FT"] == TEXT}
    ticked = {name: "/on" for name in fields if fields[name]["/FT"] == CHECKBOX and name.endswith((".0", ".2"))}
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(made[template_id])))
    for page in writer.pages:
        writer.update_page_form_field_values(page, typed | ticked, auto_regenerate=False)
    buffer = io.BytesIO()
    writer.write(buffer)
    back = PdfReader(io.BytesIO(buffer.getvalue())).get_fields()
    assert {name: back[name]["/V"] for name in typed} == typed
    for name in fields:
        if fields[name]["/FT"] == CHECKBOX:
            assert back[name]["/V"] == ("/on" if name in ticked else "/Off"), name


@pytest.mark.parametrize("template_id, template", TEMPLATES, ids=IDS)
def test_the_cells_the_template_fills_ahead_are_printed(made, template_id, template) -> None:
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(made[template_id])).pages)
    given = [value for table in template.tables for row in shown_rows(table) for value in row.values()]
    for value in given:
        assert " ".join(value.split())[:40] in text
    assert "portal editors can import the saved file" in text  # the line that says what to do with it


def test_the_same_template_makes_the_same_bytes_in_another_process(made) -> None:
    """Builds are compared byte for byte; sets in the models come out in another order in each process."""
    template_id = "caf-self-assessment"
    script = textwrap.dedent(f"""
        import sys
        sys.path[:0] = [{str(REPO)!r}, {str(Path(__file__).parent)!r}]
        from test_fillable_pdf import TEMPLATES, make
        sys.stdout.buffer.write(make({template_id!r}, dict(TEMPLATES)[{template_id!r}]))
    """)
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True, cwd=REPO,
                           env={**os.environ, "PYTHONHASHSEED": "12345"}).stdout
    assert other == made[template_id]


def test_contributed_text_stays_text() -> None:
    """Markup, links and scripts written into a template come out as the words written, never live."""
    hostile = '<script>alert(1)</script><a href="javascript:alert(2)">x</a><input name="header.goal">'
    template = dict(TEMPLATES)["action-plan"].model_copy(deep=True)
    template.title = "Plan " + hostile
    template.fields[0].label = hostile
    template.instructions = f"[click](javascript:alert(3)) {hostile}\n\n<img src=\"http://example.org/x.png\">"
    template.tables[0].rows = [{"activity": hostile}]
    data = make("action-plan", template)
    reader = PdfReader(io.BytesIO(data))
    assert sorted(reader.get_fields()) == sorted(expected_fields(template))  # no field smuggled in
    root = reader.trailer["/Root"]
    assert "/OpenAction" not in root and "/AA" not in root and "/JavaScript" not in root.get("/Names", {})
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            assert annotation["/Subtype"] == "/Widget"  # fields only: no link, no action
            assert "/A" not in annotation and "/AA" not in annotation
    assert "<script>alert(1)</script>" in " ".join(page.extract_text() for page in reader.pages)


@pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
                    reason="poppler-utils (scripts/test installs it)")
def test_poppler_draws_the_form_with_the_values_filled_in(made, tmp_path) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(made["caf-self-assessment"])))
    for page in writer.pages:
        writer.update_page_form_field_values(page, {"header.municipality": "Gran kommune",
                                                    "assessment.0.score": "35"}, auto_regenerate=False)
    writer.set_need_appearances_writer(True)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", filled, tmp_path / "page"], check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 5_000
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", filled, "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Gran kommune" in text and "1.1 Setting direction" in text


def test_the_template_page_links_its_fillable_pdf(shipped_site: Path) -> None:
    for template_id, _ in TEMPLATES:
        page = (shipped_site / "site" / "templates" / f"{template_id}.html").read_text(encoding="utf-8")
        link = f'href="../downloads/templates/{template_id}-fillable.pdf"'
        assert page.count(link) == 2  # the download button and the sentence that says what to do with it
        assert "fill it in on screen in a PDF reader" in page
        assert (shipped_site / "site" / "downloads" / "templates" / f"{template_id}-fillable.pdf").is_file()
    index = (shipped_site / "site" / "templates" / "index.html").read_text(encoding="utf-8")
    assert index.count("-fillable.pdf") == len(TEMPLATES)
