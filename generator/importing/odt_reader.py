"""A template's OpenDocument download (generator/render/office.py odt_bytes), filled in: read with odfdo."""

from __future__ import annotations

import io

from .docx_reader import checklist_entry
from .intake import Unreadable
from .reading import Cell, Reading, ReadTable


def read(data: bytes, file: str) -> Reading:
    from odfdo import Document

    try:
        document = Document(io.BytesIO(data))
        body = document.body
        meta = document.meta
    except Exception as error:  # odfdo and lxml raise many kinds for a damaged file
        raise Unreadable(f"the OpenDocument file is damaged ({type(error).__name__})",
                         "open it in LibreOffice and save it again as .odt") from None
    mark = meta.get_user_defined_metadata_of_name("portal-template") or {}  # office.odt_bytes writes it
    reading = Reading(file=file, mark=str(mark.get("value") or ""), title=meta.get_title() or "")
    heading = ""
    for element in body.children:
        tag = element.tag
        if tag == "text:h":
            heading = element.text_recursive.strip()
            reading.title = reading.title or heading
        elif tag == "text:p":
            entry = checklist_entry(element.text_recursive)
            if entry:
                reading.checklist.append(entry)
        elif tag == "table:table":
            reading.tables.append(_table(element, heading))
    return reading


def _table(table, heading: str) -> ReadTable:
    read = ReadTable(heading=heading, rows=[])
    for number, row in enumerate(table.get_elements(".//table:table-row"), start=1):
        cells = row.get_elements("table:table-cell")
        texts = [[p.text_recursive for p in cell.get_elements("text:p")] for cell in cells]
        if len(cells) == 1 and cells[0].get_attribute("table:number-columns-spanned") not in (None, "1"):
            read.group_rows.add(len(read.rows))
        read.rows.append([Cell("\n".join(parts).strip(),
                               number, column, f"table '{heading}', row {number}, cell {column}")
                          for column, parts in enumerate(texts, start=1)])
    return read
