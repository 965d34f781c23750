"""A self-evaluation template filled in -> a results file (generator/models/results.py Results).

A template maps here when a table's groups are the levels of Results.findings (a group titled
'Individual level' holds findings at the `individual` level, and so on, by the model's field
names). Each answer becomes a finding at its level; the answers of the other groups (an overall
assessment) become the summary. The form's own purpose says how the results were gathered.
"""

from __future__ import annotations

from ..models.filled import GROUP_KEY, FilledTemplate
from ..models.results import Findings, Results
from ..models.template import Table, Template
from ..placeholders import placeholder
from ..problems import Problem
from . import mapping
from .mapping import Context, Written
from .yaml_text import dump

KIND = "a results file"


def level_of(group_title: str) -> str | None:
    """The Findings field a group's title names: 'Organisational level' -> organisational."""
    words = mapping.fold(group_title).split()
    return next((name for name in Findings.model_fields if words and words[0] == name), None)


def accepts(template: Template) -> bool:
    return any(sum(1 for group in table.groups if level_of(group.title)) >= 2 for table in template.tables)


def _answer_columns(table: Table) -> list[str]:
    """The columns a person writes in: those the template leaves empty in every row it fills in ahead."""
    given = [row for group in table.groups for row in group.rows] + list(table.rows)
    return [column.key for column in table.columns if not any(row.get(column.key) for row in given)]


def build(filled: FilledTemplate, template: Template, ctx: Context) -> tuple[Written | None, list[Problem]]:
    problems: list[Problem] = []
    member = mapping.municipality(filled, ctx, problems)
    network_id = mapping.network_of(filled, ctx, member, problems)
    date = mapping.header_date(filled, ctx, problems)
    if "date" not in filled.header:
        problems.append(Problem(ctx.file, 0, 0, "header.date", "the date is empty",
                                "results need the year of the evaluation: write the date the form was filled in"))
    findings: dict[str, list[str]] = {name: [] for name in Findings.model_fields}
    overall: list[str] = []
    for table in template.tables:
        answers = _answer_columns(table)
        for row in filled.tables.get(table.key, []):
            text = " ".join(row[key] for key in answers if row.get(key))
            if text:
                level = level_of(row.get(GROUP_KEY, ""))
                (findings[level] if level else overall).append(text)
    if not any(findings.values()) and not overall:
        problems.append(Problem(ctx.file, 0, 0, template.tables[0].key, "no question is answered",
                                "write the answers in the form's notes, then import it"))
    if problems or network_id is None or date is None:
        return None, problems
    who = ctx.catalog.entity(member).name if member else filled.header.get("municipality", "")
    network = ctx.catalog.networks[network_id].model
    data = {
        "network": network_id,
        "title": f"Self-evaluation of {network.name}" + (f" by {who}" if who else "") + f", {date.year}",
        "year": date.year,
        "method": template.purpose,
        "summary": " ".join(overall) if overall else placeholder("two or three sentences: what the evaluation found"),
        "findings": {level: items for level, items in findings.items() if items},
        "sources": [{"title": f"{template.title}, filled in" + (f" for {who}" if who else "") + f" ({date.isoformat()})",
                     "year": date.year}],
        "last_verified": ctx.today,
    }
    data = {name: data[name] for name in Results.model_fields if name in data}  # the model's order
    path = f"networks/{network_id}/results-{date.year}.yml"
    exists = (ctx.root / path).exists()
    return Written(path, dump(data), replaces=path if exists else ""), problems
