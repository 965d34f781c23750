"""`portal serve`'s incremental step: after each edit an editor makes, the docs folder and the served
site are the same, byte for byte, as a clean full build of the same sources would give, in English
and in each language's site, after an English save and after a saved translation; a change it does
not model is a full rebuild that says why; search says when it is behind."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import REPO, copy_portal, serve_folder

from generator import build as pipeline
from generator import incremental_site
from generator import language_sites as configs
from generator.incremental import Incremental
from generator.languages import TRANSLATIONS
from generator.problems import errors
from generator.render import render
from generator.translations import source_digest
from generator.search import language_sites
from generator.serve import Rebuilder, ServedSite, full_rebuild_reason
from generator.site_session import SiteSession, WholeBuildNeeded

URL = "http://127.0.0.1:8765/"


def _files(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and not path.relative_to(folder).as_posix().startswith(skip)}


def _clean_docs(root: Path) -> dict[str, bytes]:
    generated = pipeline.generate(root, pipeline.render_options(root), workers=1)
    assert generated.ok, generated.problems
    return generated.output.files


def _clean_language_docs(root: Path, language: str) -> dict[str, bytes]:
    catalog, problems = pipeline.check(root)
    assert not errors(problems), problems
    return render(catalog, replace(pipeline.render_options(root), language=language), workers=1).files


def _language_docs(root: Path, language: str) -> dict[str, bytes]:
    return _files(root / configs.docs_dir(language))


def _assert_same(incremental: dict[str, bytes], clean: dict[str, bytes], after: str) -> None:
    assert sorted(set(incremental) - set(clean)) == [], f"left over after {after}"
    assert sorted(set(clean) - set(incremental)) == [], f"missing after {after}"
    differ = sorted(path for path in clean if clean[path] != incremental[path])
    assert differ == [], f"differ from a full build after {after}"


def _practice(root: Path, practice_id: str, title: str, like: str) -> None:
    text = (root / "practices" / f"{like}.md").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1)
    (root / "practices" / f"{practice_id}.md").write_text(text, encoding="utf-8")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _practice_files(root: Path) -> list[Path]:
    """The practices themselves, not the <id>.<lang>.md translations beside them."""
    return sorted(path for path in (root / "practices").glob("*.md") if "." not in path.stem)


def _edits(root: Path):
    """(what, edit) in the order an editor might make them; each edit is one save."""
    translated = {path.stem.split(".")[0] for path in (root / "practices").glob("*.*.md")}
    # Deleting or renaming a translated practice would orphan its translation: an error, rightly.
    practices = [path.stem for path in _practice_files(root) if path.stem not in translated]
    first, second, third = practices[:3]
    municipality = next((root / "registry" / "municipalities").glob("*.yml"))
    name = re.search(r"(?m)^\s*name: (.+)$", municipality.read_text(encoding="utf-8")).group(1)
    network = sorted(p for p in (root / "networks").glob("*.yml") if "." not in p.stem)[0]  # not a translation
    network_name = re.search(r"(?m)^name: (.+)$", network.read_text(encoding="utf-8")).group(1)
    yield "a changed title", lambda: _replace(root / "practices" / f"{first}.md", "\ntitle: ",
                                              "\ntitle: Renewed ")
    yield "a new practice", lambda: _practice(root, "a-new-practice", "A new practice", like=second)
    yield "a deleted practice", lambda: (root / "practices" / f"{third}.md").unlink()
    yield "a renamed practice", lambda: (root / "practices" / f"{second}.md").rename(
        root / "practices" / "a-renamed-practice.md")
    yield "a municipality's new name", lambda: _replace(municipality, f"name: {name}", f"name: {name} Town")
    yield "a network's new name", lambda: _replace(network, f"name: {network_name}", f"name: {network_name} II")


def _translation_edits(root: Path):
    """(what, edit) of an editor who translates into Albanian, each one save: the shipped portal has
    an Albanian practice, network and guides."""
    translated = sorted((root / "practices").glob("*.sq.md"))[0]
    network = sorted((root / "networks").glob("*.sq.yml"))[0]
    guide = root / "content" / "learning-cycle.sq.md"
    others = {path.name.split(".")[0] for path in (root / "practices").glob("*.*.md")}
    untranslated = next(path.stem for path in _practice_files(root) if path.stem not in others)
    new = root / "practices" / f"{untranslated}.sq.md"

    def translate() -> None:
        catalog, _ = pipeline.check(root)
        new.write_text(f"---\ntranslation: {{status: machine, by: a test, source: "
                       f"{source_digest(catalog.practices[untranslated])}}}\ntitle: Një praktikë e re\n---\n"
                       "## Konteksti\n\nNjë tekst i ri.\n", encoding="utf-8")

    yield "a translated title", lambda: _replace(translated, "\ntitle: ", "\ntitle: Ri ")
    yield "a translated network's name", lambda: _replace(network, '\nname: "', '\nname: "Ri ')
    yield "a translated guide", lambda: _replace(guide, "\n## ", "\n## Ri ")
    yield "a new translation", translate
    yield "a deleted translation", lambda: new.unlink()


@pytest.fixture
def portal(tmp_path: Path) -> Path:
    return copy_portal(tmp_path / "portal")


def test_each_edit_gives_the_docs_of_a_full_build(portal: Path):
    docs = portal / pipeline.DOCS_DIR
    incremental = Incremental(portal, pipeline.render_options(portal), docs)
    first = incremental.update()
    assert first.ok and first.everything
    _assert_same(_files(docs), _clean_docs(portal), "the first run")
    for what, edit in _edits(portal):
        edit()
        update = incremental.update()
        assert update.ok, update.problems
        assert not update.everything, f"{what} rendered everything"
        assert update.written or update.removed, f"{what} changed no file"
        _assert_same(_files(docs), _clean_docs(portal), what)


def test_each_language_follows_english_saves_and_saved_translations_as_a_full_build_would(portal: Path):
    docs = portal / pipeline.DOCS_DIR
    incremental = Incremental(portal, pipeline.render_options(portal), docs, languages=TRANSLATIONS)
    assert incremental.update().ok
    first = incremental.update_languages()
    assert sorted(first) == sorted(TRANSLATIONS) and all(update.everything for update in first.values())
    assert incremental.update_languages() == {}, "no save since: no language renders again"
    english = [edit for what, edit in _edits(portal) if what in ("a changed title", "a municipality's new name")]
    edits = [("an English title", english[0]), ("a municipality's new name", english[1]), *_translation_edits(portal)]
    for what, edit in edits:
        edit()
        update = incremental.update()
        assert update.ok, update.problems
        # The English pages come first: no language has rendered anything yet.
        assert incremental.languages_behind == list(TRANSLATIONS), what
        languages = incremental.update_languages()
        assert sorted(languages) == sorted(TRANSLATIONS) and not incremental.languages_behind
        sq = languages["sq"]
        assert sq.written or sq.removed, f"{what} changed no Albanian file"
        # A translation that came or went changes where the language's links lead: all of it again.
        assert sq.everything == (what in ("a new translation", "a deleted translation")), what
        _assert_same(_language_docs(portal, "sq"), _clean_language_docs(portal, "sq"), f"{what} (sq)")
    _assert_same(_files(docs), _clean_docs(portal), "the edits (en)")
    for code in TRANSLATIONS:
        _assert_same(_language_docs(portal, code), _clean_language_docs(portal, code), f"the edits ({code})")


def test_a_changed_title_rewrites_only_the_pages_that_show_it(portal: Path):
    docs = portal / pipeline.DOCS_DIR
    incremental = Incremental(portal, pipeline.render_options(portal), docs)
    everything = incremental.update().written
    practice = _practice_files(portal)[0]
    _replace(practice, "\ntitle: ", "\ntitle: Renewed ")
    # The practice's own pages come first, to be served at once; the lists of every practice follow.
    records = incremental.update_records()
    assert f"practices/{practice.stem}.md" in records.written and records.lists_pending
    assert "practices/index.md" not in records.written
    assert "Renewed" not in (docs / "practices" / "index.md").read_text(encoding="utf-8")
    lists = incremental.update_lists()
    assert "practices/index.md" in lists.written and not lists.lists_pending
    assert "Renewed" in (docs / "practices" / "index.md").read_text(encoding="utf-8")
    written = sorted(set(records.written) | set(lists.written))
    assert len(written) < len(everything) / 4  # not every page again
    assert incremental.update().written == []  # nothing changed since: nothing written
    network = sorted(p for p in (portal / "networks").glob("*.yml") if "." not in p.stem)[0]  # not a translation
    network.write_text(network.read_text(encoding="utf-8") + "# a comment changes no record\n", encoding="utf-8")
    assert incremental.update().written == []
    # A save that comes while the lists are rendered puts them off; its own run lists both saves.
    _replace(practice, "\ntitle: Renewed ", "\ntitle: Renewed again ")
    incremental.update_records()
    assert incremental.update_lists(stop=lambda: True).lists_pending
    assert "Renewed again" not in (docs / "practices" / "index.md").read_text(encoding="utf-8")
    _replace(_practice_files(portal)[1], "\ntitle: ", "\ntitle: Another ")
    assert incremental.update_records().lists_pending
    assert not incremental.update_lists().lists_pending
    index = (docs / "practices" / "index.md").read_text(encoding="utf-8")
    assert "Renewed again" in index and "Another " in index


# Run in a fresh interpreter: this test process may have other threads (the browser fixture's),
# beside which nothing forks.
_FORKED_FIRST_RUN = """
import sys
from pathlib import Path
from generator import build as pipeline, incremental
root = Path(sys.argv[1])
forks = []
real = incremental._render_forked
incremental._render_forked = lambda renderer, workers: forks.append(workers) or real(renderer, workers)
state = incremental.Incremental(root, pipeline.render_options(root), root / "forked-docs")
state.workers = 2
assert state.update().ok and forks == [2], forks
practice = sorted(p for p in (root / "practices").glob("*.md") if "." not in p.stem)[0]
practice.write_text(practice.read_text(encoding="utf-8").replace("\\ntitle: ", "\\ntitle: Renewed ", 1),
                    encoding="utf-8")
