"""Every printed page carries its address and "page n of m" in its bottom margin.

A page margin shows only strings and counters from CSS, never page content, so each page gets one
small <style> element of our own text (its address, which is built from the site's address and an
id, never from a contributor's words), allowed by its hash in the page's Content-Security-Policy
(overrides/main.html reads `style_hashes` from the front matter). Form pages write their own, with
the date beside the address (form.md.j2); they are left as they are.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from .. import i18n
from ..i18n import N_
from ..languages import ORIGINAL
from . import safe

PAGE_OF = N_("page {page} of {pages}")  # at the foot of every printed page and PDF page


def css_string(text: str) -> Markup:
    """Our own text for a double-quoted CSS string in a <style> element: all but plain characters escaped."""
    return Markup("".join(ch if ch.isalnum() or ch in " .,:;()–—·'" else f"\\{ord(ch):x} "
                          for ch in " ".join(text.split())))


def page_counter(language: str = ORIGINAL) -> Markup:
    """CSS content for "page n of m" in a language: its words as CSS strings around the two counters."""
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    parts = []
    for part in re.split(r"(\{pages?\})", i18n.translations(language).gettext(PAGE_OF)):
        if part in counters:
            parts.append(counters[part])
        elif part.strip():  # css_string folds the spaces at either end, which part between counters needs
            space_before, space_after = (" " if part[0].isspace() else ""), (" " if part[-1].isspace() else "")
            parts.append(f'"{space_before}{css_string(part)}{space_after}"')
    return Markup(" ".join(parts))


def margin_style(footer: Markup, language: str = ORIGINAL) -> Markup:
    """CSS for a page's printed margins: the footer text (already a CSS string's content), page n of m."""
    assert isinstance(footer, Markup), "only our own, CSS-escaped text goes into a style element"
    return Markup(f'@page {{ @bottom-left {{ content: "{footer}"; }} '
                  f'@bottom-right {{ content: {page_counter(language)}; }} }}')


def with_print_margins(markdown: str, address: str, language: str = ORIGINAL) -> str:
    """The page with its margin style and the style's hash in its front matter."""
    if "style_hashes:" in markdown[:4000]:
        return markdown  # a page that prints its own margins
    style = margin_style(css_string(address), language)
    front = f"style_hashes: [{safe.yaml_string(safe.csp_hash(style))}]\n"
    if markdown.startswith("---\n"):
        markdown = "---\n" + front + markdown[4:]
    else:
        markdown = "---\n" + front + "---\n\n" + markdown
    return markdown.rstrip("\n") + f"\n\n<style>{style}</style>\n"
