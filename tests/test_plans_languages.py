"""Printable plans in a language (issue 14): a network's action plan and a results file's printable version,
on the site of each language the record is translated into, with the language's labels and figures and the
translation's words; the plans of untranslated records stay on the English site, where their pages link."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from docx import Document as WordDocument

from conftest import MiniPortal, render_steps
from generator.build import check
from generator.render.languages import Holdings
from generator.translations import source_digest

PLAN = """
action_plan:
  goal: Open a day-care centre for children with disabilities
  activities:
    - activity: Find premises
      responsible: Social services
      deadline: 2026-03
    - activity: Train staff
      responsible: Centre manager
      results: Six trained carers
"""
RESULTS = """
network: gran-mukono
title: What the partnership meant
year: 2012
summary: Both towns learnt.
method: Interviews
indicators:
  - {name: Pupils taking part, unit: pupils, baseline: 20, achieved: about 40, year: 2012}
findings:
  individual: [Teachers travelled for the first time.]
lessons: [Keep the same people involved.]
sources: [{title: Has it been worth it?}]
last_verified: 2026-11-01
"""
HEADER = "translation:\n  status: machine\n  by: a translation tool\n  source: {}\n"


@pytest.fixture(scope="module")
def portal(tmp_path_factory) -> MiniPortal:
    """Two networks with an action plan, one translated into Albanian (its name, goal and one activity), and a
    results file translated into Albanian (its title, summary and finding; the method left in English)."""
    mini = MiniPortal(tmp_path_factory.mktemp("plans-languages"))
    mini.network(extra=PLAN)
    mini.network("solvesborg-ks", extra=PLAN)
    mini.write("networks/gran-mukono/results-2012.yml", RESULTS)
    catalog, problems = check(mini.root, today=dt.date(2026, 12, 1))
    assert catalog is not None and not problems, problems
    results_id = next(iter(catalog.results))
    mini.write("networks/gran-mukono.sq.yml", HEADER.format(source_digest(catalog.networks["gran-mukono"])) + """
name: Partneriteti Gran–Mukono
action_plan:
  goal: Hapja e një qendre ditore për fëmijët me aftësi të kufizuara
  activities:
    - activity: Gjetja e ambienteve
""")
    mini.write("networks/gran-mukono/results-2012.sq.yml", HEADER.format(source_digest(catalog.results[results_id])) + """
title: Çfarë do të thoshte partneriteti
summary: Të dy qytetet mësuan.
findings:
  individual: [Mësuesit udhëtuan për herë të parë.]
