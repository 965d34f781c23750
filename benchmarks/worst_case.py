"""Worst single file: how long the biggest, most nested practice `portal check` allows takes to build.

    python benchmarks/worst_case.py            # every shape, figures per shape
    python benchmarks/worst_case.py quotes     # one shape

A hostile pull request can only make the build slow within what the check lets through:
files of at most 1 MB (load.MAX_FILE_BYTES), Markdown texts of at most
markdown_limits.MAX_CHARACTERS characters nested at most markdown_limits.MAX_DEPTH levels,
YAML at most text_limits.MAX_YAML_DEPTH. Each shape fills one practice body up to the
size limit with one construct at the deepest nesting
allowed, as many times as the element limit (markdown_limits.MAX_ELEMENTS) allows, padded
with words up to the size limit, then builds the shipped portal with it (a fresh process each, MkDocs and the
search index included) and prints the time of `portal check` and of `portal build`, next
to the same build without the hostile file, so the ratio reads across machines.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.load import MAX_FILE_BYTES  # noqa: E402
from generator.markdown_limits import MAX_CHARACTERS, MAX_DEPTH, MAX_ELEMENTS  # noqa: E402

FRONT = """---
title: Worst case
summary: The largest and most deeply nested practice that the check allows.
municipalities: [gran]
stage: improvement
status: pilot
period: {start: 2020}
sources: [{title: A made-up source for a benchmark}]
last_verified: 2026-11-01
---
"""
DEPTH = MAX_DEPTH - 2  # a margin for the document's own wrapping elements
BUDGET = min(MAX_FILE_BYTES - len(FRONT.encode()), MAX_CHARACTERS) - 2000  # a body's characters


def _fill(unit: str, elements: int, separator: str = "\n\n") -> str:
    """`unit` (which makes `elements` elements) as often as the element limit allows, each padded
    with words so that the file reaches the size limit."""
    count = (MAX_ELEMENTS - 100) // elements
    words = max(0, (BUDGET // count - len(unit) - len(separator)) // 5 // unit.count("TEXT"))
    return separator.join([unit.replace("TEXT", "word " * words)] * count) + "\n"


SHAPES = {
    "quotes": lambda: _fill(">" * DEPTH + " TEXT", DEPTH + 1),
    "lists": lambda: _fill("\n".join("  " * level + "- TEXT" for level in range(DEPTH // 2)), DEPTH),
    "html": lambda: _fill("<div>" * DEPTH + "TEXT" + "</div>" * DEPTH, DEPTH),
    "emphasis": lambda: _fill("*a " * (DEPTH - 1) + "TEXT" + " a*" * (DEPTH - 1), DEPTH),
    "table": lambda: "| " + " | ".join(f"c{i}" for i in range(40)) + " |\n|" + "---|" * 40 + "\n"
                     + _fill("| " + " | ".join("TEXT" for _ in range(40)) + " |", 41, "\n"),
    "links": lambda: _fill("[TEXT](https://example.org/a) " * 40, 41),
    "one line": lambda: "word " * (BUDGET // 5) + "\n",
    "headings": lambda: _fill("## Heading\n\nTEXT", 2),
    "brackets": lambda: "[" * BUDGET + "\n",  # took Python-Markdown minutes (guides used it)
    "entities": lambda: "&#" * (BUDGET // 2) + "\n",
}


def _portal(folder: Path, body: str | None) -> Path:
    for name in ("practices", "networks", "registry", "content", "overrides"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    if body is not None:
        (folder / "practices" / "worst-case.md").write_text(FRONT + body, encoding="utf-8")
    return folder


def _timed(root: Path, command: str) -> tuple[float, int]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "-q", command],
                            cwd=REPO, capture_output=True, text=True)
    if result.returncode:
        print(result.stdout[-2000:], result.stderr[-2000:], file=sys.stderr)
    return time.perf_counter() - started, result.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shapes", nargs="*", help="shapes to build: " + ", ".join(SHAPES))
    shapes = parser.parse_args().shapes or list(SHAPES)
    with tempfile.TemporaryDirectory() as scratch:
        base = _portal(Path(scratch) / "base", None)
        baseline, _ = _timed(base, "build")
        print(f"shipped portal without a hostile file: build {baseline:6.1f} s")
        print(f"{'shape':<10} {'size':>9} {'check':>8} {'build':>8} {'vs base':>8}  exit")
        for name in shapes:
            body = SHAPES[name]()
            root = _portal(Path(scratch) / name.replace(" ", "-"), body)
            checked, check_code = _timed(root, "check")
            built, build_code = _timed(root, "build")
            size = len((FRONT + body).encode())
            print(f"{name:<10} {size:>9,} {checked:>7.1f}s {built:>7.1f}s {built / baseline:>7.1f}x  "
                  f"{check_code}/{build_code}")


if __name__ == "__main__":
    main()
