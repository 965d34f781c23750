"""CAF self-assessment tool at scale: its data size, and the time to propose, in headless Chromium.

    python benchmarks/caf_tool.py            # 10,000 practices
    python benchmarks/caf_tool.py 1000 10000

For each N: a scratch portal from benchmarks/scale.py (about four in five of its practices carry
CAF sub-criteria), loaded, validated and linked; only the tool's data is rendered, into the shipped
site built once around it (the page reads nothing else). Prints the size of caf/tool-data.js (raw and
gzipped, as GitHub Pages serves it), of the titles files a proposal loads, and from Chromium: the
page ready after navigation, and one changed score until the new proposals are on the page (their
titles loaded), each the median of five. Target: under 1 MB and under 1 s at 10,000 practices.
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
# A whole assessment, then one score changed: the time until the page shows the proposals for it.
MEASURE = """async code => {
  const root = document.querySelector('[data-portal-caf]');
  const input = document.getElementById('caf-' + code.replace('.', '-') + '-score');
  const done = new Promise(resolve => root.addEventListener('portal-caf-proposed', resolve, {once: true}));
  const started = performance.now();
  input.value = '5';
  input.dispatchEvent(new Event('input'));
  await done;
  await new Promise(requestAnimationFrame);
  return [performance.now() - started, document.querySelectorAll('.portal-caf__practices li').length];
}"""


def address_of(scores: list[int]) -> str:
    """The page address fragment for scores alone (two base-36 digits each, as caf-tool.js writes)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    return "#v1." + "".join(digits[s // 36] + digits[s % 36] for s in scores)


def tool_output(n: int, work: Path) -> tuple[dict[str, bytes], int]:
    from scale import generate_portal

    from generator.catalog import link
    from generator.load import load
    from generator.render import Renderer
    from generator.render.caf_tool import render_caf_tool
    from generator.validate import validate

    root = work / f"portal-{n}"
    root.mkdir()
    generate_portal(root, n)
    catalog, _problems = link(validate(load(root)))
    started = time.perf_counter()
    renderer = Renderer(catalog)
    render_caf_tool(renderer)
    files = {path: (data.encode("utf-8") if isinstance(data, str) else data)
             for path, data in renderer.output.files.items() if path.startswith("caf/") and path.endswith(".js")}
    print(f"  tool data computed in {time.perf_counter() - started:.2f} s for {len(catalog.practices)} practices")
    return files, len(catalog.practices)


def shipped_site(work: Path) -> Path:
    from conftest import copy_portal

    from generator.build import build

    root = copy_portal(work / "shipped")
    generated = build(root, quiet=True)
    assert generated.ok, generated.problems
    return root / "site"


def measure(site: Path) -> list[str]:
    from playwright.sync_api import sync_playwright

    scores = [60 + (n * 7) % 40 for n in range(28)]
    scores[11], scores[8], scores[3], scores[18], scores[6] = 10, 20, 25, 30, 40  # 4.1 3.2 1.4 5.2 2.3 weakest
    url = (site / "caf/index.html").as_uri() + address_of(scores)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        ready, propose, shown, loaded = [], [], 0, []
        for _ in range(5):
            page = browser.new_page()
            page.goto(url)
            page.wait_for_function("() => { const r = document.querySelector('[data-portal-caf]');"
                                   " return r && r.dataset.proposed && r.dataset.proposed === r.dataset.generation; }")
            ready.append(page.evaluate("performance.now()"))
            took, shown = page.evaluate(MEASURE, "6.2")
            propose.append(took)
            loaded = page.evaluate("[...document.querySelectorAll('script[src*=\"titles/\"]')].map(s => s.getAttribute('src'))")
            page.close()
        browser.close()
    print(f"  page ready with proposals after navigation: {statistics.median(ready):.0f} ms")
    print(f"  one score changed to new proposals on the page ({shown} practices): {statistics.median(propose):.0f} ms")
    return loaded


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [10_000]
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        site = shipped_site(work)
        for n in sizes:
            print(f"N = {n}")
            files, practices = tool_output(n, work)
            shutil.rmtree(site / "caf/titles", ignore_errors=True)
            for path, data in files.items():
                (site / path).parent.mkdir(parents=True, exist_ok=True)
                (site / path).write_bytes(data)
            data = files["caf/tool-data.js"]
            titles = [v for k, v in files.items() if k.startswith("caf/titles/")]
            print(f"  caf/tool-data.js: {len(data) / 1e6:.2f} MB ({len(data) / practices:.0f} bytes a practice), "
                  f"gzipped {len(gzip.compress(data)) / 1e6:.2f} MB")
            print(f"  titles: {len(titles)} files of up to {max(map(len, titles)) / 1e3:.0f} kB "
                  f"(gzipped {max(len(gzip.compress(t)) for t in titles) / 1e3:.0f} kB); a proposal loads at most 10")
            loaded = measure(site)
            size = sum(len(files["caf/" + src]) for src in loaded)
            print(f"  titles loaded for the two proposals: {len(loaded)} files, {size / 1e3:.0f} kB; with the data "
                  f"{(len(data) + size) / 1e6:.2f} MB")
            shutil.rmtree(work / f"portal-{n}")


if __name__ == "__main__":
    main()
