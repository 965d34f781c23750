"""`portal init`: make a copy of this repository a portal of its own.

One command sets the name, address, repository, editors' e-mail and language everywhere they are
used: mkdocs.yml (site_name, site_url, repo_url, repo_name, theme.language,
extra.portal.editors_email), the review team in .github/CODEOWNERS, the addresses in the issue
forms, and the JSON Schemas' ids. mkdocs.yml is edited line by line, so its comments and layout stay
as they are (a YAML round trip would drop them, and the file holds Python tags that safe loaders
refuse). `--empty` removes the shipped records: the guides, the templates and the themes stay.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pycountry
import yaml

from .repository import CONFIG_FILE

REPOSITORY = re.compile(r"(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?P<name>[A-Za-z0-9._-]{1,100})")
TEAM = re.compile(r"@[\w-]+(?:/[\w-]+)?")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
CODEOWNERS = ".github/CODEOWNERS"
ISSUE_FORMS = ".github/ISSUE_TEMPLATE"
# The folders of records; --empty keeps registry/themes.yml (practices need themes) and content/.
RECORD_FOLDERS = ("practices", "networks", "registry/municipalities", "registry/organisations", "registry/portfolios")
RECORD_LINK = re.compile(r"\[(?P<text>[^\]\n]+)\]\(\.\./(?P<section>practices|networks|results|municipalities|"
                         r"organisations|countries)/(?P<id>[a-z0-9-]+)\.md(?:#[^)\s]*)?\)")


class Refused(Exception):
    pass


@dataclass(frozen=True)
class Settings:
    name: str
    repository: str  # OWNER/REPO
    url: str
    email: str | None
    language: str | None
    team: str

    @property
    def repo_url(self) -> str:
        return f"https://github.com/{self.repository}"


def settings_from(args) -> Settings:
    match = REPOSITORY.fullmatch(args.repository.strip().removeprefix("https://github.com/").strip("/"))
    if not match:
        raise Refused(f"'{args.repository}' is not a GitHub repository: write OWNER/REPO, e.g. my-town/good-practices")
    owner, name = match["owner"], match["name"].removesuffix(".git")
    if not args.name.strip():
        raise Refused("--name is empty: give the portal's name, e.g. \"Good practices of the Drina valley\"")
    url = args.url or (f"https://{owner.lower()}.github.io/" if name.lower() == f"{owner.lower()}.github.io"
                       else f"https://{owner.lower()}.github.io/{name}/")
    if not re.fullmatch(r"https?://[^\s/]+(?:/\S*)?", url):
        raise Refused(f"--url '{url}' is not a web address: write it as https://host/path/")
    if args.email is not None and not EMAIL.fullmatch(args.email):
        raise Refused(f"--email '{args.email}' is not an e-mail address (e.g. editors@municipality.example)")
    if args.language is not None and pycountry.languages.get(alpha_2=args.language.lower()) is None:
        raise Refused(f"--language '{args.language}' is not an ISO 639-1 code (e.g. en, sl, sv)")
    team = args.team or f"@{owner}/maintainers"
    if not TEAM.fullmatch(team):
        raise Refused(f"--team '{team}' is not a GitHub user or team: write @user or @organisation/team")
    return Settings(args.name.strip(), f"{owner}/{name}", url.rstrip("/") + "/", args.email,
                    args.language.lower() if args.language else None, team)


def run(args, root: Path) -> int:
    try:
        settings = settings_from(args)
        if not (root / CONFIG_FILE).exists():
            raise Refused(f"no {CONFIG_FILE} in {root}: run portal init in the portal's folder (or give --root)")
        changed = initialise(root, settings, empty=args.empty)
    except Refused as refusal:
        print(refusal, file=sys.stderr)
        return 2
    if not args.quiet:
        for line in changed:
            print(line, file=sys.stderr)
        print(f"Next: `portal build`, commit, push to {settings.repository}, then enable GitHub Pages "
              "(README: Start your own portal). Redraw the link-preview card with scripts/share-card.",
              file=sys.stderr)
    return 0


def initialise(root: Path, settings: Settings, empty: bool = False) -> list[str]:
    """Apply the settings; one line per file changed."""
    root = Path(root)
    config = root / CONFIG_FILE
    old_site_url = _read_setting(config.read_text(encoding="utf-8"), ("site_url",))
    changed = [_edit_config(config, settings)]
    changed += _edit_codeowners(root / CODEOWNERS, settings.team)
    changed += _edit_issue_forms(root / ISSUE_FORMS, old_site_url, settings.url)
    changed += _write_schemas(root, settings.url)
    if empty:
        changed += empty_records(root)
    return [line for line in changed if line]


# ---------------------------------------------------------------- mkdocs.yml, line by line

_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<key>[A-Za-z_][\w-]*):(?P<value>[^#\n]*?)(?P<comment>\s+#.*)?$")


def _scalar(value: str) -> str:
    """A YAML scalar for a one-line value: plain where that reads back as the same text, else quoted."""
    try:
        plain_reads_back = yaml.safe_load(f"k: {value}") == {"k": value}
    except yaml.YAMLError:
        plain_reads_back = False
    return value if plain_reads_back and value == value.strip() and "#" not in value else json.dumps(value, ensure_ascii=False)


def _find(lines: list[str], path: tuple[str, ...]) -> int | None:
    """Index of the line of `path` (e.g. ('theme', 'language')): keys by indentation, as in mkdocs.yml."""
    stack: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        match = _KEY_LINE.match(line)
        if not match or line.lstrip().startswith("-"):
            continue
        indent = len(match["indent"])
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, match["key"]))
        if tuple(key for _, key in stack) == path:
            return index
    return None


def _read_setting(text: str, path: tuple[str, ...]) -> str | None:
    lines = text.splitlines()
    index = _find(lines, path)
    if index is None:
        return None
    value = _KEY_LINE.match(lines[index])["value"].strip()
    return yaml.safe_load(f"k: {value}")["k"] if value else None


def set_setting(text: str, path: tuple[str, ...], value: str) -> str:
    """`text` with the setting at `path` set to `value`, its comment kept; added where it is missing."""
    lines = text.splitlines()
    index = _find(lines, path)
    if index is not None:
        match = _KEY_LINE.match(lines[index])
        lines[index] = f"{match['indent']}{match['key']}: {_scalar(value)}{match['comment'] or ''}"
        return "\n".join(lines) + "\n"
    parent = _find(lines, path[:-1]) if len(path) > 1 else None
    if len(path) > 1 and parent is None:
        text = set_setting_block(text, path[:-1])
        lines = text.splitlines()
        parent = _find(lines, path[:-1])
    if parent is None:
        return text.rstrip("\n") + f"\n{path[0]}: {_scalar(value)}\n"
    indent = " " * (2 * (len(path) - 1))
    lines.insert(parent + 1, f"{indent}{path[-1]}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def set_setting_block(text: str, path: tuple[str, ...]) -> str:
    """`text` with an empty mapping key at `path` (`extra:` / `  portal:`) added at the end of its parent."""
    if len(path) > 1 and _find(text.splitlines(), path[:-1]) is None:
        text = set_setting_block(text, path[:-1])
    lines = text.splitlines()
    indent = " " * (2 * (len(path) - 1))
    if len(path) == 1:
        return text.rstrip("\n") + f"\n\n{path[0]}:\n"
    lines.insert(_find(lines, path[:-1]) + 1, f"{indent}{path[-1]}:")
    return "\n".join(lines) + "\n"


def _edit_config(config: Path, settings: Settings) -> str:
    text = original = config.read_text(encoding="utf-8")
    wanted = {("site_name",): settings.name, ("site_url",): settings.url, ("repo_url",): settings.repo_url,
              ("repo_name",): settings.repository.split("/", 1)[1]}
    if settings.language:
        wanted[("theme", "language")] = settings.language
    if settings.email:
        wanted[("extra", "portal", "editors_email")] = settings.email
    for path, value in wanted.items():
        text = set_setting(text, path, value)
    for path, value in wanted.items():  # read back: a line-based edit must never change what else MkDocs reads
        if _read_setting(text, path) != value:
            raise Refused(f"{CONFIG_FILE}: could not set {'.'.join(path)}; set it by hand")
    if text == original:
        return ""
    config.write_text(text, encoding="utf-8")
    return f"{CONFIG_FILE}: " + ", ".join(".".join(path) for path in wanted)


# ---------------------------------------------------------------- the other files that name the portal


def _edit_codeowners(path: Path, team: str) -> list[str]:
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    owners = {owner for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
              for owner in line.split()[1:]}
    new = text
    for owner in owners - {team}:
        new = re.sub(rf"(?<![\w@/-]){re.escape(owner)}(?![\w/-])", team, new)
    if new == text:
        return []
    path.write_text(new, encoding="utf-8")
    return [f"{CODEOWNERS}: code and configuration reviewed by {team} (the team must exist and have write access)"]


def _edit_issue_forms(folder: Path, old_url: str | None, new_url: str) -> list[str]:
    if not folder.is_dir() or not old_url or old_url == new_url:
        return []
    changed = []
    for form in sorted(folder.glob("*.yml")):
        text = form.read_text(encoding="utf-8")
        if old_url in text:
            form.write_text(text.replace(old_url, new_url), encoding="utf-8")
            changed.append(form.relative_to(folder.parent.parent).as_posix())
    return [f"{', '.join(changed)}: links to {new_url}"] if changed else []


def _write_schemas(root: Path, site_url: str) -> list[str]:
    from .schema import write_schemas

    if not (root / "schemas").is_dir():
        return []
    written = write_schemas(root, site_url)
    return [f"schemas/: {len(written)} schema file(s) with ids under {site_url}"] if written else []


# ---------------------------------------------------------------- --empty


def empty_records(root: Path) -> list[str]:
    """Remove every shipped record; links to them in the guides become their plain words."""
    removed = 0
    for folder in RECORD_FOLDERS:
        path = root / folder
        if not path.is_dir():
            continue
        for entry in sorted(path.iterdir()):
            if entry.name == ".gitkeep":
                continue
            removed += 1
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
        (path / ".gitkeep").touch()  # git keeps the empty folder, where editors will add files
    guides = [_unlink_records(root, page) for page in sorted((root / "content").rglob("*.md"))]
    lines = [f"{', '.join(RECORD_FOLDERS)}: {removed} shipped file(s) and folder(s) removed; "
             "registry/themes.yml, content/ and the templates stay"]
    unlinked = [name for name in guides if name]
    if unlinked:
        lines.append(f"{', '.join(unlinked)}: links to removed records are plain words now")
    return lines


def _unlink_records(root: Path, page: Path) -> str:
    """A guide's links to records, which --empty removed, as their words (MkDocs --strict fails on them)."""
    text = page.read_text(encoding="utf-8")
    new = RECORD_LINK.sub(lambda match: match["text"], text)
    if new == text:
        return ""
    page.write_text(new, encoding="utf-8")
    return page.relative_to(root).as_posix()
