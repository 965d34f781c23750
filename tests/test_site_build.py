"""The site build on several cores gives the very bytes of one process's build (generator/site_build.py)."""

from __future__ import annotations

import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

from generator import site_build
from generator.build import DOCS_DIR, generate, render_options
from generator.site_build import BuildError, build_site

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
import scale  # noqa: E402 - the benchmark's generated practices

GENERATED_PRACTICES = 150  # with the shipped content, several shares of pages for each worker
OLD = 1_000_000_000  # an mtime no build writes


@pytest.fixture(autouse=True)
def forking_allowed(monkeypatch):
    """A fixed build date, and no other thread to stop the fork (a browser test's server may run one)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # as in `portal build`


@pytest.fixture(scope="module")
def portal(tmp_path_factory) -> Path:
    """The shipped content and generated practices, their Markdown generated into build/docs."""
    root = tmp_path_factory.mktemp("site-build-portal")
    scale.generate_portal(root, GENERATED_PRACTICES)
    generated = generate(root, render_options(root), docs_dir=root / DOCS_DIR)
    assert generated.ok, "\n".join(str(p) for p in generated.problems[:20])
    return root


@pytest.fixture(scope="module")
def serial_site(portal: Path, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("serial") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1790000000")
        build_site(portal, site, workers=1, quiet=True)
    return site


@pytest.fixture
def worker_pids(monkeypatch, tmp_path: Path) -> Path:
    """A file where every process that builds a share of pages writes its id."""
    record = tmp_path / "pids"
    original = site_build._SplitBuild._build_share

    def recorded(self, share, in_worker=False):
        with open(record, "a") as out:
            out.write(f"{os.getpid()}\n")
        return original(self, share, in_worker)

    monkeypatch.setattr(site_build._SplitBuild, "_build_share", recorded)
    return record


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def copy_of(portal: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "overrides", "build/docs"):
        source = portal / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    return target


@pytest.mark.parametrize("workers", [2, 3])
def test_site_on_several_workers_is_byte_for_byte_the_single_process_site(portal, serial_site, worker_pids,
                                                                          tmp_path, workers):
    site = tmp_path / "site"
    build_site(portal, site, workers=workers, quiet=True)
    pids = set(worker_pids.read_text().split())
    assert len(pids) == workers and str(os.getpid()) not in pids  # the pages really were shared out
    serial, parallel = files_of(serial_site), files_of(site)
    assert {"sitemap.xml", "sitemap.xml.gz", "404.html", "index.html"} <= set(parallel)
    assert len([name for name in parallel if name.startswith("practices/bench-practice-")]) == GENERATED_PRACTICES
    assert sorted(parallel) == sorted(serial)
    assert [name for name in serial if parallel[name] != serial[name]] == []


def test_a_strict_warning_in_a_workers_page_fails_the_build_with_mkdocs_message(portal, worker_pids, tmp_path):
    root = copy_of(portal, tmp_path / "portal")
    practices = root / DOCS_DIR / "practices"
    first, last = sorted(practices.glob("bench-practice-*.md"))[0], sorted(practices.glob("bench-practice-*.md"))[-1]
    with last.open("a", encoding="utf-8") as page:
        page.write(f"\n[a missing page](no-such-practice.md) and [an anchor]({first.name}#no-such-heading)\n")
    with first.open("a", encoding="utf-8") as page:
        page.write("\n[another missing page](also-missing.md)\n")
    messages = {}
    for workers in (1, 2):
        with pytest.raises(BuildError) as failure:
            build_site(root, tmp_path / f"site-{workers}", workers=workers, quiet=True)
        messages[workers] = str(failure.value)
    assert len(set(worker_pids.read_text().split())) == 2
    assert messages[2] == messages[1]  # the same messages, in the same order
    assert messages[2].startswith("MkDocs failed: Aborted with 3 warnings in strict mode!")
    assert f"Doc file 'practices/{last.name}' contains a link 'no-such-practice.md'" in messages[2]
    assert f"the doc 'practices/{first.name}' does not contain an anchor '#no-such-heading'" in messages[2]
    assert messages[2].index("also-missing.md") < messages[2].index("no-such-practice.md")


def test_only_rebuilds_exactly_the_listed_pages_with_a_full_builds_bytes(portal, serial_site, tmp_path):
    root = copy_of(portal, tmp_path / "portal")
    site = tmp_path / "site"
    shutil.copytree(serial_site, site)
    listed = ["practices/bench-practice-00003.md", "networks/index.md", "sitemap.xml"]
    outputs = ["practices/bench-practice-00003.html", "networks/index.html", "sitemap.xml", "sitemap.xml.gz"]
    for name in outputs:
        (site / name).write_text("stale")
    # A deleted practice, listed: its page goes (one the listed pages do not link to).
    linking = "".join((root / DOCS_DIR / name).read_text(encoding="utf-8") for name in listed[:2])
    gone = next(path for path in sorted((root / DOCS_DIR / "practices").glob("bench-practice-*.md"))
                if path.name not in linking)
    gone.unlink()
    gone_page = f"practices/{gone.stem}.html"
    for path in site.rglob("*"):
        os.utime(path, (OLD, OLD))

    build_site(root, site, workers=2, only=listed + [f"practices/{gone.name}"], quiet=True)

    rebuilt = {path.relative_to(site).as_posix() for path in site.rglob("*")
               if path.is_file() and path.stat().st_mtime != OLD}
    assert rebuilt == set(outputs)
    expected, built = files_of(serial_site), files_of(site)
    assert sorted(built) == sorted(set(expected) - {gone_page})
    assert [name for name in built if name not in ("sitemap.xml", "sitemap.xml.gz")
            and built[name] != expected[name]] == []  # the listed pages as a full build has them, the rest untouched
    entry = f"-portal/{gone_page}</loc>".encode()  # not its brief, briefs/practices/...
    assert entry in expected["sitemap.xml"] and entry not in built["sitemap.xml"]
    assert built["sitemap.xml"].count(b"<url>") == expected["sitemap.xml"].count(b"<url>") - 1


def test_only_fails_on_a_listed_pages_strict_warning(portal, serial_site, tmp_path):
    root = copy_of(portal, tmp_path / "portal")
    site = tmp_path / "site"
    shutil.copytree(serial_site, site)
    page = root / DOCS_DIR / "practices/bench-practice-00004.md"
    with page.open("a", encoding="utf-8") as out:
        out.write("\n[gone](no-such-page.md)\n")
    with pytest.raises(BuildError, match="contains a link 'no-such-page.md'"):
        build_site(root, site, workers=1, only=["practices/bench-practice-00004.md"], quiet=True)
