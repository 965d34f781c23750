"""The build stage's MkDocs part: the docs folder into a site, on one core or several.

With one worker this is exactly `mkdocs build --strict`. With more, it is the same
build cut along its pages, using MkDocs' own steps (mkdocs/commands/build.py) so
that every file comes out byte for byte as one process would write it:

- The parent loads the configuration, the files and the navigation once, and
  renders the Markdown of the pages the navigation lists (the nav names sections
  only), since every page shows their titles. Workers are forked from there and
  inherit all of it.
- Each worker takes shares of the other pages: it renders their Markdown, then
  writes them through the theme. A page needs nothing of another page beyond the
  navigation's, so a share is complete on its own.
- Meanwhile the parent writes what lists every page or no page: the static files
  and theme assets, sitemap.xml(.gz), 404.html and any extra templates (their
  Page objects exist for every file; the sitemap needs only their addresses and
  dates). Anything of those that a page would overwrite is written before the
  workers start, as MkDocs writes pages last.
- Anchor links across pages are checked in the parent at the end, from the anchors
  the workers report, with MkDocs' own check.

Log records are caught where they happen, tagged with the step and page that
logged them, and replayed in the parent in the order one process would log them,
so strict mode fails with the same messages, in the same order.

Plugins may read every page (search, tags, social cards) or change what others
see: with any plugin or hook configured the build stays in one process. So does
a process that runs other threads (`portal serve`'s server), which a fork would
not copy safely.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import math
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Collection, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .lifetime import kill_workers, start_worker
from .render.parallel import available_cores

CONFIG_FILE = "mkdocs.yml"
MIN_PAGES_PER_WORKER = 40  # below this, forking a worker costs more than it saves
SHARES_PER_WORKER = 4  # small shares let a worker that finished early take over the rest

log = logging.getLogger("mkdocs.commands.build")  # MkDocs' own logger, as its build step logs

# Steps of a build, in the order one process runs them; a log record's place is (step, item).
POPULATE, STATIC, THEME_TEMPLATE, EXTRA_TEMPLATE, PAGE = range(5)


class BuildError(Exception):
    pass


def build_site(root: Path, site_dir: Path, *, workers: int | None = None, only: Collection[str] | None = None,
               site_url: str | None = None, quiet: bool = False, config_file: str | Path = CONFIG_FILE) -> None:
    """`mkdocs build --strict` of root's mkdocs.yml into site_dir; raises BuildError on any warning.

    `config_file`: another config, relative to root (a language's, generator/language_sites.py).
    `workers`: processes for the pages (default: one per core); 1 is MkDocs' own build.
    `site_url`: overrides mkdocs.yml's (`portal serve` gives its own address).
    `only`: docs-relative source paths (e.g. "practices/foo.md") to rebuild into an existing
    site_dir, leaving every other file as it is. A listed page is rendered and written; a
    listed static file is copied; a listed theme template ("sitemap.xml", which also writes
    sitemap.xml.gz, or "404.html") or extra template is rebuilt. A listed path that is no
    longer in the docs folder has its built file removed. The sitemap lists every page's
    address and the build date, and 404.html shows the navigation: list them when pages
    were added or removed, or when a page the navigation names changed its title.
    Anchor links are checked from the listed pages only (to any page).
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    collector = _WarningCollector()
    logger.addHandler(collector)
    previous_level = logger.level
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    try:
        overrides = {"site_url": site_url} if site_url else {}
        config = load_config(config_file=str(Path(root) / config_file), site_dir=str(site_dir), strict=True,
                             **overrides)
        _build(config, workers or available_cores(), only)
    except (MkDocsException, SystemExit) as error:
        raise BuildError(f"MkDocs failed: {error}\n" + "\n".join(collector.messages)) from None
    finally:
        logger.removeHandler(collector)
        logger.setLevel(previous_level)
    if collector.messages:
        raise BuildError("MkDocs warnings (strict):\n" + "\n".join(collector.messages))


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _build(config, workers: int, only: Collection[str] | None) -> None:
    from mkdocs.commands.build import build as mkdocs_build

    if only is None and (workers <= 1 or not _can_fork(config)):
        mkdocs_build(config)  # today's build, unchanged
        return
    _SplitBuild(config, only).run(workers if _can_fork(config) else 1)


def _can_fork(config) -> bool:
    return (sys.platform == "linux" and threading.active_count() == 1 and not list(config.plugins.items()))


# --- one build cut along its pages ----------------------------------------------------------------

@dataclass
class _ShareResult:
    records: list[tuple[tuple[int, int], int, str, int, str]] = field(default_factory=list)
    anchors: dict[str, set[str] | None] = field(default_factory=dict)  # src_uri: anchors the page has
    links: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # src_uri: {target: {anchor: link}}
    error: BaseException | None = None


_current: "_SplitBuild | None" = None  # set just before forking; the workers inherit it


class _SplitBuild:
    """MkDocs' build() step by step, with the pages' steps done in shares (see the module docstring)."""

    def __init__(self, config, only: Collection[str] | None):
        self.config = config
        self.only = None if only is None else {Path(path).as_posix() for path in only}
        self.capture = _Capture()

    def run(self, workers: int) -> None:
        from mkdocs import utils
        from mkdocs.exceptions import Abort, BuildError as MkDocsBuildError

        logger = logging.getLogger("mkdocs")
        counter = utils.CountHandler()
        counter.setLevel(logging.WARNING)
        logger.addHandler(counter)
        try:
            started = time.monotonic()
            self._prepare()
            try:
                self._pages_and_the_rest(workers)
            finally:
                self.capture.replay()
            if error := self.capture.error:
                raise error
            self._check_anchors()
            self.config.plugins.on_post_build(config=self.config)
            if counts := counter.get_counts():
                message = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
                raise Abort(f"Aborted with {message} in strict mode!")
            log.info(f"Documentation built in {time.monotonic() - started:.2f} seconds")
        except Exception as error:
            self.config.plugins.on_build_error(error=error)
            if isinstance(error, MkDocsBuildError):
                log.error(str(error))
                raise Abort("Aborted with a BuildError!")
            raise
        finally:
            logger.removeHandler(counter)

    def _prepare(self) -> None:
        """Configuration, files and navigation, as build() gathers them; the navigation's pages rendered."""
        from mkdocs import utils
        from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page

        config = self.config = self.config.plugins.on_config(self.config)
        config.plugins.on_pre_build(config=config)
        if self.only is None:
            log.info("Cleaning site directory")
            utils.clean_directory(config.site_dir)
            log.info(f"Building documentation to directory: {config.site_dir}")
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        self.nav = config.plugins.on_nav(nav, config=config, files=files)
        self.files = files
        self.doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for file in self.doc_files:
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
        in_nav = {id(page) for page in self.nav.pages}
        self.nav_indices = [i for i, file in enumerate(self.doc_files) if id(file.page) in in_nav]
        wanted = self._wanted_pages()
        self.pages_to_build = [i for i, file in enumerate(self.doc_files) if file.src_uri in wanted]
        with self.capture.into(self.capture.result):
            for index in self.nav_indices:
                self._populate(index)
        self.env = config.plugins.on_env(env, config=config, files=files)

    def _wanted_pages(self) -> set[str]:
        sources = {file.src_uri for file in self.doc_files}
        return sources if self.only is None else sources & self.only

    def _populate(self, index: int) -> None:
        from mkdocs.commands.build import _populate_page

        self.capture.position = (POPULATE, index)
        _populate_page(self.doc_files[index].page, self.config, self.files)

    # The pages in shares, and meanwhile the files that are not pages.

    def _pages_and_the_rest(self, workers: int) -> None:
        global _current
        if self.only is not None:
            self._remove_outputs_of_missing(self.only)
        steps = self._other_steps()
        page_outputs = {self.doc_files[i].abs_dest_path for i in range(len(self.doc_files))}
        overwritten = [step for step in steps if step[3] in page_outputs]
        with self.capture.into(self.capture.result):
            for step in overwritten:  # MkDocs writes pages last: these must come first
                self._run_step(step)
        rest = [step for step in steps if step[3] not in page_outputs]
        workers = min(workers, math.ceil(len(self.pages_to_build) / MIN_PAGES_PER_WORKER))
        if workers <= 1:
            with self.capture.into(self.capture.result):
                for step in rest:
                    self._run_step(step)
            self.capture.add(self._build_share(self.pages_to_build))
            return
        _compile_templates(self.env)
        _current = self
        gc.freeze()  # the workers' collector then leaves the inherited objects, and their pages, unshared
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=start_worker, initargs=(os.getpid(),))
        try:
            futures = [pool.submit(_build_share_in_worker, share) for share in _shares(self.pages_to_build, workers)]
            with self.capture.into(self.capture.result):
                for step in rest:
                    self._run_step(step)
            for future in futures:
                self.capture.add(future.result())
        except BaseException:
            kill_workers(pool)
            raise
        finally:
            pool.shutdown()
            _current = None
            gc.unfreeze()

    def _other_steps(self) -> list[tuple[int, int, object, str]]:
        """(step, item, what, output path) for every file that is not a page, in MkDocs' order."""
        from mkdocs.structure.files import InclusionLevel

        config, only = self.config, self.only
        steps = []
        for index, file in enumerate(self.files):
            if (not file.is_documentation_page() and InclusionLevel.is_included(file.inclusion)
                    and (only is None or file.src_uri in only)):
                steps.append((STATIC, index, file, file.abs_dest_path))
        for index, name in enumerate(config.theme.static_templates):
            if only is None or name in only:
                steps.append((THEME_TEMPLATE, index, name, os.path.join(config.site_dir, name)))
        for index, name in enumerate(config.extra_templates):
            if only is None or name in only:
                file = self.files.get_file_from_path(name)
                steps.append((EXTRA_TEMPLATE, index, name, file.abs_dest_path if file else ""))
        return steps

    def _run_step(self, step: tuple[int, int, object, str]) -> None:
        from mkdocs.commands.build import _build_extra_template, _build_theme_template

        kind, index, what, _ = step
        self.capture.position = (kind, index)
        if kind == STATIC:
            what.copy_file()
        elif kind == THEME_TEMPLATE:
            _build_theme_template(what, self.env, self.files, self.config, self.nav)
        else:
            _build_extra_template(what, self.files, self.config, self.nav)

    def _remove_outputs_of_missing(self, only: set[str]) -> None:
        from mkdocs.structure.files import File

        present = {file.src_uri for file in self.files} | set(self.config.theme.static_templates)
        for source in sorted(only - present):
            gone = File(source, src_dir=self.config.docs_dir, dest_dir=self.config.site_dir,
                        use_directory_urls=self.config.use_directory_urls)
            with contextlib.suppress(FileNotFoundError):
                os.remove(gone.abs_dest_path)

    def _build_share(self, share: list[int], in_worker: bool = False) -> _ShareResult:
        """Render and write these pages; what they logged and their anchors come back."""
        from mkdocs.commands.build import _build_page

        result = _ShareResult()
        with self.capture.into(result):
            try:
                populated = set(self.nav_indices)
                # Page by page (the log's places keep one process's order): a worker holds one
                # page's Markdown and HTML at a time, not a whole share's.
                for index in share:
                    if index not in populated:
                        self._populate(index)
                    self.capture.position = (PAGE, index)
                    _build_page(self.doc_files[index].page, self.config, self.doc_files, self.nav, self.env)
                    self._report_anchors(self.doc_files[index].page, result, in_worker)
            except Exception as error:  # MkDocs logged it; it is raised again in the parent
                result.error = error
        return result

    @staticmethod
    def _report_anchors(page, result: _ShareResult, in_worker: bool) -> None:
        uri = page.file.src_uri
        result.anchors[uri] = page.present_anchor_ids
        if page.links_to_anchors:
            result.links[uri] = {target.src_uri: dict(links) for target, links in page.links_to_anchors.items()}
        if in_worker:
            page.markdown = page.content = None  # written: the worker needs it no longer

    def _check_anchors(self) -> None:
        """MkDocs' check of links to anchors, on the anchors the shares reported, in page order."""
        by_uri = {file.src_uri: file for file in self.doc_files}
        for uri, anchors in self.capture.anchors.items():
            by_uri[uri].page.present_anchor_ids = anchors
        every_link = self.capture.links  # gathered from the shares once
        self._render_link_targets(by_uri, every_link)
        log_level = self.config.validation.links.anchors
        for index in self.pages_to_build:
            page = self.doc_files[index].page
            links = every_link.get(page.file.src_uri)
            page.links_to_anchors = links and {self.files.get_file_from_path(target): anchors
                                               for target, anchors in links.items()}
            page.validate_anchor_links(files=self.files, log_level=log_level)

    def _render_link_targets(self, by_uri: dict, every_link: dict) -> None:
        """With `only`, the pages linked to were not rendered: render them (not written) for their anchors."""
        targets = sorted({target for links in every_link.values() for target in links
                          if target in by_uri and by_uri[target].page.present_anchor_ids is None})
        index_of = {file.src_uri: i for i, file in enumerate(self.doc_files)}
        with self.capture.into(_ShareResult()):  # their own warnings belong to their own rebuild
            for target in targets:
                self._populate(index_of[target])


