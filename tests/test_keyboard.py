"""The filters, the search and the index tables work with the keyboard alone: every control is
reached with Tab and used with typing, Space and Enter; no mouse event anywhere."""

from __future__ import annotations

import pytest

FOCUSED_MATCHES = "(selector) => !!document.activeElement && document.activeElement.matches(selector)"
DEEP_FOCUS = """(selector) => { let e = document.activeElement;
  while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
  return !!e && e.matches(selector); }"""


def tab_to(page, selector: str, presses: int = 250) -> None:
    """Press Tab until the focus is on an element matching the selector (fails if never)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(DEEP_FOCUS, selector):
            return
    pytest.fail(f"Tab never reached {selector}")


@pytest.fixture
def keyboard_page(browser):
    def open_page(url: str, width: int = 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        opened.append(context)
        return page

    opened: list = []
    yield open_page
    for context in opened:
        context.close()


def _status(page) -> str:
    return page.locator("[aria-live=polite]").first.inner_text()


def test_practice_filters_by_keyboard(keyboard_page, site_url) -> None:
    page = keyboard_page(site_url + "practices/index.html")
    before = _status(page)
    tab_to(page, ".portal-practices input[type=search]")
    page.keyboard.type("gran")
    page.wait_for_function("(before) => document.querySelector('[aria-live=polite]').innerText !== before", arg=before)
    assert "gran" in page.url
    searched = _status(page)
    tab_to(page, ".portal-practices input[type=checkbox]:not(:disabled)")
    page.keyboard.press("Space")
    page.wait_for_function("(before) => document.querySelector('[aria-live=polite]').innerText !== before", arg=searched)
    assert page.evaluate("() => document.activeElement.checked") and page.url != site_url + "practices/index.html?q=gran"
    page.keyboard.press("Space")  # untick: the practices found for the word are back
    page.wait_for_function("(text) => document.querySelector('[aria-live=polite]').innerText === text", arg=searched)
    tab_to(page, ".portal-card a[href]", presses=800)  # past every facet value: all are reachable
    target = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/practices/" + target.split("/")[-1])


def test_practice_filters_open_from_the_filters_button_by_keyboard_on_a_phone(keyboard_page, site_url) -> None:
    page = keyboard_page(site_url + "practices/index.html", width=390)
    tab_to(page, "button[aria-controls=portal-facets]")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-expanded')") == "false"
    page.keyboard.press("Enter")
    assert page.get_attribute("button[aria-controls=portal-facets]", "aria-expanded") == "true"
    tab_to(page, ".portal-practices input[type=checkbox]:not(:disabled), .portal-practices button[aria-expanded=false]")
    if page.evaluate(FOCUSED_MATCHES, "button"):  # a closed facet group: open it, then tick its first value
        page.keyboard.press("Enter")
        tab_to(page, ".portal-practices input[type=checkbox]:not(:disabled)")
    page.keyboard.press("Space")
    page.wait_for_function("() => /Filters \\(1\\)/.test(document.querySelector('button[aria-controls=portal-facets]').innerText)")


def test_search_by_keyboard_opens_a_result(keyboard_page, site_url) -> None:
    page = keyboard_page(site_url + "index.html")
    tab_to(page, "pagefind-modal-trigger button, pagefind-modal-trigger [role=button], .pf-trigger-btn")
    page.keyboard.press("Enter")
    page.wait_for_selector("pagefind-modal input", state="visible")
    page.keyboard.type("Mukono")
    page.wait_for_selector(".pf-result-link", state="visible")
    tab_to(page, ".pf-result-link", presses=30)
    page.keyboard.press("Enter")
    page.wait_for_function("() => !location.pathname.endsWith('/index.html') || location.pathname.includes('/networks/')")
    assert "index.html" not in page.url.split("/")[-1] or "/networks/" in page.url


def test_index_table_filters_and_sorts_by_keyboard(keyboard_page, site_url) -> None:
    page = keyboard_page(site_url + "municipalities/index.html")
    rows = "() => [...document.querySelectorAll('article table tbody tr')].filter((r) => !r.hidden).length"
    everything = page.evaluate(rows)
    tab_to(page, "input[aria-label='Filter this table']")
    page.keyboard.type("gran")
    page.wait_for_function(f"() => ({rows})() < {everything}")
    tab_to(page, "article table th button")
    header = "() => document.activeElement.closest('th').getAttribute('aria-sort')"
    before = page.evaluate(header)
    page.keyboard.press("Enter")
    assert page.evaluate(header) != before and page.evaluate(header) in ("ascending", "descending")
