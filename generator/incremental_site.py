"""The served site after an incremental regeneration: only the changed pages rebuilt, search behind.

MkDocs rebuilds the docs files just written or removed into the served folder, with the
configuration, files and navigation it loaded once after the last whole build (site_session.py;
site_build.build_site with `only=`, which loads them all again, where there is no session), and
sitemap.xml and 404.html when pages came or went (they list every page, or the navigation). A changed title of a page that the navigation names without
a title of its own would change every page: that is a whole-site build. A language's site (site/L/,
built from build/docs-L/ with mkdocs.L.yml) has its PageBuilds too, always through
site_build.build_site with `only=` and that config (the session reads mkdocs.yml). The search index is
rebuilt in the background; until it is done, the search dialog says that results may be out of
date (portal-search.js reads the flag that `mark_search_stale` sets in its served copies, the English
site's and each language site's).
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Callable

from .incremental import Update
from .search import BUNDLE_DIR, index_site, language_sites
from .site_session import SiteSession, WholeBuildNeeded

SEARCH_SCRIPT_NAME = "portal-search.js"
STALE_FALSE, STALE_TRUE = "/* STALE */false", "/* STALE */true"
LISTS_OF_PAGES = ("sitemap.xml", "404.html")  # as site_build names the theme templates that list every page


def pages_builder() -> Callable | None:
    """site_build.build_site where it exists (it rebuilds listed pages into a built site), else None."""
    try:
        from .site_build import build_site
    except ImportError:
        return None
    return build_site


class PageBuilds:
    """Rebuilds the pages an update touched into a built site; knows when only a whole-site build will do."""

    def __init__(self, root: Path, docs_dir: Path, config_file: str | Path = "mkdocs.yml"):
        """`config_file`: a language's (mkdocs.L.yml, with `docs_dir`, its build/docs-L/), relative to root."""
        self.root, self.docs_dir, self.config_file = Path(root), Path(docs_dir), Path(config_file)
        self.titles: dict[str, str | None] = {}
        self.session: SiteSession | None = None
        self.reset()

    def reset(self, site_dir: Path | None = None, site_url: str | None = None) -> str | None:
        """After a whole-site build: the titles the navigation shows now, and (given the folder built)
        a MkDocs session for it. None, or why pages will be rebuilt without a session."""
        self.titles = {path: self._title(path) for path in untitled_nav_pages(self.root)}
        self.session = None
        if site_dir is None or self.config_file != Path("mkdocs.yml"):
            return None
        try:
            self.session = SiteSession(self.root, site_dir, site_url)
        except Exception as error:  # a build would fail as well, or a set-up the session does not follow
            return f"{type(error).__name__}: {str(error).strip()[:200]}"
        return None

    def _title(self, path: str) -> str | None:
        target = self.docs_dir / path
        return page_title(target.read_bytes()) if target.is_file() else None

    def whole_site_reason(self, update: Update) -> str | None:
        for path in sorted(set(update.written) & set(self.titles)):
            if self._title(path) != self.titles[path]:
                return f"the title of {path} changed, and the navigation on every page shows it"
        return None

    def rebuild(self, site_dir: Path, update: Update, site_url: str | None) -> bool:
        """Rebuild the docs files the update wrote or removed into site_dir; False if it cannot be done so."""
        if self.session is not None and self.session.site_dir == Path(site_dir):
            try:
                self.session.rebuild(update.written, update.removed)
                return True
            except WholeBuildNeeded:
                self.session = None  # the whole build that follows starts a new one
                raise
        build_site = pages_builder()
        if build_site is None:
            return False
        only = set(update.written) | set(update.removed)
        if any(path.endswith(".md") for path in [*update.added, *update.removed]):
            only |= set(LISTS_OF_PAGES)
        build_site(self.root, site_dir, workers=1, only=sorted(only), site_url=site_url, quiet=True,
                   config_file=self.config_file)
        return True


def untitled_nav_pages(root: Path) -> set[str]:
    """Docs pages the navigation names without a title, so that every page shows their own heading."""
    import yaml

    class _Lenient(yaml.SafeLoader):
        pass

    _Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load((Path(root) / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Lenient) or {}
    except (OSError, yaml.YAMLError):
        return set()
    found: set[str] = set()

    def walk(entries) -> None:
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, str):
                found.add(entry)
            elif isinstance(entry, dict):
                for value in entry.values():
                    walk(value) if isinstance(value, list) else None

    walk(config.get("nav") if isinstance(config, dict) else None)
    return found


def page_title(markdown: bytes) -> str | None:
    """A docs page's title as MkDocs takes it: front matter `title:`, else the first `# ` heading."""
    text = markdown.decode("utf-8", "replace")
    if text.startswith("---"):
        head = text.split("\n---", 1)[0]
        for line in head.splitlines():
            if line.startswith("title:"):
                return line[6:].strip()
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return None


def search_scripts(site_dir: Path) -> list[Path]:
    """The served search script of the English site and of each language site in it (site/L/).

    Each language's search also reads the English index, so a save in English puts them all behind."""
    site_dir = Path(site_dir)
    return [site_dir / BUNDLE_DIR / SEARCH_SCRIPT_NAME,
            *(site_dir / code / BUNDLE_DIR / SEARCH_SCRIPT_NAME for code in language_sites(site_dir))]


def mark_search_stale(site_dir: Path) -> bool:
    """Set the stale flag in every served search script; False if the English site has no search yet."""
    english, *languages = search_scripts(site_dir)
    for script in languages:
        _set_stale_flag(script)
    return _set_stale_flag(english)


def _set_stale_flag(script: Path) -> bool:
    try:
        text = script.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    if STALE_FALSE in text:
        script.write_text(text.replace(STALE_FALSE, STALE_TRUE), encoding="utf-8")
    return STALE_TRUE in text or STALE_FALSE in text


def search_is_stale(site_dir: Path, language: str | None = None) -> bool:
    """Whether the search dialog of the English site (or of language's site in it) says it is behind."""
    script = Path(site_dir) / (language or "") / BUNDLE_DIR / SEARCH_SCRIPT_NAME
    return script.is_file() and STALE_TRUE in script.read_text(encoding="utf-8")


class BackgroundIndex:
    """Reindexes the served site after pages changed, one run at a time, again if pages changed meanwhile.

    index_site writes a fresh search script, whose flag is clear: the notice goes with the old index.
    """

    def __init__(self, root: Path, current_site: Callable[[], Path | None], quiet: bool = False):
        self.root, self.current_site, self.quiet = root, current_site, quiet
        self.wanted = threading.Event()
        self.idle = threading.Event()
        self.idle.set()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="search-index")

    def request(self) -> None:
        self.idle.clear()
        self.wanted.set()
        if not self._thread.is_alive():  # started at the first request: the first build may fork before it
            self._thread.start()

    def _loop(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            site_dir = self.current_site()
            if site_dir is not None:
                try:
                    index_site(self.root, site_dir)
                    if self.wanted.is_set():  # pages changed while indexing: the fresh script must not say "current"
                        mark_search_stale(site_dir)
                except Exception as error:  # the folder was replaced meanwhile, or Pagefind failed
                    if site_dir == self.current_site():
                        print(f"Search not reindexed ({type(error).__name__}: {str(error)[:200]}); "
                              "it says so in the search dialog until the next save.", file=sys.stderr)
                        mark_search_stale(site_dir)
            if not self.wanted.is_set():
                self.idle.set()
