"""The interface's catalogues (generator/i18n.py, generator/locales/): current, complete and safe, and
pages rendered in another language than English; English pages stay as they were.

When a test here fails on a catalogue, run `python3 -m generator.i18n extract`, then translate each
new or fuzzy entry in every generator/locales/<lang>/LC_MESSAGES/portal.po.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import MiniPortal, render_steps, serve_folder
from generator import i18n
from generator.languages import TRANSLATIONS

EXTRACT = "run `python3 -m generator.i18n extract`, then translate the new strings in every portal.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")
LINK_TARGET = re.compile(r"\]\(([^)]*)\)")
# What would change what a page's Markdown or HTML means if a translation brought it in (a lone % also breaks
# the formatting of a string with placeholders).
MARKUP = ("<", ">", '"', "|", "`", "**", "](", "{ ", "%")


def _key(message) -> str | tuple:
    return message.id if isinstance(message.id, str) else tuple(message.id)


def _catalogue(language: str):
    return i18n.read_catalogue(i18n.po_path(language), language)


def _forms(message) -> list[str]:
    return list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]


def _ids(message) -> list[str]:
    return list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]


# ---------------------------------------------------------------- the catalogues


def test_the_template_holds_every_string_the_sources_mark() -> None:
    committed = i18n._entries(i18n.read_catalogue(i18n.TEMPLATE))
    extracted = i18n._entries(i18n.extract())
    missing = sorted(str(entry[0]) for entry in extracted - committed)
    stale = sorted(str(entry[0]) for entry in committed - extracted)
    assert not missing and not stale, (
        f"generator/locales/portal.pot is out of date ({EXTRACT}).\n"
        f"Marked in the sources, not in the .pot (or moved, or with a new comment): {missing}\n"
        f"In the .pot, no longer in the sources: {stale}")


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_catalogue_translates_every_string_and_nothing_else(language: str) -> None:
    template = {_key(m) for m in i18n.read_catalogue(i18n.TEMPLATE) if m.id}
    catalogue = _catalogue(language)
    messages = {_key(m): m for m in catalogue if m.id}
    path = i18n.po_path(language).relative_to(i18n.REPOSITORY)
    missing = sorted(str(key) for key in template - set(messages))
    stale = sorted(str(key) for key in set(messages) - template) + [str(m.id) for m in catalogue.obsolete.values()]
    untranslated = sorted(str(key) for key, m in messages.items() if not all(_forms(m)))
    fuzzy = sorted(str(key) for key, m in messages.items() if m.fuzzy)
    assert not (missing or stale or untranslated or fuzzy), (
        f"{path} is not complete: {EXTRACT}.\nMissing: {missing}\nStale (no longer in portal.pot): {stale}\n"
        f"Untranslated (empty msgstr): {untranslated}\nFuzzy (check the suggestion, then remove '#, fuzzy'): {fuzzy}")
    assert catalogue.num_plurals == len(next(m for m in messages.values() if isinstance(m.id, tuple)).string), \
        f"{path}: a plural message needs one msgstr[n] for each of the language's {catalogue.num_plurals} forms"


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_each_translation_keeps_the_placeholders_links_and_markup_of_its_original(language: str) -> None:
    wrong = []
    for message in _catalogue(language):
        if not message.id:
            continue
        original = _ids(message)[-1]  # the plural has every placeholder, %(num)s included
        for form in _forms(message):
            if sorted(PLACEHOLDER.findall(form)) != sorted(PLACEHOLDER.findall(original)):
                wrong.append(f"{form!r}: placeholders differ from {original!r}")
            if LINK_TARGET.findall(form) != LINK_TARGET.findall(original):
                wrong.append(f"{form!r}: link targets differ from {original!r}")
            for mark in MARKUP:
                if form.count(mark) != original.count(mark):
                    wrong.append(f"{form!r}: {mark!r} {form.count(mark)} times, the original {original.count(mark)}")
            indent = {line[:len(line) - len(line.lstrip())] for line in original.split("\n")[1:]}
            for line in form.split("\n")[1:]:  # a card's text goes on indented (home page): so must its translation
                if indent and not line.startswith(min(indent)):
                    wrong.append(f"{form!r}: its lines go on without the original's indentation {min(indent)!r}")
    assert not wrong, f"{i18n.po_path(language).relative_to(i18n.REPOSITORY)}:\n" + "\n".join(wrong)


def test_the_placeholder_check_catches_a_renamed_placeholder() -> None:
    assert PLACEHOLDER.findall("Row {number} of {group}") != PLACEHOLDER.findall("Red {broj} u {group}")
    assert PLACEHOLDER.findall("%(table)s: an example row") != PLACEHOLDER.findall("%(tabela)s: primjer")


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_each_catalogue_says_honestly_who_made_it(language: str) -> None:
    status = i18n.own_headers(i18n.po_path(language)).get(i18n.REVIEW_HEADER)
    assert status, f"{i18n.po_path(language)}: no {i18n.REVIEW_HEADER} header"
    assert status == i18n.REVIEWED or "not reviewed" in status
    assert i18n.is_reviewed(language) == (status == i18n.REVIEWED)


def test_extract_changes_nothing_when_the_catalogues_are_current(tmp_path: Path, monkeypatch) -> None:
    import shutil

    locales = tmp_path / "locales"
    shutil.copytree(i18n.LOCALES, locales)
    monkeypatch.setattr(i18n, "LOCALES", locales)
    monkeypatch.setattr(i18n, "TEMPLATE", locales / "portal.pot")
    before = {p: p.read_bytes() for p in locales.rglob("*.po*")}
    assert i18n.update() == []
    assert {p: p.read_bytes() for p in locales.rglob("*.po*")} == before


def test_every_explanation_the_models_give_their_fields_is_a_string_of_the_catalogue() -> None:
    from generator.schema import FILE_KINDS, schema_for

    template = {_key(m) for m in i18n.read_catalogue(i18n.TEMPLATE) if m.id}
    practice = schema_for(next(fk for fk in FILE_KINDS if fk.name == "practice"))
    assert practice["properties"]["summary"]["description"] == "Two or three sentences for lists and search."
    assert set(i18n.schema_messages()) <= template
    assert "Two or three sentences for lists and search." in i18n.schema_messages()
    assert practice["description"] in i18n.schema_messages()  # a model's docstring too


def test_a_field_added_to_a_model_fails_the_catalogue_tests_until_its_explanation_is_translated(
        tmp_path: Path, monkeypatch) -> None:
    """The models keep their explanations in English; extraction reads them from the schemas, so a new
    field's description is a string the .pot lacks, then, once extracted, one every catalogue lacks."""
    import shutil

    from pydantic import Field

    from generator.models import MODELS

    explanation = "How many pupils took part, counted at the end of the school year."

    class Practice(MODELS["practice"]):  # the same name and docstring: only the new field differs
        __doc__ = MODELS["practice"].__doc__
        pupils: int | None = Field(None, description=explanation)

    monkeypatch.setitem(MODELS, "practice", Practice)
    assert explanation in i18n.schema_messages()
    with pytest.raises(AssertionError, match="How many pupils took part"):
        test_the_template_holds_every_string_the_sources_mark()

    locales = tmp_path / "generator" / "locales"  # what extract writes, in a copy of the catalogues
    shutil.copytree(i18n.LOCALES, locales)
    monkeypatch.setattr(i18n, "REPOSITORY", tmp_path)
    monkeypatch.setattr(i18n, "LOCALES", locales)
    monkeypatch.setattr(i18n, "TEMPLATE", locales / "portal.pot")
    i18n.update()
    for language in TRANSLATIONS:
        with pytest.raises(AssertionError, match=r"Untranslated \(empty msgstr\): \[.*How many pupils took part"):
            test_every_catalogue_translates_every_string_and_nothing_else(language)


