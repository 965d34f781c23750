"""Stopping `portal build` at any stage leaves no process behind, and the old site/ as it was.

The build runs as a user runs it, in its own process, and is stopped once its progress line for
a stage has appeared (the line comes when the stage ends, so it is stopped in the next one):
with SIGTERM (a CI runner cancelling), which it should handle as cleanly as Ctrl-C, and with
SIGKILL, which gives it no chance at all, so its children must die on their own.
Every process it starts inherits a tag in its environment, so that any left over is found
however it was started and whoever adopted it. (The last step, the swap of site/, takes
microseconds: a crash there is injected deterministically in tests/test_build.py.)
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from conftest import REPO, copy_portal

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc; children die with the build on Linux")

TAG = "PORTAL_PROCESS_HYGIENE_TEST"
OLD_SITE_MARKER = "old-site-marker.txt"
PRACTICE = "practices/bih-caf-self-assessment-entry.md"
NEW_TITLE = "Title written by the build that was stopped"  # so a new site would differ
STAGE_LINE = r"^\s+{}\s+\d+\.\d+s"
WAIT = 120  # seconds: a bound for a hung build, not a speed test


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The shipped portal, built once: the 'old site' each stopped build starts from."""
    root = copy_portal(tmp_path_factory.mktemp("hygiene") / "portal")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "-q", "build"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    (root / "site" / OLD_SITE_MARKER).write_text("built before the stopped build\n")
    return root


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
@pytest.mark.parametrize("after", ["load", "link", "render", "mkdocs"])
def test_a_stopped_build_leaves_no_process_and_the_site_as_it_was(built, tmp_path, after, how):
    root = tmp_path / "portal"
    shutil.copytree(built, root, symlinks=True)
    old_site = _contents(root / "site")
    practice = root / PRACTICE
    practice.write_text(re.sub(r"(?m)^title: .*$", f"title: {NEW_TITLE}", practice.read_text(), count=1))

    tag = uuid.uuid4().hex
    build = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "build"], cwd=REPO,
                             env={**os.environ, TAG: tag}, stderr=subprocess.PIPE, text=True)
    progress = _Lines(build.stderr)
    try:
        progress.wait_for(STAGE_LINE.format(re.escape(after)))
        if after == "link":  # rendering: stop it once the workers are there
            _wait_until(build, lambda: [p for p in _tagged(tag) if p != build.pid], "no render worker was seen")
        if after == "mkdocs":  # indexing: freeze Pagefind, so that it cannot end on its own
            pagefind = _wait_until(build, lambda: [p for p in _tagged(tag) if _name(p) == "pagefind"],
                                   "Pagefind was never seen running")
            for pid in pagefind:
                os.kill(pid, signal.SIGSTOP)
        build.send_signal(how)
        build.wait(timeout=WAIT)
        left = _left_over(tag)
    finally:
        for pid in _tagged(tag):  # whatever was left, so that the next test starts clean
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        build.kill()
        build.wait()
    assert not left, f"left running after {signal.Signals(how).name} following '{after}': {left}"

    # Every stop above comes before the swap, so the old site must be there, byte for byte.
    site = root / "site"
    assert site.is_dir(), "site/ is missing"
    assert (site / OLD_SITE_MARKER).exists() and _contents(site) == old_site, "site/ is not the old site"

    if how == signal.SIGTERM:
        assert build.returncode == 128 + signal.SIGTERM, progress.text()
        assert "Stopped; the previous site/ is unchanged." in progress.text()
        beside = [*root.iterdir(), *(root / "build").iterdir()]
        litter = [path.name for path in beside if path.suffix in (".new", ".old")]
        assert not litter, f"staging folders left after SIGTERM: {litter}"


class _Lines:
    """A child's stderr read in a thread, so that waiting for a line can be bounded."""

    def __init__(self, stream):
        self._lines: queue.Queue[str] = queue.Queue()
        self._seen: list[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self._lines.put(line)
        self._lines.put("")

    def wait_for(self, pattern: str) -> None:
        while True:
            line = self._lines.get(timeout=WAIT)
            self._seen.append(line)
            if re.search(pattern, line):
                return
            assert line, f"the build ended before a line matching {pattern!r}:\n{self.text()}"

    def text(self) -> str:
        while not self._lines.empty():
            self._seen.append(self._lines.get())
        return "".join(self._seen)


def _tagged(tag: str) -> list[int]:
    """Live processes carrying the tag in their environment (a zombie's environment reads empty)."""
    wanted = f"{TAG}={tag}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if wanted in Path(f"/proc/{entry}/environ").read_bytes().split(b"\0"):
                    found.append(int(entry))
            except OSError:  # gone meanwhile, or not ours
                pass
    return found


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _left_over(tag: str) -> list[str]:
    """Processes still alive once the killed ones had time to die; a frozen or hung one never does."""
    deadline = time.monotonic() + 30
    while (pids := _tagged(tag)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return [f"{pid} {_name(pid)}" for pid in pids]


def _wait_until(build: subprocess.Popen, find, failure: str):
    deadline = time.monotonic() + WAIT
    while not (found := find()):
        assert build.poll() is None and time.monotonic() < deadline, failure
        time.sleep(0.005)
    return found


def _contents(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in folder.rglob("*") if path.is_file()}
