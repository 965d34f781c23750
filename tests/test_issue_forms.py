"""Issue forms: the form comes from the model, an issue's answers become a practice `portal check` accepts,
and neither a hostile issue nor its title reaches a shell or a path outside practices/."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from pydantic import Field

from generator import issue_answers, issue_form
from generator.cli import main
from generator.load import FRONT_MATTER, parse_yaml
from generator.models import Practice

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / ".github" / "ISSUE_TEMPLATE"
WORKFLOW = REPO / ".github" / "workflows" / "issue-to-pull-request.yml"

GOOD = {
    "Title": "Pen-pal letters between schools",
    "Summary": "Pupils of two towns write letters to each other.",
    "Municipalities": "Gran\nSolvesborg",  # a name, and a name typed without its ö
    "Themes": "education",
    "SDGs (UN Sustainable Development Goals)": "4 Quality education, 16 Peace, justice and strong institutions",
    "CAF 2020 sub-criteria": "4.2 Partnerships and resources",
    "Stage": "improvement",
    "Status": "implemented",
    "Period – Start": "2004",
    "Lessons": "- Letters need a teacher on both sides.\n- Start small.",
    "Results – Indicators": "Letters sent | letters | | | | over 60 | 2012",
    "Sources": "Has it been worth it? | University of Oslo | 2012 | | | A. Author; B. Author",
    "Context": "Two schools paired up.\n\n### A heading of the contributor's own\n\nMore text.",
}


def issue_body(answers: dict[str, str]) -> str:
    """The body GitHub writes for an issue form: every question, `_No response_` where unanswered."""
    return "\n\n".join(f"### {q.label}\n\n{answers.get(q.label) or issue_form.NO_RESPONSE}"
                       for q in issue_form.questions())


def convert(mini, answers: dict[str, str] | None = None, body: str | None = None, number: int = 7):
    event = {"issue": {"number": number, "title": "Practice: from the issue title",
                       "body": issue_body(answers or {}) if body is None else body}}
    return issue_answers.convert_event(event, mini.root)


def front_matter(path: Path) -> dict:
    data, _ = parse_yaml(FRONT_MATTER.match(path.read_text(encoding="utf-8")).group(1))  # as `portal check` reads it
    return data


# --- the form ---------------------------------------------------------------------------------


def test_the_committed_forms_are_those_the_models_give() -> None:
    assert issue_form.main(["--root", str(REPO), "form", "--check"]) == 0, "run `python -m generator.issue_form form`"


def test_a_stale_form_is_reported_and_rewritten(tmp_path: Path) -> None:
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    assert issue_form.main(["--root", str(tmp_path), "form", "--check"]) == 1
    assert issue_form.main(["--root", str(tmp_path), "form"]) == 0
    assert issue_form.main(["--root", str(tmp_path), "form", "--check"]) == 0
    form = tmp_path / issue_form.FORM_FILE
    form.write_text(form.read_text(encoding="utf-8").replace("label: Summary", "label: Abstract"), encoding="utf-8")
    assert issue_form.main(["--root", str(tmp_path), "form", "--check"]) == 1


def test_every_field_of_the_model_is_asked_or_left_out_for_a_reason() -> None:
    asked = {q.path[0]: q for q in issue_form.questions()}
    for name, info in Practice.model_fields.items():
        assert name in asked or name in issue_form.NOT_ASKED, name
        if name in asked and info.is_required() and asked[name].shape != "section":
            assert any(q.required for q in issue_form.questions() if q.path[0] == name), name


def test_a_field_added_to_the_model_appears_in_the_form(monkeypatch) -> None:
    class Extended(Practice):
        partner_count: int | None = Field(None, description="How many partners took part.")

    monkeypatch.setattr(issue_form, "Practice", Extended)
    form = yaml.safe_load(issue_form.share_a_practice_form())
    added = next(e for e in form["body"] if e.get("id") == "partner-count")
    assert added["type"] == "input" and added["attributes"]["label"] == "Partner count"
    assert added["attributes"]["description"] == "How many partners took part."


def _elements(name: str) -> list[dict]:
    form = yaml.safe_load((TEMPLATES / name).read_text(encoding="utf-8"))
    assert form["name"] and form["description"] and isinstance(form["body"], list)
    return form["body"]


@pytest.mark.parametrize("name", ["share-a-practice.yml", "report-a-mistake.yml"])
def test_the_forms_keep_the_rules_github_sets_for_issue_forms(name: str) -> None:
    # docs.github.com, "Syntax for GitHub's form schema": unique ids and labels, ids of letters, digits,
    # - and _, dropdowns with unique non-empty options (and not the reserved word None).
    elements = _elements(name)
    questions = [e for e in elements if e["type"] != "markdown"]
    assert {e["type"] for e in elements} <= {"markdown", "input", "textarea", "dropdown", "checkboxes"}
    ids = [e["id"] for e in questions]
    labels = [e["attributes"]["label"] for e in questions]
    assert len(set(ids)) == len(ids) and len(set(labels)) == len(labels)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    for element in questions:
        options = element["attributes"].get("options")
        if element["type"] == "dropdown":
            assert options and len(set(options)) == len(options) and "None" not in options
            assert all(isinstance(o, str) and o.strip() for o in options)


def test_the_share_form_asks_for_the_body_sections_and_offers_the_vocabularies() -> None:
    elements = {e.get("id"): e for e in _elements("share-a-practice.yml")}
    assert elements["title"]["validations"]["required"] and elements["sources"]["validations"]["required"]
    assert elements["status"]["attributes"]["options"] == ["pilot", "implemented", "scaled", "discontinued"]
    assert len(elements["sdgs"]["attributes"]["options"]) == 17 and elements["sdgs"]["attributes"]["multiple"]
    assert "4.2 Partnerships and resources" in elements["caf"]["attributes"]["options"]
    for section in ("body-context", "body-what-was-done", "body-how-others-can-use-it"):
        assert elements[section]["type"] == "textarea"
    assert "last-verified" not in elements and "images" not in elements


def test_the_chooser_links_to_the_contributing_guide() -> None:
    config = yaml.safe_load((TEMPLATES / "config.yml").read_text(encoding="utf-8"))
    site_url = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0])["site_url"]
    assert config["contact_links"][0]["url"] == site_url.rstrip("/") + "/contribute/index.html"
    assert (REPO / "content" / "contributing.md").exists()


# --- answers into a practice file ---------------------------------------------------------------


def test_an_answered_form_becomes_a_file_that_passes_check(mini) -> None:
    conversion = convert(mini, GOOD)
    assert conversion.path == "practices/pen-pal-letters-between-schools.md"
    assert conversion.problems == []
    assert main(["--root", str(mini.root), "check"]) == 0
    data = front_matter(mini.root / conversion.path)
    assert data["municipalities"] == ["gran", "solvesborg"]
    assert data["sdgs"] == [4, 16] and data["caf"] == ["4.2"] and data["period"] == {"start": 2004}
    assert data["lessons"] == ["Letters need a teacher on both sides.", "Start small."]
    assert data["results"]["indicators"] == [
        {"name": "Letters sent", "unit": "letters", "achieved": "over 60", "year": 2012}]
    assert data["sources"] == [{"title": "Has it been worth it?", "publisher": "University of Oslo", "year": 2012,
                                "authors": ["A. Author", "B. Author"]}]
    text = (mini.root / conversion.path).read_text(encoding="utf-8")
    assert "## Context\n\nTwo schools paired up.\n\n### A heading of the contributor's own\n\nMore text." in text
    assert "# transferability:" in text  # unanswered optional fields stay there, commented, as in `portal new`


def test_organisations_and_networks_may_be_answered_by_name(mini) -> None:
    mini.network()
    conversion = convert(mini, {**GOOD, "Organisations": "KS | lead | Ran the exchange", "Networks":
                                "gran–mukono PARTNERSHIP | origin", "Contact – Organisation": "KS"})
    assert conversion.problems == []
    data = front_matter(mini.root / conversion.path)
    assert data["organisations"] == [{"ref": "ks", "role": "lead", "note": "Ran the exchange"}]
    assert data["networks"] == [{"ref": "gran-mukono", "role": "origin"}]
    assert data["contact"] == {"organisation": "ks"}


def test_problems_of_the_check_come_back_for_the_comment(mini) -> None:
    conversion = convert(mini, {**GOOD, "Municipalities": "Mukno", "Period – Start": "spring"})
    messages = " ".join(f"{p.field}: {p.message}" for p in conversion.problems)
    assert "mukno" in messages.lower() and "spring" in messages
    assert all(p.file == conversion.path for p in conversion.problems)
    comment = issue_answers.issue_comment(conversion)
    assert conversion.path in comment and "```text\n" in comment and "spring" in comment


def test_missing_and_no_response_answers_are_named(mini) -> None:
    conversion = convert(mini, {"Title": "Only a title"})
    assert conversion.path == "practices/only-a-title.md"
    missing = {p.field for p in conversion.problems if "has no answer" in p.message}
    assert missing == {"summary", "status", "period.start", "sources"}
    # Written empty, not as the scaffold's placeholders: the check refuses the file until they are given.
    assert {p.field for p in conversion.problems if p.file == conversion.path} == {"summary", "status", "period",
                                                                                  "sources"}
    assert main(["--root", str(mini.root), "-q", "check"]) == 1
    body = issue_body({"Title": "Only a title"})
    assert body.count("_No response_") == len(issue_form.questions()) - 1


def test_a_body_without_the_form_writes_nothing(mini) -> None:
    conversion = convert(mini, body="Please add our practice, it is great.")
    assert conversion.path is None and not list((mini.root / "practices").glob("*.md"))
    assert "not written with the 'Share a practice' form" in issue_answers.issue_comment(conversion)


def test_a_huge_body_is_refused_before_it_is_read(mini) -> None:
    conversion = convert(mini, body="### Title\n\n" + "x" * (5 * issue_form.MAX_BODY))
    assert conversion.path is None
    assert "more than GitHub keeps" in conversion.problems[0].message


def test_the_largest_body_github_keeps_is_read(mini) -> None:
    context = "A long story. " * ((issue_form.MAX_BODY - 2000) // 14)
    conversion = convert(mini, {**GOOD, "Context": context})
    assert conversion.path and conversion.problems == []


HOSTILE = "$(touch /tmp/pwned) `id` ${{ github.token }} '; rm -rf ~ #\" && echo |"


def test_shell_and_expression_syntax_are_kept_as_text(mini) -> None:
    answers = {**GOOD, "Title": "Pen-pal ${{ secrets.GITHUB_TOKEN }} $(id)", "Summary": HOSTILE,
               "Context": HOSTILE + "\n\n```\n---\nstatus: pilot\n```"}
    conversion = convert(mini, answers)
    assert conversion.path == "practices/pen-pal-secrets-github-token-id.md"
    data = front_matter(mini.root / conversion.path)
    assert data["title"] == "Pen-pal ${{ secrets.GITHUB_TOKEN }} $(id)" and data["summary"] == HOSTILE
    assert data["status"] == "implemented"  # a '---' in the description does not end up in the fields
    assert conversion.problems == []


@pytest.mark.parametrize("title, expected", [
    ("../../.github/workflows/evil", "practices/github-workflows-evil.md"),
    ("/etc/passwd", "practices/etc-passwd.md"),
    ("..", "practices/practice-from-issue-7.md"),
    ("index", "practices/practice-from-issue-7.md"),
    ("Школа за пријатељство", "practices/practice-from-issue-7.md"),
    ("Čapljina’s   Sölvesborg-style pilot!!", "practices/capljinas-solvesborg-style-pilot.md"),
    ("word " * 40, "practices/" + "-".join(["word"] * 12) + ".md"),
])
def test_the_file_name_is_a_safe_id_from_the_title(mini, title: str, expected: str) -> None:
    conversion = convert(mini, {**GOOD, "Title": title})
    assert conversion.path == expected
    written = [p.relative_to(mini.root).as_posix() for p in mini.root.rglob("*.md")]
    assert written == [expected]


def test_an_existing_practice_is_never_overwritten(mini) -> None:
    existing = mini.practice("pen-pal-letters-between-schools")
    before = existing.read_text(encoding="utf-8")
    conversion = convert(mini, GOOD, number=12)
    assert conversion.path == "practices/pen-pal-letters-between-schools-12.md"
    assert existing.read_text(encoding="utf-8") == before


def test_a_front_matter_fence_in_an_answer_stays_inside_its_field(mini) -> None:
    summary = "Pupils write letters.\n---\nstatus: pilot\n...\nThey visit."
    conversion = convert(mini, {**GOOD, "Summary": summary})
    data = front_matter(mini.root / conversion.path)
    assert data["summary"] == summary and data["status"] == "implemented"
    assert conversion.problems == []


def test_a_heading_inside_an_answer_does_not_start_an_earlier_question(mini) -> None:
    context = "Before.\n\n### Summary\n\nThis is still the context."
    conversion = convert(mini, {**GOOD, "Context": context})
    data = front_matter(mini.root / conversion.path)
    assert data["summary"] == GOOD["Summary"]
    assert "### Summary\n\nThis is still the context." in (mini.root / conversion.path).read_text(encoding="utf-8")


def test_windows_line_endings_and_unknown_choices(mini) -> None:
    body = issue_body({**GOOD, "SDGs (UN Sustainable Development Goals)": "4 Quality education, 99 Wishes"})
    conversion = convert(mini, body=body.replace("\n", "\r\n"))
    assert front_matter(mini.root / conversion.path)["sdgs"] == [4]
    assert any("'99 Wishes' is not one of the choices" in p.message for p in conversion.problems)


def test_a_control_character_is_reported_not_written_as_a_command(mini) -> None:
    conversion = convert(mini, {**GOOD, "Title": "Bell \x07 and \u202e reversed"})
    assert conversion.path and any(p.file == conversion.path for p in conversion.problems)


def test_a_fence_in_the_answers_cannot_close_the_comment_block() -> None:
    conversion = issue_answers.Conversion("practices/x.md", "x", [
        issue_answers.Problem("practices/x.md", 1, 1, "title", "'```\n@maintainers [x](javascript:1)' is bad")])
    comment = issue_answers.issue_comment(conversion)
    assert "````text\n" in comment and comment.rstrip().endswith("````")


def test_the_cli_reads_the_event_file_and_writes_the_messages(mini, tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"issue": {"number": 3, "body": issue_body(GOOD)}}), encoding="utf-8")
    out = tmp_path / "out"
    assert issue_form.main(["--root", str(mini.root), "convert", str(event), "--out", str(out)]) == 0
    assert (out / "practice-path").read_text() == "practices/pen-pal-letters-between-schools.md"
    written = mini.root / "practices/pen-pal-letters-between-schools.md"
    assert (out / "practice.md").read_bytes() == written.read_bytes()
    assert (out / "title.txt").read_text() == "Practice: Pen-pal letters between schools"
    assert (out / "pull-request.md").read_text().startswith("Closes #3\n")
    assert "passes the portal's checks" in (out / "comment.md").read_text()


# --- the workflow -------------------------------------------------------------------------------


def _workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_the_workflow_starts_only_on_the_accepted_label_with_least_permissions() -> None:
    workflow = _workflow()
    assert workflow["on"] == {"issues": {"types": ["labeled"]}}
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert f"github.event.label.name == '{issue_form.ACCEPTED_LABEL}'" in jobs["image"]["if"]
    assert jobs["image"]["permissions"] == {"contents": "read"}
    assert jobs["convert"]["permissions"] == {"contents": "read"}
    assert jobs["pull-request"]["permissions"] == {"actions": "read", "contents": "write",
                                                   "pull-requests": "write", "issues": "write"}
    # The job that can write runs no code of the portal: no pip, no python, no portal.
    runs = " ".join(step.get("run", "") for step in jobs["pull-request"]["steps"])
    assert not re.search(r"\b(pip|python|portal)\b", runs)
    converts = " ".join(step.get("run", "") for step in jobs["convert"]["steps"])
    assert 'python -m generator.issue_form convert "$GITHUB_EVENT_PATH"' in converts


def test_no_expression_is_written_into_a_script() -> None:
    for job in _workflow()["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step.get("name")
    assert "github.event.issue.body" not in WORKFLOW.read_text(encoding="utf-8")
    assert "github.event.issue.title" not in WORKFLOW.read_text(encoding="utf-8")


def _fake_gh(bin_dir: Path, log: Path) -> None:
    """A `gh` that records its arguments (NUL-separated) and answers as GitHub would."""
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(
        "#!/bin/bash\n"
        f"printf '%s\\0' \"$@\" >> '{log}'; printf '\\n' >> '{log}'\n"
        'if [[ "$1 $2" == "pr create" ]]; then echo https://github.com/o/r/pull/9; fi\n', encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)


def _run_pull_request_job(tmp_path: Path, handed: dict[str, str]) -> tuple[subprocess.CompletedProcess, Path]:
    """Runs the write job's script as GitHub would, with a local origin and a fake gh."""
    step = next(s for s in _workflow()["jobs"]["pull-request"]["steps"] if s.get("name", "").startswith("Push"))
    origin, work, temp = tmp_path / "origin.git", tmp_path / "work", tmp_path / "temp"
    git = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(tmp_path), "PATH": os.environ["PATH"]}
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True, env=git)
    subprocess.run(["git", "clone", "-q", str(origin), str(work)], check=True, env=git, capture_output=True)
    (work / "practices").mkdir()
    (work / "practices" / "a.md").write_text("a\n")
    subprocess.run("git add -A && git commit -q -m start && git push -q origin HEAD:main", shell=True,
                   cwd=work, check=True, env=git)
    for name, text in handed.items():
        (temp / "practice").mkdir(parents=True, exist_ok=True)
        (temp / "practice" / name).write_text(text, encoding="utf-8")
    log = tmp_path / "gh.log"
    _fake_gh(tmp_path / "bin", log)
    (work / "script.sh").write_text(step["run"], encoding="utf-8")
    env = {**git, "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}", "RUNNER_TEMP": str(temp), "ISSUE": "7",
           "BASE": "main", "GITHUB_REPOSITORY": "o/r", "GH_TOKEN": "token"}
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "script.sh"], cwd=work, env=env,
                            capture_output=True, text=True, timeout=60)
    return result, log


