"""Browser: every shipped one-page brief, and one with every section over its budget, printed by Chromium."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.build import build, check

from conftest import REPO, copy_portal, serve_folder
from test_briefs import worst_case_practice, worst_case_translation

MM = 96 / 25.4  # CSS px per mm
A4 = (595, 842)  # points
PRINTABLE_HEIGHT_PX = (297 - 24) * MM  # A4 less the top and bottom margins of brief.css's @page brief
PRINTABLE_WIDTH_PX = (210 - 28) * MM


class _Portal:
    def __init__(self, root: Path):
        self.root = root

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.write_text(text, encoding="utf-8")
        return path


def _shipped_briefs() -> list[str]:
    catalog, _ = check(REPO)
    # A language's site has the briefs of the records translated into it (site/<language>/briefs/...).
    translated = [f"{language}/briefs/{'practices' if kind == 'practice' else 'results'}/{record_id}"
                  for (kind, record_id), by_language in sorted(catalog.translations.items())
                  if kind in ("practice", "results") for language in sorted(by_language)]
    return ([f"briefs/practices/{pid}" for pid in sorted(catalog.practices)]
            + [f"briefs/results/{rid}" for rid in sorted(catalog.results)] + translated)


# The worst case in English, and translated into Albanian and Macedonian (the brief's own words are longer there).
BRIEFS = _shipped_briefs() + ["briefs/practices/worst-case-brief", "sq/briefs/practices/worst-case-brief",
                              "mk/briefs/practices/worst-case-brief"]


@pytest.fixture(scope="module")
def briefs_url(tmp_path_factory):
    """The shipped content plus a practice far over every budget (and its Albanian and Macedonian translations),
    built once for this module."""
    root = copy_portal(tmp_path_factory.mktemp("briefs"))
    worst_case_practice(_Portal(root))
    worst_case_translation(_Portal(root))
    worst_case_translation(_Portal(root), language="mk")
    generated = build(root, quiet=True)
    assert generated.ok, "\n".join(str(p) for p in generated.problems)
    with serve_folder(root / "site") as url:
        yield url


# The bottom of the lowest box in the brief's flow (the footer is fixed at the foot of the sheet).
CONTENT_BOTTOM = """() => {
  let bottom = 0;
  const footer = document.querySelector('.portal-brief__footer');
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    // Not the footer, nor the boxes around it (the brief's padding keeps the footer's room).
    if (style.display === 'none' || el.contains(footer) || el.closest('.portal-brief__footer')) continue;
    const box = el.getBoundingClientRect();
    if (box.height > 0) bottom = Math.max(bottom, box.bottom + window.scrollY);
  }
  const brief = document.querySelector('.portal-brief');
  return {bottom, briefBottom: brief.getBoundingClientRect().bottom + window.scrollY,
          footer: footer.getBoundingClientRect().top,
          scrollHeight: document.documentElement.scrollHeight,
          wide: [...document.querySelectorAll('.portal-brief *')].filter(el => el.getBoundingClientRect().right > innerWidth + 1).length};
}"""


@pytest.mark.parametrize("path", BRIEFS, ids=BRIEFS)
def test_the_brief_prints_on_exactly_one_a4_page_without_overflowing(browser, briefs_url: str, path: str) -> None:
    page = browser.new_page()
    try:
        page.goto(f"{briefs_url}{path}/index.html")
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True, print_background=True)))
        assert len(pdf.pages) == 1
        assert (round(float(pdf.pages[0].mediabox.width)), round(float(pdf.pages[0].mediabox.height))) == A4
        text = " ".join(pdf.pages[0].extract_text().split())
        words = {"sq": ("Verifikuar së fundi:", "Faqja e plotë:", "Burimi:"),
                 "sh": ("Posljednja provjera:", "Cijela stranica:", "Izvor:"),
                 "mk": ("Последна проверка:", "Целата страница:", "Извор:"),
                 "nb": ("Sist kontrollert:", "Hele siden:", "Kilde:")}
        assert all(word in text for word in words.get(path.split("/")[0], ("Last verified:", "Full page:", "Source:"))), text
        assert "Edit this page" not in text and "Propose a change" not in text  # no site chrome or page end

        # Laid out at the sheet's printable size in print media, the flow of the brief ends above the
        # footer fixed at the foot of the sheet, and nothing is wider than the sheet.
        page.emulate_media(media="print")
        page.set_viewport_size({"width": int(PRINTABLE_WIDTH_PX), "height": int(PRINTABLE_HEIGHT_PX)})
        measured = page.evaluate(CONTENT_BOTTOM)
        assert measured["scrollHeight"] <= PRINTABLE_HEIGHT_PX + 1, measured
        assert measured["bottom"] <= measured["footer"], measured
        assert measured["wide"] == 0, measured
    finally:
        page.close()


@pytest.mark.parametrize("folder, back", [("", "Back to the full page"), ("sq/", "Kthehu te faqja e plotë")])
def test_a_brief_loads_nothing_the_policy_refuses_and_nothing_that_is_missing(browser, briefs_url: str, folder: str,
                                                                              back: str) -> None:
    page = browser.new_page()
    refused, failed = [], []
    page.on("console", lambda message: refused.append(message.text) if message.type == "error" else None)
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    try:
        page.goto(f"{briefs_url}{folder}briefs/practices/worst-case-brief/index.html")
        page.wait_for_load_state("networkidle")
        # Its own style sheet is applied (the QR code is 6.5rem wide on screen), and the margin style is allowed.
        assert page.locator(".portal-brief__qr").evaluate("el => el.getBoundingClientRect().width") == pytest.approx(104, abs=1)
        page.locator("a", has_text=back).click()  # to the full page of its own site (a language's: in it)
        page.wait_for_load_state("networkidle")
        assert page.url.endswith(f"/{folder}practices/worst-case-brief.html")
    finally:
        page.close()
    assert not refused and not failed, refused + failed


@pytest.mark.parametrize("path", BRIEFS, ids=BRIEFS)
def test_the_brief_pdf_download_has_one_a4_page(browser, briefs_url: str, path: str) -> None:
    import urllib.request

    page = browser.new_page()
    try:
        page.goto(f"{briefs_url}{path}/index.html")
        links = page.locator(".portal-brief-actions a[href$='.pdf']").evaluate_all("as => as.map(a => a.href)")
        has_figures = page.locator(".portal-brief__figures").count() > 0
    finally:
        page.close()
    # Results files and practices with key figures have a download; the others print from the page.
    assert bool(links) == (has_figures or path.startswith("briefs/results/"))
    if not links:
        return
    with urllib.request.urlopen(links[0]) as response:
        pdf = PdfReader(io.BytesIO(response.read()))
    assert len(pdf.pages) == 1
    assert (round(float(pdf.pages[0].mediabox.width)), round(float(pdf.pages[0].mediabox.height))) == A4


@pytest.mark.parametrize("path", ["briefs/practices/sagene-inclusion-strategy", "briefs/practices/worst-case-brief",
                                  "sq/briefs/practices/worst-case-brief"])
def test_on_a_phone_the_brief_fits_the_screen_and_links_its_pdf_and_full_page(browser, briefs_url: str, path: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{briefs_url}{path}/index.html")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        links = page.locator(".portal-brief-actions a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        record = path.rsplit("/", 1)[1]
        assert f"../../../downloads/briefs/practices/{record}.pdf" in links  # both have key figures
        assert f"../../../practices/{record}.html" in links
        assert page.locator(".portal-brief__qr").is_visible()
    finally:
        page.close()
