"""Index tables in a real browser: filter as you type, sort by any column, readable on a phone."""

from __future__ import annotations

import pytest

# Each index page, a text column and a number column to sort by.
INDEXES = {
    "networks/index.html": ("Name", "Members"),
    "results/index.html": ("Results", "Year"),
    "municipalities/index.html": ("Name", "Networks"),
    "organisations/index.html": ("Name", "Networks"),
    "countries/index.html": ("Country", "Practices"),
    "themes/index.html": ("Theme", "Networks"),
}


def _column(page, header: str) -> list[str]:
    """The visible cells of a column, top to bottom."""
    return page.evaluate("""header => {
        const table = document.querySelector("table[data-portal-table]");
        const index = [...table.tHead.rows[0].cells].findIndex(th => th.textContent.trim() === header);
        return [...table.tBodies[0].rows].filter(row => !row.hidden)
            .map(row => (row.cells[index].dataset.sort ?? row.cells[index].textContent).trim());
    }""", header)


def _sort_by(page, header: str) -> None:
    page.locator("table[data-portal-table] thead").get_by_role("button", name=header, exact=True).click()


def _compare_key(page):
    """The order a reader expects: as the browser's own collation for English, ignoring case and accents."""
    return lambda values: page.evaluate(
        "values => values.slice().sort(new Intl.Collator('en', {sensitivity: 'base', numeric: true}).compare)", values)


@pytest.mark.parametrize("path", sorted(INDEXES))
def test_every_index_table_sorts_by_text_and_by_number(browser, site_url, path):
    text_column, number_column = INDEXES[path]
    page = browser.new_page()
    page.goto(site_url + path)
    assert len(_column(page, text_column)) >= 3

    _sort_by(page, text_column)
    ascending = _column(page, text_column)
    assert ascending == _compare_key(page)(ascending)
    header = page.locator("th", has=page.get_by_role("button", name=text_column, exact=True))
    assert header.get_attribute("aria-sort") == "ascending"
    _sort_by(page, text_column)
    assert _column(page, text_column) == list(reversed(ascending))
    assert header.get_attribute("aria-sort") == "descending"

    _sort_by(page, number_column)
    numbers = [float(value.replace("\u202f", "").replace(" ", "")) for value in _column(page, number_column)]
    assert numbers == sorted(numbers) and len(set(numbers)) > 1  # numerically: 10 after 9, not after 1
    page.close()


def test_networks_sort_by_members_as_numbers(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "networks/index.html")
    _sort_by(page, "Members")
    members = _column(page, "Members")
    assert members[-1] == "10" and members.index("10") > members.index("2")  # as text, "10" would come before "2"
    page.close()


def test_municipality_table_filters_without_diacritics(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "municipalities/index.html")
    assert "Sölvesborg" in _column(page, "Name") or "Solvesborg" in _column(page, "Name")
    page.get_by_label("Filter this table").fill("solvesborg")
    assert [row.strip() for row in page.locator("tbody tr:not([hidden]) td:first-child").all_inner_texts()] == ["Sölvesborg"]
    assert "1 of" in page.locator(".portal-filter__count").inner_text()
    page.close()


def test_a_name_in_another_script_sorts_by_its_latin_form(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "municipalities/index.html")
    _sort_by(page, "Name")
    names = page.locator("tbody tr td:first-child").all_inner_texts()
    skopje = next(i for i, name in enumerate(names) if name.strip() == "Скопје (Skopje)")
    sibiu = next(i for i, name in enumerate(names) if name.strip() == "Sibiu")
    assert skopje == sibiu + 1  # among the S names, not after Z
    page.close()


@pytest.mark.parametrize("path", sorted(INDEXES))
@pytest.mark.parametrize("width", [390, 1280])
def test_index_tables_are_readable_at_phone_and_desktop_width(browser, site_url, path, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(site_url + path)
    layout = page.evaluate(r"""() => {
        const table = document.querySelector("table[data-portal-table]");
        const lineHeight = parseFloat(getComputedStyle(table.tBodies[0].rows[0].cells[0]).lineHeight);
        const rows = [...table.tBodies[0].rows];
        // Neighbouring cells whose boxes touch on one line read as one value ("2015" + "2" = "20152").
        const touching = [];
        for (const row of rows) {
            const textBox = cell => { const range = document.createRange(); range.selectNodeContents(cell);
                                      return range.getBoundingClientRect(); };
            const boxes = [...row.cells].filter(c => c.textContent.trim()).map(c => [c, textBox(c)]);
            for (let i = 1; i < boxes.length; i++) {
                const [a, ra] = boxes[i - 1], [b, rb] = boxes[i];
                const sameLine = ra.top < rb.bottom && rb.top < ra.bottom;
                if (sameLine && rb.left - ra.right < 8) touching.push(a.textContent.trim() + "|" + b.textContent.trim());
            }
        }
        // A cell narrower than its words breaks them letter by letter: a word then spans two lines.
        const brokenWords = [];
        for (const cell of rows.flatMap(r => [...r.cells])) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (const match of node.data.matchAll(/[^\s\-–]+/g)) {
                    const range = document.createRange();
                    range.setStart(node, match.index);
                    range.setEnd(node, match.index + match[0].length);
                    if (range.getClientRects().length > 1) brokenWords.push(match[0]);
                }
            }
        }
        // And a name of ordinary length takes at most three lines.
        const textHeight = cell => { const range = document.createRange(); range.selectNodeContents(cell);
                                     return range.getBoundingClientRect().height; };
        const tallNames = rows.map(r => r.cells[0])
            .filter(c => c.textContent.trim().length <= 100 && textHeight(c) > 3.5 * lineHeight)
            .map(c => c.textContent.trim());
        const overflowing = rows.flatMap(r => [...r.cells]).filter(c => c.scrollWidth > c.clientWidth + 1)
            .map(c => c.textContent.trim());
        return {pageWidth: document.documentElement.scrollWidth, viewport: innerWidth,
                touching, brokenWords, tallNames, overflowing};
    }""")
    assert layout["pageWidth"] <= layout["viewport"]
    assert layout["touching"] == []
    assert layout["brokenWords"] == []
    assert layout["tallNames"] == []
    assert layout["overflowing"] == []
    page.close()


def test_on_a_phone_each_value_is_labelled_and_the_header_still_sorts(browser, site_url):
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(site_url + "results/index.html")
    year = page.locator("tbody tr td[data-label='Year']").first
    label = year.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"Year"'
    _sort_by(page, "Year")
    years = [int(value) for value in _column(page, "Year")]
    assert years == sorted(years)
    page.close()


def test_without_script_the_tables_are_plain_tables_with_every_row(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "networks/index.html")
    assert page.locator("table[data-portal-table] tbody tr").count() > 5
    assert page.locator("table[data-portal-table] button").count() == 0
    context.close()


def test_on_a_phone_the_sort_buttons_are_headed_in_the_pages_language(browser, site_url):
    page = browser.new_page(viewport={"width": 390, "height": 900})
    for path, words in (("municipalities/index.html", '"Sort by"'), ("sq/municipalities/index.html", '"Rendit sipas"')):
        page.goto(site_url + path)
        page.locator("table[data-portal-table][data-portal-ready]").wait_for(state="attached")
        header = page.locator("table[data-portal-table] thead tr").first
        assert header.evaluate("row => getComputedStyle(row, '::before').content") == words, path
    page.close()
