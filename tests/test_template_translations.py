"""Templates translated (issue 14): content/templates/<id>.<lang>.yml, loaded, checked and shown like records'."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.build import check, render_options
from generator.cli import main
from generator.problems import Severity, errors
from generator.render import Renderer
from generator.render.downloads import templates as templates_step
from generator.render.template_fill import template_fill as template_fill_step
from generator.translations import NOT_TRANSLATED, source_digest, text_in

from conftest import REPO, MiniPortal
from test_i18n_downloads import _odt_text, _pdf_text

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


# ---------------------------------------------------------------- render: the sq action plan and its downloads


def _template_files(root: Path, language: str) -> dict[str, bytes]:
    """The template pages, fill-in data and downloads that `render` writes for `language`."""
    catalog, problems = check(root, today=dt.date(2026, 12, 1))
    assert catalog is not None and not errors(problems), problems
    options = render_options(root)
    options.language = language
    renderer = Renderer(catalog, options)
    templates_step(renderer)
    template_fill_step(renderer)
    return renderer.output.files


@pytest.fixture(scope="module")
def shipped() -> dict[str, dict[str, bytes]]:
    return {language: _template_files(REPO, language) for language in ("en", "sq")}


SQ_TITLE, SQ_COLUMNS = "Plan veprimi për zbatimin e një qasjeje", ("Aktiviteti", "Afati", "Rezultatet e pritura")


def test_the_albanian_action_plan_page_shows_its_translation_with_a_notice(shipped):
    page = shipped["sq"]["templates/action-plan.md"].decode()
    assert f"# {SQ_TITLE}\n" in page
    assert all(name in page for name in SQ_COLUMNS) and "Expected results" not in page
    notice = page.split("portal-language-notice", 1)[1].split("</p>", 1)[0]
    assert "../../templates/action-plan.html" in notice and 'hreflang="en"' in notice  # the English original
    assert page.count("makinë") == 1  # one notice says it is a machine translation, not two
    fill = shipped["sq"]["templates/action-plan.fill.js"].decode()
    assert SQ_TITLE in fill and '"name":"Afati"' in fill and '"key":"deadline"' in fill  # keys stay
    english = shipped["en"]["templates/action-plan.fill.js"].decode()
    version = re.search(r'"template_version":"(\w+)"', english)[1]
    assert f'"template_version":"{version}"' in fill  # the same form for portal import


def test_the_albanian_templates_index_lists_the_translated_titles(shipped):
    index = shipped["sq"]["templates/index.md"].decode()
    assert f"[{SQ_TITLE}](../templates/action-plan.md)" in index and "Action plan for applying" not in index


def test_the_albanian_action_plan_downloads_are_in_albanian(shipped, tmp_path):
    files = shipped["sq"]
    odt = _odt_text(files["downloads/templates/action-plan.odt"])
    sheet = load_workbook(io.BytesIO(files["downloads/templates/action-plan.xlsx"]))
    headings = [cell.value for cell in next(sheet.worksheets[1].iter_rows(max_row=1))]
    pdf = _pdf_text(files["downloads/templates/action-plan.pdf"], tmp_path)
    for text in (odt, pdf, sheet.properties.title):
        assert SQ_TITLE in " ".join(text.split()), text[:400]
    for name in SQ_COLUMNS:
        assert name in odt and name in " ".join(pdf.split()) and any(name in (h or "") for h in headings)
    assert "Expected results" not in odt and "Expected results" not in pdf


def test_a_filled_albanian_action_plan_imports_from_csv_and_xlsx(shipped, tmp_path, capsys):
    files = shipped["sq"]
    table = files["downloads/templates/action-plan.csv"].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(table)))
    goal = next(i for i, row in enumerate(rows) if row[:1] == ["Qëllimi"])
    rows[goal][1] = "Më shumë fëmijë në shkollë"
    heading = next(i for i, row in enumerate(rows) if "Aktiviteti" in row)
    rows[heading + 1] = ["Takim me prindërit", "Drejtori", "Mars", "", "", "", "Listë prindërish"][:len(rows[heading])]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    filled_csv = tmp_path / "plan.csv"
    filled_csv.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    workbook = load_workbook(io.BytesIO(files["downloads/templates/action-plan.xlsx"]))
    overview = workbook.worksheets[0]
    next(row for row in overview.iter_rows() if row[0].value == "Qëllimi")[1].value = "Më shumë fëmijë në shkollë"
    activities = workbook.worksheets[1]
    for cell, text in zip(activities[2], ["Takim me prindërit", "Drejtori", "Mars"]):
        cell.value = text
    filled_xlsx = tmp_path / "plan.xlsx"
    workbook.save(filled_xlsx)
    for path in (filled_csv, filled_xlsx):
        code = main(["import", "--dry-run", "--network", "interloc", "--force", str(path), "--root", str(REPO)])
        err = capsys.readouterr().err
        assert "has no column" not in err and "missing from the form" not in err and "is missing" not in err, err
        assert code == 0, err


def test_a_filled_albanian_international_action_plan_imports_with_its_ticked_step(shipped, tmp_path, capsys):
    """Its checklist is translated, which changes the translated template's own version; the download carries
    the original's, and import checks the file against that."""
    rows = list(csv.reader(io.StringIO(shipped["sq"]["downloads/templates/international-action-plan.csv"]
                                       .decode("utf-8-sig"))))
    for row in rows:
        if row[:1] == ["Komuna ose departamenti"]:
            row[1] = "Sölvesborg"
        if row[:1] == ["Merrni një mandat"]:  # "Obtain a mandate", ticked
            row[2] = "po"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    filled = tmp_path / "international.csv"
    filled.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    code = main(["import", "--dry-run", "--force", str(filled), "--root", str(REPO)])
    said = capsys.readouterr()
    assert "another version" not in said.err, said.err
    assert code == 0, said.err
    assert "- [x] Obtain a mandate" in said.out + said.err and "Sölvesborg" in said.out + said.err


def test_english_template_output_is_the_same_with_or_without_translations(shipped, tmp_path):
    root = tmp_path / "portal"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".git", "site", "build", "node_modules"))
    for translation in (root / "content/templates").glob("*.*.yml"):
        translation.unlink()
    assert _template_files(root, "en") == shipped["en"]
