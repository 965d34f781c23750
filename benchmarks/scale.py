"""Scale benchmark: generate N practices into a scratch portal, build it, print the figures.

    python benchmarks/scale.py 100 1000 10000        # one block of figures per N
    python benchmarks/scale.py --keep /tmp/bench 1000 # keep the scratch portals

Each N is built in a fresh Python process (so peak memory is that build's). The
practices are variations of the shipped ones: their bodies, summaries, lessons
and sources, with generated municipalities (names with diacritics, in 20
countries), networks of 5 to 15 members, and themes, SDGs and CAF sub-criteria
drawn from the real vocabularies. Search is measured in Debian's Chromium
(Playwright) from a cold cache: open a practice page, open the search dialog,
type a municipality's name without its diacritics, wait for the first result.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CHROMIUM = "/usr/bin/chromium"
COUNTRIES = ["NO", "SE", "DK", "PL", "BA", "RS", "AL", "MK", "XK", "UG", "ES", "PT", "RO", "GE", "UA",
             "EE", "DE", "HR", "SI", "CZ"]
SYLLABLES = ["sol", "ves", "borg", "čap", "lji", "na", "gul", "sund", "mu", "ko", "no", "ža", "bor", "kra",
             "ljev", "ös", "ter", "by", "åk", "ra", "ši", "bo", "nik", "ga", "la", "vi", "ce", "hö", "gen", "dal"]
STAGES = ["self-assessment", "clustering", "improvement", "self-evaluation", "promotion"]
STATUSES = ["pilot", "implemented", "scaled", "discontinued"]
KINDS = ["network", "partnership", "learning-cluster", "efficiency-network", "project"]
LANGUAGES = ["en"] * 8 + ["no", "sv", "sr", "bs", "pl"]
# A point in each country (its capital), to scatter the made-up municipalities around.
CENTRES = {"NO": (59.91, 10.75), "SE": (59.33, 18.07), "DK": (55.68, 12.57), "PL": (52.23, 21.01),
           "BA": (43.86, 18.41), "RS": (44.82, 20.46), "AL": (41.33, 19.82), "MK": (42.00, 21.43),
           "XK": (42.66, 21.17), "UG": (0.35, 32.58), "ES": (40.42, -3.70), "PT": (38.72, -9.14),
           "RO": (44.43, 26.10), "GE": (41.69, 44.80), "UA": (50.45, 30.52), "EE": (59.44, 24.75),
           "DE": (52.52, 13.40), "HR": (45.81, 15.98), "SI": (46.06, 14.51), "CZ": (50.08, 14.44)}
FOLD = str.maketrans("čžšćđöåäøæČŽŠĆĐÖÅÄØÆ", "czscdoaaoaCZSCDOAAOA")


def _front_matter(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def _name(rnd: random.Random, used: set[str]) -> str:
    while True:
        name = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 3))).capitalize()
        if name not in used:
            used.add(name)
            return name


def _slug(text: str) -> str:
    from generator.models.common import slug
    return slug(text.translate(FOLD))


def generate_portal(root: Path, n: int, seed: int = 2026, translated: float = 0.0) -> str:
    """Write a scratch portal with n practices; returns a municipality name to search for.
    `translated`: the share of generated practices given a made-up translation in each language."""
    from generator.models.common import CAF_SUBCRITERIA

    rnd = random.Random(seed)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if (REPO / "overrides").exists():
        shutil.copytree(REPO / "overrides", root / "overrides")
    # The shipped content comes along (guides link to its practices; the navigation lists guides).
    for folder in ("practices", "networks", "registry", "content"):
        if (REPO / folder).exists():
            shutil.copytree(REPO / folder, root / folder)
    themes = [t["id"] for t in yaml.safe_load((REPO / "registry/themes.yml").read_text(encoding="utf-8"))]
    host = yaml.safe_load((REPO / "registry/organisations/core.yml").read_text(encoding="utf-8"))[0]["id"]
    templates = [_front_matter(p) for p in sorted((REPO / "practices").glob("*.md")) if "." not in p.stem]  # originals, not translations

    used: set[str] = set()
    municipalities = []
    for _ in range(max(20, n // 5)):
        name = _name(rnd, used)
        country = rnd.choice(COUNTRIES)
        lat, lon = CENTRES[country]  # made-up places scattered around the capital, so maps have pins
        municipalities.append({"id": "bench-" + _slug(name), "name": name, "country": country,
                               "coordinates": [round(lat + rnd.uniform(-1.5, 1.5), 4),
                                               round(lon + rnd.uniform(-2, 2), 4)]})
    (root / "registry/municipalities/bench.yml").write_text(yaml.safe_dump(municipalities, allow_unicode=True),
                                                            encoding="utf-8")
    networks = []
    for i in range(max(3, n // 10)):
        members = rnd.sample(municipalities, rnd.randint(5, 15))
        start = rnd.randint(2000, 2022)
        network = {
            "name": f"{members[0]['name']} {rnd.choice(['network', 'learning cluster', 'partnership'])} {i}",
            "kind": rnd.choice(KINDS), "topic": rnd.choice(themes).replace("-", " "),
            "summary": f"{len(members)} municipalities comparing and improving their services together.",
            "themes": rnd.sample(themes, rnd.randint(1, 3)), "host": host,
            "members": [{"ref": m["id"], "role": rnd.choice(["lead", "member", "partner"])} for m in members],
            "period": {"start": start, "end": start + rnd.randint(1, 6)},
            "sources": [{"title": "Synthetic benchmark source", "year": start}],
            "last_verified": "2026-10-01",
        }
        networks.append((f"bench-network-{i}", network))
        (root / f"networks/bench-network-{i}.yml").write_text(yaml.safe_dump(network, allow_unicode=True),
                                                             encoding="utf-8")
    for i in range(n):
        template, body = rnd.choice(templates)
        network_id, network = rnd.choice(networks) if rnd.random() < 0.7 else (None, None)
        pool = [m["ref"] for m in network["members"]] if network else [m["id"] for m in municipalities]
        runners = rnd.sample(pool, rnd.randint(1, 3))
        lead = next(m["name"] for m in municipalities if m["id"] == runners[0])
        front = {
            "title": f"{lead}: {template['title']} ({i})",
            "summary": template["summary"],
            "municipalities": runners,
            "themes": rnd.sample(themes, rnd.randint(1, 3)),
            "sdgs": sorted(rnd.sample(range(1, 18), rnd.randint(0, 3))),
            "caf": sorted(rnd.sample(CAF_SUBCRITERIA, rnd.randint(0, 4))),
            "stage": rnd.choice(STAGES), "status": rnd.choice(STATUSES),
            "period": {"start": rnd.randint(1995, 2025)},
            "difficulties": template.get("difficulties", []), "lessons": template.get("lessons", []),
            "sources": template["sources"], "last_verified": "2026-10-01", "language": rnd.choice(LANGUAGES),
        }
        if network_id:
            front["network"] = network_id
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body
        (root / f"practices/bench-practice-{i:05d}.md").write_text(text, encoding="utf-8")
    if translated:
        write_translations(root, rnd.sample(range(n), round(n * translated)))
    return rnd.choice(municipalities)["name"]


def write_translations(root: Path, practices: list[int]) -> None:
    """`portal translate`'s scaffold of each practice in each language, every value to translate filled
    with the original's text under a label saying it is made up (the benchmark needs the files, not a translation)."""
    from generator.languages import TRANSLATIONS
    from generator.placeholders import MARKER
    from generator.translate_command import read_original, scaffold, translation_file

    for i in practices:
        original_file = f"practices/bench-practice-{i:05d}.md"
        original = read_original(root, "practice", original_file)
        for language in TRANSLATIONS:
            label = f"[made-up {language} text for the benchmark, not a translation]"
            text = scaffold(original, language, "machine", "benchmarks/scale.py (made-up text, not a translation)")
            text = text.replace(f"{MARKER}: translate the description below, then delete this line.", f"*{label}*")
            (root / translation_file(original_file, language)).write_text(
                text.replace(f"{MARKER}: translate: ", label + " "), encoding="utf-8")


