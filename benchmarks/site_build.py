"""Site build benchmark: MkDocs' part of the build (generator/site_build.py) on 1, 2 and 4 workers.

    python benchmarks/site_build.py 1000 10000          # one block of figures per N
    python benchmarks/site_build.py 1000 --workers 1 2   # other worker counts

For each N a scratch portal is generated (scale.generate_portal) and its Markdown rendered
once; then each worker count builds the site in a fresh Python process, timed (wall clock)
and with the CPU seconds and peak memory of its whole process tree (scale.TreeMemory: the
workers' shared pages counted once). On a busy machine the wall clock says little and the
CPU seconds say how much work there is. Each site is compared with the one-worker site,
file by file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

BUILD_DATE = "1790000000"  # SOURCE_DATE_EPOCH: the same sitemap dates in every build


def prepare(root: Path, n: int) -> None:
    import scale
    from generator.build import DOCS_DIR, generate, render_options

    scale.generate_portal(root, n)
    generated = generate(root, render_options(root), docs_dir=root / DOCS_DIR)
    assert generated.ok, "\n".join(str(p) for p in generated.problems[:20])


def build_once(root: Path, site: Path, workers: int) -> dict:
    """Run in its own process: one site build, timed, with its tree's peak memory."""
    import scale
    from generator.site_build import build_site

    os.environ["SOURCE_DATE_EPOCH"] = BUILD_DATE
    with scale.TreeMemory() as memory:
        started = time.perf_counter()
        build_site(root, site, workers=workers, quiet=True)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": memory.peak_kb / 1024}


def digest(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in site.rglob("*") if path.is_file()}


def run(n: int, worker_counts: list[int]) -> None:
    root = Path(tempfile.mkdtemp(prefix=f"site-build-bench-{n}-"))
    try:
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--prepare", str(root), str(n)], check=True)
        pages = sum(1 for _ in (root / "build/docs").rglob("*.md"))
        print(f"N={n}: {pages} pages (sources and Markdown generated in {time.perf_counter() - started:.0f} s)")
        reference = None
        for workers in worker_counts:
            site = root / f"site-{workers}"
            before = _children_cpu()
            output = subprocess.run([sys.executable, __file__, "--build", str(root), str(site), str(workers)],
                                    check=True, capture_output=True, text=True).stdout
            cpu = _children_cpu() - before  # the build process and its workers, which it waited for
            figures = json.loads(output.strip().splitlines()[-1])
            files = digest(site)
            reference = reference or files
            same = "identical" if files == reference else "DIFFERENT"
            print(f"  {workers} worker{'s' if workers > 1 else ' '}  {figures['seconds']:7.1f} s   "
                  f"CPU {cpu:6.1f} s   peak {figures['peak_mb']:6.0f} MB   {len(files)} files, {same} to the first")
            if site != root / f"site-{worker_counts[0]}":
                shutil.rmtree(site)
            sys.stdout.flush()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    if sys.argv[1:2] == ["--prepare"]:
        prepare(Path(sys.argv[2]), int(sys.argv[3]))
        return
    if sys.argv[1:2] == ["--build"]:
        print(json.dumps(build_once(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", type=int, help="numbers of practices, e.g. 1000 10000")
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2, 4])
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    for n in args.sizes:
        run(n, args.workers)


if __name__ == "__main__":
    main()
