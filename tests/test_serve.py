"""`portal serve`: a newcomer scaffolds a practice and sees it on the local site."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO, portal_serve, wait_for


def test_a_new_practice_appears_under_portal_serve(mini):
    mini.practice()
    with portal_serve(mini.root) as base:
        assert b"School exchange" in wait_for(base + "practices/school-exchange.html")
        created = subprocess.run(
            [sys.executable, "-m", "generator", "--root", str(mini.root), "new", "practice", "youth-council",
             "--title", "Youth council of Gran", "--municipality", "gran"], cwd=REPO, capture_output=True, text=True)
        assert created.returncode == 0, created.stderr
        assert b"Youth council of Gran" in wait_for(base + "practices/youth-council.html")
        assert b"Youth council of Gran" in wait_for(base + "municipalities/gran.html")
