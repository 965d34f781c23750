"""Rendering in worker processes gives exactly the files a serial render gives."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading

import pytest

from conftest import REPO
from generator.catalog import link
from generator.load import load
from generator.render import parallel
from generator.validate import validate


# Run in a fresh interpreter: this test process may have other threads (the browser
# fixture's), and the renderer rightly refuses to fork beside them.
_COMPARE = """
import datetime as dt, sys
from pathlib import Path
from generator.catalog import link
from generator.load import load
from generator.render import parallel, render
from generator.validate import validate

catalog, _ = link(validate(load(Path(sys.argv[1]))), dt.date(2026, 11, 24))
serial = render(catalog, workers=1).files
parallel.MIN_RECORDS = 1  # the shipped content is small; fork anyway
assert parallel.worth_forking(catalog, 2)
forked = render(catalog, workers=2).files
assert sorted(forked) == sorted(serial), set(forked) ^ set(serial)
different = [path for path in serial if forked[path] != serial[path]]
assert not different, different
print(len(serial), "files identical")
"""


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_forked_render_matches_the_serial_render():
    result = subprocess.run([sys.executable, "-c", _COMPARE, str(REPO)], capture_output=True, text=True,
                            cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "files identical" in result.stdout


def test_no_fork_beside_other_threads_or_for_a_small_portal(monkeypatch):
    catalog, _ = link(validate(load(REPO)), dt.date(2026, 11, 24))
    assert not parallel.worth_forking(catalog, 2)  # about 100 records: not worth it
    monkeypatch.setattr(parallel, "MIN_RECORDS", 1)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.worth_forking(catalog, 2)  # e.g. the live-reload server of `portal serve`
    finally:
        stop.set()
        thread.join()
