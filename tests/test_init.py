"""`portal init`: a copy of the repository becomes a portal of its own with one command, and the
check warns while a copy still points at the shipped portal's repository."""

from __future__ import annotations

import difflib
import shutil
import subprocess

import pytest
from conftest import REPO, copy_portal

from generator.build import check, render_options
from generator.cli import main

SETTINGS = ["--name", "Good practices of the Soča valley", "--repository", "soca-towns/good-practices",
            "--email", "editors@soca.example", "--language", "sl"]


def _portal(tmp_path):
    """The shipped configuration files, as a maintainer who copied the repository has them."""
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(REPO / ".github", tmp_path / ".github")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    return tmp_path


def _changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_init_sets_name_address_repository_email_and_language_keeping_mkdocs_yml_as_it_was(tmp_path) -> None:
    root = _portal(tmp_path)
    before = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert main(["--root", str(root), "init", *SETTINGS]) == 0
    after = (root / "mkdocs.yml").read_text(encoding="utf-8")
    options = render_options(root)
    assert options.site_name == "Good practices of the Soča valley"
    assert options.site_url == "https://soca-towns.github.io/good-practices/"
    assert options.repo_url == "https://github.com/soca-towns/good-practices"
    assert options.edit_url_base == "https://github.com/soca-towns/good-practices/edit/main/"
    assert options.editors_email == "editors@soca.example"
    # Only those settings changed: every comment, and everything else MkDocs reads, is as it was.
    changed = _changed_lines(before, after)
    assert all(not line[1:].strip() or line[1:].lstrip().startswith(("site_name:", "site_url:", "repo_url:", "repo_name:", "language:",
                                              "extra:", "portal:", "editors_email:")) for line in changed), changed
    assert "  language: sl" in after.splitlines() and "repo_name: good-practices" in after.splitlines()
    assert [line for line in before.splitlines() if "#" in line] == [line for line in after.splitlines() if "#" in line]


def test_init_sets_the_review_team_and_the_addresses_in_forms_and_schemas(tmp_path) -> None:
    root = _portal(tmp_path)
    assert main(["--root", str(root), "init", *SETTINGS, "--team", "@soca-towns/editors-in-chief"]) == 0
    codeowners = (root / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "/generator/       @soca-towns/editors-in-chief" in codeowners
    assert "inter-municipal-learning" not in codeowners
    for folder in (".github/ISSUE_TEMPLATE", "schemas"):
        for path in (root / folder).iterdir():
            text = path.read_text(encoding="utf-8")
            assert "inter-municipal-learning" not in text, path
    assert "https://soca-towns.github.io/good-practices/contribute/index.html" in (
        root / ".github/ISSUE_TEMPLATE/config.yml").read_text(encoding="utf-8")


def test_init_twice_changes_nothing_the_second_time(tmp_path) -> None:
    root = _portal(tmp_path)
    assert main(["--root", str(root), "init", *SETTINGS]) == 0
    first = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert main(["--root", str(root), "init", *SETTINGS]) == 0
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == first


@pytest.mark.parametrize("option, value, words", [
    ("--repository", "not a repository", "is not a GitHub repository"),
    ("--email", "editors.soca.example", "is not an e-mail address"),
    ("--language", "slovenian", "is not an ISO 639-1 code"),
    ("--team", "maintainers", "is not a GitHub user or team"),
])
def test_init_refuses_a_bad_setting_and_changes_nothing(tmp_path, capsys, option, value, words) -> None:
    root = _portal(tmp_path)
    before = (root / "mkdocs.yml").read_bytes()
    arguments = dict(zip(SETTINGS[::2], SETTINGS[1::2]), **{option: value})
    assert main(["--root", str(root), "init", *[x for pair in arguments.items() for x in pair]]) == 2
    assert words in capsys.readouterr().err
    assert (root / "mkdocs.yml").read_bytes() == before


def test_a_missing_setting_is_added_where_it_belongs() -> None:
    from generator.init import set_setting

    text = "site_name: x\ntheme:\n  name: material\n"
    text = set_setting(set_setting(text, ("extra", "portal", "editors_email"), "a@b.example"), ("theme", "language"), "sl")
    assert text == "site_name: x\ntheme:\n  language: sl\n  name: material\n\nextra:\n  portal:\n    editors_email: a@b.example\n"


def test_an_empty_portal_keeps_guides_templates_and_themes_and_builds(tmp_path) -> None:
    root = copy_portal(tmp_path)
    assert main(["--root", str(root), "-q", "init", *SETTINGS, "--empty"]) == 0
    for folder in ("practices", "networks", "registry/municipalities", "registry/organisations"):
        assert [p.name for p in (root / folder).iterdir()] == [".gitkeep"], folder
    assert (root / "registry/themes.yml").exists() and (root / "content/templates").is_dir()
    assert (root / "practices/.gitkeep").exists()  # git keeps the folder editors add to
    assert main(["--root", str(root), "-q", "build"]) == 0
    site = root / "site"
    assert (site / "practices/index.html").exists() and (site / "guides/learning-cycle.html").exists()
    assert not list((site / "practices").glob("gran-*.html"))
    assert "Good practices of the Soča valley" in (site / "index.html").read_text(encoding="utf-8")
    index = (site / "practices/index.html").read_text(encoding="utf-8")
    assert "There are no practices on this portal yet" in index and 'href="../propose/index.html"' in index


def _git_clone_of(root, remote: str) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "remote", "add", "origin", remote], check=True)


def test_check_warns_while_a_copy_still_names_the_shipped_repository(mini, capsys, monkeypatch) -> None:
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    _git_clone_of(mini.root, "git@github.com:soca-towns/good-practices.git")
    assert main(["--root", str(mini.root), "-q", "check"]) == 0  # a warning, not an error
    err = capsys.readouterr().err
    line = next(n for n, text in enumerate((mini.root / "mkdocs.yml").read_text().splitlines(), 1)
                if text.startswith("repo_url:"))
    assert f"mkdocs.yml:{line}:1: repo_url: warning: still the shipped portal's repository" in err
    assert "run `portal init --name \"Your portal's name\" --repository soca-towns/good-practices`" in err
    assert main(["--root", str(mini.root), "-q", "init", *SETTINGS]) == 0
    assert check(mini.root)[1] == []


def test_the_warning_reads_the_repository_in_github_actions_and_spares_the_shipped_portal(mini, monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_WORKSPACE", str(mini.root))
    monkeypatch.setenv("GITHUB_REPOSITORY", "soca-towns/good-practices")
    assert [p.field for p in check(mini.root)[1]] == ["repo_url"]
    monkeypatch.setenv("GITHUB_REPOSITORY", "inter-municipal-learning/good-practice-portal")
    assert check(mini.root)[1] == []
