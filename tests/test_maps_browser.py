"""Maps in a real browser: pages with maps ask no other host, break no policy rule, and their pins
are reached with the keyboard, show a focus ring, and lead to the place's page."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

MAP_PAGES = ["index.html", "countries/no.html", "networks/interloc.html",
             "practices/gran-school-links-with-mukono-and-lugazi.html"]
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(e.violatedDirective));
"""


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    opened = context.new_page()
    yield opened
    context.close()


@pytest.mark.parametrize("path", MAP_PAGES)
def test_map_pages_ask_no_other_host_and_break_no_policy_rule(page, site_url, path):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url + path, wait_until="networkidle")
    assert page.locator("svg.portal-map a.portal-map__pin").count() > 0, "the page has no map"
    site = urlsplit(site_url).netloc
    foreign = [url for url in requests if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != site]
    assert not foreign, foreign
    assert page.evaluate("window.__cspViolations") == []


def test_a_pin_is_reached_by_keyboard_shows_a_focus_ring_and_opens_its_page(page, site_url):
    page.goto(site_url + "networks/interloc.html", wait_until="networkidle")
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('portal-map__pin')"):
            break
    else:
        pytest.fail("no map pin took the keyboard focus")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    name = page.evaluate("document.activeElement.querySelector('title').textContent").split(":")[0]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(href.lstrip("./"))
    assert name in page.locator("h1").inner_text()


def test_a_results_page_with_charts_asks_no_other_host(page, site_url):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url + "results/ukraine-efficiency-networks-results-2015.html", wait_until="networkidle")
    assert page.locator("svg.portal-chart").count() > 0, "the page has no chart"
    site = urlsplit(site_url).netloc
    assert [url for url in requests if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != site] == []
    assert page.evaluate("window.__cspViolations") == []


COUNTS = """[...document.querySelectorAll('svg.portal-map a.portal-map__pin--group')].map(a => {
    const svg = a.ownerSVGElement, count = a.querySelector('.portal-map__count');
    const disc = a.querySelector('circle:not(.portal-map__ring)').getBoundingClientRect();
    const box = count.getBoundingClientRect(), scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return {text: count.textContent, px: box.height, units: box.height / scale, width: box.width, disc: disc.width,
            font: parseFloat(count.getAttribute('font-size'))};
})"""


@pytest.mark.parametrize("path", ["index.html", "countries/no.html"])
def test_group_counts_are_readable_on_a_phone_and_as_they_were_on_a_desktop(browser, site_url, path):
    """At 390 px the map is drawn at under half its size: a group's count of 15 units was about 5 px high."""
    counts = {}
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        opened = context.new_page()
        opened.goto(site_url + path, wait_until="networkidle")
        counts[width] = opened.evaluate(COUNTS)
        context.close()
    assert counts[390], "the map has no group pin"
    for count in counts[390]:
        assert count["px"] >= 10, count  # its line box: digits about 8 px high
        assert count["width"] <= count["disc"], count  # and still inside its disc
    for count in counts[1280]:
        assert count["units"] < 1.3 * count["font"], count  # the desktop map draws it at its own size
