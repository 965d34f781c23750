"""Peak memory of generation (load, validate, link, render + write) on a kept scale.py portal.

    python benchmarks/render_memory.py /tmp/p10000            # the portal made by scale.py --keep
    python benchmarks/render_memory.py /tmp/p10000 --workers 2

Prints generation's time and the process tree's peak proportional set size (PSS, the
figure scale.py reports), with each process's PSS, its private memory (USS: what it alone
holds) and its resident size (RSS, which counts the pages a forked worker shares with the
parent again) at the moment of the peak. Generation is where a 10,000-practice build peaks,
and it takes a minute where the whole build takes seven.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SAMPLE_EVERY_S = 0.25


def _rollup(pid: int) -> dict[str, int]:
    """Pss, Rss and the private pages (KiB) of one process, from /proc/PID/smaps_rollup."""
    wanted = {"Rss:", "Pss:", "Private_Clean:", "Private_Dirty:"}
    figures = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(" ")
        if name in wanted:
            figures[name.rstrip(":")] = int(rest.split()[0])
    return {"pss": figures["Pss"], "rss": figures["Rss"],
            "uss": figures["Private_Clean"] + figures["Private_Dirty"]}


def _tree(root_pid: int, own: int) -> dict[int, dict[str, int]]:
    found, stack = {}, [root_pid]
    while stack:
        pid = stack.pop()
        if pid == own:
            continue
        try:
            found[pid] = _rollup(pid)
            for task in os.scandir(f"/proc/{pid}/task"):
                stack.extend(int(c) for c in Path(task.path, "children").read_text().split())
        except (OSError, ValueError, KeyError):
            continue  # the process ended meanwhile
    return found


def sample(root_pid: int) -> None:
    """The sampler process: prints the tree at its largest summed PSS, as JSON, once stdin closes."""
    peak: dict[int, dict[str, int]] = {}
    peak_total, own, started, at = 0, os.getpid(), time.monotonic(), 0.0
    while not select.select([sys.stdin], [], [], SAMPLE_EVERY_S)[0]:
        tree = _tree(root_pid, own)
        total = sum(p["pss"] for p in tree.values())
        if total > peak_total:
            peak_total, peak, at = total, tree, time.monotonic() - started
    print(json.dumps({"total_kb": peak_total, "at_s": at, "processes": {str(k): v for k, v in peak.items()}}))


def measure(root: Path, workers: int | None) -> dict:
    from generator.build import DOCS_DIR, Progress, generate, render_options

    sampler = subprocess.Popen([sys.executable, __file__, "--sample", str(os.getpid())],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    progress = Progress(quiet=True)
    started = time.perf_counter()
    generated = generate(root, render_options(root), progress=progress, workers=workers, docs_dir=root / DOCS_DIR)
    elapsed = time.perf_counter() - started
    assert generated.ok, "\n".join(str(p) for p in generated.problems[:20])
    peak = json.loads(sampler.communicate("")[0])
    return {"generation_s": elapsed, "stages_s": progress.timings, "peak": peak, "parent": os.getpid()}


def report(figures: dict) -> None:
    peak = figures["peak"]
    print(f"generation {figures['generation_s']:.2f} s  ("
          + ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in figures["stages_s"].items()) + ")")
    print(f"peak PSS of the tree {peak['total_kb'] / 1024:.0f} MB, {peak['at_s']:.1f} s after the start")
    for pid, p in sorted(peak["processes"].items(), key=lambda item: int(item[0]) != figures["parent"]):
        role = "parent" if int(pid) == figures["parent"] else "worker"
        print(f"  {role:<7} PSS {p['pss'] / 1024:6.0f} MB   USS {p['uss'] / 1024:6.0f} MB   RSS {p['rss'] / 1024:6.0f} MB")


def main() -> None:
    if sys.argv[1:2] == ["--sample"]:
        sample(int(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("portal", type=Path, help="a portal made by scale.py (--keep or --portal)")
    parser.add_argument("--workers", type=int, help="render processes (default: one per core)")
    args = parser.parse_args()
    report(measure(args.portal, args.workers))


if __name__ == "__main__":
    main()
