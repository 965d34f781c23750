"""Stage 1, load: read every source file once into raw records that remember positions.

YAML is read safely and strictly: no aliases (no alias bombs), no duplicate keys,
no custom tags, and none of YAML 1.1's surprises (`country: NO` stays the text
"NO", `on`/`yes`/`off` stay text, dates stay text for the models to parse).
Every value keeps the line and column it came from, so later stages can point
an editor at the exact spot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .gc_pause import cycle_collector_paused
from .problems import Problem

MAX_FILE_BYTES = 1_000_000

Location = tuple[Any, ...]  # path into the data, e.g. ("members", 2, "ref")


class Position(NamedTuple):
    """Where a value stands in its file, counted from 1 (a named tuple: cheap to create by the million)."""

    line: int
    column: int


# Position(line, column) goes through NamedTuple's Python-level __new__; this skips it for the hot loop.
_new_position = partial(tuple.__new__, Position)


@dataclass
class RawRecord:
    """One record as read from disk: plain data plus where each value stands."""

    kind: str
    id: str
    file: str  # relative to the portal root, with forward slashes
    data: Any
    positions: dict[Location, Position] = field(default_factory=dict)
    body: str = ""  # Markdown body (practices and pages)
    body_line: int = 1

    def position(self, location: Location) -> Position:
        """Position of a value, or of the nearest enclosing value that has one."""
        location = tuple(location)
        while location:
            if location in self.positions:
                return self.positions[location]
            location = location[:-1]
        return self.positions.get((), Position(1, 1))


@dataclass
class Page:
    """A hand-written Markdown page from content/."""

    file: str
    path: str  # relative to content/
    text: str


@dataclass
class Loaded:
    records: list[RawRecord] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    assets: dict[str, bytes] = field(default_factory=dict)  # content/ files that are not Markdown
    problems: list[Problem] = field(default_factory=list)


# ---------------------------------------------------------------- strict YAML


_STR, _INT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int"
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_IMPLICIT_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")

# Types a plain (unquoted) scalar can take from how it looks, listed under each first character it can
# start with. YAML 1.1's yes/no/on/off, octal, sexagesimal and dates are left out: they stay text.
_IMPLICIT_TYPES: dict[str, list[tuple[str, re.Pattern]]] = {}
for _tag, _pattern, _first in [
    ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    (_INT, _IMPLICIT_INT, "-+0123456789"),
    ("tag:yaml.org,2002:float",
     re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"), "-+0123456789."),
    ("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),  # "": `key:`
]:
    for _char in _first:
        _IMPLICIT_TYPES.setdefault(_char, []).append((_tag, _pattern))


class _Yaml12Resolver:
    """Replaces PyYAML's resolver: YAML 1.2-like types and no path resolvers.

    Both parsers call these methods back in Python for every node, so they are kept minimal.
    """

    def resolve(self, kind: type, value: str | None, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            # Only plain scalars without a tag are typed, and most start with a letter no type starts with.
            if implicit[0] and value[:1] in _IMPLICIT_TYPES:
                for tag, pattern in _IMPLICIT_TYPES[value[:1]]:
                    if pattern.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass  # only path resolvers need to follow the descent

    def ascend_resolver(self) -> None:
        pass


class _StrictLoader(_Yaml12Resolver, yaml.SafeLoader):
    """PyYAML's own parser; slower, but it lets _reject_aliases stop an alias before it is expanded."""


try:  # libyaml's parser and composer; _build makes the values, so no constructor is needed
    from yaml.cyaml import CParser as _LibyamlComposer
except ImportError:  # PyYAML built without libyaml
    _LibyamlComposer = yaml.SafeLoader


class _FastStrictLoader(_Yaml12Resolver, _LibyamlComposer):
    """libyaml's parser (about 10x faster), used for text that cannot hold an alias."""


_ALLOWED_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "map", "seq")
}


class YamlProblem(Exception):
    def __init__(self, message: str, line: int, column: int, hint: str = "", field: str = ""):
        super().__init__(message)
        self.message, self.line, self.column, self.hint, self.field = message, line, column, hint, field


def _mark(node_or_mark: Any, line_offset: int) -> Position:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return Position(mark.line + 1 + line_offset, mark.column + 1)


