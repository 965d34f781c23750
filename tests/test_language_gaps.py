"""Gaps a reviewer found on the language sites (issue 14): the home page's heading and countries, the themes'
names and descriptions, a practice's budget and funding, a network's funding, the field reference's types and
the Propose form's group headings, in the page's language; what stays in English says so with `lang`. English
stays as it was."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from generator import i18n
from generator.build import check, render_options
from generator.problems import errors
from generator.render import render
from generator.translations import source_digest

from conftest import REPO, MiniPortal

SITE_NAME = "Good practices for inter-municipal learning"  # mkdocs.yml's site_name, in the catalogue


@pytest.fixture(scope="module")
def shipped() -> dict:
    """The shipped portal's home, themes index and Albanian practice, in English and Albanian."""
    catalog, problems = check(REPO)
    assert not errors(problems), errors(problems)
    options = render_options(REPO)
    wanted = ("index.md", "themes/index.md", "practices/sori-learning-cluster-peer-exchange.md",
              "networks/sori-lc5-emergency-response-drm.md", "reference/fields.md", "reference/choices.md")
    return {language: {path: files[path].decode("utf-8") for path in wanted if path in files}
            for language in ("en", "sq")
            for files in [render(catalog, dataclasses.replace(options, language=language)).files]}


def test_the_home_page_is_headed_with_the_site_name_in_its_language(shipped: dict) -> None:
    albanian = i18n.translations("sq").gettext(SITE_NAME)
    assert albanian != SITE_NAME
    assert f"\n# {albanian}\n" in shipped["sq"]["index.md"]
    english = "\n# " + SITE_NAME.replace("-", "\\-") + "\n"  # as Markdown text
    assert english not in shipped["sq"]["index.md"] and english in shipped["en"]["index.md"]


def _section(page: str, heading: str) -> str:
    return page.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_the_home_pages_countries_and_themes_are_named_in_its_language(shipped: dict) -> None:
    countries = _section(shipped["sq"]["index.md"], "Vendet")
    assert ">Gjermani</a>" in countries and ">Shqipëri</a>" in countries
    assert "Germany" not in countries and "Albania" not in countries
    themes = _section(shipped["sq"]["index.md"], "Temat")
    assert '<a href="../themes/capacity-building.html">Ngritja e kapaciteteve</a>' in themes
    assert "Capacity building" not in themes and "Social inclusion" not in themes
    english = shipped["en"]["index.md"]
    assert "[Germany](countries/de.md)" in _section(english, "Countries")
    assert "[Capacity building](themes/capacity-building.md)" in _section(english, "Themes")


def test_the_home_pages_countries_are_in_the_order_of_their_names_in_its_language(shipped: dict) -> None:
    """Not by code: 'Spain' (ES) came between Estonia and Georgia, 'Kosovo' (XK) last, Шпанија after Естонија."""
    for language, heading in (("en", "Countries"), ("sq", "Vendet")):
        names = re.findall(r"\[([^\]]+)\]\(|>([^<]+)</a>", _section(shipped[language]["index.md"], heading))
        names = [bracket or tag for bracket, tag in names]
        assert len(names) > 10 and names == sorted(names, key=str.lower), names


def test_a_practice_page_and_the_themes_index_name_themes_in_the_language(shipped: dict) -> None:
    page = shipped["sq"]["practices/sori-learning-cluster-peer-exchange.md"]
    facts = page.split("\nTemat\n", 1)[1].split("\n\n", 1)[0]
    assert '<a href="../../themes/social-inclusion.html">Përfshirja sociale</a>' in facts
    assert "lang=" not in facts  # translated: in the page's language
    index = shipped["sq"]["themes/index.md"]
    assert '<a href="../../themes/social-services.html">Shërbimet sociale</a>' in index
    assert '<a href="../themes/social-services.html">Social services</a>' in shipped["en"]["themes/index.md"]


def test_every_theme_of_the_registry_has_a_name_in_every_language() -> None:
    for language in ("sq", "sh", "mk", "nb"):
        gettext = i18n.translations(language).gettext
        untranslated = [name for name in i18n.theme_names() if gettext(name) == name]
        assert untranslated == [], (language, untranslated)


