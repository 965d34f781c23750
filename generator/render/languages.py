"""What a language's docs folder holds, and how its pages point to the English site for the rest (issue 14).

English is rendered as it always was. Another language L holds every fixed page (home, the index
pages, the guides index, the templates, the contribute and reference pages, the tools, the assets)
but of the per-record pages only those of records translated into L, and of the guides only the
translated ones. Everything else stays in English: a link from a page of L to a page L does not
hold goes one folder up, to the English site (`site/L/practices/x.html` -> `../../themes/y.html`),
which works on GitHub Pages under a sub-path, from disk and under `portal serve`.

Those links are written as inline HTML (`<a href="...">`): MkDocs checks Markdown links against
the docs folder it builds and would warn on each, but leaves raw HTML alone. tests/test_language_pages.py
checks that each of them has its page in the English docs folder.

Each step says in which languages it runs (`@step(languages=...)`, or STEP_LANGUAGES below for
the steps of other modules): EVERY (fixed pages, in each language), TRANSLATED (one page per
record: in L only the records translated into L, via `Renderer.records()`), ORIGINAL_ONLY.
A page that exists in more than one language lists them in its front matter,
`translations: [en, sq]`, which overrides/ reads for the hreflang links and the language switcher.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any

from babel import Locale
from markupsafe import Markup

from .. import i18n
from ..i18n import N_
from ..languages import ORIGINAL, TRANSLATIONS
from . import safe

EVERY, TRANSLATED, ORIGINAL_ONLY = "every", "translated", "original"

# The steps registered outside pages.py, by module and name.
STEP_LANGUAGES = {
    "about.accessibility": EVERY, "choices.choices": EVERY, "contribute.contribute": EVERY,
    "downloads.templates": EVERY, "downloads.plans": TRANSLATED, "exports.open_data": EVERY,
    "propose.propose_form": EVERY, "propose.propose_records": TRANSLATED, "reference.editor_reference": EVERY,
    "briefs.briefs": TRANSLATED, "template_fill.template_fill": EVERY,
    "script_messages.script_message_files": EVERY,
}

CLDR_LOCALES = {"sh": "bs"}  # Material's sh (Bosnian/Croatian/Serbian, Latin) named in Bosnian, as labels.py does
RECORD_SECTIONS = {"practices": "practice", "networks": "network", "results": "results"}
# Fixed pages and the files they need, in every language. The templates' downloads are the six
# templates in the reader's language (issue 14: "a printable plan in the officer's language").
FIXED_FOLDERS = ("assets/", "templates/", "downloads/templates/", "caf/", "propose/", "reference/", "contribute/")
FIXED_FILES = frozenset({
    "index.md", "accessibility.md", "data/index.md", "guides/index.md", "practices/index-data.js",
    *(f"{section}/index.md" for section in ("practices", "networks", "results", "municipalities",
                                            "organisations", "countries", "themes")),
})

STATUS_NOTICES = {
    "machine": N_("This page was translated by machine and has not been reviewed by a native speaker."),
    "human": N_("This page was translated by a person and has not been reviewed by a native speaker."),
    "reviewed": N_("This translation has been reviewed by a native speaker."),
}
# The language's name goes in as a name of its own, in brackets: inside a sentence it would need its case.
ORIGINAL_NOTICE = N_("Read the original (%(language)s).")
PARTS_NOTICE = N_("Parts of this page are not translated yet and are shown in the original language (%(language)s).")
UNTRANSLATED_NOTICE = N_("This page is not translated yet: it is shown in the original language (%(language)s).")
LIST_NOTICE = N_("Entries not yet translated are shown in their original language and link to the original page.")


def step_languages(step: Any) -> str:
    """In which languages a render step runs (EVERY, TRANSLATED or ORIGINAL_ONLY)."""
    declared = getattr(step, "languages", None)
    if declared:
        return declared
    # A step nobody classified yet runs everywhere (its pages are still filtered by Holdings);
    # tests/test_language_pages.py asks every step to be classified.
    return STEP_LANGUAGES.get(step_key(step), EVERY)


def step_key(step: Any) -> str:
    return f"{step.__module__.rsplit('.', 1)[-1]}.{step.__name__}"


def steps_for(steps: list, language: str) -> list:
    if language == ORIGINAL:
        return list(steps)
    return [s for s in steps if step_languages(s) != ORIGINAL_ONLY]


# ---------------------------------------------------------------- which pages a language holds


class Holdings:
    """Which docs files each language holds, from the catalogue's translations."""

    def __init__(self, catalog: Any):
        self.records: dict[str, dict[str, set[str]]] = {code: {} for code in TRANSLATIONS}
        for (kind, record_id), by_language in catalog.translations.items():
            for code in by_language:
                self.records.setdefault(code, {}).setdefault(kind, set()).add(record_id)
        self.guides = {code: {path for path, by in catalog.page_translations.items() if code in by}
                       for code in TRANSLATIONS}

    def translated(self, language: str, kind: str, record_id: str) -> bool:
        return language == ORIGINAL or record_id in self.records.get(language, {}).get(kind, ())

    def holds(self, language: str, path: str) -> bool:
        """Whether the docs folder of `language` has the file `path` (relative to the docs root)."""
        if language == ORIGINAL:
            return True
        path = page_source(path)
        if path in FIXED_FILES or path.startswith(FIXED_FOLDERS):
            return True
        section, _, rest = path.partition("/")
        if section in RECORD_SECTIONS and rest.endswith(".md") and "/" not in rest:
            return self.translated(language, RECORD_SECTIONS[section], rest[:-3])
        if section == "guides":
            return rest in self.guides.get(language, ()) if rest.endswith(".md") else True  # pictures go along
        return self._holds_print(language, path)

    def _holds_print(self, language: str, path: str) -> bool:
        """A translated record's brief (briefs/<section>/<id>/index.html, downloads/briefs/<section>/<id>.pdf)
        and printable plan (plans/<network>-action-plan.md, plans/<results>.md, downloads/plans/<name>.<ext>)."""
        download = path.startswith("downloads/")
        parts = path.removeprefix("downloads/").split("/")
        if parts[0] == "briefs" and len(parts) > 2 and parts[1] in ("practices", "results"):
            if download:  # downloads/briefs/<section>/<id>.pdf
                record_id = parts[2].removesuffix(".pdf") if len(parts) == 3 and parts[2].endswith(".pdf") else None
            else:  # briefs/<section>/<id>/index.html
                record_id = parts[2] if parts[3:] == ["index.html"] else None
            return record_id is not None and self.translated(language, RECORD_SECTIONS[parts[1]], record_id)
        if parts[0] == "plans" and len(parts) == 2 and "." in parts[1]:
            name = parts[1].split(".", 1)[0]
            network = name.removesuffix("-action-plan")
            return (network != name and self.translated(language, "network", network)) or \
                self.translated(language, "results", name)
        return False

    def languages_of(self, path: str) -> list[str]:
        """The languages a page exists in, English first (English holds every page)."""
        return [ORIGINAL] + [code for code in TRANSLATIONS if self.holds(code, path)]


