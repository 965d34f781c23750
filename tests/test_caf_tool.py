"""The CAF self-assessment tool's data (generator/render/caf_tool.py): what the page's script reads.

The browser behaviour is in test_caf_tool_browser.py; these check what a person would see go wrong
if the data did: the sheet's names and score panels, the strength the page explains, and that only
practices that can be proposed are written, contributor text only inside JSON."""

from __future__ import annotations

import json
import re

import pytest

from generator.catalog import link
from generator.load import load
from generator.models.common import CAF_SUBCRITERIA, STAGE_LABELS
from generator.models.practice import Practice
from generator.render import Renderer
from generator.render.caf_tool import CHUNK, DATA, DATA_GLOBAL, PAGE, render_caf_tool, score_panels, strength
from generator.validate import validate

from conftest import REPO, copy_portal


def _data(output) -> dict:
    text = output.files[DATA].decode("utf-8")
    prefix = f"window.{DATA_GLOBAL} = "
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix):-2])


@pytest.fixture(scope="module")
def shipped():
    catalog, _ = link(validate(load(REPO)))
    renderer = Renderer(catalog)
    render_caf_tool(renderer)
    return catalog, renderer.output


def test_the_sheet_comes_from_the_shipped_template(shipped) -> None:
    catalog, output = shipped
    template = catalog.templates["caf-self-assessment"].model
    sheet = _data(output)["sheet"]
    rows = [row["subcriterion"] for group in template.tables[0].groups for row in group.rows]
    assert [r[1] for r in sheet["rows"]] == rows and [r[0] for r in sheet["rows"]] == CAF_SUBCRITERIA
    assert sheet["rows"][0][2] == template.tables[0].groups[0].title
    # The blank downloads the page fills in are the portal's own.
    assert sheet["csv"].startswith("Form,caf-self-assessment,")
    assert (REPO / "content/templates/caf-self-assessment.yml").exists()


def test_both_score_panels_are_read_from_the_instructions_and_cover_0_to_100(shipped) -> None:
    catalog, _ = shipped
    panels = score_panels(catalog.templates["caf-self-assessment"].model.instructions)
    for name in ("enablers", "results"):
        bands = panels[name]
        assert bands[0][0] == 0 and bands[-1][1] == 100
        assert all(low == previous[1] + 1 for previous, (low, _high, _text) in zip(bands, bands[1:]))
    assert "(Plan)" in panels["enablers"][1][2]
    assert panels["results"][0][2] == "no results measured"


def test_changed_panels_in_the_sheet_reach_the_page() -> None:
    text = "| Score | What |\n|---|---|\n| 0–49 | not yet |\n| 50–100 | done |\n\nFor results: 0–60 weak; 61–100 strong."
    assert score_panels(text) == {"enablers": [[0, 49, "not yet"], [50, 100, "done"]],
                                  "results": [[0, 60, "weak"], [61, 100, "strong"]]}


def _practice(**fields) -> Practice:
    base = {"title": "T", "summary": "S", "municipalities": ["gran"], "status": "pilot", "period": {"start": "2020"},
            "sources": [{"title": "Source"}], "last_verified": "2026-01-01"}
    return Practice.model_validate({**base, **fields})


def test_strength_counts_figures_transfers_taken_up_and_status() -> None:
    assert strength(_practice())[0] == 0
    strong = _practice(status="scaled", results={"indicators": [{"name": "Visits", "unit": "visits", "achieved": 40}]},
                       transfers=[{"municipality": "a", "outcome": "adopted"}, {"municipality": "b", "outcome": "failed"},
                                  {"municipality": "c"}])
    assert strength(strong) == (2 + 2 + 2, [1, 2, 2])
    many = _practice(status="implemented", transfers=[{"municipality": m} for m in "abcdef"])
    assert strength(many)[0] == 3 + 1  # transfers count up to three
    words_only = _practice(results={"findings": ["It went well."]})
    assert strength(words_only)[0] == 0  # findings without figures are not measured results


def test_only_practices_with_caf_sub_criteria_are_written_with_titles_apart(shipped) -> None:
    catalog, output = shipped
    data = _data(output)
    tagged = sorted(pid for pid, rec in catalog.practices.items() if rec.model.caf)
    titles = []
    for n in range(0, len(tagged), CHUNK):
        text = output.files[f"caf/titles/{n // CHUNK}.js"].decode("utf-8")
        titles += json.loads(re.sub(r"^\(window\.\w+ = window\.\w+ \|\| \{\}\)\[\d+\] = ", "", text).rstrip(";\n"))
    assert [pid for pid, _title, _href in titles] == tagged
    assert len(data["practices"]) == len(tagged)
    for (pid, title, href), row in zip(titles, data["practices"]):
        model = catalog.practices[pid].model
        assert (title, href) == (model.title, f"../practices/{pid}.html")
        assert [CAF_SUBCRITERIA[i] for i in row[0]] == model.caf
    assert "titles" not in json.dumps(data["practices"])  # no text in the numbers