def test_a_theme_the_catalogue_does_not_translate_keeps_its_name_and_says_its_language(mini: MiniPortal) -> None:
    mini.write("registry/themes.yml", """
        - id: education
          name: Education and schools
        - id: beekeeping
          name: Urban beekeeping
        """)
    mini.practice(themes="[education, beekeeping]")
    digest = source_digest(check(mini.root)[0].practices["school-exchange"])
    mini.write("practices/school-exchange.sq.md", f"---\ntranslation: {{status: human, by: a tester, source: {digest}}}\n"
               "title: Shkëmbim shkollash\n---\n")
    catalog, problems = check(mini.root)
    assert not errors(problems), problems
    files = render(catalog, dataclasses.replace(render_options(mini.root), language="sq")).files
    page = files["practices/school-exchange.md"].decode()
    assert '<a href="../../themes/education.html">Arsimi dhe shkollat</a>' in page
    assert '<a href="../../themes/beekeeping.html" lang="en">Urban beekeeping</a>' in page
    home = files["index.md"].decode()
    assert '<a href="../themes/beekeeping.html" lang="en">Urban beekeeping</a>' in home
    assert '<a href="../../themes/beekeeping.html" lang="en">Urban beekeeping</a>' in files["themes/index.md"].decode()
    filters = files["practices/index-data.js"].decode()
    assert "Arsimi dhe shkollat" in filters and "Education and schools" not in filters


# ---------------------------------------------------------------- a practice's budget and funding


def _funded(mini: MiniPortal, translated: str) -> dict:
    mini.practice(resources="{budget: About two days of staff time a month, funding: ["
                            "Paid from the school budget, {amount: 4000, currency: EUR, funder: ks}]}")
    digest = source_digest(check(mini.root)[0].practices["school-exchange"])
    mini.write("practices/school-exchange.sq.md", f"---\ntranslation: {{status: machine, by: a tool, source: {digest}}}\n"
               f"title: Shkëmbim shkollash\n{translated}---\n")
    catalog, problems = check(mini.root)
    assert not errors(problems), problems
    return render(catalog, dataclasses.replace(render_options(mini.root), language="sq")).files


def test_a_practices_funding_text_is_translated_and_its_amount_kept(mini: MiniPortal) -> None:
    files = _funded(mini, "resources:\n  funding: [Paguhet nga buxheti i shkollës, null]\n")
    page = files["practices/school-exchange.md"].decode()
    funding = re.search(r"\*\*Financimi:\*\* (.*)", page).group(1)
    assert funding.startswith("Paguhet nga buxheti i shkollës; KS: 4\u00a0000 EUR"), funding
    assert "lang=" not in funding and "school budget" not in page
    # The budget is not translated: it stays English, and says so.
    assert '<span lang="en">About two days of staff time a month</span>' in page


def test_an_untranslated_funding_text_says_its_language(mini: MiniPortal) -> None:
    page = _funded(mini, "")["practices/school-exchange.md"].decode()
    assert '<span lang="en">Paid from the school budget</span>; KS: 4\u00a0000 EUR' in page


def test_a_translation_of_funding_gives_texts_only(mini: MiniPortal) -> None:
    """An amount is the original's: a translation cannot change its figures, and writes null in its place."""
    mini.practice(resources="{funding: [Paid from the school budget, {amount: 4000, currency: EUR}]}")
    digest = source_digest(check(mini.root)[0].practices["school-exchange"])
    mini.write("practices/school-exchange.sq.md", f"---\ntranslation: {{status: machine, by: a tool, source: {digest}}}\n"
               "title: Shkëmbim shkollash\nresources:\n  funding: [Paguhet nga buxheti, {amount: 9, currency: EUR}]\n---\n")
    _catalog, problems = check(mini.root)
    assert errors(problems) and any("funding" in str(problem) for problem in errors(problems))


def test_the_scaffold_of_a_translation_asks_for_the_funding_texts(mini: MiniPortal) -> None:
    from generator.translate_command import read_original, scaffold
    mini.practice(resources="{budget: {amount: 300, currency: EUR}, funding: [Paid by the town, {amount: 4000, currency: EUR}]}")
    text = scaffold(read_original(mini.root, "practice", "practices/school-exchange.md"), "sq", "machine", "a tool")
    resources = text.split("\nresources:\n", 1)[1]
    assert re.match(r'  funding:.*\n    - ".*translate: Paid by the town"\n    - null\n', resources), resources
    assert "budget" not in text  # an amount only: nothing to translate


