"""Checks made before a file is parsed: its kind, its size, and for zip files (xlsx, docx, odt)
what the archive's directory says it unpacks to, so that no zip bomb is ever inflated."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

MAX_FILE_BYTES = 5_000_000  # a filled form is tens of kilobytes; pictures pasted in make a few MB
MAX_UNZIPPED_BYTES = 50_000_000
MAX_ZIP_ENTRIES = 2_000
MAX_RATIO = 200  # text XML packs about 10:1; far more means a crafted archive

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".odt": "odt", ".docx": "docx", ".pdf": "pdf", ".json": "json"}
ZIPPED = {"xlsx", "odt", "docx"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted Office file, or an old .doc/.xls


class Unreadable(Exception):
    """A file that cannot be read at all: the message says why, the hint what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def read_file(path: Path) -> tuple[str, bytes]:
    """(format, bytes) of a file that is worth parsing; Unreadable otherwise."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise Unreadable(f"'{path.suffix or path.name}' is not a format portal import reads",
                         "import a template filled in as .xlsx, .odt, .docx, .csv, .pdf or .json")
    if not path.is_file():
        raise Unreadable("no such file", "give the path of the filled-in template")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise Unreadable(f"the file is {size / 1e6:.1f} MB, more than a filled form can be "
                         f"({MAX_FILE_BYTES / 1e6:.0f} MB)", "remove pictures or attachments pasted into it")
    data = path.read_bytes()
    if kind in ZIPPED:
        check_zip(data, kind)
    if kind == "pdf" and not data.lstrip()[:5] == b"%PDF-":
        raise Unreadable("this is not a PDF file (it does not start as one)", "export the form again as PDF")
    return kind, data


def check_zip(data: bytes, kind: str) -> None:
    if data.startswith(OLE_MAGIC):
        raise Unreadable(f"the file is protected with a password (or is an old-style Office file, not .{kind})",
                         f"remove the password, or save it again as .{kind}, then import it")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Unreadable(f"the file is damaged: it is not a readable .{kind} file",
                         "open it in your office program and save it again") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise Unreadable(f"the file holds {len(entries)} parts, far more than a form", "save the form again")
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise Unreadable("the file is encrypted", "remove the password, then import it")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNZIPPED_BYTES or unpacked > MAX_RATIO * max(len(data), 1) + 1_000_000:
        raise Unreadable(f"the file would unpack to {unpacked / 1e6:.0f} MB, more than a form can hold",
                         "this is not one of the portal's templates; save the form again")
