"""Making contributor text safe for the context it lands in.

Contributions arrive as pull requests from people we do not know. Two rules:

* Free Markdown (practice bodies, descriptions, guides) is turned into HTML here
  with the same extensions the site uses, then cleaned with nh3's allow-list,
  so no script, event handler, iframe or `javascript:` link survives. Headings
  stay Markdown so that MkDocs still builds each page's table of contents.
* Plain text fields (titles, summaries, list items) are escaped for where they
  land: Markdown text, a table cell or an HTML attribute. They never become
  markup, links or template code.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3

# Extensions applied to contributor Markdown; the site's mkdocs.yml enables the same.
MARKDOWN_EXTENSIONS = ["tables", "admonition", "def_list", "footnotes", "sane_lists", "pymdownx.superfences"]

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "div": {"class"},
    "p": {"class"},
    "span": {"class"},
    "code": {"class"},
    "pre": {"class"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "li": {"id"},
    "sup": {"id"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")


_LOCAL_MARKDOWN_LINK = re.compile(r"^(?![a-z][a-z0-9+.-]*:|/|#)([^?#]*)\.md(#.*)?$", re.IGNORECASE)


def _local_links_to_html(tag: str, attribute: str, value: str) -> str:
    """MkDocs rewrites `page.md` links only in Markdown; these are HTML already, so do it here."""
    if tag == "a" and attribute == "href":
        match = _LOCAL_MARKDOWN_LINK.match(value)
        if match:
            return f"{match.group(1)}.html{match.group(2) or ''}"
    return value


def clean_html(fragment: str) -> str:
    """Allow-list sanitising of an HTML fragment."""
    return nh3.clean(
        fragment,
        attribute_filter=_local_links_to_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
    )


# One converter, reset between texts: building a Markdown instance costs more than converting.
_CONVERTER = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")


def markdown_to_safe_html(text: str) -> str:
    rendered = _CONVERTER.reset().convert(text)
    return clean_html(rendered)


def safe_markdown(text: str, min_heading: int = 2) -> str:
    """Contributor Markdown as page Markdown: headings kept, everything else safe HTML.

    Headings are demoted to at least `min_heading` so that the page title stays the
    only level-1 heading.
    """
    sections: list[str] = []
    chunk: list[str] = []
    fence = None

    def flush() -> None:
        body = "\n".join(chunk).strip("\n")
        chunk.clear()
        if body.strip():
            cleaned = markdown_to_safe_html(body).strip()
            if cleaned:
                sections.append(f'<div class="contributed" markdown="0">\n{cleaned}\n</div>')

    for line in text.splitlines():
        opening = _FENCE.match(line)
        if opening:
            marker = opening.group(1)
            if fence is None:
                fence = marker[0]
            elif marker[0] == fence:
                fence = None
        heading = _HEADING.match(line) if fence is None else None
        if heading:
            flush()
            level = max(len(heading.group(1)), min_heading)
            sections.append("#" * level + " " + md_text(heading.group(2)))
        else:
            chunk.append(line)
    flush()
    return "\n\n".join(sections) + "\n" if sections else ""


# Characters that Markdown (with the tables and attr_list extensions) treats as syntax.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md_text(value: object) -> str:
    """Plain text for a Markdown text context: no markup, links or HTML can come from it."""
    text = " ".join(str(value).split())
    text = html.escape(text, quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def md_cell(value: object) -> str:
    """Plain text for a Markdown table cell (one line; `|` escaped)."""
    return md_text(value) if value not in (None, "") else ""


def attr(value: object) -> str:
    """Plain text for an HTML attribute or element inside a raw HTML block."""
    return html.escape(" ".join(str(value).split()), quote=True)
