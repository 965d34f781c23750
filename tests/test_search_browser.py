"""Search on the shipped site in a real browser: results, ranking, the header on a phone, from disk."""

from __future__ import annotations

import re

SOLVESBORG_PRACTICE = "practices/solvesborg-international-communication-plan.html"


def _search(page, query: str) -> list[str]:
    """Open the search dialog from the header, type, return the result links."""
    page.locator("pagefind-modal-trigger button").first.click()
    page.keyboard.type(query)
    results = page.locator("pagefind-modal .pf-result-link")
    results.first.wait_for(state="visible", timeout=10_000)
    return [href for href in results.evaluate_all("links => links.map(a => a.getAttribute('href'))")]


def test_search_finds_names_typed_without_diacritics_and_networks(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "networks/index.html")  # search is in the header of every page
    found = _search(page, "Solvesborg")
    assert any(href.endswith(SOLVESBORG_PRACTICE) for href in found), found
    assert any(href.endswith("municipalities/solvesborg.html") for href in found), found

    page.goto(site_url + SOLVESBORG_PRACTICE)
    found = _search(page, "InterLoc")
    assert any(href.endswith("networks/interloc.html") for href in found), found
    page.close()


def test_search_uses_only_files_of_the_site(browser, site_url):
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "index.html")
    _search(page, "Solvesborg")
    search_files = [url for url in requested if "pagefind" in url]
    assert search_files and all(url.startswith(site_url) for url in search_files), search_files
    page.close()


def _results(page, query: str) -> list[tuple[str, str]]:
    """(kind, link) of the results in view, in rank order (Pagefind loads the others as they scroll in)."""
    _search(page, query)
    page.locator("pagefind-modal .pf-result .portal-search__kind").first.wait_for(timeout=10_000)
    return page.locator("pagefind-modal .pf-result:has(.pf-result-link)").evaluate_all("""results => results.map(r => [
        (r.querySelector('.portal-search__kind') || {}).textContent || '',
        r.querySelector('.pf-result-link').getAttribute('href')])""")


def _kind_of(results: list[tuple[str, str]], path: str) -> str:
    return next(kind for kind, href in results if href.endswith(path))


def test_each_search_result_says_what_it_is(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "index.html")
    found = _results(page, "Solvesborg")
    assert _kind_of(found, "municipalities/solvesborg.html") == "Municipality"
    assert _kind_of(found, SOLVESBORG_PRACTICE) == "Practice"
    assert _kind_of(found, "countries/se.html") == "Country"
    page.goto(site_url + "index.html")
    found = _results(page, "InterLoc")
    assert _kind_of(found, "networks/interloc.html") == "Network"
    assert all(kind for kind, _ in found), found  # every result has a label
    page.close()


def test_a_printable_plan_never_ranks_above_the_record_it_prints(browser, site_url, shipped_site):
    plans = {"networks/sori-lc1-day-care-centres.html": "plans/sori-lc1-day-care-centres-action-plan.html",
             "results/gran-mukono-lugazi-results-2012.html": "plans/gran-mukono-lugazi-results-2012.html"}
    page = browser.new_page()
    for record, plan in plans.items():
        title = re.search(r"<h1[^>]*>([^<]+)", (shipped_site / "site" / plan).read_text(encoding="utf-8")).group(1)
        page.goto(site_url + "index.html")
        links = [href for _, href in _results(page, title)]
        first_plan = next((i for i, href in enumerate(links) if "plans/" in href), len(links))
        record_rank = next(i for i, href in enumerate(links) if href.endswith(record))
        assert record_rank < first_plan, (title, links)
    page.close()


def test_no_page_is_wider_than_a_phone_and_search_opens_from_its_icon(browser, site_url):
    page = browser.new_page(viewport={"width": 390, "height": 800})
    for path in ("index.html", SOLVESBORG_PRACTICE, "networks/interloc.html", "practices/index.html"):
        page.goto(site_url + path)
        page.locator("pagefind-modal-trigger button").wait_for()
        width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert width[0] <= width[1], (path, width)
    button = page.get_by_role("button", name="Search practices, networks, places")
    assert button.bounding_box()["width"] < 60  # the magnifier, not the whole box
    found = _search(page, "InterLoc")
    assert any(href.endswith("networks/interloc.html") for href in found), found
    page.close()


def test_from_disk_search_says_how_to_serve_the_site_without_errors(browser, shipped_site):
    page = browser.new_page()
    uncaught: list[str] = []
    console_errors: list[str] = []
    page.on("pageerror", lambda error: uncaught.append(str(error)))
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    page.goto((shipped_site / "site" / SOLVESBORG_PRACTICE).as_uri())
    page.get_by_role("button", name="Search").click()
    note = page.get_by_role("dialog", name="Search needs a web server")
    assert note.is_visible()
    text = note.inner_text()
    assert "portal serve" in text and "python3 -m http.server -d site" in text
    note.get_by_role("button", name="Close").click()
    assert not note.is_visible()
    page.keyboard.press("Control+K")  # the search shortcut opens the note too
    assert note.is_visible()
    page.keyboard.press("Escape")
    assert page.get_by_role("link", name="InterLoc", exact=False).first.is_visible()  # the page itself works
    assert uncaught == []
    # The browser's own refusal of the theme's sitemap.xml request (Material handles it) is all there is.
    assert [text for text in console_errors if "sitemap.xml" not in text and "ERR_FAILED" not in text] == []
    page.close()
