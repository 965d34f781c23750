"""The "Propose" form (propose/index.html) in a real browser: what a person types becomes the file portal
check wants, mistakes are named in portal check's words, the GitHub link carries the repository, path and
content, drafts survive a reload, "Propose a change" opens the form filled in from the record, and a
missing municipality can be added inline as a second file."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest

from conftest import MiniPortal, serve_folder

REPOSITORY = "https://github.com/inter-municipal-learning/good-practice-portal"
EDITORS = "editors@example.org"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """A mini portal with a practice and a network, built once, with the editors' address configured."""
    from generator.build import build

    mini = MiniPortal(tmp_path_factory.mktemp("propose"))
    config = mini.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"\nextra:\n  portal:\n    editors_email: {EDITORS}\n",
                      encoding="utf-8")
    mini.network()
    mini.practice(network="gran-mukono", body="## Context\n\nTwo schools paired up.\n")
    generated = build(mini.root, quiet=True)
    assert generated.ok, "\n".join(str(p) for p in generated.problems)
    with serve_folder(mini.root / "site") as url:
        yield mini, url


def _check(mini: MiniPortal, files: dict[str, str]) -> list:
    """portal check's problems once the files are written into the mini portal (new files removed after)."""
    from generator.build import check

    for relative, text in files.items():
        target = mini.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    try:
        return check(mini.root)[1]
    finally:
        for relative in files:
            if not relative.startswith(("practices/school-exchange", "networks/gran-mukono.yml")):
                (mini.root / relative).unlink()


def _problems_of(mini: MiniPortal, files: dict[str, str]) -> list[str]:
    return [str(p) for p in _check(mini, files)]


