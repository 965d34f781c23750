"""Write a `Form` as office files: Word, OpenDocument text, Excel, CSV and PDF.

Each writer keeps the table structure of the form (one column per field, in the
form's order; a grouped table gets its group as a first column in spreadsheets)
and is deterministic: document dates are the form's date, and zip entries get
a fixed timestamp, so the same input gives the same bytes.

Libraries: python-docx, odfdo (odfpy is unmaintained); the Excel writer (openpyxl) is in
workbook.py, the CSV layout in form_csv.py, the PDF writer (fpdf2) in pdf.py. Each
download is checked in LibreOffice itself by tests/test_libreoffice.py.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from html import escape as xml_escape

from .forms import Form, FormTable

GENERATOR = "Good-practice portal"
MARGIN_MM = 15
A4_MM = (210, 297)


def _timestamp(form: Form) -> dt.datetime:
    return dt.datetime.combine(form.date, dt.time(12, 0), tzinfo=dt.timezone.utc)


def _normalise_zip(data: bytes, form: Form) -> bytes:
    """Rewrite a zip with the form's date on every entry, keeping entry order and compression."""
    date_time = (form.date.year, form.date.month, form.date.day, 12, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=date_time)
            fixed.compress_type = info.compress_type
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


# Marks a blank template's download with its id and shape version, where a person does not see it
# (document properties), so that `portal import` knows what a filled copy was made from.
TEMPLATE_MARK = "good-practice-portal/template"


def template_mark(form: Form) -> str:
    """'good-practice-portal/template/<id>/<version>' for a blank template's form; '' for a filled plan."""
    return f"{TEMPLATE_MARK}/{form.name}/{form.template_version}" if form.template_version else ""


def footer_text(form: Form) -> str:
    _ = form.gettext
    source = _("Source: {source} · Last verified {date}").format(source=form.source_line(), date=form.date.isoformat())
    return f"{source} · {GENERATOR}"


def _proportions(table: FormTable) -> list[float]:
    total = sum(column.width for column in table.columns)
    return [column.width / total for column in table.columns]


def _content_width_mm(form: Form) -> float:
    width = A4_MM[1] if form.landscape else A4_MM[0]
    return width - 2 * MARGIN_MM


# ------------------------------------------------------------------ formulas

# A spreadsheet runs a cell starting with one of these as a formula (tab and CR for some
# programs): contributed text must never become one, in any CSV or workbook we write.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number such as -5 or +1.5 is only that number to a spreadsheet, so it needs no guard.
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(value)


