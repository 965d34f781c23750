"""The browser scripts' own words in the interface's languages (render/i18n.py, render/script_messages.py):
each language's messages file holds every string its script marks, plurals in the language's forms with
its plural rule; English has no such file and its pages load none; and in a browser, the practice index,
its table filter and the CAF tool speak Albanian and still work."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.extract import extract

from conftest import REPO, MiniPortal, render_steps, serve_folder
from generator import i18n
from generator.languages import TRANSLATIONS
from generator.render import ASSETS
from generator.render.i18n import (PLURAL_GLOBAL, SCRIPT_SOURCES, extra_javascript, script_global,
                                   script_messages)
from generator.render.script_messages import SCRIPTS

PAGE_SCRIPTS = {"caf-tool": "caf/index.md", "practice-filters": "practices/index.md", "propose": "propose/index.md"}


def _marked(script: str) -> tuple[set[str], set[str]]:
    """The messages a script marks: (those of _(), the singulars of ngettext())."""
    with (ASSETS / f"{script}.js").open("rb") as file:
        found = [message for _, message, _, _ in extract("javascript", file, keywords={"_": None, "ngettext": (1, 2)})]
    return {m for m in found if isinstance(m, str)}, {m[0] for m in found if not isinstance(m, str)}


def _messages_of(text: str, script: str) -> dict:
    start = f"window.{script_global(script)} = "
    assert text.startswith(start)
    return json.loads(text[len(start):text.index("};\n") + 1])


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("language", TRANSLATIONS)
def test_each_messages_file_holds_every_string_its_script_marks(script: str, language: str) -> None:
    single, plural = _marked(script)
    assert single, f"{script}.js marks no string"
    messages = _messages_of(script_messages(script, language), script)
    assert single - set(messages) == set(), f"{script}.{language}.js lacks translations"
    assert plural - set(messages) == set()
    forms = i18n.read_catalogue(i18n.po_path(language), language).num_plurals
    for one in plural:
        assert isinstance(messages[one], list) and len(messages[one]) == forms and all(messages[one]), one
    for text in single:
        assert isinstance(messages[text], str) and messages[text], text


# A marked string as a plain reading of a line sees it: a whole literal (not the first piece of a
# "..." + "..." join).
_PLAINLY_MARKED = re.compile(r'(?<![\w.$])(?:_|ngettext)\(\s*"((?:[^"\\]|\\.)*)"\s*[,)]')


@pytest.mark.parametrize("script", SCRIPTS)
def test_babel_reads_every_string_the_script_marks(script: str) -> None:
    """Babel's JavaScript extractor misses some marked strings (a _() inside another one's arguments),
    which then reach no catalogue and show in English on every language's page."""
    lines = (ASSETS / f"{script}.js").read_text(encoding="utf-8").splitlines()
    plainly = {json.loads(f'"{literal}"') for line in lines if not line.lstrip().startswith(("//", "*"))
               for literal in _PLAINLY_MARKED.findall(line)}
    single, plural = _marked(script)
    assert plainly, f"{script}.js marks no string"
    assert plainly - single - plural == set(), f"Babel does not extract these from {script}.js"


def test_every_script_with_messages_takes_them_from_its_own_source() -> None:
    for script in SCRIPTS:
        assert SCRIPT_SOURCES[script][0] == f"generator/render/assets/{script}.js"


def test_the_caf_tool_gets_the_standard_header_labels_too() -> None:
    messages = _messages_of(script_messages("caf-tool", "sq"), "caf-tool")
    assert messages["Municipality"] == "Bashkia" and messages["Prepared by"] == "Përgatitur nga"


def _plural_form(text: str, count: int) -> int:
    """What the file's plural rule picks for `count`, run in Node as the browser would."""
    rule = text[text.index(f"window.{PLURAL_GLOBAL} = "):]
    program = f"var window = {{}}; {rule} process.stdout.write(String(window.{PLURAL_GLOBAL}({count})));"
    return int(subprocess.run(["node", "-e", program], capture_output=True, text=True, check=True).stdout)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_the_plural_rule_picks_the_languages_forms() -> None:
    """Bosnian/Croatian/Serbian has three forms: 1 and 21 one, 2 to 4 and 22 another, 5 to 20 and 0 the third."""
    sh = script_messages("practice-filters", "sh")
    assert [_plural_form(sh, n) for n in (1, 2, 4, 5, 11, 12, 21, 22, 0)] == [0, 1, 1, 2, 2, 2, 0, 1, 2]
    nb = script_messages("practice-filters", "nb")
    assert [_plural_form(nb, n) for n in (0, 1, 2)] == [1, 0, 1]
    forms = _messages_of(sh, "practice-filters")["{count} practice"]
    assert forms == ["{count} praksa", "{count} prakse", "{count} praksi"]


