"""The languages the portal's interface is published in (issue 14).

English is the original of every string and of most records. The others were chosen for the
portal's users and are the codes Material for MkDocs knows (its `theme.language`): Albanian,
Bosnian/Croatian/Serbian in Latin script (Material's `sh`), Macedonian and Norwegian Bokmål.
A record's own `language` field is ISO 639-1 (bs, hr and sr are separate codes there);
`interface_language` maps it onto the interface language that serves its readers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # Material's theme.language, the docs folder's name, the file suffix of a translation
    name: str  # in the language itself, for the language switcher
    english_name: str
    record_codes: tuple[str, ...]  # ISO 639-1 codes of records whose readers this interface serves
    script: str = "LATIN"  # its alphabet, as Unicode names it: a name in it needs no transliteration on its pages


ORIGINAL = "en"
LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "English", ("en",)),
    Language("sq", "Shqip", "Albanian", ("sq",)),
    Language("sh", "Bosanski / Hrvatski / Srpski", "Bosnian, Croatian, Serbian (Latin)", ("bs", "hr", "sr", "sh")),
    Language("mk", "Македонски", "Macedonian", ("mk",), "CYRILLIC"),
    Language("nb", "Norsk bokmål", "Norwegian Bokmål", ("nb", "no", "nn")),
)
BY_CODE = {language.code: language for language in LANGUAGES}
TRANSLATIONS = tuple(language.code for language in LANGUAGES if language.code != ORIGINAL)


def interface_language(record_code: str | None) -> str | None:
    """The interface language whose readers read a record written in `record_code`, if any."""
    for language in LANGUAGES:
        if record_code in language.record_codes:
            return language.code
    return None
