"""An action-plan template filled in -> a network's `action_plan:` (generator/models/network.py ActionPlan).

A template maps here when one of its tables is a list field of ActionPlan whose required fields
are all among the table's columns; header fields and columns are matched to the model's fields
by key, so a field added to both needs no change here.
"""

from __future__ import annotations

from pydantic import ValidationError

from ..models.filled import FilledTemplate
from ..models.network import ActionPlan, Network
from ..models.template import Template
from ..problems import Problem
from . import mapping
from .mapping import Context, Written
from .yaml_text import with_top_level_key

KIND = "a network's action plan"


def accepts(template: Template) -> bool:
    for table in template.tables:
        item = mapping.list_model(ActionPlan, table.key)
        if item and mapping.required_fields(item) <= {column.key for column in table.columns}:
            return True
    return False


def plan_data(filled: FilledTemplate, template: Template) -> dict:
    """The ActionPlan's fields from the form, in the model's order: header fields and table rows by key."""
    data = {}
    for key, text in filled.header.items():
        name = mapping.field_for(ActionPlan, key)
        if name and not mapping.list_model(ActionPlan, name):
            data[name] = text
    for key, rows in filled.tables.items():
        item = mapping.list_model(ActionPlan, key)
        if item:
            data[key] = [{name: row[column] for column in row if (name := mapping.field_for(item, column))}
                         for row in rows]
    return {name: data[name] for name in ActionPlan.model_fields if name in data}


def build(filled: FilledTemplate, template: Template, ctx: Context) -> tuple[Written | None, list[Problem]]:
    problems: list[Problem] = []
    member = mapping.municipality(filled, ctx, problems)
    network_id = mapping.network_of(filled, ctx, member, problems)
    data = plan_data(filled, template)
    problems += _model_problems(data, filled, template, ctx)
    if network_id is None or problems:
        return None, problems
    path = f"networks/{network_id}.yml"
    text = (ctx.root / path).read_text(encoding="utf-8")
    later = list(Network.model_fields)[list(Network.model_fields).index("action_plan") + 1:]
    new_text, replaced = with_top_level_key(text, "action_plan", data, later)
    notes = [] if ctx.network else [f"the network is {network_id}, the one network '{member}' is a member of"]
    return Written(path, new_text, replaces=f"the action plan in {path}" if replaced else "", notes=notes), problems


def _model_problems(data: dict, filled: FilledTemplate, template: Template, ctx: Context) -> list[Problem]:
    """What ActionPlan refuses, named by the form's own labels and headings."""
    try:
        ActionPlan.model_validate(data)
        return []
    except ValidationError as error:
        labels, columns = mapping.field_labels(template), mapping.column_names(template)
        problems = []
        for detail in error.errors():
            location = detail["loc"]
            if len(location) >= 3 and location[0] in columns:
                table, row, column = location[0], location[1], location[2]
                name = columns[table].get(str(column), str(column))
                title = next(t.title for t in template.tables if t.key == table)
                problems.append(Problem(ctx.file, 0, 0, f"{table}[{row}].{column}",
                                        f"row {int(row) + 1} of '{title}' has no '{name}'",
                                        f"every row needs its '{name}'"))
            elif location and location[0] in columns:
                problems.append(Problem(ctx.file, 0, 0, str(location[0]), "the table has no row filled in",
                                        "an action plan needs at least one activity"))
            else:
                key = str(location[0]) if location else ""
                problems.append(Problem(ctx.file, 0, 0, f"header.{key}", f"'{labels.get(key, key)}' is empty",
                                        f"an action plan needs its '{labels.get(key, key)}'"))
        return problems
