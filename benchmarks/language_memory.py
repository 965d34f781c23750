"""Peak memory of each render of a multilingual build: English, then each other language's docs folder.

    python benchmarks/language_memory.py /tmp/langmem            # 10,000 practices, 5 % translated
    python benchmarks/language_memory.py /tmp/langmem --size 1000

Generates a scale.py portal (with `--translated` scaffolds) into the folder on first use and reuses it,
then renders English and sq, sh, mk, nb one after the other as `portal build` does, and prints each
render's time and the peak PSS of the process tree during it (sampled as scale.py samples it), with
the build process's own peak (ru_maxrss) after it. scale.py gives the whole build's one peak; this
says which render it is.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS))
sys.path.insert(0, str(BENCHMARKS.parent))

from scale import TreeMemory, generate_portal  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("portal", type=Path, help="folder for the generated portal, reused")
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--translated", type=float, default=5.0, metavar="PERCENT")
    args = parser.parse_args()
    from generator import language_sites
    from generator.build import DOCS_DIR, Progress, generate, render_docs, render_options
    from generator.languages import TRANSLATIONS

    root = args.portal
    if not (root / "practices").is_dir():
        root.mkdir(parents=True, exist_ok=True)
        generate_portal(root, args.size, translated=args.translated / 100)
    progress = Progress(quiet=True)
    with TreeMemory() as memory:
        started = time.perf_counter()
        generated = generate(root, render_options(root), progress=progress, docs_dir=root / DOCS_DIR)
        seconds = time.perf_counter() - started
    _report("en", seconds, memory)
    assert generated.ok, generated.problems[:5]
    for language in TRANSLATIONS:
        with TreeMemory() as memory:
            started = time.perf_counter()
            # One language at a time, as render_languages does it (its collection before each fork included).
            gc.collect()
            render_docs(generated.catalog, replace(render_options(root), language=language), None,
                        root / language_sites.docs_dir(language), progress, stage=f"render {language}")
            seconds = time.perf_counter() - started
        _report(language, seconds, memory)


def _report(language: str, seconds: float, memory: TreeMemory) -> None:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"render {language:<3} {seconds:7.1f} s   peak {memory.peak_kb / 1024:6.0f} MB (tree, PSS)   "
          f"build process so far {own:5.0f} MB", flush=True)


if __name__ == "__main__":
    main()
