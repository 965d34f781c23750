"""The interface's translation catalogues (issue 14): gettext .po files, compiled in memory.

`generator/locales/portal.pot` holds every string of the interface: those marked in the templates
(`_("...")`, `{% trans %}`), in the browser scripts (`_("...")`) and in Python (`_()`, `N_()`),
as babel.cfg lists them, plus the labels that the models and the downloads define as data
(`data_messages`). Each interface language has `generator/locales/<code>/LC_MESSAGES/portal.po`.

    python3 -m generator.i18n extract     # regenerate portal.pot, then update every portal.po

An update brings a new string in untranslated, a changed one as a fuzzy suggestion, and drops
strings the sources no longer have; tests/test_i18n.py refuses a catalogue until every string
has a translation that is not fuzzy. No .mo file is written: the build compiles each .po when
it first needs it, so a compiled file can never lag behind its catalogue.
"""

from __future__ import annotations

import io
import re
import sys
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import NullTranslations, Translations

from .languages import ORIGINAL, TRANSLATIONS

REPOSITORY = Path(__file__).resolve().parent.parent
LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "portal"
TEMPLATE = LOCALES / f"{DOMAIN}.pot"
MAPPING = REPOSITORY / "babel.cfg"
COMMENT_TAG = "Translators:"  # a comment starting so, just above a marked string, reaches the translator

# How far each catalogue can be trusted, in its header (Babel keeps no header of its own, so extract
# carries these lines over). Until a native speaker has reviewed a language, its pages say so.
REVIEW_HEADER = "X-Review-Status"
REVIEWED = "reviewed by a native speaker"
_OWN_HEADER = re.compile(r'^"(X-[A-Za-z-]+): (.*)\\n"$', re.MULTILINE)


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; it is translated where it is shown."""
    return message


# The sentence a page in a language not reviewed by a native speaker shows, in that language.
NOT_REVIEWED_NOTICE = N_("This page was translated by machine and has not been reviewed by a native speaker.")


def po_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


def own_headers(path: Path) -> dict[str, str]:
    """The catalogue's X- header lines (its review status), which Babel does not keep."""
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return dict(_OWN_HEADER.findall(header))


def is_reviewed(language: str) -> bool:
    return language == ORIGINAL or own_headers(po_path(language)).get(REVIEW_HEADER) == REVIEWED


def translations(language: str) -> NullTranslations:
    """gettext translations of the interface into `language`, compiled from its .po in memory."""
    if language == ORIGINAL:
        return NullTranslations()  # English is the msgid itself: the original output, byte for byte
    if language not in TRANSLATIONS:
        raise ValueError(f"no interface language {language!r}: choose one of {', '.join(TRANSLATIONS)}")
    return _compiled(language, po_path(language).stat().st_mtime_ns)  # a saved .po is read again (portal serve)