# ---------------------------------------------------------------- pages in a language

TEMPLATE = """
title: Peer visit plan
purpose: Plans a peer visit between two *municipalities*.
fields:
  - key: goal
    label: Goal of the visit
    hint: One sentence.
tables:
  - key: steps
    title: Steps <b>now</b>
    columns:
      - key: step
        name: Step
        width: 4
    blank_rows: 1
    example: {step: Call the host}
checklist:
  title: Before the visit
  items:
    - title: Agree the dates
sources:
  - title: A made-up source for the test
last_verified: 2026-11-01
"""


def _render(root: Path, language: str, steps: tuple[str, ...]) -> dict[str, str]:
    return {path: data.decode("utf-8") for path, data in render_steps(root, language, steps).items()
            if path.endswith((".md", ".js"))}


@pytest.fixture(scope="module")
def portal(tmp_path_factory) -> MiniPortal:
    mini = MiniPortal(tmp_path_factory.mktemp("i18n"))
    mini.write("content/templates/peer-visit.yml", TEMPLATE)
    mini.practice()
    return mini


@pytest.fixture(scope="module")
def pages(portal: MiniPortal) -> dict[str, dict[str, str]]:
    return {language: _render(portal.root, language, ("home", "templates", "template_fill"))
            for language in ("en", "sq")}


