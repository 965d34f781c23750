"""Search and the practice filters on the shipped site, in a real browser."""

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
