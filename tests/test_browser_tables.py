"""Index tables in a real browser: filter as you type (diacritics folded), sort by a column."""

from __future__ import annotations


def _visible_names(page) -> list[str]:
    return page.eval_on_selector_all(
        "table[data-portal-table] tbody tr:not([hidden]) td:first-child", "cells => cells.map(c => c.textContent.trim())")


def test_municipality_table_filters_without_diacritics_and_sorts(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "municipalities/index.html")
    everyone = _visible_names(page)
    assert "Sölvesborg" in everyone and len(everyone) > 5

    page.get_by_label("Filter this table").fill("solvesborg")
    assert _visible_names(page) == ["Sölvesborg"]
    assert "1 of" in page.locator(".portal-filter__count").inner_text()

    page.get_by_label("Filter this table").fill("")
    page.get_by_role("button", name="Name").click()
    ascending = _visible_names(page)
    assert ascending == sorted(ascending, key=str.lower)
    assert page.locator("th", has=page.get_by_role("button", name="Name")).get_attribute("aria-sort") == "ascending"
    page.get_by_role("button", name="Name").click()
    assert _visible_names(page) == list(reversed(ascending))
    page.close()