# ---------------------------------------------------------------- a network's funding


def _funded_network(mini: MiniPortal, translated: str) -> str:
    mini.network(extra="""
        funding:
          - Paid from the towns' own budgets
          - {amount: 4000, currency: EUR, funder: ks}
        """)
    digest = source_digest(check(mini.root)[0].networks["gran-mukono"])
    mini.write("networks/gran-mukono.sq.yml", f"translation: {{status: machine, by: a tool, source: {digest}}}\n"
               f"name: Partneriteti Gran–Mukono\n{translated}")
    catalog, problems = check(mini.root)
    assert not errors(problems) and not problems, problems  # no warning either: the digest counts the funding text
    files = render(catalog, dataclasses.replace(render_options(mini.root), language="sq")).files
    return files["networks/gran-mukono.md"].decode()


def _network_funding(page: str) -> str:
    return page.split("\nFinancimi\n:   ", 1)[1].split("\n", 1)[0]


def test_a_networks_funding_text_is_translated_and_its_amount_kept(mini: MiniPortal) -> None:
    page = _funded_network(mini, "funding: [Paguhet nga buxhetet e vetë qyteteve, null]\n")
    funding = _network_funding(page)
    assert funding.startswith("Paguhet nga buxhetet e vetë qyteteve; KS: 4\u00a0000 EUR"), funding
    assert "lang=" not in funding and "own budgets" not in page


def test_a_networks_funding_text_left_untranslated_says_its_language(mini: MiniPortal) -> None:
    funding = _network_funding(_funded_network(mini, ""))
    assert funding.startswith('<span lang="en">Paid from the towns\' own budgets</span>; KS: 4\u00a0000 EUR'), funding


def test_a_networks_funding_text_is_in_its_digest_and_an_amount_is_not(mini: MiniPortal) -> None:
    mini.network(extra="funding: [Paid by the towns, {amount: 4000, currency: EUR}]\n")
    first = source_digest(check(mini.root)[0].networks["gran-mukono"])
    mini.network(extra="funding: [Paid by the towns, {amount: 5000, currency: EUR}]\n")
    assert source_digest(check(mini.root)[0].networks["gran-mukono"]) == first
    mini.network(extra="funding: [Paid by the two towns, {amount: 5000, currency: EUR}]\n")
    assert source_digest(check(mini.root)[0].networks["gran-mukono"]) != first


def test_the_scaffold_and_the_schema_of_a_network_translation_ask_for_its_funding_texts(mini: MiniPortal) -> None:
    from generator.schema import schema_files
    from generator.translate_command import read_original, scaffold

    mini.network(extra="funding: [{amount: 4000, currency: EUR}, Paid by the towns]\n")
    text = scaffold(read_original(mini.root, "network", "networks/gran-mukono.yml"), "sq", "machine", "a tool")
    assert re.search(r'\nfunding:.*\n  - null\n  - ".*translate: Paid by the towns"\n', text), text
    funding = json.loads(schema_files()["schemas/network-translation.json"])["properties"]["funding"]
    items = next(option for option in funding["anyOf"] if option.get("type") == "array")["items"]
    assert {option["type"] for option in items["anyOf"]} == {"string", "null"}  # a text, or null for an amount


def test_the_shipped_albanian_network_page_gives_its_funding_in_albanian(shipped: dict) -> None:
    page = shipped["sq"]["networks/sori-lc5-emergency-response-drm.md"]
    assert _network_funding(page) == "Nuk emërtohet në metodologjinë e SoRi II"
    assert "Not named in the SoRi II methodology" not in page
    assert "Not named in the SoRi II methodology" in shipped["en"]["networks/sori-lc5-emergency-response-drm.md"]


# ---------------------------------------------------------------- the field reference's types


def _field_rows(page: str) -> list[list[str]]:
    """The cells of every field's row (name, type, required, description) of a Field reference page."""
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in page.split("\n")
            if line.startswith("| `") and line.count(" | ") >= 3]