def _open(browser, url: str, ready: str = ".portal-propose__record"):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A script or style the Content-Security-Policy refused is reported on the console.
    page.on("console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(url)
    page.locator(ready).first.wait_for()
    return context, page, errors


def _top(page, label: str):
    """A top-level field of the main record by its label."""
    fields = page.locator(".portal-propose__record").first.locator(":scope > .portal-propose__field, :scope > .portal-propose__fields > .portal-propose__field")
    return fields.filter(has=page.locator(f"label:text-matches('^{label}', 'i')")).first.locator("input, textarea, select").first


def _group(page, legend: str):
    return page.get_by_role("group", name=re.compile(f"^{legend}")).first


def _fill_valid_practice(page) -> None:
    _top(page, "Id").fill("town-twinning")
    _top(page, "Title").fill("Town twinning between schools")
    _top(page, "Summary").fill("Two towns pair their schools; pupils write to each other and visit once a year.")
    municipalities = _group(page, "Municipalities")
    municipalities.get_by_role("button", name="Add municipality").click()
    municipalities.get_by_role("combobox").first.fill("gran")
    _top(page, "Status").select_option("implemented")
    _group(page, "Period").get_by_label(re.compile("^Start")).fill("2004")
    sources = _group(page, "Sources")
    sources.get_by_role("button", name="Add source").click()
    sources.get_by_label(re.compile("^Title")).fill("Has it been worth it?")
    _top(page, "Last verified").fill("2026-11-01")


def _make(page) -> None:
    page.get_by_role("button", name="Make the file").click()


def _github(page, index: int = 0) -> urllib.parse.SplitResult:
    return urllib.parse.urlsplit(page.locator("[data-portal-propose=github]").nth(index).get_attribute("href"))


def _file_texts(page) -> dict[str, str]:
    boxes = page.locator(".portal-propose__file")
    return {boxes.nth(i).locator("h3").inner_text(): boxes.nth(i).locator("pre").inner_text() for i in range(boxes.count())}


def test_a_valid_practice_becomes_a_file_that_portal_check_accepts(browser, portal):
    mini, url = portal
    context, page, errors = _open(browser, url + "propose/index.html")
    _fill_valid_practice(page)
    _make(page)
    assert page.locator(".portal-propose__problems li").count() == 0, page.locator(".portal-propose__problems").inner_text()

    link = _github(page)
    query = urllib.parse.parse_qs(link.query)
    assert f"{link.scheme}://{link.netloc}{link.path}" == REPOSITORY + "/new/main"
    assert query["filename"] == ["practices/town-twinning.md"]
    text = query["value"][0]
    assert text == _file_texts(page)["practices/town-twinning.md"]
    assert text.startswith("---\ntitle: Town twinning between schools\n") and "\n---\n## Context\n" in text
    assert _problems_of(mini, {"practices/town-twinning.md": text}) == []

    download = page.locator("[data-portal-propose=download]").first
    assert download.get_attribute("download") == "town-twinning.md"
    with page.expect_download() as saved:
        download.click()
    assert saved.value.suggested_filename == "town-twinning.md"
    assert Path(saved.value.path()).read_text(encoding="utf-8") == text
    mail = urllib.parse.urlsplit(page.locator("[data-portal-propose=mail]").get_attribute("href"))
    assert mail.scheme == "mailto" and mail.path == EDITORS
    assert text in urllib.parse.parse_qs(mail.query)["body"][0]
    assert errors == []
    context.close()


def test_mistakes_are_named_in_portal_checks_words(browser, portal):
    mini, url = portal
    # What portal check says about the same mistakes in a file, to compare with the form's words.
    checked = {p.field: p.message for p in _check(mini, {"practices/school-exchange.md": mini.practice(
        municipalities="[mukno]", summary="x" * 601).read_text(encoding="utf-8")})}
    mini.practice(network="gran-mukono", body="## Context\n\nTwo schools paired up.\n")  # back as built
    unknown, too_long = checked["municipalities[0]"], checked["summary"]

    context, page, errors = _open(browser, url + "propose/index.html")
    _fill_valid_practice(page)
    _top(page, "Id").fill("Town Twinning")
    _top(page, "Summary").fill("x" * 601)
    _group(page, "Municipalities").get_by_role("combobox").first.fill("mukno")
    _top(page, "Last verified").fill("")
    _make(page)

    problems = page.locator(".portal-propose__problems li").all_inner_texts()
    assert "practices/Town Twinning.md: file name (id): 'Town Twinning' is not written as an id (lower-case letters, digits and hyphens only)" in problems
    assert any(p.startswith(f"practices/Town Twinning.md: municipalities[0]: {unknown}") for p in problems), problems
    assert any(p.startswith(f"practices/Town Twinning.md: summary: {too_long}") for p in problems), problems
    assert any(p.startswith("practices/Town Twinning.md: last_verified: required field is missing") for p in problems), problems
    assert page.locator("[data-portal-propose=github]").count() == 0  # no file until it would pass

    # Each message also stands under its field, which is marked invalid; fixing it takes it away.
    summary = _top(page, "Summary")
    assert summary.get_attribute("aria-invalid") == "true"
    assert too_long in page.locator("#" + summary.get_attribute("aria-describedby").split()[-1]).inner_text()
    summary.fill("Two towns pair their schools.")
    assert summary.get_attribute("aria-invalid") is None
    assert errors == []
    context.close()


def test_a_reload_keeps_the_draft_until_it_is_cleared(browser, portal):
    _, url = portal
    context, page, _ = _open(browser, url + "propose/index.html")
    _fill_valid_practice(page)
    page.reload()
    page.locator(".portal-propose__record").first.wait_for()
    assert _top(page, "Title").input_value() == "Town twinning between schools"
    assert _group(page, "Municipalities").get_by_role("combobox").first.input_value() == "gran"
    assert _top(page, "Status").input_value() == "implemented"
    assert "draft" in page.locator(".portal-propose__status").inner_text()

    page.get_by_role("button", name="Clear the draft").click()
    assert _top(page, "Title").input_value() == ""
    page.reload()
    page.locator(".portal-propose__record").first.wait_for()
    assert _top(page, "Title").input_value() == ""
    context.close()


def test_propose_a_change_opens_the_form_filled_in_from_the_record(browser, portal):
    mini, url = portal
    context, page, errors = _open(browser, url + "practices/school-exchange.html", ready="h1")
    page.get_by_role("link", name="Propose a change").click()
    page.locator(".portal-propose__record").first.wait_for()
    assert _top(page, "Title").input_value() == "School exchange"
    assert "Two schools paired up." in _top(page, "Description").input_value()
    _top(page, "Title").fill("School exchange between Gran and Mukono")
    _make(page)

    link = _github(page)  # GitHub's new-file page cannot replace a file: its edit page, with the text copied
    assert f"{link.scheme}://{link.netloc}{link.path}" == REPOSITORY + "/edit/main/practices/school-exchange.md"
    text = _file_texts(page)["practices/school-exchange.md"]
    assert "title: School exchange between Gran and Mukono\n" in text and "network: gran-mukono\n" in text
    original = (mini.root / "practices/school-exchange.md").read_text(encoding="utf-8")
    try:
        assert _problems_of(mini, {"practices/school-exchange.md": text}) == []
    finally:
        (mini.root / "practices/school-exchange.md").write_text(original, encoding="utf-8")
    assert errors == []
    context.close()


def test_a_network_page_opens_the_network_form(browser, portal):
    _, url = portal
    context, page, errors = _open(browser, url + "networks/gran-mukono.html", ready="h1")
    page.get_by_role("link", name="Propose a change").click()
    page.locator(".portal-propose__record").first.wait_for()
    assert _top(page, "Name").input_value() == "Gran–Mukono partnership"
    assert _top(page, "Kind").input_value() == "partnership"
    assert errors == []
    context.close()


def test_a_missing_municipality_is_added_inline_as_a_second_file(browser, portal):
    mini, url = portal
    context, page, errors = _open(browser, url + "propose/index.html")
    _fill_valid_practice(page)
    page.get_by_role("button", name="Add a new municipality").click()
    new = page.locator(".portal-propose__extra")
    new.get_by_label(re.compile("^Id")).fill("lugazi")
    new.get_by_label(re.compile("^Name")).first.fill("Lugazi")
    new.get_by_label(re.compile("^Country")).fill("UG")
    _group(page, "Municipalities").get_by_role("button", name="Add municipality").click()
    _group(page, "Municipalities").get_by_role("combobox").nth(1).fill("lugazi")
    _make(page)

    files = _file_texts(page)
    assert list(files) == ["practices/town-twinning.md", "registry/municipalities/lugazi.yml"]
    assert files["registry/municipalities/lugazi.yml"].startswith("- id: lugazi\n")
    assert "  - lugazi\n" in files["practices/town-twinning.md"]
    second = urllib.parse.parse_qs(_github(page, 1).query)
    assert second["filename"] == ["registry/municipalities/lugazi.yml"]
    assert _problems_of(mini, files) == []
    assert errors == []
    context.close()


def test_a_file_too_long_for_a_link_is_copied_and_the_empty_page_opened(browser, portal):
    _, url = portal
    context, page, _ = _open(browser, url + "propose/index.html")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
    context.route("https://github.com/**", lambda route: route.abort())  # the test opens no other host
    _fill_valid_practice(page)
    _top(page, "Description").fill("## Context\n\n" + "Pupils wrote letters to each other every month. " * 200)
    _make(page)
    link = _github(page)
    assert f"{link.scheme}://{link.netloc}{link.path}" == REPOSITORY + "/new/main"
    assert urllib.parse.parse_qs(link.query) == {"filename": ["practices/town-twinning.md"]}
    with context.expect_page() as opened:
        page.locator("[data-portal-propose=github]").click()
    opened.value.close()
    assert "too long to go into a link" in page.locator(".portal-propose__note").inner_text()
    assert page.evaluate("navigator.clipboard.readText()") == _file_texts(page)["practices/town-twinning.md"]
    context.close()


def test_the_form_with_its_messages_is_accessible_and_fits_a_phone(browser, portal):
    from test_accessibility import AXE, RUN_AXE

    _, url = portal
    if not AXE.exists():
        pytest.fail("axe-core is missing: run scripts/test (npm ci --prefix tests/js)")
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})  # axe goes in as an inline script
    page = context.new_page()
    page.goto(url + "propose/index.html")
    page.locator(".portal-propose__record").first.wait_for()
    _group(page, "Sources").get_by_role("button", name="Add source").click()
    _make(page)  # every needed field missing: the messages are on the page too
    assert page.locator(".portal-propose__message:not([hidden])").count() >= 5
    page.add_script_tag(path=str(AXE))
    serious = [v for v in page.evaluate(RUN_AXE) if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_results_and_registry_entries_have_forms_too(browser, portal):
    mini, url = portal
    context, page, errors = _open(browser, url + "propose/index.html?kind=results")
    _top(page, "Round").fill("2013")
    _top(page, "Network").fill("gran-mukono")
    _top(page, "Title").fill("What the partnership meant for the schools")
    _top(page, "Year").fill("2013")
    _top(page, "Summary").fill("Pupils and teachers of both towns describe what changed.")
    sources = _group(page, "Sources")
    sources.get_by_role("button", name="Add source").click()
    sources.get_by_label(re.compile("^Title")).fill("Has it been worth it?")
    _top(page, "Last verified").fill("2026-11-01")
    _make(page)
    results = _file_texts(page)
    assert list(results) == ["networks/gran-mukono/results-2013.yml"]
    assert "year: 2013\n" in results["networks/gran-mukono/results-2013.yml"]  # a number, not the text '2013'

    page.goto(url + "propose/index.html?kind=municipality")
    page.locator(".portal-propose__record").first.wait_for()
    _top(page, "Id").fill("gran")
    _top(page, "Name").fill("Gran")
    _make(page)
    problems = page.locator(".portal-propose__problems li").all_inner_texts()
    assert "registry/municipalities/gran.yml: country: required field is missing" in problems
    assert any(p.startswith("registry/municipalities/gran.yml: id: duplicate id 'gran'") for p in problems), problems
    _top(page, "Id").fill("lugazi")
    _top(page, "Country").fill("UG")
    municipality = _file_texts(page)
    assert municipality == {"registry/municipalities/lugazi.yml": "- id: lugazi\n  name: Gran\n  country: UG\n"}
    assert _problems_of(mini, {**results, **municipality}) == []
    assert errors == []
    context.close()


def test_every_shipped_record_comes_back_from_its_form_unchanged(browser, shipped_site, site_url, tmp_path):
    """'Propose a change' then 'Make the file', untouched: each file reads back to the same data and text."""
    from generator.load import load

    original = {r.file: r for r in load(shipped_site).records if r.kind in ("practice", "network", "results")}
    context, page, errors = _open(browser, site_url + "propose/index.html")
    for file in sorted(original):
        page.goto(site_url + "propose/index.html?edit=" + file)
        page.locator(".portal-propose__record").first.wait_for()
        _make(page)
        assert page.locator(".portal-propose__problems li").all_inner_texts() == [], file
        target = tmp_path / file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.locator(".portal-propose__file pre").first.inner_text(), encoding="utf-8")
    again = {r.file: r for r in load(tmp_path).records if r.file in original}
    assert sorted(again) == sorted(original)
    changed = [f for f in original if again[f].data != original[f].data or again[f].body.strip() != original[f].body.strip()]
    assert changed == []
    assert errors == []
    context.close()


