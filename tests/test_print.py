"""Browser: each template page and a filled plan, printed to PDF by headless Chromium."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.build import check

from conftest import REPO

MM = 96 / 25.4  # CSS px per mm
A4 = (595, 842)  # points
# Printable width: A4 less the left and right @page margins of print.css (14 mm each).
CONTENT_WIDTH_PX = {False: (210 - 28) * MM, True: (297 - 28) * MM}


def _templates() -> list[tuple[str, bool]]:
    catalog, _ = check(REPO)
    return [(tid, rec.model.orientation == "landscape") for tid, rec in sorted(catalog.templates.items())]


PAGES = [(f"templates/{tid}", landscape) for tid, landscape in _templates()] + [
    ("plans/sori-lc1-day-care-centres-action-plan", True),
    ("plans/gran-mukono-lugazi-results-2012", True),
]

# Elements whose box may extend past the page edge without cutting anything visible.
OVERFLOW_PROBE = """width => {
  const offenders = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || style.position === 'fixed') continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > width + 1 || box.left < -1) {
      offenders.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
  }
  return offenders.slice(0, 10);
}"""


@pytest.mark.parametrize("path, landscape", PAGES, ids=[p for p, _ in PAGES])
def test_the_page_prints_on_a4_without_losing_anything(browser, site_url: str, path: str, landscape: bool) -> None:
    if not (REPO / "networks" / "sori-lc1-day-care-centres.yml").exists() and path.startswith("plans/sori"):
        pytest.skip("the shipped content has no SoRi LC1 action plan")
    page = browser.new_page()
    try:
        page.goto(f"{site_url}{path}.html")
        pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))

        # Page size: A4, turned where the template declares landscape.
        expected = (A4[1], A4[0]) if landscape else A4
        sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages}
        assert sizes == {expected}

        # Page count: the form and the guide to filling it in, a few pages, never one page per row.
        assert 1 <= len(pdf.pages) <= 6
        texts = [" ".join(p.extract_text().split()) for p in pdf.pages]

        # The heading row of the form's tables is repeated on every page a table runs onto
        # (up to the guide, "How to fill it in", which follows the form on pages of its own).
        headings = page.locator(".portal-form__table:not(.portal-form__table--example) thead th:first-child").evaluate_all(
            "cells => cells.map(th => th.firstChild.textContent)")
        assert headings
        start = next(i for i, t in enumerate(texts) if headings[0] in t)
        end = next((i for i, t in enumerate(texts) if "How to fill it in" in t), len(texts))
        for number, text in enumerate(texts[start:end], start=start + 1):
            last_page_with_only_the_source = number == end and len(text) < 400
            if not last_page_with_only_the_source:
                assert any(h in text for h in headings), f"page {number} of {path} lacks a table heading"

        # Nothing is cut off at the right edge: lay the page out at the printable width, in print media.
        page.emulate_media(media="print")
        width = CONTENT_WIDTH_PX[landscape]
        page.set_viewport_size({"width": int(width), "height": 1100})
        assert page.evaluate(OVERFLOW_PROBE, width) == []

        # No site chrome in print.
        for selector in (".md-header", ".md-sidebar", ".md-tabs", ".md-footer", ".md-search"):
            for element in page.locator(selector).all():
                assert not element.is_visible(), f"{selector} is visible in print"
    finally:
        page.close()


def test_a_printed_practice_page_leaves_out_links_that_only_work_on_screen(browser, site_url: str) -> None:
    """'Propose a change' and 'One-page brief' lead to web pages: on screen they are there, on paper not."""
    web_only = ("Propose a change", "One-page brief")
    page = browser.new_page()
    try:
        page.goto(f"{site_url}practices/sagene-inclusion-strategy.html")
        for words in web_only:
            assert page.get_by_text(words).first.is_visible(), f"{words!r} missing on screen"
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf())).pages)
        text = " ".join(text.split())
        assert "Sagene" in text
        for words in web_only:
            assert words not in text, f"{words!r} printed"
    finally:
        page.close()
