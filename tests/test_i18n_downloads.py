"""A template's downloads in the officer's language (issue 14): the words our writers put around
the template's own (the standard header, the footer, "page n of m", headings of the overview and of
the validations) come out in the language of the site they are downloaded from, in every format.
The template's own words are its record's and stay as written; the markers portal import reads
(CSV block names, sheet names) stay as they are, so a filled copy in any language imports.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from generator.build import check, render_options
from generator.i18n import REPOSITORY
from generator.importing.command import read_in_its_language
from generator.render import Renderer
from generator.render.downloads import templates as templates_step

# The interface's English words that a download prints; none may be left in a translated one.
ENGLISH_WORDS = ("Municipality", "Prepared by", "Source:", "Last verified", "Good-practice portal ·", "page 1 of",
                 "Field", "Hint", "How to fill it in")


def _files(language: str) -> dict[str, bytes]:
    catalog, problems = check(REPOSITORY, today=dt.date(2026, 12, 1))
    assert catalog is not None, problems
    options = render_options(REPOSITORY)
    options.language = language
    renderer = Renderer(catalog, options)
    templates_step(renderer)
    return renderer.output.files


@pytest.fixture(scope="module")
def rendered() -> dict[str, dict[str, bytes]]:
    return {language: _files(language) for language in ("en", "sq", "mk")}


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("needs pdftotext (poppler-utils)")
    path = tmp_path / "file.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _odt_text(data: bytes) -> str:
    """The words of an OpenDocument text, body and footer (styles.xml), without the markup."""
    with zipfile.ZipFile(io.BytesIO(data)) as odt:
        xml = odt.read("content.xml").decode() + odt.read("styles.xml").decode()
    return re.sub(r"<[^>]+>", " ", xml)


def _xlsx_cells(data: bytes) -> tuple[list[str], list[str]]:
    """Every cell's text, and every validation's prompt and message, of a workbook."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    cells = [str(cell.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
             if cell.value is not None]
    cells += [sheet.oddFooter.center.text or "" for sheet in workbook.worksheets]
    cells += [sheet.oddFooter.left.text or "" for sheet in workbook.worksheets]
    messages = [text for sheet in workbook.worksheets for rule in sheet.data_validations.dataValidation
                for text in (rule.prompt, rule.error)]
    return cells, messages


def _no_english(text: str) -> None:
    found = [word for word in ENGLISH_WORDS if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)]
    assert not found, f"English interface words left: {found}"


def test_the_macedonian_action_plan_pdf_has_its_header_footer_and_page_numbers_in_macedonian(rendered, tmp_path):
    text = _pdf_text(rendered["mk"]["downloads/templates/action-plan.pdf"], tmp_path)
    for word in ("Општина", "Датум", "Подготвил/а", "Верзија", "Извор: SoRi II", "Последна проверка 2026-",
                 "страница 1 од 2"):  # the form, then its guide (issue 11)
        assert word in text, word
    _no_english(text)
    english = _pdf_text(rendered["en"]["downloads/templates/action-plan.pdf"], tmp_path)
    assert "Prepared by" in english and "page 1 of 2" in english and "Source: SoRi II" in english


def test_the_albanian_action_plan_csv_and_odt_label_what_they_ask_in_albanian(rendered):
    table = rendered["sq"]["downloads/templates/action-plan.csv"].decode("utf-8-sig")
    lines = table.splitlines()
    assert lines[0].startswith("Form,action-plan,")  # the markers portal import reads stay
    assert lines[1].startswith("Burimi,") and lines[2].startswith("Verifikuar së fundi,")
    assert "Fields" in lines and "Fusha,Vlera,Udhëzim" in lines
    assert "Bashkia,," in lines and "Përgatitur nga,," in lines
    _no_english(table)
    odt = _odt_text(rendered["sq"]["downloads/templates/action-plan.odt"])
    assert "Bashkia" in odt and "Burimi: SoRi II" in odt and "Verifikuar së fundi më 2026-" in odt
    _no_english(odt)


def test_the_caf_sheet_workbook_checks_scores_in_the_officers_language(rendered):
    cells, messages = _xlsx_cells(rendered["sq"]["downloads/templates/caf-self-assessment.xlsx"])
    assert {"Fusha", "Vlera", "Titulli", "Burimi", "Bashkia"} <= set(cells)
    assert "Shkruani një numër të plotë nga 0 deri në 100." in messages
    assert "Kjo kolonë pranon një numër të plotë nga 0 deri në 100." in messages
    _no_english(" ".join(cells))
    cells, messages = _xlsx_cells(rendered["mk"]["downloads/templates/caf-self-assessment.xlsx"])
    assert "Внесете цел број од 0 до 100." in messages and "Поле" in cells and "Општина" in cells
    cells, messages = _xlsx_cells(rendered["en"]["downloads/templates/caf-self-assessment.xlsx"])
    assert "Write a whole number from 0 to 100." in messages and "Field" in cells and "Municipality" in cells


