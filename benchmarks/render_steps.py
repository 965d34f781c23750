"""CPU seconds of each render step, run alone in one process, and what the forked render makes of them.

    python benchmarks/render_steps.py 10000            # generate a scratch portal of N practices
    python benchmarks/render_steps.py --portal DIR     # or use one kept by `scale.py --keep`

The catalogue is loaded, validated and linked once; then every English render step runs in turn
in this process (a per-item step over all its items), timed with time.process_time, so the
figures are CPU and do not depend much on the neighbours. The maps' outlines are drawn inside the
first step that needs them (the forked render draws them beforehand, spread over the workers).
Then the same render runs forked over the cores, as `portal build` does, and its wall clock is
printed beside the sum of the steps divided by the cores: the gap is what the forked render loses
to the parent's writing, to pickling and to imbalance (the benchmark README reads it).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))


def step_times(root: Path) -> list[tuple[float, str]]:
    from generator.build import check, render_options
    from generator.gc_pause import cycle_collector_paused
    from generator.render import RENDER_STEPS, Renderer
    from generator.render.languages import steps_for

    with cycle_collector_paused():
        catalog, _ = check(root)
        renderer = Renderer(catalog, render_options(root))
        rows = []
        for step in steps_for(RENDER_STEPS, "en"):
            started = time.process_time()
            step(renderer)
            name = f"{step.__module__.rsplit('.', 1)[-1]}.{step.__name__}" + (" (per item)" if step.per_item else "")
            rows.append((time.process_time() - started, name))
    return sorted(rows, reverse=True)


def forked_render(root: Path) -> tuple[float, int]:
    """Wall seconds of the render stage as `portal build` runs it (written to a scratch folder)."""
    from generator.build import Progress, generate
    from generator.render.parallel import available_cores

    progress = Progress(quiet=True)
    with tempfile.TemporaryDirectory() as scratch:
        generate(root, progress=progress, docs_dir=Path(scratch) / "docs")
    return progress.timings["render"], available_cores()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", type=int, default=10000, help="practices to generate (default 10000)")
    parser.add_argument("--portal", type=Path, help="a portal folder to use instead of generating one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = args.portal
        if root is None:
            from scale import generate_portal

            root = Path(scratch) / "portal"
            generate_portal(root, args.size)
        rows = step_times(root)
        wall, cores = forked_render(root)
    total = sum(cpu for cpu, _ in rows)
    for cpu, name in rows:
        if cpu >= 0.05:
            print(f"  {cpu:7.2f} s  {name}")
    print(f"  {total:7.2f} s  all {len(rows)} steps, one process")
    print(f"  {wall:7.2f} s  the forked render's wall clock on {cores} cores "
          f"(steps / cores: {total / cores:.2f} s; {wall / (total / cores):.2f}×)")


if __name__ == "__main__":
    main()
