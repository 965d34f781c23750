"""What the search index holds: every page a reader should find, and no brief or printable plan.

Read from the index files themselves (each page's fragment names its address), so it needs no
browser; tests/test_search_browser.py searches the same indexes in Chromium.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from generator import search
from generator.languages import TRANSLATIONS

SIGNATURE = b"pagefind_dcd"  # what every decompressed Pagefind file starts with


def indexed_pages(site: Path) -> list[str]:
    """The address of every page in a site's index, its shards included (one entry per fragment)."""
    bundles = [site / search.BUNDLE_DIR, *sorted((site / search.SHARDS_DIR).glob("*"))]
    pages = []
    for bundle in bundles:
        for fragment in (bundle / "fragment").glob("*.pf_fragment"):
            data = gzip.decompress(fragment.read_bytes())
            assert data.startswith(SIGNATURE), fragment
            pages.append(json.loads(data[len(SIGNATURE):])["url"].lstrip("/"))
    return pages


def _search_ready_pages(site: Path) -> set[str]:
    """The site's pages that say what part of them to index (overrides/main.html's data-pagefind-body),
    but those of the language sites inside it (site/L/, each with an index of its own)."""
    languages = tuple(f"{code}/" for code in TRANSLATIONS)
    return {page for page in (path.relative_to(site).as_posix() for path in site.rglob("*.html")
                              if "data-pagefind-body" in path.read_text(encoding="utf-8"))
            if not page.startswith(languages)}


@pytest.fixture(scope="module")
def sharded_site(shipped_site, tmp_path_factory) -> Path:
    """The shipped site indexed again in shards of 40 pages, as a large portal is."""
    site = tmp_path_factory.mktemp("sharded-index") / "site"
    shutil.copytree(shipped_site / "site", site,
                    ignore=lambda folder, names: [n for n in names if n.startswith(search.BUNDLE_DIR)])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", 40)
        summary = search.index_site(shipped_site, site)
    assert "shards" in summary, summary
    return site


def test_records_pages_are_in_the_index_and_their_briefs_and_plans_are_not(shipped_site):
    site = shipped_site / "site"
    pages = set(indexed_pages(site))
    briefs = [path.relative_to(site).as_posix() for path in (site / "briefs").rglob("*.html")]
    plans = [path.relative_to(site).as_posix() for path in (site / "plans").glob("*.html")]
    assert briefs and plans  # the shipped content has both, or this test proves nothing
    for brief in briefs:  # briefs/practices/<id>/index.html is the brief of practices/<id>.html
        section, record = brief.split("/")[1:3]
        assert f"{section}/{record}.html" in pages, brief
    assert not pages & set(briefs), sorted(pages & set(briefs))
    assert not pages & set(plans), sorted(pages & set(plans))
    assert pages == _search_ready_pages(site)


def test_each_language_site_indexes_its_own_pages_and_briefs_stay_out(shipped_site):
    site = shipped_site / "site"
    languages = search.language_sites(site)
    assert languages  # the shipped portal has translations, so language sites
    for code in languages:
        pages = indexed_pages(site / code)
        assert len(pages) == len(set(pages)) and set(pages) == _search_ready_pages(site / code), code
        assert not [page for page in pages if page.startswith(search.NOT_INDEXED)], code


def test_a_sharded_index_holds_each_page_of_the_whole_index_once(shipped_site, sharded_site):
    whole = indexed_pages(shipped_site / "site")
    sharded = indexed_pages(sharded_site)
    assert len(sharded) == len(set(sharded)), "a page is in two shards"
    assert sorted(sharded) == sorted(whole)
    shards = sorted(path.name for path in (sharded_site / search.SHARDS_DIR).iterdir())
    assert len(shards) + 1 == -(-len(whole) // 40)  # as many shards as the indexed pages need, briefs not counted


def test_the_search_script_lists_every_shard(sharded_site):
    script = (sharded_site / search.BUNDLE_DIR / "portal-search.js").read_text(encoding="utf-8")
    shards = sorted((path.name for path in (sharded_site / search.SHARDS_DIR).iterdir()), key=int)
    assert f"var shards = {json.dumps(shards)};" in script


def test_every_indexed_page_says_what_it_is(shipped_site):
    """A search result names its kind (issue 11): every page in the index carries a kind, in English and sq."""
    for site in (shipped_site / "site", shipped_site / "site" / "sq"):
        kinds = {}
        bundles = [site / search.BUNDLE_DIR, *sorted((site / search.SHARDS_DIR).glob("*"))]
        for bundle in bundles:
            for fragment in (bundle / "fragment").glob("*.pf_fragment"):
                data = json.loads(gzip.decompress(fragment.read_bytes())[len(SIGNATURE):])
                kinds[data["url"]] = data["meta"].get("kind", "")
        assert kinds and not [url for url, kind in kinds.items() if not kind], kinds
        assert {kinds[url] for url in kinds if url.endswith("/accessibility.html")} == {"Statement"}
        assert {kinds[url] for url in kinds if url.endswith(("/caf/index.html", "/propose/index.html"))} == {"Tool"}
