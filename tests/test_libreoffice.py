"""Every office download as LibreOffice shows it: opened by `soffice`, printed to PDF, and looked at.

Reading a file back with the library that wrote it proves little; here Debian's LibreOffice
opens each .odt, .docx and .xlsx of the shipped site and prints it. The PDFs are then read
as a person would: the table grid is looked for in the pixels (pdftoppm), headings and
headers in the text (pdftotext). Workbooks are also saved as OpenDocument spreadsheets to
see the data validations LibreOffice read, and each CSV is opened as a spreadsheet.

Needs `soffice` (libreoffice-writer-nogui, libreoffice-calc-nogui) and poppler-utils, which
scripts/test installs; without them these tests are skipped, except in CI, where they fail.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from generator.build import generate
from generator.render import forms

from test_downloads import FORMS

TOOLS = ("soffice", "pdftoppm", "pdftotext", "pdfinfo")
CSV_FILTER = "CSV:44,34,76,1"  # comma, double quote, UTF-8, from line 1
DPI = 60


@pytest.fixture(scope="module")
def tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"{', '.join(missing)} not installed (scripts/test installs LibreOffice and poppler-utils)"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


CHOICES_TEMPLATE = """
title: Peer review sheet
purpose: What a visiting team thought of each service.
fields:
  - key: host
    label: Host municipality
tables:
  - key: services
    title: Services
    columns:
      - key: service
        name: Service
        width: 4
      - key: verdict
        name: Verdict
        choices: [works well, works in part, does not work yet]
      - key: score
        name: Score
        minimum: 1
        maximum: 5
    rows:
      - service: Front desk
sources:
  - title: Notes
last_verified: 2026-01-15
"""


def _convert(files: list[Path], target: str, folder: Path, profile: Path, infilter: str = "") -> subprocess.Popen:
    """Start one soffice for many files (it takes seconds to start), in a profile of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    command = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               *([f"--infilter={infilter}"] if infilter else []),
               "--convert-to", target, "--outdir", str(folder), *map(str, files)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


LANGUAGE_FILES = ("sq/action-plan.odt", "sq/action-plan.docx", "mk/action-plan.odt")  # converted as "sq.action-plan.odt", ...


@dataclass
class Converted:
    pdf: dict[str, Path]  # "<name>.<ext>" -> the PDF LibreOffice printed
    ods: dict[str, Path]  # "<name>.xlsx" -> the workbook as LibreOffice saved it
    csv: dict[str, Path]  # "<name>.csv" -> the CSV as LibreOffice read it, saved as a spreadsheet
    peer_review: str  # the file name of the template with choices


