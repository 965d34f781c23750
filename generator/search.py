"""Site search: a Pagefind index of the finished site, built after MkDocs.

Pagefind (https://pagefind.app) splits the index into small chunks, so a query
loads a few hundred kilobytes whatever the size of the site, where Material's
own search ships one JSON file with every page's text. It runs on the HTML, so
it works the same after `zensical build`: `python -m pagefind --site site`.
It folds diacritics by default, so "Solvesborg" finds "Sölvesborg".
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BUNDLE_DIR = "pagefind"
# Heading anchors (¶) and edit links are page chrome, not content worth finding.
EXCLUDE_SELECTORS = ".headerlink, .portal-edit, [data-pagefind-ignore]"


class SearchIndexError(Exception):
    pass


def pagefind_command(site_dir: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
            "--exclude-selectors", EXCLUDE_SELECTORS, "--keep-index-url"]


def index_site(root: Path, site_dir: Path, generated: object = None) -> str:
    """Post-build step: write site_dir/pagefind/ (index and search UI)."""
    result = subprocess.run(pagefind_command(site_dir), capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed:\n{result.stdout}\n{result.stderr}")
    pages = re.search(r"Indexed (\d+) pages", result.stdout)
    return f"{pages.group(1)} pages indexed" if pages else "search index written"
