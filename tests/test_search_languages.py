"""Search in a language site (issue 14): each site searches its own index, and in L also the
English pages that L does not have, never the English original of a page that L has.

A small portal with two practices, one translated into Albanian (sq), built with `portal build`:
the sq search finds the translated practice's sq page by a word of its Albanian title, the
untranslated practice's English page by an English word, and not the English original of the
translated one. Read from the index files (which pages each index holds, and which English pages
say sq has them), then in Chromium through the sq search dialog.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import MiniPortal, serve_folder
from generator import search
from generator.build import build
from generator.load import load
from generator.translations import source_digest
from generator.validate import validate

SIGNATURE = b"pagefind_dcd"  # what every decompressed Pagefind file starts with
TRANSLATED = "school-exchange"  # translated into sq
UNTRANSLATED = "desalination-plant"  # English only
ALBANIAN_WORD = "Nxënësit"  # in the sq title of TRANSLATED only
ENGLISH_WORD = "desalination"  # in UNTRANSLATED only


def _digest(root: Path, record_file: str) -> str:
    return next(source_digest(v) for v in validate(load(root)).records if v.file == record_file)


@pytest.fixture(scope="module")
def portal(tmp_path_factory) -> Path:
    mini = MiniPortal(tmp_path_factory.mktemp("search-languages"))
    mini.practice(TRANSLATED)
    mini.practice(UNTRANSLATED, title="Shared desalination plant",
                  summary="Three towns run one desalination plant for their drinking water.")
    digest = _digest(mini.root, f"practices/{TRANSLATED}.md")
    mini.write(f"practices/{TRANSLATED}.sq.md", f"""
        ---
        translation:
          status: machine
          by: "the tests (machine translation, not reviewed)"
          source: {digest}
        title: "{ALBANIAN_WORD} e dy qyteteve i shkruajnë njëri-tjetrit"
        summary: "Nxënësit e dy qyteteve i shkruajnë njëri-tjetrit dhe vizitojnë njëri-tjetrin."
        ---
        ## Konteksti

        Dy shkolla u binjakëzuan.
        """)
    generated = build(mini.root, quiet=True)
    assert generated.ok, "\n".join(str(p) for p in generated.problems)
    assert (mini.root / "site" / "sq" / "index.html").is_file(), "no sq site was built"
    return mini.root / "site"


def _fragments(bundle: Path) -> list[dict]:
    found = []
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(SIGNATURE), fragment
        found.append(json.loads(data[len(SIGNATURE):]))
    return found


def test_each_language_site_has_an_index_of_its_own_pages(portal):
    english = {f["url"].lstrip("/"): f for f in _fragments(portal / search.BUNDLE_DIR)}
    albanian = {f["url"].lstrip("/"): f for f in _fragments(portal / "sq" / search.BUNDLE_DIR)}
    assert f"practices/{TRANSLATED}.html" in albanian
    assert f"practices/{UNTRANSLATED}.html" not in albanian  # only in English
    assert not [page for page in english if page.startswith(("sq/", "sh/", "mk/", "nb/"))]
    assert {f"practices/{TRANSLATED}.html", f"practices/{UNTRANSLATED}.html"} <= set(english)
    # The sq script names the English fragments of the pages sq has (its search leaves them out),
    # which are the same pages: the translated practice and the fixed pages, never an English-only one.
    script = (portal / "sq" / search.BUNDLE_DIR / "portal-search.js").read_text(encoding="utf-8")
    held = json.loads(re.search(r"var original = (\{.*?\});", script).group(1))["held"]
    ids = {f["url"].lstrip("/"): name for name, f in _named_fragments(portal / search.BUNDLE_DIR).items()}
    assert ids[f"practices/{TRANSLATED}.html"] in held and ids["index.html"] in held
    assert ids[f"practices/{UNTRANSLATED}.html"] not in held
    assert sorted(held) == sorted(ids[page] for page in albanian if page in ids)
    # No filter in the index: Pagefind writes a filter's values in no fixed order (test_deterministic).
    assert all(not f["filters"] for f in english.values())


def _named_fragments(bundle: Path) -> dict[str, dict]:
    return {fragment.name.removesuffix(".pf_fragment"): json.loads(gzip.decompress(fragment.read_bytes())[len(SIGNATURE):])
            for fragment in (bundle / "fragment").glob("*.pf_fragment")}


def test_the_sq_search_script_knows_the_english_index_and_the_dialogs_words(portal):
    script = (portal / "sq" / search.BUNDLE_DIR / "portal-search.js").read_text(encoding="utf-8")
    assert 'var original = {"language": "sq", "root": "../", "shards": [], "held": ["en_' in script
    assert '"No results for [SEARCH_TERM]": "Asnjë rezultat për [SEARCH_TERM]"' in script.replace("\n", " ")
    english = (portal / search.BUNDLE_DIR / "portal-search.js").read_text(encoding="utf-8")
    assert "var original = null;" in english and "portalPortalSearchMessages =" not in english


def _search(page, query: str) -> list[dict]:
    """Type into the open dialog; the results in view: link, kind line, lang of the title."""
    page.locator("pagefind-modal-trigger button").first.click()
    page.keyboard.type(query)
    page.locator("pagefind-modal pagefind-summary").filter(has_text=re.compile(re.escape(query), re.I)).wait_for(
        timeout=10_000)
    page.locator("pagefind-modal .pf-result .portal-search__kind").first.wait_for(timeout=10_000)
    return page.locator("pagefind-modal .pf-result:has(.pf-result-link)").evaluate_all("""results => results.map(r => ({
        href: r.querySelector('.pf-result-link').getAttribute('href'),
        kind: r.querySelector('.portal-search__kind').textContent.trim(),
        tag: (r.querySelector('.portal-search__language') || {}).textContent || '',
        lang: r.querySelector('.pf-result-title').getAttribute('lang')}))""")


@pytest.fixture(scope="module")
def served(portal):
    with serve_folder(portal) as url:
        yield url


def test_the_sq_dialog_finds_sq_pages_and_english_pages_sq_lacks(browser, served):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served + "sq/practices/index.html")
    trigger = page.get_by_role("button", name="Kërkoni praktika, rrjete, vende")
    assert trigger.is_visible()

    found = _search(page, ALBANIAN_WORD)
    links = [result["href"] for result in found]
    assert any(href.endswith(f"/sq/practices/{TRANSLATED}.html") for href in links), found
    assert not any(re.search(rf"(?<!/sq)/practices/{TRANSLATED}\.html$", href) for href in links), found
    albanian = next(r for r in found if r["href"].endswith(f"/sq/practices/{TRANSLATED}.html"))
    assert albanian["kind"] == "Praktikë" and albanian["tag"] == "" and albanian["lang"] is None
    page.keyboard.press("Escape")

    page.goto(served + "sq/index.html")
    found = _search(page, ENGLISH_WORD)
    english = [r for r in found if r["href"].endswith(f"practices/{UNTRANSLATED}.html")]
    assert english and not english[0]["href"].endswith(f"/sq/practices/{UNTRANSLATED}.html"), found
    assert english[0]["tag"] == "në anglisht" and english[0]["lang"] == "en"
    assert english[0]["kind"].startswith("Praktikë")
    summary = page.locator("pagefind-modal pagefind-summary").inner_text()
    assert "rezultat" in summary and "results" not in summary, summary

    # The same word of the English original: sq shows its own page, never the original.
    page.keyboard.press("Escape")
    page.goto(served + "sq/index.html")
    found = _search(page, "exchange")
    assert not [r for r in found if re.search(rf"(?<!/sq)/practices/{TRANSLATED}\.html$", r["href"])], found
    assert errors == []
    page.close()


def test_english_search_is_as_it_was(browser, served):
    page = browser.new_page()
    page.goto(served + "index.html")
    found = _search(page, "exchange")
    original = [r for r in found if r["href"].endswith(f"/practices/{TRANSLATED}.html")]
    assert original and "/sq/" not in original[0]["href"]
    assert original[0]["kind"] == "Practice" and original[0]["tag"] == "" and original[0]["lang"] is None
    assert not [r for r in found if "/sq/" in r["href"]], found
    page.close()


@pytest.fixture(scope="module")
def sharded(portal, tmp_path_factory):
    """The same site indexed in shards of 4 pages, English and sq alike, as a large portal is; served."""
    site = tmp_path_factory.mktemp("search-languages-sharded") / "site"
    shutil.copytree(portal, site, ignore=lambda folder, names: [n for n in names if n.startswith(search.BUNDLE_DIR)])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", 4)
        assert "shards" in search.index_site(site.parent, site)
    assert (site / "sq" / search.SHARDS_DIR).is_dir()
    with serve_folder(site) as url:
        yield url


def test_a_sharded_sq_search_merges_every_shard_of_both_indexes(browser, sharded):
    page = browser.new_page()
    page.goto(sharded + "sq/index.html")
    found = _search(page, ENGLISH_WORD)
    assert [r for r in found if r["href"].endswith(f"/practices/{UNTRANSLATED}.html") and r["lang"] == "en"], found
    page.goto(sharded + "sq/index.html")
    found = _search(page, "exchange")
    assert not [r for r in found if re.search(rf"(?<!/sq)/practices/{TRANSLATED}\.html$", r["href"])], found
    page.goto(sharded + "sq/index.html")
    assert any(r["href"].endswith(f"/sq/practices/{TRANSLATED}.html") for r in _search(page, ALBANIAN_WORD))
    page.close()


def test_from_disk_the_sq_note_says_in_albanian_how_to_serve_the_site(browser, portal):
    page = browser.new_page()
    page.goto((portal / "sq" / "index.html").as_uri())
    page.get_by_role("button", name="Kërko").click()
    note = page.get_by_role("dialog", name="Kërkimi kërkon një server uebi")
    assert note.is_visible()
    text = note.inner_text()
    assert "portal serve" in text and "python3 -m http.server -d site" in text and "dosjen e portalit" in text
    assert note.locator("code").count() == 7  # the commands, addresses and names stay code
    # Both addresses open the Albanian home, not the English one.
    addresses = [code for code in note.locator("code").all_inner_texts() if code.startswith("http")]
    assert addresses == ["http://127.0.0.1:8000/sq/", "http://localhost:8000/sq/"]
    note.get_by_role("button", name="Mbyll").click()
    assert not note.is_visible()
    page.close()
