"""Page weight: the bytes a first visit to a practice page transfers, at several portal sizes.

    python benchmarks/page_weight.py --keep /tmp/weight 100 1000 10000
    python benchmarks/page_weight.py --keep /tmp/weight --rebuild-site 10000   # after a theme change

Each portal is generated and built once into KEEP/portal-N (benchmarks/scale.py's generate_portal
and build) and reused by later runs; --rebuild-site copies this repository's mkdocs.yml and
overrides/ into it again and reruns MkDocs and Pagefind (the generated Markdown stays).

A fresh headless Chromium profile opens a generated practice page from localhost and waits until
the network is idle; every request is recorded. Each file served is counted as GitHub Pages sends
it: gzip-compressed (level 6), or as it is when gzip does not make it smaller (images, fonts and
Pagefind's files, which are compressed already). benchmarks/search_speed.py reuses these portals.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
sys.path.insert(0, str(BENCHMARKS))
sys.path.insert(0, str(REPO / "tests"))

from scale import CHROMIUM, FOLD, _build_timed, generate_portal  # noqa: E402

PRACTICE_PAGE = "practices/bench-practice-00000.html"
QUERY_FILE = "benchmark-query.txt"  # the municipality name generate_portal chose for searching


def kept_portal(keep: Path, n: int, rebuild_site: bool = False) -> Path:
    """KEEP/portal-N built once (generation, MkDocs, Pagefind); returns its folder."""
    root = keep / f"portal-{n}"
    if not (root / "site" / PRACTICE_PAGE).exists():
        if root.exists():
            shutil.rmtree(root)  # a build that did not finish
        root.mkdir(parents=True)
        name = generate_portal(root, n)
        (root / QUERY_FILE).write_text(name.translate(FOLD), encoding="utf-8")
        _build_timed(root)
    elif rebuild_site:
        rebuild_theme(root)
    return root


def rebuild_theme(root: Path) -> None:
    """This repository's theme files into the kept portal, then MkDocs and Pagefind again."""
    from generator.build import SITE_DIR, run_mkdocs
    from generator.search import index_site

    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.rmtree(root / "overrides")
    shutil.copytree(REPO / "overrides", root / "overrides")
    shutil.rmtree(root / SITE_DIR)
    run_mkdocs(root, root / SITE_DIR, quiet=True)
    index_site(root, root / SITE_DIR)


def served_size(site: Path, path: str) -> int:
    """Bytes GitHub Pages would send for this file: gzip (level 6) where that is smaller."""
    file = site / unquote(path.lstrip("/"))
    if file.is_dir():
        file = file / "index.html"
    data = file.read_bytes()
    return min(len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))


def first_visit(site: Path, page_path: str = PRACTICE_PAGE) -> dict:
    """Every request of a cold first visit: {'files': {path: served bytes}, 'other_hosts': [urls], 'failed': [urls]}."""
    from conftest import serve_folder
    from playwright.sync_api import sync_playwright

    requested: list[str] = []
    failed: list[str] = []
    with serve_folder(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context().new_page()  # a fresh profile: nothing cached
        page.on("request", lambda request: requested.append(request.url))
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.goto(base + page_path, wait_until="load")  # every script of the page, those it adds too
        page.wait_for_load_state("networkidle")  # and what they fetch
        browser.close()
    origin = urlsplit(base).netloc
    own = [urlsplit(url) for url in requested if urlsplit(url).netloc == origin]
    files = {part.path: served_size(site, part.path) for part in own}
    others = [url for url in requested if urlsplit(url).netloc != origin and not url.startswith("data:")]
    return {"files": files, "other_hosts": others, "failed": failed}


def report(n: int, visit: dict, baseline: int | None) -> int:
    total = sum(visit["files"].values())
    versus = f"  ({total / baseline - 1:+.1%} against the first size)" if baseline else ""
    print(f"N={n}: {len(visit['files'])} requests, {total / 1024:.1f} KB as served{versus}")
    for path, size in sorted(visit["files"].items(), key=lambda item: -item[1]):
        print(f"  {size / 1024:8.1f} KB  {path}")
    for url in visit["other_hosts"]:
        print(f"  another host: {url}")
    for url in visit["failed"]:
        print(f"  failed: {url}")
    sys.stdout.flush()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", type=int, help="numbers of practices, e.g. 100 1000 10000")
    parser.add_argument("--keep", type=Path, required=True, help="folder for the built portals, reused between runs")
    parser.add_argument("--rebuild-site", action="store_true",
                        help="copy mkdocs.yml and overrides/ in again and rerun MkDocs and Pagefind")
    args = parser.parse_args()
    baseline = None
    for n in args.sizes:
        root = kept_portal(args.keep, n, args.rebuild_site)
        total = report(n, first_visit(root / "site"), baseline)
        baseline = baseline or total


if __name__ == "__main__":
    main()
