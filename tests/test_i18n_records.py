"""The record and list pages in another language (issue 14): their headings, labels, vocabularies,
countries, dates, maps and filters in the page's language; English as it was."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from conftest import MiniPortal, render_steps
from generator.translations import source_digest

# Words of the interface the record pages print in English; none may be left, as a word, on an Albanian page.
ENGLISH_LABELS = ("Run by", "Country", "Learning-cycle step", "Status", "Period", "Themes", "Language",
                  "Municipalities", "Last verified", "Sources", "Propose a change", "Implemented",
                  "Improvement process", "Taken up by", "Outcome", "Adopted", "not reported", "Resources needed",
                  "Staff:", "from 2004", "Norway", "Uganda", "Edit this page", "Kind", "Partnership", "Members",
                  "Partner", "Countries", "Good practices", "Type a word", "by theme", "Map of", "runs it",
                  "Country outlines")
ALBANIAN = ("Zbatohet nga", "Vend", "Hapi i ciklit të të nxënit", "Statusi", "Periudha", "Temat",
            "Verifikuar së fundi:", "## Burimet", "Propozoni një ndryshim", "Zbatuar", "Procesi i përmirësimit",
            "nga 2004", "Norvegji")


def _render(root: Path, language: str, steps: tuple[str, ...]) -> dict[str, str]:
    files = render_steps(root, language, steps, edit_url_base="https://github.com/example/portal/edit/main/")
    return {path: data.decode("utf-8") for path, data in files.items() if path.endswith((".md", ".js"))}


@pytest.fixture(scope="module")
def portal(tmp_path_factory) -> MiniPortal:
    mini = MiniPortal(tmp_path_factory.mktemp("i18n-records"))
    mini.practice(network="gran-mukono", resources="{staff: Two teachers, budget: {amount: about 1000, currency: EUR}}",
                  transfers="[{municipality: gran, outcome: adopted}]")
    mini.network(extra="description: The two towns meet every year.\n")
    from generator.build import check

    catalog, problems = check(mini.root, today=dt.date(2026, 12, 1))
    assert catalog is not None, problems
    practice = source_digest(catalog.practices["school-exchange"])
    network = source_digest(catalog.networks["gran-mukono"])
    header = "translation:\n  status: machine\n  by: a translation tool\n  source: {}\n"
    mini.write("practices/school-exchange.sq.md",
               f"---\n{header.format(practice)}title: Shkëmbim shkollash\n---\nDy shkolla u binjakëzuan.\n")
    mini.write("networks/gran-mukono.sq.yml", header.format(network) + "name: Partneriteti Gran–Mukono\n")
    return mini


STEPS = ("practices", "practices_index", "networks")


@pytest.fixture(scope="module")
def pages(portal: MiniPortal) -> dict[str, dict[str, str]]:
    return {language: _render(portal.root, language, STEPS) for language in ("en", "sq")}


@pytest.mark.parametrize("page", ["practices/school-exchange.md", "networks/gran-mukono.md", "practices/index.md"])
def test_an_albanian_record_or_list_page_has_no_english_interface_word_left(pages, page: str) -> None:
    text = pages["sq"][page]
    left = [label for label in ENGLISH_LABELS if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text)]
    assert not left, f"{page} in Albanian still says {left}"


def test_an_albanian_practice_page_says_its_labels_vocabularies_countries_and_dates_in_albanian(pages) -> None:
    page = pages["sq"]["practices/school-exchange.md"]
    missing = [word for word in ALBANIAN if word not in page]
    assert not missing, f"not on the Albanian practice page: {missing}"
    assert "[:material-pencil: Ndryshoni këtë faqe në GitHub](" in page
    assert "| Marrë nga | Viti | Rezultati | Shënim |" in page and "| Miratuar |" in page
    assert "- **Buxheti:** rreth 1\u00a0000 EUR\n" in page  # CLDR groups a thousand in Albanian, unbreakably (test_i18n_numbers)


def test_a_network_page_heads_its_members_by_role_in_the_plural_of_the_language(pages) -> None:
    page = pages["sq"]["networks/gran-mukono.md"]
    assert '<p class="portal-role">Partnerët</p>' in page  # two partners
    assert "## Rreth partneritetit" in page and "Lloji\n:   Partneritet" in page
    assert "\nPeriudha\n:   2000–2013\n" in page
    assert '<p class="portal-role">Partners</p>' in pages["en"]["networks/gran-mukono.md"]


def test_the_practice_filters_name_their_groups_and_values_in_the_page_language(pages) -> None:
    data = json.loads(pages["sq"]["practices/index-data.js"].split(" = ", 1)[1].rstrip(";\n"))
    facets = {facet["key"]: facet for facet in data["facets"]}
    assert facets["country"]["label"] == "Vend"
    assert dict(facets["country"]["values"]) == {"NO": "Norvegji", "UG": "Ugandë"}  # CLDR's names, not ours
    assert dict(facets["status"]["values"]) == {"implemented": "Zbatuar"}
    assert dict(facets["language"]["values"]) == {"en": "Anglisht"}
    english = json.loads(pages["en"]["practices/index-data.js"].split(" = ", 1)[1].rstrip(";\n"))
    assert dict({f["key"]: f for f in english["facets"]}["country"]["values"]) == {"NO": "Norway", "UG": "Uganda"}


def test_the_english_record_pages_keep_their_english_labels(pages) -> None:
    page = pages["en"]["practices/school-exchange.md"]
    for text in ("\nRun by\n:   ", "\nLearning-cycle step\n:   Improvement process\n", "\nStatus\n:   Implemented\n",
                 "\nPeriod\n:   from 2004\n", "| Taken up by | Year | Outcome | Note |", "| Adopted |",
                 '<p class="portal-verified">Last verified: ', "[:material-pencil: Edit this page on GitHub](",
                 "- **Budget:** about 1000 EUR\n"):
        assert text in page


def test_country_and_language_names_come_from_the_locale_data_of_each_language() -> None:
    from generator.render.labels import Labels

    assert [Labels(code).country("BA") for code in ("en", "sq", "sh", "mk", "nb")] == [
        "Bosnia and Herzegovina", "Bosnjë-Hercegovinë", "Bosna i Hercegovina", "Босна и Херцеговина",
        "Bosnia-Hercegovina"]
    assert Labels("sh").language_name("sr") == "Srpski" and Labels("mk").country("XK") == "Косово"
