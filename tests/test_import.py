"""`portal import`: a template downloaded from the portal, filled in as a person would, comes back as its record.

Each format is filled in programmatically (openpyxl, odfdo, python-docx, csv, pypdf, the web page's
JSON), imported, checked and built; the values written in the form are then looked for on the
record's page. Bad files (not ours, another template version, encrypted, damaged, oversized, a zip
bomb) are refused with a plain message and nothing written.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from generator.build import check, generate
from generator.cli import main
from generator.models import Template
from generator.models.filled import FORMAT, template_version

from conftest import LOCAL_NAMED_ORGANISATION, REPO, MiniPortal, fill_in_placeholders

TEMPLATES = REPO / "content" / "templates"

PLAN_HEADER = {"municipality": "Gran", "date": "2026-03-12", "approach": "Day-care centres for older residents",
               "goal": "A day-care centre open five days a week", "beneficiaries": "Older residents living alone"}
PLAN_ROWS = [
    {"activity": "Agree on the premises with the property office", "responsible": "Head of social services",
     "deadline": "2026-06", "challenges": "Ownership of the building is unclear"},
    {"activity": "Train two carers in group activities", "responsible": "Human resources office",
     "deadline": "Q3 2026"},
]


def template(template_id: str) -> Template:
    return Template.model_validate(yaml.safe_load((TEMPLATES / f"{template_id}.yml").read_text(encoding="utf-8")))


def labels(template_id: str) -> dict[str, str]:
    return {f.key: f.label for f in template(template_id).all_header_fields()}


def headings(template_id: str, table: int = 0) -> dict[str, str]:
    return {c.key: c.name for c in template(template_id).tables[table].columns}


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> dict[str, bytes]:
    """Every template's downloads, as the build writes them."""
    portal = MiniPortal(tmp_path_factory.mktemp("downloads"))
    shutil.copytree(TEMPLATES, portal.root / "content" / "templates")
    generated = generate(portal.root, workers=1)
    assert generated.ok, generated.problems
    prefix = "downloads/templates/"
    return {name[len(prefix):]: data for name, data in generated.output.files.items() if name.startswith(prefix)}


@pytest.fixture
def portal(mini) -> MiniPortal:
    shutil.copytree(TEMPLATES, mini.root / "content" / "templates")
    mini.network()  # gran-mukono: Gran is a member of this one network only
    return mini


def run_import(portal: MiniPortal, name: str, data: bytes, *options: str) -> int:
    path = portal.root.parent / f"{portal.root.name}-{name}"
    path.write_bytes(data)
    return main(["--root", str(portal.root), "import", str(path), *options])


def built_pages(portal: MiniPortal, *pages: str) -> list[str]:
    """The generated Markdown of each page, its backslash escapes undone (`2026\\-06` is 2026-06 on the page)."""
    generated = generate(portal.root, workers=1)  # one process: a small portal builds faster without forking
    assert generated.ok, generated.problems
    return [re.sub(r"\\(.)", r"\1", generated.output.files[page].decode()) for page in pages]


def built_page(portal: MiniPortal, page: str) -> str:
    return built_pages(portal, page)[0]


def assert_check_passes(portal: MiniPortal) -> None:
    _, problems = check(portal.root)
    assert not [p for p in problems if p.severity.value == "error"], problems


def assert_plan_on_pages(portal: MiniPortal) -> None:
    page, plan = built_pages(portal, "networks/gran-mukono.md", "plans/gran-mukono-action-plan.md")
    for text in [PLAN_HEADER["goal"], PLAN_HEADER["approach"], *(row["activity"] for row in PLAN_ROWS)]:
        assert text in page
    for text in [PLAN_ROWS[0]["responsible"], PLAN_ROWS[0]["challenges"], PLAN_ROWS[1]["deadline"]]:
        assert text in plan


# ------------------------------------------------------------------ filling in each format


