"""Incremental regeneration for `portal serve`: after a save, re-read, re-render and rewrite only
what the change reaches.

The last run is kept in memory: each source file's fingerprint and what loading and validating it
gave, and which render step (and which record of a one-page-per-record step) wrote each docs file,
with a digest of its bytes. A new run

1. re-reads and re-validates only files whose size, time or bytes changed (load.py and validate.py,
   one file at a time, in the order a full load reads them);
2. links the whole catalogue again (catalog.py; cheap next to rendering);
3. works out which records changed (their data, text or file), and from that which records' pages
   can show something different (generator/incremental_reach.py);
4. re-runs every render step except the few that are known not to read what changed (STEP_READS),
   and in the one-page-per-record steps renders only the affected records;
5. writes only the files whose bytes differ, and removes files that their step or record no longer
   writes.

Steps 4 and 5 come in two rounds for `portal serve` (`update_records`, then `update_lists`): the
one-page-per-record steps first, which are quick, so the changed record's pages can be served at
once, then the whole-catalogue steps (index pages and their data, countries, open data, home,
themes...), which read every record. `update` does both. The first run, where rendering everything
is the work, forks a worker per core as `portal build` does, when the process runs no other thread.

The other languages' docs folders (build/docs-L/, generator/language_sites.py) follow in a round
of their own, `update_languages`, after the English ones: each language collects what the English
runs reached since it was last rendered (their records and kinds) and renders those, with the
newest catalogue, as the English run would in that language. A saved translation counts as a
change to its original (every language shows the original's page and its links to it), and a
translation that came or went, which changes what a language's site holds and where each of its
links leads, renders everything in that language.

Where the rule is not sure it renders more, not less; a change it does not model (a template
record, a guide's image, the first run) renders everything, still writing only what differs.
tests/test_incremental.py holds it to a clean full generation, byte for byte, in every language.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2
import jinja2.bccache

from . import language_sites
from . import load as loading
from . import placeholders
from .catalog import Catalog, link
from .gc_pause import cycle_collector_paused
from .incremental_reach import RecordKey, RememberedRelated, SourceState, affected_records, changed_records, holdings_changed
from .lifetime import kill_workers
from .problems import Problem, errors
from .render import RENDER_STEPS, Output, Renderer, RenderOptions
from .render import parallel
from .render.languages import LocalizedRecord, steps_for
from .source_files import SourceFile, find_sources
from .validate import Valid, Validated, validate


# Whole-page steps that read only these kinds of record (and the options): skipped when none changed.
# A step not listed here runs on every change.
# (Read off each step's code and templates; tests/test_incremental.py compares the result with a full build.)
_REGISTRY = {"municipality", "organisation"}
STEP_READS: dict[str, set[str]] = {
    "generator.render.pages.networks_index": {"network", "portfolio", *_REGISTRY},
    "generator.render.pages.results": {"results", "network", "theme", *_REGISTRY},
    "generator.render.pages.portfolios": {"portfolio", "network", *_REGISTRY},
    "generator.render.pages.assets": set(),  # the generator's own files: a change to them is a full rebuild
    "generator.render.reference.editor_reference": {"page"},
    "generator.render.downloads.templates": {"template", *_REGISTRY},
    "generator.render.downloads.plans": {"network", "results", "theme", *_REGISTRY},
    "generator.render.about.accessibility": set(),
    "generator.render.choices.choices": {"theme"},
    "generator.render.contribute.contribute": {"page", "asset"},
    "generator.render.propose.propose_form": {"network", "theme", *_REGISTRY},
}
# Kinds whose changes the record rule does not follow: every record's pages are rendered again.
UNMODELLED_KINDS = {"template", "asset"}


@dataclass
class Written:
    """Who wrote a docs file (step name, record key or None for the step itself) and its digest."""

    owner: tuple[str, RecordKey | None]
    digest: str


@dataclass
class Update:
    """The outcome of one run: problems, and the docs files written and removed (relative paths)."""

    problems: list[Problem]
    ok: bool
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # of the written, those that were not there before
    everything: bool = False  # every record and step was rendered (first run, or an unmodelled change)
    catalog: Catalog | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # per phase: read, link, plan, render, write
    lists_pending: bool = False  # the whole-catalogue steps are still to run (`update_lists`)

    def then(self, later: "Update") -> "Update":
        """This update followed by a later round of the same run, as one."""
        before = set(self.written) - set(self.added)
        written = sorted(set(self.written) | set(later.written))
        removed = sorted((set(self.removed) | set(later.removed)) - set(later.written))
        seconds = {name: self.seconds.get(name, 0.0) + later.seconds.get(name, 0.0)
                   for name in {**self.seconds, **later.seconds}}
        return Update(self.problems, self.ok and later.ok, written=written, removed=removed,
                      added=sorted(set(self.added) | (set(later.added) - before)), everything=self.everything,
                      catalog=later.catalog or self.catalog, seconds=seconds, lists_pending=later.lists_pending)


@dataclass
class _Language:
    """One other language's docs folder as its last run left it, and what it has not caught up with.

    `selected` and `changed_kinds` gather the English runs' since then; `render_all` after the first
    run, a change the record rule does not model, or a translation of this language that came or went."""

    code: str
    docs_dir: Path
    written: dict[str, Written] = field(default_factory=dict)
    render_all: bool = True
    selected: set[RecordKey] = field(default_factory=set)
    changed_kinds: set[str] = field(default_factory=set)
    behind: bool = True  # a run since the last render of this language

    def catch_up(self, selected: set[RecordKey] | None, changed_kinds: set[str], everything: bool) -> None:
        self.behind = True
        if everything or selected is None:
            self.render_all = True
        else:
            self.selected |= selected
            self.changed_kinds |= changed_kinds


@dataclass
class _PendingLists:
    """The second round of a run: its renderer (the new catalogue) and what the first round changed."""

    renderer: "SelectiveRenderer"
    changed_kinds: set[str]


class Incremental:
    """The generation of one portal, kept between saves."""

    def __init__(self, root: Path, options: RenderOptions, docs_dir: Path, today: dt.date | None = None,
                 languages: Iterable[str] = ()):
        """`languages`: the other languages whose docs folders `update_languages` keeps (none by default)."""
        self.root, self.options, self.docs_dir, self.today = Path(root), options, Path(docs_dir), today
        self.sources: dict[str, SourceState] = {}
        self.catalog: Catalog | None = None
        self.written: dict[str, Written] = {}  # the docs folder as the last good run left it
        self.render_all = True  # until a first good run, and after anything that leaves the state unsure
        self.pending: _PendingLists | None = None  # the whole-catalogue round of the last run, not run yet
        self.workers = parallel.available_cores()  # for the first run, when it can fork
        self.languages = {code: _Language(code, self.root / language_sites.docs_dir(code)) for code in languages}

    def forget(self) -> None:
        """Render everything next time (new options, a crash half-way), in every language too."""
        self.render_all, self.pending = True, None
        for language in self.languages.values():
            language.render_all = True  # rendered at the next good run, which renders everything in English too

    @property
    def languages_behind(self) -> list[str]:
        """The languages whose docs folders have not caught up with the last good run yet."""
        return [code for code, language in self.languages.items() if language.behind and self.catalog is not None]

    def update(self) -> Update:
        """One whole run: the records' pages, then the whole-catalogue lists."""
        first = self.update_records()
        return first.then(self.update_lists()) if first.lists_pending else first

    def update_records(self) -> Update:
        """Read, link and render the pages of the records the change reaches; the lists wait for
        `update_lists` (lists_pending). Lists still pending from the last run are taken into this
        run's (they list the whole catalogue, so the new one's lists cover both)."""
        with cycle_collector_paused():
            return self._update()

    def update_lists(self, stop: Callable[[], bool] | None = None) -> Update:
        """The whole-catalogue steps of the last `update_records`. `stop()`, asked between steps
        (a new save waits), puts the rest off to the next run: lists_pending says so."""
        with cycle_collector_paused():
            return self._lists(stop)

    def update_languages(self, stop: Callable[[], bool] | None = None) -> dict[str, Update]:
        """Each language that is behind, rendered with the last good catalogue: the records the English
        runs since its last render reached, and the whole-catalogue steps that read what changed (all of
        it where render_all). `stop()`, asked between languages, leaves the rest behind for the next call.
        Returns each rendered language's update (empty ones included)."""
        done: dict[str, Update] = {}
        with cycle_collector_paused():
            for code in self.languages_behind:
                if stop is not None and stop():
                    break
                done[code] = self._language(self.languages[code])
        return done

    def _language(self, language: _Language) -> Update:
        clock = _Clock()
        selected = None if language.render_all else language.selected
        renderer = SelectiveRenderer(self.catalog, replace(self.options, language=language.code), selected)
        try:
            if selected is None:
                output = self._render_everything(renderer)
            else:
                self._render_steps(renderer, language.changed_kinds, per_item=True)
                output = self._render_steps(renderer, language.changed_kinds, per_item=False)
            clock.lap("render")
            before = set(language.written)
            written, removed = self._write(output, selected, None if selected is None else language.changed_kinds,
                                           language)
            clock.lap("write")
        except BaseException:
            language.render_all = True  # half done: its next run renders everything and writes what differs
            raise
        language.render_all, language.behind = False, False
        language.selected, language.changed_kinds = set(), set()
        return Update([], ok=True, written=written, removed=removed, everything=selected is None,
                      catalog=self.catalog, added=[path for path in written if path not in before],
                      seconds=clock.laps)

    def _lists(self, stop: Callable[[], bool] | None) -> Update:
        pending = self.pending
        if pending is None:
            return Update([], ok=True, catalog=self.catalog)
        clock = _Clock()
        pending.renderer.output = _Recorded(pending.renderer.output.keeps)
        output = self._render_steps(pending.renderer, pending.changed_kinds, per_item=False, stop=stop)
        clock.lap("render")
        before = set(self.written)
        written, removed = self._write(output, pending.renderer.selected, pending.changed_kinds)
        clock.lap("write")
        stopped = output.stopped
        if not stopped:
            self.pending = None
        return Update([], ok=True, written=written, removed=removed, catalog=self.catalog, seconds=clock.laps,
                      added=[path for path in written if path not in before], lists_pending=stopped)

    def _update(self) -> Update:
        clock = _Clock()
        found, find_problems = find_sources(self.root)
        previous_sources = self.sources
        self.sources = {source.relative: self._read(source, previous_sources.get(source.relative))
                        for source in found}
        loaded, validated = self._assemble(found, find_problems)
        clock.lap("read")
        catalog, problems = link(validated, self.today)
        problems = placeholders.review(self.root, loaded.records, problems)
        clock.lap("link")
        if errors(problems):
            self.sources = previous_sources if self.catalog is not None else self.sources
            return Update(problems, ok=False, catalog=catalog, seconds=clock.laps)
        changed_kinds, changed = changed_records(previous_sources, self.sources)
        everything = self.render_all or self.catalog is None or bool(changed_kinds & UNMODELLED_KINDS)
        if not everything and not changed_kinds:  # no record, guide or image differs: the catalogue is the same
            return Update(problems, ok=True, catalog=self.catalog, seconds=clock.laps,
                          lists_pending=self.pending is not None)
        selected, lists = None, {}
        if not everything:
            selected, lists = affected_records(self.catalog, catalog, changed, previous_sources, self.sources,
                                               self.catalog.related.lists)
        catalog.related = RememberedRelated(catalog.related, lists)
        clock.lap("plan")
        renderer = SelectiveRenderer(catalog, self.options, selected)
        if everything:
            output = self._render_everything(renderer)
        else:
            output = self._render_steps(renderer, changed_kinds, per_item=True)
        clock.lap("render")
        before = set(self.written)
        written, removed = self._write(output, selected, None if everything else changed_kinds)
        clock.lap("write")
        gone_or_new = set() if self.catalog is None else holdings_changed(self.catalog, catalog, self.languages)
        for code, language in self.languages.items():
            language.catch_up(selected, changed_kinds, everything or code in gone_or_new)
        self.catalog, self.render_all = catalog, False
        carried = self.pending.changed_kinds if self.pending is not None else set()
        self.pending = None if everything else _PendingLists(renderer, changed_kinds | carried)
        return Update(problems, ok=True, written=written, removed=removed, everything=everything, catalog=catalog,
                      added=[path for path in written if path not in before], seconds=clock.laps,
                      lists_pending=not everything)

    # ------------------------------------------------------------ sources

    def _read(self, source: SourceFile, previous: SourceState | None) -> SourceState:
        info = os.stat(source.path)
        fingerprint = (info.st_mtime_ns, info.st_size)
        if previous is not None and previous.fingerprint == fingerprint:
            return previous
        digest = hashlib.sha256(source.path.read_bytes()).hexdigest()
        if previous is not None and previous.digest == digest:
            previous.fingerprint = fingerprint  # touched, not changed
            return previous
        loaded = load_source(source, self.root)
        return SourceState(fingerprint, digest, loaded, validate(loaded))

    def _assemble(self, found: list[SourceFile], find_problems: list[Problem]) -> tuple[loading.Loaded, Validated]:
        """One Loaded and one Validated, in the order a full load reads the files."""
        loaded, validated = loading.Loaded(problems=list(find_problems)), Validated([], [], {}, list(find_problems))
        for source in found:
            state = self.sources[source.relative]
            loaded.records += state.loaded.records
            loaded.pages += state.loaded.pages
            loaded.assets.update(state.loaded.assets)
            loaded.problems += state.loaded.problems
            validated.records += state.validated.records
            validated.pages += state.validated.pages
            validated.assets.update(state.validated.assets)
            validated.problems += state.validated.problems
            validated.invalid += state.validated.invalid
        return loaded, validated

    # ------------------------------------------------------------ render and write

    def _render_steps(self, renderer: "SelectiveRenderer", changed_kinds: set[str], per_item: bool,
                      stop: Callable[[], bool] | None = None) -> "_Recorded":
        """The one-page-per-record steps (per_item), or the whole-catalogue steps that read what changed
        (of the steps that run in the renderer's language)."""
        for render_step in steps_for(RENDER_STEPS, renderer.options.language):
            name = step_name(render_step)
            if bool(render_step.per_item) != per_item:
                continue
            if not per_item and name in STEP_READS and not STEP_READS[name] & changed_kinds:
                continue
            if stop is not None and stop():
                renderer.output.stopped = True
                break
            renderer.begin(name)
            render_step(renderer)
        return renderer.output

    def _render_everything(self, renderer: "SelectiveRenderer") -> "_Recorded":
        if parallel.worth_forking(renderer.catalog, self.workers):
            return _render_forked(renderer, self.workers)
        for render_step in steps_for(RENDER_STEPS, renderer.options.language):
            renderer.begin(step_name(render_step))
            render_step(renderer)
        return renderer.output

    def _write(self, output: "_Recorded", selected: set[RecordKey] | None,
               changed_kinds: set[str] | None, language: _Language | None = None) -> tuple[list[str], list[str]]:
        """Write what differs into the docs folder (English's, or `language`'s), remove what is left over."""
        docs_dir, known = (self.docs_dir, self.written) if language is None else (language.docs_dir, language.written)
        ran = set(output.ran_steps)
        # Files that the steps and records just rendered wrote last time: rewritten now or gone.
        stale = {path for path, old in known.items() if old.owner[0] in ran and
                 (old.owner[1] is None or selected is None or old.owner[1] in selected)}
        if changed_kinds is None:
            stale = set(known)  # everything was rendered: any other file is left over
        written = []
        for path, content in output.files.items():
            digest = hashlib.sha256(content).hexdigest()
            old = known.get(path)
            target = docs_dir / path
            if old is None or old.digest != digest or not target.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
                written.append(path)
            known[path] = Written(output.owners[path], digest)
            stale.discard(path)
        for path in sorted(stale):
            (docs_dir / path).unlink(missing_ok=True)
            del known[path]
        removed = sorted(stale) + (_remove_strays(docs_dir, known) if changed_kinds is None else [])
        return sorted(written), removed