@pytest.fixture(scope="module")
def converted(tools, shipped_site: Path, tmp_path_factory) -> Converted:
    work = tmp_path_factory.mktemp("libreoffice")
    inputs = work / "in"
    inputs.mkdir()
    downloads = shipped_site / "site" / "downloads"
    originals = sorted(downloads.glob("*/*.*"))
    from conftest import MiniPortal

    mini = MiniPortal(tmp_path_factory.mktemp("mini"))
    mini.write("content/templates/peer-review.yml", CHOICES_TEMPLATE)
    generated = generate(mini.root)
    assert generated.ok, generated.problems
    for name in ("peer-review.xlsx", "peer-review.csv"):
        (work / name).write_bytes(generated.output.files[f"downloads/templates/{name}"])
        originals.append(work / name)
    # And one template in a language whose words run longer than English: LANGUAGE_FILES.
    for name in LANGUAGE_FILES:
        language, file = name.split("/")
        shutil.copyfile(shipped_site / "site" / language / "downloads" / "templates" / file, work / f"{language}.{file}")
        originals.append(work / f"{language}.{file}")
    # One name per input: LibreOffice names each PDF after its input, so x.odt and x.docx would clash.
    renamed = {}
    for original in originals:
        if original.suffix in (".odt", ".docx", ".xlsx", ".csv"):
            copy = inputs / f"{original.stem}-{original.suffix[1:]}{original.suffix}"
            shutil.copyfile(original, copy)
            renamed[original.name] = copy
    office = [copy for name, copy in renamed.items() if not name.endswith(".csv")]
    sheets = [copy for name, copy in renamed.items() if name.endswith(".xlsx")]
    tables = [copy for name, copy in renamed.items() if name.endswith(".csv")]
    runs = [_convert(office, "pdf", work / "pdf", work / "profile-pdf"),
            _convert(sheets, "ods", work / "ods", work / "profile-ods"),
            _convert(tables, "ods", work / "csv", work / "profile-csv", infilter=CSV_FILTER)]
    for run in runs:
        _, errors = run.communicate(timeout=300)
        assert run.returncode == 0, errors

    def outputs(folder: str, extension: str, names: list[str]) -> dict[str, Path]:
        found = {name: work / folder / f"{renamed[name].stem}.{extension}" for name in names}
        missing = [name for name, path in found.items() if not path.exists()]
        assert not missing, f"LibreOffice made nothing of {missing}"
        return found

    return Converted(
        pdf=outputs("pdf", "pdf", [n for n in renamed if not n.endswith(".csv")]),
        ods=outputs("ods", "ods", [n for n in renamed if n.endswith(".xlsx")]),
        csv=outputs("csv", "ods", [n for n in renamed if n.endswith(".csv")]),
        peer_review="peer-review")


# ------------------------------------------------------------------ reading a PDF as a person would


