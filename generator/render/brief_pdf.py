"""A one-page brief as a PDF with fpdf2, the portal's PDF writer (pdf.py): one A4 page, always.

The Brief's texts are already cut to budgets (briefs.py); here each block is measured before
it is written, and a block that would reach the footer is cut to the lines that fit, with a
pointer to the full page. There is no page break: fpdf2's automatic one is off.
Deterministic like the other downloads: the document's date is the brief's last verification.
Its own words are the catalogue's, in the brief's language (the same messages as its page's).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re

from .. import i18n
from .office import GENERATOR
from .pdf import COMMON_CHARACTERS, FONT_FILES, _font_data

PAGE_W, PAGE_H, MARGIN_X, MARGIN_Y = 210, 297, 14, 12
FOOTER_H = 28  # the address, QR code, contact, source and date at the foot of the page
CONTENT_BOTTOM = PAGE_H - MARGIN_Y - FOOTER_H - 3
QR_MM = 25
CHART_W, CHART_MAX_H = 88, 42

logging.getLogger("fpdf.svg").setLevel(logging.ERROR)  # <title> and <desc> are for screen readers, not paper


def _pdf_svg(svg: str) -> bytes:
    """Our chart SVG for fpdf2: black ink on white paper (it knows no CSS colour keywords), in DejaVu
    (its own sans-serif is a core font without '–' or any letter beyond Latin-1)."""
    svg = str(svg)  # not Markup, whose replace() would escape the replacements
    svg = svg.replace('"currentColor"', '"#000000"').replace('"Canvas"', '"#ffffff"')
    return svg.replace("<svg ", '<svg font-family="DejaVu" ', 1).encode()


def _svg_ratio(svg: str) -> float:
    match = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    return float(match.group(2)) / float(match.group(1)) if match else 0.3


def brief_pdf(brief) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

    translations = i18n.translations(brief.language)
    gettext, ngettext = translations.gettext, translations.ngettext
    words = {key: gettext(message) for key, message in (
        ("figures", "Key figures"), ("lessons", "Lessons"), ("contact", "Contact:"), ("source", "Source:"),
        ("verified", "Last verified:"), ("translation", "Translation:"), ("page", "Full page:"))}
    pointer = gettext("continued on the full page: %(address)s") % {"address": brief.address}
    more_figures = ngettext("%(num)s more on the full page: %(address)s", "%(num)s more on the full page: %(address)s",
                            brief.more_figures) % {"num": brief.more_figures, "address": brief.address}
    more_lessons = (ngettext("%(num)s more lessons, and each in full, on the full page: %(address)s",
                             "%(num)s more lessons, and each in full, on the full page: %(address)s", brief.more_lessons)
                    % {"num": brief.more_lessons, "address": brief.address} if brief.more_lessons
                    else gettext("Each lesson in full on the full page: %(address)s") % {"address": brief.address})
    texts = [brief.title, brief.lead.text, brief.source, brief.address, *brief.contact,
             *(t for pair in brief.where + brief.figures for t in pair),
             *(s.text for s in (brief.problem, brief.done, *brief.lessons) if s),
             *(c.caption for c in brief.charts), *words.values(), pointer, more_figures, more_lessons,
             brief.problem_label, brief.done_label, brief.verified, brief.translation]
    common_only = all(COMMON_CHARACTERS.issuperset(t) for t in texts)

    class _Pdf(FPDF):
        def set_font(self, family=None, style="", size=0) -> None:
            letters = "".join(sorted(set(style.upper()) & {"B", "I"}))
            key = f"dejavu{letters}"
            if key not in self.fonts:  # what add_font() does, from the (possibly cut-down) face in memory
                self.fonts[key] = TTFFont(self, io.BytesIO(_font_data(letters, common_only)), key, letters)
            super().set_font(family or "DejaVu", style, size)

    pdf = _Pdf(unit="mm", format="A4")
    pdf.set_margins(MARGIN_X, MARGIN_Y, MARGIN_X)
    pdf.set_auto_page_break(False)
    pdf.set_title(brief.title)
    for setter in (pdf.set_author, pdf.set_creator, pdf.set_producer):
        setter(GENERATOR)
    pdf.set_creation_date(dt.datetime.combine(brief.last_verified, dt.time(), tzinfo=dt.timezone.utc))
    pdf.set_lang(brief.language)
    pdf.add_page()
    width = PAGE_W - 2 * MARGIN_X

    def block(text: str, size: float, style: str = "", line: float | None = None, indent: float = 0,
              cut: bool = False) -> None:
        """Text that stops above the footer: as many lines as fit, then the pointer to the full page."""
        line = line or size * 0.48
        pdf.set_font("DejaVu", style, size)
        text = f"{text} {pointer}" if cut else text
        room = int((CONTENT_BOTTOM - pdf.get_y()) // line)
        if room <= 0:
            return
        lines = wrap(pdf, text, width - indent)
        if len(lines) > room:
            lines = wrap(pdf, " ".join(lines[:max(room - 2, 0)] + [pointer]), width - indent)[:room]
        for text_line in lines:
            pdf.set_x(MARGIN_X + indent)
            pdf.cell(width - indent, line, text_line, new_x="LMARGIN", new_y="NEXT")

    def heading(text: str) -> None:
        if pdf.get_y() + 12 < CONTENT_BOTTOM:
            pdf.ln(1.5)
            block(text, 10.5, "B", 5.2)

    block(brief.title, 15, "B", 6.6)
    pdf.ln(1)
    block(brief.lead.text, 9.5, "B", 4.6, cut=brief.lead.cut)
    pdf.ln(1)
    for label, text in brief.where:
        block(f"{label}: {text}", 8.5, "", 4.2)
    if brief.problem:
        heading(brief.problem_label)
        block(brief.problem.text, 9, "", 4.4, cut=brief.problem.cut)
    if brief.done:
        heading(brief.done_label)
        block(brief.done.text, 9, "", 4.4, cut=brief.done.cut)
    if brief.figures:
        heading(words["figures"])
        for name, figures in brief.figures:
            block(f"{name}: {figures}", 8.5, "", 4.2)
        if brief.more_figures:
            block(more_figures, 8, "", 4)
        _charts(pdf, brief.charts, room_after=32 if brief.lessons else 0)
    if brief.lessons:
        heading(words["lessons"])
        for lesson in brief.lessons:
            block(f"• {lesson.text}", 9, "", 4.4, indent=2)
        if brief.more_lessons or any(lesson.cut for lesson in brief.lessons):
            block(more_lessons, 8, "", 4)
    _footer(pdf, brief, words)
    return bytes(pdf.output())


def wrap(pdf, text: str, width: float) -> list[str]:
    """Lines of text no wider than `width` in the current font, broken between words (inside a word
    only where it alone is wider). fpdf2's multi_cell measures a line again for every character
    it adds: 100-200 ms for a brief's text; words measured once each take a few milliseconds."""
    space = pdf.get_string_width(" ")
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in text.split():
        size = pdf.get_string_width(word)
        while size > width:  # a word wider than the column: as many characters as fit, then the rest
            if current:
                lines.append(" ".join(current))
                current, used = [], 0.0
            fit = next(n for n in range(len(word), 0, -1) if pdf.get_string_width(word[:n]) <= width or n == 1)
            lines.append(word[:fit])
            word = word[fit:]
            size = pdf.get_string_width(word)
        if current and used + space + size > width:
            lines.append(" ".join(current))
            current, used = [], 0.0
        used += (space if current else 0.0) + size
        current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines


