"""No page of any kind is wider than the screen: at 390 px (a phone) and 1280 px (a desktop), the
page scrolls only down. Wide tables may scroll inside their own box, never the page."""

from __future__ import annotations

import pytest

from page_kinds import every_page_kind

MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const wider = [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > width + 1 && getComputedStyle(e).position !== "fixed"
                   && !e.closest(".md-sidebar, .md-tabs, [hidden], .md-search, dialog:not([open])"))
    .filter((e) => { let p = e.parentElement;  // inside a box that scrolls is fine
                     while (p && p !== document.body) { const o = getComputedStyle(p).overflowX;
                       if (o === "auto" || o === "scroll" || o === "hidden") return false; p = p.parentElement; }
                     return true; })
    .slice(0, 3).map((e) => e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.split(" ")[0] : "")
                         + " right=" + Math.round(e.getBoundingClientRect().right));
  return {scroll: document.documentElement.scrollWidth, width, wider};
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_is_wider_than_the_screen(browser, shipped_site, site_url, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    too_wide = {}
    for path in every_page_kind(shipped_site / "site"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        measured = page.evaluate(MEASURE)
        if measured["scroll"] > measured["width"]:
            too_wide[path] = measured
    context.close()
    assert not too_wide, "\n".join(f"{path}: {m['scroll']} px wide at {m['width']}: {m['wider']}"
                                   for path, m in too_wide.items())


# Headings the reviewer found with their permalink wrapped onto a blank line of its own at 390 px.
LONG_HEADINGS = ["results/ks-efficiency-networks-introduction-programme-results-2015.html",
                 "sq/networks/sori-lc5-emergency-response-drm.html"]
PERMALINK_ALONE = """() => [...document.querySelectorAll("article :is(h2, h3, h4)")].flatMap((h) => {
  const link = h.querySelector(".headerlink");
  if (!link || !h.firstChild) return [];
  const text = document.createRange(); text.setStartBefore(h.firstChild); text.setEndBefore(link);
  const lines = [...text.getClientRects()], last = lines[lines.length - 1];
  const mark = link.getBoundingClientRect();
  return last && mark.top >= last.bottom - 2 ? [h.textContent.trim().slice(0, 60)] : [];
})"""


def test_a_headings_permalink_never_takes_a_line_of_its_own_on_a_phone(browser, shipped_site, site_url) -> None:
    page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    alone = {}
    for path in [*every_page_kind(shipped_site / "site"), *LONG_HEADINGS]:
        page.goto(site_url + path)
        if found := page.evaluate(PERMALINK_ALONE):
            alone[path] = found
    page.context.close()
    assert not alone, alone


SCROLLING_FORMS = """() => [...document.querySelectorAll(".portal-form-scroll, .md-typeset__scrollwrap")]
  .filter((box) => box.scrollWidth > box.clientWidth + 1)
  .map((box) => (box.getAttribute("aria-label") || box.className) + ": " + box.scrollWidth + " > " + box.clientWidth)"""


def test_on_a_desktop_every_template_and_printable_plan_fits_without_scrolling_sideways(
        browser, shipped_site, site_url) -> None:
    """The reviewer found the Macedonian action plan's example row and the results plans' indicator
    tables (four empty columns) scrolling inside a 1280 px page."""
    site = shipped_site / "site"
    pages = sorted(str(p.relative_to(site)) for folder in ("templates", "plans")
                   for p in [*site.glob(f"{folder}/*.html"), *site.glob(f"*/{folder}/*.html")]
                   if p.name != "index.html")
    assert any(p.startswith("mk/templates/") for p in pages) and any(p.startswith("plans/") for p in pages)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    scrolling = {}
    for path in pages:
        page.goto(site_url + path)
        if found := page.evaluate(SCROLLING_FORMS):
            scrolling[path] = found
    assert not scrolling, scrolling
