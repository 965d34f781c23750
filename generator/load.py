"""Stage 1, load: read every source file once into raw records that remember positions.

YAML is read safely and strictly: no aliases (no alias bombs), no duplicate keys,
no custom tags, and none of YAML 1.1's surprises (`country: NO` stays the text
"NO", `on`/`yes`/`off` stay text, dates stay text for the models to parse).
Every value keeps the line and column it came from, so later stages can point
an editor at the exact spot.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from . import text_limits, yaml_messages
from .content_assets import reencode_image
from .gc_pause import cycle_collector_paused
from .problems import Problem
from .source_files import SourceFile, find_sources, translation_of

MAX_FILE_BYTES = 1_000_000

Location = tuple[Any, ...]  # path into the data, e.g. ("members", 2, "ref")


class Position(NamedTuple):
    """Where a value stands in its file, counted from 1 (a named tuple: cheap to create by the million)."""

    line: int
    column: int


# Position(line, column) goes through NamedTuple's Python-level __new__; this skips it for the hot loop.
_new_position = partial(tuple.__new__, Position)


class Positions(dict):
    """Location -> Position of one parsed file, and whether any list in it holds a text or number twice
    (validate.py then looks for the duplicates; most files have none, and are not walked again).

    `duplicate_keys`: a key given twice in a mapping. The first value is kept and the file read on, so
    that its other mistakes are reported with it, all at once."""

    __slots__ = ("repeats", "duplicate_keys")

    def __init__(self) -> None:
        super().__init__()
        self.repeats = False
        self.duplicate_keys: list[YamlProblem] = []


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
class RawTranslation(RawRecord):
    """A translation file (issue 14): kind "translation", its text fields and body, and what it translates."""

    language: str = ""  # languages.TRANSLATIONS
    translates: str = ""  # kind of the original: practice, network or results
    original_id: str = ""


@dataclass
class Page:
    """A hand-written Markdown page from content/."""

    file: str
    path: str  # relative to content/
    text: str
    language: str = ""  # a translation's language: content/<name>.<language>.md translates content/<name>.md

    @property
    def original_path(self) -> str:
        """The path of the guide this page translates (its own path for an original)."""
        if not self.language:
            return self.path
        return self.path.removesuffix(f".{self.language}.md") + ".md"


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
_ScalarNode = yaml.ScalarNode  # looked up for every value

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
        if kind is _ScalarNode:
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

    Raises YamlProblem for syntax errors, aliases, duplicate keys, unknown tags, nesting deeper
    than text_limits.MAX_YAML_DEPTH, numbers too long or not finite, and control characters
    written as escapes.
    """
    if deep := text_limits.too_deep(text):
        raise YamlProblem(f"the YAML is nested more than {text_limits.MAX_YAML_DEPTH} levels deep",
                          deep[0] + 1 + line_offset, deep[1] + 1,
                          "records never need that many levels; check the brackets and indentation")
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
        explained = yaml_messages.explain(error, text, line_offset)
        raise YamlProblem(explained.message, explained.line, explained.column,
                          explained.hint) from None
    finally:
        loader.dispose()
    positions = Positions()
    if node is None:
        return None, positions
    positions[()] = _mark(node, line_offset)
    data = _build(node, (), positions, line_offset)
    if "\\" in text:  # only an escape (`"\x01"`, `"\u202e"`) puts such a character into a value
        _reject_escaped_characters(data, (), positions)
    return data, positions


