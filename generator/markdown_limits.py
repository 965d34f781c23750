"""Validate stage: how deeply contributed Markdown may nest.

Block quotes inside block quotes, lists inside lists and raw HTML elements inside each
other make the HTML sanitiser, MkDocs and the search indexer slow down faster than the
text grows: a 300 kB practice of nested quotes took over ten minutes to build. No real
text nests more than a few levels, so `portal check` refuses deeper nesting, at its line,
before anything is rendered.

The depth is measured on cmark-gfm's HTML of the text (the same parser the pages use),
so Markdown containers, emphasis and the contributor's raw HTML all count.
"""

from __future__ import annotations

import re

import cmarkgfm
from cmarkgfm.cmark import Options

MAX_DEPTH = 24  # elements inside each other; the shipped texts reach 6

_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES | Options.CMARK_OPT_SOURCEPOS
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_SOURCEPOS = re.compile(r'data-sourcepos="(\d+):')
# Elements that never hold others, or whose end tag HTML lets the writer leave out.
_NOT_NESTING = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
                "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "rp", "rt"}
# Characters without which text cannot nest at all (containers, emphasis, links, HTML).
_NESTING_CHARS = re.compile(r"[<>*_~\[]|^[ \t]*(?:[-+]|\d+[.)])[ \t]", re.MULTILINE)


def nesting_problem(text: str) -> tuple[int, int] | None:
    """(line, depth) of the first element nested deeper than MAX_DEPTH, counted from the text's first line."""
    if len(_NESTING_CHARS.findall(text, 0, len(text))) <= MAX_DEPTH:
        return None  # cannot nest that deep: skip the parse (most texts)
    rendered = cmarkgfm.github_flavored_markdown_to_html(text, options=_OPTIONS)
    depth, line = 0, 1
    for match in _TAG.finditer(rendered):
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        position = None if closing else _SOURCEPOS.search(attributes)
        if position:
            line = int(position.group(1))
        if name in _NOT_NESTING or attributes.endswith("/"):
            continue
        if closing:
            depth = max(depth - 1, 0)  # a stray end tag must not hide what follows
            continue
        depth += 1
        if depth > MAX_DEPTH:
            # The contributor's own HTML carries no position: find the tag in the text.
            return (line if position else _line_of(text, match.group(0), line)), depth
    return None


def _line_of(text: str, tag: str, after_line: int) -> int:
    start = 0
    for _ in range(after_line - 1):
        start = text.find("\n", start) + 1
    found = text.find(tag, start)
    return text.count("\n", 0, found) + 1 if found >= 0 else after_line
