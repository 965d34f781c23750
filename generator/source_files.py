"""Load stage, first step: which files of a portal are sources, and of what kind.

Everything in a pull request is untrusted, its file names and file types too. So the
source folders are walked without following links, and every file is either a source
of a known kind, with a name that is a valid id, or a problem with a hint. Nothing is
skipped silently (`practices/x.MD` used to be ignored with exit 0), no symlink is read
(a link to `/etc/passwd` or `.git/config` would publish it), and nothing that is not a
regular file is opened (reading a FIFO would hang the build).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .languages import BY_CODE, ORIGINAL, TRANSLATIONS, interface_language
from .problems import Problem

SOURCE_FOLDERS = ("practices", "networks", "registry", "content")
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # used with fullmatch: `$` would let "x\n" through
IGNORED_NAMES = {".gitkeep"}
RESERVED_IDS = {"index"}  # every section's list page is <section>/index.html  # placeholders git needs to keep an empty folder
# Files that content/ may publish besides its Markdown pages; each is decoded and re-encoded
# (content_assets.py). SVG, HTML, JavaScript and the like could run script on the site's origin.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


@dataclass(frozen=True)
class SourceFile:
    kind: str  # practice, network, results, municipality, organisation, theme, portfolio, template, page, asset
    path: Path
    relative: str  # to the portal root, with forward slashes
    record_id: str = ""  # for files that hold one record; for a translation, its original's id
    language: str = ""  # a translation's language (languages.TRANSLATIONS)
    translates: str = ""  # the kind of a translation's original: practice, network, results or template


def find_sources(root: Path) -> tuple[list[SourceFile], list[Problem]]:
    """Every source file below the portal root, in a stable order, and every file that is not one."""
    root = Path(root)
    found: list[SourceFile] = []
    problems: list[Problem] = []
    for folder in SOURCE_FOLDERS:
        for path, relative, problem in _walk(root, root / folder):
            if problem:
                problems.append(problem)
                continue
            kind = _classify(relative.split("/"))
            if isinstance(kind, Misplaced):
                problems.append(Problem(relative, 1, 1, "", kind.message, kind.hint))
            else:
                found.append(SourceFile(kind[0], path, relative, *kind[1:]))
    return found, problems


class Misplaced(NamedTuple):
    message: str
    hint: str


def _not_read(hint: str) -> Misplaced:
    return Misplaced("this file is not read: the portal does not know its name or place", hint)


def _bad_name(name: str, hint: str) -> Misplaced:
    if name.rsplit(".", 1)[0] in RESERVED_IDS:
        return Misplaced(f"'{name.rsplit('.', 1)[0]}' is reserved for the list pages", "choose another id")
    return Misplaced(f"file name '{name}' is not a valid id", hint)


def _walk(root: Path, folder: Path):
    """(path, relative, problem) for each file below `folder`, links and special files as problems."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return
    relative = folder.relative_to(root).as_posix()
    if stat.S_ISLNK(info.st_mode):
        yield folder, relative, _link_problem(folder, relative)
        return
    if not stat.S_ISDIR(info.st_mode):
        yield folder, relative, Problem(relative, 1, 1, "", "expected a folder here", "")
        return
    with os.scandir(folder) as entries:
        ordered = sorted(entries, key=lambda entry: entry.name)
    for entry in ordered:
        path = Path(entry.path)
        relative = path.relative_to(root).as_posix()
        if entry.is_symlink():
            yield path, relative, _link_problem(path, relative)
        elif entry.is_dir(follow_symlinks=False):
            yield from _walk(root, path)
        elif not entry.is_file(follow_symlinks=False):
            yield path, relative, Problem(relative, 1, 1, "", "not a regular file",
                                          "only ordinary text and image files can be sources; remove it")
        elif entry.name not in IGNORED_NAMES:
            yield path, relative, None


def _link_problem(path: Path, relative: str) -> Problem:
    target = os.readlink(path)
    return Problem(relative, 1, 1, "", f"symbolic links are not allowed (this one points to '{target}')",
                   "put the file itself here; a link could publish a file from outside the portal")


def _is_id(name: str, suffix: str) -> bool:
    stem = name[: -len(suffix)]
    return name.endswith(suffix) and bool(ID.fullmatch(stem)) and stem not in RESERVED_IDS


_ID_HINT = "use lower-case letters, digits and hyphens"


def _classify(parts: list[str]) -> tuple[str, ...] | Misplaced:
    """(kind, record id) of a source file from its path parts, or a hint for a file that is none;
    (\"translation\", original id, language, original kind) for a translation."""
    folder, name = parts[0], parts[-1]
    if (translation := translation_of(parts)) is not None:
        return translation
    if folder == "practices":
        if len(parts) == 2 and _is_id(name, ".md"):
            return "practice", name[:-3]
        if len(parts) > 2:
            return _not_read("practices/ holds no folders: each practice is one file, practices/<id>.md")
        hint = f"name practice files practices/<id>.md ({_ID_HINT}, ending in '.md'), e.g. practices/school-exchange.md"
        return _bad_name(name, hint) if name.endswith(".md") else _not_read(hint)
    if folder == "networks":
        if len(parts) == 2 and _is_id(name, ".yml"):
            return "network", name[:-4]
        if len(parts) == 3 and ID.fullmatch(parts[1]) and name.startswith("results-") and _is_id(name, ".yml"):
            return "results", f"{parts[1]}-{name[:-4]}"
        hint = ("networks are networks/<id>.yml and their results networks/<network-id>/results-<round>.yml "
                f"({_ID_HINT}, ending in '.yml')")
        return _bad_name(name, hint) if name.endswith(".yml") and len(parts) == 2 else _not_read(hint)
    if folder == "registry":
        if parts[1:] == ["themes.yml"]:
            return "theme", ""
        if len(parts) == 3 and parts[1] in _REGISTRY_FOLDERS and _is_id(name, ".yml"):
            kind = _REGISTRY_FOLDERS[parts[1]]
            return kind, name[:-4] if kind == "portfolio" else ""  # a portfolio is one record; lists name their own
        hint = ("the registry holds registry/themes.yml and lists named <id>.yml in registry/municipalities/, "
                f"registry/organisations/ and registry/portfolios/ ({_ID_HINT})")
        in_list_folder = len(parts) == 3 and parts[1] in _REGISTRY_FOLDERS and name.endswith(".yml")
        return _bad_name(name, hint) if in_list_folder else _not_read(hint)
    return _classify_content(parts)


