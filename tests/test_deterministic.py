"""Two builds of the same sources produce the same bytes, whatever the clock says."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from conftest import copy_portal

from generator.build import build, source_date_epoch
from generator.render.downloads import _MADE as downloads_made_in_this_process


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_two_builds_produce_the_same_bytes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = copy_portal(tmp_path / "first")
    assert build(first, quiet=True).ok
    downloads_made_in_this_process.clear()  # so the second build makes its downloads anew
    time.sleep(1.1)  # a second apart, so a date taken from the clock would differ
    second = tmp_path / "second"
    shutil.copytree(first, second, ignore=shutil.ignore_patterns("site", "build"))
    assert build(second, quiet=True).ok

    one, two = _files(first / "site"), _files(second / "site")
    assert sorted(one) == sorted(two)
    different = [name for name in one if one[name] != two[name]]
    assert not different, f"{len(different)} file(s) differ, e.g. {different[:5]}"


def test_sitemap_dates_come_from_the_content(mini, monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    mini.practice(last_verified="2024-03-05")
    mini.network(extra="")  # last_verified 2026-11-01, the newest record
    generated = build(mini.root, quiet=True)
    assert generated.ok
    sitemap = (mini.root / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2026-11-01</lastmod>" in sitemap
    assert source_date_epoch(generated.catalog) == 1793491200  # 2026-11-01T00:00:00Z
    assert "SOURCE_DATE_EPOCH" not in os.environ  # set for MkDocs only, then restored
