"""Numbers in the page's language (issue 14): a decimal and a grouped figure as CLDR writes them in Albanian
("12,5", "24 450") and Norwegian, in the figures' table, a chart's labels, axis, <title> and <desc>, money and the
municipalities' populations; a year, a CAF code, an SDG's number and what scripts sort by stay as they are.
English as it was."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from conftest import MiniPortal, render_steps, translate_practice_titles
from generator.models.measures import Quantity
from generator.render.labels import Labels
from generator.render.visual.choose import indicator_charts

NS = {"s": "http://www.w3.org/2000/svg"}
PAGE = "practices/school-exchange.md"
NBSP = "\u00a0"  # CLDR's group separator in Albanian and Norwegian Bokmål
RESULTS = ("{indicators: [{name: Cost per pupil, unit: EUR, baseline: 12.5, baseline_year: 2019, achieved: over 24450,"
           " year: 2024, target: 1500.75},"
           " {name: Share online, unit: '%', series: {2019: 0.5, 2024: 2.25}}]}")
BUDGET = "{budget: {amount: 1250.5, currency: EUR, period: 2024, co_funding_rate: 72.5}}"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, dict[str, str]]:
    mini = MiniPortal(tmp_path_factory.mktemp("i18n-numbers"))
    mini.write("registry/municipalities/test.yml", """
        - id: gran
          name: Gran
          country: NO
          population: 13450
          population_year: 2024
        - id: mukono
          name: Mukono
          country: UG
          population: 2450
        - id: solvesborg
          name: Sölvesborg
          country: SE
        """)
    mini.practice(results=RESULTS, resources=BUDGET, caf="['6.1', '9.2']", sdgs="[4, 11]")
    translate_practice_titles(mini, {"sq": "Shkëmbim shkollash", "nb": "Skoleutveksling"})
    rendered = {}
    for language in ("en", "sq", "nb"):
        files = render_steps(mini.root, language, ("practices", "registry_index"))
        rendered[language] = {name: files[name].decode("utf-8") for name in (PAGE, "municipalities/index.md")}
    return rendered


def _svgs(page: str) -> list:
    return [etree.fromstring(m.encode()) for m in re.findall(r"<svg .*?</svg>", page, re.S)]


def _row_cells(page: str) -> str:
    """The cells of the page's HTML tables (indicators are one, to be cards on a phone), ' | ' between them."""
    return " | ".join(re.findall(r"<td[^>]*>(.*?)</td>", page))


def _texts(svg) -> list[str]:
    return ["".join(e.itertext()) for e in svg.iter("{*}text")]


def test_a_decimal_and_a_grouped_figure_are_written_as_the_language_writes_them(pages) -> None:
    page = pages["sq"][PAGE]
    progress, line = _svgs(page)
    shown = _texts(progress)
    assert "12,5" in shown and f"mbi 24{NBSP}450" in shown, shown  # the bars' labels
    assert f"Objektivi 1{NBSP}500,75" in shown, shown  # the target's
    desc = progress.find("s:desc", NS).text
    assert "12,5" in desc and f"mbi 24{NBSP}450" in desc and f"1{NBSP}500,75" in desc, desc
    assert f"30{NBSP}000" in shown or f"25{NBSP}000" in shown, shown  # the axis, grouped
    assert "0,5" in _texts(line) and "2,25" in _texts(line) and "2019: 0,5; 2024: 2,25" == line.find("s:desc", NS).text
    # The table's cells keep the language's non-breaking group space: a figure never breaks across lines
    assert f"12,5 (2019) | 1{NBSP}500,75 | mbi 24{NBSP}450 | 2024" in _row_cells(page)
    assert "| 2019 | 0,5 |\n| 2024 | 2,25 |" in page
    assert "12.5" not in page and "1500.75" not in page and "2.25" not in page
    norwegian = pages["nb"][PAGE]
    assert f">over 24{NBSP}450</td>" in norwegian and "12,5" in _texts(_svgs(norwegian)[0])