class TreeMemory:
    """Peak memory of this process and its children together, sampled 4 times a second.

    Each process counts its proportional set size (PSS): a page shared by several processes is
    split between them. Forked render workers share the parent's catalogue, and adding up their
    resident sizes (RSS) would count it once per worker. getrusage cannot give this either: a
    child forked from a large process reports the parent's size as its own peak, and the peaks
    need not coincide.

    The sampler is a separate process, not a thread: the build forks its render workers only
    from a process without other threads, and a sampling thread would change what is measured.
    """

    def __enter__(self) -> "TreeMemory":
        self.peak_kb = 0
        self._sampler = subprocess.Popen([sys.executable, __file__, "--sample-memory", str(os.getpid())],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        return self

    def __exit__(self, *exc) -> None:
        output, _ = self._sampler.communicate("")  # closing its input tells it to stop
        self.peak_kb = int(output.strip() or 0)


# Reading a large process's smaps_rollup takes about 3 ms: sampling 4 times a second keeps the
# sampler's share of the 2 cores small while the build uses both.
SAMPLE_EVERY_S = 0.25


def sample_memory(root_pid: int) -> None:
    """Run by the sampler process: the peak PSS of root_pid's tree (without itself), until stdin closes."""
    import select

    peak, own = 0, os.getpid()
    while not select.select([sys.stdin], [], [], SAMPLE_EVERY_S)[0]:
        total, stack = 0, [root_pid]
        while stack:
            pid = stack.pop()
            if pid == own:
                continue
            try:
                total += _pss_kb(pid)
                for task in os.scandir(f"/proc/{pid}/task"):
                    stack.extend(int(c) for c in Path(task.path, "children").read_text().split())
            except (OSError, ValueError):
                continue  # the process ended meanwhile
        peak = max(peak, total)
    print(peak)


def _pss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    raise ValueError("no Pss line")


def build_and_measure(root: Path) -> dict:
    """Generation, MkDocs and Pagefind, timed separately."""
    from generator.build import SITE_DIR

    figures = {}
    figures.update(_build_timed(root))
    # The phases follow each other with nothing between them but bookkeeping: the build's peak is
    # the highest of theirs (one sampler around them all would also count the phases' samplers).
    figures["peak_memory_mb"] = max(figures["phase_peak_mb"].values())
    # ru_maxrss is in KiB on Linux: the largest the Python process itself ever was.
    figures["python_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages = list((root / SITE_DIR / "practices").glob("bench-*.html"))
    figures["html_bytes_per_practice"] = statistics.mean(p.stat().st_size for p in pages)
    figures["site_mb"] = sum(p.stat().st_size for p in (root / SITE_DIR).rglob("*") if p.is_file()) / 2**20
    figures["practice_index_kb"] = (root / SITE_DIR / "practices/index.json").stat().st_size / 1024
    return figures


def _build_timed(root: Path) -> dict:
    """Each phase as `portal build` runs it, timed, with the peak memory of each (which phase holds the peak)."""
    from generator.build import (DOCS_DIR, SITE_DIR, Progress, build_language_sites, generate, release_memory,
                                 render_languages, render_options, run_mkdocs)
    from generator.search import index_site

    figures, peaks = {}, {}
    progress = Progress(quiet=True)

    def phase(name: str, step) -> object:
        started = time.perf_counter()
        with TreeMemory() as memory:
            result = step()
        figures[f"{name}_s"] = time.perf_counter() - started
        peaks[name] = memory.peak_kb / 1024
        return result

    generated = phase("generation", lambda: generate(root, render_options(root), progress=progress,
                                                     docs_dir=root / DOCS_DIR))
    assert generated.ok, "\n".join(str(p) for p in generated.problems[:20])
    figures["stages_s"] = dict(progress.timings)
    phase("languages_render", lambda: render_languages(root, generated.catalog, render_options(root), None, progress))
    phase("mkdocs", lambda: run_mkdocs(root, root / SITE_DIR, quiet=True))
    phase("languages_mkdocs", lambda: build_language_sites(root, root / SITE_DIR, None, progress))
    before = _pss_kb(os.getpid())
    release_memory()  # as `portal build` does before its post-build steps
    figures["released_mb"] = (before / 1024, _pss_kb(os.getpid()) / 1024)
    phase("pagefind", lambda: index_site(root, root / SITE_DIR))
    figures["phase_peak_mb"] = peaks
    return figures


def measure_search(site: Path, query: str) -> dict:
    """Cold cache: bytes of search files fetched and seconds from typing to the first result."""
    sys.path.insert(0, str(REPO / "tests"))
    from conftest import serve_folder
    from playwright.sync_api import sync_playwright

    page_url = "practices/" + sorted(p.name for p in (site / "practices").glob("bench-*.html"))[0]
    with serve_folder(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context()  # a fresh profile: nothing cached
        page = context.new_page()
        sizes: dict[str, int] = {}
        page.on("requestfinished", lambda request: sizes.__setitem__(request.url, request.sizes()["responseBodySize"]))
        page.goto(url + page_url, wait_until="load")
        page.locator("pagefind-modal-trigger button").first.click()
        started = time.perf_counter()
        page.keyboard.type(query)
        page.locator("pagefind-modal .pf-result-link").first.wait_for(state="visible", timeout=60_000)
        first_result = time.perf_counter() - started
        first_title = page.locator("pagefind-modal .pf-result-link").first.inner_text()
        search_bytes = sum(size for address, size in sizes.items() if "/pagefind/" in address)
        browser.close()
    return {"search_kb": search_bytes / 1024, "first_result_s": first_result, "first_title": first_title}


def run_one(n: int, keep: Path | None, translated: float = 0.0) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"portal-bench-{n}-", dir=keep))
    started = time.perf_counter()
    name = generate_portal(root, n, translated=translated)
    figures = {"n": n, "write_sources_s": time.perf_counter() - started}
    figures.update(build_and_measure(root))
    query = name.translate(FOLD)
    figures.update(measure_search(root / "site", query), query=query)
    if keep is None:
        shutil.rmtree(root)
    else:
        figures["root"] = str(root)
    return figures


def _whole(f: dict) -> float:
    return f["generation_s"] + f["languages_render_s"] + f["mkdocs_s"] + f["languages_mkdocs_s"] + f["pagefind_s"]


def report(f: dict) -> None:
    ratio = f["generation_s"] / f["mkdocs_s"]
    print(f"N={f['n']}")
    print(f"  generation (load, validate, link, render + write) {f['generation_s']:7.2f} s")
    print("    " + ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in f["stages_s"].items()))
    print(f"  mkdocs build                                      {f['mkdocs_s']:8.2f} s")
    print(f"  generation / mkdocs                               {ratio:8.1%}")
    print(f"  pagefind index                                    {f['pagefind_s']:8.2f} s")
    print(f"  other languages: render (docs-L)                  {f['languages_render_s']:8.2f} s")
    print(f"  other languages: mkdocs (site/L)                  {f['languages_mkdocs_s']:8.2f} s")
    print(f"  whole build                                       {_whole(f):8.2f} s")
    print(f"  peak memory (this process and its children)       {f['peak_memory_mb']:8.0f} MB"
          f"  (Python alone: {f['python_peak_mb']:.0f} MB)")
    if "released_mb" in f:
        print("    build process before Pagefind: {:.0f} MB, {:.0f} MB after release_memory()".format(*f["released_mb"]))
    print("    by phase: " + ", ".join(f"{name} {mb:.0f}" for name, mb in f.get("phase_peak_mb", {}).items()) + " MB")
    print(f"  HTML bytes per practice page                      {f['html_bytes_per_practice']:8.0f}")
    print(f"  site size                                         {f['site_mb']:8.1f} MB")
    print(f"  practice filters' data (practices/index.json)     {f['practice_index_kb']:8.0f} KB")
    print(f"  search: bytes transferred for '{f['query']}'      {f['search_kb']:8.0f} KB")
    print(f"  search: first result after typing                 {f['first_result_s']:8.2f} s  ({f['first_title']!r})")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", type=int, help="numbers of practices, e.g. 100 1000 10000")
    parser.add_argument("--keep", type=Path, help="keep the scratch portals in this folder")
    parser.add_argument("--translated", type=float, default=0.0, metavar="PERCENT",
                        help="give this percentage of the generated practices a made-up translation in each language")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # child process: JSON out
    if sys.argv[1:2] == ["--sample-memory"]:  # the memory sampler (TreeMemory)
        sample_memory(int(sys.argv[2]))
        return
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.sizes[0], args.keep, args.translated / 100)))
        return
    results = []
    for n in args.sizes:
        command = [sys.executable, __file__, "--one", str(n), "--translated", str(args.translated)]
        command += ["--keep", str(args.keep)] if args.keep else []
        output = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
        report(results[-1])
    by_n = {r["n"]: r for r in results}
    if len(results) > 1:
        sizes = [r["html_bytes_per_practice"] for r in results]
        print(f"HTML bytes per practice page, largest vs smallest: {max(sizes) / min(sizes) - 1:+.1%}")
    if 1000 in by_n and 10000 in by_n:
        whole = {n: _whole(by_n[n]) for n in (1000, 10000)}
        print(f"Whole build at 10,000 / at 1,000: {whole[10000] / whole[1000]:.1f}x")


if __name__ == "__main__":
    main()
