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


def test_no_fork_for_a_tiny_portal_or_beside_other_threads(mini, monkeypatch):
    mini.practice()
    tiny, _ = link(validate(load(mini.root)), dt.date(2026, 11, 24))
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # as in `portal build`
    assert not parallel.worth_forking(tiny, 2)  # a few records: forking costs more than it saves
    shipped, _ = link(validate(load(REPO)), dt.date(2026, 11, 24))
    assert parallel.worth_forking(shipped, 2) == (sys.platform == "linux")
    assert not parallel.worth_forking(shipped, 1)
    monkeypatch.setattr(threading, "active_count", lambda: 3)  # e.g. the live-reload server of `portal serve`
    assert not parallel.worth_forking(shipped, 2)
