"""Practice index at scale: data size per practice, and how fast the page filters, in Chromium.

    python benchmarks/practice_index.py            # 10,000 practices
    python benchmarks/practice_index.py 1000 10000

For each N: a scratch portal from benchmarks/scale.py (generated municipalities with diacritics),
loaded, validated and linked, then only the practice index is rendered and the shipped practice
index page is built once around it (no N practice pages: the index page reads only its data).
Prints the data script's size (total and per practice, raw and gzipped as GitHub Pages serves
it) and, from Chromium: first cards after navigation, one tick of a country, one typed keystroke,
and a change of sort, each the median of five.
"""

from __future__ import annotations

import gzip
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "tests"))  # copy_portal

CHROMIUM = "/usr/bin/chromium"
# Time from a change to the page showing its result; the page updates synchronously in the handler.
MEASURE = """async ([action, value]) => {
  const status = document.querySelector('.portal-practices__status');
  const started = performance.now();
  if (action === 'tick') { const box = document.querySelector('input[name=country]'); box.click(); }
  if (action === 'type') { const input = document.querySelector('.portal-practices__keyword');
    input.value += value; input.dispatchEvent(new Event('input')); }
  if (action === 'sort') { const select = document.querySelector('#portal-practices-sort');
    select.value = value; select.dispatchEvent(new Event('change')); }
  await new Promise(requestAnimationFrame);
  return [performance.now() - started, status.textContent];
}"""


def index_data(n: int, work: Path) -> tuple[bytes, int]:
    from scale import generate_portal

    from generator.catalog import link
    from generator.load import load
    from generator.render.facets import practice_index, practice_index_script
    from generator.validate import validate

    root = work / f"portal-{n}"
    root.mkdir()
    generate_portal(root, n)
    catalog, _problems = link(validate(load(root)))
    started, cpu = time.perf_counter(), time.process_time()
    script = practice_index_script(practice_index(catalog)).encode("utf-8")
    # CPU time too: on a shared machine the wall clock says more about the neighbours than about the code.
    print(f"  index data computed in {time.perf_counter() - started:.2f} s ({time.process_time() - cpu:.2f} s of CPU) "
          f"for {len(catalog.practices)} practices")
    return script, len(catalog.practices)


def shipped_site(work: Path) -> Path:
    from conftest import copy_portal

    from generator.build import build

    root = copy_portal(work / "shipped")
    generated = build(root, quiet=True)
    assert generated.ok, generated.problems
    return root / "site"


def measure(site: Path, n: int) -> None:
    from playwright.sync_api import sync_playwright

    url = (site / "practices/index.html").as_uri()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        first, tick, typed, sort = [], [], [], []
        for _ in range(5):
            page = browser.new_page()
            page.goto(url)
            page.locator(".portal-practices__list li").first.wait_for()
            first.append(page.evaluate("performance.now()"))
            tick.append(page.evaluate(MEASURE, ["tick", ""])[0])
            typed.append(page.evaluate(MEASURE, ["type", "a"])[0])
            sort.append(page.evaluate(MEASURE, ["sort", "country"])[0])
            page.close()
        browser.close()
    print(f"  first cards after navigation: {statistics.median(first):.0f} ms")
    print(f"  tick a country: {statistics.median(tick):.1f} ms; type a letter: {statistics.median(typed):.1f} ms; "
          f"sort by country: {statistics.median(sort):.1f} ms")


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [10_000]
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        site = shipped_site(work)
        for n in sizes:
            print(f"N = {n}")
            script, practices = index_data(n, work)
            (site / "practices/index-data.js").write_bytes(script)
            zipped = len(gzip.compress(script))
            print(f"  practices/index-data.js: {len(script) / 1e6:.2f} MB ({len(script) / practices:.0f} bytes a "
                  f"practice), gzipped {zipped / 1e6:.2f} MB ({zipped / practices:.0f} bytes a practice)")
            measure(site, n)
            shutil.rmtree(work / f"portal-{n}")


if __name__ == "__main__":
    main()
