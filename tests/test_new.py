"""`portal new`: a file named by an id, placeholders the check names until they are filled, every
optional field documented, questions at a terminal, registry entries on request, a clean Ctrl-C."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from conftest import fill_in_placeholders

from generator.build import check
from generator.cli import main
from generator.models import Network, Practice, Results

REPO = Path(__file__).resolve().parent.parent
MODELS = {"practice": Practice, "network": Network, "results": Results}
class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _new(mini, *args: str) -> int:
    return main(["--root", str(mini.root), "new", *args])


def _at_a_terminal(monkeypatch, *answers: str) -> list[str]:
    replies, prompts = iter(answers), []

    def answer(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(replies)

    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("builtins.input", answer)
    return prompts


def _placeholder_fields(mini) -> list[str]:
    _, problems = check(mini.root)
    assert all(p.message == f"still a placeholder: fill in `{p.field}`" for p in problems), problems
    return sorted(p.field for p in problems)


@pytest.mark.parametrize("kind, record_id, options, path, unfilled", [
    ("practice", "school-links", ["--municipality", "gran", "--municipality", "mukono"], "practices/school-links.md",
     ["period.start", "sources[0].title", "status"]),
    ("network", "gran-mukono", ["--municipality", "gran"], "networks/gran-mukono.yml",
     ["kind", "period.start", "sources[0].title", "topic"]),
    ("results", "2012", ["--network", "gran-mukono"], "networks/gran-mukono/results-2012.yml",
     ["sources[0].title"]),
])
def test_a_scaffold_fails_the_check_naming_each_placeholder_until_it_is_filled(
        mini, kind, record_id, options, path, unfilled) -> None:
    if kind == "results":
        mini.network()
    assert _new(mini, kind, record_id, "--title", "Title", "--summary", "Summary.", *options) == 0
    assert _placeholder_fields(mini) == unfilled
    assert main(["--root", str(mini.root), "check"]) == 1
    fill_in_placeholders(mini.root / path)
    assert main(["--root", str(mini.root), "check"]) == 0
    text = (mini.root / path).read_text(encoding="utf-8")
    for name, info in MODELS[kind].model_fields.items():
        key = info.alias or name
        if not info.is_required():
            assert re.search(rf"^# {re.escape(key)}:", text, re.M) or f"\n{key}:" in text, f"{key} missing"


def test_an_untouched_practice_says_what_to_fill_in_and_chooses_nothing_for_the_editor(mini, capsys) -> None:
    assert _new(mini, "practice", "quiet") == 0
    assert main(["--root", str(mini.root), "-q", "check"]) == 1
    err = capsys.readouterr().err
    assert "practices/quiet.md:3:1: summary: still a placeholder: fill in `summary` (Two or three sentences" in err
    assert "status: still a placeholder: fill in `status` (one of pilot, implemented, scaled or discontinued)" in err
    assert "fill in `municipalities[0]`" in err
    assert "not one of the allowed values" not in err and "unknown id" not in err  # the placeholder, said once
    front = yaml.safe_load((mini.root / "practices/quiet.md").read_text(encoding="utf-8").split("---")[1])
    assert "stage" not in front and front["status"].startswith("FILL IN")


def test_a_title_given_for_the_id_becomes_a_file_name_that_the_check_accepts(mini) -> None:
    assert _new(mini, "practice", "Ajdovščina PB", "--municipality", "gran") == 0
    path = mini.root / "practices/ajdovscina-pb.md"
    assert "title: Ajdovščina PB" in path.read_text(encoding="utf-8")
    assert "practices/ajdovscina-pb.md" not in " ".join(str(p) for p in check(mini.root)[1] if not p.field)
    assert _new(mini, "municipality", "Скопје", "--country", "MK") == 0
    assert "name: Скопје" in (mini.root / "registry/municipalities/skopje.yml").read_text(encoding="utf-8")


def test_a_name_without_letters_or_digits_or_a_reserved_id_is_refused(mini, capsys) -> None:
    assert _new(mini, "practice", "!!!") == 2
    assert _new(mini, "practice", "Index") == 2
    err = capsys.readouterr().err
    assert "'!!!' gives no usable id" in err and "'Index' is reserved for the list pages" in err
    assert not (mini.root / "practices").exists()


def test_optional_blocks_show_their_fields_and_no_example_is_nonsense() -> None:
    from generator.scaffold import scaffold

    text = scaffold("practice", {"title": "T", "summary": "S.", "municipalities": ["gran"]})
    assert re.search(r"^# contact:\n#   organisation: .*\n#   role: .*\n#   email: ", text, re.M), text
    assert re.search(r"^#   indicators:\n#   - name: .*\n#     unit: ", text, re.M)
    assert "{}" not in text.split("# results:")[0]  # blocks are never shown as an empty `{}`
    sdg = re.search(r"^# sdgs:\n# - (.+)$", text, re.M)[1]
    assert "1 to 17" in sdg or 1 <= int(sdg) <= 17  # an SDG, not this year
    assert re.search(r"^# caf:.*\n# - '4\.2'", text, re.M)
    assert not re.search(r"^[# ]*(?:- )?(?:\w+: )?'?(?:19|20)\d\d'?$", text, re.M)  # no year picked for the editor


@pytest.mark.parametrize("kind, path", [("network", "networks/x.yml"), ("results", "networks/x/results-1.yml"),
                                        ("municipality", "registry/municipalities/x.yml")])
def test_yaml_scaffolds_name_their_schema_for_the_editor(mini, kind, path) -> None:
    args = {"results": ["--network", "x"], "network": ["--municipality", "gran"]}.get(kind, [])
    assert _new(mini, kind, "1" if kind == "results" else "x", *args) == 0
    first = (mini.root / path).read_text(encoding="utf-8").splitlines()[0]
    schema = first.removeprefix("# yaml-language-server: $schema=")
    assert schema != first
    # The relative path resolves to the committed schema when the file sits in the repository.
    name = {"municipality": "municipalities"}.get(kind, kind)
    assert (REPO / Path(path).parent / schema).resolve() == (REPO / "schemas" / f"{name}.json").resolve()
    assert (REPO / "schemas" / f"{name}.json").exists()


def test_an_unknown_municipality_option_is_refused_with_a_suggestion(mini, capsys) -> None:
    assert _new(mini, "practice", "p", "--title", "T", "--summary", "S", "--municipality", "mukno") == 2
    assert "did you mean 'mukono'?" in capsys.readouterr().err
    assert not (mini.root / "practices/p.md").exists()


def test_at_a_terminal_it_asks_for_what_is_missing(mini, monkeypatch, capsys) -> None:
    prompts = _at_a_terminal(monkeypatch, "Pupils writing letters", "Two schools pair up.", "gran, mukno",
                             "gran, mukono")
    assert _new(mini, "practice", "letters") == 0
    assert [p.split(" ")[0] for p in prompts] == ["Title:", "Summary", "Municipalities", "Municipalities"]
    assert "did you mean 'mukono'?" in capsys.readouterr().err
    text = (mini.root / "practices/letters.md").read_text(encoding="utf-8")
    assert "title: Pupils writing letters" in text and "- mukono" in text
    assert not (mini.root / "registry/municipalities/mukno.yml").exists()


def test_an_unknown_id_at_the_prompt_can_be_added_to_the_registry(mini, monkeypatch) -> None:
    prompts = _at_a_terminal(monkeypatch, "Youth council", "Young people advise the council.", "gran, ajdovscina",
                             "y", "Ajdovščina", "si")
    assert _new(mini, "practice", "youth-council") == 0
    assert prompts[3] == "Add 'ajdovscina' to the registry now? [y/N] "
    entry = yaml.safe_load((mini.root / "registry/municipalities/ajdovscina.yml").read_text(encoding="utf-8"))
    assert entry == [{"id": "ajdovscina", "name": "Ajdovščina", "country": "SI"}]
    assert "- ajdovscina" in (mini.root / "practices/youth-council.md").read_text(encoding="utf-8")
    assert _placeholder_fields(mini) == ["period.start", "sources[0].title", "status"]  # no unknown id


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError])
def test_ctrl_c_or_end_of_input_at_a_prompt_stops_with_nothing_written(mini, monkeypatch, capsys, stop) -> None:
    answers = iter(["Title", "Summary.", "gran, ajdovscina", "y"])

    def answer(prompt: str = "") -> str:
        try:
            return next(answers)
        except StopIteration:
            raise stop from None

    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("builtins.input", answer)
    assert _new(mini, "practice", "stopped") == 130
    assert capsys.readouterr().err.splitlines()[-1] == "Stopped: nothing written."  # and no traceback
    assert not (mini.root / "practices").exists()
    assert not (mini.root / "registry/municipalities/ajdovscina.yml").exists()


def test_a_declined_or_mistyped_option_is_asked_again_never_dropped(mini, monkeypatch) -> None:
    prompts = _at_a_terminal(monkeypatch, "Title", "Summary.", "n", "gran, mukono")
    assert _new(mini, "practice", "again", "--municipality", "gran", "--municipality", "ljubljana") == 0
    assert prompts[2:] == ["Add 'ljubljana' to the registry now? [y/N] ", "Municipalities (registry ids, comma-separated): "]
    assert "- mukono" in (mini.root / "practices/again.md").read_text(encoding="utf-8")


def test_without_a_terminal_it_never_asks(mini, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO())
    monkeypatch.setattr("builtins.input", lambda prompt="": pytest.fail("asked: " + prompt))
    assert _new(mini, "practice", "quiet", "--municipality", "gran") == 0


def test_registry_entries_and_themes_have_their_own_scaffolds(mini, capsys) -> None:
    assert _new(mini, "organisation", "Drina Valley Association", "--country", "BA") == 0
    assert _new(mini, "theme", "Water supply") == 0
    themes = yaml.safe_load((mini.root / "registry/themes.yml").read_text(encoding="utf-8"))
    assert themes[-1] == {"id": "water-supply", "name": "Water supply"} and len(themes) == 3
    assert _placeholder_fields(mini) == ["kind"]  # an organisation's kind is the editor's to choose
    assert _new(mini, "theme", "water-supply") == 2
    assert _new(mini, "municipality", "gran") == 2
    err = capsys.readouterr().err
    assert "'water-supply' is in the registry already (registry/themes.yml)" in err
    assert "'gran' is in the registry already (registry/municipalities/test.yml)" in err


def test_the_marker_counts_only_as_a_whole_value(mini) -> None:
    mini.practice(summary="Residents FILL IN a form; staff call back.")
    assert check(mini.root)[1] == []
    mini.practice(summary="'FILL IN'")
    assert [(p.field, p.message) for p in check(mini.root)[1]] == [
        ("summary", "still a placeholder: fill in `summary`")]
