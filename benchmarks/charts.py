"""Charts benchmark: our SVG against pygal and vl-convert, then the cost of charts at 10,000 practices.

    python benchmarks/charts.py                 # libraries compared, then 10,000 practices
    python benchmarks/charts.py --practices 1000
    python benchmarks/charts.py --practices 0   # libraries only

Part 1 draws the same chart (a ranking of 12 members with their median) with each way and
prints bytes per chart, milliseconds per chart, whether two renders give the same bytes, and
what the pages' Content-Security-Policy would block (style attributes, <style> elements,
scripts). pygal and vl-convert-python are measured only where installed (pip install pygal
vl-convert-python); the portal does not depend on them.

Part 2 writes the synthetic portal of benchmarks/scale.py with every practice given
indicators that make charts (baseline, achieved and target; a change; a series) and every
network a results file comparing its members. It renders it in one process (so the time
spent in the chart functions can be added up) and prints the charts' share of render time.

Times are CPU seconds of this process (time.process_time), not wall time: on a machine
shared with other builds the wall clock measures the neighbours too.

Measured on 1 December 2026 (2 CPUs shared with other builds, Python 3.11, pygal 3.1.3,
vl-convert-python 1.9.0): ours 6.6 kB, 0.23 ms a chart, same bytes; pygal 20 kB, 10 ms, a new id
every render, blocked by the CSP; vl-convert 10 kB, 107 ms (1 s the first). At 10,000
practices and 1,000 networks: 42,114 charts, 11 s of CPU in chart functions, 2.9 % of the
render stage's 379 s (one process); pygal would take about 430 s and vl-convert 4,500 s.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

MEMBERS = [(f"Municipality {chr(65 + i)}", 40 + (i * 37) % 90) for i in range(12)]


def _ours() -> str:
    from generator.models.measures import Quantity
    from generator.render.visual.bars import ranking_chart

    return ranking_chart("c", "Cost per pupil", "NOK thousand", [(m, Quantity(value=v)) for m, v in MEMBERS],
                         highlight="Municipality C")


def _pygal() -> str:
    import pygal

    ordered = sorted(MEMBERS, key=lambda m: m[1])
    chart = pygal.HorizontalBar(js=[], disable_xml_declaration=True, show_legend=False)  # js=[]: no script from elsewhere
    chart.title = "Cost per pupil (NOK thousand)"
    chart.x_labels = [m for m, _ in ordered]
    chart.add("Cost", [v for _, v in ordered])
    return chart.render(is_unicode=True)


def _vl_convert() -> str:
    import vl_convert

    values = [{"member": m, "cost": v} for m, v in MEMBERS]
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "description": "Cost per pupil",
            "data": {"values": values},
            "layer": [{"mark": "bar", "encoding": {"y": {"field": "member", "sort": "-x"},
                                                    "x": {"field": "cost", "type": "quantitative"}}},
                      {"mark": {"type": "rule", "strokeDash": [5, 3]},
                       "encoding": {"x": {"aggregate": "median", "field": "cost"}}}]}
    return vl_convert.vegalite_to_svg(spec)


def _installed(module: str) -> bool:
    try:
        __import__(module)
        return True
    except ImportError:
        return False


def compare_libraries(repeat: int) -> dict[str, float]:
    """Print one line per way of drawing; returns ms per chart by name."""
    ways = [("ours (render/visual/bars.py)", _ours, "generator.render.visual.bars"), ("pygal", _pygal, "pygal"),
            ("vl-convert (Vega-Lite)", _vl_convert, "vl_convert")]
    print("Part 1: one ranking chart of 12 members with their median")
    print(f"  {'way':30} {'bytes':>7} {'first ms':>9} {'ms/chart':>9} {'same bytes':>10} "
          f"{'style=':>6} {'<style>':>7} {'<script':>7}")
    per_chart = {}
    for name, draw, module in ways:
        if not _installed(module):  # imported before the clock starts: "first ms" is the first chart
            print(f"  {name:30} not installed (pip install {module.replace('_', '-')}{'-python' if module == 'vl_convert' else ''})")
            continue
        started = time.process_time()
        first = draw()
        first_ms = (time.process_time() - started) * 1000
        times = []
        for _ in range(repeat if module != "vl_convert" else max(5, repeat // 20)):
            started = time.process_time()
            draw()
            times.append((time.process_time() - started) * 1000)
        per_chart[name] = statistics.median(times)
        same = draw() == first
        print(f"  {name:30} {len(first.encode()):7d} {first_ms:9.1f} {per_chart[name]:9.3f} {str(same):>10} "
              f"{len(re.findall(r' style=', first)):6d} {first.count('<style'):7d} {first.count('<script'):7d}")
    print("  (first ms: the first chart after import; the pages' CSP blocks style= and <style>;"
          " same bytes: two renders in one process)")
    return per_chart


# ---------------------------------------------------------------- part 2: at scale


def add_indicators(root: Path) -> int:
    """Give every synthetic practice chartable indicators and every synthetic network its members' results."""
    for number, path in enumerate(sorted((root / "practices").glob("bench-practice-*.md"))):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        fields = yaml.safe_load(front)
        fields["results"] = {"indicators": [
            {"name": "Households reached", "unit": "households", "baseline": 100 + number % 50,
             "achieved": 150 + number % 70, "target": 200},
            {"name": "Waiting time", "unit": "days", "change": -(number % 60) - 1},
            {"name": "Users", "unit": "users", "series": {2015: 10 + number % 9, 2018: 30, 2021: 45}},
        ]}
        path.write_text("---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n" + body,
                        encoding="utf-8")
    networks = 0
    for path in sorted((root / "networks").glob("bench-network-*.yml")):
        network = yaml.safe_load(path.read_text(encoding="utf-8"))
        members = [m["ref"] for m in network["members"]]
        results = {"network": path.stem, "title": f"Benchmark results {path.stem}", "year": 2024,
                   "summary": "Members compared.", "sources": [{"title": "Synthetic benchmark source"}],
                   "last_verified": "2026-10-01",
                   "indicators": [{"name": "Cost per pupil", "unit": "EUR", "achieved": 900 + (i * 131) % 700,
                                   "year": 2024, "member": ref} for i, ref in enumerate(members)]}
        (root / "networks" / path.stem).mkdir(exist_ok=True)
        (root / "networks" / path.stem / "results-2024.yml").write_text(yaml.safe_dump(results), encoding="utf-8")
        networks += 1
    return networks


