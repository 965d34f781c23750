"""Stage 5, build: generated Markdown into `build/docs/`, then MkDocs into `site/`.

Nothing is replaced until everything succeeded: the docs folder and the site
are each built beside the old one (`site.new/`) and swapped in at the end, so a
failed or killed build leaves the previous site intact.

The swap itself must not leave a moment without `site/`, since a build can be
killed at any instruction. On Linux it is one atomic step: renameat2 with
RENAME_EXCHANGE trades the two folders' names, so `site/` is the old or the new
folder, never absent; the old one, now `site.new/`, is then deleted. Where that
is not available (another system, a file system without it) it is two renames,
`site/` to `site.old/` and `site.new/` to `site/`, and a build killed between
them leaves `site.old/`, which the next build puts back before anything else
(recover_swap), so its messages about "the previous site/" are true. Both stay
plain folders, as GitHub Pages' upload, Zensical and `mkdocs serve` expect.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import gc
import os
import shutil
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from . import language_sites, placeholders
from .catalog import Catalog, link
from .gc_pause import cycle_collector_paused
from .languages import BY_CODE, TRANSLATIONS
from .lifetime import stops_deferred
from .load import load
from .problems import Problem, errors
from .render import Output, RenderOptions, render
from .render.parallel import available_cores
from .search import index_site
from .site_build import BuildError, build_site  # noqa: F401 - callers catch build.BuildError
from .validate import validate

DOCS_DIR = Path("build/docs")
SITE_DIR = Path("site")
CONFIG_FILE = "mkdocs.yml"


class Progress:
    """Stage timings on stderr; silent with -q."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.timings: dict[str, float] = {}

    def stage(self, name: str, started: float, detail: str = "") -> None:
        elapsed = time.perf_counter() - started
        self.timings[name] = elapsed
        if not self.quiet:
            print(f"  {name:<10} {elapsed:6.2f}s  {detail}", file=sys.stderr)


@dataclass
class Generated:
    catalog: Catalog | None
    output: Output | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.output is not None


def check(root: Path, today: dt.date | None = None, progress: Progress | None = None) -> tuple[Catalog | None, list[Problem]]:
    """Load, validate and link; no output written."""
    with cycle_collector_paused():
        return _check(root, today, progress or Progress(quiet=True))


def _check(root: Path, today: dt.date | None, progress: Progress) -> tuple[Catalog | None, list[Problem]]:
    started = time.perf_counter()
    loaded = load(root)
    progress.stage("load", started, f"{len(loaded.records)} records, {len(loaded.pages)} pages")
    started = time.perf_counter()
    validated = validate(loaded)
    progress.stage("validate", started)
    started = time.perf_counter()
    catalog, problems = link(validated, today)
    problems = placeholders.review(root, loaded.records, problems)  # scaffold values left unfilled
    progress.stage("link", started, f"{len(catalog.practices)} practices, {len(catalog.networks)} networks")
    return catalog, problems


def generate(root: Path, options: RenderOptions | None = None, today: dt.date | None = None,
             progress: Progress | None = None, workers: int | None = None,
             docs_dir: Path | None = None) -> Generated:
    """Load, validate, link and render; with `docs_dir`, also write the files there.

    `workers`: processes for rendering (default: one per core). Files are written as the
    workers deliver them, into a staging folder that replaces `docs_dir` only once all is done;
    then the returned output holds their number, not their bytes.
    """
    with cycle_collector_paused():
        return _generate(root, options, today, progress or Progress(quiet=True), workers, docs_dir)


def _generate(root: Path, options: RenderOptions | None, today: dt.date | None, progress: Progress,
              workers: int | None, docs_dir: Path | None) -> Generated:
    catalog, problems = check(root, today, progress)
    if errors(problems):
        return Generated(catalog, None, problems)
    output = render_docs(catalog, options or render_options(root), workers, docs_dir, progress)
    return Generated(catalog, output, problems)


def render_docs(catalog: Catalog, options: RenderOptions, workers: int | None, docs_dir: Path | None,
                progress: Progress, stage: str = "render") -> Output:
    """The render stage for one language (options.language); with `docs_dir`, written there."""
    started = time.perf_counter()
    writer = DocsWriter(docs_dir) if docs_dir else None
    try:
        output = render(catalog, options, workers or available_cores(),
                        on_files=writer.write if writer else None, keep_files=writer is None)
    except BaseException:
        if writer:
            writer.abandon()
        raise
    if writer:
        writer.finish()
    progress.stage(stage, started, f"{output.count} files" + (f", written to {docs_dir}" if writer else ""))
    return output


