"""Which GitHub repository the portal names in mkdocs.yml, and a warning when a copy still names ours.

Edit links, the web form, feeds and the issue forms all lead to `repo_url`. Someone who copies the
repository to start a portal of their own keeps the shipped one there until `portal init` changes
it; the check says so as soon as it can tell: in GitHub Actions from GITHUB_REPOSITORY, locally
from the clone's git remotes. The shipped portal, checked in its own repository, gets no warning.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from .problems import Problem, Severity

CONFIG_FILE = "mkdocs.yml"
SHIPPED_REPOSITORY = "inter-municipal-learning/good-practice-portal"
_GITHUB = re.compile(r"github\.com[:/](?P<owner>[\w.-]+)/(?P<name>[\w.-]+?)(?:\.git)?/?$", re.IGNORECASE)


def repository_of(url: str) -> str | None:
    """'owner/name' of a GitHub address (https or ssh), or None."""
    match = _GITHUB.search(url.strip())
    return f"{match['owner']}/{match['name']}" if match else None


def configured_repository(root: Path) -> tuple[str | None, int]:
    """The repository of mkdocs.yml's repo_url, and its line (read as a line: the file has Python tags)."""
    path = Path(root) / CONFIG_FILE
    if not path.exists():
        return None, 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("repo_url:"):
            return repository_of(line.split(":", 1)[1].split("#", 1)[0].strip().strip("'\"")), number
    return None, 0


def hosting_repositories(root: Path) -> set[str]:
    """The repositories this portal's folder belongs to, as far as can be told (empty when unknown)."""
    root = Path(root).resolve()
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if os.environ.get("GITHUB_REPOSITORY") and workspace and Path(workspace).resolve() == root:
        return {os.environ["GITHUB_REPOSITORY"]}
    if not (root / ".git").exists():
        return set()
    try:
        remotes = subprocess.run(["git", "-C", str(root), "config", "--get-regexp", r"^remote\..*\.url$"],
                                 capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return set()
    found = (repository_of(line.split(" ", 1)[-1]) for line in remotes.splitlines())
    return {repository for repository in found if repository}


def repository_warnings(root: Path) -> list[Problem]:
    configured, line = configured_repository(root)
    if configured is None or configured.lower() != SHIPPED_REPOSITORY:
        return []
    hosts = hosting_repositories(root)
    if not hosts or configured.lower() in {host.lower() for host in hosts}:
        return []
    actual = sorted(hosts)[0]
    return [Problem(CONFIG_FILE, line, 1, "repo_url",
                    f"still the shipped portal's repository ({SHIPPED_REPOSITORY}), but this portal is {actual}: "
                    "edit links, the issue forms and the web form lead there",
                    f"run `portal init --name \"Your portal's name\" --repository {actual}` to set it everywhere",
                    Severity.warning)]
