"""A record's figures and language in the page's language (issue 14): a qualified figure ("over 60") in a
chart's visible text, its <title> and <desc> and the table beside it; the language a practice is written in
by its name, not its code; a picture's untranslated description marked with its language. English as it was."""

from __future__ import annotations

import re

import pytest
from lxml import etree
from PIL import Image

from conftest import MiniPortal, render_steps, translate_practice_titles
from generator.models.measures import Quantity
from generator.render.labels import Labels
from generator.render.visual.bars import progress_chart, ranking_chart
from generator.render.visual.charts import line_chart

NS = {"s": "http://www.w3.org/2000/svg"}
PAGE = "practices/school-exchange.md"
RESULTS = ("{indicators: [{name: Pupils taking part, unit: pupils, baseline: 20, achieved: over 60, target: about 80},"
           " {name: Waiting time, unit: days, change: about -40},"
           " {name: Visits, unit: visits, series: {2019: 10, 2020: about 40, 2021: over 60}}]}")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    mini = MiniPortal(tmp_path_factory.mktemp("i18n-figures"))
    (mini.root / "content/media").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (4, 3), "white").save(mini.root / "content/media/visit.png")
    mini.practice(results=RESULTS, images="[{file: media/visit.png, alt: Pupils at the town hall, credit: Gran}]",
                  attachments="[{title: Sheet, url: 'https://example.org/sheet.pdf', language: nb}]")
    translate_practice_titles(mini, {"sq": "Shkëmbim shkollash", "nb": "Skoleutveksling"})
    return {language: render_steps(mini.root, language, ("practices",))[PAGE].decode("utf-8")
            for language in ("en", "sq", "nb")}


def _svgs(page: str) -> list:
    return [etree.fromstring(m.encode()) for m in re.findall(r"<svg .*?</svg>", page, re.S)]


def _words(svg) -> str:
    """Everything a reader sees or hears of a chart: its texts, its titles (tooltips) and its description."""
    return " | ".join("".join(e.itertext()) for e in svg.iter("{*}text", "{*}title", "{*}desc"))


def test_a_qualified_figure_in_a_chart_is_worded_in_the_page_language(pages) -> None:
    progress, change, line = _svgs(pages["sq"])
    for svg in (progress, change, line):
        assert "over " not in _words(svg) and "about " not in _words(svg), _words(svg)
    shown = [t.text for t in progress.iter("{*}text")]
    assert "mbi 60" in shown and "Objektivi rreth 80" in " ".join(shown), shown  # the bar's and the target's labels
    assert "mbi 60" in progress.find("s:desc", NS).text and "rreth 80" in progress.find("s:desc", NS).text
    assert any(t.text == "mbi 60" for t in line.iter("{*}text")) and "2020: rreth 40" in line.find("s:desc", NS).text
    assert "rreth -40 %" in "".join(change.find("s:desc", NS).itertext())
    assert "| mbi 60 |" in pages["sq"]  # the table beside the chart, too
    assert "om lag 80" in _words(_svgs(pages["nb"])[0]) and "om lag 40" in _words(_svgs(pages["nb"])[2])


def test_english_charts_keep_their_english_figures_byte_for_byte(pages) -> None:
    words = " ".join(_words(svg) for svg in _svgs(pages["en"]))
    assert "over 60" in words and "Target about 80" in words and "2020: about 40" in words
    over, about = Quantity(value=60, qualifier="over"), Quantity(value=80, qualifier="about")
    english = Labels("en").quantity
    assert progress_chart("p", "Pupils", "pupils", over, 2021, Quantity(value=20), None, about) == \
        progress_chart("p", "Pupils", "pupils", over, 2021, Quantity(value=20), None, about, word=english)
    members = [("Gran", over), ("Mukono", about), ("Lugazi", Quantity(min=10, max=20))]
    assert ranking_chart("r", "Cost", "NOK", members, "Gran") == ranking_chart("r", "Cost", "NOK", members, "Gran",
                                                                              word=english)
    series = {2019: Quantity(value=10), 2020: about}
    assert line_chart("l", "Visits", "visits", series) == line_chart("l", "Visits", "visits", series, english)


def test_the_language_row_names_the_language_in_the_page_language(pages) -> None:
    assert "\nLanguage\n:   English\n" in pages["en"]
    assert "\nGjuha\n:   Anglisht\n" in pages["sq"]
    assert "\n:   en\n" not in pages["sq"] and "\n:   en\n" not in pages["en"]
    assert "(https://example.org/sheet.pdf) (Norwegian Bokmål)" in pages["en"]  # a document's language, too
    assert "(https://example.org/sheet.pdf) (norvegjishte letrare)" in pages["sq"]


def test_an_untranslated_picture_description_carries_its_language(pages) -> None:
    assert 'alt="Pupils at the town hall" lang="en">' in pages["sq"]
    assert '<figcaption lang="en">Gran</figcaption>' in pages["sq"]
    assert 'alt="Pupils at the town hall"><figcaption>Gran</figcaption>' in pages["en"]
