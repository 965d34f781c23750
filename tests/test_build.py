"""End to end: the `portal` command on the shipped content and on broken input."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.languages import TRANSLATIONS
from conftest import REPO, copy_portal, fill_in_placeholders


def portal(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=REPO)


def test_shipped_content_passes_check():
    result = portal("check")
    assert result.returncode == 0, result.stderr


def test_shipped_content_builds_strictly_with_every_record(shipped_site: Path):
    site = shipped_site / "site"
    for folder in ("practices", "networks", "municipalities", "organisations"):
        sources = {p.stem for p in (REPO / ("registry" if folder in ("municipalities", "organisations") else folder)).glob("*")}
        assert sources, folder
    practices = {p.stem for p in (REPO / "practices").glob("*.md") if "." not in p.stem}  # not <id>.<lang>.md translations
    built = {p.stem for p in (site / "practices").glob("*.html")} - {"index"}
    assert practices <= built
    networks = {p.stem for p in (REPO / "networks").glob("*.yml") if "." not in p.stem}  # not <id>.<lang>.yml translations
    assert networks <= {p.stem for p in (site / "networks").glob("*.html")}
    for results in (REPO / "networks").glob("*/results-*.yml"):
        assert (site / "results" / f"{results.parent.name}-{results.stem}.html").exists()
    assert (site / "index.html").exists()


def test_navigation_lists_sections_not_records(shipped_site: Path):
    """Every page carries the navigation, so it must not grow with the number of practices."""
    page = (shipped_site / "site" / "practices" / "index.html").read_text(encoding="utf-8")
    nav = page[page.index('<nav class="md-nav md-nav--primary'):]
    nav = nav[: nav.index('<div class="md-content"')]
    practice_links = re.findall(r'href="[^"]*practices/(?!index)[a-z0-9-]+\.html"', nav)
    assert practice_links == []


def test_errors_write_nothing_and_keep_the_previous_site(mini, capsys):
    mini.practice()
    assert main(["--root", str(mini.root), "-q", "build"]) == 0
    page = mini.root / "site" / "practices" / "school-exchange.html"
    before = page.read_bytes()
    docs_before = sorted(p.name for p in (mini.root / "build" / "docs").rglob("*"))

    mini.practice(title="Changed title", stage="nonsense")
    mini.write("networks/broken.yml", "name: [unclosed\n")
    capsys.readouterr()
    assert main(["--root", str(mini.root), "build"]) == 1
    err = capsys.readouterr().err
    assert "practices/school-exchange.md:6:1: stage: 'nonsense' is not one of the allowed values" in err
    assert "networks/broken.yml:1:7: the list opened with '[' here is not closed with ']'" in err
    assert "previous site/ is unchanged" in err
    assert page.read_bytes() == before
    assert sorted(p.name for p in (mini.root / "build" / "docs").rglob("*")) == docs_before


def test_mkdocs_failure_keeps_the_previous_site(mini, capsys):
    mini.practice()
    assert main(["--root", str(mini.root), "-q", "build"]) == 0
    index = (mini.root / "site" / "index.html").read_bytes()
    # A broken link in a guide is a warning, and strict mode turns it into a failure.
    mini.write("content/broken.md", "# Broken\n\nSee [nothing](../nowhere.md).\n")
    mini.write("mkdocs.yml", (REPO / "mkdocs.yml").read_text() + "\nnot_a_setting: [\n")
    assert main(["--root", str(mini.root), "-q", "build"]) == 1
    assert (mini.root / "site" / "index.html").read_bytes() == index
    assert not (mini.root / "site.new").exists()


def test_a_crash_while_rendering_keeps_the_docs_and_the_site(mini, monkeypatch):
    """Files are written as they are rendered, into a staging folder that is dropped on failure."""
    from generator import build
    from generator.render import RENDER_STEPS

    mini.practice()
    assert main(["--root", str(mini.root), "-q", "build"]) == 0
    docs = mini.root / "build" / "docs"
    before = {p.relative_to(docs): p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    site_index = (mini.root / "site" / "index.html").read_bytes()

    def broken_step(r):
        raise RuntimeError("a bug in a render step")

    mini.practice(title="Changed title")
    monkeypatch.setattr("generator.render.RENDER_STEPS", [*RENDER_STEPS, broken_step])
    monkeypatch.setattr("generator.render.parallel.RENDER_STEPS", [*RENDER_STEPS, broken_step])
    with pytest.raises(RuntimeError, match="a bug in a render step"):
        build.build(mini.root, quiet=True)
    assert {p.relative_to(docs): p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before
    assert not (mini.root / "build" / "docs.new").exists()
    assert (mini.root / "site" / "index.html").read_bytes() == site_index


def test_check_prints_every_problem_and_exits_1(mini, capsys):
    mini.practice(municipalities="[gran, mukno]")
    mini.write("practices/second.md", "---\ntitle: x\n---\n")
    assert main(["--root", str(mini.root), "check"]) == 1
    err = capsys.readouterr().err
    assert "practices/school-exchange.md:4:" in err and "did you mean 'mukono'?" in err
    assert "practices/second.md:2:1: title:" not in err
    assert re.search(r"practices/second\.md:\d+:\d+: summary: required field is missing", err)
    assert not (mini.root / "build").exists() and not (mini.root / "site").exists()


@pytest.mark.parametrize("kind", ["practice", "network", "results"])
def test_scaffolds_are_valid_and_show_on_the_site(mini, capsys, kind):
    mini.network()
    args = {"practice": ["--title", "Youth council", "--municipality", "gran"],
            "network": ["--title", "Nordic network", "--municipality", "gran", "--municipality", "mukono"],
            "results": ["--network", "gran-mukono"]}[kind]
    record_id = "2025" if kind == "results" else "new-one"
    assert main(["--root", str(mini.root), "new", kind, record_id, *args]) == 0
    written = next(p for p in mini.root.rglob("*") if p.is_file() and (p.stem in ("new-one", "results-2025")))
    text = written.read_text(encoding="utf-8")
    assert "# difficulties:" in text or kind != "practice"  # optional fields are there, commented
    assert main(["--root", str(mini.root), "check"]) == 1  # an untouched scaffold names what to fill in
    fill_in_placeholders(written)
    assert main(["--root", str(mini.root), "check"]) == 0, capsys.readouterr().err
    assert main(["--root", str(mini.root), "-q", "build"]) == 0
    page = {"practice": "practices/new-one.html", "network": "networks/new-one.html",
            "results": "results/gran-mukono-results-2025.html"}[kind]
    assert (mini.root / "site" / page).exists()


def test_the_first_failed_build_does_not_speak_of_a_previous_site(mini, capsys):
    mini.practice(stage="nonsense")
    assert main(["--root", str(mini.root), "build"]) == 1
    err = capsys.readouterr().err
    assert "nothing written; there is no site/ yet" in err
    assert "previous site/" not in err


# In a fresh interpreter, which dies (SIGKILL) right after any rename that moves site/.
_CRASH_AFTER_A_RENAME_OF_THE_SITE = """
import os, signal, sys
from pathlib import Path
from generator.build import build