def test_a_field_named_in_a_help_text_shows_as_code_not_between_backticks(browser, portal):
    """The models' descriptions name fields as `name`; the form showed the backticks themselves."""
    _mini, url = portal
    context, page, errors = _open(browser, url + "propose/index.html?kind=organisation")
    helps = page.locator(".portal-propose__help")
    texts = helps.all_inner_texts()
    assert texts and not [text for text in texts if "`" in text]
    local_name = page.locator(".portal-propose__field").filter(has=page.locator("label:text-matches('^Local name', 'i')"))
    assert "name" in local_name.first.locator(".portal-propose__help code").all_inner_texts()
    assert errors == []
    context.close()


def test_an_organisations_own_name_and_its_language_are_checked_in_the_form(browser, portal):
    """The form let through a local_name without its language, and 'en' as that language; portal check
    then refused the pull request. The form says it first, in the words check uses for the field."""
    mini, url = portal
    context, page, errors = _open(browser, url + "propose/index.html?kind=organisation")
    _top(page, "Id").fill("aam")
    _top(page, "Name").fill("Association of Albanian Municipalities")
    _top(page, "Kind").select_option("association")
    _top(page, "Local name").fill("Shoqata e Bashkive të Shqipërisë")
    _make(page)
    problems = page.locator(".portal-propose__problems li").all_inner_texts()
    assert problems == ["registry/organisations/aam.yml: local_language: required field is missing "
                        "(local_name and local_language go together: fill in both, or neither.)"]
    language = _top(page, "Local language")
    assert language.get_attribute("aria-invalid") == "true"

    language.fill("en")
    problems = page.locator(".portal-propose__problems li").all_inner_texts()
    assert len(problems) == 1 and problems[0].startswith("registry/organisations/aam.yml: local_language: 'en' is not allowed here")
    message = page.locator(".portal-propose__field").filter(has=page.locator("label:text-matches('^Local language', 'i')")).first
    assert "name" in message.locator("code").all_inner_texts()  # the hint names the field as code
    assert "`" not in problems[0]
    assert _file_texts(page) == {}  # no file to propose until it is right

    language.fill("EN")  # portal check reads a language code in any case
    assert "'EN' is not allowed here" in page.locator(".portal-propose__problems li").all_inner_texts()[0]

    language.fill("sq")
    assert page.locator(".portal-propose__problems li").all_inner_texts() == []
    assert _problems_of(mini, _file_texts(page)) == []
    assert errors == []
    context.close()
