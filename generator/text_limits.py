"""Load stage: limits on what contributed text may hold, found before it is parsed.

Each limit closes a way for a pull request to crash or stall the build, or to publish
something that looks different from what a reviewer read:

* control characters (other than tab and line breaks) make the feed and other XML
  malformed; a lone surrogate cannot even be written out as UTF-8;
* bidirectional controls make text read differently from how it is stored (a title that
  shows one name and holds another);
* YAML nested hundreds of levels deep overflows the parser's stack (a segmentation fault
  in libyaml's composer, no message at all);
* an integer of thousands of digits is refused by Python's int() with an exception.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import yaml

MAX_YAML_DEPTH = 32  # the shipped files nest 6 levels at most
MAX_NUMBER_DIGITS = 30

# C0 controls but tab, LF and CR (line endings), DEL, C1 controls, lone surrogates, non-characters.
_RAW = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
# Embeddings, overrides and isolates: the characters of "Trojan Source" spoofing.
BIDI_CONTROLS = r"\u202a-\u202e\u2066-\u2069"
FORBIDDEN_IN_FILE = re.compile(f"[{_RAW}{BIDI_CONTROLS}]")
# In a parsed value a CR can only come from an escape ("\r"); YAML turns line breaks into LF.
FORBIDDEN_IN_VALUE = re.compile(f"[\r{_RAW}{BIDI_CONTROLS}]")
# Invisible characters that make two names look alike (not allowed in titles and names).
INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\u061c\u180e]")


def describe(char: str) -> str:
    """U+202E (RIGHT-TO-LEFT OVERRIDE): a character named so that an editor can find it."""
    name = unicodedata.name(char, "")
    if not name:
        name = {"\r": "CARRIAGE RETURN", "\x00": "NUL"}.get(char, "a control character")
    return f"U+{ord(char):04X} ({name})"


_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def character_hint(char: str) -> str:
    if _BIDI.match(char):
        return "remove it: it changes the direction text is shown in, so the page would not say what the file says"
    return "remove it: only tab and line breaks are allowed; in YAML, do not write it as an escape such as \\x01 or \\0"


def line_and_column(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _may_be_too_deep(text: str) -> bool:
    """Whether YAML text could nest deeper than MAX_YAML_DEPTH, told cheaply: brackets, plus two levels
    per column of leading `- `, `? ` and spaces (block nesting needs indentation)."""
    widest_allowed = (MAX_YAML_DEPTH - 2 - text.count("[") - text.count("{")) // 2
    if widest_allowed < 0:
        return True
    first_line, later_line = _prefix_wider_than(widest_allowed)
    return bool(first_line.match(text) or later_line.search(text))


@functools.cache
def _prefix_wider_than(columns: int) -> tuple[re.Pattern, re.Pattern]:
    # `\n...` rather than `^...` (MULTILINE): a literal start lets the regex engine skip ahead.
    return re.compile(f"[ \t?:-]{{{columns + 1}}}"), re.compile(f"\n[ \t?:-]{{{columns + 1}}}")


try:
    from yaml import CParser as _EventParser
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _EventParser  # type: ignore[assignment]


def too_deep(text: str) -> tuple[int, int] | None:
    """0-based (line, column) where YAML text first nests deeper than MAX_YAML_DEPTH, if it does.

    Reads events only (the parser keeps its own stack, so this cannot overflow), and only for
    text that could nest that deep at all.
    """
    if not _may_be_too_deep(text):
        return None
    parser = _EventParser(text)
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return event.start_mark.line, event.start_mark.column
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # a syntax error: the real parse reports it with its position
    finally:
        parser.dispose()
    return None
