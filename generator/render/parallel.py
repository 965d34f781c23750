"""Rendering in several processes: MkDocs builds on one core, generation can use them all.

Workers are forked after the catalogue is linked, so they share it without copying or
pickling it. Each task is a whole render step, or one share of a per-item step (one
page per practice, network or registry entry); a worker sends back the files it made
and the parent merges them. The result is the same set of files as a serial render.

Forking is used only where it is safe and worth it: on Linux, from a process that runs
no other thread (the live-reload server of `portal serve` does, and a fork copies
only the forking thread, with any lock another thread held), and for a portal large
enough that starting workers costs less than it saves.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Callable

from ..catalog import Catalog
from . import RENDER_STEPS, Output, Renderer

MIN_RECORDS = 50  # practices, networks and registry entries; below this forking costs more than it saves
# (from about that size the downloads alone, two steps of a second each, gain from two workers)
SHARDS_PER_WORKER = 4  # small tasks let a worker that finished early take over the rest

_renderer: Renderer | None = None  # set just before forking; the workers inherit it


def available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def worth_forking(catalog: Catalog, workers: int) -> bool:
    records = len(catalog.practices) + len(catalog.networks) + len(catalog.municipalities) + len(catalog.organisations)
    return (workers > 1 and records >= MIN_RECORDS and sys.platform == "linux"
            and threading.active_count() == 1)


def render_forked(renderer: Renderer, workers: int,
                  on_files: Callable[[dict[str, bytes]], None] | None = None) -> Output:
    global _renderer
    for name in renderer.env.list_templates():
        renderer.env.get_template(name)  # compile once here rather than once in every worker
    shards = workers * SHARDS_PER_WORKER
    # Whole steps first: some are long (the downloads), and the per-item shards fill in behind them.
    tasks = [(index, (0, 1)) for index, step in enumerate(RENDER_STEPS) if not step.per_item]
    tasks += [(index, (shard, shards)) for index, step in enumerate(RENDER_STEPS) if step.per_item
              for shard in range(shards)]
    output = Output()
    _renderer = renderer
    # Frozen objects are never visited by the workers' garbage collector, which would otherwise
    # touch, and so copy, every page of the inherited catalogue.
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for files in pool.map(_run_task, tasks):
                output.files.update(files)
                if on_files:
                    on_files(files)  # the parent is otherwise idle: write while the workers render
    finally:
        _renderer = None
        gc.unfreeze()
    return output


def _run_task(task: tuple[int, tuple[int, int]]) -> dict[str, bytes]:
    step_index, shard = task
    renderer = _renderer
    assert renderer is not None, "only called in a forked worker"
    renderer.output, renderer.shard = Output(), shard
    RENDER_STEPS[step_index](renderer)
    return renderer.output.files
