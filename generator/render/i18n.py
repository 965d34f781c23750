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
import re

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
# `ngettext("...", "...", n)`, and the labels from data it prints (a form's standard header).
# portal.js shows no words of its own (it only joins an e-mail address's halves), so it has none.
SCRIPT_SOURCES = {
    "template-fill": ("generator/render/assets/template-fill.js", "generator/models/template.py"),
    # Not loaded from the page: generator/search.py writes the messages into the script it puts in each
    # language site's pagefind/ folder.
    "portal-search": ("generator/portal-search.js",),
    "caf-tool": ("generator/render/assets/caf-tool.js", "generator/models/template.py"),
    "practice-filters": ("generator/render/assets/practice-filters.js",),
    # The form's labels from the models' schemas and kinds (propose.py), the vocabularies' words, and the
    # fields' explanations from the models' schemas (i18n.SCHEMA_SOURCE).
    "propose": ("generator/render/assets/propose.js", "generator/render/propose.py", "generator/render/labels.py",
                "generator/schema.py"),
    "tables": ("generator/render/assets/tables.js",),
}

# The scripts that every page loads through the MkDocs config's `extra_javascript` (the others are
# loaded by the page that uses them, from its template): a language's config loads their messages
# before them, as `extra_javascript(configured, language)` lists.
SITE_SCRIPTS = ("tables",)

# The global that the message files of a language set to its plural rule, for the scripts' ngettext().
PLURAL_GLOBAL = "portalPluralForm"
_PLURAL_RULE = re.compile(r"^[n0-9%=!<>&|?:() ]+$")  # Plural-Forms' C expression: nothing but n, numbers, operators


def script_global(script: str) -> str:
    """The global a script's messages are assigned to, e.g. portalTemplateFillMessages."""
    return "portal" + "".join(part.capitalize() for part in script.split("-")) + "Messages"


def script_messages_path(script: str, language: str) -> str:
    return f"assets/{script}.{language}.js"


def extra_javascript(configured: list[str], language: str) -> list[str]:
    """The MkDocs config's `extra_javascript` for the site of `language`: each site-wide script that
    takes messages preceded by its messages file (in English the list as configured, unchanged).
    The language site's config (build stage) uses this; render() writes the files into its docs."""
    if language == ORIGINAL:
        return list(configured)
    scripts = []
    for entry in configured:  # a path, or a mapping with its `path` (MkDocs' script options)
        path = entry if isinstance(entry, str) else entry.get("path", "")
        name = path.removeprefix("assets/").removesuffix(".js")
        if path.startswith("assets/") and name in SITE_SCRIPTS:
            scripts.append(script_messages_path(name, language))
        scripts.append(entry)
    return scripts


def script_messages(script: str, language: str) -> str | None:
    """The script that gives `script` its messages in `language` (English: none, the script's own words).

    A message is its translation; a plural message (ngettext) is the list of the language's forms
    under its singular, and the file also sets the language's plural rule (which form a count takes)."""
    if language == ORIGINAL:
        return None
    sources = set(SCRIPT_SOURCES[script])
    catalogue = i18n.read_catalogue(i18n.po_path(language), language)
    messages: dict[str, str | list[str]] = {}
    for m in catalogue:
        if not m.id or m.fuzzy or not sources & {path for path, _ in m.locations}:
            continue
        if isinstance(m.id, str) and m.string:
            messages[m.id] = m.string
        elif not isinstance(m.id, str) and all(m.string):
            messages[m.id[0]] = list(m.string)
    body = json.dumps(messages, ensure_ascii=False, sort_keys=True, indent=0)
    text = f"window.{script_global(script)} = {safe_script_json(body)};\n"
    if any(isinstance(value, list) for value in messages.values()):
        text += plural_rule(catalogue.plural_expr)
    return text


def plural_rule(expression: str) -> str:
    """The language's plural rule (its catalogue's Plural-Forms) as a function of the count."""
    if not _PLURAL_RULE.match(expression):
        raise ValueError(f"not a plural rule: {expression!r}")
    return f"window.{PLURAL_GLOBAL} = function (n) {{ return Number({expression}); }};\n"


def safe_script_json(text: str) -> str:
    """JSON that cannot end the script it is in, wherever the file is included."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