def _remove_strays(docs_dir: Path, known: dict[str, Written]) -> list[str]:
    """After rendering everything, files in the docs folder that no step wrote (an earlier build's)."""
    removed = []
    if docs_dir.is_dir():
        for path in sorted(docs_dir.rglob("*"), reverse=True):
            relative = path.relative_to(docs_dir).as_posix()
            if path.is_file() and relative not in known:
                path.unlink()
                removed.append(relative)
    return removed


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name], self._last = now - self._last, now


def load_source(source: SourceFile, root: Path) -> loading.Loaded:
    """One source file, read as load.load reads it among the others."""
    loaded = loading.Loaded()
    if source.kind in loading._RECORD_READERS:
        records, problems = loading._RECORD_READERS[source.kind](source.path, root, source.kind, source.record_id)
    elif source.kind in ("municipality", "organisation", "theme"):
        records, problems = loading.load_registry_file(source.path, root, source.kind)
    else:
        records, problems = [], loading._load_content_file(source, root, loaded)
    loaded.records, loaded.problems = records, loaded.problems + problems
    return loaded


def step_name(render_step: Any) -> str:
    return f"{render_step.__module__}.{render_step.__name__}"


# ---------------------------------------------------------------- a renderer that renders some records


class _Recorded(Output):
    """Output that remembers which step, and which record of it, wrote each file."""

    def __init__(self, keeps: Callable[[str], bool] | None = None) -> None:
        super().__init__(keeps=keeps)  # another language's: only the files its site holds
        self.owners: dict[str, tuple[str, RecordKey | None]] = {}
        self.owner: tuple[str, RecordKey | None] = ("", None)
        self.ran_steps: list[str] = []
        self.stopped = False  # steps were left for later

    def add(self, path: str, content: str | bytes) -> None:
        super().add(path, content)
        if path in self.files:
            self.owners[path] = self.owner


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process: each run's renderer has a new Jinja environment, and
    compiling its templates again was most of a save's render time. Keyed by the source's checksum."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.codes:
            bucket.bytecode_from_string(self.codes[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _CompiledTemplates()
_COMPILED_IN: dict[str, _CompiledTemplates] = {}  # another language's environment compiles its own


def compiled_templates(language: str) -> _CompiledTemplates:
    if language == "en":
        return COMPILED_TEMPLATES
    return _COMPILED_IN.setdefault(language, _CompiledTemplates())


class SelectiveRenderer(Renderer):
    """A Renderer whose one-page-per-record steps render only the selected records (all if None)."""

    def __init__(self, catalog: Catalog, options: RenderOptions, selected: set[RecordKey] | None):
        super().__init__(catalog, options)
        self.env.bytecode_cache = compiled_templates(options.language)
        self.output = _Recorded(self.output.keeps)
        self.selected = selected

    def begin(self, name: str) -> None:
        self.output.ran_steps.append(name)
        self.output.owner = (name, None)

    def share(self, items: list) -> list:
        return _Attributing(self.output, [item for item in super().share(items) if self._wanted(item)])

    def _wanted(self, item: Any) -> bool:
        key = record_key(item)
        return self.selected is None or key is None or key in self.selected


class _Attributing(list):
    """The items of a per-record step; while one is being rendered, the files written are its own."""

    def __init__(self, output: _Recorded, items: list):
        super().__init__(items)
        self.output = output

    def __iter__(self):
        step_owner = self.output.owner[0]
        for item in super().__iter__():
            self.output.owner = (step_owner, record_key(item))
            yield item
        self.output.owner = (step_owner, None)


def record_key(item: Any) -> RecordKey | None:
    """The record an item of a per-record step stands for: a Valid, or a tuple holding one."""
    if isinstance(item, (Valid, LocalizedRecord)):  # a translated record as another language shows it
        return (item.kind, item.id)
    if isinstance(item, tuple):
        for part in item:
            if isinstance(part, (Valid, LocalizedRecord)):
                return (part.kind, part.id)
    return None


# ---------------------------------------------------------------- the first run, on every core

_forked: SelectiveRenderer | None = None  # set just before forking; the workers inherit it


def _render_forked(renderer: SelectiveRenderer, workers: int) -> _Recorded:
    """Every step, in forked workers as render/parallel.py renders a build, each file with its owner;
    the related lists the workers found come back too (the next run compares with them)."""
    global _forked
    for name in renderer.env.list_templates():
        renderer.env.get_template(name)  # compiled once here, not in every worker
    shards = workers * parallel.SHARDS_PER_WORKER
    steps = steps_for(RENDER_STEPS, renderer.options.language)  # another language runs fewer
    tasks = [(index, (0, 1)) for index, render_step in enumerate(RENDER_STEPS)
             if render_step in steps and not render_step.per_item]
    tasks += [(index, (shard, shards)) for index, render_step in enumerate(RENDER_STEPS)
              if render_step in steps and render_step.per_item for shard in range(shards)]
    output = _Recorded()
    output.ran_steps = [step_name(render_step) for render_step in steps]
    _forked = parallel._renderer = renderer  # the maps' framings are drawn from parallel's
    gc.freeze()
    try:
        parallel._draw_maps_beforehand(workers)
        gc.freeze()
        pool = parallel._new_pool(workers)
        try:
            for future in [pool.submit(_render_task, task) for task in tasks]:
                files, owners, lists = future.result()
                output.files.update(files)
                output.owners.update(owners)
                renderer.catalog.related.lists.update(lists)
        except BaseException:
            kill_workers(pool)
            raise
        finally:
            pool.shutdown()
    finally:
        _forked = parallel._renderer = None
        gc.unfreeze()
    return output


def _render_task(task: tuple[int, tuple[int, int]]) -> tuple[dict, dict, dict]:
    step_index, shard = task
    renderer = _forked
    assert renderer is not None, "only called in a forked worker"
    renderer.output, renderer.shard = _Recorded(renderer.output.keeps), shard
    lists = renderer.catalog.related.lists
    known = set(lists)  # a worker takes several tasks: send each list once
    renderer.begin(step_name(RENDER_STEPS[step_index]))
    RENDER_STEPS[step_index](renderer)
    return renderer.output.files, renderer.output.owners, {key: lists[key] for key in set(lists) - known}