def test_contributor_text_stays_inside_json(tmp_path) -> None:
    root = copy_portal(tmp_path / "portal")
    hostile = '</script><script>alert(1)</script><img src=x onerror=alert(2)>'
    path = sorted(p for p in (root / "practices").glob("*.md") if "." not in p.stem)[0]
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", "title: " + json.dumps(hostile), text, count=1, flags=re.M)
    if "caf:" not in text.split("---", 2)[1]:
        text = text.replace("\nstatus:", "\ncaf: ['4.1']\nstatus:", 1)
    path.write_text(text, encoding="utf-8")
    catalog, _ = link(validate(load(root)))
    renderer = Renderer(catalog)
    render_caf_tool(renderer)
    page = renderer.output.files[PAGE].decode("utf-8")
    assert hostile not in page and "alert" not in page
    chunk = renderer.output.files["caf/titles/0.js"].decode("utf-8")
    assert json.dumps(hostile, ensure_ascii=False) in chunk  # a JSON string, which the script shows with textContent


def test_the_tool_in_albanian_scores_on_the_albanian_sheet_with_its_instructions() -> None:
    """The sheet's rows, columns, score panels and the "How to score" text come from the template's
    translation, as the template's own page and downloads do; they were English on every language site."""
    import dataclasses

    from generator.build import render_options

    catalog, _ = link(validate(load(REPO)))
    renderer = Renderer(catalog, dataclasses.replace(render_options(REPO), language="sq"))
    render_caf_tool(renderer)
    sheet = _data(renderer.output)["sheet"]
    translated = catalog.translations[("template", "caf-self-assessment")]["sq"].model
    assert sheet["title"] == translated.title != catalog.templates["caf-self-assessment"].model.title
    assert sheet["rows"][0][:2] == ["1.1", "1.1 Përcaktimi i drejtimit: misioni, vizioni dhe vlerat"]
    assert sheet["panels"]["enablers"][0] == [0, 10, "asgjë nuk është vënë në zbatim, ose nuk ka dëshmi"]
    page = renderer.output.files[PAGE].decode("utf-8")
    howto = page.split('<details class="portal-caf__howto"', 1)[1].split("</details>", 1)[0]
    assert "Vetëvlerësimi me Kornizën e Përbashkët të Vlerësimit (CAF)" in howto
    assert "Self-assessment with the Common Assessment Framework" not in howto and 'lang="en"' not in howto
    assert f"sipas {translated.title}, dhe" in page  # the sheet's name in the summary, not marked English


def test_the_tool_in_albanian_links_to_the_english_page_of_what_albanian_has_not_and_says_its_words() -> None:
    """A proposal's link leads to the Albanian page of a translated record and to the English page of the
    others (the Albanian site has no page for those: the links were 404s); a network's kind, step and
    period are in Albanian, as the networks index gives them."""
    import dataclasses

    from generator.build import render_options

    catalog, _ = link(validate(load(REPO)))
    renderer = Renderer(catalog, dataclasses.replace(render_options(REPO), language="sq"))
    render_caf_tool(renderer)
    files = renderer.output.files
    titles = {row[0]: row for chunk in sorted(p for p in files if p.startswith("caf/titles/"))
              for row in json.loads(files[chunk].decode("utf-8").split("] = ", 1)[1].rstrip(";\n"))}
    translated = catalog.translations[("practice", "sori-learning-cluster-peer-exchange")]["sq"].model
    assert titles["sori-learning-cluster-peer-exchange"][1:] == [
        translated.title, "../practices/sori-learning-cluster-peer-exchange.html"]
    assert titles["gran-hosting-partner-delegations"][2] == "../../practices/gran-hosting-partner-delegations.html"
    networks = {row[0]: row for row in _data(renderer.output)["networks"]}
    assert networks["sori-lc5-emergency-response-drm"][9] == "../networks/sori-lc5-emergency-response-drm.html"
    assert networks["interloc"][9] == "../../networks/interloc.html"
    words = renderer.words
    interloc = catalog.networks["interloc"].model
    assert networks["interloc"][2] == words.label(interloc.kind) != "Efficiency network"
    assert networks["interloc"][5] == words.period(interloc.period)
    stages = {row[3] for row in networks.values()} - {""}
    assert stages and not stages & set(STAGE_LABELS.values()), "a learning-cycle step left in English"
    peers = _data(renderer.output)["municipalities"]
    assert all(m[3] == f"../../municipalities/{m[0]}.html" or m[3] == f"../municipalities/{m[0]}.html" for m in peers)
    assert any(m[3].startswith("../../") for m in peers)
