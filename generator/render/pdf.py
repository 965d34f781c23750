"""Write a `Form` as a PDF with fpdf2 (pure Python; it needs only a Unicode TrueType font, DejaVu).

Like the other office writers (office.py, whose page helpers it uses), it is deterministic:
the document's date is the form's date. fpdf2 never splits a table row over two pages, so
rows that would not fit are cut into several here (_fit_row).
"""

from __future__ import annotations

import dataclasses
import functools
import io
import math
from collections.abc import Iterator
from pathlib import Path

import nh3

from . import safe
from ..i18n import N_
from .forms import Form, FormTable
from .office import (CELL_PADDING_MM, GENERATOR, HANDWRITING_ROW_MM, HINT_COLOUR, HINT_PT, MARGIN_MM, SHORT_ROW_MM,
                     _proportions, _timestamp, footer_text, row_height_mm)
from .print_margins import PAGE_OF

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


def find_font_dir() -> Path:
    for base in FONT_DIRS:
        if base.is_dir():
            for path in sorted(base.rglob(FONT_FILES[""])):
                if all((path.parent / name).exists() for name in FONT_FILES.values()):
                    return path.parent
    raise RuntimeError("PDF downloads need the DejaVu fonts: apt-get install fonts-dejavu-core")


# fpdf2 parses a font with fontTools for every document: for the whole DejaVu face (6,000
# glyphs) that costs ~25 ms per style and PDF. When all of a form's text lies in these blocks
# (Latin, punctuation, currency, ballot boxes), it gets the face cut down to them (700 glyphs)
# once per process instead: the same glyphs, widths and metrics, so the same PDF, for a third
# of the work. Any other character (Greek, Cyrillic, ...) takes the whole face.
COMMON_BLOCKS = ((0x20, 0x7E), (0xA0, 0x24F), (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2610, 0x2612))
COMMON_CHARACTERS = frozenset(chr(code) for first, last in COMMON_BLOCKS
                              for code in range(first, last + 1)) | {"\n"}


@functools.cache
def _font_data(style: str, common_only: bool) -> bytes:
    """The DejaVu face of a style ("", "B" or "I"), whole or cut to COMMON_BLOCKS."""
    path = find_font_dir() / FONT_FILES[style]
    if not common_only:
        return path.read_bytes()
    from fontTools import subset, ttLib

    # recalcBBoxes=False keeps the whole face's bounding box, which fpdf2 writes into the PDF.
    font = ttLib.TTFont(path, recalcBBoxes=False, recalcTimestamp=False, lazy=True)
    options = subset.Options(glyph_names=True, notdef_outline=True, recommended_glyphs=True,
                             name_IDs=["*"], name_languages=["*"], name_legacy=True, layout_features=[])
    options.drop_tables += ["FFTM", "GSUB", "GPOS", "GDEF"]  # fpdf2 drops them too (no text shaping here)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(ch) for ch in COMMON_CHARACTERS])
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _texts(value) -> Iterator[str]:
    """Every string in a form, whatever field it sits in."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _texts(getattr(value, field.name))


# The PDF's own words, beside the form's: in another language they may need the whole face.
OWN_WORDS = (PAGE_OF, N_("How to fill it in"), N_("Example"), N_("%(table)s: an example row"))


def _common_characters_only(form: Form) -> bool:
    own = [form.gettext(word) for word in OWN_WORDS]
    return all(COMMON_CHARACTERS.issuperset(text) for text in (*_texts(form), footer_text(form), *own))


LINE, PADDING = 4.2, CELL_PADDING_MM  # PDF table line height and cell padding, mm
HINT_GREY = int(HINT_COLOUR[:2], 16)  # a field's or column's hint under its bold label: HINT_PT, this grey

# The instructions go through fpdf2's HTML writer, given only these tags, without attributes:
# no links (contributed javascript: would stay live in a PDF), no images (it would read files or
# fetch addresses), no code (its Courier core font has no Unicode).
INSTRUCTION_TAGS = {"p", "b", "strong", "i", "em", "ul", "ol", "li", "br", "h3", "h4", "blockquote",
                    "table", "thead", "tbody", "tr", "th", "td"}


def instructions_html(markdown: str) -> str:
    """A template's instructions (GitHub Markdown) as the plain HTML that the PDF writer prints."""
    html = nh3.clean(safe.gfm_to_html(markdown), tags=INSTRUCTION_TAGS, attributes={}, strip_comments=True)
    # Headings in the instructions sit below the PDF's own "How to fill it in".
    for level in ("1", "2"):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return html


