"""`portal new`: asks for the essentials at a terminal, checks registry ids, writes a valid, documented file."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.models import Network, Practice, Results

REPO = Path(__file__).resolve().parent.parent
MODELS = {"practice": Practice, "network": Network, "results": Results}


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _new(mini, *args: str) -> int:
    return main(["--root", str(mini.root), "new", *args])


@pytest.mark.parametrize("kind, record_id, options, path", [
    ("practice", "school-links", ["--municipality", "gran", "--municipality", "mukono"], "practices/school-links.md"),
    ("network", "gran-mukono", ["--municipality", "gran"], "networks/gran-mukono.yml"),
    ("results", "2012", ["--network", "gran-mukono"], "networks/gran-mukono/results-2012.yml"),
])
def test_options_give_a_file_that_passes_check_with_every_optional_field_commented(
        mini, kind, record_id, options, path) -> None:
    if kind == "results":
        mini.network()
    assert _new(mini, kind, record_id, "--title", "Title", "--summary", "Summary.", *options) == 0
    text = (mini.root / path).read_text(encoding="utf-8")
    assert main(["--root", str(mini.root), "check"]) == 0
    for name, info in MODELS[kind].model_fields.items():
        key = info.alias or name
        if not info.is_required():
            assert re.search(rf"^# {re.escape(key)}:", text, re.M) or f"\n{key}:" in text, f"{key} missing"


@pytest.mark.parametrize("kind, path", [("network", "networks/x.yml"), ("results", "networks/x/results-1.yml")])
def test_yaml_scaffolds_name_their_schema_for_the_editor(mini, kind, path) -> None:
    args = ["--network", "x"] if kind == "results" else ["--municipality", "gran"]
    assert _new(mini, kind, "1" if kind == "results" else "x", *args) == 0
    first = (mini.root / path).read_text(encoding="utf-8").splitlines()[0]
    schema = first.removeprefix("# yaml-language-server: $schema=")
    assert schema != first
    # The relative path resolves to the committed schema when the file sits in the repository.
    assert (REPO / Path(path).parent / schema).resolve() == (REPO / "schemas" / f"{kind}.json").resolve()
    assert (REPO / "schemas" / f"{kind}.json").exists()


def test_an_unknown_municipality_option_is_refused_with_a_suggestion(mini, capsys) -> None:
    assert _new(mini, "practice", "p", "--title", "T", "--summary", "S", "--municipality", "mukno") == 2
    assert "did you mean 'mukono'?" in capsys.readouterr().err
    assert not (mini.root / "practices/p.md").exists()


def test_at_a_terminal_it_asks_for_what_is_missing(mini, monkeypatch, capsys) -> None:
    answers = iter(["Pupils writing letters", "Two schools pair up.", "gran, mukno", "gran, mukono"])
    prompts: list[str] = []
    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt="": prompts.append(prompt) or next(answers))
    assert _new(mini, "practice", "letters") == 0
    assert [p.split(" ")[0] for p in prompts] == ["Title:", "Summary", "Municipalities", "Municipalities"]
    assert "did you mean 'mukono'?" in capsys.readouterr().err
    text = (mini.root / "practices/letters.md").read_text(encoding="utf-8")
    assert "title: Pupils writing letters" in text and "- mukono" in text
    assert main(["--root", str(mini.root), "check"]) == 0


def test_without_a_terminal_it_never_asks(mini, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO())
    monkeypatch.setattr("builtins.input", lambda prompt="": pytest.fail("asked: " + prompt))
    assert _new(mini, "practice", "quiet", "--municipality", "gran") == 0


def test_commented_examples_of_list_items_are_valid_values() -> None:
    from generator.scaffold import scaffold

    text = scaffold("practice", {"title": "T", "summary": "S.", "municipalities": ["gran"]})
    sdg = re.search(r"# sdgs:\n# - (\d+)", text)
    caf = re.search(r"# caf:.*\n# - '?([\d.]+)'?", text)
    assert sdg and 1 <= int(sdg.group(1)) <= 17, text
    assert caf and caf.group(1) == "4.2"