def test_a_template_page_in_albanian_has_albanian_headings_labels_and_the_review_notice(pages) -> None:
    page = pages["sq"]["templates/peer-visit.md"]
    assert "Kjo faqe është përkthyer me makinë dhe nuk është rishikuar nga një folës amtar\\." in page
    assert "**Shkarkoni:** [Word \\(\\.docx\\)](" in page and "[Formulari PDF i plotësueshëm](" in page
    assert "## Formulari { .portal-form-heading }" in page
    assert '<th scope="row">Bashkia</th>' in page and '<th scope="row">Përgatitur nga</th>' in page
    assert "## Si plotësohet { #how-to-fill-it-in }" in page  # the anchor the Download paragraph links to
    assert "i ndjekur nga [si plotësohet](#how-to-fill-it-in)." in page
    assert "### Shembull" in page
    assert "How to fill it in" not in page and "Download:" not in page and "Prepared by" not in page


def test_a_template_page_in_albanian_keeps_the_templates_words_escaped(pages) -> None:
    page = pages["sq"]["templates/peer-visit.md"]
    assert "<caption>Steps &lt;b&gt;now&lt;/b&gt;: një rresht shembull</caption>" in page
    assert "<b>now</b>" not in page
    assert "Burimi: A made-up source for the test" in page


def test_the_home_page_in_a_language_counts_in_its_plural_forms(portal: MiniPortal) -> None:
    home = _render(portal.root, "sh", ("home",))["index.md"]
    assert "Sadrži **1 praksu**, **0 mreža**," in home  # one practice, zero networks: two of the three forms
    assert "## Ciklus učenja" in home and "1. **Samoprocjena**" in home
    assert "    u obrascu ili pročitajte [kako doprinijeti](contribute/index.md)." in home  # still inside its card


def test_english_pages_read_as_they_did_before_the_strings_were_marked(pages) -> None:
    page, home = pages["en"]["templates/peer-visit.md"], pages["en"]["index.md"]
    assert "\n**Download:** [Word \\(\\.docx\\)](../downloads/templates/peer-visit.docx){ .md-button }" in page
    assert ("\nOr print this page: the form prints on A4, without the site's menus, followed by "
            "[how to fill it in](#how-to-fill-it-in).\n") in page
    assert "\n## How to fill it in\n\n" in page and "{ #how-to-fill-it-in }" not in page
    assert "<caption>Steps &lt;b&gt;now&lt;/b&gt;: an example row</caption>" in page
    assert '<th scope="row">Municipality</th>' in page and "translated by machine" not in page
    assert "It holds **1 practice**, **0 networks**, **0 sets of results** and **3 municipalities**.\n" in home
    assert "    a form, or read [how to contribute](contribute/index.md).\n" in home
    assert not any(path.startswith("assets/template-fill.") for path in pages["en"])  # the script's own words


def test_a_value_put_into_a_translated_string_without_its_filter_stays_text() -> None:
    from markupsafe import Markup

    from generator.render.i18n import Interface

    text = Interface("Row %(name)s") % {"name": '<img src=x onerror=alert(1)> **bold** "quoted"'}
    assert "<img" not in text and "**bold**" not in text and '"quoted"' not in text
    assert Interface("In %(link)s") % {"link": Markup("[Gran](../x.md)")} == "In [Gran](../x.md)"


def test_the_field_reference_in_albanian_explains_each_field_in_albanian(portal: MiniPortal) -> None:
    sq = _render(portal.root, "sq", ("editor_reference",))["reference/fields.md"]
    en = _render(portal.root, "en", ("editor_reference",))["reference/fields.md"]
    row = next(line for line in sq.split("\n") if line.startswith("| `summary` |"))
    # Its type, whether it is required and its description in Albanian, as cells, none marked English.
    assert row == "| `summary` | tekst (jo më shumë se 600 shenja) | po | Dy ose tre fjali për listat dhe kërkimin\\. |"
    assert "\nPjesa hyrëse \\(front matter\\) e një skedari praktike\\." in sq  # a model's docstring
    assert '{: lang="en" }' not in sq and "Two or three sentences" not in sq
    assert "Fushat e shënuara *po* janë të detyrueshme" in sq  # the word the Required column says
    english = next(line for line in en.split("\n") if line.startswith("| `summary` |"))
    assert english == "| `summary` | text (at most 600 characters) | yes | Two or three sentences for lists and search\\. |"
    assert "lang=" not in en