def test_a_plural_rule_that_is_not_one_is_refused() -> None:
    from generator.render.i18n import plural_rule

    assert plural_rule("(n != 1)") == f"window.{PLURAL_GLOBAL} = function (n) {{ return Number((n != 1)); }};\n"
    with pytest.raises(ValueError):
        plural_rule("alert(document.cookie)")


def test_the_language_sites_config_loads_the_table_messages_before_the_script() -> None:
    configured = ["assets/portal.js", "assets/tables.js", {"path": "assets/x.js", "defer": True}]
    assert extra_javascript(configured, "en") == configured
    assert extra_javascript(configured, "mk") == ["assets/portal.js", "assets/tables.mk.js", "assets/tables.js",
                                                  {"path": "assets/x.js", "defer": True}]


# ---------------------------------------------------------------- rendered pages


def _render(root: Path, language: str) -> dict[str, bytes]:
    return render_steps(root, language, ("practices_index", "caf_tool", "propose_form", "script_message_files"))


@pytest.fixture(scope="module")
def portal(tmp_path_factory) -> MiniPortal:
    mini = MiniPortal(tmp_path_factory.mktemp("scripts"))
    mini.practice()
    mini.practice("communication-plan", title="Communication plan", municipalities="[solvesborg]",
                  caf="['4.1']", period="{start: 2015}")
    mini.write("content/templates/caf-self-assessment.yml",
               (REPO / "content/templates/caf-self-assessment.yml").read_text(encoding="utf-8"))
    return mini


@pytest.fixture(scope="module")
def pages(portal: MiniPortal) -> dict[str, dict[str, bytes]]:
    return {language: _render(portal.root, language) for language in ("en", "sq")}


def test_english_pages_load_no_messages_and_none_is_written(pages) -> None:
    english = pages["en"]
    assert not [path for path in english if re.fullmatch(r"assets/[\w-]+\.\w\w\.js", path)]
    for page in PAGE_SCRIPTS.values():
        assert ".en.js" not in english[page].decode("utf-8")


@pytest.mark.parametrize("script", sorted(PAGE_SCRIPTS))
def test_a_page_in_albanian_loads_its_scripts_messages_first(pages, script: str) -> None:
    page = pages["sq"][PAGE_SCRIPTS[script]].decode("utf-8")
    assert page.index(f'<script src="../assets/{script}.sq.js">') < page.index(f'<script src="../assets/{script}.js">')
    assert f"assets/{script}.sq.js" in pages["sq"]
    assert "assets/tables.sq.js" in pages["sq"]


def _block(page: str, start: str) -> str:
    """A page's raw HTML from `start` to its last script (what MkDocs passes through as it is)."""
    end = page.rindex("</script>") + len("</script>")
    return page[page.index(start):end]


def _site(tmp_path: Path, files: dict[str, bytes], page: str, start: str, scripts: list[str]) -> None:
    """The page's block in a bare page of `lang="sq"`, with the files it loads and the scripts it needs."""
    for path, data in files.items():
        if path.endswith(".js") or path.endswith(".css"):
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_bytes(data)
    body = _block(files[page].decode("utf-8"), start)
    head = "".join(f'<link rel="stylesheet" href="../assets/{name}">' for name in ("filters.css", "tables.css"))
    tail = "".join(f'<script src="../{name}"></script>' for name in scripts)
    html = (f'<!doctype html><html lang="sq"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width">{head}</head><body>{body}{tail}</body></html>')
    target = tmp_path / page.removesuffix(".md")
    target.with_suffix(".html").write_text(html, encoding="utf-8")