def charts_at_scale(n: int) -> tuple[int, float, float]:
    """(charts drawn, seconds in chart functions, seconds rendering) for a portal of n practices."""
    from scale import generate_portal

    import generator.render as render
    import generator.render.chart_pages as chart_pages
    from generator.build import generate

    import generator.build as build

    spent = {"s": 0.0, "charts": 0, "render": 0.0}

    def timed(function, count=lambda result: 1, key="s"):
        def wrapper(*args, **kwargs):
            started = time.process_time()
            result = function(*args, **kwargs)
            spent[key] += time.process_time() - started
            if key == "s":
                spent["charts"] += count(result)
            return result
        return wrapper

    render.line_chart = timed(render.line_chart)
    chart_pages.indicator_charts = timed(chart_pages.indicator_charts, len)
    chart_pages.ranking = timed(chart_pages.ranking)
    build.render = timed(build.render, key="render")
    with tempfile.TemporaryDirectory(prefix="portal-charts-") as folder:
        root = Path(folder)
        generate_portal(root, n)
        networks = add_indicators(root)
        generated = generate(root, workers=1)  # one process: chart time adds up here
        assert generated.ok, "\n".join(str(p) for p in generated.problems[:10])
        print(f"  {n} practices, {networks} networks with members' results")
        return spent["charts"], spent["s"], spent["render"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=10000, help="synthetic practices for part 2 (0: skip)")
    parser.add_argument("--repeat", type=int, default=300, help="charts drawn per way in part 1")
    args = parser.parse_args()
    per_chart = compare_libraries(args.repeat)
    if not args.practices:
        return
    print(f"Part 2: charts in a portal of {args.practices} practices (rendered in one process)")
    charts, chart_s, render_s = charts_at_scale(args.practices)
    print(f"  charts drawn                  {charts:8d}")
    print(f"  CPU time in chart functions   {chart_s:8.2f} s  ({chart_s / charts * 1000:.3f} ms a chart)")
    print(f"  render stage (CPU)            {render_s:8.2f} s  (charts: {chart_s / render_s:.1%} of it)")
    for name, ms in per_chart.items():
        print(f"  the same charts drawn with {name:30} about {charts * ms / 1000:8.1f} s of CPU")


if __name__ == "__main__":
    main()
