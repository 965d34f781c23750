"""Page weight: a practice page's first visit loads the same files whether the portal is small or large,
and nothing from another host (benchmarks/page_weight.py measures the bytes at 100 to 10,000 practices)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import copy_portal, serve_folder

PRACTICE = "practices/solvesborg-international-communication-plan.html"
EXTRA_PRACTICES = 150


@pytest.fixture(scope="module")
def grown_site(tmp_path_factory) -> Path:
    """The shipped portal with EXTRA_PRACTICES more practices (copies of the shipped ones), built."""
    from generator.build import build

    root = copy_portal(tmp_path_factory.mktemp("grown"))
    shipped = sorted(p for p in (root / "practices").glob("*.md")
                     if p.stem != Path(PRACTICE).stem and "." not in p.stem)  # not <id>.<lang>.md translations
    for number in range(EXTRA_PRACTICES):
        source = shipped[number % len(shipped)]
        text = re.sub(r"^title: (.*)$", rf"title: \1 (copy {number})", source.read_text(encoding="utf-8"),
                      count=1, flags=re.MULTILINE)
        (root / "practices" / f"copy-{number:03d}-{source.name}").write_text(text, encoding="utf-8")
    generated = build(root, quiet=True)
    assert generated.ok, "\n".join(str(p) for p in generated.problems[:10])
    return root / "site"


def _first_visit(browser, site: Path) -> tuple[dict[str, int], list[str]]:
    """Files of the site a fresh visit to PRACTICE requests, with their sizes; and every other URL it asks for."""
    with serve_folder(site) as base:
        context = browser.new_context()  # nothing cached
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(base + PRACTICE, wait_until="load")  # every script of the page, those it adds too
        page.wait_for_load_state("networkidle")  # and what they fetch
        context.close()
    own = [unquote(urlsplit(url).path).lstrip("/") for url in requested if url.startswith(base)]
    return {path: (site / path).stat().st_size for path in own}, [u for u in requested if not u.startswith(base)]


def test_a_practice_page_loads_nothing_that_grows_with_the_portal(browser, shipped_site, grown_site):
    small, _ = _first_visit(browser, shipped_site / "site")
    large, _ = _first_visit(browser, grown_site)
    # Material's language selector used to fetch the sitemap (one line per page) because of the feed link.
    assert not [path for path in large if path.endswith("sitemap.xml")], sorted(large)
    assert sorted(large) == sorted(small)
    grown = {path: (small[path], large[path]) for path in small if large[path] > small[path] * 1.05 + 512}
    assert not grown, f"files that grew with {EXTRA_PRACTICES} more practices (bytes before, after): {grown}"


def test_a_practice_page_asks_no_other_host_even_when_search_starts(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + PRACTICE, wait_until="networkidle")
    page.locator("pagefind-modal-trigger button").first.hover()  # starts loading the search index
    page.wait_for_load_state("networkidle")
    context.close()
    assert requested and [url for url in requested if not url.startswith((site_url, "data:"))] == []


def test_the_feed_stays_discoverable(shipped_site):
    html = (shipped_site / "site" / PRACTICE).read_text(encoding="utf-8")
    link = re.search(r'<link rel="([^"]*)" type="application/atom\+xml"[^>]*href="([^"]+)"', html)
    assert link and link.group(1).split() == ["alternate"], "feed readers look for rel=alternate"
    assert (shipped_site / "site" / PRACTICE).parent.joinpath(link.group(2)).resolve().is_file()
