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

Each language site (site/L/, every page `<html lang="L">`) has an index of its own in
site/L/pagefind/ (and site/L/pagefind-shards/), built from its pages alone, so a page loads the
index of its site whatever the path the site is served under. In L, portal-search.js also merges
the English index, for the records that L does not hold, and leaves out the English pages that L
has: their fragment ids in the English index (read back from its fragments, which name their
page) are listed in L's script, which drops those results. (A Pagefind filter would do it in the
index, but Pagefind 1.5 writes a filter's values in no fixed order, so two builds would differ.)
"""

from __future__ import annotations

import gzip
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .languages import ORIGINAL, TRANSLATIONS
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
# In a language site: where the English site is from its root, and its extra shards.
ORIGINAL_PLACEHOLDER = "/* ORIGINAL */null"
FRAGMENT_SIGNATURE = b"pagefind_dcd"  # what Pagefind puts before a file's data, inside the gzip


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
    pages = re.search(r"Indexed (\d+) pages?\b", result.stdout)
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


def fragment_pages(bundle: Path) -> dict[str, str]:
    """A Pagefind bundle's pages by fragment id ("en_1a2b3c4"): a result's `id` in the browser."""
    pages = {}
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        url = json.loads(data.removeprefix(FRAGMENT_SIGNATURE))["url"]
        pages[fragment.name.removesuffix(".pf_fragment")] = url.lstrip("/")
    return pages


def _write_search_script(target: Path, shards: list[str], language: str = ORIGINAL,
                         original: dict | None = None) -> None:
    script = SEARCH_SCRIPT.read_text(encoding="utf-8")
    for marker in (SHARDS_PLACEHOLDER, ORIGINAL_PLACEHOLDER):
        if marker not in script:
            raise SearchIndexError(f"{SEARCH_SCRIPT} lost its {marker} marker")
    script = script.replace(SHARDS_PLACEHOLDER, json.dumps(shards))
    script = script.replace(ORIGINAL_PLACEHOLDER, json.dumps(original))
    # The dialog's words in the site's language, first in the same file (one request less than a
    # messages file of its own); in English there are none and the script keeps its own words.
    from .render.i18n import script_messages

    target.write_text((script_messages("portal-search", language) or "") + script, encoding="utf-8")


def indexed_pages(site_dir: Path) -> list[str]:
    """The pages worth finding, as paths in the site: every page but the briefs and printable plans,
    and but the language sites inside it (site/L/, indexed on their own)."""
    # os.walk, pruned at the folders left out: `portal serve` lists them in a background thread, and a
    # walk into the 10,000 briefs' folders held the interpreter long enough to slow the save in front of it.
    left_out = {folder.rstrip("/") for folder in NOT_INDEXED} | set(TRANSLATIONS)
    pages = []
    for folder, subfolders, files in os.walk(site_dir):
        relative = os.path.relpath(folder, site_dir).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        if not prefix:
            subfolders[:] = [name for name in subfolders if name not in left_out]
        pages.extend(prefix + name for name in files if name.endswith(".html"))
    return sorted(pages)


def language_sites(site_dir: Path) -> list[str]:
    """The languages whose site was built into site_dir/L/."""
    return [code for code in TRANSLATIONS if (Path(site_dir) / code / "index.html").is_file()]


def _index_pages(site_dir: Path, pages: list[str], scratch: Path) -> tuple[int, list[str]]:
    """site_dir/pagefind/ from these pages of the site, and shards if they are many: (pages indexed, shard names)."""
    count = max(1, math.ceil(len(pages) / SHARD_PAGES))
    indexed = 0
    # Pagefind reads a copy of just those pages, so it never parses the briefs (one per record).
    # Round robin over sorted paths: every shard gets a similar mix of sections.
    for number in range(count):
        shard_site = scratch / str(number)
        _linked_copy(site_dir, pages[number::count], shard_site)
        output = site_dir / (BUNDLE_DIR if number == 0 else f"{SHARDS_DIR}/{number}")
        indexed += _run(shard_site, output)
        shutil.rmtree(shard_site)
    return indexed, [str(n) for n in range(1, count)]


def index_site(root: Path, site_dir: Path, generated: object = None) -> str:
    """Post-build step: write site_dir/pagefind/ (index and search UI), and shards if the site is large;
    the same in each language site site_dir/L/, whose search also finds the English pages L has not."""
    site_dir = Path(site_dir)
    pages = indexed_pages(site_dir)
    languages = {code: indexed_pages(site_dir / code) for code in language_sites(site_dir)}
    with tempfile.TemporaryDirectory(dir=site_dir.parent, prefix=".pagefind-") as scratch:
        indexed, shards = _index_pages(site_dir, pages, Path(scratch))
        _write_search_script(site_dir / BUNDLE_DIR / "portal-search.js", shards)
        english = {}  # fragment id -> page, over the English index and its shards
        for bundle in [BUNDLE_DIR] + [f"{SHARDS_DIR}/{name}" for name in shards]:
            english.update(fragment_pages(site_dir / bundle))
        in_languages = []
        for code, language_pages in languages.items():
            if not language_pages:
                continue
            count, own_shards = _index_pages(site_dir / code, language_pages, Path(scratch))
            held = set(language_pages)
            # The English site is one folder up from the language site's root (site/L/ in site/).
            _write_search_script(site_dir / code / BUNDLE_DIR / "portal-search.js", own_shards, code,
                                 {"language": code, "root": "../", "shards": shards,
                                  "held": sorted(fragment for fragment, page in english.items() if page in held)})
            in_languages.append(f"{code} {count}")
    return (f"{indexed} pages indexed" + (f" in {len(shards) + 1} shards" if shards else "")
            + (f"; in {', '.join(in_languages)}" if in_languages else ""))


if __name__ == "__main__":  # after `zensical build`: python -m generator.search site
    print(index_site(Path("."), Path(sys.argv[1] if len(sys.argv) > 1 else "site")))
