"""`portal serve`: regenerate on save, rebuild the site, serve it on localhost.

After the first build a save regenerates incrementally (incremental.py: only the files it
reads, the pages it can change, the docs files whose bytes differ) and MkDocs rebuilds only those
pages into the served folder (incremental_site.py, with the MkDocs state of site_session.py), in
two rounds: the pages of the records the save reaches first, served at once, then the
whole-catalogue lists (index pages and their data, countries, open data, home, themes...), each
round with its own report line; search is reindexed in the background and says so meanwhile.
The other languages' sites (site/L/, generator/language_sites.py) follow the English pages in a
round of their own, with its own report line: each language renders what the saves since its last
round reached (incremental.py's `update_languages`), and MkDocs rebuilds those pages of its site
with its config (mkdocs.L.yml). English comes first, so the editor's page never waits for them; a
save that comes meanwhile goes first, and the languages not done yet follow it. A saved translation
(`<id>.sq.md`, `content/<name>.nb.md`, ...) is incremental too: its original's pages in every
language, or every page of its language when the translation is new or gone.
The first build runs before the server's threads start, so that rendering and MkDocs fork a
worker per core (a fork copies only the thread that forks); the address answers once it is done. A change that the incremental step does not model (mkdocs.yml, the theme's
overrides/, the generator's own code, templates and assets) is a full rebuild, and the report
line says why.

One watcher, ours, on the source folders and mkdocs.yml. A batch of saves makes one regeneration,
one site build and one line of report. (MkDocs' own server also watched build/docs/ and rebuilt
whenever a poll caught our regeneration half-way, so one save gave two or more builds.) The served
folder is replaced only by a complete build, so a reader never sees half a site, and a build that
fails leaves the last good one served.
"""

from __future__ import annotations

import http.server
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Callable, Sequence

from . import build as pipeline
from . import incremental_site
from .incremental import Incremental, Update
from .language_sites import config_path, docs_dir as language_docs, site_subfolder
from .languages import TRANSLATIONS
from .lifetime import sigterm_raises
from .problems import errors, format_problems
from .search import index_site

SERVE_ERROR_LOG = Path("build/serve-error.txt")  # the traceback of the last regeneration that crashed
WATCHED_FOLDERS = ("practices", "networks", "registry", "content")
THEME_FOLDER = "overrides"
GENERATOR_CODE = Path(__file__).resolve().parent  # its templates, assets and code: a change means a full rebuild
# Shown while no build is served (the server starts after the first build, so only if that changes);
# a meta refresh, since the site's policy allows no script.
BUILDING_PAGE = (b'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">'
                 b'<title>Building the site</title></head><body><p>The portal is being built; this page '
                 b'reloads itself until it is ready.</p></body></html>')
SETTLE_SECONDS = 0.3  # editors write a file in several steps; a batch of saves is one change


def serve(root: Path, dev_addr: str, quiet: bool = False) -> int:
    host, _, port = dev_addr.rpartition(":")
    site = ServedSite()
    try:
        httpd = _Server((host or "127.0.0.1", int(port)), site.handler())
    except (OSError, ValueError) as error:
        print(f"Cannot serve on {dev_addr}: {getattr(error, 'strerror', None) or error}. "
              f"Another program may use that port: try `portal serve --dev-addr 127.0.0.1:8001`.", file=sys.stderr)
        return 1
    url = f"http://{dev_addr}/"
    rebuilder = Rebuilder(root, site, url, quiet)
    try:
        with sigterm_raises():  # SIGTERM stops like Ctrl-C: temporary folders are removed
            # No thread yet, so that the first build forks a worker per core; the address is taken,
            # and a browser that opens it now waits for the answer.
            if not quiet:
                print(f"Generating the pages and building the site on every core; {url} answers when it is done…",
                      file=sys.stderr)
            if not rebuilder.first_build():
                print(f"Nothing to serve: {pipeline.DOCS_DIR}/ could not be generated.", file=sys.stderr)
                return 1
            watcher = rebuilder.watch()
            threading.Thread(target=httpd.serve_forever, daemon=True).start()
            try:
                print(f"Serving on {url}  (Ctrl-C stops; after a save, reload the page)", file=sys.stderr)
                rebuilder.pending.set()  # a save during the first build, which no watcher saw: its fingerprint tells
                rebuilder.run()
            finally:
                watcher.stop()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
        site.remove()
    print("Stopped.", file=sys.stderr)
    return 0


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A client that gave up waiting (during the first build, say) is no error to print."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class ServedSite:
    """The folder being served; replaced by a new complete build in one step."""

    def __init__(self) -> None:
        self.parent = Path(tempfile.mkdtemp(prefix="portal-serve-"))
        self.current: Path | None = None

    def new_folder(self) -> Path:
        return Path(tempfile.mkdtemp(prefix="site-", dir=self.parent))

    def publish(self, folder: Path) -> None:
        previous, self.current = self.current, folder
        if previous is not None:
            # Requests already reading the old folder have a moment to finish.
            threading.Timer(5.0, shutil.rmtree, args=(previous,), kwargs={"ignore_errors": True}).start()

    def remove(self) -> None:
        shutil.rmtree(self.parent, ignore_errors=True)

    def handler(self) -> type:
        site = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, directory=str(site.current or site.parent), **kwargs)

            def do_GET(self) -> None:
                if site.current is None:
                    return self._send(503, BUILDING_PAGE, retry=True)
                super().do_GET()

            def do_HEAD(self) -> None:
                if site.current is None:
                    return self._send(503, BUILDING_PAGE, retry=True)
                super().do_HEAD()

            def _send(self, code: int, body: bytes, retry: bool = False) -> None:
                self.send_response(code)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                if retry:
                    self.send_header("Retry-After", "2")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
                page = (site.current / "404.html") if site.current and code == 404 else None
                if page is None or not page.is_file():
                    return super().send_error(code, message, explain)
                self._send(404, page.read_bytes())

            def end_headers(self) -> None:
                self.send_header("Cache-Control", "no-store")  # a reload shows the latest build
                super().end_headers()

            def log_message(self, format: str, *args) -> None:
                pass  # one line per request would bury the rebuild reports

        return Handler


