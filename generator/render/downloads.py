"""Page steps for templates and plans: a printable page plus office downloads for each.

Blank templates: `templates/<id>.md` and `downloads/templates/<id>.<ext>`.
Filled plans (a network's action plan, a results file): `plans/<name>.md` and
`downloads/plans/<name>.<ext>`. Downloads sit in the docs folder, so MkDocs
copies them into the site and checks the links to them.
"""

from __future__ import annotations

import hashlib
import pickle

from markupsafe import Markup

from . import Renderer, fillable_pdf, office, step
from .answers import with_accepted_answers
from ..models.filled import template_version
from .forms import Form, from_action_plan, from_results, from_template, in_language
from .languages import LocalizedRecord
from ..languages import ORIGINAL
from .print_margins import css_string

FORMAT_LABELS = {"docx": "Word (.docx)", "odt": "OpenDocument (.odt)", "xlsx": "Excel (.xlsx)",
                 "pdf": "PDF", "csv": "CSV"}
FILLABLE_PDF_LABEL = "Fillable PDF form"


# The files of each form this process has made, by the form's content. `portal serve`
# regenerates everything on every save; the downloads (about a second for the shipped
# content) are then remade only for forms that changed. A one-off build never hits it.
_MADE: dict[bytes, dict[str, bytes]] = {}
_MADE_LIMIT = 500


def _files_of(form: Form) -> dict[str, bytes]:
    key = hashlib.sha256(pickle.dumps(form, protocol=5)).digest()
    files = _MADE.get(key)
    if files is None:
        if len(_MADE) >= _MADE_LIMIT:
            _MADE.clear()
        files = _MADE[key] = office.write_all(form)
    return files


def _downloads(r: Renderer, form: Form, folder: str) -> list[tuple[str, str]]:
    """Write the form's files; returns (label, path relative to the page) for each, in a fixed order."""
    files = _files_of(form)
    links = []
    for name, data in files.items():
        r.output.add(f"downloads/{folder}/{name}", data)
    for name in sorted(files, key=lambda n: (list(FORMAT_LABELS).index(n.rsplit(".", 1)[1]), n)):
        extension = name.rsplit(".", 1)[1]
        links.append((FORMAT_LABELS[extension], f"../downloads/{folder}/{name}"))
    return links


def _widths(table) -> list[Markup]:
    """CSS widths for <col>: numbers we compute, so safe to print unescaped."""
    return [Markup(f"{100 * fraction:.1f}%") for fraction in office._proportions(table)]


def _page_address(r: Renderer, path: str) -> str:
    """The published address of a generated page (`templates/x.md` -> https://.../templates/x.html),
    in a language's site below the English one (https://.../sq/templates/x.html)."""
    return r.address(path)


def _with_address(r: Renderer, form: Form, path: str) -> Form:
    """The form, knowing the address of its page: printed at the foot of every page and of the PDF."""
    form.address = _page_address(r, path).lstrip("/")
    return form


def _for_page(r: Renderer, form: Form, path: str) -> Form:
    """The form of a page: its address, and the page's language, which its downloads speak too.
    (The CAF tool takes _with_address alone: its script fills in and reads back the English sheet.)"""
    return in_language(_with_address(r, form, path), r.options.language)


def _with_fillable_pdf(r: Renderer, template_id: str, template, form: Form, links) -> list[tuple[str, str]]:
    """Write the template's fillable PDF form; its link goes right after the flat PDF's."""
    name = fillable_pdf.file_name(template_id)
    r.output.add(f"downloads/templates/{name}", fillable_pdf.pdf_bytes(template_id, template, form))
    after = next((i + 1 for i, (label, _) in enumerate(links) if label == FORMAT_LABELS["pdf"]), len(links))
    return [*links[:after], (FILLABLE_PDF_LABEL, f"../downloads/templates/{name}"), *links[after:]]


def _form_page(r: Renderer, path: str, form: Form, record, links, template=None, back=None,
               fillable=None, notice: str = "") -> None:
    footer = f"{form.address} · " + form.gettext("Last verified {date}").format(date=form.date.isoformat())
    # A translated template's notice says how it was translated: the interface's review notice would repeat it.
    quiet = {"review_notice": None} if notice else {}
    r.page(path, "form.md.j2", notice=notice, **quiet, form=form, record=record, t=template, downloads=links, back=back,
           widths=_widths, print_footer=css_string(footer), fillable=fillable)


@step
def templates(r: Renderer) -> None:
    catalog = r.catalog
    rows = []  # the index is written even when empty: the navigation links to it
    for template_id, record in sorted(catalog.templates.items()):
        path = f"templates/{template_id}.md"
        shown = r.localized("template", record)  # its translation's words over the English, field by field
        form = _for_page(r, from_template(template_id, shown.model), path)
        form.template_version = template_version(record.model)  # the English one: portal import checks it
        form = with_accepted_answers(form, record.model)  # spreadsheets check choices and score ranges
        # The fillable PDF takes its keys from the original and its words from the form.
        links = _with_fillable_pdf(r, template_id, record.model, form, _downloads(r, form, "templates"))
        notice = (r.notices.record(shown, r.original_address(path), r.original_url(path))
                  if r.notices is not None and isinstance(shown, LocalizedRecord) else "")
        _form_page(r, path, form, shown, links, template=shown.model, notice=notice,
                   fillable=f"../downloads/templates/{fillable_pdf.file_name(template_id)}")
        rows.append((template_id, shown.model, links))
    from .caf_tool import TEMPLATE as CAF_SHEET  # here: caf_tool.py imports this module

    caf_tool = "../caf/index.md" if CAF_SHEET in catalog.templates else None  # caf_tool.py writes it then
    r.page("templates/index.md", "templates_index.md.j2", rows=rows, caf_tool=caf_tool)


def _plan_notice(r: Renderer, shown, path: str) -> str:
    """A translated plan's notice: how it was translated, and its English original."""
    if r.notices is None or not isinstance(shown, LocalizedRecord):
        return ""
    return r.notices.record(shown, r.original_address(path), r.original_url(path))


@step
def plans(r: Renderer) -> None:
    """The printable plans: in another language, those of the networks and results translated into it
    (languages.py: TRANSLATED), with the translation's words and the language's labels and figures;
    the others' plans are the English site's, where their pages link."""
    catalog = r.catalog
    english = r.options.language == ORIGINAL
    gettext = r.words.gettext
    for network_id, record in r.records("network"):
        if record.model.action_plan:
            form = from_action_plan(network_id, record.model) if english else \
                from_action_plan(network_id, record.model, gettext)
            path = f"plans/{form.name}.md"
            form = _for_page(r, form, path)
            _form_page(r, path, form, record, _downloads(r, form, "plans"), back=("network", network_id),
                       notice=_plan_notice(r, record, path))
    for results_id, record in r.records("results"):
        network = catalog.networks.get(record.model.network)
        if english:
            form = from_results(results_id, record.model, network.model.name if network else record.model.network,
                                r.entity_name)
        else:
            name = r.title_of("network", record.model.network) if network else record.model.network
            form = from_results(results_id, record.model, name, r.entity_name, gettext, r.words.quantity)
        path = f"plans/{form.name}.md"
        form = _for_page(r, form, path)
        _form_page(r, path, form, record, _downloads(r, form, "plans"), back=("results", results_id),
                   notice=_plan_notice(r, record, path))