site = os.path.join(sys.argv[1], "site")

def crashing(real):
    def rename(source, target, *args, **kwargs):
        real(source, target, *args, **kwargs)
        if site in (os.fspath(source), os.fspath(target)):
            os.kill(os.getpid(), signal.SIGKILL)
    return rename

os.rename, os.replace = crashing(os.rename), crashing(os.replace)
build(Path(sys.argv[1]), quiet=True)
"""


def test_a_crash_during_the_swap_leaves_the_old_site_or_the_new_one(mini):
    mini.practice()
    assert main(["--root", str(mini.root), "-q", "build"]) == 0
    page = mini.root / "site" / "practices" / "school-exchange.html"
    (mini.root / "site" / "old-site-marker.txt").write_text("the old site\n")
    mini.practice(title="Changed title")
    subprocess.run([sys.executable, "-c", _CRASH_AFTER_A_RENAME_OF_THE_SITE, str(mini.root)], cwd=REPO)
    assert page.exists(), "site/ is missing after a crash in the swap"
    if (mini.root / "site" / "old-site-marker.txt").exists():
        assert "Changed title" not in page.read_text(encoding="utf-8")
    else:
        assert "Changed title" in page.read_text(encoding="utf-8")


def test_the_next_build_puts_back_a_site_left_between_two_renames(mini, capsys):
    """Where the swap is two renames (no atomic exchange), a kill between them leaves only site.old/."""
    mini.practice()
    assert main(["--root", str(mini.root), "-q", "build"]) == 0
    page = mini.root / "site" / "practices" / "school-exchange.html"
    before = page.read_bytes()
    (mini.root / "site").rename(mini.root / "site.old")  # what such a build leaves behind

    mini.practice(stage="nonsense")
    capsys.readouterr()
    assert main(["--root", str(mini.root), "build"]) == 1
    err = capsys.readouterr().err
    assert "site/ put back from site.old/" in err
    assert "the previous site/ is unchanged" in err
    assert page.read_bytes() == before
    assert not (mini.root / "site.old").exists()


def test_without_an_atomic_exchange_the_swap_still_replaces_the_site(mini, monkeypatch):
    """As on macOS, or a file system without RENAME_EXCHANGE: two renames."""
    from generator import build

    monkeypatch.setattr(build, "_exchange", lambda first, second: False)
    mini.practice()
    assert main(["--root", str(mini.root), "-q", "build"]) == 0
    mini.practice(title="Changed title")
    assert main(["--root", str(mini.root), "-q", "build"]) == 0
    page = mini.root / "site" / "practices" / "school-exchange.html"
    assert "Changed title" in page.read_text(encoding="utf-8")
    assert sorted(p.name for p in mini.root.iterdir() if p.name.startswith("site")) == ["site"]
    # Each docs folder swapped in too, English and each language's (generator/language_sites.py).
    assert sorted(p.name for p in (mini.root / "build").iterdir()) == sorted(
        ["docs", *(f"docs-{code}" for code in TRANSLATIONS)])


def test_a_stop_during_the_final_swap_waits_for_its_end(mini, monkeypatch):
    """SIGTERM in the middle of replacing site/ neither interrupts it nor reports a build that did not happen."""
    import os
    import signal

    from generator import build
    from generator.lifetime import sigterm_raises

    mini.practice()
    assert main(["--root", str(mini.root), "-q", "build"]) == 0
    swap = build._swap

    def swap_stopped_halfway(new, current):
        if current.name == "site":
            os.kill(os.getpid(), signal.SIGTERM)
        swap(new, current)

    monkeypatch.setattr(build, "_swap", swap_stopped_halfway)
    mini.practice(title="Changed title")
    with sigterm_raises():
        assert build.build(mini.root, quiet=True).ok
    assert "Changed title" in (mini.root / "site" / "practices" / "school-exchange.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in mini.root.iterdir() if p.name.startswith("site")) == ["site"]