class Rebuilder:
    """Source changes in, one regeneration and one site build per batch, one report line out."""

    def __init__(self, root: Path, site: ServedSite, url: str, quiet: bool) -> None:
        self.root, self.site, self.url, self.quiet = root, site, url, quiet
        self.docs_dir = root / pipeline.DOCS_DIR
        self.options = pipeline.render_options(root)
        self.pending = threading.Event()
        self.saved: set[str] = set()  # files changed since the last regeneration, to name in reports
        self.created: set[str] = set()  # of those, the ones that did not exist before
        self.lock = threading.Lock()
        self.incremental = Incremental(root, self.options, self.docs_dir, languages=TRANSLATIONS)
        self.search = incremental_site.BackgroundIndex(root, lambda: self.site.current, quiet)
        self.page_builds = incremental_site.PageBuilds(root, self.docs_dir)
        self.language_builds = {code: incremental_site.PageBuilds(root, root / language_docs(code),
                                                                  config_file=config_path(code))
                                for code in TRANSLATIONS}

    def first_build(self) -> bool:
        pipeline.recover_swaps(self.root, self.quiet)
        self.regenerate([])
        if not self.docs_dir.exists():
            return False
        self.build_site([], first=True)
        return self.site.current is not None

    def step(self, changed: Sequence[str]) -> None:
        """One batch of saves: regenerate what it reaches, then the site (pages only, or all and why)."""
        started = time.perf_counter()
        reason = full_rebuild_reason(changed, self.root)
        if reason:
            print(f"Full rebuild: {reason}.", file=sys.stderr)
            if pipeline.CONFIG_FILE in changed:
                self.options = self.incremental.options = pipeline.render_options(self.root)
            self.incremental.forget()
        update = self.regenerate(changed)
        if reason or self.site.current is None:
            if update is not None or reason:
                self.regenerate_lists(changed)
                self.build_site(changed)
            return
        built_pages = False
        if update is not None:
            whole_site = self.page_builds.whole_site_reason(update)
            if whole_site:
                print(f"Full site build: {whole_site}.", file=sys.stderr)
                self.regenerate_lists(changed)
                self.build_site(changed)
                return
            lists_follow = self.incremental.pending is not None
            if not self.rebuild_pages(update, changed, started, "the lists follow" if lists_follow else ""):
                return
            built_pages = True
        started = time.perf_counter()
        lists = self.regenerate_lists(changed, say_unchanged=update is None, interruptible=True)
        if lists is not None:
            whole_site = self.page_builds.whole_site_reason(lists)
            if whole_site:
                print(f"Full site build: {whole_site}.", file=sys.stderr)
                self.build_site(changed)
                return
            put_off = "another save came: the rest follows it" if lists.lists_pending else ""
            if not self.rebuild_pages(lists, changed, started, put_off,
                                      what="Lists partly rebuilt" if put_off else "Lists rebuilt"):
                return
            built_pages = True
        if self.incremental.pending is not None:
            if not self.quiet and lists is None:
                print(f"Lists put off{_after(changed)}: another save came, the rest follows it.", file=sys.stderr)
            return  # the language sites wait with the lists: the next save's round takes them in
        languages = self.rebuild_languages(changed, english_built=built_pages)
        if languages is not None and (built_pages or languages):
            self.search.request()

    def rebuild_languages(self, changed: Sequence[str], english_built: bool) -> bool | None:
        """The language sites' round, after the English pages: each language that is behind renders what
        the saves reached, and MkDocs rebuilds those pages of its site. True if pages were rebuilt, None
        if the whole site was built instead; a save that comes meanwhile leaves the languages not done yet
        for its own round."""
        if not self.incremental.languages_behind:
            return False
        started = time.perf_counter()
        try:
            updates = self.incremental.update_languages(stop=self.pending.is_set)
        except Exception as error:
            print(f"Language sites not regenerated: the generator crashed{_after(changed)} ({_one_line(error)}); "
                  f"they show the last good version. {_keep_traceback(self.root / SERVE_ERROR_LOG)}", file=sys.stderr)
            return False
        built: dict[str, Update] = {}
        for code, update in updates.items():
            if not (update.written or update.removed):
                continue
            builds = self.language_builds[code]
            whole_site = builds.whole_site_reason(update)
            if whole_site:
                print(f"Full site build: {whole_site} (in the {code} site).", file=sys.stderr)
                self.build_site(changed)
                return None
            try:
                done = builds.rebuild(self.site.current / site_subfolder(code), update,
                                      self.url.rstrip("/") + f"/{code}/")
            except Exception as error:
                print(f"Pages of the {code} site not rebuilt{_after(changed)} ({_one_line(error)}): "
                      "building the whole site.", file=sys.stderr)
                done = False
            if not done:
                self.build_site(changed)
                return None
            built[code] = update
        if built:
            incremental_site.mark_search_stale(self.site.current)
        behind = self.incremental.languages_behind
        if not built and not behind:
            if changed and not english_built:
                print(f"No page changed{_after(changed)}.", file=sys.stderr)
            return False
        if not self.quiet:
            notes = "; ".join(part for part in (
                f"another save came: {', '.join(behind)} follow{'s' if len(behind) == 1 else ''} it" if behind else "",
                "search catches up in the background" if built else "") if part)
            pages = ", ".join(f"{code} {_pages(update)}" for code, update in built.items()) or "no page changed"
            print(f"Language sites rebuilt in {time.perf_counter() - started:.1f} s{_after(changed)}: {pages} "
                  f"({notes}).", file=sys.stderr)
        return bool(built)

    def rebuild_pages(self, update: Update, changed: Sequence[str], started: float, note: str,
                      what: str = "Rebuilt") -> bool:
        """The update's pages into the served site; False if the whole site had to be built instead."""
        try:
            done = self.page_builds.rebuild(self.site.current, update, self.url)
        except incremental_site.WholeBuildNeeded as why:
            print(f"Full site build: {why}.", file=sys.stderr)
            done = False
        except Exception as error:
            print(f"Pages not rebuilt{_after(changed)} ({_one_line(error)}): building the whole site.", file=sys.stderr)
            done = False
        if not done:
            self.regenerate_lists(changed)
            self.build_site(changed)  # no page-by-page site build here: the whole site, as before
            return False
        incremental_site.mark_search_stale(self.site.current)
        if not self.quiet:
            notes = "; ".join(part for part in (note, "search catches up in the background") if part)
            print(f"{what} in {time.perf_counter() - started:.1f} s{_after(changed)}: {_pages(update)} "
                  f"({notes}).", file=sys.stderr)
        return True

    def watch(self):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        rebuilder = self

        class Changed(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                if not is_a_change(event):
                    return
                paths = [event.src_path] + ([event.dest_path] if event.event_type == "moved" else [])
                relative = [_relative(path, rebuilder.root) for path in paths]
                sources = [path for path in relative if is_a_source(path)]
                if not sources:
                    return  # e.g. Python's bytecode cache beside the generator's code: no reason to regenerate
                with rebuilder.lock:
                    for path in sources:
                        rebuilder.saved.add(path)
                        if event.event_type == "created":
                            rebuilder.created.add(path)
                rebuilder.pending.set()

        observer = Observer()
        for folder in WATCHED_FOLDERS:
            if (self.root / folder).is_dir():
                observer.schedule(Changed(), str(self.root / folder), recursive=True)
        observer.schedule(Changed(), str(self.root), recursive=False)  # mkdocs.yml
        if (self.root / THEME_FOLDER).is_dir():
            observer.schedule(Changed(), str(self.root / THEME_FOLDER), recursive=True)
        observer.schedule(Changed(), str(GENERATOR_CODE), recursive=True)
        observer.start()
        return observer

    def run(self) -> None:
        while True:
            self.pending.wait()
            time.sleep(SETTLE_SECONDS)
            self.pending.clear()
            with self.lock:
                changed = self.changed_files()
                self.saved.clear()
                self.created.clear()
            self.step(changed)

    def changed_files(self) -> list[str]:
        """The files to name in the report: not an editor's temporary file, created and gone in one
        save (sed -i, many editors), but a file deleted or moved away still counts."""
        return sorted(path for path in self.saved
                      if (self.root / path).exists() or path not in self.created)

    def regenerate(self, changed: Sequence[str]) -> Update | None:
        """The records' round of an update if docs files changed (a report was printed otherwise)."""
        # "No page changed" waits for the languages where they have a round to come (a translation's save).
        return regenerate_incrementally(self.incremental, self.root / SERVE_ERROR_LOG, changed,
                                        run=self.incremental.update_records,
                                        say_unchanged=lambda: self.incremental.pending is None
                                        and not self.incremental.languages_behind)

    def regenerate_lists(self, changed: Sequence[str], say_unchanged: bool = False,
                         interruptible: bool = False) -> Update | None:
        """The whole-catalogue round, if one is pending and it changed docs files."""
        if self.incremental.pending is None:
            return None
        # A save that comes meanwhile goes first: its own run takes in the lists not rendered yet.
        stop = self.pending.is_set if interruptible else None
        return regenerate_incrementally(self.incremental, self.root / SERVE_ERROR_LOG, changed,
                                        run=lambda: self.incremental.update_lists(stop=stop),
                                        say_unchanged=lambda: say_unchanged and self.incremental.pending is None
                                        and not self.incremental.languages_behind)

    def build_site(self, changed: Sequence[str], first: bool = False) -> None:
        started = time.perf_counter()
        folder = self.site.new_folder()
        try:
            pipeline.run_mkdocs(self.root, folder, quiet=True, site_url=self.url)
            self.build_languages(folder)
            index_site(self.root, folder)
        except Exception as error:
            shutil.rmtree(folder, ignore_errors=True)
            keeps = "the last good site stays served" if self.site.current else "nothing is served yet"
            print(f"Site not rebuilt{_after(changed)}: {_one_line(error)}; {keeps}.", file=sys.stderr)
            return
        self.site.publish(folder)
        if not self.quiet or first:
            what = "Site built" if first else "Rebuilt"
            print(f"{what} in {time.perf_counter() - started:.1f} s{_after(changed)}.", file=sys.stderr)
        if first and TRANSLATIONS and not self.quiet:
            print(f"After a save the English pages come first, then the sites in {', '.join(TRANSLATIONS)}.",
                  file=sys.stderr)
        for builds in self.language_builds.values():
            builds.reset()  # the titles their navigation shows now
        why_not = self.page_builds.reset(folder, self.url)  # MkDocs' state kept for the saves to come
        if why_not:
            print(f"Saves will rebuild their pages with MkDocs loading the whole site each time ({why_not}).",
                  file=sys.stderr)

    def build_languages(self, folder: Path) -> None:
        """Each other language's docs (brought up to date: all of them after a first or full rebuild)
        and site, into the folder being built."""
        if self.incremental.catalog is None:
            return
        self.incremental.update_languages()
        pipeline.build_language_sites(self.root, folder, None, pipeline.Progress(quiet=True), site_url=self.url)


def is_a_change(event) -> bool:
    """A write, creation, deletion or move of a file. Not a mere read: watchdog reports those too,
    and each regeneration reads every file, so counting them would regenerate forever."""
    return not event.is_directory and event.event_type not in ("opened", "closed_no_write")


def is_a_source(path: str) -> bool:
    """Under a source folder, or mkdocs.yml, the theme's overrides or the generator's code; not build/,
    site/, an editor's file beside them or Python's bytecode cache."""
    first = path.split(os.sep, 1)[0]
    if path.startswith(_GENERATOR_PREFIX):
        return "__pycache__" not in path.split(os.sep) and not path.endswith((".pyc", "~"))
    return path == pipeline.CONFIG_FILE or first in WATCHED_FOLDERS or first == THEME_FOLDER


_GENERATOR_PREFIX = "<generator>" + os.sep


def _relative(path: str, root: Path) -> str:
    """A watched path as reports name it: relative to the portal, or <generator>/… for the package's own files."""
    try:
        return _GENERATOR_PREFIX + str(Path(path).resolve().relative_to(GENERATOR_CODE))
    except ValueError:
        return os.path.relpath(path, root)


def full_rebuild_reason(changed: Sequence[str], root: Path) -> str | None:
    """Why a batch of saves cannot be done incrementally, in plain words; None if it can."""
    if pipeline.CONFIG_FILE in changed:
        return f"{pipeline.CONFIG_FILE} changed (the site's name, addresses, navigation and theme)"
    if any(path.split(os.sep, 1)[0] == THEME_FOLDER for path in changed):
        return f"the theme's {THEME_FOLDER}/ changed (every page's frame)"
    code = [path for path in changed if path.startswith(_GENERATOR_PREFIX)]
    if code:
        python = [path for path in code if path.endswith(".py")]
        note = ("; Python code is read once: stop and start `portal serve` to use the new code" if python else "")
        return f"the generator's own files changed ({', '.join(code[:3])}){note}"
    return None


def regenerate_incrementally(incremental: Incremental, error_log: Path, changed: Sequence[str] = (),
                             run: Callable[[], Update] | None = None,
                             say_unchanged: Callable[[], bool] = lambda: True) -> Update | None:
    """One incremental regeneration under `portal serve`, which must outlive any failure of it.

    As `regenerate` below: problems listed, a crash is one line with its traceback in `error_log`,
    the last good pages stay. The update if docs files were written or removed, else None.
    `run`: the round to run (default: the whole update); `say_unchanged()`: whether to say that no page changed.
    """
    try:
        update = (run or incremental.update)()
    except Exception as error:
        incremental.forget()  # half done: the next run renders everything and writes what differs
        print(f"Not regenerated: the generator crashed{_after(changed)} ({_one_line(error)}); the page shows "
              f"the last good version. {_keep_traceback(error_log)}", file=sys.stderr)
        return None
    if update.problems:
        print(format_problems(update.problems), file=sys.stderr)
    if not update.ok:
        print(f"Not regenerated{_after(changed)}: fix the {len(errors(update.problems))} error(s) above; "
              "the page shows the last good version.", file=sys.stderr)
        return None
    error_log.unlink(missing_ok=True)  # it described a crash that is now fixed
    if not (update.written or update.removed):
        if changed and say_unchanged():
            print(f"No page changed{_after(changed)}.", file=sys.stderr)
        return None
    return update


def _pages(update: Update) -> str:
    pages = sum(path.endswith(".md") for path in update.written)
    files = len(update.written) - pages
    gone = len(update.removed)
    text = f"{pages} page{'s' if pages != 1 else ''}" + (f" and {files} other file{'s' if files != 1 else ''}" if files else "")
    return text + (f", {gone} removed" if gone else "")


def regenerate(generate: Callable[[], pipeline.Generated], docs_dir: Path, error_log: Path,
               changed: Sequence[str] = ()) -> bool:
    """One regeneration under `portal serve`, which must outlive any failure of it.

    Problems are listed as usual; a crash of the pipeline itself (a bug, or an input it cannot
    handle) is one line naming the files just saved, with its traceback in `error_log`. Either
    way the last good pages stay, and the next save tries again. True if pages changed.
    """
    try:
        generated = generate()
        updated = pipeline.sync_docs(generated.output, docs_dir) if generated.ok else 0
    except Exception as error:
        print(f"Not regenerated: the generator crashed{_after(changed)} ({_one_line(error)}); the page shows "
              f"the last good version. {_keep_traceback(error_log)}", file=sys.stderr)
        return False
    if generated.problems:
        print(format_problems(generated.problems), file=sys.stderr)
    if not generated.ok:
        print(f"Not regenerated{_after(changed)}: fix the {len(errors(generated.problems))} error(s) above; "
              "the page shows the last good version.", file=sys.stderr)
        return False
    error_log.unlink(missing_ok=True)  # it described a crash that is now fixed
    if not updated and changed:
        print(f"No page changed{_after(changed)}.", file=sys.stderr)
    return bool(updated)


def _after(changed: Sequence[str]) -> str:
    if not changed:
        return ""
    shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
    return f" after a change to {shown}"


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return type(error).__name__ + (f": {text[0][:200]}" if text else "")


def _keep_traceback(error_log: Path) -> str:
    """Write the current exception's traceback to error_log; says where it is (or prints it)."""
    details = traceback.format_exc()
    try:
        error_log.parent.mkdir(parents=True, exist_ok=True)
        error_log.write_text(details, encoding="utf-8")
    except OSError:
        return "Traceback:\n" + details
    return f"Traceback in {error_log}"
