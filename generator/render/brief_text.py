"""A brief's texts: contributor Markdown reduced to its words, and cut to a length budget at a sentence.

A text may be `Worded`: it knows the stretches of it that are in another language than the brief's,
and keeps them through folding, cutting and escaping, so that the page puts each in a `<span lang>`.
briefs.py decides what goes on the sheet and each section's budget; this module only cuts.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import nh3
from markupsafe import Markup

from . import safe

class Worded(str):
    """A brief's text with the stretches of it in another language than the brief's: (start, end, language)."""

    spans: tuple[tuple[int, int, str], ...] = ()


def worded(*parts: "str | tuple[str, str | None]") -> str:
    """The parts joined, each our text or (a record's text, its language where that is not the brief's, else None);
    a part that is a Worded text keeps its stretches."""
    text, spans, length = [], [], 0
    for part in parts:
        piece, language = part if isinstance(part, tuple) else (part, None)
        if language and piece:
            spans.append((length, length + len(piece), language))
        spans += [(length + start, length + end, inner) for start, end, inner in getattr(piece, "spans", ())]
        text.append(str.__str__(piece))
        length += len(piece)
    return _with_spans("".join(text), spans) if spans else "".join(text)


def _with_spans(text: str, spans) -> str:
    spans = tuple((start, end, language) for start, end, language in spans if end > start)
    if not spans:
        return text
    marked = Worded(text)
    marked.spans = spans
    return marked


def _normalized(text: str) -> str:
    """The text with its whitespace folded to single spaces, keeping where its stretches in another language are."""
    spans = getattr(text, "spans", ())
    if not spans:
        return safe.one_line(text)  # a figure's no-break space kept
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    starts, position = [], 0
    for start, end in tokens:
        starts.append(position)
        position += end - start + 1

    def moved(offset: int, is_end: bool) -> int:
        for (start, end), new in zip(tokens, starts):
            if is_end and offset <= start:
                return max(new - 1, 0)  # before this token: after the one before it
            if start <= offset <= end if is_end else offset < end:
                return new + max(offset - start, 0)
        return max(position - 1, 0)

    return _with_spans(" ".join(text[start:end] for start, end in tokens),
                       [(moved(start, False), moved(end, True), language) for start, end, language in spans])


def _clipped(text: str, length: int, tail: str = "") -> str:
    """text[:length] + tail, keeping its stretches in another language."""
    spans = getattr(text, "spans", ())
    head = str.__str__(text)[:length] + tail
    if not spans:
        return head
    return _with_spans(head, [(start, min(end, length), language) for start, end, language in spans if start < length])


def brief_html(text: str) -> Markup:
    """A brief's text escaped for HTML, each stretch in another language in a <span lang>."""
    spans = getattr(text, "spans", ())
    if not spans:
        return Markup(safe.attr(text))
    parts, at = [], 0
    plain = str.__str__(text)  # already folded to single spaces (cut): the spaces around a stretch are kept
    for start, end, language in spans:
        parts.append(html.escape(plain[at:start], quote=True))
        parts.append(f'<span lang="{safe.attr(language)}">{html.escape(plain[start:end], quote=True)}</span>')
        at = end
    parts.append(html.escape(plain[at:], quote=True))
    return Markup("".join(parts))


@dataclass
class Section:
    text: str
    cut: bool = False


# ---------------------------------------------------------------- cutting

def cut(text: str, budget: int) -> Section:
    """The text whole if it is within budget, else up to its last full sentence that fits, ending '…'."""
    text = _normalized(text)
    if len(text) <= budget:
        return Section(text)
    head = str.__str__(text)[:budget]
    ends = [m.end() for m in re.finditer(r"[.!?][\"')\]»”]?(?=\s)", head)]
    if ends and ends[-1] >= budget // 3:
        return Section(_clipped(text, ends[-1], " …"), True)
    space = head.rfind(" ")
    kept = head[:space] if space > budget // 2 else head
    return Section(_clipped(text, len(kept.rstrip(",;:– ")), " …"), True)


_HEADING_ELEMENT = re.compile(r"<(h[1-6])\b.*?</\1>", re.S)
_BLOCK_END = re.compile(r"</(p|li|blockquote|tr)>")
_ANY_TAG = re.compile(r"<[^>]*>")  # exact on nh3's output without attributes: it writes text's < and > as &lt; &gt;


def plain_text(markdown: str) -> str:
    """A contributor's Markdown reduced to its words: sanitised HTML without any tag, entities decoded.

    nh3 cleans any raw HTML with the pages' allowed tags (the content of a script or style goes) but
    keeps no attribute, as none is printed: that spares the pages' attribute filter, a Python call
    for each. Markdown without a '<' has no raw HTML to clean.
    """
    cleaned = safe.gfm_to_html(markdown)
    if "<" in markdown:  # raw HTML: without it, cmark writes only its own tags and escapes the text's < > &
        cleaned = nh3.clean(cleaned, tags=safe.ALLOWED_TAGS, attributes={}, strip_comments=True)
    cleaned = _HEADING_ELEMENT.sub(" ", cleaned)  # headings are not sentences
    cleaned = _BLOCK_END.sub(" ", cleaned)
    return safe.one_line(html.unescape(_ANY_TAG.sub("", cleaned)))


def body_sections(body: str) -> list[tuple[str, str]]:
    """A description's '## ' sections as (heading, its Markdown); text before the first heading has heading ''."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in body.splitlines():
        match = _HEADING_LINE.match(line)
        if match:
            sections.append((match.group(1), []))
        else:
            sections[-1][1].append(line)
    return [(heading, "\n".join(lines)) for heading, lines in sections if "".join(lines).strip()]


_HEADING_LINE = re.compile(r"#{1,3}\s+(.*?)\s*#*\s*$")


def plain_within(sections: list[tuple[str, str]], budget: int) -> str:
    """The sections' plain text joined, converted only until it is longer than budget: cut() reads no further."""
    texts, length = [], -1
    for _, markdown in sections:
        if length > budget:
            break
        texts.append(plain_text(markdown))
        if texts[-1]:  # as cut() counts: an empty text adds no space
            length += len(texts[-1]) + 1
    return " ".join(texts)