def page_source(path: str) -> str:
    """The docs file behind a link target: a page's .html is its .md, a folder its index.md."""
    if path.endswith("/") or path == "":
        return path + "index.md"
    if path.endswith(".html") and not path.startswith(("briefs/", "assets/")):
        return path[:-5] + ".md"
    return path


# ---------------------------------------------------------------- links to the English site

# What a page's body is read as, left to right: a block of contributed text (safe.safe_markdown
# wraps all of it so), a start tag, or a Markdown link of our templates. In the HTML on a page (ours,
# or contributed text after nh3) an attribute value holds no `<` and no raw `"`, and text no raw
# `<`, so a tag match is a whole tag, never text inside one. A link's label may hold one level of
# brackets but never an unmatched `[`: every pattern gives up at the next `[` or `<`, so reading
# stays linear on any input (a line of 40,000 `[` included).
_CONTRIBUTED = '<div class="contributed" markdown="0">'
_TOKEN = re.compile(
    "(?P<contributed>" + re.escape(_CONTRIBUTED) + ")"
    r"|(?P<tag><[a-zA-Z][^<>]*>)"
    r"|(?<![!\\])\[(?P<label>(?:\\.|[^\[\]\\\n]|\[[^\[\]\\\n]*\])*)\]\((?P<target>[^()\s]+)\)"
    r"(?:\{(?P<attrs>[^}\n]*)\})?")
