"""Rendering in several processes: MkDocs builds on one core, generation can use them all.

Workers are forked after the catalogue is linked, so they share it without copying or
pickling it. Each task is a whole render step, or one share of a per-item step (one
page per practice, network or registry entry); a worker sends back the files it made
and the parent merges them. The parent renders tasks too, in place of one more worker
(each worker copies what it reads of the catalogue, see _share_out). The result is the same set of files as a serial render.

Forking is used only where it is safe and worth it: on Linux, from a process that runs
no other thread (the live-reload server of `portal serve` does, and a fork copies
only the forking thread, with any lock another thread held), and for a portal large
enough that starting workers costs less than it saves.

Workers never outlive the build: each asks to be killed when its parent dies
(generator/lifetime.py), ignores Ctrl-C and takes SIGTERM plainly (the parent
handles both), and the parent kills them all on any exception, instead of letting
the pool finish every queued task first.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Callable

from ..catalog import Catalog
from ..lifetime import kill_workers, start_worker
from . import RENDER_STEPS, Output, Renderer
from .languages import steps_for
from .visual import maps, outlines

MIN_RECORDS = 50  # practices, networks and registry entries; below this forking costs more than it saves
# (from about that size the downloads alone, two steps of a second each, gain from two workers)
SHARDS_PER_WORKER = 4  # small tasks let a worker that finished early take over the rest

_renderer: Renderer | None = None  # set just before forking; the workers inherit it
_write: Callable[[dict[str, bytes]], None] | None = None  # where a task writes its files itself (keep_files False)


def available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def worth_forking(catalog: Catalog, workers: int) -> bool:
    records = len(catalog.practices) + len(catalog.networks) + len(catalog.municipalities) + len(catalog.organisations)
    return (workers > 1 and records >= MIN_RECORDS and sys.platform == "linux"
            and threading.active_count() == 1)


def render_forked(renderer: Renderer, workers: int,
                  on_files: Callable[[dict[str, bytes]], None] | None = None, keep_files: bool = True) -> Output:
    """The render in forked workers; with keep_files False, each batch goes to on_files and is let go
    (at 10,000 practices the parent would otherwise hold about 0.5 GB of pages beside the workers)."""
    global _renderer, _write
    for name in renderer.env.list_templates():
        renderer.env.get_template(name)  # compile once here rather than once in every worker
    shards = workers * SHARDS_PER_WORKER
    # Whole steps first: some are long (the downloads), and the per-item shards fill in behind them.
    steps = steps_for(RENDER_STEPS, renderer.options.language)  # a language other than English runs fewer
    tasks = [(index, (0, 1)) for index, step in enumerate(RENDER_STEPS) if step in steps and not step.per_item]
    tasks += [(index, (shard, shards)) for index, step in enumerate(RENDER_STEPS) if step in steps and step.per_item
              for shard in range(shards)]
    output = Output()
    _renderer = renderer
    # Files not kept are written by the process that made them: sending 0.8 GB of pages to the
    # parent cost pickling twice and left all the writing to the parent, which renders too.
    _write = None if keep_files else on_files
    # Frozen objects are never visited by the workers' garbage collector, which would otherwise
    # touch, and so copy, every page of the inherited catalogue.
    gc.freeze()
    try:
        _draw_maps_beforehand(workers)
    except BaseException:
        _renderer = None
        gc.unfreeze()
        raise
    gc.freeze()  # the outlines just drawn too
    pool = _new_pool(workers - 1)  # the parent renders too: see _share_out
    try:
        _share_out(pool, tasks, lambda files: _deliver(files, output, on_files, keep_files))
    except BaseException:
        kill_workers(pool)
        raise
    finally:
        pool.shutdown()
        _renderer = _write = None
        gc.unfreeze()
    return output


def _share_out(pool: ProcessPoolExecutor, tasks: list, deliver: Callable[[dict[str, bytes]], None]) -> None:
    """Run the tasks in the pool and in this process, handing each one's files to `deliver` as they come.

    The parent takes tasks from the end of the list while the pool's workers take them from the
    start. A worker copies each page of the inherited catalogue that it reads (a read changes an
    object's reference count), so an idle parent beside two workers held three copies of it: about
    0.3 GB each at 10,000 practices. The parent rendering in place of one worker saves one.
    Tasks go to the pool a few at a time, never cancelled: on an early exit Python 3.11's pool fails
    in its own thread when the killed workers make it mark a cancelled future as broken (so no
    pool.map either, which cancels the queued futures).
    """
    queued = list(range(len(tasks)))  # not started: the pool's from the front, the parent's from the end
    futures = {}
    while queued or futures:
        while queued and len(futures) < 2 * pool._max_workers:  # each worker has its next task at hand
            index = queued.pop(0)
            futures[index] = pool.submit(_run_and_write, tasks[index])
        finished = [index for index, future in futures.items() if future.done()]
        for index in finished:
            deliver(futures.pop(index).result())  # popped: the future would keep its files to the end
        if finished:
            continue
        if queued:
            deliver(_run_and_write(tasks[queued.pop()]))
        else:
            wait(futures.values(), return_when=FIRST_COMPLETED)


def _deliver(files: dict[str, bytes] | int, output: Output, on_files: Callable[[dict[str, bytes]], None] | None,
             keep_files: bool) -> None:
    if isinstance(files, int):  # written by the task itself (_run_and_write)
        output.written += files
        return
    if keep_files:
        output.files.update(files)
    else:
        output.written += len(files)
    if on_files:
        on_files(files)  # written while the workers go on rendering


def _new_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=start_worker, initargs=(os.getpid(),))


def _draw_maps_beforehand(workers: int) -> None:
    """Draw the outlines of every map's framing once, split over the workers, before the render workers fork.

    Otherwise each render worker draws nearly all of them itself: at 10,000 practices about
    200 framings of 15-150 ms each. The pages list their framings in a first round, then the
    distinct framings are drawn in shares and kept here, where the render workers inherit them.
    """
    outlines.outlines_ready()  # read once, shared by every worker
    page_maps = getattr(_renderer.env.globals.get("practice_map"), "__self__", None)
    if page_maps is None or not hasattr(page_maps, "framings"):
        return
    shares = workers * SHARDS_PER_WORKER
    pool = _new_pool(workers)
    try:
        framings = set()
        for future in [pool.submit(_framings_of_share, (index, shares)) for index in range(shares)]:
            framings |= future.result()
        ordered = sorted(framings, key=repr)
        for future in [pool.submit(maps.draw_framings, ordered[index::shares]) for index in range(shares)]:
            maps.keep(future.result())
    except BaseException:
        kill_workers(pool)
        raise
    finally:
        pool.shutdown()


def _framings_of_share(share: tuple[int, int]) -> set:
    renderer = _renderer
    assert renderer is not None, "only called in a forked worker"
    return renderer.env.globals["practice_map"].__self__.framings(share)


def _run_and_write(task: tuple[int, tuple[int, int]]) -> dict[str, bytes] | int:
    """A task's files, or with a writer set, their number once written."""
    files = _run_task(task)
    if _write is None:
        return files
    _write(files)
    return len(files)


def _run_task(task: tuple[int, tuple[int, int]]) -> dict[str, bytes]:
    step_index, shard = task
    renderer = _renderer
    assert renderer is not None, "only called while rendering in parallel"
    renderer.output, renderer.shard = renderer.output.empty(), shard
    RENDER_STEPS[step_index](renderer)
    files, renderer.output = renderer.output.files, renderer.output.empty()
    if not RENDER_STEPS[step_index].per_item:
        # The cyclic collector is paused for generation (gc_pause.py), and whole steps such as the
        # downloads leave cycles (fonts, documents: over 100 MB in the worker that made the templates'
        # at 10,000 practices; a share of record pages leaves next to none). The catalogue is frozen,
        # so this looks only at what the process made since the fork.
        gc.collect()
    return files