def test_the_practice_filters_speak_albanian_and_still_filter(pages, browser, tmp_path: Path) -> None:
    files = dict(pages["sq"])
    for name in ("messages.js", "practice-filters.js", "filters.css"):
        files[f"assets/{name}"] = (ASSETS / name).read_bytes()
    _site(tmp_path, files, "practices/index.md", '<div class="portal-practices"', [])
    errors: list[str] = []
    with serve_folder(tmp_path) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url + "practices/index.html")
        status = page.locator(".portal-practices__status")
        assert status.inner_text() == "2 praktika, më të rejat së pari."
        assert page.get_by_role("searchbox", name="Kërko praktika").is_visible()
        assert page.get_by_role("combobox", name="Rendit sipas").input_value() == "newest"
        page.locator("input[name=country][value=SE]").check()
        assert status.inner_text() == "1 praktikë përputhet me filtrat."
        assert page.locator(".portal-practices__list li").count() == 1
        assert page.get_by_role("button", name="Hiq të gjitha filtrat").is_visible()
        chip = page.locator(".portal-practices__chip")
        assert chip.get_attribute("aria-label").startswith("Hiq filtrin ")
        page.get_by_role("searchbox", name="Kërko praktika").fill("zzz")
        assert status.inner_text() == "0 praktika përputhen me kërkimin tuaj dhe filtrat."
        assert page.get_by_text("Asnjë praktikë nuk përputhet me të gjitha këto.").is_visible()
        page.close()
    assert errors == []


def test_the_practice_filters_on_a_phone_say_how_many_they_show(pages, browser, tmp_path: Path) -> None:
    files = dict(pages["sq"])
    for name in ("messages.js", "practice-filters.js", "filters.css"):
        files[f"assets/{name}"] = (ASSETS / name).read_bytes()
    _site(tmp_path, files, "practices/index.md", '<div class="portal-practices"', [])
    with serve_folder(tmp_path) as url:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(url + "practices/index.html")
        page.get_by_role("button", name="Filtrat (0)").click()
        assert page.get_by_role("button", name="Shfaq 2 praktika").is_visible()
        page.close()


def test_the_table_filter_counts_in_albanian(pages, browser, tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "tables.sq.js").write_bytes(pages["sq"]["assets/tables.sq.js"])
    for name in ("messages.js", "tables.js"):
        (tmp_path / "assets" / name).write_bytes((ASSETS / name).read_bytes())
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="sq"><head><meta charset="utf-8"></head><body>'
        '<table data-portal-table><thead><tr><th>Emri</th></tr></thead>'
        '<tbody><tr><td>Gran</td></tr><tr><td>Mukono</td></tr><tr><td>Sölvesborg</td></tr></tbody></table>'
        '<script src="assets/tables.sq.js"></script><script src="assets/messages.js"></script>'
        '<script src="assets/tables.js"></script></body></html>',
        encoding="utf-8")
    with serve_folder(tmp_path) as url:
        page = browser.new_page()
        page.goto(url + "index.html")
        page.get_by_role("searchbox", name="Filtro këtë tabelë").fill("solvesborg")
        assert page.get_by_role("status").inner_text().strip() == "1 nga 3 të shfaqura"
        assert page.locator(".portal-filter").inner_text().startswith("Filtro këtë tabelë:")
        page.close()


def test_the_caf_tool_speaks_albanian(pages, browser, tmp_path: Path) -> None:
    files = dict(pages["sq"])
    for name in ("messages.js", "caf-tool.js", "caf-tool.css", "vendor/fflate.js", "vendor/papaparse.js"):
        files[f"assets/{name}"] = (ASSETS / name).read_bytes()
    _site(tmp_path, files, "caf/index.md", '<div class="portal-caf"', [])
    errors: list[str] = []
    with serve_folder(tmp_path) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url + "caf/index.html")
        assert page.get_by_role("button", name="Shkarko JSON").is_visible()
        assert page.get_by_role("button", name="Fillo nga e para").is_visible()
        assert page.get_by_role("heading", name="Çfarë të mësoni, dhe nga kush").is_visible()
        page.get_by_label("Bashkia", exact=True).fill("Gran")  # a standard header field, labelled in Albanian
        assert page.locator(".portal-caf__print-header dt").first.inner_text() == "Bashkia"
        page.locator(".portal-caf__row[data-code='4.1'] input[name=score]").fill("10")
        matching = page.locator(".portal-caf__proposals > p").first
        assert matching.inner_text() == ("1 praktikë në këtë portal trajton të paktën një nga pikat tuaja të dobëta; "
                                         "shfaqen 1 më të mirat.")
        why = page.locator(".portal-caf__practices .portal-caf__why").first.inner_text()
        assert why.startswith("Trajton 1 nga pikat tuaja të dobëta (4.1)")
        page.locator(".portal-caf__row[data-code='4.2'] input[name=score]").fill("200")
        assert page.locator(".portal-caf__row[data-code='4.2'] .portal-caf__panel").inner_text() == \
            "Shkruani një numër të plotë nga 0 deri në 100."
        page.close()
    assert errors == []