_START_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_DIV = re.compile(r"<div\b|</div>")
_HTML_ATTRIBUTE = re.compile(r'(?P<name>\bhref|\bsrc)="(?P<target>[^"]*)"')
_NOT_RELATIVE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#)")


@dataclass
class CrossLinks:
    """Rewrites the links of a page of `language` that lead to pages only the English site has."""

    holdings: Holdings
    language: str

    def page(self, path: str, markdown: str) -> str:
        """The page with its links to pages L lacks pointed at the English site.

        Never the front matter. In contributed text only the href/src of its tags: its text and
        code stay as written, and a Markdown-looking text in it is no link (MkDocs leaves that
        block alone). Elsewhere, our templates' Markdown links too, written as HTML links."""
        folder = posixpath.dirname(path)
        up = "../" * (folder.count("/") + 1 if folder else 0) + "../"
        head, body = _front_matter(markdown)
        parts, position = [head], 0
        for match in _TOKEN.finditer(body):
            if match.start() < position:
                continue  # inside a contributed block already copied
            parts.append(body[position:match.start()])
            if match["contributed"]:
                end = _block_end(body, match.start())
                parts.append(_START_TAG.sub(lambda tag: self._tag(tag[0], folder, up), body[match.start():end]))
                position = end
            else:
                parts.append(self._tag(match[0], folder, up) if match["tag"] else self._markdown(match, folder, up))
                position = match.end()
        parts.append(body[position:])
        return "".join(parts)

    def _tag(self, tag: str, folder: str, up: str) -> str:
        if 'href="' not in tag and 'src="' not in tag:
            return tag
        return _HTML_ATTRIBUTE.sub(lambda m: self._html(m, folder, up), tag)

    def _markdown(self, match: re.Match, folder: str, up: str) -> str:
        """One of our templates' Markdown links; as an HTML link where it leads to a page only English has."""
        address = self.english(folder, match["target"], up)
        if address is None:
            return match[0]
        classes = " ".join(part[1:] for part in (match["attrs"] or "").split() if part.startswith("."))
        class_attribute = f' class="{safe.attr(classes)}"' if classes else ""
        label = match["label"].replace("<", "&lt;")  # a template's Markdown text; never a tag of its own
        return f'<a href="{safe.attr(address)}"{class_attribute}{self._language_of(address)}>{label}</a>'

    def english_link(self, page: str, title: str, depth: int) -> Markup:
        """An HTML link to the English site's copy of `page` (docs-relative), from `depth` folders down."""
        address = "../" * (depth + 1) + page.removesuffix(".md") + ".html"
        language = self._language_of(address)
        if not language and page.startswith("themes/") and isinstance(title, OriginalText):
            language = f' lang="{title.language}"'  # a theme's name the catalogue does not translate: the registry's
        # Markdown reads the text of an inline HTML link as Markdown: escaped for Markdown (md_text also
        # escapes & < >), so a title's "[x](javascript:…)" stays text (tests/test_hostile_corpus.py).
        return Markup(f'<a href="{safe.html_url(address)}"{language}>{safe.md_text(title)}</a>')

    def english(self, folder: str, target: str, up: str) -> str | None:
        """The address on the English site of a relative target the language does not hold, else None."""
        if _NOT_RELATIVE.match(target) or not target:
            return None
        path, mark, rest = _split(target)
        resolved = posixpath.normpath(posixpath.join(folder, path)) if path else ""
        if resolved.startswith("..") or not path or self.holdings.holds(self.language, resolved):
            return None
        if resolved.endswith(".md"):
            resolved = resolved[:-3] + ".html"
        return up + resolved + mark + rest

    def _html(self, match: re.Match, folder: str, up: str) -> str:
        address = self.english(folder, match["target"].replace("&amp;", "&"), up)
        if address is None:
            return match[0]
        language = self._language_of(address) if match["name"] == "href" else ""
        return f'{match["name"]}="{safe.attr(address)}"{language}'

    def _language_of(self, address: str) -> str:
        """`lang` for a link to a record's page in English: its text is the record's title, in English."""
        path = address.lstrip("./")
        section, _, rest = path.partition("/")
        if (section in RECORD_SECTIONS or section == "guides") and rest.endswith(".html") and "/" not in rest \
                and rest != "index.html":
            return f' lang="{ORIGINAL}" hreflang="{ORIGINAL}"'
        return ""


