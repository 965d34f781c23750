"""MkDocs hooks for `portal serve` only: MkDocs serves a folder of its own, so the search index
that `portal build` writes as a post-build step is written here after each rebuild instead.
(`portal build` does not use hooks: Zensical ignores them.)"""

from __future__ import annotations

import logging
from pathlib import Path

from generator.search import index_site

log = logging.getLogger("mkdocs.hooks.portal_search")  # under "mkdocs": shown like MkDocs' own messages


def on_post_build(config, **kwargs) -> None:
    # The pages are written by now: a failed index must not stop the server (as it would at its first
    # build) or hold back the new pages; only search stays as it was.
    try:
        index_site(Path(config.config_file_path).parent, Path(config.site_dir))
    except Exception as error:
        first_line = (str(error).strip().splitlines() or [""])[0]
        log.error(f"Search index not updated: {type(error).__name__}: {first_line}")
