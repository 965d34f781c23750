"""Site search: a Pagefind index of the finished site, built after MkDocs.

Pagefind (https://pagefind.app) splits the index into small chunks, so a query
loads a few hundred kilobytes whatever the size of the site, where Material's
own search ships one JSON file with every page's text. It runs on the HTML, so
it works the same after `zensical build`: `python -m pagefind --site site`.
It folds diacritics by default, so "Solvesborg" finds "Sölvesborg".

Pagefind holds the whole index in memory while it builds it (about 200 kB per
page: 340 MB for 1,500 pages, 470 MB for 2,200), so large sites are indexed in
shards of SHARD_PAGES pages, one Pagefind run each; the browser merges them
(pagefind/portal-search.js, which loads the search UI). Every shard adds its
entry file, metadata and an index chunk to each query, so shards are as large
as memory allows: at 10,000 practices the build process itself holds about
940 MB while Pagefind runs, and 2,200 pages keep the whole under 1.5 GB
(benchmarks/search_speed.py --shard-pages measures it).
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .lifetime import python_module_command

BUNDLE_DIR = "pagefind"
SHARDS_DIR = "pagefind-shards"
SHARD_PAGES = 2200
# Pages that carry no data-pagefind-body (overrides/main.html; the briefs are our own documents):
# they are left out before Pagefind reads the site and before the pages are counted into shards,
# or they would double the shards (one brief per record), and every shard adds files to every query.
NOT_INDEXED = ("briefs/", "plans/")
# Heading anchors (¶) and edit links are page chrome, not content worth finding.
EXCLUDE_SELECTORS = ".headerlink, .portal-edit, [data-pagefind-ignore]"

# The header's search script (loads Pagefind's UI, or from disk says how to serve the site),
# written into the bundle with the list of extra shards filled in.
SEARCH_SCRIPT = Path(__file__).with_name("portal-search.js")
SHARDS_PLACEHOLDER = "/* SHARDS */[]"


class SearchIndexError(Exception):
    pass


def pagefind_command(site_dir: Path, output: Path) -> list[str]:
    # Pagefind dies with the build even if the build is killed outright (generator/lifetime.py).
    return python_module_command("pagefind", "--site", str(site_dir), "--output-path", str(output),
                                 "--exclude-selectors", EXCLUDE_SELECTORS, "--keep-index-url")


def _run(site_dir: Path, output: Path) -> int:
    # On an exception while waiting (Ctrl-C, SIGTERM as Terminated) subprocess.run kills Pagefind.
    result = subprocess.run(pagefind_command(site_dir, output), capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed:\n{result.stdout}\n{result.stderr}")
    pages = re.search(r"Indexed (\d+) pages", result.stdout)
    return int(pages.group(1)) if pages else 0


def _linked_copy(site_dir: Path, pages: list[str], target: Path) -> None:
    """A folder with just these pages at their paths (hard links: no copying where possible)."""
    for relative in pages:
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / relative, destination)
        except OSError:
            shutil.copy2(site_dir / relative, destination)


def _write_search_script(target: Path, shards: list[str]) -> None:
    script = SEARCH_SCRIPT.read_text(encoding="utf-8")
    if SHARDS_PLACEHOLDER not in script:
        raise SearchIndexError(f"{SEARCH_SCRIPT} lost its {SHARDS_PLACEHOLDER} marker")
    target.write_text(script.replace(SHARDS_PLACEHOLDER, json.dumps(shards)), encoding="utf-8")


def indexed_pages(site_dir: Path) -> list[str]:
    """The pages worth finding, as paths in the site: every page but the briefs and printable plans."""
    return sorted(path for path in (p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))
                  if not path.startswith(NOT_INDEXED))


def index_site(root: Path, site_dir: Path, generated: object = None) -> str:
    """Post-build step: write site_dir/pagefind/ (index and search UI), and shards if the site is large."""
    site_dir = Path(site_dir)
    pages = indexed_pages(site_dir)
    count = max(1, math.ceil(len(pages) / SHARD_PAGES))
    indexed = 0
    # Pagefind reads a copy of just those pages, so it never parses the briefs (one per record).
    # Round robin over sorted paths: every shard gets a similar mix of sections.
    with tempfile.TemporaryDirectory(dir=site_dir.parent, prefix=".pagefind-") as scratch:
        for number in range(count):
            shard_site = Path(scratch) / str(number)
            _linked_copy(site_dir, pages[number::count], shard_site)
            output = site_dir / (BUNDLE_DIR if number == 0 else f"{SHARDS_DIR}/{number}")
            indexed += _run(shard_site, output)
            shutil.rmtree(shard_site)
    _write_search_script(site_dir / BUNDLE_DIR / "portal-search.js", [str(n) for n in range(1, count)])
    return f"{indexed} pages indexed" + (f" in {count} shards" if count > 1 else "")


if __name__ == "__main__":  # after `zensical build`: python -m generator.search site
    print(index_site(Path("."), Path(sys.argv[1] if len(sys.argv) > 1 else "site")))