def fill_xlsx(data: bytes, header: dict[str, str], rows: list[dict[str, str]], template_id: str = "action-plan",
              sheet: str = "Activities") -> bytes:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    by_label = {label: key for key, label in labels(template_id).items()}
    for row in workbook["Overview"].iter_rows(min_row=2):
        key = by_label.get(row[0].value)
        if key in header:
            row[1].value = header[key]
    table = workbook[sheet]
    names = [cell.value for cell in table[1]]
    columns = {key: names.index(name) + 1 for key, name in headings(template_id).items()}
    for number, values in enumerate(rows, start=2):
        for key, value in values.items():
            table.cell(number, columns[key], value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def fill_odt(data: bytes, header: dict[str, str], rows: list[dict[str, str]], path: Path) -> bytes:
    from odfdo import Document

    path.write_bytes(data)
    document = Document(str(path))
    by_label = {label: key for key, label in labels("action-plan").items()}
    fields, activities = document.body.get_tables()[:2]
    for row in fields.get_elements("table:table-row"):
        label_cell, value_cell = row.get_elements("table:table-cell")
        key = by_label.get(label_cell.get_elements("text:p")[0].text_recursive)
        if key in header:
            value_cell.get_elements("text:p")[0].text = header[key]
    order = list(headings("action-plan"))
    blank_rows = activities.get_elements("table:table-row")[1:]
    for values, row in zip(rows, blank_rows):
        for key, value in values.items():
            row.get_elements("table:table-cell")[order.index(key)].get_elements("text:p")[0].text = value
    document.save(str(path))
    return path.read_bytes()


def fill_docx_self_evaluation(data: bytes, header: dict[str, str], notes: dict[str, str]) -> bytes:
    """The self-evaluation guide in Word: the header, and notes beside the questions they answer."""
    from docx import Document

    document = Document(io.BytesIO(data))
    fields, questions = document.tables[:2]
    by_label = {label: key for key, label in labels("partnership-self-evaluation").items()}
    for row in fields.rows:
        key = by_label.get(row.cells[0].paragraphs[0].text)
        if key in header:
            row.cells[1].text = header[key]
    for row in questions.rows:
        if row.cells[0].text in notes:
            row.cells[1].text = notes[row.cells[0].text]
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def fill_csv(data: bytes, header: dict[str, str], rows: list[list[str]], table_key: str, template_id: str,
             done: tuple[str, ...] = ()) -> bytes:
    """The CSV as a spreadsheet saves it: values in the Value column, rows added at the end of the table."""
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    by_label = {label: key for key, label in labels(template_id).items()}
    out, block = [], None
    for line in lines:
        if line and line[0] in ("Form", "Fields", "Table", "Checklist", "Template"):
            block = (line[0], line[1] if len(line) > 1 else "")
        if block and block[0] == "Fields" and line and by_label.get(line[0]) in header:
            line = [line[0], header[by_label[line[0]]], ""]
        if block and block[0] == "Checklist" and line and line[0] in done:
            line = [line[0], line[1], "yes"]
        if not any(line) and block == ("Table", table_key):
            out.extend(rows)
        out.append(line)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(out)
    return buffer.getvalue().encode("utf-8-sig")


def exported_json(template_id: str, header: dict[str, str], tables: dict[str, list[dict[str, str]]]) -> bytes:
    """What the template's web page exports."""
    return json.dumps({"format": FORMAT, "template": template_id,
                       "template_version": template_version(template(template_id)),
                       "header": header, "tables": tables, "checklist": {}}).encode()


def fillable_pdf(downloads: dict[str, bytes], template_id: str, values: dict[str, str]) -> bytes:
    """The template's fillable PDF filled in with pypdf; until the portal makes one, a PDF form with
    the same field names and metadata keys."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

    made = downloads.get(f"{template_id}-fillable.pdf")
    if made:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(made)))
        for page in writer.pages:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
    else:
        writer = PdfWriter()
        page = writer.add_blank_page(595, 842)
        widgets = ArrayObject()
        for number, (name, value) in enumerate(values.items()):
            widget = DictionaryObject({
                NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject(name),
                NameObject("/V"): TextStringObject(value),
                NameObject("/Rect"): ArrayObject([FloatObject(20), FloatObject(800 - 20 * number),
                                                  FloatObject(500), FloatObject(815 - 20 * number)])})
            widgets.append(writer._add_object(widget))
        page[NameObject("/Annots")] = widgets
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): widgets})
        writer.add_metadata({"/Title": template(template_id).title, "/PortalTemplate": template_id,
                             "/PortalTemplateVersion": template_version(template(template_id))})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------ round trips


def test_an_action_plan_filled_in_excel_becomes_the_networks_plan_on_its_pages(portal, downloads, capsys) -> None:
    filled = fill_xlsx(downloads["action-plan.xlsx"], PLAN_HEADER, PLAN_ROWS)
    assert run_import(portal, "plan.xlsx", filled) == 0
    said = capsys.readouterr().err
    assert "Wrote networks/gran-mukono.yml" in said and "portal check accepts it" in said
    assert "gran-mukono, the one network 'gran' is a member of" in said
    assert "sources:" in (portal.root / "networks/gran-mukono.yml").read_text()  # the rest of the file stays
    assert_check_passes(portal)
    assert_plan_on_pages(portal)


def test_an_action_plan_filled_in_an_opendocument_file_comes_back(portal, downloads, tmp_path) -> None:
    filled = fill_odt(downloads["action-plan.odt"], PLAN_HEADER, PLAN_ROWS, tmp_path / "plan.odt")
    assert run_import(portal, "plan.odt", filled) == 0
    assert_check_passes(portal)
    assert_plan_on_pages(portal)


def test_an_action_plan_from_the_csv_download_with_rows_added_comes_back(portal, downloads) -> None:
    order = ["activity", "responsible", "deadline", "challenges", "mitigation", "resources", "results"]
    rows = [[row.get(key, "") for key in order] for row in PLAN_ROWS]
    filled = fill_csv(downloads["action-plan.csv"], PLAN_HEADER, rows, "activities", "action-plan")
    assert run_import(portal, "plan.csv", filled) == 0
    assert_check_passes(portal)
    assert_plan_on_pages(portal)


def test_the_json_the_web_form_exports_comes_back(portal) -> None:
    assert run_import(portal, "plan.json", exported_json("action-plan", PLAN_HEADER, {"activities": PLAN_ROWS})) == 0
    assert_check_passes(portal)
    assert_plan_on_pages(portal)


def test_a_fillable_pdf_filled_in_comes_back(portal, downloads) -> None:
    values = {f"header.{key}": value for key, value in PLAN_HEADER.items()}
    for number, row in enumerate(PLAN_ROWS):
        values |= {f"activities.{number}.{key}": value for key, value in row.items()}
    assert run_import(portal, "plan.pdf", fillable_pdf(downloads, "action-plan", values)) == 0
    assert_check_passes(portal)
    assert_plan_on_pages(portal)


def test_a_ticked_box_of_the_fillable_pdf_comes_back_ticked(portal, downloads, capsys) -> None:
    if "international-action-plan-fillable.pdf" not in downloads:
        pytest.skip("this portal makes no fillable PDF yet")
    values = {"header.municipality": "Sölvesborg", "header.period": "2011–2014", "actions.0.action": "Join a network",
              "checklist.0": "/on"}
    filled = fillable_pdf(downloads, "international-action-plan", values)
    assert run_import(portal, "international.pdf", filled, "--dry-run") == 0
    draft = capsys.readouterr().out
    assert "- [x] Obtain a mandate\n- [ ] Tell the units that will use it" in draft
    assert "| Join a network |" in draft and "start: 2011" in draft


def test_a_self_evaluation_in_word_becomes_a_results_file_with_its_findings(portal, downloads, capsys) -> None:
    guide = template("partnership-self-evaluation").tables[0]
    first = {group.title: group.rows[0]["question"] for group in guide.groups}
    notes = {first["Individual level"]: "Staff learned to plan budgets together with residents",
             first["Community level"]: "Two schools now exchange letters every term",
             first["Overall assessment"]: "Both partners gained, most of all in how they involve residents."}
    header = {"municipality": "gran", "date": "12.03.2026"}
    filled = fill_docx_self_evaluation(downloads["partnership-self-evaluation.docx"], header, notes)
    assert run_import(portal, "evaluation.docx", filled) == 0, capsys.readouterr().err
    written = yaml.safe_load((portal.root / "networks/gran-mukono/results-2026.yml").read_text())
    assert written["findings"] == {"individual": [notes[first["Individual level"]]],
                                   "community": [notes[first["Community level"]]]}
    assert written["summary"] == notes[first["Overall assessment"]]
    assert_check_passes(portal)
    page = built_page(portal, "results/gran-mukono-results-2026.md")
    for text in notes.values():
        assert text in page


def test_an_international_action_plan_becomes_a_practice_draft_that_says_what_is_left(portal, downloads,
                                                                                     capsys) -> None:
    header = {"municipality": "Sölvesborg", "period": "2011–2014", "scope": "The care department",
              "objectives": "Staff of the care department visit a partner town each year"}
    rows = [["Join a network of towns on elderly care", "Compare two networks", "By June", "Care department"]]
    done = ("Obtain a mandate",)
    filled = fill_csv(downloads["international-action-plan.csv"], header, rows, "actions",
                      "international-action-plan", done)
    assert run_import(portal, "international.csv", filled) == 1  # written, but the check wants the rest
    said = capsys.readouterr().err
    draft = portal.root / "practices/international-action-plan-solvesborg.md"
    assert "Wrote practices/international-action-plan-solvesborg.md" in said
    assert "summary" in said and "status" in said  # what is still to fill in
    fill_in_placeholders(draft)
    assert_check_passes(portal)
    page = built_page(portal, "practices/international-action-plan-solvesborg.md")
    for text in [header["objectives"], header["scope"], rows[0][0], "2011", "Sölvesborg"]:
        assert text in page
    assert "period:\n  start: 2011\n  end: 2014" in draft.read_text().replace("'", "")


def test_markup_written_into_a_form_reaches_the_page_as_text(portal) -> None:
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    rows = [{"activity": hostile, "responsible": "[a](javascript:alert(3))"}]
    assert run_import(portal, "plan.json", exported_json("action-plan", PLAN_HEADER | {"goal": hostile},
                                                         {"activities": rows})) == 0
    generated = generate(portal.root, workers=1)
    for page in ("networks/gran-mukono.md", "plans/gran-mukono-action-plan.md"):
        text = generated.output.files[page].decode()
        assert "&lt;script&gt;alert" in text  # there, as text
        assert "<script" not in text and "<img" not in text
    assert "\\[a\\]\\(javascript:" in generated.output.files["networks/gran-mukono.md"].decode()  # no link


# ------------------------------------------------------------------ problems, all at once


def test_an_unknown_municipality_and_a_date_it_cannot_read_are_reported_together(portal, capsys) -> None:
    header = {"municipality": "Grann", "date": "next spring"}
    notes = [{"group": "Individual level", "question": "What?", "notes": "Something learned"}]
    data = exported_json("partnership-self-evaluation", header, {"questions": notes})
    assert run_import(portal, "evaluation.json", data) == 1
    said = capsys.readouterr().err
    assert "'Grann' is no municipality or organisation in the registry (did you mean 'gran'?)" in said
    assert "header.date: 'next spring' is not a date that can be read (write the date as YYYY-MM-DD" in said
    assert "nothing written" in said
    assert not (portal.root / "networks/gran-mukono").exists()


def test_a_header_may_name_an_organisation_by_its_own_name(portal, capsys) -> None:
    portal.write("registry/organisations/test.yml", LOCAL_NAMED_ORGANISATION)
    header = PLAN_HEADER | {"municipality": "Shoqata e Bashkive te Shqiperise"}  # typed without its diacritics
    run_import(portal, "plan.json", exported_json("action-plan", header, {"activities": PLAN_ROWS}))
    said = capsys.readouterr().err
    assert "is no municipality or organisation" not in said
    assert "which network does this form" in said  # known: what is left to ask is the network it belongs to


def test_each_problem_names_the_cell_it_is_in(portal, downloads, capsys) -> None:
    header = {"municipality": "Grann", "goal": ""}
    filled = fill_xlsx(downloads["action-plan.xlsx"], header, [{"activity": "Agree on premises"}])
    assert run_import(portal, "plan.xlsx", filled) == 1
    said = capsys.readouterr().err
    assert ":3:2: header.municipality: sheet 'Overview', cell B3: 'Grann' is no municipality" in said
    assert ":8:2: header.goal: sheet 'Overview', cell B8: 'Goal' is empty" in said
    assert ":2:2: activities[0].responsible: sheet 'Activities', cell B2: row 1 of 'Activities' has no " \
           "'Responsible'" in said


def test_an_ambiguous_date_gives_both_readings(portal, capsys) -> None:
    data = exported_json("partnership-self-evaluation", {"municipality": "gran", "date": "03/04/2026"},
                         {"questions": [{"group": "Individual level", "notes": "Learned"}]})
    assert run_import(portal, "evaluation.json", data) == 1
    assert "could be 3 April 2026 or 4 March 2026" in capsys.readouterr().err


def test_a_score_outside_its_range_is_named_by_its_cell(portal, downloads, capsys) -> None:
    rows = [{"score": 150}, {"score": "a lot"}]
    filled = fill_xlsx(downloads["caf-self-assessment.xlsx"], {}, rows, "caf-self-assessment",
                       "Assessment by sub-criterion")
    assert run_import(portal, "caf.xlsx", filled) == 1
    said = capsys.readouterr().err
    assert "sheet 'Assessment by sub-criterion', cell E2: 150 is outside this column's range " \
           "(write a number from 0 to 100)" in said
    assert "cell E3: 'a lot' is not a number" in said


def test_a_missing_column_is_reported(portal, downloads, capsys) -> None:
    text = downloads["action-plan.csv"].decode("utf-8-sig").replace(",Deadline,", ",When,")
    rows = [["Agree on premises", "Social services", "June", "", "", "", ""]]
    filled = fill_csv(text.encode(), PLAN_HEADER, rows, "activities", "action-plan")
    assert run_import(portal, "plan.csv", filled) == 1
    assert "the table 'Activities' has no column 'Deadline'" in capsys.readouterr().err


def test_a_template_without_a_record_says_what_it_is_for(portal, downloads, capsys) -> None:
    assert run_import(portal, "caf.csv", downloads["caf-self-assessment.csv"]) == 1
    said = capsys.readouterr().err
    assert "CAF self-assessment page" in said and "Nothing written" in said


def test_a_record_is_replaced_only_with_force(portal, downloads, capsys) -> None:
    plan = exported_json("action-plan", PLAN_HEADER, {"activities": PLAN_ROWS})
    assert run_import(portal, "plan.json", plan) == 0
    changed = exported_json("action-plan", PLAN_HEADER | {"goal": "Another goal"}, {"activities": PLAN_ROWS})
    capsys.readouterr()
    assert run_import(portal, "plan.json", changed) == 1
    assert "already holds the action plan in networks/gran-mukono.yml" in capsys.readouterr().err
    assert "Another goal" not in (portal.root / "networks/gran-mukono.yml").read_text()
    assert run_import(portal, "plan.json", changed, "--force") == 0
    text = (portal.root / "networks/gran-mukono.yml").read_text()
    assert "Another goal" in text and text.count("action_plan:") == 1
    assert_check_passes(portal)


# ------------------------------------------------------------------ bad files


def _zip_with(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _newer_csv(downloads: dict[str, bytes]) -> bytes:
    text = downloads["action-plan.csv"].decode("utf-8-sig")
    return re.sub(r"Template,action-plan,[0-9a-f]{12}", "Template,action-plan,0123456789ab", text).encode()


BAD_FILES = {
    "not-ours.csv": (lambda d: b"name,age\r\nAda,36\r\n", "not a template of this portal filled in"),
    "not-ours.json": (lambda d: b'{"goal": "x"}', "not a template of this portal filled in"),
    "other-version.csv": (_newer_csv, "another version of the template 'action-plan'"),
    "locked.xlsx": (lambda d: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "protected with a password"),
    "locked.pdf": (lambda d: _encrypted_pdf(), "the PDF is protected with a password"),
    "cut.xlsx": (lambda d: d["action-plan.xlsx"][:3000], "the file is damaged"),
    "cut.docx": (lambda d: d["action-plan.docx"][:-200], "the file is damaged"),
    "cut.json": (lambda d: b'{"format": "good', "the JSON file is damaged at line 1"),
    "bomb.odt": (lambda d: _zip_with({"content.xml": bytes(80_000_000)}), "would unpack to 80 MB"),
    "picture.png": (lambda d: b"\x89PNG", "'.png' is not a format portal import reads"),
    "printable.pdf": (lambda d: d["action-plan.pdf"], "this PDF has no form fields: it is a printable form"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_refused_in_plain_words_and_nothing_is_written(portal, downloads, capsys, name) -> None:
    make, words = BAD_FILES[name]
    before = (portal.root / "networks/gran-mukono.yml").read_text()
    assert run_import(portal, name, make(downloads)) == 1
    said = capsys.readouterr().err
    assert words in said and "Nothing written" in said
    assert "Traceback" not in said
    assert (portal.root / "networks/gran-mukono.yml").read_text() == before


def test_an_oversized_file_is_refused_before_it_is_read(portal, capsys) -> None:
    huge = portal.root.parent / "huge.xlsx"
    with huge.open("wb") as out:
        out.truncate(6_000_000)  # sparse: no 6 MB written to disk
    assert main(["--root", str(portal.root), "import", str(huge)]) == 1
    assert "the file is 6.0 MB, more than a filled form can be (5 MB)" in capsys.readouterr().err


def test_every_office_download_carries_its_template_and_version(downloads) -> None:
    from docx import Document as Docx
    from odfdo import Document as Odt
    from openpyxl import load_workbook

    mark = f"good-practice-portal/template/action-plan/{template_version(template('action-plan'))}"
    assert Docx(io.BytesIO(downloads["action-plan.docx"])).core_properties.identifier == mark
    assert load_workbook(io.BytesIO(downloads["action-plan.xlsx"])).properties.identifier == mark
    odt = Odt(io.BytesIO(downloads["action-plan.odt"]))
    assert odt.meta.get_user_defined_metadata_of_name("portal-template")["value"] == mark
    assert downloads["action-plan.csv"].decode("utf-8-sig").rstrip().endswith(
        f"Template,action-plan,{template_version(template('action-plan'))}")


@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice (scripts/test installs it)")
def test_forms_saved_again_by_libreoffice_keep_their_mark_and_come_back(portal, downloads, tmp_path) -> None:
    """A person fills the form in LibreOffice and saves it: the file is LibreOffice's own, not ours."""
    originals = tmp_path / "filled"
    originals.mkdir()
    (originals / "plan.xlsx").write_bytes(fill_xlsx(downloads["action-plan.xlsx"], PLAN_HEADER, PLAN_ROWS))
    (originals / "plan.odt").write_bytes(fill_odt(downloads["action-plan.odt"], PLAN_HEADER, PLAN_ROWS,
                                                  tmp_path / "scratch.odt"))
    saved = tmp_path / "saved"
    for extension in ("xlsx", "odt"):
        subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                        "--convert-to", extension, "--outdir", str(saved), str(originals / f"plan.{extension}")],
                       check=True, capture_output=True, timeout=300)
    for extension in ("xlsx", "odt"):
        assert run_import(portal, f"plan.{extension}", (saved / f"plan.{extension}").read_bytes(), "--force") == 0
        plan = yaml.safe_load((portal.root / "networks/gran-mukono.yml").read_text())["action_plan"]
        assert plan["goal"] == PLAN_HEADER["goal"]
        assert [row["activity"] for row in plan["activities"]] == [row["activity"] for row in PLAN_ROWS]