assert state.update().written
clean = pipeline.generate(root, pipeline.render_options(root), workers=1).output.files
docs = {p.relative_to(root / "forked-docs").as_posix(): p.read_bytes()
        for p in (root / "forked-docs").rglob("*") if p.is_file()}
assert sorted(docs) == sorted(clean), set(docs) ^ set(clean)
assert [p for p in clean if clean[p] != docs[p]] == []
print(len(docs), "files identical")
"""


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_the_first_run_renders_on_every_core_and_later_saves_still_match_a_full_build(portal: Path):
    # `portal serve` runs it before its threads start; each file keeps its owner, so the next save
    # rewrites and removes exactly what a full build would.
    result = subprocess.run([sys.executable, "-c", _FORKED_FIRST_RUN, str(portal)], capture_output=True, text=True,
                            cwd=REPO, timeout=1200)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "files identical" in result.stdout


def test_the_mkdocs_session_rebuilds_pages_as_a_whole_build_writes_them(portal: Path, tmp_path: Path):
    docs = portal / pipeline.DOCS_DIR
    pipeline.generate(portal, pipeline.render_options(portal), docs_dir=docs)
    site = tmp_path / "site"
    pipeline.run_mkdocs(portal, site, quiet=True, site_url=URL)
    session = SiteSession(portal, site, URL)
    practices = sorted((docs / "practices").glob("*.md"))
    _replace(practices[0], "\n# ", "\n# Renewed ")
    shutil.copy(practices[1], docs / "practices" / "a-new-page.md")
    shutil.copy(practices[1], docs / "practices" / "zz-new-page.md")
    built = session.rebuild([f"practices/{practices[0].name}", "practices/a-new-page.md",
                             "practices/zz-new-page.md"], [])
    assert "practices/a-new-page.html" in built and "sitemap.xml" in built
    (docs / "practices" / "zz-new-page.md").unlink()
    session.rebuild([], ["practices/zz-new-page.md"])
    clean = tmp_path / "clean"
    pipeline.run_mkdocs(portal, clean, quiet=True, site_url=URL)
    _assert_same(_files(site), _files(clean), "pages changed, added and removed")
    (docs / "practices" / "index.md").unlink()  # a page of the navigation: the whole site must be built
    with pytest.raises(WholeBuildNeeded, match="navigation"):
        session.rebuild([], ["practices/index.md"])


def test_served_site_after_edits_matches_a_clean_full_build_and_search_says_it_is_behind(portal: Path, tmp_path: Path,
                                                                                          browser, monkeypatch):
    # The background reindex is held until the browser has seen the stale dialog: on a fast machine it
    # would otherwise finish first and clear the flag before the page opens.
    release = threading.Event()
    reindex = incremental_site.index_site
    monkeypatch.setattr(incremental_site, "index_site",
                        lambda root, site_dir: (release.wait(600), reindex(root, site_dir))[1])
    site = ServedSite()
    rebuilder = Rebuilder(portal, site, URL, quiet=True)
    skip = ("pagefind", *(f"{code}/" for code in TRANSLATIONS))  # Pagefind's index is rebuilt whole
    try:
        assert rebuilder.first_build()
        first = site.current
        for what, edit in _edits(portal):
            edit()
            rebuilder.step([what])
        # Each language's site has caught up with the English saves: its list names the renamed practice.
        for code in TRANSLATIONS:
            assert "Renewed " in (site.current / code / "practices" / "index.html").read_text(encoding="utf-8"), code
        after_english = _sources_copy(portal, tmp_path / "after-english")
        served_after_english = _files(site.current / "sq", skip)
        for what, edit in _translation_edits(portal):
            edit()
            rebuilder.step([what])
        assert site.current == first, "a whole-site build where the changed pages would do"
        # The last save's pages are served before search has caught up: the dialog says so, then not.
        assert incremental_site.search_is_stale(site.current)
        assert "being updated" in _search_dialog_text(browser, site.current)
        # Each language's search reads the English index too: its dialog says so as well, in its language.
        languages = language_sites(site.current)
        assert languages == list(TRANSLATIONS), "the first build built every language site"
        assert [code for code in languages if not incremental_site.search_is_stale(site.current, code)] == []
        assert _search_dialog_text(browser, site.current, ".portal-search__stale", home="sq/index.html")
        release.set()
        assert rebuilder.search.idle.wait(600), "search was never reindexed"
        assert not incremental_site.search_is_stale(site.current)
        assert "being updated" not in _search_dialog_text(browser, site.current)
        assert [code for code in languages if incremental_site.search_is_stale(site.current, code)] == []
        assert not _search_dialog_text(browser, site.current, ".portal-search__stale", home="sq/index.html")

        clean_root = _sources_copy(portal, tmp_path / "clean")
        pipeline.generate(clean_root, pipeline.render_options(clean_root), workers=1,
                          docs_dir=clean_root / pipeline.DOCS_DIR)
        pipeline.run_mkdocs(clean_root, tmp_path / "clean-site", quiet=True, site_url=URL)
        _assert_same(_files(site.current, skip), _files(tmp_path / "clean-site", skip), "the edits")
        # The Albanian site, after the English saves and after the translations' (Pagefind's index aside).
        _assert_same(served_after_english, _clean_language_site(after_english, "sq", tmp_path / "sq-1"),
                     "the English edits (sq)")
        _assert_same(_files(site.current / "sq", skip), _clean_language_site(clean_root, "sq", tmp_path / "sq-2"),
                     "the translations (sq)")
    finally:
        release.set()
        site.remove()


def _sources_copy(portal: Path, target: Path) -> Path:
    """A fresh portal holding `portal`'s sources as they are now."""
    root = copy_portal(target)
    for folder in ("practices", "networks", "registry", "content"):
        shutil.rmtree(root / folder)
        shutil.copytree(portal / folder, root / folder)
    return root


