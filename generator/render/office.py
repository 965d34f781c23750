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

from .forms import STANDARD_HEADER_KEYS, Form, FormTable
from .print_margins import PAGE_OF

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


# ------------------------------------------------------------------ one layout for every document

# The Word, OpenDocument and PDF files print the same form the same way: these sizes (pt, mm)
# and colours are the PDF's (pdf.py), and the field and table rows leave the same room to write.
FONT_ODT, FONT_DOCX = "Liberation Sans", "Arial"  # LibreOffice prints Arial with Liberation Sans's metrics
TITLE_PT, SECTION_PT, TEXT_PT, CELL_PT, HINT_PT, FOOTER_PT = 15, 11.5, 9.5, 8.5, 7, 6.5
CELL_PADDING_MM = 1.2
HEADING_FILL, GROUP_FILL, HINT_COLOUR = "DDE3F0", "EEF1F7", "555555"
HANDWRITING_ROW_MM = 16  # the least height of a row to fill in by hand on a blank form
# A short table of blank rows (an action plan's five, no groups) has rows of 12 mm, so that all of
# it fits on the first page under the fields, as in the fillable PDF and the printed page.
SHORT_TABLE_ROWS, SHORT_ROW_MM = 6, 12
HEADER_FIELD_MM = 8  # municipality, date, prepared by, version: one line written by hand
# Space (pt) after the title and a section heading, before a section heading, after the purpose and a checklist item.
AFTER_HEADING_PT, BEFORE_SECTION_PT, AFTER_PURPOSE_PT, AFTER_ITEM_PT = 3, 8, 6, 2


def row_height_mm(form: Form, table: FormTable) -> float | None:
    """The least height of a table's rows on a blank form (None on a filled one: as tall as the text)."""
    if form.filled:
        return None
    rows = sum(len(group.rows) for group in table.groups)
    return SHORT_ROW_MM if not table.grouped and rows <= SHORT_TABLE_ROWS else HANDWRITING_ROW_MM


def field_height_mm(form: Form, f) -> float | None:
    """The least height of a field's row on a blank form: its lines of answer, or one written by hand."""
    if form.filled or f.value:
        return None
    if f.key in STANDARD_HEADER_KEYS:
        return HEADER_FIELD_MM
    return max(7.0, f.lines * 4.2 + 2 * CELL_PADDING_MM)


