"""The interface in a language: the templates' gettext, and the messages of the browser scripts.

Text from the catalogue is as trusted as the template text it replaces (translators' work is
reviewed in pull requests like the templates), so `_()`, `ngettext()` and `{% trans %}` give
Markup and MkDocs reads the translated Markdown as the original's. The values put into such a
text are a record's words: unless a filter has already made them Markup for their context
(`|attr`, `link()`, `|url`), they are escaped as plain text, safe in Markdown and in HTML.
In English the catalogue is gettext's NullTranslations: each string is its msgid, so the pages
are what they were before the strings were marked.

A browser script's messages go into a small script of their own per language
(`assets/<script>.<lang>.js`, setting one global), loaded before the script; in English there is
none and the script keeps its own words.
"""

from __future__ import annotations

import json

from jinja2 import Environment
from markupsafe import Markup

from .. import i18n
from ..languages import ORIGINAL
from . import safe


class Interface(Markup):
    """A string of the interface, in the page's language: values formatted into it are escaped."""

    __slots__ = ()

    @classmethod
    def escape(cls, value: object) -> "Interface":
        if hasattr(value, "__html__"):
            return cls(value.__html__())
        return cls(safe.md_text(value).replace('"', "&quot;"))


class _PageTranslations:
    """gettext and ngettext as Jinja's i18n extension calls them, giving Interface text."""

    def __init__(self, language: str):
        self.language = language
        self._translations = i18n.translations(language)

    def gettext(self, message: str) -> Interface:
        return Interface(self._translations.gettext(message))

    def ngettext(self, singular: str, plural: str, count: int) -> Interface:
        return Interface(self._translations.ngettext(singular, plural, count))


def _data_labels() -> frozenset[str]:
    return frozenset(message for message, _ in i18n.data_messages())


def install(env: Environment, language: str = ORIGINAL) -> Environment:
    """Give the templates `_`, `ngettext`, `{% trans %}`, the `interface` filter and the `language` in use."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(_PageTranslations(language), newstyle=True)
    labels = _data_labels()
    plain = i18n.translations(language)
    # A label from data (a standard header field, a download's name): translated when it is one of the
    # interface's, left as it is when a record wrote it; plain text either way, escaped where it lands.
    env.filters["interface"] = lambda text: plain.gettext(text) if text in labels else text
    env.globals.update(language=language,
                       review_notice=None if i18n.is_reviewed(language) else plain.gettext(i18n.NOT_REVIEWED_NOTICE))
    return env


# ---------------------------------------------------------------- browser scripts

# Each script that takes messages, with the files whose strings it shows: its own `_("...")` and
# the labels from data it prints (a form's standard header).
SCRIPT_SOURCES = {
    "template-fill": ("generator/render/assets/template-fill.js", "generator/models/template.py"),
}


def script_global(script: str) -> str:
    """The global a script's messages are assigned to, e.g. portalTemplateFillMessages."""
    return "portal" + "".join(part.capitalize() for part in script.split("-")) + "Messages"


def script_messages_path(script: str, language: str) -> str:
    return f"assets/{script}.{language}.js"


def script_messages(script: str, language: str) -> str | None:
    """The script that gives `script` its messages in `language` (English: none, the script's own words)."""
    if language == ORIGINAL:
        return None
    sources = set(SCRIPT_SOURCES[script])
    catalogue = i18n.read_catalogue(i18n.po_path(language), language)
    messages = {m.id: m.string for m in catalogue
                if m.id and m.string and not m.fuzzy and isinstance(m.id, str)
                and sources & {path for path, _ in m.locations}}
    body = json.dumps(messages, ensure_ascii=False, sort_keys=True, indent=0)
    return f"window.{script_global(script)} = {safe_script_json(body)};\n"


def safe_script_json(text: str) -> str:
    """JSON that cannot end the script it is in, wherever the file is included."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
