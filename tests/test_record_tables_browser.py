"""A record's own tables and lines at phone width (issue 11): a network's people, events and action plan,
indicators on practice and results pages and the templates index are cards of labelled values on a phone, as
the index tables are; chart titles have no brackets inside brackets; a practice card names a few of who runs it."""

from __future__ import annotations

import pytest

# Pages with each kind of record table, and how many such tables each has at least.
PAGES = {
    "networks/gran-mukono-lugazi.html": 2,  # people, events
    "networks/sori-lc1-day-care-centres.html": 3,  # people, events, action plan
    "practices/gran-northern-partner-evaluation.html": 1,  # indicators
    "results/gran-mukono-lugazi-results-2012.html": 1,
    "templates/index.html": 1,
}

LAYOUT = r"""() => {
    const tables = [...document.querySelectorAll("table.portal-table--record")];
    const cells = tables.flatMap(t => [...t.tBodies[0].rows].flatMap(r => [...r.cells]));
    const textBox = cell => { const range = document.createRange(); range.selectNodeContents(cell);
                              return range.getBoundingClientRect(); };
    return {
        tables: tables.length,
        // Every figure and word on screen: no cell reaches past the window (a table scrolled sideways).
        offscreen: cells.filter(c => c.textContent.trim() && textBox(c).right > innerWidth + 1).map(c => c.textContent.trim()),
        // Each value but the card's heading says what it is.
        unlabelled: cells.filter(c => c.cellIndex > 0 && c.textContent.trim()
                                      && getComputedStyle(c, "::before").content !== JSON.stringify(c.dataset.label || ""))
                         .map(c => c.textContent.trim()),
        // A card's heading is one line of its own, not a column a word wide.
        narrowHeadings: cells.filter(c => c.cellIndex === 0 && c.getBoundingClientRect().width < innerWidth / 2)
                             .map(c => c.textContent.trim()),
    };
}"""


@pytest.mark.parametrize("path", sorted(PAGES))
def test_record_tables_are_cards_of_labelled_values_on_a_phone(browser, site_url, path):
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(site_url + path)
    layout = page.evaluate(LAYOUT)
    assert layout["tables"] >= PAGES[path]
    assert layout["offscreen"] == []
    assert layout["unlabelled"] == []
    assert layout["narrowHeadings"] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_networks_people_have_a_heading_and_every_event_a_when(browser, site_url, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(site_url + "networks/gran-mukono-lugazi.html")
    people = page.locator("table", has=page.get_by_text("Pernille Nesje"))
    heading = people.evaluate("t => { let e = t; while (e && !/^H[1-6]$/.test(e.tagName)) "
                              "e = e.previousElementSibling || e.parentElement; return e && e.textContent.trim(); }")
    assert heading.startswith("People")
    when = page.locator("table.portal-table--record td[data-label='When']").all_inner_texts()
    assert len(when) >= 4 and all(w.strip() for w in when) and "not reported" in when
    page.close()


PLAN = "networks/sori-lc1-day-care-centres.html"


def test_an_action_plan_is_a_card_per_activity_on_a_phone_and_a_table_on_a_desktop(browser, site_url):
    phone = browser.new_page(viewport={"width": 390, "height": 900})
    phone.goto(site_url + PLAN)
    plan = phone.locator("table.portal-table--plan")
    cards = plan.locator("tbody tr")
    assert cards.count() == 3
    first = cards.first
    assert first.locator("td").first.inner_text().startswith("Clarify the legal basis")
    labels = first.locator("td").evaluate_all("cs => cs.map(c => getComputedStyle(c, '::before').content)")
    assert labels[1] == '"Responsible"' and labels[-1] == '"Expected results"'
    # One card under the other, each as wide as the column of text: nothing to scroll sideways to.
    boxes = [cards.nth(i).bounding_box() for i in range(3)]
    assert all(b["width"] > 300 and b["x"] + b["width"] <= 390 for b in boxes)
    assert boxes[0]["y"] + boxes[0]["height"] <= boxes[1]["y"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()
    desktop = browser.new_page(viewport={"width": 1280, "height": 900})
    desktop.goto(site_url + PLAN)
    plan = desktop.locator("table.portal-table--plan")
    # A table whose columns are the activities' parts; no activity of this plan has a deadline, so no empty column.
    assert plan.locator("thead th").all_inner_texts() == [
        "Activity", "Responsible", "Challenges", "Mitigation", "Resources", "Expected results"]
    row = plan.locator("tbody tr").first.bounding_box()
    assert row["height"] < 400  # the seven values side by side, not stacked
    desktop.close()


def test_a_label_of_two_lines_stays_in_its_card(browser, site_url):
    """A language's label may take two lines beside a value of one (mk 'Очекувани резултати'): the card holds it."""
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(site_url + PLAN)
    spilled = page.evaluate("""() => {
        const cells = [...document.querySelectorAll("table.portal-table--record td[data-label]")];
        cells.forEach(c => { c.dataset.label = "Очекувани резултати и ресурси"; if (c.textContent.trim()) c.textContent = "Yes."; });
        return cells.filter(c => c.textContent.trim()
                                 && parseFloat(getComputedStyle(c, "::before").height) > c.getBoundingClientRect().height)
                    .length;
    }""")
    assert spilled == 0
    page.close()


def test_chart_titles_have_no_brackets_inside_brackets(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "networks/gran-mukono-lugazi.html")
    captions = page.locator("figure figcaption").all_inner_texts()
    titles = page.locator("svg title").evaluate_all("ts => ts.map(t => t.textContent)")
    assert any("(people, of 32 asked)" in c for c in captions)
    for text in captions + titles:
        assert "((" not in text and "))" not in text, text
    page.close()


def test_a_practice_card_names_at_most_three_who_run_it(browser, site_url):
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(site_url + "practices/index.html")
    card = page.locator(".portal-card", has=page.get_by_role(
        "link", name="Learning clusters – structured peer exchange to scale up a social approach"))
    meta = card.locator(".portal-practices__meta").inner_text()
    who = meta.split(" · ")[0]
    assert who.endswith("more") and "+ " in who, meta
    shown, more = who.rsplit(" + ", 1)
    assert len(shown.split(", ")) == 3 and int(more.split()[0]) >= 3, meta
    page.close()
