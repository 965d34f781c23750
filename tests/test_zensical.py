"""Material for MkDocs ends in 2027: its successor Zensical must build the same generated folder."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from generator.languages import TRANSLATIONS


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

    def english_pages(site: Path) -> set[str]:  # each language's site is a folder of its own (site/sq/)
        return {page for page in pages(site) if page.split("/", 1)[0] not in TRANSLATIONS}

    assert english_pages(root / "site") == english_pages(shipped_site / "site")
    network = (root / "site" / "networks" / "gran-mukono-lugazi.html").read_text(encoding="utf-8")
    assert "Progress through the learning cycle" in network
    assert 'href="../municipalities/mukono.html"' in network

    # Then a language's site, from the config `portal build` wrote beside mkdocs.yml, into site/sq/.
    shutil.copy(shipped_site / "mkdocs.sq.yml", root / "mkdocs.sq.yml")
    shutil.copytree(shipped_site / "build" / "docs-sq", root / "build" / "docs-sq")
    result = subprocess.run([str(zensical), "build", "-f", "mkdocs.sq.yml"], cwd=root, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert pages(root / "site" / "sq") == pages(shipped_site / "site" / "sq")
    home = (root / "site" / "sq" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="sq"' in home
    # The switcher, by the languages' own names, to each language's home, relative to the page.
    assert re.search(r'<a href="\.\./mk/index\.html" hreflang="mk"[^>]*>\s*Македонски\s*</a>', home)
    assert re.search(r'<a href="\.\./index\.html" hreflang="en"[^>]*>\s*English\s*</a>', home)
    assert (root / "site" / "index.html").is_file()  # the English site is still there beside it
