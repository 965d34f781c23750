"""Which template, in which version, a file was filled in from; refused when this portal cannot read it."""

from __future__ import annotations

import difflib

from ..models.filled import template_version
from ..models.template import Template
from ..problems import Problem, Severity
from ..render.office import TEMPLATE_MARK
from .intake import Unreadable
from .reading import label_key


def parse_mark(mark: str) -> tuple[str, str]:
    """(template id, version) from 'good-practice-portal/template/<id>/<version>'; ('', '') if it is none."""
    prefix = TEMPLATE_MARK + "/"
    if not mark.startswith(prefix):
        return "", ""
    template_id, _, version = mark[len(prefix):].partition("/")
    return template_id, version


def find_template(file: str, templates: dict[str, Template], template_id: str, version: str,
                  title: str = "", versions: dict[str, str] | None = None) -> tuple[str, Template, list[Problem]]:
    """The template a file names (by its mark, else by its title), checked against this portal's version.

    `versions`: the version to check by template id, where `templates` holds translations: a translated
    template's downloads carry its original's version (a translated checklist title would change it)."""
    problems: list[Problem] = []
    if not template_id and title:
        template_id = next((tid for tid, t in templates.items() if label_key(t.title) == label_key(title)), "")
        if template_id and not version:
            problems.append(Problem(file, 0, 0, "", "the file does not say which version of the template "
                                    "it was made from (another program may have saved it without the portal's mark)",
                                    "it is read by its headings; check the record it writes", Severity.warning))
    if not template_id:
        raise Unreadable("this is not a template of this portal filled in: it carries no template mark, "
                         "and its title is that of no template",
                         "download the form from the portal's Templates page, fill that in, and import it")
    template = templates.get(template_id)
    if template is None:
        close = difflib.get_close_matches(template_id, sorted(templates), n=1)
        raise Unreadable(f"the file was made from the template '{template_id}', which this portal does not have",
                         f"did you mean '{close[0]}'?" if close else "templates are in content/templates/: "
                         + ", ".join(sorted(templates)))
    current = (versions or {}).get(template_id) or template_version(template)
    if version and version != current:
        raise Unreadable(f"the file was made from another version of the template '{template_id}' "
                         f"(version {version}; this portal has version {current}), whose fields or columns differ",
                         f"download the form again from templates/{template_id}.html, copy the answers into it, "
                         "and import that; or update this copy of the portal if its template is the older one")
    return template_id, template, problems
