"""Gaps a reviewer found on the language sites (issue 14): the home page's heading and countries, the themes'
names, a practice's budget and funding, and the Propose form's group headings, in the page's language; what
stays in English says so with `lang`. English stays as it was."""

from __future__ import annotations

import dataclasses
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
    wanted = ("index.md", "themes/index.md", "practices/sori-learning-cluster-peer-exchange.md")
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
    assert funding.startswith("Paguhet nga buxheti i shkollës; KS: 4 000 EUR"), funding
    assert "lang=" not in funding and "school budget" not in page
    # The budget is not translated: it stays English, and says so.
    assert '<span lang="en">About two days of staff time a month</span>' in page


def test_an_untranslated_funding_text_says_its_language(mini: MiniPortal) -> None:
    page = _funded(mini, "")["practices/school-exchange.md"].decode()
    assert '<span lang="en">Paid from the school budget</span>; KS: 4 000 EUR' in page


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


# ---------------------------------------------------------------- the Propose form's group headings


def test_the_propose_forms_groups_have_different_headings_in_every_language() -> None:
    for language in ("sq", "sh", "mk", "nb"):
        gettext = i18n.translations(language).gettext
        assert gettext("Resources") != gettext("Sources"), language
    assert i18n.translations("sq").gettext("Resources") == "Mjetet"