def _charts(pdf, charts, room_after: float) -> None:
    """Up to two charts side by side, each with its caption, where they fit and leave room for the lessons."""
    if not charts:
        return
    top = pdf.get_y() + 1.5
    heights = [min(CHART_W * _svg_ratio(c.svg), CHART_MAX_H) for c in charts]
    if top + 8 + max(heights) + room_after > CONTENT_BOTTOM:
        return
    for n, (chart, height) in enumerate(zip(charts, heights)):
        x = MARGIN_X + n * (CHART_W + 6)
        pdf.set_xy(x, top)
        pdf.set_font("DejaVu", "", 7.5)
        pdf.multi_cell(CHART_W, 3.5, chart.caption, max_line_height=3.5, new_x="LEFT", new_y="NEXT")
        pdf.image(io.BytesIO(_pdf_svg(chart.svg)), x=x, y=top + 8, w=height / _svg_ratio(chart.svg))
    pdf.set_xy(MARGIN_X, top + 8 + max(heights) + 1)


def _footer(pdf, brief, words: dict[str, str]) -> None:
    top = PAGE_H - MARGIN_Y - FOOTER_H
    pdf.set_draw_color(119)
    pdf.set_line_width(0.2)
    pdf.line(MARGIN_X, top, PAGE_W - MARGIN_X, top)
    text_x = MARGIN_X
    if brief.qr is not None:
        _qr(pdf, brief.qr, MARGIN_X, top + 2)
        text_x += QR_MM + 4
    pdf.set_xy(text_x, top + 2)
    lines = []
    if brief.contact:
        lines.append((words["contact"] + " ", " · ".join(brief.contact)))
    lines += [(words["source"] + " ", brief.source),
              (words["verified"] + " ", brief.verified or brief.last_verified.isoformat())]
    if brief.translation:
        lines.append((words["translation"] + " ", brief.translation))
    lines.append((words["page"] + " ", brief.address))
    pdf.set_left_margin(text_x)  # write() wraps to the left margin: beside the QR code
    for label, value in lines:  # plain writes, no markup: contributor text is never read as formatting
        pdf.set_font("DejaVu", "B", 7)
        pdf.write(3.3, label)
        pdf.set_font("DejaVu", "", 7)
        pdf.write(3.3, value)
        pdf.ln(3.3)
    pdf.set_left_margin(MARGIN_X)


def _qr(pdf, matrix, x: float, y: float) -> None:
    """The QR code drawn as filled runs of dark modules (no image to decode: sharp at any size)."""
    quiet = 4  # the quiet zone the QR standard asks for
    module = QR_MM / (len(matrix) + 2 * quiet)
    pdf.set_fill_color(0)
    for row, values in enumerate(matrix):
        column = 0
        while column < len(values):
            if values[column]:
                start = column
                while column < len(values) and values[column]:
                    column += 1
                pdf.rect(x + (quiet + start) * module, y + (quiet + row) * module,
                         (column - start) * module, module, style="F")
            else:
                column += 1
