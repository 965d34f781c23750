"""Municipality and organisation pages, and names written in other scripts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import inspect
import re
import textwrap

import pytest

import generator.models as models_package
from conftest import LOCAL_NAMED_ORGANISATION, REPO
from generator.build import check
from generator.catalog import link
from generator.latin_names import latin_name_warnings
from generator.load import load
from generator.models.registry import Municipality, Organisation, in_latin_script
from generator.problems import Severity
from generator.render import render
from generator.validate import validate


def _linked(root):
    catalog, problems = link(validate(load(root)), dt.date(2026, 11, 24))
    assert not [p for p in problems if p.severity != Severity.warning], problems  # `portal check` warns of names
    return catalog


def _pages(root):
    return {path: data.decode("utf-8") for path, data in render(_linked(root)).files.items() if path.endswith(".md")}


def _enum_reprs() -> re.Pattern:
    """'MunicipalityKind.city', 'Role.member', 'Municipalitykind.municipality': an enum printed as Python shows it."""
    import importlib
    import pkgutil

    names = set()
    for info in pkgutil.iter_modules(models_package.__path__):
        module = importlib.import_module(f"{models_package.__name__}.{info.name}")
        names.update(name for name, value in inspect.getmembers(module, inspect.isclass)
                     if issubclass(value, enum.Enum) and value is not enum.Enum)
    assert {"MunicipalityKind", "Role", "OrganisationKind"} <= names
    return re.compile(r"\b(" + "|".join(sorted(names)) + r")\.\w", re.IGNORECASE)


def test_a_municipality_page_says_what_it_is_before_it_has_a_practice(mini):
    # A made-up municipality: its figures describe no real place.
    mini.write("registry/municipalities/example.yml", """
        - id: testvik
          name: Testvik
          country: NO
          region: Example County
          other_names: [Testvika]
          population: 13500
          population_year: 2020
          coordinates: [60.3925, -10.5597]
        """)
    mini.network(extra="")
    mini.write("networks/cluster.yml", """
        name: Cluster
        kind: learning-cluster
        topic: Day care
        summary: A cluster.
        members: [{ref: testvik, role: resource-person}]
        period: {start: 2021}
        sources: [{title: A report}]
        last_verified: 2026-11-01
        """)
    page = _pages(mini.root)["municipalities/testvik.md"].replace("\\", "")  # Markdown escapes aside
    assert "Kind\n:   Municipality" in page  # the default kind, by its label
    assert "Region\n:   Example County" in page and "Also officially\n:   Testvika" in page
    assert "Population\n:   13\u202f500 (2020)" in page
    assert "Coordinates\n:   60.3925° N, 10.5597° W" in page
    assert "Country\n:   [Norway](../countries/no.md)" in page
    assert "- [Cluster](../networks/cluster.md): resource person" in page
    assert "*No practice on this portal yet.*" in page


def test_a_host_and_a_member_without_a_role_are_named_in_their_roles(mini):
    mini.network(extra="")
    mini.write("networks/cluster.yml", """
        name: Cluster
        kind: learning-cluster
        topic: Day care
        summary: Two municipalities and an association.
        host: ks
        members:
          - ref: gran
          - ref: ks
            role: coordinator
        period: {start: 2021}
        sources: [{title: A report}]
        last_verified: 2026-11-01
        """)
    pages = _pages(mini.root)
    assert "[Cluster](../networks/cluster.md): member" in pages["municipalities/gran.md"]
    assert "[Cluster](../networks/cluster.md): host, coordinator" in pages["organisations/ks.md"]
    assert "[Gran–Mukono partnership](../networks/gran-mukono.md): host" in pages["organisations/ks.md"]


def test_no_page_prints_an_enum_as_python_shows_it(mini):
    """Default values (a municipality's kind, a member's role) are printed by their values too."""
    mini.network(extra="")
    mini.write("networks/cluster.yml", """
        name: Cluster
        kind: learning-cluster
        topic: Day care
        summary: A cluster.
        members: [{ref: gran}, {ref: solvesborg, role: resource-person}]
        period: {start: 2021}
        sources: [{title: A report}]
        last_verified: 2026-11-01
        """)
    mini.practice(network="cluster", organisations="[{ref: ks}]")
    pattern = _enum_reprs()
    found = {path: pattern.findall(text) for path, text in _pages(mini.root).items() if pattern.search(text)}
    assert found == {}


def test_no_shipped_page_prints_an_enum_as_python_shows_it(shipped_site):
    pattern = _enum_reprs()
    found = {}
    for path in (shipped_site / "site").rglob("*.html"):
        hits = pattern.findall(path.read_text(encoding="utf-8"))
        if hits:
            found[str(path.relative_to(shipped_site / "site"))] = hits
    assert found == {}


@pytest.mark.parametrize("name, latin", [("Скопје", True), ("Добрич", True), ("Αθήνα", True), ("東京", True),
                                         ("Sölvesborg", False), ("Târgu Mureș", False),
                                         ("Association of Ukrainian Cities (Асоціація міст України)", False)])
def test_a_name_without_a_latin_letter_needs_a_latin_form(name, latin):
    assert in_latin_script(name) is not latin


def test_a_name_in_another_script_is_shown_with_its_latin_form():
    assert Municipality(id="skopje", name="Скопје", name_en="Skopje", country="MK").display_name == "Скопје (Skopje)"
    assert Municipality(id="dobrich", name="Добрич", latin_name="Dobrich", name_en="Dobrich City",
                        country="BG").display_name == "Добрич (Dobrich)"  # the transliteration before the English name
    assert Municipality(id="pamplona", name="Pamplona", name_en="Pampeluna", country="ES").display_name == "Pamplona"
    association = Organisation(id="zels", name="Заедница", latin_name="Zaednica", kind="association")
    assert association.display_name == "Заедница (Zaednica)" and association.sort_name == "Zaednica"


def test_pages_links_and_tables_show_the_latin_form(mini):
    mini.write("registry/municipalities/test.yml", """
        - id: skopje
          name: Скопје
          latin_name: Skopje
          country: MK
        - id: gran
          name: Gran
          country: NO
        - id: mukono
          name: Mukono
          country: UG
        """)
    mini.practice(municipalities="[skopje, gran]")
    pages = {path: text.replace("\\", "") for path, text in _pages(mini.root).items()}  # Markdown escapes aside
    assert "\n# Скопје (Skopje)\n" in pages["municipalities/skopje.md"]  # after the front matter
    assert "In Latin script\n:   Skopje" in pages["municipalities/skopje.md"]
    assert "[Скопје (Skopje)](../municipalities/skopje.md)" in pages["practices/school-exchange.md"]
    index = pages["municipalities/index.md"]
    assert 'data-sort="Skopje"><a href="skopje.html">Скопје (Skopje)</a>' in index


def test_a_page_in_the_names_own_script_shows_the_name_alone(mini):
    """The reviewer read 'Скопје (Skopje)' on Macedonian pages: its readers need no transliteration."""
    mini.write("registry/municipalities/test.yml", """
        - id: skopje
          name: Скопје
          latin_name: Skopje
          country: MK
        - id: gran
          name: Gran
          country: NO
        """)
    mini.practice(municipalities="[skopje, gran]")
    catalog = _linked(mini.root)
    from generator.build import render_options
    macedonian = render(catalog, dataclasses.replace(render_options(mini.root), language="mk")).files
    albanian = render(catalog, dataclasses.replace(render_options(mini.root), language="sq")).files
    index = macedonian["municipalities/index.md"].decode()
    assert 'skopje.html">Скопје</a>' in index and "(Skopje)" not in index  # linking to the English site's page
    assert 'skopje.html">Скопје (Skopje)</a>' in albanian["municipalities/index.md"].decode()


def test_an_organisation_is_named_in_english_with_its_own_name_and_by_its_own_name_alone_in_its_language(mini):
    """A reader saw 'Association of Albanian Municipalities (Shoqata e Bashkive të Shqipërisë)' on Albanian pages."""
    mini.write("registry/organisations/test.yml", LOCAL_NAMED_ORGANISATION + textwrap.dedent("""\
        - id: zels
          name: Association of the Units of Local Self-Government of North Macedonia
          local_name: Заедница на единиците на локалната самоуправа
          local_language: mk
          kind: association
          country: MK
        """))
    mini.practice(organisations="[{ref: aam, role: lead}, {ref: zels, role: partner}]")
    catalog = _linked(mini.root)
    from generator.build import render_options
    pages = {language: render(catalog, dataclasses.replace(render_options(mini.root), language=language)).files
             for language in ("en", "sq", "mk")}
    english, albanian, macedonian = (pages[k]["organisations/index.md"].decode() for k in ("en", "sq", "mk"))
    assert 'aam.html">Association of Albanian Municipalities (Shoqata e Bashkive të Shqipërisë)</a>' in english
    assert 'aam.html">Shoqata e Bashkive të Shqipërisë</a>' in albanian and "Association of Albanian" not in albanian
    assert ('zels.html">Association of the Units of Local Self-Government of North Macedonia '
            '(Заедница на единиците на локалната самоуправа)</a>') in albanian
    assert 'zels.html">Заедница на единиците на локалната самоуправа</a>' in macedonian
    assert "Shoqata e Bashkive të Shqipërisë" in pages["en"]["practices/school-exchange.md"].decode()
    assert albanian.index(">Association of the Units") < albanian.index(">Shoqata e Bashkive")  # sorted by the names shown


@pytest.mark.parametrize("fields, field, words", [
    ("local_name: Shoqata e Bashkive të Shqipërisë", "local_language", "local_language: sq"),
    ("local_name: Shoqata e Bashkive të Shqipërisë\n  local_language: en", "local_language", "English"),
    ("local_name: Association of Albanian Municipalities\n  local_language: sq", "local_language", "repeats name"),
    ("local_name: 5\n  local_language: sq", "local_name", ""),  # one problem, not also 'needs its language'
    ("local_language: sq", "local_language", "give local_name too"),
])
def test_a_local_name_that_cannot_be_shown_is_one_problem_in_plain_words(mini, fields, field, words):
    mini.write("registry/organisations/test.yml",
               "- id: aam\n  name: Association of Albanian Municipalities\n  " + fields + "\n  kind: association\n")
    _, problems = check(mini.root)
    [problem] = [p for p in problems if p.severity == Severity.error]
    assert (problem.file, problem.field) == ("registry/organisations/test.yml", field)
    assert words in problem.message + " " + problem.hint


def test_the_practice_index_names_who_runs_a_practice_as_the_pages_do(mini):
    """Its cards and keyword box: 'Shoqata e Bashkive të Shqipërisë' is found on the Albanian site and the English one."""
    mini.write("registry/organisations/test.yml", LOCAL_NAMED_ORGANISATION)
    mini.practice(municipalities="[]", organisations="[{ref: aam, role: lead}]")
    from generator.render.facets import practice_index
    catalog = _linked(mini.root)
    assert practice_index(catalog, "en")["names"] == ["Association of Albanian Municipalities (Shoqata e Bashkive të Shqipërisë)"]
    assert practice_index(catalog, "sq")["names"] == ["Shoqata e Bashkive të Shqipërisë"]
    # The name a page does not show is still there for the keyword box.
    assert practice_index(catalog, "sq")["other_names"] == ["Association of Albanian Municipalities"]
    assert practice_index(catalog, "en")["other_names"] == [""]


def test_check_warns_of_a_name_in_another_script_without_a_latin_form(mini):
    path = mini.write("registry/municipalities/test.yml", """
        - id: gran
          name: Gran
          country: NO
        - id: mukono
          name: Mukono
          country: UG
        - id: skopje
          name: Скопје
          country: MK
        - id: dobrich
          name: Добрич
          name_en: Dobrich
          country: BG
        """)
    assert path.exists()
    warnings = latin_name_warnings(_linked(mini.root))
    assert [(w.file, w.line, w.field, w.severity) for w in warnings] == [
        ("registry/municipalities/test.yml", 8, "name", Severity.warning)]
    assert "Скопје" in warnings[0].message and "latin_name" in warnings[0].hint


def test_the_shipped_registry_has_a_latin_form_for_every_name_in_another_script():
    catalog, _ = check(REPO)  # reads the sources, writes nothing
    assert len(catalog.municipalities) > 10
    assert latin_name_warnings(catalog) == []