def _clean_language_site(root: Path, language: str, site_dir: Path) -> dict[str, bytes]:
    """The files of `language`'s site as a clean full build of root's sources gives them, served at URL."""
    catalog, problems = pipeline.check(root)
    assert not errors(problems), problems
    pipeline.render_docs(catalog, replace(pipeline.render_options(root), language=language), 1,
                         root / configs.docs_dir(language), pipeline.Progress(quiet=True))
    configs.write_configs(root)
    pipeline.build_site(root, site_dir, workers=1, quiet=True, site_url=f"{URL}{language}/",
                        config_file=configs.config_path(language))
    return _files(site_dir, ("pagefind",))


def _search_dialog_text(browser, site_dir: Path, within: str = "", home: str = "index.html") -> str:
    """The search dialog's text on the served site's page `home` (of the part `within` selects, "" if none)."""
    with serve_folder(site_dir) as base:
        page = browser.new_page()
        try:
            page.goto(base + home)
            page.locator("pagefind-modal-trigger button").first.click()
            page.locator("pagefind-modal input").first.wait_for()
            part = page.locator(f"pagefind-modal {within}".strip())
            return part.first.inner_text() if part.count() else ""
        finally:
            page.close()


def test_mkdocs_yml_and_the_theme_are_full_rebuilds_that_say_why(portal: Path, capsys):
    assert full_rebuild_reason(["practices/x.md", "registry/themes.yml"], portal) is None
    assert "mkdocs.yml changed" in full_rebuild_reason(["mkdocs.yml"], portal)
    assert "overrides/" in full_rebuild_reason(["overrides/main.html"], portal)
    site = ServedSite()
    rebuilder = Rebuilder(portal, site, URL, quiet=True)
    try:
        assert rebuilder.first_build()
        before = site.current
        _replace(portal / "mkdocs.yml", "site_name: ", "site_name: Renamed ")
        rebuilder.step(["mkdocs.yml"])
        assert "Full rebuild: mkdocs.yml changed" in capsys.readouterr().err
        assert site.current != before  # a whole new site folder
        assert b"Renamed " in (site.current / "index.html").read_bytes()
    finally:
        site.remove()
