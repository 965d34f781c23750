"""One-page briefs benchmark: what a brief's PDF costs with fpdf2 against printing its page in Chromium.

    python benchmarks/briefs.py                  # the shipped briefs, then 10,000 briefs with fpdf2
    python benchmarks/briefs.py --briefs 1000
    python benchmarks/briefs.py --chromium       # also print the shipped brief pages with headless Chromium

Part 1 makes each shipped brief (every practice and results file) and prints its CPU time to
assemble (texts cut, charts, QR code) and to write its PDF with fpdf2, and the PDF's size.
Part 2 makes N briefs by going round the shipped ones (the same texts and charts, so the same
work per brief as a portal of N records like these) in one process and prints the total CPU
time: the share a build of N practices spends on briefs, before it is split over the cores.
With --chromium, the shipped site is built in a scratch folder and each brief page is printed
with page.pdf() in one headless Chromium: wall time per page (Chromium's work is in other processes).

Times are CPU seconds of this process (time.process_time) where the work is ours, as the build
machine is shared; Chromium's is wall time.

Measured on 1 December 2026 (2 CPUs shared with other builds, Python 3.11, fpdf2 2.8.9, segno 1.6.6,
Debian's Chromium): 34 shipped briefs, 18 ms CPU to assemble one; its PDF with fpdf2 108 ms (260 ms
at most), 29 kB; 300 briefs 105 ms each, so about 1,050 s of CPU at 10,000; Chromium's page.pdf
399 ms a page (wall), about 66 minutes at 10,000. Hence PDFs only for results files and practices
with key figures (generator/render/briefs.py, has_pdf); every brief prints from its page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))


def _renderer():
    from generator.build import check, render_options
    from generator.render import Renderer

    catalog, problems = check(REPO)
    assert catalog is not None, problems
    return Renderer(catalog, render_options(REPO))


def _records(r) -> list[tuple[str, str, object]]:
    return ([("practice", pid, rec) for pid, rec in sorted(r.catalog.practices.items())]
            + [("results", rid, rec) for rid, rec in sorted(r.catalog.results.items())])


def _make(r, kind: str, record_id: str, record):
    from generator.render import briefs

    return (briefs.practice_brief if kind == "practice" else briefs.results_brief)(r, record_id, record)


def shipped(r) -> None:
    from generator.render.brief_pdf import brief_pdf

    _make(r, *_records(r)[0])  # fonts, outlines and templates loaded once, as in a build
    brief_pdf(_make(r, *_records(r)[0]))
    assemble, write, sizes = [], [], []
    for kind, record_id, record in _records(r):
        started = time.process_time()
        brief = _make(r, kind, record_id, record)
        assemble.append(time.process_time() - started)
        started = time.process_time()
        sizes.append(len(brief_pdf(brief)))
        write.append(time.process_time() - started)
    print(f"shipped briefs: {len(sizes)}")
    print(f"  assemble (texts, charts, QR): median {1000 * statistics.median(assemble):.2f} ms, "
          f"max {1000 * max(assemble):.2f} ms CPU")
    print(f"  PDF with fpdf2:               median {1000 * statistics.median(write):.2f} ms, "
          f"max {1000 * max(write):.2f} ms CPU; median {statistics.median(sizes) / 1000:.0f} kB, "
          f"max {max(sizes) / 1000:.0f} kB")


def at_scale(r, count: int) -> None:
    from generator.render.brief_pdf import brief_pdf

    records = _records(r)
    started = time.process_time()
    total = 0
    for n in range(count):
        total += len(brief_pdf(_make(r, *records[n % len(records)])))
    seconds = time.process_time() - started
    print(f"{count:,} briefs with fpdf2: {seconds:.1f} s CPU ({1000 * seconds / count:.2f} ms a brief), "
          f"{total / 1e6:.0f} MB of PDF; at 10,000: about {10_000 * seconds / count:.0f} s CPU")


def chromium() -> None:
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, copy_portal, serve_folder
    from generator.build import build

    with tempfile.TemporaryDirectory() as scratch:
        root = copy_portal(Path(scratch))
        assert build(root, quiet=True).ok
        pages = sorted(p.relative_to(root / "site").as_posix()[:-5] for p in (root / "site" / "briefs").rglob("*.html"))
        with serve_folder(root / "site") as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            times = []
            for path in pages:
                started = time.perf_counter()
                page.goto(f"{url}{path}.html")
                page.pdf(format="A4", prefer_css_page_size=True)
                times.append(time.perf_counter() - started)
            browser.close()
    median = statistics.median(times)
    print(f"Chromium page.pdf of {len(times)} brief pages: median {1000 * median:.0f} ms, max {1000 * max(times):.0f} ms "
          f"wall a page; at 10,000: about {10_000 * median / 60:.0f} min")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefs", type=int, default=10_000, help="briefs for part 2 (0: skip)")
    parser.add_argument("--chromium", action="store_true", help="also print the shipped brief pages in Chromium")
    args = parser.parse_args()
    r = _renderer()
    shipped(r)
    if args.briefs:
        at_scale(r, args.briefs)
    if args.chromium:
        chromium()


if __name__ == "__main__":
    main()
