"""`portal serve`: a newcomer scaffolds a practice and sees it on the local site."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import REPO


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, seconds: float = 90) -> bytes:
    """Poll until the page is served; a bounded wait, not a speed test."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise AssertionError(f"{url} was never served")
            time.sleep(0.5)


def test_a_new_practice_appears_under_portal_serve(mini):
    mini.practice()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(mini.root), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}/"
        assert b"School exchange" in _wait_for(base + "practices/school-exchange.html")
        created = subprocess.run(
            [sys.executable, "-m", "generator", "--root", str(mini.root), "new", "practice", "youth-council",
             "--title", "Youth council of Gran", "--municipality", "gran"], cwd=REPO, capture_output=True, text=True)
        assert created.returncode == 0, created.stderr
        assert b"Youth council of Gran" in _wait_for(base + "practices/youth-council.html")
        assert b"Youth council of Gran" in _wait_for(base + "municipalities/gran.html")
    finally:
        server.terminate()
        server.wait(timeout=30)