def test_a_description_the_catalogue_lacks_stays_english_and_says_so(monkeypatch) -> None:
    from generator.render import reference

    translated = i18n.translations("sq")
    monkeypatch.setattr(i18n, "translations", lambda language: type("Partial", (), {
        "gettext": staticmethod(lambda text: text if text.startswith("Two or three") else translated.gettext(text)),
        "ngettext": staticmethod(translated.ngettext)})())
    practice = next(s for s in reference.reference_sections("sq") if s.files == "practices/*.md")
    rows = {row.name: row for row in practice.rows}
    assert (rows["`summary`"].description, rows["`summary`"].lang) == ("Two or three sentences for lists and search\\.", "en")
    assert rows["`municipalities`"].lang is None and rows["`title`"].lang is None  # translated; none to give
    assert practice.lang is None


# ---------------------------------------------------------------- the fill-in script in a language


def test_the_fill_in_script_gets_its_own_messages_and_the_standard_labels(pages) -> None:
    script = pages["sq"]["assets/template-fill.sq.js"]
    assert script.startswith("window.portalTemplateFillMessages = {")
    assert '"Fill in on this page": "Plotëso në këtë faqe"' in script and '"Municipality": "Bashkia"' in script
    assert "How to fill it in" not in script  # the page's own strings stay on the page
    page = pages["sq"]["templates/peer-visit.md"]
    assert page.index('<script src="../assets/template-fill.sq.js">') < page.index('<script src="../assets/template-fill.js">')


def test_the_fill_in_form_speaks_albanian_in_a_browser(pages, browser, tmp_path: Path) -> None:
    """The page's fill-in block, as rendered in Albanian, with its scripts: the controls and labels in
    Albanian, the downloads still in the portal's own (English) file layout."""
    from generator.render import ASSETS

    page = pages["sq"]["templates/peer-visit.md"]
    block = page[page.index('<div class="portal-fill"'):page.index('<script src="../assets/template-fill.js"></script>')]
    block += '<script src="../assets/template-fill.js"></script>'
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "peer-visit.html").write_text(
        f'<!doctype html><html lang="sq"><head><meta charset="utf-8"></head><body>{block}</body></html>', encoding="utf-8")
    (tmp_path / "templates" / "peer-visit.fill.js").write_text(pages["sq"]["templates/peer-visit.fill.js"], encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "template-fill.sq.js").write_text(pages["sq"]["assets/template-fill.sq.js"], encoding="utf-8")
    for name in ("messages.js", "template-fill.js", "template-fill.css", "vendor/fflate.js"):
        (tmp_path / "assets" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "assets" / name).write_bytes((ASSETS / name).read_bytes())
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    try:
        with serve_folder(tmp_path) as url:
            tab = context.new_page()
            tab.on("pageerror", lambda error: errors.append(str(error)))
            tab.goto(url + "templates/peer-visit.html")
            tab.get_by_role("button", name="Plotëso në këtë faqe").click()
            assert tab.get_by_role("button", name="Kthehu te formulari bosh për shtypje").is_visible()
            tab.get_by_label("Bashkia", exact=True).fill("Gran")
            assert tab.get_by_role("group", name="Steps <b>now</b>: Rreshti 1").is_visible()
            tab.get_by_role("button", name="Shto një rresht", exact=True).click()
            assert tab.get_by_role("status").inner_text() == "Rreshti u shtua."
            assert tab.get_by_role("button", name="Shkarko JSON").is_visible()
    finally:
        context.close()
    assert errors == []


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_the_propose_form_intro_names_the_marker_its_fields_show(portal: MiniPortal, language: str) -> None:
    """The Macedonian intro said fields marked *needed* must be filled in, under labels marked (задолжително)."""
    page = _render(portal.root, language, ("propose_form",))["propose/index.md"]
    marker = i18n.translations(language).gettext("(needed)").strip("()")
    assert marker != "needed" and f"*{marker}*" in page and "*needed*" not in page