def _dotted(location: Location) -> str:
    return ".".join(str(part) for part in location)


def parse_yaml(text: str, line_offset: int = 0) -> tuple[Any, dict[Location, Position]]:
    """Parse one YAML document into plain data and a map of positions.

    Raises YamlProblem for syntax errors, aliases, duplicate keys and unknown tags.
    """
    # libyaml composes aliases silently, so text that could hold one takes the checking parser. An alias
    # needs a `*` and an anchor (`&`) before it; without an anchor libyaml itself rejects a `*name`.
    # (`**bold**` in a summary alone keeps the fast parser.)
    loader = _StrictLoader(text) if "*" in text and "&" in text else _FastStrictLoader(text)
    try:
        if isinstance(loader, _StrictLoader):
            _reject_aliases(loader, line_offset)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        position = _mark(mark, line_offset) if mark else Position(1 + line_offset, 1)
        message = (error.problem or str(error)).strip()
        if message.startswith("found undefined alias"):  # a `*name` without an anchor (fast parser)
            raise YamlProblem("YAML aliases (*name) are not allowed", position.line, position.column,
                              "write the value out in full") from None
        raise YamlProblem(f"YAML syntax error: {message}", position.line, position.column,
                          "check indentation, colons and quotes") from None
    finally:
        loader.dispose()
    positions: dict[Location, Position] = {}
    if node is None:
        return None, positions
    positions[()] = _mark(node, line_offset)
    return _build(node, (), positions, line_offset), positions


def _reject_aliases(loader: _StrictLoader, line_offset: int) -> None:
    """Aliases let a tiny file expand into gigabytes; editors never need them."""
    original = loader.compose_node

    def compose_node(parent: Any, index: Any) -> Any:
        if loader.check_event(yaml.AliasEvent):
            event = loader.peek_event()
            position = _mark(event, line_offset)
            raise YamlProblem("YAML aliases (*name) are not allowed", position.line, position.column,
                              "write the value out in full")
        return original(parent, index)

    loader.compose_node = compose_node  # type: ignore[method-assign]


def _build(node: yaml.Node, location: Location, positions: dict, offset: int) -> Any:
    """Plain data of a node whose own position is recorded; records the positions of what it holds."""
    if node.tag == _STR and node.__class__ is yaml.ScalarNode:  # most values: skip the checks below
        return node.value
    if node.tag not in _ALLOWED_TAGS:
        position = _mark(node, offset)
        raise YamlProblem(f"YAML tag {node.tag} is not allowed", position.line, position.column,
                          "remove the !tag", _dotted(location))
    if isinstance(node, yaml.MappingNode):
        return _build_mapping(node, location, positions, offset)
    if isinstance(node, yaml.SequenceNode):
        return _build_sequence(node, location, positions, offset)
    if node.tag == _INT and _IMPLICIT_INT.match(node.value):
        return int(node.value)  # what SafeConstructor gives for such text, without its overhead
    # Rare explicit tags (`!!int 0x1F`, `!!bool yes`) and other scalar types: PyYAML's own rules.
    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, KeyError, TypeError):  # e.g. `!!bool maybe`, `!!int abc`, `!!map x`
        position = _mark(node, offset)
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise YamlProblem(f"the value does not fit its tag {tag}", position.line, position.column,
                          "remove the !!tag and write the value plainly", _dotted(location)) from None


def _build_mapping(node: yaml.MappingNode, location: Location, positions: dict, offset: int) -> dict:
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            position = _mark(key_node, offset)
            raise YamlProblem("keys must be plain names", position.line, position.column)
        key = key_node.value  # always text, whatever its tag: `1: x` has the key "1"
        if key == "<<":
            position = _mark(key_node, offset)
            raise YamlProblem("YAML merge keys (<<) are not allowed", position.line, position.column)
        key_location = location + (key,)
        if key in result:
            position = _mark(key_node, offset)
            first = positions[key_location]
            raise YamlProblem(f"duplicate key '{key}'", position.line, position.column,
                              f"first given on line {first.line}; keep one", _dotted(key_location))
        mark = key_node.start_mark  # a value is placed at its key
        positions[key_location] = _new_position((mark.line + 1 + offset, mark.column + 1))
        result[key] = _build(value_node, key_location, positions, offset)
    return result