def _reject_escaped_characters(value: Any, location: Location, positions: dict) -> None:
    if isinstance(value, str):
        texts = [value]
    elif isinstance(value, dict):
        texts = list(value)
        for key, item in value.items():
            _reject_escaped_characters(item, location + (key,), positions)
    elif isinstance(value, list):
        texts = []
        for index, item in enumerate(value):
            _reject_escaped_characters(item, location + (index,), positions)
    else:
        return
    for text in texts:
        if found := text_limits.FORBIDDEN_IN_VALUE.search(text):
            position = positions.get(location, Position(1, 1))
            char = found.group()
            raise YamlProblem(f"the text holds the character {text_limits.describe(char)}",
                              position.line, position.column, text_limits.character_hint(char), _dotted(location))


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
    if node.tag == _STR and node.__class__ is _ScalarNode:  # most values: skip the checks below
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
        if len(node.value) > text_limits.MAX_NUMBER_DIGITS:  # int() refuses thousands of digits
            position = _mark(node, offset)
            raise YamlProblem(f"the number has {len(node.value):,} digits", position.line, position.column,
                              "no field needs a number that long; put it in quotes if it is a code",
                              _dotted(location))
        return int(node.value)  # what SafeConstructor gives for such text, without its overhead
    # Rare explicit tags (`!!int 0x1F`, `!!bool yes`) and other scalar types: PyYAML's own rules.
    try:
        value = yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, KeyError, TypeError):  # e.g. `!!bool maybe`, `!!int abc`, `!!map x`
        position = _mark(node, offset)
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise YamlProblem(f"the value does not fit its tag {tag}", position.line, position.column,
                          "remove the !!tag and write the value plainly", _dotted(location)) from None
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 100:
        # `!!int 0xfff...` or `1:59:59:...` skip the digit count above; str() of them would fail later.
        position = _mark(node, offset)
        raise YamlProblem("the number is too large", position.line, position.column,
                          "no field needs a number that long", _dotted(location))
    if isinstance(value, float) and not math.isfinite(value):  # 1e999, !!float .nan: not valid JSON
        position = _mark(node, offset)
        raise YamlProblem("the number is not finite (too large, infinite or not a number)",
                          position.line, position.column, "write an ordinary number", _dotted(location))
    return value


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
            positions.duplicate_keys.append(YamlProblem(
                f"duplicate key '{key}'", position.line, position.column,
                f"first given on line {first.line}; keep one: until then the first is read", _dotted(key_location)))
            continue
        mark = key_node.start_mark  # a value is placed at its key
        positions[key_location] = _new_position((mark.line + 1 + offset, mark.column + 1))
        if value_node.tag == _STR and value_node.__class__ is _ScalarNode:  # most values: no call to _build
            result[key] = value_node.value
        else:
            result[key] = _build(value_node, key_location, positions, offset)
    return result


def _build_sequence(node: yaml.SequenceNode, location: Location, positions: Positions, offset: int) -> list:
    result = []
    for index, item_node in enumerate(node.value):
        item_location = location + (index,)
        mark = item_node.start_mark
        positions[item_location] = _new_position((mark.line + 1 + offset, mark.column + 1))
        if item_node.tag == _STR and item_node.__class__ is _ScalarNode:
            result.append(item_node.value)
        else:
            result.append(_build(item_node, item_location, positions, offset))
    if len(result) > 1 and not positions.repeats:  # the test validate.py's duplicate check makes
        scalars = [item for item in result if isinstance(item, (str, int, float))]
        positions.repeats = len(set(scalars)) != len(scalars)
    return result


# ---------------------------------------------------------------- files


# Line by line up to the closing `---`: a lazy `.*?` would try the closing line at every character.
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n((?:[^\n]*\n)*?)---[ \t]*\r?$\n?", re.MULTILINE)


def _relative(path: Path, root: Path) -> str:
    """The path below root with forward slashes, as Path.relative_to gives it, without its parsing
    (which was a tenth of the load stage at 10,000 practices)."""
    full, base = str(path), str(root)
    if full.startswith(base) and full[len(base):len(base) + 1] == os.sep:
        return full[len(base) + 1:].replace(os.sep, "/")
    return path.relative_to(root).as_posix()


def read_text(path: Path, root: Path) -> tuple[str | None, Problem | None]:
    """Read a file as UTF-8 text, or say why it cannot be used."""

    def cannot(line: int, message: str, hint: str) -> tuple[None, Problem]:
        return None, Problem(_relative(path, root), line, 1, "", message, hint)

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
    if found := text_limits.FORBIDDEN_IN_FILE.search(text):
        line, column = text_limits.line_and_column(text, found.start())
        char = found.group()
        message = f"the file holds the character {text_limits.describe(char)}"
        if char == "\x00":
            message += " (is this a binary file?)"
        return None, Problem(_relative(path, root), line, column, "", message,
                             text_limits.character_hint(char))
    return text, None


def _yaml_problem(relative: str, error: YamlProblem) -> Problem:
    return Problem(relative, error.line, error.column, error.field, error.message, error.hint)


