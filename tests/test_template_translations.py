"""Templates translated (issue 14): content/templates/<id>.<lang>.yml, loaded, checked and shown like records'."""

from __future__ import annotations

import re
from pathlib import Path

from generator.build import check
from generator.cli import main
from generator.problems import Severity, errors
from generator.translations import NOT_TRANSLATED, source_digest, text_in

from conftest import REPO, MiniPortal

PLAN = "content/templates/action-plan.yml"
PLAN_SQ = "content/templates/action-plan.sq.yml"


def _with_plan(mini: MiniPortal) -> str:
    """The shipped action plan in the scratch portal; its digest."""
    mini.write(PLAN, (REPO / PLAN).read_text(encoding="utf-8"))
    catalog, problems = check(mini.root)
    assert not errors(problems), problems
    return source_digest(catalog.templates["action-plan"])


def _plan_translation(mini: MiniPortal, fields: str, source: str) -> Path:
    front = f"translation:\n  status: machine\n  by: a translation tool\n  source: {source}\n"
    return mini.write(PLAN_SQ, front + fields)


def _problems_in(root: Path, file: str) -> list:
    return [problem for problem in check(root)[1] if problem.file == file]


COLUMNS = "".join(f"      - name: Kolona {n}\n" for n in range(1, 8))
TRANSLATED = ("title: Plan veprimi\nfields:\n  - label: Qasja\n  - {}\n  - hint: Kush përfiton?\n"
              f"tables:\n  - title: Aktivitetet\n    columns:\n{COLUMNS}    example:\n      deadline: Mars\n")


def test_a_template_translation_links_and_falls_back_field_by_field(mini: MiniPortal) -> None:
    digest = _with_plan(mini)
    _plan_translation(mini, TRANSLATED, digest)
    catalog, problems = check(mini.root)
    assert problems == []
    assert set(catalog.translations[("template", "action-plan")]) == {"sq"}
    title = text_in(catalog, "template", "action-plan", "sq", "title")
    assert (title.value, title.translated, title.status) == ("Plan veprimi", True, "machine")
    assert text_in(catalog, "template", "action-plan", "sq", "fields", 0, "label").value == "Qasja"
    purpose = text_in(catalog, "template", "action-plan", "sq", "purpose")  # not translated: English
    assert not purpose.translated and purpose.value.startswith("Turns an approach")
    assert text_in(catalog, "template", "action-plan", "sq", "tables", 0, "columns", 6, "name").value == "Kolona 7"
    assert text_in(catalog, "template", "action-plan", "sq", "tables", 0, "example").value == {"deadline": "Mars"}


def test_a_stale_template_translation_warns_with_file_and_line(mini: MiniPortal) -> None:
    digest = _with_plan(mini)
    _plan_translation(mini, TRANSLATED, digest)
    text = (REPO / PLAN).read_text(encoding="utf-8")
    mini.write(PLAN, text.replace("width: 3", "width: 4"))  # a width is no text: still current
    assert _problems_in(mini.root, PLAN_SQ) == []
    mini.write(PLAN, text.replace("name: Deadline", "name: Due date"))
    (warning,) = _problems_in(mini.root, PLAN_SQ)
    assert warning.severity is Severity.warning
    assert (warning.line, warning.field) == (4, "translation.source")
    assert "out of date" in warning.message and PLAN in warning.message


def test_a_template_translation_that_changes_a_key_or_width_is_refused(mini: MiniPortal) -> None:
    digest = _with_plan(mini)
    _plan_translation(mini, "fields:\n  - label: Qasja\n    key: qasja\n"
                      "tables:\n  - columns:\n      - name: Aktiviteti\n        width: 5\n", digest)
    found = _problems_in(mini.root, PLAN_SQ)
    assert {(p.field, p.line) for p in found} == {("fields[0].key", 7), ("tables[0].columns[0].width", 11)}
    assert all(p.severity is Severity.error and p.message == NOT_TRANSLATED for p in found)
    assert main(["check", "--root", str(mini.root)]) != 0


def test_a_template_translation_with_a_column_too_many_warns(mini: MiniPortal) -> None:
    digest = _with_plan(mini)
    _plan_translation(mini, f"tables:\n  - columns:\n{COLUMNS}      - name: Tepër\n", digest)
    (warning,) = _problems_in(mini.root, PLAN_SQ)
    assert warning.severity is Severity.warning and warning.field == "tables[0].columns[7]"


def test_translate_writes_a_template_scaffold_that_round_trips(mini: MiniPortal) -> None:
    _with_plan(mini)
    assert main(["translate", "action-plan", "sq", "--status", "machine", "--by", "a tool",
                 "--root", str(mini.root)]) == 0
    path = mini.root / PLAN_SQ
    untouched = _problems_in(mini.root, PLAN_SQ)
    assert "tables[0].example.deadline" in {p.field for p in untouched}
    assert all(p.message.startswith("still a placeholder") for p in untouched)
    text = re.sub(r'"FILL IN: translate: ([^"]*)"', r'"\1 [sq]"', path.read_text(encoding="utf-8"))
    path.write_text(re.sub(r"^ *FILL IN: translate, then delete this line:\n", "", text, flags=re.M), encoding="utf-8")
    catalog, problems = check(mini.root)
    assert problems == []
    assert text_in(catalog, "template", "action-plan", "sq", "tables", 0, "columns", 2, "name").value == "Deadline [sq]"
    assert text_in(catalog, "template", "action-plan", "sq", "tables", 0, "example").value["deadline"] == "March [sq]"
