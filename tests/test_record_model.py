"""The record model holds what real sources publish: each construct validates with a good message,
renders on the page, is exported, and files written before it existed still pass."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from conftest import MiniPortal
from generator.build import check, generate
from generator.problems import errors


def _generated(mini: MiniPortal):
    generated = generate(mini.root, workers=1)
    assert generated.ok, "\n".join(map(str, generated.problems))
    return generated.output.files


def _page(files, path: str) -> str:
    return files[path].decode("utf-8")


def _csv(files, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(files[f"data/{name}.csv"].decode("utf-8"))))


def _only_error(mini: MiniPortal):
    found = errors(check(mini.root)[1])
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


INDICATORS = ("{indicators: ["
              "{name: Applicants, unit: local governments, achieved: over 60, year: 2015},"
              "{name: Organic food, unit: '%', baseline: 4, baseline_year: 1999, achieved: 100, year: 2012,"
              " series: {1999: 4, 2005: about 40, 2012: 100}},"
              "{name: Waste, unit: tonnes, change: -50},"
              "{name: Visitors, unit: people, achieved: 10-20, note: Counted at the door.}]}")


def test_qualified_figures_series_and_changes_render_and_export(mini: MiniPortal):
    mini.practice(results=INDICATORS)
    files = _generated(mini)
    page = _page(files, "practices/school-exchange.md")

    assert ">over 60</td>" in page and ">10–20</td>" in page and "-50 %" in page
    assert ">4 (1999)</td>" in page  # the baseline's year
    assert "| 2005 | about 40 |" in page  # the series, year by year
    assert "¹ <strong>Visitors:</strong> Counted at the door." in page  # a note under the table, not in the name
    rows = {row["name"]: row for row in _csv(files, "indicators")}
    assert rows["Applicants"]["achieved"] == "60.0" and rows["Applicants"]["achieved_qualifier"] == "over"
    assert rows["Visitors"]["achieved_min"] == "10.0" and rows["Visitors"]["achieved_max"] == "20.0"
    assert rows["Organic food"]["series"] == "1999:4;2005:about 40;2012:100"
    assert rows["Waste"]["change"] == "-50.0" and rows["Waste"]["change_unit"] == "%"
    full = json.loads(files["data/practices.json"])[0]["results"]["indicators"][0]
    assert full["achieved"] == {"value": 60.0, "qualifier": "over"}


def test_columns_without_figures_are_left_out(mini: MiniPortal):
    mini.practice(results="{indicators: [{name: Visits, unit: visits, achieved: 12}]}")
    page = _page(_generated(mini), "practices/school-exchange.md")
    assert re.findall(r"<th(?: [^>]*)?>(.*?)</th>", page) == ["Indicator", "Unit", "Achieved"]
    assert "Baseline" not in page and "Target" not in page


@pytest.mark.parametrize("value, message", [
    ("lots", "'lots' is not a number, a qualified number"),
    ("20-10", "the range ends (10) below where it starts (20)"),
    ("true", "not true"),
])
def test_a_figure_that_is_not_one_is_reported_at_its_line(mini: MiniPortal, value: str, message: str):
    mini.practice(results=f"{{indicators: [{{name: Visits, unit: visits, achieved: {value}}}]}}")
    problem = _only_error(mini)
    assert message in problem.message and problem.field == "results.indicators[0].achieved" and problem.line == 11


def test_partial_and_unknown_dates(mini: MiniPortal):
    mini.practice(period="{start: 2019-03, end: 2021-H2}")
    mini.practice("unknown-start", title="Unknown start", period="{start: unknown}")
    files = _generated(mini)
    assert "March 2019 – second half of 2021" in _page(files, "practices/school-exchange.md")
    assert "start unknown" in _page(files, "practices/unknown-start.md")
    rows = {row["id"]: row for row in _csv(files, "practices")}
    assert rows["school-exchange"]["start"] == "2019-03" and rows["school-exchange"]["start_year"] == "2019"
    assert rows["unknown-start"]["start"] == "unknown" and rows["unknown-start"]["start_year"] == ""
    facets = json.loads(files["practices/index.json"])
    year = next(f for f in facets["facets"] if f["key"] == "year")
    assert ["unknown", "Unknown"] in year["values"]


@pytest.mark.parametrize("period, message", [
    ("{start: 2019-13}", "there is no month 13"),
    ("{start: 2021-H2, end: 2021-03}", "ends (March 2021) before it starts (second half of 2021)"),
    ("{start: 2019/21}", "a financial year runs into the next year"),
])
def test_impossible_dates_are_reported(mini: MiniPortal, period: str, message: str):
    mini.practice(period=period)
    problem = _only_error(mini)
    assert message in problem.message and problem.field.startswith("period") and problem.line == 8


def test_money_with_currency_period_kind_and_funder(mini: MiniPortal):
    mini.practice(resources="{budget: {amount: 42000, currency: eur, period: 2015},"
                            " funding: [{amount: 184465, currency: EUR, period: 2009, kind: grant, funder: ks,"
                            " co_funding_rate: 85}, 'A local bank']}")
    page = _page(_generated(mini), "practices/school-exchange.md")
    assert "**Budget:** 42\u202f000 EUR \\(2015\\)" in page
    assert "**Funding:** KS: 184\u202f465 EUR \\(2009\\), grant, 85 % co\\-funded; A local bank" in page


@pytest.mark.parametrize("resources, field, message", [
    ("{budget: {amount: 10, currency: EURO}}", "resources.budget", "not an ISO 4217 currency code"),
    ("{funding: [{amount: 10, currency: EUR, funder: nobody}]}", "resources.funding[0].funder", "unknown id 'nobody'"),
])
def test_money_that_cannot_be_read_is_reported(mini: MiniPortal, resources: str, field: str, message: str):
    mini.practice(resources=resources)
    problem = _only_error(mini)
    assert message in problem.message and problem.field.startswith(field), str(problem)


def test_organisations_in_roles_and_several_networks(mini: MiniPortal):
    mini.network()
    mini.network("second-network")
    mini.practice(network="gran-mukono", networks="[{ref: second-network, role: transfer}]",
                  organisations="[{ref: ks, role: lead}]")
    files = _generated(mini)
    page = _page(files, "practices/school-exchange.md")
    assert "KS](../organisations/ks.md) (lead)" in page
    assert "Networks" in page and "(grew in it)" in page and "(passed on through it)" in page
    for network in ("gran-mukono", "second-network"):
        assert "school-exchange" in _page(files, f"networks/{network}.md")
    assert "school-exchange" in _page(files, "organisations/ks.md")
    row = _csv(files, "practices")[0]
    assert row["networks"] == "gran-mukono;second-network" and row["organisations"] == "ks:lead"


def test_a_practice_run_by_an_organisation_alone_needs_no_municipality(mini: MiniPortal):
    mini.practice(municipalities="[]", organisations="[{ref: ks, role: implementing-body}]")
    assert not errors(check(mini.root)[1])
    mini.practice(municipalities="[]")
    assert "name who runs the practice" in _only_error(mini).message


def test_transfers_without_year_or_outcome_say_not_reported(mini: MiniPortal):
    mini.practice(transfers="[{municipality: solvesborg}]")
    page = _page(_generated(mini), "practices/school-exchange.md")
    assert "| not reported | not reported |" in page


def test_a_practice_without_a_stage_says_so(mini: MiniPortal):
    path = mini.practice()
    path.write_text(path.read_text(encoding="utf-8").replace("stage: improvement\n", ""), encoding="utf-8")
    files = _generated(mini)
    assert "not stated in the source" in _page(files, "practices/school-exchange.md")
    stage = next(f for f in json.loads(files["practices/index.json"])["facets"] if f["key"] == "stage")
    assert ["not-stated", "Not stated"] in stage["values"]


def test_images_videos_attachments_awards_and_contact_links(mini: MiniPortal):
    from PIL import Image

    (mini.root / "content" / "media").mkdir(parents=True)
    Image.new("RGB", (8, 6), (0, 90, 160)).save(mini.root / "content" / "media" / "visit.png")
    mini.practice(images="[{file: media/visit.png, alt: Pupils from Mukono in Gran, credit: Made-up credit}]",
                  video="https://video.example/watch/1",
                  attachments="[{title: Good-practice sheet, url: 'https://db.example/gp/12.pdf', language: es}]",
                  awards="[{name: A made-up award, year: 2014, by: A made-up jury}]",
                  contact="{organisation: ks, website: 'https://www.ks.example/school', form: 'https://www.ks.example/contact'}",
                  sources="[{title: A source, record_id: GP-12, language: es, authors: [A. Author]}]")
    page = _page(_generated(mini), "practices/school-exchange.md")
    assert '<img src="../guides/media/visit.png" alt="Pupils from Mukono in Gran">' in page
    assert "<figcaption>Made-up credit</figcaption>" in page
    assert "[Video](https://video.example/watch/1)" in page and "(https://db.example/gp/12.pdf) (Spanish)" in page
    assert "A made\\-up award, A made\\-up jury, 2014" in page
    assert "(https://www.ks.example/school)" in page and "[Contact form](https://www.ks.example/contact)" in page
    assert "record GP\\-12, in Spanish" in page and "(A\\. Author)" in page


def test_an_image_that_is_not_in_content_is_reported(mini: MiniPortal):
    mini.practice(images="[{file: media/missing.png, alt: Nothing}]")
    problem = _only_error(mini)
    assert problem.field == "images[0].file" and "unknown id 'media/missing.png'" in problem.message


def test_other_official_names_and_the_population_year(mini: MiniPortal):
    mini.practice()
    mini.write("registry/municipalities/more.yml", "- id: pamplona\n  name: Pamplona\n  other_names: [Iruña]\n"
                                                    "  country: ES\n  population: 200000\n  population_year: 2020\n")
    files = _generated(mini)
    page = _page(files, "municipalities/pamplona.md")
    assert "Iruña" in page and "200\u202f000 (2020)" in page
    row = next(r for r in _csv(files, "municipalities") if r["id"] == "pamplona")
    assert row["other_names"] == "Iruña" and row["population_year"] == "2020"


def test_the_codebook_explains_every_exported_column(mini: MiniPortal):
    mini.practice()
    files = _generated(mini)
    book = list(csv.DictReader(io.StringIO(files["data/codebook.csv"].decode("utf-8"))))
    for table in ("practices", "networks", "results", "municipalities", "organisations", "indicators"):
        header = next(csv.reader(io.StringIO(files[f"data/{table}.csv"].decode("utf-8"))))
        described = {row["column"]: row["description"] for row in book if row["table"] == table}
        assert set(header) == set(described), table
        missing = [column for column in header if not described[column] and column not in ("id", "page")]
        assert len(missing) <= len(header) // 2, (table, missing)
    assert "Codebook" in _page(files, "data/index.md")


def test_files_written_before_the_new_constructs_still_pass(tmp_path):
    from conftest import copy_portal

    root = copy_portal(tmp_path)
    assert not errors(check(root)[1])


def test_a_practice_run_by_organisations_is_in_their_countries(mini: MiniPortal):
    mini.practice(municipalities="[]", organisations="[{ref: ks, role: lead}]")
    files = _generated(mini)
    assert "countries/no.md" in _page(files, "practices/school-exchange.md")
    assert _csv(files, "practices")[0]["countries"] == "NO"


def test_money_over_a_span_of_years_with_a_note(mini: MiniPortal):
    mini.practice(resources="{funding: [{amount: 184465, currency: EUR, period: 2009-2014, "
                            "funder_name: Norway Grants, note: for the whole project}]}")
    page = _page(_generated(mini), "practices/school-exchange.md")
    assert "Norway Grants: 184\u202f465 EUR \\(2009–2014\\) \\(for the whole project\\)" in page
    mini.practice(resources="{funding: [{amount: 1, currency: EUR, period: 2014-2009}]}")
    assert "ends before it starts" in _only_error(mini).message


def test_a_series_becomes_a_line_chart_a_screen_reader_can_read(mini: MiniPortal):
    from lxml import etree

    mini.practice(results="{indicators: [{name: 'Organic <b>food</b>', unit: '%', series: "
                          "{1999: 4, 2005: about 40, 2008: 50-70, 2012: 100}}]}")
    page = _page(_generated(mini), "practices/school-exchange.md")
    start, end = page.index("<svg"), page.index("</svg>") + len("</svg>")
    svg = etree.fromstring(page[start:end].encode())
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert svg.get("role") == "img"
    assert svg.find("s:title", ns).text == "Organic <b>food</b> (%), 1999–2012"  # escaped, shown as text
    assert svg.find("s:desc", ns).text == "1999: 4; 2005: about 40; 2008: 50–70; 2012: 100"
    dots = svg.findall("s:circle", ns)
    assert [dot.get("fill") for dot in dots] == ["currentColor", "Canvas", "currentColor"]  # hollow: not exact
    assert len(svg.findall("s:path", ns)) == 1 and "<script" not in page[start:end] and "style=" not in page[start:end]
    assert "| 2005 | about 40 |" in page  # the figures stay in a table beside the chart


def test_a_single_value_makes_no_chart(mini: MiniPortal):
    mini.practice(results="{indicators: [{name: Visits, unit: visits, series: {2010: 5}}]}")
    assert "<svg" not in _page(_generated(mini), "practices/school-exchange.md")