def page_of(form: Form) -> tuple[str, str, str]:
    """'page {page} of {pages}' in the form's language, cut around its two numbers: (before, between, after)."""
    text = form.gettext(PAGE_OF)
    before, rest = text.split("{page}", 1) if "{page}" in text else (text, "")
    between, after = rest.split("{pages}", 1) if "{pages}" in rest else (rest, "")
    return before, between, after


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
    from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_TAB_ALIGNMENT
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
    section.footer_distance = Mm(6)  # the footer sits in the bottom margin, as in the PDF
    content_width = Mm(_content_width_mm(form))
    black = RGBColor(0, 0, 0)

    def typeface(style, size: float, bold: bool = False) -> None:
        style.font.name, style.font.size, style.font.bold, style.font.italic = FONT_DOCX, Pt(size), bold, False
        style.font.color.rgb = black
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT_DOCX)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(theme), None)

    normal = document.styles["Normal"]
    typeface(normal, CELL_PT)
    normal.paragraph_format.space_after, normal.paragraph_format.space_before = Pt(0), Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name, size, before in (("Heading 1", TITLE_PT, 0), ("Heading 2", SECTION_PT, BEFORE_SECTION_PT)):
        style = document.styles[name]
        typeface(style, size, bold=True)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(AFTER_HEADING_PT)
        style.paragraph_format.keep_with_next = True

    footer_style = document.styles["Footer"]
    footer_style.font.size, footer_style.font.color.rgb = Pt(FOOTER_PT), RGBColor.from_string(HINT_COLOUR)
    footer = section.footer.paragraphs[0]
    footer.alignment = 1  # centred, as in the PDF
    footer.add_run(footer_text(form)).font.size = Pt(FOOTER_PT)
    # The page's address on the left, "page n of m" on the right.
    line = section.footer.add_paragraph()
    line.paragraph_format.tab_stops.add_tab_stop(content_width, WD_TAB_ALIGNMENT.RIGHT)
    before, between, after = page_of(form)

    def field(code: str) -> None:
        run = line.add_run()
        for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
            if kind:
                mark = OxmlElement("w:fldChar")
                mark.set(qn("w:fldCharType"), kind)
                run._r.append(mark)
            elif text == code:
                instruction = OxmlElement("w:instrText")
                instruction.set(qn("xml:space"), "preserve")
                instruction.text = f" {code} "
                run._r.append(instruction)
            else:
                shown = OxmlElement("w:t")
                shown.text = text
                run._r.append(shown)
        run.font.size = Pt(FOOTER_PT)

    line.add_run(f"{form.address}\t{before}").font.size = Pt(FOOTER_PT)
    field("PAGE")
    line.add_run(between).font.size = Pt(FOOTER_PT)
    field("NUMPAGES")
    line.add_run(after).font.size = Pt(FOOTER_PT)

    def row_flags(row, header: bool = False, height: float | None = None) -> None:
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))  # keep each row on one page
        if header:
            properties.append(OxmlElement("w:tblHeader"))  # repeat on every page
        if height:
            row.height, row.height_rule = Mm(height), WD_ROW_HEIGHT_RULE.AT_LEAST

    def new_table(rows: int, fractions: list[float]):
        """A ruled table the width of the page, its columns as the fractions say, cells padded as in the PDF."""
        table = document.add_table(rows=rows, cols=len(fractions))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        properties = table._tbl.tblPr
        width = OxmlElement("w:tblW")
        width.set(qn("w:w"), str(int(content_width.twips)))
        width.set(qn("w:type"), "dxa")
        for old in properties.findall(qn("w:tblW")):
            properties.remove(old)
        properties.append(width)
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        properties.append(layout)
        margins = OxmlElement("w:tblCellMar")
        for side in ("top", "left", "bottom", "right"):
            margin = OxmlElement(f"w:{side}")
            margin.set(qn("w:w"), str(int(Mm(CELL_PADDING_MM).twips)))
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        properties.append(margins)
        # The table's edge on the page margin, as in the PDF and the OpenDocument file (Word and LibreOffice
        # would otherwise put the text there and the rule one cell padding to the left of it).
        indent = OxmlElement("w:tblInd")
        indent.set(qn("w:w"), str(int(Mm(CELL_PADDING_MM).twips)))
        indent.set(qn("w:type"), "dxa")
        properties.append(indent)
        # Word and LibreOffice take the column widths from the grid, not from the cells alone.
        for column, fraction in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), fractions):
            column.set(qn("w:w"), str(int(content_width.twips * fraction)))
        return table

    def set_widths(table, fractions: list[float]) -> None:
        for row in table.rows:
            for cell, fraction in zip(row.cells, fractions):
                cell.width = int(content_width * fraction)

    def shade(cell, fill: str) -> None:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), fill)
        cell._tc.get_or_add_tcPr().append(shading)

    def label(cell, text: str, note: str = "") -> None:
        cell.paragraphs[0].add_run(text).bold = True
        if note:
            run = cell.add_paragraph().add_run(note)
            run.font.size, run.font.color.rgb = Pt(HINT_PT), RGBColor.from_string(HINT_COLOUR)

    document.add_heading(form.title, level=1)
    purpose = document.add_paragraph()
    purpose.add_run(form.purpose).font.size = Pt(TEXT_PT)
    # Before a heading, the heading's space alone: Word's files add the larger of the two, OpenDocument both.
    purpose.paragraph_format.space_after = Pt(0 if form.checklist else AFTER_PURPOSE_PT)
    if form.checklist:
        document.add_heading(form.checklist_title, level=2)
        for item in form.checklist:
            paragraph = document.add_paragraph("☐ ")
            paragraph.add_run(item.title).bold = True
            if item.description:
                paragraph.add_run(f" — {item.description}")
            paragraph.paragraph_format.space_after = Pt(AFTER_ITEM_PT)
    if form.fields:
        fields = new_table(0, [0.28, 0.72])
        for f in form.fields:
            row = fields.add_row()
            row_flags(row, height=field_height_mm(form, f))
            label(row.cells[0], f.label, "" if form.filled else f.hint)
            row.cells[1].text = f.value
        set_widths(fields, [0.28, 0.72])
    for table in form.tables:
        document.add_heading(table.title, level=2)
        fractions = _proportions(table)
        grid = new_table(1, fractions)
        header = grid.rows[0]
        row_flags(header, header=True)
        for cell, column in zip(header.cells, table.columns):
            label(cell, column.name, "" if form.filled else column.description)
            shade(cell, HEADING_FILL)
        height = row_height_mm(form, table)
        for group in table.groups:
            if group.title:
                row = grid.add_row()
                row_flags(row)
                merged = row.cells[0].merge(row.cells[-1]) if len(row.cells) > 1 else row.cells[0]
                merged.paragraphs[0].add_run(group.title).bold = True
                merged.paragraphs[0].paragraph_format.keep_with_next = True  # Word keeps it with its first row
                shade(merged, GROUP_FILL)
            for values in group.rows:
                row = grid.add_row()
                row_flags(row, height=height)
                for cell, value in zip(row.cells, values):
                    cell.text = value
        set_widths(grid, fractions)

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