# A short table of blank rows that does not fit on its page at 12 mm a row (its heading's words
# run longer in some languages) gets rows as low as this rather than a page of its own for a row.
SHORTEST_ROW_MM = 10
# A longer table of blank rows (a day's sessions) whose last page would hold only a row or so of it gets
# rows of this height, the least to write in by hand (issue 11: about 1.5 cm), where that saves the page:
# in Macedonian and Norwegian the field hints above the event design's sessions wrap onto a second line,
# and the tenth row of sessions fell onto a page of its own.
LOWEST_HANDWRITING_ROW_MM = 15
TAIL_OF_PAGE = 0.25  # "only a row or so": the table's part on its last page, heading included, as a share of it


@dataclasses.dataclass
class _Drawn:
    data: bytes
    pages: int
    spilled: bool  # a short table of blank rows ran onto a page after the one it started on
    tail: bool  # a longer table of blank rows ended with a little of it on a page of its own


def pdf_bytes(form: Form) -> bytes:
    first = drawn = _pdf(form, SHORT_ROW_MM)
    short_row = SHORT_ROW_MM
    for height in range(SHORT_ROW_MM - 1, SHORTEST_ROW_MM - 1, -1):
        if not drawn.spilled:
            break
        drawn = _pdf(form, height)
        short_row = height
    if drawn.spilled:
        drawn, short_row = first, SHORT_ROW_MM
    if drawn.tail:
        lower = _pdf(form, short_row, LOWEST_HANDWRITING_ROW_MM)
        if lower.pages < drawn.pages and not (lower.spilled and not drawn.spilled):
            drawn = lower
    return drawn.data