def render_options(root: Path) -> RenderOptions:
    """Settings the pages need from mkdocs.yml (read as plain YAML, tags ignored)."""
    import yaml

    class _Lenient(yaml.SafeLoader):
        pass

    _Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    path = Path(root) / CONFIG_FILE
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_Lenient) if path.exists() else {}
    except yaml.YAMLError:
        config = {}  # MkDocs reports the broken file itself, with its position
    config = config if isinstance(config, dict) else {}
    portal = (config.get("extra") or {}).get("portal") or {}
    edit = portal.get("edit_url")
    if not edit and config.get("repo_url"):
        edit = config["repo_url"].rstrip("/") + "/edit/main/"
    email = portal.get("editors_email")
    return RenderOptions(edit_url_base=edit, site_name=config.get("site_name", "Good-practice portal"),
                         site_url=config.get("site_url"), repo_url=config.get("repo_url"),
                         editors_email=email if isinstance(email, str) and "@" in email else None)


class DocsWriter:
    """Generated files into a fresh staging folder, which replaces the docs folder only at the end."""

    def __init__(self, docs_dir: Path):
        self.docs_dir = Path(docs_dir)
        self.staging = self.docs_dir.with_name(self.docs_dir.name + ".new")
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self._folders: set[Path] = set()

    def write(self, files: dict[str, bytes]) -> None:
        for relative, content in files.items():
            target = self.staging / relative
            if target.parent not in self._folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(target.parent)
            target.write_bytes(content)

    def finish(self) -> None:
        _swap(self.staging, self.docs_dir)

    def abandon(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def sync_docs(output: Output, docs_dir: Path) -> int:
    """Update the docs folder in place, touching only changed files (for live reload)."""
    changed = 0
    wanted = set(output.files)
    for relative, content in output.files.items():
        target = docs_dir / relative
        if not target.exists() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            changed += 1
    for path in sorted(docs_dir.rglob("*"), reverse=True):
        relative = path.relative_to(docs_dir).as_posix()
        if path.is_file() and relative not in wanted:
            path.unlink()
            changed += 1
    return changed


def _swap(new: Path, current: Path) -> None:
    """`new` takes the place of `current` without a moment where neither is there (see the docstring)."""
    old = _old(current)
    if old.exists():
        shutil.rmtree(old)
    if not current.exists():
        new.rename(current)
    elif _exchange(new, current):
        shutil.rmtree(new)  # the previous version, now under the staging name
    else:
        current.rename(old)  # a build killed here leaves only `old`: recover_swap puts it back
        new.rename(current)
        shutil.rmtree(old)


def recover_swap(current: Path) -> bool:
    """Put back the previous folder if a build was killed between the two renames of _swap."""
    old = _old(current)
    if current.exists() or not old.is_dir():
        return False
    old.rename(current)
    return True


def _old(current: Path) -> Path:
    return current.with_name(current.name + ".old")


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Trade the names of two paths in one atomic step; False where the system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None) if sys.platform == "linux" else None
    if renameat2 is None:  # not Linux, or a C library older than glibc 2.28
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # kernel or file system without it
        return False
    raise OSError(error, os.strerror(error), str(second))


def run_mkdocs(root: Path, site_dir: Path, quiet: bool = False, site_url: str | None = None,
               workers: int | None = None) -> None:
    """`mkdocs build --strict` into site_dir; raises BuildError on any warning.
    `portal serve` gives its own address as site_url, so that the site works at its root.
    `workers`: processes for the pages (default: one per core), byte for byte one process's site."""
    build_site(root, site_dir, workers=workers, site_url=site_url, quiet=quiet)


def source_date_epoch(catalog: Catalog) -> int:
    """The build's date, from the content (newest last_verified), never the clock: same commit, same bytes."""
    dates = [record.model.last_verified for table in (catalog.practices, catalog.networks, catalog.results)
             for record in table.values()]
    newest = max(dates, default=dt.date(2000, 1, 1))
    return int(dt.datetime.combine(newest, dt.time(), dt.timezone.utc).timestamp())


