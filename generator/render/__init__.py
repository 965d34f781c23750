"""Stage 4, render: the catalogue into Markdown pages and downloads (as bytes, in memory).

Every value a template prints is escaped for Markdown unless a filter has
already formatted it for its context (filters return `Markup`). So forgetting a
filter can make text look plain, never make it markup.

Render steps are independent of each other: each reads the catalogue and adds
files. On a portal of some size they run in parallel worker processes
(`render(..., workers=N)`, see `parallel.py`), and steps that make one page per
record are split between the workers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from enum import Enum
from pathlib import Path
from typing import Callable

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..catalog import Catalog
from ..i18n import N_
from ..models.measures import _WHEN, Money, Quantity, format_number, when_label

from . import safe
from .print_margins import margin_style, with_print_margins
from .visual.charts import line_chart
from .page_maps import PageMaps
from .chart_pages import ChartPages
from .i18n import install as install_interface
from ..languages import BY_CODE, ORIGINAL, interface_language
from .languages import (CrossLinks, Holdings, LocalizedRecord, Notices, OriginalText, insert_after_title, marking_original,
                        original_text, steps_for, with_translations)
from .labels import ABOUT_KIND, NETWORK_ROLES, PRACTICES_OF_KIND, Labels  # noqa: F401  (NETWORK_ROLES: the English words, for other modules)

ASSETS = Path(__file__).parent / "assets"
EDIT_LINK_TEXT = N_("Edit this page on GitHub")


@dataclass
class RenderOptions:
    edit_url_base: str | None = None  # e.g. https://github.com/org/repo/edit/main/
    site_name: str = "Good-practice portal"
    site_url: str | None = None  # the published address, for absolute links (schemas, feeds)
    repo_url: str | None = None  # the portal's repository, e.g. for reporting a problem
    editors_email: str | None = None  # where people write to the portal's editors (extra.portal.editors_email)
    language: str = "en"  # the interface's language (generator/languages.py; catalogues: generator/i18n.py)


@dataclass
class Output:
    """Everything the build writes into the docs folder: relative path -> bytes."""

    files: dict[str, bytes] = field(default_factory=dict)
    written: int = 0  # files handed to a writer and not kept here (render(keep_files=False))
    # Which paths this output takes: a language other than English holds only some (languages.py).
    keeps: Callable[[str], bool] | None = None

    @property
    def count(self) -> int:
        return len(self.files) + self.written

    def add(self, path: str, content: str | bytes) -> None:
        if self.keeps is not None and not self.keeps(path):
            return  # a page or download the English site has: the language's pages link there
        self.files[path] = content.encode("utf-8") if isinstance(content, str) else content

    def empty(self) -> "Output":
        """A new, empty output that keeps what this one keeps (a worker's, in parallel)."""
        return Output(keeps=self.keeps)


# Where each kind of record is published, relative to the docs folder.
SECTIONS = {
    "practice": "practices", "network": "networks", "results": "results", "municipality": "municipalities",
    "organisation": "organisations", "theme": "themes", "country": "countries", "portfolio": "portfolios",
    "template": "templates",
}


def _environment(language: str = "en") -> Environment:
    words = Labels(language)  # data values as words in the page's language (labels.py)

    def finalize(value: object) -> object:
        if isinstance(value, Markup):
            return str(value)
        if value is None:
            return ""
        if isinstance(value, Enum):  # its value, never a repr such as 'Role.member'
            value = value.value
        return safe.md_text(value)

    env = Environment(
        loader=PackageLoader("generator.render", "templates"),
        autoescape=False,
        finalize=finalize,
        undefined=StrictUndefined,
        auto_reload=False,  # templates ship with the package: no need to stat them for every include
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        cell=lambda v: Markup(safe.md_cell(v)),
        attr=lambda v: Markup(safe.attr(v)),
        body=lambda v: Markup(safe.safe_markdown(v or "")),  # record text and guides alike (safe.py)
        language=words.language_word,  # in a sentence: 'in English', 'në anglisht'
        language_name=words.language_name,  # a label of its own: 'English', 'Anglisht'
        when=words.when,
        period=words.period,
        number=lambda v: Markup(safe.md_text(words.quantity(v)) if isinstance(v, Quantity) else _number(v, words)),
        count=words.count,  # how many, in a sentence: '10 000' in Albanian, '10000' in English
        decimal=words.number,  # a number in a sentence, as text ('45,2' in Albanian; English as format_number)
        country=words.country,
        stage=words.stage,
        sdg=words.sdg,
        caf=lambda c: f"{c} {words.caf_name(c)}",
        label=words.label,  # a vocabulary value ('resource-person') as words in the page's language
        plural_label=words.plural_label,
        # Front matter values: JSON strings are valid YAML and cannot break out of the line.
        yaml=lambda v: Markup(safe.yaml_string(v)),
        # Addresses: "" unless http(s), mailto or relative, so a template can test for a usable link.
        url=lambda v: Markup(safe.md_url(v)),  # Markdown link target
        href=lambda v: Markup(safe.html_url(v)),  # HTML attribute in a raw HTML block
        web_url=lambda v: Markup(safe.md_url(v, relative=False)),  # a record's own address: http(s) or mailto
        csp_hash=safe.csp_hash,
    )
    env.globals.update(print_margin_style=lambda footer: margin_style(footer, language))  # "page n of m" in it
    return install_interface(env, language)  # _(), {% trans %}: the interface in `language` (i18n.py)


def _plain(value: object) -> str:
    """Text for a value that may be structured: money and figures by their labels."""
    return value.label() if isinstance(value, (Money, Quantity)) else str(value)


def _marking_finalize(finalize: Callable, marked: Callable, value: object) -> object:
    return marked(value) if isinstance(value, OriginalText) else finalize(value)


def _number(value: "float | int | Quantity | None", words: Labels | None = None) -> str:
    """A figure as the source gives it: '24 450', 'over 60', '10–20' (`words`: in their language, '12,5')."""
    if value is None:
        return ""
    if isinstance(value, Quantity):
        return safe.md_text(value.label() if words is None else words.quantity(value))
    return format_number(value) if words is None else words.number(value)


class Renderer:
    def __init__(self, catalog: Catalog, options: RenderOptions | None = None):
        self.catalog = catalog
        self.options = options or RenderOptions()
        self.env = _environment(self.options.language)
        self.env.filters["body"] = marking_original(self.env.filters["body"])  # text left untranslated: lang
        self.words = Labels(self.options.language)
        self.env.globals.update(
            link=self.link, entity_name=self.entity_name, edit_link=self.edit_link,
            theme_name=self.theme_name, theme_description=self.theme_description, html_link=self.html_link,
            entity_kind=catalog.entity_kind,
            network_roles={role: self.words.network_role(role) for role in NETWORK_ROLES},
            about_kind=ABOUT_KIND, practices_of_kind=PRACTICES_OF_KIND,
            line_chart=self.line_chart,
        )
        self.env.globals.update(PageMaps(catalog, self.entity_name, SECTIONS, self.words).globals())  # maps of places
        charts = ChartPages(self)  # bar charts of indicators; a member's rankings on its own page
        self.env.globals.update(indicator_charts=charts.for_indicators, results_charts=charts.for_results,
                                member_charts=charts.for_member)
        self.env.filters.update(  # money names its funder from the registry
            money=self.money,
            join_md=lambda items, separator=", ": Markup(separator.join(safe.md_text(self.plain(i)) for i in items)),
            funding=self.funding,
        )
        self.env.filters["cell"] = self.marked_cell  # a table cell left untranslated: lang
        self.env.filters["own"] = self.own_words
        self.env.filters["shown_name"] = self.shown_name
        self.env.filters["shown_sort_name"] = self.shown_sort_name
        self.env.globals.update(lang_of=self.lang_of, lang_of_when=self.lang_of_when)
        if self.options.language != ORIGINAL:  # `{{ text }}` left untranslated: lang (English never has such text)
            self.env.finalize = partial(_marking_finalize, self.env.finalize, self.marked_cell)
        language = self.options.language
        self.holdings = Holdings(catalog)  # which pages each language has (languages.py)
        self.cross_links = CrossLinks(self.holdings, language) if language != ORIGINAL else None
        self.notices = Notices(language) if language != ORIGINAL else None
        self.output = Output(keeps=None if language == ORIGINAL else partial(self.holdings.holds, language))
        self._links: dict[tuple, Markup] = {}
        self.shard = (0, 1)  # (this worker's index, number of workers) while rendering in parallel

    def share(self, items: list) -> list:
        """The part of a one-page-per-item list that this worker renders (all of it, unless in parallel)."""
        index, count = self.shard
        return items[index::count]

    # ------------------------------------------------------------ links

    def link(self, kind: str, record_id: str, text: str | None = None, depth: int = 1) -> Markup:
        """A Markdown link to a record's page, from a page `depth` folders below the docs root."""
        key = (kind, record_id, text, type(text), depth)  # a name left in English (OriginalText) says so
        found = self._links.get(key)
        if found is None:  # the same municipalities, themes and countries recur on thousands of pages
            title = text if text is not None else self.title_of(kind, record_id)
            page = f"{SECTIONS[kind]}/{record_id}.md"
            if self.cross_links is not None and not self.holdings.holds(self.options.language, page):
                found = self.cross_links.english_link(page, title, depth)  # a page only English has
            else:
                found = Markup(f"[{safe.md_text(title)}]({safe.md_url('../' * depth + page)})")
            self._links[key] = found
        return found

    def html_link(self, kind: str, record_id: str, text: str | None = None, depth: int = 1) -> Markup:
        """An HTML link for raw HTML blocks (MkDocs does not rewrite those, so use the .html URL)."""
        text = text if text is not None else self.title_of(kind, record_id)
        target = safe.html_url(f"{'../' * depth}{SECTIONS[kind]}/{record_id}.html")
        language = self.lang_of(text) if kind == "theme" else ""  # a theme's name the catalogue does not translate
        return Markup(f'<a href="{target}"{language}>{safe.attr(text)}</a>')

    def line_chart(self, chart_id: str, indicator) -> Markup:
        """An indicator's values over the years, its figures and axis in the page's words (English's axis as it was)."""
        numbers = {} if self.options.language == ORIGINAL else {"number": self.words.number}
        return Markup(line_chart(chart_id, indicator.name, indicator.unit, indicator.series, self.words.quantity,
                                 **numbers))

    def plain(self, value: object) -> str:
        """Text of a value that may be structured: money with its funder's name, figures by their labels."""
        if isinstance(value, Money):
            return self.words.money(value, self.entity_name(value.funder) if value.funder else None)
        return self.words.quantity(value) if isinstance(value, Quantity) else _plain(value)

    # ------------------------------------------------------------ a record's own words on a page of another language

    def foreign_language(self, value: object, record_language: str | None = None) -> str | None:
        """The language `value` is in when the page is in another one (None where they agree or it is empty).

        A text the translation left as the original's says its language (OriginalText); any other
        record text is in `record_language` unless that is None (the translation's, or ours)."""
        if value in (None, "") or (self.options.language == ORIGINAL and not isinstance(value, OriginalText)):
            return None
        language = value.language if isinstance(value, OriginalText) else record_language
        if language is None or interface_language(language) == self.options.language:
            return None
        return language

    def lang_of(self, value: object, record_language: str | None = None) -> Markup:
        """` lang="en"` for an HTML element holding `value` where it is not in the page's language, else ""."""
        language = self.foreign_language(value, record_language)
        return Markup(f' lang="{safe.attr(language)}"') if language else Markup("")

    def in_own_language(self, text: str, language: str | None) -> str:
        """Markdown text, in a span with its `lang` where that is not the page's language."""
        language = self.foreign_language(text, language)
        escaped = safe.md_text(text)
        return f'<span lang="{safe.attr(language)}">{escaped}</span>' if language else escaped

    def marked_cell(self, value: object) -> Markup:
        if isinstance(value, OriginalText) and self.foreign_language(value):
            return Markup(self.in_own_language(value, None))
        return Markup(safe.md_cell(value))

    def own_words(self, value: object, record_language: str | None = None) -> Markup:
        """A record's short text that has no translation (a contact's role, a source's title): `lang` where
        `record_language`, the language it is written in, is not the page's."""
        if value in (None, ""):
            return Markup("")
        return Markup(self.in_own_language(str(value) if not isinstance(value, OriginalText) else value,
                                           record_language))

    def lang_of_when(self, when: object, record_language: str | None) -> Markup:
        """lang_of() for a `when:` that may be a date (no language) or the record's free text."""
        text = str(when or "")
        wordless = not any(char.isalpha() for char in text)  # 2019, 2021–2022: no language
        return Markup("") if wordless or _WHEN.match(text) or text == "unknown" else self.lang_of(when, record_language)

    def money(self, value: object) -> str:
        """A budget: money and figures by their labels, "; " between amounts; a text left untranslated on a page
        of another language (OriginalText) keeps it, so that the page says its language."""
        if isinstance(value, OriginalText):
            return value
        return "; ".join(map(self.plain, value)) if isinstance(value, list) else self.plain(value)

    def funding(self, items: list, record_language: str = ORIGINAL, texts_translated: bool = False) -> Markup:
        """A record's funding, "; " between entries; on a page of another language its own words carry their `lang`.

        `texts_translated`: its texts come through the translation (a practice's), so that only those left
        untranslated (OriginalText) are in the record's language; an amount's own words always are."""
        if interface_language(record_language) == self.options.language:
            return Markup("; ".join(safe.md_text(self.plain(item)) for item in items))
        own = partial(self.in_own_language, language=record_language)

        def text(item: object) -> str:
            if texts_translated and self.options.language != ORIGINAL:
                return self.in_own_language(item, None)  # marked only if it is an OriginalText
            return own(self.plain(item))

        return Markup("; ".join(
            self.words.money(item, self.entity_name(item.funder) if item.funder else None, own=own, ours=safe.md_text)
            if isinstance(item, Money) else text(item) for item in items))

    def theme_name(self, theme_id: str) -> str:
        """A theme's name in the page's language; one the catalogue does not translate stays the registry's,
        an OriginalText, so that the page says its language."""
        name = self.catalog.theme_name(theme_id)
        if self.options.language == ORIGINAL:
            return name
        return self.words.theme(name) if self.words.theme_translated(name) else original_text(name, ORIGINAL)

    def theme_description(self, theme_id: str) -> str | None:
        """A theme's description (registry/themes.yml) in the page's language, as theme_name() its name: one the
        catalogue does not translate stays the registry's, an OriginalText."""
        theme = self.catalog.themes.get(theme_id)
        description = theme.model.description if theme is not None else None
        if not description or self.options.language == ORIGINAL:
            return description
        translated = self.words.gettext(description)
        return translated if translated != description else original_text(description, ORIGINAL)

    def entity_name(self, ref: str) -> str:
        entity = self.catalog.entity(ref)
        return self.shown_name(entity) if entity else ref

    def shown_name(self, entity) -> str:
        """A municipality's or organisation's name with its Latin form if written in another script than the page's,
        and an organisation's own name alone on pages in its language."""
        language = BY_CODE[self.options.language]
        return entity.name_for(language.script, language.record_codes)

    def shown_sort_name(self, entity) -> str:
        """What to sort that name by: 'Shoqata ...' under S on an Albanian page, its English name elsewhere."""
        language = BY_CODE[self.options.language]
        return entity.sort_name_for(language.script, language.record_codes)

    def title_of(self, kind: str, record_id: str) -> str:
        if kind in ("municipality", "organisation"):
            return self.entity_name(record_id)
        if kind == "country":
            return self.words.country(record_id.upper())
        if kind == "theme":
            return self.theme_name(record_id)
        table = getattr(self.catalog, SECTIONS[kind], {})
        model = table[record_id].model if record_id in table else None
        if model is not None and self.options.language != ORIGINAL and kind in ("practice", "network", "results", "template"):
            model = self.localized(kind, table[record_id]).model  # a translated record by its translated title
        return getattr(model, "title", None) or getattr(model, "name", None) or record_id

    def edit_link(self, source_file: str) -> Markup:
        if not self.options.edit_url_base:
            return Markup("")
        url = safe.md_url(self.options.edit_url_base + source_file)  # the file name comes from the pull request
        if not url:
            return Markup("")
        text = safe.md_text(self.words.gettext(EDIT_LINK_TEXT))
        return Markup(f'[:material-pencil: {text}]({url}){{ .portal-edit }}')

    # ------------------------------------------------------------ output

    def page(self, path: str, template: str, notice: str = "", **context: object) -> None:
        """Render a page; in a language other than English only a page it holds, with `notice` below its title."""
        language = self.options.language
        if language != ORIGINAL and not self.holdings.holds(language, path):
            return
        text = self.env.get_template(template).render(**context)
        if self.cross_links is not None:
            text = self.cross_links.page(path, insert_after_title(text, notice) if notice else text)
        text = with_print_margins(text, self.address(path), language)
        self.output.add(path, with_translations(text, self.holdings.languages_of(path)))

    def address(self, path: str) -> str:
        """A page's published address, e.g. for its printed margin (a language's site is below the English one)."""
        language = "" if self.options.language == ORIGINAL else self.options.language + "/"
        return (self.options.site_url or "").rstrip("/") + "/" + language + path.removesuffix(".md") + ".html"

    # ------------------------------------------------------------ languages (languages.py)

    def records(self, kind: str) -> list:
        """(id, record) of a kind, sorted by id; in another language only those translated into it, as it shows them."""
        table = getattr(self.catalog, SECTIONS[kind])
        language = self.options.language
        if language == ORIGINAL:
            return sorted(table.items())
        translated = self.holdings.records.get(language, {}).get(kind, ())
        return [(record_id, self.localized(kind, table[record_id])) for record_id in sorted(translated)
                if record_id in table]

    def localized(self, kind: str, record: object) -> object:
        """The record as this language shows it: its translation over the original, or the original."""
        translation = self.catalog.translations.get((kind, record.id), {}).get(self.options.language)
        return record if translation is None else LocalizedRecord(record, translation)

    def original_address(self, path: str) -> str:
        """The English page of a page of this language, relative to it."""
        return "../" * (path.count("/") + 1) + path.removesuffix(".md") + ".html"

    def original_url(self, path: str) -> str:
        """The English page's published address, for paper (where a link goes nowhere); "" without a site URL."""
        site = (self.options.site_url or "").rstrip("/")
        return f"{site}/{path.removesuffix('.md')}.html" if site else ""

    def render(self) -> Output:
        for step in steps_for(RENDER_STEPS, self.options.language):
            step(self)
        return self.output


def render(catalog: Catalog, options: RenderOptions | None = None, workers: int = 1,
           on_files: Callable[[dict[str, bytes]], None] | None = None, keep_files: bool = True) -> Output:
    """All pages and downloads; with workers > 1, in that many processes where that is possible and worth it.

    `on_files` is given each batch of finished files as it is ready (e.g. to write them while
    the workers go on rendering); the returned Output holds them all, or with keep_files False
    only their number.
    """
    from . import parallel

    renderer = Renderer(catalog, options)
    if parallel.worth_forking(catalog, workers):
        return parallel.render_forked(renderer, workers, on_files, keep_files)
    output = renderer.render()
    if on_files:
        on_files(output.files)
    if not keep_files:
        output.written, output.files = len(output.files), {}
    return output


# Each step adds a group of pages. Modules register themselves here in import order.
RENDER_STEPS: list[Callable[[Renderer], None]] = []


def step(function: Callable[[Renderer], None] | None = None, *, per_item: bool = False, languages: str | None = None):
    """Register a render step. A `per_item` step renders only `r.share(items)`, so workers can split it.

    `languages`: where it runs, languages.EVERY, TRANSLATED or ORIGINAL_ONLY (else STEP_LANGUAGES says)."""
    def register(function: Callable[[Renderer], None]) -> Callable[[Renderer], None]:
        function.per_item = per_item  # type: ignore[attr-defined]
        function.languages = languages  # type: ignore[attr-defined]
        RENDER_STEPS.append(function)
        return function
    return register(function) if function else register

from . import pages  # noqa: E402,F401  (registers the page steps)
from . import reference  # noqa: E402,F401  (editors: JSON Schema files, field reference)
from . import exports  # noqa: E402,F401  (open data: JSON, CSV, data package, Atom feed)
from . import downloads  # noqa: E402,F401  (templates and plans: printable pages, downloads)
from . import about  # noqa: E402,F401  (the accessibility statement)
from . import choices  # noqa: E402,F401  (what editors choose from: themes and every list of values)
from . import contribute  # noqa: E402,F401  (the Contribute tab's guide where content/ has none)
from . import propose  # noqa: E402,F401  (the "Propose" form: a record as a file for a pull request)
from . import briefs  # noqa: E402,F401  (one-page briefs of practices and results: page and PDF)
from . import template_fill  # noqa: E402,F401  (templates filled in on their own pages: the page data)
from . import script_messages  # noqa: E402,F401  (the browser scripts' messages in a language)
