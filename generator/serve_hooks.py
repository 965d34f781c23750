"""MkDocs hooks for `portal serve` only: MkDocs serves a folder of its own, so the search index
that `portal build` writes as a post-build step is written here after each rebuild instead.
(`portal build` does not use hooks: Zensical ignores them.)"""

from __future__ import annotations

from pathlib import Path

from generator.search import index_site


def on_post_build(config, **kwargs) -> None:
    index_site(Path(config.config_file_path).parent, Path(config.site_dir))
