"""A template's Word download (generator/render/office.py docx_bytes), filled in: read with python-docx."""

from __future__ import annotations

import io

from .intake import Unreadable
from .reading import Cell, Reading, ReadTable

UNTICKED, TICKED = "☐", ("☑", "☒", "✓", "✔", "[x]", "[X]", "x ", "X ")


def checklist_entry(text: str) -> tuple[str, bool] | None:
    """A checklist line as the documents print it, '☐ Title — what to do'; a ticked box or an x marks it done."""
    text = text.strip()
    for box, done in ((UNTICKED, False), *((mark, True) for mark in TICKED)):
        if text.startswith(box):
            return text[len(box):].split(" — ")[0].strip(), done
    return None


def read(data: bytes, file: str) -> Reading:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except Exception as error:  # python-docx and lxml raise many kinds for a damaged package
        raise Unreadable(f"the Word file is damaged ({type(error).__name__})",
                         "open it in Word or LibreOffice and save it again as .docx") from None
    properties = document.core_properties
    reading = Reading(file=file, mark=properties.identifier or "", title=properties.title or "")
    heading = ""
    for element in document.element.body.iterchildren():
        name = element.tag.rsplit("}", 1)[-1]
        if name == "p":
            paragraph = Paragraph(element, document)
            if paragraph.style is not None and paragraph.style.name.startswith(("Heading", "Title")):
                heading = paragraph.text.strip()
                reading.title = reading.title or heading
            elif entry := checklist_entry(paragraph.text):
                reading.checklist.append(entry)
        elif name == "tbl":
            reading.tables.append(_table(Table(element, document), heading))
    return reading


def _table(table, heading: str) -> ReadTable:
    read = ReadTable(heading=heading, rows=[])
    for number, row in enumerate(table.rows, start=1):
        cells = row.cells
        if len(cells) > 1 and len({id(cell._tc) for cell in cells}) == 1:  # one cell across: a group's title
            read.group_rows.add(len(read.rows))
            cells = cells[:1]
        texts = [[p.text for p in cell.paragraphs] for cell in cells]
        read.rows.append([Cell("\n".join(parts).strip(),
                               number, column, f"table '{heading}', row {number}, cell {column}")
                          for column, parts in enumerate(texts, start=1)])
    return read