def _block_end(body: str, start: int) -> int:
    """Where the <div> opened at `start` closes (nh3's output is balanced), or the end of the page."""
    depth = 0
    for match in _DIV.finditer(body, start):
        depth += 1 if match[0] == "<div" else -1
        if depth == 0:
            return match.end()
    return len(body)


def _front_matter(markdown: str) -> tuple[str, str]:
    """(front matter with its fences, the rest): the front matter is ours, YAML, and never rewritten."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end != -1:
            return markdown[:end + 5], markdown[end + 5:]
    return "", markdown


def _split(target: str) -> tuple[str, str, str]:
    for mark in ("#", "?"):
        if mark in target:
            path, rest = target.split(mark, 1)
            return path, mark, rest
    return target, "", ""


# ---------------------------------------------------------------- front matter


def with_translations(markdown: str, languages: list[str]) -> str:
    """The page with `translations: [en, sq]` in its front matter, when it exists in more than one language."""
    if len(languages) < 2:
        return markdown
    line = f"translations: [{', '.join(languages)}]\n"
    if markdown.startswith("---\n"):
        return "---\n" + line + markdown[4:]
    return "---\n" + line + "---\n\n" + markdown


# ---------------------------------------------------------------- a record in a language


class OriginalText(str):
    """A record's text shown untranslated on a page of another language; `language` is the one it is in."""

    language = ORIGINAL


def original_text(text: str, language: str) -> OriginalText:
    marked = OriginalText(text)
    marked.language = language
    return marked


def marking_original(body_filter: Any) -> Any:
    """The `body` filter, which puts a text left in its original language into an element with its `lang`."""
    def body(value: Any) -> Markup:
        formatted = body_filter(value)
        if isinstance(value, OriginalText) and formatted.strip():
            return in_original_language(formatted, value.language)
        return formatted
    return body


class LocalizedRecord:
    """A record as a page of another language shows it: the translation's text over the original's.

    `model` is the original's model with each translated field replaced (ids, figures and dates
    are the original's); `untranslated` says whether any text is left in the original language."""

    def __init__(self, record: Any, translation: Any):
        self.kind, self.id, self.file, self.raw = record.kind, record.id, record.file, record.raw
        self.original = record
        self.translation = translation
        language = getattr(record.model, "language", ORIGINAL) or ORIGINAL
        self.model, missing = merged(record.model, translation.model, language)
        original_body = record.body.strip()
        self.body_translated = bool(translation.body.strip()) or not original_body
        self.body = translation.body if translation.body.strip() else original_text(record.body, language)
        self.untranslated = missing or not self.body_translated
        self.status = translation.model.translation.status

    def position(self, *location: Any) -> Any:
        return self.original.position(*location)


