"""Pages about the portal itself: the accessibility statement that the Web Accessibility Directive
(EU) 2016/2102 asks of public-sector sites, with a way to report a problem."""

from __future__ import annotations

from urllib.parse import urlencode

from . import Renderer, step

ACCESSIBILITY_PAGE = "accessibility.md"


@step
def accessibility(r: Renderer) -> None:
    r.page(ACCESSIBILITY_PAGE, "accessibility.md.j2", report_url=_report_url(r.options.repo_url),
           editors_email=r.options.editors_email, site_name=r.options.site_name)


def _report_url(repo_url: str | None) -> str | None:
    """A new issue on the portal's repository, titled and labelled so that maintainers see it."""
    if not repo_url or not repo_url.startswith("https://github.com/"):
        return None
    query = urlencode({"title": "Accessibility problem: ", "labels": "accessibility"})
    return f"{repo_url.rstrip('/')}/issues/new?{query}"