def test_the_propose_form_labels_its_fields_in_albanian_and_writes_english_keys(pages, browser, tmp_path: Path) -> None:
    sq = i18n.translations("sq").gettext
    assert sq("Title") == "Titulli" and sq("a network") == "një rrjet"
    files = dict(pages["sq"])
    for name in ("messages.js", "propose.js", "propose.css", "vendor/json-schema.js", "vendor/js-yaml.js"):
        files[f"assets/{name}"] = (ASSETS / name).read_bytes()
    _site(tmp_path, files, "propose/index.md", '<div class="portal-propose"', [])
    errors: list[str] = []
    with serve_folder(tmp_path) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url + "propose/index.html")
        page.locator(".portal-propose__record").first.wait_for()
        assert page.get_by_role("link", name="një rrjet", exact=True).is_visible()  # the kinds, named in Albanian
        record = page.locator(".portal-propose__record").first

        def top(label: str):
            return record.locator(".portal-propose__field").filter(
                has=page.locator(f"label:text-matches('^{label}')")).first.locator("input, textarea, select").first

        top(sq("Id")).fill("town-twinning")
        top("Titulli").fill("Binjakëzimi i qyteteve")
        # The models' explanations of their fields come from the catalogue too: under the summary, in Albanian;
        # none is left in English, so the form has no note saying some are.
        summary_help = record.locator(".portal-propose__field").filter(
            has=page.locator(f"label:text-matches('^{sq('Summary')}')")).first.locator(".portal-propose__help")
        assert summary_help.inner_text() == "Dy ose tre fjali për listat dhe kërkimin."
        assert sq("Two or three sentences for lists and search.") == "Dy ose tre fjali për listat dhe kërkimin."
        assert record.locator(".portal-propose__help [lang=en]").count() == 0
        assert page.locator(".portal-propose__language").count() == 0
        top(sq("Summary")).fill("Dy qytete bashkojnë shkollat e tyre; nxënësit i shkruajnë njëri-tjetrit.")
        municipalities = page.get_by_role("group", name=re.compile("^" + sq("Municipalities")))
        municipalities.get_by_role("button", name=sq("Add {item}").replace("{item}", sq("Municipality").lower())).click()
        municipalities.get_by_role("combobox").first.fill("gran")
        assert "Zbatuar" in top(sq("Status")).locator("option").all_inner_texts()  # the value's label, not the value
        top(sq("Status")).select_option("implemented")
        page.get_by_role("group", name=re.compile("^" + sq("Period"))).get_by_label(re.compile("^" + sq("Start"))).fill("2004")
        sources = page.get_by_role("group", name=re.compile("^Burimet"))
        sources.get_by_role("button", name="Shto: burimi").click()
        sources.get_by_label(re.compile("^Titulli")).fill("A ia ka vlejtur?")
        top(sq("Last verified")).fill("2026-11-01")
        page.get_by_role("button", name="Krijo skedarin").click()
        problems = page.locator(".portal-propose__problems li")
        assert problems.count() == 0, problems.all_inner_texts()
        text = page.locator(".portal-propose__file pre").first.inner_text()
        assert text.startswith("---\ntitle: Binjakëzimi i qyteteve\nsummary: ") and "\nstatus: implemented\n" in text
        assert "\nsources:\n  - title: A ia ka vlejtur?\n" in text
        page.close()

        # A catalogue that lacks an explanation (a field added since, say): that one stays in English, marked
        # lang=en, and the form says once, in Albanian, that some are in English.
        messages = tmp_path / "assets" / "propose.sq.js"
        messages.write_text(messages.read_text(encoding="utf-8").replace(
            '"Two or three sentences for lists and search.":', '"(left out)":'), encoding="utf-8")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url + "propose/index.html")
        record = page.locator(".portal-propose__record").first
        record.wait_for()
        english = record.locator(".portal-propose__help [lang=en]")
        assert english.all_inner_texts() == ["Two or three sentences for lists and search."]
        assert page.locator(".portal-propose__language").first.inner_text() == \
            "Disa shpjegime nën fushat janë në anglisht: ende nuk janë përkthyer."
        page.close()
    assert errors == []