def test_the_caf_sheet_pdf_and_fillable_pdf_in_macedonian(rendered, tmp_path):
    text = _pdf_text(rendered["mk"]["downloads/templates/caf-self-assessment.pdf"], tmp_path)
    assert "Општина" in text and "страница 1 од" in text
    _no_english(text)
    fillable = rendered["mk"]["downloads/templates/caf-self-assessment-fillable.pdf"]
    text = _pdf_text(fillable, tmp_path)
    assert "Пополнете го на екран во PDF-читач" in text and "Општина" in text and "страница 1 од" in text
    _no_english(text)
    from pypdf import PdfReader

    titles = [field.get("/TU", "") for field in PdfReader(io.BytesIO(fillable)).get_fields().values()]
    assert any(re.fullmatch(r".+, ред 1", title) for title in titles), titles[:8]


def test_a_filled_albanian_download_imports_its_standard_header(rendered):
    table = rendered["sq"]["downloads/templates/action-plan.csv"].decode("utf-8-sig")
    table = table.replace("Bashkia,,", "Bashkia,Tirana,").replace("Përgatitur nga,,", "Përgatitur nga,A. B.,")
    catalog, _ = check(REPOSITORY, today=dt.date(2026, 12, 1))
    templates = {template_id: record.model for template_id, record in catalog.templates.items()}
    # The template's own labels are Albanian too (its translation): portal import reads them so.
    filled, _, problems, _ = read_in_its_language("csv", table.encode("utf-8-sig"), "plan.csv", templates, catalog)
    assert filled.header.get("municipality") == "Tirana" and filled.header.get("prepared-by") == "A. B."
    assert not [p for p in problems if "missing from the form" in p.message]


def test_the_printable_template_page_in_macedonian_prints_its_margins_in_macedonian(rendered):
    page = rendered["mk"]["templates/action-plan.md"].decode()
    style = re.search(r"<style>@page .*</style>", page).group()
    assert '"страница " counter(page) " од " counter(pages)' in style and "Последна проверка 2026" in style
    assert "page" not in style.replace("@page", "").replace("counter(page", "") and "Last verified" not in style
    for word in ("Download:", "Or print this page", "Last verified", "Source:", "How to fill it in", "Example",
                 "Municipality", "Prepared by", "fillable PDF", "Edit this page", '"page "'):
        assert word not in page, word
    english = rendered["en"]["templates/action-plan.md"].decode()
    style = re.search(r"<style>@page .*</style>", english).group()
    assert '"page " counter(page) " of " counter(pages)' in style and "Last verified 2026" in style


def test_the_caf_tools_own_blank_sheet_stays_english_for_its_script_in_every_language() -> None:
    # caf-tool.js fills the blank CSV and workbook in by their English labels and reads them back so.
    from generator.render.caf_tool import render_caf_tool

    catalog, problems = check(REPOSITORY, today=dt.date(2026, 12, 1))
    options = render_options(REPOSITORY)
    options.language = "mk"
    renderer = Renderer(catalog, options)
    render_caf_tool(renderer)
    data = renderer.output.files["caf/tool-data.js"].decode()
    assert "Municipality,," in data and "Prepared by,," in data and "Општина" not in data


def test_the_fill_in_forms_number_hint_is_in_the_pages_language() -> None:
    from generator.render.template_fill import fill_data

    catalog, _ = check(REPOSITORY, today=dt.date(2026, 12, 1))
    model = catalog.templates["caf-self-assessment"].model
    ranges = {language: [column.get("range") for table in fill_data("caf-self-assessment", model, language=language)["tables"]
                         for column in table["columns"] if column.get("range")] for language in ("en", "mk")}
    assert ranges["en"] == ["a whole number from 0 to 100"] and ranges["mk"] == ["цел број од 0 до 100"]


def test_a_language_prints_its_own_pages_address_on_the_template_page_and_its_downloads(rendered, tmp_path):
    page = rendered["mk"]["templates/action-plan.md"].decode()
    style = re.search(r"<style>@page .*</style>", page).group()  # "/" escaped for CSS as \2f
    assert r"good\2d practice\2d portal\2f mk\2f templates\2f action\2d plan.html" in style
    pdf = _pdf_text(rendered["mk"]["downloads/templates/action-plan.pdf"], tmp_path)
    assert "/mk/templates/action-plan.html" in pdf
    english = re.search(r"<style>@page .*</style>", rendered["en"]["templates/action-plan.md"].decode()).group()
    assert r"\2f mk\2f" not in english and r"portal\2f templates\2f action" in english
