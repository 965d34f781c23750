"""Search on the shipped site in a real browser: results, ranking, the header on a phone, from disk."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import serve_folder

SOLVESBORG_PRACTICE = "practices/solvesborg-international-communication-plan.html"


def _search(page, query: str) -> list[str]:
    """Open the search dialog from the header, type, return the result links."""
    page.locator("pagefind-modal-trigger button").first.click()
    page.keyboard.type(query)
    # Results of the letters typed so far may be drawn and replaced: wait for the whole query's.
    page.locator("pagefind-modal pagefind-summary").filter(has_text=re.compile(re.escape(query), re.I)).wait_for(
        timeout=10_000)
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
    assert console_errors == []  # the theme no longer asks for sitemap.xml (tests/test_page_weight.py)
    page.close()


@pytest.fixture(scope="module")
def sharded_site_url(shipped_site, tmp_path_factory, monkeypatch_module):
    """The shipped site indexed in shards of 80 pages, as a large portal is, served."""
    from generator import search

    site = tmp_path_factory.mktemp("sharded") / "site"
    shutil.copytree(shipped_site / "site", site,
                    ignore=lambda folder, names: [n for n in names if n.startswith(search.BUNDLE_DIR)])
    monkeypatch_module.setattr(search, "SHARD_PAGES", 80)
    assert "shards" in search.index_site(shipped_site, site)
    with serve_folder(site) as url:
        yield url


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def _summary(page, query: str) -> str:
    _search(page, query)
    summary = page.locator("pagefind-modal pagefind-summary")
    summary.filter(has_text=re.compile(r"\d")).wait_for(timeout=10_000)
    return summary.inner_text()


def test_a_sharded_index_finds_what_the_whole_index_finds(browser, site_url, sharded_site_url):
    """Every shard is merged (all at once) before the first query runs: as many results as one index.
    (Their order may differ: each shard ranks by its own word statistics.)"""
    summaries = {}
    for url in (site_url, sharded_site_url):
        page = browser.new_page()
        page.goto(url + SOLVESBORG_PRACTICE)
        summaries[url] = _summary(page, "Solvesborg")
        page.close()
    assert summaries[site_url] == summaries[sharded_site_url], summaries


def test_one_letter_lists_nothing_and_two_letters_search_once_typing_stops(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "index.html")
    page.locator("pagefind-modal-trigger button").first.click()
    page.keyboard.type("S")
    page.wait_for_timeout(800)  # well past the input's debounce: a one-letter search would have drawn by now
    assert page.locator("pagefind-modal .pf-result").count() == 0
    page.keyboard.type("o")  # "So": searched once the reader pauses
    page.locator("pagefind-modal .pf-result-link").first.wait_for(state="visible", timeout=10_000)
    page.keyboard.type("lvesborg")
    page.locator("pagefind-modal .pf-result-link[href$='municipalities/solvesborg.html']").first.wait_for(timeout=10_000)
    page.close()