def test_the_write_job_pushes_the_file_and_passes_the_title_as_one_argument(tmp_path: Path) -> None:
    title = "Practice: " + HOSTILE
    result, log = _run_pull_request_job(tmp_path, {
        "practice-path": "practices/pen-pal.md", "practice.md": "---\ntitle: x\n---\n", "title.txt": title,
        "pull-request.md": "Closes #7\n", "comment.md": "Thank you.\n"})
    assert result.returncode == 0, result.stderr
    assert not Path("/tmp/pwned").exists()
    calls = [line.split("\0")[:-1] for line in log.read_text(encoding="utf-8").splitlines()]
    create = next(c for c in calls if c[:2] == ["pr", "create"])
    assert f"--title={title}" in create and "--head" in create and "practice-from-issue/7" in create
    comment = next(c for c in calls if c[:2] == ["issue", "comment"])
    body = Path(comment[comment.index("--body-file") + 1]).read_text(encoding="utf-8")
    assert body == "Thank you.\n\nPull request: https://github.com/o/r/pull/9\n"
    pushed = subprocess.run(["git", "--git-dir", str(tmp_path / "origin.git"), "show",
                             "practice-from-issue/7:practices/pen-pal.md"], capture_output=True, text=True)
    assert pushed.stdout == "---\ntitle: x\n---\n"


@pytest.mark.parametrize("path", ["practices/../.github/workflows/x.md", "mkdocs.yml", "practices/a b.md",
                                  "practices/x.md\n.github/x.md"])
def test_the_write_job_refuses_a_path_outside_practices(tmp_path: Path, path: str) -> None:
    result, log = _run_pull_request_job(tmp_path, {"practice-path": path, "practice.md": "x", "title.txt": "t",
                                                   "pull-request.md": "b", "comment.md": "c"})
    assert result.returncode == 1 and "practices/<id>.md" in result.stdout
    assert not log.exists() or "pr\0create" not in log.read_text()


def test_without_a_file_the_write_job_only_comments(tmp_path: Path) -> None:
    result, log = _run_pull_request_job(tmp_path, {"comment.md": "Could not be read.\n"})
    assert result.returncode == 0, result.stderr
    calls = [line.split("\0")[:-1] for line in log.read_text(encoding="utf-8").splitlines()]
    assert [c[:2] for c in calls] == [["issue", "comment"]]