@lru_cache(maxsize=16)
def _compiled(language: str, _modified: int) -> Translations:
    compiled = io.BytesIO()
    write_mo(compiled, read_catalogue(po_path(language), language), use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


# ---------------------------------------------------------------- extraction


def data_messages() -> list[tuple[str, str]]:
    """(message, defining file) for interface labels held as data: what a form's standard header
    asks, the names of the learning cycle's steps, the words for the records' vocabularies (labels.py),
    the labels of the downloads, the Propose form's field labels (propose.py) and the explanation of
    every field and kind of file, which the models give in English (`schema_messages`)."""
    from .models.common import STAGE_LABELS
    from .models.template import STANDARD_HEADER_FIELDS
    from .render.downloads import FILLABLE_PDF_LABEL, FORMAT_LABELS
    from .render.labels import data_messages as record_labels
    from .render.propose import form_messages

    return [*((f.label, "generator/models/template.py") for f in STANDARD_HEADER_FIELDS),
            *((label, "generator/render/labels.py") for label in record_labels()),
            *((label, "generator/models/common.py") for label in STAGE_LABELS.values()),
            *((label, "generator/render/downloads.py") for label in [*FORMAT_LABELS.values(), FILLABLE_PDF_LABEL]),
            *((label, "generator/render/propose.py") for label in form_messages()),
            *((name, THEMES_FILE) for name in theme_names()),
            *((description, THEMES_FILE) for description in theme_descriptions()),
            *((text, SCHEMA_SOURCE) for text in schema_messages())]


# The portal's vocabulary of themes: the names and descriptions the registry gives them, translated like the
# interface's words (labels.py Labels.theme). A portal of one's own with other themes brings them in on extract.
THEMES_FILE = "registry/themes.yml"


def theme_names(root: Path = REPOSITORY) -> list[str]:
    """The name of every theme of registry/themes.yml, in its order (none where the file is missing)."""
    return _theme_texts(root, "name")


def theme_descriptions(root: Path = REPOSITORY) -> list[str]:
    """The description of every theme of registry/themes.yml that has one, in its order."""
    return _theme_texts(root, "description")


def _theme_texts(root: Path, key: str) -> list[str]:
    import yaml

    path = root / THEMES_FILE
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []
    return list(dict.fromkeys(entry[key] for entry in entries or []
                              if isinstance(entry, dict) and isinstance(entry.get(key), str) and entry[key].strip()))


# Where the models' descriptions reach the interface: the JSON Schema written from them (schema.py), which
# the Propose form and the field reference show. The models keep them, in English, as the one source.
SCHEMA_SOURCE = "generator/schema.py"


def schema_messages() -> list[str]:
    """Every description in the JSON Schema of every kind of file (the models' Field descriptions and
    docstrings), in the order the schemas give them: what the Propose form and the field reference
    print under each field. A field added to a model brings its description in as a new string."""
    from .schema import FILE_KINDS, schema_for

    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            for key, child in node.items():
                if key == "description" and isinstance(child, str):
                    found.append(child)
                else:
                    walk(child)

    for file_kind in FILE_KINDS:
        walk(schema_for(file_kind))
    return list(dict.fromkeys(text for text in found if text.strip()))


def extract(root: Path = REPOSITORY) -> Catalog:
    """The template catalogue as the sources mark it today (locations by file, not line, so that
    moving a string leaves the catalogue as it was)."""
    with MAPPING.open(encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file, str(MAPPING))
    template = Catalog(project="good-practice-portal", domain=DOMAIN, fuzzy=False,
                       msgid_bugs_address="the portal's repository (issues)", copyright_holder="the portal's authors")
    for path, _line, message, comments, context in extract_from_dir(
            root, method_map, options_map, comment_tags=(COMMENT_TAG,), strip_comment_tags=True):
        template.add(message, None, [(path, None)], auto_comments=comments, context=context)
    for message, path in data_messages():
        template.add(message, None, [(path, None)])
    return template


def _po_text(catalogue: Catalog, headers: dict[str, str] | None = None) -> str:
    out = io.BytesIO()
    write_po(out, catalogue, width=100, sort_output=True, ignore_obsolete=True, include_lineno=False)
    text = out.getvalue().decode("utf-8")
    if headers:  # after Babel's last header line
        own = "".join(f'"{name}: {value}\\n"\n' for name, value in headers.items())
        text = text.replace('"Generated-By: ', own + '"Generated-By: ', 1)
    return text


def messages_of(catalogue: Catalog) -> set[tuple]:
    """What a catalogue asks to translate: each message's id (singular and plural) and context."""
    return {(m.id if isinstance(m.id, str) else tuple(m.id), m.context) for m in catalogue if m.id}


def update(root: Path = REPOSITORY) -> list[str]:
    """Write portal.pot from the sources and bring every language's .po up to it; returns what changed."""
    template = extract(root)
    changed = []
    if not TEMPLATE.exists() or _entries(read_catalogue(TEMPLATE)) != _entries(template):
        TEMPLATE.write_text(_po_text(template), encoding="utf-8")  # rewritten (and re-dated) only when it changed
        changed.append(_shown(TEMPLATE))
    for language in TRANSLATIONS:
        path = po_path(language)
        catalogue = read_catalogue(path, language)
        catalogue.update(template, update_creation_date=False)
        text = _po_text(catalogue, own_headers(path))
        if text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8")
            changed.append(_shown(path))
    return changed


def _shown(path: Path) -> str:
    return path.relative_to(REPOSITORY).as_posix() if path.is_relative_to(REPOSITORY) else str(path)


def _entries(catalogue: Catalog) -> set[tuple]:
    """Each message with where it comes from and its comment to translators (as one line: the file wraps
    it): a template that differs only in its header is the same template."""
    return {(m.id if isinstance(m.id, str) else tuple(m.id), m.context, tuple(sorted(p for p, _ in m.locations)),
             " ".join(m.auto_comments)) for m in catalogue if m.id}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv != ["extract"]:
        print("usage: python3 -m generator.i18n extract   (regenerates generator/locales/portal.pot "
              "and updates every generator/locales/<lang>/LC_MESSAGES/portal.po)", file=sys.stderr)
        return 2
    changed = update()
    if not changed:
        print("the catalogues were up to date")
        return 0
    print("\n".join(f"updated {path}" for path in changed))
    print("Translate each new or fuzzy entry (an empty msgstr, or one marked '#, fuzzy') in every .po, "
          "then run: python3 -m pytest -q tests/test_i18n.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