def _read_yaml(path: Path, root: Path) -> tuple[Any, Positions | dict, list[Problem]]:
    """Text and YAML of one file, or the problem that stops it from being read."""
    text, problem = read_text(path, root)
    if problem:
        return None, {}, [problem]
    try:
        data, positions = parse_yaml(text)
    except YamlProblem as error:
        return None, {}, [_yaml_problem(_relative(path, root), error)]
    return data, positions, []


def _duplicate_keys(relative: str, positions: Positions | dict) -> list[Problem]:
    return [_yaml_problem(relative, problem) for problem in getattr(positions, "duplicate_keys", ())]


def load_yaml_file(path: Path, root: Path, kind: str, record_id: str) -> tuple[list[RawRecord], list[Problem]]:
    relative = _relative(path, root)
    data, positions, problems = _read_yaml(path, root)
    if problems:
        return [], problems
    if not isinstance(data, dict):
        return [], [Problem(relative, 1, 1, "", "expected a mapping of fields (name: value)",
                            "see `portal new` for a scaffold")]
    return [RawRecord(kind, record_id, relative, data, positions)], _duplicate_keys(relative, positions)


def load_registry_file(path: Path, root: Path, kind: str) -> tuple[list[RawRecord], list[Problem]]:
    """A registry file is a list of entries, each with its own id."""
    relative = _relative(path, root)
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
    return records, problems + _duplicate_keys(relative, positions)


def load_markdown_record(path: Path, root: Path, kind: str, record_id: str) -> tuple[list[RawRecord], list[Problem]]:
    """A practice: YAML front matter between `---` lines, then a Markdown body."""
    relative = _relative(path, root)
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
    return [RawRecord(kind, record_id, relative, data, positions, body, body_line)], _duplicate_keys(relative, positions)


def load(root: Path) -> Loaded:
    """Read every source file below `root`. Never raises for bad input: problems are collected."""
    with cycle_collector_paused():  # see gc_pause.py
        return _load_sources(Path(root))


def load_translation(path: Path, root: Path, kind: str, record_id: str) -> tuple[list[RawRecord], list[Problem]]:
    """A translation, read as its original is (front matter and body, or YAML); its name says what it translates."""
    relative = _relative(path, root)
    _, original_id, language, translates = translation_of(relative.split("/"))
    reader = load_markdown_record if translates == "practice" else load_yaml_file
    records, problems = reader(path, root, kind, record_id)
    translations = [RawTranslation(raw.kind, f"{translates}/{original_id}.{language}", raw.file, raw.data,
                                   raw.positions, raw.body, raw.body_line, language, translates, original_id)
                    for raw in records]
    return translations, problems


_RECORD_READERS = {
    "practice": load_markdown_record, "network": load_yaml_file, "results": load_yaml_file,
    "portfolio": load_yaml_file, "template": load_yaml_file, "translation": load_translation,
}


def _load_sources(root: Path) -> Loaded:
    loaded = Loaded()
    sources, loaded.problems = find_sources(root)
    for source in sources:
        if source.kind in _RECORD_READERS:
            records, problems = _RECORD_READERS[source.kind](source.path, root, source.kind, source.record_id)
        elif source.kind in ("municipality", "organisation", "theme"):
            records, problems = load_registry_file(source.path, root, source.kind)
        else:
            records, problems = [], _load_content_file(source, root, loaded)
        loaded.records.extend(records)
        loaded.problems.extend(problems)
    return loaded


def _load_content_file(source: SourceFile, root: Path, loaded: Loaded) -> list[Problem]:
    """A guide page, or an image that is published only once it has been re-encoded."""
    relative = source.path.relative_to(root / "content").as_posix()
    if source.kind == "page":
        text, problem = read_text(source.path, root)
        if text is not None:
            loaded.pages.append(Page(source.relative, relative, text, source.language))
        return [problem] if problem else []
    size = source.path.stat().st_size
    if size > MAX_FILE_BYTES:
        return [Problem(source.relative, 1, 1, "", f"file is too large ({size:,} bytes)",
                        f"the limit is {MAX_FILE_BYTES:,} bytes")]
    image, problem = reencode_image(source.relative, source.path.read_bytes())
    if image is not None:
        loaded.assets[relative] = image
    return [problem] if problem else []
