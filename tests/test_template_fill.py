"""The data a template's page fills its form in from (generator/render/template_fill.py): every key the
FilledTemplate of that template uses, in the template's order, and the same bytes on every build."""

from __future__ import annotations

import json

import pytest

from generator.build import check
from generator.models.filled import template_version
from generator.render.template_fill import DATA_GLOBAL, data_script, fill_data

from conftest import REPO

CATALOG, _ = check(REPO)
TEMPLATES = sorted(CATALOG.templates)


def _data(template_id: str) -> dict:
    script = data_script(fill_data(template_id, CATALOG.templates[template_id].model))
    prefix = f"window.{DATA_GLOBAL} = "
    assert script.startswith(prefix) and script.endswith(";\n")
    return json.loads(script[len(prefix):-2])


@pytest.mark.parametrize("template_id", TEMPLATES)
def test_the_page_data_has_the_shape_of_the_template(template_id: str) -> None:
    template = CATALOG.templates[template_id].model
    data = _data(template_id)
    assert data["template"] == template_id and data["template_version"] == template_version(template)
    assert [f["key"] for f in data["header"]] == [f.key for f in template.all_header_fields()]
    assert [t["key"] for t in data["tables"]] == [t.key for t in template.tables]
    for table, model in zip(data["tables"], template.tables):
        assert [c["key"] for c in table["columns"]] == [c.key for c in model.columns]
        for column, source in zip(table["columns"], model.columns):
            assert column.get("choices") == source.choices
            assert (column.get("minimum"), column.get("maximum")) == (source.minimum, source.maximum)
        given = [row for group in table["groups"] for row in group["rows"]]
        assert given == [*model.rows, *(row for group in model.groups for row in group.rows)]
    items = [item["title"] for item in data["checklist"]["items"]] if data["checklist"] else []
    assert items == ([item.title for item in template.checklist.items] if template.checklist else [])


def test_the_caf_sheet_alone_links_the_caf_tool() -> None:
    links = {template_id: fill_data(template_id, CATALOG.templates[template_id].model, "../caf/index.html")["caf_tool"]
             for template_id in TEMPLATES}
    assert {t: link for t, link in links.items() if link} == {"caf-self-assessment": "../caf/index.html"}


def test_the_page_data_is_the_same_on_every_build() -> None:
    template_id = TEMPLATES[0]
    model = CATALOG.templates[template_id].model
    assert data_script(fill_data(template_id, model)) == data_script(fill_data(template_id, model))
