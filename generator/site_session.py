"""A built site's MkDocs state kept for `portal serve`: a save rebuilds its pages without reloading it all.

`site_build.build_site(only=)` loads the configuration, walks every docs file and renders the
navigation's pages on every call, whatever the number of pages listed: at 1,000 practices that is
most of a save's time. A SiteSession does that once, after a whole build of the served folder, and
then, per save, renders and writes only the docs files listed, with MkDocs' own steps
(mkdocs/commands/build.py), so each page comes out as `mkdocs build` writes it:

- a changed page is read and rendered again (a page of the navigation too: its title is checked
  by incremental_site before, a new one means a whole build) and written through the theme;
- a new docs file gets its File, in MkDocs' order of files (the sitemap lists pages in it), and a
  Page if it is one; a removed file loses its File and its built file. Pages coming or going
  rebuild sitemap.xml(.gz) and 404.html;
- links to anchors are checked from the rebuilt pages, rendering (not writing) the pages they link
  to that this session has not rendered yet;
- any MkDocs warning fails the rebuild (strict, as a whole build), and a change the session does
  not follow (a page of the navigation added or removed, a file shadowing a theme file, a README)
  raises WholeBuildNeeded saying why: the caller then builds the whole site.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Collection, Iterator
from pathlib import Path

from .site_build import CONFIG_FILE, BuildError

LISTS_OF_PAGES = ("sitemap.xml", "404.html")  # theme templates that list every page, or the navigation


class WholeBuildNeeded(Exception):
    """A change this session does not follow; its message says why, in plain words."""


class SiteSession:
    """MkDocs' configuration, files and navigation for one built site folder, kept between saves."""

    def __init__(self, root: Path, site_dir: Path, site_url: str | None = None):
        from mkdocs.config import load_config
        from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation

        self.site_dir = Path(site_dir)
        self._gone_files: dict = {}
        with _strict("MkDocs could not load the site"):
            overrides = {"site_url": site_url} if site_url else {}
            config = load_config(config_file=str(Path(root) / CONFIG_FILE), site_dir=str(site_dir), strict=True,
                                 **overrides)
            if list(config.plugins.items()):
                raise WholeBuildNeeded("mkdocs.yml names plugins, which may read every page")
            self.config = config = config.plugins.on_config(config)
            files = get_files(config)
            self.env = config.theme.get_env()
            files.add_files_from_theme(self.env, config)
            set_exclusions(files, config)
            self.files = files
            self.nav = get_navigation(files, config)
            self.in_nav = {page.file.src_uri for page in self.nav.pages}
            self._is_included = InclusionLevel.is_included
            self._refresh_pages()
            for page in self.nav.pages:  # every page shows their titles
                self._render(page)
            self._compile_theme()
        docs = [file for file in files if self._from_docs(file)]
        self.order_known = docs == sorted(docs, key=_file_order)

    # ------------------------------------------------------------ one save

    def rebuild(self, written: Collection[str], removed: Collection[str]) -> list[str]:
        """Build the docs files written (new or changed) and drop the removed ones' output; the
        site-relative paths of what was written. Raises WholeBuildNeeded or site_build.BuildError."""
        added = sorted(path for path in written if self.files.get_file_from_path(path) is None)
        gone = sorted(path for path in removed if self.files.get_file_from_path(path) is not None)
        self._follow(added, gone)
        built: list[str] = []
        with _strict("MkDocs could not rebuild the pages"):
            for path in gone:
                self._drop(path)
            pages = []
            for path in sorted(set(written)):
                file = self.files.get_file_from_path(path)
                if file is None or not self._is_included(file.inclusion):
                    continue
                if file.is_documentation_page():
                    pages.append(file.page)
                else:
                    file.copy_file()
                    built.append(file.dest_uri)
            for page in pages:
                self._render(page)
            for page in pages:
                self._write(page)
                built.append(page.file.dest_uri)
            if any(path.endswith(".md") for path in added + gone):
                built += self._build_lists_of_pages()
            self._check_anchors(pages)
            for page in pages:
                if page.file.src_uri not in self.in_nav:
                    page.content = None  # written; its anchors stay for the links of later saves
        return built

    def _follow(self, added: list[str], gone: list[str]) -> None:
        """Files and pages for the docs files that came, none for those that went."""
        from mkdocs.structure.files import File, Files, set_exclusions

        if not added and not gone:
            return
        for path in added + gone:
            reason = self._unfollowed(path)
            if reason:
                raise WholeBuildNeeded(reason)
        config = self.config
        new = [File(path, config.docs_dir, config.site_dir, config.use_directory_urls) for path in added]
        set_exclusions(new, config)
        files = [file for file in self.files if file.src_uri not in gone]
        docs = sorted([file for file in files if self._from_docs(file)] + new, key=_file_order)
        self._gone_files = {path: self.files.get_file_from_path(path) for path in gone}
        self.files = Files(docs + [file for file in files if not self._from_docs(file)])
        self._refresh_pages()

    def _unfollowed(self, path: str) -> str | None:
        name = os.path.basename(path)
        if path in self.in_nav:
            return f"{path}, a page of the navigation, came or went"
        if os.path.splitext(name)[0] == "README":
            return f"{path} is a README, which MkDocs may take for its folder's index"
        if not self.order_known:
            return "MkDocs' files are in an order this session cannot extend"
        existing = self.files.get_file_from_path(path)
        if existing is not None and not self._from_docs(existing):
            return f"{path} replaces a file of the theme"
        return None

    def _refresh_pages(self) -> None:
        """Each included docs page has its Page (the navigation's own, or one outside it)."""
        from mkdocs.structure.pages import Page

        self.doc_files = self.files.documentation_pages(inclusion=self._is_included)
        for file in self.doc_files:
            if file.page is None:  # outside the navigation (get_navigation made the others)
                Page(None, file, self.config)

    def _compile_theme(self) -> None:
        """Compile the theme's templates now, not at the first save (most of its time otherwise)."""
        for name in self.env.list_templates(extensions=["html", "xml"]):
            with contextlib.suppress(Exception):  # a template that does not compile fails where it is used
                self.env.get_template(name)

    def _from_docs(self, file) -> bool:
        return file.src_dir == self.config.docs_dir

    # ------------------------------------------------------------ MkDocs' own steps

    def _render(self, page) -> None:
        from mkdocs.commands.build import _populate_page

        _populate_page(page, self.config, self.files)

    def _write(self, page) -> None:
        from mkdocs.commands.build import _build_page

        _build_page(page, self.config, self.doc_files, self.nav, self.env)

    def _drop(self, path: str) -> None:
        file = self._gone_files.get(path)
        if file is not None and file.abs_dest_path:
            with contextlib.suppress(FileNotFoundError):
                os.remove(file.abs_dest_path)

    def _build_lists_of_pages(self) -> list[str]:
        from mkdocs.commands.build import _build_theme_template

        built = []
        for name in self.config.theme.static_templates:
            if name in LISTS_OF_PAGES:
                _build_theme_template(name, self.env, self.files, self.config, self.nav)
                built.append(name)
        return built

    def _check_anchors(self, pages: list) -> None:
        """MkDocs' check of links to anchors, from the rebuilt pages; targets not rendered yet are."""
        level = self.config.validation.links.anchors
        for page in pages:
            for target in (page.links_to_anchors or {}):
                if target.page is not None and target.page.present_anchor_ids is None \
                        and self._is_included(target.inclusion):
                    self._render(target.page)
                    if target.src_uri not in self.in_nav:
                        target.page.content = None
        for page in pages:
            page.validate_anchor_links(files=self.files, log_level=level)


def _file_order(file) -> tuple:
    """MkDocs' order of docs files (get_files): a folder's index first, then its files, then subfolders."""
    from mkdocs.structure.files import file_sort_key

    return file_sort_key(file)


@contextlib.contextmanager
def _strict(what: str) -> Iterator[None]:
    """Any warning MkDocs logs meanwhile, or its own error, is a BuildError (as `mkdocs build --strict`)."""
    from mkdocs.exceptions import MkDocsException

    messages: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    collector = Collector(logging.WARNING)
    logger.addHandler(collector)
    try:
        yield
    except (MkDocsException, SystemExit) as error:
        raise BuildError(f"{what}: {error}\n" + "\n".join(messages)) from None
    finally:
        logger.removeHandler(collector)
    if messages:
        raise BuildError("MkDocs warnings (strict):\n" + "\n".join(messages))
