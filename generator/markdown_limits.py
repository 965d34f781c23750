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
# Characters without which text cannot nest at all (containers, emphasis, links, HTML).
_NESTING_CHARS = re.compile(r"[<>*_~\[]|^[ \t]*(?:[-+]|\d+[.)])[ \t]", re.MULTILINE)


def structure_problem(text: str) -> tuple[int, str] | None:
    """(line, what is wrong) where the text first nests deeper than MAX_DEPTH or makes more than
    MAX_ELEMENTS elements, counted from the text's first line."""
    if len(text) > MAX_CHARACTERS:
        return 1, f"is {len(text):,} characters long, more than {MAX_CHARACTERS:,}"
    nesting = len(_NESTING_CHARS.findall(text))
    # Short texts that neither limit can be reached in skip the parse (most texts).
    if len(text) <= ALWAYS_PARSE and nesting <= MAX_DEPTH and nesting + text.count("|") + 2 * text.count("\n") + \
            text.count("`") + text.count("@") + text.count(":") <= MAX_ELEMENTS:
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
