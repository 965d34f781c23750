"""One site per language (issue 14): site/L/ built from build/docs-L/ with mkdocs.L.yml, the header's
language switcher (extra.alternate) and the hreflang links, and a build that fails in a language."""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path

import pytest

from generator import build as pipeline
from generator import language_sites
from generator.build import build, check
from generator.cli import main
from generator.languages import LANGUAGES, TRANSLATIONS
from generator.translations import source_digest

from conftest import REPO, MiniPortal

SWITCHER_LINK = re.compile(r'<a href="([^"]*)" hreflang="([^"]*)" lang="[^"]*" class="md-select__link"[^>]*>\s*([^<]*?)\s*'
                           r'(?:<span class="portal-switcher__home">[^<]*</span>\s*)?</a>')
# A language whose link leads to its home, as this page is not in it: the note after its name, in that language.
SWITCHER_HOME = re.compile(r'hreflang="([^"]*)" lang="[^"]*" class="md-select__link"[^>]*>\s*[^<]*?\s*'
                           r'<span class="portal-switcher__home">\(([^<]*)\)</span>')
HREFLANG_LINK = re.compile(r'<link rel="alternate " hreflang="([^"]*)" href="([^"]*)">')
HTML_LANG = re.compile(r'<html lang="([^"]*)"')


@pytest.fixture(scope="module")
def portal(tmp_path_factory) -> Path:
    """A small portal with two practices, one of them translated into Albanian; built once."""
    mini = MiniPortal(tmp_path_factory.mktemp("language-sites"))
    mini.practice()
    mini.practice("health-visits", title="Health visits", themes="[health-and-care]")
    catalog, problems = check(mini.root)
    digest = source_digest(catalog.practices["school-exchange"])
    mini.write("practices/school-exchange.sq.md",
               f"---\ntranslation: {{status: machine, by: a translation tool, source: {digest}}}\n"
               "title: Shkëmbim shkollash\nsummary: Nxënësit e dy qyteteve i shkruajnë njëri-tjetrit.\n---\n"
               "## Konteksti\n\nDy shkolla u bashkuan.\n")
    generated = build(mini.root, quiet=True, workers=2)
    assert generated.ok, "\n".join(str(p) for p in generated.problems)
    return mini.root


def _page(portal: Path, relative: str) -> str:
    return (portal / "site" / relative).read_text(encoding="utf-8")