def _build_sequence(node: yaml.SequenceNode, location: Location, positions: dict, offset: int) -> list:
    result = []
    for index, item_node in enumerate(node.value):
        item_location = location + (index,)
        mark = item_node.start_mark
        positions[item_location] = _new_position((mark.line + 1 + offset, mark.column + 1))
        result.append(_build(item_node, item_location, positions, offset))
    return result


# ---------------------------------------------------------------- files


# Line by line up to the closing `---`: a lazy `.*?` would try the closing line at every character.
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n((?:[^\n]*\n)*?)---[ \t]*\r?$\n?", re.MULTILINE)


def read_text(path: Path, root: Path) -> tuple[str | None, Problem | None]:
    """Read a file as UTF-8 text, or say why it cannot be used."""

    def cannot(line: int, message: str, hint: str) -> tuple[None, Problem]:
        return None, Problem(path.relative_to(root).as_posix(), line, 1, "", message, hint)

    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return cannot(1, f"file is too large ({size:,} bytes)",
                      f"the limit is {MAX_FILE_BYTES:,} bytes; split it or move attachments out")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return cannot(raw[: error.start].count(b"\n") + 1, "file is not valid UTF-8 text",
                      "save it with UTF-8 encoding")
    if not text.strip():
        return cannot(1, "file is empty", "see `portal new` for a scaffold")
    if "\x00" in text:
        return cannot(1, "file contains NUL bytes", "is this a binary file?")
    return text, None


def _yaml_problem(relative: str, error: YamlProblem) -> Problem:
    return Problem(relative, error.line, error.column, error.field, error.message, error.hint)


def _read_yaml(path: Path, root: Path) -> tuple[Any, dict[Location, Position], list[Problem]]:
    """Text and YAML of one file, or the problem that stops it from being read."""
    text, problem = read_text(path, root)
    if problem:
        return None, {}, [problem]
    try:
        data, positions = parse_yaml(text)
    except YamlProblem as error:
        return None, {}, [_yaml_problem(path.relative_to(root).as_posix(), error)]
    return data, positions, []


def load_yaml_file(path: Path, root: Path, kind: str, record_id: str) -> tuple[list[RawRecord], list[Problem]]:
    relative = path.relative_to(root).as_posix()
    data, positions, problems = _read_yaml(path, root)
    if problems:
        return [], problems
    if not isinstance(data, dict):
        return [], [Problem(relative, 1, 1, "", "expected a mapping of fields (name: value)",
                            "see `portal new` for a scaffold")]
    return [RawRecord(kind, record_id, relative, data, positions)], []


def load_registry_file(path: Path, root: Path, kind: str) -> tuple[list[RawRecord], list[Problem]]:
    """A registry file is a list of entries, each with its own id."""
    relative = path.relative_to(root).as_posix()
    data, positions, problems = _read_yaml(path, root)
    if problems:
        return [], problems
    if not isinstance(data, list):
        return [], [Problem(relative, 1, 1, "", "expected a list of entries (lines starting with '- id:')")]
    records = []
    # Positions are re-rooted at each entry so that validation errors map directly (one pass, not one per entry).
    by_entry: dict[int, dict[Location, Position]] = {}
    for location, position in positions.items():
        if location:
            by_entry.setdefault(location[0], {})[location[1:]] = position
    for index, entry in enumerate(data):
        position = positions[(index,)]
        if not isinstance(entry, dict):
            problems.append(Problem(relative, position.line, position.column, f"[{index}]",
                                    "expected an entry with fields (id: ..., name: ...)"))
            continue
        entry_positions = by_entry.get(index, {})
        record_id = entry.get("id") if isinstance(entry.get("id"), str) else f"#{index}"
        records.append(RawRecord(kind, record_id, relative, entry, entry_positions))
    return records, problems


