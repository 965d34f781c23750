"""The practice index (practices/index.html) in a real browser: keyword box and facets together, sorting,
counts, the live result count, Back, the empty state, the phone layout and the page opened from disk."""

from __future__ import annotations

import re

import pytest

from conftest import MiniPortal, serve_folder

SOLVESBORG = "solvesborg-international-communication-plan.html"
INTERLOC = "interloc-international-action-plan.html"
ROMANIA = "romania-climate-adaptation-training.html"
PHONE = {"width": 390, "height": 844}


def _listed(page) -> list[str]:
    return page.locator(".portal-practices__list a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def _status(page) -> str:
    return page.locator(".portal-practices__status").inner_text()


def _search(page, text: str) -> None:
    page.get_by_role("searchbox", name="Search practices").fill(text)


def _box(page, group: str, value: str):
    return page.get_by_role("group", name=group).get_by_role("checkbox", name=re.compile(rf"^{value} \(\d+\)"))


def _count(page, group: str, value: str) -> int:
    label = _box(page, group, value).evaluate("box => box.parentElement.textContent")
    return int(re.search(r"\((\d+)\)\s*$", label).group(1))


def _open_index(browser, url: str, viewport: dict | None = None):
    page = browser.new_page(viewport=viewport or {"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.locator(".portal-practices__list li").first.wait_for()
    return page, errors


# ---------------------------------------------------------------- the shipped portal

def test_keyword_and_facets_filter_together_with_counts(browser, site_url):
    page, errors = _open_index(browser, site_url + "practices/index.html")
    everything = len(_listed(page))
    assert _status(page).startswith(f"{everything} practices")

    _search(page, "solvesborg")  # Sölvesborg, typed without its ö: its own practice and InterLoc's, where it takes part
    assert set(_listed(page)) == {SOLVESBORG, INTERLOC}
    assert _status(page).startswith("2 practices match your search")
    # Counts say what ticking a value would leave: both are Swedish, only InterLoc has Polish partners.
    assert (_count(page, "Country", "Sweden"), _count(page, "Country", "Poland"), _count(page, "Country", "Norway")) == (2, 1, 0)

    _box(page, "Country", "Poland").check()
    assert _listed(page) == [INTERLOC]
    assert _status(page).startswith("1 practice matches your search and the filters")
    assert _count(page, "Country", "Sweden") == 2  # a facet's own values count as if it were not ticked
    assert sorted(page.url.split("?", 1)[1].split("&")) == ["country=PL", "q=solvesborg"]

    _search(page, "BRASOV")  # Brașov, in capitals and without its comma below
    assert _listed(page) == []  # not in Poland
    _box(page, "Country", "Poland").uncheck()
    assert _listed(page) == [ROMANIA]
    assert not errors
    page.close()


def test_a_tick_recounts_the_other_groups_and_dims_values_left_with_nothing(browser, site_url):
    """Issue 11: no ticking one's way to nothing without seeing it coming (Poland plus Education was 0)."""
    page, errors = _open_index(browser, site_url + "practices/index.html")
    education = _box(page, "Theme", "Education and schools")
    label = education.locator("xpath=..")
    dimmed = "portal-facet__value--empty"
    assert _count(page, "Theme", "Education and schools") == 3 and dimmed not in label.get_attribute("class")
    colour = label.evaluate("node => getComputedStyle(node).color")

    _box(page, "Country", "Poland").check()
    assert _count(page, "Theme", "Education and schools") == 0  # neither Polish practice is about schools
    assert _count(page, "Theme", "Citizen participation") == 1 and _count(page, "Status", "Implemented") == 2
    assert _count(page, "Country", "Norway") == 14  # its own group counts as if Poland were not ticked
    # Still there, where it was, and still a box to tick: only its colour says it would leave nothing.
    assert education.is_visible() and education.is_enabled() and dimmed in label.get_attribute("class")
    assert label.evaluate("node => getComputedStyle(node).color") != colour
    assert dimmed not in _box(page, "Theme", "Citizen participation").locator("xpath=..").get_attribute("class")

    education.check()  # ticked anyway: the empty state, and the ticked value is not dimmed
    assert _listed(page) == [] and dimmed not in label.get_attribute("class")
    _box(page, "Country", "Poland").uncheck()
    assert len(_listed(page)) == 3 and _count(page, "Country", "Poland") == 0
    assert dimmed in _box(page, "Country", "Poland").locator("xpath=..").get_attribute("class")
    assert not errors
    page.close()


def test_a_cyrillic_keyword_finds_latin_names_on_the_macedonian_site(browser, site_url):
    """Issue 11: "гран" typed on a Macedonian keyboard finds Gran, whose name is written in Latin letters."""
    from generator.i18n import translations

    page, errors = _open_index(browser, site_url + "mk/practices/index.html")
    search = page.get_by_role("searchbox", name=translations("mk").gettext("Search practices"))
    search.fill("gran")
    gran = _listed(page)
    assert gran
    search.fill("ГРАН")
    assert _listed(page) == gran
    # And the other way: the Macedonian title of SoRi's sequence, typed in Latin letters.
    search.fill("zajaknuvanje kapacitetite")
    assert _listed(page) == ["sori-capacitation-sequence.html"]
    assert not errors
    page.close()


def test_a_body_is_found_by_its_abbreviation_and_by_the_names_a_page_does_not_show(browser, site_url):
    """'AAM' found nothing, and on the Albanian site the English name of a body it names in Albanian
    found nothing either; a reader may know a body by any of its names."""
    from generator.i18n import translations

    page, errors = _open_index(browser, site_url + "practices/index.html")
    _search(page, "Shoqata e Bashkive")
    run_by_aam = _listed(page)
    assert run_by_aam
    _search(page, "aam")
    assert _listed(page) == run_by_aam
    page.close()

    page, more_errors = _open_index(browser, site_url + "sq/practices/index.html")
    search = page.get_by_role("searchbox", name=translations("sq").gettext("Search practices"))
    search.fill("Association of Albanian Municipalities")
    albanian = _listed(page)
    assert len(albanian) == len(run_by_aam)
    search.fill("AAM")
    assert _listed(page) == albanian
    assert page.locator(".portal-practices__list").inner_text().count("Association of Albanian") == 0  # found, not shown
    assert not errors and not more_errors
    page.close()


def test_result_count_is_announced_to_screen_readers(browser, site_url):
    page, _ = _open_index(browser, site_url + "practices/index.html")
    status = page.locator(".portal-practices").get_by_role("status")
    assert status.get_attribute("aria-live") == "polite"
    _box(page, "Country", "Sweden").check()
    assert status.inner_text() == "2 practices match the filters, newest first."
    _search(page, "communication plan")
    assert status.inner_text() == "1 practice matches your search and the filters."
    page.close()


def test_two_filters_narrow_the_practices_and_live_in_the_url(browser, site_url):
    page, _ = _open_index(browser, site_url + "practices/index.html")
    everything = _status(page)
    country = page.get_by_role("group", name="Country")
    country.get_by_role("checkbox", name=re.compile(r"^Sweden \(\d+\)")).check()
    sweden = _listed(page)
    assert SOLVESBORG in sweden
    country.get_by_role("checkbox", name=re.compile(r"^Denmark \(\d+\)")).check()
    sweden_or_denmark = _listed(page)
    assert set(sweden) < set(sweden_or_denmark)  # OR within a facet

    page.get_by_role("group", name="Theme").get_by_role("checkbox", name=re.compile(r"^Communication \(")).check()
    narrowed = _listed(page)
    assert SOLVESBORG in narrowed
    assert set(narrowed) <= set(sweden_or_denmark) and len(narrowed) < len(sweden_or_denmark)  # AND across
    status = _status(page)
    assert re.match(rf"{len(narrowed)} practices? match(es)? the filters", status) and status != everything
    for meta in page.locator(".portal-practices__meta").all_inner_texts():
        assert "Sweden" in meta or "Denmark" in meta

    query = page.url.split("?", 1)[1]
    assert sorted(query.split("&")) == ["country=DK", "country=SE", "theme=communication"]
    page.goto(page.url)  # a bookmark or a shared link
    assert _listed(page) == narrowed
    assert _box(page, "Country", "Sweden").is_checked() and _box(page, "Theme", "Communication").is_checked()
    page.close()


def test_back_undoes_the_last_filter_change(browser, site_url):
    page, _ = _open_index(browser, site_url + "practices/index.html")
    everything = _listed(page)
    _box(page, "Country", "Sweden").check()
    sweden = _listed(page)
    page.get_by_role("searchbox", name="Search practices").press_sequentially("kwidzyn")  # one of InterLoc's towns
    assert _listed(page) == [INTERLOC]
    page.get_by_label("Sort by").select_option("title")

    page.go_back()  # the sort
    assert page.get_by_label("Sort by").input_value() == "newest" and _listed(page) == [INTERLOC]
    page.go_back()  # the keyword, typed letter by letter, is one change
    assert page.get_by_role("searchbox", name="Search practices").input_value() == ""
    assert _listed(page) == sweden and _box(page, "Country", "Sweden").is_checked()
    page.go_back()  # the tick
    assert not _box(page, "Country", "Sweden").is_checked() and _listed(page) == everything
    assert page.url.endswith("practices/index.html")
    page.go_forward()
    assert _box(page, "Country", "Sweden").is_checked() and _listed(page) == sweden
    page.close()


def test_on_a_phone_results_come_first_and_filters_open_from_a_button(browser, site_url):
    page, errors = _open_index(browser, site_url + "practices/index.html", PHONE)
    first_card = page.locator(".portal-practices__list li").first.bounding_box()
    assert first_card["y"] < PHONE["height"]  # on the first screen, not after 2,200 px of checkboxes
    assert not page.get_by_role("group", name="Country").is_visible()
    toggle = page.get_by_role("button", name="Filters (0)")
    assert toggle.get_attribute("aria-expanded") == "false"

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    country = page.get_by_role("group", name="Country")
    assert country.is_visible()
    country.get_by_role("button", name="Country").click()  # groups start closed on a phone: a short panel
    _box(page, "Country", "Sweden").check()
    _box(page, "Country", "Denmark").check()
    assert page.get_by_role("button", name="Filters (2)").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")  # panel open, nothing sideways

    page.get_by_role("button", name=re.compile(r"^Show \d+ practices$")).click()
    assert not country.is_visible()
    assert page.locator(".portal-practices__list li").first.bounding_box()["y"] < PHONE["height"]
    assert not errors
    page.close()


def test_practice_index_is_no_wider_than_a_phone(browser, site_url):
    page, _ = _open_index(browser, site_url + "practices/index.html", PHONE)
    wider = page.evaluate("""() => [...document.querySelectorAll('.portal-practices *')]
        .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5).map(e => e.className)""")
    assert wider == []
    assert page.evaluate("[document.documentElement.scrollWidth, innerWidth]")[0] <= PHONE["width"]
    page.close()


def test_practice_index_works_opened_from_disk(browser, shipped_site):
    """Reviewers open a pull request's preview from disk: file:// refuses fetch(), not a script."""
    page, errors = _open_index(browser, (shipped_site / "site/practices/index.html").as_uri())
    _box(page, "Country", "Sweden").check()
    assert SOLVESBORG in _listed(page) and len(_listed(page)) == 2
    _search(page, "solvesborg communication")
    assert _listed(page) == [SOLVESBORG]
    assert not errors
    page.close()


# ---------------------------------------------------------------- a small portal with known dates and names

@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """Three practices whose four orders all differ; invented place names with č, š and ø."""
    from generator.build import build

    portal = MiniPortal(tmp_path_factory.mktemp("practice-index"))
    portal.write("registry/municipalities/invented.yml", """
        - id: ortestad
          name: Ørtestad
          country: DK
        - id: casinovo
          name: Čašinovo
          country: RS
        """)
    portal.practice("alpha-school-links", title="Alpha school links", municipalities="[gran]",
                    period="{start: 2004}", last_verified="2026-11-01", transfers="[{municipality: mukono}]")
    portal.practice("beta-clinics", title="Beta clinics", municipalities="[ortestad]", status="pilot",
                    period="{start: 2019}", last_verified="2026-06-01")
    portal.practice("gamma-roads", title="Gamma roads", municipalities="[casinovo]",
                    period="{start: 2012}", last_verified="2026-09-15")
    generated = build(portal.root, quiet=True)
    assert generated.ok, "\n".join(str(p) for p in generated.problems)
    with serve_folder(portal.root / "site") as url:
        yield url + "practices/index.html"


@pytest.mark.parametrize("sort, expected", [
    ("newest", ["beta-clinics", "gamma-roads", "alpha-school-links"]),  # by the year it started
    ("title", ["alpha-school-links", "beta-clinics", "gamma-roads"]),
    ("country", ["beta-clinics", "alpha-school-links", "gamma-roads"]),  # Denmark, Norway, Serbia
    ("verified", ["alpha-school-links", "gamma-roads", "beta-clinics"]),  # most recently verified first
])
def test_each_sort_orders_the_cards(browser, small_site, sort, expected):
    page, _ = _open_index(browser, small_site)
    page.get_by_label("Sort by").select_option(sort)
    assert _listed(page) == [f"{pid}.html" for pid in expected]
    assert (f"sort={sort}" in page.url) == (sort != "newest")  # newest is the default
    page.reload()
    assert _listed(page) == [f"{pid}.html" for pid in expected]
    page.close()


@pytest.mark.parametrize("typed, found", [
    ("ortestad", "beta-clinics"), ("Ørtestad", "beta-clinics"), ("casinovo", "gamma-roads"),
    ("CASINOVO roads", "gamma-roads"), ("cašinovo", "gamma-roads"),
    ("гран", "alpha-school-links"), ("Чашиново", "gamma-roads"), ("ортестад", "beta-clinics"),  # Cyrillic letters
])
def test_keyword_ignores_diacritics(browser, small_site, typed, found):
    page, _ = _open_index(browser, small_site)
    _search(page, typed)
    assert _listed(page) == [f"{found}.html"]
    page.close()


def test_cards_show_summary_places_status_and_transfers(browser, small_site):
    page, _ = _open_index(browser, small_site)
    card = page.locator(".portal-card", has=page.get_by_role("link", name="Alpha school links"))
    text = card.inner_text()
    assert "Pupils of two towns write to each other and visit." in text
    assert "Gran · Norway · started 2004" in text  # where it runs: a transfer does not make it Ugandan
    assert "Implemented" in text and "Taken up elsewhere" in text
    others = page.locator(".portal-card", has_not=page.get_by_role("link", name="Alpha school links"))
    assert "Taken up elsewhere" not in " ".join(others.all_inner_texts())
    assert "Pilot" in page.locator(".portal-card", has=page.get_by_role("link", name="Beta clinics")).inner_text()
    page.close()


def test_empty_state_says_what_to_do_and_clears(browser, small_site):
    page, _ = _open_index(browser, small_site)
    _search(page, "casinovo")
    _box(page, "Country", "Denmark").check()
    assert _listed(page) == []
    empty = page.locator(".portal-practices__empty")
    assert empty.is_visible() and "No practice matches" in empty.inner_text()
    assert _status(page) == "0 practices match your search and the filters."
    # Each filter in use has a button that removes just that one.
    page.get_by_role("button", name="Remove the filter Country: Denmark").click()
    assert _listed(page) == ["gamma-roads.html"] and not empty.is_visible()
    _box(page, "Country", "Denmark").check()
    page.get_by_role("button", name="Clear the search and all filters").click()
    assert len(_listed(page)) == 3 and not empty.is_visible()
    assert page.get_by_role("searchbox", name="Search practices").input_value() == ""
    page.go_back()  # clearing is a change like any other
    assert empty.is_visible()
    page.close()