def pdf_text(pdf: Path, layout: bool = False) -> list[str]:
    """The text of each page."""
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf))).group(1))
    return [_run("pdftotext", *(["-layout"] if layout else []), "-f", str(n), "-l", str(n), str(pdf), "-")
            for n in range(1, pages + 1)]


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = _run("pdfinfo", "-f", "1", "-l", "999", str(pdf))
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def grid_lines(pdf: Path, folder: Path) -> list[tuple[int, int]]:
    """(horizontal, vertical) ruled lines seen on each page: runs of dark pixels that no text makes,
    at least a third of the page wide, or as tall as two lines of text."""
    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(prefix)], check=True)
    counts = []
    for png in sorted(folder.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        ink = Image.open(png).convert("L").point(lambda value: 1 if value < 160 else 0)
        rows = _lines(ink, ink.width // 3)
        columns = _lines(ink.transpose(Image.Transpose.TRANSPOSE), int(DPI * 0.35))
        counts.append((_bands(rows), _bands(columns)))
    return counts


def _lines(ink: Image.Image, length: int) -> list[int]:
    """The pixel rows holding an unbroken run of ink at least `length` long."""
    data, width = ink.tobytes(), ink.width
    run = re.compile(b"\x01{%d,}" % length)
    return [y for y in range(ink.height) if run.search(data, y * width, (y + 1) * width)]


def _bands(positions: list[int]) -> int:
    """Adjacent pixel rows (or columns) are one line."""
    return sum(1 for i, p in enumerate(positions) if i == 0 or p != positions[i - 1] + 1)


def squeeze(text: str) -> str:
    """Text without white space and hyphens: a heading wrapped over two lines of a cell still matches
    (pdftotext joins a word hyphenated at a line's end)."""
    return re.sub(r"[\s-]+", "", text)


# ------------------------------------------------------------------ documents


DOCUMENT_FORMS = [(form, extension) for _, form in FORMS for extension in ("odt", "docx")]


@pytest.mark.parametrize("form, extension", DOCUMENT_FORMS, ids=[f"{f.name}.{e}" for f, e in DOCUMENT_FORMS])
def test_every_document_prints_its_tables_with_a_grid(converted, form, extension, tmp_path) -> None:
    pdf = converted.pdf[f"{form.name}.{extension}"]
    lines = grid_lines(pdf, tmp_path)
    rows = len(form.fields) + sum(1 + sum(len(g.rows) + bool(g.title) for g in t.groups) for t in form.tables)
    horizontal = sum(h for h, _ in lines)
    # Every row has a ruled edge below it (a row split over two pages gets two).
    assert horizontal >= rows, f"{horizontal} ruled lines for {rows} table rows: {lines}"
    widest = max([len(t.columns) for t in form.tables] + [2 if form.fields else 0])
    assert max(v for _, v in lines) >= widest + 1, f"no page shows the {widest + 1} column rules: {lines}"


@pytest.mark.parametrize("form, extension", DOCUMENT_FORMS, ids=[f"{f.name}.{e}" for f, e in DOCUMENT_FORMS])
def test_every_document_prints_its_headings_without_numbers_on_a4(converted, form, extension) -> None:
    pdf = converted.pdf[f"{form.name}.{extension}"]
    text = "\n".join(pdf_text(pdf))
    headings = [form.title, *(t.title for t in form.tables), *([form.checklist_title] if form.checklist else [])]
    for heading in headings:
        start = " ".join(heading.split()[:4])
        assert start in " ".join(text.split()), f"{heading!r} not printed"
        numbered = re.search(r"(^|\n)\s*\d+(\.\d+)*\.\s*" + re.escape(heading.split()[0]), text)
        assert numbered is None, f"heading printed with a number: {numbered.group(0)!r}"
    for width, height in page_sizes(pdf):
        assert sorted([round(width), round(height)]) == [595, 842]  # A4 in points
        assert (width > height) == form.landscape


# ------------------------------------------------------------------ workbooks


def _sheet_headers(form: forms.Form) -> list[list[str]]:
    headers = [["Field", "Value"], *(t.flat_header() for t in form.tables)]
    return headers + ([["Step", "What to do", "Done"]] if form.checklist else [])


@pytest.mark.parametrize("folder, form", FORMS, ids=[f.name for _, f in FORMS])
def test_every_workbook_prints_on_a4_a_page_wide_with_its_heading_row_on_each_page(converted, folder, form) -> None:
    pdf = converted.pdf[f"{form.name}.xlsx"]
    pages = pdf_text(pdf)
    assert len(pages) >= 1 + len(form.tables)
    for width, height in page_sizes(pdf):
        assert sorted([round(width), round(height)]) == [595, 842]
        assert (width > height) == form.landscape
    headers = _sheet_headers(form)
    for number, page in enumerate(pages, start=1):
        text = squeeze(page)
        # Each page shows the whole heading row of its sheet: the last column was not pushed onto a page
        # of its own (fit to the page width) and the heading repeats on every page.
        assert any(all(squeeze(name) in text for name in header) for header in headers), \
            f"page {number} of {pdf.name} has no complete heading row:\n{page[:500]}"
        assert f"{number}/{len(pages)}" in text  # page n of m in the footer
        assert "Source:" in page and form.date.isoformat() in page


def test_the_caf_sheet_prints_every_sub_criterion_with_room_to_write(converted, tmp_path) -> None:
    form = next(f for _, f in FORMS if f.name == "caf-self-assessment")
    pdf = converted.pdf["caf-self-assessment.xlsx"]
    text = squeeze(" ".join(pdf_text(pdf)))
    for group in form.tables[0].groups:
        for row in group.rows:
            assert squeeze(row[0]) in text  # no text cut off by a row too short for it
    # 28 rows on A4 landscape with room to write: several pages, each with a row grid.
    lines = grid_lines(pdf, tmp_path)
    assert len(lines) >= 4
    assert all(h >= 5 for h, _ in lines[1:]), lines


def _ods_content(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("content.xml").decode("utf-8")


def _validations(content: str) -> dict[str, str]:
    """Validation name -> the condition LibreOffice read from the workbook."""
    return dict(re.findall(r'<table:content-validation table:name="([^"]+)" table:condition="([^"]+)"', content))


def test_libreoffice_reads_the_caf_score_as_a_whole_number_from_0_to_100(converted) -> None:
    content = _ods_content(converted.ods["caf-self-assessment.xlsx"])
    conditions = list(_validations(content).values())
    assert conditions == ["of:cell-content-is-whole-number() and cell-content-is-between(0,100)"]
    assert "Write a whole number from 0 to 100." in content
    assert "<table:table-header-rows>" in content  # the heading row repeats on printed pages


def test_libreoffice_offers_the_choices_and_checks_the_score_of_a_template(converted) -> None:
    content = _ods_content(converted.ods["peer-review.xlsx"])
    conditions = sorted(_validations(content).values())
    assert len(conditions) == 2
    assert "cell-content-is-between(1,5)" in conditions[1] and "whole-number" in conditions[1]
    assert conditions[0].startswith("of:cell-content-is-in-list(") and "Choices" in conditions[0]
    # The list sheet holds the choices, and is hidden.
    for choice in ("works well", "works in part", "does not work yet"):
        assert f"<text:p>{choice}</text:p>" in content
    assert re.search(r'table:name="Choices" table:style-name="(ta\d+)"', content)
    hidden = re.search(r'table:name="Choices" table:style-name="(ta\d+)"', content).group(1)
    assert re.search(rf'style:name="{hidden}".*?table:display="false"', content)


def test_every_workbook_keeps_its_column_widths_in_libreoffice(converted) -> None:
    for _, form in FORMS:
        content = _ods_content(converted.ods[f"{form.name}.xlsx"])
        inches = [float(value) for value in re.findall(
            r'style:family="table-column"><style:table-column-properties[^>]*style:column-width="([\d.]+)in"',
            content)]
        per_unit = max(inches) / 90  # the overview's value column is the widest, 90 characters
        for table in form.tables:
            wanted = [max(8.0, column.width * 9.0) * per_unit for column in table.columns]
            missing = [w for w in wanted if not any(abs(w - got) < 0.05 * w for got in inches)]
            assert not missing, f"{form.name}, {table.title}: no column {missing} in wide, got {sorted(set(inches))}"


# ------------------------------------------------------------------ CSV


def _ods_rows(path: Path) -> list[list[str]]:
    """The rows of the first sheet as LibreOffice read them (repeated empty cells expanded, trailing ones cut)."""
    content = _ods_content(path)
    rows = []
    for row in re.findall(r"<table:table-row[^>]*>(.*?)</table:table-row>", content, re.S):
        cells = []
        for attributes, body in re.findall(r"<table:table-cell([^>]*?)(?:/>|>(.*?)</table:table-cell>)", row, re.S):
            repeat = int((re.search(r'table:number-columns-repeated="(\d+)"', attributes) or [0, 1])[1])
            text = "\n".join(re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<text:p>(.*?)</text:p>", body or ""))
            cells.extend([_unxml(text)] * min(repeat, 50))
        while cells and cells[-1] == "":
            cells.pop()
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _unxml(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


@pytest.mark.parametrize("folder, form", FORMS, ids=[f.name for _, f in FORMS])
def test_every_csv_opens_in_libreoffice_with_every_field_and_table(converted, folder, form) -> None:
    rows = _ods_rows(converted.csv[f"{form.name}.csv"])
    assert rows[0] == ["Form", form.name, form.title]  # accents and dashes read as UTF-8
    if form.fields:
        start = rows.index(["Fields"])
        assert rows[start + 1] == ["Field", "Value", "Hint"]
        assert [r[0] for r in rows[start + 2:start + 2 + len(form.fields)]] == [f.label for f in form.fields]
    for table in form.tables:
        start = rows.index(["Table", table.key, table.title])
        assert rows[start + 1] == table.flat_header()
        filled = [_without_trailing_blanks(row) for row in table.flat_rows() if any(row)]
        assert rows[start + 2:start + 2 + len(filled)] == filled


def _without_trailing_blanks(row: list[str]) -> list[str]:
    while row and row[-1] == "":
        row = row[:-1]
    return row


# ------------------------------------------------------------------ one form, however it is downloaded

MM_PT = 72 / 25.4


def _words(pdf: Path, page: int = 1) -> list[tuple[str, float, float]]:
    """(word, x, y) in mm of one page's words (pdftotext -bbox)."""
    out = _run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
    return [(html.unescape(w), float(x) / MM_PT, float(y) / MM_PT)
            for x, y, w in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*?)</word>', out)]


def _where(words: list[tuple[str, float, float]], text: str) -> tuple[float, float]:
    first = text.split()[0]
    found = [(x, y) for word, x, y in words if word == first]
    assert found, f"{first!r} not on the page"
    return found[0]


@pytest.mark.parametrize("name", ["action-plan.odt", "action-plan.docx", *LANGUAGE_FILES])
def test_the_action_plan_prints_on_one_page_in_libreoffice(converted, name) -> None:
    """Like its PDF (A4 landscape): header, fields and all five rows for activities on page 1, nothing
    left over for a page 2 (an empty row and the repeated heading row, before)."""
    pdf = converted.pdf[name.replace("/", ".")]
    pages = pdf_text(pdf)
    assert len(pages) == 1, [page[:200] for page in pages]
    date = next(f for _, f in FORMS if f.name == "action-plan").date.isoformat()
    assert date in pages[0]  # the footer, source and date, on the page too


@pytest.mark.parametrize("form", [f for _, f in FORMS if not f.filled], ids=lambda f: f.name)
def test_word_and_opendocument_print_the_same_form_alike(converted, form) -> None:
    """The same pages, and on each the labels and column headings in the same places (within 2.5 mm)."""
    odt, docx = converted.pdf[f"{form.name}.odt"], converted.pdf[f"{form.name}.docx"]
    assert len(pdf_text(odt)) == len(pdf_text(docx))
    first, second = _words(odt), _words(docx)
    for text in [f.label for f in form.fields] + [c.name for c in form.tables[0].columns]:
        (x1, y1), (x2, y2) = _where(first, text), _where(second, text)
        assert abs(x1 - x2) < 2.5 and abs(y1 - y2) < 2.5, f"{text!r}: odt {x1:.0f},{y1:.0f} mm, docx {x2:.0f},{y2:.0f} mm"


@pytest.mark.parametrize("extension", ["odt", "docx"])
def test_the_fields_are_padded_and_their_labels_take_under_a_third_of_the_width(converted, extension, tmp_path) -> None:
    """In the action plan's field table the text keeps clear of the rules, and the label column is as
    narrow as in the PDF (28 %), not half the page."""
    form = next(f for _, f in FORMS if f.name == "action-plan")
    pdf = converted.pdf[f"action-plan.{extension}"]
    dpi = 150
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
                   check=True)
    image = Image.open(next(tmp_path.glob("p-*.png"))).convert("L")
    x, y = _where(_words(pdf), form.fields[0].label)
    px = dpi / 25.4
    row = int((y + 1.2) * px)  # through the label's first line
    dark = [i for i in range(image.width) if image.getpixel((i, row)) < 120]
    rules = [i for n, i in enumerate(dark) if n == 0 or i != dark[n - 1] + 1]
    left = max(i for i in rules if i < x * px)
    assert (x * px - left) / px >= 1.0, f"the label is {(x * px - left) / px:.1f} mm from the rule"
    inner = [i for i in rules if i > (x + 25) * px]  # past the label's own letters, in the empty row
    assert inner, rules
    share = (inner[0] - left) / (rules[-1] - left)
    assert 0.24 < share < 0.32, f"the label column takes {share:.0%} of the width"
