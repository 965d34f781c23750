"""One page of every kind the portal makes, for the checks that must hold on all of them
(accessibility, page width, keyboard use)."""

from __future__ import annotations

from pathlib import Path

# Pages that exist once: the home page, the indexes, the generated reference pages. Not 404.html:
# its links start from the published site's path, which the tests' local server does not have.
SINGLE_PAGES = ["index.html", "practices/index.html", "networks/index.html", "results/index.html",
                "municipalities/index.html", "organisations/index.html", "countries/index.html",
                "themes/index.html", "templates/index.html", "guides/index.html", "reference/fields.html",
                "data/index.html", "accessibility.html", "reference/choices.html",
                "contribute/index.html", "propose/index.html", "caf/index.html"]
# Folders of records: one page each, the one with the largest file (the most content to lay out).
RECORD_FOLDERS = ["practices", "networks", "results", "municipalities", "organisations", "countries",
                  "themes", "templates", "guides", "plans", "portfolios"]
# Standalone documents that are no MkDocs page, one folder each (briefs/practices/<id>/index.html).
DOCUMENT_FOLDERS = ["briefs/practices", "briefs/results"]


def every_page_kind(site: Path) -> list[str]:
    pages = [page for page in SINGLE_PAGES if (site / page).exists()]
    for folder in RECORD_FOLDERS:
        records = [p for p in (site / folder).glob("*.html") if p.name != "index.html"]
        if records:
            largest = max(records, key=lambda p: (p.stat().st_size, p.name))
            pages.append(largest.relative_to(site).as_posix())
    for folder in DOCUMENT_FOLDERS:
        documents = list((site / folder).glob("*/index.html"))
        if documents:
            largest = max(documents, key=lambda p: (p.stat().st_size, p.parent.name))
            pages.append(largest.relative_to(site).as_posix())
    return pages
