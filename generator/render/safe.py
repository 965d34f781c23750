"""Making contributor text safe for the context it lands in.

Contributions arrive as pull requests from people we do not know. Two rules:

* Free Markdown is turned into HTML here, then cleaned with nh3's allow-list, so
  no script, event handler, iframe or `javascript:` link survives. Top-level
  headings go back to Markdown so that MkDocs still builds each page's table of
  contents. All of it (practice bodies, descriptions, template instructions and
  the guides in content/) is GitHub-flavoured Markdown, converted by cmark-gfm,
  GitHub's own parser: the preview GitHub shows in a pull request is what the
  portal shows, and a C parser takes time in proportion to the text (Python-Markdown,
  once used for guides, took minutes over a few kilobytes of `[[[[` and overflowed
  its stack on nested admonitions). GitHub alerts (`> [!NOTE]`, with an optional
  title after the marker) become admonitions.
* Plain text fields (titles, summaries, list items) are escaped for where they
  land: Markdown text, a table cell or an HTML attribute. They never become
  markup, links or template code.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options
from pygments.token import STANDARD_TYPES

# Extensions applied to guides; the site's mkdocs.yml enables the same.

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id", "class"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "div": {"class"},
    "p": {"class"},
    "span": {"class"},
    "code": {"class"},
    "pre": {"lang"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "li": {"id"},
    "sup": {"id", "class"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# Class values that the two Markdown converters write, per tag; any other class (such as the
# theme's md-dialog--active, which draws a fake site message, or portal-edit) is dropped, so
# contributed text cannot dress up as the site. Admonitions from GitHub alerts are built after
# cleaning and need no entry here; these are the guides' `!!! note` blocks.
ADMONITION_TYPES = {"note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success",
                    "check", "done", "question", "help", "faq", "warning", "caution", "attention", "failure",
                    "fail", "missing", "danger", "error", "bug", "example", "quote", "cite"}
# Pygments' token classes, for the guides' highlighted code blocks.
_PYGMENTS_CLASSES = set(STANDARD_TYPES.values()) - {""}
ALLOWED_CLASSES = {
    "a": {"footnote-ref", "footnote-backref"},
    "div": {"admonition", "highlight", "footnote", *ADMONITION_TYPES},
    "p": {"admonition-title"},
    "span": _PYGMENTS_CLASSES,
    "sup": {"footnote-ref"},
    "code": set(),
}
_CODE_LANGUAGE = re.compile(r"^language-[a-z0-9+#_-]{1,40}$")

_LOCAL_MARKDOWN_LINK = re.compile(r"^(?![a-z][a-z0-9+.-]*:|/|#)([^?#]*)\.md(#.*)?$", re.IGNORECASE)
# Ids only for footnotes (both parsers' forms: fn:1, fnref:1, fn-1, fnref-1): any other id
# could clash with the page's own.
_FOOTNOTE_ID = re.compile(r"^fn(?:ref)?[-:][\w-]+$")


def _allowed_classes(tag: str, value: str) -> str | None:
    allowed = ALLOWED_CLASSES.get(tag, set())
    kept = [name for name in value.split() if name in allowed or (tag == "code" and _CODE_LANGUAGE.match(name))]
    return " ".join(kept) or None


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if _FOOTNOTE_ID.match(value) else None
    if attribute == "class":
        return _allowed_classes(tag, value)
    if tag == "img" and attribute == "src":
        # The policy lets pages load images from the site only: an image from elsewhere
        # would only be blocked (and would tell its host who reads the page).
        return value if _is_relative(value) else None
    if tag == "a" and attribute == "href":
        # MkDocs rewrites `page.md` links only in Markdown; these are HTML already, so do it here.
        match = _LOCAL_MARKDOWN_LINK.match(value)
        if match:
            return f"{match.group(1)}.html{match.group(2) or ''}"
    return value


def clean_html(fragment: str) -> str:
    """Allow-list sanitising of an HTML fragment."""
    return nh3.clean(
        fragment,
        attribute_filter=_filter_attribute,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
    )


# ---------------------------------------------------------------- Markdown to HTML

# UNSAFE keeps the contributor's raw HTML for nh3 to clean (rather than dropping it),
# as GitHub's preview shows what it allows.
_GFM_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
# cmarkgfm writes a fence's info as <pre lang="text">, which is no language (axe: valid-lang):
# write it as the class the theme and other parsers use, <code class="language-text">.
_PRE_LANG = re.compile(r'<pre lang="([^"]*)"><code>')
# cmark-gfm writes task list boxes as <input>, which the allow-list drops: keep them as characters.
_TASK_BOX = re.compile(r'<input type="checkbox"( checked="")? disabled="" />')


def gfm_to_html(text: str) -> str:
    """GitHub-flavoured Markdown (record text) to unsanitised HTML."""
    rendered = cmarkgfm.github_flavored_markdown_to_html(text, options=_GFM_OPTIONS)
    rendered = _PRE_LANG.sub(lambda m: f'<pre><code class="language-{m.group(1)}">', rendered)
    return _TASK_BOX.sub(lambda m: "☑" if m.group(1) else "☐", rendered)


def markdown_to_safe_html(text: str) -> str:
    return clean_html(gfm_to_html(text))


# ---------------------------------------------------------------- back to page Markdown

# A tag in nh3's output, which escapes `<` and `>` both in text and in attribute values
# (as &lt; and &gt;) and writes no self-closing tags.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
_VOID = {"br", "hr", "img", "wbr"}
_HEADING_TAG = re.compile(r"h[1-6]")
# The portal also reads a title after the marker (`> [!TIP] Before you start`); GitHub shows it as text.
_ALERT = re.compile(r"\A\s*<p>\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*([^\n<]*)\s*")
# GitHub's five alerts as Material admonitions: (class, title).
ALERTS = {"NOTE": ("note", "Note"), "TIP": ("tip", "Tip"), "IMPORTANT": ("info", "Important"),
          "WARNING": ("warning", "Warning"), "CAUTION": ("danger", "Caution")}


def _top_level_elements(fragment: str):
    """(start, end, tag, inner) of each element at the top level of balanced HTML (nh3's output is)."""
    depth, start, inner_start, opened = 0, 0, 0, ""
    for match in _TAG.finditer(fragment):
        closing, name = match.group(1), match.group(2).lower()
        if name in _VOID:
            continue
        if closing:
            depth -= 1
            if depth == 0:
                yield start, match.end(), opened, fragment[inner_start:match.start()]
        else:
            if depth == 0:
                start, inner_start, opened = match.start(), match.end(), name
            depth += 1


def _heading_text(inner_html: str) -> str:
    return html.unescape(_TAG.sub("", inner_html))


def _alert(inner_html: str) -> str | None:
    """A top-level blockquote that starts with GitHub's `[!NOTE]` marker, as an admonition."""
    match = _ALERT.match(inner_html)
    if not match:
        return None
    css_class, title = ALERTS[match.group(1)]
    title = match.group(2).strip() or title  # already escaped: nh3 wrote it
    rest = "<p>" + inner_html[match.end():]
    rest = re.sub(r"\A<p></p>\s*", "", rest)
    return f'<div class="admonition {css_class}">\n<p class="admonition-title">{title}</p>\n{rest.strip()}\n</div>'


def safe_markdown(text: str, min_heading: int = 2) -> str:
    """Contributor Markdown as page Markdown: top-level headings kept, everything else safe HTML.

    Headings are demoted to at least `min_heading` so that the page title stays the
    only level-1 heading.
    """
    cleaned = markdown_to_safe_html(text)
    sections: list[str] = []
    chunk: list[str] = []

    def flush() -> None:
        body = "".join(chunk).strip()
        chunk.clear()
        if body:
            sections.append(f'<div class="contributed" markdown="0">\n{body}\n</div>')

    position = 0
    for start, end, tag, inner in _top_level_elements(cleaned):
        chunk.append(cleaned[position:start])
        element = cleaned[start:end]
        if _HEADING_TAG.fullmatch(tag):
            flush()
            title = md_text(_heading_text(inner))
            if title:
                sections.append("#" * max(int(tag[1]), min_heading) + " " + title)
        elif tag == "blockquote" and (admonition := _alert(inner)):
            chunk.append(admonition)
        else:
            chunk.append(element)
        position = end
    chunk.append(cleaned[position:])
    flush()
    return "\n\n".join(sections) + "\n" if sections else ""


# Replacements for a Markdown text context, in this order: the backslash first (the others add
# backslashes), `&` before the entities that contain it. HTML's own characters become entities;
# each character that Markdown (with the tables and attr_list extensions) treats as syntax gets a
# backslash. A chain of str.replace, each only when its character occurs, is about three times
# as fast as one str.translate with a dict (about 45 values per practice page).
_MARKDOWN_ESCAPES = [("\\", "\\\\"), ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"),
                     *((char, "\\" + char) for char in "`*_{}[]()#+-.!|~")]


# Spaces that must not break a line: a figure's thousands ('11\u202f000', '4\u00a0000' in Albanian) or a
# unit after its number. str.split() counts them as whitespace, so the figures broke across lines on a phone.
_NO_BREAK = ("\u00a0", "\u2007", "\u202f")
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def one_line(value: object) -> str:
    """`value` on one line: each run of whitespace one space, the non-breaking spaces kept as they are."""
    text = str(value)
    if any(space in text for space in _NO_BREAK):
        return _BREAKING_SPACE.sub(" ", text).strip()
    return " ".join(text.split())  # the common case, and the fastest


def md_text(value: object) -> str:
    """Plain text for a Markdown text context: no markup, links or HTML can come from it."""
    text = one_line(value)
    for char, escaped in _MARKDOWN_ESCAPES:
        if char in text:
            text = text.replace(char, escaped)
    return text


def md_cell(value: object) -> str:
    """Plain text for a Markdown table cell (one line; `|` escaped)."""
    return md_text(value) if value not in (None, "") else ""


def attr(value: object) -> str:
    """Plain text for an HTML attribute or element inside a raw HTML block."""
    return html.escape(one_line(value), quote=True)


# ---------------------------------------------------------------- addresses

# Characters that end or extend a Markdown link target, start a title or an attr_list
# (`{ onclick=... }`), or close an HTML attribute or a table cell; as %XX they mean the same
# address to a web server and nothing to Markdown.
_URL_SPECIAL = {ord(char): f"%{ord(char):02X}" for char in "()<>{}[]\"'\\`|"}
_URL_SPECIAL.update({code: f"%{code:02X}" for code in [*range(0x21), 0x7F]})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_URL = re.compile(r"^(?:https?://[^/\\?#\s]|mailto:)", re.IGNORECASE)


def _is_relative(url: str) -> bool:
    """A path on this site: no scheme, and not `//host` (which names another host)."""
    return not _SCHEME.match(url) and not url.startswith(("//", "\\", "/\\")) and not re.match(r"^[\x00-\x20]", url)


def _checked_url(value: object, relative: bool) -> str:
    url = str(value or "").strip()
    if not url or not (_SAFE_URL.match(url) or (relative and _is_relative(url))):
        return ""
    return url.translate(_URL_SPECIAL)


def md_url(value: object, relative: bool = True) -> str:
    """An address for a Markdown link target: "" unless http(s), mailto or (if allowed) relative.

    The characters that Markdown, attr_list or HTML would read as syntax are percent-encoded,
    so the address cannot close its link, add a title or add attributes; `&` becomes `&amp;`
    because Python-Markdown leaves an entity such as `&colon;` for the browser to decode.
    """
    return _checked_url(value, relative).replace("&", "&amp;")


def html_url(value: object, relative: bool = True) -> str:
    """An address for an HTML attribute in a raw HTML block (same rules as md_url)."""
    return html.escape(_checked_url(value, relative), quote=True)


# Characters a YAML reader rejects or reads as a line break; json.dumps leaves them as they are.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def yaml_string(value: object) -> str:
    """Plain text as one double-quoted YAML scalar (front matter), HTML-escaped for the theme's meta tags."""
    quoted = json.dumps(attr(value), ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def csp_hash(text: str) -> str:
    """The Content-Security-Policy source for an inline element with exactly this text, e.g. sha256-…="""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
