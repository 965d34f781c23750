"""Fill a template in on its own page: the template's shape as data for assets/template-fill.js.

Each template page (templates/<id>.html) loads `templates/<id>.fill.js`, a script that assigns
one global with everything the fill-in mode needs: the header fields, each table's columns
(with the choices or number bounds a cell accepts), its groups and the rows filled in ahead,
the checklist, and what the exported files must carry (FilledTemplate's format and
template_version, the CSV download's form name, source line and date). A script rather
than a JSON file: it loads from file:// too, where browsers refuse fetch().

The page's script builds every element from this data with textContent and value, never as
HTML, so a template's words reach the page as text. The script's own words come in the page's
language from `assets/template-fill.<lang>.js` (render/i18n.py), written here for a language other
than English.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from typing import Any

from .. import i18n
from ..languages import ORIGINAL
from ..models import Template
from ..models.filled import FORMAT, GROUP_KEY, template_version
from . import Renderer, step
from .answers import AnswerColumn, with_accepted_answers
from .form_csv import CHECKLIST, FIELDS, FORM, TABLE, form_csv
from .forms import from_template
from .i18n import script_messages, script_messages_path
from .workbook import xlsx_bytes

DATA_GLOBAL = "portalTemplateFill"
STORAGE_PREFIX = "portal-template-fill:"  # localStorage key of a template's draft, followed by its id
CAF_TEMPLATE = "caf-self-assessment"


def data_path(template_id: str) -> str:
    return f"templates/{template_id}.fill.js"


def _column(column: AnswerColumn | Any, key: str, gettext=str) -> dict[str, Any]:
    data: dict[str, Any] = {"key": key, "name": column.name, "description": column.description,
                            "width": column.width}
    if isinstance(column, AnswerColumn):
        if column.choices:
            data["choices"] = column.choices
        if column.minimum is not None or column.maximum is not None:
            data.update(minimum=column.minimum, maximum=column.maximum, whole=column.whole_numbers,
                        range=column.range_text(gettext))  # the page's language: the hint says "Write {range}."
    return data


def _groups(model_table) -> list[dict[str, Any]]:
    """Each group (or the table itself, untitled) with its rows filled in ahead and its blank rows."""
    if model_table.groups:
        return [{"title": g.title, "rows": g.rows, "blank_rows": g.blank_rows} for g in model_table.groups]
    return [{"title": None, "rows": model_table.rows, "blank_rows": model_table.blank_rows}]


def _csv_closing_blocks(form) -> list[list[list[str]]]:
    """The blocks of the blank CSV download after its form, fields, tables and checklist (e.g. the line
    that tells `portal import` which template and version it is): the filled CSV ends with them too."""
    rows = list(csv.reader(io.StringIO(form_csv(form).decode("utf-8-sig"), newline="")))
    blocks, block = [], []
    for row in [*rows, []]:
        if any(row):
            block.append(row)
        elif block:
            blocks.append(block)
            block = []
    return [block for block in blocks if block[0][0] not in (FORM, FIELDS, TABLE, CHECKLIST)]


def fill_data(template_id: str, template: Template, caf_tool: str | None = None, address: str = "",
              language: str = ORIGINAL, original: Template | None = None) -> dict[str, Any]:
    """Everything the page's fill-in mode reads, deterministic (same template, same data).

    `template` is as the page shows it (a translation's words over the English); `original`, the
    English one where they differ, gives the version that exported files carry for portal import."""
    gettext = i18n.translations(language).gettext
    version = template_version(original or template)
    form = with_accepted_answers(from_template(template_id, template), template)
    form.template_version = version
    form.address = address  # as on the Excel download, whose footer prints it
    tables = []
    for model_table, form_table in zip(template.tables, form.tables):
        tables.append({
            "key": model_table.key, "title": model_table.title, "description": model_table.description or "",
            "group_label": form_table.group_label or "Group", "grouped": bool(model_table.groups),
            "columns": [_column(column, source.key, gettext)
                        for column, source in zip(form_table.columns, model_table.columns)],
            "groups": _groups(model_table)})
    header = [{"key": f.key, "label": f.label, "hint": f.hint or "", "lines": f.lines}
              for f in template.all_header_fields()]
    return {
        "format": FORMAT, "template": template_id, "template_version": version,
        "group_key": GROUP_KEY, "storage_key": STORAGE_PREFIX + template_id,
        "title": template.title, "landscape": form.landscape,
        "csv": {"name": form.name, "title": form.title, "source": form.source_line(),
                "last_verified": form.date.isoformat(), "closing_blocks": _csv_closing_blocks(form)},
        "header": header, "standard_header": [f.key for f in form.header_fields()],
        "tables": tables,
        "checklist": ({"title": template.checklist.title,
                       "items": [{"title": i.title, "description": i.description or ""}
                                 for i in template.checklist.items]} if template.checklist else None),
        "caf_tool": caf_tool if template_id == CAF_TEMPLATE else None,
        # The portal's own Excel download of the blank form: the page fills its cells in (assets/vendor/fflate.js).
        "xlsx": base64.b64encode(xlsx_bytes(form)).decode("ascii"),
    }


def data_script(data: dict[str, Any]) -> str:
    return f"window.{DATA_GLOBAL} = {json.dumps(data, ensure_ascii=False, separators=(',', ':'), sort_keys=True)};\n"


def caf_tool_address() -> str | None:
    """The CAF self-assessment tool's page from a template page, where the portal has the tool (caf_tool.py)."""
    try:
        from .caf_tool import PAGE
    except ImportError:
        return None
    return "../" + PAGE.removesuffix(".md") + ".html"


@step
def template_fill(r: Renderer) -> None:
    caf_tool = caf_tool_address()
    for template_id, record in sorted(r.catalog.templates.items()):
        address = r.address(f"templates/{template_id}.md").lstrip("/")  # as downloads.py gives the download
        shown = r.localized("template", record).model  # in the page's language where translated
        r.output.add(data_path(template_id), data_script(fill_data(template_id, shown, caf_tool, address,
                                                                   r.options.language, record.model)))
    messages = script_messages("template-fill", r.options.language)
    if messages and r.catalog.templates:
        r.output.add(script_messages_path("template-fill", r.options.language), messages)
