"""PyYAML's syntax errors in words an editor understands, at the spot to fix.

PyYAML says "mapping values are not allowed here" or "could not find expected ':'", at the
place where its parser gave up, which is often the line after the mistake. Editors are
municipal staff, not programmers: each common error is named by what they typed (a tab,
a colon inside a value, a quote or bracket left open, a line out of line) and pointed at
where they typed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

QUOTE_HINT = 'put the whole value in quotes: "..."'
_INDENT_HINT = "indent with spaces only, each field exactly as far as the other fields it belongs with"


@dataclass(frozen=True)
class Explained:
    message: str
    hint: str
    line: int  # counted from 1 in the text that was parsed
    column: int


def explain(error: yaml.MarkedYAMLError, text: str, line_offset: int = 0) -> Explained:
    """What went wrong, in plain words, and where (line and column in the file, from 1).

    `line_offset`: lines of the file before `text` (a practice's opening `---`).
    """
    problem_mark = error.problem_mark or error.context_mark
    at = (problem_mark.line, problem_mark.column) if problem_mark else (0, 0)
    opened = (error.context_mark.line, error.context_mark.column) if error.context_mark else at
    lines = text.splitlines() or [""]
    found = _explained(error, lines, at, opened, line_offset)
    return Explained(found.message, found.hint, found.line + line_offset, found.column)


def _explained(error: yaml.MarkedYAMLError, lines: list[str], at, opened, line_offset: int) -> Explained:
    if tab := _tab_in_indentation(lines, at[0]):
        line = tab[0] + 1 + line_offset
        return Explained(f"a tab character at line {line}, column {tab[1] + 1}: indent with spaces",
                         "YAML does not allow tabs for indentation; replace the tab with spaces",
                         tab[0] + 1, tab[1] + 1)
    problem = (error.problem or "").lower()
    context = (error.context or "").lower()
    for explainer in _EXPLAINERS:
        if found := explainer(problem, context, lines, at, opened, line_offset):
            return found
    return Explained(f"the file cannot be read as YAML here ({(error.problem or str(error)).strip()})",
                     "check the indentation, the colons and the quotes on this line and the one above",
                     at[0] + 1, at[1] + 1)


def _tab_in_indentation(lines: list[str], last_line: int) -> tuple[int, int] | None:
    """The first tab in the leading whitespace of a line up to the one where the parser stopped."""
    for number, line in enumerate(lines[: last_line + 1]):
        indentation = re.match(r"[ \t]*", line).group()
        if "\t" in indentation and line.strip():
            return number, indentation.index("\t")
    return None


def _char(lines: list[str], at: tuple[int, int]) -> str:
    line = lines[at[0]] if at[0] < len(lines) else ""
    return line[at[1]] if at[1] < len(line) else ""


def _key_of(line: str) -> str:
    match = re.match(r"\s*(?:-\s+)?([^:#\s][^:#]*?)\s*:(?:\s|$)", line)
    return match.group(1) if match else ""


def _quote_hint(line: str, start: int) -> str:
    """`put the whole value in quotes: "Pupils: write"`, with the editor's own value if it is short."""
    value = line[start:].strip()
    if not value or len(value) > 60 or '"' in value:
        return QUOTE_HINT
    return f'put the whole value in quotes: "{value}"'


def _colon_in_value(problem, context, lines, at, opened, offset) -> Explained | None:
    if "mapping values are not allowed" not in problem:
        return None
    line = lines[at[0]] if at[0] < len(lines) else ""
    before = line[: at[1]]
    if re.search(r":\s", before):  # `key: text: more`: the value holds a colon and a space
        value_start = re.search(r":\s", line).end()
        return Explained("the value holds ': ', which YAML reads as the start of another field",
                         _quote_hint(line, value_start), at[0] + 1, at[1] + 1)
    key = _key_of(line) or before.strip()
    return Explained(f"`{key}:` is indented more than the line above",
                     f"line `{key}:` up with the fields above it; {_INDENT_HINT}",
                     at[0] + 1, len(line) - len(line.lstrip()) + 1)


def _no_colon(problem, context, lines, at, opened, offset) -> Explained | None:
    if "could not find expected ':'" not in problem:
        return None
    return Explained("this line has no ':' after a field name",
                     "write `name: value`; a text that goes on over several lines must be indented under "
                     "its field, or written after `name: |`", opened[0] + 1, opened[1] + 1)


_CLOSERS = {"]": ("list", "["), "}": ("group of fields", "{")}


def _unclosed_bracket(problem, context, lines, at, opened, offset) -> Explained | None:
    if "flow" not in context:
        return None
    closer = "]" if "sequence" in context else "}"
    what, opener = _CLOSERS[closer]
    return Explained(f"the {what} opened with '{opener}' here is not closed with '{closer}'",
                     f"end it with '{closer}' and separate its items with commas; if the '{opener}' belongs to "
                     "a text, put the whole value in quotes", opened[0] + 1, opened[1] + 1)


def _unclosed_quote(problem, context, lines, at, opened, offset) -> Explained | None:
    if "quoted scalar" not in context or "end of stream" not in problem and "document" not in problem:
        return None
    quote = _char(lines, opened) or "'"
    return Explained(f"the quote {quote} opened here is never closed",
                     f"end the text with {quote}; to write {quote} inside it, "
                     + ("double it ('')" if quote == "'" else "write \\\" or use single quotes"),
                     opened[0] + 1, opened[1] + 1)


def _bad_escape(problem, context, lines, at, opened, offset) -> Explained | None:
    if "unknown escape character" not in problem:
        return None
    return Explained("a backslash (\\) in double quotes starts an escape, and this one is not a known escape",
                     "write \\\\ for a backslash, or put the text in single quotes instead", at[0] + 1, at[1] + 1)


def _cannot_start(problem, context, lines, at, opened, offset) -> Explained | None:
    if "cannot start any token" not in problem:
        return None
    char = _char(lines, at)
    return Explained(f"a value cannot start with {char}" if char else "a value cannot start with this character",
                     _quote_hint(lines[at[0]] if at[0] < len(lines) else "", at[1]), at[0] + 1, at[1] + 1)


def _second_document(problem, context, lines, at, opened, offset) -> Explained | None:
    if "single document" not in context:
        return None
    return Explained("a line '---' here starts a second document; a file holds one",
                     "remove the line '---'; in a practice, the fields end at the second '---' line",
                     at[0] + 1, at[1] + 1)


def _opened_on_earlier_line(lines: list[str], number: int, closing: int, quote: str) -> tuple[int, int] | None:
    """Where a quote that closes at (number, closing) was opened, if on an earlier line.

    A quoted text may go on over lines, so a quote left open runs on to the next quote in the file.
    Doubled quotes ('') keep the count even, so an odd count marks the line that opened it.
    """
    if lines[number][:closing].count(quote) % 2 == 1:
        return None  # opened on this line
    for earlier in range(number - 1, -1, -1):
        if lines[earlier].count(quote) % 2 == 1:
            return earlier, lines[earlier].rindex(quote)
    return None


def _out_of_line(problem, context, lines, at, opened, offset) -> Explained | None:
    """`did not find expected key` and kin: something on a line where a field name should start."""
    if not ("expected key" in problem or "block end" in problem or "'-' indicator" in problem):
        return None
    line = lines[at[0]] if at[0] < len(lines) else ""
    before = line[: at[1]].rstrip()
    if before and before[-1] in "'\"]}":  # `summary: 'Pupils' write`, `themes: [a] b`
        closed = before[-1]
        if closed in "'\"" and (opening := _opened_on_earlier_line(lines, at[0], len(before) - 1, closed)):
            return Explained(f"the quote {closed} opened here is closed only on line {at[0] + 1 + offset}",
                             f"end the text on this line with {closed}, or put the whole value in quotes",
                             opening[0] + 1, opening[1] + 1)
        colon = re.search(r":\s", line)
        hint = (_quote_hint(line, colon.end() if colon else 0) if closed in "'\""
                else "move the text into a field of its own, or put the whole value in quotes")
        if closed == "'":
            hint += "; a ' inside a text in single quotes is written twice ('')"
        return Explained(f"text follows the closing {closed}", hint, at[0] + 1, at[1] + 1)
    if _char(lines, at) == "-":
        return Explained("a list item ('- ') where a field (name: value) is expected",
                         "indent the list items under the field they belong to", at[0] + 1, at[1] + 1)
    key = _key_of(line)
    subject = f"`{key}:`" if key else "this line"
    return Explained(f"{subject} is not lined up with the fields above it", _INDENT_HINT,
                     at[0] + 1, len(line) - len(line.lstrip()) + 1)


_EXPLAINERS = [_colon_in_value, _no_colon, _unclosed_bracket, _unclosed_quote, _bad_escape, _cannot_start,
               _second_document, _out_of_line]
