"""Search speed: time from typing to the first result, over five cold runs, and what a query loads.

    python benchmarks/search_speed.py --keep /tmp/weight 10000
    python benchmarks/search_speed.py --keep /tmp/weight --runs 5 --timeline 10000
    python benchmarks/search_speed.py --keep /tmp/weight --shard-pages 5000 10000   # reindex first

Uses the portals benchmarks/page_weight.py keeps (KEEP/portal-N, built on first use). Each run
launches Debian's Chromium with a fresh profile, opens a generated practice page from localhost,
clicks the search box, types a municipality's name without its diacritics and waits until the
first result link is visible (as benchmarks/scale.py measures it). The local server records
every file it sends, the web worker's too, so the bytes of a query are what the server sent
after the page had loaded: raw (as scale.py counts them) and as GitHub Pages would send them
(gzip where smaller). --timeline prints when each of those files was asked for and finished,
counted from the first keystroke. Playwright types the whole query at once, but on a busy machine
the keystrokes themselves take a while: each run also says how long after the last one the first
result came. --shard-pages reindexes the kept site (Pagefind only) in shards
of that many pages first, and prints the indexing's time and peak memory (PSS of Pagefind's
processes and this one's, sampled as benchmarks/scale.py does).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import resource
import shutil
import socketserver
import statistics
import sys
import threading
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS))

from page_weight import PRACTICE_PAGE, QUERY_FILE, kept_portal, served_size  # noqa: E402
from scale import CHROMIUM, TreeMemory  # noqa: E402


class _RecordingHandler(http.server.SimpleHTTPRequestHandler):
    log: list = []  # (asked at, finished at, path, bytes sent) in time.perf_counter() seconds

    def log_message(self, *args) -> None:
        pass

    def handle_one_request(self) -> None:
        asked = time.perf_counter()
        self.bytes_sent = 0
        super().handle_one_request()
        if getattr(self, "path", None):
            self.log.append((asked, time.perf_counter(), self.path.split("?")[0], self.bytes_sent))

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        outputfile.write(data)
        self.bytes_sent = len(data)


@contextlib.contextmanager
def recording_server(folder: Path):
    """Serve a folder on localhost; yields (base URL, the list every request is appended to)."""
    log: list = []
    handler = functools.partial(type("Handler", (_RecordingHandler,), {"log": log}), directory=str(folder))
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/", log
        finally:
            server.shutdown()


# The page's own clock: first keydown to the first result link in the dialog (without Playwright's overhead).
IN_PAGE_CLOCK = """
addEventListener("keydown", () => { window.__lastKey = performance.now(); window.__firstKey = window.__firstKey || window.__lastKey; }, true);
new MutationObserver(() => {
  if (!window.__firstResult && document.querySelector("pagefind-modal .pf-result-link")) window.__firstResult = performance.now();
}).observe(document, {childList: true, subtree: true});
"""


def cold_search(site: Path, query: str) -> dict:
    """One cold run: seconds to the first result, and the files the server sent after the page loaded."""
    from playwright.sync_api import sync_playwright

    with recording_server(site) as (base, log), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context().new_page()
        page.add_init_script(IN_PAGE_CLOCK)
        page.goto(base + PRACTICE_PAGE, wait_until="load")
        page.wait_for_load_state("networkidle")
        loaded = len(log)
        page.locator("pagefind-modal-trigger button").first.click()
        started = time.perf_counter()
        page.keyboard.type(query)
        first = page.locator("pagefind-modal .pf-result-link").first
        first.wait_for(state="visible", timeout=60_000)
        seconds = time.perf_counter() - started
        title = first.inner_text()
        in_page, after_typing = (seconds / 1000 for seconds in page.evaluate(
            "[window.__firstResult - window.__firstKey, window.__firstResult - window.__lastKey]"))
        page.wait_for_timeout(1500)  # what the query goes on loading after its first result counts too
        browser.close()
    query_files = [(asked - started, done - started, path, sent) for asked, done, path, sent in log[loaded:]]
    # As scale.py counts a query: every file of the search (its UI included) that the visit fetched.
    search_files = [sent for *_, path, sent in log if path.startswith(("/pagefind/", "/pagefind-shards/"))]
    return {"seconds": seconds, "in_page": in_page, "after_typing": after_typing, "title": title, "files": query_files, "search_kb": sum(search_files) / 1024,
            "raw_kb": sum(sent for *_, sent in query_files) / 1024,
            "served_kb": sum(served_size(site, path) for _, _, path, _ in query_files) / 1024}


def refresh_search_script(site: Path) -> None:
    """The search script of this repository into a kept site, with its shards (no reindexing)."""
    from generator.search import BUNDLE_DIR, SHARDS_DIR, _write_search_script

    shards = sorted((p.name for p in (site / SHARDS_DIR).iterdir()), key=int) if (site / SHARDS_DIR).exists() else []
    _write_search_script(site / BUNDLE_DIR / "portal-search.js", shards)


def reindex(site: Path, shard_pages: int) -> None:
    """The kept site's search index written again in shards of shard_pages pages; prints what it cost."""
    from generator import search

    for folder in (search.BUNDLE_DIR, search.SHARDS_DIR):
        shutil.rmtree(site / folder, ignore_errors=True)
    search.SHARD_PAGES = shard_pages
    started, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    with TreeMemory() as memory:
        summary = search.index_site(site.parent, site)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"reindexed in shards of {shard_pages} pages: {summary}; {time.perf_counter() - started:.1f} s, "
          f"Pagefind's CPU {children.ru_utime + children.ru_stime - cpu.ru_utime - cpu.ru_stime:.1f} s, "
          f"peak memory {memory.peak_kb / 1024:.0f} MB (PSS, Pagefind and this process)")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", type=int, help="numbers of practices, e.g. 10000")
    parser.add_argument("--keep", type=Path, required=True, help="folder of the kept portals")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeline", action="store_true", help="print each run's files in time order")
    parser.add_argument("--refresh-script", action="store_true",
                        help="write this repository's generator/portal-search.js into the kept site first")
    parser.add_argument("--shard-pages", type=int, help="reindex the kept site in shards of this many pages first")
    parser.add_argument("--index-only", action="store_true", help="with --shard-pages: reindex, measure no search")
    args = parser.parse_args()
    for n in args.sizes:
        root = kept_portal(args.keep, n)
        if args.shard_pages:
            reindex(root / "site", args.shard_pages)
            if args.index_only:
                continue
        if args.refresh_script:
            refresh_search_script(root / "site")
        query = (root / QUERY_FILE).read_text(encoding="utf-8")
        runs = []
        for number in range(args.runs):
            run = cold_search(root / "site", query)
            runs.append(run)
            print(f"N={n} run {number + 1}: first result after {run['seconds']:.2f} s (in the page {run['in_page']:.2f} s, {run['after_typing']:.2f} s after the last key, {run['title']!r}), "
                  f"after the page load {len(run['files'])} files, {run['raw_kb']:.0f} KB raw, {run['served_kb']:.0f} KB as served; "
                  f"search files of the visit {run['search_kb']:.0f} KB raw")
            if args.timeline:
                for asked, done, path, sent in sorted(run["files"]):
                    print(f"    {asked:6.3f} -> {done:6.3f} s  {sent / 1024:7.1f} KB  {path}")
            sys.stdout.flush()
        seconds = [run["seconds"] for run in runs]
        print(f"N={n} '{query}': median {statistics.median(seconds):.2f} s, worst {max(seconds):.2f} s "
              f"over {len(runs)} cold runs (after the last key: median "
              f"{statistics.median(r['after_typing'] for r in runs):.2f} s); per query {statistics.median(r['raw_kb'] for r in runs):.0f} KB raw, "
              f"{statistics.median(r['served_kb'] for r in runs):.0f} KB as served, all search files of the visit "
              f"{statistics.median(r['search_kb'] for r in runs):.0f} KB raw (medians)")


if __name__ == "__main__":
    main()
