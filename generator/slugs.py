"""Ids from what people type: `Ajdovščina PB` -> `ajdovscina-pb`, `Скопје` -> `skopje`.

File names are ids (lower-case ASCII letters, digits, hyphens); anyascii transliterates every
script, where Unicode decomposition alone would drop ø, ß, ł or a Cyrillic name entirely.
"""

from __future__ import annotations

import re

from anyascii import anyascii

from .source_files import ID

MAX_LENGTH = 60  # a file name that still reads well in a list and a URL


def id_from_text(text: str) -> str:
    """The id for a name or title; '' when nothing usable is left (e.g. only punctuation)."""
    words = re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")
    while len(words) > MAX_LENGTH:  # cut at a hyphen, so no word is cut in half
        words = words.rsplit("-", 1)[0] if "-" in words[:MAX_LENGTH + 1] else words[:MAX_LENGTH]
    return words if ID.fullmatch(words) else ""  # may be a reserved id ('index'): the caller says so
