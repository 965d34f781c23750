"""Material for MkDocs ends in 2027: its successor Zensical must build the same generated folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


def test_zensical_builds_every_page_that_mkdocs_builds(shipped_site: Path, tmp_path: Path):
    root = tmp_path / "zensical"
    root.mkdir()
    shutil.copy(shipped_site / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(shipped_site / "build" / "docs", root / "build" / "docs")
    if (shipped_site / "overrides").exists():
        shutil.copytree(shipped_site / "overrides", root / "overrides")
    zensical = Path(sys.executable).with_name("zensical")
    result = subprocess.run([str(zensical), "build"], cwd=root, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr

    def pages(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}

    assert pages(root / "site") == pages(shipped_site / "site")
    network = (root / "site" / "networks" / "gran-mukono-lugazi.html").read_text(encoding="utf-8")
    assert "Progress through the learning cycle" in network
    assert 'href="../municipalities/mukono.html"' in network