def _compile_templates(env, name: str = "main.html") -> None:
    """The page template and what it includes, compiled once before forking: the workers inherit
    them instead of each compiling its own (about 0.5 s a worker). Names built at render time
    (icons) are compiled where first used, as before."""
    import jinja2.meta

    seen, waiting = set(), [name]
    while waiting:
        name = waiting.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            env.get_template(name)
            source = env.loader.get_source(env, name)[0]
        except jinja2.TemplateNotFound:
            continue  # an optional include (`ignore missing`)
        waiting.extend(ref for ref in jinja2.meta.find_referenced_templates(env.parse(source)) if ref)


def _shares(pages: list[int], workers: int) -> list[list[int]]:
    """Consecutive runs of pages (pages of one folder cost alike), several per worker."""
    count = min(len(pages), workers * SHARES_PER_WORKER)
    return [pages[len(pages) * i // count:len(pages) * (i + 1) // count] for i in range(count)]


def _build_share_in_worker(share: list[int]) -> _ShareResult:
    assert _current is not None, "only called in a forked worker"
    _reuse_one_markdown()
    return _current._build_share(share, in_worker=True)


def _reuse_one_markdown() -> None:
    """In a worker only (it ends with the build): MkDocs' Page.render makes a new Markdown, with every
    extension, for each page, about 1.5 ms of a page's 20. Here the same settings get the same
    converter back, reset as Python-Markdown resets between documents; MkDocs' own per-page
    processors replace their previous page's, as they register under fixed names."""
    import markdown

    if getattr(markdown.Markdown, "reused_in_worker", False):
        return
    new_markdown = markdown.Markdown
    made: dict[tuple[int, int], markdown.Markdown] = {}

    def reused(*, extensions=(), extension_configs=None, **options):
        key = (id(extensions), id(extension_configs))
        if options or key not in made:
            converter = new_markdown(extensions=extensions, extension_configs=extension_configs or {}, **options)
            if options:
                return converter
            made[key] = converter
            converter.settings = (extensions, extension_configs)  # kept alive, so their ids stay theirs
            return converter
        return made[key].reset()

    reused.reused_in_worker = True
    markdown.Markdown = reused


# --- log records, caught where they happen and replayed in one process's order --------------------

class _Capture(logging.Handler):
    """While active, takes every record of the `mkdocs` loggers, tagged with where the build is."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.position = (0, 0)
        self.result = _ShareResult()  # the parent's own
        self.shares: list[_ShareResult] = [self.result]
        self._into: _ShareResult | None = None

    @contextlib.contextmanager
    def into(self, result: _ShareResult) -> Iterator[None]:
        logger = logging.getLogger("mkdocs")
        handlers, propagate = logger.handlers, logger.propagate
        logger.handlers, logger.propagate, self._into = [self], False, result
        try:
            yield
        finally:
            logger.handlers, logger.propagate, self._into = handlers, propagate, None

    def emit(self, record: logging.LogRecord) -> None:
        assert self._into is not None
        self._into.records.append((self.position, len(self._into.records), record.name, record.levelno,
                                   record.getMessage()))

    def add(self, result: _ShareResult) -> None:
        self.shares.append(result)

    @property
    def error(self) -> BaseException | None:
        return next((share.error for share in self.shares if share.error is not None), None)

    @property
    def anchors(self) -> dict[str, set[str] | None]:
        return {uri: ids for share in self.shares for uri, ids in share.anchors.items()}

    @property
    def links(self) -> dict[str, dict[str, dict[str, str]]]:
        return {uri: links for share in self.shares for uri, links in share.links.items()}

    def replay(self) -> None:
        """Hand every caught record to its logger, in the order one process would have logged them."""
        records = sorted((position, number, order, name, level, message)
                         for number, share in enumerate(self.shares)
                         for position, order, name, level, message in share.records)
        for _, _, _, name, level, message in records:
            logging.getLogger(name).handle(logging.makeLogRecord(
                {"name": name, "levelno": level, "levelname": logging.getLevelName(level), "msg": message}))