def test_money_and_a_population_in_the_language_and_what_scripts_read_as_it_was(pages) -> None:
    assert f"1{NBSP}250,5 EUR \\(2024\\), 72,5 % bashkëfinancim" in pages["sq"][PAGE]
    index = pages["sq"]["municipalities/index.md"]
    assert f'data-sort="13450">13{NBSP}450 (2024)</td>' in index  # the table sorts by the number itself
    assert f">2{NBSP}450</td>" in index  # CLDR groups four digits, too


def test_years_codes_and_geometry_stay_as_they_are(pages) -> None:
    page = pages["sq"][PAGE]
    progress, line = _svgs(page)
    assert "2019" in _texts(line) and "2024" in _texts(line)  # a year is never grouped
    assert "2 024" not in page and f"2{NBSP}024" not in page and "2.024" not in page
    assert ":   6\\.1 Rezultatet" in page and "; 9\\.2 Rezultatet" in page  # CAF criteria are codes, not decimals
    assert "6,1" not in page and "9,2" not in page
    assert ":   OZHQ 4: Arsim cilësor; OZHQ 11: " in page
    for svg in (progress, line):  # coordinates stay SVG numbers
        for element in svg.iter("{*}rect", "{*}circle", "{*}line"):
            assert all("," not in value for value in element.attrib.values()), element.attrib


def test_english_numbers_are_as_they_were(pages) -> None:
    page = pages["en"][PAGE]
    assert "12\\.5 (2019) | 1500\\.75 | over 24\u202f450 | 2024" in _row_cells(page)  # English's narrow space, kept
    assert "| 2019 | 0\\.5 |" in page and "1250\\.5 EUR \\(2024\\), 72\\.5 % co\\-funded" in page
    english = Labels("en")
    assert english.number(24450) == "24\u202f450" and english.number(2450.5) == "2450.5"
    assert english.count(10000) == "10000"  # a count in a sentence was never grouped in English
    results = [i for i in _indicators()]
    assert [c.svg for c in indicator_charts(results, "b", str)] == \
        [c.svg for c in indicator_charts(results, "b", str, word=english.quantity, number=english.number)]


def test_counts_and_ranges_in_the_language() -> None:
    albanian, macedonian = Labels("sq"), Labels("mk")
    assert albanian.count(10000) == f"10{NBSP}000" and macedonian.count(10000) == "10.000"
    assert albanian.quantity(Quantity(min=10.5, max=20000)) == f"10,5–20{NBSP}000"
    assert Labels("sh").number(1234.5) == "1.234,5" and Labels("nb").number(0.1 + 0.2) == "0,3"


def _indicators():
    from generator.models.measures import Indicator

    return [Indicator(name="Cost", unit="EUR", baseline=12.5, achieved="over 24450", target=1500.75),
            Indicator(name="Waiting", unit="days", change=-12.5)]


def test_a_count_on_a_page_or_map_is_grouped_as_the_language_groups_it() -> None:
    from generator.render import _environment
    from generator.render.page_maps import PageMaps

    template = "{{ ngettext('**%(num)s practice**', '**%(num)s practices**', n, num=n|count) }}"
    assert _environment("sq").from_string(template).render(n=12345) == f"**12{NBSP}345 praktika**"  # Markdown text, its space unbreakable
    assert _environment("en").from_string(template).render(n=12345) == "**12345 practices**"
    raw_html = "<p>{{ ngettext('%(num)s practice', '%(num)s practices', n, num=n|count|attr) }}</p>"  # no Markdown \.
    assert _environment("mk").from_string(raw_html).render(n=12345).startswith("<p>12.345 ")
    maps = PageMaps(None, str, {}, Labels("nb"))
    assert maps._practices(2450) == f"2{NBSP}450 praksiser"
    assert PageMaps(None, str, {})._practices(2450) == "2450 practices"
