"""`portal check --format github`: workflow commands that put each problem on its line of the pull request."""

from __future__ import annotations

from generator.cli import main
from generator.problems import Problem, Severity


def test_an_error_in_the_exact_workflow_command_format() -> None:
    problem = Problem("practices/a.md", 4, 22, "municipalities[1]", "unknown id 'mukno'", "did you mean 'mukono'?")
    assert problem.github() == (
        "::error file=practices/a.md,line=4,col=22::municipalities[1]: unknown id 'mukno' (did you mean 'mukono'?)")


def test_a_warning_is_a_warning_annotation() -> None:
    problem = Problem("networks/n.yml", 9, 1, "last_verified", "not verified for 3 years", severity=Severity.warning)
    assert problem.github().startswith("::warning file=networks/n.yml,line=9,col=1::last_verified: ")


def test_percent_and_line_breaks_in_the_message_are_escaped() -> None:
    problem = Problem("practices/a.md", 1, 1, "summary", "100% wrong\nsecond line\r\nthird", "")
    assert problem.github().endswith("::summary: 100%25 wrong%0Asecond line%0D%0Athird")
    assert "\n" not in problem.github()


def test_commas_colons_and_percent_in_a_file_name_are_escaped() -> None:
    problem = Problem("practices/a,b:c%d.md", 2, 3, "", "bad")
    assert problem.github() == "::error file=practices/a%2Cb%3Ac%25d.md,line=2,col=3::bad"


def test_the_command_prints_annotations_and_fails(mini, capsys) -> None:
    mini.practice(municipalities="[gran, mukno]")
    assert main(["--root", str(mini.root), "check", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == ["::error file=practices/school-exchange.md,line=4,col=24::"
                   "municipalities[1]: unknown id 'mukno' (did you mean 'mukono'?)"]


def test_a_clean_portal_prints_no_annotation(mini, capsys) -> None:
    mini.practice()
    assert main(["--root", str(mini.root), "check", "--format", "github"]) == 0
    assert capsys.readouterr().out == ""