_ODT_STYLES = f"""
<style:style style:name="PortalRow" style:family="table-row"><style:table-row-properties fo:keep-together="always"/></style:style>
<style:style style:name="PortalCell" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="{CELL_PADDING_MM / 10}cm"/></style:style>
<style:style style:name="PortalHeadingCell" style:family="table-cell"><style:table-cell-properties fo:background-color="#{HEADING_FILL.lower()}" fo:border="0.5pt solid #000000" fo:padding="{CELL_PADDING_MM / 10}cm"/></style:style>
<style:style style:name="PortalGroupCell" style:family="table-cell"><style:table-cell-properties fo:background-color="#{GROUP_FILL.lower()}" fo:border="0.5pt solid #000000" fo:padding="{CELL_PADDING_MM / 10}cm"/></style:style>
"""

# Paragraph styles of styles.xml, where the footer can use them too (it cannot see content.xml's).
_ODT_PARAGRAPH_STYLES = f"""
<style:style style:name="PortalText" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="{AFTER_PURPOSE_PT}pt"/><style:text-properties fo:font-size="{TEXT_PT}pt"/></style:style>
<style:style style:name="PortalTextBeforeHeading" style:family="paragraph" style:parent-style-name="PortalText"><style:paragraph-properties fo:margin-bottom="0pt"/></style:style>
<style:style style:name="PortalCellText" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-size="{CELL_PT}pt"/></style:style>
<style:style style:name="PortalBold" style:family="paragraph" style:parent-style-name="PortalCellText"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="PortalHint" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-size="{HINT_PT}pt" fo:color="#{HINT_COLOUR.lower()}"/></style:style>
<style:style style:name="PortalCheck" style:family="paragraph" style:parent-style-name="PortalCellText"><style:paragraph-properties fo:margin-bottom="{AFTER_ITEM_PT}pt"/></style:style>
<style:style style:name="PortalFooter" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="{FOOTER_PT}pt" fo:color="#555555"/></style:style>
<style:style style:name="PortalFooterLine" style:family="paragraph" style:parent-style-name="PortalFooter"><style:paragraph-properties fo:text-align="start"><style:tab-stops><style:tab-stop style:position="{{width}}cm" style:type="right"/></style:tab-stops></style:paragraph-properties></style:style>
"""