def _practice_rows(page: str) -> dict[str, list[str]]:
    return {row[0]: row for row in _field_rows(page.split("{ #practice }", 1)[1].split("\n## ", 1)[0])}


def test_the_field_reference_gives_each_fields_type_in_the_pages_language(shipped: dict) -> None:
    rows = _practice_rows(shipped["sq"]["reference/fields.md"])
    assert rows["`title`"][1:3] == ["tekst (jo më shumë se 300 shenja)", "po"]
    assert rows["`municipalities`"][1:3] == ["listë me id", "jo"]
    assert rows["`last_verified`"][1] == "datë (VVVV-MM-DD)"
    assert rows["`language`"][2] == 'jo (si parazgjedhje `"en"`)'
    english = re.compile(r"\b(text|list of|one of|or|yes|no|default|whole number|number|date|mapping|at least|"
                         r"at most|characters)\b")
    for name, kind, required, *_ in _field_rows(shipped["sq"]["reference/fields.md"]):
        bare = re.sub(r"`[^`]*`|\[[^]]*\]\([^)]*\)", "", kind + " " + required)  # values and record names are code
        assert not english.search(bare), (name, kind, required)
        assert "lang=" not in kind + required
    assert "Each field's type is in English" not in shipped["en"]["reference/fields.md"]
    rows = _practice_rows(shipped["en"]["reference/fields.md"])
    assert rows["`title`"][1:3] == ["text (at most 300 characters)", "yes"]  # English as it was


# ---------------------------------------------------------------- the themes' descriptions


def test_every_theme_of_the_registry_has_a_description_in_every_language() -> None:
    assert len(i18n.theme_descriptions()) >= 20
    for language in ("sq", "sh", "mk", "nb"):
        gettext = i18n.translations(language).gettext
        untranslated = [text for text in i18n.theme_descriptions() if gettext(text) == text]
        assert untranslated == [], (language, untranslated)


def test_the_choices_page_names_and_describes_the_themes_in_the_language(shipped: dict) -> None:
    page = shipped["sq"]["reference/choices.md"]
    row = next(line for line in page.split("\n") if line.startswith('| <code class="portal-value">benchmarking</code> |'))
    assert row == ('| <code class="portal-value">benchmarking</code> | <a href="../../themes/benchmarking.html">'
                   "Krahasimi i performancës dhe efikasiteti</a> | Krahasimi i treguesve dhe i anketave të përdoruesve "
                   "mes qeverive vendore për të përmirësuar shërbimet\\. |"), row
    themes = page.split("{ #themes }", 1)[1].split("\n## ", 1)[0]
    assert 'lang="en"' not in themes and "Comparing indicators" not in themes
    assert "Comparing indicators and user surveys" in shipped["en"]["reference/choices.md"]


def test_a_theme_description_the_catalogue_does_not_translate_stays_english_and_says_so(mini: MiniPortal) -> None:
    mini.write("registry/themes.yml", """
        - id: education
          name: Education and schools
          description: Schools, school exchanges, drop-out prevention and adult education.
        - id: beekeeping
          name: Urban beekeeping
          description: Hives on municipal roofs.
        """)
    mini.practice()
    catalog, problems = check(mini.root)
    assert not errors(problems), problems
    files = render(catalog, dataclasses.replace(render_options(mini.root), language="sq")).files
    rows = {line.split(" | ", 2)[0]: line for line in files["reference/choices.md"].decode().split("\n")
            if line.startswith("| <code")}
    education = rows['| <code class="portal-value">education</code>']
    beekeeping = rows['| <code class="portal-value">beekeeping</code>']
    assert "Shkolla, shkëmbime shkollore" in education and "lang=" not in education
    assert '<a href="../../themes/beekeeping.html" lang="en">Urban beekeeping</a>' in beekeeping
    assert beekeeping.endswith('| <span lang="en">Hives on municipal roofs\\.</span> |'), beekeeping


# ---------------------------------------------------------------- the Propose form's group headings


def test_the_propose_forms_groups_have_different_headings_in_every_language() -> None:
    for language in ("sq", "sh", "mk", "nb"):
        gettext = i18n.translations(language).gettext
        assert gettext("Resources") != gettext("Sources"), language
    assert i18n.translations("sq").gettext("Resources") == "Mjetet"
