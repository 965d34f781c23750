"""The quick count that lets most texts skip the Markdown parse must never let a text through that the
parse would refuse."""

from __future__ import annotations

import random

import cmarkgfm
import pytest

from generator import markdown_limits
from generator.markdown_limits import MAX_DEPTH, MAX_ELEMENTS, structure_problem

# Pieces of GitHub Markdown that open, close or pad elements, and plain words between them.
PIECES = ["> ", ">", "- ", "* ", "+ ", "1. ", "2) ", "10. ", "  ", "   ", "\t", "    ", "*", "**", "***", "_", "__",
          "~~", "~", "[", "](u)", "]", "[x]: /u\n", "[x]", "`", "```\n", "~~~\n", "<div>", "</div>", "<em>",
          "<https://a.example>", "www.example.org ", "a@b.example ", "| a ", "|", "|---|---|\n", "# ", "## ",
          "\n", "\n", "\n\n", "\n  \n", "word ", "word ", "x ", "![i](s) ", "&lt;", "---\n", "===\n", "- [ ] ",
          "\\*", "1.", ": ", "<", ">", "\n- ", "\n1. ", "\n   - ", "\n+ \n", "\n*\t\n"]


def parsed(text: str) -> tuple[int, int]:
    """Deepest nesting and number of elements, counted on cmark-gfm's HTML as the check counts them."""
    html = cmarkgfm.github_flavored_markdown_to_html(text, options=markdown_limits._OPTIONS)
    depth = deepest = elements = 0
    for match in markdown_limits._TAG.finditer(html):
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            depth = max(depth - 1, 0) if name not in markdown_limits._NOT_NESTING else depth
            continue
        elements += 1
        if name not in markdown_limits._NOT_NESTING and not attributes.endswith("/"):
            depth += 1
            deepest = max(deepest, depth)
    return deepest, elements


def test_the_quick_count_never_undercounts_random_markdown():
    rnd = random.Random(2026)
    for _ in range(3000):
        text = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 120)))
        depth, elements = parsed(text)
        assert markdown_limits._element_bound(text) >= elements, text
        for limit in range(MAX_DEPTH + 1):  # the tightest limit the quick count vouches for
            if markdown_limits._within_depth(text, limit):
                assert depth <= limit, text
                break


@pytest.mark.parametrize("text, what", [
    ("- " * (MAX_DEPTH + 1) + "x\n", "nests more than"),  # one line of bullets: a list in a list in a list...
    ("Intro.\n\n" + "1. " * (MAX_DEPTH + 1) + "x\n", "nests more than"),
    ("|" + "a|" * 60 + "\n|" + "-|" * 60 + "\n" + "x\n" * 100, f"makes more than {MAX_ELEMENTS:,} elements"),
    # An empty bullet cannot interrupt a paragraph: the emphasis runs on across it, nested deeper each time.
    ("x " + "*a\n+ \n" * (MAX_DEPTH + 5) + "b" + "\n+ \na*" * (MAX_DEPTH + 5), "nests more than"),
    ("x " + "*a\n*\t\n" * (MAX_DEPTH + 5) + "b" + "\n*\t\na*" * (MAX_DEPTH + 5), "nests more than"),
    ("- a " + "*b\n  + \n  " * (MAX_DEPTH + 5) + "c" + "*" * (MAX_DEPTH + 5), "nests more than"),
])
def test_texts_the_quick_count_once_missed_are_refused(text: str, what: str):
    # Every table row has as many cells as the header, even a row of one word without `|`.
    found = structure_problem(text)
    assert found is not None and what in found[1]


def test_an_ordinary_practice_body_is_fine():
    body = ("## Context\n\nThe network *meets monthly*; see [the report](https://example.org/r).\n\n"
            "| Step | Format |\n|---|---|\n| 1 | **Meeting** |\n\n"
            + "".join(f"{n}. **Step {n}** – what happens, *and why*.\n" for n in range(1, 9))
            + "\n- one\n  - two\n    - three\n")
    assert structure_problem(body) is None
