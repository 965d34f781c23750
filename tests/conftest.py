"""Shared fixtures: small scratch portals, the shipped portal built once, a browser."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import socket
import socketserver
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCE_FOLDERS = ("practices", "networks", "registry", "content")
CHROMIUM = "/usr/bin/chromium"
# A registry entry with its own name in its own language (registry/organisations/*.yml), as shipped.
LOCAL_NAMED_ORGANISATION = """\
- id: aam
  name: Association of Albanian Municipalities
  local_name: Shoqata e Bashkive të Shqipërisë
  local_language: sq
  kind: association
  country: AL
"""


# What an editor writes in place of each 'FILL IN' placeholder that `portal new` leaves.
FILLED_IN = {"summary": "Two schools pair up.", "status": "implemented", "start": "2004", "title": "A study",
             "kind": "partnership", "topic": "Schools", "name": "A network", "ref": "gran", "year": "2012",
             "country": "SI"}


def fill_in_placeholders(path: Path) -> None:
    """Replace every placeholder of a `portal new` scaffold as an editor would, so that it passes the check."""
    line = re.compile(r"^(?P<key>\s*(?:- )?(?P<name>\w+): )(?:'FILL IN[^']*(?:''[^']*)*'|FILL IN)$", re.M)
    path.write_text(line.sub(lambda m: m["key"] + FILLED_IN[m["name"]], path.read_text(encoding="utf-8")),
                    encoding="utf-8")


def copy_portal(target: Path) -> Path:
    """A copy of the shipped portal's sources, to build without touching the repository."""
    for folder in SOURCE_FOLDERS:
        if (REPO / folder).exists():
            shutil.copytree(REPO / folder, target / folder)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    for extra in ("overrides",):
        if (REPO / extra).exists():
            shutil.copytree(REPO / extra, target / extra)
    return target


class MiniPortal:
    """A scratch portal written file by file; starts with a tiny valid registry."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        if (REPO / "overrides").exists():
            shutil.copytree(REPO / "overrides", root / "overrides")
        self.write("registry/themes.yml", """
            - id: education
              name: Education
            - id: health-and-care
              name: Health and care
            """)
        self.write("registry/municipalities/test.yml", """
            - id: gran
              name: Gran
              country: NO
            - id: mukono
              name: Mukono
              country: UG
            - id: solvesborg
              name: Sölvesborg
              country: SE
            """)
        self.write("registry/organisations/test.yml", """
            - id: ks
              name: KS
              kind: association
              country: NO
            """)

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def practice(self, practice_id: str = "school-exchange", **overrides: str) -> Path:
        fields = {
            "title": "School exchange",
            "summary": "Pupils of two towns write to each other and visit.",
            "municipalities": "[gran, mukono]",
            "themes": "[education]",
            "stage": "improvement",
            "status": "implemented",
            "period": "{start: 2004}",
            "sources": "[{title: 'Has it been worth it?', publisher: University of Oslo, year: 2012}]",
            "last_verified": "2026-11-01",
        }
        fields.update(overrides)
        body = fields.pop("body", "## Context\n\nTwo schools paired up.\n")
        front = "\n".join(f"{key}: {value}" for key, value in fields.items())
        return self.write(f"practices/{practice_id}.md", f"---\n{front}\n---\n{body}")

    def network(self, network_id: str = "gran-mukono", extra: str = "") -> Path:
        main = textwrap.dedent(f"""
            name: Gran–Mukono partnership
            kind: partnership
            topic: Municipal co-operation
            summary: Two municipalities learning from each other.
            host: ks
            members:
              - ref: gran
                role: partner
              - ref: mukono
                role: partner
            period: {{start: 2000, end: 2013}}
            sources:
              - title: Has it been worth it?
            last_verified: 2026-11-01
            """).lstrip("\n")
        return self.write(f"networks/{network_id}.yml", main + textwrap.dedent(extra).lstrip("\n"))


@pytest.fixture
def mini(tmp_path: Path) -> MiniPortal:
    return MiniPortal(tmp_path)


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    """The shipped content, built once per test session with `portal build`."""
    from generator.build import build

    root = copy_portal(tmp_path_factory.mktemp("shipped"))
    generated = build(root, quiet=True)
    assert generated.ok, "\n".join(str(p) for p in generated.problems)
    return root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve_folder(folder: Path):
    """Serve a folder on a free localhost port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    socketserver.TCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. In CI a missing browser fails, never skips."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def site_url(shipped_site: Path):
    with serve_folder(shipped_site / "site") as url:
        yield url


def wait_for(url: str, seconds: float = 180) -> bytes:
    """Poll until the URL is served; a bounded wait, not a speed test."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # MkDocs holds requests while it rebuilds
            if time.monotonic() > deadline:
                raise AssertionError(f"{url} was never served")
            time.sleep(0.5)


@contextlib.contextmanager
def portal_serve(root: Path):
    """`portal serve` on a free localhost port, as a user starts it; yields the base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(root), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)


def translate_practice_titles(mini: "MiniPortal", titles: dict[str, str], practice_id: str = "school-exchange") -> None:
    """A machine translation of the practice's title alone in each language ({"sq": "Shkëmbim shkollash"})."""
    import datetime as dt

    from generator.build import check
    from generator.problems import errors
    from generator.translations import source_digest

    catalog, problems = check(mini.root, today=dt.date(2026, 12, 1))
    assert not errors(problems), problems
    digest = source_digest(catalog.practices[practice_id])
    header = f"translation:\n  status: machine\n  by: a translation tool\n  source: {digest}\n"
    for language, title in titles.items():
        mini.write(f"practices/{practice_id}.{language}.md", f"---\n{header}title: {title}\n---\n")


def render_steps(root: Path, language: str, steps: tuple[str, ...], **options: object) -> dict[str, bytes]:
    """The files these render steps (by function name) give for `root` in `language`, as on 1 December 2026."""
    import datetime as dt

    from generator.build import check, render_options
    from generator.render import RENDER_STEPS, Renderer

    catalog, problems = check(root, today=dt.date(2026, 12, 1))
    assert catalog is not None, problems
    settings = render_options(root)
    settings.language = language
    for name, value in options.items():
        setattr(settings, name, value)
    renderer = Renderer(catalog, settings)
    for step in RENDER_STEPS:
        if step.__name__ in steps:
            step(renderer)
    return renderer.output.files