def _resolve(page: str, href: str) -> str:
    """A relative link on `page` (a path in site/) as a path in site/; ".." above site/ stays visible."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href))


def _lang_of(portal: Path, relative: str) -> str:
    return HTML_LANG.search(_page(portal, relative)).group(1)


def test_each_language_has_its_own_site_with_its_language_on_every_page(portal: Path):
    for code in TRANSLATIONS:
        pages = sorted((portal / "site" / code).rglob("*.html"))
        assert any(page.name == "index.html" and page.parent.name == code for page in pages), code
        briefs = portal / "site" / code / "briefs"  # standalone pages, not MkDocs': their own <html>
        for page in pages:
            if briefs not in page.parents:
                assert HTML_LANG.search(page.read_text(encoding="utf-8")).group(1) == code, page
    # English stays where it was, in English, and holds no language's docs.
    assert _lang_of(portal, "index.html") == "en"
    assert not any(path.name.startswith("docs-") for path in (portal / "build" / "docs").iterdir())


def test_the_navigation_is_in_the_language_of_its_site(portal: Path):
    tabs = re.findall(r'class="md-tabs__link">\s*([^<]*?)\s*</a>', _page(portal, "sq/index.html"))
    assert "Praktikat" in tabs and "Rrjetet" in tabs and "Practices" not in tabs
    english = re.findall(r'class="md-tabs__link">\s*([^<]*?)\s*</a>', _page(portal, "index.html"))
    assert "Practices" in english


def test_the_site_wide_table_script_speaks_the_language_of_its_site(portal: Path):
    page = _page(portal, "sq/municipalities/index.html")
    scripts = re.findall(r'<script src="([^"]*assets/tables[^"]*\.js)"', page)
    assert [posixpath.basename(s) for s in scripts] == ["tables.sq.js", "tables.js"]
    messages = (portal / "site" / "sq" / "assets" / "tables.sq.js").read_text(encoding="utf-8")
    assert "Filtro këtë tabelë" in messages
    assert not re.search(r'assets/tables\.[a-z]{2}\.js', _page(portal, "municipalities/index.html"))


def test_a_language_site_names_itself_and_its_footer_in_its_language_and_links_the_english_feed(portal: Path):
    from generator.i18n import translations
    sq = translations("sq").gettext
    page = _page(portal, "sq/practices/index.html")
    name = sq("Good practices for inter-municipal learning")
    assert name != "Good practices for inter-municipal learning"
    assert f"- {name}</title>" in page  # the portal's shipped name (mkdocs.yml as shipped)
    footer = page[page.index('<div class="md-copyright">'):]
    assert sq("Accessibility statement") in footer and "Accessibility statement" not in footer
    feed = re.search(r'<link rel="alternate " type="application/atom\+xml"[^>]* href="([^"]*)">', page).group(1)
    assert _resolve("sq/practices/index.html", feed) == "feed.xml" and (portal / "site" / "feed.xml").is_file()
    english = _page(portal, "practices/index.html")
    assert "Accessibility statement" in english and 'href="../feed.xml"' in english


def test_the_switcher_lists_every_language_by_its_own_name_and_every_link_resolves(portal: Path):
    site = portal / "site"
    pages = [p.relative_to(site).as_posix() for p in site.rglob("*.html") if "briefs" not in p.parts]
    assert len(pages) > 50
    for page in pages:
        links = SWITCHER_LINK.findall(_page(portal, page))
        assert [name for _, _, name in links] == [language.name for language in LANGUAGES], page
        for href, code, _ in links:
            if page.endswith("404.html"):  # served at any address: from the site's own path, as its other links
                assert href.startswith("/good-practice-portal/") and "//" not in href, href
                href = posixpath.relpath(href, "/good-practice-portal/" + posixpath.dirname(page))
            target = _resolve(page, href)
            assert not target.startswith("../") and (site / target).is_file(), (page, href)
            assert _lang_of(portal, target) == code, (page, href)


def test_the_switcher_keeps_the_page_where_the_language_has_it_else_goes_home(portal: Path):
    def switcher(page: str) -> dict[str, str]:
        return {code: _resolve(page, href) for href, code, _ in SWITCHER_LINK.findall(_page(portal, page))}

    english = switcher("practices/school-exchange.html")
    assert english["sq"] == "sq/practices/school-exchange.html"
    assert english["sh"] == "sh/index.html" and english["en"] == "practices/school-exchange.html"
    albanian = switcher("sq/practices/school-exchange.html")
    assert albanian["en"] == "practices/school-exchange.html" and albanian["mk"] == "mk/index.html"
    # An index page is in every language: the switcher stays on it.
    assert switcher("sq/practices/index.html")["nb"] == "nb/practices/index.html"
    # No page of sq for the practice that is not translated: its English page goes to sq's home.
    assert switcher("practices/health-visits.html")["sq"] == "sq/index.html"


def test_the_switcher_says_which_languages_lead_to_their_home_instead(portal: Path):
    def notes(page: str) -> dict[str, str]:
        return dict(SWITCHER_HOME.findall(_page(portal, page)))

    # The translated practice is in English and Albanian: the three others lead home, and say so in their words.
    assert notes("practices/school-exchange.html") == {
        "sh": "početna stranica", "mk": "почетна страница", "nb": "forsiden"}
    assert notes("sq/practices/school-exchange.html") == notes("practices/school-exchange.html")
    assert notes("practices/health-visits.html") == {
        "sq": "faqja kryesore", "sh": "početna stranica", "mk": "почетна страница", "nb": "forsiden"}
    assert notes("sq/practices/index.html") == {}  # an index page is in every language


def test_hreflang_links_name_the_page_in_each_of_its_languages(portal: Path):
    for page in ("practices/school-exchange.html", "sq/practices/school-exchange.html"):
        text = _page(portal, page)
        links = {code: _resolve(page, href) for code, href in HREFLANG_LINK.findall(text)}
        assert links == {"en": "practices/school-exchange.html", "x-default": "practices/school-exchange.html",
                         "sq": "sq/practices/school-exchange.html"}, page
        # Material's script downloads the sitemap.xml beside every exact rel="alternate" link, on every page.
        assert not re.search(r'<link[^>]* rel="alternate"', text), page
    assert not HREFLANG_LINK.search(_page(portal, "practices/health-visits.html"))


def test_each_language_config_builds_its_site_from_its_docs_folder(portal: Path):
    from mkdocs.config import load_config

    config = load_config(config_file=str(portal / "mkdocs.sq.yml"))
    assert Path(config.docs_dir) == portal / "build" / "docs-sq"
    assert Path(config.site_dir) == portal / "site" / "sq"
    assert config.theme["language"] == "sq"
    assert config.site_url.endswith("/good-practice-portal/sq/")
    assert Path(config.theme.custom_dir) == portal / "overrides"
    assert config.extra["alternate"] == language_sites.alternates("sq")


def test_the_shipped_config_lists_the_languages_as_the_language_configs_do():
    assert language_sites.read_config(REPO)["extra"]["alternate"] == language_sites.alternates("en")


def test_a_language_that_fails_to_build_leaves_the_previous_site_intact(portal: Path, tmp_path: Path,
                                                                         monkeypatch, capsys):
    root = tmp_path / "portal"
    shutil.copytree(portal, root, symlinks=True)
    before = {p.relative_to(root / "site").as_posix(): p.read_bytes()
              for p in (root / "site").rglob("*") if p.is_file()}
    real_build_site = pipeline.build_site

    def failing_in_mk(root_, site_dir, **options):
        if Path(options.get("config_file", "")).name == "mkdocs.mk.yml":
            raise pipeline.BuildError("MkDocs warnings (strict):\na page of mk is broken")
        return real_build_site(root_, site_dir, **options)

    monkeypatch.setattr(pipeline, "build_site", failing_in_mk)
    (root / "practices" / "school-exchange.md").write_text(
        (root / "practices" / "school-exchange.md").read_text(encoding="utf-8").replace("Two schools", "Three schools"),
        encoding="utf-8")
    assert main(["build", "--root", str(root), "--jobs", "2"]) == 1
    error = capsys.readouterr().err
    assert "a page of mk is broken" in error and "Traceback" not in error
    after = {p.relative_to(root / "site").as_posix(): p.read_bytes()
             for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not (root / "site.new").exists() and not (root / "site.old").exists()


def test_portal_serve_builds_every_language_and_a_saved_translation_rebuilds_its_pages(portal: Path, tmp_path: Path,
                                                                                       capsys):
    from generator.serve import Rebuilder, ServedSite, full_rebuild_reason

    root = tmp_path / "portal"
    shutil.copytree(portal, root, symlinks=True, ignore=shutil.ignore_patterns("site"))
    assert full_rebuild_reason(["practices/school-exchange.md"], root) is None
    assert full_rebuild_reason(["practices/school-exchange.sq.md"], root) is None
    site = ServedSite()
    rebuilder = Rebuilder(root, site, "http://127.0.0.1:8765/", quiet=False)
    try:
        assert rebuilder.first_build()
        served = site.current
        assert HTML_LANG.search((served / "sq" / "index.html").read_text(encoding="utf-8")).group(1) == "sq"
        assert "the English pages come first, then the sites in sq" in capsys.readouterr().err
        translation = root / "practices" / "school-exchange.sq.md"
        translation.write_text(translation.read_text(encoding="utf-8").replace("Shkëmbim shkollash", "Shkëmbim nxënësish"),
                               encoding="utf-8")
        rebuilder.step(["practices/school-exchange.sq.md"])
        report = capsys.readouterr().err
        assert "Full rebuild" not in report and "Full site build" not in report
        assert re.search(r"Language sites rebuilt in [\d.]+ s after a change to practices/school-exchange.sq.md: "
                         r"sq \d+ pages?\b", report), report
        assert site.current == served, "the Albanian pages rebuilt in the served site, not a whole new one"
        page = (site.current / "sq" / "practices" / "school-exchange.html").read_text(encoding="utf-8")
        assert "Shkëmbim nxënësish" in page
        # An English save: its pages first, then each language's.
        original = root / "practices" / "health-visits.md"
        original.write_text(original.read_text(encoding="utf-8").replace("title: Health visits", "title: Home visits"),
                            encoding="utf-8")
        rebuilder.step(["practices/health-visits.md"])
        report = capsys.readouterr().err
        assert report.index("Rebuilt in") < report.index("Language sites rebuilt"), report
        assert "Home visits" in (site.current / "sq" / "practices" / "index.html").read_text(encoding="utf-8")
    finally:
        site.remove()
