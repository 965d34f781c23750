"""WCAG 2.1 AA: every kind of page has no serious or critical axe-core violations in Chromium, and
the accessibility statement is linked from every page.

axe-core comes from npm (tests/js, installed by scripts/test), never from a CDN.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from page_kinds import every_page_kind

AXE = Path(__file__).resolve().parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  // axe's default rule set: WCAG 2.0/2.1 A and AA and best practices, without experimental rules.
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}"""


@pytest.fixture(scope="module")
def axe_page(browser):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run scripts/test (npm ci --prefix tests/js)")
    # The site's CSP forbids inline scripts, which is how Playwright injects axe.
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def _violations(page, url: str) -> list[dict]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in ("serious", "critical")]


def test_every_kind_of_page_has_no_serious_or_critical_violations(shipped_site, site_url, axe_page) -> None:
    found = {}
    for path in every_page_kind(shipped_site / "site"):
        violations = _violations(axe_page, site_url + path)
        if violations:
            found[path] = violations
    assert not found, "\n".join(
        f"{path}: [{v['impact']}] {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"])
        for path, violations in found.items() for v in violations)


def test_axe_does_find_a_violation(site_url, axe_page) -> None:
    # Guards against a check that cannot fail (axe not running, wrong filter).
    axe_page.goto(site_url + "index.html")
    axe_page.evaluate("""() => {
      const img = document.createElement("img"); img.src = "missing.png";
      document.querySelector("article").appendChild(img);
    }""")
    axe_page.add_script_tag(path=str(AXE))
    assert any(v["id"] == "image-alt" for v in axe_page.evaluate(RUN_AXE))


def test_every_page_links_the_accessibility_statement_with_a_way_to_report_a_problem(shipped_site) -> None:
    site = shipped_site / "site"
    for path in every_page_kind(site):
        html = (site / path).read_text(encoding="utf-8")
        assert f'href="{"../" * path.count("/")}accessibility.html"' in html, path
    # 404.html is served at any depth, so its links start from the site's root.
    assert 'href="/good-practice-portal/accessibility.html"' in (site / "404.html").read_text(encoding="utf-8")
    statement = (site / "accessibility.html").read_text(encoding="utf-8")
    assert "WCAG 2.1" in statement and "EN 301 549" in statement
    assert "/issues/new?title=Accessibility+problem" in statement  # the report link, from repo_url