def _pdf(form: Form, short_row: float, long_row: float = HANDWRITING_ROW_MM) -> _Drawn:
    """The PDF, with rows `short_row` mm high in a short table of blank rows and `long_row` mm in a longer one;
    and whether such a table ran onto a page after the one it started on, or ended with a little of it alone."""
    from fpdf import FPDF, FontFace
    from fpdf.enums import CellBordersLayout, TextEmphasis
    from fpdf.fonts import TTFFont

    common_only = _common_characters_only(form)

    class _Pdf(FPDF):
        def footer(self) -> None:
            self.set_y(-MARGIN_MM + 2)
            self.set_font("DejaVu", "", 6.5)
            self.set_text_color(85)
            self.multi_cell(0, 3, footer_text(form), align="C", new_x="LMARGIN", new_y="NEXT")
            # Like the printed web page: its address and "page n of m" at the foot of every page.
            self.cell(self.epw - 25, 3, form.address, align="L")
            self.cell(25, 3, form.gettext(PAGE_OF).format(page=self.page_no(), pages="{nb}"), align="R")

        def set_font(self, family=None, style="", size=0) -> None:
            # A style is added on first use, as fpdf2 embeds every font added, used or not
            # (italic is only used when a checklist's markdown asks for it).
            letters = "".join(sorted(set(getattr(style, "style", style).upper()) & {"B", "I"}))
            key = f"dejavu{letters}"
            ours = (family or self.font_family).lower() == "dejavu" and letters in FONT_FILES
            if ours and key not in self.fonts:
                # What add_font() does, from bytes rather than a file.
                self.fonts[key] = TTFFont(self, io.BytesIO(_font_data(letters, common_only)), key, letters)
            super().set_font(family, style, size)

    pdf = _Pdf(orientation="L" if form.landscape else "P", unit="mm", format="A4")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM + 3)
    pdf.set_title(form.title)
    pdf.set_author(GENERATOR)
    pdf.set_creator(GENERATOR)
    pdf.set_producer(GENERATOR)
    pdf.set_creation_date(_timestamp(form))
    pdf.set_lang("en")  # the language of the form's own words (its template's), whatever the labels around them
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 7, form.title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font("DejaVu", "", 9.5)
    pdf.multi_cell(0, 5, form.purpose, new_x="LMARGIN", new_y="NEXT")
    heading = FontFace(emphasis="BOLD", fill_color=(221, 227, 240))
    group_style = FontFace(emphasis="BOLD", fill_color=(238, 241, 247))
    hint_style = FontFace(emphasis=TextEmphasis.NONE, size_pt=HINT_PT, color=HINT_GREY)
    # A label and its hint below it share one box: the first has no rule below, the second none above.
    _top_part = CellBordersLayout.LEFT | CellBordersLayout.TOP | CellBordersLayout.RIGHT
    _bottom_part = CellBordersLayout.LEFT | CellBordersLayout.BOTTOM | CellBordersLayout.RIGHT

    def section_title(text: str) -> None:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 11.5)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        pdf.set_font("DejaVu", "", 8.5)

    header, fields = form.header_fields(), form.other_fields()
    if header:  # municipality, date, prepared by, version: two to a row
        pdf.ln(3)
        pdf.set_font("DejaVu", "", 8.5)
        with pdf.table(col_widths=(16, 34, 16, 34), first_row_as_headings=False, text_align="LEFT",
                       line_height=LINE, padding=PADDING) as table:
            for start in range(0, len(header), 2):
                row = table.row(min_height=None if form.filled else 9)
                for f in header[start:start + 2]:
                    row.cell(f.label, style=FontFace(emphasis="BOLD"))
                    row.cell(f.value)
    if fields:
        pdf.ln(3)
        pdf.set_font("DejaVu", "", 8.5)
        with pdf.table(col_widths=(28, 72), first_row_as_headings=False, text_align="LEFT",
                       line_height=LINE, padding=PADDING, v_align="TOP") as table:
            for f in fields:
                if f.hint and not form.filled and not f.value:
                    # The bold label, and under it in the same box its hint, smaller and not bold (a row
                    # of its own without the rule between them), beside one answer cell as tall as both.
                    row = table.row()
                    row.cell(f.label, style=FontFace(emphasis="BOLD"), padding=(PADDING, PADDING, 0.3, PADDING),
                             border=_top_part)
                    row.cell("\n" * (f.lines - 1), rowspan=2)
                    table.row().cell(_short(f.hint), style=hint_style, padding=(0, PADDING, PADDING, PADDING),
                                     border=_bottom_part)
                    continue
                for part in _fit_row(pdf, [f.label, f.value or "\n" * (f.lines - 1)], [28, 72], bold={0}):
                    row = table.row()
                    row.cell(part[0], style=FontFace(emphasis="BOLD"))
                    row.cell(part[1])
    spilled = tail = False
    for form_table in form.tables:
        section_title(form_table.title)
        start_page = pdf.page
        span = len(form_table.columns)
        widths = _pdf_widths(pdf, form_table)
        # On a blank form, each column's description under its name, as on the printed page and in
        # the Word and OpenDocument files: a second heading row, repeated with the first.
        hints = not form.filled and any(column.description for column in form_table.columns)
        blank_height = row_height_mm(form, form_table)  # 12 mm in a short table of blank rows, else 16 mm
        short = blank_height == SHORT_ROW_MM
        if short:
            blank_height = short_row
        elif blank_height == HANDWRITING_ROW_MM:
            blank_height = long_row
        with pdf.table(col_widths=widths, headings_style=heading, num_heading_rows=2 if hints else 1,
                       text_align="LEFT", line_height=LINE, padding=PADDING, repeat_headings=1, v_align="TOP") as table:
            row = table.row()
            for column in form_table.columns:
                row.cell(column.name, padding=(PADDING, PADDING, 0.3 if hints else PADDING, PADDING),
                         border=_top_part if hints else CellBordersLayout.INHERIT)
            if hints:
                row = table.row()
                for column in form_table.columns:
                    row.cell(_short(column.description), style=hint_style, padding=(0, PADDING, PADDING, PADDING),
                             border=_bottom_part)
            for group in form_table.groups:
                if group.title:
                    table.row().cell(group.title, colspan=span, style=group_style)
                for values in group.rows:
                    for part in _fit_row(pdf, values, widths):
                        row = table.row(min_height=blank_height)
                        for value in part:
                            row.cell(value)
        spilled = spilled or (short and pdf.page != start_page)
        tail = tail or (blank_height is not None and not short and pdf.page != start_page
                        and pdf.get_y() - pdf.t_margin < TAIL_OF_PAGE * pdf.eph)
    if form.instructions or form.checklist or form.examples():
        _guide(pdf, form, section_title, heading)
    data = bytes(pdf.output())
    return _Drawn(data, pdf.pages_count, spilled, tail)


