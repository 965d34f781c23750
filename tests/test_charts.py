"""Bar charts of indicators: the marks match the figures, a screen reader can read them, the CSP allows them.

The SVG is parsed and each bar's length and place compared with its figure: a chart that drew
the wrong value, order or median would fail here, whatever its markup looks like.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap

import pytest
from lxml import etree

from conftest import REPO, MiniPortal
from generator.build import generate
from generator.models.measures import Quantity
from generator.render.visual.bars import change_chart, progress_chart, ranking_chart

NS = {"s": "http://www.w3.org/2000/svg"}


def _q(text) -> Quantity:
    from pydantic import TypeAdapter
    from generator.models.measures import QuantityValue

    return TypeAdapter(QuantityValue).validate_python(text)


def _svg(markup: str):
    return etree.fromstring(markup.encode())


def _svgs(page: str) -> list:
    found, start = [], page.find("<svg")
    while start != -1:
        end = page.index("</svg>", start) + len("</svg>")
        found.append(_svg(page[start:end]))
        start = page.find("<svg", end)
    return found


def _bars(svg) -> list[dict]:
    """Each row's main bar: its name (from the row's tooltip), left end, length, top and fill."""
    rows = []
    for row in svg.iterfind("s:g[@class='row']", NS):
        rect = row.find("s:rect[@class='bar']", NS)
        rows.append({"name": row.find("s:title", NS).text.split(":")[0], "x": float(rect.get("x")),
                     "width": float(rect.get("width")), "y": float(rect.get("y")), "fill": rect.get("fill"),
                     "colour": rect.get("stroke") if rect.get("fill") == "Canvas" else rect.get("fill")})
    return rows


def _marker_x(svg) -> float:
    return float(svg.find("s:line[@class='marker']", NS).get("x1"))


def _zero_x(svg) -> float:
    """The zero gridline is the one drawn heavier."""
    return next(float(line.get("x1")) for line in svg.iterfind("s:line", NS) if line.get("stroke-width") == "1.5")


def _assert_readable_and_allowed(svg, markup: str) -> None:
    labelled = svg.get("aria-labelledby").split()
    assert svg.get("role") == "img" and len(labelled) == 2
    assert svg.find("s:title", NS).get("id") == labelled[0] and svg.find("s:title", NS).text
    assert svg.find("s:desc", NS).get("id") == labelled[1] and svg.find("s:desc", NS).text
    assert "style" not in markup and "<script" not in markup and "href" not in markup  # the CSP forbids inline style


MEMBERS = [("Gran", _q(98)), ("Mukono", _q(120)), ("Sölvesborg", _q("about 105")), ("Lugazi", _q(60))]


def test_members_are_ranked_highest_first_with_lengths_and_median_true_to_the_figures():
    markup = ranking_chart("c", "Cost per pupil", "NOK thousand", MEMBERS)
    svg = _svg(markup)
    bars = _bars(svg)
    assert [b["name"] for b in bars] == ["Mukono", "Sölvesborg", "Gran", "Lugazi"]
    assert [b["y"] for b in bars] == sorted(b["y"] for b in bars)  # top to bottom
    zero = _zero_x(svg)
    scale = bars[0]["width"] / 120
    for bar, value in zip(bars, [120, 105, 98, 60]):
        assert bar["x"] == pytest.approx(zero, abs=0.1)
        assert bar["width"] == pytest.approx(value * scale, abs=0.15)
    assert _marker_x(svg) - zero == pytest.approx(101.5 * scale, abs=0.15)  # median of 60, 98, 105, 120
    assert "median 101.5" in markup
    desc = svg.find("s:desc", NS).text
    assert desc.startswith("From highest to lowest: Mukono 120; Sölvesborg about 105; Gran 98; Lugazi 60.")
    assert "Median of the 4: 101.5" in desc
    _assert_readable_and_allowed(svg, markup)


def test_a_qualified_figure_is_a_hollow_bar_and_a_range_is_filled_to_its_low_end():
    svg = _svg(ranking_chart("c", "Pupils", "pupils", [("A", _q("over 40")), ("B", _q("10-30")), ("C", _q(20))]))
    bars = {b["name"]: b for b in _bars(svg)}
    assert bars["A"]["fill"] == "Canvas" and bars["C"]["fill"] == "currentColor"
    scale = bars["C"]["width"] / 20
    assert bars["B"]["width"] == pytest.approx(10 * scale, abs=0.15)  # solid up to 10
    ranged = svg.find("s:g[@class='row']/s:rect[@class='bar-range']", NS)
    assert float(ranged.get("width")) == pytest.approx(20 * scale, abs=0.15)  # hollow from 10 to 30
    assert [b["name"] for b in _bars(svg)] == ["A", "B", "C"]  # 40, 20 (the range's middle), 20 by name


def test_two_places_get_no_median_line():
    svg = _svg(ranking_chart("c", "Immigrants", "% of inhabitants", [("Oslo", _q(30)), ("Sagene", _q(36))]))
    assert svg.find("s:line[@class='marker']", NS) is None and "Median" not in svg.find("s:desc", NS).text
    assert [b["name"] for b in _bars(svg)] == ["Sagene", "Oslo"]


def test_a_members_own_bar_is_dark_and_its_name_bold_the_others_grey():
    markup = ranking_chart("c", "Cost per pupil", "NOK thousand", MEMBERS, highlight="Gran")
    svg = _svg(markup)
    fills = {b["name"]: b["colour"] for b in _bars(svg)}  # a hollow bar's colour is its outline's
    assert fills.pop("Gran") == "currentColor"
    assert set(fills.values()) == {"#8c8c8c"}  # grey prints as grey: no colour needed to find Gran
    bold = [t.text for t in svg.iterfind(".//s:text[@font-weight='bold']", NS)]
    assert bold == ["Gran", "98"]
    assert svg.find("s:desc", NS).text.endswith("Highlighted: Gran.")


def test_progress_bars_for_baseline_and_achieved_and_a_line_at_the_target():
    markup = progress_chart("c", "Pupils reading at grade level", "pupils", _q(62), 2015, _q(40), 2010, _q(180))
    svg = _svg(markup)
    baseline, achieved = _bars(svg)
    assert (baseline["name"], achieved["name"]) == ("Baseline (2010)", "Achieved (2015)")
    zero, scale = _zero_x(svg), achieved["width"] / 62
    assert baseline["width"] == pytest.approx(40 * scale, abs=0.15)
    assert _marker_x(svg) - zero == pytest.approx(180 * scale, abs=0.15)
    assert svg.find("s:desc", NS).text == "baseline (2010): 40; achieved (2015): 62; target: 180"
    _assert_readable_and_allowed(svg, markup)


def test_a_percentage_alone_is_drawn_against_100():
    svg = _svg(progress_chart("c", "Households reached", "% of households", _q("about 40")))
    (bar,) = _bars(svg)
    ticks = [t.text for t in svg.iterfind("s:text", NS)]
    assert ticks[-1] == "100" and bar["fill"] == "Canvas"  # hollow: an approximate figure
    zero = _zero_x(svg)
    hundred = max(float(line.get("x1")) for line in svg.iterfind("s:line", NS))
    assert bar["width"] / (hundred - zero) == pytest.approx(0.40, abs=0.002)
    assert svg.find("s:desc", NS).text == "achieved: about 40 of 100 %"


def test_a_fall_is_a_bar_to_the_left_of_zero():
    markup = change_chart("c", "Waiting time", _q(-50), "%", 2015)
    svg = _svg(markup)
    (bar,) = _bars(svg)
    assert bar["x"] + bar["width"] == pytest.approx(_zero_x(svg), abs=0.15)  # ends at zero: drawn leftwards
    assert "-50 %" in markup
    assert svg.find("s:desc", NS).text == "change (2015): -50 %, a fall"


def test_text_is_escaped_and_the_same_figures_give_the_same_bytes_in_any_order():
    hostile = [("<script>alert(1)</script>", _q(5)), ("B", _q(5)), ("A", _q(5))]
    markup = ranking_chart("c", 'Cost "<b>"', "&", hostile)
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert markup == ranking_chart("c", 'Cost "<b>"', "&", list(reversed(hostile)))  # ties by name
    assert [b["name"] for b in _bars(_svg(markup))][1:] == ["A", "B"]


def test_charts_are_the_same_bytes_in_another_process():
    code = textwrap.dedent("""
        from generator.models.measures import Quantity
        from generator.render.visual.bars import ranking_chart, progress_chart
        members = [(name, Quantity(value=v)) for name, v in (("Gran", 98), ("Mukono", 120.5), ("Lugazi", 98))]
        print(ranking_chart("c", "Cost", "NOK", members, "Gran") + progress_chart("p", "R", "%", Quantity(value=62)))
        """)
    outputs = {subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outputs) == 1 and "<svg" in outputs.pop()


# ---------------------------------------------------------------- on the pages

RESULTS = """
network: gran-mukono
title: Costs compared
year: 2015
summary: Three members compared.
indicators:
  - {name: Cost per pupil, unit: NOK thousand, achieved: 98, year: 2015, member: gran}
  - {name: Cost per pupil, unit: NOK thousand, achieved: 120, year: 2015, member: mukono}
  - {name: Cost per pupil, unit: NOK thousand, achieved: about 105, year: 2015, member: solvesborg}
  - {name: Pupils reading at grade level, unit: '%', baseline: 40, baseline_year: 2010, achieved: 62, target: 75}
  - {name: Waiting time, unit: days, change: -50, note: Measured at the town hall's front desk.}
  - {name: Meetings, unit: meetings, achieved: 4, note: Counted from the minutes.}
sources: [{title: Test}]
last_verified: 2026-11-01
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    mini = MiniPortal(tmp_path_factory.mktemp("charts"))
    mini.network()
    mini.practice(network="gran-mukono", results="{indicators: [{name: Visits, unit: visits, baseline: 10, "
                                                 "achieved: 25}]}")
    mini.write("networks/gran-mukono/results-2015.yml", RESULTS)
    generated = generate(mini.root, workers=1)
    assert generated.ok, "\n".join(map(str, generated.problems))
    return {path: data.decode("utf-8") for path, data in generated.output.files.items() if path.endswith(".md")}


def test_a_results_page_charts_every_indicator_with_figures(pages):
    page = pages["results/gran-mukono-results-2015.md"]
    titles = [svg.find("s:title", NS).text for svg in _svgs(page)]
    assert titles == ["Cost per pupil (NOK thousand), compared where measured", "Pupils reading at grade level (%)",
                      "Waiting time: change (%)", "Meetings (meetings)"]
    (count,) = _bars(_svgs(page)[3])  # a count alone: one bar on its own scale, its figure in the description
    assert "achieved" in _svgs(page)[3].find("s:desc", NS).text and "4" in _svgs(page)[3].find("s:desc", NS).text
    ranked = _bars(_svgs(page)[0])
    assert [b["name"] for b in ranked] == ["Mukono", "Sölvesborg", "Gran"]
    ids = [element.get("id") for svg in _svgs(page) for element in svg.iter() if element.get("id")]
    assert len(ids) == len(set(ids))  # aria-labelledby finds the right chart
    assert 'style=' not in page


def test_an_indicator_table_has_only_the_columns_with_figures_and_numbered_notes(pages):
    page = pages["results/gran-mukono-results-2015.md"]
    assert _header(page) == ["Indicator", "Unit", "Baseline", "Target", "Achieved", "Change", "Year", "Where"]
    assert ">Waiting time ¹</td>" in page and ">Meetings ²</td>" in page
    assert "¹ <strong>Waiting time:</strong> Measured at the town hall" in page
    assert "² <strong>Meetings:</strong> Counted from the minutes." in page
    practice = pages["practices/school-exchange.md"]
    assert _header(practice) == ["Indicator", "Unit", "Baseline", "Achieved"]


def _header(page: str) -> list[str]:
    """The column names of the page's indicator table."""
    heads = [re.findall(r"<th[^>]*>(.*?)</th>", h) for h in re.findall(r"<thead[^>]*>(.*?)</thead>", page)]
    return next(h for h in heads if h[:1] == ["Indicator"])


def test_a_municipality_page_highlights_its_own_bar_among_the_members(pages):
    page = pages["municipalities/gran.md"]
    (svg,) = _svgs(page)
    fills = {b["name"]: b["colour"] for b in _bars(svg)}
    assert fills == {"Mukono": "#8c8c8c", "Sölvesborg": "#8c8c8c", "Gran": "currentColor"}
    assert "| **Gran** | 98 |" in page and "| Mukono | 120 |" in page  # the figures beside the chart
    assert "[Costs compared](../results/gran-mukono-results-2015.md)" in page
    assert "<svg" not in pages["municipalities/index.md"]


def test_a_network_page_and_a_practice_page_show_their_charts(pages):
    network = pages["networks/gran-mukono.md"]
    assert len(_svgs(network)) == 4 and "| Achieved | 62 |" in network
    (practice_chart,) = _svgs(pages["practices/school-exchange.md"])
    baseline, achieved = _bars(practice_chart)
    assert achieved["width"] / baseline["width"] == pytest.approx(2.5, abs=0.01)
