"""Write a template as a fillable PDF form (AcroForm) with WeasyPrint: `<id>-fillable.pdf`.

The form is an HTML page of inputs (templates/fillable_pdf.html.j2, assets/fillable-pdf.css)
that WeasyPrint turns into PDF form fields (`pdf_forms`). Fields are named by
models.filled.pdf_field_name, so `portal import` reads a filled copy back with pypdf:

- header.<key> for every header field;
- <table>.<row>.<column> for every cell to fill in, rows counted from 0 over the whole table,
  groups included, in the order the form shows them. A cell that the template fills ahead
  (a CAF sub-criterion, a phase of the timeline) is printed text, not a field: a reader that
  draws fields its own way could cut it, and nobody is meant to change it; its value is the
  template's, for the same row index;
- checklist.<index> for every checklist item (a checkbox, "/on" when ticked).

The document info says which template and shape it is: /PortalTemplate (the template id)
and /PortalTemplateVersion (template_version()), both PDF text strings; /Subject holds the
mark the office downloads carry in their properties, good-practice-portal/template/<id>/<version>
(office.TEMPLATE_MARK), for a reader that keeps only the standard keys; /Title is the template's title.
It is a file of its own beside the flat PDF: that one (pdf.py) is drawn for paper and
handwriting, this one for typing on screen, where each reader draws the fields its own way.

Like the other downloads it is deterministic: its date is the template's last_verified,
its file identifier a hash of the form, and the fonts are the DejaVu files that pdf.py uses.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..models import Template
from ..models.filled import pdf_field_name, template_version
from .. import i18n
from ..i18n import N_
from ..languages import ORIGINAL
from .forms import Form
from .office import GENERATOR, MARGIN_MM, _proportions, _timestamp, footer_text
from .print_margins import css_string, page_counter
from .pdf import FONT_FILES, _short, find_font_dir, instructions_html

ASSETS = Path(__file__).parent / "assets"
WIDE_COLUMN = 2  # width hint from which a cell is a multi-line field
IMPORT_HINT = N_("Fill it in on screen in a PDF reader and save it. The portal editors can import "
                 "the saved file as it is.")

TEMPLATE_MARK = "good-practice-portal/template"  # office.TEMPLATE_MARK's text

_MADE: dict[bytes, bytes] = {}  # `portal serve` remakes a form's PDF only when the form changed
_MADE_LIMIT = 50


@functools.cache
def _environment(language: str = ORIGINAL) -> Environment:
    # Autoescaped: every contributed text lands in HTML as text, never as markup (a translated
    # string too: newstyle gettext escapes what is put into it).
    env = Environment(loader=PackageLoader("generator.render", "templates"),
                      autoescape=select_autoescape(["html.j2"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(i18n.translations(language), newstyle=True)
    return env


def file_name(template_id: str) -> str:
    return f"{template_id}-fillable.pdf"


def _font_faces() -> str:
    """@font-face rules for the DejaVu files themselves, so every machine draws the same glyphs."""
    folder = find_font_dir()
    rules = []
    for style, name in FONT_FILES.items():
        weight = "bold" if style == "B" else "normal"
        slant = "italic" if style == "I" else "normal"
        rules.append(f'@font-face {{ font-family: "Portal DejaVu"; src: url("{(folder / name).as_uri()}"); '
                     f"font-weight: {weight}; font-style: {slant}; }}")
    return "\n".join(rules)


def _page_css(form: Form) -> str:
    """The page size and its margin boxes: our own strings, quoted as CSS strings."""
    def quoted(text: str) -> str:
        return f'"{css_string(text)}"'

    orientation = "landscape" if form.landscape else "portrait"
    # As in the flat PDF: the source line, then the page's address, and "page n of m" beside them.
    return (f"@page {{ size: A4 {orientation}; margin: {MARGIN_MM}mm {MARGIN_MM}mm {MARGIN_MM + 3}mm;\n"
            f"  @bottom-left {{ content: {quoted(footer_text(form))} \"\\A\" {quoted(form.address)}; }}\n"
            f"  @bottom-right {{ content: {page_counter(form.language)}; }} }}")


SHORT_TABLE_ROWS = 6  # rows of 12 mm, not 14: five fit on a landscape first page beside its fields


def _tables(template: Template, form: Form) -> list[dict]:
    """Each table with its rows as cells {name, label, text, wide}, under their group titles."""
    tables = []
    for model, table in zip(template.tables, form.tables):
        keys = [column.key for column in model.columns]
        index, groups = 0, []
        for group in table.groups:
            rows = []
            for values in group.rows:
                rows.append([{"name": pdf_field_name(model.key, index, key), "text": value,
                              "label": form.gettext("{column}, row {number}").format(column=column.name,
                                                                                    number=index + 1),
                              "wide": column.width >= WIDE_COLUMN}
                             for key, column, value in zip(keys, table.columns, values)])
                index += 1
            groups.append({"title": group.title, "rows": rows})
        widths = [f"{100 * share:.1f}%" for share in _proportions(table)]
        # A short table of blank rows (an action plan's five) is made to fit on the first page, under the fields.
        short = index <= SHORT_TABLE_ROWS and not any(group["title"] for group in groups)
        # Each column's description under its name, as in the flat PDF and on the printed page (cut as there).
        hints = [_short(column.description) for column in table.columns]
        tables.append({"title": table.title, "description": table.description, "columns": table.columns, "hints": hints,
                       "widths": widths, "groups": groups, "short": short})
    return tables


def html(template_id: str, template: Template, form: Form) -> str:
    """The form as the HTML page that WeasyPrint prints."""
    header = [{"name": pdf_field_name("header", f.key), "field": f} for f in form.header_fields()]
    fields = [{"name": pdf_field_name("header", f.key), "field": f} for f in form.other_fields()]
    checklist = [{"name": pdf_field_name("checklist", index), "item": item}
                 for index, item in enumerate(form.checklist)]
    version = template_version(template)
    return _environment(form.language).get_template("fillable_pdf.html.j2").render(
        form=form, template_id=template_id, version=version, language=template.language,
        subject=f"{TEMPLATE_MARK}/{template_id}/{version}",
        generator=GENERATOR, created=_timestamp(form).isoformat().replace("+00:00", "Z"),
        header=header, fields=fields, tables=_tables(template, form), checklist=checklist,
        import_hint=form.gettext(IMPORT_HINT),
        # nh3-cleaned HTML of a few plain tags without attributes (pdf.instructions_html).
        instructions=Markup(instructions_html(form.instructions)) if form.instructions else "")


def pdf_bytes(template_id: str, template: Template, form: Form) -> bytes:
    """The fillable PDF of a template: the same bytes for the same form."""
    page, page_css = html(template_id, template, form), _page_css(form)
    # The HTML and page CSS settle every byte of the PDF, so their hash names it (the file
    # identifier) and finds it again: a pickle of the models would not do, its sets' order
    # changes from one process to the next.
    key = hashlib.sha256(f"{page}\0{page_css}".encode()).digest()
    if key not in _MADE:
        if len(_MADE) >= _MADE_LIMIT:
            _MADE.clear()
        _MADE[key] = _write(page, page_css, template_id, template_version(template), key[:16].hex().encode())
    return _MADE[key]


def _write(page: str, page_css: str, template_id: str, version: str, identifier: bytes) -> bytes:
    from PIL import ImageFile

    truncated = ImageFile.LOAD_TRUNCATED_IMAGES  # WeasyPrint turns it on for all of Pillow when imported
    try:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:  # OSError: WeasyPrint found no Pango to load
        from ..site_build import BuildError  # the build stops with this message, not a traceback

        raise BuildError(f"The fillable PDF forms need WeasyPrint and Pango, which could not be loaded "
                         f"({type(error).__name__}: {str(error).strip()[:200]}). On Debian and Ubuntu: "
                         "apt-get install libpango-1.0-0 libpangoft2-1.0-0") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated

    # Local files only (the fonts): the page has no <link>, <img> or url() of a contributor,
    # and if one slipped through it could not reach another host.
    fetcher = URLFetcher(allowed_protocols=("file",), fail_on_errors=True)
    fonts = FontConfiguration()
    styles = [CSS(string=_font_faces(), font_config=fonts, url_fetcher=fetcher),
              CSS(filename=str(ASSETS / "fillable-pdf.css"), font_config=fonts, url_fetcher=fetcher),
              CSS(string=page_css, font_config=fonts, url_fetcher=fetcher)]
    document = HTML(string=page, base_url=None, url_fetcher=fetcher)
    # presentational_hints: the <col width> of each table's width hints.
    return document.write_pdf(stylesheets=styles, font_config=fonts, pdf_forms=True, pdf_identifier=identifier,
                              presentational_hints=True, finisher=functools.partial(_mark, template_id, version))


def _mark(template_id: str, version: str, document, pdf) -> None:
    """Name the template and its shape in the document info (HTML <meta> names come out lower-cased)."""
    import pydyf

    pdf.info["PortalTemplate"] = pydyf.String(template_id)
    pdf.info["PortalTemplateVersion"] = pydyf.String(version)
    pdf.info["Producer"] = pydyf.String(GENERATOR)  # as the other downloads; no library version in the bytes