def _guide(pdf, form: Form, section_title, heading) -> None:
    """How to fill it in, on a page of its own after the form (as in print): instructions, checklist, examples.

    A form that is only a checklist keeps it on its first page.
    """
    from fpdf import FontFace

    if form.fields or form.tables:
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 13)
        pdf.multi_cell(0, 7, form.gettext("How to fill it in"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    if form.instructions:
        pdf.write_html(instructions_html(form.instructions), font_family="DejaVu",
                       table_line_separators=True, li_prefix_color=(0, 0, 0), tag_styles=_instruction_styles())
    if form.checklist:
        section_title(form.checklist_title)
        for item in form.checklist:
            # Not fpdf2's markdown: it would make contributed [text](javascript:...) a live link.
            pdf.set_font("DejaVu", "B", 8.5)
            pdf.write(4.5, f"☐ {item.title}")
            pdf.set_font("DejaVu", "", 8.5)
            pdf.write(4.5, f" — {item.description}" if item.description else "")
            pdf.ln(4.5)
    for index, form_table in enumerate(form.examples()):
        section_title(form.gettext("Example") if index == 0 else "")
        pdf.set_font("DejaVu", "B", 8.5)
        pdf.multi_cell(0, 5, form.gettext("%(table)s: an example row") % {"table": form_table.title},
                       new_x="LMARGIN", new_y="NEXT")
        widths = _pdf_widths(pdf, form_table, form_table.example)
        with pdf.table(col_widths=widths, headings_style=heading, text_align="LEFT",
                       line_height=LINE, padding=PADDING) as table:
            row = table.row()
            for column in form_table.columns:
                row.cell(column.name)
            for part in _fit_row(pdf, form_table.example, widths):
                row = table.row()
                for value in part:
                    row.cell(value, style=FontFace(emphasis="ITALICS"))


def _instruction_styles() -> dict:
    """The instructions in black, as the rest of the PDF: fpdf2 prints headings dark red, quotes purple."""
    from fpdf import TextStyle

    black = (0, 0, 0)
    return {"h3": TextStyle(font_family="DejaVu", font_style="B", font_size_pt=10.5, color=black, t_margin=3, b_margin=1),
            "h4": TextStyle(font_family="DejaVu", font_style="B", font_size_pt=9.5, color=black, t_margin=2.5, b_margin=1),
            "blockquote": TextStyle(color=(60, 60, 60), t_margin=2, l_margin=6, b_margin=2)}


def _pdf_widths(pdf, table: FormTable, row: list[str] | None = None) -> list[float]:
    """Column widths in mm from the width hints, but never narrower than a heading's longest word.

    `row`: a row printed in italics (the example), whose longest words must fit as well.
    """
    pdf.set_font("DejaVu", "B", 8.5)
    need = [max(pdf.get_string_width(word) for word in column.name.split()) + 2 * PADDING + 1
            for column in table.columns]
    if row:
        pdf.set_font("DejaVu", "I", 8.5)
        need = [max([least, *(pdf.get_string_width(word) + 2 * PADDING + 1 for word in value.split())])
                for least, value in zip(need, row)]
    if sum(need) > pdf.epw * 0.8:  # headings of long words: let them wrap inside the word, keep room for the rest
        need = [least * pdf.epw * 0.8 / sum(need) for least in need]
    widths = [max(pdf.epw * share, least) for share, least in zip(_proportions(table), need)]
    excess, room = sum(widths) - pdf.epw, [w - least for w, least in zip(widths, need)]
    if excess > 0 and sum(room) > 0:  # take the extra from the columns that have some to spare
        widths = [w - excess * r / sum(room) for w, r in zip(widths, room)]
    pdf.set_font("DejaVu", "", 8.5)
    return widths


HINT_CHARACTERS = 300  # a hint is one row of its own, which fpdf2 cannot split over pages


def _short(text: str) -> str:
    return text if len(text) <= HINT_CHARACTERS else text[:HINT_CHARACTERS - 1].rstrip() + "…"


def _fit_row(pdf, values: list[str], weights: list[float], bold: set[int] = frozenset()) -> list[list[str]]:
    """A row cut into several rows when it would not fit on one page (fpdf2 never splits a row).

    `bold`: the columns printed in bold, measured so (bold text is wider, so wraps into more lines).
    """
    total = sum(weights)
    widths = [pdf.epw * weight / total - 2 * PADDING for weight in weights]
    max_lines = int((pdf.eph - 30) // LINE)  # leave room for the repeated heading row
    style, size = pdf.font_style, pdf.font_size_pt

    def measured(index: int, measure):
        pdf.set_font("DejaVu", "B" if index in bold else style, size)
        try:
            return measure()
        finally:
            pdf.set_font("DejaVu", style, size)

    if all(measured(i, lambda: _most_lines(pdf, value, width)) <= max_lines
           for i, (value, width) in enumerate(zip(values, widths))):
        return [values]  # the usual case, found without wrapping the text (the table wraps it twice)
    wrapped = [measured(i, lambda: pdf.multi_cell(width, LINE, value, dry_run=True, output="LINES"))
               if value.strip() else [value] for i, (value, width) in enumerate(zip(values, widths))]
    longest = max(len(lines) for lines in wrapped)
    if longest <= max_lines:
        return [values]
    return [["\n".join(lines[start:start + max_lines]) for lines in wrapped]
            for start in range(0, longest, max_lines)]


def _most_lines(pdf, text: str, width: float) -> float:
    """At least as many lines as multi_cell wraps `text` into in a cell `width` wide, cheaply.

    Two consecutive lines of a paragraph and the space dropped between them (an em at most)
    are wider than the cell, else the second line's start would have ended the first: so a
    paragraph w wide takes fewer than 2 * w / (width - em) + 2 lines.
    """
    room = width - pdf.font_size
    if room <= 0:
        return math.inf
    paragraphs = text.count("\n") + text.count("\f") + 1
    return 2 * pdf.get_string_width(text) / room + 2 * paragraphs