""")
    return mini


@pytest.fixture(scope="module")
def files(portal: MiniPortal) -> dict[str, dict[str, bytes]]:
    return {language: render_steps(portal.root, language, ("plans", "networks", "results"))
            for language in ("en", "sq")}


def test_a_translated_networks_action_plan_is_printable_in_the_language(files) -> None:
    sq = files["sq"]
    page = sq["plans/gran-mukono-action-plan.md"].decode()
    assert "\n# Plani i veprimit: Partneriteti Gran–Mukono\n" in page
    assert "Kjo faqe është përkthyer me makinë" in page and 'href="../../plans/gran-mukono-action-plan.html"' in page
    for words in ("Aktiviteti", "Përgjegjës", "Afati", "Rezultatet e pritura", "Qëllimi", "Gjetja e ambienteve",
                  "Hapja e një qendre ditore"):
        assert words in page, words
    assert "Activity" not in page and "Expected results" not in page and "Goal" not in page
    # A cell the translation left out is the original's, in English, and says so; a translated one is the page's.
    assert '<td>Gjetja e ambienteve</td><td lang="en">Social services</td><td>2026-03</td>' in page
    assert '<td lang="en">Train staff</td>' in page
    # Its downloads are in the language too.
    word = WordDocument(io.BytesIO(sq["downloads/plans/gran-mukono-action-plan.docx"]))
    grid = word.tables[-1]
    assert [cell.text for cell in grid.rows[0].cells] == ["Aktiviteti", "Përgjegjës", "Afati", "Sfidat", "Zbutja",
                                                         "Mjetet", "Rezultatet e pritura"]
    assert [cell.text.strip() for cell in grid.rows[1].cells][:3] == ["Gjetja e ambienteve", "Social services", "2026-03"]
    rows = list(csv.reader(io.StringIO(sq["downloads/plans/gran-mukono-action-plan.csv"].decode("utf-8-sig"))))
    assert ["Aktiviteti", "Përgjegjës", "Afati", "Sfidat", "Zbutja", "Mjetet", "Rezultatet e pritura"] in rows
    # The network's page of the language links to it there.
    assert "(../plans/gran-mukono-action-plan.md)" in sq["networks/gran-mukono.md"].decode()


def test_a_translated_results_file_is_printable_in_the_language_with_its_figures_in_its_words(files, portal) -> None:
    sq = files["sq"]
    name = next(path for path in sq if path.startswith("plans/gran-mukono-results"))
    page = sq[name].decode()
    assert "\n# Çfarë do të thoshte partneriteti\n" in page
    for words in ("Rrjet", "Partneriteti Gran–Mukono", "Vlerësuar në", "Metoda", "Treguesit", "Vlera fillestare",
                  "rreth 40", "Niveli individual", "Mësuesit udhëtuan për herë të parë.", "Mësimet e nxjerra"):
        assert words in page, words
    assert "Individual level" not in page and "about 40" not in page and "Evaluated in" not in page


def test_the_plans_of_untranslated_records_are_the_english_sites(files, portal) -> None:
    sq, en = files["sq"], files["en"]
    assert "plans/solvesborg-ks-action-plan.md" not in sq and "plans/solvesborg-ks-action-plan.md" in en
    assert not [path for path in sq if path.startswith("downloads/plans/solvesborg-ks-action-plan")]
    catalog, _ = check(portal.root, today=dt.date(2026, 12, 1))
    holdings = Holdings(catalog)  # a link to it from a page of the language goes to the English site (CrossLinks)
    assert not holdings.holds("sq", "plans/solvesborg-ks-action-plan.md")
    assert not holdings.holds("sq", "downloads/plans/solvesborg-ks-action-plan.docx")
    assert holdings.holds("sq", "downloads/plans/gran-mukono-action-plan.docx")


def test_the_english_plans_keep_their_english_words(files) -> None:
    page = files["en"]["plans/gran-mukono-action-plan.md"].decode()
    assert "\n# Action plan: Gran–Mukono partnership\n" in page and "Expected results" in page
    assert "Find premises" in page and "portal-language-notice" not in page


def test_a_translated_results_file_has_its_brief_in_the_language(portal) -> None:
    files = render_steps(portal.root, "sq", ("briefs",), site_url="https://portal.example.org/")
    name = next(path for path in files if path.startswith("briefs/results/"))
    brief = files[name].decode()
    assert '<h1 id="portal-brief-title">Çfarë do të thoshte partneriteti</h1>' in brief
    assert "<dt>Rrjet</dt><dd>Partneriteti Gran–Mukono</dd>" in brief and "<dt>Vlerësuar në</dt><dd>2012</dd>" in brief
    # What was found: our "Method:", the method left in English (marked), the translated finding.
    assert ('<h2>Çfarë u gjet</h2><p>Metoda: <span lang="en">Interviews</span> '
            "Mësuesit udhëtuan për herë të parë.</p>") in brief
    # The network's summary, untranslated, is its background, in English and marked so.
    assert '<h2>Sfondi</h2><p><span lang="en">Two municipalities learning from each other.</span></p>' in brief
    assert '<td>vlera fillestare 20 · arritur rreth 40 (2012) <span lang="en">pupils</span></td>' in brief
    assert "<strong>Kontakti:</strong> Mikpritësi i rrjetit: KS</p>" in brief
    assert files[name.replace("briefs/", "downloads/briefs/").replace("/index.html", ".pdf")].startswith(b"%PDF")