@contextlib.contextmanager
def _source_date(epoch: int):
    """MkDocs dates the sitemap (and gzip header) from SOURCE_DATE_EPOCH; a caller's own value wins."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


# Steps that run on the finished site folder before it is swapped in (search index, checks).
POST_BUILD_STEPS: list = [index_site]


def build(root: Path, quiet: bool = False, today: dt.date | None = None, workers: int | None = None) -> Generated:
    """The whole pipeline. Returns problems; raises BuildError if MkDocs fails."""
    root = Path(root)
    progress = Progress(quiet)
    recover_swaps(root, quiet)
    options = render_options(root)
    generated = generate(root, options, today, progress, workers, docs_dir=root / DOCS_DIR)
    if not generated.ok:
        return generated
    render_languages(root, generated.catalog, options, workers, progress)
    site_dir = root / SITE_DIR
    staging = site_dir.with_name(site_dir.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    try:
        with _source_date(source_date_epoch(generated.catalog)):
            started = time.perf_counter()
            run_mkdocs(root, staging, quiet=True, workers=workers)
            progress.stage("mkdocs", started, "site built")
            build_language_sites(root, staging, workers, progress)
        release_memory()
        for post_step in POST_BUILD_STEPS:
            started = time.perf_counter()
            detail = post_step(root, staging, generated)
            progress.stage(post_step.__name__.replace("_", " "), started, detail or "")
    except BaseException:
        if staging.exists():
            shutil.rmtree(staging)
        raise
    with stops_deferred():
        _swap(staging, site_dir)
    return generated


def release_memory() -> None:
    """Before Pagefind: collect the renders' cycles and hand the freed heap back to the system.
    Pagefind's indexer runs beside this process, whose heap is mostly freed pages by then but was
    still counted: at 10,000 practices with 5 % translated the two together peaked at 1,535 MB."""
    gc.collect()
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None) if sys.platform == "linux" else None
    if trim is not None:  # glibc; elsewhere the memory stays with the process, as before
        trim(0)


def render_languages(root: Path, catalog: Catalog, options: RenderOptions, workers: int | None,
                     progress: Progress) -> None:
    """Each other language's docs folder (build/docs-L/)."""
    for language in TRANSLATIONS:
        # The render before left cycles (generation pauses the collector): collected before the workers fork,
        # or they would copy the pages the parent frees. The first language's render peaked 440 MB higher
        # without it (10,000 practices, 5 % translated: 1,462 MB against 1,021 MB, PSS of the tree).
        gc.collect()
        render_docs(catalog, replace(options, language=language), workers, root / language_sites.docs_dir(language),
                    progress, stage=f"render {language}")


def build_language_sites(root: Path, site_dir: Path, workers: int | None, progress: Progress,
                         site_url: str | None = None) -> None:
    """MkDocs for each other language into its folder of the (staging) site, after the English site.
    `site_url`: the English site's address instead of mkdocs.yml's (`portal serve`). Each language's
    config (mkdocs.L.yml) is written from mkdocs.yml first, which the English build has just read."""
    try:
        language_sites.write_configs(root)
    except yaml.YAMLError as error:
        raise BuildError(f"{language_sites.CONFIG_FILE} could not be read for the language sites: {error}") from None
    for language in TRANSLATIONS:
        started = time.perf_counter()
        folder = site_dir / language_sites.site_subfolder(language)
        url = site_url.rstrip("/") + f"/{language}/" if site_url else None
        config = language_sites.config_path(language)
        try:
            build_site(root, folder, workers=workers, quiet=True, site_url=url, config_file=config)
        except BuildError as error:
            raise BuildError(f"The {BY_CODE[language].english_name} site ({config}, into {SITE_DIR}/{language}/): "
                             f"{error}") from None
        progress.stage(f"mkdocs {language}", started, f"site built into {SITE_DIR}/{language}/")


def recover_swaps(root: Path, quiet: bool = False) -> None:
    """Before anything else: undo what a build killed in the middle of a swap left behind."""
    for folder in (SITE_DIR, DOCS_DIR, *(language_sites.docs_dir(language) for language in TRANSLATIONS)):
        if recover_swap(root / folder) and not quiet:
            print(f"{folder}/ put back from {folder}.old/: an earlier build was stopped while replacing it",
                  file=sys.stderr)