def merged(original: Any, translated: Any, language: str = ORIGINAL) -> tuple[Any, bool]:
    """(the original model with the translation's texts, whether some text has no translation).

    A text left untranslated is an OriginalText (a str), so a long text shown with `|body` says its language."""
    from ..models.translation import translatable_parts

    update, missing = {}, False
    for part in translatable_parts(type(original)):
        there = getattr(original, part.name, None)
        value = getattr(translated, part.name, None) if translated is not None else None
        if there in (None, [], ""):
            continue
        if part.texts_only:  # a budget's or funding's texts; an amount stays the original's
            update[part.name], texts_missing = _texts_over(there, value, language)
            missing |= texts_missing
        elif part.nested is None:
            if value in (None, [], ""):
                missing = True
                if isinstance(there, str):
                    update[part.name] = original_text(there, language)
                elif isinstance(there, list) and all(isinstance(item, str) for item in there):
                    update[part.name] = [original_text(item, language) for item in there]  # lessons, findings
            else:
                update[part.name] = _cells_over(there, value)
        elif part.many:
            items = []
            for index, item in enumerate(there):
                counterpart = value[index] if value and index < len(value) else None
                merged_item, item_missing = merged(item, counterpart, language)
                items.append(merged_item)
                missing |= item_missing
            update[part.name] = items
        else:
            update[part.name], nested_missing = merged(there, value, language)
            missing |= nested_missing
    return (original.model_copy(update=update) if update else original), missing


def _texts_over(there: Any, value: Any, language: str) -> tuple[Any, bool]:
    """A text-or-amount value with the translation's texts: (the value, whether a text is left untranslated)."""
    if isinstance(there, str):
        return (value, False) if isinstance(value, str) and value else (original_text(there, language), True)
    if not isinstance(there, list):
        return there, False  # an amount, or a list of amounts: no text
    items, missing = [], False
    for index, item in enumerate(there):
        given = value[index] if isinstance(value, list) and index < len(value) else None
        if not isinstance(item, str):
            items.append(item)
        elif isinstance(given, str) and given:
            items.append(given)
        else:
            items.append(original_text(item, language))
            missing = True
    return items, missing


def _cells_over(there: Any, value: Any) -> Any:
    """A template's translated row (or rows, by position) over the original's: a cell left out stays the original's,
    and a row keeps the original's column keys; any other text is the translation's whole."""
    if isinstance(there, dict) and isinstance(value, dict):
        return {key: value.get(key) or cell for key, cell in there.items()}
    if isinstance(there, list) and isinstance(value, list) and any(isinstance(row, dict) for row in there):
        return [_cells_over(row, value[index]) if index < len(value) else row for index, row in enumerate(there)]
    return value


class Notices:
    """The notices of a page in another language, in that language, as Markdown blocks."""

    def __init__(self, language: str):
        self.gettext = i18n.translations(language).gettext
        self.locale = Locale.parse(CLDR_LOCALES.get(language, language))

    def language_name(self, code: str) -> str:
        """The name of a language in the page's language (CLDR: lower-case, as these languages write it)."""
        return self.locale.languages.get(code) or code

    def record(self, record: LocalizedRecord, original_address: str, printed_address: str = "") -> str:
        language = getattr(record.original.model, "language", ORIGINAL) or ORIGINAL
        name = self.language_name(language)
        lines = [self.gettext(STATUS_NOTICES.get(record.status, STATUS_NOTICES["machine"]))]
        if record.untranslated:
            lines.append(self.gettext(PARTS_NOTICE) % {"language": name})
        lines.append(_original_link(original_address, printed_address, language,
                                    self.gettext(ORIGINAL_NOTICE) % {"language": name}))
        return _notice_block(lines)

    def untranslated(self, language: str, original_address: str, printed_address: str = "") -> str:
        name = self.language_name(language)
        text = self.gettext(UNTRANSLATED_NOTICE) % {"language": name}
        link = self.gettext(ORIGINAL_NOTICE) % {"language": name}
        return _notice_block([text, _original_link(original_address, printed_address, language, link)])

    def list(self) -> str:
        return _notice_block([self.gettext(LIST_NOTICE)])


def _original_link(address: str, printed_address: str, language: str, text: str) -> str:
    """The link to the original; on paper, where a link leads nowhere, its address is printed after it."""
    printed = f'<span class="portal-print-address"> {safe.attr(printed_address)}</span>' if printed_address else ""
    return f'<a href="{safe.attr(address)}" hreflang="{safe.attr(language)}">{safe.attr(text)}{printed}</a>'


