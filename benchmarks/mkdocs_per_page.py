"""Where the CPU of MkDocs' one-process build goes, per page and per Markdown processor.

    python benchmarks/mkdocs_per_page.py PORTAL     # a portal whose build/docs/ is generated

PORTAL is a folder with mkdocs.yml, overrides/ and a generated build/docs/ (e.g. a copy of
/work/bench/p1000 after `python -m generator build` in it). The site goes to a scratch folder.
MkDocs' page steps (`_populate_page`: Markdown; `_build_page`: the theme) and every Markdown
processor's `run` and `test` are timed with time.process_time; the wrapping itself adds a little
to each figure. Printed: CPU seconds and ms per page by folder (practices/, networks/, ...).
"""

from __future__ import annotations

import collections
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

seconds: dict[tuple[str, str], float] = collections.defaultdict(float)
pages_of: collections.Counter = collections.Counter()
current = {"folder": ""}


def folder_of(page) -> str:
    return page.file.src_uri.split("/")[0] if "/" in page.file.src_uri else "(top)"


def timed(label: str, function, folder=lambda *args, **kwargs: current["folder"]):
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[(label, folder(*args, **kwargs))] += time.process_time() - started
    return wrapper


def instrument() -> None:
    import markdown
    import mkdocs.commands.build as build
    from mkdocs.structure.pages import Page

    populate, build_page = build._populate_page, build._build_page

    def populate_page(page, *args, **kwargs):
        current["folder"] = folder_of(page)
        return populate(page, *args, **kwargs)

    def page_built(page, *args, **kwargs):
        pages_of[folder_of(page)] += 1
        return build_page(page, *args, **kwargs)

    build._populate_page = timed("Markdown (populate)", populate_page)
    build._build_page = timed("theme and write (build_page)", page_built, lambda page, *a, **k: folder_of(page))
    Page.render = timed("  Page.render", Page.render)
    convert = markdown.Markdown.convert

    def instrumented_convert(md, source):
        if not getattr(md, "instrumented", False):
            md.instrumented = True
            for kind in ("preprocessors", "treeprocessors", "postprocessors"):
                for item in getattr(md, kind):
                    item.run = timed(f"    {kind[:-10]} {type(item).__name__}", item.run)
            for item in md.parser.blockprocessors:
                item.run = timed(f"    block {type(item).__name__}", item.run)
                item.test = timed(f"    block {type(item).__name__}", item.test)
        return convert(md, source)

    markdown.Markdown.convert = instrumented_convert


def main() -> None:
    root = Path(sys.argv[1]).resolve()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1790000000")
    instrument()
    import mkdocs.commands.build as build
    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory(prefix="mkdocs-per-page-") as site:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=site, strict=False)
        logging.getLogger("mkdocs").setLevel(logging.ERROR)
        started = time.process_time()
        build.build(config)
        total = time.process_time() - started
    print(f"{sum(pages_of.values())} pages, {total:.1f} s CPU in all; pages by folder: {dict(pages_of)}")
    for (label, folder), spent in sorted(seconds.items(), key=lambda item: -item[1]):
        if spent >= 0.05:
            per_page = f"{1000 * spent / pages_of[folder]:7.2f} ms/page" if pages_of[folder] else ""
            print(f"{label:50s} {folder:15s} {spent:7.2f} s {per_page}")


if __name__ == "__main__":
    main()