def odt_bytes(form: Form) -> bytes:
    from odfdo import Cell, Document, Element, Header, Paragraph, Row, Table

    document = Document("text")
    document.body.clear()
    for xml in filter(None, (line.strip() for line in _ODT_STYLES.splitlines())):
        document.insert_style(Element.from_tag(xml), automatic=True)
    content_width = _content_width_mm(form) / 10  # cm
    for xml in filter(None, (line.strip() for line in _ODT_PARAGRAPH_STYLES.splitlines())):
        document.insert_style(Element.from_tag(xml.replace("{width}", f"{content_width:.2f}")))
    _odt_typeface(document, form)
    _odt_page(document, form)
    _odt_unnumbered_headings(document)
    row_styles: dict[float, str] = {}

    def row_style(height: float | None) -> str:
        """A row kept whole on one page, at least `height` mm high."""
        if not height:
            return "PortalRow"
        if height not in row_styles:
            row_styles[height] = f"PortalRow{len(row_styles) + 1}"
            document.insert_style(Element.from_tag(
                f'<style:style style:name="{row_styles[height]}" style:family="table-row"><style:table-row-properties '
                f'style:min-row-height="{height / 10:.2f}cm" fo:keep-together="always"/></style:style>'), automatic=True)
        return row_styles[height]

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
        cell.append(Paragraph(text, style="PortalBold" if bold else "PortalCellText"))
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
    body.append(Paragraph(form.purpose, style="PortalTextBeforeHeading" if form.checklist else "PortalText"))
    if form.checklist:
        body.append(Header(2, form.checklist_title))
        for item in form.checklist:
            body.append(Paragraph(f"☐ {item.title}" + (f" — {item.description}" if item.description else ""),
                                  style="PortalCheck"))
    if form.fields:
        table = new_table("Fields", [0.28, 0.72])
        for f in form.fields:
            row = Row(style=row_style(field_height_mm(form, f)))
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
            header.append_cell(text_cell(column.name, bold=True, note=note, style="PortalHeadingCell"), clone=False)
        header_rows.append(header)
        table.append(header_rows)
        span = len(form_table.columns)
        height = row_height_mm(form, form_table)
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
                row = Row(style=row_style(height))
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


def _odt_typeface(document, form: Form) -> None:
    """The PDF's sans-serif type, black headings at its sizes, and the form's language (odfdo's default is French)."""
    from odfdo import Element

    defaults = document.get_part("styles.xml").get_element('//style:default-style[@style:family="paragraph"]')
    text = defaults.get_element("style:text-properties")
    text.set_attribute("style:font-name", FONT_ODT)
    text.set_attribute("fo:font-size", f"{CELL_PT}pt")
    text.set_attribute("fo:language", form.language)
    text.set_attribute("fo:country", "none")
    for name, size, above in (("Heading", SECTION_PT, BEFORE_SECTION_PT), ("Heading_20_1", TITLE_PT, 0),
                              ("Heading_20_2", SECTION_PT, BEFORE_SECTION_PT)):
        style = document.get_style("paragraph", name)
        for child in style.get_elements("style:text-properties") + style.get_elements("style:paragraph-properties"):
            style.delete(child)
        style.append(Element.from_tag(
            f'<style:paragraph-properties fo:margin-top="{above}pt" fo:margin-bottom="{AFTER_HEADING_PT}pt" '
            'fo:keep-with-next="always"/>'))
        style.append(Element.from_tag(
            f'<style:text-properties style:font-name="{FONT_ODT}" fo:font-size="{size}pt" fo:font-weight="bold" '
            f'fo:font-style="normal" fo:color="#000000"/>'))


def _odt_page(document, form: Form) -> None:
    """A4 with our margins, landscape when the form asks for it, and at the foot of every page, as in
    the PDF: the source, then the page's address and "page n of m"."""
    from odfdo import Element

    layout = document.get_style("page-layout", "Mpm1")
    properties = layout.get_element("style:page-layout-properties")
    width, height = (A4_MM[1], A4_MM[0]) if form.landscape else A4_MM
    properties.set_attribute("fo:page-width", f"{width / 10}cm")
    properties.set_attribute("fo:page-height", f"{height / 10}cm")
    properties.set_attribute("style:print-orientation", "landscape" if form.landscape else "portrait")
    for side in ("top", "left", "right"):
        properties.set_attribute(f"fo:margin-{side}", f"{MARGIN_MM / 10}cm")
    # The footer takes its room from the page body: the bottom margin is smaller by its height, as in the PDF.
    properties.set_attribute("fo:margin-bottom", "0.6cm")
    footer_style = layout.get_element("style:footer-style")
    footer_style.append(Element.from_tag(
        '<style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.3cm"/>'))
    before, between, after = page_of(form)
    master = document.get_style("master-page", "Standard")
    master.append(Element.from_tag(
        f'<style:footer><text:p text:style-name="PortalFooter">{xml_escape(footer_text(form))}</text:p>'
        f'<text:p text:style-name="PortalFooterLine">{xml_escape(form.address)}<text:tab/>{xml_escape(before)}'
        f'<text:page-number text:select-page="current">1</text:page-number>{xml_escape(between)}'
        f'<text:page-count>1</text:page-count>{xml_escape(after)}</text:p></style:footer>'))


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
