"""The built site as a reader walks it: every page reachable from home, no broken internal link."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from generator.languages import TRANSLATIONS

HREF = re.compile(r'<a\s[^>]*?href="([^"]+)"')
# Script elements hold code or templates (Pagefind's result layout), not links of the page.
SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
# Files MkDocs or our build adds that no reader is meant to navigate to (each language's site has its own).
NOT_PAGES = {"404.html", *(f"{code}/404.html" for code in TRANSLATIONS)}


def _internal_links(site: Path, page: str) -> set[str]:
    html = SCRIPT.sub("", (site / page).read_text(encoding="utf-8"))
    found = set()
    for href in HREF.findall(html):
        href, _ = urldefrag(href.replace("&amp;", "&"))
        parts = urlsplit(href)
        if not href or parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
        if target.endswith("/") or (site / target).is_dir():
            target = posixpath.join(target, "index.html")
        found.add(target)
    return found


def test_every_page_is_reachable_from_home_and_no_link_is_broken(shipped_site: Path):
    site = shipped_site / "site"
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - NOT_PAGES
    seen, queue, broken = {"index.html"}, ["index.html"], []
    while queue:
        page = queue.pop()
        for target in _internal_links(site, page):
            if not (site / target).exists():
                broken.append(f"{page} -> {target}")
            elif target.endswith(".html") and target not in seen:
                seen.add(target)
                queue.append(target)
    assert broken == []
    assert sorted(pages - seen) == []
