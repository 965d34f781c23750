"""Nothing ships undocumented: every `portal` command is in the README and in the contributors' guide.

(Every model field in the generated field reference: tests/test_schema.py.)
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from generator.cli import _parser

REPO = Path(__file__).resolve().parent.parent


def _commands() -> list[str]:
    actions = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(actions[0].choices)


def test_the_command_list_is_read_from_the_parser() -> None:
    assert {"build", "check", "new", "schema"} <= set(_commands())


@pytest.mark.parametrize("document", ["README.md", "content/contributing.md"])
def test_every_command_is_documented(document: str) -> None:
    text = (REPO / document).read_text(encoding="utf-8")
    missing = [command for command in _commands() if f"`portal {command}" not in text]
    assert not missing, f"{document} does not mention: " + ", ".join(f"portal {c}" for c in missing)


def test_the_guide_links_the_field_reference_and_open_data() -> None:
    text = (REPO / "content/contributing.md").read_text(encoding="utf-8")
    assert "../reference/fields.md" in text and "../data/index.md" in text


def _options() -> dict[str, list[str]]:
    """Long options of every command, e.g. {'build': ['--jobs', ...]}."""
    actions = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    found = {}
    for name, sub in actions[0].choices.items():
        found[name] = sorted(option for action in sub._actions for option in action.option_strings
                             if option.startswith("--") and option != "--help")
    return found


def test_every_option_is_in_the_readme() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [f"portal {command} {option}" for command, options in _options().items()
               for option in options if f"`{option}" not in text and f" {option}" not in text]
    assert not missing, "README.md does not mention: " + ", ".join(missing)