def _notice_block(lines: list[str]) -> str:
    """A note block of our own words (already escaped where they hold a value)."""
    inner = " ".join(line if line.startswith("<a ") else safe.attr(line) for line in lines)
    return f'<p class="portal-language-notice" data-pagefind-ignore>{inner}</p>\n'


def in_original_language(html_or_markdown: str, language: str) -> Markup:
    """A block of a record's text in its original language, marked as such (`lang`) for readers and tools."""
    return Markup(f'<div lang="{safe.attr(language)}" markdown>\n\n{html_or_markdown}\n\n</div>')


def insert_after_title(markdown: str, block: str) -> str:
    """The page with `block` right below its first `# ` heading (or at the top of its body)."""
    at = -1 if markdown.startswith("# ") else markdown.find("\n# ")
    if at == -1 and not markdown.startswith("# "):
        return markdown + "\n" + block
    end = markdown.find("\n", at + 1)
    return markdown[: end + 1] + "\n" + block + markdown[end + 1:]


# ---------------------------------------------------------------- what the page steps ask (pages.py)


def record_notice(r: Any, record: Any) -> str:
    """The notice below a translated record's title: its translation's status, its original."""
    if r.notices is None or not isinstance(record, LocalizedRecord):
        return ""
    path = f"{SECTION_OF[record.kind]}/{record.id}.md"
    return r.notices.record(record, r.original_address(path), r.original_url(path))


def list_notice(r: Any) -> str:
    """The notice of an index page in another language: untranslated entries are in their own language."""
    return "" if r.notices is None else r.notices.list()


def listed(r: Any, kind: str) -> list[tuple[str, Any]]:
    """(id, model) of every record of a kind for its index page: in another language, the translated
    ones first (by id, with their translated text), then the rest as they are."""
    table = getattr(r.catalog, SECTION_OF[kind])
    language = r.options.language
    if language == ORIGINAL:
        return [(record_id, record.model) for record_id, record in sorted(table.items())]
    translated = [(rid, r.localized(kind, rec).model) for rid, rec in sorted(table.items())
                  if r.holdings.translated(language, kind, rid)]
    rest = [(rid, rec.model) for rid, rec in sorted(table.items()) if not r.holdings.translated(language, kind, rid)]
    return translated + rest


def localized_index(r: Any, index: dict) -> dict:
    """The practice index's data for another language: translated practices first, with their translated
    title and summary; a `translated` column, and where the others' (English) pages are."""
    from .facets import short_summary

    language = r.options.language
    columns = index["columns"]
    title, summary = columns.index("title"), columns.index("summary")
    first, rest = [], []
    for row in index["practices"]:
        record_id = row[0]
        if r.holdings.translated(language, "practice", record_id):
            model = r.localized("practice", r.catalog.practices[record_id]).model
            row = list(row)
            row[title], row[summary] = model.title, short_summary(model.summary)
            first.append([*row, 1])
        else:
            rest.append([*row, 0])
    first.sort(key=lambda row: (row[title].casefold(), row[0]))
    return {**index, "columns": [*columns, "translated"], "practices": first + rest,
            "original": {"prefix": "../../practices/", "language": ORIGINAL}}


SECTION_OF = {"practice": "practices", "network": "networks", "results": "results"}


def guide_in_language(r: Any, original: Any, path: str) -> tuple[Any, str, Any]:
    """(the guide page to show at `path`, its notice, a function marking its text) in the renderer's language.

    A guide translated into the language shows the translation; one that is not is shown in English
    with `lang` on its text and a notice linking to the English page (the contribute page is one)."""
    language = r.options.language
    if language == ORIGINAL:
        return original, "", lambda text: text
    translated = r.catalog.page_translations.get(original.path, {}).get(language)
    if translated is not None:
        return translated, "", lambda text: text
    notice = r.notices.untranslated(ORIGINAL, r.original_address(path), r.original_url(path))
    return original, notice, lambda text: original_text(text, ORIGINAL)
