"""Validate stage: how deeply contributed Markdown may nest, and how many elements it may make.

Block quotes inside block quotes, lists inside lists and raw HTML elements inside each
other make the HTML sanitiser, MkDocs and the search indexer slow down faster than the
text grows: a 300 kB practice of nested quotes took over ten minutes to build. And a
megabyte of `>>>>>>>> x` lines, each nested within the limit, still turns into 20 MB of
HTML. No real text nests more than a few levels or needs thousands of elements (the
shipped guides have about a hundred), so `portal check` refuses both, at the line where
the limit is passed, before anything is rendered.

The depth is measured on cmark-gfm's HTML of the text (the same parser the pages use),
so Markdown containers, emphasis and the contributor's raw HTML all count.
"""

from __future__ import annotations

import functools
import re

import cmarkgfm
from cmarkgfm.cmark import Options

MAX_DEPTH = 16  # elements inside each other; the shipped texts reach 6
MAX_ELEMENTS = 5_000  # in one text: a long report; the shipped texts have at most 125
MAX_CHARACTERS = 200_000  # in one text: about 60 printed pages; the shipped texts have at most 9,000
ALWAYS_PARSE = 20_000  # longer texts are parsed whatever the quick count says (not every element needs `<*_[`)

_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES | Options.CMARK_OPT_SOURCEPOS
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_SOURCEPOS = re.compile(r'data-sourcepos="(\d+):')
# Elements that never hold others, or whose end tag HTML lets the writer leave out.
_NOT_NESTING = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
                "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "rp", "rt"}
# Where one block ends and the next starts: a blank line, or a bullet with text (which starts a list item
# even in the middle of a paragraph; an empty one, an ordered item other than 1. or a deeper-indented
# bullet may continue it, and emphasis runs on across them).
_BLOCK_BREAK = re.compile(r"\n(?:[ \t]*\n| {0,3}[-+*][ \t](?=[ \t]*[^ \t\n]))")
_BREAK = "\x00"  # stands for a block break while counting (the load stage refuses it in any text)
# No inline element nests without these: emphasis and strikethrough take a delimiter on each side of
# what they hold (so at most half of them are open at any point), a link its `[`.
_NOT_INLINE = bytes(range(256)).translate(None, b"*_~[" + _BREAK.encode())
# Characters that may each open an element, and those of list markers and sentences, which may open two.
_NOT_MARKED = bytes(range(256)).translate(None, b"<>*_~[|`@:")
_NOT_MARKER = bytes(range(256)).translate(None, b"-+.)*")
# Elements that need none of the characters counted: the leaf block (heading, table or pre) and one
# innermost code span or autolink.
_LEAVES = 2
_PREFIX = "[ \t>*+\\-0-9.)]"  # what opens containers at a line's start: quotes, list markers, indentation
_ALL_PREFIXES = re.compile(f"^{_PREFIX}+", re.MULTILINE)


def structure_problem(text: str) -> tuple[int, str] | None:
    """(line, what is wrong) where the text first nests deeper than MAX_DEPTH or makes more than
    MAX_ELEMENTS elements, counted from the text's first line."""
    if len(text) > MAX_CHARACTERS:
        return 1, f"is {len(text):,} characters long, more than {MAX_CHARACTERS:,}"
    # Texts that neither limit can be reached in skip the parse (most texts).
    if len(text) <= ALWAYS_PARSE and _within_depth(text) and _element_bound(text) <= MAX_ELEMENTS:
        return None
    rendered = cmarkgfm.github_flavored_markdown_to_html(text, options=_OPTIONS)
    depth, elements, line = 0, 0, 1
    for match in _TAG.finditer(rendered):
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        position = None if closing else _SOURCEPOS.search(attributes)
        if position:
            line = int(position.group(1))
        if closing:
            if name not in _NOT_NESTING:
                depth = max(depth - 1, 0)  # a stray end tag must not hide what follows
            continue
        elements += 1
        if elements > MAX_ELEMENTS:
            return _line(text, match.group(0), line, position), \
                f"makes more than {MAX_ELEMENTS:,} elements (paragraphs, list items, table cells, links, HTML elements)"
        if name in _NOT_NESTING or attributes.endswith("/"):
            continue
        depth += 1
        if depth > MAX_DEPTH:
            return _line(text, match.group(0), line, position), \
                f"nests more than {MAX_DEPTH} levels deep (quotes in quotes, lists in lists, HTML elements in each other)"
    return None


def _line(text: str, tag: str, line: int, position: re.Match | None) -> int:
    # The contributor's own HTML carries no position: find the tag in the text.
    return line if position else _line_of(text, tag, line)


def _line_of(text: str, tag: str, after_line: int) -> int:
    start = 0
    for _ in range(after_line - 1):
        start = text.find("\n", start) + 1
    found = text.find(tag, start)
    return text.count("\n", 0, found) + 1 if found >= 0 else after_line


def _within_depth(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether the text surely nests no deeper than `limit`, told without parsing it.

    Containers are opened at a line's start, one level at most per column of its prefix (a tab is four),
    and contain a paragraph's first line; inline elements cannot cross a block break, so each block's
    delimiters count apart; raw HTML can span blocks, so every `<` counts. A footnote's text starts
    after `[^1]: `, where no prefix is read: such texts count every opener of the whole text, and the
    notes' own section, list and back links.
    """
    if "[^" in text:
        inline = sum(map(text.count, "*_~[>")) + text.count("\n") + 4
    else:
        marked = _BLOCK_BREAK.sub(_BREAK, text).encode().translate(None, _NOT_INLINE)
        inline = max((len(block) + block.count(b"[")) // 2 for block in marked.split(_BREAK.encode()))
    budget = limit - inline - text.count("<") - _LEAVES  # left for containers
    if budget < 0:
        return False
    if "\t" in text:
        widths = [len(prefix) + 3 * prefix.count("\t") for prefix in _ALL_PREFIXES.findall(text)]
        return max(widths, default=0) <= budget
    first_line, later_line = _prefix_wider_than(budget)
    return not (first_line.match(text) or later_line.search(text))


@functools.cache
def _prefix_wider_than(columns: int) -> tuple[re.Pattern, re.Pattern]:
    # `\n...` rather than `^...` (MULTILINE): a literal start lets the regex engine skip ahead.
    return re.compile(f"{_PREFIX}{{{columns + 1},}}"), re.compile(f"\\n{_PREFIX}{{{columns + 1},}}")


def _element_bound(text: str) -> int:
    """How many elements the text can make at most: each marked character and line can open one, each
    character of a list marker or sentence end two, and a table row has as many cells as
    its header (rows without `|` are padded)."""
    encoded = text.encode()
    lines = text.count("\n") + 1
    cells = (text.count("|") + 1) * lines if "|" in text else 0
    return len(encoded.translate(None, _NOT_MARKED)) + 2 * len(encoded.translate(None, _NOT_MARKER)) \
        + 2 * lines + cells
