"""Bad input never crashes the tool: mutated copies of the shipped files only produce problems."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from conftest import copy_portal
from generator.build import check

REPLACEMENTS = ["[", "{}", "[]", "123", "null", "'x'", "-1", "2026-02-30", "{a: [b, {c: d}]}", "NO", "*alias",
                "!!python/name:os.system", "'{{ 7*7 }}'", "<script>x</script>", "\t"]


def _mutate(text: str, rnd: random.Random) -> str:
    lines = text.splitlines()
    if not lines:
        return text
    index = rnd.randrange(len(lines))
    choice = rnd.randrange(4)
    if choice == 0:  # replace a value
        head = lines[index].split(":", 1)[0]
        lines[index] = f"{head}: {rnd.choice(REPLACEMENTS)}"
    elif choice == 1:  # drop a line
        del lines[index]
    elif choice == 2:  # break indentation
        lines[index] = "   " + lines[index]
    else:  # cut the file short
        lines = lines[:index]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(6))
def test_mutated_sources_give_problems_with_real_positions_never_a_crash(tmp_path: Path, seed: int):
    root = copy_portal(tmp_path / "portal")
    rnd = random.Random(seed)
    files = sorted(p for p in root.rglob("*") if p.suffix in (".md", ".yml") and p.name != "mkdocs.yml"
                   and "content" not in p.relative_to(root).parts[:1])
    for path in rnd.sample(files, k=min(25, len(files))):
        path.write_text(_mutate(path.read_text(encoding="utf-8"), rnd), encoding="utf-8")

    _, problems = check(root)  # must not raise

    assert problems, "mutations that break files must be reported"
    for problem in problems:
        path = root / problem.file
        assert path.exists(), problem
        assert 1 <= problem.line <= len(path.read_text(encoding="utf-8").splitlines()) + 1, str(problem)
        assert problem.column >= 1 and problem.message, str(problem)
