"""`portal serve`: a newcomer scaffolds a practice and sees it on the local site; a crash in a
regeneration never stops the server, and the next save that fixes it shows."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import REPO, fill_in_placeholders, portal_serve, wait_for


def test_a_new_practice_appears_under_portal_serve(mini):
    mini.practice()
    with portal_serve(mini.root) as base:
        assert b"School exchange" in wait_for(base + "practices/school-exchange.html")
        created = subprocess.run(
            [sys.executable, "-m", "generator", "--root", str(mini.root), "new", "practice", "youth-council",
             "--title", "Youth council of Gran", "--municipality", "gran"], cwd=REPO, capture_output=True, text=True)
        assert created.returncode == 0, created.stderr
        fill_in_placeholders(mini.root / "practices" / "youth-council.md")
        assert b"Youth council of Gran" in wait_for(base + "practices/youth-council.html")
        assert b"Youth council of Gran" in wait_for(base + "municipalities/gran.html")


# Loaded by the server's interpreter at start-up (sitecustomize): a bug in the generator, which
# strikes while practices/generator-bug.md exists.
_INJECTED_BUG = """
from pathlib import Path
import generator.incremental as incremental

real_update = incremental.Incremental.update_records  # the round a save runs first

def update(self):
    if (self.root / "practices" / "generator-bug.md").exists():
        raise RecursionError("maximum recursion depth exceeded (a bug injected by the test)")
    return real_update(self)

incremental.Incremental.update_records = update
"""


def test_portal_serve_outlives_inputs_that_break_the_generator_and_shows_the_fix(mini, tmp_path):
    mini.practice()
    network = mini.network()
    good = network.read_text(encoding="utf-8")
    (tmp_path / "inject").mkdir()
    (tmp_path / "inject" / "sitecustomize.py").write_text(_INJECTED_BUG, encoding="utf-8")
    messages = tmp_path / "serve.log"
    with _serve_with_messages(mini.root, messages, tmp_path / "inject") as base:
        _wait_for_page(base + "networks/gran-mukono.html", "Gran–Mukono partnership")
        # Nesting 1,000 deep exhausted Python's recursion limit in the loader; now it is a problem.
        network.write_text("name: " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
        _wait_for_message(messages, "Not regenerated", count=1)
        _wait_for_page(base + "networks/gran-mukono.html", "Gran–Mukono partnership")  # still served
        mini.write("practices/generator-bug.md", "(the injected bug strikes while this file exists)\n")
        _wait_for_message(messages, "Not regenerated: the generator crashed after a change to "
                                    f"{Path('practices', 'generator-bug.md')} (RecursionError", count=1)
        _wait_for_page(base + "networks/gran-mukono.html", "Gran–Mukono partnership")  # still served
        (mini.root / "practices" / "generator-bug.md").unlink()
        network.write_text(good.replace("Gran–Mukono", "Gran and Mukono"), encoding="utf-8")
        _wait_for_page(base + "networks/gran-mukono.html", "Gran and Mukono partnership")


def test_a_crash_while_regenerating_is_one_line_and_the_next_save_regenerates(mini, capsys):
    from generator import build as pipeline
    from generator.serve import regenerate

    mini.practice()
    docs = mini.root / "build" / "docs"
    error_log = mini.root / "build" / "serve-error.txt"
    assert regenerate(lambda: pipeline.generate(mini.root), docs, error_log)
    before = {path: path.read_bytes() for path in docs.rglob("*") if path.is_file()}

    def generator_with_a_bug():
        raise RecursionError("maximum recursion depth exceeded")

    capsys.readouterr()
    assert not regenerate(generator_with_a_bug, docs, error_log, changed=["networks/deep.yml"])
    message = capsys.readouterr().err.strip()
    assert len(message.splitlines()) == 1, message
    assert "Not regenerated" in message and "after a change to networks/deep.yml" in message
    assert "RecursionError: maximum recursion depth exceeded" in message
    assert str(error_log) in message
    assert "generator_with_a_bug" in error_log.read_text(encoding="utf-8")  # the traceback, to look into
    assert {path: path.read_bytes() for path in docs.rglob("*") if path.is_file()} == before

    mini.practice(title="Fixed title")
    assert regenerate(lambda: pipeline.generate(mini.root), docs, error_log, changed=["practices/school-exchange.md"])
    assert "Fixed title" in (docs / "practices" / "school-exchange.md").read_text(encoding="utf-8")
    assert not error_log.exists()  # it described a crash that is gone


@contextlib.contextmanager
def _serve_with_messages(root: Path, messages: Path, python_path: Path):
    """`portal serve` on a free localhost port, its messages (stderr) into a file; yields the base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with messages.open("w") as stream:
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(root), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=stream,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(python_path), os.environ.get("PYTHONPATH")]))})
        try:
            yield f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()
            server.wait(timeout=30)


