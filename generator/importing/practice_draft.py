"""A template that carries a practice's fields, filled in -> a draft practice (generator/models/practice.py).

A template maps here when one of its own header fields is a Practice field by key (the international
action plan's `period`). The header's municipality runs it; the other fields, the tables and the
checklist become the description, under the form's own labels. What the form does not ask (the
summary, the status) is written `FILL IN`, so portal check says what is left to do.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from ..models.filled import FilledTemplate
from ..models.measures import Period
from ..models.practice import Practice
from ..models.template import STANDARD_HEADER_KEYS, Template
from ..placeholders import placeholder
from ..problems import Problem
from ..slugs import id_from_text
from . import mapping
from .mapping import Context, Written
from .yaml_text import dump

KIND = "a practice draft"


def accepts(template: Template) -> bool:
    return any(mapping.field_for(Practice, f.key) for f in template.fields if f.key not in STANDARD_HEADER_KEYS)


def parse_period(text: str) -> dict | None:
    """'2011–2014', '2021 to 2023', 'from 2021', '2021-03' as Period fields; None if it is none of these."""
    text = re.sub(r"^(from|since)\s+", "", text.strip(), flags=re.IGNORECASE)
    parts = [part.strip() for part in re.split(r"\s*(?:–|—|\bto\b|\buntil\b|(?<=\d{4})-(?=\d{4}\b))\s*", text)
             if part.strip()]
    if not 1 <= len(parts) <= 2:
        return None
    years = [int(part) if part.isdigit() else part for part in parts]  # 2011 as the year it is, not as text
    data = {"start": years[0]} | ({"end": years[1]} if len(years) == 2 else {})
    try:
        Period.model_validate(data)
    except ValidationError:
        return None
    return data


def build(filled: FilledTemplate, template: Template, ctx: Context) -> tuple[Written | None, list[Problem]]:
    problems: list[Problem] = []
    member = mapping.municipality(filled, ctx, problems)
    date = mapping.header_date(filled, ctx, problems)
    period = None
    if filled.header.get("period"):
        period = parse_period(filled.header["period"])
        if period is None:
            problems.append(Problem(ctx.file, 0, 0, "header.period", f"'{filled.header['period']}' is not a period "
                                    "that can be read", "write it as 2021–2023, 2021 or from 2021-03"))
    if member is None and not problems:
        problems.append(Problem(ctx.file, 0, 0, "header.municipality", "the form names no municipality",
                                "write the municipality's name or registry id in the form"))
    if problems:
        return None, problems
    who = ctx.catalog.entity(member).name
    title = f"{template.title}: {who}"
    runs = {"municipalities": [member]} if member in ctx.catalog.municipalities else {"organisations": [{"ref": member}]}
    data = {
        "title": title,
        "summary": placeholder("two or three sentences for lists and search"),
        **runs,
        "status": placeholder("pilot, implemented, scaled or discontinued"),
        "period": period or {"start": placeholder("when it started: 2019, 2019-03 or unknown")},
        "sources": [{"title": f"{template.title} of {who}, filled in on the portal's template"}
                    | ({"year": date.year} if date else {})],
        "last_verified": ctx.today,
    }
    data = {name: data[name] for name in Practice.model_fields if name in data}
    path = f"practices/{id_from_text(title)}.md"
    text = f"---\n{dump(data)}---\n\n{description(filled, template)}"
    return Written(path, text, replaces=path if (ctx.root / path).exists() else ""), problems


def description(filled: FilledTemplate, template: Template) -> str:
    """The form's other answers as Markdown, under the form's own labels."""
    sections = []
    for f in template.all_header_fields():
        if f.key not in STANDARD_HEADER_KEYS and not mapping.field_for(Practice, f.key) and filled.header.get(f.key):
            sections.append(f"## {f.label}\n\n{filled.header[f.key]}\n")
    for table in template.tables:
        rows = filled.tables.get(table.key, [])
        if rows:
            lines = ["| " + " | ".join(column.name for column in table.columns) + " |",
                     "|" + "---|" * len(table.columns)]
            lines += ["| " + " | ".join(_cell(row.get(column.key, "")) for column in table.columns) + " |"
                      for row in rows]
            sections.append(f"## {table.title}\n\n" + "\n".join(lines) + "\n")
    if template.checklist and filled.checklist:
        items = [f"- [{'x' if filled.checklist.get(item.title) else ' '}] {item.title}"
                 for item in template.checklist.items]
        sections.append(f"## {template.checklist.title}\n\n" + "\n".join(items) + "\n")
    return "\n".join(sections) or "FILL IN: what was done, and why.\n"


def _cell(text: str) -> str:
    """Text for one cell of a Markdown table: on one line, a '|' kept as text."""
    return " ".join(text.split()).replace("|", "\\|")
