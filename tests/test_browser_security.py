"""The site's Content-Security-Policy holds, and a page load asks no host but the site's own."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile));
"""


def main_pages(site: Path) -> list[str]:
    """Home, the indexes and one page of each kind of record (the first of each folder)."""
    pages = ["index.html", "practices/index.html", "networks/index.html", "municipalities/index.html",
             "reference/fields.html", "data/index.html"]
    for folder in ("practices", "networks", "results", "municipalities", "organisations", "templates", "guides"):
        records = sorted(p for p in (site / folder).glob("*.html") if p.name != "index.html")
        if records:
            pages.append(records[0].relative_to(site).as_posix())
    if (site / "templates/index.html").exists():
        pages.append("templates/index.html")
    return pages


def test_every_page_carries_the_policy_and_no_inline_script(shipped_site: Path) -> None:
    site = shipped_site / "site"
    for path in sorted(site.rglob("*.html")):
        tree = lxml_html.fromstring(path.read_bytes())
        policy = tree.xpath("//head/meta[@http-equiv='Content-Security-Policy']/@content")
        name = path.relative_to(site).as_posix()
        assert policy and "script-src 'self'" in policy[0] and "'unsafe-inline'" not in policy[0].split(
            "script-src")[1].split(";")[0], name
        first_script = tree.xpath("(//head/script)[1]")
        meta = tree.xpath("//head/meta[@http-equiv='Content-Security-Policy']")[0]
        assert not first_script or meta.getparent().index(meta) < first_script[0].getparent().index(
            first_script[0]), f"{name}: the policy must come before the first script"
        inline = [s for s in tree.iter("script") if not s.get("src") and s.get("type") != "application/json"]
        assert not inline, f"{name}: inline script {(inline[0].text or '')[:60]!r}"


@pytest.fixture
def watched_page(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page, requests, problems
    context.close()


def _foreign(requests: list[str]) -> list[str]:
    return [url for url in requests
            if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"]


def test_main_pages_load_without_policy_violations_or_foreign_requests(shipped_site, site_url, watched_page) -> None:
    page, requests, problems = watched_page
    for path in main_pages(shipped_site / "site"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__cspViolations") == [], path
        assert page.evaluate("typeof __md_get") == "function", f"{path}: the theme's script did not run"
    assert len(requests) > 20
    assert _foreign(requests) == []
    assert problems == []


def test_search_still_works_under_the_policy(site_url, watched_page) -> None:
    # Pagefind fetches its index and runs WebAssembly: both must be allowed, nothing else.
    page, requests, problems = watched_page
    page.goto(site_url + "index.html")
    page.locator("pagefind-modal-trigger").click()
    page.keyboard.type("Gran")
    page.get_by_text("Gran – Mukono – Lugazi municipal partnership").first.wait_for(timeout=15000)
    assert page.evaluate("window.__cspViolations") == []
    assert _foreign(requests) == []
    assert problems == []