def _wait_for_message(messages: Path, text: str, count: int, seconds: float = 90) -> None:
    """A bounded wait for the server to have said something `count` times, not a speed test."""
    deadline = time.monotonic() + seconds
    while messages.read_text(encoding="utf-8").count(text) < count:
        assert time.monotonic() < deadline, f"never said {text!r}:\n{messages.read_text(encoding='utf-8')}"
        time.sleep(0.2)


def _wait_for_page(url: str, text: str, seconds: float = 90) -> None:
    """Poll until the page shows the text. A bounded wait, not a speed test: MkDocs holds requests
    back while it rebuilds, which on a busy machine can outlast one request's timeout."""
    deadline = time.monotonic() + seconds
    page = ""
    while text not in page:
        assert time.monotonic() < deadline, f"{url} never showed {text!r}:\n{page[:2000]}"
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                page = response.read().decode()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if text not in page:
            time.sleep(0.5)


def test_reading_a_source_file_is_not_a_change():
    """Each regeneration reads every file: if reads counted, `portal serve` would regenerate forever."""
    from watchdog.events import (FileClosedEvent, FileClosedNoWriteEvent, FileCreatedEvent, FileDeletedEvent,
                                 FileModifiedEvent, FileMovedEvent, FileOpenedEvent, DirModifiedEvent)
    from generator.serve import is_a_change

    path = "practices/school-exchange.md"
    assert not is_a_change(FileOpenedEvent(path))
    assert not is_a_change(FileClosedNoWriteEvent(path))
    assert not is_a_change(DirModifiedEvent("practices"))
    for event in (FileModifiedEvent(path), FileClosedEvent(path), FileCreatedEvent(path), FileDeletedEvent(path),
                  FileMovedEvent(path, "practices/renamed.md")):
        assert is_a_change(event), event


def test_serve_says_where_it_serves_and_one_save_makes_one_rebuild_then_it_idles(mini, tmp_path):
    """One save: one regeneration, one site build, one report. Then nothing, however long it waits:
    the server's own reads of the sources and the docs are no changes."""
    mini.practice()
    messages = tmp_path / "serve.log"
    with _serve_with_messages(mini.root, messages, tmp_path) as base:
        _wait_for_message(messages, f"Serving on {base}", count=1)
        mini.practice(title="Renamed school exchange")
        _wait_for_page(base + "practices/school-exchange.html", "Renamed school exchange")
        _wait_for_message(messages, "Rebuilt in", count=1)
        time.sleep(8)  # idle: several regeneration cycles' worth, if reads still counted as changes
        log = messages.read_text(encoding="utf-8")
        assert log.count("Rebuilt in") == 1, log
        assert "after a change to " + str(Path("practices", "school-exchange.md")) in log, log
        assert log.count("Site built in") == 1, log


def test_a_busy_port_is_a_plain_message(mini):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run([sys.executable, "-m", "generator", "--root", str(mini.root), "serve",
                              "--dev-addr", f"127.0.0.1:{port}"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert f"Cannot serve on 127.0.0.1:{port}" in run.stderr and "--dev-addr" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
