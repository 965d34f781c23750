"""The Contribute tab's first page, contribute/index.md: the contributors' guide on every portal.

With navigation.indexes, a tab opens on the first index.md of its section, so the guide has to be
an index page of its own (guides/contributing.md would leave the tab on the open data page). Where
content/contributing.md exists, this page carries it, rendered as the guides step renders it; where
it does not (a new or test portal), a short generated guide: the ways to share a practice and the
references. The nav entry to it therefore never points at a missing page.
"""

from __future__ import annotations

from . import Renderer, safe, step
from .languages import guide_in_language

GUIDE_SOURCE = "contributing.md"  # in content/
CONTRIBUTE_PAGE = "contribute/index.md"


def _title_and_body(text: str) -> tuple[str, str]:
    """A guide's '# Title' line and the rest, as the guides step splits them."""
    lines = text.splitlines()
    if lines and lines[0].startswith("# "):
        return lines[0][2:].strip(), "\n".join(lines[1:])
    return "How to contribute", text


@step
def contribute(r: Renderer) -> None:
    guide = next((page for page in r.catalog.pages if page.path == GUIDE_SOURCE), None)
    if guide is None:
        repo = safe.md_url((r.options.repo_url or "").rstrip("/"), relative=False)
        r.page(CONTRIBUTE_PAGE, "contribute.md.j2", repo=repo)
        return
    shown, notice, mark = guide_in_language(r, guide, CONTRIBUTE_PAGE)  # its translation, or English with a notice
    title, body = _title_and_body(shown.text)
    r.page(CONTRIBUTE_PAGE, "guide.md.j2", notice=notice, title=title, body=mark(body), source=f"content/{shown.path}")
    # The guide's pictures, beside this copy too: their relative addresses start from the page's folder.
    for relative, data in sorted(r.catalog.assets.items()):
        if relative in guide.text:
            r.output.add(f"contribute/{relative}", data)