_REGISTRY_FOLDERS = {"municipalities": "municipality", "organisations": "organisation", "portfolios": "portfolio"}


def _classify_content(parts: list[str]) -> tuple[str, str] | Misplaced:
    name = parts[-1]
    folders_ok = all(ID.fullmatch(part) for part in parts[1:-1])
    if len(parts) == 3 and parts[1] == "templates" and name.endswith(".yml"):
        if _is_id(name, ".yml"):
            return "template", name[:-4]
        return _bad_name(name, f"name templates content/templates/<id>.yml ({_ID_HINT})")
    if folders_ok and (language := _guide_translation_language(name)):
        return "page", "", language  # content/<name>.<lang>.md translates content/<name>.md
    if name.endswith(".md") and folders_ok and (_is_id(name, ".md") or name == "index.md"):
        return "page", ""  # content/index.md, if there is one, is the guides' own index page
    suffix = next((s for s in IMAGE_SUFFIXES if name.endswith(s)), None)
    if suffix and folders_ok and _is_id(name, suffix):
        return "asset", ""
    if name.lower().endswith((".md", *IMAGE_SUFFIXES)):
        return _bad_name("/".join(parts[1:]), "name folders and files in content/ with lower-case letters, digits and hyphens, "
                         "e.g. content/learning-cycle.md or content/maps/gran.png")
    return Misplaced("this type of file cannot be published from content/",
                     "content/ publishes Markdown pages (.md) and images (" + ", ".join(IMAGE_SUFFIXES) + ") "
                     "only; other files (HTML, SVG, scripts, documents) could run code on the site: convert "
                     "images to PNG, and link documents where they are published")


# ---------------------------------------------------------------- translations (issue 14)


def _guide_translation_language(name: str) -> str:
    """The language of a guide's translation, `<name>.<lang>.md` (or `index.<lang>.md`); "" for any other name."""
    stem, _, rest = name.partition(".")
    language = rest.removesuffix(".md")
    if rest.endswith(".md") and language in TRANSLATIONS and (_is_id(f"{stem}.md", ".md") or stem == "index"):
        return language
    return ""


# `<id>.<lang>.md` beside practices/<id>.md, `<id>.<lang>.yml` beside networks/<id>.yml, results and
# content/templates/<id>.yml.
# The language part is anything that looks like a language code, so that a wrong one is named as such.
_TRANSLATED_NAME = re.compile(r"(?P<stem>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)"
                              r"(?P<suffix>\.md|\.yml)")


def classify_path(relative: str) -> tuple[str, ...] | Misplaced:
    """(kind, record id, ...) of a path relative to the portal root, as find_sources classifies it."""
    return _classify(relative.split("/"))


def translation_of(parts: list[str]) -> tuple[str, str, str, str] | Misplaced | None:
    """("translation", original id, language, original kind) of a translation's path parts, a problem
    for a translation in a language the portal does not publish, or None for a file that is no translation."""
    match = _TRANSLATED_NAME.fullmatch(parts[-1])
    if not match:
        return None
    stem, language, suffix = match["stem"], match["lang"], match["suffix"]
    if parts[0] == "practices" and len(parts) == 2 and suffix == ".md":
        kind, record_id, original = "practice", stem, f"practices/{stem}.md"
    elif parts[0] == "networks" and len(parts) == 2 and suffix == ".yml":
        kind, record_id, original = "network", stem, f"networks/{stem}.yml"
    elif (parts[0] == "networks" and len(parts) == 3 and ID.fullmatch(parts[1]) and suffix == ".yml"
          and stem.startswith("results-")):
        kind, record_id, original = "results", f"{parts[1]}-{stem}", f"networks/{parts[1]}/{stem}.yml"
    elif parts[:2] == ["content", "templates"] and len(parts) == 3 and suffix == ".yml":
        kind, record_id, original = "template", stem, f"content/templates/{stem}.yml"
    else:
        return None
    if language in TRANSLATIONS:
        return "translation", record_id, language, kind
    return _language_problem(language, original, suffix)


def _language_problem(language: str, original: str, suffix: str) -> Misplaced:
    stem = original[: -len(suffix)]
    choices = ", ".join(f"{code} ({BY_CODE[code].english_name})" for code in TRANSLATIONS)
    example = f"e.g. {stem}.{TRANSLATIONS[0]}{suffix}"
    if language.lower() == ORIGINAL:
        return Misplaced(f"'{language}' is the portal's original language: {original} itself holds that text",
                         f"a translation is named after the language it is in: one of {choices}")
    served_by = interface_language(language.lower().replace("_", "-").split("-")[0])
    if served_by and served_by != ORIGINAL:
        return Misplaced(f"'{language}' is not one of the portal's translation languages",
                         f"the portal publishes {BY_CODE[served_by].english_name} as '{served_by}': "
                         f"name the file {stem}.{served_by}{suffix}")
    return Misplaced(f"'{language}' is not one of the portal's translation languages",
                     f"name a translation <id>.<language>{suffix} with one of {choices}, {example}")