def csv_value(value: object) -> object:
    """A value for a CSV field: text a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    return "'" + value if looks_like_formula(value) else value


# ------------------------------------------------------------------ Word


def docx_bytes(form: Form) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if form.landscape else WD_ORIENT.PORTRAIT
    short, long = Mm(A4_MM[0]), Mm(A4_MM[1])
    section.page_width, section.page_height = (long, short) if form.landscape else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    document.styles["Normal"].font.size = Pt(10)
    section.footer.paragraphs[0].text = footer_text(form)
    section.footer.paragraphs[0].runs[0].font.size = Pt(8)
    content_width = Mm(_content_width_mm(form))

    def row_flags(row, header: bool = False) -> None:
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))  # keep each row on one page
        if header:
            properties.append(OxmlElement("w:tblHeader"))  # repeat on every page

    def set_widths(table, fractions: list[float]) -> None:
        table.autofit = False
        for row in table.rows:
            for cell, fraction in zip(row.cells, fractions):
                cell.width = int(content_width * fraction)

    def hint(cell, text: str) -> None:
        run = cell.add_paragraph().add_run(text)
        run.italic, run.font.size, run.font.color.rgb = True, Pt(8), RGBColor(0x55, 0x55, 0x55)

    document.add_heading(form.title, level=1)
    document.add_paragraph(form.purpose)
    if form.checklist:
        document.add_heading(form.checklist_title, level=2)
        for item in form.checklist:
            paragraph = document.add_paragraph("☐ ")
            paragraph.add_run(item.title).bold = True
            if item.description:
                paragraph.add_run(f" — {item.description}")
    if form.fields:
        fields = document.add_table(rows=0, cols=2)
        fields.style = "Table Grid"
        for f in form.fields:
            row = fields.add_row()
            row_flags(row)
            row.cells[0].paragraphs[0].add_run(f.label).bold = True
            if f.hint and not form.filled:
                hint(row.cells[0], f.hint)
            row.cells[1].text = f.value or "\n" * (f.lines - 1)
        set_widths(fields, [0.28, 0.72])
    for table in form.tables:
        document.add_heading(table.title, level=2)
        grid = document.add_table(rows=1, cols=len(table.columns))
        grid.style = "Table Grid"
        header = grid.rows[0]
        row_flags(header, header=True)
        for cell, column in zip(header.cells, table.columns):
            cell.paragraphs[0].add_run(column.name).bold = True
            if column.description and not form.filled:
                hint(cell, column.description)
        for group in table.groups:
            if group.title:
                row = grid.add_row()
                row_flags(row)
                merged = row.cells[0].merge(row.cells[-1]) if len(row.cells) > 1 else row.cells[0]
                merged.paragraphs[0].add_run(group.title).bold = True
                shading = OxmlElement("w:shd")
                shading.set(qn("w:val"), "clear")
                shading.set(qn("w:fill"), "EEF1F7")
                merged._tc.get_or_add_tcPr().append(shading)
            for values in group.rows:
                row = grid.add_row()
                row_flags(row)
                for cell, value in zip(row.cells, values):
                    cell.text = value
                if not any(values):
                    row.height = Mm(12)
        set_widths(grid, _proportions(table))

    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = form.title[:255], GENERATOR, GENERATOR
    properties.created = properties.modified = properties.last_printed = _timestamp(form).replace(tzinfo=None)
    properties.revision = 1
    properties.comments = footer_text(form)[:255]
    properties.identifier = template_mark(form)
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue(), form)


# ------------------------------------------------------------------ OpenDocument text

_ODT_STYLES = """
<style:style style:name="PortalBold" style:family="paragraph"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="PortalHint" style:family="paragraph"><style:text-properties fo:font-style="italic" fo:font-size="8pt" fo:color="#555555"/></style:style>
<style:style style:name="PortalRow" style:family="table-row"><style:table-row-properties fo:keep-together="always"/></style:style>
<style:style style:name="PortalBlankRow" style:family="table-row"><style:table-row-properties style:min-row-height="1.2cm" fo:keep-together="always"/></style:style>
<style:style style:name="PortalCell" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.1cm"/></style:style>
<style:style style:name="PortalGroupCell" style:family="table-cell"><style:table-cell-properties fo:background-color="#eef1f7" fo:border="0.5pt solid #000000" fo:padding="0.1cm"/></style:style>
"""


def odt_bytes(form: Form) -> bytes:
    from odfdo import Cell, Document, Element, Header, Paragraph, Row, Table

    document = Document("text")
    document.body.clear()
    for xml in filter(None, (line.strip() for line in _ODT_STYLES.splitlines())):
        document.insert_style(Element.from_tag(xml), automatic=True)
    _odt_page(document, form)
    _odt_unnumbered_headings(document)
    content_width = _content_width_mm(form) / 10  # cm

    def column_styles(name: str, fractions: list[float]) -> list[str]:
        document.insert_style(Element.from_tag(
            f'<style:style style:name="{name}" style:family="table"><style:table-properties '
            f'style:width="{content_width:.2f}cm" table:align="left"/></style:style>'), automatic=True)
        names = []
        for index, fraction in enumerate(fractions):
            names.append(f"{name}.C{index}")
            document.insert_style(Element.from_tag(
                f'<style:style style:name="{names[-1]}" style:family="table-column"><style:table-column-properties '
                f'style:column-width="{content_width * fraction:.2f}cm"/></style:style>'), automatic=True)
        return names

    def text_cell(text: str, bold: bool = False, note: str = "", style: str = "PortalCell") -> Cell:
        cell = Cell(style=style)  # no clear(): it would drop the style, and the borders with it
        # A text cell, never a number or formula, whatever the text starts with.
        cell.set_attribute("office:value-type", "string")
        cell.append(Paragraph(text, style="PortalBold" if bold else None))
        if note:
            cell.append(Paragraph(note, style="PortalHint"))
        return cell

    def new_table(name: str, fractions: list[float]) -> Table:
        table = Table(name, style=name)
        for style in column_styles(name, fractions):
            table.append(Element.from_tag(f'<table:table-column table:style-name="{style}"/>'))
        return table

    body = document.body
    body.append(Header(1, form.title))
    body.append(Paragraph(form.purpose))
    if form.checklist:
        body.append(Header(2, form.checklist_title))
        for item in form.checklist:
            body.append(Paragraph(f"☐ {item.title}" + (f" — {item.description}" if item.description else "")))
    if form.fields:
        table = new_table("Fields", [0.28, 0.72])
        for f in form.fields:
            row = Row(style="PortalRow" if f.value or f.lines == 1 else "PortalBlankRow")
            row.append_cell(text_cell(f.label, bold=True, note="" if form.filled else f.hint), clone=False)
            row.append_cell(text_cell(f.value), clone=False)
            table.append_row(row, clone=False)
        body.append(table)
    for index, form_table in enumerate(form.tables, start=1):
        body.append(Header(2, form_table.title))
        table = new_table(f"Table{index}", _proportions(form_table))
        header_rows = Element.from_tag("<table:table-header-rows/>")  # repeated on every page
        header = Row(style="PortalRow")
        for column in form_table.columns:
            note = "" if form.filled else column.description
            header.append_cell(text_cell(column.name, bold=True, note=note), clone=False)
        header_rows.append(header)
        table.append(header_rows)
        span = len(form_table.columns)
        for group in form_table.groups:
            if group.title:
                row = Row(style="PortalRow")
                cell = text_cell(group.title, bold=True, style="PortalGroupCell")
                cell.set_attribute("table:number-columns-spanned", str(span))
                row.append_cell(cell, clone=False)
                for _ in range(span - 1):
                    row.append_cell(Element.from_tag("<table:covered-table-cell/>"), clone=False)
                table.append_row(row, clone=False)
            for values in group.rows:
                row = Row(style="PortalRow" if any(values) else "PortalBlankRow")
                for value in values:
                    row.append_cell(text_cell(value), clone=False)
                table.append_row(row, clone=False)
        body.append(table)

    meta = document.meta
    stamp = _timestamp(form).replace(tzinfo=None)
    meta.set_title(form.title)
    meta.set_creation_date(stamp)
    meta.set_modification_date(stamp)
    meta.set_generator(GENERATOR)
    meta.set_initial_creator(GENERATOR)
    if template_mark(form):
        meta.set_user_defined_metadata("portal-template", template_mark(form))
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue(), form)


def _odt_page(document, form: Form) -> None:
    """A4 with our margins, landscape when the form asks for it, and the source in the footer."""
    from odfdo import Element

    layout = document.get_style("page-layout", "Mpm1")
    properties = layout.get_element("style:page-layout-properties")
    width, height = (A4_MM[1], A4_MM[0]) if form.landscape else A4_MM
    properties.set_attribute("fo:page-width", f"{width / 10}cm")
    properties.set_attribute("fo:page-height", f"{height / 10}cm")
    properties.set_attribute("style:print-orientation", "landscape" if form.landscape else "portrait")
    for side in ("top", "bottom", "left", "right"):
        properties.set_attribute(f"fo:margin-{side}", f"{MARGIN_MM / 10}cm")
    master = document.get_style("master-page", "Standard")
    master.append(Element.from_tag(
        f'<style:footer><text:p text:style-name="PortalHint">{xml_escape(footer_text(form))}</text:p></style:footer>'))


def _odt_unnumbered_headings(document) -> None:
    """Headings without outline numbers: odfdo's default document numbers them "1." and "1.1."."""
    for level in document.get_part("styles.xml").get_elements("//text:outline-level-style"):
        for numbering in ("loext:num-list-format", "style:num-prefix", "style:num-suffix", "text:display-levels"):
            if level.get_attribute(numbering) is not None:
                level.del_attribute(numbering)
        level.set_attribute("style:num-format", "")


# PDF, Excel and CSV: their own modules, which build on the helpers above.
from .form_csv import form_csv  # noqa: E402
from .pdf import pdf_bytes  # noqa: E402
from .workbook import _sheet_title, xlsx_bytes  # noqa: E402,F401


# ------------------------------------------------------------------ all formats

FORMATS = {"docx": "Word", "odt": "OpenDocument text", "xlsx": "Excel", "pdf": "PDF"}


def write_all(form: Form) -> dict[str, bytes]:
    """Every download of a form: file name -> bytes."""
    files = {
        f"{form.name}.docx": docx_bytes(form),
        f"{form.name}.odt": odt_bytes(form),
        f"{form.name}.xlsx": xlsx_bytes(form),
        f"{form.name}.pdf": pdf_bytes(form),
        f"{form.name}.csv": form_csv(form),
    }
    return files