def load_markdown_record(path: Path, root: Path, kind: str, record_id: str) -> tuple[list[RawRecord], list[Problem]]:
    """A practice: YAML front matter between `---` lines, then a Markdown body."""
    relative = path.relative_to(root).as_posix()
    text, problem = read_text(path, root)
    if problem:
        return [], [problem]
    match = FRONT_MATTER.match(text)
    if not match:
        return [], [Problem(relative, 1, 1, "", "missing YAML front matter",
                            "start the file with a line '---', the fields, then another '---'")]
    try:
        data, positions = parse_yaml(match.group(1), line_offset=1)
    except YamlProblem as error:
        return [], [_yaml_problem(relative, error)]
    if not isinstance(data, dict):
        return [], [Problem(relative, 2, 1, "", "front matter must be a mapping of fields (name: value)")]
    body = text[match.end():]
    body_line = text.count("\n", 0, match.end()) + 1
    return [RawRecord(kind, record_id, relative, data, positions, body, body_line)], []


ID_FROM_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _check_name(path: Path, root: Path) -> Problem | None:
    if ID_FROM_NAME.match(path.stem):
        return None
    return Problem(path.relative_to(root).as_posix(), 1, 1, "", f"file name '{path.name}' is not a valid id",
                   "use lower-case letters, digits and hyphens, e.g. 'my-practice.md'")


def load(root: Path) -> Loaded:
    """Read every source file below `root`. Never raises for bad input: problems are collected."""
    with cycle_collector_paused():  # see gc_pause.py
        return _load_sources(Path(root))


def _load_sources(root: Path) -> Loaded:
    loaded = Loaded()

    def add(result: tuple[list[RawRecord], list[Problem]]) -> None:
        loaded.records.extend(result[0])
        loaded.problems.extend(result[1])

    for path in sorted((root / "practices").glob("*.md"), key=str):
        if problem := _check_name(path, root):
            loaded.problems.append(problem)
            continue
        add(load_markdown_record(path, root, "practice", path.stem))

    for path in sorted((root / "networks").glob("*.yml")):
        if problem := _check_name(path, root):
            loaded.problems.append(problem)
            continue
        add(load_yaml_file(path, root, "network", path.stem))

    for path in sorted((root / "networks").glob("*/*.yml")):
        network, stem = path.parent.name, path.stem
        if not stem.startswith("results-") or not ID_FROM_NAME.match(stem) or not ID_FROM_NAME.match(network):
            loaded.problems.append(Problem(
                path.relative_to(root).as_posix(), 1, 1, "", f"unexpected file name '{path.name}'",
                "results files are named networks/<network-id>/results-<round>.yml"))
            continue
        add(load_yaml_file(path, root, "results", f"{network}-{stem}"))

    for kind, folder in (("municipality", "municipalities"), ("organisation", "organisations")):
        for path in sorted((root / "registry" / folder).glob("*.yml")):
            add(load_registry_file(path, root, kind))
    themes = root / "registry" / "themes.yml"
    if themes.exists():
        add(load_registry_file(themes, root, "theme"))
    for path in sorted((root / "registry" / "portfolios").glob("*.yml")):
        if problem := _check_name(path, root):
            loaded.problems.append(problem)
            continue
        add(load_yaml_file(path, root, "portfolio", path.stem))
    for path in sorted((root / "content" / "templates").glob("*.yml")):
        if problem := _check_name(path, root):
            loaded.problems.append(problem)
            continue
        add(load_yaml_file(path, root, "template", path.stem))

    _load_content(root, loaded)
    return loaded


def _load_content(root: Path, loaded: Loaded) -> None:
    content = root / "content"
    if not content.is_dir():
        return
    for path in sorted(p for p in content.rglob("*") if p.is_file()):
        relative = path.relative_to(content).as_posix()
        if relative.startswith("templates/") and path.suffix == ".yml":
            continue  # read above as records
        if path.suffix == ".md":
            text, problem = read_text(path, root)
            if problem:
                loaded.problems.append(problem)
            else:
                loaded.pages.append(Page(path.relative_to(root).as_posix(), relative, text))
        elif path.stat().st_size <= MAX_FILE_BYTES:
            loaded.assets[relative] = path.read_bytes()
        else:
            loaded.problems.append(Problem(path.relative_to(root).as_posix(), 1, 1, "",
                                           "file is too large", f"the limit is {MAX_FILE_BYTES:,} bytes"))
